"""Clock times of the collection day: ``"HH:MM"`` text to hours since midnight and back."""

from __future__ import annotations

import math
import re

from .._validate import is_missing, is_number
from ..exceptions import ParameterError

_CLOCK = re.compile(r"(\d{1,3}):(\d{2})(?::(\d{2}))?")


def parse_clock(value: object, what: str = "time") -> float:
    """Hours since midnight of the collection day from ``"HH:MM"`` (or a number of hours).

    Parameters
    ----------
    value
        A number of hours (``18.5``), ``"HH:MM"`` / ``"HH:MM:SS"`` (hours may exceed 24
        for the next day, ``"30:00"``), or a ``datetime.time``.
    what
        What the value is, for the error message.

    Returns
    -------
    float
        Hours (h).

    Raises
    ------
    ParameterError
        The value cannot be read as a time.

    Examples
    --------
    >>> parse_clock("18:30")
    18.5
    >>> parse_clock("30:00")  # 06:00 the next day
    30.0
    """
    if is_number(value):
        return float(value)  # type: ignore[arg-type]
    if is_missing(value):
        message = f"{what} is missing; give 'HH:MM' (e.g. '18:00') or hours (18.0)"
        raise ParameterError(message)
    hour, minute = getattr(value, "hour", None), getattr(value, "minute", None)
    if isinstance(hour, int) and isinstance(minute, int):
        return hour + minute / 60 + getattr(value, "second", 0) / 3600
    text = str(value).strip()
    match = _CLOCK.fullmatch(text)
    if match:
        hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
        if minutes < 60 and seconds < 60:
            return hours + minutes / 60 + seconds / 3600
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        message = f"{what} {value!r} is not a time; use 'HH:MM' (e.g. '18:00') or hours (18.0)"
        raise ParameterError(message)
    return number


def format_clock(hours: float) -> str:
    """``"HH:MM"`` for hours since midnight (rounded to the minute; may pass 24:00)."""
    minutes = round(hours * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
