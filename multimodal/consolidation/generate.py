"""Deprecated: the week generator moved to ``multimodal.synthetic`` (``generate_week``).

Kept for one release so that ``from multimodal.consolidation.generate import
example_week`` still works (with a ``DeprecationWarning``).
"""

import warnings

from ..synthetic.week import DESTINATIONS as DESTINATIONS
from ..synthetic.week import EXAMPLE_WEEK as EXAMPLE_WEEK
from ..synthetic.week import example_week as example_week
from ..synthetic.week import generate_week as generate_week
from ..synthetic.week import write_week as write_week

warnings.warn(
    "multimodal.consolidation.generate is deprecated and will be removed in the next "
    "release; import generate_week and example_week from multimodal.synthetic instead",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = ["DESTINATIONS", "EXAMPLE_WEEK", "example_week", "generate_week", "write_week"]
