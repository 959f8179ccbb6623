"""First-mile container collection: trucks pick containers up at factories for a train.

A capacitated vehicle-routing problem with time windows. Trucks leave the terminal (the
depot) no earlier than ``start``, visit factories (pickups) inside their time windows, load
their containers (TEU) up to the truck capacity, and are all back at the terminal by the
train's cut-off. The plan minimises fixed truck costs plus cost per km, after serving as
many pickups as possible: leaving a pickup unserved costs more than any plan does, so a
pickup stays unserved only when it cannot be served, and the plan says why.

Distances come from a road distance matrix when one is given (e.g. skims from the
network's road layer), otherwise from straight-line distances times a detour factor
(great-circle for lon/lat, Euclidean for planar x/y). Times come from a duration matrix
when one is given, otherwise from distance at an average speed. Each plan states which
was used (``CollectionPlan.distance_source``).

Two engines solve the same integer model (see ``_vrp_engines``): PyVRP (default, chosen
by the benchmark in ``docs/benchmarks/collection.md``) and OR-Tools routing.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._geo import haversine_km
from .._ortools import FEASIBLE, OPTIMAL, SolveInfo
from ..exceptions import DataValidationError, MultimodalError, Problem
from ..instances.vrp import VrpInstance
from ._vrp_engines import (
    DEFAULT_SCALING,
    ENGINES,
    IntProblem,
    ScalingPolicy,
    scale,
)
from ._vrp_engines import (
    solve as _engine_solve,
)

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    from matplotlib.axes import Axes

    from ..network import Network

logger = logging.getLogger("multimodal")

#: The engine used when none is named (the better one in docs/benchmarks/collection.md).
DEFAULT_ENGINE = "pyvrp"
#: Road distance over straight-line distance (EST: typical 1.2-1.4 for regional roads).
DEFAULT_DETOUR_FACTOR = 1.3
#: Average truck speed on first-mile roads, km/h (EST: low end of the 50-65 km/h in
#: shared/factsheet.md for Chinese trucks, since first-mile legs run on local roads).
DEFAULT_SPEED_KMH = 50.0
#: Loading time at a factory when the pickups table has no ``service_h`` (EST).
DEFAULT_SERVICE_H = 0.5
#: Truck cost per km (EST: factsheet gives RMB 8-12 per km per FEU for container haulage).
DEFAULT_COST_CNY_PER_KM = 10.0

#: Why a pickup can be left unserved (``CollectionPlan.unserved['reason']``).
UNSERVED_REASONS: dict[str, str] = {
    "demand_above_capacity": "its demand is above the capacity of every vehicle",
    "window_unreachable": "no vehicle can reach it before its time window closes",
    "cutoff_unreachable": "a vehicle serving it cannot be back at the terminal by the cut-off",
    "no_vehicle_left": "all vehicles are in use and none can fit it before the cut-off",
    "not_fitted": "the engine could not fit it into any tour before the cut-off",
    "no_solution": "the engine found no feasible plan within its time limit",
}

#: Columns of ``CollectionPlan.tours`` (one row per stop) and ``tour_totals`` (per vehicle).
TOUR_COLUMNS = [
    *("vehicle", "fleet", "stop", "kind", "pickup_id", "x", "y", "arrival_h"),
    *("service_start_h", "departure_h", "wait_h", "demand_teu", "load_teu", "leg_distance_km"),
]
TOTAL_COLUMNS = [
    *("vehicle", "fleet", "pickups", "depart_h", "return_h", "distance_km", "time_h"),
    *("load_teu", "cost_cny"),
]

_LONLAT_COLUMNS = ("lon", "lat")
_XY_COLUMNS = ("x", "y")


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Fleet:
    """A group of identical trucks based at the terminal.

    Attributes
    ----------
    count
        Number of trucks available.
    capacity_teu
        Containers one truck can carry, TEU (a 40 ft box is 2 TEU).
    cost_cny_per_km
        Running cost, CNY per km (default 10, EST: factsheet RMB 8-12 per km per FEU).
    fixed_cost_cny
        Cost of using a truck at all, CNY per truck (default 0).
    name
        Label for the plan's tables.
    """

    count: int
    capacity_teu: float
    cost_cny_per_km: float = DEFAULT_COST_CNY_PER_KM
    fixed_cost_cny: float = 0.0
    name: str = "truck"

    def __post_init__(self) -> None:
        problems = []
        if not (isinstance(self.count, (int, np.integer)) and self.count >= 1):
            problems.append(Problem(f"Fleet.count must be a whole number >= 1, got {self.count!r}"))
        for attribute, minimum in (
            ("capacity_teu", 0.0),
            ("cost_cny_per_km", 0.0),
            ("fixed_cost_cny", 0.0),
        ):
            value = getattr(self, attribute)
            strict = attribute == "capacity_teu"
            ok = isinstance(value, (int, float, np.number)) and math.isfinite(value)
            if not ok or value < minimum or (strict and value <= minimum):
                bound = "> 0" if strict else ">= 0"
                problems.append(
                    Problem(f"Fleet.{attribute} must be a number {bound}, got {value!r}")
                )
        if problems:
            raise DataValidationError(problems)


def parse_clock(value: object, what: str = "time") -> float:
    """Hours since midnight of the collection day from ``"HH:MM"`` (or a number of hours).

    Parameters
    ----------
    value
        A number of hours (``18.5``), ``"HH:MM"`` / ``"HH:MM:SS"`` (hours may exceed 24
        for the next day, ``"30:00"``), or a ``datetime.time``.
    what
        What the value is, for the error message.

    Returns
    -------
    float
        Hours (h).

    Raises
    ------
    DataValidationError
        The value cannot be read as a time.
    """
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        hours = float(value)
        if math.isnan(hours):
            raise DataValidationError(f"{what} is missing (NaN)")
        return hours
    if hasattr(value, "hour") and hasattr(value, "minute"):
        return value.hour + value.minute / 60 + getattr(value, "second", 0) / 3600
    text = str(value).strip()
    match = re.fullmatch(r"(\d{1,3}):(\d{2})(?::(\d{2}))?", text)
    if match:
        hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
        if minutes < 60 and seconds < 60:
            return hours + minutes / 60 + seconds / 3600
    try:
        return float(text)
    except ValueError:
        message = f"{what} {value!r} is not a time; use 'HH:MM' (e.g. '18:00') or hours (18.0)"
        raise DataValidationError(message) from None


_WINDOW_ALIASES = {
    "ready": "window_start", "ready_time": "window_start", "earliest": "window_start",
    "open": "window_start", "due": "window_end", "due_time": "window_end",
    "due_date": "window_end", "latest": "window_end", "close": "window_end",
}  # fmt: skip


def validate_pickups(
    pickups: pd.DataFrame,
    *,
    file: str | None = None,
    first_line: int | None = None,
    default_service_h: float = DEFAULT_SERVICE_H,
) -> tuple[pd.DataFrame, str]:
    """Check a pickups table and return it in canonical form.

    Parameters
    ----------
    pickups
        One row per factory. Columns: ``id`` (or the index), ``lon``/``lat`` (WGS84
        degrees) or ``x``/``y`` (planar, km), ``demand_teu``; optional time window as
        ``window_start_h``/``window_end_h`` (hours since midnight) or
        ``window_start``/``window_end`` (``"HH:MM"``), and ``service_h`` (loading time, h).
    file
        Where the table came from, for error messages.
    first_line
        Line number of the first data row in ``file`` (a CSV with a header: 2), so errors
        name file lines; otherwise rows are named by their index label.
    default_service_h
        Loading time used when there is no ``service_h`` column (h).

    Returns
    -------
    (pandas.DataFrame, str)
        Columns ``pickup_id, x, y, demand_teu, window_start_h, window_end_h, service_h``
        (``x``/``y`` hold lon/lat for geographic input; missing windows are NaN), and the
        coordinate kind, ``"lonlat"`` or ``"xy"``.

    Raises
    ------
    DataValidationError
        Every problem found, one line each, with file, row and column.
    """
    file = file or "pickups"
    problems: list[Problem] = []
    frame = pickups.copy()
    if not isinstance(frame, pd.DataFrame):
        raise DataValidationError(Problem("pickups must be a pandas DataFrame", file=file))

    def row_label(position: int) -> object:
        if first_line is not None:
            return first_line + position
        return frame.index[position]

    columns = {c.lower().strip(): c for c in frame.columns}
    # Names users reach for (Solomon's READY TIME / DUE DATE) would otherwise be ignored
    # as extra columns: a silently missing time window. Refuse them with the right name.
    for alias, proper in _WINDOW_ALIASES.items():
        if alias in columns:
            problems.append(
                Problem(
                    f"column {columns[alias]!r} is not read: name it '{proper}' (\"HH:MM\") "
                    f"or '{proper}_h' (hours)",
                    file=file,
                    column=columns[alias],
                )
            )
    if all(c in columns for c in _LONLAT_COLUMNS):
        kind, coordinate_columns = "lonlat", _LONLAT_COLUMNS
    elif all(c in columns for c in _XY_COLUMNS):
        kind, coordinate_columns = "xy", _XY_COLUMNS
    else:
        problems.append(
            Problem(
                "missing coordinates: give columns 'lon' and 'lat' (degrees) "
                "or 'x' and 'y' (planar km)",
                file=file,
            )
        )
        kind, coordinate_columns = "lonlat", ()
    if "demand_teu" not in columns:
        hint = " (rename 'demand' to 'demand_teu')" if "demand" in columns else ""
        problems.append(
            Problem(f"missing column 'demand_teu'{hint}", file=file, column="demand_teu")
        )
    if problems:
        raise DataValidationError(problems)

    if "id" in columns:
        ids = frame[columns["id"]].astype(str).str.strip()
    elif "pickup_id" in columns:
        ids = frame[columns["pickup_id"]].astype(str).str.strip()
    else:
        ids = pd.Series([str(i) for i in frame.index], index=frame.index)
    out = pd.DataFrame({"pickup_id": ids.to_numpy()})
    for duplicate in sorted(set(ids[ids.duplicated()])):
        positions = np.flatnonzero(ids.to_numpy() == duplicate)
        problems.append(
            Problem(
                f"pickup id {duplicate!r} is used more than once (rows "
                f"{[row_label(p) for p in positions]}); ids must be unique",
                file=file,
                row=row_label(positions[1]),
                column="id",
            )
        )

    def numeric(column: str) -> np.ndarray:
        values = pd.to_numeric(frame[columns[column]], errors="coerce").to_numpy(dtype=float)
        raw = frame[columns[column]].to_numpy()
        for position in np.flatnonzero(~np.isfinite(values)):
            problems.append(
                Problem(
                    f"value {raw[position]!r} is not a finite number",
                    file=file,
                    row=row_label(position),
                    column=column,
                )
            )
        return values

    out["x"] = numeric(coordinate_columns[0])
    out["y"] = numeric(coordinate_columns[1])
    if kind == "lonlat":
        for position in np.flatnonzero(np.abs(out["x"].to_numpy()) > 180):
            problems.append(
                Problem(
                    "longitude must be within [-180, 180]",
                    file=file,
                    row=row_label(position),
                    column="lon",
                )
            )
        for position in np.flatnonzero(np.abs(out["y"].to_numpy()) > 90):
            problems.append(
                Problem(
                    "latitude must be within [-90, 90]",
                    file=file,
                    row=row_label(position),
                    column="lat",
                )
            )
    out["demand_teu"] = numeric("demand_teu")
    for position in np.flatnonzero(out["demand_teu"].to_numpy() < 0):
        problems.append(
            Problem(
                "demand_teu must be >= 0", file=file, row=row_label(position), column="demand_teu"
            )
        )

    for bound in ("start", "end"):
        hours_column, clock_column = f"window_{bound}_h", f"window_{bound}"
        values = np.full(len(frame), np.nan)
        if hours_column in columns:
            values = pd.to_numeric(frame[columns[hours_column]], errors="coerce").to_numpy(float)
            raw = frame[columns[hours_column]].to_numpy()
            for position in np.flatnonzero(np.isnan(values) & ~pd.isna(raw)):
                problems.append(
                    Problem(
                        f"value {raw[position]!r} is not a number of hours",
                        file=file,
                        row=row_label(position),
                        column=hours_column,
                    )
                )
        elif clock_column in columns:
            raw = frame[columns[clock_column]].to_numpy()
            for position, value in enumerate(raw):
                if pd.isna(value) or str(value).strip() == "":
                    continue
                try:
                    values[position] = parse_clock(value, clock_column)
                except DataValidationError:
                    problems.append(
                        Problem(
                            f"value {value!r} is not a time; use 'HH:MM'",
                            file=file,
                            row=row_label(position),
                            column=clock_column,
                        )
                    )
        out[hours_column] = values
    start, end = out["window_start_h"].to_numpy(), out["window_end_h"].to_numpy()
    for position in np.flatnonzero(start > end):
        problems.append(
            Problem(
                f"time window starts ({start[position]:g} h) after it ends ({end[position]:g} h)",
                file=file,
                row=row_label(position),
                column="window_end",
            )
        )
    if "service_h" in columns:
        out["service_h"] = numeric("service_h")
        for position in np.flatnonzero(out["service_h"].to_numpy() < 0):
            problems.append(
                Problem(
                    "service_h must be >= 0", file=file, row=row_label(position), column="service_h"
                )
            )
    else:
        out["service_h"] = float(default_service_h)
    if problems:
        raise DataValidationError(problems)
    return out, kind


def read_pickups(path: str | Path, *, default_service_h: float = DEFAULT_SERVICE_H) -> pd.DataFrame:
    """Read and validate a pickups CSV (columns as in :func:`validate_pickups`).

    Parameters
    ----------
    path
        The CSV file (UTF-8, header row).
    default_service_h
        Loading time used when the file has no ``service_h`` column (h).

    Returns
    -------
    pandas.DataFrame
        The table as read (validated; errors name file lines).

    Raises
    ------
    DataValidationError
        The file is missing, empty or invalid.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype={"id": str, "pickup_id": str})
    except FileNotFoundError:
        problem = Problem("file not found; check the path", file=str(path))
        raise DataValidationError(problem) from None
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as error:
        problem = Problem(f"cannot read as CSV: {error}", file=str(path))
        raise DataValidationError(problem) from None
    validate_pickups(frame, file=str(path), first_line=2, default_service_h=default_service_h)
    return frame


def _as_matrix(value: np.ndarray | pd.DataFrame, ids: list[str], what: str) -> np.ndarray:
    """A square matrix in ``ids`` order (depot first) from an array or labelled frame."""
    if isinstance(value, pd.DataFrame):
        index = [str(i) for i in value.index]
        columns = [str(c) for c in value.columns]
        missing = [i for i in ids if i not in index or i not in columns]
        if missing:
            message = (
                f"{what} matrix has no row/column for {missing[:5]}; label rows and "
                "columns with the depot id and the pickup ids"
            )
            raise DataValidationError(Problem(message, file=what))
        frame = value.copy()
        frame.index, frame.columns = index, columns
        matrix = frame.loc[ids, ids].to_numpy(dtype=float)
    else:
        matrix = np.asarray(value, dtype=float)
        if matrix.shape != (len(ids), len(ids)):
            message = (
                f"{what} matrix has shape {matrix.shape}; expected "
                f"{(len(ids), len(ids))} (the depot first, then the pickups in order)"
            )
            raise DataValidationError(Problem(message, file=what))
    if not np.all(np.isfinite(matrix)) or np.any(matrix < 0):
        message = f"{what} matrix must hold finite values >= 0"
        raise DataValidationError(Problem(message, file=what))
    return matrix


# --------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class CollectionPlan:
    """A first-mile collection plan: which truck picks up what, when, and at what cost.

    Attributes
    ----------
    tours
        One row per stop: ``vehicle, fleet, stop`` (0 = leave the terminal, last = back),
        ``kind`` (``depart``/``pickup``/``return``), ``pickup_id``, ``x, y`` (lon/lat for
        geographic plans), ``arrival_h, service_start_h, departure_h, wait_h`` (hours since
        midnight), ``demand_teu``, ``load_teu`` (on board after the stop),
        ``leg_distance_km`` (from the previous stop).
    tour_totals
        One row per used vehicle: ``vehicle, fleet, pickups, depart_h, return_h,
        distance_km, time_h, load_teu, cost_cny``.
    unserved
        ``pickup_id, demand_teu, reason, detail``; reasons in :data:`UNSERVED_REASONS`.
    solve_info
        Engine, status, objective (total cost of the served tours, CNY), time, and whether
        the time limit stopped it. Heuristics give no bound: ``best_bound`` is NaN.
    pickups
        The validated pickups (canonical columns, see :func:`validate_pickups`).
    depot
        Terminal coordinates (lon, lat) or (x, y).
    depot_id
        Terminal id.
    coordinates
        ``"lonlat"`` or ``"xy"``.
    cutoff_h
        The cut-off (hours since midnight), or ``None``.
    distance_source
        How distances and times were obtained.
    engine
        ``"pyvrp"`` or ``"ortools"``.
    scaling
        The integer scaling policy used for the engine.
    meta
        Provenance: seed, time limit, versions, timestamp, instance name if any.
    """

    tours: pd.DataFrame
    tour_totals: pd.DataFrame
    unserved: pd.DataFrame
    solve_info: SolveInfo
    pickups: pd.DataFrame
    depot: tuple[float, float]
    depot_id: str
    coordinates: str
    cutoff_h: float | None
    distance_source: str
    engine: str
    scaling: ScalingPolicy
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def total_cost_cny(self) -> float:
        """Total cost of the served tours (CNY)."""
        return float(self.tour_totals["cost_cny"].sum())

    @property
    def total_distance_km(self) -> float:
        """Total distance driven (km; instance units for benchmark instances)."""
        return float(self.tour_totals["distance_km"].sum())

    @property
    def num_vehicles_used(self) -> int:
        """Number of trucks with at least one pickup."""
        return len(self.tour_totals)

    @property
    def served_ids(self) -> list[str]:
        """Ids of the pickups served, in tour order."""
        return self.tours.loc[self.tours["kind"] == "pickup", "pickup_id"].tolist()

    @property
    def served_teu(self) -> float:
        """Containers collected (TEU)."""
        return float(self.tour_totals["load_teu"].sum())

    def routes(self) -> list[list[str]]:
        """Pickup ids of each tour, in visiting order (one list per used vehicle)."""
        stops = self.tours[self.tours["kind"] == "pickup"]
        return [group["pickup_id"].tolist() for _, group in stops.groupby("vehicle", sort=True)]

    def summary(self) -> str:
        """A short text report of the plan."""
        info = self.solve_info
        lines = [
            f"Collection plan ({self.engine}): {info.status}, "
            f"{self.num_vehicles_used} vehicle(s), {len(self.served_ids)} pickup(s) served, "
            f"{len(self.unserved)} unserved",
        ]
        if "instance" in self.meta:
            # Benchmark instances are unitless: distance is the cost, time = distance.
            lines.append(
                f"  instance {self.meta['instance']}: total distance "
                f"{self.total_distance_km:,.1f} (instance units), load "
                f"{self.served_teu:g}"
            )
        else:
            lines.append(
                f"  cost {self.total_cost_cny:,.2f} CNY, distance "
                f"{self.total_distance_km:,.1f} km, {self.served_teu:g} TEU collected"
            )
        lines.append(f"  distances: {self.distance_source}")
        if self.cutoff_h is not None:
            cutoff = f"{self.cutoff_h:g}" if "instance" in self.meta else _clock(self.cutoff_h)
            lines.append(f"  cut-off {cutoff}")
        lines.append(f"  {info}")
        if not info.is_optimal and info.has_solution:
            lines.append("  heuristic result: feasible, not proven optimal (no bound)")
        for reason, count in self.unserved["reason"].value_counts().items():
            lines.append(f"  unserved, {reason}: {count}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def to_geodataframe(self, layer: str = "tours") -> gpd.GeoDataFrame:
        """The plan as a GeoDataFrame.

        Parameters
        ----------
        layer
            ``"tours"``: one line per vehicle (terminal, pickups, terminal) with the
            ``tour_totals`` columns; ``"stops"``: one point per pickup (served or not) with
            ``vehicle``, ``stop``, ``arrival_h``, ``load_teu`` and ``reason``.

        Returns
        -------
        geopandas.GeoDataFrame
            CRS EPSG:4326 for lon/lat plans, none for planar plans.
        """
        import geopandas as gpd
        from shapely.geometry import LineString, Point

        crs = "EPSG:4326" if self.coordinates == "lonlat" else None
        if layer == "tours":
            lines = []
            for vehicle in self.tour_totals["vehicle"]:
                stops = self.tours[self.tours["vehicle"] == vehicle].sort_values("stop")
                lines.append(LineString(stops[["x", "y"]].to_numpy()))
            return gpd.GeoDataFrame(self.tour_totals.copy(), geometry=lines, crs=crs)
        if layer == "stops":
            served = self.tours[self.tours["kind"] == "pickup"].set_index("pickup_id")
            frame = self.pickups[["pickup_id", "x", "y", "demand_teu"]].copy()
            for column in ("vehicle", "stop", "arrival_h", "load_teu"):
                frame[column] = frame["pickup_id"].map(served[column])
            frame["reason"] = frame["pickup_id"].map(self.unserved.set_index("pickup_id")["reason"])
            points = [Point(x, y) for x, y in zip(frame["x"], frame["y"], strict=True)]
            return gpd.GeoDataFrame(frame, geometry=points, crs=crs)
        message = f"layer must be 'tours' or 'stops', got {layer!r}"
        raise ValueError(message)

    def plot(self, ax: Axes | None = None, *, title: str | None = None) -> Axes:
        """Draw the terminal, the tours and the unserved pickups with matplotlib.

        Parameters
        ----------
        ax
            Axes to draw on; a new figure is made when ``None``.
        title
            Axes title (default: a one-line summary).

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on (save with ``ax.figure.savefig("map.png")``).
        """
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(8, 7))
        palette = "tab10" if self.num_vehicles_used <= 10 else "tab20"
        colours = plt.get_cmap(palette)
        for number, (vehicle, stops) in enumerate(self.tours.groupby("vehicle", sort=True)):
            stops = stops.sort_values("stop")
            ax.plot(
                stops["x"],
                stops["y"],
                "-o",
                color=colours(number % colours.N),
                markersize=4,
                linewidth=1.2,
                label=f"vehicle {vehicle}",
            )
        if len(self.pickups) <= 30:
            for pickup_id, x, y in self.pickups[["pickup_id", "x", "y"]].itertuples(index=False):
                ax.annotate(
                    pickup_id, (x, y), textcoords="offset points", xytext=(4, 4), fontsize="x-small"
                )
        if len(self.unserved):
            lost = self.pickups[self.pickups["pickup_id"].isin(self.unserved["pickup_id"])]
            ax.scatter(
                lost["x"], lost["y"], marker="x", color="red", s=40, zorder=3, label="unserved"
            )
        ax.scatter(
            [self.depot[0]],
            [self.depot[1]],
            marker="s",
            color="black",
            s=80,
            zorder=4,
            label=self.depot_id,
        )
        if self.coordinates == "lonlat":
            ax.set_xlabel("longitude (deg)")
            ax.set_ylabel("latitude (deg)")
        else:
            ax.set_xlabel("x")
            ax.set_ylabel("y")
        ax.set_title(
            title
            if title is not None
            else f"{self.num_vehicles_used} vehicles, {self.total_cost_cny:,.0f} CNY "
            f"({self.engine})"
        )
        if self.num_vehicles_used <= 12:
            ax.legend(fontsize="small", loc="best")
        ax.set_aspect("equal", adjustable="datalim")
        return ax

    def explore(self, **kwargs: Any) -> folium.Map:
        """An interactive folium map of the tours and stops (lon/lat plans only).

        Parameters
        ----------
        **kwargs
            Passed to ``GeoDataFrame.explore`` for the tours layer.

        Returns
        -------
        folium.Map
            The map (display it in a notebook, or ``.save("map.html")``).

        Raises
        ------
        MultimodalError
            folium is not installed, or the plan has planar coordinates.
        """
        try:
            import folium  # checked first, for a clear install hint
        except ImportError:
            message = "explore() needs folium: pip install folium mapclassify"
            raise MultimodalError(message) from None
        if self.coordinates != "lonlat":
            message = "explore() needs lon/lat coordinates; this plan is planar (use plot())"
            raise MultimodalError(message)
        tours = self.to_geodataframe("tours")
        kwargs.setdefault("column", "vehicle")
        kwargs.setdefault("categorical", True)
        kwargs.setdefault("cmap", "tab20")
        kwargs.setdefault("tooltip", ["vehicle", "pickups", "distance_km", "load_teu", "cost_cny"])
        if len(tours):
            fmap = tours.explore(**kwargs)
        else:
            fmap = folium.Map(location=[self.depot[1], self.depot[0]], zoom_start=9)
        stops = self.to_geodataframe("stops")
        stops["status"] = np.where(stops["reason"].isna(), "served", "unserved")
        stops.explore(
            m=fmap,
            column="status",
            cmap=["tab:blue", "tab:red"],
            tooltip=["pickup_id", "demand_teu", "vehicle", "arrival_h", "reason"],
        )
        folium.Marker([self.depot[1], self.depot[0]], tooltip=self.depot_id).add_to(fmap)
        return fmap


def _clock(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --------------------------------------------------------------------------- solving


def collect(
    depot: tuple[float, float] | VrpInstance,
    pickups: pd.DataFrame | None = None,
    vehicles: Fleet | Sequence[Fleet] | None = None,
    *,
    cutoff: float | str | None = None,
    start: float | str = 0.0,
    engine: str = DEFAULT_ENGINE,
    time_limit_s: float = 10.0,
    seed: int = 0,
    max_iterations: int | None = None,
    distance_km: np.ndarray | pd.DataFrame | None = None,
    duration_h: np.ndarray | pd.DataFrame | None = None,
    detour_factor: float = DEFAULT_DETOUR_FACTOR,
    speed_kmh: float = DEFAULT_SPEED_KMH,
    default_service_h: float = DEFAULT_SERVICE_H,
    depot_id: str = "terminal",
    scaling: ScalingPolicy = DEFAULT_SCALING,
    allow_unserved: bool = True,
    network: Network | None = None,
    snap_km: float = 10.0,
) -> CollectionPlan:
    """Plan truck tours that collect containers from factories before a train's cut-off.

    Parameters
    ----------
    depot
        Terminal coordinates, ``(lon, lat)`` or ``(x, y)`` like the pickups; or a
        :class:`~multimodal.instances.vrp.VrpInstance` (then see :func:`collect_instance`).
    pickups
        One row per factory (columns in :func:`validate_pickups`): id, coordinates,
        ``demand_teu``, optional time window (hours since midnight or ``"HH:MM"``) and
        ``service_h``.
    vehicles
        A :class:`Fleet` or several (mixed fleet).
    cutoff
        Train cut-off: every truck back at the terminal by then (``"18:00"`` or hours).
        ``None``: no cut-off (windows still apply).
    start
        Earliest time trucks may leave the terminal (default 00:00).
    engine
        ``"pyvrp"`` (default) or ``"ortools"``.
    time_limit_s
        Wall-clock limit for the engine (s).
    seed
        Random seed (PyVRP); same seed and same iteration limit, same tours.
    max_iterations
        Optional iteration limit (PyVRP iterations, OR-Tools solutions); set it for results
        that do not depend on machine speed.
    distance_km
        Road distance matrix (km), depot first then pickups in row order, or a DataFrame
        labelled by ``depot_id`` and the pickup ids. Default: straight-line distance times
        ``detour_factor``.
    duration_h
        Travel-time matrix (h), same layout. Default: distance / ``speed_kmh``.
    detour_factor
        Road over straight-line distance when no matrix is given (default 1.3, EST).
    speed_kmh
        Average speed when no duration matrix is given (default 50 km/h, EST).
    default_service_h
        Loading time at pickups without a ``service_h`` column (default 0.5 h, EST).
    depot_id
        Terminal id in the plan's tables.
    scaling
        Integer scaling policy for the engines (default fen / seconds / 0.01 TEU).
    allow_unserved
        If ``False`` every pickup must be served; the plan is ``"not_solved"`` when the
        engine cannot find such a plan.
    network
        Take road distances and times from this network's road layer where it covers
        the area (points snapped to road nodes within ``snap_km``), great-circle x
        ``detour_factor`` elsewhere; the plan's ``distance_source`` says which pairs
        used which (see ``multimodal.consolidation.road``).
    snap_km
        Farthest a point may be from the road node it is snapped to (km).

    Returns
    -------
    CollectionPlan
        Tours, per-tour totals, unserved pickups with reasons, and the solve status.

    Raises
    ------
    DataValidationError
        Invalid pickups, vehicles, matrices or times (every problem listed).
    SolverError
        Unknown engine, or scaling would overflow.

    Examples
    --------
    >>> import pandas as pd
    >>> pickups = pd.DataFrame({"id": ["A", "B"], "lon": [108.9, 109.1],
    ...                         "lat": [34.3, 34.4], "demand_teu": [2, 1]})
    >>> plan = collect((108.95, 34.27), pickups, Fleet(count=2, capacity_teu=2),
    ...                cutoff="18:00", time_limit_s=0.5)
    >>> sorted(plan.served_ids)
    ['A', 'B']
    """
    if isinstance(depot, VrpInstance):
        return collect_instance(
            depot,
            engine=engine,
            time_limit_s=time_limit_s,
            seed=seed,
            max_iterations=max_iterations,
        )
    if pickups is None or vehicles is None:
        message = "collect() needs pickups and vehicles (or a VrpInstance as first argument)"
        raise DataValidationError(message)
    if engine not in ENGINES:
        message = f"engine must be one of {ENGINES}, got {engine!r}"
        raise DataValidationError(message)
    if not (time_limit_s > 0):
        raise DataValidationError(f"time_limit_s must be > 0, got {time_limit_s!r}")
    fleets = [vehicles] if isinstance(vehicles, Fleet) else list(vehicles)
    if not fleets or not all(isinstance(f, Fleet) for f in fleets):
        raise DataValidationError("vehicles must be a Fleet or a non-empty list of Fleet")
    table, kind = validate_pickups(pickups, default_service_h=default_service_h)
    try:
        depot_xy = (float(depot[0]), float(depot[1]))
    except (TypeError, IndexError, ValueError):
        message = f"depot must be (lon, lat) or (x, y), got {depot!r}"
        raise DataValidationError(message) from None
    if not all(math.isfinite(v) for v in depot_xy):
        raise DataValidationError(f"depot coordinates must be finite, got {depot!r}")
    if depot_id in set(table["pickup_id"]):
        message = f"depot_id {depot_id!r} is also a pickup id; choose another depot_id"
        raise DataValidationError(message)
    start_h = parse_clock(start, "start")
    cutoff_h = None if cutoff is None else parse_clock(cutoff, "cutoff")
    if cutoff_h is not None and cutoff_h < start_h:
        message = f"cutoff ({_clock(cutoff_h)}) is before the start ({_clock(start_h)})"
        raise DataValidationError(message)
    if not (detour_factor >= 1.0 and math.isfinite(detour_factor)):
        raise DataValidationError(f"detour_factor must be >= 1, got {detour_factor!r}")
    if not (speed_kmh > 0 and math.isfinite(speed_kmh)):
        raise DataValidationError(f"speed_kmh must be > 0, got {speed_kmh!r}")

    ids = [depot_id, *table["pickup_id"].tolist()]
    xy = np.vstack([np.array(depot_xy), table[["x", "y"]].to_numpy(dtype=float)])
    road_duration = None
    if distance_km is not None:
        distance = _as_matrix(distance_km, ids, "distance_km")
        source = "given road distance matrix (km)"
    elif network is not None and kind == "lonlat" and duration_h is None:
        from .road import road_matrices

        distance, road_duration, source = road_matrices(
            network,
            xy[:, 0],
            xy[:, 1],
            snap_km=snap_km,
            detour_factor=detour_factor,
            speed_kmh=speed_kmh,
        )
    else:
        if kind == "lonlat":
            straight = haversine_km(xy[:, None, 0], xy[:, None, 1], xy[None, :, 0], xy[None, :, 1])
            source = f"great-circle distance x {detour_factor:g} detour factor (EST)"
        else:
            straight = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
            source = f"planar Euclidean distance (km) x {detour_factor:g} detour factor (EST)"
        distance = straight * detour_factor
    if road_duration is not None:
        duration = road_duration
    elif duration_h is not None:
        duration = _as_matrix(duration_h, ids, "duration_h")
        source += "; given travel-time matrix (h)"
    else:
        duration = distance / speed_kmh
        source += f"; times at {speed_kmh:g} km/h (EST)"
    return _plan(
        table=table,
        kind=kind,
        depot_xy=depot_xy,
        depot_id=depot_id,
        fleets=fleets,
        distance=distance,
        duration=duration,
        start_h=start_h,
        cutoff_h=cutoff_h,
        engine=engine,
        time_limit_s=time_limit_s,
        seed=seed,
        max_iterations=max_iterations,
        scaling=scaling,
        allow_unserved=allow_unserved,
        source=source,
        meta={},
    )


#: Exact integer policies for the benchmark conventions (no precision loss at all).
INSTANCE_SCALING = {
    "nint": ScalingPolicy(name="instance-nint-x1", cost_per_cny=1, time_per_h=1, load_per_teu=1),
    "trunc1": ScalingPolicy(
        name="instance-trunc1-x10", cost_per_cny=10, time_per_h=10, load_per_teu=1
    ),
    "exact": ScalingPolicy(
        name="instance-exact-x1000", cost_per_cny=1000, time_per_h=1000, load_per_teu=1
    ),
}


def collect_instance(
    instance: VrpInstance,
    *,
    engine: str = DEFAULT_ENGINE,
    time_limit_s: float = 10.0,
    seed: int = 0,
    max_iterations: int | None = None,
    num_vehicles: int | None = None,
) -> CollectionPlan:
    """Solve a VRPLIB/Solomon benchmark instance with its own distance convention.

    Distances (and, for VRPTW, travel times) are the instance's rounded arc lengths
    (``instance.distance_matrix()``), costs are distance only (1 per unit, no fixed cost),
    every customer must be served, and the scaling is exact (``INSTANCE_SCALING``). So
    ``plan.solve_info.objective`` is directly comparable with ``instance.optimum``. The
    plan's ``distance_km``/``cost_cny``/``*_h`` columns are then in instance units.

    Parameters
    ----------
    instance
        From :func:`~multimodal.instances.vrp.read_vrplib` or ``read_solomon``.
    engine, time_limit_s, seed, max_iterations
        As in :func:`collect`.
    num_vehicles
        Fleet size; default the instance's (Solomon: 25) or, for CVRPLIB's unlimited
        fleet, one vehicle per customer.

    Returns
    -------
    CollectionPlan
        ``meta["instance"]`` names the instance, ``meta["optimum"]`` its known optimum.
    """
    n = instance.num_customers
    count = num_vehicles or instance.num_vehicles or n
    table = pd.DataFrame(
        {
            "pickup_id": [str(i) for i in instance.node_ids[1:]],
            "x": instance.coords[1:, 0],
            "y": instance.coords[1:, 1],
            "demand_teu": instance.demand[1:].astype(float),
            "window_start_h": instance.ready_time[1:] if instance.has_time_windows else np.nan,
            "window_end_h": instance.due_time[1:] if instance.has_time_windows else np.nan,
            "service_h": instance.service_time[1:] if instance.has_time_windows else 0.0,
        }
    )
    distance = instance.distance_matrix()
    start_h = float(instance.ready_time[0]) if instance.has_time_windows else 0.0
    cutoff_h = float(instance.due_time[0]) if instance.has_time_windows else None
    source = (
        f"instance {instance.name}: Euclidean, rounding '{instance.rounding}' "
        "(instance units; travel time = distance)"
    )
    fleet = Fleet(
        count=int(count),
        capacity_teu=float(instance.capacity),
        cost_cny_per_km=1.0,
        fixed_cost_cny=0.0,
        name="vehicle",
    )
    return _plan(
        table=table,
        kind="xy",
        depot_xy=(float(instance.coords[0, 0]), float(instance.coords[0, 1])),
        depot_id=str(instance.node_ids[0]),
        fleets=[fleet],
        distance=distance,
        duration=distance,
        start_h=start_h,
        cutoff_h=cutoff_h,
        engine=engine,
        time_limit_s=time_limit_s,
        seed=seed,
        max_iterations=max_iterations,
        scaling=INSTANCE_SCALING[instance.rounding],
        allow_unserved=False,
        source=source,
        meta={
            "instance": instance.name,
            "optimum": instance.optimum,
            "optimum_source": instance.optimum_source,
        },
    )


def _plan(
    *,
    table: pd.DataFrame,
    kind: str,
    depot_xy: tuple[float, float],
    depot_id: str,
    fleets: list[Fleet],
    distance: np.ndarray,
    duration: np.ndarray,
    start_h: float,
    cutoff_h: float | None,
    engine: str,
    time_limit_s: float,
    seed: int,
    max_iterations: int | None,
    scaling: ScalingPolicy,
    allow_unserved: bool,
    source: str,
    meta: dict[str, Any],
) -> CollectionPlan:
    """Pre-screen, build the integer model, solve, and turn the routes into a plan."""
    n = len(table)
    demand = np.concatenate([[0.0], table["demand_teu"].to_numpy(float)])
    service = np.concatenate([[0.0], table["service_h"].to_numpy(float)])
    ws = np.concatenate([[start_h], table["window_start_h"].fillna(start_h).to_numpy(float)])
    ws = np.maximum(ws, start_h)
    we = np.concatenate([[np.inf], table["window_end_h"].fillna(np.inf).to_numpy(float)])
    timed = cutoff_h is not None or bool(np.isfinite(we[1:]).any())
    if cutoff_h is None and timed:
        # No cut-off but some windows: close the depot late enough never to bind.
        finite = we[np.isfinite(we)]
        horizon_h = float(
            max(finite.max(initial=start_h), ws.max()) + service.max() + duration.max()
        )
    else:
        horizon_h = cutoff_h if cutoff_h is not None else math.inf
    we[0] = horizon_h
    window_end = we.copy()  # as given, for telling a closed window from the cut-off
    we = np.minimum(we, horizon_h)

    # Pickups no plan can serve are taken out before solving, each with its reason.
    unserved: dict[int, tuple[str, str]] = {}
    max_capacity = max(f.capacity_teu for f in fleets)
    for node in range(1, n + 1):
        if demand[node] > max_capacity + 1e-9:
            unserved[node] = (
                "demand_above_capacity",
                f"{demand[node]:g} TEU > largest vehicle {max_capacity:g} TEU",
            )
            continue
        if not timed:
            continue
        begin = max(start_h + duration[0, node], ws[node])
        if begin > window_end[node] + 1e-9:
            unserved[node] = (
                "window_unreachable",
                f"earliest arrival {_clock(start_h + duration[0, node])} is after "
                f"the window end {_clock(window_end[node])}",
            )
        elif begin + service[node] + duration[node, 0] > horizon_h + 1e-9:
            back = begin + service[node] + duration[node, 0]
            unserved[node] = (
                "cutoff_unreachable",
                f"earliest return {_clock(back)} is after the cut-off {_clock(horizon_h)}",
            )
    if unserved and not allow_unserved:
        problems = [
            Problem(
                f"pickup {table['pickup_id'].iloc[node - 1]} cannot be served: "
                f"{UNSERVED_REASONS[reason]} ({detail})",
                row=node,
            )
            for node, (reason, detail) in unserved.items()
        ]
        raise DataValidationError(problems)
    kept = [node for node in range(1, n + 1) if node not in unserved]
    nodes = [0, *kept]

    routes: list[tuple[int, tuple[int, ...]]] = []
    if kept:
        problem = _int_problem(
            nodes,
            fleets,
            distance,
            duration if timed else None,
            service,
            ws,
            we,
            demand,
            xy=np.vstack([depot_xy, table[["x", "y"]]]),
            scaling=scaling,
            allow_unserved=allow_unserved,
        )
        result = _engine_solve(
            problem, engine, time_limit_s=time_limit_s, seed=seed, max_iterations=max_iterations
        )
        # Map the engine's model nodes back to table nodes (1-based rows of `table`).
        routes = [(t, tuple(nodes[i] for i in visits)) for t, visits in result.routes]
        status, solver = result.status, result.solver
        solve_time_s, time_limit_reached = result.solve_time_s, result.time_limit_reached
    else:
        # Nothing to route: the empty plan is trivially optimal.
        status, solver, solve_time_s, time_limit_reached = OPTIMAL, engine, 0.0, False

    tours, totals = _schedule(
        routes,
        table,
        fleets,
        distance,
        duration,
        service,
        ws,
        we,
        demand,
        start_h,
        horizon_h,
        depot_xy,
        depot_id,
        timed,
    )
    served = set(tours.loc[tours["kind"] == "pickup", "pickup_id"])
    fleet_size = sum(f.count for f in fleets)
    for node in kept:
        pickup_id = table["pickup_id"].iloc[node - 1]
        if pickup_id in served:
            continue
        if status not in (FEASIBLE, OPTIMAL):
            unserved[node] = ("no_solution", UNSERVED_REASONS["no_solution"])
        elif len(totals) >= fleet_size:
            unserved[node] = (
                "no_vehicle_left",
                f"all {fleet_size} vehicles are used and none can fit it",
            )
        else:
            unserved[node] = ("not_fitted", UNSERVED_REASONS["not_fitted"])
    unserved_table = pd.DataFrame(
        [
            (table["pickup_id"].iloc[node - 1], demand[node], reason, detail)
            for node, (reason, detail) in sorted(unserved.items())
        ],
        columns=["pickup_id", "demand_teu", "reason", "detail"],
    )
    objective = float(totals["cost_cny"].sum()) if status in (FEASIBLE, OPTIMAL) else math.nan
    info = SolveInfo(
        solver=solver,
        status=status,
        objective=objective,
        best_bound=math.nan,
        solve_time_s=solve_time_s,
        time_limit_reached=time_limit_reached,
    )
    if status == OPTIMAL:
        info = SolveInfo(
            solver=solver,
            status=status,
            objective=objective,
            best_bound=objective,
            solve_time_s=solve_time_s,
        )
    logger.info("collection: %s", info)
    meta = {
        **meta,
        "engine": engine,
        "seed": seed,
        "time_limit_s": time_limit_s,
        "max_iterations": max_iterations,
        "scaling": scaling.name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return CollectionPlan(
        tours=tours,
        tour_totals=totals,
        unserved=unserved_table,
        solve_info=info,
        pickups=table,
        depot=depot_xy,
        depot_id=depot_id,
        coordinates=kind,
        cutoff_h=cutoff_h,
        distance_source=source,
        engine=engine,
        scaling=scaling,
        meta=meta,
    )


def _int_problem(
    nodes: list[int],
    fleets: list[Fleet],
    distance: np.ndarray,
    duration: np.ndarray | None,
    service: np.ndarray,
    ws: np.ndarray,
    we: np.ndarray,
    demand: np.ndarray,
    *,
    xy: np.ndarray,
    scaling: ScalingPolicy,
    allow_unserved: bool,
) -> IntProblem:
    """Scale the sub-problem on ``nodes`` (node 0 the depot) to integers."""
    index = np.asarray(nodes)
    sub_distance = distance[np.ix_(index, index)]
    arc_cost = tuple(
        scale(sub_distance * f.cost_cny_per_km, scaling.cost_per_cny, "arc costs", scaling)
        for f in fleets
    )
    fixed = scale(
        np.array([f.fixed_cost_cny for f in fleets]), scaling.cost_per_cny, "fixed costs", scaling
    )
    capacity = scale(
        np.array([f.capacity_teu for f in fleets]),
        scaling.load_per_teu,
        "capacities",
        scaling,
        mode="floor",
    )
    loads = scale(demand[index], scaling.load_per_teu, "demands", scaling, mode="ceil")
    if duration is not None:
        travel = scale(
            duration[np.ix_(index, index)], scaling.time_per_h, "travel times", scaling, mode="ceil"
        )
        service_int = scale(
            service[index], scaling.time_per_h, "service times", scaling, mode="ceil"
        )
        early = scale(ws[index], scaling.time_per_h, "window starts", scaling, mode="ceil")
        late = scale(we[index], scaling.time_per_h, "window ends", scaling, mode="floor")
    else:
        travel = None
        service_int = np.zeros(len(index), np.int64)
        early = np.zeros(len(index), np.int64)
        late = np.full(len(index), np.iinfo(np.int32).max, np.int64)
    penalty = None
    if allow_unserved:
        # Larger than the cost of any whole plan, so serving one more pickup always pays.
        vehicles = sum(f.count for f in fleets)
        bound = (
            int(fixed.max()) * vehicles
            + max(int(c.max()) for c in arc_cost) * (len(index) + vehicles)
            + 1
        )
        penalty = np.full(len(index), bound, np.int64)
        penalty[0] = 0
    return IntProblem(
        arc_cost=arc_cost,
        duration=travel,
        service=service_int,
        tw_early=early,
        tw_late=late,
        demand=loads,
        type_count=tuple(int(f.count) for f in fleets),
        type_capacity=tuple(int(c) for c in capacity),
        type_fixed_cost=tuple(int(c) for c in fixed),
        penalty=penalty,
        coords=xy[index],
    )


def _schedule(
    routes: list[tuple[int, tuple[int, ...]]],
    table: pd.DataFrame,
    fleets: list[Fleet],
    distance: np.ndarray,
    duration: np.ndarray,
    service: np.ndarray,
    ws: np.ndarray,
    we: np.ndarray,
    demand: np.ndarray,
    start_h: float,
    horizon_h: float,
    depot_xy: tuple[float, float],
    depot_id: str,
    timed: bool,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Recompute every tour in floats: times, loads, distances and costs.

    Each truck leaves as late as it can without coming back later (waiting at the first
    stops is turned into a later departure). A tour that breaks a window, the cut-off or
    the capacity in exact arithmetic (which conservative scaling should prevent) is logged.
    """
    stop_rows = []
    total_rows = []
    pickup_ids = table["pickup_id"].tolist()
    xy = np.vstack([depot_xy, table[["x", "y"]].to_numpy(float)])
    for vehicle, (fleet_index, visits) in enumerate(routes, start=1):
        fleet = fleets[fleet_index]
        path = [0, *visits, 0]

        def forward(depart: float, path: list[int] = path) -> list[tuple[float, float, float]]:
            times = []
            clock = depart
            for prev, node in itertools.pairwise(path[:-1]):
                arrival = clock + duration[prev, node]
                begin = max(arrival, ws[node])
                times.append((arrival, begin, begin + service[node]))
                clock = begin + service[node]
            return times

        times = forward(start_h)
        if timed:
            # Delay the departure by as much as the waiting absorbs and the windows allow.
            waited, slack = 0.0, math.inf
            for node, (arrival, begin, _) in zip(visits, times, strict=True):
                waited += begin - arrival
                slack = min(slack, waited + we[node] - begin)
            delay = max(0.0, min(waited, slack))
            times = forward(start_h + delay) if delay > 0 else times
            depart = start_h + delay
        else:
            depart = start_h
        legs = [distance[a, b] for a, b in itertools.pairwise(path)]
        base = {"vehicle": vehicle, "fleet": fleet.name}
        depot_row = {
            "pickup_id": depot_id,
            "x": xy[0, 0],
            "y": xy[0, 1],
            "wait_h": 0.0,
            "demand_teu": 0.0,
        }
        stop_rows.append(
            {
                **base,
                **depot_row,
                "stop": 0,
                "kind": "depart",
                "arrival_h": depart,
                "service_start_h": depart,
                "departure_h": depart,
                "load_teu": 0.0,
                "leg_distance_km": 0.0,
            }
        )
        load = 0.0
        for number, (node, (arrival, begin, leave)) in enumerate(
            zip(visits, times, strict=True), start=1
        ):
            load += demand[node]
            stop_rows.append(
                {
                    **base,
                    "stop": number,
                    "kind": "pickup",
                    "pickup_id": pickup_ids[node - 1],
                    "x": xy[node, 0],
                    "y": xy[node, 1],
                    "arrival_h": arrival,
                    "service_start_h": begin,
                    "departure_h": leave,
                    "wait_h": begin - arrival,
                    "demand_teu": demand[node],
                    "load_teu": load,
                    "leg_distance_km": legs[number - 1],
                }
            )
        back = times[-1][2] + duration[visits[-1], 0]
        stop_rows.append(
            {
                **base,
                **depot_row,
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
        total_rows.append(
            {
                **base,
                "pickups": len(visits),
                "depart_h": depart,
                "return_h": back,
                "distance_km": km,
                "time_h": back - depart,
                "load_teu": load,
                "cost_cny": fleet.fixed_cost_cny + fleet.cost_cny_per_km * km,
            }
        )
        late = [
            pickup_ids[node - 1]
            for node, (_, begin, _) in zip(visits, times, strict=True)
            if begin > we[node] + 1e-6
        ]
        if late or load > fleet.capacity_teu + 1e-9 or (timed and back > horizon_h + 1e-6):
            logger.warning(
                "vehicle %d breaks a window, the cut-off or its capacity after "
                "rescaling (late at %s, back %.4f h, load %g TEU)",
                vehicle,
                late,
                back,
                load,
            )
    tours = pd.DataFrame(stop_rows, columns=TOUR_COLUMNS)
    totals = pd.DataFrame(total_rows, columns=TOTAL_COLUMNS)
    return tours, totals
