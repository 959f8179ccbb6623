"""Shared pytest set-up: the ``--run-bench`` switch for ``tests/benchmarks``, the datasets."""

from __future__ import annotations

from pathlib import Path

import pytest
from dataset_paths import DATASETS, MISSING


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-bench",
        action="store_true",
        default=False,
        help="run the benchmarks in tests/benchmarks (marked 'bench'); off by default",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-bench"):
        return
    skip = pytest.mark.skip(reason="benchmark: run with --run-bench")
    for item in items:
        if "bench" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def datasets() -> Path:
    """The public benchmark instances folder; skips the test when it is not there."""
    if DATASETS is None:
        pytest.skip(MISSING)
    return DATASETS
