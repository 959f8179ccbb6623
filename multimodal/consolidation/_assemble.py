"""Turn the solver's choice into the plan's tables, with a reason for every fallback.

``build_tables`` gives the trains table (load, fill, cost per departure), the
shipments table (the manifest: mode, departure, times and costs per box) and the cost
split. ``fallback_reason`` explains, for each box left to the fallback, which
constraint or cost kept it off the trains (codes in ``REASONS``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from ._cpsat.data import Groups, Prepared
from ._inputs import DEPARTURE_COLUMNS, SHIPMENT_COLUMNS
from .plan import CostBreakdown

__all__ = ["REASONS"]

#: Fallback reason codes, in the order they are checked for a shipment.
REASON_NO_COMPATIBLE = "no_compatible_departure"
REASON_REEFER = "reefer_slots"
REASON_CAPACITY = "capacity"
REASON_MIN_LOAD = "min_load_not_reached"
REASON_CHEAPER = "cheaper"
REASONS: Mapping[str, str] = MappingProxyType(
    {
        REASON_NO_COMPATIBLE: "no departure serves the destination with room for the box, "
        "its reefer/dangerous-goods needs, after arrival + handling",
        REASON_REEFER: "the compatible trains that run have TEU room but no reefer slot left",
        REASON_CAPACITY: "every compatible departure runs and is full",
        REASON_MIN_LOAD: "the compatible departures do not run: even all the boxes left "
        "for them stay below their minimum load",
        REASON_CHEAPER: "a train was possible, but the fallback costs less (a running "
        "train's marginal cost, or another train's fixed cost)",
    }
)

_DECISION_COLUMNS = [
    "shipment_id",
    "mode",
    "service_id",
    "departure_h",
    "arrival_at_destination_h",
    "dwell_h",
    "lateness_h",
    "holding_cny",
    "lateness_cny",
    "transport_cny",
    "time_value_cny",
    "cost_cny",
    "fallback_reason",
    "fallback_detail",
    "group",
    "component",
]


def build_tables(
    prep: Prepared,
    groups: Groups,
    choice: np.ndarray,
    ships: pd.DataFrame,
    deps: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, CostBreakdown]:
    """The trains table, the shipments table and the cost split of a choice.

    ``choice`` holds the departure position of each shipment (-1: the fallback).
    """
    n_dep = prep.n_departures
    load = np.zeros(n_dep, dtype=np.int64)
    reefer_load = np.zeros(n_dep, dtype=np.int64)
    count = np.zeros(n_dep, dtype=np.int64)
    for s, d in enumerate(choice):
        if d >= 0:
            load[d] += prep.teu[s]
            count[d] += 1
            if prep.reefer[s]:
                reefer_load[d] += prep.teu[s]
    runs = load > 0
    component_of_group = {}
    for index, (group_ids, _) in enumerate(groups.components):
        for g in group_ids:
            component_of_group[g] = index

    records = []
    for s in range(prep.n_shipments):
        d = int(choice[s])
        option = prep.train_option(s, d) if d >= 0 else prep.fallback_option(s)
        assert option is not None  # a fallback exists when no train was chosen
        reason, detail = ("", "")
        if d < 0:
            reason, detail = _fallback_reason(s, prep, choice, load, reefer_load, runs)
        records.append(
            {
                "shipment_id": ships.at[s, "id"],
                "mode": "train" if d >= 0 else "fallback",
                "service_id": deps.at[d, "service_id"] if d >= 0 else "",
                "departure_h": option.departure_h,
                "arrival_at_destination_h": option.arrival_at_destination_h,
                "dwell_h": option.dwell_h,
                "lateness_h": option.lateness_h,
                "holding_cny": option.holding_cny,
                "lateness_cny": option.lateness_cny,
                "transport_cny": option.transport_cny,
                "time_value_cny": option.time_value_cny,
                "cost_cny": option.total_cny,
                "fallback_reason": reason,
                "fallback_detail": detail,
                "group": int(groups.group_of[s]),
                "component": component_of_group.get(int(groups.group_of[s]), -1),
            }
        )
    decided = pd.DataFrame.from_records(records, columns=_DECISION_COLUMNS)
    base = ships[["destination", "teu", "reefer", "dangerous_goods", "arrival_h", "due_h"]].copy()
    base.insert(0, "shipment_id", ships["id"])
    base.insert(6, "ready_h", prep.ready_h)
    extras = ships[[c for c in ships.columns if c not in SHIPMENT_COLUMNS]]
    shipment_table = pd.concat(
        [base, decided.drop(columns=["shipment_id"]), ships[["priority", "value_cny"]], extras],
        axis=1,
    )

    fill = np.where(runs, load / prep.capacity_teu, 0.0)
    variable = np.zeros(n_dep)
    for s, d in enumerate(choice):
        if d >= 0:
            variable[d] += prep.cost_cny_per_teu[d] * prep.teu[s]
    trains = deps[
        [
            "service_id",
            "destinations",
            "departure_h",
            "transit_time_h",
            "capacity_teu",
            "min_load_teu",
            "reefer_slots",
            "dangerous_goods",
        ]
    ].copy()
    trains["runs"] = runs
    trains["load_teu"] = load
    trains["reefer_teu"] = reefer_load
    trains["n_shipments"] = count
    trains["fill_rate"] = fill
    trains["fixed_cost_cny"] = deps["fixed_cost_cny"]
    trains["cost_cny"] = np.where(runs, deps["fixed_cost_cny"].to_numpy() + variable, 0.0)
    dep_extras = [
        c for c in deps.columns if c not in DEPARTURE_COLUMNS and c != "transit_by_destination"
    ]
    trains = pd.concat([trains, deps[dep_extras]], axis=1)

    on_train = shipment_table["mode"] == "train"
    cost = CostBreakdown(
        train_fixed_cny=float(deps["fixed_cost_cny"].to_numpy()[runs].sum()),
        train_variable_cny=float(shipment_table.loc[on_train, "transport_cny"].sum()),
        holding_cny=float(shipment_table["holding_cny"].sum()),
        lateness_cny=float(shipment_table["lateness_cny"].sum()),
        fallback_cny=float(shipment_table.loc[~on_train, "transport_cny"].sum()),
        time_value_cny=float(shipment_table["time_value_cny"].sum()),
    )
    return trains, shipment_table, cost


def no_compatible_detail(prep: Prepared, s: int) -> str:
    """Why shipment ``s`` has no compatible departure, in words."""
    dest = prep.destination[s]
    teu = int(prep.teu[s])
    serving = [d for d in range(prep.n_departures) if dest in prep.destinations[d]]
    if not serving:
        return f"no departure serves {dest}"
    fitting = [d for d in serving if teu <= prep.capacity_teu[d]]
    if not fitting:
        return f"{teu} TEU exceeds the capacity of every departure to {dest}"
    if prep.reefer[s]:
        fitting = [d for d in fitting if prep.reefer_slots[d] >= teu]
        if not fitting:
            return f"no departure to {dest} has {teu} TEU of reefer slots"
    if prep.dangerous_goods[s]:
        fitting = [d for d in fitting if prep.dep_dangerous_goods[d]]
        if not fitting:
            return f"no departure to {dest} accepts dangerous goods"
    last = max(float(prep.departure_h[d]) for d in fitting)
    return (
        f"ready at {prep.ready_h[s]:.1f} h (arrival + handling), after the last "
        f"compatible departure to {dest} at {last:.1f} h"
    )


def _fallback_reason(
    s: int,
    prep: Prepared,
    choice: np.ndarray,
    load: np.ndarray,
    reefer_load: np.ndarray,
    runs: np.ndarray,
) -> tuple[str, str]:
    """Reason code and detail for a shipment sent to the fallback (a diagnostic)."""
    feasible = prep.feasible[s]
    if not feasible:
        return REASON_NO_COMPATIBLE, no_compatible_detail(prep, s)
    teu = int(prep.teu[s])
    fallback = prep.fallback_option(s)
    fb_cost = fallback.total_cny if fallback is not None else math.nan
    running = [d for d in feasible if runs[d]]
    with_room = [d for d in running if load[d] + teu <= prep.capacity_teu[d]]
    if prep.reefer[s]:
        fits = [d for d in with_room if reefer_load[d] + teu <= prep.reefer_slots[d]]
        if with_room and not fits:
            return REASON_REEFER, "reefer slots full on " + ", ".join(
                _dep_name(prep, d) for d in with_room[:3]
            )
        with_room = fits
    if with_room:
        best = min(with_room, key=lambda d: (prep.train_option(s, d).total_cny, d))
        train_cost = prep.train_option(s, best).total_cny
        return REASON_CHEAPER, (
            f"fallback {fb_cost:,.0f} CNY < {train_cost:,.0f} CNY on the running "
            f"departure {_dep_name(prep, best)}"
        )
    idle = [d for d in feasible if not runs[d]]
    if not idle:
        return REASON_CAPACITY, "full: " + ", ".join(
            f"{_dep_name(prep, d)} {load[d]}/{prep.capacity_teu[d]} TEU" for d in running[:3]
        )
    # could an idle departure have reached its minimum load with the boxes left over?
    left = np.flatnonzero(choice < 0)
    reachable = []
    for d in idle:
        potential = sum(int(prep.teu[t]) for t in left if d in prep.feasible[t])
        if potential >= prep.min_load_teu[d]:
            reachable.append(d)
    if not reachable:
        d = idle[0]
        potential = sum(int(prep.teu[t]) for t in left if d in prep.feasible[t])
        return REASON_MIN_LOAD, (
            f"{_dep_name(prep, d)} does not run: at most {potential} TEU for it, "
            f"minimum {prep.min_load_teu[d]} TEU"
        )
    d = reachable[0]
    return REASON_CHEAPER, (
        f"running {_dep_name(prep, d)} (fixed {prep.fixed_cost_cny[d]:,.0f} CNY) costs "
        "more than the fallback of the boxes it could take"
    )


def _dep_name(prep: Prepared, d: int) -> str:
    return prep.service_ids[d] if prep.service_ids else f"departure {d}"
