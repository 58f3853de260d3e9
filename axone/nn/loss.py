"""PyTorch's loss modules: ``loss_fn(input, target)``, outputs first, with ``reduction=`` (level 4).

Each calls its function in ``axone.nn.loss_functions`` (see the table there).

Example:
    >>> import axone as ax
    >>> loss_fn = ax.nn.MSELoss()
    >>> y_pred = ax.Tensor([[0.5], [0.0]], requires_grad=True)
    >>> loss = loss_fn(y_pred, ax.Tensor([[1.0], [0.0]])); loss.backward(); float(loss), y_pred.grad.numpy().ravel()
    (0.125, array([-0.5,  0. ], dtype=float32))
"""

from __future__ import annotations

from typing import Any

from axone.nn import loss_functions as L
from axone.nn.module import Module


class _Loss(Module):
    def __init__(self, reduction: str = "mean"):
        super().__init__()
        if reduction not in ("mean", "sum", "none"):
            raise ValueError(f"{type(self).__name__}: reduction must be 'mean', 'sum' or 'none', got {reduction!r}")
        self.reduction = reduction

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}"


class MSELoss(_Loss):
    """$(y - t)^2$ over every element."""

    def forward(self, input: Any, target: Any) -> Any:
        return L.mse_loss(input, target, self.reduction)


class L1Loss(_Loss):
    """$|y - t|$ over every element."""

    def forward(self, input: Any, target: Any) -> Any:
        return L.l1_loss(input, target, self.reduction)


class BCELoss(_Loss):
    """Binary cross-entropy of probabilities (after a Sigmoid); targets in [0, 1]."""

    def __init__(self, weight: Any = None, reduction: str = "mean"):
        super().__init__(reduction)
        self.weight = weight

    def forward(self, input: Any, target: Any) -> Any:
        return L.binary_cross_entropy(input, target, self.weight, self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy of logits, stably (no Sigmoid before it); ``pos_weight`` for the positives."""

    def __init__(self, weight: Any = None, reduction: str = "mean", pos_weight: Any = None):
        super().__init__(reduction)
        self.weight, self.pos_weight = weight, pos_weight

    def forward(self, input: Any, target: Any) -> Any:
        return L.binary_cross_entropy_with_logits(input, target, self.weight, self.reduction, self.pos_weight)


class NLLLoss(_Loss):
    """Negative log-likelihood of log-probabilities (after a LogSoftmax) for class indices."""

    def __init__(self, weight: Any = None, ignore_index: int = -100, reduction: str = "mean"):
        super().__init__(reduction)
        self.weight, self.ignore_index = weight, ignore_index

    def forward(self, input: Any, target: Any) -> Any:
        return L.nll_loss(input, target, self.weight, self.ignore_index, self.reduction)


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy of logits (no Softmax before it) for class indices or probabilities."""

    def __init__(
        self, weight: Any = None, ignore_index: int = -100, reduction: str = "mean", label_smoothing: float = 0.0
    ):
        super().__init__(reduction)
        self.weight, self.ignore_index, self.label_smoothing = weight, ignore_index, float(label_smoothing)

    def forward(self, input: Any, target: Any) -> Any:
        return L.cross_entropy(input, target, self.weight, self.ignore_index, self.reduction, self.label_smoothing)
