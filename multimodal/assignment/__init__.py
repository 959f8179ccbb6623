"""Assigning a freight demand to the capacitated network (min-cost multi-commodity flow).

``assign(network, demand)`` (in ``assign.py``) is the entry point; the engines below
work on plain arrays and can be used on their own.
"""

from .arc_model import solve_arc_based as solve_arc_based
from .path_model import solve_path_based as solve_path_based
from .problem import FlowProblem as FlowProblem
from .problem import FlowSolution as FlowSolution
from .problem import random_flow_problem as random_flow_problem

__all__ = [
    "FlowProblem",
    "FlowSolution",
    "random_flow_problem",
    "solve_arc_based",
    "solve_path_based",
]
