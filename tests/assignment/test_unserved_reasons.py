"""Unserved demand says why: no path (and the rule), full capacities (with duals), the penalty.

Hand-made cases on the toy network (tests/toy.py): rail A -> D costs 11,950 CNY per TEU,
air 20,480 (see test_assign.py).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from toy import toy_tables

import multimodal as mm
from multimodal.assignment import AssignParams, assign
from multimodal.assignment._unserved import NO_PATH_RULES, UNSERVED_REASONS

RAIL_CNY, AIR_CNY = 11_950.0, 20_480.0


def _net(nodes=None, links=None):
    base_nodes, base_links = toy_tables()
    for ident, changes in (nodes or {}).items():
        for column, value in changes.items():
            rows = base_nodes.index if ident == "*" else base_nodes["id"] == ident
            base_nodes.loc[rows, column] = value
    for ident, changes in (links or {}).items():
        for column, value in changes.items():
            base_links.loc[base_links["id"] == ident, column] = value
    return mm.Network(base_nodes, base_links, name="toy")


def _demand(*rows):
    return pd.DataFrame(rows, columns=["origin", "destination", "cargo_class", "teu_per_week"])


@pytest.mark.parametrize(
    ("nodes", "row", "rule"),
    [
        # links allow reefer by default, nodes do not: here no node does
        ({"*": {"reefer": False}}, ("A", "D", "reefer", 2.0), "reefer"),
        # meat imports must clear at a port designated for meat: H no longer is
        ({"H": {"designated": ""}}, ("D", "A", "meat", 2.0), "designated_ports"),
        # no open customs port anywhere
        ({"*": {"port_status": "none", "port_modes": ""}}, ("A", "D", "general", 2.0), "customs"),
    ],
)
def test_no_path_names_the_rule(nodes, row, rule):
    result = assign(_net(nodes), _demand(row))
    unserved = result.unserved
    assert len(unserved) == 1
    got = unserved.iloc[0]
    assert got["unserved_teu"] == pytest.approx(row[3])
    assert got["reason"] == "no_path"
    assert got["binding"] == rule
    assert NO_PATH_RULES[rule] in got["detail"]
    assert math.isnan(got["path_cost_cny_per_teu"])
    assert f"unserved, no_path: {row[3]:.1f} TEU/week on 1 row ({rule})" in result.summary()


def test_reefer_on_the_toy_is_served():
    """The toy's own nodes accept reefer: the case above is the rule, not the toy."""
    assert assign(_net(), _demand(("A", "D", "reefer", 2.0))).unserved.empty


@pytest.mark.parametrize(("method", "integer"), [("path", False), ("arc", False), ("arc", True)])
def test_full_capacity_names_every_blocking_link_with_its_dual(method, integer):
    """Capacity 0 on the only rail link and the only flight: both are named, with duals
    of penalty minus each path's cost (no duals in the integer variant)."""
    penalty = 100_000.0
    net = _net(
        links={"H-B-rail": {"capacity_teu_per_week": 0.0}, "P-D-air": {"capacity_t_per_week": 0.0}}
    )
    params = AssignParams(integer=integer, unserved_penalty_cny_per_teu=penalty)
    result = assign(net, _demand(("A", "D", "general", 3.0)), method=method, params=params)
    got = result.unserved.iloc[0]
    assert got["reason"] == "capacity"
    assert got["binding"] == "link H-B-rail forward; link P-D-air forward"
    assert got["path_cost_cny_per_teu"] == pytest.approx(RAIL_CNY)
    assert "rail Hub > B" in got["detail"]
    assert "air P > Dest" in got["detail"]
    forward = result.bottlenecks[result.bottlenecks["direction"] == "forward"]
    duals = forward.set_index("id")["dual_cny_per_teu"]
    if not integer:
        # the detail quotes the duals of the bottlenecks table; they are at least the
        # penalty less each path's cost (the arc LP's duals of an empty link are not
        # unique); column generation gives exactly that (less the time tie-break)
        for link, cost in (("H-B-rail", RAIL_CNY), ("P-D-air", AIR_CNY)):
            assert f"{duals[link]:,.0f} CNY per extra TEU" in got["detail"]
            assert duals[link] >= penalty - cost - 1.0
            if method == "path":
                assert duals[link] == pytest.approx(penalty - cost, abs=1.0)
    else:
        assert duals.isna().all()
        assert "CNY per extra TEU" not in got["detail"]
    assert "unserved, capacity: 3.0 TEU/week on 1 row (link H-B-rail forward;" in result.summary()


def test_penalty_below_the_path_cost():
    result = assign(
        _net(),
        _demand(("A", "D", "general", 2.0)),
        params=AssignParams(unserved_penalty_cny_per_teu=5_000.0),
    )
    got = result.unserved.iloc[0]
    assert got["reason"] == "penalty"
    assert got["binding"] == ""
    assert got["path_cost_cny_per_teu"] == pytest.approx(RAIL_CNY)
    assert "11,950 CNY per TEU, more than the unserved penalty of 5,000" in got["detail"]
    assert "unserved, penalty: 2.0 TEU/week on 1 row" in result.summary()


def _toy_with_a_train(capacity_teu_per_departure):
    """The toy with H -> B run by an explicit service HB_TRAIN, once a week; the link's
    own departures blanked (so nothing runs B -> H: unused here)."""
    nodes, links = toy_tables()
    links.loc[links["id"] == "H-B-rail", "departures_per_week"] = None
    services = pd.DataFrame(
        [
            {
                "service_id": "HB_TRAIN",
                "name": "H-B train",
                "mode": "rail",
                "corridor": "domestic_rail",
                "departures_per_week": 1.0,
                "capacity_teu_per_departure": capacity_teu_per_departure,
                "fare_basis": "teu",
                "fare_fixed_cny": 3000.0,
                "fare_cny_per_km": 0.0,
                "reefer": "yes",
                "dangerous_goods": "no",
                "year": 2025,
                "source": "test",
            }
        ]
    )
    stops = pd.DataFrame(
        [
            {"service_id": "HB_TRAIN", "seq": 1, "node": "H", "arrive_h": None, "depart_h": 0.0},
            {"service_id": "HB_TRAIN", "seq": 2, "node": "B", "arrive_h": 60.0, "depart_h": None},
        ]
    )
    return mm.Network(nodes, links, name="toy+train", services=(services, stops))


def test_full_service_is_named_as_the_capacity():
    """A -> B goes only by road to H and the H-B train (3 TEU a week): 3 of 5 TEU ride
    it, 2 are unserved for capacity, and the binding names the service. The cheapest
    path: road 500 + transfer at H 100 + the train's fare 3,000 = 3,600 CNY per TEU."""
    net = _toy_with_a_train(3.0)
    result = assign(net, _demand(("A", "B", "general", 5.0)))
    got = result.unserved.iloc[0]
    assert got["unserved_teu"] == pytest.approx(2.0)
    assert got["reason"] == "capacity"
    assert "HB_TRAIN" in got["binding"]
    assert got["path_cost_cny_per_teu"] == pytest.approx(3600.0)
    assert "HB_TRAIN" in set(result.bottlenecks["id"])


def test_reasons_are_the_documented_ones_and_figures_unchanged():
    result = assign(_net(), _demand(("A", "D", "general", 2.0)))
    assert result.unserved.empty
    assert list(result.unserved.columns) == [
        *("id", "origin", "destination", "cargo_class", "teu_per_week", "unserved_teu"),
        *("reason", "binding", "path_cost_cny_per_teu", "detail"),
    ]
    assert set(UNSERVED_REASONS) == {"no_path", "capacity", "penalty"}


def test_built_in_demand_unserved_rows_say_why():
    """On the built-in network and demand every unserved row has a documented reason; a
    capacity row names only full links, services or hubs (its figures moved with the
    services data, so they are not pinned here: the toy cases above pin them)."""
    net = mm.load_network()
    result = assign(net, mm.load_demand(network=net))
    unserved = result.unserved
    assert result.kpis["unserved_teu"] == pytest.approx(unserved["unserved_teu"].sum())
    assert set(unserved["reason"]) <= set(UNSERVED_REASONS)
    for row in unserved.itertuples():
        if row.reason == "capacity":
            assert row.binding
            kinds = {part.split(" ")[0] for part in row.binding.split("; ")}
            assert kinds <= {"link", "service", "hub"}
