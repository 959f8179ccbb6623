"""The mode-expanded graph: where a change of mode or gauge is never free by accident.

Every physical node becomes two vertices per *layer* it serves (``rail`` for 1435 mm,
``rail_1520``, ``road``, ``sea``, ``air``): an arrival side, where links end, and a
departure side, where links start; plus two access vertices: ``out`` (a shipment starts
here, in any layer, at no cost) and ``in`` (a shipment ends here). Access vertices have
edges in one direction only, so no route can pass through them to change layer for free;
a transfer goes from an arrival side to another layer's departure side, so transfers
cannot be chained to change gauge or mode without moving. Edges are:

``link``
    one per link and direction, inside its layer;
``stay``
    from a layer's arrival side to its departure side: staying on board, free;
``transfer``
    between two layers of different modes at a node: the node's handling cost and dwell;
``gauge``
    between ``rail`` and ``rail_1520`` where both meet: the gauge change cost and time;
``clear``
    a customs clearance at an open port, for the layers of the modes it is open for;
    a self-loop here, it moves a shipment from "not cleared" to "cleared" in the customs
    product graph built by ``customs_graph``;
``access_out`` / ``access_in``
    from a node's ``out`` vertex to each layer's departure side, and from each arrival
    side to ``in``.

This module is the only place that knows the expansion; everything else works on the
arrays of ``ExpandedGraph`` or on ``ExpandedGraph.to_networkx()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

import networkx as nx
import numpy as np
import pandas as pd

from .modes import Mode, split_list
from .schema import OPEN_PORT_STATUSES, parse_timetable

LINK, TRANSFER, GAUGE, CLEAR, ACCESS_OUT, ACCESS_IN, STAY = range(7)
EDGE_KINDS = ("link", "transfer", "gauge", "clear", "access_out", "access_in", "stay")
LAYERS = ("rail", "rail_1520", "road", "sea", "air")
OUT, IN = "out", "in"
ARR, DEP = "arr", "dep"
_COLUMNS = (
    "tail", "head", "kind", "link", "node", "distance_km", "time_h", "headway_h",
    "timetable", "cost_teu", "cost_t", "co2e", "reefer", "dg", "designated",
)  # fmt: skip
HOURS_PER_WEEK = 168.0


def layer_of(mode: str, gauge_mm: float) -> str:
    """Return the layer of a link: its mode, with broad-gauge rail set apart."""
    if mode == Mode.RAIL.value and gauge_mm == 1520:
        return "rail_1520"
    return mode


def mode_of_layer(layer: str) -> str:
    """Return the mode of a layer (``rail_1520`` -> ``rail``)."""
    return "rail" if layer.startswith("rail") else layer


@dataclass(frozen=True, eq=False)
class ExpandedGraph:
    """Arrays of the mode-expanded graph (vertex and edge attributes, aligned).

    Attributes
    ----------
    node_ids
        Physical node ids, in the network's node order; ``vertex_node`` indexes them.
    vertex_node, vertex_layer, vertex_side
        For each vertex: its physical node (index), layer name (or ``out`` / ``in``) and
        side (``arr``, ``dep``, or ``""`` for access vertices).
    tail, head, kind
        For each edge: its end vertices and kind (see module docstring).
    link
        Index of the link in ``Network.links`` for link edges, -1 otherwise.
    node
        Index of the node where a transfer, gauge change or clearance happens, -1 otherwise.
    distance_km, time_h
        Length and time in motion (links) or dwell / handling time (hub events).
    headway_h
        Hours between departures (168 / departures per week); 0 for continuous service.
    timetable
        Index into ``timetables`` (weekly departures, hours since Monday 00:00), -1 if none.
    cost_cny_per_teu, cost_cny_per_t
        Price of the edge per TEU and per tonne (a link uses one, by its pricing basis).
    co2e_g_per_tkm
        Emission intensity of link edges (0 for hub events).
    reefer, dangerous_goods
        Whether the edge (link, or the hub of a hub event) accepts such cargo.
    foreign_tail, foreign_head
        Whether the edge's ends lie outside China.
    border_open
        For edges that cross the Chinese border: whether the Chinese end is a port open for
        the link's mode. True for every other edge.
    designated
        For clearance edges, the designated cargo classes of the port (empty otherwise).
    """

    node_ids: np.ndarray
    vertex_node: np.ndarray
    vertex_layer: np.ndarray
    vertex_side: np.ndarray
    tail: np.ndarray
    head: np.ndarray
    kind: np.ndarray
    link: np.ndarray
    node: np.ndarray
    distance_km: np.ndarray
    time_h: np.ndarray
    headway_h: np.ndarray
    timetable: np.ndarray
    timetables: tuple[tuple[float, ...], ...]
    cost_cny_per_teu: np.ndarray
    cost_cny_per_t: np.ndarray
    co2e_g_per_tkm: np.ndarray
    reefer: np.ndarray
    dangerous_goods: np.ndarray
    foreign_tail: np.ndarray
    foreign_head: np.ndarray
    border_open: np.ndarray
    designated: tuple[frozenset[str], ...]
    vertex_index: dict[tuple[str, str, str], int] = field(repr=False)

    @property
    def n_vertices(self) -> int:
        """Number of vertices."""
        return len(self.vertex_node)

    @property
    def n_edges(self) -> int:
        """Number of edges."""
        return len(self.tail)

    def vertex(self, node_id: str, layer: str, side: str = "") -> int:
        """Return the index of a vertex.

        ``(node, "out")``, ``(node, "in")`` or ``(node, layer, "arr" | "dep")``.
        """
        return self.vertex_index[(node_id, layer, side)]

    def vertex_name(self, v: int) -> tuple[str, str, str]:
        """The ``(node id, layer, side)`` of vertex ``v``."""
        return (self.node_ids[self.vertex_node[v]], self.vertex_layer[v], self.vertex_side[v])

    @cached_property
    def edges(self) -> pd.DataFrame:
        """The edges as a table: one row per edge with readable vertex names."""
        names = np.asarray(
            [
                f"{self.node_ids[n]}/{layer}"
                for n, layer in zip(self.vertex_node, self.vertex_layer)
            ],
            dtype=object,
        )
        return pd.DataFrame(
            {
                "tail": names[self.tail],
                "head": names[self.head],
                "kind": np.asarray(EDGE_KINDS, dtype=object)[self.kind],
                "link": self.link,
                "distance_km": self.distance_km,
                "time_h": self.time_h,
                "headway_h": self.headway_h,
                "cost_cny_per_teu": self.cost_cny_per_teu,
                "cost_cny_per_t": self.cost_cny_per_t,
                "co2e_g_per_tkm": self.co2e_g_per_tkm,
            }
        )

    def to_networkx(self) -> nx.MultiDiGraph:
        """Return the expanded graph as a networkx ``MultiDiGraph``.

        Vertices are ``(node_id, layer, side)`` tuples; edge keys are edge indices; edge
        data carry every edge attribute. Clearance self-loops are left out (they only mean
        something in the customs product graph).
        """
        graph = nx.MultiDiGraph()
        for index in range(self.n_vertices):
            graph.add_node(self.vertex_name(index), index=index)
        for e in np.flatnonzero(self.kind != CLEAR):
            graph.add_edge(
                self.vertex_name(int(self.tail[e])),
                self.vertex_name(int(self.head[e])),
                key=int(e),
                kind=EDGE_KINDS[self.kind[e]],
                link=int(self.link[e]),
                distance_km=float(self.distance_km[e]),
                time_h=float(self.time_h[e]),
                headway_h=float(self.headway_h[e]),
                cost_cny_per_teu=float(self.cost_cny_per_teu[e]),
                cost_cny_per_t=float(self.cost_cny_per_t[e]),
                co2e_g_per_tkm=float(self.co2e_g_per_tkm[e]),
            )
        return graph


class _EdgeRows:
    """Edge attributes collected row by row, in the order the edges are added."""

    #: Each attribute's value when an edge does not set it.
    DEFAULTS: ClassVar[dict[str, object]] = {
        "link": -1,
        "node": -1,
        "distance_km": 0.0,
        "time_h": 0.0,
        "headway_h": 0.0,
        "timetable": -1,
        "cost_teu": 0.0,
        "cost_t": 0.0,
        "co2e": 0.0,
        "reefer": True,
        "dg": True,
        "designated": frozenset(),
    }

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {k: [] for k in _COLUMNS}

    def add(self, tail: int, head: int, kind: int, **values: object) -> None:
        """Append one edge; attributes not given take their defaults."""
        unknown = set(values) - set(self.DEFAULTS)
        if unknown:  # a typo in this module, not bad input
            message = f"unknown edge attributes {sorted(unknown)}"
            raise TypeError(message)
        self.columns["tail"].append(tail)
        self.columns["head"].append(head)
        self.columns["kind"].append(kind)
        for key, default in self.DEFAULTS.items():
            self.columns[key].append(values.get(key, default))


@dataclass(frozen=True)
class _Vertices:
    """The vertices of the expansion: their node, layer and side, and the index of each."""

    node: list[int]
    layer: list[str]
    side: list[str]
    index: dict[tuple[str, str, str], int]
    present: dict[int, set[str]]


def _vertices(
    node_ids: np.ndarray, link_from: np.ndarray, link_to: np.ndarray, link_layer: np.ndarray
) -> _Vertices:
    """The vertices: each layer a node touches (arrival and departure side), and access."""
    present: dict[int, set[str]] = {i: set() for i in range(len(node_ids))}
    for a, b, layer in zip(link_from, link_to, link_layer):
        present[a].add(layer)
        present[b].add(layer)
    vertices = _Vertices([], [], [], {}, present)
    for i, ident in enumerate(node_ids):
        sides = [(OUT, ""), (IN, "")]
        sides += [(lay, side) for lay in LAYERS if lay in present[i] for side in (ARR, DEP)]
        for layer, side in sides:
            vertices.index[(ident, layer, side)] = len(vertices.node)
            vertices.node.append(i)
            vertices.layer.append(layer)
            vertices.side.append(side)
    return vertices


def _timetables(links: pd.DataFrame) -> tuple[list[tuple[float, ...]], list[int]]:
    """The distinct weekly timetables, and each link's index into them (-1 for none)."""
    timetables: list[tuple[float, ...]] = []
    timetable_pos: dict[tuple[float, ...], int] = {}
    link_timetable = []
    for text in links["timetable"]:
        slots = tuple(parse_timetable(text))
        tt = -1
        if slots:
            tt = timetable_pos.setdefault(slots, len(timetables))
            if tt == len(timetables):
                timetables.append(slots)
        link_timetable.append(tt)
    return timetables, link_timetable


def _add_link_edges(
    rows: _EdgeRows,
    links: pd.DataFrame,
    directed: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    node_ids: np.ndarray,
    vertices: _Vertices,
    link_timetable: list[int],
) -> None:
    """One edge per link and direction served, inside the link's layer."""
    per_teu = (links["cost_basis"] == "teu").to_numpy()
    cost = links["cost_cny"].to_numpy(float)
    departures = links["departures_per_week"].to_numpy(float)
    distance = links["distance_km"].to_numpy(float)
    moving = links["time_h"].to_numpy(float)
    co2e = links["co2e_g_per_tkm"].to_numpy(float)
    link_reefer = links["reefer"].to_numpy(bool)
    link_dg = links["dangerous_goods"].to_numpy(bool) & (links["mode"] != Mode.AIR.value).to_numpy()
    for k, a, b, layer in zip(*directed):
        rows.add(
            vertices.index[(node_ids[a], layer, DEP)],
            vertices.index[(node_ids[b], layer, ARR)],
            LINK,
            link=int(k),
            distance_km=distance[k],
            time_h=moving[k],
            headway_h=HOURS_PER_WEEK / departures[k] if departures[k] > 0 else 0.0,
            timetable=link_timetable[k],
            cost_teu=cost[k] if per_teu[k] else 0.0,
            cost_t=0.0 if per_teu[k] else cost[k],
            co2e=co2e[k],
            reefer=link_reefer[k],
            dg=link_dg[k],
        )


def _hub_values(nodes: pd.DataFrame) -> dict[str, np.ndarray]:
    """The node columns the hub events use, as arrays (blank costs and times are 0)."""
    return {
        "handling": nodes["handling_cost_cny_per_teu"].fillna(0.0).to_numpy(float),
        "dwell": nodes["dwell_h"].fillna(0.0).to_numpy(float),
        "gauge_cost": np.nan_to_num(nodes["gauge_change_cost_cny_per_teu"].to_numpy(float)),
        "gauge_h": np.nan_to_num(nodes["gauge_change_h"].to_numpy(float)),
        "customs_cost": nodes["customs_cost_cny_per_teu"].fillna(0.0).to_numpy(float),
        "customs_h": nodes["customs_h"].fillna(0.0).to_numpy(float),
        "reefer": nodes["reefer"].to_numpy(bool),
        "dg": nodes["dangerous_goods"].to_numpy(bool),
    }


def _add_changes(
    rows: _EdgeRows,
    values: dict[str, np.ndarray],
    arrive: dict[str, int],
    depart: dict[str, int],
    i: int,
    a: str,
) -> None:
    """From layer ``a`` at node ``i``: transfers to other modes, gauge changes to rail."""
    flags = {"reefer": values["reefer"][i], "dg": values["dg"][i]}
    for b in depart:
        if a == b:
            continue
        if mode_of_layer(a) == mode_of_layer(b):  # rail <-> rail_1520
            rows.add(
                arrive[a],
                depart[b],
                GAUGE,
                node=i,
                time_h=float(values["gauge_h"][i]),
                cost_teu=float(values["gauge_cost"][i]),
                **flags,
            )
        else:
            rows.add(
                arrive[a],
                depart[b],
                TRANSFER,
                node=i,
                time_h=values["dwell"][i],
                cost_teu=values["handling"][i],
                **flags,
            )


def _add_hub_edges(rows: _EdgeRows, nodes: pd.DataFrame, vertices: _Vertices) -> None:
    """Hub events at each node: transfers, gauge changes, staying on board, access, clearance."""
    values = _hub_values(nodes)
    foreign = (nodes["country"] != "CN").to_numpy()
    is_open = nodes["port_status"].isin(OPEN_PORT_STATUSES).to_numpy()
    port_modes = [set(split_list(v)) for v in nodes["port_modes"]]
    designated = [frozenset(split_list(v)) for v in nodes["designated"]]
    for i, ident in enumerate(nodes["id"]):
        here = [lay for lay in LAYERS if lay in vertices.present[i]]
        arrive = {lay: vertices.index[(ident, lay, ARR)] for lay in here}
        depart = {lay: vertices.index[(ident, lay, DEP)] for lay in here}
        clears = not foreign[i] and is_open[i]
        for a in here:
            _add_changes(rows, values, arrive, depart, i, a)
            rows.add(arrive[a], depart[a], STAY, node=i)
            rows.add(vertices.index[(ident, OUT, "")], depart[a], ACCESS_OUT, node=i)
            rows.add(arrive[a], vertices.index[(ident, IN, "")], ACCESS_IN, node=i)
            if clears and mode_of_layer(a) in port_modes[i]:
                for v in (arrive[a], depart[a]):  # clear on arrival, or before departure
                    rows.add(
                        v,
                        v,
                        CLEAR,
                        node=i,
                        time_h=values["customs_h"][i],
                        cost_teu=values["customs_cost"][i],
                        designated=designated[i],
                    )


def expand(nodes: pd.DataFrame, links: pd.DataFrame) -> ExpandedGraph:
    """Build the mode-expanded graph of validated nodes and links.

    Parameters
    ----------
    nodes, links
        Validated tables (see ``multimodal.schema``).

    Returns
    -------
    ExpandedGraph
    """
    node_ids = nodes["id"].to_numpy(dtype=object)
    node_pos = {n: i for i, n in enumerate(node_ids)}

    # Directed link records: (link index, from, to, layer) for each direction served.
    src = links["from_node"].map(node_pos).to_numpy(int)
    dst = links["to_node"].map(node_pos).to_numpy(int)
    both = links["bidirectional"].to_numpy(bool)
    link_idx = np.concatenate([np.arange(len(links)), np.flatnonzero(both)])
    link_from = np.concatenate([src, dst[both]])
    link_to = np.concatenate([dst, src[both]])
    layers = np.array(
        [layer_of(m, g) for m, g in zip(links["mode"], links["gauge_mm"])], dtype=object
    )
    link_layer = layers[link_idx]
    vertices = _vertices(node_ids, link_from, link_to, link_layer)

    rows = _EdgeRows()
    timetables, link_timetable = _timetables(links)
    directed = (link_idx, link_from, link_to, link_layer)
    _add_link_edges(rows, links, directed, node_ids, vertices, link_timetable)
    _add_hub_edges(rows, nodes, vertices)
    columns = rows.columns

    tail = np.asarray(columns["tail"], dtype=np.int64)
    head = np.asarray(columns["head"], dtype=np.int64)
    vnode = np.asarray(vertices.node, dtype=np.int64)
    vlayer = np.asarray(vertices.layer, dtype=object)
    foreign = (nodes["country"] != "CN").to_numpy()
    foreign_tail = foreign[vnode[tail]]
    foreign_head = foreign[vnode[head]]
    return ExpandedGraph(
        node_ids=node_ids,
        vertex_node=vnode,
        vertex_layer=vlayer,
        vertex_side=np.asarray(vertices.side, dtype=object),
        tail=tail,
        head=head,
        kind=np.asarray(columns["kind"], dtype=np.int8),
        link=np.asarray(columns["link"], dtype=np.int64),
        node=np.asarray(columns["node"], dtype=np.int64),
        distance_km=np.asarray(columns["distance_km"], dtype=float),
        time_h=np.asarray(columns["time_h"], dtype=float),
        headway_h=np.asarray(columns["headway_h"], dtype=float),
        timetable=np.asarray(columns["timetable"], dtype=np.int64),
        timetables=tuple(timetables),
        cost_cny_per_teu=np.asarray(columns["cost_teu"], dtype=float),
        cost_cny_per_t=np.asarray(columns["cost_t"], dtype=float),
        co2e_g_per_tkm=np.asarray(columns["co2e"], dtype=float),
        reefer=np.asarray(columns["reefer"], dtype=bool),
        dangerous_goods=np.asarray(columns["dg"], dtype=bool),
        foreign_tail=foreign_tail,
        foreign_head=foreign_head,
        border_open=_border_open(nodes, vnode, vlayer, tail, head),
        designated=tuple(columns["designated"]),
        vertex_index=vertices.index,
    )


def _border_open(
    nodes: pd.DataFrame, vnode: np.ndarray, vlayer: np.ndarray, tail: np.ndarray, head: np.ndarray
) -> np.ndarray:
    """A border edge is usable only if its Chinese end is open for the link's mode."""
    foreign = (nodes["country"] != "CN").to_numpy()
    is_open = nodes["port_status"].isin(OPEN_PORT_STATUSES).to_numpy()
    port_modes = [set(split_list(v)) for v in nodes["port_modes"]]
    foreign_tail = foreign[vnode[tail]]
    foreign_head = foreign[vnode[head]]
    border_open = np.ones(len(tail), dtype=bool)
    for e in np.flatnonzero(foreign_tail != foreign_head):
        cn_node = vnode[head[e]] if foreign_tail[e] else vnode[tail[e]]
        mode = mode_of_layer(vlayer[tail[e]])
        border_open[e] = bool(is_open[cn_node] and mode in port_modes[cn_node])
    return border_open
