"""Diversion of trains when a border crossing closes: what operators do, named service by service.

When a crossing closes (the Brest - Małaszewicze crossing in September 2025, say), the
operators re-route the trains that used it over the other crossings into the same market,
up to those crossings' spare capacity; the trains beyond it are cancelled. The table of
alternatives (``data/services/diversions.csv``, sources in ``docs/data.md``) gives for each
crossing its alternatives in the order operators take them, the alternative's capacity for
these trains (trains a week each way), the hours a diverted train loses (re-booking paths
and reloading slots, border stops on the way) and the added cost per TEU.

A crossing is a chain of nodes a route passes in order (``BREST;MALASZEWICZE``: the
1520 mm side, then the reloading terminal; the network has a link from each to the next);
its alternative a chain of the same length (``BRUZGI;KUZNICA``). A diverted service keeps
its stops, with each crossing node replaced by the alternative's node at the same place,
and each link that touches a crossing node replaced by the base network's link between the
replaced ends (e.g. ``CE_MINSK_BREST`` by ``CE_MINSK_BRUZGI``). Its times change by the
difference of the links' own times plus ``added_time_h``; its fixed fare rises by
``added_cost_cny_per_teu``.

An alternative's spare capacity is rationed pro rata: every service that can use it gets
the same fraction of its departures (the spare over their sum, at most all of them), per
direction; what an alternative cannot take goes on to the next one in priority order, and
what none can take is cancelled. A service spread over two alternatives keeps its id on
the first and runs as a copy, ``<id>_VIA_<node>``, on the second.

``plan_diversions`` returns the scenario changes (``set_service_stops`` and ``set_service``
for the diverted services, ``add_service`` for the copies, ``remove_service`` for the
cancelled ones, each with a note) and a table with one row per service and alternative it
runs over (plus one for its cancelled departures, if any). ``docs/sweeps.md`` ("When a
crossing closes") explains the rule with an example.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .._validate import suggest
from ..exceptions import DataValidationError, Problem, UnknownNodeError
from .changes import Change
from .services import AddService, RemoveService, SetService, SetServiceStops

#: The columns of a diversion table (``data/services/diversions.csv``).
DIVERSION_COLUMNS = (
    "crossing",
    "alternative",
    "priority",
    "capacity_trains_per_week",
    "added_time_h",
    "added_cost_cny_per_teu",
)
#: The columns of the table ``plan_diversions`` returns.
PLAN_COLUMNS = (
    "service_id",
    "runs_as",
    "crossing",
    "direction",
    "departures_per_week",
    "action",
    "alternative",
    "share_of_departures",
    "diverted_per_week",
    "cancelled_per_week",
    "teu_diverted_per_week",
    "teu_cancelled_per_week",
    "added_time_h",
    "added_cost_cny_per_teu",
    "reason",
)
_TOLERANCE = 1e-9
#: Departures a week below which a service's share of an alternative is not run (a
#: service row keeps departures to 4 decimals).
_SMALLEST = 1e-4


def default_diversions_file() -> Path:
    """The built-in table of alternatives, ``data/services/diversions.csv``."""
    from ..io import data_dir

    return data_dir() / "services" / "diversions.csv"


def read_diversions(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check a diversion table.

    Parameters
    ----------
    path
        A CSV with ``DIVERSION_COLUMNS`` (more columns, e.g. ``source``, are kept); default
        the built-in ``data/services/diversions.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per (crossing, alternative) in priority order, indexed by its line in the
        file (``line``; the header is line 1), ``attrs["file"]`` the file; ``crossing``
        and ``alternative`` as tuples of node ids, the numbers as floats
        (``capacity_trains_per_week`` trains a week each way, ``added_time_h`` hours,
        ``added_cost_cny_per_teu`` CNY per TEU).

    Raises
    ------
    DataValidationError
        Naming the file, row and column of every bad cell (and how to fix it): blank or
        unequal chains, numbers out of range, a (crossing, alternative) listed twice, a
        crossing with two alternatives of one priority, an alternative given two
        capacities. The nodes and links are checked against a network when a closure is
        planned (``plan_diversions``).
    """
    file = Path(path) if path is not None else default_diversions_file()
    if not file.is_file():
        message = f"no diversion table at {file}; give a CSV with {', '.join(DIVERSION_COLUMNS)}"
        raise DataValidationError(Problem(message, str(file)))
    table = pd.read_csv(file, dtype={"crossing": str, "alternative": str}, keep_default_na=False)
    problems: list[Problem] = []
    missing = [c for c in DIVERSION_COLUMNS if c not in table.columns]
    if missing:
        message = (
            f"missing columns {', '.join(missing)} (the table needs {', '.join(DIVERSION_COLUMNS)})"
        )
        raise DataValidationError(Problem(message, str(file)))
    rows = []
    for k, row in table.iterrows():
        line = int(str(k)) + 2  # the header is line 1
        chains = {}
        for column in ("crossing", "alternative"):
            chain = tuple(n.strip() for n in str(row[column]).split(";") if n.strip())
            if not chain:
                problems.append(
                    Problem(
                        f"{column} is blank; give node ids separated by ';'",
                        str(file),
                        line,
                        column,
                    )
                )
            chains[column] = chain
        if chains["crossing"] and chains["alternative"]:
            if len(chains["crossing"]) != len(chains["alternative"]):
                message = (
                    f"alternative {';'.join(chains['alternative'])} has "
                    f"{len(chains['alternative'])} nodes, crossing {';'.join(chains['crossing'])} "
                    f"{len(chains['crossing'])}: give one alternative node per crossing node"
                )
                problems.append(Problem(message, str(file), line, "alternative"))
            elif set(chains["crossing"]) & set(chains["alternative"]):
                message = "the alternative shares nodes with the crossing; list other nodes"
                problems.append(Problem(message, str(file), line, "alternative"))
        values: dict[str, float] = {}
        for column, low in (
            ("priority", 1.0),
            ("capacity_trains_per_week", 0.0),
            ("added_time_h", 0.0),
            ("added_cost_cny_per_teu", 0.0),
        ):
            try:
                value = float(row[column])
            except (TypeError, ValueError):
                value = math.nan
            if not math.isfinite(value) or value < low:
                message = f"{column} must be a number >= {low:g}, got {row[column]!r}"
                problems.append(Problem(message, str(file), line, column))
            values[column] = value
        rows.append({**row.to_dict(), **chains, **values})
    if problems:
        raise DataValidationError(problems)
    out = pd.DataFrame(rows, columns=list(table.columns))
    out.index = pd.RangeIndex(2, len(out) + 2, name="line")
    out.attrs["file"] = str(file)
    _table_problems(out)
    return out.sort_values(["priority"], kind="stable")


def _where(table: pd.DataFrame, position: int) -> tuple[str, object]:
    """The file and row of the table's row at ``position`` (its line, for a file read)."""
    file = str(table.attrs.get("file", "the diversion table"))
    if table.index.name == "line":
        return file, int(table.index[position])
    return file, position + 1


def _table_problems(table: pd.DataFrame) -> None:
    """Repeated rows, a crossing's two alternatives of one priority, two capacities."""
    problems: list[Problem] = []
    seen: dict[tuple[object, ...], object] = {}
    for k, (crossing, alternative, priority, capacity) in enumerate(
        zip(
            table["crossing"],
            table["alternative"],
            table["priority"],
            table["capacity_trains_per_week"],
        )
    ):
        file, row = _where(table, k)
        pair, rank = ("pair", crossing, alternative), ("rank", crossing, float(priority))
        if pair in seen:
            message = (
                f"{';'.join(crossing)} -> {';'.join(alternative)} is listed again (first in "
                f"row {seen[pair]}); keep one row per crossing and alternative"
            )
            problems.append(Problem(message, file, row, "alternative"))
        elif rank in seen:
            message = (
                f"{';'.join(crossing)} has another alternative of priority {priority:g} "
                f"(row {seen[rank]}); give each alternative of a crossing its own priority"
            )
            problems.append(Problem(message, file, row, "priority"))
        cap = ("capacity", alternative)
        if cap in seen and abs(float(capacity) - float(seen[cap])) > _TOLERANCE:  # type: ignore[arg-type]
            message = (
                f"{';'.join(alternative)} has capacity {float(capacity):g} here and "
                f"{float(seen[cap]):g} in an earlier row; one capacity per alternative"  # type: ignore[arg-type]
            )
            problems.append(Problem(message, file, row, "capacity_trains_per_week"))
        seen.setdefault(pair, row)
        seen.setdefault(rank, row)
        seen.setdefault(cap, float(capacity))
    if problems:
        raise DataValidationError(problems)


def check_diversions(table: pd.DataFrame, nodes: Collection[str], links: pd.DataFrame) -> None:
    """Check a diversion table against a network's nodes and links.

    Every row that names at least one node of the network is checked (a row naming none
    belongs to another network): each node of its ``crossing`` and ``alternative`` must
    exist, and the network must have a link from each node of a chain to the next, in
    the order listed (``BRUZGI;KUZNICA``, not ``KUZNICA;BRUZGI``). The table's own checks
    (``read_diversions``) run too, for a table built by hand.

    Parameters
    ----------
    table
        The alternatives (``read_diversions``, or a frame with ``DIVERSION_COLUMNS`` and
        the chains as tuples).
    nodes
        The network's node ids.
    links
        The network's links (``from_node``, ``to_node``).

    Raises
    ------
    UnknownNodeError
        For a node the network does not have, naming the file, row and column and the
        closest ids.
    DataValidationError
        For a chain without links in its order, a repeated row or priority, naming the
        file, row and column.
    """
    _table_problems(table)
    known = {str(n) for n in nodes}
    joined = set(zip(links["from_node"].astype(str), links["to_node"].astype(str)))
    problems: list[Problem] = []
    for k, (crossing, alternative) in enumerate(zip(table["crossing"], table["alternative"])):
        if not known & {*crossing, *alternative}:
            continue
        file, row = _where(table, k)
        for column, chain in (("crossing", crossing), ("alternative", alternative)):
            for node in chain:
                if node not in known:
                    where = f"{file}, row {row}, column {column}"
                    raise UnknownNodeError(node, suggest(node, known, n=3), where=where)
            for a, b in itertools.pairwise(chain):
                if (a, b) in joined:
                    continue
                fix = (
                    f"the link runs from {b} to {a}: list the chain as {';'.join(chain[::-1])}"
                    if (b, a) in joined
                    else f"{a} and {b} are not joined: list nodes joined by links, in order"
                )
                message = f"{';'.join(chain)}: the network has no link from {a} to {b} ({fix})"
                problems.append(Problem(message, file, row, column))
    if problems:
        raise DataValidationError(problems)


@dataclass(frozen=True)
class _Route:
    """A service's stops (rows ``first``-``last`` of the sorted stops) and its walk."""

    stops: pd.DataFrame  # every service's stop rows, sorted by service and seq
    first: int
    last: int
    walk: list[str]  # every node passed, in order (stops and link ends)
    weekly: float  # departures a week

    @property
    def rows(self) -> pd.DataFrame:
        """The service's stop rows, in order, indexed from 0."""
        return self.stops.iloc[self.first : self.last].reset_index(drop=True)


def _routes(
    services: pd.DataFrame, stops: pd.DataFrame, ends: Mapping[str, tuple[str, str]]
) -> dict[str, _Route]:
    """Each service's stops and the walk of nodes its links pass, oriented by travel."""
    # a typed services table has departures_per_week filled from the timetable already
    weekly = {
        str(sid): _number(dep)
        for sid, dep in zip(services["service_id"], services["departures_per_week"])
    }
    ordered = stops.sort_values(["service_id", "seq"], kind="stable").reset_index(drop=True)
    ids = [str(v) for v in ordered["service_id"]]
    nodes = [str(v) for v in ordered["node"]]
    vias = list(ordered["via_links"])
    out: dict[str, _Route] = {}
    k = 0
    while k < len(ids):
        end = k
        while end < len(ids) and ids[end] == ids[k]:
            end += 1
        walk = [nodes[k]]
        for j in range(k + 1, end):
            here = walk[-1]
            for link in _links(vias[j]):
                a, b = ends.get(link, ("", ""))
                step = b if a == here else a if b == here else ""
                if step:
                    walk.append(step)
                    here = step
                else:  # not joined: record both ends in their stored order
                    walk += [n for n in (a, b) if n]
                    here = walk[-1]
            if walk[-1] != nodes[j]:
                walk.append(nodes[j])
        out[ids[k]] = _Route(ordered, k, end, walk, weekly.get(ids[k], 0.0))
        k = end
    return out


def _links(via: object) -> list[str]:
    if via is None or (isinstance(via, float) and math.isnan(via)):
        return []
    return [k for k in str(via).split(";") if k]


def _direction(walk: list[str], chain: tuple[str, ...]) -> str | None:
    """``forward`` if the walk passes the chain's nodes in order, ``backward`` reversed."""
    if not all(n in walk for n in chain):
        return None
    first, last = walk.index(chain[0]), walk.index(chain[-1])
    if len(chain) == 1 or first == last:
        return "forward"
    return "forward" if first < last else "backward"


@dataclass
class _Claim:
    """A service's claim on one alternative: the row, the pool and its re-routed stops."""

    sid: str
    row: pd.Series
    pool: tuple[tuple[str, ...], str]  # (alternative, direction)
    rerouted: tuple[pd.DataFrame, float, int]
    amount: float = 0.0  # departures a week it gets
    runs_as: str = ""  # the id it runs under


def plan_diversions(
    links: pd.DataFrame,
    services: pd.DataFrame,
    stops: pd.DataFrame,
    closed: Collection[str],
    table: pd.DataFrame,
    *,
    note: str = "",
    nodes: Collection[str] | None = None,
) -> tuple[list[Change], pd.DataFrame]:
    """Divert the services through closed nodes over the alternatives, rationed pro rata.

    Every explicit service whose route touches a closed node is diverted (whole or in
    part, over one alternative or more) or cancelled:

    1. the crossing it uses is the table's ``crossing`` chain it passes (all its nodes, one
       of them closed); its direction is ``forward`` if it passes them in the listed order;
    2. each alternative has a spare capacity per direction: ``capacity_trains_per_week``
       less the base's departures a week that pass the alternative's nodes in that order;
       an alternative with a closed node, or without the base links a service's re-routed
       run needs, is not open to that service (the reason is kept);
    3. the alternatives are taken in ``priority`` order. At each priority, an alternative's
       spare capacity is shared pro rata among the services that can use it and still have
       departures to place: each gets the fraction ``min(1, spare / sum of their
       departures)`` of its departures (two services of 6 and 4 departures a week and 5
       spare give 3 and 2). What is left goes on to the next priority; what no
       alternative can take is cancelled. The rule does not depend on the services' order
       or ids, so a service and its return run get the same shares when the spare
       capacities of the two directions are the same.

    A service that gets departures on one alternative is re-routed over it (its
    departures cut to its share, a timetable given up for the departures a week); on a
    second alternative it runs as a copy ``<service_id>_VIA_<first alternative node>``
    (``add_service``) with that share.

    Parameters
    ----------
    links
        The base's links (``id``, ``from_node``, ``to_node``, ``time_h``).
    services, stops
        The base's explicit services and stops (``Network.service_tables()``).
    closed
        Ids of the closed nodes.
    table
        The alternatives (``read_diversions``).
    note
        Text that starts every change's note (e.g. ``BREST closed``).
    nodes
        The network's node ids, to check the table against (default: the links' ends).

    Returns
    -------
    changes : list of Change
        ``set_service_stops`` and ``set_service`` (fare, departures when cut, note) for each
        diverted service, ``add_service`` for each copy on a further alternative,
        ``remove_service`` for each service with no departures left.
    plan : pandas.DataFrame
        ``PLAN_COLUMNS``: one row per service and alternative it runs over (``action``
        ``diverted``; ``runs_as`` the id it runs under; ``share_of_departures``,
        ``diverted_per_week``, ``teu_diverted_per_week``; ``added_time_h``, the hours it
        gains at its last stop; ``added_cost_cny_per_teu``) and one row for its cancelled
        departures if any (``action`` ``cancelled``, ``cancelled_per_week``,
        ``teu_cancelled_per_week``, ``reason``). Sorted by service id.

    Raises
    ------
    UnknownNodeError, DataValidationError
        For a table that names unknown nodes, chains without links in their order or
        repeated rows (``check_diversions``).
    """
    closed = {str(n) for n in closed}
    frame = links.reset_index(drop=True)
    known = (
        {str(n) for n in nodes}
        if nodes is not None
        else set(frame["from_node"].astype(str)) | set(frame["to_node"].astype(str))
    )
    check_diversions(table, known, frame)
    ends = {
        str(i): (str(a), str(b))
        for i, a, b in zip(frame["id"], frame["from_node"], frame["to_node"])
    }
    routes = _routes(services, stops, ends)
    touched = sorted(sid for sid, r in routes.items() if closed & set(r.walk))
    claims, reasons, spare, crossing_of = _claims(frame, ends, routes, touched, closed, table)
    shares = _ration(claims, spare, {sid: routes[sid].weekly for sid in touched})
    info = services.set_index("service_id", drop=False) if len(services) else services
    taken = {str(s) for s in services["service_id"]} if len(services) else set()
    changes: list[Change] = []
    plan: list[dict[str, object]] = []
    for sid in touched:
        service = info.loc[sid].to_dict() if sid in info.index else {}
        rows, done = _service_plan(
            (sid, *crossing_of.get(sid, ("", ""))),
            routes[sid].weekly,
            service,
            claims[sid],
            reasons[sid],
            shares,
            taken,
            note,
        )
        plan += rows
        changes += done
    return changes, pd.DataFrame(plan, columns=list(PLAN_COLUMNS))


_Pool = tuple[tuple[str, ...], str]  # (alternative, direction)


def _claims(
    frame: pd.DataFrame,
    ends: Mapping[str, tuple[str, str]],
    routes: Mapping[str, _Route],
    touched: list[str],
    closed: set[str],
    table: pd.DataFrame,
) -> tuple[
    dict[str, list[_Claim]], dict[str, list[str]], dict[_Pool, float], dict[str, tuple[str, str]]
]:
    """The touched services' claims on the alternatives open to them, and the spare capacity.

    Also why an alternative is not open to a service, and each (alternative, direction)'s
    spare capacity: its capacity less the untouched services' departures through it.
    """
    time_h = {str(i): float(t) for i, t in zip(frame["id"], frame["time_h"]) if pd.notna(t)}
    mode_of = (
        dict(zip(frame["id"].astype(str), frame["mode"].astype(str))) if "mode" in frame else {}
    )
    joining: dict[tuple[frozenset[str], str], str] = {}
    for ident in sorted(ends):
        a, b = ends[ident]
        joining.setdefault((frozenset((a, b)), mode_of.get(ident, "")), ident)
    through = set(touched)
    options_of = [r for _, r in table.iterrows() if set(r["crossing"]) & closed]
    claims: dict[str, list[_Claim]] = {}
    reasons: dict[str, list[str]] = {}
    spare: dict[_Pool, float] = {}
    crossing_of: dict[str, tuple[str, str]] = {}
    for sid in touched:
        route = routes[sid]
        claims[sid], reasons[sid] = [], []
        rows = [r for r in options_of if _direction(route.walk, r["crossing"])]
        if not rows:
            listed = ", ".join(sorted(closed & set(route.walk)))
            reasons[sid].append(f"no alternative listed for {listed}")
        for r in rows:
            crossing, alternative = r["crossing"], r["alternative"]
            direction = str(_direction(route.walk, crossing))
            crossing_of.setdefault(sid, (";".join(crossing), direction))
            label = ";".join(alternative)
            if closed & set(alternative):
                reasons[sid].append(f"{label} closed too")
                continue
            rerouted = _rerouted(
                route.rows, dict(zip(crossing, alternative)), ends, joining, mode_of, time_h
            )
            if rerouted is None:
                reasons[sid].append(f"the network lacks links to re-route it via {label}")
                continue
            pool = (alternative, direction)
            if pool not in spare:
                used = sum(
                    other.weekly
                    for other_id, other in routes.items()
                    if other_id not in through and _direction(other.walk, alternative) == direction
                )
                spare[pool] = max(float(r["capacity_trains_per_week"]) - used, 0.0)
            claims[sid].append(_Claim(sid, r, pool, rerouted))
    return claims, reasons, spare, crossing_of


def _ration(
    claims: Mapping[str, list[_Claim]], spare: dict[_Pool, float], left: dict[str, float]
) -> dict[tuple[float, _Pool], float]:
    """Share each alternative's spare capacity pro rata, priority by priority (in place).

    Returns the fraction of what they had left that each (priority, alternative,
    direction) gave its services; sets each claim's ``amount``.
    """
    shares: dict[tuple[float, _Pool], float] = {}
    levels = sorted({float(c.row["priority"]) for cs in claims.values() for c in cs})
    for priority in levels:
        pools: dict[_Pool, list[_Claim]] = {}
        for sid in sorted(claims):
            for claim in claims[sid]:
                if float(claim.row["priority"]) == priority and left[sid] > _TOLERANCE:
                    pools.setdefault(claim.pool, []).append(claim)
        for pool, members in sorted(pools.items()):
            wanted = sum(left[m.sid] for m in members)
            fraction = min(1.0, spare[pool] / wanted) if wanted > _TOLERANCE else 0.0
            shares[(priority, pool)] = fraction
            for member in members:
                amount = left[member.sid] * fraction
                if amount < _SMALLEST:
                    continue
                member.amount = amount
                left[member.sid] -= amount
                spare[pool] -= amount
    return shares


def _service_plan(
    where: tuple[str, str, str],
    weekly: float,
    service: Mapping[str, object],
    claims: list[_Claim],
    reasons: list[str],
    shares: Mapping[tuple[float, _Pool], float],
    taken: set[str],
    note: str,
) -> tuple[list[dict[str, object]], list[Change]]:
    """One service's plan rows and changes (``where``: its id, crossing and direction)."""
    sid, crossing, direction = where
    teu = _number(service.get("capacity_teu_per_departure"))
    used = [c for c in claims if c.amount > 0.0]
    cancelled = weekly - sum(c.amount for c in used)
    cancelled = 0.0 if cancelled < _SMALLEST else cancelled
    why = list(reasons)
    if cancelled > 0.0 and claims:
        full = ", ".join(
            f"{';'.join(c.pool[0])} (took "
            f"{100 * shares.get((float(c.row['priority']), c.pool), 0.0):.0f} % of what "
            "each service through it had left)"
            for c in claims
        )
        why.append(f"no spare capacity left on {full}")
    base = {
        "service_id": sid,
        "crossing": crossing,
        "direction": direction,
        "departures_per_week": weekly,
    }
    rows: list[dict[str, object]] = []
    texts = []
    for k, claim in enumerate(used):
        r = claim.row
        label = ";".join(r["alternative"])
        added_h = claim.rerouted[1] + float(r["added_time_h"])
        cost = float(r["added_cost_cny_per_teu"])
        claim.runs_as = sid if k == 0 else _copy_id(sid, r["alternative"][0], taken)
        taken.add(claim.runs_as)
        texts.append(
            f"{claim.amount:.2f} of {weekly:.2f} departures a week via {label}"
            + (f" as {claim.runs_as}" if k else "")
            + f" (+{added_h:.1f} h, +{cost:.0f} CNY/TEU)"
        )
        rows.append(
            {
                **base,
                "runs_as": claim.runs_as,
                "action": "diverted",
                "alternative": label,
                "share_of_departures": claim.amount / weekly,
                "diverted_per_week": claim.amount,
                "cancelled_per_week": 0.0,
                "teu_diverted_per_week": claim.amount * teu,
                "teu_cancelled_per_week": 0.0,
                "added_time_h": added_h,
                "added_cost_cny_per_teu": cost,
                "reason": "; ".join(why),
            }
        )
    if cancelled > 0.0:
        rows.append(
            {
                **base,
                "runs_as": "",
                "action": "cancelled",
                "alternative": "",
                "share_of_departures": cancelled / weekly,
                "diverted_per_week": 0.0,
                "cancelled_per_week": cancelled,
                "teu_diverted_per_week": 0.0,
                "teu_cancelled_per_week": cancelled * teu,
                "added_time_h": math.nan,
                "added_cost_cny_per_teu": math.nan,
                "reason": "; ".join(why),
            }
        )
    if not used:
        text = f"{note}: cancelled ({'; '.join(why)})".lstrip(": ")
        return rows, [RemoveService(sid, note=text)]
    text = (
        f"{note}: diverted, "
        + "; ".join(texts)
        + (f"; {cancelled:.2f} cancelled" if cancelled else "")
    ).lstrip(": ")
    changes: list[Change] = []
    for k, claim in enumerate(used):
        r = claim.row
        new_rows = _shifted(claim.rerouted[0], claim.rerouted[2], float(r["added_time_h"]))
        values = _service_values(service, claim, float(r["added_cost_cny_per_teu"]), text)
        if k == 0:
            changes.append(dataclasses.replace(SetServiceStops.from_rows(sid, new_rows), note=text))
            if claim.amount >= weekly - _TOLERANCE:
                values.pop("departures_per_week")
                values.pop("timetable")
            elif not str(service.get("timetable") or "").strip():
                values.pop("timetable")
            changes.append(SetService(sid, values, note=text))
        else:
            row = {**_SERVICE_DEFAULTS, **service, **values, "service_id": claim.runs_as}
            copy = AddService.from_rows(row, new_rows)
            changes.append(dataclasses.replace(copy, note=text))
    return rows, changes


#: What a hand-made services table may lack (``AddService.from_rows`` reads them).
_SERVICE_DEFAULTS: dict[str, object] = {
    "mode": "rail",
    "corridor": "diversion",
    "timetable": "",
    "reefer": True,
    "dangerous_goods": True,
    "year_opened": None,
    "source": "",
    "estimated": "",
    "fare_fixed_cny": None,
    "fare_cny_per_km": None,
    "capacity_teu_per_departure": None,
    "note": "",
}


def _number(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _copy_id(sid: str, node: str, taken: set[str]) -> str:
    """``<sid>_VIA_<node>``, with ``_2``, ``_3`` ... if that id is taken."""
    ident, k = f"{sid}_VIA_{node}", 1
    while ident in taken:
        k += 1
        ident = f"{sid}_VIA_{node}_{k}"
    return ident


def _service_values(
    service: Mapping[str, object], claim: _Claim, cost: float, text: str
) -> dict[str, object]:
    """The services-row values of a diverted run: fare, departures, timetable, note."""
    values: dict[str, object] = {}
    if str(service.get("fare_basis", "teu")) == "teu":
        values["fare_fixed_cny"] = round(_number(service.get("fare_fixed_cny")) + cost, 2)
    values["departures_per_week"] = round(claim.amount, 4)
    values["timetable"] = ""
    old_note = service.get("note")
    values["note"] = "; ".join(
        filter(None, [str(old_note) if isinstance(old_note, str) else "", text])
    )
    return values


def _rerouted(
    rows: pd.DataFrame,
    mapping: Mapping[str, str],
    ends: Mapping[str, tuple[str, str]],
    joining: Mapping[tuple[frozenset[str], str], str],
    mode_of: Mapping[str, str],
    time_h: Mapping[str, float],
) -> tuple[pd.DataFrame, float, int] | None:
    """The stop rows re-routed: crossing nodes and links replaced, hours gained, first stop.

    The first stop is the first whose leg or node changed. Times shift by the links' own
    time difference from the first changed leg on; None when a replaced link has no
    counterpart in the network.
    """
    out = rows.copy()
    arrive = out["arrive_h"].astype(float).to_numpy().copy()
    depart = out["depart_h"].astype(float).to_numpy().copy()
    old_vias = list(out["via_links"])
    shift = 0.0
    first = len(out)
    vias = []
    for k, via in enumerate(old_vias):
        new_links = []
        for link in _links(via):
            a, b = ends.get(link, ("", ""))
            if a in mapping or b in mapping:
                pair = frozenset((mapping.get(a, a), mapping.get(b, b)))
                other = joining.get((pair, mode_of.get(link, "")))
                if other is None:
                    return None
                shift += time_h.get(other, 0.0) - time_h.get(link, 0.0)
                new_links.append(other)
                first = min(first, k)
            else:
                new_links.append(link)
        vias.append(";".join(new_links) if new_links else via)
        if k > 0:
            arrive[k] += shift
            if not math.isnan(depart[k]):
                depart[k] += shift
    out["via_links"] = vias
    nodes = [str(n) for n in out["node"]]
    first = min([first] + [k for k, n in enumerate(nodes) if n in mapping])
    if "note" in out.columns:  # "passes Minsk and Brest" -> "... and Bruzgi"
        notes = []
        for k, text in enumerate(out["note"]):
            text = (
                "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
            )
            if k >= first:
                for old, new in mapping.items():
                    text = text.replace(old.title(), new.title())
            notes.append(text)
        out["note"] = notes
    out["node"] = [mapping.get(n, n) for n in nodes]
    out["arrive_h"], out["depart_h"] = arrive, depart
    return out, shift, max(first, 1)


def _shifted(new: pd.DataFrame, first: int, add_h: float) -> pd.DataFrame:
    """``new`` with ``add_h`` more from stop ``first`` on (its arrival included)."""
    if add_h == 0.0 or first >= len(new):
        return new
    out = new.copy()
    arrive = out["arrive_h"].astype(float).to_numpy().copy()
    depart = out["depart_h"].astype(float).to_numpy().copy()
    arrive[first:] += add_h
    depart[first:] += add_h
    out["arrive_h"], out["depart_h"] = arrive, depart
    return out


__all__ = [
    "DIVERSION_COLUMNS",
    "PLAN_COLUMNS",
    "check_diversions",
    "plan_diversions",
    "read_diversions",
]
