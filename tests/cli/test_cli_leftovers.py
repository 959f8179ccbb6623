"""Leftovers a cold tester found at the command line: messages in the command's own flags.

The library may say ``route(..., deadline="20d")``; the command line says ``--deadline
20d``. ``--objective`` takes every objective ``route`` takes (any pNN) and its error lists
them. Every option of every command has a help text that says more than its name.
"""

from __future__ import annotations

import argparse
import re

import pytest

from multimodal.cli import build_parser

ROUTE = ["route", "--from", "Xi'an", "--to", "Duisburg", "--quiet"]


def _one_error_line(code, err, command="route"):
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"multimodal {command}: error: ")
    return lines[0]


def test_reliable_without_deadline_names_the_flag_not_python(cli):
    code, _, err = cli([*ROUTE, "--objective", "reliable"])
    line = _one_error_line(code, err)
    assert "--deadline 20d" in line
    assert "--objective p90" in line
    # no Python syntax: no calls, keyword arguments or quoted values
    for python in ("route(", "Shipment(", "...", "deadline=", 'objective="', '--deadline "'):
        assert python not in line, line


def test_reliable_without_deadline_in_json(cli_json):
    code, document, _ = cli_json([*ROUTE, "--objective", "reliable"])
    assert code == 2
    assert document["ok"] is False
    assert "--deadline 20d" in document["error"]["message"]


@pytest.mark.parametrize("objective", ["p100", "p0", "px"])
def test_bad_percentile_lists_pnn_and_reliable(cli, objective):
    code, _, err = cli([*ROUTE, "--objective", objective])
    line = _one_error_line(code, err)
    assert "--objective" in line
    assert repr(objective) in line
    assert "pNN" in line
    assert "1..99" in line
    assert "reliable" in line


def test_any_percentile_is_accepted_like_the_library(cli_json):
    code, document, err = cli_json([*ROUTE, "--objective", "p75"])
    assert code == 0, err
    summary = document["summary"]
    # the objective that chose the route, not the winning candidate's own ("cost")
    assert summary["objective"]["kind"] == "p75"
    assert summary["objective"]["candidates"] >= 1
    # the 75th percentile of the route's arrival lies between its median and its P90
    low, high = summary["arrival_p50_h"], summary["arrival_p90_h"]
    assert low - 1e-9 <= summary["objective_value"] <= high + 1e-9


def test_no_route_message_carries_units(cli):
    code, _, err = cli([*ROUTE, "--objective", "time", "--modes", "road"])
    line = _one_error_line(code, err)
    assert re.search(r"would be [\d,]+\.\d h \([\d,]+\.\d d\) via", line), line


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_option_of_every_command_says_what_it_is():
    missing = []
    for name, sub in _subparsers(build_parser()).items():
        for action in sub._actions:
            if not action.option_strings or action.help == argparse.SUPPRESS:
                continue
            words = (action.help or "").strip().lower()
            if not words or words in {action.dest.lower(), action.dest.replace("_", " ")}:
                missing.append(f"{name} {'/'.join(action.option_strings)}: {action.help!r}")
    assert not missing, missing


@pytest.mark.parametrize("command", sorted(_subparsers(build_parser())))
def test_every_help_prints(cli, command):
    code, out, err = cli([command, "--help"])
    assert code == 0, err
    assert out.startswith(f"usage: multimodal {command}")
    assert "Traceback" not in err


def test_python_m_runs_the_command_line():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-W", "error", "-m", "multimodal.cli", "route", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: multimodal route")
    assert "pNN" in done.stdout


def test_generalized_without_value_names_the_flag(cli):
    code, _, err = cli([*ROUTE, "--objective", "generalized"])
    line = _one_error_line(code, err)
    assert "--value-cny" in line
    assert "cargo_value_cny" not in line
    assert "value_of_time_cny_per_h" not in line


def test_no_time_limit_is_said_as_an_option_left_out(cli):
    code, _, err = cli(["assign", "--time-limit", "0", "--quiet"])
    line = _one_error_line(code, err, "assign")
    assert "--time-limit must be greater than 0" in line
    assert "None" not in line
    assert "leave the option out for no limit" in line


def test_version_prints_the_package_version(cli):
    import multimodal

    code, out, _ = cli(["--version"])
    assert code == 0
    assert out.strip() == f"multimodal {multimodal.__version__}"


def test_a_library_only_fix_is_said_to_need_the_library(cli):
    code, _, err = cli(["hubs", "--cab", "--p", "3", "--alpha", "2", "--quiet"])
    assert code == 2
    assert "--alpha 2.0 must be between 0 and 1" in err
    assert "needs the library: HubInstance.from_matrices(transfer=...)" in err
