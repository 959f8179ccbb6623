"""``multimodal route --from 汉中 --to Duisburg --teu 2 --objective cost --deadline 20d``."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from typing import Any

from ..exceptions import ParameterError
from ..objective import OBJECTIVES
from ..plotting import save
from ..routing import alternatives, pareto, route, routes_table, unknown_objective
from ..shipment import Shipment, parse_duration_h
from ._common import (
    IMAGE_SUFFIXES,
    add_network_options,
    emit,
    network_from,
    out_file,
    print_table,
    print_text,
    records,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``route`` command.

    Parameters
    ----------
    subparsers
        The main parser's sub-command group.
    """
    parser = subparsers.add_parser(
        "route", help="route a shipment: best route, alternatives, Pareto front"
    )
    add_network_options(parser)
    parser.add_argument("--from", dest="origin", required=True, help="origin node id or name")
    parser.add_argument("--to", dest="destination", required=True, help="destination id or name")
    parser.add_argument("--teu", type=float, help="TEU (default 1, or weight / 10 t)")
    parser.add_argument("--weight-t", type=float, help="cargo weight in tonnes")
    parser.add_argument(
        "--cargo", default="general", help="cargo class (general, reefer, meat, ...)"
    )
    parser.add_argument("--value-cny", type=float, help="cargo value, for --objective generalized")
    parser.add_argument(
        "--objective",
        default="cost",
        type=_objective,
        metavar="{cost,time,co2e,distance,generalized,reliable,pNN}",
        help="what to minimise; 'reliable' maximises the probability of meeting --deadline, "
        "'p90' minimises the 90th percentile of arrival, any pNN with NN in 1..99 "
        "(docs/reliability.md)",
    )
    parser.add_argument(
        "--regime",
        help="border and sea delay regime for the arrival distribution: normal, congested, "
        "closure; per place: BREST=congested,default=normal; or a mixture: "
        "normal=0.8,congested=0.2 (prints P10/P50/P90 with any objective)",
    )
    parser.add_argument(
        "--method",
        default="convolution",
        choices=["convolution", "monte-carlo"],
        help="arrival distribution: exact on an hourly grid, or Monte Carlo (with --seed)",
    )
    parser.add_argument("--seed", type=int, default=0, help="Monte Carlo seed (default 0)")
    parser.add_argument(
        "--deadline",
        type=_deadline,
        help="latest arrival after the ready time, in weeks, days or hours: 20d, 36h, 2w, "
        "1d12h (a bare number is hours)",
    )
    parser.add_argument(
        "--ready", type=_ready_time, help="ready time, ISO format (2026-12-01T08:00)"
    )
    parser.add_argument("--modes", help="allowed modes, comma-separated (rail,road)")
    parser.add_argument("--avoid-modes", help="forbidden modes, comma-separated")
    parser.add_argument("--avoid", help="nodes to avoid, comma-separated")
    parser.add_argument("--avoid-countries", help="ISO country codes to avoid, comma-separated")
    parser.add_argument("--via", help="nodes to pass through in order, comma-separated")
    parser.add_argument(
        "--alternatives", type=_count, default=0, metavar="K", help="also list K alternatives"
    )
    parser.add_argument(
        "--pareto", action="store_true", help="also list the cost-time Pareto front"
    )
    parser.add_argument(
        "--map",
        metavar="FILE",
        help="write the route map (.html, or an image: .png, .svg, .pdf, ...)",
    )
    parser.set_defaults(func=run)


def _split(text: str | None) -> list[str] | None:
    """A comma-separated option as a list of its non-empty parts (None when not given)."""
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


def _on_distribution(objective: str) -> bool:
    """Whether an objective is on the arrival distribution: ``reliable`` or ``pNN``."""
    return objective == "reliable" or re.fullmatch(r"p[1-9][0-9]?", objective) is not None


def _objective(text: str) -> str:
    """``--objective``: an objective of ``route``, or a percentile pNN with NN in 1..99."""
    if text in OBJECTIVES or _on_distribution(text):
        return text
    raise argparse.ArgumentTypeError(unknown_objective(text))


def _objective_needs(args: argparse.Namespace) -> None:
    """An objective without what it needs, said in the command's own flags.

    ``--objective reliable`` without ``--deadline``; ``--objective generalized`` without
    ``--value-cny``. The library's messages name ``route(..., deadline=...)`` and
    ``cargo_value_cny``; at the command line the fix is an option.
    """
    if args.objective == "reliable" and args.deadline is None:
        message = (
            "--objective reliable needs a deadline: add --deadline 20d (or 480h, 3w: the "
            "latest arrival after the ready time); or minimise a percentile of arrival "
            "with --objective p90"
        )
        raise ParameterError(message)
    if args.objective == "generalized" and args.value_cny is None:
        message = (
            "--objective generalized needs the cargo's value for its value of time: add "
            "--value-cny 600000 (CNY; the value of time is a share of it per day by cargo "
            "class, docs/routing.md)"
        )
        raise ParameterError(message)


def _count(text: str) -> int:
    """``--alternatives``: a whole number, zero or more."""
    if not text.strip().isdigit():
        message = f"expected a whole number, zero or more, got {text!r}"
        raise argparse.ArgumentTypeError(message)
    return int(text)


#: Units a deadline may be written in: freight deadlines are weeks, days or hours.
_DEADLINE_UNITS = {"w", "week", "weeks", "d", "day", "days", "h", "hr", "hrs", "hour", "hours"}


def _deadline(text: str) -> str:
    """``--deadline``: a duration in weeks, days or hours; other units are refused.

    ``20m`` would be 20 minutes to pandas, and a forwarder may mean months: a unit
    other than weeks, days or hours (minutes, seconds, months, years) is refused rather
    than guessed. ISO 8601 (``P1DT12H``) is explicit and kept; ``1 day 12:00:00`` too.
    """
    spelled = text.strip()
    if not spelled.upper().startswith("P"):
        units = {word.lower() for word in re.findall(r"[A-Za-z]+", spelled)}
        other = sorted(units - _DEADLINE_UNITS)
        if other:
            guess = " (minutes or months?)" if other[0] == "m" else ""
            message = (
                f"{text!r}: a deadline is given in weeks, days or hours, not {other[0]!r}"
                f"{guess}; write e.g. 20d (days), 36h (hours), 2w (weeks) or 1d12h"
            )
            raise argparse.ArgumentTypeError(message)
    try:
        parse_duration_h(spelled, "--deadline")
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return spelled


def _say_deadline(text: str, *, quiet: bool = False) -> float:
    """Print how ``--deadline`` was read (on stderr), so a unit cannot be misread silently."""
    hours = parse_duration_h(text, "--deadline")
    bare = re.fullmatch(r"[\d.]+", text) is not None
    if not quiet:
        print(
            f"deadline {text}: {hours / 24:,.4g} d = {hours:,.4g} h after the ready time"
            + (" (a bare number is hours)" if bare else ""),
            file=sys.stderr,
        )
    return hours


def _regime(text: str | None) -> dict[str, Any]:
    """``--regime``: a name; ``PLACE=name`` pairs; or ``name=probability`` pairs (a mixture)."""
    if text is None:
        return {"regime": "normal"}
    if "=" not in text:
        return {"regime": text.strip()}
    pairs = {}
    for part in text.split(","):
        place, _, name = part.partition("=")
        pairs[place.strip()] = name.strip()
    try:
        weights = {name: float(value) for name, value in pairs.items()}
    except ValueError:
        return {"regime": pairs}
    return {"mixture": weights}


def _reliability(args: argparse.Namespace) -> dict[str, Any] | None:
    """The ``reliability=`` of ``route`` from the options (None: no distribution asked)."""
    if args.regime is None and not _on_distribution(args.objective):
        return None
    return {**_regime(args.regime), "method": args.method, "seed": args.seed}


def _ready_time(text: str) -> datetime:
    """``--ready``: an ISO date and time; argparse reports anything else in one line."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        message = f"cannot read {text!r} as a date and time; use ISO format, e.g. 2026-12-01T08:00"
        raise argparse.ArgumentTypeError(message) from None


def _route_summary(found: Any) -> dict[str, Any]:
    """Headline figures of one route, for ``--json``.

    ``objective`` is what chose the route: for ``reliable``/``pNN`` that objective (and
    the candidates compared), not the ordinary objective of the candidate that won.
    """
    dist = found.arrival_distribution
    chosen = (
        {"kind": dist.objective, "candidates": dist.candidates}
        if dist is not None and dist.objective
        else found.objective
    )
    return {
        "cost_cny": found.cost_cny,
        "time_h": found.time_h,
        "time_d": found.time_d,
        "wait_h": found.wait_h,
        "distance_km": found.distance_km,
        "co2e_kg": found.co2e_kg,
        "objective": chosen,
        "objective_value": found.objective_value,
        "modes": list(found.modes),
        "nodes": list(found.nodes),
        "arrival": found.arrival,
        "meets_deadline": found.meets_deadline,
        **(dist.totals() if dist is not None else {}),
    }


def print_routes(table: Any) -> None:
    """Print a ``routes_table``: the figures as a table, then each route's path in full.

    Parameters
    ----------
    table
        ``multimodal.routing.routes_table`` of the routes.
    """
    print_table(table[["cost_cny", "time_d", "co2e_kg", "modes"]])
    for label, via in table["via"].items():
        print_text(f"  {label}: {via}")


def run(args: argparse.Namespace) -> int:
    """Route, print the legs and totals, and the alternatives / front on request.

    Parameters
    ----------
    args
        The parsed arguments of ``multimodal route``.

    Returns
    -------
    int
        0 (bad input raises a ``MultimodalError``, reported by ``main``).
    """
    _objective_needs(args)
    map_file = out_file(args.map, "--map", (".html", *IMAGE_SUFFIXES)) if args.map else None
    network = network_from(args)
    deadline_h = None
    if args.deadline is not None:
        deadline_h = _say_deadline(args.deadline, quiet=args.quiet)
    shipment = Shipment(
        args.origin,
        args.destination,
        teu=args.teu,
        weight_t=args.weight_t,
        cargo_class=args.cargo,
        cargo_value_cny=args.value_cny,
        ready_time=args.ready,
        deadline=args.deadline,
    )
    constraints: dict[str, Any] = {
        "modes": _split(args.modes),
        "avoid_modes": _split(args.avoid_modes),
        "avoid_nodes": _split(args.avoid),
        "avoid_countries": _split(args.avoid_countries),
        "via": _split(args.via),
    }
    best = route(network, shipment, args.objective, reliability=_reliability(args), **constraints)
    print_text(best.explain())
    print()
    columns = [
        "kind", "from_node", "to_node", "line", "distance_km", "wait_h", "time_h",
        "cost_cny", "co2e_kg",
    ]  # fmt: skip
    # Short headers, no row numbers: the legs fit 100 columns.
    short = {
        "from_node": "from", "to_node": "to", "line": "service or corridor", "distance_km": "km",
        "cost_cny": "CNY", "co2e_kg": "kg CO2e",
    }  # fmt: skip
    legs = best.legs
    # The service taken where an operator sells one; the corridor for road and link services.
    sold = legs["service_id"].fillna("").astype(str)
    legs["line"] = sold.where(sold.ne("") & ~sold.str.startswith("link:"), legs["corridor"])
    print_table(legs[columns].rename(columns=short), index=False)
    document: dict[str, Any] = {
        "summary": _route_summary(best),
        "records": records(best.to_frame()),
        "meta": best.meta,
    }
    if deadline_h is not None:
        document["deadline_h"] = deadline_h
    ranked = "time" if _on_distribution(args.objective) else args.objective
    if args.alternatives:
        print(f"\n{args.alternatives} alternatives by {ranked}:")
        found = alternatives(network, shipment, ranked, k=args.alternatives, **constraints)
        print_routes(routes_table(found))
        document["alternatives"] = records(routes_table(found))
    if args.pareto:
        print("\ncost-time Pareto front:")
        front = routes_table(pareto(network, shipment, **constraints))
        print_routes(front)
        document["pareto"] = records(front)
    if map_file is not None:
        path = str(map_file)
        if map_file.suffix.lower() == ".html":
            best.explore().save(path)
        else:
            save(best.plot(), path)
        print(f"\nwrote {path}")
        document["written"] = [path]
    emit(args, **document)
    return 0
