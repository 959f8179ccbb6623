"""Benchmark: comparing the bundled scenarios serially vs through a process pool.

Run: ``pytest tests/benchmarks/test_bench_compare.py --run-bench -s``. Writes
``docs/benchmarks/compare.md``.
"""

from __future__ import annotations

import concurrent.futures
import os
import time
from pathlib import Path

import pandas as pd
import pytest

import multimodal as mm
from multimodal.comparison import compare

pytestmark = pytest.mark.bench
REPORT = Path(__file__).parents[2] / "docs" / "benchmarks" / "compare.md"


def test_bundled_scenarios_serial_vs_process_pool():
    net = mm.load_network()
    demand = mm.load_demand(network=net)
    scenarios = mm.load_scenarios()

    start = time.perf_counter()
    serial = compare(net, scenarios, demand, workers=1)  # in this process, one by one
    t_serial = time.perf_counter() - start

    workers = os.cpu_count() or 1
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        start = time.perf_counter()
        pooled = compare(net, scenarios, demand, workers=pool)
        t_pool = time.perf_counter() - start

    pd.testing.assert_frame_equal(serial.kpis, pooled.kpis)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        "\n".join(
            [
                "# Scenario comparison benchmark",
                "",
                "`pytest tests/benchmarks/test_bench_compare.py --run-bench -s`: the base and the",
                f"{len(scenarios)} bundled scenarios, the built-in demand ({len(demand)} rows), one",
                "assignment and one accessibility skim per network; identical KPI tables.",
                "",
                "| run | time (s) | speed-up |",
                "|---|---:|---:|",
                f"| serial (`workers=1`, in process) | {t_serial:.1f} | 1.00x |",
                f"| process pool, {workers} workers | {t_pool:.1f} | {t_serial / t_pool:.2f}x |",
                "",
                "Each network takes about a second (validation, the scenario, one assignment, one",
                "skim). On this 2-core machine two workers run side by side (their start and end",
                "times overlap) but each job then takes about twice as long, so the pool gains",
                "little here; it is for machines (or clusters) with more cores, and any",
                "`concurrent.futures` executor can be handed to `compare(..., workers=...)`.",
                "",
            ]
        ),
        encoding="utf-8",
    )
    print(f"serial {t_serial:.1f} s, pool of {workers} {t_pool:.1f} s: {t_serial / t_pool:.2f}x")
