"""One table of activations: every op, the fused Dense op, the recurrent ops and the plots read it."""

from __future__ import annotations

import numpy as np
import pytest

import axone as ax
from axone.core.ops import affine, recurrent
from axone.core.ops.activation_functions import ACTIVATIONS

Z = np.linspace(-3.0, 3.0, 12)  # an even count: the kink at 0 is never a grid point


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_each_derivative_is_the_slope_of_its_function(name):
    act = ACTIVATIONS[name]
    if name == "softmax":  # the diagonal: dy_0/dz_0 with the other class fixed at 0
        two = lambda z: np.stack([z, np.zeros_like(z)], axis=-1)
        forward = lambda z: act.forward(two(z))[..., 0]
        expected = act.derivative(act.forward(two(Z)))[..., 0]
    else:
        forward = act.forward
        expected = act.derivative(act.forward(Z), Z)
    slope = (forward(Z + 1e-6) - forward(Z - 1e-6)) / 2e-6
    np.testing.assert_allclose(expected, slope, atol=1e-6)


def test_the_plots_the_fused_dense_and_the_recurrent_ops_use_the_same_rows():
    for name in ACTIVATIONS:
        assert ax.activations.definition(name) is ACTIVATIONS[name]
        assert ax.activations.name_of(ax.activations.get(name)) == ACTIVATIONS[name].name
    assert all(recurrent.ACTIVATIONS[name] is ACTIVATIONS[name] for name in recurrent.ACTIVATIONS)
    assert set(affine.FUSED) <= set(ACTIVATIONS)
    z = np.array([-1.0, 0.5])
    np.testing.assert_array_equal(ax.activations.derivative("tanh")(z), 1 - np.tanh(z) ** 2)


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "linear"])
def test_the_derivative_of_a_fused_or_recurrent_activation_reads_the_output_alone(name):
    act = ACTIVATIONS[name]
    y = act.forward(Z)
    np.testing.assert_array_equal(act.derivative(y), act.derivative(y, Z))


@pytest.mark.parametrize("name", affine.FUSED)
def test_the_fused_dense_op_gives_the_bits_of_the_composed_ops(name):
    rng = np.random.default_rng(0)
    x = ax.Variable(rng.normal(size=(5, 3)))
    w, b = ax.Variable(rng.normal(size=(3, 4))), ax.Variable(rng.normal(size=(4,)))
    weights = rng.normal(size=(5, 4))
    fused = ax.dense(x, w, b, activation=name)
    (fused * weights).sum().backward()
    grads = [v.grad.numpy().copy() for v in (x, w, b)]
    for v in (x, w, b):
        v.zero_grad()
    composed = ax.activations.get(name)(x @ w + b)
    (composed * weights).sum().backward()
    np.testing.assert_array_equal(fused.numpy(), composed.numpy())
    for grad, v in zip(grads, (x, w, b)):
        np.testing.assert_array_equal(grad, v.grad.numpy())


def test_a_recurrent_op_refuses_an_activation_whose_derivative_needs_z():
    x = np.ones((1, 2, 1))
    with pytest.raises(ValueError, match=r"simple_rnn: activation 'softplus' is not supported.*relu"):
        ax.simple_rnn(x, [[1.0]], [[0.5]], activation="softplus")
