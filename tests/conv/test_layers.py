"""Conv2D and pooling layers: torch.nn with copied weights, shapes, configs, formulas, errors, presets."""

import json

import numpy as np
import pytest

import axone as ax
from axone.layers import AveragePooling2D, Conv2D, GlobalAveragePooling2D, MaxPooling2D, registry
from axone.training.summary import summary_text

torch = pytest.importorskip("torch")


@pytest.mark.parametrize(
    "kwargs,torch_kwargs",
    [
        (dict(kernel_size=3), dict(kernel_size=3)),
        (dict(kernel_size=(3, 2), strides=2, padding=1), dict(kernel_size=(3, 2), stride=2, padding=1)),
        (dict(kernel_size=3, padding="same", dilation_rate=2), dict(kernel_size=3, padding="same", dilation=2)),
        (dict(kernel_size=5, padding=2, use_bias=False), dict(kernel_size=5, padding=2, bias=False)),
    ],
)
def test_conv2d_layer_matches_torch_conv2d(kwargs, torch_kwargs):
    ax.set_default_dtype("float64")
    rng = np.random.default_rng(8)
    x = rng.standard_normal((3, 9, 8, 4))
    layer = Conv2D(5, activation="tanh", **kwargs)
    out = layer(ax.Variable(x))
    reference = torch.nn.Conv2d(4, 5, dtype=torch.float64, **torch_kwargs)
    with torch.no_grad():
        reference.weight.copy_(torch.tensor(layer.kernel.numpy()).permute(3, 2, 0, 1))
        if layer.bias is not None:
            reference.bias.copy_(torch.tensor(layer.bias.numpy()))
    xt = torch.tensor(x, requires_grad=True)
    expected = torch.tanh(reference(xt.permute(0, 3, 1, 2))).permute(0, 2, 3, 1)
    np.testing.assert_allclose(out.numpy(), expected.detach().numpy(), rtol=1e-10, atol=1e-10)
    weights = rng.standard_normal(out.shape)
    (out * weights).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    np.testing.assert_allclose(
        layer.kernel.grad.numpy(), reference.weight.grad.permute(2, 3, 1, 0).numpy(), rtol=1e-9, atol=1e-10
    )
    if layer.bias is not None:
        np.testing.assert_allclose(layer.bias.grad.numpy(), reference.bias.grad.numpy(), rtol=1e-9, atol=1e-10)
    assert layer.compute_output_shape((None, 9, 8, 4)) == (None,) + out.shape[1:]


@pytest.mark.parametrize(
    "layer",
    [
        Conv2D(4, 3, strides=(2, 1), padding=((1, 0), (0, 2)), dilation_rate=(1, 2), activation="relu", name="c"),
        Conv2D(2, (1, 3), padding="same", use_bias=False, kernel_initializer="he_normal"),
        MaxPooling2D(3, strides=2, padding="same"),
        AveragePooling2D((2, 1)),
        GlobalAveragePooling2D(),
    ],
)
def test_config_round_trip(layer):
    x = np.random.default_rng(9).standard_normal((2, 7, 7, 3)).astype(np.float32)
    out = layer(x)
    config = json.loads(json.dumps(registry.serialize(layer)))
    clone = registry.deserialize(config)
    assert clone.get_config() == layer.get_config()
    clone(x)
    clone.set_weights(layer.get_weights())
    np.testing.assert_array_equal(clone(x).numpy(), out.numpy())


def test_formulas_and_parameter_counts():
    conv = Conv2D(6, 5, padding=2, activation="relu", input_shape=(28, 28, 1))
    assert conv.param_formula() == "5 * 5 * 1 * 6 + 6 = 156"
    assert conv.formula() == ["z = corr(x, W) + b", "y = relu(z)", "5x5, stride 1, pad 2"]
    assert Conv2D(3, 3, padding="same", dilation_rate=2).formula() == [
        "y = corr(x, W) + b",
        "3x3, stride 1, same, dilation 2x2",
    ]
    assert Conv2D(16, 5).param_formula() == "5 * 5 * C_in * 16 + 16"
    assert MaxPooling2D().param_formula() == "0" and "max" in MaxPooling2D().formula()[0]
    model = ax.models.lenet5()
    counts = [layer.count_params() for layer in model.layers]
    assert counts == [156, 0, 2416, 0, 0, 48120, 10164, 850]  # conv, pool, conv, pool, flatten, dense x3
    assert model.count_params() == 61706
    assert model.compute_output_shape((None, 28, 28, 1)) == (None, 10)
    text = summary_text(model)
    assert "5 * 5 * 6 * 16 + 16 = 2416" in text


def test_any_image_size_and_output_shapes():
    conv = Conv2D(3, 3, strides=2, padding="same")
    assert conv(np.zeros((1, 9, 9, 2), dtype=np.float32)).shape == (1, 5, 5, 3)
    assert conv(np.zeros((2, 4, 6, 2), dtype=np.float32)).shape == (2, 2, 3, 3)  # same kernels, other size
    assert conv.compute_output_shape((None, None, 6, 2)) == (None, None, 3, 3)
    assert MaxPooling2D(2).compute_output_shape((None, 7, 9, 4)) == (None, 3, 4, 4)
    assert GlobalAveragePooling2D().compute_output_shape((None, 7, 9, 4)) == (None, 4)


def test_layer_errors_say_what_to_check():
    conv = Conv2D(2, 3)
    conv(np.zeros((1, 5, 5, 3), dtype=np.float32))
    with pytest.raises(ValueError, match=r"expects images of shape \(N, H, W, 3\).*channels-last"):
        conv(np.zeros((1, 3, 5, 5), dtype=np.float32))
    with pytest.raises(ValueError, match="filters must be a positive integer"):
        Conv2D(0, 3)
    with pytest.raises(ValueError, match="kernel_size must be a positive int"):
        Conv2D(2, (3, 0))
    with pytest.raises(ValueError, match="padding must be"):
        Conv2D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="padding must be 'valid' or 'same'"):
        MaxPooling2D(2, padding=1)
    with pytest.raises(ValueError, match=r"expects images"):
        MaxPooling2D(2)(np.zeros((4, 4, 1), dtype=np.float32))


def test_residual_conv_block_and_small_resnet():
    x = np.random.default_rng(10).standard_normal((2, 6, 6, 4)).astype(np.float32)
    block = ax.layers.Residual([Conv2D(4, 3, padding="same", activation="relu"), Conv2D(4, 3, padding="same")])
    y = block(x)
    f = block.block[1](block.block[0](x))
    np.testing.assert_allclose(y.numpy(), f.numpy() + x, rtol=1e-6)
    with pytest.raises(ValueError, match="changes the shape"):
        ax.layers.Residual(Conv2D(5, 3, padding="same"))(x)
    model = ax.models.small_resnet((8, 8, 1), classes=3, filters=(4, 8), blocks_per_stage=2)
    assert model.predict(np.zeros((5, 8, 8, 1), dtype=np.float32)).shape == (5, 3)
    assert sum(isinstance(layer, ax.layers.Residual) for layer in model.layers) == 4


def test_lenet5_and_small_resnet_save_and_load(tmp_path):
    x = np.random.default_rng(11).random((3, 28, 28, 1)).astype(np.float32)
    for model in (ax.models.lenet5(), ax.models.small_resnet((28, 28, 1), classes=4, filters=(4, 8))):
        path = tmp_path / f"{model.name}.axone"
        model.save(path)
        loaded = ax.load_model(path)
        np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
