r"""RMSprop: a per-weight step size from a moving average of squared gradients."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.tensor import Tensor
from axone.optimizers.base import Optimizer


class RMSprop(Optimizer):
    r"""RMSprop (Hinton), as torch.optim.RMSprop.

    Math (gradient $g$, learning rate $\eta$, smoothing $\alpha$, weight decay $\lambda$):
        $g \leftarrow g + \lambda w$
        $\mu \leftarrow \alpha \mu + (1 - \alpha) g^2$
        with ``centered``: $\bar g \leftarrow \alpha \bar g + (1 - \alpha) g$ and
        $s = \sqrt{\mu - \bar g^2} + \epsilon$, else $s = \sqrt{\mu} + \epsilon$
        with momentum $\beta > 0$: $b \leftarrow \beta b + g / s$, $w \leftarrow w - \eta b$
        else $w \leftarrow w - \eta \, g / s$

    Course:
        $\mu \leftarrow \alpha \mu + (1 - \alpha) g^2$ with $\alpha = 0.9$ for example, then
        $w \leftarrow w - \frac{\eta}{\sqrt{\mu + \varepsilon}} g$: the course (and Keras) put
        $\varepsilon$ under the square root, torch adds it to $\sqrt{\mu}$. ``centered``
        divides by an estimate of the standard deviation of $g$ instead of its RMS.

    Keras:
        ``RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False)``:
        $\varepsilon$ inside the root, $\rho$ is our $\alpha$ (``rho=`` and ``epsilon=`` are
        accepted for ``alpha`` and ``eps``), and the momentum buffer holds
        $\eta g / s$ (with $\eta$ inside). Torch's defaults, used here: $\eta = 0.01$,
        $\alpha = 0.99$, $\epsilon = 10^{-8}$.

    Example:
        >>> import axone as ax
        >>> w = ax.Variable([1.0, -1.0], dtype="float64")
        >>> opt = ax.optimizers.RMSprop([w], lr=0.01)
        >>> (w * w).sum().backward(); opt.step()
        >>> w.data.round(4)  # first step: g / sqrt(0.01 g^2) = 10 sign(g), so w moves by 0.1
        array([ 0.9, -0.9])
    """

    default_lr = 0.01
    elementwise = True
    keras_names = ("rho", "epsilon")

    def __init__(
        self,
        params: Any = None,
        lr: Any = None,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        **options: Any,
    ):
        alpha = self._keras_spelling(options, "rho", "alpha", alpha, 0.99)
        eps = self._keras_spelling(options, "epsilon", "eps", eps, 1e-8)
        super().__init__(params, lr, weight_decay=weight_decay, **options)
        self.alpha = self._fraction("alpha", alpha)
        self.eps = self._nonnegative("eps", eps)
        self.momentum = self._nonnegative("momentum", momentum)
        self.centered = bool(centered)

    def init_state(self, param: Tensor) -> dict[str, np.ndarray]:
        state = {"square_avg": np.zeros_like(param.data)}
        if self.momentum > 0:
            state["momentum"] = np.zeros_like(param.data)
        if self.centered:
            state["grad_avg"] = np.zeros_like(param.data)
        return state

    def update(self, param: Tensor, grad: np.ndarray, state: dict) -> None:
        alpha = self.alpha
        mu = state["square_avg"]
        mu *= alpha
        mu += (1 - alpha) * grad * grad
        if self.centered:
            g_bar = state["grad_avg"]
            g_bar += (1 - alpha) * (grad - g_bar)  # torch's lerp: alpha g_bar + (1 - alpha) g
            # rounding can push the variance a hair below 0 where it is 0; torch would give NaN
            s = np.sqrt(np.maximum(mu - g_bar * g_bar, 0.0)) + self.eps
        else:
            s = np.sqrt(mu) + self.eps
        if self.momentum > 0:
            b = state["momentum"]
            b *= self.momentum
            b += grad / s
            param.data -= self.current_lr * b
        else:
            param.data -= self.current_lr * (grad / s)
