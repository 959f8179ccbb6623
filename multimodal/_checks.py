"""The contract checks that keep bad network files from passing silently (issue 12).

Country codes (ISO 3166-1 alpha-2), a required value blank in one row, references to
other nodes (``bonded_zone_of``), corridor names, opening years, coordinates that are not
degrees (metres, lat/lon swapped), link lines that do not run between their end nodes,
and implausible places (a ``DataWarning``). ``multimodal.schema`` calls these from
``validate_nodes`` and ``validate_links``; each appends ``Problem`` records (file, row,
column, fix) so that every problem of a table is reported at once.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Sequence

import pandas as pd
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from . import _iso3166
from ._geo import haversine_km
from ._validate import is_missing, row_label, suggest
from .exceptions import DataWarning, Problem

#: The corridors of the built-in network (``docs/data.md``). A network of one's own may
#: name its own corridors in lower_snake_case; a name close to one of these (a misspelling
#: or another spelling, such as ``"China-Europe"``) is refused with the known name.
KNOWN_CORRIDORS = frozenset(
    {
        "china_europe",
        "trans_caspian",
        "western_land_sea",
        "eastern_rail_sea",
        "domestic_rail",
        "feeder",
        "road",
        "sea_asia_europe",
        "sea_southeast_asia",
        "air_international",
        "air_domestic",
    }
)

#: The ISO 3166-1 alpha-2 country codes accepted in the ``country`` column.
COUNTRY_CODES = _iso3166.CODES
#: ``year_opened`` is a whole year in this range.
YEAR_RANGE = (1800, 2100)
#: How far (km) a link line's first and last points may lie from its end nodes.
LINE_END_TOLERANCE_KM = 25.0
#: Latitudes (degrees) outside which no freight terminal exists (south of Ushuaia,
#: north of Alert): a node there draws a ``DataWarning``.
PLAUSIBLE_LATITUDES = (-56.0, 83.0)
#: Box (lon min, lat min, lon max, lat max) around mainland China and Hainan: a ``CN``
#: node outside it draws a ``DataWarning`` (customs rules depend on the country).
CHINA_BOX = (73.0, 18.0, 135.5, 54.0)


def _ids(frame: pd.DataFrame) -> list[object] | None:
    """The row ids used in messages (``row_label``), if the table has an id column."""
    return frame["id"].tolist() if "id" in frame.columns else None


def _degrees_problem(x: float, y: float) -> str | None:
    """What is wrong with ``(x, y)`` as WGS84 longitude and latitude, or None if nothing."""
    if not (math.isfinite(x) and math.isfinite(y)):
        return f"({x:g}, {y:g}) is not a lon/lat in degrees: a coordinate is not finite"
    if -180 <= x <= 180 and -90 <= y <= 90:
        return None
    if abs(x) > 1_000 or abs(y) > 1_000:
        return (
            f"({x:,.0f}, {y:,.0f}) is not a lon/lat in degrees: looks like metres (a "
            "projected CRS such as EPSG:3857); set the CRS of the file or reproject to "
            "EPSG:4326"
        )
    if -90 <= x <= 90 and -180 <= y <= 180:
        return f"({x:g}, {y:g}) is not a lon/lat in degrees: lat/lon swapped? give (lon, lat)"
    return f"({x:g}, {y:g}) is not a lon/lat in degrees; give WGS84 longitude and latitude"


def check_node_points(frame: pd.DataFrame, file: str | None, problems: list[Problem]) -> None:
    """Every node is a point given as WGS84 longitude and latitude."""
    ids = _ids(frame)
    for position, geom in enumerate(frame.geometry):
        label = row_label(ids, position)
        if geom is None or geom.is_empty:
            message: str | None = "missing geometry; give a point (lon, lat)"
        elif geom.geom_type != "Point":
            message = f"geometry is a {geom.geom_type}; nodes are points"
        else:
            message = _degrees_problem(geom.x, geom.y)
            message = f"point {message}" if message else None
        if message:
            problems.append(Problem(message, file, label, "geometry"))


def warn_implausible_points(frame: pd.DataFrame, file: str | None) -> None:
    """Warn (``DataWarning``) about nodes at (0, 0), near the poles, or CN nodes abroad."""
    ids = _ids(frame)
    low, high = PLAUSIBLE_LATITUDES
    lon_min, lat_min, lon_max, lat_max = CHINA_BOX
    for position, (geom, country) in enumerate(zip(frame.geometry, frame["country"])):
        x, y = geom.x, geom.y
        if x == 0 and y == 0:
            why = "lies at (0, 0), where a blank coordinate written as 0 ends up"
        elif not low <= y <= high:
            why = f"lies at latitude {y:g}, where no freight terminal exists"
        elif country == "CN" and not (lon_min <= x <= lon_max and lat_min <= y <= lat_max):
            why = f"({x:g}, {y:g}) lies outside China although country is 'CN'"
        else:
            continue
        problem = Problem(
            f"point {why}; check the coordinates (lat/lon swapped? a sign lost?)",
            file,
            row_label(ids, position),
            "geometry",
        )
        warnings.warn(str(problem), DataWarning, stacklevel=4)


def check_blanks(
    frame: pd.DataFrame,
    columns: Iterable[tuple[str, str]],
    file: str | None,
    problems: list[Problem],
    *,
    ids: Sequence[object] | None = None,
) -> None:
    """Report each blank cell of the required text ``columns`` (name, meaning) present.

    Rows are named by ``ids`` when given, else by the table's ``id`` column.
    """
    ids = _ids(frame) if ids is None else ids
    for name, doc in columns:
        if name not in frame.columns:
            continue  # reported as a missing column
        for position, cell in enumerate(frame[name].tolist()):
            if is_missing(cell):
                what = f" ({doc})" if doc else ""
                message = f"missing value; every row needs a {name}{what}"
                problems.append(Problem(message, file, row_label(ids, position), name))


def check_countries(raw: pd.DataFrame, file: str | None, problems: list[Problem]) -> None:
    """Every country is an ISO 3166-1 alpha-2 code; a blank in a present column is refused."""
    if "country" not in raw.columns:
        return  # the whole column takes the default, 'CN'
    ids = _ids(raw)
    for position, cell in enumerate(raw["country"].tolist()):
        if isinstance(cell, str) and cell.strip() in COUNTRY_CODES:
            continue
        label = row_label(ids, position)
        if (isinstance(cell, str) and not cell.strip()) or (
            not isinstance(cell, str) and is_missing(cell)
        ):
            message = "missing country; give the ISO 3166-1 alpha-2 code (e.g. 'CN')"
        else:
            message = f"unknown country code {cell!r}; {_iso3166.country_fix(cell)}"
        problems.append(Problem(message, file, label, "country"))


def check_bonded_refs(
    frame: pd.DataFrame, node_ids: set[object], file: str | None, problems: list[Problem]
) -> None:
    """``bonded_zone_of`` is blank or the id of another node."""
    ids = _ids(frame)
    for position, (ident, ref) in enumerate(zip(frame["id"], frame["bonded_zone_of"])):
        if ref == "" or (ref in node_ids and ref != ident):
            continue
        if is_missing(ref):
            fix = "it reads as a blank; leave the cell empty for none"
        elif ref == ident:
            fix = "a bonded zone is served by another node; name it or leave the cell blank"
        else:
            close = suggest(ref, node_ids)
            fix = (
                "did you mean " + ", ".join(repr(c) for c in close) + "?"
                if close
                else "give the id of the node that serves the zone, or leave it blank"
            )
        message = f"bonded_zone_of {ref!r} is not a node id; {fix}"
        problems.append(Problem(message, file, row_label(ids, position), "bonded_zone_of"))


_SNAKE = re.compile(r"[a-z][a-z0-9_]*")


def check_corridors(frame: pd.DataFrame, file: str | None, problems: list[Problem]) -> None:
    """A corridor is blank, a known corridor, or a lower_snake_case name of one's own.

    A name close to a known corridor (a misspelling, other case, dashes) is refused with
    the known name, so that scenario changes by corridor find the links.
    """
    ids = _ids(frame)
    for position, cell in enumerate(frame["corridor"].tolist()):
        if cell == "" or cell in KNOWN_CORRIDORS:
            continue
        text = str(cell)
        if is_missing(text):
            message = f"corridor {text!r} reads as a blank; leave the cell empty for none"
            problems.append(Problem(message, file, row_label(ids, position), "corridor"))
            continue
        key = re.sub(r"[\s\-]+", "_", text.strip().lower())
        close = [key] if key in KNOWN_CORRIDORS else suggest(key, KNOWN_CORRIDORS, 1, 0.75)
        if close:
            message = f"unknown corridor {text!r}; did you mean {close[0]!r}?"
        elif _SNAKE.fullmatch(text):
            continue  # a corridor of the user's own network
        else:
            message = (
                f"corridor {text!r} is not a corridor name; use a known corridor ("
                + ", ".join(sorted(KNOWN_CORRIDORS))
                + ") or a lower_snake_case name of your own"
            )
        problems.append(Problem(message, file, row_label(ids, position), "corridor"))


def check_years(frame: pd.DataFrame, file: str | None, problems: list[Problem]) -> None:
    """``year_opened`` is blank or a whole year in ``YEAR_RANGE``."""
    ids = _ids(frame)
    first, last = YEAR_RANGE
    for position, year in enumerate(frame["year_opened"].to_numpy(float)):
        if math.isnan(year) or (year.is_integer() and first <= year <= last):
            continue
        message = f"year_opened {year:g} is not a year; give a whole year {first}-{last}"
        problems.append(Problem(message, file, row_label(ids, position), "year_opened"))


def _end_problem(line: BaseGeometry, a: Point, b: Point) -> str | None:
    """What is wrong with where a link line starts and ends, or None if nothing."""
    points = list(line.coords)
    for x, y, *_ in points:
        wrong = _degrees_problem(x, y)
        if wrong:
            return f"line point {wrong}"
    (x0, y0, *_), (x1, y1, *_) = points[0], points[-1]

    def near(x: float, y: float, node: Point) -> bool:
        return bool(haversine_km(x, y, node.x, node.y) <= LINE_END_TOLERANCE_KM)

    if near(x0, y0, a) and near(x1, y1, b):
        return None
    if near(x0, y0, b) and near(x1, y1, a):
        return "geometry runs to_node -> from_node: reverse it"
    if near(y0, x0, a) and near(y1, x1, b):
        return "line coordinates are (lat, lon): lat/lon swapped; give (lon, lat)"
    start_km = float(haversine_km(x0, y0, a.x, a.y))
    end_km = float(haversine_km(x1, y1, b.x, b.y))
    return (
        f"line starts {start_km:,.0f} km from from_node and ends {end_km:,.0f} km from "
        f"to_node; its ends must lie within {LINE_END_TOLERANCE_KM:g} km of the nodes "
        "(check the geometry or the node coordinates)"
    )


def check_line_ends(
    frame: pd.DataFrame,
    coords: dict[object, Point],
    given: list[bool],
    file: str | None,
    problems: list[Problem],
) -> None:
    """Each given line starts near ``from_node`` and ends near ``to_node``."""
    ids = _ids(frame)
    rows = zip(frame.geometry, frame["from_node"], frame["to_node"], given)
    for position, (line, start, end, was_given) in enumerate(rows):
        message = _end_problem(line, coords[start], coords[end]) if was_given else None
        if message:
            problems.append(Problem(message, file, row_label(ids, position), "geometry"))
