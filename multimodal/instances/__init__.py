"""Readers of the public benchmark instances: hub location (CAB, AP), vehicle routing.

Readers only: the problem types they return live beside their solvers
(``multimodal.hub_location.HubInstance``, ...).

A few small instances ship with the package, so that the documented commands work after
``pip install .``: ``bundled`` returns the path of one of them, ``bundled_names``
lists them. Each folder holds a ``SOURCE.md`` with the origin and licence notes.

========================  ==================================================================
folder                    files
========================  ==================================================================
``hub-location-cab``      ``CAB.txt`` (O'Kelly 1987, 25 US cities)
``hub-location-ap``       ``5.3``, ``10.2`` .. ``10.5``, ``20.3``, ``25.3``, ``40.3``,
                          ``50.3``; ``FcostL/FcostT/CapL/CapT.NN`` for NN = 10 .. 50
``cvrp``                  ``A-n32-k5.vrp``, ``X-n101-k25.vrp`` (CVRPLIB)
``vrptw-solomon``         ``C101.txt``, ``R101.txt`` (Solomon 1987)
``pickups``               ``pickups.csv``: eight illustrative factories around Xi'an
========================  ==================================================================
"""

from __future__ import annotations

from pathlib import Path

from .._validate import suggest
from ..exceptions import ParameterError
from ..io import data_dir

__all__ = ["bundled", "bundled_dir", "bundled_names"]

#: File suffixes whose stem alone also names a bundled instance (``"C101"``, ``"CAB"``).
_STEM_SUFFIXES = (".txt", ".vrp", ".csv")


def bundled_dir() -> Path:
    """Return the folder of the instances shipped with the package.

    Returns
    -------
    pathlib.Path
        ``multimodal/_data/instances`` after ``pip install .``; ``data/instances`` in a
        source checkout or an editable install.

    Raises
    ------
    DataValidationError
        The package data are missing (a broken installation; reinstall).

    Examples
    --------
    >>> from multimodal.instances import bundled_dir
    >>> (bundled_dir() / "hub-location-cab" / "CAB.txt").is_file()
    True
    """
    return data_dir() / "instances"


def _files() -> list[Path]:
    """Every bundled data file (not the ``SOURCE.md`` / ``ReadMe`` notes), sorted."""
    root = bundled_dir()
    if not root.is_dir():
        return []
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.suffix != ".md" and not path.name.startswith("ReadMe")
    )


def bundled_names() -> list[str]:
    """Return the names of the bundled instance files, as ``folder/file``.

    Returns
    -------
    list of str
        For example ``"hub-location-cab/CAB.txt"``, ``"cvrp/A-n32-k5.vrp"``, sorted.

    Examples
    --------
    >>> from multimodal.instances import bundled_names
    >>> "hub-location-ap/50.3" in bundled_names()
    True
    """
    root = bundled_dir()
    return [path.relative_to(root).as_posix() for path in _files()]


def bundled(name: str) -> Path:
    """Return the path of an instance shipped with the package.

    Parameters
    ----------
    name
        The file's name (``"CAB.txt"``, ``"50.3"``, ``"FcostL.25"``, ``"A-n32-k5.vrp"``,
        ``"pickups.csv"``), its name without suffix for ``.txt``, ``.vrp`` and ``.csv``
        files (``"CAB"``, ``"C101"``, ``"A-n32-k5"``, ``"pickups"``), or its path under
        the bundled folder (``"hub-location-ap/50.3"``). Case does not matter.

    Returns
    -------
    pathlib.Path
        The file, ready for the readers (``read_cab``, ``read_ap``, ``read_instance``,
        ``read_pickups``).

    Raises
    ------
    ParameterError
        No bundled file has that name; the message suggests the closest names and says
        where to find the full data sets.

    Examples
    --------
    >>> from multimodal.instances import bundled
    >>> from multimodal.instances.hubs import read_ap
    >>> read_ap(bundled("10.3")).n
    10
    """
    if not isinstance(name, str) or not name.strip():
        message = f"name a bundled instance, e.g. 'CAB.txt' or '50.3'; got {name!r}"
        raise ParameterError(message)
    root = bundled_dir()
    index: dict[str, Path] = {}
    for path in _files():
        for key in (path.relative_to(root).as_posix(), path.name):
            index.setdefault(key.lower(), path)
    for path in _files():  # stems last: a file name always wins over a stem
        if path.suffix in _STEM_SUFFIXES:
            index.setdefault(path.stem.lower(), path)
    key = name.strip().replace("\\", "/").lower()
    if key in index:
        return index[key]
    close = suggest(name, sorted({p.name for p in _files()}), n=3)
    hint = f"did you mean {', '.join(repr(c) for c in close)}? " if close else ""
    shown = [p.name for p in _files() if not p.name.startswith(("Fcost", "Cap"))]
    message = (
        f"no bundled instance {name!r}; {hint}bundled: {', '.join(shown)} and the AP "
        "FcostL/FcostT/CapL/CapT files for 10 to 50 nodes (bundled_names() lists them). "
        "Larger instances (AP100, AP200, the other CVRPLIB and Solomon files) are not "
        "shipped: give their path"
    )
    raise ParameterError(message)
