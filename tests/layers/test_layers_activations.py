"""Activations: names, and the course's derivative table checked against autodiff."""

import numpy as np
import pytest

import axone as ax

NAMES = ["step", "relu", "softplus", "leaky_relu", "elu", "softmax", "sigmoid", "logistic", "tanh", "linear"]


def autodiff_diagonal(name, z):
    """d y_k / d z_k by the engine: the full gradient for elementwise activations, the diagonal for softmax."""
    fn = ax.activations.get(name)
    if name != "softmax":
        zt = ax.Tensor(z, requires_grad=True)
        fn(zt).sum().backward()
        return zt.grad.numpy()
    out = np.empty_like(z)
    for k in range(z.shape[-1]):  # one backward per class: the k-th column of the Jacobian's diagonal
        zt = ax.Tensor(z, requires_grad=True)
        fn(zt)[:, k].sum().backward()
        out[:, k] = zt.grad.numpy()[:, k]
    return out


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_autodiff(name):
    z = np.random.default_rng(1).normal(0, 3, size=(6, 4))
    z[z == 0] = 0.5  # away from the kinks
    np.testing.assert_allclose(ax.activations.derivative(name)(z), autodiff_diagonal(name, z), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "name, torch_name",
    [("relu", "relu"), ("softplus", "softplus"), ("sigmoid", "sigmoid"), ("tanh", "tanh"), ("elu", "elu")],
)
def test_values_match_torch(name, torch_name):
    import torch

    z = np.linspace(-5, 5, 41)
    expected = getattr(torch.nn.functional, torch_name)(torch.tensor(z)).numpy()
    np.testing.assert_allclose(ax.activations.get(name)(ax.Tensor(z)).numpy(), expected, rtol=1e-12, atol=1e-14)


def test_leaky_relu_slope_is_the_course_s():
    z = np.array([-2.0, 3.0])
    np.testing.assert_allclose(ax.activations.get("leaky_relu")(ax.Tensor(z)).numpy(), [-0.02, 3.0])
    np.testing.assert_allclose(ax.activations.derivative("leaky_relu")(z), [0.01, 1.0])


def test_course_table_values():
    d = ax.activations.derivative
    assert d("step")(np.array([-1.0, 0.0, 1.0])).tolist() == [0.0, 0.0, 0.0]
    assert d("relu")(np.array([-1.0, 2.0])).tolist() == [0.0, 1.0]
    np.testing.assert_allclose(d("softplus")(np.array([0.0])), [0.5])  # the logistic
    np.testing.assert_allclose(d("elu")(np.array([-1.0])), [np.exp(-1.0)])  # y + alpha = e^z - 1 + 1
    np.testing.assert_allclose(d("softmax")(np.array([[0.0, 0.0]])), [[0.25, 0.25]])


def test_softmax_rows_sum_to_one_and_logistic_alias():
    y = ax.activations.get("softmax")(ax.Tensor([[1000.0, 0.0, -1000.0]])).numpy()
    np.testing.assert_allclose(y.sum(axis=-1), 1.0)
    assert ax.activations.get("logistic") is ax.activations.sigmoid
    assert ax.activations.name_of("LOGISTIC") == "sigmoid"


def test_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="unknown activation 'sigmoide'.*leaky_relu.*tanh"):
        ax.activations.get("sigmoide")
    with pytest.raises(ValueError, match="cannot be saved"):
        ax.activations.name_of(lambda z: z)


def test_get_none_and_callable():
    assert ax.activations.get(None) is ax.activations.linear
    fn = lambda z: z * 2  # noqa: E731
    assert ax.activations.get(fn) is fn
