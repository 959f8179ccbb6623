"""synthetic_services / synthetic_service_network: valid, deterministic, refused when impossible."""

from __future__ import annotations

import pandas as pd
import pytest

import multimodal as mm
from multimodal.exceptions import ParameterError
from multimodal.services import SERVICE_COLUMNS, STOP_COLUMNS
from multimodal.synthetic import synthetic_network, synthetic_service_network, synthetic_services


@pytest.fixture(scope="module")
def base() -> mm.Network:
    return synthetic_network(400, seed=5, k_rail=3)


def test_same_seed_same_tables_other_seed_other_tables(base):
    first = synthetic_services(base, 12, 5, seed=3)
    again = synthetic_services(base, 12, 5, seed=3)
    other = synthetic_services(base, 12, 5, seed=4)
    for a, b in zip(first, again):
        pd.testing.assert_frame_equal(a, b)
    assert not first[1]["node"].equals(other[1]["node"])


def test_tables_follow_the_contract(base):
    services, stops = synthetic_services(base, 10, 6, seed=1, links_per_stop=2)
    assert {c.name for c in SERVICE_COLUMNS} <= set(services.columns)
    assert {c.name for c in STOP_COLUMNS if c.required} <= set(stops.columns)
    assert services["service_id"].is_unique
    assert len(services) == 10
    links = base.links.set_index("id")
    for _sid, group in stops.groupby("service_id"):
        assert group["seq"].tolist() == list(range(1, 7))
        assert group["node"].is_unique  # a service never visits a node twice
        arrive, depart = group["arrive_h"].to_numpy(), group["depart_h"].to_numpy()
        assert depart[0] == 0
        assert (arrive[1:] > depart[:-1]).all()
        assert (depart[1:-1] >= arrive[1:-1]).all()
        for text in group["via_links"].iloc[1:]:
            ridden = text.split(";")
            assert len(ridden) == 2
            assert (links.loc[ridden, "mode"] == "rail").all()
    timed = services["timetable"] != ""
    assert timed.any()
    assert (~timed).any()
    assert services.loc[~timed, "departures_per_week"].gt(0).all()


def test_network_with_the_services_routes_on_them(base):
    services, stops = synthetic_services(base, 30, 8, seed=2)
    ridden = {k for text in stops["via_links"] for k in text.split(";") if k}
    links = base.links
    links.loc[links["id"].isin(ridden), "departures_per_week"] = None
    net = mm.Network(base.nodes, links, services=(services, stops))
    assert int((~net.services["implicit"]).sum()) == 30
    first = stops[stops["service_id"] == services["service_id"].iloc[0]]
    route = mm.route(net, mm.Shipment(first["node"].iloc[0], first["node"].iloc[-1]), "cost")
    assert route.cost_cny > 0
    assert route.time_h > 0


def test_service_network_builds_without_warnings_and_is_deterministic():
    one = synthetic_service_network(300, 8, 5, seed=7)
    two = synthetic_service_network(300, 8, 5, seed=7)
    pd.testing.assert_frame_equal(one.service_tables()[1], two.service_tables()[1])
    assert one.expanded.n_edges == two.expanded.n_edges
    assert len(one.service_tables()[0]) == 8


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (("not a network", 3, 4), {}, "must be a Network"),
        ((None, 0, 4), {}, "n_services"),
        ((None, 3, 1), {}, "n_stops"),
        ((None, 3, 4), {"mode": "boat"}, "unknown mode"),
        ((None, 3, 4), {"links_per_stop": 1.5}, "links_per_stop"),
        ((None, 3, 4), {"timetable_share": 2}, "timetable_share"),
        ((None, 3, 4), {"mode": "sea"}, "no sea links"),
        ((None, 3, 400), {}, "visits no node twice"),
    ],
)
def test_bad_arguments_are_refused(base, args, kwargs, match):
    network = base if args[0] is None else args[0]
    with pytest.raises(ParameterError, match=match):
        synthetic_services(network, *args[1:], **kwargs)
