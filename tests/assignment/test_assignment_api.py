"""The public surface of the assignment: names, result protocol, option names, deprecations."""

from __future__ import annotations

import importlib

import pandas as pd
import pytest
from toy import toy_tables

import multimodal as mm
from multimodal._results import GeoResult
from multimodal.assignment import Assignment, AssignParams, assign, solve_arc_based
from multimodal.exceptions import ParameterError
from multimodal.synthetic import FlowProblemParams, random_flow_problem


def _net():
    nodes, links = toy_tables()
    return mm.Network(nodes, links, name="toy")


def _demand():
    return pd.DataFrame(
        [("A", "D", "general", 3.0)],
        columns=["origin", "destination", "cargo_class", "teu_per_week"],
    )


def test_assign_is_the_function():
    package = importlib.import_module("multimodal.assignment")
    assert callable(package.assign)
    assert package.assign is assign
    assert mm.assign is assign
    assert mm.Assignment is Assignment


def test_the_old_module_path_still_imports_with_a_warning():
    with pytest.warns(DeprecationWarning, match=r"import assign from multimodal\.assignment"):
        from multimodal.assignment.assign import assign as old
    assert old is assign
    with pytest.warns(DeprecationWarning, match="deprecated"):
        from multimodal.assignment.assign import DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU  # noqa: F401
    # and importing it does not turn the package's ``assign`` into a module
    assert callable(importlib.import_module("multimodal.assignment").assign)


def test_result_follows_the_protocol():
    result = assign(_net(), _demand())
    assert isinstance(result, GeoResult)
    assert str(result) == result.summary()
    frame = result.to_frame()
    assert "geometry" not in frame
    assert frame["flow_teu"].sum() == pytest.approx(result.link_flows["flow_teu"].sum())
    assert result.meta["function"] == "assign"
    assert result.meta["options"]["method"] == "path"
    assert result.meta["options"]["workers"] == 1
    assert result.meta["inputs"]["demand_rows"] == 1
    assert result.meta["seed"] == 0


def test_plot_and_explore_take_keywords():
    import matplotlib.pyplot as plt

    result = assign(_net(), _demand())
    fig, ax = plt.subplots()
    assert result.plot(ax, title="mine", max_width=3.0) is ax
    assert ax.get_title() == "mine"
    plt.close(fig)
    assert result.explore(flow="flow_teu") is not None


def test_threads_is_deprecated_for_workers():
    with pytest.warns(DeprecationWarning, match="workers"):
        old = assign(_net(), _demand(), threads=1)
    assert old.objective_cny == assign(_net(), _demand(), workers=1).objective_cny
    with pytest.raises(ParameterError, match="workers"):
        assign(_net(), _demand(), workers=0)


def test_moved_model_options_are_deprecated_and_equal_params():
    with pytest.warns(DeprecationWarning, match="AssignParams"):
        old = assign(_net(), _demand(), unserved_penalty_cny_per_teu=5.0, integer=True)
    new = assign(
        _net(), _demand(), params=AssignParams(unserved_penalty_cny_per_teu=5.0, integer=True)
    )
    assert old.method == new.method == "arc"
    assert old.objective_cny == new.objective_cny
    with pytest.raises(ParameterError, match="params"):
        assign(_net(), _demand(), integer=True, params=AssignParams())
    with pytest.raises(ParameterError, match="integer"):
        assign(_net(), _demand(), interger=True)


def test_params_are_checked():
    with pytest.raises(ParameterError, match="unserved_penalty_cny_per_teu"):
        AssignParams(unserved_penalty_cny_per_teu=0.0)
    with pytest.raises(ParameterError, match="integer"):
        AssignParams(integer="yes")


def test_engines_rename_threads_to_workers():
    problem = random_flow_problem(10, 4, seed=2)
    with pytest.warns(DeprecationWarning, match="workers"):
        old = solve_arc_based(problem, threads=1)
    assert old.objective == solve_arc_based(problem, workers=1).objective


def test_random_flow_problem_keywords_moved_to_params():
    with pytest.warns(DeprecationWarning, match="FlowProblemParams"):
        old = random_flow_problem(30, 10, seed=3, capacity_scale=0.5, n_classes=2)
    new = random_flow_problem(
        30, 10, seed=3, params=FlowProblemParams(capacity_scale=0.5, n_classes=2)
    )
    assert (old.arc_capacity == new.arc_capacity).all()
    assert (old.commodity_demand == new.commodity_demand).all()
    with pytest.raises(ParameterError, match="n_classes"):
        FlowProblemParams(n_classes=0)


def test_flow_solution_follows_the_protocol():
    import matplotlib.pyplot as plt

    from multimodal._results import Result
    from multimodal.assignment import solve_path_based

    problem = random_flow_problem(12, 5, seed=4)
    solution = solve_path_based(problem)
    assert isinstance(solution, Result)
    assert str(solution) == solution.summary()
    frame = solution.to_frame()
    assert len(frame) == problem.n_arcs
    assert frame["flow_teu"].sum() == pytest.approx(solution.arc_flow.sum())
    assert solution.meta["function"] == "solve_path_based"
    assert solution.meta["inputs"]["arcs"] == problem.n_arcs
    fig, ax = plt.subplots()
    assert solution.plot(ax, title="flows") is ax
    plt.close(fig)
    arc = solve_arc_based(problem)
    assert arc.meta["options"]["aggregate"] in ("none", "origin", "destination")


def test_a_place_name_in_a_classed_table_is_refused_not_a_keyerror():
    import multimodal as mm

    net = mm.load_network()
    demand = mm.load_demand(network=net).head(3).copy()
    demand["flow_class"] = 0  # a table that claims to be prepared skips validation
    demand.loc[demand.index[0], "origin"] = "Xi'an"
    with pytest.raises(mm.DataValidationError, match="not a node id"):
        mm.assign(net, demand)
