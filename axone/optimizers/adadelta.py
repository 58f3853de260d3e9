r"""Adadelta: Adagrad with a sliding window, and a step measured in the weights' own units."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.tensor import Tensor
from axone.optimizers.base import Optimizer


class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012), as torch.optim.Adadelta.

    Math (gradient $g$, decay $\rho$, learning rate $\eta$, weight decay $\lambda$):
        $g \leftarrow g + \lambda w$
        $v \leftarrow \rho v + (1 - \rho) g^2$
        $\Delta w = \frac{\sqrt{u + \epsilon}}{\sqrt{v + \epsilon}} \, g$
        $u \leftarrow \rho u + (1 - \rho) \Delta w^2$
        $w \leftarrow w - \eta \, \Delta w$

    Course:
        "Comme Adagrad mais avec une fenêtre glissante": the sum of squared gradients of
        Adagrad becomes the moving average $v$ (a window of about $1 / (1 - \rho)$ steps), and
        the numerator $\sqrt{u + \epsilon}$, the RMS of the past steps, gives $\Delta w$ the
        units of $w$, so that Zeiler's rule needs no learning rate ($\eta = 1$).

    Keras:
        ``Adadelta(learning_rate=0.001, rho=0.95, epsilon=1e-7)``: the same formula (both put
        $\epsilon$ under the roots) with other defaults; torch's (here) are $\eta = 1$,
        $\rho = 0.9$, $\epsilon = 10^{-6}$.

    Example:
        >>> import axone as ax
        >>> w = ax.Variable([1.0], dtype="float64")
        >>> opt = ax.optimizers.Adadelta([w])
        >>> (w * w).sum().backward(); opt.step()
        >>> w.data.round(6)  # sqrt(1e-6) / sqrt(0.1 * 4 + 1e-6) * 2 ~ 0.00316
        array([0.996838])
    """

    default_lr = 1.0
    elementwise = True
    keras_names = ("epsilon",)

    def __init__(
        self,
        params: Any = None,
        lr: Any = None,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0.0,
        **options: Any,
    ):
        eps = self._keras_spelling(options, "epsilon", "eps", eps, 1e-6)
        super().__init__(params, lr, weight_decay=weight_decay, **options)
        self.rho = self._fraction("rho", rho)  # torch refuses rho outside [0, 1] too
        self.eps = self._nonnegative("eps", eps)

    def init_state(self, param: Tensor) -> dict[str, np.ndarray]:
        return {"square_avg": np.zeros_like(param.data), "acc_delta": np.zeros_like(param.data)}

    def update(self, param: Tensor, grad: np.ndarray, state: dict) -> None:
        rho, v, u = self.rho, state["square_avg"], state["acc_delta"]
        v *= rho
        v += (1 - rho) * grad * grad
        delta = np.sqrt(u + self.eps) / np.sqrt(v + self.eps) * grad
        u *= rho
        u += (1 - rho) * delta * delta
        param.data -= self.current_lr * delta
