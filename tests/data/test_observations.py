"""The observed figures for calibration (data/observed/observations.csv), issue 11.

Checked against independent readings, not against the generator's own arithmetic: the
weekly model values are recomputed from the published value and unit, the selectors are
matched by a separate reading of the services' stops, and every source key must be one
that docs/data.md defines.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pandas as pd
import pytest

import multimodal as mm

ROOT = Path(__file__).resolve().parents[2]
OBSERVED = ROOT / "data" / "observed"
SCRIPT = OBSERVED / "build_observations.py"


def load_builder():
    spec = importlib.util.spec_from_file_location("build_observations", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def observations() -> pd.DataFrame:
    return pd.read_csv(OBSERVED / "observations.csv", keep_default_na=False)


@pytest.fixture(scope="module")
def net() -> mm.Network:
    return mm.load_network()


def test_csv_is_what_the_generator_writes(observations):
    rows = pd.DataFrame(load_builder().rows())
    assert rows["id"].tolist() == observations["id"].tolist()
    assert rows["selector"].tolist() == observations["selector"].tolist()
    assert rows["model_value"].to_numpy() == pytest.approx(observations["model_value"].to_numpy())


def test_columns_ids_and_vocabulary(observations):
    assert list(observations.columns) == list(load_builder().COLUMNS)
    assert observations["id"].is_unique
    assert set(observations["what"]) <= {
        "trains_per_year",
        "teu_per_year",
        "t_per_year",
        "vehicles_per_year",
        "share",
    }
    assert set(observations["fit"]) <= {"yes", "no"}
    assert set(observations["quality"]) <= {"S", "S-", "EST"}
    shares = observations["what"] == "share"
    assert (observations.loc[shares, "denominator"] != "").all()
    assert (observations.loc[~shares, "denominator"] == "").all()


def test_model_values_follow_from_the_published_values(observations):
    """Recomputed from value and unit: trains x 108.5 TEU (FS-4.1) / 52, TEU or t / 52, shares."""
    for row in observations.itertuples():
        value, model = float(row.value), float(row.model_value)
        if row.unit == "trains/yr":
            expected = value * 108.5 / 52
        elif row.unit in ("TEU/yr", "t/yr"):
            expected = value / 52
        elif row.unit == "vehicles/yr":
            expected = value / 52 / 2
        elif row.what == "share":
            expected = value
        else:  # part-year figures: their days are in the conversion text
            days = float(re.search(r"/ ([\d,]+) days", row.conversion).group(1).replace(",", ""))
            expected = value / days * 7
        assert model == pytest.approx(expected, rel=1e-3), row.id


def test_issue_figures_are_present(observations):
    """The figures issue 11 names: Chang'an trains and TEU, XIY tonnes, the plan's 2020
    grain, meat and vehicles, the Brest share, the competitors' trains and airports."""
    by_id = observations.set_index("id")
    assert by_id.loc["plan_grain_rail_2020", "value"] == pytest.approx(23_893.2)
    assert by_id.loc["plan_meat_rail_2020", "value"] == pytest.approx(1_748.2)
    assert by_id.loc["plan_vehicles_rail_2020", "value"] == pytest.approx(35_727)
    for ident in ("changan_trains_2023", "changan_teu_2024", "xiy_international_t_2020",
                  "brest_share_west_2021", "cdcq_trains_2023", "zhengzhou_trains_2024",
                  "wuhan_trains_2023", "urumqi_trains_2019", "cgo_lux_t_2021",
                  "ckg_international_t_2021"):  # fmt: skip
        assert ident in by_id.index


def test_source_keys_are_defined_in_docs(observations):
    text = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    defined = set(re.findall(r"^\| ([A-Z][A-Z0-9.-]+) \|", text, flags=re.MULTILINE))
    for row in observations.itertuples():
        for key in row.source_id.split(";"):
            assert key in defined, (row.id, key)
        assert row.url, row.id


def independent_match(selector: str, services: pd.DataFrame, country: dict) -> set[str]:
    """A second reading of the service keys of the grammar (docs/demand.md, 3.1)."""
    chosen = set()
    for row in services.itertuples():
        stops = row.stops.split(";")
        values = {
            "service": {row.service_id},
            "corridor": {row.corridor},
            "mode": {row.mode},
            "service_end": {stops[0], stops[-1]},
            "first_stop": {stops[0]},
            "last_stop": {stops[-1]},
            "stop": set(stops),
            "first_country": {country[stops[0]]},
            "last_country": {country[stops[-1]]},
        }
        ok = True
        for term in selector.split("&"):
            negated = "!=" in term
            key, wanted = term.split("!=" if negated else "=")
            if key not in values:  # a demand key
                continue
            options = wanted.split("|")
            hit = any(
                v == o or (o.endswith("*") and v.startswith(o[:-1]))
                for v in values[key]
                for o in options
            )
            ok &= hit != negated
        if ok:
            chosen.add(row.service_id)
    return chosen


def test_every_selector_matches_services_as_documented(observations, net):
    builder = load_builder()
    country = dict(zip(net.nodes["id"], net.nodes["country"]))
    for row in observations.itertuples():
        for selector in filter(None, (row.selector, row.denominator)):
            ids, _ = builder.matches(selector, net.services, net.nodes)
            assert ids, (row.id, selector)
            assert set(ids) == independent_match(selector, net.services, country), row.id


def test_key_selectors_pick_the_intended_services(net):
    """Spot checks by hand: the Chang'an trains, the Brest westbound share's numerator."""
    builder = load_builder()
    changan, _ = builder.matches(
        "service_end=XIAN_PORT&corridor=china_europe|trans_caspian", net.services, net.nodes
    )
    assert "CE_XIAN_DUISBURG_EXP" in changan
    assert "TC_AKTAU_XIAN" in changan
    assert not any("CHENGDU" in s or s.endswith("_SVC") for s in changan)
    brest, _ = builder.matches(
        "corridor=china_europe&first_country=CN&stop=MALASZEWICZE", net.services, net.nodes
    )
    assert "CE_CHENGDU_WARSAW_ALA" in brest
    assert "CE_XIAN_HAMBURG_STD" in brest
    assert "CE_HAMBURG_XIAN_STD" not in brest  # eastbound
    assert "CE_XIAN_ALMATY_KHG" not in brest  # Central Asia


def test_bad_selectors_are_refused():
    builder = load_builder()
    with pytest.raises(ValueError, match="unknown"):
        builder.parse("gateway=XIAN_PORT")
    with pytest.raises(ValueError, match="key=value"):
        builder.parse("service_end")
