"""``multimodal assign [--demand FILE]``: the weekly demand on the capacitated network."""

from __future__ import annotations

import argparse
import warnings
from typing import Any

from .._progress import log_progress
from ..assignment import DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU, AssignParams, assign
from ..exceptions import SolverError, TimeLimitWarning
from ..plotting import save
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
    solve_info_json,
    step,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``assign`` command.

    Parameters
    ----------
    subparsers
        The main parser's sub-command group.
    """
    parser = subparsers.add_parser(
        "assign", help="assign a weekly demand (default: the built-in illustrative one)"
    )
    add_network_options(parser)
    add_demand_option(parser)
    parser.add_argument(
        "--method",
        choices=["path", "arc"],
        default="path",
        help="path: the LP by column generation, fractional TEU (default); arc: the "
        "arc-based model (with --integer, whole TEU)",
    )
    parser.add_argument("--integer", action="store_true", help="whole TEU (arc-based MIP)")
    parser.add_argument("--time-limit", type=float, help="solver time limit, s (default none)")
    parser.add_argument("--seed", type=int, default=0, help="solver random seed (default 0)")
    parser.add_argument("--workers", type=int, default=1, help="solver threads (default 1)")
    parser.add_argument(
        "--penalty",
        type=float,
        default=DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU,
        help="cost of a TEU left unserved, CNY per TEU "
        f"(default {DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU:,.0f})",
    )
    parser.add_argument("--out", default="out", help="output folder (default: out/)")
    parser.set_defaults(func=run)


def _no_solution(info: Any, caught: list[warnings.WarningMessage]) -> str:
    """One line for a solve that returned no flows: what happened and what to do."""
    said = [str(w.message) for w in caught if issubclass(w.category, TimeLimitWarning)]
    if any("not started" in text for text in said):
        what = next(text for text in said if "not started" in text)
        return f"{what.split('; raise')[0]}; raise --time-limit, or use --method path"
    stopped = "at the time limit" if info.time_limit_reached else "early"
    limit = f" (--time-limit {info.time_limit_s:g} s)" if info.time_limit_s else ""
    return (
        f"the solver ({info.solver}) stopped {stopped}{limit} without a solution "
        f"(status {info.status}): no flows, KPIs or maps; raise --time-limit, or use "
        "--method path (the LP by column generation, fractional TEU)"
    )


def run(args: argparse.Namespace) -> int:
    """Assign, print KPIs and bottlenecks, write the flows (GeoJSON, CSV, PNG, HTML).

    Parameters
    ----------
    args
        The parsed arguments of ``multimodal assign``.

    Returns
    -------
    int
        0. A solve stopped by its time limit before any solution raises a
        ``SolverError`` (reported by ``main`` in one line, status 2, like the other
        solves that give no answer).
    """
    folder = out_dir(args.out)  # before the solve: a bad --out costs no solving time
    network = network_from(args)
    demand = demand_from(args, network)
    # The path-based engine logs each column generation iteration: one tick each.
    with (
        warnings.catch_warnings(record=True) as caught,
        step(f"assigning {len(demand)} demand rows ({args.method}-based)", args),
        log_progress(
            "column generation",
            desc="column generation",
            unit=" iteration",
            progress=progress_option(args),
        ),
    ):
        # recorded whatever the filters say: the CLI reads them (a solve not started)
        warnings.simplefilter("always", TimeLimitWarning)
        result = assign(
            network,
            demand,
            method=args.method,
            time_limit_s=args.time_limit,
            seed=args.seed,
            workers=args.workers,
            params=AssignParams(
                integer=args.integer,
                unserved_penalty_cny_per_teu=args.penalty,
                verbose=args.verbose >= 2,  # -vv: HiGHS's own log
            ),
        )
    info = result.solve_info
    if info is not None and not info.has_solution:
        raise SolverError(_no_solution(info, caught))
    for said in caught:  # the solve's warnings, shown now (one line each, see main)
        warnings.showwarning(said.message, said.category, said.filename, said.lineno)
    print_text(result.summary())
    print("\nbusiest corridors (TEU-km per week):")
    print_table(result.corridors().head(8), "{:,.0f}")
    print("\ncapacities with the highest shadow price (CNY saved per extra TEU/week):")
    columns = ["kind", "id", "direction", "flow_teu", "capacity_teu_per_week", "dual_cny_per_teu"]
    print_table(result.bottlenecks[columns].head(8), "{:,.0f}")
    if not result.unserved.empty:
        print("\nunserved demand (TEU/week) and why:")
        shown = ["id", "origin", "destination", "cargo_class", "unserved_teu", "reason"]
        print_table(result.unserved[shown])
        print_text("\n".join(f"  {r.id}: {r.detail}" for r in result.unserved.itertuples()))
    flows = result.link_flows
    flows.to_file(folder / "flows.geojson", driver="GeoJSON")
    flows.drop(columns="geometry").to_csv(folder / "flows.csv", index=False)
    result.paths.to_csv(folder / "paths.csv", index=False)
    save(result.plot(), str(folder / "flows.png"))
    result.explore().save(str(folder / "flows.html"))
    print()
    print_text(f"wrote {folder}/flows.geojson, flows.csv, paths.csv, flows.png, flows.html")
    names = ("flows.geojson", "flows.csv", "paths.csv", "flows.png", "flows.html")
    emit(
        args,
        summary={"objective_cny": result.objective_cny, "method": result.method, **result.kpis},
        solve_info=solve_info_json(result.solve_info),
        records=records(result.to_frame()),
        corridors=records(result.corridors()),
        bottlenecks=records(result.bottlenecks[columns]),
        unserved=records(result.unserved),
        meta=result.meta,
        written=[str(folder / name) for name in names],
    )
    return 0
