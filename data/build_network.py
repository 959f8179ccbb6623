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

import itertools
import json
import math
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
CE_TASHKENT_H = 7 * 24.0  # FS-2-TAS: 6-8 d (EST, derived) -> 7 d
CE_BAKU_H = 16 * 24.0  # FS-2-BAK: monthly average 16-17 d -> 16 d
CAT_FERRY_KMH = 20.0  # EST-TC: Caspian rail ferry ~11 kn
CAT_FERRY_USD_PER_TEU = 600.0  # EST-TC: placeholder, no source found

# Trains.
XIAN_TRAINS_PER_YEAR = 5000.0  # FS-4.1 (2023 >5,000; ~5,000 a year 2024)
TEU_PER_TRAIN = 100.0  # FS-4.2 (typical 82-110 TEU; 50 FEU Duisburg express)

# Node handling, dwell, customs, gauge change.
LIFT_CNY = 350.0  # FS-3-LIFT: RMB 200-500 per lift (EST) -> 350; = EUR 45 (EUR 30-60)
RAIL_DWELL_H = 12.0  # EST-HANDLING
AIR_HANDLING_CNY_PER_KG = 0.5  # EST-HANDLING
CARGO_T_PER_TEU = 10.0  # FS-6 (searoutes default 10 t; Chang'an ~9 t)
AIR_DWELL_H = 12.0  # EST-HANDLING
THC_CN_CNY = 850.0  # FS-3-THC-CN (RMB 850 per 20')
THC_HAMBURG_EUR = 240.0  # FS-3-THC-EU (CMA CGM Hamburg 2021; range EUR 220-300)
THC_ROTTERDAM_EUR = 220.0  # FS-3-THC-EU (CMA CGM Netherlands 2021)
PORT_DWELL_CN_H = 1.46 * 24.0  # FS-2-PORTTIME: 1.46 d average in port, China
PORT_DWELL_EU_H = 48.0  # EST-HANDLING (Hamburg 4.86 d in Aug 2022 was congestion)
CUSTOMS_CNY = 450.0  # EST-CUSTOMS: proxy = documentation charge RMB 450-500 (FS-3-LOCAL)
CUSTOMS_H = 2.0  # EST-CUSTOMS
XIAN_CUSTOMS_H = 0.5  # FS-4.3-XIAN (export clearance 1.6 h -> 0.5 h, 2024)
ALASHANKOU_CUSTOMS_H = 20 / 60  # FS-2-ALA-DWELL (export clearance can take 20 min)
GAUGE_CNY = LIFT_CNY  # EST-GAUGE: one crane lift per box (~40 s per box, FS-2-ALA-DWELL)
GAUGE_EAST_H = 24.0  # FS-2-ALA-DWELL: 1-2 d suggested total dwell (EST) -> 1 d
GAUGE_BREST_H = 48.0  # FS-2-BREST: 2-3 d normal -> 2 d

# Throughputs (TEU per week).
XIAN_PORT_TEU_PER_YEAR = 5.4e6  # FS-4.3-XIAN (design 5.4 M TEU/yr; 3.1 M in one source)
ALASHANKOU_TEU_PER_YEAR = 200_000.0  # FS-4.3-AKL
MANZHOULI_BOXES_PER_DAY = 840.0  # FS-2-MZL (reloading yard, up to 840 containers/day)
MALASZEWICZE_TRAINS_PER_DAY = 3.5  # FS-2-BREST (PKP Cargo 3-4 trains/day)
QINZHOU_TRAINS_PER_DAY = 20.0  # FS-4.3-QZH (~20 rail-sea trains/day)

# Western Land-Sea New Corridor.
WLSNC_XIAN_QINZHOU_KM = 2150.0  # FS-1.3-QZH: ~2,000-2,300 km (EST) -> 2,150
WLSNC_XIAN_QINZHOU_H = 5 * 24.0  # FS-2-QZH (5 d)
WLSNC_CHONGQING_QINZHOU_H = 2 * 24.0  # FS-2-QZH (Chongqing->Qinzhou 2 d)
WLSNC_CNY_PER_FEU = 5500.0  # FS-3-QZH-RAIL: RMB 4,000-7,000/FEU (EST) -> 5,500

# Domestic rail (China): tariff of the domestic section of international through traffic.
RAIL_BASE1_CNY_PER_TEU = 500.0  # FS-3-RAIL-INTL (base rate 1, per 20')
RAIL_BASE2_CNY_PER_TEU_KM = 2.205  # FS-3-RAIL-INTL (base rate 2, per TEU-km)
RAIL_DOMESTIC_KM_PER_DAY = 800.0  # FS-2-RAILSPEED: 600-1,000 km/day (EST) -> 800
RAIL_DETOUR_SHAANXI = 1.30  # EST-RAILDIST
QINGDAO_RAIL_H = 2 * 24.0  # FS-2-TAO (2 d by rail)
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
QINZHOU_SINGAPORE_H = 6 * 24.0  # FS-2-QZH-SIN
QINZHOU_KLANG_H = 10 * 24.0  # FS-2-QZH-PKG
QINGDAO_SINGAPORE_H = 12 * 24.0  # FS-2-TAO-SIN: 12-15 d -> 12 d

# Air.
AIR_ROUTE_FACTOR = 1.05  # EST-AIR: airway distance over great circle
AIR_BLOCK_KMH = 850.0  # EST-AIR: cruise block speed
AIR_TAXI_H = 0.5  # EST-AIR: taxi, climb and descent allowance
AIR_EUROPE_USD_PER_KG = 2.6  # FS-3-AIR: USD 2.4-2.8/kg China-Europe -> 2.6
AIR_FIXED_CNY_PER_T = 2000.0  # EST-AIR: fixed part of the air rate per tonne
A330F_T = 55.0  # FS-4.4-XIY: A330-200F 48-59 t -> 55
FREIGHTER_T = 50.0  # EST-AIR: default payload of a mid-size freighter (B767F class)
B777F_T = 101.0  # FS-4.4-B777F (design payload), for the long-haul Chicago route

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
    "EST-CE-CAL": (
        "China-Europe calibration (see the Calibration section): distances scaled so "
        f"that Xi'an-Duisburg = {CE_DUISBURG_KM:,.0f} km; in-motion speed so that the "
        f"standard service takes {CE_DUISBURG_STD_H / 24:g} d and the express "
        f"{CE_DUISBURG_EXP_H / 24:g} d including the gauge changes at DOSTYK "
        f"({GAUGE_EAST_H:g} h) and MALASZEWICZE ({GAUGE_BREST_H:g} h) and the export "
        f"clearance at XIAN_PORT ({XIAN_CUSTOMS_H} h); one price per TEU-km so that "
        f"the Duisburg chain plus two gauge changes equals USD {CE_RATE_USD_PER_FEU:,.0f}"
        f" per FEU. Branch legs (Almaty, Moscow, Riga, Tashkent, Baku) take the "
        "remainder of their sourced end-to-end figure; all other China-Europe legs use "
        "the calibrated speed and price."
    ),
    "EST-RAILTIME": (
        "Domestic rail time = distance / "
        f"{RAIL_DOMESTIC_KM_PER_DAY:g} km per day (midpoint of FS-2-RAILSPEED "
        "600-1,000 km/day)."
    ),
    "EST-RAILCOST": (
        "Domestic rail price (Shaanxi network, feeders, eastern rail-sea) = RMB "
        f"{RAIL_BASE1_CNY_PER_TEU:g} + {RAIL_BASE2_CNY_PER_TEU_KM} x km per TEU, the "
        "FS-3-RAIL-INTL tariff of the domestic section of international through "
        "traffic (a list price; corridor prices below are subsidised/discounted). "
        "European hinterland rail uses the China-Europe price per TEU-km."
    ),
    "EST-WLSNC": (
        f"WLSNC: Xi'an-Chongqing-Guiyang-Qinzhou scaled to {WLSNC_XIAN_QINZHOU_KM:,.0f}"
        " km (midpoint of FS-1.3-QZH); Chongqing->Qinzhou legs take "
        f"{WLSNC_CHONGQING_QINZHOU_H / 24:g} d and Xi'an->Chongqing the rest of the "
        f"{WLSNC_XIAN_QINZHOU_H / 24:g} d (includes re-marshalling at Chongqing); "
        f"price RMB {WLSNC_CNY_PER_FEU:,.0f}/FEU (midpoint of FS-3-QZH-RAIL) for the "
        "whole Guiyang route, shared by distance; the Huaihua route uses the same "
        "speed and price per km."
    ),
    "EST-ROAD": (
        f"Road distance = great-circle x {ROAD_DETOUR} detour (at least {ROAD_MIN_KM:g} "
        f"km); time = distance / {ROAD_KMH:g} km/h (FS-2-TRUCK 50-65 km/h); price = "
        f"RMB {TRUCK_CNY_PER_FEU_KM:g} per km per FEU (FS-3-TRUCK 8-12) / "
        f"{TEU_PER_FEU:g} = RMB {TRUCK_CNY_PER_FEU_KM / TEU_PER_FEU:g} per TEU-km; "
        "continuous service, no capacity limit."
    ),
    "EST-SEA": (
        "Sea distance = waypoint polyline x f_sea calibrated so that Shanghai-"
        "Rotterdam = 10,600 nm (FS-1.3-SEA). Time, where not sourced = distance / "
        "v_sea, the speed implied by Shanghai-Rotterdam in "
        f"{SEA_SHANGHAI_ROTTERDAM_H / 24:g} d (FS-2-SEA, calls included); Hamburg = "
        f"Rotterdam + {SEA_HAMBURG_EXTRA_H / 24:g} d. Price: Asia-North Europe USD "
        f"{SEA_ASIA_EUROPE_USD_PER_FEU:,.0f}/FEU (FS-3-SEA-2019, 2019 normal year) for "
        f"every China/Singapore-Europe lane; China-Southeast Asia USD "
        f"{SEA_ASIA_SE_USD_PER_TEU:g}/TEU (FS-3-SCFI proxy) for every such lane. "
        "Departures per week of the big Asia-Europe lanes are placeholders; their "
        "capacity is not limiting (null)."
    ),
    "EST-AIR": (
        f"Air distance = great-circle x {AIR_ROUTE_FACTOR}; block time = "
        f"{AIR_TAXI_H} h + distance / {AIR_BLOCK_KMH:g} km/h (gives ~10.4 h to Liège, "
        "factsheet 10-11 h); price per tonne = RMB "
        f"{AIR_FIXED_CNY_PER_T:,.0f} + k x km with k set so that XIY-Liège = USD "
        f"{AIR_EUROPE_USD_PER_KG}/kg (FS-3-AIR 2.4-2.8); capacity = departures x "
        f"payload: A330-200F {A330F_T:g} t (FS-4.4-XIY 48-59 t), default freighter "
        f"{FREIGHTER_T:g} t, Chicago B777F {B777F_T:g} t (FS-4.4-B777F); departures "
        "2/week unless sourced; domestic links are belly capacity on passenger flights "
        "(placeholders). Air never carries dangerous goods (contract); reefer allowed."
    ),
    "EST-HANDLING": (
        f"Change of mode: rail terminals and border stations RMB {LIFT_CNY:g} per TEU "
        f"(one lift, FS-3-LIFT midpoint) and {RAIL_DWELL_H:g} h; airports RMB "
        f"{AIR_HANDLING_CNY_PER_KG} per kg x {CARGO_T_PER_TEU:g} t per TEU (FS-6) = RMB "
        f"{AIR_HANDLING_CNY_PER_KG * 1000 * CARGO_T_PER_TEU:,.0f} per TEU-equivalent "
        f"and {AIR_DWELL_H:g} h; Chinese sea ports THC RMB {THC_CN_CNY:g} (FS-3-THC-CN) "
        f"and {PORT_DWELL_CN_H:.1f} h (FS-2-PORTTIME); Rotterdam/Hamburg THC EUR "
        f"{THC_ROTTERDAM_EUR:g}/{THC_HAMBURG_EUR:g} (FS-3-THC-EU) and "
        f"{PORT_DWELL_EU_H:g} h; other foreign sea ports the Chinese THC and dwell as "
        "proxies. Cities and bonded zones are road-only: no change of mode there."
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
        f"lift); time {GAUGE_EAST_H:g} h at the Chinese borders' foreign side (lower "
        f"end of the 1-2 d suggested dwell, FS-2-ALA-DWELL) and {GAUGE_BREST_H:g} h at "
        "MALASZEWICZE (lower end of the 2-3 d normal wait, FS-2-BREST). The gauge "
        "change is placed on the foreign side (DOSTYK, ALTYNKOL, ZAMYN_UUD, ZABAYKALSK) "
        "for both directions; in reality westbound trains are also reloaded on the "
        "Chinese side (e.g. the Alashankou depot)."
    ),
    "EST-DEP": (
        f"Departures: {XIAN_TRAINS_PER_YEAR:,.0f} Chang'an trains a year (FS-4.1, both "
        "directions) = ~48 a week each way, split over the four exits (Alashankou 22 "
        "incl. 2 express, Khorgos 17.5 incl. 1.5 trans-Caspian from FS-4.1-TC, "
        "Erenhot 4, Manzhouli 4) and further by destination (placeholders). A through "
        "train's departures are given on its first leg out of XIAN_PORT only; the "
        "legs it continues on have departures null (no second wait) and a capacity "
        "equal to the trains passing. Other services (domestic rail, WLSNC, "
        "rail-sea, feeders, hinterland rail) are placeholders of 1-7 a week."
    ),
    "EST-CAP": (
        f"Rail capacity per week = trains per week x {TEU_PER_TRAIN:g} TEU (FS-4.2). "
        "Node throughputs: XIAN_PORT 5.4 M TEU/yr / 52; ALASHANKOU 200,000 TEU/yr / 52; "
        f"MANZHOULI {MANZHOULI_BOXES_PER_DAY:g} boxes/day x 7 x {TEU_PER_FEU:g} "
        f"(boxes taken as FEU, EST); MALASZEWICZE {MALASZEWICZE_TRAINS_PER_DAY} "
        f"trains/day x 7 x {TEU_PER_TRAIN:g} TEU; QINZHOU {QINZHOU_TRAINS_PER_DAY:g} "
        f"trains/day x 7 x {TEU_PER_TRAIN:g} TEU. These are whole-facility figures, "
        "shared with traffic the network does not model."
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
        "Trans-Caspian: Altynkol-Aktau rail at the calibrated China-Europe speed and "
        f"price; Caspian ferry Aktau-Alat at {CAT_FERRY_KMH:g} km/h and USD "
        f"{CAT_FERRY_USD_PER_TEU:g}/TEU (placeholder); AKTAU dwell_h = the remainder of "
        f"the {CE_BAKU_H / 24:g}-day average (FS-2-BAK), i.e. waiting for the ferry."
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
    # Europe
    "Warsaw": (21.01, 52.23), "Poznan": (16.93, 52.41), "FrankfurtOder": (14.55, 52.34),
    "Berlin": (13.40, 52.52), "Hannover": (9.73, 52.37), "Dortmund": (7.47, 51.51),
    "Lublin": (22.57, 51.25), "Rzeszow": (22.00, 50.04), "Kosice": (21.26, 48.72),
    "Miskolc": (20.79, 48.10), "Katowice": (19.02, 50.26), "Ostrava": (18.29, 49.84),
    "Vienna": (16.37, 48.21), "Villach": (13.85, 46.61), "Verona": (10.99, 45.44),
    "Emmerich": (6.25, 51.84), "Oberhausen": (6.85, 51.47), "Bremen": (8.80, 53.08),
    "Osnabrueck": (8.05, 52.28),
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
CN_SEA = {"handling": THC_CN_CNY, "dwell": PORT_DWELL_CN_H, "reefer": True, "dg": True}
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
     source="FS-1.1;EST-PORTSTATUS;EST-HANDLING;EST-CUSTOMS",
     est=AIR_EST + ";port_status;port_modes;customs_cost_cny_per_teu;customs_h",
     note="Domestic gateway for Hanzhong.")
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
     source="FS-1.2;FS-4.3-QZH;FS-3-THC-CN;FS-2-PORTTIME;EST-PORTSTATUS;EST-CUSTOMS;"
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
]:  # fmt: skip
    node(ident, name, name_zh, "sea_port", "CN", prov, lon, lat, "rail;road;sea",
         **CN_SEA, **CN_OPEN_SEA,
         source=f"FS-1.2;{src};FS-3-THC-CN;FS-2-PORTTIME;EST-PORTSTATUS;EST-CUSTOMS;"
         "EST-FLAGS",
         est=CN_SEA_EST, note=note_text)
FOREIGN_SEA_EST = "geometry;handling_cost_cny_per_teu;dwell_h;reefer;dangerous_goods"
node("SINGAPORE", "Port of Singapore", "新加坡港", "sea_port", "SG", "", 103.80, 1.27,
     "road;sea", handling=THC_CN_CNY, dwell=PORT_DWELL_CN_H, reefer=True, dg=True,
     source="FS-1.2;FS-7-QZH-SEA;EST-HANDLING;EST-FLAGS", est=FOREIGN_SEA_EST,
     note="Handling and dwell: Chinese THC and port time as proxies.")
node("PORT_KLANG", "Port Klang (Westports)", "巴生港", "sea_port", "MY", "", 101.30, 3.00,
     "road;sea", handling=THC_CN_CNY, dwell=PORT_DWELL_CN_H, reefer=True, dg=True,
     source="EST-COORD;FS-7-QZH-SEA;EST-HANDLING;EST-FLAGS", est=FOREIGN_SEA_EST,
     note="Handling and dwell: Chinese THC and port time as proxies.")
node("HO_CHI_MINH", "Ho Chi Minh City Port (Cat Lai)", "胡志明港（吉莱）", "sea_port", "VN",
     "", 106.80, 10.76, "road;sea", handling=THC_CN_CNY, dwell=PORT_DWELL_CN_H,
     reefer=True, dg=True, source="EST-COORD;FS-7-QZH-SEA;EST-HANDLING;EST-FLAGS",
     est=FOREIGN_SEA_EST, note="Handling and dwell: Chinese THC and port time as proxies.")
node("ROTTERDAM", "Port of Rotterdam (Maasvlakte)", "鹿特丹港", "sea_port", "NL", "", 4.05,
     51.95, "rail;road;sea", handling=THC_ROTTERDAM_EUR * EUR_CNY, dwell=PORT_DWELL_EU_H,
     reefer=True, dg=True,
     source="FS-1.2;FS-3-THC-EU;EST-FX;EST-HANDLING;EST-FLAGS",
     est="geometry;dwell_h;reefer;dangerous_goods",
     note="THC EUR 220 (Netherlands, CMA CGM 2021). Rail/road hinterland to Duisburg.")
node("HAMBURG", "Port of Hamburg", "汉堡港", "sea_port", "DE", "", 9.95, 53.53,
     "rail;road;sea", handling=THC_HAMBURG_EUR * EUR_CNY, dwell=PORT_DWELL_EU_H,
     reefer=True, dg=True,
     source="FS-1.2;FS-3-THC-EU;FS-7-DEST;FS-7-SJZ;EST-FX;EST-HANDLING;EST-FLAGS",
     est="geometry;dwell_h;reefer;dangerous_goods",
     note="Sea port that doubles as the Chang'an rail terminal (modes rail;road;sea). "
     "THC EUR 240 (CMA CGM 2021). Port time 4.86 d in Aug 2022 (congested) not used.")
node("AKTAU", "Port of Aktau", "阿克套港", "sea_port", "KZ", "", 51.20, 43.60, "rail;sea",
     handling=THC_CN_CNY, dwell=None, reefer=True,
     source="FS-1.2;FS-2-BAK;EST-TC;EST-HANDLING;EST-FLAGS",
     est="geometry;handling_cost_cny_per_teu;dwell_h;reefer;dangerous_goods",
     note="Trans-Caspian rail-ferry port; dwell includes waiting for the ferry "
     "(calibrated to the 16-day average Xi'an-Baku).")
node("BAKU", "Baku International Sea Trade Port (Alat)", "巴库国际海港（阿利亚特）",
     "sea_port", "AZ", "", 49.41, 39.95, "rail;road;sea", handling=THC_CN_CNY,
     dwell=PORT_DWELL_CN_H, reefer=True,
     source="FS-1.2;FS-2-BAK;EST-HANDLING;EST-FLAGS",
     est="geometry;handling_cost_cny_per_teu;dwell_h;reefer;dangerous_goods",
     note="End of the trans-Caspian route (Alat ferry terminal, ~50 km south of Baku).")

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
     gauge_h=GAUGE_BREST_H,
     throughput=MALASZEWICZE_TRAINS_PER_DAY * 7 * TEU_PER_TRAIN,
     source="FS-1.2;FS-2-BREST;EST-GAUGE;EST-HANDLING;EST-FLAGS;EST-CAP",
     est=RAIL_EST + ";gauge_change_cost_cny_per_teu;throughput_teu_per_week",
     note="1520 -> 1435 mm gauge-change terminals (PKP Cargo, 3-4 trains/day). "
     "Normal wait 2-3 d; ~10 d (max 16) in the 2021 congestion.")

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
    ("XIANGYANG", "Xiangyang", "襄阳", "CN", "Hubei", 112.14, 32.04,
     "EST-COORD;PLAN-1.1", False, True, "Feeder origin 襄西欧 (plan 一(一))."),
    ("XUZHOU", "Xuzhou", "徐州", "CN", "Jiangsu", 117.18, 34.26, "EST-COORD;PLAN-1.1",
     False, True, "Feeder origin 徐西欧 (plan 一(一))."),
    ("SHIJIAZHUANG", "Shijiazhuang (Gaoyi)", "石家庄（高邑）", "CN", "Hebei", 114.51, 38.04,
     "EST-COORD;FS-7-SJZ", False, True,
     "Feeder origin 冀西欧 (Gaoyi station lies ~45 km south of the city centre)."),
    ("CHONGQING_TJC", "Chongqing Tuanjiecun", "重庆团结村", "CN", "Chongqing", 106.36,
     29.62, "FS-1.2;FS-7-WLSNC", True, True, "WLSNC operating hub."),
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
V_ALMATY_TASHKENT = ways("Shu", "Taraz", "Shymkent")
V_ALTYNKOL_AKTAU = [xy("ALMATY"), *ways("Shu", "Taraz", "Shymkent", "Arys", "Kyzylorda",
                                          "Aralsk", "Shalkar", "Beyneu")]  # fmt: skip
V_ZAMYN_MOSCOW = ways("Sainshand", "Choir", "Ulaanbaatar", "Darkhan", "Naushki", "UlanUde",
                      "Irkutsk", "Krasnoyarsk", "Novosibirsk", "Omsk", "Tyumen",
                      "Yekaterinburg", "Kazan", "NNovgorod")  # fmt: skip
V_ZABAYKALSK_MOSCOW = ways("Karymskaya", "Chita", "UlanUde", "Irkutsk", "Krasnoyarsk",
                           "Novosibirsk", "Omsk", "Tyumen", "Yekaterinburg", "Kazan",
                           "NNovgorod")  # fmt: skip

# --- 5.2 China-Europe calibration (EST-CE-CAL) -----------------------------------
DUISBURG_CHAIN = [
    ("XIAN_PORT", "ALASHANKOU", V_XIAN_ALASHANKOU),
    ("ALASHANKOU", "DOSTYK", []),
    ("DOSTYK", "MINSK", V_DOSTYK_MINSK),
    ("MINSK", "BREST", V_MINSK_BREST),
    ("BREST", "MALASZEWICZE", []),
    ("MALASZEWICZE", "DUISBURG", V_MAL_DUISBURG),
]
F_RAIL = CE_DUISBURG_KM / sum(line_km(a, b, v) for a, b, v in DUISBURG_CHAIN)
CE_STOPS_H = XIAN_CUSTOMS_H + GAUGE_EAST_H + GAUGE_BREST_H  # on every Duisburg run
V_STD = CE_DUISBURG_KM / (CE_DUISBURG_STD_H - CE_STOPS_H)
CE_TARGET_CNY_PER_TEU = CE_RATE_USD_PER_FEU * USD_CNY / TEU_PER_FEU
R_CE = (CE_TARGET_CNY_PER_TEU - 2 * GAUGE_CNY) / CE_DUISBURG_KM  # CNY per TEU-km


def ce_km(a: str, b: str, via: list[tuple[float, float]]) -> float:
    """Return the calibrated China-Europe rail distance (km) of a leg."""
    return line_km(a, b, via) * F_RAIL


BORDER_KM = ce_km("ALASHANKOU", "DOSTYK", []) + ce_km("BREST", "MALASZEWICZE", [])
V_EXP = (CE_DUISBURG_KM - BORDER_KM) / (CE_DUISBURG_EXP_H - CE_STOPS_H - BORDER_KM / V_STD)
V_EXP_EAST = (CE_DUISBURG_KM - BORDER_KM) / (
    CE_DUISBURG_EXP_EAST_H - CE_STOPS_H - BORDER_KM / V_STD
)
CALIBRATION.update(
    {
        "f_rail (route factor on the waypoint polyline)": F_RAIL,
        "v_std standard China-Europe speed in motion (km/h)": V_STD,
        "v_exp express speed westbound (km/h)": V_EXP,
        "v_exp_east express speed eastbound (km/h)": V_EXP_EAST,
        "r_ce China-Europe price (CNY per TEU-km)": R_CE,
        "target Xi'an-Duisburg price (CNY per TEU), USD 3,240/FEU": CE_TARGET_CNY_PER_TEU,
        "cross-check EUR 3,000/FEU (2018) in CNY per TEU": CE_RATE_EUR_PER_FEU_2018
        * EUR_CNY
        / TEU_PER_FEU,
    }
)

CE_SRC = "FS-1.3-DUI;FS-2-DUI-STD;FS-3-CE-2024;FS-4.1;FS-4.2;EST-CE-CAL;EST-DEP;EST-CAP;EST-GEOM;"
CE_SRC += "EST-FLAGS;FS-3-CE-2018"
CE_EST = (
    "geometry;distance_km;time_h;cost_cny;capacity_teu_per_week;departures_per_week;"
    "reefer;dangerous_goods"
)
CE_FLAGS = {"reefer": True, "dg": False}


def trains(n: float) -> float:
    """Return the weekly capacity (TEU) of n trains a week."""
    return n * TEU_PER_TRAIN


def ce_leg(
    ident: str,
    a: str,
    b: str,
    via: list[tuple[float, float]],
    gauge: int,
    n_trains: float,
    *,
    first_leg: bool = False,
    **columns: Any,
) -> None:
    """Add a China-Europe rail leg with the calibrated distance, speed and price.

    ``distance`` and ``time`` override the calibrated figures; ``source``, ``est``,
    ``corridor`` and the other link columns may be given as for ``link``.
    """
    distance, time = columns.pop("distance", None), columns.pop("time", None)
    d = ce_km(a, b, via) if distance is None else distance
    time = d / V_STD if time is None else time
    row = {"source": CE_SRC, "est": CE_EST, "note": "", "year": None, **columns}
    link(ident, a, b, "rail", row.pop("corridor", "china_europe"), via=via, gauge=gauge,
         distance=d, time=time, cost=d * R_CE, cap_teu=trains(n_trains),
         dep=n_trains if first_leg else None, co2=CO2_RAIL, **row, **CE_FLAGS)  # fmt: skip


# Standard trunk via Alashankou (the calibration chain).
ce_leg("CE_XIAN_PORT_ALASHANKOU", "XIAN_PORT", "ALASHANKOU", V_XIAN_ALASHANKOU, 1435, 20,
       first_leg=True,
       note="Longhai/Lanxin/Northern Xinjiang lines via Lanzhou and Urumqi. Standard "
       "trains of all destinations exiting at Alashankou (20/week).")  # fmt: skip
ce_leg("CE_ALASHANKOU_DOSTYK", "ALASHANKOU", "DOSTYK", [], 1435, 22,
       note="Border crossing CN->KZ; every train via Alashankou (20 standard + 2 express).")
ce_leg("CE_DOSTYK_MINSK", "DOSTYK", "MINSK", V_DOSTYK_MINSK, 1520, 10,
       note="1520 mm trunk via Astana, Petropavl, Samara, Ryazan (Moscow bypassed), "
       "Smolensk.")  # fmt: skip
ce_leg("CE_MINSK_BREST", "MINSK", "BREST", V_MINSK_BREST, 1520, 14,
       note="Trains via Alashankou (10) and via Moscow (4).")
ce_leg("CE_BREST_MALASZEWICZE", "BREST", "MALASZEWICZE", [], 1520, 16,
       note="Border crossing BY->PL on the 1520 mm track to the Malaszewicze reloading "
       "terminals.")  # fmt: skip
ce_leg("CE_MALASZEWICZE_DUISBURG", "MALASZEWICZE", "DUISBURG", V_MAL_DUISBURG, 1435, 4,
       source=CE_SRC + ";FS-1.3-DUI",
       note="Standard Duisburg trains (4/week, placeholder).")  # fmt: skip

# Fixed-schedule express Xi'an -> Duisburg, westbound only, parallel to the trunk.
EXP_SRC = CE_SRC + ";FS-2-DUI-EXP"
EXP_EST = "geometry;distance_km;time_h;cost_cny;reefer;dangerous_goods"
for ident, a, b, via, gauge, first in [
    ("CE_XIAN_PORT_ALASHANKOU_EXP", "XIAN_PORT", "ALASHANKOU", V_XIAN_ALASHANKOU, 1435,
     True),
    ("CE_DOSTYK_BREST_EXP", "DOSTYK", "BREST", V_DOSTYK_BREST, 1520, False),
    ("CE_MALASZEWICZE_DUISBURG_EXP", "MALASZEWICZE", "DUISBURG", V_MAL_DUISBURG, 1435,
     False),
]:  # fmt: skip
    d = ce_km(a, b, via)
    link(ident, a, b, "rail", "china_europe", via=via, gauge=gauge, bidirectional=False,
         distance=d, time=d / V_EXP, cost=d * R_CE, cap_teu=trains(2),
         dep=2.0 if first else None, timetable=CE_EXPRESS_TIMETABLE if first else "",
         co2=CO2_RAIL, source=EXP_SRC, est=EXP_EST, **CE_FLAGS,
         note="Xi'an-Duisburg fixed-schedule express (2/week, 50 FEU), westbound; "
         + ("departs Wed and Sat 03:55." if first else
            "continuation of the same train (departures counted on the first leg)."))
for ident, a, b, via, gauge, first in [
    ("CE_DUISBURG_MALASZEWICZE_EXP", "DUISBURG", "MALASZEWICZE", V_MAL_DUISBURG[::-1],
     1435, True),
    ("CE_BREST_DOSTYK_EXP", "BREST", "DOSTYK", V_DOSTYK_BREST[::-1], 1520, False),
    ("CE_ALASHANKOU_XIAN_PORT_EXP", "ALASHANKOU", "XIAN_PORT", V_XIAN_ALASHANKOU[::-1],
     1435, False),
]:  # fmt: skip
    d = ce_km(a, b, via)
    link(ident, a, b, "rail", "china_europe", via=via, gauge=gauge, bidirectional=False,
         distance=d, time=d / V_EXP_EAST, cost=d * R_CE, cap_teu=trains(2),
         dep=2.0 if first else None, co2=CO2_RAIL,
         source=CE_SRC + ";FS-2-DUI-EAST", est=EXP_EST + ";departures_per_week",
         **CE_FLAGS,
         note="Duisburg-Xi'an fixed-schedule train, eastbound (11.5 d calibrated; "
         "timetable not sourced)"
         + (", 2/week." if first else "; continuation of the same train."))

# Branches calibrated on sourced end-to-end figures.
D_XA = ce_km("XIAN_PORT", "ALASHANKOU", V_XIAN_ALASHANKOU)
D_AD = ce_km("ALASHANKOU", "DOSTYK", [])
T_TO_DOSTYK = XIAN_CUSTOMS_H + (D_XA + D_AD) / V_STD + GAUGE_EAST_H
ce_leg("CE_DOSTYK_ALMATY", "DOSTYK", "ALMATY", V_DOSTYK_ALMATY, 1520, 6,
       distance=CE_ALMATY_KM - D_XA - D_AD, time=CE_ALMATY_H - T_TO_DOSTYK, year=2013,
       source=CE_SRC + ";FS-1.3-ALA;FS-2-ALA",
       note="Calibrated to Xi'an-Almaty 3,866 km / 6 d (2013, first Chang'an train): "
       "the slow time is the 2013 figure.")  # fmt: skip
ce_leg("CE_DOSTYK_MOSCOW", "DOSTYK", "MOSCOW", V_DOSTYK_MOSCOW, 1520, 3,
       distance=CE_MOSCOW_KM - D_XA - D_AD, time=CE_MOSCOW_H - T_TO_DOSTYK, year=2016,
       source=CE_SRC + ";FS-1.3-MOW;FS-2-MOW",
       note="Calibrated to Xi'an-Moscow 7,251 km (2013 plan) / 11 d (2016).")
ce_leg("CE_DOSTYK_RIGA", "DOSTYK", "RIGA", V_DOSTYK_RIGA, 1520, 1,
       distance=CE_RIGA_KM - D_XA - D_AD, source=CE_SRC + ";FS-1.3-RIX",
       note="Calibrated to Xi'an-Riga ~9,000 km; 1520 mm throughout.")
ce_leg("CE_MOSCOW_MINSK", "MOSCOW", "MINSK", ways("Smolensk", "Orsha"), 1520, 4,
       note="Europe-bound trains of the Erenhot and Manzhouli routes (4/week).")
for dest, via, n in [("WARSAW", V_MAL_WARSAW, 3), ("HAMBURG", V_MAL_HAMBURG, 4),
                     ("BUDAPEST", V_MAL_BUDAPEST, 2), ("MILAN", V_MAL_MILAN, 1)]:  # fmt: skip
    ce_leg(f"CE_MALASZEWICZE_{dest}", "MALASZEWICZE", dest, via, 1435, n,
           source=CE_SRC + ";FS-1.3-RIX;FS-7-DEST",
           note=f"European leg to {NODE_BY_ID[dest]['name']} ({n}/week, placeholder).")

# Khorgos: Central Asia and the trans-Caspian route.
ce_leg("CE_XIAN_PORT_KHORGOS", "XIAN_PORT", "KHORGOS", V_XIAN_KHORGOS, 1435, 17.5,
       first_leg=True, source=CE_SRC + ";FS-0.4",
       note="Via Urumqi and the Jinghe-Khorgos line; Central Asia (16) and "
       "trans-Caspian (1.5) trains.")  # fmt: skip
ce_leg("CE_KHORGOS_ALTYNKOL", "KHORGOS", "ALTYNKOL", [], 1435, 17.5,
       note="Border crossing CN->KZ.")
ce_leg("CE_ALTYNKOL_ALMATY", "ALTYNKOL", "ALMATY", [], 1520, 16,
       note="Almaty via Khorgos takes ~4.3 d in the model, matching Urumqi->KZ 48 h "
       "(FS-2-TAS, 2019) plus the run to Urumqi.")  # fmt: skip
D_XK = ce_km("XIAN_PORT", "KHORGOS", V_XIAN_KHORGOS)
D_KA = ce_km("KHORGOS", "ALTYNKOL", [])
T_TO_ALTYNKOL = XIAN_CUSTOMS_H + (D_XK + D_KA) / V_STD + GAUGE_EAST_H
D_ALT_ALMATY = ce_km("ALTYNKOL", "ALMATY", [])
ce_leg("CE_ALMATY_TASHKENT", "ALMATY", "TASHKENT", V_ALMATY_TASHKENT, 1520, 6,
       time=CE_TASHKENT_H - T_TO_ALTYNKOL - D_ALT_ALMATY / V_STD,
       source=CE_SRC + ";FS-2-TAS;FS-7-DEST",
       note="Calibrated to Xi'an-Tashkent 7 d via Khorgos (midpoint of 6-8 d); "
       "includes the KZ-UZ border (Saryagash).")  # fmt: skip
D_ALT_AKTAU = ce_km("ALTYNKOL", "AKTAU", V_ALTYNKOL_AKTAU)
ce_leg("TC_ALTYNKOL_AKTAU", "ALTYNKOL", "AKTAU", V_ALTYNKOL_AKTAU, 1520, 1.5,
       corridor="trans_caspian", year=2019,
       source=CE_SRC + ";FS-0.4;FS-2-BAK;FS-4.1-TC;EST-TC",
       note="Trans-Caspian (Middle Corridor) rail leg via Shymkent, Kyzylorda, Beyneu; "
       "1.5 trains/week (466 trips Oct 2019-Nov 2025).")  # fmt: skip
D_FERRY = line_km("AKTAU", "BAKU", SEA_CASPIAN)
T_FERRY = D_FERRY / CAT_FERRY_KMH
link("TC_AKTAU_BAKU", "AKTAU", "BAKU", "sea", "trans_caspian", via=SEA_CASPIAN,
     distance=D_FERRY, time=T_FERRY, cost=CAT_FERRY_USD_PER_TEU * USD_CNY, co2=CO2_FERRY,
     dg=False, year=2019, source="FS-2-BAK;FS-4.1-TC;EST-TC;EST-CO2;EST-FX;EST-GEOM",
     est="geometry;distance_km;time_h;cost_cny;co2e_g_per_tkm;reefer;dangerous_goods",
     note="Caspian rail ferry Aktau-Alat; waiting for the ferry is in AKTAU dwell_h "
     "(departures null).")  # fmt: skip
AKTAU_DWELL_H = CE_BAKU_H - T_TO_ALTYNKOL - D_ALT_AKTAU / V_STD - T_FERRY
NODE_BY_ID["AKTAU"]["dwell_h"] = AKTAU_DWELL_H
CALIBRATION["AKTAU dwell incl. ferry wait (h)"] = AKTAU_DWELL_H

# Erenhot and Manzhouli (Trans-Siberian) routes: calibrated speed and price.
ce_leg("CE_XIAN_PORT_ERENHOT", "XIAN_PORT", "ERENHOT", V_XIAN_ERENHOT, 1435, 4,
       first_leg=True, source=CE_SRC + ";FS-0.4", note="Via Taiyuan, Datong, Jining.")
ce_leg("CE_ERENHOT_ZAMYN_UUD", "ERENHOT", "ZAMYN_UUD", [], 1435, 4,
       note="Border crossing CN->MN.")
ce_leg("CE_ZAMYN_UUD_MOSCOW", "ZAMYN_UUD", "MOSCOW", V_ZAMYN_MOSCOW, 1520, 4,
       note="Trans-Mongolian and Trans-Siberian lines via Ulaanbaatar and Novosibirsk.")
ce_leg("CE_XIAN_PORT_MANZHOULI", "XIAN_PORT", "MANZHOULI", V_XIAN_MANZHOULI, 1435, 4,
       first_leg=True, source=CE_SRC + ";FS-0.4",
       note="Via Taiyuan, Beijing, Shenyang, Harbin, Hailar.")
ce_leg("CE_MANZHOULI_ZABAYKALSK", "MANZHOULI", "ZABAYKALSK", [], 1435, 4,
       note="Border crossing CN->RU.")
ce_leg("CE_ZABAYKALSK_MOSCOW", "ZABAYKALSK", "MOSCOW", V_ZABAYKALSK_MOSCOW, 1520, 4,
       note="Trans-Siberian via Chita, Irkutsk, Novosibirsk, Yekaterinburg.")

# European hinterland rail (sea port <-> Duisburg).
for ident, a, b, via, n in [
    ("CE_ROTTERDAM_DUISBURG", "ROTTERDAM", "DUISBURG", ways("Emmerich", "Oberhausen"), 20),
    ("CE_HAMBURG_DUISBURG", "HAMBURG", "DUISBURG", ways("Bremen", "Osnabrueck",
                                                        "Dortmund"), 10),
]:  # fmt: skip
    d = ce_km(a, b, via)
    link(ident, a, b, "rail", "china_europe", via=via, gauge=1435, distance=d,
         time=d / (RAIL_DOMESTIC_KM_PER_DAY / 24), cost=d * R_CE, dep=n, co2=CO2_RAIL,
         source="FS-1.2;EST-RAILDIST;EST-RAILTIME;EST-RAILCOST;EST-DEP;EST-GEOM;EST-FLAGS",
         est="geometry;distance_km;time_h;cost_cny;departures_per_week;reefer;"
         "dangerous_goods",
         note="European hinterland rail (Betuweroute / Hamburg port rail); capacity "
         "not limiting.")  # fmt: skip

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
R_WLSNC = WLSNC_CNY_PER_FEU / TEU_PER_FEU / WLSNC_XIAN_QINZHOU_KM
CALIBRATION.update(
    {
        "f_wlsnc (route factor, Xi'an-Qinzhou scaled to 2,150 km)": F_WLSNC,
        "WLSNC speed Chongqing->Qinzhou (km/h)": V_WLSNC_SOUTH,
        "WLSNC price (CNY per TEU-km)": R_WLSNC,
    }
)
W_SRC = "FS-2-QZH;FS-1.3-QZH;FS-3-QZH-RAIL;FS-7-WLSNC;EST-WLSNC;EST-DEP;EST-CAP;EST-GEOM;"
W_SRC += "EST-FLAGS;EST-FEU"
W_EST = CE_EST
for ident, a, b, via, n, first, note_text in [
    ("W_XIAN_PORT_CHONGQING_TJC", "XIAN_PORT", "CHONGQING_TJC", V_XIAN_CQ, 7, True,
     "Xikang and Xiangyu lines via Ankang and Dazhou; time includes re-marshalling at "
     "Chongqing (5 d Xi'an->Qinzhou minus 2 d Chongqing->Qinzhou)."),
    ("W_CHONGQING_TJC_GUIYANG", "CHONGQING_TJC", "GUIYANG", V_CQ_GY, 35, False,
     "Central WLSNC route; capacity shared with Chongqing's own trains (placeholder)."),
    ("W_GUIYANG_QINZHOU", "GUIYANG", "QINZHOU", V_GY_QZH, 35, False,
     "Via Liuzhou and Nanning to Qinzhou Port East."),
    ("W_CHONGQING_TJC_HUAIHUA", "CHONGQING_TJC", "HUAIHUA", V_CQ_HH, 14, False,
     "Eastern WLSNC route (Yuhuai line)."),
    ("W_HUAIHUA_QINZHOU", "HUAIHUA", "QINZHOU", V_HH_QZH, 14, False,
     "Via the Jiaoliu line, Liuzhou and Nanning."),
]:  # fmt: skip
    d = line_km(a, b, via) * F_WLSNC
    t = (
        WLSNC_XIAN_QINZHOU_H - WLSNC_CHONGQING_QINZHOU_H
        if a == "XIAN_PORT"
        else d / V_WLSNC_SOUTH
    )
    link(ident, a, b, "rail", "western_land_sea", via=via, gauge=1435, distance=d, time=t,
         cost=d * R_WLSNC, cap_teu=trains(n), dep=n if first else None, co2=CO2_RAIL,
         source=W_SRC, est=W_EST,
         note=note_text)  # fmt: skip

# --- 5.4 Domestic rail: Shaanxi network, eastern rail-sea, feeders ---------------
def rail_tariff(d: float) -> float:
    """Return the domestic rail price (CNY per TEU) of a leg of d km (FS-3-RAIL-INTL)."""
    return RAIL_BASE1_CNY_PER_TEU + RAIL_BASE2_CNY_PER_TEU_KM * d


V_RAIL_DOM = RAIL_DOMESTIC_KM_PER_DAY / 24
DOM_SRC = "FS-1.2;FS-3-RAIL-INTL;FS-2-RAILSPEED;EST-RAILDIST;EST-RAILTIME;EST-RAILCOST;"
DOM_SRC += "EST-DEP;EST-CAP;EST-FLAGS"
DOM_EST = (
    "geometry;distance_km;time_h;capacity_teu_per_week;departures_per_week;reefer;"
    "dangerous_goods"
)
for a, b, via, n, note_text in [
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
]:  # fmt: skip
    d = poly_km([xy(a), *via, xy(b)]) * RAIL_DETOUR_SHAANXI
    link(f"R_{a}_{b}", a, b, "rail", "domestic_rail", via=via, gauge=1435, distance=d,
         time=d / V_RAIL_DOM, cost=rail_tariff(d), cap_teu=trains(n), dep=n, co2=CO2_RAIL,
         source=DOM_SRC + ";PLAN-4.1.2;EST-GEOM", est=DOM_EST, note=note_text)

V_XIAN_ZZ = ways("Luoyang", "Zhengzhou")
for ident, b, via, n, src, note_text in [
    ("E_XIAN_PORT_QINGDAO", "QINGDAO", V_XIAN_ZZ + ways("Yanzhou", "Linyi", "Rizhao"), 3,
     "FS-2-TAO;FS-7-DEST", "Rail-sea service to Qingdao (2 d, 2024)."),
    ("E_XIAN_PORT_LIANYUNGANG", "LIANYUNGANG", V_XIAN_ZZ + ways("Xuzhou"), 3,
     "FS-7-DEST", "Longhai line to its sea end."),
    ("E_XIAN_PORT_SHANGHAI", "SHANGHAI", V_XIAN_ZZ + ways("Xuzhou", "Bengbu", "Nanjing",
                                                          "Suzhou"), 2,
     "FS-1.3-SHA", "Via Zhengzhou, Xuzhou, Nanjing."),
    ("E_XIAN_PORT_NINGBO", "NINGBO", V_XIAN_ZZ + ways("Xuzhou", "Bengbu", "Nanjing",
                                                      "Hangzhou"), 1,
     "FS-7-DEST", "Rail-sea service to Ningbo."),
]:  # fmt: skip
    d = line_km("XIAN_PORT", b, via) * F_RAIL
    if b == "SHANGHAI":
        d = max(d, XIAN_SHANGHAI_RAIL_MIN_KM)
    t = QINGDAO_RAIL_H if b == "QINGDAO" else d / V_RAIL_DOM
    link(ident, "XIAN_PORT", b, "rail", "eastern_rail_sea", via=via, gauge=1435,
         distance=d, time=t, cost=rail_tariff(d), cap_teu=trains(n), dep=n, co2=CO2_RAIL,
         source=f"{DOM_SRC};{src};EST-GEOM",
         est=DOM_EST if b != "QINGDAO" else DOM_EST.replace("time_h;", ""),
         note=note_text)  # fmt: skip

for a, via, n, src, note_text in [
    ("XIANGYANG", ways("Shiyan", "Ankang"), 2, "PLAN-1.1",
     "襄西欧 assembly line (Xiangyu and Xikang lines)."),
    ("XUZHOU", ways("Zhengzhou", "Luoyang"), 2, "PLAN-1.1",
     "徐西欧 assembly line (Longhai line)."),
    ("SHIJIAZHUANG", ways("Taiyuan", "Houma"), 1, "FS-7-SJZ",
     "冀西欧 assembly line (Shijiazhuang Gaoyi -> Xinzhu -> Hamburg)."),
]:  # fmt: skip
    d = line_km(a, "XIAN_PORT", via) * F_RAIL
    link(f"F_{a}_XIAN_PORT", a, "XIAN_PORT", "rail", "feeder", via=via, gauge=1435,
         distance=d, time=d / V_RAIL_DOM, cost=rail_tariff(d), cap_teu=trains(n), dep=n,
         co2=CO2_RAIL, source=f"{DOM_SRC};{src};EST-GEOM", est=DOM_EST,
         note=note_text + " Domestic feeder into the Xi'an assembly centre.")


# --- 5.5 Sea lanes (EST-SEA) --------------------------------------------------------
def sea_points(a: str, b: str) -> list[tuple[float, float]]:
    """Return the waypoints of the sea lane a -> b."""
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
V_SEA = SEA_SHANGHAI_ROTTERDAM_KM / SEA_SHANGHAI_ROTTERDAM_H
SEA_EU_CNY = SEA_ASIA_EUROPE_USD_PER_FEU * USD_CNY / TEU_PER_FEU
SEA_SE_CNY = SEA_ASIA_SE_USD_PER_TEU * USD_CNY
CALIBRATION.update(
    {
        "f_sea (sea-lane factor on the waypoint polyline)": F_SEA,
        "v_sea (km/h, Shanghai-Rotterdam in 32 d incl. calls)": V_SEA,
    }
)
SEA_SRC = "EST-SEA;EST-GEOM;EST-FLAGS;EST-FX"
for a, b, corridor, dep, time_h, src in [
    ("SHANGHAI", "ROTTERDAM", "sea_asia_europe", 10, SEA_SHANGHAI_ROTTERDAM_H,
     "FS-1.3-SEA;FS-2-SEA;FS-3-SEA-2019;EST-FEU"),
    ("SHANGHAI", "HAMBURG", "sea_asia_europe", 7, None,
     "FS-2-SEA;FS-2-SEA-HAM;FS-3-SEA-2019;EST-FEU"),
    ("QINGDAO", "ROTTERDAM", "sea_asia_europe", 5, None, "FS-2-SEA;FS-3-SEA-2019;EST-FEU"),
    ("QINGDAO", "HAMBURG", "sea_asia_europe", 4, None,
     "FS-2-SEA;FS-2-SEA-HAM;FS-3-SEA-2019;EST-FEU"),
    ("NINGBO", "ROTTERDAM", "sea_asia_europe", 7, None, "FS-2-SEA;FS-3-SEA-2019;EST-FEU"),
    ("LIANYUNGANG", "ROTTERDAM", "sea_asia_europe", 1, None,
     "FS-2-SEA;FS-3-SEA-2019;EST-FEU"),
    ("SINGAPORE", "ROTTERDAM", "sea_asia_europe", 10, None,
     "FS-2-SEA;FS-3-SEA-2019;EST-FEU"),
    ("SHANGHAI", "SINGAPORE", "sea_southeast_asia", 7, None, "FS-3-SCFI"),
    ("QINGDAO", "SINGAPORE", "sea_southeast_asia", 3, QINGDAO_SINGAPORE_H,
     "FS-2-TAO-SIN;FS-3-SCFI"),
    ("LIANYUNGANG", "SINGAPORE", "sea_southeast_asia", 1, None, "FS-3-SCFI"),
    ("QINZHOU", "SINGAPORE", "sea_southeast_asia", 1, QINZHOU_SINGAPORE_H,
     "FS-2-QZH-SIN;FS-7-QZH-SEA;FS-3-SCFI"),
    ("QINZHOU", "PORT_KLANG", "sea_southeast_asia", 1, QINZHOU_KLANG_H,
     "FS-2-QZH-PKG;FS-7-QZH-SEA;FS-3-SCFI"),
    ("QINZHOU", "HO_CHI_MINH", "sea_southeast_asia", 1, None, "FS-7-QZH-SEA;FS-3-SCFI"),
]:  # fmt: skip
    via = sea_points(a, b)
    d = line_km(a, b, via) * F_SEA
    if time_h is None:
        time_h = d / V_SEA
        if b == "HAMBURG":  # FS-2-SEA-HAM: Hamburg = Rotterdam + 2 d
            time_h = line_km(a, "ROTTERDAM", sea_points(a, "ROTTERDAM")) * F_SEA / V_SEA
            time_h += SEA_HAMBURG_EXTRA_H
        est_time = "time_h;"
    else:
        est_time = ""
    weekly = corridor == "sea_southeast_asia" and a == "QINZHOU"
    link(f"S_{a}_{b}", a, b, "sea", corridor, via=via, distance=d, time=time_h,
         cost=SEA_EU_CNY if corridor == "sea_asia_europe" else SEA_SE_CNY, dep=dep,
         co2=CO2_SEA, source=f"{src};{SEA_SRC}",
         est="geometry;distance_km;" + est_time + "cost_cny;co2e_g_per_tkm;reefer;"
         "dangerous_goods" + ("" if weekly else ";departures_per_week"),
         note=("Weekly direct service (FS-7-QZH-SEA). " if weekly else "")
         + "Time includes intermediate calls; capacity not limiting.")  # fmt: skip


# --- 5.6 Air cargo (EST-AIR) ----------------------------------------------------------
def air_km(a: str, b: str) -> float:
    """Return the airway distance (km) between two airports."""
    return gc_km(xy(a), xy(b)) * AIR_ROUTE_FACTOR


AIR_K = (AIR_EUROPE_USD_PER_KG * 1000 * USD_CNY - AIR_FIXED_CNY_PER_T) / air_km("XIY", "LGG")
CALIBRATION["air price slope k (CNY per t-km)"] = AIR_K


def air_link(a: str, b: str, corridor: str, dep: float, payload_t: float, **columns: Any) -> None:
    """Add an air link priced per tonne (``co2``, ``source``, ``est``, ``note``, ``year``)."""
    d = air_km(a, b)
    link(f"A_{a}_{b}", a, b, "air", corridor, distance=d,
         time=AIR_TAXI_H + d / AIR_BLOCK_KMH, cost=AIR_FIXED_CNY_PER_T + AIR_K * d,
         cost_basis="t", cap_t=dep * payload_t, dep=dep, reefer=True, dg=False,
         **columns)  # fmt: skip


AIR_SRC = "FS-1.1;FS-3-AIR;FS-5;EST-AIR;EST-FX;EST-CO2"
AIR_EST_ALL = (
    "geometry;distance_km;time_h;cost_cny;capacity_t_per_week;departures_per_week;"
    "co2e_g_per_tkm;reefer"
)
for b, dep, payload, src, est_drop, year, note_text in [
    ("LGG", 2, FREIGHTER_T, "PLAN-4.1.1", "", None,
     "Liège cargo route named in the plan (四(一)1)."),
    ("BRU", 2, A330F_T, "FS-4.4-XIY", "capacity_t_per_week;departures_per_week;", None,
     "A330-200F, 2/week (FS-4.4-XIY)."),
    ("FRU", 2, FREIGHTER_T, "PLAN-4.1.1", "", None,
     "Bishkek cargo route named in the plan (四(一)1)."),
    ("ALA", 2, FREIGHTER_T, "PLAN-Z1", "", None,
     "Central Asia cargo market (专栏1); route not sourced."),
    ("TAS", 2, FREIGHTER_T, "PLAN-Z1", "", None,
     "Central Asia cargo market (专栏1); route not sourced."),
    ("ICN", 2, FREIGHTER_T, "FS-4.4-XIY;PLAN-4.1.1", "", None,
     "Seoul-Xi'an-Hanoi 5th-freedom freighter (FS-4.4-XIY)."),
    ("NRT", 2, FREIGHTER_T, "FS-4.4-XIY", "", None, "B767-300F (FS-4.4-XIY)."),
    ("DEL", 2, A330F_T, "FS-4.4-XIY", "capacity_t_per_week;departures_per_week;", None,
     "A330-200F, 2/week (FS-4.4-XIY)."),
    ("SVO", 2, FREIGHTER_T, "FS-1.1", "", None,
     "Moscow; route not named in the factsheet's route list (coordinates only)."),
    ("BUD", 2, FREIGHTER_T, "FS-4.4-XIY", "", 2025, "Route of 2025 (FS-4.4-XIY)."),
    ("DEB", 2, FREIGHTER_T, "FS-4.4-XIY", "", 2025, "Route of 2025 (FS-4.4-XIY)."),
    ("MXP", 2, FREIGHTER_T, "FS-4.4-XIY", "", 2025, "Route of 2025 (FS-4.4-XIY)."),
    ("ORD", 2, B777F_T, "FS-4.4-XIY;FS-4.4-B777F", "", 2025,
     "Route of 2025 (FS-4.4-XIY); B777F payload assumed for the long haul."),
]:  # fmt: skip
    est_cols = AIR_EST_ALL
    for col in est_drop.split(";"):
        if col:
            est_cols = est_cols.replace(col + ";", "")
    air_link("XIY", b, "air_international", dep, payload, co2=CO2_AIR_FREIGHTER,
             source=f"{AIR_SRC};{src}", est=est_cols, note=note_text, year=year)

AIR_DOM_SRC = "FS-1.1;FS-3-AIR;FS-5-GLEC;EST-AIR;EST-FX;EST-CO2;PLAN-3.4"
AIR_DOM_EST = AIR_EST_ALL.replace("co2e_g_per_tkm;", "")
for a, b, dep, payload in [
    ("UYN", "XIY", 7, 3.0), ("ENY", "XIY", 7, 3.0), ("HZG", "XIY", 7, 3.0),
    ("AKA", "XIY", 7, 3.0), ("UYN", "PVG", 7, 3.0), ("HZG", "CKG", 7, 3.0),
    ("XIY", "PVG", 42, 5.0), ("XIY", "CKG", 28, 5.0),
]:  # fmt: skip
    air_link(a, b, "air_domestic", dep, payload, co2=CO2_AIR_BELLY_SHORT, source=AIR_DOM_SRC,
             est=AIR_DOM_EST, note=f"Belly cargo on passenger flights ({dep}/week x "
             f"{payload:g} t, placeholder).")  # fmt: skip


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
]
for a, b, why in ROAD_ROWS:
    d = road_km(a, b)
    link(f"D_{a}_{b}", a, b, "road", "road", distance=d, time=d / ROAD_KMH,
         cost=d * TRUCK_CNY_PER_FEU_KM / TEU_PER_FEU, co2=CO2_ROAD, source=ROAD_SRC,
         est=ROAD_EST, note=f"Road: {why}.")  # fmt: skip


# fmt: on
# =====================================================================================
# 6. Checks (the contract's validator, then the network's own rules), output, docs
# =====================================================================================

CORRIDORS = set(LINK_FILES)
SOURCE_KEYS = set(SOURCES) | set(EST_RULES)


def validate_with_contract() -> list[str]:
    """Return the problems the library's validator finds in NODES and LINKS as written.

    The same checks as for any network file (multimodal.schema): columns, kinds and
    enumerations, yes/no values, ids, node references, non-negative figures, gauges,
    timetables, distances against the great circle, speeds each mode can reach.
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
        validate_links(links, validate_nodes(nodes, "NODES"), "LINKS")
    except DataValidationError as error:
        return [str(problem) for problem in error.problems]
    return []


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
    return problems + check_connections()


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
    """Return the counts of nodes and links (by kind, mode, corridor, file) as markdown."""

    def table(title: str, rows: dict[str, int]) -> str:
        out = [f"| {title} | count |", "|---|---:|"]
        out += [f"| {k} | {v} |" for k, v in sorted(rows.items())]
        out.append(f"| **total** | **{sum(rows.values())}** |")
        return "\n".join(out)

    def tally(rows: list[dict], key: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in rows:
            out[r[key]] = out.get(r[key], 0) + 1
        return out

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


def calibration_markdown() -> str:
    """Return the calibrated figures and the end-to-end checks as markdown."""
    by_id = {lk["id"]: lk for lk in LINKS}

    def path(ids: list[str], stops_h: float, gauge_cny: float) -> tuple[float, ...]:
        km = sum(by_id[i]["distance_km"] for i in ids)
        h = sum(by_id[i]["time_h"] for i in ids) + stops_h
        cny = sum(by_id[i]["cost_cny"] for i in ids) + gauge_cny
        return km, h / 24, cny

    std = ["CE_XIAN_PORT_ALASHANKOU", "CE_ALASHANKOU_DOSTYK", "CE_DOSTYK_MINSK",
           "CE_MINSK_BREST", "CE_BREST_MALASZEWICZE", "CE_MALASZEWICZE_DUISBURG"]  # fmt: skip
    exp = ["CE_XIAN_PORT_ALASHANKOU_EXP", "CE_ALASHANKOU_DOSTYK", "CE_DOSTYK_BREST_EXP",
           "CE_BREST_MALASZEWICZE", "CE_MALASZEWICZE_DUISBURG_EXP"]  # fmt: skip
    east = ["CE_DUISBURG_MALASZEWICZE_EXP", "CE_BREST_MALASZEWICZE", "CE_BREST_DOSTYK_EXP",
            "CE_ALASHANKOU_DOSTYK", "CE_ALASHANKOU_XIAN_PORT_EXP"]  # fmt: skip
    to_dostyk = ["CE_XIAN_PORT_ALASHANKOU", "CE_ALASHANKOU_DOSTYK"]
    to_alt = ["CE_XIAN_PORT_KHORGOS", "CE_KHORGOS_ALTYNKOL"]
    e_stop = XIAN_CUSTOMS_H + GAUGE_EAST_H
    rows = [
        ("Xi'an-Duisburg standard", path(std, CE_STOPS_H, 2 * GAUGE_CNY),
         "9,908 km, 12 d, CNY 11,502/TEU"),
        ("Xi'an-Duisburg express", path(exp, CE_STOPS_H, 2 * GAUGE_CNY), "~10 d"),
        ("Duisburg-Xi'an express", path(east, CE_STOPS_H, 2 * GAUGE_CNY), "11-12 d"),
        ("Xi'an-Almaty via Alashankou", path([*to_dostyk, "CE_DOSTYK_ALMATY"], e_stop,
                                             GAUGE_CNY), "3,866 km, 6 d"),
        ("Xi'an-Almaty via Khorgos", path([*to_alt, "CE_ALTYNKOL_ALMATY"], e_stop,
                                          GAUGE_CNY), "(Urumqi->KZ 48 h)"),
        ("Xi'an-Tashkent via Khorgos", path([*to_alt, "CE_ALTYNKOL_ALMATY",
                                             "CE_ALMATY_TASHKENT"], e_stop, GAUGE_CNY),
         "6-8 d"),
        ("Xi'an-Moscow via Alashankou", path([*to_dostyk, "CE_DOSTYK_MOSCOW"], e_stop,
                                             GAUGE_CNY), "7,251 km, 11 d"),
        ("Xi'an-Riga via Alashankou", path([*to_dostyk, "CE_DOSTYK_RIGA"], e_stop,
                                           GAUGE_CNY), "~9,000 km"),
        ("Xi'an-Baku (Alat) via Khorgos, Aktau", path(
            [*to_alt, "TC_ALTYNKOL_AKTAU", "TC_AKTAU_BAKU"], e_stop + AKTAU_DWELL_H,
            GAUGE_CNY + THC_CN_CNY), "16-17 d average"),
        ("Xi'an-Qinzhou via Guiyang", path(["W_XIAN_PORT_CHONGQING_TJC",
                                            "W_CHONGQING_TJC_GUIYANG",
                                            "W_GUIYANG_QINZHOU"], 0, 0),
         "2,000-2,300 km, 5 d, RMB 4,000-7,000/FEU"),
        ("Xi'an-Qinzhou via Huaihua", path(["W_XIAN_PORT_CHONGQING_TJC",
                                            "W_CHONGQING_TJC_HUAIHUA",
                                            "W_HUAIHUA_QINZHOU"], 0, 0), "-"),
        ("Shanghai-Rotterdam by sea", path(["S_SHANGHAI_ROTTERDAM"], 0, 0),
         "10,600 nm = 19,631 km, 32-35 d"),
    ]  # fmt: skip
    out = ["| figure | value |", "|---|---:|"]
    out += [
        f"| {k} | {v:,.0f} |" if abs(v) >= 100 else f"| {k} | {v:.4g} |"
        for k, v in CALIBRATION.items()
    ]
    out += [
        "",
        "End-to-end checks (station to station: links + gauge changes + export "
        "clearance at XIAN_PORT (+ Aktau dwell and THC for Baku); no waiting for "
        "departures, no first/last handling):",
        "",
        "| route | km | days | CNY per TEU | sourced target |",
        "|---|---:|---:|---:|---|",
    ]
    out += [f"| {r} | {km:,.0f} | {d:.2f} | {c:,.0f} | {t} |" for r, (km, d, c), t in rows]
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
    write_docs()
    print(f"wrote {len(NODES)} nodes and {len(LINKS)} links")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
