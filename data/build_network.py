"""Build the default network of ``multimodal``: data/nodes/*.geojson, data/links/*.geojson.

This script is the single place where the figures of the default network are entered.
It holds the network as tables (one row per node, one row per link, each with its source
keys and the list of its estimated columns next to the figures), derives the figures that
follow from stated rules (calibrations, detour factors, tariffs), checks the result and
writes the GeoJSON files in the format of the data contract (docs/data.md): one feature
per line, UTF-8, lists as ";"-separated strings.

It also rewrites the generated blocks of docs/data.md (provenance table, estimate rules,
calibration figures, counts), so the page and the data cannot drift apart.

The data contract is not restated here: the rows take their columns, order and defaults
from ``multimodal.schema`` (``NODE_COLUMNS``, ``LINK_COLUMNS``), and the tables are checked
with the library's own validator (``validate_nodes``, ``validate_links``) before the
network's own rules (provenance, corridors, open border ports, reachability).

Run from anywhere, with ``multimodal`` importable (``pip install -e .``)::

    python data/build_network.py
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely.geometry import LineString, Point

from multimodal._geo import EARTH_RADIUS_KM
from multimodal.exceptions import DataValidationError
from multimodal.schema import (
    LINK_COLUMNS,
    NODE_COLUMNS,
    OPEN_PORT_STATUSES,
    Column,
    validate_links,
    validate_nodes,
)

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "docs" / "data.md"

# =====================================================================================
# 1. Entered figures (each with its source key; EST-* keys are estimate rules, see §3)
# =====================================================================================

# Money.
USD_CNY = 7.1  # EST-FX: ~2024 average (PBoC central parity ~7.1); not in the factsheet
EUR_CNY = 7.8  # EST-FX: ~2018 and ~2024 averages both ~7.8; not in the factsheet
TEU_PER_FEU = 2.0  # EST-FEU: a per-FEU rate is charged as 2 TEU

# China-Europe (Chang'an) calibration targets.
CE_DUISBURG_KM = 9908.0  # FS-1.3-DUI
CE_DUISBURG_STD_H = 12 * 24.0  # FS-2-DUI-STD (12-14 d, Xi'an Daily 12 d): 12 d
CE_DUISBURG_EXP_H = 10 * 24.0  # FS-2-DUI-EXP: ~10 d fixed-schedule express
CE_DUISBURG_EXP_EAST_H = 11.5 * 24.0  # FS-2-DUI-EAST: 11-12 d eastbound -> 11.5 d
CE_EXPRESS_TIMETABLE = "Wed 03:55;Sat 03:55"  # FS-2-DUI-EXP
CE_RATE_USD_PER_FEU = 3240.0  # FS-3-CE-2024 (USD 3,240/FEU, 2024)
CE_RATE_EUR_PER_FEU_2018 = 3000.0  # FS-3-CE-2018 (cross-check only)
CE_ALMATY_KM = 3866.0  # FS-1.3-ALA
CE_ALMATY_H = 6 * 24.0  # FS-2-ALA
CE_MOSCOW_KM = 7251.0  # FS-1.3-MOW
CE_MOSCOW_H = 11 * 24.0  # FS-2-MOW
CE_RIGA_KM = 9000.0  # FS-1.3-RIX
CE_TASHKENT_H = 7 * 24.0  # FS-2-TAS: 6-8 d (EST, derived) -> 7 d (reference)
CE_BAKU_H = 16 * 24.0  # FS-2-BAK: monthly average 16-17 d -> 16 d
CE_BAKU_BEST_H = 11 * 24.0  # SV-TC: ~11 d at best (2025), reference
CE_MILAN_H = 17 * 24.0  # SV-MIL: Xi'an -> Milan 17 d (2021), reference
CE_MILAN_EAST_H = 18 * 24.0  # SV-MIL-HUPAC: Milan -> Xi'an 18 d (2019), reference
CE_POLAND_H = 9 * 24.0  # SV-PL: China -> Poland ~9 d (2024), reference
CAT_FERRY_KMH = 20.0  # EST-TC: Caspian rail ferry ~11 kn
CAT_FERRY_USD_PER_TEU = 600.0  # EST-TC: placeholder, no source found
FERRY_PER_WEEK = 2.0  # EST-TC: placeholder, no source found
# Middle Corridor onward from Baku (issue 13): Baku - Poti rail, Poti - Constanta feeder.
TC_BAKU_POTI_H = 24.0  # SV-TC-POTI: Poti-Baku block train in 24 h, Tue and Sat
TC_BAKU_POTI_PER_WEEK = 2.0  # SV-TC-POTI: Tue and Sat from Poti
TC_BLACKSEA_H = 5 * 24.0  # SV-TC-BLACKSEA: Batumi/Poti - Constanta 5 d one way
TC_BLACKSEA_PER_WEEK = 3 * 12 / 52  # SV-TC-BLACKSEA: three sailings a month (2022)
TC_BLACKSEA_TEU = 210.0  # SV-TC-BLACKSEA: Rasul Rza, 210 TEU (2022)
TC_CONSTANTA_BUD_PER_WEEK = 1.0  # EST-TC: placeholder, no frequency found

# Chang'an services: one speed per section in the 2024 base year (EST-CE-2024).
CE_CN_STD_H = 54.6  # SV-CE-CN: Xi'an -> border 54.6 h since the 2018 re-timing
CE_CN_OLD_H = 75.0  # SV-CE-CN: 75 h before 2018 (pre-2018 cross-check only)
CE_CN_EXP_H = 52.0  # SV-CE-CN-2014: container train Xi'an -> Alashankou 52 h (express path)
ERAI_1520_D = 7.31  # SV-ERAI: 1520 mm transit Dostyk/Altynkol -> Brest 7.31 d (Jul 2024)
CE_EU_KMH = 40.0  # EST-CE-2024: EU section, standard trains
CE_EU_EXP_KMH = 45.0  # EST-CE-2024: EU section, express
CE_BORDER_CN_H = 1.0  # EST-CE-2024: stop at a CN border station (clearance 20 min)
GAUGE_EAST_H = 6.0  # SV-HUB: hub-to-hub reloading 3 h (2024) + 3 h hand-over (EST)
GAUGE_EXP_EAST_H = 4.0  # SV-KHG-FIXED: fixed-schedule border operations <= 5 h (1 + 4)
GAUGE_OLD_H = 48.0  # SV-HUB: reloading took 2-3 d before hub-to-hub -> 2 d (cross-check)
EXP_MAL_H = 12.0  # EST-CE-2024: express at Malaszewicze (standard: rest of the 12 d)
KHG_URUMQI_ALMATY_H = 35.4  # SV-KHG-FIXED: Urumqi -> Khorgos -> Almaty 35 h 24 min
KHG_BORDER_H = 5.0  # SV-KHG-FIXED: border operations <= 5 h
KHG_CN_H = 1.0  # EST-CE-2024: of which at Khorgos (the rest at Altynkol)
KHG_URUMQI_ALMATY_KM = 1048.0  # SV-KHG-KM (check of the model's distance)
TC_TRAINS_PER_WEEK = 1.5  # FS-4.1-TC: 466 trips Oct 2019-Nov 2025 (~1.45/week)
HOURS_PER_WEEK = 168.0

# Trains.
XIAN_TRAINS_PER_YEAR = 5000.0  # FS-4.1 (2023 >5,000; ~5,000 a year 2024)
TEU_PER_TRAIN = 100.0  # FS-4.2 (typical 82-110 TEU): WLSNC, rail-sea and domestic trains
#: China-Europe trains (all gateways, both ways, trans-Caspian too): the national average
#: of 2023, 1,901,949 TEU / 17,523 trains = 108.5 (FS-4.1; Jan-Nov 2024: 108; Chang'an
#: 2024: 524,102 TEU / 4,985 trains = 105). One figure for services, observations, demand
#: and multimodal.targets.TEU_PER_TRAIN.
CE_TEU_PER_TRAIN = 108.5
HINTERLAND_PER_WEEK = {"ROTTERDAM": 20.0, "HAMBURG": 10.0}  # EST-DEP: placeholders

# Competing China-Europe gateways of the neighbouring provinces (issue 11): trains a year,
# both directions, as published; the weekly departures each way follow (EST-GW-DEP).
CDCQ_TRAINS_PER_YEAR = 5300.0  # SV-GW-CDCQ: Chengdu + Chongqing >5,300 trains (2023)
CDCQ_TEU_PER_YEAR = 430_000.0  # SV-GW-CDCQ: >430,000 TEU (2023)
CHENGDU_SHARE = 0.5  # EST-GW-DEP: the joint brand runs "balanced"; no split published
ZZ_TRAINS_CUM = ((2023, 10, 24), 10_000.0, (2024, 11, 15), 13_000.0)  # SV-GW-ZZ (Henan)
ZZ_TEU_2024_TO_NOV15 = 230_000.0  # SV-GW-ZZ: Jan 1 - Nov 15 2024, Henan
WUHAN_TRAINS_2022 = 538.0  # SV-GW-WUH: 267 out, 271 back (2022)
WUHAN_GROWTH_2023 = 0.57  # SV-GW-WUH: +57% in 2023
URUMQI_TRAINS_PER_DAY = 3.0  # SV-GW-URC: "at least three trains daily" (2019)
LANZHOU_TRAINS_JAN_JUL_2024 = 126.0  # SV-GW-LHW: Lanzhou New Area, Jan-Jul 2024
CGO_LUX_FLIGHTS_JAN_AUG_2021 = 475.0  # SV-GW-CGO-LUX: Cargolux flights Jan-Aug 2021
CGO_LUX_T_JAN_AUG_2021 = 87_700.0  # SV-GW-CGO-LUX: their cargo, t
B747_8F_T = 120.0  # SV-GW-CGO-LUX: 110 t unloaded, ~130 t loaded on one rotation (2023)


def _days(a: tuple[int, int, int], b: tuple[int, int, int]) -> int:
    """Return the days from date a to date b (year, month, day)."""
    return (date(*b) - date(*a)).days


# Derived yearly trains of each gateway, both directions (EST-GW-DEP; 2023-2024 base).
ZZ_TRAINS_PER_YEAR = (
    (ZZ_TRAINS_CUM[3] - ZZ_TRAINS_CUM[1]) / _days(ZZ_TRAINS_CUM[0], ZZ_TRAINS_CUM[2]) * 365
)
ZZ_TEU_PER_YEAR = ZZ_TEU_2024_TO_NOV15 / (_days((2024, 1, 1), (2024, 11, 15)) + 1) * 366
WUHAN_TRAINS_PER_YEAR = WUHAN_TRAINS_2022 * (1 + WUHAN_GROWTH_2023)
URUMQI_TRAINS_PER_YEAR = URUMQI_TRAINS_PER_DAY * 365  # all trains of the centre, 2019
LANZHOU_TRAINS_PER_YEAR = LANZHOU_TRAINS_JAN_JUL_2024 / 7 * 12
GW_TRAINS_PER_YEAR = {
    "CHENGDU": CDCQ_TRAINS_PER_YEAR * CHENGDU_SHARE,
    "CHONGQING": CDCQ_TRAINS_PER_YEAR * (1 - CHENGDU_SHARE),
    "ZHENGZHOU": ZZ_TRAINS_PER_YEAR,
    "WUHAN": WUHAN_TRAINS_PER_YEAR,
    "URUMQI": URUMQI_TRAINS_PER_YEAR,
    "LANZHOU": LANZHOU_TRAINS_PER_YEAR,
}
#: Cargolux rotations a week Zhengzhou <-> Luxembourg (each a departure each way).
CGO_LUX_PER_WEEK = CGO_LUX_FLIGHTS_JAN_AUG_2021 / (_days((2021, 1, 1), (2021, 8, 31)) + 1) * 7

# Node handling, dwell, customs, gauge change.
LIFT_CNY = 350.0  # FS-3-LIFT: RMB 200-500 per lift (EST) -> 350; = EUR 45 (EUR 30-60)
RAIL_DWELL_H = 12.0  # EST-HANDLING
AIR_HANDLING_CNY_PER_KG = 0.5  # EST-HANDLING
CARGO_T_PER_TEU = 10.0  # FS-6 (searoutes default 10 t; Chang'an ~9 t)
AIR_DWELL_H = 12.0  # EST-HANDLING
THC_CN_CNY = 850.0  # FS-3-THC-CN (RMB 850 per 20')
THC_HAMBURG_EUR = 240.0  # FS-3-THC-EU (CMA CGM Hamburg 2021; range EUR 220-300)
THC_ROTTERDAM_EUR = 220.0  # FS-3-THC-EU (CMA CGM Netherlands 2021)
PORT_DWELL_CN_H = 1.46 * 24.0  # FS-2-PORTTIME: 1.46 d average ship time in port, China
SEA_EXPORT_DWELL_D = 4.8  # SV-DWELL: gate-in to vessel departure, Chinese ports (2023)
SEA_IMPORT_DWELL_D = 5.2  # SV-DWELL: vessel arrival to gate-out (reference)
YARD_DWELL_H = SEA_EXPORT_DWELL_D * 24 - 168.0 / 2  # EST-YARD: less the wait for a weekly ship
CUSTOMS_CNY = 450.0  # EST-CUSTOMS: proxy = documentation charge RMB 450-500 (FS-3-LOCAL)
CUSTOMS_H = 2.0  # EST-CUSTOMS
XIAN_CUSTOMS_H = 0.5  # FS-4.3-XIAN (export clearance 1.6 h -> 0.5 h, 2024)
ALASHANKOU_CUSTOMS_H = 20 / 60  # FS-2-ALA-DWELL (export clearance can take 20 min)
GAUGE_CNY = LIFT_CNY  # EST-GAUGE: one crane lift per box (~40 s per box, FS-2-ALA-DWELL)

# Throughputs (TEU per week).
XIAN_PORT_TEU_PER_YEAR = 5.4e6  # FS-4.3-XIAN (design 5.4 M TEU/yr; 3.1 M in one source)
ALASHANKOU_TEU_PER_YEAR = 200_000.0  # FS-4.3-AKL
MANZHOULI_BOXES_PER_DAY = 840.0  # FS-2-MZL (reloading yard, up to 840 containers/day)
MALASZEWICZE_TRAINS_PER_DAY = 33.0  # SV-MAL-2021: record 18 out + 15 in on 29 Aug 2021
MALASZEWICZE_PKP_TRAINS_PER_DAY = 3.5  # FS-2-BREST: PKP Cargo's 3-4 trains/day (2018)

# The other rail crossings into the EU (issue 13; EST-EU-SPLIT, EST-EU-CAP, EST-DIVERT).
BREST_SHARE_WEST = (0.79, 0.68)  # SV-EU-SHARE: westbound trains via Brest, 2020 and 2021
KGD_RAIL_TEU_JAN_2021 = 1_900.0  # SV-KGD-2021: rail via Mamonovo/Braniewo, Jan 2021
KGD_ALL_TEU_JAN_2021 = 8_500.0  # SV-KGD-2021: all China-Europe TEU via Kaliningrad, Jan 2021
CE_TEU_JAN_2021 = 109_000.0  # SV-CE-JAN-2021: China-Europe containers, Jan 2021 (as TEU)
LT_TRANSIT_H = 12.0  # EST-EU-SPLIT: two more borders (BY-LT, LT-RU) on the Kaliningrad route
DIVERT_REPLAN_H = 24.0  # EST-DIVERT: a day to re-book paths and reloading slots
DIVERT_COST_SHARE = 0.15  # SV-BORDER-2025: transport costs +15 % short term (Sept 2025)
KGD_SHARE = KGD_RAIL_TEU_JAN_2021 / CE_TEU_JAN_2021  # EST-EU-SPLIT: Kaliningrad rail share
QINZHOU_TRAINS_PER_DAY = 20.0  # FS-4.3-QZH (~20 rail-sea trains/day)

# Western Land-Sea New Corridor.
WLSNC_XIAN_QINZHOU_KM = 2150.0  # FS-1.3-QZH: ~2,000-2,300 km (EST) -> 2,150
WLSNC_XIAN_QINZHOU_H = 5 * 24.0  # FS-2-QZH (5 d)
WLSNC_CHONGQING_QINZHOU_H = 2 * 24.0  # FS-2-QZH (Chongqing->Qinzhou 2 d)
WLSNC_CNY_PER_FEU = (4000.0, 7000.0)  # FS-3-QZH-RAIL: RMB 4,000-7,000/FEU (EST, check)
WLSNC_DISCOUNT = 0.20  # SV-WLSNC-20: 20% container fare cut on the corridor (2017 plan)

# Domestic rail (China): tariff of the domestic section of international through traffic.
RAIL_BASE1_CNY_PER_TEU = 500.0  # FS-3-RAIL-INTL (base rate 1, per 20')
RAIL_BASE2_CNY_PER_TEU_KM = 2.205  # FS-3-RAIL-INTL (base rate 2, per TEU-km)
RAIL_FEU_BASE1_CNY = 680.0  # FS-3-RAIL-INTL (base rate 1, per 40'; cross-check only)
RAIL_FEU_BASE2_CNY_PER_KM = 2.754  # FS-3-RAIL-INTL (base rate 2, per FEU-km; cross-check)
RAIL_DOM_KM = 1326.0  # SV-TAO-46H: Xi'an (Xinzhu) -> Huangdao 1,326 km (2015)
RAIL_DOM_H = 46.0  # SV-TAO-46H: in 46 h (2015)
NINGBO_REBATE_CNY_PER_TEU = 135.0  # SV-NINGBO: up to RMB 135/TEU rail-sea rebate (2023)
RAIL_DETOUR_SHAANXI = 1.30  # EST-RAILDIST
QINGDAO_RAIL_H = 2 * 24.0  # FS-2-TAO (2 d by rail, 2024): reference
XIAN_SHANGHAI_RAIL_MIN_KM = 1500.0  # FS-1.3-SHA (>1,500 km)

# Road.
ROAD_DETOUR = 1.25  # EST-ROAD
ROAD_MIN_KM = 5.0  # EST-ROAD: local access where two nodes share coordinates
ROAD_KMH = 55.0  # FS-2-TRUCK: 50-65 km/h average (EST) -> 55
TRUCK_CNY_PER_FEU_KM = 10.0  # FS-3-TRUCK: RMB 8-12 per km per FEU (EST) -> 10

# Sea.
SEA_SHANGHAI_ROTTERDAM_KM = 10_600 * 1.852  # FS-1.3-SEA: ~10,600 nm via Suez
SEA_SHANGHAI_ROTTERDAM_H = 32 * 24.0  # FS-2-SEA: 32-35 d typical -> 32 d
SEA_HAMBURG_EXTRA_H = 2 * 24.0  # FS-2-SEA-HAM: +1-3 d on Rotterdam (EST) -> +2 d
SEA_ASIA_EUROPE_USD_PER_FEU = 1500.0  # FS-3-SEA-2019: 1,450-1,650 (2019) -> 1,500
SEA_ASIA_SE_USD_PER_TEU = 300.0  # FS-3-SCFI: USD 150-450/TEU -> 300
QINZHOU_SINGAPORE_H = 6 * 24.0  # FS-2-QZH-SIN (reference)
QINZHOU_KLANG_H = 10 * 24.0  # FS-2-QZH-PKG: expected, incl. waiting (reference)
QINGDAO_SINGAPORE_H = 12 * 24.0  # FS-2-TAO-SIN: 12-15 d incl. transshipment (reference)
APL_QINGDAO_ROTTERDAM_H = 34 * 24.0  # SV-SEA-LOOPS: APL loop, 34 d (reference)
SEA_AE_KN = 16.0  # SV-SEA-SPEED: 27 d Shanghai-Rotterdam at 16 kn; Alphaliner >16.3 kn
SEA_IA_KN = 14.0  # EST-SEA: intra-Asia 14-16 kn -> 14
KM_PER_NM = 1.852
SEA_CALL_H = PORT_DWELL_CN_H  # FS-2-PORTTIME: ship time in port at each call
SEA_AE_TEU = 14150.0  # SV-VESSEL: average Asia-Europe ship, May 2024
SEA_IA_TEU = 1800.0  # SV-VESSEL: SITC Tianjin-Vietnam-Malaysia loop ships
SEA_QZH_TEU = 1400.0  # SV-VESSEL: China-Vietnam weekly loop 1,100-1,400 TEU
SINGAPORE_ROTTERDAM_NM = 8288.0  # SV-SIN-ROT (check of the model's distance)

# Air.
AIR_ROUTE_FACTOR = 1.05  # EST-AIR: airway distance over great circle
AIR_BLOCK_KMH = 850.0  # EST-AIR: cruise block speed
AIR_TAXI_H = 0.5  # EST-AIR: taxi, climb and descent allowance
AIR_EUROPE_USD_PER_KG = 2.6  # FS-3-AIR: USD 2.4-2.8/kg China-Europe -> 2.6
AIR_FIXED_CNY_PER_T = 2000.0  # EST-AIR: fixed part of the air rate per tonne
A330F_T = 55.0  # FS-4.4-XIY: A330-200F 48-59 t -> 55
FREIGHTER_T = 50.0  # EST-AIR: default payload of a mid-size freighter (B767F class)
B777F_T = 101.0  # FS-4.4-B777F (design payload): reference
B767F_T = 52.0  # SV-XIY-LGG: B767-300F (~52 t, EST; 65 t quoted per round trip)
B747F_T = 105.0  # SV-XIY-ORD: B747F ">100 t" per flight
ORD_PER_WEEK = 2.5  # SV-XIY-ORD: 2-3 a week
AIR_OPERATORS = {"LGG": "Georgian Airways (Cainiao charter)", "BRU": "Sichuan Airlines",
                 "DEL": "Sichuan Airlines", "NRT": "SF Airlines"}  # fmt: skip

# Emissions (g CO2e per t-km, well to wheel).
CO2_RAIL = 22.0  # FS-5 suggested single value (EST)
CO2_ROAD = 90.0  # FS-5
CO2_SEA = 12.0  # FS-5
CO2_AIR_FREIGHTER = 800.0  # FS-5 (freighter)
CO2_AIR_BELLY_SHORT = 830.0  # FS-5-GLEC (belly, short haul, GLEC v3.2 transcription)
CO2_FERRY = 36.0  # EST-CO2: DEFRA short-sea 29.7 TTW (FS-5) x ~1.2 well-to-tank uplift

# =====================================================================================
# 2. Source keys (key -> what it supports, URL, quality). Written to docs/data.md.
# =====================================================================================

FS = "/work/shared/factsheet.md"
PLAN = "陕西省口岸发展“十四五”规划, 陕商发〔2021〕28号 (shared/plan/shaanxi-port-plan-2021.txt)"
SOURCES: dict[str, tuple[str, str, str]] = {
    "FS-0.1": (
        "XIAN_PORT = Xi'an International Port Station (ex-Xinzhu), one node",
        "https://www.tellerreport.com/business/2021-03-05-%0A---the-departure-station-of-the-china-europe-railway-express-(xi-an)-will-be-renamed-%22xi-an-international-port-station%22%0A--.r1lHfDQ17_.html",
        "S",
    ),
    "FS-0.2": (
        "Yan'an Nanniwan and Ankang Fuqiang replaced the old airports (codes kept)",
        "factsheet §0.2 and §1.1 (OpenFlights + public airport lists)",
        "S-",
    ),
    "FS-0.4": (
        "border crossings used by Xi'an trains (Alashankou, Khorgos, Manzhouli, "
        "Erenhot); trans-Caspian trains exit via Khorgos",
        "http://m.hykxzz.cn/zonghexinwen/2021/0414/688.html ; "
        "https://news.az/news/first-china-azerbaijan-freight-train-of-2026-departs-via-middle-corridor",
        "S",
    ),
    "FS-1.1": (
        "airport coordinates (OpenFlights airports.dat @5a03602; Yulin, Yan'an and Ankang S-)",
        "https://github.com/jpatokal/openflights/blob/master/data/airports.dat",
        "S",
    ),
    "FS-1.2": (
        "coordinates of rail hubs, bonded zones, border crossings, terminals and sea "
        "ports from general geographic knowledge (within ~5 km for cities)",
        "factsheet §1.2 (no machine-readable source found)",
        "EST",
    ),
    "FS-1.3-DUI": (
        "Xi'an-Duisburg by rail 9,908 km via Alashankou, KZ, RU, BY, PL",
        "https://www.shiphub.co/xian-duisburg/ ; http://xiydc.com/8772ppbd.shtml",
        "S",
    ),
    "FS-1.3-ALA": (
        "Xi'an-Almaty by rail 3,866 km (2013)",
        "https://global.chinadaily.com.cn/china/2013-11/28/content_17138284.htm",
        "S",
    ),
    "FS-1.3-MOW": (
        "Xi'an-Moscow 7,251 km (planned route, 2013)",
        "https://global.chinadaily.com.cn/china/2013-11/28/content_17138284.htm",
        "S-",
    ),
    "FS-1.3-RIX": (
        "Xi'an-Riga ~9,000 km (2018); Chang'an destinations named by 2018",
        "http://en.sxdofcom.gov.cn/newstyle/pub_newsshow.asp?id=29036796&chid=100450",
        "S",
    ),
    "FS-1.3-SEA": (
        "Shanghai-Rotterdam ~10,600 nm via Suez",
        "https://porteconomicsmanagement.org/pemp/contents/part1/interoceanic-passages/routing-options-shanghai-rotterdam",
        "S",
    ),
    "FS-1.3-SHA": (
        "Xi'an-Shanghai by rail >1,500 km",
        "http://www.xibujuece.com/2025/1127/341195.html",
        "S-",
    ),
    "FS-1.3-QZH": (
        "Xi'an-Qinzhou by rail ~2,000-2,300 km (not found; factsheet estimate)",
        "factsheet §1.3",
        "EST",
    ),
    "FS-2-DUI-STD": (
        "Xi'an->Duisburg standard 12-14 d (2022); 12 d (Xi'an Daily 2025)",
        "https://www.shiphub.co/xian-duisburg/ ; http://hot.dzwww.com/w__LgK?ipage=6",
        "S",
    ),
    "FS-2-DUI-EXP": (
        "Xi'an->Duisburg fixed-schedule express ~10 d, departs Wed and Sat 03:55",
        "http://xiydc.com/8772ppbd.shtml ; https://www.shiphub.co/xian-duisburg/",
        "S",
    ),
    "FS-2-DUI-EAST": (
        "Duisburg->Xi'an eastbound fixed-schedule train 11-12 d",
        "https://www.newsilkroaddiscovery.com/operation-plan-of-the-xian-duisburg-fixed-schedule-trains-increase-from-once-to-twice-per-week/",
        "S-",
    ),
    "FS-2-ALA": (
        "Xi'an->Almaty 6 d (2013, first Chang'an train)",
        "https://global.chinadaily.com.cn/china/2013-11/28/content_17138284.htm",
        "S",
    ),
    "FS-2-TAS": (
        "Xi'an->Tashkent ~6-8 d, derived from Urumqi->UZ/TJ 72 h, Urumqi->KZ 48 h",
        "http://www.a5128.cn/english/2019-04/09/c_137962671.htm",
        "EST",
    ),
    "FS-2-MOW": (
        "Xi'an->Moscow 11 d (2016)",
        "http://english.cqnews.net/html/2016-12/07/content_39754273.htm",
        "S",
    ),
    "FS-2-BAK": (
        "Xi'an->Baku trans-Caspian: ~11-12 d at best, monthly average 16-17 d",
        "https://en.trend.az/business/transport/3919770.html ; https://www.trend.az/business/4145509.html ; "  # noqa: E501
        "https://menafn.com/1107722132/First-Container-Train-From-China-Arrives-To-Azerbaijan-Via-Middle-Corridor-In-2024",
        "S",
    ),
    "FS-2-ALA-DWELL": (
        "Alashankou gauge change: crane reloading of a train 1.5 h (2024), export "
        "clearance 20 min; 1-2 d total dwell suggested (EST)",
        "https://khabarasia.com/techsci/20240707-china-europe-railway-express-accelerates-with-record-growth-in-xinjiang ; "  # noqa: E501
        "https://www.dearrailwaytransport.com/china-europe-central-asia-trains-go-to-distant-places-in-hope",
        "S",
    ),
    "FS-2-KHG": (
        "Khorgos border dwell: assume as Alashankou",
        "http://portuguese.people.com.cn/n3/2025/0729/c309806-20346280.html",
        "EST",
    ),
    "FS-2-MZL": (
        "Manzhouli reloading yard up to 840 containers/day",
        "https://railmetrochina.com/expo/en/key-railway-border-port-more-efficient.html",
        "S",
    ),
    "FS-2-BREST": (
        "Brest/Malaszewicze 1520->1435: 2-3 d normal wait; PKP Cargo 3-4 trains/day",
        "https://railtech.com/infrastructure/2018/03/29/malzewicze-brest-border-crossing-main-bottleneck-on-new-silk-road ; "  # noqa: E501
        "https://www.railfreight.com/business/2018/08/27/pkp-cargo-malaszewicze-border-not-a-bottleneck-on-eurasian-railway/",
        "S",
    ),
    "SV-TC-POTI": (
        "Poti-Baku container block train (Trans Caucasus Terminals): Tue and Sat from Poti, "
        "24 h; Xi'an-Poti route opened Jan 2024, rail-sea-rail via Khorgos, Kazakhstan, "
        "Azerbaijan, 7,829 km in about 15 days",
        "https://www.eurailpress.de/nachrichten/betrieb-services/detail/news/zentralasien-wieder-containerzuege-vom-schwarzen-zum-kaspischen-meer.html ; "  # noqa: E501
        "http://en.people.cn/n3/2024/0120/c90000-20124639.html",
        "S",
    ),
    "SV-TC-BLACKSEA": (
        "Black Sea leg of the Middle Corridor: GR Logistics feeder Poti-Constanta with the "
        "Rasul Rza (210 TEU), three departures a month (May 2022); Batumi-Constanta planned "
        "at 5 days one way (2019)",
        "https://www.informare.it/news/gennews/2022/20220804-Nuovo-servizio-containerizzato-porti-Poti-Costanza.asp ; "  # noqa: E501
        "https://middlecorridor.com/en/press-center/news/regular-feeder-container-line-launching-at-the-black-sea-along-trans-caspian-international-transport-route-middle-corridor",
        "S",
    ),
    "SV-TC-BUD": (
        "Xi'an-Budapest container train via the Middle Corridor (Sept 2024): 8-11 days to "
        "Baku, about 25 days in all",
        "https://en.vestikavkaza.ru/material/170615",
        "S",
    ),
    "SV-EU-SHARE": (
        "Share of China-Europe trains via Brest-Malaszewicze: westbound 79 % (2020), 68 % "
        "(2021), eastbound 90 % / 82 %; the rest use other crossings. A Wuwei-Hamburg train "
        "via Bruzgi-Kuznica reached Poland in 13 days (2021), avoiding the Malaszewicze queue",
        "https://www.silkroadsummit.eu/news/2021/11/02/fastest-china-europe-train-so-far-the-secret-lies-in-the-border-crossing/",
        "S-",
    ),
    "SV-BRUZGI": (
        "UTLC and Belintertrans added a container connection China-Europe via the Kuznica "
        "Bialostocka-Bruzgi crossing (2017): 14 days; up to 30 trains a month foreseen",
        "https://pisil.pl/nowa-trasa-pociagu-kontenerowego-z-chin/",
        "S",
    ),
    "SV-BORDER-2025": (
        "Sept 2025: Poland closed all its crossings with Belarus (rail: Kuznica "
        "Bialostocka-Grodno/Bruzgi, Siemianowka-Svislach, Terespol-Brest) for 13 days; over "
        "130 trains stuck at Brest; transport costs +15 % short term; shippers moved to sea",
        "http://www.trasportoeuropa.it/english/trains-from-china-halted-by-poland-belarus-border-closure ; "  # noqa: E501
        "https://www.apexlink-shipping.com/reopening-east-polands-border-with-belarus-opens-again-what-it-means-for-central-european-rail",
        "S",
    ),
    "SV-KGD-2020": (
        "China-Europe transit via the Kaliningrad Railway: 47.5k TEU (4.6x), of which 29.1k "
        "TEU by feeder from Baltiysk and Kaliningrad port and 18.4k TEU by rail across "
        "Mamonovo/Braniewo",
        "https://eng.rzd.ru/en/9631/page/78314?id=193183",
        "S",
    ),
    "SV-KGD-2021": (
        "Jan 2021: 8.5k TEU China-Europe via the Kaliningrad Railway, 6.6k multimodal, "
        "1.9k TEU via the Mamonovo/Braniewo rail crossing",
        "https://seanews.ru/2021/02/09/ru-tranzit-kontejnerov-iz-kitaja-v-evropu-cherez-kaliningrad-vyros-v-10-raz",
        "S",
    ),
    "SV-KGD-ROUTE": (
        "China-EU container trains through Kaliningrad enter Poland at Mamonovo-Braniewo "
        "(2019); Kaliningrad route 9,559 km via Lithuania (2018)",
        "https://www.railfreight.com/beltandroad/2019/11/28/db-cargo-focuses-on-kaliningrad-route/ ; "  # noqa: E501
        "https://www.railfreight.com/beltandroad/2018/05/28/test-shipments-on-new-silk-road-via-kaliningrad-start-next-month/",
        "S",
    ),
    "SV-KGD-2024": (
        "Rail transit through Lithuania to Kaliningrad shrank 30 % in 2024 (EU sanction "
        "quotas); Russia banned dual-use transit to the EU from Oct 2024",
        "https://vibewire.com.au/?p=183250",
        "S-",
    ),
    "SV-CE-JAN-2021": (
        "China-Europe trains Jan 2021: 1,165 (+66 %), 109,000 containers (+75 %)",
        "https://ubn.news/pl/pociagi-towarowe-chiny-europa-wzrosly-w-styczniu-o-66-rok-do-roku-do-1165/?amp=1",
        "S-",
    ),
    "SV-SVISLACH": (
        "Svisloch/Siemianowka: a TransContainer test train Shijiazhuang-Paris (Nov 2021), a "
        "second planned; no regular China-Europe service found for 2024 (not modelled)",
        "https://intermodalnews.eu/2021/11/30/new-route-for-china-eu-container-trains-via-poland/",
        "S",
    ),
    "SV-ZAHONY": (
        "Zahony (UA-HU): 6-8 China trains a month in H2 2020 via Ukraine; no 2024 source "
        "(war since 2022; not modelled)",
        "https://infosurhoy.com/news/rail-cargo-hungaria-reports-tenfold-increase-in-chinese-rail-freight-traffic.html",
        "S",
    ),
    "FS-2-QZH": (
        "Xi'an->Qinzhou by rail 5 d (2023); Chongqing->Qinzhou 2 d",
        "http://en.qstheory.cn/2023-03/14/c_868860.htm ; "
        "https://www.chinadaily.com.cn/cndy/2018-03/22/content_35894919.htm",
        "S",
    ),
    "FS-2-QZH-PKG": (
        "Qinzhou->Port Klang by sea ~10 d expected (2023)",
        "http://en.qstheory.cn/2023-03/14/c_868860.htm",
        "S",
    ),
    "FS-2-QZH-SIN": (
        "Qinzhou->Singapore by sea ~6 d",
        "https://www.chinadaily.com.cn/cndy/2018-03/22/content_35894919.htm",
        "S",
    ),
    "FS-2-TAO": (
        "Xi'an->Qingdao by rail 2 d (2024)",
        "https://alylmr.com/yule/2024/68873.html",
        "S-",
    ),
    "FS-2-TAO-SIN": (
        "Qingdao->Singapore by sea 12-15 d",
        "https://en.56ok.com/topic/detail-905775-qingdaosingapore-shipping-costs-and-key-factors-analyzed.html",
        "S-",
    ),
    "FS-2-SEA": (
        "Shanghai->Rotterdam via Suez ~32-35 d typical (27 d pure sailing at 16 kn)",
        "https://porteconomicsmanagement.org/pemp/contents/part1/interoceanic-passages/routing-options-shanghai-rotterdam ; "  # noqa: E501
        "https://geesecargo.com/?p=4547",
        "S",
    ),
    "FS-2-SEA-HAM": (
        "Shanghai/Qingdao->Hamburg ~+1-3 d on Rotterdam",
        "factsheet §2 (not found)",
        "EST",
    ),
    "FS-2-PORTTIME": (
        "time in port: China's main ports 1.46 d average (Aug 2022)",
        "https://www.tgl-group.net/en/news-detail474_0.htm",
        "S-",
    ),
    "FS-2-RAILSPEED": (
        "domestic container rail 600-1,000 km/day; express ~1,000 km/day",
        "factsheet §2 (derived / not found)",
        "EST",
    ),
    "FS-2-TRUCK": (
        "trucks in China: 50-65 km/h average block speed",
        "factsheet §2 (general knowledge)",
        "EST",
    ),
    "FS-3-CE-2024": (
        "China-Europe rail market rate ~USD 3,240/FEU (2024)",
        "http://lianpp.com/bnu/smu_brs/zk/gd/9c56db454b174d30acb1544d9721fa1a.htm",
        "S-",
    ),
    "FS-3-CE-2018": (
        "China-Europe rail user rate ~EUR 3,000/FEU (2018), true cost ~EUR 8,000",
        "https://www.joc.com/rail-intermodal/huge-subsidies-keep-china-europe-rail-network-track_20180523.html",
        "S",
    ),
    "FS-3-SEA-2019": (
        "sea Shanghai->Rotterdam USD 1,450-1,650/FEU in 2019 (Drewry WCI)",
        "https://www.hellenicshippingnews.com/drewry-world-container-index-retreats-by-1-6/",
        "S",
    ),
    "FS-3-SCFI": (
        "SCFI Shanghai->Southeast Asia USD 143-422/TEU (2023-2025); proxy for "
        "China->Southeast Asia lanes",
        "https://www.jiffa.or.jp/en/news/entry-8344.html ; "
        "https://container-news.com/scfi-drops-14-3-as-weak-demand-pressures-rates",
        "S",
    ),
    "FS-3-QZH-RAIL": (
        "rail Xi'an->Qinzhou RMB 4,000-7,000 per FEU (suggested default, not sourced)",
        "factsheet §3",
        "EST",
    ),
    "FS-3-AIR": (
        "air China->Europe USD 2.42-2.44/kg (Shanghai TAC 2019); 2.14-2.82 (HK, 2015-2019)",
        "https://aircargonews.net/airfreight-rates-continue-to-decline-on-key-trades/1032912.article ; "  # noqa: E501
        "https://www.orglinklog.com/news/industry-news/air-cargo-summary-report-2019.html",
        "S",
    ),
    "FS-3-TRUCK": (
        "Chinese container trucking RMB 8-12 per km per FEU",
        "factsheet §3 (not found)",
        "EST",
    ),
    "FS-3-RAIL-INTL": (
        "Chinese rail, domestic section of international through traffic: RMB 500 "
        "per TEU + 2.205 per TEU-km",
        "https://jumeiguan.com/zh-hans/zhihui/xinli/ylo78m.html",
        "S-",
    ),
    "FS-3-THC-CN": (
        "THC Chinese port RMB 850 per 20'",
        "https://kcnshipping.com/en/china-2/",
        "S-",
    ),
    "FS-3-THC-EU": (
        "THC Europe: Hamburg EUR 240, Netherlands EUR 220 (CMA CGM 2021); EUR 220-300",
        "http://www.cma-cgm.com/local/czech-republic/news/40/new-terminal-handling-charges-thc-and-updated-local-charges",
        "S",
    ),
    "FS-3-LIFT": (
        "rail terminal handling ~RMB 200-500 or EUR 30-60 per lift",
        "factsheet §3 (not found)",
        "EST",
    ),
    "FS-3-LOCAL": (
        "Chinese port documentation charge RMB 450-500 per B/L",
        "https://kcnshipping.com/en/china-2/",
        "S-",
    ),
    "FS-4.1": (
        "Chang'an trains per year: >5,000 (2023), ~5,000/yr (2024-2025)",
        "http://en.people.cn/n3/2023/1129/c90000-20103695.html ; "
        "https://www.newscentralasia.net/2025/08/13/the-revival-of-the-silk-road-chinas-changan-express-the-railway-caravan-of-the-21st-century",
        "S",
    ),
    "FS-4.1-TC": (
        "trans-Caspian (Xi'an): 466 trips Oct 2019-Nov 2025",
        "https://news.az/news/first-china-azerbaijan-freight-train-of-2026-departs-via-middle-corridor",
        "S",
    ),
    "FS-4.2": (
        "train size 41-55 FEU = 82-110 TEU; 50 FEU Duisburg express",
        "https://www.shiphub.co/xian-duisburg/ ; "
        "https://github.com/newsilkroaddiscovery/logistics.newsilkroaddiscovery.com/blob/master/_posts/2024-01-1-China-Europe-rail-freight-data-2023.md",
        "S",
    ),
    "FS-4.3-XIAN": (
        "Xi'an port design throughput 5.4 M TEU/yr; export clearance 0.5 h (2024)",
        "https://www.globaltimes.cn/page/202310/1299355.shtml ; http://xiydc.com/8772ppbd.shtml",
        "S",
    ),
    "FS-4.3-AKL": (
        "Alashankou transshipment depot 200,000 TEU/yr",
        "https://www.dearrailwaytransport.com/china-europe-central-asia-trains-go-to-distant-places-in-hope",
        "S-",
    ),
    "FS-4.3-QZH": (
        "Qinzhou Port East ~20 rail-sea trains/day",
        "http://www.gcjswp.com/news/7016.html",
        "S",
    ),
    "FS-4.4-XIY": (
        "XIY cargo routes: Seoul, Tokyo (B767-300F), Brussels and Delhi (A330-200F, "
        "48-59 t, 2/week), Chicago, Budapest, Milan, Debrecen (2025); designated imports",
        "http://ljzjr.cn/roll/2019/1102/c_73704.html ; http://en.people.cn/n3/2021/0516/c90000-9850343.html ; "  # noqa: E501
        "https://reportify.ai/news/1197127374748127232",
        "S",
    ),
    "FS-4.4-B777F": (
        "B777F design payload 101 t",
        "https://flightglobal.com/boeing-completes-777-freighter-definition/58695.article",
        "S",
    ),
    "FS-5": (
        "emission factors, suggested single values rail 22, truck 90, sea 12, air 800 "
        "(freighter), WTW",
        "factsheet §5 (anchored on DEFRA, KiM/CE Delft, Cefic; defaults are EST)",
        "EST",
    ),
    "FS-5-GLEC": (
        "GLEC v3.2 air factors (third-party transcription): belly short haul 830 WTW",
        "https://ecofreight.co/data/glec-factors.json",
        "S-",
    ),
    "FS-6": (
        "average cargo per loaded TEU ~10 t",
        "https://developer.searoutes.com/reference/getco2forrail",
        "S-",
    ),
    "SV-GZ-XIAN": (
        "粤陕 international train: Guangzhou International Port -> Xi'an International Port "
        "(assembly) -> Russia, at least one a week from 1 Jan 2023, ~11,700 km, ~14 d",
        "http://ribao.cwan.com/dongtai/2023/0101/21727.html",
        "S-",
    ),
    "FS-7-SJZ": (
        "domestic feeder Shijiazhuang Gaoyi (Ji-Xi-Ou) -> Xinzhu -> Hamburg",
        "http://paper.ce.cn/jjrb/html/2019-07/19/content_396074.htm",
        "S",
    ),
    "FS-7-DEST": (
        "later Chang'an destinations: Almaty, Tashkent, Hamburg, trans-Caspian; "
        "rail-sea to Qingdao, Ningbo, Lianyungang",
        "https://lapost.us/?p=63896",
        "S-",
    ),
    "FS-7-WLSNC": (
        "WLSNC structure: routes via Chengdu, Chongqing and the Beibu Gulf",
        "http://en.gxzf.gov.cn/2021-09/04/c_1033198.htm",
        "S",
    ),
    "FS-7-QZH-SEA": (
        "Qinzhou weekly direct services to Singapore, Port Klang, Ho Chi Minh City",
        "http://tsgdz.com/hua.php?E=Pz9FP.html",
        "S-",
    ),
    "SV-CE-CN": (
        "Chang'an domestic section Xi'an -> border 54.6 h (was 75 h before the 2018 re-timing)",
        "https://sn.cri.cn/2018-11-02/b9c06ebb-de5c-bede-b540-36de5e3225c3.html",
        "S",
    ),
    "SV-CE-CN-2014": (
        "container train Xi'an -> Alashankou 52 h (Sat 02:15 -> Mon 06:29, 2014)",
        "http://sanqinyou.com/html/2014-12-5/2014125114201172436.html",
        "S-",
    ),
    "SV-ERAI": (
        "1520 mm transit Dostyk/Altynkol -> Brest 7.31 d (ERAI index, Jul 2024)",
        "https://index1520.com/en/index/",
        "S",
    ),
    "SV-HUB": (
        "CN-KZ border: hub-to-hub cooperation cut reloading from 2-3 d to 3 h",
        "https://reportify.cn/news/1188240237231476736",
        "S-",
    ),
    "SV-EXP": (
        "Xi'an-Duisburg express: 1/week (Wed) from Oct 2022, 2/week from 1 Jul 2023; "
        "50-55 FEU; record 9 d 19 h 26 min",
        "http://xiydc.com/8772ppbd.shtml ; https://www.newsilkroaddiscovery.com/operation-plan-of-the-xian-duisburg-fixed-schedule-trains-increase-from-once-to-twice-per-week/ ; "  # noqa: E501
        "https://railmarket.com/news/freight-rail/2099-only-10-days-takes-now-rail-connection-between-chinese-xian-and-the-port-of-duisburg",
        "S",
    ),
    "SV-KHG-FIXED": (
        "Urumqi -> Khorgos -> Almaty fixed-schedule train 35 h 24 min, border operations "
        "<= 5 h, weekly on Wednesdays (2024)",
        "http://brandaundean.com/xinjiang/2024-03-07/detail-ihcyhwth7266650.shtml",
        "S-",
    ),
    "SV-KHG-KM": (
        "Urumqi-Almaty via Khorgos 1,048 km (via Alashankou 1,349 km); freight ~30 h (2017)",
        "https://news.cncn.com/257565.html ; http://ecns.cn/business/2017/02-26/246886.shtml",
        "S",
    ),
    "SV-MIL": (
        "Xi'an -> Milan train 17 d (100th train, Apr 2021)",
        "https://www.agenzianova.com/a/6066e5e5203238.64516407/3385770/2021-04-02/cina-italia-xi-an-milano-60-mila-tonnellate-di-merci-trasportate-sulla-tratta",
        "S-",
    ),
    "SV-MIL-HUPAC": (
        "Milan (Busto Arsizio) -> Xi'an 18 d (Hupac, 2019)",
        "https://new.informare.it/news/gennews/2019/20191058-Nuovo-collegamento-ferroviario-Italia-Cina.asp",
        "S-",
    ),
    "SV-PL": (
        "China -> Poland by rail ~9 d (2024)",
        "http://lianpp.com/bnu/smu_brs/zk/gd/9c56db454b174d30acb1544d9721fa1a.htm",
        "S-",
    ),
    "SV-TC": (
        "Xi'an -> Baku trans-Caspian: best ~11 d, almost daily, 402 trains by Jul 2025",
        "https://epaper.sanqin.com/html/202508/14/content_916155.html",
        "S",
    ),
    "SV-EXITS": (
        "China-Europe exits, all of China: more than half via Xinjiang (Alashankou, "
        "Khorgos; 2025), ~30% via Manzhouli (2023)",
        "http://www.china-railway.com.cn/xwzx/mtjj/rmrb/rmrb/202505/t20250529_145602.html ; "
        "http://www.heiheds.cn/show-190-270564-1.html",
        "S",
    ),
    "SV-XIAN-LINES": (
        "Chang'an (Xi'an): 18 international trunk lines and 26 domestic assembly lines; "
        "trans-Caspian 11 d, 400 trains = 80% of China's trains that way (Aug 2025)",
        "http://hot.dzwww.com/w__LgK?ipage=6",
        "S",
    ),
    "SV-CASPIAN": (
        "Caspian rail ferries: more than 25 in service, e.g. 56 railcars each; ~95,000 "
        "wagons a year; the Caspian crossing is the corridor's main limit (2025)",
        "https://porteconomicsmanagement.org/train-ferries-on-the-caspian-sea-as-part-of-the-middle-corridor ; "  # noqa: E501
        "https://report.az/en/infrastructure/kazakhstan-purchasing-6-new-container-ships-to-increase-cargo-traffic-along-middle-corridor",
        "S-",
    ),
    "SV-TAO-46H": (
        "Xi'an (Xinzhu) -> Huangdao (Qingdao) rail-sea train 1,326 km in 46 h (2015)",
        "http://politics.people.com.cn/BIG5/n/2015/0314/c1001-26693116.html",
        "S",
    ),
    "SV-RAILSEA": (
        "Xi'an rail-sea trains to Qingdao, Ningbo, Lianyungang (regular, frequency not "
        "stated); Ningbo and Qingdao trains launched 2019",
        "https://lapost.us/?p=63896 ; http://www.wisecert.cn/html/news/17995.html",
        "S-",
    ),
    "SV-NINGBO": (
        "rail-sea incentives: Ningbo up to RMB 135/TEU by rail distance (2023)",
        "https://www.railfreight.com/intermodal/2023/04/20/will-intermodal-subsidies-in-china-harm-the-new-silk-road/",
        "S-",
    ),
    "SV-WLSNC-20": (
        "WLSNC: State Council plan (2017) to cut container fares by 20%; ~RMB 450 M "
        "cumulative rail discount 2017-21",
        "https://www.chinadaily.com.cn/cndy/2018-03/22/content_35894919.htm ; "
        "https://eng.yidaiyilu.gov.cn/qwyw/rdxw/259401.htm",
        "S",
    ),
    "SV-WLSNC-TRAINS": (
        "WLSNC rail-sea trains, whole corridor: 8,820 in 2022 (~170/week, all provinces)",
        "http://en.gxzf.gov.cn/2023-03/27/c_1032452.htm",
        "S",
    ),
    "SV-SIN-ROT": (
        "Singapore-Rotterdam 8,288 nm via Suez (Port of Rotterdam)",
        "https://mfame.guru/red-sea-unrest-to-have-limited-impact-on-rotterdams-dec-tonnage",
        "S-",
    ),
    "SV-SEA-SPEED": (
        "container ship speeds: ~18 kn or less since 2007 (slow steaming); Far East-Europe "
        "average >16.3 kn (2023); 27 d Shanghai-Rotterdam at 16 kn",
        "https://porteconomicsmanagement.org/pemp/contents/part6/ports-and-container-shipping/slow-steaming-container-shipping ; "  # noqa: E501
        "https://portnews.it/en/slow-steamings-timeless-charm",
        "S-",
    ),
    "SV-SEA-LOOPS": (
        "~25 Asia-North Europe alliance loops (2024); APL weekly loop Qingdao, Shanghai, "
        "Ningbo, Xiamen, Yantian, Port Klang -> Rotterdam 34 d",
        "https://fullavantenews.com/container-mega-alliances-with-10-blank-sailings-in-asia-europe-trade ; "  # noqa: E501
        "https://hafenzeitung.de/apl-verbindet-china-mit-rotterdam",
        "S-",
    ),
    "SV-VESSEL": (
        "average Asia-Europe ship 14,150 TEU (May 2024); intra-Asia loops 1,100-1,800 TEU",
        "https://fullavantenews.com/container-mega-alliances-with-10-blank-sailings-in-asia-europe-trade ; "  # noqa: E501
        "https://container-news.com/tianjin-and-sitc-seal-deal-with-new-service/ ; "
        "https://www.observerbd.com/news.php?id=363151",
        "S-",
    ),
    "SV-DWELL": (
        "container dwell at Chinese ports: 4.8 d export (gate-in to vessel departure), "
        "5.2 d import (Apr 2023, FourKites)",
        "https://www.seatrade-maritime.com/containers/container-export-dwell-time-chinese-ports-falls-62 ; "  # noqa: E501
        "https://ufreight.com/en/press/71",
        "S-",
    ),
    "SV-XIY-LGG": (
        "XIY-Liège B767-300F 2/week (Georgian Airways for Cainiao, 2024)",
        "https://sxgz.shaanxi.gov.cn/sy/gqzc/qydt/202409/t20240910_3257063.html",
        "S",
    ),
    "SV-XIY-ORD": (
        "XIY-Chicago B747F, >100 t per flight, 2-3/week (130 flights a year planned, 2025)",
        "https://m.jingyu100.com/logistics/18087818.html",
        "S-",
    ),
    "SV-XIY-BRU-DEL": (
        "XIY-Brussels and XIY-Delhi A330-200F, 2/week each (Sichuan Airlines, 2019)",
        "http://english.shaanxi.gov.cn/news/shaanxinews/155020.htm ; "
        "https://govt.chinadaily.com.cn/s/201912/02/WS5de4718e498e7df3800efbae/nw-chinas-shaanxi-opens-two-new-intl-freight-routes.html",
        "S",
    ),
    "SV-XIY-NRT": (
        "XIY-Tokyo Narita B767-300F 1/week (SF Airlines, 2021)",
        "https://m.56js.com/News/detail/22248.html",
        "S-",
    ),
    "SV-XIY-CA": (
        "no Xi'an-Central Asia freighter found; Xi'an-Central Asia passenger flights "
        "11/week (2023)",
        "http://www.chaoyi.net.cn/tongxin/2023/0514/92767.html",
        "S-",
    ),
    "SV-XIY-RU": (
        "six Xi'an-Russia freighter routes (2024; Krasnoyarsk 2-3/week); no Moscow freighter found",
        "http://javascriptjump.com/?IHBxb=zGzzs.html",
        "S-",
    ),
    "SV-GW-CDCQ": (
        "China-Europe trains of Chengdu and Chongqing (joint brand 中欧班列(成渝)): >5,300 "
        "trains and >430,000 TEU in 2023; >4,800 trains (30% of China's) in 2021; >5,000 "
        "in 2025; routes Chengdu-Łódź, Moscow, Minsk, Duisburg-Chengdu; Chongqing "
        "Tuanjiecun-Duisburg",
        "http://en.people.cn/n3/2024/0125/c90000-20126440.html ; "
        "http://en.people.cn/n3/2022/0117/c90000-9945968.html ; "
        "https://reportify.cn/news/1148531472861368320 ; "
        "https://www.imsilkroad.com/news/p/803899.html",
        "S",
    ),
    "SV-GW-ZZ": (
        "China-Europe trains of Henan (Zhengzhou, Putian station): 10,000th train on 24 "
        "Oct 2023, 13,000 by 15 Nov 2024; >230,000 TEU 1 Jan-15 Nov 2024; Zhengzhou-"
        "Hamburg via Erenhot; Liège, Munich, Almaty, Tashkent; assembly centre (2020)",
        "https://www.globaltimes.cn/page/202310/1300669.shtml ; "
        "https://english.henan.gov.cn/2024/11-21/3089087.html ; "
        "https://www.ha.chinanews.com/news/dszx/2023/0918/48681.shtml",
        "S",
    ),
    "SV-GW-WUH": (
        "China-Europe trains of Wuhan (Wujiashan): 538 in 2022 (267 out, 271 back), +57% "
        "in 2023 (785 by 13 Nov 2023); exits Alashankou, Khorgos, Erenhot, Manzhouli, "
        "Suifenhe; Wuhan-Duisburg via Alashankou",
        "http://m.xfyyw.2g.cn/360/2022/1231/195046.html ; "
        "https://wuwenjie.xyz/wordpress/?p=20953 ; "
        "http://122.224.56.14:8082/api/data.php?zDy=Z7.html",
        "S-",
    ),
    "SV-GW-URC": (
        "Urumqi China-Europe assembly centre: at least three trains a day, 21 lines "
        "(2019); 700 trains in 2017; mostly Central Asia (48 h to Kazakhstan)",
        "http://www.a5128.cn/english/2019-04/09/c_137962671.htm ; "
        "http://english.scio.gov.cn/beltandroad/2018-01/08/content_50201782.htm",
        "S-",
    ),
    "SV-GW-LHW": (
        "Lanzhou New Area (Zhongchuan North): 126 international trains Jan-Jul 2024 "
        "(+20%), 125 in 2021; Lanzhou-Almaty (2015), Lanzhou-Hamburg (2015)",
        "https://guomeikuaidi.com/kuaidi/gongsi/715282.html ; "
        "http://www.lfbxx.com/html/1659/2022-01-06/content-358074.html ; "
        "http://hnr.cn/news/kx/201508/t20150821_2088810.html",
        "S-",
    ),
    "SV-MAL-2021": (
        "Małaszewicze (Cargotor, PKP Cargo group): record 18 outgoing and 15 incoming "
        "broad-gauge trains on 29 Aug 2021 (16.5 pairs a day); broad-gauge intermodal "
        "wagons +70% on 2020 (Q1 2021); capacity to be quadrupled",
        "https://www.railtarget.eu/freight/maaszewicze-reports-record-784.html",
        "S",
    ),
    "SV-XJ-PORTS": (
        "Alashankou and Khorgos together: 16,400 China-Europe (Central Asia) trains in "
        "2024, all origins, both directions (+14%)",
        "http://xn--m3-2r8d65x.fdffd.mobi/news/62f4099897.html",
        "S-",
    ),
    "SV-GW-CGO-LUX": (
        "Zhengzhou-Luxembourg 'Air Silk Road' (Cargolux, B747-8F): 475 flights and 87,700 "
        "t Jan-Aug 2021; one rotation unloads 110 t and loads ~130 t (2023)",
        "https://en.dahe.cn/2021/09-07/896281.html ; "
        "http://en.people.cn/n3/2023/0808/c90000-20055750.html",
        "S",
    ),
    "SV-GW-CGO": (
        "Zhengzhou Xinzheng airport: 607,800 t cargo and mail (2023); 77% of its cargo "
        "international (2022); >1 Mt in 2025",
        "http://jhzihao.cn/jichang/jchot/979567.html ; "
        "http://ha.news.cn/news/2022-11/09/c_1129112725.htm",
        "S-",
    ),
    "SV-GW-CTU": (
        "Chengdu (Shuangliu + Tianfu): 771,000 t (2023), 1.028 Mt (2024) cargo and mail; "
        "28 scheduled freighter routes (2023); new freighters to Liège, Frankfurt, Paris, "
        "Warsaw (2024)",
        "https://sc.sina.com.cn/news/b/2024-01-08/detail-inaaunmi8886260.shtml ; "
        "http://www.xtsnhl.com/article/6602.html",
        "S-",
    ),
    "SV-GW-CKG": (
        "Chongqing Jiangbei: 220,000 t international cargo and mail (2021); new freighter "
        "routes incl. Brussels (2021); 20 international freighter routes, 66 a week, "
        "incl. Milan, Frankfurt, Amsterdam (2025)",
        "https://www.ansa.it/sito/notizie/mondo/notiziario_xinhua/2022/01/11/cina-aeroporto-chongqing-record-per-merci-e-posta_00684571-bc57-4ee0-b5d1-a377ae2c1a69.html ; "  # noqa: E501
        "https://epaper.cqrb.cn/cqrb/2025-12/11/001/content_rb_354088.htm",
        "S",
    ),
    "SV-CHANGAN-2025": (
        "Chang'an (Xi'an) trains 2025: 6,037 (+21.1%), 6.96 Mt (+23.7%), 598,000 TEU "
        "(+14.1%); trans-Caspian 193; eastbound rail-sea 165 trains; 2023: >5,300 trains",
        "http://sn.people.com.cn/BIG5/n2/2026/0302/c186331-41512371.html ; "
        "https://www.scora.org.cn/c/2024/0102/6684.shtml",
        "S",
    ),
    "PLAN-0": (
        "the prefecture-level cities of Shaanxi plus Yangling and Hancheng (addressees "
        "of the notice)",
        PLAN,
        "S",
    ),
    "PLAN-1.1": (
        "一(一): 15 trunk routes; 12 domestic assembly lines (襄西欧, 徐西欧); "
        "designated ports (Xi'an airport: aquatic animals, fruit, meat, seedlings; "
        "Xi'an railway port: grain, meat, vehicles)",
        PLAN,
        "S",
    ),
    "PLAN-1.4": ("一(四): seven comprehensive bonded zones", PLAN, "S"),
    "PLAN-2.2-T1": (
        "二(二) and table 1: open ports end 2020: Xi'an Xianyang formal; Xi'an railway "
        "station and Yulin Yuyang temporary",
        PLAN,
        "S",
    ),
    "PLAN-3.4": ("三(四): one core, two wings; bonded zones of Guanzhong", PLAN, "S"),
    "PLAN-4.1.1": (
        "四(一)1: air ports; Yulin formal 2022, Yan'an temporary 2023 / formal 2024; "
        "Hanzhong and Ankang port functions; cargo routes Bishkek, Liège",
        PLAN,
        "S",
    ),
    "PLAN-4.1.2": (
        "四(一)2: rail ports 一主三辅多节点 (main Xi'an; auxiliary Baoji, Ankang, "
        "Yulin; nodes Weinan, Yan'an, Hanzhong, Shangluo, Yangling)",
        PLAN,
        "S",
    ),
    "PLAN-4.1.3": (
        "四(一)3: designated sites for grain and meat at Baoji and Yangling (planned)",
        PLAN,
        "S",
    ),
    "PLAN-Z1": (
        "专栏1: freight hubs Xi'an International Port Station, Baoji Yangping, Yan'an "
        "North, Hanzhong Baohe; upgrades Yan'an Zaoyuan, Ankang East",
        PLAN,
        "S",
    ),
    "PLAN-Z2": (
        "专栏2: apply for Yulin, Yan'an air ports; foster Ankang, Hanzhong airports; "
        "apply for Xi'an railway port; rail port functions Baoji, Yulin, Hanzhong, Ankang",
        PLAN,
        "S",
    ),
    "PLAN-Z5": (
        "专栏5: XIY six designated classes (aquatic animals, chilled seafood, medicines, "
        "meat, fruit, seedlings); roles of the bonded zones",
        PLAN,
        "S",
    ),
}

# Estimate rules (key -> how the figure was derived). Written to docs/data.md; the
# texts quote the constants above so the page always shows the figures used.
EST_RULES: dict[str, str] = {
    "EST-COORD": (
        "Coordinates of nodes that are in neither FS-1.1 nor FS-1.2 (Shaanxi city "
        "centres, feeder origins, Riga, Port Klang, Ho Chi Minh City, corridor "
        "waypoints) are from general geographic knowledge, to within ~5-10 km."
    ),
    "EST-GEOM": (
        "Link geometry: the real corridor traced with a few named waypoints (Longhai/"
        "Lanxin line via Lanzhou and Urumqi; Kazakh line via Astana and Petropavl; "
        "Trans-Siberian; sea lanes via Taiwan Strait, Singapore, Malacca, Dondra Head, "
        "Bab-el-Mandeb, Suez, Gibraltar, Dover so that no lane crosses land at map "
        "scale). Road, short rail and air links are straight lines (air: schematic)."
    ),
    "EST-FX": (
        f"Exchange rates USD 1 = CNY {USD_CNY}, EUR 1 = CNY {EUR_CNY} (approximate "
        "annual averages of 2018-2024 from general knowledge; no source in the "
        "factsheet). One rate per currency is used for all years."
    ),
    "EST-FEU": (
        f"A per-FEU rate is converted to per TEU by dividing by {TEU_PER_FEU:g} (a 40' "
        "box counts as 2 TEU). Per-box charges that do not depend on size (European "
        "THC) are applied per TEU unchanged."
    ),
    "EST-RAILDIST": (
        "Rail distance without a sourced figure = length of the waypoint polyline x "
        "the route factor f_rail calibrated on Xi'an-Duisburg (see Calibration); "
        f"short Shaanxi links without waypoints = great-circle x {RAIL_DETOUR_SHAANXI}."
    ),
    "EST-CE-2024": (
        "China-Europe, one rule per section in the 2024 base year: distances scaled by "
        "one route factor f_rail so that Xi'an-Duisburg = "
        f"{CE_DUISBURG_KM:,.0f} km (branches to Almaty, Moscow, Riga take the rest of their "
        "sourced end-to-end distances); speeds: Chinese section = Xi'an-Alashankou in "
        f"{CE_CN_STD_H} h (SV-CE-CN, the 2018 re-timing), 1520 mm = Dostyk-Minsk-Brest in "
        f"{ERAI_1520_D} d (SV-ERAI, the ERAI transit index, Jul 2024), EU = "
        f"{CE_EU_KMH:g} km/h (estimate); every link's time_h is its distance at its "
        f"section's speed. Standard trains stop {CE_BORDER_CN_H:g} h at the Chinese border "
        f"station and {GAUGE_EAST_H:g} h for the gauge change on the foreign side (hub-to-hub "
        "reloading 3 h, SV-HUB, plus 3 h hand-over); the Malaszewicze dwell is what remains "
        f"of the sourced {CE_DUISBURG_STD_H / 24:g} d Xi'an-Duisburg (FS-2-DUI-STD). The "
        f"fixed-schedule express has its own times: {CE_CN_EXP_H:g} h Xi'an-Alashankou "
        f"(SV-CE-CN-2014), 5 h border operations ({CE_BORDER_CN_H:g} + {GAUGE_EXP_EAST_H:g}"
        f" h, SV-KHG-FIXED), {EXP_MAL_H:g} h at Malaszewicze, {CE_EU_EXP_KMH:g} km/h in "
        f"the EU, the 1520 mm run being the rest of ~{CE_DUISBURG_EXP_H / 24:g} d westbound"
        f" and {CE_DUISBURG_EXP_EAST_H / 24:g} d eastbound (FS-2-DUI-EXP, FS-2-DUI-EAST). "
        "The Khorgos corridor runs Xi'an-Urumqi at the Chinese section speed and "
        f"Urumqi-Almaty in the sourced {KHG_URUMQI_ALMATY_H} h of the fixed-schedule train "
        f"(SV-KHG-FIXED: {KHG_BORDER_H:g} h border operations, {KHG_CN_H:g} h of them at "
        "Khorgos, the running time spread by km). Fare: one price per TEU-km r_ce, so that"
        f" Xi'an-Duisburg plus two gauge changes = USD {CE_RATE_USD_PER_FEU:,.0f} per FEU "
        "(FS-3-CE-2024), for every Chang'an train (fare_fixed 0). Older end-to-end figures "
        "(Almaty 6 d 2013, Moscow 11 d 2016, Milan 17 d 2021) are references of their "
        "years, not calibration targets: with the pre-2018 inputs (75 h Chinese section, "
        f"{GAUGE_OLD_H / 24:g} d reloading) the same rule gives the 2013 and 2016 figures "
        "(see the reference table)."
    ),
    "EST-RAILTIME": (
        "Domestic container block trains (Shaanxi shuttles, rail-sea trains to the coast, "
        f"feeders, Xi'an-Chongqing): {RAIL_DOM_KM:,.0f} km in {RAIL_DOM_H:g} h = the sourced "
        "Xi'an-Qingdao train (SV-TAO-46H), applied to every domestic link; it agrees with "
        "the sourced 2 d Chongqing-Qinzhou (FS-2-QZH) within 2%."
    ),
    "EST-RAILCOST": (
        "One basis for every domestic rail fare (Shaanxi shuttles, feeders, eastern "
        "rail-sea, WLSNC): the FS-3-RAIL-INTL list tariff RMB "
        f"{RAIL_BASE1_CNY_PER_TEU:g} per TEU at boarding (fare_fixed_cny) + "
        f"{RAIL_BASE2_CNY_PER_TEU_KM} per TEU-km (fare_cny_per_km); only documented "
        f"discounts are applied: the WLSNC fare cut of {WLSNC_DISCOUNT:.0%} (SV-WLSNC-20) "
        f"and Ningbo's rail-sea rebate of RMB {NINGBO_REBATE_CNY_PER_TEU:g} per TEU "
        "(SV-NINGBO, taken off the fixed part). A link's cost_cny is the fare of a ride on "
        "that link alone. China-Europe trains and the European port shuttles use the "
        "China-Europe through rate per TEU-km (EST-CE-2024)."
    ),
    "EST-WLSNC": (
        f"WLSNC: Xi'an-Chongqing-Guiyang-Qinzhou scaled to {WLSNC_XIAN_QINZHOU_KM:,.0f}"
        " km (midpoint of FS-1.3-QZH); Xi'an-Chongqing at the domestic block-train speed "
        "(EST-RAILTIME), Chongqing-Qinzhou links at the speed of the sourced "
        f"{WLSNC_CHONGQING_QINZHOU_H / 24:g} d (FS-2-QZH). The Xi'an-Qinzhou service runs "
        f"{WLSNC_XIAN_QINZHOU_H / 24:g} d end to end (FS-2-QZH, 2023) with no stop where "
        "boxes may board or alight between: the time beyond the links' running time is "
        "the re-marshalling at Chongqing. Chongqing's own trains to Qinzhou (via Guiyang "
        "and Huaihua) are placeholders within the corridor's ~170 trains a week "
        "(SV-WLSNC-TRAINS). Fare: EST-RAILCOST with the 20% WLSNC cut."
    ),
    "EST-SEA": (
        "Sea distance = waypoint polyline x f_sea calibrated so that Shanghai-"
        "Rotterdam = 10,600 nm (FS-1.3-SEA); one link per leg between two port calls. "
        f"Liner services sail at {SEA_AE_KN:g} kn Asia-Europe (SV-SEA-SPEED) and "
        f"{SEA_IA_KN:g} kn intra-Asia (lower end of 14-16 kn), and stop "
        f"{SEA_CALL_H / 24:.2f} d at each intermediate call (ship time in port, "
        "FS-2-PORTTIME); a link's time_h is its sailing time. Every loop is weekly; the "
        "number of weekly loops per port is an estimate (SV-SEA-LOOPS: ~25 Asia-North "
        "Europe loops; Qingdao ~5-8, Lianyungang ~1); Qinzhou's direct services are weekly "
        f"(FS-7-QZH-SEA). Ships: {SEA_AE_TEU:,.0f} TEU Asia-Europe, {SEA_IA_TEU:,.0f} TEU "
        f"intra-Asia, {SEA_QZH_TEU:,.0f} TEU from Qinzhou (SV-VESSEL). Return legs are "
        "their own services at the same speed (the 2013 eastbound average was slower, "
        "14.9 kn against 19.0 kn)."
    ),
    "EST-SEA-FARE": (
        "One fare rule for every liner service: fare_fixed + fare_per_km x km through two "
        f"anchors, Shanghai-Rotterdam = USD {SEA_ASIA_EUROPE_USD_PER_FEU:,.0f} per FEU "
        f"(FS-3-SEA-2019, a normal year) and Shanghai-Singapore = USD "
        f"{SEA_ASIA_SE_USD_PER_TEU:g} per TEU (FS-3-SCFI proxy); see the calibration table."
    ),
    "EST-YARD": (
        f"Container yard dwell at sea ports (node dwell_h) = the export dwell of "
        f"{SEA_EXPORT_DWELL_D} d at Chinese ports (SV-DWELL, gate-in to vessel departure) "
        "less the wait for the sailing that the service layer already charges: boxes "
        "reach the yard independently of a weekly ship, so the wait averages half a week "
        f"(3.5 d), leaving {YARD_DWELL_H:.1f} h of cut-off and yard processing. The import "
        f"dwell of {SEA_IMPORT_DWELL_D} d (vessel arrival to gate-out) is mostly the "
        "consignee's pick-up within free time and is not charged. Foreign sea ports use "
        "the Chinese figure as proxy. The ship's own time in port is a stop dwell of the "
        "liner service (EST-SEA), not the node's dwell."
    ),
    "EST-SVC": (
        "Services (data/services/): one row per service and direction; a return run has "
        "the same stops backwards with the same run and dwell times unless its own time "
        "is sourced; the links ridden are always listed (via_links). Where a frequency is "
        "not sourced it is a placeholder (listed in the row's estimated column), and "
        "capacities per departure are typical sizes (China-Europe trains "
        f"{CE_TEU_PER_TRAIN:g} TEU, FS-4.1; other trains {TEU_PER_TRAIN:g} TEU, FS-4.2; SV-VESSEL; "
        "air payloads EST-AIR)."
    ),
    "EST-ROAD": (
        f"Road distance = great-circle x {ROAD_DETOUR} detour (at least {ROAD_MIN_KM:g} "
        f"km); time = distance / {ROAD_KMH:g} km/h (FS-2-TRUCK 50-65 km/h); price = "
        f"RMB {TRUCK_CNY_PER_FEU_KM:g} per km per FEU (FS-3-TRUCK 8-12) / "
        f"{TEU_PER_FEU:g} = RMB {TRUCK_CNY_PER_FEU_KM / TEU_PER_FEU:g} per TEU-km; "
        "continuous service, no capacity limit."
    ),
    "EST-AIR": (
        f"Air distance = great-circle x {AIR_ROUTE_FACTOR}; block time = "
        f"{AIR_TAXI_H} h + distance / {AIR_BLOCK_KMH:g} km/h (gives ~10.4 h to Liège, "
        "factsheet 10-11 h); fare per tonne = RMB "
        f"{AIR_FIXED_CNY_PER_T:,.0f} at boarding + k x km, k set so that XIY-Liège = USD "
        f"{AIR_EUROPE_USD_PER_KG}/kg (FS-3-AIR 2.4-2.8). Freighter services both ways with "
        f"their sourced aircraft and frequency: B767-300F {B767F_T:g} t (payload EST; "
        f"SV-XIY-LGG, SV-XIY-NRT), B747F {B747F_T:g} t and {ORD_PER_WEEK:g}/week to "
        f"Chicago (SV-XIY-ORD), A330-200F {A330F_T:g} t (FS-4.4-XIY 48-59 t); routes "
        f"without a sourced freighter: {FREIGHTER_T:g} t x 2/week (placeholders, named in "
        "each row). Domestic routes are belly capacity on passenger flights "
        "(placeholders). A link's capacity_t_per_week = the services' tonnes a week on it. "
        "Air never carries dangerous goods (contract); reefer allowed."
    ),
    "EST-HANDLING": (
        f"Change of mode or service: rail terminals and border stations RMB {LIFT_CNY:g} "
        f"per TEU (one lift, FS-3-LIFT midpoint) and {RAIL_DWELL_H:g} h; airports RMB "
        f"{AIR_HANDLING_CNY_PER_KG} per kg x {CARGO_T_PER_TEU:g} t per TEU (FS-6) = RMB "
        f"{AIR_HANDLING_CNY_PER_KG * 1000 * CARGO_T_PER_TEU:,.0f} per TEU-equivalent "
        f"and {AIR_DWELL_H:g} h; Chinese sea ports THC RMB {THC_CN_CNY:g} (FS-3-THC-CN) "
        f"and the yard dwell of EST-YARD; Rotterdam/Hamburg THC EUR "
        f"{THC_ROTTERDAM_EUR:g}/{THC_HAMBURG_EUR:g} (FS-3-THC-EU); other foreign sea "
        "ports the Chinese THC and dwell as proxies. Cities and bonded zones are "
        "road-only: no change of mode there."
    ),
    "EST-CUSTOMS": (
        f"Customs at Chinese open ports: RMB {CUSTOMS_CNY:g} per TEU (proxy: the "
        "documentation charge RMB 450-500 per B/L, FS-3-LOCAL, one B/L per box) and "
        f"{CUSTOMS_H:g} h where no time is sourced (XIAN_PORT 0.5 h FS-4.3-XIAN; "
        "Alashankou 20 min FS-2-ALA-DWELL, and the same at Khorgos, Erenhot, "
        "Manzhouli per FS-2-KHG). Foreign nodes: null (the contract models Chinese "
        "clearance only)."
    ),
    "EST-GAUGE": (
        f"Gauge change (1435<->1520 mm) costs RMB {GAUGE_CNY:g} per TEU (one crane "
        f"lift); time {GAUGE_EAST_H:g} h at the Chinese borders' foreign side (SV-HUB: "
        "hub-to-hub reloading 3 h, plus hand-over) and, at MALASZEWICZE, the rest of the "
        "sourced 12-day standard run (EST-CE-2024; the calibration table gives it; "
        "FS-2-BREST quotes 2-3 d of waiting in 2018). The node's gauge_change_h equals "
        "the dwell of the standard trains' stop there. The gauge change is placed on the "
        "foreign side (DOSTYK, ALTYNKOL, ZAMYN_UUD, ZABAYKALSK) for both directions; in "
        "reality westbound trains are also reloaded on the Chinese side."
    ),
    "EST-TRANSIT": (
        "Countries a link crosses between its end nodes (links' transit_countries), read "
        "from the route its waypoints follow: Dostyk-Minsk and Dostyk-Riga cross Russia, "
        "Zamyn-Uud-Moscow Mongolia (Zamyn-Uud is in Mongolia, the rest is Russia: the "
        "end nodes cover it), Malaszewicze-Budapest Slovakia, Malaszewicze-Milan Czechia "
        "and Austria. avoid_countries refuses such links. Sea lanes and air corridors "
        "are left blank (straits and overflight are not land transit)."
    ),
    "EST-TECHSTOP": (
        "A block train's intermediate stop at a border station (export formalities at "
        "Alashankou, Khorgos, Erenhot, Manzhouli; gauge change at Dostyk, Altynkol, "
        "Zamyn-Uud, Zabaykalsk) is technical: no box boards or leaves the train there "
        "(stops.csv pickup and dropoff = no). Block trains are loaded at the assembly "
        "centre and unloaded at the destination terminal; a box for another destination "
        "rides that destination's train. At Malaszewicze, the EU entry terminal where "
        "boxes for Poland are forwarded, westbound trains let boxes off and eastbound "
        "trains take boxes on (a box never changes from one block train to another there)."
    ),
    "EST-DEP": (
        f"Departures: {XIAN_TRAINS_PER_YEAR:,.0f} Chang'an trains a year (FS-4.1, both "
        "directions) = ~48 a week each way: 47.5 westbound (Alashankou 32.5: express 2 "
        "(sourced), Duisburg 7, Hamburg 6, Warsaw 5, Budapest 3, Milan 2, Minsk 1, Moscow "
        "4.5, Riga 1, Almaty 1; Khorgos 7: Almaty 3, Tashkent 2.5, trans-Caspian 1.5 "
        "(FS-4.1-TC); Erenhot 4 and Manzhouli 4 to Moscow), and as many eastbound (trains "
        "return, loaded or empty). Central Asia (Almaty, Tashkent) gets 6.5 of the 46 "
        "China-Europe trains a week, 14.1 %, as in the only published split (2022: 665 of "
        "4,639 trains, 14.3 %, SV-CHANGAN-2022-SPLIT; assumed to hold in 2023-2024); the "
        "split among the other destinations is a placeholder by judgement (the 10.5 "
        "departures taken from Central Asia in Nov 2026 went to the European and Moscow "
        "lines roughly in proportion). Xi'an, in the west, sends 83% via "
        "Xinjiang where all of China sends just over half and ~30% via Manzhouli (SV-EXITS). "
        "The model has 13 of Xi'an's 18 international trunk lines and 4 of its 26 domestic "
        "assembly lines (SV-XIAN-LINES). Links carry no departures: the "
        "services do. Other services (domestic rail, WLSNC, rail-sea, feeders, hinterland "
        "rail) are placeholders of 1-28 a week, named in each row's estimated column."
    ),
    "EST-CAP": (
        f"A China-Europe train carries {CE_TEU_PER_TRAIN:g} TEU (FS-4.1: 1,901,949 TEU / "
        f"17,523 trains in 2023), other trains {TEU_PER_TRAIN:g} TEU (FS-4.2). Links that "
        "services ride have no capacity of their own (null): the infrastructure's limit "
        "(train paths a day) is "
        "not published, so the services' departures x capacity per departure are the limit "
        "and the assignment names the full service; sea lanes: null. "
        "Node throughputs: XIAN_PORT 5.4 M TEU/yr / 52; ALASHANKOU 200,000 TEU/yr / 52; "
        f"MANZHOULI {MANZHOULI_BOXES_PER_DAY:g} boxes/day x 7 x {TEU_PER_FEU:g} "
        f"(boxes taken as FEU, EST); MALASZEWICZE {MALASZEWICZE_TRAINS_PER_DAY:g} "
        f"trains/day x 7 x {CE_TEU_PER_TRAIN:g} TEU (the Cargotor terminals' record day, 16.5 "
        "broad-gauge train pairs, Aug 2021, SV-MAL-2021; about the 2021 average implied by "
        "the Brest share of China's ~15,000 trains; since the network models the competing "
        "gateways too, the whole terminal complex is the limit, not PKP Cargo's "
        f"{MALASZEWICZE_PKP_TRAINS_PER_DAY:g} trains/day of 2018, FS-2-BREST); "
        f"QINZHOU {QINZHOU_TRAINS_PER_DAY:g} "
        f"trains/day x 7 x {TEU_PER_TRAIN:g} TEU. These are whole-facility figures, "
        "shared with traffic the network does not model."
    ),
    "EST-EU-SPLIT": (
        "The EU-bound China-Europe trains use the three crossings that carried them in the "
        "base year (SV-EU-SHARE, SV-BRUZGI, SV-KGD-*). No operator publishes its crossing, "
        "so whole westbound patterns of the competing gateways (EST-GW-DEP) are put on "
        "Bruzgi-Kuznica by judgement until Brest-Malaszewicze carries a share of the EU-bound "
        "westbound trains inside the sourced 68-79 % (2021 / 2020; ~90 % of trains enter "
        "the EU via Poland in 2025, SV-BORDER-2025): Zhengzhou-Hamburg via Erenhot, "
        "Chongqing-Warsaw and -Budapest, Wuhan-Warsaw, Chengdu-Milan and Lanzhou-Duisburg; "
        "the Kaliningrad route (Mamonovo-Braniewo, rail only) carries the Urumqi-Duisburg "
        f"pattern, about the {KGD_SHARE:.1%} of China-Europe TEU it took by rail in Jan 2021 "
        "(1.9k of ~109k TEU, SV-KGD-2021, SV-CE-JAN-2021; the Baltiysk feeders are not "
        "modelled; transit via Lithuania shrank in 2024, SV-KGD-2024). The Chang'an trains "
        "and the fixed-schedule express stay on Brest. Whole patterns, not fractions of each: "
        "near-identical sibling services of one origin and destination filled the logit "
        "choice sets with capacity-bound duplicates, which left the base's prices undetermined "
        "(a scenario that changes nothing then moved 15 TEU a week). Every published total "
        "is kept; return runs mirror them (the sourced eastbound Brest share, 82-90 %, is "
        "not modelled). Times: the same section speeds; the gauge-change dwell at KUZNICA "
        "and BRANIEWO equals MALASZEWICZE's (same practice, no figure found); the "
        f"Kaliningrad route adds {LT_TRANSIT_H:g} h for two more borders (BY-LT, LT-RU). "
        "Kuznica has legs to all five EU destinations, Braniewo to Duisburg only. Not "
        "modelled, with reason: Svislach-Siemianowka (a 2021 test train only, "
        "SV-SVISLACH), Sestokai-Mockava (no China-Europe service found), Zahony via "
        "Ukraine (2020 only, SV-ZAHONY). Coordinates of the new crossings: EST-COORD."
    ),
    "EST-EU-CAP": (
        "Capacity of each crossing for China-Europe trains, trains a week each way "
        "(data/services/diversions.csv): Brest-Malaszewicze half the record day of 33 "
        "trains (SV-MAL-2021) x 7; Bruzgi-Kuznica the most the crossings other than Brest "
        f"were seen to carry, {1 - BREST_SHARE_WEST[1]:.0%} of westbound trains (2021, "
        "SV-EU-SHARE), applied to the base's EU-bound trains, less Kaliningrad's part; "
        "Kaliningrad-Braniewo the Jan 2021 rail flow (1.9k TEU a month, SV-KGD-2021) in "
        "trains of the base size. The calibration table gives the figures."
    ),
    "EST-DIVERT": (
        "When a crossing closes, operators re-route the trains that used it over the "
        "other crossings up to their spare capacity (capacity less the base's trains "
        "there), the rest are cancelled (SV-BORDER-2025: in Sept 2025, with all three "
        "Polish-Belarusian crossings closed, trains were stranded, others moved to sea). "
        f"A diverted train runs the alternative's links at their speeds, plus "
        f"{DIVERT_REPLAN_H:g} h to re-book paths and reloading slots (EST), and pays "
        f"{DIVERT_COST_SHARE:.0%} of the Xi'an-Duisburg fare more per TEU (the short-term "
        "cost rise of Sept 2025, SV-BORDER-2025)."
    ),
    "EST-FLAGS": (
        "Reefer and dangerous-goods flags are from general knowledge unless sourced: "
        "reefer true on XIY (designated chilled seafood, fruit: PLAN-Z5), XIAN_PORT "
        "(cold-chain stations, PLAN-Z1), sea ports, border stations and big terminals; "
        "dangerous goods false on China-Europe and trans-Caspian rail (SMGS "
        "restrictions, placeholder), at airports and bonded zones; true elsewhere."
    ),
    "EST-CO2": (
        f"CO2e (WTW, g/t-km): rail {CO2_RAIL:g}, road {CO2_ROAD:g}, sea {CO2_SEA:g}, "
        f"international air (freighter) {CO2_AIR_FREIGHTER:g} (FS-5 suggested single "
        f"values); domestic air belly short haul {CO2_AIR_BELLY_SHORT:g} (FS-5-GLEC); "
        f"Caspian rail ferry {CO2_FERRY:g} (DEFRA short-sea 29.7 TTW x ~1.2)."
    ),
    "EST-PORTSTATUS": (
        "Open-port status of Chinese nodes outside Shaanxi (border stations, sea "
        "ports, PVG, CKG) is general knowledge (national first-class ports), not from "
        "the factsheet or the plan."
    ),
    "EST-BZ": (
        "bonded_zone_of: the plan names the serving port for Xi'an CBZ (railway port) "
        "and Xixian Airport CBZ (airport) (PLAN-Z5); Baoji and Yangling CBZs are served "
        "by their city's rail hub; Xi'an Hi-tech CBZ by XIY (electronics, air-borne; "
        "judgement); Guanzhong and Aviation Base CBZs by the nearest open port "
        "(XIAN_PORT)."
    ),
    "EST-TC": (
        "Trans-Caspian: Xi'an-Altynkol as the Khorgos corridor, Altynkol-Aktau at the "
        "1520 mm speed (EST-CE-2024), the China-Europe fare per km; Caspian ferry "
        f"Aktau-Alat at {CAT_FERRY_KMH:g} km/h, USD {CAT_FERRY_USD_PER_TEU:g}/TEU and "
        f"{FERRY_PER_WEEK:g} sailings a week (placeholders: no timetable found; the whole "
        "Caspian fleet moves ~95,000 wagons a year, ~33 ferries of 56 wagons a week on all "
        "routes, SV-CASPIAN); AKTAU "
        f"dwell_h = the rest of the {CE_BAKU_H / 24:g}-day average Xi'an-Baku (FS-2-BAK) "
        "after the train, the ferry and the expected wait for the ferry (half its headway)."
    ),
    "EST-GATEWAYS": (
        "Competing gateways of the neighbouring provinces (issue 11: the plan's table 1 "
        "compares Shaanxi with Henan, Hubei, Chongqing, Gansu): Zhengzhou Putian, Chengdu "
        "Qingbaijiang, Chongqing Tuanjiecun, Wuhan Wujiashan, Lanzhou New Area, Urumqi "
        "assembly centre. Their China-Europe links to the Chinese border stations follow "
        "the rules of the Chang'an links exactly (EST-CE-2024): waypoint polyline x "
        "f_rail, the Chinese section speed v_cn, r_ce per TEU-km, no fixed part; the "
        "trains stop 1 h at the CN border station and 6 h at the gauge change, the "
        "Malaszewicze dwell of the Chang'an standard train, the Khorgos corridor at the "
        "sourced Urumqi-Almaty speed from Urumqi on. Lines: Chengdu and Chongqing via the "
        "Lanzhou-Chongqing line (Guangyuan) and Lanzhou; Zhengzhou and Wuhan via the "
        "Longhai line (Luoyang, Xi'an) westward and via Taiyuan and Datong to Erenhot "
        "(SV-GW-ZZ: Zhengzhou-Hamburg via Erenhot; SV-GW-WUH); Erenhot trains to Europe "
        "continue Moscow-Minsk-Brest (CE_MOSCOW_MINSK). The trains pass Xi'an without "
        "a stop: they compete with the Chang'an trains, they do not feed them. Domestic "
        "assembly lines from each gateway into Xi'an (feeder corridor, list tariff "
        "EST-RAILCOST, 2 a week each way, placeholders) and long-haul trucking "
        "(EST-ROAD) let the neighbours' cargo choose Xi'an. Airports: CGO-Luxembourg "
        "(Cargolux, sourced), CTU-Liège (2024) and CKG-Brussels (2021), CKG-Milan (2025) "
        "with placeholder frequencies and payloads (EST-AIR rules). Open-port status of "
        "the gateways: general knowledge (EST-PORTSTATUS); customs and handling as the "
        "other Chinese open ports (EST-CUSTOMS, EST-HANDLING)."
    ),
    "EST-GW-DEP": (
        "Departures of the competing gateways: their published trains a year (both "
        "directions) / 52 / 2 each way: Chengdu + Chongqing "
        f"{CDCQ_TRAINS_PER_YEAR:,.0f} (2023, SV-GW-CDCQ) split {CHENGDU_SHARE:.0%} / "
        f"{1 - CHENGDU_SHARE:.0%} (no split published; the joint brand runs balanced); "
        f"Zhengzhou {ZZ_TRAINS_PER_YEAR:,.0f} a year = the 3,000 Henan trains between "
        "24 Oct 2023 and 15 Nov 2024 (SV-GW-ZZ) scaled to 365 days; Wuhan "
        f"{WUHAN_TRAINS_PER_YEAR:,.0f} = 538 (2022) x 1.57 (SV-GW-WUH); Urumqi "
        f"{URUMQI_TRAINS_PER_YEAR:,.0f} = 3 a day (2019, the latest figure found, "
        f"SV-GW-URC); Lanzhou {LANZHOU_TRAINS_PER_YEAR:,.0f} = 126 in Jan-Jul 2024 x 12/7 "
        "(SV-GW-LHW). The split by destination and exit is a placeholder (no gateway "
        "publishes one): the routes each gateway's sources name, weighted by judgement; "
        "the return runs mirror the westbound ones. "
        f"A train carries {CE_TEU_PER_TRAIN:g} TEU (FS-4.1, national average 2023). "
        "Cargolux CGO-LUX: 475 rotations in Jan-Aug 2021 (SV-GW-CGO-LUX) = "
        f"{CGO_LUX_PER_WEEK:.1f} a week each way, B747-8F {B747_8F_T:g} t (the 110-130 t "
        "of one sourced rotation; all to Luxembourg in the model, although some continue "
        "to Chicago)."
    ),
}

# fmt: off
# =====================================================================================
# 3. Geometry helpers and named waypoints (EST-COORD / EST-GEOM)
# =====================================================================================


def gc_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the great-circle distance (km) between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def poly_km(points: list[tuple[float, float]]) -> float:
    """Return the length (km) of a polyline of (lon, lat) points."""
    return sum(gc_km(p, q) for p, q in itertools.pairwise(points))


W: dict[str, tuple[float, float]] = {
    # China
    "Tianshui": (105.72, 34.58), "Lanzhou": (103.83, 36.06), "Wuwei": (102.64, 37.93),
    "Zhangye": (100.45, 38.93), "Jiayuguan": (98.29, 39.77), "Hami": (93.51, 42.82),
    "Turpan": (89.19, 42.95), "Urumqi": (87.62, 43.82), "Kuytun": (84.90, 44.43),
    "Jinghe": (82.89, 44.61), "Yining": (81.32, 43.92), "Houma": (111.37, 35.62),
    "Taiyuan": (112.55, 37.87), "Datong": (113.30, 40.08), "Jining": (113.10, 41.03),
    "Beijing": (116.40, 39.90), "Shenyang": (123.43, 41.80), "Changchun": (125.32, 43.82),
    "Harbin": (126.63, 45.75), "Qiqihar": (123.92, 47.35), "Hailar": (119.76, 49.21),
    "Luoyang": (112.45, 34.62), "Zhengzhou": (113.65, 34.75), "Xuzhou": (117.18, 34.26),
    "Yanzhou": (116.83, 35.55), "Linyi": (118.35, 35.10), "Rizhao": (119.50, 35.40),
    "Bengbu": (117.39, 32.92), "Nanjing": (118.80, 32.06), "Suzhou": (120.60, 31.30),
    "Hangzhou": (120.15, 30.28), "Shiyan": (110.80, 32.63), "Ankang": (109.03, 32.70),
    "Dazhou": (107.47, 31.21), "Zunyi": (106.93, 27.72), "Duyun": (107.52, 26.26),
    "Liuzhou": (109.41, 24.33), "Nanning": (108.37, 22.82), "Qianjiang": (108.77, 29.53),
    "Sanjiang": (109.60, 25.78), "Baoji": (107.30, 34.37), "Yangling": (108.07, 34.28),
    "Yanan": (109.45, 36.62), "Tongchuan": (108.95, 34.90),
    "Xian": (108.94, 34.34), "Mianyang": (104.68, 31.47), "Guangyuan": (105.84, 32.44),
    "Longnan": (104.92, 33.40), "Nanchong": (106.08, 30.80), "Nanyang": (112.53, 33.00),
    "Xinyang": (114.07, 32.13), "Jiaozuo": (113.24, 35.22), "Changzhi": (113.12, 36.20),
    "Shaoguan": (113.59, 24.81), "Changsha": (112.94, 28.23), "Wuhan": (114.30, 30.59),
    # Kazakhstan, Russia, Belarus, Latvia, Mongolia
    "Aktogay": (79.66, 46.95), "Ushtobe": (77.97, 45.25), "Moyynty": (73.35, 47.21),
    "Karaganda": (73.10, 49.81), "Astana": (71.45, 51.17), "Kokshetau": (69.39, 53.28),
    "Petropavl": (69.14, 54.87), "Kurgan": (65.34, 55.44), "Chelyabinsk": (61.40, 55.16),
    "Ufa": (55.96, 54.74), "Samara": (50.10, 53.20), "Penza": (45.02, 53.20),
    "Ryazan": (39.74, 54.63), "Kaluga": (36.26, 54.51), "Smolensk": (32.05, 54.78),
    "Orsha": (30.41, 54.51), "Baranovichi": (26.01, 53.13), "Rzhev": (34.33, 56.26),
    "VelikiyeLuki": (30.53, 56.34), "Rezekne": (27.33, 56.51), "Shu": (73.76, 43.60),
    "Taraz": (71.37, 42.90), "Shymkent": (69.60, 42.32), "Arys": (68.80, 42.43),
    "Kyzylorda": (65.50, 44.85), "Aralsk": (61.67, 46.80), "Shalkar": (59.61, 47.83),
    "Beyneu": (55.20, 45.32), "Sainshand": (110.14, 44.89), "Choir": (108.36, 46.36),
    "Ulaanbaatar": (106.92, 47.92), "Darkhan": (105.95, 49.47), "Naushki": (106.10, 50.38),
    "UlanUde": (107.60, 51.83), "Irkutsk": (104.28, 52.29), "Krasnoyarsk": (92.87, 56.01),
    "Novosibirsk": (82.92, 55.03), "Omsk": (73.37, 54.99), "Tyumen": (65.53, 57.15),
    "Yekaterinburg": (60.61, 56.84), "Kazan": (49.11, 55.79), "NNovgorod": (44.00, 56.33),
    "Karymskaya": (114.35, 51.62), "Chita": (113.50, 52.03),
    "Vyazma": (34.30, 55.21),
    # Europe
    "Warsaw": (21.01, 52.23), "Poznan": (16.93, 52.41), "FrankfurtOder": (14.55, 52.34),
    "Berlin": (13.40, 52.52), "Hannover": (9.73, 52.37), "Dortmund": (7.47, 51.51),
    "Lublin": (22.57, 51.25), "Rzeszow": (22.00, 50.04), "Kosice": (21.26, 48.72),
    "Miskolc": (20.79, 48.10), "Katowice": (19.02, 50.26), "Ostrava": (18.29, 49.84),
    "Vienna": (16.37, 48.21), "Villach": (13.85, 46.61), "Verona": (10.99, 45.44),
    "Emmerich": (6.25, 51.84), "Oberhausen": (6.85, 51.47), "Bremen": (8.80, 53.08),
    "Osnabrueck": (8.05, 52.28),
    # Other crossings into the EU (issue 13): Grodno, Kaliningrad routes (EST-GEOM)
    "Lida": (25.30, 53.89), "Grodno": (23.83, 53.68), "Bialystok": (23.16, 53.13),
    "Siedlce": (22.29, 52.17), "Molodechno": (26.85, 54.31), "Vilnius": (25.28, 54.69),
    "Kaunas": (23.90, 54.90), "Kybartai": (22.76, 54.64), "Chernyakhovsk": (21.80, 54.63),
    "Kaliningrad": (20.51, 54.71), "Elblag": (19.40, 54.16), "Malbork": (19.03, 54.04),
    "Bydgoszcz": (18.00, 53.12), "Ilawa": (19.57, 53.60),
    # Middle Corridor beyond Baku (EST-GEOM)
    "Ganja": (46.36, 40.68), "Tbilisi": (44.79, 41.72), "Kutaisi": (42.70, 42.27),
    "Bucharest": (26.10, 44.43), "Brasov": (25.60, 45.65), "Arad": (21.31, 46.18),
    "Szolnok": (20.20, 47.18),
}  # fmt: skip

# Sea-lane waypoints (open water at map scale; EST-GEOM).
SEA_SHANGHAI_OUT = [(122.5, 30.55), (122.9, 29.8)]
SEA_QINGDAO_OUT = [(120.35, 35.95), (121.0, 35.6), (123.0, 31.5), (122.9, 29.8)]
SEA_LYG_OUT = [(120.5, 34.3), (123.0, 31.5), (122.9, 29.8)]
SEA_NINGBO_OUT = [(122.6, 29.8)]
SEA_EAST_CHINA_TO_SCS = [
    (121.3, 27.0), (120.4, 25.2), (119.0, 23.0), (114.8, 21.6), (111.5, 18.0),
    (110.0, 12.5),
]  # fmt: skip
SEA_QINZHOU_OUT = [(108.55, 21.2), (107.9, 19.5), (108.3, 17.3), (109.6, 15.5),
                   (110.0, 12.5)]  # fmt: skip
SEA_SCS_TO_SINGAPORE = [(105.7, 5.2), (104.6, 1.4), (104.0, 1.22)]
SEA_SINGAPORE_WEST = [(103.5, 1.15), (102.5, 1.85), (101.3, 2.45), (100.6, 3.0)]
SEA_MALACCA_TO_SUEZ = [
    (98.9, 4.9), (95.6, 6.3), (80.6, 5.6), (73.3, 7.7), (53.0, 13.6), (45.5, 12.2),
    (43.35, 12.55), (42.0, 14.5), (38.5, 20.5), (34.9, 26.5), (33.85, 27.6),
    (32.75, 29.3), (32.56, 29.93), (32.33, 30.6), (32.31, 31.26),
]  # fmt: skip
SEA_MED_TO_CHANNEL = [
    (28.0, 33.2), (23.5, 34.6), (15.5, 36.3), (12.0, 37.55), (8.5, 37.8), (1.0, 37.0),
    (-2.0, 36.3), (-5.6, 35.93), (-9.5, 36.9), (-9.9, 38.7), (-9.6, 43.3),
    (-5.5, 48.7), (-1.5, 50.1), (1.4, 50.95),
]  # fmt: skip
SEA_TO_ROTTERDAM = [(3.2, 51.9)]
SEA_TO_HAMBURG = [(3.0, 52.2), (4.4, 53.3), (6.5, 53.85), (8.2, 54.0), (8.6, 53.95),
                  (9.2, 53.88), (9.55, 53.62)]  # fmt: skip
SEA_TO_HCMC = [(109.5, 11.2), (107.5, 10.0), (107.05, 10.3)]
SEA_CASPIAN = [(50.6, 40.3), (49.7, 39.85)]
SEA_BLACK = [(41.2, 42.3), (36.0, 42.7), (31.0, 43.6), (29.2, 44.1)]
SEA_SUEZ = SEA_SCS_TO_SINGAPORE + SEA_SINGAPORE_WEST + SEA_MALACCA_TO_SUEZ
SEA_SUEZ += SEA_MED_TO_CHANNEL


def ways(*names: str) -> list[tuple[float, float]]:
    """Return the coordinates of named waypoints."""
    return [W[n] for n in names]


# =====================================================================================
# 4. Nodes (one row each)
# =====================================================================================

NODE_FILES = {
    "rail_hub": "rail_hubs",
    "airport": "airports",
    "sea_port": "sea_ports",
    "border_crossing": "border_crossings",
    "bonded_zone": "bonded_zones",
    "city": "cities",
    "rail_terminal": "terminals",
}
NODES: list[dict[str, Any]] = []

#: The leading node columns, given positionally in the rows below (lon and lat make the
#: geometry); every other column is a keyword named as in the contract, or by its short
#: name here. Columns not given take the contract's default (multimodal.schema).
NODE_POSITIONAL = ("id", "name", "name_zh", "kind", "country", "province", "lon", "lat", "modes")
NODE_SHORT = {
    "handling": "handling_cost_cny_per_teu", "dwell": "dwell_h",
    "customs_cost": "customs_cost_cny_per_teu", "gauge_cost": "gauge_change_cost_cny_per_teu",
    "gauge_h": "gauge_change_h", "dg": "dangerous_goods",
    "throughput": "throughput_teu_per_week", "est": "estimated",
}


def contract_row(
    columns: tuple[Column, ...], given: dict[str, Any], what: str
) -> dict[str, Any]:
    """Return one row of a contract table, in the contract's column order.

    Columns not given take the contract's default; a name that is not a contract column
    (a typo in the tables above) stops the build.
    """
    names = [c.name for c in columns]
    unknown = sorted(set(given) - set(names))
    if unknown:
        message = f"{what}: {unknown} are not columns of the contract (multimodal.schema)"
        raise SystemExit(message)
    return {c.name: given.get(c.name, c.default) for c in columns}


def node(*row: Any, **columns: Any) -> None:
    """Append one node row: ``NODE_POSITIONAL`` values, then the other columns by name.

    The source keys of the shared figure sets (lift charge, customs proxy, air handling)
    are added here, with the figure, so that no row can use one without citing it.
    """
    given = dict(zip(NODE_POSITIONAL, row, strict=True))
    given.update({NODE_SHORT.get(k, k): v for k, v in columns.items()})
    lonlat = (given.pop("lon"), given.pop("lat"))
    source = given.get("source", "")
    handling = given.get("handling_cost_cny_per_teu")
    gauge_cost = given.get("gauge_change_cost_cny_per_teu")
    implied = [
        ("FS-3-LIFT", handling == LIFT_CNY or gauge_cost == GAUGE_CNY),
        ("FS-3-LOCAL", given.get("customs_cost_cny_per_teu") == CUSTOMS_CNY),
        ("FS-6", handling == AIR_HANDLING_CNY_PER_KG * 1000 * CARGO_T_PER_TEU),
    ]
    for key, applies in implied:
        if applies and key not in source.split(";"):
            source += ";" + key
    given["source"] = source
    NODES.append({**contract_row(NODE_COLUMNS, given, f"node {given['id']}"), "_lonlat": lonlat})


# Shorthands for repeated figure sets (value, plus the columns they make estimates).
RAIL_HANDLING = {"handling": LIFT_CNY, "dwell": RAIL_DWELL_H}
RAIL_EST = "geometry;handling_cost_cny_per_teu;dwell_h;reefer;dangerous_goods"
AIR_HANDLING = AIR_HANDLING_CNY_PER_KG * 1000 * CARGO_T_PER_TEU
AIR_NODE = {"handling": AIR_HANDLING, "dwell": AIR_DWELL_H}
AIR_EST = "handling_cost_cny_per_teu;dwell_h;reefer"
CN_SEA = {"handling": THC_CN_CNY, "dwell": YARD_DWELL_H, "reefer": True, "dg": True}
CN_OPEN_SEA = {"port_status": "formal", "port_modes": "sea",
               "customs_cost": CUSTOMS_CNY, "customs_h": CUSTOMS_H}  # fmt: skip
CN_SEA_EST = (
    "geometry;port_status;port_modes;customs_cost_cny_per_teu;customs_h;"
    "reefer;dangerous_goods"
)
BORDER_CN = {"port_status": "formal", "port_modes": "rail;road",
             "customs_cost": CUSTOMS_CNY, "customs_h": ALASHANKOU_CUSTOMS_H,
             "reefer": True, "dg": True, **RAIL_HANDLING}  # fmt: skip
BORDER_CN_EST = (
    "geometry;port_status;port_modes;customs_cost_cny_per_teu;handling_cost_cny_per_teu;"
    "dwell_h;reefer;dangerous_goods"
)
GAUGE_EAST = {"gauge_cost": GAUGE_CNY, "gauge_h": GAUGE_EAST_H}
GAUGE_EST = "gauge_change_cost_cny_per_teu;gauge_change_h"
CITY_EST = "geometry"

# --- Shaanxi rail hubs: 一主三辅多节点 (PLAN-4.1.2) ---------------------------------
node("XIAN_PORT", "Xi'an International Port Station", "西安国际港站", "rail_hub", "CN",
     "Shaanxi", 109.08, 34.38, "rail;road", hub_level="main", port_status="temporary",
     port_modes="rail", designated="grain;meat;vehicles", customs_cost=CUSTOMS_CNY,
     customs_h=XIAN_CUSTOMS_H, reefer=True, dg=True,
     throughput=XIAN_PORT_TEU_PER_YEAR / 52, **RAIL_HANDLING,
     source="FS-0.1;FS-1.2;FS-4.3-XIAN;PLAN-4.1.2;PLAN-2.2-T1;PLAN-1.1;PLAN-Z1;PLAN-Z2;"
     "EST-HANDLING;EST-CUSTOMS;EST-FLAGS;EST-CAP",
     est=RAIL_EST + ";customs_cost_cny_per_teu",
     note="Main hub and national China-Europe assembly centre (集结中心), ex-Xinzhu "
     "station, in the Xi'an International Trade & Logistics Park; Xi'an CBZ is in the "
     "port area. Temporarily open rail port at end 2020 (plan table 1); formal opening "
     "proposed (专栏2). Throughput: design 5.4 M TEU/yr (another source 3.1 M).")
node("BAOJI_RAIL", "Baoji Yangping rail freight centre", "宝鸡阳平铁路物流中心", "rail_hub",
     "CN", "Shaanxi", 107.30, 34.37, "rail;road", hub_level="auxiliary",
     port_status="planned", **RAIL_HANDLING,
     source="FS-1.2;PLAN-4.1.2;PLAN-Z1;PLAN-Z2;PLAN-4.1.3;EST-HANDLING;EST-FLAGS",
     est=RAIL_EST,
     note="Auxiliary hub; rail port functions proposed (专栏2); designated grain and "
     "meat site proposed (四(一)3).")
node("ANKANG_RAIL", "Ankang East rail freight centre", "安康东站", "rail_hub", "CN",
     "Shaanxi", 109.08, 32.70, "rail;road", hub_level="auxiliary", port_status="planned",
     **RAIL_HANDLING,
     source="FS-1.2;PLAN-4.1.2;PLAN-Z1;PLAN-Z2;EST-HANDLING;EST-FLAGS", est=RAIL_EST,
     note="Auxiliary hub on the Xi'an-Chongqing (Xikang/Xiangyu) line; rail port "
     "functions proposed (专栏2).")
node("YULIN_RAIL", "Yulin rail freight centre", "榆林铁路物流中心", "rail_hub", "CN",
     "Shaanxi", 109.73, 38.29, "rail;road", hub_level="auxiliary", port_status="planned",
     **RAIL_HANDLING, source="FS-1.2;PLAN-4.1.2;PLAN-Z2;EST-HANDLING;EST-FLAGS",
     est=RAIL_EST, note="Auxiliary hub (northern wing); rail port functions proposed.")
node("WEINAN_RAIL", "Weinan rail freight station", "渭南铁路货运站", "rail_hub", "CN",
     "Shaanxi", 109.51, 34.50, "rail;road", hub_level="node", **RAIL_HANDLING,
     source="FS-1.2;PLAN-4.1.2;EST-HANDLING;EST-FLAGS", est=RAIL_EST,
     note="Node of the rail port network.")
node("YANAN_RAIL", "Yan'an North (Zaoyuan) rail freight centre", "延安北站（枣园）",
     "rail_hub", "CN", "Shaanxi", 109.45, 36.62, "rail;road", hub_level="node",
     **RAIL_HANDLING, source="FS-1.2;PLAN-4.1.2;PLAN-Z1;EST-HANDLING;EST-FLAGS",
     est=RAIL_EST, note="Node; freight hub upgrade in 专栏1 / 五(一).")
node("HANZHONG_RAIL", "Hanzhong Baohe rail freight centre", "汉中褒河铁路物流中心",
     "rail_hub", "CN", "Shaanxi", 107.03, 33.07, "rail;road", hub_level="node",
     port_status="planned", **RAIL_HANDLING,
     source="FS-1.2;PLAN-4.1.2;PLAN-Z1;PLAN-Z2;EST-HANDLING;EST-FLAGS", est=RAIL_EST,
     note="Node; rail port functions proposed (专栏2).")
node("SHANGLUO_RAIL", "Shangluo rail freight station", "商洛铁路货运站", "rail_hub", "CN",
     "Shaanxi", 109.94, 33.87, "rail;road", hub_level="node", **RAIL_HANDLING,
     source="FS-1.2;PLAN-4.1.2;EST-HANDLING;EST-FLAGS", est=RAIL_EST,
     note="Node of the rail port network.")
node("YANGLING_RAIL", "Yangling rail freight station", "杨凌铁路货运站", "rail_hub", "CN",
     "Shaanxi", 108.07, 34.28, "rail;road", hub_level="node", **RAIL_HANDLING,
     source="FS-1.2;PLAN-4.1.2;PLAN-4.1.3;EST-HANDLING;EST-FLAGS", est=RAIL_EST,
     note="Node; designated grain/meat site and animal quarantine site proposed "
     "(四(一)3).")

# --- Airports -----------------------------------------------------------------------
node("XIY", "Xi'an Xianyang International Airport", "西安咸阳国际机场", "airport", "CN",
     "Shaanxi", 108.7520, 34.4471, "air;road", port_status="formal", port_modes="air",
     designated="fruit;aquatic_animals;meat;seedlings;chilled_seafood;medicines",
     customs_cost=CUSTOMS_CNY, customs_h=CUSTOMS_H, reefer=True, **AIR_NODE,
     source="FS-1.1;FS-4.4-XIY;PLAN-2.2-T1;PLAN-1.1;PLAN-Z5;EST-HANDLING;EST-CUSTOMS",
     est=AIR_EST + ";customs_cost_cny_per_teu;customs_h",
     note="Only formally open port of Shaanxi at end 2020; six designated classes "
     "(专栏5). Throughput is in tonnes, not TEU: left null.")
node("UYN", "Yulin Yuyang Airport", "榆林榆阳机场", "airport", "CN", "Shaanxi", 109.5909,
     38.3597, "air;road", port_status="temporary", port_modes="air",
     customs_cost=CUSTOMS_CNY, customs_h=CUSTOMS_H, **AIR_NODE,
     source="FS-1.1;PLAN-2.2-T1;PLAN-4.1.1;PLAN-Z2;EST-HANDLING;EST-CUSTOMS",
     est=AIR_EST + ";customs_cost_cny_per_teu;customs_h",
     note="Temporarily opened twice (13th FYP); formal opening targeted for 2022. "
     "Coordinates S- (another list gives 109.7910, 38.3210).")
node("ENY", "Yan'an Nanniwan Airport", "延安南泥湾机场", "airport", "CN", "Shaanxi",
     109.4653, 36.4764, "air;road", port_status="planned", **AIR_NODE,
     source="FS-1.1;FS-0.2;PLAN-4.1.1;PLAN-Z2;EST-HANDLING", est=AIR_EST,
     note="New airport (2018) replacing Ershilipu; international hall built; temporary "
     "opening 2023 and formal 2024 targeted.")
node("HZG", "Hanzhong Chenggu Airport", "汉中城固机场", "airport", "CN", "Shaanxi",
     107.2060, 33.1341, "air;road", port_status="planned", **AIR_NODE,
     source="FS-1.1;PLAN-4.1.1;PLAN-Z2;EST-HANDLING", est=AIR_EST,
     note="Air port functions to be built (四(一)1, 专栏2).")
node("AKA", "Ankang Fuqiang Airport", "安康富强机场", "airport", "CN", "Shaanxi", 108.8822,
     32.7511, "air;road", port_status="planned", **AIR_NODE,
     source="FS-1.1;FS-0.2;PLAN-4.1.1;PLAN-Z2;EST-HANDLING", est=AIR_EST,
     note="New airport (2020) replacing Wulipu; air port functions to be built.")
node("PVG", "Shanghai Pudong International Airport", "上海浦东国际机场", "airport", "CN",
     "Shanghai", 121.8050, 31.1434, "air;road", port_status="formal", port_modes="air",
     customs_cost=CUSTOMS_CNY, customs_h=CUSTOMS_H, reefer=True, **AIR_NODE,
     source="FS-1.1;EST-PORTSTATUS;EST-HANDLING;EST-CUSTOMS",
     est=AIR_EST + ";port_status;port_modes;customs_cost_cny_per_teu;customs_h",
     note="Domestic gateway for the Shaanxi regional airports.")
node("CKG", "Chongqing Jiangbei International Airport", "重庆江北国际机场", "airport", "CN",
     "Chongqing", 106.6420, 29.7192, "air;road", port_status="formal", port_modes="air",
     customs_cost=CUSTOMS_CNY, customs_h=CUSTOMS_H, reefer=True, **AIR_NODE,
     source="FS-1.1;SV-GW-CKG;EST-PORTSTATUS;EST-HANDLING;EST-CUSTOMS",
     est=AIR_EST + ";port_status;port_modes;customs_cost_cny_per_teu;customs_h",
     note="Domestic gateway for Hanzhong; international freighters to Brussels and Milan "
     "(SV-GW-CKG).")
FOREIGN_AIRPORTS = [
    ("LGG", "Liège Airport", "列日机场", "BE", 5.4432, 50.6374),
    ("BRU", "Brussels Airport", "布鲁塞尔机场", "BE", 4.4844, 50.9014),
    ("FRU", "Bishkek Manas International Airport", "比什凯克玛纳斯国际机场", "KG", 74.4776,
     43.0613),
    ("ALA", "Almaty International Airport", "阿拉木图国际机场", "KZ", 77.0405, 43.3521),
    ("TAS", "Tashkent International Airport", "塔什干国际机场", "UZ", 69.2812, 41.2579),
    ("ICN", "Seoul Incheon International Airport", "首尔仁川国际机场", "KR", 126.4510,
     37.4691),
    ("NRT", "Tokyo Narita International Airport", "东京成田国际机场", "JP", 140.3860,
     35.7647),
    ("SVO", "Moscow Sheremetyevo International Airport", "莫斯科谢列梅捷沃国际机场", "RU",
     37.4146, 55.9726),
    ("BUD", "Budapest Ferenc Liszt International Airport", "布达佩斯李斯特国际机场", "HU",
     19.2611, 47.4298),
    ("DEB", "Debrecen International Airport", "德布勒森国际机场", "HU", 21.6153, 47.4889),
    ("MXP", "Milan Malpensa Airport", "米兰马尔彭萨机场", "IT", 8.7281, 45.6306),
    ("DEL", "Delhi Indira Gandhi International Airport", "德里英迪拉·甘地国际机场", "IN",
     77.1031, 28.5665),
    ("ORD", "Chicago O'Hare International Airport", "芝加哥奥黑尔国际机场", "US", -87.9048,
     41.9786),
]  # fmt: skip
for code, name, name_zh, country, lon, lat in FOREIGN_AIRPORTS:
    node(code, name, name_zh, "airport", country, "", lon, lat, "air;road", reefer=True,
         **AIR_NODE, source="FS-1.1;EST-HANDLING;EST-FLAGS", est=AIR_EST,
         note="Destination of an XIY all-cargo route.")

# --- Sea ports ------------------------------------------------------------------------
node("QINZHOU", "Qinzhou Port (Beibu Gulf)", "钦州港", "sea_port", "CN", "Guangxi", 108.62,
     21.68, "rail;road;sea", **CN_SEA, **CN_OPEN_SEA,
     throughput=QINZHOU_TRAINS_PER_DAY * 7 * TEU_PER_TRAIN,
     source="FS-1.2;FS-4.3-QZH;FS-3-THC-CN;SV-DWELL;EST-YARD;EST-PORTSTATUS;EST-CUSTOMS;"
     "EST-CAP;EST-FLAGS",
     est=CN_SEA_EST + ";throughput_teu_per_week",
     note="WLSNC rail-sea port (Qinzhou Port East station). Throughput = rail-sea "
     "trains x 100 TEU.")
for ident, name, name_zh, prov, lon, lat, src, note_text in [
    ("QINGDAO", "Qingdao Port (Qianwan)", "青岛港（前湾）", "Shandong", 120.20, 36.02,
     "FS-2-TAO;FS-7-DEST", "Eastern rail-sea gateway."),
    ("LIANYUNGANG", "Lianyungang Port", "连云港港", "Jiangsu", 119.45, 34.74, "FS-7-DEST",
     "Eastern end of the Longhai line."),
    ("SHANGHAI", "Shanghai Port (Yangshan)", "上海港（洋山）", "Shanghai", 122.07, 30.62,
     "FS-1.3-SHA",
     "Yangshan has no rail: rail boxes are trucked/barged from Luchaogang (ignored)."),
    ("NINGBO", "Ningbo-Zhoushan Port (Beilun)", "宁波舟山港（北仑）", "Zhejiang", 121.85,
     29.93, "FS-7-DEST", "Eastern rail-sea gateway."),
    ("TIANJIN", "Tianjin Port (Xingang)", "天津港（新港）", "Tianjin", 117.75, 39.00,
     "SV-SEA-LOOPS", "Sea port of Hebei (Shijiazhuang); start of North China loops. "
     "Road only in this network (its rail is not modelled)."),
]:  # fmt: skip
    node(ident, name, name_zh, "sea_port", "CN", prov, lon, lat,
         "road;sea" if ident == "TIANJIN" else "rail;road;sea", **CN_SEA, **CN_OPEN_SEA,
         source=f"FS-1.2;{src};FS-3-THC-CN;SV-DWELL;EST-YARD;EST-PORTSTATUS;EST-CUSTOMS;"
         "EST-FLAGS",
         est=CN_SEA_EST, note=note_text + " dwell_h: container yard dwell (EST-YARD).")
FOREIGN_SEA_EST = "geometry;handling_cost_cny_per_teu;dwell_h;reefer;dangerous_goods"
node("SINGAPORE", "Port of Singapore", "新加坡港", "sea_port", "SG", "", 103.80, 1.27,
     "road;sea", handling=THC_CN_CNY, dwell=YARD_DWELL_H, reefer=True, dg=True,
     source="FS-1.2;FS-7-QZH-SEA;SV-DWELL;EST-YARD;EST-HANDLING;EST-FLAGS", est=FOREIGN_SEA_EST,
     note="Handling and yard dwell: Chinese THC and dwell as proxies.")
node("PORT_KLANG", "Port Klang (Westports)", "巴生港", "sea_port", "MY", "", 101.30, 3.00,
     "road;sea", handling=THC_CN_CNY, dwell=YARD_DWELL_H, reefer=True, dg=True,
     source="EST-COORD;FS-7-QZH-SEA;SV-DWELL;EST-YARD;EST-HANDLING;EST-FLAGS",
     est=FOREIGN_SEA_EST,
     note="Handling and yard dwell: Chinese THC and dwell as proxies.")
node("HO_CHI_MINH", "Ho Chi Minh City Port (Cat Lai)", "胡志明港（吉莱）", "sea_port", "VN",
     "", 106.80, 10.76, "road;sea", handling=THC_CN_CNY, dwell=YARD_DWELL_H,
     reefer=True, dg=True,
     source="EST-COORD;FS-7-QZH-SEA;SV-DWELL;EST-YARD;EST-HANDLING;EST-FLAGS",
     est=FOREIGN_SEA_EST, note="Handling and yard dwell: Chinese THC and dwell as proxies.")
node("ROTTERDAM", "Port of Rotterdam (Maasvlakte)", "鹿特丹港", "sea_port", "NL", "", 4.05,
     51.95, "rail;road;sea", handling=THC_ROTTERDAM_EUR * EUR_CNY, dwell=YARD_DWELL_H,
     reefer=True, dg=True,
     source="FS-1.2;FS-3-THC-EU;SV-DWELL;EST-YARD;EST-FX;EST-HANDLING;EST-FLAGS",
     est="geometry;dwell_h;reefer;dangerous_goods",
     note="THC EUR 220 (Netherlands, CMA CGM 2021). Rail/road hinterland to Duisburg.")
node("HAMBURG", "Port of Hamburg", "汉堡港", "sea_port", "DE", "", 9.95, 53.53,
     "rail;road;sea", handling=THC_HAMBURG_EUR * EUR_CNY, dwell=YARD_DWELL_H,
     reefer=True, dg=True,
     source="FS-1.2;FS-3-THC-EU;FS-7-DEST;FS-7-SJZ;SV-DWELL;EST-YARD;EST-FX;EST-HANDLING;"
     "EST-FLAGS",
     est="geometry;dwell_h;reefer;dangerous_goods",
     note="Sea port that doubles as the Chang'an rail terminal (modes rail;road;sea). "
     "THC EUR 240 (CMA CGM 2021). Yard dwell: the Chinese figure as proxy (EST-YARD).")
node("AKTAU", "Port of Aktau", "阿克套港", "sea_port", "KZ", "", 51.20, 43.60, "rail;sea",
     handling=THC_CN_CNY, dwell=None, reefer=True,
     source="FS-1.2;FS-2-BAK;EST-TC;EST-HANDLING;EST-FLAGS",
     est="geometry;handling_cost_cny_per_teu;dwell_h;reefer;dangerous_goods",
     note="Trans-Caspian rail-ferry port; dwell is the port wait beyond the ferry's "
     "headway (calibrated to the 16-day average Xi'an-Baku, EST-TC).")
node("BAKU", "Baku International Sea Trade Port (Alat)", "巴库国际海港（阿利亚特）",
     "sea_port", "AZ", "", 49.41, 39.95, "rail;road;sea", handling=THC_CN_CNY,
     dwell=YARD_DWELL_H, reefer=True,
     source="FS-1.2;FS-2-BAK;SV-DWELL;EST-YARD;EST-HANDLING;EST-FLAGS",
     est="geometry;handling_cost_cny_per_teu;dwell_h;reefer;dangerous_goods",
     note="End of the trans-Caspian route (Alat ferry terminal, ~50 km south of Baku).")

node("POTI", "Port of Poti", "波季港", "sea_port", "GE", "", 41.67, 42.15, "rail;road;sea",
     handling=THC_CN_CNY, dwell=YARD_DWELL_H, reefer=True,
     source="EST-COORD;SV-TC-POTI;SV-TC-BLACKSEA;SV-DWELL;EST-YARD;EST-HANDLING;EST-FLAGS",
     est="geometry;handling_cost_cny_per_teu;dwell_h;reefer;dangerous_goods",
     note="Middle Corridor Black Sea port: rail from Baku, feeder to Constanta.")
node("CONSTANTA", "Port of Constanța", "康斯坦察港", "sea_port", "RO", "", 28.65, 44.17,
     "rail;road;sea", handling=THC_CN_CNY, dwell=YARD_DWELL_H, reefer=True,
     source="EST-COORD;SV-TC-BLACKSEA;SV-DWELL;EST-YARD;EST-HANDLING;EST-FLAGS",
     est="geometry;handling_cost_cny_per_teu;dwell_h;reefer;dangerous_goods",
     note="EU end of the Middle Corridor's Black Sea leg; rail on to Budapest.")

# --- Border crossings (both sides) ------------------------------------------------
node("ALASHANKOU", "Alashankou (Alataw Pass)", "阿拉山口", "border_crossing", "CN",
     "Xinjiang", 82.57, 45.17, "rail;road", **BORDER_CN,
     throughput=ALASHANKOU_TEU_PER_YEAR / 52,
     source="FS-1.2;FS-0.4;FS-2-ALA-DWELL;FS-4.3-AKL;EST-PORTSTATUS;EST-HANDLING;"
     "EST-CUSTOMS;EST-FLAGS;EST-CAP",
     est=BORDER_CN_EST,
     note="Exit of the main China-Europe route; transshipment depot 200,000 TEU/yr; "
     "~17 trains/day pass (all origins).")
node("DOSTYK", "Dostyk", "多斯特克", "border_crossing", "KZ", "", 82.48, 45.25, "rail;road",
     reefer=True, dg=True, **RAIL_HANDLING, **GAUGE_EAST,
     source="FS-1.2;FS-2-ALA-DWELL;EST-GAUGE;EST-HANDLING;EST-FLAGS",
     est=RAIL_EST + ";" + GAUGE_EST, note="1435 -> 1520 mm gauge change for Alashankou.")
node("KHORGOS", "Khorgos", "霍尔果斯", "border_crossing", "CN", "Xinjiang", 80.42, 44.21,
     "rail;road", **BORDER_CN,
     source="FS-1.2;FS-0.4;FS-2-KHG;EST-PORTSTATUS;EST-HANDLING;EST-CUSTOMS;EST-FLAGS",
     est=BORDER_CN_EST + ";customs_h",
     note="Exit to Central Asia and of the trans-Caspian route.")
node("ALTYNKOL", "Altynkol", "阿腾科里", "border_crossing", "KZ", "", 80.36, 44.20,
     "rail;road", reefer=True, dg=True, **RAIL_HANDLING, **GAUGE_EAST,
     source="FS-1.2;FS-2-KHG;EST-GAUGE;EST-HANDLING;EST-FLAGS",
     est=RAIL_EST + ";" + GAUGE_EST, note="1435 -> 1520 mm gauge change for Khorgos.")
node("ERENHOT", "Erenhot", "二连浩特", "border_crossing", "CN", "Inner Mongolia", 111.98,
     43.65, "rail;road", **BORDER_CN,
     source="FS-1.2;FS-0.4;FS-2-KHG;EST-PORTSTATUS;EST-HANDLING;EST-CUSTOMS;EST-FLAGS",
     est=BORDER_CN_EST + ";customs_h", note="Exit via Mongolia (central route).")
node("ZAMYN_UUD", "Zamyn-Üüd", "扎门乌德", "border_crossing", "MN", "", 111.90, 43.72,
     "rail;road", reefer=True, dg=True, **RAIL_HANDLING, **GAUGE_EAST,
     source="FS-1.2;EST-GAUGE;EST-HANDLING;EST-FLAGS", est=RAIL_EST + ";" + GAUGE_EST,
     note="1435 -> 1520 mm gauge change for Erenhot.")
node("MANZHOULI", "Manzhouli", "满洲里", "border_crossing", "CN", "Inner Mongolia", 117.38,
     49.60, "rail;road", **BORDER_CN,
     throughput=MANZHOULI_BOXES_PER_DAY * 7 * TEU_PER_FEU,
     source="FS-1.2;FS-0.4;FS-2-MZL;FS-2-KHG;EST-PORTSTATUS;EST-HANDLING;EST-CUSTOMS;"
     "EST-FLAGS;EST-CAP;EST-FEU",
     est=BORDER_CN_EST + ";customs_h;throughput_teu_per_week",
     note="Exit via the Trans-Siberian (eastern route); reloading yard up to 840 "
     "containers/day (taken as FEU).")
node("ZABAYKALSK", "Zabaykalsk", "后贝加尔斯克", "border_crossing", "RU", "", 117.33, 49.64,
     "rail;road", reefer=True, dg=True, **RAIL_HANDLING, **GAUGE_EAST,
     source="FS-1.2;EST-GAUGE;EST-HANDLING;EST-FLAGS", est=RAIL_EST + ";" + GAUGE_EST,
     note="1435 -> 1520 mm gauge change for Manzhouli.")
node("BREST", "Brest", "布列斯特", "border_crossing", "BY", "", 23.70, 52.10, "rail;road",
     reefer=True, dg=True, **RAIL_HANDLING,
     source="FS-1.2;FS-2-BREST;EST-HANDLING;EST-FLAGS", est=RAIL_EST,
     note="BY side of the Brest-Malaszewicze crossing (1520 mm); the reloading to "
     "1435 mm is modelled at MALASZEWICZE.")
node("MALASZEWICZE", "Małaszewicze", "马拉舍维奇", "border_crossing", "PL", "", 23.53,
     52.04, "rail;road", reefer=True, dg=True, **RAIL_HANDLING, gauge_cost=GAUGE_CNY,
     gauge_h=None,  # set in 5.8.1: the rest of the 12-day standard run
     throughput=MALASZEWICZE_TRAINS_PER_DAY * 7 * CE_TEU_PER_TRAIN,
     source="FS-1.2;FS-2-BREST;SV-MAL-2021;EST-GAUGE;EST-HANDLING;EST-FLAGS;EST-CAP",
     est=RAIL_EST + ";gauge_change_cost_cny_per_teu;throughput_teu_per_week",
     note="1520 -> 1435 mm gauge-change terminals (Cargotor record 16.5 train pairs a "
     "day, 2021; PKP Cargo 3-4 trains/day in 2018). "
     "Normal wait 2-3 d; ~10 d (max 16) in the 2021 congestion.")

# The other crossings into the EU China-Europe trains used in the base year (issue 13;
# EST-EU-SPLIT): Bruzgi-Kuznica (BY-PL) and the Kaliningrad route, Mamonovo-Braniewo (RU-PL).
EU_ENTRY_SRC = "FS-1.2;SV-EU-SHARE;EST-COORD;EST-GAUGE;EST-HANDLING;EST-FLAGS;EST-EU-SPLIT"
node("BRUZGI", "Bruzgi", "布鲁兹基", "border_crossing", "BY", "", 23.73, 53.59, "rail;road",
     reefer=True, dg=True, **RAIL_HANDLING, source=EU_ENTRY_SRC + ";SV-BRUZGI",
     est=RAIL_EST,
     note="BY side of the Bruzgi-Kuznica Bialostocka crossing near Grodno (1520 mm); the "
     "reloading to 1435 mm is modelled at KUZNICA.")
node("KUZNICA", "Kuźnica Białostocka", "库兹尼察", "border_crossing", "PL", "", 23.65,
     53.51, "rail;road", reefer=True, dg=True, **RAIL_HANDLING, gauge_cost=GAUGE_CNY,
     gauge_h=None,  # set in 5.8.1: as MALASZEWICZE
     source=EU_ENTRY_SRC + ";SV-BRUZGI;EST-EU-CAP",
     est=RAIL_EST + ";gauge_change_cost_cny_per_teu;gauge_change_h",
     note="1520 -> 1435 mm reloading for Bruzgi; about a quarter of the westbound China-"
     "Europe trains entered the EU outside Brest in 2020-2021 (SV-EU-SHARE).")
node("MAMONOVO", "Mamonovo", "马莫诺沃", "border_crossing", "RU", "", 19.94, 54.46,
     "rail;road", reefer=True, dg=True, **RAIL_HANDLING,
     source=EU_ENTRY_SRC + ";SV-KGD-2020;SV-KGD-ROUTE", est=RAIL_EST,
     note="Kaliningrad side of the Mamonovo-Braniewo crossing (1520 mm to Braniewo); "
     "trains reach it from Belarus through Lithuania.")
node("BRANIEWO", "Braniewo", "布拉涅沃", "border_crossing", "PL", "", 19.82, 54.38,
     "rail;road", reefer=True, dg=True, **RAIL_HANDLING, gauge_cost=GAUGE_CNY,
     gauge_h=None,  # set in 5.8.1: as MALASZEWICZE
     source=EU_ENTRY_SRC + ";SV-KGD-2020;SV-KGD-2021;SV-KGD-ROUTE;EST-EU-CAP",
     est=RAIL_EST + ";gauge_change_cost_cny_per_teu;gauge_change_h",
     note="1520 -> 1435 mm reloading of the Kaliningrad route (18.4k TEU by rail in 2020, "
     "SV-KGD-2020).")

# --- Comprehensive bonded zones (PLAN-1.4, 专栏5) -----------------------------------
BZ_EST = "geometry;bonded_zone_of"
for ident, name, name_zh, lon, lat, served_by, src, est_cols, note_text in [
    ("XIAN_HITECH_CBZ", "Xi'an Hi-tech Comprehensive Bonded Zone", "西安高新综合保税区",
     108.85, 34.20, "XIY", "EST-BZ", BZ_EST,
     "Electronics (Samsung, Micron, Applied Materials) (专栏5)."),
    ("XIAN_CBZ", "Xi'an Comprehensive Bonded Zone", "西安综合保税区", 109.06, 34.37,
     "XIAN_PORT", "PLAN-Z5;EST-COORD", "geometry",
     "At the railway port: 'based on the railway port' (专栏5); placed ~2 km west of "
     "XIAN_PORT (FS-1.2 gives the same point for both)."),
    ("XIAN_GUANZHONG_CBZ", "Xi'an Guanzhong Comprehensive Bonded Zone (Jingwei)",
     "西安关中综合保税区", 109.02, 34.47, "XIAN_PORT", "EST-BZ", BZ_EST,
     "Aviation manufacturing, new energy (专栏5)."),
    ("XIXIAN_AIRPORT_CBZ", "Xixian Airport Comprehensive Bonded Zone",
     "西咸空港综合保税区", 108.76, 34.43, "XIY", "PLAN-Z5", "geometry",
     "Next to XIY; air logistics (专栏5)."),
    ("XIAN_AVIATION_CBZ", "Xi'an Aviation Base Comprehensive Bonded Zone (Yanliang)",
     "西安航空基地综合保税区", 109.23, 34.66, "XIAN_PORT", "EST-BZ", BZ_EST,
     "Aviation industry (专栏5)."),
    ("BAOJI_CBZ", "Baoji Comprehensive Bonded Zone", "宝鸡综合保税区", 107.20, 34.35,
     "BAOJI_RAIL", "EST-BZ", BZ_EST, "Processing trade, logistics (专栏5)."),
    ("YANGLING_CBZ", "Yangling Comprehensive Bonded Zone", "杨凌综合保税区", 108.09, 34.29,
     "YANGLING_RAIL", "EST-BZ;EST-COORD", BZ_EST,
     "Agriculture (专栏5); placed ~2 km from YANGLING_RAIL (FS-1.2 gives the same "
     "point for both)."),
]:  # fmt: skip
    node(ident, name, name_zh, "bonded_zone", "CN", "Shaanxi", lon, lat, "road",
         bonded_zone_of=served_by, source=f"FS-1.2;PLAN-1.4;PLAN-3.4;PLAN-Z5;{src}",
         est=est_cols, note=note_text + " Road only: no change of mode here.")

# --- Demand centroids (city centres, EST-COORD) ------------------------------------
for ident, name, name_zh, lon, lat in [
    ("CITY_XIAN", "Xi'an", "西安", 108.94, 34.34),
    ("CITY_TONGCHUAN", "Tongchuan", "铜川", 108.95, 34.90),
    ("CITY_BAOJI", "Baoji", "宝鸡", 107.24, 34.36),
    ("CITY_XIANYANG", "Xianyang", "咸阳", 108.71, 34.33),
    ("CITY_WEINAN", "Weinan", "渭南", 109.48, 34.50),
    ("CITY_YANAN", "Yan'an", "延安", 109.49, 36.59),
    ("CITY_HANZHONG", "Hanzhong", "汉中", 107.02, 33.07),
    ("CITY_YULIN", "Yulin", "榆林", 109.74, 38.28),
    ("CITY_ANKANG", "Ankang", "安康", 109.03, 32.68),
    ("CITY_SHANGLUO", "Shangluo", "商洛", 109.92, 33.87),
    ("CITY_YANGLING", "Yangling", "杨凌", 108.08, 34.27),
    ("CITY_HANCHENG", "Hancheng", "韩城", 110.44, 35.48),
]:  # fmt: skip
    node(ident, name, name_zh, "city", "CN", "Shaanxi", lon, lat, "road", dg=True,
         source="PLAN-0;PLAN-3.4;EST-COORD", est=CITY_EST,
         note="Demand centroid (city centre). Road only.")

# --- Rail terminals (feeder origins, WLSNC, Central Asia, Europe) -------------------
TERM_EST = "geometry;handling_cost_cny_per_teu;dwell_h;reefer;dangerous_goods"
for ident, name, name_zh, country, prov, lon, lat, src, reefer, dg, note_text in [
    ("GUANGZHOU_GJG", "Guangzhou International Port Station", "广州国际港站", "CN",
     "Guangdong", 113.66, 23.14, "EST-COORD;SV-GZ-XIAN", False, True,
     "Feeder origin of the 粤陕 line (Guangzhou -> Xi'an -> Europe, weekly since 2023)."),
    ("XIANGYANG", "Xiangyang", "襄阳", "CN", "Hubei", 112.14, 32.04,
     "EST-COORD;PLAN-1.1", False, True, "Feeder origin 襄西欧 (plan 一(一))."),
    ("XUZHOU", "Xuzhou", "徐州", "CN", "Jiangsu", 117.18, 34.26, "EST-COORD;PLAN-1.1",
     False, True, "Feeder origin 徐西欧 (plan 一(一))."),
    ("SHIJIAZHUANG", "Shijiazhuang (Gaoyi)", "石家庄（高邑）", "CN", "Hebei", 114.51, 38.04,
     "EST-COORD;FS-7-SJZ", False, True,
     "Feeder origin 冀西欧 (Gaoyi station lies ~45 km south of the city centre)."),
    ("GUIYANG", "Guiyang", "贵阳", "CN", "Guizhou", 106.63, 26.65, "FS-1.2;FS-7-WLSNC",
     False, True, "WLSNC central route."),
    ("HUAIHUA", "Huaihua", "怀化", "CN", "Hunan", 110.00, 27.55, "FS-1.2;FS-7-WLSNC",
     False, True, "WLSNC eastern route."),
    ("ALMATY", "Almaty", "阿拉木图", "KZ", "", 76.95, 43.30, "FS-1.2;FS-2-ALA;FS-7-DEST",
     True, True, "Chang'an destination since 2013."),
    ("TASHKENT", "Tashkent", "塔什干", "UZ", "", 69.28, 41.30, "FS-1.2;FS-7-DEST", True,
     True, "Chang'an destination."),
    ("MOSCOW", "Moscow", "莫斯科", "RU", "", 37.62, 55.76, "FS-1.2;FS-2-MOW;FS-1.3-RIX",
     True, True, "Chang'an destination."),
    ("MINSK", "Minsk", "明斯克", "BY", "", 27.56, 53.90, "FS-1.2;FS-1.3-RIX", True, True,
     "Chang'an destination; on the 1520 mm trunk to Brest."),
    ("RIGA", "Riga", "里加", "LV", "", 24.11, 56.95, "EST-COORD;FS-1.3-RIX", True, True,
     "Chang'an destination (1520 mm all the way: no gauge change back)."),
    ("WARSAW", "Warsaw", "华沙", "PL", "", 21.01, 52.23, "FS-1.2;FS-1.3-RIX", True, True,
     "Chang'an destination."),
    ("DUISBURG", "Duisburg (duisport / logport)", "杜伊斯堡", "DE", "", 6.72, 51.42,
     "FS-1.2;FS-1.3-DUI", True, True, "Main European terminal of the Chang'an trains."),
    ("BUDAPEST", "Budapest", "布达佩斯", "HU", "", 19.04, 47.50, "FS-1.2;FS-1.3-RIX", True,
     True, "Chang'an destination."),
    ("MILAN", "Milan", "米兰", "IT", "", 9.19, 45.46, "FS-1.2;FS-1.3-RIX", True, True,
     "Chang'an destination."),
]:  # fmt: skip
    node(ident, name, name_zh, "rail_terminal", country, prov, lon, lat, "rail;road",
         reefer=reefer, dg=dg, **RAIL_HANDLING,
         source=f"{src};EST-HANDLING;EST-FLAGS", est=TERM_EST, note=note_text)

# --- Competing gateways of the neighbouring provinces (EST-GATEWAYS) -------------------
#: Open rail ports with their own China-Europe trains: customs and handling as the other
#: Chinese open ports; the port status is general knowledge (EST-PORTSTATUS).
GW_PORT = {"port_status": "formal", "port_modes": "rail", "customs_cost": CUSTOMS_CNY,
           "customs_h": CUSTOMS_H, "reefer": True, "dg": True, **RAIL_HANDLING}  # fmt: skip
GW_EST = TERM_EST + ";port_status;port_modes;customs_cost_cny_per_teu;customs_h"
GW_SRC = "EST-COORD;EST-GATEWAYS;EST-PORTSTATUS;EST-HANDLING;EST-CUSTOMS;EST-FLAGS"
for ident, name, name_zh, prov, lon, lat, src, note_text in [
    ("CHONGQING_TJC", "Chongqing Tuanjiecun", "重庆团结村", "Chongqing", 106.36, 29.62,
     "FS-1.2;FS-7-WLSNC;SV-GW-CDCQ",
     "WLSNC operating hub and Chongqing's China-Europe terminal (Yuxinou, 2011; joint "
     "Chengdu-Chongqing brand since 2021)."),
    ("CHENGDU_QBJ", "Chengdu International Railway Port (Qingbaijiang)",
     "成都国际铁路港（青白江）", "Sichuan", 104.25, 30.78, "SV-GW-CDCQ",
     "Chengdu's China-Europe terminal (Chengdu-Łódź since 2013)."),
    ("ZHENGZHOU_PUTIAN", "Zhengzhou Putian (CR Intermodal Zhengzhou terminal)", "郑州圃田站",
     "Henan", 113.87, 34.73, "SV-GW-ZZ",
     "Henan's China-Europe terminal and national assembly centre (2020)."),
    ("WUHAN_WJS", "Wuhan Wujiashan", "武汉吴家山站", "Hubei", 114.13, 30.65, "SV-GW-WUH",
     "The only origin and terminus of the Wuhan China-Europe trains."),
    ("LANZHOU_ZCB", "Lanzhou New Area (Zhongchuan North)", "兰州新区中川北站", "Gansu",
     103.68, 36.48, "SV-GW-LHW", "Lanzhou railway port (Zhongchuan operating area)."),
    ("URUMQI_ASM", "Urumqi China-Europe assembly centre (Urumqi West)", "乌鲁木齐集结中心",
     "Xinjiang", 87.45, 43.87, "SV-GW-URC",
     "Assembly centre of the western route (2016); trains to Central Asia and Europe."),
]:  # fmt: skip
    node(ident, name, name_zh, "rail_terminal", "CN", prov, lon, lat, "rail;road", **GW_PORT,
         source=f"{src};{GW_SRC}", est=GW_EST, note=note_text)
for code, name, name_zh, prov, lon, lat, src, note_text in [
    ("CGO", "Zhengzhou Xinzheng International Airport", "郑州新郑国际机场", "Henan",
     113.8410, 34.5197, "SV-GW-CGO;SV-GW-CGO-LUX",
     "Cargolux's Chinese hub ('Air Silk Road' to Luxembourg, 2014); 77% of its cargo "
     "international."),
    ("CTU", "Chengdu Shuangliu International Airport", "成都双流国际机场", "Sichuan",
     103.9470, 30.5785, "SV-GW-CTU",
     "Chengdu's cargo airport (with Tianfu, not modelled apart: one node for the hub)."),
]:  # fmt: skip
    node(code, name, name_zh, "airport", "CN", prov, lon, lat, "air;road",
         port_status="formal", port_modes="air", customs_cost=CUSTOMS_CNY,
         customs_h=CUSTOMS_H, reefer=True, **AIR_NODE,
         source=f"{src};EST-COORD;EST-GATEWAYS;EST-PORTSTATUS;EST-HANDLING;EST-CUSTOMS",
         est=AIR_EST + ";geometry;port_status;port_modes;customs_cost_cny_per_teu;customs_h",
         note=note_text)
node("LUX", "Luxembourg Airport (Findel)", "卢森堡芬德尔机场", "airport", "LU", "", 6.2044,
     49.6233, "air;road", reefer=True, **AIR_NODE,
     source="SV-GW-CGO-LUX;EST-COORD;EST-HANDLING;EST-FLAGS", est=AIR_EST + ";geometry",
     note="Cargolux home base; destination of the Zhengzhou 'Air Silk Road'.")
for ident, name, name_zh, prov, lon, lat in [
    ("CITY_ZHENGZHOU", "Zhengzhou", "郑州", "Henan", 113.65, 34.75),
    ("CITY_WUHAN", "Wuhan", "武汉", "Hubei", 114.30, 30.59),
    ("CITY_CHENGDU", "Chengdu", "成都", "Sichuan", 104.07, 30.67),
    ("CITY_CHONGQING", "Chongqing", "重庆", "Chongqing", 106.55, 29.56),
    ("CITY_LANZHOU", "Lanzhou", "兰州", "Gansu", 103.83, 36.06),
    ("CITY_URUMQI", "Urumqi", "乌鲁木齐", "Xinjiang", 87.62, 43.82),
]:  # fmt: skip
    node(ident, name, name_zh, "city", "CN", prov, lon, lat, "road", dg=True,
         source="EST-COORD;EST-GATEWAYS", est=CITY_EST,
         note="Demand centroid of a neighbouring province (hinterland demand). Road only.")

NODE_BY_ID = {n["id"]: n for n in NODES}


def xy(ident: str) -> tuple[float, float]:
    """Return the (lon, lat) of a node."""
    return NODE_BY_ID[ident]["_lonlat"]


# =====================================================================================
# 5. Links
# =====================================================================================

LINK_FILES = {
    "china_europe": "china_europe",
    "trans_caspian": "china_europe",
    "western_land_sea": "western_land_sea",
    "eastern_rail_sea": "eastern_rail_sea",
    "domestic_rail": "rail_domestic",
    "feeder": "feeders",
    "road": "road",
    "sea_asia_europe": "sea_lanes",
    "sea_southeast_asia": "sea_lanes",
    "air_international": "air_cargo",
    "air_domestic": "air_cargo",
}
LINKS: list[dict[str, Any]] = []

#: The leading link columns, given positionally; the rest by contract or short name.
LINK_POSITIONAL = ("id", "from_node", "to_node", "mode", "corridor")
LINK_SHORT = {
    "gauge": "gauge_mm", "distance": "distance_km", "time": "time_h", "cost": "cost_cny",
    "cap_teu": "capacity_teu_per_week", "cap_t": "capacity_t_per_week",
    "dep": "departures_per_week", "co2": "co2e_g_per_tkm", "dg": "dangerous_goods",
    "year": "year_opened", "est": "estimated",
}
#: Every link of the built-in network states these (the contract requires all but the
#: intensity, which it would otherwise default by mode).
LINK_STATED = ("distance_km", "time_h", "cost_cny", "co2e_g_per_tkm")


def link(*row: Any, via: list[tuple[float, float]] | None = None, **columns: Any) -> None:
    """Append one link row: ``LINK_POSITIONAL`` values, then the other columns by name.

    ``via`` holds the waypoints of the geometry between the end nodes. ``cost_basis``
    follows the contract's default when not given: per tonne by air, per TEU otherwise.
    """
    given = dict(zip(LINK_POSITIONAL, row, strict=True))
    given.update({LINK_SHORT.get(k, k): v for k, v in columns.items()})
    missing = [c for c in LINK_STATED if c not in given]
    if missing:
        message = f"link {given['id']}: give {missing}"
        raise SystemExit(message)
    given.setdefault("cost_basis", "t" if given["mode"] == "air" else "teu")
    if given.get("transit_countries"):  # read from the route the waypoints follow
        given["source"] = f"{given.get('source', '')};EST-TRANSIT".lstrip(";")
    points = [xy(given["from_node"]), *(via or []), xy(given["to_node"])]
    LINKS.append({**contract_row(LINK_COLUMNS, given, f"link {given['id']}"), "_points": points})


def line_km(a: str, b: str, via: list[tuple[float, float]]) -> float:
    """Return the polyline length (km) from node a via waypoints to node b."""
    return poly_km([xy(a), *via, xy(b)])


CALIBRATION: dict[str, float] = {}  # figures derived below, written to docs/data.md

# --- 5.1 China-Europe: geometry of every leg ------------------------------------
V_XIAN_ALASHANKOU = ways("Baoji", "Tianshui", "Lanzhou", "Wuwei", "Zhangye", "Jiayuguan",
                         "Hami", "Turpan", "Urumqi", "Kuytun", "Jinghe")  # fmt: skip
V_XIAN_KHORGOS = ways("Baoji", "Tianshui", "Lanzhou", "Wuwei", "Zhangye", "Jiayuguan",
                      "Hami", "Turpan", "Urumqi", "Kuytun", "Jinghe", "Yining")  # fmt: skip
V_XIAN_ERENHOT = ways("Houma", "Taiyuan", "Datong", "Jining")
V_XIAN_MANZHOULI = ways("Houma", "Taiyuan", "Beijing", "Shenyang", "Changchun", "Harbin",
                        "Qiqihar", "Hailar")  # fmt: skip
V_KZ_TRUNK = ways("Aktogay", "Moyynty", "Karaganda", "Astana", "Kokshetau", "Petropavl",
                  "Kurgan", "Chelyabinsk", "Ufa", "Samara", "Penza", "Ryazan")  # fmt: skip
V_DOSTYK_MINSK = V_KZ_TRUNK + ways("Kaluga", "Smolensk", "Orsha")
V_DOSTYK_BREST = [*V_DOSTYK_MINSK, xy("MINSK"), *ways("Baranovichi")]
V_DOSTYK_MOSCOW = V_KZ_TRUNK
V_DOSTYK_RIGA = [*V_KZ_TRUNK, xy("MOSCOW"), *ways("Rzhev", "VelikiyeLuki", "Rezekne")]
V_DOSTYK_ALMATY = ways("Aktogay", "Ushtobe")
V_MINSK_BREST = ways("Baranovichi")
V_MAL_DUISBURG = ways("Warsaw", "Poznan", "FrankfurtOder", "Berlin", "Hannover",
                      "Dortmund")  # fmt: skip
V_MAL_HAMBURG = ways("Warsaw", "Poznan", "FrankfurtOder", "Berlin")
V_MAL_WARSAW: list[tuple[float, float]] = []
V_MAL_BUDAPEST = ways("Lublin", "Rzeszow", "Kosice", "Miskolc")
V_MAL_MILAN = ways("Warsaw", "Katowice", "Ostrava", "Vienna", "Villach", "Verona")
#: Waypoints from the other EU entry crossings to each EU destination (EST-GEOM).
V_EU_ENTRY = {
    "KUZNICA": {
        "DUISBURG": ways("Bialystok", *["Warsaw", "Poznan", "FrankfurtOder", "Berlin",
                                        "Hannover", "Dortmund"]),
        "HAMBURG": ways("Bialystok", "Warsaw", "Poznan", "FrankfurtOder", "Berlin"),
        "WARSAW": ways("Bialystok"),
        "BUDAPEST": ways("Bialystok", "Siedlce", "Lublin", "Rzeszow", "Kosice", "Miskolc"),
        "MILAN": ways("Bialystok", "Warsaw", "Katowice", "Ostrava", "Vienna", "Villach",
                      "Verona"),
    },
    "BRANIEWO": {
        "DUISBURG": ways("Elblag", "Malbork", "Bydgoszcz", "Poznan", "FrankfurtOder",
                         "Berlin", "Hannover", "Dortmund"),
    },
}  # fmt: skip
V_MINSK_BRUZGI = ways("Lida", "Grodno")
V_MINSK_MAMONOVO = ways("Molodechno", "Vilnius", "Kaunas", "Kybartai", "Chernyakhovsk",
                        "Kaliningrad")  # fmt: skip
V_ALMATY_TASHKENT = ways("Shu", "Taraz", "Shymkent")
V_ALTYNKOL_AKTAU = [xy("ALMATY"), *ways("Shu", "Taraz", "Shymkent", "Arys", "Kyzylorda",
                                          "Aralsk", "Shalkar", "Beyneu")]  # fmt: skip
V_ZAMYN_MOSCOW = ways("Sainshand", "Choir", "Ulaanbaatar", "Darkhan", "Naushki", "UlanUde",
                      "Irkutsk", "Krasnoyarsk", "Novosibirsk", "Omsk", "Tyumen",
                      "Yekaterinburg", "Kazan", "NNovgorod")  # fmt: skip
V_ZABAYKALSK_MOSCOW = ways("Karymskaya", "Chita", "UlanUde", "Irkutsk", "Krasnoyarsk",
                           "Novosibirsk", "Omsk", "Tyumen", "Yekaterinburg", "Kazan",
                           "NNovgorod")  # fmt: skip

# --- 5.2 China-Europe: one speed per section in the 2024 base year (EST-CE-2024) ---
# Links are the infrastructure: their time_h is the standard train's time in motion at
# the section's speed, their cost_cny the through rate per km; the trains themselves are
# services (section 5.8), which carry the departures, stops and dwells.
DUISBURG_CHAIN = [
    ("XIAN_PORT", "ALASHANKOU", V_XIAN_ALASHANKOU),
    ("ALASHANKOU", "DOSTYK", []),
    ("DOSTYK", "MINSK", V_DOSTYK_MINSK),
    ("MINSK", "BREST", V_MINSK_BREST),
    ("BREST", "MALASZEWICZE", []),
    ("MALASZEWICZE", "DUISBURG", V_MAL_DUISBURG),
]
F_RAIL = CE_DUISBURG_KM / sum(line_km(a, b, v) for a, b, v in DUISBURG_CHAIN)
CE_TARGET_CNY_PER_TEU = CE_RATE_USD_PER_FEU * USD_CNY / TEU_PER_FEU
R_CE = (CE_TARGET_CNY_PER_TEU - 2 * GAUGE_CNY) / CE_DUISBURG_KM  # CNY per TEU-km


def ce_km(a: str, b: str, via: list[tuple[float, float]]) -> float:
    """Return the calibrated China-Europe rail distance (km) of a leg."""
    return line_km(a, b, via) * F_RAIL


D_XA = ce_km("XIAN_PORT", "ALASHANKOU", V_XIAN_ALASHANKOU)
D_AD = ce_km("ALASHANKOU", "DOSTYK", [])
V_CN = D_XA / CE_CN_STD_H  # Chinese section: Xi'an -> Alashankou in 54.6 h (SV-CE-CN)
D_ERAI = ce_km("DOSTYK", "MINSK", V_DOSTYK_MINSK) + ce_km("MINSK", "BREST", V_MINSK_BREST)
V_1520 = D_ERAI / (ERAI_1520_D * 24)  # 1520 mm: Dostyk -> Brest in 7.31 d (SV-ERAI)
V_EU = CE_EU_KMH  # EU standard gauge (EST-CE-2024)
SECTION_KMH = {"cn": V_CN, "1520": V_1520, "eu": V_EU}
CALIBRATION.update(
    {
        "f_rail (route factor on the waypoint polyline)": F_RAIL,
        "v_cn Chinese section, Xi'an-Alashankou 3,068 km in 54.6 h (km/h)": V_CN,
        "v_1520 1520 mm section, Dostyk-Brest 5,475 km in 7.31 d (km/h)": V_1520,
        "v_eu EU section, standard trains (km/h, EST)": V_EU,
        "r_ce China-Europe fare (CNY per TEU-km)": R_CE,
        "target Xi'an-Duisburg fare (CNY per TEU), USD 3,240/FEU": CE_TARGET_CNY_PER_TEU,
        "cross-check EUR 3,000/FEU (2018) in CNY per TEU": CE_RATE_EUR_PER_FEU_2018
        * EUR_CNY
        / TEU_PER_FEU,
    }
)

CE_SRC = "FS-1.3-DUI;FS-3-CE-2024;FS-4.2;SV-CE-CN;SV-ERAI;EST-CE-2024;EST-CAP;EST-GEOM;"
CE_SRC += "EST-FLAGS;FS-3-CE-2018"
CE_EST = "geometry;distance_km;time_h;cost_cny;capacity_teu_per_week;reefer;dangerous_goods"
CE_FLAGS = {"reefer": True, "dg": False}


def trains(n: float) -> float:
    """Return the weekly capacity (TEU) of n China-Europe trains a week."""
    return n * CE_TEU_PER_TRAIN


def ce_leg(
    ident: str, a: str, b: str, via: list[tuple[float, float]], section: str, **columns: Any
) -> None:
    """Add a China-Europe rail leg: calibrated distance, the section's speed, r_ce per km.

    ``section`` is ``cn`` (1435 mm in China), ``1520`` or ``eu`` (1435 mm in Europe);
    ``distance`` overrides the calibrated distance; ``gauge`` defaults from the section;
    ``source``, ``est``, ``corridor``, ``note``, ``year`` as for ``link``.
    """
    distance = columns.pop("distance", None)
    d = ce_km(a, b, via) if distance is None else distance
    gauge = columns.pop("gauge", 1520 if section == "1520" else 1435)
    row = {"source": CE_SRC, "est": CE_EST, "note": "", "year": None, **columns}
    link(ident, a, b, "rail", row.pop("corridor", "china_europe"), via=via, gauge=gauge,
         distance=d, time=d / SECTION_KMH[section], cost=d * R_CE, co2=CO2_RAIL, **row,
         **CE_FLAGS)  # fmt: skip


# Trunk via Alashankou and Dostyk (the calibration chain).
ce_leg("CE_XIAN_PORT_ALASHANKOU", "XIAN_PORT", "ALASHANKOU", V_XIAN_ALASHANKOU, "cn",
       note="Longhai/Lanxin/Northern Xinjiang lines via Lanzhou and Urumqi.")
ce_leg("CE_ALASHANKOU_DOSTYK", "ALASHANKOU", "DOSTYK", [], "cn", gauge=1435,
       note="Border crossing CN->KZ (1435 mm to the Dostyk reloading yard).")
ce_leg("CE_DOSTYK_MINSK", "DOSTYK", "MINSK", V_DOSTYK_MINSK, "1520", transit_countries="RU",
       note="1520 mm trunk via Astana, Petropavl, Samara, Ryazan (Moscow bypassed), "
       "Smolensk.")  # fmt: skip
ce_leg("CE_MINSK_BREST", "MINSK", "BREST", V_MINSK_BREST, "1520", note="1520 mm trunk.")
ce_leg("CE_BREST_MALASZEWICZE", "BREST", "MALASZEWICZE", [], "1520",
       note="Border crossing BY->PL on the 1520 mm track to the Malaszewicze reloading "
       "terminals.")  # fmt: skip
ce_leg("CE_MALASZEWICZE_DUISBURG", "MALASZEWICZE", "DUISBURG", V_MAL_DUISBURG, "eu",
       note="Via Warsaw, Poznan, Berlin, Hannover.")
# Branches: distances from the sourced Xi'an end-to-end figures, 2024 speed.
ce_leg("CE_DOSTYK_ALMATY", "DOSTYK", "ALMATY", V_DOSTYK_ALMATY, "1520",
       distance=CE_ALMATY_KM - D_XA - D_AD, source=CE_SRC + ";FS-1.3-ALA",
       note="Distance: the rest of Xi'an-Almaty 3,866 km (FS-1.3-ALA).")
ce_leg("CE_DOSTYK_MOSCOW", "DOSTYK", "MOSCOW", V_DOSTYK_MOSCOW, "1520",
       distance=CE_MOSCOW_KM - D_XA - D_AD, source=CE_SRC + ";FS-1.3-MOW",
       note="Distance: the rest of Xi'an-Moscow 7,251 km (2013 plan); the 1520 mm "
       "speed of 2024 (the 2016 11-day figure is a reference of its year).")
ce_leg("CE_DOSTYK_RIGA", "DOSTYK", "RIGA", V_DOSTYK_RIGA, "1520", transit_countries="RU",
       distance=CE_RIGA_KM - D_XA - D_AD, source=CE_SRC + ";FS-1.3-RIX",
       note="Distance: the rest of Xi'an-Riga ~9,000 km; 1520 mm throughout, via Moscow.")
#: Countries the European legs cross between their ends (EST-TRANSIT: by the route).
TRANSIT_EU = {"BUDAPEST": "SK", "MILAN": "CZ;AT", "HAMBURG": ""}
for dest, via in [("WARSAW", V_MAL_WARSAW), ("HAMBURG", V_MAL_HAMBURG),
                  ("BUDAPEST", V_MAL_BUDAPEST), ("MILAN", V_MAL_MILAN)]:  # fmt: skip
    ce_leg(f"CE_MALASZEWICZE_{dest}", "MALASZEWICZE", dest, via, "eu",
           transit_countries=TRANSIT_EU.get(dest, ""), source=CE_SRC + ";FS-1.3-RIX;FS-7-DEST",
           note=f"European leg to {NODE_BY_ID[dest]['name']}.")

# The other crossings into the EU (EST-EU-SPLIT): Bruzgi-Kuznica and Kaliningrad-Braniewo.
EU_SPLIT_SRC = CE_SRC + ";SV-EU-SHARE;EST-EU-SPLIT"
ce_leg("CE_MINSK_BRUZGI", "MINSK", "BRUZGI", V_MINSK_BRUZGI, "1520",
       source=EU_SPLIT_SRC + ";SV-BRUZGI", note="1520 mm via Lida and Grodno.")
ce_leg("CE_BRUZGI_KUZNICA", "BRUZGI", "KUZNICA", [], "1520",
       source=EU_SPLIT_SRC + ";SV-BRUZGI",
       note="Border crossing BY->PL on the 1520 mm track to the Kuznica reloading "
       "terminals.")  # fmt: skip
ce_leg("CE_MINSK_MAMONOVO", "MINSK", "MAMONOVO", V_MINSK_MAMONOVO, "1520",
       transit_countries="LT", source=EU_SPLIT_SRC + ";SV-KGD-ROUTE",
       note="1520 mm via Vilnius, Kaunas (Lithuanian transit) and Kaliningrad.")
ce_leg("CE_MAMONOVO_BRANIEWO", "MAMONOVO", "BRANIEWO", [], "1520",
       source=EU_SPLIT_SRC + ";SV-KGD-ROUTE",
       note="Border crossing RU (Kaliningrad)->PL on the 1520 mm track to Braniewo.")
TRANSIT_ENTRY = {"BUDAPEST": "SK", "MILAN": "CZ;AT"}
for entry, legs in V_EU_ENTRY.items():
    for dest, via in legs.items():
        ce_leg(f"CE_{entry}_{dest}", entry, dest, via, "eu",
               transit_countries=TRANSIT_ENTRY.get(dest, ""),
               source=EU_SPLIT_SRC + ";FS-7-DEST",
               note=f"European leg from {NODE_BY_ID[entry]['name']} to "
               f"{NODE_BY_ID[dest]['name']}.")  # fmt: skip

# Khorgos: Central Asia and the trans-Caspian route.
ce_leg("CE_XIAN_PORT_KHORGOS", "XIAN_PORT", "KHORGOS", V_XIAN_KHORGOS, "cn",
       source=CE_SRC + ";FS-0.4", note="Via Urumqi and the Jinghe-Khorgos line.")
ce_leg("CE_KHORGOS_ALTYNKOL", "KHORGOS", "ALTYNKOL", [], "cn", gauge=1435,
       note="Border crossing CN->KZ.")
ce_leg("CE_ALTYNKOL_ALMATY", "ALTYNKOL", "ALMATY", [], "1520", note="Altynkol-Almaty line.")
ce_leg("CE_ALMATY_TASHKENT", "ALMATY", "TASHKENT", V_ALMATY_TASHKENT, "1520",
       source=CE_SRC + ";FS-7-DEST",
       note="Via Shu, Taraz, Shymkent; the KZ-UZ border (Saryagash) is inside the link.")
ce_leg("TC_ALTYNKOL_AKTAU", "ALTYNKOL", "AKTAU", V_ALTYNKOL_AKTAU, "1520",
       corridor="trans_caspian", year=2019, source=CE_SRC + ";FS-0.4;FS-4.1-TC;EST-TC",
       note="Trans-Caspian (Middle Corridor) rail leg via Shymkent, Kyzylorda, Beyneu.")
D_FERRY = line_km("AKTAU", "BAKU", SEA_CASPIAN)
T_FERRY = D_FERRY / CAT_FERRY_KMH
FERRY_CNY_PER_TEU = CAT_FERRY_USD_PER_TEU * USD_CNY
link("TC_AKTAU_BAKU", "AKTAU", "BAKU", "sea", "trans_caspian", via=SEA_CASPIAN,
     distance=D_FERRY, time=T_FERRY, cost=FERRY_CNY_PER_TEU, co2=CO2_FERRY,
     dg=False, year=2019, source="FS-2-BAK;FS-4.1-TC;EST-TC;EST-CO2;EST-FX;EST-GEOM",
     est="geometry;distance_km;time_h;cost_cny;co2e_g_per_tkm;reefer;dangerous_goods",
     note="Caspian rail ferry Aktau-Alat (the ferry services of section 5.8).")  # fmt: skip

# Middle Corridor beyond Baku (SV-TC-POTI, SV-TC-BLACKSEA, SV-TC-BUD; EST-TC).
TC_ON_SRC = "SV-TC-POTI;SV-TC-BLACKSEA;SV-TC-BUD;EST-TC;EST-GEOM;EST-FLAGS"
ce_leg("TC_BAKU_POTI", "BAKU", "POTI", ways("Ganja", "Tbilisi", "Kutaisi"), "1520",
       corridor="trans_caspian", transit_countries="", source=CE_SRC + ";" + TC_ON_SRC,
       note="Azerbaijan and Georgia railways via Ganja, Tbilisi and Kutaisi (1520 mm); the "
       "service runs it in the sourced 24 h.")  # fmt: skip
ce_leg("TC_CONSTANTA_BUDAPEST", "CONSTANTA", "BUDAPEST",
       ways("Bucharest", "Brasov", "Arad", "Szolnok"), "eu", corridor="trans_caspian",
       source=CE_SRC + ";" + TC_ON_SRC,
       note="Romanian and Hungarian main lines via Bucharest, Brasov and Arad.")

# Erenhot and Manzhouli (Trans-Mongolian and Trans-Siberian) routes.
ce_leg("CE_XIAN_PORT_ERENHOT", "XIAN_PORT", "ERENHOT", V_XIAN_ERENHOT, "cn",
       source=CE_SRC + ";FS-0.4", note="Via Taiyuan, Datong, Jining.")
ce_leg("CE_ERENHOT_ZAMYN_UUD", "ERENHOT", "ZAMYN_UUD", [], "cn", gauge=1435,
       note="Border crossing CN->MN.")
ce_leg("CE_ZAMYN_UUD_MOSCOW", "ZAMYN_UUD", "MOSCOW", V_ZAMYN_MOSCOW, "1520",
       transit_countries="MN",
       note="Trans-Mongolian and Trans-Siberian lines via Ulaanbaatar and Novosibirsk.")
ce_leg("CE_XIAN_PORT_MANZHOULI", "XIAN_PORT", "MANZHOULI", V_XIAN_MANZHOULI, "cn",
       source=CE_SRC + ";FS-0.4", note="Via Taiyuan, Beijing, Shenyang, Harbin, Hailar.")
ce_leg("CE_MANZHOULI_ZABAYKALSK", "MANZHOULI", "ZABAYKALSK", [], "cn", gauge=1435,
       note="Border crossing CN->RU.")
ce_leg("CE_ZABAYKALSK_MOSCOW", "ZABAYKALSK", "MOSCOW", V_ZABAYKALSK_MOSCOW, "1520",
       note="Trans-Siberian via Chita, Irkutsk, Novosibirsk, Yekaterinburg.")

# --- 5.2b Competing gateways (EST-GATEWAYS): their legs to the Chinese border stations ---
V_LANZHOU_WEST = ways("Wuwei", "Zhangye", "Jiayuguan", "Hami", "Turpan", "Urumqi", "Kuytun",
                      "Jinghe")  # fmt: skip
V_TO_LANZHOU = {
    "CHENGDU_QBJ": ways("Mianyang", "Guangyuan", "Longnan", "Lanzhou"),
    "CHONGQING_TJC": ways("Nanchong", "Guangyuan", "Longnan", "Lanzhou"),
}
V_TO_DATONG = ways("Jiaozuo", "Changzhi", "Taiyuan", "Datong", "Jining")
#: (gateway node, exit, waypoints, note): the gateways' China-Europe legs in China.
GW_LEGS = [
    ("CHENGDU_QBJ", "ALASHANKOU", V_TO_LANZHOU["CHENGDU_QBJ"] + V_LANZHOU_WEST,
     "Via Guangyuan, the Lanzhou-Chongqing line, Lanzhou and Urumqi."),
    ("CHENGDU_QBJ", "KHORGOS", V_TO_LANZHOU["CHENGDU_QBJ"] + V_LANZHOU_WEST + ways("Yining"),
     "Via Lanzhou, Urumqi and the Jinghe-Khorgos line."),
    ("CHONGQING_TJC", "ALASHANKOU", V_TO_LANZHOU["CHONGQING_TJC"] + V_LANZHOU_WEST,
     "Via Nanchong, Guangyuan (Lanzhou-Chongqing line), Lanzhou and Urumqi."),
    ("CHONGQING_TJC", "KHORGOS",
     V_TO_LANZHOU["CHONGQING_TJC"] + V_LANZHOU_WEST + ways("Yining"),
     "Via Lanzhou, Urumqi and the Jinghe-Khorgos line."),
    ("ZHENGZHOU_PUTIAN", "ALASHANKOU", ways("Luoyang", "Xian") + V_XIAN_ALASHANKOU,
     "Longhai line through Xi'an (no stop), then as the Chang'an trains."),
    ("ZHENGZHOU_PUTIAN", "ERENHOT", V_TO_DATONG,
     "Via Jiaozuo, Taiyuan and Datong (Zhengzhou-Hamburg via Erenhot, SV-GW-ZZ)."),
    ("WUHAN_WJS", "ALASHANKOU",
     [xy("XIANGYANG"), *ways("Nanyang", "Luoyang", "Xian"), *V_XIAN_ALASHANKOU],
     "Handan and Jiaoliu lines to Luoyang, then the Longhai line through Xi'an."),
    ("WUHAN_WJS", "ERENHOT", ways("Xinyang", "Zhengzhou") + V_TO_DATONG,
     "Beijing-Guangzhou line to Zhengzhou, then via Taiyuan and Datong."),
    ("URUMQI_ASM", "ALASHANKOU", ways("Kuytun", "Jinghe"), "Northern Xinjiang line."),
    ("URUMQI_ASM", "KHORGOS", ways("Kuytun", "Jinghe", "Yining"),
     "Northern Xinjiang and Jinghe-Khorgos lines."),
    ("LANZHOU_ZCB", "ALASHANKOU", V_LANZHOU_WEST, "Lanxin line via Urumqi."),
]  # fmt: skip
GW_LEG_SRC = CE_SRC + ";EST-GATEWAYS"
for a, b, via, note_text in GW_LEGS:
    ce_leg(f"CE_{a}_{b}", a, b, via, "cn", source=GW_LEG_SRC, note=note_text)
ce_leg("CE_MOSCOW_MINSK", "MOSCOW", "MINSK", ways("Vyazma", "Smolensk", "Orsha"), "1520",
       source=GW_LEG_SRC,
       note="1520 mm main line Moscow-Minsk: Erenhot trains to the EU via Brest.")

# European hinterland rail (sea port <-> Duisburg).
for ident, a, b, via in [
    ("CE_ROTTERDAM_DUISBURG", "ROTTERDAM", "DUISBURG", ways("Emmerich", "Oberhausen")),
    ("CE_HAMBURG_DUISBURG", "HAMBURG", "DUISBURG", ways("Bremen", "Osnabrueck", "Dortmund")),
]:  # fmt: skip
    ce_leg(ident, a, b, via, "eu",
           source="FS-1.2;FS-3-CE-2024;EST-RAILDIST;EST-CE-2024;EST-CAP;EST-GEOM;EST-FLAGS",
           note="European hinterland rail (Betuweroute / Hamburg port rail).")

# --- 5.3 Western Land-Sea New Corridor (EST-WLSNC) ---------------------------------
V_XIAN_CQ = ways("Ankang", "Dazhou")
V_CQ_GY = ways("Zunyi")
V_GY_QZH = ways("Duyun", "Liuzhou", "Nanning")
V_CQ_HH = ways("Qianjiang")
V_HH_QZH = ways("Sanjiang", "Liuzhou", "Nanning")
F_WLSNC = WLSNC_XIAN_QINZHOU_KM / (
    line_km("XIAN_PORT", "CHONGQING_TJC", V_XIAN_CQ)
    + line_km("CHONGQING_TJC", "GUIYANG", V_CQ_GY)
    + line_km("GUIYANG", "QINZHOU", V_GY_QZH)
)
D_CQ_GY = line_km("CHONGQING_TJC", "GUIYANG", V_CQ_GY) * F_WLSNC
D_GY_QZH = line_km("GUIYANG", "QINZHOU", V_GY_QZH) * F_WLSNC
V_WLSNC_SOUTH = (D_CQ_GY + D_GY_QZH) / WLSNC_CHONGQING_QINZHOU_H
V_DOM = RAIL_DOM_KM / RAIL_DOM_H  # domestic container block trains (SV-TAO-46H)
CALIBRATION.update(
    {
        "f_wlsnc (route factor, Xi'an-Qinzhou scaled to 2,150 km)": F_WLSNC,
        "WLSNC speed Chongqing->Qinzhou, 2 d (km/h)": V_WLSNC_SOUTH,
        "v_dom domestic block trains, Xi'an-Qingdao 1,326 km in 46 h (km/h)": V_DOM,
    }
)


def rail_fare(d: float, discount: float = 0.0, rebate: float = 0.0) -> float:
    """Return the domestic rail fare (CNY per TEU) of a ride of d km (EST-RAILCOST)."""
    return (RAIL_BASE1_CNY_PER_TEU - rebate + RAIL_BASE2_CNY_PER_TEU_KM * d) * (1 - discount)


W_SRC = "FS-2-QZH;FS-1.3-QZH;FS-3-RAIL-INTL;SV-WLSNC-20;FS-7-WLSNC;EST-WLSNC;EST-RAILCOST;"
W_SRC += "EST-CAP;EST-GEOM;EST-FLAGS"
W_EST = "geometry;distance_km;time_h;cost_cny;capacity_teu_per_week;reefer;dangerous_goods"
for ident, a, b, via, note_text in [
    ("W_XIAN_PORT_CHONGQING_TJC", "XIAN_PORT", "CHONGQING_TJC", V_XIAN_CQ,
     "Xikang and Xiangyu lines via Ankang and Dazhou; domestic block-train speed "
     "(the Xi'an-Qinzhou service's re-marshalling at Chongqing is in the service)."),
    ("W_CHONGQING_TJC_GUIYANG", "CHONGQING_TJC", "GUIYANG", V_CQ_GY,
     "Central WLSNC route (Chuanqian line)."),
    ("W_GUIYANG_QINZHOU", "GUIYANG", "QINZHOU", V_GY_QZH,
     "Via Liuzhou and Nanning to Qinzhou Port East."),
    ("W_CHONGQING_TJC_HUAIHUA", "CHONGQING_TJC", "HUAIHUA", V_CQ_HH,
     "Eastern WLSNC route (Yuhuai line)."),
    ("W_HUAIHUA_QINZHOU", "HUAIHUA", "QINZHOU", V_HH_QZH,
     "Via the Jiaoliu line, Liuzhou and Nanning."),
]:  # fmt: skip
    d = line_km(a, b, via) * F_WLSNC
    t = d / (V_DOM if a == "XIAN_PORT" else V_WLSNC_SOUTH)
    link(ident, a, b, "rail", "western_land_sea", via=via, gauge=1435, distance=d, time=t,
         cost=rail_fare(d, WLSNC_DISCOUNT), co2=CO2_RAIL, source=W_SRC, est=W_EST,
         note=note_text)  # fmt: skip


# --- 5.4 Domestic rail: Shaanxi network, eastern rail-sea, feeders ---------------
DOM_SRC = "FS-1.2;FS-3-RAIL-INTL;SV-TAO-46H;EST-RAILDIST;EST-RAILTIME;EST-RAILCOST;"
DOM_SRC += "EST-CAP;EST-FLAGS"
DOM_EST = "geometry;distance_km;time_h;capacity_teu_per_week;reefer;dangerous_goods"
#: (a, b, via, departures a week, note): Shaanxi rail links and their shuttle services.
SHAANXI_RAIL = [
    ("XIAN_PORT", "BAOJI_RAIL", [W["Yangling"]], 7, "Longhai line (passes Yangling)."),
    ("XIAN_PORT", "YANGLING_RAIL", [], 3, "Longhai line."),
    ("XIAN_PORT", "WEINAN_RAIL", [], 3, "Longhai line east."),
    ("XIAN_PORT", "YANAN_RAIL", [W["Tongchuan"]], 3, "Xi'an-Yan'an line."),
    ("XIAN_PORT", "YULIN_RAIL", [W["Tongchuan"], W["Yanan"]], 7,
     "Xi'an-Yan'an and Baotou-Xi'an lines via Yan'an."),
    ("XIAN_PORT", "ANKANG_RAIL", [], 7, "Xikang line through the Qinling."),
    ("XIAN_PORT", "SHANGLUO_RAIL", [], 3, "Ningxi line."),
    ("XIAN_PORT", "HANZHONG_RAIL", [W["Yangling"], W["Baoji"]], 3,
     "Longhai and Baocheng lines via Baoji."),
    ("ANKANG_RAIL", "HANZHONG_RAIL", [], 2, "Yang'an line (southern wing)."),
]  # fmt: skip
for a, b, via, _, note_text in SHAANXI_RAIL:
    d = poly_km([xy(a), *via, xy(b)]) * RAIL_DETOUR_SHAANXI
    link(f"R_{a}_{b}", a, b, "rail", "domestic_rail", via=via, gauge=1435, distance=d,
         time=d / V_DOM, cost=rail_fare(d), co2=CO2_RAIL,
         source=DOM_SRC + ";PLAN-4.1.2;EST-GEOM", est=DOM_EST, note=note_text)

V_XIAN_ZZ = ways("Luoyang", "Zhengzhou")
#: (port, via, departures a week, year, source, note): rail-sea services to the coast.
EASTERN = [
    ("QINGDAO", V_XIAN_ZZ + ways("Yanzhou", "Linyi", "Rizhao"), 3, 2015,
     "FS-2-TAO;FS-7-DEST;SV-TAO-46H",
     "Rail-sea service to Qingdao (Huangdao): 1,326 km in 46 h (2015)."),
    ("LIANYUNGANG", V_XIAN_ZZ + ways("Xuzhou"), 3, 2024, "FS-7-DEST;SV-RAILSEA",
     "Longhai line to its sea end."),
    ("SHANGHAI", V_XIAN_ZZ + ways("Xuzhou", "Bengbu", "Nanjing", "Suzhou"), 2, 2024,
     "FS-1.3-SHA;SV-RAILSEA", "Via Zhengzhou, Xuzhou, Nanjing."),
    ("NINGBO", V_XIAN_ZZ + ways("Xuzhou", "Bengbu", "Nanjing", "Hangzhou"), 1, 2024,
     "FS-7-DEST;SV-RAILSEA;SV-NINGBO",
     "Rail-sea service to Ningbo (launched 2019); Ningbo's rail-sea rebate in the fare."),
]  # fmt: skip
for b, via, _, _, src, note_text in EASTERN:
    d = line_km("XIAN_PORT", b, via) * F_RAIL
    if b == "SHANGHAI":
        d = max(d, XIAN_SHANGHAI_RAIL_MIN_KM)
    if b == "QINGDAO":
        d = RAIL_DOM_KM
    rebate = NINGBO_REBATE_CNY_PER_TEU if b == "NINGBO" else 0.0
    link(f"E_XIAN_PORT_{b}", "XIAN_PORT", b, "rail", "eastern_rail_sea", via=via,
         gauge=1435, distance=d, time=d / V_DOM, cost=rail_fare(d, rebate=rebate),
         co2=CO2_RAIL, source=f"{DOM_SRC};{src};EST-GEOM",
         est=DOM_EST if b != "QINGDAO" else DOM_EST.replace("distance_km;time_h;", ""),
         note=note_text)  # fmt: skip

#: (origin, via, departures a week, source, note): domestic assembly lines into Xi'an.
FEEDERS = [
    ("XIANGYANG", ways("Shiyan", "Ankang"), 2, "PLAN-1.1",
     "襄西欧 assembly line (Xiangyu and Xikang lines)."),
    ("XUZHOU", ways("Zhengzhou", "Luoyang"), 2, "PLAN-1.1",
     "徐西欧 assembly line (Longhai line)."),
    ("SHIJIAZHUANG", ways("Taiyuan", "Houma"), 1, "FS-7-SJZ",
     "冀西欧 assembly line (Shijiazhuang Gaoyi -> Xinzhu -> Hamburg)."),
    # Assembly lines from the competing gateways into Xi'an (EST-GATEWAYS, placeholders).
    ("ZHENGZHOU_PUTIAN", ways("Luoyang"), 2, "EST-GATEWAYS",
     "Zhengzhou assembly line (Longhai line)."),
    ("WUHAN_WJS", [xy("XIANGYANG"), *ways("Shiyan", "Ankang")], 2, "EST-GATEWAYS",
     "Wuhan assembly line (Hanshi, Xiangyu and Xikang lines)."),
    ("CHENGDU_QBJ", ways("Mianyang", "Guangyuan", "Baoji"), 2, "EST-GATEWAYS",
     "Chengdu assembly line (Baocheng and Longhai lines)."),
    ("CHONGQING_TJC", ways("Dazhou", "Ankang"), 2, "EST-GATEWAYS",
     "Chongqing assembly line (Xiangyu and Xikang lines; the WLSNC link's route)."),
    ("GUANGZHOU_GJG", ways("Shaoguan", "Changsha", "Wuhan", "Xinyang", "Zhengzhou", "Luoyang"),
     1, "SV-GZ-XIAN", "粤陕 assembly line (Beijing-Guangzhou and Longhai lines)."),
    ("LANZHOU_ZCB", ways("Lanzhou", "Tianshui", "Baoji"), 2, "EST-GATEWAYS",
     "Lanzhou assembly line (Longhai line)."),
]  # fmt: skip
for a, via, _, src, note_text in FEEDERS:
    d = line_km(a, "XIAN_PORT", via) * F_RAIL
    link(f"F_{a}_XIAN_PORT", a, "XIAN_PORT", "rail", "feeder", via=via, gauge=1435,
         distance=d, time=d / V_DOM, cost=rail_fare(d), co2=CO2_RAIL,
         source=f"{DOM_SRC};{src};EST-GEOM", est=DOM_EST,
         note=note_text + " Domestic feeder into the Xi'an assembly centre.")


# --- 5.5 Sea lanes (EST-SEA): one link per leg between two port calls --------------
SEA_TIANJIN_QINGDAO = [(118.6, 38.8), (120.9, 38.25), (122.9, 37.35), (121.3, 36.1),
                       (120.35, 35.95)]  # fmt: skip
SEA_QINGDAO_SHANGHAI = [(120.35, 35.95), (121.0, 35.6), (123.0, 31.5), (122.5, 30.55)]
SEA_SHANGHAI_NINGBO = [(122.5, 30.55), (122.6, 29.8)]
SEA_ROTTERDAM_HAMBURG = [(3.8, 52.1), (4.4, 53.3), (6.5, 53.85), (8.2, 54.0), (8.6, 53.95),
                         (9.2, 53.88), (9.55, 53.62)]  # fmt: skip


def sea_points(a: str, b: str) -> list[tuple[float, float]]:
    """Return the waypoints of the sea lane a -> b."""
    legs = {
        ("TIANJIN", "QINGDAO"): SEA_TIANJIN_QINGDAO,
        ("QINGDAO", "SHANGHAI"): SEA_QINGDAO_SHANGHAI,
        ("SHANGHAI", "NINGBO"): SEA_SHANGHAI_NINGBO,
        ("ROTTERDAM", "HAMBURG"): SEA_ROTTERDAM_HAMBURG,
    }
    if (a, b) in legs:
        return legs[a, b]
    out = {
        "SHANGHAI": SEA_SHANGHAI_OUT + SEA_EAST_CHINA_TO_SCS,
        "QINGDAO": SEA_QINGDAO_OUT + SEA_EAST_CHINA_TO_SCS,
        "LIANYUNGANG": SEA_LYG_OUT + SEA_EAST_CHINA_TO_SCS,
        "NINGBO": SEA_NINGBO_OUT + SEA_EAST_CHINA_TO_SCS,
        "QINZHOU": SEA_QINZHOU_OUT,
        "SINGAPORE": [],
    }[a]
    if b == "SINGAPORE":
        return out + SEA_SCS_TO_SINGAPORE
    if b == "PORT_KLANG":
        return [*out, *SEA_SCS_TO_SINGAPORE, xy("SINGAPORE"), *SEA_SINGAPORE_WEST]
    if b == "HO_CHI_MINH":
        return out + SEA_TO_HCMC
    west = SEA_SINGAPORE_WEST + SEA_MALACCA_TO_SUEZ + SEA_MED_TO_CHANNEL
    if a == "SINGAPORE":
        return west + (SEA_TO_ROTTERDAM if b == "ROTTERDAM" else SEA_TO_HAMBURG)
    return out + SEA_SUEZ + (SEA_TO_ROTTERDAM if b == "ROTTERDAM" else SEA_TO_HAMBURG)


F_SEA = SEA_SHANGHAI_ROTTERDAM_KM / line_km(
    "SHANGHAI", "ROTTERDAM", sea_points("SHANGHAI", "ROTTERDAM")
)
SEA_EU_CNY = SEA_ASIA_EUROPE_USD_PER_FEU * USD_CNY / TEU_PER_FEU
SEA_SE_CNY = SEA_ASIA_SE_USD_PER_TEU * USD_CNY
D_SHA_SIN = line_km("SHANGHAI", "SINGAPORE", sea_points("SHANGHAI", "SINGAPORE")) * F_SEA
D_SIN_ROT = line_km("SINGAPORE", "ROTTERDAM", sea_points("SINGAPORE", "ROTTERDAM")) * F_SEA
# One fare rule for every liner service (EST-SEA-FARE): fixed + per km through the two
# anchors Shanghai-Rotterdam (Asia-Europe rate) and Shanghai-Singapore (SCFI proxy).
SEA_CNY_PER_KM = (SEA_EU_CNY - SEA_SE_CNY) / (SEA_SHANGHAI_ROTTERDAM_KM - D_SHA_SIN)
SEA_FIXED_CNY = SEA_SE_CNY - SEA_CNY_PER_KM * D_SHA_SIN
V_SEA_AE = SEA_AE_KN * KM_PER_NM  # km/h
V_SEA_IA = SEA_IA_KN * KM_PER_NM
CALIBRATION.update(
    {
        "f_sea (sea-lane factor on the waypoint polyline)": F_SEA,
        "Singapore-Rotterdam in the model (nm; Port of Rotterdam: 8,288)": D_SIN_ROT
        / KM_PER_NM,
        "v_sea Asia-Europe loops, 16 kn (km/h)": V_SEA_AE,
        "v_sea intra-Asia services, 14 kn (km/h)": V_SEA_IA,
        "sea fare, fixed part (CNY per TEU)": SEA_FIXED_CNY,
        "sea fare, per km (CNY per TEU-km)": SEA_CNY_PER_KM,
    }
)
SEA_SRC = "EST-SEA;EST-SEA-FARE;EST-GEOM;EST-FLAGS;EST-FX;FS-3-SEA-2019;FS-3-SCFI;EST-FEU"
for a, b, corridor, src in [
    ("TIANJIN", "QINGDAO", "sea_asia_europe", "SV-SEA-LOOPS"),
    ("QINGDAO", "SHANGHAI", "sea_asia_europe", "SV-SEA-LOOPS"),
    ("SHANGHAI", "NINGBO", "sea_asia_europe", "SV-SEA-LOOPS"),
    ("NINGBO", "SINGAPORE", "sea_asia_europe", "SV-SEA-LOOPS"),
    ("SINGAPORE", "ROTTERDAM", "sea_asia_europe", "SV-SIN-ROT;SV-SEA-SPEED"),
    ("ROTTERDAM", "HAMBURG", "sea_asia_europe", "FS-2-SEA-HAM"),
    ("SHANGHAI", "SINGAPORE", "sea_southeast_asia", "FS-3-SCFI"),
    ("QINGDAO", "SINGAPORE", "sea_southeast_asia", "FS-2-TAO-SIN"),
    ("LIANYUNGANG", "SINGAPORE", "sea_southeast_asia", "FS-7-DEST"),
    ("QINZHOU", "SINGAPORE", "sea_southeast_asia", "FS-2-QZH-SIN;FS-7-QZH-SEA"),
    ("QINZHOU", "PORT_KLANG", "sea_southeast_asia", "FS-2-QZH-PKG;FS-7-QZH-SEA"),
    ("QINZHOU", "HO_CHI_MINH", "sea_southeast_asia", "FS-7-QZH-SEA"),
]:  # fmt: skip
    via = sea_points(a, b)
    d = line_km(a, b, via) * F_SEA
    v = V_SEA_AE if corridor == "sea_asia_europe" else V_SEA_IA
    link(f"S_{a}_{b}", a, b, "sea", corridor, via=via, distance=d, time=d / v,
         cost=SEA_FIXED_CNY + SEA_CNY_PER_KM * d, co2=CO2_SEA,
         source=f"{src};{SEA_SRC};FS-1.3-SEA",
         est="geometry;distance_km;time_h;cost_cny;co2e_g_per_tkm;reefer;dangerous_goods",
         note="Sea lane between two port calls, sailing time at the lane's speed; "
         "the liner services of section 5.8 ride it; capacity not limiting.")  # fmt: skip


# The Middle Corridor's Black Sea lane (section 5.2), priced by the liner rule.
D_BLACK = line_km("POTI", "CONSTANTA", SEA_BLACK)
link("TC_POTI_CONSTANTA", "POTI", "CONSTANTA", "sea", "trans_caspian", via=SEA_BLACK,
     distance=D_BLACK, time=TC_BLACKSEA_H, cost=SEA_FIXED_CNY + SEA_CNY_PER_KM * D_BLACK,
     co2=CO2_FERRY, dg=False,
     source=TC_ON_SRC + ";EST-SEA-FARE;EST-CO2;EST-FX",
     est="geometry;distance_km;cost_cny;co2e_g_per_tkm;reefer;dangerous_goods",
     note="Black Sea feeder lane Poti-Constanta at the sourced 5 d (the feeder services "
     "of section 5.8); fare by the liner rule (EST-SEA-FARE).")  # fmt: skip


# --- 5.6 Air cargo (EST-AIR) ----------------------------------------------------------
def air_km(a: str, b: str) -> float:
    """Return the airway distance (km) between two airports."""
    return gc_km(xy(a), xy(b)) * AIR_ROUTE_FACTOR


AIR_K = (AIR_EUROPE_USD_PER_KG * 1000 * USD_CNY - AIR_FIXED_CNY_PER_T) / air_km("XIY", "LGG")
CALIBRATION["air fare slope k (CNY per t-km)"] = AIR_K
AIR_SRC = "FS-1.1;FS-3-AIR;FS-5;EST-AIR;EST-FX;EST-CO2"
AIR_EST = "geometry;distance_km;time_h;cost_cny;capacity_t_per_week;co2e_g_per_tkm;reefer"
#: (destination, departures a week, payload t, aircraft, year, source, estimated service
#: columns, note): XIY international freighter services (both directions).
AIR_ROUTES = [
    ("LGG", 2, B767F_T, "B767-300F", 2024, "PLAN-4.1.1;SV-XIY-LGG",
     "capacity_t_per_departure", "Georgian Airways for Cainiao (2024)."),
    ("ORD", ORD_PER_WEEK, B747F_T, "B747F", 2025, "FS-4.4-XIY;SV-XIY-ORD",
     "departures_per_week;capacity_t_per_departure",
     "2-3 a week (130 flights a year planned), B747F over 100 t."),
    ("BRU", 2, A330F_T, "A330-200F", 2019, "FS-4.4-XIY;SV-XIY-BRU-DEL", "",
     "Sichuan Airlines (first flights 48 t and 59 t)."),
    ("DEL", 2, A330F_T, "A330-200F", 2019, "FS-4.4-XIY;SV-XIY-BRU-DEL", "",
     "Sichuan Airlines."),
    ("NRT", 1, B767F_T, "B767-300F", 2021, "FS-4.4-XIY;SV-XIY-NRT",
     "capacity_t_per_departure", "SF Airlines."),
    ("ICN", 2, FREIGHTER_T, "freighter", 2019, "FS-4.4-XIY;PLAN-4.1.1",
     "departures_per_week;capacity_t_per_departure",
     "Seoul-Xi'an-Hanoi 5th-freedom freighter (frequency not stated)."),
    ("FRU", 2, FREIGHTER_T, "freighter", 2021, "PLAN-4.1.1",
     "departures_per_week;capacity_t_per_departure", "Bishkek route named in the plan."),
    ("ALA", 2, FREIGHTER_T, "freighter", 2024, "PLAN-Z1;SV-XIY-CA",
     "departures_per_week;capacity_t_per_departure",
     "No Xi'an-Almaty freighter found (passenger belly only): placeholder."),
    ("TAS", 2, FREIGHTER_T, "freighter", 2024, "PLAN-Z1;SV-XIY-CA",
     "departures_per_week;capacity_t_per_departure",
     "No Xi'an-Tashkent freighter found (passenger belly only): placeholder."),
    ("SVO", 2, FREIGHTER_T, "freighter", 2024, "FS-1.1;SV-XIY-RU",
     "departures_per_week;capacity_t_per_departure",
     "No Xi'an-Moscow freighter found (six Xi'an-Russia routes, 2024): placeholder."),
    ("BUD", 2, FREIGHTER_T, "freighter", 2025, "FS-4.4-XIY",
     "departures_per_week;capacity_t_per_departure", "Route of 2025; frequency not found."),
    ("DEB", 2, FREIGHTER_T, "freighter", 2025, "FS-4.4-XIY",
     "departures_per_week;capacity_t_per_departure", "Route of 2025; frequency not found."),
    ("MXP", 2, FREIGHTER_T, "freighter", 2025, "FS-4.4-XIY",
     "departures_per_week;capacity_t_per_departure", "Route of 2025; frequency not found."),
]  # fmt: skip
for b, _, _, aircraft, year, src, _, note_text in AIR_ROUTES:
    d = air_km("XIY", b)
    link(f"A_XIY_{b}", "XIY", b, "air", "air_international", distance=d,
         time=AIR_TAXI_H + d / AIR_BLOCK_KMH, cost=AIR_FIXED_CNY_PER_T + AIR_K * d,
         cost_basis="t", reefer=True, dg=False, co2=CO2_AIR_FREIGHTER,
         source=f"{AIR_SRC};{src}", est=AIR_EST, year=year if year >= 2025 else None,
         note=f"Air corridor of the {aircraft} service. {note_text}")  # fmt: skip

#: (origin, destination, departures a week, payload t, aircraft, year, source, estimated
#: service columns, note): the competing gateways' freighters to Europe (EST-GATEWAYS).
GW_AIR_ROUTES = [
    ("CGO", "LUX", CGO_LUX_PER_WEEK, B747_8F_T, "B747-8F", 2021, "SV-GW-CGO-LUX;EST-GW-DEP",
     "capacity_t_per_departure",
     "Cargolux 'Air Silk Road' (2014); some rotations continue to Chicago."),
    ("CTU", "LGG", 2, FREIGHTER_T, "freighter", 2024, "SV-GW-CTU",
     "departures_per_week;capacity_t_per_departure", "Route of 2024; frequency not found."),
    ("CKG", "BRU", 2, FREIGHTER_T, "freighter", 2021, "SV-GW-CKG",
     "departures_per_week;capacity_t_per_departure", "Route of 2021; frequency not found."),
    ("CKG", "MXP", 2, FREIGHTER_T, "freighter", 2025, "SV-GW-CKG",
     "departures_per_week;capacity_t_per_departure", "Route of 2025; frequency not found."),
]  # fmt: skip
for a, b, _, _, aircraft, year, src, _, note_text in GW_AIR_ROUTES:
    d = air_km(a, b)
    link(f"A_{a}_{b}", a, b, "air", "air_international", distance=d,
         time=AIR_TAXI_H + d / AIR_BLOCK_KMH, cost=AIR_FIXED_CNY_PER_T + AIR_K * d,
         cost_basis="t", reefer=True, dg=False, co2=CO2_AIR_FREIGHTER,
         source=f"{AIR_SRC};{src};EST-GATEWAYS", est=AIR_EST,
         year=year if year >= 2025 else None,
         note=f"Air corridor of the {aircraft} service. {note_text}")  # fmt: skip

AIR_DOM_SRC = "FS-1.1;FS-3-AIR;FS-5-GLEC;EST-AIR;EST-FX;EST-CO2;PLAN-3.4"
#: (a, b, departures a week, payload t): belly cargo on domestic passenger flights.
AIR_DOMESTIC = [
    ("UYN", "XIY", 7, 3.0), ("ENY", "XIY", 7, 3.0), ("HZG", "XIY", 7, 3.0),
    ("AKA", "XIY", 7, 3.0), ("UYN", "PVG", 7, 3.0), ("HZG", "CKG", 7, 3.0),
    ("XIY", "PVG", 42, 5.0), ("XIY", "CKG", 28, 5.0),
]  # fmt: skip
for a, b, dep, payload in AIR_DOMESTIC:
    d = air_km(a, b)
    link(f"A_{a}_{b}", a, b, "air", "air_domestic", distance=d,
         time=AIR_TAXI_H + d / AIR_BLOCK_KMH, cost=AIR_FIXED_CNY_PER_T + AIR_K * d,
         cost_basis="t", reefer=True, dg=False, co2=CO2_AIR_BELLY_SHORT,
         source=AIR_DOM_SRC, est=AIR_EST.replace("co2e_g_per_tkm;", ""),
         note=f"Belly cargo on passenger flights ({dep}/week x {payload:g} t, "
         "placeholder; the service of section 5.8).")  # fmt: skip


# --- 5.7 Road (EST-ROAD) --------------------------------------------------------------
def road_km(a: str, b: str) -> float:
    """Return the road distance (km) between two nodes."""
    return max(gc_km(xy(a), xy(b)) * ROAD_DETOUR, ROAD_MIN_KM)


ROAD_SRC = "FS-2-TRUCK;FS-3-TRUCK;EST-ROAD;EST-FEU;EST-CO2"
ROAD_EST = "geometry;distance_km;time_h;cost_cny;reefer;dangerous_goods"
ROAD_ROWS = [
    # (a, b, why)
    # City to its own rail hub and airport, and to nearby hubs.
    ("CITY_XIAN", "XIAN_PORT", "city - main rail hub"),
    ("CITY_XIAN", "XIY", "city - airport"),
    ("CITY_XIANYANG", "XIY", "city - airport"),
    ("CITY_XIANYANG", "XIAN_PORT", "city - main rail hub (G30)"),
    ("CITY_WEINAN", "WEINAN_RAIL", "city - rail node"),
    ("CITY_WEINAN", "XIAN_PORT", "city - main rail hub (G30)"),
    ("CITY_TONGCHUAN", "XIAN_PORT", "city - main rail hub (G65)"),
    ("CITY_BAOJI", "BAOJI_RAIL", "city - auxiliary hub"),
    ("CITY_YANGLING", "YANGLING_RAIL", "city - rail node"),
    ("CITY_YANGLING", "XIY", "city - airport (G30)"),
    ("CITY_HANCHENG", "WEINAN_RAIL", "city - rail node (G5)"),
    ("CITY_YANAN", "YANAN_RAIL", "city - rail node"),
    ("CITY_YANAN", "ENY", "city - airport"),
    ("CITY_YULIN", "YULIN_RAIL", "city - auxiliary hub"),
    ("CITY_YULIN", "UYN", "city - airport"),
    ("CITY_HANZHONG", "HANZHONG_RAIL", "city - rail node"),
    ("CITY_HANZHONG", "HZG", "city - airport"),
    ("CITY_ANKANG", "ANKANG_RAIL", "city - auxiliary hub"),
    ("CITY_ANKANG", "AKA", "city - airport"),
    ("CITY_SHANGLUO", "SHANGLUO_RAIL", "city - rail node"),
    # Air-rail transfer in the same city.
    ("XIAN_PORT", "XIY", "railway port - airport (空铁联运, 专栏4)"),
    ("UYN", "YULIN_RAIL", "airport - rail hub"),
    ("ENY", "YANAN_RAIL", "airport - rail hub"),
    ("HZG", "HANZHONG_RAIL", "airport - rail hub"),
    ("AKA", "ANKANG_RAIL", "airport - rail hub"),
    # Bonded zones: to the serving terminal, to the other Xi'an port, to the city.
    ("XIAN_CBZ", "XIAN_PORT", "bonded zone - serving terminal"),
    ("XIAN_CBZ", "XIY", "bonded zone - airport"),
    ("XIAN_CBZ", "CITY_XIAN", "bonded zone - city"),
    ("XIAN_HITECH_CBZ", "XIY", "bonded zone - serving terminal"),
    ("XIAN_HITECH_CBZ", "XIAN_PORT", "bonded zone - railway port"),
    ("XIAN_HITECH_CBZ", "CITY_XIAN", "bonded zone - city"),
    ("XIAN_GUANZHONG_CBZ", "XIAN_PORT", "bonded zone - serving terminal"),
    ("XIAN_GUANZHONG_CBZ", "XIY", "bonded zone - airport"),
    ("XIAN_GUANZHONG_CBZ", "CITY_XIAN", "bonded zone - city"),
    ("XIXIAN_AIRPORT_CBZ", "XIY", "bonded zone - serving terminal"),
    ("XIXIAN_AIRPORT_CBZ", "XIAN_PORT", "bonded zone - railway port"),
    ("XIXIAN_AIRPORT_CBZ", "CITY_XIANYANG", "bonded zone - city"),
    ("XIAN_AVIATION_CBZ", "XIAN_PORT", "bonded zone - serving terminal"),
    ("XIAN_AVIATION_CBZ", "XIY", "bonded zone - airport"),
    ("XIAN_AVIATION_CBZ", "CITY_XIAN", "bonded zone - city"),
    ("BAOJI_CBZ", "BAOJI_RAIL", "bonded zone - serving terminal"),
    ("BAOJI_CBZ", "CITY_BAOJI", "bonded zone - city"),
    ("YANGLING_CBZ", "YANGLING_RAIL", "bonded zone - serving terminal"),
    ("YANGLING_CBZ", "CITY_YANGLING", "bonded zone - city"),
    # Expressway skeleton between the cities (一核两翼).
    ("CITY_XIAN", "CITY_XIANYANG", "G30 Lianhuo"),
    ("CITY_XIANYANG", "CITY_YANGLING", "G30 Lianhuo"),
    ("CITY_YANGLING", "CITY_BAOJI", "G30 Lianhuo"),
    ("CITY_XIAN", "CITY_WEINAN", "G30 Lianhuo"),
    ("CITY_WEINAN", "CITY_HANCHENG", "G5 Jingkun"),
    ("CITY_XIAN", "CITY_TONGCHUAN", "G65 Baomao"),
    ("CITY_TONGCHUAN", "CITY_YANAN", "G65 Baomao"),
    ("CITY_YANAN", "CITY_YULIN", "G65 Baomao"),
    ("CITY_XIAN", "CITY_HANZHONG", "G5 Jingkun (Qinling tunnels)"),
    ("CITY_XIAN", "CITY_ANKANG", "G65 Baomao (Zhongnanshan tunnel)"),
    ("CITY_XIAN", "CITY_SHANGLUO", "G40 Hushaan"),
    ("CITY_BAOJI", "CITY_HANZHONG", "G85 Yinkun"),
    ("CITY_HANZHONG", "CITY_ANKANG", "G7011 Shitian"),
    # Long-haul trucking to the sea ports and Chongqing (alternatives to rail).
    ("XIAN_PORT", "QINGDAO", "long-haul trucking to the coast"),
    ("XIAN_PORT", "LIANYUNGANG", "long-haul trucking to the coast (G30)"),
    ("XIAN_PORT", "SHANGHAI", "long-haul trucking to the coast (G40)"),
    ("XIAN_PORT", "NINGBO", "long-haul trucking to the coast"),
    ("CITY_ANKANG", "CHONGQING_TJC", "G65 Baomao to Chongqing"),
    # Airport - rail terminal in the same foreign or coastal city (mode comparison).
    ("PVG", "SHANGHAI", "airport - sea port"),
    ("CKG", "CHONGQING_TJC", "airport - rail terminal"),
    ("ALA", "ALMATY", "airport - rail terminal"),
    ("TAS", "TASHKENT", "airport - rail terminal"),
    ("SVO", "MOSCOW", "airport - rail terminal"),
    ("BUD", "BUDAPEST", "airport - rail terminal"),
    ("MXP", "MILAN", "airport - rail terminal"),
    ("LGG", "DUISBURG", "airport - rail terminal (Liège-Duisburg trucking)"),
    ("ROTTERDAM", "DUISBURG", "sea port - inland terminal (A15/A3)"),
    # Places that had no way to their sea port or European hubs (issue 10).
    ("MILAN", "DUISBURG", "Milan - Duisburg via the Gotthard/Basel corridor (A2/E35)"),
    # Warsaw's only other way in, with the Polish-Belarusian border closed: by sea to
    # Hamburg, then by road (A2/E30 via Berlin).
    ("HAMBURG", "WARSAW", "Hamburg - Warsaw via Berlin (A24/A10/A12, A2/E30)"),
    ("XUZHOU", "LIANYUNGANG", "Xuzhou - its sea port Lianyungang (G30)"),
    ("XIANGYANG", "SHANGHAI", "Xiangyang - Shanghai port (G70/G42; no Wuhan river port node)"),
    ("SHIJIAZHUANG", "TIANJIN", "Shijiazhuang - Tianjin port (G18/G1)"),
    # Competing gateways: each city to its own terminal and airport, and trucking to Xi'an
    # (EST-GATEWAYS).
    ("CITY_ZHENGZHOU", "ZHENGZHOU_PUTIAN", "city - gateway rail terminal"),
    ("CITY_ZHENGZHOU", "CGO", "city - airport"),
    ("CITY_ZHENGZHOU", "XIAN_PORT", "long-haul trucking to Xi'an (G30)"),
    ("CITY_ZHENGZHOU", "XIY", "trucking to Xi'an Xianyang airport (G30)"),
    ("CITY_WUHAN", "WUHAN_WJS", "city - gateway rail terminal"),
    ("CITY_WUHAN", "XIAN_PORT", "long-haul trucking to Xi'an (G70)"),
    ("CITY_WUHAN", "XIY", "trucking to Xi'an Xianyang airport (G70)"),
    ("CITY_WUHAN", "CGO", "trucking to Zhengzhou airport (G4)"),
    ("CITY_CHENGDU", "CHENGDU_QBJ", "city - gateway rail terminal"),
    ("CITY_CHENGDU", "CTU", "city - airport"),
    ("CITY_CHENGDU", "XIAN_PORT", "long-haul trucking to Xi'an (G5)"),
    ("CITY_CHENGDU", "XIY", "trucking to Xi'an Xianyang airport (G5)"),
    ("CITY_CHONGQING", "CHONGQING_TJC", "city - gateway rail terminal"),
    ("CITY_CHONGQING", "CKG", "city - airport"),
    ("CITY_CHONGQING", "XIAN_PORT", "long-haul trucking to Xi'an (G65)"),
    ("CITY_CHONGQING", "XIY", "trucking to Xi'an Xianyang airport (G65)"),
    ("CITY_LANZHOU", "LANZHOU_ZCB", "city - gateway rail terminal"),
    ("CITY_LANZHOU", "XIAN_PORT", "long-haul trucking to Xi'an (G30)"),
    ("CITY_LANZHOU", "XIY", "trucking to Xi'an Xianyang airport (G30)"),
    ("CITY_URUMQI", "URUMQI_ASM", "city - assembly centre"),
]
for a, b, why in ROAD_ROWS:
    d = road_km(a, b)
    link(f"D_{a}_{b}", a, b, "road", "road", distance=d, time=d / ROAD_KMH,
         cost=d * TRUCK_CNY_PER_FEU_KM / TEU_PER_FEU, co2=CO2_ROAD, source=ROAD_SRC,
         est=ROAD_EST, note=f"Road: {why}.")  # fmt: skip


# =====================================================================================
# 5.8 Services: the trains, sailings and flights that run over the links (EST-SVC)
# =====================================================================================
# One row per service and direction (data/services/services.csv) and one per stop
# (data/services/stops.csv), in the format of the services contract (docs/services.md).
# A stop is given by the run time from the previous stop and its dwell; the links ridden
# are always listed (via_links), so the library never has to guess a path.

SERVICES: list[dict[str, Any]] = []
STOPS: list[dict[str, Any]] = []
LINK_BY_ID = {lk["id"]: lk for lk in LINKS}

SERVICE_COLUMNS = (
    "service_id", "name", "name_zh", "operator", "mode", "corridor", "departures_per_week",
    "timetable", "capacity_teu_per_departure", "capacity_t_per_departure", "fare_basis",
    "fare_fixed_cny", "fare_cny_per_km", "reefer", "dangerous_goods", "cargo_classes",
    "year", "year_opened", "source", "estimated", "note",
)  # fmt: skip
STOP_COLUMNS = ("service_id", "seq", "node", "arrive_h", "depart_h", "via_links", "pickup",
                "dropoff", "source", "estimated", "note")  # fmt: skip
SERVICE_SHORT = {
    "dep": "departures_per_week", "cap_teu": "capacity_teu_per_departure",
    "cap_t": "capacity_t_per_departure", "fixed": "fare_fixed_cny",
    "per_km": "fare_cny_per_km", "dg": "dangerous_goods", "est": "estimated",
}
#: Short English and Chinese place names of stops, for service names.
PLACE = {
    "XIAN_PORT": ("Xi'an", "西安"), "XIY": ("Xi'an", "西安"), "DUISBURG": ("Duisburg", "杜伊斯堡"),
    "CHONGQING_TJC": ("Chongqing", "重庆"), "SHIJIAZHUANG": ("Shijiazhuang", "石家庄"),
    "HO_CHI_MINH": ("Ho Chi Minh City", "胡志明市"), "PORT_KLANG": ("Port Klang", "巴生港"),
    "BAKU": ("Baku (Alat)", "巴库"), "AKTAU": ("Aktau", "阿克套"),
    "NINGBO": ("Ningbo", "宁波"), "QINGDAO": ("Qingdao", "青岛"), "SHANGHAI": ("Shanghai", "上海"),
    "TIANJIN": ("Tianjin", "天津"), "QINZHOU": ("Qinzhou", "钦州"),
    "LIANYUNGANG": ("Lianyungang", "连云港"), "SINGAPORE": ("Singapore", "新加坡"),
    "ROTTERDAM": ("Rotterdam", "鹿特丹"), "HAMBURG": ("Hamburg", "汉堡"),
    "LGG": ("Liège", "列日"), "BRU": ("Brussels", "布鲁塞尔"), "FRU": ("Bishkek", "比什凯克"),
    "ALA": ("Almaty", "阿拉木图"), "TAS": ("Tashkent", "塔什干"), "ICN": ("Seoul", "首尔"),
    "NRT": ("Tokyo", "东京"), "SVO": ("Moscow", "莫斯科"), "BUD": ("Budapest", "布达佩斯"),
    "DEB": ("Debrecen", "德布勒森"), "MXP": ("Milan", "米兰"), "DEL": ("Delhi", "德里"),
    "ORD": ("Chicago", "芝加哥"), "UYN": ("Yulin", "榆林"), "ENY": ("Yan'an", "延安"),
    "HZG": ("Hanzhong", "汉中"), "AKA": ("Ankang", "安康"), "PVG": ("Shanghai", "上海"),
    "CKG": ("Chongqing", "重庆"), "CGO": ("Zhengzhou", "郑州"), "CTU": ("Chengdu", "成都"),
    "LUX": ("Luxembourg", "卢森堡"), "CHENGDU_QBJ": ("Chengdu", "成都"),
    "ZHENGZHOU_PUTIAN": ("Zhengzhou", "郑州"), "WUHAN_WJS": ("Wuhan", "武汉"),
    "LANZHOU_ZCB": ("Lanzhou", "兰州"), "URUMQI_ASM": ("Urumqi", "乌鲁木齐"),
    "GUANGZHOU_GJG": ("Guangzhou", "广州"), "POTI": ("Poti", "波季"),
    "CONSTANTA": ("Constanța", "康斯坦察"),
}  # fmt: skip


def place(node_id: str) -> tuple[str, str]:
    """Return the short English and Chinese name of a stop."""
    if node_id in PLACE:
        return PLACE[node_id]
    n = NODE_BY_ID[node_id]
    english = n["name"].split(" (")[0]
    for word in (" rail freight centre", " rail freight station", " East", " North"):
        english = english.replace(word, "")
    chinese = n["name_zh"].split("（")[0]
    for word in ("铁路物流中心", "铁路货运站", "东站", "北站"):
        chinese = chinese.replace(word, "")
    return english, chinese


def stop(node_id: str, run: float | None = None, dwell: float = 0.0, via: str = "",
         **columns: str) -> dict[str, Any]:  # fmt: skip
    """Return one stop: node, run time (h) from the previous stop, dwell (h), links.

    ``via`` is the ``;``-list of links ridden from the previous stop; ``source``, ``est``
    and ``note`` go to the stop's row.
    """
    return {"node": node_id, "run": run, "dwell": dwell, "via": via, **columns}


def run_h(via: str) -> float:
    """Return the time in motion (h) over links at their own (section) speed."""
    return sum(LINK_BY_ID[i]["time_h"] for i in via.split(";"))


def ride_km(via: str) -> float:
    """Return the length (km) of a ride over links."""
    return sum(LINK_BY_ID[i]["distance_km"] for i in via.split(";"))


def reverse(stops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the stops of the return run: same links backwards, same runs and dwells.

    What belongs to the run into a stop (its time, links, the places it passes, its
    sources) moves with the run; what belongs to the stop stays. Every arrival of a return
    run is marked estimated: the mirrored time is not a sourced eastbound figure.
    """
    out = []
    last = len(stops) - 1
    for k in range(last, -1, -1):
        own, nxt = stops[k], (stops[k + 1] if k < last else {})
        est = {c for c in own.get("est", "").split(";") if c == "depart_h" and k > 0}
        est |= {"arrive_h"} if nxt else set()  # a mirrored run time is an estimate
        own_source = own.get("source", "") if 0 < k < last else ""
        source = ";".join(dict.fromkeys(filter(None, [*own_source.split(";"),
                                                      *nxt.get("source", "").split(";")])))
        out.append({
            **own, "run": nxt.get("run"), "dwell": own["dwell"] if 0 < k < last else 0.0,
            "via": ";".join(reversed(nxt["via"].split(";"))) if nxt else "",
            "passes": nxt.get("passes", ""), "source": source,
            "est": ";".join(c for c in ("arrive_h", "depart_h") if c in est),
        })  # fmt: skip
    return out


def service(ident: str, mode: str, corridor: str, stops: list[dict[str, Any]],
            **columns: Any) -> dict[str, Any]:  # fmt: skip
    """Append one service and its stops; return the service row.

    ``columns`` are the contract's columns by name or by their short name
    (``SERVICE_SHORT``); ``name``/``name_zh`` default from the first and last stop and
    ``prefix``/``prefix_zh`` (e.g. "Chang'an standard train").
    """
    given = {SERVICE_SHORT.get(k, k): v for k, v in columns.items()}
    prefix, prefix_zh = given.pop("prefix", ""), given.pop("prefix_zh", "")
    exit_en, exit_zh = given.pop("via", ("", ""))
    (a, a_zh), (b, b_zh) = place(stops[0]["node"]), place(stops[-1]["node"])
    via_en, via_zh = (f" via {exit_en}", f"（经{exit_zh}）") if exit_en else ("", "")
    given.setdefault("name", f"{prefix} {a} - {b}{via_en}".strip())
    given.setdefault("name_zh", f"{prefix_zh} {a_zh}—{b_zh}{via_zh}".strip())
    given.setdefault("fare_basis", "t" if mode == "air" else "teu")
    row = {c: given.pop(c, None) for c in SERVICE_COLUMNS}
    row.update({"service_id": ident, "mode": mode, "corridor": corridor})
    if given:
        message = f"service {ident}: {sorted(given)} are not columns of the contract"
        raise SystemExit(message)
    for c in ("name_zh", "operator", "timetable", "cargo_classes", "estimated", "note"):
        row[c] = row[c] or ""
    t = 0.0
    for seq, s in enumerate(stops, start=1):
        arrive = None if seq == 1 else t + s["run"]
        depart = None if seq == len(stops) else (0.0 if seq == 1 else arrive + s["dwell"])
        t = depart if depart is not None else t
        passes = f"passes {s['passes']}" if s.get("passes") else ""
        note = "; ".join(filter(None, [s.get("note", ""), passes]))
        # EST-TECHSTOP: a block train's intermediate stop at a border station (export
        # formalities, gauge change) is technical: no box boards or leaves it there.
        pickup, dropoff = stop_access(mode, stops, seq)
        STOPS.append({"service_id": ident, "seq": seq, "node": s["node"], "arrive_h": arrive,
                      "depart_h": depart, "via_links": s["via"], "pickup": pickup,
                      "dropoff": dropoff, "source": s.get("source", ""),
                      "estimated": s.get("est", ""), "note": note})  # fmt: skip
    row["_stops"] = stops
    SERVICES.append(row)
    return row


def stop_access(mode: str, stops: list[dict[str, Any]], seq: int) -> tuple[str, str]:
    """Whether boxes may board and leave at stop ``seq`` (1-based): ``yes``/``no`` each.

    EST-TECHSTOP: at a block train's intermediate border station no box boards or
    leaves; at the EU entry terminals (Malaszewicze, Kuznica, Braniewo) boxes for Poland
    leave westbound trains and boxes from Poland board eastbound ones.
    """
    node_id = stops[seq - 1]["node"]
    if mode != "rail" or seq in (1, len(stops)):
        return "yes", "yes"
    if node_id in EU_GAUGE:
        westbound = NODE_BY_ID[stops[0]["node"]]["country"] == "CN"
        return ("no", "yes") if westbound else ("yes", "no")
    if NODE_BY_ID[node_id]["kind"] == "border_crossing":
        return "no", "no"
    return "yes", "yes"


def service_row(ident: str) -> dict[str, Any]:
    """Return the service row of an id."""
    return next(r for r in SERVICES if r["service_id"] == ident)


def end_to_end_h(row: dict[str, Any]) -> float:
    """Return a service's time (h) from the first departure to the last arrival."""
    mine = [s for s in STOPS if s["service_id"] == row["service_id"]]
    return mine[-1]["arrive_h"]


def service_km(row: dict[str, Any]) -> float:
    """Return the length (km) of a service's whole run."""
    return sum(ride_km(s["via"]) for s in row["_stops"][1:])


# --- 5.8.1 Chang'an China-Europe trains (EST-CE-2024, EST-DEP) ----------------------
CE_AKL = "CE_XIAN_PORT_ALASHANKOU"
CE_DOS_MAL = "CE_DOSTYK_MINSK;CE_MINSK_BREST;CE_BREST_MALASZEWICZE"
GAUGE_NOTE_E = "gauge change 1435/1520 mm (transshipment in the dwell)"
GAUGE_NOTE_W = "gauge change 1520/1435 mm (transshipment in the dwell)"
# Standard trains, 2024: every stop time follows from the section speeds and the dwells;
# the Malaszewicze dwell is what remains of the sourced 12 days Xi'an-Duisburg.
T_STD_FIXED = (
    run_h(CE_AKL) + CE_BORDER_CN_H + run_h("CE_ALASHANKOU_DOSTYK") + GAUGE_EAST_H
    + run_h(CE_DOS_MAL) + run_h("CE_MALASZEWICZE_DUISBURG")
)  # fmt: skip
GAUGE_BREST_H = CE_DUISBURG_STD_H - T_STD_FIXED
for border in ("DOSTYK", "ALTYNKOL", "ZAMYN_UUD", "ZABAYKALSK"):
    NODE_BY_ID[border]["gauge_change_h"] = GAUGE_EAST_H
for entry in ("MALASZEWICZE", "KUZNICA", "BRANIEWO"):  # EST-EU-SPLIT: same practice
    NODE_BY_ID[entry]["gauge_change_h"] = GAUGE_BREST_H
CALIBRATION["Malaszewicze dwell of standard trains, rest of the 12 d (h)"] = GAUGE_BREST_H

CE_SVC_SRC = "FS-1.3-DUI;FS-3-CE-2024;FS-4.1;FS-4.2;SV-CE-CN;SV-ERAI;SV-HUB;EST-CE-2024;"
CE_SVC_SRC += "SV-EXITS;SV-XIAN-LINES;EST-DEP;EST-FLAGS"
CE_SVC_EST = "departures_per_week;capacity_teu_per_departure;reefer;dangerous_goods"
CE_SVC = {"cap_teu": CE_TEU_PER_TRAIN, "fixed": 0.0, "per_km": R_CE, "reefer": True,
          "dg": False, "prefix": "Chang'an standard train", "prefix_zh": "长安号"}  # fmt: skip


def via_alashankou(*tail: dict[str, Any]) -> list[dict[str, Any]]:
    """Stops of a standard train out of Xi'an via Alashankou and Dostyk, then ``tail``."""
    return [
        stop("XIAN_PORT"),
        stop("ALASHANKOU", run_h(CE_AKL), CE_BORDER_CN_H, CE_AKL, source="SV-CE-CN",
             est="depart_h", note="CN border station: export formalities"),
        stop("DOSTYK", run_h("CE_ALASHANKOU_DOSTYK"), GAUGE_EAST_H, "CE_ALASHANKOU_DOSTYK",
             source="SV-HUB", est="depart_h", note=GAUGE_NOTE_E),
        *tail,
    ]  # fmt: skip


#: The crossings into the EU (EST-EU-SPLIT): key -> (1520 mm side, reloading terminal,
#: links from Minsk, extra hours on the way, places passed, service-id suffix, source).
EU_CROSSINGS = {
    "BREST": ("BREST", "MALASZEWICZE", "CE_MINSK_BREST;CE_BREST_MALASZEWICZE", 0.0, "Brest",
              "", "SV-ERAI"),
    "BRUZGI": ("BRUZGI", "KUZNICA", "CE_MINSK_BRUZGI;CE_BRUZGI_KUZNICA", 0.0, "Bruzgi",
               "_BRU", "SV-ERAI;SV-BRUZGI;EST-EU-SPLIT"),
    "MAMONOVO": ("MAMONOVO", "BRANIEWO", "CE_MINSK_MAMONOVO;CE_MAMONOVO_BRANIEWO",
                 LT_TRANSIT_H, "Vilnius, Kaliningrad, Mamonovo", "_KGD",
                 "SV-ERAI;SV-KGD-2020;SV-KGD-ROUTE;EST-EU-SPLIT"),
}  # fmt: skip
EU_GAUGE = {v[1] for v in EU_CROSSINGS.values()}
CROSSING_LABEL = {"BREST": "Brest-Malaszewicze", "BRUZGI": "Bruzgi-Kuznica",
                  "MAMONOVO": "Kaliningrad (Mamonovo-Braniewo)"}  # fmt: skip
#: Whole westbound patterns routed over another crossing (EST-EU-SPLIT): (gateway, exit,
#: destination) -> crossing; every other EU-bound pattern runs via Brest.
EU_WHOLE = {
    ("ZHENGZHOU", "ERENHOT", "HAMBURG"): "BRUZGI",
    ("CHONGQING", "ALASHANKOU", "WARSAW"): "BRUZGI",
    ("WUHAN", "ALASHANKOU", "WARSAW"): "BRUZGI",
    ("CHENGDU", "ALASHANKOU", "MILAN"): "BRUZGI",
    ("CHONGQING", "ALASHANKOU", "BUDAPEST"): "BRUZGI",
    ("LANZHOU", "ALASHANKOU", "DUISBURG"): "BRUZGI",
    ("URUMQI", "ALASHANKOU", "DUISBURG"): "MAMONOVO",
}


def route_departures(key: tuple[str, str, str], n: float) -> dict[str, float]:
    """Weekly departures of an EU-bound pattern by crossing: the whole pattern on one."""
    return {EU_WHOLE.get(key, "BREST"): n}


def entry_stop(crossing: str, head: str, extra_h: float = 0.0, est: str = "depart_h",
               passes: str = "Minsk") -> dict[str, Any]:  # fmt: skip
    """The stop at the EU reloading terminal of ``crossing``, after the links ``head``."""
    _, gauge, tail, add_h, passed, _, src = EU_CROSSINGS[crossing]
    via = f"{head};{tail}"
    places = f"{passes}, {passed}".split(", ")
    return stop(gauge, run_h(via) + add_h + extra_h, GAUGE_BREST_H, via, source=src,
                est=est, note=GAUGE_NOTE_W,
                passes=", ".join(places[:-1]) + " and " + places[-1])


def to_europe(dest: str, crossing: str = "BREST") -> list[dict[str, Any]]:
    """Stops of a standard train to a European terminal via one of the EU crossings."""
    leg = f"CE_{EU_CROSSINGS[crossing][1]}_{dest}"
    return via_alashankou(
        entry_stop(crossing, "CE_DOSTYK_MINSK"),
        stop(dest, run_h(leg), via=leg, est="arrive_h"),
    )  # fmt: skip


def via_khorgos(*tail: dict[str, Any]) -> list[dict[str, Any]]:
    """Stops of a train out of Xi'an via Khorgos and Altynkol (SV-KHG-FIXED timing)."""
    return [
        stop("XIAN_PORT"),
        stop("KHORGOS", T_XIAN_KHORGOS, KHG_CN_H, "CE_XIAN_PORT_KHORGOS",
             source="SV-CE-CN;SV-KHG-FIXED", est="arrive_h;depart_h",
             note="CN border station: export formalities"),
        stop("ALTYNKOL", T_KHG_ALT, KHG_BORDER_H - KHG_CN_H, "CE_KHORGOS_ALTYNKOL",
             source="SV-KHG-FIXED", est="depart_h", note=GAUGE_NOTE_E),
        *tail,
    ]  # fmt: skip


# Khorgos corridor, 2024: Xi'an -> Urumqi at the Chinese section speed, then the sourced
# Urumqi -> Almaty 35 h 24 min (border operations <= 5 h, the running time spread by km).
URUMQI_AT = V_XIAN_KHORGOS.index(W["Urumqi"]) + 1
D_XIAN_URUMQI = poly_km([xy("XIAN_PORT"), *V_XIAN_KHORGOS[:URUMQI_AT]]) * F_RAIL
D_URUMQI_ALMATY = (
    LINK_BY_ID["CE_XIAN_PORT_KHORGOS"]["distance_km"] - D_XIAN_URUMQI
    + ride_km("CE_KHORGOS_ALTYNKOL;CE_ALTYNKOL_ALMATY")
)  # fmt: skip
V_KHG = D_URUMQI_ALMATY / (KHG_URUMQI_ALMATY_H - KHG_BORDER_H)
T_XIAN_KHORGOS = D_XIAN_URUMQI / V_CN + (
    LINK_BY_ID["CE_XIAN_PORT_KHORGOS"]["distance_km"] - D_XIAN_URUMQI
) / V_KHG
T_KHG_ALT = ride_km("CE_KHORGOS_ALTYNKOL") / V_KHG
CALIBRATION.update(
    {
        "Urumqi-Almaty via Khorgos in the model (km; sourced 1,048)": D_URUMQI_ALMATY,
        "Khorgos corridor speed Urumqi-Almaty, 35.4 h less 5 h border (km/h)": V_KHG,
    }
)

#: Westbound Chang'an standard trains a week (EST-DEP): (id, stops, departures, note).
#: The mirrored eastbound trains run as often (trains return, loaded or empty).
CHANGAN = [
    ("DUISBURG", to_europe("DUISBURG"), 7, "FS-2-DUI-STD"),
    ("HAMBURG", to_europe("HAMBURG"), 6, "FS-7-DEST;FS-7-SJZ"),
    ("WARSAW", to_europe("WARSAW"), 5, "FS-1.3-RIX;SV-PL"),
    ("BUDAPEST", to_europe("BUDAPEST"), 3, "FS-1.3-RIX"),
    ("MILAN", to_europe("MILAN"), 2, "FS-1.3-RIX;SV-MIL;SV-MIL-HUPAC"),
    ("MINSK", via_alashankou(stop("MINSK", run_h("CE_DOSTYK_MINSK"), via="CE_DOSTYK_MINSK",
                                  est="arrive_h")), 1, "FS-1.3-RIX"),
    ("MOSCOW", via_alashankou(stop("MOSCOW", run_h("CE_DOSTYK_MOSCOW"),
                                   via="CE_DOSTYK_MOSCOW", est="arrive_h")), 4.5,
     "FS-1.3-MOW;FS-2-MOW"),
    ("RIGA", via_alashankou(stop("RIGA", run_h("CE_DOSTYK_RIGA"), via="CE_DOSTYK_RIGA",
                                 est="arrive_h")), 1, "FS-1.3-RIX"),
    ("ALMATY", via_alashankou(stop("ALMATY", run_h("CE_DOSTYK_ALMATY"),
                                   via="CE_DOSTYK_ALMATY", est="arrive_h")), 1,
     "FS-1.3-ALA;FS-2-ALA"),
]  # fmt: skip
CHANGAN_KHORGOS = [
    ("ALMATY", via_khorgos(stop("ALMATY", ride_km("CE_ALTYNKOL_ALMATY") / V_KHG,
                                via="CE_ALTYNKOL_ALMATY", source="SV-KHG-FIXED")), 3,
     "SV-KHG-FIXED;SV-KHG-KM"),
    ("TASHKENT", via_khorgos(stop("TASHKENT", ride_km("CE_ALTYNKOL_ALMATY") / V_KHG
                                  + run_h("CE_ALMATY_TASHKENT"),
                                  via="CE_ALTYNKOL_ALMATY;CE_ALMATY_TASHKENT",
                                  est="arrive_h", passes="Almaty")), 2.5,
     "FS-2-TAS;FS-7-DEST;SV-KHG-FIXED"),
]  # fmt: skip
CHANGAN_EAST = [
    ("ERENHOT", "ZAMYN_UUD", 4),
    ("MANZHOULI", "ZABAYKALSK", 4),
]
#: Chinese and English names of the crossings, for the names of their services.
CROSSING_NAME = {"BRUZGI": ("Bruzgi", "布鲁兹基"), "MAMONOVO": ("Kaliningrad", "加里宁格勒")}
for dest, stops, n, src in CHANGAN:
    for ident, s in ((f"CE_XIAN_{dest}_STD", stops), (f"CE_{dest}_XIAN_STD", reverse(stops))):
        service(ident, "rail", "china_europe", s, dep=n, year=2024, source=f"{CE_SVC_SRC};{src}",
                est=CE_SVC_EST + (";fare_cny_per_km" if dest != "DUISBURG" else ""), **CE_SVC,
                via=("Alashankou", "阿拉山口") if dest in ("ALMATY", "MOSCOW") else ("", ""),
                note=("Via Alashankou and Dostyk. " if s is stops else "Return run of the "
                      "westbound train, same stops and times (EST). ")
                + "Stop times from the 2024 section speeds (EST-CE-2024).")  # fmt: skip
for dest, stops, n, src in CHANGAN_KHORGOS:
    for ident, s in ((f"CE_XIAN_{dest}_KHG", stops), (f"CE_{dest}_XIAN_KHG", reverse(stops))):
        service(ident, "rail", "china_europe", s, dep=n, year=2024,
                source=f"{CE_SVC_SRC};FS-0.4;{src}", est=CE_SVC_EST + ";fare_cny_per_km", **CE_SVC,
                via=("Khorgos", "霍尔果斯") if dest == "ALMATY" else ("", ""),
                note=("Via Khorgos and Altynkol. " if s is stops else "Return run, same "
                      "stops and times (EST). ")
                + "Urumqi-Almaty section at the sourced fixed-schedule time (35 h 24 min, "
                "2024).")  # fmt: skip
for exit_, border, n in CHANGAN_EAST:
    out_link, border_link = f"CE_XIAN_PORT_{exit_}", f"CE_{exit_}_{border}"
    moscow = f"CE_{border}_MOSCOW"
    stops = [
        stop("XIAN_PORT"),
        stop(exit_, run_h(out_link), CE_BORDER_CN_H, out_link, est="arrive_h;depart_h",
             note="CN border station: export formalities"),
        stop(border, run_h(border_link), GAUGE_EAST_H, border_link, est="depart_h",
             note=GAUGE_NOTE_E),
        stop("MOSCOW", run_h(moscow), via=moscow, est="arrive_h"),
    ]  # fmt: skip
    for ident, s in ((f"CE_XIAN_MOSCOW_{exit_[:3]}", stops),
                     (f"CE_MOSCOW_XIAN_{exit_[:3]}", reverse(stops))):  # fmt: skip
        service(ident, "rail", "china_europe", s, dep=n, year=2024,
                source=f"{CE_SVC_SRC};FS-0.4", est=CE_SVC_EST + ";fare_cny_per_km", **CE_SVC,
                via=(place(exit_)[0], place(exit_)[1]),
                note=f"Via {exit_.title()} and {border.replace('_', '-').title()}; stop "
                "times from the 2024 section speeds (EST-CE-2024).")  # fmt: skip

# Fixed-schedule express (SV-EXP): its own times; the 1520 mm run is what remains of
# ~10 d westbound and 11.5 d eastbound after the sourced and estimated parts.
EXP_PARTS_H = (CE_CN_EXP_H + CE_BORDER_CN_H + run_h("CE_ALASHANKOU_DOSTYK")
               + GAUGE_EXP_EAST_H + EXP_MAL_H + ride_km("CE_MALASZEWICZE_DUISBURG")
               / CE_EU_EXP_KMH)  # fmt: skip
T_EXP_1520 = CE_DUISBURG_EXP_H - EXP_PARTS_H
T_EXP_1520_EAST = CE_DUISBURG_EXP_EAST_H - EXP_PARTS_H
CALIBRATION.update(
    {
        "express 1520 mm speed westbound, ~10 d (km/h)": ride_km(CE_DOS_MAL) / T_EXP_1520,
        "express 1520 mm speed eastbound, 11.5 d (km/h)": ride_km(CE_DOS_MAL) / T_EXP_1520_EAST,
    }
)


def express(t_1520: float) -> list[dict[str, Any]]:
    """Stops of the Xi'an -> Duisburg fixed-schedule express with a 1520 mm run time."""
    return [
        stop("XIAN_PORT", note="Xi'an International Port Station"),
        stop("ALASHANKOU", CE_CN_EXP_H, CE_BORDER_CN_H, CE_AKL, source="SV-CE-CN",
             est="depart_h", note="CN border station: export formalities"),
        stop("DOSTYK", run_h("CE_ALASHANKOU_DOSTYK"), GAUGE_EXP_EAST_H,
             "CE_ALASHANKOU_DOSTYK", source="SV-HUB;SV-KHG-FIXED", est="depart_h",
             note=GAUGE_NOTE_E + "; priority handling"),
        stop("MALASZEWICZE", t_1520, EXP_MAL_H, CE_DOS_MAL, source="SV-ERAI",
             est="arrive_h;depart_h", note=GAUGE_NOTE_W, passes="Minsk and Brest"),
        stop("DUISBURG", ride_km("CE_MALASZEWICZE_DUISBURG") / CE_EU_EXP_KMH,
             via="CE_MALASZEWICZE_DUISBURG", est="arrive_h"),
    ]  # fmt: skip


EXP = {**CE_SVC, "prefix": "Chang'an fixed-schedule express",
       "prefix_zh": "长安号 全程时刻表班列"}  # fmt: skip
service("CE_XIAN_DUISBURG_EXP", "rail", "china_europe", express(T_EXP_1520),
        timetable=CE_EXPRESS_TIMETABLE, year=2024, year_opened=2022,
        source=f"{CE_SVC_SRC};FS-2-DUI-EXP;SV-EXP", est="capacity_teu_per_departure", **EXP,
        note="Wed and Sat 03:55 from Xi'an International Port Station (2/week since 1 Jul "
        "2023); ~10 d, record 9 d 19 h 26 min; 50-55 FEU.")  # fmt: skip
service("CE_DUISBURG_XIAN_EXP", "rail", "china_europe", reverse(express(T_EXP_1520_EAST)),
        dep=2, year=2023, year_opened=2022,
        source=f"{CE_SVC_SRC};FS-2-DUI-EAST;SV-EXP",
        est="departures_per_week;capacity_teu_per_departure", **EXP,
        note="Eastbound fixed-schedule train, 11-12 d (11.5 d); departure days not "
        "sourced.")  # fmt: skip

# Trans-Caspian (EST-TC): rail to Aktau, then the Caspian ferry to Alat (Baku).
TC_STOPS = via_khorgos(stop("AKTAU", run_h("TC_ALTYNKOL_AKTAU"), via="TC_ALTYNKOL_AKTAU",
                            est="arrive_h"))  # fmt: skip
for ident, s in (("TC_XIAN_AKTAU", TC_STOPS), ("TC_AKTAU_XIAN", reverse(TC_STOPS))):
    service(ident, "rail", "trans_caspian", s, dep=TC_TRAINS_PER_WEEK, year=2025,
            source=f"{CE_SVC_SRC};FS-0.4;FS-2-BAK;FS-4.1-TC;SV-TC;EST-TC",
            est=CE_SVC_EST + ";fare_cny_per_km",
            **{**CE_SVC, "prefix": "Chang'an trans-Caspian train"},
            note="Middle Corridor rail leg; boxes change to the Caspian ferry at Aktau "
            "(AKTAU dwell_h: the port wait).")  # fmt: skip
FERRY_STOPS = [stop("AKTAU"), stop("BAKU", T_FERRY, via="TC_AKTAU_BAKU", est="arrive_h")]
for ident, s in (("TC_AKTAU_BAKU_FERRY", FERRY_STOPS),
                 ("TC_BAKU_AKTAU_FERRY", reverse(FERRY_STOPS))):  # fmt: skip
    service(ident, "sea", "trans_caspian", s, dep=FERRY_PER_WEEK, year=2025,
            fixed=FERRY_CNY_PER_TEU, per_km=0.0, reefer=True, dg=False,
            prefix="Caspian rail ferry", prefix_zh="里海铁路轮渡",
            source="FS-2-BAK;FS-4.1-TC;SV-CASPIAN;EST-TC;EST-FX",
            est="departures_per_week;fare_fixed_cny;reefer;dangerous_goods",
            note="Aktau-Alat rail ferry; frequency and fare are placeholders (EST-TC).")
# Onward from Baku (SV-TC-POTI, SV-TC-BLACKSEA; EST-TC): rail to Poti, the Black Sea feeder
# to Constanta, rail to Budapest. Sold separately, as the boxes change at the ports.
TC_ON = [
    ("TC_BAKU_POTI_RAIL", "rail", [stop("BAKU"), stop("POTI", TC_BAKU_POTI_H, via="TC_BAKU_POTI",
                                                   source="SV-TC-POTI")],
     {"dep": TC_BAKU_POTI_PER_WEEK, **CE_SVC, "prefix": "Middle Corridor block train",
      "prefix_zh": "中间走廊班列"}, 2024, "SV-TC-POTI;EST-TC",
     "departures_per_week;capacity_teu_per_departure;reefer;dangerous_goods;fare_cny_per_km",
     "Poti-Baku block train, Tue and Sat, 24 h; fare: the China-Europe rate per TEU-km "
     "(EST-TC)."),
    ("TC_POTI_CONSTANTA_FEEDER", "sea",
     [stop("POTI"), stop("CONSTANTA", TC_BLACKSEA_H, via="TC_POTI_CONSTANTA",
                         source="SV-TC-BLACKSEA")],
     {"dep": TC_BLACKSEA_PER_WEEK, "cap_teu": TC_BLACKSEA_TEU,
      "fixed": SEA_FIXED_CNY + SEA_CNY_PER_KM * D_BLACK, "per_km": 0.0, "reefer": True,
      "dg": False, "prefix": "Black Sea feeder", "prefix_zh": "黑海支线"}, 2022,
     "SV-TC-BLACKSEA;EST-SEA-FARE;EST-FX",
     "fare_fixed_cny;reefer;dangerous_goods",
     "GR Logistics feeder (Rasul Rza, 210 TEU), three sailings a month (2022); 5 d."),
    ("TC_CONSTANTA_BUDAPEST_RAIL", "rail",
     [stop("CONSTANTA"), stop("BUDAPEST", run_h("TC_CONSTANTA_BUDAPEST"),
                              via="TC_CONSTANTA_BUDAPEST", est="arrive_h")],
     {"dep": TC_CONSTANTA_BUD_PER_WEEK, **CE_SVC, "prefix": "Middle Corridor train",
      "prefix_zh": "中间走廊班列"}, 2024, "SV-TC-BUD;EST-TC;EST-CE-2024",
     "departures_per_week;capacity_teu_per_departure;reefer;dangerous_goods;fare_cny_per_km",
     "Onward rail to Budapest at the EU section speed; frequency a placeholder (EST-TC)."),
]  # fmt: skip
for ident, mode, s_out, cols, year, src, est, note_text in TC_ON:
    back = ident.split("_")
    back_id = "_".join([back[0], back[2], back[1], *back[3:]])
    for sid, s in ((ident, s_out), (back_id, reverse(s_out))):
        service(sid, mode, "trans_caspian", s, year=year, source=src, est=est, **cols,
                note=("" if s is s_out else "Return run, same times (EST). ") + note_text)
T_TC_RAIL = end_to_end_h(service_row("TC_XIAN_AKTAU"))
AKTAU_DWELL_H = CE_BAKU_H - T_TC_RAIL - T_FERRY - HOURS_PER_WEEK / FERRY_PER_WEEK / 2
NODE_BY_ID["AKTAU"]["dwell_h"] = AKTAU_DWELL_H
CALIBRATION["AKTAU dwell: port wait, rest of the 16-day average (h)"] = AKTAU_DWELL_H

# --- 5.8.1b China-Europe trains of the competing gateways (EST-GATEWAYS, EST-GW-DEP) ---
#: Short name -> (terminal, brand in English and Chinese, source key).
GATEWAYS = {
    "CHENGDU": ("CHENGDU_QBJ", "Chengdu-Chongqing", "中欧班列（成渝）", "SV-GW-CDCQ"),
    "CHONGQING": ("CHONGQING_TJC", "Chengdu-Chongqing", "中欧班列（成渝）", "SV-GW-CDCQ"),
    "ZHENGZHOU": ("ZHENGZHOU_PUTIAN", "Zhengzhou", "中欧班列（郑州）", "SV-GW-ZZ"),
    "WUHAN": ("WUHAN_WJS", "Wuhan", "中欧班列（武汉）", "SV-GW-WUH"),
    "URUMQI": ("URUMQI_ASM", "Urumqi", "中欧班列（乌鲁木齐）", "SV-GW-URC"),
    "LANZHOU": ("LANZHOU_ZCB", "Lanzhou", "中欧班列（兰州）", "SV-GW-LHW"),
}
#: Westbound patterns (exit, destination, weight): the routes each gateway's sources name,
#: weighted by judgement (EST-GW-DEP); Warsaw stands for Łódź, Duisburg for Liège.
GW_PATTERNS = {
    "CHENGDU": [("ALASHANKOU", "WARSAW", 8), ("ALASHANKOU", "DUISBURG", 3),
                ("ALASHANKOU", "MILAN", 1), ("ALASHANKOU", "MOSCOW", 4),
                ("ALASHANKOU", "MINSK", 2), ("KHORGOS", "ALMATY", 4),
                ("KHORGOS", "TASHKENT", 3)],
    "CHONGQING": [("ALASHANKOU", "DUISBURG", 8), ("ALASHANKOU", "HAMBURG", 2),
                  ("ALASHANKOU", "WARSAW", 2), ("ALASHANKOU", "BUDAPEST", 1),
                  ("ALASHANKOU", "MOSCOW", 4), ("ALASHANKOU", "MINSK", 1),
                  ("KHORGOS", "ALMATY", 4), ("KHORGOS", "TASHKENT", 3)],
    "ZHENGZHOU": [("ERENHOT", "HAMBURG", 6), ("ERENHOT", "MOSCOW", 3),
                  ("ALASHANKOU", "DUISBURG", 3), ("ALASHANKOU", "WARSAW", 1),
                  ("ALASHANKOU", "MILAN", 1), ("ALASHANKOU", "ALMATY", 2)],
    "WUHAN": [("ALASHANKOU", "DUISBURG", 3), ("ERENHOT", "MOSCOW", 3),
              ("ALASHANKOU", "WARSAW", 1), ("ALASHANKOU", "ALMATY", 1)],
    "URUMQI": [("KHORGOS", "ALMATY", 4), ("KHORGOS", "TASHKENT", 3),
               ("ALASHANKOU", "MOSCOW", 2), ("ALASHANKOU", "DUISBURG", 1)],
    "LANZHOU": [("ALASHANKOU", "ALMATY", 3), ("ALASHANKOU", "DUISBURG", 1)],
}  # fmt: skip
EU_DESTS = ("DUISBURG", "HAMBURG", "WARSAW", "BUDAPEST", "MILAN")
#: The Khorgos corridor's Chinese part beyond Urumqi (runs at the Urumqi-Almaty speed).
D_URUMQI_KHORGOS = LINK_BY_ID["CE_XIAN_PORT_KHORGOS"]["distance_km"] - D_XIAN_URUMQI


def gw_stops(origin: str, exit_: str, dest: str, crossing: str = "BREST") -> list[dict[str, Any]]:
    """Stops of a westbound gateway train: the Chang'an rules from another terminal."""
    out_link = f"CE_{origin}_{exit_}"
    d_out = LINK_BY_ID[out_link]["distance_km"]
    cn_note = "CN border station: export formalities"
    if exit_ == "KHORGOS":  # Chinese section speed to Urumqi, the sourced speed beyond
        beyond = min(D_URUMQI_KHORGOS, d_out)
        run = (d_out - beyond) / V_CN + beyond / V_KHG
        tail = "CE_ALTYNKOL_ALMATY" + (";CE_ALMATY_TASHKENT" if dest == "TASHKENT" else "")
        run_tail = ride_km("CE_ALTYNKOL_ALMATY") / V_KHG + (
            run_h("CE_ALMATY_TASHKENT") if dest == "TASHKENT" else 0.0)
        return [
            stop(origin),
            stop("KHORGOS", run, KHG_CN_H, out_link, source="SV-CE-CN;SV-KHG-FIXED",
                 est="arrive_h;depart_h", note=cn_note),
            stop("ALTYNKOL", T_KHG_ALT, KHG_BORDER_H - KHG_CN_H, "CE_KHORGOS_ALTYNKOL",
                 source="SV-KHG-FIXED", est="depart_h", note=GAUGE_NOTE_E),
            stop(dest, run_tail, via=tail, est="arrive_h",
                 passes="Almaty" if dest == "TASHKENT" else ""),
        ]
    border = {"ALASHANKOU": "DOSTYK", "ERENHOT": "ZAMYN_UUD"}[exit_]
    border_link = f"CE_{exit_}_{border}"
    head = [
        stop(origin),
        stop(exit_, run_h(out_link), CE_BORDER_CN_H, out_link, source="SV-CE-CN",
             est="arrive_h;depart_h", note=cn_note),
        stop(border, run_h(border_link), GAUGE_EAST_H, border_link, source="SV-HUB",
             est="depart_h", note=GAUGE_NOTE_E),
    ]
    if dest in EU_DESTS:
        to_minsk = ("CE_DOSTYK_MINSK" if exit_ == "ALASHANKOU" else
                    "CE_ZAMYN_UUD_MOSCOW;CE_MOSCOW_MINSK")
        leg = f"CE_{EU_CROSSINGS[crossing][1]}_{dest}"
        return [*head,
                entry_stop(crossing, to_minsk, est="arrive_h;depart_h",
                           passes="Minsk" if exit_ == "ALASHANKOU" else "Moscow, Minsk"),
                stop(dest, run_h(leg), via=leg, est="arrive_h")]
    leg = f"CE_{border}_{dest}"
    return [*head, stop(dest, run_h(leg), via=leg, est="arrive_h")]


GW_SVC_SRC = "FS-4.1;FS-4.2;SV-CE-CN;SV-ERAI;SV-HUB;EST-CE-2024;EST-GATEWAYS;EST-GW-DEP;EST-FLAGS"
GW_DEPARTURES: dict[str, float] = {}  # westbound departures a week of each gateway
for gw, patterns in GW_PATTERNS.items():
    terminal, brand, brand_zh, gw_src = GATEWAYS[gw]
    each_way = GW_TRAINS_PER_YEAR[gw] / 52 / 2
    weights = sum(w for _, _, w in patterns)
    GW_DEPARTURES[gw] = each_way
    for exit_, dest, weight in patterns:
        n = round(each_way * weight / weights, 2)
        eu = dest in EU_DESTS
        routes = route_departures((gw, exit_, dest), n) if eu else {"BREST": n}
        for crossing, n_x in routes.items():
            stops = gw_stops(terminal, exit_, dest, crossing)
            sfx, x_src = EU_CROSSINGS[crossing][5], EU_CROSSINGS[crossing][6]
            split = ";EST-EU-SPLIT;SV-EU-SHARE" if crossing != "BREST" else ""
            via = CROSSING_NAME.get(crossing, (place(exit_)[0], place(exit_)[1]))
            for ident, s in ((f"CE_{gw}_{dest}_{exit_[:3]}{sfx}", stops),
                             (f"CE_{dest}_{gw}_{exit_[:3]}{sfx}", reverse(stops))):  # fmt: skip
                service(ident, "rail", "china_europe", s, dep=n_x, year=2024,
                        source=f"{GW_SVC_SRC};{gw_src}{split}" + (f";{x_src}" if sfx else ""),
                        est=CE_SVC_EST + ";fare_cny_per_km",
                        **{**CE_SVC, "prefix": f"China-Europe train ({brand})",
                           "prefix_zh": brand_zh},
                        via=via,
                        note=("" if s is stops else "Return run of the westbound train, "
                              "same stops and times (EST). ")
                        + f"{brand} train via {exit_.title()}; the Chang'an rules "
                        "(EST-CE-2024) from its own terminal; frequency: the gateway's "
                        "trains a year split by judgement (EST-GW-DEP)"
                        + (f"; enters the EU via {CROSSING_LABEL[crossing]} "
                           "(EST-EU-SPLIT)." if crossing != "BREST" else ".")
                        )  # fmt: skip

# --- 5.8.1c Crossings into the EU: base shares, capacities, diversions (issue 13) -------
def crossing_of(row: dict[str, Any]) -> str | None:
    """The EU crossing a China-Europe service passes, or None."""
    nodes = {s["node"] for s in row["_stops"]}
    return next((k for k, v in EU_CROSSINGS.items() if v[1] in nodes), None)


def weekly(row: dict[str, Any]) -> float:
    """Departures a week of a service (a timetable's slots counted)."""
    if row["timetable"]:
        return float(len(row["timetable"].split(";")))
    return float(row["departures_per_week"])


#: Westbound EU-bound China-Europe trains a week over each crossing in the base.
EU_WEST = {k: 0.0 for k in EU_CROSSINGS}
for row in SERVICES:
    crossing = crossing_of(row)
    if crossing and NODE_BY_ID[row["_stops"][0]["node"]]["country"] == "CN":
        EU_WEST[crossing] += weekly(row)
EU_WEST_TOTAL = sum(EU_WEST.values())
#: Capacity for China-Europe trains, trains a week each way (EST-EU-CAP).
KGD_CAP = KGD_RAIL_TEU_JAN_2021 / CE_TEU_PER_TRAIN / (31 / 7)
EU_CAPACITY = {
    "BREST": MALASZEWICZE_TRAINS_PER_DAY / 2 * 7,
    "BRUZGI": (1 - BREST_SHARE_WEST[1]) * EU_WEST_TOTAL - KGD_CAP,
    "MAMONOVO": KGD_CAP,
}
CALIBRATION.update(
    {
        "EU-bound westbound China-Europe trains a week in the base (all gateways)": (
            EU_WEST_TOTAL
        ),
        **{f"share of them via {CROSSING_LABEL[k]}": v / EU_WEST_TOTAL
           for k, v in EU_WEST.items()},
        **{f"capacity via {CROSSING_LABEL[k]}, trains a week each way (EST-EU-CAP)": v
           for k, v in EU_CAPACITY.items()},
    }
)  # fmt: skip
for crossing in ("BRUZGI", "MAMONOVO"):  # the terminals' throughput: both ways, in TEU
    NODE_BY_ID[EU_CROSSINGS[crossing][1]]["throughput_teu_per_week"] = (
        2 * EU_CAPACITY[crossing] * CE_TEU_PER_TRAIN
    )
DIVERT_COST_CNY = DIVERT_COST_SHARE * CE_TARGET_CNY_PER_TEU
DIVERSION_COLUMNS = (
    "crossing", "alternative", "priority", "capacity_trains_per_week", "added_time_h",
    "added_cost_cny_per_teu", "source", "estimated", "derivation",
)  # fmt: skip
#: Closed crossing -> its alternatives in the order operators take them (EST-DIVERT).
DIVERT_ORDER = {
    "BREST": ("BRUZGI", "MAMONOVO"),
    "BRUZGI": ("BREST", "MAMONOVO"),
    "MAMONOVO": ("BREST", "BRUZGI"),
}
DIVERSIONS: list[dict[str, Any]] = []
for closed, alternatives in DIVERT_ORDER.items():
    for rank, alt in enumerate(alternatives, start=1):
        extra = EU_CROSSINGS[alt][3] - EU_CROSSINGS[closed][3]
        DIVERSIONS.append({
            "crossing": ";".join(EU_CROSSINGS[closed][:2]),
            "alternative": ";".join(EU_CROSSINGS[alt][:2]),
            "priority": rank,
            "capacity_trains_per_week": round(EU_CAPACITY[alt], 2),
            "added_time_h": DIVERT_REPLAN_H + extra,
            "added_cost_cny_per_teu": round(DIVERT_COST_CNY, 2),
            "source": "SV-BORDER-2025;SV-MAL-2021;SV-EU-SHARE;SV-KGD-2021;EST-EU-CAP;"
                      "EST-DIVERT",
            "estimated": "priority;capacity_trains_per_week;added_time_h;"
                         "added_cost_cny_per_teu",
            "derivation": (
                f"{CROSSING_LABEL[closed]} closed: trains re-routed via "
                f"{CROSSING_LABEL[alt]} over its links, +{DIVERT_REPLAN_H:g} h re-booking"
                + (f" {extra:+g} h of border stops on the way" if extra else "")
                + f", +{DIVERT_COST_SHARE:.0%} of the Xi'an-Duisburg fare per TEU; capacity "
                "each way (EST-EU-CAP)"
            ),
        })  # fmt: skip


# --- 5.8.2 Western Land-Sea: Xi'an - Qinzhou, Chongqing - Qinzhou (EST-WLSNC) --------
W_ALL = "W_XIAN_PORT_CHONGQING_TJC;W_CHONGQING_TJC_GUIYANG;W_GUIYANG_QINZHOU"
W_GY = "W_CHONGQING_TJC_GUIYANG;W_GUIYANG_QINZHOU"
W_HH = "W_CHONGQING_TJC_HUAIHUA;W_HUAIHUA_QINZHOU"
W_SVC = {"cap_teu": TEU_PER_TRAIN, "fixed": rail_fare(0, WLSNC_DISCOUNT),
         "per_km": RAIL_BASE2_CNY_PER_TEU_KM * (1 - WLSNC_DISCOUNT), "reefer": True,
         "dg": True, "prefix": "Western Land-Sea rail-sea train",
         "prefix_zh": "西部陆海新通道 铁海联运班列"}  # fmt: skip
WLSNC_CQ_DWELL_H = (WLSNC_XIAN_QINZHOU_H - run_h("W_XIAN_PORT_CHONGQING_TJC")
                    - WLSNC_CHONGQING_QINZHOU_H)  # fmt: skip
CALIBRATION["WLSNC Xi'an-Qinzhou: re-marshalling at Chongqing in the 5 d (h)"] = WLSNC_CQ_DWELL_H
W_XQ = [stop("XIAN_PORT"),
        stop("QINZHOU", WLSNC_XIAN_QINZHOU_H, via=W_ALL, source="FS-2-QZH",
             passes="Chongqing (re-marshalling) and Guiyang")]  # fmt: skip
W_CQ_GY = [stop("CHONGQING_TJC"),
           stop("QINZHOU", WLSNC_CHONGQING_QINZHOU_H, via=W_GY, source="FS-2-QZH",
                passes="Guiyang")]  # fmt: skip
W_CQ_HH = [stop("CHONGQING_TJC"),
           stop("QINZHOU", ride_km(W_HH) / V_WLSNC_SOUTH, via=W_HH, est="arrive_h",
                passes="Huaihua")]  # fmt: skip
for ident, s, n, year, src, est, note_text in [
    ("WLSNC_XIAN_QINZHOU", W_XQ, 7, 2023, "FS-2-QZH;FS-1.3-QZH", "departures_per_week",
     "Xi'an International Port -> Qinzhou Port East in 5 d (2023), incl. ~"
     f"{WLSNC_CQ_DWELL_H:.0f} h re-marshalling at Chongqing; Shaanxi frequency not found "
     "(7/week placeholder)."),
    ("WLSNC_QINZHOU_XIAN", reverse(W_XQ), 7, 2023, "FS-2-QZH;FS-1.3-QZH",
     "departures_per_week", "Return run, same time (EST)."),
    ("WLSNC_CHONGQING_QINZHOU_GY", W_CQ_GY, 28, 2022, "FS-2-QZH", "departures_per_week",
     "Chongqing's own trains via Guiyang, 2 d; share of the corridor's ~170/week (2022)."),
    ("WLSNC_QINZHOU_CHONGQING_GY", reverse(W_CQ_GY), 28, 2022, "FS-2-QZH",
     "departures_per_week", "Return run (Qinzhou Fri -> Tuanjiecun Sat 23:00 seen)."),
    ("WLSNC_CHONGQING_QINZHOU_HH", W_CQ_HH, 14, 2022, "", "departures_per_week",
     "Chongqing's trains via Huaihua, at the Guiyang route's speed."),
    ("WLSNC_QINZHOU_CHONGQING_HH", reverse(W_CQ_HH), 14, 2022, "", "departures_per_week",
     "Return run."),
]:  # fmt: skip
    service(ident, "rail", "western_land_sea", s, dep=n, year=year,
            source=f"{W_SRC};SV-WLSNC-TRAINS" + (f";{src}" if src else ""),
            est=f"{est};capacity_teu_per_departure;fare_fixed_cny;fare_cny_per_km",
            note=note_text, **W_SVC)  # fmt: skip

# --- 5.8.3 Domestic rail: Shaanxi shuttles, rail-sea trains, feeders (EST-RAILCOST) ---
DOM_SVC = {"cap_teu": TEU_PER_TRAIN, "fixed": rail_fare(0), "per_km": RAIL_BASE2_CNY_PER_TEU_KM,
           "reefer": True, "dg": True}  # fmt: skip
DOM_SVC_EST = "departures_per_week;capacity_teu_per_departure;reefer"
for a, b, _, n, _ in SHAANXI_RAIL:
    lk = f"R_{a}_{b}"
    s = [stop(a), stop(b, run_h(lk), via=lk, est="arrive_h")]
    for ident, ss in ((f"R_{a}_{b}_SVC", s), (f"R_{b}_{a}_SVC", reverse(s))):
        service(ident, "rail", "domestic_rail", ss, dep=n, year=2024, **DOM_SVC,
                prefix="Shaanxi rail shuttle", prefix_zh="省内班列",
                source=DOM_SRC + ";PLAN-4.1.2", est=DOM_SVC_EST,
                note="Placeholder frequency; list tariff.")  # fmt: skip
for b, _, n, year, src, _ in EASTERN:
    lk = f"E_XIAN_PORT_{b}"
    qingdao = b == "QINGDAO"
    s = [stop("XIAN_PORT"), stop(b, run_h(lk), via=lk, source="SV-TAO-46H" if qingdao else "",
                                 est="" if qingdao else "arrive_h")]  # fmt: skip
    fixed = rail_fare(0, rebate=NINGBO_REBATE_CNY_PER_TEU if b == "NINGBO" else 0.0)
    for ident, ss in ((f"E_XIAN_{b}", s), (f"E_{b}_XIAN", reverse(s))):
        service(ident, "rail", "eastern_rail_sea", ss, dep=n, year=year,
                year_opened=2015 if b == "QINGDAO" else (2019 if b == "NINGBO" else None),
                **{**DOM_SVC, "fixed": fixed}, prefix="Rail-sea train", prefix_zh="铁海联运班列",
                source=f"{DOM_SRC};{src}", est=DOM_SVC_EST,
                note="Frequency not found (placeholder); list tariff"
                + (" less Ningbo's rail-sea rebate." if b == "NINGBO" else "."))  # fmt: skip
for a, _, n, src, note_text in FEEDERS:
    lk = f"F_{a}_XIAN_PORT"
    s = [stop(a), stop("XIAN_PORT", run_h(lk), via=lk, est="arrive_h")]
    for ident, ss in ((f"F_{a}_XIAN", s), (f"F_XIAN_{a}", reverse(s))):
        sourced = src == "SV-GZ-XIAN"  # 'at least one a week' (2023)
        service(ident, "rail", "feeder", ss, dep=n, year=2024, **DOM_SVC,
                prefix="Feeder train", prefix_zh="集结班列", source=f"{DOM_SRC};{src}",
                est=DOM_SVC_EST.replace("departures_per_week;", "") if sourced else DOM_SVC_EST,
                note=note_text + (" Sourced frequency" if sourced else " Placeholder frequency")
                + "; list tariff.")  # fmt: skip
for ident in ("CE_ROTTERDAM_DUISBURG", "CE_HAMBURG_DUISBURG"):
    a, b = LINK_BY_ID[ident]["from_node"], LINK_BY_ID[ident]["to_node"]
    s = [stop(a), stop(b, run_h(ident), via=ident, est="arrive_h")]
    for sid, ss in ((f"{ident}_SVC", s), (f"CE_{b}_{a}_SVC", reverse(s))):
        service(sid, "rail", "china_europe", ss, dep=HINTERLAND_PER_WEEK[a], year=2024,
                fixed=0.0, per_km=R_CE, reefer=True, dg=True, prefix="Port shuttle train",
                prefix_zh="港口班列", source="FS-3-CE-2024;EST-CE-2024;EST-DEP;EST-FLAGS",
                est="departures_per_week;fare_cny_per_km;reefer;dangerous_goods",
                note="European hinterland rail; placeholder frequency, capacity not "
                "limiting.")  # fmt: skip

# --- 5.8.4 Liner services (EST-SEA): sailing at the lane speed, ship time in port ---------
SEA_SVC = {"fixed": SEA_FIXED_CNY, "per_km": SEA_CNY_PER_KM, "reefer": True, "dg": True}


def liner(ports: list[str], knots: float) -> list[dict[str, Any]]:
    """Stops of a liner service calling ``ports`` in order at ``knots``."""
    out = [stop(ports[0])]
    for k, (a, b) in enumerate(itertools.pairwise(ports), start=2):
        lk = f"S_{a}_{b}" if f"S_{a}_{b}" in LINK_BY_ID else f"S_{b}_{a}"
        call = k < len(ports)
        out.append(stop(b, ride_km(lk) / (knots * KM_PER_NM), SEA_CALL_H if call else 0.0,
                        lk, source="SV-SEA-SPEED" + (";FS-2-PORTTIME" if call else ""),
                        est="arrive_h;depart_h" if call else "arrive_h"))  # fmt: skip
    return out


#: (id, ports, knots, departures a week, TEU per ship, year, source, note).
LINERS = [
    ("SEA_AE_NORTH", ["TIANJIN", "QINGDAO", "SHANGHAI", "NINGBO", "SINGAPORE", "ROTTERDAM",
                      "HAMBURG"], SEA_AE_KN, 6, SEA_AE_TEU, 2019,
     "SV-SEA-LOOPS;SV-SEA-SPEED;SV-VESSEL;SV-SIN-ROT;FS-2-SEA;FS-3-SEA-2019",
     "Asia-North Europe loops starting in North China (Qingdao ~5-8 loops)."),
    ("SEA_AE_CENTRAL", ["SHANGHAI", "NINGBO", "SINGAPORE", "ROTTERDAM", "HAMBURG"],
     SEA_AE_KN, 12, SEA_AE_TEU, 2019,
     "SV-SEA-LOOPS;SV-SEA-SPEED;SV-VESSEL;SV-SIN-ROT;FS-2-SEA;FS-3-SEA-2019",
     "Asia-North Europe loops starting in Shanghai (most of the ~25 loops call "
     "Shanghai and Ningbo)."),
    ("SEA_AE_LYG", ["LIANYUNGANG", "SINGAPORE", "ROTTERDAM"], SEA_AE_KN, 1, SEA_AE_TEU,
     2019, "SV-SEA-LOOPS;SV-SEA-SPEED;SV-VESSEL;FS-2-SEA;FS-3-SEA-2019",
     "Lianyungang-Europe loop (~1 a week)."),
    ("SEA_IA_SHA_SIN", ["SHANGHAI", "SINGAPORE"], SEA_IA_KN, 7, SEA_IA_TEU, 2024,
     "SV-SEA-SPEED;SV-VESSEL;FS-3-SCFI", "Intra-Asia service."),
    ("SEA_IA_TAO_SIN", ["QINGDAO", "SINGAPORE"], SEA_IA_KN, 3, SEA_IA_TEU, 2024,
     "SV-SEA-SPEED;SV-VESSEL;FS-2-TAO-SIN;FS-3-SCFI", "Intra-Asia service."),
    ("SEA_IA_LYG_SIN", ["LIANYUNGANG", "SINGAPORE"], SEA_IA_KN, 1, SEA_IA_TEU, 2024,
     "SV-SEA-SPEED;SV-VESSEL;FS-3-SCFI", "Intra-Asia service."),
    ("SEA_QZH_SIN", ["QINZHOU", "SINGAPORE"], SEA_IA_KN, 1, SEA_QZH_TEU, 2023,
     "FS-7-QZH-SEA;FS-2-QZH-SIN;SV-SEA-SPEED;SV-VESSEL;FS-3-SCFI",
     "Weekly direct service from Qinzhou."),
    ("SEA_QZH_PKG", ["QINZHOU", "PORT_KLANG"], SEA_IA_KN, 1, SEA_QZH_TEU, 2023,
     "FS-7-QZH-SEA;FS-2-QZH-PKG;SV-SEA-SPEED;SV-VESSEL;FS-3-SCFI",
     "Weekly direct service from Qinzhou."),
    ("SEA_QZH_HCM", ["QINZHOU", "HO_CHI_MINH"], SEA_IA_KN, 1, SEA_QZH_TEU, 2023,
     "FS-7-QZH-SEA;SV-SEA-SPEED;SV-VESSEL;FS-3-SCFI", "Weekly direct service from Qinzhou."),
]  # fmt: skip
for ident, ports, knots, n, teu, year, src, note_text in LINERS:
    weekly_sourced = ident.startswith("SEA_QZH")
    est = "capacity_teu_per_departure;fare_fixed_cny;fare_cny_per_km;reefer;dangerous_goods"
    est = est if weekly_sourced else "departures_per_week;" + est
    for sid, p, way in ((ident, ports, "westbound"), (ident + "_R", ports[::-1], "return")):
        head = "Liner service" if len(ports) > 2 else "Direct liner service"
        corridor = "sea_asia_europe" if ident.startswith("SEA_AE") else "sea_southeast_asia"
        service(sid, "sea", corridor, liner(p, knots), dep=n, cap_teu=teu, year=year, **SEA_SVC,
                name=f"{head} " + " - ".join(place(x)[0] for x in p),
                name_zh="班轮 " + "—".join(place(x)[1] for x in p),
                source=f"{src};EST-SEA;EST-SEA-FARE;EST-FX;EST-FEU", est=est,
                note=f"{note_text} {way.capitalize()} leg of a weekly rotation; "
                f"{knots:g} kn, ship time in port at each call.")  # fmt: skip

# --- 5.8.5 Air freighters (EST-AIR) -----------------------------------------------------
AIR_SVC = {"fixed": AIR_FIXED_CNY_PER_T, "per_km": AIR_K, "reefer": True, "dg": False}
for b, n, payload, aircraft, year, src, est, note_text in AIR_ROUTES:
    lk = f"A_XIY_{b}"
    s = [stop("XIY"), stop(b, LINK_BY_ID[lk]["time_h"], via=lk, est="arrive_h")]
    for ident, ss in ((f"AIR_XIY_{b}", s), (f"AIR_{b}_XIY", reverse(s))):
        service(ident, "air", "air_international", ss, dep=n, cap_t=payload, year=year,
                **AIR_SVC, prefix_zh="全货机",
                prefix=f"{aircraft} freighter" if aircraft != "freighter" else "Freighter",
                operator=AIR_OPERATORS.get(b, ""), source=f"{AIR_SRC};{src}",
                est=";".join(filter(None, [est, "fare_fixed_cny;fare_cny_per_km"])),
                note=note_text)  # fmt: skip
for a, b, n, payload, aircraft, year, src, est, note_text in GW_AIR_ROUTES:
    lk = f"A_{a}_{b}"
    s = [stop(a), stop(b, LINK_BY_ID[lk]["time_h"], via=lk, est="arrive_h")]
    for ident, ss in ((f"AIR_{a}_{b}", s), (f"AIR_{b}_{a}", reverse(s))):
        service(ident, "air", "air_international", ss, dep=round(n, 2), cap_t=payload,
                year=year, **AIR_SVC, prefix_zh="全货机",
                prefix=f"{aircraft} freighter" if aircraft != "freighter" else "Freighter",
                operator="Cargolux" if b == "LUX" else "",
                source=f"{AIR_SRC};{src};EST-GATEWAYS",
                est=";".join(filter(None, [est, "fare_fixed_cny;fare_cny_per_km"])),
                note=note_text)  # fmt: skip
for a, b, n, payload in AIR_DOMESTIC:
    lk = f"A_{a}_{b}"
    s = [stop(a), stop(b, LINK_BY_ID[lk]["time_h"], via=lk, est="arrive_h")]
    for ident, ss in ((f"AIR_{a}_{b}", s), (f"AIR_{b}_{a}", reverse(s))):
        service(ident, "air", "air_domestic", ss, dep=n, cap_t=payload, year=2024,
                **AIR_SVC, prefix="Belly cargo", prefix_zh="客机腹舱",
                source=AIR_DOM_SRC,
                est="departures_per_week;capacity_t_per_departure;fare_fixed_cny;"
                "fare_cny_per_km",
                note="Belly cargo on passenger flights (placeholder).")  # fmt: skip


def covered_capacity() -> None:
    """Leave the capacity of links that services ride null: the services are the limit.

    The infrastructure's own limit (train paths a day) is not published for these lines;
    a link capacity copied from the services would bind together with them, hide which
    service is full, and cap a scenario that adds departures (EST-CAP).
    """
    ridden = {lk_id for row in SERVICES for s in row["_stops"][1:] for lk_id in s["via"].split(";")}
    for lk in LINKS:
        if lk["id"] in ridden and lk["mode"] in ("rail", "air"):
            lk["capacity_teu_per_week"] = None
            lk["capacity_t_per_week"] = None
            est = [c for c in lk["estimated"].split(";") if c and not c.startswith("capacity")]
            lk["estimated"] = ";".join(est)


covered_capacity()


# fmt: on
# =====================================================================================
# 6. Checks (the contract's validator, then the network's own rules), output, docs
# =====================================================================================

CORRIDORS = set(LINK_FILES)
SOURCE_KEYS = set(SOURCES) | set(EST_RULES)


def validate_with_contract() -> list[str]:
    """Return the problems the library's validator finds in NODES, LINKS and SERVICES.

    The same checks as for any network file (multimodal.schema): columns, kinds and
    enumerations, yes/no values, ids, node references, non-negative figures, gauges,
    timetables, distances against the great circle, speeds each mode can reach; then the
    services with the library's reader (multimodal.services), where it is available.
    """
    nodes = gpd.GeoDataFrame(
        [{k: rounded(v) for k, v in n.items() if not k.startswith("_")} for n in NODES],
        geometry=[Point(n["_lonlat"]) for n in NODES],
        crs=4326,
    )
    links = gpd.GeoDataFrame(
        [{k: rounded(v) for k, v in lk.items() if not k.startswith("_")} for lk in LINKS],
        geometry=[LineString(lk["_points"]) for lk in LINKS],
        crs=4326,
    )
    try:
        checked = validate_links(links, validate_nodes(nodes, "NODES"), "LINKS")
    except DataValidationError as error:
        return [str(problem) for problem in error.problems]
    return validate_with_library(checked, [n["id"] for n in NODES])


def check_provenance(kind: str, row: dict[str, Any], columns: set[str]) -> list[str]:
    """Every source key is defined and every estimated column is a contract column."""
    label = f"{kind} {row['id']}"
    problems = [
        f"{label}: undefined source key {k!r}"
        for k in row["source"].split(";")
        if k not in SOURCE_KEYS
    ]
    problems += [
        f"{label}: estimated column {col!r} unknown"
        for col in filter(None, row["estimated"].split(";"))
        if col != "geometry" and col not in columns
    ]
    return problems


def check_nodes() -> list[str]:
    """The built-in network's own rules for nodes, beyond the contract."""
    problems: list[str] = []
    node_cols = {c.name for c in NODE_COLUMNS}
    for n in NODES:
        problems += check_provenance("node", n, node_cols)
        if n["country"] != "CN" and n["port_status"] != "none":
            problems.append(f"node {n['id']}: foreign node with port status")
        if n["kind"] == "bonded_zone" and n["bonded_zone_of"] not in NODE_BY_ID:
            problems.append(f"node {n['id']}: bonded_zone_of unknown")
    return problems


def check_link(lk: dict[str, Any]) -> list[str]:
    """The built-in network's own rules for one link (its ends exist), beyond the contract."""
    label = f"link {lk['id']}"
    a, b, mode = lk["from_node"], lk["to_node"], lk["mode"]
    problems = []
    if any(gc_km(p, q) < 0.01 for p, q in itertools.pairwise(lk["_points"])):
        problems.append(f"{label}: geometry has a zero-length segment")
    gc = gc_km(xy(a), xy(b))
    if not lk["distance_km"] >= gc:  # stricter than the contract's tolerance
        problems.append(f"{label}: distance {lk['distance_km']:.1f} < gc {gc:.1f}")
    if lk["corridor"] not in CORRIDORS:
        problems.append(f"{label}: corridor {lk['corridor']!r}")
    if mode != "rail" and lk["gauge_mm"] is not None:
        problems.append(f"{label}: gauge {lk['gauge_mm']} for {mode}")
    if mode == "air" and (lk["dangerous_goods"] or lk["cost_basis"] != "t"):
        problems.append(f"{label}: air link must be per t and without DG")
    if mode != "air" and lk["cost_basis"] != "teu":
        problems.append(f"{label}: container link must be per TEU")
    if any(mode not in NODE_BY_ID[n]["modes"].split(";") for n in (a, b)):
        problems.append(f"{label}: a node does not serve {mode}")
    if (NODE_BY_ID[a]["country"] == "CN") != (NODE_BY_ID[b]["country"] == "CN"):
        cn = NODE_BY_ID[a] if NODE_BY_ID[a]["country"] == "CN" else NODE_BY_ID[b]
        if cn["port_status"] not in OPEN_PORT_STATUSES or mode not in cn["port_modes"].split(";"):
            problems.append(f"{label}: leaves China at a port not open for it")
    if lk["timetable"] and lk["departures_per_week"] != len(lk["timetable"].split(";")):
        problems.append(f"{label}: timetable and departures disagree")
    return problems + check_provenance("link", lk, {c.name for c in LINK_COLUMNS})


def check_connections() -> list[str]:
    """Road access in Shaanxi, reachability from XIAN_PORT, gauge-change figures."""
    has_road = {n for lk in LINKS if lk["mode"] == "road" for n in (lk["from_node"], lk["to_node"])}
    problems = [
        f"node {n['id']}: Shaanxi node without a road link"
        for n in NODES
        if n["province"] == "Shaanxi" and n["id"] not in has_road
    ]
    reach: dict[str, set[str]] = {n["id"]: set() for n in NODES}
    for lk in LINKS:
        reach[lk["from_node"]].add(lk["to_node"])
        if lk["bidirectional"]:
            reach[lk["to_node"]].add(lk["from_node"])
    seen, todo = {"XIAN_PORT"}, ["XIAN_PORT"]
    while todo:
        for nxt in reach[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    problems += [
        f"node {n['id']} not reachable from XIAN_PORT" for n in NODES if n["id"] not in seen
    ]
    gauges: dict[str, set[int]] = {}
    for lk in LINKS:
        if lk["mode"] == "rail":
            for n in (lk["from_node"], lk["to_node"]):
                gauges.setdefault(n, set()).add(lk["gauge_mm"])
    for n, g in gauges.items():
        if len(g) == 2 and NODE_BY_ID[n]["gauge_change_h"] is None:
            problems.append(f"node {n}: gauges meet without gauge-change figures")
    return problems


def link_step(lk: dict[str, Any], at: str) -> str | None:
    """Return the node a ride on ``lk`` from ``at`` reaches (None: it cannot go that way)."""
    if lk["from_node"] == at:
        return lk["to_node"]
    if lk["to_node"] == at and lk["bidirectional"]:
        return lk["from_node"]
    return None


def check_ride(row: dict[str, Any], stops: list[dict[str, Any]]) -> list[str]:
    """The stops of one service: nodes of its mode, links that join them, gauges, times."""
    label, mode = f"service {row['service_id']}", row["mode"]
    problems = []
    stop_nodes = {s["node"] for s in stops}
    gauge_at: list[tuple[str, Any]] = []  # (node reached, gauge of the link into it)
    for k, s in enumerate(stops):
        if mode not in NODE_BY_ID[s["node"]]["modes"].split(";"):
            problems.append(f"{label}: stop {s['node']} does not serve {mode}")
        if k == 0:
            continue
        if not s["run"] > 0 or s["dwell"] < 0:
            problems.append(f"{label}: stop {s['node']} run {s['run']} or dwell {s['dwell']}")
        at = stops[k - 1]["node"]
        for lk_id in s["via"].split(";"):
            lk = LINK_BY_ID.get(lk_id)
            nxt = None if lk is None else link_step(lk, at)
            if lk is None or lk["mode"] != mode or nxt is None:
                problems.append(f"{label}: link {lk_id} does not continue from {at} by {mode}")
                break
            if gauge_at and gauge_at[-1][0] not in stop_nodes and gauge_at[-1][1] != lk["gauge_mm"]:
                problems.append(f"{label}: gauge changes at {at}, which is not a stop")
            gauge_at.append((nxt, lk["gauge_mm"]))
            at = nxt
        if at != s["node"]:
            problems.append(f"{label}: the links to stop {s['node']} end at {at}")
    return problems


def check_services() -> list[str]:
    """The services: provenance, figures, stops and links, and links they leave uncovered."""
    problems: list[str] = []
    ids = [r["service_id"] for r in SERVICES]
    problems += [f"service {i}: duplicate id" for i in sorted({i for i in ids if ids.count(i) > 1})]
    columns = set(SERVICE_COLUMNS) | {"arrive_h", "depart_h"}
    covered: set[tuple[str, str]] = set()
    for row in SERVICES:
        label = f"service {row['service_id']}"
        problems += check_provenance("service", {**row, "id": row["service_id"]}, columns)
        if not isinstance(row["year"], int) or row["corridor"] not in CORRIDORS:
            problems.append(f"{label}: year {row['year']!r} or corridor {row['corridor']!r}")
        slots = len(row["timetable"].split(";")) if row["timetable"] else 0
        if not (slots or (row["departures_per_week"] or 0) > 0):
            problems.append(f"{label}: no departures")
        if slots and row["departures_per_week"] not in (None, slots):
            problems.append(f"{label}: timetable and departures disagree")
        numbers = [
            row[c]
            for c in (
                "fare_fixed_cny",
                "fare_cny_per_km",
                "capacity_teu_per_departure",
                "capacity_t_per_departure",
            )
        ]
        if any(v is not None and not v >= 0 for v in numbers):
            problems.append(f"{label}: negative or missing fare or capacity")
        stops = row["_stops"]
        problems += check_ride(row, stops)
        for k in range(1, len(stops)):
            at = stops[k - 1]["node"]
            for lk_id in stops[k]["via"].split(";"):
                covered.add((lk_id, at))
                at = link_step(LINK_BY_ID[lk_id], at) or at
    for lk in LINKS:
        if lk["mode"] == "road":
            continue
        if lk["departures_per_week"] is not None or lk["timetable"]:
            problems.append(f"link {lk['id']}: departures belong to its services")
        ends = [lk["from_node"]] + ([lk["to_node"]] if lk["bidirectional"] else [])
        problems += [
            f"link {lk['id']}: no service rides it from {end}"
            for end in ends
            if (lk["id"], end) not in covered
        ]
    return problems


#: Opening years of the services that opened after the 2020 plan (data/scenarios/years/
#: service_years.csv, sourced there): written into services.csv's year_opened where the
#: service row gives none, with the row's sources (multimodal.in_year reads year_opened).
SERVICE_YEARS = HERE / "scenarios" / "years" / "service_years.csv"


def opening_years() -> dict[str, tuple[int, str]]:
    """service_id -> (year opened, source keys) from SERVICE_YEARS (empty if absent)."""
    if not SERVICE_YEARS.is_file():
        return {}
    with SERVICE_YEARS.open(encoding="utf-8", newline="") as handle:
        return {r["service_id"]: (int(r["year_opened"]), r["source"])
                for r in csv.DictReader(handle)}  # fmt: skip


def service_tables() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the services and stops rows as written (contract columns, rounded)."""
    services = []
    years = opening_years()
    for row in SERVICES:
        out = {c: rounded(row[c]) for c in SERVICE_COLUMNS}
        if out["year_opened"] is None and out["service_id"] in years:
            year, keys = years[out["service_id"]]
            out["year_opened"] = year
            have = str(out["source"] or "").split(";")
            out["source"] = ";".join(
                filter(None, have + [k for k in keys.split(";") if k not in have])
            )
        out["fare_cny_per_km"] = round(row["fare_cny_per_km"], 4)
        services.append(out)
    stops = [{k: rounded(v) for k, v in s.items()} for s in STOPS]
    return services, stops


def validate_with_library(links: gpd.GeoDataFrame, node_ids: list[str]) -> list[str]:
    """Return the problems the library's service reader finds, where it is available."""
    try:
        from multimodal.services import read_services  # the reader of issue 10
    except ImportError:
        return []
    import pandas as pd

    services, stops = service_tables()
    try:
        read_services(pd.DataFrame(services), pd.DataFrame(stops), links, node_ids)
    except DataValidationError as error:
        return [str(problem) for problem in error.problems]
    return []


def csv_value(value: Any) -> str:
    """Return a cell of a services CSV: blank for None, yes/no, numbers without noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"
    return str(value)


def write_services() -> None:
    """Write data/services/services.csv and stops.csv (UTF-8, comma, header)."""
    folder = HERE / "services"
    folder.mkdir(exist_ok=True)
    services, stops = service_tables()
    for name, columns, rows in (("services", SERVICE_COLUMNS, services),
                                ("stops", STOP_COLUMNS, stops)):  # fmt: skip
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([csv_value(r[c]) for c in columns] for r in rows)
    with (folder / "diversions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(DIVERSION_COLUMNS)
        writer.writerows([csv_value(r[c]) for c in DIVERSION_COLUMNS] for r in DIVERSIONS)


def check() -> list[str]:
    """Return every problem found in NODES and LINKS: the contract's, then the network's.

    The contract (multimodal.schema) is checked first, as for any network file; the
    built-in network's own rules (provenance, corridors, pricing bases, open border ports,
    reachability) only when the tables meet it.
    """
    problems = validate_with_contract()
    if problems:
        return problems
    problems = check_nodes()
    for lk in LINKS:
        problems += check_link(lk)
    return problems + check_connections() + check_services()


def rounded(value: Any, digits: int = 2) -> Any:
    """Round floats for output; leave other values alone."""
    if isinstance(value, float):
        return round(value, digits)
    return value


INT_COLUMNS = [c.name for c in (*NODE_COLUMNS, *LINK_COLUMNS) if c.kind == "int"]


def feature(row: dict[str, Any], geometry: dict[str, Any]) -> str:
    """Return one compact GeoJSON feature (a line of the output file)."""
    props = {k: rounded(v) for k, v in row.items() if not k.startswith("_")}
    for k in INT_COLUMNS:
        if k in props and props[k] is not None:
            props[k] = int(props[k])
    return json.dumps(
        {"type": "Feature", "properties": props, "geometry": geometry},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def write_collection(path: Path, lines: list[str]) -> None:
    """Write a FeatureCollection with one feature per line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ",\n".join(lines)
    path.write_text(
        '{"type": "FeatureCollection", "features": [\n' + body + "\n]}\n",
        encoding="utf-8",
    )


def finalise_links() -> None:
    """Round distances up (so they stay >= the great circle) and the rest to 0.01."""
    for lk in LINKS:
        lk["distance_km"] = math.ceil(lk["distance_km"] * 10) / 10
        for col in ("time_h", "cost_cny"):
            lk[col] = round(lk[col], 2)


def write_all() -> None:
    """Write every GeoJSON file."""
    by_file: dict[str, list[str]] = {}
    for n in NODES:
        lon, lat = n["_lonlat"]
        geom = {"type": "Point", "coordinates": [lon, lat]}
        by_file.setdefault(f"nodes/{NODE_FILES[n['kind']]}", []).append(feature(n, geom))
    for lk in LINKS:
        coords = [[round(x, 4), round(y, 4)] for x, y in lk["_points"]]
        geom = {"type": "LineString", "coordinates": coords}
        by_file.setdefault(f"links/{LINK_FILES[lk['corridor']]}", []).append(feature(lk, geom))
    for name, lines in by_file.items():
        write_collection(HERE / f"{name}.geojson", lines)


def counts_markdown() -> str:
    """Return the counts of nodes, links and services (by kind, mode, corridor, file)."""

    def table(title: str, rows: dict[str, int]) -> str:
        out = [f"| {title} | count |", "|---|---:|"]
        out += [f"| {k} | {v} |" for k, v in sorted(rows.items())]
        out.append(f"| **total** | **{sum(rows.values())}** |")
        return "\n".join(out)

    def tally(rows: list[dict], key: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in rows:
            value = mode_of[r["service_id"]] if key == "_mode" else r[key]
            out[value] = out.get(value, 0) + 1
        return out

    mode_of = {r["service_id"]: r["mode"] for r in SERVICES}

    link_files = {
        f: sum(1 for lk in LINKS if LINK_FILES[lk["corridor"]] == f)
        for f in set(LINK_FILES.values())
    }
    return "\n\n".join(
        [
            table("node kind", tally(NODES, "kind")),
            table("link mode", tally(LINKS, "mode")),
            table("link corridor", tally(LINKS, "corridor")),
            table("links file", {f"links/{k}.geojson": v for k, v in link_files.items()}),
            table("service mode", tally(SERVICES, "mode")),
            table("service corridor", tally(SERVICES, "corridor")),
            table("service stops (stops.csv rows)", tally(STOPS, "_mode")),
        ]
    )


def sources_markdown() -> str:
    """Return the provenance table (one row per source key) as markdown."""
    out = ["| key | supports | URL / reference | quality |", "|---|---|---|---|"]
    for key, (what, url, quality) in SOURCES.items():
        out.append(f"| {key} | {what} | {url} | {quality} |")
    return "\n".join(out)


def est_markdown() -> str:
    """Return the estimate rules (one row per EST key) as markdown."""
    out = ["| key | how the figure was derived |", "|---|---|"]
    out += [f"| {key} | {text} |" for key, text in EST_RULES.items()]
    return "\n".join(out)


def stop_times(ident: str) -> dict[str, tuple[float | None, float | None]]:
    """Return node -> (arrive_h, depart_h) of a service's stops."""
    return {s["node"]: (s["arrive_h"], s["depart_h"]) for s in STOPS if s["service_id"] == ident}


def leg_h(ident: str, a: str, b: str) -> float:
    """Return a service's time (h) from its departure at ``a`` to its arrival at ``b``."""
    times = stop_times(ident)
    return times[b][0] - times[a][1]


def fare(ident: str, a: str | None = None, b: str | None = None) -> float:
    """Return a service's fare (CNY per TEU or t) from stop ``a`` to ``b`` (default: all)."""
    row = service_row(ident)
    nodes = [s["node"] for s in row["_stops"]]
    i, j = nodes.index(a or nodes[0]), nodes.index(b or nodes[-1])
    km = sum(ride_km(s["via"]) for s in row["_stops"][i + 1 : j + 1])
    return row["fare_fixed_cny"] + row["fare_cny_per_km"] * km


def pre_2018_h(dest_link: str) -> float:
    """Xi'an -> a Dostyk branch end with the pre-2018 inputs (75 h, 2 d reloading)."""
    return (CE_CN_OLD_H + CE_BORDER_CN_H + run_h("CE_ALASHANKOU_DOSTYK") + GAUGE_OLD_H
            + run_h(dest_link))  # fmt: skip


def references() -> list[tuple[str, str, str, float, float, str]]:
    """(figure, public value, source, public value in the model's unit, model, unit)."""
    d = 24.0
    qzh_pkg_wait = HOURS_PER_WEEK / 2 + YARD_DWELL_H + leg_h("SEA_QZH_PKG", "QINZHOU", "PORT_KLANG")
    baku = (end_to_end_h(service_row("TC_XIAN_AKTAU")) + AKTAU_DWELL_H
            + HOURS_PER_WEEK / FERRY_PER_WEEK / 2 + T_FERRY)  # fmt: skip
    ce_trains = sum(
        r["departures_per_week"] or len(r["timetable"].split(";"))
        for r in SERVICES
        if r["mode"] == "rail" and r["corridor"] in ("china_europe", "trans_caspian")
        and "XIAN_PORT" in (r["_stops"][0]["node"], r["_stops"][-1]["node"])
    )  # fmt: skip
    gw_rows = []
    for gw, (terminal, brand, _, src) in GATEWAYS.items():
        model = 52 * sum(r["departures_per_week"] for r in SERVICES
                         if terminal in (r["_stops"][0]["node"], r["_stops"][-1]["node"])
                         and r["corridor"] == "china_europe")  # fmt: skip
        gw_rows.append((f"{gw.title()} China-Europe trains a year, both directions",
                        f"{GW_TRAINS_PER_YEAR[gw]:,.0f} ({brand}, EST-GW-DEP)", src,
                        GW_TRAINS_PER_YEAR[gw], model, "trains"))  # fmt: skip
    lgg = LINK_BY_ID["A_XIY_LGG"]["time_h"]
    return [
        ("Xi'an-Duisburg standard train", "12 d (2025)", "FS-2-DUI-STD",
         CE_DUISBURG_STD_H / d, end_to_end_h(service_row("CE_XIAN_DUISBURG_STD")) / d, "d"),
        ("Xi'an-Duisburg express", "~10 d (2022-24)", "FS-2-DUI-EXP",
         CE_DUISBURG_EXP_H / d, end_to_end_h(service_row("CE_XIAN_DUISBURG_EXP")) / d, "d"),
        ("Duisburg-Xi'an express", "11-12 d (2023)", "FS-2-DUI-EAST",
         CE_DUISBURG_EXP_EAST_H / d,
         end_to_end_h(service_row("CE_DUISBURG_XIAN_EXP")) / d, "d"),
        ("1520 mm transit Dostyk-Brest, standard", "7.31 d (Jul 2024)", "SV-ERAI",
         ERAI_1520_D, leg_h("CE_XIAN_DUISBURG_STD", "DOSTYK", "MALASZEWICZE") / d, "d"),
        ("Xi'an-Almaty via Alashankou", "6 d (2013)", "FS-2-ALA", CE_ALMATY_H / d,
         end_to_end_h(service_row("CE_XIAN_ALMATY_STD")) / d, "d"),
        ("  same rule, pre-2018 inputs (75 h, 2 d reloading)", "6 d (2013)", "FS-2-ALA",
         CE_ALMATY_H / d, pre_2018_h("CE_DOSTYK_ALMATY") / d, "d"),
        ("Urumqi-Almaty via Khorgos (fixed schedule)", "35 h 24 min (2024)",
         "SV-KHG-FIXED", KHG_URUMQI_ALMATY_H,
         end_to_end_h(service_row("CE_XIAN_ALMATY_KHG")) - D_XIAN_URUMQI / V_CN, "h"),
        ("Urumqi-Almaty via Khorgos, distance", "1,048 km (2017)", "SV-KHG-KM",
         KHG_URUMQI_ALMATY_KM, D_URUMQI_ALMATY, "km"),
        ("Xi'an-Almaty via Khorgos", "~3.5-4 d (EST, services-sources §1)", "SV-KHG-FIXED",
         3.75, end_to_end_h(service_row("CE_XIAN_ALMATY_KHG")) / d, "d"),
        ("Xi'an-Tashkent via Khorgos", "6-8 d (EST from 2019 Urumqi figures)", "FS-2-TAS",
         CE_TASHKENT_H / d, end_to_end_h(service_row("CE_XIAN_TASHKENT_KHG")) / d, "d"),
        ("Xi'an-Moscow via Dostyk", "11 d (2016)", "FS-2-MOW", CE_MOSCOW_H / d,
         end_to_end_h(service_row("CE_XIAN_MOSCOW_STD")) / d, "d"),
        ("  same rule, pre-2018 inputs (75 h, 2 d reloading)", "11 d (2016)", "FS-2-MOW",
         CE_MOSCOW_H / d, pre_2018_h("CE_DOSTYK_MOSCOW") / d, "d"),
        ("Xi'an-Warsaw (China-Poland)", "~9 d (2024)", "SV-PL", CE_POLAND_H / d,
         end_to_end_h(service_row("CE_XIAN_WARSAW_STD")) / d, "d"),
        ("Xi'an-Milan", "17 d (2021, Malaszewicze congested)", "SV-MIL", CE_MILAN_H / d,
         end_to_end_h(service_row("CE_XIAN_MILAN_STD")) / d, "d"),
        ("Milan-Xi'an", "18 d (2019)", "SV-MIL-HUPAC", CE_MILAN_EAST_H / d,
         end_to_end_h(service_row("CE_MILAN_XIAN_STD")) / d, "d"),
        ("Xi'an-Baku: train, Aktau wait, ferry", "16-17 d average (2025-26)", "FS-2-BAK",
         CE_BAKU_H / d, baku / d, "d"),
        ("  the same without the Aktau port wait", "~11 d at best (2025)", "SV-TC",
         CE_BAKU_BEST_H / d, (baku - AKTAU_DWELL_H) / d, "d"),
        ("Chang'an trains a year, both directions", "~5,000 (2023-24)", "FS-4.1",
         XIAN_TRAINS_PER_YEAR, 52 * ce_trains, "trains"),
        ("Xi'an-Duisburg through rate incl. 2 gauge changes",
         f"USD {CE_RATE_USD_PER_FEU:,.0f}/FEU (2024)", "FS-3-CE-2024", CE_TARGET_CNY_PER_TEU,
         fare("CE_XIAN_DUISBURG_STD") + 2 * GAUGE_CNY, "CNY/TEU"),
        ("Xi'an-Qinzhou", "5 d (2023)", "FS-2-QZH", WLSNC_XIAN_QINZHOU_H / d,
         end_to_end_h(service_row("WLSNC_XIAN_QINZHOU")) / d, "d"),
        ("Chongqing-Qinzhou", "2 d (2018-22)", "FS-2-QZH", WLSNC_CHONGQING_QINZHOU_H / d,
         end_to_end_h(service_row("WLSNC_CHONGQING_QINZHOU_GY")) / d, "d"),
        ("Xi'an-Qinzhou rail fare", "list tariff less 20% (2017 plan)",
         "FS-3-RAIL-INTL;SV-WLSNC-20", rail_fare(WLSNC_XIAN_QINZHOU_KM, WLSNC_DISCOUNT),
         fare("WLSNC_XIAN_QINZHOU"), "CNY/TEU"),
        ("  the same per FEU on the FEU tariff (RMB 680 + 2.754/km)",
         "RMB 4,000-7,000/FEU (EST)", "FS-3-QZH-RAIL", sum(WLSNC_CNY_PER_FEU) / 2,
         (RAIL_FEU_BASE1_CNY + RAIL_FEU_BASE2_CNY_PER_KM * WLSNC_XIAN_QINZHOU_KM)
         * (1 - WLSNC_DISCOUNT), "CNY/FEU"),
        ("Xi'an-Qingdao", "1,326 km in 46 h (2015)", "SV-TAO-46H", RAIL_DOM_H,
         end_to_end_h(service_row("E_XIAN_QINGDAO")), "h"),
        ("Xi'an-Qingdao", "2 d (2024)", "FS-2-TAO", QINGDAO_RAIL_H / d,
         end_to_end_h(service_row("E_XIAN_QINGDAO")) / d, "d"),
        ("Xi'an-Qingdao rail fare (list)", "RMB 500 + 2.205/TEU-km", "FS-3-RAIL-INTL",
         rail_fare(RAIL_DOM_KM), fare("E_XIAN_QINGDAO"), "CNY/TEU"),
        ("Singapore-Rotterdam distance", "8,288 nm", "SV-SIN-ROT", SINGAPORE_ROTTERDAM_NM,
         D_SIN_ROT / KM_PER_NM, "nm"),
        ("Shanghai-Rotterdam by sea", "32-35 d typical", "FS-2-SEA",
         SEA_SHANGHAI_ROTTERDAM_H / d, leg_h("SEA_AE_CENTRAL", "SHANGHAI", "ROTTERDAM") / d,
         "d"),
        ("Qingdao-Rotterdam (APL loop)", "34 d (~2019)", "SV-SEA-LOOPS",
         APL_QINGDAO_ROTTERDAM_H / d, leg_h("SEA_AE_NORTH", "QINGDAO", "ROTTERDAM") / d, "d"),
        ("Hamburg after Rotterdam", "+1-3 d", "FS-2-SEA-HAM", SEA_HAMBURG_EXTRA_H / d,
         leg_h("SEA_AE_CENTRAL", "ROTTERDAM", "HAMBURG") / d + SEA_CALL_H / d, "d"),
        ("Shanghai-Rotterdam sea fare", f"USD {SEA_ASIA_EUROPE_USD_PER_FEU:,.0f}/FEU (2019)",
         "FS-3-SEA-2019", SEA_EU_CNY, fare("SEA_AE_CENTRAL", "SHANGHAI", "ROTTERDAM"),
         "CNY/TEU"),
        ("Qinzhou-Singapore by sea", "~6 d (2018)", "FS-2-QZH-SIN", QINZHOU_SINGAPORE_H / d,
         end_to_end_h(service_row("SEA_QZH_SIN")) / d, "d"),
        ("Qinzhou-Port Klang incl. wait and yard", "~10 d expected (2023)", "FS-2-QZH-PKG",
         QINZHOU_KLANG_H / d, qzh_pkg_wait / d, "d"),
        ("Qingdao-Singapore", "12-15 d incl. transshipment", "FS-2-TAO-SIN",
         QINGDAO_SINGAPORE_H / d, end_to_end_h(service_row("SEA_IA_TAO_SIN")) / d, "d"),
        ("XIY-Liège block time", "10-11 h (EST)", "EST-AIR", 10.5, lgg, "h"),
        *gw_rows,
        ("Chengdu-Łódź (model: Warsaw)", "11 d (2025)", "SV-GW-CDCQ", 11.0,
         end_to_end_h(service_row("CE_CHENGDU_WARSAW_ALA")) / d, "d"),
        ("Chengdu-Moscow", "10 d (2025)", "SV-GW-CDCQ", 10.0,
         end_to_end_h(service_row("CE_CHENGDU_MOSCOW_ALA")) / d, "d"),
        ("Chengdu-Minsk", "10 d (2025)", "SV-GW-CDCQ", 10.0,
         end_to_end_h(service_row("CE_CHENGDU_MINSK_ALA")) / d, "d"),
    ]  # fmt: skip


def services_markdown() -> str:
    """Return the table of services (id, name, stops, days, departures, year, source)."""
    out = ["| service | name | stops | days | per week | year | source |",
           "|---|---|---|---:|---:|---:|---|"]  # fmt: skip
    for row in SERVICES:
        stops = " - ".join(s["node"] for s in row["_stops"])
        dep = row["timetable"] or f"{row['departures_per_week']:g}"
        if "departures_per_week" in row["estimated"].split(";"):
            dep += " (EST)"
        src = row["source"].replace(";", ", ")
        out.append(f"| {row['service_id']} | {row['name']} | {stops} | "
                   f"{end_to_end_h(row) / 24:.2f} | {dep} | {row['year']} | {src} |")  # fmt: skip
    return "\n".join(out)


def calibration_markdown() -> str:
    """Return the calibrated figures, the services and the reference figures as markdown."""
    out = ["| figure | value |", "|---|---:|"]
    out += [
        # trains a week as diversions.csv writes them (2 decimals); other figures rounded
        f"| {k} | {round(v, 2):,g} |"
        if "trains a week" in k
        else f"| {k} | {v:,.0f} |"
        if abs(v) >= 100
        else f"| {k} | {v:.4g} |"
        for k, v in CALIBRATION.items()
    ]
    out += [
        "",
        "Reference figures and what the services give (station to station, from the "
        "departure at the first stop to the arrival at the last; no wait for the "
        "departure, no handling at the ends unless the row says so):",
        "",
        "| figure | public value | source | public | model | ratio | unit |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for what, public, src, value, model, unit in references():
        fmt = ",.0f" if max(abs(value), abs(model)) >= 100 else ".2f"
        out.append(f"| {what} | {public} | {src} | {value:{fmt}} | {model:{fmt}} | "
                   f"{model / value:.2f} | {unit} |")  # fmt: skip
    out += [
        "",
        f"Services ({len(SERVICES)}: one row per direction; `data/services/services.csv`"
        " and `stops.csv`; days = first departure to last arrival):",
        "",
        services_markdown(),
    ]
    return "\n".join(out)


def write_docs() -> None:
    """Replace the generated blocks of docs/data.md."""
    text = DOCS.read_text(encoding="utf-8")
    blocks = {
        "sources": sources_markdown(),
        "estimates": est_markdown(),
        "calibration": calibration_markdown(),
        "counts": counts_markdown(),
    }
    for name, body in blocks.items():
        start, end = f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"
        head, sep, rest = text.partition(start)
        if not sep:
            message = f"docs/data.md lacks the marker {start}"
            raise SystemExit(message)
        _, sep2, tail = rest.partition(end)
        if not sep2:
            message = f"docs/data.md lacks the marker {end}"
            raise SystemExit(message)
        text = head + start + "\n" + body + "\n" + end + tail
    DOCS.write_text(text, encoding="utf-8")


def main() -> int:
    """Check the tables, then write the GeoJSON files and the generated doc blocks."""
    finalise_links()
    problems = check()
    if problems:
        raise SystemExit("network data has problems:\n" + "\n".join(problems))
    write_all()
    write_services()
    write_docs()
    print(f"wrote {len(NODES)} nodes, {len(LINKS)} links, {len(SERVICES)} services")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
