"""Bad scenario input is refused by name, never crashes and is never accepted silently.

Encodings (UTF-8 with or without a mark, UTF-16 with a mark, Chinese GB18030 accepted;
Latin-1, UTF-32, random bytes refused with "save it as UTF-8"), truncated files (the line
is named), YAML alias bombs (refused in well under a second), nesting, ``inf``/``nan``,
unknown corridors, node ids in another case and names.
"""

from __future__ import annotations

import codecs
import logging
import time

import pytest

import multimodal as mm
from multimodal._encoding import decode, read_text
from multimodal.scenarios import AddService, OpenPort, ScaleLink, Scenario, SetLink, SetNode
from multimodal.scenarios.files import MAX_YAML_NODES

TOML = """\
name = "yulin"
title = "榆林榆阳机场 formal port"

[[changes]]
kind = "open_port"
node = "UYN"
modes = ["air"]
note = "陕西省 · Liège"
"""

#: The 475-byte "billion laughs" file of the issue: 9 levels of 9 aliases, 9^9 = 3.9e8 items.
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a}]\n"
    for a, b in zip("abcdefghi", "bcdefghij")
)


@pytest.fixture(scope="module")
def net() -> mm.Network:
    return mm.load_network()


# -- encodings -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with its mark
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be"],
)
def test_unicode_encodings_read_the_same(tmp_path, encode):
    path = tmp_path / "yulin.toml"
    path.write_bytes(encode(TOML))
    assert Scenario.from_file(path) == Scenario.from_toml(TOML)


def test_chinese_gb18030_files_are_read(tmp_path):
    text = TOML.replace(" · Liège", "，一带一路")
    path = tmp_path / "yulin.toml"
    path.write_bytes(text.encode("gb18030"))
    scenario = Scenario.from_file(path)
    assert scenario.title == "榆林榆阳机场 formal port"
    assert scenario.changes[0].note == "陕西省，一带一路"
    assert read_text(path, "scenario file") == text


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        ('name = "Liège"\n'.encode("latin-1"), "byte 0xe8 at line 1"),
        ('name = "x"\nnote = "Düsseldorf"\n'.encode("cp1252"), "byte 0xfc at line 2"),
        (TOML.encode("utf-32"), "UTF-32"),
        (TOML.encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (bytes(range(256)), "not UTF-8, UTF-16 or Chinese GB18030"),
        (b"name = 'x'\x00\n", "control character ('\\x00' at line 1)"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "not UTF-16"),
    ],
    ids=["latin-1", "cp1252", "utf-32", "utf-16-no-mark", "random", "nul", "bad-utf-16"],
)
def test_other_encodings_are_refused_naming_the_file(tmp_path, data, shown):
    path = tmp_path / "bad.toml"
    path.write_bytes(data)
    with pytest.raises(mm.DataValidationError) as caught:
        Scenario.from_file(path)
    message = str(caught.value)
    assert "bad.toml" in message
    assert shown in message
    assert "save it as UTF-8" in message


def test_latin1_that_decodes_as_gbk_is_still_refused():
    """'Liège' in Latin-1 is valid GB18030 ('Li' + an ideograph + 'e'), but not Chinese text."""
    data = "Liège".encode("latin-1")
    assert data.decode("gb18030")  # it does decode ...
    with pytest.raises(mm.DataValidationError, match="save it as UTF-8"):
        decode(data, "f.toml", "scenario file")  # ... and is refused all the same


def test_unreadable_file_is_a_data_validation_error(tmp_path):
    with pytest.raises(mm.DataValidationError, match=r"missing\.toml.*cannot read"):
        Scenario.from_file(tmp_path / "missing.toml")


# -- truncated and malformed files name the line --------------------------------------------
@pytest.mark.parametrize("cut", [20, 50, 60, len(TOML) - 3])
def test_truncated_toml_names_the_file_and_line(tmp_path, cut):
    path = tmp_path / "cut.toml"
    path.write_text(TOML[:cut], encoding="utf-8")
    with pytest.raises(mm.DataValidationError) as caught:
        Scenario.from_file(path)
    message = str(caught.value)
    assert "cut.toml" in message
    assert "line" in message


def test_truncated_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "cut.yaml"
    path.write_text("name: x\nchanges:\n  - {kind: open_port, node: UYN", encoding="utf-8")
    with pytest.raises(mm.DataValidationError, match=r"cut\.yaml.*line 3, column"):
        Scenario.from_file(path)


# -- YAML bombs and deep nesting ------------------------------------------------------------
def test_billion_laughs_is_refused_in_well_under_a_second(tmp_path):
    path = tmp_path / "lol.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    assert len(BILLION_LAUGHS.encode()) <= 475
    start = time.perf_counter()
    with pytest.raises(mm.DataValidationError, match=f"more than {MAX_YAML_NODES:,} nodes"):
        Scenario.from_file(path)
    assert time.perf_counter() - start < 1.0


def test_a_few_aliases_are_fine():
    text = (
        "name: aliases\nchanges:\n"
        "  - {kind: open_port, node: HZG, modes: &air [air], source: &src [PLAN-4.1.1]}\n"
        "  - {kind: open_port, node: AKA, modes: *air, source: *src}\n"
    )
    scenario = Scenario.from_yaml(text)
    assert [c.node for c in scenario.changes] == ["HZG", "AKA"]


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "&a {x: *a}\n"])
def test_recursive_aliases_are_refused(text):
    with pytest.raises(mm.DataValidationError, match="contains it"):
        Scenario.from_yaml(text)


@pytest.mark.parametrize("depth", [20, 5000])
def test_deep_nesting_is_refused(depth):
    with pytest.raises(mm.DataValidationError, match="nested more than"):
        Scenario.from_yaml("[" * depth + "]" * depth)
    with pytest.raises(mm.DataValidationError, match="nested more than"):
        Scenario.from_toml("a = " + "[" * depth + "]" * depth)


# -- values --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("toml", "shown"),
    [
        ('kind = "scale_link"\ncolumn = "cost_cny"\nfactor = inf\nmode = "rail"', "finite"),
        ('kind = "scale_link"\ncolumn = "cost_cny"\nfactor = nan\nmode = "rail"', "got nan"),
        ('kind = "open_port"\nnode = "UYN"\nmodes = ["air"]\ncustoms_h = nan', "got nan"),
        ('kind = "open_port"\nnode = "UYN"\nmodes = ["air"]\ncustoms_h = -inf', "finite"),
        ('kind = "set_link"\nlink = "A_UYN_XIY"\nvalues = {cost_cny = inf}', "not a finite"),
        ('kind = "set_node"\nnode = "UYN"\nvalues = {dwell_h = -inf}', "not a finite"),
        ('kind = "set_node"\nnode = "UYN"\nvalues = {dwell_h = 1e999}', "not a finite"),
        ('kind = "set_node"\nnode = "UYN"\nvalues = {dwell_h = 2024-01-01}', "holds date"),
        ('kind = "set_node"\nnode = "UYN"\nvalues = {dwell_h = {x = 1}}', "holds dict"),
        ('kind = "remove_link"\nlink = "a_uyn_xiy"', "did you mean 'A_UYN_XIY'"),
        (
            'kind = "add_service"\nservice = "S"\nstops = ["XIAN_PORT", "YULIN_RAIL"]\n'
            'departures_per_week = 2\ncapacity_teu_per_departure = 50\ncorridor = "nowhere"',
            "no link is on corridor 'nowhere'; use one of",
        ),
        (
            'kind = "set_link"\nlink = "A_UYN_XIY"\nvalues = {corridor = "air_domestc"}',
            "did you mean 'air_domestic'",
        ),
        (
            'kind = "add_node"\nrow = {id = "uyn", name = "x", kind = "city", modes = "road", '
            "lon = 109.7, lat = 38.3}",
            "only in case",
        ),
        (
            'kind = "set_node"\nnode = "UYN"\nvalues = {bonded_zone_of = "NOWHERE_X"}',
            "unknown node",
        ),
    ],
)
def test_nonsense_values_are_refused(net, toml, shown):
    text = f'name = "bad"\n[[changes]]\n{toml}\n'
    with pytest.raises((mm.DataValidationError, mm.UnknownNodeError)) as caught:
        Scenario.from_toml(text).apply(net)
    assert shown in str(caught.value)


def test_nan_is_still_the_missing_value_of_a_cell(net):
    scenario = Scenario.from_toml(
        'name = "x"\n[[changes]]\nkind = "set_link"\nlink = "A_UYN_XIY"\n'
        "values = {capacity_teu_per_week = nan}\n"
    )
    assert scenario.changes[0].values["capacity_teu_per_week"] is None


def test_an_id_in_another_case_is_read_as_the_id_with_a_warning(net, caplog):
    with caplog.at_level(logging.INFO, logger="multimodal"):
        changed = Scenario("x", changes=[OpenPort("uyn", modes=["air"])]).apply(net)
    assert changed.node("UYN")["port_status"] == "formal"
    warned = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any("'uyn' read as 'UYN'" in r.getMessage() for r in warned)


def test_names_resolve_like_find_node(net):
    """Chinese names with administrative suffixes resolve as find_node resolves them."""
    service = AddService(
        "R_TEST",
        stops=["西安市", "YULIN_RAIL"],
        departures_per_week=2,
        capacity_teu_per_departure=50,
        corridor="domestic_rail",
    )
    expected = net.find_node("西安市")
    changed = Scenario("x", changes=[service]).apply(net)
    stops = changed.services.set_index("service_id").loc["R_TEST", "stops"]
    assert stops.split(";")[0] == expected


def test_a_node_reference_cell_is_resolved(net):
    bonded = SetNode("UYN", {"bonded_zone_of": "xian_port"})
    changed = Scenario("x", changes=[bonded]).apply(net)
    assert changed.node("UYN")["bonded_zone_of"] == "XIAN_PORT"


def test_scale_link_corridor_must_exist(net):
    with pytest.raises(mm.DataValidationError, match="use one of"):
        Scenario("x", changes=[ScaleLink("cost_cny", 2.0, corridor="moon")]).apply(net)


def test_python_api_values_are_checked_too(net):
    with pytest.raises(mm.ParameterError, match="finite"):
        ScaleLink("cost_cny", float("inf"), mode="rail")
    with pytest.raises(mm.DataValidationError, match="not a finite"):
        Scenario("x", changes=[SetLink("A_UYN_XIY", {"cost_cny": float("inf")})]).apply(net)


def test_load_scenarios_from_a_missing_folder_is_a_parameter_error(tmp_path):
    from multimodal.scenarios import load_scenarios

    with pytest.raises(mm.ParameterError, match="no folder"):
        load_scenarios(tmp_path / "nowhere")
