"""Selectors: which flows of an assignment an observed figure (or a constant) is about.

The grammar of docs/demand.md (section 3.1)::

    selector := term ( "&" term )*
    term     := key "=" values | key "!=" values
    values   := value ( "|" value )*          # any of them; `*` and `?` are wildcards

Service keys match the services a box rides (``service``, ``corridor``, ``mode``,
``service_end``, ``first_stop``, ``last_stop``, ``stop``, ``first_country``,
``last_country``); demand keys match the demand row it belongs to (``segment``,
``cargo_class``, ``origin``, ``destination``). A box counts once per matching service it
rides.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ..exceptions import ParameterError

__all__ = ["DEMAND_KEYS", "SERVICE_KEYS", "Selector"]

SERVICE_KEYS = (
    "service", "corridor", "mode", "service_end", "first_stop", "last_stop", "stop",
    "first_country", "last_country",
)  # fmt: skip
DEMAND_KEYS = ("segment", "cargo_class", "origin", "destination")

Term = tuple[str, bool, tuple[str, ...]]


def _service_values(key: str, row: Mapping[str, object], country: Mapping[str, str]) -> list[str]:
    stops = str(row["stops"]).split(";")
    if key == "service":
        return [str(row["service_id"])]
    if key in ("corridor", "mode"):
        return [str(row[key])]
    if key == "service_end":
        return [stops[0], stops[-1]]
    if key == "first_stop":
        return [stops[0]]
    if key == "last_stop":
        return [stops[-1]]
    if key == "stop":
        return stops
    if key == "first_country":
        return [country.get(stops[0], "")]
    return [country.get(stops[-1], "")]


def _holds(have: list[str], negated: bool, values: tuple[str, ...]) -> bool:
    hit = any(fnmatch.fnmatchcase(h, v) for h in have for v in values)
    return hit != negated


@dataclass(frozen=True)
class Selector:
    """A parsed selector.

    Parameters
    ----------
    text
        The selector, e.g. ``"service_end=XIAN_PORT&corridor=china_europe|trans_caspian"``.

    Raises
    ------
    ParameterError
        A term without ``=``, or an unknown key (naming the known ones).

    Examples
    --------
    >>> Selector("corridor=china_europe&cargo_class=grain").terms[1]
    ('cargo_class', False, ('grain',))
    """

    text: str

    @cached_property
    def terms(self) -> list[Term]:
        """``(key, negated, values)`` per term (parsed once)."""
        terms = []
        for raw in str(self.text).split("&"):
            negated = "!=" in raw
            key, sep, values = raw.partition("!=" if negated else "=")
            key = key.strip()
            if not sep or not key or not values.strip():
                message = f"selector {self.text!r}: term {raw!r} must be key=value or key!=value"
                raise ParameterError(message)
            if key not in SERVICE_KEYS + DEMAND_KEYS:
                known = ", ".join(SERVICE_KEYS + DEMAND_KEYS)
                message = f"selector {self.text!r}: unknown key {key!r}; use one of {known}"
                raise ParameterError(message)
            terms.append((key, negated, tuple(v.strip() for v in values.split("|"))))
        return terms

    def services(self, services: pd.DataFrame, country: Mapping[str, str]) -> set[str]:
        """Ids of the services (``Network.services`` rows) that the service terms match."""
        terms = [t for t in self.terms if t[0] in SERVICE_KEYS]
        chosen = set()
        for row in services.to_dict("records"):
            if all(_holds(_service_values(k, row, country), n, v) for k, n, v in terms):
                chosen.add(str(row["service_id"]))
        return chosen

    def rows(self, demand: pd.DataFrame) -> pd.Series:
        """Bool per demand row: do the demand terms hold (True where there are none)."""
        keep = pd.Series(True, index=demand.index)
        for key, negated, values in self.terms:
            if key not in DEMAND_KEYS:
                continue
            if key not in demand:
                message = f"selector {self.text!r}: the demand has no column {key!r}"
                raise ParameterError(message)
            column = demand[key].astype(str)
            keep &= column.map(lambda x, n=negated, v=values: _holds([x], n, v))
        return keep

    def has_service_terms(self) -> bool:
        """Whether any term is about services (else every path of a matching row counts)."""
        return any(t[0] in SERVICE_KEYS for t in self.terms)
