"""Routing on services against an independent oracle: a time-expanded graph (networkx).

Hypothesis draws small random service networks: 3-7 nodes, 1-4 rail services of 2-4
stops each (a service may pass nodes without stopping), weekly timetables, fares, and
the handling cost and dwell of each node. The oracle knows nothing of multimodal's graph:
it writes out every departure and arrival of every run of every service over enough
weeks, waiting arcs at each node between the moments a box may board there, riding
arcs (run time, the fare per km), staying-on-board arcs (the stop's dwell), boarding
arcs (the fixed fare), and arcs that alight and change service (the node's handling
cost and dwell). Its shortest path by time from the ready moment at the origin is the
earliest arrival; by cost, the cheapest trip.

A route never visits a node twice, and the time-expanded optimum may (a train through a
node and another back). So a second oracle enumerates every chain of rides that visits
each node once and times it on the timetables: where such a trip exists,
``multimodal.route`` must find the best of them, and both oracles must agree that it is
no better than the time-expanded optimum.

Example counts: 25 by default; ``MULTIMODAL_FUZZ_PROFILE=nightly`` runs 2,000 (the same
switch as ``tests/fuzz``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
from collections import defaultdict

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from services_toy import (
    NetworkSpec,
    ServiceSpec,
    name,
    simple_trips,
    spec_network,
    trip_arrival,
    trip_cost,
)

import multimodal as mm

MONDAY = dt.datetime(2026, 11, 30, 0, 0)  # a Monday, 00:00
HOURS_PER_WEEK = 168.0

NIGHTLY = os.environ.get("MULTIMODAL_FUZZ_PROFILE", "default") == "nightly"
ORACLE_SETTINGS = settings(
    max_examples=2000 if NIGHTLY else 25,
    deadline=None,
    derandomize=not NIGHTLY,  # the same examples on every ordinary run
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# -- random service networks ------------------------------------------------------------------
@st.composite
def service_specs(draw: st.DrawFn, n_nodes: int, ident: str, distance: dict) -> ServiceSpec:
    path = draw(
        st.lists(st.integers(0, n_nodes - 1), min_size=2, max_size=min(5, n_nodes), unique=True)
    )
    inner = [p for p in range(1, len(path) - 1) if draw(st.booleans())][:2]
    stops = (0, *inner, len(path) - 1)
    for hop in itertools.pairwise(path):
        if hop not in distance:
            distance[hop] = float(draw(st.integers(50, 500)))
    arrive, depart, clock = [math.nan], [0.0], 0.0
    for a, b in itertools.pairwise(stops):
        # at most 100 km/h between stops (the library refuses trains faster than rail)
        km = sum(distance[hop] for hop in itertools.pairwise(path[a : b + 1]))
        clock += draw(st.integers(1, 30)) + math.ceil(km / 100.0)
        arrive.append(float(clock))
        clock += draw(st.integers(0, 5))
        depart.append(float(clock))
    depart[-1] = math.nan
    slots = draw(st.lists(st.integers(0, 7 * 48 - 1), min_size=1, max_size=3, unique=True))
    return ServiceSpec(
        ident=ident,
        path=tuple(path),
        stops=stops,
        arrive_h=tuple(arrive),
        depart_h=tuple(depart),
        slots=tuple(sorted(s / 2 for s in slots)),
        fare_fixed=float(draw(st.integers(0, 300))),
        fare_km=draw(st.integers(0, 4)) / 2,
    )


@st.composite
def network_specs(draw: st.DrawFn) -> NetworkSpec:
    n_nodes = draw(st.integers(3, 7))
    distance: dict[tuple[int, int], float] = {}
    services = tuple(
        draw(service_specs(n_nodes, f"S{k}", distance)) for k in range(draw(st.integers(1, 4)))
    )
    return NetworkSpec(
        n_nodes=n_nodes,
        handling=tuple(float(v) for v in draw(st.lists(st.integers(0, 300), min_size=n_nodes, max_size=n_nodes))),
        dwell=tuple(float(v) for v in draw(st.lists(st.integers(0, 6), min_size=n_nodes, max_size=n_nodes))),
        distance=distance,
        services=services,
    )  # fmt: skip


@st.composite
def cases(draw: st.DrawFn) -> tuple[NetworkSpec, int, int, float]:
    """A network, an origin and a destination among the stops, and a ready hour."""
    spec = draw(network_specs())
    served = sorted({n for s in spec.services for n in s.stop_nodes})
    origin = draw(st.sampled_from(served))
    others = [n for n in served if n != origin] or [n for n in range(spec.n_nodes) if n != origin]
    destination = draw(st.sampled_from(others))
    ready_h = draw(st.integers(0, 2 * 168 - 1)) / 2
    return spec, origin, destination, ready_h


# -- the oracle --------------------------------------------------------------------------------
def time_expanded(spec: NetworkSpec, origin: int, destination: int, start_h: float) -> nx.DiGraph:
    """Every run of every service over enough weeks, as events joined by timed arcs.

    Vertices: ``("wait", node, t)`` a box ready to board at ``node`` at hour ``t``;
    ``("dep" | "arr", run, j)`` a run leaving / reaching its stop ``j``; ``"sink"``.
    Arcs carry ``time`` (hours elapsed) and ``cost`` (CNY per TEU).
    """
    # A cheapest trip boards at most once at each stop of each service, and each boarding
    # comes within two weeks of the last (a week's wait, a run, a change): so many weeks
    # hold every trip worth taking.
    weeks = 2 + 2 * sum(len(s.stops) for s in spec.services)
    graph = nx.DiGraph()
    ready: dict[int, set[float]] = defaultdict(set)
    ready[origin].add(start_h)
    for service in spec.services:
        last = len(service.stops) - 1
        nodes = service.stop_nodes
        # runs that left their first stop the week before may still be on their way
        # (a run lasts less than a week here)
        for week, slot in itertools.product(range(-1, weeks), service.slots):
            first = week * HOURS_PER_WEEK + slot  # leaves its first stop
            run = (service.ident, week, slot)
            for j in range(last + 1):
                at = nodes[j]
                if j < last:
                    leaves = first + service.depart_h[j]
                    ready[at].add(leaves)
                    graph.add_edge(
                        ("wait", at, leaves), ("dep", run, j), time=0.0, cost=service.fare_fixed
                    )
                    graph.add_edge(
                        ("dep", run, j),
                        ("arr", run, j + 1),
                        time=service.arrive_h[j + 1] - service.depart_h[j],
                        cost=service.fare_km * spec.segment_km(service, j),
                    )
                if j > 0:
                    arrives = first + service.arrive_h[j]
                    if j < last:  # stay on board through the stop
                        dwell = service.depart_h[j] - service.arrive_h[j]
                        graph.add_edge(("arr", run, j), ("dep", run, j), time=dwell, cost=0.0)
                    if at == destination:
                        graph.add_edge(("arr", run, j), "sink", time=0.0, cost=0.0)
                    # get off and change: the node's handling and dwell
                    changed = arrives + spec.dwell[at]
                    ready[at].add(changed)
                    graph.add_edge(
                        ("arr", run, j),
                        ("wait", at, changed),
                        time=spec.dwell[at],
                        cost=spec.handling[at],
                    )
    for at, moments in ready.items():  # wait at a node for a later departure
        for early, late in itertools.pairwise(sorted(moments)):
            graph.add_edge(("wait", at, early), ("wait", at, late), time=late - early, cost=0.0)
    return graph


def oracle(spec: NetworkSpec, origin: int, destination: int, start_h: float, weight: str):
    """The shortest ``weight`` (time from ready to arrival, or cost), None if no trip."""
    graph = time_expanded(spec, origin, destination, start_h)
    source = ("wait", origin, start_h)
    if "sink" not in graph or source not in graph:
        return None
    try:
        return nx.dijkstra_path_length(graph, source, "sink", weight=weight)
    except nx.NetworkXNoPath:
        return None


# -- the tests -------------------------------------------------------------------------------------
def library(spec, origin, destination, ready_h, objective, *, with_ready_time=True, net=None):
    net = net or spec_network(spec)
    ready = MONDAY + dt.timedelta(hours=ready_h) if with_ready_time else None
    shipment = mm.Shipment(name(origin), name(destination), teu=1, ready_time=ready)
    try:
        return mm.route(net, shipment, objective)
    except mm.NoRouteError:
        return None


def simple_best(spec, origin, destination, ready_h, weight):
    """The best trip that visits each node once (enumerated), None if there is none."""
    trips = simple_trips(spec, origin, destination)
    if not trips:
        return None
    if weight == "cost":
        return min(trip_cost(spec, trip) for trip in trips)
    return min(trip_arrival(spec, trip, ready_h) for trip in trips) - ready_h


def check(spec, origin, destination, ready_h, weight, found):
    """The library's value against both oracles.

    A route visits no node twice: where some trip does, the library's value is the best
    of those (the enumeration), and never better than the time-expanded optimum (which
    may loop). Where none does, the library may only fail or answer no better than the
    time-expanded optimum.
    """
    anything = oracle(spec, origin, destination, ready_h, weight)
    simple = simple_best(spec, origin, destination, ready_h, weight)
    value = None if found is None else (found.time_h if weight == "time" else found.cost_cny)
    if anything is None:
        assert simple is None
        assert found is None
        return
    if simple is not None:
        assert simple >= anything - 1e-6  # the two oracles agree
        assert found is not None
        assert len(found.nodes) == len(set(found.nodes)), found.nodes
        assert value == pytest.approx(simple, abs=1e-6)
    elif found is not None:
        assert value >= anything - 1e-6


@ORACLE_SETTINGS
@given(cases())
def test_earliest_arrival_equals_the_oracle(case):
    spec, origin, destination, ready_h = case
    found = library(spec, origin, destination, ready_h, "time")
    check(spec, origin, destination, ready_h, "time", found)


@ORACLE_SETTINGS
@given(cases())
def test_cheapest_trip_equals_the_oracle(case):
    spec, origin, destination, ready_h = case
    net = spec_network(spec)
    for with_ready_time in (True, False):
        found = library(
            spec, origin, destination, ready_h, "cost", with_ready_time=with_ready_time, net=net
        )
        check(spec, origin, destination, ready_h, "cost", found)


def test_the_oracle_on_a_hand_checked_case():
    """S0: N0 -> N1 -> N2 (stops at both), Mon 08:00; S1: N1 -> N2, daily 20:00."""
    s0 = ServiceSpec("S0", (0, 1, 2), (0, 1, 2), (math.nan, 10.0, 20.0), (0.0, 12.0, math.nan),
                     (8.0,), 100.0, 1.0)  # fmt: skip
    s1 = ServiceSpec("S1", (1, 2), (0, 1), (math.nan, 3.0), (0.0, math.nan),
                     tuple(24.0 * d + 20.0 for d in range(7)), 50.0, 0.0)  # fmt: skip
    spec = NetworkSpec(3, (0.0, 40.0, 0.0), (0.0, 2.0, 0.0), {(0, 1): 100.0, (1, 2): 200.0},
                       (s0, s1))  # fmt: skip
    # ready Monday 00:00: S0 leaves 08:00, reaches N1 18:00; stay on board: N2 at 04:00 (28 h);
    # change at N1 (2 h): S1 at 20:00, N2 at 23:00 (23 h)
    assert oracle(spec, 0, 2, 0.0, "time") == pytest.approx(23.0)
    # cheapest: stay on S0, 100 + 300 km = 400; change: 100 + 100 + 40 + 50 = 290
    assert oracle(spec, 0, 2, 0.0, "cost") == pytest.approx(290.0)
    assert oracle(spec, 2, 0, 0.0, "time") is None
    assert library(spec, 0, 2, 0.0, "time").time_h == pytest.approx(23.0)
    assert library(spec, 0, 2, 0.0, "cost").cost_cny == pytest.approx(290.0)
