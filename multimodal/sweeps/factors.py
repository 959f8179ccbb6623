"""The factors a sweep varies: fuel price, a border's dwell, demand growth, a closure.

Each factor is a frozen dataclass holding a number (the same in every draw) or a
``Distribution`` (drawn anew in each draw). For one drawn value it gives the scenario
changes (``multimodal.scenarios`` kinds) that put it on a network, and the factor it
multiplies the demand by, so a draw is an ordinary scenario plus a demand scaling:

- ``FuelPrice``: transport rates (links' ``cost_cny``, services' fares) scaled;
- ``BorderDwell``: hours added where a route passes a node (services that stop at or pass
  it run that much later from there on; other links at it take longer);
- ``DemandGrowth``: every demand row's TEU and tonnes scaled;
- ``Closure``: the services that stop at or pass the node diverted over the other
  crossings up to their spare capacity (or cancelled), then the node and its links removed.

``docs/sweeps.md`` says what each does to the network, with an example.
"""

from __future__ import annotations

import dataclasses
import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from .._validate import suggest
from ..exceptions import DataValidationError, ParameterError, Problem, UnknownNodeError
from ..modes import Mode
from ..scenarios import RemoveLink, RemoveNode, ScaleLink, Scenario, SetLink
from ..scenarios.diversion import (
    DIVERSION_COLUMNS,
    check_diversions,
    plan_diversions,
    read_diversions,
)
from ..scenarios.services import AddService, ScaleService, SetServiceStops
from .distributions import Distribution

if TYPE_CHECKING:
    from ..network import Network
    from ..scenarios.changes import Change


@dataclass(frozen=True)
class BaseView:
    """What the factors read of the base network, taken once per sweep.

    Attributes
    ----------
    links
        The base's link table (``Network.links``, without geometry), indexed by id.
    services, stops
        The explicit services and their stops (``Network.service_tables()``).
    passes
        Service id -> for each stop, the set of nodes its leg into that stop touches
        (the ends of its ``via_links``; the stop itself for the first stop).
    ridden
        Ids of the links an explicit service rides.
    rides
        Service id -> the links it rides.
    memo
        Work the factors did once for this base (e.g. a closure's diversion plan).
    node_ids
        The base's node ids.
    """

    links: pd.DataFrame
    services: pd.DataFrame
    stops: pd.DataFrame
    passes: dict[str, list[set[str]]]
    ridden: frozenset[str]
    rides: dict[str, frozenset[str]]
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    node_ids: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @classmethod
    def of(cls, network: Network) -> BaseView:
        """The view of ``network``."""
        links = pd.DataFrame(network.links.drop(columns="geometry")).set_index("id", drop=False)
        services, stops = network.service_tables()
        ends = dict(zip(links["id"], zip(links["from_node"], links["to_node"])))
        passes: dict[str, list[set[str]]] = {}
        rides: dict[str, frozenset[str]] = {}
        for sid, rows in stops.sort_values(["service_id", "seq"]).groupby("service_id"):
            legs: list[set[str]] = []
            used: set[str] = set()
            for node, via in zip(rows["node"], rows["via_links"].fillna("")):
                touched = {str(node)}
                for link in (k for k in str(via).split(";") if k):
                    used.add(link)
                    touched.update(ends.get(link, ()))
                legs.append(touched)
            passes[str(sid)] = legs
            rides[str(sid)] = frozenset(used)
        ridden = frozenset().union(*rides.values()) if rides else frozenset()
        nodes = frozenset(str(n) for n in network.node_ids)
        return cls(links, services, stops, passes, ridden, rides, node_ids=nodes)


def _value(value: object, name: str, factor: str) -> float | Distribution:
    if isinstance(value, Distribution):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        message = (
            f"{factor}: {name} must be a number or a distribution (multimodal.sweeps.Uniform, "
            f"Normal, Triangular, Choice, Bernoulli), got {value!r:.60}"
        )
        raise ParameterError(message)
    if not math.isfinite(float(value)):
        message = f"{factor}: {name} must be finite, got {value!r}"
        raise ParameterError(message)
    return float(value)


def _range(value: float | Distribution, name: str, factor: str, low: float, high: float) -> None:
    """Refuse a value (or a distribution whose support) leaves ``[low, high]``."""
    lo, hi = value.support() if isinstance(value, Distribution) else (value, value)
    if lo < low or hi > high:
        shown = value.describe() if isinstance(value, Distribution) else f"{value:g}"
        bounds = f"at least {low:g}" if math.isinf(high) else f"within {low:g}-{high:g}"
        message = f"{factor}: {name} must be {bounds} in every draw, got {shown}"
        if isinstance(value, Distribution):
            message += " (bound the distribution, e.g. Normal(..., low=..., high=...))"
        raise ParameterError(message)


def _node(network: Network, node: object, factor: str) -> str:
    """The node's id, or ``ParameterError`` naming the closest ids."""
    if not isinstance(node, str) or not node.strip():
        message = f"{factor}: node must be a node id or name, got {node!r}"
        raise ParameterError(message)
    try:
        return str(network.find_node(node))
    except UnknownNodeError as error:
        close = suggest(node, [str(v) for v in network.node_ids], n=3)
        fix = f"did you mean {', '.join(map(repr, close))}?" if close else "see Network.node_ids"
        message = f"{factor}: no node {node!r} in the network {network.name!r}; {fix}"
        raise ParameterError(message) from error


class Factor(ABC):
    """Base of the factors: a name, a value or distribution, and the changes for a value."""

    @property
    @abstractmethod
    def name(self) -> str:
        """The factor's column in ``Sweep.draws`` (e.g. ``border_dwell_h_BREST``)."""

    @property
    @abstractmethod
    def value(self) -> float | Distribution:
        """The number or distribution a draw takes its value from."""

    def draw(self, rng: np.random.Generator) -> float:
        """The factor's value in one draw."""
        value = self.value
        return value.draw(rng) if isinstance(value, Distribution) else value

    def resolved(self, network: Network) -> Factor:
        """The factor checked against the base network (node names become ids)."""
        return self

    @abstractmethod
    def changes(self, value: float, base: BaseView) -> list[Change]:
        """The scenario changes that put ``value`` on the base network."""

    def demand_factor(self, value: float) -> float:
        """What the demand is multiplied by (1 unless the factor scales demand)."""
        return 1.0

    def check_demand(self, demand: pd.DataFrame, setting: str = "") -> None:  # noqa: B027 - a hook most factors need not fill
        """Refuse a demand the factor's draws cannot serve (nothing to refuse by default).

        Parameters
        ----------
        demand
            The validated demand (``validate_demand``: node ids in ``origin`` and
            ``destination``).
        setting
            The sweep setting the factor belongs to, for the message.
        """

    def describe(self) -> str:
        """E.g. ``fuel_price ~ uniform(0.8, 1.4)``."""
        value = self.value
        shown = value.describe() if isinstance(value, Distribution) else f"{value:g}"
        return (
            f"{self.name} ~ {shown}"
            if isinstance(value, Distribution)
            else f"{self.name} = {shown}"
        )


@dataclass(frozen=True)
class FuelPrice(Factor):
    """Fuel price as a multiple of the base's: transport rates scale with it.

    The rate multiplier is ``1 + fuel_share x (factor - 1)``: with ``fuel_share`` = 1
    (the default) ``factor`` multiplies the whole rate; give the share of the rate that is
    fuel for the modes at hand (from a cost breakdown you trust) to pass through only that.
    Scaled: links' ``cost_cny`` (``scale_link``) and explicit services'
    ``fare_fixed_cny`` and ``fare_cny_per_km`` (``scale_service``), on ``modes``. Handling,
    customs and gauge-change charges at nodes do not change.

    Parameters
    ----------
    factor
        Fuel price over the base's (a number >= 0 or a distribution), e.g. ``Uniform(0.8, 1.4)``.
    fuel_share
        Share of the transport rate that moves with the fuel price (0-1).
    modes
        Modes whose rates scale (default: all).

    Examples
    --------
    >>> from multimodal.sweeps import FuelPrice, Uniform
    >>> FuelPrice(Uniform(0.8, 1.4)).describe()
    'fuel_price ~ uniform(0.8, 1.4)'
    """

    factor: float | Distribution
    fuel_share: float = 1.0
    modes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        factor = _value(self.factor, "factor", "FuelPrice")
        _range(factor, "factor", "FuelPrice", 0.0, math.inf)
        share = _value(self.fuel_share, "fuel_share", "FuelPrice")
        if isinstance(share, Distribution):
            message = "FuelPrice: fuel_share must be a number (draw the factor instead)"
            raise ParameterError(message)
        _range(share, "fuel_share", "FuelPrice", 0.0, 1.0)
        modes = (self.modes,) if isinstance(self.modes, str) else tuple(self.modes)
        try:
            parsed = tuple(Mode.parse(m).value for m in modes)
        except ValueError as error:
            message = f"FuelPrice: modes: {error}"
            raise ParameterError(message) from error
        object.__setattr__(self, "factor", factor)
        object.__setattr__(self, "fuel_share", share)
        object.__setattr__(self, "modes", parsed)

    @property
    def name(self) -> str:
        """``fuel_price``."""
        return "fuel_price"

    @property
    def value(self) -> float | Distribution:
        """The fuel price factor."""
        return self.factor

    def rate_factor(self, value: float) -> float:
        """The transport-rate multiplier for fuel price ``value``."""
        return 1.0 + self.fuel_share * (value - 1.0)

    def changes(self, value: float, base: BaseView) -> list[Change]:
        """``scale_link cost_cny`` and ``scale_service`` on the fares, per mode present."""
        factor = self.rate_factor(value)
        if factor == 1.0:
            return []
        link_modes = set(base.links["mode"])
        service_modes = set(base.services["mode"]) if len(base.services) else set()
        modes = self.modes or tuple(sorted(link_modes | service_modes))
        out: list[Change] = []
        note = f"fuel price x {value:g}"
        for mode in modes:
            if mode in link_modes:
                out.append(ScaleLink("cost_cny", factor, mode=mode, note=note))
            if mode in service_modes:
                out.append(ScaleService("fare_fixed_cny", factor, mode=mode, note=note))
                out.append(ScaleService("fare_cny_per_km", factor, mode=mode, note=note))
        return out


@dataclass(frozen=True)
class BorderDwell(Factor):
    """Hours added where routes pass a node: a congested border crossing.

    Every explicit service that stops at ``node`` or passes it between stops runs
    ``add_h`` later from there on (its dwell there, or the leg through it, is longer;
    ``set_service_stops`` with the same stops and links). Links at the node that no
    explicit service rides (roads, implicit one-link services) take ``add_h / 2`` longer
    each, so a route through the node (in on one, out on another) waits ``add_h``. A
    change of mode or service at the node is not charged again.

    Parameters
    ----------
    node
        The node's id or name (e.g. ``MALASZEWICZE``).
    add_h
        Hours added (a number >= 0 or a distribution), e.g. a regime
        ``Choice((0.0, 180.0))``: normal, or 7.5 days more (``docs/sweeps.md``).

    Examples
    --------
    >>> from multimodal.sweeps import BorderDwell, Choice
    >>> BorderDwell("MALASZEWICZE", Choice((0.0, 180.0))).name
    'border_dwell_h_MALASZEWICZE'
    """

    node: str
    add_h: float | Distribution

    def __post_init__(self) -> None:
        add = _value(self.add_h, "add_h", "BorderDwell")
        _range(add, "add_h", "BorderDwell", 0.0, math.inf)
        object.__setattr__(self, "add_h", add)

    @property
    def name(self) -> str:
        """``border_dwell_h_<node>``."""
        return f"border_dwell_h_{self.node}"

    @property
    def value(self) -> float | Distribution:
        """The hours added."""
        return self.add_h

    def resolved(self, network: Network) -> BorderDwell:
        """With the node's id (``ParameterError`` for an unknown node)."""
        return dataclasses.replace(self, node=_node(network, self.node, "BorderDwell"))

    def changes(self, value: float, base: BaseView) -> list[Change]:
        """``set_service_stops`` on the services through the node, ``set_link`` on the rest."""
        if value == 0.0:
            return []
        note = f"{value:g} h more at {self.node}"
        out: list[Change] = []
        for sid, legs in base.passes.items():
            stops = base.stops[base.stops["service_id"] == sid].sort_values("seq")
            shifted = _delayed(stops, legs, self.node, value)
            if shifted is not None:
                change = SetServiceStops.from_rows(sid, shifted)
                out.append(dataclasses.replace(change, note=note))
        links = base.links
        at = links[(links["from_node"] == self.node) | (links["to_node"] == self.node)]
        for ident, time_h in zip(at["id"], at["time_h"]):
            if ident in base.ridden or pd.isna(time_h):
                continue
            out.append(SetLink(str(ident), {"time_h": float(time_h) + value / 2.0}, note=note))
        return out


def _delayed(
    stops: pd.DataFrame, legs: list[set[str]], node: str, add_h: float
) -> pd.DataFrame | None:
    """The stop rows with times ``add_h`` later from where the service meets ``node``."""
    nodes = [str(n) for n in stops["node"]]
    last = len(nodes) - 1
    rows = stops.reset_index(drop=True).copy()
    arrive = rows["arrive_h"].astype(float).to_numpy().copy()
    depart = rows["depart_h"].astype(float).to_numpy().copy()
    if node in nodes and nodes.index(node) > 0:
        j = nodes.index(node)
        if j < last:  # waits longer at the stop
            depart[j:] += add_h
            arrive[j + 1 :] += add_h
        else:  # the last stop: arrives later
            arrive[j] += add_h
    else:
        first = next((k for k in range(1, len(legs)) if node in legs[k]), None)
        if first is None:
            return None
        arrive[first:] += add_h  # the leg through the node takes longer
        depart[first:] += add_h
    rows["arrive_h"] = arrive
    rows["depart_h"] = depart
    return rows


@dataclass(frozen=True)
class DemandGrowth(Factor):
    """Demand as a multiple of the base's: every row's TEU and tonnes scaled.

    Parameters
    ----------
    factor
        The multiplier (a number > 0 or a distribution), e.g. ``Normal(1.05, 0.03, low=0.8)``.
    """

    factor: float | Distribution

    def __post_init__(self) -> None:
        factor = _value(self.factor, "factor", "DemandGrowth")
        _range(factor, "factor", "DemandGrowth", 1e-9, math.inf)
        object.__setattr__(self, "factor", factor)

    @property
    def name(self) -> str:
        """``demand_growth``."""
        return "demand_growth"

    @property
    def value(self) -> float | Distribution:
        """The demand multiplier."""
        return self.factor

    def changes(self, value: float, base: BaseView) -> list[Change]:
        """None: the demand changes, not the network."""
        return []

    def demand_factor(self, value: float) -> float:
        """``value``."""
        return value


@dataclass(frozen=True)
class Closure(Factor):
    """A crossing closed (e.g. Brest in September 2025): trains diverted or cancelled, node gone.

    When closed, every explicit service that stops at or passes the node (or a node of
    ``also``) is, with ``divert=True`` (the default: what operators do), re-routed over the
    alternative crossings of the diversion table (``data/services/diversions.csv``), each
    alternative's spare capacity shared pro rata among the services that can use it, and
    cancelled beyond it (``multimodal.scenarios.diversion.plan_diversions``:
    ``set_service_stops`` and ``set_service`` on the diverted ones, ``add_service`` for a
    service's share on a second alternative, ``remove_service`` on the rest; each change's
    note and the diverted service's ``note`` say which and where); ``plan()`` gives the
    table. With ``divert=False`` every such service is removed (the behaviour before
    diversions). Then the node with its links goes (``remove_node``, cascade). A sweep
    refuses a demand row from or to a closed node (``DataValidationError`` naming the rows
    and the closure). ``docs/sweeps.md`` ("When a crossing closes") has an example.

    Parameters
    ----------
    node
        The node's id or name (e.g. ``BREST``).
    closed
        1 / True closed in every draw, 0 / False open, or ``Bernoulli(p)``: closed in a
        share ``p`` of the draws.
    divert
        Re-route the trains over the alternatives (True) or remove them all (False).
    also
        More nodes closed at the same time (e.g. ``("BRUZGI",)`` with ``BREST``: the
        Polish-Belarusian border of September 2025); no train is diverted onto them.
    diversions
        A diversion table (CSV path, ``multimodal.scenarios.diversion.read_diversions``);
        default the built-in one. Checked against the network (``check_diversions``).

    Examples
    --------
    >>> from multimodal.sweeps import Closure
    >>> Closure("BREST").name, Closure("BREST", also=("BRUZGI",)).name
    ('closed_BREST', 'closed_BREST+BRUZGI')

    The network with the border closed (every service through it diverted or cancelled):

    >>> import multimodal as mm
    >>> net = mm.load_network()
    >>> closed = Closure("BREST", also=("BRUZGI",)).apply(net)
    >>> "BREST" in set(closed.node_ids)
    False
    """

    node: str
    closed: float | Distribution = 1.0
    divert: bool = True
    also: tuple[str, ...] = ()
    diversions: str | None = None

    def __post_init__(self) -> None:
        closed = _value(
            float(self.closed) if isinstance(self.closed, bool) else self.closed,
            "closed",
            "Closure",
        )
        _range(closed, "closed", "Closure", 0.0, 1.0)
        if not isinstance(closed, Distribution) and closed not in (0.0, 1.0):
            message = f"Closure: closed must be 0, 1 or Bernoulli(p), got {closed:g}"
            raise ParameterError(message)
        if not isinstance(self.divert, bool | np.bool_):
            message = f"Closure: divert must be True or False, got {self.divert!r:.60}"
            raise ParameterError(message)
        also = (self.also,) if isinstance(self.also, str) else tuple(self.also)
        if self.diversions is not None and not isinstance(self.diversions, str | Path):
            message = f"Closure: diversions must be a CSV path, got {self.diversions!r:.60}"
            raise ParameterError(message)
        object.__setattr__(self, "closed", closed)
        object.__setattr__(self, "divert", bool(self.divert))
        object.__setattr__(self, "also", also)
        if self.diversions is not None:
            object.__setattr__(self, "diversions", str(self.diversions))

    @property
    def name(self) -> str:
        """``closed_<node>``, or ``closed_<node>+<also>+...`` when more nodes close with it."""
        return "closed_" + "+".join(self.nodes)

    @property
    def value(self) -> float | Distribution:
        """1 closed, 0 open (or a distribution)."""
        return self.closed

    def draw(self, rng: np.random.Generator) -> float:
        """1.0 (closed) or 0.0 (open)."""
        return 1.0 if super().draw(rng) >= 0.5 else 0.0

    def resolved(self, network: Network) -> Closure:
        """With the nodes' ids, the diversion table checked against ``network``.

        Raises
        ------
        ParameterError
            For an unknown node (naming the closest).
        DataValidationError, UnknownNodeError
            For a diversion table that cannot be used on ``network`` (naming the file,
            row and column; a note names the closure).
        """
        node = _node(network, self.node, "Closure")
        also = tuple(_node(network, n, "Closure") for n in self.also if n != node)
        if self.divert:
            try:
                table = read_diversions(self.diversions)
                check_diversions(table, [str(n) for n in network.node_ids], network.links)
            except (DataValidationError, UnknownNodeError) as error:
                error.add_note(f"{self.label}: its diversion table cannot be used")
                raise
        return dataclasses.replace(self, node=node, also=also)

    def scenario(self, network: Network) -> Scenario:
        """The closure on ``network`` as a scenario (closed, whatever ``closed`` draws).

        Parameters
        ----------
        network
            The base network.

        Returns
        -------
        Scenario
            Named as the factor (``closed_BREST``): the diversions, cancellations and
            removals of ``changes(1.0, ...)``, each with its note.
        """
        factor = self.resolved(network)
        changes = factor.changes(1.0, BaseView.of(network))
        title = factor.note + (", trains diverted" if self.divert else "")
        return Scenario(self.name, title=title, changes=tuple(changes))

    def apply(self, network: Network) -> Network:
        """``network`` with the closure applied (``scenario(network).apply(network)``).

        Parameters
        ----------
        network
            The base network (not modified).

        Returns
        -------
        Network
            Without the closed nodes; the services through them diverted or cancelled
            (``plan(network)`` says which).
        """
        return self.scenario(network).apply(network)

    def check_demand(self, demand: pd.DataFrame, setting: str = "") -> None:
        """Refuse demand rows from or to a closed node, naming the rows and the closure.

        Raises
        ------
        DataValidationError
            One problem per such row (``demand`` row by its ``id``; column ``origin`` or
            ``destination``), unless the closure is open in every draw.
        """
        if not isinstance(self.closed, Distribution) and self.closed < 0.5:
            return
        closed = set(self.nodes)
        where = f"setting {setting!r}: " if setting else ""
        problems = []
        ids = demand["id"] if "id" in demand else pd.Series(demand.index, index=demand.index)
        for column in ("origin", "destination"):
            if column not in demand:
                continue
            for ident, node in zip(ids, demand[column].astype(str)):
                if node in closed:
                    message = (
                        f"{column} {node} is closed by {where}{self.label}: no draw that "
                        "closes it can serve the row; drop the row or close another node"
                    )
                    problems.append(Problem(message, "demand", ident, column))
        if problems:
            raise DataValidationError(problems)

    @property
    def label(self) -> str:
        """How the closure is written, e.g. ``Closure('BREST', also=('BRUZGI',))``."""
        also = f", also={self.also!r}" if self.also else ""
        return f"Closure({self.node!r}{also})"

    @property
    def note(self) -> str:
        """What every change of the closure's notes starts with, e.g. ``BREST+BRUZGI closed``."""
        return f"{'+'.join(self.nodes)} closed"

    @property
    def nodes(self) -> tuple[str, ...]:
        """The node and ``also``: every node closed."""
        return (self.node, *(n for n in self.also if n != self.node))

    def plan(self, network: Network | BaseView) -> pd.DataFrame:
        """What the closure does to each service it touches (diverted where, or cancelled).

        Parameters
        ----------
        network
            The base network (or its ``BaseView``).

        Returns
        -------
        pandas.DataFrame
            ``multimodal.scenarios.diversion.PLAN_COLUMNS``: per service through a closed
            node, one row per alternative it runs over (``action`` ``diverted``,
            ``runs_as`` the id it runs under there, ``share_of_departures``,
            ``diverted_per_week``, ``added_time_h`` hours later at its last stop,
            ``added_cost_cny_per_teu``) and one for its cancelled departures if any
            (``action`` ``cancelled``, ``cancelled_per_week``, ``reason``).
        """
        view = network if isinstance(network, BaseView) else BaseView.of(network)
        factor = self if isinstance(network, BaseView) else self.resolved(network)
        return factor.planned(view)[1]

    def planned(self, base: BaseView) -> tuple[list[Change], pd.DataFrame]:
        """The closure's diversion changes and plan on ``base`` (worked out once per base).

        Parameters
        ----------
        base
            The base network's view (``BaseView.of(network)``), with resolved node ids.

        Returns
        -------
        changes : list of Change
            The ``set_service_stops``/``set_service``/``remove_service`` changes.
        plan : pandas.DataFrame
            As ``plan()``.
        """
        key = ("closure", self.nodes, self.divert, self.diversions)
        if key not in base.memo:  # the same in every draw that closes the node
            note = self.note
            table = read_diversions(self.diversions) if self.divert else _NO_DIVERSIONS
            base.memo[key] = plan_diversions(
                base.links,
                base.services,
                base.stops,
                self.nodes,
                table,
                note=note,
                nodes=base.node_ids or None,
            )
        changes, plan = cast("tuple[list[Change], pd.DataFrame]", base.memo[key])
        return list(changes), plan.copy()

    def changes(self, value: float, base: BaseView) -> list[Change]:
        """Diversions or ``remove_service`` for the services at the nodes, then ``remove_node``."""
        if value < 0.5:
            return []
        note = self.note
        closed = set(self.nodes)
        out, plan = self.planned(base)
        through = set(plan["service_id"])
        diverted = set(plan.loc[plan["action"] != "cancelled", "service_id"])
        # links only the removed services rode, with no departures of their own, would carry
        # nothing (a DataWarning on every network built): they go too
        kept = set().union(*(links for sid, links in base.rides.items() if sid not in through))
        for change in out:
            if (isinstance(change, SetServiceStops) and change.service in diverted) or isinstance(
                change, AddService
            ):
                kept |= {k for via in change.via_links for k in via.split(";") if k}
        links = base.links
        own = links["departures_per_week"].notna()
        if "timetable" in links.columns:
            own |= links["timetable"].fillna("").astype(str).ne("")
        attached = links["from_node"].isin(closed) | links["to_node"].isin(closed)
        idle = links.index[
            links["id"].isin(base.ridden - kept) & ~own & ~attached
        ]  # the nodes' own links go with them (cascade)
        out += [RemoveLink(str(ident), note=note) for ident in idle]
        out += [RemoveNode(n, cascade=True, note=note) for n in self.nodes]
        return out


_NO_DIVERSIONS = pd.DataFrame(columns=list(DIVERSION_COLUMNS))


__all__ = ["BaseView", "BorderDwell", "Closure", "DemandGrowth", "Factor", "FuelPrice"]
