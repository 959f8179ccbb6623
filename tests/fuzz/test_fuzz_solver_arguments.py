"""Generated arguments for the solvers and the other public entry points.

``skim``, ``assign``, ``consolidate``, ``collect``, ``locate_hubs`` (and
``HubInstance.from_matrices``), ``compare``, ``Network(...)``, ``Network.from_networkx``,
``load_network``, ``load_demand``, ``generate_week`` and ``synthetic_network`` are called
on tiny valid inputs with one or two arguments replaced by a value of the wrong type or of
extreme size (None, booleans, huge integers, NaN and infinity, text, lists, dicts, bytes,
complex numbers, DataFrames, 2-D arrays, plain objects). Every call returns normally or
raises a ``MultimodalError`` subclass, never another exception.

(``route``, ``pareto`` and ``Shipment`` are in ``test_fuzz_arguments.py``; the readers in
``test_fuzz_demand.py``, ``test_fuzz_network_files.py`` and ``test_fuzz_scenarios.py``.)
The example counts are a share of the loaded profile's (``tests/fuzz/conftest.py``), so
that the default run stays short (the solvers take tenths of a second a call) and the
nightly profile runs thousands.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import multimodal as mm
from multimodal.exceptions import MultimodalError


def _share(divisor: int) -> settings:
    """The loaded profile's example count divided by ``divisor`` (at least 5)."""
    return settings(max_examples=max(5, settings().max_examples // divisor))


#: The package without its annotations, for calls with wrong types on purpose.
MM: Any = mm
NETWORK = mm.load_network()
DEMAND = mm.load_demand(network=NETWORK).head(3)
SCENARIO = mm.load_scenarios()[0]
SHIPMENTS, DEPARTURES, COSTS = mm.generate_week(seed=1, n_shipments=8, n_departures=3)
PICKUPS = pd.DataFrame(
    {
        "id": ["F1", "F2", "F3"],
        "lon": [108.95, 109.20, 108.80],
        "lat": [34.30, 34.45, 34.25],
        "demand_teu": [1.0, 2.0, 1.0],
    }
)
FLEET = mm.Fleet(count=2, capacity_teu=4.0)
COLLECT_PARAMS = mm.CollectParams(time_limit_s=0.2, max_iterations=20)
CONSOLIDATE_PARAMS = mm.ConsolidateParams(time_limit_s=2)


def _hub_matrices(n: int = 4) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    coords = np.column_stack([rng.uniform(107.0, 110.0, n), rng.uniform(32.5, 38.5, n)])
    costs = np.hypot(*(coords[:, None, :] - coords[None, :, :]).transpose(2, 0, 1))
    flows = rng.uniform(1.0, 10.0, (n, n))
    np.fill_diagonal(flows, 0.0)
    return [f"N{i}" for i in range(n)], flows, costs, coords


NAMES, FLOWS, HUB_COSTS, COORDS = _hub_matrices()
HUBS = mm.HubInstance.from_matrices(NAMES, FLOWS, HUB_COSTS, coords=COORDS, crs="EPSG:4326")


def _graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_node("a", x=108.90, y=34.30)
    graph.add_node("b", x=109.00, y=34.40)
    graph.add_node("c", x=109.10, y=34.35)
    graph.add_edge("a", "b", length=12_000.0)
    graph.add_edge("b", "c", length=9_000.0)
    return graph


# --------------------------------------------------------------------------- strategies

#: Values of the wrong type or of extreme size, for any argument.
GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([10**400, 2**63, -1, 0]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, 5e-324, -0.0]),
    st.text(max_size=5),
    st.lists(st.integers(min_value=-3, max_value=3), max_size=3),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.tuples(st.integers(), st.text(max_size=2)),
    st.binary(max_size=4),
    st.complex_numbers(max_magnitude=10),
    st.builds(object),
    st.just(pd.DataFrame()),
    st.just(pd.DataFrame({"a": [1, 2]})),
    st.just(np.zeros((2, 2))),
    st.just(np.array([np.nan, 1.0])),
)

#: Matrices of the wrong shape or content (for the hub and collection matrices).
BAD_MATRICES = st.sampled_from(
    [
        np.zeros((3, 3)),
        np.full((4, 4), np.nan),
        -FLOWS,
        np.ones(4),
        np.ones((4, 4, 1)),
        np.full((4, 4), np.inf),
        np.full((4, 4), "x", dtype=object),
        [[1.0] * 4] * 4,
        [[1.0, 2.0], [3.0]],
    ]
)


@st.composite
def one_bad(
    draw: st.DrawFn,
    valid: dict[str, Any],
    extra: dict[str, st.SearchStrategy[Any]] | None = None,
    keep: Callable[[str, Any], bool] = lambda name, value: True,
) -> dict[str, Any]:
    """``valid`` with one or two arguments replaced by garbage (or an ``extra`` value).

    ``keep(name, value)`` filters the garbage (e.g. valid worker counts that would start
    a process pool, or no time limit on a search).
    """
    kwargs = dict(valid)
    for name in draw(st.lists(st.sampled_from(sorted(valid)), min_size=1, max_size=2)):
        strategy = GARBAGE | extra[name] if extra and name in extra else GARBAGE
        kwargs[name] = draw(strategy.filter(lambda value: keep(name, value)))  # noqa: B023 - drawn at once
    return kwargs


def outcome(function: Callable[..., Any], **kwargs: Any) -> tuple[str, Any]:
    """``("ok", result)``, ``("refused", error)`` or ``("raw", error)``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # DeprecationWarning, ScalingWarning, ...
            result = function(**kwargs)
    except MultimodalError as error:
        return "refused", error
    except Exception as error:  # the point is to catch everything else
        return "raw", error
    return "ok", result


def assert_no_raw(function: Callable[..., Any], **kwargs: Any) -> tuple[str, Any]:
    kind, value = outcome(function, **kwargs)
    name = getattr(function, "__qualname__", "call")
    shown = {k: (type(v).__name__ if isinstance(v, pd.DataFrame) else v) for k, v in kwargs.items()}
    assert kind != "raw", f"{name}(**{shown!r:.400}) raised {type(value).__name__}: {value}"
    return kind, value


def _no_process_pool(name: str, value: object) -> bool:
    """Refuse garbage that is a valid worker count above 1 (it would start processes)."""
    is_count = isinstance(value, int) and not isinstance(value, bool)
    return not (name == "workers" and is_count and 2 <= value <= 2**31 - 1)  # type: ignore[operator]


def _limited(name: str, value: object) -> bool:
    """Keep the searches short: no garbage that is a long (or no) time limit."""
    if name != "time_limit_s":
        return True
    return value is not None and not (
        isinstance(value, int | float) and not isinstance(value, bool) and value > 5
    )


# --------------------------------------------------------------------------- tests


@_share(2)
@given(
    one_bad(
        {
            "network": NETWORK,
            "origins": ["Xi'an", "Baoji"],
            "destinations": ["Duisburg"],
            "weight": "time",
            "teu": 1.0,
            "weight_t": None,
            "cargo_class": "general",
            "modes": None,
            "attributes": ("cost_cny", "time_h"),
        },
        extra={
            "origins": st.lists(st.sampled_from(["XIY", "Nowhere", "", "xiy"]), max_size=2),
            "weight": st.sampled_from(["cost", "co2e", "distance", "generalized", "speed"]),
            "modes": st.lists(st.sampled_from(["road", "rail", "x", "Rail"]), max_size=2),
            "attributes": st.lists(st.sampled_from(["cost_cny", "z", "time_h"]), max_size=2),
        },
    )
)
def test_skim_accepts_or_refuses(kwargs: dict[str, Any]) -> None:
    kind, value = assert_no_raw(mm.skim, **kwargs)
    if kind == "ok":
        assert isinstance(value, mm.Skim)


@_share(5)
@given(
    one_bad(
        {
            "network": NETWORK,
            "demand": DEMAND,
            "method": "path",
            "solver": "highs",
            "time_limit_s": 5.0,
            "seed": 0,
            "workers": 1,
            "params": None,
        },
        extra={
            "demand": st.sampled_from(
                [
                    DEMAND.drop(columns=["origin"]),
                    DEMAND.iloc[:0],
                    DEMAND.assign(teu_per_week="x"),
                    DEMAND.assign(teu_per_week=-1.0),
                    DEMAND.assign(origin="Nowhere"),
                ]
            ),
            "method": st.sampled_from(["arc", "Path", "cg"]),
            "solver": st.sampled_from(["glop", "pdlp", "cp-sat", "gurobi"]),
            "params": st.builds(mm.AssignParams) | st.just(mm.ConsolidateParams()),
        },
        keep=_limited,
    )
)
def test_assign_accepts_or_refuses(kwargs: dict[str, Any]) -> None:
    kind, value = assert_no_raw(mm.assign, **kwargs)
    if kind == "ok":
        assert isinstance(value, mm.Assignment)


@_share(5)
@given(
    one_bad(
        {
            "shipments": SHIPMENTS,
            "departures": DEPARTURES,
            "costs": COSTS,
            "params": CONSOLIDATE_PARAMS,
            "week_start": None,
            "network": None,
            "origin": "XIAN_PORT",
        },
        extra={
            "shipments": st.sampled_from(
                [SHIPMENTS.drop(columns=["teu"]), SHIPMENTS.iloc[:0], SHIPMENTS.assign(teu=0)]
            ),
            "departures": st.sampled_from(
                [DEPARTURES.iloc[:0], DEPARTURES.assign(capacity_teu=-1)]
            ),
            "week_start": st.sampled_from(["2026-03-02", "not a date", "2026-13-45", "9999-12-31"]),
            "params": st.just(mm.AssignParams()),
        },
        # No params: the default limit (60 s); every garbage params value is refused.
        keep=lambda name, value: not (name == "params" and value is None),
    )
)
def test_consolidate_accepts_or_refuses(kwargs: dict[str, Any]) -> None:
    kind, value = assert_no_raw(mm.consolidate, **kwargs)
    if kind == "ok":
        assert isinstance(value, mm.ConsolidationPlan)


@_share(5)
@given(
    one_bad(
        {
            "depot": (109.08, 34.38),
            "pickups": PICKUPS,
            "vehicles": FLEET,
            "cutoff": None,
            "distance_km": None,
            "duration_h": None,
            "network": None,
            "params": COLLECT_PARAMS,
        },
        extra={
            "depot": st.sampled_from([(math.nan, 34.0), (1e9, 1e9), (109.0,), "109,34"]),
            "pickups": st.sampled_from(
                [PICKUPS.drop(columns=["lat"]), PICKUPS.iloc[:0], PICKUPS.assign(demand_teu=-1)]
            ),
            "vehicles": st.sampled_from([[], [FLEET, "truck"], (FLEET,)]),
            "cutoff": st.sampled_from(["18:00", "25:99", "noon", 3.5, -1.0]),
            "distance_km": BAD_MATRICES,
            "duration_h": BAD_MATRICES,
        },
        keep=lambda name, value: not (name == "params" and value is None),
    )
)
def test_collect_accepts_or_refuses(kwargs: dict[str, Any]) -> None:
    kind, value = assert_no_raw(mm.collect, **kwargs)
    if kind == "ok":
        assert isinstance(value, mm.CollectionPlan)


@_share(2)
@given(
    one_bad(
        {"names": NAMES, "flows": FLOWS, "costs": HUB_COSTS, "coords": COORDS},
        extra={
            "names": st.sampled_from([["a", "b"], ["N0", "N0", "N1", "N2"], "abcd"]),
            "flows": BAD_MATRICES,
            "costs": BAD_MATRICES,
            "coords": BAD_MATRICES,
        },
    )
)
def test_hub_instance_from_matrices_accepts_or_refuses(kwargs: dict[str, Any]) -> None:
    kind, value = assert_no_raw(mm.HubInstance.from_matrices, **kwargs)
    if kind == "ok":
        assert isinstance(value, mm.HubInstance)


@_share(3)
@given(
    one_bad(
        {
            "problem": HUBS,
            "p": 2,
            "allocation": "single",
            "method": "auto",
            "solver": None,
            "time_limit_s": 5.0,
            "seed": 0,
        },
        extra={
            "p": st.integers(min_value=-2, max_value=6),
            "allocation": st.sampled_from(["multiple", "Single", "x"]),
            "method": st.sampled_from(["mip", "enumeration", "heuristic", "x"]),
            "solver": st.sampled_from(["highs", "scip", "cbc", "auto", "x"]),
        },
        keep=_limited,
    )
)
def test_locate_hubs_accepts_or_refuses(kwargs: dict[str, Any]) -> None:
    kind, value = assert_no_raw(mm.locate_hubs, **kwargs)
    if kind == "ok":
        assert isinstance(value, mm.HubLocationResult)


@_share(10)
@given(
    one_bad(
        {
            "base": NETWORK,
            "scenarios": [SCENARIO],
            "demand": DEMAND,
            "method": "path",
            "time_limit_s": 5.0,
            "seed": 0,
            "workers": 1,
        },
        extra={
            "scenarios": st.sampled_from([[], [SCENARIO, SCENARIO], [SCENARIO, "x"], (SCENARIO,)]),
        },
        keep=lambda name, value: _no_process_pool(name, value) and _limited(name, value),
    )
)
def test_compare_accepts_or_refuses(kwargs: dict[str, Any]) -> None:
    kind, value = assert_no_raw(mm.compare, **kwargs)
    if kind == "ok":
        assert isinstance(value, mm.Comparison)


@given(GARBAGE | st.sampled_from(["shaanxi", "Shaanxi", " shaanxi"]))
def test_load_network_name(name: object) -> None:
    assert_no_raw(mm.load_network, name=name)


@given(
    one_bad(
        {"name": "shaanxi_weekly", "network": None},
        extra={"name": st.sampled_from(["shaanxi", "weekly", ""])},
    )
)
def test_load_demand_arguments(kwargs: dict[str, Any]) -> None:
    assert_no_raw(mm.load_demand, **kwargs)


@_share(2)
@given(
    one_bad(
        {
            "seed": 0,
            "n_shipments": 10,
            "n_departures": 3,
            "feeder_share": 0.35,
            "demand_ratio": 0.8,
            "backlog_h": 48.0,
        },
        keep=lambda name, value: (
            not (name.startswith("n_") and isinstance(value, int) and 100 < value <= 10**6)
        ),
    )
)
def test_generate_week_arguments(kwargs: dict[str, Any]) -> None:
    assert_no_raw(mm.generate_week, **kwargs)


@_share(2)
@given(
    one_bad(
        {
            "n_hubs": 8,
            "seed": 0,
            "rail_share": 0.3,
            "air_share": 0.1,
            "k_road": 2,
            "k_rail": 1,
            "k_air": 1,
            "bounds": (100.0, 25.0, 120.0, 45.0),
        },
        extra={"bounds": st.sampled_from([(120.0, 45.0, 100.0, 25.0), (0, 0, 0, 0), (1, 2)])},
        # A valid but large hub or neighbour count is slow, not wrong.
        keep=lambda name, value: (
            not (
                name in {"n_hubs", "k_road", "k_rail", "k_air"}
                and isinstance(value, int)
                and 50 < value <= 10**6
            )
        ),
    )
)
def test_synthetic_network_arguments(kwargs: dict[str, Any]) -> None:
    kind, value = assert_no_raw(mm.synthetic_network, **kwargs)
    if kind == "ok":
        assert isinstance(value, mm.Network)


@_share(2)
@given(
    one_bad(
        {"nodes": NETWORK.nodes, "links": NETWORK.links, "name": "copy"},
        extra={
            "nodes": st.sampled_from([NETWORK.nodes.iloc[:0], NETWORK.nodes.drop(columns="id")]),
            "links": st.sampled_from([NETWORK.links.iloc[:0], NETWORK.links.drop(columns="mode")]),
        },
    )
)
def test_network_constructor_arguments(kwargs: dict[str, Any]) -> None:
    assert_no_raw(mm.Network, **kwargs)


#: How ``_bad_graph`` breaks the small graph: a node or edge attribute, or its shape.
GRAPH_CHANGES = [
    "node:x=foo",
    "node:x=nan",
    "node:y=1e9",
    "node:x=",
    "edge:length=x",
    "edge:length=-5",
    "edge:length=nan",
    "bare",
    "empty",
    "directed",
]


def _bad_graph(change: str) -> nx.Graph:
    graph = _graph()
    if change.startswith("node:"):
        key, value = change[5:].split("=")
        graph.nodes["a"][key] = {"nan": math.nan, "inf": math.inf, "": None}.get(value, value)
    elif change.startswith("edge:"):
        key, value = change[5:].split("=")
        graph.edges["a", "b"][key] = {"nan": math.nan, "-5": -5.0, "": None}.get(value, value)
    elif change == "bare":
        graph = nx.Graph([(1, 2)])
    elif change == "empty":
        graph = nx.Graph()
    elif change == "directed":
        graph = nx.MultiDiGraph(graph)
    return graph


@_share(2)
@given(
    one_bad(
        {"graph": _graph(), "name": None, "mode": "road", "kind": "city", "country": "CN"},
        extra={
            "graph": st.sampled_from(GRAPH_CHANGES).map(_bad_graph),
            "mode": st.sampled_from(["rail", "ship", "x"]),
            "country": st.sampled_from(["cn", "XX", "China", ""]),
        },
    )
)
def test_network_from_networkx_arguments(kwargs: dict[str, Any]) -> None:
    assert_no_raw(mm.Network.from_networkx, **kwargs)


# ------------------------------------------------------------- classes the fuzzing found
# Each class of failure found by the tests above, now refused with a ParameterError.


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: MM.skim(None, ["XIY"], ["Duisburg"]), "network must be a Network"),
        (lambda: MM.skim(NETWORK, 5, ["Duisburg"]), "origins must be a list"),
        (lambda: MM.skim(NETWORK, "XIY", ["Duisburg"]), "origins must be a list"),
        (lambda: MM.skim(NETWORK, ["XIY"], ["PVG"], teu="2"), "teu must be a number"),
        (lambda: MM.skim(NETWORK, ["XIY"], ["PVG"], attributes=None), "attributes must be"),
        (lambda: MM.skim(NETWORK, ["XIY"], ["PVG"], attributes=[1, "a"]), "unknown skim"),
        (lambda: MM.assign(NETWORK, None), "demand must be a DataFrame"),
        (lambda: MM.assign(NETWORK, DEMAND, method=np.zeros(2)), "method must be text"),
        (lambda: MM.assign(NETWORK, DEMAND, solver=["highs"]), "solver must be text"),
        (lambda: MM.assign(NETWORK, DEMAND, seed=10**30), "seed must be a whole number"),
        (lambda: MM.assign(NETWORK, DEMAND, workers=10**30), "workers must be a whole number"),
        (lambda: MM.assign(NETWORK, DEMAND, time_limit_s=1e30), "time_limit_s must be at most"),
        (lambda: MM.compare(NETWORK, ["x"], DEMAND), "Scenario"),
        (lambda: MM.compare(NETWORK, None, DEMAND), "scenarios must be a list"),
        (lambda: MM.compare("shaanxi", [SCENARIO], DEMAND), "base must be a Network"),
        (lambda: MM.locate_hubs(HUBS, p=2, solver={"a": 1}), "solver must be text"),
        (lambda: MM.locate_hubs(HUBS, p=2, allocation=np.zeros(2)), "allocation must be text"),
        (lambda: MM.HubInstance.from_matrices(None, FLOWS, HUB_COSTS), "names must be a list"),
        (lambda: MM.HubInstance.from_matrices(NAMES, "x", HUB_COSTS), "flows must be an array"),
        (lambda: MM.HubInstance.from_matrices(NAMES, 10**400, HUB_COSTS), "flows must be an"),
        (lambda: MM.load_network(name=np.zeros(2)), "unknown built-in network"),
        (lambda: MM.load_demand(pd.DataFrame()), "unknown built-in demand"),
        (lambda: MM.generate_week("x"), "seed must be a whole number"),
        (lambda: MM.generate_week(0, 10**30), "n_shipments must be a whole number"),
        (lambda: MM.generate_week(0, 10, 3, backlog_h=None), "backlog_h must be"),
        (lambda: MM.generate_week(0, 10, 3, demand_ratio=1e300), "demand_ratio must be at most"),
        (lambda: MM.synthetic_network(10, seed="x"), "seed must be a whole number"),
        (lambda: MM.synthetic_network(10**30), "n_hubs must be at most"),
    ],
    ids=lambda value: "" if callable(value) else str(value),
)
def test_refused_wrong_types_name_the_argument(call: Callable[[], Any], match: str) -> None:
    with pytest.raises(mm.ParameterError, match=match):
        call()


@pytest.mark.parametrize("empty", ["origins", "destinations"])
def test_skim_with_no_origins_or_no_destinations_is_empty(empty: str) -> None:
    """An empty list of destinations ended in numpy's ``invert`` on a float array."""
    places: dict[str, Any] = {"origins": ["XIY"], "destinations": ["Duisburg"], empty: []}
    assert mm.skim(NETWORK, **places).to_frame().empty


@pytest.mark.parametrize(
    "kwargs",
    [
        {"week_start": "not a date"},
        {"week_start": True},
        {"week_start": math.inf},
        {"week_start": (1, "x")},
        {"network": "shaanxi"},
    ],
    ids=repr,
)
def test_refused_consolidate_week_start_and_network(kwargs: dict[str, Any]) -> None:
    with pytest.raises(mm.ParameterError, match=next(iter(kwargs))):
        mm.consolidate(SHIPMENTS, DEPARTURES, costs=COSTS, params=CONSOLIDATE_PARAMS, **kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"vehicles": 3},
        {"network": "shaanxi"},
        {"distance_km": np.full((4, 4), "x", dtype=object)},
        {"distance_km": 10**400},
    ],
    ids=repr,
)
def test_refused_collect_wrong_types(kwargs: dict[str, Any]) -> None:
    arguments = {"vehicles": FLEET, "params": COLLECT_PARAMS, **kwargs}
    with pytest.raises(MultimodalError, match=next(iter(kwargs))):
        mm.collect((109.08, 34.38), PICKUPS, **arguments)


@pytest.mark.parametrize("field", ["method", "solver"])
def test_refused_consolidate_params_with_an_array_as_method_or_solver(field: str) -> None:
    with pytest.raises(MultimodalError, match=field):
        MM.ConsolidateParams(**{field: np.zeros((2, 2))})


def test_collect_refuses_bytes_as_depot() -> None:
    with pytest.raises(MultimodalError):
        mm.collect(b"\x00[", PICKUPS, FLEET, params=COLLECT_PARAMS)  # type: ignore[arg-type]


def test_synthetic_network_with_no_links_is_refused() -> None:
    with pytest.raises(MultimodalError):
        mm.synthetic_network(8, air_share=0.1, k_road=0, k_rail=0, k_air=1)
    with pytest.raises(MultimodalError, match="drew no link"):
        mm.synthetic_network(8, air_share=0.1, k_road=0, k_rail=0, k_air=0)


def test_from_networkx_refuses_an_empty_graph() -> None:
    with pytest.raises(mm.ParameterError, match="graph"):
        mm.Network.from_networkx(nx.Graph())
