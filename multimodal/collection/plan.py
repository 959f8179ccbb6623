"""The result of a first-mile collection: ``CollectionPlan`` (tours, totals, unserved).

It follows the library's result protocol (``docs/architecture.md``): ``summary()`` (and
``str``), ``to_frame()``, ``to_geodataframe()``, ``plot()``, ``explore()``, ``solve_info``
and ``meta``. Its pictures are drawn by ``multimodal.plotting.tours``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._results import ResultMixin
from .._scaling import ScalingPolicy
from ..exceptions import MultimodalError, ParameterError
from ..plotting.tours import explore_tours, plot_tours
from ._clock import format_clock

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    from matplotlib.axes import Axes

    from .._ortools import SolveInfo

#: Why a pickup can be left unserved (``CollectionPlan.unserved['reason']``).
UNSERVED_REASONS: dict[str, str] = {
    "demand_above_capacity": "its demand is above the capacity of every vehicle",
    "window_unreachable": "no vehicle can reach it before its time window closes",
    "cutoff_unreachable": "a vehicle serving it cannot be back at the terminal by the cut-off",
    "no_vehicle_left": "all vehicles are in use and none can fit it before the cut-off",
    "not_fitted": "the solver could not fit it into any tour before the cut-off",
    "no_solution": "the solver found no feasible plan within its time limit",
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
#: Columns of ``CollectionPlan.unserved``.
UNSERVED_COLUMNS = ["pickup_id", "demand_teu", "reason", "detail"]


@dataclass(frozen=True, eq=False)
class CollectionPlan(ResultMixin):
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
        ``pickup_id, demand_teu, reason, detail``; reasons in ``UNSERVED_REASONS``.
    solve_info
        Solver, status, objective (total cost of the served tours, CNY), time, and whether
        the time limit stopped it. Heuristics give no bound: ``best_bound`` is NaN.
    pickups
        The validated pickups (canonical columns, see
        ``validate_pickups``).
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
    solver
        ``"pyvrp"`` or ``"ortools"``.
    scaling
        The integer scaling policy used for the solver.
    meta
        Where the plan came from (``run_meta``): ``function``, ``inputs`` (table sizes,
        distance source; for benchmark instances ``instance``, ``optimum`` and
        ``optimum_source``), ``options`` (the ``CollectParams``), ``seed`` and
        ``versions``.
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
    solver: str
    scaling: ScalingPolicy
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)

    # -- figures ------------------------------------------------------------------------
    @property
    def engine(self) -> str:
        """Deprecated name of ``solver``."""
        warnings.warn(
            "CollectionPlan.engine is deprecated and will be removed in the next release; "
            "use CollectionPlan.solver instead",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.solver

    @property
    def instance(self) -> str | None:
        """Name of the benchmark instance solved, or None for a collection problem."""
        inputs = self.meta.get("inputs", {})
        return inputs.get("instance") if isinstance(inputs, Mapping) else None

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

    # -- the result protocol --------------------------------------------------------------
    def summary(self) -> str:
        """A short text report of the plan."""
        info = self.solve_info
        instance = self.instance
        lines = [
            f"Collection plan ({self.solver}): {info.status}, "
            f"{self.num_vehicles_used} vehicle(s), {len(self.served_ids)} pickup(s) served, "
            f"{len(self.unserved)} unserved",
        ]
        if instance is not None:
            # Benchmark instances are unitless: distance is the cost, time = distance.
            lines.append(
                f"  instance {instance}: total distance "
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
            cutoff = f"{self.cutoff_h:g}" if instance is not None else format_clock(self.cutoff_h)
            lines.append(f"  cut-off {cutoff}")
        lines.append(f"  {info}")
        if not info.is_optimal and info.has_solution:
            lines.append("  heuristic result: feasible, not proven optimal (no bound)")
        for reason, count in self.unserved["reason"].value_counts().items():
            lines.append(f"  unserved, {reason}: {count}")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The plan's main table: one row per stop (a copy of ``tours``)."""
        return self.tours.copy()

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

        Raises
        ------
        ParameterError
            An unknown layer.
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
        raise ParameterError(message)

    def plot(self, ax: Axes | None = None, *, title: str | None = None) -> Axes:
        """Draw the terminal, the tours and the unserved pickups with matplotlib.

        Parameters
        ----------
        ax
            Axes to draw on; a new figure is made when ``None``.
        title
            Axes title (default: vehicles, cost and solver).

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on (save with ``multimodal.plotting.save(ax, "map.png")``).
        """
        if title is None:
            title = (
                f"{self.num_vehicles_used} vehicles, {self.total_cost_cny:,.0f} CNY ({self.solver})"
            )
        return plot_tours(
            self.to_geodataframe("tours"),
            self.to_geodataframe("stops"),
            self.depot,
            depot_label=self.depot_id,
            lonlat=self.coordinates == "lonlat",
            title=title,
            ax=ax,
        )

    def explore(self, m: folium.Map | None = None, **kwargs: Any) -> folium.Map:
        """An interactive folium map of the tours and stops (lon/lat plans only).

        Parameters
        ----------
        m
            Map to draw on; a new one when None.
        **kwargs
            Passed to ``GeoDataFrame.explore`` for the tours layer.

        Returns
        -------
        folium.Map
            The map (display it in a notebook, or ``.save("map.html")``).

        Raises
        ------
        MultimodalError
            The plan has planar coordinates (use ``plot()``).
        """
        if self.coordinates != "lonlat":
            message = "explore() needs lon/lat coordinates; this plan is planar (use plot())"
            raise MultimodalError(message)
        return explore_tours(
            self.to_geodataframe("tours"),
            self.to_geodataframe("stops"),
            self.depot,
            depot_label=self.depot_id,
            m=m,
            **kwargs,
        )
