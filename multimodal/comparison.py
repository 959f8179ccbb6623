"""``compare``: assign one demand on a base network and on scenarios, side by side.

Each scenario is applied to the base (a new network), the demand is assigned on it, and
accessibility is measured; the KPI table has one row per scenario and the deltas against
the base. Scenarios are independent, so they are evaluated through a standard
``concurrent.futures`` executor: a process pool by default, or any executor handed in (a
thread pool, or a distributed engine's executor) unchanged.
"""

from __future__ import annotations

import base64
import concurrent.futures
import html
import io
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from .assignment.assign import DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU, Assignment, assign
from .demand import validate_demand
from .modes import split_list
from .network import Network
from .plotting import explore_flows, plot_flow_changes
from .scenarios import Scenario
from .schema import OPEN_PORT_STATUSES
from .skim import skim

if TYPE_CHECKING:
    import folium
    from matplotlib.axes import Axes

logger = logging.getLogger("multimodal")

BASE = "base"
#: Modes for which accessibility to the nearest open port is measured.
PORT_MODES = ("rail", "air", "road")
_REPORT_CSS = (
    "body{font-family:sans-serif;max-width:1200px;margin:auto}"
    "table{border-collapse:collapse;font-size:12px}"
    "td,th{padding:2px 6px;border-bottom:1px solid #ddd}img{max-width:100%}"
)
#: Door-to-door time thresholds for the share of demand near an open port (h).
NEAR_PORT_HOURS = (24.0, 48.0)


@dataclass(frozen=True)
class Evaluation:
    """What one network (base or scenario) gives for the demand."""

    name: str
    title: str
    assignment: Assignment
    accessibility: pd.DataFrame
    kpis: pd.Series


def accessibility(network: Network, demand: pd.DataFrame | None = None) -> pd.DataFrame:
    """Time and cost from each Shaanxi city to its nearest open international port.

    Parameters
    ----------
    network
        The network.
    demand
        Validated demand; with it, each city carries its demand (TEU per week starting or
        ending there), for the share of demand near a port.

    Returns
    -------
    pandas.DataFrame
        One row per (city, port mode): ``port`` (the nearest open port for that mode, by
        time), ``time_h`` and ``cost_cny`` (per TEU) to reach it, and the city's
        ``demand_teu``. The row with mode ``any`` is the nearest port of any mode.
    """
    nodes = network.nodes
    cities = nodes.loc[(nodes["kind"] == "city") & (nodes["country"] == "CN"), "id"].tolist()
    is_open = nodes["port_status"].isin(OPEN_PORT_STATUSES) & (nodes["country"] == "CN")
    ports = nodes.loc[is_open, ["id", "port_modes"]]
    load = pd.Series(0.0, index=cities)
    if demand is not None:
        for column in ("origin", "destination"):
            load = load.add(demand.groupby(column)["teu_per_week"].sum(), fill_value=0.0)
        load = load.reindex(cities).fillna(0.0)
    rows = []
    if ports.empty or not cities:
        return pd.DataFrame(
            rows, columns=["city", "mode", "port", "time_h", "cost_cny", "demand_teu"]
        )
    times = skim(network, cities, ports["id"], weight="time", attributes=("cost_cny",))
    for mode in (*PORT_MODES, "any"):
        allowed = [
            p
            for p, modes in zip(ports["id"], ports["port_modes"])
            if mode == "any" or mode in split_list(modes)
        ]
        if not allowed:
            continue
        block = times.values[allowed]
        for city in cities:
            port = block.loc[city].idxmin()
            rows.append(
                {
                    "city": city,
                    "mode": mode,
                    "port": port,
                    "time_h": float(block.loc[city, port]),
                    "cost_cny": float(times["cost_cny"].loc[city, port]),
                    "demand_teu": float(load[city]),
                }
            )
    return pd.DataFrame(rows)


def _kpis(name: str, title: str, result: Assignment, access: pd.DataFrame) -> pd.Series:
    k = result.kpis
    row = {
        "scenario": name,
        "title": title,
        "status": result.solve_info.status,
        "total_cost_cny": k["transport_cost_cny"] + k["unserved_penalty_cny"],
        "transport_cost_cny": k["transport_cost_cny"],
        "unserved_teu": k["unserved_teu"],
        "mean_time_h": k["mean_time_h"],
        "p90_time_h": k["p90_time_h"],
        "co2e_kg": k["co2e_kg"],
        "tonne_km": k["tonne_km"],
    }
    row.update(
        {key: value for key, value in k.items() if key.startswith(("share_tkm_", "share_teukm_"))}
    )
    near = access[access["mode"] == "any"]
    total = near["demand_teu"].sum()
    row["mean_time_to_port_h"] = float(near["time_h"].mean()) if len(near) else np.nan
    for hours in NEAR_PORT_HOURS:
        within = near.loc[near["time_h"] <= hours, "demand_teu"].sum()
        row[f"demand_share_within_{hours:g}h"] = float(within / total) if total else np.nan
    hubs = result.hub_throughput.set_index("id")
    for hub, value in hubs["throughput_teu"].items():
        row[f"throughput_teu_{hub}"] = float(value)
    for hub, value in hubs["utilisation"].dropna().items():
        row[f"utilisation_{hub}"] = float(value)
    return pd.Series(row)


def evaluate(
    network: Network,
    demand: pd.DataFrame,
    *,
    name: str = BASE,
    title: str = "base network",
    **options: object,
) -> Evaluation:
    """Assign ``demand`` on ``network`` and measure its KPIs and accessibility."""
    result = assign(network, demand, **options)
    access = accessibility(network, demand)
    return Evaluation(name, title, result, access, _kpis(name, title, result, access))


def _evaluate_scenario(
    nodes: gpd.GeoDataFrame,
    links: gpd.GeoDataFrame,
    base_name: str,
    scenario: dict | None,
    demand: pd.DataFrame,
    options: dict,
) -> Evaluation:
    """Worker: rebuild the base, apply the scenario, evaluate (runs in another process).

    The scenario travels as a plain dictionary, which any executor can pickle.
    """
    base = Network(nodes, links, name=base_name)
    if scenario is None:
        return evaluate(base, demand, **options)
    scenario = Scenario.from_dict(scenario)
    network = scenario.apply(base)
    return evaluate(
        network, demand, name=scenario.name, title=scenario.title or scenario.name, **options
    )


@dataclass(frozen=True, eq=False)
class Comparison:
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
    """

    kpis: pd.DataFrame
    deltas: pd.DataFrame
    evaluations: dict[str, Evaluation] = field(repr=False)
    scenarios: tuple[Scenario, ...] = field(repr=False)

    HEADLINE = (
        "total_cost_cny", "transport_cost_cny", "unserved_teu", "mean_time_h", "p90_time_h",
        "co2e_kg", "share_tkm_rail", "share_tkm_sea", "share_tkm_air", "mean_time_to_port_h",
        "demand_share_within_24h", "demand_share_within_48h",
    )  # fmt: skip

    def table(self, deltas: bool = False) -> pd.DataFrame:
        """The headline KPIs (or their deltas against the base), one row per scenario."""
        frame = self.deltas if deltas else self.kpis
        columns = [c for c in self.HEADLINE if c in frame.columns]
        return frame[columns]

    def flow_changes(self, name: str) -> gpd.GeoDataFrame:
        """Links with their flow in the base and in scenario ``name``, and the change."""
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

    def plot(self, name: str | None = None, ax: Axes | None = None) -> Axes:
        """Flows gained (green) and lost (red) in scenario ``name`` (default: the first)."""
        name = name or next(n for n in self.evaluations if n != BASE)
        title = f"{name}: flows gained (green) and lost (red) vs base"
        return plot_flow_changes(self.flow_changes(name), ax, title=title)

    def explore(self, name: str | None = None) -> folium.Map:
        """Interactive map of the flow changes in scenario ``name``."""
        name = name or next(n for n in self.evaluations if n != BASE)
        changes = self.flow_changes(name)
        changes = changes.assign(flow_abs=changes["change_teu"].abs(), utilisation=None)
        return explore_flows(changes, flow="flow_abs")

    def to_html(self, path: str | os.PathLike[str]) -> Path:
        """Write a self-contained HTML report (tables and maps inline) and return its path."""
        import matplotlib.pyplot as plt

        def figure(ax: Axes) -> str:
            buffer = io.BytesIO()
            ax.get_figure().savefig(buffer, format="png", dpi=110, bbox_inches="tight")
            plt.close(ax.get_figure())
            data = base64.b64encode(buffer.getvalue()).decode("ascii")
            return f'<img alt="map" src="data:image/png;base64,{data}">'

        def table(frame: pd.DataFrame) -> str:
            return frame.to_html(
                float_format=lambda x: f"{x:,.3g}" if abs(x) < 1 else f"{x:,.0f}", border=0
            )

        parts = [
            "<!DOCTYPE html><html><head><meta charset='utf-8'>",
            "<title>multimodal scenario comparison</title>",
            f"<style>{_REPORT_CSS}</style></head><body>",
            "<h1>Scenario comparison</h1>",
            "<p>Demand assigned at least total cost on each network (multimodal.compare). "
            "Costs in CNY per week, times in hours, CO2e in kg per week.</p>",
            "<h2>Headline KPIs</h2>",
            table(self.table().T),
            "<h2>Changes against the base</h2>",
            table(self.table(deltas=True).T),
            "<h2>Scenarios</h2><ul>",
        ]
        for scenario in self.scenarios:
            parts.append(
                f"<li><b>{html.escape(scenario.name)}</b>: {html.escape(scenario.title)} "
                f"(plan: {html.escape(scenario.plan_reference)})<br>"
                f"{html.escape(scenario.description)}</li>"
            )
        parts.append("</ul><h2>Maps</h2>")
        base = self.evaluations[BASE].assignment
        parts.append("<h3>Base: weekly flows</h3>" + figure(base.plot()))
        for scenario in self.scenarios:
            parts.append(
                f"<h3>{html.escape(scenario.name)}: flow changes</h3>"
                + figure(self.plot(scenario.name))
            )
        parts.append("<h2>All KPIs</h2>" + table(self.kpis.T))
        parts.append("</body></html>")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(parts), encoding="utf-8")
        return path


def compare(
    base: Network,
    scenarios: Sequence[Scenario],
    demand: pd.DataFrame,
    *,
    executor: concurrent.futures.Executor | None = None,
    method: str = "path",
    time_limit_s: float | None = None,
    unserved_penalty_cny_per_teu: float = DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU,
    progress: bool = False,
) -> Comparison:
    """Assign ``demand`` on the base and on every scenario; KPIs side by side.

    Parameters
    ----------
    base
        The base network (never modified).
    scenarios
        Scenarios to apply to the base, each evaluated on its own.
    demand
        The demand (validated against the base).
    executor
        A ``concurrent.futures.Executor`` to evaluate scenarios in parallel. Default: a
        process pool with one worker per core (at most one per network). Pass a
        ``ThreadPoolExecutor``, or any executor with ``submit``, to run elsewhere; it is
        not shut down here.
    method, time_limit_s, unserved_penalty_cny_per_teu
        Passed to ``assign``.
    progress
        Log each network as it finishes (``logging`` at INFO).

    Returns
    -------
    Comparison
    """
    demand = validate_demand(demand, base)
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names) or BASE in names:
        message = f"scenario names must be unique and not {BASE!r}: {names}"
        raise ValueError(message)
    options = {
        "method": method,
        "time_limit_s": time_limit_s,
        "unserved_penalty_cny_per_teu": unserved_penalty_cny_per_teu,
    }
    nodes, links = base.to_gdfs()
    jobs = [None, *scenarios]
    own = executor is None
    if own:
        workers = max(1, min(len(jobs), os.cpu_count() or 1))
        executor = concurrent.futures.ProcessPoolExecutor(max_workers=workers)
    try:
        futures = [
            executor.submit(
                _evaluate_scenario,
                nodes,
                links,
                base.name,
                None if job is None else job.to_dict(),
                demand,
                options,
            )
            for job in jobs
        ]
        evaluations = []
        for future, job in zip(futures, jobs):
            evaluation = future.result()
            if progress:
                logger.info("evaluated %s", BASE if job is None else job.name)
            evaluations.append(evaluation)
    finally:
        if own:
            executor.shutdown()
    kpis = pd.DataFrame([e.kpis for e in evaluations]).set_index("scenario")
    numbers = kpis.select_dtypes("number").fillna(0.0)
    deltas = numbers - numbers.loc[BASE]
    return Comparison(
        kpis=kpis,
        deltas=deltas,
        evaluations={e.name: e for e in evaluations},
        scenarios=tuple(scenarios),
    )
