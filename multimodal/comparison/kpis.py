"""The KPIs of one network for one demand: one row of the comparison table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..assignment import Assignment

#: Door-to-door time thresholds for the share of demand near an open port (h).
NEAR_PORT_HOURS = (24.0, 48.0)

#: The headline columns of ``Comparison.table()`` and the report, in order.
HEADLINE = (
    "total_cost_cny", "transport_cost_cny", "generalized_cost_cny", "demand_teu",
    "shippers_surplus_cny_per_year", "unserved_teu", "mean_time_h", "p90_time_h",
    "co2e_kg", "share_tkm_rail", "share_tkm_sea", "share_tkm_air", "mean_time_to_port_h",
    "demand_share_within_24h", "demand_share_within_48h",
)  # fmt: skip


def kpi_row(name: str, title: str, result: Assignment, access: pd.DataFrame) -> pd.Series:
    """The KPIs of one network: costs, times, CO2e, mode and corridor split, access, hubs.

    Flows by gateway (``teu_gateway_<node>``: where paths cross China's border) and by
    main mode (``teu_mode_<mode>``) are TEU per week.

    Parameters
    ----------
    name, title
        The scenario's name and title (``base`` for the base network).
    result
        The assignment of the demand on the network.
    access
        Its ``accessibility`` table (with the cities' demand).
    """
    k = result.kpis
    row = {
        "scenario": name,
        "title": title,
        "status": result.solve_info.status,
        "total_cost_cny": k["transport_cost_cny"] + k["unserved_penalty_cny"],
        "transport_cost_cny": k["transport_cost_cny"],
        "unserved_teu": k["unserved_teu"],
        "mean_time_h": k["mean_time_h"],
        "p90_time_h": k["p90_time_h"],
        "co2e_kg": k["co2e_kg"],
        "tonne_km": k["tonne_km"],
        "generalized_cost_cny": k["generalized_cost_cny"],
        "demand_teu": k["demand_teu"],
    }
    paths = result.paths
    for mode, teu in paths.groupby("main_mode")["flow_teu"].sum().items():
        row[f"teu_mode_{mode}"] = float(teu)
    gateways = paths[paths["gateway"] != ""]
    for gateway, teu in gateways.groupby("gateway")["flow_teu"].sum().items():
        row[f"teu_gateway_{gateway}"] = float(teu)
    row.update(
        {key: value for key, value in k.items() if key.startswith(("share_tkm_", "share_teukm_"))}
    )
    near = access[access["mode"] == "any"]
    total = near["demand_teu"].sum()
    row["mean_time_to_port_h"] = float(near["time_h"].mean()) if len(near) else np.nan
    for hours in NEAR_PORT_HOURS:
        within = near.loc[near["time_h"] <= hours, "demand_teu"].sum()
        row[f"demand_share_within_{hours:g}h"] = float(within / total) if total else np.nan
    hubs = result.hub_throughput.set_index("id")
    for hub, value in hubs["throughput_teu"].items():
        row[f"throughput_teu_{hub}"] = float(value)
    for hub, value in hubs["utilisation"].dropna().items():
        row[f"utilisation_{hub}"] = float(value)
    return pd.Series(row)
