"""Pictures of a scenario comparison: flow changes on a web map, figures inlined in HTML.

The static map of flow changes is ``maps.plot_flow_changes``; this module adds its
interactive twin and the PNG-in-HTML helper of the comparison report. Functions take
GeoDataFrames and matplotlib axes and know nothing of scenarios or results.
"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

from ._style import GAIN_COLOUR, LOSS_COLOUR, base_map, escape, folium_module

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    from matplotlib.axes import Axes


def explore_flow_changes(
    changes: gpd.GeoDataFrame,
    m: folium.Map | None = None,
    *,
    change: str = "change_teu",
    max_weight: float = 10.0,
) -> folium.Map:
    """An interactive map of links gaining (green) and losing (red) flow.

    Parameters
    ----------
    changes
        Links (WGS84) with a ``change`` column (TEU per week; positive: gained).
    m
        A map to draw on; a new one fitted to the changed links when None.
    change
        The column of the change.
    max_weight
        Line width (pixels) of the largest change.
    """
    folium = folium_module()
    moved = changes[changes[change].abs() > 1e-6]
    shown = moved if not moved.empty else changes
    fmap = base_map(tuple(shown.total_bounds), m)
    if moved.empty:
        return fmap
    top = float(moved[change].abs().max())
    fields = [
        c for c in ("id", "mode", "corridor", "flow_teu_base", "flow_teu", change) if c in moved
    ]
    table = moved[[*fields, "geometry"]].copy()
    for field in fields:  # ids and corridors come from users' files: escape them
        if table[field].dtype == object:
            table[field] = table[field].map(lambda v: v if v is None else escape(v))
    folium.GeoJson(
        table.to_json(na="null"),
        style_function=lambda feature: {
            "color": GAIN_COLOUR if (feature["properties"][change] or 0) > 0 else LOSS_COLOUR,
            "weight": 1 + (max_weight - 1) * abs(feature["properties"][change] or 0) / top,
            "opacity": 0.85,
        },
        tooltip=folium.GeoJsonTooltip(fields=fields),
    ).add_to(fmap)
    return fmap


def inline_png(ax: Axes, *, dpi: int = 110, alt: str = "map") -> str:
    """The figure of ``ax`` as an HTML ``<img>`` with the PNG inlined; closes the figure."""
    import matplotlib.pyplot as plt

    figure = ax.get_figure()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")  # type: ignore[union-attr]
    plt.close(figure)  # type: ignore[arg-type]
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{alt}" src="data:image/png;base64,{data}">'
