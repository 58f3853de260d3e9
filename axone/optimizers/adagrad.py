r"""Adagrad: each weight's step divided by the root of the sum of its squared gradients."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.tensor import Tensor
from axone.optimizers.base import Optimizer


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al., 2011), as torch.optim.Adagrad.

    Math (step $t$, gradient $g_t$, learning rate $\eta$, decay $\delta$, weight decay $\lambda$):
        $g_t \leftarrow g_t + \lambda w$
        $\eta_t = \eta / (1 + (t - 1) \delta)$
        $G \leftarrow G + g_t^2$ (with $G$ starting at ``initial_accumulator_value``)
        $w \leftarrow w - \eta_t \, g_t / (\sqrt{G} + \epsilon)$

    Course:
        Newton's step $w_{t+1} = w_t - (\nabla^2 E)^{-1} \nabla E$ needs the inverse Hessian, too
        costly; Adagrad replaces it by $V_t = [\mathrm{diag}(\sum_{i=1}^t g_i^2)]^{1/2}$:
        $w_{t+1} = w_t - \alpha V_t^{-1} g_t$. That is the rule above with $\alpha = \eta$,
        $\delta = 0$, $G_0 = 0$, and $\epsilon$ only guarding the division.

    Keras:
        ``Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)`` puts
        $\epsilon$ under the root, $w \leftarrow w - \eta g / \sqrt{G + \epsilon}$, and starts
        $G$ at 0.1; torch (here): $\eta = 0.01$, $G_0 = 0$, $\epsilon = 10^{-10}$ outside the root.

    Example:
        >>> import axone as ax
        >>> w = ax.Variable([3.0], dtype="float64")
        >>> opt = ax.optimizers.Adagrad([w], lr=0.5)
        >>> (w * w).sum().backward(); opt.step()
        >>> w.data.round(6)  # g / sqrt(g^2) = 1: the first step is lr whatever the gradient
        array([2.5])
    """

    default_lr = 0.01
    elementwise = True
    keras_names = ("epsilon",)

    def __init__(
        self,
        params: Any = None,
        lr: Any = None,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
        **options: Any,
    ):
        eps = self._keras_spelling(options, "epsilon", "eps", eps, 1e-10)
        super().__init__(params, lr, weight_decay=weight_decay, **options)
        self.lr_decay = self._nonnegative("lr_decay", lr_decay)
        self.initial_accumulator_value = self._nonnegative("initial_accumulator_value", initial_accumulator_value)
        self.eps = self._nonnegative("eps", eps)

    def init_state(self, param: Tensor) -> dict[str, np.ndarray]:
        return {"sum": np.full_like(param.data, self.initial_accumulator_value)}

    def update(self, param: Tensor, grad: np.ndarray, state: dict) -> None:
        lr_t = self.current_lr / (1 + (state["step"] - 1) * self.lr_decay)
        G = state["sum"]
        G += grad * grad
        param.data -= lr_t * (grad / (np.sqrt(G) + self.eps))
