"""Calibration chart: modelled against observed, before and after the fit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._style import new_axes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


def plot_calibration(
    report: pd.DataFrame, ax: Axes | None = None, *, title: str = "calibration"
) -> Axes:
    """Bars of modelled / observed per observation, before and after calibration.

    Parameters
    ----------
    report
        Columns ``id``, ``observed``, ``before``, ``modelled`` (and ``leave_one_out``).
    ax
        Axes to draw on (a new figure if None).
    title
        Axes title.
    """
    rows = len(report)
    ax = new_axes(ax, figsize=(8, 1.5 + 0.3 * rows))
    y = np.arange(rows)
    observed = report["observed"].to_numpy(float)
    for offset, column, colour in (
        (-0.25, "before", "#bbbbbb"),
        (0.0, "modelled", "#1f77b4"),
        (0.25, "leave_one_out", "#ff7f0e"),
    ):
        if column in report:
            ratio = report[column].to_numpy(float) / observed
            ax.barh(y + offset, ratio, height=0.25, color=colour, label=column.replace("_", " "))
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_yticks(y, report["id"].astype(str).tolist(), fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("modelled / observed")
    ax.set_title(title)
    ax.legend(fontsize=7, loc="lower right")
    return ax
