"""Plan years: the network and the demand as they stand in a year.

The plan's baseline is the end of 2020 (``BASELINE_YEAR``) and its plan year 2025
(``PLAN_YEAR``). The built-in network holds the services of its data (opened 2015-2025)
with the ports as they were at the end of 2020 (PLAN-2.2-T1); the built-in demand is a
week of about 2023-2024 (``DEMAND_YEAR``, docs/demand.md).

- ``in_year(network, year)``: the network without the services that had not opened by
  ``year``. A service's opening year is its ``year_opened`` (services.csv) or, where that
  is blank, the bundled table ``data/scenarios/years/service_years.csv`` (sourced or
  EST, one row per service); a service with neither is taken as running in every year
  (it ran by the end of 2020, as far as the sources say).
- ``grow_demand(demand, year)``: the demand of ``DEMAND_YEAR`` scaled to ``year`` per
  corridor family by the bundled index ``data/scenarios/years/demand_growth.csv``
  (sourced or EST, docs/scenarios.md).

Ports open in the year the plan opens them through scenarios: a ``Scenario`` carries the
``year`` its changes take effect (Yulin Yuyang formal 2022, Yan'an Nanniwan formal 2024),
and ``plan_2025`` combines the plan's proposals. ``Scenario.apply`` does not move its
base in time: evaluate a scenario of ``year`` on ``in_year(base, year)``.

Examples
--------
>>> import multimodal as mm
>>> from multimodal.scenarios import in_year
>>> net = mm.load_network()
>>> "AIR_XIY_ORD" in set(in_year(net, 2020).services["service_id"])
False
>>> "AIR_XIY_ORD" in set(in_year(net, 2025).services["service_id"])
True
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import is_number, suggest
from ..exceptions import DataValidationError, DataWarning, ParameterError, Problem
from ..io import data_dir
from ..network import Network

logger = logging.getLogger("multimodal")

#: The plan's baseline: the end of the 13th Five-Year Plan (its figures are of 2020).
BASELINE_YEAR = 2020
#: The plan year of the 14th Five-Year Plan's targets.
PLAN_YEAR = 2025
#: The year the built-in demand stands for (rail 2023-2024, air 2023: docs/demand.md).
DEMAND_YEAR = 2024

_MIN_YEAR, _MAX_YEAR = 1800, 2100

#: Demand columns scaled by ``grow_demand``.
_QUANTITIES = ("teu_per_week", "weight_t_per_week")


def years_dir() -> Path:
    """The folder of the bundled year tables (``data/scenarios/years`` in a checkout).

    Returns
    -------
    pathlib.Path
        The folder.
    """
    return data_dir() / "scenarios" / "years"


def _check_year(year: object, name: str = "year") -> int:
    if isinstance(year, bool) or not isinstance(year, int | np.integer):
        message = f"{name} must be a whole year such as 2025, got {year!r}"
        raise ParameterError(message)
    if not _MIN_YEAR <= int(year) <= _MAX_YEAR:
        message = f"{name} must be between {_MIN_YEAR} and {_MAX_YEAR}, got {year}"
        raise ParameterError(message)
    return int(year)


def _is_factor(text: str) -> bool:
    try:
        value = float(text)
    except ValueError:
        return False
    return bool(np.isfinite(value)) and value >= 0


def _read_year_table(path: Path, key: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """Read a bundled year table; every problem names the file, row and column."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = [
        Problem(f"missing column {c!r}", str(path), column=c) for c in columns if c not in frame
    ]
    if problems:
        raise DataValidationError(problems)
    for i, row in frame.iterrows():
        for column in columns:
            if column in {"year", "year_opened"} and not row[column].isdigit():
                problems.append(Problem(f"{row[column]!r} is not a year", str(path), i + 2, column))
            if column == "index" and not _is_factor(row[column]):
                problems.append(
                    Problem(f"{row[column]!r} is not a factor >= 0", str(path), i + 2, column)
                )
        if not row["source"].strip():
            problems.append(Problem("every row needs a source", str(path), i + 2, "source"))
    if frame.duplicated([key, "year"] if "year" in columns else [key]).any():
        problems.append(Problem(f"duplicate {key} rows", str(path), column=key))
    if problems:
        raise DataValidationError(problems)
    return frame


def service_opening_years(network: Network) -> pd.Series:
    """The year each explicit service of ``network`` opened (NaN: running by 2020).

    Parameters
    ----------
    network
        The network.

    Returns
    -------
    pandas.Series
        Indexed by ``service_id``: ``year_opened`` of the services table, else the
        bundled ``service_years.csv``, else NaN (no opening year: running in every year).

    Raises
    ------
    DataValidationError
        When the bundled table is malformed (naming the file, row and column).
    """
    services, _ = network.service_tables()
    years = pd.Series(
        pd.to_numeric(services["year_opened"], errors="coerce").to_numpy(float),
        index=services["service_id"].to_numpy(),
        name="year_opened",
    )
    table = _read_year_table(
        years_dir() / "service_years.csv", "service_id", ("service_id", "year_opened", "source")
    )
    bundled = dict(zip(table["service_id"], table["year_opened"].astype(float)))
    missing = years.isna() & years.index.isin(list(bundled))
    years[missing] = [bundled[s] for s in years.index[missing]]
    return years


def in_year(network: Network, year: int) -> Network:
    """The network as it stands in ``year``: services not yet opened are left out.

    Parameters
    ----------
    network
        The network (the built-in one holds every service of its data, opened up to 2025).
    year
        The year (e.g. ``BASELINE_YEAR`` 2020 or ``PLAN_YEAR`` 2025). A service runs in
        ``year`` when its opening year (``service_opening_years``) is at most ``year``.

    Returns
    -------
    Network
        A new network named ``"{name}@{year}"`` (the same tables when every service
        runs, with the new name). Nodes, links and ports are kept: ports open in the plan
        years through scenarios (``Scenario.year``).

    Raises
    ------
    ParameterError
        When ``year`` is not a whole year 1800-2100.

    Examples
    --------
    >>> import multimodal as mm
    >>> net = mm.load_network()
    >>> len(in_year(net, 2020).services) < len(net.services)
    True
    """
    year = _check_year(year)
    services, stops = network.service_tables()
    opened = service_opening_years(network)
    later = set(opened.index[opened.to_numpy() > year])
    kept = services[~services["service_id"].isin(later)].reset_index(drop=True)
    kept_stops = stops[stops["service_id"].isin(set(kept["service_id"]))].reset_index(drop=True)
    logger.info(
        "%s in %d: %d of %d services running (%s left out)",
        network.name,
        year,
        len(kept),
        len(services),
        ", ".join(sorted(later)) or "none",
    )
    with warnings.catch_warnings():
        # The links of a service not yet opened carry nothing that year: expected here.
        warnings.filterwarnings("ignore", message="nothing runs on links", category=DataWarning)
        return Network(
            network.nodes,
            network.links,
            name=f"{network.name}@{year}",
            services=(kept, kept_stops) if len(kept) else None,
        )


def _family(segment: str) -> str:
    for suffix in ("_export", "_import"):
        if segment.endswith(suffix):
            return segment[: -len(suffix)]
    return segment


def demand_growth() -> pd.DataFrame:
    """The bundled demand index per corridor family and year (``DEMAND_YEAR`` = 1).

    Returns
    -------
    pandas.DataFrame
        ``family``, ``year``, ``index`` (demand in that year / demand in
        ``DEMAND_YEAR``), ``source``, ``note``.
    """
    table = _read_year_table(
        years_dir() / "demand_growth.csv", "family", ("family", "year", "index", "source")
    )
    table["year"] = table["year"].astype(int)
    table["index"] = table["index"].astype(float)
    return table


def grow_demand(
    demand: pd.DataFrame,
    year: int,
    *,
    index: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The demand of ``DEMAND_YEAR`` scaled to ``year``, per corridor family.

    A row's family is its ``segment`` without ``_export``/``_import``
    (``china_europe_export`` -> ``china_europe``); ``air_export`` and ``air_import`` are
    ``air``. ``teu_per_week`` and ``weight_t_per_week`` are multiplied by the family's
    index for ``year``; value per TEU and everything else are kept.

    Parameters
    ----------
    demand
        A demand table (``multimodal.load_demand()``), with a ``segment`` column.
    year
        The year to scale to; the bundled index has 2020, 2024 and 2025.
    index
        Factors per family (demand in ``year`` / demand in ``DEMAND_YEAR``) to use
        instead of, or beside, the bundled ones (given families win).

    Returns
    -------
    pandas.DataFrame
        A new table; ``note`` gains ``"grown to {year} x {factor}"``.

    Raises
    ------
    ParameterError
        For a bad year, a negative factor, or a family with no factor for ``year``
        (naming them; pass ``index={family: factor}``).

    Examples
    --------
    >>> import multimodal as mm
    >>> demand = mm.load_demand()
    >>> grown = grow_demand(demand, 2020)
    >>> row = demand["segment"] == "china_europe_export"
    >>> ratio = grown.loc[row, "teu_per_week"].sum() / demand.loc[row, "teu_per_week"].sum()
    >>> print(round(float(ratio), 2))
    0.6
    """
    year = _check_year(year)
    if "segment" not in demand:
        message = "demand needs a 'segment' column to be grown (load_demand() has one)"
        raise ParameterError(message)
    table = demand_growth()
    factors = dict(zip(*table.loc[table["year"] == year, ["family", "index"]].T.to_numpy()))
    for family, factor in (index or {}).items():
        if not is_number(factor) or float(factor) < 0:
            message = f"index[{family!r}] must be a factor >= 0, got {factor!r}"
            raise ParameterError(message)
        factors[family] = float(factor)
    families = demand["segment"].astype(str).map(_family)
    unknown = sorted(set(families) - set(factors))
    if unknown:
        known = sorted(set(table["family"]))
        hint = ""
        close = suggest(unknown[0], known, n=1)
        if close:
            hint = f" (did you mean {close[0]!r}?)"
        years = sorted(set(table["year"]))
        message = (
            f"no growth factor for {', '.join(map(repr, unknown))} in {year}{hint}; the bundled "
            f"index covers {', '.join(known)} in {', '.join(map(str, years))}: pass "
            "index={family: factor}"
        )
        raise ParameterError(message)
    factor = families.map(factors).astype(float).to_numpy()
    out = demand.copy()
    for column in _QUANTITIES:
        if column in out:
            out[column] = out[column].astype(float) * factor
    if "note" in out:
        out["note"] = [
            f"{n}; grown to {year} x {f:g}"
            if isinstance(n, str) and n
            else f"grown to {year} x {f:g}"
            for n, f in zip(out["note"], factor)
        ]
    return out


__all__ = [
    "BASELINE_YEAR",
    "DEMAND_YEAR",
    "PLAN_YEAR",
    "demand_growth",
    "grow_demand",
    "in_year",
    "service_opening_years",
    "years_dir",
]
