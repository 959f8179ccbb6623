"""Vehicle tours on a map: first-mile collection plans (matplotlib and folium).

Both functions take the tours as a GeoDataFrame of lines (one per vehicle, terminal,
pickups, terminal, with a ``vehicle`` column) and the pickups as a GeoDataFrame of points
(``pickup_id`` and ``reason``, NaN for served pickups). They know nothing of plans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ._style import escape, folium_module, new_axes

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    from matplotlib.axes import Axes

#: Pickups up to this many get their id written next to them on static maps.
_MAX_LABELLED = 30
#: Vehicles up to this many get a legend entry each.
_MAX_LEGEND = 12


def plot_tours(
    tours: gpd.GeoDataFrame,
    stops: gpd.GeoDataFrame,
    depot: tuple[float, float],
    *,
    depot_label: str = "terminal",
    lonlat: bool = True,
    title: str = "",
    ax: Axes | None = None,
) -> Axes:
    """Draw vehicle tours, the terminal and the unserved pickups with matplotlib.

    Parameters
    ----------
    tours
        One line per vehicle with a ``vehicle`` column; each line's vertices are the stops.
    stops
        One point per pickup with ``pickup_id`` and ``reason`` (NaN when served).
    depot
        Terminal coordinates, ``(lon, lat)`` or ``(x, y)``.
    depot_label
        Legend label of the terminal.
    lonlat
        Whether coordinates are degrees (axis labels).
    title
        Axes title.
    ax
        Axes to draw on; a new 8 x 7 in figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    import matplotlib.pyplot as plt

    ax = new_axes(ax, figsize=(8, 7))
    colours = plt.get_cmap("tab10" if len(tours) <= 10 else "tab20")
    for number, (vehicle, line) in enumerate(zip(tours["vehicle"], tours.geometry, strict=True)):
        xy = np.asarray(line.coords)
        ax.plot(
            xy[:, 0],
            xy[:, 1],
            "-o",
            color=colours(number % colours.N),
            markersize=4,
            linewidth=1.2,
            label=f"vehicle {vehicle}",
        )
    if len(stops) <= _MAX_LABELLED:
        for pickup_id, point in zip(stops["pickup_id"], stops.geometry, strict=True):
            ax.annotate(
                str(pickup_id),
                (point.x, point.y),
                textcoords="offset points",
                xytext=(4, 4),
                fontsize="x-small",
            )
    lost = stops[stops["reason"].notna()]
    if len(lost):
        ax.scatter(
            lost.geometry.x, lost.geometry.y, marker="x", color="red", s=40, zorder=3,
            label="unserved",
        )  # fmt: skip
    ax.scatter([depot[0]], [depot[1]], marker="s", color="black", s=80, zorder=4, label=depot_label)
    ax.set_xlabel("longitude (deg)" if lonlat else "x")
    ax.set_ylabel("latitude (deg)" if lonlat else "y")
    ax.set_title(title)
    if len(tours) <= _MAX_LEGEND:
        ax.legend(fontsize="small", loc="best")
    ax.set_aspect("equal", adjustable="datalim")
    return ax


def explore_tours(
    tours: gpd.GeoDataFrame,
    stops: gpd.GeoDataFrame,
    depot: tuple[float, float],
    *,
    depot_label: str = "terminal",
    m: folium.Map | None = None,
    **kwargs: Any,
) -> folium.Map:
    """An interactive folium map of vehicle tours and pickups (lon/lat only).

    Parameters
    ----------
    tours
        One line per vehicle (EPSG:4326) with ``vehicle`` and the per-tour totals.
    stops
        One point per pickup with ``pickup_id``, ``demand_teu``, ``vehicle``,
        ``arrival_h`` and ``reason`` (NaN when served).
    depot
        Terminal ``(lon, lat)``.
    depot_label
        Tooltip of the terminal marker.
    m
        Map to draw on; a new one when None.
    **kwargs
        Passed to ``GeoDataFrame.explore`` for the tours layer (defaults: coloured by
        vehicle, tooltips with the totals).

    Returns
    -------
    folium.Map
        The map.
    """
    folium = folium_module()
    kwargs.setdefault("column", "vehicle")
    kwargs.setdefault("categorical", True)
    kwargs.setdefault("cmap", "tab20")
    kwargs.setdefault("tooltip", ["vehicle", "pickups", "distance_km", "load_teu", "cost_cny"])
    if len(tours):
        fmap = _escaped(tours).explore(m=m, **kwargs)
    elif m is not None:
        fmap = m
    else:
        fmap = folium.Map(location=[depot[1], depot[0]], zoom_start=9)
    points = _escaped(stops)
    points["status"] = np.where(points["reason"].isna(), "served", "unserved")
    points.explore(
        m=fmap,
        column="status",
        cmap=["tab:blue", "tab:red"],
        tooltip=["pickup_id", "demand_teu", "vehicle", "arrival_h", "reason"],
    )
    folium.Marker([depot[1], depot[0]], tooltip=escape(depot_label)).add_to(fmap)
    return fmap


def _escaped(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy with text columns HTML-escaped (ids and names come from users' files)."""
    out = frame.copy()
    for column in out.columns:
        if column != out.geometry.name and out[column].dtype == object:
            out[column] = out[column].map(lambda v: v if not isinstance(v, str) else escape(v))
    return out
