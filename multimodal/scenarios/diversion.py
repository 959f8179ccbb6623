"""Diversion of trains when a border crossing closes: what operators do, named service by service.

When a crossing closes (the Brest - Małaszewicze crossing in September 2025, say), the
operators re-route the trains that used it over the other crossings into the same market,
up to those crossings' spare capacity; the trains beyond it are cancelled. The table of
alternatives (``data/services/diversions.csv``, sources in ``docs/data.md``) gives for each
crossing its alternatives in the order operators take them, the alternative's capacity for
these trains (trains a week each way), the hours a diverted train loses (re-booking paths
and reloading slots, border stops on the way) and the added cost per TEU.

A crossing is a chain of nodes a route passes in order (``BREST;MALASZEWICZE``: the
1520 mm side, then the reloading terminal); its alternative a chain of the same length
(``BRUZGI;KUZNICA``). A diverted service keeps its stops, with each crossing node
replaced by the alternative's node at the same place, and each link that touches a
crossing node replaced by the base network's link between the replaced ends (e.g.
``CE_MINSK_BREST`` by ``CE_MINSK_BRUZGI``). Its times change by the difference of the
links' own times plus ``added_time_h``; its fixed fare rises by ``added_cost_cny_per_teu``.

``plan_diversions`` returns the scenario changes (``set_service_stops`` and ``set_service``
for the diverted services, ``remove_service`` for the cancelled ones, each with a note) and
a table that names every service the closure touches and what became of it.
``docs/sweeps.md`` ("When a crossing closes") explains the rule with an example.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..exceptions import DataValidationError, Problem
from .changes import Change
from .services import RemoveService, SetService, SetServiceStops

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
    "crossing",
    "direction",
    "departures_per_week",
    "action",
    "alternative",
    "diverted_per_week",
    "cancelled_per_week",
    "teu_diverted_per_week",
    "teu_cancelled_per_week",
    "added_time_h",
    "added_cost_cny_per_teu",
    "reason",
)
_TOLERANCE = 1e-9


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
        One row per (crossing, alternative), ``crossing`` and ``alternative`` as tuples of
        node ids, the numbers as floats (``capacity_trains_per_week`` trains a week each
        way, ``added_time_h`` hours, ``added_cost_cny_per_teu`` CNY per TEU).

    Raises
    ------
    DataValidationError
        Naming the file, row and column of every bad cell (and how to fix it).
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
    return out.sort_values(["priority"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class _Route:
    """A service's stops (rows ``first``-``last`` of the sorted stops) and its walk."""

    stops: pd.DataFrame  # every service's stop rows, sorted by service and seq
    first: int
    last: int
    walk: list[str]  # every node passed, in order (stops and link ends)
    weekly: float  # departures a week (a timetable's slots counted)

    @property
    def rows(self) -> pd.DataFrame:
        """The service's stop rows, in order, indexed from 0."""
        return self.stops.iloc[self.first : self.last].reset_index(drop=True)


def _weekly(timetable: object, departures: object) -> float:
    if isinstance(timetable, str) and timetable.strip():
        return float(len([t for t in timetable.split(";") if t.strip()]))
    try:
        number = float(departures)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _routes(
    services: pd.DataFrame, stops: pd.DataFrame, ends: Mapping[str, tuple[str, str]]
) -> dict[str, _Route]:
    """Each service's stops and the walk of nodes its links pass, oriented by travel."""
    weekly = {
        str(sid): _weekly(tt, dep)
        for sid, tt, dep in zip(
            services["service_id"],
            services["timetable"] if "timetable" in services else [None] * len(services),
            services["departures_per_week"],
        )
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


def plan_diversions(
    links: pd.DataFrame,
    services: pd.DataFrame,
    stops: pd.DataFrame,
    closed: Collection[str],
    table: pd.DataFrame,
    *,
    note: str = "",
) -> tuple[list[Change], pd.DataFrame]:
    """Divert the services through closed nodes over the alternatives, up to their spare capacity.

    Every explicit service whose route touches a closed node is either diverted (whole or
    in part) or cancelled:

    1. the crossing it uses is the table's ``crossing`` chain it passes (all its nodes, one
       of them closed); its direction is ``forward`` if it passes them in the listed order;
    2. each alternative, in ``priority`` order, has spare capacity in that direction:
       ``capacity_trains_per_week`` less the base's departures a week that pass the
       alternative's nodes in that order (services diverted onto it use it up);
       alternatives with a closed node, or without the base links the re-routed service
       needs, are skipped;
    3. services are taken largest first (departures a week, then id): a service goes whole
       to the first alternative with room for it; if none has, it goes to the alternative
       with the most room, with its departures cut to that room, and the rest is cancelled;
       with no room anywhere (or no alternative listed) it is cancelled.

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

    Returns
    -------
    changes : list of Change
        ``set_service_stops`` and ``set_service`` (fare, departures when cut, note) for each
        diverted service, ``remove_service`` for each cancelled one.
    plan : pandas.DataFrame
        One row per service touched (``PLAN_COLUMNS``): what became of it, where to, how many
        departures and TEU a week diverted and cancelled, the hours it gains at its last stop
        (``added_time_h``) and the reason.
    """
    closed = {str(n) for n in closed}
    frame = links.reset_index(drop=True)
    ends = {
        str(i): (str(a), str(b))
        for i, a, b in zip(frame["id"], frame["from_node"], frame["to_node"])
    }
    time_h = {str(i): float(t) for i, t in zip(frame["id"], frame["time_h"]) if pd.notna(t)}
    mode_of = (
        dict(zip(frame["id"].astype(str), frame["mode"].astype(str))) if "mode" in frame else {}
    )
    joining: dict[tuple[frozenset[str], str], str] = {}
    for ident in sorted(ends):
        a, b = ends[ident]
        joining.setdefault((frozenset((a, b)), mode_of.get(ident, "")), ident)
    routes = _routes(services, stops, ends)
    info = services.set_index("service_id", drop=False) if len(services) else services
    touched = sorted(
        (sid for sid, r in routes.items() if closed & set(r.walk)),
        key=lambda sid: (-routes[sid].weekly, sid),
    )
    spare: dict[tuple[tuple[str, ...], str], float] = {}
    options_of = [r for _, r in table.iterrows() if set(r["crossing"]) & closed]

    def room(alternative: tuple[str, ...], direction: str, capacity: float) -> float:
        key = (alternative, direction)
        if key not in spare:
            used = sum(
                r.weekly
                for sid, r in routes.items()
                if sid not in touched and _direction(r.walk, alternative) == direction
            )
            spare[key] = capacity - used
        return spare[key]

    changes: list[Change] = []
    plan: list[dict[str, object]] = []
    for sid in touched:
        route = routes[sid]
        service = info.loc[sid].to_dict() if sid in info.index else {}
        teu = float(service.get("capacity_teu_per_departure") or 0.0)
        if isinstance(teu, float) and math.isnan(teu):
            teu = 0.0
        rows = [r for r in options_of if _direction(route.walk, r["crossing"])]
        row_out: dict[str, object] = {
            "service_id": sid,
            "crossing": "",
            "direction": "",
            "departures_per_week": route.weekly,
            "action": "cancelled",
            "alternative": "",
            "diverted_per_week": 0.0,
            "cancelled_per_week": route.weekly,
            "teu_diverted_per_week": 0.0,
            "teu_cancelled_per_week": route.weekly * teu,
            "added_time_h": math.nan,
            "added_cost_cny_per_teu": math.nan,
            "reason": "",
        }
        options = []
        reasons = []
        if not rows:
            reasons.append(
                f"no alternative listed for {', '.join(sorted(closed & set(route.walk)))}"
            )
        for r in rows:
            crossing, alternative = r["crossing"], r["alternative"]
            direction = str(_direction(route.walk, crossing))
            row_out["crossing"], row_out["direction"] = ";".join(crossing), direction
            label = ";".join(alternative)
            if closed & set(alternative):
                reasons.append(f"{label} closed too")
                continue
            rerouted = _rerouted(
                route.rows, dict(zip(crossing, alternative)), ends, joining, mode_of, time_h
            )
            if rerouted is None:
                reasons.append(f"the network lacks links to re-route it via {label}")
                continue
            free = room(alternative, direction, float(r["capacity_trains_per_week"]))
            options.append((r, rerouted, free, direction))
        fits = [o for o in options if o[2] >= route.weekly - _TOLERANCE]
        chosen = fits[0] if fits else max(options, key=lambda o: o[2], default=None)
        if chosen is None or chosen[2] <= _TOLERANCE:
            if options:
                reasons.append(
                    "no spare capacity on "
                    + ", ".join(";".join(o[0]["alternative"]) for o in options)
                )
            row_out["reason"] = "; ".join(reasons)
            plan.append(row_out)
            changes.append(
                RemoveService(sid, note=f"{note}: cancelled ({row_out['reason']})".lstrip(": "))
            )
            continue
        r, (new_rows, gain_h, first), free, direction = chosen
        label = ";".join(r["alternative"])
        moved = min(route.weekly, free)
        spare[(r["alternative"], direction)] = free - moved
        added_h = gain_h + float(r["added_time_h"])
        new_rows = _shifted(new_rows, first, float(r["added_time_h"]))
        cost = float(r["added_cost_cny_per_teu"])
        partial = moved < route.weekly - _TOLERANCE
        action = "partly diverted" if partial else "diverted"
        text = (
            f"{note}: {action} via {label} (+{added_h:.1f} h, +{cost:.0f} CNY/TEU"
            + (
                f"; {moved:.2f} of {route.weekly:.2f} departures a week, the rest cancelled"
                if partial
                else ""
            )
            + ")"
        ).lstrip(": ")
        changes.append(dataclasses.replace(SetServiceStops.from_rows(sid, new_rows), note=text))
        values: dict[str, object] = {}
        if str(service.get("fare_basis", "teu")) == "teu":
            fixed = service.get("fare_fixed_cny")
            fixed_value = float(fixed) if fixed is not None and pd.notna(fixed) else 0.0
            values["fare_fixed_cny"] = round(fixed_value + cost, 2)
        if partial:
            values["departures_per_week"] = round(moved, 4)
            if isinstance(service.get("timetable"), str) and str(service.get("timetable")).strip():
                values["timetable"] = ""
        old_note = service.get("note")
        values["note"] = "; ".join(
            filter(None, [str(old_note) if isinstance(old_note, str) else "", text])
        )
        changes.append(SetService(sid, values, note=text))
        row_out.update(
            {
                "action": action,
                "alternative": label,
                "diverted_per_week": moved,
                "cancelled_per_week": route.weekly - moved,
                "teu_diverted_per_week": moved * teu,
                "teu_cancelled_per_week": (route.weekly - moved) * teu,
                "added_time_h": added_h,
                "added_cost_cny_per_teu": cost,
                "reason": "; ".join(
                    reasons
                    + (["the rest beyond the alternatives' spare capacity"] if partial else [])
                ),
            }
        )
        plan.append(row_out)
    return changes, pd.DataFrame(plan, columns=list(PLAN_COLUMNS))


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


__all__ = ["DIVERSION_COLUMNS", "PLAN_COLUMNS", "plan_diversions", "read_diversions"]
