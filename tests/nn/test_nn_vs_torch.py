"""Each ax.nn module against torch.nn: torch's weights copied in through load_state_dict (so the
names and shapes match torch's), then the forward values and the gradients of
(out * random weights).sum() with respect to the input and every parameter, in float64."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import axone as ax

nn = ax.nn
R = np.random.default_rng(0)


def outputs(y):
    """One flat array of a module's outputs (a tensor, or torch's (output, h_n) / (output, (h_n, c_n)))."""
    if isinstance(y, tuple):
        parts = [y[0], *(y[1] if isinstance(y[1], tuple) else (y[1],))]
        if isinstance(y[0], torch.Tensor):
            return torch.cat([p.reshape(-1) for p in parts])
        return ax.concat([ax.reshape(p, (-1,)) for p in parts])
    return y


def check(mine, theirs, x, atol=1e-10, input_grad=True):
    theirs = theirs.double()
    mine.double().load_state_dict(theirs.state_dict())
    x_t = torch.tensor(x, requires_grad=input_grad)
    x_a = ax.Tensor(x, requires_grad=input_grad)
    y_t, y_a = outputs(theirs(x_t)), outputs(mine(x_a))
    np.testing.assert_allclose(y_a.numpy(), y_t.detach().numpy(), atol=atol, rtol=1e-9)
    w = R.normal(size=tuple(y_t.shape))
    (y_t * torch.tensor(w)).sum().backward()
    (y_a * w).sum().backward()
    if input_grad:
        np.testing.assert_allclose(x_a.grad.numpy(), x_t.grad.numpy(), atol=atol, rtol=1e-9)
    mine_params = dict(mine.named_parameters())
    assert sorted(mine_params) == sorted(n for n, _ in theirs.named_parameters())
    for name, p in theirs.named_parameters():
        np.testing.assert_allclose(mine_params[name].grad.numpy(), p.grad.numpy(), atol=atol, rtol=1e-9, err_msg=name)
    return mine, theirs


CASES = {
    "Linear": (lambda: nn.Linear(4, 3), lambda: torch.nn.Linear(4, 3), (5, 4)),
    "Linear no bias, 3-d input": (
        lambda: nn.Linear(4, 2, bias=False),
        lambda: torch.nn.Linear(4, 2, bias=False),
        (2, 5, 4),
    ),
    "Flatten": (lambda: nn.Flatten(), lambda: torch.nn.Flatten(), (2, 3, 4, 5)),
    "Flatten(0, 1)": (lambda: nn.Flatten(0, 1), lambda: torch.nn.Flatten(0, 1), (2, 3, 4)),
    "ReLU": (lambda: nn.ReLU(), lambda: torch.nn.ReLU(), (4, 5)),
    "Tanh": (lambda: nn.Tanh(), lambda: torch.nn.Tanh(), (4, 5)),
    "Sigmoid": (lambda: nn.Sigmoid(), lambda: torch.nn.Sigmoid(), (4, 5)),
    "Softmax(dim=1)": (lambda: nn.Softmax(dim=1), lambda: torch.nn.Softmax(dim=1), (4, 5)),
    "LogSoftmax(dim=-1)": (lambda: nn.LogSoftmax(dim=-1), lambda: torch.nn.LogSoftmax(dim=-1), (4, 5)),
    "LeakyReLU(0.2)": (lambda: nn.LeakyReLU(0.2), lambda: torch.nn.LeakyReLU(0.2), (4, 5)),
    "ELU(0.5)": (lambda: nn.ELU(0.5), lambda: torch.nn.ELU(0.5), (4, 5)),
    "Softplus": (lambda: nn.Softplus(), lambda: torch.nn.Softplus(), (4, 5)),
    "Softplus(beta=2)": (lambda: nn.Softplus(beta=2.0), lambda: torch.nn.Softplus(beta=2.0), (4, 5)),
    "BatchNorm1d (N, C)": (lambda: nn.BatchNorm1d(3), lambda: torch.nn.BatchNorm1d(3), (6, 3)),
    "BatchNorm1d (N, C, L)": (
        lambda: nn.BatchNorm1d(3, momentum=0.3),
        lambda: torch.nn.BatchNorm1d(3, momentum=0.3),
        (4, 3, 5),
    ),
    "BatchNorm2d": (lambda: nn.BatchNorm2d(3, eps=1e-3), lambda: torch.nn.BatchNorm2d(3, eps=1e-3), (4, 3, 5, 5)),
    "LayerNorm": (lambda: nn.LayerNorm((3, 4)), lambda: torch.nn.LayerNorm((3, 4)), (2, 3, 4)),
    "Conv2d": (lambda: nn.Conv2d(3, 4, 3), lambda: torch.nn.Conv2d(3, 4, 3), (2, 3, 6, 6)),
    "Conv2d stride, padding": (
        lambda: nn.Conv2d(3, 4, (3, 2), stride=2, padding=1),
        lambda: torch.nn.Conv2d(3, 4, (3, 2), stride=2, padding=1),
        (2, 3, 7, 7),
    ),
    "Conv2d same, dilation": (
        lambda: nn.Conv2d(2, 3, 3, padding="same", dilation=2, bias=False),
        lambda: torch.nn.Conv2d(2, 3, 3, padding="same", dilation=2, bias=False),
        (2, 2, 7, 6),
    ),
    "MaxPool2d": (lambda: nn.MaxPool2d(2), lambda: torch.nn.MaxPool2d(2), (2, 3, 6, 6)),
    "AvgPool2d stride": (lambda: nn.AvgPool2d(3, stride=2), lambda: torch.nn.AvgPool2d(3, stride=2), (2, 3, 7, 7)),
}


@pytest.mark.parametrize("name", CASES)
def test_module_matches_torch(name):
    mine, theirs, shape = CASES[name]
    check(mine(), theirs(), R.normal(size=shape))


def test_batch_norm_statistics_and_eval_match_torch():
    mine, theirs = check(nn.BatchNorm2d(3), torch.nn.BatchNorm2d(3), R.normal(size=(4, 3, 5, 5)))
    np.testing.assert_allclose(mine.running_mean.numpy(), theirs.running_mean.numpy(), rtol=1e-12)
    n = 4 * 5 * 5  # on purpose (docs/for-pytorch-users.md): axone's running variance is the biased one
    np.testing.assert_allclose(
        0.9 + (mine.running_var.numpy() - 0.9) * n / (n - 1), theirs.running_var.numpy(), rtol=1e-12
    )
    assert int(mine.num_batches_tracked.item()) == 1
    mine.load_state_dict(theirs.state_dict())  # torch's statistics copied in: inference is the same
    mine.eval(), theirs.eval(), mine.zero_grad(), theirs.zero_grad()
    check(mine, theirs, R.normal(size=(2, 3, 5, 5)))


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("batch_first", [False, True])
def test_recurrent_matches_torch(kind, batch_first):
    mine = getattr(nn, kind)(3, 4, num_layers=2, batch_first=batch_first)
    theirs = getattr(torch.nn, kind)(3, 4, num_layers=2, batch_first=batch_first)
    check(mine, theirs, R.normal(size=(5, 6, 3)))


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_recurrent_initial_states_and_unbatched_input_match_torch(kind):
    theirs = getattr(torch.nn, kind)(3, 2, bias=False).double()
    mine = getattr(nn, kind)(3, 2, bias=False).double()
    mine.load_state_dict(theirs.state_dict())
    x = R.normal(size=(5, 4, 3))
    h0 = R.normal(size=(1, 4, 2))
    hx_t = (torch.tensor(h0), torch.tensor(h0 / 2)) if kind == "LSTM" else torch.tensor(h0)
    hx_a = (h0, h0 / 2) if kind == "LSTM" else h0
    out_t, out_a = outputs(theirs(torch.tensor(x), hx_t)), outputs(mine(ax.Tensor(x), hx_a))
    np.testing.assert_allclose(out_a.numpy(), out_t.detach().numpy(), atol=1e-12)
    single_t, single_a = outputs(theirs(torch.tensor(x[:, 0]))), outputs(mine(ax.Tensor(x[:, 0])))  # (T, F)
    np.testing.assert_allclose(single_a.numpy(), single_t.detach().numpy(), atol=1e-12)


def test_relu_rnn_matches_torch():
    check(nn.RNN(3, 4, nonlinearity="relu"), torch.nn.RNN(3, 4, nonlinearity="relu"), R.normal(size=(5, 2, 3)))


def test_embedding_matches_torch_with_repeats_and_padding():
    theirs = torch.nn.Embedding(10, 3, padding_idx=1).double()
    mine = nn.Embedding(10, 3, padding_idx=1).double()
    mine.load_state_dict(theirs.state_dict())
    index = np.array([[1, 2, 2], [3, 1, 9]])
    w = R.normal(size=(2, 3, 3))
    y_t, y_a = theirs(torch.tensor(index)), mine(index)
    np.testing.assert_allclose(y_a.numpy(), y_t.detach().numpy())
    (y_t * torch.tensor(w)).sum().backward()
    (y_a * w).sum().backward()
    np.testing.assert_allclose(mine.weight.grad.numpy(), theirs.weight.grad.numpy(), atol=1e-12)
    assert not mine.weight.grad.numpy()[1].any()  # the padding row learns nothing


def test_dropout_train_and_eval():
    ax.random.seed(0)
    layer = nn.Dropout(0.25)
    x = ax.Tensor(np.ones((200, 50)))
    y = layer(x).numpy()
    assert set(np.unique(y)) == {0.0, 1 / 0.75}
    assert abs((y == 0).mean() - 0.25) < 0.02
    layer.eval()
    assert layer(x) is x


def test_sequential_is_indexable_and_matches_torch():
    mine = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8, 3))
    theirs = torch.nn.Sequential(
        torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(8, 3)
    )
    check(mine, theirs, R.normal(size=(2, 1, 6, 6)))
    assert isinstance(mine[0], nn.Conv2d) and len(mine) == 5 and isinstance(mine[1:3], nn.Sequential)
    assert [type(m).__name__ for m in mine.children()] == ["Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear"]
