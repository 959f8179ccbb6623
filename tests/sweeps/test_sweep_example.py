"""Smoke test of examples/sweep_brest.py (its ``--quick`` run: one draw of one proposal)."""

from __future__ import annotations

import runpy
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "examples" / "sweep_brest.py"


def test_sweep_brest_quick_run_writes_a_fan_chart(tmp_path, capsys):
    main = runpy.run_path(str(EXAMPLE), run_name="example")["main"]
    out = tmp_path / "fan.png"
    result = main(["--quick", "--out", str(out)])
    assert out.stat().st_size > 5_000
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert result.settings == ("normal", "congested", "closed")
    assert set(result.draws["closed_BREST+BRUZGI"].dropna()) == {1.0}
    printed = capsys.readouterr().out
    assert "setting 'closed'" in printed
    assert "fan chart:" in printed
