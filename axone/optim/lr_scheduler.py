r"""``ax.optim.lr_scheduler``: torch's schedulers, changing ``param_groups[i]["lr"]`` on each ``step()``.

``StepLR``, ``ExponentialLR`` and ``CosineAnnealingLR`` evaluate the ``axone.optimizers.schedules``
of the same formula at the scheduler's epoch $e$ (``last_epoch``), from each group's initial
$\eta_0$; ``ReduceLROnPlateau`` is torch's rule (relative threshold), which Keras's callback of the
same name does not follow (absolute ``min_delta``).

Example:
    >>> import axone as ax
    >>> opt = ax.optim.SGD([ax.nn.Parameter([1.0])], lr=1.0)
    >>> sched = ax.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    >>> lrs = []
    >>> for epoch in range(5):
    ...     opt.step(); sched.step(); lrs.append(opt.param_groups[0]["lr"])
    >>> lrs
    [1.0, 0.5, 0.5, 0.25, 0.25]
"""

from __future__ import annotations

import math
from typing import Any

from axone.optimizers import schedules


class LRScheduler:
    """Base: remembers each group's ``initial_lr`` and sets ``lr = schedule(initial_lr)(last_epoch)``."""

    def __init__(self, optimizer: Any, last_epoch: int = -1):
        if not hasattr(optimizer, "param_groups"):
            raise TypeError(f"{type(self).__name__}: expects an ax.optim optimizer, got {type(optimizer).__name__}")
        self.optimizer = optimizer
        for group in optimizer.param_groups:
            group.setdefault("initial_lr", group["lr"])
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self.step()

    def schedule(self, lr: float) -> schedules.Schedule:  # pragma: no cover - abstract
        raise NotImplementedError

    def epoch(self) -> int:
        """The step at which the schedule is read (CosineAnnealingLR folds it back into one period)."""
        return self.last_epoch

    def step(self) -> None:
        self.last_epoch += 1
        for group, base in zip(self.optimizer.param_groups, self.base_lrs):
            group["lr"] = self.schedule(base)(self.epoch())

    def get_last_lr(self) -> list[float]:
        return [group["lr"] for group in self.optimizer.param_groups]


class StepLR(LRScheduler):
    r"""$\eta_e = \eta_0 \gamma^{\lfloor e / s \rfloor}$ (``schedules.StepDecay``)."""

    def __init__(self, optimizer: Any, step_size: int, gamma: float = 0.1, last_epoch: int = -1):
        self.step_size, self.gamma = step_size, gamma
        super().__init__(optimizer, last_epoch)

    def schedule(self, lr: float) -> schedules.Schedule:
        return schedules.StepDecay(lr, self.step_size, self.gamma)


class ExponentialLR(LRScheduler):
    r"""$\eta_e = \eta_0 \gamma^{e}$ (``schedules.ExponentialDecay``)."""

    def __init__(self, optimizer: Any, gamma: float, last_epoch: int = -1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def schedule(self, lr: float) -> schedules.Schedule:
        return schedules.ExponentialDecay(lr, self.gamma)


class CosineAnnealingLR(LRScheduler):
    r"""$\eta_e = \eta_{min} + (\eta_0 - \eta_{min}) \frac{1 + \cos(\pi e / T)}{2}$ (``schedules.CosineDecay``).

    Past $T$ torch's cosine climbs back (period $2T$); since $\cos(\pi e / T) = \cos(\pi (2T - e) / T)$,
    the epoch is folded into $[0, T]$ and the same schedule read there.
    """

    def __init__(self, optimizer: Any, T_max: int, eta_min: float = 0.0, last_epoch: int = -1):  # noqa: N803 - torch's name
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(optimizer, last_epoch)

    def schedule(self, lr: float) -> schedules.Schedule:
        return schedules.CosineDecay(lr, self.T_max, self.eta_min)

    def epoch(self) -> int:
        e = self.last_epoch % (2 * self.T_max)
        return e if e <= self.T_max else 2 * self.T_max - e


class ReduceLROnPlateau:
    r"""Multiply each group's $\eta$ by ``factor`` when ``step(metric)`` has not improved for ``patience`` calls.

    Improvement (torch's defaults, ``threshold_mode="rel"``): $m < m^* (1 - \theta)$ in ``"min"``
    mode, $m > m^* (1 + \theta)$ in ``"max"``; ``"abs"``: $m < m^* - \theta$ / $m > m^* + \theta$. After a
    reduction, ``cooldown`` calls are ignored; $\eta$ never goes below ``min_lr``, and a change
    smaller than ``eps`` is not made.
    """

    def __init__(
        self,
        optimizer: Any,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: str = "rel",
        cooldown: int = 0,
        min_lr: Any = 0.0,
        eps: float = 1e-8,
    ):
        if mode not in ("min", "max") or threshold_mode not in ("rel", "abs"):
            raise ValueError(
                f"ReduceLROnPlateau: mode 'min'/'max' and threshold_mode 'rel'/'abs', got {mode!r}, {threshold_mode!r}"
            )
        if not 0 < factor < 1:
            raise ValueError(f"ReduceLROnPlateau: factor must be in (0, 1), got {factor!r}")
        self.optimizer, self.mode, self.factor, self.patience = optimizer, mode, float(factor), int(patience)
        self.threshold, self.threshold_mode, self.cooldown, self.eps = (
            float(threshold),
            threshold_mode,
            int(cooldown),
            eps,
        )
        groups = len(optimizer.param_groups)
        self.min_lrs = list(min_lr) if isinstance(min_lr, (list, tuple)) else [min_lr] * groups
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_epochs, self.cooldown_counter, self.last_epoch = 0, 0, 0

    def _better(self, metric: float) -> bool:
        sign = 1 if self.mode == "min" else -1
        if self.threshold_mode == "rel":
            return sign * metric < sign * self.best * (1 - sign * self.threshold) if math.isfinite(self.best) else True
        return sign * metric < sign * self.best - self.threshold

    def step(self, metrics: Any) -> None:
        metric = float(metrics)
        self.last_epoch += 1
        if self._better(metric):
            self.best, self.num_bad_epochs = metric, 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            for group, floor in zip(self.optimizer.param_groups, self.min_lrs):
                new = max(group["lr"] * self.factor, floor)
                if group["lr"] - new > self.eps:
                    group["lr"] = new
            self.cooldown_counter, self.num_bad_epochs = self.cooldown, 0

    def get_last_lr(self) -> list[float]:
        return [group["lr"] for group in self.optimizer.param_groups]
