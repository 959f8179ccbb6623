"""FlowProblem validation and the random instance generator."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import scipy.sparse as sp

from multimodal.assignment.problem import FlowProblem
from multimodal.exceptions import DataValidationError
from multimodal.synthetic import random_flow_problem


def _diamond(**changes):
    """0 -> 1 -> 3 and 0 -> 2 -> 3; one commodity 0 -> 3."""
    fields = dict(
        n_vertices=4,
        arc_tail=[0, 1, 0, 2],
        arc_head=[1, 3, 2, 3],
        arc_cost=[1.0, 1.0, 2.0, 2.0],
        arc_capacity=[5.0, np.inf, np.inf, np.inf],
        commodity_origin=[0],
        commodity_destination=[3],
        commodity_demand=[8.0],
        unserved_penalty=[100.0],
    )
    fields.update(changes)
    return FlowProblem(**fields)


def test_valid_problem_and_defaults():
    p = _diamond()
    assert (p.n_vertices, p.n_arcs, p.n_commodities, p.n_classes, p.n_groups) == (4, 4, 1, 1, 0)
    assert p.arc_tail.dtype == np.int64
    assert p.commodity_class.tolist() == [0]
    assert p.group_arcs.shape == (0, 4)
    np.testing.assert_array_equal(p.cost_of_class(0), [1.0, 1.0, 2.0, 2.0])
    assert p.class_costs.shape == (1, 4)


@pytest.mark.parametrize(
    ("changes", "column", "row"),
    [
        ({"arc_tail": [0, 1, 0, 7]}, "arc_tail", 3),
        ({"arc_head": [1, 3, 2, -1]}, "arc_head", 3),
        ({"arc_head": [1, 1, 2, 3]}, "arc_head", 1),  # self-loop
        ({"arc_cost": [1.0, -1.0, 2.0, 2.0]}, "arc_cost", 1),
        ({"arc_cost": [1.0, np.nan, 2.0, 2.0]}, "arc_cost", 1),
        ({"arc_cost": [1.0, np.inf, 2.0, 2.0]}, "arc_cost", 1),
        ({"arc_capacity": [5.0, -1.0, np.inf, np.inf]}, "arc_capacity", 1),
        ({"arc_capacity": [5.0, np.nan, np.inf, np.inf]}, "arc_capacity", 1),
        ({"commodity_demand": [0.0]}, "commodity_demand", 0),
        ({"commodity_demand": [np.inf]}, "commodity_demand", 0),
        ({"unserved_penalty": [0.0]}, "unserved_penalty", 0),
        ({"commodity_destination": [0]}, "commodity_destination", 0),
        ({"commodity_origin": [4]}, "commodity_origin", 0),
        ({"commodity_class": [1]}, "commodity_class", 0),
    ],
)
def test_bad_values_are_named(changes, column, row):
    with pytest.raises(DataValidationError) as caught:
        _diamond(**changes)
    problem = caught.value.problems[0]
    assert problem.column == column
    assert problem.row == row
    assert problem.file == "FlowProblem"
    assert "give" in problem.message or "remove" in problem.message or "drop" in problem.message


def test_bad_shapes_are_named():
    with pytest.raises(DataValidationError, match="arc_cost") as caught:
        _diamond(arc_cost=[1.0, 2.0])
    assert "expected (4,)" in str(caught.value)
    with pytest.raises(DataValidationError, match="class_arc_cost"):
        _diamond(class_arc_cost=np.ones((2, 3)))
    with pytest.raises(DataValidationError, match="group_arcs"):
        _diamond(group_capacity=[3.0], group_arcs=sp.csr_matrix(np.ones((1, 3))))
    with pytest.raises(DataValidationError, match="unserved_penalty"):
        _diamond(unserved_penalty=[1.0, 2.0])


def test_class_costs_and_groups_are_checked():
    with pytest.raises(DataValidationError) as caught:
        _diamond(class_arc_cost=np.array([[1.0, 1.0, 2.0, 2.0], [1.0, -np.inf, 2.0, np.nan]]))
    rows = {(p.column, p.row) for p in caught.value.problems}
    assert rows == {("class_arc_cost", 1), ("class_arc_cost", 3)}
    with pytest.raises(DataValidationError, match="group_arcs") as caught:
        _diamond(group_capacity=[3.0], group_arcs=sp.csr_matrix(np.array([[1.0, -1.0, 0, 0]])))
    assert caught.value.problems[0].row == 0
    with pytest.raises(DataValidationError, match="group_capacity"):
        _diamond(group_capacity=[-3.0], group_arcs=sp.csr_matrix(np.array([[1.0, 1, 0, 0]])))
    # inf forbids an arc for a class; commodity classes must exist
    ok = _diamond(
        class_arc_cost=np.array([[1.0, 1.0, 2.0, 2.0], [1.0, np.inf, 2.0, 2.0]]),
        commodity_class=[1],
    )
    assert ok.n_classes == 2
    assert np.isinf(ok.cost_of_class(1)[1])


def test_every_problem_is_reported_at_once():
    with pytest.raises(DataValidationError) as caught:
        _diamond(arc_cost=[-1.0, 1.0, 2.0, 2.0], commodity_demand=[-2.0], unserved_penalty=[0.0])
    columns = [p.column for p in caught.value.problems]
    assert columns == ["arc_cost", "commodity_demand", "unserved_penalty"]
    assert "3 problems found" in str(caught.value)


def test_long_lists_are_cut_with_a_count():
    with pytest.raises(DataValidationError) as caught:
        _diamond(
            commodity_origin=[0] * 9,
            commodity_destination=[3] * 9,
            commodity_demand=[-1.0] * 9,
            unserved_penalty=[1.0] * 9,
        )
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 6
    assert "4 more" in messages[-1]


def test_float_indices_that_are_whole_are_accepted_others_are_not():
    p = _diamond(arc_tail=np.array([0.0, 1.0, 0.0, 2.0]))
    assert p.arc_tail.dtype == np.int64
    with pytest.raises(DataValidationError, match="integer"):
        _diamond(arc_tail=np.array([0.0, 1.5, 0.0, 2.0]))


def test_replace_revalidates():
    p = _diamond()
    with pytest.raises(DataValidationError, match="arc_capacity"):
        dataclasses.replace(p, arc_capacity=np.array([-1.0, 1.0, 1.0, 1.0]))


@pytest.mark.parametrize(("hubs", "commodities"), [(5, 3), (100, 10), (1000, 200)])
def test_random_problem_is_valid_and_multimodal(hubs, commodities):
    p = random_flow_problem(hubs, commodities, seed=3)
    assert p.n_commodities == commodities
    assert hubs <= p.n_vertices <= 3 * hubs
    assert p.n_classes == 3
    costs = p.class_costs
    assert np.all(np.isfinite(costs[0]))  # general cargo may use every arc
    if hubs >= 100:
        assert np.any(~np.isfinite(costs[1]))
        assert np.any(~np.isfinite(costs[2]))
        assert p.n_groups > 0
        assert np.any(np.isfinite(p.arc_capacity))
        assert np.any(np.isinf(p.arc_capacity))
    # every road vertex can reach every other one (spanning links)
    from scipy.sparse.csgraph import connected_components

    graph = sp.csr_matrix((np.ones(p.n_arcs), (p.arc_tail, p.arc_head)), shape=(p.n_vertices,) * 2)
    n_components, _ = connected_components(graph, directed=True, connection="strong")
    assert n_components == 1


def test_random_problem_is_deterministic():
    a = random_flow_problem(200, 50, seed=11)
    b = random_flow_problem(200, 50, seed=11)
    c = random_flow_problem(200, 50, seed=12)
    for name in ("arc_tail", "arc_head", "arc_cost", "arc_capacity", "commodity_demand"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    np.testing.assert_array_equal(a.class_arc_cost, b.class_arc_cost)
    assert (a.group_arcs != b.group_arcs).nnz == 0
    assert not np.array_equal(a.commodity_demand, c.commodity_demand)


def test_random_problem_rejects_degenerate_sizes():
    with pytest.raises(DataValidationError):
        random_flow_problem(1, 5)
    with pytest.raises(DataValidationError):
        random_flow_problem(10, 0)
