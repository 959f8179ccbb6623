"""Readers for vehicle-routing benchmark instances: VRPLIB (CVRP) and Solomon (VRPTW).

Both readers return the same frozen :class:`VrpInstance`, with the depot first (position 0)
and the customers after it in file order. The instance records the distance convention
under which its published optimum holds, so a solver and a checker can use the same
arithmetic:

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

from ..exceptions import DataValidationError, Problem

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

ROUNDING_CONVENTIONS = ("nint", "trunc1", "exact")

_COMMENT_OPTIMUM = re.compile(
    r"(?:optimal|best)\s*(?:known\s*)?(?:value|solution|cost)?\s*[:=]?\s*([0-9]+(?:\.[0-9]+)?)",
    re.IGNORECASE,
)


@dataclass(frozen=True, eq=False)
class VrpInstance:
    """A vehicle-routing benchmark instance (CVRP or VRPTW), depot at position 0.

    Attributes
    ----------
    name
        Instance name (``NAME`` field, or the file name without extension).
    kind
        ``"cvrp"`` (no time windows) or ``"vrptw"``.
    coords
        ``(n + 1, 2)`` planar coordinates (instance units); row 0 is the depot.
    demand
        ``(n + 1,)`` integer demands; ``demand[0] == 0``.
    capacity
        Vehicle capacity (same units as ``demand``).
    node_ids
        The ids the file uses for each row (VRPLIB: 1-based; Solomon: 0 = depot).
    num_vehicles
        Vehicles available, if the instance fixes it (Solomon: 25); ``None`` for CVRPLIB,
        whose fleet is unlimited ("k" in the name is the minimum number of routes).
    ready_time, due_time, service_time
        ``(n + 1,)`` time windows (latest *start* of service) and service durations, in
        instance time units (travel time = distance); ``None`` for CVRP. ``due_time[0]``
        is the horizon: every vehicle must be back at the depot by then.
    rounding
        The arc-distance convention of the published optimum: ``"nint"`` (VRPLIB
        ``EUC_2D``), ``"trunc1"`` (Solomon, exact literature) or ``"exact"``.
    optimum
        Known optimal (or best-known) objective value under ``rounding``, or ``None``.
    optimum_source
        Where ``optimum`` comes from (``"COMMENT line"`` or a :data:`KNOWN_OPTIMA` source).
    source
        The file read.
    notes
        What the reader assumed (e.g. a header-stripped file taken as ``EUC_2D``).
    """

    name: str
    kind: str
    coords: np.ndarray
    demand: np.ndarray
    capacity: int
    node_ids: tuple[int, ...]
    num_vehicles: int | None = None
    ready_time: np.ndarray | None = None
    due_time: np.ndarray | None = None
    service_time: np.ndarray | None = None
    rounding: str = "nint"
    optimum: float | None = None
    optimum_source: str | None = None
    source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.rounding not in ROUNDING_CONVENTIONS:
            message = f"rounding must be one of {ROUNDING_CONVENTIONS}, got {self.rounding!r}"
            raise DataValidationError(Problem(message, file=self.source or None))
        for array in (self.coords, self.demand, self.ready_time, self.due_time, self.service_time):
            if array is not None:
                array.flags.writeable = False  # a frozen instance keeps its arrays frozen too

    @property
    def num_customers(self) -> int:
        """Number of customers (nodes other than the depot)."""
        return len(self.demand) - 1

    @property
    def dimension(self) -> int:
        """Number of nodes including the depot (VRPLIB ``DIMENSION``)."""
        return len(self.demand)

    @property
    def total_demand(self) -> int:
        """Sum of all customer demands."""
        return int(self.demand.sum())

    @property
    def has_time_windows(self) -> bool:
        """Whether the instance has time windows (VRPTW)."""
        return self.due_time is not None

    def distance_matrix(self) -> np.ndarray:
        """Arc distances (instance units) under the instance's ``rounding`` convention.

        Returns
        -------
        numpy.ndarray
            ``(n + 1, n + 1)`` float matrix; entry ``[i, j]`` is the distance from row
            ``i`` to row ``j`` (row 0 is the depot).
        """
        return euclidean_matrix(self.coords, self.rounding)


def euclidean_matrix(coords: np.ndarray, rounding: str = "exact") -> np.ndarray:
    """Pairwise Euclidean distances of planar points under a rounding convention.

    Parameters
    ----------
    coords
        ``(n, 2)`` coordinates.
    rounding
        ``"nint"`` (nearest integer, TSPLIB ``EUC_2D``), ``"trunc1"`` (truncate to one
        decimal, Solomon exact literature) or ``"exact"`` (no rounding).

    Returns
    -------
    numpy.ndarray
        ``(n, n)`` float matrix.
    """
    xy = np.asarray(coords, dtype=float)
    diff = xy[:, None, :] - xy[None, :, :]
    exact = np.sqrt((diff**2).sum(axis=2))
    if rounding == "nint":
        return np.floor(exact + 0.5)
    if rounding == "trunc1":
        # The epsilon keeps exact decimals (e.g. 5.0 computed as 4.99999...) from dropping 0.1.
        return np.floor(exact * 10.0 + 1e-9) / 10.0
    if rounding == "exact":
        return exact
    message = f"unknown rounding {rounding!r}; use one of {ROUNDING_CONVENTIONS}"
    raise ValueError(message)


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


def _to_number(token: str, kind: type, problems: list[Problem], file: str, line: int, what: str):
    try:
        value = float(token)
    except ValueError:
        problems.append(Problem(f"{what} {token!r} is not a number", file=file, row=line))
        return None
    if kind is int:
        if not value.is_integer():
            problems.append(
                Problem(f"{what} {token!r} must be a whole number", file=file, row=line)
            )
            return None
        return int(value)
    return value


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise DataValidationError(problems)


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


def _read_vrplib_standard(path: Path, lines: list[str]) -> VrpInstance:
    file = str(path)
    problems: list[Problem] = []
    header: dict[str, tuple[str, int]] = {}
    coords: dict[int, tuple[float, float, int]] = {}
    demands: dict[int, tuple[int, int]] = {}
    depots: list[int] = []
    section = None
    notes: list[str] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        upper = line.upper()
        if upper.startswith("EOF"):
            break
        if upper.endswith("_SECTION") or upper.split()[0].endswith("_SECTION"):
            section = upper.split()[0]
            if section not in ("NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION"):
                problems.append(
                    Problem(
                        f"section {section} is not supported (only NODE_COORD, DEMAND and "
                        "DEPOT sections of EUC_2D CVRP instances)",
                        file=file,
                        row=number,
                    )
                )
                section = "UNSUPPORTED"
            continue
        if line[0].isalpha():
            # A specification line: 'KEY : value' (some copies omit the colon).
            key, _, value = line.partition(":") if ":" in line else line.partition(" ")
            header[key.strip().upper()] = (value.strip().strip('"').strip(), number)
            section = None
            continue
        tokens = line.split()
        if section == "NODE_COORD_SECTION":
            if len(tokens) != 3:
                message = f"expected 'id x y' in NODE_COORD_SECTION, got {line!r}"
                problems.append(Problem(message, file=file, row=number))
                continue
            node = _to_number(tokens[0], int, problems, file, number, "node id")
            x = _to_number(tokens[1], float, problems, file, number, "x coordinate")
            y = _to_number(tokens[2], float, problems, file, number, "y coordinate")
            if None not in (node, x, y):
                if node in coords:
                    problems.append(Problem(f"node {node} listed twice", file=file, row=number))
                coords[node] = (x, y, number)
        elif section == "DEMAND_SECTION":
            if len(tokens) != 2:
                message = f"expected 'id demand' in DEMAND_SECTION, got {line!r}"
                problems.append(Problem(message, file=file, row=number))
                continue
            node = _to_number(tokens[0], int, problems, file, number, "node id")
            demand = _to_number(tokens[1], int, problems, file, number, "demand")
            if node is not None and demand is not None:
                if demand < 0:
                    message = f"negative demand {demand} for node {node}"
                    problems.append(Problem(message, file=file, row=number))
                demands[node] = (demand, number)
        elif section == "DEPOT_SECTION":
            value = _to_number(tokens[0], int, problems, file, number, "depot id")
            if value is not None and value != -1:
                depots.append(value)
        elif section == "UNSUPPORTED":
            continue
        else:
            message = f"unexpected line {line!r} outside any section; expected 'KEY : value'"
            problems.append(Problem(message, file=file, row=number))
    _raise_if(problems)

    name = header.get("NAME", (path.name.split(".")[0], 0))[0] or path.name.split(".")[0]
    if "NAME" not in header:
        notes.append("no NAME line: name taken from the file name")
    kind_value, kind_line = header.get("TYPE", ("CVRP", 0))
    if kind_value.upper() != "CVRP":
        message = f"TYPE {kind_value!r} is not supported; read_vrplib reads CVRP instances"
        problems.append(Problem(message, file=file, row=kind_line))
    ewt, ewt_line = header.get("EDGE_WEIGHT_TYPE", ("EUC_2D", 0))
    if "EDGE_WEIGHT_TYPE" not in header:
        notes.append("no EDGE_WEIGHT_TYPE line: taken as EUC_2D (nint), the VRPLIB default")
    if ewt.upper() != "EUC_2D":
        message = f"EDGE_WEIGHT_TYPE {ewt!r} is not supported; only EUC_2D (rounded Euclidean)"
        problems.append(Problem(message, file=file, row=ewt_line))
    dimension = _header_int(header, "DIMENSION", problems, file)
    capacity = _header_int(header, "CAPACITY", problems, file)
    vehicles = None
    if "VEHICLES" in header:
        vehicles = _header_int(header, "VEHICLES", problems, file)
    if not coords:
        problems.append(Problem("no NODE_COORD_SECTION rows found", file=file))
    if not demands:
        problems.append(Problem("no DEMAND_SECTION rows found", file=file))
    _raise_if(problems)

    if not depots:
        depots = [1]
        if "DEPOT_SECTION" not in {line.strip().upper() for line in lines}:
            notes.append("no DEPOT_SECTION: depot taken as node 1, the VRPLIB default")
    if len(depots) != 1:
        message = f"{len(depots)} depots listed; only single-depot instances are supported"
        problems.append(Problem(message, file=file))
    comment = header.get("COMMENT", ("", 0))[0]
    return _assemble(
        path=path,
        name=name,
        dimension=dimension,
        capacity=capacity,
        vehicles=vehicles,
        coords=coords,
        demands=demands,
        depot=depots[0] if depots else 1,
        comment=comment,
        notes=notes,
        problems=problems,
    )


def _header_int(header: dict[str, tuple[str, int]], key: str, problems: list[Problem], file: str):
    if key not in header:
        problems.append(Problem(f"missing '{key} : <integer>' header line", file=file))
        return None
    value, line = header[key]
    return _to_number(value, int, problems, file, line, key)


def _read_bare_numeric(path: Path, lines: list[str]) -> VrpInstance:
    """The four-number-header layout of the conganwoz/clarke_n_wright copies."""
    file = str(path)
    problems: list[Problem] = []
    rows = [(number, line.split()) for number, line in enumerate(lines, start=1) if line.strip()]
    if len(rows) < 4:
        problems.append(
            Problem("expected 4 header numbers, then coordinate and demand rows", file=file)
        )
        _raise_if(problems)
    head = []
    for number, tokens in rows[:4]:
        if len(tokens) != 1:
            message = f"expected one number per header line, got {' '.join(tokens)!r}"
            problems.append(Problem(message, file=file, row=number))
            head.append(None)
        else:
            head.append(_to_number(tokens[0], int, problems, file, number, "header value"))
    _raise_if(problems)
    dimension, _unused1, capacity, _unused2 = head
    body = rows[4:]
    if len(body) != 2 * dimension:
        message = (
            f"dimension {dimension} needs {dimension} 'id x y' rows and {dimension} "
            f"'id demand' rows, found {len(body)} rows in all"
        )
        problems.append(Problem(message, file=file, row=body[0][0] if body else None))
        _raise_if(problems)
    coords: dict[int, tuple[float, float, int]] = {}
    demands: dict[int, tuple[int, int]] = {}
    for number, tokens in body[:dimension]:
        if len(tokens) != 3:
            message = f"expected 'id x y', got {' '.join(tokens)!r}"
            problems.append(Problem(message, file=file, row=number))
            continue
        node = _to_number(tokens[0], int, problems, file, number, "node id")
        x = _to_number(tokens[1], float, problems, file, number, "x coordinate")
        y = _to_number(tokens[2], float, problems, file, number, "y coordinate")
        if None not in (node, x, y):
            coords[node] = (x, y, number)
    for number, tokens in body[dimension:]:
        if len(tokens) != 2:
            message = f"expected 'id demand', got {' '.join(tokens)!r}"
            problems.append(Problem(message, file=file, row=number))
            continue
        node = _to_number(tokens[0], int, problems, file, number, "node id")
        demand = _to_number(tokens[1], int, problems, file, number, "demand")
        if node is not None and demand is not None:
            demands[node] = (demand, number)
    _raise_if(problems)
    notes = [
        "bare numeric layout (conganwoz/clarke_n_wright): header lines 2 and 4 ignored; "
        "EUC_2D (nint) and depot 1 assumed"
    ]
    return _assemble(
        path=path,
        name=path.name.split(".")[0],
        dimension=dimension,
        capacity=capacity,
        vehicles=None,
        coords=coords,
        demands=demands,
        depot=1,
        comment="",
        notes=notes,
        problems=problems,
    )


def _assemble(
    *,
    path: Path,
    name: str,
    dimension: int,
    capacity: int,
    vehicles: int | None,
    coords: dict[int, tuple[float, float, int]],
    demands: dict[int, tuple[int, int]],
    depot: int,
    comment: str,
    notes: list[str],
    problems: list[Problem],
) -> VrpInstance:
    file = str(path)
    if capacity is not None and capacity <= 0:
        problems.append(Problem(f"CAPACITY must be positive, got {capacity}", file=file))
    if len(coords) != dimension:
        message = f"DIMENSION is {dimension} but NODE_COORD_SECTION has {len(coords)} nodes"
        problems.append(Problem(message, file=file))
    if len(demands) != dimension:
        message = f"DIMENSION is {dimension} but DEMAND_SECTION has {len(demands)} nodes"
        problems.append(Problem(message, file=file))
    missing = sorted(set(coords) ^ set(demands))
    if missing:
        message = f"nodes {missing[:10]} have a coordinate or a demand but not both"
        problems.append(Problem(message, file=file))
    if depot not in coords:
        problems.append(Problem(f"depot {depot} has no coordinates", file=file))
    _raise_if(problems)
    if demands[depot][0] != 0:
        message = f"the depot (node {depot}) has demand {demands[depot][0]}; it must be 0"
        problems.append(Problem(message, file=file, row=demands[depot][1]))
    for node, (demand, line) in demands.items():
        if demand > capacity:
            message = (
                f"node {node} demand {demand} exceeds the vehicle capacity {capacity}: "
                "no vehicle can serve it"
            )
            problems.append(Problem(message, file=file, row=line))
    _raise_if(problems)

    order = [depot] + [node for node in sorted(coords) if node != depot]
    xy = np.array([[coords[node][0], coords[node][1]] for node in order], dtype=float)
    demand = np.array([demands[node][0] for node in order], dtype=np.int64)
    optimum, optimum_source = None, None
    match = _COMMENT_OPTIMUM.search(comment or "")
    if match:
        optimum, optimum_source = float(match.group(1)), "COMMENT line"
    known, known_source = _known_optimum(name)
    if optimum is None and known is not None:
        optimum, optimum_source = known, known_source
    elif optimum is not None and known is not None and not math.isclose(optimum, known):
        logger.warning(
            "%s: COMMENT optimum %s differs from the known value %s (%s); using the COMMENT",
            file,
            optimum,
            known,
            known_source,
        )
    return VrpInstance(
        name=name,
        kind="cvrp",
        coords=xy,
        demand=demand,
        capacity=int(capacity),
        node_ids=tuple(order),
        num_vehicles=vehicles,
        rounding="nint",
        optimum=optimum,
        optimum_source=optimum_source,
        source=file,
        notes=tuple(notes),
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
    file = str(path)
    lines = _read_lines(path)
    problems: list[Problem] = []
    content = [(number, line.strip()) for number, line in enumerate(lines, start=1)]
    content = [(number, line) for number, line in content if line]
    if not content:
        _raise_if([Problem("the file is empty", file=file)])
    name = content[0][1].split()[0]
    upper = [line.upper() for _, line in content]
    try:
        v_at = upper.index("VEHICLE")
        c_at = upper.index("CUSTOMER")
    except ValueError:
        message = "missing the 'VEHICLE' or 'CUSTOMER' block; is this a Solomon file?"
        _raise_if([Problem(message, file=file)])
    vehicles = capacity = None
    for number, line in content[v_at + 1 : c_at]:
        tokens = line.split()
        if tokens and tokens[0][0].isdigit():
            if len(tokens) != 2:
                message = f"expected 'NUMBER CAPACITY' values, got {line!r}"
                problems.append(Problem(message, file=file, row=number))
                break
            vehicles = _to_number(tokens[0], int, problems, file, number, "vehicle number")
            capacity = _to_number(tokens[1], int, problems, file, number, "capacity")
            break
    if vehicles is None or capacity is None:
        if not problems:
            problems.append(
                Problem("no vehicle NUMBER/CAPACITY row in the VEHICLE block", file=file)
            )
        _raise_if(problems)
    rows: list[tuple[int, list[float]]] = []
    for number, line in content[c_at + 1 :]:
        tokens = line.split()
        if not tokens[0][0].isdigit():
            continue  # the column-title line
        if len(tokens) != 7:
            message = (
                f"expected 7 numbers (id x y demand ready due service), got {len(tokens)}: {line!r}"
            )
            problems.append(Problem(message, file=file, row=number))
            continue
        values = [
            _to_number(token, float, problems, file, number, what)
            for token, what in zip(
                tokens,
                ("customer id", "x", "y", "demand", "ready time", "due date", "service time"),
                strict=True,
            )
        ]
        if None not in values:
            rows.append((number, values))
    _raise_if(problems)
    if not rows:
        _raise_if([Problem("no customer rows in the CUSTOMER block", file=file)])
    for position, (number, values) in enumerate(rows):
        node, _, _, demand, ready, due, service = values
        if node != position:
            message = f"customer id {node:g} out of order; expected {position}"
            problems.append(Problem(message, file=file, row=number))
        if not float(demand).is_integer() or demand < 0:
            message = f"demand {demand:g} must be a non-negative whole number"
            problems.append(Problem(message, file=file, row=number))
        elif demand > capacity:
            message = f"demand {demand:g} exceeds the vehicle capacity {capacity}"
            problems.append(Problem(message, file=file, row=number))
        if ready > due:
            message = f"ready time {ready:g} is after the due date {due:g}"
            problems.append(Problem(message, file=file, row=number))
        if service < 0:
            problems.append(Problem(f"negative service time {service:g}", file=file, row=number))
    if rows[0][1][3] != 0:
        problems.append(
            Problem("the depot (customer 0) must have demand 0", file=file, row=rows[0][0])
        )
    if capacity is not None and capacity <= 0:
        problems.append(Problem(f"capacity must be positive, got {capacity}", file=file))
    if vehicles is not None and vehicles <= 0:
        problems.append(Problem(f"vehicle number must be positive, got {vehicles}", file=file))
    _raise_if(problems)
    table = np.array([values for _, values in rows], dtype=float)
    optimum, optimum_source = _known_optimum(name)
    return VrpInstance(
        name=name,
        kind="vrptw",
        coords=table[:, 1:3].copy(),
        demand=table[:, 3].astype(np.int64),
        capacity=int(capacity),
        node_ids=tuple(int(v) for v in table[:, 0]),
        num_vehicles=int(vehicles),
        ready_time=table[:, 4].copy(),
        due_time=table[:, 5].copy(),
        service_time=table[:, 6].copy(),
        rounding="trunc1",
        optimum=optimum,
        optimum_source=optimum_source,
        source=file,
        notes=("objective = total distance (exact-literature convention, not fleet size)",),
    )


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
