"""A solve that gives no answer, and bad output paths: one line, status 2 (issue 12 cold test)."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest
from toy import toy_network

import multimodal as mm
import multimodal.assignment.arc_model as arc_model
import multimodal.cli.assign as cli_assign
from multimodal._ortools import NOT_SOLVED, SolveInfo
from multimodal.assignment import AssignParams
from multimodal.assignment._lp import LPResult
from multimodal.exceptions import TimeLimitWarning

TOY_DEMAND = "origin,destination,teu_per_week\nA,D,5\nA,B,2\n"


@pytest.fixture
def toy_assign(toy_network_files, tmp_path):
    """``assign`` on the toy network, integer arc model, output in ``tmp_path/out``."""
    demand = tmp_path / "demand.csv"
    demand.write_text(TOY_DEMAND, encoding="utf-8")
    out = tmp_path / "out"
    return [
        "assign", *toy_network_files, "--demand", str(demand), "--method", "arc",
        "--integer", "--time-limit", "5", "--out", str(out), "--quiet",
    ]  # fmt: skip


def _stopped(lp, options, **_):
    """What ``solve_lp`` returns when the limit ran out before an incumbent."""
    info = SolveInfo(
        solver="HiGHS (MathOpt)", status=NOT_SOLVED, solve_time_s=4.2, time_limit_reached=True
    )
    return LPResult(info=info, x=None, row_dual=None, build_time_s=0.0)


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_assign_without_solution_is_one_line(toy_assign, tmp_path, cli, monkeypatch, as_json):
    monkeypatch.setattr(arc_model, "solve_lp", _stopped)
    code, out, err = cli([*toy_assign, *(["--json"] if as_json else [])])
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("multimodal assign: error: ")
    assert "stopped at the time limit" in lines[0]
    assert "without a solution" in lines[0]
    assert "raise --time-limit, or use --method path" in lines[0]
    assert "Traceback" not in err
    assert "Warning" not in err
    assert ".py:" not in err
    assert not (tmp_path / "out" / "flows.html").exists()  # no maps, no KPIs
    if as_json:
        document = json.loads(out)
        assert document["ok"] is False
        assert document["error"]["type"] == "SolverError"
    else:
        assert "CNY" not in out
        assert "Empty DataFrame" not in out


def test_not_started_says_why_and_what_to_do(toy_assign, cli, monkeypatch):
    """Refused on the load estimate: 'not started', not 'stopped ... (0.0 s)'."""

    def not_started(lp, options, **_):
        info = SolveInfo(solver="HiGHS (MathOpt)", status=NOT_SOLVED, time_limit_reached=True)
        return LPResult(info=info, x=None, row_dual=None, build_time_s=0.0)

    monkeypatch.setattr(arc_model, "solve_lp", not_started)
    code, _, err = cli(toy_assign)
    assert code == 2
    assert "arc-based model was not started: loading it" in err
    assert "would take about" in err
    assert "raise --time-limit, or use --method path" in err
    assert "stopped before finding a solution (HiGHS (MathOpt), 0.0 s)" not in err
    assert "stopped before" not in err


def test_not_started_warning_in_the_library(monkeypatch):
    """The library's TimeLimitWarning names the load estimate and the fix."""

    def not_started(lp, options, **_):
        info = SolveInfo(solver="HiGHS (MathOpt)", status=NOT_SOLVED, time_limit_reached=True)
        return LPResult(info=info, x=None, row_dual=None, build_time_s=0.0)

    monkeypatch.setattr(arc_model, "solve_lp", not_started)
    demand = pd.DataFrame({"origin": ["A"], "destination": ["D"], "teu_per_week": [5.0]})
    with pytest.warns(TimeLimitWarning) as said:
        result = mm.assign(toy_network(), demand, time_limit_s=5, params=AssignParams(integer=True))
    assert result.solve_info.status == NOT_SOLVED
    text = str(said[0].message)
    assert "not started" in text
    assert "would take about" in text
    assert "raise time_limit_s, or use method='path'" in text
    assert "stopped before finding a solution" not in text


def test_time_limit_warning_is_one_line(toy_assign, cli, monkeypatch):
    """A solve stopped with an answer: the warning is one line, no source path."""
    real = cli_assign.assign

    def warns(*args, **kwargs):
        result = real(*args, **kwargs)
        warnings.warn("arc-based flow solve stopped early: gap 1.00%", TimeLimitWarning, 2)
        return result

    monkeypatch.setattr(cli_assign, "assign", warns)
    code, _, err = cli(toy_assign)
    assert code == 0
    assert "multimodal assign: warning: arc-based flow solve stopped early: gap 1.00%" in err
    assert "TimeLimitWarning" not in err
    assert ".py:" not in err


# -- bad output paths: checked before any solve, one line, status 2 ---------------------------

BAD_OUT = [
    ("assign", ["assign", "--out", "{file}"], "--out {file}: is a file, not a folder"),
    ("assign-under-file", ["assign", "--out", "{file}/sub"], "--out {file}/sub: cannot be"),
    ("collect", ["collect", "--example", "--out", "{file}"], "--out {file}: is a file"),
    ("collect-under-file", ["collect", "--example", "--out", "{file}/x"], "cannot be written"),
    ("consolidate", ["consolidate", "--example", "--out", "{file}"], "--out {file}: is a file"),
    (
        "route-map",
        ["route", "--from", "XIAN_PORT", "--to", "DUISBURG", "--map", "{file}/x.png"],
        "--map {file}/x.png: its folder {file} is a file, not a folder",
    ),
    (
        "route-map-format",
        ["route", "--from", "XIAN_PORT", "--to", "DUISBURG", "--map", "{dir}/x.txt"],
        "give a file ending in .html, .png",
    ),
    (
        "hubs-plot",
        ["hubs", "--cab", "--alpha", "0.4", "--p", "3", "--plot", "{file}/x.png"],
        "--plot {file}/x.png: its folder {file} is a file",
    ),
]


@pytest.mark.parametrize(("argv", "said"), [c[1:] for c in BAD_OUT], ids=[c[0] for c in BAD_OUT])
def test_bad_output_path_is_one_line_before_the_solve(argv, said, cli, tmp_path, monkeypatch):
    file = tmp_path / "a_file"
    file.write_text("not a folder", encoding="utf-8")

    def no_solve(*args, **kwargs):
        raise AssertionError("solved before the output path was checked")

    for module, name in [
        ("multimodal.cli.assign", "assign"),
        ("multimodal.consolidation", "consolidate"),
        ("multimodal.collection", "collect"),
        ("multimodal.cli.route", "route"),
        ("multimodal.hub_location", "locate_hubs"),
    ]:
        monkeypatch.setattr(f"{module}.{name}", no_solve)
    typed = [w.format(file=file, dir=tmp_path) for w in argv]
    code, _, err = cli([*typed, "--quiet"])
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"multimodal {argv[0]}: error: ")
    assert said.format(file=file, dir=tmp_path) in lines[0]
    assert "Traceback" not in err


def test_route_map_lists_html(cli, tmp_path):
    """--map x.txt: the formats listed include .html, which the help names."""
    code, _, err = cli(["route", "--from", "XIAN_PORT", "--to", "DUISBURG", "--map", "x.txt"])
    assert code == 2
    assert ".html" in err
    assert ".png" in err
