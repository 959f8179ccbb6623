"""``multimodal info``: what the network holds."""

from __future__ import annotations

import argparse

from ._common import add_network_options, network_from


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``info`` command."""
    parser = subparsers.add_parser("info", help="summarise a network (default: built-in)")
    add_network_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the network summary."""
    print(network_from(args).summary())
    return 0
