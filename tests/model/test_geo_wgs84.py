"""``multimodal._geo`` measures on the WGS84 ellipsoid (pyproj's ``Geod``), not on a sphere.

Oracles: a direct ``Geod(ellps="WGS84").inv`` call per pair (not the vectorised wrapper under
test), and this file's own haversine on the sphere of mean radius for the size of the change.
The sphere/ellipsoid ratio is bounded by the ellipsoid's radii of curvature: the meridional
radius at the equator a(1 - e^2) = 6,335.4 km and the polar one a^2 / b = 6,399.6 km against
the mean radius 6,371.0 km, so -0.56 % to +0.45 %; on the built-in links it stays within 0.5 %.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import LineString

import multimodal as mm
from multimodal._geo import geodesic_km, great_circle_line, haversine_km, line_length_km

GEOD = Geod(ellps="WGS84")
R_MEAN_KM = 6371.0088
A_KM, B_KM = 6378.137, 6356.752314245179
LOW = B_KM**2 / A_KM / R_MEAN_KM - 1  # b^2/a = a(1 - e^2): -0.558 %
HIGH = A_KM**2 / B_KM / R_MEAN_KM - 1  # a^2/b: +0.448 %


def sphere_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Haversine on the sphere of mean radius (the formula ``_geo`` used before)."""
    x1, y1, x2, y2 = map(math.radians, (lon1, lat1, lon2, lat2))
    h = math.sin((y2 - y1) / 2) ** 2 + math.cos(y1) * math.cos(y2) * math.sin((x2 - x1) / 2) ** 2
    return 2 * R_MEAN_KM * math.asin(math.sqrt(min(1.0, h)))


def inv_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """One pair through ``Geod.inv`` directly."""
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000.0


@pytest.fixture(scope="module")
def pairs() -> np.ndarray:
    """400 random pairs: 300 anywhere (short of antipodal), 100 within ~100 km."""
    rng = np.random.default_rng(12)
    far = np.column_stack([rng.uniform(-180, 180, 300), rng.uniform(-85, 85, 300)] * 2)
    far[:, 2] = (far[:, 0] + rng.uniform(-150, 150, 300) + 180) % 360 - 180
    far[:, 3] = rng.uniform(-85, 85, 300)
    near = np.column_stack([rng.uniform(-180, 180, 100), rng.uniform(-85, 85, 100)] * 2)
    near[:, 2:] += rng.uniform(-0.7, 0.7, (100, 2))
    return np.vstack([far, near])


def test_geodesic_agrees_with_geod_inv_to_a_metre(pairs: np.ndarray) -> None:
    got = geodesic_km(pairs[:, 0], pairs[:, 1], pairs[:, 2], pairs[:, 3])
    want = np.array([inv_km(*row) for row in pairs])
    assert got.shape == (len(pairs),)
    np.testing.assert_allclose(got, want, rtol=0, atol=0.001)
    assert haversine_km is geodesic_km  # the old name stays, and is the geodesic now


def test_geodesic_differs_from_the_sphere_within_the_ellipsoids_bounds(
    pairs: np.ndarray,
) -> None:
    got = geodesic_km(pairs[:, 0], pairs[:, 1], pairs[:, 2], pairs[:, 3])
    sphere = np.array([sphere_km(*row) for row in pairs])
    ratio = got / sphere - 1
    assert ratio.min() >= LOW - 1e-6
    assert ratio.max() <= HIGH + 1e-6
    assert np.abs(ratio).max() > 0.002  # really the ellipsoid, not the sphere again


def test_built_in_links_move_by_at_most_half_a_percent() -> None:
    network = mm.load_network()
    nodes = network.nodes.set_index("id").geometry
    links = network.links
    a = nodes.loc[links["from_node"]]
    b = nodes.loc[links["to_node"]]
    got = geodesic_km(a.x.to_numpy(), a.y.to_numpy(), b.x.to_numpy(), b.y.to_numpy())
    sphere = np.array([sphere_km(p.x, p.y, q.x, q.y) for p, q in zip(a, b, strict=True)])
    keep = sphere > 1.0
    ratio = got[keep] / sphere[keep] - 1
    assert np.abs(ratio).max() <= 0.005


def test_broadcasting_and_scalars() -> None:
    lon = np.array([108.94, 6.76, 121.47])
    lat = np.array([34.34, 51.43, 31.23])
    matrix = geodesic_km(lon[:, None], lat[:, None], lon[None, :], lat[None, :])
    assert matrix.shape == (3, 3)
    assert np.allclose(np.diag(matrix), 0.0)
    np.testing.assert_allclose(matrix, matrix.T, atol=1e-6)
    assert matrix[0, 1] == pytest.approx(inv_km(108.94, 34.34, 6.76, 51.43), abs=0.001)
    scalar = geodesic_km(108.94, 34.34, 6.76, 51.43)
    assert isinstance(scalar, np.floating)
    assert np.isnan(geodesic_km(np.nan, 0.0, 1.0, 0.0))
    assert geodesic_km(np.array([]), np.array([]), np.array([]), np.array([])).shape == (0,)


def test_line_length_is_the_sum_of_its_segments_geodesics() -> None:
    coords = [(108.94, 34.34), (87.62, 43.82), (76.95, 43.25), (6.76, 51.43)]
    want = sum(inv_km(*p, *q) for p, q in itertools.pairwise(coords))
    assert line_length_km(LineString(coords)) == pytest.approx(want, abs=0.001)
    assert line_length_km(LineString([(0, 0), (0, 0)])) == 0.0


def test_great_circle_line_follows_the_geodesic_in_equal_steps() -> None:
    ends = (108.94, 34.34, 6.76, 51.43)
    line = great_circle_line(*ends, points=9)
    xy = list(line.coords)
    assert len(xy) == 9
    assert xy[0] == ends[:2]
    assert xy[-1] == ends[2:]
    total = inv_km(*ends)
    steps = [inv_km(*p, *q) for p, q in itertools.pairwise(xy)]
    np.testing.assert_allclose(steps, total / 8, atol=0.001)  # on the geodesic, evenly
    assert len(great_circle_line(1.0, 2.0, 1.0, 2.0).coords) == 2
