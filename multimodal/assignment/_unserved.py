"""Why demand was left unserved: no path, full capacities, or a path dearer than the penalty.

For each unserved demand row, ``explain_unserved`` looks at the flow problem of its
class (the same arcs and costs the engines used):

- ``no_path``: no path at all under the freight rules for its cargo class. ``route()``
  (whose ``NoRouteError.binding`` names the rule that binds) says which: ``reefer``,
  ``dangerous_goods``, ``designated_ports``, ``customs``, ``modes`` or ``connectivity``.
- ``capacity``: a path cheaper than the unserved penalty exists, but the capacities on it
  are full. The binding capacities (positive dual; without duals, full) of the cheapest
  path are named, then taken away and the next cheapest path examined, until none is left
  under the penalty: the result is every capacity that stops the row, with its dual.
- ``penalty``: the cheapest path costs more than the penalty per TEU (its cost is given).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import dijkstra

from ..exceptions import MultimodalError, NoRouteError
from ..modes import CargoClass
from ..route_result import Route
from ..routing import route
from ..shipment import Shipment
from ..units import T_PER_TEU
from ._pricing import ClassGraph

if TYPE_CHECKING:
    from ..network import Network
    from ._flow_model import FlowModel
    from .problem import FlowSolution

__all__ = ["NO_PATH_RULES", "UNSERVED_REASONS", "explain_unserved"]

#: Why a demand row can be left unserved (``Assignment.unserved['reason']``).
UNSERVED_REASONS: dict[str, str] = {
    "no_path": "no path exists under the freight rules for its cargo class",
    "capacity": "every path cheaper than the unserved penalty passes a full capacity",
    "penalty": "the cheapest path costs more than the unserved penalty per TEU",
}

#: The rule that leaves no path (``unserved['binding']`` when the reason is ``no_path``).
NO_PATH_RULES: dict[str, str] = {
    "reefer": "no reefer-accepting node or link on any path",
    "dangerous_goods": "no path accepts dangerous goods (nodes, links, none by air)",
    "designated_ports": "no path enters China through a port designated for the cargo",
    "customs": "no path clears customs at a port open for the mode used",
    "modes": "no path in the modes allowed",
    "connectivity": "origin and destination are not connected",
}

#: Columns ``explain_unserved`` adds to the unserved table.
REASON_COLUMNS = ["reason", "binding", "path_cost_cny_per_teu", "detail"]

#: Most capacity cuts examined per row (each takes one shortest-path search).
_MAX_ROUNDS = 25


def explain_unserved(
    network: Network, model: FlowModel, solution: FlowSolution, rows: np.ndarray
) -> pd.DataFrame:
    """The reason each unserved commodity was left unserved.

    Parameters
    ----------
    network
        The network the model was built on.
    model
        The flow model.
    solution
        The engines' solution (its capacity duals and arc flows).
    rows
        Commodity indices (demand rows) with unserved TEU.

    Returns
    -------
    pandas.DataFrame
        One row per commodity in ``rows``: ``reason`` (a key of ``UNSERVED_REASONS``),
        ``binding`` (the rule of ``NO_PATH_RULES``, or the full capacities as
        ``"link <id> <direction>"`` / ``"service <id> <from>><to>"`` / ``"hub <id>"``
        joined by ``"; "``),
        ``path_cost_cny_per_teu`` (the cheapest path's money cost, CNY per TEU) and
        ``detail`` (one sentence).
    """
    explainer = _Explainer(network, model, solution)
    records = [explainer.explain(int(k)) for k in rows]
    return pd.DataFrame.from_records(records, columns=REASON_COLUMNS)


class _Explainer:
    def __init__(self, network: Network, model: FlowModel, solution: FlowSolution) -> None:
        self.network = network
        self.model = model
        self.problem = model.problem
        self.arc_groups = model.problem.group_arcs.tocsc()
        self.group_arcs = model.problem.group_arcs.tocsr()
        self.group_flow = model.problem.group_arcs @ solution.arc_flow
        self.dual = np.asarray(solution.group_capacity_dual, dtype=float)
        self.graphs: dict[int, ClassGraph] = {}
        self.labels = self._labels()
        base = network.expanded
        edge = model.arc_edge
        self.money = base.cost_cny_per_teu[edge] + T_PER_TEU * base.cost_cny_per_t[edge]

    def _labels(self) -> list[tuple[str, str]]:
        """Per capacity group: its key (``link <id> <direction>``) and its words."""
        links = self.network.links.set_index("id")
        names = dict(zip(self.network.nodes["id"], self.network.nodes["name"], strict=True))
        out = []
        for group in self.model.groups.itertuples():
            if group.kind == "link":
                link = links.loc[group.id]
                ends = [names[link["from_node"]], names[link["to_node"]]]
                if group.direction == "backward":
                    ends.reverse()
                words = f"{link['mode']} {ends[0]} > {ends[1]}"
                out.append((f"link {group.id} {group.direction}", words))
            elif group.kind == "service":
                ends = [names.get(n, n) for n in str(group.direction).split(">")]
                words = f"service {group.id} {ends[0]} > {ends[-1]}"
                out.append((f"service {group.id} {group.direction}", words))
            else:
                out.append((f"hub {group.id}", f"hub {names[group.id]}"))
        return out

    def _cheapest(self, k: int, removed: np.ndarray) -> np.ndarray | None:
        """Arcs of commodity ``k``'s cheapest path avoiding ``removed`` arcs (None: none)."""
        c = int(self.problem.commodity_class[k])
        if c not in self.graphs:
            self.graphs[c] = ClassGraph(self.problem, c)
        graph_c = self.graphs[c]
        extra = np.where(removed, np.inf, 0.0)
        graph, chosen = graph_c.graph(extra)
        origin = int(self.problem.commodity_origin[k])
        target = int(self.problem.commodity_destination[k])
        dist, pred = dijkstra(graph, directed=True, indices=origin, return_predecessors=True)
        if not np.isfinite(dist[target]):
            return None
        tails, heads = [], []
        current = target
        while current != origin:
            parent = int(pred[current])
            tails.append(parent)
            heads.append(current)
            current = parent
        arcs = graph_c.arcs_of_pairs(np.array(tails[::-1]), np.array(heads[::-1]), chosen)
        return np.asarray(arcs, dtype=int)

    def explain(self, k: int) -> dict[str, object]:
        c = int(self.problem.commodity_class[k])
        cost = self.problem.cost_of_class(c)
        penalty = float(self.problem.unserved_penalty[k])
        removed = np.zeros(self.problem.n_arcs, bool)
        arcs = self._cheapest(k, removed)
        if arcs is None:
            return self._no_path(k)
        money = float(self.money[arcs].sum())
        if float(cost[arcs].sum()) >= penalty * (1 - 1e-9):
            detail = (
                f"its cheapest path costs {money:,.0f} CNY per TEU, more than the unserved "
                f"penalty of {penalty:,.0f} CNY per TEU"
            )
            return _record("penalty", "", money, detail)
        binding: list[int] = []
        rounds = 0
        while arcs is not None and float(cost[arcs].sum()) < penalty and rounds < _MAX_ROUNDS:
            rounds += 1
            found = self._binding_groups(arcs)
            if not found:
                break  # not an optimal solution: nothing full on this path
            binding.extend(g for g in found if g not in binding)
            for g in found:
                removed[self.group_arcs[g].indices] = True
            arcs = self._cheapest(k, removed)
        keys = "; ".join(self.labels[g][0] for g in binding)
        parts = []
        for g in binding:
            dual = self.dual[g]
            value = f", {dual:,.0f} CNY per extra TEU" if np.isfinite(dual) else ""
            parts.append(f"{self.labels[g][1]} ({self._capacity(g)}{value})")
        detail = (
            "every path cheaper than the penalty passes a full capacity: " + ", ".join(parts)
            if parts
            else "no full capacity found on its cheapest path (solve not optimal?)"
        )
        return _record("capacity", keys, money, detail + f"; cheapest path {money:,.0f} CNY/TEU")

    def _capacity(self, g: int) -> str:
        capacity = float(self.problem.group_capacity[g])
        return f"{self.group_flow[g]:,.0f} of {capacity:,.0f} TEU/week"

    def _binding_groups(self, arcs: np.ndarray) -> list[int]:
        """The capacity on ``arcs`` with the largest dual (without duals: every full one)."""
        groups = np.unique(self.arc_groups[:, arcs].nonzero()[0])
        if groups.size == 0:
            return []
        capacity = self.problem.group_capacity[groups]
        full = self.group_flow[groups] >= capacity - 1e-6 * np.maximum(1.0, capacity)
        dual = self.dual[groups]
        if np.isfinite(dual).all() and (dual > 1e-6).any():
            return [int(groups[np.argmax(dual)])]  # the one that stops this path most
        return [int(g) for g in groups[full]]

    def _no_path(self, k: int) -> dict[str, object]:
        demand = self.model.demand
        origin, destination = str(demand["origin"].iat[k]), str(demand["destination"].iat[k])
        cargo = CargoClass.parse(str(demand["cargo_class"].iat[k]))
        t_per_teu = float(demand["weight_t_per_week"].iat[k] / demand["teu_per_week"].iat[k])
        try:
            shipment = Shipment(origin, destination, teu=1.0, weight_t=t_per_teu, cargo_class=cargo)
            found = route(self.network, shipment, "cost")
        except NoRouteError as error:
            rule = _rule(self.network, shipment, cargo, error.binding)
            detail = "; ".join(NO_PATH_RULES[r] for r in rule.split("+") if r in NO_PATH_RULES)
            relaxed = error.relaxed
            if isinstance(relaxed, Route):
                detail += (
                    f"; without that rule the cheapest path would cost "
                    f"{relaxed.cost_cny:,.0f} CNY per TEU via {' > '.join(relaxed.nodes)}"
                )
            return _record("no_path", rule, float("nan"), detail or str(error))
        except MultimodalError as error:
            return _record("no_path", "", float("nan"), str(error))
        detail = f"route() finds a path ({found.cost_cny:,.0f} CNY per TEU) the flow model lacks"
        return _record("no_path", "", float("nan"), detail)


def _record(reason: str, binding: str, cost: float, detail: str) -> dict[str, object]:
    return {"reason": reason, "binding": binding, "path_cost_cny_per_teu": cost, "detail": detail}


def _rule(network: Network, shipment: Shipment, cargo: CargoClass, binding: str | None) -> str:
    """The rule named by ``NoRouteError.binding``, with the cargo rule made specific."""
    if binding == "cargo_class":
        return _cargo_rule(network, shipment, cargo)
    if binding == "all":  # neither relaxation alone was enough: both bind
        rule = _cargo_rule(network, shipment, cargo)
        return "+".join(r for r in (rule, "customs") if r)
    if binding == "network":
        return "connectivity"
    return str(binding or "")


def _cargo_rule(network: Network, shipment: Shipment, cargo: CargoClass) -> str:
    """Which cargo rule binds: reefer, dangerous goods or designated ports."""
    if cargo is CargoClass.DANGEROUS_GOODS:
        return "dangerous_goods"
    if cargo.needs_reefer and cargo.is_designated:
        try:  # reefer alone (no designated port needed): does it find a path?
            route(network, shipment.with_(cargo_class=CargoClass.REEFER), "cost")
        except NoRouteError:
            return "reefer"
        return "designated_ports"
    if cargo.needs_reefer:
        return "reefer"
    if cargo.is_designated:
        return "designated_ports"
    return ""
