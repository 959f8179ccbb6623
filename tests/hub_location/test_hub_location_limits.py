"""Time and memory limits of hub location."""

from __future__ import annotations

import numpy as np
import pytest

from multimodal.exceptions import ModelTooLargeError, ParameterError, SolverError
from multimodal.hub_location import HubInstance, HubLocationParams, _models, locate_hubs
from multimodal.hub_location.solve import _data


def _instance(n, seed=0):
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 100, (n, 2))
    costs = np.linalg.norm(xy[:, None] - xy[None], axis=2)
    flows = rng.uniform(0, 10, (n, n))
    np.fill_diagonal(flows, 0.0)
    return HubInstance.from_matrices([f"n{i}" for i in range(n)], flows, costs, transfer=0.75)


@pytest.mark.parametrize(
    ("allocation", "single_hop"), [("single", False), ("single", True), ("multiple", False)]
)
def test_the_estimate_bounds_the_model_closely(allocation, single_hop):
    data = _data(_instance(9), None, None, None, None)
    estimate = _models.estimate_size(data, allocation, single_hop)
    if allocation == "single":
        model, _ = _models.build_single_allocation(data, 3, single_hop=single_hop)
    else:
        model, _ = _models.build_multiple_allocation(data, 3)
    assert model.NumVariables() <= estimate["variables"] <= 1.1 * model.NumVariables()
    assert model.NumConstraints() <= estimate["rows"] <= 1.2 * model.NumConstraints()


def test_a_mip_over_the_memory_budget_is_refused_with_its_estimate():
    params = HubLocationParams(memory_limit_mb=0.01)
    with pytest.raises(ModelTooLargeError, match="memory budget") as caught:
        locate_hubs(_instance(10), p=2, method="mip", params=params)
    assert caught.value.estimate["variables"] > 0


def test_a_bad_memory_limit_is_a_parameter_error():
    with pytest.raises(ParameterError, match="memory_limit_mb"):
        HubLocationParams(memory_limit_mb=-5)


def test_the_build_of_the_mip_counts_against_the_time_limit(monkeypatch):
    monkeypatch.setattr(_models, "LOAD_S_PER_ENTRY", 0.0)  # let the build start
    with pytest.raises(SolverError, match="ran out while building the MIP"):
        locate_hubs(_instance(30), p=3, method="mip", time_limit_s=1e-4)


def test_a_mip_whose_load_outlasts_the_limit_is_not_started():
    with pytest.raises(SolverError, match=r"would take about .* to load into HiGHS"):
        locate_hubs(_instance(30), p=3, method="mip", time_limit_s=0.5)


def test_solve_info_reports_the_build_and_the_limit():
    result = locate_hubs(_instance(8), p=2, method="mip", time_limit_s=30)
    info = result.solve_info
    assert info.status == "optimal"
    assert info.time_limit_s == 30
    assert info.build_time_s > 0


def test_enumeration_keeps_its_time_limit_on_a_large_set_count():
    """Issue 12 cold test: 50.3, p=5 (2.1 million hub sets), time_limit_s=1 ran 6.4 s.

    The clock is checked while the sets are bounded too; the sets never reached are
    bounded by the all-open bound, so the reported bound stays valid.
    """
    import time
    import warnings

    from multimodal.exceptions import TimeLimitWarning
    from multimodal.instances import bundled
    from multimodal.instances.hubs import read_ap

    instance = read_ap(bundled("50.3"))
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimeLimitWarning)
        result = locate_hubs(instance, p=5, method="enumeration", time_limit_s=1)
    took = time.perf_counter() - start
    assert took <= 1 + 3.0, f"ran {took:.1f} s with time_limit_s=1"
    info = result.solve_info
    assert info.status == "feasible"
    assert info.time_limit_reached
    assert info.best_bound <= info.objective
    assert len(result.hubs) == 5
