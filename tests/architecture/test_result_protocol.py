"""Every public result follows the protocol of docs/architecture.md.

Each result is built on a small input and checked member by member: ``summary()`` is
text and is ``str(result)``; ``to_frame()`` a DataFrame; ``plot()`` returns matplotlib
axes; ``solve_info`` is a ``SolveInfo`` or None; ``meta`` says which function made it,
with what options and which versions; geographic results also give a GeoDataFrame in
WGS84 and a folium map. A public class that looks like a result but is not listed here
fails the test, so a new result cannot skip the protocol.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Mapping

import folium
import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

import multimodal as mm
from multimodal._results import ResultMixin

#: Public classes with a summary and a plot that are inputs, not results.
NOT_RESULTS = {"Network"}
#: Results with a place on the map (to_geodataframe and explore).
GEOGRAPHIC = {"Route", "Assignment", "CollectionPlan", "Comparison", "HubLocationResult"}


@pytest.fixture(scope="module")
def net():
    return mm.load_network()


def _route(net):
    return mm.route(net, mm.Shipment("Xi'an", "Duisburg", teu=2))


def _skim(net):
    return mm.skim(net, ["Xi'an", "Baoji"], ["Duisburg", "Qinzhou"], weight="time")


def _assignment(net):
    return mm.assign(net, mm.load_demand(network=net).head(15))


def _consolidation(net):
    shipments, departures, costs = mm.example_week()
    params = mm.ConsolidateParams(time_limit_s=10)
    return mm.consolidate(shipments.head(40), departures, costs=costs, params=params)


def _collection(net):
    pickups = pd.DataFrame(
        {
            "id": ["F1", "F2", "F3", "F4"],
            "lon": [108.95, 109.20, 108.80, 109.30],
            "lat": [34.30, 34.45, 34.25, 34.50],
            "demand_teu": [1.0, 2.0, 1.0, 1.0],
        }
    )
    fleet = mm.Fleet(count=2, capacity_teu=4.0)
    params = mm.CollectParams(time_limit_s=1.0, max_iterations=200)
    return mm.collect((109.08, 34.38), pickups, fleet, params=params)


def _comparison(net):
    scenario = mm.load_scenarios()[0]
    return mm.compare(net, [scenario], mm.load_demand(network=net).head(15))


def _calibration(net):
    demand = mm.load_demand(network=net).head(12)
    observed = pd.DataFrame(
        {
            "id": ["rail"],
            "selector": ["mode=rail"],
            "model_value": [float(demand["teu_per_week"].sum()) * 0.5],
            "model_unit": ["TEU/week"],
        }
    )
    return mm.calibrate(net, demand, observed, leave_one_out=False)


def _hub_location(net):
    rng = np.random.default_rng(3)
    lon = rng.uniform(107.0, 110.0, 6)
    lat = rng.uniform(32.5, 38.5, 6)
    coords = np.column_stack([lon, lat])
    costs = np.hypot(*(coords[:, None, :] - coords[None, :, :]).transpose(2, 0, 1))
    flows = rng.uniform(1.0, 10.0, (6, 6))
    np.fill_diagonal(flows, 0.0)
    instance = mm.HubInstance.from_matrices(
        [f"N{i}" for i in range(6)], flows, costs, coords=coords, crs="EPSG:4326"
    )
    return mm.locate_hubs(instance, p=2)


def _sweep(net):
    from multimodal.sweeps import FuelPrice, Uniform

    demand = mm.load_demand(network=net).head(10)
    return mm.sweep(net, [], demand, draws=2, settings=[FuelPrice(Uniform(0.9, 1.1))])


def _equilibrium(net):
    problem = mm.EquilibriumProblem(
        n_vertices=2,
        arc_tail=[0, 0],
        arc_head=[1, 1],
        fixed_cost=[0.0, 0.0],
        free_flow_time=[10.0, 20.0],
        capacity=[100.0, 100.0],
        delay=mm.BPR(),
        demand_origin=[0],
        demand_destination=[1],
        demand=[150.0],
    )
    return mm.solve_equilibrium(problem, gap=1e-6)


def _congested(net):
    return mm.congested_assignment(net, mm.load_demand(network=net).head(10))


BUILDERS = {
    "Route": _route,
    "Skim": _skim,
    "Assignment": _assignment,
    "ConsolidationPlan": _consolidation,
    "CollectionPlan": _collection,
    "Comparison": _comparison,
    "Calibration": _calibration,
    "HubLocationResult": _hub_location,
    "EquilibriumResult": _equilibrium,
    "CongestedAssignment": _congested,
    "Sweep": _sweep,
}


def _looks_like_a_result(obj: object) -> bool:
    # A result subclasses ResultMixin; anything else with a summary and a solve_info or a
    # plot is suspect too, so a result that forgets the mixin is still found.
    if not inspect.isclass(obj):
        return False
    if issubclass(obj, ResultMixin):
        return True
    fields = {f.name for f in dataclasses.fields(obj)} if dataclasses.is_dataclass(obj) else set()
    has = {name for name in ("summary", "solve_info", "plot", "meta") if hasattr(obj, name)}
    return "summary" in has and bool(has & {"solve_info", "plot", "meta"} | fields & {"solve_info"})


def test_every_public_result_is_checked():
    public = {name for name in mm.__all__ if _looks_like_a_result(getattr(mm, name))}
    public -= NOT_RESULTS
    missing = sorted(public - set(BUILDERS))
    assert not missing, (
        f"public results without a check: {missing}; add a builder for each to BUILDERS in "
        "tests/architecture/test_result_protocol.py (and to GEOGRAPHIC if it has a map)"
    )
    assert public == set(BUILDERS)


def test_results_are_frozen_and_use_the_mixin():
    for name in BUILDERS:
        cls = getattr(mm, name)
        assert issubclass(cls, ResultMixin), f"{name} should subclass _results.ResultMixin"
        assert dataclasses.is_dataclass(cls), f"{name} should be a dataclass"
        assert cls.__dataclass_params__.frozen, f"{name} should be frozen"


_BUILT: dict[str, object] = {}


def _build(name: str, net) -> object:
    if name not in _BUILT:
        _BUILT[name] = BUILDERS[name](net)
    return _BUILT[name]


@pytest.fixture(params=sorted(BUILDERS))
def result(request, net):
    return request.param, _build(request.param, net)


def test_summary_is_text_and_str(result):
    name, value = result
    assert type(value).__name__ == name
    text = value.summary()
    assert isinstance(text, str)
    assert text.strip()
    assert str(value) == text


def test_to_frame(result):
    _, value = result
    frame = value.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert not frame.empty


def test_plot_returns_axes_and_draws_on_a_given_one(result):
    _, value = result
    ax = value.plot()
    assert isinstance(ax, Axes)
    plt.close(ax.figure)
    _, given = plt.subplots()
    assert value.plot(ax=given) is given
    plt.close(given.figure)


def test_solve_info_and_meta(result):
    _, value = result
    info = value.solve_info
    assert info is None or isinstance(info, mm.SolveInfo)
    meta = value.meta
    assert isinstance(meta, Mapping)
    assert {"function", "inputs", "options", "seed", "versions"} <= set(meta)
    assert meta["versions"]["multimodal"] == mm.__version__
    assert "timestamp" not in meta


@pytest.mark.parametrize("name", sorted(GEOGRAPHIC))
def test_geographic_results_map(name, net):
    value = _build(name, net)
    frame = value.to_geodataframe()
    assert isinstance(frame, gpd.GeoDataFrame)
    assert not frame.empty
    assert frame.crs is not None
    assert frame.crs.to_epsg() == 4326
    fmap = value.explore()
    assert isinstance(fmap, folium.Map)
    assert value.explore(m=fmap) is fmap
