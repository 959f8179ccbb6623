"""The comparison as a self-contained HTML page: tables, scenario texts and maps inline."""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..scenarios import Scenario

_REPORT_CSS = (
    "body{font-family:sans-serif;max-width:1200px;margin:auto}"
    "table{border-collapse:collapse;font-size:12px}"
    "td,th{padding:2px 6px;border-bottom:1px solid #ddd}img{max-width:100%}"
)


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(
        float_format=lambda x: f"{x:,.3g}" if abs(x) < 1 else f"{x:,.0f}", border=0
    )


def write_report(
    path: str | os.PathLike[str],
    *,
    headline: pd.DataFrame,
    deltas: pd.DataFrame,
    kpis: pd.DataFrame,
    scenarios: Sequence[Scenario],
    maps: Sequence[tuple[str, str]],
    targets: pd.DataFrame | None = None,
) -> Path:
    """Write the report and return its path (its folder is made if needed).

    Parameters
    ----------
    path
        Where to write the HTML file.
    headline, deltas, kpis
        The headline KPIs, their changes against the base, and every KPI (one column
        per network: the tables are written transposed).
    scenarios
        The scenarios compared, described in a list.
    maps
        ``(heading, html)`` pairs: a map's heading and its ``<img>`` (see
        ``multimodal.plotting.inline_png``).
    targets
        The targets (one row each) with every network's value, if any.
    """
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        "<title>multimodal scenario comparison</title>",
        f"<style>{_REPORT_CSS}</style></head><body>",
        "<h1>Scenario comparison</h1>",
        "<p>Demand assigned on each network by multimodal.compare (its options are in the "
        "result's meta). Costs in CNY per week, times in hours, CO2e in kg per week, "
        "shippers' surplus in CNY per year.</p>",
        "<h2>Headline KPIs</h2>",
        _table(headline),
        "<h2>Changes against the base</h2>",
        _table(deltas),
        *(
            ["<h2>Targets</h2>", _table(targets)]
            if targets is not None and not targets.empty
            else []
        ),
        "<h2>Scenarios</h2><ul>",
    ]
    for scenario in scenarios:
        parts.append(
            f"<li><b>{html.escape(scenario.name)}</b>: {html.escape(scenario.title)} "
            f"(plan: {html.escape(scenario.plan_reference)})<br>"
            f"{html.escape(scenario.description)}</li>"
        )
    parts.append("</ul><h2>Maps</h2>")
    parts += [f"<h3>{html.escape(heading)}</h3>{image}" for heading, image in maps]
    parts.append("<h2>All KPIs</h2>" + _table(kpis))
    parts.append("</body></html>")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(parts), encoding="utf-8")
    return out
