"""The plan's targets, and each scenario's KPIs measured against them.

A ``Target`` is a named, sourced target on one KPI (``xiy_international_cargo_t_per_year
>= 116,000``). ``load_targets()`` reads the bundled targets of the Shaanxi port plan for
2025 (``data/targets/plan_2025.toml``); ``target_kpis(assignment, network)`` measures the
KPIs they name from an assignment; ``evaluate_targets(values, targets)`` puts each
scenario's KPIs beside each target: value, target value, gap and whether it is met. A
target whose KPI the model does not measure (passengers, passenger routes) stays in the
table with no value and ``met`` missing, so it is never a silent pass or fail.

How each KPI is measured, and what in it is an estimate, is in docs/targets.md.

Examples
--------
>>> from multimodal.targets import Target, evaluate_targets
>>> target = Target("air", "xiy_t", ">=", 116_000, "t/year", 2025, "PLAN-3.3", "plan")
>>> table = evaluate_targets({"base": {"xiy_t": 87_900.0}}, [target])
>>> print(table.loc[0, ["value", "target_value", "gap"]].astype(float).tolist())
[87900.0, 116000.0, -28100.0]
>>> bool(table.loc[0, "met"])
False
"""

from __future__ import annotations

import logging
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._validate import suggest
from .exceptions import DataValidationError, ParameterError, Problem
from .io import PathLike, data_dir
from .network import Network

if TYPE_CHECKING:
    from .assignment import Assignment

logger = logging.getLogger("multimodal")

#: Weeks in a year: weekly flows x 52 are flows a year.
WEEKS_PER_YEAR = 52

#: TEU a China-Europe train carries: 1,901,949 TEU on 17,523 trains in 2023 (CRCT, the
#: national average; FS-4.1, factsheet 4.1-4.2), as the model's China-Europe trains carry.
TEU_PER_TRAIN = 108.5

#: An air service carrying at least this many tonnes a departure counts as all-cargo
#: (a freighter): the smallest freighter in the data carries 50 t, belly cargo 3-5 t (EST).
FREIGHTER_MIN_T = 10.0

#: The China-Europe corridors of the Chang'an trains (trans-Caspian included, FS-4.1).
CHANGAN_CORRIDORS = ("china_europe", "trans_caspian")

#: The node of the Chang'an trains (Xi'an International Port Station) and of the airport.
CHANGAN_NODE = "XIAN_PORT"
AIRPORT_NODE = "XIY"

_COMPARISONS = (">=", "<=")
_FIELDS = ("name", "kpi", "comparison", "value", "unit", "year", "source", "url", "note")


@dataclass(frozen=True)
class Target:
    """A named, sourced target on one KPI.

    Parameters
    ----------
    name
        Short id (``snake_case``).
    kpi
        The KPI it is measured on: a key of ``target_kpis`` (e.g.
        ``"xiy_international_cargo_t_per_year"``, ``"port_formal:UYN"``).
    comparison
        ``">="`` (at least ``value``) or ``"<="`` (at most).
    value
        The target value, in ``unit``.
    unit
        Its unit (``"t/year"``, ``"TEU/year"``, ``"routes"``, ``"share"``, ...).
    year
        The year it is due.
    source
        The source key (docs/data.md or docs/targets.md).
    url
        Where the source is (a URL, or the plan's file and section).
    note
        The target's words and anything a reader needs.

    Raises
    ------
    ParameterError
        For an empty name or KPI, another comparison, a value that is not a finite
        number, or a year outside 1800-2100.
    """

    name: str
    kpi: str
    comparison: str
    value: float
    unit: str
    year: int
    source: str
    url: str
    note: str = ""

    def __post_init__(self) -> None:
        for attr in ("name", "kpi", "unit", "source", "url"):
            if not isinstance(getattr(self, attr), str) or not getattr(self, attr).strip():
                message = f"Target.{attr} must be non-empty text, got {getattr(self, attr)!r}"
                raise ParameterError(message)
        if self.comparison not in _COMPARISONS:
            message = (
                f"Target {self.name!r}: comparison must be '>=' or '<=', got {self.comparison!r}"
            )
            raise ParameterError(message)
        if (
            isinstance(self.value, bool)
            or not isinstance(self.value, int | float)
            or not math.isfinite(self.value)
        ):
            message = f"Target {self.name!r}: value must be a finite number, got {self.value!r}"
            raise ParameterError(message)
        object.__setattr__(self, "value", float(self.value))
        if (
            isinstance(self.year, bool)
            or not isinstance(self.year, int)
            or not 1800 <= self.year <= 2100
        ):
            message = (
                f"Target {self.name!r}: year must be a whole year 1800-2100, got {self.year!r}"
            )
            raise ParameterError(message)
        if not isinstance(self.note, str):
            message = f"Target {self.name!r}: note must be text, got {self.note!r}"
            raise ParameterError(message)

    def met_by(self, value: float) -> bool | None:
        """Whether ``value`` meets the target (None when ``value`` is missing or NaN)."""
        if value is None or not math.isfinite(value):
            return None
        return value >= self.value if self.comparison == ">=" else value <= self.value


def targets_path(name: str = "plan_2025") -> Path:
    """The bundled targets file ``data/targets/{name}.toml``.

    Returns
    -------
    pathlib.Path
        The file (the package copy after ``pip install .``).
    """
    return data_dir() / "targets" / f"{name}.toml"


def load_targets(path: PathLike | None = None) -> tuple[Target, ...]:
    """Read targets from a TOML file (default: the plan's 2025 targets).

    The file holds ``[[targets]]`` tables with the fields of ``Target``.

    Parameters
    ----------
    path
        A TOML file; default ``data/targets/plan_2025.toml``.

    Returns
    -------
    tuple of Target
        In file order.

    Raises
    ------
    DataValidationError
        For a missing or malformed file, an unknown or missing field, a bad value or a
        repeated name, naming the file and the target (numbered from 1).

    Examples
    --------
    >>> from multimodal.targets import load_targets
    >>> [t.value for t in load_targets() if t.name == "xiy_international_cargo"]
    [116000.0]
    """
    file = Path(path) if path is not None else targets_path()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise DataValidationError(Problem(f"cannot read the targets: {error}", str(file))) from None
    except tomllib.TOMLDecodeError as error:
        raise DataValidationError(Problem(f"malformed TOML: {error}", str(file))) from None
    rows = data.get("targets")
    if not isinstance(rows, list) or not rows:
        raise DataValidationError(Problem("no [[targets]] tables", str(file)))
    problems: list[Problem] = []
    targets: list[Target] = []
    for number, row in enumerate(rows, 1):
        label = f"target {number}"
        unknown = [k for k in row if k not in _FIELDS]
        for key in unknown:
            close = suggest(key, _FIELDS, n=1)
            fix = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(Problem(f"{label}: unknown field {key!r}{fix}", str(file), column=key))
        missing = [k for k in _FIELDS[:-1] if k not in row]
        for key in missing:
            problems.append(Problem(f"{label}: missing field {key!r}", str(file), column=key))
        if unknown or missing:
            continue
        try:
            targets.append(Target(**row))
        except ParameterError as error:
            problems.append(Problem(f"{label}: {error}", str(file)))
    names = [t.name for t in targets]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem(f"target name {name!r} is used twice", str(file), column="name"))
    if problems:
        raise DataValidationError(problems)
    return tuple(targets)


# -- measuring ---------------------------------------------------------------------------
def changan_services(network: Network) -> list[str]:
    """The Chang'an trains: rail services of the China-Europe corridors from or to Xi'an.

    Returns
    -------
    list of str
        Service ids whose first or last stop is ``XIAN_PORT`` (feeders in Europe and
        other cities' trains are left out).
    """
    services = network.services
    chosen = services[
        (services["mode"] == "rail")
        & services["corridor"].isin(CHANGAN_CORRIDORS)
        & services["stops"].map(lambda s: CHANGAN_NODE in (s.split(";")[0], s.split(";")[-1]))
    ]
    return list(chosen["service_id"])


def _service_loads(assignment: Assignment) -> pd.Series:
    """TEU a week on the busiest segment of each capacitated service."""
    table = assignment.bottlenecks
    rows = table[table["kind"] == "service"]
    return rows.groupby("id")["flow_teu"].max()


def _air_international_routes(network: Network, airports: Iterable[str], min_t: float) -> int:
    """Distinct (Chinese airport, foreign airport) pairs of air services calling at both."""
    services = network.services
    air = services[services["mode"] == "air"]
    country = dict(zip(network.node_ids, network.node_values("country")))
    airports = set(airports)
    pairs: set[tuple[str, str]] = set()
    capacity = air["capacity_t_per_departure"].to_numpy(float)
    for stops, payload in zip(air["stops"], capacity):
        if not (np.isfinite(payload) and payload >= min_t):
            continue
        nodes = stops.split(";")
        home = [n for n in nodes if n in airports]
        abroad = [n for n in nodes if country.get(n, "CN") != "CN"]
        pairs |= {(h, f) for h in home for f in abroad}
    return len(pairs)


def target_kpis(assignment: Assignment, network: Network | None = None) -> dict[str, float]:
    """Measure the KPIs of the plan's targets from an assignment (docs/targets.md).

    Flows are TEU or tonnes a week; a year is ``WEEKS_PER_YEAR`` weeks.

    - ``changan_teu_per_year``: on each Chang'an train (``changan_services``) the TEU a
      week on its busiest segment (``assignment.bottlenecks``), summed, x 52.
    - ``changan_trains_per_year``: that / ``TEU_PER_TRAIN`` (108.5 TEU, FS-4.1).
    - ``changan_t_per_year``: the TEU a year x the tonnes per TEU of the demand's
      China-Europe and trans-Caspian rows (an estimate of the trains' load).
    - ``xiy_international_cargo_t_per_year``: tonnes a week on the international air
      links at Xi'an Xianyang (``tonne_km / distance_km``, both directions), x 52.
    - ``xiy_international_cargo_routes``: foreign airports served by an all-cargo service
      (at least ``FREIGHTER_MIN_T`` t a departure) calling at XIY.
    - ``international_air_routes``: (Shaanxi airport, foreign airport) pairs of any air
      service, belly cargo included.
    - ``bonded_zone_trade_cny_per_year`` and ``bonded_zone_trade_share``: the value of
      the served demand with an end at a bonded zone (TEU x ``cargo_value_cny_per_teu``
      x 52), and its share of the served international demand. Left out when no demand
      row has an end at a bonded zone (the built-in demand has none).
    - ``port_formal:<id>``: 1 for a Shaanxi port whose status is formal, else 0.

    Parameters
    ----------
    assignment
        The assignment (``multimodal.assign``) of a network and demand.
    network
        The network it was made on (default ``assignment.network``).

    Returns
    -------
    dict of str to float
        KPI name -> value. A KPI that cannot be measured is left out (so
        ``evaluate_targets`` reports it as not measured), with a logged reason.
    """
    network = assignment.network if network is None else network
    out: dict[str, float] = {}
    loads = _service_loads(assignment)
    trains = changan_services(network)
    unmeasured = [s for s in trains if s not in loads.index]
    if unmeasured:
        logger.info(
            "Chang'an services without a capacity are not counted: %s", ", ".join(unmeasured)
        )
    teu_week = float(loads.reindex([s for s in trains if s in loads.index]).sum())
    out["changan_teu_per_year"] = teu_week * WEEKS_PER_YEAR
    out["changan_trains_per_year"] = out["changan_teu_per_year"] / TEU_PER_TRAIN
    demand = assignment.demand
    rail = demand[demand["segment"].astype(str).str.startswith(CHANGAN_CORRIDORS)]
    if len(rail) and float(rail["teu_per_week"].sum()) > 0:
        t_per_teu = float(rail["weight_t_per_week"].sum()) / float(rail["teu_per_week"].sum())
        out["changan_t_per_year"] = out["changan_teu_per_year"] * t_per_teu

    flows = assignment.link_flows
    at_xiy = flows[
        (flows["mode"] == "air")
        & (flows["corridor"] == "air_international")
        & ((flows["from_node"] == AIRPORT_NODE) | (flows["to_node"] == AIRPORT_NODE))
    ]
    distance = at_xiy["distance_km"].to_numpy(float)
    tonnes = np.divide(
        at_xiy["tonne_km"].to_numpy(float), distance, out=np.zeros(len(at_xiy)), where=distance > 0
    )
    out["xiy_international_cargo_t_per_year"] = float(tonnes.sum()) * WEEKS_PER_YEAR

    province = dict(zip(network.node_ids, network.node_values("province")))
    kinds = dict(zip(network.node_ids, network.node_values("kind")))
    shaanxi_airports = [n for n, k in kinds.items() if k == "airport" and province[n] == "Shaanxi"]
    out["xiy_international_cargo_routes"] = float(
        _air_international_routes(network, [AIRPORT_NODE], FREIGHTER_MIN_T)
    )
    out["international_air_routes"] = float(
        _air_international_routes(network, shaanxi_airports, 0.0)
    )
    out.update(_bonded_zone_trade(assignment, network, kinds))
    status = dict(zip(network.node_ids, network.node_values("port_status")))
    for node, value in status.items():
        if province[node] == "Shaanxi" and value != "none":
            out[f"port_formal:{node}"] = 1.0 if value == "formal" else 0.0
    return out


def _bonded_zone_trade(
    assignment: Assignment, network: Network, kinds: Mapping[str, str]
) -> dict[str, float]:
    """Value a year of the served demand with an end at a bonded zone, and its share."""
    demand = assignment.demand
    zones = {n for n, k in kinds.items() if k == "bonded_zone"}
    at_zone = demand["origin"].isin(zones) | demand["destination"].isin(zones)
    if not at_zone.any() or "cargo_value_cny_per_teu" not in demand:
        logger.info("no demand row starts or ends at a bonded zone: bonded-zone trade not measured")
        return {}
    country = dict(zip(network.node_ids, network.node_values("country")))
    served = assignment.paths.groupby("demand_id")["flow_teu"].sum()
    flow = demand["id"].map(served).fillna(0.0).to_numpy(float)
    value = flow * demand["cargo_value_cny_per_teu"].to_numpy(float) * WEEKS_PER_YEAR
    abroad = (demand["origin"].map(country) != "CN") | (demand["destination"].map(country) != "CN")
    zone_value = float(value[at_zone.to_numpy()].sum())
    total = float(value[abroad.to_numpy()].sum())
    out = {"bonded_zone_trade_cny_per_year": zone_value}
    if total > 0:
        out["bonded_zone_trade_share"] = zone_value / total
    return out


# -- evaluating --------------------------------------------------------------------------
def _per_scenario(
    values: Mapping[str, float] | Mapping[str, Mapping[str, float]] | pd.DataFrame,
) -> dict[str, Mapping[str, float]]:
    if isinstance(values, pd.DataFrame):
        return {str(i): row.dropna().to_dict() for i, row in values.iterrows()}
    if not isinstance(values, Mapping):
        message = (
            "values must be a mapping of KPI values, a mapping of scenario -> KPI values, "
            f"or a DataFrame (one row per scenario), got {type(values).__name__}"
        )
        raise ParameterError(message)
    if values and all(isinstance(v, Mapping) for v in values.values()):
        return {str(k): v for k, v in values.items()}  # type: ignore[misc]
    return {"": values}  # type: ignore[dict-item]


def evaluate_targets(
    values: Mapping[str, float] | Mapping[str, Mapping[str, float]] | pd.DataFrame,
    targets: Sequence[Target] | None = None,
) -> pd.DataFrame:
    """Each scenario's KPI beside each target: value, target value, gap, met.

    Parameters
    ----------
    values
        The KPI values: one mapping (KPI -> value, e.g. ``target_kpis(...)``), a
        mapping of scenario name -> such a mapping, or a DataFrame with one row per
        scenario (index: the scenario) and one column per KPI.
    targets
        The targets; default ``load_targets()``.

    Returns
    -------
    pandas.DataFrame
        One row per scenario and target: ``scenario``, ``target``, ``kpi``, ``year``,
        ``value`` (NaN: not measured), ``comparison``, ``target_value``, ``unit``,
        ``gap`` (value - target value: negative is short of an at-least target),
        ``met`` (nullable boolean; missing when not measured), ``source``, ``url``.

    Raises
    ------
    ParameterError
        For values of another type, or a KPI value that is not a number.
    """
    targets = load_targets() if targets is None else tuple(targets)
    rows = []
    for scenario, kpis in _per_scenario(values).items():
        for target in targets:
            raw = kpis.get(target.kpi, math.nan)
            if isinstance(raw, bool) or not isinstance(raw, int | float | np.number):
                where = repr(scenario) if scenario else "the values"
                message = f"KPI {target.kpi!r} of {where} must be a number, got {raw!r}"
                raise ParameterError(message)
            value = float(raw)
            met = target.met_by(value)
            rows.append(
                {
                    "scenario": scenario,
                    "target": target.name,
                    "kpi": target.kpi,
                    "year": target.year,
                    "value": value,
                    "comparison": target.comparison,
                    "target_value": target.value,
                    "unit": target.unit,
                    "gap": value - target.value,
                    "met": pd.NA if met is None else met,
                    "source": target.source,
                    "url": target.url,
                }
            )
    table = pd.DataFrame(rows)
    if len(table):
        table["met"] = table["met"].astype("boolean")
    return table


__all__ = [
    "AIRPORT_NODE",
    "CHANGAN_CORRIDORS",
    "CHANGAN_NODE",
    "FREIGHTER_MIN_T",
    "TEU_PER_TRAIN",
    "WEEKS_PER_YEAR",
    "Target",
    "changan_services",
    "evaluate_targets",
    "load_targets",
    "target_kpis",
    "targets_path",
]
