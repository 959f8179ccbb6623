"""Synthetic services (scheduled lines) over a network's links, for benchmarks and tests.

``synthetic_services`` draws block-train-like lines over the links of one mode: each
service is a path that never visits a node twice, with a stop every ``links_per_stop``
links, run times from the links' distances at the mode's speed, a dwell at each
intermediate stop, a frequency or a weekly timetable, a capacity per departure and a
fare (fixed + per km). It returns the ``(services, stops)`` tables of the services
contract (docs/services.md), ready for ``Network(nodes, links, services=(...))``.
The figures are illustrative (the synthetic network's estimate rules), the structure
realistic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._options import check_seed
from .._validate import check_choice, check_number
from ..exceptions import ParameterError
from ..network import Network
from .network import _whole, synthetic_network

#: Commercial speed (km/h) and fare per TEU-km of each service mode (synthetic_network's).
_SPEED_KMH = {"rail": 35.0, "sea": 30.0, "air": 850.0}
_FARE_PER_KM = {"rail": 2.205, "sea": 0.5, "air": 19.7}
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ESTIMATED = (
    "departures_per_week;timetable;capacity_teu_per_departure;fare_fixed_cny;fare_cny_per_km"
)
#: Restarts of the random walk per service before giving up.
_TRIES = 200


def _adjacency(network: Network, mode: str) -> tuple[list[list[tuple[int, int]]], np.ndarray]:
    """For each node position, the ``(link, next node)`` it can ride on ``mode``'s links."""
    position = {ident: i for i, ident in enumerate(network.node_ids)}
    modes = network.link_values("mode")
    frm = network.link_values("from_node")
    to = network.link_values("to_node")
    both = network.link_values("bidirectional")
    out: list[list[tuple[int, int]]] = [[] for _ in range(len(position))]
    for k in np.flatnonzero(modes == mode):
        a, b = position[frm[k]], position[to[k]]
        out[a].append((int(k), b))
        if both[k]:
            out[b].append((int(k), a))
    starts = np.array([i for i, hops in enumerate(out) if hops], dtype=np.int64)
    return out, starts


def _walk(
    rng: np.random.Generator,
    adjacency: list[list[tuple[int, int]]],
    starts: np.ndarray,
    n_links: int,
) -> tuple[list[int], list[int]] | None:
    """A random path of ``n_links`` links visiting no node twice (nodes, links), or None."""
    for _ in range(_TRIES):
        nodes = [int(starts[rng.integers(len(starts))])]
        links: list[int] = []
        seen = {nodes[0]}
        while len(links) < n_links:
            options = [(k, b) for k, b in adjacency[nodes[-1]] if b not in seen]
            if not options:
                break
            k, b = options[rng.integers(len(options))]
            nodes.append(b)
            links.append(k)
            seen.add(b)
        if len(links) == n_links:
            return nodes, links
    return None


def _timetable(rng: np.random.Generator, departures: int) -> str:
    """A weekly timetable of ``departures`` departures on distinct days at one time."""
    days = sorted(rng.choice(7, size=departures, replace=False).tolist())
    hour, minute = int(rng.integers(24)), int(rng.choice([0, 15, 30, 45]))
    return ";".join(f"{_DAYS[d]} {hour:02d}:{minute:02d}" for d in days)


def _stops(
    rng: np.random.Generator,
    sid: str,
    path: tuple[list[str], list[int]],
    per_stop: int,
    links: tuple[np.ndarray, np.ndarray],
    speed_kmh: float,
) -> list[dict[str, object]]:
    """The stop rows of one service riding ``path`` (nodes, links).

    A stop every ``per_stop`` links; ``links`` holds the network's link ids and distances.
    """
    nodes, ridden_links = path
    link_ids, distance = links
    n_stops = len(ridden_links) // per_stop + 1
    rows: list[dict[str, object]] = []
    clock = 0.0
    for j in range(n_stops):
        ridden = ridden_links[(j - 1) * per_stop : j * per_stop] if j else []
        row: dict[str, object] = {
            "service_id": sid,
            "seq": j + 1,
            "node": nodes[j * per_stop],
            "arrive_h": np.nan,
            "depart_h": 0.0 if j == 0 else np.nan,
            "via_links": ";".join(str(link_ids[k]) for k in ridden),
        }
        if j:
            arrive = round(clock + max(float(distance[ridden].sum()) / speed_kmh, 0.01), 3)
            row["arrive_h"] = arrive
            if j < n_stops - 1:  # dwell 1-6 h at an intermediate stop
                clock = round(arrive + float(rng.uniform(1.0, 6.0)), 1)
                row["depart_h"] = clock
        rows.append(row)
    return rows


def _check(n_services: object, n_stops: object, links_per_stop: object, share: object) -> None:
    _whole(n_services, "n_services", 1)
    _whole(n_stops, "n_stops", 2)
    _whole(links_per_stop, "links_per_stop", 1)
    check_number(share, "timetable_share", minimum=0, maximum=1)


def synthetic_services(
    network: Network,
    n_services: int,
    n_stops: int = 20,
    *,
    seed: int = 0,
    mode: str = "rail",
    links_per_stop: int = 1,
    timetable_share: float = 0.5,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random services over the ``mode`` links of a network, as the two contract tables.

    Parameters
    ----------
    network
        The network the services run on (e.g. ``synthetic_network(3000, k_rail=3)``).
    n_services
        Number of services (one direction each).
    n_stops
        Stops per service (at least 2).
    seed
        Random seed: the same seed and network give the same tables.
    mode
        ``rail``, ``sea`` or ``air``: the links the services ride.
    links_per_stop
        Links ridden between consecutive stops (the nodes between are passed non-stop).
    timetable_share
        Share of services given a weekly timetable (the others a frequency only).

    Returns
    -------
    (services, stops)
        DataFrames with the columns of ``multimodal.services.SERVICE_COLUMNS`` and
        ``STOP_COLUMNS``: ``via_links`` names the links between stops. Pass them as
        ``Network(nodes, links, services=(services, stops))``.

    Raises
    ------
    ParameterError
        ``network`` is not a Network; a size is not a whole number in range; an unknown
        mode; or the mode's links have no path of ``(n_stops - 1) x links_per_stop``
        links that visits no node twice (give a larger network or more neighbours).

    Examples
    --------
    >>> from multimodal.synthetic import synthetic_network, synthetic_services
    >>> net = synthetic_network(300, seed=1, k_rail=3)
    >>> services, stops = synthetic_services(net, 5, 4, seed=1)
    >>> len(services), len(stops)
    (5, 20)
    """
    if not isinstance(network, Network):
        message = f"network must be a Network (e.g. synthetic_network(3000)), got {network!r:.60}"
        raise ParameterError(message)
    _check(n_services, n_stops, links_per_stop, timetable_share)
    if n_services > 1_000_000 or n_stops * links_per_stop > 10_000:
        message = (
            "synthetic_services draws at most 1,000,000 services of at most 10,000 links, "
            f"got {n_services!r} services x {n_stops!r} stops x {links_per_stop!r} links"
        )
        raise ParameterError(message)
    mode = check_choice(mode, "mode", tuple(_SPEED_KMH))
    rng = np.random.default_rng(check_seed(seed))
    adjacency, starts = _adjacency(network, mode)
    n_links = (n_stops - 1) * links_per_stop
    if not len(starts):
        message = f"the network has no {mode} links for services to ride"
        raise ParameterError(message)
    ids = [str(v) for v in network.node_ids]
    link_ids = network.link_values("id")
    distance = network.link_values("distance_km").astype(float)
    corridor = network.link_values("corridor")
    services, stops = [], []
    width = len(str(n_services))
    for s in range(n_services):
        found = _walk(rng, adjacency, starts, n_links)
        if found is None:
            message = (
                f"no path of {n_links} {mode} links visits no node twice after {_TRIES} "
                "tries; give a larger network, more rail neighbours (k_rail) or fewer stops"
            )
            raise ParameterError(message)
        nodes, links = found
        sid = f"SYN_{mode.upper()}_{s + 1:0{width}d}"
        departures = int(rng.choice([1, 2, 3, 5, 7]))
        timed = rng.random() < timetable_share
        services.append(
            {
                "service_id": sid,
                "name": f"Synthetic {mode} service {s + 1}",
                "name_zh": f"合成{'班列' if mode == 'rail' else '航线'} {s + 1}",
                "operator": "Synthetic Logistics",
                "mode": mode,
                "corridor": corridor[links[0]],
                "departures_per_week": np.nan if timed else float(departures),
                "timetable": _timetable(rng, departures) if timed else "",
                "capacity_teu_per_departure": float(rng.choice([41, 50, 82, 100])),
                "capacity_t_per_departure": np.nan,
                "fare_basis": "teu",
                "fare_fixed_cny": float(rng.integers(2, 16) * 100),
                "fare_cny_per_km": round(_FARE_PER_KM[mode] * rng.uniform(0.8, 1.2), 3),
                "reefer": bool(rng.random() < 0.5),
                "dangerous_goods": bool(rng.random() < 0.5),
                "cargo_classes": "",
                "year": 2026,
                "year_opened": np.nan,
                "source": "synthetic",
                "estimated": _ESTIMATED,
                "note": "",
            }
        )
        path = ([ids[v] for v in nodes], links)
        stops += _stops(rng, sid, path, links_per_stop, (link_ids, distance), _SPEED_KMH[mode])
    return pd.DataFrame(services), pd.DataFrame(stops)


def synthetic_service_network(
    n_hubs: int,
    n_services: int,
    n_stops: int = 20,
    *,
    seed: int = 0,
    k_rail: int = 3,
    links_per_stop: int = 1,
    timetable_share: float = 0.5,
) -> Network:
    """``synthetic_network`` with ``synthetic_services`` on its rail links, built.

    The rail links the services ride lose their own departures (the services' count);
    the others keep theirs (each an implicit one-link service), so the network builds
    without a ``DataWarning``.

    Parameters
    ----------
    n_hubs
        Hubs of the network (see ``synthetic_network``).
    n_services, n_stops, links_per_stop, timetable_share
        The services (see ``synthetic_services``).
    seed
        Random seed of both the network and the services.
    k_rail
        Rail neighbours per rail hub (3 leaves long simple paths for the services).

    Returns
    -------
    Network

    Examples
    --------
    >>> from multimodal.synthetic import synthetic_service_network
    >>> net = synthetic_service_network(300, 5, 4, seed=1)
    >>> int(net.services["implicit"].eq(False).sum())
    5
    """
    network = synthetic_network(n_hubs, seed=seed, k_rail=k_rail)
    services, stops = synthetic_services(
        network,
        n_services,
        n_stops,
        seed=seed,
        links_per_stop=links_per_stop,
        timetable_share=timetable_share,
    )
    ridden = {k for text in stops["via_links"] for k in text.split(";") if k}
    links = network.links
    links.loc[links["id"].isin(ridden), "departures_per_week"] = np.nan
    name = f"synthetic-{n_hubs}-{n_services}x{n_stops}"
    return Network(network.nodes, links, name=name, services=(services, stops))


__all__ = ["synthetic_service_network", "synthetic_services"]
