"""Fan charts: the spread of a quantity over many draws, one row per label."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._style import new_axes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

#: Pairs of quantile levels drawn as bands, widest (lightest) first.
_BANDS = ((0.05, 0.95, 0.25), (0.1, 0.9, 0.45), (0.25, 0.75, 0.7))


def plot_fan(
    quantiles: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str = "",
    xlabel: str = "",
    colour: str = "#1f77b4",
    zero_line: bool = True,
) -> Axes:
    """Draw each row's quantiles as nested horizontal bands with the median marked.

    Parameters
    ----------
    quantiles
        One row per label (e.g. scenario); columns are quantile levels (floats 0-1)
        holding the values at those levels. Bands are drawn for the levels present among
        0.05-0.95, 0.1-0.9 and 0.25-0.75, and the median at 0.5.
    ax
        Axes to draw on (a new figure if None).
    title
        Axes title.
    xlabel
        Label of the value axis (with its unit).
    colour
        Colour of the bands (lighter for wider bands).
    zero_line
        Mark zero (for changes against a base).

    Returns
    -------
    matplotlib.axes.Axes
    """
    rows = len(quantiles)
    ax = new_axes(ax, figsize=(9, 1.2 + 0.45 * max(rows, 1)))
    levels = {float(c): c for c in quantiles.columns}
    for y, (_, row) in enumerate(quantiles.iterrows()):
        for low, high, alpha in _BANDS:
            if low in levels and high in levels:
                left, right = float(row[levels[low]]), float(row[levels[high]])
                ax.barh(y, right - left, left=left, height=0.6, color=colour, alpha=alpha, lw=0)
        if 0.5 in levels:
            median = float(row[levels[0.5]])
            ax.plot([median, median], [y - 0.3, y + 0.3], color="black", lw=1.5)
    if zero_line:
        ax.axvline(0.0, color="grey", lw=0.8, ls=":")
    ax.set_yticks(range(rows), [str(i) for i in quantiles.index], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return ax
