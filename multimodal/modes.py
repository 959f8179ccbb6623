"""Modes of transport and cargo classes, with lenient parsing.

``Mode("Rail")``, ``Mode.parse("铁路")`` and ``Mode.parse(" RAIL ")`` all give
``Mode.RAIL``; an unknown word raises a ``ParameterError`` (a ``ValueError``) that lists
the known ones.
"""

from __future__ import annotations

from enum import StrEnum

from .exceptions import ParameterError


class Mode(StrEnum):
    """A mode of transport; the value is the word used in files."""

    RAIL = "rail"
    ROAD = "road"
    SEA = "sea"
    AIR = "air"

    @classmethod
    def parse(cls, value: str | Mode) -> Mode:
        """Return the mode named by ``value`` (English or Chinese, any case)."""
        if isinstance(value, Mode):
            return value
        key = str(value).strip().lower()
        found = _MODE_ALIASES.get(key)
        if found is None:
            known = ", ".join(m.value for m in cls)
            message = f"unknown mode {value!r}; use one of {known}"
            raise ParameterError(message)
        return found

    @classmethod
    def _missing_(cls, value: object) -> Mode | None:
        return _MODE_ALIASES.get(str(value).strip().lower())


_MODE_ALIASES: dict[str, Mode] = {
    "rail": Mode.RAIL, "train": Mode.RAIL, "railway": Mode.RAIL, "铁路": Mode.RAIL,
    "road": Mode.ROAD, "truck": Mode.ROAD, "lorry": Mode.ROAD, "公路": Mode.ROAD,
    "sea": Mode.SEA, "ship": Mode.SEA, "maritime": Mode.SEA, "水运": Mode.SEA,
    "海运": Mode.SEA, "air": Mode.AIR, "plane": Mode.AIR, "flight": Mode.AIR,
    "航空": Mode.AIR,
}  # fmt: skip


class CargoClass(StrEnum):
    """What the shipment is, as far as the routing rules care.

    The designated-port classes (meat, grain, ...) must enter China through a port
    designated for them; reefer cargo needs reefer-capable links and hubs; dangerous
    goods may not fly.
    """

    GENERAL = "general"
    REEFER = "reefer"
    DANGEROUS_GOODS = "dangerous_goods"
    MEAT = "meat"
    GRAIN = "grain"
    FRUIT = "fruit"
    AQUATIC_ANIMALS = "aquatic_animals"
    SEEDLINGS = "seedlings"
    VEHICLES = "vehicles"
    CHILLED_SEAFOOD = "chilled_seafood"
    MEDICINES = "medicines"

    @classmethod
    def parse(cls, value: str | CargoClass) -> CargoClass:
        """Return the cargo class named by ``value`` (any case, spaces or dashes)."""
        if isinstance(value, CargoClass):
            return value
        key = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        key = _CARGO_ALIASES.get(key, key)
        try:
            return cls(key)
        except ValueError:
            known = ", ".join(c.value for c in cls)
            message = f"unknown cargo class {value!r}; use one of {known}"
            raise ParameterError(message) from None

    @property
    def is_designated(self) -> bool:
        """Whether imports of this class must be cleared at a designated port."""
        return self in DESIGNATED_CLASSES

    @property
    def needs_reefer(self) -> bool:
        """Whether the class travels in temperature-controlled boxes."""
        return self in REEFER_CLASSES


_CARGO_ALIASES = {
    "cold_chain": "reefer", "dg": "dangerous_goods", "hazmat": "dangerous_goods",
    "dangerous": "dangerous_goods", "seafood": "chilled_seafood",
    "aquatic": "aquatic_animals", "plants": "seedlings", "cars": "vehicles",
}  # fmt: skip

#: Classes whose imports must be cleared at a port designated for them.
DESIGNATED_CLASSES = frozenset(
    {
        CargoClass.MEAT,
        CargoClass.GRAIN,
        CargoClass.FRUIT,
        CargoClass.AQUATIC_ANIMALS,
        CargoClass.SEEDLINGS,
        CargoClass.VEHICLES,
        CargoClass.CHILLED_SEAFOOD,
        CargoClass.MEDICINES,
    }
)

#: Classes that need reefer-capable links and hubs.
REEFER_CLASSES = frozenset(
    {
        CargoClass.REEFER,
        CargoClass.MEAT,
        CargoClass.FRUIT,
        CargoClass.AQUATIC_ANIMALS,
        CargoClass.CHILLED_SEAFOOD,
    }
)


def split_list(value: object) -> list[str]:
    """Split a ``";"``-separated cell into its stripped, non-empty items."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return [str(v).strip() for v in value if str(v).strip()]
    return [item.strip() for item in str(value).split(";") if item.strip()]
