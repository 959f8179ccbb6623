"""Messages a forwarder met in a cold test (issue 12): they name what was typed."""

from __future__ import annotations

import pytest

import multimodal as mm
from multimodal.cli import main
from multimodal.exceptions import DataValidationError
from multimodal.hub_location import HubLocationParams, locate_hubs
from multimodal.instances.hubs import read_cab


def _run(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


COLLECT = ["collect", "--example", "--vehicles", "3", "--no-map"]


@pytest.mark.parametrize(
    ("argv", "said", "not_said"),
    [
        (["hubs", "--cab", "--p", "30", "--alpha", "0.4"], "--p 30 must be", "column 'p'"),
        (["hubs", "--cab", "--hubs", "30", "--alpha", "0.4"], "--hubs 30 must be", "'p'"),
        (["hubs", "--cab", "--p", "3", "--alpha", "0.4", "--n", "0"], "--n 0 must be", "n=0"),
        (["assign", "--time-limit", "-1"], "--time-limit must be", "time_limit_s"),
        (["consolidate", "--example", "--workers", "0"], "--workers must be", "column"),
        ([*COLLECT, "--capacity", "-1"], "--capacity must be", "Fleet."),
        ([*COLLECT, "--speed", "0"], "--speed must be", "speed_kmh"),
        ([*COLLECT, "--vehicles", "0"], "--vehicles must be", "give a pickups CSV"),
        (
            [
                "hubs",
                "--ap",
                "10.2",
                "--p",
                "2",
                "--allocation",
                "multiple",
                "--capacities",
                "CapT.10",
            ],
            "drop --capacities",
            "capacities=",
        ),
    ],
    ids=[
        "p",
        "hubs",
        "n",
        "assign-time-limit",
        "consolidate-workers",
        "collect-capacity",
        "collect-speed",
        "collect-vehicles",
        "hubs-capacities",
    ],
)
def test_cli_messages_name_the_option_typed(argv, said, not_said, capsys):
    code, _, err = _run(argv, capsys)
    assert code == 2
    assert said in err
    assert not_said not in err


def test_hubs_refuses_an_alpha_above_one(capsys):
    code, _, err = _run(["hubs", "--cab", "--p", "3", "--alpha", "1.5"], capsys)
    assert code == 2
    assert "--alpha 1.5 must be between 0 and 1" in err


def test_locate_hubs_refuses_an_alpha_above_one_but_keeps_one():
    with pytest.raises(DataValidationError, match="between 0 and 1"):
        locate_hubs(read_cab(n=6), p=2, params=HubLocationParams(alpha=1.5))
    assert locate_hubs(read_cab(n=6), p=2, params=HubLocationParams(alpha=1.0)).hubs is not None


def test_dir_lists_the_public_names_only():
    names = dir(mm)
    assert "TYPE_CHECKING" not in names
    assert "annotations" not in names
    assert "logging" not in names
    assert {"route", "assign", "locate_hubs", "Network", "__version__"} <= set(names)


ROUTE = ["route", "--from", "Xi'an", "--to", "Duisburg"]


@pytest.mark.parametrize("text", ["20m", "20min", "3 months", "2y", "90s"])
def test_a_deadline_in_another_unit_than_weeks_days_hours_is_refused(text, capsys):
    code, _, err = _run([*ROUTE, "--deadline", text], capsys)
    assert code == 2
    assert "a deadline is given in weeks, days or hours" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("20d", "deadline 20d: 20 d = 480 h"),
        ("2w", "deadline 2w: 14 d = 336 h"),
        ("1d12h", "deadline 1d12h: 1.5 d = 36 h"),
        ("480", "480 h after the ready time (a bare number is hours)"),
    ],
)
def test_the_deadline_is_said_back_with_its_unit(text, said, capsys):
    _, _, err = _run([*ROUTE, "--deadline", text], capsys)
    assert said in err


@pytest.mark.parametrize(
    ("columns", "hints"),
    [
        (["id", "from", "to", "teu_per_week"], ["found 'from': rename it to 'origin'",
                                                 "found 'to': rename it to 'destination'"]),
        (["id", "From", "region", "To", "description", "teu"],
         ["found 'from': rename it to 'origin'", "found 'to': rename it to 'destination'",
          "found 'teu': rename it to 'teu_per_week'"]),
    ],
    ids=["from-to", "beside-lookalikes"],
)  # fmt: skip
def test_a_misnamed_from_column_is_named_not_a_lookalike(columns, hints):
    import pandas as pd

    row = ["A", "XIAN_PORT", "other", "DUISBURG", "x", 1.0][: len(columns)]
    table = pd.DataFrame([row], columns=columns)
    with pytest.raises(DataValidationError) as caught:
        mm.validate_demand(table, mm.load_network())
    text = str(caught.value)
    for hint in hints:
        assert hint in text
    assert "found 'region'" not in text
    assert "found 'description'" not in text


@pytest.mark.parametrize(
    "error",
    [
        mm.UnknownNodeError("XIAN_PROT", ["XIAN_PORT"], where="scenario 'bad', change 1/1"),
        mm.DataValidationError([mm.Problem("unknown kind", "bad.toml", 2, "kind")]),
        mm.NoRouteError("no route A -> B", "deadline"),
        mm.ModelTooLargeError("too large", {"bytes": 1.0}, 2.0),
    ],
    ids=["unknown-node", "validation", "no-route", "too-large"],
)
def test_errors_from_a_process_pool_keep_their_message(error):
    # evaluate runs scenarios in worker processes: an error pickled back used to repeat
    # its header ("unknown node \"unknown node 'X' ...\"", "1 problem found: - 1 problem ...")
    import pickle

    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert vars(back) == vars(error)


def test_rows_are_positions_with_the_file_line_in_demand_and_consolidate(tmp_path, capsys):
    # one convention (docs/cli.md, "Rows in messages"): row N is the 0-based position;
    # a table read from a CSV file also names its line (header = line 1)
    demand = tmp_path / "demand.csv"
    demand.write_text("id,origin,destination,teu_per_week\na,CITY_XIAN,DUISBURG,3\nb,X,Y,abc\n")
    code, _, err = _run(["assign", "--demand", str(demand)], capsys)
    assert code == 2
    assert "row 1 (id b) at line 3, column 'teu_per_week'" in err
    shipments = tmp_path / "shipments.csv"
    shipments.write_text(
        "id,destination,teu,arrival_h,due_h\ns1,DUISBURG,1,0,100\ns2,DUISBURG,x,0,9\n"
    )
    code, _, err = _run(["consolidate", str(shipments), str(shipments)], capsys)
    assert code == 2
    assert "row 1 at line 3, column 'teu'" in err


def test_a_table_in_memory_has_positions_only():
    import pandas as pd

    table = pd.DataFrame({"origin": ["CITY_XIAN"], "destination": ["DUISBURG"],
                          "teu_per_week": ["abc"]})  # fmt: skip
    with pytest.raises(DataValidationError) as caught:
        mm.validate_demand(table, mm.load_network())
    assert caught.value.problems[0].row == "0"


def test_collect_writes_to_out_collection_by_default(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, _ = _run(["collect", "--example", "--max-iterations", "50", "--no-map"], capsys)
    assert code == 0
    assert (tmp_path / "out" / "collection" / "tours.csv").is_file()
    assert not (tmp_path / "tours.csv").exists()
