"""The layer contract of docs/architecture.md: imports only go downwards, and no circles.

Every import in every module counts, including those inside functions (a circle hidden
in a function is still a circle). ``TYPE_CHECKING`` imports are left out: they exist
only for the type checker and never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

import multimodal

PACKAGE = Path(multimodal.__file__).parent

#: The layers, lowest first; a module may import from its own layer and those below.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "foundation",
        (
            "exceptions",
            "units",
            "modes",
            "_validate",
            "_options",
            "_results",
            "_scaling",
            "_ortools",
            "_geo",
            "_search",
            "_iso3166",
            "_encoding",
            "_progress",
            "_checks",
        ),
    ),
    ("presentation", ("plotting",)),
    ("contract", ("schema", "services", "io", "convert", "diagnostics")),
    ("model", ("graph", "customs", "objective", "emissions", "network", "shipment", "demand")),
    (
        "solvers",
        (
            "routing",
            "route_result",
            "reliability",
            "skim",
            "assignment",
            "equilibrium",
            "calibration",
            "consolidation",
            "collection",
            "hub_location",
            "instances",
            "synthetic",
        ),
    ),
    ("scenarios", ("scenarios", "comparison", "targets", "sweeps")),
    ("cli", ("cli",)),
]
LAYER_OF = {top: rank for rank, (_, tops) in enumerate(LAYERS) for top in tops}
NAMES = [name for name, _ in LAYERS]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> set[str]:
    """Absolute names of the multimodal modules that ``path`` imports at run time."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("multimodal"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("multimodal"):
                if node.module:  # "from . import x" names modules, not the package
                    found.add(target)
                for alias in node.names:  # "from . import _search" imports a module
                    candidate = f"{target}.{alias.name}"
                    if _path_of(candidate) is not None:
                        found.add(candidate)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _path_of(module: str) -> Path | None:
    if module == "multimodal":
        return PACKAGE / "__init__.py"
    relative = Path(*module.split(".")[1:])
    for candidate in (PACKAGE / relative.with_suffix(".py"), PACKAGE / relative / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) == 1:
        return len(LAYERS)  # the package root re-exports everything
    return LAYER_OF.get(parts[1])


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_data" in path.parts:
            continue
        source = _module_name(path)
        graph.add_node(source)
        for target in _imports(path):
            # A package's __init__ is run by importing any of its modules; count the
            # module itself, not the package root, to keep the graph meaningful.
            if target != source and _path_of(target) is not None:
                graph.add_edge(source, target)
    return graph


GRAPH = _graph()


def test_every_module_has_a_layer():
    unplaced = sorted(m for m in GRAPH if _layer(m) is None)
    assert not unplaced, (
        f"modules without a layer: {unplaced}; add each to LAYERS in "
        "tests/architecture/test_layers.py and to the table in docs/architecture.md"
    )


def test_the_docs_table_lists_the_same_layers():
    text = (Path(__file__).resolve().parents[2] / "docs" / "architecture.md").read_text(
        encoding="utf-8"
    )
    for _, tops in LAYERS:
        for top in tops:
            assert f"`{top}`" in text or f"`{top}/`" in text, (
                f"docs/architecture.md's layer table does not name {top}"
            )


def _upward(graph: nx.DiGraph, module: str) -> list[str]:
    rank = _layer(module)
    return [
        f"{module} ({NAMES[rank]}) imports {target} ({NAMES[_layer(target)]})"
        for target in sorted(graph.successors(module))
        if rank is not None and (_layer(target) or 0) > rank and _layer(target) != len(LAYERS)
    ]


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m != "multimodal"))
def test_imports_go_downwards(module):
    upward = _upward(GRAPH, module)
    assert not upward, "\n".join(upward)


def test_the_contract_can_fail():
    # An upward import (a solver importing the CLI) must be reported.
    probe = nx.DiGraph([("multimodal.routing", "multimodal.cli._common")])
    assert _upward(probe, "multimodal.routing") == [
        "multimodal.routing (solvers) imports multimodal.cli._common (cli)"
    ]


def test_no_module_imports_the_package_root():
    # "import multimodal" inside the library would make every layer depend on all others.
    offenders = sorted(m for m in GRAPH if m != "multimodal" and "multimodal" in GRAPH[m])
    assert not offenders, offenders


def test_no_import_circles():
    circles = list(nx.simple_cycles(GRAPH.subgraph([m for m in GRAPH if m != "multimodal"])))
    shown = [" -> ".join([*c, c[0]]) for c in circles[:10]]
    assert not circles, "import circles:\n" + "\n".join(shown)
