"""Charts of block-train plans: how full each candidate departure leaves.

The functions take plain DataFrames (a plan's ``trains`` table) and know nothing of
plans; ``ConsolidationPlan.plot()`` calls ``plot_train_fill`` in one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ._style import MODE_COLOURS, new_axes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["plot_train_fill"]

#: Colour of the load of a train that does not run (it carries nothing).
_IDLE_COLOUR = "#bdc3c7"


def plot_train_fill(
    trains: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None, **kwargs: Any
) -> Axes:
    """Bar chart of the fill of every departure (% of capacity), in departure order.

    Parameters
    ----------
    trains
        One row per departure with ``service_id``, ``departure_h``, ``capacity_teu``,
        ``min_load_teu``, ``load_teu`` and ``runs`` (as ``ConsolidationPlan.trains``).
    ax
        Axes to draw on; a new figure when None.
    title
        Title of the chart; default says how many trains run.
    **kwargs
        Passed to ``Axes.bar`` for the loads (e.g. ``color``, ``alpha``).

    Returns
    -------
    matplotlib.axes.Axes
        The axes: a bar per departure (rail colour if it runs, grey if not), a tick at
        its minimum load, and the departure time under its id.
    """
    ax = new_axes(ax, figsize=(max(6.0, 0.35 * len(trains) + 2.0), 5.0))
    table = trains.sort_values(["departure_h", "service_id"], kind="stable")
    x = np.arange(len(table))
    capacity = table["capacity_teu"].to_numpy(dtype=float)
    safe = np.where(capacity > 0, capacity, 1.0)
    fill = 100.0 * table["load_teu"].to_numpy(dtype=float) / safe
    minimum = 100.0 * table["min_load_teu"].to_numpy(dtype=float) / safe
    runs = table["runs"].to_numpy(dtype=bool)
    colours = [MODE_COLOURS["rail"] if r else _IDLE_COLOUR for r in runs]
    options = {"color": colours, "width": 0.8, **kwargs}
    ax.bar(x, fill, **options)
    ax.scatter(x, minimum, marker="_", s=120, color="black", label="minimum load", zorder=3)
    ax.axhline(100.0, color="black", linewidth=0.6, linestyle=":")
    labels = [
        f"{sid}\n{hours:.0f} h"
        for sid, hours in zip(table["service_id"], table["departure_h"], strict=True)
    ]
    ax.set_xticks(x, labels, rotation=90, fontsize=7)
    ax.set_ylabel("fill (% of capacity)")
    ax.set_ylim(0, 110)
    ax.set_title(title or f"Block trains: {int(runs.sum())} of {len(table)} departures run")
    ax.legend(loc="upper right", fontsize=8)
    ax.grid(axis="y", alpha=0.2)
    return ax
