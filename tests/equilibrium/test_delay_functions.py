"""Volume-delay functions against their formulas, numerical derivatives and quadrature."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad

import multimodal as mm
from multimodal.equilibrium.delay import _DelayArrays

FUNCTIONS = [mm.BPR(), mm.BPR(0.5, 2.0), mm.Conical(4.0), mm.Conical(1.5), mm.QueueDelay()]
RATIOS = np.array([0.0, 0.1, 0.5, 0.9, 0.94, 1.0, 1.3, 2.5])


@pytest.mark.parametrize("function", FUNCTIONS, ids=repr)
def test_derivatives_and_integral_match_numerics(function):
    """f', f'' by central differences and int_0^r f by quadrature."""
    arrays = _DelayArrays.of(function, len(RATIOS))
    h = 1e-6
    f = arrays.evaluate(RATIOS, 0)
    up = arrays.evaluate(RATIOS + h, 0)
    down = arrays.evaluate(np.maximum(RATIOS - h, 0), 0)
    slope = arrays.evaluate(RATIOS, 1)
    numeric = (up - down) / (RATIOS + h - np.maximum(RATIOS - h, 0))
    away = np.abs(RATIOS - 0.95) > 1e-3  # the queue's kink at its saturation
    np.testing.assert_allclose(slope[away], numeric[away], rtol=1e-5, atol=1e-6)
    second = arrays.evaluate(RATIOS, 2)
    numeric2 = (arrays.evaluate(RATIOS + h, 1) - arrays.evaluate(np.maximum(RATIOS - h, 0), 1)) / (
        RATIOS + h - np.maximum(RATIOS - h, 0)
    )
    np.testing.assert_allclose(second[away], numeric2[away], rtol=1e-4, atol=1e-4)
    integral = arrays.evaluate(RATIOS, -1)
    one = _DelayArrays.of(function, 1)
    for r, value in zip(RATIOS, integral):
        expected = quad(lambda s: float(one.evaluate(np.array([s]), 0)[0]), 0, r, limit=200)[0]
        assert value == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert f[0] == pytest.approx(1.0)


def test_closed_forms():
    """BPR at capacity is 1 + alpha; conical is 2 at capacity; queue j=0.5 is M/D/1."""
    assert mm.BPR(0.15, 4).factor(np.array([1.0]))[0] == pytest.approx(1.15)
    assert mm.BPR(0.15, 4).factor(np.array([2.0]))[0] == pytest.approx(1 + 0.15 * 16)
    for alpha in (1.5, 4.0, 10.0):
        assert mm.Conical(alpha).factor(np.array([1.0]))[0] == pytest.approx(2.0)
    rho = np.array([0.3, 0.8])
    md1 = 1 + rho / (2 * (1 - rho))  # Pollaczek-Khinchine, time in system / service time
    np.testing.assert_allclose(mm.QueueDelay(0.5, 0.95).factor(rho), md1)
    mm1 = 1 / (1 - rho)
    np.testing.assert_allclose(mm.QueueDelay(1.0, 0.95).factor(rho), mm1)
    # Linear above the saturation, with the slope at the saturation.
    q = mm.QueueDelay(0.5, 0.9)
    f = q.factor(np.array([0.9, 1.9, 2.9]))
    assert f[2] - f[1] == pytest.approx(f[1] - f[0])
    assert f[1] - f[0] == pytest.approx(0.5 / 0.1**2)


@pytest.mark.parametrize(
    "make",
    [
        lambda: mm.BPR(alpha=-1),
        lambda: mm.BPR(beta=0.5),
        lambda: mm.Conical(1.0),
        lambda: mm.QueueDelay(j=0),
        lambda: mm.QueueDelay(saturation=1.0),
    ],
)
def test_bad_parameters_are_refused(make):
    with pytest.raises(mm.ParameterError):
        make()
