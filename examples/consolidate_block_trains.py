"""Which block trains run from Xi'an this week, and which box goes on which?

The operator's question at Xi'an International Port Station (XIAN_PORT): containers
arrive by truck from Shaanxi cities and by domestic feeder trains; block trains to
Europe, Central Asia and the ports leave only when full enough. This script reads the
bundled example week (examples/xian_week, made by
``multimodal.synthetic.example_week``), plans it with CP-SAT and writes
the manifests.

Run from the repository root:  python examples/consolidate_block_trains.py
"""

from pathlib import Path

from multimodal.consolidation import ConsolidateParams, ConsolidationCosts, consolidate
from multimodal.plotting import save

HERE = Path(__file__).resolve().parent / "xian_week"

costs = ConsolidationCosts.from_file(HERE / "costs.toml")
plan = consolidate(
    HERE / "shipments.csv",
    HERE / "departures.csv",
    costs=costs,
    # two threads; the optimum is re-solved by one, so every run prints the same manifests
    params=ConsolidateParams(time_limit_s=10, workers=2, seed=0),
)

print(plan.summary())
print()
print("Why boxes wait for the fallback:")
print(plan.fallback["fallback_reason"].value_counts().to_string())
print()
first = plan.running.iloc[0]
print(f"Manifest of {first.service_id} ({first.destinations}, {first.fill_rate:.0%} full):")
print(
    plan.manifest(first.service_id)[
        ["shipment_id", "teu", "arrival_h", "dwell_h", "due_h", "lateness_h", "origin"]
    ].to_string(index=False)
)
written = plan.to_csv(Path("out") / "xian_week_plan")
chart = save(plan.plot(), str(Path("out") / "xian_week_plan" / "fill.png"))
print(f"\nWrote {len(written)} files to out/xian_week_plan/ and the fill chart to {chart}")
