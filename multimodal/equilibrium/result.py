"""``EquilibriumResult``: the flows of a congested assignment and how the solve went."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._results import ResultMixin
from ..plotting._style import new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .._ortools import SolveInfo
    from .problem import EquilibriumProblem

__all__ = ["EquilibriumResult"]


@dataclass(frozen=True, eq=False)
class EquilibriumResult(ResultMixin):
    """The flows of a static equilibrium (or system-optimum) assignment.

    Costs and times are in the problem's cost unit (minutes for TNTP instances).

    Attributes
    ----------
    problem
        The problem solved.
    class_flow
        ``(C, m)`` flow of each class on each arc.
    volume
        ``(g,)`` volume of each congestible element (``element_arcs @ flow``).
    element_time
        ``(g,)`` congested time of each element, ``t_e(v_e)``.
    arc_cost
        ``(C, m)`` congested cost of each arc per class (fixed + delays; not marginal).
    shortest_cost
        ``(K,)`` each commodity's shortest-path cost at the last costs used for the
        gap (inf: no path; that demand is unserved).
    relative_gap
        ``(TSTT - SPTT) / TSTT`` at the returned flows.
    objective
        Beckmann's objective (user equilibrium) or the total cost (system optimum).
    total_cost
        Total cost of the flows at their own costs (TSTT: flow x cost summed).
    iterations
        Iterations run (all-or-nothing loadings after the first).
    status
        ``"gap_reached"``, ``"iteration_limit"`` or ``"time_limit"``.
    optimum
        ``"user"`` or ``"system"``.
    history
        One row per iteration: relative gap, objective, step, seconds since the start.
    solve_info
        How the solve ended (``status`` "optimal" only when the gap was reached).
    meta
        Where the result came from (``_results.run_meta``).
    paths
        With ``record_paths=True``: one row per commodity and path, ``commodity``,
        ``arcs`` (arc indices from origin to destination) and ``flow``; else None.
    """

    problem: EquilibriumProblem
    class_flow: np.ndarray
    volume: np.ndarray
    element_time: np.ndarray
    arc_cost: np.ndarray
    shortest_cost: np.ndarray
    relative_gap: float
    objective: float
    total_cost: float
    iterations: int
    status: str
    optimum: str
    history: pd.DataFrame
    solve_info: SolveInfo
    meta: Mapping[str, Any]
    paths: pd.DataFrame | None = None

    @property
    def flow(self) -> np.ndarray:
        """``(m,)`` total flow on each arc (all classes)."""
        return np.asarray(self.class_flow.sum(axis=0))

    @property
    def converged(self) -> bool:
        """Whether the requested relative gap was reached."""
        return self.status == "gap_reached"

    @property
    def unserved(self) -> float:
        """Demand with no path at all (flow unit)."""
        return float(self.problem.demand[~np.isfinite(self.shortest_cost)].sum())

    def volume_capacity_ratio(self) -> np.ndarray:
        """``(m,)`` the highest ``v / c`` among the elements each arc belongs to."""
        ratio = self.volume / self.problem.capacity
        if self.problem.element_arcs is None:
            return np.asarray(ratio)
        weights = self.problem.element_arcs.T.tocsr()
        weights.data = ratio[weights.indices]
        return np.asarray(weights.max(axis=1).toarray()).ravel()

    def summary(self) -> str:
        """A few lines: the kind of optimum, gap, objective and iterations."""
        kind = "user equilibrium" if self.optimum == "user" else "system optimum"
        p = self.problem
        lines = [
            f"{kind} on {p.n_vertices} vertices, {p.n_arcs} arcs, {len(p.demand)} OD pairs",
            f"  status {self.status} after {self.iterations} iterations "
            f"({self.solve_info.solve_time_s:.2f} s, {self.meta['options']['method']})",
            f"  relative gap {self.relative_gap:.3e}; objective {self.objective:,.6g}; "
            f"total cost {self.total_cost:,.6g}",
        ]
        if self.unserved > 0:
            lines.append(f"  unserved (no path): {self.unserved:,.6g}")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """One row per arc: tail, head, flow, congested cost, free-flow cost, v/c."""
        p = self.problem
        with np.errstate(invalid="ignore"):
            free = p.fixed_cost[0] + (
                p.free_flow_time if p.element_arcs is None else p.element_arcs.T @ p.free_flow_time
            )
        frame = pd.DataFrame(
            {
                "tail": p.vertex_name(p.arc_tail),
                "head": p.vertex_name(p.arc_head),
                "flow": self.flow,
                "cost": self.arc_cost[0],
                "free_flow_cost": free,
                "volume_capacity_ratio": self.volume_capacity_ratio(),
            }
        )
        frame.index.name = "arc"
        return frame

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Convergence chart: relative gap (log scale) against iteration."""
        ax = new_axes(ax, figsize=kwargs.pop("figsize", (7, 4)))
        ax.semilogy(
            self.history["iteration"], self.history["relative_gap"].clip(lower=1e-16), **kwargs
        )
        ax.set_xlabel("iteration")
        ax.set_ylabel("relative gap (TSTT - SPTT) / TSTT")
        ax.set_title(f"{self.meta['options']['method']}: {self.status}")
        return ax
