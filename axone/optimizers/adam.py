r"""Adam: momentum on the gradient and on its square, with bias correction (and AMSGrad)."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.tensor import Tensor
from axone.optimizers.base import Optimizer


class Adam(Optimizer):
    r"""Adam (Kingma and Ba, 2015), as torch.optim.Adam, with the AMSGrad variant.

    Math (step $t$, weights $w$, gradient $g$, learning rate $\eta$, weight decay $\lambda$):
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
        steps only. Keras's ``weight_decay`` is decoupled, as in ``AdamW``. Its spellings
        ``beta_1=``, ``beta_2=``, ``epsilon=`` are accepted for ``betas`` and ``eps`` (with
        torch's placement of $\epsilon$).

    Example:
        >>> import axone as ax
        >>> w = ax.Variable([5.0, -5.0], dtype="float64")
        >>> opt = ax.optimizers.Adam([w], lr=0.1)
        >>> (w * w).sum().backward(); opt.step()
        >>> w.data.round(6)  # the first step is lr * sign(g): m_hat / sqrt(v_hat) = g / |g|
        array([ 4.9, -4.9])
    """

    default_lr = 1e-3
    elementwise = True
    keras_names = ("beta_1", "beta_2", "epsilon")

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
        betas = tuple(betas) if isinstance(betas, (tuple, list)) else (betas,)
        if len(betas) == 2:  # Keras names the two apart
            betas = (
                self._keras_spelling(options, "beta_1", "betas", betas[0], 0.9),
                self._keras_spelling(options, "beta_2", "betas", betas[1], 0.999),
            )
        eps = self._keras_spelling(options, "epsilon", "eps", eps, 1e-8)
        super().__init__(params, lr, weight_decay=weight_decay, **options)
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
        (beta_1, beta_2), eps, eta, t = self.betas, self.eps, self.current_lr, state["step"]
        w, g, m, v = param.data, grad, state["m"], state["v"]
        if self.decoupled_weight_decay and self.weight_decay:
            w *= 1 - eta * self.weight_decay  # AdamW: decay the weights, not the gradient
        m += (1 - beta_1) * (g - m)  # = beta_1 m + (1 - beta_1) g, computed as torch's lerp
        v *= beta_2
        v += (1 - beta_2) * g * g
        if self.amsgrad:
            np.maximum(state["v_max"], v, out=state["v_max"])
            v = state["v_max"]
        m_hat = m / (1 - beta_1**t)
        v_hat = v / (1 - beta_2**t)
        w -= eta * m_hat / (np.sqrt(v_hat) + eps)
