"""Services: the scheduled lines (block trains, liner loops, freighter rotations) over links.

Links are the infrastructure; a service is what an operator sells: a named line with an
ordered list of stops, run and dwell times, departures (a weekly timetable or a
frequency), a capacity per departure and a fare. Two tables describe them (the format of
``data/services/``, see docs/services.md):

``services``
    one row per service and direction (``SERVICE_COLUMNS``);
``stops``
    one row per stop, in order (``STOP_COLUMNS``): hours since the departure from the
    first stop, and optionally the links ridden from the previous stop.

``read_services`` validates both against the network's nodes and links (every problem
at once, with file, row and column), finds the links between stops when they are not
given, and adds the *implicit* services: a scheduled link that no service covers is a
one-link service of its own, so every scheduled movement in the expanded graph is a
ride on a service (see ``multimodal.graph``).
"""

from __future__ import annotations

import io
import itertools
import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from ._checks import check_blanks
from ._encoding import read_text
from ._validate import (
    bool_column,
    choice_column,
    did_you_mean,
    is_missing,
    missing_columns,
    number_column,
    row_label,
)
from .exceptions import DataValidationError, DataWarning, Problem
from .modes import CargoClass, Mode, split_list
from .schema import MAX_SPEED_KMH, Column, parse_timetable

SERVICE_COLUMNS: tuple[Column, ...] = (
    Column("service_id", "str", True, doc="unique; letters, digits, _ and -"),
    Column("name", "str", True, doc="English name"),
    Column("name_zh", "str", False, "", doc="Chinese name"),
    Column("operator", "str", False, ""),
    Column("mode", "str", True, doc="rail, sea or air (road is continuous)"),
    Column("corridor", "str", True),
    Column("departures_per_week", "float", False, None, "1/week", "blank with a timetable"),
    Column("timetable", "str", False, "", doc="departures from the first stop, 'Wed 03:55;...'"),
    Column("capacity_teu_per_departure", "float", False, None, "TEU", "blank: uncapacitated"),
    Column("capacity_t_per_departure", "float", False, None, "t"),
    Column("fare_basis", "str", True, doc="'teu' or 't': what the fare is per"),
    Column("fare_fixed_cny", "float", True, unit="CNY per TEU or t", doc="charged at boarding"),
    Column("fare_cny_per_km", "float", True, unit="CNY per TEU-km or t-km"),
    Column("reefer", "bool", True),
    Column("dangerous_goods", "bool", True),
    Column("cargo_classes", "str", False, "", doc="';'-list it may carry; blank: all"),
    Column("year", "int", True, doc="base year of the row's figures"),
    Column("year_opened", "int", False, None),
    Column("source", "str", True),
    Column("estimated", "str", False, ""),
    Column("note", "str", False, ""),
)

STOP_COLUMNS: tuple[Column, ...] = (
    Column("service_id", "str", True),
    Column("seq", "int", True, doc="1, 2, 3, ... per service"),
    Column("node", "str", True, doc="a node id"),
    Column("arrive_h", "float", False, None, "h", "since the departure from the first stop"),
    Column("depart_h", "float", False, None, "h", "since the departure from the first stop"),
    Column("via_links", "str", False, "", doc="';'-list of link ids from the previous stop"),
    Column("pickup", "bool", False, True, doc="boxes may board here (no: a technical stop)"),
    Column("dropoff", "bool", False, True, doc="boxes may leave here (no: a technical stop)"),
    Column("source", "str", False, ""),
    Column("estimated", "str", False, ""),
    Column("note", "str", False, ""),
)

_SERVICE_MODES = (Mode.RAIL.value, Mode.SEA.value, Mode.AIR.value)
_FARE_BASES = ("teu", "t")
_ID = re.compile(r"^[A-Za-z0-9_\-:]+$")
HOURS_PER_WEEK = 168.0
#: Prefix of the id of a link's implicit one-link service (and suffix of its return).
IMPLICIT_PREFIX, REVERSE_SUFFIX = "link:", ":reverse"


@dataclass(frozen=True, eq=False)
class ServiceTable:
    """Validated services of a network, with the links each one rides.

    Attributes
    ----------
    services
        One row per service (``SERVICE_COLUMNS``, typed), explicit ones first, then the
        implicit one-link services (``implicit`` True) of scheduled links no service covers.
    stops
        One row per stop (``STOP_COLUMNS``, typed), ordered by service and ``seq``.
    rides
        One row per link ridden: ``service_id``, ``seq`` (the stop the ride leaves from),
        ``link`` (position in the network's links), ``from_node``, ``to_node``,
        ``distance_km`` and ``time_h`` (the service's run time between the two stops,
        shared over its links by distance).
    """

    services: pd.DataFrame
    stops: pd.DataFrame
    rides: pd.DataFrame

    @property
    def explicit(self) -> pd.DataFrame:
        """The services given in the data (not the implicit one-link ones)."""
        return self.services[~self.services["implicit"]]

    def departures_per_week(self) -> np.ndarray:
        """Departures a week of each service (from the timetable where there is one)."""
        return self.services["departures_per_week"].to_numpy(float)

    def capacity_teu_per_week(self, t_per_teu: float = 10.0) -> np.ndarray:
        """Weekly capacity of each service in TEU (inf where none is given).

        Where only a capacity in tonnes is given (air), it is converted at ``t_per_teu``.
        """
        per_departure = self.services["capacity_teu_per_departure"].to_numpy(float)
        tonnes = self.services["capacity_t_per_departure"].to_numpy(float) / t_per_teu
        per_departure = np.where(np.isnan(per_departure), tonnes, per_departure)
        per_departure = np.where(np.isnan(per_departure), np.inf, per_departure)
        return per_departure * self.departures_per_week()


def empty_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Empty ``services`` and ``stops`` tables with every contract column."""
    return (
        pd.DataFrame({c.name: pd.Series(dtype=object) for c in SERVICE_COLUMNS}),
        pd.DataFrame({c.name: pd.Series(dtype=object) for c in STOP_COLUMNS}),
    )


def read_csv_table(path: str | Path, what: str) -> pd.DataFrame:
    """Read a services or stops CSV (UTF-8, UTF-16 or GB18030), ids kept as text."""
    path = Path(path)
    text = read_text(path, what)
    try:
        return pd.read_csv(
            io.StringIO(text), dtype={"service_id": str, "node": str}, keep_default_na=True
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DataValidationError(Problem(f"cannot read the file ({error})", str(path))) from error


# -- validation ------------------------------------------------------------------------------
def _with_columns(
    frame: pd.DataFrame, columns: tuple[Column, ...], file: str, problems: list[Problem]
) -> pd.DataFrame:
    """A copy of ``frame`` with every contract column; report the required ones it lacks."""
    missing_columns(frame, [c.name for c in columns if c.required], file, problems)
    out = frame.copy()
    for column in columns:
        if column.name not in out.columns:
            out[column.name] = column.default
    return out


def _check_services(
    frame: pd.DataFrame, file: str, corridors: set[str], problems: list[Problem]
) -> pd.DataFrame:
    """Type and check the services table; return it typed (reported cells become blank)."""
    out = _with_columns(frame, SERVICE_COLUMNS, file, problems)
    ids = [str(v) for v in out["service_id"]]
    for position, ident in enumerate(out["service_id"]):
        label = row_label(ids, position)
        if is_missing(ident):
            problems.append(Problem("missing value; give an id", file, label, "service_id"))
        elif not _ID.match(str(ident)):
            message = f"id {ident!r} may hold only letters, digits, '_', '-' and ':'"
            problems.append(Problem(message, file, label, "service_id"))
    seen: set[str] = set()
    for position, ident in enumerate(ids):
        if ident in seen:
            problems.append(
                Problem(f"duplicate id {ident!r}", file, row_label(ids, position), "service_id")
            )
        seen.add(ident)
    for name in ("name", "source"):
        check_blanks(out, [(name, "")], file, problems, ids=ids)
    for name, choices in (("mode", _SERVICE_MODES), ("fare_basis", _FARE_BASES)):
        check_blanks(out, [(name, f"one of {', '.join(choices)}")], file, problems, ids=ids)
        choice_column(out, name, choices, file, problems, ids=ids)
    check_blanks(out, [("corridor", "as on links")], file, problems, ids=ids)
    if corridors:
        choice_column(out, "corridor", corridors, file, problems, ids=ids)
    for name, required in (
        ("departures_per_week", False),
        ("capacity_teu_per_departure", False),
        ("capacity_t_per_departure", False),
        ("fare_fixed_cny", True),
        ("fare_cny_per_km", True),
    ):
        out[name] = number_column(out, name, file, problems, ids=ids, required=required)
    for name in ("year", "year_opened"):
        out[name] = number_column(
            out, name, file, problems, ids=ids, minimum=1800, required=name == "year"
        )
    for name in ("reefer", "dangerous_goods"):
        check_blanks(out, [(name, "yes or no")], file, problems, ids=ids)
    out["reefer"] = bool_column(out, "reefer", file, problems, default=True, ids=ids)
    out["dangerous_goods"] = bool_column(
        out, "dangerous_goods", file, problems, default=True, ids=ids
    )
    for name in ("name_zh", "operator", "timetable", "cargo_classes", "estimated", "note"):
        out[name] = ["" if is_missing(v) else str(v) for v in out[name]]
    _check_departures(out, file, ids, problems)
    _check_cargo_classes(out, file, ids, problems)
    out["implicit"] = False
    return out


def _check_departures(
    out: pd.DataFrame, file: str, ids: list[str], problems: list[Problem]
) -> None:
    """A timetable that parses, and a frequency that agrees with it (or is given)."""
    departures = out["departures_per_week"].to_numpy(float).copy()
    for position, text in enumerate(out["timetable"]):
        label = row_label(ids, position)
        try:
            slots = parse_timetable(text)
        except ValueError as error:
            problems.append(Problem(str(error), file, label, "timetable"))
            continue
        if slots:
            if not math.isnan(departures[position]) and departures[position] != len(slots):
                message = (
                    f"departures_per_week {departures[position]:g} disagrees with the "
                    f"timetable's {len(slots)} departures; leave it blank or make them agree"
                )
                problems.append(Problem(message, file, label, "departures_per_week"))
            departures[position] = len(slots)
        elif math.isnan(departures[position]) or departures[position] <= 0:
            message = "give departures_per_week (> 0) or a timetable ('Wed 03:55;Sat 03:55')"
            problems.append(Problem(message, file, label, "departures_per_week"))
    out["departures_per_week"] = departures


def _check_cargo_classes(
    out: pd.DataFrame, file: str, ids: list[str], problems: list[Problem]
) -> None:
    known = [c.value for c in CargoClass]
    for position, text in enumerate(out["cargo_classes"]):
        for word in split_list(text):
            if word not in known:
                message = f"unknown cargo class {word!r}{did_you_mean(word, known)}"
                problems.append(Problem(message, file, row_label(ids, position), "cargo_classes"))


def _check_stops(
    frame: pd.DataFrame,
    file: str,
    services: pd.DataFrame,
    services_file: str,
    node_ids: Sequence[str],
    problems: list[Problem],
) -> pd.DataFrame:
    """Type and check the stops table (references, order, times)."""
    out = _with_columns(frame, STOP_COLUMNS, file, problems)
    labels = [f"{s}#{q}" for s, q in zip(out["service_id"], out["seq"])]
    known_services = set(services["service_id"])
    known_nodes = set(node_ids)
    for position, (service, node) in enumerate(zip(out["service_id"], out["node"])):
        label = row_label(labels, position)
        if service not in known_services:
            hint = did_you_mean(service, known_services) if known_services else ""
            message = f"unknown service {service!r}{hint}"
            problems.append(Problem(message, file, label, "service_id"))
        if is_missing(node):
            problems.append(Problem("missing value; give a node id", file, label, "node"))
        elif node not in known_nodes:
            message = f"unknown node {node!r}{did_you_mean(node, known_nodes)}"
            problems.append(Problem(message, file, label, "node"))
    out["seq"] = number_column(out, "seq", file, problems, ids=labels, minimum=1, required=True)
    for name in ("arrive_h", "depart_h"):
        out[name] = number_column(out, name, file, problems, unit="h", ids=labels)
    for name in ("via_links", "source", "estimated", "note"):
        out[name] = ["" if is_missing(v) else str(v) for v in out[name]]
    for name in ("pickup", "dropoff"):
        out[name] = bool_column(out, name, file, problems, default=True, ids=labels)
    out["_row"] = np.arange(len(out))
    out = out.sort_values(["service_id", "seq"], kind="stable")
    for service, group in out.groupby("service_id", sort=False):
        _check_sequence(str(service), group, file, labels, problems)
    without = known_services - set(out["service_id"])
    service_ids = [str(v) for v in services["service_id"]]
    for row, service in enumerate(service_ids):
        if service in without and _ID.match(service):  # a bad id is reported already
            message = f"the service has no rows in the stops file {file}; give at least two stops"
            label = row_label(service_ids, row)
            problems.append(Problem(message, services_file, label, "service_id"))
    return out


def _check_sequence(
    service: str, group: pd.DataFrame, file: str, labels: list[str], problems: list[Problem]
) -> None:
    """Stops numbered 1..n, at least two, and times that move forward."""
    rows = group["_row"].tolist()
    seq = group["seq"].to_numpy(float)
    if len(group) < 2:
        label = row_label(labels, rows[0])
        problems.append(Problem("a service needs at least two stops", file, label, "seq"))
        return
    if not np.array_equal(seq, np.arange(1, len(group) + 1)):
        label = row_label(labels, rows[0])
        numbers = ", ".join(f"{q:g}" for q in seq)
        message = f"stops of {service} are numbered {numbers}; number them 1..{len(group)}"
        problems.append(Problem(message, file, label, "seq"))
        return
    arrive = group["arrive_h"].to_numpy(float)
    depart = group["depart_h"].to_numpy(float)
    last = len(group) - 1
    for i, row in enumerate(rows):
        label = row_label(labels, row)
        if i > 0 and math.isnan(arrive[i]):
            problems.append(Problem("missing value; give the arrival (h)", file, label, "arrive_h"))
        if i < last and math.isnan(depart[i]):
            message = "missing value; give the departure (h)"
            problems.append(Problem(message, file, label, "depart_h"))
        if i == 0 and not math.isnan(depart[0]) and depart[0] != 0:
            message = f"the first stop departs at hour 0 (times count from it), got {depart[0]:g}"
            problems.append(Problem(message, file, label, "depart_h"))
        if 0 < i < last and depart[i] < arrive[i]:  # False when either is blank
            message = f"departs ({depart[i]:g} h) before it arrives ({arrive[i]:g} h)"
            problems.append(Problem(message, file, label, "depart_h"))
        if i > 0 and not math.isnan(arrive[i] + depart[i - 1]) and arrive[i] <= depart[i - 1]:
            message = (
                f"arrives at {arrive[i]:g} h, not after leaving the previous stop at "
                f"{depart[i - 1]:g} h: times must increase"
            )
            problems.append(Problem(message, file, label, "arrive_h"))


# -- the links a service rides ------------------------------------------------------------------
@dataclass(frozen=True)
class _LinkIndex:
    """The network's links as the path search needs them."""

    ids: np.ndarray
    frm: np.ndarray
    to: np.ndarray
    mode: np.ndarray
    gauge: np.ndarray
    both: np.ndarray
    distance: np.ndarray
    position: dict[str, int]

    @classmethod
    def of(cls, links: pd.DataFrame) -> _LinkIndex:
        ids = links["id"].astype(str).to_numpy()
        return cls(
            ids=ids,
            frm=links["from_node"].astype(str).to_numpy(),
            to=links["to_node"].astype(str).to_numpy(),
            mode=links["mode"].astype(str).to_numpy(),
            gauge=links["gauge_mm"].to_numpy(float),
            both=links["bidirectional"].to_numpy(bool),
            distance=links["distance_km"].to_numpy(float),
            position={ident: i for i, ident in enumerate(ids)},
        )

    def graph(self, mode: str) -> nx.DiGraph:
        """Directed graph of one mode's links (each direction served), weighted by km."""
        graph = nx.DiGraph()
        for k in np.flatnonzero(self.mode == mode):
            for a, b in ((self.frm[k], self.to[k]), (self.to[k], self.frm[k]))[
                : 2 if self.both[k] else 1
            ]:
                old = graph.get_edge_data(a, b)
                if old is None or self.distance[k] < old["km"]:
                    graph.add_edge(a, b, km=float(self.distance[k]), link=int(k))
        return graph

    def joins(self, k: int, a: str, b: str) -> bool:
        """Whether link ``k`` runs from ``a`` to ``b`` (either way if bidirectional)."""
        forward = self.frm[k] == a and self.to[k] == b
        backward = bool(self.both[k]) and self.frm[k] == b and self.to[k] == a
        return bool(forward or backward)


def _given_path(
    text: str, a: str, b: str, mode: str, links: _LinkIndex, where: tuple[str, str]
) -> tuple[list[tuple[int, str, str]], list[Problem]]:
    """The rides of a ``via_links`` list, checked to chain from ``a`` to ``b``."""
    file, label = where
    rides: list[tuple[int, str, str]] = []
    at = a
    for ident in split_list(text):
        k = links.position.get(ident)
        if k is None:
            message = f"unknown link {ident!r}{did_you_mean(ident, links.ids)}"
            return [], [Problem(message, file, label, "via_links")]
        if links.mode[k] != mode:
            message = f"link {ident} is {links.mode[k]}, not {mode} like its service"
            return [], [Problem(message, file, label, "via_links")]
        nxt = links.to[k] if links.frm[k] == at else links.frm[k]
        if not links.joins(k, at, nxt) or at not in (links.frm[k], links.to[k]):
            message = f"link {ident} does not continue from {at} (in the direction it serves)"
            return [], [Problem(message, file, label, "via_links")]
        rides.append((k, at, nxt))
        at = nxt
    if at != b:
        message = f"the links end at {at}, not at the stop {b}"
        return [], [Problem(message, file, label, "via_links")]
    return rides, []


def _rides_of(
    stops: pd.DataFrame, mode: str, links: _LinkIndex, graphs: dict[str, nx.DiGraph], file: str
) -> tuple[list[tuple[int, int, str, str]], list[Problem]]:
    """For one service: ``(seq, link, from, to)`` of every link ridden, or the problems."""
    nodes = stops["node"].astype(str).tolist()
    seqs = stops["seq"].astype(int).tolist()
    texts = stops["via_links"].tolist()
    labels = [f"{s}#{q}" for s, q in zip(stops["service_id"], seqs)]
    rows = stops["_row"].tolist()
    rides: list[tuple[int, int, str, str]] = []
    problems: list[Problem] = []
    for i in range(1, len(nodes)):
        a, b = nodes[i - 1], nodes[i]
        where = (file, f"{rows[i]} ({labels[i]})")
        if texts[i]:
            path, found = _given_path(texts[i], a, b, mode, links, where)
            problems += found
        else:
            graph = graphs.setdefault(mode, links.graph(mode))
            try:
                hops = nx.dijkstra_path(graph, a, b, weight="km")
            except (nx.NetworkXNoPath, nx.NodeNotFound):
                message = f"no {mode} links join {a} to {b}; add a link or list via_links"
                problems.append(Problem(message, file, where[1], "node"))
                continue
            path = [(graph[u][v]["link"], u, v) for u, v in itertools.pairwise(hops)]
        rides += [(seqs[i - 1], k, u, v) for k, u, v in path]
    return rides, problems


def _gauge_problems(
    service: str,
    rides: list[tuple[int, int, str, str]],
    stops: pd.DataFrame,
    links: _LinkIndex,
    file: str,
) -> list[Problem]:
    """A change of gauge must happen at a stop (the train stops to transship).

    The problem is reported on the row of the stop the train is heading for.
    """
    stop_nodes = set(stops["node"].astype(str))
    row_of_seq = {
        int(q): f"{r} ({s}#{int(q)})"
        for q, r, s in zip(stops["seq"], stops["_row"], stops["service_id"])
    }
    problems = []
    for (seq, k1, _, via), (_, k2, _, _) in itertools.pairwise(rides):
        g1, g2 = links.gauge[k1], links.gauge[k2]
        if g1 == g1 and g2 == g2 and g1 != g2 and via not in stop_nodes:
            message = (
                f"service {service} changes gauge ({g1:g} -> {g2:g} mm) at {via}, which is "
                "not one of its stops; add it as a stop with the transshipment dwell"
            )
            problems.append(Problem(message, file, row_of_seq.get(seq + 1), "node"))
    return problems


def _path_problems(
    service: str,
    mode: str,
    rides: list[tuple[int, int, str, str]],
    by_seq: dict[int, list[tuple[int, str, str]]],
    stops: pd.DataFrame,
    links: _LinkIndex,
    file: str,
) -> list[Problem]:
    """A service passes each node once and runs no faster than its mode can.

    A stop added between two others with no ``via_links`` can make the shortest path run
    back through a stop already served: refused, with the node, rather than a train that
    doubles back.
    """
    label = {int(q): f"{r} ({service}#{int(q)})" for q, r in zip(stops["seq"], stops["_row"])}
    problems: list[Problem] = []
    visited = [rides[0][2]] if rides else []
    for seq, _, _, v in rides:
        if v in visited:
            message = (
                f"service {service} passes {v} twice on its way to this stop (the path between "
                "its stops doubles back); check the order of the stops or give via_links"
            )
            problems.append(Problem(message, file, label.get(seq + 1), "node"))
            return problems
        visited.append(v)
    arrive = dict(zip(stops["seq"].astype(int), stops["arrive_h"]))
    depart = dict(zip(stops["seq"].astype(int), stops["depart_h"].fillna(0.0)))
    limit = MAX_SPEED_KMH[Mode(mode)]
    for seq, path in by_seq.items():
        km = sum(float(links.distance[k]) for k, _, _ in path)
        hours = float(arrive[seq + 1]) - float(depart[seq])
        if hours > 0 and km / hours > limit:
            message = (
                f"{km:,.0f} km from the previous stop in {hours:g} h is {km / hours:,.0f} km/h, "
                f"faster than {mode} can go (at most {limit:g} km/h); check the times"
            )
            problems.append(Problem(message, file, label.get(seq + 1), "arrive_h"))
    return problems


def _ride_table(
    services: pd.DataFrame,
    stops: pd.DataFrame,
    links: _LinkIndex,
    file: str,
    problems: list[Problem],
) -> pd.DataFrame:
    """One row per link ridden by each service, with its share of the run time."""
    graphs: dict[str, nx.DiGraph] = {}
    modes = dict(zip(services["service_id"], services["mode"]))
    records = []
    for service, group in stops.groupby("service_id", sort=False):
        rides, found = _rides_of(group, modes[service], links, graphs, file)
        found += _gauge_problems(str(service), rides, group, links, file)
        problems += found
        if found:
            continue
        arrive = dict(zip(group["seq"].astype(int), group["arrive_h"]))
        depart = dict(zip(group["seq"].astype(int), group["depart_h"].fillna(0.0)))
        by_seq: dict[int, list[tuple[int, str, str]]] = {}
        for seq, k, u, v in rides:
            by_seq.setdefault(seq, []).append((k, u, v))
        found = _path_problems(str(service), modes[service], rides, by_seq, group, links, file)
        problems += found
        if found:
            continue
        for seq, path in by_seq.items():
            run = float(arrive[seq + 1]) - float(depart[seq])
            km = np.array([links.distance[k] for k, _, _ in path])
            share = km / km.sum() if km.sum() > 0 else np.full(len(km), 1.0 / len(km))
            for (k, u, v), part in zip(path, share):
                records.append((service, seq, k, u, v, float(links.distance[k]), run * part))
    return pd.DataFrame(
        records,
        columns=["service_id", "seq", "link", "from_node", "to_node", "distance_km", "time_h"],
    )


# -- implicit services ------------------------------------------------------------------------
def _implicit(links: pd.DataFrame, covered: set[tuple[int, str]]) -> tuple[pd.DataFrame, ...]:
    """One-link services for scheduled link directions that no service covers."""
    services, stops, rides = [], [], []
    scheduled = _scheduled(links)
    for k, row in enumerate(links.itertuples(index=False)):
        if row.mode == Mode.ROAD.value or not scheduled[k]:
            continue
        timetable = "" if is_missing(row.timetable) else str(row.timetable)
        departures = (
            float(len(parse_timetable(timetable))) if timetable else float(row.departures_per_week)
        )
        ends = [(row.from_node, row.to_node, "")]
        if row.bidirectional:
            ends.append((row.to_node, row.from_node, REVERSE_SUFFIX))
        for a, b, suffix in ends:
            if (k, a) in covered:
                continue
            ident = f"{IMPLICIT_PREFIX}{row.id}{suffix}"
            per_teu = row.cost_basis == "teu"
            services.append(
                {
                    "service_id": ident,
                    "name": f"{row.id} ({row.mode}, {a} -> {b})",
                    "name_zh": "",
                    "operator": "",
                    "mode": row.mode,
                    "corridor": row.corridor,
                    "departures_per_week": departures,
                    "timetable": timetable,
                    "capacity_teu_per_departure": np.nan,
                    "capacity_t_per_departure": np.nan,
                    "fare_basis": "teu" if per_teu else "t",
                    "fare_fixed_cny": float(row.cost_cny),
                    "fare_cny_per_km": 0.0,
                    "reefer": bool(row.reefer),
                    "dangerous_goods": bool(row.dangerous_goods),
                    "cargo_classes": "",
                    "year": np.nan,
                    "year_opened": row.year_opened,
                    "source": row.source,
                    "estimated": row.estimated,
                    "note": "implicit: the link's own departures",
                    "implicit": True,
                }
            )
            stops += [
                {
                    "service_id": ident,
                    "seq": 1,
                    "node": a,
                    "arrive_h": np.nan,
                    "depart_h": 0.0,
                    "pickup": True,
                    "dropoff": True,
                },
                {
                    "service_id": ident,
                    "seq": 2,
                    "node": b,
                    "arrive_h": float(row.time_h),
                    "depart_h": np.nan,
                    "pickup": True,
                    "dropoff": True,
                },
            ]
            rides.append((ident, 1, k, a, b, float(row.distance_km), float(row.time_h)))
    ride_columns = ["service_id", "seq", "link", "from_node", "to_node", "distance_km", "time_h"]
    return pd.DataFrame(services), pd.DataFrame(stops), pd.DataFrame(rides, columns=ride_columns)


def _scheduled(links: pd.DataFrame) -> np.ndarray:
    """Per link: whether it has departures of its own (a frequency above 0 or a timetable)."""
    return np.array(
        [
            (not is_missing(f) and float(f) > 0) or not is_missing(t)
            for f, t in zip(links["departures_per_week"], links["timetable"])
        ],
        dtype=bool,
    )


def _named(ids: list[str]) -> str:
    """Up to five ids, and how many more."""
    return ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")


def _warn_link_departures(links: pd.DataFrame, covered: set[tuple[int, str]]) -> None:
    """What the links' own departures mean next to the services, where it is not obvious.

    A link a service rides ignores its own departures; a rail, sea or air link that no
    service rides and that has no departures carries nothing; road is continuous, so
    departures given on a road link are not used.
    """
    ids = [str(v) for v in links["id"]]
    scheduled = _scheduled(links)
    road = (links["mode"] == Mode.ROAD.value).to_numpy()
    ridden = {k for k, _ in covered}
    ignored = sorted({ids[k] for k, _ in covered if scheduled[k]})
    idle = [ids[k] for k in range(len(ids)) if not road[k] and not scheduled[k] and k not in ridden]
    road_given = [ids[k] for k in np.flatnonzero(road & scheduled)]
    for listed, message in (
        (
            ignored,
            "links {} are ridden by services, so their own departures_per_week and timetable "
            "are ignored (the services' departures count); blank them in the link files to "
            "silence this",
        ),
        (
            idle,
            "nothing runs on links {}: a rail, sea or air link carries only the services that "
            "ride it; give it departures_per_week (a service of its own) or a service in the "
            "services files (docs/services.md)",
        ),
        (
            road_given,
            "road links {} have departures_per_week or a timetable: road is continuous (a truck "
            "leaves when the box is ready), so they are ignored; blank them, or make the link "
            "rail/sea/air if it is a scheduled service",
        ),
    ):
        if listed:
            warnings.warn(message.format(_named(listed)), DataWarning, stacklevel=3)


def read_services(
    services: pd.DataFrame | str | Path | None,
    stops: pd.DataFrame | str | Path | None,
    links: pd.DataFrame,
    node_ids: Sequence[str],
) -> ServiceTable:
    """Validate services and their stops against a network's links; add implicit services.

    Parameters
    ----------
    services, stops
        The two tables (DataFrames, or paths of CSV files), or both None for a network
        with no explicit service.
    links
        The network's validated links.
    node_ids
        The network's node ids.

    Returns
    -------
    ServiceTable

    Raises
    ------
    DataValidationError
        Every problem found, each with its file, row and column: unknown services, nodes
        or links (with close names), stops not numbered 1..n, times that do not increase,
        negative capacities or fares, a timetable that does not parse, no path between
        two stops, a gauge change between stops.
    """
    if (services is None) != (stops is None):
        message = "give both the services and the stops table, or neither"
        raise DataValidationError(Problem(message, None, None, "services"))
    service_file, stop_file = "services", "stops"
    if services is None or stops is None:
        services_frame, stops_frame = empty_tables()
    else:
        if not isinstance(services, pd.DataFrame):
            service_file = str(services)
            services = read_csv_table(services, "services file")
        if not isinstance(stops, pd.DataFrame):
            stop_file = str(stops)
            stops = read_csv_table(stops, "stops file")
        services_frame, stops_frame = services, stops
    problems: list[Problem] = []
    corridors = {c for c in links["corridor"] if isinstance(c, str) and c}
    typed = _check_services(services_frame, service_file, corridors, problems)
    typed_stops = _check_stops(stops_frame, stop_file, typed, service_file, node_ids, problems)
    if problems:
        raise DataValidationError(problems)
    index = _LinkIndex.of(links)
    rides = _ride_table(typed, typed_stops, index, stop_file, problems)
    if problems:
        raise DataValidationError(problems)
    covered = {(int(k), str(a)) for k, a in zip(rides["link"], rides["from_node"])}
    _warn_link_departures(links, covered)
    extra_services, extra_stops, extra_rides = _implicit(links, covered)
    all_services, all_stops, all_rides = typed, typed_stops.drop(columns="_row"), rides
    if len(extra_services):
        all_services = pd.concat([typed, extra_services], ignore_index=True)
        all_stops = pd.concat([all_stops, extra_stops], ignore_index=True)
        all_rides = pd.concat([rides, extra_rides], ignore_index=True)
    all_services = all_services.reset_index(drop=True)
    all_services["implicit"] = all_services["implicit"].astype(bool)
    return ServiceTable(
        services=all_services,
        stops=all_stops.reset_index(drop=True),
        rides=all_rides.reset_index(drop=True),
    )


__all__ = ["SERVICE_COLUMNS", "STOP_COLUMNS", "ServiceTable", "read_services"]
