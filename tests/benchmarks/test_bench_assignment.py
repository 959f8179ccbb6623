"""Benchmarks of the multi-commodity flow engines, as ratios within one run.

Run: ``pytest tests/benchmarks/test_bench_assignment.py --run-bench -s`` (about 25
minutes on the project's 2-core machine, most of it the 10,000-hub case). Writes
``docs/benchmarks/assignment.md``. ``MULTIMODAL_BENCH_FULL=1`` adds the
per-commodity arc model at 1,000 commodities (about 6 more minutes).

On generated multimodal networks (``random_flow_problem``, seed 1, default
settings), each engine solves each case in a fresh process, so that the peak memory
(``ru_maxrss``, which includes the solver's C++ memory) belongs to that solve alone:

- ``path``: column generation (``solve_path_based``);
- ``arc``: the arc-based LP with exact commodity aggregation (``solve_arc_based``);
- ``arc-none``: the textbook per-commodity arc-based LP;
- ``linprog``: an independent baseline, SciPy's ``linprog(method="highs")`` on the
  origin-aggregated arc formulation written out below (no code shared with
  ``multimodal.assignment``).

The arc-based models run only where they fit the time budget: their size is
``sum over flow groups of the arcs the group's class may use`` (reported for every
case), and HiGHS's time grows faster than linearly in it.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import platform
import resource
import time
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

pytestmark = pytest.mark.bench
REPORT = Path(__file__).parents[2] / "docs" / "benchmarks" / "assignment.md"
FULL = os.environ.get("MULTIMODAL_BENCH_FULL") == "1"
SEED = 1
#: (hubs, commodities, engines, time limit for the path engine in s)
CASES = [
    (100, 10, ("path", "arc", "arc-none", "linprog"), None),
    (100, 100, ("path", "arc", "arc-none", "linprog"), None),
    (100, 1000, ("path", "arc", "linprog", *(("arc-none",) if FULL else ())), None),
    (300, 1000, ("path",), None),
    (1000, 1000, ("path",), None),
    (3000, 1000, ("path",), None),
    (10000, 2000, ("path",), 1500.0),
]
_results: list[dict] = []
NOTES = """
Notes:

- Every exact engine reaches the same optimum on every case where more than one runs
  (asserted to 1e-7). At 1,000 commodities the path engine's solve is 50x faster than the
  arc-based one (asserted: at least 5x) and 55x faster than SciPy's `linprog`.
- The arc-based engines run only up to 100 hubs x 1,000 commodities: their solve time grows
  faster than linearly in the model size (0.9 s at 35,092 variables, 20 s at 171,223; the
  per-commodity model at that case, 812,485 variables, took 363 s in a separate run of the
  same code; `MULTIMODAL_BENCH_FULL=1` adds it here). The column "arc-model variables" gives the size the aggregated
  arc model would have on the larger cases: 0.5 to 26 million variables.
- The 10,000-hub case is heavily congested (about 3,900 capacities bind at the optimum); the
  master LP solves are about 90 % of its time. "s to 1% gap" counts from the first *feasible*
  master solution: nearly every master exceeds some capacity row not yet in it (lazy rows),
  so a proven gap appears late; a time limit on such an instance stops with a large gap.
"""


def _linprog_aggregated(problem) -> tuple[float, float, float]:
    """Origin-aggregated node-arc LP, built here from the arrays, solved by SciPy."""
    from scipy.optimize import linprog

    start = time.perf_counter()
    n, m, K = problem.n_vertices, problem.n_arcs, problem.n_commodities
    costs = problem.class_costs
    keys = sorted(
        {
            (int(c), int(o))
            for c, o in zip(problem.commodity_class, problem.commodity_origin, strict=True)
        }
    )
    group_of = {key: i for i, key in enumerate(keys)}
    objective, offsets = [], [0]
    arcs_of_group = []
    for c, _o in keys:
        allowed = np.flatnonzero(np.isfinite(costs[c]))
        arcs_of_group.append(allowed)
        objective.append(costs[c, allowed])
        offsets.append(offsets[-1] + allowed.size)
    n_x = offsets[-1]
    rows, cols, vals = [], [], []
    for h, allowed in enumerate(arcs_of_group):
        col = offsets[h] + np.arange(allowed.size)
        rows += [h * n + problem.arc_tail[allowed], h * n + problem.arc_head[allowed]]
        cols += [col, col]
        vals += [np.ones(allowed.size), -np.ones(allowed.size)]
    group = np.array(
        [
            group_of[(int(c), int(o))]
            for c, o in zip(problem.commodity_class, problem.commodity_origin, strict=True)
        ]
    )
    u = n_x + np.arange(K)
    rows += [group * n + problem.commodity_origin, group * n + problem.commodity_destination]
    cols += [u, u]
    vals += [np.ones(K), -np.ones(K)]
    a_eq = sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(keys) * n, n_x + K),
    )
    b_eq = np.zeros(len(keys) * n)
    np.add.at(b_eq, group * n + problem.commodity_origin, problem.commodity_demand)
    np.add.at(b_eq, group * n + problem.commodity_destination, -problem.commodity_demand)
    # shared rows: one per finite arc capacity and per hub group, over every group's copy
    weights = sp.vstack(
        [
            sp.identity(m, format="csr")[np.flatnonzero(np.isfinite(problem.arc_capacity))],
            problem.group_arcs,
        ],
        format="csc",
    )
    a_ub = sp.hstack(
        [weights[:, allowed] for allowed in arcs_of_group] + [sp.csr_matrix((weights.shape[0], K))]
    )
    b_ub = np.concatenate(
        [problem.arc_capacity[np.isfinite(problem.arc_capacity)], problem.group_capacity]
    )
    bounds = np.column_stack(
        [np.zeros(n_x + K), np.concatenate([np.full(n_x, np.inf), problem.commodity_demand])]
    )
    built = time.perf_counter()
    result = linprog(
        np.concatenate([*objective, problem.unserved_penalty]),
        A_ub=a_ub.tocsr(),
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=bounds,
        method="highs",
    )
    assert result.status == 0, result.message
    return float(result.fun), built - start, time.perf_counter() - built


def _arc_size(problem, aggregate: str) -> int:
    """Variables of the arc-based model (flows + unserved), counted without building it."""
    allowed = np.isfinite(problem.class_costs).sum(axis=1)
    cls = problem.commodity_class
    if aggregate == "none":
        groups = cls
    else:
        keys = {(int(c), int(o)) for c, o in zip(cls, problem.commodity_origin, strict=True)}
        groups = np.array([c for c, _ in keys], dtype=int)
    return int(allowed[groups].sum()) + problem.n_commodities


def _run(hubs: int, commodities: int, engine: str, time_limit_s: float | None) -> dict:
    """One solve, in a fresh process: times, objective, status and peak memory."""
    from multimodal.assignment.arc_model import solve_arc_based
    from multimodal.assignment.path_model import solve_path_based
    from multimodal.synthetic import random_flow_problem

    # warm up: imports and solver libraries load outside the timed solve
    tiny = random_flow_problem(5, 2, seed=SEED)
    solve_path_based(tiny)
    solve_arc_based(tiny)
    problem = random_flow_problem(hubs, commodities, seed=SEED)
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    row = {"hubs": hubs, "commodities": commodities, "engine": engine}
    if engine == "linprog":
        objective, build_s, solve_s = _linprog_aggregated(problem)
        row.update(objective=objective, build_s=build_s, solve_s=solve_s, status="optimal")
    else:
        if engine == "path":
            solution = solve_path_based(problem, time_limit_s=time_limit_s)
        else:
            aggregate = "none" if engine == "arc-none" else "auto"
            solution = solve_arc_based(problem, aggregate=aggregate)
        info = solution.solve_info
        row.update(
            objective=solution.objective,
            build_s=solution.build_time_s,
            solve_s=solution.solve_time_s,
            status=info.status,
            gap=info.gap,
            stats=dict(solution.stats),
        )
    row["total_s"] = time.perf_counter() - start
    row["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row["rss_before_mb"] = before_kb / 1024
    row["vertices"] = problem.n_vertices
    row["arcs"] = problem.n_arcs
    row["arc_variables"] = _arc_size(problem, "auto")
    row["arc_none_variables"] = _arc_size(problem, "none")
    return row


def _in_fresh_process(*args) -> dict:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_run, args)


@pytest.mark.parametrize(("hubs", "commodities", "engines", "limit"), CASES)
def test_engines(hubs, commodities, engines, limit):
    rows = [_in_fresh_process(hubs, commodities, engine, limit) for engine in engines]
    _results.extend(rows)
    for row in rows:
        print(
            f"{hubs:>6} hubs {commodities:>5} commodities {row['engine']:>9}: "
            f"build {row['build_s']:8.2f} s, solve {row['solve_s']:8.2f} s, "
            f"objective {row['objective']:,.2f}, {row['status']}, "
            f"peak {row['peak_rss_mb']:,.0f} MB"
        )
    objectives = {row["engine"]: row["objective"] for row in rows if row["status"] == "optimal"}
    if len(objectives) > 1:  # every exact engine reaches the same optimum
        reference = objectives.get("linprog", next(iter(objectives.values())))
        for engine, value in objectives.items():
            assert value == pytest.approx(reference, rel=1e-7), engine
    if hubs == 100 and commodities == 1000:
        by = {row["engine"]: row for row in rows}
        assert by["arc"]["solve_s"] >= 5 * by["path"]["solve_s"]
    if hubs == 10000:
        assert rows[0]["status"] in ("optimal", "feasible")
    _write()


def _fmt(value: float, digits: int = 2) -> str:
    return (
        ""
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:,.{digits}f}"
    )


def _write() -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Assignment (multi-commodity flow) benchmarks",
        "",
        "Measured by `pytest tests/benchmarks/test_bench_assignment.py --run-bench -s` on the",
        f"project's machine ({os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}), one solve per fresh process, single-threaded solvers.",
        "Instances: `random_flow_problem(hubs, commodities, seed=1)` (mode-expanded road/rail/",
        "water/air network, 3 cargo classes, capacities and hub throughputs that bind).",
        "Build = model assembly (arrays and solver input); solve = solver (for column",
        "generation: pricing + master LPs). Peak RSS is the solving process's high-water mark.",
        "`path/x` = this engine's solve time divided by the path-based one on the same case.",
        "",
        "| hubs | vertices | arcs | commodities | engine | arc-model variables | build s | solve s "
        "| path/x | objective CNY/week | status | gap | peak RSS MB |",
        "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    path_time = {
        (r["hubs"], r["commodities"]): r["solve_s"] for r in _results if r["engine"] == "path"
    }
    for r in _results:
        key = (r["hubs"], r["commodities"])
        size = r["arc_none_variables"] if r["engine"] == "arc-none" else r["arc_variables"]
        ratio = (
            r["solve_s"] / path_time[key] if key in path_time and path_time[key] > 0 else math.nan
        )
        gap = r.get("gap", 0.0)
        lines.append(
            f"| {r['hubs']:,} | {r['vertices']:,} | {r['arcs']:,} | {r['commodities']:,} | "
            f"{r['engine']} | {size:,} | {_fmt(r['build_s'])} | {_fmt(r['solve_s'])} | "
            f"{_fmt(ratio, 1)} | {_fmt(r['objective'])} | {r['status']} | "
            f"{_fmt(100 * gap, 4)}% | {_fmt(r['peak_rss_mb'], 0)} |"
        )
    lines += ["", "Column generation details (path engine):", ""]
    lines += [
        "| hubs | commodities | iterations | paths generated | last master rows x columns "
        "| pricing s | master s | s to 1% gap | s to 0.01% gap |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in _results:
        if r["engine"] != "path":
            continue
        s = r["stats"]
        lines.append(
            f"| {r['hubs']:,} | {r['commodities']:,} | {s['iterations']:.0f} | {s['columns']:,.0f} | "
            f"{s['master_rows']:,.0f} x {s['master_columns']:,.0f} | {_fmt(s['pricing_s'])} | "
            f"{_fmt(s['master_s'])} | {_fmt(s['time_to_gap_0.01_s'])} | {_fmt(s['time_to_gap_0.0001_s'])} |"
        )
    lines.append(NOTES)
    REPORT.write_text("\n".join(lines), encoding="utf-8")
