"""Console tables fit 100 columns: ids cut in the middle, transposed or wrapped."""

from __future__ import annotations

import pandas as pd
import pytest

from multimodal.cli._common import abbreviate, format_table, table_width, wrap_text


def widest(text):
    return max(len(line) for line in text.splitlines())


def test_a_narrow_table_is_left_alone():
    frame = pd.DataFrame({"a": [1234.0, 2.5], "b": ["x", "y"]})
    lines = format_table(frame, width=100).splitlines()
    assert [line.split() for line in lines] == [
        ["a", "b"],
        ["0", "1,234.0", "x"],
        ["1", "2.5", "y"],
    ]


def test_long_ids_are_cut_in_the_middle():
    assert abbreviate("short") == "short"
    cut = abbreviate("ALASHANKOU_RAILWAY_PORT_STATION_NORTH", 15)
    assert len(cut) == 15
    assert cut.startswith("ALASHAN")
    assert cut.endswith("NORTH")
    assert "…" in cut
    frame = pd.DataFrame({"id": ["X" * 60, "Y" * 60], "value": [1.0, 2.0]})
    text = format_table(frame, width=40)
    assert widest(text) <= 40
    assert "…" in text


def test_a_wide_short_table_is_transposed():
    frame = pd.DataFrame({f"kpi_number_{k}": [1234567.0 * k] for k in range(12)}, index=["base"])
    text = format_table(frame, width=60)
    assert widest(text) <= 60
    assert text.splitlines()[1].startswith("kpi_number_0")  # the KPIs are now rows


def test_a_wide_long_table_is_wrapped_with_names_in_full():
    frame = pd.DataFrame(
        {f"scenario_with_a_long_name_{k}": [float(k)] * 20 for k in range(8)},
        index=[f"kpi_{k}" for k in range(20)],
    )
    text = format_table(frame, width=100)
    assert widest(text) <= 100
    assert "scenario_with_a_long_name_7" in text  # not abbreviated: wrapping made room


def test_the_width_follows_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    assert table_width() == 120
    monkeypatch.setenv("COLUMNS", "100")
    assert table_width() == 100


def test_summary_lines_are_wrapped_with_a_deeper_indent():
    text = "title\n  " + " ".join(["word"] * 40)
    lines = wrap_text(text, width=50).splitlines()
    assert lines[0] == "title"
    assert all(len(line) <= 50 for line in lines)
    assert lines[2].startswith("      word")


@pytest.mark.parametrize(
    "argv",
    [
        ["info"],
        ["route", "--from", "汉中", "--to", "Duisburg", "--teu", "2", "--deadline", "20d",
         "--alternatives", "3", "--pareto"],
        ["hubs", "--cab", "--p", "3", "--alpha", "0.4"],
        ["hubs", "--ap", "50.3", "--p", "2"],
    ],
    ids=["info", "route", "hubs-cab", "hubs-ap50"],
)  # fmt: skip
def test_default_output_fits_100_columns(argv, cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = cli(argv)
    assert code == 0
    assert widest(out) <= 100, [line for line in out.splitlines() if len(line) > 100]


def test_collect_and_assign_output_fits_100_columns(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("COLUMNS", "100")
    argv = ["collect", "--example", "--max-iterations", "200", "--no-map", "--out", str(tmp_path)]
    code, out, _ = cli(argv)
    assert code == 0
    assert widest(out) <= 100
    code, out, _ = cli(["assign", "--out", str(tmp_path)])
    assert code == 0
    assert widest(out) <= 100, [line for line in out.splitlines() if len(line) > 100]
