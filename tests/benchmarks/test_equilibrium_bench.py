"""Static user equilibrium on the TNTP instances, side by side with AequilibraE (issue 13).

Run: ``pytest tests/benchmarks/test_equilibrium_bench.py --run-bench -s``. Writes
``docs/benchmarks/equilibrium.md``.

For each instance (Sioux Falls, Anaheim, Chicago Sketch) and each relative gap (1e-4,
1e-6), ``multimodal.solve_equilibrium`` (bi-conjugate Frank-Wolfe, and the conjugate and
plain Frank-Wolfe variants where they finish in time) and AequilibraE's ``bfw`` (the
same algorithm, Cython, ``TrafficAssignment`` on a ``Graph`` built from a link
DataFrame, no project) run in the same process to the same gap. Both solutions' Beckmann
objective and relative gap are recomputed here with one formula from the link flows, so
the comparison does not rest on either solver's own report. Time excludes reading the
files; AequilibraE's includes building its graph and matrix (its set-up is separate in
the table). Each run has a time limit; a run that hits it is reported with the gap it
reached.
"""

from __future__ import annotations

import contextlib
import io
import os
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import multimodal as mm
from multimodal.equilibrium._aon import all_or_nothing, build_class_graphs

pytestmark = pytest.mark.bench
REPORT = Path(__file__).parents[2] / "docs" / "benchmarks" / "equilibrium.md"
INSTANCES = ("sioux-falls", "tntp-Anaheim", "tntp-Chicago-Sketch")
GAPS = (1e-4, 1e-6)
TIME_LIMIT_S = float(os.environ.get("EQUILIBRIUM_BENCH_LIMIT_S", "900"))
#: Time limit of the conjugate and plain Frank-Wolfe variants (they only rank the methods).
VARIANT_LIMIT_S = 120.0
#: AequilibraE refuses a zero free-flow time; Chicago's 774 zone connectors have one.
AEQ_MIN_FFT = 1e-6
_rows: list[dict[str, object]] = []


def _check(problem: mm.EquilibriumProblem, flow: np.ndarray) -> tuple[float, float]:
    """Beckmann objective and relative gap of link flows, from one formula for both."""
    r = flow / problem.capacity
    cost = problem.fixed_cost[0] + problem.free_flow_time * problem.delays.evaluate(r, 0)
    beckmann = float(
        problem.fixed_cost[0] @ flow
        + np.sum(problem.free_flow_time * problem.capacity * problem.delays.evaluate(r, -1))
    )
    (graph,) = build_class_graphs(problem)
    y, _ = all_or_nothing(graph, cost, problem.n_arcs)
    tstt, sptt = float(cost @ flow), float(cost @ y)
    return beckmann, (tstt - sptt) / tstt


def _aequilibrae(instance: mm.TntpInstance, gap: float) -> tuple[np.ndarray, float, float, int]:
    """Flows, set-up s, solve s and iterations of AequilibraE's bfw at ``gap``."""
    from aequilibrae.matrix import AequilibraeMatrix
    from aequilibrae.paths import Graph, TrafficAssignment, TrafficClass

    links = instance.links
    zones = int(instance.metadata["NUMBER OF ZONES"])
    start = time.perf_counter()
    network = pd.DataFrame(
        {
            "link_id": np.arange(1, len(links) + 1),
            "a_node": links["init_node"].to_numpy(),
            "b_node": links["term_node"].to_numpy(),
            "direction": 1,
            "free_flow_time": np.maximum(links["free_flow_time"].to_numpy(), AEQ_MIN_FFT),
            "capacity": links["capacity"].to_numpy(),
            "alpha": links["b"].to_numpy(),
            "beta": links["power"].to_numpy(),
        }
    )
    centroids = np.arange(1, zones + 1)
    graph = Graph()
    graph.network = network
    graph.prepare_graph(centroids)
    graph.set_graph("free_flow_time")
    graph.set_skimming([])
    graph.set_blocked_centroid_flows(instance.first_thru_node > 1)
    matrix = AequilibraeMatrix()
    matrix.create_empty(zones=zones, matrix_names=["demand"], memory_only=True)
    matrix.index[:] = centroids
    dense = np.zeros((zones, zones))
    d = instance.demand
    dense[d["origin"] - 1, d["destination"] - 1] = d["flow"]
    np.fill_diagonal(dense, 0.0)
    matrix.matrices[:, :, 0] = dense
    matrix.computational_view(["demand"])
    assignment = TrafficAssignment()
    assignment.set_classes([TrafficClass(name="car", graph=graph, matrix=matrix)])
    assignment.set_vdf("BPR")
    assignment.set_vdf_parameters({"alpha": "alpha", "beta": "beta"})
    assignment.set_capacity_field("capacity")
    assignment.set_time_field("free_flow_time")
    assignment.set_algorithm("bfw")
    assignment.max_iter = 100_000
    assignment.rgap_target = gap
    assignment.set_cores(1)
    setup = time.perf_counter() - start
    start = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):  # its progress bars
        assignment.execute()
    solve = time.perf_counter() - start
    flows = assignment.results()["demand_tot"].reindex(network["link_id"]).fillna(0.0)
    return flows.to_numpy(float), setup, solve, len(assignment.report())


@pytest.fixture(scope="module")
def instances(datasets):
    return {name: mm.read_tntp(datasets / name) for name in INSTANCES}


@pytest.mark.parametrize("gap", GAPS)
@pytest.mark.parametrize("name", INSTANCES)
def test_equilibrium_against_aequilibrae(instances, name, gap):
    instance = instances[name]
    problem = instance.problem
    for method in ("bfw", "cfw", "fw"):
        if method != "bfw" and gap < 1e-4 and name != "sioux-falls":
            continue  # the slower variants to 1e-6 on the larger instances take too long
        # The variants only show which method is fastest: a shorter limit is enough.
        limit = TIME_LIMIT_S if method == "bfw" else min(TIME_LIMIT_S, VARIANT_LIMIT_S)
        result = mm.solve_equilibrium(
            problem, gap=gap, method=method, time_limit_s=limit, max_iterations=10**9
        )
        objective, rgap = _check(problem, result.flow)
        _rows.append(
            {
                "instance": name,
                "target gap": gap,
                "solver": f"multimodal {method}",
                "iterations": result.iterations,
                "set-up s": result.solve_info.build_time_s,
                "time s": result.solve_info.solve_time_s,
                "gap reached": rgap,
                "Beckmann objective": objective,
                "status": result.status,
            }
        )
        assert result.status in ("gap_reached", "time_limit")
    try:
        flows, setup, solve, iterations = _aequilibrae(instance, gap)
    except ImportError as error:  # pragma: no cover - the bench extra installs it
        pytest.skip(f"AequilibraE is not installed: {error}")
    objective, rgap = _check(problem, flows)
    _rows.append(
        {
            "instance": name,
            "target gap": gap,
            "solver": "AequilibraE bfw",
            "iterations": iterations,
            "set-up s": setup,
            "time s": solve,
            "gap reached": rgap,
            "Beckmann objective": objective,
            "status": "",
        }
    )


def test_write_report():
    if not _rows:
        pytest.skip("no runs")
    from importlib import metadata

    frame = pd.DataFrame(_rows)
    lines = [
        "# Benchmark: static user equilibrium (TNTP instances) against AequilibraE",
        "",
        "Written by `pytest tests/benchmarks/test_equilibrium_bench.py --run-bench -s` "
        f"(multimodal {metadata.version('multimodal')}, AequilibraE "
        f"{metadata.version('aequilibrae')}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, both single-threaded). Each solver runs to the target "
        "relative gap (TSTT - SPTT) / TSTT on the same instance in the same process; "
        "the gap reached and the Beckmann objective (in the files' units: vehicles x "
        "minutes, Sioux Falls in vehicles x 0.01 h) are recomputed from each solver's "
        "link flows with one formula. `time s` excludes reading the files and the "
        "set-up (multimodal: search graphs; AequilibraE: its Graph and matrix). "
        f"Time limit {TIME_LIMIT_S:.0f} s per run ({VARIANT_LIMIT_S:.0f} s for the cfw and "
        "fw variants, which only rank the methods). AequilibraE refuses zero free-flow "
        f"times: Chicago's zone connectors get {AEQ_MIN_FFT:g} min in its run (the "
        "objective below is on the original instance). Load average of the machine at "
        f"the end of the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other "
        "jobs slow both solvers alike; compare the ratios, not the seconds).",
        "",
        "| instance | target gap | solver | iterations | set-up s | time s | gap reached | "
        "Beckmann objective | status |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in frame.itertuples(index=False):
        lines.append(
            f"| {row.instance} | {row[1]:.0e} | {row.solver} | {row.iterations} | "
            f"{row[4]:.2f} | {row[5]:.2f} | {row[6]:.2e} | {row[7]:,.2f} | {row.status} |"
        )
    lines += ["", "Ratio of times (AequilibraE bfw / multimodal bfw) at equal target gap:", ""]
    lines += ["| instance | target gap | ratio |", "|---|---|---|"]
    for (name, gap), group in frame.groupby(["instance", "target gap"], sort=False):
        ours = group.loc[group["solver"] == "multimodal bfw", "time s"]
        theirs = group.loc[group["solver"] == "AequilibraE bfw", "time s"]
        if len(ours) and len(theirs):
            lines.append(f"| {name} | {gap:.0e} | {theirs.iloc[0] / ours.iloc[0]:.2f} |")
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
