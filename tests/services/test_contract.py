"""The services data contract (docs/services.md, issue 10): every bad input is a
``DataValidationError`` whose problems name the file, the row and the column; every
problem is reported at once; services survive a round trip through CSV files; and
``Network.services`` is a GeoDataFrame of lines.
"""

from __future__ import annotations

import pandas as pd
import pytest
from services_toy import (
    frames,
    line_links,
    line_nodes,
    service_network,
    service_row,
    stop_rows,
)
from shapely.geometry import LineString

import multimodal as mm
from multimodal.services import read_services

GOOD_STOPS = (("A", None, 0.0), ("B", 10.0, 12.0), ("D", 30.0, None))


def good_services(**values):
    row = service_row("S1")
    row.update(values)
    return [row]


def good_stops():
    return stop_rows("S1", *GOOD_STOPS)


def problems_of(services=None, stops=None, nodes=None, links=None):
    """The problems the network constructor reports (fails if it accepts the input)."""
    with pytest.raises(mm.DataValidationError) as caught:
        service_network(
            services if services is not None else good_services(),
            stops if stops is not None else good_stops(),
            nodes,
            links,
        )
    error = caught.value
    assert isinstance(error, ValueError)  # old `except ValueError` still works
    return error.problems


def only(problems, file, column):
    """The problems of one file and column (there must be at least one)."""
    found = [p for p in problems if p.file == file and p.column == column]
    assert found, f"no problem in {file}/{column}; got {[str(p) for p in problems]}"
    return found


def row_of(problem):
    """The row position a problem names (the number that starts its row label)."""
    assert problem.row is not None, f"the problem names no row: {problem}"
    return int(str(problem.row).split()[0])


def test_good_input_is_accepted():
    net = service_network(good_services(), good_stops())
    assert list(net.service_table.explicit["service_id"]) == ["S1"]


# -- stops ------------------------------------------------------------------------------------
def test_unknown_stop_node_names_a_close_one():
    stops = good_stops()
    stops[1]["node"] = "BB"
    (problem,) = only(problems_of(stops=stops), "stops", "node")
    assert row_of(problem) == 1
    assert "'BB'" in problem.message
    assert "did you mean 'B'" in problem.message


def test_unknown_service_in_stops():
    stops = [*good_stops(), *stop_rows("S9", ("A", None, 0.0), ("B", 5.0, None))]
    (first, second) = only(problems_of(stops=stops), "stops", "service_id")
    assert [row_of(first), row_of(second)] == [3, 4]
    assert "'S9'" in first.message
    assert "S1" in first.message  # the services it could have meant


@pytest.mark.parametrize(
    ("seqs", "bad_row"),
    [((1, 2, 4), 0), ((1, 2, 2), 0), ((0, 1, 2), 0), ((2, 3, 4), 0), ((1, 1.5, 3), 0)],
)
def test_stops_not_numbered_one_to_n(seqs, bad_row):
    stops = good_stops()
    for row, seq in zip(stops, seqs):
        row["seq"] = seq
    problems = only(problems_of(stops=stops), "stops", "seq")
    assert all(p.row is not None for p in problems)
    assert bad_row in [row_of(p) for p in problems]


def test_a_service_needs_two_stops():
    (problem,) = only(problems_of(stops=stop_rows("S1", ("A", None, 0.0))), "stops", "seq")
    assert row_of(problem) == 0
    assert "two stops" in problem.message


def test_a_service_without_stops_names_its_row():
    services = [service_row("S1"), service_row("S2")]
    problems = problems_of(services=services, stops=good_stops())
    (problem,) = [p for p in problems if "S2" in str(p)]
    assert problem.column == "service_id"
    assert problem.row is not None


@pytest.mark.parametrize(
    ("times", "bad_row"),
    [
        # arrives at B when it leaves A (run time 0)
        ((("A", None, 0.0), ("B", 0.0, 2.0), ("D", 30.0, None)), 1),
        # arrives at D when it leaves B
        ((("A", None, 0.0), ("B", 10.0, 14.0), ("D", 14.0, None)), 2),
        # arrives at D before it leaves B
        ((("A", None, 0.0), ("B", 10.0, 14.0), ("D", 13.0, None)), 2),
    ],
)
def test_times_must_increase(times, bad_row):
    problems = only(problems_of(stops=stop_rows("S1", *times)), "stops", "arrive_h")
    assert [row_of(p) for p in problems] == [bad_row]
    assert "increase" in problems[0].message


def test_departs_before_it_arrives():
    stops = stop_rows("S1", ("A", None, 0.0), ("B", 12.0, 11.0), ("D", 30.0, None))
    (problem,) = only(problems_of(stops=stops), "stops", "depart_h")
    assert row_of(problem) == 1
    assert "before it arrives" in problem.message


def test_first_stop_departs_at_hour_zero():
    stops = stop_rows("S1", ("A", None, 1.0), ("B", 10.0, 12.0), ("D", 30.0, None))
    (problem,) = only(problems_of(stops=stops), "stops", "depart_h")
    assert row_of(problem) == 0


# -- services ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "column",
    ["capacity_teu_per_departure", "capacity_t_per_departure", "fare_fixed_cny", "fare_cny_per_km"],
)
def test_negative_capacity_or_fare(column):
    (problem,) = only(problems_of(services=good_services(**{column: -1.5})), "services", column)
    assert row_of(problem) == 0
    assert "-1.5" in problem.message


@pytest.mark.parametrize("text", ["Wed 25:00", "Someday 03:00", "Wed", "Wed 3h", "5"])
def test_timetable_that_does_not_parse(text):
    services = good_services(departures_per_week=None, timetable=text)
    (problem,) = only(problems_of(services=services), "services", "timetable")
    assert row_of(problem) == 0
    assert "Wed 03:55" in problem.message or "HH:MM" in problem.message


def test_departures_per_week_contradicting_the_timetable():
    services = good_services(departures_per_week=3.0, timetable="Wed 03:55;Sat 03:55")
    (problem,) = only(problems_of(services=services), "services", "departures_per_week")
    assert row_of(problem) == 0
    assert "3" in problem.message
    assert "2" in problem.message


def test_departures_per_week_agreeing_with_the_timetable_or_blank():
    for given in (2.0, None):
        services = good_services(departures_per_week=given, timetable="Wed 03:55;Sat 03:55")
        net = service_network(services, good_stops())
        assert net.service_table.departures_per_week().tolist() == [2.0]


def test_no_frequency_and_no_timetable():
    services = good_services(departures_per_week=None, timetable="")
    (problem,) = only(problems_of(services=services), "services", "departures_per_week")
    assert row_of(problem) == 0


@pytest.mark.parametrize(
    ("column", "value"),
    [("mode", "road"), ("fare_basis", "box"), ("corridor", "cc"), ("service_id", "S 1")],
)
def test_bad_choices(column, value):
    (problem,) = only(problems_of(services=good_services(**{column: value})), "services", column)
    assert row_of(problem) == 0


def test_duplicate_service_id():
    services = [service_row("S1"), service_row("S1")]
    (problem,) = only(problems_of(services=services), "services", "service_id")
    assert row_of(problem) == 1


def test_unknown_cargo_class_names_a_close_one():
    services = good_services(cargo_classes="meat;fruits")
    (problem,) = only(problems_of(services=services), "services", "cargo_classes")
    assert row_of(problem) == 0
    assert "'fruits'" in problem.message
    assert "'fruit'" in problem.message


# -- blank required values ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "column",
    [
        "service_id",
        "name",
        "fare_fixed_cny",
        "fare_cny_per_km",
        "year",
        "source",
        "mode",
        "fare_basis",
        "corridor",
    ],
)
def test_blank_required_service_value(column):
    problems = only(problems_of(services=good_services(**{column: None})), "services", column)
    assert row_of(problems[0]) == 0
    assert "missing" in problems[0].message


@pytest.mark.parametrize("column", ["reefer", "dangerous_goods"])
def test_blank_required_yes_no(column):
    problems = only(problems_of(services=good_services(**{column: None})), "services", column)
    assert row_of(problems[0]) == 0


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (1, "seq"),
        (1, "arrive_h"),
        (1, "depart_h"),
        (2, "arrive_h"),
        (1, "node"),
    ],
)
def test_blank_required_stop_value(row, column):
    stops = good_stops()
    stops[row][column] = None
    problems = only(problems_of(stops=stops), "stops", column)
    assert row_of(problems[0]) == row
    assert "missing" in problems[0].message


@pytest.mark.parametrize("column", ["arrive_h", "depart_h"])
def test_a_blank_time_is_reported_once(column):
    stops = good_stops()
    stops[1][column] = None
    problems = problems_of(stops=stops)
    assert len(problems) == 1, [str(p) for p in problems]
    assert "nan" not in problems[0].message


# -- the links between stops ---------------------------------------------------------------------
def road_ab():
    road = {
        "id": "AB_road",
        "from_node": "A",
        "to_node": "B",
        "mode": "road",
        "distance_km": 100.0,
        "time_h": 2.0,
        "cost_cny": 10.0,
        "corridor": "c",
    }
    return [*line_links(), road]


@pytest.mark.parametrize(
    ("via", "row", "words"),
    [
        (("CD", None), 1, "does not continue"),  # does not start at A
        (("XX", None), 1, "'XX'"),  # unknown link
        (("AB;BC", None), 1, "not at the stop B"),  # runs past the stop
        ((None, "BC"), 2, "not at the stop D"),  # ends before the stop
        (("AB_road", None), 1, "road"),  # another mode
    ],
)
def test_via_links_that_do_not_join_the_stops(via, row, words):
    stops = good_stops()
    stops[1]["via_links"], stops[2]["via_links"] = via
    (problem,) = only(problems_of(stops=stops, links=road_ab()), "stops", "via_links")
    assert row_of(problem) == row
    assert words in problem.message


def test_via_links_in_order_are_accepted():
    stops = good_stops()
    stops[1]["via_links"], stops[2]["via_links"] = "AB", "BC;CD"
    net = service_network(good_services(), stops)
    assert net.service_table.rides["link"].tolist() == [0, 1, 2]


@pytest.mark.parametrize(
    ("stops", "row"),
    [
        ((("D", None, 0.0), ("A", 10.0, None)), 1),  # the links run one way only
        ((("A", None, 0.0), ("E", 10.0, None)), 1),  # E has no rail link
    ],
)
def test_no_path_between_two_stops(stops, row):
    problems = problems_of(stops=stop_rows("S1", *stops), nodes=line_nodes("ABCDE"))
    (problem,) = only(problems, "stops", "node")
    assert row_of(problem) == row
    assert "no rail links" in problem.message


def test_a_sea_service_over_rail_links_has_no_path():
    problems = only(problems_of(services=good_services(mode="sea")), "stops", "node")
    assert sorted(row_of(p) for p in problems) == [1, 2]


def gauge_network_tables():
    nodes = line_nodes(B={"gauge_change_cost_cny_per_teu": 50.0, "gauge_change_h": 5.0})
    links = line_links()
    for k in (1, 2):
        links[k]["gauge_mm"] = 1520
    return nodes, links


def test_gauge_change_between_stops():
    nodes, links = gauge_network_tables()
    stops = stop_rows("S1", ("A", None, 0.0), ("D", 30.0, None))
    (problem,) = only(problems_of(stops=stops, nodes=nodes, links=links), "stops", "node")
    assert "gauge" in problem.message
    assert "B" in problem.message
    assert row_of(problem) == 1


def test_gauge_change_at_a_stop_is_accepted():
    nodes, links = gauge_network_tables()
    net = service_network(good_services(), good_stops(), nodes, links)
    assert len(net.service_table.rides) == 3


# -- all at once, and the reader ---------------------------------------------------------------
def test_every_problem_is_reported_at_once():
    services = good_services(fare_fixed_cny=-1, timetable="Xyz", cargo_classes="foo")
    stops = stop_rows("S1", ("A", None, 0.0), ("BB", 10.0, 9.0), ("D", 8.0, None))
    problems = problems_of(services=services, stops=stops)
    where = {(p.file, p.column) for p in problems}
    assert where >= {
        ("services", "fare_fixed_cny"),
        ("services", "timetable"),
        ("services", "cargo_classes"),
        ("stops", "node"),
        ("stops", "depart_h"),
        ("stops", "arrive_h"),
    }
    assert all(p.row is not None for p in problems)


def test_read_services_checks_the_same(tmp_path):
    """``read_services`` directly, from CSV files: problems name the file path."""
    net = service_network(good_services(), good_stops())  # for its validated links
    services = tmp_path / "services.csv"
    stops = tmp_path / "stops.csv"
    pd.DataFrame(good_services(fare_cny_per_km=-2)).to_csv(services, index=False)
    bad = good_stops()
    bad[2]["node"] = "DD"
    pd.DataFrame(bad).to_csv(stops, index=False)
    with pytest.raises(mm.DataValidationError) as caught:
        read_services(services, stops, net.links, list(net.node_ids))
    where = {(p.file, p.column, row_of(p)) for p in caught.value.problems}
    assert where == {(str(services), "fare_cny_per_km", 0), (str(stops), "node", 2)}


def test_services_without_stops_are_refused():
    nodes, links = frames(line_nodes(), line_links())
    with pytest.raises(mm.DataValidationError):
        mm.Network(nodes, links, services=(pd.DataFrame(good_services()), None))


def test_a_file_that_is_not_csv(tmp_path):
    net = service_network(good_services(), good_stops())  # for its validated links
    services = tmp_path / "services.csv"
    stops = tmp_path / "stops.csv"
    services.write_bytes(b"")
    pd.DataFrame(good_stops()).to_csv(stops, index=False)
    with pytest.raises(mm.DataValidationError) as caught:
        read_services(services, stops, net.links, list(net.node_ids))
    assert caught.value.problems[0].file == str(services)


# -- round trip and the GeoDataFrame ------------------------------------------------------------
def two_service_network():
    services = [
        service_row("S1", timetable="Mon 08:00;Thu 08:00", departures_per_week=None),
        service_row("S2", name="Express", capacity_teu_per_departure=None, cargo_classes="meat"),
    ]
    stops = [*good_stops(), *stop_rows("S2", ("B", None, 0.0), ("C", 5.0, 6.0), ("D", 9.0, None))]
    stops[1]["via_links"] = "AB"
    return service_network(services, stops)


def test_csv_round_trip(tmp_path):
    net = two_service_network()
    net.to_files(tmp_path)
    assert (tmp_path / "services.csv").is_file()
    assert (tmp_path / "stops.csv").is_file()
    back = mm.Network.from_files(
        tmp_path / "nodes.geojson", tmp_path / "links.geojson", services=tmp_path
    )
    for before, after in zip(net.service_tables(), back.service_tables()):
        pd.testing.assert_frame_equal(before, after, check_dtype=False)
    pd.testing.assert_frame_equal(
        net.service_table.rides, back.service_table.rides, check_dtype=False
    )
    shipment = mm.Shipment("A", "D", teu=1)
    assert mm.route(back, shipment).cost_cny == pytest.approx(mm.route(net, shipment).cost_cny)


def test_written_files_keep_integers(tmp_path):
    two_service_network().to_files(tmp_path)
    stops = (tmp_path / "stops.csv").read_text(encoding="utf-8").splitlines()
    services = (tmp_path / "services.csv").read_text(encoding="utf-8").splitlines()
    assert stops[1].split(",")[1] == "1"
    assert ",2024," in services[1]


def test_network_services_is_a_geodataframe_of_lines():
    net = two_service_network()
    frame = net.services
    assert frame.crs is not None
    assert frame.crs.to_epsg() == 4326
    assert list(frame["service_id"]) == ["S1", "S2"]
    assert all(isinstance(g, LineString) for g in frame.geometry)
    by_id = frame.set_index("service_id")
    assert by_id.loc["S1", "stops"] == "A;B;D"
    assert by_id.loc["S2", "stops"] == "B;C;D"
    assert by_id.loc["S1", "distance_km"] == pytest.approx(400.0)
    assert by_id.loc["S2", "distance_km"] == pytest.approx(300.0)
    assert by_id.loc["S1", "time_h"] == pytest.approx(30.0)  # arrival at the last stop
    assert by_id.loc["S2", "time_h"] == pytest.approx(9.0)
    assert by_id.loc["S1", "departures_per_week"] == 2.0  # from the timetable
    assert by_id.loc["S1", "capacity_teu_per_week"] == pytest.approx(100.0)
    assert by_id.loc["S2", "capacity_teu_per_week"] == float("inf")
    assert by_id.loc["S1", "name_zh"] == "班列 S1"
    assert not frame["implicit"].any()
    # the line runs from the first stop to the last
    nodes = net.nodes.set_index("id").geometry
    line = frame.geometry.iloc[0]
    assert line.coords[0] == pytest.approx(nodes["A"].coords[0])
    assert line.coords[-1] == pytest.approx(nodes["D"].coords[0])
    # a copy: changing it does not change the network
    frame.loc[0, "name"] = "changed"
    assert net.services.loc[0, "name"] == "Service S1"


def test_scheduled_link_without_service_is_an_implicit_service():
    links = line_links()
    links[2]["departures_per_week"] = 3.5
    nodes, link_frame = frames(line_nodes(), links)
    with pytest.warns(mm.DataWarning, match="nothing runs on links AB, BC"):
        net = mm.Network(nodes, link_frame)  # bare track with no service moves nothing
    frame = net.services
    assert list(frame["service_id"]) == ["link:CD"]
    assert bool(frame["implicit"].iloc[0])
    assert frame["stops"].iloc[0] == "C;D"
    assert net.service_tables()[0].empty  # implicit services are not written
