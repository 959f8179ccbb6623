"""The job a sweep hands to an executor: a batch of draws, evaluated one after another.

``run_batch`` takes plain, picklable inputs (the base's tables, the scenarios and each
draw's changes as dictionaries, the demand) so any ``concurrent.futures``-style executor
(a process pool, Dask's ``Client``, a Ray adapter) can run it in another process or on
another machine. It rebuilds the base once per batch, so a batch of several draws pays
for the network's construction and the data transfer once.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..assignment import assign
from ..comparison import compare
from ..network import Network
from ..scenarios import Scenario
from ..skim import skim

#: The base's row in every table (as in ``compare``).
BASE = "base"

#: What each draw runs: ``compare`` (assignment, accessibility, every KPI of
#: ``compare``), ``assign`` (the assignment's KPIs only) or ``skim`` (an
#: all-or-nothing loading on least-cost paths, no capacities: the light measure for
#: networks too large to assign many times).
RUNS = ("compare", "assign", "skim")


@dataclass(frozen=True)
class Job:
    """One draw: its setting, index, the changes for the network and the demand factor."""

    setting: str
    draw: int
    changes: Mapping[str, object] | None
    demand_factor: float


@dataclass(frozen=True)
class BasePayload:
    """The base network as tables (``Network.to_gdfs()``, ``service_tables()``)."""

    nodes: gpd.GeoDataFrame
    links: gpd.GeoDataFrame
    name: str
    services: tuple[pd.DataFrame, pd.DataFrame] | None

    @classmethod
    def of(cls, network: Network) -> BasePayload:
        """The payload of ``network``."""
        nodes, links = network.to_gdfs()
        services = network.service_tables()
        return cls(nodes, links, network.name, services if len(services[0]) else None)

    def build(self) -> Network:
        """The network again."""
        return Network(self.nodes, self.links, name=self.name, services=self.services)


def scaled_demand(demand: pd.DataFrame, factor: float) -> pd.DataFrame:
    """The demand with TEU and tonnes per week multiplied by ``factor``."""
    if factor == 1.0:
        return demand
    out = demand.copy()
    for column in ("teu_per_week", "weight_t_per_week"):
        if column in out.columns:
            out[column] = out[column] * factor
    return out


def run_batch(
    base: BasePayload,
    scenarios: Sequence[Mapping[str, object]],
    demand: pd.DataFrame,
    jobs: Sequence[Job],
    run: str,
    seed: int,
    options: Mapping[str, Any],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Evaluate every draw of a batch; KPI rows and run rows (status, solver time).

    Parameters
    ----------
    base
        The base network's tables.
    scenarios
        ``Scenario.to_dict()`` of each proposal.
    demand
        The base demand (validated).
    jobs
        The draws.
    run
        ``compare``, ``assign`` or ``skim`` (``RUNS``).
    seed
        The assignment's seed.
    options
        Keywords passed on to ``compare`` or ``assign`` unchanged.

    Returns
    -------
    (values, runs)
        ``values``: one dict per draw, scenario and KPI (``setting``, ``draw``,
        ``scenario``, ``kpi``, ``value``, ``delta``); ``runs``: one per draw and network
        (``status``, ``solver``, ``solve_time_s``, ``time_limit_reached``).
    """
    network = base.build()
    built = [Scenario.from_dict(s) for s in scenarios]
    values: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    for job in jobs:
        drawn = network
        if job.changes is not None:
            drawn = Scenario.from_dict(job.changes).apply(network)
        load = scaled_demand(demand, job.demand_factor)
        if run == "compare":
            kpis, info = _by_compare(drawn, built, load, seed, options)
        else:
            kpis, info = _by_network(drawn, built, load, run, seed, options)
        values += _long(job, kpis)
        runs += [{"setting": job.setting, "draw": job.draw, **row} for row in info]
    return values, runs


def _by_compare(
    network: Network,
    scenarios: list[Scenario],
    demand: pd.DataFrame,
    seed: int,
    options: Mapping[str, Any],
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    result = compare(network, scenarios, demand, seed=seed, workers=1, **options)
    kpis = result.kpis.select_dtypes("number")
    info = [
        _info(name, evaluation.assignment.solve_info)
        for name, evaluation in result.evaluations.items()
    ]
    return kpis, info


def _by_network(
    network: Network,
    scenarios: list[Scenario],
    demand: pd.DataFrame,
    run: str,
    seed: int,
    options: Mapping[str, Any],
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    rows: dict[str, dict[str, float]] = {}
    info = []
    for name, net in [(BASE, network)] + [(s.name, s.apply(network)) for s in scenarios]:
        if run == "assign":
            result = assign(net, demand, seed=seed, **options)
            rows[name] = {
                k: float(v)
                for k, v in result.kpis.items()
                if isinstance(v, int | float | np.number)
            }
            info.append(_info(name, result.solve_info))
        else:
            rows[name] = skim_kpis(net, demand, options)
            info.append({"scenario": name, "status": "exact", "solver": "skim",
                         "solve_time_s": math.nan, "time_limit_reached": False})  # fmt: skip
    return pd.DataFrame.from_dict(rows, orient="index"), info


def skim_kpis(
    network: Network, demand: pd.DataFrame, options: Mapping[str, Any]
) -> dict[str, float]:
    """All-or-nothing KPIs: each demand row on its least-cost path, no capacities.

    ``options`` go to ``skim`` (``modes``, ``cargo_class``, ...); the skim is of cost per
    TEU for 1 TEU, with the time of the same paths.

    Returns
    -------
    dict
        ``aon_cost_cny`` (sum of TEU x cost per TEU, CNY/week), ``aon_mean_time_h``
        (TEU-weighted), ``unreachable_teu`` (demand with no path, TEU/week).
    """
    origins = list(dict.fromkeys(demand["origin"]))
    destinations = list(dict.fromkeys(demand["destination"]))
    result = skim(network, origins, destinations, weight="cost", attributes=("time_h",), **options)
    cost = result.values
    time = result.attributes["time_h"]
    rows = cost.index.get_indexer(demand["origin"])
    cols = cost.columns.get_indexer(demand["destination"])
    per_teu = cost.to_numpy(float)[rows, cols]
    hours = time.to_numpy(float)[rows, cols]
    teu = demand["teu_per_week"].to_numpy(float)
    ok = np.isfinite(per_teu)
    served = float(teu[ok].sum())
    return {
        "aon_cost_cny": float((teu[ok] * per_teu[ok]).sum()),
        "aon_mean_time_h": float((teu[ok] * hours[ok]).sum() / served) if served else math.nan,
        "unreachable_teu": float(teu[~ok].sum()),
    }


def _info(name: str, solve_info: Any) -> dict[str, Any]:
    plain = dataclasses.asdict(solve_info)
    return {
        "scenario": name,
        "status": plain["status"],
        "solver": plain["solver"],
        "solve_time_s": plain["solve_time_s"],
        "time_limit_reached": plain["time_limit_reached"],
    }


def _long(job: Job, kpis: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per scenario and KPI, with the change against the base of the same draw."""
    kpis = kpis.astype(float)
    deltas = kpis.fillna(0.0) - kpis.fillna(0.0).loc[BASE]
    out = []
    for scenario in kpis.index:
        for kpi in kpis.columns:
            value = kpis.at[scenario, kpi]
            out.append(
                {
                    "setting": job.setting,
                    "draw": job.draw,
                    "scenario": str(scenario),
                    "kpi": str(kpi),
                    "value": float(value),
                    "delta": float(deltas.at[scenario, kpi]),
                }
            )
    return out
