"""``multimodal demo``: the whole story on the built-in Shaanxi network, in one go.

Routes a shipment (cheapest, fastest, alternatives, Pareto front), computes skims from
every Shaanxi city to the gateways, and writes maps to ``out/``. Each further capability
of the library adds its step here, so this command stays the tour of what it can do.
"""

from __future__ import annotations

import argparse

from ..network import load_network
from ..plotting import save
from ..routing import alternatives, pareto, route, routes_table
from ..shipment import Shipment
from ..skim import skim
from ._common import out_dir, print_table, step

#: Gateways of Shaanxi's freight to the world, for the skim.
GATEWAYS = ["DUISBURG", "HAMBURG", "MOSCOW", "ALMATY", "SINGAPORE", "ROTTERDAM", "LGG"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser("demo", help="run the whole story on the built-in network")
    parser.add_argument("--out", default="out", help="output folder (default: out/)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run every step, print the results, write the maps."""
    folder = out_dir(args.out)
    with step("loading the built-in Shaanxi network"):
        network = load_network()
    print(network.summary())

    shipment = Shipment("汉中", "Duisburg", teu=2, cargo_value_cny=600_000, deadline="20d")
    print("\n== 1. Route a shipment: 2 TEU of machine parts, Hanzhong -> Duisburg, due in 20 days")
    with step("routing"):
        cheapest = route(network, shipment, "cost")
        fastest = route(network, shipment, "time")
        front = pareto(network, shipment)
        others = alternatives(network, shipment, "cost", k=3)
    print("\ncheapest:\n" + cheapest.explain())
    print("\nfastest:\n" + fastest.explain())
    columns = ["cost_cny", "time_d", "co2e_kg", "modes", "via"]
    print("\nalternatives (by cost):")
    print_table(routes_table(others)[columns])
    print("\ncost-time Pareto front (within the deadline):")
    print_table(routes_table(front)[columns])
    south = route(network, Shipment("Xi'an", "Singapore", teu=2), "cost")
    print("\nXi'an -> Singapore, cheapest:\n" + south.explain())

    print("\n== 2. Skims: door-to-door time (days) from every Shaanxi city to the gateways")
    cities = network.nodes.query("kind == 'city'")["id"].tolist()
    with step("skimming"):
        times = skim(network, cities, GATEWAYS, weight="time")
    print_table(times.values / 24.0)

    with step("writing maps"):
        written = [
            save(cheapest.plot(), str(folder / "route_cheapest.png")),
            save(fastest.plot(), str(folder / "route_fastest.png")),
            save(network.plot(), str(folder / "network.png")),
        ]
        cheapest.explore().save(str(folder / "route_cheapest.html"))
        written.append(str(folder / "route_cheapest.html"))
    for path in written:
        print(f"wrote {path}")
    return 0
