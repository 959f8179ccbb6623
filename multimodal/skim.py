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
from ._validate import check_list, check_number
from .customs import allowed_edges, network_state_graph
from .exceptions import ParameterError
from .modes import CargoClass, Mode
from .network import Network
from .objective import Objective, edge_values
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


def _tree_sums(
    pred: np.ndarray, edge_into: np.ndarray, attributes: Sequence[np.ndarray]
) -> list[np.ndarray]:
    """Sum edge attributes from each root down its shortest-path tree.

    ``pred`` is (origins x vertices) with -9999 at roots and unreached vertices;
    ``edge_into`` the edge entering each vertex (-1 where none). Pointer jumping keeps
    ``total(v) = partial(v) + total(parent(v))`` true while each step doubles how far
    ``parent`` reaches; when every parent is a root (whose total is 0), ``partial`` is
    the answer. Takes log2(tree depth) vectorised steps, one origin at a time so that the
    random gathers stay in cache.
    """
    n_rows, n = pred.shape
    # One row of all attributes per edge: a gather moves them together.
    table = np.column_stack(attributes)
    out = np.empty((len(attributes), n_rows, n))
    own = np.arange(n, dtype=np.int64)
    for r in range(n_rows):
        parent = np.where(pred[r] < 0, own, pred[r]).astype(np.int64)
        sums = np.take(table, np.maximum(edge_into[r], 0), axis=0)
        sums[edge_into[r] < 0] = 0.0
        while True:
            grand = np.take(parent, parent)
            if np.array_equal(grand, parent):
                break
            sums += np.take(sums, parent, axis=0)
            parent = grand
        out[:, r, :] = sums.T
    return list(out)


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

    searched: dict[tuple[str, tuple[int, ...]], tuple] = {}
    for regime, rows, cols, state in groups:
        if len(cols) == 0:
            continue
        graph = network_state_graph(network, regime)
        key = (regime, tuple(rows))
        if key not in searched:
            allowed = allowed_edges(graph, values, cargo)
            weights = scalar[graph.edge]
            matrix = graph.pair_index.matrix(weights, allowed)
            sources = [graph.source(origin_ids[i]) for i in rows]
            if attributes:
                dist, pred = _scipy_dijkstra(matrix, indices=sources, return_predecessors=True)
            else:  # predecessors cost ~20 % more and are only needed for path sums
                dist = _scipy_dijkstra(matrix, indices=sources)
            sums = {}
            if attributes:
                edge_into = np.full(pred.shape, -1, dtype=np.int64)
                reached = pred >= 0
                r_idx, v_idx = np.nonzero(reached)
                edge_into[r_idx, v_idx] = graph.pair_index.edge_between_many(
                    pred[r_idx, v_idx], v_idx, weights, allowed
                )
                arrays = [per_edge[name][graph.edge] for name in attributes]
                sums = dict(zip(attributes, _tree_sums(pred, edge_into, arrays)))
            searched[key] = (dist, sums)
        dist, sums = searched[key]
        targets = np.array([graph.target(destination_ids[c], state) for c in cols])
        block = dist[:, targets]
        result[np.ix_(np.asarray(rows), cols)] = block
        for name in attributes:
            part = sums[name][:, targets]
            extra[name][np.ix_(np.asarray(rows), cols)] = np.where(np.isfinite(block), part, np.nan)

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
