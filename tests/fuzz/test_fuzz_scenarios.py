"""Generated bad scenario files: every outcome is a scenario or a MultimodalError, never a crash.

Six families of input, each checked the same way (``outcome``): random bytes, valid files in
random encodings, truncated files, one value of a valid scenario mutated, random YAML and
TOML structures, and scenario-shaped random changes. What is accepted must also apply to the
built-in network without any other exception, and the network it gives holds no infinite
number and no corridor the base network does not know ("never accept nonsense").

Example counts come from the shared profile (tests/fuzz/conftest.py):
``MULTIMODAL_FUZZ_PROFILE=nightly`` for thousands.
"""

from __future__ import annotations

import dataclasses
import math
import string

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import multimodal as mm
from multimodal.exceptions import MultimodalError
from multimodal.scenarios import CHANGE_KINDS, Scenario, load_scenarios, scenarios_dir
from multimodal.scenarios.files import toml_value

NET = mm.load_network()
BUNDLED = {p.name: p.read_text(encoding="utf-8") for p in sorted(scenarios_dir().glob("*.toml"))}
SCENARIOS = load_scenarios()
CORRIDORS = set(NET.links["corridor"])

#: Applying a scenario builds and validates a network (~0.2 s): tests that apply often run a
#: third of the profile's examples.
APPLYING = settings(max_examples=max(10, settings().max_examples // 3))

ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "gb18030",
    "gbk",
    "big5",
    "shift_jis",
    "euc-kr",
    "latin-1",
    "cp1252",
    "koi8-r",
]
#: Encodings the reader promises to read (the text comes back as it was written).
READ = {"utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz_scenarios")


def outcome(read, *, apply: bool = True) -> Scenario | MultimodalError:
    """Read (and apply) a scenario: the scenario, or the MultimodalError raised on purpose.

    Any other exception fails the test (it propagates). An applied scenario's network
    must hold only finite numbers and known corridors.
    """
    try:
        scenario = read()
    except MultimodalError as error:
        return error
    assert isinstance(scenario, Scenario)
    if apply:
        try:
            changed = scenario.apply(NET)
        except MultimodalError as error:
            return error
        check_sane(changed)
    return scenario


def check_sane(network: mm.Network) -> None:
    """No infinite number, no unknown corridor, no dangling node reference."""
    for table in (network.nodes, network.links):
        numbers = table.select_dtypes("number").to_numpy(dtype=float)
        assert not np.isinf(numbers).any()
    assert set(network.links["corridor"]) <= CORRIDORS | {""}
    ids = set(network.node_ids)
    assert set(network.links["from_node"]) <= ids
    assert set(network.links["to_node"]) <= ids


# -- bytes ------------------------------------------------------------------------------------
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".toml", ".yaml"]))
def test_random_bytes(folder, data, suffix):
    path = folder / f"random{suffix}"
    path.write_bytes(data)
    outcome(lambda: Scenario.from_file(path), apply=False)


@given(name=st.sampled_from(sorted(BUNDLED)), encoding=st.sampled_from(ENCODINGS))
def test_valid_files_in_random_encodings(folder, name, encoding):
    text = BUNDLED[name]
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
        encoding = "lossy"
    path = folder / name
    path.write_bytes(data)
    result = outcome(lambda: Scenario.from_file(path), apply=False)
    if encoding in READ:
        assert result == Scenario.from_toml(text, name=path.stem)
    elif isinstance(result, MultimodalError):
        assert "save it as UTF-8" in str(result) or isinstance(result, mm.DataValidationError)


@given(
    name=st.sampled_from(sorted(BUNDLED)),
    cut=st.floats(0.0, 1.0),
    encoding=st.sampled_from(["utf-8", "utf-16", "gb18030"]),
)
@APPLYING
def test_truncated_files(folder, name, cut, encoding):
    data = BUNDLED[name].encode(encoding)
    path = folder / name
    path.write_bytes(data[: int(len(data) * cut)])
    result = outcome(lambda: Scenario.from_file(path))
    if isinstance(result, mm.DataValidationError) and "malformed" in str(result):
        assert name in str(result)
        assert "line" in str(result)


# -- values -----------------------------------------------------------------------------------
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.inf, -math.inf, math.nan, -0.0, 1e308, 5e-324]),
    st.text(max_size=12),
    st.sampled_from(
        ["uyn", "xian_port", "西安市", "Xi'an", "", " ", "nan", "inf", "air", "formal"]
    ),
    st.sampled_from([*sorted(CORRIDORS), "moon", "Western_Land_Sea"]),
    st.sampled_from(list(NET.node_ids)[:40]).map(str.lower),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def leaves(data, path=()):
    """Every (path, value) of nested dicts and lists."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, (*path, index))
    yield path, data


def replaced(data, path, value):
    if not path:
        return value
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = replaced(data[head], rest, value)
    return copy


@given(scenario=st.sampled_from(SCENARIOS), pick=st.integers(0, 10**6), value=VALUES)
@APPLYING
def test_one_value_mutated(scenario, pick, value):
    data = scenario.to_dict()
    spots = [path for path, _ in leaves(data) if path]
    path = spots[pick % len(spots)]
    outcome(lambda: Scenario.from_dict(replaced(data, path, value)))


# -- structures -------------------------------------------------------------------------------
KEYS = st.sampled_from(["name", "title", "changes", "kind", "node", "values", "row", "link"])
STRUCTURES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(data=STRUCTURES)
def test_random_yaml_structures(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    outcome(lambda: Scenario.from_yaml(text), apply=False)


@given(data=st.dictionaries(KEYS | st.text(max_size=5), STRUCTURES, max_size=5))
def test_random_toml_structures(data):
    try:
        text = "\n".join(f"{json_key(k)} = {toml_value(v)}" for k, v in data.items())
    except MultimodalError:  # a value TOML cannot write (None inside a table is written nan)
        return
    outcome(lambda: Scenario.from_toml(text), apply=False)


def json_key(key: str) -> str:
    import json

    return json.dumps(key, ensure_ascii=False)


TOKENS = st.text(alphabet=string.ascii_letters[:6] + "[]{}=:,\"'&*!-#.\n 0123456789", max_size=80)


@given(text=TOKENS)
def test_random_text(text):
    outcome(lambda: Scenario.from_toml(text), apply=False)
    outcome(lambda: Scenario.from_yaml(text), apply=False)


# -- scenario-shaped random changes -------------------------------------------------------------
FIELDS = {kind: dataclasses.fields(cls) for kind, cls in CHANGE_KINDS.items()}
NODE_ROW = st.fixed_dictionaries(
    {"id": st.sampled_from(["FUZZ_NODE", "uyn", "UYN"]), "name": st.just("Fuzz")},
    optional={
        "kind": st.sampled_from(["city", "rail_hub", "moon"]),
        "modes": st.sampled_from(["road", "rail;road", "boat"]),
        "country": st.sampled_from(["CN", "cn", "XX", ""]),
        "lon": st.floats(100, 120) | SCALARS,
        "lat": st.floats(30, 40) | SCALARS,
        "bonded_zone_of": st.sampled_from(["XIAN_PORT", "xian_port", "NOWHERE", ""]),
    },
)
LINK_ROW = st.fixed_dictionaries(
    {
        "from_node": st.sampled_from(["XIAN_PORT", "xian_port", "西安", "NOWHERE"]),
        "to_node": st.sampled_from(["YULIN_RAIL", "BAOJI_RAIL", "UYN"]),
        "mode": st.sampled_from(["rail", "road", "boat"]),
    },
    optional={
        "distance_km": st.floats(0, 3000) | SCALARS,
        "time_h": st.floats(0, 100) | SCALARS,
        "cost_cny": st.floats(0, 10000) | SCALARS,
        "corridor": st.sampled_from([*sorted(CORRIDORS), "moon", ""]),
    },
)
GOOD = {
    "node": st.sampled_from(["UYN", "uyn", "XIAN_PORT", "西安", "HZG", "AKA", "NOWHERE"]),
    "link": st.sampled_from(["A_UYN_XIY", "a_uyn_xiy", "W_XIAN_PORT_CHONGQING_TJC", "X"]),
    "links": st.sampled_from([["A_UYN_XIY"], (), ["nope"]]),
    "modes": st.sampled_from([["air"], ["rail"], "air;rail", [], ["boat"]]),
    "mode": st.sampled_from(["rail", "sea", "air", "铁路", "boat", ""]),
    "status": st.sampled_from(["formal", "temporary", "planned"]),
    "designated": st.sampled_from([[], ["grain"], ["fish"], ["general"]]),
    "column": st.sampled_from(["cost_cny", "time_h", "capacity_teu_per_week", "corridor"]),
    "factor": st.floats(0, 5) | st.sampled_from([math.inf, math.nan, -1.0]),
    "corridor": st.sampled_from([*sorted(CORRIDORS), "moon", ""]),
    "service": st.sampled_from(["R_FUZZ", "bad name", "A_UYN_XIY"]),
    "stops": st.sampled_from([["XIAN_PORT", "YULIN_RAIL"], ["xian_port", "西安"], ["UYN"]]),
    "departures_per_week": st.floats(0, 30) | st.sampled_from([math.inf, math.nan]),
    "capacity_teu_per_departure": st.floats(0, 300) | st.sampled_from([math.inf, -5.0]),
    "cascade": st.booleans(),
    "note": st.text(max_size=10),
    "row": NODE_ROW | LINK_ROW,
    "values": st.dictionaries(
        st.sampled_from(["cost_cny", "dwell_h", "corridor", "bonded_zone_of", "port_status"]),
        SCALARS,
        max_size=2,
    ),
}


@st.composite
def changes(draw):
    """A change of a random kind: its required fields mostly sensible, some optional ones."""
    kind = draw(st.sampled_from(sorted(CHANGE_KINDS)))
    change = {"kind": kind}
    for field in FIELDS[kind]:
        required = field.default is dataclasses.MISSING
        if not required and not draw(st.booleans()):
            continue
        if required and draw(st.integers(0, 29)) == 0:
            continue  # now and then a required field is left out
        good = GOOD.get(field.name)
        sensible = good is not None and draw(st.integers(0, 5)) > 0
        change[field.name] = draw(good if sensible else SCALARS)
    return change


@given(items=st.lists(changes(), min_size=1, max_size=2))
@APPLYING
def test_scenario_shaped_random_changes(items):
    outcome(lambda: Scenario.from_dict({"name": "fuzz", "changes": items}))
