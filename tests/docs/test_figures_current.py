"""The figures README.md and the docs quote are the program's own (issue 12, item 9).

Every figure computed from the library sits in a marked block that ``scripts/figures.py``
writes; the blocks of docs/data.md and docs/demand.md are written by the data builders.
Each test recomputes its blocks (once per run, about 10 s in all) and fails when the text
differs, naming the block and the command that rewrites it.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("figures_script", ROOT / "scripts" / "figures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


figures = _load_script()


def _marked(data: bool) -> list[tuple[str, str]]:
    """(file, block name) of every marked block in the README and the docs."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        found += [(page.relative_to(ROOT).as_posix(), name) for name in figures.markers(text, data)]
    return found


FIGURES = _marked(data=False)
GENERATED = _marked(data=True)


@pytest.fixture(scope="module")
def computed() -> dict[tuple[str, str], object]:
    return {(b.file, b.name): b for b in figures.compute()}


@pytest.fixture(scope="module")
def built() -> dict[tuple[str, str], object]:
    return {(b.file, b.name): b for b in figures.data_blocks()}


def _current(file: str, name: str, data: bool) -> str:
    return figures.markers((ROOT / file).read_text(encoding="utf-8"), data)[name]


def _differences(found: str, expected: str) -> str:
    lines = difflib.unified_diff(
        found.splitlines(), expected.splitlines(), "in the text", "from the program", lineterm=""
    )
    return "\n".join(lines)


@pytest.mark.parametrize(("file", "name"), FIGURES, ids=[f"{f}:{n}" for f, n in FIGURES])
def test_figure_block_is_current(computed, file, name):
    block = computed.get((file, name))
    assert block is not None, f"{file} has a block {name!r} that scripts/figures.py does not write"
    found = _current(file, name, data=False)
    assert found == block.body, (
        f"{file}, block {name!r} differs from the program; run `python scripts/figures.py`\n"
        + _differences(found, block.body)
    )


@pytest.mark.parametrize(("file", "name"), GENERATED, ids=[f"{f}:{n}" for f, n in GENERATED])
def test_data_block_is_current(built, file, name):
    block = built.get((file, name))
    assert block is not None, f"{file} has a block {name!r} that no data builder writes"
    found = _current(file, name, data=True)
    assert found == block.body, (
        f"{file}, block {name!r} differs from its builder; run `python "
        f"{'data/build_network.py' if file.endswith('data.md') else 'data/demand/build_demand.py'}`\n"
        + _differences(found, block.body)
    )


def test_every_block_has_its_markers(computed, built):
    assert set(computed) <= set(FIGURES), "blocks scripts/figures.py writes but no file marks"
    assert set(built) <= set(GENERATED), "blocks the data builders write but no file marks"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_markers_come_in_pairs(page):
    text = page.read_text(encoding="utf-8")
    for prefix in ("figures", "generated"):
        opened = re.findall(rf"<!-- {prefix}:([\w-]+) -->", text)
        closed = re.findall(rf"<!-- /{prefix}:([\w-]+) -->", text)
        assert sorted(opened) == sorted(closed), f"unpaired {prefix} markers in {page.name}"
        assert len(set(opened)) == len(opened), f"a {prefix} block name repeats in {page.name}"
