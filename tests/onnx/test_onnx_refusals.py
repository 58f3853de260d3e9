"""What cannot be exported is refused by name, before anything is written (an existing file is kept)."""

from __future__ import annotations

import pytest

import axone as ax
from axone.onnx import ExportError

L = ax.layers


class Doubling(L.Layer):
    def call(self, x, training=False):
        return x * 2.0


class Wider(L.Dense):
    """A subclass may change call(): it is refused, not exported as its parent."""


class TwoLayers(ax.Model):
    def __init__(self):
        super().__init__()
        self.hidden = L.Dense(3)

    def call(self, x, training=False):
        return self.hidden(x) * 2.0


def refused(model, tmp_path, *words: str) -> None:
    target = tmp_path / "m.onnx"
    target.write_bytes(b"the previous file")
    with pytest.raises(ExportError) as error:
        ax.onnx.export(model, target)
    for word in words:
        assert word in str(error.value)
    assert target.read_bytes() == b"the previous file"
    assert [p.name for p in tmp_path.iterdir()] == ["m.onnx"]  # no temporary file left either


def test_an_unknown_layer_is_named(tmp_path) -> None:
    model = ax.Sequential([ax.Input((4,)), L.Dense(3), Doubling(name="twice"), L.Dense(1)])
    refused(model, tmp_path, "'twice' (Doubling)", "Dense")


def test_every_unknown_layer_is_named_at_once(tmp_path) -> None:
    model = ax.Sequential([ax.Input((4,)), Doubling(name="a"), L.Residual([Doubling(name="b")])])
    refused(model, tmp_path, "'a' (Doubling)", "'b' (Doubling)")


def test_a_subclass_of_a_known_layer_is_refused(tmp_path) -> None:
    refused(ax.Sequential([ax.Input((4,)), Wider(2, name="wide")]), tmp_path, "'wide' (Wider)")


def test_a_subclassed_model_is_refused(tmp_path) -> None:
    model = TwoLayers()
    model(ax.Tensor([[1.0, 2.0]]))
    refused(model, tmp_path, "(TwoLayers)", "subclassed Model")


def test_a_custom_activation_is_refused(tmp_path) -> None:
    model = ax.Sequential([ax.Input((4,)), L.Dense(3, activation=lambda z: z * z, name="squares")])
    refused(model, tmp_path, "'squares' (Dense)", "activation")


def test_return_state_is_refused(tmp_path) -> None:
    layer = L.LSTM(3, return_state=True, name="memory")
    layer(ax.Tensor([[[1.0, 2.0]]]))
    refused(layer, tmp_path, "'memory' (LSTM)", "return_state")


def test_a_model_without_input_shape_is_refused(tmp_path) -> None:
    refused(ax.Sequential([L.Dense(3)]), tmp_path, "not built", "ax.Input")


def test_not_a_model() -> None:
    with pytest.raises(TypeError, match="takes an axone model, layer or ax.nn module"):
        ax.onnx.export("model.axone", "m.onnx")
