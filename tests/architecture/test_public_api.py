"""The package root: a literal ``__all__``, every name importable, lazy names typed."""

from __future__ import annotations

import ast
from pathlib import Path

import multimodal as mm

SOURCE = Path(mm.__file__).read_text(encoding="utf-8")
TREE = ast.parse(SOURCE)


def _assigned(name: str) -> ast.expr:
    for node in TREE.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return node.value
    raise AssertionError(f"{name} is not assigned in multimodal/__init__.py")


def test_all_is_a_literal_list_of_names():
    value = _assigned("__all__")
    assert isinstance(value, ast.List)
    assert all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts)
    names = [e.value for e in value.elts]
    assert names == sorted(set(names))


def test_every_public_name_resolves():
    missing = [name for name in mm.__all__ if not hasattr(mm, name)]
    assert not missing


def test_lazy_names_are_imported_for_type_checkers():
    lazy = ast.literal_eval(_assigned("_LAZY"))
    typed: dict[str, str] = {}
    for node in TREE.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                for alias in stmt.names:
                    typed[alias.asname or alias.name] = "." * stmt.level + (stmt.module or "")
    assert typed == lazy
    assert set(lazy) <= set(mm.__all__)
