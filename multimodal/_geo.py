"""Geodesics on the WGS84 ellipsoid, by pyproj's ``Geod`` (Karney's algorithms).

Every distance the library computes from coordinates (the validators' great-circle checks,
synthetic networks' link lengths, straight-line matrices of pickups, the distances of
services added by a scenario) comes from here. Until issue 12 these were haversine
distances on the sphere of mean radius ``EARTH_RADIUS_KM``; the ellipsoid differs from it
by at most about 0.5 % (-0.48 % to +0.32 % on the built-in links: longer east-west near
the equator, shorter north-south). The built-in network stores its distances
(data/links.csv), so its figures do not depend on this module.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from pyproj import Geod
from shapely.geometry import LineString

#: Mean Earth radius (km), IUGG: the sphere the distances used before (kept for
#: ``data/build_network.py``, which computes the built-in network's stored distances on it).
EARTH_RADIUS_KM = 6371.0088

#: The WGS84 ellipsoid that every geodesic here is measured on.
WGS84 = Geod(ellps="WGS84")


def geodesic_km(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> Any:
    """Geodesic distance (km) on the WGS84 ellipsoid between points in decimal degrees.

    Computed by pyproj's ``Geod(ellps="WGS84").inv`` (Karney's algorithm, accurate to
    nanometres), vectorised over numpy broadcasting.

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
        scalars, a matrix for a column against a row). NaN where a coordinate is not finite.

    Examples
    --------
    >>> round(float(geodesic_km(108.94, 34.34, 6.76, 51.43)), 1)  # Xi'an - Duisburg
    7867.4
    """
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lon1, lat1, lon2, lat2)))
    shape = arrays[0].shape
    if arrays[0].size == 0:
        return np.zeros(shape)
    x1, y1, x2, y2 = (np.array(a, dtype=float).ravel() for a in arrays)
    _, _, metres = WGS84.inv(x1, y1, x2, y2)
    km = np.asarray(metres, dtype=float).reshape(shape) / 1000.0
    return km if shape else km[()]


#: The name the function had while it computed haversine distances on the sphere; it is the
#: same function (the WGS84 geodesic), kept so that callers need not change.
haversine_km = geodesic_km


def line_length_km(line: LineString) -> float:
    """Length (km) of a lon/lat line string, the sum of its segments' WGS84 geodesics.

    Parameters
    ----------
    line
        A line string in decimal degrees (longitude, latitude).

    Returns
    -------
    float
        The sum of the segments' geodesic lengths in km (``Geod.line_length``); 0 for fewer
        than two points.

    Examples
    --------
    >>> round(line_length_km(LineString([(0, 0), (1, 0), (1, 1)])), 1)
    221.9
    """
    xy = np.asarray(line.coords, dtype=float)
    if len(xy) < 2:
        return 0.0
    return float(WGS84.line_length(xy[:, 0], xy[:, 1])) / 1000.0


def great_circle_line(
    lon1: float, lat1: float, lon2: float, lat2: float, points: int = 16
) -> LineString:
    """A line string along the WGS84 geodesic between two points (for drawing air and sea links).

    Parameters
    ----------
    lon1, lat1, lon2, lat2
        The two end points in decimal degrees.
    points
        Number of vertices, the ends included (at least 2).

    Returns
    -------
    shapely.geometry.LineString
        ``points`` vertices along the geodesic (lon, lat), equally spaced
        (``Geod.npts``); a straight two-point line when the ends coincide.

    Examples
    --------
    >>> len(great_circle_line(108.94, 34.34, 6.76, 51.43).coords)
    16
    """
    if float(geodesic_km(lon1, lat1, lon2, lat2)) < 1e-6 or points <= 2:
        return LineString([(lon1, lat1), (lon2, lat2)])
    inner = WGS84.npts(lon1, lat1, lon2, lat2, points - 2)
    return LineString([(lon1, lat1), *inner, (lon2, lat2)])
