"""CollectParams, the deprecated keywords of collect(), and the result protocol of plans."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import multimodal as mm
from multimodal._options import DEFAULT_TIME_LIMIT_S
from multimodal._results import GeoResult, Result
from multimodal._scaling import ScalingPolicy
from multimodal.collection import (
    CollectionPlan,
    CollectParams,
    Fleet,
    collect,
    collect_instance,
)
from multimodal.exceptions import ParameterError


def _pickups() -> pd.DataFrame:
    """Five factories east of a planar terminal (km), two with windows."""
    return pd.DataFrame(
        {
            "id": ["A", "B", "C", "D", "E"],
            "x": [10.0, 14.0, 30.0, 22.0, 5.0],
            "y": [0.0, 8.0, -4.0, 12.0, -9.0],
            "demand_teu": [1.0, 2.0, 1.0, 1.0, 2.0],
            "window_start": ["08:00", None, None, "09:00", None],
            "window_end": ["10:00", None, None, "12:00", None],
        }
    )


FLEET = Fleet(count=3, capacity_teu=3.0, cost_cny_per_km=10.0, fixed_cost_cny=100.0)


# --------------------------------------------------------------------------- CollectParams


def test_defaults_follow_the_option_vocabulary() -> None:
    params = CollectParams()
    assert params.solver == "pyvrp"
    assert params.time_limit_s == DEFAULT_TIME_LIMIT_S
    assert params.seed == 0
    assert params.max_iterations is None
    assert params.start == 0.0
    assert params.depot_id == "terminal"
    assert params.allow_unserved is True


def test_start_is_read_as_a_clock_time_and_params_are_frozen() -> None:
    params = CollectParams(start="06:30")
    assert params.start == params.start_h == 6.5
    with pytest.raises(AttributeError):
        params.seed = 3  # type: ignore[misc]
    assert params.replace(seed=3).seed == 3
    assert params.as_dict()["scaling"] == params.scaling.name


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"solver": "gurobi"}, "unknown solver 'gurobi'"),
        ({"solver": "pyvpr"}, "did you mean 'pyvrp'"),
        ({"time_limit_s": -1.0}, "time_limit_s must be greater than 0"),
        ({"time_limit_s": "10"}, "time_limit_s must be a number"),
        ({"time_limit_s": None}, "time_limit_s=None needs max_iterations"),
        ({"seed": -1}, "seed must be a whole number >= 0"),
        ({"seed": 1.5}, "seed must be a whole number >= 0"),
        ({"max_iterations": 0}, "max_iterations must be a whole number >= 1"),
        ({"start": "late"}, "start 'late' is not a time"),
        ({"depot_id": " "}, "depot_id must be a non-empty text"),
        ({"allow_unserved": "yes"}, "allow_unserved must be True or False"),
        ({"detour_factor": 0.9}, "detour_factor must be at least 1"),
        ({"speed_kmh": 0.0}, "speed_kmh must be greater than 0"),
        ({"default_service_h": -0.5}, "default_service_h must be at least 0"),
        ({"snap_km": float("nan")}, "snap_km must be a finite number"),
        ({"scaling": "fen"}, "scaling must be a ScalingPolicy"),
    ],
)
def test_bad_params_are_named(options: dict, match: str) -> None:
    with pytest.raises(ParameterError, match=match) as info:
        CollectParams(**options)
    assert isinstance(info.value, ValueError)  # old `except ValueError` still catches it


def test_bad_params_through_replace_are_checked_too() -> None:
    with pytest.raises(ParameterError, match="speed_kmh"):
        CollectParams().replace(speed_kmh=-5.0)


def test_no_time_limit_with_an_iteration_limit() -> None:
    params = CollectParams(time_limit_s=None, max_iterations=100)
    plan = collect((0.0, 0.0), _pickups(), FLEET, cutoff="18:00", params=params)
    assert sorted(plan.served_ids) == ["A", "B", "C", "D", "E"]
    assert not plan.solve_info.time_limit_reached


def test_params_must_be_collect_params() -> None:
    with pytest.raises(ParameterError, match="params must be a CollectParams"):
        collect((0.0, 0.0), _pickups(), FLEET, params={"time_limit_s": 1})  # type: ignore[arg-type]


# --------------------------------------------------------------------------- deprecations

LEGACY = {
    "engine": "ortools",
    "time_limit_s": 5.0,
    "seed": 2,
    "max_iterations": 300,
    "start": "07:00",
    "depot_id": "T1",
    "detour_factor": 1.2,
    "speed_kmh": 40.0,
    "default_service_h": 0.25,
}


def test_old_keywords_warn_and_give_the_same_plan() -> None:
    """Every option that was a keyword of collect() still works, with a warning."""
    new = collect(
        (0.0, 0.0),
        _pickups(),
        FLEET,
        cutoff="18:00",
        params=CollectParams(**{("solver" if k == "engine" else k): v for k, v in LEGACY.items()}),
    )
    with pytest.warns(DeprecationWarning, match="is deprecated") as caught:
        old = collect((0.0, 0.0), _pickups(), FLEET, cutoff="18:00", **LEGACY)
    warned = {str(w.message).split("(")[1].split("=")[0] for w in caught}
    assert warned == set(LEGACY)
    assert all("CollectParams" in str(w.message) for w in caught)
    assert caught[0].filename == __file__  # the warning points at the caller
    pd.testing.assert_frame_equal(old.tours, new.tours)
    assert old.total_cost_cny == pytest.approx(new.total_cost_cny)
    assert old.solver == new.solver == "ortools"
    assert old.meta["options"] == new.meta["options"]


def test_old_keywords_override_params() -> None:
    with pytest.warns(DeprecationWarning, match=r"collect\(engine="):
        plan = collect(
            (0.0, 0.0),
            _pickups(),
            FLEET,
            params=CollectParams(solver="pyvrp", max_iterations=50),
            engine="ortools",
        )
    assert plan.solver == "ortools"
    assert plan.meta["options"]["max_iterations"] == 50


def test_old_and_new_name_together_are_refused() -> None:
    with pytest.raises(ParameterError, match=r"got both '(solver|engine)'"):
        collect((0.0, 0.0), _pickups(), FLEET, engine="ortools", solver="pyvrp")


def test_unknown_keyword_is_named() -> None:
    with pytest.raises(ParameterError, match=r"unexpected keyword argument 'cutof'.*'cutoff'"):
        collect((0.0, 0.0), _pickups(), FLEET, cutof="18:00")


def test_collect_instance_engine_keyword(tmp_path: Path) -> None:
    """collect_instance(engine=) is the deprecated spelling of solver=."""
    inst = _tiny_instance()
    new = collect_instance(inst, solver="ortools", time_limit_s=5, max_iterations=50)
    with pytest.warns(DeprecationWarning, match="use solver="):
        old = collect_instance(inst, engine="ortools", time_limit_s=5, max_iterations=50)
    assert old.solver == new.solver == "ortools"
    assert old.routes() == new.routes()
    assert old.solve_info.objective == new.solve_info.objective


def test_plan_engine_attribute_is_deprecated() -> None:
    plan = collect((0.0, 0.0), _pickups(), FLEET, params=CollectParams(max_iterations=50))
    with pytest.warns(DeprecationWarning, match="CollectionPlan.solver"):
        assert plan.engine == plan.solver == "pyvrp"


def test_scaling_policy_still_reachable() -> None:
    """The scaling policy class now comes from multimodal._scaling, the one policy."""
    coarse = ScalingPolicy(name="metre", cost_per_cny=100.0, time_per_h=3600.0)
    plan = collect(
        (0.0, 0.0), _pickups(), FLEET, params=CollectParams(scaling=coarse, max_iterations=50)
    )
    assert plan.scaling is coarse
    assert plan.meta["options"]["scaling"] == "metre"


# --------------------------------------------------------------------------- result protocol


def _tiny_instance() -> mm.VrpInstance:
    coords = np.array([[0, 0], [10, 0], [0, 10], [-10, 0], [0, -10]], dtype=float)
    return mm.VrpInstance(
        name="tiny",
        kind="cvrp",
        coords=coords,
        demand=np.array([0, 1, 1, 1, 1]),
        capacity=2,
        node_ids=(1, 2, 3, 4, 5),
        rounding="nint",
    )


def test_plan_follows_the_result_protocol() -> None:
    params = CollectParams(max_iterations=100, seed=4)
    plan = collect((0.0, 0.0), _pickups(), FLEET, cutoff="18:00", params=params)
    assert isinstance(plan, Result)
    assert isinstance(plan, GeoResult)
    assert str(plan) == plan.summary()
    assert plan.summary().startswith("Collection plan (pyvrp)")
    pd.testing.assert_frame_equal(plan.to_frame(), plan.tours)
    assert plan.to_frame() is not plan.tours
    assert set(plan.meta) >= {"function", "inputs", "options", "seed", "versions"}
    assert plan.meta["function"] == "collect"
    assert plan.meta["seed"] == 4
    assert plan.meta["options"]["solver"] == "pyvrp"
    assert plan.meta["inputs"]["pickups"] == 5
    assert plan.meta["inputs"]["cutoff_h"] == 18.0
    assert plan.instance is None
    again = collect((0.0, 0.0), _pickups(), FLEET, cutoff="18:00", params=params)
    assert dict(again.meta) == dict(plan.meta)  # no timestamp: same input, same meta
    with pytest.raises(ParameterError, match="layer must be"):
        plan.to_geodataframe("roads")


def test_instance_plan_meta() -> None:
    plan = collect_instance(_tiny_instance(), time_limit_s=5, max_iterations=50)
    assert plan.meta["function"] == "collect_instance"
    assert plan.meta["inputs"]["instance"] == plan.instance == "tiny"
    assert plan.meta["options"]["num_vehicles"] == 4
    assert "instance tiny" in plan.summary()


def test_plot_and_explore_draw_on_what_they_are_given() -> None:
    import folium
    import matplotlib.pyplot as plt

    params = CollectParams(max_iterations=50)
    planar = collect((0.0, 0.0), _pickups(), FLEET, params=params)
    figure, ax = plt.subplots()
    try:
        assert planar.plot(ax) is ax
        assert ax.get_title().startswith(f"{planar.num_vehicles_used} vehicles")
        assert planar.plot(ax, title="mine").get_title() == "mine"
    finally:
        plt.close(figure)
    geo = collect(
        (108.95, 34.27),
        pd.DataFrame({"id": ["<b>A</b>"], "lon": [109.0], "lat": [34.3], "demand_teu": [1.0]}),
        Fleet(1, 2.0),
        params=params,
    )
    fmap = folium.Map(location=[34.3, 109.0], zoom_start=9)
    assert geo.explore(fmap) is fmap
    html = fmap.get_root().render()
    assert "<b>A</b>" not in html  # ids from users' files are escaped


def test_collection_plan_is_exported_everywhere() -> None:
    assert mm.CollectionPlan is CollectionPlan
    assert mm.CollectParams is CollectParams
    assert mm.collect is collect
    from multimodal.plotting import explore_tours, plot_tours

    assert callable(plot_tours)
    assert callable(explore_tours)


def test_cli_engine_flag_is_the_deprecated_solver_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], datasets: Path
) -> None:
    from multimodal.cli import main

    args = ["collect", "--instance", str(datasets / "cvrp" / "A-n32-k5.vrp"), "--no-map"]
    args += ["--time-limit", "0.3", "--out", str(tmp_path)]
    assert main([*args, "--engine", "ortools"]) == 0
    captured = capsys.readouterr()
    assert "--engine is deprecated; use --solver" in captured.err
    assert "Collection plan (ortools)" in captured.out
    assert main([*args, "--solver", "ortools"]) == 0
    captured = capsys.readouterr()
    assert "deprecated" not in captured.err
    assert "Collection plan (ortools)" in captured.out
