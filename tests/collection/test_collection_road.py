"""First-mile distances from the network's road layer (multimodal.collection.road)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import multimodal as mm
from multimodal._geo import haversine_km
from multimodal.collection import CollectParams
from multimodal.collection.road import road_matrices


def test_road_distance_between_two_hubs_equals_the_road_route():
    net = mm.load_network()
    nodes = net.nodes.set_index("id")
    a, b = nodes.loc["CITY_BAOJI"].geometry, nodes.loc["CITY_WEINAN"].geometry
    distance, duration, source = road_matrices(net, [a.x, b.x], [a.y, b.y])
    road = mm.route(net, mm.Shipment("CITY_BAOJI", "CITY_WEINAN"), "distance", modes=["road"])
    assert distance[0, 1] == pytest.approx(road.distance_km)  # points sit on the nodes
    assert duration[0, 1] == pytest.approx(road.time_h)
    assert "2 of 2 pairs" in source


def test_points_far_from_roads_fall_back_to_great_circle():
    net = mm.load_network()
    lon, lat = np.array([108.95, 80.0]), np.array([34.3, 10.0])  # the second is at sea
    distance, duration, source = road_matrices(net, lon, lat, detour_factor=1.3, speed_kmh=50)
    crow = haversine_km(lon[0], lat[0], lon[1], lat[1])
    assert distance[0, 1] == pytest.approx(1.3 * crow)
    assert duration[0, 1] == pytest.approx(1.3 * crow / 50)
    assert "0 of 2 pairs" in source


def test_collect_uses_the_network_when_given():
    net = mm.load_network()
    depot = net.nodes.set_index("id").loc["XIAN_PORT"].geometry
    pickups = pd.DataFrame(
        {"id": ["F1", "F2"], "lon": [107.2, 109.5], "lat": [34.36, 34.52], "demand_teu": [1, 1]}
    )
    plan = mm.collect(
        (depot.x, depot.y),
        pickups,
        mm.Fleet(count=2, capacity_teu=2),
        cutoff="23:00",
        network=net,
        params=CollectParams(time_limit_s=0.5),
    )
    assert "road layer" in plan.distance_source
    assert sorted(plan.served_ids) == ["F1", "F2"]


def test_time_window_under_another_name_is_refused():
    pickups = pd.DataFrame(
        {"id": ["F1"], "lon": [108.9], "lat": [34.3], "demand_teu": [1], "ready": ["08:00"]}
    )
    with pytest.raises(mm.DataValidationError, match="name it 'window_start'"):
        mm.collect(
            (109.0, 34.4),
            pickups,
            mm.Fleet(count=1, capacity_teu=2),
            params=CollectParams(time_limit_s=0.5),
        )
