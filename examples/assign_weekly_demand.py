"""The week's freight on the capacitated network: flows, costs, bottlenecks.

A planner's question: with the illustrative weekly demand, where does the freight go,
what does it cost, and which capacities bind (and what would one more TEU be worth)?

Run:  python examples/assign_weekly_demand.py
"""

from pathlib import Path

import multimodal as mm
from multimodal.plotting import save

net = mm.load_network()
demand = mm.load_demand(network=net)
flows = mm.assign(net, demand)

print(flows.summary(), "\n")
print(flows.corridors().head(8).to_string(), "\n")
print(flows.hub_throughput.head(8).to_string(), "\n")
columns = ["kind", "id", "direction", "flow_teu", "capacity_teu_per_week", "dual_cny_per_teu"]
print(flows.bottlenecks[columns].head(8).to_string())

Path("out").mkdir(exist_ok=True)
save(flows.plot(), "out/example_flows.png")
print("\nwrote out/example_flows.png")
