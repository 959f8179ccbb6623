"""Customs regimes: the state graph that makes a route clear Chinese customs correctly.

A route between China and abroad must be cleared once, at a port open for the mode it
uses; an import of a designated class (meat, grain, ...) only at a port designated for
it. The routing graph therefore carries a *customs state*: layer 0 (not yet cleared) and
layer 1 (cleared). Clearance edges lead from 0 to 1 at open ports. Which edges exist in
which layer depends on the direction of the shipment:

``export`` (China -> abroad)
    Chinese edges in both layers, foreign edges only once cleared, border edges
    China -> abroad only from layer 1 and only through a port open for their mode.
``import`` (abroad -> China)
    Foreign edges in layer 0, border edges abroad -> China into layer 0 through an open
    port, Chinese edges in both layers (in-bond carriage to an inland port is allowed);
    the destination is reached cleared.
``domestic`` (within China)
    One layer, Chinese edges only.
``transit`` (abroad -> abroad)
    One layer, every edge; crossing the Chinese border needs an open port.
``unrestricted``
    One layer, every edge, no customs rule at all: only used to tell a user what the
    customs rules cost them when no legal route exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from ._search import PairIndex
from .exceptions import ParameterError
from .graph import ACCESS_IN, ACCESS_OUT, CLEAR, IN, OUT, ExpandedGraph
from .modes import CargoClass

if TYPE_CHECKING:
    from .network import Network
    from .objective import EdgeValues

REGIMES = ("domestic", "export", "import", "transit", "unrestricted")


def regime_of(origin_foreign: bool, destination_foreign: bool) -> str:
    """Return the customs regime of a shipment from where its ends lie."""
    if not origin_foreign and not destination_foreign:
        return "domestic"
    if not origin_foreign:
        return "export"
    if not destination_foreign:
        return "import"
    return "transit"


@dataclass(frozen=True, eq=False)
class StateGraph:
    """The expanded graph times the customs state, for one regime.

    Attributes
    ----------
    base
        The expanded graph.
    regime
        One of ``REGIMES``.
    n_states
        1 (domestic, transit) or 2 (export, import).
    edge
        For each state-graph edge, the expanded-graph edge it copies.
    tail, head
        State-graph vertices: ``base vertex + state * base.n_vertices``.
    """

    base: ExpandedGraph
    regime: str
    n_states: int
    edge: np.ndarray
    tail: np.ndarray
    head: np.ndarray

    @property
    def n_vertices(self) -> int:
        """Number of state-graph vertices."""
        return self.base.n_vertices * self.n_states

    @property
    def target_state(self) -> int:
        """The customs state a route must end in."""
        return self.n_states - 1

    @cached_property
    def pair_index(self) -> PairIndex:
        """The CSR structure of this graph for SciPy's searches (built once)."""
        return PairIndex.build(self.n_vertices, self.tail, self.head)

    def source(self, node_id: str) -> int:
        """The vertex a route from ``node_id`` starts at."""
        return self.base.vertex(node_id, OUT)

    def target(self, node_id: str, state: int | None = None) -> int:
        """The vertex a route to ``node_id`` ends at (in ``state``, default: the final one)."""
        state = self.target_state if state is None else state
        return self.base.vertex(node_id, IN) + state * self.base.n_vertices

    def base_vertex(self, vertex: np.ndarray | int) -> np.ndarray | int:
        """The expanded-graph vertex of a state-graph vertex."""
        return vertex % self.base.n_vertices


def state_graph(base: ExpandedGraph, regime: str) -> StateGraph:
    """Build the state graph of ``base`` for a customs regime (see module docstring)."""
    if regime not in REGIMES:
        message = f"unknown customs regime {regime!r}; use one of {', '.join(REGIMES)}"
        raise ParameterError(message)
    n = base.n_vertices
    kind = base.kind
    ft, fh = base.foreign_tail, base.foreign_head
    china = ~ft & ~fh
    abroad = ft & fh
    outward = ~ft & fh
    inward = ft & ~fh
    hub_event = (kind != CLEAR) & (kind != ACCESS_OUT) & (kind != ACCESS_IN)
    ok = base.border_open

    parts: list[tuple[np.ndarray, int, int]] = []  # (edge mask, tail state, head state)
    if regime == "domestic":
        parts.append(((china & (kind != CLEAR)), 0, 0))
        n_states = 1
    elif regime == "transit":
        parts.append(((kind != CLEAR) & ok, 0, 0))
        n_states = 1
    elif regime == "unrestricted":
        parts.append(((kind != CLEAR), 0, 0))
        n_states = 1
    else:
        n_states = 2
        cn_moves = china & hub_event
        parts += [(cn_moves, 0, 0), (cn_moves, 1, 1)]
        parts.append((kind == CLEAR, 0, 1))
        parts.append((kind == ACCESS_OUT, 0, 0))
        parts += [(kind == ACCESS_IN, 0, 0), (kind == ACCESS_IN, 1, 1)]
        if regime == "export":
            parts.append((abroad & hub_event, 1, 1))
            parts.append((outward & hub_event & ok, 1, 1))
        else:
            parts.append((abroad & hub_event, 0, 0))
            parts.append((inward & hub_event & ok, 0, 0))
    edges, tails, heads = [], [], []
    for mask, s_tail, s_head in parts:
        chosen = np.flatnonzero(mask)
        edges.append(chosen)
        tails.append(base.tail[chosen] + s_tail * n)
        heads.append(base.head[chosen] + s_head * n)
    return StateGraph(
        base=base,
        regime=regime,
        n_states=n_states,
        edge=np.concatenate(edges),
        tail=np.concatenate(tails),
        head=np.concatenate(heads),
    )


def network_state_graph(network: Network, regime: str) -> StateGraph:
    """The state graph of a network for a regime (``Network.state_graph``, cached there)."""
    return network.state_graph(regime)


def cargo_allowed(
    base: ExpandedGraph,
    edge: np.ndarray,
    values: EdgeValues,
    cargo_class: CargoClass,
    regime: str,
) -> np.ndarray:
    """Which copies of expanded-graph edges ``edge`` a cargo may use under ``regime``.

    The cargo rules of ``values.allowed`` (reefer, dangerous goods, modes, avoided nodes),
    and, for imports of a designated class, clearance only at ports designated for it.
    """
    allowed = values.allowed[edge]
    if cargo_class.is_designated and regime == "import":
        is_clear = base.kind[edge] == CLEAR
        designated_here = np.fromiter(
            (cargo_class.value in base.designated[e] for e in edge), bool, len(edge)
        )
        allowed &= ~is_clear | designated_here
    return allowed


def allowed_edges(graph: StateGraph, values: EdgeValues, cargo_class: CargoClass) -> np.ndarray:
    """Which edges of a state graph a cargo may use (see ``cargo_allowed``)."""
    return cargo_allowed(graph.base, graph.edge, values, cargo_class, graph.regime)
