"""Charts that are not maps: matrices as heat maps."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._style import new_axes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

#: Above this many rows or columns, tick labels are left out (they would overlap).
_MAX_LABELS = 40


def plot_matrix(
    matrix: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str = "",
    unit: str = "",
    cmap: str = "viridis",
) -> Axes:
    """Draw a matrix (rows x columns) as a heat map; infinite cells are left blank.

    Parameters
    ----------
    matrix
        Values with row and column labels (e.g. an origin-destination skim).
    ax
        Axes to draw on (a new figure if None).
    title
        Axes title.
    unit
        Unit of the colour bar (e.g. ``"h"``).
    cmap
        Matplotlib colour map.
    """
    rows, cols = matrix.shape
    ax = new_axes(ax, figsize=(min(4 + 0.3 * cols, 14), min(3 + 0.3 * rows, 12)))
    values = matrix.to_numpy(dtype=float)
    shown = np.ma.masked_invalid(values)
    image = ax.imshow(shown, cmap=cmap, aspect="auto", interpolation="nearest")
    ax.figure.colorbar(image, ax=ax, label=unit)
    if rows <= _MAX_LABELS:
        ax.set_yticks(range(rows), [str(i) for i in matrix.index], fontsize=7)
    if cols <= _MAX_LABELS:
        ax.set_xticks(range(cols), [str(c) for c in matrix.columns], fontsize=7, rotation=90)
    ax.set_ylabel(str(matrix.index.name or "rows"))
    ax.set_xlabel(str(matrix.columns.name or "columns"))
    ax.set_title(title)
    return ax
