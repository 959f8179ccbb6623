"""Build a network from your own tables, validate it, route on it.

A Python programmer's start: three nodes and two links in plain pandas, turned into a
validated Network; a bad row gives an error naming the row, the column and the fix.

Run:  python examples/build_your_own_network.py
"""

import geopandas as gpd
import pandas as pd

import multimodal as mm

nodes = pd.DataFrame(
    {
        "id": ["FACTORY", "TERMINAL", "PORT"],
        "name": ["Factory", "Rail terminal", "Sea port"],
        "kind": ["city", "rail_hub", "sea_port"],
        "modes": ["road", "road;rail", "rail;sea"],
        "handling_cost_cny_per_teu": [0, 350, 850],
        "dwell_h": [0, 12, 24],
        "lon": [108.9, 109.1, 120.2],
        "lat": [34.3, 34.4, 36.0],
    }
)
nodes = gpd.GeoDataFrame(
    nodes, geometry=gpd.points_from_xy(nodes.pop("lon"), nodes.pop("lat")), crs=4326
)
links = pd.DataFrame(
    {
        "from_node": ["FACTORY", "TERMINAL"],
        "to_node": ["TERMINAL", "PORT"],
        "mode": ["road", "rail"],
        "distance_km": [25, 1250],
        "time_h": [0.6, 40],
        "cost_cny": [150, 3200],
        "departures_per_week": [None, 7],
    }
)
net = mm.Network(nodes, links, name="my network")
print(net.summary(), "\n")
print(mm.route(net, mm.Shipment("Factory", "Sea port", teu=1)).explain(), "\n")

bad = links.copy()
bad.loc[1, "time_h"] = 2  # 1,250 km by rail in 2 h
try:
    mm.Network(nodes, bad)
except mm.DataValidationError as error:
    print(error)
