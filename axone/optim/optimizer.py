r"""``ax.optim``: PyTorch's optimizers, each a face over the ``axone.optimizers`` class of the same rule.

``ax.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)`` takes torch's arguments (positional
after ``params`` too, in torch's order), ``param_groups`` (a list of dicts with ``"params"``,
``"lr"``... that ``lr_scheduler`` and the user may change), ``step(closure=None)`` and
``zero_grad(set_to_none=True)``, ``state_dict()``/``load_state_dict()``. Each group is stepped by one ``axone.optimizers`` instance,
through its public API only (constructor, ``step(params)``, ``lr``, ``state``, ``state_arrays``
and ``load_state_arrays`` for exact resume): the same update
rule, checked against ``torch.optim`` there and here. A group's ``lr`` may change between steps;
any other hyper-parameter is fixed once the group is created (changing it raises).

Example:
    >>> import axone as ax
    >>> w = ax.nn.Parameter([1.0, -2.0])
    >>> opt = ax.optim.SGD([w], lr=0.1)
    >>> (w * w).sum().backward(); opt.step(); opt.zero_grad()
    >>> w, opt.param_groups[0]["lr"]
    (Parameter([ 0.8, -1.6], dtype=float32, requires_grad=True), 0.1)
"""

from __future__ import annotations

from typing import Any, Callable

from axone import optimizers
from axone.core.engine import enable_grad
from axone.core.tensor import Tensor


class Optimizer:
    """Base of the torch faces: ``inner`` is the axone optimizer class, ``hyper`` torch's defaults."""

    inner: type = optimizers.Optimizer
    hyper: dict[str, Any] = {}

    def __init__(self, params: Any, *args: Any, **kwargs: Any):
        name = type(self).__name__
        names = list(self.hyper)
        if len(args) > len(names):
            raise TypeError(f"{name} takes at most {len(names)} hyper-parameters after params ({', '.join(names)})")
        given = dict(zip(names, args))
        for key, value in kwargs.items():
            if key not in self.hyper:
                raise TypeError(f"{name}: unknown argument {key!r}; torch's arguments are {', '.join(names)}")
            if key in given:
                raise TypeError(f"{name}: {key} given twice (by position and by keyword)")
            given[key] = value
        self.defaults = {**self.hyper, **given}
        self.param_groups: list[dict[str, Any]] = []
        self._steppers: list[tuple[Any, dict]] = []  # one axone optimizer per group, with its frozen settings
        if isinstance(params, Tensor):
            raise TypeError(f"{name}: params must be an iterable of tensors or of dicts (wrap one tensor in a list)")
        if callable(getattr(params, "parameters", None)):
            raise TypeError(f"{name}: got the model itself; pass model.parameters()")
        groups = list(params)
        if not groups:
            raise ValueError(f"{name} got an empty parameter list")
        for group in groups if isinstance(groups[0], dict) else [{"params": groups}]:
            self.add_param_group(group)

    def add_param_group(self, group: dict) -> None:
        """Add a group (a dict with ``"params"`` and any hyper-parameter; the others from the defaults)."""
        if not isinstance(group, dict) or "params" not in group:
            raise TypeError(f"{type(self).__name__}: a parameter group is a dict with a 'params' key, got {group!r}")
        unknown = set(group) - set(self.hyper) - {"params", "initial_lr"}
        if unknown:
            raise TypeError(f"{type(self).__name__}: unknown keys {sorted(unknown)} in a parameter group")
        params = group["params"]
        params = [params] if isinstance(params, Tensor) else list(params)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError(f"{type(self).__name__}: some parameters appear in more than one parameter group")
        full = {**self.defaults, **group, "params": params}
        settings = {key: full[key] for key in self.hyper}
        stepper = self.inner(params, **settings)
        self.param_groups.append(full)
        self._steppers.append((stepper, {k: v for k, v in settings.items() if k != "lr"}))

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a ``.grad``; ``closure`` recomputes the loss (returned)."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group, (stepper, frozen) in zip(self.param_groups, self._steppers):
            changed = [k for k, v in frozen.items() if group[k] != v]
            if changed:
                raise ValueError(
                    f"{type(self).__name__}: param_groups {changed} changed after the group was created; only 'lr' "
                    "may change between steps (build a new optimizer for other values)"
                )
            stepper.lr = group["lr"]
            stepper.step(group["params"])
        return loss

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients (``.grad = None``; ``set_to_none=False`` fills them with zeros)."""
        for group in self.param_groups:
            for p in group["params"]:
                if set_to_none or p.grad is None:
                    p.grad = None
                else:
                    p.grad.zero_()

    def state_dict(self) -> dict:
        """torch's two keys: ``"param_groups"`` (each group's settings, its parameters as indices) and
        ``"state"`` (each group's slots, as ``ax.optimizers`` exports them for exact resume)."""
        groups, start = [], 0
        for group in self.param_groups:
            count = len(group["params"])
            groups.append(
                {**{k: v for k, v in group.items() if k != "params"}, "params": list(range(start, start + count))}
            )
            start += count
        states = [
            stepper.state_arrays(group["params"]) for group, (stepper, _) in zip(self.param_groups, self._steppers)
        ]
        return {"state": states, "param_groups": groups}

    def load_state_dict(self, state_dict: dict) -> None:
        """Restore a ``state_dict()`` of an optimizer built the same way (the same groups and settings).

        Raises:
            ValueError: when the groups, their sizes or their fixed settings differ (nothing is changed).
        """
        name = type(self).__name__
        groups, states = state_dict.get("param_groups"), state_dict.get("state")
        if not isinstance(groups, list) or not isinstance(states, list) or len(groups) != len(self.param_groups):
            raise ValueError(
                f"{name}.load_state_dict: expected {len(self.param_groups)} parameter groups and their states"
            )
        for i, (saved, group, (_, frozen)) in enumerate(zip(groups, self.param_groups, self._steppers)):
            if len(saved.get("params", ())) != len(group["params"]):
                raise ValueError(
                    f"{name}.load_state_dict: group {i} has {len(group['params'])} parameters, the state {len(saved.get('params', ()))}"
                )
            changed = [k for k, v in frozen.items() if saved.get(k) != v]
            if changed:
                raise ValueError(
                    f"{name}.load_state_dict: group {i} was saved with other {changed}; build the optimizer with them"
                )
        for saved, arrays, group, (stepper, _) in zip(groups, states, self.param_groups, self._steppers):
            stepper.load_state_arrays(group["params"], arrays)
            group["lr"] = saved["lr"]
            if "initial_lr" in saved:
                group["initial_lr"] = saved["initial_lr"]

    @property
    def state(self) -> dict:
        """Each parameter's slots (momentum buffers, Adam's moments...), keyed by the parameter."""
        out = {}
        for group, (stepper, _) in zip(self.param_groups, self._steppers):
            for p in group["params"]:
                if id(p) in stepper.state:
                    out[p] = stepper.state[id(p)]
        return out

    def __repr__(self) -> str:
        groups = ", ".join(f"group {i}: lr={g['lr']}" for i, g in enumerate(self.param_groups))
        return f"{type(self).__name__}({groups})"


def _face(inner: type, hyper: dict[str, Any], doc: str) -> type:
    return type(inner.__name__, (Optimizer,), {"inner": inner, "hyper": hyper, "__doc__": doc, "__module__": __name__})


SGD = _face(
    optimizers.SGD,
    {"lr": 1e-3, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False},
    "torch.optim.SGD(params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False)",
)
Adam = _face(
    optimizers.Adam,
    {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False},
    "torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False)",
)
AdamW = _face(
    optimizers.AdamW,
    {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 1e-2, "amsgrad": False},
    "torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False)",
)
RMSprop = _face(
    optimizers.RMSprop,
    {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0, "centered": False},
    "torch.optim.RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False)",
)
Adagrad = _face(
    optimizers.Adagrad,
    {"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10},
    "torch.optim.Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10)",
)
Adadelta = _face(
    optimizers.Adadelta,
    {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
    "torch.optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0)",
)
Rprop = _face(
    optimizers.Rprop,
    {"lr": 1e-2, "etas": (0.5, 1.2), "step_sizes": (1e-6, 50.0)},
    "torch.optim.Rprop(params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50))",
)
DeltaBarDelta = _face(
    optimizers.DeltaBarDelta,
    {"lr": 1e-2, "initial_gain": 1.0, "increment": 0.05, "decay": 0.95, "smoothing": 0.0},
    "The course's per-weight adaptive rule (no torch equivalent), with torch's calling conventions.",
)
