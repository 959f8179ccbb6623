"""Small hand-made service networks for the tests of ``tests/services`` (built in code).

``line_tables()`` is a line of four rail hubs A - B - C - D (one-way links, 100, 200 and
100 km) with round handling costs and dwells; ``service_row`` and ``stop_rows`` write
services and stops in the file format of ``data/services/`` (docs/services.md).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from toy import link, node

import multimodal as mm

#: Handling cost (CNY/TEU) and dwell (h) of the nodes of ``line_tables``.
HANDLING = {"A": 100.0, "B": 200.0, "C": 300.0, "D": 400.0, "E": 500.0}
DWELL = {"A": 1.0, "B": 2.0, "C": 3.0, "D": 4.0, "E": 5.0}


def service_row(service_id: str, **values: object) -> dict[str, object]:
    """One row of services.csv: a rail service, 7 a week, 100 CNY/TEU + 1 CNY/TEU-km."""
    row: dict[str, object] = {
        "service_id": service_id,
        "name": f"Service {service_id}",
        "name_zh": f"班列 {service_id}",
        "operator": "Test rail",
        "mode": "rail",
        "corridor": "c",
        "departures_per_week": 7.0,
        "timetable": "",
        "capacity_teu_per_departure": 50.0,
        "capacity_t_per_departure": None,
        "fare_basis": "teu",
        "fare_fixed_cny": 100.0,
        "fare_cny_per_km": 1.0,
        "reefer": "yes",
        "dangerous_goods": "yes",
        "cargo_classes": "",
        "year": 2024,
        "source": "test",
    }
    row.update(values)
    return row


def stop_rows(service_id: str, *stops: tuple) -> list[dict[str, object]]:
    """Stops of one service: ``(node, arrive_h, depart_h)`` or ``(node, arrive_h, depart_h,
    via_links)`` each, in order (None for a blank cell)."""
    rows = []
    for seq, stop in enumerate(stops, start=1):
        at, arrive, depart = stop[:3]
        row = {
            "service_id": service_id,
            "seq": seq,
            "node": at,
            "arrive_h": arrive,
            "depart_h": depart,
        }
        if len(stop) > 3:
            row["via_links"] = stop[3]
        rows.append(row)
    return rows


def line_nodes(names: str = "ABCD", **extra: dict[str, object]) -> list[dict[str, object]]:
    """Rail hubs in China, a few hundred metres apart; ``extra[name]`` adds columns."""
    return [
        node(
            n,
            100.0 + 0.001 * i,
            30.0,
            modes="rail;road",
            handling_cost_cny_per_teu=HANDLING[n],
            dwell_h=DWELL[n],
            **extra.get(n, {}),
        )
        for i, n in enumerate(names)
    ]


def line_links(bidirectional: bool = False) -> list[dict[str, object]]:
    """Rail A -> B -> C -> D (100, 200, 100 km), no departures of their own."""
    return [
        link(
            "A", "B", "rail", 100.0, 2.0, 1000.0, id="AB", corridor="c", bidirectional=bidirectional
        ),
        link(
            "B", "C", "rail", 200.0, 4.0, 1000.0, id="BC", corridor="c", bidirectional=bidirectional
        ),
        link(
            "C", "D", "rail", 100.0, 2.0, 1000.0, id="CD", corridor="c", bidirectional=bidirectional
        ),
    ]


def frames(nodes: list[dict], links: list[dict]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Nodes and links as GeoDataFrames (links without geometry: straight lines)."""
    return (
        gpd.GeoDataFrame(nodes, geometry="geometry", crs=4326),
        gpd.GeoDataFrame(links, geometry=[None] * len(links), crs=4326),
    )


def service_network(
    services: list[dict], stops: list[dict], nodes: list[dict] | None = None,
    links: list[dict] | None = None, name: str = "services",
) -> mm.Network:  # fmt: skip
    """A network of ``nodes`` and ``links`` (default: the A-B-C-D line) with services."""
    node_frame, link_frame = frames(nodes or line_nodes(), links or line_links())
    return mm.Network(
        node_frame,
        link_frame,
        name=name,
        services=(pd.DataFrame(services), pd.DataFrame(stops)),
    )


# -- random service networks (for properties and the oracle) -----------------------------------
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class ServiceSpec:
    """One service of a random network, in plain numbers (what an oracle needs).

    ``path`` lists the node numbers the train runs through (distinct); ``stops`` the
    positions in ``path`` where it stops (first and last included); ``arrive_h`` and
    ``depart_h`` the times at each stop (hours since leaving the first stop); ``slots``
    the weekly departures from the first stop (hours since Monday 00:00).
    """

    ident: str
    path: tuple[int, ...]
    stops: tuple[int, ...]
    arrive_h: tuple[float, ...]
    depart_h: tuple[float, ...]
    slots: tuple[float, ...]
    fare_fixed: float
    fare_km: float

    @property
    def stop_nodes(self) -> tuple[int, ...]:
        return tuple(self.path[p] for p in self.stops)

    def hops(self, j: int) -> list[tuple[int, int]]:
        """The (from, to) node pairs ridden from stop ``j`` to stop ``j + 1``."""
        part = self.path[self.stops[j] : self.stops[j + 1] + 1]
        return list(itertools.pairwise(part))

    @property
    def timetable(self) -> str:
        return ";".join(
            f"{DAYS[int(h // 24)]} {int(h % 24):02d}:{round(h % 1 * 60):02d}" for h in self.slots
        )


@dataclass(frozen=True)
class NetworkSpec:
    """A random service network: node handling and dwell, hop distances, services."""

    n_nodes: int
    handling: tuple[float, ...]
    dwell: tuple[float, ...]
    distance: dict[tuple[int, int], float]
    services: tuple[ServiceSpec, ...]

    def without(self, ident: str) -> NetworkSpec:
        """The same network without one service (its links stay)."""
        kept = tuple(s for s in self.services if s.ident != ident)
        return NetworkSpec(self.n_nodes, self.handling, self.dwell, self.distance, kept)

    def segment_km(self, service: ServiceSpec, j: int) -> float:
        return sum(self.distance[h] for h in service.hops(j))


def name(i: int) -> str:
    return f"N{i}"


def spec_tables(spec: NetworkSpec) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """Nodes, links (one one-way rail link per hop pair), services and stops of a spec."""
    nodes = [
        node(
            name(i),
            100.0 + 0.001 * i,
            30.0 + 0.001 * (i % 3),
            modes="rail;road",
            handling_cost_cny_per_teu=spec.handling[i],
            dwell_h=spec.dwell[i],
        )
        for i in range(spec.n_nodes)
    ]
    links = [
        link(name(a), name(b), "rail", km, km / 40.0, 1.0, id=f"L{a}_{b}", corridor="c",
             bidirectional=False)
        for (a, b), km in sorted(spec.distance.items())
    ]  # fmt: skip
    services, stops = [], []
    for s in spec.services:
        services.append(
            service_row(
                s.ident,
                departures_per_week=None,
                timetable=s.timetable,
                capacity_teu_per_departure=None,
                fare_fixed_cny=s.fare_fixed,
                fare_cny_per_km=s.fare_km,
            )
        )
        last = len(s.stops) - 1
        for j, at in enumerate(s.stop_nodes):
            via = ";".join(f"L{a}_{b}" for a, b in s.hops(j - 1)) if j else ""
            stops.append(
                {
                    "service_id": s.ident,
                    "seq": j + 1,
                    "node": name(at),
                    "arrive_h": s.arrive_h[j] if j else None,
                    "depart_h": s.depart_h[j] if j < last else None,
                    "via_links": via,
                }
            )
    return nodes, links, services, stops


def spec_network(spec: NetworkSpec) -> mm.Network:
    nodes, links, services, stops = spec_tables(spec)
    return service_network(services, stops, nodes, links, name="random services")


def random_spec(rng: np.random.Generator, n_nodes: int = 6, n_services: int = 4) -> NetworkSpec:
    """A random service network (numpy generator: the same spec for the same seed)."""
    distance: dict[tuple[int, int], float] = {}
    services = []
    for k in range(n_services):
        length = int(rng.integers(2, min(5, n_nodes) + 1))
        path = tuple(int(v) for v in rng.choice(n_nodes, size=length, replace=False))
        inner = [p for p in range(1, length - 1) if rng.random() < 0.6][:2]
        stops = (0, *inner, length - 1)
        for hop in itertools.pairwise(path):
            distance.setdefault(hop, float(rng.integers(50, 500)))
        arrive, depart, clock = [math.nan], [0.0], 0.0
        for a, b in itertools.pairwise(stops):
            # at most 100 km/h between stops (the library refuses trains faster than rail)
            km = sum(distance[hop] for hop in itertools.pairwise(path[a : b + 1]))
            clock += float(rng.integers(1, 30)) + math.ceil(km / 100.0)
            arrive.append(clock)
            clock += float(rng.integers(0, 6))
            depart.append(clock)
        depart[-1] = math.nan
        n_slots = int(rng.integers(1, 4))
        slots = sorted({float(rng.integers(0, 7 * 48)) / 2 for _ in range(n_slots)})
        services.append(
            ServiceSpec(
                ident=f"S{k}",
                path=path,
                stops=stops,
                arrive_h=tuple(arrive),
                depart_h=tuple(depart),
                slots=tuple(slots),
                fare_fixed=float(rng.integers(0, 300)),
                fare_km=float(rng.integers(0, 5)) / 2,
            )
        )
    return NetworkSpec(
        n_nodes=n_nodes,
        handling=tuple(float(v) for v in rng.integers(0, 300, n_nodes)),
        dwell=tuple(float(v) for v in rng.integers(0, 7, n_nodes)),
        distance=distance,
        services=tuple(services),
    )


# -- trips that visit each node once (an enumeration, for oracles) ------------------------------
@dataclass(frozen=True)
class Ride:
    """A ride on one service from its stop ``board`` to its later stop ``alight``."""

    service: ServiceSpec
    board: int
    alight: int

    @property
    def passed(self) -> tuple[int, ...]:
        s = self.service
        return s.path[s.stops[self.board] : s.stops[self.alight] + 1]


def simple_trips(spec: NetworkSpec, origin: int, destination: int) -> list[tuple[Ride, ...]]:
    """Every chain of rides from ``origin`` to ``destination`` that visits each node once."""
    rides = [
        Ride(s, i, k)
        for s in spec.services
        for i, k in itertools.combinations(range(len(s.stops)), 2)
    ]
    trips: list[tuple[Ride, ...]] = []

    def extend(at: int, visited: frozenset[int], done: tuple[Ride, ...]) -> None:
        for ride in rides:
            passed = ride.passed
            if passed[0] != at or visited.intersection(passed[1:]):
                continue
            if passed[-1] == destination:
                trips.append((*done, ride))
            else:
                extend(passed[-1], visited | set(passed), (*done, ride))

    extend(origin, frozenset([origin]), ())
    return trips


def trip_cost(spec: NetworkSpec, trip: tuple[Ride, ...]) -> float:
    """Fares of every ride, and the handling at each change (not at the origin)."""
    cost = 0.0
    for n, ride in enumerate(trip):
        s = ride.service
        km = sum(spec.segment_km(s, j) for j in range(ride.board, ride.alight))
        cost += s.fare_fixed + s.fare_km * km
        if n:
            cost += spec.handling[ride.passed[0]]
    return cost


def trip_arrival(spec: NetworkSpec, trip: tuple[Ride, ...], start_h: float) -> float:
    """Hour of arrival, taking the first departure of each ride (the dwell at each change)."""
    clock = start_h
    for n, ride in enumerate(trip):
        s = ride.service
        if n:
            clock += spec.dwell[ride.passed[0]]
        offset = s.depart_h[ride.board]
        departs = min(
            clock + (slot + offset - clock) % 168.0 for slot in s.slots
        )  # the next of the weekly departures from this stop, at or after the clock
        clock = departs + s.arrive_h[ride.alight] - offset
    return clock
