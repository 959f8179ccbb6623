"""The public surface of hub location: result protocol, option names, deprecations."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import multimodal as mm
from multimodal._results import GeoResult, Result
from multimodal.exceptions import DataValidationError, ParameterError
from multimodal.hub_location import HubInstance, HubLocationParams, locate_hubs
from multimodal.instances import hubs as hub_readers


def _instance(n=6, seed=1, *, lonlat=False):
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 1, size=(n, 2))
    costs = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1))
    flows = rng.uniform(1, 10, size=(n, n))
    coords = np.column_stack([108 + xy[:, 0], 34 + xy[:, 1]]) if lonlat else xy
    return HubInstance.from_matrices(
        [f"N{k}" for k in range(n)],
        flows,
        costs,
        coords=coords,
        transfer=0.5,
        name="api",
        crs="EPSG:4326" if lonlat else None,
    )


def test_result_follows_the_protocol():
    result = locate_hubs(_instance(), p=2)
    assert isinstance(result, Result)
    assert str(result) == result.summary()
    assert "hubs: " in result.summary()
    frame = result.to_frame()
    assert list(frame.columns) == ["node", "hub", "collected", "distributed"]
    assert frame.equals(result.allocation)
    assert result.meta["function"] == "locate_hubs"
    assert result.meta["options"]["p"] == 2
    assert result.meta["options"]["method"] == result.method
    assert result.meta["seed"] == 0
    assert result.solve_info.is_optimal


def test_plot_returns_axes_and_takes_keywords():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    out = locate_hubs(_instance(), p=2).plot(ax, title="mine", s=5)
    assert out is ax
    assert ax.get_title() == "mine"
    plt.close(fig)


def test_plot_path_is_deprecated_but_works(tmp_path):
    result = locate_hubs(_instance(), p=2)
    target = tmp_path / "hubs.png"
    with pytest.warns(DeprecationWarning, match="save"):
        result.plot(path=target)
    assert target.read_bytes()[:4] == b"\x89PNG"


def test_planar_instances_have_no_map():
    result = locate_hubs(_instance(), p=2)
    with pytest.raises(DataValidationError, match="not geographic"):
        result.to_geodataframe()
    with pytest.raises(DataValidationError, match="not geographic"):
        result.explore()


def test_geographic_instances_map():
    result = locate_hubs(_instance(lonlat=True), p=2)
    assert isinstance(result, GeoResult)
    gdf = result.to_geodataframe()
    assert str(gdf.crs) == "EPSG:4326"
    assert (gdf["kind"] == "spoke").sum() == len(result.allocation)
    assert (gdf["kind"] == "hub link").sum() == 1  # two hubs, one link
    fmap = result.explore()
    assert "N" in fmap.get_root().render()


def test_old_solver_words_are_deprecated_methods():
    inst = _instance()
    with pytest.warns(DeprecationWarning, match="method='enumeration'"):
        old = locate_hubs(inst, p=2, solver="enumeration")
    new = locate_hubs(inst, p=2, method="enumeration")
    assert old.method == new.method == "enumeration"
    assert old.objective == new.objective
    with pytest.warns(DeprecationWarning, match="method='auto'"):
        assert locate_hubs(inst, p=2, solver="auto").method == "enumeration"


def test_a_named_backend_means_the_mip():
    result = locate_hubs(_instance(), p=2, solver="highs")
    assert result.method == "mip"
    assert locate_hubs(_instance(), p=2, method="mip").method == "mip"


def test_moved_keywords_are_deprecated_and_equal_params():
    inst = _instance()
    with pytest.warns(DeprecationWarning, match="HubLocationParams"):
        old = locate_hubs(inst, p=2, alpha=0.2, candidates=["N1", "N2", "N3"])
    new = locate_hubs(inst, p=2, params=HubLocationParams(alpha=0.2, candidates=["N1", "N2", "N3"]))
    assert old.hubs == new.hubs
    assert old.objective == new.objective
    with pytest.raises(ParameterError, match="params"):
        locate_hubs(inst, p=2, alpha=0.2, params=HubLocationParams())
    with pytest.raises(ParameterError, match="alhpa"):
        locate_hubs(inst, p=2, alhpa=0.2)


def test_params_are_checked():
    with pytest.raises(ParameterError, match="max_hub_sets"):
        HubLocationParams(max_hub_sets=0)
    with pytest.raises(ParameterError, match="candidates"):
        HubLocationParams(candidates="N1")


def test_time_limit_none_and_bad_values():
    inst = _instance()
    assert locate_hubs(inst, p=2, time_limit_s=None, method="mip").solve_info.is_optimal
    with pytest.raises(ParameterError, match="time_limit_s"):
        locate_hubs(inst, p=2, time_limit_s=-1)
    with pytest.raises(ParameterError, match="seed"):
        locate_hubs(inst, p=2, seed=-1)
    with pytest.raises(DataValidationError, match="method"):
        locate_hubs(inst, p=2, method="brute")


def test_hub_instance_moved_beside_its_solver():
    assert mm.HubInstance is HubInstance
    with pytest.warns(DeprecationWarning, match="multimodal.hub_location"):
        old = hub_readers.HubInstance
    assert old is HubInstance
    from multimodal.instances.hubs import read_cab  # readers stay

    assert callable(read_cab)


def test_package_root_exports():
    assert mm.locate_hubs is locate_hubs
    assert mm.HubLocationResult.__module__ == "multimodal.hub_location.result"


def test_datasets_dir_has_no_machine_path(tmp_path, monkeypatch):
    source = inspect.getsource(hub_readers.datasets_dir)
    assert "/work" not in source
    (tmp_path / "hub-location-cab").mkdir()
    monkeypatch.setenv("MULTIMODAL_DATASETS", str(tmp_path))
    assert hub_readers.datasets_dir() == tmp_path


def test_crs_needs_coordinates():
    with pytest.raises(DataValidationError, match="crs"):
        HubInstance.from_matrices(["a", "b"], np.ones((2, 2)), np.ones((2, 2)), crs="EPSG:4326")


def test_evaluate_hubs_names_the_nodes_without_a_hub():
    from multimodal.hub_location import evaluate_hubs

    inst = _instance(4)
    with pytest.raises(DataValidationError, match="N2, N3"):
        evaluate_hubs(inst, ["N0"], {"N0": "N0", "N1": "N0"}, kind="single")
    total = evaluate_hubs(inst, ["N0"], {name: "N0" for name in inst.names}, kind="single")
    assert total["total"] > 0
