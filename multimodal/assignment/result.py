"""``Assignment``: what ``assign`` returns, and how it is read off the engines' solution.

``build_assignment`` turns a ``FlowSolution`` (arc flows and paths on the flow problem's
integer indices) back into the network's terms: link flows with geometry, hub
throughputs, paths with their modes and stops, unserved demand, capacity shadow prices
and the KPIs.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from .._ortools import SolveInfo
from .._results import ResultMixin
from ..graph import LINK, TRANSFER
from ..objective import EdgeValues, edge_values
from ..plotting import explore_flows, plot_flows
from ..units import T_PER_TEU
from ._flow_model import _HANDLED, FlowModel
from ._unserved import explain_unserved

if TYPE_CHECKING:
    import folium
    from matplotlib.axes import Axes

    from ..network import Network
    from .problem import FlowProblem, FlowSolution

__all__ = ["Assignment", "build_assignment"]

_UNSERVED_COLUMNS = ["id", "origin", "destination", "cargo_class", "teu_per_week", "unserved_teu"]


@dataclass(frozen=True, eq=False)
class Assignment(ResultMixin):
    """A demand assigned to the capacitated network.

    Attributes
    ----------
    link_flows
        One row per link (GeoDataFrame): ``flow_forward_teu``, ``flow_backward_teu``,
        ``flow_teu`` (both directions), ``capacity_teu_per_week``, ``utilisation`` (the
        busier direction's flow / capacity), ``tonne_km``, ``co2e_kg`` (per week).
    hub_throughput
        One row per node that handles flow: ``throughput_teu`` (TEU per week changing
        mode or gauge, starting or ending there), capacity and utilisation.
    paths
        One row per (demand row, path) with flow: ``flow_teu``, ``share`` of the row's
        demand, ``cost_cny_per_teu`` (money), ``generalized_cost_cny_per_teu`` (money +
        value of time x hours + transfer penalty, ``multimodal.GeneralizedCost``),
        ``transfers`` (changes of mode or service), ``time_h``, ``distance_km``,
        ``modes``, ``main_mode`` (the mode of most km), ``gateway`` (the Chinese node
        where the path crosses the border, "" if it does not), ``via``.
    unserved
        Demand rows with TEU per week left unserved, each with why: ``reason``
        (``no_path``: no path under the freight rules for its cargo class;
        ``capacity``: every path under the penalty passes a full capacity;
        ``penalty``: the cheapest path costs more than the penalty per TEU),
        ``binding`` (for ``no_path`` the rule: ``reefer``, ``dangerous_goods``,
        ``designated_ports``, ``customs``, ``modes`` or ``connectivity``; for
        ``capacity`` the full capacities, ``"link <id> <direction>"`` or
        ``"hub <id>"`` joined by ``"; "``), ``path_cost_cny_per_teu`` (the cheapest
        path's cost, CNY per TEU; NaN without a path) and ``detail`` (a sentence naming
        the capacities with their duals, or the path's cost).
    bottlenecks
        Every capacity with its flow, utilisation and dual value ``dual_cny_per_teu``:
        what one more TEU per week of that capacity would save per week (binding ones
        first).
    kpis
        Totals: transport cost (CNY per week), generalized cost (CNY per week), unserved
        TEU and penalty, TEU-weighted
        mean and 90th-percentile time, tonne-km, CO2e, mode split (share of tonne-km)
        and corridor split (share of TEU-km).
    solve_info
        Solver, status, objective, bound, gap, time.
    method
        ``"path"`` (column generation), ``"arc"`` or ``"logit"`` (``choice=``).
    row_costs
        Per demand row (``id``): ``demand_teu`` (after the elasticity, with ``choice``),
        ``composite_cost_cny_per_teu`` (what a TEU of the row costs the shipper: the
        logsum in CNY with ``choice``, else the cheapest path at the capacities' shadow
        prices, in the objective's unit), ``best_cost_cny_per_teu`` and
        ``reference_cost_cny_per_teu`` (the logit's scale unit). What ``compare``
        measures the shippers' surplus with.
    meta
        Where it came from: the network, the demand's size, the options and the seed
        (see ``multimodal._results.run_meta``).
    """

    network: Network = field(repr=False)
    demand: pd.DataFrame
    link_flows: gpd.GeoDataFrame
    hub_throughput: pd.DataFrame
    paths: pd.DataFrame
    unserved: pd.DataFrame
    bottlenecks: pd.DataFrame
    kpis: pd.Series
    solve_info: SolveInfo
    objective_cny: float
    method: str
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)
    row_costs: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def to_frame(self) -> pd.DataFrame:
        """The link flows table (one row per link, TEU per week), without geometry.

        Returns
        -------
        pandas.DataFrame
            ``link_flows`` without its ``geometry`` column.
        """
        return pd.DataFrame(self.link_flows.drop(columns="geometry"))

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """The link flows with their geometry (WGS84).

        Returns
        -------
        geopandas.GeoDataFrame
            A copy of ``link_flows``.
        """
        return self.link_flows.copy()

    def summary(self) -> str:
        """KPIs, the demand rounding (integer variant) and the binding bottlenecks, as text.

        Returns
        -------
        str
            A few lines a person reads.
        """
        k = self.kpis
        lines = [
            f"assignment ({self.method}-based, {self.solve_info})",
            f"  demand {k['demand_teu']:,.0f} TEU/week, served {k['served_teu']:,.0f}, "
            f"unserved {k['unserved_teu']:,.1f}",
            *(
                [
                    f"  demand rounded to whole TEU: {k['rounded_teu']:+,.1f} TEU/week on "
                    f"{k['rounded_rows']:,.0f} rows ({k['rounded_away_rows']:,.0f} under "
                    "0.5 TEU left out)"
                ]
                if "rounded_teu" in k
                else []
            ),
            f"  transport cost {k['transport_cost_cny']:,.0f} CNY/week "
            f"({k['cost_cny_per_teu']:,.0f} CNY per TEU)",
            f"  time per TEU: mean {k['mean_time_h'] / 24:,.1f} d, "
            f"90th percentile {k['p90_time_h'] / 24:,.1f} d",
            f"  {k['tonne_km'] / 1e6:,.1f} million t-km, "
            f"{k['co2e_kg'] / 1000:,.1f} t CO2e per week",
            "  mode split (t-km): "
            + ", ".join(f"{m} {k[f'share_tkm_{m}']:.1%}" for m in ("rail", "road", "sea", "air")),
        ]
        lines.extend(self._unserved_lines())
        lines.extend(self._capacity_lines())
        return "\n".join(lines)

    def _capacity_lines(self) -> list[str]:
        """The five capacities that ration most: by shadow price, or by delay (congestion)."""
        b = self.bottlenecks
        congested = "delay_h" in b  # the user equilibrium of assign(congestion=True)
        if congested:
            shown = b[b["delay_h"] > 0.05].head(5)
            head = [f"  user equilibrium, relative gap {self.kpis['relative_gap']:.1e}"]
            title = "  most delayed (volume/capacity, delay):"
        else:
            shown = b[b["dual_cny_per_teu"] > 1e-6].head(5)
            head, title = [], "  binding capacities (saving per extra TEU/week):"
        lines = [*head, *([title] if not shown.empty else [])]
        for row in shown.itertuples():
            what = f"    {row.kind} {row.id} {row.direction}: {row.flow_teu:,.0f}"
            if congested:
                lines.append(
                    f"{what} TEU/week on {row.capacity_teu_per_week:,.0f} "
                    f"({row.volume_capacity_ratio:.2f}), +{row.delay_h:,.1f} h"
                )
            else:
                lines.append(
                    f"{what} of {row.capacity_teu_per_week:,.0f} TEU/week, "
                    f"{row.dual_cny_per_teu:,.0f} CNY"
                )
        return lines

    def _unserved_lines(self) -> list[str]:
        """One line per reason demand was left unserved: TEU, rows, what bound."""
        lines = []
        for reason, rows in self.unserved.groupby("reason", sort=False):
            teu = float(rows["unserved_teu"].sum())
            what = [b for b in dict.fromkeys(rows["binding"]) if b]
            if reason == "penalty":
                what = [f"cheapest path from {rows['path_cost_cny_per_teu'].min():,.0f} CNY/TEU"]
            shown = ", ".join(what[:3]) + (", ..." if len(what) > 3 else "")
            count = f"{len(rows)} row{'s' if len(rows) > 1 else ''}"
            lines.append(
                f"  unserved, {reason}: {teu:,.1f} TEU/week on {count}"
                + (f" ({shown})" if shown else "")
            )
        return lines

    def corridors(self) -> pd.DataFrame:
        """TEU-km and tonne-km per corridor and mode, busiest first.

        Returns
        -------
        pandas.DataFrame
            Columns ``corridor``, ``mode``, ``teu_km``, ``tonne_km``, ``co2e_kg`` (per
            week), corridors with flow only.
        """
        links = self.link_flows
        table = (
            links.assign(teu_km=links["flow_teu"] * links["distance_km"])
            .groupby(["corridor", "mode"], as_index=False)[["teu_km", "tonne_km", "co2e_kg"]]
            .sum()
        )
        return (
            table[table["teu_km"] > 0].sort_values("teu_km", ascending=False).reset_index(drop=True)
        )

    def plot(self, ax: Axes | None = None, **kw: Any) -> Axes:
        """Static map: link widths by flow, colour by utilisation.

        Parameters
        ----------
        ax
            Axes to draw on; a new figure if ``None``.
        **kw
            Keywords for ``multimodal.plotting.plot_flows`` (``title``, ``max_width``, ...).

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        return plot_flows(self.link_flows, ax, **{"title": "weekly flows (TEU)", **kw})

    def explore(self, m: folium.Map | None = None, **kw: Any) -> folium.Map:
        """Interactive map: link widths by flow, colour by utilisation.

        Parameters
        ----------
        m
            A map to draw on; a new one if ``None``.
        **kw
            Keywords for ``multimodal.plotting.explore_flows``.

        Returns
        -------
        folium.Map
            The map.
        """
        return explore_flows(self.link_flows, m, **kw)


def build_assignment(
    network: Network,
    model: FlowModel,
    solution: FlowSolution,
    method: str,
    meta: Mapping[str, Any] | None = None,
    *,
    rounding: Mapping[str, float] | None = None,
    row_costs: pd.DataFrame | None = None,
) -> Assignment:
    """Read an ``Assignment`` off the engine's solution of ``model``.

    Parameters
    ----------
    network
        The network the model was built on.
    model
        The flow model (problem, arc-to-edge map, demand, capacity groups).
    solution
        The engine's solution of ``model.problem``.
    method
        ``"path"`` or ``"arc"``.
    meta
        The run's ``meta`` (see ``multimodal._results.run_meta``).
    rounding
        What rounding the demand to whole TEU changed (integer assignment):
        ``rounded_teu``, ``rounded_rows``, ``rounded_away_rows``; added to the KPIs.
    row_costs
        The logit engine's per-row table; None: read off the duals (least cost).

    Returns
    -------
    Assignment
    """
    base = network.expanded
    links = network.links
    nodes = network.nodes
    problem = model.problem
    demand = model.demand
    t_per_teu = (demand["weight_t_per_week"] / demand["teu_per_week"]).to_numpy(float)
    values = edge_values(base, teu=1.0, weight_t=1.0)  # per TEU and per tonne of cargo
    edge_of = model.arc_edge
    in_china = dict(zip(network.node_ids, network.node_values("country") == "CN"))
    vot = model.value_of_time if len(model.value_of_time) else np.zeros(len(demand))

    # Paths: per demand row, what each path costs, takes and emits.
    link_from = np.array([network.node_index(n) for n in links["from_node"]])
    paths, flows, tonne_km_link, co2e_link = _path_table(
        network, model, solution, values, t_per_teu, vot, in_china, link_from
    )

    capacity = links["capacity_teu_per_week"].to_numpy(float)
    capacity = np.where(
        np.isnan(capacity), links["capacity_t_per_week"].to_numpy(float) / T_PER_TEU, capacity
    )
    busiest = flows.max(axis=0)
    link_flows = gpd.GeoDataFrame(
        {
            "id": links["id"].to_numpy(),
            "from_node": links["from_node"].to_numpy(),
            "to_node": links["to_node"].to_numpy(),
            "mode": links["mode"].to_numpy(),
            "corridor": links["corridor"].to_numpy(),
            "distance_km": links["distance_km"].to_numpy(),
            "flow_forward_teu": flows[0],
            "flow_backward_teu": flows[1],
            "flow_teu": flows.sum(axis=0),
            "capacity_teu_per_week": capacity,
            "utilisation": _ratio(busiest, capacity),
            "tonne_km": tonne_km_link,
            "co2e_kg": co2e_link,
        },
        geometry=links.geometry.to_numpy(),
        crs=4326,
    )

    handled = np.isin(base.kind[edge_of], _HANDLED)
    through = np.bincount(
        base.node[edge_of][handled], weights=solution.arc_flow[handled], minlength=len(nodes)
    )
    hub_capacity = nodes["throughput_teu_per_week"].to_numpy(float)
    hub_throughput = pd.DataFrame(
        {
            "id": nodes["id"].to_numpy(),
            "name": nodes["name"].to_numpy(),
            "kind": nodes["kind"].to_numpy(),
            "throughput_teu": through,
            "capacity_teu_per_week": hub_capacity,
            "utilisation": _ratio(through, hub_capacity),
        }
    )
    hub_throughput = hub_throughput[hub_throughput["throughput_teu"] > 1e-9]
    hub_throughput = hub_throughput.sort_values("throughput_teu", ascending=False).reset_index(
        drop=True
    )

    group_flow = model.problem.group_arcs @ solution.arc_flow
    bottlenecks = model.groups.assign(
        flow_teu=group_flow,
        utilisation=_ratio(group_flow, model.groups["capacity_teu_per_week"].to_numpy(float)),
        dual_cny_per_teu=solution.group_capacity_dual,
    ).sort_values(["dual_cny_per_teu", "utilisation"], ascending=False, na_position="last")
    bottlenecks = bottlenecks.reset_index(drop=True)

    unserved = demand.assign(unserved_teu=solution.unserved)
    short = np.flatnonzero(unserved["unserved_teu"].to_numpy(float) > 1e-9)
    unserved = unserved.iloc[
        short, [unserved.columns.get_loc(c) for c in _UNSERVED_COLUMNS]
    ].reset_index(drop=True)
    reasons = explain_unserved(network, model, solution, short)
    unserved = pd.concat([unserved, reasons], axis=1)

    kpis = _kpis(problem, solution, demand, paths, link_flows)
    if rounding is not None:
        kpis = pd.concat([kpis, pd.Series(dict(rounding), dtype=float)]).rename("value")
    served = demand.assign(served_teu=problem.commodity_demand - solution.unserved)
    if row_costs is None:
        row_costs = pd.DataFrame(
            {
                "id": demand["id"].to_numpy(),
                "demand_teu": problem.commodity_demand,
                "composite_cost_cny_per_teu": np.minimum(
                    solution.demand_dual, problem.unserved_penalty
                ),
            }
        )
    return Assignment(
        network=network,
        demand=served.drop(columns=["flow_class"]),
        link_flows=link_flows,
        hub_throughput=hub_throughput,
        paths=paths,
        unserved=unserved,
        bottlenecks=bottlenecks,
        kpis=kpis,
        solve_info=solution.solve_info,
        objective_cny=float(solution.objective),
        method=method,
        meta=meta if meta is not None else {},
        row_costs=row_costs.reset_index(drop=True),
    )


_PATH_COLUMNS = [
    "demand_id", "origin", "destination", "cargo_class", "path_id", "flow_teu", "share",
    "cost_cny_per_teu", "generalized_cost_cny_per_teu", "transfers", "time_h",
    "distance_km", "tonne_km", "co2e_kg", "modes", "main_mode", "gateway", "via",
]  # fmt: skip


def _path_table(
    network: Network,
    model: FlowModel,
    solution: FlowSolution,
    values: EdgeValues,
    t_per_teu: np.ndarray,
    vot: np.ndarray,
    in_china: Mapping[str, bool],
    link_from: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """The paths table and per-link flows, tonne-km and CO2e, all paths at once.

    Every path's arcs are laid end to end in one array (``owner`` says whose each is),
    so sums per path are ``bincount`` and sums per link ``add.at`` in path order; only
    the text columns (``modes``, ``via``) are joined path by path.

    Returns
    -------
    tuple
        The paths table (``_PATH_COLUMNS``), link flows ``(2, links)`` forward and
        backward (TEU per week), tonne-km and CO2e (kg) per link (per week).
    """
    base = network.expanded
    links = network.links
    demand = model.demand
    rules = model.generalized
    n_links = len(links)
    table = solution.paths
    n_paths = len(table)
    arcs_of = table["arcs"].to_numpy()
    lengths = np.fromiter((len(a) for a in arcs_of), dtype=np.int64, count=n_paths)
    flat = np.fromiter(
        itertools.chain.from_iterable(arcs_of), dtype=np.int64, count=int(lengths.sum())
    )
    owner = np.repeat(np.arange(n_paths), lengths)
    edges = model.arc_edge[flat]
    k = table["commodity"].to_numpy(np.int64)
    flow = table["flow_teu"].to_numpy(float)
    tonnes = flow * t_per_teu[k]

    def per_path(weights: np.ndarray, who: np.ndarray = owner) -> np.ndarray:
        return np.bincount(who, weights=weights, minlength=n_paths)

    is_link = base.kind[edges] == LINK
    link_edges = edges[is_link]
    link_owner = owner[is_link]
    link_ids = base.link[link_edges]
    forward = base.vertex_node[base.tail[link_edges]] == link_from[link_ids]
    flows = np.zeros((2, n_links))
    np.add.at(flows, (np.where(forward, 0, 1), link_ids), flow[link_owner])
    link_km = values.distance_km[link_edges]
    link_co2e = values.co2e_kg[link_edges]
    tonne_km_link = np.zeros(n_links)
    np.add.at(tonne_km_link, link_ids, tonnes[link_owner] * link_km)
    co2e_link = np.zeros(n_links)
    np.add.at(co2e_link, link_ids, tonnes[link_owner] * link_co2e)

    money = per_path(base.cost_cny_per_teu[edges]) + T_PER_TEU * per_path(
        base.cost_cny_per_t[edges]
    )
    hours = per_path(values.time_h[edges])
    transfers = np.bincount(owner[base.kind[edges] == TRANSFER], minlength=n_paths)
    km_on_links = per_path(link_km, link_owner)
    co2e_on_links = per_path(link_co2e, link_owner)
    co2e_per_teu = t_per_teu[k] * co2e_on_links

    # nodes visited: the first arc's tail, then each link's head unless it repeats
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if n_paths else np.zeros(0, int)
    start_node = base.vertex_node[base.tail[edges[first]]]
    heads = base.vertex_node[base.head[link_edges]]
    starts_of_links = _run_starts(link_owner)
    previous = np.where(starts_of_links, start_node[link_owner], np.roll(heads, 1))
    keep = heads != previous
    visited = np.concatenate([start_node, heads[keep]])
    visited_owner = np.concatenate([np.arange(n_paths), link_owner[keep]])
    order = np.argsort(visited_owner, kind="stable")
    visited, visited_owner = visited[order], visited_owner[order]
    node_ids = np.asarray(base.node_ids, dtype=object)
    china = np.array([bool(in_china[n]) for n in base.node_ids], dtype=bool)
    # gateway: the Chinese end of the first step that crosses the border
    crossing = np.flatnonzero(
        (visited_owner[1:] == visited_owner[:-1]) & (china[visited[1:]] != china[visited[:-1]])
    )
    gateway = np.full(n_paths, "", dtype=object)
    if crossing.size:
        who, at = np.unique(visited_owner[crossing], return_index=True)
        i = crossing[at]
        gateway[who] = node_ids[np.where(china[visited[i]], visited[i], visited[i + 1])]
    visited_counts = np.bincount(visited_owner, minlength=n_paths)
    via = (
        [" > ".join(p) for p in np.split(node_ids[visited], np.cumsum(visited_counts)[:-1])]
        if n_paths
        else []
    )

    # modes: the link modes in order, runs of one mode once; main mode: most km
    mode_names, mode_code = np.unique(links["mode"].to_numpy().astype(str), return_inverse=True)
    codes = mode_code[link_ids]
    new_run = starts_of_links | _run_starts(codes)
    run_owner = link_owner[new_run]
    run_names = mode_names.astype(object)[codes[new_run]]
    run_counts = np.bincount(run_owner, minlength=n_paths)
    modes = (
        ["+".join(p) for p in np.split(run_names, np.cumsum(run_counts)[:-1])] if n_paths else []
    )
    km_by_mode = np.full((n_paths, len(mode_names)), -np.inf)
    present = np.zeros((n_paths, len(mode_names)), dtype=bool)
    present[link_owner, codes] = True
    km_by_mode[present] = 0.0
    np.add.at(km_by_mode, (link_owner, codes), link_km)
    main_mode = np.where(
        present.any(axis=1),
        mode_names.astype(object)[km_by_mode.argmax(axis=1)] if len(mode_names) else "",
        "",
    )

    teu = demand["teu_per_week"].to_numpy(float)
    frame = {
        "demand_id": demand["id"].to_numpy()[k],
        "origin": demand["origin"].to_numpy()[k],
        "destination": demand["destination"].to_numpy()[k],
        "cargo_class": demand["cargo_class"].to_numpy()[k],
        "path_id": table["path_id"].to_numpy(np.int64),
        "flow_teu": flow,
        "share": flow / teu[k],
        "cost_cny_per_teu": money,
        "generalized_cost_cny_per_teu": money
        + vot[k] * hours
        + rules.transfer_penalty_cny_per_teu * transfers
        + rules.carbon_price_cny_per_t * co2e_per_teu / 1000.0,
        "transfers": transfers.astype(np.int64),
        "time_h": hours,
        "distance_km": per_path(values.distance_km[edges]),
        "tonne_km": tonnes * km_on_links,
        "co2e_kg": tonnes * co2e_on_links,
        "modes": np.array(modes, dtype=object),
        "main_mode": main_mode.astype(object),
        "gateway": gateway,
        "via": np.array(via, dtype=object),
    }
    paths = pd.DataFrame(frame, columns=_PATH_COLUMNS)
    return paths, flows, tonne_km_link, co2e_link


def _run_starts(values: np.ndarray) -> np.ndarray:
    """True where ``values`` differs from the value before it (and at the first)."""
    starts = np.ones(values.size, dtype=bool)
    starts[1:] = values[1:] != values[:-1]
    return starts


def _ratio(flow: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Flow over capacity; NaN where there is no capacity (none given, or 0)."""
    out = np.full(len(capacity), np.nan)
    return np.divide(flow, capacity, out=out, where=np.asarray(capacity > 0))


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    if len(values) == 0 or weights.sum() <= 0:
        return float("nan")
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, q * cumulative[-1])])


def _kpis(
    problem: FlowProblem,
    solution: FlowSolution,
    demand: pd.DataFrame,
    paths: pd.DataFrame,
    link_flows: gpd.GeoDataFrame,
) -> pd.Series:
    served = float(problem.commodity_demand.sum() - solution.unserved.sum())
    transport = float((paths["flow_teu"] * paths["cost_cny_per_teu"]).sum())
    flow = paths["flow_teu"].to_numpy()
    tkm = link_flows.groupby("mode")["tonne_km"].sum()
    teu_km = (
        (link_flows["flow_teu"] * link_flows["distance_km"]).groupby(link_flows["corridor"]).sum()
    )
    total_tkm = float(tkm.sum())
    kpis = {
        "demand_teu": float(problem.commodity_demand.sum()),
        "served_teu": served,
        "unserved_teu": float(solution.unserved.sum()),
        "unserved_penalty_cny": float((solution.unserved * problem.unserved_penalty).sum()),
        "transport_cost_cny": transport,
        "cost_cny_per_teu": transport / served if served > 0 else float("nan"),
        "generalized_cost_cny": float(
            (paths["flow_teu"] * paths["generalized_cost_cny_per_teu"]).sum()
        ),
        "mean_time_h": float((flow * paths["time_h"]).sum() / flow.sum())
        if flow.sum()
        else float("nan"),
        "p90_time_h": _weighted_quantile(paths["time_h"].to_numpy(), flow, 0.9),
        "tonne_km": total_tkm,
        "co2e_kg": float(link_flows["co2e_kg"].sum()),
    }
    for mode in ("rail", "road", "sea", "air"):
        kpis[f"share_tkm_{mode}"] = float(tkm.get(mode, 0.0)) / total_tkm if total_tkm else 0.0
    total_teu_km = float(teu_km.sum())
    for corridor, value in teu_km.items():
        kpis[f"share_teukm_{corridor}"] = float(value) / total_teu_km if total_teu_km else 0.0
    return pd.Series(kpis, name="value")
