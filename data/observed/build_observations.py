#!/usr/bin/env python3
"""Build the observed figures for calibration: data/observed/observations.csv.

One row per published figure that an assignment of the built-in network and demand can be
compared with (issue 11, section 3): the Chang'an trains and their TEU and tonnes, Xi'an
Xianyang's international cargo, the plan's 2020 designated-port imports, the Brest /
Malaszewicze share, the competing gateways' trains and their airports' cargo. Every row
keeps the **published value and unit** and gives the same figure in the model's weekly unit
(``model_value`` in ``model_unit``, with the ``conversion`` written out), a **selector** that
says which flows of an assignment it is compared with (grammar in docs/demand.md, section
3, and ``matches`` below), its source key (docs/data.md) and URL, its quality, and whether
it is fit for calibration (``fit``: ``no`` when the figure covers traffic the network does
not model, e.g. all of China's trains, or is older than the base).

Run from the repository root (standard library and pandas; ``--check`` needs multimodal)::

    python data/observed/build_observations.py          # write the CSV
    python data/observed/build_observations.py --check  # also match every selector

``matches(selector, services, nodes)`` is a reference implementation of the selector
grammar on the services table of a network (``Network.services``); the demand keys are
returned separately for the caller to apply to the demand rows.
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "observations.csv"
DOCS = HERE.parent.parent / "docs" / "demand.md"

WEEKS_PER_YEAR = 52.0
#: FS-4.1: China-Europe trains carried 1,901,949 TEU in 17,523 trains in 2023 (108.5; Jan-Nov
#: 2024: 108); the network's China-Europe services and the demand use the same figure.
TEU_PER_TRAIN = 108.5
VEHICLES_PER_TEU = 2.0  # EST-D-VEH (docs/demand.md)

COLUMNS = (
    "id", "what", "selector", "denominator", "value", "unit", "year", "model_value",
    "model_unit", "conversion", "quality", "fit", "source_id", "url", "note",
)  # fmt: skip

#: Keys of the selector grammar: on the services (which legs' flows count) and on the
#: demand rows (whose flows count).
SERVICE_KEYS = ("service", "corridor", "mode", "service_end", "first_stop", "last_stop",
                "stop", "first_country", "last_country")  # fmt: skip
DEMAND_KEYS = ("segment", "cargo_class", "origin", "destination")

PLAN = "陕西省口岸发展“十四五”规划, 陕商发〔2021〕28号 (shared/plan/shaanxi-port-plan-2021.txt)"
URL = {
    "FS-4.1": "http://en.people.cn/n3/2023/1129/c90000-20103695.html",
    "FS-4.1-2022": "https://www.newsilkroaddiscovery.com/xian-sees-rise-in-china-europe-"
    "freight-train-trips-4639-train-trips-in-2022/",
    "SV-CHANGAN-2023": "https://www.scora.org.cn/c/2024/0102/6684.shtml",
    "SV-CHANGAN-2025": "http://sn.people.com.cn/BIG5/n2/2026/0302/c186331-41512371.html",
    "SV-CHANGAN-2022-SPLIT": "http://xian.gqsoso.com/xian/20230106/532647.html",
    "PLAN-1.1-VOL": PLAN,
    "PLAN-3.3": PLAN,
    "SV-XIY-2018": "http://www.wqcgm.cn/news/602881.html",
    "FS-4.3-BREST-SHARE": "https://www.silkroadsummit.eu/news/2021/11/02/fastest-china-europe-"
    "train-so-far-the-secret-lies-in-the-border-crossing/",
    "SV-GW-CDCQ": "http://en.people.cn/n3/2024/0125/c90000-20126440.html",
    "SV-GW-ZZ": "https://english.henan.gov.cn/2024/11-21/3089087.html ; "
    "https://www.globaltimes.cn/page/202310/1300669.shtml",
    "SV-GW-WUH": "http://m.xfyyw.2g.cn/360/2022/1231/195046.html ; "
    "https://wuwenjie.xyz/wordpress/?p=20953",
    "SV-GW-URC": "http://www.a5128.cn/english/2019-04/09/c_137962671.htm",
    "SV-GW-LHW": "https://guomeikuaidi.com/kuaidi/gongsi/715282.html",
    "SV-XJ-PORTS": "http://xn--m3-2r8d65x.fdffd.mobi/news/62f4099897.html",
    "SV-AKL-2024": "http://cppjump.com/?oNpU=MBpdy.html",
    "SV-GW-CGO": "http://jhzihao.cn/jichang/jchot/979567.html ; "
    "http://ha.news.cn/news/2022-11/09/c_1129112725.htm",
    "SV-GW-CGO-LUX": "https://en.dahe.cn/2021/09-07/896281.html",
    "SV-GW-CTU": "https://sc.sina.com.cn/news/b/2024-01-08/detail-inaaunmi8886260.shtml",
    "SV-GW-CKG": "https://www.ansa.it/sito/notizie/mondo/notiziario_xinhua/2022/01/11/cina-"
    "aeroporto-chongqing-record-per-merci-e-posta_00684571-bc57-4ee0-b5d1-a377ae2c1a69.html",
}

CE = "corridor=china_europe"
CE_TC = "corridor=china_europe|trans_caspian"
WEST = "first_country=CN"
EAST = "last_country=CN"
TO_EUROPE = "last_country!=KZ|UZ|AZ|CN"
FROM_EUROPE = "first_country!=KZ|UZ|AZ|CN"


def per_week(value: float, unit_factor: float = 1.0) -> float:
    """A yearly figure in the model's weekly unit."""
    return value * unit_factor / WEEKS_PER_YEAR


def rows() -> list[dict[str, object]]:
    """Every observation, with its weekly model value."""
    out: list[dict[str, object]] = []

    def add(ident: str, what: str, selector: str, value: float, unit: str, year: str,  # noqa: PLR0913
            model_value: float, model_unit: str, conversion: str, quality: str, fit: str,
            source_id: str, note: str, denominator: str = "") -> None:  # fmt: skip
        url = " ; ".join(URL[k] for k in source_id.split(";") if k in URL)
        out.append({
            "id": ident, "what": what, "selector": selector, "denominator": denominator,
            "value": value, "unit": unit, "year": year, "model_value": round(model_value, 4),
            "model_unit": model_unit, "conversion": conversion, "quality": quality,
            "fit": fit, "source_id": source_id, "url": url, "note": note,
        })  # fmt: skip

    trains = f"x {TEU_PER_TRAIN:g} TEU per train (FS-4.1) / 52"
    xian_ce = f"service_end=XIAN_PORT&{CE_TC}"
    # --- Chang'an (Xi'an) -------------------------------------------------------------
    add(
        "changan_trains_2023",
        "trains_per_year",
        xian_ce,
        5300,
        "trains/yr",
        "2023",
        per_week(5300, TEU_PER_TRAIN),
        "TEU/week",
        trains,
        "S",
        "no",
        "SV-CHANGAN-2023",
        "Chang'an trains 2023, both directions, Central Asia and trans-Caspian included "
        "('>5,300'; 5,139 by 15 Dec 2023). Reported, not fitted: the same flows are fitted "
        "as TEU 2024 (changan_teu_2024, the model's unit and base year).",
    )
    growth_trains, growth_teu, growth_t = 1.211, 1.141, 1.237
    add(
        "changan_trains_2024",
        "trains_per_year",
        xian_ce,
        round(6037 / growth_trains),
        "trains/yr",
        "2024",
        per_week(6037 / growth_trains, TEU_PER_TRAIN),
        "TEU/week",
        f"6,037 (2025) / 1.211 (the 2025 growth); {trains}",
        "S-",
        "no",
        "SV-CHANGAN-2025",
        "Derived from the 2025 figure and its published growth. Reported, not fitted: "
        "another unit of changan_teu_2024 (524,102 TEU / 4,985 trains = 105 TEU a train).",
    )
    add(
        "changan_teu_2024",
        "teu_per_year",
        xian_ce,
        round(598_000 / growth_teu),
        "TEU/yr",
        "2024",
        per_week(598_000 / growth_teu),
        "TEU/week",
        "598,000 (2025) / 1.141 (the 2025 growth) / 52",
        "S-",
        "yes",
        "SV-CHANGAN-2025",
        "Boxes sent ('发送箱'), both directions; derived from the 2025 figure.",
    )
    add(
        "changan_teu_2025",
        "teu_per_year",
        xian_ce,
        598_000,
        "TEU/yr",
        "2025",
        per_week(598_000),
        "TEU/week",
        "/ 52",
        "S",
        "no",
        "SV-CHANGAN-2025",
        "2025 is after the 2023-2024 base year: for a plan-year run, not the base.",
    )
    add(
        "changan_t_2022",
        "t_per_year",
        xian_ce,
        4.117e6,
        "t/yr",
        "2022",
        per_week(4.117e6),
        "t/week",
        "/ 52",
        "S",
        "no",
        "FS-4.1-2022",
        "Chang'an cargo 2022 (4,639 trains). Reported, not fitted: tonnes of the flows "
        "fitted as TEU 2024, and an earlier year.",
    )
    add(
        "changan_t_2024",
        "t_per_year",
        xian_ce,
        round(6.96e6 / growth_t),
        "t/yr",
        "2024",
        per_week(6.96e6 / growth_t),
        "t/week",
        "6.96 Mt (2025) / 1.237 / 52",
        "S-",
        "no",
        "SV-CHANGAN-2025",
        "Derived from the 2025 figure and its published growth. Reported, not fitted: "
        "tonnes of the flows fitted as TEU 2024 (implies 10.7 t per TEU; the demand's "
        "tonnes per TEU are a separate figure of 2022).",
    )
    add(
        "changan_central_asia_share_2022",
        "share",
        "service_end=XIAN_PORT&corridor=china_europe&service_end=ALMATY|TASHKENT",
        665 / 4639,
        "share of trains",
        "2022",
        665 / 4639,
        "share of TEU/week",
        "665 Central Asia of 4,639 trains; the model's share of TEU",
        "S",
        "yes",
        "SV-CHANGAN-2022-SPLIT",
        "2022: Europe 3,974 trains, Central Asia 665 (no 2023-2024 split found). The "
        "network's departures follow it since Nov 2026 (6.5 of 46 a week, EST-DEP); the "
        "demand's reefer, vehicle and grain rows keep their own Central Asia shares "
        "(EST-D-REEFER, EST-D-VEH).",
        denominator=f"service_end=XIAN_PORT&{CE}",
    )
    add(
        "changan_trans_caspian_2025",
        "trains_per_year",
        "service_end=XIAN_PORT&corridor=trans_caspian",
        193,
        "trains/yr",
        "2025",
        per_week(193, TEU_PER_TRAIN),
        "TEU/week",
        trains,
        "S",
        "no",
        "SV-CHANGAN-2025",
        "2025 (after the base); 485 trains since 2019, ~50% of China's trans-Caspian trains.",
    )
    add(
        "xian_rail_sea_east_2025",
        "trains_per_year",
        "service_end=XIAN_PORT&corridor=eastern_rail_sea",
        165,
        "trains/yr",
        "2025",
        per_week(165, TEU_PER_TRAIN),
        "TEU/week",
        trains,
        "S",
        "no",
        "SV-CHANGAN-2025",
        "Eastbound international rail-sea trains (to Qingdao, Ningbo, Lianyungang, Tianjin) "
        "2025; direction of count not stated.",
    )
    # --- Xi'an Xianyang ----------------------------------------------------------------
    add(
        "xiy_international_t_2020",
        "t_per_year",
        "service_end=XIY&corridor=air_international",
        58_000,
        "t/yr",
        "2020",
        per_week(58_000),
        "t/week",
        "/ 52",
        "S-",
        "no",
        "PLAN-3.3",
        "The plan's 2025 target of >=116,000 t is double the 2020 figure: 58,000 t (derived); "
        "both directions."
        " Not fitted: a 2020 figure, while the base's air demand is the 2024 one "
        "(docs/demand.md), so fitting it would move 2024 cargo off Xi'an Xianyang.",
    )
    add(
        "xiy_international_t_2018",
        "t_per_year",
        "service_end=XIY&corridor=air_international",
        39_000,
        "t (1 Jan-8 Oct)",
        "2018",
        39_000 / ((date(2018, 10, 8) - date(2018, 1, 1)).days + 1) * 7,
        "t/week",
        "39,000 t / 281 days x 7",
        "S-",
        "no",
        "SV-XIY-2018",
        "International cargo of XIY to 8 Oct 2018 (+30%); older than the base.",
    )
    # --- Plan 2020: designated-port imports and vehicles at the Xi'an railway port ---------
    designated = f"last_stop=XIAN_PORT&{CE_TC}"
    add(
        "plan_grain_rail_2020",
        "t_per_year",
        f"{designated}&cargo_class=grain",
        23_893.2,
        "t/yr",
        "2020",
        per_week(23_893.2),
        "t/week",
        "/ 52",
        "S",
        "no",
        "PLAN-1.1-VOL",
        "Grain imported by rail at the Xi'an railway port, 2020."
        " Not fitted: the demand's grain rows are built from this figure, so the fit would "
        "test nothing.",
    )
    add(
        "plan_meat_rail_2020",
        "t_per_year",
        f"{designated}&cargo_class=meat",
        1_748.2,
        "t/yr",
        "2020",
        per_week(1_748.2),
        "t/week",
        "/ 52",
        "S",
        "no",
        "PLAN-1.1-VOL",
        "Meat imported by rail at the Xi'an railway port, 2020."
        " Not fitted: the demand's meat rows are built from this figure, so the fit would "
        "test nothing.",
    )
    add(
        "plan_vehicles_rail_2020",
        "vehicles_per_year",
        f"{xian_ce}&cargo_class=vehicles",
        35_727,
        "vehicles/yr",
        "2020",
        per_week(35_727) / VEHICLES_PER_TEU,
        "TEU/week",
        f"/ 52 / {VEHICLES_PER_TEU:g} vehicles per TEU (EST-D-VEH)",
        "S",
        "no",
        "PLAN-1.1-VOL",
        "Whole vehicles imported and exported at the Xi'an railway port, 2020."
        " Not fitted: the demand's vehicle rows are built from this figure, so the fit would "
        "test nothing.",
    )
    # --- Brest / Malaszewicze ------------------------------------------------------------
    for year, west, east in (("2020", 0.79, 0.90), ("2021", 0.68, 0.82)):
        add(
            f"brest_share_west_{year}",
            "share",
            f"{CE}&{WEST}&stop=MALASZEWICZE",
            west,
            "share of trains",
            year,
            west,
            "share of TEU/week",
            "the same share of TEU",
            "S-",
            "no",
            "FS-4.3-BREST-SHARE",
            "Westbound China-Europe trains (all of China) crossing Brest-Malaszewicze; "
            "denominator: trains to Russia, Belarus and the EU (Central Asia excluded). "
            "Reported, not fitted: a share of all of China's trains before the base years "
            "(the 7 modelled gateways run ~87 % of 2023's trains), and the modelled share "
            "is set by the gateways' exit split (EST-GW-DEP, EST-XIAN-LINES: no gateway "
            "publishes one) on services that run full, so a constant moves only other "
            "gateways' flows.",
            denominator=f"{CE}&{WEST}&{TO_EUROPE}",
        )
        add(
            f"brest_share_east_{year}",
            "share",
            f"{CE}&{EAST}&stop=MALASZEWICZE",
            east,
            "share of trains",
            year,
            east,
            "share of TEU/week",
            "the same share of TEU",
            "S-",
            "no",
            "FS-4.3-BREST-SHARE",
            "Eastbound China-Europe trains (all of China) crossing Brest-Malaszewicze. "
            "Reported, not fitted: the network's return runs mirror the westbound routes "
            "(EST-SVC, EST-GW-DEP: no eastbound routing is published per gateway), so the "
            "modelled eastbound share is set by that assumption, not by shippers' choice.",
            denominator=f"{CE}&{EAST}&{FROM_EUROPE}",
        )
    # --- Competing gateways: China-Europe trains and TEU -----------------------------------
    cdcq = f"service_end=CHENGDU_QBJ|CHONGQING_TJC&{CE}"
    add(
        "cdcq_trains_2023",
        "trains_per_year",
        cdcq,
        5300,
        "trains/yr",
        "2023",
        per_week(5300, TEU_PER_TRAIN),
        "TEU/week",
        trains,
        "S",
        "no",
        "SV-GW-CDCQ",
        "Chengdu and Chongqing together (joint brand), both directions. Reported, not "
        "fitted: another unit of cdcq_teu_2023 (430,000 TEU / 5,300 trains = 81 TEU a "
        "train, below the national 108.5).",
    )
    add(
        "cdcq_teu_2023",
        "teu_per_year",
        cdcq,
        430_000,
        "TEU/yr",
        "2023",
        per_week(430_000),
        "TEU/week",
        "/ 52",
        "S",
        "yes",
        "SV-GW-CDCQ",
        "More than 430,000 TEU.",
    )
    zz = f"service_end=ZHENGZHOU_PUTIAN&{CE}"
    zz_days = (date(2024, 11, 15) - date(2023, 10, 24)).days
    add(
        "zhengzhou_trains_2024",
        "trains_per_year",
        zz,
        round(3000 / zz_days * 365),
        "trains/yr",
        "2023-24",
        per_week(3000 / zz_days * 365, TEU_PER_TRAIN),
        "TEU/week",
        f"(13,000 - 10,000) / {zz_days} days x 365; {trains}",
        "S-",
        "no",
        "SV-GW-ZZ",
        "Henan's trains between the 10,000th (24 Oct 2023) and 15 Nov 2024 (13,000). "
        "Reported, not fitted: another unit of zhengzhou_teu_2024.",
    )
    add(
        "zhengzhou_teu_2024",
        "teu_per_year",
        zz,
        230_000,
        "TEU (1 Jan-15 Nov)",
        "2024",
        230_000 / 320 * 7,
        "TEU/week",
        "230,000 / 320 days x 7",
        "S",
        "yes",
        "SV-GW-ZZ",
        "Henan, 1 Jan - 15 Nov 2024.",
    )
    add(
        "wuhan_trains_2023",
        "trains_per_year",
        f"service_end=WUHAN_WJS&{CE}",
        round(538 * 1.57),
        "trains/yr",
        "2023",
        per_week(538 * 1.57, TEU_PER_TRAIN),
        "TEU/week",
        f"538 (2022) x 1.57; {trains}",
        "S-",
        "yes",
        "SV-GW-WUH",
        "Wuhan (Wujiashan), both directions; 785 by 13 Nov 2023.",
    )
    add(
        "urumqi_trains_2019",
        "trains_per_year",
        f"service_end=URUMQI_ASM&{CE}",
        3 * 365,
        "trains/yr",
        "2019",
        per_week(3 * 365, TEU_PER_TRAIN),
        "TEU/week",
        f"3 a day x 365; {trains}",
        "S-",
        "no",
        "SV-GW-URC",
        "'At least three trains daily' (2019): older than the base, latest found.",
    )
    add(
        "lanzhou_trains_2024",
        "trains_per_year",
        f"service_end=LANZHOU_ZCB&{CE}",
        round(126 / 7 * 12),
        "trains/yr",
        "2024",
        per_week(126 / 7 * 12, TEU_PER_TRAIN),
        "TEU/week",
        f"126 (Jan-Jul) x 12/7; {trains}",
        "S-",
        "yes",
        "SV-GW-LHW",
        "International trains of Lanzhou New Area (incl. some to South Asia and the WLSNC).",
    )
    add(
        "xinjiang_ports_trains_2024",
        "trains_per_year",
        f"stop=ALASHANKOU|KHORGOS&{CE_TC}",
        16_400,
        "trains/yr",
        "2024",
        per_week(16_400, TEU_PER_TRAIN),
        "TEU/week",
        trains,
        "S-",
        "no",
        "SV-XJ-PORTS",
        "All trains through Alashankou and Khorgos, both directions, all Chinese origins "
        "(the network models Xi'an and six competitors only).",
    )
    add(
        "alashankou_teu_2024",
        "teu_per_year",
        f"stop=ALASHANKOU&{CE}",
        621_500,
        "TEU (1 Jan-26 Nov)",
        "2024",
        621_500 / 331 * 7,
        "TEU/week",
        "621,500 / 331 days x 7",
        "S-",
        "no",
        "SV-AKL-2024",
        "Containers through Alashankou (6,001 trains), all origins, both directions.",
    )
    # --- Competing airports ------------------------------------------------------------------
    add(
        "cgo_lux_t_2021",
        "t_per_year",
        "service=AIR_CGO_LUX|AIR_LUX_CGO",
        87_700,
        "t (Jan-Aug)",
        "2021",
        87_700 / 243 * 7,
        "t/week",
        "87,700 / 243 days x 7",
        "S",
        "no",
        "SV-GW-CGO-LUX",
        "Cargolux Zhengzhou-Luxembourg, both directions, 475 flights."
        " Not fitted: the Henan air demand is derived from this figure, so the flight carries"
        " it by construction.",
    )
    add(
        "cgo_international_t_2023",
        "t_per_year",
        "service_end=CGO&corridor=air_international",
        round(607_800 * 0.77),
        "t/yr",
        "2023",
        per_week(607_800 * 0.77),
        "t/week",
        "607,800 t (2023) x 77% international (2022) / 52",
        "S-",
        "no",
        "SV-GW-CGO",
        "All international routes of CGO; the network has its Europe route only.",
    )
    add(
        "ctu_total_t_2023",
        "t_per_year",
        "service_end=CTU",
        771_000,
        "t/yr",
        "2023",
        per_week(771_000),
        "t/week",
        "/ 52",
        "S",
        "no",
        "SV-GW-CTU",
        "Chengdu (Shuangliu + Tianfu), all cargo and mail, domestic included.",
    )
    add(
        "ckg_international_t_2021",
        "t_per_year",
        "service_end=CKG&corridor=air_international",
        220_000,
        "t/yr",
        "2021",
        per_week(220_000),
        "t/week",
        "/ 52",
        "S",
        "no",
        "SV-GW-CKG",
        "All international routes of CKG; the network has two Europe routes only.",
    )
    return out


# ---------------------------------------------------------------------------------------
# The selector grammar (docs/demand.md, section 3)
# ---------------------------------------------------------------------------------------
def parse(selector: str) -> list[tuple[str, bool, tuple[str, ...]]]:
    """Split a selector into (key, negated, values) terms; a bad one raises ValueError."""
    terms = []
    for raw in selector.split("&"):
        negated = "!=" in raw
        key, sep, values = raw.partition("!=" if negated else "=")
        key = key.strip()
        if not sep or not key or not values:
            message = f"selector term {raw!r}: write key=value or key!=value"
            raise ValueError(message)
        if key not in SERVICE_KEYS + DEMAND_KEYS:
            message = f"selector key {key!r} unknown; use one of {SERVICE_KEYS + DEMAND_KEYS}"
            raise ValueError(message)
        terms.append((key, negated, tuple(v.strip() for v in values.split("|"))))
    return terms


def _service_values(key: str, row: Mapping[str, object], country: Mapping[str, str]) -> list[str]:
    stops = str(row["stops"]).split(";")
    return {
        "service": [str(row["service_id"])],
        "corridor": [str(row["corridor"])],
        "mode": [str(row["mode"])],
        "service_end": [stops[0], stops[-1]],
        "first_stop": [stops[0]],
        "last_stop": [stops[-1]],
        "stop": stops,
        "first_country": [country[stops[0]]],
        "last_country": [country[stops[-1]]],
    }[key]


def matches(
    selector: str, services: object, nodes: object
) -> tuple[list[str], list[tuple[str, bool, tuple[str, ...]]]]:
    """Service ids a selector's service keys match, and its demand terms (for the caller).

    ``services`` and ``nodes`` are the DataFrames of a network (``Network.services``,
    ``Network.nodes``). A term holds when any of the row's values for the key matches any
    of the term's values (``fnmatch`` wildcards); ``!=`` holds when none does; all terms
    must hold.
    """
    terms = parse(selector)
    country = dict(zip(nodes["id"], nodes["country"]))  # type: ignore[index]
    chosen = []
    for row in services.to_dict("records"):  # type: ignore[attr-defined]
        ok = True
        for key, negated, values in terms:
            if key in DEMAND_KEYS:
                continue
            have = _service_values(key, row, country)
            hit = any(fnmatch.fnmatchcase(h, v) for h in have for v in values)
            if hit == negated:
                ok = False
                break
        if ok:
            chosen.append(str(row["service_id"]))
    return chosen, [t for t in terms if t[0] in DEMAND_KEYS]


def write(table: list[dict[str, object]]) -> None:
    """Write the CSV (UTF-8, comma, header)."""
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def _number(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    if number < 1:
        return f"{number:.3g}"
    return f"{number:,.0f}" if number >= 100 else f"{number:,.1f}"


def docs_table(table: list[dict[str, object]]) -> str:
    """The generated block ``observations`` of docs/demand.md (also built by build_demand)."""
    lines = [
        "| id | published | year | model | fit | quality | source | selector |",
        "|---|---:|---|---:|---|---|---|---|",
    ]
    for r in table:
        selector = str(r["selector"])
        if r["denominator"]:
            selector += " / " + str(r["denominator"])
        # HTML code with entities: a "|" would split the Markdown table's cell
        selector = selector.replace("&", "&amp;").replace("|", "&#124;")
        lines.append(
            f"| {r['id']} | {_number(r['value'])} {r['unit']} | {r['year']} | "
            f"{_number(r['model_value'])} {r['model_unit']} | {r['fit']} | {r['quality']} | "
            f"{r['source_id']} | <code>{selector}</code> |"
        )
    return "\n".join(lines)


def write_docs(table: list[dict[str, object]]) -> None:
    """Replace the generated block ``observations`` of docs/demand.md."""
    if not DOCS.is_file():
        return
    text = DOCS.read_text(encoding="utf-8")
    start, end = "<!-- generated:observations -->", "<!-- /generated:observations -->"
    if start not in text or end not in text:
        message = f"{DOCS} lacks the markers {start} ... {end}"
        raise SystemExit(message)
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    DOCS.write_text(head + start + "\n" + docs_table(table) + "\n" + end + tail, "utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write the CSV; with --check, match every selector on the built-in network."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="match every selector")
    args = parser.parse_args(argv)
    table = rows()
    write(table)
    write_docs(table)
    sys.stdout.write(f"wrote {OUT.name}: {len(table)} observations\n")
    if args.check:
        import multimodal as mm

        net = mm.load_network()
        bad = 0
        for row in table:
            for column in ("selector", "denominator"):
                if row[column]:
                    ids, _ = matches(str(row[column]), net.services, net.nodes)
                    sys.stdout.write(f"{row['id']:34s} {column:11s} {len(ids):3d} services\n")
                    bad += not ids
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
