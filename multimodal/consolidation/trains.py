"""Block-train consolidation at an assembly centre (e.g. Xi'an International Port).

Containers arrive at the centre by truck and by domestic feeder trains, wait in the
yard, and leave on block trains that only run when they are full enough. Given the
week's shipments and candidate departures, :func:`consolidate` decides which trains
run and which container goes on which train; the rest go to a fallback (another
mode or a later week), each with a reason code. The model is CP-SAT; see
``docs/consolidation.md`` for the formulation and its measured performance.

Time is in hours on one axis (``0`` = start of the planning week), money in CNY.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from ortools import __version__ as _ortools_version

from .._ortools import FEASIBLE, OPTIMAL, SolveInfo
from ..exceptions import DataValidationError, InfeasibleError, Problem
from . import _trains_model as _m

if TYPE_CHECKING:
    from ..network import Network

logger = logging.getLogger("multimodal")

__all__ = [
    "REASONS",
    "ConsolidationCosts",
    "ConsolidationPlan",
    "CostBreakdown",
    "FallbackOption",
    "consolidate",
    "read_departures",
    "read_shipments",
    "validate_departures",
    "validate_shipments",
]

#: Fallback reason codes, in the order they are checked for a shipment.
REASON_NO_COMPATIBLE = "no_compatible_departure"
REASON_REEFER = "reefer_slots"
REASON_CAPACITY = "capacity"
REASON_MIN_LOAD = "min_load_not_reached"
REASON_CHEAPER = "cheaper"
REASONS: Mapping[str, str] = MappingProxyType(
    {
        REASON_NO_COMPATIBLE: "no departure serves the destination with room for the box, "
        "its reefer/dangerous-goods needs, after arrival + handling",
        REASON_REEFER: "the compatible trains that run have TEU room but no reefer slot left",
        REASON_CAPACITY: "every compatible departure runs and is full",
        REASON_MIN_LOAD: "the compatible departures do not run: even all the boxes left "
        "for them stay below their minimum load",
        REASON_CHEAPER: "a train was possible, but the fallback costs less (a running "
        "train's marginal cost, or another train's fixed cost)",
    }
)

_NODE_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


# --------------------------------------------------------------------------------------
# Costs
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FallbackOption:
    """What happens to a container that no train takes.

    Parameters
    ----------
    cost_cny_per_teu
        Transport cost of the fallback, CNY per TEU (e.g. sea via a port, a truck,
        or the rail rate of a later week's train).
    transit_h
        Time from leaving the centre to arrival at the destination, hours.
    wait_h
        Time in the yard after arrival + handling before the fallback leaves, hours
        (0 for a truck; 168 for "a train next week"). The yard holding cost applies.
    label
        A name for reports, e.g. ``"sea via Qingdao"``.
    """

    cost_cny_per_teu: float
    transit_h: float
    wait_h: float = 0.0
    label: str = "fallback"

    def __post_init__(self) -> None:
        problems = []
        for name in ("cost_cny_per_teu", "transit_h", "wait_h"):
            value = getattr(self, name)
            if not _is_number(value) or value < 0:
                problems.append(
                    Problem(f"must be a finite number >= 0, got {value!r}", column=name)
                )
        if problems:
            raise DataValidationError(problems)


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float | np.integer | np.floating)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


#: EST default fallback: rail to a Chinese port and sea to Europe (see docs/consolidation.md).
DEFAULT_FALLBACK = FallbackOption(
    cost_cny_per_teu=12_500.0, transit_h=40 * 24.0, wait_h=0.0, label="sea via a Chinese port"
)


@dataclass(frozen=True)
class ConsolidationCosts:
    """Cost and time parameters of the consolidation model.

    Parameters
    ----------
    holding_cny_per_teu_day
        Yard holding cost at the centre, CNY per TEU per day of dwell. Default 62.4
        = EUR 8 x 7.8: the Duisburg terminal's storage tariff, used as a proxy (EST
        for Xi'an).
    lateness_cny_per_teu_day
        Penalty per TEU per day a box reaches its destination after ``due_h``,
        multiplied by the shipment's ``priority``. Default 1,000 (EST).
    handling_h
        Minimum time between a box's arrival at the centre and its departure,
        hours (gate-in, customs, loading). Default 4 (EST; export clearance 0.5 h).
    fallback
        The fallback for every destination without its own entry in
        ``fallback_by_destination``; ``None`` forbids the fallback (every shipment
        must then travel by train, or :class:`~multimodal.exceptions.InfeasibleError`).
    fallback_by_destination
        Fallback per destination node id (overrides ``fallback``).
    value_of_time_share_per_day
        Inventory cost of goods in the pipeline, as a share of ``value_cny`` per
        day from arrival at the centre to arrival at the destination. Default 0.

    Examples
    --------
    >>> costs = ConsolidationCosts(holding_cny_per_teu_day=60, handling_h=6)
    >>> costs.fallback_for("DUISBURG").label
    'sea via a Chinese port'
    """

    holding_cny_per_teu_day: float = 62.4
    lateness_cny_per_teu_day: float = 1_000.0
    handling_h: float = 4.0
    fallback: FallbackOption | None = DEFAULT_FALLBACK
    fallback_by_destination: Mapping[str, FallbackOption] = field(default_factory=dict)
    value_of_time_share_per_day: float = 0.0

    def __post_init__(self) -> None:
        problems = []
        for name in (
            "holding_cny_per_teu_day",
            "lateness_cny_per_teu_day",
            "handling_h",
            "value_of_time_share_per_day",
        ):
            value = getattr(self, name)
            if not _is_number(value) or value < 0:
                problems.append(
                    Problem(f"must be a finite number >= 0, got {value!r}", column=name)
                )
        if self.fallback is not None and not isinstance(self.fallback, FallbackOption):
            problems.append(Problem("must be a FallbackOption or None", column="fallback"))
        by_destination = dict(self.fallback_by_destination)
        for dest, option in by_destination.items():
            if not isinstance(option, FallbackOption):
                problems.append(
                    Problem(
                        f"entry {dest!r} must be a FallbackOption",
                        column="fallback_by_destination",
                    )
                )
        if problems:
            raise DataValidationError(problems)
        object.__setattr__(self, "fallback_by_destination", MappingProxyType(by_destination))

    def fallback_for(self, destination: str) -> FallbackOption | None:
        """Return the fallback for ``destination`` (None: no fallback allowed)."""
        return self.fallback_by_destination.get(destination, self.fallback)

    def to_dict(self) -> dict[str, Any]:
        """Return the costs as plain data (the shape :meth:`from_dict` reads)."""
        out: dict[str, Any] = {
            "holding_cny_per_teu_day": self.holding_cny_per_teu_day,
            "lateness_cny_per_teu_day": self.lateness_cny_per_teu_day,
            "handling_h": self.handling_h,
            "value_of_time_share_per_day": self.value_of_time_share_per_day,
            "fallback": None if self.fallback is None else _option_dict(self.fallback),
            "fallback_by_destination": {
                dest: _option_dict(option)
                for dest, option in sorted(self.fallback_by_destination.items())
            },
        }
        return out

    def to_toml(self) -> str:
        """Return the costs as TOML text (readable by :meth:`from_file`)."""

        def value(v: Any) -> str:
            return json.dumps(v, ensure_ascii=False)

        data = self.to_dict()
        lines = [
            f"{key} = {value(data[key])}"
            for key in (
                "holding_cny_per_teu_day",
                "lateness_cny_per_teu_day",
                "handling_h",
                "value_of_time_share_per_day",
            )
        ]
        if data["fallback"] is None:
            lines.append('fallback = "none"')
        else:
            lines += ["", "[fallback]"] + [f"{k} = {value(v)}" for k, v in data["fallback"].items()]
        for dest, option in data["fallback_by_destination"].items():
            lines += ["", f"[fallback_by_destination.{dest}]"]
            lines += [f"{k} = {value(v)}" for k, v in option.items()]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "costs") -> ConsolidationCosts:
        """Build costs from a mapping (as read from TOML or JSON).

        ``fallback`` is a table ``{cost_cny_per_teu, transit_h, wait_h, label}``, or
        ``false`` / ``"none"`` to forbid the fallback. Unknown keys are errors.

        Raises
        ------
        DataValidationError
            For unknown keys or bad values, naming the key and the fix.
        """
        known = {
            "holding_cny_per_teu_day",
            "lateness_cny_per_teu_day",
            "handling_h",
            "value_of_time_share_per_day",
            "fallback",
            "fallback_by_destination",
        }
        problems = []
        for key in data:
            if key not in known:
                close = get_close_matches(str(key), sorted(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.append(
                    Problem(
                        f"unknown key{hint} Valid keys: {', '.join(sorted(known))}",
                        file=source,
                        column=str(key),
                    )
                )
        kwargs: dict[str, Any] = {}
        for key in known - {"fallback", "fallback_by_destination"}:
            if key in data:
                kwargs[key] = _number_or_problem(data[key], key, source, problems)
        if "fallback" in data:
            raw = data["fallback"]
            if raw is None or raw is False or (isinstance(raw, str) and raw.lower() == "none"):
                kwargs["fallback"] = None
            else:
                kwargs["fallback"] = _option_from(raw, "fallback", source, problems)
        if "fallback_by_destination" in data:
            table = data["fallback_by_destination"]
            if not isinstance(table, Mapping):
                problems.append(
                    Problem(
                        "must be a table of destination -> {cost_cny_per_teu, transit_h}",
                        file=source,
                        column="fallback_by_destination",
                    )
                )
            else:
                kwargs["fallback_by_destination"] = {
                    str(dest): _option_from(
                        raw, f"fallback_by_destination.{dest}", source, problems
                    )
                    for dest, raw in table.items()
                }
        if problems:
            raise DataValidationError(problems)
        try:
            return cls(**kwargs)
        except DataValidationError as error:
            raise DataValidationError(
                [Problem(p.message, file=source, column=p.column) for p in error.problems]
            ) from None

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> ConsolidationCosts:
        """Read costs from a ``.toml`` or ``.json`` file (keys as in :meth:`from_dict`).

        Raises
        ------
        DataValidationError
            If the file is missing, unreadable, of another type, or has bad values.
        """
        path = Path(path)
        if not path.is_file():
            raise DataValidationError(Problem("file not found", file=str(path)))
        suffix = path.suffix.lower()
        try:
            if suffix == ".toml":
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            elif suffix == ".json":
                data = json.loads(path.read_text(encoding="utf-8"))
            else:
                message = f"unsupported costs file type {suffix!r}: use .toml or .json"
                raise DataValidationError(Problem(message, file=str(path)))
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
            raise DataValidationError(
                Problem(f"cannot parse the file: {error}", file=str(path))
            ) from None
        if not isinstance(data, Mapping):
            raise DataValidationError(Problem("the top level must be a table", file=str(path)))
        return cls.from_dict(data, source=str(path))


def _option_dict(option: FallbackOption) -> dict[str, Any]:
    return {
        "cost_cny_per_teu": option.cost_cny_per_teu,
        "transit_h": option.transit_h,
        "wait_h": option.wait_h,
        "label": option.label,
    }


def _number_or_problem(value: Any, key: str, source: str, problems: list[Problem]) -> Any:
    if not _is_number(value) or value < 0:
        problems.append(
            Problem(f"must be a finite number >= 0, got {value!r}", file=source, column=key)
        )
        return 0.0
    return float(value)


def _option_from(raw: Any, key: str, source: str, problems: list[Problem]) -> FallbackOption:
    if isinstance(raw, FallbackOption):
        return raw
    if not isinstance(raw, Mapping):
        problems.append(
            Problem(
                "must be a table {cost_cny_per_teu, transit_h, wait_h, label}",
                file=source,
                column=key,
            )
        )
        return DEFAULT_FALLBACK
    fields = {"cost_cny_per_teu", "transit_h", "wait_h", "label"}
    for name in raw:
        if name not in fields:
            problems.append(
                Problem(
                    f"unknown key {name!r}; valid: {', '.join(sorted(fields))}",
                    file=source,
                    column=key,
                )
            )
    for name in ("cost_cny_per_teu", "transit_h"):
        if name not in raw:
            problems.append(Problem(f"missing {name!r}", file=source, column=key))
    values = {
        name: _number_or_problem(raw[name], f"{key}.{name}", source, problems)
        for name in ("cost_cny_per_teu", "transit_h", "wait_h")
        if name in raw
    }
    if "cost_cny_per_teu" not in values or "transit_h" not in values:
        return DEFAULT_FALLBACK
    return FallbackOption(label=str(raw.get("label", "fallback")), **values)


# --------------------------------------------------------------------------------------
# Reading and validating the tables
# --------------------------------------------------------------------------------------

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
        # files: report the line in the file (header = line 1); frames: the index label
        self.rows = [i + 2 for i in range(len(table))] if line_numbers else list(table.index)

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
            close = get_close_matches(name, present, n=1)
            hint = f" (found {close[0]!r}: rename it)" if close else ""
            self.add(f"missing required column{hint}: add {name} = {meaning}", column=name)
            ok = False
        return ok

    def text(self, column: str) -> list[str | None]:
        values: list[str | None] = []
        for position, value in enumerate(self.table[column].tolist()):
            if _missing(value):
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
            if _missing(value):
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
        out = np.zeros(len(self.table), dtype=bool)
        if column not in self.table.columns:
            return out
        for position, value in enumerate(self.table[column].tolist()):
            if _missing(value):
                continue
            if isinstance(value, bool | np.bool_):
                out[position] = bool(value)
                continue
            text = str(value).strip().lower()
            if text in _TRUE:
                out[position] = True
            elif text not in _FALSE:
                self.add(f"not a boolean: {value!r}; use true or false", position, column)
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
                what = "missing value" if _missing(raw) else f"not a timestamp: {raw!r}"
                self.add(f"{what}; use ISO 8601, e.g. 2026-03-04 06:30", position, stamp_column)
        if week_start is None:
            week_start = _monday_of(stamps.min()) if stamps.notna().any() else None
        if week_start is None:
            return np.full(len(self.table), np.nan), None
        hours = (stamps - week_start).dt.total_seconds().to_numpy(dtype=float) / 3600.0
        return hours, week_start


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


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


def _node_ids(checker: _Checker, values: list[str | None], column: str) -> None:
    for position, value in enumerate(values):
        if value is not None and not _NODE_ID.match(value):
            fix = value.strip().upper().replace(" ", "_").replace("-", "_")
            checker.add(
                f"{value!r} is not a node id (UPPER_SNAKE, e.g. DUISBURG); did you mean {fix!r}?",
                position,
                column,
            )


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


def validate_shipments(
    shipments: pd.DataFrame,
    *,
    source: str = "shipments",
    line_numbers: bool = False,
    week_start: pd.Timestamp | str | _dt.datetime | None = None,
) -> pd.DataFrame:
    """Check a shipments table and return it normalised and sorted.

    Columns: see :data:`SHIPMENT_COLUMNS`. Extra columns are kept. The result has
    a ``RangeIndex``, the canonical columns with proper dtypes, and is sorted by
    ``(arrival_h, id)``, the order ties are broken in.

    Parameters
    ----------
    shipments
        The table.
    source
        Name used in error messages (the file path when read from a file).
    line_numbers
        Report rows as line numbers of a file with a header line (else index labels).
    week_start
        Origin of the time axis when times are given as timestamps (``arrival``,
        ``due``); default: Monday 00:00 of the week of the earliest timestamp.

    Raises
    ------
    DataValidationError
        Listing every problem (file, row, column, what to fix).
    """
    checker = _Checker(shipments.reset_index(drop=True), source, line_numbers)
    start = None if week_start is None else pd.Timestamp(week_start)
    if not checker.require(SHIPMENT_COLUMNS, alternatives={"arrival_h": "arrival", "due_h": "due"}):
        raise DataValidationError(checker.problems)
    ids = checker.text("id")
    _duplicates(checker, ids, "id", "make shipment ids unique")
    arrival_h, start = checker.times("arrival_h", "arrival", start)
    due_h, start = checker.times("due_h", "due", start)
    teu = checker.numbers("teu", minimum=0, strict=True, integer=True)
    destination = checker.text("destination")
    _node_ids(checker, destination, "destination")
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
) -> pd.DataFrame:
    """Check a departures table and return it normalised and sorted.

    Columns: see :data:`DEPARTURE_COLUMNS`. Extra columns are kept. The result is
    sorted by ``(departure_h, service_id)``; ``destinations`` and ``transit_time_h``
    stay ``';'``-strings and a parsed ``transit_by_destination`` column (dict of
    destination -> hours) is added.

    Raises
    ------
    DataValidationError
        Listing every problem (file, row, column, what to fix).
    """
    checker = _Checker(departures.reset_index(drop=True), source, line_numbers)
    start = None if week_start is None else pd.Timestamp(week_start)
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
    served: list[tuple[str, ...]] = []
    for position, raw in enumerate(checker.text("destinations")):
        if raw is None:
            served.append(())
            continue
        parts = tuple(p.strip() for p in raw.split(";") if p.strip())
        if not parts:
            checker.add("no destination: list node ids separated by ';'", position, "destinations")
        bad = [p for p in parts if not _NODE_ID.match(p)]
        for p in bad:
            checker.add(
                f"{p!r} is not a node id (UPPER_SNAKE, e.g. DUISBURG)", position, "destinations"
            )
        if len(set(parts)) != len(parts):
            checker.add("a destination is listed twice", position, "destinations")
        served.append(parts)
    transit: list[dict[str, float]] = []
    fix_transit = (
        "; give the hours to each destination (one number, or a ';'-list in the order of "
        "destinations)"
    )
    for position, raw in enumerate(checker.table["transit_time_h"].tolist()):
        parts_d = served[position]
        if _missing(raw):
            checker.add("missing transit time" + fix_transit, position, "transit_time_h")
            transit.append({})
            continue
        pieces = [p.strip() for p in str(raw).split(";")] if isinstance(raw, str) else [raw]
        numbers = [_to_float(p) for p in pieces]
        if any(n is None or not math.isfinite(n) or n <= 0 for n in numbers):
            checker.add(f"not a positive number: {raw!r}" + fix_transit, position, "transit_time_h")
            transit.append({})
            continue
        if len(numbers) == 1:
            numbers = numbers * len(parts_d)
        if parts_d and len(numbers) != len(parts_d):
            checker.add(
                f"{len(numbers)} transit times for {len(parts_d)} destinations" + fix_transit,
                position,
                "transit_time_h",
            )
            transit.append({})
            continue
        transit.append(dict(zip(parts_d, numbers, strict=True)))  # type: ignore[arg-type]
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


# --------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CostBreakdown:
    """Total cost of a plan, split by kind (CNY).

    Attributes
    ----------
    train_fixed_cny
        Fixed cost of the trains that run.
    train_variable_cny
        Per-TEU charges of the trains (``cost_cny_per_teu`` of the departures).
    holding_cny
        Yard holding at the centre (trains and fallback).
    lateness_cny
        Lateness penalties at the destination (trains and fallback).
    fallback_cny
        Transport cost of the fallback.
    time_value_cny
        Inventory cost of the goods in the pipeline (``value_of_time_share_per_day``).
    """

    train_fixed_cny: float
    train_variable_cny: float
    holding_cny: float
    lateness_cny: float
    fallback_cny: float
    time_value_cny: float

    @property
    def total_cny(self) -> float:
        """Sum of every part (CNY)."""
        return (
            self.train_fixed_cny
            + self.train_variable_cny
            + self.holding_cny
            + self.lateness_cny
            + self.fallback_cny
            + self.time_value_cny
        )

    def to_series(self) -> pd.Series:
        """Return the parts and the total as a Series (CNY)."""
        return pd.Series(
            {
                "train_fixed_cny": self.train_fixed_cny,
                "train_variable_cny": self.train_variable_cny,
                "holding_cny": self.holding_cny,
                "lateness_cny": self.lateness_cny,
                "fallback_cny": self.fallback_cny,
                "time_value_cny": self.time_value_cny,
                "total_cny": self.total_cny,
            }
        )


@dataclass(frozen=True)
class ConsolidationPlan:
    """Which trains run, what each carries, and where every shipment goes.

    Attributes
    ----------
    trains
        One row per departure (time order): ``service_id, destinations, departure_h,
        capacity_teu, min_load_teu, reefer_slots, runs, load_teu, reefer_teu,
        n_shipments, fill_rate`` (load / capacity, 0 when the train does not run),
        ``fixed_cost_cny`` (input) and ``cost_cny`` (fixed + per-TEU charges if it
        runs, else 0).
    shipments
        One row per shipment (order: arrival, id): ``shipment_id, destination, teu,
        reefer, dangerous_goods, arrival_h, ready_h, due_h, mode`` (``"train"`` or
        ``"fallback"``), ``service_id`` (empty for the fallback), ``departure_h,
        arrival_at_destination_h, dwell_h, lateness_h``, the costs
        ``holding_cny, lateness_cny, transport_cny, time_value_cny, cost_cny``,
        ``fallback_reason`` (see :data:`REASONS`), ``fallback_detail``, the
        model's ``group`` and ``component``, and any extra input columns.
    cost
        The total cost split by kind.
    solve_info
        How CP-SAT ended (objective and bound in CNY, over all components).
    components
        One row per independent sub-problem: destinations, shipments, groups,
        departures, status, objective/bound (CNY) and time.
    meta
        Provenance: parameters, seed, versions, scaling, sizes.
    """

    trains: pd.DataFrame
    shipments: pd.DataFrame
    cost: CostBreakdown
    solve_info: SolveInfo
    components: pd.DataFrame
    meta: Mapping[str, Any]

    @property
    def running(self) -> pd.DataFrame:
        """The trains that run."""
        return self.trains[self.trains["runs"]].reset_index(drop=True)

    def manifest(self, service_id: str) -> pd.DataFrame:
        """The shipments on one departure, by arrival at the centre.

        Raises
        ------
        KeyError
            If ``service_id`` is not a departure of the plan.
        """
        if service_id not in set(self.trains["service_id"]):
            close = get_close_matches(service_id, self.trains["service_id"].tolist(), n=3)
            message = f"no departure {service_id!r}" + (
                f"; did you mean {', '.join(close)}?" if close else ""
            )
            raise KeyError(message)
        rows = self.shipments[self.shipments["service_id"] == service_id]
        return rows.reset_index(drop=True)

    def manifests(self) -> dict[str, pd.DataFrame]:
        """Manifests of the trains that run, by service id (time order)."""
        return {sid: self.manifest(sid) for sid in self.running["service_id"]}

    @property
    def fallback(self) -> pd.DataFrame:
        """The shipments that go to the fallback, with their reason."""
        rows = self.shipments[self.shipments["mode"] == "fallback"]
        return rows.reset_index(drop=True)

    def to_csv(self, directory: str | os.PathLike[str]) -> list[Path]:
        """Write ``trains.csv``, ``shipments.csv``, ``cost.csv`` and one CSV per train.

        Train manifests go to ``manifests/<service_id>.csv`` (characters other than
        letters, digits, ``.``, ``-`` and ``_`` become ``_``). Returns the paths.
        """
        out = Path(directory)
        (out / "manifests").mkdir(parents=True, exist_ok=True)
        paths = [out / "trains.csv", out / "shipments.csv", out / "cost.csv"]
        self.trains.to_csv(paths[0], index=False)
        self.shipments.to_csv(paths[1], index=False)
        self.cost.to_series().rename("cny").to_csv(paths[2], index_label="part")
        for sid, manifest in self.manifests().items():
            path = out / "manifests" / (re.sub(r"[^A-Za-z0-9._-]", "_", sid) + ".csv")
            manifest.to_csv(path, index=False)
            paths.append(path)
        return paths

    def summary(self, max_trains: int = 20) -> str:
        """A short text report: trains that run, fallback, cost split, solver."""
        ships = self.shipments
        running = self.running
        lines = [
            f"Block-train consolidation: {len(ships)} shipments ({int(ships['teu'].sum()):,} TEU), "
            f"{len(self.trains)} departures",
            f"Trains that run: {len(running)} of {len(self.trains)}"
            + (
                f", mean fill {running['fill_rate'].mean():.1%}, "
                f"{int(running['load_teu'].sum()):,} TEU by train"
                if len(running)
                else ""
            ),
        ]
        if len(running):
            head = f"  {'service_id':<24} {'departs_h':>9} {'load/cap TEU':>13} {'fill':>6}  to"
            lines.append(head)
            for row in running.head(max_trains).itertuples():
                lines.append(
                    f"  {row.service_id:<24} {row.departure_h:>9.1f} "
                    f"{f'{row.load_teu}/{row.capacity_teu}':>13} {row.fill_rate:>6.1%}  "
                    f"{row.destinations}"
                )
            if len(running) > max_trains:
                lines.append(f"  ... {len(running) - max_trains} more")
        fallback = self.fallback
        reasons = fallback["fallback_reason"].value_counts()
        reason_text = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items()))
        lines.append(
            f"Fallback: {len(fallback)} shipments ({int(fallback['teu'].sum()):,} TEU)"
            + (f": {reason_text}" if reason_text else "")
        )
        c = self.cost
        lines.append(
            f"Cost (CNY): trains {c.train_fixed_cny:,.0f} fixed"
            + (f" + {c.train_variable_cny:,.0f} per TEU" if c.train_variable_cny else "")
            + f"; holding {c.holding_cny:,.0f}; lateness {c.lateness_cny:,.0f}; "
            f"fallback {c.fallback_cny:,.0f}"
            + (f"; time value {c.time_value_cny:,.0f}" if c.time_value_cny else "")
            + f"; total {c.total_cny:,.0f}"
        )
        lines.append(f"Solver: {self.solve_info} [{len(self.components)} components]")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


# --------------------------------------------------------------------------------------
# The entry point
# --------------------------------------------------------------------------------------

FORMULATIONS = ("aggregated", "naive")


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
    from ..routing import route
    from ..shipment import Shipment

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
    for position, (raw, served) in enumerate(zip(values, table["destinations"])):
        if _missing(raw) and isinstance(served, str):
            parts = [p.strip() for p in served.split(";") if p.strip()]
            values[position] = ";".join(f"{hours(d):g}" for d in parts)
    table["transit_time_h"] = values
    return table


def consolidate(
    shipments: pd.DataFrame | str | os.PathLike[str],
    departures: pd.DataFrame | str | os.PathLike[str],
    *,
    costs: ConsolidationCosts | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    time_limit_s: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    formulation: str = "aggregated",
    cost_scaling: str = "fen",
    week_start: pd.Timestamp | str | _dt.datetime | None = None,
    network: Network | None = None,
    origin: str = "XIAN_PORT",
) -> ConsolidationPlan:
    """Choose the block trains that run and load them (CP-SAT).

    Every shipment either boards one compatible departure or takes the fallback.
    Constraints: a shipment leaves no earlier than ``arrival_h + handling_h``, on a
    departure serving its destination, with reefer slots for reefer boxes and
    dangerous-goods permission for dangerous goods; a train carries at most
    ``capacity_teu`` and ``reefer_slots``; a train runs only if its load reaches
    ``min_load_teu`` (a train that does not run carries nothing). The objective is
    the total cost: fixed train costs, per-TEU charges, yard holding, lateness,
    fallback transport and (optionally) the time value of the goods.

    Parameters
    ----------
    shipments, departures
        DataFrames or paths to CSV/Parquet files; columns in :data:`SHIPMENT_COLUMNS`
        and :data:`DEPARTURE_COLUMNS`.
    costs
        :class:`ConsolidationCosts`, a mapping, or a ``.toml``/``.json`` path;
        default ``ConsolidationCosts()``.
    time_limit_s
        Wall-clock budget of CP-SAT over all sub-problems, seconds.
    workers
        CP-SAT workers (threads) per solve.
    seed
        CP-SAT random seed; with ``workers`` fixed the search is reproducible.
    formulation
        ``"aggregated"`` (default: decomposition, integer group counts, hint) or
        ``"naive"`` (one Boolean per shipment and departure: the baseline).
    cost_scaling
        ``"fen"`` (CNY x 100, default) or ``"cny"`` (whole CNY).
    week_start
        Origin of the time axis when the tables give timestamps instead of hours.
    network
        If given, every destination must be a node id of this network (e.g.
        ``multimodal.load_network()``); unknown ids are reported with suggestions; and
        departures without ``transit_time_h`` get it from the network (see
        ``fill_transit_times``).
    origin
        The assembly centre the trains leave from, for transit times from the network.

    Returns
    -------
    ConsolidationPlan

    Raises
    ------
    DataValidationError
        For malformed tables, costs or arguments (every problem at once).
    InfeasibleError
        When the fallback is forbidden and some shipment cannot go by train.
    SolverError
        When CP-SAT fails, or finds no plan in time for shipments without fallback.

    Warns
    -----
    TimeLimitWarning
        When the time limit stops the search before optimality (see ``solve_info``).

    Examples
    --------
    >>> from multimodal.consolidation.generate import generate_week
    >>> shipments, departures, costs = generate_week(seed=1, n_shipments=40, n_departures=8)
    >>> plan = consolidate(shipments, departures, costs=costs, time_limit_s=5)
    >>> plan.solve_info.status
    'optimal'
    """
    _check_arguments(time_limit_s, workers, seed, formulation, cost_scaling)
    costs_obj = _as_costs(costs)
    ship_table, ship_source, ship_lines = _as_table(shipments, "shipments")
    dep_table, dep_source, dep_lines = _as_table(departures, "departures")
    if network is not None:
        dep_table = fill_transit_times(dep_table, network, origin=origin)
    start = None if week_start is None else pd.Timestamp(week_start)
    if start is None:
        start = _infer_week_start(ship_table, dep_table)
    ships = validate_shipments(
        ship_table, source=ship_source, line_numbers=ship_lines, week_start=start
    )
    deps = validate_departures(
        dep_table, source=dep_source, line_numbers=dep_lines, week_start=start
    )

    if network is not None:
        _check_nodes(network, ships, deps, ship_source, dep_source)
    prep = _prepare(ships, deps, costs_obj, _m.SCALINGS[cost_scaling])
    groups = _m.group_shipments(prep)
    _check_fallback_feasibility(prep, groups, ships)
    int_costs = _m.integer_costs(prep, groups)

    if formulation == "aggregated":
        results = _m.solve_aggregated(
            prep, groups, int_costs, time_limit_s=time_limit_s, workers=workers, seed=seed
        )
        choice = _m.disaggregate(results, prep, groups, int_costs)
        info, components = _aggregate_info(results, prep, groups, int_costs, ships, deps)
    else:
        raw, maybe_choice = _m.solve_naive(
            prep, groups, int_costs, time_limit_s=time_limit_s, workers=workers, seed=seed
        )
        if raw.status == "infeasible":
            message = (
                "no plan serves every shipment without a fallback: add departures or "
                "capacity, or allow a fallback"
            )
            raise InfeasibleError(message)
        if maybe_choice is None:
            from ..exceptions import SolverError

            message = "CP-SAT found no plan within the time limit; raise time_limit_s"
            raise SolverError(message)
        choice = maybe_choice
        factor = prep.scaling.factor
        info = SolveInfo(
            solver="CP-SAT",
            status=raw.status,
            objective=raw.objective / factor,
            best_bound=raw.best_bound / factor,
            solve_time_s=raw.wall_time_s,
            time_limit_reached=raw.time_limit_reached,
        )
        components = pd.DataFrame(
            [
                {
                    "component": 0,
                    "destinations": ";".join(sorted(set(prep.destination))),
                    "n_shipments": prep.n_shipments,
                    "n_groups": prep.n_shipments,
                    "n_departures": prep.n_departures,
                    "status": info.status,
                    "objective_cny": info.objective,
                    "best_bound_cny": info.best_bound,
                    "solve_time_s": info.solve_time_s,
                }
            ]
        )
    info.warn_if_stopped("block-train consolidation")
    plan = _build_plan(prep, groups, choice, ships, deps, info, components)
    meta = {
        "function": "multimodal.consolidation.consolidate",
        "formulation": formulation,
        "time_limit_s": float(time_limit_s),
        "workers": int(workers),
        "seed": int(seed),
        "cost_scaling": f"{cost_scaling} (x{prep.scaling.factor} per CNY), times in minutes",
        "costs": costs_obj.to_dict(),
        "week_start": None if start is None else str(start),
        "n_shipments": prep.n_shipments,
        "n_departures": prep.n_departures,
        "n_groups": len(groups.members),
        "n_components": len(groups.components),
        "ortools": _ortools_version,
        "created_utc": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    }
    logger.info("consolidation: %s", info)
    return ConsolidationPlan(
        trains=plan[0],
        shipments=plan[1],
        cost=plan[2],
        solve_info=info,
        components=components,
        meta=MappingProxyType(meta),
    )


def _check_arguments(
    time_limit_s: float, workers: int, seed: int, formulation: str, cost_scaling: str
) -> None:
    problems = []
    if not _is_number(time_limit_s) or time_limit_s <= 0:
        problems.append(Problem(f"time_limit_s must be > 0 seconds, got {time_limit_s!r}"))
    if not isinstance(workers, int | np.integer) or isinstance(workers, bool) or workers < 1:
        problems.append(Problem(f"workers must be an integer >= 1, got {workers!r}"))
    if not isinstance(seed, int | np.integer) or isinstance(seed, bool) or seed < 0:
        problems.append(Problem(f"seed must be an integer >= 0, got {seed!r}"))
    if formulation not in FORMULATIONS:
        problems.append(Problem(f"formulation must be one of {FORMULATIONS}, got {formulation!r}"))
    if cost_scaling not in _m.SCALINGS:
        problems.append(
            Problem(f"cost_scaling must be one of {tuple(_m.SCALINGS)}, got {cost_scaling!r}")
        )
    if problems:
        raise DataValidationError(problems)


def _as_costs(
    costs: ConsolidationCosts | Mapping[str, Any] | str | os.PathLike[str] | None,
) -> ConsolidationCosts:
    if costs is None:
        return ConsolidationCosts()
    if isinstance(costs, ConsolidationCosts):
        return costs
    if isinstance(costs, Mapping):
        return ConsolidationCosts.from_dict(costs)
    if isinstance(costs, str | os.PathLike):
        return ConsolidationCosts.from_file(costs)
    message = f"costs must be ConsolidationCosts, a mapping or a file path, got {type(costs)}"
    raise DataValidationError(Problem(message))


def _as_table(
    table: pd.DataFrame | str | os.PathLike[str], name: str
) -> tuple[pd.DataFrame, str, bool]:
    if isinstance(table, pd.DataFrame):
        return table, name, False
    if isinstance(table, str | os.PathLike):
        return _read_table(table), str(table), True
    message = f"{name} must be a DataFrame or a CSV/Parquet path, got {type(table).__name__}"
    raise DataValidationError(Problem(message, file=name))


def _infer_week_start(*tables: pd.DataFrame) -> pd.Timestamp | None:
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


def _check_nodes(
    network: Network, ships: pd.DataFrame, deps: pd.DataFrame, ship_source: str, dep_source: str
) -> None:
    """Every destination must be a node of ``network`` (problems name the fix)."""
    from ..exceptions import UnknownNodeError

    wanted: dict[str, tuple[str, str]] = {}
    for dest in ships["destination"]:
        wanted.setdefault(dest, (ship_source, "destination"))
    for served in deps["destinations"]:
        for dest in served.split(";"):
            wanted.setdefault(dest, (dep_source, "destinations"))
    problems = []
    for dest, (source, column) in sorted(wanted.items()):
        try:
            network.node_index(dest)
        except UnknownNodeError as error:
            problems.append(Problem(str(error), file=source, column=column))
    if problems:
        raise DataValidationError(problems)


def _prepare(
    ships: pd.DataFrame,
    deps: pd.DataFrame,
    costs: ConsolidationCosts,
    scaling: _m.CostScaling,
) -> _m.Prepared:
    fallback: list[tuple[float, float, float] | None] = []
    for dest in ships["destination"]:
        option = costs.fallback_for(dest)
        fallback.append(
            None if option is None else (option.cost_cny_per_teu, option.transit_h, option.wait_h)
        )
    prep = _m.Prepared(
        arrival_h=ships["arrival_h"].to_numpy(dtype=float),
        teu=ships["teu"].to_numpy(dtype=np.int64),
        destination=ships["destination"].tolist(),
        due_h=ships["due_h"].to_numpy(dtype=float),
        reefer=ships["reefer"].to_numpy(dtype=bool),
        dangerous_goods=ships["dangerous_goods"].to_numpy(dtype=bool),
        priority=ships["priority"].to_numpy(dtype=float),
        value_cny=ships["value_cny"].to_numpy(dtype=float),
        departure_h=deps["departure_h"].to_numpy(dtype=float),
        destinations=[tuple(s.split(";")) for s in deps["destinations"]],
        transit_h=list(deps["transit_by_destination"]),
        capacity_teu=deps["capacity_teu"].to_numpy(dtype=np.int64),
        min_load_teu=deps["min_load_teu"].to_numpy(dtype=np.int64),
        reefer_slots=deps["reefer_slots"].to_numpy(dtype=np.int64),
        dep_dangerous_goods=deps["dangerous_goods"].to_numpy(dtype=bool),
        fixed_cost_cny=deps["fixed_cost_cny"].to_numpy(dtype=float),
        cost_cny_per_teu=deps["cost_cny_per_teu"].to_numpy(dtype=float),
        holding_cny_per_teu_day=float(costs.holding_cny_per_teu_day),
        lateness_cny_per_teu_day=float(costs.lateness_cny_per_teu_day),
        handling_h=float(costs.handling_h),
        value_of_time_share_per_day=float(costs.value_of_time_share_per_day),
        fallback=fallback,
        scaling=scaling,
        service_ids=deps["service_id"].tolist(),
    )
    prep.compute_feasibility()
    return prep


def _check_fallback_feasibility(prep: _m.Prepared, groups: _m.Groups, ships: pd.DataFrame) -> None:
    """Shipments with no departure and no fallback make the problem infeasible."""
    stuck = [
        s for s in range(prep.n_shipments) if not prep.feasible[s] and prep.fallback[s] is None
    ]
    if stuck:
        names = ", ".join(
            f"{ships.at[s, 'id']} ({_no_compatible_detail(prep, s)})" for s in stuck[:5]
        )
        more = f" and {len(stuck) - 5} more" if len(stuck) > 5 else ""
        message = (
            f"{len(stuck)} shipment(s) have no compatible departure and no fallback: "
            f"{names}{more}. Add a departure, or allow a fallback for their destination"
        )
        raise InfeasibleError(message)


def _aggregate_info(
    results: list[_m.ComponentResult],
    prep: _m.Prepared,
    groups: _m.Groups,
    costs: _m.IntegerCosts,
    ships: pd.DataFrame,
    deps: pd.DataFrame,
) -> tuple[SolveInfo, pd.DataFrame]:
    """One SolveInfo over every component, plus the per-component table."""
    factor = prep.scaling.factor
    in_component = set()
    for result in results:
        for g in result.groups:
            in_component.update(groups.members[g])
    # shipments in no component can only take the fallback: a constant of the objective
    constant = sum(
        costs.fallback[s]  # type: ignore[misc]
        for s in range(prep.n_shipments)
        if s not in in_component
    )
    objective = constant + sum(r.objective for r in results)
    bound = constant + sum(r.best_bound for r in results)
    statuses = {r.status for r in results}
    status = OPTIMAL if statuses <= {OPTIMAL} else FEASIBLE
    info = SolveInfo(
        solver="CP-SAT",
        status=status,
        objective=objective / factor,
        best_bound=bound / factor,
        solve_time_s=sum(r.solve_time_s for r in results),
        time_limit_reached=any(r.time_limit_reached for r in results),
    )
    rows = []
    for r in results:
        members = [s for g in r.groups for s in groups.members[g]]
        rows.append(
            {
                "component": r.index,
                "destinations": ";".join(sorted({prep.destination[s] for s in members})),
                "n_shipments": len(members),
                "n_groups": len(r.groups),
                "n_departures": len(r.departures),
                "status": r.status,
                "objective_cny": r.objective / factor,
                "best_bound_cny": r.best_bound / factor,
                "solve_time_s": r.solve_time_s,
            }
        )
    columns = [
        "component",
        "destinations",
        "n_shipments",
        "n_groups",
        "n_departures",
        "status",
        "objective_cny",
        "best_bound_cny",
        "solve_time_s",
    ]
    return info, pd.DataFrame(rows, columns=columns)


_DECISION_COLUMNS = [
    "shipment_id",
    "mode",
    "service_id",
    "departure_h",
    "arrival_at_destination_h",
    "dwell_h",
    "lateness_h",
    "holding_cny",
    "lateness_cny",
    "transport_cny",
    "time_value_cny",
    "cost_cny",
    "fallback_reason",
    "fallback_detail",
    "group",
    "component",
]


def _build_plan(
    prep: _m.Prepared,
    groups: _m.Groups,
    choice: np.ndarray,
    ships: pd.DataFrame,
    deps: pd.DataFrame,
    info: SolveInfo,
    components: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, CostBreakdown]:
    n_dep = prep.n_departures
    load = np.zeros(n_dep, dtype=np.int64)
    reefer_load = np.zeros(n_dep, dtype=np.int64)
    count = np.zeros(n_dep, dtype=np.int64)
    for s, d in enumerate(choice):
        if d >= 0:
            load[d] += prep.teu[s]
            count[d] += 1
            if prep.reefer[s]:
                reefer_load[d] += prep.teu[s]
    runs = load > 0
    component_of_group = {}
    for index, (group_ids, _) in enumerate(groups.components):
        for g in group_ids:
            component_of_group[g] = index

    records = []
    for s in range(prep.n_shipments):
        d = int(choice[s])
        option = prep.train_option(s, d) if d >= 0 else prep.fallback_option(s)
        assert option is not None  # a fallback exists when no train was chosen
        reason, detail = ("", "")
        if d < 0:
            reason, detail = _fallback_reason(s, prep, choice, load, reefer_load, runs)
        records.append(
            {
                "shipment_id": ships.at[s, "id"],
                "mode": "train" if d >= 0 else "fallback",
                "service_id": deps.at[d, "service_id"] if d >= 0 else "",
                "departure_h": option.departure_h,
                "arrival_at_destination_h": option.arrival_at_destination_h,
                "dwell_h": option.dwell_h,
                "lateness_h": option.lateness_h,
                "holding_cny": option.holding_cny,
                "lateness_cny": option.lateness_cny,
                "transport_cny": option.transport_cny,
                "time_value_cny": option.time_value_cny,
                "cost_cny": option.total_cny,
                "fallback_reason": reason,
                "fallback_detail": detail,
                "group": int(groups.group_of[s]),
                "component": component_of_group.get(int(groups.group_of[s]), -1),
            }
        )
    decided = pd.DataFrame.from_records(records, columns=_DECISION_COLUMNS)
    base = ships[["destination", "teu", "reefer", "dangerous_goods", "arrival_h", "due_h"]].copy()
    base.insert(0, "shipment_id", ships["id"])
    base.insert(6, "ready_h", prep.ready_h)
    extras = ships[[c for c in ships.columns if c not in SHIPMENT_COLUMNS]]
    shipment_table = pd.concat(
        [base, decided.drop(columns=["shipment_id"]), ships[["priority", "value_cny"]], extras],
        axis=1,
    )

    fill = np.where(runs, load / prep.capacity_teu, 0.0)
    variable = np.zeros(n_dep)
    for s, d in enumerate(choice):
        if d >= 0:
            variable[d] += prep.cost_cny_per_teu[d] * prep.teu[s]
    trains = deps[
        [
            "service_id",
            "destinations",
            "departure_h",
            "transit_time_h",
            "capacity_teu",
            "min_load_teu",
            "reefer_slots",
            "dangerous_goods",
        ]
    ].copy()
    trains["runs"] = runs
    trains["load_teu"] = load
    trains["reefer_teu"] = reefer_load
    trains["n_shipments"] = count
    trains["fill_rate"] = fill
    trains["fixed_cost_cny"] = deps["fixed_cost_cny"]
    trains["cost_cny"] = np.where(runs, deps["fixed_cost_cny"].to_numpy() + variable, 0.0)
    dep_extras = [
        c for c in deps.columns if c not in DEPARTURE_COLUMNS and c != "transit_by_destination"
    ]
    trains = pd.concat([trains, deps[dep_extras]], axis=1)

    on_train = shipment_table["mode"] == "train"
    cost = CostBreakdown(
        train_fixed_cny=float(deps["fixed_cost_cny"].to_numpy()[runs].sum()),
        train_variable_cny=float(shipment_table.loc[on_train, "transport_cny"].sum()),
        holding_cny=float(shipment_table["holding_cny"].sum()),
        lateness_cny=float(shipment_table["lateness_cny"].sum()),
        fallback_cny=float(shipment_table.loc[~on_train, "transport_cny"].sum()),
        time_value_cny=float(shipment_table["time_value_cny"].sum()),
    )
    return trains, shipment_table, cost


def _no_compatible_detail(prep: _m.Prepared, s: int) -> str:
    """Why shipment ``s`` has no compatible departure, in words."""
    dest = prep.destination[s]
    teu = int(prep.teu[s])
    serving = [d for d in range(prep.n_departures) if dest in prep.destinations[d]]
    if not serving:
        return f"no departure serves {dest}"
    fitting = [d for d in serving if teu <= prep.capacity_teu[d]]
    if not fitting:
        return f"{teu} TEU exceeds the capacity of every departure to {dest}"
    if prep.reefer[s]:
        fitting = [d for d in fitting if prep.reefer_slots[d] >= teu]
        if not fitting:
            return f"no departure to {dest} has {teu} TEU of reefer slots"
    if prep.dangerous_goods[s]:
        fitting = [d for d in fitting if prep.dep_dangerous_goods[d]]
        if not fitting:
            return f"no departure to {dest} accepts dangerous goods"
    last = max(float(prep.departure_h[d]) for d in fitting)
    return (
        f"ready at {prep.ready_h[s]:.1f} h (arrival + handling), after the last "
        f"compatible departure to {dest} at {last:.1f} h"
    )


def _fallback_reason(
    s: int,
    prep: _m.Prepared,
    choice: np.ndarray,
    load: np.ndarray,
    reefer_load: np.ndarray,
    runs: np.ndarray,
) -> tuple[str, str]:
    """Reason code and detail for a shipment sent to the fallback (a diagnostic)."""
    feasible = prep.feasible[s]
    if not feasible:
        return REASON_NO_COMPATIBLE, _no_compatible_detail(prep, s)
    teu = int(prep.teu[s])
    fallback = prep.fallback_option(s)
    fb_cost = fallback.total_cny if fallback is not None else math.nan
    running = [d for d in feasible if runs[d]]
    with_room = [d for d in running if load[d] + teu <= prep.capacity_teu[d]]
    if prep.reefer[s]:
        fits = [d for d in with_room if reefer_load[d] + teu <= prep.reefer_slots[d]]
        if with_room and not fits:
            return REASON_REEFER, "reefer slots full on " + ", ".join(
                _dep_name(prep, d) for d in with_room[:3]
            )
        with_room = fits
    if with_room:
        best = min(with_room, key=lambda d: (prep.train_option(s, d).total_cny, d))
        train_cost = prep.train_option(s, best).total_cny
        return REASON_CHEAPER, (
            f"fallback {fb_cost:,.0f} CNY < {train_cost:,.0f} CNY on the running "
            f"departure {_dep_name(prep, best)}"
        )
    idle = [d for d in feasible if not runs[d]]
    if not idle:
        return REASON_CAPACITY, "full: " + ", ".join(
            f"{_dep_name(prep, d)} {load[d]}/{prep.capacity_teu[d]} TEU" for d in running[:3]
        )
    # could an idle departure have reached its minimum load with the boxes left over?
    left = np.flatnonzero(choice < 0)
    reachable = []
    for d in idle:
        potential = sum(int(prep.teu[t]) for t in left if d in prep.feasible[t])
        if potential >= prep.min_load_teu[d]:
            reachable.append(d)
    if not reachable:
        d = idle[0]
        potential = sum(int(prep.teu[t]) for t in left if d in prep.feasible[t])
        return REASON_MIN_LOAD, (
            f"{_dep_name(prep, d)} does not run: at most {potential} TEU for it, "
            f"minimum {prep.min_load_teu[d]} TEU"
        )
    d = reachable[0]
    return REASON_CHEAPER, (
        f"running {_dep_name(prep, d)} (fixed {prep.fixed_cost_cny[d]:,.0f} CNY) costs "
        "more than the fallback of the boxes it could take"
    )


def _dep_name(prep: _m.Prepared, d: int) -> str:
    return prep.service_ids[d] if prep.service_ids else f"departure {d}"
