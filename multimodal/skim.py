"""Origin-destination skims: cost, time, distance and CO2e matrices, fast.

The graph is converted once to compressed sparse arrays and searched with SciPy's
compiled Dijkstra from all origins at once; networkx stays the model, not the engine for
bulk work. The attributes of each optimal path (cost, time, distance, CO2e) are summed
along the shortest-path trees by pointer jumping (log-depth vectorised steps), not by
walking paths in Python.

Customs rules apply as in ``route``: origins in China use the export state graph (domestic
destinations are reached uncleared, foreign ones cleared), foreign origins the import
graph (or the transit graph for foreign destinations).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import dijkstra as _scipy_dijkstra

from ._results import ResultMixin, run_meta
from ._search import PairIndex
from ._validate import check_list, check_number
from .customs import StateGraph, allowed_edges, network_state_graph
from .exceptions import ParameterError
from .modes import CargoClass, Mode
from .network import Network
from .objective import EdgeValues, Objective, edge_values
from .plotting import plot_matrix
from .units import T_PER_TEU

if TYPE_CHECKING:
    from matplotlib.axes import Axes


ATTRIBUTES = ("cost_cny", "time_h", "distance_km", "co2e_kg")


#: Unit of each minimised value, for summaries and plots.
_UNITS = {"cost": "CNY", "time": "h", "co2e": "kg CO2e", "distance": "km"}


@dataclass(frozen=True)
class Skim(ResultMixin):
    """OD matrices (origins as rows, destinations as columns).

    Attributes
    ----------
    weight
        What was minimised: ``cost``, ``time``, ``co2e``, ``distance``.
    values
        The minimised value per OD pair (CNY, h, kg or km); ``inf`` where unreachable.
    attributes
        ``cost_cny``, ``time_h``, ``distance_km``, ``co2e_kg`` of the optimal paths (those
        that were asked for), NaN where unreachable.
    meta
        Where the skim came from (network, load, options; see ``multimodal._results``).
    """

    weight: str
    values: pd.DataFrame
    attributes: dict[str, pd.DataFrame]
    meta: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def solve_info(self) -> None:
        """None: a skim comes from exact shortest-path searches, not a solver run."""
        return None

    def summary(self) -> str:
        """Size, reachability and the range of the minimised value."""
        values = self.values.to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        rows, cols = values.shape
        unit = _UNITS.get(self.weight, "")
        text = (
            f"skim of {self.weight} ({unit}): {rows} origins x {cols} destinations, "
            f"{finite.size:,} of {values.size:,} pairs reachable"
        )
        if finite.size:
            text += (
                f"\n  {self.weight}: min {finite.min():,.1f}, median "
                f"{float(np.median(finite)):,.1f}, max {finite.max():,.1f} {unit}"
            )
        return text

    def to_frame(self) -> pd.DataFrame:
        """The skim as a long table (see ``long``)."""
        return self.long()

    def plot(self, ax: Axes | None = None, *, title: str | None = None) -> Axes:
        """The minimised values as a heat map (origins as rows)."""
        unit = _UNITS.get(self.weight, "")
        return plot_matrix(self.values, ax, title=title or f"skim: {self.weight}", unit=unit)

    def __getitem__(self, name: str) -> pd.DataFrame:
        """The matrix of one attribute (``"cost_cny"``, ...) or ``"values"``."""
        if name == "values":
            return self.values
        return self.attributes[name]

    def long(self) -> pd.DataFrame:
        """The skim as a long table: one row per OD pair, one column per attribute."""
        frame = self.values.stack().rename(self.weight).to_frame()
        for name, matrix in self.attributes.items():
            frame[name] = matrix.stack()
        frame.index.names = ["origin", "destination"]
        return frame.reset_index()


@dataclass(frozen=True, eq=False)
class _Chains:
    """The origin-independent part of the path sums on one searched graph.

    A vertex with a single usable incoming pair of the CSR matrix (in-degree 1) is
    reached, from any origin, through that pair only: its parent in every shortest-path
    tree is known before searching. Such vertices form chains hanging from an *anchor*
    (a vertex with in-degree 0 or >= 2, or a source). Each vertex's anchor and the
    attribute sums from the anchor down to it are found once; per origin, only the
    anchors that are reached need their parent looked up and their sums computed (see
    ``_tree_sums``).

    Attributes
    ----------
    n
        Number of vertices.
    chain
        ``(vertices, attributes)``: sums from each vertex's anchor down to it (0 at anchors).
    anchor_position
        Position of each vertex's anchor in ``branch`` (-1 if the anchor is not there:
        the vertex is never reached).
    branch
        The anchors with in-degree >= 2 or that are sources, sorted.
    head_keys
        ``head * n + tail`` of each pair, sorted.
    step_values, step_anchor
        For each pair in ``head_keys`` order: the sums from its tail's anchor across the
        pair (its tail's chain plus the attributes of the edge the pair stands for), and
        the position of its tail's anchor in ``branch``.
    """

    n: int
    chain: np.ndarray
    anchor_position: np.ndarray
    branch: np.ndarray
    head_keys: np.ndarray
    step_values: np.ndarray
    step_anchor: np.ndarray

    @classmethod
    def build(
        cls, index: PairIndex, finite: np.ndarray, pair_values: np.ndarray, sources: Sequence[int]
    ) -> _Chains:
        """The chains of a graph.

        ``index`` gives its pairs, ``finite`` which pairs are usable and ``pair_values``
        the attributes of the edge each pair stands for.
        """
        n = index.n
        heads = index.indices.astype(np.int64)
        tails = index.keys // n
        indegree = np.bincount(heads[finite], minlength=n)
        is_source = np.zeros(n, dtype=bool)
        is_source[np.asarray(sources, dtype=np.int64)] = True
        in_chain = (indegree == 1) & ~is_source
        parent = np.arange(n, dtype=np.int64)
        chain = np.zeros((n, pair_values.shape[1]))
        single = np.flatnonzero(finite & in_chain[heads])
        parent[heads[single]] = tails[single]
        chain[heads[single]] = pair_values[single]
        # Pointer jumping: each step doubles how far ``parent`` reaches up the chain.
        for _ in range(int(np.ceil(np.log2(max(n, 2)))) + 1):
            moving = np.flatnonzero(in_chain[parent])
            if not len(moving):
                break
            up = parent[moving]
            chain[moving] += np.take(chain, up, axis=0)
            parent[moving] = parent[up]
        # A vertex whose chain never ends sits on a loop with no way in: never reached.
        branch = np.flatnonzero((indegree >= 2) | is_source)
        position = np.full(n, -1, dtype=np.int64)
        position[branch] = np.arange(len(branch))
        anchor_position = np.where(in_chain[parent], -1, position[parent])
        order = np.argsort(heads * n + tails, kind="stable")
        step_values = np.take(chain, tails[order], axis=0) + np.take(pair_values, order, axis=0)
        return cls(
            n=n,
            chain=chain,
            anchor_position=anchor_position,
            branch=branch,
            head_keys=(heads * n + tails)[order],
            step_values=step_values,
            step_anchor=anchor_position[tails[order]],
        )


def _tree_sums(
    chains: _Chains,
    source: int,
    dist: np.ndarray,
    pred: np.ndarray,
    targets: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> np.ndarray:
    """Attribute sums along the shortest paths from ``source`` to some targets.

    ``dist`` and ``pred`` are SciPy's distances and predecessors from ``source``;
    ``targets`` the target vertices, their ``anchor_position`` and their ``chain``.
    Returns ``(targets, attributes)``, NaN where a target is not reached.

    Only the reached branch anchors are worked on: each one's parent is the anchor of its
    predecessor, and the step to it adds the predecessor's chain and the pair between
    them. Pointer jumping over the anchors keeps ``total(v) = partial(v) +
    total(parent(v))`` true while each step doubles how far ``parent`` reaches (log2 of
    the tree depth steps); a target's sum is its anchor's total plus its own chain.
    (``np.take`` on rows is many times faster than fancy indexing of a 2-D array.)
    """
    reached = np.isfinite(dist[chains.branch])
    vertices = chains.branch[reached]
    local = np.cumsum(reached) - 1  # position among the reached anchors, per branch anchor
    before = pred[vertices].astype(np.int64)
    # ``vertices`` are sorted, so the head-major keys are searched in order.
    step = np.searchsorted(chains.head_keys, vertices * chains.n + before)
    partial = np.take(chains.step_values, step, axis=0, mode="clip")
    parent = local[np.take(chains.step_anchor, step, mode="clip")]
    root = int(local[np.searchsorted(chains.branch, source)])
    partial[root] = 0.0
    parent[root] = root
    while True:
        grand = np.take(parent, parent)
        if np.array_equal(grand, parent):
            break
        partial += np.take(partial, parent, axis=0)
        parent = grand
    ends, anchor_position, chain = targets
    sums = np.take(partial, local[anchor_position], axis=0, mode="clip") + chain
    return np.where(np.isfinite(dist[ends])[:, None], sums, np.nan)


def _check_network(network: object) -> None:
    if not isinstance(network, Network):
        message = f"network must be a Network (e.g. multimodal.load_network()), got {network!r:.60}"
        raise ParameterError(message)


def _objective_and_attributes(weight: object, attributes: object) -> tuple[Objective, tuple]:
    """The skim's objective and attribute names, checked."""
    objective = Objective.parse(weight)  # type: ignore[arg-type]  # parse refuses non-text
    if objective.kind == "generalized":
        message = "skim minimises cost, time, co2e or distance; generalized is per shipment"
        raise ParameterError(message)
    names = tuple(check_list(attributes, "attributes", what=f"some of {ATTRIBUTES}"))
    unknown = [a for a in names if not isinstance(a, str) or a not in ATTRIBUTES]
    if unknown:
        message = f"unknown skim attributes {unknown!r:.80}; use some of {ATTRIBUTES}"
        raise ParameterError(message)
    return objective, names


def _load(teu: object, weight_t: object) -> tuple[float, float]:
    """``teu`` and ``weight_t`` checked (positive, finite), the weight from the TEU if None."""
    boxes = float(check_number(teu, "teu", unit="TEU", minimum=0, strict=True, maximum=1e9) or 0)
    if weight_t is None:
        return boxes, boxes * T_PER_TEU
    return boxes, float(check_number(weight_t, "weight_t", unit="t", minimum=0, maximum=1e10) or 0)


def _places(network: Network, places: object, name: str) -> list[str]:
    """Node ids of ``places`` (every node for None); ``ParameterError`` if not a list."""
    if places is None:
        return list(network.node_ids)
    return [network.find_node(p) for p in check_list(places, name, what="places")]


def _search_block(
    graph: StateGraph,
    values: EdgeValues,
    cargo: CargoClass,
    scalar: np.ndarray,
    sources: list[int],
    targets: np.ndarray,
    arrays: list[np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """Minimised values ``(sources, targets)`` and attribute sums ``(sources, targets, k)``.

    ``scalar`` is the minimised value and ``arrays`` the attributes per expanded-graph
    edge (``arrays`` indexed like ``graph.edge``); sums are NaN where a target is not
    reached.
    """
    allowed = allowed_edges(graph, values, cargo)
    weights = scalar[graph.edge]
    index = graph.pair_index
    matrix = index.matrix(weights, allowed)
    sums = np.full((len(sources), len(targets), len(arrays)), np.nan)
    if not arrays:  # predecessors cost ~20 % more and are only needed for path sums
        return _scipy_dijkstra(matrix, indices=sources)[:, targets], sums
    dist, pred = _scipy_dijkstra(matrix, indices=sources, return_predecessors=True)
    pair_edge = index.edge_between_many(index.keys // index.n, index.indices, weights, allowed)
    pair_values = np.take(np.column_stack(arrays), pair_edge, axis=0)
    chains = _Chains.build(index, np.isfinite(matrix.data), pair_values, sources)
    ends = (targets, chains.anchor_position[targets], np.take(chains.chain, targets, axis=0))
    for r, source in enumerate(sources):
        sums[r] = _tree_sums(chains, source, dist[r], pred[r], ends)
    return dist[:, targets], sums


def skim(  # noqa: PLR0913 - the load (teu, weight_t, cargo_class) mirrors Shipment
    network: Network,
    origins: Iterable[str] | None = None,
    destinations: Iterable[str] | None = None,
    *,
    weight: str = "cost",
    teu: float = 1.0,
    weight_t: float | None = None,
    cargo_class: str | CargoClass = CargoClass.GENERAL,
    modes: Iterable[str] | None = None,
    attributes: Sequence[str] = ATTRIBUTES,
) -> Skim:
    """Shortest-path matrices between many origins and destinations.

    Parameters
    ----------
    network
        The network.
    origins, destinations
        Node ids or names (default: every node).
    weight
        What to minimise: ``cost`` (CNY), ``time`` (h incl. expected waits and handling),
        ``co2e`` (kg) or ``distance`` (km).
    teu, weight_t
        The load the costs are for (default 1 TEU of 10 t).
    cargo_class
        Applies the reefer, dangerous-goods and designated-port rules.
    modes
        Modes the links may use (default: all).
    attributes
        Which path attributes to report besides the minimised value (fewer is faster).

    Returns
    -------
    Skim

    Raises
    ------
    ParameterError
        ``network`` is not a Network; ``origins``, ``destinations``, ``modes`` or
        ``attributes`` is not a list; ``teu`` or ``weight_t`` is not a positive finite
        number; an unknown attribute or a ``generalized`` weight.
    UnknownNodeError
        An origin or destination that is not a node id or name.

    Examples
    --------
    >>> import multimodal as mm
    >>> net = mm.load_network()
    >>> s = mm.skim(net, ["Xi'an", "Baoji"], ["Duisburg", "Qinzhou"], weight="time")
    >>> s.values.shape
    (2, 2)
    """
    _check_network(network)
    objective, attributes = _objective_and_attributes(weight, attributes)
    cargo = CargoClass.parse(cargo_class)
    teu, weight_t = _load(teu, weight_t)
    origin_ids = _places(network, origins, "origins")
    destination_ids = _places(network, destinations, "destinations")
    if modes is not None:
        modes = check_list(modes, "modes", what="modes ('road', 'rail', ...)")
    foreign = dict(zip(network.node_ids, network.node_values("country") != "CN"))
    base = network.expanded
    mode_set = None if modes is None else {Mode.parse(m).value for m in modes}
    values = edge_values(base, teu=teu, weight_t=weight_t, cargo_class=cargo, modes=mode_set)
    per_edge = {
        "cost_cny": values.cost_cny,
        "time_h": values.time_h,
        "distance_km": values.distance_km,
        "co2e_kg": values.co2e_kg,
    }
    scalar = values.weight(objective)

    result = np.full((len(origin_ids), len(destination_ids)), np.inf)
    extra = {name: np.full(result.shape, np.nan) for name in attributes}
    dest_foreign = np.array([foreign[d] for d in destination_ids], dtype=bool)
    groups = []  # (regime, origin rows, destination columns, target state)
    cn_rows = [i for i, o in enumerate(origin_ids) if not foreign[o]]
    fx_rows = [i for i, o in enumerate(origin_ids) if foreign[o]]
    cn_cols = np.flatnonzero(~dest_foreign)
    fx_cols = np.flatnonzero(dest_foreign)
    if cn_rows:
        groups += [("export", cn_rows, cn_cols, 0), ("export", cn_rows, fx_cols, 1)]
    if fx_rows:
        groups += [("import", fx_rows, cn_cols, 1), ("transit", fx_rows, fx_cols, 0)]

    # One search per (regime, origins); the targets of its groups are read off together.
    searches: dict[tuple[str, tuple[int, ...]], list[tuple[np.ndarray, int]]] = {}
    for regime, rows, cols, state in groups:
        if len(cols):
            searches.setdefault((regime, tuple(rows)), []).append((cols, state))
    for (regime, searched_rows), parts in searches.items():
        graph = network_state_graph(network, regime)
        targets = [
            np.array([graph.target(destination_ids[c], state) for c in cols], dtype=np.int64)
            for cols, state in parts
        ]
        sources = [graph.source(origin_ids[i]) for i in searched_rows]
        arrays = [per_edge[name][graph.edge] for name in attributes]
        block, sums = _search_block(
            graph, values, cargo, scalar, sources, np.concatenate(targets), arrays
        )
        at = 0
        row_index = np.asarray(searched_rows)
        for (cols, _), ends in zip(parts, targets):
            where = np.ix_(row_index, cols)
            result[where] = block[:, at : at + len(ends)]
            for k, name in enumerate(attributes):
                extra[name][where] = sums[:, at : at + len(ends), k]
            at += len(ends)

    def frame(matrix: np.ndarray) -> pd.DataFrame:
        table = pd.DataFrame(matrix, index=origin_ids, columns=destination_ids)
        table.index.name, table.columns.name = "origin", "destination"
        return table

    column_of = {d: j for j, d in enumerate(destination_ids)}
    for i, o in enumerate(origin_ids):  # a node to itself costs nothing
        j = column_of.get(o)
        if j is not None:
            result[i, j] = 0.0
            for name in attributes:
                extra[name][i, j] = 0.0
    return Skim(
        weight=objective.kind,
        values=frame(result),
        attributes={name: frame(matrix) for name, matrix in extra.items()},
        meta=run_meta(
            "skim",
            inputs={"network": network.name, "origins": len(origin_ids)},
            options={
                "weight": objective.kind,
                "teu": teu,
                "weight_t": weight_t,
                "cargo_class": cargo.value,
                "modes": sorted(mode_set) if mode_set else None,
            },
        ),
    )
