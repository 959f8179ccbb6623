"""Independent re-computations of routing answers, by brute force over the raw tables.

Nothing here uses the library's graph, customs or search code: walks are enumerated
over the link table directly and the freight rules are applied as the docs state them.

Services (docs/services.md), for link tables without a services file: a link with
departures (``departures_per_week`` > 0 or a timetable) that is not road is a scheduled
link, ridden by a one-link service of its own in each direction; road is continuous; a
rail, sea or air link without departures carries nothing (bare track). Boarding a scheduled link waits half the headway, where the
headway pools the departures of every scheduled link of the same mode between the same
two nodes in the same direction with the same run time (common lines: a faster parallel
link is another line). A box that arrives by a scheduled link
has left that service: going on in any layer is a change at the node (a transfer with
its handling and dwell, a gauge change between rail gauges); only continuous arrivals go
on in their layer for free.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

OPEN = {"formal", "temporary"}


def _layer(link: dict) -> str:
    if link["mode"] == "rail" and link.get("gauge_mm") == 1520:
        return "rail_1520"
    return link["mode"]


def _mode(layer: str) -> str:
    return "rail" if layer.startswith("rail") else layer


@dataclass(frozen=True)
class Move:
    link: dict
    a: str
    b: str


def _departures(link: dict) -> float:
    """Departures a week of a scheduled link (0 for a continuous one)."""
    if link["mode"] == "road":
        return 0.0  # road is continuous: no services
    timetable = link.get("timetable")
    if timetable:
        return float(len([slot for slot in str(timetable).split(";") if slot.strip()]))
    departures = link.get("departures_per_week")
    return float(departures) if departures and departures == departures else 0.0


def common_lines(links: list[dict]) -> dict[tuple[str, str, str, float], float]:
    """Departures a week pooled by (mode, from, to, run time) over scheduled directions."""
    pooled: dict[tuple[str, str, str, float], float] = {}
    for link in links:
        f = _departures(link)
        if f <= 0:
            continue
        ends = [(link["from_node"], link["to_node"])]
        if link.get("bidirectional", True):
            ends.append((link["to_node"], link["from_node"]))
        for a, b in ends:
            key = (link["mode"], a, b, round(float(link["time_h"]), 2))
            pooled[key] = pooled.get(key, 0.0) + f
    return pooled


def directed_moves(links: list[dict]) -> dict[str, list[Move]]:
    out: dict[str, list[Move]] = {}
    for link in links:
        if link["mode"] != "road" and _departures(link) <= 0:
            continue  # bare track: no service runs on it
        out.setdefault(link["from_node"], []).append(Move(link, link["from_node"], link["to_node"]))
        if link.get("bidirectional", True):
            out.setdefault(link["to_node"], []).append(
                Move(link, link["to_node"], link["from_node"])
            )
    return out


def walks(
    links: list[dict],
    origin: str,
    destination: str,
    max_links: int = 8,
    max_visits: int = 2,
    *,
    simple: bool = False,
):
    """Every walk origin -> destination with at most ``max_links`` links in which no
    (node, layer) is entered more than ``max_visits`` times; with ``simple``, no node is
    entered twice (nor the origin again): a route never visits a node twice.

    Otherwise a walk may pass through its destination and come back (an import of a
    designated class may have to clear at a port beyond it)."""
    moves = directed_moves(links)

    def extend(node, path, visits):
        if node == destination and path:
            yield list(path)
            if simple:
                return
        if len(path) >= max_links:
            return
        seen = {origin, *(m.b for m in path)}
        for move in moves.get(node, []):
            if simple and move.b in seen:
                continue
            key = (move.b, _layer(move.link))
            if visits.get(key, 0) >= max_visits:
                continue
            visits[key] = visits.get(key, 0) + 1
            path.append(move)
            yield from extend(move.b, path, visits)
            path.pop()
            visits[key] -= 1

    yield from extend(origin, [], {})


def evaluate(
    walk: list[Move],
    nodes: dict[str, dict],
    *,
    pooled: dict[tuple[str, str, str, float], float] | None = None,
    teu: float = 1.0,
    weight_t: float = 10.0,
    cargo: str = "general",
    reefer_classes=("reefer", "meat", "fruit", "aquatic_animals", "chilled_seafood"),
    designated_classes=(
        "meat",
        "grain",
        "fruit",
        "aquatic_animals",
        "seedlings",
        "vehicles",
        "chilled_seafood",
        "medicines",
    ),
) -> list[tuple[float, float]]:
    """(cost_cny, time_h) of every legal way to run ``walk`` (one per place customs can
    be cleared); empty if the walk is illegal.

    Time counts link time, the expected wait when boarding a scheduled link (half the
    headway of its common lines, ``pooled`` from ``common_lines``; without it, of the
    link alone), dwell at changes of mode or service, gauge changes and customs.
    """
    reefer = cargo in reefer_classes
    dangerous = cargo == "dangerous_goods"
    origin = nodes[walk[0].a]
    destination = nodes[walk[-1].b]
    cn = lambda n: nodes[n]["country"] == "CN"  # noqa: E731
    o_cn, d_cn = origin["country"] == "CN", destination["country"] == "CN"
    cost = 0.0
    time = 0.0
    for i, move in enumerate(walk):
        link = move.link
        if reefer and not link.get("reefer", True):
            return []
        if dangerous and (not link.get("dangerous_goods", True) or link["mode"] == "air"):
            return []
        per_teu = link.get("cost_basis", "t" if link["mode"] == "air" else "teu") == "teu"
        cost += link["cost_cny"] * (teu if per_teu else weight_t)
        departures = _departures(link)
        if departures > 0 and pooled is not None:
            departures = pooled[(link["mode"], move.a, move.b, round(float(link["time_h"]), 2))]
        wait = 168.0 / departures / 2.0 if departures > 0 else 0.0
        time += link["time_h"] + wait
        if cn(move.a) != cn(move.b):  # crosses the Chinese border
            china_end = nodes[move.a] if cn(move.a) else nodes[move.b]
            if china_end.get("port_status", "none") not in OPEN:
                return []
            if link["mode"] not in china_end.get("port_modes", "").split(";"):
                return []
        if i > 0:
            before, after = _layer(walk[i - 1].link), _layer(link)
            alighted = _departures(walk[i - 1].link) > 0  # off a service: any way on is a change
            if before != after or alighted:
                hub = nodes[move.a]
                if reefer and not hub.get("reefer", False):
                    return []
                if dangerous and not hub.get("dangerous_goods", False):
                    return []
                if before != after and _mode(before) == _mode(after):
                    cost += hub["gauge_change_cost_cny_per_teu"] * teu
                    time += hub["gauge_change_h"]
                else:
                    cost += hub.get("handling_cost_cny_per_teu", 0.0) * teu
                    time += hub.get("dwell_h", 0.0)
    sequence = [walk[0].a] + [m.b for m in walk]
    if o_cn and d_cn:
        return [(cost, time)] if all(cn(n) for n in sequence) else []
    if not o_cn and not d_cn:
        return [(cost, time)]
    # Export or import: exactly one clearance at a Chinese open port, on the right side.
    crossings = [i for i, m in enumerate(walk) if cn(m.a) != cn(m.b)]
    if o_cn:
        if any(not cn(m.a) and cn(m.b) for m in walk):
            return []  # an export does not come back
        last_allowed = crossings[0]  # clear at or before the node the walk leaves China from
        positions = range(0, last_allowed + 1)
    else:
        if any(cn(m.a) and not cn(m.b) for m in walk):
            return []
        first_allowed = crossings[0] + 1
        positions = range(first_allowed, len(sequence))
    options = []
    for p in positions:
        here = nodes[sequence[p]]
        if here["country"] != "CN" or here.get("port_status", "none") not in OPEN:
            continue
        modes_here = set()
        if p > 0:
            modes_here.add(walk[p - 1].link["mode"])
        if p < len(walk):
            modes_here.add(walk[p].link["mode"])
        if not modes_here & set(here.get("port_modes", "").split(";")):
            continue
        if (
            not o_cn
            and cargo in designated_classes
            and cargo not in here.get("designated", "").split(";")
        ):
            continue
        options.append(
            (
                cost + (here.get("customs_cost_cny_per_teu") or 0.0) * teu,
                time + (here.get("customs_h") or 0.0),
            )
        )
    return options


def brute_force(nodes, links, origin, destination, *, simple=False, **kwargs):
    """All legal (cost_cny, time_h) outcomes of walks origin -> destination (with
    ``simple``, of those that visit no node twice)."""
    node_map = {n["id"]: n for n in nodes}
    pooled = common_lines(links)
    outcomes = []
    for walk in walks(links, origin, destination, simple=simple):
        outcomes.extend(evaluate(walk, node_map, pooled=pooled, **kwargs))
    return outcomes


def pareto_points(points):
    """Non-dominated (cost, time) points, sorted, rounded to avoid float noise."""
    points = sorted({(round(c, 6), round(t, 6)) for c, t in points})
    front = []
    best_time = math.inf
    for c, t in points:
        if t < best_time - 1e-9:
            front.append((c, t))
            best_time = t
    return front
