r"""AdamW: Adam with the weight decay taken out of the gradient."""

from __future__ import annotations

from typing import Any

from axone.optimizers.adam import Adam


class AdamW(Adam):
    r"""AdamW (Loshchilov and Hutter, 2019), as torch.optim.AdamW.

    Math (step $t$, weight decay $\lambda$): first $w \leftarrow w (1 - \eta \lambda)$, then the
    Adam step on the plain gradient (see ``Adam``):
        $m \leftarrow \beta_1 m + (1 - \beta_1) g$, $v \leftarrow \beta_2 v + (1 - \beta_2) g^2$
        $w \leftarrow w - \eta \, \hat m / (\sqrt{\hat v} + \epsilon)$

    Why: in ``Adam(weight_decay=...)`` the penalty $\lambda w$ joins the gradient and is then
    divided by $\sqrt{\hat v}$, so weights with large gradients are barely decayed; decoupled,
    every weight shrinks by the same factor.

    Keras:
        ``AdamW(learning_rate=0.001, weight_decay=0.004, epsilon=1e-7)``: same decoupled decay,
        Keras's epsilon placement (see ``Adam``); torch's default $\lambda = 0.01$ is used here.

    Example:
        >>> import axone as ax
        >>> w = ax.Variable([1.0], dtype="float64")
        >>> opt = ax.optimizers.AdamW([w], lr=0.1, weight_decay=0.5)
        >>> w.grad = ax.Tensor([0.0], dtype="float64"); opt.step()
        >>> w.data  # 1 * (1 - 0.1 * 0.5); a zero gradient moves nothing else
        array([0.95])
    """

    decoupled_weight_decay = True

    def __init__(
        self,
        params: Any = None,
        lr: Any = None,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        **options: Any,
    ):
        super().__init__(params, lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, **options)
