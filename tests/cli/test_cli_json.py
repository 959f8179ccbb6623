"""``--json`` on every command: one JSON document on stdout, nothing else there.

Each command runs once on a small input (the toy network, the bundled instances, short
limits); the document must parse as a whole, name its command, say ``ok`` and carry the
result's records. Progress and messages go to stderr.
"""

from __future__ import annotations

import pytest

from multimodal.cli import main

# 5 TEU a week A -> D, 2 TEU A -> B on the toy.
TOY_DEMAND = "origin,destination,teu_per_week\nA,D,5\nA,B,2\n"

B_CLOSED = """name = "b_closed"
title = "Border crossing B no longer open"

[[changes]]
kind = "set_node"
node = "B"
values = { port_status = "planned" }
"""


def check(document, command):
    assert document["command"] == command
    assert document["ok"] is True
    return document


def test_json_lists_every_command():
    """The commands covered here are exactly those of ``multimodal --help``."""
    from multimodal.cli import build_parser

    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)
    assert commands == set(COVERED)


def test_info(cli_json, toy_network_files):
    code, doc, _ = cli_json(["info", *toy_network_files])
    assert code == 0
    check(doc, "info")
    assert doc["summary"]["n_nodes"] == 6
    assert doc["summary"]["total_length_km"] == pytest.approx(17_095)
    assert {r["corridor"] for r in doc["records"]} >= {"china_europe", "road"}


def test_json_flag_before_the_command(cli, toy_network_files):
    import json

    code, out, _ = cli(["--json", "info", *toy_network_files])
    assert code == 0
    assert json.loads(out)["summary"]["n_links"] == 6


def test_validate_good_and_bad(cli_json, toy_network_files, tmp_path):
    code, doc, _ = cli_json(["validate", toy_network_files[1], toy_network_files[3]])
    assert code == 0
    assert check(doc, "validate")["summary"]["problems"] == 0
    bad = tmp_path / "bad_links.csv"
    bad.write_text("id,from_node\nL1,A\n", encoding="utf-8")
    code, doc, err = cli_json(["validate", toy_network_files[1], str(bad)])
    assert code == 1
    assert doc["ok"] is False
    assert doc["summary"]["problems"] == len(doc["records"]) > 0
    assert all({"message", "file", "row", "column"} <= set(r) for r in doc["records"])
    assert "bad_links.csv" in err


def test_map(cli_json, toy_network_files, tmp_path):
    code, doc, _ = cli_json(["map", *toy_network_files, "--out", str(tmp_path), "--no-html"])
    assert code == 0
    assert check(doc, "map")["written"] == [str(tmp_path / "network.png")]


def test_route(cli_json, toy_network_files):
    """The toy's cheapest A -> D: 11,950 CNY (hand-checked in tests/routing)."""
    argv = ["route", *toy_network_files, "--from", "A", "--to", "D", "--alternatives", "1"]
    code, doc, _ = cli_json([*argv, "--pareto"])
    assert code == 0
    summary = check(doc, "route")["summary"]
    assert summary["cost_cny"] == pytest.approx(11_950)
    assert summary["nodes"][0] == "A"
    assert summary["nodes"][-1] == "D"
    assert sum(r["cost_cny"] for r in doc["records"]) == pytest.approx(11_950)
    assert len(doc["alternatives"]) == 1
    assert doc["pareto"]
    assert doc["meta"]["function"]


def test_assign(cli_json, toy_network_files, tmp_path):
    demand = tmp_path / "demand.csv"
    demand.write_text(TOY_DEMAND, encoding="utf-8")
    argv = ["assign", *toy_network_files, "--demand", str(demand), "--out", str(tmp_path)]
    code, doc, _ = cli_json([*argv, "--time-limit", "10"])
    assert code == 0
    summary = check(doc, "assign")["summary"]
    # Uncapacitated: each OD takes its cheapest route, 5 x 11,950 + 2 x 3,600 CNY.
    assert summary["transport_cost_cny"] == pytest.approx(66_950)
    assert doc["solve_info"]["status"] == "optimal"
    assert {r["corridor"] for r in doc["corridors"]} == {
        "china_europe", "domestic_rail", "road", "border"
    }  # fmt: skip
    assert len(doc["written"]) == 5


def test_consolidate(cli_json, tmp_path):
    argv = ["consolidate", "--example", "--time-limit", "5", "--out", str(tmp_path)]
    code, doc, _ = cli_json(argv)
    assert code == 0
    check(doc, "consolidate")
    assert doc["summary"]["shipments"] == len(doc["records"]) == 400
    assert doc["summary"]["trains_running"] == sum(t["runs"] for t in doc["trains"])
    assert doc["solve_info"]["solver"].startswith("CP-SAT")


def test_collect(cli_json, tmp_path):
    argv = ["collect", "--example", "--max-iterations", "200", "--no-map"]
    code, doc, _ = cli_json([*argv, "--out", str(tmp_path)])
    assert code == 0
    summary = check(doc, "collect")["summary"]
    assert summary["served"] == 8
    assert summary["served_teu"] == pytest.approx(10)
    assert doc["records"]
    assert doc["meta"]["inputs"]


def test_evaluate(cli_json, toy_network_files, tmp_path):
    demand = tmp_path / "demand.csv"
    demand.write_text(TOY_DEMAND, encoding="utf-8")
    scenario = tmp_path / "b_closed.toml"
    scenario.write_text(B_CLOSED, encoding="utf-8")
    argv = ["evaluate", str(scenario), *toy_network_files, "--demand", str(demand)]
    code, doc, _ = cli_json([*argv, "--workers", "1", "--out", str(tmp_path), "--choice", "none"])
    assert code == 0
    check(doc, "evaluate")
    costs = {r["scenario"]: r["transport_cost_cny"] for r in doc["records"]}
    assert costs == pytest.approx({"base": 66_950, "b_closed": 109_600})


def test_calibrate(cli_json, toy_network_files, tmp_path):
    demand = tmp_path / "demand.csv"
    demand.write_text("origin,destination,teu_per_week\nA,D,5\n", encoding="utf-8")
    observed = tmp_path / "observed.csv"
    observed.write_text("id,selector,model_value,model_unit\nair,mode=air,2,TEU/week\n")
    argv = ["calibrate", *toy_network_files, "--demand", str(demand), "--observed", str(observed)]
    code, doc, _ = cli_json([*argv, "--no-leave-one-out", "--out", str(tmp_path)])
    assert code == 0
    check(doc, "calibrate")
    assert doc["records"][0]["id"] == "air"
    assert "select:mode=air" in doc["summary"]["constants"]


def test_hubs(cli_json):
    code, doc, _ = cli_json(["hubs", "--ap", "10.3", "--p", "2"])
    assert code == 0
    summary = check(doc, "hubs")["summary"]
    assert summary["instance"] == "AP10"
    assert len(summary["hubs"]) == 2
    assert doc["solve_info"]["status"] == "optimal"
    assert len(doc["records"]) == 10


def test_hubs_mip_banner_stays_off_stdout(capfd):
    """HiGHS prints a banner from C++ on file descriptor 1: with --json it goes to stderr."""
    import json

    argv = ["hubs", "--ap", "10.3", "--fixed-costs", "FcostL.10", "--capacities", "CapT.10"]
    code = main([*argv, "--json", "--quiet"])
    out, _ = capfd.readouterr()
    assert code == 0
    assert json.loads(out)["summary"]["method"] == "mip"


def test_demo(cli_json, tmp_path, monkeypatch):
    """The whole story with no scenario but the base (to stay quick)."""
    import multimodal.cli.demo as demo

    monkeypatch.setattr(demo, "load_scenarios", lambda: [])
    code, doc, _ = cli_json(["demo", "--out", str(tmp_path)])
    assert code == 0
    summary = check(doc, "demo")["summary"]
    assert summary["route_cheapest"]["cost_cny"] <= summary["route_fastest"]["cost_cny"]
    assert summary["assignment"]["demand_teu"] > 0
    assert [r["scenario"] for r in doc["records"]] == ["base"]


def test_bad_input_is_a_json_error(cli):
    import json

    code, out, err = cli(["route", "--from", "Hanzong", "--to", "Duisburg", "--json"])
    assert code == 2
    doc = json.loads(out)
    assert doc["ok"] is False
    assert doc["error"]["type"] == "UnknownNodeError"
    assert "Hanzong" in doc["error"]["message"]
    assert err.startswith("multimodal route: error: ")


COVERED = (
    "info", "validate", "map", "route", "assign", "consolidate", "collect", "evaluate",
    "hubs", "demo", "calibrate",
)  # fmt: skip


@pytest.mark.parametrize(
    "argv",
    [["--json"], ["route", "--from", "A", "--json"], ["hubs", "--json", "--p", "x", "--cab"]],
    ids=["no-command", "missing-option", "bad-number"],
)
def test_usage_errors_are_json_too(argv, cli):
    import json

    code, out, err = cli(argv)
    assert code == 2
    doc = json.loads(out)
    assert doc["ok"] is False
    assert doc["error"]["type"] == "UsageError"
    assert "error:" in err
