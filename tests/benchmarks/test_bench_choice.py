"""Benchmark: the logit assignment against the least-cost assignment, and calibration.

Run: ``pytest tests/benchmarks/test_bench_choice.py --run-bench -s``. Writes
``docs/benchmarks/choice.md``. Both assignments run in the same process on the same
network and demand (objective ``generalized``), so the ratio is the measure; the aim of
issue 11 is a logit within 3x of the least-cost assignment.
"""

from __future__ import annotations

import statistics
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import multimodal as mm
from multimodal.synthetic import synthetic_service_network

pytestmark = pytest.mark.bench
REPORT = Path(__file__).parents[2] / "docs" / "benchmarks" / "choice.md"
RUNS = 3
ROWS: list[dict[str, object]] = []


def _timed(function, runs=RUNS):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _generated(n_commodities: int, seed: int = 7):
    net = synthetic_service_network(300, 60, 12, seed=seed)
    rng = np.random.default_rng(seed)
    ids = np.array(net.node_ids)
    pairs = set()
    while len(pairs) < n_commodities:
        o, d = rng.choice(len(ids), 2, replace=False)
        pairs.add((int(o), int(d)))
    pairs = sorted(pairs)
    demand = pd.DataFrame(
        {
            "id": [f"G{i:04d}" for i in range(len(pairs))],
            "origin": ids[[p[0] for p in pairs]],
            "destination": ids[[p[1] for p in pairs]],
            "cargo_class": "general",
            "teu_per_week": rng.uniform(1.0, 20.0, len(pairs)).round(1),
        }
    )
    return net, demand


@pytest.mark.parametrize("case", ["built-in", "generated 1,000"])
def test_logit_against_least_cost(case):
    if case == "built-in":
        net = mm.load_network()
        demand = mm.load_demand(network=net)
    else:
        net, demand = _generated(1000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_lc, least = _timed(lambda: mm.assign(net, demand, objective="generalized"))
        t_logit, logit = _timed(
            lambda: mm.assign(net, demand, objective="generalized", choice=mm.ChoiceModel())
        )
    ROWS.append(
        {
            "case": case,
            "rows": len(demand),
            "least-cost s": t_lc,
            "logit s": t_logit,
            "ratio": t_logit / t_lc,
            "least-cost status": least.solve_info.status,
            "logit status": logit.solve_info.status,
            "paths": len(logit.paths),
            "generalized cost (least-cost / logit)": least.kpis["generalized_cost_cny"]
            / logit.kpis["generalized_cost_cny"],
        }
    )
    assert logit.solve_info.status == "optimal"
    # the system optimum is never dearer than the logit split of the same demand
    assert least.kpis["generalized_cost_cny"] <= logit.kpis["generalized_cost_cny"] * (1 + 1e-9)


def test_calibration_time():
    net = mm.load_network()
    demand = mm.load_demand(network=net)
    for loo in (False, True):
        start = time.perf_counter()
        result = mm.calibrate(net, demand, leave_one_out=loo)
        elapsed = time.perf_counter() - start
        ROWS.append(
            {
                "case": f"calibration, built-in ({'with' if loo else 'without'} leave-one-out)",
                "rows": len(demand),
                "logit s": elapsed,
                "logit status": result.solve_info.status,
            }
        )
    _write()


def _write() -> None:
    lines = [
        "# Choice model benchmark",
        "",
        "Written by `pytest tests/benchmarks/test_bench_choice.py --run-bench -s` (medians of "
        f"{RUNS} runs in one process, 2-core machine). The least-cost assignment is the path-based "
        "LP with the generalized objective; the logit is `choice=ChoiceModel()` on the same "
        "network and demand. The aim (issue 11): the logit within 3x of the least-cost time.",
        "",
        "| case | rows | least-cost (s) | logit (s) | ratio | status (least-cost / logit) | paths with flow | GC least-cost / logit |",
        "|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for r in ROWS:

        def f(key, fmt="{:.2f}", r=r):
            value = r.get(key)
            return "" if value is None else fmt.format(value)

        lines.append(
            f"| {r['case']} | {r['rows']:,} | {f('least-cost s')} | {f('logit s')} | "
            f"{f('ratio')} | {r.get('least-cost status', '')} / {r.get('logit status', '')} | "
            f"{f('paths', '{:,}')} | {f('generalized cost (least-cost / logit)', '{:.4f}')} |"
        )
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
