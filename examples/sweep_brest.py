"""A Brest-congestion sweep of the bundled proposals, as a fan chart.

Which of the plan's proposals still pay off when the Brest / Malaszewicze crossing is
congested or closed, fuel costs more or less and demand grows by an uncertain amount?
Three settings, each drawn ``--draws`` times with the same random numbers:

- ``normal``: the crossing as in the base network;
- ``congested``: 7.5 days more at Malaszewicze, the 2021 congestion (about 10 days
  against 2-3 normally, ``docs/sweeps.md``);
- ``closed``: the Polish-Belarusian border closed (Brest and Bruzgi), as in September
  2025 (more than 130 trains stranded): their trains are diverted via Kaliningrad as far
  as it has room, the rest cancelled (``docs/sweeps.md``, "When a crossing closes").

In every draw the fuel price is drawn between 0.8 and 1.3 times today's and demand grows
by 5 % +- 5 % (illustrative ranges, not forecasts). Each draw runs ``compare()`` of the
bundled proposals on the drawn base, shippers choosing by the calibrated logit. The script
prints the sweep's summary and writes a fan chart of each proposal's shippers' surplus
(CNY a year) against the base of the same draw (``sweep_brest.png``).

Run it with ``python examples/sweep_brest.py`` (4 draws of each setting: 12 comparisons of
the 10 proposals, about 20 s each on one core; add ``--workers 2`` for a process pool, or
pass a Dask ``Client``: see ``docs/sweeps.md``; ``--draws 20`` for a smoother fan).
``--quick`` runs one draw of one proposal on a slice of the demand.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib.pyplot as plt

import multimodal as mm
from multimodal.sweeps import BorderDwell, Closure, DemandGrowth, FuelPrice, Normal, Uniform


def main(argv: list[str] | None = None) -> mm.Sweep:
    """Run the sweep, print its summary, write the fan chart; return the ``Sweep``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=4, help="draws per setting (default 4)")
    parser.add_argument("--workers", type=int, default=1, help="processes")
    parser.add_argument("--quick", action="store_true", help="a short run (1 draw)")
    parser.add_argument("--out", default="sweep_brest.png", help="the fan chart (PNG)")
    args = parser.parse_args(argv)

    net = mm.load_network()
    demand = mm.load_demand(network=net)
    proposals = mm.load_scenarios()
    draws = args.draws
    if args.quick:
        demand, proposals, draws = demand.head(6), proposals[:1], 1

    uncertain = [
        FuelPrice(Uniform(0.8, 1.3)),
        DemandGrowth(Normal(1.05, 0.05, low=0.85, high=1.25)),
    ]
    settings = {
        "normal": uncertain,
        "congested": [*uncertain, BorderDwell("MALASZEWICZE", 180.0)],
        "closed": [*uncertain, Closure("BREST", also=("BRUZGI",))],
    }
    # shippers choose by the calibrated logit (docs/choice.md), so each proposal's value
    # is the shippers' surplus it brings in that draw
    result = mm.sweep(
        net, proposals, demand, draws=draws, settings=settings, workers=args.workers,
        seed=2025, choice="logit",
    )  # fmt: skip
    print(result.summary())

    ax = result.plot(kpi="shippers_surplus_cny_per_year")
    ax.figure.tight_layout()
    out = Path(args.out)
    ax.figure.savefig(out, dpi=110)
    plt.close(ax.figure)
    print(f"fan chart: {out}")
    return result


if __name__ == "__main__":
    main()
