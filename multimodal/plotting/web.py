"""Interactive maps with folium (Leaflet): a network, a route, link flows.

Every function takes GeoDataFrames in WGS84 and an optional map ``m`` to draw on, and
returns the map. Every text that reaches a popup or tooltip is HTML-escaped: node and
link names come from users' files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._style import MODE_COLOURS, base_map, escape, folium_module

if TYPE_CHECKING:
    import folium
    import geopandas as gpd


def _safe(frame: gpd.GeoDataFrame, fields: list[str]) -> gpd.GeoDataFrame:
    """The fields and geometry of ``frame``, text columns HTML-escaped."""
    out = frame[[*fields, "geometry"]].copy()
    for field in fields:
        if out[field].dtype == object:
            out[field] = out[field].map(lambda v: v if v is None else escape(v))
    return out


def add_lines(
    fmap: folium.Map, links: gpd.GeoDataFrame, name: str, weight: float = 2.0
) -> folium.Map:
    """Add ``links`` to ``fmap`` as one toggleable layer per ``mode``, with tooltips."""
    folium = folium_module()
    fields = [
        c for c in ("id", "mode", "corridor", "distance_km", "time_h", "cost_cny") if c in links
    ]
    for mode, group in links.groupby("mode"):
        layer = folium.FeatureGroup(name=f"{escape(name)}: {escape(mode)}")
        colour = MODE_COLOURS.get(mode, "black")
        folium.GeoJson(
            _safe(group, fields).to_json(na="null"),
            style_function=lambda _, c=colour: {"color": c, "weight": weight, "opacity": 0.8},
            tooltip=folium.GeoJsonTooltip(fields=fields),
        ).add_to(layer)
        layer.add_to(fmap)
    return fmap


def explore_network(
    nodes: gpd.GeoDataFrame, links: gpd.GeoDataFrame, m: folium.Map | None = None
) -> folium.Map:
    """An interactive map: links by mode (a layer per mode), nodes with their details."""
    folium = folium_module()
    fmap = base_map(tuple(links.total_bounds), m)
    add_lines(fmap, links, "links")
    layer = folium.FeatureGroup(name="nodes")
    for row in nodes.itertuples():
        text = (
            f"<b>{escape(row.name)}</b> {escape(row.name_zh)}<br>{escape(row.id)} "
            f"({escape(row.kind)}, {escape(row.country)})<br>modes: {escape(row.modes)}<br>"
            f"port: {escape(row.port_status)} {escape(row.port_modes)}<br>"
            f"designated: {escape(row.designated or '-')}"
        )
        folium.CircleMarker(
            (row.geometry.y, row.geometry.x), radius=4, color="black", fill=True, popup=text
        ).add_to(layer)
    layer.add_to(fmap)
    folium.LayerControl().add_to(fmap)
    return fmap


def explore_route(steps: gpd.GeoDataFrame, m: folium.Map | None = None) -> folium.Map:
    """An interactive map of a route: its legs by mode, a marker at each stop."""
    folium = folium_module()
    fmap = base_map(tuple(steps.total_bounds), m)
    links = steps[steps["kind"] == "link"].rename(columns={"link_id": "id"})
    add_lines(fmap, links, "route", weight=5.0)
    for row in steps[steps["kind"] != "link"].itertuples():
        folium.Marker(
            (row.geometry.y, row.geometry.x),
            tooltip=(
                f"{escape(row.kind)} at {escape(row.from_node)}: {row.time_h:.1f} h, "
                f"{row.cost_cny:,.0f} CNY"
            ),
        ).add_to(fmap)
    return fmap


def explore_flows(
    links: gpd.GeoDataFrame, m: folium.Map | None = None, *, flow: str = "flow_teu"
) -> folium.Map:
    """An interactive map of link flows: width by ``flow``, colour by ``utilisation``."""
    folium = folium_module()
    used = links[links[flow] > 1e-9]
    fmap = base_map(tuple((used if not used.empty else links).total_bounds), m)
    top = float(used[flow].max()) if not used.empty else 1.0
    fields = [
        c
        for c in ("id", "mode", "corridor", flow, "capacity_teu_per_week", "utilisation")
        if c in used
    ]
    folium.GeoJson(
        _safe(used, fields).to_json(na="null"),
        style_function=lambda feature: {
            "color": _utilisation_colour(feature["properties"].get("utilisation")),
            "weight": 1 + 9 * (feature["properties"][flow] or 0) / top,
            "opacity": 0.85,
        },
        tooltip=folium.GeoJsonTooltip(fields=fields),
    ).add_to(fmap)
    return fmap


def _utilisation_colour(value: float | None) -> str:
    if value is None:
        return "#2471a3"
    if value >= 0.999:
        return "#c0392b"
    if value >= 0.8:
        return "#e67e22"
    return "#27ae60"
