"""Ports a scenario opens with no service that can carry international cargo there.

A port opened without a service that reaches it changes no route: the comparison would
show a silent zero. ``opened_but_unserved`` names those ports, for the KPI table.

The rule per mode (docs/scenarios.md, "Opened but unserved"):

- **air and sea**: a service of the mode that calls at the port also calls abroad (a
  direct international flight or sailing). A domestic flight to Xi'an does not count:
  cargo for abroad clears at the gateway it leaves from.
- **rail**: riding the mode's services from the port (changing trains at common stops)
  reaches a stop abroad. The plan's auxiliary rail ports feed the Xi'an assembly centre
  (专栏4), so a domestic train to Xi'an that meets the Chang'an trains serves them.
"""

from __future__ import annotations

import networkx as nx

from ..modes import split_list
from ..network import Network
from .scenario import Scenario

_OPEN = frozenset({"formal", "temporary"})


def _open_modes(network: Network) -> dict[str, set[str]]:
    status = network.node_values("port_status")
    modes = network.node_values("port_modes")
    return {
        node: set(split_list(m)) if s in _OPEN else set()
        for node, s, m in zip(network.node_ids, status, modes)
    }


def opened_ports(scenario: Scenario, network: Network) -> dict[str, list[str]]:
    """The ports (and modes) ``scenario`` opens on ``network``.

    Parameters
    ----------
    scenario
        The scenario.
    network
        The base network.

    Returns
    -------
    dict of str to list of str
        Node id -> the modes it is newly open for (a node that was not an open port,
        or a port open for a new mode), in node order.
    """
    return _opened(network, scenario.apply(network))


def _opened(network: Network, changed: Network) -> dict[str, list[str]]:
    before = _open_modes(network)
    after = _open_modes(changed)
    return {
        node: sorted(modes - before.get(node, set()))
        for node, modes in after.items()
        if modes - before.get(node, set())
    }


def is_served(network: Network, node: str, mode: str) -> bool:
    """Whether a service of ``mode`` can carry international cargo at ``node``.

    Parameters
    ----------
    network
        The network (with the scenario applied).
    node
        The port's node id.
    mode
        ``"air"``, ``"sea"`` or ``"rail"`` (see the module for the rule of each).

    Returns
    -------
    bool
        True when served.
    """
    country = dict(zip(network.node_ids, network.node_values("country")))
    services = network.services
    services = services[services["mode"] == mode]
    stop_lists = [s.split(";") for s in services["stops"]]
    if mode != "rail":
        return any(node in stops and any(country[n] != "CN" for n in stops) for stops in stop_lists)
    # Rail: stops of one service are joined; riding on through common stops is allowed.
    graph = nx.Graph()
    for stops in stop_lists:
        graph.add_edges_from((stops[0], n) for n in stops[1:])
    if node not in graph:
        return False
    return any(country[n] != "CN" for n in nx.node_connected_component(graph, node))


def opened_but_unserved(scenario: Scenario, network: Network) -> list[str]:
    """Node ids ``scenario`` opens as ports with no service able to carry international cargo.

    Parameters
    ----------
    scenario
        The scenario (e.g. a bundled one).
    network
        The base network it applies to.

    Returns
    -------
    list of str
        The opened ports not served for at least one of their new modes (``is_served``),
        in node order; empty when every opening is served.

    Examples
    --------
    >>> import multimodal as mm
    >>> from multimodal.scenarios import OpenPort, Scenario, opened_but_unserved
    >>> net = mm.load_network()
    >>> opened_but_unserved(Scenario("eny", changes=[OpenPort("ENY", ["air"])]), net)
    ['ENY']
    >>> opened_but_unserved(Scenario("baoji", changes=[OpenPort("BAOJI_RAIL", ["rail"])]), net)
    []
    """
    after = scenario.apply(network)
    return [
        node
        for node, modes in _opened(network, after).items()
        if not all(is_served(after, node, mode) for mode in modes)
    ]


__all__ = ["is_served", "opened_but_unserved", "opened_ports"]
