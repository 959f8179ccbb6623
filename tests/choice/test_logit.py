"""The capacitated path-size logit: shares by hand, capacities, elasticity, surplus."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from toy import toy_network, toy_tables

import multimodal as mm
from multimodal.comparison.run import shippers_surplus


def _demand(teu=5.0, value=300_000.0):
    return pd.DataFrame(
        {
            "id": ["R1"],
            "origin": ["A"],
            "destination": ["D"],
            "cargo_class": ["general"],
            "teu_per_week": [teu],
            "cargo_value_cny_per_teu": [value],
        }
    )


def _logit(net, demand, **model):
    """Plain logit, fixed demand unless an elasticity is given."""
    choice = mm.ChoiceModel(**{"path_size": False, "elasticity": 0.0, **model})
    return mm.assign(net, demand, objective="generalized", choice=choice)


def test_shares_equal_a_hand_computed_logit():
    """Two alternatives (rail, air): shares are exp(-s c_i / c_min) / sum, with c_i the
    generalized cost of each path as the result reports it (money + value of time x hours
    + 500 CNY per transfer, summed edge by edge in result.py, not by the engine)."""
    result = _logit(toy_network(), _demand(), scale=8.0)
    paths = result.paths
    assert len(paths) == 2
    cost = paths["generalized_cost_cny_per_teu"].to_numpy()
    utility = -8.0 * cost / cost.min()
    expected = np.exp(utility) / np.exp(utility).sum()
    assert paths["share"].to_numpy() == pytest.approx(expected, rel=1e-6)
    # the generalized cost is money + 12.5 CNY/TEU-h (300,000 x 0.2 % / 24) x h + transfers
    money, hours = paths["cost_cny_per_teu"], paths["time_h"]
    transfers = paths["transfers"]
    assert cost == pytest.approx(money + 25.0 * hours + 500.0 * transfers, rel=1e-9)


def test_constants_shift_shares_by_their_odds():
    """A constant of +1 on air multiplies air's odds by e (hand: ratio of odds)."""
    plain = _logit(toy_network(), _demand()).paths.set_index("main_mode")["share"]
    shifted = _logit(toy_network(), _demand(), constants={"mode:air": 1.0}).paths
    shifted = shifted.set_index("main_mode")["share"]
    odds = (shifted["air"] / shifted["rail"]) / (plain["air"] / plain["rail"])
    assert odds == pytest.approx(np.e, rel=1e-6)


def test_capacity_holds_and_prices_the_full_line():
    """Rail capacity 1 TEU/week under a logit that would send ~all 5 TEU by rail: rail
    carries 1 (to 1e-6), the rest flies, and the rail line gets a positive price."""
    net = toy_network(**{"H-B-rail": {"capacity_teu_per_week": 1.0}})
    result = _logit(net, _demand())
    assert result.solve_info.status == "optimal"
    flows = result.link_flows.set_index("id")["flow_teu"]
    assert flows["H-B-rail"] <= 1.0 + 1e-6
    assert flows["H-B-rail"] == pytest.approx(1.0, rel=1e-4)
    assert result.bottlenecks["dual_cny_per_teu"].max() > 0
    assert result.demand["served_teu"].sum() == pytest.approx(5.0, rel=1e-6)


def test_capacity_is_exact_against_a_direct_convex_solve():
    """The split under a capacity equals an independent solve of the same entropy program
    (SciPy SLSQP on the two path flows and the unserved TEU, which cost the shipper 3x the
    least generalized cost: ``ChoiceModel.reservation_factor``)."""
    from scipy.optimize import minimize

    net = toy_network(**{"H-B-rail": {"capacity_teu_per_week": 2.0}})
    result = _logit(net, _demand(), scale=4.0)
    paths = result.paths.sort_values("main_mode")  # air, rail
    cost = paths["generalized_cost_cny_per_teu"].to_numpy()
    w = cost.min() / 4.0  # CNY per unit of utility (reference cost / scale)
    cost = np.append(cost, 3.0 * cost.min())  # and the unserved "alternative"

    def objective(f):
        f = np.maximum(f, 1e-12)
        return float(f @ cost + w * (f * np.log(f)).sum())

    constraints = [
        {"type": "eq", "fun": lambda f: f.sum() - 5.0},
        {"type": "ineq", "fun": lambda f: 2.0 - f[1]},
    ]
    direct = minimize(
        objective, np.array([2.5, 2.0, 0.5]), constraints=constraints, bounds=[(0, 5)] * 3,
        method="SLSQP", options={"ftol": 1e-14, "maxiter": 500},
    )  # fmt: skip
    assert paths["flow_teu"].to_numpy() == pytest.approx(direct.x[:2], abs=1e-4)
    assert result.demand["served_teu"].sum() == pytest.approx(direct.x[:2].sum(), abs=1e-4)


def test_demand_falls_when_costs_rise_and_never_the_other_way():
    base_net = toy_network()
    demand = _demand()
    model = dict(elasticity=-0.6)
    base = _logit(base_net, demand, **model)
    for factor in (1.2, 2.0):
        dearer = toy_network(**{"H-B-rail": {"cost_cny": 3000.0 * factor}})
        scenario = mm.assign(
            dearer, demand, objective="generalized",
            choice=mm.ChoiceModel(path_size=False, **model), reference=base,
        )  # fmt: skip
        assert scenario.kpis["demand_teu"] < base.kpis["demand_teu"]
    cheaper = toy_network(**{"H-B-rail": {"cost_cny": 2000.0}})
    scenario = mm.assign(
        cheaper, demand, objective="generalized",
        choice=mm.ChoiceModel(path_size=False, **model), reference=base,
    )  # fmt: skip
    assert scenario.kpis["demand_teu"] > base.kpis["demand_teu"]


def test_elastic_demand_follows_the_elasticity_formula():
    """D = D_ref x exp(elasticity x (C - C_ref) / GC_ref), C the composite (logsum) cost."""
    base = _logit(toy_network(), _demand(), elasticity=-0.8)
    dearer = toy_network(**{"H-B-rail": {"cost_cny": 6000.0}})
    scenario = mm.assign(
        dearer, _demand(), objective="generalized",
        choice=mm.ChoiceModel(path_size=False, elasticity=-0.8), reference=base,
    )  # fmt: skip
    c0 = base.row_costs["composite_cost_cny_per_teu"].iat[0]
    c1 = scenario.row_costs["composite_cost_cny_per_teu"].iat[0]
    d1 = scenario.row_costs["demand_teu"].iat[0]
    gc_ref = base.row_costs["reference_cost_cny_per_teu"].iat[0]
    assert d1 == pytest.approx(5.0 * np.exp(-0.8 * (c1 - c0) / gc_ref), rel=1e-5)


def test_surplus_never_falls_when_a_service_is_added_and_is_zero_without_change():
    nodes, links = toy_tables()
    base_net = mm.Network(nodes, links, name="toy")
    demand = _demand()
    base = _logit(base_net, demand, elasticity=-0.6)
    same = mm.assign(
        base_net, demand, objective="generalized",
        choice=mm.ChoiceModel(path_size=False, elasticity=-0.6), reference=base,
    )  # fmt: skip
    assert shippers_surplus(base.row_costs, same.row_costs) == pytest.approx(0.0, abs=1e-6)
    more = links.copy()
    extra = more[more["id"] == "P-D-air"].assign(
        id="P-D-air-2", cost_cny=more.loc[more["id"] == "P-D-air", "cost_cny"] * 0.9
    )
    more = pd.concat([more, extra], ignore_index=True)
    added = mm.assign(
        mm.Network(nodes, more, name="toy+"), demand, objective="generalized",
        choice=mm.ChoiceModel(path_size=False, elasticity=-0.6), reference=base,
    )  # fmt: skip
    assert shippers_surplus(base.row_costs, added.row_costs) > 0


def test_two_runs_give_identical_kpis():
    net = mm.load_network()
    demand = mm.load_demand(network=net).head(30)
    first = mm.assign(net, demand, objective="generalized", choice=mm.ChoiceModel())
    second = mm.assign(net, demand, objective="generalized", choice=mm.ChoiceModel())
    pd.testing.assert_series_equal(first.kpis, second.kpis)


def test_choice_needs_the_generalized_objective_and_a_known_name():
    net, demand = toy_network(), _demand()
    with pytest.raises(mm.exceptions.ParameterError, match="generalized"):
        mm.assign(net, demand, choice="logit")
    with pytest.raises(mm.exceptions.ParameterError, match="logit"):
        mm.assign(net, demand, objective="generalized", choice="logti")
    with pytest.raises(mm.exceptions.ParameterError, match="kind"):
        mm.ChoiceModel(constants={"colour:red": 1.0})
    with pytest.raises(mm.exceptions.ParameterError, match="objective"):
        mm.assign(net, demand, objective="cheap")


def test_choice_model_saves_and_loads(tmp_path):
    model = mm.ChoiceModel(scale=5.0, constants={"mode:air": -1.25}, elasticity=-0.4)
    path = model.save(tmp_path / "m.json")
    assert mm.ChoiceModel.load(path) == model
    path.write_text("{}", "utf-8")
    with pytest.raises(mm.exceptions.DataValidationError, match="not a saved ChoiceModel"):
        mm.ChoiceModel.load(path)


def test_a_full_line_rations_elastic_demand_in_the_base():
    """With an elasticity, the given demand is what shippers send without queues: when
    every way is full its price rises and demand falls (more with tighter lines), and the
    same network read against that base gives the base's answer (zero deltas)."""
    demand = _demand()

    def full(rail_teu, air_t):
        capacities = {"H-B-rail": {"capacity_teu_per_week": rail_teu},
                      "P-D-air": {"capacity_t_per_week": air_t}}  # fmt: skip
        return toy_network(**capacities)

    loose = _logit(full(2.0, 20.0), demand, elasticity=-0.5)
    tight = _logit(full(1.0, 10.0), demand, elasticity=-0.5)
    for result, room in ((loose, 4.0), (tight, 2.0)):
        row = result.row_costs.iloc[0]
        # both ways full: the queue rations demand below 5 TEU; what still exceeds the
        # room once the queue costs the shipper his reservation (3x) stays unserved
        assert result.kpis["served_teu"] == pytest.approx(room, rel=1e-5)
        assert room - 1e-6 <= row["demand_teu"] < 5.0
    assert (
        tight.row_costs["composite_cost_cny_per_teu"].iat[0]
        > loose.row_costs["composite_cost_cny_per_teu"].iat[0]
    )
    again = mm.assign(
        full(1.0, 10.0), demand, objective="generalized",
        choice=mm.ChoiceModel(path_size=False, elasticity=-0.5), reference=tight,
    )  # fmt: skip
    assert shippers_surplus(tight.row_costs, again.row_costs) == pytest.approx(0.0, abs=1e-3)
    assert again.kpis["demand_teu"] == pytest.approx(tight.kpis["demand_teu"], rel=1e-7)
