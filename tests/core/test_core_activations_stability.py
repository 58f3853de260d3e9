"""The course's derivative table, and numerical stability at +-1e4 in float32."""

from __future__ import annotations

import numpy as np
import pytest

import axone as ax

Z = np.linspace(-3.0, 3.0, 13)  # 0 included: the conventions at the kink are checked too
ALPHA = 1.0


def logistic(z):
    return 1 / (1 + np.exp(-z))


# name -> (the op, the course's derivative written from z and y = f(z))
COURSE_TABLE = {
    "step": (ax.step, lambda z, y: np.zeros_like(z)),  # Dirac: 0 everywhere a gradient flows
    "relu": (ax.relu, lambda z, y: (z > 0).astype(float)),  # Heaviside
    "softplus": (ax.softplus, lambda z, y: logistic(z)),  # the logistic
    "leaky_relu": (ax.leaky_relu, lambda z, y: np.where(z < 0, 0.01, 1.0)),
    "elu": (ax.elu, lambda z, y: np.where(z < 0, y + ALPHA, 1.0)),
    "sigmoid": (ax.sigmoid, lambda z, y: y * (1 - y)),
    "logistic": (ax.logistic, lambda z, y: y * (1 - y)),
    "tanh": (ax.tanh, lambda z, y: 1 - y**2),
    "linear": (ax.linear, lambda z, y: np.ones_like(z)),
}


@pytest.mark.parametrize("name", sorted(COURSE_TABLE))
def test_backward_is_the_course_derivative(name: str) -> None:
    fn, derivative = COURSE_TABLE[name]
    z = ax.Tensor(Z, requires_grad=True)
    y = fn(z)
    y.sum().backward()  # elementwise: d(sum y)/dz_i = y'(z_i)
    np.testing.assert_allclose(z.grad.numpy(), derivative(Z, y.numpy()), rtol=1e-12, atol=1e-15)


def test_softmax_jacobian_is_the_course_formula() -> None:
    z = ax.Variable(np.array([0.3, -1.2, 2.0, 0.5]))
    with ax.GradientTape() as tape:
        y = ax.softmax(z)
    jac = tape.jacobian(y, z).numpy()
    s = y.numpy()
    np.testing.assert_allclose(np.diag(jac), s * (1 - s), rtol=1e-12)  # dy_k/dz_k = y_k (1 - y_k)
    np.testing.assert_allclose(jac, np.diag(s) - np.outer(s, s), rtol=1e-12, atol=1e-15)


BIG = np.array([[-1e4, -50.0, 0.0, 50.0, 1e4], [1e4, 1e4, -1e4, 3.0, -3.0]], dtype=np.float32)
TARGET = np.array([[0.0, 1.0, 0.5, 0.0, 1.0], [1.0, 0.0, 0.0, 1.0, 0.0]], dtype=np.float32)
ONE_HOT = np.eye(5, dtype=np.float32)[[0, 2]]

STABLE = {
    "softmax": lambda z: ax.softmax(z),
    "log_softmax": lambda z: ax.log_softmax(z),
    "sigmoid": ax.sigmoid,
    "softplus": ax.softplus,
    "bce_from_logits": lambda z: ax.binary_crossentropy_with_logits(z, ax.Tensor(TARGET)),
    "ce_from_logits": lambda z: -(ax.Tensor(ONE_HOT) * ax.log_softmax(z)).sum(axis=-1),
}


@pytest.mark.parametrize("name", sorted(STABLE))
def test_finite_values_and_gradients_at_1e4_in_float32(name: str) -> None:
    z = ax.Tensor(BIG, requires_grad=True)
    out = STABLE[name](z)  # np.seterr(all="raise") in conftest: an overflow would raise here
    assert out.dtype == np.float32 and np.isfinite(out.numpy()).all()
    weights = np.random.default_rng(0).standard_normal(out.shape).astype(np.float32)
    (out * weights).sum().backward()
    assert z.grad.dtype == np.float32 and np.isfinite(z.grad.numpy()).all()


def test_stable_values_are_right_at_the_extremes() -> None:
    z = ax.Tensor(np.array([-1e4, 1e4], dtype=np.float32))
    np.testing.assert_array_equal(ax.sigmoid(z).numpy(), [0.0, 1.0])
    np.testing.assert_array_equal(ax.softplus(z).numpy(), [0.0, 1e4])
    np.testing.assert_allclose(ax.log_softmax(z).numpy(), [-2e4, 0.0])
    bce = ax.binary_crossentropy_with_logits(z, ax.Tensor([0.0, 0.0])).numpy()
    np.testing.assert_allclose(bce, [0.0, 1e4])
