"""Benchmark: time to proven optimum of ``locate_hubs`` vs a plain EK MIP on HiGHS.

Run with ``pytest tests/benchmarks/test_bench_hub_location.py --run-bench -s``. Writes
``docs/benchmarks/hub_location.md``. The baseline is the textbook Ernst & Krishnamoorthy
(1996) flow formulation of single allocation (and the matching multiple allocation flow
model) handed to HiGHS with one thread, built and solved in the same process; it runs on
a subset only, capped by ``BASELINE_LIMIT_S``: a capped time is a lower bound on its
time to optimum, so the ratio is a lower bound too.
"""

from __future__ import annotations

import math
import platform
import time
import warnings
from pathlib import Path

import pytest

import multimodal.hub_location._models as models
from multimodal.exceptions import MultimodalError
from multimodal.hub_location import HubLocationParams, locate_hubs
from multimodal.hub_location.solve import _data
from multimodal.instances.hubs import datasets_dir, read_ap, read_cab

OUT = Path(__file__).resolve().parents[2] / "docs" / "benchmarks" / "hub_location.md"
OUR_LIMIT_S = 300.0
STRETCH_LIMIT_S = 60.0
BASELINE_LIMIT_S = 60.0
ALPHAS = (0.2, 0.4, 0.6, 0.8, 1.0)
# (instance, p, alpha, allocation) on which the plain MIP also runs
BASELINE_CAB = [(2, 0.2, "single"), (3, 0.4, "single"), (4, 0.2, "single"),
                (4, 1.0, "single"), (3, 0.4, "multiple")]  # fmt: skip
BASELINE_AP = [(20, 3, "single"), (25, 3, "single"), (50, 3, "single"),
               (25, 3, "multiple")]  # fmt: skip


def plain_mip(instance, p, alpha, allocation, limit_s):
    """The textbook EK flow MIP on HiGHS, one thread; wall time incl. model build."""
    start = time.perf_counter()
    data = _data(instance, alpha, None, None, None)
    if allocation == "single":
        solver, _ = models.build_single_allocation(data, p, backend="highs")
    else:
        solver, _ = models.build_multiple_allocation(data, p, backend="highs")
    remaining = max(1.0, limit_s - (time.perf_counter() - start))
    _, info = models.solve(solver, "highs", remaining, scale=instance.transport_scale)
    return info, time.perf_counter() - start


def ours(instance, p, alpha, allocation, limit_s):
    start = time.perf_counter()
    with warnings.catch_warnings():  # a time-limit stop is reported in the table
        warnings.simplefilter("ignore")
        result = locate_hubs(instance, p=p, allocation=allocation, time_limit_s=limit_s,
                             params=HubLocationParams(alpha=alpha))  # fmt: skip
    return result, time.perf_counter() - start


def _fmt_time(seconds, capped):
    return f"> {seconds:.1f}" if capped else f"{seconds:.2f}"


@pytest.mark.bench
def test_bench_hub_location():
    shared = datasets_dir()
    rows = []
    cab = read_cab(n=25)
    cases = [("CAB25", cab, p, a, al) for al in ("single", "multiple")
             for p in (1, 2, 3, 4) for a in ALPHAS]  # fmt: skip
    ap = {n: read_ap(shared / "hub-location-ap" / f"{n}.3") for n in (10, 20, 25, 40, 50)}
    cases += [(f"AP{n}", ap[n], p, None, al) for al in ("single", "multiple")
              for n in (10, 20, 25, 40, 50) for p in (2, 3, 4, 5)]  # fmt: skip
    baseline = {("CAB25", p, a, al) for p, a, al in BASELINE_CAB}
    baseline |= {(f"AP{n}", p, None, al) for n, p, al in BASELINE_AP}
    for name, inst, p, alpha, allocation in cases:
        result, seconds = ours(inst, p, alpha, allocation, OUR_LIMIT_S)
        info = result.solve_info
        row = {
            "instance": name, "p": p, "alpha": inst.transfer if alpha is None else alpha,
            "allocation": allocation, "objective": result.objective,
            "hubs": " ".join(h.lstrip("CABP0") or "0" for h in result.hubs),
            "status": info.status, "gap": info.gap, "ours_s": seconds,
            "base_s": math.nan, "base_status": "", "ratio": "",
        }  # fmt: skip
        if (name, p, alpha, allocation) in baseline:
            base, base_s = plain_mip(inst, p, alpha, allocation, BASELINE_LIMIT_S)
            capped = base.status != "optimal"
            row["base_s"] = base_s
            if not capped:
                row["base_status"] = base.status
            elif base.has_solution:
                row["base_status"] = f"time limit, gap {base.gap:.1%}"
            else:
                row["base_status"] = "time limit, no solution yet"
            row["ratio"] = ("≥ " if capped else "") + f"{base_s / seconds:.0f}x"
            if not capped:
                assert base.objective == pytest.approx(result.objective, rel=1e-6)
        rows.append(row)
        print(f"{name} p={p} alpha={row['alpha']} {allocation}: {result.objective:.2f} "
              f"{info.status} {seconds:.2f}s base {row['base_s']:.2f}s {row['ratio']}",
              flush=True)  # fmt: skip
    stretch = []
    for n in (100, 200):
        inst = read_ap(shared / "hub-location-ap" / f"{n}.3")
        for allocation in ("single", "multiple"):
            result, seconds = ours(inst, 3, None, allocation, STRETCH_LIMIT_S)
            stretch.append((n, allocation, result, seconds))
            print(f"AP{n} p=3 {allocation}: {result.solve_info}", flush=True)
    _write(rows, stretch)
    assert all(r["status"] == "optimal" for r in rows)


def _write(rows, stretch):
    lines = [
        "# Hub location benchmark (`locate_hubs` vs a plain EK MIP on HiGHS)",
        "",
        "Generated by `pytest tests/benchmarks/test_bench_hub_location.py --run-bench -s`",
        f"on {platform.machine()} with {platform.python_implementation()} "
        f"{platform.python_version()} (2 cores shared with other jobs; single-threaded "
        "solves). Times are wall-clock seconds to a *proven* optimum, including model "
        "building. `ours` = `locate_hubs(..., method='auto')`: hub-set enumeration with "
        "bounds (see docs/hub-location.md). `plain MIP` = textbook Ernst & Krishnamoorthy "
        "(1996) flow formulation (single allocation; the analogous flow model for "
        "multiple allocation) on HiGHS 1 thread via OR-Tools, relative gap 1e-7, capped at "
        f"{BASELINE_LIMIT_S:.0f} s; a capped run gives a lower bound on its time and on "
        "the ratio (`≥`). CAB objectives: flows normalised to 1, miles. AP objectives: "
        "transport cost / 1000 as in the published tables.",
        "",
        "| instance | p | alpha | allocation | objective | hubs | status | ours (s) "
        "| plain MIP (s) | plain MIP status | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        base = (
            "" if math.isnan(r["base_s"]) else _fmt_time(r["base_s"], r["base_status"] != "optimal")
        )
        lines.append(
            f"| {r['instance']} | {r['p']} | {r['alpha']:.2f} | {r['allocation']} | "
            f"{r['objective']:,.2f} | {r['hubs']} | {r['status']} | {r['ours_s']:.2f} | "
            f"{base} | {r['base_status']} | {r['ratio']} |"
        )
    total = sum(r["ours_s"] for r in rows)
    worst = max(rows, key=lambda r: r["ours_s"])
    lines += [
        "",
        f"All {len(rows)} instances proven optimal: "
        f"{all(r['status'] == 'optimal' for r in rows)}; total time (ours) {total:.1f} s; "
        f"slowest {worst['instance']} p={worst['p']} {worst['allocation']} "
        f"{worst['ours_s']:.1f} s.",
        "",
        f"## Stretch: AP100 and AP200, p = 3, time limit {STRETCH_LIMIT_S:.0f} s",
        "",
        "| instance | allocation | objective | status | best bound | gap | time (s) |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, allocation, result, seconds in stretch:
        info = result.solve_info
        lines.append(
            f"| AP{n} | {allocation} | {result.objective:,.2f} | {info.status} | "
            f"{info.best_bound:,.2f} | {info.gap:.3%} | {seconds:.1f} |"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


BACKENDS_OUT = OUT.with_name("hub_location_backends.md")


@pytest.mark.bench
def test_bench_mip_backends():
    """Which OR-Tools backend for the MIP path: HiGHS, SCIP or CP-SAT (same EK model)."""
    shared = datasets_dir()
    cases = [
        ("CAB15 p=3 alpha=0.4", read_cab(n=15), 3, 0.4),
        ("AP20 p=3", read_ap(shared / "hub-location-ap" / "20.3"), 3, None),
    ]
    limits = {"highs": 120.0, "scip": 120.0, "cp-sat": 30.0}
    lines = [
        "# MIP backend choice for `locate_hubs(solver=...)`",
        "",
        "Generated by `pytest tests/benchmarks/test_bench_hub_location.py --run-bench -s "
        "-k backends`. Same single allocation EK flow model, one thread, wall time incl. "
        "model build; CP-SAT is capped at 30 s, the others at 120 s.",
        "",
        "| instance | backend | status | objective | time (s) |",
        "|---|---|---|---|---|",
    ]
    times = {}
    for name, inst, p, alpha in cases:
        for backend, limit in limits.items():
            start = time.perf_counter()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    result = locate_hubs(inst, p=p, solver=backend, time_limit_s=limit,
                                         params=HubLocationParams(alpha=alpha))  # fmt: skip
                status, objective = result.solve_info.status, f"{result.objective:,.2f}"
            except MultimodalError as error:  # recorded: e.g. CP-SAT finds no solution
                status, objective = f"no solution ({type(error).__name__})", ""
            seconds = time.perf_counter() - start
            times[name, backend] = (status, seconds)
            lines.append(f"| {name} | {backend} | {status} | {objective} | {seconds:.2f} |")
            print(lines[-1], flush=True)
    BACKENDS_OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name, *_ in cases:
        assert times[name, "highs"][0] == "optimal"
