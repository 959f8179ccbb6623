"""``multimodal evaluate [SCENARIO ...]``: compare scenarios on the demand; write the report."""

from __future__ import annotations

import argparse
import concurrent.futures
import os
from pathlib import Path

from .._progress import ProgressExecutor
from .._validate import suggest
from ..comparison import compare
from ..exceptions import ParameterError
from ..scenarios import Scenario, grow_demand, in_year, load_scenarios
from ._common import (
    add_demand_option,
    add_network_options,
    demand_from,
    emit,
    network_from,
    out_dir,
    print_table,
    print_text,
    progress_option,
    records,
    step,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``evaluate`` command.

    Parameters
    ----------
    subparsers
        The main parser's sub-command group.
    """
    parser = subparsers.add_parser(
        "evaluate", help="compare scenarios (files or bundled names; default: all bundled)"
    )
    parser.add_argument(
        "scenarios", nargs="*", help="scenario files (.toml/.yaml) or bundled scenario names"
    )
    add_network_options(parser)
    add_demand_option(parser)
    parser.add_argument(
        "--choice",
        choices=["logit", "none"],
        default="logit",
        help="logit: shippers choose routes, modes and gateways by the calibrated choice "
        "model, demand responds and the shippers' surplus is reported (default); none: "
        "least generalized cost",
    )
    parser.add_argument(
        "--year",
        type=int,
        help="plan year: only the services running then, demand grown to it (e.g. 2025; "
        "default: the data's base year, 2024)",
    )
    parser.add_argument("--workers", type=int, help="processes (default: one per core)")
    parser.add_argument("--out", default="out", help="output folder (default: out/)")
    parser.set_defaults(func=run)


def progress_executor(args: argparse.Namespace, jobs: int, workers: int) -> ProgressExecutor:
    """An executor for ``compare`` that counts the networks evaluated on a progress bar.

    Parameters
    ----------
    args
        The parsed arguments (``--quiet`` turns the bar off).
    jobs
        Networks to evaluate (the base and each scenario).
    workers
        Processes; 1 evaluates in this process.

    Returns
    -------
    ProgressExecutor
        Shut it down after use (it shuts its process pool down).
    """
    count = max(1, min(workers, jobs))
    inner = concurrent.futures.ProcessPoolExecutor(max_workers=count) if count > 1 else None
    return ProgressExecutor(
        inner, total=jobs, desc="evaluating", unit=" network", progress=progress_option(args)
    )


def _scenarios(names: list[str]) -> list[Scenario]:
    """The scenarios named on the command line: files, or bundled names."""
    bundled = {s.name: s for s in load_scenarios()}
    if not names:
        return list(bundled.values())
    found = []
    for name in names:
        if Path(name).is_file():
            found.append(Scenario.from_file(name))
        elif name in bundled:
            found.append(bundled[name])
        else:
            close = suggest(name, bundled, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            known = ", ".join(sorted(bundled))
            message = f"no scenario file or bundled scenario {name!r}; {hint}bundled: {known}"
            raise ParameterError(message)
    return found


def run(args: argparse.Namespace) -> int:
    """Compare, print the KPI table and the deltas, write the HTML report and CSV.

    Parameters
    ----------
    args
        The parsed arguments of ``multimodal evaluate``.

    Returns
    -------
    int
        0.
    """
    folder = out_dir(args.out)  # before the solves: a bad --out costs no solving time
    network = network_from(args)
    demand = demand_from(args, network)
    if args.year is not None:
        network = in_year(network, args.year)
        demand = grow_demand(demand, args.year)
    scenarios = _scenarios(args.scenarios)
    # One process per core by default: the command is run for a whole set of scenarios.
    workers = args.workers or os.cpu_count() or 1
    with step(f"assigning the demand on the base and {len(scenarios)} scenarios", args):
        executor = progress_executor(args, len(scenarios) + 1, workers)
        try:
            choice = None if args.choice == "none" else args.choice
            result = compare(network, scenarios, demand, workers=executor, choice=choice)
        finally:
            executor.shutdown()
    print("headline KPIs (costs in CNY/week, times in h, CO2e in kg/week):")
    print_table(result.table().T, "{:,.3f}")
    print("\nchanges against the base:")
    print_table(result.table(deltas=True).T, "{:,.3f}")
    flagged = result.kpis["opened_but_unserved"].replace("", None).dropna()
    if len(flagged):
        print("\nopened but unserved (no service reaches the new port, so it changes nothing):")
        for name, nodes in flagged.items():
            print_text(f"  {name}: {nodes}")
    targets = result.target_table("value")
    if not targets.empty:
        year = f"in {args.year}" if args.year is not None else "in the base year (2024)"
        print(f"\nthe model {year} against the plan's targets (value per network):")
        print_table(targets.drop(columns=["kpi", "comparison"]), "{:,.2f}")
        gaps = result.target_table("gap").drop(columns=["kpi", "comparison", "unit", "year"])
        print("\ngap to each target (value - target; negative: short of an at-least target):")
        print_table(gaps, "{:+,.2f}")
        targets.to_csv(folder / "targets.csv")
    result.to_frame().to_csv(folder / "scenario_kpis.csv")
    report = result.to_html(folder / "scenario_report.html")
    print()
    print_text(f"wrote {folder / 'scenario_kpis.csv'} and {report}")
    emit(
        args,
        summary={"scenarios": [s.name for s in scenarios], "demand_rows": len(demand)},
        records=records(result.to_frame()),
        deltas=records(result.table(deltas=True)),
        targets=records(result.targets),
        meta=result.meta,
        written=[str(folder / "scenario_kpis.csv"), str(report)],
    )
    return 0
