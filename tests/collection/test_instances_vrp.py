"""Readers for VRPLIB and Solomon files, checked against the shared files and published tours.

Oracles: the numbers printed in each file (read here by plain string handling, not by the
reader), and the published optimal tours of CVRPLIB (``.sol`` files in PyVRP/VRPLIB
``data/CVRPLIB`` and ``tests/data/cvrplib``, commit 8672055b / 0e445020), whose cost,
recomputed here with our own arithmetic, must equal the known optimum. That ties the
coordinates, the node order and the rounding convention together.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from multimodal.collection import VrpInstance, euclidean_matrix
from multimodal.exceptions import DataValidationError
from multimodal.instances.vrp import read_instance, read_solomon, read_vrplib

# Tests that read the shared files take the ``datasets`` fixture (skipped without them);
# the tiny hand-written files below run everywhere.

# file: (dimension, capacity, optimum, optimum from COMMENT?)
CVRP_FILES = {
    "A-n32-k5.vrp": (32, 100, 784.0, True),
    "A-n33-k5.vrp": (33, 100, 661.0, False),
    "A-n37-k6.conganwoz.txt": (37, 100, 949.0, False),
    "A-n45-k6.vrp": (45, 100, 944.0, True),
    "A-n60-k9.vrp": (60, 100, 1354.0, False),
    "E-n51-k5.vrp": (51, 160, 521.0, True),
    "X-n101-k25.vrp": (101, 206, 27591.0, False),
}
SOLOMON_FILES = {"C101.txt": 827.3, "R101.txt": 1637.7, "RC101.txt": 1619.8}

# Published optimal / best-known tours; customer k is the k-th node after the depot.
PUBLISHED_TOURS = {
    "cvrp/A-n33-k5.vrp": "15 17 9 3 16 29|12 5 26 7 8 13 32 2|20 4 27 25 30 10|23 28 18 22|"
    "24 6 19 14 21 1 31 11",
    "cvrp/A-n37-k6.conganwoz.txt": "7 25 35 16|18 31 19 9 21 26|14 6 36 29 24|"
    "33 2 28 23 22 12 11 10 4|13 30 15 32 27|20 8 5 3 1 34 17",
    "cvrp/A-n60-k9.vrp": "2 1 48 22 36 31|4 21 53 30 49 44 28 6|7 29 13 8 15 55 35|"
    "10 54 5 45 42|14 47 23 58 24 34|16 20 3 11 40 46 25|18 52 59 38 33 41|"
    "19 27 57 37 17 26 39|32 9 51 12 56 43 50",
    "cvrp/X-n101-k25.vrp": "1 70 54|3 77 63|4 13 74|5 12 58|7 2 45 43 29 36 72 57|8 17|"
    "14 49 6 37 87|15 22 41 20|18 10 39|19 97 27|21 56 94 80|23 61 100|24 95 73 53 33 32|"
    "25 65 78 42 28|30 85 11 79|31 46 35|34 64 96 48 26 47 38|40 67 88 44|50 91 52|"
    "59 60 82|66 84 90 68|69 16 55 76|71 62 99 98 89|75 93|81 51 83|86 9 92",
    "vrptw-solomon/C101.txt": "5 3 7 8 10 11 9 6 4 2 1 75|13 17 18 19 15 16 14 12|"
    "20 24 25 27 29 30 28 26 23 22 21|32 33 31 35 37 38 39 36 34|"
    "43 42 41 40 44 46 45 48 51 50 52 49 47|57 55 54 53 56 58 60 59|"
    "67 65 63 62 74 72 61 64 68 66 69|81 78 76 71 70 73 77 79 80|"
    "90 87 86 83 82 84 85 88 89 91|98 96 95 94 92 93 97 100 99",
    "vrptw-solomon/R101.txt": "2 21 73 41 56 4|5 83 61 85 37 93|12 76 79 3 54 24 80|"
    "14 44 38 43 13|27 69 30 51 20 32 70|28 29 78 34 35 77|31 88 7|33 81 50 68|"
    "36 47 19 8 46 17|39 23 67 55 25|40 53 26|45 82 18 84 60 89|52 6|59 99 94 96|"
    "62 11 90 10|63 64 49 48|65 71 9 66 1|72 75 22 74 58|92 42 15 87 57 97|"
    "95 98 16 86 91 100",
    "vrptw-solomon/RC101.txt": "5 45 2 7 6 8 3 1 70|23 21 18 49 22 20 25 24|"
    "39 42 44 61 81 68 55|47 14 12 73 79 46 4 100|59 75 87 97 58 77|"
    "63 33 28 30 34 50 91 80|64 51 85 84 56 66|65 52 99 57 86 74|69 98 88 53 78 60|"
    "72 36 38 41 40 43 37 35|82 11 15 16 9 10 13 17|83 19 76 89 48|90|"
    "92 31 29 27 26 32 93|95 62 67 71 94 96 54",
}


def _plain_demands(path: Path) -> list[int]:
    """Demands by plain string handling: the second number of each DEMAND_SECTION row."""
    lines = path.read_text().splitlines()
    if lines[0].strip().isdigit():  # the bare numeric A-n37-k6 layout
        dimension = int(lines[0])
        rows = [line.split() for line in lines[4:] if line.strip()]
        return [int(r[1]) for r in rows[dimension : 2 * dimension]]
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("DEMAND_SECTION"))
    out = []
    for line in lines[start + 1 :]:
        parts = line.split()
        if not parts or not parts[0].isdigit():
            break
        out.append(int(parts[1]))
    return out


def _own_distance(a: tuple[float, float], b: tuple[float, float], rounding: str) -> float:
    d = math.hypot(a[0] - b[0], a[1] - b[1])
    if rounding == "nint":
        return float(int(d + 0.5))
    return math.floor(d * 10 + 1e-9) / 10


@pytest.mark.parametrize("name", sorted(CVRP_FILES))
def test_cvrp_files_read(name: str, datasets: Path) -> None:
    """Dimension, capacity, total demand and optimum of every shared CVRP file."""
    dimension, capacity, optimum, from_comment = CVRP_FILES[name]
    inst = read_vrplib(datasets / "cvrp" / name)
    assert isinstance(inst, VrpInstance)
    assert inst.kind == "cvrp"
    assert inst.rounding == "nint"
    assert inst.dimension == dimension
    assert inst.num_customers == dimension - 1
    assert inst.capacity == capacity
    plain = _plain_demands(datasets / "cvrp" / name)
    assert len(plain) == dimension
    assert inst.total_demand == sum(plain)
    assert inst.demand[0] == 0
    assert inst.optimum == optimum
    assert (inst.optimum_source == "COMMENT line") == from_comment
    assert inst.coords.shape == (dimension, 2)
    assert inst.node_ids[0] == 1  # depot first


def test_header_stripped_files_say_what_was_assumed(datasets: Path) -> None:
    inst = read_vrplib(datasets / "cvrp" / "A-n33-k5.vrp")
    assert inst.name == "A-n33-k5"
    assert any("EUC_2D" in note for note in inst.notes)
    assert any("depot taken as node 1" in note for note in inst.notes)
    bare = read_vrplib(datasets / "cvrp" / "A-n37-k6.conganwoz.txt")
    assert bare.name == "A-n37-k6"
    assert any("bare numeric" in note for note in bare.notes)


@pytest.mark.parametrize("name", sorted(SOLOMON_FILES))
def test_solomon_files_read(name: str, datasets: Path) -> None:
    inst = read_solomon(datasets / "vrptw-solomon" / name)
    assert inst.kind == "vrptw"
    assert inst.rounding == "trunc1"
    assert inst.dimension == 101
    assert inst.num_vehicles == 25
    assert inst.capacity == 200
    assert inst.optimum == SOLOMON_FILES[name]
    rows = [
        line.split()
        for line in (datasets / "vrptw-solomon" / name).read_text().splitlines()
        if line.split() and line.split()[0].isdigit() and len(line.split()) == 7
    ]
    assert len(rows) == 101
    assert inst.due_time is not None
    assert inst.service_time is not None
    assert inst.ready_time is not None
    assert inst.total_demand == sum(int(r[3]) for r in rows)
    assert inst.due_time[0] == float(rows[0][5])  # horizon
    assert np.array_equal(inst.service_time, [float(r[6]) for r in rows])
    assert np.array_equal(inst.ready_time, [float(r[4]) for r in rows])


@pytest.mark.parametrize("relative", sorted(PUBLISHED_TOURS))
def test_published_tours_cost_the_known_optimum(relative: str, datasets: Path) -> None:
    """Recompute the published tours' cost with our own arithmetic: it is the optimum."""
    inst = read_instance(datasets / relative)
    tours = [[int(v) for v in tour.split()] for tour in PUBLISHED_TOURS[relative].split("|")]
    visited = sorted(v for tour in tours for v in tour)
    assert visited == list(range(1, inst.num_customers + 1))
    total = 0.0
    for tour in tours:
        path = [0, *tour, 0]
        total += sum(
            _own_distance(tuple(inst.coords[a]), tuple(inst.coords[b]), inst.rounding)
            for a, b in itertools.pairwise(path)
        )
        assert sum(inst.demand[v] for v in tour) <= inst.capacity
    assert total == pytest.approx(inst.optimum, abs=1e-6)
    # The instance's own matrix agrees with the independent arithmetic.
    matrix = inst.distance_matrix()
    assert sum(
        matrix[a, b] for tour in tours for a, b in zip([0, *tour], [*tour, 0], strict=True)
    ) == pytest.approx(inst.optimum, abs=1e-6)


def test_solomon_published_tours_respect_windows(datasets: Path) -> None:
    """R101's published tours keep every window under the truncated-time convention."""
    inst = read_solomon(datasets / "vrptw-solomon" / "R101.txt")
    assert inst.ready_time is not None
    assert inst.due_time is not None
    assert inst.service_time is not None
    matrix = inst.distance_matrix()
    for tour in PUBLISHED_TOURS["vrptw-solomon/R101.txt"].split("|"):
        clock, previous = 0.0, 0
        for node in (int(v) for v in tour.split()):
            clock = max(clock + matrix[previous, node], inst.ready_time[node])
            assert clock <= inst.due_time[node] + 1e-9
            clock += inst.service_time[node]
            previous = node
        assert clock + matrix[previous, 0] <= inst.due_time[0] + 1e-9


def test_euclidean_conventions() -> None:
    coords = np.array([[0.0, 0.0], [3.0, 4.0], [1.0, 1.0]])
    assert euclidean_matrix(coords, "nint")[0, 2] == 1.0  # 1.414 -> 1
    assert euclidean_matrix(coords, "trunc1")[0, 2] == 1.4
    assert euclidean_matrix(coords, "trunc1")[0, 1] == 5.0  # exact decimals stay put
    assert euclidean_matrix(coords, "exact")[0, 2] == pytest.approx(math.sqrt(2))
    with pytest.raises(ValueError, match="rounding"):
        euclidean_matrix(coords, "ceil")


def test_instance_is_frozen(datasets: Path) -> None:
    inst = read_vrplib(datasets / "cvrp" / "A-n32-k5.vrp")
    with pytest.raises(AttributeError):
        inst.capacity = 5  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        inst.demand[1] = 0


def test_read_instance_tells_formats_apart(datasets: Path) -> None:
    assert read_instance(datasets / "vrptw-solomon" / "C101.txt").kind == "vrptw"
    assert read_instance(datasets / "cvrp" / "E-n51-k5.vrp").kind == "cvrp"


# --------------------------------------------------------------------------- malformed

GOOD_VRP = """NAME : tiny
COMMENT : (test, Optimal value: 10)
TYPE : CVRP
DIMENSION : 3
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 10
NODE_COORD_SECTION
1 0 0
2 3 4
3 6 8
DEMAND_SECTION
1 0
2 4
3 5
DEPOT_SECTION
1
-1
EOF
"""


def _write(tmp_path: Path, text: str, name: str = "bad.vrp") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_good_tiny_file(tmp_path: Path) -> None:
    inst = read_vrplib(_write(tmp_path, GOOD_VRP))
    assert inst.name == "tiny"
    assert inst.optimum == 10.0
    assert list(inst.demand) == [0, 4, 5]


@pytest.mark.parametrize(
    ("old", "new", "match", "line"),
    [
        ("2 3 4\n", "2 3 four\n", "y coordinate 'four' is not a number", 9),
        ("DIMENSION : 3\n", "", "missing 'DIMENSION", None),
        ("DIMENSION : 3\n", "DIMENSION : 4\n", "DIMENSION is 4 but NODE_COORD_SECTION has 3", None),
        ("EUC_2D", "GEO", "EDGE_WEIGHT_TYPE 'GEO' is not supported", 5),
        ("3 5\n", "3 50\n", "exceeds the vehicle capacity 10", 14),
        ("3 5\n", "3 -5\n", "negative demand", 14),
        ("2 4\n", "2 4 7\n", "expected 'id demand'", 13),
        ("TYPE : CVRP", "TYPE : TSP", "TYPE 'TSP' is not supported", 3),
    ],
)
def test_malformed_vrplib(tmp_path: Path, old: str, new: str, match: str, line: int | None) -> None:
    """Each malformed file gives a DataValidationError naming the file and the line."""
    assert old in GOOD_VRP
    path = _write(tmp_path, GOOD_VRP.replace(old, new, 1))
    with pytest.raises(DataValidationError, match=match) as info:
        read_vrplib(path)
    assert str(path) in str(info.value)
    problem = next(p for p in info.value.problems if match.split("'")[0] in p.message)
    assert problem.file == str(path)
    if line is not None:
        assert problem.row == line


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError, match="file not found"):
        read_vrplib(tmp_path / "nope.vrp")
    with pytest.raises(DataValidationError, match="file not found"):
        read_solomon(tmp_path / "nope.txt")


GOOD_SOLOMON = """TINY

VEHICLE
NUMBER     CAPACITY
  2         10

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0         0          0          0       100          0
    1      3         4          5          0        50         10
    2      6         8          5         10        60         10
"""


@pytest.mark.parametrize(
    ("old", "new", "match", "line"),
    [
        ("TINY", "TINY", None, None),
        ("  2         10\n", "  2\n", "expected 'NUMBER CAPACITY' values", 5),
        (
            "    2      6         8          5         10        60         10\n",
            "    2      6         8          5         10        60\n",
            "expected 7 numbers",
            12,
        ),
        ("10        60", "70        60", "ready time 70 is after the due date 60", 12),
        ("    1      3", "    5      3", "customer id 5 out of order", 11),
        ("VEHICLE\n", "", "missing the 'VEHICLE' or 'CUSTOMER' block", None),
        ("5          0        50", "x          0        50", "demand 'x' is not a number", 11),
    ],
)
def test_malformed_solomon(
    tmp_path: Path, old: str, new: str, match: str | None, line: int | None
) -> None:
    assert old in GOOD_SOLOMON
    path = _write(tmp_path, GOOD_SOLOMON.replace(old, new, 1), "bad.txt")
    if match is None:
        assert read_solomon(path).num_customers == 2
        return
    with pytest.raises(DataValidationError, match=match) as info:
        read_solomon(path)
    if line is not None:
        assert any(p.row == line and p.file == str(path) for p in info.value.problems)


# --------------------------------------------------------------------------- vrplib variants


def _plain_coords(path: Path) -> np.ndarray:
    """Coordinates by plain string handling, in node-id order (the depot is node 1 / 0)."""
    lines = path.read_text().splitlines()
    if lines[0].strip().isdigit():
        rows = [line.split() for line in lines[4:] if line.strip()][: int(lines[0])]
    elif "VEHICLE" in path.read_text():
        rows = [line.split() for line in lines if line.split()[:1] and line.split()[0].isdigit()]
        rows = [row for row in rows if len(row) == 7]
    else:
        start = next(i for i, line in enumerate(lines) if "NODE_COORD_SECTION" in line)
        rows = []
        for line in lines[start + 1 :]:
            if not line.split() or not line.split()[0].isdigit():
                break
            rows.append(line.split())
    return np.array([[float(r[1]), float(r[2])] for r in sorted(rows, key=lambda r: int(r[0]))])


@pytest.mark.parametrize(
    "relative",
    [f"cvrp/{name}" for name in sorted(CVRP_FILES)]
    + [f"vrptw-solomon/{name}" for name in sorted(SOLOMON_FILES)],
)
def test_coordinates_and_ids_match_the_text(relative: str, datasets: Path) -> None:
    """vrplib drops the node ids: the ids and coordinates still match the file, in order."""
    inst = read_instance(datasets / relative)
    plain = _plain_coords(datasets / relative)
    assert np.array_equal(inst.coords, plain)
    assert inst.coords.dtype == np.float64
    assert inst.demand.dtype == np.int64
    first = 0 if inst.kind == "vrptw" else 1
    assert inst.node_ids == tuple(range(first, first + inst.dimension))


def test_vrplib_variants_read_here(tmp_path: Path) -> None:
    """Colon-less specification lines and '#' comments (vrplib needs colons)."""
    text = GOOD_VRP.replace("DIMENSION : 3", "DIMENSION 3").replace(
        "NAME : tiny", "# a note\nNAME : tiny"
    )
    inst = read_vrplib(_write(tmp_path, text))
    assert inst.dimension == 3
    assert inst.name == "tiny"
    assert list(inst.demand) == [0, 4, 5]


@pytest.mark.parametrize(
    ("old", "new", "match", "line"),
    [
        ("2 3 4\n", "2 inf 4\n", "x coordinate 'inf' is not a finite number", 9),
        ("1\n-1", "1 x\n-1", "expected one node id per DEPOT_SECTION row", 16),
        ("1\n-1", "nan\n-1", "depot id 'nan' is not a finite number", 16),
        (
            "EOF",
            "CAPACITY : 10\nEOF",
            "'KEY : value' line 'CAPACITY : 10' after a data section",
            18,
        ),
        ("NAME : tiny", "2.5 : tiny", "unexpected line '2.5 : tiny' outside any section", 1),
        (
            "DEPOT_SECTION",
            "EDGE_WEIGHT_SECTION",
            "section EDGE_WEIGHT_SECTION is not supported",
            15,
        ),
    ],
)
def test_vrplib_refusals_name_the_line(
    tmp_path: Path, old: str, new: str, match: str, line: int
) -> None:
    assert old in GOOD_VRP
    path = _write(tmp_path, GOOD_VRP.replace(old, new, 1))
    with pytest.raises(DataValidationError, match=match) as info:
        read_vrplib(path)
    assert any(p.row == line and p.file == str(path) for p in info.value.problems)


def test_solomon_values_vrplib_misreads_come_from_the_text(tmp_path: Path) -> None:
    """vrplib reads Solomon values as integers (40.5 and 1e1 would become -1)."""
    text = GOOD_SOLOMON.replace("    1      3         4", "    1      3.5       1e1", 1)
    inst = read_solomon(_write(tmp_path, text, "decimal.txt"))
    assert inst.coords[1].tolist() == [3.5, 10.0]
    assert any("read from the text" in note for note in inst.notes)
    plain = read_solomon(_write(tmp_path, GOOD_SOLOMON, "plain.txt"))
    assert not any("read from the text" in note for note in plain.notes)
    depot_only = GOOD_SOLOMON.split("    1      3")[0]
    assert read_solomon(_write(tmp_path, depot_only, "one.txt")).dimension == 1


@pytest.mark.parametrize(
    ("old", "new", "match", "line"),
    [
        ("CUST NO.  XCOORD.", "XCOORD.", "expected 'CUST NO. XCOORD.", 8),
        ("NUMBER     CAPACITY\n", "", "expected 'NUMBER CAPACITY' here", 4),
        ("    2      6", "    x      6", "customer id 'x' is not a number", 12),
        (
            "    0      0         0          0          0       100",
            "    0  inf  0  0  0  100",
            "x 'inf'",
            10,
        ),
    ],
)
def test_solomon_layout_refusals_name_the_line(
    tmp_path: Path, old: str, new: str, match: str, line: int
) -> None:
    assert old in GOOD_SOLOMON
    path = _write(tmp_path, GOOD_SOLOMON.replace(old, new, 1), "bad.txt")
    with pytest.raises(DataValidationError, match=match) as info:
        read_solomon(path)
    assert any(p.row == line for p in info.value.problems)
