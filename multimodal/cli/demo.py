"""``multimodal demo``: the whole story on the built-in Shaanxi network, in one go.

1. a shipment routed (cheapest, fastest, alternatives, Pareto front) and skims;
2. the illustrative weekly demand assigned to the capacitated network;
3. a week of block trains consolidated at the Xi'an assembly centre;
4. the bundled scenarios of the port plan compared, and the HTML report written.

Everything goes to ``out/``; each step shows its progress and time.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..assignment import assign
from ..comparison import compare
from ..consolidation import ConsolidateParams, consolidate
from ..demand import load_demand
from ..network import load_network
from ..plotting import save
from ..routing import alternatives, pareto, route, routes_table
from ..scenarios import load_scenarios
from ..shipment import Shipment
from ..skim import skim
from ..synthetic import example_week
from ._common import emit, out_dir, print_table, print_text, records, solve_info_json, step
from .evaluate import progress_executor
from .route import print_routes

#: Gateways of Shaanxi's freight to the world, for the skim.
GATEWAYS = ["DUISBURG", "HAMBURG", "MOSCOW", "ALMATY", "SINGAPORE", "ROTTERDAM", "LGG"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``demo`` command.

    Parameters
    ----------
    subparsers
        The main parser's sub-command group.
    """
    parser = subparsers.add_parser("demo", help="run the whole story on the built-in network")
    parser.add_argument("--out", default="out", help="output folder (default: out/)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run every step, print the results, write the maps.

    Parameters
    ----------
    args
        The parsed arguments of ``multimodal demo``.

    Returns
    -------
    int
        0.
    """
    folder = out_dir(args.out)
    with step("loading the built-in Shaanxi network", args):
        network = load_network()
    print_text(network.summary())

    shipment = Shipment("汉中", "Duisburg", teu=2, cargo_value_cny=600_000, deadline="20d")
    print("\n== 1. Route a shipment: 2 TEU of machine parts, Hanzhong -> Duisburg, due in 20 days")
    with step("routing", args):
        cheapest = route(network, shipment, "cost")
        fastest = route(network, shipment, "time")
        front = pareto(network, shipment)
        others = alternatives(network, shipment, "cost", k=3)
    print_text("\ncheapest:\n" + cheapest.explain())
    print_text("\nfastest:\n" + fastest.explain())
    columns = ["cost_cny", "time_d", "co2e_kg", "modes", "via"]
    print("\nalternatives (by cost):")
    print_routes(routes_table(others))
    print("\ncost-time Pareto front (within the deadline):")
    print_routes(routes_table(front))
    south = route(network, Shipment("Xi'an", "Singapore", teu=2), "cost")
    print_text("\nXi'an -> Singapore, cheapest:\n" + south.explain())

    print("\n== 2. Skims: door-to-door time (days) from every Shaanxi city to the gateways")
    cities = network.nodes.query("kind == 'city'")["id"].tolist()
    with step("skimming", args):
        times = skim(network, cities, GATEWAYS, weight="time")
    print_table(times.values / 24.0)

    print("\n== 3. Assign the illustrative weekly demand to the capacitated network")
    demand = load_demand(network=network)
    teu = demand["teu_per_week"].sum()
    with step(f"assigning {len(demand)} OD rows ({teu:,.0f} TEU/week)", args):
        flows = assign(network, demand)
    print_text(flows.summary())
    print("\nbusiest corridors (TEU-km per week):")
    print_table(flows.corridors().head(6), "{:,.0f}")
    flows.link_flows.to_file(folder / "flows.geojson", driver="GeoJSON")

    print("\n== 4. A week of block trains at the Xi'an assembly centre (CP-SAT)")
    shipments, departures, costs = example_week()
    with step(f"consolidating {len(shipments)} shipments over {len(departures)} departures", args):
        params = ConsolidateParams(time_limit_s=20, workers=2)
        plan = consolidate(shipments, departures, costs=costs, params=params)
    print_text(plan.summary(max_trains=10))
    plan.to_csv(folder / "manifests")

    print("\n== 5. The port plan's proposals, compared on the same demand")
    scenarios = load_scenarios()
    with step(f"assigning the demand on the base and {len(scenarios)} scenarios", args):
        executor = progress_executor(args, len(scenarios) + 1, 1)
        try:
            comparison = compare(network, scenarios, demand, workers=executor)
        finally:
            executor.shutdown()
    print_table(comparison.table(deltas=True).T, "{:,.2f}")
    report = comparison.to_html(folder / "scenario_report.html")

    with step("writing maps", args):
        written = [
            save(cheapest.plot(), str(folder / "route_cheapest.png")),
            save(fastest.plot(), str(folder / "route_fastest.png")),
            save(network.plot(), str(folder / "network.png")),
        ]
        cheapest.explore().save(str(folder / "route_cheapest.html"))
        written.append(str(folder / "route_cheapest.html"))
        written.append(save(flows.plot(), str(folder / "flows.png")))
        flows.explore().save(str(folder / "flows.html"))
        written += [str(folder / "flows.html"), str(folder / "flows.geojson")]
        written += [str(folder / "manifests"), str(report)]
    for path in written:
        print(f"wrote {path}")
    sections: dict[str, Any] = {
        "route_cheapest": {"cost_cny": cheapest.cost_cny, "time_d": cheapest.time_d},
        "route_fastest": {"cost_cny": fastest.cost_cny, "time_d": fastest.time_d},
        "assignment": dict(flows.kpis),
        "consolidation": {
            "trains_running": int(plan.running.shape[0]),
            "fallback_shipments": int(plan.fallback.shape[0]),
            "solve_info": solve_info_json(plan.solve_info),
        },
    }
    emit(
        args,
        summary=sections,
        records=records(comparison.to_frame()),
        pareto=records(routes_table(front)[columns]),
        written=[str(path) for path in written],
    )
    return 0
