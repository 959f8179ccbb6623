"""``calibrate``: fit the choice model's constants so the base reproduces what is observed.

Each observed figure (``data/observed/observations.csv``: trains, TEU or tonnes a year on
a set of services, or a share) names the flows it is about with a selector (docs/demand.md,
section 3.1). Every selector fitted gets one alternative-specific constant
(``select:<selector>`` in ``ChoiceModel.constants``) on the paths that ride a service it
matches, and the constants are updated by the classic rule for aggregate shares,
``c <- c + ln(observed / modelled)`` (Train 2009, section 2.8), until every fitted figure
is within the tolerance or no longer moves (a full line, or no path: the report says
which). Observations on the same selector are fitted together (the geometric mean of
their ratios).

The split is re-solved on the base's choice set at each step (the capacitated logit's
dual only), so a calibration of the built-in network takes about a second
(docs/benchmarks/choice.md).
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._ortools import FEASIBLE, OPTIMAL, SolveInfo
from ._results import ResultMixin, run_meta
from ._validate import check_number
from .assignment import ChoiceModel
from .assignment._flow_model import build_flow_model
from .assignment.logit import LogitSolution, SelectorIndex, resplit, solve_logit
from .assignment.selectors import Selector
from .demand import validate_demand
from .exceptions import DataValidationError, ParameterError, Problem
from .plotting import plot_calibration

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .network import Network

__all__ = ["Calibration", "calibrate", "load_observations"]

logger = logging.getLogger("multimodal")

_REQUIRED = ("id", "selector", "model_value", "model_unit")
_UNITS = ("TEU/week", "t/week", "share of TEU/week")
#: Constants are kept within +-BOUND (utility units): beyond, a figure is out of reach.
BOUND = 30.0


def load_observations(path: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check observed figures (default: the built-in ``observed/observations.csv``).

    Parameters
    ----------
    path
        A CSV (or a DataFrame) with at least ``id``, ``selector``, ``model_value`` and
        ``model_unit`` (``TEU/week``, ``t/week`` or ``share of TEU/week``; shares need
        ``denominator``); optional ``fit`` (yes/no, default yes), ``value``, ``unit``,
        ``year``, ``source_id``, ``url``, ``note``.

    Returns
    -------
    pandas.DataFrame
        One row per observation, ``fit`` and ``denominator`` filled in.

    Raises
    ------
    DataValidationError
        Missing file or columns, a unit not listed, a selector that does not parse, a
        share without denominator (naming file, row and column).
    """
    from .io import data_dir

    if isinstance(path, pd.DataFrame):
        table, path = path.copy(), Path("observations")
    else:
        path = Path(path) if path is not None else data_dir() / "observed" / "observations.csv"
        if not path.is_file():
            raise DataValidationError(Problem("file not found", str(path)))
        table = pd.read_csv(path, dtype={"fit": str, "denominator": str})
    problems = [Problem("required column is missing", str(path), None, c) for c in _REQUIRED]
    problems = [p for p in problems if p.column not in table]
    if problems:
        raise DataValidationError(problems)
    table["fit"] = table.get("fit", pd.Series("yes", index=table.index)).fillna("yes")
    table["denominator"] = table.get("denominator", pd.Series("", index=table.index)).fillna("")
    for row, record in enumerate(table.itertuples()):
        where = (str(path), row + 2)  # file line: header is line 1
        if record.model_unit not in _UNITS:
            message = f"model_unit {record.model_unit!r} unknown; use one of {', '.join(_UNITS)}"
            problems.append(Problem(message, where[0], where[1], "model_unit"))
        for column in ("selector", "denominator"):
            text = getattr(record, column)
            if column == "denominator" and not text:
                if record.model_unit.startswith("share"):
                    problems.append(Problem("a share needs a denominator selector", *where, column))
                continue
            try:
                _ = Selector(text).terms
            except ParameterError as error:
                problems.append(Problem(str(error), where[0], where[1], column))
        value = pd.to_numeric(pd.Series([record.model_value]), errors="coerce").iat[0]
        if not (np.isfinite(value) and value > 0):
            problems.append(Problem("model_value must be a number > 0", *where, "model_value"))
    if problems:
        raise DataValidationError(problems)
    return table.assign(model_value=table["model_value"].astype(float))


@dataclass(frozen=True, eq=False)
class Calibration(ResultMixin):
    """A calibrated choice model and how well it reproduces each observation.

    Attributes
    ----------
    model
        The calibrated ``ChoiceModel`` (save it with ``model.save(path)``).
    report
        One row per observation: ``id``, ``fit``, ``observed``, ``unit``, ``before``
        (modelled with the starting constants), ``modelled``, ``error`` (modelled /
        observed - 1), ``leave_one_out`` (modelled when this observation's selector is
        not fitted: a prediction, NaN if not run), ``status`` (``fitted``, ``reported``
        or why it could not be fitted: no path carries it; out of reach, with the most
        (or least) any constant gives and why; figures on one selector that disagree),
        ``source_id``.
    solve_info
        Iterations, time and status (``optimal``: every fitted figure within the
        tolerance).
    meta
        Inputs and options.
    """

    model: ChoiceModel
    report: pd.DataFrame
    solve_info: SolveInfo
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_frame(self) -> pd.DataFrame:
        """The report table."""
        return self.report.copy()

    def summary(self) -> str:
        """The fit of each observation, as text."""
        lines = [f"calibration ({self.solve_info})"]
        for r in self.report.itertuples():
            loo = "" if not np.isfinite(r.leave_one_out) else f", left out {r.leave_one_out:,.1f}"
            lines.append(
                f"  {r.id}: observed {r.observed:,.4g} {r.unit}, modelled {r.modelled:,.4g} "
                f"({r.error:+.1%}; before {r.before:,.4g}{loo}) [{r.status}]"
            )
        return "\n".join(lines)

    def plot(self, ax: Axes | None = None, **kw: Any) -> Axes:
        """Observed against modelled (before and after), one bar group per observation."""
        return plot_calibration(self.report, ax, **kw)


class _Fitter:
    """The base's choice set, and the split re-solved for given constants."""

    def __init__(self, network: Network, model: Any, solution: LogitSolution) -> None:
        self.network = network
        self.model = model
        self.solution = solution
        rows = solution.rows
        self.weight = rows["reference_cost_cny_per_teu"].to_numpy(float)
        self.demand = model.problem.commodity_demand  # as given (rationed by full lines)
        self.unserved = rows["unserved_cost_cny_per_teu"].to_numpy(float)
        self.lam = np.zeros(solution.choice_set.capacity.size)
        self.selectors = SelectorIndex(network, model.demand)
        demand = model.demand
        self.t_per_teu = (demand["weight_t_per_week"] / demand["teu_per_week"]).to_numpy(float)

    def flows(self, choice: ChoiceModel) -> np.ndarray:
        s = self.solution.choice_set
        flow, self.lam = resplit(
            s, self.weight / choice.scale, self.selectors.constants(choice, s), self.demand,
            self.unserved,
            self.lam, elasticity=choice.elasticity, norm=self.weight,
        )  # fmt: skip
        return flow

    def measure(self, selector: str, unit: str) -> np.ndarray:
        """``(P,)`` what a TEU on each path adds to the figure (TEU or tonnes)."""
        rides = self.selectors.rides(selector, self.solution.choice_set)
        if unit == "t/week":
            return rides * self.t_per_teu[self.solution.choice_set.commodity]
        return rides


def _modelled(measures: list[tuple[np.ndarray, np.ndarray | None]], flow: np.ndarray) -> np.ndarray:
    out = []
    for numerator, denominator in measures:
        value = float(numerator @ flow)
        if denominator is not None:
            whole = float(denominator @ flow)
            value = value / whole if whole > 0 else math.nan
        out.append(value)
    return np.array(out)


def calibrate(
    network: Network,
    demand: pd.DataFrame,
    observed: pd.DataFrame | str | Path | None = None,
    *,
    model: ChoiceModel | None = None,
    tolerance: float = 0.05,
    max_iterations: int = 100,
    leave_one_out: bool = True,
    time_limit_s: float | None = None,
) -> Calibration:
    """Fit a choice model's constants to observed counts and shares.

    Parameters
    ----------
    network, demand
        The base (the built-in network and demand reproduce the built-in observations).
    observed
        Observations (``load_observations``' table or a path); None: the built-in ones.
        Rows with ``fit`` = no are reported, not fitted.
    model
        The starting model (default ``ChoiceModel()``): its scale, path size and
        generalized cost are kept, and the fitted constants are added to its own.
    tolerance
        Stop when every fitted figure is within this relative error (default 5 %).
    max_iterations
        At most this many updates of the constants.
    leave_one_out
        Also refit without each fitted selector and predict its figures (one more fit
        per selector).
    time_limit_s
        Stop after this many seconds (status ``feasible``, the report as it stands).

    Returns
    -------
    Calibration
        The model and the report (observed, modelled, error, leave-one-out).

    Raises
    ------
    ParameterError
        A bad option value.
    DataValidationError
        A malformed demand or observations table.

    Examples
    --------
    >>> import multimodal as mm
    >>> net = mm.load_network()
    >>> result = mm.calibrate(net, mm.load_demand(network=net), leave_one_out=False)
    >>> list(result.report.columns[:4])
    ['id', 'fit', 'observed', 'unit']
    """
    start = time.perf_counter()
    check_number(tolerance, "tolerance", unit="", minimum=0, strict=True)
    if not isinstance(max_iterations, int) or max_iterations < 1:
        message = f"max_iterations must be an int >= 1, got {max_iterations!r}"
        raise ParameterError(message)
    table = load_observations(observed)
    start_model = model if model is not None else ChoiceModel()
    if not isinstance(start_model, ChoiceModel):
        message = f"model must be a ChoiceModel, got {start_model!r:.60}"
        raise ParameterError(message)
    validated = validate_demand(demand, network)
    flow_model = build_flow_model(
        network,
        validated,
        objective="generalized",
        generalized=start_model.generalized,
        tie_break=False,
    )
    solution = solve_logit(flow_model, start_model, network)
    fitter = _Fitter(network, flow_model, solution)
    measures = [
        (
            fitter.measure(r.selector, r.model_unit),
            fitter.measure(r.denominator, r.model_unit) if r.denominator else None,
        )
        for r in table.itertuples()
    ]
    target = table["model_value"].to_numpy(float)
    fit = table["fit"].astype(str).str.lower().isin(["yes", "true", "1"]).to_numpy()
    before = _modelled(measures, fitter.flows(start_model))
    groups = sorted({s for s, f in zip(table["selector"], fit) if f})
    deadline = None if time_limit_s is None else start + float(time_limit_s)
    fitted, iterations, converged, deaf = _fit(
        fitter, start_model, table, measures, target, fit, groups, tolerance, max_iterations,
        deadline,
    )  # fmt: skip
    loo = np.full(len(table), np.nan)
    if leave_one_out:
        for group in groups:
            others = [g for g in groups if g != group]
            reduced = _without(fitted, group)
            refit, _, _, _ = _fit(
                fitter, reduced, table, measures, target, fit, others, tolerance,
                max_iterations, deadline,
            )  # fmt: skip
            mask = (table["selector"] == group).to_numpy() & fit
            loo[mask] = _modelled(measures, fitter.flows(refit))[mask]
    # last, so the fitter holds the fitted model's prices for the report's reasons
    modelled = _modelled(measures, fitter.flows(fitted))
    report = _report(
        table, fit, before, modelled, loo, target, measures, fitter, tolerance, fitted, deaf
    )
    all_fitted = bool((report.loc[fit, "status"] == "fitted").all())
    elapsed = time.perf_counter() - start
    stopped = deadline is not None and time.perf_counter() > deadline
    info = SolveInfo(
        solver=f"constants by ln(observed/modelled), {iterations} iterations",
        status=OPTIMAL if converged and all_fitted else FEASIBLE,
        objective=float(np.nanmax(np.abs(report.loc[fit, "error"]), initial=0.0)),
        solve_time_s=elapsed,
        time_limit_reached=stopped,
        time_limit_s=time_limit_s,
    )
    note = (
        f"calibrated to {int(fit.sum())} observations on {len(groups)} selectors; largest "
        f"error {info.objective:.1%}"
    )
    meta = run_meta(
        "calibrate",
        inputs={"network": network.name, "demand_rows": len(validated), "observations": len(table)},
        options={"tolerance": tolerance, "max_iterations": max_iterations},
        seed=None,
    )
    return Calibration(replace(fitted, note=note), report, info, meta)


def _without(model: ChoiceModel, selector: str) -> ChoiceModel:
    constants = {k: v for k, v in model.constants.items() if k != f"select:{selector}"}
    return model.with_constants(constants)


def _fit(  # noqa: PLR0913
    fitter: _Fitter,
    model: ChoiceModel,
    table: pd.DataFrame,
    measures: list[tuple[np.ndarray, np.ndarray | None]],
    target: np.ndarray,
    fit: np.ndarray,
    groups: list[str],
    tolerance: float,
    max_iterations: int,
    deadline: float | None,
) -> tuple[ChoiceModel, int, bool, set[str]]:
    """Update one constant per selector until the fitted figures match or stop moving.

    A selector stops being updated when its figures are within the tolerance, when its
    update has shrunk below 1e-4 with several figures on it (they disagree: this is the
    best compromise), or when its figures no longer respond to its constant (three
    updates in a row moved them by less than 1 % of the change in the constant: full
    services, too little demand, or the constant at its bound); the others go on.
    """
    constants = dict(model.constants)
    members = {g: np.flatnonzero((table["selector"] == g).to_numpy() & fit) for g in groups}
    done: set[str] = set()
    deaf = dict.fromkeys(groups, 0)
    last: dict[str, tuple[float, float]] = {}  # group -> (constant, mean log ratio)
    history: dict[str, list[float]] = {}
    converged = False
    iteration = 0
    for iteration in range(1, max_iterations + 1):  # noqa: B007 - returned
        current = model.with_constants(constants)
        modelled = _modelled(measures, fitter.flows(current))
        errors = []
        for group, rows in members.items():
            carried = modelled[rows]
            ratio = target[rows][carried > 0] / carried[carried > 0]
            ratio = ratio[np.isfinite(ratio) & (ratio > 0)]
            if ratio.size == 0:
                done.add(group)  # no path carries it: reported as such
                continue
            error = float(np.max(np.abs(ratio - 1.0)))
            errors.append(error)
            gap = float(np.mean(np.log(ratio)))  # ln(observed / modelled)
            key = f"select:{group}"
            value = constants.get(key, 0.0)
            # Train's update moves the constant by the gap, which is exact when the paths
            # the constant touches hold a small share of their rows; where they hold most
            # of it (captive rows) the figure answers only (1 - share) of a move, so the
            # step is the gap over the measured response (a secant step), at most 3 gaps
            step = gap
            history.setdefault(group, []).append(error)
            if group in last and value != last[group][0]:
                moved, answered = value - last[group][0], last[group][1] - gap
                response = answered / moved
                # deaf: no answer to its own constant, and no progress over three updates
                # (other selectors' moves also shift a figure; they must not freeze it)
                stuck = len(history[group]) > 3 and error > 0.95 * history[group][-4]
                deaf[group] = deaf[group] + 1 if abs(response) < 0.01 and stuck else 0
                if 0.01 <= response < 1.0:
                    step = gap / max(response, 1.0 / 3.0)
            last[group] = (value, gap)
            compromise = len(rows) > 1 and abs(gap) < min(1e-4, tolerance / 10)
            # aim at half the tolerance: a figure left at 4.9 % moves past 5 % when
            # a neighbouring selector's constant moves
            if error <= tolerance / 2 or compromise or deaf[group] >= 3:
                done.add(group)
            else:
                done.discard(group)
                constants[key] = float(np.clip(value + step, -BOUND, BOUND))
                if abs(constants[key]) >= BOUND:
                    done.add(group)
        converged = max(errors, default=0.0) <= tolerance
        late = deadline is not None and time.perf_counter() > deadline
        if converged or done >= set(groups) or late:
            break
    deafened = {g for g in groups if deaf[g] >= 3}
    return model.with_constants(constants), iteration, converged, deafened


def _reach(
    fitter: _Fitter,
    fitted: ChoiceModel,
    selector: str,
    measures: list[tuple[np.ndarray, np.ndarray | None]],
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Every figure with this selector's constant at -BOUND and at +BOUND.

    That is what any constant can reach; also whether full services then price the
    selector's paths.
    """
    key = f"select:{selector}"
    out = []
    full = False
    for bound in (-BOUND, BOUND):
        model = fitted.with_constants({**fitted.constants, key: bound})
        out.append(_modelled(measures, fitter.flows(model)))
        if bound > 0:
            rides = fitter.measure(selector, "TEU/week")
            priced = fitter.lam > 0
            use = fitter.solution.choice_set.incidence
            full = bool(np.any(priced)) and bool(np.any(use[priced] @ rides))
    fitter.flows(fitted)  # back to the fitted prices
    return out[0], out[1], full


def _report(  # noqa: PLR0913
    table: pd.DataFrame,
    fit: np.ndarray,
    before: np.ndarray,
    modelled: np.ndarray,
    loo: np.ndarray,
    target: np.ndarray,
    measures: list[tuple[np.ndarray, np.ndarray | None]],
    fitter: _Fitter,
    tolerance: float,
    fitted: ChoiceModel,
    deaf: set[str],
) -> pd.DataFrame:
    with np.errstate(divide="ignore", invalid="ignore"):
        error = modelled / target - 1.0
    status = []
    reach: dict[str, tuple[np.ndarray, np.ndarray, bool]] = {}
    for i, (numerator, _den) in enumerate(measures):
        selector = str(table["selector"].iat[i])
        if not fit[i]:
            status.append("reported")
        elif not np.any(numerator > 0):
            status.append("no path carries it")
        elif abs(error[i]) <= tolerance:
            status.append("fitted")
        else:
            if selector not in reach:
                reach[selector] = _reach(fitter, fitted, selector, measures)
            low, high, full = reach[selector]
            if target[i] > high[i]:
                why = "full services" if full else "the demand that can use them is smaller"
                status.append(f"out of reach: at most {high[i]:,.4g} ({why})")
            elif target[i] < low[i]:
                status.append(f"out of reach: at least {low[i]:,.4g} (no other way)")
            elif selector in deaf:
                status.append(
                    "does not answer its constant (captive rows: set by the demand and the "
                    "full lines they ride)"
                )
            elif int(np.count_nonzero((table["selector"] == selector).to_numpy() & fit)) > 1:
                status.append("not within tolerance (figures on this selector disagree)")
            else:
                status.append("not within tolerance (overlapping selectors pull against it)")
    return pd.DataFrame(
        {
            "id": table["id"].to_numpy(),
            "fit": fit,
            "observed": target,
            "unit": table["model_unit"].to_numpy(),
            "before": before,
            "modelled": modelled,
            "error": error,
            "leave_one_out": loo,
            "status": status,
            "source_id": table.get("source_id", pd.Series("", index=table.index)).to_numpy(),
            "note": table.get("note", pd.Series("", index=table.index)).fillna("").to_numpy(),
        }
    )
