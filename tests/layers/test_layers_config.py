"""get_config / from_config round trips through plain JSON for every layer of this folder; the registry."""

import json

import numpy as np
import pytest

import axone as ax
from axone.layers import registry

L = ax.layers
EXAMPLES = {
    "Input": (lambda: L.Input((None, 3)), (2, 5, 3)),
    "Dense": (
        lambda: L.Dense(
            3,
            activation="tanh",
            use_bias=False,
            kernel_initializer=ax.initializers.constant(0.5),
            bias_initializer="ones",
        ),
        (4, 2),
    ),
    "Flatten": (lambda: L.Flatten(), (2, 3, 4)),
    "Activation": (lambda: L.Activation("logistic"), (2, 3)),
    "Dropout": (lambda: L.Dropout(0.25, seed=4), (2, 3)),
    "BatchNormalization": (
        lambda: L.BatchNormalization(
            axis=1, momentum=0.9, epsilon=1e-5, center=False, moving_variance_initializer=ax.initializers.constant(2.0)
        ),
        (4, 3, 2),
    ),
    "Normalization": (lambda: L.Normalization(axis=-1, mean=[1.0, 2.0], variance=[4.0, 9.0]), (3, 2)),
    "Residual": (lambda: L.Residual([L.Dense(5, activation="relu"), L.Residual(L.Dense(5)), L.Dense(2)]), (3, 2)),
}


@pytest.mark.parametrize("class_name", sorted(EXAMPLES))
def test_round_trip_through_json(class_name):
    make, shape = EXAMPLES[class_name]
    layer = make()
    x = np.random.default_rng(0).normal(size=shape).astype(np.float32)
    expected = layer(x, training=False).numpy()
    config = json.loads(json.dumps(registry.serialize(layer), allow_nan=False))
    assert config["class_name"] == class_name
    clone = registry.deserialize(config)
    assert type(clone) is type(layer) and clone.get_config() == layer.get_config()
    clone.build_from_config(json.loads(json.dumps(layer.get_build_config())))
    clone.set_weights(layer.get_weights())
    np.testing.assert_array_equal(clone(x, training=False).numpy(), expected)


def test_every_layer_of_this_folder_is_registered_with_an_example():
    ours = {"Activation", "BatchNormalization", "Dense", "Dropout", "Flatten", "Input", "Normalization", "Residual"}
    assert ours <= set(registry.names())
    assert ours == set(EXAMPLES)


def test_registry_refuses_unknown_names_and_unregistered_classes():
    with pytest.raises(ValueError, match=r"unknown layer class 'os.system'; known classes: .*Dense"):
        registry.deserialize({"class_name": "os.system", "config": {}})
    with pytest.raises(ValueError, match="must be a dict with 'class_name'"):
        registry.deserialize(["Dense"])
    with pytest.raises(ValueError, match="field 'config' must be a dict"):
        registry.deserialize({"class_name": "Dense", "config": "units=3"})

    class Custom(ax.layers.Layer):
        def call(self, x, training=False):
            return x

    with pytest.raises(ValueError, match="'Custom' is not registered"):
        registry.serialize(Custom())
    with pytest.raises(ValueError, match="field 'block' must be a list"):
        ax.layers.Residual.from_config({"block": "Dense"})


def test_custom_activation_cannot_be_saved_but_works():
    layer = L.Dense(2, activation=lambda z: z * 2, kernel=np.eye(2), bias=[0.0, 0.0])
    np.testing.assert_array_equal(layer([[1.0, 2.0]]).numpy(), [[2.0, 4.0]])
    with pytest.raises(ValueError, match="cannot be saved to a config"):
        layer.get_config()


def test_build_config_of_unbuilt_layer_is_none():
    assert L.Dense(2).get_build_config() is None
    assert L.Dense(2, input_shape=(3,)).get_build_config() == {"input_shape": [None, 3]}


def test_automatic_names_and_reset():
    from axone.layers.base import reset_names

    reset_names()
    names = [L.Dense(1).name, L.Dense(1).name, L.BatchNormalization().name, L.Dense(1, name="out").name]
    assert names == ["dense", "dense_1", "batch_normalization", "out"]
    reset_names()
    assert L.Dense(1).name == "dense"
