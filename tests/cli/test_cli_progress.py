"""Progress (``multimodal._progress``) and the shared CLI options ``--quiet``/``-v``."""

from __future__ import annotations

import concurrent.futures
import logging
import time

import pytest

from multimodal._progress import (
    ProgressExecutor,
    log_progress,
    progress_bar,
    progress_enabled,
    time_progress,
)


def test_progress_enabled_rules(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert progress_enabled(True) is True
    assert progress_enabled(False) is False
    # Under pytest stderr is not a terminal: automatic means off.
    assert progress_enabled() is False
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    assert progress_enabled() is True
    monkeypatch.setenv("CI", "true")
    assert progress_enabled() is False
    monkeypatch.setenv("CI", "false")
    assert progress_enabled() is True
    assert progress_enabled(True) is True  # forced on, even on CI


def test_a_disabled_bar_prints_nothing(capsys):
    assert list(progress_bar(range(3), progress=False)) == [0, 1, 2]
    assert capsys.readouterr().err == ""


def test_a_forced_bar_goes_to_stderr(capsys):
    for _ in progress_bar(range(3), desc="counting", progress=True):
        pass
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "counting" in captured.err


def square(x):
    return x * x


@pytest.mark.parametrize("pool", [False, True], ids=["inline", "threads"])
def test_progress_executor_counts_finished_jobs(pool):
    inner = concurrent.futures.ThreadPoolExecutor(2) if pool else None
    executor = ProgressExecutor(inner, total=4, progress=True)
    futures = [executor.submit(square, k) for k in range(4)]
    assert [f.result() for f in futures] == [0, 1, 4, 9]
    executor.shutdown()
    assert executor.bar.n == 4


def test_progress_executor_hands_errors_to_the_caller():
    executor = ProgressExecutor(progress=False)
    future = executor.submit(square, "x")
    with pytest.raises(TypeError):
        future.result()
    executor.shutdown()


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_log_progress_counts_steps_and_prints_nothing_more():
    """Records of the steps advance the bar; DEBUG records do not reach the root handlers;
    the logger's level and propagation come back as they were."""
    root, logger = logging.getLogger(), logging.getLogger("multimodal")
    seen = Collect()
    root.addHandler(seen)
    before = (logger.level, logger.propagate)
    try:
        with log_progress("step", progress=True) as bar:
            for k in range(3):
                logger.debug("step %d: objective %d", k, 10 - k)
            logger.debug("something else")
            logger.warning("a warning still shows")
        assert bar.n == 3
    finally:
        root.removeHandler(seen)
    assert [r.getMessage() for r in seen.records] == ["a warning still shows"]
    assert (logger.level, logger.propagate) == before


def test_time_progress_fills_with_time():
    with time_progress(10, progress=True, interval_s=0.02) as bar:
        time.sleep(0.2)
    assert 0 < bar.n < 10


def test_time_progress_off_costs_nothing():
    with time_progress(None, progress=False) as bar:
        pass
    assert bar.disable


# -- the shared options -----------------------------------------------------------------------

DEMAND = "origin,destination,teu_per_week\nA,D,5\nA,B,2\n"


def assign_argv(toy_network_files, tmp_path):
    demand = tmp_path / "demand.csv"
    demand.write_text(DEMAND, encoding="utf-8")
    return ["assign", *toy_network_files, "--demand", str(demand), "--out", str(tmp_path)]


def test_quiet_silences_the_steps(cli, toy_network_files, tmp_path):
    argv = assign_argv(toy_network_files, tmp_path)
    code, _, err = cli(argv)
    assert code == 0
    assert "assigning 2 demand rows" in err
    code, out, err = cli([*argv, "--quiet"])
    assert code == 0
    assert err == ""
    assert "transport cost 66,950 CNY/week" in out


def test_verbose_twice_shows_the_solver_iterations(cli, toy_network_files, tmp_path):
    argv = assign_argv(toy_network_files, tmp_path)
    code, _, err = cli([*argv, "-v"])
    assert code == 0
    assert "path-based:" in err  # the engine's INFO summary
    assert "column generation 1:" not in err
    assert "Coefficient ranges" not in err
    code, out, err = cli(["-vv", *argv])
    assert code == 0
    assert "column generation 1:" in err  # each iteration, at DEBUG
    assert "Coefficient ranges" in err  # -vv: verbose=True, HiGHS's own log
    assert "Coefficient ranges" not in out


def test_output_cut_by_its_reader_ends_quietly():
    """``multimodal info | head -0``: no BrokenPipeError traceback, status 1."""
    import subprocess
    import sys

    code = "import sys; from multimodal.cli import main; sys.exit(main(['info']))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    proc.stdout.close()  # the reader goes away before the first line
    _, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err, err.decode()
    assert proc.returncode == 1
