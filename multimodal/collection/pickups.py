"""The pickups table: reading a CSV and checking it into canonical form.

Checks go through the library's validation layer (``multimodal._validate``), so
"missing", "not a number" and "out of range" read the same here as everywhere else, and
every problem is reported at once with its file, row and column. Rows are named by
their line in the file when the table came from a CSV, else by their index label.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import is_missing, number_column
from ..exceptions import DataValidationError, ParameterError, Problem
from ._clock import parse_clock
from .params import DEFAULT_SERVICE_H

#: Columns of a canonical pickups table (``validate_pickups``' first return value).
PICKUP_COLUMNS = [
    *("pickup_id", "x", "y", "demand_teu", "window_start_h", "window_end_h", "service_h"),
]

_LONLAT_COLUMNS = ("lon", "lat")
_XY_COLUMNS = ("x", "y")
_WINDOW_ALIASES = {
    "ready": "window_start", "ready_time": "window_start", "earliest": "window_start",
    "open": "window_start", "due": "window_end", "due_time": "window_end",
    "due_date": "window_end", "latest": "window_end", "close": "window_end",
}  # fmt: skip


class _Checker:
    """One pickups table under check: its columns, how rows are named, the problems."""

    def __init__(self, frame: pd.DataFrame, file: str, first_line: int | None) -> None:
        self.frame = frame
        self.file = file
        self.first_line = first_line
        self.columns = {str(c).lower().strip(): c for c in frame.columns}
        self.problems: list[Problem] = []

    def label(self, position: int) -> object:
        """A row's name: its file line when known, else its index label."""
        if self.first_line is not None:
            return self.first_line + position
        return self.frame.index[position]

    def add(self, message: str, position: int | None, column: str | None) -> None:
        row = None if position is None else self.label(position)
        self.problems.append(Problem(message, file=self.file, row=row, column=column))

    def raise_problems(self) -> None:
        if self.problems:
            raise DataValidationError(self.problems)

    # -- structure ------------------------------------------------------------------
    def layout(self) -> tuple[str, tuple[str, ...]]:
        """The coordinate kind and columns; refuses misnamed window or demand columns."""
        # Names users reach for (Solomon's READY TIME / DUE DATE) would otherwise be
        # ignored as extra columns: a silently missing time window. Refuse them by name.
        for alias, proper in _WINDOW_ALIASES.items():
            if alias in self.columns:
                actual = str(self.columns[alias])
                message = (
                    f"column {actual!r} is not read: name it '{proper}' (\"HH:MM\") "
                    f"or '{proper}_h' (hours)"
                )
                self.problems.append(Problem(message, file=self.file, column=actual))
        kind = "lonlat"
        coordinates: tuple[str, ...] = ()
        if all(c in self.columns for c in _LONLAT_COLUMNS):
            coordinates = _LONLAT_COLUMNS
        elif all(c in self.columns for c in _XY_COLUMNS):
            kind, coordinates = "xy", _XY_COLUMNS
        else:
            message = (
                "missing coordinates: give columns 'lon' and 'lat' (degrees) "
                "or 'x' and 'y' (planar km)"
            )
            self.problems.append(Problem(message, file=self.file))
        if "demand_teu" not in self.columns:
            hint = " (rename 'demand' to 'demand_teu')" if "demand" in self.columns else ""
            message = f"missing column 'demand_teu'{hint}"
            self.problems.append(Problem(message, file=self.file, column="demand_teu"))
        self.raise_problems()
        return kind, coordinates

    # -- cells ------------------------------------------------------------------------
    def ids(self) -> pd.Series:
        """Pickup ids (column ``id`` or ``pickup_id``, else the index); duplicates reported."""
        for name in ("id", "pickup_id"):
            if name in self.columns:
                ids = self.frame[self.columns[name]].astype(str).str.strip()
                break
        else:
            ids = pd.Series([str(i) for i in self.frame.index], index=self.frame.index)
        values = ids.to_numpy()
        for duplicate in sorted(set(ids[ids.duplicated()])):
            positions = np.flatnonzero(values == duplicate)
            rows = [self.label(int(p)) for p in positions]
            message = (
                f"pickup id {duplicate!r} is used more than once (rows {rows}); ids must be unique"
            )
            self.add(message, int(positions[1]), "id")
        return ids.reset_index(drop=True)

    def numbers(
        self, name: str, *, unit: str, minimum: float | None, required: bool = True
    ) -> np.ndarray:
        """A number column checked by ``number_column``, rows named as this table names them."""
        column = pd.DataFrame({name: self.frame[self.columns[name]].to_numpy()})
        found: list[Problem] = []
        values = number_column(
            column, name, self.file, found, unit=unit, minimum=minimum, required=required
        )
        for problem in found:
            # number_column names rows by position; this table names them by line or label.
            self.add(problem.message, int(str(problem.row)), problem.column)
        return values

    def coordinates(self, kind: str, columns: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """X and y (lon and lat for geographic tables), ranges checked."""
        unit = "degrees" if kind == "lonlat" else "km"
        x = self.numbers(columns[0], unit=unit, minimum=None)
        y = self.numbers(columns[1], unit=unit, minimum=None)
        if kind == "lonlat":
            for position in np.flatnonzero(np.abs(x) > 180):
                self.add("longitude must be within [-180, 180]", int(position), "lon")
            for position in np.flatnonzero(np.abs(y) > 90):
                self.add("latitude must be within [-90, 90]", int(position), "lat")
        return x, y

    def window(self, bound: str) -> np.ndarray:
        """Window start or end (hours), from ``window_<bound>_h`` or ``window_<bound>``."""
        hours_column, clock_column = f"window_{bound}_h", f"window_{bound}"
        if hours_column in self.columns:
            return self.numbers(hours_column, unit="hours", minimum=None, required=False)
        values = np.full(len(self.frame), np.nan)
        if clock_column not in self.columns:
            return values
        for position, value in enumerate(self.frame[self.columns[clock_column]].tolist()):
            if is_missing(value):
                continue
            try:
                values[position] = parse_clock(value, clock_column)
            except ParameterError:
                message = f"value {value!r} is not a time; use 'HH:MM'"
                self.add(message, position, clock_column)
        return values

    def check_windows(self, start: np.ndarray, end: np.ndarray) -> None:
        for position in np.flatnonzero(start > end):
            message = (
                f"time window starts ({start[position]:g} h) after it ends ({end[position]:g} h)"
            )
            self.add(message, int(position), "window_end")


def validate_pickups(
    pickups: pd.DataFrame,
    *,
    file: str | None = None,
    first_line: int | None = None,
    default_service_h: float = DEFAULT_SERVICE_H,
) -> tuple[pd.DataFrame, str]:
    """Check a pickups table and return it in canonical form.

    Parameters
    ----------
    pickups
        One row per factory. Columns: ``id`` (or the index), ``lon``/``lat`` (WGS84
        degrees) or ``x``/``y`` (planar, km), ``demand_teu``; optional time window as
        ``window_start_h``/``window_end_h`` (hours since midnight) or
        ``window_start``/``window_end`` (``"HH:MM"``), and ``service_h`` (loading time, h).
    file
        Where the table came from, for error messages.
    first_line
        Line number of the first data row in ``file`` (a CSV with a header: 2), so errors
        name file lines; otherwise rows are named by their index label.
    default_service_h
        Loading time used when there is no ``service_h`` column (h).

    Returns
    -------
    (pandas.DataFrame, str)
        Columns ``pickup_id, x, y, demand_teu, window_start_h, window_end_h, service_h``
        (``x``/``y`` hold lon/lat for geographic input; missing windows are NaN), and the
        coordinate kind, ``"lonlat"`` or ``"xy"``.

    Raises
    ------
    DataValidationError
        Every problem found, one line each, with file, row and column.
    ParameterError
        ``pickups`` is not a DataFrame.

    Examples
    --------
    >>> table, kind = validate_pickups(pd.DataFrame(
    ...     {"id": ["A"], "lon": [108.9], "lat": [34.3], "demand_teu": [2]}))
    >>> kind, float(table.loc[0, "service_h"])
    ('lonlat', 0.5)
    """
    if not isinstance(pickups, pd.DataFrame):
        message = f"pickups must be a pandas DataFrame, got {type(pickups).__name__}"
        raise ParameterError(message)
    check = _Checker(pickups.copy(), file or "pickups", first_line)
    kind, coordinates = check.layout()
    out = pd.DataFrame({"pickup_id": check.ids().to_numpy()})
    out["x"], out["y"] = check.coordinates(kind, coordinates)
    out["demand_teu"] = check.numbers("demand_teu", unit="TEU", minimum=0.0)
    out["window_start_h"] = check.window("start")
    out["window_end_h"] = check.window("end")
    check.check_windows(out["window_start_h"].to_numpy(), out["window_end_h"].to_numpy())
    if "service_h" in check.columns:
        out["service_h"] = check.numbers("service_h", unit="h", minimum=0.0)
    else:
        out["service_h"] = float(default_service_h)
    check.raise_problems()
    return out, kind


def read_pickups(path: str | Path, *, default_service_h: float = DEFAULT_SERVICE_H) -> pd.DataFrame:
    """Read and validate a pickups CSV (columns as in ``validate_pickups``).

    Parameters
    ----------
    path
        The CSV file (UTF-8, header row).
    default_service_h
        Loading time used when the file has no ``service_h`` column (h).

    Returns
    -------
    pandas.DataFrame
        The table as read (validated; errors name file lines).

    Raises
    ------
    DataValidationError
        The file is missing, empty or invalid.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype={"id": str, "pickup_id": str})
    except FileNotFoundError:
        problem = Problem("file not found; check the path", file=str(path))
        raise DataValidationError(problem) from None
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as error:
        problem = Problem(f"cannot read as CSV: {error}", file=str(path))
        raise DataValidationError(problem) from None
    validate_pickups(frame, file=str(path), first_line=2, default_service_h=default_service_h)
    return frame
