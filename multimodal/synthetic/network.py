"""Synthetic multimodal networks of any size, for benchmarks and scale tests.

Hubs are scattered at random over a region; every hub is served by road (links to its
nearest neighbours), a share also by rail (links to the nearest rail hubs) and a few by
air. Costs and speeds follow the built-in network's estimate rules (docs/data.md): road
5 CNY per TEU-km at 55 km/h, rail 2.205 CNY per TEU-km at 35 km/h, air 2,000 + 1.97 CNY
per tonne-km at 850 km/h. The figures are illustrative, the structure realistic: that is
what a benchmark needs.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.spatial import cKDTree
from shapely.geometry import Point

from .._geo import haversine_km
from .._options import check_seed
from .._validate import check_number
from ..exceptions import ParameterError
from ..network import Network


def _knn_pairs(xy: np.ndarray, k: int) -> np.ndarray:
    """Undirected pairs (i < j) joining each point to its ``k`` nearest neighbours."""
    if len(xy) < 2 or k < 1:
        return np.empty((0, 2), dtype=int)
    k = min(k, len(xy) - 1)
    _, nearest = cKDTree(xy).query(xy, k=k + 1)
    pairs = np.column_stack([np.repeat(np.arange(len(xy)), k), nearest[:, 1:].ravel()])
    pairs = np.sort(pairs, axis=1)
    return np.unique(pairs, axis=0)


def _whole(value: object, name: str, minimum: int) -> None:
    """Refuse ``value`` unless it is a whole number of at least ``minimum``."""
    check_number(value, name, minimum=minimum)
    if not isinstance(value, int | np.integer):
        message = f"{name} must be a whole number, got {value!r}"
        raise ParameterError(message)


#: The most hubs ``synthetic_network`` draws (the largest benchmark uses 3,000).
MAX_HUBS = 1_000_000


def _check_arguments(
    n_hubs: object,
    shares: tuple[object, object],
    neighbours: tuple[object, object, object],
    bounds: tuple[float, float, float, float],
) -> None:
    """The arguments of ``synthetic_network``, checked at once."""
    _whole(n_hubs, "n_hubs", 2)
    for name, share in zip(("rail_share", "air_share"), shares):
        check_number(share, name, minimum=0, maximum=1)
    for name, k in zip(("k_road", "k_rail", "k_air"), neighbours):
        _whole(k, name, 0)
    message = f"bounds must be (min_lon, min_lat, max_lon, max_lat) in degrees, got {bounds!r}"
    if not isinstance(bounds, tuple | list) or len(bounds) != 4:
        raise ParameterError(message)
    for value in bounds:
        check_number(value, "bounds", unit="degrees")
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in bounds)
    if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
        raise ParameterError(message)


def synthetic_network(
    n_hubs: int,
    *,
    seed: int = 0,
    rail_share: float = 0.3,
    air_share: float = 0.02,
    k_road: int = 3,
    k_rail: int = 2,
    k_air: int = 4,
    bounds: tuple[float, float, float, float] = (100.0, 25.0, 120.0, 45.0),
) -> Network:
    """A random multimodal network with ``n_hubs`` hubs, all in China.

    Parameters
    ----------
    n_hubs
        Number of hubs (nodes).
    seed
        Random seed: the same seed gives the same network.
    rail_share, air_share
        Share of hubs served by rail and by air.
    k_road, k_rail, k_air
        Nearest neighbours each hub is linked to, per mode.
    bounds
        ``(min_lon, min_lat, max_lon, max_lat)`` of the region.

    Returns
    -------
    Network

    Raises
    ------
    ParameterError
        If ``n_hubs`` is not a whole number from 2 to ``MAX_HUBS``, ``seed`` is not a
        whole number >= 0, a share is not within 0-1, a
        neighbour count is negative, or ``bounds`` is not a lon/lat box.
    """
    _check_arguments(n_hubs, (rail_share, air_share), (k_road, k_rail, k_air), bounds)
    seed = check_seed(seed)
    if n_hubs > MAX_HUBS:  # _whole checked it is a whole number
        message = f"n_hubs must be at most {MAX_HUBS:,}, got {n_hubs!r}"
        raise ParameterError(message)
    rng = np.random.default_rng(seed)
    lon = rng.uniform(bounds[0], bounds[2], n_hubs)
    lat = rng.uniform(bounds[1], bounds[3], n_hubs)
    rail = rng.random(n_hubs) < rail_share
    air = rng.random(n_hubs) < air_share
    ids = np.array([f"H{i:05d}" for i in range(n_hubs)], dtype=object)
    modes = np.where(rail, "rail;road", "road").astype(object)
    modes = np.where(air, modes + ";air", modes)
    nodes = gpd.GeoDataFrame(
        {
            "id": ids,
            "name": [f"Hub {i}" for i in range(n_hubs)],
            "kind": np.where(air, "airport", np.where(rail, "rail_hub", "city")),
            "modes": modes,
            "handling_cost_cny_per_teu": rng.uniform(200, 600, n_hubs).round(0),
            "dwell_h": rng.uniform(2, 12, n_hubs).round(1),
            "reefer": rng.random(n_hubs) < 0.5,
            "dangerous_goods": rng.random(n_hubs) < 0.5,
        },
        geometry=[Point(x, y) for x, y in zip(lon, lat)],
        crs=4326,
    )
    # Plane coordinates for neighbour search: degrees of longitude shrink with latitude.
    xy = np.column_stack([lon * np.cos(np.radians(lat.mean())), lat])
    tables = []
    for mode, members, k, detour in (
        ("road", np.arange(n_hubs), k_road, 1.25),
        ("rail", np.flatnonzero(rail), k_rail, 1.2),
        ("air", np.flatnonzero(air), k_air, 1.05),
    ):
        pairs = members[_knn_pairs(xy[members], k)]
        if len(pairs) == 0:
            continue
        a, b = pairs[:, 0], pairs[:, 1]
        distance = np.maximum(haversine_km(lon[a], lat[a], lon[b], lat[b]) * detour, 1.0).round(1)
        if mode == "road":
            time, cost = distance / 55.0, 5.0 * distance
        elif mode == "rail":
            time, cost = distance / 35.0, 2.205 * distance
        else:
            time, cost = 0.5 + distance / 850.0, 2000.0 + 1.97 * distance
        tables.append(
            {
                "id": [f"{mode}{i}" for i in range(len(a))],
                "from_node": ids[a],
                "to_node": ids[b],
                "mode": mode,
                "corridor": mode,
                "distance_km": distance,
                "time_h": time.round(3),
                "cost_cny": cost.round(2),
                "departures_per_week": 7.0 if mode != "road" else np.nan,
            }
        )
    frames = [pd.DataFrame(t) for t in tables if len(t["id"])]
    if not frames:
        message = (
            f"synthetic_network drew no link for {n_hubs} hubs with these neighbour "
            "counts; give at least one mode a neighbour count of 1 or more"
        )
        raise ParameterError(message)
    links = pd.concat(frames, ignore_index=True)
    links = gpd.GeoDataFrame(links, geometry=[None] * len(links), crs=4326)
    return Network(nodes, links, name=f"synthetic-{n_hubs}")
