"""NumPy's protocols on Tensor (axone/core/numpy_interop.py): differentiable where axone has the op, else refused."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import axone as ax

X = np.random.default_rng(0).uniform(0.5, 2.0, (3, 4))
Y = np.random.default_rng(1).uniform(0.5, 2.0, (3, 4))


def test_the_issue_examples_are_differentiable() -> None:
    t = ax.Tensor(X, requires_grad=True)
    y = np.sin(t)
    assert isinstance(y, ax.Tensor) and y.requires_grad
    y.sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), np.cos(X))

    t.grad = None
    m = np.mean(t, axis=0)
    assert isinstance(m, ax.Tensor) and m.shape == (4,)
    (np.exp(t) * 2).sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), 2 * np.exp(X))


def test_asarray_gives_the_data() -> None:
    t = ax.Tensor(X)
    assert np.asarray(t) is t.data and isinstance(np.array(t), np.ndarray)
    assert np.asarray(t, dtype=np.float32).dtype == np.float32


@pytest.mark.parametrize(
    "combine",
    [lambda a, t: a * t, lambda a, t: a + t, lambda a, t: a - t, lambda a, t: a / t, lambda a, t: a @ t.T],
)
def test_ndarray_operator_tensor_is_a_tensor(combine) -> None:
    t = ax.Tensor(X, requires_grad=True)
    out = combine(Y, t)
    assert isinstance(out, ax.Tensor) and out.requires_grad
    np.testing.assert_allclose(out.numpy(), combine(Y, X))
    assert isinstance(np.float64(2.0) * t, ax.Tensor)


# (numpy call, the same with torch): values and gradients compared
CALLS = [
    (lambda t: np.sum(t, axis=1, keepdims=True), lambda t: t.sum(1, keepdim=True)),
    (lambda t: np.max(t, axis=0), lambda t: t.amax(0)),
    (lambda t: np.amin(t), lambda t: t.amin()),
    (lambda t: np.var(t, axis=1, ddof=1), lambda t: t.var(1)),
    (lambda t: np.std(t), lambda t: t.std(correction=0)),
    (lambda t: np.reshape(t, (4, 3)), lambda t: t.reshape(4, 3)),
    (lambda t: np.transpose(t), lambda t: t.T),
    (lambda t: np.expand_dims(t, 0), lambda t: t.unsqueeze(0)),
    (lambda t: np.squeeze(np.expand_dims(t, 0)), lambda t: t),
    (lambda t: np.concatenate([t, t * 2], axis=0), lambda t: torch.cat([t, t * 2], 0)),
    (lambda t: np.stack([t, t]), lambda t: torch.stack([t, t])),
    (lambda t: np.where(X > 1, t, -t), lambda t: torch.where(torch.tensor(X > 1), t, -t)),
    (lambda t: np.clip(t, 0.8, 1.5), lambda t: t.clamp(0.8, 1.5)),
    (lambda t: np.cumsum(t, axis=1), lambda t: t.cumsum(1)),
    (lambda t: np.sort(t, axis=0), lambda t: t.sort(0).values),
    (lambda t: np.sort(t, axis=None), lambda t: t.reshape(-1).sort().values),
    (lambda t: np.dot(t, Y.T), lambda t: t @ torch.tensor(Y.T)),
    (lambda t: np.einsum("ij,ij->j", t, t), lambda t: torch.einsum("ij,ij->j", t, t)),
    (lambda t: np.broadcast_to(t[0], (2, 4)), lambda t: t[0].expand(2, 4)),
    (
        lambda t: np.take_along_axis(t, np.array([[1], [0], [3]]), 1),
        lambda t: t.gather(1, torch.tensor([[1], [0], [3]])),
    ),
    (lambda t: np.log(t) + np.sqrt(t) - np.abs(-t), lambda t: t.log() + t.sqrt() - (-t).abs()),
    (lambda t: np.square(t) ** 0.5 / np.tanh(t), lambda t: t.square() ** 0.5 / t.tanh()),
    (lambda t: np.maximum(t, 1.0) + np.minimum(t, 1.0), lambda t: t.clamp(min=1.0) + t.clamp(max=1.0)),
    (lambda t: np.cosh(t) * np.tan(t) - np.sinh(t), lambda t: t.cosh() * t.tan() - t.sinh()),
    (lambda t: np.log1p(t) + np.expm1(t) + np.power(t, 3), lambda t: t.log1p() + t.expm1() + t.pow(3)),
    (lambda t: np.negative(t) + np.positive(t) * np.cos(t), lambda t: -t + t * t.cos()),
]


@pytest.mark.parametrize("case", range(len(CALLS)))
def test_numpy_functions_match_torch_with_gradients(case: int) -> None:
    numpy_call, torch_call = CALLS[case]
    t, u = ax.Tensor(X, requires_grad=True), torch.tensor(X, requires_grad=True)
    out, expected = numpy_call(t), torch_call(u)
    assert isinstance(out, ax.Tensor) and out.requires_grad
    np.testing.assert_allclose(out.numpy(), expected.detach().numpy(), rtol=1e-12)
    weights = np.random.default_rng(2).standard_normal(out.shape)
    (out * weights).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), u.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda t: np.median(t), "numpy.median"),
        (lambda t: np.round(t), "numpy.round"),
        (lambda t: np.linalg.norm(t), "numpy.linalg.norm"),
        (lambda t: np.floor(t), "numpy.floor"),
        (lambda t: np.arctan(t), "numpy.arctan"),
        (lambda t: np.add.reduce(t), "numpy.add.reduce"),
        (lambda t: np.dot(np.ones((2, 3, 4)), t), "numpy.dot"),
    ],
)
def test_functions_without_an_op_raise_a_type_error_naming_them(call, name: str) -> None:
    with pytest.raises(TypeError, match=name.replace(".", r"\.")):
        call(ax.Tensor(X, requires_grad=True))


def test_numpy_options_without_an_equivalent_are_refused() -> None:
    t = ax.Tensor(X)
    with pytest.raises(TypeError, match=r"numpy\.sum on an axone Tensor does not take dtype="):
        np.sum(t, dtype=np.float32)
    with pytest.raises(TypeError, match=r"numpy\.exp on an axone Tensor does not take where="):
        np.exp(t, where=X > 1)


def test_an_ndarray_output_is_numpys_choice() -> None:
    a = np.zeros((3, 4))
    a += ax.Tensor(X)  # np.add(a, t, out=(a,)): writes into the array, as NumPy does
    assert type(a) is np.ndarray and np.array_equal(a, X)


def test_questions_about_the_values_get_numpys_answers() -> None:
    t = ax.Tensor(X, requires_grad=True)
    assert np.shape(t) == (3, 4) and np.ndim(t) == 2 and np.size(t) == 12
    assert np.allclose(t, X) and np.array_equal(t, X) and np.isclose(t, X).all()
    assert np.array_equal(np.argsort(t, axis=1), np.argsort(X, axis=1))
    assert type(np.zeros_like(t)) is np.ndarray and np.count_nonzero(t) == 12
    assert int(np.argmax(t)) == int(np.argmax(X)) and np.argmax(t, axis=0).dtype == np.int64
    finite = np.isfinite(t)
    assert isinstance(finite, ax.Tensor) and finite.dtype == bool and not finite.requires_grad
    assert isinstance(np.greater(t, 1.0), ax.Tensor)
    assert len(np.where(t > 1.0)) == 2  # one argument: the indices, as NumPy
    np.testing.assert_allclose(t, X)  # numpy.testing reads tensors too


def test_inside_a_compiled_step_numpy_is_followed_or_refused() -> None:
    def step(x):
        return np.sin(x) * np.mean(x, axis=0), np.isfinite(x), np.shape(x)[0] * x

    compiled = ax.function(step)
    for seed in range(3):
        x = ax.Tensor(np.random.default_rng(seed).standard_normal((3, 4)))
        for got, want in zip(compiled(x), step(x)):
            np.testing.assert_array_equal(got.numpy(), want.numpy())
    assert compiled.trace_count == 1

    # a question about the values has no answer while tracing: refused, never baked into the plan
    with pytest.raises(ax.TracingError, match=r"numpy\.allclose"):
        ax.function(lambda x: x * 2 if np.allclose(x * 2, 0) else x)(ax.Tensor(X))
