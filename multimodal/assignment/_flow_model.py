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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..customs import cargo_allowed, regime_of
from ..graph import ACCESS_IN, ACCESS_OUT, DWELL, GAUGE, IN, LINK, OUT, TRANSFER
from ..modes import CargoClass
from ..objective import EdgeValues, GeneralizedCost, edge_values
from ..units import T_PER_TEU
from .problem import FlowProblem

if TYPE_CHECKING:
    from ..network import Network

#: What ``assign`` can minimise (per TEU): money (``cost``, CNY), door-to-door hours
#: (``time``), CO2e (``co2e``, kg at each row's tonnes per TEU) or the shipper's
#: ``generalized`` cost (money + value of time x hours + transfer penalty, CNY; see
#: ``multimodal.objective.GeneralizedCost``).
ASSIGN_OBJECTIVES = ("cost", "time", "co2e", "generalized")

#: Secondary criteria, so that equal optima of the primary one do not leave the KPIs to the
#: solver's whim (an LP otherwise picks any vertex of the optimal face, and scenario deltas
#: would show arbitrary time and CO2e changes, run to run and method to method). Money
#: objectives add 1e-3 CNY per TEU-hour and 1e-5 CNY per kg CO2e (at most ~1 CNY per TEU
#: on a 1,000-hour route, against route costs of 10^3-10^5); time and CO2e objectives add
#: 1e-6 of the money. Commodities are split into classes by tonnes per TEU as well, so
#: the CO2e tie-break sees each row's own weight. The reported costs are money only.
TIE_BREAK_CNY_PER_TEU_H = 1e-3
TIE_BREAK_CNY_PER_KG = 1e-5
TIE_BREAK_OF_MONEY = 1e-6

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
    objective
        What the problem's costs measure (``ASSIGN_OBJECTIVES``).
    value_of_time
        ``(K,)`` each commodity's value of time, CNY per TEU-hour (for the generalized
        cost reported beside the money).
    generalized
        The generalized-cost rules used (value of time, transfer penalty).
    """

    problem: FlowProblem
    arc_edge: np.ndarray
    demand: pd.DataFrame
    classes: list[tuple[str, str]]
    groups: pd.DataFrame
    objective: str = "cost"
    value_of_time: np.ndarray = field(default_factory=lambda: np.zeros(0))
    generalized: GeneralizedCost = field(default_factory=GeneralizedCost)


def build_flow_model(
    network: Network,
    demand: pd.DataFrame,
    *,
    unserved_penalty_cny_per_teu: float = DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU,
    objective: str = "cost",
    generalized: GeneralizedCost | None = None,
    tie_break: bool = True,
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
        Cost of a TEU per week left unserved, in the objective's unit per TEU.
    objective
        One of ``ASSIGN_OBJECTIVES`` (with its secondary criteria).
    generalized
        The generalized-cost rules (default ``GeneralizedCost()``); the value of time
        also prices the generalized cost reported for every objective.
    tie_break
        Add the secondary criteria (an LP needs them; the logit, whose split is unique,
        does not: its costs are then exactly the generalized cost).

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

    generalized = generalized if generalized is not None else GeneralizedCost()
    value_of_time, t_per_teu = _commodity_rates(demand, generalized)
    demand = demand.assign(_vot=value_of_time.round(3), _tpt=t_per_teu.round(2))

    # Classes: one per (regime, cargo class, tonnes per TEU[, value of time]) in the demand.
    class_columns = ["regime", "cargo_class", "_tpt"] + (
        ["_vot"] if objective == "generalized" else []
    )
    keys = list(dict.fromkeys(demand[class_columns].itertuples(index=False, name=None)))
    class_of = {key: i for i, key in enumerate(keys)}
    costs = np.empty((len(keys), len(arc_edge)))
    is_transfer = (base.kind == TRANSFER).astype(float)
    priced: dict[str, EdgeValues] = {}
    for i, key in enumerate(keys):
        regime, cargo_name, tpt = key[:3]
        cargo = CargoClass.parse(cargo_name)
        if cargo_name not in priced:
            priced[cargo_name] = edge_values(base, teu=1.0, weight_t=T_PER_TEU, cargo_class=cargo)
        values = priced[cargo_name]
        allowed = cargo_allowed(base, arc_edge, values, cargo, regime) & member[regime]
        vot = key[3] if objective == "generalized" else 0.0
        weight = _edge_weight(values, objective, tpt, vot, is_transfer, generalized, tie_break)
        costs[i] = np.where(allowed, weight[arc_edge], np.inf)

    groups, group_arcs = _capacity_groups(network, arc_edge, position)

    target_state = demand["regime"].isin(["export", "import"]).to_numpy(int)
    origin = np.array([base.vertex(o, OUT) for o in demand["origin"]])
    destination = np.array([base.vertex(d, IN) for d in demand["destination"]])
    destination = destination + target_state * n_base
    classes = np.array(
        [class_of[key] for key in demand[class_columns].itertuples(index=False, name=None)]
    )
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
    demand = demand.drop(columns=["_vot", "_tpt"]).assign(flow_class=classes)
    return FlowModel(
        problem,
        arc_edge,
        demand.reset_index(drop=True),
        [(str(key[0]), str(key[1])) for key in keys],
        groups,
        objective=objective,
        value_of_time=value_of_time,
        generalized=generalized,
    )


def _commodity_rates(
    demand: pd.DataFrame, generalized: GeneralizedCost
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's value of time (CNY per TEU-hour) and tonnes per TEU."""
    values = (
        demand["cargo_value_cny_per_teu"].to_numpy(float)
        if "cargo_value_cny_per_teu" in demand
        else np.full(len(demand), np.nan)
    )
    vot = np.array(
        [
            generalized.value_of_time_cny_per_teu_h(CargoClass.parse(c), v)
            for c, v in zip(demand["cargo_class"], values)
        ]
    )
    teu = demand["teu_per_week"].to_numpy(float)
    if "weight_t_per_week" in demand:
        tonnes = demand["weight_t_per_week"].to_numpy(float)
        t_per_teu = np.where(np.isfinite(tonnes) & (teu > 0), tonnes / teu, T_PER_TEU)
    else:
        t_per_teu = np.full(len(demand), T_PER_TEU)
    return vot, t_per_teu


def _edge_weight(
    values: EdgeValues,
    objective: str,
    t_per_teu: float,
    value_of_time: float,
    is_transfer: np.ndarray,
    generalized: GeneralizedCost,
    tie_break: bool = True,
) -> np.ndarray:
    """Per-TEU edge weight of an objective with its secondary criteria (see the constants)."""
    money, hours = values.cost_cny, values.time_h
    co2e = values.co2e_kg * (t_per_teu / T_PER_TEU)  # the row's own tonnes per TEU
    if objective == "time":
        return hours + TIE_BREAK_OF_MONEY * money
    if objective == "co2e":
        return co2e + TIE_BREAK_OF_MONEY * money + TIE_BREAK_CNY_PER_TEU_H * hours
    tie = TIE_BREAK_CNY_PER_KG * co2e if tie_break else 0.0
    if objective == "cost":
        return money + TIE_BREAK_CNY_PER_TEU_H * hours + tie
    return (
        money
        + value_of_time * hours
        + generalized.transfer_penalty_cny_per_teu * is_transfer
        + generalized.carbon_price_cny_per_t * co2e / 1000.0
        + tie
    )


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
