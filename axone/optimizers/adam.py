r"""Adam: momentum on the gradient and on its square, with bias correction (and AMSGrad)."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.tensor import Tensor
from axone.optimizers.base import Optimizer


class Adam(Optimizer):
    r"""Adam (Kingma and Ba, 2015), as torch.optim.Adam, with the AMSGrad variant.

    Math (step $t$, gradient $g$, learning rate $\eta$, weight decay $\lambda$):
        $g \leftarrow g + \lambda w$
        $m \leftarrow \beta_1 m + (1 - \beta_1) g$
        $v \leftarrow \beta_2 v + (1 - \beta_2) g^2$
        with ``amsgrad``: $v_{max} \leftarrow \max(v_{max}, v)$, used below in place of $v$
        $\hat m = m / (1 - \beta_1^t)$, $\hat v = v / (1 - \beta_2^t)$
        $w \leftarrow w - \eta \, \hat m / (\sqrt{\hat v} + \epsilon)$

    Course:
        "Moment à l'ordre 2": $m$ is the inertia of the momentum method, $v$ the moving
        average of squared gradients of RMSprop; the corrections undo their start at zero.

    Keras:
        ``Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)``
        adds $\epsilon$ to the uncorrected $\sqrt{v}$:
        $w \leftarrow w - \eta \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t} \frac{m}{\sqrt{v} + \epsilon}$,
        which differs from torch (here, $\epsilon = 10^{-8}$ on $\sqrt{\hat v}$) in the first
        steps only. Keras's ``weight_decay`` is decoupled, as in ``AdamW``.

    Example:
        >>> import axone as ax
        >>> w = ax.Variable([5.0, -5.0], dtype="float64")
        >>> opt = ax.optimizers.Adam([w], lr=0.1)
        >>> (w * w).sum().backward(); opt.step()
        >>> w.data.round(6)  # the first step is lr * sign(g): m_hat / sqrt(v_hat) = g / |g|
        array([ 4.9, -4.9])
    """

    default_lr = 1e-3

    def __init__(
        self,
        params: Any = None,
        lr: Any = None,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        **options: Any,
    ):
        super().__init__(params, lr, weight_decay=weight_decay, **options)
        betas = tuple(betas)
        if len(betas) != 2 or not all(isinstance(b, (int, float)) and 0 <= b < 1 for b in betas):
            raise ValueError(f"{type(self).__name__}: betas must be two numbers in [0, 1), got {betas!r}")
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps = self._nonnegative("eps", eps)
        self.amsgrad = bool(amsgrad)

    def init_state(self, param: Tensor) -> dict[str, np.ndarray]:
        state = {"m": np.zeros_like(param.data), "v": np.zeros_like(param.data)}
        if self.amsgrad:
            state["v_max"] = np.zeros_like(param.data)
        return state

    def update(self, param: Tensor, grad: np.ndarray, state: dict) -> None:
        beta1, beta2 = self.betas
        t, lr = state["step"], self.current_lr
        if self.decoupled_weight_decay and self.weight_decay:
            param.data *= 1 - lr * self.weight_decay  # AdamW: decay the weights, not the gradient
        m, v = state["m"], state["v"]
        m += (1 - beta1) * (grad - m)  # = beta1 m + (1 - beta1) g, computed as torch's lerp
        v *= beta2
        v += (1 - beta2) * grad * grad
        if self.amsgrad:
            np.maximum(state["v_max"], v, out=state["v_max"])
            v = state["v_max"]
        m_hat_scale = lr / (1 - beta1**t)
        denom = np.sqrt(v) / (1 - beta2**t) ** 0.5 + self.eps
        param.data -= m_hat_scale * (m / denom)
