"""Volume-delay functions: how the time through a link, service or hub grows with its load.

Each function is a small frozen dataclass of its parameters. The time through an element
of uncongested time ``t0`` and capacity ``c`` carrying a volume ``v`` is
``t0 * f(v / c)``, where ``f`` is the function's *factor* (``f(0) = 1``). The solver
evaluates the factors of all elements at once through ``_DelayArrays``.

- ``BPR``: the Bureau of Public Roads function, ``f(r) = 1 + alpha r^beta``
  (Bureau of Public Roads 1964, *Traffic Assignment Manual*; TNTP instances use
  ``alpha = 0.15, beta = 4``).
- ``Conical``: Spiess's conical function (Spiess 1990, "Conical volume-delay functions",
  *Transportation Science* 24(2), 153-158), ``f(r) = 2 + sqrt(a^2 (1-r)^2 + b^2) -
  a (1-r) - b`` with ``b = (2a - 1) / (2a - 2)``: ``f(1) = 2`` for every ``a``, and
  unlike BPR it has a finite, positive slope at zero volume and grows only linearly
  far above capacity.
- ``QueueDelay``: a queue at a transshipment point (a border crossing, a terminal),
  Davidson's function ``f(r) = 1 + j r / (1 - r)`` (Davidson 1966, "A flow-travel time
  relationship for use in transportation planning", *Proc. 3rd ARRB Conference*), with
  the linear continuation above a saturation ``r >= saturation`` of the "modified
  Davidson" function (Akcelik 1991, "Travel time functions for transport planning
  purposes: Davidson's function, its time-dependent form and an alternative travel
  time function", *Australian Road Research* 21(3), 49-59), so the cost stays finite
  when demand exceeds capacity. With ``t0`` the mean handling (service) time and ``c``
  the service rate, ``j = 0.5`` is the Pollaczek-Khinchine time in system of an M/D/1
  queue, ``t0 (1 + rho / (2 (1 - rho)))``, and ``j = 1`` that of an M/M/1 queue,
  ``t0 / (1 - rho)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._validate import check_number
from ..exceptions import ParameterError

__all__ = ["BPR", "Conical", "DelayFunction", "QueueDelay"]

_BPR, _CONICAL, _QUEUE = 0, 1, 2


@dataclass(frozen=True)
class BPR:
    """The BPR volume-delay function ``t = t0 (1 + alpha (v / c)^beta)``.

    Parameters
    ----------
    alpha
        Relative delay at capacity (``t(c) = t0 (1 + alpha)``), >= 0. Default 0.15
        (Bureau of Public Roads 1964; the TNTP instances' ``b``).
    beta
        Power, >= 1 (so the function is convex with a finite slope at zero volume).
        Default 4 (the TNTP instances' ``power``).
    """

    alpha: float = 0.15
    beta: float = 4.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "alpha", check_number(self.alpha, "BPR.alpha", minimum=0))
        object.__setattr__(self, "beta", check_number(self.beta, "BPR.beta", minimum=1))

    def factor(self, ratio: np.ndarray) -> np.ndarray:
        """The factor ``f(r)`` at volume-to-capacity ratios ``r`` (``t = t0 f(r)``)."""
        return _DelayArrays.of([self], 1).factor(np.asarray(ratio, float))


@dataclass(frozen=True)
class Conical:
    """Spiess's conical volume-delay function (Spiess 1990).

    ``t = t0 (2 + sqrt(alpha^2 (1 - r)^2 + b^2) - alpha (1 - r) - b)`` with
    ``r = v / c`` and ``b = (2 alpha - 1) / (2 alpha - 2)``.

    Parameters
    ----------
    alpha
        Steepness, > 1: the slope far above capacity is ``t0 alpha / c`` and the
        function is close to BPR with ``beta = alpha`` near capacity (Spiess 1990,
        §3). Default 4.
    """

    alpha: float = 4.0

    def __post_init__(self) -> None:
        value = check_number(self.alpha, "Conical.alpha", minimum=1, strict=True)
        object.__setattr__(self, "alpha", value)

    def factor(self, ratio: np.ndarray) -> np.ndarray:
        """The factor ``f(r)`` at volume-to-capacity ratios ``r`` (``t = t0 f(r)``)."""
        return _DelayArrays.of([self], 1).factor(np.asarray(ratio, float))


@dataclass(frozen=True)
class QueueDelay:
    """A queue at a transshipment point: the modified Davidson function.

    ``t = t0 (1 + j r / (1 - r))`` for ``r = v / c`` below ``saturation``, continued
    linearly (with the same slope) above it.

    Parameters
    ----------
    j
        Delay parameter, > 0. ``0.5`` gives the M/D/1 time in system (deterministic
        handling of random arrivals, Pollaczek-Khinchine) when ``t0`` is the handling
        time and ``c`` the handling rate; ``1`` gives M/M/1. Default 0.5.
    saturation
        Ratio ``r`` in (0, 1) from which the function continues as a straight line
        (Akcelik 1991), so demand above capacity has a finite, steep cost. Default 0.95.
    """

    j: float = 0.5
    saturation: float = 0.95

    def __post_init__(self) -> None:
        j = check_number(self.j, "QueueDelay.j", minimum=0, strict=True)
        saturation = check_number(self.saturation, "QueueDelay.saturation", minimum=0, strict=True)
        if saturation is None or saturation >= 1:
            message = f"QueueDelay.saturation must be in (0, 1), got {self.saturation!r}"
            raise ParameterError(message)
        object.__setattr__(self, "j", j)
        object.__setattr__(self, "saturation", saturation)

    def factor(self, ratio: np.ndarray) -> np.ndarray:
        """The factor ``f(r)`` at volume-to-capacity ratios ``r`` (``t = t0 f(r)``)."""
        return _DelayArrays.of([self], 1).factor(np.asarray(ratio, float))


DelayFunction = BPR | Conical | QueueDelay


@dataclass(frozen=True, eq=False)
class _DelayArrays:
    """The delay functions of ``n`` elements as arrays, evaluated all at once.

    ``kind`` codes the function (BPR, conical, queue); ``p1``, ``p2`` its parameters
    (BPR: alpha, beta; conical: alpha, b; queue: j, saturation).
    """

    kind: np.ndarray
    p1: np.ndarray
    p2: np.ndarray

    @classmethod
    def of(cls, delay: DelayFunction | Sequence[DelayFunction], n: int) -> _DelayArrays:
        items = [delay] * n if isinstance(delay, BPR | Conical | QueueDelay) else list(delay)
        if len(items) != n:
            message = f"delay has {len(items)} functions for {n} elements; give one or {n}"
            raise ParameterError(message)
        kind = np.empty(n, np.int8)
        p1 = np.empty(n)
        p2 = np.empty(n)
        for i, item in enumerate(items):
            if isinstance(item, BPR):
                kind[i], p1[i], p2[i] = _BPR, item.alpha, item.beta
            elif isinstance(item, Conical):
                a = item.alpha
                kind[i], p1[i], p2[i] = _CONICAL, a, (2 * a - 1) / (2 * a - 2)
            elif isinstance(item, QueueDelay):
                kind[i], p1[i], p2[i] = _QUEUE, item.j, item.saturation
            else:
                message = (
                    f"delay[{i}] is {item!r}; use multimodal.BPR, multimodal.Conical or "
                    "multimodal.QueueDelay"
                )
                raise ParameterError(message)
        return cls(kind, p1, p2)

    @classmethod
    def bpr(cls, alpha: np.ndarray, beta: np.ndarray) -> _DelayArrays:
        """BPR on every element with per-element parameters (as TNTP files give them)."""
        alpha = np.asarray(alpha, float)
        return cls(np.zeros(len(alpha), np.int8), alpha, np.asarray(beta, float))

    def take(self, index: np.ndarray) -> _DelayArrays:
        return _DelayArrays(self.kind[index], self.p1[index], self.p2[index])

    def _split(self) -> list[tuple[int, np.ndarray | slice]]:
        kinds = np.unique(self.kind)
        if len(kinds) == 1:
            return [(int(kinds[0]), slice(None))]
        return [(int(k), np.flatnonzero(self.kind == k)) for k in kinds]

    def evaluate(self, r: np.ndarray, order: int) -> np.ndarray:
        """``f(r)`` (order 0), ``f'(r)`` (1), ``f''(r)`` (2) or ``int_0^r f`` (-1)."""
        out = np.empty_like(r)
        for kind, at in self._split():
            fn = (_bpr, _conical, _queue)[kind]
            out[at] = fn(r[at], self.p1[at], self.p2[at], order)
        return out

    def factor(self, r: np.ndarray) -> np.ndarray:
        return self.evaluate(r, 0)


def _power(r: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """``r ** beta`` with the common integer powers done by multiplication (faster)."""
    if beta.size and np.all(beta == 4.0):
        r2 = r * r
        return r2 * r2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(r > 0, np.power(np.maximum(r, 0.0), beta), np.where(beta == 0, 1.0, 0.0))


def _bpr(r: np.ndarray, alpha: np.ndarray, beta: np.ndarray, order: int) -> np.ndarray:
    if order == 0:
        return 1.0 + alpha * _power(r, beta)
    if order == -1:
        return r + alpha * _power(r, beta + 1.0) / (beta + 1.0)
    if order == 1:
        return alpha * beta * _power(r, beta - 1.0)
    return alpha * beta * (beta - 1.0) * _power(r, beta - 2.0)


def _conical(r: np.ndarray, a: np.ndarray, b: np.ndarray, order: int) -> np.ndarray:
    u = a * (1.0 - r)
    s = np.sqrt(u * u + b * b)
    if order == 0:
        return 2.0 + s - u - b
    if order == 1:
        return a * (1.0 - u / s)
    if order == 2:
        return a * a * b * b / s**3

    def g(x: np.ndarray) -> np.ndarray:  # antiderivative of sqrt(x^2 + b^2) in x
        return 0.5 * x * np.sqrt(x * x + b * b) + 0.5 * b * b * np.arcsinh(x / b)

    return (2.0 - b) * r - a * (r - 0.5 * r * r) + (g(a) - g(u)) / a


def _queue(r: np.ndarray, j: np.ndarray, mu: np.ndarray, order: int) -> np.ndarray:
    below = r < mu
    q = np.where(below, r, mu)  # the point where the curve is evaluated
    f = 1.0 + j * q / (1.0 - q)
    f1 = j / (1.0 - q) ** 2
    extra = np.where(below, 0.0, r - mu)
    if order == 0:
        return f + f1 * extra
    if order == 1:
        return f1
    if order == 2:
        return np.where(below, 2.0 * j / (1.0 - q) ** 3, 0.0)
    integral = q + j * (-q - np.log1p(-q))
    return integral + f * extra + 0.5 * f1 * extra * extra
