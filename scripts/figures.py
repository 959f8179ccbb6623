"""Compute every figure README.md and the docs quote from the library, and write them in.

Each figure that comes from running the library on the built-in data (routes, the
assignment of the built-in demand, the scenario comparison) or that quotes a benchmark's
own table sits between two marker comments in the Markdown::

    <!-- figures:NAME -->            (a block: the markers on lines of their own)
    | table | ... |
    <!-- /figures:NAME -->

    ... costs <!-- figures:NAME -->121.4 million CNY<!-- /figures:NAME --> a week ...

This script recomputes them all and rewrites what lies between the markers, nothing else::

    python scripts/figures.py            # rewrite the blocks (about 10 s)
    python scripts/figures.py --check    # exit 1, naming each stale block, if any differs

``tests/docs/test_figures_current.py`` runs the same computation and fails when a block
differs from it, so a change in the data or a solver that moves a figure fails CI until
this script is run again. It also checks the blocks that the data builders write
(``<!-- generated:NAME -->`` in docs/data.md and docs/demand.md): those are rewritten by
``data/build_network.py`` and ``data/demand/build_demand.py``, never by this script.

Where a page quotes a benchmark, the figures are read from the benchmark's own output in
docs/benchmarks/ (written by the benchmarks, never by this script), so the prose cannot
drift from the latest run. Not covered, on purpose: run times of the library on the
built-in data (they depend on the machine), and figures measured once by hand and kept
in no benchmark output (earlier runs, ad-hoc timings in assignment-solvers.md and
hub-location.md); the text says when and how each was measured.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]

#: The marker pair of a block written by this script (the data builders' blocks, checked
#: only, use ``generated`` for ``figures``).
START, END = "<!-- figures:{name} -->", "<!-- /figures:{name} -->"


@dataclass(frozen=True)
class Block:
    """The text of one marked block.

    Parameters
    ----------
    file
        The Markdown file, relative to the repository root (``docs/routing.md``).
    name
        The block's name in its markers (unique within the file).
    text
        What goes between the markers (without the line breaks around a block).
    inline
        True for a figure inside a sentence (markers and text on one line); False for a
        block whose markers stand on lines of their own.
    indent
        The indentation of a block's markers (a table inside a list item): its lines get
        it too, and blank lines around them keep the markers out of the table.
    """

    file: str
    name: str
    text: str
    inline: bool = False
    indent: str = ""

    @property
    def body(self) -> str:
        """The exact text between the markers."""
        if self.inline:
            return self.text
        if not self.indent:
            return f"\n{self.text}\n"
        lines = [self.indent + line if line else line for line in self.text.split("\n")]
        return "\n\n" + "\n".join(lines) + "\n\n" + self.indent


# -- formatting --------------------------------------------------------------------------


def num(value: float, digits: int = 0) -> str:
    """``value`` with thousands separators and ``digits`` decimals (-0 shown as 0)."""
    rounded = round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{rounded if rounded else 0.0:,.{digits}f}"


def delta(value: float, digits: int = 0) -> str:
    """A change: signed, or a bare ``0`` when it rounds to zero."""
    if round(value, digits) == 0:
        return "0"
    return f"{value:+,.{digits}f}"


def table(header: list[str], align: list[str], rows: Iterable[list[str]]) -> str:
    """A Markdown table (``align``: ``l`` or ``r`` per column)."""
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# -- what the figures are computed from ----------------------------------------------------

#: The routes of README's table: (origin, destination, objective, deadline).
README_ROUTES = (
    ("汉中", "Duisburg", "cost", None),
    ("汉中", "Duisburg", "cost", "20d"),
    ("汉中", "Duisburg", "time", None),
    ("宝鸡", "Singapore", "cost", None),
    ("宝鸡", "Singapore", "time", None),
)

#: Endings of node names shortened to keep the route column short (in this order).
NAME_SUFFIXES = (
    (" International Port Station", " port"), (" International Airport", ""),
    (" Airport", ""), (" rail freight centre", ""), (" Port", ""),
)  # fmt: skip


class Model:
    """The library's results on the built-in data, each computed once when first used."""

    def __init__(self) -> None:
        import multimodal as mm

        self.mm = mm
        self.network = mm.load_network()
        self.names = dict(zip(self.network.node_ids, self.network.node_values("name"), strict=True))

    def short(self, node: str) -> str:
        """A node's name without its parenthesis and kind words (``Xi'an``, ``Liège``)."""
        name = str(self.names.get(node, node)).split(" (")[0].removeprefix("Port of ")
        for suffix, replacement in NAME_SUFFIXES:
            if name.endswith(suffix):
                return name.removesuffix(suffix) + replacement
        return name

    def route(self, origin: str, destination: str, objective: str, deadline: str | None) -> Any:
        """The best 2-TEU route (as README and docs/routing.md quote it)."""
        shipment = self.mm.Shipment(origin, destination, teu=2, deadline=deadline)
        return self.mm.route(self.network, shipment, objective=objective)

    def describe(self, route: Any) -> str:
        """The route in words: one part per service ridden, per run of links in one mode.

        A ride on a service the data name is given by the service's name (and where it
        was boarded and left, when not at its ends); road and one-link services by mode.
        """
        services = self.network.services.set_index("service_id")
        parts: list[tuple[str, list[str]]] = []
        for leg in route.legs.itertuples(index=False):
            if leg.kind != "link":
                continue
            sid = leg.service_id if isinstance(leg.service_id, str) else ""
            if sid and not sid.startswith("link:"):
                stops = str(services.at[sid, "stops"]).split(";")
                label = str(services.at[sid, "name"])
                if (leg.from_node, leg.to_node) != (stops[0], stops[-1]):
                    label += f" from {self.short(leg.from_node)}"
                parts.append((label, [leg.from_node, leg.to_node]))
            elif parts and parts[-1][0] == leg.mode:
                parts[-1][1].append(leg.to_node)
            else:
                parts.append((leg.mode, [leg.from_node, leg.to_node]))
        words = []
        for label, nodes in parts:
            via = [self.short(n) for n in nodes[1:-1]]
            text = f"{label} via {', '.join(via)} to " if via else f"{label} to "
            words.append(text + self.short(nodes[-1]))
        return ", ".join(words)

    @cached_property
    def builder(self) -> ModuleType:
        """data/build_network.py, for the public figures it was built from."""
        return _load("build_network", ROOT / "data" / "build_network.py")

    @cached_property
    def demand(self) -> pd.DataFrame:
        """The built-in weekly demand."""
        return self.mm.load_demand(network=self.network)

    @cached_property
    def assignment(self) -> Any:
        """``multimodal assign`` with its defaults."""
        return self.mm.assign(self.network, self.demand)

    @cached_property
    def comparison(self) -> Any:
        """``multimodal evaluate`` with its defaults (the calibrated logit; one process)."""
        return self.mm.compare(self.network, self.mm.load_scenarios(), self.demand, choice="logit")

    @cached_property
    def calibration(self) -> pd.DataFrame:
        """The built-in calibration's report (``scripts/calibrate_builtin.py`` writes it)."""
        return pd.read_csv(ROOT / "data" / "choice" / "calibration_report.csv")

    @cached_property
    def pareto(self) -> list[Any]:
        """The cost/time front of 2 TEU Hanzhong - Duisburg within 20 days."""
        shipment = self.mm.Shipment("汉中", "Duisburg", teu=2, deadline="20d")
        return sorted(self.mm.pareto(self.network, shipment), key=lambda r: r.cost_cny)


# -- README ----------------------------------------------------------------------------------


def readme_routes(model: Model) -> str:
    """README's table of routes."""
    rows = []
    for origin, destination, objective, deadline in README_ROUTES:
        r = model.route(origin, destination, objective, deadline)
        ends = f"{model.short(r.shipment.origin)} → {model.short(r.shipment.destination)}"
        if deadline is not None:
            ends += f", due in {deadline.removesuffix('d')} d"
        rows.append(
            [ends, objective, num(r.cost_cny), num(r.time_h / 24, 1), num(r.co2e_kg),
             model.describe(r)]
        )  # fmt: skip
    header = ["shipment", "objective", "cost (CNY)", "days", "CO2e (kg)", "route"]
    return table(header, ["l", "l", "r", "r", "r", "l"], rows)


def demand_size(model: Model) -> str:
    """The size of the built-in demand, as README's sentence gives it."""
    demand = model.demand
    return f"{len(demand)} OD rows, {num(demand['teu_per_week'].sum())} TEU per week"


def solve_status(info: Any) -> str:
    """``proven optimal``, or the status and gap of a solve that stopped early."""
    if info.status == "optimal":
        return "proven optimal"
    gap = abs(info.objective - info.best_bound) / max(abs(info.objective), 1e-9)
    return f"{info.status}, gap {gap:.2%}"


def link_label(model: Model, link: str) -> str:
    """``Xi'an-Qingdao rail`` for a link id."""
    links = model.network.links.set_index("id")
    row = links.loc[link]
    return f"{model.short(row['from_node'])}-{model.short(row['to_node'])} {row['mode']}"


def capacity_label(model: Model, kind: str, ident: str) -> str:
    """A bottleneck's label: a link's ends and mode, a service's name, or a hub's name."""
    if kind == "link":
        return link_label(model, ident)
    if kind == "service":
        services = model.network.services.set_index("service_id")
        return f"the {services.at[ident, 'name']} service"
    return f"{model.short(ident)} hub"


def bottlenecks(model: Model) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The binding capacities, one row per capacity, in two tables.

    The first holds those that leave demand unserved (a shadow price above half the
    penalty for unserved demand), the second the others.
    """
    from multimodal.assignment import DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU

    b = model.assignment.bottlenecks
    b = b[b["dual_cny_per_teu"] > 1e-6]
    grouped = b.groupby(["kind", "id"], sort=False).agg(
        capacity=("capacity_teu_per_week", "first"),
        directions=("direction", "nunique"),
        dual=("dual_cny_per_teu", "max"),
    )
    grouped = grouped.sort_values("dual", ascending=False, kind="stable").reset_index()
    blocking = grouped["dual"] > DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU / 2
    return grouped[blocking], grouped[~blocking]


def unserved_text(model: Model) -> str:
    """What does not fit, from where, and what one more TEU of the full capacities saves."""
    unserved = model.assignment.unserved
    if unserved.empty:
        return "all of it served"
    by_origin = unserved.groupby("origin", sort=False)["unserved_teu"].sum()
    where = " and ".join(f"{num(teu, 1)} TEU/week from {model.short(o)}" for o, teu in
                         by_origin.items())  # fmt: skip
    blocking, _ = bottlenecks(model)
    if blocking.empty:
        return f"{where} do not fit"
    pairs = zip(blocking["kind"], blocking["id"], strict=True)
    full = ", ".join(capacity_label(model, kind, ident) for kind, ident in pairs)
    low, high = blocking["dual"].min() / 1e6, blocking["dual"].max() / 1e6
    saves = f"{low:.1f}-{high:.1f}" if round(low, 1) != round(high, 1) else f"{low:.1f}"
    return (
        f"{where} do not fit (full: {full}; one more TEU/week on any of them would save "
        f"{saves} million CNY/week)"
    )


def readme_kpis(model: Model) -> str:
    """README's bullets on the assignment of the built-in demand."""
    k = model.assignment.kpis
    modes = sorted(
        ((key.removeprefix("share_tkm_"), v) for key, v in k.items()
         if key.startswith("share_tkm_")),
        key=lambda item: -item[1],
    )  # fmt: skip
    split = ", ".join(f"{mode} {v * 100:.1f} %" for mode, v in modes)
    corridors = model.assignment.corridors().groupby("corridor", sort=False)["teu_km"].sum()
    corridors = corridors.sort_values(ascending=False, kind="stable")
    (c1, v1), (c2, v2) = list(corridors.items())[:2]
    _, others = bottlenecks(model)
    binding = []
    for i, row in enumerate(others.head(3).itertuples(index=False)):
        label = capacity_label(model, row.kind, row.id)
        if i == 0:
            each = " each way" if row.directions == 2 else ""
            binding.append(f"{label} ({num(row.capacity)} TEU/week{each}, "
                           f"{num(row.dual)} CNY per extra TEU)")  # fmt: skip
        else:
            binding.append(f"{label} ({num(row.dual)})")
    return "\n".join(
        [
            f"- served {num(k['served_teu'])} TEU/week; {unserved_text(model)};",
            f"- transport cost {k['transport_cost_cny'] / 1e6:.1f} million CNY/week "
            f"({num(k['cost_cny_per_teu'])} CNY per TEU); TEU-weighted mean door-to-door "
            f"time {k['mean_time_h'] / 24:.1f} days, 90th percentile "
            f"{k['p90_time_h'] / 24:.0f} days; {num(k['tonne_km'] / 1e6)} million t-km and "
            f"{num(k['co2e_kg'] / 1e3, 1)} t CO2e per week;",
            f"- mode split (t-km): {split}; busiest corridors `{c1}` "
            f"({v1 / 1e6:.1f} million TEU-km/week) and `{c2}` ({v2 / 1e6:.1f} million);",
            f"- other binding capacities: {', '.join(binding)}.",
        ]
    )


def scenario_base(model: Model) -> str:
    """The base network's generalized cost and demand, as README's sentence gives it."""
    base = model.comparison.kpis.loc["base"]
    text = (
        f"the base carries {num(base['demand_teu'])} TEU a week at a generalized cost of "
        f"{base['generalized_cost_cny'] / 1e6:.1f} million CNY"
    )
    if base["unserved_teu"] > 0.05:
        text += f", {num(base['unserved_teu'], 1)} TEU/week left unserved by full services"
    return text


def scenario_rows(model: Model) -> pd.DataFrame:
    """Each scenario's headline changes against the base, the largest savings first."""
    c = model.comparison
    titles = {s.name: s.title for s in c.scenarios}
    d = c.deltas.drop(index="base").copy()
    d["title"] = [titles[name] for name in d.index]
    d["name"] = d.index
    d["surplus"] = -d["shippers_surplus_cny_per_year"]  # largest gains first
    keys = ["surplus", "mean_time_to_port_h", "name"]
    return d.sort_values(keys, kind="stable")


def scenario_table(model: Model) -> str:
    """README's table of the bundled scenarios: what each gives shippers, and its cost."""
    kpis = model.comparison.kpis
    rows = []
    for row in scenario_rows(model).itertuples():
        flag = kpis.at[row.name, "opened_but_unserved"]
        rows.append(
            [row.title, delta(row.demand_teu, 1), delta(row.shippers_surplus_cny_per_year / 1e6, 2),
             delta(row.generalized_cost_cny / 1e3), delta(row.mean_time_h, 2),
             delta(row.co2e_kg / 1e3, 1), delta(row.mean_time_to_port_h, 2),
             f"opened, unserved: {flag}" if flag else ""]
        )  # fmt: skip
    header = ["scenario", "new demand (TEU/week)", "shippers' surplus (million CNY/year)",
              "generalized cost (thousand CNY/week)", "mean time (h)", "CO2e (t/week)",
              "time from a city to its nearest open port (h)", "flag"]  # fmt: skip
    return table(header, ["l", "r", "r", "r", "r", "r", "r", "l"], rows)


#: README's on-time example: (label, ReliabilityParams keywords).
ON_TIME_REGIMES = (
    ("normal", {"regime": "normal"}),
    ("Brest / Malaszewicze congested (2021)", {"regime": {"BREST": "congested"}}),
    (
        "Polish-Belarusian border closed (2025), trains wait it out",
        {"regime": {"BREST": "closure", "BRUZGI": "closure"}},
    ),
    ("not known: 80 % normal, 20 % congested", {"mixture": {"normal": 0.8, "congested": 0.2}}),
)


def on_time(model: Model) -> str:
    """README's table: 2 TEU Xi'an -> Duisburg by rail, ready Fri 4 Dec, due in 20 days."""
    from datetime import datetime

    mm = model.mm
    box = mm.Shipment("Xi'an", "Duisburg", teu=2, ready_time=datetime(2026, 12, 4, 8))
    rows = []
    for label, params in ON_TIME_REGIMES:
        r = mm.route(
            model.network, box, "reliable", deadline="20d", modes=["rail", "road"],
            reliability=mm.ReliabilityParams(**params),
        )  # fmt: skip
        a = r.arrival_distribution
        rides = []  # each service ridden, and each road leg as "road to <place>"
        for leg in r.legs[r.legs["kind"] == "link"].itertuples(index=False):
            ride = str(leg.service).strip() or f"{leg.mode} to {model.short(leg.to_node)}"
            if ride not in rides:
                rides.append(ride)
        rows.append(
            [label, ", ".join(rides),
             num(r.time_h / 24, 1), num(a.p10_h / 24, 1), num(a.p50_h / 24, 1),
             num(a.p90_h / 24, 1), f"{a.on_time_probability * 100:.1f} %"]
        )  # fmt: skip
    header = ["border regime", "most reliable route", "scheduled (d)", "P10 (d)", "P50 (d)",
              "P90 (d)", "on time by 20 d"]  # fmt: skip
    return table(header, ["l", "l", "r", "r", "r", "r", "r"], rows)


#: docs/reliability.md's table: (label, ReliabilityParams keywords).
RELIABILITY_REGIMES = (
    ("normal", {"regime": "normal"}),
    ("Brest congested", {"regime": {"BREST": "congested"}}),
    ("congested", {"regime": "congested"}),
    ("Brest closure", {"regime": {"BREST": "closure"}}),
    ("80 % normal, 20 % congested", {"mixture": {"normal": 0.8, "congested": 0.2}}),
)


def reliability_table(model: Model) -> str:
    """docs/reliability.md: the express and the standard train Xi'an - Duisburg by regime."""
    from datetime import datetime

    from multimodal.reliability import arrival_distribution

    mm = model.mm
    remove = {"kind": "remove_service", "service": "CE_XIAN_DUISBURG_EXP"}
    standard = mm.Scenario.from_dict({"name": "no_express", "changes": [remove]})
    standard = standard.apply(model.network)
    box = mm.Shipment("XIAN_PORT", "DUISBURG", ready_time=datetime(2026, 12, 4, 8))
    rows = []
    for label, network in (("express", model.network), ("standard", standard)):
        r = mm.route(network, box, "time", modes=["rail"])
        train = next(s for s in r.legs["service_id"].dropna() if str(s).startswith("CE_XIAN"))
        for regime, params in RELIABILITY_REGIMES:
            a = arrival_distribution(r, mm.ReliabilityParams(**params))
            rows.append(
                [f"{label} ({train})", regime, num(r.time_h / 24, 1),
                 " / ".join(num(h / 24, 1) for h in (a.p10_h, a.p50_h, a.p90_h)),
                 *(f"{a.probability_by(d * 24) * 100:.1f} %" for d in (14, 16, 20))]
            )  # fmt: skip
    header = ["service", "regime", "schedule (d)", "P10 / P50 / P90 (d)", "by 14 d", "by 16 d",
              "by 20 d"]  # fmt: skip
    return table(header, ["l", "l", "r", "r", "r", "r", "r"], rows)


def mechanism(description: str) -> str:
    """The scenario description's first sentence after ``Mechanism:`` (or its first)."""
    text = " ".join(description.split())
    text = text.split("Mechanism:", 1)[-1].strip()
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in ".;" and depth == 0 and (i + 1 == len(text) or text[i + 1] == " "):
            return text[:i] + "."
    return text.rstrip(";.") + "."


def moves(model: Model, name: str, what: str, label: str) -> str:
    """The largest gains and losses of TEU a week by ``what`` (gateway or mode)."""
    kpis = model.comparison.kpis
    prefix = f"teu_{what}_"
    columns = [c for c in kpis.columns if c.startswith(prefix)]
    base = kpis.loc["base", columns].astype(float).fillna(0.0)
    change = kpis.loc[name, columns].astype(float).fillna(0.0) - base
    change = change[change.abs() >= 0.5].sort_values(kind="stable")
    if change.empty:
        return ""
    picked = dict([*change.iloc[::-1].head(2).items(), *change.head(2).items()])
    parts = []
    for key, value in picked.items():
        ident = key.removeprefix(prefix)
        parts.append(f"{model.short(ident) if what == 'gateway' else ident} {delta(value)}")
    return f"{label} " + ", ".join(parts)


def scenario_flows(model: Model) -> str:
    """README's list: each scenario's mechanism and the flows it moves (TEU/week)."""
    c = model.comparison
    titles = {sc.name: sc for sc in c.scenarios}
    lines = []
    for name in scenario_rows(model)["name"]:
        scenario = titles[name]
        moved = [m for m in (moves(model, name, "gateway", "by gateway:"),
                             moves(model, name, "mode", "by main mode:")) if m]  # fmt: skip
        text = "; ".join(moved) if moved else "no flow moves by 0.5 TEU/week or more"
        text = text[0].upper() + text[1:]
        lines.append(f"- **{scenario.title}**: {mechanism(scenario.description)} {text}.")
    return "\n".join(lines)


def scenario_targets(model: Model) -> str:
    """README's table of the plan's targets: the base, the plan year's scenario."""
    t = model.comparison.target_table("value")
    if t.empty:
        return "No targets."
    shown = [c for c in ("base", "plan_2025") if c in t.columns]
    rows = []
    for target, row in t.iterrows():
        values = [("" if pd.isna(row[c]) else num(row[c])) for c in shown]
        value = float(row["target_value"])
        goal = num(value) if abs(value) >= 100 else f"{value:g}"
        rows.append([str(target), f"{row['comparison']} {goal} {row['unit']}",
                     str(row["year"]), *values])  # fmt: skip
    header = ["target", "plan", "year", *[f"model: {c}" for c in shown]]
    gaps = model.comparison.target_table("gap")
    if shown:
        last = shown[-1]
        header.append(f"gap ({last})")
        for row, target in zip(rows, t.index):
            gap = gaps.at[target, last]
            row.append("" if pd.isna(gap) else (delta(gap) if abs(gap) >= 100 else f"{gap:+g}"))
    return table(header, ["l", "l", "l", *["r"] * (len(header) - 3)], rows)


def calibration_table(model: Model) -> str:
    """docs/choice.md's table: each observation, the model before and after calibration."""
    r = model.calibration
    rows = []
    for row in r.itertuples():
        loo = (
            ""
            if pd.isna(row.leave_one_out)
            else num(row.leave_one_out, 3 if row.observed < 1 else 0)
        )
        digits = 3 if row.observed < 1 else 0
        why = str(row.status) if row.fit else _why_reported(str(row.note))
        rows.append([row.id, "yes" if row.fit else "no", f"{num(row.observed, digits)} {row.unit}",
                     num(row.before, digits), num(row.modelled, digits),
                     f"{row.error * 100:+.1f} %", loo, why])  # fmt: skip
    header = ["observation", "fitted", "observed", "before", "calibrated", "error",
              "left out", "status (reported: why not fitted)"]  # fmt: skip
    return table(header, ["l", "l", "r", "r", "r", "r", "r", "l"], rows)


def _why_reported(note: str) -> str:
    """The 'Not fitted: ...' sentence of an observation's note, else its last sentence."""
    text = " ".join(note.split()).replace("|", "/")
    for marker in ("Reported, not fitted:", "Not fitted:"):
        if marker in text:
            return "reported: " + text.split(marker, 1)[1].strip()
    sentences = [t for t in re.split(r"(?<=[.;])\s+", text) if t]
    return "reported: " + (sentences[-1] if sentences else "")


def calibration_headline(model: Model) -> str:
    """README's sentence on the calibration."""
    r = model.calibration
    fitted = r[r["fit"]]
    within = int((fitted["error"].abs() <= 0.05).sum())
    reported = len(r) - len(fitted)
    if within == len(fitted):
        head = f"all {len(fitted)} fitted observations within 5 %"
    else:
        head = f"{within} of the {len(fitted)} fitted observations within 5 %, the others with why"
    return f"{head}; {reported} more reported, each with why it is not fitted, in docs/choice.md"


def tie_break(model: Model) -> str:
    """docs/choice.md's sentence: KPIs of equal optima, run to run and method to method."""
    mm = model.mm
    keys = ["generalized_cost_cny", "mean_time_h", "co2e_kg"]
    first = mm.assign(model.network, model.demand, objective="generalized").kpis[keys]
    again = mm.assign(model.network, model.demand, objective="generalized").kpis[keys]
    arc = mm.assign(model.network, model.demand, objective="generalized", method="arc").kpis[keys]
    same = bool((first == again).all())
    worst = float(((arc - first).abs() / first.abs()).max())
    return (
        f"two runs {'identical' if same else 'DIFFERENT'}; path- and arc-based within "
        f"{worst:.1e} relative on generalized cost, mean time and CO2e"
    )


def flow_moves(model: Model, name: str) -> str:
    """The hubs that gain and lose most throughput under scenario ``name``."""
    c = model.comparison
    hubs = [
        c.evaluations[key].assignment.hub_throughput.set_index("id")["throughput_teu"]
        for key in ("base", name)
    ]
    change = hubs[1].sub(hubs[0], fill_value=0.0).sort_values(kind="stable")
    gain, loss = change.index[-1], change.index[0]
    return (
        f"{num(change[gain], 1)} TEU/week more are handled at {model.short(gain)} and "
        f"{num(-change[loss], 1)} fewer at {model.short(loss)}"
    )


# -- docs pages ------------------------------------------------------------------------------


def routing_pareto(model: Model) -> str:
    """docs/routing.md's Pareto front."""
    rows = [
        [num(r.cost_cny), num(r.time_h / 24, 1), num(r.co2e_kg), model.describe(r)]
        for r in model.pareto
    ]
    return table(["cost (CNY)", "time (d)", "CO2e (kg)", "via"], ["r", "r", "r", "l"], rows)


def services_count(model: Model) -> str:
    """README's count of the built-in services."""
    return f"{len(model.network.service_tables()[0])} services"


#: The EU-side reloading terminal of each rail crossing into the EU -> the crossing's name.
EU_CROSSINGS = {"MALASZEWICZE": "Brest", "KUZNICA": "Bruzgi", "BRANIEWO": "Kaliningrad"}


def eu_shares(model: Model) -> str:
    """docs/sweeps.md: the shares of the westbound EU-bound trains by crossing.

    Westbound: an explicit service whose first stop is not in Poland or further west and
    that stops at a crossing's EU-side terminal (weighted by departures a week).
    """
    services = model.network.services
    services = services[~services["implicit"].astype(bool)]
    country = model.network.nodes.set_index("id")["country"]
    eu = set(country[[*EU_CROSSINGS, "DUISBURG", "HAMBURG", "WARSAW", "BUDAPEST", "MILAN"]])
    weekly = dict.fromkeys(EU_CROSSINGS.values(), 0.0)
    for stops, departures in zip(services["stops"], services["departures_per_week"], strict=True):
        nodes = str(stops).split(";")
        crossings = [EU_CROSSINGS[n] for n in nodes if n in EU_CROSSINGS]
        if crossings and country[nodes[0]] not in eu:
            weekly[crossings[0]] += float(departures)
    total = sum(weekly.values())
    brest, *others = (f"{name} {100 * v / total:.1f} %" for name, v in weekly.items())
    return f"{brest} of the westbound EU-bound trains, {', '.join(others)}"


def eu_capacities(model: Model) -> str:
    """docs/sweeps.md: each crossing's capacity for these trains, as the diversion table has it."""
    from multimodal.scenarios.diversion import read_diversions

    table = read_diversions()
    capacity: dict[str, float] = {}
    for alternative, value in zip(table["alternative"], table["capacity_trains_per_week"]):
        capacity.setdefault(EU_CROSSINGS[alternative[-1]], float(value))
    return ", ".join(f"{name} {capacity[name]:g}" for name in EU_CROSSINGS.values())


def closure_plan(model: Model) -> str:
    """docs/sweeps.md: what a Brest closure does to the services through it (Closure.plan)."""
    from multimodal.sweeps import Closure

    def hours(values: pd.Series) -> str:
        low, high = f"{values.min():.0f}", f"{values.max():.0f}"
        return f"{low} h" if low == high else f"{low}-{high} h"

    def west(plan: pd.DataFrame) -> tuple[pd.DataFrame, float, float]:
        """The westbound rows, their departures a week (each service once), diverted."""
        rows = plan[plan["direction"] == "forward"]
        weekly = rows.drop_duplicates("service_id")["departures_per_week"].sum()
        return rows, float(weekly), float(rows["diverted_per_week"].sum())

    plan = Closure("BREST").plan(model.network)
    rows, weekly, moved = west(plan)
    each_way = plan.drop_duplicates("service_id")["departures_per_week"].sum() / 2
    teu = rows["teu_diverted_per_week"].sum() + rows["teu_cancelled_per_week"].sum()
    diverted = rows[rows["action"] == "diverted"]
    parts = []
    for alternative, group in diverted.groupby("alternative", sort=False):
        terminal = model.short(str(alternative).split(";")[1])
        shares = group["share_of_departures"]
        share = (
            f"{100 * shares.iloc[0]:.1f} % of the departures of each"
            if shares.max() - shares.min() < 1e-6
            else f"{100 * shares.min():.1f}-{100 * shares.max():.1f} % of their departures"
        )
        copies = (group["runs_as"] != group["service_id"]).sum()
        parts.append(
            f"via {terminal}, {group['diverted_per_week'].sum():.1f} trains a week shared by "
            f"{len(group)} services ({share}"
            + (", run as copies `<id>_VIA_...`" if copies else "")
            + f", {hours(group['added_time_h'])} later)"
        )
    express = plan[(plan["service_id"] == "CE_XIAN_DUISBURG_EXP") & (plan["action"] == "diverted")]
    express_text = " and ".join(
        f"{r.diverted_per_week:.2f} via {model.short(str(r.alternative).split(';')[1])}"
        for r in express.itertuples(index=False)
    )
    border, border_weekly, border_moved = west(
        Closure("BREST", also=("BRUZGI",)).plan(model.network)
    )
    _, bruzgi_weekly, bruzgi_moved = west(Closure("BRUZGI").plan(model.network))
    back = plan[plan["direction"] == "backward"]
    open_to = border.loc[border["action"] == "diverted", "alternative"]
    kaliningrad = sorted({model.short(str(a).split(";")[1]) for a in open_to})
    return (
        f"On the built-in network, Brest closed: {plan['service_id'].nunique()} services "
        f"({each_way:.1f} trains a week each way, {teu:,.0f} TEU westbound) pass it. "
        f"Westbound, {'; '.join(parts)}. In all {moved:.1f} of {weekly:.1f} trains a week "
        f"({diverted['teu_diverted_per_week'].sum():,.0f} TEU) are diverted and "
        f"{rows['cancelled_per_week'].sum():.1f} cancelled, each named with the reason; the "
        f"Xi'an - Duisburg express keeps {express_text} of its "
        f"{express['departures_per_week'].iloc[0]:.0f} a week. Eastbound the return runs get "
        f"the same shares ({back['diverted_per_week'].sum():.1f} trains a week diverted). "
        f"Closing Bruzgi instead diverts {bruzgi_moved:.1f} of its {bruzgi_weekly:.1f} "
        f"westbound trains a week. With the whole Polish-Belarusian border closed "
        f'(`Closure("BREST", also=("BRUZGI",))`) {border_moved:.1f} of {border_weekly:.1f} '
        f"westbound trains a week are diverted, all via "
        f"{', '.join(kaliningrad)}."
    )


def services_reference(model: Model) -> str:
    """docs/services.md's table: what the built-in services reproduce of the public figures.

    The public figures are the builder's own constants (data/build_network.py, each with
    its source key); the model's side is read from the network's services.
    """
    b = model.builder
    services = model.network.services.set_index("service_id")
    stops = model.network.service_tables()[1]

    def span_h(service: str, a: str, z: str) -> float:
        rows = stops[stops["service_id"] == service].set_index("node")
        return float(rows.at[z, "arrive_h"] - rows.at[a, "depart_h"])

    def days(service: str) -> float:
        return float(services.at[service, "time_h"]) / 24

    def km(service: str) -> float:
        return float(services.at[service, "distance_km"])

    checks = [
        ("Chang'an standard train Xi'an → Duisburg", b.CE_DUISBURG_STD_H / 24,
         days("CE_XIAN_DUISBURG_STD"), "d", "FS-2-DUI-STD"),
        ("Chang'an express Xi'an → Duisburg", b.CE_DUISBURG_EXP_H / 24,
         days("CE_XIAN_DUISBURG_EXP"), "d", "FS-2-DUI-EXP"),
        ("Chang'an express Duisburg → Xi'an", b.CE_DUISBURG_EXP_EAST_H / 24,
         days("CE_DUISBURG_XIAN_EXP"), "d", "FS-2-DUI-EAST"),
        ("Xi'an → Duisburg, rail distance", b.CE_DUISBURG_KM, km("CE_XIAN_DUISBURG_STD"),
         "km", "FS-1.3-DUI"),
        ("Xi'an → Almaty via Alashankou", b.CE_ALMATY_H / 24, days("CE_XIAN_ALMATY_STD"), "d",
         "FS-2-ALA"),
        ("Xi'an → Almaty, rail distance", b.CE_ALMATY_KM, km("CE_XIAN_ALMATY_STD"), "km",
         "FS-1.3-ALA"),
        ("Xi'an → Moscow", b.CE_MOSCOW_H / 24, days("CE_XIAN_MOSCOW_STD"), "d", "FS-2-MOW"),
        ("Xi'an → Moscow, rail distance", b.CE_MOSCOW_KM, km("CE_XIAN_MOSCOW_STD"), "km",
         "FS-1.3-MOW"),
        ("Xi'an → Tashkent via Khorgos", b.CE_TASHKENT_H / 24, days("CE_XIAN_TASHKENT_KHG"),
         "d", "FS-2-TAS"),
        ("Xi'an → Milan", b.CE_MILAN_H / 24, days("CE_XIAN_MILAN_STD"), "d", "SV-MIL"),
        ("Western Land-Sea train Xi'an → Qinzhou", b.WLSNC_XIAN_QINZHOU_H / 24,
         days("WLSNC_XIAN_QINZHOU"), "d", "FS-2-QZH"),
        ("Xi'an → Qinzhou, rail distance", b.WLSNC_XIAN_QINZHOU_KM, km("WLSNC_XIAN_QINZHOU"),
         "km", "FS-1.3-QZH"),
        ("Rail-sea train Xi'an → Qingdao", b.RAIL_DOM_H, float(services.at["E_XIAN_QINGDAO",
         "time_h"]), "h", "SV-TAO-46H"),
        ("Xi'an → Qingdao, rail distance", b.RAIL_DOM_KM, km("E_XIAN_QINGDAO"), "km",
         "SV-TAO-46H"),
        ("Liner Shanghai → Rotterdam", b.SEA_SHANGHAI_ROTTERDAM_H / 24,
         span_h("SEA_AE_CENTRAL", "SHANGHAI", "ROTTERDAM") / 24, "d", "FS-2-SEA"),
        ("Liner Qinzhou → Singapore", b.QINZHOU_SINGAPORE_H / 24,
         days("SEA_QZH_SIN"), "d", "FS-2-QZH-SIN"),
    ]  # fmt: skip
    rows = [
        [what, f"{num(public, 1 if unit == 'd' else 0)} {unit}",
         f"{num(modelled, 1 if unit == 'd' else 0)} {unit}", f"{modelled / public:.2f}", key]
        for what, public, modelled, unit, key in checks
    ]  # fmt: skip
    header = ["service (terminal to terminal)", "public figure", "model", "ratio", "source"]
    return table(header, ["l", "r", "r", "r", "l"], rows)


def routing_cheapest(model: Model) -> str:
    """docs/routing.md's cheapest route without a deadline."""
    r = model.route("汉中", "Duisburg", "cost", None)
    return f"{model.describe(r)} ({num(r.cost_cny)} CNY, {num(r.time_h / 24, 1)} days)"


def dearest_per_teu(model: Model) -> str:
    """The fastest (air) route to Europe per TEU, to two significant figures."""
    r = model.route("汉中", "Duisburg", "time", None)
    per_teu = r.cost_cny / r.shipment.teu
    return f"~{num(round(per_teu, -4))}"


def scenario_errors(model: Model) -> str:
    """docs/scenarios.md's example errors, as the library words them (a ``text`` fence)."""
    from multimodal.exceptions import MultimodalError
    from multimodal.scenarios import OpenPort, Scenario, SetLink, SetNode

    examples = [
        Scenario(name="bad", changes=(OpenPort("UYX", ("air",)),)),
        Scenario(
            name="bad",
            changes=(
                SetNode("UYN", {"port_status": "formal"}),
                SetLink("A_XIY_LGG", {"capacity_teu_per_week": -5}),
            ),
        ),
        Scenario(
            name="late",
            changes=(
                SetLink("A_XIY_LGG", {"time_h": 1.0}),
                SetLink("A_XIY_LGG", {"capacity_t_per_week": 100}),
            ),
        ),
    ]
    lines = []
    for scenario in examples:
        try:
            scenario.apply(model.network)
        except MultimodalError as error:
            lines.append(f"{type(error).__name__}: {error}")
        else:
            lines.append(f"(scenario {scenario.name!r} was accepted)")
    return "```text\n" + "\n".join(lines) + "\n```"


def demand_corridors(model: Model) -> str:
    """docs/demand.md's totals by corridor, from the built-in demand table."""
    d = model.demand
    teu = d.groupby("segment")["teu_per_week"].sum()
    tonnes = d.groupby("segment")["weight_t_per_week"].sum()
    nodes = model.network.nodes.set_index("id")
    chinese_end = d["origin"].where(d["origin"].map(nodes["country"]) == "CN", d["destination"])
    trains = d["segment"].str.startswith(("china_europe", "trans_caspian"))
    feeder = d.loc[trains & (chinese_end.map(nodes["province"]) != "Shaanxi"), "teu_per_week"]
    west = teu["china_europe_export"] + teu["trans_caspian_export"]
    east = teu["china_europe_import"]
    ways = (
        f"{num(west)} each way"
        if num(west) == num(east)
        else f"{num(west)} westbound, {num(east)} eastbound"
    )
    wlsnc = ("western_land_sea_export", "western_land_sea_import")
    railsea = ("eastern_rail_sea_export", "eastern_rail_sea_import")
    air = ("air_export", "air_import")
    return (
        f"Chang'an {num(west + east)} TEU a week ({ways}, incl. "
        f"{num(teu['trans_caspian_export'])} to Baku and {num(feeder.sum())} on the feeder "
        f"lines), WLSNC {num(teu[list(wlsnc)].sum())} ({num(teu[wlsnc[0]])} south, "
        f"{num(teu[wlsnc[1]])} north), rail-sea to the coast {num(teu[list(railsea)].sum())} "
        f"({num(teu[railsea[0]])} out, {num(teu[railsea[1]])} in), air "
        f"{num(tonnes[list(air)].sum())} t a week ({num(tonnes[air[0]])} t out, "
        f"{num(tonnes[air[1]])} t in; {num(teu[list(air)].sum())} TEU-equivalent)"
    )


def demand_border(model: Model) -> str:
    """docs/demand.md's comparison of the Chang'an demand with the trains out of Xi'an."""
    teu = model.demand.groupby("segment")["teu_per_week"].sum()
    west = teu["china_europe_export"] + teu["trans_caspian_export"]
    each_way = max(west, teu["china_europe_import"])
    services = model.network.services
    out = services[
        services["stops"].str.startswith("XIAN_PORT;")
        & services["corridor"].isin(["china_europe", "trans_caspian"])
    ]
    capacity = out["capacity_teu_per_week"].sum()
    trains = out["departures_per_week"].sum()
    above = (each_way / capacity - 1) * 100
    side = "above" if above >= 0 else "below"
    return (
        f"The Chang'an demand ({num(each_way)} TEU a week each way) is ~{abs(above):.0f} % "
        f"{side} the network's border capacity out of Xi'an ({num(trains, 1)} trains x "
        f"{num(capacity / trains, 1)} TEU = {num(capacity)} TEU a week each way)"
    )


# -- quotes of a benchmark's own table ---------------------------------------------------------


def benchmark_rows(path: str, first: str, which: int = 0) -> list[list[str]]:
    """The cells of a benchmark's Markdown table (bold summary rows included).

    The table is number ``which`` among those in ``path`` whose header starts with the
    cell ``first``.
    """
    tables: list[list[list[str]]] = []
    inside = False
    for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            inside = False
        elif cells[0] == first:
            inside = True
            tables.append([])
        elif inside and not cells[0].startswith("---"):
            tables[-1].append(cells)
    return tables[which]


def sweep_scaling(_model: Model) -> str:
    """docs/sweeps.md's scaling table, quoted from the benchmark's own (workers by column)."""
    rows = benchmark_rows("docs/benchmarks/sweeps.md", "where")
    header = ["", "inline", *(f"{r[1]} worker{'s' if r[1] != '1' else ''}" for r in rows[1:])]
    return table(
        header,
        ["l"] + ["r"] * len(rows),
        [["time (s)", *(r[3] for r in rows)], ["speed-up vs inline", *(r[4] for r in rows)]],
    )


def collection_rows() -> tuple[list[list[str]], dict[str, list[str]]]:
    """docs/benchmarks/collection.md's instances and its mean/worst rows."""
    rows = benchmark_rows("docs/benchmarks/collection.md", "instance")
    summary = {r[0].strip("*"): r for r in rows if r[0].startswith("**")}
    return [r for r in rows if not r[0].startswith("**")], summary


def pct(cell: str) -> str:
    """``0.89%`` as the docs write it: ``0.89 %``."""
    return cell.replace("%", " %")


def collection_gaps(_model: Model) -> str:
    """docs/collection.md's gap table, quoted from the benchmark's own."""
    rows, _summary = collection_rows()
    body = [[r[0], r[1], r[2], pct(r[4]), pct(r[8])] for r in rows]
    header = ["instance", "n", "optimum", "PyVRP gap", "OR-Tools gap"]
    return table(header, ["l", "r", "r", "r", "r"], body)


def collection_choice(_model: Model) -> str:
    """docs/collection.md's sentence on the default engine, from the benchmark's table."""
    _rows, s = collection_rows()
    return (
        f"PyVRP is within {pct(s['worst'][4])} of the optimum on every instance "
        f"(mean {pct(s['mean'][4])}), and OR-Tools is within {pct(s['worst'][8])} "
        f"(mean {pct(s['mean'][8])})"
    )


CONSOLIDATION_BENCH = "docs/benchmarks/consolidation.md"
#: The benchmark's model names, as docs/consolidation.md's table calls them.
CONSOLIDATION_MODELS = {
    "aggregated (shipped)": "**aggregated (shipped)**",
    "naive (defaults)": "naive direct model, CP-SAT defaults",
    "naive (tuned workers)": "naive direct model, our worker portfolio",
}


def consolidation_gaps(_model: Model) -> str:
    """docs/consolidation.md's gaps at 10 s and 60 s, quoted from the benchmark's table."""
    rows = benchmark_rows(CONSOLIDATION_BENCH, "seed")
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for seed, model, limit, status, *_, gap, _excess, wall, _cpu, _load in rows:
        if model not in CONSOLIDATION_MODELS:
            continue
        text = f"0 (proven optimal in {float(wall):.0f} s)" if status == "optimal" else gap
        cells.setdefault((seed, model), {})[limit] = text
    body = []
    for (seed, model), gaps in cells.items():
        shipped = model.startswith("aggregated")
        row = [gaps.get("10", "-"), gaps.get("60", "-")]
        row = [f"**{cell}**" if shipped else cell for cell in row]
        body.append([f"seed {seed}", CONSOLIDATION_MODELS[model], *row])
    header = ["week", "model", "gap at 10 s", "gap at 60 s"]
    return table(header, ["l", "l", "r", "r"], body)


def consolidation_load(_model: Model) -> str:
    """The load average range of the runs in docs/consolidation.md's gap table."""
    rows = benchmark_rows(CONSOLIDATION_BENCH, "seed")
    loads = [float(r[-1]) for r in rows if r[1] in CONSOLIDATION_MODELS]
    return f"load average {min(loads):.1f}-{max(loads):.1f}"


def consolidation_sizes() -> list[tuple[int, int, int]]:
    """(shipments, groups, components) of each benchmark week, from the benchmark's text."""
    text = (ROOT / CONSOLIDATION_BENCH).read_text(encoding="utf-8")
    pattern = r"- seed \d+: (\d+) shipments \([\d,]+ TEU\) -> (\d+) groups in (\d+) components"
    return [(int(a), int(b), int(c)) for a, b, c in re.findall(pattern, text)]


def span(values: Iterable[float], digits: int = 0, unit: str = "") -> str:
    """``low-high`` (or one value when they round alike), with ``digits`` decimals."""
    items = [num(v, digits) for v in sorted(values)]
    low, high = items[0], items[-1]
    return f"{low}{unit}" if low == high else f"{low}-{high}{unit}"


def consolidation_components(_model: Model) -> str:
    """The number of components of the benchmark weeks."""
    return span(c for _, _, c in consolidation_sizes())


def consolidation_groups(_model: Model) -> str:
    """How many groups the first benchmark week's shipments become."""
    shipments, groups, _ = consolidation_sizes()[0]
    return f"{num(shipments)} shipments become {num(groups)} groups"


def consolidation_runs() -> dict[tuple[str, str, str], dict[str, float]]:
    """The benchmark's runs by (seed, model, limit): objective, bound, gap and excess (%)."""
    runs = {}
    for seed, model, limit, _status, obj, bound, gap, excess, *_ in benchmark_rows(
        CONSOLIDATION_BENCH, "seed"
    ):
        runs[seed, model, limit] = {
            "objective": float(obj.replace(",", "")),
            "bound": float(bound.replace(",", "")),
            "gap": float(gap.rstrip("%")),
            "excess": float(excess.rstrip("%")),
        }
    return runs


def consolidation_excess(_model: Model) -> str:
    """How much more the plans cost than the best any run found."""
    runs = consolidation_runs()

    def excess(model: str, limit: str) -> str:
        values = [r["excess"] for (_, m, t), r in runs.items() if m == model and t == limit]
        return span(values, 1, "%")

    return (
        f"the naive model's 10 s plans cost {excess('naive (defaults)', '10')} more and its "
        f"60 s plans {excess('naive (defaults)', '60')} more; the aggregated model's 10 s "
        f"plans cost {excess('aggregated (shipped)', '10')} more"
    )


def consolidation_bounds(_model: Model) -> str:
    """The naive model's bounds on the first week against its optimum."""
    runs = consolidation_runs()
    naive = [r["bound"] for (s, m, _), r in runs.items() if s == "0" and m == "naive (defaults)"]
    tuned = [r for (s, m, _), r in runs.items() if s == "0" and m == "naive (tuned workers)"]
    best = min(r["objective"] for (s, _, _), r in runs.items() if s == "0")
    below = (best - max(naive)) / best * 100
    naive_m = [b / 1e6 for b in naive]
    return (
        f"with CP-SAT's default worker it stays at CNY {span(naive_m, 1)} million on seed "
        f"0, {below:.0f}% below the optimum of {best / 1e6:.2f} million, whatever the time; "
        f"with the `max_lp` worker it reaches {max(r['bound'] for r in tuned) / 1e6:.1f} "
        f"million, but the per-shipment search still leaves {tuned[-1]['gap']:.1f}% open at "
        f"60 s"
    )


#: The ablations of the benchmark, as docs/consolidation.md names them.
ABLATIONS = {
    "aggregated, default workers": "default worker portfolio {} (the bound stalls)",
    "aggregated, no decomposition": "no decomposition {}",
    "aggregated, no grouping": "no grouping {}",
    "naive + strong linking x <= y": "the naive model with strong linking `x <= y` {}",
}


def consolidation_ablations(_model: Model) -> str:
    """The ablations' gaps at 10 s on the first week."""
    runs = consolidation_runs()
    return ", ".join(
        text.format(f"{runs['0', model, '10']['gap']:.2f}%") for model, text in ABLATIONS.items()
    )


ASSIGNMENT_BENCH = "docs/benchmarks/assignment.md"


def assignment_headlines(_model: Model) -> str:
    """docs/assignment-solvers.md's headline figures, quoted from the benchmark's table."""
    runs = {(r[0], r[3], r[4]): r for r in benchmark_rows(ASSIGNMENT_BENCH, "hubs")}

    def solve_s(hubs: str, commodities: str, engine: str, digits: int) -> str:
        return f"{num(float(runs[hubs, commodities, engine][7].replace(',', '')), digits)} s"

    small = [runs["100", "1,000", e][9] for e in ("path", "arc", "linprog")]
    optima = "one optimum" if len(set(small)) == 1 else "different optima"
    hubs, vertices, arcs, commodities, _, variables, _, seconds, _, _, status, _, peak = max(
        runs.values(), key=lambda r: float(r[0].replace(",", ""))
    )
    proven = "to the proven optimum" if status == "optimal" else f"({status})"
    million = float(variables.replace(",", "")) / 1e6
    return (
        f"at 100 hubs and 1,000 commodities, path {solve_s('100', '1,000', 'path', 2)}, "
        f"arc-based (aggregated) {solve_s('100', '1,000', 'arc', 1)}, SciPy `linprog` "
        f"{solve_s('100', '1,000', 'linprog', 1)}, {optima}; 3,000 hubs x 1,000 commodities, "
        f"path {solve_s('3,000', '1,000', 'path', 0)}; {hubs} hubs x {commodities} commodities "
        f"({vertices} vertices, {arcs} arcs), path {num(float(seconds.replace(',', '')))} s "
        f"{proven} with a {peak} MB peak, where the aggregated arc model would need "
        f"{million:.0f} million variables"
    )


HUB_BENCH = "docs/benchmarks/hub_location.md"


def hub_mip_table(_model: Model) -> str:
    """docs/hub-location.md's comparison with the plain MIP, quoted from the benchmark."""
    body = []
    for row in benchmark_rows(HUB_BENCH, "instance"):
        if len(row) < 11 or not row[8]:
            continue
        instance, p, alpha, allocation, *_, ours, mip, status, ratio = row
        label = f"{instance} p={p}"
        if instance.startswith("CAB"):
            label += f" a={float(alpha):.1f}"
        if status != "optimal":
            mip += " (no solution yet)" if "no solution" in status else f" ({status})"
        body.append([f"{label} {allocation}", ours, mip, ratio])
    return table(["instance", "ours (s)", "plain MIP (s)", "ratio"], ["l"] * 4, body)


def hub_headline(_model: Model) -> str:
    """docs/hub-location.md's headline: how many instances were proven optimal, how fast."""
    text = (ROOT / HUB_BENCH).read_text(encoding="utf-8")
    found = re.search(
        r"All (\d+) instances proven optimal: (\w+); total time \(ours\) ([\d.]+) s", text
    )
    if found is None:
        message = f"{HUB_BENCH} lacks its summary line"
        raise SystemExit(message)
    count, proven, total = found.groups()
    verdict = "proven optimal" if proven == "True" else "not all proven optimal"
    return f"All {count} instances {verdict}, {total} s in total."


def hub_times() -> pd.DataFrame:
    """The benchmark's main table: instance, p, alpha, allocation and our time (s)."""
    rows = benchmark_rows(HUB_BENCH, "instance")
    frame = pd.DataFrame(
        [[*r[:4], float(r[7])] for r in rows], columns=["instance", "p", "alpha", "alloc", "s"]
    )
    return frame.sort_values("s", ascending=False, kind="stable")


def hub_slowest_cab(_model: Model) -> str:
    """The slowest CAB instance of the benchmark."""
    t = hub_times()
    r = t[t["instance"].str.startswith("CAB")].iloc[0]
    return f"p={r.p}, alpha={float(r.alpha):.1f}, {r.alloc}, {r.s:.1f} s"


def _slowest_ap(t: pd.DataFrame) -> list[tuple[str, str]]:
    """The two slowest (AP instance, p) of the benchmark."""
    keys = t.loc[t["instance"].str.startswith("AP"), ["instance", "p"]].drop_duplicates()
    return [tuple(k) for k in keys.head(2).to_numpy()]


def hub_slowest_ap(_model: Model) -> str:
    """The two slowest AP instances, both allocations."""
    t = hub_times()
    parts = []
    for i, (instance, p) in enumerate(_slowest_ap(t)):
        times = t[(t["instance"] == instance) & (t["p"] == p)].set_index("alloc")["s"]
        single, multiple = num(times["single"], 1), num(times["multiple"], 1)
        labels = (" (single)", " (multiple)") if i == 0 else ("", "")
        parts.append(f"{instance} p={p}, {single} s{labels[0]} and {multiple} s{labels[1]}")
    return "; ".join(parts)


def hub_others(_model: Model) -> str:
    """The longest time of every other instance (not the slowest CAB or AP ones)."""
    t = hub_times()
    slow = set(_slowest_ap(t))
    others = t[[(i, p) not in slow for i, p in zip(t["instance"], t["p"], strict=True)]]
    return f"at most {others['s'].iloc[0]:.2f} s"


def hub_stretch(instance: str) -> str:
    """The stretch run times of ``instance`` (AP100, AP200), quoted from the benchmark."""
    times = {
        allocation: time_s
        for name, allocation, *_, time_s in benchmark_rows(HUB_BENCH, "instance", 1)
        if name == instance
    }
    return f"{times['single']} s (single) and {times['multiple']} s (multiple)"


# -- the list of blocks ------------------------------------------------------------------------

#: (file, block name, inline, function of the model that gives its text).
BLOCKS: tuple[tuple[str, str, bool, Callable[[Model], str]], ...] = (
    ("README.md", "routes", False, readme_routes),
    ("README.md", "demand-size", True, demand_size),
    ("README.md", "assign-status", True, lambda m: solve_status(m.assignment.solve_info)),
    ("README.md", "assign-kpis", False, readme_kpis),
    ("README.md", "scenario-base", True, scenario_base),
    ("README.md", "scenario-table", False, scenario_table),
    ("README.md", "scenario-flows", False, scenario_flows),
    ("README.md", "scenario-targets", False, scenario_targets),
    ("README.md", "on-time", False, on_time),
    ("README.md", "calibration-headline", True, calibration_headline),
    ("docs/choice.md", "calibration", False, calibration_table),
    ("docs/choice.md", "tie_break", True, tie_break),
    ("docs/routing.md", "pareto", False, routing_pareto),
    ("docs/reliability.md", "regimes", False, reliability_table),
    ("docs/sweeps.md", "eu-shares", True, eu_shares),
    ("docs/sweeps.md", "eu-capacities", True, eu_capacities),
    ("docs/sweeps.md", "closure-plan", False, closure_plan),
    ("docs/routing.md", "cheapest", True, routing_cheapest),
    ("docs/services.md", "services-reference", False, services_reference),
    ("README.md", "services-count", True, services_count),
    ("docs/assignment.md", "dearest-route", True, dearest_per_teu),
    ("docs/scenarios.md", "errors", False, scenario_errors),
    ("docs/demand.md", "border", True, demand_border),
    ("docs/demand.md", "corridors", True, demand_corridors),
    ("docs/sweeps.md", "benchmark-scaling", False, sweep_scaling),
    ("docs/collection.md", "benchmark-gaps", False, collection_gaps),
    ("docs/collection.md", "benchmark-choice", True, collection_choice),
    ("docs/assignment-solvers.md", "benchmark-headlines", True, assignment_headlines),
    ("docs/consolidation.md", "benchmark-components", True, consolidation_components),
    ("docs/consolidation.md", "benchmark-groups", True, consolidation_groups),
    ("docs/consolidation.md", "benchmark-gaps", False, consolidation_gaps),
    ("docs/consolidation.md", "benchmark-excess", True, consolidation_excess),
    ("docs/consolidation.md", "benchmark-bounds", True, consolidation_bounds),
    ("docs/consolidation.md", "benchmark-ablations", True, consolidation_ablations),
    ("docs/consolidation.md", "benchmark-load", True, consolidation_load),
    ("docs/hub-location.md", "benchmark-slowest-cab", True, hub_slowest_cab),
    ("docs/hub-location.md", "benchmark-slowest-ap", True, hub_slowest_ap),
    ("docs/hub-location.md", "benchmark-others", True, hub_others),
    ("docs/hub-location.md", "benchmark-mip", False, hub_mip_table),
    ("docs/hub-location.md", "benchmark-headline", True, hub_headline),
    ("docs/hub-location.md", "benchmark-ap100", True, lambda _: hub_stretch("AP100")),
    ("docs/hub-location.md", "benchmark-ap200", True, lambda _: hub_stretch("AP200")),
)


def compute(model: Model | None = None) -> list[Block]:
    """Every block this script writes, computed (about 10 s; the model is shared)."""
    model = model or Model()
    return [
        Block(file, name, fn(model), inline, "" if inline else indent_of(file, name))
        for file, name, inline, fn in BLOCKS
    ]


def indent_of(file: str, name: str) -> str:
    """The indentation of the line that opens block ``name`` in ``file`` ("" if none)."""
    text = (ROOT / file).read_text(encoding="utf-8")
    found = re.search(rf"^([ \t]*){re.escape(START.format(name=name))}", text, re.M)
    return found.group(1) if found else ""


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        message = f"cannot import {path}"
        raise ImportError(message)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def data_blocks() -> list[Block]:
    """The blocks the data builders write (docs/data.md, docs/demand.md), as they would."""
    network = _load("build_network", ROOT / "data" / "build_network.py")
    network.finalise_links()
    network_blocks = {
        "sources": network.sources_markdown(),
        "estimates": network.est_markdown(),
        "calibration": network.calibration_markdown(),
        "counts": network.counts_markdown(),
    }
    demand = _load("build_demand", ROOT / "data" / "demand" / "build_demand.py")
    demand_blocks = demand.docs_blocks(demand.build())
    return [Block("docs/data.md", k, v) for k, v in network_blocks.items()] + [
        Block("docs/demand.md", k, v) for k, v in demand_blocks.items()
    ]


# -- reading and writing the marked blocks -----------------------------------------------------


def markers(text: str, data: bool = False) -> dict[str, str]:
    """The blocks of a Markdown text: name -> the exact text between its markers."""
    prefix = "generated" if data else "figures"
    pattern = re.compile(rf"<!-- {prefix}:([\w-]+) -->(.*?)<!-- /{prefix}:\1 -->", re.S)
    return {m.group(1): m.group(2) for m in pattern.finditer(text)}


def replace(text: str, block: Block) -> str:
    """``text`` with ``block`` written between its markers (which must be there)."""
    start, end = START.format(name=block.name), END.format(name=block.name)
    head, sep, rest = text.partition(start)
    _, sep2, tail = rest.partition(end)
    if not (sep and sep2):
        message = f"{block.file} lacks the markers {start} ... {end}"
        raise SystemExit(message)
    return head + start + block.body + end + tail


def stale(blocks: Iterable[Block], data: bool = False) -> list[str]:
    """One line per block whose text in its file differs from ``blocks`` (or is missing)."""
    problems = []
    for block in blocks:
        found = markers((ROOT / block.file).read_text(encoding="utf-8"), data).get(block.name)
        if found is None:
            problems.append(f"{block.file}: no block {block.name!r}")
        elif found != block.body:
            problems.append(f"{block.file}: block {block.name!r} differs from the program")
    return problems


def write(blocks: Iterable[Block]) -> list[str]:
    """Write every block into its file; the files that changed."""
    by_file: dict[str, list[Block]] = {}
    for block in blocks:
        by_file.setdefault(block.file, []).append(block)
    changed = []
    for file, items in by_file.items():
        path = ROOT / file
        before = path.read_text(encoding="utf-8")
        after = before
        for block in items:
            after = replace(after, block)
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed.append(file)
    return changed


def main(argv: list[str] | None = None) -> int:
    """Rewrite the blocks, or with ``--check`` report the stale ones (exit status 1)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale blocks")
    args = parser.parse_args(argv)
    blocks = compute()
    data_problems = stale(data_blocks(), data=True)
    if args.check:
        problems = stale(blocks) + data_problems
        for line in problems:
            sys.stdout.write(line + "\n")
        return 1 if problems else 0
    for file in write(blocks):
        sys.stdout.write(f"wrote {file}\n")
    for line in data_problems:
        sys.stdout.write(f"{line} (run data/build_network.py or data/demand/build_demand.py)\n")
    return 1 if data_problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
