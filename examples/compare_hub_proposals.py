"""What would the port plan's proposals change? And which hubs would a model pick?

A planner's questions: the bundled scenarios (opening Yulin Yuyang airport formally,
rail port functions at Baoji/Ankang/Yulin, designated grain and meat sites, a bonded
zone in Hanzhong, more Western Land-Sea trains, ...) compared on the same demand; then a
2-hub p-median among the auxiliary rail hubs for the Shaanxi cities' flows, with costs
from skims.

Run:  python examples/compare_hub_proposals.py
"""

from pathlib import Path

import numpy as np

import multimodal as mm

net = mm.load_network()
demand = mm.load_demand(network=net)
result = mm.compare(net, mm.load_scenarios(), demand)
print(result.table(deltas=True).T.round(2).to_string())
Path("out").mkdir(exist_ok=True)
result.to_html("out/example_scenarios.html")
print("wrote out/example_scenarios.html\n")

# Hub location on the network: which two of the plan's main and auxiliary rail hubs
# should consolidate the cities' flows to the gateways? Flows from the demand, costs per
# TEU from a skim; a hub-to-hub leg gets the bulk discount alpha = 0.6.
cities = net.nodes.query("kind == 'city' and province == 'Shaanxi'")["id"].tolist()
gateways = ["DUISBURG", "ALMATY", "MOSCOW", "QINZHOU"]
candidates = ["XIAN_PORT", "BAOJI_RAIL", "ANKANG_RAIL", "YULIN_RAIL"]
places = cities + gateways + candidates
index = {place: i for i, place in enumerate(places)}
flows = np.zeros((len(places), len(places)))
for row in demand.itertuples():
    if row.origin in index and row.destination in index:
        flows[index[row.origin], index[row.destination]] += row.teu_per_week
costs = mm.skim(net, places, places, weight="cost").values.to_numpy()
lonlat = net.nodes.set_index("id").loc[places].geometry
instance = mm.HubInstance.from_matrices(
    places,
    flows,
    costs,
    coords=np.column_stack([lonlat.x, lonlat.y]),
    crs="EPSG:4326",  # lon/lat: the result has a map (to_geodataframe, explore)
    transfer=0.6,
    name="shaanxi",
)
params = mm.HubLocationParams(candidates=candidates)
hubs = mm.locate_hubs(instance, p=2, allocation="single", params=params)
print(hubs.summary())
hubs.explore().save("out/example_hubs.html")
print("wrote out/example_hubs.html")
