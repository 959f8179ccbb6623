"""Readers for vehicle-routing benchmark instances: VRPLIB (CVRP) and Solomon (VRPTW).

The files are read by `vrplib <https://github.com/PyVRP/VRPLIB>`_ (the reader PyVRP uses);
this module checks what vrplib returns and turns it into the frozen
``VrpInstance`` (the problem type lives beside its solver, in
``multimodal.collection.instance``), depot first (position 0), customers after it in node-id
order. Every problem is reported as a ``DataValidationError``
naming the file and line, which vrplib itself does not do.

What is read here and not by vrplib:

* the bare numeric layout of ``A-n37-k6.conganwoz.txt`` (four header numbers, then ``id x y``
  rows and ``id demand`` rows; no keywords), which vrplib refuses ("Instance does not conform
  to the VRPLIB format");
* specification lines without a colon (``DIMENSION 32``): given to vrplib as
  ``DIMENSION : 32``;
* Solomon files with decimal values (``0  40.5  50  0  0  1236  0``): vrplib reads Solomon
  values as integers and turns a decimal (or any non-number) into ``-1`` without a word, so
  every customer row is checked here first and decimal files take their values from the
  text.

The instance records the distance convention under which its published optimum holds, so
a solver and a checker can use the same arithmetic:

``"nint"``
    VRPLIB/TSPLIB ``EUC_2D``: each arc is the Euclidean distance rounded to the nearest
    integer, ``floor(d + 0.5)``. The CVRPLIB optima (A, E, X sets) use it.
``"trunc1"``
    Solomon, exact literature (and CVRPLIB's Solomon ``.sol`` files): each arc is the
    Euclidean distance truncated to one decimal, for both cost and time-window
    feasibility; the objective is total distance only.

The known optimum is taken from the file's ``COMMENT`` line when it has one
(``"Optimal value: 784"``), otherwise from ``KNOWN_OPTIMA`` (CVRPLIB values, see
``docs/collection.md`` for the sources).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from vrplib.parse import parse_solomon, parse_vrplib
from vrplib.parse.parse_solomon import is_valid_solomon_instance

from ..collection.instance import VrpInstance
from ..exceptions import DataValidationError, Problem

__all__ = ["KNOWN_OPTIMA", "read_instance", "read_solomon", "read_vrplib"]

logger = logging.getLogger("multimodal")

#: Known optimal (or best-known) objective values by instance name, with their source.
#: Used when the file itself does not state one (header-stripped copies, Solomon files).
KNOWN_OPTIMA: dict[str, tuple[float, str]] = {
    "A-n32-k5": (784.0, "CVRPLIB, proven optimal (Augerat et al. 1995)"),
    "A-n33-k5": (661.0, "CVRPLIB, proven optimal (Augerat et al. 1995)"),
    "A-n37-k6": (949.0, "CVRPLIB, proven optimal (Augerat et al. 1995)"),
    "A-n45-k6": (944.0, "CVRPLIB, proven optimal (Augerat et al. 1995)"),
    "A-n60-k9": (1354.0, "CVRPLIB, proven optimal (Augerat et al. 1995)"),
    "E-n51-k5": (521.0, "CVRPLIB, proven optimal (Christofides & Eilon 1969)"),
    "X-n101-k25": (27591.0, "CVRPLIB, optimal (Uchoa et al. 2017)"),
    "C101": (827.3, "CVRPLIB Solomon set, distance-only optimum, 1-decimal truncation"),
    "R101": (1637.7, "CVRPLIB Solomon set, distance-only optimum, 1-decimal truncation"),
    "RC101": (1619.8, "CVRPLIB Solomon set, distance-only optimum, 1-decimal truncation"),
}

_COMMENT_OPTIMUM = re.compile(
    r"(?:optimal|best)\s*(?:known\s*)?(?:value|solution|cost)?\s*[:=]?\s*([0-9]+(?:\.[0-9]+)?)",
    re.IGNORECASE,
)


#: A content line: its number in the file (1-based) and its stripped text.
_Line = tuple[int, str]

# --------------------------------------------------------------------------- helpers


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        message = f"file not found: {path}; check the path"
        raise DataValidationError(Problem(message, file=str(path))) from None
    except (IsADirectoryError, PermissionError) as exc:
        message = f"cannot read {path}: {exc.strerror}; give an instance file"
        raise DataValidationError(Problem(message, file=str(path))) from None


def _content_lines(text: str) -> list[_Line]:
    """The lines vrplib reads (non-blank, not ``#`` comments), with their file line numbers.

    vrplib's ``text2lines`` keeps exactly these, so position ``i`` of vrplib's line list is
    ``lines[i]`` here: that is how a problem in vrplib's output is traced to its file line.
    ``splitlines`` handles the CRLF files (A-n37-k6, Solomon) as well as LF.
    """
    return [
        (number, stripped)
        for number, line in enumerate(text.splitlines(), start=1)
        if (stripped := line.strip()) and not stripped.startswith("#")
    ]


def _known_optimum(name: str) -> tuple[float | None, str | None]:
    value = KNOWN_OPTIMA.get(name)
    return (value[0], value[1]) if value else (None, None)


@dataclass
class _Parsed:
    """What a reader found so far, and the problems, each with its file line."""

    path: Path
    name: str = ""
    dimension: int | None = None
    capacity: int | None = None
    vehicles: int | None = None
    coords: dict[int, tuple[float, float, int]] = field(default_factory=dict)
    demands: dict[int, tuple[int, int]] = field(default_factory=dict)
    depots: list[int] = field(default_factory=list)
    comment: str = ""
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def file(self) -> str:
        return str(self.path)

    def problem(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(message, file=self.file, row=line))

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataValidationError(self.problems)

    def number(self, token: str, line: int, what: str) -> float | None:
        """A number token, or None after reporting it."""
        try:
            value = float(token)
        except ValueError:
            self.problem(f"{what} {token!r} is not a number", line)
            return None
        if not math.isfinite(value):
            self.problem(f"{what} {token!r} is not a finite number", line)
            return None
        return value

    def whole(self, token: str, line: int, what: str) -> int | None:
        """A whole-number token, or None after reporting it."""
        value = self.number(token, line, what)
        if value is None:
            return None
        if not value.is_integer():
            self.problem(f"{what} {token!r} must be a whole number", line)
            return None
        return int(value)

    def coordinate_row(self, tokens: Sequence[str], line: int, expected: str) -> None:
        """An ``id x y`` row."""
        if len(tokens) != 3:
            self.problem(expected, line)
            return
        node = self.whole(tokens[0], line, "node id")
        x = self.number(tokens[1], line, "x coordinate")
        y = self.number(tokens[2], line, "y coordinate")
        if node is None or x is None or y is None:
            return
        if node in self.coords:
            self.problem(f"node {node} listed twice", line)
        self.coords[node] = (x, y, line)

    def demand_row(self, tokens: Sequence[str], line: int, expected: str) -> None:
        """An ``id demand`` row."""
        if len(tokens) != 2:
            self.problem(expected, line)
            return
        node = self.whole(tokens[0], line, "node id")
        demand = self.whole(tokens[1], line, "demand")
        if node is None or demand is None:
            return
        if demand < 0:
            self.problem(f"negative demand {demand} for node {node}", line)
        self.demands[node] = (demand, line)


# --------------------------------------------------------------------------- VRPLIB


def read_vrplib(path: str | Path) -> VrpInstance:
    """Read a CVRP instance in VRPLIB format (also header-stripped and A-n37-k6 variants).

    The standard format (``NAME``, ``COMMENT``, ``DIMENSION``, ``CAPACITY``,
    ``EDGE_WEIGHT_TYPE : EUC_2D``, ``NODE_COORD_SECTION``, ``DEMAND_SECTION``,
    ``DEPOT_SECTION``, ``EOF``) and copies with the header stripped down to ``DIMENSION``,
    ``CAPACITY`` and the two sections (taken as ``EUC_2D`` with depot 1, as VRPLIB defines)
    are read by ``vrplib`` and checked here. The bare numeric layout of
    ``A-n37-k6.conganwoz.txt`` (dimension, an unused number, capacity, an unused number,
    then ``id x y`` rows and ``id demand`` rows; depot 1), which vrplib does not read, is
    read here.

    Parameters
    ----------
    path
        The ``.vrp`` (or ``.txt``) file.

    Returns
    -------
    VrpInstance
        ``kind="cvrp"``, ``rounding="nint"``, depot at position 0, optimum from the
        ``COMMENT`` line or ``KNOWN_OPTIMA``.

    Raises
    ------
    DataValidationError
        The file is missing or malformed; every problem is listed with file and line.

    Examples
    --------
    >>> inst = read_vrplib("A-n32-k5.vrp")  # doctest: +SKIP
    >>> inst.dimension, inst.capacity, inst.optimum  # doctest: +SKIP
    (32, 100, 784.0)
    """
    path = Path(path)
    lines = _content_lines(_read_text(path))
    if lines and re.fullmatch(r"\d+", lines[0][1]):
        return _read_bare_numeric(path, lines)
    return _read_vrplib_standard(path, lines)


_SECTIONS = ("NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION")
_SPEC_SPLIT = re.compile(r"\s*:\s*")


def _is_section(text: str) -> bool:
    return "_SECTION" in text  # vrplib's test


def _with_colons(lines: list[_Line]) -> list[_Line]:
    """Specification lines without a colon (``DIMENSION 32``) as vrplib reads them."""
    out: list[_Line] = []
    in_header = True
    for number, text in lines:
        in_header = in_header and not _is_section(text)
        parts = text.split(None, 1)
        if in_header and ":" not in text and len(parts) == 2 and text[0].isalpha():
            text = f"{parts[0]} : {parts[1]}"
        out.append((number, text))
    return out


def _read_vrplib_standard(path: Path, lines: list[_Line]) -> VrpInstance:
    parsed = _Parsed(path)
    lines = _with_colons(lines)
    data = _parse_with_vrplib(parsed, lines)
    found: list[tuple[str, int]] = []
    specs = _specifications(lines, found)
    for message, number in found:
        parsed.problem(message, number)
    _read_header(parsed, data, specs)
    _read_sections(parsed, data, lines)
    parsed.raise_if_any()
    if not parsed.depots:
        parsed.depots = [1]
        if "depot" not in data:
            parsed.notes.append("no DEPOT_SECTION: depot taken as node 1, the VRPLIB default")
    if len(parsed.depots) != 1:
        parsed.problem(
            f"{len(parsed.depots)} depots listed; only single-depot instances are supported"
        )
    return _assemble(parsed)


def _parse_with_vrplib(parsed: _Parsed, lines: list[_Line]) -> dict[str, Any]:
    """The file as vrplib reads it; vrplib's refusals as problems with a file line."""
    text = "\n".join(line for _, line in lines)
    try:
        return dict(parse_vrplib(text, compute_edge_weights=False))
    except (RuntimeError, ValueError, TypeError, IndexError) as exc:
        message, line = _locate_vrplib_error(lines, str(exc))
        parsed.problem(message, line)
        parsed.raise_if_any()
        raise AssertionError("unreachable") from exc  # pragma: no cover


def _locate_vrplib_error(lines: list[_Line], error: str) -> tuple[str, int | None]:
    first = next((i for i, (_, text) in enumerate(lines) if _is_section(text)), len(lines))
    if "does not conform" in error:
        for number, text in lines[:first]:
            if ":" not in text:
                return (
                    f"unexpected line {text!r} outside any section; expected 'KEY : value'",
                    number,
                )
    if "Specification presented after section" in error:
        for number, text in lines[first:]:
            if ":" in text and not _is_section(text):
                return (
                    f"'KEY : value' line {text!r} after a data section; the specification "
                    "lines come first in VRPLIB",
                    number,
                )
    # vrplib builds the DEPOT_SECTION as one integer array: a row that is not one integer
    # breaks it.
    depot_rows = _section_rows(lines).get("DEPOT_SECTION", (0, []))[1]
    for number, text in depot_rows:
        if not re.fullmatch(r"-?\d+", text):
            return f"expected one node id per DEPOT_SECTION row (then -1), got {text!r}", number
    at = lines[first][0] if first < len(lines) else None
    return f"not a readable VRPLIB file (vrplib: {error})", at


def _specifications(
    lines: list[_Line], problems: list[tuple[str, int]]
) -> dict[str, tuple[str, int]]:
    """Each specification's text value and line, by upper-case key (for the messages)."""
    specs: dict[str, tuple[str, int]] = {}
    for number, text in lines:
        if _is_section(text):
            break
        key, value = [*_SPEC_SPLIT.split(text, maxsplit=1), ""][:2]
        if not key[:1].isalpha():  # vrplib would take '2.5 : x' as a key
            message = f"unexpected line {text!r} outside any section; expected 'KEY : value'"
            problems.append((message, number))
        specs.setdefault(key.strip().upper(), (value.strip().strip('"').strip(), number))
    return specs


def _read_header(parsed: _Parsed, data: dict[str, Any], specs: dict[str, tuple[str, int]]) -> None:
    default_name = parsed.path.name.split(".")[0]
    parsed.name = str(data.get("name", "")).strip().strip('"').strip() or default_name
    if "name" not in data:
        parsed.notes.append("no NAME line: name taken from the file name")
    kind_value, kind_line = specs.get("TYPE", ("CVRP", 0))
    if kind_value.upper() != "CVRP":
        parsed.problem(
            f"TYPE {kind_value!r} is not supported; read_vrplib reads CVRP instances", kind_line
        )
    ewt, ewt_line = specs.get("EDGE_WEIGHT_TYPE", ("EUC_2D", 0))
    if "EDGE_WEIGHT_TYPE" not in specs:
        parsed.notes.append("no EDGE_WEIGHT_TYPE line: taken as EUC_2D (nint), the VRPLIB default")
    if ewt.upper() != "EUC_2D":
        parsed.problem(
            f"EDGE_WEIGHT_TYPE {ewt!r} is not supported; only EUC_2D (rounded Euclidean)",
            ewt_line,
        )
    parsed.dimension = _header_int(parsed, specs, "DIMENSION")
    parsed.capacity = _header_int(parsed, specs, "CAPACITY")
    if "VEHICLES" in specs:
        parsed.vehicles = _header_int(parsed, specs, "VEHICLES")
    parsed.comment = str(data.get("comment", "")).strip().strip('"').strip()


def _header_int(parsed: _Parsed, specs: dict[str, tuple[str, int]], key: str) -> int | None:
    if key not in specs:
        parsed.problem(f"missing '{key} : <integer>' header line")
        return None
    value, line = specs[key]
    return parsed.whole(value, line, key)


def _section_rows(lines: list[_Line]) -> dict[str, tuple[int, list[_Line]]]:
    """Each section's header line and its rows, grouped as vrplib groups them."""
    sections: dict[str, tuple[int, list[_Line]]] = {}
    current: list[_Line] | None = None
    for number, text in lines:
        if "EOF" in text:
            break
        if _is_section(text):
            current = []
            sections[text.split()[0].strip(" :").upper()] = (number, current)
        elif current is not None:
            current.append((number, text))
    return sections


def _read_sections(parsed: _Parsed, data: dict[str, Any], lines: list[_Line]) -> None:
    """Check vrplib's sections row by row; the node ids (which vrplib drops) from the text."""
    sections = _section_rows(lines)
    for name, (number, _) in sections.items():
        if name not in _SECTIONS:
            parsed.problem(
                f"section {name} is not supported (only NODE_COORD, DEMAND and "
                "DEPOT sections of EUC_2D CVRP instances)",
                number,
            )
    for key, title, check in (
        ("node_coord", "NODE_COORD_SECTION", parsed.coordinate_row),
        ("demand", "DEMAND_SECTION", parsed.demand_row),
    ):
        rows = sections.get(title, (0, []))[1]
        if not rows:
            parsed.problem(f"no {title} rows found")
        layout = "'id x y'" if key == "node_coord" else "'id demand'"
        for (number, text), values in zip(rows, data.get(key, []), strict=False):
            tokens = [text.split()[0], *(str(v) for v in np.atleast_1d(values))]
            check(tokens, number, f"expected {layout} in {title}, got {text!r}")
    # vrplib renumbers the depots from 0 and drops the -1 terminator; read them by line.
    for number, text in sections.get("DEPOT_SECTION", (0, []))[1]:
        value = parsed.whole(text.split()[0], number, "depot id")
        if value is not None and value != -1:
            parsed.depots.append(value)


def _read_bare_numeric(path: Path, rows: list[_Line]) -> VrpInstance:
    """The four-number-header layout of the conganwoz/clarke_n_wright copies."""
    parsed = _Parsed(path, name=path.name.split(".")[0])
    if len(rows) < 4:
        parsed.problem("expected 4 header numbers, then coordinate and demand rows")
        parsed.raise_if_any()
    head: list[int | None] = []
    for number, text in rows[:4]:
        if len(text.split()) != 1:
            parsed.problem(f"expected one number per header line, got {text!r}", number)
            head.append(None)
        else:
            head.append(parsed.whole(text, number, "header value"))
    parsed.raise_if_any()
    dimension, capacity = int(head[0] or 0), head[2]
    body = rows[4:]
    if len(body) != 2 * dimension:
        message = (
            f"dimension {dimension} needs {dimension} 'id x y' rows and {dimension} "
            f"'id demand' rows, found {len(body)} rows in all"
        )
        parsed.problem(message, body[0][0] if body else None)
        parsed.raise_if_any()
    for number, text in body[:dimension]:
        parsed.coordinate_row(text.split(), number, f"expected 'id x y', got {text!r}")
    for number, text in body[dimension:]:
        parsed.demand_row(text.split(), number, f"expected 'id demand', got {text!r}")
    parsed.raise_if_any()
    parsed.dimension, parsed.capacity, parsed.depots = dimension, capacity, [1]
    parsed.notes.append(
        "bare numeric layout (conganwoz/clarke_n_wright): header lines 2 and 4 ignored; "
        "EUC_2D (nint) and depot 1 assumed"
    )
    return _assemble(parsed)


def _check_sizes(parsed: _Parsed, dimension: int, capacity: int, depot: int) -> None:
    coords, demands = parsed.coords, parsed.demands
    if capacity <= 0:
        parsed.problem(f"CAPACITY must be positive, got {capacity}")
    if len(coords) != dimension:
        parsed.problem(f"DIMENSION is {dimension} but NODE_COORD_SECTION has {len(coords)} nodes")
    if len(demands) != dimension:
        parsed.problem(f"DIMENSION is {dimension} but DEMAND_SECTION has {len(demands)} nodes")
    missing = sorted(set(coords) ^ set(demands))
    if missing:
        parsed.problem(f"nodes {missing[:10]} have a coordinate or a demand but not both")
    if depot not in coords:
        parsed.problem(f"depot {depot} has no coordinates")
    parsed.raise_if_any()
    if demands[depot][0] != 0:
        message = f"the depot (node {depot}) has demand {demands[depot][0]}; it must be 0"
        parsed.problem(message, demands[depot][1])
    for node, (demand, line) in demands.items():
        if demand > capacity:
            message = (
                f"node {node} demand {demand} exceeds the vehicle capacity {capacity}: "
                "no vehicle can serve it"
            )
            parsed.problem(message, line)
    parsed.raise_if_any()


def _optimum(parsed: _Parsed) -> tuple[float | None, str | None]:
    """The optimum from the COMMENT line, else from ``KNOWN_OPTIMA``."""
    optimum, source = None, None
    match = _COMMENT_OPTIMUM.search(parsed.comment or "")
    if match:
        optimum, source = float(match.group(1)), "COMMENT line"
    known, known_source = _known_optimum(parsed.name)
    if optimum is None and known is not None:
        return known, known_source
    if optimum is not None and known is not None and not math.isclose(optimum, known):
        logger.warning(
            "%s: COMMENT optimum %s differs from the known value %s (%s); using the COMMENT",
            parsed.file,
            optimum,
            known,
            known_source,
        )
    return optimum, source


def _assemble(parsed: _Parsed) -> VrpInstance:
    # The readers report a missing DIMENSION/CAPACITY before they get here.
    dimension, capacity = int(parsed.dimension or 0), int(parsed.capacity or 0)
    depot = parsed.depots[0] if parsed.depots else 1
    _check_sizes(parsed, dimension, capacity, depot)
    order = [depot] + [node for node in sorted(parsed.coords) if node != depot]
    xy = np.array([[parsed.coords[n][0], parsed.coords[n][1]] for n in order], dtype=float)
    demand = np.array([parsed.demands[n][0] for n in order], dtype=np.int64)
    optimum, optimum_source = _optimum(parsed)
    return VrpInstance(
        name=parsed.name,
        kind="cvrp",
        coords=xy,
        demand=demand,
        capacity=capacity,
        node_ids=tuple(order),
        num_vehicles=parsed.vehicles,
        rounding="nint",
        optimum=optimum,
        optimum_source=optimum_source,
        source=parsed.file,
        notes=tuple(parsed.notes),
    )


# --------------------------------------------------------------------------- Solomon

#: Solomon customer columns, in file order.
_SOLOMON_FIELDS = ("customer id", "x", "y", "demand", "ready time", "due date", "service time")
#: The layout vrplib reads: positions (among the content lines) of the blocks.
_SOLOMON_TITLES = ["CUST", "NO.", "XCOORD.", "YCOORD.", "DEMAND", "READY", "DUE", "DATE", "SERVICE"]
_SOLOMON_LAYOUT = (
    "the instance name, then 'VEHICLE', 'NUMBER CAPACITY', the two values, 'CUSTOMER' and "
    "the column titles 'CUST NO. XCOORD. YCOORD. DEMAND READY TIME DUE DATE SERVICE TIME', "
    "each on its own line"
)


def read_solomon(path: str | Path) -> VrpInstance:
    """Read a VRPTW instance in Solomon's text format.

    The file has the instance name, a ``VEHICLE`` block (``NUMBER CAPACITY`` and one row
    of values) and a ``CUSTOMER`` block with one row per node: ``CUST NO., XCOORD.,
    YCOORD., DEMAND, READY TIME, DUE DATE, SERVICE TIME``. Node 0 is the depot; its due
    date is the horizon. ``vrplib`` reads it after every row has been checked here (vrplib
    turns a value that is not an integer into ``-1`` silently); a file with decimal values
    takes them from the text.

    Parameters
    ----------
    path
        The Solomon ``.txt`` file.

    Returns
    -------
    VrpInstance
        ``kind="vrptw"``, ``rounding="trunc1"`` (the exact literature's convention: arc
        distance and travel time truncated to one decimal; objective = total distance),
        the fleet size and capacity from the ``VEHICLE`` block, and the optimum from
        ``KNOWN_OPTIMA`` when the instance is listed there.

    Raises
    ------
    DataValidationError
        The file is missing or malformed; every problem is listed with file and line.

    Examples
    --------
    >>> inst = read_solomon("R101.txt")  # doctest: +SKIP
    >>> inst.num_vehicles, inst.capacity, inst.optimum  # doctest: +SKIP
    (25, 200, 1637.7)
    """
    path = Path(path)
    parsed = _Parsed(path)
    content = _content_lines(_read_text(path))
    if not content:
        parsed.problem("the file is empty")
        parsed.raise_if_any()
    upper = [line.upper() for _, line in content]
    if "VEHICLE" not in upper or "CUSTOMER" not in upper:
        parsed.problem("missing the 'VEHICLE' or 'CUSTOMER' block; is this a Solomon file?")
        parsed.raise_if_any()
    try:
        is_valid_solomon_instance([line for _, line in content])
    except RuntimeError:
        parsed.problem(*_solomon_layout_problem(content))
        parsed.raise_if_any()
    vehicles, capacity = _solomon_fleet(parsed, content[3])
    rows = _solomon_rows(parsed, content[6:])
    _check_solomon(parsed, rows, capacity, vehicles)
    table = _solomon_table(parsed, content, rows)
    name = content[0][1].split()[0]
    optimum, optimum_source = _known_optimum(name)
    return VrpInstance(
        name=name,
        kind="vrptw",
        coords=table[:, 1:3].copy(),
        demand=table[:, 3].astype(np.int64),
        capacity=capacity,
        node_ids=tuple(int(v) for v in table[:, 0]),
        num_vehicles=vehicles,
        ready_time=table[:, 4].copy(),
        due_time=table[:, 5].copy(),
        service_time=table[:, 6].copy(),
        rounding="trunc1",
        optimum=optimum,
        optimum_source=optimum_source,
        source=parsed.file,
        notes=tuple(parsed.notes),
    )


def _solomon_layout_problem(content: list[_Line]) -> tuple[str, int | None]:
    """Where a file departs from the layout vrplib reads (content positions 1, 2, 4, 5)."""
    expected = {1: ["VEHICLE"], 2: ["NUMBER", "CAPACITY"], 4: ["CUSTOMER"], 5: _SOLOMON_TITLES}
    for position, words in expected.items():
        number, text = content[position] if position < len(content) else (None, "")
        if not all(word in text for word in words):
            return (
                f"expected {' '.join(words)!r} here, got {text!r}; the Solomon layout is "
                f"{_SOLOMON_LAYOUT}",
                number,
            )
    return f"not in the Solomon layout: expected {_SOLOMON_LAYOUT}", None


def _solomon_table(parsed: _Parsed, content: list[_Line], rows: list[_Row]) -> np.ndarray:
    """The ``(n, 7)`` customer table: vrplib's, checked against the text's values.

    vrplib reads the values with ``np.genfromtxt(dtype=int)``, which turns ``40.5`` or
    ``1e3`` into ``-1`` and fails on a one-row table; where its table differs from the
    checked text, the text's values are used and the notes say so.
    """
    checked = np.array([values for _, values in rows], dtype=float)
    parsed.notes.append("objective = total distance (exact-literature convention, not fleet size)")
    text = "\n".join(line for _, line in content)
    try:
        data = parse_solomon(text, compute_edge_weights=False)
        table = np.column_stack(
            [
                checked[:, 0],  # vrplib drops the customer id
                np.asarray(data["node_coord"], dtype=float),
                np.asarray(data["demand"], dtype=float),
                np.asarray(data["time_window"], dtype=float),
                np.asarray(data["service_time"], dtype=float),
            ]
        )
    except (ValueError, IndexError, RuntimeError):
        table = None
    if table is None or table.shape != checked.shape or not np.array_equal(table, checked):
        parsed.notes.append(
            "values read from the text: vrplib reads Solomon values as plain integers "
            "(decimals such as 40.5 or 1e3 become -1)"
        )
        return checked
    return table


def _solomon_fleet(parsed: _Parsed, row: _Line) -> tuple[int, int]:
    """Vehicle number and capacity from the ``VEHICLE`` block's value row."""
    number, line = row
    tokens = line.split()
    if len(tokens) != 2:
        parsed.problem(f"expected 'NUMBER CAPACITY' values, got {line!r}", number)
        parsed.raise_if_any()
    vehicles = parsed.whole(tokens[0], number, "vehicle number")
    capacity = parsed.whole(tokens[1], number, "capacity")
    parsed.raise_if_any()
    return int(vehicles or 0), int(capacity or 0)


#: A Solomon customer row: its file line and its seven values.
_Row = tuple[int, list[float]]


def _solomon_rows(parsed: _Parsed, block: list[_Line]) -> list[_Row]:
    """The numeric rows of the ``CUSTOMER`` block, each with its file line."""
    rows: list[_Row] = []
    for number, line in block:
        tokens = line.split()
        if len(tokens) != 7:
            parsed.problem(
                f"expected 7 numbers (id x y demand ready due service), got {len(tokens)}: "
                f"{line!r}",
                number,
            )
            continue
        values = [
            parsed.number(token, number, what)
            for token, what in zip(tokens, _SOLOMON_FIELDS, strict=True)
        ]
        numbers = [v for v in values if v is not None]
        if len(numbers) == len(values):
            rows.append((number, numbers))
    parsed.raise_if_any()
    if not rows:
        parsed.problem("no customer rows in the CUSTOMER block")
        parsed.raise_if_any()
    return rows


def _check_solomon(parsed: _Parsed, rows: list[_Row], capacity: int, vehicles: int) -> None:
    for position, (number, values) in enumerate(rows):
        node, _, _, demand, ready, due, service = values
        if node != position:
            parsed.problem(f"customer id {node:g} out of order; expected {position}", number)
        if not float(demand).is_integer() or demand < 0:
            parsed.problem(f"demand {demand:g} must be a non-negative whole number", number)
        elif demand > capacity:
            parsed.problem(f"demand {demand:g} exceeds the vehicle capacity {capacity}", number)
        if ready > due:
            parsed.problem(f"ready time {ready:g} is after the due date {due:g}", number)
        if service < 0:
            parsed.problem(f"negative service time {service:g}", number)
    if rows[0][1][3] != 0:
        parsed.problem("the depot (customer 0) must have demand 0", rows[0][0])
    if capacity <= 0:
        parsed.problem(f"capacity must be positive, got {capacity}")
    if vehicles <= 0:
        parsed.problem(f"vehicle number must be positive, got {vehicles}")
    parsed.raise_if_any()


def read_instance(path: str | Path) -> VrpInstance:
    """Read a VRPLIB or Solomon file, telling the two apart by their content.

    Parameters
    ----------
    path
        A ``.vrp`` / ``.txt`` instance file.

    Returns
    -------
    VrpInstance
        As ``read_vrplib`` or ``read_solomon``.

    Raises
    ------
    DataValidationError
        The file is missing or malformed.

    Examples
    --------
    >>> read_instance("C101.txt").kind, read_instance("E-n51-k5.vrp").kind  # doctest: +SKIP
    ('vrptw', 'cvrp')
    """
    path = Path(path)
    lines = _read_text(path).splitlines()
    if any(line.strip().upper() == "VEHICLE" for line in lines[:20]):
        return read_solomon(path)
    return read_vrplib(path)
