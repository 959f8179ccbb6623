"""Cost and time parameters of block-train consolidation, and the fallback option.

``ConsolidationCosts`` holds the yard holding cost, the lateness penalty, the
handling time and the ``FallbackOption`` (another mode, or a later week) that a box
takes when no train does. Costs read from and write to TOML or JSON files.

Money is in CNY, time in hours.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .._validate import is_number, suggest
from ..exceptions import DataValidationError, Problem

__all__ = ["DEFAULT_FALLBACK", "ConsolidationCosts", "FallbackOption"]


@dataclass(frozen=True)
class FallbackOption:
    """What happens to a container that no train takes.

    Parameters
    ----------
    cost_cny_per_teu
        Transport cost of the fallback, CNY per TEU (e.g. sea via a port, a truck,
        or the rail rate of a later week's train).
    transit_h
        Time from leaving the centre to arrival at the destination, hours.
    wait_h
        Time in the yard after arrival + handling before the fallback leaves, hours
        (0 for a truck; 168 for "a train next week"). The yard holding cost applies.
    label
        A name for reports, e.g. ``"sea via Qingdao"``.
    """

    cost_cny_per_teu: float
    transit_h: float
    wait_h: float = 0.0
    label: str = "fallback"

    def __post_init__(self) -> None:
        problems = []
        for name in ("cost_cny_per_teu", "transit_h", "wait_h"):
            value = getattr(self, name)
            if not is_number(value) or value < 0:
                problems.append(
                    Problem(f"must be a finite number >= 0, got {value!r}", column=name)
                )
        if problems:
            raise DataValidationError(problems)


#: EST default fallback: rail to a Chinese port and sea to Europe (see docs/consolidation.md).
DEFAULT_FALLBACK = FallbackOption(
    cost_cny_per_teu=12_500.0, transit_h=40 * 24.0, wait_h=0.0, label="sea via a Chinese port"
)


@dataclass(frozen=True)
class ConsolidationCosts:
    """Cost and time parameters of the consolidation model.

    Parameters
    ----------
    holding_cny_per_teu_day
        Yard holding cost at the centre, CNY per TEU per day of dwell. Default 62.4
        = EUR 8 x 7.8: the Duisburg terminal's storage tariff, used as a proxy (EST
        for Xi'an).
    lateness_cny_per_teu_day
        Penalty per TEU per day a box reaches its destination after ``due_h``,
        multiplied by the shipment's ``priority``. Default 1,000 (EST).
    handling_h
        Minimum time between a box's arrival at the centre and its departure,
        hours (gate-in, customs, loading). Default 4 (EST; export clearance 0.5 h).
    fallback
        The fallback for every destination without its own entry in
        ``fallback_by_destination``; ``None`` forbids the fallback (every shipment
        must then travel by train, or ``InfeasibleError``).
    fallback_by_destination
        Fallback per destination node id (overrides ``fallback``).
    value_of_time_share_per_day
        Inventory cost of goods in the pipeline, as a share of ``value_cny`` per
        day from arrival at the centre to arrival at the destination. Default 0.

    Examples
    --------
    >>> costs = ConsolidationCosts(holding_cny_per_teu_day=60, handling_h=6)
    >>> costs.fallback_for("DUISBURG").label
    'sea via a Chinese port'
    """

    holding_cny_per_teu_day: float = 62.4
    lateness_cny_per_teu_day: float = 1_000.0
    handling_h: float = 4.0
    fallback: FallbackOption | None = DEFAULT_FALLBACK
    fallback_by_destination: Mapping[str, FallbackOption] = field(default_factory=dict)
    value_of_time_share_per_day: float = 0.0

    def __post_init__(self) -> None:
        problems = []
        for name in (
            "holding_cny_per_teu_day",
            "lateness_cny_per_teu_day",
            "handling_h",
            "value_of_time_share_per_day",
        ):
            value = getattr(self, name)
            if not is_number(value) or value < 0:
                problems.append(
                    Problem(f"must be a finite number >= 0, got {value!r}", column=name)
                )
        if self.fallback is not None and not isinstance(self.fallback, FallbackOption):
            problems.append(Problem("must be a FallbackOption or None", column="fallback"))
        by_destination = dict(self.fallback_by_destination)
        for dest, option in by_destination.items():
            if not isinstance(option, FallbackOption):
                problems.append(
                    Problem(
                        f"entry {dest!r} must be a FallbackOption",
                        column="fallback_by_destination",
                    )
                )
        if problems:
            raise DataValidationError(problems)
        object.__setattr__(self, "fallback_by_destination", MappingProxyType(by_destination))

    def fallback_for(self, destination: str) -> FallbackOption | None:
        """Return the fallback for ``destination`` (None: no fallback allowed)."""
        return self.fallback_by_destination.get(destination, self.fallback)

    def to_dict(self) -> dict[str, Any]:
        """Return the costs as plain data (the shape ``from_dict`` reads)."""
        out: dict[str, Any] = {
            "holding_cny_per_teu_day": self.holding_cny_per_teu_day,
            "lateness_cny_per_teu_day": self.lateness_cny_per_teu_day,
            "handling_h": self.handling_h,
            "value_of_time_share_per_day": self.value_of_time_share_per_day,
            "fallback": None if self.fallback is None else _option_dict(self.fallback),
            "fallback_by_destination": {
                dest: _option_dict(option)
                for dest, option in sorted(self.fallback_by_destination.items())
            },
        }
        return out

    def to_toml(self) -> str:
        """Return the costs as TOML text (readable by ``from_file``)."""

        def value(v: Any) -> str:
            return json.dumps(v, ensure_ascii=False)

        data = self.to_dict()
        lines = [
            f"{key} = {value(data[key])}"
            for key in (
                "holding_cny_per_teu_day",
                "lateness_cny_per_teu_day",
                "handling_h",
                "value_of_time_share_per_day",
            )
        ]
        if data["fallback"] is None:
            lines.append('fallback = "none"')
        else:
            lines += ["", "[fallback]"] + [f"{k} = {value(v)}" for k, v in data["fallback"].items()]
        for dest, option in data["fallback_by_destination"].items():
            lines += ["", f"[fallback_by_destination.{dest}]"]
            lines += [f"{k} = {value(v)}" for k, v in option.items()]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "costs") -> ConsolidationCosts:
        """Build costs from a mapping (as read from TOML or JSON).

        ``fallback`` is a table ``{cost_cny_per_teu, transit_h, wait_h, label}``, or
        ``false`` / ``"none"`` to forbid the fallback. Unknown keys are errors.

        Raises
        ------
        DataValidationError
            For unknown keys or bad values, naming the key and the fix.
        """
        known = {
            "holding_cny_per_teu_day",
            "lateness_cny_per_teu_day",
            "handling_h",
            "value_of_time_share_per_day",
            "fallback",
            "fallback_by_destination",
        }
        problems = []
        for key in data:
            if key not in known:
                close = suggest(key, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.append(
                    Problem(
                        f"unknown key{hint} Valid keys: {', '.join(sorted(known))}",
                        file=source,
                        column=str(key),
                    )
                )
        kwargs: dict[str, Any] = {}
        for key in known - {"fallback", "fallback_by_destination"}:
            if key in data:
                kwargs[key] = _number_or_problem(data[key], key, source, problems)
        if "fallback" in data:
            raw = data["fallback"]
            if raw is None or raw is False or (isinstance(raw, str) and raw.lower() == "none"):
                kwargs["fallback"] = None
            else:
                kwargs["fallback"] = _option_from(raw, "fallback", source, problems)
        if "fallback_by_destination" in data:
            table = data["fallback_by_destination"]
            if not isinstance(table, Mapping):
                problems.append(
                    Problem(
                        "must be a table of destination -> {cost_cny_per_teu, transit_h}",
                        file=source,
                        column="fallback_by_destination",
                    )
                )
            else:
                kwargs["fallback_by_destination"] = {
                    str(dest): _option_from(
                        raw, f"fallback_by_destination.{dest}", source, problems
                    )
                    for dest, raw in table.items()
                }
        if problems:
            raise DataValidationError(problems)
        try:
            return cls(**kwargs)
        except DataValidationError as error:
            raise DataValidationError(
                [Problem(p.message, file=source, column=p.column) for p in error.problems]
            ) from None

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> ConsolidationCosts:
        """Read costs from a ``.toml`` or ``.json`` file (keys as in ``from_dict``).

        Raises
        ------
        DataValidationError
            If the file is missing, unreadable, of another type, or has bad values.
        """
        path = Path(path)
        if not path.is_file():
            raise DataValidationError(Problem("file not found", file=str(path)))
        suffix = path.suffix.lower()
        try:
            if suffix == ".toml":
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            elif suffix == ".json":
                data = json.loads(path.read_text(encoding="utf-8"))
            else:
                message = f"unsupported costs file type {suffix!r}: use .toml or .json"
                raise DataValidationError(Problem(message, file=str(path)))
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
            raise DataValidationError(
                Problem(f"cannot parse the file: {error}", file=str(path))
            ) from None
        if not isinstance(data, Mapping):
            raise DataValidationError(Problem("the top level must be a table", file=str(path)))
        return cls.from_dict(data, source=str(path))


def _option_dict(option: FallbackOption) -> dict[str, Any]:
    return {
        "cost_cny_per_teu": option.cost_cny_per_teu,
        "transit_h": option.transit_h,
        "wait_h": option.wait_h,
        "label": option.label,
    }


def _number_or_problem(value: Any, key: str, source: str, problems: list[Problem]) -> Any:
    if not is_number(value) or value < 0:
        problems.append(
            Problem(f"must be a finite number >= 0, got {value!r}", file=source, column=key)
        )
        return 0.0
    return float(value)


def _option_from(raw: Any, key: str, source: str, problems: list[Problem]) -> FallbackOption:
    if isinstance(raw, FallbackOption):
        return raw
    if not isinstance(raw, Mapping):
        problems.append(
            Problem(
                "must be a table {cost_cny_per_teu, transit_h, wait_h, label}",
                file=source,
                column=key,
            )
        )
        return DEFAULT_FALLBACK
    fields = {"cost_cny_per_teu", "transit_h", "wait_h", "label"}
    for name in raw:
        if name not in fields:
            problems.append(
                Problem(
                    f"unknown key {name!r}; valid: {', '.join(sorted(fields))}",
                    file=source,
                    column=key,
                )
            )
    for name in ("cost_cny_per_teu", "transit_h"):
        if name not in raw:
            problems.append(Problem(f"missing {name!r}", file=source, column=key))
    values = {
        name: _number_or_problem(raw[name], f"{key}.{name}", source, problems)
        for name in ("cost_cny_per_teu", "transit_h", "wait_h")
        if name in raw
    }
    if "cost_cny_per_teu" not in values or "transit_h" not in values:
        return DEFAULT_FALLBACK
    return FallbackOption(label=str(raw.get("label", "fallback")), **values)
