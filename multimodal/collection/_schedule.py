"""Tours recomputed in floats from the solver's visiting orders: times, loads, km, costs.

The solver works on scaled integers; the plan's figures come from here, from the
original inputs. Each truck leaves as late as it can without coming back later (waiting
at the first stops is turned into a later departure). A tour that breaks a window, the
cut-off or the capacity in exact arithmetic (which conservative scaling should prevent)
is logged.
"""

from __future__ import annotations

import itertools
import logging
import math
from typing import Any

import pandas as pd

from ._model import FloatModel
from .fleet import Fleet
from .plan import TOTAL_COLUMNS, TOUR_COLUMNS

logger = logging.getLogger("multimodal")

#: (arrival, start of service, departure) at one stop, hours since midnight.
StopTimes = tuple[float, float, float]


def schedule(
    model: FloatModel, routes: list[tuple[int, tuple[int, ...]]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``tours`` and ``tour_totals`` tables of ``(fleet index, visits)`` routes."""
    stop_rows: list[dict[str, Any]] = []
    total_rows: list[dict[str, Any]] = []
    for vehicle, (fleet_index, visits) in enumerate(routes, start=1):
        rows, total = _tour(model, vehicle, model.fleets[fleet_index], visits)
        stop_rows.extend(rows)
        total_rows.append(total)
    return (
        pd.DataFrame(stop_rows, columns=TOUR_COLUMNS),
        pd.DataFrame(total_rows, columns=TOTAL_COLUMNS),
    )


def _forward(model: FloatModel, visits: tuple[int, ...], depart: float) -> list[StopTimes]:
    """Arrival, start of service and departure at each visit, leaving at ``depart``."""
    times = []
    clock, previous = depart, 0
    for node in visits:
        arrival = clock + model.duration[previous, node]
        begin = max(arrival, model.ws[node])
        times.append((arrival, begin, begin + model.service[node]))
        clock, previous = begin + model.service[node], node
    return times


def _departure(model: FloatModel, visits: tuple[int, ...]) -> tuple[float, list[StopTimes]]:
    """The latest departure that comes back no later, and the stop times it gives."""
    times = _forward(model, visits, model.start_h)
    if not model.timed:
        return model.start_h, times
    # Delay the departure by as much as the waiting absorbs and the windows allow.
    waited, slack = 0.0, math.inf
    for node, (arrival, begin, _) in zip(visits, times, strict=True):
        waited += begin - arrival
        slack = min(slack, waited + model.we[node] - begin)
    delay = max(0.0, min(waited, slack))
    if delay > 0:
        times = _forward(model, visits, model.start_h + delay)
    return model.start_h + delay, times


def _tour(
    model: FloatModel, vehicle: int, fleet: Fleet, visits: tuple[int, ...]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The stop rows and the totals row of one vehicle's tour."""
    depart, times = _departure(model, visits)
    path = [0, *visits, 0]
    legs = [float(model.distance[a, b]) for a, b in itertools.pairwise(path)]
    xy = model.xy
    base = {"vehicle": vehicle, "fleet": fleet.name}
    terminal = {
        **base,
        "pickup_id": model.depot_id,
        "x": xy[0, 0],
        "y": xy[0, 1],
        "wait_h": 0.0,
        "demand_teu": 0.0,
    }
    rows = [
        {
            **terminal,
            "stop": 0,
            "kind": "depart",
            "arrival_h": depart,
            "service_start_h": depart,
            "departure_h": depart,
            "load_teu": 0.0,
            "leg_distance_km": 0.0,
        }
    ]
    load = 0.0
    for number, (node, (arrival, begin, leave)) in enumerate(
        zip(visits, times, strict=True), start=1
    ):
        load += model.demand[node]
        rows.append(
            {
                **base,
                "stop": number,
                "kind": "pickup",
                "pickup_id": model.pickup_id(node),
                "x": xy[node, 0],
                "y": xy[node, 1],
                "arrival_h": arrival,
                "service_start_h": begin,
                "departure_h": leave,
                "wait_h": begin - arrival,
                "demand_teu": model.demand[node],
                "load_teu": load,
                "leg_distance_km": legs[number - 1],
            }
        )
    back = times[-1][2] + model.duration[visits[-1], 0]
    rows.append(
        {
            **terminal,
            "stop": len(visits) + 1,
            "kind": "return",
            "arrival_h": back,
            "service_start_h": back,
            "departure_h": back,
            "load_teu": load,
            "leg_distance_km": legs[-1],
        }
    )
    km = float(sum(legs))
    total = {
        **base,
        "pickups": len(visits),
        "depart_h": depart,
        "return_h": back,
        "distance_km": km,
        "time_h": back - depart,
        "load_teu": load,
        "cost_cny": fleet.fixed_cost_cny + fleet.cost_cny_per_km * km,
    }
    _check_tour(model, vehicle, fleet, visits, times, total)
    return rows, total


def _check_tour(
    model: FloatModel,
    vehicle: int,
    fleet: Fleet,
    visits: tuple[int, ...],
    times: list[StopTimes],
    total: dict[str, Any],
) -> None:
    """Log a tour that breaks a window, the cut-off or its capacity in exact arithmetic."""
    late = [
        model.pickup_id(node)
        for node, (_, begin, _) in zip(visits, times, strict=True)
        if begin > model.we[node] + 1e-6
    ]
    back, load = total["return_h"], total["load_teu"]
    over = load > fleet.capacity_teu + 1e-9
    if late or over or (model.timed and back > model.horizon_h + 1e-6):
        logger.warning(
            "vehicle %d breaks a window, the cut-off or its capacity after "
            "rescaling (late at %s, back %.4f h, load %g TEU)",
            vehicle,
            late,
            back,
            load,
        )
