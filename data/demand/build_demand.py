#!/usr/bin/env python3
"""Build the ILLUSTRATIVE weekly freight demand of Shaanxi: data/demand/shaanxi_weekly.csv.

The table is not observed origin-destination data. It spreads public aggregate figures
(Chang'an train counts, the Western Land-Sea corridor's volume, Xi'an airport's
international cargo, the 2020 designated-port imports) over the built-in network's nodes
with stated proxies and estimates. Every figure below is a row of ``FIGURES`` with its
source key (docs/data.md, section "Demand sources", and the factsheet) or an ``EST-D-*``
rule (docs/demand.md) that says how it was estimated.

Run from the repository root::

    python data/demand/build_demand.py          # write the CSV and the docs blocks
    python data/demand/build_demand.py --check  # also route every row (needs multimodal)

The script uses the standard library and pandas only (``--check`` imports multimodal). It
rewrites the generated blocks of docs/demand.md (figures, city shares, totals).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

import pandas as pd

from multimodal.demand import DEMAND_COLUMNS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = HERE / "shaanxi_weekly.csv"
DOCS = ROOT / "docs" / "demand.md"

NOTE = (
    "ILLUSTRATIVE: derived from public aggregate figures with stated estimates "
    "(docs/demand.md); not observed flows"
)
COLUMNS = DEMAND_COLUMNS  # the library's contract: one definition of the columns

# ---------------------------------------------------------------------------------------
# 1. Figures: key -> (value, unit, source key or EST rule, what it is)
# ---------------------------------------------------------------------------------------
FIGURES: dict[str, tuple[float, str, str, str]] = {
    "weeks_per_year": (52.0, "weeks", "-", "weeks in a year"),
    # Chang'an China-Europe / Central Asia trains from Xi'an
    "changan_trains_per_year": (
        5000.0,
        "trains/yr",
        "FS-4.1",
        "Chang'an trains a year, 2023-2024 (>5,000 in 2023; ~5,000 a year since); both "
        "directions, Central Asia and trans-Caspian included (the network's departures; "
        "not used for the demand's total, which is changan_teu_2024)",
    ),
    "changan_teu_2024": (
        524_102.0,
        "TEU/yr",
        "SV-CHANGAN-2025",
        "Chang'an TEU a year, 2024, both directions: 598,000 (2025) / 1.141 (its published "
        "growth); the demand's Chang'an total (the trains' 5,000 x 108.5 TEU would be 3.5 % "
        "more: Chang'an's own trains carried ~105 TEU in 2024)",
    ),
    "teu_per_train": (
        108.5,
        "TEU/train",
        "FS-4.1",
        "TEU per China-Europe train: 1,901,949 TEU / 17,523 trains (national, 2023); the "
        "network's trains carry the same",
    ),
    "changan_2022_trains": (4639.0, "trains", "FS-4.1-2022", "Chang'an trains in 2022"),
    "changan_2022_t": (4.12e6, "t", "FS-4.1-2022", "Chang'an cargo in 2022"),
    "trans_caspian_trips": (466.0, "trains", "FS-4.1-TC", "Xi'an trans-Caspian trips"),
    "feeder_share_export": (
        0.08,
        "share",
        "EST-D-FEEDER",
        "share of westbound Chang'an TEU assembled by the modelled feeder lines",
    ),
    "feeder_share_import": (
        0.04,
        "share",
        "EST-D-FEEDER",
        "share of eastbound Chang'an TEU distributed by the modelled feeder lines",
    ),
    "changan_export_share": (
        0.5,
        "share",
        "EST-D-DIR",
        "westbound share of Chang'an TEU (trains run both ways; network EST-DEP: ~48 a week "
        "each way)",
    ),
    "changan_reefer_share_export": (
        0.06,
        "share",
        "EST-D-REEFER",
        "reefer share of Shaanxi-origin westbound Chang'an TEU (fruit)",
    ),
    "changan_reefer_share_import": (
        0.05,
        "share",
        "EST-D-REEFER",
        "reefer share of eastbound Chang'an TEU to Shaanxi (food)",
    ),
    # designated-port imports by rail, 2020
    "grain_t_2020": (23893.2, "t/yr", "PLAN-1.1-VOL", "grain imported by rail at Xi'an, 2020"),
    "meat_t_2020": (1748.2, "t/yr", "PLAN-1.1-VOL", "meat imported by rail at Xi'an, 2020"),
    "vehicles_2020": (
        35727.0,
        "vehicles/yr",
        "PLAN-1.1-VOL",
        "whole vehicles imported and exported at the Xi'an railway port, 2020",
    ),
    "vehicles_import_share": (0.5, "share", "EST-D-VEH", "import share of those vehicles"),
    "vehicles_per_teu": (2.0, "vehicles/TEU", "EST-D-VEH", "cars per TEU (4 per 40' HC)"),
    "t_per_vehicle": (1.5, "t", "EST-D-VEH", "mass of a car"),
    "grain_t_per_teu": (25.0, "t/TEU", "EST-D-PAYLOAD", "grain per 20' box (payload 28.2 t)"),
    "meat_t_per_teu": (12.5, "t/TEU", "EST-D-PAYLOAD", "frozen meat per TEU (25 t per 40' reefer)"),
    # Western Land-Sea New Corridor
    "wlsnc_teu_2024": (960000.0, "TEU/yr", "FS-4.3-WLSNC", "WLSNC rail-sea volume, 2024"),
    "wlsnc_provinces": (
        13.0,
        "provinces",
        "EST-D-WLSNC",
        "provincial units of the corridor's '13+2' cooperation (12 western provinces and "
        "Hainan; the '+2' are the cities Zhanjiang and Huaihua); general knowledge",
    ),
    "wlsnc_xian_factor": (
        0.5,
        "factor",
        "EST-D-WLSNC",
        "Shaanxi's share relative to an equal share (far from the Beibu Gulf)",
    ),
    "wlsnc_export_share": (0.6, "share", "EST-D-DIR", "southbound (export) share of WLSNC TEU"),
    "wlsnc_dg_share_export": (0.1, "share", "EST-D-DG", "dangerous goods in WLSNC exports"),
    "wlsnc_reefer_share_import": (0.1, "share", "EST-D-REEFER", "reefer in WLSNC imports"),
    # Eastern rail-sea to the coast
    "railsea_trains_per_week": (
        9.0,
        "trains/week",
        "EST-D-RAILSEA",
        "scheduled rail-sea trains a week each way in the built-in network (Qingdao 3, "
        "Lianyungang 3, Shanghai 2, Ningbo 1; network rule EST-DEP)",
    ),
    "railsea_load_export": (0.7, "share", "EST-D-RAILSEA", "export load factor of those trains"),
    "railsea_load_import": (0.5, "share", "EST-D-RAILSEA", "import load factor of those trains"),
    "railsea_dg_share_export": (0.15, "share", "EST-D-DG", "dangerous goods in rail-sea exports"),
    # Air: Xi'an Xianyang international cargo
    "air_intl_target_2025_t": (
        116000.0,
        "t/yr",
        "PLAN-3.3",
        "2025 target for XIY international cargo, double the 2020 figure",
    ),
    "air_reference_year_offset": (
        3.0,
        "years",
        "EST-D-AIR",
        "years after 2020 of the reference year (2023, as the rail figures)",
    ),
    "xiy_total_2019_t": (
        380000.0,
        "t/yr",
        "FS-4.4-XIY-TOTAL",
        "XIY cargo and mail 2019, all traffic (cross-check of the international share only)",
    ),
    "air_export_share": (0.55, "share", "EST-D-DIR", "export share of international air cargo"),
    "air_designated_share_import": (
        0.3,
        "share",
        "EST-D-AIR",
        "designated classes in air imports (fruit, seafood, meat, seedlings, medicines)",
    ),
    # Where the Shaanxi end lies
    "cbz_trade_share": (
        0.693,
        "share",
        "PLAN-1.4-CBZ",
        "share of Shaanxi's 2020 foreign trade through the seven bonded zones, all in "
        "Guanzhong (Xi'an, Xianyang, Baoji, Yangling)",
    ),
    # Weight of a Chang'an TEU
    "changan_t_per_teu": (
        0.0,  # derived below
        "t/TEU",
        "FS-4.1-2022",
        "4.12 Mt / 4,639 trains / 108.5 TEU (derived)",
    ),
    # Hinterland of the competing gateways (neighbouring provinces; EST-D-HINTERLAND)
    "cdcq_teu_2023": (
        430_000.0,
        "TEU/yr",
        "SV-GW-CDCQ",
        "China-Europe TEU of Chengdu and Chongqing together, 2023 (>430,000; >5,300 trains)",
    ),
    "chengdu_share": (
        0.5,
        "share",
        "EST-D-HINTERLAND",
        "Chengdu's part of that (the joint brand runs balanced; network rule EST-GW-DEP)",
    ),
    "henan_teu_to_nov15_2024": (
        230_000.0,
        "TEU",
        "SV-GW-ZZ",
        "China-Europe TEU of Henan (Zhengzhou), 1 Jan - 15 Nov 2024 (320 days)",
    ),
    "henan_teu_per_year": (
        0.0,  # derived below
        "TEU/yr",
        "SV-GW-ZZ",
        "the same for a year: 230,000 / 320 x 366 (derived)",
    ),
    "wuhan_trains_per_year": (
        845.0,
        "trains/yr",
        "SV-GW-WUH",
        "Wuhan China-Europe trains 2023: 538 (2022) x 1.57 (network rule EST-GW-DEP)",
    ),
    "urumqi_trains_per_year": (
        1095.0,
        "trains/yr",
        "SV-GW-URC",
        "Urumqi assembly centre: 3 trains a day (2019, latest found; EST-GW-DEP)",
    ),
    "lanzhou_trains_per_year": (
        216.0,
        "trains/yr",
        "SV-GW-LHW",
        "Lanzhou New Area international trains: 126 in Jan-Jul 2024 x 12/7 (EST-GW-DEP)",
    ),
    "hinterland_export_share": (
        0.5,
        "share",
        "EST-D-DIR",
        "westbound share of the neighbours' China-Europe TEU (trains run both ways)",
    ),
    "cgo_lux_t_jan_aug_2021": (
        87_700.0,
        "t",
        "SV-GW-CGO-LUX",
        "Cargolux Zhengzhou - Luxembourg cargo, both directions, 1 Jan - 31 Aug 2021 (243 d)",
    ),
    "cgo_lux_t_per_week": (
        0.0,  # derived below
        "t/week",
        "SV-GW-CGO-LUX",
        "the same a week: 87,700 / 243 x 7 (derived); Henan's air rows carry it, split "
        "between the directions as the loads below (EST-D-HINTERLAND)",
    ),
    "hinterland_air_load_export": (
        0.7,
        "share",
        "EST-D-HINTERLAND",
        "export load of the neighbours' modelled freighters to Europe (placeholder; for CGO "
        "only the direction split)",
    ),
    "hinterland_air_load_import": (
        0.5,
        "share",
        "EST-D-HINTERLAND",
        "import load of those freighters (placeholder)",
    ),
    # Row thresholds
    "min_row_teu_changan": (150.0, "TEU/week", "EST-D-PRUNE", "smallest Chang'an general row"),
    "min_row_teu_other": (60.0, "TEU/week", "EST-D-PRUNE", "smallest row of other corridors"),
    "min_city_per_week": (
        20.0,
        "TEU or t/week",
        "EST-D-PRUNE",
        "smallest part of a segment a city keeps (else the other cities take it)",
    ),
    "min_row_t_air": (60.0, "t/week", "EST-D-PRUNE", "smallest air row"),
}


def fig(key: str) -> float:
    """The value of a figure."""
    return FIGURES[key][0]


def _set(key: str, value: float) -> None:
    _, unit, source, what = FIGURES[key]
    FIGURES[key] = (value, unit, source, what)


_set(
    "changan_t_per_teu",
    fig("changan_2022_t") / fig("changan_2022_trains") / fig("teu_per_train"),
)
_set("henan_teu_per_year", fig("henan_teu_to_nov15_2024") / 320 * 366)
_set("cgo_lux_t_per_week", fig("cgo_lux_t_jan_aug_2021") / 243 * 7)

# Population, 2020 census, millions (EST-D-POP: general knowledge, rounded; Hancheng, a
# county-level city, taken out of Weinan; Yangling is the province total less the ten
# prefectures).
POPULATION_M = {
    "CITY_XIAN": 12.95,
    "CITY_XIANYANG": 3.96,
    "CITY_BAOJI": 3.32,
    "CITY_YANGLING": 0.25,
    "CITY_WEINAN": 4.31,
    "CITY_HANCHENG": 0.38,
    "CITY_TONGCHUAN": 0.70,
    "CITY_YANAN": 2.28,
    "CITY_YULIN": 3.62,
    "CITY_HANZHONG": 3.21,
    "CITY_ANKANG": 2.49,
    "CITY_SHANGLUO": 2.04,
}
#: Cities that host the seven comprehensive bonded zones (PLAN-1.4-CBZ, PLAN-Z5).
CBZ_HOSTS = ("CITY_XIAN", "CITY_XIANYANG", "CITY_BAOJI", "CITY_YANGLING")
#: Fruit belt (apples of Yan'an, Weinan, Xianyang, Baoji; kiwifruit of Xi'an, Baoji):
#: origins of reefer exports (EST-D-REEFER).
REEFER_EXPORT_CITIES = ("CITY_XIAN", "CITY_XIANYANG", "CITY_BAOJI", "CITY_WEINAN", "CITY_YANAN")
#: Origins of dangerous goods (EST-D-DG): the coal-chemical base of Yulin, Yan'an's oil and
#: gas, Weinan's chemical parks; shares by judgement.
DG_CITIES = {"CITY_YULIN": 0.5, "CITY_WEINAN": 0.3, "CITY_YANAN": 0.2}
#: Air cargo ends in the bonded-zone cities next to XIY (EST-D-AIR); Yangling is too small.
AIR_CITIES = ("CITY_XIAN", "CITY_XIANYANG", "CITY_BAOJI")


def city_shares(cities: Iterable[str] | None = None) -> dict[str, float]:
    """Share of each Shaanxi city in the province's foreign trade (the proxy, EST-D-CITY).

    The bonded zones' 69.3 % goes to their host cities and the rest to the other cities,
    each part in proportion to population. With ``cities``, the shares are renormalised
    over those cities.
    """
    hosts = {c: POPULATION_M[c] for c in CBZ_HOSTS}
    others = {c: p for c, p in POPULATION_M.items() if c not in hosts}
    share = fig("cbz_trade_share")
    shares = {c: share * p / sum(hosts.values()) for c, p in hosts.items()}
    shares |= {c: (1 - share) * p / sum(others.values()) for c, p in others.items()}
    if cities is None:
        return shares
    chosen = {c: shares[c] for c in cities}
    total = sum(chosen.values())
    return {c: v / total for c, v in chosen.items()}


def normalise(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights scaled to sum to one."""
    total = sum(weights.values())
    return {k: v / total for k, v in weights.items()}


# Destination splits (EST-D-DEST): in proportion to the Chang'an departures a week to each
# destination in the built-in services (data/services/, network rule EST-DEP), so that the
# demand fills the trains that run (westbound: Duisburg 9 incl. the express, Hamburg 6,
# Warsaw 5, Budapest 3, Milan 2, Minsk 1, Moscow 12.5 via three exits, Riga 1, Almaty 4 via
# two, Tashkent 2.5: Central Asia 14 % as SV-CHANGAN-2022-SPLIT); the trans-Caspian train
# carries no modelled demand.
CE_WEST = normalise(
    {
        "ALMATY": 4,
        "TASHKENT": 2.5,
        "MOSCOW": 12.5,
        "MINSK": 1,
        "RIGA": 1,
        "DUISBURG": 9,
        "HAMBURG": 6,
        "WARSAW": 5,
        "BUDAPEST": 3,
        "MILAN": 2,
    }
)
# The trains run both ways: the same split eastbound.
CE_EAST = dict(CE_WEST)
CE_REEFER_WEST = normalise({"ALMATY": 45, "TASHKENT": 20, "MOSCOW": 35})
CE_REEFER_EAST = normalise({"DUISBURG": 40, "HAMBURG": 30, "MOSCOW": 30})
VEHICLE_EXPORT_CITIES = {"CITY_XIAN": 0.6, "CITY_BAOJI": 0.4}  # car plants (EST-D-VEH)
VEHICLE_EXPORT_DEST = normalise({"MOSCOW": 40, "ALMATY": 35, "TASHKENT": 25})
VEHICLE_IMPORT_ORIGIN = normalise({"DUISBURG": 60, "HAMBURG": 40})
GRAIN_ORIGIN = normalise({"ALMATY": 70, "MOSCOW": 30})
MEAT_ORIGIN = normalise({"MINSK": 50, "DUISBURG": 50})
# Feeders (PLAN-1.1: 襄西欧, 徐西欧; FS-7-SJZ: Shijiazhuang -> Hamburg; SV-GZ-XIAN:
# Guangzhou -> Xi'an -> Russia), split as the network's feeder departures (2, 2, 1, 1).
# Guangzhou's 粤陕 line (SV-GZ-XIAN, weekly since 2023, to Russia) joins them at 1 a week.
FEEDER_WEST = {
    "XIANGYANG": (2 / 6, normalise({"DUISBURG": 60, "HAMBURG": 40})),
    "XUZHOU": (2 / 6, normalise({"DUISBURG": 50, "MOSCOW": 25, "ALMATY": 25})),
    "SHIJIAZHUANG": (1 / 6, {"HAMBURG": 1.0}),
    "GUANGZHOU_GJG": (1 / 6, {"MOSCOW": 1.0}),
}
FEEDER_EAST = {
    "XIANGYANG": (2 / 6, {"DUISBURG": 1.0}),
    "XUZHOU": (2 / 6, {"DUISBURG": 1.0}),
    "SHIJIAZHUANG": (1 / 6, {"HAMBURG": 1.0}),
    "GUANGZHOU_GJG": (1 / 6, {"MOSCOW": 1.0}),
}
WLSNC_DEST = normalise({"SINGAPORE": 35, "PORT_KLANG": 25, "HO_CHI_MINH": 20, "QINZHOU": 20})
WLSNC_DG_DEST = normalise({"SINGAPORE": 60, "PORT_KLANG": 40})
RAILSEA_DEST = normalise({"QINGDAO": 3, "LIANYUNGANG": 3, "SHANGHAI": 2, "NINGBO": 1})
RAILSEA_DG_DEST = normalise({"QINGDAO": 50, "LIANYUNGANG": 50})
# Designated air imports: class -> (share of designated air imports, origin airports).
AIR_DESIGNATED = {
    "fruit": (0.35, normalise({"TAS": 60, "ORD": 40})),
    "aquatic_animals": (0.20, normalise({"ICN": 50, "NRT": 50})),
    "chilled_seafood": (0.15, normalise({"SVO": 60, "LGG": 40})),
    "meat": (0.10, normalise({"ALA": 50, "BRU": 50})),
    "seedlings": (0.05, {"LGG": 1.0}),
    "medicines": (0.15, normalise({"BRU": 50, "MXP": 50})),
}

# Cargo value per TEU (CNY), for the value of time (EST-D-VALUE). Air rows: per 10 t.
VALUE_CNY_PER_TEU = {
    ("container", "general"): 300_000,
    ("container", "reefer"): 200_000,
    ("container", "dangerous_goods"): 150_000,
    ("container", "vehicles_export"): 240_000,
    ("container", "vehicles_import"): 1_000_000,
    ("container", "grain"): 70_000,
    ("container", "meat"): 375_000,
    ("air", "general"): 7_000_000,
    ("air", "fruit"): 600_000,
    ("air", "aquatic_animals"): 1_500_000,
    ("air", "chilled_seafood"): 1_000_000,
    ("air", "meat"): 800_000,
    ("air", "seedlings"): 1_000_000,
    ("air", "medicines"): 15_000_000,
}


#: Neighbouring provinces whose China-Europe cargo may route through Shaanxi or through
#: their own gateway (EST-D-HINTERLAND): city centroid -> (gateway terminal, TEU a year).
HINTERLAND_RAIL = {
    "CITY_CHENGDU": ("CHENGDU_QBJ", lambda: fig("cdcq_teu_2023") * fig("chengdu_share")),
    "CITY_CHONGQING": (
        "CHONGQING_TJC",
        lambda: fig("cdcq_teu_2023") * (1 - fig("chengdu_share")),
    ),
    "CITY_ZHENGZHOU": ("ZHENGZHOU_PUTIAN", lambda: fig("henan_teu_per_year")),
    "CITY_WUHAN": ("WUHAN_WJS", lambda: fig("wuhan_trains_per_year") * fig("teu_per_train")),
    "CITY_URUMQI": ("URUMQI_ASM", lambda: fig("urumqi_trains_per_year") * fig("teu_per_train")),
    "CITY_LANZHOU": ("LANZHOU_ZCB", lambda: fig("lanzhou_trains_per_year") * fig("teu_per_train")),
}
#: City centroid -> its gateway airport with modelled freighters to Europe.
HINTERLAND_AIR = {"CITY_ZHENGZHOU": "CGO", "CITY_CHENGDU": "CTU", "CITY_CHONGQING": "CKG"}
#: Airports whose hinterland air rows follow a sourced tonnage (t/week, both directions)
#: instead of the placeholder loads x freighter capacity.
HINTERLAND_AIR_SOURCED = {"CGO": "cgo_lux_t_per_week"}


def _network_services() -> pd.DataFrame:
    from multimodal.network import load_network

    return load_network().services


def gateway_destinations(terminal: str) -> dict[str, float]:
    """Westbound China-Europe departures a week from a gateway terminal, per destination.

    From the built-in services (data/services/, network rule EST-GW-DEP): the services whose
    first stop is ``terminal`` on the china_europe corridor, summed per last stop.
    """
    out: dict[str, float] = {}
    for row in _network_services().itertuples(index=False):
        stops = str(row.stops).split(";")
        if row.corridor == "china_europe" and stops[0] == terminal and not row.implicit:
            out[stops[-1]] = out.get(stops[-1], 0.0) + float(row.departures_per_week)
    return out


def gateway_air_capacity(airport: str) -> dict[str, float]:
    """Weekly freighter capacity (t) from a gateway airport to each foreign airport."""
    out: dict[str, float] = {}
    for row in _network_services().itertuples(index=False):
        stops = str(row.stops).split(";")
        if row.corridor == "air_international" and stops[0] == airport and not row.implicit:
            weekly = float(row.departures_per_week) * float(row.capacity_t_per_departure)
            out[stops[-1]] = out.get(stops[-1], 0.0) + weekly
    return out


def air_capacity_t_per_week() -> dict[str, float]:
    """Weekly capacity (t) from XIY of each international freighter route (built-in services).

    Departures a week x payload per flight of the services that fly from XIY to a foreign
    airport (data/services/, rule EST-DEP of docs/data.md), summed per destination.
    """
    from multimodal.network import load_network

    services = load_network().services
    capacity: dict[str, float] = {}
    for row in services.itertuples(index=False):
        stops = str(row.stops).split(";")
        if row.corridor == "air_international" and stops[0] == "XIY" and not row.implicit:
            weekly = float(row.departures_per_week) * float(row.capacity_t_per_departure)
            capacity[stops[-1]] = capacity.get(stops[-1], 0.0) + weekly
    return capacity


# ---------------------------------------------------------------------------------------
# 2. Allocation
# ---------------------------------------------------------------------------------------
def spread(
    total: float, cities: Mapping[str, float], places: Mapping[str, float], minimum: float
) -> dict[tuple[str, str], float]:
    """Split ``total`` over city x place cells so that both shares hold exactly.

    A city whose part would be under ``min_city_per_week`` (TEU or t) is left out and the
    others are scaled up (all of a small segment goes to its largest city). A city gets
    one row per ``minimum`` of its part, at least one (EST-D-PRUNE), so that the table
    stays short. Cities with fewer rows than places are served first, largest first, each
    to the places with the most demand still unassigned; the cities with a row for every
    place (always the largest city, mostly Xi'an) take what remains. Every city keeps its
    share of the total and every place its share.
    """
    # Cities below the smallest city total are left out and the others scaled up.
    kept = {c: s for c, s in cities.items() if total * s >= fig("min_city_per_week")}
    if not kept:  # a small segment: all of it from (or to) its largest city
        largest = max(cities, key=lambda c: (cities[c], c))
        kept = {largest: 1.0}
    cities = normalise(kept)
    count = len(places)
    room = {p: total * s for p, s in places.items()}
    rows = {
        c: count if minimum <= 0 else max(1, min(count, int(total * s // minimum)))
        for c, s in cities.items()
    }
    # The largest city always ships everywhere: it takes up what the others leave.
    rows[max(cities, key=lambda c: (cities[c], c))] = count
    full = [c for c in cities if rows[c] == count]
    partial = sorted((c for c in cities if rows[c] < count), key=lambda c: (-cities[c], c))
    cells: dict[tuple[str, str], float] = {}
    for city in partial:
        need = total * cities[city]
        ranked = sorted(room, key=lambda p: (-room[p], p))
        k = rows[city]
        while sum(room[p] for p in ranked[:k]) < need * (1 - 1e-12) and k < count:
            k += 1
        chosen = ranked[:k]
        available = sum(room[p] for p in chosen)
        for place in chosen:
            amount = need * room[place] / available
            cells[(city, place)] = amount
            room[place] -= amount
    full_total = sum(total * cities[c] for c in full)
    for city in full:
        for place, left in room.items():
            if left > 1e-9 * max(total, 1.0):
                cells[(city, place)] = left * total * cities[city] / full_total
    return cells


def rows_for(
    cells: Mapping[tuple[str, str], float],
    *,
    segment: str,
    export: bool,
    cargo_class: str,
    quantity: str,
    t_per_teu: float | None,
    value_cny_per_teu: float,
) -> list[dict[str, object]]:
    """Demand rows from city x place cells.

    ``quantity`` is ``"teu"`` (cells in TEU) or ``"t"`` (cells in tonnes). With
    ``t_per_teu`` the other quantity is written too; without it, it is left blank for the
    loader to derive at 10 t per TEU.
    """
    rows = []
    for (city, place), amount in cells.items():
        teu = weight = None
        if quantity == "teu":
            teu = amount
            weight = None if t_per_teu is None else amount * t_per_teu
        else:
            weight = amount
            teu = None if t_per_teu is None else amount / t_per_teu
        rows.append(
            {
                "origin": city if export else place,
                "destination": place if export else city,
                "cargo_class": cargo_class,
                "teu_per_week": teu,
                "weight_t_per_week": weight,
                "cargo_value_cny_per_teu": value_cny_per_teu,
                "segment": segment,
            }
        )
    return rows


def build() -> pd.DataFrame:
    """All demand rows, with ids, rounded."""
    weeks = fig("weeks_per_year")
    t_ce = fig("changan_t_per_teu")
    value = VALUE_CNY_PER_TEU
    rows: list[dict[str, object]] = []

    # --- Chang'an: total TEU a week, both directions
    changan = fig("changan_teu_2024") / weeks
    west = changan * fig("changan_export_share")
    east = changan - west

    # trans-Caspian: trips a week over Oct 2019 - Nov 2025, westbound
    tc_weeks = (date(2025, 11, 30) - date(2019, 10, 1)).days / 7.0
    caspian = fig("trans_caspian_trips") / tc_weeks * fig("teu_per_train")
    vehicles_teu = fig("vehicles_2020") / weeks / fig("vehicles_per_teu")
    veh_import = vehicles_teu * fig("vehicles_import_share")
    veh_export = vehicles_teu - veh_import
    feeder_west = west * fig("feeder_share_export")
    shaanxi_west = west - feeder_west - caspian - veh_export
    reefer_west = shaanxi_west * fig("changan_reefer_share_export")
    general_west = shaanxi_west - reefer_west

    small_ce, small = fig("min_row_teu_changan"), fig("min_row_teu_other")
    common = {"quantity": "teu", "t_per_teu": t_ce}
    seg = "china_europe_export"
    rows += rows_for(
        spread(general_west, city_shares(), CE_WEST, small_ce),
        segment=seg,
        export=True,
        cargo_class="general",
        value_cny_per_teu=value[("container", "general")],
        **common,
    )
    rows += rows_for(
        spread(reefer_west, city_shares(REEFER_EXPORT_CITIES), CE_REEFER_WEST, small),
        segment=seg,
        export=True,
        cargo_class="reefer",
        value_cny_per_teu=value[("container", "reefer")],
        **common,
    )
    vehicle_cells = spread(veh_export, VEHICLE_EXPORT_CITIES, VEHICLE_EXPORT_DEST, 0.0)
    rows += rows_for(
        vehicle_cells,
        segment=seg,
        export=True,
        cargo_class="vehicles",
        quantity="teu",
        t_per_teu=fig("vehicles_per_teu") * fig("t_per_vehicle"),
        value_cny_per_teu=value[("container", "vehicles_export")],
    )
    for terminal, (share, places) in FEEDER_WEST.items():
        cells = {(terminal, p): feeder_west * share * s for p, s in places.items()}
        rows += rows_for(
            cells,
            segment=seg,
            export=True,
            cargo_class="general",
            value_cny_per_teu=value[("container", "general")],
            **common,
        )
    rows += rows_for(
        spread(caspian, city_shares(CBZ_HOSTS), {"BAKU": 1.0}, small),
        segment="trans_caspian_export",
        export=True,
        cargo_class="general",
        value_cny_per_teu=value[("container", "general")],
        **common,
    )

    seg = "china_europe_import"
    grain_teu = fig("grain_t_2020") / weeks / fig("grain_t_per_teu")
    meat_teu = fig("meat_t_2020") / weeks / fig("meat_t_per_teu")
    feeder_east = east * fig("feeder_share_import")
    shaanxi_east = east - feeder_east - veh_import - grain_teu - meat_teu
    reefer_east = shaanxi_east * fig("changan_reefer_share_import")
    general_east = shaanxi_east - reefer_east
    rows += rows_for(
        spread(general_east, city_shares(), CE_EAST, small_ce),
        segment=seg,
        export=False,
        cargo_class="general",
        value_cny_per_teu=value[("container", "general")],
        **common,
    )
    rows += rows_for(
        spread(reefer_east, city_shares(CBZ_HOSTS), CE_REEFER_EAST, small),
        segment=seg,
        export=False,
        cargo_class="reefer",
        value_cny_per_teu=value[("container", "reefer")],
        **common,
    )
    xian = {"CITY_XIAN": 1.0}
    rows += rows_for(
        spread(veh_import, xian, VEHICLE_IMPORT_ORIGIN, 0.0),
        segment=seg,
        export=False,
        cargo_class="vehicles",
        quantity="teu",
        t_per_teu=fig("vehicles_per_teu") * fig("t_per_vehicle"),
        value_cny_per_teu=value[("container", "vehicles_import")],
    )
    rows += rows_for(
        spread(fig("grain_t_2020") / weeks, xian, GRAIN_ORIGIN, 0.0),
        segment=seg,
        export=False,
        cargo_class="grain",
        quantity="t",
        t_per_teu=fig("grain_t_per_teu"),
        value_cny_per_teu=value[("container", "grain")],
    )
    rows += rows_for(
        spread(fig("meat_t_2020") / weeks, xian, MEAT_ORIGIN, 0.0),
        segment=seg,
        export=False,
        cargo_class="meat",
        quantity="t",
        t_per_teu=fig("meat_t_per_teu"),
        value_cny_per_teu=value[("container", "meat")],
    )
    for terminal, (share, places) in FEEDER_EAST.items():
        cells = {(terminal, p): feeder_east * share * s for p, s in places.items()}
        rows += rows_for(
            cells,
            segment=seg,
            export=False,
            cargo_class="general",
            value_cny_per_teu=value[("container", "general")],
            **common,
        )

    # --- Western Land-Sea corridor (Xi'an's share: EST-D-WLSNC)
    wlsnc = fig("wlsnc_teu_2024") / fig("wlsnc_provinces") * fig("wlsnc_xian_factor") / weeks
    out = wlsnc * fig("wlsnc_export_share")
    back = wlsnc - out
    plain = {"quantity": "teu", "t_per_teu": None}
    dg = out * fig("wlsnc_dg_share_export")
    rows += rows_for(
        spread(out - dg, city_shares(), WLSNC_DEST, small),
        segment="western_land_sea_export",
        export=True,
        cargo_class="general",
        value_cny_per_teu=value[("container", "general")],
        **plain,
    )
    rows += rows_for(
        spread(dg, DG_CITIES, WLSNC_DG_DEST, small),
        segment="western_land_sea_export",
        export=True,
        cargo_class="dangerous_goods",
        value_cny_per_teu=value[("container", "dangerous_goods")],
        **plain,
    )
    reefer = back * fig("wlsnc_reefer_share_import")
    rows += rows_for(
        spread(back - reefer, city_shares(), WLSNC_DEST, small),
        segment="western_land_sea_import",
        export=False,
        cargo_class="general",
        value_cny_per_teu=value[("container", "general")],
        **plain,
    )
    rows += rows_for(
        spread(reefer, city_shares(CBZ_HOSTS), {"SINGAPORE": 0.5, "HO_CHI_MINH": 0.5}, small),
        segment="western_land_sea_import",
        export=False,
        cargo_class="reefer",
        value_cny_per_teu=value[("container", "reefer")],
        **plain,
    )

    # --- Eastern rail-sea to the coast (EST-D-RAILSEA)
    capacity = fig("railsea_trains_per_week") * fig("teu_per_train")
    out = capacity * fig("railsea_load_export")
    back = capacity * fig("railsea_load_import")
    dg = out * fig("railsea_dg_share_export")
    rows += rows_for(
        spread(out - dg, city_shares(), RAILSEA_DEST, small),
        segment="eastern_rail_sea_export",
        export=True,
        cargo_class="general",
        value_cny_per_teu=value[("container", "general")],
        **plain,
    )
    rows += rows_for(
        spread(dg, DG_CITIES, RAILSEA_DG_DEST, small),
        segment="eastern_rail_sea_export",
        export=True,
        cargo_class="dangerous_goods",
        value_cny_per_teu=value[("container", "dangerous_goods")],
        **plain,
    )
    rows += rows_for(
        spread(back, city_shares(), RAILSEA_DEST, small),
        segment="eastern_rail_sea_import",
        export=False,
        cargo_class="general",
        value_cny_per_teu=value[("container", "general")],
        **plain,
    )

    # --- Air: XIY international cargo (EST-D-AIR)
    air = (
        fig("air_intl_target_2025_t")
        / 2.0
        * 2.0 ** (fig("air_reference_year_offset") / 5.0)
        / weeks
    )
    out = air * fig("air_export_share")
    back = air - out
    designated = back * fig("air_designated_share_import")
    airports = normalise(air_capacity_t_per_week())
    small_air = fig("min_row_t_air")
    by_air = {"quantity": "t", "t_per_teu": None}
    rows += rows_for(
        spread(out, city_shares(AIR_CITIES), airports, small_air),
        segment="air_export",
        export=True,
        cargo_class="general",
        value_cny_per_teu=value[("air", "general")],
        **by_air,
    )
    rows += rows_for(
        spread(back - designated, city_shares(AIR_CITIES), airports, small_air),
        segment="air_import",
        export=False,
        cargo_class="general",
        value_cny_per_teu=value[("air", "general")],
        **by_air,
    )
    for cargo_class, (share, origins) in AIR_DESIGNATED.items():
        rows += rows_for(
            spread(designated * share, xian, origins, 0.0),
            segment="air_import",
            export=False,
            cargo_class=cargo_class,
            value_cny_per_teu=value[("air", cargo_class)],
            **by_air,
        )

    # --- Hinterland of the competing gateways (EST-D-HINTERLAND)
    for city, (terminal, teu_per_year) in HINTERLAND_RAIL.items():
        total = teu_per_year() / weeks
        west_part = total * fig("hinterland_export_share")
        places = normalise(gateway_destinations(terminal))
        for export, amount in ((True, west_part), (False, total - west_part)):
            rows += rows_for(
                {(city, p): amount * share for p, share in places.items()},
                segment="hinterland_china_europe_" + ("export" if export else "import"),
                export=export,
                cargo_class="general",
                value_cny_per_teu=value[("container", "general")],
                **common,
            )
    load_out, load_in = fig("hinterland_air_load_export"), fig("hinterland_air_load_import")
    for city, airport in HINTERLAND_AIR.items():
        capacity = gateway_air_capacity(airport)
        loads = ((True, load_out), (False, load_in))
        if airport in HINTERLAND_AIR_SOURCED:
            # the airport's sourced tonnage, both ways, split as the placeholder loads
            total = fig(HINTERLAND_AIR_SOURCED[airport])
            both = sum(capacity.values())
            loads = (
                (True, total * load_out / (load_out + load_in) / both),
                (False, total * load_in / (load_out + load_in) / both),
            )
        for export, load in loads:
            rows += rows_for(
                {(city, p): t * load for p, t in capacity.items()},
                segment="hinterland_air_" + ("export" if export else "import"),
                export=export,
                cargo_class="general",
                value_cny_per_teu=value[("air", "general")],
                **by_air,
            )

    frame = pd.DataFrame(rows)
    for column in ("teu_per_week", "weight_t_per_week"):
        frame[column] = frame[column].astype(float).round(1)
    prefixes = {
        "china_europe_export": "CEX",
        "china_europe_import": "CEI",
        "trans_caspian_export": "TCX",
        "western_land_sea_export": "WLX",
        "western_land_sea_import": "WLI",
        "eastern_rail_sea_export": "ERX",
        "eastern_rail_sea_import": "ERI",
        "air_export": "AIX",
        "air_import": "AII",
        "hinterland_china_europe_export": "HCX",
        "hinterland_china_europe_import": "HCI",
        "hinterland_air_export": "HAX",
        "hinterland_air_import": "HAI",
    }
    frame["_order"] = frame["segment"].map(list(prefixes).index)
    frame = frame.sort_values(["_order", "cargo_class", "origin", "destination"], kind="stable")
    frame["id"] = [
        f"{prefixes[s]}{n:03d}"
        for s, n in zip(frame["segment"], frame.groupby("segment").cumcount() + 1)
    ]
    frame["note"] = NOTE
    return frame.drop(columns="_order").reset_index(drop=True)[list(COLUMNS)]


# ---------------------------------------------------------------------------------------
# 3. Output: the CSV and the generated blocks of docs/demand.md
# ---------------------------------------------------------------------------------------
def totals(frame: pd.DataFrame) -> pd.DataFrame:
    """TEU and tonnes a week by segment (blank quantities derived at 10 t per TEU)."""
    teu = frame["teu_per_week"].fillna(frame["weight_t_per_week"] / 10.0)
    weight = frame["weight_t_per_week"].fillna(frame["teu_per_week"] * 10.0)
    table = (
        frame.assign(teu=teu, weight=weight)
        .groupby("segment", sort=False)
        .agg(rows=("id", "size"), teu_per_week=("teu", "sum"), weight_t_per_week=("weight", "sum"))
    )
    table.loc["total"] = table.sum()
    return table


def _markdown(header: list[str], rows: Iterable[Iterable[object]], align: str) -> str:
    lines = ["| " + " | ".join(header) + " |", align]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _number(value: float) -> str:
    if value == int(value) and abs(value) >= 1:
        return f"{value:,.0f}"
    return f"{value:.4g}" if abs(value) < 100 else f"{value:,.1f}"


def docs_blocks(frame: pd.DataFrame) -> dict[str, str]:
    """The generated blocks of docs/demand.md."""
    figures = _markdown(
        ["figure", "value", "unit", "source / rule", "what"],
        ([k, _number(v), u, s, w] for k, (v, u, s, w) in FIGURES.items()),
        "|---|---:|---|---|---|",
    )
    shares = city_shares()
    cities = _markdown(
        ["city", "population 2020 (M, EST-D-POP)", "hosts a bonded zone", "share of demand"],
        (
            [c, f"{POPULATION_M[c]:.2f}", "yes" if c in CBZ_HOSTS else "", f"{shares[c]:.2%}"]
            for c in sorted(shares, key=shares.get, reverse=True)
        ),
        "|---|---:|---|---:|",
    )
    table = totals(frame)
    total_rows = _markdown(
        ["segment", "rows", "TEU/week", "t/week"],
        (
            [s, int(r.rows), f"{r.teu_per_week:,.1f}", f"{r.weight_t_per_week:,.0f}"]
            for s, r in table.iterrows()
        ),
        "|---|---:|---:|---:|",
    )
    classes = (
        frame.assign(teu=frame["teu_per_week"].fillna(frame["weight_t_per_week"] / 10.0))
        .groupby("cargo_class")
        .agg(rows=("id", "size"), teu=("teu", "sum"))
        .sort_values("teu", ascending=False)
    )
    class_rows = _markdown(
        ["cargo class", "rows", "TEU/week"],
        ([c, int(r.rows), f"{r.teu:,.1f}"] for c, r in classes.iterrows()),
        "|---|---:|---:|",
    )
    return {
        "demand-figures": figures,
        "demand-cities": cities,
        "demand-totals": total_rows + "\n\n" + class_rows,
        "observations": observations_block(),
    }


def observations_block() -> str:
    """The table of the observed figures (data/observed/build_observations.py), section 3."""
    import importlib.util

    script = ROOT / "data" / "observed" / "build_observations.py"
    spec = importlib.util.spec_from_file_location("build_observations", script)
    if spec is None or spec.loader is None:
        message = f"cannot load {script}"
        raise SystemExit(message)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.docs_table(module.rows()))


def write_docs(blocks: Mapping[str, str]) -> None:
    """Replace the generated blocks of docs/demand.md (which must hold the markers)."""
    if not DOCS.is_file():
        return
    text = DOCS.read_text(encoding="utf-8")
    for name, body in blocks.items():
        start, end = f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"
        if start not in text or end not in text:
            message = f"{DOCS} lacks the markers {start} ... {end}"
            raise SystemExit(message)
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{start}\n{body}\n{end}{tail}"
    DOCS.write_text(text, encoding="utf-8")


def check_routes(frame: pd.DataFrame) -> list[str]:
    """Route every row on the built-in network with its cargo rules; the failures."""
    import multimodal
    from multimodal.exceptions import MultimodalError

    network = multimodal.load_network()
    failures = []
    for row in frame.itertuples(index=False):
        teu = row.teu_per_week if pd.notna(row.teu_per_week) else row.weight_t_per_week / 10.0
        shipment = multimodal.Shipment(
            row.origin, row.destination, teu=max(teu, 1e-3), cargo_class=row.cargo_class
        )
        try:
            multimodal.route(network, shipment, "cost")
        except MultimodalError as error:
            failures.append(
                f"{row.id} {row.origin} -> {row.destination} ({row.cargo_class}): {error}"
            )
    return failures


def main(argv: list[str] | None = None) -> int:
    """Write the CSV and the docs blocks; with --check, route every row."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="route every row (imports multimodal)")
    args = parser.parse_args(argv)
    frame = build()
    frame.to_csv(OUT, index=False, float_format="%.1f", lineterminator="\n")
    write_docs(docs_blocks(frame))
    sys.stdout.write(f"wrote {OUT.relative_to(ROOT)}: {len(frame)} rows\n")
    sys.stdout.write(totals(frame).to_string(float_format=lambda v: f"{v:,.1f}") + "\n")
    if args.check:
        failures = check_routes(frame)
        for failure in failures:
            sys.stdout.write(f"NO ROUTE {failure}\n")
        sys.stdout.write(f"routes checked: {len(frame)}, failures: {len(failures)}\n")
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
