"""Generated bad network files: reading succeeds or raises ``DataValidationError``, never
another exception, and every table that is accepted satisfies the contract.

The contract is re-checked here from docs/data.md, independently of
``multimodal.schema`` (only its constant lists are shared). Example counts come from the
profile in ``tests/fuzz/conftest.py`` (``MULTIMODAL_FUZZ_PROFILE=nightly`` for thousands).
"""

from __future__ import annotations

import math
import re
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import LineString, Point
from toy import toy_tables

import multimodal as mm
from multimodal._geo import haversine_km
from multimodal.exceptions import DataWarning
from multimodal.io import write_geojson_lines
from multimodal.schema import (
    COST_BASES,
    COUNTRY_CODES,
    HUB_LEVELS,
    KNOWN_CORRIDORS,
    LINK_COLUMNS,
    NODE_COLUMNS,
    NODE_KINDS,
    PORT_STATUSES,
)

MODES = {"rail", "road", "sea", "air"}
NODE_ENUMS = ("kind", "country", "modes", "port_status", "port_modes", "hub_level",
              "designated", "bonded_zone_of", "reefer", "id", "name")  # fmt: skip
LINK_ENUMS = ("mode", "corridor", "bidirectional", "cost_basis", "from_node", "to_node",
              "timetable", "reefer", "year_opened", "gauge_mm")  # fmt: skip
NODE_NUMBERS = tuple(c.name for c in NODE_COLUMNS if c.kind in ("float", "int"))
LINK_NUMBERS = tuple(c.name for c in LINK_COLUMNS if c.kind in ("float", "int"))


def base_tables() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The toy network with every link drawn as a line; all columns as objects."""
    nodes, links = toy_tables()
    where = nodes.set_index("id").geometry
    links = links.set_geometry(
        [
            LineString([where[a].coords[0], where[b].coords[0]])
            for a, b in zip(links["from_node"], links["to_node"])
        ]
    )
    links["year_opened"] = [2013, None, None, 2016, None, None]
    links["bidirectional"] = True
    nodes["bonded_zone_of"] = ""
    for frame in (nodes, links):
        for column in frame.columns:
            if column != "geometry":
                frame[column] = frame[column].astype(object)
    return nodes, links


# -- what a cell may become -------------------------------------------------------------------
WORDS = st.sampled_from(
    ["", " ", "nan", "NA", "none", "inf", "-inf", "Infinity", "1e400", "yes", "no", "maybe",
     "cn", "China", "CN", "china_europe", "China-Europe", "road", "raod", "H", "h", "A ",
     "1435", "2019.5", "2020", "Wed 03:55", "Someday 25:00", "rail;road", "rail;boat",
     "formal", "temporary", "<script>", "汉中", "\x00", "é"]
)  # fmt: skip
CELLS = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.sampled_from([float("inf"), float("-inf"), -1.0, 0.0, 1e300, -0.0]),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    WORDS,
)


MUTATIONS = ("blank", "cell", "enum", "number", "swap", "metres", "drop_column", "line", "move")


@st.composite
def mutation(
    draw: st.DrawFn,
    nodes: gpd.GeoDataFrame,
    links: gpd.GeoDataFrame,
    only: tuple[str, ...] = MUTATIONS,
) -> str:
    """Apply one random change (of the kinds ``only``) to ``nodes`` or ``links`` in place;
    return its kind."""
    kind = draw(st.sampled_from(only))

    def put(frame: pd.DataFrame, row: int, column: str, value: object) -> None:
        if column not in frame.columns or frame[column].dtype != object:
            frame[column] = frame[column].astype(object) if column in frame else None
        frame.at[row, column] = value

    on_nodes = draw(st.booleans())
    frame = nodes if on_nodes else links
    row = draw(st.integers(0, len(frame) - 1))
    columns = [c for c in frame.columns if c != "geometry"]
    if kind == "blank":
        column = draw(st.sampled_from(columns))
        put(frame, row, column, draw(st.sampled_from([None, float("nan"), "", "  "])))
    elif kind == "cell":
        column = draw(st.sampled_from(columns))
        put(frame, row, column, draw(CELLS))
    elif kind == "enum":
        column = draw(st.sampled_from(NODE_ENUMS if on_nodes else LINK_ENUMS))
        put(frame, row, column, draw(st.one_of(WORDS, st.text(max_size=10))))
    elif kind == "number":
        column = draw(st.sampled_from(NODE_NUMBERS if on_nodes else LINK_NUMBERS))
        value = draw(
            st.sampled_from([float("nan"), float("inf"), float("-inf"), -5.0, 1e12, "inf"])
        )
        put(frame, row, column, value)
    elif kind == "swap":  # lat/lon swapped
        geom = frame.geometry.iloc[row]
        swapped = [(y, x) for x, y in geom.coords]
        frame.loc[row, "geometry"] = Point(swapped[0]) if on_nodes else LineString(swapped)
    elif kind == "metres":  # Web-Mercator metres with no CRS
        geom = frame.geometry.iloc[row]
        metres = [(x * 111_319.49, y * 111_319.49 * 1.2) for x, y in geom.coords]
        frame.loc[row, "geometry"] = Point(metres[0]) if on_nodes else LineString(metres)
    elif kind == "drop_column":
        frame.drop(columns=draw(st.sampled_from(columns)), inplace=True)
    elif kind == "line":  # reversed, or somewhere else entirely
        geom = links.geometry.iloc[row]
        coords = list(geom.coords)
        links.loc[row, "geometry"] = LineString(
            coords[::-1] if draw(st.booleans()) else [(-70.6, -33.4), (-71.6, -33.0)]
        )
    else:  # move a node by up to a few hundred km, or anywhere
        x = draw(st.floats(-400, 400, allow_nan=False))
        y = draw(st.floats(-200, 200, allow_nan=False))
        nodes.loc[row % len(nodes), "geometry"] = Point(x, y)
    return kind


# -- the contract, re-checked independently ----------------------------------------------------
def blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def check_node_contract(nodes: pd.DataFrame) -> None:
    assert {c.name for c in NODE_COLUMNS} <= set(nodes.columns)
    ids = nodes["id"].tolist()
    assert all(isinstance(i, str) and i.strip() for i in ids)
    assert len(set(ids)) == len(ids)
    for row in nodes.itertuples():
        assert isinstance(row.name, str)
        assert row.name.strip()
        assert row.kind in NODE_KINDS
        assert row.country in COUNTRY_CODES
        modes = [m.strip() for m in row.modes.split(";") if m.strip()]
        assert modes
        assert set(modes) <= MODES
        assert set(filter(None, (m.strip() for m in row.port_modes.split(";")))) <= MODES
        assert row.port_status in PORT_STATUSES
        assert row.hub_level in HUB_LEVELS
        assert row.bonded_zone_of in {"", *ids}
        assert row.bonded_zone_of != row.id
        assert isinstance(row.reefer, bool | np.bool_)
        point = row.geometry
        assert point.geom_type == "Point"
        assert -180 <= point.x <= 180
        assert -90 <= point.y <= 90
    for column in NODE_NUMBERS:
        values = nodes[column].to_numpy(float)
        assert not np.isinf(values).any()
        assert (np.nan_to_num(values) >= 0).all()


def check_link_contract(links: pd.DataFrame, nodes: pd.DataFrame) -> None:
    assert {c.name for c in LINK_COLUMNS} <= set(links.columns)
    ids = links["id"].tolist()
    assert len(set(ids)) == len(ids)
    where = dict(zip(nodes["id"], nodes.geometry))
    for row in links.itertuples():
        assert row.from_node in where
        assert row.to_node in where
        assert row.mode in MODES
        assert row.cost_basis in COST_BASES
        assert (
            row.corridor == ""
            or row.corridor in KNOWN_CORRIDORS
            or re.fullmatch(r"[a-z][a-z0-9_]*", row.corridor)
        )
        assert isinstance(row.bidirectional, bool | np.bool_)
        assert math.isfinite(row.distance_km)
        assert row.distance_km > 0
        assert math.isfinite(row.time_h)
        assert row.time_h > 0
        assert math.isfinite(row.cost_cny)
        assert row.cost_cny >= 0
        assert blank(row.year_opened) or (
            float(row.year_opened).is_integer() and 1800 <= row.year_opened <= 2100
        )
        if row.mode == "rail":
            assert row.gauge_mm in (1435, 1520)
        (x0, y0), (x1, y1) = row.geometry.coords[0], row.geometry.coords[-1]
        a, b = where[row.from_node], where[row.to_node]
        assert haversine_km(x0, y0, a.x, a.y) <= 25.0 + 1e-6
        assert haversine_km(x1, y1, b.x, b.y) <= 25.0 + 1e-6
    for column in LINK_NUMBERS:
        assert not np.isinf(links[column].to_numpy(float)).any()


def read_or_refuse(read, *args):
    """Run a reader; return its result, or None for a DataValidationError. Anything
    else (another exception, a warning other than DataWarning) fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", DataWarning)
        try:
            return read(*args)
        except mm.DataValidationError as error:
            refused = error
    assert refused.problems
    assert all(str(p) for p in refused.problems)
    return None


# -- the tests ---------------------------------------------------------------------------------
@given(data=st.data())
def test_mutated_tables(data):
    """Up to four changes to the toy tables, read in memory."""
    nodes, links = base_tables()
    kinds = [data.draw(mutation(nodes, links)) for _ in range(data.draw(st.integers(1, 4)))]
    network = read_or_refuse(mm.Network, nodes, links)
    if network is not None:
        check_node_contract(network.nodes)
        check_link_contract(network.links, network.nodes)
    assert kinds


@given(data=st.data(), fmt=st.sampled_from(["geojson", "csv"]))
def test_mutated_files(tmp_path_factory, data, fmt):
    """One or two changes, written as GeoJSON or CSV and read back through the files."""
    nodes, links = base_tables()
    for _ in range(data.draw(st.integers(1, 2))):
        data.draw(mutation(nodes, links))
    folder = tmp_path_factory.mktemp("net")
    node_file, link_file = folder / f"nodes.{fmt}", folder / f"links.{fmt}"
    try:
        if fmt == "geojson":
            write_geojson_lines(nodes.set_crs(4326, allow_override=True), node_file)
            write_geojson_lines(links.set_crs(4326, allow_override=True), link_file)
        else:
            table = nodes.drop(columns="geometry")
            table["lon"], table["lat"] = nodes.geometry.x, nodes.geometry.y
            table.to_csv(node_file, index=False)
            links.drop(columns="geometry").assign(wkt=links.geometry.to_wkt()).to_csv(
                link_file, index=False
            )
    except (ValueError, TypeError, UnicodeError):
        return  # the writer (not ours) refused the table: nothing to read
    network = read_or_refuse(mm.Network.from_files, node_file, link_file)
    if network is not None:
        check_node_contract(network.nodes)
        check_link_contract(network.links, network.nodes)


@given(
    content=st.one_of(
        st.binary(max_size=400),
        st.sampled_from([b"", b"{", b"[]", b"null", b"\xff\xfe{\x00", b'{"type":"Feature"}']),
    ),
    suffix=st.sampled_from([".geojson", ".csv", ".parquet", ".gpkg"]),
)
def test_random_bytes_as_a_file(tmp_path_factory, content, suffix):
    """Random bytes under every file suffix: refused by name, never a raw error."""
    path = tmp_path_factory.mktemp("bytes") / f"nodes{suffix}"
    path.write_bytes(content)
    nodes = read_or_refuse(mm.read_nodes, path)
    if nodes is not None:
        check_node_contract(nodes)


@given(cut=st.floats(0.0, 1.0), noise=st.binary(min_size=1, max_size=8), where=st.floats(0, 1))
def test_truncated_and_corrupted_geojson(tmp_path_factory, cut, noise, where):
    """A valid node file cut short, or with a few random bytes put in."""
    nodes, _ = base_tables()
    folder = tmp_path_factory.mktemp("cut")
    write_geojson_lines(nodes, folder / "good.geojson")
    good = (folder / "good.geojson").read_bytes()
    at = int(where * len(good))
    for name, content in (
        ("cut.geojson", good[: int(cut * len(good))]),
        ("noisy.geojson", good[:at] + noise + good[at:]),
    ):
        (folder / name).write_bytes(content)
        table = read_or_refuse(mm.read_nodes, folder / name)
        if table is not None:
            check_node_contract(table)
