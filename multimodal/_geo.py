"""Great-circle geometry on the WGS84 sphere approximation (what the validators use)."""

from __future__ import annotations

import numpy as np
from shapely.geometry import LineString

#: Mean Earth radius (km), IUGG.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lon1, lat1, lon2, lat2):
    """Great-circle distance (km) between points given in decimal degrees.

    Works on scalars and numpy arrays alike.
    """
    lon1, lat1, lon2, lat2 = (
        np.radians(np.asarray(a, dtype=float)) for a in (lon1, lat1, lon2, lat2)
    )
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def line_length_km(line: LineString) -> float:
    """Length (km) of a lon/lat line string, summed segment by segment on the sphere."""
    xy = np.asarray(line.coords)
    if len(xy) < 2:
        return 0.0
    return float(haversine_km(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1]).sum())


def great_circle_line(
    lon1: float, lat1: float, lon2: float, lat2: float, points: int = 16
) -> LineString:
    """A line string along the great circle between two points (for drawing air and sea links)."""
    p1 = np.radians([lat1, lon1])
    p2 = np.radians([lat2, lon2])
    v1 = np.array([np.cos(p1[0]) * np.cos(p1[1]), np.cos(p1[0]) * np.sin(p1[1]), np.sin(p1[0])])
    v2 = np.array([np.cos(p2[0]) * np.cos(p2[1]), np.cos(p2[0]) * np.sin(p2[1]), np.sin(p2[0])])
    omega = np.arccos(np.clip(v1 @ v2, -1.0, 1.0))
    if omega < 1e-9:
        return LineString([(lon1, lat1), (lon2, lat2)])
    t = np.linspace(0.0, 1.0, points)[:, None]
    v = (np.sin((1 - t) * omega) * v1 + np.sin(t * omega) * v2) / np.sin(omega)
    lat = np.degrees(np.arcsin(v[:, 2]))
    lon = np.degrees(np.arctan2(v[:, 1], v[:, 0]))
    return LineString(np.column_stack([lon, lat]))
