"""First-mile collection: tours checked by an independent checker and by brute force.

Oracles
-------
* ``check_plan`` recomputes every tour from the raw inputs (matrices, windows, demands,
  capacities, cut-off) with its own arithmetic, and checks each served pickup is visited
  exactly once, loads, windows, the cut-off, distances and costs.
* ``brute_force`` enumerates every subset of pickups, every order of each route and every
  split into at most K routes (tiny cases, <= 7 pickups) and returns the lexicographic
  optimum (most pickups served, then least cost); both engines must reach it.
* Benchmark instances are checked against their published optimum in tests/benchmarks.
"""

from __future__ import annotations

import itertools
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

from multimodal._scaling import ScalingPolicy
from multimodal.collection import (
    DEFAULT_SOLVER,
    SOLVERS,
    UNSERVED_REASONS,
    CollectionPlan,
    CollectParams,
    Fleet,
    collect,
    collect_instance,
    parse_clock,
    read_pickups,
    validate_pickups,
)
from multimodal.exceptions import (
    DataValidationError,
    MultimodalError,
    ParameterError,
    ScalingWarning,
)

ENGINES = ("pyvrp", "ortools")
EPS = 1e-6


# --------------------------------------------------------------------------- the oracle


def check_plan(
    plan: CollectionPlan,
    *,
    ids: list[str],
    distance: np.ndarray,
    duration: np.ndarray,
    demand: dict[str, float],
    window: dict[str, tuple[float, float]],
    service: dict[str, float],
    fleets: list[Fleet],
    start_h: float,
    cutoff_h: float | None,
) -> None:
    """Recompute the plan from the raw inputs; fail on any broken rule.

    ``ids`` lists the depot then the pickups in matrix order.
    """
    position = {node: k for k, node in enumerate(ids)}
    served = plan.served_ids
    assert len(served) == len(set(served)), "a pickup is visited twice"
    unserved = set(plan.unserved["pickup_id"])
    assert not (set(served) & unserved), "a pickup is both served and unserved"
    assert set(served) | unserved == set(ids[1:]), "a pickup is neither served nor unserved"
    assert set(plan.unserved["reason"]) <= set(UNSERVED_REASONS)
    by_name = {}
    for fleet in fleets:
        by_name.setdefault(fleet.name, fleet)
    used = plan.tour_totals.groupby("fleet").size()
    for name, count in used.items():
        assert count <= sum(f.count for f in fleets if f.name == name), "too many vehicles"
    total_cost = 0.0
    for vehicle, stops in plan.tours.groupby("vehicle"):
        stops = stops.sort_values("stop")
        fleet = by_name[stops["fleet"].iloc[0]]
        kinds = stops["kind"].tolist()
        assert kinds[0] == "depart"
        assert kinds[-1] == "return"
        assert set(kinds[1:-1]) == {"pickup"}
        route = stops["pickup_id"].tolist()[1:-1]
        path = [0, *(position[r] for r in route), 0]
        depart = stops["departure_h"].iloc[0]
        assert depart >= start_h - EPS, "leaves before the start"
        clock, load, km = depart, 0.0, 0.0
        for (a, b), (_, row) in zip(
            itertools.pairwise(path[:-1]), stops.iloc[1:-1].iterrows(), strict=True
        ):
            arrival = clock + duration[a, b]
            assert row["arrival_h"] == pytest.approx(arrival, abs=EPS)
            begin = max(arrival, window[ids[b]][0])
            assert row["service_start_h"] == pytest.approx(begin, abs=EPS)
            assert begin <= window[ids[b]][1] + EPS, f"{ids[b]} served after its window"
            clock = begin + service[ids[b]]
            load += demand[ids[b]]
            assert row["load_teu"] == pytest.approx(load)
            km += distance[a, b]
        back = clock + duration[path[-2], 0]
        km += distance[path[-2], 0]
        assert stops["arrival_h"].iloc[-1] == pytest.approx(back, abs=EPS)
        if cutoff_h is not None:
            assert back <= cutoff_h + EPS, f"vehicle {vehicle} back after the cut-off"
        assert load <= fleet.capacity_teu + EPS, f"vehicle {vehicle} over capacity"
        totals = plan.tour_totals.set_index("vehicle").loc[vehicle]
        assert totals["distance_km"] == pytest.approx(km)
        cost = fleet.fixed_cost_cny + fleet.cost_cny_per_km * km
        assert totals["cost_cny"] == pytest.approx(cost)
        total_cost += cost
    assert plan.total_cost_cny == pytest.approx(total_cost)
    if plan.solve_info.has_solution:
        assert plan.solve_info.objective == pytest.approx(total_cost)


def brute_force(
    distance: np.ndarray,
    duration: np.ndarray,
    demand: list[float],
    window: list[tuple[float, float]],
    service: list[float],
    fleet: Fleet,
    start_h: float,
    cutoff_h: float,
) -> tuple[int, float]:
    """(most pickups servable, least cost serving that many) by full enumeration."""
    n = len(demand)
    best_route: dict[int, float] = {0: 0.0}
    for mask in range(1, 1 << n):
        members = [i for i in range(n) if mask >> i & 1]
        if sum(demand[i] for i in members) > fleet.capacity_teu + EPS:
            continue
        best = math.inf
        for order in itertools.permutations(members):
            clock, previous, km, ok = start_h, 0, 0.0, True
            for i in order:
                node = i + 1
                clock = max(clock + duration[previous, node], window[i][0])
                if clock > window[i][1] + EPS:
                    ok = False
                    break
                clock += service[i]
                km += distance[previous, node]
                previous = node
            if not ok or clock + duration[previous, 0] > cutoff_h + EPS:
                continue
            best = min(
                best, fleet.fixed_cost_cny + fleet.cost_cny_per_km * (km + distance[previous, 0])
            )
        if best < math.inf:
            best_route[mask] = best
    # cover[k][mask]: least cost to serve exactly `mask` with at most k routes.
    cover = {0: 0.0}
    for _ in range(fleet.count):
        nxt = dict(cover)
        for mask, cost in cover.items():
            for route_mask, route_cost in best_route.items():
                if route_mask and not mask & route_mask:
                    union = mask | route_mask
                    if cost + route_cost < nxt.get(union, math.inf):
                        nxt[union] = cost + route_cost
        cover = nxt
    most = max(bin(mask).count("1") for mask in cover)
    return most, min(c for mask, c in cover.items() if bin(mask).count("1") == most)


# --------------------------------------------------------------------------- fixtures


def tiny_case(seed: int, n: int = 7) -> dict:
    """A random tiny case with exact integer data (km, whole minutes, CNY)."""
    rng = np.random.default_rng(seed)
    xy = rng.integers(0, 60, size=(n + 1, 2)).astype(float)
    distance = np.rint(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)))
    duration = distance / 60.0  # 60 km/h: whole minutes
    ids = ["depot", *(f"P{i}" for i in range(1, n + 1))]
    opens = rng.integers(7, 12, size=n) * 60 + rng.integers(0, 4, size=n) * 15
    widths = rng.integers(1, 5, size=n) * 60
    pickups = pd.DataFrame(
        {
            "id": ids[1:],
            "x": xy[1:, 0],
            "y": xy[1:, 1],
            "demand_teu": rng.integers(1, 3, size=n).astype(float),
            "window_start_h": opens / 60.0,
            "window_end_h": (opens + widths) / 60.0,
            "service_h": rng.integers(1, 4, size=n) * 10 / 60.0,
        }
    )
    fleet = Fleet(count=2, capacity_teu=4.0, cost_cny_per_km=10.0, fixed_cost_cny=150.0)
    return {
        "ids": ids,
        "xy": xy,
        "distance": distance,
        "duration": duration,
        "pickups": pickups,
        "fleet": fleet,
        "start_h": 6.0,
        "cutoff_h": 15.0,
    }


def solve_case(case: dict, engine: str, **options) -> CollectionPlan:
    """Solve a tiny case; ``options`` are ``CollectParams`` options (time limit 1 s)."""
    params = CollectParams(
        solver=engine, start=case["start_h"], depot_id="depot", **{"time_limit_s": 1.0, **options}
    )
    return collect(
        tuple(case["xy"][0]),
        case["pickups"],
        case["fleet"],
        cutoff=case["cutoff_h"],
        distance_km=case["distance"],
        duration_h=case["duration"],
        params=params,
    )


def check_case(plan: CollectionPlan, case: dict) -> None:
    p = case["pickups"]
    check_plan(
        plan,
        ids=case["ids"],
        distance=case["distance"],
        duration=case["duration"],
        demand=dict(zip(p["id"], p["demand_teu"], strict=True)),
        window={
            i: (max(a, case["start_h"]), b)
            for i, a, b in zip(p["id"], p["window_start_h"], p["window_end_h"], strict=True)
        },
        service=dict(zip(p["id"], p["service_h"], strict=True)),
        fleets=[case["fleet"]],
        start_h=case["start_h"],
        cutoff_h=case["cutoff_h"],
    )


# --------------------------------------------------------------------------- exactness


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_engines_reach_the_brute_force_optimum(engine: str, seed: int) -> None:
    """With 7 pickups both engines find the enumerated optimum in a short time limit."""
    case = tiny_case(seed)
    p = case["pickups"]
    most, least = brute_force(
        case["distance"],
        case["duration"],
        p["demand_teu"].tolist(),
        list(zip(p["window_start_h"], p["window_end_h"], strict=True)),
        p["service_h"].tolist(),
        case["fleet"],
        case["start_h"],
        case["cutoff_h"],
    )
    plan = solve_case(case, engine, time_limit_s=0.5)
    check_case(plan, case)
    assert len(plan.served_ids) == most
    assert plan.total_cost_cny == pytest.approx(least, abs=1e-6)
    assert plan.solve_info.status == "feasible"  # heuristics prove nothing
    assert math.isnan(plan.solve_info.best_bound)


def test_brute_force_case_is_not_trivial() -> None:
    """The brute-force cases bind: some pickups cannot all be served, or costs trade off."""
    bound = []
    for seed in (1, 2, 3):
        case = tiny_case(seed)
        p = case["pickups"]
        most, _ = brute_force(
            case["distance"],
            case["duration"],
            p["demand_teu"].tolist(),
            list(zip(p["window_start_h"], p["window_end_h"], strict=True)),
            p["service_h"].tolist(),
            case["fleet"],
            case["start_h"],
            case["cutoff_h"],
        )
        bound.append(most)
    assert any(m < 7 for m in bound), "no case leaves anything unserved; make them tighter"


@pytest.mark.parametrize("engine", ENGINES)
def test_plan_without_time_is_valid_and_optimal(engine: str) -> None:
    """No windows, no cut-off: pure CVRP against brute force."""
    case = tiny_case(7, n=6)
    pickups = case["pickups"].drop(columns=["window_start_h", "window_end_h"])
    fleet = Fleet(count=3, capacity_teu=3.0, cost_cny_per_km=2.0, fixed_cost_cny=0.0)
    plan = collect(
        tuple(case["xy"][0]),
        pickups,
        fleet,
        distance_km=case["distance"],
        duration_h=case["duration"],
        params=CollectParams(solver=engine, depot_id="depot", time_limit_s=0.5),
    )
    n = len(pickups)
    most, least = brute_force(
        case["distance"],
        case["duration"],
        pickups["demand_teu"].tolist(),
        [(0.0, math.inf)] * n,
        pickups["service_h"].tolist(),
        fleet,
        0.0,
        math.inf,
    )
    assert len(plan.served_ids) == most
    assert plan.total_cost_cny == pytest.approx(least)
    assert plan.cutoff_h is None


# --------------------------------------------------------------------------- unserved


def _line_case() -> dict:
    """Pickups on a line east of the terminal, 1 km apart; 60 km/h, planar km."""
    pickups = pd.DataFrame(
        {
            "id": ["near", "huge", "late", "far", "a", "b"],
            "x": [10.0, 12.0, 30.0, 400.0, 20.0, 21.0],
            "y": [0.0] * 6,
            "demand_teu": [2.0, 5.0, 1.0, 1.0, 2.0, 2.0],
            "window_start": ["08:00", "08:00", "08:00", "08:00", "08:00", "08:00"],
            "window_end": ["17:00", "17:00", "08:10", "17:00", "17:00", "17:00"],
            "service_h": [0.5] * 6,
        }
    )
    return {"pickups": pickups, "depot": (0.0, 0.0)}


@pytest.mark.parametrize("engine", ENGINES)
def test_unserved_pickups_have_reasons(engine: str) -> None:
    case = _line_case()
    fleet = Fleet(count=1, capacity_teu=2.0, cost_cny_per_km=10.0)
    plan = collect(
        case["depot"],
        case["pickups"],
        fleet,
        cutoff="12:00",
        params=CollectParams(
            solver=engine, start="07:50", detour_factor=1.0, speed_kmh=60.0, time_limit_s=0.5
        ),
    )
    reasons = dict(zip(plan.unserved["pickup_id"], plan.unserved["reason"], strict=True))
    assert reasons["huge"] == "demand_above_capacity"
    # 'late' is 30 km away: earliest arrival 08:20, after its window closes at 08:10.
    assert reasons["late"] == "window_unreachable"
    # 'far' is 400 km away: 6 h 40 min each way; cannot be back by 12:00.
    assert reasons["far"] == "cutoff_unreachable"
    # One 2-TEU truck: of near, a, b (2 TEU each) only one fits; the nearest is cheapest.
    assert plan.served_ids == ["near"]
    assert reasons["a"] == reasons["b"] == "no_vehicle_left"
    assert all(plan.unserved["detail"].str.len() > 0)
    check_plan(
        plan,
        ids=["terminal", *case["pickups"]["id"]],
        distance=_planar(case),
        duration=_planar(case) / 60.0,
        demand=dict(zip(case["pickups"]["id"], case["pickups"]["demand_teu"], strict=True)),
        window={
            i: (parse_clock(a), parse_clock(b))
            for i, a, b in zip(
                case["pickups"]["id"],
                case["pickups"]["window_start"],
                case["pickups"]["window_end"],
                strict=True,
            )
        },
        service=dict.fromkeys(case["pickups"]["id"], 0.5),
        fleets=[fleet],
        start_h=parse_clock("07:50"),
        cutoff_h=12.0,
    )
    assert "demand_above_capacity: 1" in plan.summary()


def _planar(case: dict) -> np.ndarray:
    xy = np.vstack([case["depot"], case["pickups"][["x", "y"]].to_numpy()])
    return np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))


def test_required_pickups_that_cannot_all_be_served() -> None:
    case = _line_case()
    pickups = case["pickups"].iloc[[0, 4, 5]]
    plan = collect(
        case["depot"],
        pickups,
        Fleet(count=1, capacity_teu=2.0),
        params=CollectParams(allow_unserved=False, time_limit_s=0.3),
    )
    assert plan.solve_info.status == "not_solved"
    assert set(plan.unserved["reason"]) == {"no_solution"}
    assert plan.tours.empty
    with pytest.raises(DataValidationError, match="above the capacity"):
        collect(
            case["depot"],
            case["pickups"].iloc[[1]],
            Fleet(count=1, capacity_teu=2.0),
            params=CollectParams(allow_unserved=False),
        )


def test_nothing_to_route_is_trivially_optimal() -> None:
    case = _line_case()
    plan = collect(case["depot"], case["pickups"].iloc[[1]], Fleet(count=2, capacity_teu=2.0))
    assert plan.solve_info.status == "optimal"
    assert plan.solve_info.objective == 0.0
    assert plan.num_vehicles_used == 0
    assert list(plan.unserved["reason"]) == ["demand_above_capacity"]


# --------------------------------------------------------------------------- geography


@pytest.mark.parametrize("engine", ENGINES)
def test_lonlat_plan_uses_great_circle_times_detour(engine: str) -> None:
    """Without a matrix: WGS84 geodesic x 1.3 at 50 km/h, checked with pyproj's Geod.inv."""
    rng = np.random.default_rng(5)
    n = 12
    pickups = pd.DataFrame(
        {
            "id": [f"F{i:02d}" for i in range(n)],
            "lon": 108.9 + rng.uniform(-0.6, 0.6, n),
            "lat": 34.3 + rng.uniform(-0.4, 0.4, n),
            "demand_teu": rng.choice([1.0, 2.0], n),
            "window_start": "08:00",
            "window_end": ["11:00"] * 6 + ["16:00"] * 6,
        }
    )
    depot = (108.95, 34.27)
    fleets = [
        Fleet(count=4, capacity_teu=4.0, cost_cny_per_km=12.0, fixed_cost_cny=300.0, name="big"),
        Fleet(count=4, capacity_teu=2.0, cost_cny_per_km=8.0, fixed_cost_cny=150.0, name="small"),
    ]
    plan = collect(
        depot,
        pickups,
        fleets,
        cutoff="17:30",
        params=CollectParams(solver=engine, start="06:00", time_limit_s=0.5),
    )
    assert "great-circle" in plan.distance_source
    assert "1.3" in plan.distance_source
    assert "50 km/h" in plan.distance_source
    lon = np.r_[depot[0], pickups["lon"]]
    lat = np.r_[depot[1], pickups["lat"]]
    geod = Geod(ellps="WGS84")  # WGS84 geodesics, one Geod.inv call per pair
    crow = np.array(
        [[geod.inv(x1, y1, x2, y2)[2] for x2, y2 in zip(lon, lat)] for x1, y1 in zip(lon, lat)]
    )
    distance = crow / 1000.0 * 1.3
    check_plan(
        plan,
        ids=["terminal", *pickups["id"]],
        distance=distance,
        duration=distance / 50.0,
        demand=dict(zip(pickups["id"], pickups["demand_teu"], strict=True)),
        window={
            i: (8.0, parse_clock(b))
            for i, b in zip(pickups["id"], pickups["window_end"], strict=True)
        },
        service=dict.fromkeys(pickups["id"], 0.5),
        fleets=fleets,
        start_h=6.0,
        cutoff_h=17.5,
    )
    assert len(plan.served_ids) == n  # ample fleet: everything is collected
    gdf = plan.to_geodataframe()
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == plan.num_vehicles_used
    stops = plan.to_geodataframe("stops")
    assert len(stops) == n


def test_labelled_matrix_is_reordered_by_id() -> None:
    case = tiny_case(4, n=4)
    ids = case["ids"]
    frame = pd.DataFrame(case["distance"], index=ids, columns=ids)
    shuffled = frame.loc[ids[::-1], ids[::-1]]
    a = solve_case(case, "pyvrp", max_iterations=200)
    b = collect(
        tuple(case["xy"][0]),
        case["pickups"],
        case["fleet"],
        cutoff=case["cutoff_h"],
        distance_km=shuffled,
        duration_h=pd.DataFrame(case["duration"], index=ids, columns=ids),
        params=CollectParams(
            start=case["start_h"], depot_id="depot", time_limit_s=1.0, max_iterations=200
        ),
    )
    assert a.total_cost_cny == pytest.approx(b.total_cost_cny)
    assert "given road distance matrix" in b.distance_source


# --------------------------------------------------------------------------- determinism


@pytest.mark.parametrize("engine", ENGINES)
def test_same_seed_same_tours(engine: str) -> None:
    """An iteration limit makes the result independent of machine speed."""
    case = tiny_case(11, n=7)
    runs = [solve_case(case, engine, seed=3, max_iterations=300, time_limit_s=20) for _ in range(2)]
    pd.testing.assert_frame_equal(runs[0].tours, runs[1].tours)
    assert runs[0].routes() == runs[1].routes()
    assert not runs[0].solve_info.time_limit_reached


def test_default_engine_is_a_known_engine() -> None:
    assert DEFAULT_SOLVER in ENGINES
    assert set(SOLVERS) == set(ENGINES)


# --------------------------------------------------------------------------- instances


@pytest.mark.parametrize("engine", ENGINES)
def test_solomon_instance_plan_is_valid(engine: str, datasets: Path) -> None:
    """R101 (100 customers, tight windows): every customer once, windows, horizon, 25 trucks."""
    from multimodal.instances.vrp import read_solomon

    inst = read_solomon(datasets / "vrptw-solomon" / "R101.txt")
    plan = collect(inst, params=CollectParams(solver=engine, time_limit_s=1.0))
    assert plan.solve_info.has_solution
    assert plan.unserved.empty
    ids = [str(i) for i in inst.node_ids]
    fleet = Fleet(
        count=25, capacity_teu=200.0, cost_cny_per_km=1.0, fixed_cost_cny=0.0, name="vehicle"
    )
    check_plan(
        plan,
        ids=ids,
        distance=inst.distance_matrix(),
        duration=inst.distance_matrix(),
        demand=dict(zip(ids, inst.demand.astype(float), strict=True)),
        window=dict(zip(ids, zip(inst.ready_time, inst.due_time, strict=True), strict=True)),
        service=dict(zip(ids, inst.service_time, strict=True)),
        fleets=[fleet],
        start_h=0.0,
        cutoff_h=float(inst.due_time[0]),
    )
    # A heuristic cannot beat the proven optimum.
    assert plan.solve_info.objective >= inst.optimum - 1e-6
    assert plan.meta["inputs"]["instance"] == "R101"
    assert plan.instance == "R101"
    assert "instance units" in plan.summary()


def test_cvrp_instance_small_fleet_and_objective(datasets: Path) -> None:
    from multimodal.instances.vrp import read_vrplib

    inst = read_vrplib(datasets / "cvrp" / "A-n32-k5.vrp")
    plan = collect_instance(inst, time_limit_s=0.5)
    assert sorted(int(i) for i in plan.served_ids) == list(range(2, 33))
    loads = plan.tour_totals["load_teu"]
    assert (loads <= inst.capacity).all()
    assert loads.sum() == inst.total_demand
    assert plan.solve_info.objective >= 784 - 1e-9
    assert plan.solve_info.objective == pytest.approx(plan.total_distance_km)


# --------------------------------------------------------------------------- bad input


def _good() -> pd.DataFrame:
    return _line_case()["pickups"].iloc[[0, 4]].reset_index(drop=True)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda f: f.drop(columns=["x"]), "missing coordinates"),
        (lambda f: f.rename(columns={"demand_teu": "demand"}), "rename 'demand' to 'demand_teu'"),
        (lambda f: f.assign(demand_teu=["2", "two"]), "'two' is not a number"),
        (
            lambda f: f.assign(demand_teu=[-1.0, 2.0]),
            "column 'demand_teu': value -1 must be at least 0",
        ),
        (lambda f: f.assign(id=["a", "a"]), "used more than once"),
        (lambda f: f.assign(window_start=["08:00", "18:00"]), "starts .* after it ends"),
        (lambda f: f.assign(window_end=["17:00", "5pm"]), "'5pm' is not a time"),
        (
            lambda f: f.assign(service_h=[0.5, -1.0]),
            "column 'service_h': value -1 must be at least 0",
        ),
    ],
)
def test_bad_pickups_are_named(change, match: str) -> None:
    with pytest.raises(DataValidationError, match=match):
        validate_pickups(change(_good()))


def test_bad_lonlat_and_csv_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,lon,lat,demand_teu\nA,108.9,34.3,1\nB,208.9,34.3,1\nC,108.9,-95,x\n")
    with pytest.raises(DataValidationError) as info:
        read_pickups(path)
    found = {(p.row, p.column) for p in info.value.problems}
    assert (3, "lon") in found  # CSV line 3 holds B
    assert (4, "lat") in found
    assert (4, "demand_teu") in found
    assert all(p.file == str(path) for p in info.value.problems)
    with pytest.raises(DataValidationError, match="file not found"):
        read_pickups(tmp_path / "missing.csv")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (
            {"params": CollectParams(solver="ortools"), "cutoff": "late"},
            ParameterError,
            "is not a time",
        ),
        (
            {"params": CollectParams(start="06:00"), "cutoff": "05:00"},
            ParameterError,
            "before the start",
        ),
        ({"distance_km": np.zeros((2, 2))}, DataValidationError, "expected \\(3, 3\\)"),
        ({"distance_km": np.full((3, 3), np.nan)}, DataValidationError, "finite values"),
        ({"params": CollectParams(depot_id="near")}, ParameterError, "also a pickup id"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        collect((0.0, 0.0), _good(), Fleet(count=1, capacity_teu=2.0), **kwargs)


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"solver": "gurobi"}, "unknown solver 'gurobi'"),
        ({"detour_factor": 0.5}, "detour_factor must be at least 1"),
        ({"time_limit_s": 0}, "time_limit_s must be greater than 0"),
    ],
)
def test_bad_options_are_named(options: dict, match: str) -> None:
    """The options that were keywords of collect() are checked by CollectParams."""
    with pytest.raises(ParameterError, match=match):
        CollectParams(**options)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"count": 0, "capacity_teu": 2.0}, "count must be a whole number"),
        ({"count": 1, "capacity_teu": 0.0}, "capacity_teu must be greater than 0"),
        ({"count": 1, "capacity_teu": 2.0, "cost_cny_per_km": -1.0}, "cost_cny_per_km"),
    ],
)
def test_bad_fleet(kwargs: dict, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        Fleet(**kwargs)


def test_parse_clock() -> None:
    assert parse_clock("18:00") == 18.0
    assert parse_clock("07:30") == 7.5
    assert parse_clock("30:15") == 30.25  # next day
    assert parse_clock(6) == 6.0
    with pytest.raises(ParameterError):
        parse_clock("18h")


def test_scaling_warning_on_precision_loss() -> None:
    """A coarse policy (whole CNY) on sub-CNY arcs warns; the default does not."""
    case = tiny_case(2, n=4)
    case["distance"] = case["distance"] / 100.0  # 10-metre scale arcs, a few CNY
    coarse = ScalingPolicy(name="yuan", cost_per_cny=1.0)
    with pytest.warns(ScalingWarning, match="arc costs"):
        solve_case(case, "pyvrp", scaling=coarse, time_limit_s=0.2)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ScalingWarning)
        solve_case(case, "pyvrp", time_limit_s=0.2)


# --------------------------------------------------------------------------- outputs


def test_plot_and_explore() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    case = _line_case()
    quick = CollectParams(time_limit_s=0.2)
    plan = collect(case["depot"], case["pickups"], Fleet(2, 2.0), params=quick)
    ax = plan.plot()
    assert ax.get_title()
    plt.close(ax.figure)
    with pytest.raises(MultimodalError, match="lon/lat"):
        plan.explore()
    geo = collect(
        (108.95, 34.27),
        pd.DataFrame({"id": ["A"], "lon": [109.0], "lat": [34.3], "demand_teu": [1.0]}),
        Fleet(1, 2.0),
        params=quick,
    )
    fmap = geo.explore()
    assert type(fmap).__name__ == "Map"
    assert "Collection plan" in str(geo)


def test_cli_collect(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from multimodal.cli import main

    csv = tmp_path / "pickups.csv"
    csv.write_text(
        "id,lon,lat,demand_teu,window_start,window_end\n"
        "F1,108.80,34.40,2,08:00,12:00\n"
        "F2,109.10,34.35,1,09:00,15:00\n"
        "F3,109.05,34.10,1,,\n"
    )
    out = tmp_path / "out"
    code = main(
        [
            "collect",
            str(csv),
            "--depot",
            "108.95,34.27",
            "--vehicles",
            "2",
            "--capacity",
            "2",
            "--cutoff",
            "18:00",
            "--time-limit",
            "0.3",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "Collection plan" in printed
    tours = pd.read_csv(out / "tours.csv")
    assert set(tours.loc[tours["kind"] == "pickup", "pickup_id"]) == {"F1", "F2", "F3"}
    assert (out / "map.png").stat().st_size > 0
    assert (
        main(["collect", str(csv), "--vehicles", "2"]) == 2
    )  # no depot: a one-line usage error, status 2 (0caa159)


def test_cli_collect_instance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], datasets: Path
) -> None:
    from multimodal.cli import main

    path = datasets / "cvrp" / "A-n32-k5.vrp"
    code = main(
        [
            "collect",
            "--instance",
            str(path),
            "--time-limit",
            "0.3",
            "--no-map",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "known optimum 784" in printed
    totals = pd.read_csv(tmp_path / "tour_totals.csv")
    assert totals["load_teu"].sum() == 410  # every customer collected
    assert not (tmp_path / "map.png").exists()


def test_cli_depot_by_network_node(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--depot also takes a node of the built-in network, by id or name."""
    import multimodal
    from multimodal.cli import main

    if not hasattr(multimodal, "load_network"):
        pytest.skip("no built-in network in this build")
    csv = tmp_path / "pickups.csv"
    csv.write_text("id,lon,lat,demand_teu\nF1,108.80,34.40,1\n")
    args = ["collect", str(csv), "--vehicles", "1", "--time-limit", "0.2", "--no-map"]
    assert main([*args, "--depot", "Xi'an", "--out", str(tmp_path)]) == 0
    tours = pd.read_csv(tmp_path / "tours.csv")
    lon, lat = tours.loc[0, ["x", "y"]]
    assert 108.5 < lon < 109.5
    assert 33.9 < lat < 34.7  # the Xi'an node, not (0, 0)
    assert main([*args, "--depot", "Nowhere-at-all-xyz"]) == 2
    assert "unknown node" in capsys.readouterr().err
