"""Every row of the op table, compiled: a replay of ``ax.function`` gives the eager bits.

The traced function is the row's op, then the gradient of ``(out * weights).sum()`` with
respect to every input (GradientTape). It is traced on one draw of the inputs and replayed on
another: the replay must equal eager execution on that draw exactly (same values, same bits),
so nothing of the first draw is baked into the plan.
"""

from __future__ import annotations

import numpy as np
import pytest
from core_op_cases import CASES, Case

import axone as ax


@pytest.fixture(autouse=True)
def _float64():
    ax.set_default_dtype("float64")


def _step(case: Case, weights: dict):
    def step(*xs):
        with ax.GradientTape() as tape:
            out = case.ax_fn(*xs)
            if "w" not in weights:  # drawn once, at trace time, like any constant
                weights["w"] = np.random.default_rng(3).standard_normal(out.shape)
            loss = (out * weights["w"]).sum()
        return (out, *tape.gradient(loss, list(xs), unconnected_gradients="zero"))

    return step


def _same(got, want) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g.numpy(), w.numpy())
        assert g.dtype == w.dtype


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_replay_is_bit_identical_to_eager(case: Case) -> None:
    weights: dict = {}
    eager, compiled = _step(case, weights), ax.function(_step(case, weights))
    first = [ax.Tensor(a, requires_grad=True) for a in case.arrays(seed=0)]
    _same(compiled(*first), eager(*first))  # the tracing call is the eager one
    for seed in (1, 2):
        xs = [ax.Tensor(a, requires_grad=True) for a in case.arrays(seed=seed)]
        _same(compiled(*xs), eager(*xs))
    assert compiled.trace_count == 1
