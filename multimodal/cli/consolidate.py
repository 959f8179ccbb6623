"""``multimodal consolidate``: choose and load the block trains at an assembly centre."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from .._options import DEFAULT_TIME_LIMIT_S, DEFAULT_WORKERS
from .._progress import log_progress
from ..exceptions import DataValidationError, Problem, TimeLimitWarning
from ._common import emit, out_dir, print_text, progress_option, records, solve_info_json

#: ``ConsolidateParams`` methods (not imported: the CLI starts without OR-Tools).
METHODS = ("aggregated", "naive")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``consolidate`` sub-command.

    Parameters
    ----------
    subparsers
        The main parser's sub-command group.
    """
    parser = subparsers.add_parser(
        "consolidate",
        help="block-train consolidation: which trains run, which box goes on which (CP-SAT)",
        description=(
            "Read a week of shipments and candidate departures, decide which block "
            "trains run and load them, print the plan (trains with fill rate, fallback, "
            "cost split, solver status and gap) and write manifests as CSV. Examples: "
            "'multimodal consolidate --example', 'multimodal consolidate "
            "shipments.csv departures.csv --costs costs.toml --time-limit 30 --out plan/'."
        ),
    )
    parser.add_argument("shipments", nargs="?", help="shipments table (.csv or .parquet)")
    parser.add_argument("departures", nargs="?", help="departures table (.csv or .parquet)")
    parser.add_argument(
        "--example",
        action="store_true",
        help="use the bundled example week at Xi'an (same as examples/xian_week)",
    )
    parser.add_argument("--costs", metavar="FILE", help="cost parameters (.toml or .json)")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT_S,
        metavar="S",
        help=f"CP-SAT time limit over all sub-problems (s, default {DEFAULT_TIME_LIMIT_S:g})",
    )
    parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help="CP-SAT threads (default 1)"
    )
    parser.add_argument("--seed", type=int, default=0, help="CP-SAT random seed (default 0)")
    parser.add_argument(
        "--method",
        choices=METHODS,
        default=None,
        help="model (default aggregated; naive is the benchmark baseline)",
    )
    parser.add_argument(
        "--formulation",
        choices=METHODS,
        default=None,
        help="deprecated: use --method",
    )
    parser.add_argument(
        "--check-nodes",
        action="store_true",
        help="check that every destination is a node of the built-in network",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        default="out/consolidation",
        help="folder for trains.csv, shipments.csv, cost.csv, manifests/ "
        "(default out/consolidation)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read the inputs, call ``consolidate``, print.

    Parameters
    ----------
    args
        The parsed arguments of ``multimodal consolidate``.

    Returns
    -------
    int
        0.
    """
    from ..consolidation import ConsolidateParams, consolidate
    from ..network import load_network
    from ..synthetic.week import EXAMPLE_WEEK, example_week

    out_dir(args.out)  # before the solve: a bad --out costs no solving time
    if args.example:
        if args.shipments or args.departures:
            message = "give either --example or SHIPMENTS DEPARTURES, not both"
            raise DataValidationError(Problem(message))
        shipments, departures, costs = example_week()
        if args.costs:
            costs = args.costs
        print(
            f"Example week at XIAN_PORT (generate_week with {dict(EXAMPLE_WEEK)})",
            file=sys.stderr,
        )
    else:
        if not (args.shipments and args.departures):
            message = (
                "give SHIPMENTS and DEPARTURES files (or --example); "
                "see 'multimodal consolidate --help'"
            )
            raise DataValidationError(Problem(message))
        shipments, departures, costs = args.shipments, args.departures, args.costs
    if args.formulation is not None:
        print("note: --formulation is deprecated; use --method", file=sys.stderr)
    params = ConsolidateParams(
        method=args.method or args.formulation or "aggregated",
        time_limit_s=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        verbose=args.verbose >= 2,  # -vv: CP-SAT's own log
    )
    network = load_network() if args.check_nodes else None
    # CP-SAT solves each connected component on its own and logs it: one tick each.
    with (
        warnings.catch_warnings(record=True) as caught,
        log_progress(
            "consolidation component",
            desc="consolidating",
            unit=" component",
            progress=progress_option(args),
        ),
    ):
        warnings.simplefilter("always", TimeLimitWarning)
        plan = consolidate(
            shipments,
            departures,
            costs=costs,
            params=params,
            network=network,
        )
    print_text(plan.summary())
    for warning in caught:
        print(f"note: {warning.message}", file=sys.stderr)
    paths = plan.to_csv(Path(args.out))
    print_text(f"Wrote {len(paths)} files to {args.out}/ (trains, shipments, cost, manifests/)")
    emit(
        args,
        summary={
            "trains_running": int(plan.running.shape[0]),
            "shipments": len(plan.shipments),
            "fallback_shipments": int(plan.fallback.shape[0]),
            "cost": plan.cost,
        },
        solve_info=solve_info_json(plan.solve_info),
        records=records(plan.to_frame()),
        trains=records(plan.trains),
        meta=plan.meta,
        written=[str(path) for path in paths],
    )
    return 0
