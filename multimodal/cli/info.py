"""``multimodal info``: what the network holds."""

from __future__ import annotations

import argparse

from ._common import add_network_options, emit, network_from, records


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``info`` command.

    Parameters
    ----------
    subparsers
        The main parser's sub-command group.
    """
    parser = subparsers.add_parser("info", help="summarise a network (default: built-in)")
    add_network_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the network summary.

    Parameters
    ----------
    args
        The parsed arguments of ``multimodal info``.

    Returns
    -------
    int
        0.
    """
    network = network_from(args)
    stats = network.stats()
    print(network.summary())
    emit(
        args,
        summary={
            "name": stats.name,
            "n_nodes": stats.n_nodes,
            "n_links": stats.n_links,
            "total_length_km": stats.total_length_km,
            "nodes_by_kind": stats.nodes_by_kind,
        },
        records=records(stats.links_by_corridor),
        links_by_mode=records(stats.links_by_mode),
    )
    return 0
