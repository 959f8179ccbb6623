"""Comparing scenarios: one demand assigned on a base network and on each scenario.

``compare(base, scenarios, demand)`` returns a ``Comparison`` (the KPI table, the
deltas against the base, maps of the flow changes, an HTML report). One job per module:

``run``
    ``compare``: apply each scenario, evaluate every network (in parallel if asked).
``evaluation``
    ``Evaluation`` and ``evaluate``: one network's assignment, accessibility and KPIs;
    the picklable job an executor runs.
``accessibility``
    Time and cost from each city to its nearest open port.
``kpis``
    One network's row of the KPI table; the headline columns.
``result``
    ``Comparison``, the result (summary, tables, maps).
``report``
    The HTML report.
"""

from .accessibility import PORT_MODES as PORT_MODES
from .accessibility import accessibility as accessibility
from .evaluation import BASE as BASE
from .evaluation import Evaluation as Evaluation
from .evaluation import evaluate as evaluate
from .kpis import HEADLINE as HEADLINE
from .kpis import NEAR_PORT_HOURS as NEAR_PORT_HOURS
from .result import Comparison as Comparison
from .run import compare as compare

__all__ = [
    "BASE",
    "HEADLINE",
    "NEAR_PORT_HOURS",
    "PORT_MODES",
    "Comparison",
    "Evaluation",
    "accessibility",
    "compare",
    "evaluate",
]
