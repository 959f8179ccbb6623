"""Leftovers a cold tester found in the library: messages, a figure's layout, a reader's repr.

Each test checks the thing the tester saw, against figures the code under test did not
make: the relaxed route's own totals for ``NoRouteError``, the rendered extents of the
figure's text for ``Sweep.plot``, the rows of a hand-written TNTP file for its summary.
"""

from __future__ import annotations

import io
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import multimodal as mm
from multimodal.exceptions import NoRouteError, ParameterError
from multimodal.sweeps import Sweep
from multimodal.sweeps.result import distribution


@pytest.fixture(scope="module")
def net():
    return mm.load_network()


# -- route: objectives and NoRouteError -----------------------------------------------


@pytest.mark.parametrize("objective", ["p100", "p0", "px", "p9.5"])
def test_bad_percentile_says_pnn_and_reliable_are_accepted(net, objective):
    with pytest.raises(ParameterError) as info:
        mm.route(net, mm.Shipment("Xi'an", "Duisburg"), objective)
    text = str(info.value)
    assert repr(objective) in text
    assert "pNN" in text
    assert "1..99" in text
    assert "reliable" in text
    assert "cost" in text


def test_unknown_objective_lists_every_form_with_a_close_match(net):
    with pytest.raises(ParameterError) as info:
        mm.route(net, mm.Shipment("Xi'an", "Duisburg"), "relaible")
    text = str(info.value)
    assert "did you mean 'reliable'?" in text
    assert "pNN" in text
    assert "generalized" in text


def test_accepted_percentiles_still_route(net):
    found = mm.route(net, mm.Shipment("Xi'an", "Duisburg"), "p75")
    dist = found.arrival_distribution
    assert dist is not None
    # the 75th percentile lies between the median and the 90th percentile of its route
    assert dist.p50_h - 1e-9 <= found.objective_value <= dist.p90_h + 1e-9


@pytest.mark.parametrize(
    ("objective", "unit", "attribute"),
    [("time", "h", "time_h"), ("cost", "CNY", "cost_cny"), ("distance", "km", "distance_km")],
)
def test_no_route_error_gives_the_relaxed_value_with_its_unit(net, objective, unit, attribute):
    with pytest.raises(NoRouteError) as info:
        mm.route(net, mm.Shipment("Xi'an", "Duisburg"), objective, modes=["road"])
    relaxed = info.value.relaxed
    value = getattr(relaxed, attribute)
    assert value > 0
    text = str(info.value)
    assert f"would be {value:,.1f} {unit}" in text, text
    if objective == "time":
        assert f"({value / 24:,.1f} d)" in text
    # no bare figure: every number in "would be ..." is followed by a unit
    said = text.split("would be ", 1)[1]
    assert not re.match(r"[\d,.]+ via", said)


# -- Sweep.plot: long labels fit inside the figure --------------------------------------

LONG = "closure of Brest-Terespol for twelve weeks with diversion to Kaliningrad and the sea"


def _sweep_with_long_labels() -> Sweep:
    """A sweep table made by hand: two settings, two scenarios with long names, 5 draws."""
    rng = np.random.default_rng(3)
    rows = []
    settings = ("fuel price up 20 to 40 percent", "border dwell of three days at Malaszewicze")
    scenarios = ("base", LONG, "a second scenario with a name just as long as the first one")
    for setting in settings:
        for draw in range(5):
            base = 1e6 + 1e4 * rng.standard_normal()
            for scenario in scenarios:
                value = base if scenario == "base" else base + 1e4 * rng.standard_normal()
                rows.append((setting, draw, scenario, "total_cost_cny", value, value - base))
    values = pd.DataFrame(rows, columns=["setting", "draw", "scenario", "kpi", "value", "delta"])
    draws = pd.DataFrame([(s, d) for s in settings for d in range(5)], columns=["setting", "draw"])
    runs = pd.DataFrame(
        {
            "status": ["exact"] * len(draws),
            "solver": "skim",
            "solve_time_s": 0.0,
            "time_limit_reached": False,
        }
    )
    return Sweep(
        draws=draws,
        values=values,
        runs=runs,
        distribution=distribution(values),
        scenarios=scenarios,
        settings=settings,
    )


def test_sweep_plot_keeps_long_labels_inside_the_figure():
    swept = _sweep_with_long_labels()
    ax = swept.plot()
    figure = ax.get_figure()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)  # no bbox_inches="tight": as a user would
    png = buffer.getvalue()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    # the PNG is the whole figure (width and height from its IHDR chunk)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == pytest.approx(
        (figure.get_figwidth() * 100, figure.get_figheight() * 100), abs=1
    )
    renderer = figure.canvas.get_renderer()
    box = figure.bbox
    labels = [t for t in ax.get_yticklabels() if t.get_text()]
    assert len(labels) == 4
    assert any(LONG in t.get_text() for t in labels)
    for text in [*labels, ax.title, ax.xaxis.label]:
        extent = text.get_window_extent(renderer)
        assert extent.x0 >= box.x0 - 0.5, text.get_text()
        assert extent.x1 <= box.x1 + 0.5, text.get_text()
        assert extent.y0 >= box.y0 - 0.5, text.get_text()
        assert extent.y1 <= box.y1 + 0.5, text.get_text()
    # everything drawn (tick labels in view included) fits: nothing for a tight bbox to add
    drawn = ax.get_tightbbox(renderer)
    assert drawn is not None
    assert drawn.x0 >= box.x0 - 0.5
    assert drawn.x1 <= box.x1 + 0.5
    assert drawn.y0 >= box.y0 - 0.5
    assert drawn.y1 <= box.y1 + 0.5
    plt.close(figure)


def test_sweep_plot_lets_the_caller_lay_out_again_without_a_warning():
    import warnings

    swept = _sweep_with_long_labels()
    ax = swept.plot()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.tight_layout()
        ax.figure.subplots_adjust(left=0.5)
        ax.figure.savefig(io.BytesIO(), format="png")
    plt.close(ax.figure)


def test_sweep_plot_on_given_axes_leaves_the_layout_alone():
    swept = _sweep_with_long_labels()
    figure, ax = plt.subplots(figsize=(4, 3))
    assert swept.plot(ax) is ax
    assert figure.get_figwidth() == 4
    assert figure.get_layout_engine() is None
    plt.close(figure)


# -- read_tntp: a short repr and a summary ---------------------------------------------

NET = """<NUMBER OF ZONES> 2
<NUMBER OF NODES> 3
<FIRST THRU NODE> 3
<NUMBER OF LINKS> 2
<END OF METADATA>
~ init term cap len fft b power speed toll type ;
1 3 100 1 1 0.15 4 0 0 1 ;
3 2 100 1 1 0.15 4 0 0 1 ;
"""
TRIPS = """<NUMBER OF ZONES> 2
<END OF METADATA>
Origin 1
  2 : 10.0;    1 : 0.0;
Origin 2
  1 : 2.5;
"""


def test_tntp_instance_prints_a_summary_not_its_arrays(tmp_path):
    (tmp_path / "toy_net.tntp").write_text(NET)
    (tmp_path / "toy_trips.tntp").write_text(TRIPS)
    instance = mm.read_tntp(tmp_path)
    text = repr(instance)
    assert text == (
        "TntpInstance(name='toy', nodes=3, links=2, zones=2, od_pairs="
        f"{len(instance.demand)}, total_demand=12.5)"
    )
    assert "\n" not in text
    summary = str(instance)
    assert summary == instance.summary()
    assert "TNTP instance toy: 3 nodes, 2 links, 2 zones" in summary
    assert "nodes 1..2 are not passed through" in summary
    assert "total 12.5" in summary
    assert "toy_net.tntp, toy_trips.tntp" in summary
    assert len(summary.splitlines()) <= 5
    assert "array(" not in summary
    assert "free_flow_time" not in summary


# -- reliability: the regimes are listed once -------------------------------------------


@pytest.mark.parametrize(("regime", "hint"), [("stormy", ""), ("congestd", "'congested'")])
def test_unknown_regime_lists_the_regimes_once(regime, hint):
    from multimodal.reliability import check_regime, load_time_distributions

    distributions = load_time_distributions()
    with pytest.raises(ParameterError) as info:
        check_regime(regime, distributions)
    text = str(info.value)
    assert text.count("use one of") == 1, text
    for name in distributions.regimes:
        assert name in text
    assert (f"did you mean {hint}?" in text) == bool(hint)
