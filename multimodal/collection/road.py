"""Road distances and times for first-mile collection, from the network's road layer.

Each point (the terminal, the factories) is snapped to the nearest road node of the
network within ``snap_km``; between two snapped points the distance is the access legs
(great-circle x detour) plus the shortest road path between their nodes (a skim on the
road layer). Pairs the road layer does not cover (a point too far from any road node,
nodes not connected, or both points at the same node) fall back to great-circle
distance x detour factor. The function says how many pairs each method covered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._geo import haversine_km
from ..skim import skim

if TYPE_CHECKING:
    from ..network import Network


def road_matrices(
    network: Network,
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    snap_km: float = 10.0,
    detour_factor: float = 1.3,
    speed_kmh: float = 50.0,
) -> tuple[np.ndarray, np.ndarray, str]:
    """Distance (km) and time (h) matrices between points, via the network's roads.

    Parameters
    ----------
    network
        The network whose road links are used.
    lon, lat
        Point coordinates (degrees), the terminal first.
    snap_km
        Farthest a point may be from the road node it is snapped to.
    detour_factor, speed_kmh
        For access legs and for pairs the road layer does not cover (EST defaults).

    Returns
    -------
    distance_km, duration_h, source
        Two square matrices and a sentence saying which pairs used which method.
    """
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    straight = haversine_km(lon[:, None], lat[:, None], lon[None, :], lat[None, :]) * detour_factor
    distance, duration = straight.copy(), straight / speed_kmh
    nodes = network.nodes
    road = nodes[nodes["modes"].str.contains("road")]
    if road.empty:
        return distance, duration, "great-circle x detour for all pairs (no road layer)"
    gap = haversine_km(
        lon[:, None],
        lat[:, None],
        road.geometry.x.to_numpy()[None, :],
        road.geometry.y.to_numpy()[None, :],
    )
    nearest = gap.argmin(axis=1)
    access = gap[np.arange(len(lon)), nearest] * detour_factor
    snapped = gap[np.arange(len(lon)), nearest] <= snap_km
    ids = road["id"].to_numpy()[nearest]
    used = sorted(set(ids[snapped]))
    covered = 0
    if len(used) > 1:
        roads = skim(network, used, used, weight="distance", modes=["road"], attributes=("time_h",))
        for i in np.flatnonzero(snapped):
            for j in np.flatnonzero(snapped):
                if i == j or ids[i] == ids[j]:
                    continue
                km = roads.values.loc[ids[i], ids[j]]
                if np.isfinite(km):
                    distance[i, j] = access[i] + km + access[j]
                    duration[i, j] = (access[i] + access[j]) / speed_kmh + roads["time_h"].loc[
                        ids[i], ids[j]
                    ]
                    covered += 1
    pairs = len(lon) * (len(lon) - 1)
    source = (
        f"road layer of network '{network.name}' for {covered} of {pairs} pairs (points snapped "
        f"to road nodes within {snap_km:g} km, access legs great-circle x {detour_factor:g}); "
        f"great-circle x {detour_factor:g} at {speed_kmh:g} km/h (EST) for the rest"
    )
    return distance, duration, source
