"""assign(): the network adapter of the multi-commodity flow, against routing and by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from toy import toy_network, toy_tables

import multimodal as mm
from multimodal.assignment import assign
from multimodal.demand import load_demand


def _demand(rows):
    return pd.DataFrame(rows, columns=["origin", "destination", "cargo_class", "teu_per_week"])


def test_uncapacitated_assignment_equals_routing_each_commodity():
    """Without capacities every commodity takes its cheapest route: the LP optimum equals
    the sum of route() costs (an independent search) times the TEU."""
    net = mm.load_network()
    demand = load_demand(network=net).head(40)
    free = net.links.assign(capacity_teu_per_week=np.nan, capacity_t_per_week=np.nan)
    nodes = net.nodes.assign(throughput_teu_per_week=np.nan)
    services, stops = net.service_tables()  # the explicit services have capacities too
    services = services.assign(capacity_teu_per_departure=np.nan, capacity_t_per_departure=np.nan)
    free_net = mm.Network(nodes, free, name="uncapacitated", services=(services, stops))
    assert not np.isfinite(free_net.service_table.capacity_teu_per_week()).any()
    result = assign(free_net, demand)
    expected = 0.0
    for row in result.demand.itertuples():
        ship = mm.Shipment(
            row.origin, row.destination, teu=1.0, weight_t=10.0, cargo_class=row.cargo_class
        )
        expected += mm.route(free_net, ship, "cost").cost_cny * row.teu_per_week
    assert result.kpis["unserved_teu"] == 0
    assert result.kpis["transport_cost_cny"] == pytest.approx(expected, rel=1e-9)
    assert result.solve_info.is_optimal


def test_capacity_shifts_flow_and_prices_the_bottleneck():
    """Toy: rail A->D costs 11,950 per TEU, air 20,480. With 3 TEU/week of rail capacity
    on H-B and 5 TEU demand, 2 TEU fly; one more TEU of rail capacity saves 8,530."""
    net = toy_network(**{"H-B-rail": {"capacity_teu_per_week": 3.0}})
    result = assign(net, _demand([("A", "D", "general", 5.0)]))
    flows = result.link_flows.set_index("id")
    assert flows.loc["H-B-rail", "flow_teu"] == pytest.approx(3.0)
    assert flows.loc["P-D-air", "flow_teu"] == pytest.approx(2.0)
    assert result.kpis["transport_cost_cny"] == pytest.approx(3 * 11_950 + 2 * 20_480)
    top = result.bottlenecks.iloc[0]
    assert top["id"] == "H-B-rail"
    # the duals include the time tie-break (1e-3 CNY per TEU-hour): under 1 CNY here
    assert top["dual_cny_per_teu"] == pytest.approx(20_480 - 11_950, abs=1.0)
    shares = result.paths.groupby("modes")["share"].sum()
    assert shares["road+rail"] == pytest.approx(0.6)


def test_unserved_exactly_when_capacity_is_short():
    net = toy_network(
        **{"H-B-rail": {"capacity_teu_per_week": 3.0}, "P-D-air": {"capacity_t_per_week": 10.0}}
    )
    enough = assign(net, _demand([("A", "D", "general", 4.0)]))
    assert enough.kpis["unserved_teu"] == pytest.approx(0.0)
    short = assign(net, _demand([("A", "D", "general", 6.0)]))
    assert short.kpis["unserved_teu"] == pytest.approx(2.0)  # 3 rail + 1 air (10 t)
    assert list(short.unserved["unserved_teu"]) == pytest.approx([2.0])


def test_hub_throughput_binds():
    nodes, links = toy_tables()
    nodes.loc[nodes["id"] == "H", "throughput_teu_per_week"] = 2.0
    net = mm.Network(nodes, links)
    result = assign(net, _demand([("A", "D", "general", 5.0)]))
    hub = result.hub_throughput.set_index("id").loc["H"]
    assert hub["throughput_teu"] == pytest.approx(2.0)
    assert result.kpis["transport_cost_cny"] == pytest.approx(2 * 11_950 + 3 * 20_480)


def test_rules_hold_per_commodity():
    """Meat imports clear at the designated hub H; dangerous goods never fly; reefer
    avoids non-reefer hubs (here P is not reefer-capable).

    The land route changes at H (road -> rail), at B (off the H-B train onto the
    continuous B-F link: a change of service, so B must take the cargo too) and at F
    (gauge); those three handle dangerous goods here, P does not matter: DG never fly.
    """
    demand = _demand(
        [("D", "A", "meat", 2.0), ("A", "D", "dangerous_goods", 1.0), ("A", "D", "reefer", 1.0)]
    )
    nodes, links = toy_tables()
    for ident in ("H", "B", "F"):
        nodes.loc[nodes["id"] == ident, "dangerous_goods"] = True
    net = mm.Network(nodes, links)
    result = assign(net, demand)
    by_class = result.paths.groupby("cargo_class")["modes"].apply(set)
    assert by_class["dangerous_goods"] == {"road+rail"}
    assert by_class["reefer"] == {"road+rail"}
    assert by_class["meat"] == {"rail+road"}
    assert result.kpis["unserved_teu"] == 0
    # With B refusing them, dangerous goods have no way at all: unserved, not flown.
    nodes.loc[nodes["id"] == "B", "dangerous_goods"] = False
    without_b = assign(mm.Network(nodes, links), demand)
    assert list(without_b.unserved["cargo_class"]) == ["dangerous_goods"]
    assert "dangerous_goods" not in set(without_b.paths["cargo_class"])


def test_path_and_arc_methods_agree_on_builtin_demand():
    net = mm.load_network()
    demand = load_demand(network=net)
    path = assign(net, demand, method="path")
    arc = assign(net, demand, method="arc")
    assert path.objective_cny == pytest.approx(arc.objective_cny, rel=1e-7)
    assert path.solve_info.is_optimal
    assert arc.solve_info.is_optimal


def test_outputs(tmp_path):
    net = toy_network(**{"H-B-rail": {"capacity_teu_per_week": 3.0}})
    result = assign(net, _demand([("A", "D", "general", 5.0)]))
    assert "binding capacities" in result.summary()
    assert result.to_geodataframe().crs.to_epsg() == 4326
    from multimodal.plotting import save

    save(result.plot(), str(tmp_path / "flows.png"))
    result.explore().save(str(tmp_path / "flows.html"))
    assert (tmp_path / "flows.png").stat().st_size > 5_000


def test_bad_demand_is_refused():
    with pytest.raises(mm.DataValidationError):
        assign(toy_network(), _demand([("A", "Nowhere", "general", 1.0)]))
    with pytest.raises(mm.DataValidationError, match="method"):
        assign(toy_network(), _demand([("A", "D", "general", 1.0)]), method="magic")
