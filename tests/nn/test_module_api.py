"""nn.Module's API: parameters and names, state_dict round trips (torch's keys), modes, dtype, errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import axone as ax

nn = ax.nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU())
        self.drop = nn.Dropout(0.5)
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        return self.head(self.drop(nn.functional.flatten(nn.functional.max_pool2d(self.features(x), 2), 1)))


class TorchNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.ReLU())
        self.drop = torch.nn.Dropout(0.5)
        self.head = torch.nn.Linear(8, 3)


def test_names_and_state_dict_keys_are_torchs():
    mine, theirs = Net(), TorchNet()
    assert [n for n, _ in mine.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert list(mine.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in mine.named_children()] == ["features", "drop", "head"]
    assert [type(m).__name__ for m in mine.modules()][:3] == ["Net", "Sequential", "Conv2d"]


def test_load_state_dict_from_torch_and_back():
    mine, theirs = Net().double(), TorchNet().double()
    mine.load_state_dict(theirs.state_dict())
    mine.eval()
    theirs.eval()
    x = np.random.default_rng(0).normal(size=(2, 1, 6, 6))
    with torch.no_grad():
        expected = theirs.head(torch.flatten(torch.nn.functional.max_pool2d(theirs.features(torch.tensor(x)), 2), 1))
    np.testing.assert_allclose(mine(ax.Tensor(x)).numpy(), expected.numpy(), atol=1e-12)
    again = Net().double()
    again.load_state_dict(mine.state_dict())
    np.testing.assert_array_equal(again.head.weight.numpy(), mine.head.weight.numpy())
    with pytest.raises(KeyError, match="missing keys"):
        again.load_state_dict({"head.weight": np.zeros((3, 8))})
    missing, unexpected = again.load_state_dict({"head.bias": np.ones(3), "extra": np.ones(1)}, strict=False)
    assert "head.weight" in missing and unexpected == ["extra"] and again.head.bias.numpy().tolist() == [1, 1, 1]
    with pytest.raises(ValueError, match="shape"):
        again.load_state_dict({"head.bias": np.ones(4)}, strict=False)


def test_train_eval_zero_grad_and_dtype():
    net = Net()
    assert net.training and net.features[1].training
    net.eval()
    assert not net.training and not net.drop.training and not net.features[1].training
    x = ax.Tensor(np.ones((1, 1, 6, 6)))
    net(x).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    net.double()
    assert all(p.dtype == np.float64 for p in net.parameters()) and net(x).dtype == np.float64
    assert net.features[1].running_mean.dtype == np.float64


def test_parameters_are_variables_for_every_style():
    net = nn.Linear(2, 1)
    x = ax.Tensor([[1.0, 2.0]])
    with ax.GradientTape() as tape:
        loss = net(x).sum()
    grads = tape.gradient(loss, list(net.parameters()))
    np.testing.assert_allclose(grads[0].numpy(), [[1.0, 2.0]])
    opt = ax.optimizers.SGD(lr=0.1)  # the Keras-style optimizer takes them too
    opt.apply_gradients(zip(grads, net.parameters()))


def test_module_errors_name_the_problem():
    class Early(nn.Module):
        def __init__(self):
            self.fc = nn.Linear(1, 1)

    with pytest.raises(AttributeError, match=r"super\(\).__init__\(\)"):
        Early()
    with pytest.raises(ValueError, match=r"Linear\(4, 2\): expects inputs \(\.\.\., 4\)"):
        nn.Linear(4, 2)(ax.Tensor(np.ones((3, 5))))
    with pytest.raises(ValueError, match="NCHW"):
        nn.Conv2d(3, 2, 3)(ax.Tensor(np.ones((1, 8, 8, 3))))
    with pytest.raises(TypeError, match="not an nn.Module"):
        nn.Sequential(ax.layers.Dense(2))
    with pytest.raises(ValueError, match="bidirectional"):
        nn.LSTM(2, 3, bidirectional=True)
    assert "Linear(in_features=8, out_features=3, bias=True)" in repr(Net())


def test_containers_buffers_apply_and_variables():
    class Stack(nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = nn.ModuleList([nn.Linear(2, 2), nn.Identity(), nn.Linear(2, 1)])
            self.scale = ax.Variable([2.0])  # a trainable Variable is a parameter, as a Parameter
            self.frozen = ax.Variable([1.0], trainable=False)  # not trained: a plain attribute

        def forward(self, x):
            for block in self.blocks:
                x = block(x)
            return x * self.scale

    net = Stack()
    assert [n for n, _ in net.named_parameters()] == [
        "scale",
        "blocks.0.weight",
        "blocks.0.bias",
        "blocks.2.weight",
        "blocks.2.bias",
    ]  # fmt: skip  (a module's own parameters first, then its children's, as torch)
    assert len(net.blocks) == 3 and isinstance(net.blocks[1], nn.Identity)
    assert net(ax.Tensor([[1.0, 2.0]])).shape == (1, 1)
    bn = nn.BatchNorm1d(2)
    assert [n for n, _ in bn.named_buffers()] == ["running_mean", "running_var", "num_batches_tracked"]
    seen = []
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen[-1] == "Stack" and seen.count("Linear") == 2  # children first, as torch
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())
    softmax = nn.Softmax()  # no dim: torch's legacy choice, 1 for a 2-d input
    np.testing.assert_allclose(softmax(ax.Tensor([[0.0, 0.0], [1.0, 1.0]])).numpy(), 0.5)
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\)"):
        nn.Dropout(1.5)


def test_torch_defaults_accepted_other_values_refused():
    net = nn.Linear(2, 1)
    assert net.to("cpu") is net and net.cpu() is net and net.to("cpu", dtype="float64").weight.dtype == np.float64
    with pytest.raises(ValueError, match="CPU"):
        net.to("cuda")
    assert nn.MaxPool2d(2, ceil_mode=False, dilation=1)(ax.Tensor(np.zeros((1, 1, 4, 4)))).shape == (1, 1, 2, 2)
    with pytest.raises(ValueError, match="ceil_mode=False"):
        nn.MaxPool2d(2, ceil_mode=True)
    with pytest.raises(TypeError, match="unknown argument"):
        nn.AvgPool2d(2, dilation=2)
    data = ax.utils.data.TensorDataset(np.zeros((4, 2)))
    assert len(ax.utils.data.DataLoader(data, batch_size=2, num_workers=0, pin_memory=False)) == 2
    with pytest.raises(ValueError, match="num_workers"):
        ax.utils.data.DataLoader(data, num_workers=2)
