"""Static user equilibrium (and system optimum) by bi-conjugate Frank-Wolfe.

The algorithm is the bi-conjugate Frank-Wolfe method of Mitradjieva & Lindberg (2013,
"The stiff is moving - conjugate direction Frank-Wolfe methods with applications to
traffic assignment", *Transportation Science* 47(2), 280-293): each iteration loads
all-or-nothing flows ``y`` on the current costs, then moves towards a point ``s`` that
combines ``y`` with the two previous such points so the search directions are
conjugate with respect to the Hessian of the objective (the diagonal of the
volume-delay derivatives). ``method="cfw"`` is their conjugate Frank-Wolfe (one previous
point), ``method="fw"`` the classic Frank-Wolfe method (LeBlanc, Morlok & Pierskalla
1975). The step is the exact minimiser of the objective along the direction (Brent's
method on its derivative).

The user equilibrium minimises Beckmann's objective ``sum_a fixed_a x_a + sum_e
int_0^{v_e} t_e``; the system optimum (``optimum="system"``) minimises the total cost
``sum_a fixed_a x_a + sum_e v_e t_e(v_e)`` by the same method on marginal costs
``t_e + v_e t_e'``.

Relative gap: ``(TSTT - SPTT) / TSTT`` where TSTT is the total cost of the current flows
at the current costs and SPTT the total cost if every commodity took its current
shortest path (for the system optimum the costs are the marginal costs).
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from .._options import check_time_limit
from .._ortools import FEASIBLE, OPTIMAL, SolveInfo
from .._results import run_meta
from .._validate import check_number
from ..exceptions import ParameterError
from ._aon import _ClassGraph, all_or_nothing, build_class_graphs
from .problem import EquilibriumProblem
from .result import EquilibriumResult

__all__ = ["METHODS", "solve_equilibrium"]

logger = logging.getLogger("multimodal")

#: The algorithms of ``solve_equilibrium``; the first is the default (measured fastest,
#: docs/benchmarks/equilibrium.md).
METHODS = ("bfw", "cfw", "fw")
#: Stop reasons (``EquilibriumResult.status``).
GAP_REACHED, ITERATION_LIMIT, TIME_LIMIT = "gap_reached", "iteration_limit", "time_limit"
#: The conjugate weight is kept below 1 so a direction never repeats the previous one.
_MAX_CONJUGATE = 0.99999


@dataclass
class _State:
    """What the iterations carry: per-class flows and the previous target points."""

    x: np.ndarray  # (C, m) class flows
    s1: np.ndarray | None = None  # previous target point
    s2: np.ndarray | None = None  # the one before
    step: float = 1.0  # previous step size
    restart: bool = True  # next direction is a plain Frank-Wolfe one


class _Costs:
    """The element delays of a problem and the arc costs they give, vectorised."""

    def __init__(self, problem: EquilibriumProblem, system: bool) -> None:
        self.p = problem
        self.system = system
        self.g = problem.element_arcs  # None: identity
        self.gt = None if self.g is None else self.g.T.tocsr()
        self.fixed = np.where(np.isfinite(problem.fixed_cost), problem.fixed_cost, 0.0)
        self.t0 = problem.free_flow_time
        self.cap = problem.capacity

    def volume(self, x_total: np.ndarray) -> np.ndarray:
        return x_total if self.g is None else self.g @ x_total

    def to_arcs(self, element_values: np.ndarray) -> np.ndarray:
        return element_values if self.gt is None else self.gt @ element_values

    def time(self, v: np.ndarray) -> np.ndarray:
        """Element times ``t(v)`` (cost unit)."""
        return self.t0 * self.p.delays.evaluate(v / self.cap, 0)

    def slope(self, v: np.ndarray) -> np.ndarray:
        """``t'(v)``."""
        return self.t0 / self.cap * self.p.delays.evaluate(v / self.cap, 1)

    def cost(self, v: np.ndarray) -> np.ndarray:
        """The element cost the algorithm equilibrates: ``t`` or the marginal cost."""
        t = self.time(v)
        return t + v * self.slope(v) if self.system else t

    def cost_slope(self, v: np.ndarray) -> np.ndarray:
        """Derivative of ``cost`` in ``v`` (the Hessian diagonal)."""
        slope = self.slope(v)
        if not self.system:
            return slope
        second = self.t0 / self.cap**2 * self.p.delays.evaluate(v / self.cap, 2)
        return 2.0 * slope + v * second

    def objective(self, x: np.ndarray, v: np.ndarray) -> float:
        """Beckmann's objective (user equilibrium) or the total cost (system optimum)."""
        fixed = float(np.sum(self.fixed * x))
        if self.system:
            return fixed + float(v @ self.time(v))
        return fixed + float(np.sum(self.t0 * self.cap * self.p.delays.evaluate(v / self.cap, -1)))

    def total_cost(self, x: np.ndarray, v: np.ndarray) -> float:
        """Total cost of the flows at their own (not marginal) costs."""
        return float(np.sum(self.fixed * x) + v @ self.time(v))


def solve_equilibrium(
    problem: EquilibriumProblem,
    *,
    gap: float = 1e-4,
    method: str = "bfw",
    optimum: str = "user",
    max_iterations: int = 10_000,
    time_limit_s: float | None = None,
    record_paths: bool = False,
) -> EquilibriumResult:
    """Solve the static user equilibrium (or the system optimum) of ``problem``.

    Parameters
    ----------
    problem
        The arrays of the problem (``EquilibriumProblem``, or ``read_tntp(...).problem``).
    gap
        Stop when the relative gap ``(TSTT - SPTT) / TSTT`` is at most this, > 0.
    method
        ``"bfw"`` (bi-conjugate Frank-Wolfe, default), ``"cfw"`` (conjugate) or ``"fw"``.
    optimum
        ``"user"`` (Wardrop's first principle, default) or ``"system"`` (the flows that
        minimise the total cost: each user pays the marginal cost).
    max_iterations
        Stop after this many iterations (all-or-nothing loadings after the first).
    time_limit_s
        Stop after this many seconds of wall-clock time; None (default) for no limit.
    record_paths
        Keep every commodity's path of every all-or-nothing loading and the weight the
        iterations give it, and return the path flows (``EquilibriumResult.paths``).
        Exact (the flows are a combination of the loadings) but one path per commodity
        and iteration in memory: for the freight network, not for large road networks.

    Returns
    -------
    EquilibriumResult
        Flows, costs, the gap reached and how the iterations went; ``status`` says
        whether it stopped on the gap, the iteration limit or the time limit.

    Raises
    ------
    ParameterError
        An option has a value the solver cannot use.

    Examples
    --------
    Two parallel roads (a fast one that congests, a slow one that does not):

    >>> import numpy as np
    >>> from multimodal import BPR, EquilibriumProblem, solve_equilibrium
    >>> p = EquilibriumProblem(
    ...     n_vertices=2, arc_tail=[0, 0], arc_head=[1, 1], fixed_cost=[0.0, 0.0],
    ...     free_flow_time=[10.0, 20.0], capacity=[100.0, 1e9], delay=BPR(1.0, 1.0),
    ...     demand_origin=[0], demand_destination=[1], demand=[200.0])
    >>> r = solve_equilibrium(p, gap=1e-8)
    >>> np.round(r.flow, 3).tolist()
    [100.0, 100.0]
    """
    target = check_number(gap, "gap", minimum=0, strict=True, maximum=1)
    if target is None:  # pragma: no cover - check_number refuses None here
        message = "gap must be a number"
        raise ParameterError(message)
    if method not in METHODS:
        message = f"unknown method {method!r}; use one of {', '.join(METHODS)}"
        raise ParameterError(message)
    if optimum not in ("user", "system"):
        message = f"optimum must be 'user' or 'system', got {optimum!r}"
        raise ParameterError(message)
    if (
        isinstance(max_iterations, bool)
        or not isinstance(max_iterations, int)
        or max_iterations < 1
    ):
        message = f"max_iterations must be a whole number >= 1, got {max_iterations!r}"
        raise ParameterError(message)
    limit = check_time_limit(time_limit_s)
    started = time.perf_counter()
    costs = _Costs(problem, optimum == "system")
    graphs = build_class_graphs(problem)
    build_s = time.perf_counter() - started

    loadings: list[list[tuple[int, tuple[int, ...]]]] | None = [] if record_paths else None
    state = _State(x=_load(problem, graphs, costs, np.zeros(problem.n_elements), loadings)[0])
    weights = _Weights()
    history: list[tuple[int, float, float, float, float]] = []
    status, iteration, relative_gap = ITERATION_LIMIT, 0, math.inf
    sp_cost = np.zeros(len(problem.demand))
    while True:
        v = costs.volume(state.x.sum(axis=0))
        y, sp_cost, sptt = _load(problem, graphs, costs, v, loadings)
        arc_cost = costs.fixed + costs.to_arcs(costs.cost(v))
        tstt = float(np.sum(arc_cost * state.x))
        relative_gap = (tstt - sptt) / tstt if tstt > 0 else (0.0 if sptt == 0 else math.inf)
        elapsed = time.perf_counter() - started
        history.append((iteration, relative_gap, costs.objective(state.x, v), state.step, elapsed))
        if relative_gap <= target:
            status = GAP_REACHED
            break
        if iteration >= max_iterations:
            status = ITERATION_LIMIT
            break
        if limit is not None and elapsed >= limit:
            status = TIME_LIMIT
            break
        iteration += 1
        s, mix = _target_point(state, y, v, costs, method)
        d = s - state.x
        step = _line_search(state.x, d, v, costs)
        if step <= 0.0 and s is not y:  # the conjugate direction does not descend
            s, d, mix = y, y - state.x, (1.0, 0.0, 0.0)  # this iteration's loading does
            step = _line_search(state.x, d, v, costs)
        weights.step(iteration, mix, step)
        state.x = state.x + step * d
        state.s2, state.s1 = state.s1, s
        state.step = step
        state.restart = step >= 1.0 - 1e-12 or step <= 0.0
        logger.debug("equilibrium iteration %d: gap %.3e step %.3g", iteration, relative_gap, step)

    v = costs.volume(state.x.sum(axis=0))
    solve_s = time.perf_counter() - started - build_s  # the build is reported apart
    objective = costs.objective(state.x, v)
    info = SolveInfo(
        solver=f"multimodal {method}",
        status=OPTIMAL if status == GAP_REACHED else FEASIBLE,
        objective=objective,
        solve_time_s=solve_s,
        time_limit_reached=status == TIME_LIMIT,
        build_time_s=build_s,
        time_limit_s=limit,
    )
    frame = pd.DataFrame(
        history, columns=["iteration", "relative_gap", "objective", "step", "time_s"]
    )
    meta = run_meta(
        "solve_equilibrium",
        inputs={
            "vertices": problem.n_vertices,
            "arcs": problem.n_arcs,
            "elements": problem.n_elements,
            "commodities": len(problem.demand),
            "classes": problem.n_classes,
        },
        options={
            "gap": target,
            "method": method,
            "optimum": optimum,
            "max_iterations": max_iterations,
            "time_limit_s": limit,
        },
    )
    element_time = costs.time(v)
    paths = _path_flows(problem, loadings, weights.x) if loadings is not None else None
    return EquilibriumResult(
        problem=problem,
        class_flow=state.x,
        volume=v,
        element_time=element_time,
        arc_cost=costs.fixed + costs.to_arcs(element_time)[None, :],
        shortest_cost=sp_cost,
        relative_gap=relative_gap,
        objective=objective,
        total_cost=costs.total_cost(state.x, v),
        iterations=iteration,
        status=status,
        optimum=optimum,
        history=frame,
        solve_info=info,
        meta=meta,
        paths=paths,
    )


def _load(
    problem: EquilibriumProblem,
    graphs: list[_ClassGraph],
    costs: _Costs,
    v: np.ndarray,
    loadings: list[list[tuple[int, tuple[int, ...]]]] | None = None,
) -> tuple[np.ndarray, np.ndarray, float]:
    """All-or-nothing flows of every class at volumes ``v``: (C, m) flows, costs, SPTT.

    With ``loadings``, this loading's paths (commodity, arcs) are appended to it.
    """
    congestion = costs.to_arcs(costs.cost(v))
    y = np.zeros((problem.n_classes, problem.n_arcs))
    sp_cost = np.full(len(problem.demand), math.inf)
    paths: list[tuple[int, tuple[int, ...]]] | None = [] if loadings is not None else None
    for c, graph in enumerate(graphs):
        y[c], sp_cost[graph.commodity] = all_or_nothing(
            graph, costs.fixed[c] + congestion, problem.n_arcs, paths
        )
    if loadings is not None and paths is not None:
        loadings.append(paths)
    # SPTT is the exact cost of the shortest-path loading (the search's tie-break
    # is left out).
    sptt = float(np.sum(y * (costs.fixed + congestion[None, :])))
    return y, sp_cost, sptt


def _target_point(
    state: _State, y: np.ndarray, v: np.ndarray, costs: _Costs, method: str
) -> tuple[np.ndarray, tuple[float, float, float]]:
    """The point the iteration moves towards: ``y`` (FW) or its conjugate combination.

    Also returns its coefficients on ``(y, s1, s2)``, for the path flows.
    """
    if method == "fw" or state.restart or state.s1 is None:
        state.restart = False
        return y, (1.0, 0.0, 0.0)
    hess = costs.cost_slope(v)

    def form(a: np.ndarray, b: np.ndarray) -> float:  # a' H b over total element volumes
        return float(np.sum(hess * costs.volume(a.sum(axis=0)) * costs.volume(b.sum(axis=0))))

    x = state.x
    if method == "cfw" or state.s2 is None:
        d_prev = state.s1 - x
        num = form(d_prev, y - x)
        den = form(d_prev, y - state.s1)
        alpha = num / den if den != 0 else 0.0
        alpha = min(max(alpha, 0.0), _MAX_CONJUGATE)
        return alpha * state.s1 + (1.0 - alpha) * y, (1.0 - alpha, alpha, 0.0)
    tau = state.step
    d_bar = tau * state.s1 + (1.0 - tau) * state.s2 - x  # x_{k} - x_{k-1} scaled
    d_fw = y - x
    z = state.s1 - x
    w = state.s2 - state.s1
    den_mu = form(d_bar, w)
    mu = max(0.0, -form(d_bar, d_fw) / den_mu) if den_mu != 0 else 0.0
    den_nu = form(z, z)
    nu = max(0.0, -form(z, d_fw) / den_nu + mu * tau / (1.0 - tau)) if den_nu != 0 else 0.0
    beta0 = 1.0 / (1.0 + mu + nu)
    mix = (beta0, nu * beta0, mu * beta0)
    return mix[0] * y + mix[1] * state.s1 + mix[2] * state.s2, mix


def _line_search(x: np.ndarray, d: np.ndarray, v: np.ndarray, costs: _Costs) -> float:
    """The step in [0, 1] that minimises the objective along ``d`` (convex in the step)."""
    fixed_part = float(np.sum(costs.fixed * d))
    dv = costs.volume(d.sum(axis=0))
    moving = dv != 0
    dv_m, v_m = dv[moving], v[moving]
    t0, cap, delay = (
        costs.t0[moving],
        costs.cap[moving],
        costs.p.delays.take(np.flatnonzero(moving)),
    )

    def derivative(step: float) -> float:
        w = v_m + step * dv_m
        t = t0 * delay.evaluate(w / cap, 0)
        if costs.system:
            t = t + w * t0 / cap * delay.evaluate(w / cap, 1)
        return fixed_part + float(dv_m @ t)

    low = derivative(0.0)
    if low >= 0:
        return 0.0
    high = derivative(1.0)
    if high <= 0:
        return 1.0
    return float(brentq(derivative, 0.0, 1.0, xtol=1e-15, rtol=1e-15, maxiter=200))


class _Weights:
    """The flows and target points as combinations of the all-or-nothing loadings.

    Every update of the algorithm is linear in the loadings with coefficients common to
    all commodities, so ``x = sum_i w_i y_i`` with one weight ``w_i`` per loading: a
    commodity's path of loading ``i`` carries ``w_i`` x its demand.
    """

    def __init__(self) -> None:
        self.x = np.array([1.0])  # the first loading is the starting point
        self.s1: np.ndarray | None = None
        self.s2: np.ndarray | None = None

    def step(self, iteration: int, mix: tuple[float, float, float], step: float) -> None:
        n = iteration + 1  # loadings so far: the start and one per iteration
        target = np.zeros(n)
        target[iteration] = mix[0]
        for coefficient, previous in ((mix[1], self.s1), (mix[2], self.s2)):
            if coefficient and previous is not None:
                target[: len(previous)] += coefficient * previous
        x = np.zeros(n)
        x[: len(self.x)] = self.x
        self.x = (1.0 - step) * x + step * target
        self.s2, self.s1 = self.s1, target


def _path_flows(
    problem: EquilibriumProblem,
    loadings: list[list[tuple[int, tuple[int, ...]]]],
    weights: np.ndarray,
) -> pd.DataFrame:
    """One row per commodity and distinct path: ``commodity``, ``arcs``, ``flow``."""
    flow: dict[tuple[int, tuple[int, ...]], float] = {}
    for weight, loading in zip(weights, loadings):
        if weight <= 0.0:
            continue
        for commodity, arcs in loading:
            key = (commodity, arcs)
            flow[key] = flow.get(key, 0.0) + float(weight * problem.demand[commodity])
    rows = sorted((k, arcs, f) for (k, arcs), f in flow.items())
    return pd.DataFrame(rows, columns=["commodity", "arcs", "flow"])
