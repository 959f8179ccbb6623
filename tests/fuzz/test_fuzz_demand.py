"""Generated bad demand tables: every outcome is a clean table or a MultimodalError, never a crash.

Families: random bytes as a CSV file, the built-in table in random encodings, truncated CSV
files, one cell of a valid table mutated, random tables (column names and cells drawn at
random) and odd headers. An accepted table must be clean ("never accept nonsense"):
node ids of the network, finite non-negative quantities, no true/false read as TEU.

Example counts come from the shared profile (tests/fuzz/conftest.py).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import multimodal as mm
from multimodal.demand import DEMAND_COLUMNS, demand_path, read_demand, validate_demand
from multimodal.exceptions import MultimodalError

NET = mm.load_network()
CSV = demand_path().read_text(encoding="utf-8")
HEAD = "\n".join(CSV.splitlines()[:12]) + "\n"  # header and 11 rows: quick to validate
RAW = pd.read_csv(demand_path(), dtype=str, keep_default_na=False).head(8)
IDS = set(NET.node_ids)

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "gb18030", "latin-1", "cp1252"]
READ = {"utf-8", "utf-8-sig", "utf-16", "gb18030"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz_demand")


def outcome(read) -> pd.DataFrame | MultimodalError:
    """A clean table (checked) or the MultimodalError raised on purpose; anything else fails."""
    try:
        clean = read()
    except MultimodalError as error:
        return error
    check_clean(clean)
    return clean


def check_clean(clean: pd.DataFrame) -> None:
    assert len(clean) > 0
    assert list(clean.columns[: len(DEMAND_COLUMNS)]) == list(DEMAND_COLUMNS)
    assert set(clean["origin"]) <= IDS
    assert set(clean["destination"]) <= IDS
    assert (clean["origin"] != clean["destination"]).all()
    for column in ("teu_per_week", "weight_t_per_week"):
        values = clean[column].to_numpy(dtype=float)
        assert np.isfinite(values).all()
        assert (values >= 0).all()
    assert clean["id"].is_unique


# -- files ------------------------------------------------------------------------------------
@given(data=st.binary(max_size=400))
def test_random_bytes(folder, data):
    path = folder / "random.csv"
    path.write_bytes(data)
    outcome(lambda: read_demand(path, NET))


@given(encoding=st.sampled_from(ENCODINGS), chinese=st.booleans())
def test_valid_table_in_random_encodings(folder, encoding, chinese):
    text = HEAD.replace("CITY_XIAN", "西安市") if chinese else HEAD
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
        encoding = "lossy"
    path = folder / "encoded.csv"
    path.write_bytes(data)
    result = outcome(lambda: read_demand(path, NET))
    if encoding in READ:
        assert isinstance(result, pd.DataFrame)
        assert len(result) == len(text.splitlines()) - 1


@given(cut=st.floats(0.0, 1.0), encoding=st.sampled_from(["utf-8", "utf-16", "gb18030"]))
def test_truncated_files(folder, cut, encoding):
    data = HEAD.replace("CITY_XIAN", "西安").encode(encoding)
    path = folder / "cut.csv"
    path.write_bytes(data[: int(len(data) * cut)])
    result = outcome(lambda: read_demand(path, NET))
    if isinstance(result, MultimodalError):
        assert "cut.csv" in str(result)


# -- cells ------------------------------------------------------------------------------------
CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.inf, -math.inf, "inf", "-1", "1e400", "1,5", "true", "no", "", " "]),
    st.text(max_size=10),
    st.sampled_from(["Xi'an", "西安市", "xiy", "duisburg", "汉堡", "Xain", "ALMATY", "reefer"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)


@given(row=st.integers(0, len(RAW) - 1), column=st.sampled_from(list(RAW.columns)), cell=CELLS)
def test_one_cell_mutated(row, column, cell):
    frame = RAW.astype(object).copy()
    frame.iat[row, list(frame.columns).index(column)] = cell
    outcome(lambda: validate_demand(frame, NET))


COLUMN_NAMES = st.sampled_from(
    [*DEMAND_COLUMNS, " Origin ", "TEU_PER_WEEK", "teu", "destinaton", "x", "", "id"]
) | st.text(max_size=6)


@given(
    columns=st.lists(COLUMN_NAMES, min_size=1, max_size=6),
    rows=st.integers(0, 4),
    data=st.data(),
)
def test_random_tables(columns, rows, data):
    table = {
        f"{name}" if k == 0 else name: data.draw(st.lists(CELLS, min_size=rows, max_size=rows))
        for k, name in enumerate(columns)
    }
    frame = pd.DataFrame(table)
    outcome(lambda: validate_demand(frame, NET))


@given(
    levels=st.integers(2, 3),
    width=st.integers(1, 4),
    header=st.sampled_from(["origin", "destination", "teu_per_week"]),
)
def test_multiindex_headers(levels, width, header):
    columns = pd.MultiIndex.from_tuples([(header,) * levels for _ in range(width)])
    frame = pd.DataFrame([["XIY"] * width], columns=columns)
    result = outcome(lambda: validate_demand(frame, NET))
    assert isinstance(result, mm.DataValidationError)
    assert "MultiIndex" in str(result)
