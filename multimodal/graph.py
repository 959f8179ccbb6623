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

Services (``multimodal.services``) add a layer of their own. Each service has a vertex
where it arrives at and one where it leaves each stop, and one at each node it passes
without stopping. Its edges:

``board``
    from the stop's departure side to the service: the wait for a departure (half the
    pooled headway of the services with the same stops, or the timetable's next
    departure) and the fixed fare;
``link``
    riding one link: the service's run time, the fare per km, the link's emissions;
``dwell``
    staying on board through a stop: the stop's dwell (and the gauge change charge
    where the gauge changes there);
``alight``
    from the service to the node's ``off`` vertex.

From ``off`` a box ends its trip, changes mode, or boards another service of the same
mode through a ``transfer`` that pays the node's handling and dwell: a change of service
is never free. Road links stay continuous, chained through the free ``stay`` edge; a
rail, sea or air link is used only by the services that ride it (a link with departures
of its own and no service is a one-link service; one with neither carries nothing).

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
from .services import HOURS_PER_WEEK, ServiceTable, read_services

LINK, TRANSFER, GAUGE, CLEAR, ACCESS_OUT, ACCESS_IN, STAY, BOARD, DWELL, ALIGHT = range(10)
EDGE_KINDS = (
    "link", "transfer", "gauge", "clear", "access_out", "access_in", "stay",
    "board", "dwell", "alight",
)  # fmt: skip
LAYERS = ("rail", "rail_1520", "road", "sea", "air")
OUT, IN = "out", "in"
ARR, DEP, OFF = "arr", "dep", "off"
_COLUMNS = (
    "tail", "head", "kind", "link", "node", "service", "distance_km", "time_h", "headway_h",
    "timetable", "cost_teu", "cost_t", "co2e", "reefer", "dg", "designated",
)  # fmt: skip


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
    service
        Index of the service (into ``service_ids``) of board, ride, dwell and alight
        edges, -1 otherwise.
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
    vertex_service
        For each vertex: the service it belongs to (-1 for node vertices).
    service_ids, service_names, service_cargo
        Id, name and the cargo classes each service may carry (empty: all).
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
    service: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    vertex_service: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    service_ids: tuple[str, ...] = ()
    service_names: tuple[str, ...] = ()
    service_cargo: tuple[frozenset[str], ...] = ()

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
        """The ``(node id, layer, side)`` of vertex ``v``.

        A service's vertex has ``layer@service_id`` as its layer and ``arr<k>``,
        ``dep<k>`` (stop ``k``) or ``via<k>`` (passing) as its side.
        """
        layer = self.vertex_layer[v]
        service = self.vertex_service[v] if len(self.vertex_service) else -1
        if service >= 0:
            layer = f"{layer}@{self.service_ids[service]}"
        return (self.node_ids[self.vertex_node[v]], layer, self.vertex_side[v])

    @cached_property
    def edges(self) -> pd.DataFrame:
        """The edges as a table: one row per edge with readable vertex names."""
        names = np.asarray(
            ["/".join(self.vertex_name(v)[:2]) for v in range(self.n_vertices)], dtype=object
        )
        service_ids = np.asarray([*self.service_ids, ""], dtype=object)
        return pd.DataFrame(
            {
                "tail": names[self.tail],
                "head": names[self.head],
                "kind": np.asarray(EDGE_KINDS, dtype=object)[self.kind],
                "link": self.link,
                "service_id": service_ids[self.service],
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
                service=int(self.service[e]),
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
        "service": -1,
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
    """The vertices of the expansion: their node, layer, side and service, and their index."""

    node: list[int]
    layer: list[str]
    side: list[str]
    service: list[int]
    index: dict[tuple[str, str, str], int]
    present: dict[int, set[str]]
    alights: dict[int, set[str]]

    def add(self, key: tuple[str, str, str], node: int, layer: str, side: str, service: int) -> int:
        """Append a vertex (``key`` must be new); return its index."""
        self.index[key] = len(self.node)
        self.node.append(node)
        self.layer.append(layer)
        self.side.append(side)
        self.service.append(service)
        return self.index[key]


def _vertices(
    node_ids: np.ndarray,
    ends: list[tuple[int, str]],
    alights: list[tuple[int, str]],
) -> _Vertices:
    """Node vertices: access, and arrival / departure (and ``off``) sides of each layer.

    ``ends`` are the (node, layer) pairs where continuous links end and boxes board or
    leave a service;
    ``alights`` those where a service lets boxes off.
    """
    present: dict[int, set[str]] = {i: set() for i in range(len(node_ids))}
    off: dict[int, set[str]] = {i: set() for i in range(len(node_ids))}
    for i, layer in ends:
        present[i].add(layer)
    for i, layer in alights:
        off[i].add(layer)
    vertices = _Vertices([], [], [], [], {}, present, off)
    for i, ident in enumerate(node_ids):
        sides = [(OUT, ""), (IN, "")]
        for lay in LAYERS:
            if lay in present[i]:
                sides += [(lay, ARR), (lay, DEP)] + ([(lay, OFF)] if lay in off[i] else [])
        for layer, side in sides:
            vertices.add((ident, layer, side), i, layer, side, -1)
    return vertices


class _Timetables:
    """The distinct weekly timetables (sorted hours since Monday 00:00), numbered."""

    def __init__(self) -> None:
        self.slots: list[tuple[float, ...]] = []
        self._position: dict[tuple[float, ...], int] = {}

    def index(self, slots: tuple[float, ...]) -> int:
        """The number of a timetable (-1 for an empty one), added if new."""
        if not slots:
            return -1
        key = tuple(sorted(slots))
        if key not in self._position:
            self._position[key] = len(self.slots)
            self.slots.append(key)
        return self._position[key]


def _add_link_edges(
    rows: _EdgeRows,
    links: pd.DataFrame,
    directed: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    node_ids: np.ndarray,
    vertices: _Vertices,
) -> None:
    """One edge per continuous link direction (no service runs on it), inside its layer."""
    per_teu = (links["cost_basis"] == "teu").to_numpy()
    cost = links["cost_cny"].to_numpy(float)
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


def _port_values(nodes: pd.DataFrame) -> dict[str, Any]:
    """The node columns customs uses: abroad, open, open for which modes, designated, border."""
    return {
        "foreign": (nodes["country"] != "CN").to_numpy(),
        "open": nodes["port_status"].isin(OPEN_PORT_STATUSES).to_numpy(),
        "modes": [set(split_list(v)) for v in nodes["port_modes"]],
        "designated": [frozenset(split_list(v)) for v in nodes["designated"]],
        # customs on board only at a border station, while the train dwells there
        "border_station": (nodes["kind"] == "border_crossing").to_numpy(),
    }


def _add_changes(
    rows: _EdgeRows,
    values: dict[str, np.ndarray],
    arrival: int,
    depart: dict[str, int],
    i: int,
    a: str,
    *,
    same_layer: bool,
) -> None:
    """From an arrival vertex of layer ``a`` at node ``i``: stay, transfer, gauge change.

    ``same_layer`` tells an arrival by service (``off``): continuing in the same layer is a
    change of service there, priced like a transfer; from ``arr`` it is a free stay.
    """
    flags = {"reefer": values["reefer"][i], "dg": values["dg"][i]}
    handling = {"time_h": values["dwell"][i], "cost_teu": values["handling"][i]}
    for b in depart:
        if a == b:
            if same_layer:
                rows.add(arrival, depart[b], TRANSFER, node=i, **handling, **flags)
            else:
                rows.add(arrival, depart[b], STAY, node=i)
        elif mode_of_layer(a) == mode_of_layer(b):  # rail <-> rail_1520
            rows.add(
                arrival,
                depart[b],
                GAUGE,
                node=i,
                time_h=float(values["gauge_h"][i]),
                cost_teu=float(values["gauge_cost"][i]),
                **flags,
            )
        else:
            rows.add(arrival, depart[b], TRANSFER, node=i, **handling, **flags)


def _add_hub_edges(rows: _EdgeRows, nodes: pd.DataFrame, vertices: _Vertices) -> None:
    """Hub events at each node: transfers, gauge changes, staying on board, access, clearance.

    Arrivals by a continuous link (``arr``) may stay on board for free; arrivals by a
    service (``off``) change to another service of the layer only through a transfer.
    """
    values = _hub_values(nodes)
    ports = _port_values(nodes)
    port_modes, designated = ports["modes"], ports["designated"]
    for i, ident in enumerate(nodes["id"]):
        here = [lay for lay in LAYERS if lay in vertices.present[i]]
        depart = {lay: vertices.index[(ident, lay, DEP)] for lay in here}
        arrivals = [(lay, vertices.index[(ident, lay, ARR)], False) for lay in here]
        arrivals += [
            (lay, vertices.index[(ident, lay, OFF)], True)
            for lay in LAYERS
            if lay in vertices.alights[i]
        ]
        clears = not ports["foreign"][i] and ports["open"][i]
        clear = {
            "node": i,
            "time_h": values["customs_h"][i],
            "cost_teu": values["customs_cost"][i],
            "designated": designated[i],
        }
        for a, v, by_service in arrivals:
            _add_changes(rows, values, v, depart, i, a, same_layer=by_service)
            rows.add(v, vertices.index[(ident, IN, "")], ACCESS_IN, node=i)
            if clears and mode_of_layer(a) in port_modes[i]:
                rows.add(v, v, CLEAR, **clear)  # clear on arrival
        for a in here:
            rows.add(vertices.index[(ident, OUT, "")], depart[a], ACCESS_OUT, node=i)
            if clears and mode_of_layer(a) in port_modes[i]:
                rows.add(depart[a], depart[a], CLEAR, **clear)  # or before departure


@dataclass(frozen=True)
class _Stop:
    """One stop of a service as the expansion needs it."""

    node: int
    arrive_h: float
    depart_h: float
    layer_in: str
    layer_out: str
    pickup: bool = True
    dropoff: bool = True


def _service_stops(
    stops: pd.DataFrame, rides: pd.DataFrame, node_pos: dict[str, int], link_layer: np.ndarray
) -> list[_Stop]:
    """The stops of one service, with the layer of the ride into and out of each.

    ``stops`` and ``rides`` are that service's rows only.
    """
    first_ride: dict[int, int] = {}
    last_ride: dict[int, int] = {}
    for seq, k in zip(rides["seq"].astype(int), rides["link"].astype(int)):
        first_ride.setdefault(seq, k)
        last_ride[seq] = k
    out = []
    for seq, node, arrive, depart, pickup, dropoff in zip(
        stops["seq"].astype(int),
        stops["node"],
        stops["arrive_h"],
        stops["depart_h"],
        stops["pickup"],
        stops["dropoff"],
    ):
        out.append(
            _Stop(
                node=node_pos[node],
                arrive_h=float(arrive),
                depart_h=float(depart) if depart == depart else 0.0,
                layer_in=link_layer[last_ride[seq - 1]] if seq - 1 in last_ride else "",
                layer_out=link_layer[first_ride[seq]] if seq in first_ride else "",
                pickup=bool(pickup),
                dropoff=bool(dropoff),
            )
        )
    return out


def _stops_by_service(
    table: ServiceTable, node_pos: dict[str, int], link_layer: np.ndarray
) -> dict[str, list[_Stop]]:
    """Each service's stops with the layers of the rides into and out of them."""
    stops_of = dict(tuple(table.stops.groupby("service_id", sort=False)))
    rides_of = dict(tuple(table.rides.groupby("service_id", sort=False)))
    return {
        sid: _service_stops(stops_of[sid], rides_of[sid], node_pos, link_layer)
        for sid in table.services["service_id"]
    }


def _pooled_headways(table: ServiceTable) -> np.ndarray:
    """Hours between departures of each service, pooled over its common lines.

    Common lines: services of one mode that call at the same stops at the same times
    after their departure (two operators of one line, or one line's extra trains) are
    one line to a shipper, who takes the first to come, so their frequencies add up.
    Services with other stops or other times (an express and a standard train on the
    same stops) are not pooled: their boxes would arrive at another time.
    """
    departures = table.departures_per_week()
    stops = table.stops
    times = np.round(stops[["arrive_h", "depart_h"]].fillna(-1.0).to_numpy(float), 2)
    calls: dict[str, list[tuple[str, float, float]]] = {}
    for sid, node, (arrive, depart) in zip(stops["service_id"], stops["node"], times.tolist()):
        calls.setdefault(sid, []).append((node, arrive, depart))
    keys = [
        (mode, tuple(calls[sid]))
        for sid, mode in zip(table.services["service_id"], table.services["mode"])
    ]
    pooled: dict[tuple[object, ...], float] = {}
    for key, f in zip(keys, departures, strict=True):
        pooled[key] = pooled.get(key, 0.0) + f
    return np.array([HOURS_PER_WEEK / pooled[key] for key in keys])


def _add_service_edges(
    rows: _EdgeRows,
    table: ServiceTable,
    stops_of: dict[str, list[_Stop]],
    nodes: pd.DataFrame,
    links: pd.DataFrame,
    vertices: _Vertices,
    timetables: _Timetables,
    link_layer: np.ndarray,
) -> None:
    """Board, ride, dwell and alight edges of every service (see the module docstring).

    ``stops_of`` holds each service's stops (``_service_stops``).
    """
    node_ids = nodes["id"].to_numpy(dtype=object)
    node_pos = {n: i for i, n in enumerate(node_ids)}
    values = _hub_values(nodes)
    gauge_cost = values["gauge_cost"]
    customs = {"cost": values["customs_cost"], "h": values["customs_h"]}
    # A box on a ship or plane is cleared before it is loaded (or after it leaves).
    ports = _port_values(nodes)
    foreign, is_open, port_modes = ports["foreign"], ports["open"], ports["modes"]
    designated, border_station = ports["designated"], ports["border_station"]
    co2e = links["co2e_g_per_tkm"].to_numpy(float)
    link_reefer = links["reefer"].to_numpy(bool)
    link_dg = links["dangerous_goods"].to_numpy(bool)
    headways = _pooled_headways(table)
    rides_of = dict(tuple(table.rides.groupby("service_id", sort=False)))
    for s, svc in enumerate(table.services.itertuples(index=False)):
        sid = svc.service_id
        per_teu = svc.fare_basis == "teu"
        flags = {
            "reefer": bool(svc.reefer),
            "dg": bool(svc.dangerous_goods) and svc.mode != Mode.AIR.value,
        }
        stops = stops_of[sid]
        slots = parse_timetable(svc.timetable)

        def vertex(node: int, layer: str, side: str, s: int = s, sid: str = sid) -> int:
            key = (node_ids[node], f"{layer}@{sid}", side)
            found = vertices.index.get(key)
            return found if found is not None else vertices.add(key, node, layer, side, s)

        last = len(stops) - 1
        for j, stop in enumerate(stops):
            if j < last and stop.pickup:
                board_to = vertex(stop.node, stop.layer_out, f"dep{j + 1}")
                tt = timetables.index(tuple((t + stop.depart_h) % HOURS_PER_WEEK for t in slots))
                rows.add(
                    vertices.index[(node_ids[stop.node], stop.layer_out, DEP)],
                    board_to,
                    BOARD,
                    node=stop.node,
                    service=s,
                    headway_h=headways[s],
                    timetable=tt,
                    cost_teu=svc.fare_fixed_cny if per_teu else 0.0,
                    cost_t=0.0 if per_teu else svc.fare_fixed_cny,
                    **flags,
                )
            if j > 0:
                arrived = vertex(stop.node, stop.layer_in, f"arr{j + 1}")
                if stop.dropoff:
                    rows.add(
                        arrived,
                        vertices.index[(node_ids[stop.node], stop.layer_in, OFF)],
                        ALIGHT,
                        node=stop.node,
                        service=s,
                    )
                i = stop.node
                on_board = (
                    border_station[i]
                    and not foreign[i]
                    and is_open[i]
                    and mode_of_layer(stop.layer_in) in port_modes[i]
                )
                if on_board:  # the clearance takes what the stop's dwell does not cover
                    dwell = stop.depart_h - stop.arrive_h if j < last else 0.0
                    rows.add(
                        arrived,
                        arrived,
                        CLEAR,
                        node=i,
                        service=s,
                        time_h=max(0.0, float(customs["h"][i]) - max(dwell, 0.0)),
                        cost_teu=customs["cost"][i],
                        designated=designated[i],
                    )
            if 0 < j < last:
                rows.add(
                    vertex(stop.node, stop.layer_in, f"arr{j + 1}"),
                    vertex(stop.node, stop.layer_out, f"dep{j + 1}"),
                    DWELL,
                    node=stop.node,
                    service=s,
                    time_h=stop.depart_h - stop.arrive_h,
                    cost_teu=gauge_cost[stop.node] if stop.layer_in != stop.layer_out else 0.0,
                    **flags,
                )
        for ride in rides_of[sid].itertuples(index=False):
            seq, k = int(ride.seq), int(ride.link)
            a, b = node_pos[ride.from_node], node_pos[ride.to_node]
            layer = link_layer[k]
            start_side = f"dep{seq}" if a == stops[seq - 1].node else f"via{seq}:{ride.from_node}"
            end_side = f"arr{seq + 1}" if b == stops[seq].node else f"via{seq}:{ride.to_node}"
            rows.add(
                vertex(a, layer, start_side),
                vertex(b, layer, end_side),
                LINK,
                link=k,
                service=s,
                distance_km=float(ride.distance_km),
                time_h=float(ride.time_h),
                cost_teu=svc.fare_cny_per_km * ride.distance_km if per_teu else 0.0,
                cost_t=0.0 if per_teu else svc.fare_cny_per_km * ride.distance_km,
                co2e=co2e[k],
                reefer=flags["reefer"] and bool(link_reefer[k]),
                dg=flags["dg"] and bool(link_dg[k]),
            )


def expand(
    nodes: pd.DataFrame, links: pd.DataFrame, services: ServiceTable | None = None
) -> ExpandedGraph:
    """Build the mode-expanded graph of validated nodes, links and services.

    Parameters
    ----------
    nodes, links
        Validated tables (see ``multimodal.schema``).
    services
        Validated services (``multimodal.services.read_services``); None reads none, and
        every scheduled link becomes a one-link service of its own.

    Returns
    -------
    ExpandedGraph
    """
    node_ids = nodes["id"].to_numpy(dtype=object)
    node_pos = {n: i for i, n in enumerate(node_ids)}
    if services is None:
        services = read_services(None, None, links, list(node_ids))
    layers = np.array(
        [layer_of(m, g) for m, g in zip(links["mode"], links["gauge_mm"])], dtype=object
    )

    # Continuous link directions: road. A rail, sea or air link carries only the services
    # that ride it (explicit, or its own departures as an implicit one): bare track that no
    # train runs on moves nothing, so removing a service never opens a shortcut.
    covered = {
        (int(k), node_pos[a]) for k, a in zip(services.rides["link"], services.rides["from_node"])
    }
    src = links["from_node"].map(node_pos).to_numpy(int)
    dst = links["to_node"].map(node_pos).to_numpy(int)
    both = links["bidirectional"].to_numpy(bool)
    link_idx = np.concatenate([np.arange(len(links)), np.flatnonzero(both)])
    link_from = np.concatenate([src, dst[both]])
    link_to = np.concatenate([dst, src[both]])
    is_road = (links["mode"] == Mode.ROAD.value).to_numpy()
    free = np.array(
        [is_road[k] and (int(k), int(a)) not in covered for k, a in zip(link_idx, link_from)],
        bool,
    )
    directed = (link_idx[free], link_from[free], link_to[free], layers[link_idx[free]])

    # Node vertices: where continuous links end, where boxes board a service (its layer
    # out of the stop) and where they leave one (its layer into the stop); a node that
    # services only pass, or stop at for their own needs, has none of its own.
    stops_of = _stops_by_service(services, node_pos, layers)
    boarding = [
        (st.node, st.layer_out) for stops in stops_of.values() for st in stops[:-1] if st.pickup
    ]
    alighting = [
        (st.node, st.layer_in) for stops in stops_of.values() for st in stops[1:] if st.dropoff
    ]
    ends = [(int(a), lay) for a, lay in zip(directed[1], directed[3])]
    ends += [(int(b), lay) for b, lay in zip(directed[2], directed[3])]
    vertices = _vertices(node_ids, ends + boarding + alighting, alighting)

    rows = _EdgeRows()
    timetables = _Timetables()
    _add_link_edges(rows, links, directed, node_ids, vertices)
    _add_hub_edges(rows, nodes, vertices)
    _add_service_edges(rows, services, stops_of, nodes, links, vertices, timetables, layers)
    columns = rows.columns

    tail = np.asarray(columns["tail"], dtype=np.int64)
    head = np.asarray(columns["head"], dtype=np.int64)
    vnode = np.asarray(vertices.node, dtype=np.int64)
    vlayer = np.asarray(vertices.layer, dtype=object)
    foreign = (nodes["country"] != "CN").to_numpy()
    table = services.services
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
        timetables=tuple(timetables.slots),
        cost_cny_per_teu=np.asarray(columns["cost_teu"], dtype=float),
        cost_cny_per_t=np.asarray(columns["cost_t"], dtype=float),
        co2e_g_per_tkm=np.asarray(columns["co2e"], dtype=float),
        reefer=np.asarray(columns["reefer"], dtype=bool),
        dangerous_goods=np.asarray(columns["dg"], dtype=bool),
        foreign_tail=foreign[vnode[tail]],
        foreign_head=foreign[vnode[head]],
        border_open=_border_open(nodes, vnode, vlayer, tail, head),
        designated=tuple(columns["designated"]),
        vertex_index=vertices.index,
        service=np.asarray(columns["service"], dtype=np.int64),
        vertex_service=np.asarray(vertices.service, dtype=np.int64),
        service_ids=tuple(str(v) for v in table["service_id"]),
        service_names=tuple(str(v) for v in table["name"]),
        service_cargo=tuple(frozenset(split_list(v)) for v in table["cargo_classes"]),
    )


def _border_open(
    nodes: pd.DataFrame, vnode: np.ndarray, vlayer: np.ndarray, tail: np.ndarray, head: np.ndarray
) -> np.ndarray:
    """A border edge is usable only if its Chinese end is open for the link's mode."""
    ports = _port_values(nodes)
    foreign_tail = ports["foreign"][vnode[tail]]
    foreign_head = ports["foreign"][vnode[head]]
    border_open = np.ones(len(tail), dtype=bool)
    for e in np.flatnonzero(foreign_tail != foreign_head):
        cn_node = vnode[head[e]] if foreign_tail[e] else vnode[tail[e]]
        mode = mode_of_layer(vlayer[tail[e]])
        border_open[e] = bool(ports["open"][cn_node] and mode in ports["modes"][cn_node])
    return border_open
