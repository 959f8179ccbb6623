"""Shared pytest set-up: the ``--run-bench`` switch for ``tests/benchmarks``."""

from __future__ import annotations

import pytest


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
