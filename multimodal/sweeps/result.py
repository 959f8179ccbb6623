"""``Sweep``: the distribution of every KPI per setting and scenario over many draws.

It follows the result protocol (``docs/architecture.md``): ``summary()`` (and ``str``),
``to_frame()`` (the distribution table), ``plot()`` (a fan chart of one KPI),
``solve_info`` (every assignment's status, folded) and ``meta``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._ortools import SolveInfo
from .._results import ResultMixin
from .._validate import did_you_mean
from ..exceptions import ParameterError
from ..plotting.sweeps import plot_fan
from ._worker import BASE

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: The quantiles of every KPI's distribution in ``Sweep.to_frame()``.
QUANTILES = (0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95)

#: KPIs where less is better (costs, times, emissions, demand left unserved).
LOWER_IS_BETTER = frozenset(
    {
        "total_cost_cny", "transport_cost_cny", "unserved_teu", "unserved_penalty_cny",
        "mean_time_h", "p90_time_h", "co2e_kg", "mean_time_to_port_h", "aon_cost_cny",
        "aon_mean_time_h", "unreachable_teu",
    }
)  # fmt: skip
#: KPIs where more is better.
HIGHER_IS_BETTER = frozenset({"demand_share_within_24h", "demand_share_within_48h", "served_teu"})

#: Relative tolerance below which a change against the base is no change.
TOLERANCE = 1e-9

_STATUS_ORDER = ("exact", "optimal", "feasible", "not_solved", "infeasible", "unbounded")

_LABELS = {
    "total_cost_cny": "total cost (CNY/week)",
    "mean_time_h": "mean time (h)",
    "co2e_kg": "CO2e (kg/week)",
    "unserved_teu": "unserved (TEU/week)",
    "aon_cost_cny": "all-or-nothing cost (CNY/week)",
    "aon_mean_time_h": "all-or-nothing mean time (h)",
}


def _q(level: float) -> str:
    return f"q{round(level * 100):02d}"


def beats(kpi: str, delta: pd.Series, base: pd.Series) -> pd.Series:
    """Whether each change beats the base on ``kpi`` (NaN for a KPI without a direction)."""
    if kpi not in LOWER_IS_BETTER and kpi not in HIGHER_IS_BETTER:
        return pd.Series(np.nan, index=delta.index)
    tolerance = TOLERANCE * np.maximum(1.0, base.abs().to_numpy())
    sign = -1.0 if kpi in LOWER_IS_BETTER else 1.0
    return pd.Series(sign * delta.to_numpy() > tolerance, index=delta.index).astype(float)


def distribution(values: pd.DataFrame, quantiles: tuple[float, ...] = QUANTILES) -> pd.DataFrame:
    """The distribution of every KPI per setting and scenario, and P(beats base).

    Count, mean, sd and quantiles of the value and of the change against the base, and
    the probability that the scenario beats the base.

    Parameters
    ----------
    values
        ``Sweep.values``: one row per setting, draw, scenario and KPI.
    quantiles
        The levels to report (0-1).

    Returns
    -------
    pandas.DataFrame
        Index ``(setting, scenario, kpi)``; columns ``n``, ``mean``, ``sd``, ``q05`` ...
        ``q95``, ``delta_mean``, ``delta_q05`` ... ``delta_q95``, ``p_beats_base``
        (share of draws in which the scenario is better than the base of the same draw by
        more than ``TOLERANCE``; NaN for the base and for KPIs without a direction, e.g.
        mode shares).
    """
    keys = ["setting", "scenario", "kpi"]
    base = values[values["scenario"] == BASE].set_index(["setting", "draw", "kpi"])["value"]
    frame = values.copy()
    base_value = base.reindex(pd.MultiIndex.from_frame(frame[["setting", "draw", "kpi"]]))
    frame["base_value"] = base_value.to_numpy()
    frame["beats"] = np.nan
    for kpi, rows in frame.groupby("kpi").groups.items():
        part = frame.loc[rows]
        frame.loc[rows, "beats"] = beats(str(kpi), part["delta"], part["base_value"].fillna(0.0))
    frame.loc[frame["scenario"] == BASE, "beats"] = np.nan
    grouped = frame.groupby(keys, sort=False)
    out = pd.DataFrame(
        {
            "n": grouped["value"].count(),
            "mean": grouped["value"].mean(),
            "sd": grouped["value"].std(ddof=1),
        }
    )
    for level in quantiles:
        out[_q(level)] = grouped["value"].quantile(level)
    out["delta_mean"] = grouped["delta"].mean()
    for level in quantiles:
        out["delta_" + _q(level)] = grouped["delta"].quantile(level)
    out["p_beats_base"] = grouped["beats"].mean()
    return out


@dataclass(frozen=True, eq=False)
class Sweep(ResultMixin):
    """The distribution of every KPI per setting and scenario over many draws.

    Attributes
    ----------
    draws
        One row per setting and draw: ``setting``, ``draw`` (index within the setting;
        draw ``k`` of every setting uses the same random numbers), each factor's drawn
        value (e.g. ``fuel_price``, ``border_dwell_h_MALASZEWICZE``, ``closed_BREST``)
        and ``demand_factor``.
    values
        One row per setting, draw, scenario (``base`` first) and KPI: ``value`` and
        ``delta`` (the scenario minus the base of the same draw).
    runs
        One row per setting, draw and network: the assignment's ``status``, ``solver``,
        ``solve_time_s`` and ``time_limit_reached`` (status ``exact`` for a skim).
    distribution
        Per setting, scenario and KPI: ``n``, ``mean``, ``sd``, quantiles ``q05``..``q95``,
        the same of the delta, and ``p_beats_base`` (see ``distribution``).
    scenarios
        ``base`` and the scenarios' names, in order.
    settings
        The settings' names, in order.
    meta
        Where the sweep came from: the base, the demand, the settings and their
        factors, the options and the seed (``multimodal._results.run_meta``).
    """

    draws: pd.DataFrame
    values: pd.DataFrame = field(repr=False)
    runs: pd.DataFrame = field(repr=False)
    distribution: pd.DataFrame = field(repr=False)
    scenarios: tuple[str, ...]
    settings: tuple[str, ...]
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # -- the result protocol -------------------------------------------------------------
    @property
    def solve_info(self) -> SolveInfo | None:
        """Every assignment's solve folded into one (``runs`` has each).

        The worst status, the summed solver time and whether any hit its time limit;
        None for a skim sweep.
        """
        runs = self.runs
        if runs.empty or set(runs["status"]) == {"exact"}:
            return None
        statuses = [s for s in runs["status"] if s != "exact"]
        worst = max(statuses, key=lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else 9)
        solvers = sorted({str(s) for s in runs["solver"] if s != "skim"})
        return SolveInfo(
            solver="+".join(solvers),
            status=worst,
            solve_time_s=float(np.nansum(runs["solve_time_s"].to_numpy(float))),
            time_limit_reached=bool(runs["time_limit_reached"].any()),
        )

    def summary(self) -> str:
        """Size, statuses and, per scenario, the headline KPI changes and P(beats base)."""
        inputs = self.meta.get("inputs", {}) if self.meta else {}
        options = self.meta.get("options", {}) if self.meta else {}
        n_draws = int(self.draws.groupby("setting").size().max()) if len(self.draws) else 0
        lines = [
            f"Sweep of {len(self.scenarios) - 1} scenarios and the base over {n_draws} draws x "
            f"{len(self.settings)} settings on {inputs.get('network', '?')!r} "
            f"({options.get('run', 'compare')}): {len(self.runs)} runs"
        ]
        counts = self.runs["status"].value_counts()
        lines.append("status: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        dist = self.distribution
        kpis = [k for k in _LABELS if k in set(dist.index.get_level_values("kpi"))][:3]
        for setting in self.settings:
            factors = inputs.get("settings", {}).get(setting, [])
            lines.append(f"setting {setting!r}: " + ("; ".join(factors) or "no change"))
            for kpi in kpis:
                part = dist.xs((setting, kpi), level=("setting", "kpi"))
                part = part.drop(index=BASE, errors="ignore")
                if part.empty:
                    continue
                lines.append(f"  {_LABELS[kpi]}: change vs base, median [P5, P95], P(beats base)")
                for name, row in part.iterrows():
                    p = row["p_beats_base"]
                    shown = "n/a" if math.isnan(p) else f"{p:.0%}"
                    lines.append(
                        f"    {name}: {row['delta_q50'] + 0.0:+,.1f} "
                        f"[{row['delta_q05'] + 0.0:+,.1f}, {row['delta_q95'] + 0.0:+,.1f}], {shown}"
                    )
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The distribution table (a copy), with ``setting``, ``scenario``, ``kpi`` as columns."""
        return self.distribution.reset_index()

    def plot(
        self,
        ax: Axes | None = None,
        *,
        kpi: str = "",
        deltas: bool = True,
        **kw: Any,
    ) -> Axes:
        """A fan chart of one KPI, one row per setting and scenario.

        The P5-P95, P10-P90 and P25-P75 bands and the median.

        Parameters
        ----------
        ax
            Axes to draw on (a new figure when None).
        kpi
            The KPI (default ``total_cost_cny``, or ``aon_cost_cny`` for a skim sweep).
        deltas
            Draw the change against the base (the base itself left out), else the values.
        **kw
            Passed to ``multimodal.plotting.plot_fan`` (``title``).

        Notes
        -----
        On a new figure the labels (``setting / scenario``, which may be long) fit inside
        it: the figure is widened for the longest label and uses matplotlib's tight layout
        engine (at every draw), so a plain ``figure.savefig(path)`` cuts none of them. On
        a given ``ax`` the layout is the caller's.
        """
        table = self.fan_table(kpi, deltas=deltas)
        kpi = str(table.attrs["kpi"])
        what = "change against the base" if deltas else "value"
        kw.setdefault("title", f"{_LABELS.get(kpi, kpi)}: {what} over the draws")
        kw.setdefault("xlabel", f"{kpi} ({what})")
        kw.setdefault("zero_line", deltas)
        if ax is not None:
            return plot_fan(table, ax, **kw)
        from matplotlib.figure import Figure

        drawn = plot_fan(table, None, **kw)
        figure = drawn.get_figure()
        if isinstance(figure, Figure):
            # about 0.07 in per character of the 8 pt tick labels, and 5 in for the bands
            longest = max((len(str(label)) for label in table.index), default=0)
            figure.set_figwidth(max(figure.get_figwidth(), 5.0 + 0.07 * longest))
            # tight, not constrained: a caller's own tight_layout() or subplots_adjust()
            # then works without a warning
            figure.set_layout_engine("tight")
        return drawn

    # -- tables ----------------------------------------------------------------------
    def fan_table(self, kpi: str = "", *, deltas: bool = True) -> pd.DataFrame:
        """The quantiles of one KPI, one row per setting and scenario (the fan chart's data).

        Raises
        ------
        ParameterError
            For a KPI the sweep does not have (naming the closest).
        """
        dist = self.distribution
        kpis = list(dict.fromkeys(dist.index.get_level_values("kpi")))
        if not kpi:
            kpi = next((k for k in ("total_cost_cny", "aon_cost_cny") if k in kpis), kpis[0])
        if kpi not in kpis:
            message = f"the sweep has no KPI {kpi!r}{did_you_mean(kpi, kpis)}"
            raise ParameterError(message)
        part = dist.xs(kpi, level="kpi")
        if deltas:
            part = part.drop(index=BASE, level="scenario", errors="ignore")
        prefix = "delta_" if deltas else ""
        columns = {prefix + _q(level): level for level in QUANTILES}
        table = part[list(columns)].rename(columns=columns)
        if len(self.settings) == 1:
            table.index = table.index.get_level_values("scenario")
        else:
            table.index = [f"{s} / {n}" for s, n in table.index]
        table.attrs["kpi"] = kpi
        return table
