"""Helpers shared by the sub-commands: loading a network, printing tables, progress."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from ..exceptions import ParameterError
from ..network import Network, load_network


def add_network_options(parser: argparse.ArgumentParser) -> None:
    """``--nodes`` / ``--links``: use another network than the built-in one."""
    parser.add_argument("--nodes", help="node file or folder (default: the built-in network)")
    parser.add_argument("--links", help="link file or folder (with --nodes)")


def network_from(args: argparse.Namespace) -> Network:
    """The network named by ``--nodes/--links``, or the built-in one."""
    if getattr(args, "nodes", None) or getattr(args, "links", None):
        if not (args.nodes and args.links):
            message = "give both --nodes and --links, or neither for the built-in network"
            raise ParameterError(message)
        return Network.from_files(args.nodes, args.links)
    return load_network()


@contextmanager
def step(text: str) -> Iterator[None]:
    """Print ``text ...`` on stderr, then the seconds it took: progress on long steps."""
    print(f"{text} ...", end="", file=sys.stderr, flush=True)
    start = time.perf_counter()
    yield
    print(f" done ({time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)


def print_table(frame: pd.DataFrame, floatfmt: str = "{:,.1f}") -> None:
    """Print a DataFrame readably."""
    with pd.option_context(
        "display.width", 200, "display.max_columns", 30, "display.max_rows", 200
    ):
        print(frame.to_string(float_format=lambda x: floatfmt.format(x)))


def out_dir(path: str | None) -> Path:
    """Create and return the output folder (default ``out/``)."""
    folder = Path(path or "out")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
