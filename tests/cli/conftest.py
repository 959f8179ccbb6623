"""Fixtures for the command-line tests: the toy network as files, running ``main``."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import LineString
from toy import toy_tables

from multimodal.cli import main
from multimodal.io import write_geojson_lines


@pytest.fixture
def toy_network_files(tmp_path):
    """The toy network as files (links with straight lines), as ``--nodes/--links``."""
    nodes, links = toy_tables()
    where = nodes.set_index("id").geometry
    links = links.set_geometry(
        [
            LineString([where[a].coords[0], where[b].coords[0]])
            for a, b in zip(links["from_node"], links["to_node"])
        ]
    )
    node_file, link_file = tmp_path / "nodes.geojson", tmp_path / "links.geojson"
    write_geojson_lines(nodes, node_file)
    write_geojson_lines(links, link_file)
    return ["--nodes", str(node_file), "--links", str(link_file)]


@pytest.fixture
def cli(capsys):
    """Run the command line: ``cli(argv) -> (status, stdout, stderr)``; never a traceback."""

    def run(argv):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code
        captured = capsys.readouterr()
        return (0 if code is None else code), captured.out, captured.err

    return run


@pytest.fixture
def cli_json(cli):
    """Run a command with ``--json``: ``(status, document, stderr)``; stdout must parse."""

    def run(argv):
        code, out, err = cli([*argv, "--json"])
        return code, json.loads(out), err

    return run
