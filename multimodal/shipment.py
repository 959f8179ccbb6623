"""``Shipment``: what is to be moved, from where to where, and by when."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from ._validate import check_number
from .exceptions import ParameterError
from .modes import CargoClass
from .units import T_PER_TEU, parse_duration_h


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
        Latest arrival: a datetime, or a duration after ``ready_time`` (``"20d"``,
        ``"480h"``, hours as a number, a timedelta).

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
    deadline: datetime | timedelta | str | float | None = field(default=None)

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
        if teu is None:
            teu = 1.0 if weight_t is None else weight_t / T_PER_TEU
        if weight_t is None:
            weight_t = teu * T_PER_TEU
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
        """The deadline as hours after the cargo is ready (None if there is none)."""
        if self.deadline is None:
            return None
        if isinstance(self.deadline, datetime):
            if self.ready_time is None:  # refused in __post_init__; narrows the type
                return None
            return (self.deadline - self.ready_time).total_seconds() / 3600.0
        return parse_duration_h(self.deadline)

    def with_(self, **changes: Any) -> Shipment:
        """Return a copy with some fields changed."""
        return replace(self, **changes)
