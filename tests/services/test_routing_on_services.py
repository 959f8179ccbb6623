"""Routing on services (issue 10, section 2): the guarantees, on hand-made networks.

A box boards only at a stop of a service; staying on board through a stop costs only its
dwell (and the gauge charge where the gauge changes there); a change of service pays the
node's handling and dwell; every ride names its service; with a ready time every
departure is one of the timetable's and every arrival follows from it; services with the
same stops pool their frequencies (common lines); removing a service never makes a route
cheaper; no route visits a node twice.

The line of ``services_toy.line_tables``: rail hubs A - B - C - D, one-way links of 100,
200 and 100 km, handling 100/200/300/400 CNY/TEU and dwell 1/2/3/4 h at A/B/C/D. Fares
are 100 CNY/TEU at boarding + 1 CNY/TEU-km.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import warnings

import numpy as np
import pytest
from services_toy import (
    DWELL,
    HANDLING,
    frames,
    line_links,
    line_nodes,
    name,
    random_spec,
    service_network,
    service_row,
    simple_trips,
    spec_network,
    stop_rows,
    trip_cost,
)
from toy import link

import multimodal as mm

MONDAY = dt.datetime(2026, 11, 30, 0, 0)  # a Monday, 00:00
assert MONDAY.weekday() == 0

EXPRESS = (("A", None, 0.0), ("B", 10.0, 12.0), ("D", 30.0, None))  # passes C without stopping


def ride_rows(route):
    return route.steps[route.steps["kind"] == "link"]


def rides(route):
    """The ride legs of a route (legs on a service)."""
    legs = route.legs
    return legs[legs["service_id"].fillna("") != ""]


# -- boarding only at a stop -------------------------------------------------------------------
def test_boards_only_at_a_stop():
    """S1 passes C without stopping: from C the box must take S2, which stops there."""
    services = [service_row("S1"), service_row("S2")]
    stops = [
        *stop_rows("S1", *EXPRESS),
        *stop_rows("S2", ("B", None, 0.0), ("C", 5.0, 6.0), ("D", 9.0, None)),
    ]
    net = service_network(services, stops)
    for objective in ("cost", "time"):
        route = mm.route(net, mm.Shipment("C", "D", teu=1), objective)
        assert route.services == ["S2"]
    # cost: S1 fares 100 + 400 km; S2 from B: 100 + 300 km (the cheaper stays on S1)
    assert mm.route(net, mm.Shipment("A", "D", teu=1), "cost").services == ["S1"]


def test_no_route_when_the_only_train_does_not_stop():
    net = service_network([service_row("S1")], stop_rows("S1", *EXPRESS))
    with pytest.raises(mm.NoRouteError):
        mm.route(net, mm.Shipment("C", "D", teu=1))
    with pytest.raises(mm.NoRouteError):
        mm.route(net, mm.Shipment("A", "C", teu=1))


def test_every_boarding_is_at_a_stop_of_its_service():
    """On random networks: each ride leg starts and ends at stops of its service."""
    for seed in range(3):
        spec = random_spec(np.random.default_rng(seed))
        net = spec_network(spec)
        stops = {s.ident: {name(n) for n in s.stop_nodes} for s in spec.services}
        for o, d in itertools.permutations(range(spec.n_nodes), 2):
            try:
                route = mm.route(net, mm.Shipment(name(o), name(d), teu=1), "cost")
            except mm.NoRouteError:
                continue
            for leg in rides(route).itertuples():
                assert leg.from_node in stops[leg.service_id]
                assert leg.to_node in stops[leg.service_id]
                passed = [s for s in str(leg.stops).split(";") if s]
                assert set(passed) <= stops[leg.service_id]


# -- staying on board, changing service ----------------------------------------------------------
def test_staying_on_board_costs_only_the_dwell():
    """A -> D on S1 through B: run 30 h incl. the 2 h dwell at B, no handling at B."""
    net = service_network([service_row("S1")], stop_rows("S1", *EXPRESS))
    route = mm.route(net, mm.Shipment("A", "D", teu=1), "cost")
    assert route.services == ["S1"]
    assert route.cost_cny == pytest.approx(100.0 + 400.0)  # fixed fare + 400 km
    assert route.wait_h == pytest.approx(12.0)  # half of 24 h between daily trains
    assert route.time_h == pytest.approx(12.0 + 30.0)
    kinds = list(route.steps["kind"])
    assert "transfer" not in kinds
    (stop,) = route.steps[route.steps["kind"] == "stop"].itertuples()
    assert (stop.from_node, stop.time_h, stop.cost_cny) == ("B", 2.0, 0.0)
    assert stop.service_id == "S1"
    (leg,) = route.legs.itertuples()
    assert (leg.from_node, leg.to_node, leg.stops, leg.service_id) == ("A", "D", "B", "S1")


def test_a_gauge_change_stop_charges_the_boxes_on_board():
    nodes = line_nodes(B={"gauge_change_cost_cny_per_teu": 50.0, "gauge_change_h": 5.0})
    links = line_links()
    for k in (1, 2):
        links[k]["gauge_mm"] = 1520
    stops = stop_rows("S1", ("A", None, 0.0), ("B", 10.0, 20.0), ("D", 30.0, None))
    net = service_network([service_row("S1")], stops, nodes, links)
    route = mm.route(net, mm.Shipment("A", "D", teu=1), "cost")
    (stop,) = route.steps[route.steps["kind"] == "stop"].itertuples()
    # the dwell holds the transshipment time; the gauge charge is paid on board
    assert (stop.from_node, stop.time_h, stop.cost_cny) == ("B", 10.0, 50.0)
    assert route.cost_cny == pytest.approx(100.0 + 400.0 + 50.0)
    assert route.time_h == pytest.approx(12.0 + 30.0)
    # boxes that get off at B pay nothing for the gauge
    off = mm.route(net, mm.Shipment("A", "B", teu=1), "cost")
    assert off.cost_cny == pytest.approx(100.0 + 100.0)


def two_trains(**s2):
    services = [service_row("S1"), service_row("S2", **s2)]
    stops = [
        *stop_rows("S1", ("A", None, 0.0), ("B", 10.0, None)),
        *stop_rows("S2", ("B", None, 0.0), ("C", 5.0, 6.0), ("D", 9.0, None)),
    ]
    return service_network(services, stops)


def test_a_change_of_service_pays_the_handling_and_dwell():
    route = mm.route(two_trains(), mm.Shipment("A", "D", teu=1), "cost")
    assert route.services == ["S1", "S2"]
    (transfer,) = route.steps[route.steps["kind"] == "transfer"].itertuples()
    assert transfer.from_node == "B"
    assert transfer.cost_cny == pytest.approx(HANDLING["B"])
    assert transfer.time_h == pytest.approx(DWELL["B"])
    # fares: (100 + 100 km) + (100 + 300 km); handling at B; no handling at A or D
    assert route.cost_cny == pytest.approx(200.0 + 400.0 + HANDLING["B"])
    # waits: 12 h for each daily train
    assert route.time_h == pytest.approx(12.0 + 10.0 + DWELL["B"] + 12.0 + 9.0)


def test_every_change_of_service_pays_the_handling_on_random_networks():
    for seed in range(3):
        spec = random_spec(np.random.default_rng(seed))
        net = spec_network(spec)
        for o, d in itertools.permutations(range(spec.n_nodes), 2):
            for objective in ("cost", "time"):
                try:
                    route = mm.route(net, mm.Shipment(name(o), name(d), teu=1), objective)
                except mm.NoRouteError:
                    continue
                legs = route.legs.reset_index(drop=True)
                on = legs.index[legs["service_id"].fillna("") != ""].tolist()
                for first, second in itertools.pairwise(on):
                    between = legs.iloc[first + 1 : second]
                    at = legs.loc[first, "to_node"]
                    transfers = between[between["kind"] == "transfer"]
                    assert len(transfers) == 1, (seed, o, d, objective, legs)
                    assert transfers["from_node"].iloc[0] == at
                    i = int(at[1:])
                    assert transfers["cost_cny"].iloc[0] == pytest.approx(spec.handling[i])
                    assert transfers["time_h"].iloc[0] == pytest.approx(spec.dwell[i])


def test_every_ride_leg_names_its_service():
    net = two_trains()
    route = mm.route(net, mm.Shipment("A", "D", teu=1), "time")
    legs = route.legs
    ride_legs = legs[legs["kind"] == "link"]
    assert list(ride_legs["service_id"]) == ["S1", "S2"]
    assert list(ride_legs["service"]) == ["Service S1", "Service S2"]
    assert list(ride_legs["stops"]) == ["", "C"]
    assert set(ride_rows(route)["service_id"]) == {"S1", "S2"}
    text = route.explain()
    assert "Service S1 [S1]" in text
    assert "Service S2 [S2]" in text


# -- timetables --------------------------------------------------------------------------------
def test_departures_follow_the_timetable():
    """S2 leaves B Mon and Thu 08:00; it leaves C 6 h later. Ready at A Monday 00:00."""
    net = two_trains(departures_per_week=None, timetable="Mon 08:00;Thu 08:00")
    route = mm.route(net, mm.Shipment("A", "D", teu=1, ready_time=MONDAY), "time")
    s2 = route.legs[route.legs["service_id"] == "S2"].iloc[0]
    # S1 (no timetable): expected wait 12 h, 10 h ride, 2 h handling at B: ready Tue 00:00,
    # after Monday's S2 left: Thursday 08:00
    assert s2["depart"] == dt.datetime(2026, 12, 3, 8, 0)
    assert s2["arrive"] == dt.datetime(2026, 12, 3, 17, 0)
    assert route.arrival == dt.datetime(2026, 12, 3, 17, 0)
    assert "departs Thu 2026-12-03 08:00" in route.explain()
    # boarding at C, an intermediate stop: the timetable plus the stop's 6 h offset
    from_c = mm.route(net, mm.Shipment("C", "D", teu=1, ready_time=MONDAY), "time")
    (leg,) = rides(from_c).itertuples()
    assert leg.depart == dt.datetime(2026, 11, 30, 14, 0)
    assert leg.arrive == dt.datetime(2026, 11, 30, 17, 0)
    assert from_c.wait_h == pytest.approx(14.0)
    # ready just after Monday's train left C: Thursday's
    late = dt.datetime(2026, 11, 30, 14, 1)
    from_c = mm.route(net, mm.Shipment("C", "D", teu=1, ready_time=late), "time")
    departs = rides(from_c)["depart"].iloc[0]
    assert abs(departs - dt.datetime(2026, 12, 3, 14, 0)) < dt.timedelta(seconds=1)


def test_every_departure_is_in_the_timetable_on_random_networks():
    """Each ride leaves at a timetable slot + its stop's offset, and arrives at the
    slot + the offset of the stop it leaves the train at."""
    for seed in range(4):
        rng = np.random.default_rng(100 + seed)
        spec = random_spec(rng)
        net = spec_network(spec)
        by_id = {s.ident: s for s in spec.services}
        ready = MONDAY + dt.timedelta(hours=float(rng.integers(0, 168)))
        start = (ready - MONDAY).total_seconds() / 3600
        for o, d in itertools.permutations(range(spec.n_nodes), 2):
            shipment = mm.Shipment(name(o), name(d), teu=1, ready_time=ready)
            try:
                route = mm.route(net, shipment, "time")
            except mm.NoRouteError:
                continue
            for leg in rides(route).itertuples():
                service = by_id[leg.service_id]
                where = [name(n) for n in service.stop_nodes]
                board, alight = where.index(leg.from_node), where.index(leg.to_node)
                leaves = start + leg.depart_h - service.depart_h[board]  # at the first stop
                week = np.floor(leaves / 168.0)
                offset = leaves - 168.0 * week
                assert min(abs(offset - s) for s in service.slots) < 1e-6, (seed, o, d, leg)
                run = service.arrive_h[alight] - service.depart_h[board]
                assert leg.arrive_h - leg.depart_h == pytest.approx(run)
                assert leg.depart == ready + dt.timedelta(hours=leg.depart_h)


# -- common lines ------------------------------------------------------------------------------
def wait_on(services, stops):
    net = service_network(services, stops)
    return mm.route(net, mm.Shipment("A", "D", teu=1), "time").wait_h


def test_common_lines_pool_their_frequencies():
    """Two daily services with the same stops: a train every 12 h, 6 h expected wait."""
    one = wait_on([service_row("S1")], stop_rows("S1", *EXPRESS))
    two = wait_on(
        [service_row("S1"), service_row("S2", name="Another operator")],
        [*stop_rows("S1", *EXPRESS), *stop_rows("S2", *EXPRESS)],
    )
    assert one == pytest.approx(12.0)
    assert two == pytest.approx(one / 2)


def test_more_departures_shorten_the_wait():
    waits = [
        wait_on([service_row("S1", departures_per_week=f)], stop_rows("S1", *EXPRESS))
        for f in (3.5, 7.0, 14.0)
    ]
    assert waits == pytest.approx([24.0, 12.0, 6.0])


def test_other_stop_sequences_do_not_pool():
    """An all-stations train A-B-C-D does not shorten the wait for the express A-B-D."""
    stopping = (("A", None, 0.0), ("B", 10.0, 12.0), ("C", 20.0, 21.0), ("D", 31.0, None))
    services = [service_row("S1"), service_row("S2", fare_fixed_cny=5000.0)]
    stops = [*stop_rows("S1", *EXPRESS), *stop_rows("S2", *stopping)]
    net = service_network(services, stops)
    route = mm.route(net, mm.Shipment("A", "D", teu=1), "cost")
    assert route.services == ["S1"]
    assert route.wait_h == pytest.approx(12.0)


# -- removing a service --------------------------------------------------------------------------
def best_value(net, shipment, objective):
    try:
        return mm.route(net, shipment, objective).objective_value
    except mm.NoRouteError:
        return np.inf


def test_removing_a_service_never_lowers_a_cost():
    """Remove each service of random networks in turn: no route gets cheaper or faster."""
    lowered = []
    for seed in range(3):
        spec = random_spec(np.random.default_rng(200 + seed), n_services=4)
        net = spec_network(spec)
        for service in spec.services:
            with warnings.catch_warnings():  # its links may now carry nothing
                warnings.simplefilter("ignore", mm.DataWarning)
                smaller = spec_network(spec.without(service.ident))
            for o, d in itertools.permutations(range(spec.n_nodes), 2):
                shipment = mm.Shipment(name(o), name(d), teu=1)
                for objective in ("cost", "time"):
                    before = best_value(net, shipment, objective)
                    after = best_value(smaller, shipment, objective)
                    if after < before - 1e-6:
                        lowered.append((seed, service.ident, o, d, objective, before, after))
    assert lowered == []


def test_removing_a_direct_service_does_not_make_the_loop_the_answer():
    """A > B: S3 direct (fare 5,000) or the express S1 past B to C and S2 back to B."""
    links = [
        *line_links()[:2],
        link("C", "B", "rail", 200.0, 5.0, 1000.0, id="CB", corridor="c", bidirectional=False),
    ]
    services = [service_row("S1"), service_row("S2"), service_row("S3", fare_fixed_cny=5000.0)]
    stops = [
        *stop_rows("S1", ("A", None, 0.0), ("C", 10.0, None)),  # passes B
        *stop_rows("S2", ("C", None, 0.0), ("B", 5.0, None)),
        *stop_rows("S3", ("A", None, 0.0), ("B", 4.0, None)),
    ]
    shipment = mm.Shipment("A", "B", teu=1)
    full = service_network(services, stops, line_nodes("ABC"), links)
    direct = mm.route(full, shipment, "cost")
    assert direct.services == ["S3"]
    assert direct.cost_cny == pytest.approx(5100.0)
    smaller = service_network(services[:2], stops[:4], line_nodes("ABC"), links)
    assert best_value(smaller, shipment, "cost") >= direct.cost_cny
    with pytest.raises(mm.NoRouteError, match="visits each node once") as refused:
        mm.route(smaller, shipment, "cost")
    assert refused.value.binding == "loop"
    assert refused.value.relaxed.nodes == ["A", "B", "C", "B"]  # the loop, for the record


def test_removing_the_only_service_on_a_link_does_not_open_the_track():
    """Bare rail track that no service rides moves nothing (and the network says so)."""
    nodes, links = line_nodes("AB"), [line_links()[0]]
    links[0]["cost_cny"] = 10.0  # the track's own figure, unused while a service runs
    stops = stop_rows("S1", ("A", None, 0.0), ("B", 10.0, None))
    with_train = service_network([service_row("S1")], stops, nodes, links)
    shipment = mm.Shipment("A", "B", teu=1)
    assert mm.route(with_train, shipment, "cost").cost_cny == pytest.approx(200.0)
    assert mm.route(with_train, shipment, "time").time_h == pytest.approx(22.0)
    with pytest.warns(mm.DataWarning, match="nothing runs on links AB"):
        without = mm.Network(*frames(nodes, links))
    for objective in ("cost", "time"):
        with pytest.raises(mm.NoRouteError):
            mm.route(without, shipment, objective)


# -- no node twice ---------------------------------------------------------------------------------
def test_no_route_passes_a_node_and_comes_back():
    """The express passes B; a train comes back from C to B. The cheap way A > B > C > B
    visits B twice: the route takes the road instead."""
    links = [
        *line_links()[:2],
        link("C", "B", "rail", 200.0, 5.0, 1000.0, id="CB", corridor="c", bidirectional=False),
        link("A", "B", "road", 100.0, 2.0, 5000.0, id="AB_road", corridor="road"),
    ]
    services = [service_row("S1"), service_row("S2")]
    stops = [
        *stop_rows("S1", ("A", None, 0.0), ("C", 10.0, None)),  # passes B
        *stop_rows("S2", ("C", None, 0.0), ("B", 5.0, None)),
    ]
    net = service_network(services, stops, line_nodes("ABC"), links)
    for objective in ("cost", "time"):
        route = mm.route(net, mm.Shipment("A", "B", teu=1), objective)
        assert route.nodes == ["A", "B"], objective
        assert route.modes == ["road"]
    ready = mm.Shipment("A", "B", teu=1, ready_time=MONDAY)
    assert mm.route(net, ready, "cost").nodes == ["A", "B"]


def simple_trip_costs(spec, origin, destination):
    """The cost of every trip that visits each node once (enumerated from the spec)."""
    return [trip_cost(spec, trip) for trip in simple_trips(spec, origin, destination)]


def test_the_cheapest_route_is_the_cheapest_trip_visiting_each_node_once():
    """On random networks, against enumeration: where a trip visiting each node once
    exists, the route is the cheapest of them (even when a loop would be cheaper)."""
    checked = 0
    for seed in range(4):
        spec = random_spec(np.random.default_rng(seed))
        net = spec_network(spec)
        for o, d in itertools.permutations(range(spec.n_nodes), 2):
            costs = simple_trip_costs(spec, o, d)
            if not costs:
                continue
            route = mm.route(net, mm.Shipment(name(o), name(d), teu=1), "cost")
            assert len(route.nodes) == len(set(route.nodes)), (seed, o, d, route.nodes)
            assert route.cost_cny == pytest.approx(min(costs)), (seed, o, d)
            checked += 1
    assert checked > 30


@functools.cache
def revisits(seeds, objectives=("cost", "time")):
    """Routes on random service networks that visit a node twice."""
    found = []
    for seed in seeds:
        spec = random_spec(np.random.default_rng(seed))
        net = spec_network(spec)
        for o, d in itertools.permutations(range(spec.n_nodes), 2):
            for objective in objectives:
                try:
                    route = mm.route(net, mm.Shipment(name(o), name(d), teu=1), objective)
                except mm.NoRouteError:
                    continue
                if len(route.nodes) != len(set(route.nodes)):
                    found.append((seed, o, d, objective, route.nodes))
    return found


def test_no_route_visits_a_node_twice_on_random_networks():
    assert revisits(range(4)) == []


def test_hub_events_at_a_node_are_not_a_second_visit():
    route = mm.route(two_trains(), mm.Shipment("A", "D", teu=1), "cost")
    assert route.nodes == ["A", "B", "C", "D"]  # the transfer at B does not repeat B
