"""Great-circle geometry on the WGS84 sphere approximation (what the validators use).

The distances are on the sphere of mean radius, not on the ellipsoid: pyproj's ``Geod``
(WGS84 geodesics) differs by up to 0.5 % (checked on the built-in links: -0.48 % to
+0.32 %), which would change the generated networks' link lengths and every figure that
depends on them (synthetic networks, road distances of pickups). Node coordinates are
estimates to a few km anyway (docs/data.md), so the sphere is kept.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from shapely.geometry import LineString

#: Mean Earth radius (km), IUGG.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> Any:
    """Great-circle distance (km) between points given in decimal degrees.

    On the sphere of mean radius ``EARTH_RADIUS_KM`` (haversine formula).

    Parameters
    ----------
    lon1, lat1
        Longitude and latitude of the first point(s), in decimal degrees (WGS84).
    lon2, lat2
        Longitude and latitude of the second point(s), in decimal degrees.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Distance in km; the four arguments broadcast as numpy arrays do (a scalar for
        scalars, a matrix for a column against a row).

    Examples
    --------
    >>> round(float(haversine_km(108.94, 34.34, 6.76, 51.43)), 1)  # Xi'an - Duisburg
    7848.6
    """
    x1, y1, x2, y2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    h = np.sin((y2 - y1) / 2) ** 2 + np.cos(y1) * np.cos(y2) * np.sin((x2 - x1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def line_length_km(line: LineString) -> float:
    """Length (km) of a lon/lat line string, summed segment by segment on the sphere.

    Parameters
    ----------
    line
        A line string in decimal degrees (longitude, latitude).

    Returns
    -------
    float
        The sum of the segments' great-circle lengths in km; 0 for fewer than two points.

    Examples
    --------
    >>> round(line_length_km(LineString([(0, 0), (1, 0), (1, 1)])), 1)
    222.4
    """
    xy = np.asarray(line.coords)
    if len(xy) < 2:
        return 0.0
    return float(haversine_km(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1]).sum())


def great_circle_line(
    lon1: float, lat1: float, lon2: float, lat2: float, points: int = 16
) -> LineString:
    """A line string along the great circle between two points (for drawing air and sea links).

    Parameters
    ----------
    lon1, lat1, lon2, lat2
        The two end points in decimal degrees.
    points
        Number of vertices, the ends included (at least 2).

    Returns
    -------
    shapely.geometry.LineString
        ``points`` vertices along the great circle (lon, lat); a straight two-point line
        when the ends coincide.

    Examples
    --------
    >>> len(great_circle_line(108.94, 34.34, 6.76, 51.43).coords)
    16
    """
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
