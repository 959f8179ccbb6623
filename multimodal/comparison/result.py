"""``Comparison``: the KPIs of a base network and scenarios for one demand.

It follows the result protocol (``docs/architecture.md``): ``summary()`` (and
``str``), ``to_frame()`` (the KPI table), ``to_geodataframe()`` (the flow changes of
one scenario), ``plot()`` and ``explore()`` (maps of those changes), ``solve_info``
(the base's assignment) and ``meta`` (where it came from).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd

from .._ortools import SolveInfo
from .._results import ResultMixin
from ..exceptions import ParameterError
from ..plotting import explore_flow_changes, inline_png, plot_flow_changes
from ..scenarios import Scenario
from .evaluation import BASE, Evaluation
from .kpis import HEADLINE
from .report import write_report

if TYPE_CHECKING:
    import folium
    from matplotlib.axes import Axes

#: The KPIs ``summary()`` shows, with their labels.
_SUMMARY_KPIS = {
    "total_cost_cny": "total cost (CNY/week)",
    "mean_time_h": "mean time (h)",
    "co2e_kg": "CO2e (kg/week)",
    "unserved_teu": "unserved (TEU/week)",
    "mean_time_to_port_h": "time to port (h)",
}


@dataclass(frozen=True, eq=False)
class Comparison(ResultMixin):
    """KPIs of a base network and scenarios for one demand.

    Attributes
    ----------
    kpis
        One row per scenario (the base first): total logistics cost (transport plus
        unserved penalty, CNY per week), transport cost, unserved TEU, TEU-weighted mean
        and 90th-percentile door-to-door time (h), CO2e (kg per week), tonne-km, mode
        split (share of tonne-km), corridor split (share of TEU-km), mean time from a city
        to its nearest open port, share of demand within 24 / 48 h of one, throughput
        (TEU per week) and utilisation of every hub that handles flow.
    deltas
        The same columns minus the base's (numbers only).
    evaluations
        Each scenario's ``Evaluation`` (assignment and accessibility), by name.
    scenarios
        The scenarios compared.
    meta
        Where the comparison came from: the base network, the demand, the scenarios,
        the options and the seed (``multimodal._results.run_meta``).
    targets
        Every network against every target (``multimodal.evaluate_targets``): one row
        per scenario and target with ``value``, ``target_value``, ``gap`` and ``met``.
    """

    kpis: pd.DataFrame
    deltas: pd.DataFrame
    evaluations: dict[str, Evaluation] = field(repr=False)
    scenarios: tuple[Scenario, ...] = field(repr=False)
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    targets: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    HEADLINE = HEADLINE

    # -- the result protocol -------------------------------------------------------------
    @property
    def solve_info(self) -> SolveInfo | None:
        """The solve of the base network's assignment (each scenario's is in ``evaluations``)."""
        base = self.evaluations.get(BASE)
        return base.assignment.solve_info if base is not None else None

    def summary(self) -> str:
        """The base's headline KPIs and each scenario's changes, as text."""
        inputs = self.meta.get("inputs", {}) if self.meta else {}
        network = inputs.get("network", "the base network")
        lines = [f"Comparison of {len(self.scenarios)} scenarios with {network!r}"]
        if "demand_rows" in inputs:
            lines[0] += f" for one demand ({inputs['demand_rows']} rows)"
        columns = [c for c in _SUMMARY_KPIS if c in self.kpis.columns]
        if BASE in self.kpis.index:
            base = self.kpis.loc[BASE]
            shown = ", ".join(f"{_SUMMARY_KPIS[c]} {base[c]:,.1f}" for c in columns)
            lines.append(f"base ({base.get('status', '?')}): {shown}")
        changed = self.deltas.drop(index=BASE, errors="ignore")
        if not changed.empty and columns:
            # rounded, and + 0.0 so that a change of -0.0 reads +0.0
            table = changed[columns].round(1).rename(columns=_SUMMARY_KPIS) + 0.0
            lines.append("changes against the base:")
            lines.append(table.to_string(float_format=lambda x: f"{x:+,.1f}"))
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The KPI table: one row per network (the base first), every KPI (a copy)."""
        return self.kpis.copy()

    def to_geodataframe(self, name: str | None = None) -> gpd.GeoDataFrame:
        """The flow changes of scenario ``name`` (default: the first); see ``flow_changes``."""
        return self.flow_changes(self._scenario_name(name))

    def plot(self, ax: Axes | None = None, *, name: str | None = None, **kw: Any) -> Axes:
        """Flows gained (green) and lost (red) in scenario ``name`` (default: the first).

        Parameters
        ----------
        ax
            Axes to draw on (a new figure when None).
        name
            The scenario.
        **kw
            Passed to ``multimodal.plotting.plot_flow_changes`` (``title``, ``max_width``).
        """
        ax, name = _legacy_name(ax, name, "plot")
        name = self._scenario_name(name)
        kw.setdefault("title", f"{name}: flows gained (green) and lost (red) vs base")
        return plot_flow_changes(self.flow_changes(name), ax, **kw)

    def explore(
        self, m: folium.Map | None = None, *, name: str | None = None, **kw: Any
    ) -> folium.Map:
        """Interactive map of the flows gained and lost in scenario ``name``.

        ``kw`` go to ``multimodal.plotting.explore_flow_changes`` (``max_weight``).
        """
        m, name = _legacy_name(m, name, "explore")
        return explore_flow_changes(self.flow_changes(self._scenario_name(name)), m, **kw)

    # -- tables ----------------------------------------------------------------------
    def table(self, deltas: bool = False) -> pd.DataFrame:
        """The headline KPIs (or their deltas against the base), one row per scenario."""
        frame = self.deltas if deltas else self.kpis
        columns = [c for c in self.HEADLINE if c in frame.columns]
        return frame[columns]

    def target_table(self, column: str = "gap") -> pd.DataFrame:
        """One row per target, one column per network: the ``value`` or the ``gap``.

        Parameters
        ----------
        column
            ``"value"``, ``"gap"`` (value - target: negative is short of an at-least
            target) or ``"met"``.

        Returns
        -------
        pandas.DataFrame
            Indexed by target (with its value and unit); empty without targets.
        """
        if self.targets.empty:
            return pd.DataFrame()
        t = self.targets
        wide = t.pivot(index="target", columns="scenario", values=column)
        info = t.drop_duplicates("target").set_index("target")[
            ["kpi", "comparison", "target_value", "unit", "year"]
        ]
        order = [name for name in self.kpis.index if name in wide.columns]
        return info.join(wide[order]).loc[t["target"].drop_duplicates()]

    def flow_changes(self, name: str) -> gpd.GeoDataFrame:
        """Links with their flow in the base and in scenario ``name``, and the change.

        Columns ``id``, ``mode``, ``corridor``, ``flow_teu`` (scenario),
        ``flow_teu_base``, ``change_teu`` (TEU per week) and the link's geometry; links
        only one of the networks has count zero flow in the other.
        """
        if name not in self.evaluations:
            message = f"no scenario {name!r} in this comparison; known: " + ", ".join(
                self.evaluations
            )
            raise ParameterError(message)
        base = self.evaluations[BASE].assignment.link_flows
        other = self.evaluations[name].assignment.link_flows
        merged = other[["id", "mode", "corridor", "flow_teu", "geometry"]].merge(
            base[["id", "flow_teu"]], on="id", how="outer", suffixes=("", "_base")
        )
        merged[["flow_teu", "flow_teu_base"]] = merged[["flow_teu", "flow_teu_base"]].fillna(0.0)
        merged["change_teu"] = merged["flow_teu"] - merged["flow_teu_base"]
        geometry = merged["geometry"].where(merged["geometry"].notna(), None)
        base_geometry = base.set_index("id").geometry
        geometry = [
            g if g is not None else base_geometry.get(i) for i, g in zip(merged["id"], geometry)
        ]
        return gpd.GeoDataFrame(merged.drop(columns="geometry"), geometry=geometry, crs=4326)

    def to_html(self, path: str | os.PathLike[str]) -> Path:
        """Write a self-contained HTML report (tables and maps inline) and return its path."""
        maps = [("Base: weekly flows", inline_png(self.evaluations[BASE].assignment.plot()))]
        maps += [
            (f"{s.name}: flow changes", inline_png(self.plot(name=s.name))) for s in self.scenarios
        ]
        return write_report(
            path,
            headline=self.table().T,
            deltas=self.table(deltas=True).T,
            kpis=self.kpis.T,
            scenarios=self.scenarios,
            maps=maps,
            targets=self.target_table("value"),
        )

    def _scenario_name(self, name: str | None) -> str:
        """``name``, or the first scenario's when None."""
        if name is not None:
            return name
        for candidate in self.evaluations:
            if candidate != BASE:
                return candidate
        message = "this comparison has no scenario besides the base to draw"
        raise ParameterError(message)


def _legacy_name(first: Any, name: str | None, method: str) -> tuple[Any, str | None]:
    """Accept the old ``plot(name)`` / ``explore(name)`` call for one release."""
    if isinstance(first, str):
        if name is not None:
            message = f"Comparison.{method}() got a scenario name twice; give name= only"
            raise ParameterError(message)
        warnings.warn(
            f"Comparison.{method}(name) is deprecated and will be removed in the next "
            f"release; use Comparison.{method}(name=...)",
            DeprecationWarning,
            stacklevel=3,
        )
        return None, first
    return first, name
