"""Engine invariants: fan-out, diamonds, broadcasting, depth, no_grad, detach, accumulation, dtypes."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import axone as ax


def test_reused_node_accumulates() -> None:
    x = ax.Variable(3.0)
    y = x * x + x  # x used three times
    y.backward()
    assert float(x.grad) == pytest.approx(2 * 3.0 + 1)


def test_diamond_graph() -> None:
    x = ax.Tensor([0.5, -1.0], requires_grad=True, dtype="float64")
    a = ax.exp(x)
    b, c = a * 2.0, a * a  # two paths from a, joined below
    (b + c).sum().backward()
    e = np.exp(x.numpy())
    np.testing.assert_allclose(x.grad.numpy(), 2 * e + 2 * e * e)


@pytest.mark.parametrize("shapes", [((3, 4), (4,)), ((4,), (3, 4)), ((3, 1), (1, 4)), ((2, 1, 4), (3, 1))])
def test_broadcasting_on_either_side(shapes) -> None:
    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal(s) for s in shapes)
    xa, xb = ax.Tensor(a, requires_grad=True), ax.Tensor(b, requires_grad=True)
    (xa * xb).sum().backward()
    assert xa.grad.shape == a.shape and xb.grad.shape == b.shape
    ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    (ta * tb).sum().backward()
    np.testing.assert_allclose(xa.grad.numpy(), ta.grad.numpy())
    np.testing.assert_allclose(xb.grad.numpy(), tb.grad.numpy())


def test_deep_chain_has_no_recursion_error() -> None:
    x = ax.Variable(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert float(x.grad) == 1.0
    del y  # freeing the chain must not recurse either


def test_no_grad_records_nothing_and_restores() -> None:
    w = ax.Variable([1.0, 2.0])
    with ax.no_grad():
        y = w * 3
        assert not ax.is_grad_enabled()
        with ax.enable_grad():
            z = w * 3
    assert ax.is_grad_enabled()
    assert not y.requires_grad and y.is_leaf
    assert z.requires_grad
    with pytest.raises(RuntimeError, match="does not require gradients"):
        y.sum().backward()

    @ax.no_grad()
    def f(v):
        return v * 2

    assert not f(w).requires_grad


def test_detach_cuts_the_graph() -> None:
    x = ax.Variable(2.0)
    y = x * x.detach()  # d/dx = x (the detached factor is a constant)
    y.backward()
    assert float(x.grad) == 2.0
    assert not x.detach().requires_grad and x.detach().data is x.data


def test_grad_accumulates_over_two_backward_calls_until_zeroed() -> None:
    x = ax.Variable([1.0, 2.0])
    (x * x).sum().backward()
    (x * 3.0).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [2 + 3, 4 + 3])
    x.zero_grad()
    assert x.grad is None


def test_second_backward_on_the_same_graph_accumulates_again() -> None:
    # decision (docs/engine.md): the graph is kept, as PyTorch's retain_graph=True
    x = ax.Variable([1.0, 2.0])
    y = (x**2).sum()
    y.backward()
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.array([2.0, 4.0]))
    t = torch.tensor([1.0, 2.0], requires_grad=True)
    ty = (t**2).sum()
    ty.backward(retain_graph=True)
    ty.backward()
    np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy())


def test_backward_needs_a_gradient_for_non_scalars() -> None:
    x = ax.Variable([1.0, 2.0])
    with pytest.raises(RuntimeError, match="upstream gradient"):
        (x * 2).backward()
    (x * 2).backward([1.0, 10.0])
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 20.0])
    with pytest.raises(ValueError, match="shape"):
        (x * 2).backward([1.0])


def test_intermediate_grads_are_not_kept_and_leaf_grads_are_copies() -> None:
    a, b = ax.Variable([1.0]), ax.Variable([1.0])
    h = a + b
    h.sum().backward()
    assert h.grad is None
    a.grad.data += 1  # Add hands the same array to both inputs: b must not see this
    assert float(b.grad) == 1.0


def test_requires_grad_propagates() -> None:
    x, c = ax.Variable([1.0]), ax.Tensor([2.0])
    assert (x * c).requires_grad and not (c * c).requires_grad
    assert ax.sigmoid(x).requires_grad and not ax.sigmoid(c).requires_grad


# ---- dtypes -------------------------------------------------------------------------------------
def test_python_values_take_the_default_float_dtype() -> None:
    assert ax.Tensor(1.0).dtype == np.float32 and ax.Tensor([1, 2]).dtype == np.float32
    ax.set_default_dtype("float64")
    assert ax.Tensor([1.0]).dtype == np.float64
    ax.set_default_dtype("float32")
    with pytest.raises(ValueError, match="default dtype"):
        ax.set_default_dtype("int32")


def test_numpy_arrays_keep_their_dtype_and_scalars_follow_the_tensor() -> None:
    x64 = ax.Tensor(np.ones(3))
    assert x64.dtype == np.float64
    assert (x64 * 2).dtype == np.float64 and (2 * x64).dtype == np.float64
    assert (x64 + 0.5).dtype == np.float64 and (1 - x64).dtype == np.float64 and (x64**2).dtype == np.float64
    x32 = ax.Tensor([1.0])
    assert (x32 * 2.0).dtype == np.float32 and (2.0**x32).dtype == np.float32
    i32 = ax.Tensor(np.arange(3, dtype=np.int32))
    assert (i32 + 1).dtype == np.int32  # a Python int keeps an integer tensor's dtype


def test_reversed_operands_with_numpy_arrays_give_tensors() -> None:
    x = ax.Variable(np.array([1.0, 2.0]))
    for value in (np.ones(2) * x, np.ones(2) - x, np.ones(2) / x, np.ones(2) + x, np.float64(2.0) * x):
        assert isinstance(value, ax.Tensor) and value.requires_grad
    (np.array([3.0, 4.0]) * x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [3.0, 4.0])


def test_integer_tensors_are_never_differentiated() -> None:
    with pytest.raises(TypeError, match="only float tensors"):
        ax.Tensor(np.arange(3), requires_grad=True)
    with pytest.raises(TypeError, match="float"):
        ax.Variable(np.arange(3))
    x = ax.Variable([1.5, 2.5])
    assert not x.astype("int64").requires_grad  # an integer result leaves the graph
    labels = ax.Tensor(np.array([0, 1]))
    y = x * labels  # int constant, float result: differentiable in x only
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [0.0, 1.0])
    assert labels.grad is None


def test_cast_between_floats_keeps_the_gradient_dtype() -> None:
    x = ax.Variable(np.array([1.0, 2.0], dtype=np.float32))
    y = x.astype("float64")
    (y * y).sum().backward()
    assert y.dtype == np.float64 and x.grad.dtype == np.float32
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 4.0])


def test_repeated_and_masked_indices_accumulate() -> None:
    x = ax.Variable([1.0, 2.0, 3.0])
    x[np.array([0, 0, 2, 0])].sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [3.0, 0.0, 1.0])
    x.zero_grad()
    x[[True, False, True]].sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [1.0, 0.0, 1.0])


# ---- the JAX style ------------------------------------------------------------------------------
def test_grad_and_value_and_grad() -> None:
    assert float(ax.grad(lambda v: v**4)(3.0)) == 108.0
    dx, dy = ax.grad(lambda x, y: x * y * y, argnums=(0, 1))(2.0, 3.0)
    assert (float(dx), float(dy)) == (9.0, 12.0)
    value, slope = ax.value_and_grad(lambda v: (v * v).sum())(np.array([1.0, 2.0]))
    assert float(value) == 5.0
    np.testing.assert_allclose(slope.numpy(), [2.0, 4.0])
    with pytest.raises(ValueError, match="scalar"):
        ax.grad(lambda v: v * 2)(np.ones(2))
    assert float(ax.grad(lambda v: ax.Tensor(1.0))(2.0)) == 0.0  # unconnected: zeros
