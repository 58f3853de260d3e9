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


def functional_branches() -> ax.Model:
    inputs = ax.Input((4,))
    a = L.Dense(3, activation="tanh")(inputs)
    b = L.Dense(3, activation="sigmoid")(inputs)
    joined = L.Concatenate()([L.Add()([a, b]), L.Multiply()([a, b, a])])
    return ax.Model(inputs=inputs, outputs=L.Dense(2)(joined))


def functional_two_in_two_out() -> ax.Model:
    image, side = ax.Input((6, 6, 2), name="image"), ax.Input((3,), name="side")
    features = L.Flatten()(L.MaxPooling2D(2)(L.Conv2D(3, 3, padding="same", activation="relu")(image)))
    joined = L.Concatenate()([features, L.Dense(4)(side)])
    shared = L.Dense(5, activation="relu", name="shared")
    first, second = shared(joined), shared(L.Dense(joined.shape[-1])(joined))  # one layer, two calls
    return ax.Model(inputs=[image, side], outputs=[L.Dense(2, name="score")(first), L.Dense(1, name="value")(second)])


def functional_sequences() -> ax.Model:
    inputs = ax.Input((None, 4))
    h = L.LSTM(5, return_sequences=True)(inputs)
    return ax.Model(inputs=inputs, outputs=L.Add()([L.GRU(5, return_sequences=True)(h), h]))


def functional_in_sequential() -> ax.Sequential:
    inputs = ax.Input((4,))
    block = ax.Model(inputs=inputs, outputs=L.Add()([L.Dense(4)(inputs), inputs]))
    return ax.Sequential([ax.Input((4,)), block, L.Dense(2)])


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
    "Functional: Add, Multiply, Concatenate": functional_branches,
    "Functional: two inputs, two outputs, a shared layer": functional_two_in_two_out,
    "Functional: LSTM, GRU": functional_sequences,
    "Functional inside Sequential": functional_in_sequential,
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
    from test_onnx_torch_face import CASES as TORCH_CASES

    covered = {type(layer) for build in CASES.values() for layer in _all_layers(build())}
    covered |= {type(module) for build, _ in TORCH_CASES.values() for module in build().modules()}
    assert set(CONVERTERS) - {L.Input} <= covered


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


def test_a_functional_models_inputs_and_outputs_keep_their_names(tmp_path) -> None:
    import onnx

    model = functional_two_in_two_out()
    randomize(model)
    proto = onnx.load(str(ax.onnx.export(model, tmp_path / "two.onnx")))
    assert [i.name for i in proto.graph.input] == ["image", "side"]
    assert [o.name for o in proto.graph.output] == ["score", "value"]
    assert round_trip(model, tmp_path, ax.onnx.sample_input(model, samples=3)) <= TOLERANCE
