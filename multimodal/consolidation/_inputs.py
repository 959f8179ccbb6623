"""Reading and checking the two input tables of block-train consolidation.

A shipments table (one row per box booking) and a departures table (one row per
candidate train) are read from CSV or Parquet, checked in one pass that reports every
problem with its file, row and column, and returned normalised: canonical columns with
proper dtypes, sorted into the order ties are broken in. Destinations are node ids;
given a network, names are resolved through ``Network.find_node`` and unknown ones are
reported with the closest matches.

Time is in hours from the start of the planning week.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import string
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from .._validate import is_missing, parse_bool, suggest
from ..exceptions import DataValidationError, ParameterError, Problem, UnknownNodeError
from ..network import Network
from ..routing import route
from ..shipment import Shipment

__all__ = [
    "DEPARTURE_COLUMNS",
    "SHIPMENT_COLUMNS",
    "check_network",
    "check_week_start",
    "fill_transit_times",
    "read_departures",
    "read_shipments",
    "validate_departures",
    "validate_shipments",
]

#: Characters of a node id (upper snake case, e.g. ``DUISBURG``), checked without a network.
_ID_FIRST = frozenset(string.ascii_uppercase)
_ID_CHARS = frozenset(string.ascii_uppercase + string.digits + "_")

SHIPMENT_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "id": "unique shipment id (text)",
        "arrival_h": "arrival at the centre, hours from the start of the week "
        "(or an 'arrival' timestamp column)",
        "teu": "size in TEU, a whole number (a 20' box is 1, a 40' box is 2)",
        "destination": "destination node id, e.g. DUISBURG",
        "due_h": "due at the destination, hours from the start of the week "
        "(or a 'due' timestamp column)",
        "reefer": "optional bool, default false",
        "dangerous_goods": "optional bool, default false",
        "priority": "optional lateness weight > 0, default 1",
        "value_cny": "optional cargo value in CNY, default 0",
    }
)
DEPARTURE_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "service_id": "unique id of this departure (text)",
        "destinations": "';'-list of destination node ids served, e.g. MALASZEWICZE;WARSAW",
        "departure_h": "departure, hours from the start of the week "
        "(or a 'departure' timestamp column)",
        "capacity_teu": "train capacity in TEU, a whole number > 0",
        "min_load_teu": "minimum load for the train to run, whole TEU, 0..capacity_teu",
        "fixed_cost_cny": "cost of running the train, CNY >= 0",
        "transit_time_h": "hours to the destination: one number, or a ';'-list aligned "
        "with destinations",
        "reefer_slots": "optional reefer capacity in TEU, default 0",
        "dangerous_goods": "optional bool: dangerous goods allowed, default false",
        "cost_cny_per_teu": "optional charge per TEU carried, default 0",
    }
)


def read_shipments(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a shipments table from CSV or Parquet (not yet validated).

    Raises
    ------
    DataValidationError
        If the file does not exist or cannot be read.
    """
    return _read_table(path)


def read_departures(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a departures table from CSV or Parquet (not yet validated).

    Raises
    ------
    DataValidationError
        If the file does not exist or cannot be read.
    """
    return _read_table(path)


def _read_table(path: str | os.PathLike[str]) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise DataValidationError(Problem("file not found", file=str(path)))
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        try:
            # read everything as text: the validators parse and report bad cells
            return pd.read_csv(path, dtype=str, skipinitialspace=True)
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
            raise DataValidationError(
                Problem(f"cannot read the CSV file: {error}", file=str(path))
            ) from None
    if suffix in (".parquet", ".pq"):
        try:
            return pd.read_parquet(path)
        except ImportError:
            message = "reading Parquet needs pyarrow (pip install pyarrow); or save as CSV"
            raise DataValidationError(Problem(message, file=str(path))) from None
    message = f"unsupported file type {suffix!r}: use .csv or .parquet"
    raise DataValidationError(Problem(message, file=str(path)))


class _Checker:
    """Collects every problem of one table in one pass."""

    def __init__(self, table: pd.DataFrame, source: str, line_numbers: bool) -> None:
        self.table = table
        self.source = source
        self.problems: list[Problem] = []
        # rows are 0-based positions, as everywhere (docs/cli.md); a file's rows also name
        # the line a spreadsheet shows (header = line 1): "1 at line 3"
        positions = range(len(table))
        self.rows: list[object] = (
            [f"{i} at line {i + 2}" for i in positions] if line_numbers else list(positions)
        )

    def add(self, message: str, position: int | None = None, column: str | None = None) -> None:
        row = None if position is None else self.rows[position]
        self.problems.append(Problem(message, file=self.source, row=row, column=column))

    def require(self, columns: Mapping[str, str], *, alternatives: Mapping[str, str]) -> bool:
        ok = True
        present = [str(c) for c in self.table.columns]
        for name, meaning in columns.items():
            if meaning.startswith("optional") or name in present:
                continue
            if name in alternatives and alternatives[name] in present:
                continue
            close = suggest(name, present, n=1)
            hint = f" (found {close[0]!r}: rename it)" if close else ""
            self.add(f"missing required column{hint}: add {name} = {meaning}", column=name)
            ok = False
        return ok

    def text(self, column: str) -> list[str | None]:
        values: list[str | None] = []
        for position, value in enumerate(self.table[column].tolist()):
            if is_missing(value):
                self.add("missing value", position, column)
                values.append(None)
            else:
                values.append(str(value).strip())
        return values

    def numbers(
        self,
        column: str,
        *,
        default: float | None = None,
        minimum: float | None = None,
        strict: bool = False,
        integer: bool = False,
        fix: str = "",
    ) -> np.ndarray:
        if column not in self.table.columns:
            return np.full(len(self.table), default if default is not None else np.nan)
        out = np.full(len(self.table), np.nan)
        for position, value in enumerate(self.table[column].tolist()):
            if is_missing(value):
                if default is None:
                    self.add(f"missing value{fix}", position, column)
                else:
                    out[position] = default
                continue
            number = _to_float(value)
            if number is None or not math.isfinite(number):
                self.add(f"not a finite number: {value!r}{fix}", position, column)
                continue
            if integer and number != round(number):
                self.add(f"must be a whole number, got {value!r}{fix}", position, column)
                continue
            if minimum is not None and (number < minimum or (strict and number == minimum)):
                sign = ">" if strict else ">="
                self.add(f"must be {sign} {minimum:g}, got {value!r}{fix}", position, column)
                continue
            out[position] = number
        return out

    def booleans(self, column: str) -> np.ndarray:
        # _validate.parse_bool is the one yes/no rule; rows here are file lines or index
        # labels (self.rows), which _validate.bool_column does not know, hence the loop.
        out = np.zeros(len(self.table), dtype=bool)
        if column not in self.table.columns:
            return out
        for position, value in enumerate(self.table[column].tolist()):
            if is_missing(value):
                continue
            parsed = parse_bool(value)
            if parsed is None:
                self.add(f"value {value!r} is not a yes/no word; use yes or no", position, column)
            else:
                out[position] = parsed
        return out

    def times(
        self, column: str, stamp_column: str, week_start: pd.Timestamp | None
    ) -> tuple[np.ndarray, pd.Timestamp | None]:
        """Hours from ``column``, or from the timestamps in ``stamp_column``."""
        if column in self.table.columns:
            return self.numbers(column), week_start
        stamps = pd.to_datetime(self.table[stamp_column], errors="coerce")
        for position, (raw, stamp) in enumerate(
            zip(self.table[stamp_column].tolist(), stamps.tolist(), strict=True)
        ):
            if pd.isna(stamp):
                what = "missing value" if is_missing(raw) else f"not a timestamp: {raw!r}"
                self.add(f"{what}; use ISO 8601, e.g. 2026-03-04 06:30", position, stamp_column)
        if week_start is None:
            week_start = _monday_of(stamps.min()) if stamps.notna().any() else None
        if week_start is None:
            return np.full(len(self.table), np.nan), None
        hours = (stamps - week_start).dt.total_seconds().to_numpy(dtype=float) / 3600.0
        return hours, week_start


def _to_float(value: object) -> float | None:
    if isinstance(value, bool | np.bool_):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _monday_of(stamp: pd.Timestamp) -> pd.Timestamp:
    day = stamp.normalize()
    return day - pd.Timedelta(days=int(day.dayofweek))


def _is_node_id(value: str) -> bool:
    """Whether ``value`` has the form of a node id (upper snake case, e.g. ``DUISBURG``)."""
    return bool(value) and value[0] in _ID_FIRST and all(c in _ID_CHARS for c in value)


def _node_problem(value: str, network: Network | None) -> tuple[str | None, str | None]:
    """The node id ``value`` stands for, or None and what is wrong with it.

    With a network, ``value`` may be an id or a name (``Network.find_node``); without
    one, it must have the form of an id.
    """
    if network is not None:
        try:
            return network.find_node(value), None
        except UnknownNodeError as error:
            return None, str(error)
    if _is_node_id(value):
        return value, None
    fix = value.strip().upper().replace(" ", "_").replace("-", "_")
    return None, f"{value!r} is not a node id (UPPER_SNAKE, e.g. DUISBURG); did you mean {fix!r}?"


def _node_ids(
    checker: _Checker, values: list[str | None], column: str, network: Network | None
) -> list[str | None]:
    """Check (and, with a network, resolve) one node id per row."""
    resolved: list[str | None] = []
    for position, value in enumerate(values):
        if value is None:
            resolved.append(None)
            continue
        node, problem = _node_problem(value, network)
        if problem is not None:
            checker.add(problem, position, column)
        resolved.append(node if node is not None else value)
    return resolved


def _duplicates(checker: _Checker, values: list[str | None], column: str, fix: str) -> None:
    first: dict[str, int] = {}
    for position, value in enumerate(values):
        if value is None:
            continue
        if value in first:
            checker.add(
                f"duplicate id {value!r} (also at row {checker.rows[first[value]]}); {fix}",
                position,
                column,
            )
        else:
            first[value] = position


def check_network(network: object) -> None:
    """``ParameterError`` unless ``network`` is None or a ``Network``."""
    if network is not None and not isinstance(network, Network):
        message = f"network must be a Network (e.g. multimodal.load_network()), got {network!r:.60}"
        raise ParameterError(message)


def check_week_start(value: object) -> pd.Timestamp | None:
    """``week_start`` as a timestamp, or ``ParameterError`` naming it."""
    if value is None:
        return None
    if isinstance(value, str | _dt.datetime | _dt.date | np.datetime64):
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError, OverflowError, pd.errors.OutOfBoundsDatetime):
            stamp = None
        if stamp is not None and not pd.isna(stamp):
            return stamp
    message = (
        f"week_start must be a date and time (e.g. '2026-03-02 00:00' or a datetime), "
        f"got {type(value).__name__} {value!r:.60}"
    )
    raise ParameterError(message)


def validate_shipments(
    shipments: pd.DataFrame,
    *,
    source: str = "shipments",
    line_numbers: bool = False,
    week_start: pd.Timestamp | str | _dt.datetime | None = None,
    network: Network | None = None,
) -> pd.DataFrame:
    """Check a shipments table and return it normalised and sorted.

    Columns: see ``SHIPMENT_COLUMNS``. Extra columns are kept. The result has
    a ``RangeIndex``, the canonical columns with proper dtypes, and is sorted by
    ``(arrival_h, id)``, the order ties are broken in.

    Parameters
    ----------
    shipments
        The table.
    source
        Name used in error messages (the file path when read from a file).
    line_numbers
        Rows are 0-based positions; with ``line_numbers`` they also name their line in a
        file with one header line (``"1 at line 3"``).
    week_start
        Origin of the time axis when times are given as timestamps (``arrival``,
        ``due``); default: Monday 00:00 of the week of the earliest timestamp.
    network
        If given, destinations may be node ids or names of this network
        (``Network.find_node``) and are replaced by the ids; unknown ones are reported
        with the closest matches. Without it, destinations must look like node ids.

    Raises
    ------
    DataValidationError
        Listing every problem (file, row, column, what to fix).
    ParameterError
        ``week_start`` is not a date and time, or ``network`` is not a Network.
    """
    check_network(network)
    checker = _Checker(shipments.reset_index(drop=True), source, line_numbers)
    start = check_week_start(week_start)
    if not checker.require(SHIPMENT_COLUMNS, alternatives={"arrival_h": "arrival", "due_h": "due"}):
        raise DataValidationError(checker.problems)
    ids = checker.text("id")
    _duplicates(checker, ids, "id", "make shipment ids unique")
    arrival_h, start = checker.times("arrival_h", "arrival", start)
    due_h, start = checker.times("due_h", "due", start)
    teu = checker.numbers("teu", minimum=0, strict=True, integer=True)
    destination = _node_ids(checker, checker.text("destination"), "destination", network)
    reefer = checker.booleans("reefer")
    dangerous = checker.booleans("dangerous_goods")
    priority = checker.numbers("priority", default=1.0, minimum=0, strict=True)
    value = checker.numbers("value_cny", default=0.0, minimum=0)
    if checker.problems:
        raise DataValidationError(checker.problems)
    table = checker.table.copy()
    table["id"] = ids
    table["arrival_h"] = arrival_h
    table["due_h"] = due_h
    table["teu"] = teu.astype(np.int64)
    table["destination"] = destination
    table["reefer"] = reefer
    table["dangerous_goods"] = dangerous
    table["priority"] = priority
    table["value_cny"] = value
    table = table.drop(columns=[c for c in ("arrival", "due") if c in table.columns])
    front = list(SHIPMENT_COLUMNS)
    table = table[front + [c for c in table.columns if c not in front]]
    table = table.sort_values(["arrival_h", "id"], kind="stable").reset_index(drop=True)
    table.attrs["week_start"] = start
    return table


def validate_departures(
    departures: pd.DataFrame,
    *,
    source: str = "departures",
    line_numbers: bool = False,
    week_start: pd.Timestamp | str | _dt.datetime | None = None,
    network: Network | None = None,
) -> pd.DataFrame:
    """Check a departures table and return it normalised and sorted.

    Columns: see ``DEPARTURE_COLUMNS``. Extra columns are kept. The result is
    sorted by ``(departure_h, service_id)``; ``destinations`` and ``transit_time_h``
    stay ``';'``-strings and a parsed ``transit_by_destination`` column (dict of
    destination -> hours) is added. ``network`` resolves destination names as in
    ``validate_shipments``.

    Raises
    ------
    DataValidationError
        Listing every problem (file, row, column, what to fix).
    """
    checker = _Checker(departures.reset_index(drop=True), source, line_numbers)
    start = check_week_start(week_start)
    if not checker.require(DEPARTURE_COLUMNS, alternatives={"departure_h": "departure"}):
        raise DataValidationError(checker.problems)
    ids = checker.text("service_id")
    _duplicates(checker, ids, "service_id", "give every departure its own id, e.g. append the day")
    departure_h, start = checker.times("departure_h", "departure", start)
    capacity = checker.numbers("capacity_teu", minimum=0, strict=True, integer=True)
    min_load = checker.numbers("min_load_teu", minimum=0, integer=True)
    fixed = checker.numbers("fixed_cost_cny", minimum=0)
    reefer_slots = checker.numbers("reefer_slots", default=0.0, minimum=0, integer=True)
    per_teu = checker.numbers("cost_cny_per_teu", default=0.0, minimum=0)
    dangerous = checker.booleans("dangerous_goods")
    served = _served(checker, network)
    transit = _transit_times(checker, served)
    _check_loads(checker, capacity, min_load, reefer_slots)
    if checker.problems:
        raise DataValidationError(checker.problems)
    table = checker.table.copy()
    table["service_id"] = ids
    table["destinations"] = [";".join(p) for p in served]
    table["departure_h"] = departure_h
    table["capacity_teu"] = capacity.astype(np.int64)
    table["min_load_teu"] = min_load.astype(np.int64)
    table["fixed_cost_cny"] = fixed
    table["transit_time_h"] = [
        ";".join(f"{transit[i][d]:g}" for d in served[i]) for i in range(len(served))
    ]
    table["reefer_slots"] = reefer_slots.astype(np.int64)
    table["dangerous_goods"] = dangerous
    table["cost_cny_per_teu"] = per_teu
    table["transit_by_destination"] = transit
    table = table.drop(columns=[c for c in ("departure",) if c in table.columns])
    front = list(DEPARTURE_COLUMNS)
    table = table[front + [c for c in table.columns if c not in front]]
    table = table.sort_values(["departure_h", "service_id"], kind="stable").reset_index(drop=True)
    table.attrs["week_start"] = start
    return table


def _served(checker: _Checker, network: Network | None) -> list[tuple[str, ...]]:
    """The destinations each departure serves (node ids), checked."""
    served: list[tuple[str, ...]] = []
    for position, raw in enumerate(checker.text("destinations")):
        if raw is None:
            served.append(())
            continue
        parts = tuple(p.strip() for p in raw.split(";") if p.strip())
        if not parts:
            checker.add("no destination: list node ids separated by ';'", position, "destinations")
        resolved = []
        for part in parts:
            node, problem = _node_problem(part, network)
            if problem is not None:
                checker.add(problem, position, "destinations")
            resolved.append(node if node is not None else part)
        if len(set(resolved)) != len(resolved):
            checker.add("a destination is listed twice", position, "destinations")
        served.append(tuple(resolved))
    return served


_FIX_TRANSIT = (
    "; give the hours to each destination (one number, or a ';'-list in the order of destinations)"
)


def _transit_times(checker: _Checker, served: list[tuple[str, ...]]) -> list[dict[str, float]]:
    """Hours to each served destination, per departure (empty where reported)."""
    transit: list[dict[str, float]] = []
    for position, raw in enumerate(checker.table["transit_time_h"].tolist()):
        parts_d = served[position]
        if is_missing(raw):
            checker.add("missing transit time" + _FIX_TRANSIT, position, "transit_time_h")
            transit.append({})
            continue
        pieces = [p.strip() for p in str(raw).split(";")] if isinstance(raw, str) else [raw]
        numbers = [_to_float(p) for p in pieces]
        if any(n is None or not math.isfinite(n) or n <= 0 for n in numbers):
            message = f"not a positive number: {raw!r}" + _FIX_TRANSIT
            checker.add(message, position, "transit_time_h")
            transit.append({})
            continue
        if len(numbers) == 1:
            numbers = numbers * len(parts_d)
        if parts_d and len(numbers) != len(parts_d):
            checker.add(
                f"{len(numbers)} transit times for {len(parts_d)} destinations" + _FIX_TRANSIT,
                position,
                "transit_time_h",
            )
            transit.append({})
            continue
        transit.append(dict(zip(parts_d, numbers, strict=True)))  # type: ignore[arg-type]
    return transit


def _check_loads(
    checker: _Checker, capacity: np.ndarray, min_load: np.ndarray, reefer_slots: np.ndarray
) -> None:
    """A train's minimum load and reefer slots must fit its capacity."""
    for position in range(len(checker.table)):
        cap, low, reefer = capacity[position], min_load[position], reefer_slots[position]
        if math.isfinite(cap) and math.isfinite(low) and low > cap:
            checker.add(
                f"min_load_teu {low:g} exceeds capacity_teu {cap:g}: the train could never run",
                position,
                "min_load_teu",
            )
        if math.isfinite(cap) and math.isfinite(reefer) and reefer > cap:
            checker.add(
                f"reefer_slots {reefer:g} exceeds capacity_teu {cap:g}", position, "reefer_slots"
            )


def fill_transit_times(
    departures: pd.DataFrame, network: Network, *, origin: str = "XIAN_PORT"
) -> pd.DataFrame:
    """Fill missing ``transit_time_h`` from the network: the fastest rail(-sea) route.

    For each departure without a transit time, the time from ``origin`` to each of its
    destinations by the fastest route by rail and sea (the trans-Caspian trains cross
    by ferry): ``multimodal.route(..., "time", modes=["rail", "sea"])`` without the wait
    for a departure (the train is the departure), i.e. time in motion, customs, gauge
    changes and border dwell. Rows that have a transit time keep it.

    Returns
    -------
    pandas.DataFrame
        A copy with ``transit_time_h`` filled where it was missing.
    """
    table = departures.copy()
    if "transit_time_h" not in table.columns:
        table["transit_time_h"] = None
    cache: dict[str, float] = {}

    def hours(destination: str) -> float:
        if destination not in cache:
            found = route(network, Shipment(origin, destination), "time", modes=["rail", "sea"])
            cache[destination] = round(found.time_h - found.wait_h, 2)
        return cache[destination]

    values = table["transit_time_h"].astype(object).tolist()
    for position, (raw, served) in enumerate(zip(values, table["destinations"], strict=True)):
        if is_missing(raw) and isinstance(served, str):
            parts = [p.strip() for p in served.split(";") if p.strip()]
            try:
                values[position] = ";".join(f"{hours(d):g}" for d in parts)
            except UnknownNodeError:
                continue  # left missing: validation reports the unknown destination
    table["transit_time_h"] = values
    return table


def as_table(
    table: pd.DataFrame | str | os.PathLike[str], name: str
) -> tuple[pd.DataFrame, str, bool]:
    """A table given as a DataFrame or a path: the table, its name, whether from a file."""
    if isinstance(table, pd.DataFrame):
        return table, name, False
    if isinstance(table, str | os.PathLike):
        return _read_table(table), str(table), True
    message = f"{name} must be a DataFrame or a CSV/Parquet path, got {type(table).__name__}"
    raise DataValidationError(Problem(message, file=name))


def infer_week_start(*tables: pd.DataFrame) -> pd.Timestamp | None:
    """Monday 00:00 of the earliest timestamp in any timestamp column, if any."""
    earliest = None
    for table, columns in zip(tables, (("arrival", "due"), ("departure",)), strict=True):
        hour_column = {"arrival": "arrival_h", "due": "due_h", "departure": "departure_h"}
        for column in columns:
            if column in table.columns and hour_column[column] not in table.columns:
                stamps = pd.to_datetime(table[column], errors="coerce")
                if stamps.notna().any():
                    first = stamps.min()
                    earliest = first if earliest is None else min(earliest, first)
    return None if earliest is None else _monday_of(earliest)
