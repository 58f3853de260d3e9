"""``ax.nn``: PyTorch's ``torch.nn`` names as thin faces over axone's layers and ops (level 4).

``Module``/``Parameter`` (module.py), containers (container.py), ``Linear``/``Flatten``
(linear.py), activations (activation.py), ``Dropout``/``BatchNorm1d``/``BatchNorm2d``/``LayerNorm``
(normalization.py), ``Conv2d`` and pools on NCHW (conv.py), ``RNN``/``LSTM``/``GRU`` (rnn.py),
``Embedding`` (sparse.py), losses in torch's order (loss.py, loss_functions.py) and
``functional``. See docs/for-pytorch-users.md for the side-by-side names and the differences.

Example:
    >>> import axone as ax
    >>> net = ax.nn.Sequential(ax.nn.Linear(2, 3), ax.nn.Sigmoid(), ax.nn.Linear(3, 1))
    >>> opt = ax.optim.SGD(net.parameters(), lr=0.1)
    >>> x, t = ax.Tensor([[0.0, 1.0]]), ax.Tensor([[1.0]])
    >>> loss = ax.nn.MSELoss()(net(x), t); opt.zero_grad(); loss.backward(); opt.step()
    >>> all(p.grad is not None for p in net.parameters())
    True
"""

from axone.nn import functional
from axone.nn.activation import ELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Softplus, Tanh
from axone.nn.container import ModuleList, Sequential
from axone.nn.conv import AvgPool2d, Conv2d, MaxPool2d
from axone.nn.linear import Flatten, Identity, Linear
from axone.nn.loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss
from axone.nn.module import Module, Parameter
from axone.nn.normalization import BatchNorm1d, BatchNorm2d, Dropout, LayerNorm
from axone.nn.rnn import GRU, LSTM, RNN
from axone.nn.sparse import Embedding

__all__ = [
    "AvgPool2d", "BCELoss", "BCEWithLogitsLoss", "BatchNorm1d", "BatchNorm2d", "Conv2d", "CrossEntropyLoss",
    "Dropout", "ELU", "Embedding", "Flatten", "GRU", "Identity", "L1Loss", "LSTM", "LayerNorm", "LeakyReLU",
    "Linear", "LogSoftmax", "MSELoss", "MaxPool2d", "Module", "ModuleList", "NLLLoss", "Parameter", "RNN", "ReLU",
    "Sequential", "Sigmoid", "Softmax", "Softplus", "Tanh", "functional",
]  # fmt: skip
