"""TerminateOnNaN: stops in the same step, before the update, naming epoch, batch and first layer."""

import numpy as np
import pytest

import axone as ax


def _three_layers(kernel_2):
    return ax.Sequential(
        [
            ax.Input((2,)),
            ax.layers.Dense(4, activation="relu", kernel=np.full((2, 4), 0.1), bias=np.zeros(4), name="first"),
            ax.layers.Dense(3, kernel=np.asarray(kernel_2, np.float32), bias=np.zeros(3), name="second"),
            ax.layers.Dense(1, kernel=np.ones((3, 1)), bias=[0.0], name="third"),
        ]
    )


def test_names_the_first_layer_whose_output_overflows():
    model = _three_layers(np.full((4, 3), 3e37))
    model.compile(optimizer="sgd", loss="mse")
    x = np.zeros((8, 2), np.float32)
    x[4:] = 100  # the second batch overflows in 'second' (4 * 20 * 3e37 > float32 max)
    nan = ax.callbacks.TerminateOnNaN(verbose=0)
    before = None

    def keep(batch, logs):
        nonlocal before
        before = model.get_weights()

    spy = ax.callbacks.LambdaCallback(on_train_batch_end=keep)
    with np.errstate(all="ignore"):
        history = model.fit(x, np.zeros(8), epochs=3, batch_size=4, shuffle=False, verbose=0, callbacks=[spy, nan])
    assert nan.message == (
        "TerminateOnNaN: epoch 1, batch 2 of 2 (counted from 1): the loss is inf; "
        "first non-finite value: the output of layer 'second' (Dense)"
    )
    assert nan.stopped == (0, 1)
    assert history.epoch == []  # stopped inside the first epoch
    # stopped before the update: the weights are those after batch 1, all finite
    for now, then in zip(model.get_weights(), before):
        np.testing.assert_array_equal(now, then)


def test_names_the_gradient_when_every_output_is_finite():
    class Sqrt(ax.layers.Layer):
        """y = sqrt(x): finite at 0, but its derivative 1 / (2 sqrt(x)) is not."""

        def call(self, x, training=False):
            return ax.sqrt(x)

    model = ax.Sequential(
        [
            ax.Input((2,)),
            ax.layers.Dense(2, activation="relu", kernel=-np.eye(2), bias=[0.0, 0.0], name="gate"),
            Sqrt(name="root"),
            ax.layers.Dense(1, kernel=np.ones((2, 1)), bias=[0.0], name="head"),
        ]
    )
    model.compile(optimizer="sgd", loss="mse")
    nan = ax.callbacks.TerminateOnNaN(verbose=0)
    with np.errstate(all="ignore"):
        model.fit(np.ones((4, 2), np.float32), np.ones(4), epochs=2, verbose=0, callbacks=[nan])
    assert "the loss is finite but a gradient is not" in nan.message
    assert "the gradient of weight 'gate/kernel' of layer 'gate' (Dense)" in nan.message


def test_names_the_loss_when_only_the_loss_overflows():
    model = ax.Sequential([ax.Input((1,)), ax.layers.Dense(1, kernel=[[1e20]], bias=[0.0], name="d")])
    model.compile(optimizer="sgd", loss="mse")
    nan = ax.callbacks.TerminateOnNaN(verbose=0)
    with np.errstate(all="ignore"):
        model.fit(np.ones((2, 1)), np.zeros(2), verbose=0, callbacks=[nan])
    assert nan.message.endswith(
        "first non-finite value: the loss itself (every layer's output is finite: check the targets and the loss)"
    )


def test_raise_error_and_printing(capsys):
    model = _three_layers(np.full((4, 3), 3e37))
    model.compile(optimizer="sgd", loss="mse")
    with np.errstate(all="ignore"), pytest.raises(FloatingPointError, match=r"epoch 1, batch 1 of 1.*'second'"):
        model.fit(
            np.full((4, 2), 100.0), np.zeros(4), verbose=0, callbacks=[ax.callbacks.TerminateOnNaN(raise_error=True)]
        )
    assert "TerminateOnNaN: epoch 1" in capsys.readouterr().out
