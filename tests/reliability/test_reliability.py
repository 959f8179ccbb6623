"""Arrival-time distributions and reliability-aware routing (issue 13, part 2).

The convolution is checked against brute-force simulations written here, from the
structure of each route worked out by hand (not from ``route_events``), and the
reliable route against probabilities computed by hand.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import geopandas as gpd
import numpy as np
import pytest
from toy import link, node, toy_network

import multimodal as mm
from multimodal.exceptions import (
    DataValidationError,
    ParameterError,
    UnknownNodeError,
)
from multimodal.reliability import (
    COLUMNS,
    ReliabilityParams,
    arrival_distribution,
    load_time_distributions,
    read_time_distributions,
)

HEADER = ",".join(COLUMNS)


def _write(tmp_path, *rows, name="dist.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _row(ident, selector, targets, family, regime="normal", **fields):
    values = {
        "id": ident,
        "selector": selector,
        "targets": targets,
        "services": "",
        "regime": regime,
        "family": family,
        "p_zero": "",
        "shift_h": "",
        "mean_h": "",
        "sd_h": "",
        "values_h": "",
        "probs": "",
        "source": "TEST",
        "estimated": "yes",
        "derivation": "test",
    }
    values.update({k: str(v) for k, v in fields.items()})
    return ",".join(values[c] for c in COLUMNS)


def _sample(rng, n, *, family, p_zero=0.0, shift_h=0.0, mean_h=1.0, sd_h=1.0):
    """Draws written from the textbook moment formulas, independently of the module."""
    if family == "lognormal":
        sigma = math.sqrt(math.log(1 + (sd_h / mean_h) ** 2))
        late = np.exp(rng.normal(math.log(mean_h) - sigma**2 / 2, sigma, n))
    else:
        shape = mean_h**2 / sd_h**2
        late = rng.gamma(shape, mean_h / shape, n)
    return np.where(rng.random(n) < p_zero, 0.0, shift_h + late)


# -- the data ------------------------------------------------------------------------------


def test_builtin_distributions_are_valid_and_name_the_builtin_network():
    dist = load_time_distributions()
    assert {"normal", "congested"} <= set(dist.regimes)
    dist.check_network(mm.load_network())  # every node, link and service exists
    frame = dist.to_frame()
    for crossing in ("BREST;MALASZEWICZE", "ALASHANKOU;DOSTYK", "KHORGOS;ALTYNKOL"):
        regimes = set(frame.loc[frame["targets"] == crossing, "regime"])
        assert {"normal", "congested"} <= regimes, crossing
    sea = frame[(frame["selector"] == "mode") & (frame["targets"] == "sea")]
    assert set(sea["regime"]) == {"normal", "congested"}
    # the congested Brest wait: ~10 d on average against ~2.5 d normally (factsheet)
    brest = frame[(frame["id"] == "BREST_C")].iloc[0]
    assert brest["mean_delay_h"] == pytest.approx(7.5 * 24)


def test_grid_matches_the_distribution_moments():
    for row in load_time_distributions().rows:
        lo, probs = row.grid()
        hours = lo + np.arange(len(probs))
        assert probs.sum() == pytest.approx(1.0, abs=1e-9)
        # rounding to whole hours keeps the mean within half an hour
        assert float(hours @ probs) == pytest.approx(row.mean_delay_h, abs=0.5), row.id


def test_file_errors_name_file_row_and_column(tmp_path):
    path = _write(
        tmp_path,
        _row("A", "node", "X", "weibull", mean_h=1, sd_h=1),
        _row("B", "node", "Y", "empirical", values_h="0;10", probs="0.5;0.6"),
        _row("C", "node", "Z", "gamma", mean_h=-3, sd_h=1),
        _row("D", "crossing", "W", "gamma", mean_h=3, sd_h=1),
        _row("E", "node", "V", "gamma", regime="congested", mean_h=3, sd_h=1),
    )
    with pytest.raises(DataValidationError) as error:
        read_time_distributions(path)
    found = {(p.row, p.column) for p in error.value.problems}
    assert ("A", "family") in found
    assert ("B", "probs") in found
    assert ("C", "mean_h") in found
    assert ("E", "regime") in found  # a congested row with no normal one
    assert ("D", "selector") in found
    assert all(p.file == str(path) for p in error.value.problems)


def test_missing_column_is_named(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,selector\nA,node\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="missing column"):
        read_time_distributions(path)


def test_unknown_node_in_distributions_is_refused_with_close_names(tmp_path):
    net = mm.load_network()
    path = _write(tmp_path, _row("B", "node", "BRESTT", "gamma", mean_h=5, sd_h=2))
    dist = read_time_distributions(path)
    r = mm.route(net, mm.Shipment("XIAN_PORT", "DUISBURG"), "time", modes=["rail"])
    with pytest.raises(DataValidationError) as error:
        arrival_distribution(r, ReliabilityParams(distributions=dist))
    problem = error.value.problems[0]
    assert (problem.row, problem.column) == ("B", "targets")
    assert "BREST" in problem.message


def test_unknown_regime_and_place_are_refused():
    with pytest.raises(ParameterError, match="congested"):
        ReliabilityParams(regime="congestd")
    with pytest.raises(ParameterError, match="BREST"):
        ReliabilityParams(regime={"BRESTT": "congested"})
    with pytest.raises(ParameterError, match="method"):
        ReliabilityParams(method="simulate")


def test_reliable_needs_a_deadline_and_known_nodes():
    net = mm.load_network()
    with pytest.raises(ParameterError, match="deadline"):
        mm.route(net, mm.Shipment("XIAN_PORT", "DUISBURG"), "reliable")
    with pytest.raises(UnknownNodeError):
        mm.route(net, mm.Shipment("XIAN_PORT", "Duisbrug"), "reliable", deadline="20d")


# -- convolution against brute-force simulation --------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_convolution_equals_simulation_on_the_toy_network(tmp_path, seed):
    """Three frequency boardings (uniform waits), a crossing, two kinds of ride rows.

    The delay parameters are drawn at random per seed; the structure is worked out by hand.
    """
    net = toy_network()
    pick = np.random.default_rng(seed)
    crossing = {"p_zero": round(pick.uniform(0, 0.8), 3), "mean_h": round(pick.uniform(5, 60), 1),
                "sd_h": round(pick.uniform(2, 40), 1)}  # fmt: skip
    run = {"p_zero": round(pick.uniform(0, 0.8), 3), "shift_h": round(pick.uniform(0, 12), 1),
           "mean_h": round(pick.uniform(5, 40), 1), "sd_h": round(pick.uniform(2, 30), 1)}  # fmt: skip
    rail = np.round(pick.uniform(0, 20, 3), 1)
    path = _write(
        tmp_path,
        _row("BF", "node", "B;F", "gamma", **crossing),
        _row("FD", "link", "F-D-rail", "lognormal", **run),
        _row(
            "RAIL",
            "mode",
            "rail",
            "empirical",
            values_h=";".join(map(str, rail)),
            probs="0.5;0.3;0.2",
        ),
    )
    params = ReliabilityParams(distributions=read_time_distributions(path))
    r = mm.route(net, mm.Shipment("A", "D", teu=1), "cost", modes=["rail", "road"])
    # by hand: road A-H, then three rail rides, boarded after expected waits of
    # 12 h (7/week), 1 h (84/week) and 24 h (3.5/week)
    waits = r.legs.loc[r.legs["wait_h"] > 0, "wait_h"].tolist()
    assert waits == pytest.approx([12.0, 1.0, 24.0])
    exact = arrival_distribution(r, params)

    rng = np.random.default_rng(12345 + seed)
    n = 400_000
    total = np.full(n, r.time_h)
    for w in waits:
        total += rng.uniform(0, 2 * w, n) - w
    total += _sample(rng, n, family="gamma", **crossing)
    total += _sample(rng, n, family="lognormal", **run)
    for _ in range(2):  # H-B and B-F rides: the mode row; F-D: the link row instead
        total += rng.choice(rail, size=n, p=[0.5, 0.3, 0.2])
    # The grid rounds each part to whole hours: the delays of two empirical rides may move
    # by up to 1 h together, so the CDF is compared within that shift (Levy distance).
    for q in (0.1, 0.5, 0.9):
        assert exact.quantile_h(q) == pytest.approx(np.quantile(total, q), abs=1.5)
    for deadline in np.quantile(total, [0.05, 0.25, 0.5, 0.75, 0.95]):
        simulated = (total <= deadline).mean()
        assert exact.probability_by(deadline - 1.0) - 0.006 <= simulated
        assert simulated <= exact.probability_by(deadline + 1.0) + 0.006
    assert exact.mean_h == pytest.approx(total.mean(), abs=0.5)


def test_late_box_takes_the_next_timetabled_departure(tmp_path):
    """A delay before the Wed/Sat 03:55 express: a box late for Saturday's takes Wednesday's."""
    net = mm.load_network()
    path = _write(tmp_path, _row("XP", "node", "XIAN_PORT", "gamma", mean_h=30, sd_h=25))
    params = ReliabilityParams(distributions=read_time_distributions(path))
    ready = datetime(2026, 12, 4, 8, 0)  # a Friday
    r = mm.route(
        net, mm.Shipment("XIAN_PORT", "DUISBURG", ready_time=ready), "time", modes=["rail"]
    )
    assert r.services == ["CE_XIAN_DUISBURG_EXP"]
    exact = arrival_distribution(r, params)
    mc = arrival_distribution(r, ReliabilityParams(**{**params.__dict__, "method": "monte-carlo"}))

    # brute force with calendar arithmetic: customs 0.5 h, then the delay, then the
    # next Wednesday or Saturday 03:55, then 240 h on the train
    rng = np.random.default_rng(7)
    n = 200_000
    delay = _sample(rng, n, family="gamma", mean_h=30, sd_h=25)
    ready_at_stop = 0.5 + delay  # hours after Friday 08:00
    # departures in hours after Friday 08:00: Sat 03:55 = 19.9167, then +96 h (Wed), +72 h ...
    first = 19 + 55 / 60
    departures = np.array([first + k for k in (0, 96, 168, 264, 336, 432)])
    index = np.searchsorted(departures, ready_at_stop - 1e-9)
    arrival = departures[index] + 240.0
    assert (index < len(departures) - 1).all()
    p_miss = float(np.mean(ready_at_stop > first))
    assert exact.probability_by(first + 240.0 + 0.1) == pytest.approx(1 - p_miss, abs=0.01)
    for deadline in (260.0, 360.0, 440.0):
        assert exact.probability_by(deadline) == pytest.approx(
            (arrival <= deadline).mean(), abs=0.01
        )
        assert mc.probability_by(deadline) == pytest.approx((arrival <= deadline).mean(), abs=0.01)
    # only departures are possible arrival times, whatever the delay
    support = exact.values_h[exact.probs > 1e-9]
    assert set(np.round(support - 240.0 - first, 3)) <= {0.0, 96.0, 168.0, 264.0, 336.0, 432.0}


def test_monte_carlo_is_deterministic_with_a_seed():
    net = mm.load_network()
    r = mm.route(net, mm.Shipment("XIAN_PORT", "DUISBURG"), "time", modes=["rail"])
    a = arrival_distribution(r, ReliabilityParams(method="monte-carlo", seed=3, n_samples=5000))
    b = arrival_distribution(r, ReliabilityParams(method="monte-carlo", seed=3, n_samples=5000))
    c = arrival_distribution(r, ReliabilityParams(method="monte-carlo", seed=4, n_samples=5000))
    assert np.array_equal(a.values_h, b.values_h)
    assert np.array_equal(a.probs, b.probs)
    assert not np.array_equal(a.values_h, c.values_h)


# -- the reliable route --------------------------------------------------------------------


def _two_roads():
    """O -> X -> D fast (100 h) through a delay-prone X; O -> Y -> D slow (130 h), cheaper."""

    def city(ident, lon):
        return node(ident, lon, 30.0, kind="city", modes="road", handling_cost_cny_per_teu=0.0,
                    dwell_h=0.0)  # fmt: skip

    nodes = [city("O", 100.0), city("X", 100.001), city("Y", 100.002), city("D", 100.003)]
    links = [
        link("O", "X", "road", 2500.0, 50.0, 100.0, corridor="road"),
        link("X", "D", "road", 2500.0, 50.0, 100.0, corridor="road"),
        link("O", "Y", "road", 3250.0, 65.0, 50.0, corridor="road"),
        link("Y", "D", "road", 3250.0, 65.0, 50.0, corridor="road"),
    ]
    return mm.Network(
        gpd.GeoDataFrame(nodes, geometry="geometry", crs=4326),
        gpd.GeoDataFrame(links, geometry=[None] * len(links), crs=4326),
        name="two-roads",
    )


def test_reliable_route_beats_the_faster_on_average(tmp_path):
    net = _two_roads()
    # X delays 60 h with probability 0.4: via X the mean is 100 + 24 = 124 h < 130 h
    path = _write(tmp_path, _row("X", "node", "X", "empirical", values_h="0;60", probs="0.6;0.4"))
    params = ReliabilityParams(distributions=read_time_distributions(path))
    shipment = mm.Shipment("O", "D")
    fastest = mm.route(net, shipment, "time", reliability=params)
    assert fastest.nodes == ["O", "X", "D"]
    assert fastest.arrival_distribution.mean_h == pytest.approx(124.0)
    assert fastest.arrival_distribution.probability_by(140.0) == pytest.approx(0.6)

    reliable = mm.route(net, shipment, "reliable", deadline=140.0, reliability=params)
    assert reliable.nodes == ["O", "Y", "D"]
    assert reliable.arrival_distribution.on_time_probability == pytest.approx(1.0)
    assert reliable.arrival_distribution.candidates == 2
    assert "on-time probability 100.0 %" in reliable.explain()
    # a deadline only the fast road can make: P = 0.6 against 0
    tight = mm.route(net, shipment, "reliable", deadline="100h", reliability=params)
    assert tight.nodes == ["O", "X", "D"]
    assert tight.arrival_distribution.on_time_probability == pytest.approx(0.6)
    # P90: 160 h via X, 130 h via Y
    p90 = mm.route(net, shipment, "p90", reliability=params)
    assert p90.nodes == ["O", "Y", "D"]
    assert p90.objective_value == pytest.approx(130.0)


def test_route_reports_its_distribution_everywhere(tmp_path):
    net = _two_roads()
    path = _write(tmp_path, _row("X", "node", "X", "empirical", values_h="0;60", probs="0.6;0.4"))
    params = ReliabilityParams(distributions=read_time_distributions(path))
    ready = datetime(2026, 12, 1, 8, 0)
    r = mm.route(net, mm.Shipment("O", "D", ready_time=ready), "time", deadline="5d",
                 reliability=params)  # fmt: skip
    dist = r.arrival_distribution
    assert r.meta["options"]["regime"] == "normal"
    assert (dist.p10_h, dist.p50_h, dist.p90_h) == (100.0, 100.0, 160.0)
    assert dist.date(dist.p90_h) == ready + timedelta(hours=160)
    frame = r.to_frame()
    assert frame["arrive_p90_h"].tolist() == [110.0, 160.0]  # the delay comes on reaching X
    totals = r.totals()
    assert totals["on_time_probability"] == pytest.approx(0.6)
    assert "P90 160 h" in r.summary()
    assert "2026-12-08 00:00" in r.summary()
    assert mm.routes_table([r])["arrival_p50_h"].iloc[0] == 100.0


# -- the built-in network ------------------------------------------------------------------


def test_xian_duisburg_congested_brest_lowers_the_on_time_probability():
    net = mm.load_network()
    shipment = mm.Shipment("Xi'an", "Duisburg", ready_time=datetime(2026, 12, 4, 8))
    probability = {}
    for regime in ("normal", {"BREST": "congested"}, "congested"):
        r = mm.route(net, shipment, "reliable", deadline="20d", modes=["rail", "road"],
                     reliability={"regime": regime})  # fmt: skip
        key = regime if isinstance(regime, str) else "brest"
        probability[key] = r.arrival_distribution.on_time_probability
        assert "rail" in r.modes
    assert probability["normal"] > 0.95
    assert probability["normal"] > probability["brest"] > probability["congested"]
    # congested everywhere: the reliable route leaves Brest for Bruzgi - Kuznica (no
    # congestion sourced there in 2021, KUZ_C), but Alashankou's congestion stays (was < 0.5
    # when Brest was the only crossing into the EU)
    assert probability["congested"] < 0.75


# -- the command line ----------------------------------------------------------------------


def _cli(argv, capsys):
    from multimodal.cli import main

    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return (0 if code is None else code), captured.out, captured.err


def test_cli_prints_on_time_probability_and_percentiles(capsys):
    argv = ["route", "--from", "XIAN_PORT", "--to", "DUISBURG", "--modes", "rail",
            "--objective", "reliable", "--deadline", "20d", "--regime", "BREST=congested"]  # fmt: skip
    status, out, err = _cli(argv, capsys)
    assert status == 0, err
    assert "on-time probability" in out
    for name in ("P10", "P50", "P90"):
        assert name in out
    assert "maximising the on-time probability" in out
    status, _, err = _cli([*argv[:-1], "jammed"], capsys)
    assert status == 2
    assert "unknown regime 'jammed'" in err
    assert "Traceback" not in err


def test_mixture_of_regimes_by_hand(tmp_path):
    """Not knowing the regime: P = 0.5 x 0.6 (normal) + 0.5 x 0 (congested: 120 h at X)."""
    net = _two_roads()
    path = _write(
        tmp_path,
        _row("X", "node", "X", "empirical", values_h="0;60", probs="0.6;0.4"),
        _row("XC", "node", "X", "empirical", regime="congested", values_h="120", probs="1"),
    )
    dist = read_time_distributions(path)
    mixed = ReliabilityParams(distributions=dist, mixture={"normal": 0.5, "congested": 0.5})
    r = mm.route(net, mm.Shipment("O", "D"), "time", reliability=mixed)
    a = r.arrival_distribution
    assert a.probability_by(140.0) == pytest.approx(0.3)
    assert a.probability_by(160.0) == pytest.approx(0.5)
    assert a.mean_h == pytest.approx(100 + 0.5 * 24 + 0.5 * 120)
    assert "normal 50 %" in a.summary()
    sampled = ReliabilityParams(
        distributions=dist, mixture=[("normal", 0.5), ("congested", 0.5)], method="monte-carlo"
    )
    b = arrival_distribution(r, sampled)
    assert b.probability_by(140.0) == pytest.approx(0.3, abs=0.015)
    # with the regime unknown, the reliable route is the slow road (P = 1 by 140 h)
    best = mm.route(net, mm.Shipment("O", "D"), "reliable", deadline=140.0, reliability=mixed)
    assert best.nodes == ["O", "Y", "D"]
    with pytest.raises(ParameterError, match="sum to 1"):
        ReliabilityParams(distributions=dist, mixture={"normal": 0.5, "congested": 0.4})
    with pytest.raises(ParameterError, match="congested"):
        ReliabilityParams(distributions=dist, mixture={"normal": 0.5, "congestd": 0.5})


def test_mixture_is_the_weighted_sum_of_its_regimes_on_the_builtin_network():
    net = mm.load_network()
    ready = datetime(2026, 12, 4, 8)
    r = mm.route(
        net, mm.Shipment("XIAN_PORT", "DUISBURG", ready_time=ready), "time", modes=["rail"]
    )
    normal = arrival_distribution(r, ReliabilityParams(regime="normal"))
    congested = arrival_distribution(r, ReliabilityParams(regime="congested"))
    mixed = arrival_distribution(r, ReliabilityParams(mixture={"normal": 0.8, "congested": 0.2}))
    for days in (12, 14, 16, 20, 25):
        hours = 24.0 * days
        expected = 0.8 * normal.probability_by(hours) + 0.2 * congested.probability_by(hours)
        assert mixed.probability_by(hours) == pytest.approx(expected, abs=1e-9)


def test_cli_json_carries_the_distribution(capsys):
    import json

    argv = ["route", "--from", "XIAN_PORT", "--to", "DUISBURG", "--modes", "rail",
            "--objective", "p90", "--regime", "normal=0.8,congested=0.2", "--json"]  # fmt: skip
    status, out, err = _cli(argv, capsys)
    assert status == 0, err
    document = json.loads(out)
    summary = document["summary"]
    assert summary["arrival_p10_h"] <= summary["arrival_p50_h"] <= summary["arrival_p90_h"]
    assert summary["regime"] == "normal 80 %, congested 20 %"
    assert "arrive_p90_h" in document["records"][0]
