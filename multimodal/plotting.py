"""Static maps with matplotlib: the network by mode, a route, link flows.

Every function takes an optional ``ax`` and returns the axes, so pictures compose.
Coordinates are WGS84 degrees; no basemap is fetched (no network access is assumed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes

    from .network import Network
    from .routing import Route

#: One colour per mode, used by every map.
MODE_COLOURS = {"rail": "#c0392b", "road": "#7f8c8d", "sea": "#2471a3", "air": "#8e44ad"}
KIND_MARKERS = {
    "rail_hub": "s",
    "airport": "^",
    "sea_port": "D",
    "border_crossing": "X",
    "bonded_zone": "P",
    "city": "o",
    "rail_terminal": "s",
}


def _axes(ax: Axes | None, figsize: tuple[float, float] = (11, 6)) -> Axes:
    if ax is not None:
        return ax
    if matplotlib.get_backend().lower() not in {"agg", "module://matplotlib_inline.backend_inline"}:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def _finish(ax: Axes, title: str) -> Axes:
    ax.set_title(title)
    ax.set_xlabel("longitude (°)")
    ax.set_ylabel("latitude (°)")
    ax.set_aspect("equal", adjustable="datalim")
    ax.grid(alpha=0.2)
    return ax


def plot_network(
    network: Network,
    ax: Axes | None = None,
    *,
    bounds: tuple[float, float, float, float] | None = None,
    labels: bool = False,
    title: str | None = None,
) -> Axes:
    """Draw links coloured by mode and nodes marked by kind.

    Parameters
    ----------
    network
        The network.
    ax
        Axes to draw on (a new figure if None).
    bounds
        ``(min_lon, min_lat, max_lon, max_lat)`` to zoom to (e.g. Shaanxi).
    labels
        Write node names.
    title
        Title (default: the network's name).
    """
    ax = _axes(ax)
    links = network.links
    for mode, group in links.groupby("mode"):
        group.plot(
            ax=ax, color=MODE_COLOURS.get(mode, "black"), linewidth=1.0, alpha=0.8, label=mode
        )
    nodes = network.nodes
    for kind, group in nodes.groupby("kind"):
        group.plot(
            ax=ax, marker=KIND_MARKERS.get(kind, "o"), markersize=18, color="black", alpha=0.7
        )
    if labels:
        for row in nodes.itertuples():
            ax.annotate(row.name, (row.geometry.x, row.geometry.y), fontsize=6, alpha=0.8)
    ax.legend(loc="lower left", fontsize=8, title="mode")
    _finish(ax, title or f"{network.name}: links by mode")
    if bounds is not None:
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlim(bounds[0], bounds[2])
        ax.set_ylim(bounds[1], bounds[3])
    return ax


def plot_route(route: Route, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Draw a route's legs by mode over the network in grey."""
    ax = _axes(ax)
    route.network.links.plot(ax=ax, color="#d5d8dc", linewidth=0.6)
    steps = route.to_geodataframe()
    legs = steps[steps["kind"] == "link"]
    for mode, group in legs.groupby("mode"):
        group.plot(ax=ax, color=MODE_COLOURS.get(mode, "black"), linewidth=3, label=mode)
    events = steps[steps["kind"] != "link"]
    if not events.empty:
        events.plot(ax=ax, color="black", markersize=25, zorder=3)
    ax.legend(loc="lower left", fontsize=8)
    s = route.shipment
    default = (
        f"{s.origin} -> {s.destination} ({route.objective.kind}): "
        f"{route.cost_cny:,.0f} CNY, {route.time_d:.1f} d, {route.co2e_kg:,.0f} kg CO2e"
    )
    _finish(ax, title or default)
    minx, miny, maxx, maxy = steps.total_bounds
    pad = max(maxx - minx, maxy - miny) * 0.08 + 0.5
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    return ax


def plot_flows(
    links: gpd.GeoDataFrame,
    ax: Axes | None = None,
    *,
    flow: str = "flow_teu",
    utilisation: str | None = "utilisation",
    title: str = "flows",
    max_width: float = 8.0,
) -> Axes:
    """Draw links with width by flow and colour by utilisation (0-1, red when full)."""
    ax = _axes(ax)
    links.plot(ax=ax, color="#e5e7e9", linewidth=0.5)
    used = links[links[flow] > 1e-9]
    if not used.empty:
        widths = 0.5 + max_width * used[flow] / used[flow].max()
        if utilisation is not None and utilisation in used:
            used.plot(
                ax=ax,
                column=used[utilisation].clip(0, 1).fillna(0),
                cmap="RdYlGn_r",
                vmin=0,
                vmax=1,
                linewidth=widths,
                legend=True,
                legend_kwds={"label": "utilisation", "shrink": 0.6},
            )
        else:
            used.plot(ax=ax, color="#2471a3", linewidth=widths)
    return _finish(ax, title)


def save(ax: Axes, path: str) -> str:
    """Save the figure of ``ax`` as a PNG and close it; returns the path."""
    import matplotlib.pyplot as plt

    figure = ax.get_figure()
    figure.savefig(path, dpi=150, bbox_inches="tight")
    plt.close(figure)
    return path
