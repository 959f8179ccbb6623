"""Code as a user writes it, checked by mypy in CI (``[tool.mypy] files``).

The lazily imported names (``mm.assign``, ``mm.consolidate``, ...) must have their real
types for a type checker: if they were typed ``object`` these annotations would fail.
This module is not a test; pytest does not collect it (no ``test_`` prefix).
"""

from __future__ import annotations

import multimodal as mm


def weekly_flows() -> mm.Assignment:
    """Assign the built-in demand; the result is typed."""
    net: mm.Network = mm.load_network()
    flows: mm.Assignment = mm.assign(net, mm.load_demand(network=net))
    return flows


def block_trains() -> mm.ConsolidationPlan:
    """Consolidate the example week."""
    shipments, departures, costs = mm.example_week()
    params = mm.ConsolidateParams(time_limit_s=5.0)
    return mm.consolidate(shipments, departures, costs=costs, params=params)


def proposals() -> mm.Comparison:
    """Compare the bundled scenarios."""
    net = mm.load_network()
    return mm.compare(net, mm.load_scenarios(), mm.load_demand(network=net))


def cheapest_summary() -> str:
    """A route's summary is text."""
    net = mm.load_network()
    return mm.route(net, mm.Shipment("Xi'an", "Duisburg")).summary()
