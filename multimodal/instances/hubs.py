"""Readers of the hub location benchmark data sets: CAB and AP.

Each reader returns a ``multimodal.hub_location.HubInstance`` (the problem type
lives beside its solver) and follows the conventions of the published tables, so that
objective values compare one to one:

* CAB (O'Kelly 1987): the first ``n`` of the 25 cities, flows normalised to sum to 1
  over the chosen cities with ``w_ii = 0``, collection = distribution = 1, transfer =
  alpha.
* AP (Ernst & Krishnamoorthy 1996, 1998, 1999): Euclidean distances between the given
  coordinates, collection 3, transfer 0.75, distribution 2 (as written in each file),
  ``w_ii`` kept, and the published objective is the transport cost divided by 1000
  (``transport_scale = 0.001``) plus the unscaled hub fixed costs.

CAB and the small AP files (up to 50 nodes) ship with the package
(``multimodal.instances.bundled``, e.g. ``read_ap(bundled("50.3"))``); ``read_cab()``
reads the bundled copy by default. The full data sets are given by path, or found in
``$MULTIMODAL_DATASETS`` or in ``shared/datasets`` beside the repository checkout
(``datasets_dir``).
"""

from __future__ import annotations

import os
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..exceptions import DataValidationError, Problem
from ..hub_location import problem as _problem
from . import bundled

__all__ = [
    "datasets_dir",
    "read_ap",
    "read_ap_capacities",
    "read_ap_csahlp",
    "read_ap_fixed_costs",
    "read_cab",
]

#: Environment variable naming the folder that holds ``hub-location-cab/`` and
#: ``hub-location-ap/`` (the public benchmark data are not shipped in the wheel).
DATASETS_ENV = "MULTIMODAL_DATASETS"


# --------------------------------------------------------------------------- files


def datasets_dir() -> Path:
    """Return the folder holding the public benchmark data sets.

    Looks in ``$MULTIMODAL_DATASETS``, then in ``shared/datasets`` beside the
    repository checkout. The small instances that ship with the package need no data
    set folder: see ``multimodal.instances.bundled``.

    Returns
    -------
    pathlib.Path
        The folder holding ``hub-location-cab/`` or ``hub-location-ap/``.

    Raises
    ------
    DataValidationError
        None of those folders exists; set ``MULTIMODAL_DATASETS``.
    """
    candidates = []
    if os.environ.get(DATASETS_ENV):
        candidates.append(Path(os.environ[DATASETS_ENV]))
    repo = Path(__file__).resolve().parents[2]
    candidates.append(repo.parent / "shared" / "datasets")
    for folder in candidates:
        if (folder / "hub-location-cab").is_dir() or (folder / "hub-location-ap").is_dir():
            return folder
    message = (
        "hub location data sets not found in "
        + ", ".join(str(c) for c in candidates)
        + f"; set {DATASETS_ENV} to the folder holding hub-location-cab/ and "
        "hub-location-ap/, or pass path="
    )
    raise DataValidationError(Problem(message))


def _tokens(path: Path) -> list[tuple[str, int]]:
    """Whitespace-separated tokens of a text file with their 1-based line numbers."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise DataValidationError(Problem(f"cannot read file: {error}", file=str(path))) from None
    return [
        (token, number)
        for number, line in enumerate(text.splitlines(), start=1)
        for token in line.split()
    ]


def _number(token: tuple[str, int], path: Path, what: str) -> float:
    text, line = token
    try:
        value = float(text.rstrip(";"))  # CAB.txt ends with a stray ";"
    except ValueError:
        message = f"expected a number ({what}), found {text!r}"
        raise DataValidationError(Problem(message, file=str(path), row=f"line {line}")) from None
    if not np.isfinite(value):
        message = f"{what} must be finite, found {text!r}"
        raise DataValidationError(Problem(message, file=str(path), row=f"line {line}"))
    return value


def read_cab(
    path: str | os.PathLike[str] | None = None, n: int = 25, *, alpha: float = 1.0
) -> _problem.HubInstance:
    """Read the CAB data set (O'Kelly 1987) with the literature's conventions.

    Keeps the first ``n`` of the 25 US cities, sets ``w_ii = 0`` and normalises the
    flows to sum to 1 over the kept cities (``coords`` are a 2-D multidimensional
    scaling of the distances, for plots only); collection = distribution = 1 and the
    transfer factor is ``alpha`` (the published tables use 0.2, 0.4, 0.6, 0.8, 1.0,
    ``locate_hubs(alpha=...)`` overrides it). Costs are the distances in miles.

    Parameters
    ----------
    path
        ``CAB.txt`` (625 lines ``i j w_ij c_ij``); default: the copy shipped with the
        package (``bundled("CAB.txt")``).
    n
        Number of cities to keep (the literature uses 10, 15, 20, 25).
    alpha
        Transfer (inter-hub discount) factor.

    Returns
    -------
    HubInstance

    Raises
    ------
    DataValidationError
        A line is malformed, an index is out of range, a pair is missing or repeated,
        or ``n`` is not in 1..25; the message names the file and line.
    """
    if not 1 <= n <= 25:  # checked first: a bad n is wrong whichever file is read
        given = None if path is None else str(path)
        raise DataValidationError(Problem(f"n={n} must be between 1 and 25", file=given))
    file = Path(path) if path is not None else bundled("CAB.txt")
    size = 25
    flows = np.full((size, size), np.nan)
    dist = np.full((size, size), np.nan)
    problems: list[Problem] = []
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as error:
        raise DataValidationError(Problem(f"cannot read file: {error}", file=str(file))) from None
    for number, line in enumerate(lines, start=1):
        parts = line.replace(";", " ").split()
        if not parts:
            continue
        where = {"file": str(file), "row": f"line {number}"}
        if len(parts) != 4:
            problems.append(
                Problem(f"expected 4 fields 'i j w_ij c_ij', found {len(parts)}", **where)
            )
            continue
        try:
            i, j = int(parts[0]), int(parts[1])
            w, c = float(parts[2]), float(parts[3])
        except ValueError:
            problems.append(Problem(f"cannot parse {line.strip()!r} as 'i j w_ij c_ij'", **where))
            continue
        if not (1 <= i <= size and 1 <= j <= size):
            problems.append(Problem(f"city index ({i}, {j}) outside 1..{size}", **where))
            continue
        if not (np.isfinite(w) and np.isfinite(c) and w >= 0 and c >= 0):
            problems.append(Problem(f"flow {w} and distance {c} must be finite and >= 0", **where))
            continue
        if not np.isnan(flows[i - 1, j - 1]):
            problems.append(Problem(f"pair ({i}, {j}) given twice", **where))
            continue
        flows[i - 1, j - 1] = w
        dist[i - 1, j - 1] = c
    missing = np.argwhere(np.isnan(flows))
    if len(missing) and not problems:
        pairs = ", ".join(f"({i + 1}, {j + 1})" for i, j in missing[:5])
        problems.append(Problem(f"{len(missing)} city pairs missing, e.g. {pairs}", file=str(file)))
    if problems:
        raise DataValidationError(problems)
    flows = flows[:n, :n].copy()
    np.fill_diagonal(flows, 0.0)
    total = flows.sum()
    if total <= 0:
        raise DataValidationError(Problem(f"the first {n} cities exchange no flow", file=str(file)))
    return _problem.HubInstance(
        names=tuple(f"CAB{k + 1:02d}" for k in range(n)),
        coords=_mds_coords(dist[:n, :n]),
        flows=flows / total,
        costs=dist[:n, :n].copy(),
        collection=1.0,
        transfer=float(alpha),
        distribution=1.0,
        name=f"CAB{n}",
        source=str(file),
    )


def _mds_coords(dist: np.ndarray) -> np.ndarray:
    """Planar coordinates whose distances approximate ``dist`` (classical MDS).

    CAB gives distances only; these coordinates serve plots, never costs.
    """
    size = len(dist)
    if size < 3:
        return np.column_stack([np.arange(size, dtype=float), np.zeros(size)])
    sym = (dist + dist.T) / 2
    centre = np.eye(size) - 1.0 / size
    gram = -0.5 * centre @ (sym**2) @ centre
    values, vectors = np.linalg.eigh(gram)
    top = np.argsort(values)[::-1][:2]
    coords = vectors[:, top] * np.sqrt(np.clip(values[top], 0, None))
    # Fix the sign of each axis so the picture is deterministic.
    signs = np.where(coords[np.abs(coords).argmax(axis=0), [0, 1]] < 0, -1.0, 1.0)
    return coords * signs


def read_ap(path: str | os.PathLike[str], n: int | None = None) -> _problem.HubInstance:
    """Read an AP (Australia Post) node file with the literature's conventions.

    Costs are the Euclidean distances between the coordinates; the collection,
    transfer and distribution factors (3, 0.75, 2) and the hub count ``p`` come from
    the file; ``w_ii`` is kept; ``transport_scale = 0.001`` so that objectives match
    the published tables (transport cost / 1000).

    Parameters
    ----------
    path
        A node file (``10.3``, ``50.3``, ``APdata200``, ...).
    n
        Keep only the first ``n`` nodes (no renormalising); default all. The published
        reduced instances are *not* prefixes of ``APdata200`` (they aggregate postcodes),
        so read the ``NN.P`` file for the NN-node instances.

    Returns
    -------
    HubInstance

    Raises
    ------
    DataValidationError
        The file is too short or too long for its node count, or holds a non-number;
        the message names the file and line.
    """
    file = Path(path)
    tokens = _tokens(file)
    if not tokens:
        raise DataValidationError(Problem("empty file", file=str(file)))
    size_value = _number(tokens[0], file, "node count")
    if size_value != int(size_value) or size_value < 1:
        message = f"node count must be a positive integer, found {tokens[0][0]!r}"
        raise DataValidationError(Problem(message, file=str(file), row=f"line {tokens[0][1]}"))
    size = int(size_value)
    expected = 1 + 2 * size + size * size + 4
    if len(tokens) != expected:
        last = tokens[-1][1]
        message = (
            f"expected {expected} numbers for {size} nodes (n, {size} x y pairs, "
            f"{size}x{size} flows, p, collection, transfer, distribution), found {len(tokens)}"
        )
        raise DataValidationError(Problem(message, file=str(file), row=f"line {last}"))
    values = np.array([_number(t, file, "data value") for t in tokens])
    coords = values[1 : 1 + 2 * size].reshape(size, 2)
    start = 1 + 2 * size
    flows = values[start : start + size * size].reshape(size, size)
    negative = np.argwhere(flows < 0)
    if len(negative):
        i, j = negative[0]
        line = tokens[start + i * size + j][1]
        message = f"flow w[{i + 1}][{j + 1}] = {flows[i, j]} is negative"
        raise DataValidationError(Problem(message, file=str(file), row=f"line {line}"))
    p_value, collection, transfer, distribution = values[start + size * size :]
    if p_value != int(p_value) or not 1 <= p_value <= size:
        line = tokens[start + size * size][1]
        message = f"hub count p must be an integer in 1..{size}, found {p_value}"
        raise DataValidationError(Problem(message, file=str(file), row=f"line {line}"))
    costs = np.sqrt(((coords[:, None, :] - coords[None, :, :]) ** 2).sum(axis=-1))
    inst = _problem.HubInstance(
        names=tuple(f"AP{k + 1:03d}" for k in range(size)),
        flows=flows,
        costs=costs,
        collection=float(collection),
        transfer=float(transfer),
        distribution=float(distribution),
        coords=coords,
        p=int(p_value),
        transport_scale=0.001,
        name=f"AP{size}",
        source=str(file),
    )
    if n is not None and n != size:
        inst = replace(inst.subset(n), name=f"AP{n}", p=min(inst.p or 1, n))
    return inst


def _read_vector(path: str | os.PathLike[str], n: int, what: str) -> np.ndarray:
    file = Path(path)
    tokens = _tokens(file)
    if len(tokens) != n:
        last = tokens[-1][1] if tokens else 1
        message = f"expected {n} {what} (one per node), found {len(tokens)}"
        raise DataValidationError(Problem(message, file=str(file), row=f"line {last}"))
    values = np.array([_number(t, file, what) for t in tokens])
    for k in np.flatnonzero(values < 0):
        message = f"{what} of node {k + 1} is negative ({values[k]})"
        raise DataValidationError(Problem(message, file=str(file), row=f"line {tokens[k][1]}"))
    return values


def read_ap_fixed_costs(path: str | os.PathLike[str], n: int) -> np.ndarray:
    """Read an AP ``FcostL.NN`` / ``FcostT.NN`` file: hub opening cost per node.

    Parameters
    ----------
    path
        The file (``bundled("FcostL.25")`` for the shipped ones).
    n
        Number of nodes of the instance the costs belong to.

    Returns
    -------
    numpy.ndarray
        ``n`` fixed costs, in the order of the nodes (the unscaled units of the published
        tables).

    Raises
    ------
    DataValidationError
        Not exactly ``n`` numbers, or a negative or non-numeric value (file and line).
    """
    return _read_vector(path, n, "fixed costs")


def read_ap_capacities(path: str | os.PathLike[str], n: int) -> np.ndarray:
    """Read an AP ``CapL.NN`` / ``CapT.NN`` file: hub capacity on incoming flow per node.

    Parameters
    ----------
    path
        The file (``bundled("CapT.25")`` for the shipped ones).
    n
        Number of nodes of the instance the capacities belong to.

    Returns
    -------
    numpy.ndarray
        ``n`` capacities, in the flow units of the node file.

    Raises
    ------
    DataValidationError
        Not exactly ``n`` numbers, or a negative or non-numeric value (file and line).
    """
    return _read_vector(path, n, "capacities")


def read_ap_csahlp(folder: str | os.PathLike[str], n: int, variant: str) -> _problem.HubInstance:
    """Read the AP capacitated instance ``"NNXY"``: node file NN, FcostX.NN, CapY.NN.

    Parameters
    ----------
    folder
        The folder holding the AP files.
    n
        Node count (10, 20, 25, 40, 50, 100, 200).
    variant
        Two letters, fixed cost then capacity, each ``"L"`` (loose) or ``"T"`` (tight).

    Returns
    -------
    HubInstance
        The instance ``AP{n}{variant}`` with fixed costs and capacities and no hub count
        (the number of hubs is decided by the costs).

    Raises
    ------
    DataValidationError
        ``variant`` is not two of L/T, or a file is bad.
    """
    variant = variant.upper()
    if len(variant) != 2 or set(variant) - {"L", "T"}:
        message = f"variant {variant!r} must be two letters from L/T, e.g. 'LT'"
        raise DataValidationError(Problem(message))
    base = Path(folder)
    node_file = base / f"{n}.3"
    if not node_file.exists() and n == 200:
        node_file = base / "APdata200"
    inst = read_ap(node_file)
    fixed = read_ap_fixed_costs(base / f"Fcost{variant[0]}.{n}", n)
    caps = read_ap_capacities(base / f"Cap{variant[1]}.{n}", n)
    return replace(
        inst.with_costs(fixed_costs=fixed, capacities=caps),
        p=None,
        name=f"AP{n}{variant}",
    )


def __getattr__(name: str) -> object:
    if name == "HubInstance":  # moved beside its solver; kept importable for one release
        warnings.warn(
            "multimodal.instances.hubs.HubInstance is deprecated and will be removed in the "
            "next release; import it from multimodal.hub_location",
            DeprecationWarning,
            stacklevel=2,
        )
        return _problem.HubInstance
    message = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(message)
