"""How should 2 FEU of machine parts go from Hanzhong to Duisburg, due in 20 days?

A logistics firm's question: the cheapest route that arrives in time, the fastest, what
else could be done, and the cost-time trade-off. Writes a map to out/.

Run:  python examples/route_a_shipment.py
"""

from datetime import datetime
from pathlib import Path

import multimodal as mm
from multimodal.plotting import save

net = mm.load_network()
parts = mm.Shipment(
    "汉中",
    "Duisburg",
    teu=4,  # 2 FEU
    weight_t=36,
    cargo_value_cny=1_200_000,
    ready_time=datetime(2026, 12, 1, 8, 0),
    deadline="20d",
)

cheapest = mm.route(net, parts, "cost")
print(cheapest.explain(), "\n")
fastest = mm.route(net, parts, "time")
print(fastest.explain(), "\n")
balanced = mm.route(net, parts, "generalized")  # money + value of time
print(balanced.explain(), "\n")

columns = ["cost_cny", "time_d", "co2e_kg", "modes", "via"]
print("alternatives:")
print(mm.routes_table(mm.alternatives(net, parts, k=3))[columns].to_string(), "\n")
print("cost-time Pareto front:")
print(mm.routes_table(mm.pareto(net, parts))[columns].to_string())

Path("out").mkdir(exist_ok=True)
save(cheapest.plot(), "out/example_route.png")
print("\nwrote out/example_route.png")
