"""What a route minimises, and the one place that prices an edge for a shipment.

Every solver that needs edge costs (routing, skims, assignment) calls ``edge_values``, so
there is one definition of money, time and emissions per edge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ._validate import check_number
from .emissions import co2e_kg
from .exceptions import ParameterError
from .graph import LINK, ExpandedGraph
from .modes import CargoClass

OBJECTIVES = ("cost", "time", "co2e", "distance", "generalized")

#: Value of time as % of cargo value per day, by class (factsheet §6, EST: low-value bulk
#: 0.05 %, general 0.2 %, high-tech or perishable 0.6-1.0 %, of which we take 0.8 %).
VALUE_OF_TIME_PCT_PER_DAY = {
    CargoClass.GENERAL: 0.2,
    CargoClass.DANGEROUS_GOODS: 0.2,
    CargoClass.VEHICLES: 0.2,
    CargoClass.GRAIN: 0.05,
    CargoClass.REEFER: 0.8,
    CargoClass.MEAT: 0.8,
    CargoClass.FRUIT: 0.8,
    CargoClass.AQUATIC_ANIMALS: 0.8,
    CargoClass.CHILLED_SEAFOOD: 0.8,
    CargoClass.SEEDLINGS: 0.8,
    CargoClass.MEDICINES: 0.8,
}


def holding_cost_cny_per_h(value_cny: float, pct_per_day: float) -> float:
    """What an hour in transit costs cargo worth ``value_cny``: value x % per day / 24, CNY/h.

    Examples
    --------
    >>> holding_cost_cny_per_h(300_000.0, 0.2)
    25.0
    """
    return value_cny * pct_per_day / 100.0 / 24.0


#: Cargo value per TEU where a demand row gives none, CNY per TEU, by class (EST-D-VALUE of
#: docs/demand.md: the built-in demand's own values; air rows are per 10 t).
DEFAULT_CARGO_VALUE_CNY_PER_TEU = {
    CargoClass.GENERAL: 300_000.0,
    CargoClass.DANGEROUS_GOODS: 150_000.0,
    CargoClass.VEHICLES: 240_000.0,
    CargoClass.GRAIN: 70_000.0,
    CargoClass.REEFER: 200_000.0,
    CargoClass.MEAT: 375_000.0,
    CargoClass.FRUIT: 600_000.0,
    CargoClass.AQUATIC_ANIMALS: 1_500_000.0,
    CargoClass.CHILLED_SEAFOOD: 1_000_000.0,
    CargoClass.SEEDLINGS: 1_000_000.0,
    CargoClass.MEDICINES: 15_000_000.0,
}

#: Penalty per change of mode or service, CNY per TEU (EST-TRANSFER, docs/choice.md): what
#: shippers add to the handling charge for the risk of damage, loss and a missed connection
#: at a transshipment; the choice model's constants absorb the rest.
TRANSFER_PENALTY_CNY_PER_TEU = 500.0


@dataclass(frozen=True)
class GeneralizedCost:
    """How ``assign``, ``compare`` and the choice model price a route for a shipper.

    Generalized cost per TEU = money + value of time x door-to-door hours + a penalty per
    change of mode or service + carbon price x CO2e. The value of time is the inventory
    holding cost of the cargo: its value per TEU times a share per day by cargo class
    (``VALUE_OF_TIME_PCT_PER_DAY``), / 24.

    Parameters
    ----------
    value_of_time_pct_per_day
        Share of the cargo value that a day in transit costs, % per day, by cargo class
        name (classes not given keep the default table).
    transfer_penalty_cny_per_teu
        Added per change of mode or service, CNY per TEU (>= 0).
    carbon_price_cny_per_t
        Price of a tonne of CO2e (>= 0; default 0: shippers pay none today).

    Examples
    --------
    >>> g = GeneralizedCost()
    >>> round(g.value_of_time_cny_per_teu_h(CargoClass.GENERAL, 300_000.0), 2)
    25.0
    """

    value_of_time_pct_per_day: Mapping[str, float] = field(default_factory=dict)
    transfer_penalty_cny_per_teu: float = TRANSFER_PENALTY_CNY_PER_TEU
    carbon_price_cny_per_t: float = 0.0

    def __post_init__(self) -> None:
        check_number(
            self.transfer_penalty_cny_per_teu,
            "GeneralizedCost.transfer_penalty_cny_per_teu",
            unit="CNY per TEU",
            minimum=0,
        )
        check_number(
            self.carbon_price_cny_per_t,
            "GeneralizedCost.carbon_price_cny_per_t",
            unit="CNY/t",
            minimum=0,
        )
        rates = {}
        for name, rate in dict(self.value_of_time_pct_per_day).items():
            number = check_number(
                rate, f"value_of_time_pct_per_day[{name!r}]", unit="% per day", minimum=0
            )
            rates[CargoClass.parse(name).value] = float(number or 0.0)
        object.__setattr__(self, "value_of_time_pct_per_day", rates)

    def value_of_time_cny_per_teu_h(
        self, cargo_class: CargoClass, cargo_value_cny_per_teu: float | None = None
    ) -> float:
        """Value of an hour of one TEU in transit, CNY per TEU-hour.

        Parameters
        ----------
        cargo_class
            The cargo class (its % per day).
        cargo_value_cny_per_teu
            Value of the cargo in one TEU, CNY; None or NaN: the class's default
            (``DEFAULT_CARGO_VALUE_CNY_PER_TEU``).
        """
        value = cargo_value_cny_per_teu
        if value is None or not np.isfinite(value):
            value = DEFAULT_CARGO_VALUE_CNY_PER_TEU[cargo_class]
        rate = self.value_of_time_pct_per_day.get(
            cargo_class.value, VALUE_OF_TIME_PCT_PER_DAY[cargo_class]
        )
        return holding_cost_cny_per_h(float(value), rate)


@dataclass(frozen=True)
class Objective:
    """What to minimise.

    Parameters
    ----------
    kind
        ``cost`` (CNY), ``time`` (h, door to door incl. waits and handling), ``co2e``
        (kg, well-to-wheel), ``distance`` (km) or ``generalized``: money + value of time x
        time + carbon price x CO2e.
    value_of_time_cny_per_h
        For ``generalized``: what an hour of the whole consignment is worth. Default: the
        shipment's ``cargo_value_cny`` times the class's % per day (see
        ``VALUE_OF_TIME_PCT_PER_DAY``) / 24.
    carbon_price_cny_per_t
        For ``generalized``: price of a tonne of CO2e (default 0).
    money_weight
        For ``generalized``: weight of money (default 1).
    """

    kind: str = "cost"
    value_of_time_cny_per_h: float | None = None
    carbon_price_cny_per_t: float = 0.0
    money_weight: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in OBJECTIVES:
            message = f"unknown objective {self.kind!r}; use one of {', '.join(OBJECTIVES)}"
            raise ParameterError(message)
        units = {
            "value_of_time_cny_per_h": "CNY/h",
            "carbon_price_cny_per_t": "CNY/t",
            "money_weight": "",
        }
        for name, unit in units.items():
            number = check_number(
                getattr(self, name), f"Objective.{name}", unit=unit, minimum=0, allow_none=True
            )
            if number is None and name != "value_of_time_cny_per_h":
                message = f"Objective.{name} must be a number, got None"
                raise ParameterError(message)
            object.__setattr__(self, name, number)

    @classmethod
    def parse(cls, value: str | Objective) -> Objective:
        """Return an ``Objective`` from a name or an ``Objective``."""
        return value if isinstance(value, Objective) else cls(str(value))

    def value_of_time(self, cargo_value_cny: float | None, cargo_class: CargoClass) -> float:
        """CNY per hour of the whole consignment, for the generalized objective."""
        if self.value_of_time_cny_per_h is not None:
            return self.value_of_time_cny_per_h
        if cargo_value_cny is None:
            message = (
                "the generalized objective needs the value of time: give the shipment a "
                "cargo_value_cny or the objective a value_of_time_cny_per_h"
            )
            raise ParameterError(message)
        return holding_cost_cny_per_h(cargo_value_cny, VALUE_OF_TIME_PCT_PER_DAY[cargo_class])


@dataclass(frozen=True, eq=False)
class EdgeValues:
    """Money, time, emissions and distance of each edge of the expanded graph, for a load.

    ``time_h`` includes the expected wait for a departure (half the headway); ``wait_h``
    is that wait alone. ``allowed`` is False where the cargo may not go (reefer, dangerous
    goods, excluded modes, nodes or countries).
    """

    cost_cny: np.ndarray
    time_h: np.ndarray
    wait_h: np.ndarray
    co2e_kg: np.ndarray
    distance_km: np.ndarray
    allowed: np.ndarray

    def weight(self, objective: Objective, value_of_time_cny_per_h: float = 0.0) -> np.ndarray:
        """The scalar edge weight that ``objective`` minimises (static waits)."""
        if objective.kind == "cost":
            return self.cost_cny
        if objective.kind == "time":
            return self.time_h
        if objective.kind == "co2e":
            return self.co2e_kg
        if objective.kind == "distance":
            return self.distance_km
        return self.generalized(objective, value_of_time_cny_per_h)

    def generalized(self, objective: Objective, value_of_time_cny_per_h: float = 0.0) -> np.ndarray:
        """Generalised cost per edge, CNY: money + value of time x h + carbon price x t CO2e.

        Raises
        ------
        ParameterError
            The weights times this load overflow the float range (e.g. a carbon price of
            1e300 CNY/t): no route can be compared with such a weight.
        """
        with np.errstate(over="ignore", invalid="ignore"):
            total = (
                objective.money_weight * self.cost_cny
                + value_of_time_cny_per_h * self.time_h
                + objective.carbon_price_cny_per_t * self.co2e_kg / 1000.0
            )
        inputs_finite = (
            np.isfinite(self.cost_cny) & np.isfinite(self.time_h) & np.isfinite(self.co2e_kg)
        )
        if np.any(~np.isfinite(total) & inputs_finite):
            message = (
                "the generalized cost overflows for this load: value of time "
                f"{value_of_time_cny_per_h:g} CNY/h, carbon price "
                f"{objective.carbon_price_cny_per_t:g} CNY/t, money weight "
                f"{objective.money_weight:g}; give weights a real shipment could have"
            )
            raise ParameterError(message)
        return total


def edge_values(
    graph: ExpandedGraph,
    *,
    teu: float,
    weight_t: float,
    cargo_class: CargoClass = CargoClass.GENERAL,
    modes: set[str] | None = None,
    avoid_nodes: set[int] | None = None,
    avoid_countries_mask: np.ndarray | None = None,
    avoid_links_mask: np.ndarray | None = None,
) -> EdgeValues:
    """Price every edge of ``graph`` for a load of ``teu`` TEU weighing ``weight_t`` t.

    Parameters
    ----------
    graph
        The expanded graph.
    teu, weight_t
        The load; a link priced per TEU costs ``cost x teu``, one priced per tonne
        ``cost x weight_t``; hub events are priced per TEU.
    cargo_class
        Reefer classes need reefer links and hubs; dangerous goods need DG links and hubs
        and never fly; designated classes are handled by the customs graph.
    modes
        Modes allowed for links (None: all).
    avoid_nodes
        Physical node positions no edge may touch.
    avoid_countries_mask
        Boolean per physical node: True for nodes in avoided countries.
    avoid_links_mask
        Boolean per link: True for links that may not be used (e.g. those that cross an
        avoided country between their end nodes, ``transit_countries``).
    """
    is_link = graph.kind == LINK
    cost = graph.cost_cny_per_teu * teu + graph.cost_cny_per_t * weight_t
    # Boarding a service waits half its (pooled) headway; nothing else waits.
    wait = graph.headway_h / 2.0
    time = graph.time_h + wait
    emissions = np.where(is_link, co2e_kg(weight_t, graph.distance_km, graph.co2e_g_per_tkm), 0.0)
    distance = np.where(is_link, graph.distance_km, 0.0)
    allowed = np.ones(graph.n_edges, dtype=bool)
    if cargo_class.needs_reefer:
        allowed &= graph.reefer
    if cargo_class is CargoClass.DANGEROUS_GOODS:
        allowed &= graph.dangerous_goods
    restricted = [s for s, classes in enumerate(graph.service_cargo) if classes]
    if restricted:  # services that carry only some classes
        refused = [s for s in restricted if cargo_class.value not in graph.service_cargo[s]]
        allowed &= ~np.isin(graph.service, refused)
    if modes is not None:
        from .graph import mode_of_layer

        layer_mode = np.array([mode_of_layer(layer) for layer in graph.vertex_layer], dtype=object)
        allowed &= ~is_link | np.isin(layer_mode[graph.tail], list(modes))
    touch = np.zeros(len(graph.node_ids), dtype=bool)
    if avoid_nodes:
        touch[list(avoid_nodes)] = True
    if avoid_countries_mask is not None:
        touch |= avoid_countries_mask
    if avoid_links_mask is not None and avoid_links_mask.any():
        barred = np.zeros(graph.n_edges, dtype=bool)
        links = graph.link >= 0
        barred[links] = avoid_links_mask[graph.link[links]]
        allowed &= ~barred
    if touch.any():
        allowed &= ~touch[graph.vertex_node[graph.tail]] & ~touch[graph.vertex_node[graph.head]]
    return EdgeValues(cost, time, wait, emissions, distance, allowed)
