"""Static maps with matplotlib: a network by mode, a route's legs, link flows, flow changes.

Every function takes GeoDataFrames in WGS84 and an optional ``ax``, and returns the
axes, so pictures compose. No basemap is fetched (no network access is assumed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._style import GAIN_COLOUR, KIND_MARKERS, LOSS_COLOUR, MODE_COLOURS, finish_map, new_axes, zoom

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes


def plot_network(
    nodes: gpd.GeoDataFrame,
    links: gpd.GeoDataFrame,
    ax: Axes | None = None,
    *,
    bounds: tuple[float, float, float, float] | None = None,
    labels: bool = False,
    title: str = "links by mode",
) -> Axes:
    """Draw links coloured by ``mode`` and nodes marked by ``kind``.

    Parameters
    ----------
    nodes, links
        Node points (columns ``kind``, ``name``) and link lines (column ``mode``).
    ax
        Axes to draw on (a new figure if None).
    bounds
        ``(min_lon, min_lat, max_lon, max_lat)`` to zoom to, in degrees.
    labels
        Write node names.
    title
        Axes title.
    """
    ax = new_axes(ax)
    for mode, group in links.groupby("mode"):
        group.plot(
            ax=ax, color=MODE_COLOURS.get(mode, "black"), linewidth=1.0, alpha=0.8, label=mode
        )
    for kind, group in nodes.groupby("kind"):
        group.plot(
            ax=ax, marker=KIND_MARKERS.get(kind, "o"), markersize=18, color="black", alpha=0.7
        )
    if labels:
        for row in nodes.itertuples():
            ax.annotate(row.name, (row.geometry.x, row.geometry.y), fontsize=6, alpha=0.8)
    ax.legend(loc="lower left", fontsize=8, title="mode")
    finish_map(ax, title)
    if bounds is not None:
        zoom(ax, bounds)
    return ax


def plot_route(
    steps: gpd.GeoDataFrame,
    background: gpd.GeoDataFrame | None = None,
    ax: Axes | None = None,
    *,
    title: str = "route",
) -> Axes:
    """Draw a route's legs by mode, its stops as dots, over ``background`` lines in grey.

    Parameters
    ----------
    steps
        One row per step with ``kind`` (``"link"`` for legs) and ``mode``.
    background
        Lines drawn first in light grey (e.g. the network's links).
    ax
        Axes to draw on (a new figure if None).
    title
        Axes title.
    """
    ax = new_axes(ax)
    if background is not None:
        background.plot(ax=ax, color="#d5d8dc", linewidth=0.6)
    legs = steps[steps["kind"] == "link"]
    for mode, group in legs.groupby("mode"):
        group.plot(ax=ax, color=MODE_COLOURS.get(mode, "black"), linewidth=3, label=mode)
    events = steps[steps["kind"] != "link"]
    if not events.empty:
        events.plot(ax=ax, color="black", markersize=25, zorder=3)
    ax.legend(loc="lower left", fontsize=8)
    finish_map(ax, title)
    minx, miny, maxx, maxy = steps.total_bounds
    return zoom(ax, (minx, miny, maxx, maxy), pad=max(maxx - minx, maxy - miny) * 0.08 + 0.5)


def plot_flows(
    links: gpd.GeoDataFrame,
    ax: Axes | None = None,
    *,
    flow: str = "flow_teu",
    utilisation: str | None = "utilisation",
    title: str = "flows",
    max_width: float = 8.0,
) -> Axes:
    """Draw links with width by ``flow`` and colour by ``utilisation`` (0-1, red when full)."""
    ax = new_axes(ax)
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
    return finish_map(ax, title)


def plot_flow_changes(
    changes: gpd.GeoDataFrame,
    ax: Axes | None = None,
    *,
    change: str = "change_teu",
    title: str = "flows gained (green) and lost (red)",
    max_width: float = 8.0,
) -> Axes:
    """Draw links gaining flow in green and losing flow in red, width by the change.

    The view zooms to the links that changed.
    """
    ax = new_axes(ax)
    changes.plot(ax=ax, color="#e5e7e9", linewidth=0.5)
    moved = changes[changes[change].abs() > 1e-6]
    if not moved.empty:
        width = 0.5 + max_width * moved[change].abs() / moved[change].abs().max()
        colours = np.where(moved[change] > 0, GAIN_COLOUR, LOSS_COLOUR)
        moved.plot(ax=ax, color=colours, linewidth=width)
    finish_map(ax, title)
    if not moved.empty:
        minx, miny, maxx, maxy = moved.total_bounds
        zoom(ax, (minx, miny, maxx, maxy), pad=max(maxx - minx, maxy - miny, 2.0) * 0.3)
    return ax
