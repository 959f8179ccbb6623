"""The registry of change kinds, and building a change from file data.

``CHANGE_KINDS`` maps each ``kind`` word of the files to its class;
``change_from_dict`` builds a change from a mapping read from TOML or YAML.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from .._validate import suggest
from ..exceptions import ParameterError
from ._values import hashable, plain
from .changes import (
    AddLink,
    AddNode,
    Change,
    OpenPort,
    RemoveLink,
    RemoveNode,
    ScaleLink,
    SetLink,
    SetNode,
)
from .services import AddService, RemoveService, ScaleService, SetService, SetServiceStops

CHANGE_KINDS: dict[str, type[Change]] = {
    cls.kind: cls
    for cls in (
        AddNode,
        RemoveNode,
        AddLink,
        RemoveLink,
        SetNode,
        SetLink,
        ScaleLink,
        OpenPort,
        AddService,
        RemoveService,
        SetService,
        ScaleService,
        SetServiceStops,
    )
}


def _hash_change(self: Change) -> int:
    # Changes hold read-only mappings, which dataclass hashing cannot hash: hash their items
    # so that scenarios can be dict keys and set members (e.g. in comparison tables).
    return hash(
        (type(self).__name__, *(hashable(getattr(self, f.name)) for f in dataclasses.fields(self)))
    )


for _cls in CHANGE_KINDS.values():
    _cls.__hash__ = _hash_change  # type: ignore[method-assign,assignment]


def _field_value(value: object) -> object:
    """A field's value from file data: lists as tuples; NaN kept, for the field to refuse.

    NaN is TOML's stand-in for null, which only a cell (``row``, ``values``) can hold;
    a field given ``nan`` is refused by its own check ("must be a finite number").
    """
    if isinstance(value, Mapping):
        return value
    if isinstance(value, list | tuple):
        return tuple(_field_value(v) for v in value)
    if isinstance(value, float) and math.isnan(value):
        return value
    return plain(value)


def change_from_dict(data: Mapping[str, object]) -> Change:
    """Build a change from a mapping with a ``kind`` key (as read from TOML or YAML).

    Parameters
    ----------
    data
        ``kind`` and the kind's fields; lists may be lists or tuples; ``nan`` (TOML's
        null) is a missing value in ``row``/``values`` tables and refused elsewhere.

    Returns
    -------
    Change
        The change, its fields checked.

    Raises
    ------
    ParameterError
        For an unknown kind, an unknown or missing field, or a bad value (the message
        names the field and the fix).
    """
    if not isinstance(data, Mapping):
        message = f"a change must be a table with a kind, got {data!r}"
        raise ParameterError(message)
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in CHANGE_KINDS:
        close = suggest(str(kind), CHANGE_KINDS, n=1)
        fix = f"did you mean {close[0]!r}?" if close else "use one of " + ", ".join(CHANGE_KINDS)
        message = f"unknown change kind {kind!r}; {fix}"
        raise ParameterError(message)
    cls = CHANGE_KINDS[kind]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key == "kind":
            continue
        if key not in fields:
            close = suggest(str(key), fields, n=1)
            fix = f"did you mean {close[0]!r}?" if close else "fields: " + ", ".join(fields)
            message = f"{kind} has no field {key!r}; {fix}"
            raise ParameterError(message)
        kwargs[key] = _field_value(value)
    required = [
        name
        for name, f in fields.items()
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    missing = [name for name in required if name not in kwargs]
    if missing:
        message = f"{kind} needs {', '.join(missing)}"
        raise ParameterError(message)
    return cls(**kwargs)


__all__ = ["CHANGE_KINDS", "change_from_dict"]
