"""What differs between two networks: added and removed rows, changed cells."""

from __future__ import annotations

import pandas as pd

from ..network import Network
from ._values import plain, same


def network_diff(before: Network, after: Network) -> pd.DataFrame:
    """What differs between two networks, one row per added/removed row or changed cell.

    Parameters
    ----------
    before, after
        The two networks (e.g. a base and a scenario applied to it).

    Returns
    -------
    pandas.DataFrame
        Columns ``table`` (``nodes``, ``links``, ``services`` or ``stops``), ``id`` (a
        stop's id is ``SERVICE#seq``), ``change`` (``added``, ``removed``, ``changed``),
        ``column`` (for changed cells), ``before``, ``after``. Only the explicit services
        are compared (a link's implicit service changes with the link).

    Examples
    --------
    >>> import multimodal as mm
    >>> from multimodal.scenarios import load_scenario, network_diff
    >>> net = mm.load_network()
    >>> diff = network_diff(net, load_scenario("xian_railway_port_formal").apply(net))
    >>> diff[["id", "column", "before", "after"]].to_numpy().tolist()
    [['XIAN_PORT', 'port_status', 'temporary', 'formal']]
    """
    rows: list[dict[str, object]] = []
    old_services, old_stops = before.service_tables()
    new_services, new_stops = after.service_tables()
    for table, old, new in (
        (
            "nodes",
            before.nodes.set_index("id", drop=False),
            after.nodes.set_index("id", drop=False),
        ),
        (
            "links",
            before.links.set_index("id", drop=False),
            after.links.set_index("id", drop=False),
        ),
        ("services", _by_service(old_services), _by_service(new_services)),
        ("stops", _by_stop(old_stops), _by_stop(new_stops)),
    ):
        for ident in old.index.difference(new.index, sort=False):
            rows.append({"table": table, "id": ident, "change": "removed"})
        for ident in new.index.difference(old.index, sort=False):
            rows.append({"table": table, "id": ident, "change": "added"})
        rows += _changed_cells(table, old, new)
    frame = pd.DataFrame(rows, columns=["table", "id", "change", "column", "before", "after"])
    frame["column"] = frame["column"].fillna("")
    return frame


#: Key columns: not compared as cells.
_KEYS = frozenset({"id", "service_id", "seq"})


def _by_service(services: pd.DataFrame) -> pd.DataFrame:
    """The services table indexed by ``service_id``."""
    frame = services.set_index("service_id", drop=False)
    frame.index.name = None
    return frame


def _by_stop(stops: pd.DataFrame) -> pd.DataFrame:
    """The stops table indexed by ``SERVICE#seq``."""
    frame = stops.copy()
    frame.index = [f"{s}#{int(q)}" for s, q in zip(stops["service_id"], stops["seq"])]
    return frame


def _changed_cells(table: str, old: pd.DataFrame, new: pd.DataFrame) -> list[dict[str, object]]:
    """One row per cell that differs between the rows both tables have."""
    rows: list[dict[str, object]] = []
    common = [i for i in old.index if i in new.index]
    columns = [c for c in old.columns if c in new.columns and c not in _KEYS]
    old_common, new_common = old.loc[common], new.loc[common]
    for column in columns:
        a_values = old_common[column].to_numpy(dtype=object)
        b_values = new_common[column].to_numpy(dtype=object)
        for ident, a, b in zip(common, a_values, b_values):
            if not same(a, b):
                rows.append(
                    {
                        "table": table,
                        "id": ident,
                        "change": "changed",
                        "column": column,
                        "before": plain(a),
                        "after": plain(b),
                    }
                )
    return rows


def row_dict(frame: pd.DataFrame, ident: str) -> dict[str, object]:
    """The row ``ident`` of a table indexed by id, as canonical plain values.

    Parameters
    ----------
    frame
        A node or link table indexed by id.
    ident
        The row's id.

    Returns
    -------
    dict
        Column -> value, missing numbers as None (``_values.plain``).
    """
    row = frame.loc[ident]
    return {column: plain(row[column]) for column in frame.columns}


__all__ = ["network_diff"]
