"""Every row of the op table, checked twice: float64 finite differences, and PyTorch (values and gradients)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from core_op_cases import CASES, INDEX_CASES, Case

import axone as ax
import axone.core.ops
from axone.core.engine import gradients

# ops whose rows live in the tables of their own families (conv, pool, recurrent)
OTHER_TABLES = {"axone.core.ops.conv", "axone.core.ops.pool", "axone.core.ops.recurrent"}


@pytest.fixture(autouse=True)
def _float64():
    ax.set_default_dtype("float64")  # constants made inside a case follow the check's precision


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_finite_differences(case: Case) -> None:
    assert ax.testing.gradcheck(case.ax_fn, *[ax.Tensor(a) for a in case.arrays()])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_against_pytorch(case: Case) -> None:
    arrays = case.arrays()
    xs = [ax.Tensor(a, requires_grad=True) for a in arrays]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    out, expected = case.ax_fn(*xs), case.torch_fn(*ts)
    np.testing.assert_allclose(out.numpy(), expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    assert out.shape == tuple(expected.shape) and out.dtype == np.float64

    weights = np.random.default_rng(3).standard_normal(out.shape)
    (out * weights).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    for i, (x, t) in enumerate(zip(xs, ts)):
        want = np.zeros_like(arrays[i]) if t.grad is None else t.grad.numpy()
        got = np.zeros_like(arrays[i]) if x.grad is None else x.grad.numpy()
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, err_msg=f"gradient of input {i}")


@pytest.mark.parametrize("case", INDEX_CASES, ids=lambda c: c.id)
def test_indices_against_pytorch(case: Case) -> None:
    """Ops without a gradient (indices, one-hot codes): the same values and dtype as torch, no graph."""
    arrays = case.arrays()
    x = ax.Tensor(arrays[0], requires_grad=True)
    out, expected = case.ax_fn(x), case.torch_fn(torch.tensor(arrays[0], requires_grad=True))
    np.testing.assert_array_equal(out.numpy(), expected.numpy())
    assert out.dtype == np.dtype(str(expected.dtype).removeprefix("torch.")) and not out.requires_grad


def test_every_exported_op_has_a_case() -> None:
    covered = {case.op for case in CASES + INDEX_CASES}
    elsewhere = {name for name in axone.core.ops.__all__ if getattr(axone.core.ops, name).__module__ in OTHER_TABLES}
    missing = set(axone.core.ops.__all__) - covered - elsewhere
    assert not missing, f"ops with no row in tests/core/core_op_cases.py: {sorted(missing)}"
    unknown = covered - set(axone.core.ops.__all__)
    assert not unknown, f"rows naming ops that axone.core.ops does not export: {sorted(unknown)}"


def test_gradients_api_leaves_grad_untouched() -> None:
    x = ax.Tensor([1.0, 2.0], requires_grad=True)
    (g,) = gradients((x * x).sum(), [x])
    np.testing.assert_allclose(g, [2.0, 4.0])
    assert x.grad is None
