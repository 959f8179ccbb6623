"""Collect containers from factories around Xi'an before the Duisburg train's cut-off.

A trucking firm's question: which truck picks up which boxes, in what order, so that
everything reaches Xi'an International Port Station by the cut-off? Road distances come
from the built-in network's road layer where it covers the area.

Run:  python examples/collect_first_mile.py
"""

from pathlib import Path

import pandas as pd

import multimodal as mm
from multimodal.plotting import save

net = mm.load_network()
terminal = net.nodes.set_index("id").loc["XIAN_PORT"].geometry

# Illustrative factories (coordinates near Shaanxi industrial parks; demand in TEU).
factories = pd.DataFrame(
    {
        "id": [
            "XIANYANG_PANELS",
            "BAOJI_MACHINERY",
            "WEINAN_CHEM",
            "YANGLING_FRUIT",
            "XIAN_HITECH",
        ],
        "lon": [108.71, 107.24, 109.50, 108.07, 108.86],
        "lat": [34.33, 34.36, 34.50, 34.28, 34.20],
        "demand_teu": [2, 2, 1, 1, 2],
        "window_start": ["06:00", "05:00", "08:00", "07:00", "09:00"],
        "window_end": ["18:00", "16:00", "18:00", "18:00", "19:00"],
    }
)
trucks = mm.Fleet(count=4, capacity_teu=2, cost_cny_per_km=10, fixed_cost_cny=300)
# Trucks may leave from 04:00; an iteration limit makes the tours the same on any machine,
# and the 5 s time limit only guards against a slow one.
params = mm.CollectParams(start="04:00", time_limit_s=5, max_iterations=2000)
plan = mm.collect(
    (terminal.x, terminal.y), factories, trucks, cutoff="20:00", network=net, params=params
)
print(plan.summary())
print(plan.tours.to_string())

Path("out").mkdir(exist_ok=True)
save(plan.plot(), "out/example_collection.png")
print("\nwrote out/example_collection.png")
