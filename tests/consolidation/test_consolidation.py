"""Tests of block-train consolidation (multimodal.consolidation).

Exactness is checked against an independent brute force written here from the
problem statement (its own compatibility rules and cost formulas, in floats), and
the aggregated model against the naive per-shipment model.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from multimodal._options import DEFAULT_TIME_LIMIT_S
from multimodal.cli import main as cli_main
from multimodal.consolidation import (
    REASONS,
    ConsolidateParams,
    ConsolidationCosts,
    FallbackOption,
    consolidate,
    validate_departures,
    validate_shipments,
)
from multimodal.consolidation._cpsat import achievable_load
from multimodal.exceptions import (
    DataValidationError,
    InfeasibleError,
    ParameterError,
    SolverError,
    TimeLimitWarning,
)
from multimodal.synthetic.week import (
    DESTINATIONS,
    EXAMPLE_WEEK,
    example_week,
    generate_week,
)

# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def ships(*rows: dict) -> pd.DataFrame:
    """Shipments with defaults: 2 TEU to DUISBURG, arriving at 0, due late."""
    base = {
        "teu": 2,
        "destination": "DUISBURG",
        "arrival_h": 0.0,
        "due_h": 1000.0,
        "reefer": False,
        "dangerous_goods": False,
    }
    return pd.DataFrame([{"id": f"S{i}", **base, **row} for i, row in enumerate(rows)])


def deps(*rows: dict) -> pd.DataFrame:
    """Departures with defaults: DUISBURG at 24 h, 10 TEU, no minimum, free to run."""
    base = {
        "destinations": "DUISBURG",
        "departure_h": 24.0,
        "capacity_teu": 10,
        "min_load_teu": 0,
        "fixed_cost_cny": 0.0,
        "reefer_slots": 0,
        "transit_time_h": 240.0,
        "dangerous_goods": False,
    }
    return pd.DataFrame([{"service_id": f"D{i}", **base, **row} for i, row in enumerate(rows)])


#: Costs where a train is always much cheaper than the fallback (when it may run).
EXPENSIVE_FALLBACK = ConsolidationCosts(
    holding_cny_per_teu_day=10.0,
    lateness_cny_per_teu_day=0.0,
    handling_h=4.0,
    fallback=FallbackOption(cost_cny_per_teu=10_000.0, transit_h=240.0),
)


def solve(shipments: pd.DataFrame, departures: pd.DataFrame, costs=EXPENSIVE_FALLBACK, **kw):
    kw.setdefault("params", ConsolidateParams(time_limit_s=10.0))
    return consolidate(shipments, departures, costs=costs, **kw)


def row_of(plan, shipment_id: str) -> pd.Series:
    table = plan.shipments.set_index("shipment_id")
    return table.loc[shipment_id]


# --------------------------------------------------------------------------------------
# the independent oracle
# --------------------------------------------------------------------------------------


def brute_force(shipments: pd.DataFrame, departures: pd.DataFrame, costs: ConsolidationCosts):
    """Minimum total cost over every assignment (fallback or one departure per shipment).

    Written from the problem statement, without the library's helpers: a departure is
    allowed when it serves the destination, leaves at or after arrival + handling,
    has capacity >= teu, reefer slots >= teu for reefer boxes and allows dangerous
    goods for dangerous boxes. A train runs iff it carries something; then its load
    must lie within [min_load, capacity] and its reefer load within its slots.
    """
    H, L, handling = (
        costs.holding_cny_per_teu_day,
        costs.lateness_cny_per_teu_day,
        costs.handling_h,
    )
    vot = costs.value_of_time_share_per_day
    deps_ = departures.to_dict("records")
    options = []  # per shipment: list of (departure index or None, cost)
    for s in shipments.to_dict("records"):
        teu, arr, due = s["teu"], s["arrival_h"], s["due_h"]
        prio, value = s.get("priority", 1.0), s.get("value_cny", 0.0)
        opts = []
        fb = costs.fallback_by_destination.get(s["destination"], costs.fallback)
        if fb is not None:
            leave = arr + handling + fb.wait_h
            reach = leave + fb.transit_h
            opts.append(
                (
                    None,
                    fb.cost_cny_per_teu * teu
                    + H * teu * (leave - arr) / 24
                    + L * teu * prio * max(0.0, reach - due) / 24
                    + value * vot * (reach - arr) / 24,
                )
            )
        for j, d in enumerate(deps_):
            served = d["destinations"].split(";")
            if s["destination"] not in served:
                continue
            if d["departure_h"] < arr + handling - 1e-9 or teu > d["capacity_teu"]:
                continue
            if s["reefer"] and teu > d["reefer_slots"]:
                continue
            if s["dangerous_goods"] and not d["dangerous_goods"]:
                continue
            transits = [float(x) for x in str(d["transit_time_h"]).split(";")]
            transit = transits[served.index(s["destination"])] if len(transits) > 1 else transits[0]
            reach = d["departure_h"] + transit
            opts.append(
                (
                    j,
                    H * teu * (d["departure_h"] - arr) / 24
                    + L * teu * prio * max(0.0, reach - due) / 24
                    + value * vot * (reach - arr) / 24
                    + d.get("cost_cny_per_teu", 0.0) * teu,
                )
            )
        options.append(opts)
    best = math.inf
    teus = list(shipments["teu"])
    reefers = list(shipments["reefer"])
    for combo in itertools.product(*options):
        load = [0] * len(deps_)
        rload = [0] * len(deps_)
        total = 0.0
        for s, (j, cost) in enumerate(combo):
            total += cost
            if j is not None:
                load[j] += teus[s]
                rload[j] += teus[s] if reefers[s] else 0
        ok = True
        for j, d in enumerate(deps_):
            if load[j] == 0:
                continue
            if not (d["min_load_teu"] <= load[j] <= d["capacity_teu"]):
                ok = False
                break
            if rload[j] > d["reefer_slots"]:
                ok = False
                break
            total += d["fixed_cost_cny"]
        if ok:
            best = min(best, total)
    return best


def random_instance(seed: int):
    """A small random instance: <= 7 shipments, <= 4 departures, every feature used."""
    rng = np.random.default_rng(seed)
    dests = ["DUISBURG", "WARSAW", "ALMATY"]
    n_s, n_d = int(rng.integers(3, 8)), int(rng.integers(1, 5))
    shipment_rows = []
    for i in range(n_s):
        arrival = float(rng.choice([0.0, 6.0, 10.0, 20.0, 30.0, 44.0]))
        shipment_rows.append(
            {
                "id": f"S{i}",
                "arrival_h": arrival,
                "teu": int(rng.choice([1, 2, 2, 4])),
                "destination": dests[int(rng.integers(0, 3))],
                "due_h": arrival + float(rng.choice([150.0, 250.0, 300.0])),
                "reefer": bool(rng.random() < 0.4),
                "dangerous_goods": bool(rng.random() < 0.2),
                "priority": float(rng.choice([1.0, 2.0])),
                "value_cny": float(rng.choice([0.0, 100_000.0])),
            }
        )
    departure_rows = []
    for j in range(n_d):
        served = list(rng.choice(dests, size=int(rng.integers(1, 3)), replace=False))
        capacity = int(rng.choice([4, 6, 8]))
        departure_rows.append(
            {
                "service_id": f"D{j}",
                "destinations": ";".join(served),
                "departure_h": float(rng.choice([8.0, 14.0, 24.0, 34.0, 48.0])),
                "capacity_teu": capacity,
                "min_load_teu": int(rng.integers(0, capacity + 1)),
                "fixed_cost_cny": float(rng.choice([0.0, 2_000.0, 6_000.0])),
                "reefer_slots": int(rng.choice([0, 2, 4])),
                "transit_time_h": ";".join(
                    str(float(rng.choice([100.0, 200.0, 260.0]))) for _ in served
                ),
                "dangerous_goods": bool(rng.random() < 0.5),
                "cost_cny_per_teu": float(rng.choice([0.0, 50.0])),
            }
        )
    costs = ConsolidationCosts(
        holding_cny_per_teu_day=float(rng.choice([30.0, 62.4])),
        lateness_cny_per_teu_day=float(rng.choice([200.0, 1000.0])),
        handling_h=4.0,
        fallback=FallbackOption(float(rng.choice([1_500.0, 3_000.0])), 300.0, 0.0),
        fallback_by_destination={"ALMATY": FallbackOption(800.0, 200.0, wait_h=168.0)},
        value_of_time_share_per_day=float(rng.choice([0.0, 0.0003])),
    )
    return pd.DataFrame(shipment_rows), pd.DataFrame(departure_rows), costs


def check_feasible(plan, shipments: pd.DataFrame, departures: pd.DataFrame, costs) -> None:
    """Re-check every hard constraint on a plan, from the raw inputs."""
    dep = departures.set_index("service_id")
    load: dict[str, int] = {}
    rload: dict[str, int] = {}
    for s in shipments.to_dict("records"):
        r = row_of(plan, s["id"])
        if r["mode"] == "fallback":
            continue
        d = dep.loc[r["service_id"]]
        assert s["destination"] in d["destinations"].split(";")
        assert d["departure_h"] >= s["arrival_h"] + costs.handling_h - 1e-9
        assert not s["dangerous_goods"] or d["dangerous_goods"]
        load[r["service_id"]] = load.get(r["service_id"], 0) + s["teu"]
        rload[r["service_id"]] = rload.get(r["service_id"], 0) + (s["teu"] if s["reefer"] else 0)
    for sid, d in dep.iterrows():
        runs = bool(plan.trains.set_index("service_id").loc[sid, "runs"])
        assert runs == (load.get(sid, 0) > 0)
        if runs:
            assert d["min_load_teu"] <= load[sid] <= d["capacity_teu"]
            assert rload.get(sid, 0) <= d["reefer_slots"]


# --------------------------------------------------------------------------------------
# exactness
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(24))
def test_optimum_equals_brute_force(seed: int) -> None:
    """On small random instances the plan's cost equals the brute-force optimum."""
    shipments, departures, costs = random_instance(seed)
    plan = consolidate(
        shipments, departures, costs=costs, params=ConsolidateParams(time_limit_s=10)
    )
    assert plan.solve_info.status == "optimal"
    expected = brute_force(shipments, departures, costs)
    # costs are scaled to fen: at most 0.005 CNY of rounding per cost term
    tolerance = 0.01 * (len(shipments) + len(departures)) + 1e-6
    assert plan.cost.total_cny == pytest.approx(expected, abs=tolerance)
    assert plan.solve_info.objective == pytest.approx(expected, abs=tolerance)
    check_feasible(plan, shipments, departures, costs)


def test_cost_split_adds_up() -> None:
    """The cost parts add up to the total, and per-shipment costs to the parts."""
    shipments, departures, costs = random_instance(7)
    plan = consolidate(shipments, departures, costs=costs)
    c = plan.cost
    table = plan.shipments
    assert c.holding_cny == pytest.approx(table["holding_cny"].sum())
    assert c.lateness_cny == pytest.approx(table["lateness_cny"].sum())
    assert c.train_fixed_cny == pytest.approx(
        departures.set_index("service_id").loc[plan.running["service_id"], "fixed_cost_cny"].sum()
    )
    assert c.total_cny == pytest.approx(table["cost_cny"].sum() + c.train_fixed_cny)
    assert c.to_series()["total_cny"] == pytest.approx(c.total_cny)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_aggregated_equals_naive_on_generated_weeks(seed: int) -> None:
    """The aggregated model reaches the same optimum as the per-shipment model."""
    shipments, departures, costs = generate_week(seed=seed, n_shipments=36, n_departures=8)
    aggregated = consolidate(
        shipments, departures, costs=costs, params=ConsolidateParams(time_limit_s=20)
    )
    naive = consolidate(
        shipments,
        departures,
        costs=costs,
        params=ConsolidateParams(time_limit_s=20, method="naive"),
    )
    assert aggregated.solve_info.status == naive.solve_info.status == "optimal"
    # the same integer problem: the objectives agree to the fen
    assert aggregated.solve_info.objective == pytest.approx(naive.solve_info.objective, abs=0.005)
    assert aggregated.cost.total_cny == pytest.approx(naive.cost.total_cny, abs=0.5)


def test_aggregated_groups_identical_shipments() -> None:
    """Feeder-train boxes collapse into groups: far fewer groups than shipments."""
    shipments, departures, costs = generate_week(seed=5, n_shipments=120, n_departures=12)
    plan = consolidate(
        shipments, departures, costs=costs, params=ConsolidateParams(time_limit_s=20)
    )
    assert plan.meta["n_groups"] < len(shipments)
    assert plan.meta["n_components"] == len(plan.components) > 1
    # shipments of different components never share a train
    by_train = plan.shipments[plan.shipments["mode"] == "train"].groupby("service_id")
    assert (by_train["component"].nunique() == 1).all()


def test_arrival_offsets_inside_a_group_are_exact() -> None:
    """Members of one group arriving at different times: the earliest (longest dwell)
    goes to the fallback, as the brute force confirms."""
    costs = ConsolidationCosts(
        holding_cny_per_teu_day=240.0,  # 10 CNY per TEU-hour
        lateness_cny_per_teu_day=0.0,
        handling_h=0.0,
        fallback=FallbackOption(cost_cny_per_teu=80.0, transit_h=240.0),
    )
    shipments = ships(
        {"arrival_h": 0.0, "teu": 1}, {"arrival_h": 5.0, "teu": 1}, {"arrival_h": 8.0, "teu": 1}
    )
    departures = deps({"departure_h": 10.0, "capacity_teu": 3, "min_load_teu": 2})
    plan = solve(shipments, departures, costs)
    assert plan.meta["n_groups"] == 1
    assert plan.cost.total_cny == pytest.approx(brute_force(shipments, departures, costs))
    assert row_of(plan, "S0")["mode"] == "fallback"  # dwell 10 h = 100 CNY > 80 CNY fallback
    assert row_of(plan, "S2")["mode"] == "train"


# --------------------------------------------------------------------------------------
# every constraint has a case it must refuse
# --------------------------------------------------------------------------------------


def test_cannot_leave_before_arrival_plus_handling() -> None:
    """Ready at 10 + 4 = 14 h: the 13.9 h train is refused, the 14.0 h one is fine."""
    early = solve(ships({"arrival_h": 10.0}), deps({"departure_h": 13.9}))
    row = row_of(early, "S0")
    assert row["mode"] == "fallback"
    assert row["fallback_reason"] == "no_compatible_departure"
    assert "after the last compatible departure" in row["fallback_detail"]
    on_time = solve(ships({"arrival_h": 10.0}), deps({"departure_h": 14.0}))
    assert row_of(on_time, "S0")["mode"] == "train"


def test_minimum_load_not_reached_means_train_does_not_run() -> None:
    """6 TEU for a train needing 8: it does not run and carries nothing."""
    three = ships({}, {}, {})
    plan = solve(three, deps({"min_load_teu": 8}))
    assert not plan.trains["runs"].any()
    assert plan.trains["load_teu"].sum() == 0
    assert (plan.shipments["mode"] == "fallback").all()
    assert set(plan.shipments["fallback_reason"]) == {"min_load_not_reached"}
    runs = solve(three, deps({"min_load_teu": 6}))
    assert runs.trains["runs"].all()
    assert runs.trains.loc[0, "load_teu"] == 6


def test_reefer_slots_limit_reefer_boxes() -> None:
    """Three reefer FEU, 4 TEU of reefer slots: two ride, one waits (reason reefer_slots)."""
    plan = solve(
        ships({"reefer": True}, {"reefer": True}, {"reefer": True}),
        deps({"reefer_slots": 4}),
    )
    modes = plan.shipments["mode"].value_counts()
    assert modes["train"] == 2
    assert modes["fallback"] == 1
    assert plan.fallback.loc[0, "fallback_reason"] == "reefer_slots"
    assert plan.trains.loc[0, "reefer_teu"] == 4


def test_reefer_slots_shared_by_different_groups() -> None:
    """Reefer boxes with different due dates (so different groups) share the slots."""
    plan = solve(
        ships(
            {"reefer": True, "due_h": 300.0},
            {"reefer": True, "due_h": 400.0},
            {"reefer": True, "due_h": 500.0},
        ),
        deps({"reefer_slots": 4}),
    )
    assert plan.meta["n_groups"] == 3
    assert plan.trains.loc[0, "reefer_teu"] == 4
    assert (plan.shipments["mode"] == "train").sum() == 2


def test_reefer_box_needs_a_reefer_departure() -> None:
    plan = solve(ships({"reefer": True}), deps({"reefer_slots": 0}))
    row = row_of(plan, "S0")
    assert row["fallback_reason"] == "no_compatible_departure"
    assert "reefer" in row["fallback_detail"]


def test_destination_must_be_served() -> None:
    plan = solve(ships({"destination": "WARSAW"}), deps({"destinations": "DUISBURG"}))
    row = row_of(plan, "S0")
    assert row["mode"] == "fallback"
    assert row["fallback_detail"] == "no departure serves WARSAW"
    both = solve(
        ships({"destination": "WARSAW"}),
        deps({"destinations": "MALASZEWICZE;WARSAW", "transit_time_h": "230;242"}),
    )
    row = row_of(both, "S0")
    assert row["mode"] == "train"
    assert row["arrival_at_destination_h"] == pytest.approx(24.0 + 242.0)


def test_capacity() -> None:
    """Six FEU for 10 TEU: five ride, one goes to the fallback (reason capacity)."""
    plan = solve(ships(*[{}] * 6), deps({"capacity_teu": 10}))
    assert plan.trains.loc[0, "load_teu"] == 10
    assert plan.trains.loc[0, "fill_rate"] == pytest.approx(1.0)
    assert (plan.fallback["fallback_reason"] == "capacity").all()
    assert len(plan.fallback) == 1


def test_box_larger_than_any_train() -> None:
    plan = solve(ships({"teu": 12}), deps({"capacity_teu": 10}))
    assert "exceeds the capacity" in row_of(plan, "S0")["fallback_detail"]


def test_dangerous_goods_only_where_allowed() -> None:
    refused = solve(ships({"dangerous_goods": True}), deps({"dangerous_goods": False}))
    row = row_of(refused, "S0")
    assert row["mode"] == "fallback"
    assert "dangerous goods" in row["fallback_detail"]
    allowed = solve(ships({"dangerous_goods": True}), deps({"dangerous_goods": True}))
    assert row_of(allowed, "S0")["mode"] == "train"


def test_fixed_cost_decides_whether_a_train_runs() -> None:
    """One FEU saving 10,000 CNY does not pay a 30,000 CNY train: reason cheaper."""
    plan = solve(ships({}), deps({"fixed_cost_cny": 30_000.0}))
    assert not plan.trains["runs"].any()
    assert row_of(plan, "S0")["fallback_reason"] == "cheaper"
    assert plan.cost.total_cny == pytest.approx(2 * 10_000.0 + 2 * 10.0 * 4.0 / 24.0)


def test_empty_tables() -> None:
    """No shipments, or no departures: a trivial plan, not an error."""
    empty = ships({}).iloc[0:0]
    plan = solve(empty, deps({}))
    assert len(plan.shipments) == 0
    assert plan.cost.total_cny == 0
    assert plan.solve_info.status == "optimal"
    alone = solve(ships({}), deps({}).iloc[0:0])
    assert row_of(alone, "S0")["fallback_reason"] == "no_compatible_departure"


def test_reason_codes_are_documented() -> None:
    assert set(REASONS) == {
        "no_compatible_departure",
        "reefer_slots",
        "capacity",
        "min_load_not_reached",
        "cheaper",
    }


def test_no_fallback_and_no_departure_is_infeasible() -> None:
    costs = ConsolidationCosts(fallback=None)
    with pytest.raises(InfeasibleError, match=r"S0 .*no departure serves WARSAW"):
        consolidate(ships({"destination": "WARSAW"}), deps({}), costs=costs)


def test_no_fallback_and_too_little_capacity_is_infeasible() -> None:
    costs = ConsolidationCosts(fallback=None)
    with pytest.raises(InfeasibleError, match="DUISBURG"):
        consolidate(ships(*[{}] * 6), deps({"capacity_teu": 10}), costs=costs)
    plan = consolidate(ships(*[{}] * 5), deps({"capacity_teu": 10}), costs=costs)
    assert (plan.shipments["mode"] == "train").all()


# --------------------------------------------------------------------------------------
# malformed inputs
# --------------------------------------------------------------------------------------


def problems_of(error: DataValidationError) -> list[tuple]:
    return [(p.row, p.column) for p in error.problems]


def test_missing_column_names_the_fix() -> None:
    table = ships({}).rename(columns={"due_h": "due_hours"})
    with pytest.raises(DataValidationError, match="missing required column") as info:
        validate_shipments(table)
    assert info.value.column == "due_h"
    assert "due_hours" in str(info.value)  # the close match is suggested


def test_all_bad_cells_reported_at_once() -> None:
    table = ships({"teu": "two"}, {"teu": 1.5}, {"teu": -2}, {"destination": "Duisburg"})
    table = table.astype(object)  # cells of any type, as a CSV reader might give
    table.loc[4] = table.loc[0]  # a duplicate id
    table.loc[4, "reefer"] = "maybe"
    with pytest.raises(DataValidationError) as info:
        validate_shipments(table)
    found = problems_of(info.value)
    assert (0, "teu") in found
    assert (1, "teu") in found
    assert (2, "teu") in found
    assert (3, "destination") in found
    assert (4, "id") in found
    assert (4, "reefer") in found
    assert "'DUISBURG'" in str(info.value)  # suggested id


def test_bad_departures() -> None:
    table = deps(
        {"min_load_teu": 12},
        {"reefer_slots": 20},
        {"transit_time_h": None},
        {"destinations": "DUISBURG;HAMBURG", "transit_time_h": "240;250;260"},
        {"capacity_teu": 0},
    )
    with pytest.raises(DataValidationError) as info:
        validate_departures(table)
    found = problems_of(info.value)
    assert (0, "min_load_teu") in found
    assert (1, "reefer_slots") in found
    assert (2, "transit_time_h") in found
    assert (3, "transit_time_h") in found
    assert (4, "capacity_teu") in found
    assert "give the hours to each destination" in str(info.value)


def test_csv_errors_name_file_and_line(tmp_path) -> None:
    path = tmp_path / "shipments.csv"
    table = ships({}, {"teu": "x"})
    table.to_csv(path, index=False)
    departures = deps({})
    with pytest.raises(DataValidationError) as info:
        consolidate(path, departures)
    problem = info.value.problems[0]
    assert problem.file == str(path)
    assert problem.row == "1 at line 3"  # the second shipment: position 1, line 3
    assert problem.column == "teu"


def test_files_round_trip(tmp_path) -> None:
    """CSV files give the same plan as the DataFrames they were written from."""
    shipments, departures, costs = random_instance(3)
    shipments.to_csv(tmp_path / "s.csv", index=False)
    departures.to_csv(tmp_path / "d.csv", index=False)
    (tmp_path / "c.toml").write_text(costs.to_toml())
    from_files = consolidate(tmp_path / "s.csv", tmp_path / "d.csv", costs=tmp_path / "c.toml")
    in_memory = consolidate(shipments, departures, costs=costs)
    assert from_files.cost.total_cny == pytest.approx(in_memory.cost.total_cny)
    pd.testing.assert_series_equal(
        from_files.shipments["service_id"], in_memory.shipments["service_id"]
    )


def test_file_problems(tmp_path) -> None:
    with pytest.raises(DataValidationError, match="file not found"):
        consolidate(tmp_path / "nope.csv", deps({}))
    (tmp_path / "s.xlsx").write_text("x")
    with pytest.raises(DataValidationError, match="unsupported file type"):
        consolidate(tmp_path / "s.xlsx", deps({}))


def test_parquet(tmp_path) -> None:
    """Parquet works with pyarrow; without it the error says how to fix it."""
    path = tmp_path / "s.parquet"
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        path.write_bytes(b"PAR1")
        with pytest.raises(DataValidationError, match="pyarrow"):
            consolidate(path, deps({}))
        return
    ships({}).to_parquet(path)
    assert len(consolidate(path, deps({})).shipments) == 1


def test_costs_validation(tmp_path) -> None:
    with pytest.raises(DataValidationError, match="holding_cny_per_teu_day"):
        ConsolidationCosts(holding_cny_per_teu_day=-1.0)
    with pytest.raises(DataValidationError, match="did you mean 'handling_h'"):
        ConsolidationCosts.from_dict({"handling_hours": 3})
    bad = tmp_path / "c.toml"
    bad.write_text("holding_cny_per_teu_day = [")
    with pytest.raises(DataValidationError, match="cannot parse"):
        ConsolidationCosts.from_file(bad)
    good = tmp_path / "c.json"
    good.write_text('{"handling_h": 6, "fallback": {"cost_cny_per_teu": 5, "transit_h": 9}}')
    costs = ConsolidationCosts.from_file(good)
    assert costs.handling_h == 6
    assert costs.fallback == FallbackOption(5.0, 9.0)
    assert ConsolidationCosts.from_dict({"fallback": "none"}).fallback is None
    again = tmp_path / "again.toml"
    again.write_text(costs.to_toml())
    assert ConsolidationCosts.from_file(again) == costs


def test_bad_arguments() -> None:
    with pytest.raises(DataValidationError) as info:
        consolidate(ships({}), deps({}), time_limit_s=0, workers=0, formulation="smart")
    text = str(info.value)
    assert "time_limit_s" in text
    assert "workers" in text
    assert "formulation" in text


def test_params_report_every_bad_option() -> None:
    """ConsolidateParams checks every option when made and lists all problems at once."""
    with pytest.raises(DataValidationError) as info:
        ConsolidateParams(
            time_limit_s=0, workers=0, seed=-1, method="smart", solver="gurobi", scaling="mil"
        )
    columns = {p.column for p in info.value.problems}
    assert columns == {"time_limit_s", "workers", "seed", "method", "solver", "scaling"}
    assert isinstance(info.value, ValueError)
    with pytest.raises(DataValidationError, match="workers"):
        ConsolidateParams(workers=True)
    defaults = ConsolidateParams()
    assert (defaults.method, defaults.solver, defaults.seed, defaults.workers) == (
        "aggregated",
        "cp-sat",
        0,
        1,
    )
    assert defaults.time_limit_s == DEFAULT_TIME_LIMIT_S
    assert ConsolidateParams(time_limit_s=None).time_limit_s is None
    cny = ConsolidateParams(scaling="cny").policy
    assert (cny.cost_per_cny, cny.time_per_h) == (1.0, 60.0)
    fen = defaults.policy
    assert (fen.cost_per_cny, fen.time_per_h) == (100.0, 60.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        defaults.seed = 3  # type: ignore[misc]


def test_deprecated_keywords_still_work() -> None:
    """The old option keywords warn, map to ConsolidateParams and give the same plan."""
    shipments, departures, costs = random_instance(4)
    with pytest.warns(DeprecationWarning, match=r"formulation=.*params=ConsolidateParams\(method"):
        old = consolidate(
            shipments, departures, costs=costs, time_limit_s=10, formulation="naive", seed=2
        )
    new = consolidate(
        shipments,
        departures,
        costs=costs,
        params=ConsolidateParams(time_limit_s=10, method="naive", seed=2),
    )
    assert old.meta["options"] == new.meta["options"]
    assert old.meta["options"]["method"] == "naive"
    pd.testing.assert_frame_equal(old.shipments, new.shipments)
    with pytest.warns(DeprecationWarning, match="cost_scaling"):
        cny = consolidate(shipments, departures, costs=costs, cost_scaling="cny")
    assert cny.meta["options"]["scaling"] == "cny-minutes"
    with pytest.raises(ParameterError, match="not both"):
        consolidate(shipments, departures, params=ConsolidateParams(), time_limit_s=5)
    with pytest.raises(ParameterError, match="did you mean 'time_limit_s'"):
        consolidate(shipments, departures, time_limit=5)


def test_old_module_paths_warn() -> None:
    """multimodal.consolidation.trains and .generate still import, with a warning."""
    import importlib

    for name in ("multimodal.consolidation.trains", "multimodal.consolidation.generate"):
        module = importlib.import_module(name)
        with pytest.warns(DeprecationWarning, match="deprecated"):
            importlib.reload(module)
    from multimodal.consolidation.generate import example_week as old_example
    from multimodal.consolidation.trains import consolidate as old_consolidate

    assert old_consolidate is consolidate
    assert old_example is example_week


def test_unknown_destination_checked_against_the_network() -> None:
    from multimodal import load_network

    with pytest.raises(DataValidationError, match="DUISBERG"):
        consolidate(ships({"destination": "DUISBERG"}), deps({}), network=load_network())


# --------------------------------------------------------------------------------------
# determinism, timestamps, the time-limit warning
# --------------------------------------------------------------------------------------


def test_deterministic_and_independent_of_row_order() -> None:
    shipments, departures, costs = generate_week(seed=11, n_shipments=60, n_departures=10)
    params = ConsolidateParams(time_limit_s=20, seed=3)
    first = consolidate(shipments, departures, costs=costs, params=params)
    again = consolidate(shipments, departures, costs=costs, params=params)
    shuffled = consolidate(
        shipments.sample(frac=1.0, random_state=1),
        departures.sample(frac=1.0, random_state=2),
        costs=costs,
        params=params,
    )
    assert first.solve_info.status == "optimal"
    for other in (again, shuffled):
        pd.testing.assert_frame_equal(first.shipments, other.shipments)
        pd.testing.assert_frame_equal(first.trains, other.trains)


def test_same_manifests_with_several_workers() -> None:
    """Issue 12: with several CP-SAT workers, two runs gave the same cost but different
    manifests (139 or 140 boxes on the fallback). The optimum is now re-solved
    canonically, so the full tables agree, box by box."""
    shipments, departures, costs = example_week()
    params = ConsolidateParams(time_limit_s=30, workers=4, seed=0)
    first = consolidate(shipments, departures, costs=costs, params=params)
    again = consolidate(shipments, departures, costs=costs, params=params)
    assert again.solve_info.status == first.solve_info.status == "optimal"
    pd.testing.assert_frame_equal(first.shipments, again.shipments)
    pd.testing.assert_frame_equal(first.trains, again.trains)
    assert first.manifests().keys() == again.manifests().keys()
    assert first.cost.total_cny == pytest.approx(28_164_463.07, abs=0.01)


def test_result_protocol() -> None:
    """ConsolidationPlan: summary/str, to_frame (the manifest), plot, solve_info, meta."""
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    from multimodal._results import Result

    shipments, departures, costs = random_instance(6)
    plan = consolidate(shipments, departures, costs=costs, params=ConsolidateParams(seed=5))
    assert isinstance(plan, Result)
    assert str(plan) == plan.summary()
    assert "Trains that run" in plan.summary()
    frame = plan.to_frame()
    pd.testing.assert_frame_equal(frame, plan.shipments)
    assert frame is not plan.shipments
    assert set(frame["shipment_id"]) == set(shipments["id"])
    ax = plan.plot()
    assert isinstance(ax, Axes)
    assert len(ax.patches) == len(departures)
    plt.close(ax.figure)
    assert plan.solve_info.status == "optimal"
    meta = plan.meta
    assert meta["function"] == "multimodal.consolidation.consolidate"
    assert meta["seed"] == 5
    assert meta["options"]["seed"] == 5
    assert meta["options"]["method"] == "aggregated"
    assert meta["inputs"]["n_shipments"] == len(shipments)
    assert "ortools" in meta["versions"]
    with pytest.raises(ParameterError, match="no departure"):
        plan.manifest("NOPE")


def test_integer_costs_follow_the_named_policy() -> None:
    """Costs in fen and times in minutes, rounded half to even, as before the policy."""
    from multimodal.consolidation import _cpsat
    from multimodal.consolidation.solve import _prepare

    shipments, departures, costs = random_instance(9)
    prep = _prepare(
        validate_shipments(shipments),
        validate_departures(departures),
        costs,
        _cpsat.SCALINGS["fen"],
    )
    groups = _cpsat.group_shipments(prep)
    integer = _cpsat.integer_costs(prep, groups)
    assert integer.offset == [round(prep.offset_cny(s) * 100) for s in range(prep.n_shipments)]
    assert integer.fixed == [round(float(c) * 100) for c in prep.fixed_cost_cny]
    for g, deps_g in enumerate(groups.feasible):
        s0 = groups.members[g][0]
        for d in deps_g:
            assert integer.group_train[g][d] == round(prep.group_train_cny(s0, d) * 100)


def test_timestamps_instead_of_hours() -> None:
    start = pd.Timestamp("2026-03-02")  # a Monday
    shipments, departures, costs = random_instance(5)
    stamped_s = shipments.assign(
        arrival=start + pd.to_timedelta(shipments["arrival_h"], unit="h"),
        due=start + pd.to_timedelta(shipments["due_h"], unit="h"),
    ).drop(columns=["arrival_h", "due_h"])
    stamped_d = departures.assign(
        departure=start + pd.to_timedelta(departures["departure_h"], unit="h")
    ).drop(columns=["departure_h"])
    plan = consolidate(stamped_s, stamped_d, costs=costs)
    reference = consolidate(shipments, departures, costs=costs)
    assert plan.meta["week_start"] == str(start)
    assert plan.cost.total_cny == pytest.approx(reference.cost.total_cny)


def test_time_limit_stop_is_reported() -> None:
    """A stop before optimality warns and says so in solve_info (naive model, 1,000 boxes)."""
    shipments, departures, costs = generate_week(seed=0, n_shipments=400, n_departures=40)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            plan = consolidate(
                shipments,
                departures,
                costs=costs,
                params=ConsolidateParams(time_limit_s=0.3, method="naive"),
            )
        except SolverError as error:  # a loaded machine: no plan at all in 0.3 s, said so
            assert "time limit" in str(error)  # noqa: PT017 - one of two valid outcomes
            return
    if plan.solve_info.status == "feasible":
        assert plan.solve_info.time_limit_reached
        assert any(issubclass(w.category, TimeLimitWarning) for w in caught)
        assert plan.solve_info.gap > 0
    else:  # solved within 0.3 s on a fast machine: nothing to report
        assert plan.solve_info.status == "optimal"


# --------------------------------------------------------------------------------------
# helpers of the model
# --------------------------------------------------------------------------------------


def test_achievable_load_against_enumeration() -> None:
    rng = np.random.default_rng(0)
    for _ in range(30):
        items = [(int(rng.integers(1, 5)), int(rng.integers(0, 4))) for _ in range(3)]
        capacity, minimum = int(rng.integers(1, 15)), int(rng.integers(0, 15))
        loads = {
            sum(t * k for (t, _), k in zip(items, ks, strict=True))
            for ks in itertools.product(*[range(c + 1) for _, c in items])
        }
        inside = sorted(x for x in loads if max(minimum, 1) <= x <= capacity)
        expected = (inside[-1], inside[0]) if inside else (-1, -1)
        assert achievable_load(items, capacity, minimum) == expected


# --------------------------------------------------------------------------------------
# generator, example, CLI
# --------------------------------------------------------------------------------------


def test_generator_is_reproducible_and_realistic() -> None:
    s1, d1, c1 = generate_week(seed=4, n_shipments=200, n_departures=24)
    s2, d2, c2 = generate_week(seed=4, n_shipments=200, n_departures=24)
    pd.testing.assert_frame_equal(s1, s2)
    pd.testing.assert_frame_equal(d1, d2)
    assert c1 == c2
    validate_shipments(s1)
    validate_departures(d1)
    assert len(s1) == 200
    assert len(d1) == 24
    assert d1["capacity_teu"].between(82, 110).all()  # 41-55 FEU
    assert (d1["min_load_teu"] <= d1["capacity_teu"]).all()
    assert d1["departure_h"].between(0, 168).all()
    express = d1[d1["express"]]
    # Duisburg fixed-schedule express: Wednesday and Saturday 03:55, ~10 days
    assert sorted(express["departure_h"].round(4)) == [51.9167, 123.9167]
    assert set(express["transit_time_h"]) == {"240"}
    served = {x for ds in d1["destinations"] for x in ds.split(";")}
    assert served <= set(DESTINATIONS)
    feeders = s1[s1["arrived_by"] == "feeder_rail"]
    per_train = feeders.groupby(["origin", "arrival_h"])["teu"].sum()
    assert (per_train <= 100).all()  # ~50 FEU per feeder train
    assert set(feeders["origin"]) <= {"XIANGYANG", "XUZHOU", "SHIJIAZHUANG"}


def test_generated_destinations_are_network_nodes() -> None:
    from multimodal import load_network

    nodes = set(load_network().nodes["id"])
    assert set(DESTINATIONS) <= nodes
    shipments, _, _ = generate_week(seed=1, n_shipments=100, n_departures=20)
    assert set(shipments["origin"]) <= nodes


def test_example_files_match_the_generator() -> None:
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "examples" / "xian_week"
    shipments, departures, costs = example_week()
    on_disk_s = validate_shipments(pd.read_csv(folder / "shipments.csv"))
    on_disk_d = validate_departures(pd.read_csv(folder / "departures.csv"))
    pd.testing.assert_frame_equal(
        on_disk_s[list(validate_shipments(shipments).columns)],
        validate_shipments(shipments),
        check_dtype=False,
    )
    pd.testing.assert_frame_equal(
        on_disk_d.drop(columns="transit_by_destination"),
        validate_departures(departures).drop(columns="transit_by_destination"),
        check_dtype=False,
    )
    assert ConsolidationCosts.from_file(folder / "costs.toml") == costs
    assert dict(EXAMPLE_WEEK)["n_shipments"] == len(shipments)


def test_cli_example(tmp_path, capsys) -> None:
    out = tmp_path / "plan"
    assert cli_main(["consolidate", "--example", "--time-limit", "20", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Trains that run" in printed
    assert "Fallback:" in printed
    assert "Solver: CP-SAT" in printed
    trains = pd.read_csv(out / "trains.csv")
    shipments = pd.read_csv(out / "shipments.csv")
    manifests = list((out / "manifests").glob("*.csv"))
    assert len(manifests) == trains["runs"].sum() > 0
    one = pd.read_csv(manifests[0])
    assert (one["service_id"] == manifests[0].stem).all()
    assert len(shipments) == EXAMPLE_WEEK["n_shipments"]


def test_cli_files_and_errors(tmp_path, capsys) -> None:
    shipments, departures, costs = random_instance(2)
    shipments.to_csv(tmp_path / "s.csv", index=False)
    departures.to_csv(tmp_path / "d.csv", index=False)
    (tmp_path / "c.toml").write_text(costs.to_toml())
    code = cli_main(
        [
            "consolidate",
            str(tmp_path / "s.csv"),
            str(tmp_path / "d.csv"),
            "--costs",
            str(tmp_path / "c.toml"),
            "--out",
            str(tmp_path / "o"),
        ]
    )
    assert code == 0
    assert (tmp_path / "o" / "shipments.csv").is_file()
    # a MultimodalError exits with status 2 (the CLI contract of commit 0caa159, issue 12)
    assert cli_main(["consolidate", str(tmp_path / "s.csv")]) == 2
    assert "give SHIPMENTS and DEPARTURES" in capsys.readouterr().err
