"""Reading and writing network files, and finding the built-in network.

Nodes and links are read from GeoJSON, GeoPackage, (Geo)Parquet or CSV files, or from
folders of them (every file in the folder, in name order). CSV nodes carry ``lon`` and
``lat`` columns; CSV links may carry a ``wkt`` geometry column or none (a straight line is
drawn between the end nodes). Each file is validated on its own, so errors name the file;
then ids are checked across files.
"""

from __future__ import annotations

import io
import json
import logging
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyproj
from shapely import wkt as shapely_wkt

from ._encoding import read_text
from ._validate import check_choice
from .exceptions import DataValidationError, ParameterError, Problem
from .schema import validate_links, validate_nodes

logger = logging.getLogger("multimodal")

PathLike = str | Path
_SUFFIXES = (".geojson", ".json", ".gpkg", ".parquet", ".csv")


def data_dir() -> Path:
    """Return the folder of the built-in data (``nodes/``, ``links/``, ...).

    After ``pip install .`` this is the copy inside the package (``multimodal/_data``); in a
    source checkout or editable install it is the repository's ``data/`` folder.

    Returns
    -------
    pathlib.Path
        The folder holding ``nodes/`` and ``links/``.

    Raises
    ------
    DataValidationError
        If neither copy is found (a broken installation).
    """
    packaged = Path(str(resources.files("multimodal") / "_data"))
    if (packaged / "nodes").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "data"
    if (checkout / "nodes").is_dir():
        return checkout
    message = (
        "the built-in network data were not found (neither multimodal/_data nor data/); "
        "reinstall the package with 'pip install .'"
    )
    raise DataValidationError(Problem(message))


def _expand(paths: PathLike | Sequence[PathLike]) -> list[Path]:
    if isinstance(paths, str | Path):
        paths = [paths]
    if not isinstance(paths, Sequence) or not all(isinstance(p, str | Path) for p in paths):
        message = f"give a file, a folder or a list of them (str or Path), got {paths!r}"
        raise ParameterError(message)
    if not paths:
        raise DataValidationError(Problem("no files given; name a file or a folder"))
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
            if not found:
                message = f"{path}: folder has no {', '.join(_SUFFIXES)} files"
                raise DataValidationError(Problem(message))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise DataValidationError(Problem("file not found; check the path", str(path)))
    return files


def _geojson_problem(path: Path, text: str) -> Problem | None:
    """Text that is not JSON (with the place), or a ``crs`` member pyproj cannot parse.

    GDAL would report the first as "Failed to read GeoJSON data" and silently ignore the
    second (taking WGS84).
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        message = (
            f"cannot read the file: not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno}); "
            "the file may be truncated or not GeoJSON"
        )
        return Problem(message, str(path))
    crs = document.get("crs") if isinstance(document, dict) else None
    if crs is None:
        return None
    name: object = crs
    if isinstance(crs, dict):
        properties = crs.get("properties")
        name = properties.get("name", crs) if isinstance(properties, dict) else crs
    try:
        pyproj.CRS.from_user_input(name)
    except (pyproj.exceptions.CRSError, TypeError, ValueError) as error:
        message = (
            f"CRS {name!r} cannot be parsed by pyproj ({error}); give a valid CRS such as "
            "'EPSG:4326', or remove the crs member (GeoJSON is WGS84 longitude/latitude)"
        )
        return Problem(message, str(path), None, "crs")
    return None


def read_table(path: PathLike, *, kind: str = "nodes") -> gpd.GeoDataFrame:
    """Read one node or link file into a GeoDataFrame without validating it.

    Parameters
    ----------
    path
        A ``.geojson``/``.json``, ``.gpkg``, ``.parquet`` or ``.csv`` file.
    kind
        ``"nodes"`` or ``"links"``: how a CSV's geometry is found (``lon``/``lat`` columns
        for nodes; an optional ``wkt`` column for links).

    Returns
    -------
    geopandas.GeoDataFrame
        The file's rows as found, in the file's CRS (CSV: EPSG:4326).

    Raises
    ------
    DataValidationError
        If the file cannot be read (not the format its suffix says, truncated, random
        bytes, a bad encoding, WKT that does not parse), a CSV node file lacks ``lon`` or
        ``lat``, or its CRS cannot be parsed by pyproj (named in the message).
    ParameterError
        If ``kind`` is not ``"nodes"`` or ``"links"``.
    """
    check_choice(kind, "kind of table", ("nodes", "links"))
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            text = read_text(path, f"{kind} file")  # UTF-8, UTF-16 or GB18030, else refused
            ids_as_text = {"id": str, "from_node": str, "to_node": str}
            frame = pd.read_csv(io.StringIO(text), dtype=ids_as_text)
            if kind == "nodes":
                missing = [c for c in ("lon", "lat") if c not in frame.columns]
                if missing:
                    problems = [
                        Problem(
                            "CSV nodes need lon and lat columns (WGS84 degrees)", str(path), None, c
                        )
                        for c in missing
                    ]
                    raise DataValidationError(problems)
                geometry = gpd.points_from_xy(frame.pop("lon"), frame.pop("lat"))
            else:
                wkt = frame.pop("wkt") if "wkt" in frame.columns else None
                geometry = (
                    [shapely_wkt.loads(t) if isinstance(t, str) and t else None for t in wkt]
                    if wkt is not None
                    else [None] * len(frame)
                )
            return gpd.GeoDataFrame(frame, geometry=geometry, crs=4326)
        if suffix == ".parquet":
            return gpd.read_parquet(path)
        source: Path | io.BytesIO = path
        if suffix in (".geojson", ".json"):
            text = read_text(path, f"{kind} file")  # UTF-8, UTF-16 or GB18030, else refused
            problem = _geojson_problem(path, text)
            if problem:
                raise DataValidationError(problem)
            source = io.BytesIO(text.encode("utf-8"))
        with warnings.catch_warnings():
            # pyogrio warns when a property mixes types (a number column with text in one
            # row) and keeps it as text: the validator reports such cells by row.
            warnings.filterwarnings("ignore", "Could not parse column", UserWarning)
            return gpd.read_file(source)
    except DataValidationError:
        raise
    except pyproj.exceptions.CRSError as error:
        message = f"the file's CRS cannot be parsed by pyproj ({error}); give e.g. EPSG:4326"
        raise DataValidationError(Problem(message, str(path), None, "crs")) from error
    except Exception as error:  # pyogrio/pandas raise many types; name the file
        detail = re.sub(r"'?/vsimem/[^' ]*'?", "the file", str(error))  # pyogrio's buffer
        message = f"cannot read the file ({type(error).__name__}: {detail})"
        raise DataValidationError(Problem(message, str(path))) from error


def _duplicates_across(frames: Iterable[tuple[str, gpd.GeoDataFrame]]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for name, frame in frames:
        for ident in frame["id"]:
            if ident in seen and seen[ident] != name:
                problems.append(
                    Problem(
                        f"id {ident!r} is also used in {seen[ident]}; ids must be unique",
                        name,
                        None,
                        "id",
                    )
                )
            seen.setdefault(ident, name)
    return problems


def _read_each(
    paths: PathLike | Sequence[PathLike], read: Callable[[str], gpd.GeoDataFrame]
) -> list[tuple[str, gpd.GeoDataFrame]]:
    """Read and validate every file; raise once with the problems of all of them."""
    parts: list[tuple[str, gpd.GeoDataFrame]] = []
    problems: list[Problem] = []
    for path in _expand(paths):
        try:
            parts.append((str(path), read(str(path))))
        except DataValidationError as error:
            problems.extend(error.problems)
    problems.extend(_duplicates_across(parts))
    if problems:
        raise DataValidationError(problems)
    return parts


def _read_node_files(paths: PathLike | Sequence[PathLike]) -> list[tuple[str, gpd.GeoDataFrame]]:
    """Read every node file, then validate each against the ids of all of them."""
    tables: list[tuple[str, gpd.GeoDataFrame]] = []
    problems: list[Problem] = []
    for path in _expand(paths):
        try:
            tables.append((str(path), read_table(path, kind="nodes")))
        except DataValidationError as error:
            problems.extend(error.problems)
    every_id = {
        str(ident).strip()
        for _, table in tables
        if "id" in table.columns
        for ident in table["id"].tolist()
        if isinstance(ident, str)
    }
    parts: list[tuple[str, gpd.GeoDataFrame]] = []
    for name, table in tables:
        try:
            parts.append((name, validate_nodes(table, name, node_ids=every_id)))
        except DataValidationError as error:
            problems.extend(error.problems)
    problems.extend(_duplicates_across(parts))
    if problems:
        raise DataValidationError(problems)
    return parts


def read_nodes(paths: PathLike | Sequence[PathLike] | gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Read and validate node files (or a folder of them, or a GeoDataFrame).

    Each file is validated on its own (so errors name it); a ``bonded_zone_of`` may name a
    node of another file, and ids must be unique across files.

    Parameters
    ----------
    paths
        A node file (GeoJSON, GeoPackage, Parquet or CSV with ``lon``/``lat`` in WGS84
        degrees), a folder of them, a list of either, or a GeoDataFrame.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per node, every contract column present, in EPSG:4326.

    Raises
    ------
    DataValidationError
        With every problem of every file, each naming its file, row and column.
    ParameterError
        If ``paths`` is not a path, a list of paths or a GeoDataFrame.

    Warns
    -----
    DataWarning
        For coordinates outside any plausible area (see ``validate_nodes``).

    Examples
    --------
    >>> from multimodal.io import data_dir, read_nodes
    >>> nodes = read_nodes(data_dir() / "nodes")
    >>> "XIAN_PORT" in set(nodes["id"])
    True
    """
    if isinstance(paths, gpd.GeoDataFrame):
        return validate_nodes(paths, "nodes")
    parts = _read_node_files(paths)
    nodes = pd.concat([frame for _, frame in parts], ignore_index=True)
    logger.info("read %d nodes from %d files", len(nodes), len(parts))
    return gpd.GeoDataFrame(nodes, geometry="geometry", crs=4326)


def read_links(
    paths: PathLike | Sequence[PathLike] | gpd.GeoDataFrame, nodes: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Read and validate link files against validated nodes.

    Parameters
    ----------
    paths
        A link file (GeoJSON, GeoPackage, Parquet, or CSV with an optional ``wkt``
        column), a folder of them, a list of either, or a (Geo)DataFrame.
    nodes
        The validated nodes (``read_nodes``); links must start and end at them.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per link, every contract column present, in EPSG:4326; a straight line
        between the end nodes where a file gives no geometry.

    Raises
    ------
    DataValidationError
        With every problem of every file, each naming its file, row and column.
    ParameterError
        If ``paths`` is not a path, a list of paths or a table.

    Examples
    --------
    >>> from multimodal.io import data_dir, read_links, read_nodes
    >>> nodes = read_nodes(data_dir() / "nodes")
    >>> links = read_links(data_dir() / "links", nodes)
    >>> sorted(set(links["mode"]))
    ['air', 'rail', 'road', 'sea']
    """
    if isinstance(paths, gpd.GeoDataFrame | pd.DataFrame):
        return validate_links(paths, nodes, "links")
    parts = _read_each(
        paths, lambda path: validate_links(read_table(path, kind="links"), nodes, path)
    )
    links = pd.concat([frame for _, frame in parts], ignore_index=True)
    logger.info("read %d links from %d files", len(links), len(parts))
    return gpd.GeoDataFrame(links, geometry="geometry", crs=4326)


def write_geojson_lines(frame: gpd.GeoDataFrame, path: PathLike) -> None:
    """Write a GeoDataFrame as GeoJSON with one feature per line (readable diffs).

    Parameters
    ----------
    frame
        The table to write; reprojected to EPSG:4326 (WGS84) first.
    path
        The file to write (UTF-8, Chinese names readable, missing numbers as null).
    """
    frame = frame.to_crs(4326)
    features = json.loads(frame.to_json(drop_id=True, na="null"))["features"]
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    body = ",\n".join(lines)
    Path(path).write_text(
        '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n", encoding="utf-8"
    )
