r"""Rprop: a step size per weight, moved by the sign of the gradient only."""

from __future__ import annotations

from typing import Any

import numpy as np

from axone.core.tensor import Tensor
from axone.optimizers.base import Optimizer


class Rprop(Optimizer):
    r"""Resilient backpropagation (Riedmiller and Braun, 1993), as torch.optim.Rprop.

    Math (gradient $g_t$, step sizes $\Delta$ starting at $\eta$, factors $\eta^- < 1 < \eta^+$):
        $\Delta \leftarrow \mathrm{clip}(\eta^+ \Delta, \Delta_{min}, \Delta_{max})$ where $g_t g_{t-1} > 0$
        $\Delta \leftarrow \mathrm{clip}(\eta^- \Delta, \Delta_{min}, \Delta_{max})$ and $g_t \leftarrow 0$ where $g_t g_{t-1} < 0$
        $w \leftarrow w - \mathrm{sign}(g_t) \, \Delta$, and $g_t$ is remembered as $g_{t-1}$
        ($g_0 = 0$, so the first step is $\eta \, \mathrm{sign}(g_1)$.)

    Course:
        The per-weight adaptive rate of the course (see ``DeltaBarDelta``) taken to its end: the
        size of the gradient is ignored, only its sign and whether it flipped count. Like that
        rule, it needs full batches: with mini-batches the signs are noise.

    Keras:
        no Rprop. Torch's defaults (here): $\eta = 0.01$, ``etas`` $= (0.5, 1.2)$,
        ``step_sizes`` $= (10^{-6}, 50)$. Changing ``lr`` after the first step has no effect:
        $\eta$ only initialises each $\Delta$, as in torch.

    Example:
        >>> import axone as ax
        >>> w = ax.Variable([1.0, -1.0], dtype="float64")
        >>> opt = ax.optimizers.Rprop([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad(); (w * w).sum().backward(); opt.step()
        >>> w.data.round(6)  # 1 - 0.1 - 0.12 (same sign: the step grew by 1.2)
        array([ 0.78, -0.78])
    """

    default_lr = 0.01
    elementwise = True

    def __init__(
        self,
        params: Any = None,
        lr: Any = None,
        etas: tuple[float, float] = (0.5, 1.2),
        step_sizes: tuple[float, float] = (1e-6, 50.0),
        **options: Any,
    ):
        super().__init__(params, lr, **options)
        etas, step_sizes = tuple(etas), tuple(step_sizes)
        if len(etas) != 2 or not 0 < etas[0] < 1 < etas[1]:
            raise ValueError(
                f"Rprop: etas must be (eta_minus, eta_plus) with 0 < eta_minus < 1 < eta_plus, got {etas!r}"
            )
        if len(step_sizes) != 2 or not 0 <= step_sizes[0] <= step_sizes[1]:
            raise ValueError(f"Rprop: step_sizes must be (min, max) with 0 <= min <= max, got {step_sizes!r}")
        self.etas = (float(etas[0]), float(etas[1]))
        self.step_sizes = (float(step_sizes[0]), float(step_sizes[1]))

    def init_state(self, param: Tensor) -> dict[str, np.ndarray]:
        return {"prev": np.zeros_like(param.data), "step_size": np.full_like(param.data, self.current_lr)}

    def update(self, param: Tensor, grad: np.ndarray, state: dict) -> None:
        eta_minus, eta_plus = self.etas
        prev, delta = state["prev"], state["step_size"]
        product = grad * prev
        flipped = product < 0
        delta *= np.where(product > 0, eta_plus, np.where(flipped, eta_minus, 1.0))
        np.clip(delta, self.step_sizes[0], self.step_sizes[1], out=delta)
        grad = np.where(flipped, 0.0, grad)  # after a flip: no move, and no comparison next step
        param.data -= np.sign(grad) * delta
        prev[...] = grad
