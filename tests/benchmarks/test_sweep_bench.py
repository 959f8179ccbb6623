"""Benchmark: sweeps on a Dask ``LocalCluster`` (1, 2, 4 workers) and the national network.

Run with ``pytest tests/benchmarks/test_sweep_bench.py --run-bench -s``; writes
``docs/benchmarks/sweeps.md`` (one section per test, between markers).

1. Scaling: the same sweep (the built-in network and demand, two proposals, fuel price and
   the Malaszewicze dwell drawn) inline in this process (the baseline) and on a
   ``LocalCluster`` of 1, 2 and 4 worker processes; speed-up = inline time / cluster time,
   every result checked equal to the inline one.
2. Scale: ``synthetic_national()`` (2,000 hubs, 500 services, 100,000 OD pairs): build, a
   skim of every hub to every hub, assignments of growing samples of the OD pairs, with
   peak RSS (``resource.getrusage``); then 100 draws of the all-or-nothing measure
   (``run="skim"``) on a two-worker cluster.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import resource
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas.testing as pdt
import pytest

import multimodal as mm
from multimodal.exceptions import TimeLimitWarning
from multimodal.sweeps import BorderDwell, Choice, DemandGrowth, FuelPrice, Normal, Uniform
from multimodal.synthetic import synthetic_national

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.bench

OUT = Path(__file__).resolve().parents[2] / "docs" / "benchmarks" / "sweeps.md"

HEADER = """# Benchmark: sweeps

Written by `pytest tests/benchmarks/test_sweep_bench.py --run-bench -s` (see
[Sweeps](../sweeps.md)). Machine: {cpus} CPU cores; every time is wall-clock and
measured in the same run as its baseline. Other processes shared the machine while this
ran (load average {load}), so absolute times are noisy; the ratios are what to read.

<!-- scaling -->
<!-- /scaling -->

<!-- national -->
<!-- /national -->

<!-- previous -->
<!-- /previous -->
"""

#: Bound on the benchmark's assignment of all national OD pairs, s (its status and gap
#: are reported whatever they are).
NATIONAL_ASSIGN_LIMIT_S = 600.0

SETTINGS = [
    FuelPrice(Uniform(0.8, 1.4)),
    BorderDwell("MALASZEWICZE", Choice((0.0, 180.0))),
    DemandGrowth(Normal(1.05, 0.05, low=0.8, high=1.3)),
]


def _write(section: str, text: str) -> None:
    if not OUT.exists():
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        OUT.write_text(HEADER.format(cpus=os.cpu_count(), load=load), encoding="utf-8")
    doc = OUT.read_text(encoding="utf-8")
    if f"<!-- {section} -->" not in doc:
        doc = doc.rstrip("\n") + f"\n\n<!-- {section} -->\n<!-- /{section} -->\n"
    pattern = re.compile(rf"<!-- {section} -->.*<!-- /{section} -->", re.S)
    doc = pattern.sub(lambda _: f"<!-- {section} -->\n{text.strip()}\n<!-- /{section} -->", doc)
    OUT.write_text(doc, encoding="utf-8")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def _cluster(workers: int):
    cluster = distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    return cluster, distributed.Client(cluster)


def test_speed_up_at_1_2_4_workers():
    net = mm.load_network()
    demand = mm.load_demand(network=net)
    proposals = mm.load_scenarios()[:2]
    draws = 8
    kw = {"draws": draws, "settings": SETTINGS, "seed": 11}
    start = time.perf_counter()
    inline = mm.sweep(net, proposals, demand, **kw)
    baseline = time.perf_counter() - start
    rows = [f"| inline (this process) | 1 | - | {baseline:.1f} | 1.00 |"]
    for workers in (1, 2, 4):
        cluster, client = _cluster(workers)
        try:
            client.submit(sum, [1]).result()  # workers up before the clock starts
            start = time.perf_counter()
            result = mm.sweep(net, proposals, demand, workers=client, **kw)
            elapsed = time.perf_counter() - start
        finally:
            client.close()
            cluster.close()
        pdt.assert_frame_equal(result.values, inline.values)
        batch = result.meta["options"]["batch_size"]
        rows.append(
            f"| LocalCluster | {workers} | {batch} | {elapsed:.1f} | {baseline / elapsed:.2f} |"
        )
    batch_rows = []
    cluster, client = _cluster(2)
    try:
        client.submit(sum, [1]).result()
        for batch in (1, 4):
            start = time.perf_counter()
            result = mm.sweep(net, proposals, demand, workers=client, batch_size=batch, **kw)
            elapsed = time.perf_counter() - start
            pdt.assert_frame_equal(result.values, inline.values)
            batch_rows.append(
                f"| {batch} | {draws // batch} | {elapsed:.1f} | {baseline / elapsed:.2f} |"
            )
    finally:
        client.close()
        cluster.close()
    per_draw = baseline / draws
    text = (
        f"""## Speed-up at 1, 2 and 4 workers

{draws} draws of fuel price, the Malaszewicze dwell regime and demand growth; each draw
runs `compare()` of the built-in demand ({len(demand)} rows) on the drawn base and
{len(proposals)} proposals (3 assignments a draw, {per_draw:.2f} s a draw inline).
Default batches: {draws} draws over 2 tasks per worker.

| where | workers | draws per task | time (s) | speed-up vs inline |
|---|---:|---:|---:|---:|
"""
        + "\n".join(rows)
        + """

Batch size on 2 workers (the same sweep):

| draws per task | tasks | time (s) | speed-up vs inline |
|---:|---:|---:|---:|
"""
        + "\n".join(batch_rows)
    )
    _write("scaling", text)


class _EngineLog(logging.Handler):
    """Keeps the path-based engine's closing log record (iterations, pricing, master)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.engine: tuple = ()

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("path-based:"):
            self.engine = record.args if isinstance(record.args, tuple) else ()


def _congested_in_child(gap: float) -> tuple[float, float, int, str, float]:
    """``congested_assignment`` of the whole national demand, in a fresh process.

    Its own process, so its peak RSS is its own (network, demand and the equilibrium).
    """
    net, demand = synthetic_national()
    start = time.perf_counter()
    result = mm.congested_assignment(net, demand, gap=gap)
    elapsed = time.perf_counter() - start
    return (
        elapsed,
        float(result.relative_gap),
        int(result.iterations),
        result.status,
        _peak_rss_mb(),
    )


def _previous_sweep() -> tuple[str, str]:
    """The sweep row and its cost line of the last run that swept (kept when skipped)."""
    doc = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    row = next((line for line in doc.splitlines() if line.startswith("| sweep of 100")), "")
    cost = re.search(r"The sweep's all-or-nothing cost of the 100 draws:[^\n]*\n[^\n]*", doc)
    return row, cost.group(0) if cost else ""


def test_national_network_skims_assignment_and_a_100_draw_sweep():
    """Set ``MULTIMODAL_BENCH_SWEEP=0`` to skip the 100-draw sweep (about 50 minutes here):
    its row is then carried over from the last run that swept, and says so."""
    load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = []
    start = time.perf_counter()
    net, demand = synthetic_national()
    build = time.perf_counter() - start
    lines.append(
        f"| build `synthetic_national()` ({len(net.node_ids):,} hubs, {len(net.links):,} links, "
        f"{int(net.services['implicit'].eq(False).sum())} services, {len(demand):,} OD pairs) "
        f"| {build:.1f} | {_peak_rss_mb():,.0f} |"
    )
    hubs = [str(v) for v in net.node_ids]
    start = time.perf_counter()
    matrix = mm.skim(net, hubs, hubs, weight="cost", attributes=("time_h",))
    elapsed = time.perf_counter() - start
    reachable = float((matrix.values.to_numpy() < float("inf")).mean())
    lines.append(
        f"| skim of cost (and time) every hub to every hub ({len(hubs):,} x {len(hubs):,}; "
        f"{reachable:.1%} reachable) | {elapsed:.1f} | {_peak_rss_mb():,.0f} |"
    )
    del matrix
    start = time.perf_counter()
    result = mm.assign(net, demand.head(1_000))
    elapsed = time.perf_counter() - start
    lines.append(
        f"| `assign` of the first 1,000 OD pairs (status {result.solve_info.status}) "
        f"| {elapsed:.1f} | {_peak_rss_mb():,.0f} |"
    )
    engine_log = _EngineLog()
    logger = logging.getLogger("multimodal")
    level = logger.level
    logger.addHandler(engine_log)
    logger.setLevel(logging.INFO)
    try:
        start = time.perf_counter()
        with warnings.catch_warnings(record=True):  # a stop is in the row: status and gap
            warnings.simplefilter("always", TimeLimitWarning)
            result = mm.assign(net, demand, time_limit_s=NATIONAL_ASSIGN_LIMIT_S)
        assign_s = time.perf_counter() - start
    finally:
        logger.removeHandler(engine_log)
        logger.setLevel(level)
    info = result.solve_info
    lines.append(
        f"| `assign` of all {len(demand):,} OD pairs (status {info.status}, gap {info.gap:.1e}) "
        f"| {assign_s:.1f} | {_peak_rss_mb():,.0f} |"
    )
    iterations, generated, pricing_s, master_s = engine_log.engine[:4] or (0, 0, 0.0, 0.0)
    engine = (
        f"The assignment of all {len(demand):,} OD pairs: {iterations} column-generation "
        f"rounds, {generated:,} paths generated, {pricing_s:.0f} s pricing, {master_s:.0f} s "
        f"in the master LP, {info.build_time_s:.0f} s reading the demand and building the "
        f"model; the rest ({assign_s - info.solve_time_s - info.build_time_s:.0f} s) builds the "
        f"result ({len(result.paths):,} paths). Objective {result.objective_cny:,.0f} CNY/week, "
        f"{result.kpis['unserved_teu']:,.1f} TEU/week unserved."
    )
    del result
    peak_parent = _peak_rss_mb()
    assert peak_parent < 4_096, "the stated memory bound of the national run is 4 GB"
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        seconds, gap, iterations, status, rss = pool.submit(_congested_in_child, 1e-3).result()
    assert rss < 6_144, "the stated memory bound of the congested national assignment is 6 GB"
    lines.append(
        f"| `congested_assignment(gap=1e-3)` of all {len(demand):,} OD pairs (user "
        f"equilibrium, {status}, relative gap {gap:.1e} after {iterations} iterations; "
        f"own process) | {seconds:.1f} | {rss:,.0f} (that process) |"
    )
    sweep_line, cost_line = _previous_sweep()
    if os.environ.get("MULTIMODAL_BENCH_SWEEP", "1") != "0":
        sweep_line, cost_line = _national_sweep(net, demand)
    elif sweep_line:
        sweep_line = sweep_line.replace(" |", " (not re-run: from an earlier run) |", 1)
    lines.append(sweep_line)
    text = (
        f"""## The national network

Load average before the run: {load_before}; after: {", ".join(f"{x:.1f}" for x in os.getloadavg())}.

| step | time (s) | peak RSS (MB) |
|---|---:|---:|
"""
        + "\n".join(line for line in lines if line)
        + f"""

Peak RSS is `resource.getrusage(RUSAGE_SELF).ru_maxrss` of the process after the step (a
high-water mark: it never falls), so each row's figure includes the steps above it. The
stated bound, checked by the benchmark: the whole national run (build, skim and both
assignments) stays under 4 GB in the parent process (it peaked at {peak_parent:,.0f} MB).
The congested assignment runs in a process of its own, whose peak is its own; its stated
bound, checked too, is 6 GB (network, demand and the equilibrium's path and link arrays).

{engine}

A draw of `run="assign"` would cost about one such assignment ({assign_s:.0f} s here, against
about 40 s that 100 draws on 2 workers can afford in an hour), so the 100-draw sweep keeps
the all-or-nothing measure (`run="skim"`).

{cost_line}
"""
    )
    _write("national", text)


def _national_sweep(net: mm.Network, demand) -> tuple[str, str]:
    """100 draws of fuel price and demand growth, ``run="skim"``, on 2 Dask workers."""
    settings = [FuelPrice(Uniform(0.8, 1.4)), DemandGrowth(Normal(1.05, 0.05, low=0.8, high=1.3))]
    cluster, client = _cluster(2)
    try:
        client.submit(sum, [1]).result()
        start = time.perf_counter()
        swept = mm.sweep(
            net, [], demand, draws=100, settings=settings, run="skim", workers=client, seed=1,
            batch_size=10,
        )  # fmt: skip
        elapsed = time.perf_counter() - start
        worker_rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    finally:
        client.close()
        cluster.close()
    cost = swept.distribution.loc[("sweep", "base", "aon_cost_cny")]
    row = (
        f"| sweep of 100 draws (fuel price, demand growth), all-or-nothing on the "
        f"{len(demand):,} OD pairs, `LocalCluster` of 2 workers | {elapsed:.1f} "
        f"| {max(worker_rss.values()):,.0f} (largest worker) |"
    )
    cost_line = (
        f"The sweep's all-or-nothing cost of the 100 draws: median {cost['q50']:,.0f} "
        f"CNY/week\n(P5 {cost['q05']:,.0f}, P95 {cost['q95']:,.0f})."
    )
    return row, cost_line


#: The commit before the national-scale work on the path engine (spared and partial
#: pricing, the master's algorithm by its shape, the paths table built at once).
PREVIOUS = "d06eba9"


def _previous_package(tmp_path: Path) -> str:
    """The package as of ``PREVIOUS``, importable as ``multimodal_prev`` (its imports are
    relative), or skip when the repository's history is not at hand."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    target = tmp_path / "prev"
    target.mkdir()
    try:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", PREVIOUS, "multimodal"],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip(f"git history with {PREVIOUS} not available")
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    (target / "multimodal").rename(target / "multimodal_prev")
    sys.path.insert(0, str(target))
    return "multimodal_prev"


def test_national_assign_against_the_previous_implementation(tmp_path):
    """``assign`` of the first 1,000 national OD pairs, previous code then this code, in
    one process: the same optimum, and the speed ratio."""
    import importlib

    prev = importlib.import_module(_previous_package(tmp_path))
    prev_synthetic = importlib.import_module(f"{prev.__name__}.synthetic")
    n = 1_000
    rows = []
    results = {}
    for label, package, generate in (
        (f"previous ({PREVIOUS})", prev, prev_synthetic.synthetic_national),
        ("this version", mm, synthetic_national),
    ):
        net, demand = generate()
        start = time.perf_counter()
        result = package.assign(net, demand.head(n))
        elapsed = time.perf_counter() - start
        results[label] = (elapsed, result.objective_cny, result.solve_info.status)
        rows.append(
            f"| {label} | {result.solve_info.status} | {result.objective_cny:,.2f} "
            f"| {len(result.paths):,} | {elapsed:.1f} |"
        )
        del result, net, demand
    (old_s, old_obj, _), (new_s, new_obj, new_status) = results.values()
    assert new_status == "optimal"
    assert new_obj == pytest.approx(old_obj, rel=1e-6)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    text = (
        f"""## Against the previous implementation

`assign(net, demand.head({n:,}))` on `synthetic_national()`, the code of commit
`{PREVIOUS}` (imported from the repository's history as another package) and this
version, one after the other in one process (load average after: {load}).

| code | status | objective (CNY/week) | paths | time (s) |
|---|---|---:|---:|---:|
"""
        + "\n".join(rows)
        + f"""

Speed-up: **{old_s / new_s:.2f}x** ({old_s:.1f} s / {new_s:.1f} s), the same optimum
(relative difference {abs(new_obj - old_obj) / old_obj:.1e}).
"""
    )
    _write("previous", text)
