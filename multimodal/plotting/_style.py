"""What every picture shares: colours, markers, new axes, titles, saving, HTML escaping.

Nothing here knows about results or networks: functions take GeoDataFrames (or plain
arrays) and return matplotlib axes or folium maps. The library never chooses a
matplotlib backend; matplotlib picks a non-interactive one by itself on a headless
machine, and a user's notebook keeps its own.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import folium
    from matplotlib.axes import Axes

#: One colour per mode, used by every map.
MODE_COLOURS = {"rail": "#c0392b", "road": "#7f8c8d", "sea": "#2471a3", "air": "#8e44ad"}
#: One marker per node kind.
KIND_MARKERS = {
    "rail_hub": "s",
    "airport": "^",
    "sea_port": "D",
    "border_crossing": "X",
    "bonded_zone": "P",
    "city": "o",
    "rail_terminal": "s",
}
#: Colours for gains and losses (scenario comparisons).
GAIN_COLOUR = "#1e8449"
LOSS_COLOUR = "#c0392b"


def new_axes(ax: Axes | None = None, figsize: tuple[float, float] = (11, 6)) -> Axes:
    """Return ``ax``, or the axes of a new figure of ``figsize`` inches when it is None."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def finish_map(ax: Axes, title: str, *, lonlat: bool = True) -> Axes:
    """Title, axis labels (degrees for lon/lat maps), equal aspect and a light grid."""
    ax.set_title(title)
    ax.set_xlabel("longitude (°)" if lonlat else "x")
    ax.set_ylabel("latitude (°)" if lonlat else "y")
    ax.set_aspect("equal", adjustable="datalim")
    ax.grid(alpha=0.2)
    return ax


def zoom(ax: Axes, bounds: tuple[float, float, float, float], *, pad: float = 0.0) -> Axes:
    """Set the view to ``(min_x, min_y, max_x, max_y)`` widened by ``pad`` on each side."""
    minx, miny, maxx, maxy = bounds
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    return ax


def save(ax: Axes, path: str) -> str:
    """Save the figure of ``ax`` as a PNG (150 dpi) and close it; returns the path."""
    import matplotlib.pyplot as plt

    figure = ax.get_figure()
    figure.savefig(path, dpi=150, bbox_inches="tight")  # type: ignore[union-attr]
    plt.close(figure)  # type: ignore[arg-type]
    return path


def escape(value: object) -> str:
    """Text made safe for an HTML popup or tooltip (names may hold markup)."""
    return html.escape(str(value), quote=True)


def folium_module() -> Any:
    """Import folium, or raise ImportError with the install hint."""
    try:
        import folium
    except ImportError as error:  # pragma: no cover - folium is a dependency
        message = "interactive maps need folium: pip install folium"
        raise ImportError(message) from error
    return folium


def base_map(bounds: tuple[float, float, float, float], m: folium.Map | None = None) -> folium.Map:
    """Return ``m``, or a new OpenStreetMap folium map fitted to ``(minx, miny, maxx, maxy)``."""
    if m is not None:
        return m
    folium = folium_module()
    minx, miny, maxx, maxy = bounds
    fmap = folium.Map(tiles="OpenStreetMap", control_scale=True)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    return fmap
