"""``assign``: route a whole demand at once, within capacities, at least total cost.

The network becomes a ``FlowProblem`` on the mode-expanded graph times the customs state,
so every routing rule holds per commodity exactly as in ``multimodal.route``: each
(customs regime, cargo class) pair is a class of the flow problem whose forbidden arcs
carry an infinite cost (customs, designated ports, reefer, dangerous goods). Capacities
are shared constraints ("groups"):

- a link's ``capacity_teu_per_week`` (air: ``capacity_t_per_week`` / 10 t per TEU) bounds
  each direction's flow, summed over its copies in both customs states;
- a node's ``throughput_teu_per_week`` bounds the TEU handled there: flow that changes mode
  or gauge at the node, or starts or ends there (through traffic staying on its train
  is not handled).

Demand the network cannot carry is left unserved at a stated penalty per TEU, so a
too-small network still gives an answer that says what did not fit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._ortools import SolveInfo
from ..customs import cargo_allowed, network_state_graph, regime_of
from ..demand import validate_demand
from ..exceptions import DataValidationError, Problem
from ..graph import ACCESS_IN, ACCESS_OUT, GAUGE, IN, LINK, OUT, TRANSFER
from ..modes import CargoClass
from ..objective import edge_values
from ..plotting import explore_flows, plot_flows
from ..units import T_PER_TEU
from .arc_model import solve_arc_based
from .path_model import solve_path_based
from .problem import FlowProblem, FlowSolution

if TYPE_CHECKING:
    import folium
    from matplotlib.axes import Axes

    from ..network import Network

logger = logging.getLogger("multimodal")

#: Tie-breaker: CNY per TEU-hour added to every edge's cost, so that among routes of equal
#: money cost the faster one carries the flow (an LP otherwise picks any of them, and
#: scenario deltas would show arbitrary time changes). At most ~1 CNY per TEU on a
#: 1,000-hour route; the reported transport cost is money only.
TIE_BREAK_CNY_PER_TEU_H = 1e-3

#: Default penalty for a TEU per week left unserved (CNY per TEU). Above the dearest
#: route on the built-in network (air to Europe, ~200,000 CNY per 10 t TEU), so demand
#: is only left unserved when the network cannot carry it.
DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU = 1_000_000.0
_HANDLED = (TRANSFER, GAUGE, ACCESS_OUT, ACCESS_IN)


@dataclass(frozen=True, eq=False)
class FlowModel:
    """The network and demand translated into a ``FlowProblem``, with the way back.

    Attributes
    ----------
    problem
        The flow problem (vertices: expanded-graph vertices x customs state).
    arc_edge
        For each arc, the expanded-graph edge it copies.
    demand
        The validated demand, one row per commodity, with its class index.
    classes
        ``(regime, cargo_class)`` of each class.
    groups
        One row per shared capacity: kind (``link`` or ``hub``), id, direction, capacity.
    """

    problem: FlowProblem
    arc_edge: np.ndarray
    demand: pd.DataFrame
    classes: list[tuple[str, str]]
    groups: pd.DataFrame


def build_flow_model(
    network: Network,
    demand: pd.DataFrame,
    *,
    unserved_penalty_cny_per_teu: float = DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU,
) -> FlowModel:
    """Translate a network and a validated demand into a ``FlowModel``."""
    base = network.expanded
    n_base = base.n_vertices
    country = network.node_values("country")
    position = {ident: i for i, ident in enumerate(base.node_ids)}
    regimes = [
        regime_of(country[position[o]] != "CN", country[position[d]] != "CN")
        for o, d in zip(demand["origin"], demand["destination"])
    ]
    demand = demand.assign(regime=regimes)

    # Arcs: the union of the state graphs of the regimes in the demand.
    graphs = {r: network_state_graph(network, r) for r in sorted(set(regimes))}
    stacked = np.unique(
        np.concatenate(
            [np.column_stack([g.edge, g.tail, g.head]) for g in graphs.values()], axis=0
        ),
        axis=0,
    )
    arc_edge, arc_tail, arc_head = stacked[:, 0], stacked[:, 1], stacked[:, 2]
    arc_key = arc_edge * (4 * n_base * n_base) + arc_tail * (2 * n_base) + arc_head
    member = {
        r: np.isin(arc_key, g.edge * (4 * n_base * n_base) + g.tail * (2 * n_base) + g.head)
        for r, g in graphs.items()
    }

    # Classes: one per (regime, cargo class) in the demand.
    keys = list(dict.fromkeys(zip(demand["regime"], demand["cargo_class"])))
    class_of = {key: i for i, key in enumerate(keys)}
    costs = np.empty((len(keys), len(arc_edge)))
    for i, (regime, cargo_name) in enumerate(keys):
        cargo = CargoClass.parse(cargo_name)
        values = edge_values(base, teu=1.0, weight_t=T_PER_TEU, cargo_class=cargo)
        allowed = cargo_allowed(base, arc_edge, values, cargo, regime) & member[regime]
        money_and_time = values.cost_cny + TIE_BREAK_CNY_PER_TEU_H * values.time_h
        costs[i] = np.where(allowed, money_and_time[arc_edge], np.inf)

    # Shared capacities: link directions and hub throughputs.
    links = network.links
    nodes = network.nodes
    group_rows, group_cols, group_info = [], [], []
    capacity = links["capacity_teu_per_week"].to_numpy(float)
    capacity_t = links["capacity_t_per_week"].to_numpy(float) / T_PER_TEU
    capacity = np.where(np.isnan(capacity), capacity_t, capacity)
    is_link = base.kind[arc_edge] == LINK
    link_of_arc = np.where(is_link, base.link[arc_edge], -1)
    tail_node = base.vertex_node[base.tail[arc_edge]]
    from_node = links["from_node"].map(position).to_numpy()
    forward = is_link & (tail_node == from_node[np.maximum(link_of_arc, 0)])
    for k in np.flatnonzero(np.isfinite(capacity)):
        for direction, mask in (("forward", forward), ("backward", is_link & ~forward)):
            arcs = np.flatnonzero((link_of_arc == k) & mask)
            if len(arcs):
                group_rows.append(np.full(len(arcs), len(group_info)))
                group_cols.append(arcs)
                group_info.append(("link", links["id"].iat[k], direction, capacity[k]))
    throughput = nodes["throughput_teu_per_week"].to_numpy(float)
    handled = np.isin(base.kind[arc_edge], _HANDLED)
    event_node = base.node[arc_edge]
    for i in np.flatnonzero(np.isfinite(throughput)):
        arcs = np.flatnonzero(handled & (event_node == i))
        if len(arcs):
            group_rows.append(np.full(len(arcs), len(group_info)))
            group_cols.append(arcs)
            group_info.append(("hub", nodes["id"].iat[i], "", throughput[i]))
    groups = pd.DataFrame(group_info, columns=["kind", "id", "direction", "capacity_teu_per_week"])
    rows = np.concatenate(group_rows) if group_rows else np.zeros(0, int)
    cols = np.concatenate(group_cols) if group_cols else np.zeros(0, int)
    group_arcs = sp.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(group_info), len(arc_edge))
    )

    target_state = demand["regime"].isin(["export", "import"]).to_numpy(int)
    origin = np.array([base.vertex(o, OUT) for o in demand["origin"]])
    destination = np.array([base.vertex(d, IN) for d in demand["destination"]])
    destination = destination + target_state * n_base
    classes = np.array([class_of[key] for key in zip(demand["regime"], demand["cargo_class"])])
    finite_cost = np.where(np.isfinite(costs[0]), costs[0], 0.0)
    problem = FlowProblem(
        n_vertices=2 * n_base,
        arc_tail=arc_tail,
        arc_head=arc_head,
        arc_cost=finite_cost,
        arc_capacity=np.full(len(arc_edge), np.inf),
        commodity_origin=origin,
        commodity_destination=destination,
        commodity_demand=demand["teu_per_week"].to_numpy(float),
        unserved_penalty=np.full(len(demand), float(unserved_penalty_cny_per_teu)),
        commodity_class=classes,
        class_arc_cost=costs,
        group_capacity=groups["capacity_teu_per_week"].to_numpy(float),
        group_arcs=group_arcs,
    )
    demand = demand.assign(flow_class=classes).reset_index(drop=True)
    return FlowModel(problem, arc_edge, demand, [(r, str(c)) for r, c in keys], groups)


@dataclass(frozen=True, eq=False)
class Assignment:
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
        demand, ``cost_cny_per_teu``, ``time_h``, ``distance_km``, ``modes``, ``via``.
    unserved
        Demand rows with TEU per week left unserved.
    bottlenecks
        Every capacity with its flow, utilisation and dual value ``dual_cny_per_teu``:
        what one more TEU per week of that capacity would save per week (binding ones
        first).
    kpis
        Totals: transport cost (CNY per week), unserved TEU and penalty, TEU-weighted
        mean and 90th-percentile time, tonne-km, CO2e, mode split (share of tonne-km)
        and corridor split (share of TEU-km).
    solve_info
        Solver, status, objective, bound, gap, time.
    method
        ``"path"`` (column generation) or ``"arc"``.
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

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """The link flows with their geometry (WGS84)."""
        return self.link_flows.copy()

    def summary(self) -> str:
        """KPIs, the busiest corridors and the binding bottlenecks, as text."""
        k = self.kpis
        lines = [
            f"assignment ({self.method}-based, {self.solve_info})",
            f"  demand {k['demand_teu']:,.0f} TEU/week, served {k['served_teu']:,.0f}, "
            f"unserved {k['unserved_teu']:,.1f}",
            f"  transport cost {k['transport_cost_cny']:,.0f} CNY/week "
            f"({k['cost_cny_per_teu']:,.0f} CNY per TEU)",
            f"  time per TEU: mean {k['mean_time_h'] / 24:,.1f} d, "
            f"90th percentile {k['p90_time_h'] / 24:,.1f} d",
            f"  {k['tonne_km'] / 1e6:,.1f} million t-km, "
            f"{k['co2e_kg'] / 1000:,.1f} t CO2e per week",
            "  mode split (t-km): "
            + ", ".join(f"{m} {k[f'share_tkm_{m}']:.1%}" for m in ("rail", "road", "sea", "air")),
        ]
        binding = self.bottlenecks[self.bottlenecks["dual_cny_per_teu"] > 1e-6].head(5)
        if not binding.empty:
            lines.append("  binding capacities (saving per extra TEU/week):")
            for row in binding.itertuples():
                lines.append(
                    f"    {row.kind} {row.id} {row.direction}: {row.flow_teu:,.0f} of "
                    f"{row.capacity_teu_per_week:,.0f} TEU/week, {row.dual_cny_per_teu:,.0f} CNY"
                )
        return "\n".join(lines)

    def corridors(self) -> pd.DataFrame:
        """TEU-km and tonne-km per corridor and mode, busiest first."""
        links = self.link_flows
        table = (
            links.assign(teu_km=links["flow_teu"] * links["distance_km"])
            .groupby(["corridor", "mode"], as_index=False)[["teu_km", "tonne_km", "co2e_kg"]]
            .sum()
        )
        return (
            table[table["teu_km"] > 0].sort_values("teu_km", ascending=False).reset_index(drop=True)
        )

    def plot(self, ax: Axes | None = None, *, title: str = "weekly flows (TEU)") -> Axes:
        """Static map: link widths by flow, colour by utilisation."""
        return plot_flows(self.link_flows, ax, title=title)

    def explore(self, m: folium.Map | None = None) -> folium.Map:
        """Interactive map: link widths by flow, colour by utilisation."""
        return explore_flows(self.link_flows, m)


def assign(
    network: Network,
    demand: pd.DataFrame,
    *,
    method: str = "path",
    integer: bool = False,
    solver: str = "highs",
    time_limit_s: float | None = None,
    unserved_penalty_cny_per_teu: float = DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU,
    threads: int = 1,
) -> Assignment:
    """Assign a weekly demand to the capacitated network at least total cost.

    Parameters
    ----------
    network
        The network.
    demand
        Demand rows: origin, destination (ids or names), cargo_class, teu_per_week
        and/or weight_t_per_week (see ``multimodal.demand``); validated here.
    method
        ``"path"`` (column generation, priced by shortest paths; default) or ``"arc"``
        (one flow variable per commodity aggregate and arc). Both reach the same optimum.
    integer
        Whole TEU per arc (a MIP, arc-based only); duals are then not available.
    solver
        OR-Tools MathOpt backend (``"highs"`` by default; see
        docs/assignment-solvers.md for the measurement behind it).
    time_limit_s
        Stop the solver after this many seconds; the status and gap say so.
    unserved_penalty_cny_per_teu
        Cost of leaving a TEU per week unserved.
    threads
        Solver threads.

    Returns
    -------
    Assignment

    Raises
    ------
    DataValidationError
        For a malformed demand (every problem at once).
    """
    if method not in ("path", "arc"):
        raise DataValidationError(Problem(f"unknown method {method!r}; use 'path' or 'arc'"))
    if integer and method != "arc":
        method = "arc"  # whole TEU need the arc model: column generation prices an LP
    table = validate_demand(demand, network) if "flow_class" not in demand else demand
    model = build_flow_model(
        network, table, unserved_penalty_cny_per_teu=unserved_penalty_cny_per_teu
    )
    logger.info(
        "assigning %d commodities on %d arcs (%s-based)",
        model.problem.n_commodities,
        model.problem.n_arcs,
        method,
    )
    if method == "path":
        solution = solve_path_based(
            model.problem, solver=solver, time_limit_s=time_limit_s, threads=threads
        )
    else:
        solution = solve_arc_based(
            model.problem,
            solver=solver,
            integer=integer,
            time_limit_s=time_limit_s,
            threads=threads,
        )
    return _results(network, model, solution, method)


def _results(network: Network, model: FlowModel, solution: FlowSolution, method: str) -> Assignment:
    base = network.expanded
    links = network.links
    nodes = network.nodes
    problem = model.problem
    demand = model.demand
    t_per_teu = (demand["weight_t_per_week"] / demand["teu_per_week"]).to_numpy(float)
    values = edge_values(base, teu=1.0, weight_t=1.0)  # per TEU and per tonne of cargo
    edge_of = model.arc_edge

    # Paths: per demand row, what each path costs, takes and emits.
    records = []
    tonne_km_link = np.zeros(len(links))
    co2e_link = np.zeros(len(links))
    flows = np.zeros((2, len(links)))
    link_from = np.array([network.node_index(n) for n in links["from_node"]])
    for row in solution.paths.itertuples():
        k = int(row.commodity)
        edges = edge_of[np.asarray(row.arcs, dtype=int)]
        is_link = base.kind[edges] == LINK
        link_ids = base.link[edges[is_link]]
        forward = base.vertex_node[base.tail[edges[is_link]]] == link_from[link_ids]
        np.add.at(flows, (np.where(forward, 0, 1), link_ids), row.flow_teu)
        tonnes = row.flow_teu * t_per_teu[k]
        np.add.at(tonne_km_link, link_ids, tonnes * values.distance_km[edges[is_link]])
        np.add.at(co2e_link, link_ids, tonnes * values.co2e_kg[edges[is_link]])
        visited = [base.node_ids[base.vertex_node[base.tail[edges[0]]]]]
        for e in edges[is_link]:
            head = base.node_ids[base.vertex_node[base.head[e]]]
            if head != visited[-1]:
                visited.append(head)
        modes = links["mode"].to_numpy()[link_ids]
        records.append(
            {
                "demand_id": demand["id"].iat[k],
                "origin": demand["origin"].iat[k],
                "destination": demand["destination"].iat[k],
                "cargo_class": demand["cargo_class"].iat[k],
                "path_id": int(row.path_id),
                "flow_teu": float(row.flow_teu),
                "share": float(row.flow_teu) / float(demand["teu_per_week"].iat[k]),
                "cost_cny_per_teu": float(
                    base.cost_cny_per_teu[edges].sum()
                    + T_PER_TEU * base.cost_cny_per_t[edges].sum()
                ),
                "time_h": float(values.time_h[edges].sum()),
                "distance_km": float(values.distance_km[edges].sum()),
                "tonne_km": float(tonnes * values.distance_km[edges[is_link]].sum()),
                "co2e_kg": float(tonnes * values.co2e_kg[edges[is_link]].sum()),
                "modes": "+".join(m for i, m in enumerate(modes) if i == 0 or m != modes[i - 1]),
                "via": " > ".join(visited),
            }
        )
    path_columns = [
        "demand_id", "origin", "destination", "cargo_class", "path_id", "flow_teu", "share",
        "cost_cny_per_teu", "time_h", "distance_km", "tonne_km", "co2e_kg", "modes", "via",
    ]  # fmt: skip
    paths = pd.DataFrame.from_records(records, columns=path_columns)

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
            "utilisation": np.where(capacity > 0, busiest / capacity, np.nan),
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
            "utilisation": through / hub_capacity,
        }
    )
    hub_throughput = hub_throughput[hub_throughput["throughput_teu"] > 1e-9]
    hub_throughput = hub_throughput.sort_values("throughput_teu", ascending=False).reset_index(
        drop=True
    )

    group_flow = model.problem.group_arcs @ solution.arc_flow
    bottlenecks = model.groups.assign(
        flow_teu=group_flow,
        utilisation=group_flow / model.groups["capacity_teu_per_week"],
        dual_cny_per_teu=solution.group_capacity_dual,
    ).sort_values(["dual_cny_per_teu", "utilisation"], ascending=False, na_position="last")
    bottlenecks = bottlenecks.reset_index(drop=True)

    unserved = demand.assign(unserved_teu=solution.unserved)
    unserved = unserved.loc[
        unserved["unserved_teu"] > 1e-9,
        ["id", "origin", "destination", "cargo_class", "teu_per_week", "unserved_teu"],
    ]
    unserved = unserved.reset_index(drop=True)

    kpis = _kpis(problem, solution, demand, paths, link_flows)
    served = demand.assign(served_teu=problem.commodity_demand - solution.unserved)
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
    )


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
