r"""Optimizer: the base of every solver (level 3).

A subclass writes two methods: ``init_state(param)`` (its slots, e.g. Adam's $m$ and $v$) and
``update(param, grad, state)`` (one step of its rule on ``param.data``, in place, in the notation
and the order of its docstring's formula). This class owns the rest: the step counters, the learning rate $\eta$ and its schedule, gradient clipping,
L2 weight decay added to the gradient where torch adds it, the state of each parameter, its
export for exact resume, Keras's spellings of the arguments (``learning_rate``, ``beta_1``,
``beta_2``, ``epsilon``, ``rho``, declared by each subclass in ``keras_names``), and the three
ways of being called:

1. ``model.compile(optimizer="adam")`` goes through ``axone.optimizers.get``;
2. ``opt.step(params)`` after ``loss.backward()`` (PyTorch), with ``opt.zero_grad(params)``;
   ``SGD(params, lr=0.1)`` remembers the parameters, so ``opt.step()`` needs no argument;
3. ``opt.apply_gradients(zip(grads, params))`` after a ``GradientTape`` (Keras); a ``None``
   gradient skips its parameter.

Example:
    >>> import axone as ax
    >>> w = ax.Variable([1.0, -2.0])
    >>> opt = ax.optimizers.SGD([w], lr=0.1)
    >>> (w * w).sum().backward(); opt.step(); opt.zero_grad()
    >>> w
    Variable([ 0.8, -1.6], dtype=float32, requires_grad=True)
"""

from __future__ import annotations

import inspect
from numbers import Real
from typing import Any, Iterable

import numpy as np

from axone.core import state
from axone.core.tensor import Tensor
from axone.optimizers import clipping, registry, schedules
from axone.optimizers.flat import FlatUpdate


def _is_number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


class Optimizer:
    """Base class of optimizers (see the module docstring)."""

    default_lr: float = 1e-3
    decoupled_weight_decay: bool = False  # True for AdamW: it decays the weights itself
    keras_names: tuple[str, ...] = ()  # the Keras spellings a subclass accepts besides torch's names
    # True, in the class that writes ``update``, when it treats each element of a parameter alone
    # (no norm, no sum over it), as every rule here does: compiled steps may then update small
    # parameters as one flat array (optimizers/flat.py); a subclass with its own update says so again
    elementwise: bool = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        registry.register(cls)

    def __init__(
        self,
        params: Any = None,
        lr: Any = None,
        *,
        learning_rate: Any = None,
        weight_decay: float = 0.0,
        clipnorm: float | None = None,
        global_clipnorm: float | None = None,
        clipvalue: float | None = None,
        **unexpected: Any,
    ):
        name = type(self).__name__
        if unexpected:
            raise TypeError(
                f"{name} got unexpected argument(s) {', '.join(sorted(unexpected))}; "
                f"{name} accepts: {', '.join(self._accepted_arguments())}"
            )
        if _is_number(params) or isinstance(params, schedules.Schedule):  # Keras style: SGD(0.1)
            if lr is not None:
                raise TypeError(
                    f"{name} got two learning rates ({params!r} and lr={lr!r}); pass the "
                    f"parameters first (PyTorch style) or the learning rate alone (Keras style)"
                )
            params, lr = None, params
        if learning_rate is not None:
            if lr is not None:
                raise TypeError(f"{name}: give lr= or learning_rate=, not both")
            lr = learning_rate
        self._lr: Any = None
        self.lr = self.default_lr if lr is None else lr
        self.weight_decay = self._nonnegative("weight_decay", weight_decay)
        clips = {"clipnorm": clipnorm, "global_clipnorm": global_clipnorm, "clipvalue": clipvalue}
        given = [k for k, v in clips.items() if v is not None]
        if len(given) > 1:
            raise ValueError(f"{name}: set only one of clipnorm, global_clipnorm, clipvalue; got {', '.join(given)}")
        for key, value in clips.items():
            setattr(self, key, None if value is None else self._nonnegative(key, value, strict=True))
        self.params: list[Tensor] | None = None if params is None else self._check_params(params)
        self.iterations = 0  # updates made (Keras's name); what a schedule is called with
        self.current_lr = self.lr  # the learning rate of the step being made
        self.state: dict[int, dict[str, Any]] = {}  # id(param) -> slots, plus the per-parameter "step"
        self._owners: dict[int, Tensor] = {}  # keeps each param alive so that its id is never reused

    @classmethod
    def _accepted_arguments(cls) -> list[str]:
        """Every keyword the constructor takes: the subclass's, the base's, the Keras spellings."""
        own = [
            key
            for key, arg in inspect.signature(cls.__init__).parameters.items()
            if key != "self" and arg.kind not in (arg.VAR_KEYWORD, arg.VAR_POSITIONAL)
        ]
        shared = ["learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue"]
        return own + [key for key in shared + list(cls.keras_names) if key not in own]

    def _keras_spelling(self, options: dict, keras: str, torch: str, value: Any, default: Any) -> Any:
        """``value`` (the argument under torch's name), or Keras's spelling ``keras`` taken from
        ``options`` when given there; both given is an error, as ``lr`` and ``learning_rate``."""
        if keras not in options:
            return value
        if value != default:
            raise TypeError(f"{type(self).__name__}: give {torch}= or {keras}=, not both")
        return options.pop(keras)

    # ---- the two methods a subclass writes ----------------------------------------------------
    def init_state(self, param: Tensor) -> dict[str, np.ndarray]:
        """The slots of ``param`` before its first step (arrays shaped like ``param`` mostly)."""
        return {}

    def update(self, param: Tensor, grad: np.ndarray, state: dict) -> None:  # pragma: no cover - abstract
        """One step of the rule: change ``param.data`` in place; ``grad`` is read-only."""
        raise NotImplementedError(f"{type(self).__name__} must define update(param, grad, state)")

    # ---- learning rate --------------------------------------------------------------------------
    @property
    def lr(self) -> float:
        """$\\eta$ for the next step (the schedule's value at ``iterations`` when there is one)."""
        return float(self._lr(self.iterations)) if callable(self._lr) else self._lr

    @lr.setter
    def lr(self, value: Any) -> None:
        name = type(self).__name__
        if callable(value):
            self._lr = value
        elif _is_number(value):
            if callable(self._lr):
                raise TypeError(
                    f"{name} follows the schedule {self._lr!r}: its learning rate cannot be set "
                    "to a number; give it a new schedule, or build it with a number as lr"
                )
            self._lr = self._nonnegative("lr", value)
        else:
            raise TypeError(f"{name}: lr must be a number or a schedule (step -> lr), got {value!r}")

    learning_rate = lr  # Keras's name, same property

    def _nonnegative(self, key: str, value: Any, strict: bool = False) -> float:
        if not _is_number(value) or not (value > 0 if strict else value >= 0) or value != value:
            bound = "> 0" if strict else ">= 0"
            raise ValueError(f"{type(self).__name__}: {key} must be a number {bound}, got {value!r}")
        return float(value)

    def _fraction(self, key: str, value: Any) -> float:
        """A number in [0, 1] (a moving average's weight): outside, the averages go negative or grow."""
        if not _is_number(value) or not 0 <= value <= 1:
            raise ValueError(f"{type(self).__name__}: {key} must be a number in [0, 1], got {value!r}")
        return float(value)

    # ---- calling ----------------------------------------------------------------------------
    def _check_params(self, params: Any) -> list[Tensor]:
        if isinstance(params, Tensor):
            params = [params]
        if callable(getattr(params, "parameters", None)):  # a model or layer: torch wants its parameters()
            raise TypeError(
                f"{type(self).__name__}: got the model {getattr(params, 'name', '')!r} itself; "
                "pass its weights: model.parameters() (or model.trainable_variables)"
            )
        if not hasattr(params, "__iter__"):
            raise TypeError(
                f"{type(self).__name__}: parameters must be a list of Variables, got {type(params).__name__}"
            )
        params = list(params)
        for i, p in enumerate(params):
            if not isinstance(p, Tensor):
                raise TypeError(
                    f"{type(self).__name__}: parameter {i} is a {type(p).__name__}, expected a "
                    "Variable or Tensor (use model.trainable_variables or model.parameters())"
                )
        return params

    def _resolve(self, params: Any) -> list[Tensor]:
        if params is not None:
            return self._check_params(params)
        if self.params is None:
            raise TypeError(
                f"{type(self).__name__}.step() needs the parameters: call opt.step(params), "
                f"or build it as {type(self).__name__}(params, lr=...)"
            )
        return self.params

    def step(self, params: Any = None) -> Any:
        """One update of every parameter with a ``.grad`` (PyTorch style; no grad: skipped).

        ``params`` defaults to those given at construction; a callable is a PyTorch closure
        that recomputes the loss (its result is returned).
        """
        loss = None
        if callable(params) and not isinstance(params, Tensor):
            loss, params = params(), None
        params = self._resolve(params)
        self._apply([(p.grad, p) for p in params])
        return loss

    def zero_grad(self, params: Any = None) -> None:
        """Forget the accumulated gradients (``.grad = None``, as torch's ``set_to_none``)."""
        for p in self._resolve(params):
            p.grad = None

    def apply_gradients(self, grads_and_vars: Iterable[tuple[Any, Tensor]]) -> int:
        """One update from ``(gradient, variable)`` pairs (Keras style); returns ``iterations``."""
        pairs = list(grads_and_vars)
        for i, pair in enumerate(pairs):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise TypeError(
                    f"{type(self).__name__}.apply_gradients takes (gradient, variable) pairs, as "
                    f"zip(grads, variables); item {i} is {type(pair).__name__}"
                )
        self._check_params([v for _, v in pairs])
        self._apply(pairs)
        return self.iterations

    def _apply(self, pairs: list[tuple[Any, Tensor]]) -> None:
        """The one update that ``step`` and ``apply_gradients`` both make: for each parameter with a
        gradient, the gradient clipped and decayed ($g + \\lambda w$), then ``update``; then
        ``iterations`` + 1."""
        trace = state.current.tracing
        if trace is not None:  # ax.function is tracing: its plan calls this update at every replay
            trace.record_update(self, pairs)
            with trace.paused():
                return self._apply(pairs)
        params, grads = self._prepare(pairs)
        for p, g in zip(params, grads):
            self._update_one(p, g)
        self.iterations += 1

    def _prepare(self, pairs: list[tuple[Any, Tensor]]) -> tuple[list[Tensor], list[np.ndarray]]:
        """The parameters that have a gradient, and their gradients checked and clipped; sets
        ``current_lr`` from the schedule."""
        params: list[Tensor] = []
        grads: list[np.ndarray] = []
        for g, p in pairs:
            if g is None:
                continue
            g = np.asarray(g.data if isinstance(g, Tensor) else g, dtype=p.data.dtype)
            if g.shape != p.data.shape:
                raise ValueError(
                    f"{type(self).__name__}: the gradient of parameter '{p.name or '?'}' has shape "
                    f"{g.shape} but the parameter has shape {p.data.shape}"
                )
            params.append(p)
            grads.append(g)
        grads = self._clip(grads)
        lr = self.lr
        if lr != lr or lr < 0:
            raise ValueError(f"{type(self).__name__}: the schedule gave lr={lr} at step {self.iterations}")
        self.current_lr = lr
        return params, grads

    def _slots(self, p: Tensor) -> dict:
        """The state of ``p`` (made by ``init_state`` on its first update)."""
        slots = self.state.get(id(p))
        if slots is None:
            slots = self.state[id(p)] = {"step": 0, **self.init_state(p)}
            self._owners[id(p)] = p
        return slots

    def _update_one(self, p: Tensor, g: np.ndarray) -> None:
        slots = self._slots(p)
        slots["step"] += 1
        self.update(p, self._with_l2(g, p.data), slots)

    def _with_l2(self, g: np.ndarray, w: np.ndarray) -> np.ndarray:
        """$g + \\lambda w$: the L2 penalty in the gradient, where torch adds it (AdamW decays ``w`` itself)."""
        decay = 0.0 if self.decoupled_weight_decay else self.weight_decay
        return g + decay * w if decay else g

    def compiled_update(self) -> Any:
        """What a compiled step's plan calls for this optimizer's update (``optimizers/flat.py``)."""
        return FlatUpdate(self)

    def _clip(self, grads: list[np.ndarray]) -> list[np.ndarray]:
        if self.clipnorm is not None:
            return [clipping.clip_by_norm(g, self.clipnorm) for g in grads]
        if self.global_clipnorm is not None:
            return clipping.clip_by_global_norm(grads, self.global_clipnorm)[0]
        if self.clipvalue is not None:
            return [clipping.clip_by_value(g, self.clipvalue) for g in grads]
        return grads

    # ---- configuration and state ----------------------------------------------------------------
    def get_config(self) -> dict:
        """The constructor's arguments as plain JSON (a schedule as its own config)."""
        config: dict[str, Any] = {}
        for key in inspect.signature(type(self).__init__).parameters:
            if key in ("self", "params", "lr", "options", "unexpected"):
                continue
            value = getattr(self, key)
            config[key] = list(value) if isinstance(value, tuple) else value
        config["lr"] = schedules.serialize(self._lr) if callable(self._lr) else self._lr
        for key in ("clipnorm", "global_clipnorm", "clipvalue"):
            config[key] = getattr(self, key)
        return config

    @classmethod
    def from_config(cls, config: dict) -> "Optimizer":
        """Rebuild from ``get_config()`` (on a subclass) or from ``serialize()`` (on ``Optimizer``)."""
        if cls is Optimizer:
            return registry.deserialize(config)
        if not isinstance(config, dict):
            raise ValueError(f"{cls.__name__}.from_config expects a dict, got {config!r}")
        config = dict(config)
        if isinstance(config.get("lr"), dict):
            config["lr"] = schedules.deserialize(config["lr"])
        known = set(inspect.signature(cls.__init__).parameters) | set(inspect.signature(Optimizer.__init__).parameters)
        unknown = sorted(set(config) - known - {"self", "params", "options", "unexpected"})
        if unknown:
            raise ValueError(f"{cls.__name__} config has unknown fields {unknown}; known: {sorted(known - {'self'})}")
        return cls(**config)

    def state_arrays(self, params: list[Tensor]) -> dict[str, np.ndarray]:
        """Copies of every slot as ``"{index}/{slot}"`` (index in ``params``), plus ``"iterations"``
        and ``"lr"`` (when it is a number: ReduceLROnPlateau may have changed it)."""
        arrays = {"iterations": np.array(self.iterations, dtype=np.int64)}
        if not callable(self._lr):
            arrays["lr"] = np.array(self._lr, dtype=np.float64)
        for i, p in enumerate(self._check_params(params)):
            for slot, value in self.state.get(id(p), {}).items():
                arrays[f"{i}/{slot}"] = np.array(value, dtype=np.int64 if slot == "step" else None, copy=True)
        return arrays

    def load_state_arrays(self, params: list[Tensor], arrays: dict[str, Any]) -> None:
        """Restore what :meth:`state_arrays` returned, exactly, for the same ``params`` in the same order.

        Everything is checked before anything changes: a bad entry leaves the optimizer as it was.
        """
        name = type(self).__name__
        params = self._check_params(params)
        for key in ("iterations",) + (("lr",) if "lr" in arrays else ()):
            if key not in arrays:
                raise ValueError(f"{name} state: the 'iterations' entry is missing")
            value = np.asarray(arrays[key])
            kind = "iu" if key == "iterations" else "fiu"
            if value.shape != () or value.dtype.kind not in kind or not np.isfinite(value) or value < 0:
                raise ValueError(f"{name} state: entry {key!r} must be a number >= 0, got {value.dtype} {value.shape}")
        slots: dict[int, dict[str, np.ndarray]] = {}
        for key, value in arrays.items():
            if key in ("iterations", "lr"):
                continue
            index, _, slot = key.partition("/")
            if not index.isdigit() or int(index) >= len(params):
                raise ValueError(f"{name} state: entry {key!r} names no parameter (there are {len(params)})")
            template = {"step": np.int64(0), **self.init_state(params[int(index)])}
            if slot not in template:
                raise ValueError(f"{name} state: entry {key!r} is not a slot of {name} ({', '.join(template)})")
            value = np.asarray(value)
            expected = np.asarray(template[slot])
            if value.shape != expected.shape:
                raise ValueError(f"{name} state: entry {key!r} has shape {value.shape}, expected {expected.shape}")
            if value.dtype.kind not in ("iu" if slot == "step" else "fiu"):
                raise ValueError(f"{name} state: entry {key!r} has dtype {value.dtype}, expected {expected.dtype}")
            if slot == "step" and value < 0:
                raise ValueError(f"{name} state: entry {key!r} must be a step count >= 0, got {int(value)}")
            slots.setdefault(int(index), {})[slot] = np.array(value, dtype=expected.dtype, copy=True)
        for index, found in slots.items():
            expected = ["step", *self.init_state(params[index])]
            if set(found) != set(expected):
                raise ValueError(
                    f"{name} state: parameter {index} has slots {sorted(found)}, expected {sorted(expected)}"
                )
        for index, p in enumerate(params):
            found = slots.get(index)
            if found is None:  # never stepped when saved: it starts afresh, as it did then
                self.state.pop(id(p), None)
                continue
            self.state[id(p)] = {"step": int(found.pop("step")), **found}
            self._owners[id(p)] = p
        self.iterations = int(np.asarray(arrays["iterations"]))
        if "lr" in arrays and not callable(self._lr):
            self._lr = float(np.asarray(arrays["lr"]))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self._lr!r}, iterations={self.iterations})"
