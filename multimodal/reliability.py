"""Uncertain times: border, service and sea delays, and a route's arrival distribution.

Every time in the network is a number: the schedule. This module adds what the schedule
leaves out, as *delays on top of it* (hours, never negative): the extra dwell at a border
crossing, the spread of a service's run time, the lateness of a liner. They are read from
``data/reliability/time_distributions.csv`` (sources in ``docs/reliability.md``), one row
per crossing, link group, service or mode and per *regime* (``normal``, ``congested``, and
``closure`` for the 2025 Brest stranding).

``arrival_distribution(route)`` walks a route's steps and builds the distribution of its
arrival time:

- each delay that applies is added (convolved) once: a crossing once per route, a ride's
  run-time spread once per ride (a service row beats a link row beats a mode row);
- boarding a frequency service (no timetable, or no ready time) waits Uniform(0, 2w)
  instead of the expected ``w`` of the deterministic route: the wait for the next departure
  is random and independent of the delays before it;
- boarding a timetabled service with a ready time takes its next departure after the
  (random) arrival at the stop: a box late for the Saturday express takes Wednesday's.

Given the regime the delays are independent, so ``method="convolution"`` is exact on an
hourly grid (continuous parts are rounded to whole hours); ``method="monte-carlo"`` samples
the same model in continuous time with a seed (and checks the grid).

What is approximated: a late box waits for the next departure of the *same* service
(it is not re-routed); delays of different boxes on one train are the same train's, but
a route carries one box; early arrivals are not modelled (an on-time liner arrives on
schedule); the regime holds for the whole trip.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _search
from ._options import check_seed
from ._validate import check_number, did_you_mean, is_missing, is_number, parse_bool, suggest
from .exceptions import DataValidationError, ParameterError, Problem
from .graph import BOARD
from .io import data_dir
from .route_result import ArrivalDistribution

if TYPE_CHECKING:
    from .network import Network
    from .route_result import Route

#: Where a row applies: a border crossing (its nodes), links ridden, a service, a mode.
SELECTORS = ("node", "link", "service", "mode")
#: Distribution families of the delay (hours).
FAMILIES = ("lognormal", "gamma", "empirical")
#: ``arrival_distribution`` methods.
METHODS = ("convolution", "monte-carlo")
#: Columns of the distributions file.
COLUMNS = (
    "id", "selector", "targets", "services", "regime", "family", "p_zero", "shift_h",
    "mean_h", "sd_h", "values_h", "probs", "source", "estimated", "derivation",
)  # fmt: skip
#: Probability left out of a continuous tail when it is put on the hourly grid.
_TAIL = 1e-7
_DEFAULT_FILE = Path("reliability") / "time_distributions.csv"


@dataclass(frozen=True)
class TimeDistribution:
    """One row of the distributions file: a delay (h) and where and when it applies.

    Attributes
    ----------
    id
        The row's id.
    selector, targets
        ``node`` (a border crossing: the delay applies once if the route touches any of
        its nodes), ``link`` (once per ride over any of the links), ``service`` (once per
        ride on the service) or ``mode`` (once per ride in the mode).
    services
        For a ``node`` row: only for boxes on these services (empty: any). A row naming
        services beats one that does not.
    regime
        ``normal``, ``congested``, ...
    family, p_zero, shift_h, mean_h, sd_h, values_h, probs
        The delay D in hours: 0 with probability ``p_zero``, else ``shift_h`` plus a
        lognormal or gamma variable of mean ``mean_h`` and standard deviation ``sd_h``;
        or, for ``empirical``, ``values_h`` with probabilities ``probs``.
    source, estimated, derivation
        Where the figures come from (ids in docs/reliability.md) and how they were derived.
    """

    id: str
    selector: str
    targets: tuple[str, ...]
    services: tuple[str, ...]
    regime: str
    family: str
    p_zero: float = 0.0
    shift_h: float = 0.0
    mean_h: float = 0.0
    sd_h: float = 0.0
    values_h: tuple[float, ...] = ()
    probs: tuple[float, ...] = ()
    source: str = ""
    estimated: bool = True
    derivation: str = ""

    def _continuous(self) -> Any:
        """The late part (before ``shift_h``) as a frozen scipy distribution."""
        from scipy import stats  # here: importing scipy.stats would slow ``import multimodal``

        m, s = self.mean_h, self.sd_h
        if self.family == "lognormal":
            sigma2 = math.log1p((s / m) ** 2)
            return stats.lognorm(s=math.sqrt(sigma2), scale=math.exp(math.log(m) - sigma2 / 2))
        return stats.gamma(a=(m / s) ** 2, scale=s * s / m)

    @property
    def mean_delay_h(self) -> float:
        """Expected delay (h)."""
        if self.family == "empirical":
            return float(np.dot(self.values_h, self.probs))
        return (1.0 - self.p_zero) * (self.shift_h + self.mean_h)

    def grid(self) -> tuple[int, np.ndarray]:
        """The delay on whole hours: (first hour, probabilities from it on).

        A continuous delay is rounded to the nearest hour; an empirical value between two
        hours is split between them so that its mean is kept.
        """
        if self.family == "empirical":
            # Each value's probability is split between the hours either side of it, in
            # proportion to how close it is: the mean is kept exactly.
            values = np.asarray(self.values_h)
            below = np.floor(values).astype(int)
            share = values - below
            lo = int(below.min())
            probs = np.zeros(int(below.max()) - lo + 2)
            np.add.at(probs, below - lo, np.asarray(self.probs) * (1 - share))
            np.add.at(probs, below - lo + 1, np.asarray(self.probs) * share)
            return lo, probs
        dist = self._continuous()
        top = math.ceil(self.shift_h + float(dist.ppf(1.0 - _TAIL))) + 1
        edges = np.arange(top + 2) - 0.5 - self.shift_h
        cdf = dist.cdf(np.clip(edges, 0.0, None))
        probs = np.diff(cdf) * (1.0 - self.p_zero)
        probs[-1] += (1.0 - self.p_zero) * (1.0 - cdf[-1])
        probs[0] += self.p_zero
        return 0, probs

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws of the delay in continuous hours."""
        if self.family == "empirical":
            return rng.choice(np.asarray(self.values_h), size=n, p=np.asarray(self.probs))
        m, s = self.mean_h, self.sd_h
        if self.family == "lognormal":
            sigma2 = math.log1p((s / m) ** 2)
            late = rng.lognormal(math.log(m) - sigma2 / 2, math.sqrt(sigma2), size=n)
        else:
            late = rng.gamma((m / s) ** 2, s * s / m, size=n)
        on_time = rng.random(n) < self.p_zero
        return np.where(on_time, 0.0, self.shift_h + late)


@dataclass(frozen=True)
class TimeDistributions:
    """The delay distributions of a network, validated (see ``read_time_distributions``).

    Attributes
    ----------
    rows
        One ``TimeDistribution`` per row of the file.
    file
        Where they were read from ("" when built in memory).
    """

    rows: tuple[TimeDistribution, ...]
    file: str = ""

    @property
    def regimes(self) -> tuple[str, ...]:
        """The regimes named in the file (``normal`` first)."""
        named = sorted({r.regime for r in self.rows} - {"normal"})
        return ("normal", *named)

    @property
    def targets(self) -> frozenset[str]:
        """Every node, link, service and mode a row names."""
        return frozenset(t for r in self.rows for t in (*r.targets, *r.services))

    def to_frame(self) -> pd.DataFrame:
        """One row per distribution, with its mean delay (h)."""
        records = []
        for r in self.rows:
            records.append(
                {
                    "id": r.id,
                    "selector": r.selector,
                    "targets": ";".join(r.targets),
                    "services": ";".join(r.services),
                    "regime": r.regime,
                    "family": r.family,
                    "p_zero": r.p_zero,
                    "shift_h": r.shift_h,
                    "mean_h": r.mean_h,
                    "sd_h": r.sd_h,
                    "values_h": ";".join(f"{v:g}" for v in r.values_h),
                    "probs": ";".join(f"{p:g}" for p in r.probs),
                    "mean_delay_h": r.mean_delay_h,
                    "source": r.source,
                    "estimated": r.estimated,
                }
            )
        return pd.DataFrame(records)

    def check_network(self, network: Network) -> None:
        """Refuse rows naming nodes, links or services the network does not have.

        Raises
        ------
        DataValidationError
            One problem per unknown name, with the row, the column and close names.
        """
        known = {
            "node": set(network.node_ids),
            "link": {str(v) for v in network.link_values("id")},
            "service": set(network.expanded.service_ids),
            "mode": {"rail", "road", "sea", "air"},
        }
        problems = []
        for r in self.rows:
            for column, names, kind in (
                ("targets", r.targets, r.selector),
                ("services", r.services, "service"),
            ):
                for name in names:
                    if name not in known[kind]:
                        message = (
                            f"{kind} {name!r} is not in the network"
                            f"{did_you_mean(name, known[kind])}"
                        )
                        problems.append(Problem(message, self.file, r.id, column))
        if problems:
            raise DataValidationError(problems)


def _text_list(value: object) -> tuple[str, ...]:
    if is_missing(value):
        return ()
    return tuple(part.strip() for part in str(value).split(";") if part.strip())


def _number(value: object, problems: list[Problem], where: tuple[str, str, str]) -> float:
    """A finite number >= 0, or 0.0 with a problem recorded."""
    file, row, column = where
    if is_missing(value) or not str(value).strip():
        return 0.0
    try:
        number = float(str(value))
    except ValueError:
        number = math.nan
    if not is_number(number) or number < 0:
        message = f"{column} must be a finite number >= 0 (hours or a probability), got {value!r}"
        problems.append(Problem(message, file, row, column))
        return 0.0
    return number


def _parse_row(record: Mapping[str, object], file: str, problems: list[Problem]) -> Any:  # noqa: C901 - one check per column, each with its message
    row = str(record.get("id", "")).strip()
    n_before = len(problems)

    def bad(message: str, column: str) -> None:
        problems.append(Problem(message, file, row, column))

    for column in ("id", "selector", "targets", "regime", "family", "source"):
        if is_missing(record.get(column)) or not str(record.get(column)).strip():
            bad(f"{column} is blank; fill it in (see docs/reliability.md)", column)
    selector = str(record.get("selector", "")).strip()
    family = str(record.get("family", "")).strip()
    if selector and selector not in SELECTORS:
        bad(f"selector {selector!r} unknown; use one of {', '.join(SELECTORS)}", "selector")
    if family and family not in FAMILIES:
        bad(f"family {family!r} unknown; use one of {', '.join(FAMILIES)}", "family")
    services = _text_list(record.get("services"))
    if services and selector != "node":
        bad("services only narrows node (border crossing) rows; leave it blank", "services")
    nums = {
        c: _number(record.get(c), problems, (file, row, c))
        for c in ("p_zero", "shift_h", "mean_h", "sd_h")
    }
    if nums["p_zero"] > 1:
        bad(f"p_zero is a probability (0 to 1), got {nums['p_zero']:g}", "p_zero")
    values: tuple[float, ...] = ()
    probs: tuple[float, ...] = ()
    if family in ("lognormal", "gamma"):
        for c in ("mean_h", "sd_h"):
            if nums[c] <= 0:
                bad(f"{c} must be > 0 for a {family} delay", c)
    elif family == "empirical":
        raw_values, raw_probs = _text_list(record.get("values_h")), _text_list(record.get("probs"))
        values = tuple(_number(v, problems, (file, row, "values_h")) for v in raw_values)
        probs = tuple(_number(p, problems, (file, row, "probs")) for p in raw_probs)
        if not values or len(values) != len(probs):
            bad(
                "an empirical delay needs values_h and probs, ';'-lists of the same length",
                "probs",
            )
        elif abs(sum(probs) - 1.0) > 1e-6:
            bad(f"probs must sum to 1, they sum to {sum(probs):g}", "probs")
    estimated = parse_bool(record.get("estimated"))
    if estimated is None and not is_missing(record.get("estimated")):
        bad(f"estimated must be yes or no, got {record.get('estimated')!r}", "estimated")
    if len(problems) > n_before:
        return None
    return TimeDistribution(
        id=row,
        selector=selector,
        targets=_text_list(record.get("targets")),
        services=services,
        regime=str(record.get("regime")).strip(),
        family=family,
        p_zero=nums["p_zero"],
        shift_h=nums["shift_h"],
        mean_h=nums["mean_h"],
        sd_h=nums["sd_h"],
        values_h=values,
        probs=probs,
        source=str(record.get("source", "")).strip(),
        estimated=bool(estimated),
        derivation="" if is_missing(record.get("derivation")) else str(record["derivation"]),
    )


def read_time_distributions(path: str | Path | None = None) -> TimeDistributions:
    """Read and validate a delay distributions file (CSV, hours).

    Parameters
    ----------
    path
        The CSV file; default the built-in ``reliability/time_distributions.csv`` of the
        package data (``multimodal.io.data_dir()``).

    Returns
    -------
    TimeDistributions

    Raises
    ------
    DataValidationError
        Listing every problem with file, row (the ``id``) and column: missing columns,
        unknown selectors or families, negative or non-numeric figures, probabilities
        that do not sum to 1, duplicate ids, two rows for the same place and regime, or
        a place with no ``normal`` row.

    Examples
    --------
    >>> from multimodal.reliability import read_time_distributions
    >>> "congested" in read_time_distributions().regimes
    True
    """
    file = Path(path) if path is not None else data_dir() / _DEFAULT_FILE
    name = str(file)
    if not file.is_file():
        raise DataValidationError(Problem(f"no such file: {name}", name))
    table = pd.read_csv(file, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        message = f"missing column(s) {', '.join(missing)}; the columns are {', '.join(COLUMNS)}"
        raise DataValidationError(Problem(message, name, None, missing[0]))
    problems: list[Problem] = []
    rows: list[TimeDistribution] = []
    for record in table.to_dict("records"):
        parsed = _parse_row(record, name, problems)
        if parsed is not None:
            rows.append(parsed)
    seen_ids: set[str] = set()
    seen_places: set[tuple[str, tuple[str, ...], tuple[str, ...], str]] = set()
    for r in rows:
        if r.id in seen_ids:
            problems.append(Problem(f"duplicate id {r.id!r}", name, r.id, "id"))
        seen_ids.add(r.id)
        place = (r.selector, tuple(sorted(r.targets)), tuple(sorted(r.services)), r.regime)
        if place in seen_places:
            message = f"a second {r.regime} row for {r.selector} {';'.join(r.targets)}"
            problems.append(Problem(message, name, r.id, "regime"))
        seen_places.add(place)
    normal = {(r.selector, tuple(sorted(r.targets))) for r in rows if r.regime == "normal"}
    for r in rows:
        if (r.selector, tuple(sorted(r.targets))) not in normal:
            message = (
                f"{r.selector} {';'.join(r.targets)} has a {r.regime} row but no normal one; "
                "add the normal regime (the fallback of every other regime)"
            )
            problems.append(Problem(message, name, r.id, "regime"))
    if problems:
        raise DataValidationError(problems)
    return TimeDistributions(rows=tuple(rows), file=name)


_BUILTIN: dict[str, TimeDistributions] = {}


def load_time_distributions() -> TimeDistributions:
    """The built-in distributions (read once, then shared)."""
    if "builtin" not in _BUILTIN:
        _BUILTIN["builtin"] = read_time_distributions()
    return _BUILTIN["builtin"]


# -- regimes -------------------------------------------------------------------------------


def _regime_of(row_targets: Sequence[str], regime: str | Mapping[str, str]) -> str:
    if isinstance(regime, str):
        return regime
    for t in row_targets:
        if t in regime:
            return regime[t]
    return regime.get("default", "normal")


def check_regime(regime: object, distributions: TimeDistributions) -> str | Mapping[str, str]:
    """Check a regime: one name for every place, or ``{place: name, "default": name}``.

    Raises
    ------
    ParameterError
        For a regime the file does not name (with the closest) or a place no row names.
    """
    names = distributions.regimes
    if isinstance(regime, str):
        if regime not in names:
            close = suggest(regime, names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            message = f"unknown regime {regime!r}{hint}; use one of {', '.join(names)}"
            raise ParameterError(message)
        return regime
    if isinstance(regime, Mapping):
        places = distributions.targets | {"default"}
        for place, name in regime.items():
            if place not in places:
                message = (
                    f"regime for {place!r}: no distribution names it{did_you_mean(place, places)}"
                    " (give a border node, link, service or mode, or 'default')"
                )
                raise ParameterError(message)
            check_regime(name, distributions)
        return dict(regime)
    message = f"regime must be a name ('normal', 'congested') or a mapping, got {regime!r}"
    raise ParameterError(message)


# -- the events of a route -----------------------------------------------------------------


@dataclass(frozen=True)
class _Delay:
    step: int
    distribution: TimeDistribution


@dataclass(frozen=True)
class _UniformWait:
    step: int
    expected_h: float  # the route waits expected_h; the box waits Uniform(0, 2 expected_h)


@dataclass(frozen=True)
class _Timetable:
    step: int
    planned_arrival_h: float  # at the stop, hours since the ready time
    planned_departure_h: float
    start_h: float  # the ready time, hours since Monday 00:00
    slots: tuple[float, ...]


_Event = _Delay | _UniformWait | _Timetable


def _pick(
    candidates: Sequence[TimeDistribution], regime: str | Mapping[str, str], service: str
) -> TimeDistribution | None:
    """The row for one place: the requested regime, else normal; service rows first."""
    fitting = [r for r in candidates if not r.services or service in r.services]
    for wanted in ("requested", "normal"):
        chosen = [
            r
            for r in fitting
            if r.regime == (_regime_of(r.targets, regime) if wanted == "requested" else "normal")
        ]
        if chosen:
            return max(chosen, key=lambda r: len(r.services) > 0)
    return None


def _boarding_slots(route: Route, service_id: str, node: str) -> tuple[float, ...]:
    base = route.network.expanded
    if service_id not in base.service_ids:
        return ()
    s = base.service_ids.index(service_id)
    i = route.network.node_index(node)
    mask = (base.kind == BOARD) & (base.service == s) & (base.node == i) & (base.timetable >= 0)
    if not mask.any():
        return ()
    return tuple(base.timetables[int(base.timetable[mask][0])])


def _rides(steps: pd.DataFrame) -> list[tuple[int, int, str]]:
    """(first step, last step, service id) of each ride on a service."""
    service = steps["service_id"].fillna("").astype(str).tolist()
    kind = steps["kind"].tolist()
    rides: list[tuple[int, int, str]] = []
    for i, (k, s) in enumerate(zip(kind, service)):
        if not s or k not in ("link", "stop", "customs"):
            continue
        if rides and rides[-1][2] == s and rides[-1][1] == i - 1:
            rides[-1] = (rides[-1][0], i, s)
        elif k == "link":
            rides.append((i, i, s))
    return rides


def route_events(
    route: Route,
    distributions: TimeDistributions,
    regime: str | Mapping[str, str] = "normal",
) -> list[_Event]:
    """The random parts of a route, in the order they happen (see the module docstring)."""
    steps = route.steps
    by_selector: dict[str, list[TimeDistribution]] = {s: [] for s in SELECTORS}
    for r in distributions.rows:
        by_selector[r.selector].append(r)
    events: list[_Event] = []
    ready = route.shipment.ready_time
    start_h = 0.0
    if ready is not None:
        start_h = ready.weekday() * 24.0 + ready.hour + ready.minute / 60 + ready.second / 3600
    rides = _rides(steps)
    first_of = {a: (a, b, s) for a, b, s in rides}
    last_of = {b: (a, b, s) for a, b, s in rides}
    crossings: dict[tuple[str, ...], list[TimeDistribution]] = {}
    for r in by_selector["node"]:
        crossings.setdefault(tuple(sorted(r.targets)), []).append(r)
    crossed: set[tuple[str, ...]] = set()
    kinds = steps["kind"].tolist()
    modes = steps["mode"].tolist()
    links = steps["link_id"].tolist()
    services = steps["service_id"].fillna("").astype(str).tolist()
    for i, row in enumerate(steps.itertuples()):
        wait = float(row.wait_h)
        if i in first_of or (kinds[i] == "link" and wait > 0):
            service = services[i]
            slots = _boarding_slots(route, service, row.from_node) if ready is not None else ()
            if slots:
                departure = float(row.depart_h)
                events.append(_Timetable(i, departure - wait, departure, start_h, slots))
            elif wait > 0:
                events.append(_UniformWait(i, wait))
        for key, rows in crossings.items():
            if key not in crossed and row.to_node in key:
                crossed.add(key)
                chosen = _pick(rows, regime, services[i])
                if chosen is not None:
                    events.append(_Delay(i, chosen))
        if i in last_of:
            a, b, service = last_of[i]
            used = {links[j] for j in range(a, b + 1) if kinds[j] == "link"}
            ride_modes = {modes[j] for j in range(a, b + 1) if kinds[j] == "link"}
            for selector, matches in (
                ("service", lambda r, s=service: s in r.targets),
                ("link", lambda r, u=used: bool(u & set(r.targets))),
                ("mode", lambda r, m=ride_modes: bool(m & set(r.targets))),
            ):
                candidates = [r for r in by_selector[selector] if matches(r)]
                chosen = _pick(candidates, regime, service) if candidates else None
                if chosen is not None:
                    events.append(_Delay(i, chosen))
                    break
    return events


# -- the two engines -----------------------------------------------------------------------


def _quantile(values: np.ndarray, probs: np.ndarray, q: float) -> float:
    cdf = np.cumsum(probs)
    i = int(np.searchsorted(cdf, q * cdf[-1] - 1e-12))
    return float(values[min(i, len(values) - 1)])


def _uniform_wait_grid(expected_h: float) -> tuple[int, np.ndarray]:
    """Uniform(0, 2w) - w rounded to whole hours: (first hour, probabilities)."""
    lo, hi = math.floor(-expected_h + 0.5), math.ceil(expected_h - 0.5)
    ks = np.arange(lo, hi + 1)
    left = np.clip(ks - 0.5, -expected_h, expected_h)
    right = np.clip(ks + 0.5, -expected_h, expected_h)
    probs = (right - left) / (2 * expected_h)
    return lo, probs / probs.sum()


def _next_departures(t_h: np.ndarray, slots: Sequence[float]) -> np.ndarray:
    """Vectorised ``_search.next_departure`` (hours since Monday 00:00)."""
    week, offset = np.divmod(t_h, _search.HOURS_PER_WEEK)
    table = np.asarray(slots)
    i = np.searchsorted(table, offset - 1e-9)
    wrap = i >= len(table)
    slot = np.where(wrap, table[0], table[np.minimum(i, len(table) - 1)])
    return (week + wrap) * _search.HOURS_PER_WEEK + slot


def _convolve(events: Sequence[_Event], n_steps: int) -> tuple[int, np.ndarray, list[Any]]:
    """Exact hourly-grid distribution of the delay X (h) and its state after each step."""
    lo, probs = 0, np.ones(1)
    after: list[Any] = [None] * n_steps
    queue = list(events)
    for step in range(n_steps):
        while queue and queue[0].step == step:
            event = queue.pop(0)
            if isinstance(event, _Timetable):
                xs = lo + np.arange(len(probs))
                arrive = event.start_h + event.planned_arrival_h + xs
                leave = _next_departures(arrive, event.slots) - event.start_h
                shifted = np.rint(leave - event.planned_departure_h).astype(int)
                new_lo = int(shifted.min())
                new = np.zeros(int(shifted.max()) - new_lo + 1)
                np.add.at(new, shifted - new_lo, probs)
                lo, probs = new_lo, new
                continue
            if isinstance(event, _UniformWait):
                part_lo, part = _uniform_wait_grid(event.expected_h)
            else:
                part_lo, part = event.distribution.grid()
            lo, probs = lo + part_lo, np.convolve(probs, part)
            keep = probs > 1e-15
            first, last = int(np.argmax(keep)), len(keep) - int(np.argmax(keep[::-1]))
            lo, probs = lo + first, probs[first:last]
        after[step] = (lo, probs)
    return lo, probs / probs.sum(), after


def _simulate(
    events: Sequence[_Event], n_steps: int, n: int, seed: int
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Monte Carlo: ``n`` draws of the delay X (h) in continuous time, and after each step."""
    rng = np.random.default_rng(seed)
    x = np.zeros(n)
    after: list[np.ndarray] = []
    queue = list(events)
    for step in range(n_steps):
        while queue and queue[0].step == step:
            event = queue.pop(0)
            if isinstance(event, _Timetable):
                arrive = event.start_h + event.planned_arrival_h + x
                x = _next_departures(arrive, event.slots) - event.start_h
                x = x - event.planned_departure_h
            elif isinstance(event, _UniformWait):
                x = x + rng.uniform(0.0, 2 * event.expected_h, n) - event.expected_h
            else:
                x = x + event.distribution.sample(rng, n)
        after.append(x.copy())
    return x, after


@dataclass(frozen=True)
class ReliabilityParams:
    """How arrival distributions are computed (``route(..., reliability=...)``).

    Parameters
    ----------
    regime
        ``"normal"``, ``"congested"`` (or another regime of the file) for every place, or a
        mapping from a place (border node, link, service id, mode) to its regime, with
        ``"default"`` for the rest: ``{"BREST": "congested"}``.
    method
        ``"convolution"`` (exact on an hourly grid; default) or ``"monte-carlo"``.
    seed
        Random seed for Monte Carlo (the convolution uses none).
    n_samples
        Monte Carlo draws.
    alternatives
        For ``objective="reliable"``/``"p90"``: how many Yen alternatives by time and by
        cost join the candidates (the cost-time Pareto front, the fastest and the cheapest
        route, and those avoiding each border crossing they pass). 0 by default: on the
        built-in network they cost about 10 s each and rarely add a gateway.
    distributions
        The delay distributions; default the built-in file.
    mixture
        Regimes with their probabilities, when it is not known which will hold: a mapping
        ``{"normal": 0.8, "congested": 0.2}`` or pairs ``[("normal", 0.8), ({"BREST":
        "congested"}, 0.2)]``; the probabilities sum to 1. The regime drawn holds for the
        whole trip and every place at once (a congested period hits every border of the
        trip), so the parts are no longer independent: the arrival distribution is the
        mixture of the regimes' distributions (exact with ``"convolution"``; with
        ``"monte-carlo"`` each draw first draws its regime). Replaces ``regime``.
    tolerance
        For ``objective="reliable"``: routes whose on-time probability is within this of
        the best (0.005, half a percentage point) count as equally reliable, and the
        cheapest of them is taken (a forwarder does not fly 2 TEU at 16 times the rail
        fare for 0.2 points; air has no delay rows and is never late in the model).
        0: the highest probability whatever it costs.
    """

    regime: str | Mapping[str, str] = "normal"
    method: str = "convolution"
    seed: int = 0
    n_samples: int = 20_000
    alternatives: int = 0
    distributions: TimeDistributions | None = field(default=None, compare=False)
    mixture: Any = ()
    tolerance: float = 0.005

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            message = (
                f"method {self.method!r} unknown{did_you_mean(self.method, METHODS)}; use "
                + " or ".join(METHODS)
            )
            raise ParameterError(message)
        object.__setattr__(self, "seed", check_seed(self.seed))
        for name, low in (("n_samples", 100), ("alternatives", 0)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                message = f"{name} must be a whole number >= {low}, got {value!r}"
                raise ParameterError(message)
        check_number(self.tolerance, "ReliabilityParams.tolerance", unit="", minimum=0, maximum=1)
        check_regime(self.regime, self.resolved_distributions())
        object.__setattr__(self, "mixture", self._checked_mixture())

    def _checked_mixture(self) -> tuple[tuple[str | Mapping[str, str], float], ...]:
        given = self.mixture
        if given is None or (not isinstance(given, str) and len(given) == 0):
            return ()
        pairs = list(given.items()) if isinstance(given, Mapping) else list(given)
        checked = []
        for pair in pairs:
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                message = f"mixture: each item is (regime, probability), got {pair!r}"
                raise ParameterError(message)
            regime, weight = pair
            if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
                message = f"mixture: the probability of {regime!r} must be >= 0, got {weight!r}"
                raise ParameterError(message)
            checked.append((check_regime(regime, self.resolved_distributions()), float(weight)))
        total = sum(w for _, w in checked)
        if abs(total - 1.0) > 1e-9:
            message = f"mixture: the probabilities sum to {total:g}; they must sum to 1"
            raise ParameterError(message)
        return tuple(checked)

    def regimes(self) -> tuple[tuple[str | Mapping[str, str], float], ...]:
        """The regimes to evaluate with their probabilities (``regime`` alone: weight 1)."""
        return self.mixture if self.mixture else ((self.regime, 1.0),)

    def resolved_distributions(self) -> TimeDistributions:
        """The distributions given, else the built-in ones."""
        return self.distributions if self.distributions is not None else load_time_distributions()


def arrival_distribution(
    route: Route,
    params: ReliabilityParams | None = None,
    *,
    deadline_h: float | None = None,
) -> ArrivalDistribution:
    """The distribution of a route's arrival time (hours after the ready time).

    Parameters
    ----------
    route
        A route from ``route``, ``alternatives`` or ``pareto``.
    params
        Regime, method, seed, distributions (``ReliabilityParams``; default: normal
        regime, convolution, built-in distributions).
    deadline_h
        Deadline (h after the ready time) for ``on_time_probability``; default the
        shipment's.

    Returns
    -------
    ArrivalDistribution
        With P10/P50/P90 (h, and dates with a ready time) and the on-time probability.

    Raises
    ------
    ParameterError
        For an unknown regime or method.
    DataValidationError
        When user-given distributions name nodes, links or services the route's network
        does not have.

    Examples
    --------
    >>> import multimodal as mm
    >>> from multimodal.reliability import ReliabilityParams, arrival_distribution
    >>> net = mm.load_network()
    >>> r = mm.route(net, mm.Shipment("XIAN_PORT", "DUISBURG"), "time", modes=["rail"])
    >>> a = arrival_distribution(r, ReliabilityParams(regime="congested"))
    >>> a.p90_h > r.time_h
    True
    """
    params = params if params is not None else ReliabilityParams()
    distributions = params.resolved_distributions()
    if params.distributions is not None:
        distributions.check_network(route.network)
    deadline = route.shipment.deadline_h if deadline_h is None else float(deadline_h)
    steps = route.steps
    base = float(route.time_h)
    arrive = steps["arrive_h"].to_numpy(dtype=float)
    regimes = params.regimes()
    runs = [
        (weight, route_events(route, distributions, check_regime(regime, distributions)))
        for regime, weight in regimes
    ]
    quantiles = np.full((len(steps), 3), np.nan)
    if params.method == "convolution":
        final: list[tuple[float, int, np.ndarray]] = []
        per_step: list[list[tuple[float, int, np.ndarray]]] = [[] for _ in range(len(steps))]
        for weight, events in runs:
            lo, probs, after = _convolve(events, len(steps))
            final.append((weight, lo, probs))
            for i, state in enumerate(after):
                per_step[i].append((weight, *state))
        lo, probs = _mix(final)
        values = base + lo + np.arange(len(probs), dtype=float)
        for i, states in enumerate(per_step):
            s_lo, s_probs = _mix(states)
            grid = arrive[i] + s_lo + np.arange(len(s_probs), dtype=float)
            quantiles[i] = [_quantile(grid, s_probs, q) for q in (0.1, 0.5, 0.9)]
        n_samples = 0
    else:
        rng = np.random.default_rng(params.seed)
        counts = rng.multinomial(params.n_samples, [w for w, _ in runs])
        draws = [
            _simulate(events, len(steps), int(n), int(rng.integers(2**63)))
            for (_, events), n in zip(runs, counts)
            if n > 0
        ]
        x = np.concatenate([d[0] for d in draws])
        values, counted = np.unique(base + x, return_counts=True)
        probs = counted / counted.sum()
        for i in range(len(steps)):
            xs = np.concatenate([d[1][i] for d in draws])
            quantiles[i] = np.quantile(arrive[i] + xs, [0.1, 0.5, 0.9], method="inverted_cdf")
        n_samples = params.n_samples
    step_table = pd.DataFrame(quantiles, columns=["arrive_p10_h", "arrive_p50_h", "arrive_p90_h"])
    regime: str | Mapping[str, str] = regimes[0][0]
    if len(regimes) > 1:
        regime = ", ".join(f"{_regime_label(r)} {100 * w:g} %" for r, w in regimes)
    parts = tuple(
        (f"[{_regime_label(r)}] " if len(runs) > 1 else "") + _describe(e)
        for (r, _), (_, events) in zip(regimes, runs)
        for e in events
    )
    return ArrivalDistribution(
        values_h=values,
        probs=probs,
        scheduled_h=base,
        deadline_h=deadline,
        ready_time=route.shipment.ready_time,
        regime=regime if isinstance(regime, str) else dict(regime),
        method=params.method,
        seed=params.seed if params.method == "monte-carlo" else None,
        n_samples=n_samples,
        parts=parts,
        steps=step_table,
    )


def _regime_label(regime: str | Mapping[str, str]) -> str:
    if isinstance(regime, str):
        return regime
    return ", ".join(f"{k}: {v}" for k, v in regime.items())


def _mix(parts: Sequence[tuple[float, int, np.ndarray]]) -> tuple[int, np.ndarray]:
    """Weighted sum of grid distributions (weight, first hour, probabilities)."""
    lo = min(p[1] for p in parts)
    hi = max(p[1] + len(p[2]) for p in parts)
    mixed = np.zeros(hi - lo)
    for weight, first, probs in parts:
        mixed[first - lo : first - lo + len(probs)] += weight * probs
    return lo, mixed


def _describe(event: _Event) -> str:
    if isinstance(event, _Delay):
        d = event.distribution
        return f"{d.id} ({d.regime}, mean {d.mean_delay_h:.0f} h)"
    if isinstance(event, _UniformWait):
        return f"wait Uniform(0, {2 * event.expected_h:.0f} h)"
    return "next timetabled departure"


__all__ = [
    "COLUMNS",
    "FAMILIES",
    "METHODS",
    "SELECTORS",
    "ReliabilityParams",
    "TimeDistribution",
    "TimeDistributions",
    "arrival_distribution",
    "check_regime",
    "load_time_distributions",
    "read_time_distributions",
    "route_events",
]
