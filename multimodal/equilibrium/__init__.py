"""Congested assignment: volume-delay functions and the static (user or system) equilibrium.

- ``delay``: ``BPR``, ``Conical``, ``QueueDelay`` volume-delay functions;
- ``problem``: ``EquilibriumProblem``, the arrays the solver takes;
- ``solve``: ``solve_equilibrium`` (bi-conjugate Frank-Wolfe);
- ``result``: ``EquilibriumResult``;
- ``freight``: ``congested_assignment`` on a ``multimodal.Network`` and a demand.

See docs/congestion.md.
"""

from .delay import BPR, Conical, DelayFunction, QueueDelay
from .freight import CongestedAssignment, congested_assignment
from .problem import EquilibriumProblem
from .result import EquilibriumResult
from .solve import METHODS, solve_equilibrium

__all__ = [
    "BPR",
    "METHODS",
    "CongestedAssignment",
    "Conical",
    "DelayFunction",
    "EquilibriumProblem",
    "EquilibriumResult",
    "QueueDelay",
    "congested_assignment",
    "solve_equilibrium",
]
