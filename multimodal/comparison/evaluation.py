"""One network evaluated for a demand: the assignment, accessibility and KPIs.

``evaluate_scenario`` is the job ``compare`` hands to an executor: it takes plain,
picklable inputs (the base's tables and the scenario as a dictionary), so any
``concurrent.futures`` executor can run it in another process or on another machine.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

from ..assignment import Assignment, assign
from ..network import Network
from ..scenarios import Scenario, opened_but_unserved
from ..targets import target_kpis
from .accessibility import accessibility
from .kpis import kpi_row

#: The name of the base network's row in every comparison table.
BASE = "base"


@dataclass(frozen=True)
class Evaluation:
    """What one network (base or scenario) gives for the demand.

    Attributes
    ----------
    name, title
        The scenario's name and title (``base`` for the base network).
    assignment
        The demand assigned on the network.
    accessibility
        Time and cost from each city to its nearest open port (``accessibility``).
    kpis
        The network's row of the comparison table (``kpi_row``).
    target_kpis
        What the plan's targets measure on it (``multimodal.targets.target_kpis``).
    """

    name: str
    title: str
    assignment: Assignment
    accessibility: pd.DataFrame
    kpis: pd.Series
    target_kpis: dict[str, float] = field(default_factory=dict)


def evaluate(
    network: Network,
    demand: pd.DataFrame,
    *,
    name: str = BASE,
    title: str = "base network",
    **options: Any,
) -> Evaluation:
    """Assign ``demand`` on ``network`` and measure its KPIs and accessibility.

    ``options`` go to ``assign`` (``objective``, ``choice``, ``reference``, ``method``,
    ``solver``, ``time_limit_s``, ``seed``, ``params``), but ``unserved_openings``: the
    ports the scenario opens that no service reaches (``opened_but_unserved``), shown in
    the KPI row.
    """
    unserved_openings = options.pop("unserved_openings", ())
    result = assign(network, demand, **options)
    # The result travels back from a worker process: its read-only ``meta`` mapping
    # does not pickle, a plain copy does.
    result = dataclasses.replace(result, meta=dict(result.meta))
    access = accessibility(network, demand)
    row = kpi_row(name, title, result, access)
    row["opened_but_unserved"] = ", ".join(unserved_openings)
    return Evaluation(name, title, result, access, row, target_kpis(result, network))


def evaluate_scenario(
    nodes: gpd.GeoDataFrame,
    links: gpd.GeoDataFrame,
    base_name: str,
    scenario: Mapping[str, object] | None,
    demand: pd.DataFrame,
    options: Mapping[str, Any],
    services: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> Evaluation:
    """Worker: rebuild the base, apply the scenario, evaluate (may run in another process).

    The scenario travels as a plain dictionary (``Scenario.to_dict()``), which any
    executor can pickle; None evaluates the base itself. ``services`` are the base's
    explicit services and stops (``Network.service_tables()``), None for a base without.

    Parameters
    ----------
    nodes, links
        The base network's tables (``Network.to_gdfs()``).
    base_name
        The base network's name.
    scenario
        ``Scenario.to_dict()``, or None for the base.
    demand
        The demand table (``assign``'s).
    options
        Keywords for ``assign``.
    services
        ``(services, stops)`` of the base, or None.

    Returns
    -------
    Evaluation
        The network's assignment, accessibility and KPIs.
    """
    base = Network(nodes, links, name=base_name, services=services)
    if scenario is None:
        return evaluate(base, demand, **options)
    built = Scenario.from_dict(scenario)
    network = built.apply(base)
    unserved = tuple(opened_but_unserved(built, base))
    return evaluate(
        network,
        demand,
        name=built.name,
        title=built.title or built.name,
        unserved_openings=unserved,
        **options,
    )
