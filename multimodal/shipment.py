"""``Shipment``: what is to be moved, from where to where, and by when.

Durations (a shipment's deadline) are read by ``parse_duration_h``, which uses
``pandas.Timedelta`` for text.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from ._validate import check_number
from .exceptions import ParameterError
from .modes import CargoClass
from .units import T_PER_TEU

__all__ = ["Shipment", "parse_duration_h"]

#: Largest shipment accepted, TEU: far above any real consignment (a full block train
#: carries about 100 TEU, the largest container ship about 24,000), far below where the
#: costs and emissions (per TEU and per t, times the amount) would overflow.
MAX_TEU = 1e6
#: Largest shipment weight accepted, t (``MAX_TEU`` at 10 t per TEU).
MAX_WEIGHT_T = 1e7

#: What a duration may look like, for the messages.
_DURATION_EXAMPLES = "e.g. '20d', '36h', '1d12h', '2w', '20 days', 'P1DT12H' or 36 (hours)"
#: Single-letter units as pandas spells them without a deprecation warning; week words
#: (which pandas does not read) as ``W``.
_UNIT = re.compile(r"(?<![A-Za-z])(weeks?|w|d|h)(?![A-Za-z])", re.IGNORECASE)
_UNIT_SPELLING = {"w": "W", "d": "D", "h": "h"}


def parse_duration_h(
    value: str | float | timedelta | np.timedelta64, name: str = "duration"
) -> float:
    """Return a duration in hours.

    Text is read by ``pandas.Timedelta`` (``"20d"``, ``"36h"``, ``"1d12h"``,
    ``"2w"``, ``"20 days"``, ``"1 day 12:00:00"``, ``"90min"``, ISO 8601 ``"P1DT12H"``),
    plus what pandas does not read: week words (``"3 weeks"``) and a bare number, which is
    hours (``"36"``). A number is hours; a ``timedelta``,
    ``pandas.Timedelta`` or ``numpy.timedelta64`` is converted.

    Parameters
    ----------
    value
        The duration: text, a number of hours (h), or a timedelta.
    name
        What the duration is, for the message (e.g. ``"Shipment.deadline"``).

    Returns
    -------
    float
        The duration in hours (h), finite and not negative.

    Raises
    ------
    ParameterError
        If the value cannot be read as a duration (unreadable text, a boolean, a list), or
        it is negative, NaN/NaT, infinite or beyond pandas' range (about 292 years). A
        ``ValueError``, for old callers.

    Examples
    --------
    >>> parse_duration_h("1d12h")
    36.0
    >>> parse_duration_h("2 weeks")
    336.0
    >>> parse_duration_h(36)
    36.0
    """
    if isinstance(value, timedelta | np.timedelta64):
        hours = _timedelta_hours(value, value, name)
    elif isinstance(value, str):
        hours = _text_hours(value, name)
    else:
        number = check_number(value, name, unit="h", minimum=0)
        return float(number) if number is not None else 0.0
    if hours < 0:
        message = f"{name} must not be negative, got {value!r}; write {_DURATION_EXAMPLES}"
        raise ParameterError(message)
    return hours


def _text_hours(text: str, name: str) -> float:
    try:
        number = float(text)
    except ValueError:
        pass
    else:  # a bare number is hours, as before pandas
        if not math.isfinite(number):
            message = f"cannot read {name} {text!r} (not finite); write {_DURATION_EXAMPLES}"
            raise ParameterError(message)
        return number
    spelled = text.strip()
    if not spelled.upper().startswith(("P", "-P")):  # ISO 8601 keeps its letters
        spelled = _UNIT.sub(lambda m: _UNIT_SPELLING[m.group(1)[0].lower()], spelled)
    return _timedelta_hours(spelled, text, name)


def _timedelta_hours(value: object, given: object, name: str) -> float:
    """``value`` through ``pandas.Timedelta``, in hours; ``given`` for the message."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pandas' unit-spelling deprecations
            delta = pd.Timedelta(value)
    except (ValueError, TypeError, OverflowError) as exc:
        too_large = isinstance(exc, pd.errors.OutOfBoundsTimedelta | OverflowError)
        reason = "too large: pandas reads up to about 292 years" if too_large else "not a duration"
        message = f"cannot read {name} {given!r} ({reason}); write {_DURATION_EXAMPLES}"
        raise ParameterError(message) from None
    if pd.isna(delta):
        message = f"{name} {given!r} is not a duration (NaT); write {_DURATION_EXAMPLES}"
        raise ParameterError(message)
    return float(delta.total_seconds() / 3600.0)


def _check_amount(value: float | None, name: str, limit: float, unit: str, example: str) -> None:
    """Refuse an implausibly large amount (``MAX_TEU``, ``MAX_WEIGHT_T``), naming the bound."""
    if value is not None and value > limit:
        message = (
            f"{name} must be at most {limit:,.0f} {unit} per shipment, got {value:g}: give "
            f"a real consignment (e.g. {example}), or split a larger amount into shipments"
        )
        raise ParameterError(message)


@dataclass(frozen=True)
class Shipment:
    """A consignment to route.

    Parameters
    ----------
    origin, destination
        Node ids or names, English or Chinese (``"汉中"``, ``"Duisburg"``); resolved against
        a network when routed, with suggestions when unknown.
    teu
        Number of TEU (a 40 ft box is 2 TEU). Defaults to ``weight_t / 10``.
    weight_t
        Cargo weight in tonnes (without the box). Defaults to ``10 t`` per TEU.
    cargo_class
        ``general``, ``reefer``, ``dangerous_goods`` or a designated-port class (``meat``,
        ``grain``, ``fruit``, ``aquatic_animals``, ``seedlings``, ``vehicles``,
        ``chilled_seafood``, ``medicines``).
    cargo_value_cny
        Value of the consignment, for the value of time in the generalized objective.
    ready_time
        When the cargo is ready at the origin. With it, timetabled services are taken at
        their actual next departure and arrival is a date; without it, waits are expected
        values (half the headway).
    deadline
        Latest arrival: a datetime, or a duration after ``ready_time``: text read by
        ``parse_duration_h`` (``"20d"``, ``"480h"``, ``"1d12h"``, ``"2 weeks"``,
        ``"P1DT12H"``), hours as a number, or a timedelta.

    Raises
    ------
    ParameterError
        For a value the shipment cannot use: an origin that is not text, the same origin
        and destination, TEU or weight that are not positive finite numbers (booleans and
        text are refused), an unknown cargo class, a ready time that is not a datetime, or
        a deadline that is unreadable, NaN or infinite.

    Examples
    --------
    >>> Shipment("汉中", "Duisburg", teu=4, deadline="20d").weight_t
    40.0
    """

    origin: str
    destination: str
    teu: float | None = None
    weight_t: float | None = None
    cargo_class: CargoClass | str = CargoClass.GENERAL
    cargo_value_cny: float | None = None
    ready_time: datetime | None = None
    deadline: datetime | timedelta | np.timedelta64 | str | float | None = field(default=None)

    def __post_init__(self) -> None:
        for name in ("origin", "destination"):
            place = getattr(self, name)
            if not isinstance(place, str) or not place.strip():
                message = f"Shipment.{name} must be a node id or name (text), got {place!r}"
                raise ParameterError(message)
        if self.origin == self.destination:
            message = f"Shipment origin and destination are the same ({self.origin!r})"
            raise ParameterError(message)
        teu = check_number(
            self.teu, "Shipment.teu", unit="TEU", minimum=0, strict=True, allow_none=True
        )
        weight_t = check_number(
            self.weight_t, "Shipment.weight_t", unit="t", minimum=0, strict=True, allow_none=True
        )
        _check_amount(teu, "Shipment.teu", MAX_TEU, "TEU", "teu=2")
        _check_amount(weight_t, "Shipment.weight_t", MAX_WEIGHT_T, "t", "weight_t=20")
        if teu is None:
            teu = 1.0 if weight_t is None else weight_t / T_PER_TEU
        if weight_t is None:
            weight_t = teu * T_PER_TEU
        if not (math.isfinite(weight_t) and teu > 0):  # 5e-324 t is 0 TEU
            message = (
                f"Shipment size out of range: teu {teu!r} with weight_t {weight_t!r} "
                f"({T_PER_TEU:g} t per TEU); give a positive size, e.g. teu=2"
            )
            raise ParameterError(message)
        object.__setattr__(self, "teu", teu)
        object.__setattr__(self, "weight_t", weight_t)
        value = check_number(
            self.cargo_value_cny, "Shipment.cargo_value_cny", unit="CNY", minimum=0, allow_none=True
        )
        object.__setattr__(self, "cargo_value_cny", value)
        object.__setattr__(self, "cargo_class", CargoClass.parse(self.cargo_class))
        if self.ready_time is not None and not isinstance(self.ready_time, datetime):
            message = (
                f"Shipment.ready_time must be a datetime, got {self.ready_time!r}; "
                "e.g. datetime(2026, 12, 1, 8)"
            )
            raise ParameterError(message)
        if isinstance(self.deadline, datetime):
            if self.ready_time is None:
                message = (
                    "a deadline given as a date needs a ready_time; or give a duration like '20d'"
                )
                raise ParameterError(message)
        elif self.deadline is not None:
            # Fail early on unreadable text, NaN or inf.
            parse_duration_h(self.deadline, "Shipment.deadline")

    @property
    def deadline_h(self) -> float | None:
        """The deadline as hours (h) after the cargo is ready (None if there is none)."""
        if self.deadline is None:
            return None
        if isinstance(self.deadline, datetime):
            if self.ready_time is None:  # refused in __post_init__; narrows the type
                return None
            return (self.deadline - self.ready_time).total_seconds() / 3600.0
        return parse_duration_h(self.deadline, "Shipment.deadline")

    def with_(self, **changes: Any) -> Shipment:
        """Return a copy with some fields changed.

        Parameters
        ----------
        **changes
            Field values to replace (``deadline="10d"``), checked as in the constructor.
            ``teu`` and ``weight_t`` were both filled in by the constructor, so changing
            one leaves the other as it was: give both.

        Returns
        -------
        Shipment
            The new shipment; this one is unchanged.

        Raises
        ------
        ParameterError
            For a value the shipment cannot use.

        Examples
        --------
        >>> Shipment("汉中", "Duisburg").with_(deadline="10d").deadline_h
        240.0
        """
        return replace(self, **changes)
