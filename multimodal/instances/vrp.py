"""Readers for vehicle-routing benchmark instances: VRPLIB (CVRP) and Solomon (VRPTW).

This module holds only the readers. Both return the same frozen
:class:`~multimodal.collection.VrpInstance` (the problem type lives beside its solver, in
``multimodal.collection.instance``), with the depot first (position 0) and the customers
after it in file order. The instance records the distance convention under which its
published optimum holds, so a solver and a checker can use the same arithmetic:

``"nint"``
    VRPLIB/TSPLIB ``EUC_2D``: each arc is the Euclidean distance rounded to the nearest
    integer, ``floor(d + 0.5)``. The CVRPLIB optima (A, E, X sets) use it.
``"trunc1"``
    Solomon, exact literature (and CVRPLIB's Solomon ``.sol`` files): each arc is the
    Euclidean distance truncated to one decimal, for both cost and time-window
    feasibility; the objective is total distance only.

The known optimum is taken from the file's ``COMMENT`` line when it has one
(``"Optimal value: 784"``), otherwise from :data:`KNOWN_OPTIMA` (CVRPLIB values, see
``docs/collection.md`` for the sources).
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

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


# --------------------------------------------------------------------------- helpers


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        message = f"file not found: {path}; check the path"
        raise DataValidationError(Problem(message, file=str(path))) from None
    # splitlines handles the CRLF files (A-n37-k6, Solomon) as well as LF.
    return text.splitlines()


def _known_optimum(name: str) -> tuple[float | None, str | None]:
    value = KNOWN_OPTIMA.get(name)
    return (value[0], value[1]) if value else (None, None)


@dataclass
class _Parsed:
    """What a CVRP reader found so far, and the problems, each with its file line."""

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
            return float(token)
        except ValueError:
            self.problem(f"{what} {token!r} is not a number", line)
            return None

    def whole(self, token: str, line: int, what: str) -> int | None:
        """A whole-number token, or None after reporting it."""
        value = self.number(token, line, what)
        if value is None:
            return None
        if not value.is_integer():
            self.problem(f"{what} {token!r} must be a whole number", line)
            return None
        return int(value)

    def coordinate_row(self, tokens: list[str], line: int, expected: str) -> None:
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

    def demand_row(self, tokens: list[str], line: int, expected: str) -> None:
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

    Accepts the standard format (``NAME``, ``COMMENT``, ``DIMENSION``, ``CAPACITY``,
    ``EDGE_WEIGHT_TYPE : EUC_2D``, ``NODE_COORD_SECTION``, ``DEMAND_SECTION``,
    ``DEPOT_SECTION``, ``EOF``); copies with the header stripped down to ``DIMENSION``,
    ``CAPACITY`` and the two sections (taken as ``EUC_2D`` with depot 1, as VRPLIB
    defines); and the bare numeric layout of ``A-n37-k6.conganwoz.txt`` (dimension,
    an unused number, capacity, an unused number, then ``id x y`` rows and ``id demand``
    rows; depot 1).

    Parameters
    ----------
    path
        The ``.vrp`` (or ``.txt``) file.

    Returns
    -------
    VrpInstance
        ``kind="cvrp"``, ``rounding="nint"``, depot at position 0, optimum from the
        ``COMMENT`` line or :data:`KNOWN_OPTIMA`.

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
    lines = _read_lines(path)
    first = next((line.strip() for line in lines if line.strip()), "")
    if re.fullmatch(r"\d+", first):
        return _read_bare_numeric(path, lines)
    return _read_vrplib_standard(path, lines)


_SECTIONS = ("NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION")


def _read_vrplib_standard(path: Path, lines: list[str]) -> VrpInstance:
    parsed = _Parsed(path)
    header = _scan(parsed, lines)
    parsed.raise_if_any()
    _read_header(parsed, header)
    parsed.raise_if_any()
    if not parsed.depots:
        parsed.depots = [1]
        if "DEPOT_SECTION" not in {line.strip().upper() for line in lines}:
            parsed.notes.append("no DEPOT_SECTION: depot taken as node 1, the VRPLIB default")
    if len(parsed.depots) != 1:
        parsed.problem(
            f"{len(parsed.depots)} depots listed; only single-depot instances are supported"
        )
    return _assemble(parsed)


def _scan(parsed: _Parsed, lines: list[str]) -> dict[str, tuple[str, int]]:
    """Read the sections into ``parsed``; return the header lines by key."""
    header: dict[str, tuple[str, int]] = {}
    section: str | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        upper = line.upper()
        if upper.startswith("EOF"):
            break
        if upper.endswith("_SECTION") or upper.split()[0].endswith("_SECTION"):
            section = upper.split()[0]
            if section not in _SECTIONS:
                parsed.problem(
                    f"section {section} is not supported (only NODE_COORD, DEMAND and "
                    "DEPOT sections of EUC_2D CVRP instances)",
                    number,
                )
                section = "UNSUPPORTED"
        elif line[0].isalpha():
            # A specification line: 'KEY : value' (some copies omit the colon).
            key, _, value = line.partition(":") if ":" in line else line.partition(" ")
            header[key.strip().upper()] = (value.strip().strip('"').strip(), number)
            section = None
        else:
            _section_row(parsed, section, line, number)
    return header


def _section_row(parsed: _Parsed, section: str | None, line: str, number: int) -> None:
    tokens = line.split()
    if section == "NODE_COORD_SECTION":
        expected = f"expected 'id x y' in NODE_COORD_SECTION, got {line!r}"
        parsed.coordinate_row(tokens, number, expected)
    elif section == "DEMAND_SECTION":
        expected = f"expected 'id demand' in DEMAND_SECTION, got {line!r}"
        parsed.demand_row(tokens, number, expected)
    elif section == "DEPOT_SECTION":
        value = parsed.whole(tokens[0], number, "depot id")
        if value is not None and value != -1:
            parsed.depots.append(value)
    elif section != "UNSUPPORTED":
        parsed.problem(
            f"unexpected line {line!r} outside any section; expected 'KEY : value'", number
        )


def _read_header(parsed: _Parsed, header: dict[str, tuple[str, int]]) -> None:
    default_name = parsed.path.name.split(".")[0]
    parsed.name = header.get("NAME", (default_name, 0))[0] or default_name
    if "NAME" not in header:
        parsed.notes.append("no NAME line: name taken from the file name")
    kind_value, kind_line = header.get("TYPE", ("CVRP", 0))
    if kind_value.upper() != "CVRP":
        parsed.problem(
            f"TYPE {kind_value!r} is not supported; read_vrplib reads CVRP instances", kind_line
        )
    ewt, ewt_line = header.get("EDGE_WEIGHT_TYPE", ("EUC_2D", 0))
    if "EDGE_WEIGHT_TYPE" not in header:
        parsed.notes.append("no EDGE_WEIGHT_TYPE line: taken as EUC_2D (nint), the VRPLIB default")
    if ewt.upper() != "EUC_2D":
        parsed.problem(
            f"EDGE_WEIGHT_TYPE {ewt!r} is not supported; only EUC_2D (rounded Euclidean)",
            ewt_line,
        )
    parsed.dimension = _header_int(parsed, header, "DIMENSION")
    parsed.capacity = _header_int(parsed, header, "CAPACITY")
    if "VEHICLES" in header:
        parsed.vehicles = _header_int(parsed, header, "VEHICLES")
    if not parsed.coords:
        parsed.problem("no NODE_COORD_SECTION rows found")
    if not parsed.demands:
        parsed.problem("no DEMAND_SECTION rows found")
    parsed.comment = header.get("COMMENT", ("", 0))[0]


def _header_int(parsed: _Parsed, header: dict[str, tuple[str, int]], key: str) -> int | None:
    if key not in header:
        parsed.problem(f"missing '{key} : <integer>' header line")
        return None
    value, line = header[key]
    return parsed.whole(value, line, key)


def _read_bare_numeric(path: Path, lines: list[str]) -> VrpInstance:
    """The four-number-header layout of the conganwoz/clarke_n_wright copies."""
    parsed = _Parsed(path, name=path.name.split(".")[0])
    rows = [(number, line.split()) for number, line in enumerate(lines, start=1) if line.strip()]
    if len(rows) < 4:
        parsed.problem("expected 4 header numbers, then coordinate and demand rows")
        parsed.raise_if_any()
    head: list[int | None] = []
    for number, tokens in rows[:4]:
        if len(tokens) != 1:
            parsed.problem(f"expected one number per header line, got {' '.join(tokens)!r}", number)
            head.append(None)
        else:
            head.append(parsed.whole(tokens[0], number, "header value"))
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
    for number, tokens in body[:dimension]:
        parsed.coordinate_row(tokens, number, f"expected 'id x y', got {' '.join(tokens)!r}")
    for number, tokens in body[dimension:]:
        parsed.demand_row(tokens, number, f"expected 'id demand', got {' '.join(tokens)!r}")
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


def read_solomon(path: str | Path) -> VrpInstance:
    """Read a VRPTW instance in Solomon's text format.

    The file has the instance name, a ``VEHICLE`` block (``NUMBER CAPACITY`` and one row
    of values) and a ``CUSTOMER`` block with one row per node: ``CUST NO., XCOORD.,
    YCOORD., DEMAND, READY TIME, DUE DATE, SERVICE TIME``. Node 0 is the depot; its due
    date is the horizon.

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
        :data:`KNOWN_OPTIMA` when the instance is listed there.

    Raises
    ------
    DataValidationError
        The file is missing or malformed; every problem is listed with file and line.
    """
    path = Path(path)
    parsed = _Parsed(path)
    content = [(n, line.strip()) for n, line in enumerate(_read_lines(path), start=1)]
    content = [(n, line) for n, line in content if line]
    if not content:
        parsed.problem("the file is empty")
        parsed.raise_if_any()
    name = content[0][1].split()[0]
    upper = [line.upper() for _, line in content]
    if "VEHICLE" not in upper or "CUSTOMER" not in upper:
        parsed.problem("missing the 'VEHICLE' or 'CUSTOMER' block; is this a Solomon file?")
        parsed.raise_if_any()
    v_at, c_at = upper.index("VEHICLE"), upper.index("CUSTOMER")
    vehicles, capacity = _solomon_fleet(parsed, content[v_at + 1 : c_at])
    rows = _solomon_rows(parsed, content[c_at + 1 :])
    _check_solomon(parsed, rows, capacity, vehicles)
    table = np.array([values for _, values in rows], dtype=float)
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
        notes=("objective = total distance (exact-literature convention, not fleet size)",),
    )


def _solomon_fleet(parsed: _Parsed, block: list[tuple[int, str]]) -> tuple[int, int]:
    """Vehicle number and capacity from the ``VEHICLE`` block."""
    vehicles = capacity = None
    for number, line in block:
        tokens = line.split()
        if tokens and tokens[0][0].isdigit():
            if len(tokens) != 2:
                parsed.problem(f"expected 'NUMBER CAPACITY' values, got {line!r}", number)
                break
            vehicles = parsed.whole(tokens[0], number, "vehicle number")
            capacity = parsed.whole(tokens[1], number, "capacity")
            break
    if vehicles is None or capacity is None:
        if not parsed.problems:
            parsed.problem("no vehicle NUMBER/CAPACITY row in the VEHICLE block")
        parsed.raise_if_any()
    return int(vehicles or 0), int(capacity or 0)


_SOLOMON_FIELDS = ("customer id", "x", "y", "demand", "ready time", "due date", "service time")


def _solomon_rows(parsed: _Parsed, block: list[tuple[int, str]]) -> list[tuple[int, list[float]]]:
    """The numeric rows of the ``CUSTOMER`` block, each with its file line."""
    rows: list[tuple[int, list[float]]] = []
    for number, line in block:
        tokens = line.split()
        if not tokens[0][0].isdigit():
            continue  # the column-title line
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


def _check_solomon(
    parsed: _Parsed, rows: list[tuple[int, list[float]]], capacity: int, vehicles: int
) -> None:
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
        As :func:`read_vrplib` or :func:`read_solomon`.

    Raises
    ------
    DataValidationError
        The file is missing or malformed.
    """
    path = Path(path)
    lines = _read_lines(path)
    if any(line.strip().upper() == "VEHICLE" for line in lines[:20]):
        return read_solomon(path)
    return read_vrplib(path)
