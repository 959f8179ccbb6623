"""Pictures of a hub network: nodes, hubs, spokes (node to hub) and inter-hub links.

The functions take plain arrays or GeoDataFrames and know nothing of hub location
results: ``HubLocationResult.plot`` and ``.explore`` call them in a line.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._style import base_map, escape, finish_map, folium_module, new_axes

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    from matplotlib.axes import Axes

__all__ = ["explore_hub_network", "plot_hub_network"]

HUB_COLOUR = "tab:red"
NODE_COLOUR = "tab:blue"
SPOKE_COLOUR = "0.6"


def plot_hub_network(
    coords: np.ndarray,
    names: Sequence[str],
    hubs: Sequence[int],
    spokes: Sequence[tuple[int, int]],
    ax: Axes | None = None,
    *,
    title: str = "hub network",
    lonlat: bool = False,
    **kw: Any,
) -> Axes:
    """Draw nodes, hubs (labelled squares), spokes and the links between hubs.

    Parameters
    ----------
    coords
        ``(n, 2)`` node coordinates (x, y, or lon, lat).
    names
        Node names (the hubs are labelled with theirs).
    hubs
        Positions of the hubs in ``coords``.
    spokes
        ``(node, hub)`` position pairs: which hub each node uses.
    ax
        Axes to draw on; a new figure when None.
    title
        The title.
    lonlat
        Whether ``coords`` are longitude and latitude (axis labels in degrees).
    **kw
        Passed to the node scatter (e.g. ``s``, ``color``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, figsize=(7, 6))
    coords = np.asarray(coords, dtype=float)
    hubs = list(hubs)
    for a, b in itertools.combinations(hubs, 2):
        ax.plot(*coords[[a, b]].T, color=HUB_COLOUR, lw=1.5, alpha=0.6, zorder=1)
    for i, k in spokes:
        if i != k:
            ax.plot(*coords[[i, k]].T, color=SPOKE_COLOUR, lw=0.7, zorder=0)
    style: dict[str, Any] = {"s": 14, "color": NODE_COLOUR, "zorder": 2, "label": "node", **kw}
    ax.scatter(coords[:, 0], coords[:, 1], **style)
    at = coords[hubs]
    ax.scatter(at[:, 0], at[:, 1], s=90, marker="s", color=HUB_COLOUR, zorder=3, label="hub")
    for k in hubs:
        ax.annotate(names[k], coords[k], fontsize=8, xytext=(4, 4), textcoords="offset points")
    ax.legend(loc="best", fontsize=8)
    return finish_map(ax, title, lonlat=lonlat)


def explore_hub_network(
    nodes: gpd.GeoDataFrame, spokes: gpd.GeoDataFrame, m: folium.Map | None = None, **kw: Any
) -> folium.Map:
    """An interactive map of a hub network (WGS84 GeoDataFrames).

    Parameters
    ----------
    nodes
        One point per node with ``node`` (name) and ``is_hub``.
    spokes
        One line per spoke or inter-hub link, with ``node``, ``hub`` and ``kind``
        (``"spoke"`` or ``"hub link"``).
    m
        A map to draw on; a new one fitted to the nodes when None.
    **kw
        Passed to every node's ``folium.CircleMarker`` (e.g. ``fill_opacity``).

    Returns
    -------
    folium.Map
    """
    folium = folium_module()
    fmap = base_map(tuple(nodes.total_bounds), m)
    for row in spokes.itertuples():
        colour = "#c0392b" if row.kind == "hub link" else "#95a5a6"
        folium.PolyLine(
            [(y, x) for x, y in row.geometry.coords],
            color=colour,
            weight=3 if row.kind == "hub link" else 1.5,
            tooltip=f"{escape(row.node)} - {escape(row.hub)}",
        ).add_to(fmap)
    for row in nodes.itertuples():
        folium.CircleMarker(
            (row.geometry.y, row.geometry.x),
            radius=7 if row.is_hub else 3,
            color="#c0392b" if row.is_hub else "#2471a3",
            fill=True,
            tooltip=escape(row.node) + (" (hub)" if row.is_hub else ""),
            **kw,
        ).add_to(fmap)
    return fmap
