"""The Tensor methods PyTorch and NumPy users write (axone/core/tensor_methods.py), against torch.

The gradients of every method are in the op table (tests/core/core_op_cases.py, rows labelled
"method"); here: the names, the argument spellings, the return types and the refusals.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

import axone as ax

METHODS = (
    "relu sigmoid tanh exp log sqrt abs pow clamp sum mean max min argmax argmin view reshape unsqueeze squeeze "
    "flatten t transpose permute float double to item tolist numpy detach clone zero_"
).split()

X = np.random.default_rng(0).standard_normal((3, 4))


def pair() -> tuple[ax.Tensor, torch.Tensor]:
    return ax.Tensor(X), torch.tensor(X)


@pytest.mark.parametrize("cls", [ax.Tensor, ax.Variable])
def test_every_method_of_the_issue_is_there(cls: type) -> None:
    t = cls(X)
    missing = [name for name in METHODS if not callable(getattr(t, name, None))]
    assert not missing and t.T.shape == (4, 3)


@pytest.mark.parametrize("name", ["sum", "mean", "max", "min", "var"])
def test_reductions_take_dim_and_axis_spellings(name: str) -> None:
    a, _ = pair()
    numpy_style = getattr(a, name)(axis=1, keepdims=True)
    torch_style = getattr(a, name)(dim=1, keepdim=True)
    values = torch_style.values if isinstance(torch_style, tuple) else torch_style
    np.testing.assert_array_equal(numpy_style.numpy(), values.numpy())
    with pytest.raises(TypeError, match="axis= .NumPy. or dim= .PyTorch., not both"):
        getattr(a, name)(axis=0, dim=1)


def test_max_with_dim_gives_values_and_indices_as_torch() -> None:
    a, b = pair()
    values, indices = a.max(dim=1)
    np.testing.assert_array_equal(values.numpy(), b.max(dim=1).values.numpy())
    np.testing.assert_array_equal(indices.numpy(), b.max(dim=1).indices.numpy())
    np.testing.assert_array_equal(a.min(dim=0).indices.numpy(), b.min(dim=0).indices.numpy())
    # NumPy's spellings give the values alone
    assert isinstance(a.max(1), ax.Tensor) and isinstance(a.max(axis=1), ax.Tensor)
    assert a.max().shape == () and float(a.max()) == X.max()


def test_argmax_argmin_keepdim() -> None:
    a, b = pair()
    assert a.argmax(dim=1, keepdim=True).tolist() == b.argmax(1, keepdim=True).tolist()
    assert a.argmin().item() == b.argmin().item() and not a.argmax().requires_grad


@pytest.mark.parametrize(
    "call",
    [
        lambda t: t.view(2, 6),
        lambda t: t.view((6, -1)),
        lambda t: t.reshape(12),
        lambda t: t.unsqueeze(1),
        lambda t: t.unsqueeze(-1).squeeze(-1),
        lambda t: t.unsqueeze(0).squeeze(),
        lambda t: t.flatten(),
        lambda t: t.reshape(3, 2, 2).flatten(1),
        lambda t: t.reshape(3, 2, 2).flatten(0, 1),
        lambda t: t.t(),
        lambda t: t.transpose(0, 1),
        lambda t: t.reshape(3, 2, 2).transpose(0, 2),
        lambda t: t.reshape(3, 2, 2).permute(2, 0, 1),
        lambda t: t.reshape(3, 2, 2).permute((1, 2, 0)),
    ],
)
def test_shape_methods_match_torch(call) -> None:
    a, b = pair()
    np.testing.assert_array_equal(call(a).numpy(), call(b).numpy())


def test_transpose_with_a_whole_permutation_is_numpys() -> None:
    a = ax.Tensor(np.arange(24.0).reshape(2, 3, 4))
    assert a.transpose(2, 0, 1).shape == (4, 2, 3) and a.transpose().shape == (4, 3, 2)
    assert a.transpose((1, 0, 2)).shape == (3, 2, 4)


def test_t_refuses_more_than_two_dimensions() -> None:
    with pytest.raises(ValueError, match=r"at most 2 dimensions, got shape \(2, 3, 4\)"):
        ax.zeros(2, 3, 4).t()


def test_dtype_methods() -> None:
    a = ax.Tensor(X, requires_grad=True)
    assert a.float().dtype == np.float32 and a.double().dtype == np.float64 and a.half().dtype == np.float16
    assert a.long().dtype == np.int64 and a.int().dtype == np.int32
    assert a.to("float32").dtype == np.float32 and a.to(np.float32).dtype == np.float32
    assert a.to(ax.zeros(1)).dtype == np.float32  # another tensor's dtype, as torch
    assert a.to(np.float64) is a and a.to("cpu") is a  # already so: the same tensor, as torch
    a.float().sum().backward()
    assert a.grad.dtype == np.float64  # the gradient flows back through the cast
    with pytest.raises(ValueError, match="CPU with NumPy"):
        a.to("cuda")


def test_item_tolist_numpy_and_sizes() -> None:
    a, b = pair()
    assert a.sum().item() == pytest.approx(b.sum().item())
    assert a.tolist() == b.tolist() and a.numpy() is a.data
    assert a.dim() == 2 and a.numel() == 12


def test_detach_cuts_and_clone_copies_with_its_gradient() -> None:
    a = ax.Tensor(X, requires_grad=True)
    d = a.detach()
    assert not d.requires_grad and np.shares_memory(d.data, a.data)  # as torch: the same values
    c = a.clone()
    assert c.requires_grad and not np.shares_memory(c.data, a.data)
    (c * 3).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), np.full_like(X, 3.0))


def test_zero_keeps_identity_and_is_refused_while_recording() -> None:
    w = ax.Variable(X.copy())
    with ax.no_grad():
        assert w.zero_() is w
    assert not w.numpy().any()
    with pytest.raises(RuntimeError, match="no_grad"):
        w.zero_()


def test_pow_clamp_and_elementwise_methods_follow_torch() -> None:
    a, b = pair()
    for name, args in [("pow", (2,)), ("clamp", (-0.5, 0.5)), ("relu", ()), ("sigmoid", ()), ("tanh", ())]:
        np.testing.assert_allclose(getattr(a, name)(*args).numpy(), getattr(b, name)(*args).numpy(), rtol=1e-12)
    np.testing.assert_allclose(a.clamp(min=0).numpy(), b.clamp(min=0).numpy())
    np.testing.assert_allclose(a.clip(-0.1, 0.1).numpy(), np.clip(X, -0.1, 0.1))  # NumPy's positional clip
    with pytest.raises(ValueError, match="at least one of low and high"):
        a.clamp()


def test_any_all_on_comparisons() -> None:
    a, _ = pair()
    assert bool((a > -10).all()) and not bool((a > 10).any())
    assert (a > 0).any(dim=1).shape == (3,)


def test_indices_and_tests_are_recomputed_by_a_compiled_step() -> None:
    def step(x):
        values, order = x.sort(dim=1, descending=True)
        best = x.topk(2, dim=0)
        return x.argmax(dim=1), order, best.indices, values * 2, np.isfinite(x), (x > 0).any(dim=1)

    compiled = ax.function(step)
    rng = np.random.default_rng(5)
    for _ in range(3):  # the first call traces, the others replay on new values
        x = ax.Tensor(rng.standard_normal((3, 4)))
        for got, want in zip(compiled(x), step(x)):
            np.testing.assert_array_equal(got.numpy(), want.numpy())
    assert compiled.trace_count == 1


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda x: ax.einsum("ij,jk->ik", x), ValueError, "name 2 operands, but 1 were given"),
        (lambda x: ax.einsum("ijk", x), ValueError, r"shape \(3, 4\) \(2 axes\), but its subscripts 'ijk' name 3"),
        (lambda x: ax.einsum(x, x), TypeError, "the first argument is the subscripts string"),
        (lambda x: ax.gather(x, 1, np.ones((3, 2))), ValueError, "gather: index must be an integer array"),
        (
            lambda x: ax.gather(x, 1, np.zeros((4, 1), int)),
            ValueError,
            r"larger than the tensor \(3, 4\) outside dim 1",
        ),
        (lambda x: ax.topk(x, 5), ValueError, r"k must be an int in \[0, 4\]"),
        (lambda x: x.cumsum(dim=2), ValueError, "cumsum.*axis 2 is out of range"),
        (lambda x: x.argmax(dim=3), ValueError, "argmax.*axis 3 is out of range"),
        (lambda x: x.sort(dim=2), ValueError, "sort.*axis 2 is out of range"),
    ],
)
def test_refusals_name_the_function_and_the_argument(call, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call(ax.Tensor(X))
