"""Distributions a sweep draws a factor's value from, each a small frozen dataclass.

A factor (``FuelPrice``, ``BorderDwell``, ...) takes a number (the same in every draw) or
one of these. Each checks its parameters when built (``ParameterError``) and draws with a
``numpy.random.Generator`` it is handed, so a draw is fixed by the sweep's seed and the
draw's index (``docs/sweeps.md``).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.special import ndtr, ndtri

from ..exceptions import ParameterError


def _finite(value: object, name: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        message = f"{what}: {name} must be a number, got {value!r}"
        raise ParameterError(message)
    number = float(value)
    if not math.isfinite(number):
        message = f"{what}: {name} must be finite, got {value!r}"
        raise ParameterError(message)
    return number


class Distribution(ABC):
    """Base of the distributions: ``draw(rng)``, ``support()`` and ``describe()``."""

    @abstractmethod
    def draw(self, rng: np.random.Generator) -> float:
        """One value drawn with ``rng``."""

    @abstractmethod
    def support(self) -> tuple[float, float]:
        """The smallest and largest value a draw can take."""

    @abstractmethod
    def describe(self) -> str:
        """E.g. ``uniform(0.8, 1.3)``."""

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class Uniform(Distribution):
    """Uniform between ``low`` and ``high`` (``low <= high``).

    Examples
    --------
    >>> import numpy as np
    >>> from multimodal.sweeps import Uniform
    >>> 0.8 <= Uniform(0.8, 1.3).draw(np.random.default_rng(0)) <= 1.3
    True
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        low = _finite(self.low, "low", "Uniform")
        high = _finite(self.high, "high", "Uniform")
        if high < low:
            message = f"Uniform: low must not exceed high, got low={low:g}, high={high:g}"
            raise ParameterError(message)
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    def draw(self, rng: np.random.Generator) -> float:
        """One value, uniform on ``[low, high]``."""
        return float(rng.uniform(self.low, self.high))

    def support(self) -> tuple[float, float]:
        """``(low, high)``."""
        return (self.low, self.high)

    def describe(self) -> str:
        """E.g. ``uniform(0.8, 1.3)``."""
        return f"uniform({self.low:g}, {self.high:g})"


@dataclass(frozen=True)
class Triangular(Distribution):
    """Triangular with lower limit ``low``, mode ``mode`` and upper limit ``high``."""

    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        low = _finite(self.low, "low", "Triangular")
        mode = _finite(self.mode, "mode", "Triangular")
        high = _finite(self.high, "high", "Triangular")
        if not low <= mode <= high or low == high:
            message = (
                "Triangular: need low <= mode <= high and low < high, got "
                f"low={low:g}, mode={mode:g}, high={high:g}"
            )
            raise ParameterError(message)
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "mode", mode)
        object.__setattr__(self, "high", high)

    def draw(self, rng: np.random.Generator) -> float:
        """One value of the triangular distribution."""
        return float(rng.triangular(self.low, self.mode, self.high))

    def support(self) -> tuple[float, float]:
        """``(low, high)``."""
        return (self.low, self.high)

    def describe(self) -> str:
        """E.g. ``triangular(0.9, 1.0, 1.4)``."""
        return f"triangular({self.low:g}, {self.mode:g}, {self.high:g})"


@dataclass(frozen=True)
class Normal(Distribution):
    """Normal with mean ``mean`` and standard deviation ``sd``, truncated to ``[low, high]``.

    Drawn by inverting the normal CDF on the truncated range (no clipping: no mass piles up
    at a bound).
    """

    mean: float
    sd: float
    low: float = -math.inf
    high: float = math.inf

    def __post_init__(self) -> None:
        mean = _finite(self.mean, "mean", "Normal")
        sd = _finite(self.sd, "sd", "Normal")
        if sd <= 0:
            message = f"Normal: sd must be > 0, got {sd:g} (for a fixed value pass the number)"
            raise ParameterError(message)
        low = -math.inf if self.low == -math.inf else _finite(self.low, "low", "Normal")
        high = math.inf if self.high == math.inf else _finite(self.high, "high", "Normal")
        if not low < high:
            message = f"Normal: low must be below high, got low={low:g}, high={high:g}"
            raise ParameterError(message)
        cut = float(ndtr((high - mean) / sd) - ndtr((low - mean) / sd))
        if cut < 1e-9:
            message = (
                f"Normal({mean:g}, {sd:g}) puts almost no probability in [{low:g}, {high:g}]; "
                "widen the bounds or move the mean"
            )
            raise ParameterError(message)
        for name, value in (("mean", mean), ("sd", sd), ("low", low), ("high", high)):
            object.__setattr__(self, name, value)

    def draw(self, rng: np.random.Generator) -> float:
        """One value of the truncated normal."""
        a = float(ndtr((self.low - self.mean) / self.sd))
        b = float(ndtr((self.high - self.mean) / self.sd))
        u = rng.uniform(a, b)
        value = self.mean + self.sd * float(ndtri(u))
        return float(min(max(value, self.low), self.high))

    def support(self) -> tuple[float, float]:
        """``(low, high)`` (infinite where not bounded)."""
        return (self.low, self.high)

    def describe(self) -> str:
        """E.g. ``normal(1, 0.1) in [0.5, 1.5]``."""
        bounds = "" if math.isinf(self.low) and math.isinf(self.high) else (
            f" in [{self.low:g}, {self.high:g}]"
        )  # fmt: skip
        return f"normal({self.mean:g}, {self.sd:g}){bounds}"


@dataclass(frozen=True)
class Choice(Distribution):
    """One of ``values`` with probabilities ``weights`` (normalised; default equal).

    For regimes: ``Choice((0.0, 168.0), (0.8, 0.2))`` is "no extra dwell in 80 % of the
    draws, 7 days in 20 %".
    """

    values: tuple[float, ...]
    weights: tuple[float, ...] = field(default=())

    def __post_init__(self) -> None:
        if isinstance(self.values, str) or not isinstance(self.values, Sequence):
            message = f"Choice: values must be a list of numbers, got {self.values!r}"
            raise ParameterError(message)
        values = tuple(_finite(v, "values", "Choice") for v in self.values)
        if not values:
            message = "Choice: values must hold at least one number"
            raise ParameterError(message)
        if isinstance(self.weights, str) or not isinstance(self.weights, Sequence):
            message = f"Choice: weights must be a list of numbers, got {self.weights!r}"
            raise ParameterError(message)
        weights = tuple(_finite(w, "weights", "Choice") for w in self.weights) or tuple(
            1.0 for _ in values
        )
        if len(weights) != len(values) or min(weights) < 0 or sum(weights) <= 0:
            message = (
                f"Choice: give one weight >= 0 per value ({len(values)}), not all zero; "
                f"got {list(weights)}"
            )
            raise ParameterError(message)
        total = sum(weights)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "weights", tuple(w / total for w in weights))

    def draw(self, rng: np.random.Generator) -> float:
        """One of the values."""
        index = int(rng.choice(len(self.values), p=np.asarray(self.weights)))
        return self.values[index]

    def support(self) -> tuple[float, float]:
        """The smallest and largest value."""
        return (min(self.values), max(self.values))

    def describe(self) -> str:
        """E.g. ``choice(0 (p=0.8), 168 (p=0.2))``."""
        shown = ", ".join(f"{v:g} (p={w:.3g})" for v, w in zip(self.values, self.weights))
        return f"choice({shown})"


@dataclass(frozen=True)
class Bernoulli(Distribution):
    """1 with probability ``p``, else 0 (e.g. whether a crossing is closed)."""

    p: float

    def __post_init__(self) -> None:
        p = _finite(self.p, "p", "Bernoulli")
        if not 0.0 <= p <= 1.0:
            message = f"Bernoulli: p must be within 0-1, got {p:g}"
            raise ParameterError(message)
        object.__setattr__(self, "p", p)

    def draw(self, rng: np.random.Generator) -> float:
        """1.0 with probability ``p``, else 0.0."""
        return 1.0 if rng.random() < self.p else 0.0

    def support(self) -> tuple[float, float]:
        """``(0, 1)``, or the one value a certain outcome takes."""
        return (0.0 if self.p < 1 else 1.0, 1.0 if self.p > 0 else 0.0)

    def describe(self) -> str:
        """E.g. ``bernoulli(0.1)``."""
        return f"bernoulli({self.p:g})"


__all__ = ["Bernoulli", "Choice", "Distribution", "Normal", "Triangular", "Uniform"]
