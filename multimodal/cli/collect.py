"""``multimodal collect``: plan first-mile truck tours that bring containers to a train.

Examples
--------
``multimodal collect pickups.csv --depot 108.95,34.27 --vehicles 5 --capacity 2 --cutoff 18:00``

``multimodal collect --instance A-n32-k5.vrp --solver ortools --time-limit 10``

``multimodal collect --example``: the bundled sample of eight illustrative factories around
Xi'an (``multimodal.instances.bundled("pickups.csv")``), depot ``XIAN_PORT``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .._options import DEFAULT_TIME_LIMIT_S
from .._progress import time_progress
from ..exceptions import ParameterError
from ._common import (
    emit,
    input_file,
    out_dir,
    print_table,
    print_text,
    progress_option,
    records,
    solve_info_json,
)

#: What ``--example`` sets when not given: the bundled Xi'an pickups and their terminal.
EXAMPLE = {
    "depot": "XIAN_PORT",
    "vehicles": 5,
    "cutoff": "18:00",
    "start": "05:00",
    "max_iterations": 2000,
}

if TYPE_CHECKING:
    from ..collection import CollectionPlan


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``collect`` sub-command.

    Parameters
    ----------
    subparsers
        The main parser's sub-command group.
    """
    from ..collection import (
        DEFAULT_COST_CNY_PER_KM,
        DEFAULT_DETOUR_FACTOR,
        DEFAULT_SERVICE_H,
        DEFAULT_SOLVER,
        DEFAULT_SPEED_KMH,
        SOLVERS,
    )

    parser = subparsers.add_parser(
        "collect",
        help="plan first-mile container collection tours (vehicle routing)",
        description=(
            "Plan truck tours that pick containers up at factories and bring them to the "
            "terminal before the train's cut-off; or solve a VRPLIB/Solomon instance."
        ),
    )
    parser.add_argument(
        "pickups",
        nargs="?",
        help="pickups CSV: id, lon, lat (or x, y), "
        "demand_teu, [window_start, window_end (HH:MM)], [service_h]",
    )
    parser.add_argument(
        "--instance",
        metavar="FILE",
        help="solve a VRPLIB (.vrp) or Solomon (.txt) benchmark instance instead "
        "(bundled: A-n32-k5.vrp, X-n101-k25.vrp, C101.txt, R101.txt)",
    )
    parser.add_argument(
        "--example",
        action="store_true",
        help="use the bundled sample: eight illustrative factories around Xi'an, depot "
        "XIAN_PORT, 5 trucks, cut-off 18:00, start 05:00, 2,000 iterations",
    )
    parser.add_argument("--depot", help="terminal as LON,LAT (or X,Y) or a network node id")
    parser.add_argument("--vehicles", type=int, default=None, help="number of trucks")
    parser.add_argument(
        "--capacity", type=float, default=2.0, help="truck capacity, TEU (default 2)"
    )
    parser.add_argument(
        "--cost-per-km",
        type=float,
        default=DEFAULT_COST_CNY_PER_KM,
        help=f"truck cost, CNY per km (default {DEFAULT_COST_CNY_PER_KM:g}, EST)",
    )
    parser.add_argument(
        "--fixed-cost", type=float, default=0.0, help="cost per truck used, CNY (default 0)"
    )
    parser.add_argument("--cutoff", help="train cut-off, HH:MM (all trucks back by then)")
    parser.add_argument(
        "--start", default=None, help="earliest departure from the terminal, HH:MM (default 00:00)"
    )
    parser.add_argument(
        "--service-h",
        type=float,
        default=DEFAULT_SERVICE_H,
        help=f"loading time per pickup when the CSV has no service_h column "
        f"(default {DEFAULT_SERVICE_H:g} h, EST)",
    )
    parser.add_argument(
        "--detour-factor",
        type=float,
        default=DEFAULT_DETOUR_FACTOR,
        help=f"road / straight-line distance (default {DEFAULT_DETOUR_FACTOR:g})",
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=DEFAULT_SPEED_KMH,
        help=f"average speed, km/h (default {DEFAULT_SPEED_KMH:g})",
    )
    parser.add_argument(
        "--solver",
        choices=SOLVERS,
        default=None,
        help=f"routing solver (default {DEFAULT_SOLVER})",
    )
    parser.add_argument("--engine", choices=SOLVERS, default=None, help=argparse.SUPPRESS)
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT_S,
        help=f"solver time limit, s (default {DEFAULT_TIME_LIMIT_S:g})",
    )
    parser.add_argument(
        "--max-iterations",
        type=int,
        default=None,
        metavar="N",
        help="stop after N solver iterations: the same tours on any machine",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--out",
        metavar="DIR",
        default="out/collection",
        help="folder for tours.csv, tour_totals.csv, unserved.csv and map.png "
        "(default out/collection, like the other commands' out/)",
    )
    parser.add_argument("--no-map", action="store_true", help="do not write map.png")
    parser.set_defaults(func=handle)


def _solver(args: argparse.Namespace) -> str:
    """``--solver``, or the deprecated ``--engine`` with a note on stderr."""
    from ..collection import DEFAULT_SOLVER

    if args.engine is not None:
        if args.solver is not None and args.solver != args.engine:
            message = "give --solver only (--engine is its deprecated name)"
            raise ParameterError(message)
        print("note: --engine is deprecated; use --solver", file=sys.stderr)
        return str(args.engine)
    return str(args.solver or DEFAULT_SOLVER)


def _depot(text: str) -> tuple[float, float]:
    """``LON,LAT`` (or ``X,Y``), else a node of the built-in network by id or name."""
    parts = text.split(",")
    if len(parts) == 2:
        try:
            return float(parts[0]), float(parts[1])
        except ValueError:
            pass
    from ..network import load_network

    # find_node matches ids and English/Chinese names, and raises UnknownNodeError with
    # suggestions when nothing matches.
    point = load_network().node(text.strip()).geometry
    return float(point.x), float(point.y)


def _example(args: argparse.Namespace) -> None:
    """Fill in what ``--example`` implies and was not given."""
    if not args.example:
        return
    if args.instance:
        message = "give either --example or --instance, not both"
        raise ParameterError(message)
    from ..instances import bundled

    if args.pickups is not None:
        message = "give either --example or a pickups CSV, not both"
        raise ParameterError(message)
    for name, value in EXAMPLE.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.pickups = str(bundled("pickups.csv"))


def _solve(args: argparse.Namespace) -> CollectionPlan:
    """Read the inputs and solve, with a bar that fills with time against the limit."""
    from ..collection import CollectParams, Fleet, collect, collect_instance, read_pickups
    from ..instances.vrp import read_instance

    solver = _solver(args)
    desc, progress = f"searching ({solver})", progress_option(args)
    if args.instance:
        instance = read_instance(input_file(args.instance, "instance"))
        with time_progress(args.time_limit, desc=desc, progress=progress):
            return collect_instance(
                instance,
                solver=solver,
                time_limit_s=args.time_limit,
                seed=args.seed,
                num_vehicles=args.vehicles,
                max_iterations=args.max_iterations,
            )
    if not args.pickups or not args.depot or args.vehicles is None:
        message = (
            "give a pickups CSV with --depot and --vehicles (or --instance FILE, or "
            "--example for the bundled sample); see 'multimodal collect --help'"
        )
        raise ParameterError(message)
    pickups = read_pickups(input_file(args.pickups, "pickups"), default_service_h=args.service_h)
    fleet = Fleet(
        count=args.vehicles,
        capacity_teu=args.capacity,
        cost_cny_per_km=args.cost_per_km,
        fixed_cost_cny=args.fixed_cost,
    )
    params = CollectParams(
        solver=solver,
        time_limit_s=args.time_limit,
        seed=args.seed,
        max_iterations=args.max_iterations,
        start=args.start or "00:00",
        detour_factor=args.detour_factor,
        speed_kmh=args.speed,
        default_service_h=args.service_h,
        verbose=args.verbose >= 2,  # -vv: the solver's own log
    )
    depot = _depot(args.depot)
    with time_progress(args.time_limit, desc=desc, progress=progress):
        return collect(depot, pickups, fleet, cutoff=args.cutoff, params=params)


def handle(args: argparse.Namespace) -> int:
    """Run ``multimodal collect``; return the exit code.

    Parameters
    ----------
    args
        The parsed arguments of ``multimodal collect``.

    Returns
    -------
    int
        0 (bad input raises a ``MultimodalError``, reported by ``main``).
    """
    from ..plotting import save

    _example(args)
    out = out_dir(args.out)  # before the solve: a bad --out costs no solving time
    plan = _solve(args)
    print_text(plan.summary())
    inputs = plan.meta.get("inputs", {})
    optimum = inputs.get("optimum") if args.instance else None
    summary: dict[str, object] = {
        "total_cost_cny": plan.total_cost_cny,
        "total_distance_km": plan.total_distance_km,
        "vehicles_used": plan.num_vehicles_used,
        "served_teu": plan.served_teu,
        "served": len(plan.served_ids),
        "unserved": len(plan.unserved),
    }
    if optimum:
        gap = plan.solve_info.objective / optimum - 1
        print(f"  known optimum {optimum:g} ({inputs['optimum_source']}): gap {gap:.2%}")
        summary.update(optimum=optimum, optimum_gap=gap)
    print()
    print_table(plan.tour_totals, "{:,.2f}", index=False)
    if len(plan.unserved):
        print()
        print_table(plan.unserved, index=False)

    plan.tours.to_csv(out / "tours.csv", index=False)
    plan.tour_totals.to_csv(out / "tour_totals.csv", index=False)
    plan.unserved.to_csv(out / "unserved.csv", index=False)
    written = ["tours.csv", "tour_totals.csv", "unserved.csv"]
    if not args.no_map:
        save(plan.plot(), str(out / "map.png"))
        written.append("map.png")
    print()
    print_text(f"wrote {', '.join(written)} to {out}")
    emit(
        args,
        summary=summary,
        solve_info=solve_info_json(plan.solve_info),
        records=records(plan.to_frame()),
        tour_totals=records(plan.tour_totals),
        unserved=records(plan.unserved),
        meta=plan.meta,
        written=[str(out / name) for name in written],
    )
    return 0
