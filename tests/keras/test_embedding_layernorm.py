"""Embedding and LayerNormalization against torch.nn with copied weights: forward and gradients."""

import numpy as np
import pytest
import torch

import axone as ax


def _backward(layer, x, weights):
    """Forward of ``x`` and the gradients of (out * r).sum() for x (when float) and ``weights``."""
    rng = np.random.default_rng(5)
    xt = ax.Tensor(x, requires_grad=x.dtype.kind == "f")
    out = layer(xt)
    r = rng.normal(size=out.shape)
    (out * ax.Tensor(r)).sum().backward()
    return out.data, r, (xt.grad.data if xt.grad is not None else None), [w.grad.data for w in weights]


def test_embedding_matches_torch_forward_and_gradients_with_repeated_indices():
    ax.set_default_dtype("float64")
    layer = ax.layers.Embedding(7, 4)
    ids = np.array([[1, 3, 3, 0], [6, 1, 1, 1]])
    layer.build_for(ids.shape)
    out, r, _, (grad,) = _backward(layer, ids, [layer.embeddings])
    ref = torch.nn.Embedding(7, 4).double()
    with torch.no_grad():
        ref.weight.copy_(torch.tensor(layer.embeddings.data))
    t_out = ref(torch.tensor(ids))
    (t_out * torch.tensor(r)).sum().backward()
    np.testing.assert_array_equal(out, t_out.detach().numpy())
    np.testing.assert_allclose(grad, ref.weight.grad.numpy(), rtol=1e-12)
    assert out.shape == (2, 4, 4) and layer.count_params() == 28


def test_embedding_takes_float_indices_from_fit_and_refuses_bad_ones():
    layer = ax.layers.Embedding(5, 2, name="emb")
    np.testing.assert_array_equal(layer(np.array([[1.0, 4.0]])).data, layer(np.array([[1, 4]])).data)
    with pytest.raises(ValueError, match=r"'emb' \(Embedding\): index 5 is out of range: input_dim=5"):
        layer(np.array([[0, 5]]))
    with pytest.raises(ValueError, match="whole numbers, got 1.5"):
        layer(np.array([[1.5]]))
    with pytest.raises(ValueError, match="input_dim must be a positive integer"):
        ax.layers.Embedding(0, 2)
    model = ax.Sequential([ax.Input((3,)), ax.layers.Embedding(5, 2), ax.layers.Flatten(), ax.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    ids, y = np.random.default_rng(0).integers(0, 5, (20, 3)), np.ones((20, 1))
    history = model.fit(ids, y, epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


@pytest.mark.parametrize("axis, shape", [(-1, (3, 5)), ([-2, -1], (2, 3, 4)), (1, (2, 3, 4))])
def test_layer_normalization_matches_torch_forward_and_gradients(axis, shape):
    ax.set_default_dtype("float64")
    rng = np.random.default_rng(1)
    x = rng.normal(size=shape) * 3 + 1
    layer = ax.layers.LayerNormalization(axis=axis, epsilon=1e-5)
    layer.build_for(x.shape)
    layer.gamma.data[...] = rng.normal(size=layer.gamma.shape)
    layer.beta.data[...] = rng.normal(size=layer.beta.shape)
    out, r, grad_x, (grad_g, grad_b) = _backward(layer, x, [layer.gamma, layer.beta])
    axes = [a % len(shape) for a in (axis if isinstance(axis, list) else [axis])]
    # torch normalises the last axes: move the normalised axes last, as torch.nn.LayerNorm expects
    order = [i for i in range(len(shape)) if i not in axes] + axes
    xt = torch.tensor(x, requires_grad=True)
    moved = xt.permute(order)
    ref = torch.nn.LayerNorm([shape[a] for a in axes], eps=1e-5).double()
    with torch.no_grad():
        ref.weight.copy_(torch.tensor(layer.gamma.data.reshape([shape[a] for a in axes])))
        ref.bias.copy_(torch.tensor(layer.beta.data.reshape([shape[a] for a in axes])))
    t_out = ref(moved).permute(np.argsort(order).tolist())
    (t_out * torch.tensor(r)).sum().backward()
    np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grad_x, xt.grad.numpy(), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(grad_g.reshape(-1), ref.weight.grad.numpy().reshape(-1), rtol=1e-9)
    np.testing.assert_allclose(grad_b.reshape(-1), ref.bias.grad.numpy().reshape(-1), rtol=1e-9)


def test_layer_normalization_options_and_errors():
    layer = ax.layers.LayerNormalization(center=False, scale=False)
    y = layer(np.array([[1.0, 2.0, 3.0, 6.0]]))
    assert layer.count_params() == 0 and abs(float(y.data.mean())) < 1e-6
    with pytest.raises(ValueError, match="must name feature axes"):
        ax.layers.LayerNormalization(axis=0)(np.ones((2, 3)))
    with pytest.raises(ValueError, match="epsilon must be a number >= 0"):
        ax.layers.LayerNormalization(epsilon=-1.0)


def test_both_layers_are_saved_and_loaded(tmp_path):
    inputs = ax.Input((4,))
    x = ax.layers.Embedding(9, 3, name="emb")(inputs)
    x = ax.layers.LayerNormalization(name="norm")(x)
    model = ax.Model(inputs, ax.layers.Dense(2)(ax.layers.Flatten()(x)))
    model.save(tmp_path / "m.axone")
    again = ax.load_model(tmp_path / "m.axone")
    ids = np.array([[0, 8, 2, 2], [1, 1, 1, 1]])
    np.testing.assert_array_equal(again.predict(ids), model.predict(ids))
    assert [type(layer).__name__ for layer in again.layers[1:3]] == ["Embedding", "LayerNormalization"]
