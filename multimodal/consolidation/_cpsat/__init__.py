"""The CP-SAT model of block-train consolidation, in the order it runs.

``data`` (the instance as arrays, groups, components, integer costs) -> ``build``
(the aggregated and naive models; ``hint`` gives the greedy plan) -> ``run`` (one
CP-SAT call) -> ``solve`` (time budgets, passes, the canonical re-solve) ->
``extract`` (counts back to boxes). Positions, never ids: ``consolidation.solve``
translates at the boundary.
"""

from .build import achievable_load as achievable_load
from .build import build_aggregated_model as build_aggregated_model
from .build import build_naive_model as build_naive_model
from .data import SCALINGS as SCALINGS
from .data import Groups as Groups
from .data import IntegerCosts as IntegerCosts
from .data import Prepared as Prepared
from .data import group_shipments as group_shipments
from .data import integer_costs as integer_costs
from .extract import ComponentResult as ComponentResult
from .extract import disaggregate as disaggregate
from .solve import solve_aggregated as solve_aggregated
from .solve import solve_naive as solve_naive

__all__ = [
    "SCALINGS",
    "ComponentResult",
    "Groups",
    "IntegerCosts",
    "Prepared",
    "achievable_load",
    "build_aggregated_model",
    "build_naive_model",
    "disaggregate",
    "group_shipments",
    "integer_costs",
    "solve_aggregated",
    "solve_naive",
]
