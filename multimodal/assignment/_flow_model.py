"""The network and a demand as a ``FlowProblem``: what ``assign`` hands to the engines.

The network becomes a ``FlowProblem`` on the mode-expanded graph times the customs state,
so every routing rule holds per commodity exactly as in ``multimodal.route``: each
(customs regime, cargo class) pair is a class of the flow problem whose forbidden arcs
carry an infinite cost (customs, designated ports, reefer, dangerous goods). Capacities
are shared constraints ("groups"):

- a link's ``capacity_teu_per_week`` (air: ``capacity_t_per_week`` / 10 t per TEU) bounds
  each direction's flow, summed over its copies in both customs states;
- a service's ``departures_per_week x capacity_teu_per_departure`` bounds its load on
  each segment between two stops (air: tonnes / 10 t per TEU);
- a node's ``throughput_teu_per_week`` bounds the TEU handled there: flow that changes mode,
  service or gauge at the node (a through train's boxes transshipped at a gauge change
  too), or starts or ends there (through traffic staying on its train is not handled).

Demand the network cannot carry is left unserved at a stated penalty per TEU, so a
too-small network still gives an answer that says what did not fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..customs import cargo_allowed, regime_of
from ..graph import ACCESS_IN, ACCESS_OUT, DWELL, GAUGE, IN, LINK, OUT, TRANSFER
from ..modes import CargoClass
from ..objective import edge_values
from ..units import T_PER_TEU
from .problem import FlowProblem

if TYPE_CHECKING:
    from ..network import Network

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
    """Translate a network and a validated demand into a ``FlowModel``.

    Parameters
    ----------
    network
        The network.
    demand
        The validated demand (``multimodal.demand.validate_demand``): one commodity per
        row, ``teu_per_week`` > 0.
    unserved_penalty_cny_per_teu
        Cost of a TEU per week left unserved, CNY per TEU.

    Returns
    -------
    FlowModel
        The problem and the maps back to the network.
    """
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
    graphs = {r: network.state_graph(r) for r in sorted(set(regimes))}
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

    groups, group_arcs = _capacity_groups(network, arc_edge, position)

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


def _service_groups(
    network: Network,
    arc_edge: np.ndarray,
    group_rows: list[np.ndarray],
    group_cols: list[np.ndarray],
    group_info: list[tuple[str, str, str, float]],
) -> None:
    """One capacity per service and stop-to-stop segment: departures x capacity each.

    The load of a service is constant between two stops (boxes board and alight only at
    stops), so the first link ridden after each stop stands for the segment.
    """
    base = network.expanded
    table = network.service_table
    capacity = table.capacity_teu_per_week(T_PER_TEU)
    ride = (base.kind[arc_edge] == LINK) & (base.service[arc_edge] >= 0)
    leaves_stop = np.array(
        [str(side).startswith("dep") for side in base.vertex_side[base.tail[arc_edge]]], bool
    )
    first_of_segment = ride & leaves_stop
    for e in np.unique(arc_edge[first_of_segment]):
        s = int(base.service[e])
        if not np.isfinite(capacity[s]):
            continue
        arcs = np.flatnonzero(arc_edge == e)
        head_name = base.node_ids[base.vertex_node[base.head[e]]]
        tail_name = base.node_ids[base.vertex_node[base.tail[e]]]
        group_rows.append(np.full(len(arcs), len(group_info)))
        group_cols.append(arcs)
        group_info.append(("service", base.service_ids[s], f"{tail_name}>{head_name}", capacity[s]))


def _capacity_groups(
    network: Network, arc_edge: np.ndarray, position: dict[str, int]
) -> tuple[pd.DataFrame, sp.csr_matrix]:
    """The shared capacities (link directions, hub throughputs) and their arcs.

    Returns one row per capacity (``kind``, ``id``, ``direction``,
    ``capacity_teu_per_week``) and the ``(groups, arcs)`` 0/1 matrix of the arcs each
    capacity bounds.
    """
    base = network.expanded
    links = network.links
    nodes = network.nodes
    group_rows: list[np.ndarray] = []
    group_cols: list[np.ndarray] = []
    group_info: list[tuple[str, str, str, float]] = []
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
    _service_groups(network, arc_edge, group_rows, group_cols, group_info)
    throughput = nodes["throughput_teu_per_week"].to_numpy(float)
    kind = base.kind[arc_edge]
    # A gauge change on board (a through train transshipped at the border) is handled too.
    regauged = (kind == DWELL) & (
        base.vertex_layer[base.tail[arc_edge]] != base.vertex_layer[base.head[arc_edge]]
    )
    handled = np.isin(kind, _HANDLED) | regauged
    event_node = base.node[arc_edge]
    for node in np.flatnonzero(np.isfinite(throughput)):
        arcs = np.flatnonzero(handled & (event_node == node))
        if len(arcs):
            group_rows.append(np.full(len(arcs), len(group_info)))
            group_cols.append(arcs)
            group_info.append(("hub", nodes["id"].iat[node], "", throughput[node]))
    groups = pd.DataFrame(group_info, columns=["kind", "id", "direction", "capacity_teu_per_week"])
    rows = np.concatenate(group_rows) if group_rows else np.zeros(0, int)
    cols = np.concatenate(group_cols) if group_cols else np.zeros(0, int)
    group_arcs = sp.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(group_info), len(arc_edge))
    )
    return groups, group_arcs
