"""``multimodal calibrate``: fit the choice model to the observed figures; print the report."""

from __future__ import annotations

import argparse

from ..calibration import calibrate, load_observations
from ..plotting import save
from ._common import (
    add_demand_option,
    add_network_options,
    demand_from,
    emit,
    input_file,
    network_from,
    out_dir,
    print_table,
    print_text,
    records,
    solve_info_json,
    step,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``calibrate`` command.

    Parameters
    ----------
    subparsers
        The main parser's sub-command group.
    """
    parser = subparsers.add_parser(
        "calibrate",
        help="fit the route/mode/gateway choice model to observed counts and shares",
    )
    add_network_options(parser)
    add_demand_option(parser)
    parser.add_argument(
        "--observed", help="observations CSV (default: the built-in observed figures)"
    )
    parser.add_argument(
        "--tolerance", type=float, default=0.05, help="relative error to stop at (default 0.05)"
    )
    parser.add_argument(
        "--no-leave-one-out", action="store_true", help="skip the leave-one-out predictions"
    )
    parser.add_argument("--time-limit", type=float, help="stop after this many seconds")
    parser.add_argument("--out", default="out", help="output folder (default: out/)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Calibrate, print the report, write the model (JSON), report (CSV) and chart (PNG).

    Parameters
    ----------
    args
        The parsed arguments of ``multimodal calibrate``.

    Returns
    -------
    int
        0.
    """
    folder = out_dir(args.out)
    network = network_from(args)
    demand = demand_from(args, network)
    observed = load_observations(input_file(args.observed, "--observed") if args.observed else None)
    with step(f"calibrating to {len(observed)} observations", args):
        result = calibrate(
            network,
            demand,
            observed,
            tolerance=args.tolerance,
            leave_one_out=not args.no_leave_one_out,
            time_limit_s=args.time_limit,
        )
    print_text(str(result.solve_info))
    shown = ["id", "fit", "observed", "unit", "before", "modelled", "error", "leave_one_out"]
    print_table(result.report[shown], "{:,.3g}", index=False)
    print("\nwhy a figure is not reproduced (fitted: the reason; reported: why not fitted):")
    for row in result.report.itertuples():
        if row.fit and row.status != "fitted":
            print_text(f"  {row.id}: {row.status}")
        elif not row.fit and abs(row.error) > args.tolerance:
            print_text(f"  {row.id} ({row.error:+.0%}, reported): {row.note}")
    model_path = result.model.save(folder / "choice_model.json")
    result.report.to_csv(folder / "calibration.csv", index=False)
    save(result.plot(), str(folder / "calibration.png"))
    print()
    print_text(f"wrote {model_path}, {folder / 'calibration.csv'}, {folder / 'calibration.png'}")
    emit(
        args,
        summary={"constants": dict(result.model.constants), "scale": result.model.scale},
        solve_info=solve_info_json(result.solve_info),
        records=records(result.report),
        meta=result.meta,
        written=[str(model_path), str(folder / "calibration.csv"), str(folder / "calibration.png")],
    )
    return 0
