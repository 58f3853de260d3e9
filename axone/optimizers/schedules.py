r"""Learning-rate schedules: the learning rate $\eta$ as a function of the step count $t$.

A schedule is a callable ``step -> lr``. Given as an optimizer's ``lr=``, it is called with the
optimizer's ``iterations`` (the number of updates already made), so it steps **per batch**, as
in Keras. To step per epoch as ``torch.optim.lr_scheduler`` does, count in batches
(``step_size=10 * batches_per_epoch``) or hand the schedule to a ``LearningRateScheduler``
callback, which calls it with the epoch number and sets ``opt.lr``.

The formulas are those of ``torch.optim.lr_scheduler`` after $t$ calls to ``scheduler.step()``:

| schedule | $\eta_t$ | torch |
|---|---|---|
| ``StepDecay(lr, step_size, gamma)`` | $\eta_0 \gamma^{\lfloor t / s \rfloor}$ | ``StepLR`` |
| ``ExponentialDecay(lr, gamma, decay_steps)`` | $\eta_0 \gamma^{t / d}$ | ``ExponentialLR`` ($d = 1$) |
| ``CosineDecay(lr, decay_steps, eta_min)`` | $\eta_{min} + (\eta_0 - \eta_{min}) \frac{1 + \cos(\pi t / T)}{2}$ | ``CosineAnnealingLR`` |

Example:
    >>> import axone as ax
    >>> schedule = ax.optimizers.schedules.StepDecay(0.1, step_size=2, gamma=0.5)
    >>> [schedule(t) for t in range(5)]
    [0.1, 0.1, 0.05, 0.05, 0.025]
"""

from __future__ import annotations

import math
from typing import Any

_classes: dict[str, type] = {}


class Schedule:
    """Base of schedules: ``__call__(step) -> lr`` and a plain JSON ``get_config``."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _classes[cls.__name__] = cls

    def __call__(self, step: int) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def get_config(self) -> dict:
        return dict(vars(self))

    @classmethod
    def from_config(cls, config: dict) -> "Schedule":
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def _check(name: str, value: Any, low: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= low:
        raise ValueError(f"{name}: {what} must be a number >= {low}, got {value!r}")
    return float(value)


class StepDecay(Schedule):
    r"""$\eta_t = \eta_0 \gamma^{\lfloor t / s \rfloor}$: multiply by $\gamma$ every $s$ steps (torch ``StepLR``)."""

    def __init__(self, lr: float, step_size: int, gamma: float = 0.1):
        self.lr = _check("StepDecay", lr, 0.0, "lr")
        if isinstance(step_size, bool) or not isinstance(step_size, int) or step_size < 1:
            raise ValueError(f"StepDecay: step_size must be an int >= 1, got {step_size!r}")
        self.step_size = step_size
        self.gamma = _check("StepDecay", gamma, 0.0, "gamma")

    def __call__(self, step: int) -> float:
        return self.lr * self.gamma ** (int(step) // self.step_size)


class ExponentialDecay(Schedule):
    r"""$\eta_t = \eta_0 \gamma^{t / d}$ (floored exponent when ``staircase``); torch ``ExponentialLR`` for $d = 1$.

    Keras's ``ExponentialDecay(initial_learning_rate, decay_steps, decay_rate)`` is the same
    formula with ``decay_rate`` $= \gamma$.
    """

    def __init__(self, lr: float, gamma: float, decay_steps: int = 1, staircase: bool = False):
        self.lr = _check("ExponentialDecay", lr, 0.0, "lr")
        self.gamma = _check("ExponentialDecay", gamma, 0.0, "gamma")
        if isinstance(decay_steps, bool) or not isinstance(decay_steps, int) or decay_steps < 1:
            raise ValueError(f"ExponentialDecay: decay_steps must be an int >= 1, got {decay_steps!r}")
        self.decay_steps = decay_steps
        self.staircase = bool(staircase)

    def __call__(self, step: int) -> float:
        exponent = int(step) // self.decay_steps if self.staircase else int(step) / self.decay_steps
        return self.lr * self.gamma**exponent


class CosineDecay(Schedule):
    r"""$\eta_t = \eta_{min} + (\eta_0 - \eta_{min}) \frac{1 + \cos(\pi t / T)}{2}$ for $t \le T$, then $\eta_{min}$.

    Equal to torch ``CosineAnnealingLR(T_max=T, eta_min)`` for $t \le T$; past $T$ torch's
    cosine climbs back up (period $2T$), while here (as in Keras's ``CosineDecay``) it stays at
    $\eta_{min}$. Keras gives the floor as a fraction ``alpha`` of $\eta_0$; here it is absolute.
    """

    def __init__(self, lr: float, decay_steps: int, eta_min: float = 0.0):
        self.lr = _check("CosineDecay", lr, 0.0, "lr")
        if isinstance(decay_steps, bool) or not isinstance(decay_steps, int) or decay_steps < 1:
            raise ValueError(f"CosineDecay: decay_steps must be an int >= 1, got {decay_steps!r}")
        self.decay_steps = decay_steps
        self.eta_min = _check("CosineDecay", eta_min, 0.0, "eta_min")

    def __call__(self, step: int) -> float:
        t = min(int(step), self.decay_steps)
        return self.eta_min + (self.lr - self.eta_min) * (1 + math.cos(math.pi * t / self.decay_steps)) / 2


def serialize(schedule: Schedule) -> dict:
    """``{"class_name": ..., "config": ...}``, plain JSON."""
    if not isinstance(schedule, Schedule):
        raise TypeError(
            f"cannot save the learning-rate schedule {schedule!r}: only axone's schedules "
            f"({', '.join(sorted(_classes))}) have a config; a plain function cannot be written to a file"
        )
    return {"class_name": type(schedule).__name__, "config": schedule.get_config()}


def deserialize(config: Any) -> Schedule:
    """Rebuild a schedule from :func:`serialize`'s dict; class names resolve only here."""
    if not isinstance(config, dict) or set(config) != {"class_name", "config"}:
        raise ValueError(f"a schedule config is a dict with 'class_name' and 'config', got {config!r}")
    name = config["class_name"]
    if not isinstance(name, str) or name not in _classes:
        raise ValueError(f"unknown schedule class {name!r}; known schedules: {', '.join(sorted(_classes))}")
    if not isinstance(config["config"], dict):
        raise ValueError(f"schedule {name}: 'config' must be a dict, got {config['config']!r}")
    try:
        return _classes[name].from_config(config["config"])
    except TypeError as error:
        raise ValueError(f"schedule {name}: bad config {config['config']!r} ({error})") from None
