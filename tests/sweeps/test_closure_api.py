"""Closure's name, its network and scenario, and a sweep's refusal of demand to a closed node."""

from __future__ import annotations

import pytest

import multimodal as mm
from multimodal.exceptions import DataValidationError
from multimodal.sweeps import Bernoulli, Closure
from multimodal.sweeps.factors import BaseView


@pytest.fixture(scope="module")
def net():
    return mm.load_network()


def test_a_closure_of_more_nodes_has_its_own_name():
    assert Closure("BREST").name == "closed_BREST"
    assert Closure("BREST", also=("BRUZGI",)).name == "closed_BREST+BRUZGI"
    assert Closure("BREST", also="BRUZGI").name == "closed_BREST+BRUZGI"


def test_a_sweep_with_both_closures_keeps_both_plans(net):
    demand = mm.load_demand(network=net).head(5)
    brest, border = Closure("BREST"), Closure("BREST", also=("BRUZGI",))
    swept = mm.sweep(
        net, [], demand, settings={"brest": [brest], "border": [border]}, run="skim", seed=1
    )
    shown = swept.meta["inputs"]["diversions"]
    assert set(shown) == {"closed_BREST", "closed_BREST+BRUZGI"}
    for closure in (brest, border):
        plan = closure.plan(net)
        assert shown[closure.name]["diverted_trains_per_week"] == pytest.approx(
            float(plan["diverted_per_week"].sum())
        )
    # the whole border diverts less (only Kaliningrad is open): the plans differ
    assert (
        shown["closed_BREST+BRUZGI"]["diverted_trains_per_week"]
        < shown["closed_BREST"]["diverted_trains_per_week"]
    )
    assert set(swept.draws.columns) >= {"closed_BREST", "closed_BREST+BRUZGI"}


def test_apply_and_scenario_give_the_closed_network(net):
    closure = Closure("BREST", also=("BRUZGI",))
    scenario = closure.scenario(net)
    assert scenario.name == "closed_BREST+BRUZGI"
    by_hand = mm.Scenario("b", changes=closure.resolved(net).changes(1.0, BaseView.of(net))).apply(
        net
    )
    closed = closure.apply(net)
    assert {"BREST", "BRUZGI"}.isdisjoint({str(n) for n in closed.node_ids})
    assert "BREST" in {str(n) for n in net.node_ids}  # the base is not modified
    assert closed.service_tables()[0].equals(by_hand.service_tables()[0])
    plan = closure.plan(net)
    runs = set(plan.loc[plan["action"] == "diverted", "runs_as"])
    assert runs
    assert runs <= set(closed.service_tables()[0]["service_id"])
    # applied whatever `closed` draws
    assert Closure("BREST", closed=0).apply(net).node_ids == Closure("BREST").apply(net).node_ids


def test_a_sweep_refuses_demand_to_a_closed_node_naming_rows_and_closure(net):
    demand = mm.load_demand(network=net)
    to_duisburg = demand[demand["destination"] == "DUISBURG"].head(2)
    rows = mm.demand.validate_demand(to_duisburg, net)
    for closure in (
        Closure("DUISBURG"),
        Closure("BREST", also=("DUISBURG",), closed=Bernoulli(0.5)),
    ):
        with pytest.raises(DataValidationError) as caught:
            mm.sweep(net, [], to_duisburg, draws=2, settings={"x": [closure]}, run="skim")
        problems = caught.value.problems
        assert [(p.file, p.row, p.column) for p in problems] == [
            ("demand", ident, "destination") for ident in rows["id"]
        ]
        assert f"closed by setting 'x': {closure.label}" in problems[0].message
    # open in every draw: nothing to refuse
    mm.sweep(net, [], to_duisburg, settings=[Closure("DUISBURG", closed=0)], run="skim")
