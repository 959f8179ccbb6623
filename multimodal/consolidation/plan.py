"""The result of block-train consolidation: which trains run and what each carries.

``ConsolidationPlan`` follows the library's result protocol
(``docs/architecture.md``): ``summary()`` (also ``str()``), ``to_frame()`` (the
manifest of every box), ``plot()`` (the fill of every departure), ``solve_info`` and
``meta``. It is not geographic: no ``explore`` or ``to_geodataframe``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._ortools import SolveInfo
from .._results import ResultMixin
from .._validate import did_you_mean
from ..exceptions import ParameterError
from ..plotting.trains import plot_train_fill

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["ConsolidationPlan", "CostBreakdown"]


@dataclass(frozen=True)
class CostBreakdown:
    """Total cost of a plan, split by kind (CNY).

    Attributes
    ----------
    train_fixed_cny
        Fixed cost of the trains that run.
    train_variable_cny
        Per-TEU charges of the trains (``cost_cny_per_teu`` of the departures).
    holding_cny
        Yard holding at the centre (trains and fallback).
    lateness_cny
        Lateness penalties at the destination (trains and fallback).
    fallback_cny
        Transport cost of the fallback.
    time_value_cny
        Inventory cost of the goods in the pipeline (``value_of_time_share_per_day``).
    """

    train_fixed_cny: float
    train_variable_cny: float
    holding_cny: float
    lateness_cny: float
    fallback_cny: float
    time_value_cny: float

    @property
    def total_cny(self) -> float:
        """Sum of every part (CNY)."""
        return (
            self.train_fixed_cny
            + self.train_variable_cny
            + self.holding_cny
            + self.lateness_cny
            + self.fallback_cny
            + self.time_value_cny
        )

    def to_series(self) -> pd.Series:
        """Return the parts and the total as a Series (CNY)."""
        return pd.Series(
            {
                "train_fixed_cny": self.train_fixed_cny,
                "train_variable_cny": self.train_variable_cny,
                "holding_cny": self.holding_cny,
                "lateness_cny": self.lateness_cny,
                "fallback_cny": self.fallback_cny,
                "time_value_cny": self.time_value_cny,
                "total_cny": self.total_cny,
            }
        )


@dataclass(frozen=True)
class ConsolidationPlan(ResultMixin):
    """Which trains run, what each carries, and where every shipment goes.

    Attributes
    ----------
    trains
        One row per departure (time order): ``service_id, destinations, departure_h,
        capacity_teu, min_load_teu, reefer_slots, runs, load_teu, reefer_teu,
        n_shipments, fill_rate`` (load / capacity, 0 when the train does not run),
        ``fixed_cost_cny`` (input) and ``cost_cny`` (fixed + per-TEU charges if it
        runs, else 0).
    shipments
        One row per shipment (order: arrival, id): ``shipment_id, destination, teu,
        reefer, dangerous_goods, arrival_h, ready_h, due_h, mode`` (``"train"`` or
        ``"fallback"``), ``service_id`` (empty for the fallback), ``departure_h,
        arrival_at_destination_h, dwell_h, lateness_h``, the costs
        ``holding_cny, lateness_cny, transport_cny, time_value_cny, cost_cny``,
        ``fallback_reason`` (see ``REASONS``), ``fallback_detail``, the
        model's ``group`` and ``component``, and any extra input columns.
    cost
        The total cost split by kind.
    solve_info
        How CP-SAT ended (objective and bound in CNY, over all components).
    components
        One row per independent sub-problem: destinations, shipments, groups,
        departures, status, objective/bound (CNY) and time.
    meta
        Where the plan came from (``multimodal._results.run_meta``): ``function``,
        ``inputs`` (table sizes, week start, costs), ``options`` (method, solver,
        time_limit_s, workers, scaling), ``seed`` and ``versions``; and, for
        convenience, ``n_shipments``, ``n_departures``, ``n_groups``, ``n_components``,
        ``week_start`` and ``scaling`` at the top level.
    """

    trains: pd.DataFrame
    shipments: pd.DataFrame
    cost: CostBreakdown
    solve_info: SolveInfo
    components: pd.DataFrame
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def running(self) -> pd.DataFrame:
        """The trains that run."""
        return self.trains[self.trains["runs"]].reset_index(drop=True)

    def manifest(self, service_id: str) -> pd.DataFrame:
        """The shipments on one departure, by arrival at the centre.

        Raises
        ------
        ParameterError
            If ``service_id`` is not a departure of the plan (with the closest ids).
        """
        if service_id not in set(self.trains["service_id"]):
            message = f"no departure {service_id!r}" + did_you_mean(
                service_id, self.trains["service_id"].tolist()
            )
            raise ParameterError(message)
        rows = self.shipments[self.shipments["service_id"] == service_id]
        return rows.reset_index(drop=True)

    def manifests(self) -> dict[str, pd.DataFrame]:
        """Manifests of the trains that run, by service id (time order)."""
        return {sid: self.manifest(sid) for sid in self.running["service_id"]}

    @property
    def fallback(self) -> pd.DataFrame:
        """The shipments that go to the fallback, with their reason."""
        rows = self.shipments[self.shipments["mode"] == "fallback"]
        return rows.reset_index(drop=True)

    def to_csv(self, directory: str | os.PathLike[str]) -> list[Path]:
        """Write ``trains.csv``, ``shipments.csv``, ``cost.csv`` and one CSV per train.

        Train manifests go to ``manifests/<service_id>.csv`` (characters other than
        letters, digits, ``.``, ``-`` and ``_`` become ``_``). Returns the paths.
        """
        out = Path(directory)
        (out / "manifests").mkdir(parents=True, exist_ok=True)
        paths = [out / "trains.csv", out / "shipments.csv", out / "cost.csv"]
        self.trains.to_csv(paths[0], index=False)
        self.shipments.to_csv(paths[1], index=False)
        self.cost.to_series().rename("cny").to_csv(paths[2], index_label="part")
        for sid, manifest in self.manifests().items():
            path = out / "manifests" / (re.sub(r"[^A-Za-z0-9._-]", "_", sid) + ".csv")
            manifest.to_csv(path, index=False)
            paths.append(path)
        return paths

    def summary(self, max_trains: int = 20) -> str:
        """A short text report: trains that run, fallback, cost split, solver."""
        ships = self.shipments
        running = self.running
        lines = [
            f"Block-train consolidation: {len(ships)} shipments ({int(ships['teu'].sum()):,} TEU), "
            f"{len(self.trains)} departures",
            f"Trains that run: {len(running)} of {len(self.trains)}"
            + (
                f", mean fill {running['fill_rate'].mean():.1%}, "
                f"{int(running['load_teu'].sum()):,} TEU by train"
                if len(running)
                else ""
            ),
        ]
        if len(running):
            head = f"  {'service_id':<24} {'departs_h':>9} {'load/cap TEU':>13} {'fill':>6}  to"
            lines.append(head)
            for row in running.head(max_trains).itertuples():
                lines.append(
                    f"  {row.service_id:<24} {row.departure_h:>9.1f} "
                    f"{f'{row.load_teu}/{row.capacity_teu}':>13} {row.fill_rate:>6.1%}  "
                    f"{row.destinations}"
                )
            if len(running) > max_trains:
                lines.append(f"  ... {len(running) - max_trains} more")
        fallback = self.fallback
        reasons = fallback["fallback_reason"].value_counts()
        reason_text = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items()))
        lines.append(
            f"Fallback: {len(fallback)} shipments ({int(fallback['teu'].sum()):,} TEU)"
            + (f": {reason_text}" if reason_text else "")
        )
        c = self.cost
        lines.append(
            f"Cost (CNY): trains {c.train_fixed_cny:,.0f} fixed"
            + (f" + {c.train_variable_cny:,.0f} per TEU" if c.train_variable_cny else "")
            + f"; holding {c.holding_cny:,.0f}; lateness {c.lateness_cny:,.0f}; "
            f"fallback {c.fallback_cny:,.0f}"
            + (f"; time value {c.time_value_cny:,.0f}" if c.time_value_cny else "")
            + f"; total {c.total_cny:,.0f}"
        )
        lines.append(f"Solver: {self.solve_info} [{len(self.components)} components]")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The manifest of every box: one row per shipment (a copy of ``shipments``).

        Columns as in ``shipments``: where the box goes (``mode``, ``service_id``), when
        (``departure_h``, ``arrival_at_destination_h``), what it costs and, for the
        fallback, why.
        """
        return self.shipments.copy()

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Bar chart of the fill of every departure (see ``plotting.plot_train_fill``)."""
        return plot_train_fill(self.trains, ax=ax, **kwargs)
