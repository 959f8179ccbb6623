"""``multimodal validate NODES LINKS``: check network files, report every problem.

Problems (the contract is broken) are listed on stderr and give exit status 1.
Warnings, for data that load but look wrong (``DataWarning``) or for a network that
cannot do what users usually want (``multimodal.diagnostics.network_warnings``: no open
customs port, a kind of cargo no node accepts, isolated nodes, a mode with no transfer
point) are printed as ``warning: ...`` lines and keep exit status 0.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from ..diagnostics import network_warnings
from ..exceptions import DataValidationError, DataWarning
from ..network import Network
from ._common import emit, to_json


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` command.

    Parameters
    ----------
    subparsers
        The main parser's sub-command group.
    """
    parser = subparsers.add_parser(
        "validate",
        help="check node and link files; lists every problem with file, row, column, "
        "then warnings for what the network cannot do",
    )
    parser.add_argument("nodes", help="node file or folder")
    parser.add_argument("links", help="link file or folder")
    parser.add_argument(
        "--services", help="folder with services.csv and stops.csv (scheduled lines)"
    )
    parser.set_defaults(func=run)


def _load(args: argparse.Namespace) -> tuple[Network, list[str]]:
    """Read the network; return it with the ``DataWarning`` messages raised on the way."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        network = Network.from_files(args.nodes, args.links, services=args.services)
    found = []
    for item in caught:
        if issubclass(item.category, DataWarning):
            found.append(str(item.message))
        else:  # not ours to swallow: let it go on as it would have
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    return network, found


def run(args: argparse.Namespace) -> int:
    """Validate; exit 1 and list the problems if there are any; print warnings.

    Parameters
    ----------
    args
        The parsed arguments of ``multimodal validate``.

    Returns
    -------
    int
        0 when the files are valid (with or without warnings), 1 when problems were
        found (listed on stderr, and as ``records`` with ``--json``: message, file, row,
        column). With ``--json`` the warnings are in ``warnings``.
    """
    try:
        network, data_warnings = _load(args)
    except DataValidationError as error:
        print(error, file=sys.stderr)
        problems = [to_json(problem) for problem in error.problems]
        emit(args, ok=False, summary={"problems": len(problems)}, records=problems)
        return 1
    found = data_warnings + network_warnings(network.nodes, network.links)
    summary = network.stats()
    tail = f", {len(found)} warning{'s' if len(found) != 1 else ''}" if found else ""
    n_services = len(network.service_tables()[0])
    print(
        f"ok: {summary.n_nodes} nodes, {summary.n_links} links, {n_services} services, "
        f"no problems found{tail}"
    )
    for message in found:
        print(f"warning: {message}")
    emit(
        args,
        ok=True,
        summary={
            "problems": 0,
            "warnings": len(found),
            "n_nodes": summary.n_nodes,
            "n_links": summary.n_links,
        },
        records=[],
        warnings=found,
    )
    return 0
