"""The one validation layer: primitives that check values and columns and report problems.

Readers and solvers (schema, demand, consolidation, collection, scenarios, instances,
``data/build_network.py``) check their inputs with these functions, so "missing",
"yes/no", "a number" and "close matches" mean the same thing everywhere. Column checks
*append* ``Problem`` records (file, row, column, what to do) so a reader can report
every problem at once; argument checks *raise* ``ParameterError`` at once.
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .exceptions import ParameterError, Problem

#: Cell texts that mean "no value".
MISSING_WORDS = frozenset({"", "nan", "none", "null", "na", "n/a"})
#: The yes/no words, in English and Chinese; anything else is refused, not guessed.
YES_WORDS = frozenset({"1", "true", "yes", "y", "t", "是"})
NO_WORDS = frozenset({"0", "false", "no", "n", "f", "否"})


# -- cells ---------------------------------------------------------------------------------
def is_missing(value: object) -> bool:
    """Whether a cell holds no value: None, NaN, pandas' NA/NaT or blank/"nan"-like text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    if isinstance(value, str):
        return value.strip().lower() in MISSING_WORDS
    return False


def parse_bool(value: object) -> bool | None:
    """A yes/no cell as a bool, or None when it is not one of the yes/no words.

    Booleans and the integers 0 and 1 are taken as they are; text is matched against
    ``YES_WORDS`` and ``NO_WORDS`` case-insensitively. Missing values give None too:
    callers decide whether a default applies.
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer) and value in (0, 1):
        return bool(value)
    if isinstance(value, float | np.floating) and value in (0.0, 1.0):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
    return None


def is_number(value: object) -> bool:
    """Whether ``value`` is a finite real number (booleans are not numbers here)."""
    if not isinstance(value, int | float | np.integer | np.floating) or isinstance(
        value, bool | np.bool_
    ):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an int beyond the float range (10**400)
        return False


def suggest(name: object, choices: Iterable[object], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` entries of ``choices`` close to ``name`` (difflib), best first."""
    options = sorted({str(c) for c in choices})
    return difflib.get_close_matches(str(name), options, n=n, cutoff=cutoff)


def did_you_mean(name: object, choices: Iterable[object]) -> str:
    """``"; did you mean 'x'?"`` for the closest choice, or ``"; use one of a, b, c"``."""
    options = sorted({str(c) for c in choices})
    close = suggest(name, options, n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    return "; use one of " + ", ".join(repr(o) for o in options)


#: Line of a CSV file's first data row while ``file_lines`` is active (None: a table).
_FIRST_LINE: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "multimodal_first_line", default=None
)


@contextlib.contextmanager
def file_lines(first_line: int = 2) -> Iterator[None]:
    """Within the block, ``row_label`` also names the line of a CSV file.

    The convention of every message (docs/cli.md, "Rows in messages"): ``row N`` is the
    0-based position of the data row, as pandas counts (``table.iloc[N]``); a table read
    from a CSV file also gets the line a spreadsheet or text editor shows, the header
    being line 1: ``row 0 at line 2``.

    Parameters
    ----------
    first_line
        The line of the first data row (2: one header line).

    Yields
    ------
    None
        Validate the table inside the block.

    Examples
    --------
    >>> with file_lines():
    ...     row_label(["A", "B"], 1)
    '1 (id B) at line 3'
    """
    token = _FIRST_LINE.set(first_line)
    try:
        yield
    finally:
        _FIRST_LINE.reset(token)


def row_label(ids: Sequence[object] | None, position: int) -> str:
    """How a row is named in messages: its 0-based position, its id, its file line.

    Parameters
    ----------
    ids
        The table's ids (or None).
    position
        The row's 0-based position.

    Returns
    -------
    str
        ``"3"``, ``"3 (id X)"``, or inside ``file_lines`` ``"3 (id X) at line 5"``.

    Examples
    --------
    >>> row_label(["A", None], 0), row_label(["A", None], 1)
    ('0 (id A)', '1')
    """
    ident = ids[position] if ids is not None and len(ids) > position else None
    named = ident is not None and not is_missing(ident)
    label = f"{position} (id {str(ident).strip()})" if named else f"{position}"
    first_line = _FIRST_LINE.get()
    return label if first_line is None else f"{label} at line {position + first_line}"


# -- arguments (raise at once) ---------------------------------------------------------------
def check_number(
    value: object,
    name: str,
    *,
    unit: str = "",
    minimum: float | None = None,
    strict: bool = False,
    maximum: float | None = None,
    allow_none: bool = False,
) -> float | None:
    """Return ``value`` as a float after checking it; raise ``ParameterError`` if it is not.

    Parameters
    ----------
    value
        The value given.
    name
        The argument's name, for the message (e.g. ``"teu"``).
    unit
        Its unit, for the message (e.g. ``"TEU"``).
    minimum, strict
        Lower bound; with ``strict`` the value must exceed it.
    maximum
        Upper bound (inclusive).
    allow_none
        Accept None (returned as None).
    """
    if value is None and allow_none:
        return None
    unit_text = f" ({unit})" if unit else ""
    if not is_number(value):
        kind = "a finite number" if isinstance(value, int | float) else "a number"
        message = f"{name} must be {kind}{unit_text}, got {value!r}"
        raise ParameterError(message)
    number = float(value)  # type: ignore[arg-type]
    if minimum is not None and (number <= minimum if strict else number < minimum):
        bound = f"greater than {minimum:g}" if strict else f"at least {minimum:g}"
        message = f"{name} must be {bound}{unit_text}, got {number:g}"
        raise ParameterError(message)
    if maximum is not None and number > maximum:
        message = f"{name} must be at most {maximum:g}{unit_text}, got {number:g}"
        raise ParameterError(message)
    return number


def check_choice(value: object, name: str, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``; else raise with the closest one."""
    options = list(choices)
    if isinstance(value, str) and value in options:
        return value
    message = f"unknown {name} {value!r}{did_you_mean(value, options)}"
    raise ParameterError(message)


def check_text(value: object, name: str, choices: Iterable[str] = ()) -> str:
    """Return ``value`` if it is text; else raise ``ParameterError`` naming ``name``.

    Only the type is checked (the caller checks the word against its own vocabulary,
    with its own message); ``choices`` only lists the words in the message.
    """
    if isinstance(value, str):
        return value
    words = list(choices)
    hint = f": one of {', '.join(repr(w) for w in words)}" if words else ""
    message = f"{name} must be text{hint}, got {type(value).__name__} {value!r:.60}"
    raise ParameterError(message)


def check_list(value: object, name: str, *, what: str = "names") -> list[Any]:
    """Return ``value`` as a list if it is a list-like of items; else raise ``ParameterError``.

    Text, bytes, mappings and scalars are refused (a text would be read letter by letter).
    """
    if (
        isinstance(value, str | bytes | Mapping | pd.DataFrame)
        or not isinstance(value, Iterable)
        or (isinstance(value, np.ndarray) and value.ndim != 1)
    ):
        message = f"{name} must be a list of {what}, got {type(value).__name__} {value!r:.60}"
        raise ParameterError(message)
    return list(value)


# -- columns (collect problems) ----------------------------------------------------------------
def missing_columns(
    frame: pd.DataFrame,
    required: Iterable[str],
    file: str | None,
    problems: list[Problem],
    *,
    synonyms: Mapping[str, Iterable[str]] | None = None,
    cutoff: float = 0.6,
) -> list[str]:
    """Report each required column that ``frame`` lacks, with the likely misspelling.

    Parameters
    ----------
    frame
        The table.
    required
        The columns it must have.
    file
        The file, for the problems.
    problems
        Where the problems are appended.
    synonyms
        Other names a user may give a required column (``{"origin": ("from", ...)}``):
        a column present under one of them is the hint, before any close spelling.
    cutoff
        How close (difflib ratio) a present column must be to be named as the likely
        misspelling.

    Returns
    -------
    list of str
        The absent columns.
    """
    present = [str(c) for c in frame.columns if c != "geometry"]
    lowered = {name.strip().lower(): name for name in present}
    absent = []
    for column in required:
        if column in frame.columns:
            continue
        other_names = (synonyms or {}).get(column, ())
        close = [lowered[name] for name in other_names if name in lowered]
        close = close or suggest(column, present, n=1, cutoff=cutoff)
        hint = f" (found {close[0]!r}: rename it to {column!r})" if close else ""
        problems.append(Problem(f"required column is missing{hint}", file, None, column))
        absent.append(column)
    return absent


def number_column(  # noqa: PLR0913 - the bounds and labels of one column check
    frame: pd.DataFrame,
    column: str,
    file: str | None,
    problems: list[Problem],
    *,
    unit: str = "",
    ids: Sequence[object] | None = None,
    minimum: float | None = 0.0,
    strict: bool = False,
    required: bool = False,
) -> np.ndarray:
    """Parse a number column; report text, infinite, out-of-range and (if required) blanks.

    Returns
    -------
    numpy.ndarray
        Float values, NaN where the cell is blank or was reported.
    """
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    raw = frame[column]
    unit_text = f"; give {unit}" if unit else ""
    values = np.full(len(frame), np.nan)
    for position, cell in enumerate(raw.tolist()):
        where = row_label(ids, position)
        if is_missing(cell):
            if required:
                problems.append(Problem(f"missing value{unit_text}", file, where, column))
            continue
        if isinstance(cell, bool | np.bool_):
            number = math.nan
        else:
            try:
                number = float(cell)
            except (TypeError, ValueError):
                number = math.nan
        if math.isnan(number):
            problems.append(
                Problem(f"value {cell!r} is not a number{unit_text}", file, where, column)
            )
        elif math.isinf(number):
            problems.append(
                Problem(f"value {cell!r} is not finite{unit_text}", file, where, column)
            )
        elif minimum is not None and (number <= minimum if strict else number < minimum):
            sign = f"greater than {minimum:g}" if strict else f"at least {minimum:g}"
            problems.append(
                Problem(f"value {number:g} must be {sign}{unit_text}", file, where, column)
            )
        else:
            values[position] = number
    return values


def bool_column(
    frame: pd.DataFrame,
    column: str,
    file: str | None,
    problems: list[Problem],
    *,
    default: bool,
    ids: Sequence[object] | None = None,
) -> np.ndarray:
    """Parse a yes/no column; blanks take ``default``; unknown words are reported."""
    if column not in frame.columns:
        return np.full(len(frame), default)
    out = np.full(len(frame), default)
    for position, cell in enumerate(frame[column].tolist()):
        if is_missing(cell):
            continue
        parsed = parse_bool(cell)
        if parsed is None:
            message = f"value {cell!r} is not a yes/no word; use yes or no (or true/false, 1/0)"
            problems.append(Problem(message, file, row_label(ids, position), column))
        else:
            out[position] = parsed
    return out


def choice_column(
    frame: pd.DataFrame,
    column: str,
    allowed: Iterable[str],
    file: str | None,
    problems: list[Problem],
    *,
    ids: Sequence[object] | None = None,
    allow_missing: bool = True,
) -> None:
    """Report each cell of ``column`` that is not one of ``allowed``, with the closest one."""
    if column not in frame.columns:
        return
    options = set(allowed)
    for position, cell in enumerate(frame[column].tolist()):
        if allow_missing and is_missing(cell):
            continue
        if cell not in options:
            message = f"unknown value {cell!r}{did_you_mean(cell, options)}"
            problems.append(Problem(message, file, row_label(ids, position), column))
