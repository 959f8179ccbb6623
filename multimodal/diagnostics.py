"""Warnings for a valid network that cannot do what users usually want.

A network can pass the contract (``multimodal.schema``) and still be unable to move
freight the way its author expects: with no open customs port no route crosses the
Chinese border, with no reefer-capable node reefer boxes cannot change mode, an isolated
node is never reached. ``network_warnings`` finds these from the two tables alone (it does
not build the graph) and says, for each, what is missing and how to fix it.
``multimodal validate`` prints them; they never stop a network from loading.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .exceptions import ParameterError
from .modes import CargoClass, split_list
from .schema import OPEN_PORT_STATUSES

#: Ids named in one warning before "and N more".
_LISTED = 8


_NODE_NEEDS = ("id", "country", "port_status", "port_modes", "designated", "reefer",
               "dangerous_goods")  # fmt: skip
_LINK_NEEDS = ("id", "from_node", "to_node", "mode", "reefer", "dangerous_goods")


def _require(table: object, columns: tuple[str, ...], what: str) -> None:
    """Raise ``ParameterError`` unless ``table`` is a DataFrame with ``columns``."""
    have = set(table.columns) if isinstance(table, pd.DataFrame) else set()
    missing = [c for c in columns if c not in have]
    if missing:
        message = (
            f"network_warnings needs validated {what}: missing {', '.join(missing)}; pass "
            f"Network.{what} or the output of validate_{what}()"
        )
        raise ParameterError(message)


def _some(ids: Iterable[object]) -> str:
    """``'A', 'B' and 3 more``: a short list of ids for a message."""
    items = sorted(str(i) for i in ids)
    head = ", ".join(repr(i) for i in items[:_LISTED])
    return head + (f" and {len(items) - _LISTED} more" if len(items) > _LISTED else "")


def _isolated(nodes: pd.DataFrame, links: pd.DataFrame) -> list[str]:
    linked = set(links["from_node"]) | set(links["to_node"])
    alone = [n for n in nodes["id"] if n not in linked]
    if not alone:
        return []
    return [
        f"{len(alone)} node(s) have no link and can never be reached: {_some(alone)}; "
        "link them or remove them"
    ]


def _border(nodes: pd.DataFrame, links: pd.DataFrame) -> tuple[list[str], bool]:
    """Warnings about crossing the Chinese border, and whether any border link is usable."""
    country = dict(zip(nodes["id"], nodes["country"]))
    is_open = dict(zip(nodes["id"], nodes["port_status"].isin(OPEN_PORT_STATUSES)))
    port_modes = {n: set(split_list(m)) for n, m in zip(nodes["id"], nodes["port_modes"])}
    countries = set(country.values())
    if "CN" not in countries or countries == {"CN"}:
        return [], False  # all Chinese or all foreign: no border to cross
    crossing = []
    usable = []
    for ident, a, b, mode in zip(links["id"], links["from_node"], links["to_node"], links["mode"]):
        if (country[a] == "CN") == (country[b] == "CN"):
            continue
        cn_end = a if country[a] == "CN" else b
        crossing.append((ident, cn_end))
        if is_open[cn_end] and mode in port_modes[cn_end]:
            usable.append(ident)
    if not crossing:
        message = (
            "no link joins a Chinese node to a foreign one: no route can cross the border; "
            "add a link from an open Chinese port to the foreign side"
        )
        return [message], False
    if not usable:
        ends = {end for _, end in crossing}
        message = (
            f"no open customs port: none of the {len(crossing)} link(s) that cross the "
            f"Chinese border leaves from a port open for its mode (Chinese ends: {_some(ends)}), "
            "so no route can cross a border; set port_status to 'formal' (or 'temporary') and "
            "port_modes at those nodes"
        )
        return [message], False
    return [], True


def _flag(nodes: pd.DataFrame, links: pd.DataFrame, column: str, what: str) -> list[str]:
    """A cargo flag (reefer, dangerous goods) that no node or no link allows."""
    found = []
    if not links[column].astype(bool).any():
        found.append(
            f"no link allows {what} (column {column!r} is false on every link): "
            f"{what} demand is unserved; set {column}=true on the links that carry it"
        )
    if not nodes[column].astype(bool).any() and links["mode"].nunique() > 1:
        found.append(
            f"no node accepts {what} (column {column!r} is false or blank at every node, "
            "its default): they cannot change mode anywhere, so "
            f"{what} demand that needs a transfer is unserved; set {column}=true at the "
            "terminals that handle them"
        )
    return found


def _designated(nodes: pd.DataFrame) -> list[str]:
    """Designated cargo classes that no open Chinese port may clear on import."""
    open_cn = nodes["port_status"].isin(OPEN_PORT_STATUSES) & (nodes["country"] == "CN")
    cleared = {c for cell in nodes.loc[open_cn, "designated"] for c in split_list(cell)}
    missing = [c.value for c in CargoClass if c.is_designated and c.value not in cleared]
    if not missing:
        return []
    return [
        "no open port is designated for " + ", ".join(missing) + ": imports of these "
        "classes into China are unserved; list the classes in 'designated' at the open "
        "ports that may clear them"
    ]


def _transfers(links: pd.DataFrame) -> list[str]:
    """Modes whose links never meet a link of another mode."""
    modes_at: dict[object, set[str]] = {}
    for a, b, mode in zip(links["from_node"], links["to_node"], links["mode"]):
        modes_at.setdefault(a, set()).add(mode)
        modes_at.setdefault(b, set()).add(mode)
    modes = sorted(set(links["mode"]))
    if len(modes) < 2:  # a transfer needs two modes
        return []
    found = []
    for mode in modes:
        if not any(mode in here and len(here) > 1 for here in modes_at.values()):
            found.append(
                f"mode {mode!r} has links but no node where it meets another mode: cargo "
                f"cannot get on or off the {mode} links from the rest of the network; add a "
                "link of another mode at one of its nodes"
            )
    return found


def network_warnings(nodes: pd.DataFrame, links: pd.DataFrame) -> list[str]:
    """Say what a valid network cannot do that users usually want, one line each.

    Checks, from the validated tables alone: isolated nodes; a border that no route can
    cross (no link between China and abroad, or none leaving from a port open for its
    mode); reefer boxes and dangerous goods that no link or no node accepts; designated
    cargo classes (meat, grain, ...) that no open port may clear; a mode whose links
    never meet another mode.

    Parameters
    ----------
    nodes, links
        The validated node and link tables (``Network.nodes``/``Network.links``, or the
        output of ``validate_nodes``/``validate_links``).

    Returns
    -------
    list of str
        One warning per finding, naming what is missing and how to fix it; empty when
        nothing was found.

    Raises
    ------
    ParameterError
        If a table lacks a column of the contract (pass validated tables).

    Examples
    --------
    >>> import multimodal
    >>> net = multimodal.load_network()
    >>> network_warnings(net.nodes, net.links)
    []
    """
    _require(nodes, _NODE_NEEDS, "nodes")
    _require(links, _LINK_NEEDS, "links")
    found = _isolated(nodes, links)
    border, crosses = _border(nodes, links)
    found += border
    found += _flag(nodes, links, "reefer", "reefer boxes")
    found += _flag(nodes, links, "dangerous_goods", "dangerous goods")
    if crosses:
        found += _designated(nodes)
    found += _transfers(links)
    return found
