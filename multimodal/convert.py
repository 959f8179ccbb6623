"""Networks from networkx graphs: the bridge from OSMnx and users' own graphs.

``tables_from_networkx`` turns a graph into node and link tables that follow the
contract (``docs/data.md``); ``Network.from_networkx`` validates them into a network.
It reads the attribute names of the library (``distance_km``, ``time_h``, ``cost_cny``,
``mode``, ...) and, where they are absent, OSMnx's (``x``/``y`` in degrees, ``length`` in
metres, ``travel_time`` in seconds, ``geometry``), filling the rest from documented
defaults for one mode.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import geopandas as gpd
import networkx as nx
import pandas as pd
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from ._validate import is_missing, is_number
from .exceptions import DataValidationError, ParameterError, Problem

#: Default speed (km/h) and money rate (CNY per TEU-km) by mode where the graph has none;
#: the road figures are the built-in network's estimates (docs/data.md, EST).
DEFAULT_SPEED_KMH = {"road": 55.0, "rail": 33.0, "sea": 30.0, "air": 850.0}
DEFAULT_CNY_PER_TEU_KM = {"road": 5.0, "rail": 2.2, "sea": 0.5, "air": 60.0}

_WHERE = "networkx graph"


def _point(node: Hashable, data: Mapping[str, Any], problems: list[Problem]) -> Point | None:
    geometry = data.get("geometry")
    if isinstance(geometry, Point):
        return geometry
    for lon_key, lat_key in (("lon", "lat"), ("x", "y")):
        lon, lat = data.get(lon_key), data.get(lat_key)
        if is_number(lon) and is_number(lat):
            return Point(float(lon), float(lat))  # type: ignore[arg-type]
    message = "node has no coordinates: give 'lon'/'lat' or 'x'/'y' in degrees, or a Point"
    problems.append(Problem(message, _WHERE, str(node), "geometry"))
    return None


def _number(data: Mapping[str, Any], key: str) -> float | None:
    value = data.get(key)
    return float(value) if value is not None and is_number(value) else None


def _edge_row(
    u: Hashable, v: Hashable, key: Hashable, data: Mapping[str, Any], mode: str
) -> dict[str, Any]:
    link_mode = str(data.get("mode") or mode)
    distance_km = _number(data, "distance_km")
    if distance_km is None and _number(data, "length") is not None:
        distance_km = float(data["length"]) / 1000.0  # OSMnx: metres
    time_h = _number(data, "time_h")
    if time_h is None and _number(data, "travel_time") is not None:
        time_h = float(data["travel_time"]) / 3600.0  # OSMnx: seconds
    if time_h is None and distance_km is not None:
        time_h = distance_km / DEFAULT_SPEED_KMH.get(link_mode, 55.0)
    cost = _number(data, "cost_cny")
    if cost is None and distance_km is not None:
        cost = distance_km * DEFAULT_CNY_PER_TEU_KM.get(link_mode, 5.0)
    row = {k: v for k, v in data.items() if k not in {"geometry", "key"} and not is_missing(v)}
    ident = data.get("id")
    row.update(
        id=str(ident) if not is_missing(ident) else f"{u}-{v}-{key}",
        # Network.graph stores a two-way link in both directions with its own ends.
        from_node=str(data.get("from_node") or u),
        to_node=str(data.get("to_node") or v),
        mode=link_mode,
        distance_km=distance_km,
        time_h=time_h,
        cost_cny=cost,
        bidirectional=False,
    )
    geometry = data.get("geometry")
    row["geometry"] = geometry if isinstance(geometry, BaseGeometry) else None
    return row


def tables_from_networkx(
    graph: nx.Graph,
    *,
    mode: str = "road",
    kind: str = "city",
    country: str = "CN",
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Node and link tables (WGS84) from a networkx graph.

    Parameters
    ----------
    graph
        Any networkx graph. Nodes need coordinates in degrees (``lon``/``lat``, OSMnx's
        ``x``/``y``, or a shapely ``Point`` as ``geometry``). Edges may carry the
        library's columns (``distance_km``, ``time_h``, ``cost_cny``, ``mode``, ...) or
        OSMnx's ``length`` (m) and ``travel_time`` (s); a missing time comes from
        ``DEFAULT_SPEED_KMH`` and a missing cost from ``DEFAULT_CNY_PER_TEU_KM`` for the
        edge's mode. An undirected graph gives one link per edge, usable both ways; a
        directed graph one link per edge and direction (a reverse edge with the same
        ``id`` is the same link).
    mode
        Mode of edges without a ``mode`` attribute, and of nodes without ``modes``.
    kind
        Node kind for nodes without a ``kind`` attribute.
    country
        ISO country code for nodes without a ``country`` attribute.

    Returns
    -------
    tuple of geopandas.GeoDataFrame
        ``(nodes, links)``, not yet validated (``Network`` validates them).

    Raises
    ------
    DataValidationError
        A node without coordinates, or an edge without a length; every one is listed.
    ParameterError
        ``graph`` is not a networkx graph.
    """
    if not isinstance(graph, nx.Graph):
        message = f"from_networkx needs a networkx graph, got {type(graph).__name__}"
        raise ParameterError(message)
    problems: list[Problem] = []
    node_rows = []
    for node, data in graph.nodes(data=True):
        point = _point(node, data, problems)
        row = {k: v for k, v in data.items() if k not in {"geometry", "x", "y", "lon", "lat"}}
        row.update(id=str(node), geometry=point)
        row.setdefault("name", str(data.get("name") or node))
        row.setdefault("kind", kind)
        row.setdefault("modes", mode)
        row.setdefault("country", country)
        node_rows.append(row)
    edges = (
        graph.edges(keys=True, data=True)
        if graph.is_multigraph()
        else ((u, v, 0, d) for u, v, d in graph.edges(data=True))
    )
    link_rows, seen = [], set()
    for u, v, key, data in edges:
        row = _edge_row(u, v, key, data, mode)
        if row["id"] in seen:  # the reverse direction of a link already read
            continue
        seen.add(row["id"])
        if row["distance_km"] is None:
            message = "edge has no length: give 'distance_km' (km) or OSMnx's 'length' (m)"
            problems.append(Problem(message, _WHERE, row["id"], "distance_km"))
        row["bidirectional"] = not graph.is_directed() or bool(data.get("bidirectional", False))
        link_rows.append(row)
    if problems:
        raise DataValidationError(problems)
    nodes = gpd.GeoDataFrame(pd.DataFrame(node_rows), geometry="geometry", crs=4326)
    points = dict(zip(nodes["id"], nodes.geometry))
    for row in link_rows:
        if row["geometry"] is None:
            row["geometry"] = LineString([points[row["from_node"]], points[row["to_node"]]])
    links = gpd.GeoDataFrame(pd.DataFrame(link_rows), geometry="geometry", crs=4326)
    return nodes, links
