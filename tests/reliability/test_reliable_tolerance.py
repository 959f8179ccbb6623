"""The reliable route: within half a point of the best probability the cheaper route wins."""

from __future__ import annotations

import pytest

import multimodal as mm


@pytest.fixture(scope="module")
def net():
    return mm.load_network()


def test_a_forwarder_is_not_sent_by_freighter_for_a_fraction_of_a_point(net):
    """2 TEU Xi'an -> Duisburg within 20 days: the freighter is never late in the model
    (air has no delay rows) but costs ~16x the express, which makes it 99.8 % of the time:
    the express is taken; with tolerance 0 the freighter is."""
    box = mm.Shipment("西安", "Duisburg", teu=2)
    chosen = mm.route(net, box, "reliable", deadline="20d")
    strict = mm.route(net, box, "reliable", deadline="20d", reliability={"tolerance": 0.0})
    assert "air" not in chosen.modes
    assert "air" in strict.modes
    p_chosen = chosen.arrival_distribution.on_time_probability
    p_strict = strict.arrival_distribution.on_time_probability
    assert p_strict - 0.005 <= p_chosen <= p_strict
    assert chosen.cost_cny < strict.cost_cny / 5
    assert chosen.totals()["objective"] == "reliable"


def test_deadlines_before_the_ready_time_and_unknown_fields_are_refused(net):
    from datetime import datetime

    box = mm.Shipment("西安", "Duisburg", teu=2, ready_time=datetime(2026, 12, 4, 8))
    with pytest.raises(mm.exceptions.ParameterError, match="after the box is ready"):
        mm.route(net, box, "reliable", deadline=datetime(2026, 12, 1))
    with pytest.raises(mm.exceptions.ParameterError, match="did you mean 'regime'"):
        mm.route(net, box, "reliable", deadline="20d", reliability={"regimes": "congested"})
