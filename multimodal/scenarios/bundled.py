"""The bundled scenarios: the proposals of the Shaanxi port plan, one file each."""

from __future__ import annotations

from pathlib import Path

from .._validate import suggest
from ..exceptions import DataValidationError, ParameterError, Problem
from ..io import PathLike, data_dir
from .files import SUFFIXES
from .scenario import Scenario


def scenarios_dir() -> Path:
    """The folder of the bundled scenario files (``data/scenarios`` in a checkout).

    Returns
    -------
    pathlib.Path
        The folder (the package copy after ``pip install .``).
    """
    return data_dir() / "scenarios"


def load_scenarios(folder: PathLike | None = None) -> list[Scenario]:
    """Return the bundled scenarios (or those of ``folder``), in file-name order.

    Parameters
    ----------
    folder
        A folder of ``.toml``/``.yaml``/``.yml`` scenario files; default the bundled ones.

    Returns
    -------
    list of Scenario
        One per file.

    Raises
    ------
    DataValidationError
        For a bad file (naming it), or two files giving the same scenario name.
    ParameterError
        When ``folder`` is not a folder.

    Examples
    --------
    >>> from multimodal.scenarios import load_scenarios
    >>> "yulin_yuyang_formal" in [s.name for s in load_scenarios()]
    True
    """
    folder = scenarios_dir() if folder is None else Path(folder)
    if not folder.is_dir():
        message = f"no folder {str(folder)!r}; give a folder of .toml, .yaml or .yml scenario files"
        raise ParameterError(message)
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)
    scenarios = [Scenario.from_file(p) for p in paths]
    seen: dict[str, Path] = {}
    for scenario, path in zip(scenarios, paths):
        if scenario.name in seen:
            other = seen[scenario.name].name
            message = f"scenario name {scenario.name!r} is also used in {other}"
            raise DataValidationError(Problem(message, str(path)))
        seen[scenario.name] = path
    return scenarios


def load_scenario(name: str, folder: PathLike | None = None) -> Scenario:
    """Return one bundled scenario (or one of ``folder``) by name.

    Parameters
    ----------
    name
        The scenario's name (its ``name`` key, usually the file's name).
    folder
        A folder of scenario files; default the bundled ones.

    Returns
    -------
    Scenario
        The scenario.

    Raises
    ------
    ParameterError
        For an unknown name, with the closest names.
    """
    scenarios = {s.name: s for s in load_scenarios(folder)}
    if name not in scenarios:
        close = suggest(name, scenarios, n=3, cutoff=0.4)
        fix = "did you mean " + ", ".join(repr(c) for c in close) + "?" if close else ""
        message = f"no scenario named {name!r}; {fix or 'known: ' + ', '.join(scenarios)}"
        raise ParameterError(message)
    return scenarios[name]


__all__ = ["load_scenario", "load_scenarios", "scenarios_dir"]
