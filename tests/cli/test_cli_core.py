"""The command line for the network and routing: a thin layer over the library."""

from __future__ import annotations

import pytest
from toy import toy_tables

from multimodal.cli import main
from multimodal.io import write_geojson_lines


def test_info_prints_the_summary(capsys):
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "nodes by kind" in out
    assert "china_europe" in out


def test_validate_good_and_bad_files(tmp_path, capsys):
    nodes, links = toy_tables()
    write_geojson_lines(nodes, tmp_path / "nodes.geojson")
    links = links.set_geometry(links.geometry)
    links.to_csv(tmp_path / "links.csv", index=False)
    assert main(["validate", str(tmp_path / "nodes.geojson"), str(tmp_path / "links.csv")]) == 0
    assert "no problems found" in capsys.readouterr().out
    links.loc[0, "mode"] = "boat"
    links.to_csv(tmp_path / "links.csv", index=False)
    assert main(["validate", str(tmp_path / "nodes.geojson"), str(tmp_path / "links.csv")]) == 1
    err = capsys.readouterr().err
    assert "links.csv" in err
    assert "column 'mode'" in err


def test_route_command(tmp_path, capsys):
    png = tmp_path / "route.png"
    code = main(
        [
            "route", "--from", "汉中", "--to", "Duisburg", "--teu", "2", "--objective", "cost",
            "--deadline", "20d", "--alternatives", "2", "--pareto", "--map", str(png),
        ]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert "meets the deadline" in out
    assert "Pareto front" in out
    assert png.stat().st_size > 10_000


def test_route_errors_are_readable(capsys):
    assert main(["route", "--from", "Hanzong", "--to", "Duisburg"]) == 2
    assert "did you mean" in capsys.readouterr().err
    assert main(["route", "--from", "Xi'an", "--to", "Duisburg", "--deadline", "1d"]) == 2
    assert "deadline" in capsys.readouterr().err


def test_map_command(tmp_path, capsys):
    assert main(["map", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "network.png").stat().st_size > 10_000
    assert (tmp_path / "network.html").stat().st_size > 10_000


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["info", "route", "validate", "map", "demo"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
