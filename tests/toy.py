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

    Costs are round so totals can be checked by hand. Rail and air links carry only
    services (docs/services.md), so each has departures of its own (a one-link service):
    the border shuttle B-F runs 84 times a week (a 2 h headway, 1 h expected wait).
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
        link("B", "F", "rail", 15.0, 1.0, 100.0, corridor="border", departures_per_week=84.0),
        link("F", "D", "rail", 6000.0, 200.0, 8000.0, corridor="china_europe", gauge_mm=1520,
             departures_per_week=3.5),
        link("A", "P", "road", 200.0, 3.0, 300.0, corridor="road"),
        link("P", "D", "air", 7800.0, 11.0, 2000.0, corridor="air_international", departures_per_week=2.0),
    ]  # fmt: skip
    return (
        gpd.GeoDataFrame(nodes, geometry="geometry", crs=4326),
        gpd.GeoDataFrame(links, geometry=[None] * len(links), crs=4326),
    )


def toy_network(**link_changes):
    """The toy as a Network; ``link_changes`` maps a link id to the columns to set on it."""
    import multimodal as mm

    nodes, links = toy_tables()
    for ident, changes in link_changes.items():
        for column, value in changes.items():
            links.loc[links["id"] == ident, column] = value
    return mm.Network(nodes, links, name="toy")


def random_tables(seed, n_nodes=6, n_links=10, foreign_share=0.35):
    """A random small multimodal network as plain dicts (for oracles) and GeoDataFrames.

    Nodes sit within a few hundred metres of each other so any distance >= 50 km is
    longer than the great circle; speeds stay within each mode's limit.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    nodes = []
    for i in range(n_nodes):
        foreign = i > 0 and rng.random() < foreign_share
        port_modes = [m for m in ("rail", "road", "air") if rng.random() < 0.5]
        status = str(rng.choice(["formal", "temporary", "none"])) if port_modes else "none"
        nodes.append(
            node(
                f"N{i}",
                100.0 + 0.001 * i,
                30.0 + 0.001 * ((i * 7) % 5),
                kind="rail_hub",
                modes="rail;road;air",
                country="KZ" if foreign else "CN",
                port_status="none" if foreign else status,
                port_modes="" if foreign or status == "none" else ";".join(port_modes),
                designated=";".join(c for c in ("meat", "grain") if rng.random() < 0.4),
                handling_cost_cny_per_teu=float(rng.integers(10, 300)),
                dwell_h=float(rng.integers(0, 10)),
                customs_cost_cny_per_teu=float(rng.integers(0, 200)),
                customs_h=float(rng.integers(0, 6)),
                gauge_change_cost_cny_per_teu=float(rng.integers(50, 400)),
                gauge_change_h=float(rng.integers(2, 30)),
                reefer=bool(rng.random() < 0.7),
                dangerous_goods=bool(rng.random() < 0.7),
            )
        )
    links = []
    for j in range(n_links):
        a, b = rng.choice(n_nodes, size=2, replace=False)
        mode = str(rng.choice(["rail", "road", "air"]))
        distance = float(rng.integers(50, 800))
        speed = {
            "rail": rng.uniform(20, 60),
            "road": rng.uniform(30, 80),
            "air": rng.uniform(300, 800),
        }[mode]
        links.append(
            link(
                f"N{a}",
                f"N{b}",
                mode,
                distance,
                round(distance / speed, 3),
                float(rng.integers(10, 500) if mode == "air" else rng.integers(100, 5000)),
                id=f"L{j}",
                gauge_mm=int(rng.choice([1435, 1520])) if mode == "rail" else None,
                bidirectional=bool(rng.random() < 0.7),
                departures_per_week=float(rng.choice([0, 2, 7, 14])) or None,
                reefer=bool(rng.random() < 0.8),
                dangerous_goods=bool(rng.random() < 0.8),
                corridor=f"c{j % 3}",
            )
        )
    return nodes, links


def network_from(nodes, links, name="random"):
    """A network of ``random_tables``. Their rail and air links without departures carry
    nothing (bare track, docs/services.md), and departures drawn for road links are not
    used (road is continuous); the DataWarnings that say so are expected."""
    import warnings

    import geopandas as gpd

    import multimodal as mm

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="nothing runs on links", category=mm.DataWarning)
        warnings.filterwarnings("ignore", message="road links .* have", category=mm.DataWarning)
        return mm.Network(
            gpd.GeoDataFrame(nodes, geometry="geometry", crs=4326),
            gpd.GeoDataFrame(links, geometry=[None] * len(links), crs=4326),
            name=name,
        )
