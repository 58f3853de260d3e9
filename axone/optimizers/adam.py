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
        betas = tuple(betas) if isinstance(betas, (tuple, list)) else (betas,)
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
        data = param.data
        if self.decoupled_weight_decay and self.weight_decay:
            data *= 1 - lr * self.weight_decay  # AdamW: decay the weights, not the gradient
        m, v = state["m"], state["v"]
        # Each scalar is a 0-d array of the weights' dtype: the same rounding as a Python float (NumPy
        # casts it to that dtype), without converting it on every call; two scratch arrays serve
        # for all the temporaries. The order of the operations is torch's (bit for bit in float64).
        c = _constants(data.dtype, beta1, beta2, self.eps)
        work = np.subtract(grad, m)
        work *= c[0]
        m += work  # = beta1 m + (1 - beta1) g, computed as torch's lerp
        v *= c[1]
        np.multiply(grad, c[2], out=work)
        work *= grad
        v += work
        if self.amsgrad:
            np.maximum(state["v_max"], v, out=state["v_max"])
            v = state["v_max"]
        dtype = data.dtype
        denom = np.sqrt(v)
        denom /= np.array((1 - beta2**t) ** 0.5, dtype)
        denom += c[3]
        np.divide(m, denom, out=work)
        work *= np.array(lr / (1 - beta1**t), dtype)
        data -= work

    def update_all(self, params: list[Tensor], grads: list[np.ndarray], states: list[dict]) -> None:
        """Every parameter at once when they can share one flat array (torch's "foreach" idea).

        With several small parameters of one dtype at the same step, $m$, $v$ and the scratch array are
        views into flat buffers: the rule runs as a dozen NumPy calls for the whole model instead
        of a dozen per parameter (a recurrent network has many small ones), then each parameter
        takes its slice of the step. Elementwise, so the values are those of ``update``, bit for
        bit. The views are checked at every step: a state loaded or replaced since is copied into
        new buffers first.
        """
        first = params[0].data.dtype if params else None
        if (
            len(params) < 2
            or self.amsgrad
            or (self.decoupled_weight_decay and self.weight_decay)
            or any(p.data.dtype != first for p in params)
            or any(state["step"] != states[0]["step"] for state in states)
            or sum(p.data.size for p in params) > _FLAT_LIMIT
        ):
            super().update_all(params, grads, states)
            return
        flat = self._flat_buffers(params, states)
        if flat is None:  # a parameter given twice: one at a time, as the rule reads
            super().update_all(params, grads, states)
            return
        m, v, work, views = flat["m"], flat["v"], flat["work"], flat["work_views"]
        beta1, beta2 = self.betas
        t, dtype = states[0]["step"], first
        c = _constants(dtype, beta1, beta2, self.eps)
        g = np.concatenate(grads, axis=None)  # the same values as each grad, in one array
        np.subtract(g, m, out=work)
        work *= c[0]
        m += work
        v *= c[1]
        np.multiply(g, c[2], out=work)
        work *= g
        v += work
        denom = np.sqrt(v)
        denom /= np.array((1 - beta2**t) ** 0.5, dtype)
        denom += c[3]
        np.divide(m, denom, out=work)
        work *= np.array(self.current_lr / (1 - beta1**t), dtype)
        for p, step in zip(params, views):
            p.data -= step

    def _flat_buffers(self, params: list[Tensor], states: list[dict]) -> dict | None:
        """The flat m, v and scratch arrays of these parameters, whose states hold views into them."""
        flat = getattr(self, "_flat", None)
        if (
            flat is not None
            and flat["keys"] == [id(p) for p in params]
            and all(s["m"] is a and s["v"] is b for s, a, b in zip(states, flat["m_views"], flat["v_views"]))
        ):
            return flat
        if len(set(map(id, params))) != len(params):
            return None
        shapes = [p.data.shape for p in params]
        dtype = params[0].data.dtype
        flat = {
            "keys": [id(p) for p in params],
            "m": np.concatenate([s["m"] for s in states], axis=None).astype(dtype, copy=False),
            "v": np.concatenate([s["v"] for s in states], axis=None).astype(dtype, copy=False),
        }
        flat["work"] = np.empty_like(flat["m"])
        for name in ("m", "v", "work"):
            flat[name + "_views"] = _split(flat[name], shapes)
        for s, a, b in zip(states, flat["m_views"], flat["v_views"]):
            s["m"], s["v"] = a, b  # the same values, now living in the flat buffers
        self._flat = flat
        return flat


# Above this many weights in all, the calls saved are few next to the work, and gathering the
# gradients into one array would be one more pass over memory: one parameter at a time.
_FLAT_LIMIT = 1 << 16


def _split(buffer: np.ndarray, shapes: list[tuple]) -> list[np.ndarray]:
    """Views of consecutive pieces of a flat ``buffer``, one per shape."""
    views, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape, dtype=np.int64))
        views.append(buffer[start : start + size].reshape(shape))
        start += size
    return views


_CONSTANTS: dict = {}


def _constants(dtype: np.dtype, beta1: float, beta2: float, eps: float) -> tuple:
    """``(1 - beta1, beta2, 1 - beta2, eps)`` as 0-d arrays of ``dtype`` (cached: a few per run)."""
    key = (dtype, beta1, beta2, eps)
    found = _CONSTANTS.get(key)
    if found is None:
        if len(_CONSTANTS) > 64:
            _CONSTANTS.clear()
        found = _CONSTANTS[key] = tuple(np.array(value, dtype) for value in (1 - beta1, beta2, 1 - beta2, eps))
    return found
