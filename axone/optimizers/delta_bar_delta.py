r"""DeltaBarDelta: the course's per-weight adaptive learning rate."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.tensor import Tensor
from axone.optimizers.base import Optimizer


class DeltaBarDelta(Optimizer):
    r"""One learning rate per weight, grown while its gradient keeps its sign (the course's rule).

    Math (step $t$, gradient $g_i(t) = \frac{\partial E}{\partial w_i}(t)$, gain $\mu_i$):
        $\mu_i \leftarrow \mu_i + \kappa$ if $g_i(t) \, \bar g_i(t-1) > 0$, else $\mu_i \leftarrow \phi \, \mu_i$
        $w_i \leftarrow w_i - \varepsilon \, \mu_i \, g_i(t)$
        $\bar g_i(t) = (1 - \theta) g_i(t) + \theta \bar g_i(t-1)$

    Course:
        $\eta_i = \varepsilon \mu_i \frac{\partial E}{\partial w_i}$ with
        $\mu_i = \mu_i + 0.05$ if $\frac{\partial E}{\partial w_i}(t) \frac{\partial E}{\partial w_i}(t-1) > 0$
        and $\mu_i = \mu_i \times 0.95$ otherwise: the defaults $\kappa = 0.05$, $\phi = 0.95$,
        $\theta = 0$ (compare with the previous gradient itself) give exactly that rule,
        including its "otherwise" for a product of zero. Jacobs' delta-bar-delta (1988), where
        the name comes from, compares with the average $\bar g$ of past gradients ($\theta > 0$).

        First step: there is no $g_i(0)$, so the gains keep their initial value $\mu_i = $
        ``initial_gain`` and the step is plain gradient descent $w_i \leftarrow w_i - \varepsilon \mu_i g_i(1)$;
        the rule applies from the second step on, each gain changed before it is used.

        As the course warns, it works badly with mini-batches (nine corrections of 0.1 and one
        of -0.9 should cancel out, but the gains do not): use full batches, or RMSprop.

    Torch/Keras:
        neither has it; the tests check it against a hand computation of the rule.

    Args:
        lr: $\varepsilon$, the base learning rate (default 0.01).
        initial_gain: $\mu_i$ before the first step (1.0).
        increment: $\kappa$, added to a gain while the sign holds (0.05).
        decay: $\phi$, the factor applied to a gain otherwise (0.95).
        smoothing: $\theta$ in $[0, 1)$; 0 (the course) compares with the last gradient only.

    Example:
        >>> import axone as ax
        >>> w = ax.Variable([1.0], dtype="float64")
        >>> opt = ax.optimizers.DeltaBarDelta([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad(); (w * w).sum().backward(); opt.step()
        >>> opt.state[id(w)]["gain"], w.data.round(4)  # 0.8 - 0.1 * 1.05 * 1.6
        (array([1.05]), array([0.632]))
    """

    default_lr = 0.01
    elementwise = True

    def __init__(
        self,
        params: Any = None,
        lr: Any = None,
        initial_gain: float = 1.0,
        increment: float = 0.05,
        decay: float = 0.95,
        smoothing: float = 0.0,
        **options: Any,
    ):
        super().__init__(params, lr, **options)
        self.initial_gain = self._nonnegative("initial_gain", initial_gain)
        self.increment = self._nonnegative("increment", increment)
        self.decay = self._nonnegative("decay", decay)
        if not 0 <= smoothing < 1:
            raise ValueError(f"DeltaBarDelta: smoothing must be in [0, 1), got {smoothing!r}")
        self.smoothing = float(smoothing)

    def init_state(self, param: Tensor) -> dict[str, np.ndarray]:
        return {"gain": np.full_like(param.data, self.initial_gain), "prev_grad": np.zeros_like(param.data)}

    def update(self, param: Tensor, grad: np.ndarray, state: dict) -> None:
        gain, prev = state["gain"], state["prev_grad"]
        if state["step"] > 1:
            same_sign = grad * prev > 0
            gain[...] = np.where(same_sign, gain + self.increment, gain * self.decay)
        param.data -= self.current_lr * gain * grad
        theta = self.smoothing
        prev[...] = grad if theta == 0 else (1 - theta) * grad + theta * prev
