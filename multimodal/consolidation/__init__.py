"""Block-train consolidation at an assembly centre (CP-SAT).

Which block trains run this week, and which box goes on which?
``consolidate`` answers with a ``ConsolidationPlan``; costs and the fallback
are ``ConsolidationCosts`` and ``FallbackOption``, solver options a
``ConsolidateParams``. The modules, one job each: ``costs`` (parameters),
``_inputs`` (reading and checking the tables), ``params`` (options), ``solve`` (the
entry point), ``_cpsat`` (the model: data, build, hint, run, solve, extract),
``_assemble`` (the plan's tables and fallback reasons) and ``plan`` (the result).
Weeks to try it on come from ``multimodal.synthetic.generate_week``.
"""

from ._assemble import REASONS as REASONS
from ._inputs import DEPARTURE_COLUMNS as DEPARTURE_COLUMNS
from ._inputs import SHIPMENT_COLUMNS as SHIPMENT_COLUMNS
from ._inputs import fill_transit_times as fill_transit_times
from ._inputs import read_departures as read_departures
from ._inputs import read_shipments as read_shipments
from ._inputs import validate_departures as validate_departures
from ._inputs import validate_shipments as validate_shipments
from .costs import ConsolidationCosts as ConsolidationCosts
from .costs import FallbackOption as FallbackOption
from .params import ConsolidateParams as ConsolidateParams
from .plan import ConsolidationPlan as ConsolidationPlan
from .plan import CostBreakdown as CostBreakdown
from .solve import consolidate as consolidate

__all__ = [
    "DEPARTURE_COLUMNS",
    "REASONS",
    "SHIPMENT_COLUMNS",
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
