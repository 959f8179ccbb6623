"""Deprecated: the old home of block-train consolidation; import from ``multimodal.consolidation``.

Kept for one release so that ``from multimodal.consolidation.trains import consolidate``
still works (with a ``DeprecationWarning``).
"""

import warnings

from . import REASONS as REASONS
from . import ConsolidateParams as ConsolidateParams
from . import ConsolidationCosts as ConsolidationCosts
from . import ConsolidationPlan as ConsolidationPlan
from . import CostBreakdown as CostBreakdown
from . import FallbackOption as FallbackOption
from . import consolidate as consolidate
from . import fill_transit_times as fill_transit_times
from . import read_departures as read_departures
from . import read_shipments as read_shipments
from . import validate_departures as validate_departures
from . import validate_shipments as validate_shipments

warnings.warn(
    "multimodal.consolidation.trains is deprecated and will be removed in the next release; "
    "import from multimodal.consolidation instead",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = [
    "REASONS",
    "ConsolidateParams",
    "ConsolidationCosts",
    "ConsolidationPlan",
    "CostBreakdown",
    "FallbackOption",
    "consolidate",
    "fill_transit_times",
    "read_departures",
    "read_shipments",
    "validate_departures",
    "validate_shipments",
]
