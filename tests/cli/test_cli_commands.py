"""Every command of ``multimodal --help``, smoke-tested on small inputs, and bad input.

Each command runs in process through ``multimodal.cli.main`` with its output in
``tmp_path``; inputs are kept small (the toy network, a handful of pickups, a four-node
hub instance) and solver time limits short so the whole file runs in seconds.
``tests/cli/test_cli_core.py`` covers ``info``, ``validate``, ``route`` and ``map`` on
the built-in network in more detail.
"""

from __future__ import annotations

import pytest
from shapely.geometry import LineString
from toy import toy_tables

from multimodal.cli import main
from multimodal.io import write_geojson_lines

COMMANDS = (
    "info", "validate", "map", "route", "assign", "consolidate", "collect", "evaluate",
    "hubs", "demo", "calibrate",
)  # fmt: skip


def run(argv, capsys):
    """Run the command line as a user would: (exit status, stdout, stderr).

    ``SystemExit`` is what the ``multimodal`` script turns into its exit status (a text
    argument is printed on stderr with status 1, as Python does). Any other exception
    propagates and fails the test: a user would have seen a traceback.
    """
    code: int | str | None
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    err = captured.err
    if isinstance(code, str):
        err += code + "\n"
        code = 1
    return (0 if code is None else code), captured.out, err


# 5 TEU a week A -> D, 2 TEU A -> B on the toy.
TOY_DEMAND = "origin,destination,teu_per_week\nA,D,5\nA,B,2\n"


@pytest.fixture
def toy_files(tmp_path):
    """The toy network as files (links with straight-line geometries, for the maps)."""
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


# -- the command list and help ------------------------------------------------------------


def test_help_lists_every_command(capsys):
    """Exactly the commands smoke-tested here: a new command needs a test in this file."""
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    # Commands are listed four spaces in, each followed by its help text.
    listed = {
        line.split()[0] for line in out.splitlines() if line.startswith("    ") and line[4] != " "
    }
    assert listed == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    code, out, _ = run([command, "--help"], capsys)
    assert code == 0
    assert f"multimodal {command}" in out


# -- one small run of each command --------------------------------------------------------


def test_info_on_files(toy_files, capsys):
    code, out, _ = run(["info", *toy_files], capsys)
    assert code == 0
    # 6 nodes; 6 links of 180 + 2,900 + 15 + 6,000 + 200 + 7,800 km.
    assert "6 nodes, 6 links, 17,095 km" in out


def test_route_on_files(toy_files, capsys):
    """The toy's cheapest route A -> D costs 11,950 CNY (hand-checked in test_routing)."""
    code, out, _ = run(["route", *toy_files, "--from", "A", "--to", "D"], capsys)
    assert code == 0
    assert "11,950" in out


def test_assign(toy_files, tmp_path, capsys):
    demand = tmp_path / "demand.csv"
    demand.write_text(TOY_DEMAND, encoding="utf-8")
    out_dir = tmp_path / "assign"
    argv = ["assign", *toy_files, "--demand", str(demand), "--out", str(out_dir)]
    code, out, _ = run([*argv, "--time-limit", "10"], capsys)
    assert code == 0
    # Uncapacitated, so each OD takes its cheapest route: 5 x 11,950 + 2 x 3,600 CNY.
    assert "transport cost 66,950 CNY/week" in out
    # TEU-km: china_europe 5 x 6,000; domestic_rail 7 x 2,900; road 7 x 180; border 5 x 15.
    names = ("china_europe", "domestic_rail", "road", "border")
    rows = [line.split() for line in out.splitlines()]
    corridors = {r[1]: r[3] for r in rows if len(r) == 6 and r[0].isdigit() and r[1] in names}
    assert corridors == {
        "china_europe": "30,000",
        "domestic_rail": "20,300",
        "road": "1,260",
        "border": "75",
    }
    for name in ("flows.geojson", "flows.csv", "paths.csv", "flows.png", "flows.html"):
        assert (out_dir / name).stat().st_size > 0, name


def test_consolidate_example(tmp_path, capsys):
    out_dir = tmp_path / "plan"
    argv = ["consolidate", "--example", "--time-limit", "5", "--workers", "1"]
    code, out, _ = run([*argv, "--out", str(out_dir)], capsys)
    assert code == 0
    assert "Wrote" in out
    assert (out_dir / "trains.csv").stat().st_size > 0


def test_consolidate_needs_inputs(capsys):
    code, _, err = run(["consolidate"], capsys)
    assert code == 2
    assert "SHIPMENTS" in err
    assert "Traceback" not in err


PICKUPS = """id,lon,lat,demand_teu,window_start,window_end
F1,109.05,34.30,1,08:00,16:00
F2,108.85,34.35,2,08:00,16:00
F3,109.10,34.20,1,09:00,15:00
F4,108.90,34.15,1,08:00,17:00
"""


def test_collect_pickups(tmp_path, capsys):
    pickups = tmp_path / "pickups.csv"
    pickups.write_text(PICKUPS, encoding="utf-8")
    out_dir = tmp_path / "tours"
    argv = ["collect", str(pickups), "--depot", "108.95,34.27", "--vehicles", "3"]
    argv += ["--capacity", "2", "--cutoff", "18:00", "--time-limit", "0.5", "--out", str(out_dir)]
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert "wrote" in out
    for name in ("tours.csv", "tour_totals.csv", "unserved.csv", "map.png"):
        assert (out_dir / name).exists(), name
    # 5 TEU on trucks of 2: at least three tours; three trucks serve everyone.
    assert "4 pickup(s) served, 0 unserved" in out
    assert "5 TEU collected" in out
    unserved = (out_dir / "unserved.csv").read_text(encoding="utf-8").strip().splitlines()
    assert len(unserved) == 1  # the header only
    tours = (out_dir / "tours.csv").read_text(encoding="utf-8")
    for pickup in ("F1", "F2", "F3", "F4"):
        assert pickup in tours


def test_collect_instance(datasets, tmp_path, capsys):
    instance = datasets / "cvrp" / "A-n32-k5.vrp"
    argv = ["collect", "--instance", str(instance), "--time-limit", "0.5", "--no-map"]
    code, out, _ = run([*argv, "--out", str(tmp_path)], capsys)
    assert code == 0
    assert "known optimum 784" in out
    assert (tmp_path / "tours.csv").exists()


def test_collect_needs_a_depot(tmp_path, capsys):
    pickups = tmp_path / "pickups.csv"
    pickups.write_text(PICKUPS, encoding="utf-8")
    code, _, err = run(["collect", str(pickups), "--vehicles", "2"], capsys)
    assert code == 2
    assert "--depot" in err
    assert "Traceback" not in err


B_CLOSED = """name = "b_closed"
title = "Border crossing B no longer open"

[[changes]]
kind = "set_node"
node = "B"
values = { port_status = "planned" }
"""


@pytest.fixture
def evaluate_b_closed(toy_files, tmp_path):
    """``multimodal evaluate`` of the B-closed scenario on the toy and TOY_DEMAND (argv)."""
    demand = tmp_path / "demand.csv"
    demand.write_text(TOY_DEMAND, encoding="utf-8")
    scenario = tmp_path / "b_closed.toml"
    scenario.write_text(B_CLOSED, encoding="utf-8")
    return ["evaluate", str(scenario), *toy_files, "--demand", str(demand), "--workers", "1"]


def test_evaluate_a_scenario_file(evaluate_b_closed, tmp_path, capsys):
    """Base: 5 TEU A -> D by rail at 11,950 and 2 TEU A -> B at 3,600: 66,950 CNY.
    With B closed the 5 TEU fly: 300 + 120 + 60 + 2,000 CNY/t x 10 t = 20,480 each, so
    102,400 + 7,200 = 109,600 CNY."""
    out_dir = tmp_path / "report"
    argv = [*evaluate_b_closed, "--out", str(out_dir), "--choice", "none"]  # least cost
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert "66,950.000" in out
    assert "109,600.000" in out
    assert "42,650.000" in out  # the change against the base
    assert (out_dir / "scenario_kpis.csv").stat().st_size > 0
    assert (out_dir / "scenario_report.html").stat().st_size > 1000


def test_evaluate_with_the_choice_model_reports_the_shippers_loss(
    evaluate_b_closed, tmp_path, capsys
):
    """By default shippers choose (logit): closing B leaves them worse off, so the
    shippers' surplus of the scenario is negative and demand falls."""
    import pandas as pd

    out_dir = tmp_path / "report"
    code, out, _ = run([*evaluate_b_closed, "--out", str(out_dir)], capsys)
    assert code == 0
    assert "shippers_surplus_cny_per_year" in out
    kpis = pd.read_csv(out_dir / "scenario_kpis.csv", index_col=0)
    assert kpis.loc["b_closed", "shippers_surplus_cny_per_year"] < 0
    assert kpis.loc["b_closed", "demand_teu"] < kpis.loc["base", "demand_teu"]


def test_evaluate_unknown_scenario(capsys):
    code, _, err = run(["evaluate", "no_such_scenario"], capsys)
    assert code != 0  # 1 today (a SystemExit with the message); other bad input gives 2
    assert "Traceback" not in err
    assert "no_such_scenario" in err
    assert "yulin_yuyang_formal" in err  # the bundled names are listed


# Four nodes on a line at x = 0, 1, 2 and 10 (y = 0); a flow of 1,000 between every
# pair; p = 2; collection, transfer, distribution factors 3, 0.75, 2 (the AP layout).
TINY_AP = """4
0 0
1 0
2 0
10 0
0 1000 1000 1000
1000 0 1000 1000
1000 1000 0 1000
1000 1000 1000 0
2
3
0.75
2
"""


def test_hubs_on_a_tiny_ap_file(tmp_path, capsys):
    """Hubs at node 2 (x = 1, serving 1-3) and node 4 (x = 10, alone), by hand:

    each node sends to 3 others and receives from 3; the distances to the own hub are
    1, 0, 1, 0 (sum 2), so collection = 3 x 3 x 2 x 1,000 = 18,000 and distribution =
    2 x 3 x 2 x 1,000 = 12,000; 6 of the 12 flows cross between the hubs (9 apart):
    transfer = 0.75 x 9 x 6 x 1,000 = 40,500; total 70,500, scaled by 1/1,000 as in the
    published tables: 70.50. Any other pair costs more (hubs 3 and 4: 81; 2 and 3: 87).
    """
    ap = tmp_path / "4.2"
    ap.write_text(TINY_AP, encoding="utf-8")
    png = tmp_path / "hubs.png"
    argv = ["hubs", "--ap", str(ap), "--p", "2", "--solver", "enumeration"]
    code, out, _ = run([*argv, "--plot", str(png)], capsys)
    assert code == 0
    assert "AP002, AP004" in out
    assert "allocation    AP002 AP002 AP002 AP004" in out
    assert "70.50" in out
    for part, value in (("collection", "18.00"), ("transfer", "40.50"), ("distribution", "12.00")):
        assert any(line.split()[:2] == [part, value] for line in out.splitlines()), part
    assert "optimal" in out
    assert png.stat().st_size > 1000


def test_hubs_cab(datasets, capsys):
    argv = ["hubs", "--cab", "--cab-file", str(datasets / "hub-location-cab" / "CAB.txt")]
    code, out, _ = run([*argv, "--n", "10", "--p", "2", "--alpha", "0.6"], capsys)
    assert code == 0
    assert "optimal" in out


def test_hubs_cab_needs_alpha(datasets, capsys):
    cab = str(datasets / "hub-location-cab" / "CAB.txt")
    code, _, err = run(["hubs", "--cab", "--cab-file", cab, "--n", "10", "--p", "2"], capsys)
    assert code == 2
    assert "--alpha" in err


def test_demo(tmp_path, monkeypatch, capsys):
    """The whole story, with one scenario instead of all bundled ones (to stay quick);
    the demo compares in this process (the process pool is tested in tests/scenarios)."""
    import multimodal.cli.demo as demo

    first = demo.load_scenarios()[:1]
    monkeypatch.setattr(demo, "load_scenarios", lambda: first)
    out_dir = tmp_path / "demo"
    code, out, _ = run(["demo", "--out", str(out_dir)], capsys)
    assert code == 0
    for heading in ("== 1.", "== 2.", "== 3.", "== 4.", "== 5."):
        assert heading in out
    for name in ("route_cheapest.png", "network.png", "flows.html", "scenario_report.html"):
        assert (out_dir / name).stat().st_size > 1000, name


# -- bad input: exit status 2 and one readable line, never a traceback --------------------


@pytest.mark.parametrize(
    ("extra", "word"),
    [
        (["--to", "Duisburg", "--cargo", "nonsense"], "nonsense"),
        (["--to", "Duisburg", "--deadline", "nonsense"], "nonsense"),
        (["--to", "Xi'an"], "same"),
    ],
    ids=["cargo", "deadline", "same-ends"],
)
def test_route_bad_input_is_one_line(extra, word, capsys):
    code, _, err = run(["route", "--from", "Xi'an", *extra], capsys)
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert word in lines[0]


def test_calibrate(toy_files, tmp_path, capsys):
    """Fit a constant on air to 2 TEU/week of the toy's 5 A -> D: reproduced, files written."""
    demand = tmp_path / "demand.csv"
    demand.write_text("origin,destination,teu_per_week,cargo_value_cny_per_teu\nA,D,5,300000\n")
    observed = tmp_path / "observed.csv"
    observed.write_text("id,selector,model_value,model_unit\nair,mode=air,2,TEU/week\n")
    out_dir = tmp_path / "cal"
    argv = ["calibrate", *toy_files, "--demand", str(demand), "--observed", str(observed)]
    code, out, _ = run([*argv, "--out", str(out_dir), "--tolerance", "0.001"], capsys)
    assert code == 0
    assert "optimal" in out
    for name in ("choice_model.json", "calibration.csv", "calibration.png"):
        assert (out_dir / name).is_file()
