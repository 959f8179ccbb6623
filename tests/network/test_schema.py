"""Validation: every kind of bad input gets an error naming file, row, column and fix."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point
from toy import toy_tables

import multimodal as mm
from multimodal.io import write_geojson_lines


def write_pair(tmp_path, nodes, links, fmt="geojson"):
    node_file = tmp_path / f"nodes.{fmt}"
    link_file = tmp_path / f"links.{fmt}"
    if fmt == "geojson":
        write_geojson_lines(nodes, node_file)
        write_geojson_lines(links.set_geometry(links.geometry), link_file)
    elif fmt == "gpkg":
        nodes.to_file(node_file, driver="GPKG")
        links.to_file(link_file, driver="GPKG")
    elif fmt == "parquet":
        nodes.to_parquet(node_file)
        links.to_parquet(link_file)
    return node_file, link_file


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


def problems_of(error):
    return [(p.file, p.row, p.column, p.message) for p in error.problems]


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet"])
def test_good_files_load_in_every_format(tmp_path, fmt):
    nodes, links = tables_with_lines()
    node_file, link_file = write_pair(tmp_path, nodes, links, fmt)
    net = mm.Network.from_files(node_file, link_file)
    assert len(net.nodes) == 6
    assert len(net.links) == 6


def test_csv_with_lon_lat(tmp_path):
    nodes, links = toy_tables()
    table = nodes.drop(columns="geometry").assign(lon=nodes.geometry.x, lat=nodes.geometry.y)
    table.to_csv(tmp_path / "nodes.csv", index=False)
    links.drop(columns="geometry").to_csv(tmp_path / "links.csv", index=False)
    net = mm.Network.from_files(tmp_path / "nodes.csv", tmp_path / "links.csv")
    assert net.find_node("Alpha") == "A"


def test_csv_nodes_without_coordinates(tmp_path):
    nodes, _ = toy_tables()
    nodes.drop(columns="geometry").to_csv(tmp_path / "nodes.csv", index=False)
    with pytest.raises(mm.DataValidationError) as info:
        mm.read_nodes(tmp_path / "nodes.csv")
    assert {p.column for p in info.value.problems} == {"lon", "lat"}


def test_misspelled_column_is_named_with_the_fix(tmp_path):
    nodes, links = tables_with_lines()
    links = links.rename(columns={"distance_km": "distnce_km"})
    node_file, link_file = write_pair(tmp_path, nodes, links)
    with pytest.raises(mm.DataValidationError) as info:
        mm.Network.from_files(node_file, link_file)
    (problem,) = info.value.problems
    assert problem.file == str(link_file)
    assert problem.column == "distance_km"
    assert "rename it" in problem.message
    assert "distnce_km" in problem.message


def test_unknown_node_reference_suggests_ids(tmp_path):
    nodes, links = tables_with_lines()
    links.loc[0, "to_node"] = "HH"
    node_file, link_file = write_pair(tmp_path, nodes, links)
    with pytest.raises(mm.DataValidationError) as info:
        mm.Network.from_files(node_file, link_file)
    (problem,) = info.value.problems
    assert problem.column == "to_node"
    assert "A-H-road" in str(problem.row)
    assert "'H'" in problem.message


def test_duplicate_ids_within_and_across_files(tmp_path):
    nodes, links = tables_with_lines()
    twice = gpd.GeoDataFrame(
        [*nodes.to_dict("records"), nodes.iloc[0].to_dict()], geometry="geometry", crs=4326
    )
    node_file, link_file = write_pair(tmp_path, twice, links)
    with pytest.raises(mm.DataValidationError, match="duplicate id 'A'"):
        mm.Network.from_files(node_file, link_file)
    folder = tmp_path / "nodes"
    folder.mkdir()
    write_geojson_lines(nodes, folder / "a.geojson")
    write_geojson_lines(nodes.iloc[:1], folder / "b.geojson")
    with pytest.raises(mm.DataValidationError) as info:
        mm.read_nodes(folder)
    assert "also used in" in str(info.value)
    assert str(info.value.problems[0].file).endswith("b.geojson")


def test_negative_and_missing_costs_and_times_all_reported(tmp_path):
    nodes, links = tables_with_lines()
    links.loc[0, "cost_cny"] = -5.0
    links.loc[1, "time_h"] = None
    links.loc[2, "distance_km"] = 0.0
    nodes.loc[1, "dwell_h"] = -1.0
    node_file, link_file = write_pair(tmp_path, nodes, links)
    with pytest.raises(mm.DataValidationError) as info:
        mm.read_nodes(node_file)
    assert [(p.column, "H" in str(p.row)) for p in info.value.problems] == [("dwell_h", True)]
    nodes.loc[1, "dwell_h"] = 1.0
    write_pair(tmp_path, nodes, links)
    with pytest.raises(mm.DataValidationError) as info:
        mm.Network.from_files(node_file, link_file)
    columns = sorted(str(p.column) for p in info.value.problems)
    assert columns == ["cost_cny", "distance_km", "time_h"]  # all at once
    assert all(p.file == str(link_file) for p in info.value.problems)


def test_non_numeric_value(tmp_path):
    nodes, links = tables_with_lines()
    links["cost_cny"] = links["cost_cny"].astype(object)
    links.loc[3, "cost_cny"] = "cheap"
    with pytest.raises(mm.DataValidationError, match="'cheap' is not a number"):
        mm.Network(nodes, links)


def test_impossible_speed(tmp_path):
    nodes, links = tables_with_lines()
    links.loc[links["id"] == "H-B-rail", "time_h"] = 5.0  # 2,900 km in 5 h by rail
    node_file, link_file = write_pair(tmp_path, nodes, links)
    with pytest.raises(mm.DataValidationError) as info:
        mm.Network.from_files(node_file, link_file)
    (problem,) = info.value.problems
    assert problem.column == "time_h"
    assert "faster than rail can go" in problem.message


def test_shorter_than_great_circle(tmp_path):
    nodes, links = tables_with_lines()
    links.loc[links["id"] == "P-D-air", "distance_km"] = 5_000.0
    node_file, link_file = write_pair(tmp_path, nodes, links)
    with pytest.raises(mm.DataValidationError, match="shorter than the great-circle") as info:
        mm.Network.from_files(node_file, link_file)
    assert info.value.problems[0].column == "distance_km"


def test_invalid_geometry(tmp_path):
    nodes, links = tables_with_lines()
    nodes.loc[2, "geometry"] = Point(200.0, 95.0)
    with pytest.raises(mm.DataValidationError, match="not a lon/lat") as info:
        mm.read_nodes(nodes)
    assert info.value.problems[0].column == "geometry"
    nodes, links = tables_with_lines()
    links.loc[0, "geometry"] = Point(108, 33)
    with pytest.raises(mm.DataValidationError, match="links are line strings"):
        mm.Network(nodes, links)


def test_projected_crs_is_refused(tmp_path):
    nodes, _ = tables_with_lines()
    projected = nodes.to_crs(3857)
    with pytest.raises(mm.DataValidationError, match="not geographic"):
        mm.read_nodes(projected)


def test_unknown_kind_and_mode_suggest_the_right_word():
    nodes, links = tables_with_lines()
    nodes.loc[0, "kind"] = "citty"
    with pytest.raises(mm.DataValidationError, match="did you mean 'city'"):
        mm.read_nodes(nodes)
    nodes, links = tables_with_lines()
    links.loc[0, "mode"] = "raod"
    with pytest.raises(mm.DataValidationError, match="did you mean 'road'"):
        mm.Network(nodes, links)


def test_open_port_without_modes_and_missing_gauge_change():
    nodes, links = tables_with_lines()
    nodes.loc[nodes["id"] == "B", "port_modes"] = ""
    with pytest.raises(mm.DataValidationError, match="port_modes is empty"):
        mm.read_nodes(nodes)
    nodes, links = tables_with_lines()
    nodes.loc[nodes["id"] == "F", "gauge_change_h"] = None
    with pytest.raises(mm.DataValidationError, match="gauge change"):
        mm.Network(nodes, links)


def test_unreadable_file_and_missing_path(tmp_path):
    bad = tmp_path / "nodes.geojson"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(mm.DataValidationError, match="cannot read the file"):
        mm.read_nodes(bad)
    with pytest.raises(mm.DataValidationError, match="file not found"):
        mm.read_nodes(tmp_path / "nowhere.geojson")


def test_bad_timetable():
    nodes, links = tables_with_lines()
    links["timetable"] = ""
    links.loc[0, "timetable"] = "Someday 25:00"
    with pytest.raises(mm.DataValidationError, match="timetable entry"):
        mm.Network(nodes, links)


def test_error_lists_every_problem_with_location():
    nodes, links = tables_with_lines()
    links.loc[0, "mode"] = "boat"
    links.loc[1, "to_node"] = "nowhere"
    with pytest.raises(mm.DataValidationError) as info:
        mm.Network(nodes, links)
    text = str(info.value)
    assert text.startswith("2 problems found:")
    assert "column 'mode'" in text
    assert "column 'to_node'" in text
