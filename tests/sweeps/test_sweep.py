"""``sweep``: determinism, executors, no-change draws, fuel price, border dwell, closure, errors.

Each property is checked against something the sweep did not compute: ``compare`` run
directly on the same network, a bound that holds for any optimum (a dearer fuel cannot
cost less, nor more than the factor times the base), the network's own service tables,
and numpy's quantiles.
"""

from __future__ import annotations

import concurrent.futures

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from matplotlib.axes import Axes

import multimodal as mm
from multimodal.exceptions import ParameterError
from multimodal.scenarios import Scenario, SetLink
from multimodal.sweeps import (
    Bernoulli,
    BorderDwell,
    Choice,
    Closure,
    DemandGrowth,
    FuelPrice,
    Normal,
    Triangular,
    Uniform,
)
from multimodal.sweeps.factors import BaseView
from multimodal.sweeps.result import distribution


@pytest.fixture(scope="module")
def net():
    return mm.load_network()


@pytest.fixture(scope="module")
def demand(net):
    return mm.load_demand(network=net).head(8)


@pytest.fixture(scope="module")
def proposal():
    return mm.load_scenarios()[0]


FACTORS = [
    FuelPrice(Uniform(0.8, 1.4)),
    BorderDwell("MALASZEWICZE", Choice((0.0, 180.0))),
    DemandGrowth(Normal(1.05, 0.05, low=0.8, high=1.3)),
]


@pytest.fixture(scope="module")
def swept(net, demand, proposal):
    return mm.sweep(net, [proposal], demand, draws=2, settings=FACTORS, seed=7)


def test_same_seed_gives_identical_distributions(net, demand, proposal, swept):
    again = mm.sweep(net, [proposal], demand, draws=2, settings=FACTORS, seed=7)
    pdt.assert_frame_equal(again.draws, swept.draws)
    pdt.assert_frame_equal(again.values, swept.values)
    pdt.assert_frame_equal(again.distribution, swept.distribution)
    other = mm.sweep(net, [], demand, draws=2, settings=FACTORS[:1], seed=8, run="skim")
    assert not np.allclose(other.draws["fuel_price"], swept.draws["fuel_price"])


def test_executors_and_batches_give_identical_results(net, demand, proposal, swept):
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        threaded = mm.sweep(
            net, [proposal], demand, draws=2, settings=FACTORS, seed=7, workers=pool, batch_size=1
        )
    processes = mm.sweep(net, [proposal], demand, draws=2, settings=FACTORS, seed=7, workers=2)
    for result in (threaded, processes):
        pdt.assert_frame_equal(result.values, swept.values)
        pdt.assert_frame_equal(result.distribution, swept.distribution)


def test_a_draw_is_fixed_by_seed_and_index_whatever_the_other_factors(net, demand):
    alone = mm.sweep(net, [], demand, draws=4, settings=FACTORS[:1], seed=3, run="skim")
    more = mm.sweep(net, [], demand, draws=5, settings=[FACTORS[2], FACTORS[0]], seed=3, run="skim")
    assert alone.draws["fuel_price"].tolist() == more.draws["fuel_price"].tolist()[:4]


def test_draw_values_lie_in_their_distribution(swept):
    draws = swept.draws
    assert draws["fuel_price"].between(0.8, 1.4).all()
    assert set(draws["border_dwell_h_MALASZEWICZE"]) <= {0.0, 180.0}
    assert (draws["demand_factor"] == draws["demand_growth"]).all()


def test_base_row_of_a_fixed_draw_equals_compare_run_directly(net, demand, proposal):
    result = mm.sweep(net, [proposal], demand, settings=[FuelPrice(1.3)])
    dearer = Scenario("fuel", changes=FuelPrice(1.3).changes(1.3, BaseView.of(net)))
    direct = mm.compare(dearer.apply(net), [proposal], demand)
    values = result.values.pivot(index="scenario", columns="kpi", values="value")
    expected = direct.kpis.select_dtypes("number").astype(float)
    assert values.loc["base", "total_cost_cny"] == pytest.approx(
        expected.loc["base", "total_cost_cny"]
    )
    assert values.loc[proposal.name, "mean_time_h"] == pytest.approx(
        expected.loc[proposal.name, "mean_time_h"]
    )


def test_a_no_change_proposal_gives_zero_deltas_in_every_draw(net, demand):
    link = net.links.iloc[0]
    same = Scenario("no_change", changes=[SetLink(link["id"], {"cost_cny": link["cost_cny"]})])
    result = mm.sweep(
        net, [same], demand, draws=2, settings=[FuelPrice(Uniform(0.9, 1.2))], run="assign"
    )
    deltas = result.values[result.values["scenario"] == "no_change"]["delta"]
    assert len(deltas) > 0
    assert (deltas == 0.0).all()
    beats = result.distribution.xs("no_change", level="scenario")["p_beats_base"].dropna()
    assert (beats == 0.0).all()


def test_a_dearer_fuel_raises_cost_but_by_no_more_than_its_factor(net, demand):
    base = mm.compare(net, [], demand).kpis.loc["base", "total_cost_cny"]
    result = mm.sweep(net, [], demand, draws=3, settings=[FuelPrice(Uniform(1.1, 1.5))])
    cost = result.values.query("kpi == 'total_cost_cny'").set_index("draw")["value"]
    factor = result.draws.set_index("draw")["fuel_price"]
    # the base's routes stay feasible at f x their rates (handling does not scale): the
    # optimum costs at most f x the base's, and more than the base's (rates went up)
    assert (cost > base * 1.0001).all()
    assert (cost <= factor * base * (1 + 1e-9)).all()
    order = factor.sort_values().index
    assert cost.loc[order].is_monotonic_increasing


def test_border_dwell_delays_every_service_through_the_node(net):
    view = BaseView.of(net)
    changes = BorderDwell("MALASZEWICZE", 180.0).changes(180.0, view)
    after = Scenario("slow", changes=changes).apply(net)
    before_stops = net.service_tables()[1]
    after_stops = after.service_tables()[1]
    through = {
        sid for sid, legs in view.passes.items() if any("MALASZEWICZE" in leg for leg in legs)
    }
    assert through
    for sid in through:
        old = before_stops[before_stops["service_id"] == sid].sort_values("seq")
        new = after_stops[after_stops["service_id"] == sid].sort_values("seq")
        assert new["arrive_h"].iloc[-1] == pytest.approx(old["arrive_h"].iloc[-1] + 180.0)
        assert new["depart_h"].iloc[0] == pytest.approx(old["depart_h"].iloc[0])
    others = set(before_stops["service_id"]) - through
    untouched = before_stops[before_stops["service_id"].isin(others)].reset_index(drop=True)
    kept = after_stops[after_stops["service_id"].isin(others)].reset_index(drop=True)
    pdt.assert_frame_equal(untouched[["arrive_h", "depart_h"]], kept[["arrive_h", "depart_h"]])


def test_closure_removes_the_node_and_every_service_through_it(net):
    changes = Closure("BREST").changes(1.0, BaseView.of(net))
    closed = Scenario("closed", changes=changes).apply(net)
    assert "BREST" not in {str(n) for n in closed.node_ids}
    links = closed.links
    ends = set(links["from_node"]) | set(links["to_node"])
    assert "BREST" not in ends
    stops = closed.service_tables()[1]
    ridden = {k for text in stops["via_links"].fillna("") for k in str(text).split(";") if k}
    assert not {"CE_MINSK_BREST", "CE_BREST_MALASZEWICZE"} & ridden
    assert Closure("BREST", closed=0).changes(0.0, BaseView.of(net)) == []


def test_distribution_matches_numpy_and_a_hand_count():
    rows = []
    for draw, (base, scen) in enumerate([(10.0, 9.0), (10.0, 11.0), (12.0, 11.0), (8.0, 8.0)]):
        for name, value in (("base", base), ("s", scen)):
            rows.append({"setting": "x", "draw": draw, "scenario": name, "kpi": "total_cost_cny",
                         "value": value, "delta": value - base})  # fmt: skip
    table = distribution(pd.DataFrame(rows), quantiles=(0.25, 0.5))
    s = table.loc[("x", "s", "total_cost_cny")]
    assert s["p_beats_base"] == pytest.approx(0.5)  # draws 0 and 2 cheaper; 3 a tie
    assert s["q50"] == pytest.approx(np.quantile([9.0, 11.0, 11.0, 8.0], 0.5))
    assert s["delta_q25"] == pytest.approx(np.quantile([-1.0, 1.0, -1.0, 0.0], 0.25))
    assert np.isnan(table.loc[("x", "base", "total_cost_cny"), "p_beats_base"])


def test_named_settings_share_their_random_numbers(net, demand):
    result = mm.sweep(
        net,
        [],
        demand,
        draws=2,
        settings={"cheap": [FuelPrice(Uniform(0.8, 1.0))], "both": FACTORS[:2]},
        run="skim",
    )
    draws = result.draws.set_index(["setting", "draw"])
    assert result.settings == ("cheap", "both")
    # same factor name, same draw index: the same uniform number, on another range
    u_cheap = (draws.loc["cheap", "fuel_price"] - 0.8) / 0.2
    u_both = (draws.loc["both", "fuel_price"] - 0.8) / 0.6
    assert np.allclose(u_cheap, u_both)


def test_result_protocol_members(swept):
    text = swept.summary()
    assert "Sweep of 1 scenarios" in text
    assert "optimal" in text
    frame = swept.to_frame()
    assert {"setting", "scenario", "kpi", "q05", "q95", "p_beats_base"} <= set(frame.columns)
    ax = swept.plot()
    assert isinstance(ax, Axes)
    assert isinstance(swept.plot(kpi="mean_time_h", deltas=False), Axes)
    plt.close("all")
    assert swept.solve_info is not None
    assert swept.solve_info.status == "optimal"
    assert swept.meta["function"] == "sweep"
    assert swept.meta["seed"] == 7
    with pytest.raises(ParameterError, match="did you mean 'total_cost_cny'"):
        swept.fan_table("total_cost")


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: BorderDwell("BRESTT", 24.0), "no node 'BRESTT'.*did you mean 'BREST'"),
        (lambda: FuelPrice(Normal(1.0, 0.5)), "factor must be at least 0 in every draw"),
        (lambda: FuelPrice("high"), "must be a number or a distribution"),
        (lambda: DemandGrowth(0.0), "factor must be at least"),
        (lambda: Closure("BREST", closed=0.5), "closed must be 0, 1 or Bernoulli"),
        (lambda: Choice((0.0, 1.0), (1.0,)), "one weight >= 0 per value"),
        (lambda: Uniform(2.0, 1.0), "low must not exceed high"),
        (lambda: Triangular(1.0, 3.0, 2.0), "low <= mode <= high"),
        (lambda: Bernoulli(1.5), "p must be within 0-1"),
    ],
)
def test_bad_settings_are_refused_clearly(net, demand, make, match):
    def attempt():
        mm.sweep(net, [], demand, draws=1, settings=[make()], run="skim")

    with pytest.raises(ParameterError, match=match):
        attempt()


def test_bad_sweep_arguments_are_refused_clearly(net, demand):
    with pytest.raises(ParameterError, match="draws= is needed"):
        mm.sweep(net, [], demand, settings=FACTORS)
    with pytest.raises(ParameterError, match="settings must hold factors"):
        mm.sweep(net, [], demand, settings=["fuel"])
    with pytest.raises(ParameterError, match="each factor once"):
        mm.sweep(net, [], demand, settings=[FuelPrice(1.1), FuelPrice(1.2)])
    with pytest.raises(ParameterError, match="run must be one of"):
        mm.sweep(net, [], demand, run="simulate")
