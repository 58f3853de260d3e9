r"""The network of a run, built with axone's own layers, losses and optimizers from the settings.

Hidden layers are ``Dense`` layers named ``hidden1``, ``hidden2``... (each followed by a
``Dropout`` when the rate is above 0), then ``output``. The output follows the problem unless
the settings choose it: one sigmoid unit for two classes, $k$ softmax units for $k > 2$, one
linear unit for a regression. The loss ``cross_entropy`` is the binary one after a sigmoid and
the sparse categorical one after a softmax. The solvers are the course's:

========== ================================== ==========================
setting    axone                              hyperparameters (``hp``)
========== ================================== ==========================
sgd        ``SGD(lr)``                        none
momentum   ``SGD(lr, momentum)``              momentum
nesterov   ``SGD(lr, momentum, nesterov)``    momentum
others     ``RMSprop``, ``Adagrad``,          every number of the
           ``Adadelta``, ``Adam``,            constructor (``alpha``,
           ``DeltaBarDelta``                  ``betas``... by name)
========== ================================== ==========================

Example:
    >>> from axone.playground.settings import parse_hash
    >>> s = parse_hash("layers=3&acts=relu&optimizer=momentum&hp=momentum:0.5")
    >>> model = build_model(s, n_inputs=2, task="classification", classes=2)
    >>> [(layer.name, layer.units) for layer in model.layers]
    [('hidden1', 3), ('output', 1)]
    >>> make_optimizer(s)
    SGD(lr=0.03, iterations=0)
    >>> output_and_loss(s, "classification", 3)
    ('softmax', 'sparse_categorical_crossentropy')
"""

from __future__ import annotations

import inspect
import re
import threading

import axone as ax
from axone.playground.settings import Settings, SettingsError

SOLVERS = {
    "sgd": ("SGD", {}),
    "momentum": ("SGD", {"momentum": 0.9}),
    "nesterov": ("SGD", {"momentum": 0.9, "nesterov": True}),
    "rmsprop": ("RMSprop", None),
    "adagrad": ("Adagrad", None),
    "adadelta": ("Adadelta", None),
    "adam": ("Adam", None),
    "deltabardelta": ("DeltaBarDelta", None),
}
_NOT_HYPER = {"params", "lr", "learning_rate", "weight_decay", "dampening", "nesterov", "maximize", "foreach"}
_BUILD_LOCK = threading.Lock()  # the initial weights come from the package generator: one build at a time


def hyperparameters(solver: str) -> dict[str, float]:
    """The solver's tunable numbers and their defaults (for momentum and Nesterov: the momentum)."""
    class_name, fixed = SOLVERS[solver]
    if fixed is not None:
        return {k: v for k, v in fixed.items() if not isinstance(v, bool)}
    signature = inspect.signature(getattr(ax.optimizers, class_name).__init__)
    found = {}
    for p in signature.parameters.values():
        default = p.default
        if p.name in _NOT_HYPER or isinstance(default, bool):
            continue
        if isinstance(default, (int, float)):
            found[p.name] = float(default)
        elif isinstance(default, tuple) and all(isinstance(d, (int, float)) for d in default):
            found.update({f"{p.name}{i}": float(d) for i, d in enumerate(default)})  # betas0, betas1
    return found


def solver_arguments(settings: Settings) -> tuple[str, dict]:
    """(axone class name, keyword arguments) of the settings' solver, its ``hp`` values checked."""
    class_name, fixed = SOLVERS[settings.optimizer]
    known = hyperparameters(settings.optimizer)
    unknown = set(settings.hp) - set(known)
    if unknown:
        raise SettingsError(
            f"setting 'hp': {settings.optimizer} has no hyperparameter {sorted(unknown)}; it has {sorted(known) or 'none'}"
        )
    parameters = inspect.signature(getattr(ax.optimizers, class_name).__init__).parameters
    kwargs: dict = {"lr": settings.lr, **(fixed or {})}
    groups: dict[str, list] = {}
    for name, value in {**known, **settings.hp}.items():
        match = re.fullmatch(r"(\w+?)(\d)", name)
        if match and name not in parameters:
            groups.setdefault(match[1], []).append(value)  # betas0, betas1 -> betas=(b0, b1)
        else:
            kwargs[name] = value
    return class_name, {**kwargs, **{k: tuple(v) for k, v in groups.items()}}


def make_optimizer(settings: Settings) -> ax.optimizers.Optimizer:
    """The solver of the settings, with the learning rate and the ``hp`` values given."""
    class_name, kwargs = solver_arguments(settings)
    try:
        return getattr(ax.optimizers, class_name)(**kwargs)
    except (TypeError, ValueError) as error:
        raise SettingsError(f"solver {settings.optimizer}: {error}") from None


def output_and_loss(settings: Settings, task: str, classes: int) -> tuple[str, str]:
    """(output activation, axone loss name) for the problem and the settings."""
    if task == "regression":
        output = "linear" if settings.output == "auto" else settings.output
        if output != "linear":
            raise SettingsError(f"setting 'output': a regression needs a linear output, got {output!r}")
    else:
        output = settings.output if settings.output != "auto" else ("sigmoid" if classes == 2 else "softmax")
        if output == "linear" or (output == "sigmoid" and classes > 2):
            raise SettingsError(
                f"setting 'output': {classes} classes need {'softmax' if classes > 2 else 'sigmoid or softmax'}, got {output!r}"
            )
    loss = settings.loss
    if loss == "auto":
        loss = "mse" if output == "linear" else "cross_entropy"
    if loss == "cross_entropy":
        if output == "linear":
            raise SettingsError("setting 'loss': cross_entropy needs a sigmoid or softmax output; use mse or log_cosh")
        loss = "binary_crossentropy" if output == "sigmoid" else "sparse_categorical_crossentropy"
    return output, loss


def build_model(settings: Settings, n_inputs: int, task: str, classes: int) -> ax.Sequential:
    """The ``Sequential`` of the settings, its initial weights drawn from ``settings.seed``."""
    output, _ = output_and_loss(settings, task, classes)
    layers: list = [ax.Input((n_inputs,))]
    for i, (units, activation) in enumerate(zip(settings.layers, settings.acts), start=1):
        layers.append(ax.layers.Dense(units, activation=activation, name=f"hidden{i}"))
        if settings.dropout > 0:
            layers.append(ax.layers.Dropout(settings.dropout, seed=settings.seed + i, name=f"dropout{i}"))
    units = classes if output == "softmax" else 1
    layers.append(ax.layers.Dense(units, activation=output, name="output"))
    with _BUILD_LOCK:
        ax.random.seed(settings.seed)
        return ax.Sequential(layers)


def dense_layers(model: ax.Sequential) -> list:
    """The model's Dense layers in order (the ones the page draws as columns of neurons)."""
    return [layer for layer in model.layers if isinstance(layer, ax.layers.Dense)]


def solver_formula(solver: str) -> list[str]:
    """The lines of the "Math" section of the solver's docstring (LaTeX between ``$``)."""
    class_name, _ = SOLVERS[solver]
    doc = inspect.getdoc(getattr(ax.optimizers, class_name)) or ""
    lines, inside = [], False
    for line in doc.splitlines():
        if line.startswith("Math"):
            inside = True
            lines.append(line.rstrip(":").strip())
        elif inside and (not line.strip() or not line.startswith(" ")):
            break
        elif inside:
            lines.append(line.strip().replace("``", ""))
    return lines
