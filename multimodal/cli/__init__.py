"""The ``multimodal`` command line: a thin layer over the library.

Each sub-command lives in its own module of this package and defines
``register(subparsers)``, which adds its parser and sets ``func`` to a handler
``handler(args) -> int``. Modules are discovered here, so adding a command touches no
other file.

Every command takes the shared options ``--json`` (one JSON document on standard
output, see ``multimodal.cli._common.emit``), ``--quiet`` (no progress) and
``-v/--verbose`` (the library's log on standard error; twice for the solvers' step by
step log), before or after the command name.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import logging
import os
import pkgutil
import re
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NoReturn

from .._ortools import native_stdout
from ..exceptions import MultimodalError
from ._common import JSON_DOCUMENT, to_json


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``multimodal route: error: ...``.

    Sub-command parsers are made of the same class (argparse's default), so every usage
    error reads the same way and exits with status 2, as argparse's own errors do.
    """

    #: Set by ``main`` when ``--json`` is among the arguments: usage errors then also
    #: print their JSON document on stdout.
    json_errors = False

    def error(self, message: str) -> NoReturn:
        """Print ``<prog>: error: <message>`` on stderr and exit with status 2.

        With ``--json`` among the arguments, stdout also gets ``{"ok": false, ...}``.

        Parameters
        ----------
        message
            What argparse found wrong.
        """
        if _Parser.json_errors:
            command = self.prog.removeprefix("multimodal").strip() or None
            error = {"type": "UsageError", "message": message}
            print(json.dumps({"command": command, "ok": False, "error": error}))
        self.exit(2, f"{self.prog}: error: {message}\n")


def _add_shared_options(parser: argparse.ArgumentParser, *, sub: bool) -> None:
    """``--json``, ``--quiet``, ``-v``: on the main parser and on every sub-command.

    On sub-commands their default is ``SUPPRESS``, so that a flag given before the
    command name is not reset by the sub-command's default.
    """
    default = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--json",
        action="store_true",
        default=default if sub else False,
        help="print one JSON document on stdout (records, summary, meta); "
        "progress and messages go to stderr",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default if sub else False,
        help="no progress bars or step lines (also off when stderr is not a terminal or CI=true)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=default if sub else 0,
        help="log the library's steps on stderr; -vv also the solvers' iterations",
    )


def _version() -> str:
    """The package's version (``multimodal.__version__``)."""
    from .. import __version__

    return str(__version__)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every sub-command registered.

    Returns
    -------
    argparse.ArgumentParser
        The ``multimodal`` parser; each sub-command also accepts ``--json``,
        ``--quiet`` and ``--verbose``.
    """
    parser = _Parser(
        prog="multimodal",
        description="Multimodal freight network optimisation (built-in: Shaanxi).",
    )
    _add_shared_options(parser, sub=False)
    parser.add_argument(
        "--version",
        action="version",
        version=f"multimodal {_version()}",
        help="print the version of multimodal and exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(subparsers)
    for sub in subparsers.choices.values():
        _add_shared_options(sub, sub=True)
        sub.set_defaults(option_names=_option_names(sub))
    return parser


#: Library argument names whose command-line option has another name (``dest``).
_OPTION_ALIASES = {
    "time_limit_s": ("time_limit_s", "time_limit"),
    "unserved_penalty_cny_per_teu": ("penalty",),
    "n_vehicles": ("vehicles",),
    "Fleet.count": ("vehicles",),
    "Fleet.capacity_teu": ("capacity",),
    "Fleet.cost_cny_per_km": ("cost_per_km",),
    "Fleet.fixed_cost_cny": ("fixed_cost",),
    "speed_kmh": ("speed",),
    "default_service_h": ("service_h",),
    "Shipment.teu": ("teu",),
    "Shipment.weight_t": ("weight_t",),
    "Shipment.cargo_value_cny": ("value_cny",),
}

#: Library phrases that have another spelling at the command line.
_CLI_PHRASES = {
    # an option left out is the command line's None
    "; None for no limit)": "; leave the option out for no limit)",
    # a library-only way out: the command has no option for it
    ". A premium on inter-hub transport is HubInstance.from_matrices(transfer=...)": (
        " (a premium on inter-hub transport needs the library: "
        "HubInstance.from_matrices(transfer=...))"
    ),
}


def _option_names(parser: argparse.ArgumentParser) -> dict[str, tuple[str, ...]]:
    """Map each library argument name to the option strings of ``parser`` that set it.

    ``{"p": ("--p", "--hubs"), "time_limit_s": ("--time-limit",), ...}``: the options of
    every action whose ``dest`` is the name, or one of its ``_OPTION_ALIASES``.
    """
    by_dest = {
        action.dest: tuple(action.option_strings)
        for action in parser._actions  # noqa: SLF001 - argparse offers no public list
        if action.option_strings and action.dest not in ("help", "json", "quiet", "verbose")
    }
    names = dict(by_dest)
    for name, dests in _OPTION_ALIASES.items():
        for dest in dests:
            if dest in by_dest:
                names[name] = by_dest[dest]
                break
    return names


def _as_typed(options: Sequence[str], argv: Sequence[str]) -> str:
    """The option string the user typed (``--hubs`` for ``--p``), else the longest."""
    for word in argv:
        for option in options:
            if word == option or word.startswith(option + "="):
                return option
    return max(options, key=len)


def _error_text(
    error: MultimodalError,
    option_names: Mapping[str, Sequence[str]] | None = None,
    argv: Sequence[str] = (),
) -> str:
    """The error's message; a validation error's problems follow its first line, indented.

    Library argument names become the command's options (``column 'p': p=30 must be ...``
    reads ``--p 30 must be ...``), so the message names what the user typed.
    """
    text = str(error).strip() or type(error).__name__
    for phrase, spelled in _CLI_PHRASES.items():
        text = text.replace(phrase, spelled)
    for name, options in (option_names or {}).items():
        option = _as_typed(options, argv)
        word = re.escape(name)
        text = re.sub(rf"column '{word}': (?={word}\b)", "", text)  # said next
        text = re.sub(rf"column '{word}'", f"option {option}", text)
        text = re.sub(rf"(?<![\w.'-]){word}=(?=$|[\s),;])", option, text)  # "drop p="
        text = re.sub(rf"(?<![\w.'-]){word}\s*=\s*(?=\S)", f"{option} ", text)
        text = re.sub(rf"(?<![\w.'-]){word}(?= must\b)", option, text)
    return text


class _CliHandler(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """The command line's log handler (on stderr), replaced at each ``main`` call."""


def _configure_logging(verbose: int) -> None:
    """Messages on stderr: warnings; ``-v`` the library's INFO log; ``-vv`` its DEBUG log."""
    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _CliHandler)]:
        root.removeHandler(old)
    handler = _CliHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.setLevel(level)
    root.addHandler(handler)
    root.setLevel(level)


def _fail(args: argparse.Namespace, error: Exception, text: str) -> int:
    """Report an error in one line on stderr (and as JSON with ``--json``); return 2."""
    print(f"multimodal {args.command}: error: {text}", file=sys.stderr)
    if args.json:
        document = {
            "command": args.command,
            "ok": False,
            "error": {"type": type(error).__name__, "message": text},
        }
        print(json.dumps(document, ensure_ascii=False))
    return 2


@contextlib.contextmanager
def _one_line_warnings(command: str) -> Iterator[None]:
    """Show the library's warnings as ``multimodal <command>: warning: <message>``.

    ``TimeLimitWarning``, ``ScalingWarning``, ``DataWarning`` and the deprecation notes
    of ``multimodal`` are messages for the user, not for a developer: one line on
    stderr, without the source file and line Python's default format adds. Other
    warnings keep Python's format.
    """
    default = warnings.showwarning

    def show(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if category.__module__.startswith("multimodal") or issubclass(category, DeprecationWarning):
            print(f"multimodal {command}: warning: {message}", file=sys.stderr, flush=True)
            return
        default(message, category, *args, **kwargs)

    warnings.showwarning = show
    try:
        yield
    finally:
        warnings.showwarning = default


def _closed_pipe() -> int:
    """Standard output was closed by the reader (``multimodal ... | head``): stop quietly.

    Python's own recipe: point standard output at ``os.devnull`` so that the flush at
    exit does not fail again, and exit with status 1, as a command whose output was cut.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Bad input never ends in a traceback: argument errors and every ``MultimodalError``
    print ``multimodal <command>: error: <message>`` on stderr and return 2 (with
    ``--json``, standard output also gets ``{"ok": false, "error": {...}}``). A plain
    ``ValueError`` is reported the same way, unless ``--verbose`` asks for its traceback.
    Output cut short by its reader (``| head``) ends quietly with status 1.

    Parameters
    ----------
    argv
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 when ``validate`` finds problems (or the output was cut), 2 for
        bad input.
    """
    try:
        return _run(argv)
    except BrokenPipeError:
        return _closed_pipe()


def _run(argv: Sequence[str] | None) -> int:
    """``main`` without the closed-pipe guard."""
    parser = build_parser()
    _Parser.json_errors = "--json" in (sys.argv[1:] if argv is None else list(argv))
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    if not getattr(args, "func", None):
        if args.json:
            parser.error("name a command (multimodal --help lists them)")
        parser.print_help()
        return 2
    setattr(args, JSON_DOCUMENT, None)
    # With --json the human-readable text is dropped: stdout gets the document only.
    human = io.StringIO() if args.json else sys.stdout
    native = native_stdout() if args.json else contextlib.nullcontext()
    try:
        with native, _one_line_warnings(args.command), contextlib.redirect_stdout(human):
            code = int(args.func(args) or 0)
    except MultimodalError as error:
        names = getattr(args, "option_names", None)
        typed = sys.argv[1:] if argv is None else list(argv)
        return _fail(args, error, _error_text(error, names, typed))
    except ValueError as error:
        # A part of the library that still raises a plain ValueError for bad input: say
        # what it was in one line; with --verbose, show the traceback (it may be a bug).
        if args.verbose:
            raise
        return _fail(args, error, f"{error} (run with --verbose for the traceback)")
    if args.json:
        document = getattr(args, JSON_DOCUMENT) or {"command": args.command}
        document.setdefault("ok", code == 0)
        print(json.dumps(to_json(document), ensure_ascii=False, indent=1, allow_nan=False))
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
