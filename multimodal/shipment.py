"""``Shipment``: what is to be moved, from where to where, and by when."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

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
        if self.teu is None and self.weight_t is None:
            object.__setattr__(self, "teu", 1.0)
        if self.teu is None:
            object.__setattr__(self, "teu", float(self.weight_t) / T_PER_TEU)
        if self.weight_t is None:
            object.__setattr__(self, "weight_t", float(self.teu) * T_PER_TEU)
        object.__setattr__(self, "teu", float(self.teu))
        object.__setattr__(self, "weight_t", float(self.weight_t))
        for name in ("teu", "weight_t"):
            if not getattr(self, name) > 0:
                message = f"Shipment.{name} must be positive, got {getattr(self, name)!r}"
                raise ValueError(message)
        if self.cargo_value_cny is not None and self.cargo_value_cny < 0:
            message = f"Shipment.cargo_value_cny must not be negative, got {self.cargo_value_cny}"
            raise ValueError(message)
        object.__setattr__(self, "cargo_class", CargoClass.parse(self.cargo_class))
        if self.origin == self.destination:
            message = f"Shipment origin and destination are the same ({self.origin!r})"
            raise ValueError(message)
        if isinstance(self.deadline, datetime) and self.ready_time is None:
            message = "a deadline given as a date needs a ready_time; or give a duration like '20d'"
            raise ValueError(message)
        if self.deadline is not None and not isinstance(self.deadline, datetime):
            parse_duration_h(self.deadline)  # fail early on unreadable text

    @property
    def deadline_h(self) -> float | None:
        """The deadline as hours after the cargo is ready (None if there is none)."""
        if self.deadline is None:
            return None
        if isinstance(self.deadline, datetime):
            return (self.deadline - self.ready_time).total_seconds() / 3600.0
        return parse_duration_h(self.deadline)

    def with_(self, **changes: object) -> Shipment:
        """Return a copy with some fields changed."""
        return replace(self, **changes)
