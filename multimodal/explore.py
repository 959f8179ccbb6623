"""Interactive maps with folium (Leaflet): the network, a route, link flows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .plotting import MODE_COLOURS

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

    from .network import Network
    from .routing import Route


def _folium():
    try:
        import folium
    except ImportError as error:  # pragma: no cover - folium is a dependency
        message = "interactive maps need folium: pip install folium"
        raise ImportError(message) from error
    return folium


def _base_map(bounds: tuple[float, float, float, float]) -> folium.Map:
    folium = _folium()
    minx, miny, maxx, maxy = bounds
    fmap = folium.Map(tiles="OpenStreetMap", control_scale=True)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    return fmap


def _add_lines(fmap: folium.Map, links: gpd.GeoDataFrame, name: str, weight: float = 2.0) -> None:
    folium = _folium()
    fields = [
        c for c in ("id", "mode", "corridor", "distance_km", "time_h", "cost_cny") if c in links
    ]
    for mode, group in links.groupby("mode"):
        layer = folium.FeatureGroup(name=f"{name}: {mode}")
        colour = MODE_COLOURS.get(mode, "black")
        folium.GeoJson(
            group[[*fields, "geometry"]].to_json(na="null"),
            style_function=lambda _, c=colour: {"color": c, "weight": weight, "opacity": 0.8},
            tooltip=folium.GeoJsonTooltip(fields=fields),
        ).add_to(layer)
        layer.add_to(fmap)


def explore_network(network: Network) -> folium.Map:
    """An interactive map of the network: links by mode (toggle per mode), nodes with details."""
    folium = _folium()
    fmap = _base_map(tuple(network.links.total_bounds))
    _add_lines(fmap, network.links, "links")
    nodes = network.nodes
    layer = folium.FeatureGroup(name="nodes")
    for row in nodes.itertuples():
        text = (
            f"<b>{row.name}</b> {row.name_zh}<br>{row.id} ({row.kind}, {row.country})<br>"
            f"modes: {row.modes}<br>port: {row.port_status} {row.port_modes}<br>"
            f"designated: {row.designated or '-'}"
        )
        folium.CircleMarker(
            (row.geometry.y, row.geometry.x), radius=4, color="black", fill=True, popup=text
        ).add_to(layer)
    layer.add_to(fmap)
    folium.LayerControl().add_to(fmap)
    return fmap


def explore_route(route: Route) -> folium.Map:
    """An interactive map of a route: its legs by mode over the network."""
    folium = _folium()
    steps = route.to_geodataframe()
    fmap = _base_map(tuple(steps.total_bounds))
    links = steps[steps["kind"] == "link"].rename(columns={"link_id": "id"})
    _add_lines(fmap, links, "route", weight=5.0)
    for row in steps[steps["kind"] != "link"].itertuples():
        folium.Marker(
            (row.geometry.y, row.geometry.x),
            tooltip=f"{row.kind} at {row.from_node}: {row.time_h:.1f} h, {row.cost_cny:,.0f} CNY",
        ).add_to(fmap)
    return fmap


def explore_flows(links: gpd.GeoDataFrame, flow: str = "flow_teu") -> folium.Map:
    """An interactive map of link flows: width by flow, colour by utilisation."""
    folium = _folium()
    used = links[links[flow] > 1e-9]
    fmap = _base_map(tuple((used if not used.empty else links).total_bounds))
    top = float(used[flow].max()) if not used.empty else 1.0
    fields = [
        c
        for c in ("id", "mode", "corridor", flow, "capacity_teu_per_week", "utilisation")
        if c in used
    ]
    folium.GeoJson(
        used[[*fields, "geometry"]].to_json(na="null"),
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
