"""Helpers shared by the sub-commands: networks, tables, progress, JSON, bundled files."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import enum
import math
import shutil
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..demand import load_demand, read_demand
from ..exceptions import ParameterError
from ..network import Network, load_network

#: Attribute of the parsed arguments where a command leaves its JSON document.
JSON_DOCUMENT = "json_document"
#: Console width used when standard output is not a terminal and ``$COLUMNS`` is unset.
DEFAULT_WIDTH = 100
#: Longest text shown in a table cell; longer ids are cut in the middle with an ellipsis.
MAX_CELL = 24


def add_network_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--nodes`` / ``--links``: use another network than the built-in one.

    Parameters
    ----------
    parser
        The sub-command's parser.
    """
    parser.add_argument("--nodes", help="node file or folder (default: the built-in network)")
    parser.add_argument("--links", help="link file or folder (with --nodes)")
    parser.add_argument(
        "--services", help="folder with services.csv and stops.csv (with --nodes and --links)"
    )


def add_demand_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--demand``: another weekly demand than the built-in one.

    Parameters
    ----------
    parser
        The sub-command's parser.
    """
    parser.add_argument("--demand", help="demand CSV or Parquet (default: built-in)")


def demand_from(args: argparse.Namespace, network: Network) -> pd.DataFrame:
    """Return the demand named by ``--demand``, or the built-in one, validated on ``network``.

    Parameters
    ----------
    args
        The parsed arguments.
    network
        The network the demand is read against.

    Returns
    -------
    pandas.DataFrame
        ``multimodal.read_demand``'s or ``multimodal.load_demand``'s table.
    """
    return read_demand(args.demand, network) if args.demand else load_demand(network=network)


def network_from(args: argparse.Namespace) -> Network:
    """Return the network named by ``--nodes/--links``, or the built-in one.

    Parameters
    ----------
    args
        The parsed arguments.

    Returns
    -------
    Network
        The network read from the files, or ``multimodal.load_network``'s.

    Raises
    ------
    ParameterError
        Only one of ``--nodes`` and ``--links`` is given.
    DataValidationError
        The files are invalid (every problem with file, row and column).
    """
    if getattr(args, "nodes", None) or getattr(args, "links", None):
        if not (args.nodes and args.links):
            message = "give both --nodes and --links, or neither for the built-in network"
            raise ParameterError(message)
        return Network.from_files(args.nodes, args.links, services=getattr(args, "services", None))
    if getattr(args, "services", None):
        message = "--services needs --nodes and --links (the built-in network has its own)"
        raise ParameterError(message)
    return load_network()


# -- progress ---------------------------------------------------------------------------------


def progress_option(args: argparse.Namespace) -> bool | None:
    """Return the ``progress=`` value for ``multimodal._progress``: off with ``--quiet``.

    Parameters
    ----------
    args
        The parsed arguments.

    Returns
    -------
    bool or None
        ``False`` with ``--quiet``, else ``None`` (automatic: on for a terminal, off on CI).
    """
    return False if getattr(args, "quiet", False) else None


@contextmanager
def step(text: str, args: argparse.Namespace | None = None) -> Iterator[None]:
    """Print ``text ...`` on stderr, then the seconds it took: progress on long steps.

    Parameters
    ----------
    text
        What the step does.
    args
        The parsed arguments; with ``--quiet`` nothing is printed.

    Yields
    ------
    None
        Run the step inside the block.
    """
    quiet = args is not None and getattr(args, "quiet", False)
    if not quiet:
        print(f"{text} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    yield
    if not quiet:
        print(f"{text}: done ({time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)


# -- tables -----------------------------------------------------------------------------------


def table_width() -> int:
    """Return the width tables must fit: ``$COLUMNS``, the terminal's, or 100.

    Returns
    -------
    int
        Characters per line (at least 40).
    """
    columns = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return max(40, columns)


def abbreviate(text: str, limit: int = MAX_CELL) -> str:
    """Cut a long text in the middle: ``"XIAN_INTERN…ORT_STATION"``.

    Parameters
    ----------
    text
        The text.
    limit
        Longest result, in characters (at least 5).

    Returns
    -------
    str
        ``text`` when short enough, else its start and end around ``"…"``.

    Examples
    --------
    >>> abbreviate("ALASHANKOU_RAILWAY_PORT_STATION", 15)
    'ALASHAN…STATION'
    """
    limit = max(5, limit)
    if len(text) <= limit:
        return text
    head = (limit - 1 + 1) // 2
    tail = limit - 1 - head
    return text[:head] + "…" + (text[-tail:] if tail else "")


def _cell(value: Any, floatfmt: str) -> str:
    """One table cell as text: numbers with ``floatfmt``, texts abbreviated."""
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, float | np.floating):
        return "" if math.isnan(value) else floatfmt.format(float(value))
    if isinstance(value, int | np.integer):
        return f"{int(value)}"
    if value is None or (
        not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)
    ):
        return ""
    return str(value)


def _as_text(frame: pd.DataFrame, floatfmt: str, limit: int | None) -> pd.DataFrame:
    """The table with every cell, label and column name as text (cut at ``limit``)."""
    if "geometry" in frame.columns:
        frame = frame.drop(columns="geometry")

    def cut(text: str) -> str:
        return text if limit is None else abbreviate(text, limit)

    text = pd.DataFrame(
        {
            cut(str(column)): [cut(_cell(v, floatfmt)) for v in frame[column]]
            for column in frame.columns
        }
    )
    text.index = pd.Index([cut(str(label)) for label in frame.index], name=frame.index.name)
    return text


def _widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def format_table(
    frame: pd.DataFrame,
    floatfmt: str = "{:,.1f}",
    width: int | None = None,
    *,
    index: bool = True,
) -> str:
    """Render a table that fits ``width`` characters per line.

    Floats use ``floatfmt``. A table wider than ``width`` has its long texts and ids
    cut in the middle (``…``, at most ``MAX_CELL`` characters) when that makes it
    fit; else it is shown transposed when that fits (no more rows than columns); else
    its columns are wrapped in blocks under each other, the row labels repeated and the
    names in full (cut only when a single column is wider than the console).

    Parameters
    ----------
    frame
        The table (a ``geometry`` column is left out).
    floatfmt
        Format of float cells, e.g. ``"{:,.1f}"``.
    width
        Characters per line; default ``table_width``.
    index
        Show the row labels (a transposed table always shows its column names).

    Returns
    -------
    str
        The table, lines separated by newlines, none wider than ``width`` unless one
        column alone is.
    """
    width = width or table_width()
    full = _as_text(frame, floatfmt, None)
    short = _as_text(frame, floatfmt, MAX_CELL)
    for text in (full, short):
        rendered = text.to_string(index=index)
        if _widest(rendered) <= width:
            return rendered
    if len(frame) <= len(frame.columns):
        for text in (full, short):
            rendered = text.T.to_string(header=index)
            if _widest(rendered) <= width:
                return rendered
    # Wrapped in blocks of columns: names in full, unless one column alone is too wide.
    rendered = full.to_string(line_width=width, index=index)
    if _widest(rendered) <= width:
        return rendered
    return short.to_string(line_width=width, index=index)


def print_table(frame: pd.DataFrame, floatfmt: str = "{:,.1f}", *, index: bool = True) -> None:
    """Print a table that fits the console (100 columns unless it is wider or narrower).

    Parameters
    ----------
    frame
        The table.
    floatfmt
        Format of float cells.
    index
        Show the row labels.

    See Also
    --------
    format_table : the rules for fitting.
    """
    print(format_table(frame, floatfmt, index=index))


def wrap_text(text: str, width: int | None = None) -> str:
    """Wrap the lines of a result's text summary that are wider than the console.

    Each long line is broken at spaces; its continuation lines are indented four
    spaces deeper than the line itself, so that the summary's structure stays visible.

    Parameters
    ----------
    text
        The text (e.g. ``result.summary()``).
    width
        Characters per line; default ``table_width``.

    Returns
    -------
    str
        The text, no line wider than ``width`` unless a single word is.

    Examples
    --------
    >>> print(wrap_text("  a long line of words", width=16))
      a long line of
          words
    """
    width = width or table_width()
    lines = []
    for line in text.splitlines():
        if len(line) <= width:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        lines.extend(
            textwrap.wrap(
                line.strip(),
                width=width,
                initial_indent=indent,
                subsequent_indent=indent + "    ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines)


def print_text(text: str) -> None:
    """Print a result's text summary wrapped to the console width (``wrap_text``).

    Parameters
    ----------
    text
        The text.
    """
    print(wrap_text(text))


def out_dir(path: str | None, option: str = "--out") -> Path:
    """Create and return the output folder (default ``out/``), or say why it cannot be.

    Call it before any solve, so that a bad ``--out`` costs no solving time.

    Parameters
    ----------
    path
        The folder; ``None`` for ``out``.
    option
        The option that named it, for the message.

    Returns
    -------
    pathlib.Path
        The folder, created with its parents if need be.

    Raises
    ------
    ParameterError
        ``--out PATH: ...``: the path is a file, cannot be created or is not writable
        (``main`` prints it in one line and exits with status 2).
    """
    folder = Path(path or "out")
    problem = _unwritable(folder)
    if problem:
        message = f"{option} {folder}: {problem}; give a folder you can write (it is created)"
        raise ParameterError(message)
    return folder


def _unwritable(folder: Path) -> str | None:
    """Create ``folder`` if need be; say why it cannot hold new files, or None."""
    if folder.exists() and not folder.is_dir():
        return "is a file, not a folder"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return f"cannot be written ({error.strerror or type(error).__name__})"
    return None


#: Formats a ``--map``/``--plot`` file may have: matplotlib's, and ``.html`` where allowed.
IMAGE_SUFFIXES = (".png", ".pdf", ".svg", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".eps")


def out_file(path: str, option: str, suffixes: tuple[str, ...] = IMAGE_SUFFIXES) -> Path:
    """Check an output file named on the command line, and create its folder.

    Call it before any solve. The file's name must end in one of ``suffixes``; its
    folder is created (``out_dir``) and must be writable.

    Parameters
    ----------
    path
        The file as typed.
    option
        The option that named it (``"--map"``), for the message.
    suffixes
        The endings allowed, lower case with the dot, the preferred first.

    Returns
    -------
    pathlib.Path
        The file.

    Raises
    ------
    ParameterError
        ``--map PATH: ...``: another format, a folder, or a folder that cannot be
        written.
    """
    file = Path(path)
    if file.suffix.lower() not in suffixes:
        message = f"{option} {path}: give a file ending in {', '.join(suffixes)}"
        raise ParameterError(message)
    if file.is_dir():
        message = f"{option} {path}: is a folder; give a file ending in {', '.join(suffixes)}"
        raise ParameterError(message)
    problem = _unwritable(file.parent)
    if problem:
        message = f"{option} {path}: its folder {file.parent} {problem}"
        raise ParameterError(message)
    return file


# -- bundled inputs ---------------------------------------------------------------------------


def input_file(text: str, what: str) -> Path:
    """Return a file given on the command line, or the bundled instance of that name.

    A path that exists is used as it is. Otherwise, when a file shipped with the package
    has the same name (``CAB.txt``, ``50.3``, ``A-n32-k5.vrp``, ``pickups.csv``, also as
    ``.../50.3``), that one is used, and a note on stderr says so. Anything else is
    returned unchanged, for the reader to report.

    Parameters
    ----------
    text
        The path as typed.
    what
        What the file is, for the note (``"AP node file"``).

    Returns
    -------
    pathlib.Path
        The file to read.
    """
    from ..instances import bundled

    path = Path(text)
    if path.exists():
        return path
    try:
        found = bundled(path.name)
    except ParameterError:
        return path
    print(f"note: {text} not found; using the bundled {what} {found.name}", file=sys.stderr)
    return found


# -- JSON -------------------------------------------------------------------------------------


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a table's rows as JSON-ready dicts (geometry left out, named index kept).

    Parameters
    ----------
    frame
        The table, e.g. a result's ``to_frame()``.

    Returns
    -------
    list of dict
        One dict per row; NaN becomes ``None``, timestamps ISO text.
    """
    if "geometry" in frame.columns:
        frame = frame.drop(columns="geometry")
    frame = pd.DataFrame(frame)
    if any(name is not None for name in frame.index.names) or not isinstance(
        frame.index, pd.RangeIndex
    ):
        frame = frame.reset_index()
    frame.columns = [str(c) for c in frame.columns]
    return [to_json(row) for row in frame.to_dict(orient="records")]


def to_json(value: Any) -> Any:  # noqa: C901 - one branch per kind of value
    """Convert a value to plain JSON types (dict, list, str, int, float, bool, None).

    Parameters
    ----------
    value
        Numbers (NaN and infinities become ``None``), NumPy scalars and arrays,
        timestamps and durations (ISO text), paths, enums, dataclasses, mappings,
        sequences, tables (their records); anything else becomes its text.

    Returns
    -------
    object
        A value ``json.dumps(..., allow_nan=False)`` accepts.

    Examples
    --------
    >>> to_json({"a": float("nan"), "b": (1, 2.5)})
    {'a': None, 'b': [1, 2.5]}
    """
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, pd.DataFrame):
        return records(value)
    if isinstance(value, pd.Series):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, np.ndarray):
        return [to_json(v) for v in value.tolist()]
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [to_json(v) for v in items]
    if isinstance(value, pd.Timedelta | dt.timedelta):
        return None if pd.isna(value) else pd.Timedelta(value).isoformat()
    if isinstance(value, dt.datetime | dt.date | dt.time | pd.Timestamp):
        return None if pd.isna(value) else value.isoformat()
    if isinstance(value, enum.Enum):
        return to_json(value.value)
    if isinstance(value, Path):
        return str(value)
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    return str(value)


def emit(args: argparse.Namespace, **document: Any) -> None:
    """Leave the command's JSON document for ``main`` to print (with ``--json``).

    Parameters
    ----------
    args
        The parsed arguments.
    **document
        The document's sections: by convention ``records`` (the result's main table,
        ``to_frame()`` records), ``summary`` (headline figures), ``meta`` (the
        result's provenance), ``written`` (files) and any others the command has.
        ``command`` is added.
    """
    if getattr(args, "json", False):
        setattr(args, JSON_DOCUMENT, {"command": args.command, **document})


def solve_info_json(info: Any) -> dict[str, Any] | None:
    """Return a ``SolveInfo`` as a dict with its gap, or None.

    Parameters
    ----------
    info
        A ``multimodal.SolveInfo`` or None.

    Returns
    -------
    dict or None
        Solver, status, objective, best bound, gap, time and whether the limit was hit.
    """
    if info is None:
        return None
    data = to_json(info)
    data["gap"] = to_json(getattr(info, "gap", None))
    return dict(data)
