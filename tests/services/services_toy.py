"""Small hand-made service networks for the tests of ``tests/services`` (built in code).

``line_tables()`` is a line of four rail hubs A - B - C - D (one-way links, 100, 200 and
100 km) with round handling costs and dwells; ``service_row`` and ``stop_rows`` write
services and stops in the file format of ``data/services/`` (docs/services.md).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from toy import link, node

import multimodal as mm

#: Handling cost (CNY/TEU) and dwell (h) of the nodes of ``line_tables``.
HANDLING = {"A": 100.0, "B": 200.0, "C": 300.0, "D": 400.0, "E": 500.0}
DWELL = {"A": 1.0, "B": 2.0, "C": 3.0, "D": 4.0, "E": 5.0}


def service_row(service_id: str, **values: object) -> dict[str, object]:
    """One row of services.csv: a rail service, 7 a week, 100 CNY/TEU + 1 CNY/TEU-km."""
    row: dict[str, object] = {
        "service_id": service_id,
        "name": f"Service {service_id}",
        "name_zh": f"班列 {service_id}",
        "operator": "Test rail",
        "mode": "rail",
        "corridor": "c",
        "departures_per_week": 7.0,
        "timetable": "",
        "capacity_teu_per_departure": 50.0,
        "capacity_t_per_departure": None,
        "fare_basis": "teu",
        "fare_fixed_cny": 100.0,
        "fare_cny_per_km": 1.0,
        "reefer": "yes",
        "dangerous_goods": "yes",
        "cargo_classes": "",
        "year": 2024,
        "source": "test",
    }
    row.update(values)
    return row


def stop_rows(service_id: str, *stops: tuple) -> list[dict[str, object]]:
    """Stops of one service: ``(node, arrive_h, depart_h)`` or ``(node, arrive_h, depart_h,
    via_links)`` each, in order (None for a blank cell)."""
    rows = []
    for seq, stop in enumerate(stops, start=1):
        at, arrive, depart = stop[:3]
        row = {
            "service_id": service_id,
            "seq": seq,
            "node": at,
            "arrive_h": arrive,
            "depart_h": depart,
        }
        if len(stop) > 3:
            row["via_links"] = stop[3]
        rows.append(row)
    return rows


def line_nodes(names: str = "ABCD", **extra: dict[str, object]) -> list[dict[str, object]]:
    """Rail hubs in China, a few hundred metres apart; ``extra[name]`` adds columns."""
    return [
        node(
            n,
            100.0 + 0.001 * i,
            30.0,
            modes="rail;road",
            handling_cost_cny_per_teu=HANDLING[n],
            dwell_h=DWELL[n],
            **extra.get(n, {}),
        )
        for i, n in enumerate(names)
    ]


def line_links(bidirectional: bool = False) -> list[dict[str, object]]:
    """Rail A -> B -> C -> D (100, 200, 100 km), no departures of their own."""
    return [
        link(
            "A", "B", "rail", 100.0, 2.0, 1000.0, id="AB", corridor="c", bidirectional=bidirectional
        ),
        link(
            "B", "C", "rail", 200.0, 4.0, 1000.0, id="BC", corridor="c", bidirectional=bidirectional
        ),
        link(
            "C", "D", "rail", 100.0, 2.0, 1000.0, id="CD", corridor="c", bidirectional=bidirectional
        ),
    ]


def frames(nodes: list[dict], links: list[dict]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Nodes and links as GeoDataFrames (links without geometry: straight lines)."""
    return (
        gpd.GeoDataFrame(nodes, geometry="geometry", crs=4326),
        gpd.GeoDataFrame(links, geometry=[None] * len(links), crs=4326),
    )


def service_network(
    services: list[dict], stops: list[dict], nodes: list[dict] | None = None,
    links: list[dict] | None = None, name: str = "services",
) -> mm.Network:  # fmt: skip
    """A network of ``nodes`` and ``links`` (default: the A-B-C-D line) with services."""
    node_frame, link_frame = frames(nodes or line_nodes(), links or line_links())
    return mm.Network(
        node_frame,
        link_frame,
        name=name,
        services=(pd.DataFrame(services), pd.DataFrame(stops)),
    )
