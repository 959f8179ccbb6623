"""Arguments of route(), alternatives() and pareto(): read as meant, or refused clearly."""

from __future__ import annotations

import pytest

import multimodal as mm


@pytest.fixture(scope="module")
def net():
    return mm.load_network()


def test_one_country_code_as_text_is_one_country(net):
    shipment = mm.Shipment("Xi'an", "Duisburg", teu=1)
    as_text = mm.route(net, shipment, avoid_countries="RU")
    as_list = mm.route(net, shipment, avoid_countries=["RU"])
    assert as_text.cost_cny == as_list.cost_cny
    country = dict(zip(net.node_ids, net.node_values("country")))
    assert all(country[n] != "RU" for n in as_text.nodes)
    lower = mm.route(net, shipment, avoid_countries="ru;kz")
    assert all(country[n] not in {"RU", "KZ"} for n in lower.nodes)


@pytest.mark.parametrize("bad", ["Russia", "R", "12", [1], {"RU": 1}])
def test_a_bad_country_code_is_refused(net, bad):
    with pytest.raises(mm.ParameterError, match="avoid_countries"):
        mm.route(net, mm.Shipment("Xi'an", "Duisburg"), avoid_countries=bad)


def test_an_unknown_constraint_suggests_the_right_name(net):
    with pytest.raises(mm.ParameterError, match="avoid_countries"):
        mm.alternatives(net, mm.Shipment("Xi'an", "Duisburg"), avoid_country=["RU"])


def test_same_place_twice_is_a_parameter_error(net):
    with pytest.raises(mm.ParameterError, match="same"):
        mm.route(net, mm.Shipment("Xi'an", "西安"))


def test_avoid_modes_removes_the_mode(net):
    shipment = mm.Shipment("Xi'an", "Duisburg", teu=1)
    assert "rail" not in mm.route(net, shipment, "time", avoid_modes=["rail"]).modes
    assert "rail" not in mm.route(net, shipment, "time", avoid_modes="rail").modes


def test_a_huge_number_is_refused_not_overflowed():
    with pytest.raises(mm.ParameterError, match="teu"):
        mm.Shipment("Xi'an", "Duisburg", teu=10**400)
