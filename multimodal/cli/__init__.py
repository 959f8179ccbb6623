"""The ``multimodal`` command line: a thin layer over the library.

Each sub-command lives in its own module of this package and defines
``register(subparsers)``, which adds its parser and sets ``func`` to a handler
``handler(args) -> int``. Modules are discovered here, so adding a command touches no
other file.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence
from typing import NoReturn

from ..exceptions import MultimodalError


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``multimodal route: error: ...``.

    Sub-command parsers are made of the same class (argparse's default), so every usage
    error reads the same way and exits with status 2, as argparse's own errors do.
    """

    def error(self, message: str) -> NoReturn:
        """Print ``<prog>: error: <message>`` on stderr and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every sub-command registered."""
    parser = _Parser(
        prog="multimodal",
        description="Multimodal freight network optimisation (built-in: Shaanxi).",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(subparsers)
    return parser


def _error_text(error: MultimodalError) -> str:
    """The error's message; a validation error's problems follow its first line, indented."""
    return str(error).strip() or type(error).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Bad input never ends in a traceback: argument errors and every ``MultimodalError``
    print ``multimodal <command>: error: <message>`` on stderr and return 2. A plain
    ``ValueError`` is reported the same way, unless ``--verbose`` asks for its traceback.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except MultimodalError as error:
        print(f"multimodal {args.command}: error: {_error_text(error)}", file=sys.stderr)
        return 2
    except ValueError as error:
        # A part of the library that still raises a plain ValueError for bad input: say
        # what it was in one line; with --verbose, show the traceback (it may be a bug).
        if args.verbose:
            raise
        text = f"{error} (run with --verbose for the traceback)"
        print(f"multimodal {args.command}: error: {text}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
