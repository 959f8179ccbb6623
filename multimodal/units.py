"""Units and the conversions between them.

Names carry their units: ``cost_cny``, ``time_h``, ``distance_km``, ``co2e_kg``, ``teu``,
``weight_t``. Money is in CNY unless a column says otherwise.
"""

from __future__ import annotations

import re
from datetime import timedelta

from ._validate import check_number
from .exceptions import ParameterError

#: Average cargo per loaded TEU (t): the searoutes API default; the Chang'an trains average
#: ~890 t per ~100 TEU, i.e. ~9 t (factsheet §6). Used where only one of TEU and tonnes is
#: given.
T_PER_TEU = 10.0

HOURS_PER_DAY = 24.0
HOURS_PER_WEEK = 168.0

_DURATION = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*(d|day|days|h|hour|hours|w|week|weeks)?\s*$", re.I)


def parse_duration_h(value: str | float | int | timedelta, name: str = "duration") -> float:
    """Return a duration in hours from ``20d``, ``480h``, ``2w``, a number of hours or a timedelta.

    Parameters
    ----------
    value
        The duration.
    name
        What the duration is, for the message (e.g. ``"Shipment.deadline"``).

    Raises
    ------
    ParameterError
        If the text is not a number followed by d, h or w, or the number is negative, NaN
        or infinite (a ``ValueError``).
    """
    if isinstance(value, timedelta):
        return value.total_seconds() / 3600.0
    if not isinstance(value, str):
        hours = check_number(value, name, unit="h", minimum=0)
        return float(hours) if hours is not None else 0.0
    match = _DURATION.match(value)
    if not match:
        message = f"cannot read {name} {value!r}; write e.g. '20d', '480h' or '2w'"
        raise ParameterError(message)
    number = float(match.group(1))
    unit = (match.group(2) or "h").lower()[0]
    return number * {"h": 1.0, "d": HOURS_PER_DAY, "w": HOURS_PER_WEEK}[unit]
