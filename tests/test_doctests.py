"""The examples in the docstrings run: the doctests of every module of ``multimodal``.

One test per module (found with ``pkgutil``), run with the standard ``doctest`` module in
a scratch folder, so an example that writes a file leaves nothing behind. A failure
reports the module and doctest's own account of what differed.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import multimodal

OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


#: Subpackages that failed to import while the modules were listed (``walk_packages``
#: would otherwise skip them, and their modules, in silence).
IMPORT_ERRORS: list[str] = []


def module_names() -> list[str]:
    """Every module and subpackage of ``multimodal``, the package itself first."""
    names = [multimodal.__name__]
    names += sorted(
        info.name
        for info in pkgutil.walk_packages(
            multimodal.__path__, prefix="multimodal.", onerror=IMPORT_ERRORS.append
        )
    )
    return names


MODULES = module_names()


def test_modules_are_found():
    assert IMPORT_ERRORS == []
    assert "multimodal.routing" in MODULES
    assert "multimodal.cli" in MODULES
    assert len(MODULES) > 30


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    report: list[str] = []
    try:
        for test in finder.find(module, name):
            runner.run(test, out=report.append)
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{name}: {results.failed} doctest(s) failed\n" + "".join(report)
