"""compare(): KPIs side by side, monotone in port openings, any executor."""

from __future__ import annotations

import concurrent.futures

import pandas as pd
import pytest

import multimodal as mm
from multimodal.comparison import BASE, accessibility, compare
from multimodal.scenarios import OpenPort, Scenario, load_scenario


class InlineExecutor(concurrent.futures.Executor):
    """Runs each job at once in this thread: the simplest executor a caller could pass."""

    def submit(self, fn, /, *args, **kwargs):
        future = concurrent.futures.Future()
        future.set_result(fn(*args, **kwargs))
        return future


@pytest.fixture(scope="module")
def setting():
    net = mm.load_network()
    demand = mm.load_demand(network=net)
    return net, demand


@pytest.fixture(scope="module")
def bundled(setting):
    net, demand = setting
    scenarios = mm.load_scenarios()
    return compare(net, scenarios, demand, workers=concurrent.futures.ThreadPoolExecutor(2))


def test_table_has_a_row_per_scenario_and_deltas(bundled):
    names = [BASE, *(s.name for s in mm.load_scenarios())]
    assert list(bundled.kpis.index) == names
    assert (bundled.deltas.loc[BASE] == 0).all()
    for column in ("total_cost_cny", "mean_time_h", "p90_time_h", "co2e_kg", "unserved_teu"):
        assert column in bundled.kpis.columns
    assert any(c.startswith("share_tkm_") for c in bundled.kpis.columns)
    assert any(c.startswith("throughput_teu_") for c in bundled.kpis.columns)
    assert "demand_share_within_24h" in bundled.kpis.columns


def test_opening_ports_never_raises_the_optimal_cost(bundled):
    """Every bundled scenario only opens ports or adds services: the optimal total cost of
    the same demand cannot rise (a relaxation of the LP)."""
    base = bundled.kpis.loc[BASE, "total_cost_cny"]
    for name, row in bundled.kpis.iterrows():
        assert row["total_cost_cny"] <= base * (1 + 1e-9), name
        assert row["status"] == "optimal"


def test_a_scenario_that_changes_nothing_gives_equal_kpis(setting):
    net, demand = setting
    same = Scenario("nothing", changes=[])
    result = compare(net, [same], demand.head(30), workers=InlineExecutor())
    numbers = result.deltas.loc["nothing"]
    assert numbers.abs().max() == pytest.approx(0.0, abs=1e-6)


def test_serial_and_process_pool_agree(setting):
    net, demand = setting
    opening = Scenario(
        "open_baoji", changes=[OpenPort("BAOJI_RAIL", ["rail"], designated=["grain", "meat"])]
    )
    small = demand.head(40)
    serial = compare(net, [opening], small, workers=InlineExecutor())
    pooled = compare(net, [opening], small, workers=2)  # a process pool
    pd.testing.assert_frame_equal(serial.kpis, pooled.kpis)


class RecordingExecutor(InlineExecutor):
    """An inline executor that keeps the arguments of every job."""

    def __init__(self) -> None:
        self.jobs: list[tuple] = []

    def submit(self, fn, /, *args, **kwargs):
        self.jobs.append(args)
        return super().submit(fn, *args, **kwargs)


def test_workers_rebuild_the_base_with_its_services(setting):
    """The job a worker gets carries the base's services: the network it rebuilds has the
    same services (the WLSNC scenario scales one of them, which needs it there)."""
    net, demand = setting
    recorder = RecordingExecutor()
    chosen = [load_scenario("wlsnc_xian_qinzhou_3x"), load_scenario("yulin_yuyang_formal")]
    result = compare(net, chosen, demand.head(5), workers=recorder)
    assert len(recorder.jobs) == 3
    for job in recorder.jobs:
        services, stops = job[-1]
        pd.testing.assert_frame_equal(services, net.service_tables()[0])
        pd.testing.assert_frame_equal(stops, net.service_tables()[1])
    nodes, links, name = recorder.jobs[0][:3]
    rebuilt = mm.Network(nodes, links, name=name, services=recorder.jobs[0][-1])
    pd.testing.assert_frame_equal(
        rebuilt.services.drop(columns="geometry"), net.services.drop(columns="geometry")
    )
    assert set(result.kpis.index) >= {BASE, "wlsnc_xian_qinzhou_3x"}


def test_accessibility_names_nearest_open_port(setting):
    net, demand = setting
    access = accessibility(net, mm.validate_demand(demand, net))
    xian = access[(access["city"] == "CITY_XIAN") & (access["mode"] == "air")].iloc[0]
    assert xian["port"] == "XIY"
    assert xian["time_h"] > 0
    assert set(access["mode"]) >= {"rail", "air", "any"}


def test_report_and_maps(bundled, tmp_path):
    path = bundled.to_html(tmp_path / "report.html")
    text = path.read_text(encoding="utf-8")
    assert "Headline KPIs" in text
    assert text.count("data:image/png;base64") == 1 + len(bundled.scenarios)
    changes = bundled.flow_changes("wlsnc_xian_qinzhou_3x")
    assert {"flow_teu", "flow_teu_base", "change_teu"} <= set(changes.columns)


def test_bad_scenario_names(setting):
    net, demand = setting
    with pytest.raises(ValueError, match="unique"):
        compare(net, [Scenario("base")], demand.head(5), workers=InlineExecutor())


# -- the result protocol and the option vocabulary --------------------------------------------
def test_comparison_follows_the_result_protocol(bundled):
    import folium
    import matplotlib.pyplot as plt

    from multimodal._results import GeoResult

    text = str(bundled)
    assert text == bundled.summary()
    assert f"Comparison of {len(bundled.scenarios)} scenarios with 'shaanxi'" in text
    assert "wlsnc_xian_qinzhou_3x" in text
    frame = bundled.to_frame()
    pd.testing.assert_frame_equal(frame, bundled.kpis)
    frame.loc[BASE, "total_cost_cny"] = -1.0  # a copy: the result is not changed
    assert bundled.kpis.loc[BASE, "total_cost_cny"] > 0
    changes = bundled.to_geodataframe("wlsnc_xian_qinzhou_3x")
    assert {"flow_teu", "flow_teu_base", "change_teu", "geometry"} <= set(changes.columns)
    assert changes.crs.to_epsg() == 4326
    ax = bundled.plot(name="designated_grain_meat_baoji_yangling")
    assert ax.get_title().startswith("designated_grain_meat_baoji_yangling")
    _, own = plt.subplots()
    assert bundled.plot(own, title="mine") is own
    assert own.get_title() == "mine"
    plt.close("all")
    assert isinstance(bundled.explore(name="designated_grain_meat_baoji_yangling"), folium.Map)
    assert bundled.solve_info is bundled.evaluations[BASE].assignment.solve_info
    assert bundled.meta["function"] == "compare"
    assert bundled.meta["inputs"]["scenarios"] == [s.name for s in bundled.scenarios]
    assert bundled.meta["options"]["method"] == "path"
    assert bundled.meta["seed"] == 0
    assert isinstance(bundled, GeoResult)


def test_unknown_scenario_name_is_a_parameter_error(bundled):
    with pytest.raises(mm.ParameterError, match="no scenario 'nope'"):
        bundled.flow_changes("nope")


def test_deprecated_option_names_warn_and_still_work(setting):
    net, demand = setting
    small = demand.head(10)
    with pytest.warns(DeprecationWarning, match=r"compare\(executor=\.\.\.\) is deprecated"):
        old = compare(net, [], small, executor=InlineExecutor())
    with pytest.warns(DeprecationWarning, match="unserved_penalty_cny_per_teu"):
        penalty = compare(net, [], small, unserved_penalty_cny_per_teu=2e6)
    assert penalty.meta["options"]["unserved_penalty_cny_per_teu"] == 2e6
    with pytest.warns(DeprecationWarning, match="progress"):
        logged = compare(net, [], small, progress=True)
    new = compare(net, [], small)
    pd.testing.assert_frame_equal(old.kpis, new.kpis)
    pd.testing.assert_frame_equal(logged.kpis, new.kpis)
    with pytest.raises(mm.ParameterError, match="did you mean 'workers'"):
        compare(net, [], small, wrokers=2)
    with pytest.raises(mm.ParameterError, match="workers must be"):
        compare(net, [], small, workers=0)


def test_deprecated_positional_scenario_name_in_plot_warns(bundled):
    import matplotlib.pyplot as plt

    with pytest.warns(DeprecationWarning, match=r"plot\(name\) is deprecated"):
        ax = bundled.plot("wlsnc_xian_qinzhou_3x")
    assert ax.get_title().startswith("wlsnc_xian_qinzhou_3x")
    plt.close("all")
