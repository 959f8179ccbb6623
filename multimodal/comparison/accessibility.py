"""Accessibility: time and cost from each Shaanxi city to its nearest open port."""

from __future__ import annotations

import pandas as pd

from ..modes import split_list
from ..network import Network
from ..schema import OPEN_PORT_STATUSES
from ..skim import skim

#: Modes for which accessibility to the nearest open port is measured.
PORT_MODES = ("rail", "air", "road")

_COLUMNS = ["city", "mode", "port", "time_h", "cost_cny", "demand_teu"]


def accessibility(
    network: Network, demand: pd.DataFrame | None = None, *, province: str | None = "Shaanxi"
) -> pd.DataFrame:
    """Time and cost from each Shaanxi city to its nearest open international port.

    Parameters
    ----------
    network
        The network.
    demand
        Validated demand; with it, each city carries its demand (TEU per week starting or
        ending there), for the share of demand near a port.
    province
        Measure the cities of this province (the nodes' ``province`` column): the port
        plan's cities, not the neighbouring provinces' centroids that compete for their
        cargo. None, or a network without such cities: every Chinese city.

    Returns
    -------
    pandas.DataFrame
        One row per (city, port mode): ``port`` (the nearest open port for that mode, by
        time), ``time_h`` and ``cost_cny`` (per TEU) to reach it, and the city's
        ``demand_teu``. The row with mode ``any`` is the nearest port of any mode.

    Examples
    --------
    >>> import multimodal as mm
    >>> access = mm.accessibility(mm.load_network())
    >>> access.loc[(access["city"] == "CITY_XIAN") & (access["mode"] == "air"), "port"].item()
    'XIY'
    """
    nodes = network.nodes
    chinese = (nodes["kind"] == "city") & (nodes["country"] == "CN")
    if province is not None and "province" in nodes:
        home = chinese & (nodes["province"] == province)
        chinese = home if home.any() else chinese
    cities = nodes.loc[chinese, "id"].tolist()
    is_open = nodes["port_status"].isin(OPEN_PORT_STATUSES) & (nodes["country"] == "CN")
    ports = nodes.loc[is_open, ["id", "port_modes"]]
    load = pd.Series(0.0, index=cities)
    if demand is not None:
        for column in ("origin", "destination"):
            load = load.add(demand.groupby(column)["teu_per_week"].sum(), fill_value=0.0)
        load = load.reindex(cities).fillna(0.0)
    rows: list[dict[str, object]] = []
    if ports.empty or not cities:
        return pd.DataFrame(rows, columns=_COLUMNS)
    times = skim(network, cities, ports["id"], weight="time", attributes=("cost_cny",))
    for mode in (*PORT_MODES, "any"):
        allowed = [
            p
            for p, modes in zip(ports["id"], ports["port_modes"])
            if mode == "any" or mode in split_list(modes)
        ]
        if not allowed:
            continue
        block = times.values[allowed]
        for city in cities:
            port = block.loc[city].idxmin()
            rows.append(
                {
                    "city": city,
                    "mode": mode,
                    "port": port,
                    "time_h": float(block.loc[city, port]),
                    "cost_cny": float(times["cost_cny"].loc[city, port]),
                    "demand_teu": float(load[city]),
                }
            )
    return pd.DataFrame(rows)
