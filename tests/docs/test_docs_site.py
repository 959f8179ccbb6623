"""The documentation site covers what it should: every page is in the nav, every public name
is in the API reference.

``mkdocs build --strict`` (run by ``.ci/run``) catches broken links and docstrings that do
not parse, but not a page left out of the nav nor a public name left out of the API
reference: these tests do. They read ``mkdocs.yml`` and the ``:::`` directives of
``docs/api/*.md`` and need neither MkDocs nor its plugins.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import yaml

import multimodal

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
API = DOCS / "api"
DIRECTIVE = re.compile(r"^:::\s+(\S+)\s*$", re.M)


def nav_pages(entry: object) -> Iterator[str]:
    """Every page path in a MkDocs nav (a list of strings and one-key mappings)."""
    if isinstance(entry, str):
        yield entry
    elif isinstance(entry, list):
        for item in entry:
            yield from nav_pages(item)
    elif isinstance(entry, dict):
        for value in entry.values():
            yield from nav_pages(value)


def nav() -> list[str]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config.get("docs_dir", "docs") == "docs"
    return [page for page in nav_pages(config["nav"]) if not page.startswith(("http:", "https:"))]


def resolve(path: str) -> object:
    """The object an identifier names, read as mkdocstrings does: a module wins over a
    member of the same name (``multimodal.skim`` is the module, not the function)."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            target = getattr(target, name)
        return target
    raise ImportError(path)


def directives() -> dict[str, list[str]]:
    """The identifiers of the ``:::`` directives of each API page."""
    return {
        page.name: DIRECTIVE.findall(page.read_text(encoding="utf-8"))
        for page in sorted(API.glob("*.md"))
    }


def public_packages() -> list[ModuleType]:
    """``multimodal`` and each of its subpackages that declares ``__all__`` (the command
    line, ``multimodal.cli``, is documented by ``--help``, not here)."""
    packages = [multimodal]
    for info in pkgutil.iter_modules(multimodal.__path__, prefix="multimodal."):
        if info.ispkg and info.name != "multimodal.cli":
            package = importlib.import_module(info.name)
            if hasattr(package, "__all__"):
                packages.append(package)
    return packages


def public_names() -> list[tuple[str, str]]:
    return [(package.__name__, name) for package in public_packages() for name in package.__all__]


def test_every_page_is_in_the_nav() -> None:
    pages = {path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md")}
    listed = nav()
    missing = sorted(pages - set(listed))
    assert not missing, f"pages not in the nav of mkdocs.yml: {missing}"
    absent = sorted(set(listed) - pages)
    assert not absent, f"nav entries with no page under docs/: {absent}"
    repeated = sorted({page for page in listed if listed.count(page) > 1})
    assert not repeated, f"pages listed twice in the nav: {repeated}"


def test_every_api_page_has_directives() -> None:
    pages = directives()
    assert pages, "no API pages under docs/api/"
    empty = [page for page, found in pages.items() if page != "index.md" and not found]
    assert not empty, f"API pages with no ':::' directive: {empty}"


def test_directives_name_real_objects_once() -> None:
    found = [path for paths in directives().values() for path in paths]
    for path in found:
        resolve(path)  # raises for an identifier that names nothing
    repeated = sorted({path for path in found if found.count(path) > 1})
    assert not repeated, f"documented twice: {repeated}"


@pytest.mark.parametrize(("package", "name"), public_names())
def test_public_name_is_in_the_api_reference(package: str, name: str) -> None:
    value = getattr(importlib.import_module(package), name)
    documented = [
        path
        for paths in directives().values()
        for path in paths
        if path.rsplit(".", 1)[-1] == name and resolve(path) is value
    ]
    assert documented, (
        f"{package}.{name} is public (in __all__) but no page of docs/api/ documents it: "
        f"add '::: {package}.{name}' to the page of its area"
    )
