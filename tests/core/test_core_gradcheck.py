"""ax.testing.gradcheck: passes right derivatives, and names the input and element of a wrong one."""

from __future__ import annotations

import numpy as np
import pytest

import axone as ax
from axone.core.op import Op
from axone.testing import GradcheckError, GradcheckReport


class HalfWrongSquare(Op):
    """x^2 whose backward is right for the first element only."""

    @staticmethod
    def forward(ctx, x):
        ctx.save(x)
        return x * x

    @staticmethod
    def backward(ctx, grad_out):
        (x,) = ctx.saved
        factor = np.full(x.shape, 1.0)
        factor.flat[0] = 2.0
        return (grad_out * factor * x,)


def test_passes_a_right_gradient_with_integer_inputs_alongside() -> None:
    labels = np.array([2, 0])
    f = lambda z, y: -ax.log_softmax(z)[np.arange(2), y].sum()
    assert ax.testing.gradcheck(f, ax.Tensor(np.random.default_rng(0).standard_normal((2, 3))), labels) is True


def test_inputs_are_checked_in_float64_even_from_float32() -> None:
    seen = []
    ax.testing.gradcheck(lambda x: seen.append(x.dtype) or (x * x).sum(), ax.Tensor([1.0, 2.0]))
    assert set(seen) == {np.dtype(np.float64)}


def test_failure_names_input_worst_element_and_values() -> None:
    x = np.array([[1.0, 2.0], [3.0, -4.0]])
    with pytest.raises(GradcheckError, match=r"input 1 \(shape \(2, 2\)\): worst element \(1, 1\)"):
        ax.testing.gradcheck(
            lambda a, b: (a * HalfWrongSquare.apply(b)).sum(), ax.Tensor(np.ones((2, 2))), ax.Tensor(x)
        )
    report = ax.testing.gradcheck(lambda b: HalfWrongSquare.apply(b).sum(), ax.Tensor(x), raise_exception=False)
    assert isinstance(report, GradcheckReport) and not report
    assert (report.input, report.index) == (0, (1, 1))
    assert report.analytic == pytest.approx(-4.0) and report.numeric == pytest.approx(-8.0, rel=1e-6)


def test_wrt_limits_the_checked_inputs() -> None:
    f = lambda a, b: (a * HalfWrongSquare.apply(b)).sum()
    x = ax.Tensor(np.array([1.0, 2.0]))
    assert ax.testing.gradcheck(f, x, x, wrt=[0])
    assert not ax.testing.gradcheck(f, x, x, wrt=[1], raise_exception=False)


def test_directional_variant() -> None:
    big = ax.Tensor(np.random.default_rng(1).standard_normal((40, 30)))
    assert ax.testing.gradcheck_directional(lambda a: ax.tanh(a @ a.T).sum(axis=0), big, directions=5)
    report = ax.testing.gradcheck_directional(lambda a: HalfWrongSquare.apply(a).sum(), big, raise_exception=False)
    assert not report and report.directional and 0 <= report.index < 8
    assert "direction" in str(report)


def test_f_must_keep_float64() -> None:
    with pytest.raises(TypeError, match="float64"):
        ax.testing.gradcheck(lambda a: a.astype("float32").sum(), ax.Tensor([1.0]))
