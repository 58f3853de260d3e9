"""Every exportable layer, alone or in a small model: the file passes onnx.checker and onnxruntime
gives axone's outputs within 1e-5 on random inputs, with random weights."""

from __future__ import annotations

import numpy as np
import pytest
from onnx_helpers import TOLERANCE, randomize, round_trip

import axone as ax
from axone.onnx.convert import ACTIVATIONS, CONVERTERS

L = ax.layers
RNG = np.random.default_rng(0)


def normal(scale: float, shape: tuple, mean: float = 0.0) -> np.ndarray:
    return RNG.normal(mean, scale, shape).astype(np.float32)


def normalized() -> ax.Sequential:
    norm = L.Normalization()
    norm.adapt(normal(2.0, (50, 4), mean=3.0))
    return ax.Sequential([ax.Input((4,)), norm, L.Dense(3)])


CASES = {
    "Dense": lambda: ax.Sequential([ax.Input((4,)), L.Dense(3)]),
    "Dense (3-d input)": lambda: ax.Sequential([ax.Input((6, 4)), L.Dense(3, activation="tanh")]),
    "Dense without bias": lambda: ax.Sequential([ax.Input((4,)), L.Dense(3, use_bias=False)]),
    "Activation": lambda: ax.Sequential([ax.Input((4,)), L.Activation("elu")]),
    "Conv2D valid stride 2": lambda: ax.Sequential([ax.Input((9, 8, 3)), L.Conv2D(4, 3, strides=2)]),
    "Conv2D same relu": lambda: ax.Sequential([ax.Input((9, 8, 3)), L.Conv2D(4, 3, padding="same", activation="relu")]),
    "Conv2D same stride 2 dilation": lambda: ax.Sequential(
        [ax.Input((9, 8, 3)), L.Conv2D(2, 3, strides=2, padding="same", dilation_rate=2)]
    ),
    "Conv2D same stride 2, free size": lambda: ax.Sequential(
        [ax.Input((None, None, 3)), L.Conv2D(2, 3, strides=2, padding="same")]
    ),
    "Conv2D explicit pads": lambda: ax.Sequential([ax.Input((9, 8, 3)), L.Conv2D(2, (2, 3), padding=((1, 0), (2, 1)))]),
    "MaxPooling2D": lambda: ax.Sequential([ax.Input((9, 8, 3)), L.MaxPooling2D(2)]),
    "MaxPooling2D same": lambda: ax.Sequential([ax.Input((9, 8, 3)), L.MaxPooling2D(3, strides=2, padding="same")]),
    "AveragePooling2D": lambda: ax.Sequential([ax.Input((9, 8, 3)), L.AveragePooling2D(2)]),
    "AveragePooling2D same": lambda: ax.Sequential(
        [ax.Input((9, 8, 3)), L.AveragePooling2D(2, strides=1, padding="same")]
    ),
    "GlobalAveragePooling2D": lambda: ax.Sequential([ax.Input((5, 6, 3)), L.GlobalAveragePooling2D()]),
    "Flatten": lambda: ax.Sequential([ax.Input((5, 6, 3)), L.Flatten(), L.Dense(2)]),
    "Dropout": lambda: ax.Sequential([ax.Input((4,)), L.Dropout(0.5), L.Dense(2)]),
    "BatchNormalization": lambda: ax.Sequential([ax.Input((4,)), L.BatchNormalization()]),
    "BatchNormalization on images": lambda: ax.Sequential([ax.Input((5, 6, 3)), L.BatchNormalization()]),
    "BatchNormalization axis 1": lambda: ax.Sequential([ax.Input((3, 5)), L.BatchNormalization(axis=1)]),
    "Normalization": normalized,
    "Residual": lambda: ax.Sequential([ax.Input((4,)), L.Residual([L.Dense(5, activation="relu"), L.Dense(4)])]),
    "SimpleRNN": lambda: ax.Sequential([ax.Input((None, 4)), L.SimpleRNN(5)]),
    "SimpleRNN sequences relu": lambda: ax.Sequential(
        [ax.Input((None, 4)), L.SimpleRNN(5, activation="relu", return_sequences=True)]
    ),
    "LSTM": lambda: ax.Sequential([ax.Input((None, 4)), L.LSTM(5)]),
    "LSTM sequences": lambda: ax.Sequential([ax.Input((None, 4)), L.LSTM(5, return_sequences=True)]),
    "LSTM linear": lambda: ax.Sequential([ax.Input((None, 4)), L.LSTM(3, activation="linear", return_sequences=True)]),
    "GRU": lambda: ax.Sequential([ax.Input((None, 4)), L.GRU(5)]),
    "GRU sequences": lambda: ax.Sequential([ax.Input((None, 4)), L.GRU(5, return_sequences=True)]),
    "GRU without bias": lambda: ax.Sequential([ax.Input((None, 4)), L.GRU(3, use_bias=False)]),
    "TimeDistributed": lambda: ax.Sequential(
        [
            ax.Input((None, 4)),
            L.SimpleRNN(5, return_sequences=True),
            L.TimeDistributed(L.Dense(1, activation="sigmoid")),
        ]
    ),
    "TimeDistributed Conv2D": lambda: ax.Sequential([ax.Input((None, 6, 6, 2)), L.TimeDistributed(L.Conv2D(3, 3))]),
    "Sequential in Sequential": lambda: ax.Sequential(
        [ax.Input((4,)), ax.Sequential([L.Dense(3, activation="relu"), L.Dense(2)]), L.Dense(1)]
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_layer_matches_onnxruntime(name: str, tmp_path) -> None:
    model = CASES[name]()
    randomize(model)
    assert round_trip(model, tmp_path) <= TOLERANCE


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_every_course_activation(activation: str, tmp_path) -> None:
    model = ax.Sequential([ax.Input((6,)), L.Dense(5, activation=activation)])
    randomize(model)
    x = normal(4.0, (20, 6))  # wide inputs: both sides of every kink
    assert round_trip(model, tmp_path, x) <= TOLERANCE


def test_every_converter_has_a_case() -> None:
    # a converter added without a test row fails here
    covered = {type(layer).__name__ for build in CASES.values() for layer in _all_layers(build())}
    assert {cls.__name__ for cls in CONVERTERS} - {"Input"} <= covered


def _all_layers(layer):
    yield layer
    for child in layer.sublayers():
        yield from _all_layers(child)


def test_a_single_layer_exports_too(tmp_path) -> None:
    layer = L.Dense(3, activation="sigmoid", input_shape=(4,))
    randomize(layer)
    x = normal(1.0, (5, 4))
    assert round_trip(layer, tmp_path, x) <= TOLERANCE


def test_the_sequence_length_stays_free(tmp_path) -> None:
    model = CASES["LSTM sequences"]()
    randomize(model)
    path = ax.onnx.export(model, tmp_path / "lstm.onnx")
    for steps in (1, 3, 12):
        x = normal(1.0, (2, steps, 4))
        assert ax.onnx.compare(model, path, x) <= TOLERANCE
