"""``read_tntp`` on the TNTP instances and on malformed files."""

from __future__ import annotations

import numpy as np
import pytest

import multimodal as mm

INSTANCES = {
    # folder: (nodes, links, zones, first thru node, total OD flow from the trips header)
    "sioux-falls": (24, 76, 24, 1, 360_600.0),
    "tntp-Anaheim": (416, 914, 38, 39, 104_694.40),
    "tntp-Chicago-Sketch": (933, 2950, 387, 1, 1_260_907.44),
}


@pytest.mark.parametrize("folder", sorted(INSTANCES))
def test_reads_the_instances(datasets, folder):
    nodes, links, zones, first_thru, total = INSTANCES[folder]
    instance = mm.read_tntp(datasets / folder)
    problem = instance.problem
    assert problem.n_vertices == nodes
    assert problem.n_arcs == links == len(instance.links)
    assert int(instance.metadata["NUMBER OF ZONES"]) == zones
    assert instance.first_thru_node == first_thru
    assert problem.no_through.sum() == first_thru - 1
    assert instance.demand["flow"].sum() == pytest.approx(total, rel=1e-9)
    assert problem.demand.sum() <= total  # intrazonal flows are not routed
    assert set(instance.demand["origin"]) <= set(range(1, zones + 1))


def test_sioux_falls_coordinates_and_first_rows(datasets):
    instance = mm.read_tntp(datasets / "sioux-falls")
    assert instance.nodes is not None
    assert len(instance.nodes) == 24
    assert instance.nodes.iloc[0].tolist() == pytest.approx([1, -96.77041974, 43.61282792])
    first = instance.links.iloc[0]
    assert (first["init_node"], first["term_node"]) == (1, 2)
    assert first["capacity"] == pytest.approx(25900.20064)
    assert first["free_flow_time"] == pytest.approx(6.0)
    origin_1 = instance.demand[instance.demand["origin"] == 1].set_index("destination")["flow"]
    assert origin_1[10] == pytest.approx(1300.0)


def test_anaheim_nodes_from_geojson(datasets):
    instance = mm.read_tntp(datasets / "tntp-Anaheim")
    assert instance.nodes is not None
    assert len(instance.nodes) == 416


def test_best_known_flow_file_is_aligned(datasets, tmp_path):
    """A ``_flow.tntp`` (from, to, volume, cost) is read onto the links' order."""
    source = datasets / "sioux-falls"
    for name in ("SiouxFalls_net.tntp", "SiouxFalls_trips.tntp"):
        (tmp_path / name).write_text((source / name).read_text())
    instance = mm.read_tntp(tmp_path)
    rows = ["From \tTo \tVolume \tCost "]
    for i, (a, b) in enumerate(zip(instance.links["init_node"], instance.links["term_node"])):
        rows.append(f"{a}\t{b}\t{1000.0 + i}\t1.0")
    (tmp_path / "SiouxFalls_flow.tntp").write_text("\n".join(rows) + "\n")
    again = mm.read_tntp(tmp_path)
    assert again.best_known_flow is not None
    np.testing.assert_allclose(again.best_known_flow, 1000.0 + np.arange(76))


NET = """<NUMBER OF ZONES> 2
<NUMBER OF NODES> 3
<FIRST THRU NODE> 1
<NUMBER OF LINKS> 2
<END OF METADATA>
~ init term cap len fft b power speed toll type ;
1 3 100 1 1 0.15 4 0 0 1 ;
3 2 100 1 1 0.15 4 0 0 1 ;
"""
TRIPS = """<NUMBER OF ZONES> 2
<END OF METADATA>
Origin 1
  2 : 10.0;
"""


def _write(tmp_path, net=NET, trips=TRIPS):
    (tmp_path / "toy_net.tntp").write_text(net)
    (tmp_path / "toy_trips.tntp").write_text(trips)
    return tmp_path


def test_toy_instance_solves(tmp_path):
    instance = mm.read_tntp(_write(tmp_path))
    result = mm.solve_equilibrium(instance.problem, gap=1e-9)
    np.testing.assert_allclose(result.flow, [10.0, 10.0])


@pytest.mark.parametrize(
    ("net", "trips", "expected"),
    [
        (NET.replace("3 2 100 1 1", "3 2 -5 1 1"), TRIPS, "toy_net.tntp, row 8, column 'capacity'"),
        (NET.replace("3 2 100 1 1 0.15 4 0 0 1 ;", "3 2 100 ;"), TRIPS, "toy_net.tntp, row 8"),
        (NET.replace("1 3 100", "1 x 100"), TRIPS, "toy_net.tntp, row 7"),
        (NET, TRIPS.replace("2 : 10.0;", "2 - 10.0;"), "toy_trips.tntp, row 4"),
        (NET, TRIPS.replace("Origin 1", "Origin one"), "toy_trips.tntp, row 3"),
        (
            NET,
            TRIPS.replace("2 : 10.0;", "7 : 10.0;"),
            "toy_trips.tntp, row 4, column 'destination'",
        ),
        (NET.replace("<NUMBER OF LINKS> 2", "<NUMBER OF LINKS> 3"), TRIPS, "NUMBER OF LINKS"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path, net, trips, expected):
    with pytest.raises(mm.DataValidationError) as info:
        mm.read_tntp(_write(tmp_path, net, trips))
    assert expected in str(info.value)


def test_missing_files_are_parameter_errors(tmp_path):
    with pytest.raises(mm.ParameterError, match="no such TNTP"):
        mm.read_tntp(tmp_path / "nowhere")
    with pytest.raises(mm.ParameterError, match="exactly one"):
        mm.read_tntp(tmp_path)
    (tmp_path / "toy_net.tntp").write_text(NET)
    with pytest.raises(mm.ParameterError, match="trips"):
        mm.read_tntp(tmp_path)
