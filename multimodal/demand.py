"""Freight demand tables: their column contract, validation and loaders.

A demand table has one row per origin-destination pair and cargo class, with the weekly
quantity to move. Columns (units in the names):

============================  ========  =================================================
column                        required  meaning
============================  ========  =================================================
``origin``, ``destination``   yes       node ids or names, English or Chinese
``cargo_class``               no        ``general`` (default), ``reefer``,
                                        ``dangerous_goods`` or a designated-port class
``teu_per_week``              one of    TEU per week, >= 0
``weight_t_per_week``         the two   tonnes of cargo per week, >= 0; the missing one
                                        is derived at ``units.T_PER_TEU`` (10 t per TEU)
``cargo_value_cny_per_teu``   no        value of the cargo in one TEU (CNY), for the
                                        value of time in the generalized objective
``id``                        no        a unique row id (generated when absent)
``segment``                   no        a free label of the market the row belongs to
``note``                      no        free text
============================  ========  =================================================

``validate_demand`` checks a table against a network and returns the clean frame;
``read_demand`` reads and validates a CSV or Parquet file; ``load_demand`` returns a
built-in demand. Every problem of a table is reported at once, each naming the file, the
row (0-based position of the data row, with its id) and the column.
"""

from __future__ import annotations

import io
import logging
import math
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from ._encoding import read_text
from ._validate import (
    file_lines,
    is_missing,
    missing_columns,
    number_column,
    row_label,
    suggest,
)
from .exceptions import DataValidationError, ParameterError, Problem, UnknownNodeError
from .io import data_dir
from .modes import CargoClass
from .network import Network, load_network
from .units import T_PER_TEU

logger = logging.getLogger("multimodal")

#: Columns of a clean demand table, in order.
DEMAND_COLUMNS = (
    "id",
    "origin",
    "destination",
    "cargo_class",
    "teu_per_week",
    "weight_t_per_week",
    "cargo_value_cny_per_teu",
    "segment",
    "note",
)
REQUIRED_COLUMNS = ("origin", "destination")
QUANTITY_COLUMNS = ("teu_per_week", "weight_t_per_week")
_NUMBER_COLUMNS = (*QUANTITY_COLUMNS, "cargo_value_cny_per_teu")
_NUMBER_UNITS = {
    "teu_per_week": "TEU per week",
    "weight_t_per_week": "tonnes per week",
    "cargo_value_cny_per_teu": "CNY per TEU",
}
#: Largest plausible values: beyond them a number is a unit mistake or garbage. World
#: container ports handle about 17 million TEU a week (UNCTAD, 2023); 1e8 TEU a week is
#: six times that, and 1e9 t a week its weight at 10 t per TEU. 1e11 CNY is far beyond
#: the value of the costliest cargo a TEU can hold.
_NUMBER_MAXIMUM = {
    "teu_per_week": 1e8,
    "weight_t_per_week": 1e9,
    "cargo_value_cny_per_teu": 1e11,
}
#: An extra column this close to a contract column (difflib ratio) is taken for a typo.
_TYPO_CUTOFF = 0.75
#: Names forwarders give the required columns (lower case): a column under one of them is
#: named as the one to rename, before any close spelling (which could be another column:
#: 'region' is close to 'origin', 'description' to 'destination').
COLUMN_SYNONYMS = {
    "origin": (
        "from", "from_node", "from_id", "from_city", "from_port", "orig", "o", "source",
        "start", "pickup", "origin_node", "origin_id", "origin_city", "起点", "始发地",
    ),
    "destination": (
        "to", "to_node", "to_id", "to_city", "to_port", "dest", "d", "target", "end",
        "delivery", "destination_node", "destination_id", "destination_city", "终点", "目的地",
    ),
    "teu_per_week": ("teu", "teus", "teu_week", "teu_per_wk", "weekly_teu", "boxes"),
    "weight_t_per_week": ("weight", "weight_t", "tonnes", "tons", "tonnes_per_week", "t"),
}  # fmt: skip

#: Built-in demand tables, in ``data/demand/``.
BUILTIN_DEMANDS = ("shaanxi_weekly",)


def _as_table(frame: object, network: object, file: str | None) -> pd.DataFrame:
    """The table as a DataFrame with one header row and at least one data row.

    Raises
    ------
    ParameterError
        When ``frame`` cannot be a table or ``network`` is not a ``Network``.
    DataValidationError
        For a header of several rows (a MultiIndex) or a table with no rows.
    """
    if not isinstance(network, Network):
        message = f"network must be a Network (e.g. multimodal.load_network()), got {network!r}"
        raise ParameterError(message)
    table = frame if isinstance(frame, pd.DataFrame) else _to_frame(frame)
    if isinstance(table.columns, pd.MultiIndex):
        shown = ", ".join(repr(c) for c in list(table.columns)[:3])
        message = (
            f"the header has {table.columns.nlevels} rows (a MultiIndex: {shown}, ...); give "
            "one header row of column names (table.columns = table.columns.get_level_values(-1))"
        )
        raise DataValidationError(Problem(message, file))
    if len(table) == 0:
        columns = ", ".join(str(c) for c in table.columns) or "none"
        message = (
            f"no rows: the table has a header (columns: {columns}) but no data; give at "
            "least one row of origin, destination and teu_per_week or weight_t_per_week"
        )
        raise DataValidationError(Problem(message, file))
    return table


def _to_frame(data: object) -> pd.DataFrame:
    """A DataFrame of a mapping of columns or a list of rows; ParameterError otherwise."""
    if isinstance(data, str | bytes | PathLike):
        message = (
            f"demand must be a table (a DataFrame or a mapping of columns), got {data!r}; "
            "to read a file use read_demand(path, network)"
        )
        raise ParameterError(message)
    try:
        return pd.DataFrame(data)
    except (TypeError, ValueError) as error:
        message = f"demand must be a table (a DataFrame or a mapping of columns): {error}"
        raise ParameterError(message) from None


def _check_columns(
    frame: pd.DataFrame, file: str | None, problems: list[Problem]
) -> tuple[pd.DataFrame, list[str]]:
    """Normalise column names; report missing and misspelled ones; return the extras."""
    renamed = {c: str(c).strip().lower() for c in frame.columns}
    frame = frame.rename(columns=renamed)
    seen: dict[str, int] = {}
    for column in frame.columns:
        seen[column] = seen.get(column, 0) + 1
    for column, count in seen.items():
        if count > 1:
            message = f"column appears {count} times; keep one"
            problems.append(Problem(message, file, None, column))
    frame = frame.loc[:, ~frame.columns.duplicated()]
    extras: list[str] = []
    for column in frame.columns:
        if column in DEMAND_COLUMNS:
            continue
        close = suggest(column, DEMAND_COLUMNS, n=1, cutoff=_TYPO_CUTOFF)
        if close:
            message = (
                f"unknown column {column!r}; did you mean {close[0]!r}? Rename it (the "
                f"demand columns are {', '.join(DEMAND_COLUMNS)})"
            )
            problems.append(Problem(message, file, None, column))
        else:
            extras.append(column)  # the user's own column: carried through unchanged
    missing_columns(
        frame, REQUIRED_COLUMNS, file, problems, synonyms=COLUMN_SYNONYMS, cutoff=_TYPO_CUTOFF
    )
    if not any(c in frame.columns for c in QUANTITY_COLUMNS):
        message = (
            "neither teu_per_week (TEU per week) nor weight_t_per_week (tonnes per week) is "
            f"present; give at least one (the other is derived at {T_PER_TEU:g} t per TEU)"
        )
        found = [
            (name, column)
            for column in QUANTITY_COLUMNS
            for name in COLUMN_SYNONYMS[column]
            if name in frame.columns
        ]
        if found:
            message += f" (found {found[0][0]!r}: rename it to {found[0][1]!r})"
        elif extras:
            message += f"; the table's other columns are {', '.join(extras)}"
        problems.append(Problem(message, file, None, "teu_per_week"))
    return frame, extras


def _numbers(
    frame: pd.DataFrame, column: str, ids: list[object], file: str | None, problems: list[Problem]
) -> tuple[np.ndarray, np.ndarray]:
    """Parse a number column: values (NaN where blank or bad) and where it was bad.

    Bad values (not a number, infinite, negative, above ``_NUMBER_MAXIMUM``) are reported.
    """
    unit = _NUMBER_UNITS[column]
    values = number_column(frame, column, file, problems, unit=unit, ids=ids, minimum=None)
    if column not in frame.columns:
        return values, np.zeros(len(frame), dtype=bool)
    given = np.array([not is_missing(cell) for cell in frame[column].tolist()], dtype=bool)
    bad = given & np.isnan(values)
    for position in map(int, np.flatnonzero(values < 0)):  # NaN compares False
        message = f"negative value {values[position]:g}; give {unit}, >= 0"
        problems.append(Problem(message, file, row_label(ids, position), column))
        values[position], bad[position] = np.nan, True
    maximum = _NUMBER_MAXIMUM[column]
    for position in map(int, np.flatnonzero(values > maximum)):
        message = (
            f"value {values[position]:g} is beyond any plausible demand (at most {maximum:g} "
            f"{unit}); check the unit and the number"
        )
        problems.append(Problem(message, file, row_label(ids, position), column))
        values[position], bad[position] = np.nan, True
    return values, bad


def _resolve(
    frame: pd.DataFrame,
    column: str,
    network: Network,
    ids: list[object],
    file: str | None,
    problems: list[Problem],
) -> list[str | None]:
    """Node ids for a column of ids or names; None where unknown (reported)."""
    if column not in frame.columns:
        return [None] * len(frame)
    cache: dict[str, str | UnknownNodeError] = {}
    resolved: list[str | None] = []
    for position, value in enumerate(frame[column]):
        if is_missing(value):
            message = "missing node; give a node id or name (English or Chinese)"
            problems.append(Problem(message, file, row_label(ids, position), column))
            resolved.append(None)
            continue
        name = str(value).strip()
        if name not in cache:
            try:
                cache[name] = network.find_node(name)
            except UnknownNodeError as error:
                cache[name] = error
        found = cache[name]
        if isinstance(found, UnknownNodeError):
            problems.append(Problem(str(found), file, row_label(ids, position), column))
            resolved.append(None)
        else:
            resolved.append(found)
    return resolved


def _classes(
    frame: pd.DataFrame, ids: list[object], file: str | None, problems: list[Problem]
) -> list[str | None]:
    if "cargo_class" not in frame.columns:
        return [CargoClass.GENERAL.value] * len(frame)
    classes: list[str | None] = []
    for position, value in enumerate(frame["cargo_class"]):
        if is_missing(value):
            classes.append(CargoClass.GENERAL.value)
            continue
        try:
            classes.append(CargoClass.parse(str(value)).value)
        except ValueError as error:
            problems.append(Problem(str(error), file, row_label(ids, position), "cargo_class"))
            classes.append(None)
    return classes


def _text(frame: pd.DataFrame, column: str) -> list[str]:
    if column not in frame.columns:
        return [""] * len(frame)
    return ["" if is_missing(v) else str(v).strip() for v in frame[column]]


def _quantity_problems(
    teu: np.ndarray,
    weight_t: np.ndarray,
    bad: np.ndarray,
    first_column: str,
    ids: list[object],
    file: str | None,
    problems: list[Problem],
) -> None:
    """Rows without a quantity, or with zero in one column and not the other.

    A row whose quantity was already reported as bad is not reported again.
    """
    for position in map(int, np.flatnonzero(~bad)):
        label = row_label(ids, position)
        if math.isnan(teu[position]) and math.isnan(weight_t[position]):
            message = (
                "no quantity; give teu_per_week (TEU per week) or weight_t_per_week "
                "(tonnes per week)"
            )
            problems.append(Problem(message, file, label, first_column))
        elif (teu[position] == 0) != (weight_t[position] == 0) and not (
            math.isnan(teu[position]) or math.isnan(weight_t[position])
        ):
            message = (
                f"teu_per_week is {teu[position]:g} but weight_t_per_week is "
                f"{weight_t[position]:g}; both must be zero or both positive"
            )
            problems.append(Problem(message, file, label, "weight_t_per_week"))


def _row_ids(
    given: list[str], ids: list[object], file: str | None, problems: list[Problem]
) -> list[str]:
    """Row ids: generated where absent, unique where given (duplicates reported)."""
    first_with_id: dict[str, int] = {}
    for position, ident in enumerate(given):
        if not ident:
            continue
        if ident in first_with_id:
            message = (
                f"duplicate id {ident!r} (also in row {first_with_id[ident]}); give every row "
                "a unique id"
            )
            problems.append(Problem(message, file, row_label(ids, position), "id"))
        else:
            first_with_id[ident] = position
    row_ids = []
    for position, ident in enumerate(given):
        if not ident:  # generated, and never equal to an id the table gives
            ident, suffix = f"row{position}", 0
            while ident in first_with_id:
                suffix += 1
                ident = f"row{position}.{suffix}"
        row_ids.append(ident)
    return row_ids


def _duplicate_rows(
    origins: list[str | None],
    destinations: list[str | None],
    classes: list[str | None],
    ids: list[object],
    file: str | None,
    problems: list[Problem],
) -> None:
    """One row per origin, destination and class.

    Two rows would be summed or assigned twice depending on the caller, so the table
    must say which it means.
    """
    first_of_key: dict[tuple[str, str, str], int] = {}
    for position, (origin, destination, cargo) in enumerate(
        zip(origins, destinations, classes, strict=True)
    ):
        if origin is None or destination is None or cargo is None:
            continue
        key = (origin, destination, cargo)
        if key in first_of_key:
            earlier = first_of_key[key]
            message = (
                f"rows {row_label(ids, earlier)} and {row_label(ids, position)} both give "
                f"{key[0]} -> {key[1]}, {key[2]}; merge them into one row (add their "
                "quantities) or give them different cargo classes"
            )
            problems.append(Problem(message, file, row_label(ids, position), "origin"))
        else:
            first_of_key[key] = position


def validate_demand(
    frame: pd.DataFrame, network: Network, file: str | PathLike[str] | None = None
) -> pd.DataFrame:
    """Check a demand table against a network and return it clean.

    Parameters
    ----------
    frame
        One row per origin, destination and cargo class, with ``teu_per_week`` (TEU per
        week) and/or ``weight_t_per_week`` (tonnes per week); see the module docstring for
        every column. Column names are matched ignoring case and surrounding spaces.
    network
        The network whose nodes the origins and destinations name.
    file
        The file the table came from, for the error messages.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``origin``, ``destination`` (node ids), ``cargo_class`` (the
        class's word, default ``general``), ``teu_per_week`` (TEU/week),
        ``weight_t_per_week`` (t/week; each derived from the other at 10 t per TEU where
        missing), ``cargo_value_cny_per_teu`` (CNY/TEU, NaN where not given), ``segment``,
        ``note``, then any other columns of the input unchanged. A fresh ``RangeIndex``.

    Raises
    ------
    DataValidationError
        Once, listing every problem found: missing or misspelled columns, unknown nodes
        (with the closest names), unknown cargo classes, numbers that are not numbers
        (text, true/false) or are negative or infinite, rows without a quantity, origin
        equal to destination, duplicate ids, and rows repeating the origin, destination
        and cargo class of an earlier row. At once, before any other check, for a table
        with no rows or with a header of several rows (a MultiIndex).
    ParameterError
        When ``frame`` is not a table or ``network`` is not a ``Network``.

    Examples
    --------
    >>> import pandas as pd
    >>> import multimodal
    >>> from multimodal.demand import validate_demand
    >>> net = multimodal.load_network()
    >>> table = pd.DataFrame({"origin": ["汉中"], "destination": ["Duisburg"], "teu_per_week": [4]})
    >>> clean = validate_demand(table, net)
    >>> row = clean.iloc[0]
    >>> row["origin"], row["destination"], float(row["weight_t_per_week"])
    ('CITY_HANZHONG', 'DUISBURG', 40.0)
    """
    file = None if file is None else str(file)
    frame = _as_table(frame, network, file)
    problems: list[Problem] = []
    frame, extras = _check_columns(frame.reset_index(drop=True), file, problems)
    ids: list[object] = list(frame["id"]) if "id" in frame.columns else []

    origins = _resolve(frame, "origin", network, ids, file, problems)
    destinations = _resolve(frame, "destination", network, ids, file, problems)
    classes = _classes(frame, ids, file, problems)
    teu, bad_teu = _numbers(frame, "teu_per_week", ids, file, problems)
    weight_t, bad_weight = _numbers(frame, "weight_t_per_week", ids, file, problems)
    value, _ = _numbers(frame, "cargo_value_cny_per_teu", ids, file, problems)
    quantity_columns = [c for c in QUANTITY_COLUMNS if c in frame.columns]
    if quantity_columns:
        _quantity_problems(
            teu, weight_t, bad_teu | bad_weight, quantity_columns[0], ids, file, problems
        )
    for position, (origin, destination) in enumerate(zip(origins, destinations, strict=True)):
        if origin is not None and origin == destination:
            message = (
                f"origin and destination are the same node ({origin}); a demand row moves "
                "freight between two different nodes"
            )
            problems.append(Problem(message, file, row_label(ids, position), "destination"))
    row_ids = _row_ids(_text(frame, "id"), ids, file, problems)
    _duplicate_rows(origins, destinations, classes, ids, file, problems)

    if problems:
        # Table-level problems first, then row by row (stable: check order within a row).
        problems.sort(key=lambda p: -1 if p.row is None else int(str(p.row).split()[0]))
        raise DataValidationError(problems)

    teu = np.where(np.isnan(teu), weight_t / T_PER_TEU, teu)
    weight_t = np.where(np.isnan(weight_t), teu * T_PER_TEU, weight_t)
    clean = pd.DataFrame(
        {
            "id": row_ids,
            "origin": origins,
            "destination": destinations,
            "cargo_class": classes,
            "teu_per_week": teu.astype(float),
            "weight_t_per_week": weight_t.astype(float),
            "cargo_value_cny_per_teu": value.astype(float),
            "segment": _text(frame, "segment"),
            "note": _text(frame, "note"),
        }
    )
    for column in extras:
        clean[column] = frame[column].to_numpy()
    if extras:
        logger.debug("demand table: extra columns carried through: %s", ", ".join(extras))
    return clean


def read_demand(path: str | PathLike[str], network: Network) -> pd.DataFrame:
    """Read a demand table from a CSV or Parquet file and validate it.

    Parameters
    ----------
    path
        A ``.csv`` or ``.parquet`` file with the columns of the demand contract (see the
        module docstring). A CSV file may be UTF-8 (with or without a byte-order mark),
        UTF-16 with a mark, or Chinese GB18030; other encodings are refused ("save it as
        UTF-8"), see ``multimodal._encoding``.
    network
        The network whose nodes the table names.

    Returns
    -------
    pandas.DataFrame
        The clean table of ``validate_demand`` (TEU per week, tonnes per week).

    Raises
    ------
    DataValidationError
        When the file is missing, unreadable, of another type or in another encoding,
        malformed CSV, empty or header-only, or the table breaks the contract (every
        problem at once, naming the file, row and column).

    Examples
    --------
    >>> import multimodal as mm
    >>> from multimodal.demand import demand_path, read_demand
    >>> table = read_demand(demand_path(), mm.load_network())
    >>> list(table.columns[:4])
    ['id', 'origin', 'destination', 'cargo_class']
    """
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise DataValidationError(Problem("file not found; check the path", name))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame = _read_csv(read_text(path, "demand table"), name)
        with file_lines():  # messages also give the line a spreadsheet shows
            return validate_demand(frame, network, file=name)
    if suffix == ".parquet":
        try:
            frame = pd.read_parquet(path)
        except Exception as error:  # pyarrow raises many types; name the file
            message = f"cannot read the Parquet file ({type(error).__name__}: {error})"
            raise DataValidationError(Problem(message, name)) from None
    else:
        message = f"unsupported file type {suffix!r}; give a .csv or .parquet file"
        raise DataValidationError(Problem(message, name))
    return validate_demand(frame, network, file=name)


def _read_csv(text: str, name: str) -> pd.DataFrame:
    """The cells of CSV text, all as text (the validation, not pandas, reads numbers)."""
    if not text.strip():
        message = "the file is empty; give a header row and at least one data row"
        raise DataValidationError(Problem(message, name))
    try:
        return pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        detail = str(error).strip().replace("\n", " ")
        message = f"malformed CSV ({detail}); check the quoting and the number of fields"
        raise DataValidationError(Problem(message, name)) from None


def demand_path(name: str = "shaanxi_weekly") -> Path:
    """Path of a built-in demand table (``data/demand/<name>.csv``).

    Parameters
    ----------
    name
        One of ``BUILTIN_DEMANDS``.

    Returns
    -------
    pathlib.Path
        The CSV file (the package copy after ``pip install .``).

    Raises
    ------
    ParameterError
        For a name that is not a built-in demand (a ``ValueError``).
    """
    if not isinstance(name, str) or name not in BUILTIN_DEMANDS:
        message = f"unknown built-in demand {name!r:.60}; use one of {', '.join(BUILTIN_DEMANDS)}"
        raise ParameterError(message)
    return data_dir() / "demand" / f"{name}.csv"


def load_demand(name: str = "shaanxi_weekly", *, network: Network | None = None) -> pd.DataFrame:
    """Return a built-in demand table, validated.

    ``shaanxi_weekly`` is an ILLUSTRATIVE weekly freight demand of Shaanxi province
    (TEU and tonnes per week, both directions): the Chang'an China-Europe trains, the
    Western Land-Sea corridor, rail-sea to the coast and Xi'an Xianyang international air
    cargo, derived from public aggregate figures (``docs/demand.md``). It is not observed
    origin-destination data.

    Parameters
    ----------
    name
        The built-in table (``"shaanxi_weekly"``).
    network
        The network to check the nodes against; default the built-in network.

    Returns
    -------
    pandas.DataFrame
        The clean table of ``validate_demand``.

    Raises
    ------
    ParameterError
        For an unknown name (a ``ValueError``).

    Examples
    --------
    >>> from multimodal.demand import load_demand
    >>> demand = load_demand()
    >>> bool(demand["teu_per_week"].gt(0).all())
    True
    """
    path = demand_path(name)
    if network is None:
        network = load_network()
    return read_demand(path, network)


__all__ = [
    "BUILTIN_DEMANDS",
    "DEMAND_COLUMNS",
    "demand_path",
    "load_demand",
    "read_demand",
    "validate_demand",
]
