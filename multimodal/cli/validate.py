"""``multimodal validate NODES LINKS``: check network files, report every problem."""

from __future__ import annotations

import argparse
import sys

from ..exceptions import DataValidationError
from ..network import Network


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` command."""
    parser = subparsers.add_parser(
        "validate", help="check node and link files; lists every problem with file, row, column"
    )
    parser.add_argument("nodes", help="node file or folder")
    parser.add_argument("links", help="link file or folder")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate; exit 1 and list the problems if there are any."""
    try:
        network = Network.from_files(args.nodes, args.links)
    except DataValidationError as error:
        print(error, file=sys.stderr)
        return 1
    summary = network.stats()
    print(f"ok: {summary.n_nodes} nodes, {summary.n_links} links, no problems found")
    return 0
