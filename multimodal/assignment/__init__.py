"""Assigning a freight demand to the capacitated network (min-cost multi-commodity flow).

``assign(network, demand)`` is the entry point and returns an ``Assignment``. The
modules, one job each:

- ``solve``: ``assign`` and its ``AssignParams``;
- ``_flow_model``: the network and demand as a ``FlowProblem``;
- ``result``: ``Assignment``, read back from the engines' ``FlowSolution``;
- ``problem``: ``FlowProblem`` and ``FlowSolution``, the arrays the engines share;
- ``path_model``, ``arc_model``: the two engines (column generation, node-arc LP/MIP),
  usable on their own; ``_lp``: the MathOpt call they share.

Random flow problems for tests and benchmarks are made by
``multimodal.synthetic.random_flow_problem``.
"""

from __future__ import annotations

import sys
import types
import warnings

from . import _flow_model, result, solve
from ._flow_model import (
    DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU as DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU,
)
from .arc_model import solve_arc_based as solve_arc_based
from .choice_model import ChoiceModel as ChoiceModel
from .choice_model import load_choice_model as load_choice_model
from .path_model import solve_path_based as solve_path_based
from .problem import FlowProblem as FlowProblem
from .problem import FlowSolution as FlowSolution
from .result import Assignment as Assignment
from .solve import AssignParams as AssignParams
from .solve import assign as assign

__all__ = [
    "DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU",
    "AssignParams",
    "Assignment",
    "ChoiceModel",
    "FlowProblem",
    "FlowSolution",
    "assign",
    "load_choice_model",
    "solve_arc_based",
    "solve_path_based",
]


class _MovedModule(types.ModuleType):
    """The old module ``multimodal.assignment.assign``: its names, with a warning.

    The module became ``solve`` (``assign``), ``result`` (``Assignment``) and
    ``_flow_model``, so that ``multimodal.assignment.assign`` is the function. Imports
    from the old module keep working for one release.
    """

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        for module in (solve, result, _flow_model):
            if hasattr(module, name):
                warnings.warn(
                    f"multimodal.assignment.assign is deprecated and will be removed in the "
                    f"next release; import {name} from multimodal.assignment",
                    DeprecationWarning,
                    stacklevel=2,
                )
                return getattr(module, name)
        message = f"module 'multimodal.assignment.assign' has no attribute {name!r}"
        raise AttributeError(message)


# Registered without becoming an attribute of the package: ``assign`` stays the function.
sys.modules.setdefault(f"{__name__}.assign", _MovedModule(f"{__name__}.assign"))
