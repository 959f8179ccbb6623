"""``network_warnings`` and ``multimodal validate``: a valid network that cannot do what
users usually want is named, with the fix, and the exit status stays 0."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import Point
from toy import link, node, toy_tables

import multimodal as mm
from multimodal.cli import main
from multimodal.diagnostics import network_warnings
from multimodal.io import write_geojson_lines


def warnings_of(nodes, links):
    net = mm.Network(nodes, links)
    return network_warnings(net.nodes, net.links)


def ready(nodes, links):
    """The toy network made to need no warning: every node takes DG, every class cleared."""
    nodes = nodes.copy()
    nodes["dangerous_goods"] = True
    designated = "meat;grain;vehicles;fruit;aquatic_animals;seedlings;chilled_seafood;medicines"
    nodes.loc[nodes["id"] == "H", "designated"] = designated
    return nodes, links


def test_built_in_and_ready_toy_have_no_warning():
    net = mm.load_network()
    assert network_warnings(net.nodes, net.links) == []
    assert warnings_of(*ready(*toy_tables())) == []


def test_no_open_customs_port():
    nodes, links = ready(*toy_tables())
    nodes["port_status"] = "none"
    nodes["port_modes"] = ""
    (message,) = warnings_of(nodes, links)
    assert message.startswith("no open customs port")
    assert "'B'" in message  # the Chinese end of the border link
    assert "set port_status to 'formal'" in message


def test_no_link_across_the_border():
    nodes, links = ready(*toy_tables())
    links = links[~links["id"].isin(["B-F-rail", "P-D-air"])]
    found = warnings_of(nodes, links)
    assert any(m.startswith("no link joins a Chinese node to a foreign one") for m in found)


def test_reefer_that_no_node_accepts():
    nodes, links = ready(*toy_tables())
    nodes["reefer"] = False
    (message,) = warnings_of(nodes, links)
    assert message.startswith("no node accepts reefer boxes")
    assert "set reefer=true" in message


def test_dangerous_goods_that_no_link_allows():
    nodes, links = ready(*toy_tables())
    links["dangerous_goods"] = False
    (message,) = warnings_of(nodes, links)
    assert message.startswith("no link allows dangerous goods")


def test_designated_class_no_port_may_clear():
    nodes, links = ready(*toy_tables())
    nodes.loc[nodes["id"] == "H", "designated"] = "meat"
    (message,) = warnings_of(nodes, links)
    assert message.startswith("no open port is designated for grain, fruit")
    assert "meat" not in message


def test_isolated_node():
    nodes, links = ready(*toy_tables())
    extra = node("Z", 108.5, 34.0, kind="city", modes="road", dangerous_goods=True)
    nodes.loc[len(nodes)] = extra
    (message,) = warnings_of(nodes, links)
    assert message.startswith("1 node(s) have no link")
    assert "'Z'" in message


def test_mode_without_a_transfer_point():
    nodes, links = ready(*toy_tables())
    extra = [
        node("S1", 121.5, 31.2, kind="sea_port", modes="sea", dangerous_goods=True),
        node("S2", 120.3, 36.1, kind="sea_port", modes="sea", dangerous_goods=True),
    ]
    for row in extra:
        nodes.loc[len(nodes)] = row
    # with departures of its own: a sea link with none carries nothing (another warning)
    links.loc[len(links)] = link(
        "S1", "S2", "sea", 900.0, 40.0, 500.0, corridor="sea_x", departures_per_week=2.0
    )
    (message,) = warnings_of(nodes, links)
    assert message.startswith("mode 'sea' has links but no node where it meets another mode")


def test_raw_tables_are_a_parameter_error():
    with pytest.raises(mm.ParameterError, match="needs validated nodes"):
        network_warnings(toy_tables()[0].drop(columns="country"), toy_tables()[1])


def write(tmp_path, nodes, links):
    write_geojson_lines(nodes, tmp_path / "nodes.geojson")
    links.drop(columns="geometry").to_csv(tmp_path / "links.csv", index=False)
    return [str(tmp_path / "nodes.geojson"), str(tmp_path / "links.csv")]


def test_cli_prints_warnings_and_exits_0(tmp_path, capsys):
    nodes, links = toy_tables()
    nodes["reefer"] = False
    nodes.loc[nodes["id"] == "A", "geometry"] = Point(-70.6, -33.4)  # CN node in Chile
    links.loc[links["id"].isin(["A-H-road", "A-P-road"]), "distance_km"] = 20_000.0
    links.loc[links["id"].isin(["A-H-road", "A-P-road"]), "time_h"] = 400.0
    files = write(tmp_path, nodes, links)
    assert main(["validate", *files]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("ok: 6 nodes, 6 links, 0 services, no problems found, ")
    warned = [line for line in lines if line.startswith("warning: ")]
    assert any("lies outside China although country is 'CN'" in w for w in warned)
    assert any("no node accepts reefer boxes" in w for w in warned)


def test_cli_json_lists_the_warnings(tmp_path, capsys):
    nodes, links = toy_tables()
    nodes["reefer"] = False
    assert main(["validate", "--json", *write(tmp_path, nodes, links)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is True
    assert document["summary"]["warnings"] == len(document["warnings"]) >= 1
    assert any("reefer" in w for w in document["warnings"])
