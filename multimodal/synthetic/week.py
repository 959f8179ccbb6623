"""Realistic weekly consolidation instances for the Xi'an assembly centre (XIAN_PORT).

``generate_week`` draws one planning week: the candidate block-train departures
out of Xi'an International Port Station (China-Europe, trans-Caspian, Central Asia,
Western Land-Sea and eastern rail-sea corridors) and the containers that arrive by
domestic feeder train (Xiangyang, Xuzhou, Shijiazhuang; ~50 FEU each) and by truck
from Shaanxi cities. Figures come from ``/work/shared/factsheet.md`` where sourced
(source keys in ``DESTINATIONS``); the rest are marked EST here and in
``docs/consolidation.md``.

Departures are *candidate* train paths: a train runs only if the plan fills it
above its minimum load, so an instance usually offers more departures than the
demand can fill (the choice of which to run is the point of the model).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from .._options import check_seed
from .._validate import check_number
from ..consolidation.costs import ConsolidationCosts, FallbackOption
from ..exceptions import ParameterError

__all__ = ["DESTINATIONS", "EXAMPLE_WEEK", "example_week", "generate_week", "write_week"]

HOURS_PER_WEEK = 168.0
#: Exchange rates (EST, 2023-2025 averages).
CNY_PER_USD = 7.2
CNY_PER_EUR = 7.8


@dataclass(frozen=True)
class Destination:
    """A destination of trains out of Xi'an, with the figures the generator uses.

    Attributes
    ----------
    code
        Short code used in service ids.
    corridor
        Corridor name as in the link schema.
    distance_km
        Rail distance from Xi'an (km).
    transit_h
        Standard transit time from Xi'an (hours).
    departure_share
        Share of the week's departures (EST).
    international
        Priced with the international rate (else the domestic rail tariff).
    source
        Where ``distance_km`` / ``transit_h`` come from (factsheet sections) or EST.
    """

    code: str
    corridor: str
    distance_km: float
    transit_h: float
    departure_share: float
    international: bool
    source: str


DESTINATIONS = MappingProxyType(
    {
        "DUISBURG": Destination(
            "DUI", "china_europe", 9_908, 12 * 24, 0.12, True, "FS-1.3 (S); FS-2 12 d std (S)"
        ),
        "HAMBURG": Destination(
            "HAM", "china_europe", 10_200, 12 * 24, 0.06, True, "EST (scaled from Duisburg)"
        ),
        "MALASZEWICZE": Destination(
            "MAL", "china_europe", 9_000, 10 * 24, 0.10, True, "distance EST; FS-2 9-12 d (S-)"
        ),
        "WARSAW": Destination(
            "WAW", "china_europe", 9_200, 10.5 * 24, 0.04, True, "EST (Malaszewicze + 0.5 d)"
        ),
        "BUDAPEST": Destination("BUD", "china_europe", 10_000, 14 * 24, 0.05, True, "EST"),
        "MINSK": Destination("MSQ", "china_europe", 8_000, 9.5 * 24, 0.05, True, "EST"),
        "MOSCOW": Destination(
            "MOW", "china_europe", 7_251, 11 * 24, 0.08, True, "FS-1.3 (S-); FS-2 11 d (S)"
        ),
        "ALMATY": Destination(
            "ALA", "china_europe", 3_866, 6 * 24, 0.14, True, "FS-1.3 (S); FS-2 6 d (S)"
        ),
        "TASHKENT": Destination(
            "TAS", "china_europe", 4_600, 7 * 24, 0.10, True, "distance EST; FS-2 6-8 d (EST)"
        ),
        "BAKU": Destination(
            "BAK", "trans_caspian", 6_500, 16 * 24, 0.03, True, "distance EST; FS-2 16-17 d (S)"
        ),
        "QINZHOU": Destination(
            "QZH", "western_land_sea", 2_150, 5 * 24, 0.12, False, "distance EST; FS-2 5 d (S)"
        ),
        "QINGDAO": Destination(
            "TAO", "eastern_rail_sea", 1_400, 2 * 24, 0.11, False, "distance EST; FS-2 2 d (S-)"
        ),
    }
)

#: Second destination some departures also serve, and its extra hours (EST).
_COMBINED = {
    "DUISBURG": ("HAMBURG", 24.0),
    "MALASZEWICZE": ("WARSAW", 12.0),
    "ALMATY": ("TASHKENT", 24.0),
}
#: Duisburg fixed-schedule express: Wed and Sat 03:55, ~10 days (FS-2, S).
_EXPRESS_TIMES_H = (2 * 24 + 3 + 55 / 60, 5 * 24 + 3 + 55 / 60)
_EXPRESS_TRANSIT_H = 10 * 24.0
#: Train sizes 41-55 FEU (FS-4.2): capacity TEU and weights (EST: newer 55 FEU trains commonest).
_CAPACITIES = (82, 86, 90, 100, 110)
_CAPACITY_WEIGHTS = (0.15, 0.10, 0.10, 0.20, 0.45)
#: Feeder lines into Xi'an and the destinations their boxes mostly go to (EST;
#: Shijiazhuang's "Ji-Xi-Ou" train continues to Hamburg, FS-7).
_FEEDERS = {
    "XIANGYANG": ("DUISBURG", "MOSCOW", "ALMATY"),
    "XUZHOU": ("MALASZEWICZE", "TASHKENT", "DUISBURG"),
    "SHIJIAZHUANG": ("HAMBURG", "MINSK", "ALMATY"),
}
_FEEDER_FEU = 50  # ~50 FEU = 100 TEU per feeder train (FS-4.2)
_CITIES = (
    "CITY_XIAN",
    "CITY_XIANYANG",
    "CITY_BAOJI",
    "CITY_WEINAN",
    "CITY_HANZHONG",
    "CITY_YULIN",
    "CITY_YANAN",
    "CITY_ANKANG",
    "CITY_SHANGLUO",
    "CITY_TONGCHUAN",
)
_CITY_WEIGHTS = (0.30, 0.18, 0.12, 0.08, 0.06, 0.07, 0.05, 0.05, 0.04, 0.05)
#: Cargo classes (all EST): share, value CNY per TEU, lateness priority, slack days to due.
_CARGO = {
    "general": (0.67, 150_000.0, 1.0, 3),
    "high_value": (0.18, 600_000.0, 2.0, 1),
    "low_value": (0.10, 50_000.0, 1.0, 6),
    "perishable": (0.05, 200_000.0, 2.0, 1),  # reefer boxes
}


def _rate_cny_per_feu(name: str, *, express: bool = False) -> float:
    """Cost of carrying one FEU on a full train from Xi'an to ``name`` (CNY).

    International: the ERAI market rate USD 3,240/FEU for ~9,908 km (FS-3, S-,
    2024), scaled by distance with a 25% terminal share (EST); express +15% and
    trans-Caspian rail-sea-rail x1.4 (EST). Domestic: the through-traffic tariff
    CNY 680 + 2.754 per FEU-km (FS-3, S-).
    """
    dest = DESTINATIONS[name]
    if not dest.international:
        return 680.0 + 2.754 * dest.distance_km
    usd = 3_240.0 * (0.25 + 0.75 * dest.distance_km / 9_908.0)
    if dest.corridor == "trans_caspian":
        usd *= 1.4
    if express:
        usd *= 1.15
    return usd * CNY_PER_USD


def _round_minutes(time_h: float, step_min: int) -> float:
    return round(time_h * 60 / step_min) * step_min / 60


def _allocate(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Largest-remainder split of ``total`` by ``shares`` (deterministic)."""
    weight = sum(shares.values())
    exact = {k: total * v / weight for k, v in shares.items()}
    out = {k: math.floor(v) for k, v in exact.items()}
    rest = total - sum(out.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[:rest]:
        out[k] += 1
    return out


def generate_week(
    seed: int = 0,
    n_shipments: int = 1_000,
    n_departures: int = 60,
    *,
    feeder_share: float = 0.35,
    demand_ratio: float = 0.8,
    backlog_h: float = 48.0,
) -> tuple[pd.DataFrame, pd.DataFrame, ConsolidationCosts]:
    """Draw one week of shipments and candidate departures at XIAN_PORT.

    Parameters
    ----------
    seed
        Random seed: the same seed gives the same tables.
    n_shipments
        Number of bookings (one or more boxes that travel together).
    n_departures
        Number of candidate departures over the week (hours 0-168).
    feeder_share
        Share of the bookings that arrive on domestic feeder trains.
    demand_ratio
        Expected TEU demand as a share of the TEU capacity offered by the departures.
    backlog_h
        Containers may already be in the yard this many hours before the week starts.

    Returns
    -------
    shipments, departures, costs
        Tables in the schema of ``consolidate``
        (with extra columns ``origin``, ``arrived_by``, ``cargo_class`` and
        ``corridor``, ``express``) and the cost parameters.

    Raises
    ------
    ParameterError
        ``seed`` is not a whole number >= 0; ``n_shipments`` (1 to 1,000,000) or
        ``n_departures`` (1 to 100,000) is not a whole number in range; ``demand_ratio``
        (above 0, at most 100), ``feeder_share`` (0-1) or ``backlog_h`` (0-8760 h) is not
        a number in range.

    Examples
    --------
    >>> shipments, departures, costs = generate_week(seed=3, n_shipments=50, n_departures=10)
    >>> len(shipments), len(departures)
    (50, 10)
    """
    seed = check_seed(seed)
    for name, count, most in (
        ("n_shipments", n_shipments, 1_000_000),
        ("n_departures", n_departures, 100_000),
    ):
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= most:
            message = f"{name} must be a whole number from 1 to {most:,}, got {count!r:.60}"
            raise ParameterError(message)
    check_number(demand_ratio, "demand_ratio", minimum=0, strict=True, maximum=100)
    check_number(feeder_share, "feeder_share", minimum=0, maximum=1)
    check_number(backlog_h, "backlog_h", unit="h", minimum=0, maximum=8760)
    rng = np.random.default_rng(seed)
    departures = _departures(rng, n_departures)
    shipments = _shipments(rng, n_shipments, departures, feeder_share, backlog_h, demand_ratio)
    return shipments, departures, _costs()


#: Parameters of the bundled example week (examples/xian_week, ``multimodal
#: consolidate --example``): a slice of a Xi'an week that solves in seconds.
EXAMPLE_WEEK = MappingProxyType({"seed": 2026, "n_shipments": 400, "n_departures": 30})


def example_week() -> tuple[pd.DataFrame, pd.DataFrame, ConsolidationCosts]:
    """The bundled example week (the tables in ``examples/xian_week``).

    Examples
    --------
    >>> shipments, departures, costs = example_week()
    >>> len(shipments), len(departures)
    (400, 30)
    """
    return generate_week(**EXAMPLE_WEEK)


def write_week(
    directory: str | Path,
    shipments: pd.DataFrame,
    departures: pd.DataFrame,
    costs: ConsolidationCosts,
) -> list[Path]:
    """Write ``shipments.csv``, ``departures.csv`` and ``costs.toml`` to ``directory``."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "shipments.csv", folder / "departures.csv", folder / "costs.toml"]
    shipments.to_csv(paths[0], index=False)
    departures.to_csv(paths[1], index=False)
    paths[2].write_text(costs.to_toml(), encoding="utf-8")
    return paths


def _departures(rng: np.random.Generator, n: int) -> pd.DataFrame:
    shares = {name: d.departure_share for name, d in DESTINATIONS.items()}
    counts = _allocate(n, shares)
    rows = []
    for name, k in counts.items():
        if k == 0:
            continue
        dest = DESTINATIONS[name]
        times: list[tuple[float, bool]] = []
        if name == "DUISBURG" and k >= 2:
            times += [(t, True) for t in _EXPRESS_TIMES_H]
        standard = k - len(times)
        for i in range(standard):
            t = HOURS_PER_WEEK * (i + rng.uniform(0.15, 0.85)) / standard
            times.append((_round_minutes(t, 5), False))
        combined_every = 3
        for j, (t, express) in enumerate(sorted(times)):
            capacity = int(rng.choice(_CAPACITIES, p=_CAPACITY_WEIGHTS))
            served = [name]
            transit = [_EXPRESS_TRANSIT_H if express else dest.transit_h]
            if name in _COMBINED and not express and j % combined_every == 1:
                other, extra = _COMBINED[name]
                served.append(other)
                transit.append(transit[0] + extra)
            rate = _rate_cny_per_feu(name, express=express)
            reefer = 0
            if rng.random() < 0.5:
                reefer = 20 if not dest.international else 10
            day = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")[int(t // 24) % 7]
            hhmm = f"{int(t % 24):02d}{round((t % 1) * 60) % 60:02d}"
            rows.append(
                {
                    "service_id": f"XA-{dest.code}-{day}{hhmm}" + ("-X" if express else ""),
                    "destinations": ";".join(served),
                    "departure_h": t,
                    "capacity_teu": capacity,
                    # 41 FEU on a 55 FEU train (FS-4.2) = 75%; the same share elsewhere (EST)
                    "min_load_teu": 2 * round(0.375 * capacity),
                    "fixed_cost_cny": float(round(rate * capacity / 2)),
                    "reefer_slots": reefer,
                    "transit_time_h": ";".join(f"{h:g}" for h in transit),
                    "dangerous_goods": bool(rng.random() < 0.4),
                    "cost_cny_per_teu": 0.0,
                    "corridor": dest.corridor,
                    "express": express,
                }
            )
    table = pd.DataFrame(rows).sort_values(["departure_h", "service_id"], kind="stable")
    # ids are unique by construction unless two trains share a minute and destination
    table["service_id"] = _unique(table["service_id"].tolist())
    return table.reset_index(drop=True)


def _unique(ids: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for sid in ids:
        seen[sid] = seen.get(sid, 0) + 1
        out.append(sid if seen[sid] == 1 else f"{sid}-{seen[sid]}")
    return out


def _due_h(arrival_h: float, destination: str, slack_days: int) -> float:
    """Due at the destination: a day boundary after a day of yard time, transit and slack."""
    ready = arrival_h + 24.0 + DESTINATIONS[destination].transit_h + 24.0 * slack_days
    return 24.0 * math.ceil(ready / 24.0)


def _booking_teu(rng: np.random.Generator, mean_teu: float) -> int:
    """Size of one booking: 1 + Poisson boxes, 40' (2 TEU) in 85% of bookings (EST)."""
    extra = max(mean_teu / 1.85 - 1.0, 0.0)  # E[teu] = 1.85 * (1 + extra)
    boxes = 1 + min(int(rng.poisson(extra)), 9)
    return 2 * boxes if rng.random() < 0.85 else boxes


def _shipments(
    rng: np.random.Generator,
    n: int,
    departures: pd.DataFrame,
    feeder_share: float,
    backlog_h: float,
    demand_ratio: float,
) -> pd.DataFrame:
    # demand by destination follows the capacity offered to it
    capacity_by_dest: dict[str, float] = {}
    for row in departures.itertuples():
        served = row.destinations.split(";")
        for dest in served:
            capacity_by_dest[dest] = capacity_by_dest.get(dest, 0.0) + row.capacity_teu / len(
                served
            )
    names = sorted(capacity_by_dest)
    weights = np.array([capacity_by_dest[k] for k in names])
    weights = weights / weights.sum()
    mean_teu = demand_ratio * float(departures["capacity_teu"].sum()) / n
    rows: list[dict] = []

    # feeder trains: ~50 FEU each, bookings of whole FEU to the line's destinations
    n_feeder = round(n * feeder_share)
    feeder_names = list(_FEEDERS)
    k = 0
    while n_feeder > 0:
        line = feeder_names[k % len(feeder_names)]
        arrival = _round_minutes(rng.uniform(-backlog_h / 2, HOURS_PER_WEEK - 24.0), 5)
        targets = [d for d in _FEEDERS[line] if d in capacity_by_dest] or names
        split = np.array([0.6, 0.25, 0.15][: len(targets)])
        feu_left = _FEEDER_FEU
        while feu_left > 0 and n_feeder > 0:
            dest = targets[int(rng.choice(len(targets), p=split / split.sum()))]
            feu = min(max(_booking_teu(rng, mean_teu) // 2, 1), feu_left)
            feu_left -= feu
            n_feeder -= 1
            rows.append(
                {
                    "arrival_h": arrival,
                    "teu": 2 * feu,
                    "destination": dest,
                    "due_h": _due_h(arrival, dest, 3),
                    "reefer": False,
                    "dangerous_goods": False,
                    "priority": 1.0,
                    "value_cny": 2 * feu * _CARGO["general"][1],
                    "origin": line,
                    "arrived_by": "feeder_rail",
                    "cargo_class": "general",
                }
            )
        k += 1

    # trucks from Shaanxi cities during gate hours, some already in the yard
    classes = list(_CARGO)
    class_p = np.array([_CARGO[c][0] for c in classes])
    for _ in range(n - len(rows)):
        day = rng.integers(-math.ceil(backlog_h / 24), 7)
        hour = rng.uniform(6.0, 22.0)  # gate hours (EST)
        arrival = max(_round_minutes(24.0 * day + hour, 15), -backlog_h)
        dest = names[int(rng.choice(len(names), p=weights))]
        cargo = classes[int(rng.choice(len(classes), p=class_p))]
        _, value_per_teu, priority, slack = _CARGO[cargo]
        teu = _booking_teu(rng, mean_teu)
        if cargo == "perishable":
            teu = min(teu, 4)  # reefer bookings are small (EST)
        rows.append(
            {
                "arrival_h": arrival,
                "teu": teu,
                "destination": dest,
                "due_h": _due_h(arrival, dest, slack),
                "reefer": cargo == "perishable",
                "dangerous_goods": bool(cargo == "general" and rng.random() < 0.05),
                "priority": priority,
                "value_cny": teu * value_per_teu,
                "origin": _CITIES[int(rng.choice(len(_CITIES), p=_CITY_WEIGHTS))],
                "arrived_by": "truck",
                "cargo_class": cargo,
            }
        )
    table = pd.DataFrame(rows).sort_values("arrival_h", kind="stable").reset_index(drop=True)
    table.insert(0, "id", [f"S{i + 1:04d}" for i in range(len(table))])
    return table


def _costs() -> ConsolidationCosts:
    """Costs of the generated week (sources in docs/consolidation.md)."""
    overrides: dict[str, FallbackOption] = {}
    for name, dest in DESTINATIONS.items():
        if dest.international:
            # a later week's train: the rail rate of a full train, one week in the yard
            overrides[name] = FallbackOption(
                cost_cny_per_teu=round(_rate_cny_per_feu(name) / 2),
                transit_h=dest.transit_h,
                wait_h=HOURS_PER_WEEK,
                label="next week's train",
            )
        else:
            # another mode: a truck at ~CNY 10 per km per FEU, ~55 km/h, +12 h (EST)
            overrides[name] = FallbackOption(
                cost_cny_per_teu=round(10.0 * dest.distance_km / 2),
                transit_h=round(dest.distance_km / 55.0 + 12.0),
                wait_h=0.0,
                label="truck",
            )
    return ConsolidationCosts(
        holding_cny_per_teu_day=8.0 * CNY_PER_EUR,  # Duisburg storage EUR 8/TEU/day (FS-3)
        lateness_cny_per_teu_day=1_000.0,  # EST
        handling_h=4.0,  # EST (export clearance 0.5 h, FS-4.3, plus yard moves)
        fallback=FallbackOption(12_500.0, 40 * 24.0, 0.0, "sea via a Chinese port"),
        fallback_by_destination=overrides,
        value_of_time_share_per_day=0.0003,  # 0.02-0.04% of value per day (FS-6, EST)
    )
