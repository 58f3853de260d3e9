r"""SGD: gradient descent, with the course's inertia (momentum) and Nesterov's look-ahead."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.tensor import Tensor
from axone.optimizers.base import Optimizer


class SGD(Optimizer):
    r"""Stochastic gradient descent, optionally with momentum or Nesterov momentum.

    Math (step $t$, gradient $g = \nabla E(w)$, learning rate $\eta$, inertia $\mu$,
    dampening $\tau$, weight decay $\lambda$):
        $g \leftarrow g + \lambda w$
        $b \leftarrow \mu b + (1 - \tau) g$ (and $b = g$ at the first step)
        $w \leftarrow w - \eta \, (g + \mu b)$ with ``nesterov``, else $w \leftarrow w - \eta b$
        Without momentum ($\mu = 0$): $w \leftarrow w - \eta g$, the course's equation (1).

    Course:
        Momentum: $v \leftarrow \alpha v + \beta \nabla E(w)$, $w \leftarrow w - v$. This is the
        rule above with $v = \eta b$, $\alpha = \mu$, $\beta = \eta$ (and $\tau = 0$): torch keeps
        $b$ free of $\eta$, so the two differ only while $\eta$ changes.

        Nesterov: $v \leftarrow \alpha v + \beta \nabla E(w - \alpha v)$, $w \leftarrow w - v$: the
        gradient is taken where the inertia is about to carry the weights (the course writes
        $w + \alpha v$ with the opposite sign convention for $v$). Writing the update for the
        look-ahead point $\tilde w = w - \alpha v$ instead of $w$ gives
        $\tilde w \leftarrow \tilde w - \eta (g + \mu b)$ with $g = \nabla E(\tilde w)$: exactly
        torch's rule above, which needs one gradient per step, at the weights actually stored.

    Keras:
        ``SGD(learning_rate=0.01, momentum=0.0, nesterov=False)`` keeps $v = -\eta b$ (it folds
        $\eta$ into the velocity), has no dampening and a default $\eta$ of 0.01 (torch: 0.001).

    Args:
        params: the parameters (optional, PyTorch style), or the learning rate (Keras style).
        lr: $\eta$ (default 0.001, torch's), a number or a schedule.
        momentum: $\mu \ge 0$.
        dampening: $\tau$, the share of the gradient held back from the buffer.
        weight_decay: $\lambda$, L2 penalty added to the gradient.
        nesterov: look-ahead momentum (needs $\mu > 0$ and $\tau = 0$, as in torch).
        **options: ``learning_rate``, ``clipnorm``, ``global_clipnorm``, ``clipvalue``.

    Example:
        >>> import axone as ax
        >>> w = ax.Variable([1.0], dtype="float64")
        >>> opt = ax.optimizers.SGD([w], lr=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     opt.zero_grad(); (w * w).sum().backward(); opt.step()
        >>> round(float(w.data[0]), 4)  # 1 - 0.1*2 = 0.8, then 0.8 - 0.1*(0.9*2 + 1.6) = 0.46
        0.46
    """

    elementwise = True

    def __init__(
        self,
        params: Any = None,
        lr: Any = None,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        **options: Any,
    ):
        super().__init__(params, lr, weight_decay=weight_decay, **options)
        self.momentum = self._nonnegative("momentum", momentum)
        self.dampening = self._fraction("dampening", dampening)
        self.nesterov = bool(nesterov)
        if self.nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError(
                f"SGD: nesterov needs momentum > 0 and dampening 0, got momentum={momentum}, dampening={dampening}"
            )

    def init_state(self, param: Tensor) -> dict[str, np.ndarray]:
        return {"momentum": np.zeros_like(param.data)} if self.momentum else {}

    def update(self, param: Tensor, grad: np.ndarray, state: dict) -> None:
        w, g, eta, mu, tau = param.data, grad, self.current_lr, self.momentum, self.dampening
        if mu:
            b = state["momentum"]
            if state["step"] == 1:
                b[...] = g
            else:
                b *= mu
                b += (1 - tau) * g
            g = g + mu * b if self.nesterov else b
        w -= eta * g
