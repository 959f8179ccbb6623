"""Reader of the TNTP traffic-assignment instances (Transportation Networks for Research).

The format (https://github.com/bstabler/TransportationNetworks) has metadata lines
``<KEY> value`` up to ``<END OF METADATA>``, comments from ``~`` to the end of a line, and
rows that end with ``;``:

- ``<name>_net.tntp``: one directed link per row, ``init_node term_node capacity length
  free_flow_time b power speed toll link_type``; the link time is BPR,
  ``free_flow_time * (1 + b (flow / capacity)^power)``. ``<FIRST THRU NODE> f``: nodes
  numbered below ``f`` are zones that no path may pass through.
- ``<name>_trips.tntp``: ``Origin i`` blocks of ``destination : flow;`` pairs.
- ``<name>_flow.tntp`` (optional): the best-known equilibrium, ``from to volume cost``.
- ``<name>_node.tntp`` (optional): ``node X Y``; or a ``*nodes.geojson`` of points.

``read_tntp`` returns a ``TntpInstance`` whose ``problem`` goes straight into
``multimodal.solve_equilibrium``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..equilibrium.delay import _DelayArrays
from ..equilibrium.problem import EquilibriumProblem
from ..exceptions import DataValidationError, ParameterError, Problem

__all__ = ["TntpInstance", "read_tntp"]

_NET_COLUMNS = ("init_node", "term_node", "capacity", "length", "free_flow_time", "b", "power")
_OPTIONAL_COLUMNS = ("speed", "toll", "link_type")
_METADATA = re.compile(r"^\s*<([^>]+)>\s*(.*)$")


@dataclass(frozen=True, eq=False, repr=False)
class TntpInstance:
    """A TNTP instance: the tables as read and the equilibrium problem they define.

    Attributes
    ----------
    name
        The instance name (the file name before ``_net.tntp``).
    links
        One row per directed link as in the file (``init_node``, ``term_node``,
        ``capacity``, ``length``, ``free_flow_time``, ``b``, ``power``, ``speed``,
        ``toll``, ``link_type``), in the file's units (see its ``SOURCE.md``).
    demand
        One row per OD pair with positive flow: ``origin``, ``destination``, ``flow``.
    nodes
        ``node``, ``x``, ``y`` from the node file, or None when there is none.
    metadata
        The ``<KEY> value`` header of the net file (keys upper case).
    first_thru_node
        Nodes numbered below it are zones no path passes through.
    problem
        The equilibrium problem (vertex ``i`` is node ``i + 1``), link cost = BPR time +
        ``toll_factor x toll + distance_factor x length`` (factors from the metadata
        ``<TOLL FACTOR>``/``<DISTANCE FACTOR>`` if the file gives them, else 0).
    best_known_flow
        The ``_flow.tntp`` volumes aligned with ``links`` (None if no flow file).
    files
        The files read.
    """

    name: str
    links: pd.DataFrame
    demand: pd.DataFrame
    nodes: pd.DataFrame | None
    metadata: dict[str, str]
    first_thru_node: int
    problem: EquilibriumProblem
    best_known_flow: np.ndarray | None = None
    files: tuple[Path, ...] = field(default=())

    def demand_frame(self) -> pd.DataFrame:
        """The demand as ``origin``, ``destination``, ``flow`` (node numbers), a copy."""
        return self.demand.copy()

    @property
    def n_zones(self) -> int:
        """Zones: ``<NUMBER OF ZONES>`` of the net file, else the nodes that send or receive."""
        given = self.metadata.get("NUMBER OF ZONES", "").strip()
        if given.isdigit():
            return int(given)
        return int(pd.concat([self.demand["origin"], self.demand["destination"]]).nunique())

    def summary(self) -> str:
        """A few lines: name, nodes, links, zones, OD pairs, total demand, files.

        The flows are in the file's units (vehicles or trips per hour for most instances,
        see the instance's ``SOURCE.md``); the arrays themselves are in ``links``,
        ``demand`` and ``problem``.
        """
        flow = float(self.demand["flow"].sum())
        best = "with" if self.best_known_flow is not None else "without"
        coordinates = "with" if self.nodes is not None else "without"
        through = (
            f" (nodes 1..{self.first_thru_node - 1} are not passed through)"
            if self.first_thru_node > 1
            else ""
        )
        lines = [
            f"TNTP instance {self.name}: {self.problem.n_vertices:,} nodes, "
            f"{len(self.links):,} links, {self.n_zones:,} zones{through}",
            f"  demand: {len(self.demand):,} OD pairs, total {flow:,.1f} "
            "(flow in the file's units)",
            f"  {best} the best-known flow, {coordinates} node coordinates",
            f"  files: {', '.join(path.name for path in self.files)}",
        ]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def __repr__(self) -> str:
        flow = float(self.demand["flow"].sum())
        return (
            f"TntpInstance(name={self.name!r}, nodes={self.problem.n_vertices}, "
            f"links={len(self.links)}, zones={self.n_zones}, od_pairs={len(self.demand)}, "
            f"total_demand={flow:.6g})"
        )


def read_tntp(
    folder_or_net_file: str | Path,
    trips_file: str | Path | None = None,
    *,
    flow_file: str | Path | None = None,
    node_file: str | Path | None = None,
) -> TntpInstance:
    """Read a TNTP instance into an ``EquilibriumProblem`` and its tables.

    Parameters
    ----------
    folder_or_net_file
        A folder holding exactly one ``*_net.tntp`` (the others are found beside it), or
        the net file itself.
    trips_file
        The trips file; default the ``*_trips.tntp`` beside the net file with the same
        name.
    flow_file, node_file
        The best-known flows and the node coordinates; default the ``<name>_flow.tntp``
        and ``<name>_node.tntp`` (or a ``*nodes.geojson``) beside the net file, if there.

    Returns
    -------
    TntpInstance
        The tables and ``.problem`` for ``multimodal.solve_equilibrium``.

    Raises
    ------
    ParameterError
        The folder or a file does not exist or is ambiguous.
    DataValidationError
        A file breaks the format; every problem names the file and the line.

    Examples
    --------
    >>> from multimodal import read_tntp, solve_equilibrium
    >>> sioux = read_tntp(datasets / "sioux-falls")  # doctest: +SKIP
    >>> solve_equilibrium(sioux.problem, gap=1e-4).objective  # doctest: +SKIP
    """
    net_file = _net_file(Path(folder_or_net_file))
    name = net_file.name[: -len("_net.tntp")]
    folder = net_file.parent
    trips = Path(trips_file) if trips_file is not None else _beside(folder, name, "_trips.tntp")
    if trips is None or not trips.is_file():
        message = f"no trips file for {net_file}: give trips_file= (looked for {name}_trips.tntp)"
        raise ParameterError(message)
    metadata, links = _read_net(net_file)
    demand = _read_trips(trips)
    n_nodes = int(
        max(
            links["init_node"].max(),
            links["term_node"].max(),
            _meta_int(metadata, "NUMBER OF NODES", net_file, 0),
        )
    )
    first_thru = _meta_int(metadata, "FIRST THRU NODE", net_file, 1)
    problems = []
    for column in ("origin", "destination"):
        bad = demand[(demand[column] < 1) | (demand[column] > n_nodes)]
        for _, row in bad.head(5).iterrows():
            message = f"{column} {row[column]} is not a node of the network (1..{n_nodes})"
            problems.append(Problem(message, str(trips), int(row["line"]), column))
    if problems:
        raise DataValidationError(problems)
    files = [net_file, trips]
    flow_path = Path(flow_file) if flow_file is not None else _beside(folder, name, "_flow.tntp")
    best = None
    if flow_path is not None and flow_path.is_file():
        best = _read_flow(flow_path, links)
        files.append(flow_path)
    node_path = Path(node_file) if node_file is not None else _node_file(folder, name)
    nodes = None
    if node_path is not None and node_path.is_file():
        nodes = _read_nodes(node_path)
        files.append(node_path)

    toll_factor = float(metadata.get("TOLL FACTOR", 0) or 0)
    distance_factor = float(metadata.get("DISTANCE FACTOR", 0) or 0)
    fixed = toll_factor * links["toll"].to_numpy(float) + distance_factor * links[
        "length"
    ].to_numpy(float)
    no_through = np.zeros(n_nodes, bool)
    no_through[: max(first_thru - 1, 0)] = True
    pairs = demand[demand["origin"] != demand["destination"]]
    problem = EquilibriumProblem(
        n_vertices=n_nodes,
        arc_tail=links["init_node"].to_numpy() - 1,
        arc_head=links["term_node"].to_numpy() - 1,
        fixed_cost=fixed,
        free_flow_time=links["free_flow_time"].to_numpy(float),
        capacity=links["capacity"].to_numpy(float),
        delay=_DelayArrays.bpr(links["b"].to_numpy(float), links["power"].to_numpy(float)),
        demand_origin=pairs["origin"].to_numpy() - 1,
        demand_destination=pairs["destination"].to_numpy() - 1,
        demand=pairs["flow"].to_numpy(float),
        no_through=no_through,
        vertex_ids=list(range(1, n_nodes + 1)),
    )
    return TntpInstance(
        name=name,
        links=links,
        demand=demand.drop(columns="line").reset_index(drop=True),
        nodes=nodes,
        metadata=metadata,
        first_thru_node=first_thru,
        problem=problem,
        best_known_flow=best,
        files=tuple(files),
    )


# --------------------------------------------------------------------------- files


def _net_file(path: Path) -> Path:
    if path.is_file():
        if not path.name.endswith("_net.tntp"):
            message = f"{path} is not a TNTP net file (its name must end in _net.tntp)"
            raise ParameterError(message)
        return path
    if not path.is_dir():
        message = f"no such TNTP folder or net file: {path}"
        raise ParameterError(message)
    found = sorted(path.glob("*_net.tntp"))
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or "none"
        message = f"{path} must hold exactly one *_net.tntp (found: {names}); give the file"
        raise ParameterError(message)
    return found[0]


def _beside(folder: Path, name: str, suffix: str) -> Path | None:
    candidate = folder / f"{name}{suffix}"
    return candidate if candidate.is_file() else None


def _node_file(folder: Path, name: str) -> Path | None:
    found = _beside(folder, name, "_node.tntp")
    if found is not None:
        return found
    geojson = sorted(folder.glob("*nodes.geojson"))
    return geojson[0] if len(geojson) == 1 else None


def _lines(path: Path) -> list[tuple[int, str]]:
    """``(line number, text without comment)`` of a file's non-blank lines."""
    out = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, raw in enumerate(handle, start=1):
            text = raw.split("~", 1)[0].strip()
            if text:
                out.append((number, text))
    return out


def _split_metadata(path: Path) -> tuple[dict[str, str], list[tuple[int, str]]]:
    metadata: dict[str, str] = {}
    lines = _lines(path)
    for i, (_, text) in enumerate(lines):
        match = _METADATA.match(text)
        if not match:
            return metadata, lines[i:]
        key = match.group(1).strip().upper()
        if key == "END OF METADATA":
            return metadata, lines[i + 1 :]
        metadata[key] = match.group(2).strip()
    return metadata, []


def _meta_int(metadata: dict[str, str], key: str, path: Path, default: int) -> int:
    if key not in metadata:
        return default
    try:
        return int(float(metadata[key]))
    except ValueError:
        message = f"<{key}> must be a whole number, got {metadata[key]!r}"
        raise DataValidationError(Problem(message, str(path), None, key)) from None


def _read_net(path: Path) -> tuple[dict[str, str], pd.DataFrame]:
    metadata, body = _split_metadata(path)
    rows, line_numbers, problems = [], [], []
    for number, text in body:
        fields = text.rstrip(";").split()
        if len(fields) < len(_NET_COLUMNS):
            message = (
                f"a link row needs at least {len(_NET_COLUMNS)} fields "
                f"({' '.join(_NET_COLUMNS)}), found {len(fields)}: {text!r}"
            )
            problems.append(Problem(message, str(path), number))
            continue
        try:
            values = [float(v) for v in fields[:10]]
        except ValueError:
            message = f"a link row must be numbers, got {text!r}"
            problems.append(Problem(message, str(path), number))
            continue
        rows.append(values + [np.nan] * (10 - len(values)))
        line_numbers.append(number)
    if not rows and not problems:
        problems.append(Problem("no link rows found", str(path)))
    columns = [*_NET_COLUMNS, *_OPTIONAL_COLUMNS]
    links = pd.DataFrame(rows, columns=columns)
    checks = (
        ("init_node", links["init_node"] < 1, "node numbers start at 1"),
        ("term_node", links["term_node"] < 1, "node numbers start at 1"),
        ("init_node", links["init_node"] == links["term_node"], "a link from a node to itself"),
        ("capacity", ~(links["capacity"] > 0), "capacity must be > 0"),
        ("free_flow_time", ~(links["free_flow_time"] >= 0), "free_flow_time must be >= 0"),
        ("b", ~(links["b"] >= 0), "b must be >= 0"),
        ("power", ~(links["power"] >= 1), "power must be >= 1"),
    )
    for column, bad, message in checks:
        for i in np.flatnonzero(bad.to_numpy())[:5]:
            value = links[column].iat[i]
            problems.append(
                Problem(f"{message}, got {value:g}", str(path), line_numbers[i], column)
            )
    expected = _meta_int(metadata, "NUMBER OF LINKS", path, len(links))
    if expected != len(links) and not problems:
        message = f"<NUMBER OF LINKS> says {expected}, the file has {len(links)} link rows"
        problems.append(Problem(message, str(path), None, "NUMBER OF LINKS"))
    if problems:
        raise DataValidationError(problems)
    for column in ("init_node", "term_node"):
        links[column] = links[column].astype(np.int64)
    links["toll"] = links["toll"].fillna(0.0)
    links.index.name = "link"
    return metadata, links


_PAIR = re.compile(r"^\s*(\d+)\s*:\s*([-+0-9.eE]+)\s*$")


def _read_trips(path: Path) -> pd.DataFrame:
    _, body = _split_metadata(path)
    origin: int | None = None
    rows: list[tuple[int, int, float, int]] = []
    problems = []
    for number, text in body:
        if text.lower().startswith("origin"):
            parts = text.split()
            if len(parts) != 2 or not parts[1].isdigit():
                problems.append(
                    Problem(f"expected 'Origin <node>', got {text!r}", str(path), number)
                )
                origin = None
                continue
            origin = int(parts[1])
            continue
        if origin is None:
            message = f"destination flows before any 'Origin <node>' line: {text!r}"
            problems.append(Problem(message, str(path), number))
            continue
        for item in text.split(";"):
            if not item.strip():
                continue
            match = _PAIR.match(item)
            if not match:
                message = f"expected 'destination : flow;', got {item.strip()!r}"
                problems.append(Problem(message, str(path), number))
                continue
            flow = float(match.group(2))
            if not flow >= 0:
                message = f"flow must be >= 0, got {flow:g}"
                problems.append(Problem(message, str(path), number, "flow"))
                continue
            if flow > 0:
                rows.append((origin, int(match.group(1)), flow, number))
        if len(problems) > 20:
            break
    if problems:
        raise DataValidationError(problems)
    frame = pd.DataFrame(rows, columns=["origin", "destination", "flow", "line"])
    return frame.groupby(["origin", "destination"], as_index=False, sort=True).agg(
        flow=("flow", "sum"), line=("line", "first")
    )


def _read_flow(path: Path, links: pd.DataFrame) -> np.ndarray:
    """The best-known volumes, aligned with ``links`` (from, to, volume, cost rows)."""
    _, body = _split_metadata(path)
    volume: dict[tuple[int, int], float] = {}
    problems = []
    for number, text in body:
        fields = text.rstrip(";").split()
        try:
            key = (int(float(fields[0])), int(float(fields[1])))
            volume[key] = volume.get(key, 0.0) + float(fields[2])
        except (ValueError, IndexError):
            if number == body[0][0]:
                continue  # a header line ("From To Volume Cost")
            problems.append(
                Problem(f"expected 'from to volume cost', got {text!r}", str(path), number)
            )
    if problems:
        raise DataValidationError(problems)
    pairs = zip(links["init_node"], links["term_node"])
    return np.array([volume.get((int(a), int(b)), np.nan) for a, b in pairs])


def _read_nodes(path: Path) -> pd.DataFrame:
    if path.suffix == ".geojson":
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        rows = [
            (int(f["properties"]["id"]), *map(float, f["geometry"]["coordinates"][:2]))
            for f in features
        ]
        return pd.DataFrame(rows, columns=["node", "x", "y"])
    rows, problems = [], []
    for number, text in _lines(path):
        fields = text.rstrip(";").split()
        try:
            rows.append((int(fields[0]), float(fields[1]), float(fields[2])))
        except (ValueError, IndexError):
            if not rows and fields and not fields[0].isdigit():
                continue  # the header line ("Node X Y")
            problems.append(Problem(f"expected 'node x y', got {text!r}", str(path), number))
    if problems:
        raise DataValidationError(problems)
    return pd.DataFrame(rows, columns=["node", "x", "y"])
