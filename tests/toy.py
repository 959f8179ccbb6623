"""Tiny hand-checkable networks for the tests (built in code, no files)."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import Point


def node(ident, lon, lat, kind="rail_hub", modes="rail;road", country="CN", **extra):
    row = {
        "id": ident,
        "name": extra.pop("name", ident.title()),
        "name_zh": extra.pop("name_zh", ""),
        "kind": kind,
        "modes": modes,
        "country": country,
        "geometry": Point(lon, lat),
    }
    row.update(extra)
    return row


def link(a, b, mode, distance_km, time_h, cost_cny, **extra):
    row = {
        "id": extra.pop("id", f"{a}-{b}-{mode}"),
        "from_node": a,
        "to_node": b,
        "mode": mode,
        "distance_km": distance_km,
        "time_h": time_h,
        "cost_cny": cost_cny,
    }
    row.update(extra)
    return row


def toy_tables():
    """A city A in China, a rail hub H (open rail port, designated meat), a border crossing
    B (open rail port), the Kazakh side F (gauge change), a destination D in Germany on
    1520 mm rail (to keep it small), an airport P (open air port) with a flight to D.

    Costs are round so totals can be checked by hand.
    """
    nodes = [
        node("A", 108.0, 33.0, kind="city", modes="road", name="Alpha", name_zh="阿尔法"),
        node("H", 109.0, 34.3, modes="rail;road", name="Hub", name_zh="枢纽", port_status="temporary",
             port_modes="rail", designated="meat", handling_cost_cny_per_teu=100.0, dwell_h=2.0,
             customs_cost_cny_per_teu=50.0, customs_h=1.0, reefer=True),
        node("B", 82.6, 45.2, kind="border_crossing", modes="rail", port_status="formal",
             port_modes="rail", customs_cost_cny_per_teu=80.0, customs_h=3.0, reefer=True),
        node("F", 82.5, 45.3, kind="border_crossing", modes="rail", country="KZ",
             gauge_change_cost_cny_per_teu=200.0, gauge_change_h=24.0, reefer=True),
        node("D", 6.7, 51.4, kind="rail_terminal", modes="rail;air;road", country="DE", name="Dest",
             handling_cost_cny_per_teu=150.0, dwell_h=3.0, reefer=True),
        node("P", 108.75, 34.45, kind="airport", modes="air;road", port_status="formal",
             port_modes="air", handling_cost_cny_per_teu=120.0, dwell_h=4.0,
             customs_cost_cny_per_teu=60.0, customs_h=2.0),
    ]  # fmt: skip
    links = [
        link("A", "H", "road", 180.0, 3.0, 500.0, corridor="road"),
        link("H", "B", "rail", 2900.0, 60.0, 3000.0, corridor="domestic_rail", departures_per_week=7.0),
        link("B", "F", "rail", 15.0, 1.0, 100.0, corridor="border"),
        link("F", "D", "rail", 6000.0, 200.0, 8000.0, corridor="china_europe", gauge_mm=1520,
             departures_per_week=3.5),
        link("A", "P", "road", 200.0, 3.0, 300.0, corridor="road"),
        link("P", "D", "air", 7800.0, 11.0, 2000.0, corridor="air_international", departures_per_week=2.0),
    ]  # fmt: skip
    return (
        gpd.GeoDataFrame(nodes, geometry="geometry", crs=4326),
        gpd.GeoDataFrame(links, geometry=[None] * len(links), crs=4326),
    )


def toy_network():
    import multimodal as mm

    nodes, links = toy_tables()
    return mm.Network(nodes, links, name="toy")
