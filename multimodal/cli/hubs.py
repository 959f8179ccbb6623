"""``multimodal hubs``: solve a CAB or AP hub location instance and print the result."""

from __future__ import annotations

import argparse
import math

from .._options import DEFAULT_TIME_LIMIT_S
from .._progress import time_progress
from ..exceptions import DataValidationError, Problem
from ._common import (
    emit,
    input_file,
    out_file,
    print_text,
    progress_option,
    records,
    solve_info_json,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``hubs`` sub-command.

    Parameters
    ----------
    subparsers
        The main parser's sub-command group.
    """
    parser = subparsers.add_parser(
        "hubs",
        help="locate hubs on the CAB or AP benchmark data (p-hub median, fixed costs)",
        description=(
            "Solve a hub location instance exactly and print hubs, objective, status and "
            "gap. CAB and the AP files up to 50 nodes ship with the package: a file name "
            "that is not found on disk is taken from them. Examples: 'multimodal hubs "
            "--cab --p 3 --alpha 0.4', 'multimodal hubs --ap 50.3 --p 5 --allocation "
            "multiple', 'multimodal hubs --ap 25.3 --fixed-costs FcostL.25 --capacities "
            "CapT.25'."
        ),
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--cab", action="store_true", help="the CAB data set (O'Kelly 1987)")
    source.add_argument(
        "--ap", metavar="FILE", help="an AP node file, e.g. 50.3 (bundled: 5.3 .. 50.3)"
    )
    parser.add_argument(
        "--cab-file", metavar="FILE", help="CAB.txt (default: the copy shipped with the package)"
    )
    parser.add_argument("--n", type=int, default=None, help="keep the first n nodes")
    parser.add_argument("--p", "--hubs", dest="p", type=int, default=None, help="number of hubs")
    parser.add_argument(
        "--alpha",
        type=float,
        default=None,
        help="inter-hub discount factor, 0 to 1 (0.4: inter-hub legs cost 40 %%)",
    )
    parser.add_argument(
        "--allocation",
        choices=("single", "multiple"),
        default="single",
        help="single: each node sends all its flow through one hub (default); multiple: "
        "each origin-destination flow through its cheapest pair of hubs",
    )
    parser.add_argument("--fixed-costs", metavar="FILE", help="AP FcostX.NN file")
    parser.add_argument("--capacities", metavar="FILE", help="AP CapY.NN file")
    parser.add_argument(
        "--method",
        choices=("auto", "enumeration", "mip"),
        default="auto",
        help="exact method (default auto: enumeration where it applies, else the MIP)",
    )
    parser.add_argument(
        "--solver",
        choices=("highs", "scip", "cp-sat", "auto", "enumeration"),
        default=None,
        help="MIP backend (default highs); 'auto' and 'enumeration' are deprecated: use --method",
    )
    parser.add_argument(
        "--time-limit",
        "--time-limit-s",  # the earlier spelling, kept
        dest="time_limit_s",
        type=float,
        default=DEFAULT_TIME_LIMIT_S,
        help=f"time limit, s (default {DEFAULT_TIME_LIMIT_S:g})",
    )
    parser.add_argument(
        "--plot", metavar="PNG", help="write a map of the hub network (.png, .svg, .pdf, ...)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read the instance, call ``multimodal.hub_location.locate_hubs``, print.

    Parameters
    ----------
    args
        The parsed arguments of ``multimodal hubs``.

    Returns
    -------
    int
        0.
    """
    from ..hub_location import HubLocationParams, locate_hubs
    from ..instances.hubs import read_ap, read_ap_capacities, read_ap_fixed_costs, read_cab
    from ..plotting import save

    if args.plot:
        out_file(args.plot, "--plot")  # before the solve
    if args.cab:
        cab_file = input_file(args.cab_file, "CAB data") if args.cab_file else None
        instance = read_cab(cab_file, n=25 if args.n is None else args.n)
        if args.alpha is None:
            raise DataValidationError(Problem("--cab needs --alpha (0.2 .. 1.0)"))
    else:
        instance = read_ap(input_file(args.ap, "AP node file"), n=args.n)
    if args.fixed_costs:
        instance = instance.with_costs(
            fixed_costs=read_ap_fixed_costs(input_file(args.fixed_costs, "AP file"), instance.n)
        )
    if args.capacities:
        capacities = read_ap_capacities(input_file(args.capacities, "AP file"), instance.n)
        instance = instance.with_costs(capacities=capacities)
    p = args.p
    if p is None and instance.fixed_costs is None:
        p = instance.p
    with time_progress(
        args.time_limit_s, desc=f"locating hubs ({args.method})", progress=progress_option(args)
    ):
        result = locate_hubs(
            instance,
            p=p,
            allocation=args.allocation,
            method=args.method,
            solver=args.solver,
            time_limit_s=args.time_limit_s,
            params=HubLocationParams(alpha=args.alpha, verbose=args.verbose >= 2),
        )
    info = result.solve_info
    gap = "n/a" if math.isnan(info.gap) else f"{info.gap:.4%}"
    print(f"instance      {instance.name} ({instance.n} nodes), {args.allocation} allocation")
    print(f"hubs          {', '.join(result.hubs)}")
    print(f"objective     {result.objective:,.2f}")
    for key, value in result.breakdown.items():
        print(f"  {key:<12}{value:>14,.2f}")
    print(f"status        {info.status} ({info.solver}, {result.method})")
    print(f"best bound    {info.best_bound:,.2f}")
    print(f"gap           {gap}")
    print(f"time          {info.solve_time_s:.2f} s")
    if args.allocation == "single":
        print_text("allocation    " + " ".join(result.allocation["hub"].tolist()))
    if args.plot:
        save(result.plot(), args.plot)
        print(f"plot          {args.plot}")
    emit(
        args,
        summary={
            "instance": instance.name,
            "nodes": instance.n,
            "allocation": args.allocation,
            "hubs": list(result.hubs),
            "objective": result.objective,
            "breakdown": result.breakdown,
            "method": result.method,
        },
        solve_info=solve_info_json(info),
        records=records(result.to_frame()),
        meta=result.meta,
        written=[args.plot] if args.plot else [],
    )
    return 0
