"""The fast paths of fit stay exact: the NaN/Inf check by a product with zeros; updates leave the gradients as they are."""

import numpy as np
import pytest

import axone as ax
from axone.training.data_adapter import check_finite


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(300, 40), (50, 6, 7)])
@pytest.mark.parametrize("value, kind", [(np.nan, "NaN"), (np.inf, "+Inf"), (-np.inf, "-Inf")])
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_every_non_finite_value_is_found_and_named(dtype, shape, value, kind, where):
    x = np.ones(shape, dtype)
    index = {"first": (0,) * len(shape), "middle": tuple(n // 2 for n in shape), "last": tuple(n - 1 for n in shape)}
    x[index[where]] = value
    with pytest.raises(ValueError) as err:
        check_finite(x, "x")
    columns = ", ".join(map(str, index[where][1:]))
    assert f"x contains {kind} at row {index[where][0]}, column {columns} (1 non-finite value in all)" in str(err.value)


def test_huge_finite_values_are_not_mistaken_for_overflow():
    x = np.full((200, 30), 3e38, np.float32)
    x[::2] *= -1
    check_finite(x, "x")  # x * 0 is 0 however large x is: no error


def _shared_gradient_model():
    class TwoBiases(ax.Model):
        def __init__(self):
            super().__init__()
            self.p1 = ax.Variable(np.ones((4, 2), np.float32))
            self.p2 = ax.Variable(np.full((4, 2), 2.0, np.float32))

        def call(self, x, training=False):
            return x + self.p1 + self.p2  # Add hands the same gradient array to both weights

    return TwoBiases()


def test_sgd_gradients_shared_by_two_weights_are_used_once_each():
    model = _shared_gradient_model()
    model.compile(optimizer=ax.optimizers.SGD(lr=0.1), loss="mse")
    model.fit(np.zeros((4, 2), np.float32), np.ones((4, 2), np.float32), batch_size=4, shuffle=False, verbose=0)
    # prediction 3, target 1: dE/dy = 2 (3 - 1) / 8 = 0.5 for each of the 8 outputs; w <- w - 0.1 * 0.5
    np.testing.assert_allclose(model.p1.data, 0.95, rtol=1e-6)
    np.testing.assert_allclose(model.p2.data, 1.95, rtol=1e-6)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_an_update_never_writes_into_the_gradients(momentum):
    opt = ax.optimizers.SGD(lr=0.5, momentum=momentum)
    w1, w2 = ax.Variable(np.ones(3)), ax.Variable(np.ones(3))
    g = np.array([1.0, 2.0, 3.0])
    opt.apply_gradients([(g, w1), (g, w2)])  # one array for two weights, as Add hands it out
    np.testing.assert_array_equal(g, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(w1.data, [0.5, 0.0, -0.5])
    np.testing.assert_array_equal(w2.data, [0.5, 0.0, -0.5])
