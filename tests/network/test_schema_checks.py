"""No silent acceptance: the checks of issue 12 on network files, one test per kind of input.

Country codes (ISO 3166-1 alpha-2), a CRS that pyproj cannot parse, coordinates that are
not degrees (metres, lat/lon swapped), implausible places (a ``DataWarning``), a required
value blank in one row, link lines against their end nodes, the free-text enums
(``bidirectional``, ``corridor``, ``bonded_zone_of``, ``year_opened``) and ``inf``.
"""

from __future__ import annotations

import warnings

import pytest
from shapely.geometry import LineString, Point
from toy import toy_tables

import multimodal as mm
from multimodal.exceptions import DataWarning
from multimodal.io import data_dir, write_geojson_lines
from multimodal.schema import COUNTRY_CODES, KNOWN_CORRIDORS


def tables_with_lines():
    nodes, links = toy_tables()
    where = nodes.set_index("id").geometry
    links = links.set_geometry(
        [
            LineString([where[a].coords[0], where[b].coords[0]])
            for a, b in zip(links["from_node"], links["to_node"])
        ]
    )
    return nodes, links


def only_problem(call, *args):
    with pytest.raises(mm.DataValidationError) as info:
        call(*args)
    assert len(info.value.problems) == 1, info.value
    return info.value.problems[0]


# -- countries ----------------------------------------------------------------------------


def test_the_249_iso_codes():
    assert len(COUNTRY_CODES) == 249
    assert {"CN", "KZ", "DE", "NA", "XK"} - COUNTRY_CODES == {"XK"}  # XK is not ISO


@pytest.mark.parametrize(
    ("value", "fix"),
    [
        ("cn", "write codes in upper case: 'CN'"),
        ("China", "give the ISO 3166-1 alpha-2 code: 'CN'"),
        ("CHN", "give the ISO 3166-1 alpha-2 code: 'CN'"),
        ("中国", "give the ISO 3166-1 alpha-2 code: 'CN'"),
        ("Kazakstan", "'KZ'"),
        ("XX", "such as 'CN'"),
    ],
)
def test_bad_country_code_is_refused_with_the_code(value, fix):
    nodes, _ = tables_with_lines()
    nodes.loc[nodes["id"] == "H", "country"] = value
    problem = only_problem(mm.read_nodes, nodes)
    assert (problem.row, problem.column) == ("1 (id H)", "country")
    assert f"unknown country code {value!r}" in problem.message
    assert fix in problem.message


@pytest.mark.parametrize("blank", ["", "  ", None])
def test_blank_country_in_one_row_is_refused(blank):
    nodes, _ = tables_with_lines()
    nodes["country"] = nodes["country"].astype(object)
    nodes.loc[1, "country"] = blank
    problem = only_problem(mm.read_nodes, nodes)
    assert problem.column == "country"
    assert "missing country" in problem.message


def test_no_country_column_means_china():
    nodes, _ = tables_with_lines()
    chinese = nodes[nodes["country"] == "CN"].drop(columns="country")
    assert set(mm.read_nodes(chinese)["country"]) == {"CN"}


# -- CRS and coordinates -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["garbage", "EPSG:99999"])
def test_crs_pyproj_cannot_parse_is_named(tmp_path, name):
    nodes, _ = tables_with_lines()
    write_geojson_lines(nodes, tmp_path / "nodes.geojson")
    text = (tmp_path / "nodes.geojson").read_text(encoding="utf-8")
    member = f'"crs":{{"type":"name","properties":{{"name":"{name}"}}}},'
    text = text.replace('{"type":"FeatureCollection",', '{"type":"FeatureCollection",' + member)
    (tmp_path / "nodes.geojson").write_text(text, encoding="utf-8")
    problem = only_problem(mm.read_nodes, tmp_path / "nodes.geojson")
    assert problem.column == "crs"
    assert f"CRS {name!r} cannot be parsed by pyproj" in problem.message


def test_web_mercator_metres_without_crs():
    nodes, _ = tables_with_lines()
    metres = nodes.to_crs(3857).set_crs(None, allow_override=True)
    with pytest.raises(mm.DataValidationError) as info:
        mm.read_nodes(metres)
    assert len(info.value.problems) == len(nodes)
    assert all("looks like metres" in p.message for p in info.value.problems)
    assert all("set the CRS" in p.message for p in info.value.problems)


def test_swapped_node_coordinates():
    nodes, _ = tables_with_lines()
    nodes.loc[nodes["id"] == "H", "geometry"] = Point(34.3, 109.0)
    problem = only_problem(mm.read_nodes, nodes)
    assert problem.column == "geometry"
    assert "lat/lon swapped" in problem.message


@pytest.mark.parametrize(
    ("where", "country", "words"),
    [
        (Point(0.0, 0.0), "DE", "(0, 0)"),
        (Point(108.0, -75.0), "CN", "no freight terminal"),
        (Point(-70.6, -33.4), "CN", "outside China"),  # Santiago de Chile
    ],
)
def test_implausible_places_warn_not_fail(where, country, words):
    nodes, _ = tables_with_lines()
    nodes.loc[nodes["id"] == "D", ["geometry", "country"]] = [where, country]
    with pytest.warns(DataWarning, match="check the coordinates") as caught:
        table = mm.read_nodes(nodes)
    assert len(table) == len(nodes)
    assert words in str(caught[0].message)
    assert "row 4 (id D)" in str(caught[0].message)


def test_built_in_network_draws_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        root = data_dir()
        mm.Network.from_files(root / "nodes", root / "links", services=root / "services")


# -- one-row blanks ---------------------------------------------------------------------------


@pytest.mark.parametrize("column", ["name", "kind", "modes"])
def test_required_node_value_blank_in_one_row(column):
    nodes, _ = tables_with_lines()
    nodes.loc[2, column] = None
    problem = only_problem(mm.read_nodes, nodes)
    assert (problem.row, problem.column) == ("2 (id B)", column)
    assert f"missing value; every row needs a {column}" in problem.message


@pytest.mark.parametrize("column", ["from_node", "to_node", "mode"])
def test_required_link_value_blank_in_one_row(column):
    nodes, links = tables_with_lines()
    links.loc[3, column] = ""
    problem = only_problem(mm.Network, nodes, links)
    assert (problem.row, problem.column) == ("3 (id F-D-rail)", column)
    assert "missing value" in problem.message


# -- link lines against their end nodes ---------------------------------------------------------


def line_problem(geometry):
    nodes, links = tables_with_lines()
    links.loc[links["id"] == "H-B-rail", "geometry"] = geometry
    problem = only_problem(mm.Network, nodes, links)
    assert (problem.row, problem.column) == ("1 (id H-B-rail)", "geometry")
    return problem.message


def test_reversed_line():
    message = line_problem(LineString([(82.6, 45.2), (95.0, 40.0), (109.0, 34.3)]))
    assert message == "geometry runs to_node -> from_node: reverse it"


def test_swapped_line():
    message = line_problem(LineString([(34.3, 109.0), (45.2, 82.6)]))
    assert "lat/lon swapped" in message


def test_line_in_chile():
    message = line_problem(LineString([(-70.6, -33.4), (-71.6, -33.0)]))
    assert "its ends must lie within 25 km of the nodes" in message


def test_line_in_metres():
    message = line_problem(LineString([(12_133_824, 4_069_156), (9_194_990, 5_653_063)]))
    assert "looks like metres" in message


def test_line_ends_within_25_km_pass():
    nodes, links = tables_with_lines()
    links.loc[links["id"] == "H-B-rail", "geometry"] = LineString([(109.1, 34.4), (82.5, 45.1)])
    assert len(mm.Network(nodes, links).links) == len(links)


# -- enums and numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["maybe", "2", "both"])
def test_bidirectional_takes_yes_no_words_only(word):
    nodes, links = tables_with_lines()
    links["bidirectional"] = "yes"
    links.loc[0, "bidirectional"] = word
    problem = only_problem(mm.Network, nodes, links)
    assert problem.column == "bidirectional"
    assert "is not a yes/no word" in problem.message


def test_corridor_list_is_what_the_built_in_data_use():
    assert set(mm.load_network().links["corridor"]) == KNOWN_CORRIDORS


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("China-Europe", "unknown corridor 'China-Europe'; did you mean 'china_europe'?"),
        ("western_landsea", "did you mean 'western_land_sea'?"),
        ("Silk Road!", "is not a corridor name"),
    ],
)
def test_unknown_corridor_suggests_the_closest(value, message):
    nodes, links = tables_with_lines()
    links.loc[3, "corridor"] = value
    problem = only_problem(mm.Network, nodes, links)
    assert problem.column == "corridor"
    assert message in problem.message


def test_own_corridor_names_in_snake_case_are_accepted():
    nodes, links = tables_with_lines()
    links.loc[2, "corridor"] = "my_border_link"
    assert "my_border_link" in set(mm.Network(nodes, links).links["corridor"])


def test_bonded_zone_of_names_an_existing_node():
    nodes, _ = tables_with_lines()
    nodes["bonded_zone_of"] = ""
    nodes.loc[0, "bonded_zone_of"] = "HH"
    problem = only_problem(mm.read_nodes, nodes)
    assert problem.column == "bonded_zone_of"
    assert "did you mean 'H'?" in problem.message
    nodes.loc[0, "bonded_zone_of"] = "H"
    assert mm.read_nodes(nodes).loc[0, "bonded_zone_of"] == "H"


def test_bonded_zone_of_may_name_a_node_of_another_file(tmp_path):
    nodes, _ = tables_with_lines()
    nodes["bonded_zone_of"] = ""
    nodes.loc[0, "bonded_zone_of"] = "P"
    folder = tmp_path / "nodes"
    folder.mkdir()
    write_geojson_lines(nodes.iloc[:3], folder / "a.geojson")
    write_geojson_lines(nodes.iloc[3:], folder / "b.geojson")
    assert len(mm.read_nodes(folder)) == len(nodes)
    write_geojson_lines(nodes.iloc[:3], tmp_path / "alone.geojson")
    problem = only_problem(mm.read_nodes, tmp_path / "alone.geojson")
    assert problem.file == str(tmp_path / "alone.geojson")


@pytest.mark.parametrize("year", [1700, 2150, 2019.5, "soon", float("inf")])
def test_year_opened_is_a_whole_year(year):
    nodes, links = tables_with_lines()
    links["year_opened"] = None
    links["year_opened"] = links["year_opened"].astype(object)
    links.loc[3, "year_opened"] = year
    problem = only_problem(mm.Network, nodes, links)
    assert problem.column == "year_opened"


def test_year_opened_whole_years_pass():
    nodes, links = tables_with_lines()
    links["year_opened"] = [2013, None, 1800, 2100, 2025.0, None]
    assert mm.Network(nodes, links).links["year_opened"].iloc[0] == 2013


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("links", "distance_km"),
        ("links", "capacity_teu_per_week"),
        ("links", "co2e_g_per_tkm"),
        ("links", "gauge_mm"),
        ("nodes", "dwell_h"),
        ("nodes", "throughput_teu_per_week"),
    ],
)
@pytest.mark.parametrize("value", [float("inf"), float("-inf"), "inf", "Infinity"])
def test_inf_anywhere_numeric(table, column, value):
    nodes, links = tables_with_lines()
    frame = links if table == "links" else nodes
    frame[column] = frame[column].astype(object) if column in frame else None
    frame.loc[3, column] = value
    problem = only_problem(mm.Network, nodes, links)
    assert problem.column == column
    assert "not finite" in problem.message or "must be" in problem.message
