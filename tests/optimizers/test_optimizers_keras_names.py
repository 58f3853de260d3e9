"""Keras's spellings of the optimizers' arguments, and an unknown argument named with the accepted ones."""

import numpy as np
import pytest

import axone as ax

# Keras's spelling, the same optimizer in torch's, and the attribute that must match
SPELLINGS = [
    (
        lambda: ax.optimizers.Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-7),
        lambda: ax.optimizers.Adam(lr=0.01, betas=(0.8, 0.99), eps=1e-7),
    ),
    (
        lambda: ax.optimizers.AdamW(learning_rate=0.01, beta_2=0.95, epsilon=1e-6, weight_decay=0.1),
        lambda: ax.optimizers.AdamW(lr=0.01, betas=(0.9, 0.95), eps=1e-6, weight_decay=0.1),
    ),
    (
        lambda: ax.optimizers.RMSprop(learning_rate=0.002, rho=0.9, epsilon=1e-7, momentum=0.5),
        lambda: ax.optimizers.RMSprop(lr=0.002, alpha=0.9, eps=1e-7, momentum=0.5),
    ),
    (
        lambda: ax.optimizers.Adagrad(learning_rate=0.05, epsilon=1e-7),
        lambda: ax.optimizers.Adagrad(lr=0.05, eps=1e-7),
    ),
    (
        lambda: ax.optimizers.Adadelta(learning_rate=0.5, rho=0.95, epsilon=1e-7),
        lambda: ax.optimizers.Adadelta(lr=0.5, rho=0.95, eps=1e-7),
    ),
    (
        lambda: ax.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True),
        lambda: ax.optimizers.SGD(lr=0.1, momentum=0.9, nesterov=True),
    ),
]


@pytest.mark.parametrize("keras, torch", SPELLINGS)
def test_a_keras_spelling_is_the_same_optimizer_step_for_step(keras, torch):
    a, b = keras(), torch()
    assert a.get_config() == b.get_config()
    wa, wb = ax.Variable([1.0, -2.0], dtype="float64"), ax.Variable([1.0, -2.0], dtype="float64")
    for step in range(3):
        g = np.array([0.3, -0.1]) * (step + 1)
        a.apply_gradients([(g, wa)])
        b.apply_gradients([(g, wb)])
    np.testing.assert_array_equal(wa.data, wb.data)


def test_both_spellings_of_one_argument_are_refused():
    with pytest.raises(TypeError, match=r"Adam: give eps= or epsilon=, not both"):
        ax.optimizers.Adam(eps=1e-6, epsilon=1e-7)
    with pytest.raises(TypeError, match=r"RMSprop: give alpha= or rho=, not both"):
        ax.optimizers.RMSprop(alpha=0.5, rho=0.9)
    with pytest.raises(TypeError, match=r"Adam: give betas= or beta_1=, not both"):
        ax.optimizers.Adam(betas=(0.5, 0.9), beta_1=0.8)


@pytest.mark.parametrize(
    "make, name, accepted",
    [
        (lambda: ax.optimizers.Adam(beta1=0.9), "Adam", ["betas", "eps", "beta_1", "beta_2", "epsilon", "clipnorm"]),
        (lambda: ax.optimizers.SGD(lr=0.1, momentun=0.9), "SGD", ["momentum", "nesterov", "learning_rate"]),
        (lambda: ax.optimizers.RMSprop(decay=0.9), "RMSprop", ["alpha", "rho", "epsilon", "centered"]),
        (lambda: ax.optimizers.DeltaBarDelta(rho=0.9), "DeltaBarDelta", ["increment", "decay", "smoothing"]),
    ],
)
def test_an_unknown_argument_names_the_optimizer_and_what_it_accepts(make, name, accepted):
    with pytest.raises(TypeError) as error:
        make()
    message = str(error.value)
    assert message.startswith(f"{name} got unexpected argument(s) ")
    for key in accepted:
        assert key in message.split("accepts: ")[1]
