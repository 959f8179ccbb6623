"""Route a shipment: cheapest, fastest, greenest; alternatives and the Pareto front.

``route`` answers "how should this go?"; ``alternatives`` gives the next best routes
that differ in mode or corridor; ``pareto`` gives every route that no other beats on
both cost and time (and CO2e, if asked). All three search the mode-expanded graph times
the customs state (see ``multimodal.customs``), so the freight rules hold by
construction: customs at open ports, designated ports for designated cargo, reefer
cargo on reefer links and hubs, no dangerous goods by air.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _search
from ._iso3166 import CODES as ISO_3166_CODES
from ._results import run_meta
from ._validate import did_you_mean, suggest
from .customs import StateGraph, allowed_edges, network_state_graph, regime_of
from .exceptions import NoRouteError, ParameterError, UnknownNodeError
from .graph import (
    ACCESS_IN,
    ACCESS_OUT,
    ALIGHT,
    BOARD,
    CLEAR,
    DWELL,
    EDGE_KINDS,
    GAUGE,
    LINK,
    STAY,
    TRANSFER,
    ExpandedGraph,
    mode_of_layer,
)
from .modes import CargoClass, Mode, split_list
from .network import check_network
from .objective import OBJECTIVES, EdgeValues, Objective, edge_values
from .reliability import ReliabilityParams, arrival_distribution
from .route_result import Route
from .shipment import Shipment

if TYPE_CHECKING:
    from .network import Network

logger = logging.getLogger("multimodal")

_EVENT_NAMES = {TRANSFER: "transfer", GAUGE: "gauge_change", CLEAR: "customs", DWELL: "stop"}
_MAX_ALTERNATIVE_CANDIDATES = 400


@dataclass(frozen=True)
class Constraints:
    """Rules a route must obey beyond the freight rules (see ``route``)."""

    modes: frozenset[str] | None = None
    avoid_nodes: frozenset[str] = frozenset()
    avoid_countries: frozenset[str] = frozenset()
    via: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class _Query:
    network: Network
    shipment: Shipment
    objective: Objective
    constraints: Constraints
    graph: StateGraph
    values: EdgeValues  # per expanded-graph edge
    tail: np.ndarray
    head: np.ndarray
    edge: np.ndarray  # expanded-graph edge of each search edge
    n_vertices: int
    index: _search.PairIndex
    allowed: np.ndarray
    source: int
    target: int
    value_of_time: float
    start_h: float  # hours since Monday 00:00 of the ready week (0 without ready time)

    @property
    def uses_timetables(self) -> bool:
        if self.shipment.ready_time is None:
            return False
        return bool((self.graph.base.timetable[self.edge] >= 0)[self.allowed].any())

    def weight(self) -> np.ndarray:
        return self.values.weight(self.objective, self.value_of_time)[self.edge]


def _resolve(network: Network, shipment: Shipment) -> Shipment:
    check_network(network)
    if not isinstance(shipment, Shipment):
        message = (
            "the shipment must be a multimodal.Shipment, e.g. "
            f'Shipment("Xi\'an", "Duisburg", teu=2); got {shipment!r}'
        )
        raise ParameterError(message)
    origin = network.find_node(shipment.origin)
    destination = network.find_node(shipment.destination)
    if origin == destination:
        message = (
            f"origin {shipment.origin!r} and destination {shipment.destination!r} are the same "
            f"node ({origin}); give two different places"
        )
        raise ParameterError(message)
    return shipment.with_(origin=origin, destination=destination)


def _week_offset_h(moment: datetime | None) -> float:
    if moment is None:
        return 0.0
    return moment.weekday() * 24.0 + moment.hour + moment.minute / 60.0 + moment.second / 3600.0


def _build_query(
    network: Network,
    shipment: Shipment,
    objective: Objective,
    constraints: Constraints,
    *,
    customs: bool = True,
    cargo_rules: bool = True,
) -> _Query:
    base = network.expanded
    country = network.node_values("country")
    origin_country = country[network.node_index(shipment.origin)]
    destination_country = country[network.node_index(shipment.destination)]
    regime = regime_of(origin_country != "CN", destination_country != "CN")
    graph = network_state_graph(network, regime if customs else "unrestricted")
    cargo = CargoClass.parse(shipment.cargo_class) if cargo_rules else CargoClass.GENERAL
    # Shipment fills in teu and weight_t on construction; they are never None here.
    teu, weight_t = float(shipment.teu or 0.0), float(shipment.weight_t or 0.0)

    avoid = set()
    for name in constraints.avoid_nodes:
        ident = network.find_node(name)
        if ident in (shipment.origin, shipment.destination):
            message = f"cannot avoid {ident}: it is the shipment's origin or destination"
            raise ParameterError(message)
        avoid.add(network.node_index(ident))
    country_mask = link_mask = None
    if constraints.avoid_countries:
        countries = {c.upper() for c in constraints.avoid_countries}
        country_mask = np.isin(np.char.upper(country.astype(str)), list(countries))
        crossed = network.link_values("transit_countries")
        link_mask = np.array([bool(countries & set(split_list(c))) for c in crossed], bool)
        for end in (origin_country, destination_country):
            if end.upper() in countries:
                message = f"cannot avoid country {end}: the shipment starts or ends there"
                raise ParameterError(message)
    modes = None if constraints.modes is None else {Mode.parse(m).value for m in constraints.modes}
    values = edge_values(
        base,
        teu=teu,
        weight_t=weight_t,
        cargo_class=cargo,
        modes=modes,
        avoid_nodes=avoid,
        avoid_countries_mask=country_mask,
        avoid_links_mask=link_mask,
    )
    edge = graph.edge
    allowed = allowed_edges(graph, values, cargo)
    tail, head = graph.tail, graph.head
    source = graph.source(shipment.origin)
    target = graph.target(shipment.destination)

    # Pass-through nodes: one copy of the graph per stage; entering via[s] moves to s + 1.
    via = [network.find_node(v) for v in constraints.via]
    via = [v for v in via if v != shipment.origin]
    if via:
        n = graph.n_vertices
        stages = len(via) + 1
        vnode = base.vertex_node[graph.base_vertex(head)]
        tails, heads, edges, allows = [], [], [], []
        for s in range(stages):
            advance = (
                (vnode == network.node_index(via[s])) if s < len(via) else np.zeros(len(head), bool)
            )
            tails.append(tail + s * n)
            heads.append(head + (s + advance.astype(int)) * n)
            edges.append(edge)
            allows.append(allowed)
        tail, head = np.concatenate(tails), np.concatenate(heads)
        edge, allowed = np.concatenate(edges), np.concatenate(allows)
        target = target + len(via) * n
    n_vertices = graph.n_vertices * (len(via) + 1)
    index = _search.PairIndex.build(n_vertices, tail, head) if via else graph.pair_index

    value_of_time = 0.0
    if objective.kind == "generalized":
        value_of_time = objective.value_of_time(
            shipment.cargo_value_cny, CargoClass.parse(shipment.cargo_class)
        )
    return _Query(
        network=network,
        shipment=shipment,
        objective=objective,
        constraints=constraints,
        graph=graph,
        values=values,
        tail=tail,
        head=head,
        edge=edge,
        n_vertices=n_vertices,
        index=index,
        allowed=allowed,
        source=source,
        target=target,
        value_of_time=value_of_time,
        start_h=_week_offset_h(shipment.ready_time),
    )


def _service_label(base: ExpandedGraph, service: int) -> str:
    return base.service_ids[service] if service >= 0 else ""


def _make_route(query: _Query, search_edges: Sequence[int]) -> Route:
    """Turn a path (search-edge indices) into a ``Route`` with its timeline.

    Boarding a service adds its wait and fixed fare to the first link ridden; staying on
    board through a stop is a ``stop`` step of that service; alighting is free.
    """
    base = query.graph.base
    values = query.values
    network = query.network
    use_timetable = query.shipment.ready_time is not None
    rows = []
    clock = query.start_h
    boarding: dict[str, float] = {}  # wait and fare of the service boarded, for its first link
    for e in search_edges:
        b = int(query.edge[e])
        kind = int(base.kind[b])
        if kind in (ACCESS_OUT, ACCESS_IN, STAY, ALIGHT):
            continue
        if kind == BOARD:
            slots = base.timetable[b]
            if use_timetable and slots >= 0:
                wait = _search.next_departure(clock, base.timetables[slots]) - clock
            else:
                wait = float(values.wait_h[b])
            boarding = {"wait_h": wait, "cost_cny": float(values.cost_cny[b])}
            clock += wait
            continue
        service = int(base.service[b])
        if kind == LINK:
            k = int(base.link[b])
            wait = boarding.get("wait_h", 0.0)
            moving = float(base.time_h[b])
            rows.append(
                {
                    "kind": "link",
                    "from_node": base.node_ids[base.vertex_node[base.tail[b]]],
                    "to_node": base.node_ids[base.vertex_node[base.head[b]]],
                    "mode": network.link_values("mode")[k],
                    "corridor": network.link_values("corridor")[k],
                    "link_id": network.link_values("id")[k],
                    "service_id": _service_label(base, service),
                    "distance_km": float(values.distance_km[b]),
                    "wait_h": wait,
                    "time_h": moving,
                    "cost_cny": float(values.cost_cny[b]) + boarding.get("cost_cny", 0.0),
                    "co2e_kg": float(values.co2e_kg[b]),
                    "depart_h": clock - query.start_h,
                    "arrive_h": clock + moving - query.start_h,
                }
            )
            boarding = {}
            clock += moving
            continue
        at = base.node_ids[base.node[b]]
        layer_from = base.vertex_layer[base.tail[b]]
        layer_to = base.vertex_layer[base.head[b]]
        dwell = float(base.time_h[b])
        rows.append(
            {
                "kind": _EVENT_NAMES[kind],
                "from_node": at,
                "to_node": at,
                "mode": mode_of_layer(layer_to) if kind != CLEAR else mode_of_layer(layer_from),
                "corridor": f"{layer_from}->{layer_to}" if kind not in (CLEAR, DWELL) else "",
                "link_id": None,
                "service_id": _service_label(base, service),
                "distance_km": 0.0,
                "wait_h": 0.0,
                "time_h": dwell,
                "cost_cny": float(values.cost_cny[b]),
                "co2e_kg": 0.0,
                "depart_h": clock - query.start_h,
                "arrive_h": clock + dwell - query.start_h,
            }
        )
        clock += dwell
    columns = [
        "kind", "from_node", "to_node", "mode", "corridor", "link_id", "service_id",
        "distance_km", "wait_h", "time_h", "cost_cny", "co2e_kg", "depart_h", "arrive_h",
    ]  # fmt: skip
    numeric = {"distance_km", "wait_h", "time_h", "cost_cny", "co2e_kg", "depart_h", "arrive_h"}
    # Columns built directly (object arrays for text): constructing from records costs
    # more than the search itself on a small network.
    steps = pd.DataFrame(
        {
            name: np.array([row[name] for row in rows], dtype=float if name in numeric else object)
            for name in columns
        }
    )
    cost = sum(row["cost_cny"] for row in rows)
    total_time = clock - query.start_h
    co2e = sum(row["co2e_kg"] for row in rows)
    distance = sum(row["distance_km"] for row in rows)
    objective = query.objective
    value = {
        "cost": cost,
        "time": total_time,
        "co2e": co2e,
        "distance": distance,
        "generalized": objective.money_weight * cost
        + query.value_of_time * total_time
        + objective.carbon_price_cny_per_t * co2e / 1000.0,
    }[objective.kind]
    return Route(
        shipment=query.shipment,
        objective=objective,
        steps=steps,
        cost_cny=cost,
        time_h=total_time,
        wait_h=sum(row["wait_h"] for row in rows),
        distance_km=distance,
        co2e_kg=co2e,
        objective_value=value,
        network=query.network,
        meta=run_meta(
            "route",
            inputs={"network": query.network.name, "shipment": repr(query.shipment)},
            options={"objective": objective.kind},
        ),
    )


def _labels(query: _Query, *, criteria: str, deadline: bool) -> list[_search.Label]:
    """Run the label-setting search with static criteria for ``criteria`` and arrival time."""
    v = query.values
    e = query.edge
    objective = query.objective
    if criteria == "cost-time":
        static = v.cost_cny[e][:, None]
    elif criteria == "cost-time-co2e":
        static = np.column_stack([v.cost_cny[e], v.co2e_kg[e]])
    elif objective.kind == "time":
        static = np.zeros((len(e), 0))
    elif objective.kind == "generalized":
        # Money and carbon are static; the time part is added at the target.
        static = v.generalized(objective, 0.0)[e][:, None]
    else:
        static = v.weight(objective)[e][:, None]
    return _search.pareto_labels(
        _timed_edges(query, static),
        query.source,
        query.target,
        start_h=query.start_h,
        deadline_h=query.shipment.deadline_h if deadline else None,
    )


def _timed_edges(query: _Query, static: np.ndarray) -> _search.TimedEdges:
    """The query's search graph with its times and timetables (and ``static`` criteria)."""
    e = query.edge
    base = query.graph.base
    use_tt = query.shipment.ready_time is not None
    return _search.TimedEdges(
        n=query.n_vertices,
        tail=query.tail,
        head=query.head,
        static=static,
        motion_h=base.time_h[e],
        expected_wait_h=query.values.wait_h[e],
        timetable=base.timetable[e] if use_tt else np.full(len(e), -1),
        timetables=base.timetables,
        allowed=query.allowed,
    )


def _fastest_timed(query: _Query, *, deadline: bool) -> list[list[int]]:
    """The earliest-arrival path with timetables (time-dependent Dijkstra), as label paths.

    Exact for the ``time`` objective: waiting is first in, first out. An arrival after the
    deadline means that no route meets it.
    """
    edges = _timed_edges(query, np.zeros((len(query.edge), 0)))
    arrival, path = _search.earliest_arrival(
        edges, query.source, query.target, start_h=query.start_h
    )
    limit = query.shipment.deadline_h
    if not path or (deadline and limit is not None and arrival - query.start_h > limit + 1e-9):
        return []
    return [path]


def _visits_once(route: Route) -> bool:
    """Whether the route passes each physical node once (hub events there excepted)."""
    nodes = route.nodes
    return len(nodes) == len(set(nodes))


def _best(query: _Query, *, deadline: bool = True) -> Route | None:
    """The optimal route of a query that visits no node twice, or None.

    The search may find a route that rides a service through a node and comes back to it
    on another (past Brest on the express, back on a train to Minsk): then the best route
    that visits every node once is searched among the next best paths.
    """
    needs_labels = query.uses_timetables or (deadline and query.shipment.deadline_h is not None)
    if not needs_labels:
        _, edges = _search.dijkstra(
            query.index, query.weight(), query.allowed, query.source, query.target
        )
        if not edges:
            return None
        found = _make_route(query, edges)
        return found if _visits_once(found) else _best_visiting_once(query, found, deadline)
    if query.objective.kind == "time":
        paths = _fastest_timed(query, deadline=deadline)
    else:
        paths = [
            list(label.edges) for label in _labels(query, criteria="objective", deadline=deadline)
        ]
    if not paths:
        return None
    routes = sorted(
        (_make_route(query, path) for path in paths),
        key=lambda r: (r.objective_value, r.time_h),
    )
    for candidate in routes:
        if _visits_once(candidate):
            return candidate
    return _best_visiting_once(query, routes[0], deadline)


def _best_visiting_once(query: _Query, looped: Route, deadline: bool) -> Route:
    """The best route that visits each node once, from Yen's k shortest paths.

    Without a ready time the paths come in the order of the objective, so the first that
    visits each node once is optimal among such routes. With a ready time they are ranked
    by expected waits and timed by the timetables: the best of the first candidates is
    taken.

    Raises
    ------
    NoRouteError
        If none of ``_MAX_ALTERNATIVE_CANDIDATES`` paths visits each node once (no
        operator sells a trip that passes a node and comes back to it).
    """
    timed = query.uses_timetables
    best: Route | None = None
    for examined, edges in enumerate(
        _search.k_shortest(query.index, query.weight(), query.allowed, query.source, query.target)
    ):
        if examined >= _MAX_ALTERNATIVE_CANDIDATES:
            break
        candidate = _make_route(query, edges)
        if not _visits_once(candidate):
            continue
        if deadline and not candidate.meets_deadline:
            continue
        if not timed:
            return candidate
        if best is None or (candidate.objective_value, candidate.time_h) < (
            best.objective_value,
            best.time_h,
        ):
            best = candidate
    if best is None:
        twice = ", ".join(sorted({n for n in looped.nodes if looped.nodes.count(n) > 1}))
        message = (
            f"no route {query.shipment.origin} -> {query.shipment.destination} visits each "
            f"node once: the only ones found pass {twice} twice (a service rides through it "
            f"and another comes back), via {' > '.join(looped.nodes)}; no operator sells "
            "that trip: add a service that stops there, or a link"
        )
        raise NoRouteError(message, binding="loop", relaxed=looped)
    return best


#: The keyword constraints ``route``, ``alternatives`` and ``pareto`` accept.
CONSTRAINTS = ("modes", "avoid_modes", "avoid_nodes", "avoid_countries", "via")


def _words(value: object, name: str) -> tuple[str, ...]:
    """A list of names given as a list/tuple/set of text, or as one ``;``-separated text.

    A single text is one item or several separated by ``;`` or ``,``: never read letter
    by letter (``avoid_countries="RU"`` is Russia).
    """
    if value is None:
        return ()
    if isinstance(value, str):
        items = [w.strip() for w in value.replace(",", ";").split(";")]
        return tuple(w for w in items if w)
    if isinstance(value, list | tuple | set | frozenset):
        bad = [v for v in value if not isinstance(v, str)]
        if not bad:
            return tuple(value)
    message = f"{name} must be a list of names (or one ';'-separated text), got {value!r}"
    raise ParameterError(message)


def _country_codes(value: object) -> frozenset[str]:
    codes = set()
    for code in _words(value, "avoid_countries"):
        upper = code.strip().upper()
        if upper not in ISO_3166_CODES:
            hint = did_you_mean(upper, ISO_3166_CODES) if len(upper) == 2 else ""
            hint = hint if hint.startswith("; did") else ""
            message = (
                f"avoid_countries: {code!r} is not an ISO 3166 two-letter country code "
                f"(e.g. 'RU', 'KZ', 'BY'){hint}"
            )
            raise ParameterError(message)
        codes.add(upper)
    return frozenset(codes)


def _constraints(**given: object) -> Constraints:
    unknown = sorted(set(given) - set(CONSTRAINTS))
    if unknown:
        message = f"unknown constraint {unknown[0]!r}{did_you_mean(unknown[0], CONSTRAINTS)}"
        raise ParameterError(message)
    modes, avoid_modes = given.get("modes"), given.get("avoid_modes")
    every = {m.value for m in Mode}
    allowed = set(every) if modes is None else {Mode.parse(m).value for m in _words(modes, "modes")}
    allowed -= {Mode.parse(m).value for m in _words(avoid_modes, "avoid_modes")}
    return Constraints(
        modes=None if allowed == every else frozenset(allowed),
        avoid_nodes=frozenset(_words(given.get("avoid_nodes"), "avoid_nodes")),
        avoid_countries=_country_codes(given.get("avoid_countries")),
        via=_words(given.get("via"), "via"),
    )


def _explain_failure(
    network: Network, shipment: Shipment, objective: Objective, constraints: Constraints
) -> NoRouteError:
    """Find which constraint binds and the best answer without it."""
    what = f"{shipment.origin} -> {shipment.destination}"
    # Without the deadline?
    deadline = shipment.deadline_h
    if deadline is not None:
        query = _build_query(network, shipment, Objective("time"), constraints)
        fastest = _best(query, deadline=False)
        if fastest is not None:
            message = (
                f"no route {what} meets the deadline of {deadline:,.0f} h "
                f"({deadline / 24:.1f} d); the fastest takes {fastest.time_h:,.0f} h "
                f"({fastest.time_d:.1f} d) via {' > '.join(fastest.nodes)}"
            )
            return NoRouteError(message, binding="deadline", relaxed=fastest)
    relaxations = [
        (
            "via",
            Constraints(
                constraints.modes, constraints.avoid_nodes, constraints.avoid_countries, ()
            ),
            {},
        ),
        (
            "avoid_nodes",
            Constraints(
                constraints.modes, frozenset(), constraints.avoid_countries, constraints.via
            ),
            {},
        ),
        (
            "avoid_countries",
            Constraints(constraints.modes, constraints.avoid_nodes, frozenset(), constraints.via),
            {},
        ),
        (
            "modes",
            Constraints(
                None, constraints.avoid_nodes, constraints.avoid_countries, constraints.via
            ),
            {},
        ),
        ("cargo_class", constraints, {"cargo_rules": False}),
        ("customs", constraints, {"customs": False}),
        ("all", Constraints(), {"cargo_rules": False, "customs": False}),
    ]
    plain = shipment.with_(deadline=None)
    for name, relaxed_constraints, flags in relaxations:
        if name != "all" and relaxed_constraints == constraints and not flags:
            continue
        query = _build_query(network, plain, objective, relaxed_constraints, **flags)
        found = _best(query, deadline=False)
        if found is None:
            continue
        reason = {
            "via": f"passing through {', '.join(constraints.via)}",
            "avoid_nodes": f"avoiding {', '.join(sorted(constraints.avoid_nodes))}",
            "avoid_countries": f"avoiding {', '.join(sorted(constraints.avoid_countries))}",
            "modes": (
                f"using only {', '.join(sorted(constraints.modes))}"
                if constraints.modes
                else "with no mode allowed (every mode is avoided)"
            ),
            "cargo_class": f"the rules for {CargoClass.parse(shipment.cargo_class).value} cargo "
            "(reefer links and "
            "hubs, no dangerous goods by air, designated ports)",
            "customs": "clearing customs at a port open for the mode used",
            "all": "the network's connectivity",
        }[name]
        message = (
            f"no route {what} while {reason}; without that, the best by {objective.kind} "
            f"would be {_with_unit(found.objective_value, objective.kind)} "
            f"via {' > '.join(found.nodes)}"
        )
        return NoRouteError(message, binding=name, relaxed=found)
    for end, side in ((shipment.origin, "on"), (shipment.destination, "off")):
        if not _reachable_end(network, end, boarding=side == "on"):
            message = (
                f"no route {what}: no service takes boxes {side} at {end} (trains pass it, "
                "or stop there only for border formalities) and no road reaches it"
            )
            return NoRouteError(message, binding="network")
    return NoRouteError(f"no route {what}: the nodes are not connected", binding="network")


#: The unit of each objective's value, for messages (every figure carries its unit).
_OBJECTIVE_UNITS = {
    "cost": "CNY",
    "time": "h",
    "co2e": "kg CO2e",
    "distance": "km",
    "generalized": "CNY (generalized)",
}


def _with_unit(value: float, kind: str) -> str:
    """``"1,234.5 h (51.4 d)"``: an objective's value with its unit (days too for hours)."""
    text = f"{value:,.1f} {_OBJECTIVE_UNITS.get(kind, '')}".rstrip()
    return f"{text} ({value / 24:,.1f} d)" if kind == "time" else text


def _reachable_end(network: Network, node_id: str, *, boarding: bool) -> bool:
    """Whether a box can start (``boarding``) or end its trip at a node at all."""
    base = network.expanded
    i = network.node_index(node_id)
    kind = BOARD if boarding else ALIGHT
    if bool(((base.kind == kind) & (base.node == i)).any()):
        return True
    ends = base.vertex_node[base.tail if boarding else base.head]
    return bool(((base.kind == LINK) & (base.service < 0) & (ends == i)).any())


#: Objectives on the arrival distribution (``multimodal.reliability``), besides ``Objective``'s.
RELIABILITY_OBJECTIVES = ("reliable", "p50", "p80", "p90", "p95")
_PERCENTILE = re.compile(r"p([1-9][0-9]?)")
#: What ``route`` accepts, for its error message (the CLI's ``--objective`` says the same).
OBJECTIVES_TEXT = (
    "cost, time, co2e, distance, generalized, reliable (the most likely to meet the "
    "deadline) or pNN (the lowest NNth percentile of arrival, NN a whole number in 1..99, "
    "e.g. p90)"
)


def unknown_objective(name: str) -> str:
    """The message for an objective ``route`` does not know: every accepted form is listed.

    Parameters
    ----------
    name
        The objective as given.

    Returns
    -------
    str
        ``"unknown objective 'p100': a percentile of arrival is pNN, NN a whole number in
        1..99 (e.g. p90); the other objectives are ..."``.
    """
    known = [*OBJECTIVES, "reliable"]
    spelled = name.strip().lower()
    if spelled != name and (spelled in known or _PERCENTILE.fullmatch(spelled)):
        return f"unknown objective {name!r}; did you mean {spelled!r}? (objectives are lower case)"
    # p0, p100, p9.5, px: a percentile meant (pareto, plain: a word)
    if re.fullmatch(r"p(\S*\d\S*|\S{0,2})", spelled) and spelled not in known:
        what = "a percentile of arrival is pNN, NN a whole number in 1..99 (e.g. p90)"
        others = ", ".join(OBJECTIVES)
        return f"unknown objective {name!r}: {what}; the other objectives are {others}, reliable"
    close = suggest(name, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown objective {name!r}{hint}; use one of {OBJECTIVES_TEXT}"


def _reliability_params(value: object) -> ReliabilityParams | None:
    if value is None or isinstance(value, ReliabilityParams):
        return value
    if isinstance(value, Mapping):
        known = {f.name for f in fields(ReliabilityParams)}
        unknown = sorted(str(k) for k in value if k not in known)
        if unknown:
            hint = did_you_mean(unknown[0], known)
            listed = ", ".join(sorted(known))
            message = f"reliability: unknown field {unknown[0]!r}{hint}; known: {listed}"
            raise ParameterError(message)
        return ReliabilityParams(**value)
    message = (
        "reliability must be a ReliabilityParams or a mapping of its fields, e.g. "
        f"{{'regime': 'congested'}}; got {value!r}"
    )
    raise ParameterError(message)


def _with_deadline(shipment: Shipment, deadline: object) -> Shipment:
    if deadline is None:
        return shipment
    if isinstance(deadline, int | float) and not isinstance(deadline, bool):
        deadline = timedelta(hours=float(deadline))
    return shipment.with_(deadline=deadline)


def _candidates(
    network: Network,
    shipment: Shipment,
    params: ReliabilityParams,
    constraints: dict[str, Any],
) -> list[Route]:
    """Candidate routes for a reliability objective, without a deadline, distinct.

    The cost-time Pareto front; the fastest and the cheapest route; for every border
    crossing with a delay distribution that one of these passes, the fastest and the
    cheapest route avoiding it (another gateway); and ``params.alternatives`` Yen
    alternatives by time and by cost.
    """
    found: list[Route] = []
    seen: set[tuple[object, ...]] = set()

    def add(make: Any) -> None:
        try:
            made = make()
        except NoRouteError:
            return
        for r in made if isinstance(made, list) else [made]:
            key = (tuple(r.nodes), tuple(r.services), r.signature)
            if key not in seen:
                seen.add(key)
                found.append(r)

    add(lambda: pareto(network, shipment, **constraints))
    for kind in ("time", "cost"):
        add(lambda kind=kind: route(network, shipment, kind, **constraints))
    known = set(network.node_ids)
    crossings = {
        tuple(sorted(r.targets))
        for r in params.resolved_distributions().rows
        if r.selector == "node" and known.issuperset(r.targets)
    }
    avoided = set(_words(constraints.get("avoid_nodes"), "avoid_nodes"))
    passed = [c for c in sorted(crossings) if any(set(c) & set(r.nodes) for r in found)]
    for crossing in passed:
        others = {**constraints, "avoid_nodes": sorted(avoided | set(crossing))}
        for kind in ("time", "cost"):
            add(lambda kind=kind, others=others: route(network, shipment, kind, **others))
    if params.alternatives:
        for kind in ("time", "cost"):
            add(
                lambda kind=kind: alternatives(
                    network, shipment, kind, k=params.alternatives, **constraints
                )
            )
    return found


def _most_reliable(
    network: Network,
    shipment: Shipment,
    kind: str,
    params: ReliabilityParams,
    constraints: dict[str, Any],
) -> Route:
    """The candidate route with the highest on-time probability (or the lowest percentile)."""
    deadline_h = shipment.deadline_h
    if kind == "reliable" and deadline_h is None:
        message = (
            'objective="reliable" needs a deadline: route(..., deadline="20d") or '
            'Shipment(..., deadline="20d"); or minimise a percentile with objective="p90"'
        )
        raise ParameterError(message)
    plain = shipment.with_(deadline=None)
    candidates = _candidates(network, plain, params, constraints)
    if not candidates:
        raise _explain_failure(network, plain, Objective("time"), _constraints(**constraints))
    if kind == "reliable" and deadline_h is not None and deadline_h <= 0:
        message = (
            f"the deadline is {deadline_h:,.1f} h after the box is ready: give one after "
            "the ready time"
        )
        raise ParameterError(message)
    scored = []
    for candidate in candidates:
        dist = arrival_distribution(candidate, params, deadline_h=deadline_h)
        if kind == "reliable":
            key = -round(dist.probability_by(float(deadline_h or 0.0)), 6)
        else:
            key = dist.quantile_h(int(kind[1:]) / 100.0)
        scored.append((key, candidate.cost_cny, dist.p50_h, candidate.time_h, candidate, dist))
    if kind == "reliable":
        # within the tolerance of the best probability the cheaper route wins (then the
        # earlier median arrival)
        best_p = -min(item[0] for item in scored)
        scored = [item for item in scored if -item[0] >= best_p - params.tolerance - 1e-12]
        scored.sort(key=lambda item: item[1:4])
    else:
        scored.sort(key=lambda item: item[:4])
    best, dist = scored[0][-2], scored[0][-1]
    dist = dist.with_(objective=kind, candidates=len(candidates))
    found = replace(best, shipment=shipment, arrival_distribution=dist)
    return replace(
        found,
        objective_value=(
            dist.probability_by(float(deadline_h or 0.0))
            if kind == "reliable"
            else dist.quantile_h(int(kind[1:]) / 100.0)
        ),
        meta=_reliability_meta(found, params, kind, candidates=len(candidates)),
    )


def _reliability_meta(
    found: Route, params: ReliabilityParams, kind: str, *, candidates: int = 0
) -> dict[str, Any]:
    """``Route.meta`` with the reliability options (and the seed of a Monte Carlo run)."""
    options: dict[str, Any] = {
        "objective": kind,
        "regime": params.regime if isinstance(params.regime, str) else dict(params.regime),
        "method": params.method,
        "distributions": params.resolved_distributions().file,
    }
    if params.mixture:
        options["mixture"] = [[r if isinstance(r, str) else dict(r), w] for r, w in params.mixture]
    if candidates:
        options["candidates"] = candidates
    if params.method == "monte-carlo":
        options["n_samples"] = params.n_samples
    return run_meta(
        "route",
        inputs={"network": found.network.name, "shipment": repr(found.shipment)},
        options=options,
        seed=params.seed if params.method == "monte-carlo" else None,
    )


def route(  # noqa: PLR0913 - the constraints of alternatives/pareto plus the deadline and the reliability options (grouped in ReliabilityParams)
    network: Network,
    shipment: Shipment,
    objective: str | Objective = "cost",
    *,
    modes: Iterable[str] | None = None,
    avoid_modes: Iterable[str] | None = None,
    avoid_nodes: Iterable[str] | None = None,
    avoid_countries: Iterable[str] | None = None,
    via: Sequence[str] | str | None = None,
    deadline: str | float | timedelta | datetime | None = None,
    reliability: ReliabilityParams | Mapping[str, object] | None = None,
) -> Route:
    """The best route for a shipment.

    Parameters
    ----------
    network
        The network.
    shipment
        What to move (origin and destination may be names, English or Chinese).
    objective
        ``"cost"`` (CNY), ``"time"`` (h), ``"co2e"`` (kg), ``"distance"`` (km),
        ``"generalized"`` or an ``Objective`` with its weights. On the arrival-time
        distribution (``multimodal.reliability``): ``"reliable"`` (the highest probability
        of arriving by the deadline) or ``"p90"`` (the lowest 90th percentile of arrival;
        also ``"p50"``, ``"p80"``, ``"p95"``, any ``"pNN"``). Both choose among candidate
        routes: the cost-time Pareto front, the fastest and the cheapest route and
        ``ReliabilityParams.candidates`` alternatives by time and by cost; ties go to the
        earlier median, then the lower cost.
    modes, avoid_modes
        Modes the links may use / may not use.
    avoid_nodes, avoid_countries
        Node ids or names, and ISO country codes, the route must not touch: no node in an
        avoided country, and no link whose ``transit_countries`` names one (a 1520 mm
        line from Kazakhstan to Belarus crosses Russia with no node there).
    via
        Nodes to pass through, in order.
    deadline
        Latest arrival (replaces the shipment's): hours after the ready time, a duration
        (``"20d"``, a ``timedelta``) or a date with a ready time. The ordinary objectives
        refuse routes that miss it; ``"reliable"`` maximises the probability of meeting it.
    reliability
        ``ReliabilityParams`` (regime, method, seed, candidates, distributions) or a
        mapping of them. Given with an ordinary objective, the route found carries its
        arrival distribution too; with ``"reliable"``/``"pNN"`` the default is the normal
        regime, exact convolution.

    Returns
    -------
    Route
        With ``arrival_distribution`` (P10/P50/P90, on-time probability) for the
        reliability objectives or when ``reliability`` is given.

    Raises
    ------
    UnknownNodeError
        For a name the network does not know (with the closest names).
    NoRouteError
        When no route satisfies the constraints; it says which constraint binds and what
        the best answer without it would be (``error.relaxed``).
    ParameterError
        For ``objective="reliable"`` without a deadline, or an unknown regime.

    Examples
    --------
    >>> import multimodal as mm
    >>> net = mm.load_network()
    >>> r = mm.route(net, mm.Shipment("Xi'an", "Duisburg", teu=2), objective="cost")
    >>> r.cost_cny > 0 and "rail" in r.modes
    True
    """
    params = _reliability_params(reliability)
    shipment = _with_deadline(shipment, deadline)
    given: dict[str, Any] = {
        "modes": modes,
        "avoid_modes": avoid_modes,
        "avoid_nodes": avoid_nodes,
        "avoid_countries": avoid_countries,
        "via": via,
    }
    if isinstance(objective, str) and (
        objective in RELIABILITY_OBJECTIVES or _PERCENTILE.fullmatch(objective)
    ):
        return _most_reliable(
            network,
            _resolve(network, shipment),
            objective,
            params if params is not None else ReliabilityParams(),
            given,
        )
    if isinstance(objective, str) and objective not in OBJECTIVES:
        raise ParameterError(unknown_objective(objective))
    objective = Objective.parse(objective)
    shipment = _resolve(network, shipment)
    constraints = _constraints(**given)
    query = _build_query(network, shipment, objective, constraints)
    found = _best(query)
    if found is None:
        raise _explain_failure(network, shipment, objective, constraints)
    if params is not None:
        found = replace(
            found,
            arrival_distribution=arrival_distribution(found, params),
            meta=_reliability_meta(found, params, objective.kind),
        )
    return found


def alternatives(
    network: Network,
    shipment: Shipment,
    objective: str | Objective = "cost",
    k: int = 3,
    **constraints: object,
) -> list[Route]:
    """The ``k`` best routes that differ in mode or corridor, ranked by the objective.

    Routes are loop-free in physical hubs (no node visited twice except to change mode
    or clear customs there) and pairwise distinct in their sequence of (mode, corridor)
    legs. They come from Yen's k-shortest simple paths on the routing graph, filtered;
    at most 400 candidate paths are examined. With a deadline, routes that miss it are
    left out. Waits are expected values (timetables are applied to the result's
    timeline when the shipment has a ready time).

    Raises
    ------
    NoRouteError
        When not even one route exists.
    """
    objective = Objective.parse(objective)
    shipment = _resolve(network, shipment)
    cons = _constraints(**constraints)
    query = _build_query(network, shipment, objective, cons)
    weight = query.values.weight(objective, query.value_of_time)[query.edge]
    found: list[Route] = []
    seen: set[tuple[tuple[str, ...], ...]] = set()
    for examined, edges in enumerate(
        _search.k_shortest(query.index, weight, query.allowed, query.source, query.target)
    ):
        if examined >= _MAX_ALTERNATIVE_CANDIDATES or len(found) >= k:
            break
        candidate = _make_route(query, edges)
        nodes = candidate.nodes
        if len(nodes) != len(set(nodes)) or not candidate.meets_deadline:
            continue
        if candidate.signature in seen:
            continue
        seen.add(candidate.signature)
        found.append(candidate)
    if not found:
        raise _explain_failure(network, shipment, objective, cons)
    return sorted(found, key=lambda r: (r.objective_value, r.time_h))


def pareto(
    network: Network,
    shipment: Shipment,
    *,
    criteria: Sequence[str] = ("cost", "time"),
    **constraints: object,
) -> list[Route]:
    """Every non-dominated route on cost and time (and CO2e if asked), exact.

    A route is on the front if no other route is at least as good on every criterion
    and better on one. Computed by multi-criteria label setting (Martins' algorithm),
    not by sampling weighted sums, so routes in non-convex parts of the front are found.
    With a ready time, timetabled services are taken at their actual departures.

    Parameters
    ----------
    criteria
        ``("cost", "time")`` or ``("cost", "time", "co2e")``.
    constraints
        Those of ``route`` (modes, avoid_modes, avoid_nodes, avoid_countries, via).

    Returns
    -------
    list of Route
        Sorted by cost (then time). Of routes with equal criteria, one is kept. Routes
        that visit a node twice (a service through a node and another back to it) are
        left out; a route that only such a route dominates is then missing from the front
        (rare; ``route`` searches further in that case).
    """
    if not isinstance(criteria, list | tuple):
        message = f"criteria must be a tuple such as ('cost', 'time'), got {criteria!r}"
        raise ParameterError(message)
    wanted = tuple(criteria)
    if wanted not in (("cost", "time"), ("cost", "time", "co2e")):
        message = (
            f"criteria {wanted} not supported; use ('cost', 'time') or ('cost', 'time', 'co2e')"
        )
        raise ParameterError(message)
    shipment = _resolve(network, shipment)
    cons = _constraints(**constraints)
    query = _build_query(network, shipment, Objective("cost"), cons)
    kind = "cost-time" if len(wanted) == 2 else "cost-time-co2e"
    labels = _labels(query, criteria=kind, deadline=True)
    if not labels:
        raise _explain_failure(network, shipment, Objective("cost"), cons)
    # A route that visits a node twice is not one an operator sells (see ``route``).
    routes = [r for r in (_make_route(query, label.edges) for label in labels) if _visits_once(r)]
    if not routes:
        raise _explain_failure(network, shipment, Objective("cost"), cons)
    return sorted(routes, key=lambda r: (r.cost_cny, r.time_h, r.co2e_kg))


def routes_table(routes: Iterable[Route]) -> pd.DataFrame:
    """One row per route with its totals (for printing alternatives or a front)."""
    return pd.DataFrame([r.totals() for r in routes])


__all__ = [
    "EDGE_KINDS",
    "RELIABILITY_OBJECTIVES",
    "Constraints",
    "ReliabilityParams",
    "Route",
    "UnknownNodeError",
    "alternatives",
    "pareto",
    "route",
    "routes_table",
]
