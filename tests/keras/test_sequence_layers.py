"""Conv1D, MaxPooling1D, GlobalAveragePooling1D, GlobalMaxPooling2D and Bidirectional against torch
with copied weights: forward and gradients; saved and loaded."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import axone as ax


def _run(layer, x, weights=()):
    """Output, the random weights r of (out * r).sum(), and the gradients of x and ``weights``."""
    xt = ax.Tensor(x, requires_grad=True)
    out = layer(xt)
    r = np.random.default_rng(7).normal(size=out.shape)
    (out * ax.Tensor(r)).sum().backward()
    return out.data, r, xt.grad.data, [w.grad.data for w in weights]


def _torch_backward(out, r):
    (out * torch.tensor(r)).sum().backward()


@pytest.fixture(autouse=True)
def _float64():
    ax.set_default_dtype("float64")


CONV_CASES = [
    dict(kernel_size=3),
    dict(kernel_size=3, padding="same"),
    dict(kernel_size=2, strides=2, dilation_rate=1),
    dict(kernel_size=3, dilation_rate=2, padding="causal"),
    dict(kernel_size=4, padding=2, use_bias=False),
]


@pytest.mark.parametrize("options", CONV_CASES)
def test_conv1d_matches_torch(options):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 11, 3))
    layer = ax.layers.Conv1D(5, **options)
    layer.build_for(x.shape)
    out, r, gx, grads = _run(layer, x, layer.trainable_weights)
    k, d = layer.kernel_size, layer.dilation_rate
    xt = torch.tensor(x, requires_grad=True)
    w = torch.tensor(layer.kernel.data.transpose(2, 1, 0), requires_grad=True)  # (filters, C_in, k)
    b = torch.tensor(layer.bias.data, requires_grad=True) if layer.use_bias else None
    xc = xt.permute(0, 2, 1)
    padding = layer.padding
    if padding == "causal":
        xc, padding = F.pad(xc, (d * (k - 1), 0)), 0
    elif padding == "valid":
        padding = 0
    ref = F.conv1d(xc, w, b, stride=layer.strides, padding=padding, dilation=d).permute(0, 2, 1)
    _torch_backward(ref, r)
    np.testing.assert_allclose(out, ref.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gx, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grads[0], w.grad.numpy().transpose(2, 1, 0), rtol=1e-10, atol=1e-12)
    if b is not None:
        np.testing.assert_allclose(grads[1], b.grad.numpy(), rtol=1e-10)
    assert layer.compute_output_shape((None, 11, 3)) == (None, *out.shape[1:])


def test_conv1d_causal_output_never_sees_the_future_and_errors_are_clear():
    layer = ax.layers.Conv1D(1, 3, padding="causal", name="c")
    x = np.zeros((1, 6, 1))
    base = layer(x).data
    x[0, 4, 0] = 1.0  # a change at t = 4 leaves the outputs before t = 4 as they were
    np.testing.assert_array_equal(layer(x).data[0, :4], base[0, :4])
    with pytest.raises(ValueError, match=r"'c' \(Conv1D\) expects sequences of shape \(N, T, 1\)"):
        layer(np.zeros((1, 6, 2)))
    with pytest.raises(ValueError, match="padding must be 'valid', 'same', 'causal'"):
        ax.layers.Conv1D(2, 3, padding="full")


@pytest.mark.parametrize("pool, strides", [(2, None), (3, 1), (2, 3)])
def test_max_pooling1d_matches_torch(pool, strides):
    x = np.random.default_rng(1).normal(size=(2, 10, 3))
    out, r, gx, _ = _run(ax.layers.MaxPooling1D(pool, strides=strides), x)
    xt = torch.tensor(x, requires_grad=True)
    ref = F.max_pool1d(xt.permute(0, 2, 1), pool, stride=strides or pool).permute(0, 2, 1)
    _torch_backward(ref, r)
    np.testing.assert_array_equal(out, ref.detach().numpy())
    np.testing.assert_allclose(gx, xt.grad.numpy(), rtol=1e-12)


def test_max_pooling1d_same_padding_follows_keras():
    x = np.arange(5.0).reshape(1, 5, 1)
    y = ax.layers.MaxPooling1D(2, padding="same")(x).data[0, :, 0]
    np.testing.assert_array_equal(y, [1.0, 3.0, 4.0])  # ceil(5 / 2) = 3 windows, the last one padded


def test_global_pools_match_torch():
    rng = np.random.default_rng(2)
    seq, img = rng.normal(size=(3, 7, 4)), rng.normal(size=(2, 5, 6, 3))
    out, r, gx, _ = _run(ax.layers.GlobalAveragePooling1D(), seq)
    xt = torch.tensor(seq, requires_grad=True)
    ref = xt.mean(dim=1)
    _torch_backward(ref, r)
    np.testing.assert_allclose(out, ref.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(gx, xt.grad.numpy(), rtol=1e-12)
    out, r, gx, _ = _run(ax.layers.GlobalMaxPooling2D(), img)
    xt = torch.tensor(img, requires_grad=True)
    ref = xt.amax(dim=(1, 2))
    _torch_backward(ref, r)
    np.testing.assert_array_equal(out, ref.detach().numpy())
    np.testing.assert_allclose(gx, xt.grad.numpy(), rtol=1e-12)
    assert out.shape == (2, 3)


def _gru_blocks(w, u):
    return np.concatenate([w[u : 2 * u], w[:u], w[2 * u :]], axis=0)  # torch r, z, n -> Keras z, r, h


def _copy_direction(module, layer, suffix, kind):
    """Set an axone recurrent layer's weights from one direction of a torch module."""
    get = lambda name: getattr(module, f"{name}_l0{suffix}").detach().numpy()  # noqa: E731
    w_ih, w_hh, b_ih, b_hh = get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh")
    if kind == "GRU":
        u = module.hidden_size
        layer.set_weights(
            [_gru_blocks(w_ih, u).T, _gru_blocks(w_hh, u).T, np.stack([_gru_blocks(b_ih, u), _gru_blocks(b_hh, u)])]
        )
    else:
        layer.set_weights([w_ih.T, w_hh.T, b_ih + b_hh])


def _torch_grads(module, suffix, kind):
    get = lambda name: getattr(module, f"{name}_l0{suffix}").grad.numpy()  # noqa: E731
    if kind == "GRU":
        u = module.hidden_size
        blocks = [_gru_blocks(get(n), u) for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
        return [blocks[0].T, blocks[1].T, np.stack(blocks[2:])]
    return [get("weight_ih").T, get("weight_hh").T, get("bias_ih")]


@pytest.mark.parametrize("kind", ["SimpleRNN", "LSTM", "GRU"])
@pytest.mark.parametrize("sequences", [True, False])
def test_bidirectional_matches_torch_bidirectional(kind, sequences):
    units, x = 3, np.random.default_rng(3).normal(size=(2, 6, 4))
    layer = ax.layers.Bidirectional(getattr(ax.layers, kind)(units, return_sequences=sequences))
    layer.build_for(x.shape)
    module = {"SimpleRNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}[kind](
        4, units, batch_first=True, bidirectional=True
    ).double()
    _copy_direction(module, layer.forward_layer, "", kind)
    _copy_direction(module, layer.backward_layer, "_reverse", kind)
    weights = layer.forward_layer.trainable_weights + layer.backward_layer.trainable_weights
    out, r, gx, grads = _run(layer, x, weights)
    xt = torch.tensor(x, requires_grad=True)
    seq, final = module(xt)
    h_n = final[0] if kind == "LSTM" else final
    ref = seq if sequences else torch.cat([h_n[0], h_n[1]], dim=-1)
    _torch_backward(ref, r)
    np.testing.assert_allclose(out, ref.detach().numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gx, xt.grad.numpy(), rtol=1e-8, atol=1e-11)
    expected = _torch_grads(module, "", kind) + _torch_grads(module, "_reverse", kind)
    for got, want in zip(grads, expected):
        np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-11)


def test_bidirectional_merge_modes_and_errors():
    x = np.random.default_rng(4).normal(size=(2, 5, 3))
    both = ax.layers.Bidirectional(ax.layers.GRU(2, return_sequences=True), merge_mode=None)
    forward, backward = both(x)
    for mode, combine in (("sum", np.add), ("mul", np.multiply), ("ave", lambda a, b: (a + b) / 2)):
        layer = ax.layers.Bidirectional(ax.layers.GRU(2, return_sequences=True), merge_mode=mode)
        layer.build_for(x.shape)
        layer.set_weights(both.get_weights())
        np.testing.assert_allclose(layer(x).data, combine(forward.data, backward.data), rtol=1e-12)
    with pytest.raises(ValueError, match="merge_mode must be one of"):
        ax.layers.Bidirectional(ax.layers.GRU(2), merge_mode="max")
    with pytest.raises(TypeError, match="must be a SimpleRNN, LSTM or GRU, got Dense"):
        ax.layers.Bidirectional(ax.layers.Dense(2))


def test_the_new_layers_are_saved_and_loaded(tmp_path):
    model = ax.Sequential(
        [
            ax.Input((12, 3)),
            ax.layers.Conv1D(4, 3, padding="causal", activation="relu"),
            ax.layers.MaxPooling1D(2),
            ax.layers.Bidirectional(ax.layers.LSTM(3, return_sequences=True)),
            ax.layers.GlobalAveragePooling1D(),
            ax.layers.Dense(1),
        ]
    )
    images = ax.Sequential([ax.Input((6, 6, 2)), ax.layers.Conv2D(3, 3), ax.layers.GlobalMaxPooling2D()])
    x, imgs = np.random.default_rng(5).normal(size=(4, 12, 3)), np.random.default_rng(6).normal(size=(2, 6, 6, 2))
    for net, data in ((model, x), (images, imgs)):
        net.save(tmp_path / "m.axone")
        again = ax.load_model(tmp_path / "m.axone")
        np.testing.assert_array_equal(again.predict(data), net.predict(data))
        assert again.get_config() == net.get_config()
    assert model.output_shape == (None, 1) and images.output_shape == (None, 3)
