"""``Route``: one shipment's route, leg by leg, with its totals (the result of ``route``).

Routes are made by ``multimodal.routing`` (``route``, ``alternatives``, ``pareto``); this
module holds the result and what it offers: legs, the nodes and modes used, the
signature that tells two routes apart, a readable account, tables, maps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._results import ResultMixin
from .modes import CargoClass
from .objective import Objective
from .plotting import explore_route, plot_route
from .shipment import Shipment

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    from matplotlib.axes import Axes

    from .network import Network


@dataclass(frozen=True, eq=False)
class ArrivalDistribution:
    """The distribution of a route's arrival time (``multimodal.reliability``).

    Attributes
    ----------
    values_h, probs
        Arrival times (h after the ready time, ascending) and their probabilities: an
        hourly grid (convolution) or the distinct Monte Carlo draws.
    scheduled_h
        The route's deterministic door-to-door time (h), which the delays come on top of.
    deadline_h
        The deadline (h after the ready time) of ``on_time_probability``, or None.
    ready_time
        The shipment's ready time (for arrival dates), or None.
    regime
        The regime: a name, or a mapping place -> regime.
    method, seed, n_samples
        ``"convolution"`` (no seed, no samples) or ``"monte-carlo"``.
    parts
        The random parts added, in order (distribution ids, waits, timetables).
    steps
        P10/P50/P90 of the arrival at the end of each step of the route (h).
    objective, candidates
        For a route chosen by ``objective="reliable"`` or ``"p90"``: that objective and how
        many candidate routes were compared (else ``""`` and 0).
    """

    values_h: np.ndarray
    probs: np.ndarray
    scheduled_h: float
    deadline_h: float | None = None
    ready_time: datetime | None = None
    regime: str | Mapping[str, str] = "normal"
    method: str = "convolution"
    seed: int | None = None
    n_samples: int = 0
    parts: tuple[str, ...] = ()
    steps: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    objective: str = ""
    candidates: int = 0

    def quantile_h(self, q: float) -> float:
        """The ``q`` quantile of the arrival time (h after the ready time), 0 < q < 1."""
        cdf = np.cumsum(self.probs)
        i = int(np.searchsorted(cdf, q * cdf[-1] - 1e-12))
        return float(self.values_h[min(i, len(self.values_h) - 1)])

    @property
    def p10_h(self) -> float:
        """10th percentile of the arrival (h after the ready time)."""
        return self.quantile_h(0.1)

    @property
    def p50_h(self) -> float:
        """Median arrival (h after the ready time)."""
        return self.quantile_h(0.5)

    @property
    def p90_h(self) -> float:
        """90th percentile of the arrival (h after the ready time)."""
        return self.quantile_h(0.9)

    @property
    def mean_h(self) -> float:
        """Expected arrival (h after the ready time)."""
        return float(np.dot(self.values_h, self.probs))

    def probability_by(self, deadline_h: float) -> float:
        """Probability of arriving within ``deadline_h`` hours of the ready time."""
        return float(self.probs[self.values_h <= deadline_h + 1e-9].sum())

    @property
    def on_time_probability(self) -> float | None:
        """Probability of arriving by the deadline (None without a deadline)."""
        return None if self.deadline_h is None else self.probability_by(self.deadline_h)

    def date(self, hours: float) -> datetime | None:
        """The date of an arrival ``hours`` after the ready time (None without one)."""
        if self.ready_time is None:
            return None
        return self.ready_time + timedelta(hours=hours)

    def with_(self, **changes: Any) -> ArrivalDistribution:
        """A copy with fields replaced (``deadline_h=...``)."""
        return replace(self, **changes)

    def totals(self) -> dict[str, object]:
        """The headline figures as a flat dictionary."""
        return {
            "arrival_p10_h": self.p10_h,
            "arrival_p50_h": self.p50_h,
            "arrival_p90_h": self.p90_h,
            "arrival_mean_h": self.mean_h,
            "on_time_probability": self.on_time_probability,
            "regime": self.regime if isinstance(self.regime, str) else dict(self.regime),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per arrival time: ``arrival_h``, ``probability``, ``cdf``."""
        return pd.DataFrame(
            {
                "arrival_h": self.values_h,
                "probability": self.probs,
                "cdf": np.cumsum(self.probs),
            }
        )

    def summary(self) -> str:
        """Two lines: P10/P50/P90 (with dates) and the on-time probability."""
        quantiles = []
        for name, hours in (("P10", self.p10_h), ("P50", self.p50_h), ("P90", self.p90_h)):
            when = self.date(hours)
            at = f" ({pd.Timestamp(when).round('min'):%Y-%m-%d %H:%M})" if when else ""
            quantiles.append(f"{name} {hours:,.0f} h = {hours / 24:.1f} d{at}")
        regime = (
            self.regime
            if isinstance(self.regime, str)
            else (", ".join(f"{k}: {v}" for k, v in self.regime.items()))
        )
        how = (
            "exact on an hourly grid"
            if self.method == "convolution"
            else (f"Monte Carlo, {self.n_samples:,} draws, seed {self.seed}")
        )
        lines = [f"arrival ({regime} regime, {how}): " + ", ".join(quantiles)]
        if self.deadline_h is not None:
            lines.append(
                f"on-time probability {100 * self.probability_by(self.deadline_h):.1f} % for "
                f"the deadline of {self.deadline_h:,.0f} h ({self.deadline_h / 24:.1f} d)"
            )
        return "\n".join(lines)


@dataclass(frozen=True, eq=False)
class Route(ResultMixin):
    """A route for a shipment, leg by leg, with its totals.

    Attributes
    ----------
    shipment
        The shipment, with origin and destination resolved to node ids.
    objective
        What the route minimises.
    steps
        One row per edge: links and hub events (transfer, gauge change, customs), with
        ``depart_h``/``arrive_h`` in hours after the cargo is ready.
    cost_cny, time_h, wait_h, distance_km, co2e_kg
        Totals: money; door-to-door time incl. waiting and handling; of which waiting
        for departures; distance; well-to-wheel emissions.
    objective_value
        The value minimised (CNY, h, kg, km, or generalized CNY).
    arrival_distribution
        The distribution of the arrival time (``multimodal.reliability``) when it was
        asked for (``route(..., objective="reliable")`` or ``reliability=...``), else None.
    """

    shipment: Shipment
    objective: Objective
    steps: pd.DataFrame
    cost_cny: float
    time_h: float
    wait_h: float
    distance_km: float
    co2e_kg: float
    objective_value: float
    network: Network = field(repr=False)
    meta: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    arrival_distribution: ArrivalDistribution | None = field(default=None, repr=False)

    def with_arrival_distribution(self, distribution: ArrivalDistribution | None) -> Route:
        """The same route carrying ``distribution`` (see ``multimodal.reliability``)."""
        return replace(self, arrival_distribution=distribution)

    @property
    def arrival(self) -> datetime | None:
        """Arrival date and time (None when the shipment has no ready time)."""
        if self.shipment.ready_time is None:
            return None
        return self.shipment.ready_time + timedelta(hours=self.time_h)

    @property
    def time_d(self) -> float:
        """Door-to-door time in days."""
        return self.time_h / 24.0

    @property
    def meets_deadline(self) -> bool:
        """Whether the route arrives by the shipment's deadline (True if there is none)."""
        deadline = self.shipment.deadline_h
        return deadline is None or self.time_h <= deadline + 1e-9

    @property
    def legs(self) -> pd.DataFrame:
        """The route as a shipper reads it: rides on services, road runs, hub events.

        One row per ride on a service, per run of continuous links (road) of one mode and
        corridor, and per hub event.

        Columns: kind, from_node, to_node, mode, corridor, service_id, service (its name),
        stops (``;``-list of the stops passed on board), customs_at (where customs cleared
        on board, at a border station), distance_km, wait_h, time_h (incl. dwell and
        customs at the stops passed), cost_cny, co2e_kg, depart_h, arrive_h (and
        depart/arrive dates with a ready time).
        """
        steps = self.steps
        if steps.empty:
            return steps
        service = steps["service_id"].fillna("")
        # Customs cleared while the train dwells at a border station is part of the ride.
        riding = steps["kind"].isin(["link", "stop"]) | (
            (steps["kind"] == "customs") & (service != "")
        )
        same_service = riding & riding.shift(fill_value=False) & (service == service.shift())
        continuous = (
            (steps["kind"] == "link")
            & (service == "")
            & (steps["kind"].shift() == "link")
            & (service.shift() == "")
            & (steps["mode"] == steps["mode"].shift())
            & (steps["corridor"] == steps["corridor"].shift())
        )
        new_leg = ~((same_service & (service != "")) | continuous)
        group = new_leg.cumsum()
        stops = steps["from_node"].where(steps["kind"] == "stop", "")
        cleared = steps["from_node"].where((steps["kind"] == "customs") & riding, "")
        legs = (
            steps.assign(_stop=stops, _clear=cleared)
            .groupby(group, sort=True)
            .agg(
                kind=("kind", "first"),
                from_node=("from_node", "first"),
                to_node=("to_node", "last"),
                mode=("mode", "first"),
                corridor=("corridor", "first"),
                service_id=("service_id", "first"),
                stops=("_stop", lambda v: ";".join(x for x in v if x)),
                customs_at=("_clear", lambda v: ";".join(x for x in v if x)),
                distance_km=("distance_km", "sum"),
                wait_h=("wait_h", "sum"),
                time_h=("time_h", "sum"),
                cost_cny=("cost_cny", "sum"),
                co2e_kg=("co2e_kg", "sum"),
                depart_h=("depart_h", "first"),
                arrive_h=("arrive_h", "last"),
            )
        )
        legs = legs.reset_index(drop=True)
        names = dict(zip(self.network.expanded.service_ids, self.network.expanded.service_names))
        legs.insert(6, "service", [names.get(s, "") if s else "" for s in legs["service_id"]])
        if self.shipment.ready_time is not None:
            ready = pd.Timestamp(self.shipment.ready_time)
            # to the second: hours summed in floating point carry nanosecond noise
            legs["depart"] = (ready + pd.to_timedelta(legs["depart_h"], unit="h")).dt.round("s")
            legs["arrive"] = (ready + pd.to_timedelta(legs["arrive_h"], unit="h")).dt.round("s")
        return legs

    @property
    def services(self) -> list[str]:
        """Ids of the services ridden, in order (implicit ones are ``link:<link id>``)."""
        ids = [s for s in self.legs["service_id"] if isinstance(s, str) and s]
        return [s for i, s in enumerate(ids) if i == 0 or s != ids[i - 1]]

    @property
    def nodes(self) -> list[str]:
        """Physical nodes visited, in order."""
        visited = [self.shipment.origin]
        for a, b in zip(self.steps["from_node"], self.steps["to_node"]):
            for n in (a, b):
                if n != visited[-1]:
                    visited.append(n)
        return visited

    @property
    def modes(self) -> list[str]:
        """Modes used, in order, without repeats of consecutive legs."""
        modes = [m for m in self.steps.loc[self.steps["kind"] == "link", "mode"]]
        return [m for i, m in enumerate(modes) if i == 0 or m != modes[i - 1]]

    @property
    def signature(self) -> tuple[tuple[str, ...], ...]:
        """What makes two routes different to a shipper.

        The sequence of legs, each (mode, corridor) and the service ridden (customs stops
        do not split a leg), the nodes where the cargo changes mode, service or gauge, and
        the border crossings.
        """
        steps = self.steps
        links = steps[steps["kind"] == "link"]
        keys = list(zip(links["mode"], links["corridor"], links["service_id"].fillna("")))
        legs = [key for i, key in enumerate(keys) if i == 0 or key != keys[i - 1]]
        changes = tuple(steps.loc[steps["kind"].isin(["transfer", "gauge_change"]), "from_node"])
        country = dict(zip(self.network.node_ids, self.network.node_values("country")))
        borders = tuple(
            f"{a}>{b}"
            for a, b in zip(links["from_node"], links["to_node"])
            if country[a] != country[b]
        )
        return (tuple("/".join(x for x in leg if x) for leg in legs), changes, borders)

    @property
    def solve_info(self) -> None:
        """None: a route comes from an exact shortest-path search, not a solver run."""
        return None

    def totals(self) -> dict[str, object]:
        """The totals as a flat dictionary (one row of a comparison table)."""
        return {
            "origin": self.shipment.origin,
            "destination": self.shipment.destination,
            "objective": (
                self.arrival_distribution.objective
                if self.arrival_distribution is not None and self.arrival_distribution.objective
                else self.objective.kind
            ),
            "cost_cny": self.cost_cny,
            "time_h": self.time_h,
            "time_d": self.time_d,
            "wait_h": self.wait_h,
            "distance_km": self.distance_km,
            "co2e_kg": self.co2e_kg,
            "modes": "+".join(self.modes),
            "services": " > ".join(self.services),
            "via": " > ".join(self.nodes),
            **(self.arrival_distribution.totals() if self.arrival_distribution else {}),
        }

    def explain(self) -> str:
        """A readable account of the route, leg by leg."""
        s = self.shipment
        dist = self.arrival_distribution
        goal = f"minimising {self.objective.kind}"
        if dist is not None and dist.objective == "reliable":
            goal = f"maximising the on-time probability over {dist.candidates} candidate routes"
        elif dist is not None and dist.objective:
            goal = (
                f"minimising the {dist.objective.upper()} arrival over {dist.candidates} "
                "candidate routes"
            )
        head = (
            f"{s.teu:g} TEU ({s.weight_t:g} t, {CargoClass.parse(s.cargo_class).value}) "
            f"{s.origin} -> {s.destination}, {goal}:"
        )
        lines = [head]
        for leg in self.legs.itertuples():
            if leg.kind == "link":
                lines.append(self._leg_line(leg))
            else:
                lines.append(
                    f"  {leg.kind.replace('_', ' ')} at {leg.from_node}: {leg.time_h:.1f} h, "
                    f"{leg.cost_cny:,.0f} CNY"
                )
        arrival = pd.Timestamp(self.arrival).round("min") if self.arrival else None
        when = f", arrives {arrival:%Y-%m-%d %H:%M}" if arrival is not None else ""
        lines.append(
            f"  total: {self.cost_cny:,.0f} CNY, {self.time_h:,.1f} h ({self.time_d:.1f} d, "
            f"of which {self.wait_h:.1f} h waiting){when}, {self.distance_km:,.0f} km, "
            f"{self.co2e_kg:,.0f} kg CO2e"
        )
        deadline = s.deadline_h
        if deadline is not None:
            verdict = "meets" if self.meets_deadline else "misses"
            lines.append(f"  {verdict} the deadline of {deadline:,.0f} h ({deadline / 24:.1f} d)")
        if dist is not None:
            lines.extend(f"  {line}" for line in dist.summary().splitlines())
        return "\n".join(lines)

    def _timetabled(self, service_id: str) -> bool:
        """Whether a service runs to a timetable (else its departure is an expected one)."""
        services = self.network.service_table.services
        found = services.loc[services["service_id"] == service_id, "timetable"]
        return bool(len(found)) and bool(str(found.iloc[0]).strip())

    def _leg_line(self, leg: Any) -> str:
        """One ride or run of road links, as ``explain`` writes it."""
        wait = f", wait {leg.wait_h:.1f} h" if leg.wait_h > 0.05 else ""
        by = f"{leg.mode} ({leg.corridor or '-'})"
        if leg.service_id and not str(leg.service_id).startswith("link:"):
            by = f"{leg.service or leg.service_id} [{leg.service_id}]"
            if self.shipment.ready_time is not None and self._timetabled(leg.service_id):
                by += f", departs {leg.depart.round('min'):%a %Y-%m-%d %H:%M}"
            elif self.shipment.ready_time is not None:
                by += " (no timetable: expected wait)"
            if leg.stops:
                by += f", via {leg.stops.replace(';', ', ')}"
            if leg.customs_at:
                by += f", customs on board at {leg.customs_at.replace(';', ', ')}"
        return (
            f"  {leg.from_node} -> {leg.to_node} by {by}: "
            f"{leg.distance_km:,.0f} km, {leg.time_h:.1f} h{wait}, "
            f"{leg.cost_cny:,.0f} CNY, {leg.co2e_kg:,.0f} kg CO2e"
        )

    def summary(self) -> str:
        """The route leg by leg, with totals (the same text as ``explain()``)."""
        return self.explain()

    def to_frame(self) -> pd.DataFrame:
        """The steps, one row per link or hub event (a copy of ``steps``).

        With an arrival distribution, also ``arrive_p10_h``, ``arrive_p50_h`` and
        ``arrive_p90_h``: the percentiles of the arrival at the end of each step.
        """
        frame = self.steps.copy()
        dist = self.arrival_distribution
        if dist is not None and len(dist.steps) == len(frame):
            for column in dist.steps.columns:
                frame[column] = dist.steps[column].to_numpy()
        return frame

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """The steps with geometry: link lines and points for hub events (WGS84)."""
        import geopandas as gpd

        links = self.network.links.set_index("id").geometry
        nodes = self.network.nodes.set_index("id").geometry
        geometry = [
            links[row.link_id] if row.kind == "link" else nodes[row.from_node]
            for row in self.steps.itertuples()
        ]
        return gpd.GeoDataFrame(self.steps.copy(), geometry=geometry, crs=4326)

    def plot(self, ax: Axes | None = None, *, title: str | None = None) -> Axes:
        """Draw the route over the network (static matplotlib map); returns the axes."""
        s = self.shipment
        default = (
            f"{s.origin} -> {s.destination} ({self.objective.kind}): "
            f"{self.cost_cny:,.0f} CNY, {self.time_d:.1f} d, {self.co2e_kg:,.0f} kg CO2e"
        )
        return plot_route(self.to_geodataframe(), self.network.links, ax, title=title or default)

    def explore(self, m: folium.Map | None = None) -> folium.Map:
        """An interactive folium map of the route (drawn on ``m`` if given)."""
        return explore_route(self.to_geodataframe(), m)


# -- the query: what the search needs, built once per call ----------------------------------
