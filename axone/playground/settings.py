"""Every setting of the page, read from and written to the URL's hash (``#dataset=spiral&layers=8,8``).

The hash is the one description of a run: the page sends it to the server, the server parses it
here (so the page and the tests share one parser), builds the run from it, and sends back the
canonical hash. Opening the same hash again gives the same run bit for bit (same seed).

Keys (all optional; the defaults are the page's first run):

====================  ==============================================================  ==========
key                   meaning                                                         default
====================  ==============================================================  ==========
``dataset``           circle, xor, gauss, spiral, twocircles, plane, multigauss, csv  circle
``classes``           number of classes of gauss and spiral (2 to 6)                  2
``noise``             standard deviation of the noise (0 to 1)                        0.1
``points``            number of points (20 to 2000)                                   400
``ratio``             share of the points used for training, in percent (10 to 90)    50
``seed``              seed of the points, the split, the initial weights, the order   1
``features``          input features among x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2      x1,x2
``layers``            neurons of each hidden layer (0 to 6 layers of 1 to 8)          4,2
``acts``              activation of each hidden layer                                 tanh,...
``output``            auto, sigmoid, softmax or linear                                auto
``loss``              auto, mse, log_cosh or cross_entropy                            auto
``optimizer``         sgd, momentum, nesterov, rmsprop, adagrad, adadelta, adam,      sgd
                      deltabardelta
``lr``                learning rate                                                   0.03
``hp``                the solver's other hyperparameters, ``momentum:0.9;...``        (defaults)
``batch``             batch size (1 to 500)                                           10
``l1``, ``l2``        penalties on the kernels                                        0
``dropout``           dropout rate after each hidden layer, in [0, 0.9]                0
``table``, ``x1col``, an uploaded CSV table (its id) and the columns used               (none)
``x2col``, ``target``
====================  ==============================================================  ==========

Example:
    >>> s = parse_hash("#dataset=spiral&layers=8,8&acts=relu,tanh&lr=0.01")
    >>> s.dataset, s.layers, s.acts, s.lr
    ('spiral', [8, 8], ['relu', 'tanh'], 0.01)
    >>> parse_hash(to_hash(s)) == s
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from urllib.parse import parse_qsl, quote

CLASSIFICATION = ("circle", "xor", "gauss", "spiral", "twocircles")
REGRESSION = ("plane", "multigauss")
DATASETS = CLASSIFICATION + REGRESSION + ("csv",)
FEATURES = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
ACTIVATIONS = ("step", "relu", "softplus", "leaky_relu", "elu", "sigmoid", "tanh", "linear")
OUTPUTS = ("auto", "sigmoid", "softmax", "linear")
LOSSES = ("auto", "mse", "log_cosh", "cross_entropy")
OPTIMIZERS = ("sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adadelta", "adam", "deltabardelta")
MAX_LAYERS, MAX_NEURONS = 6, 8


class SettingsError(ValueError):
    """A setting of the hash that cannot be used; the message names the key, the value and the range."""


@dataclass
class Settings:
    """One run of the playground (see the module docstring for each field)."""

    dataset: str = "circle"
    classes: int = 2
    noise: float = 0.1
    points: int = 400
    ratio: int = 50
    seed: int = 1
    features: list[str] = field(default_factory=lambda: ["x1", "x2"])
    layers: list[int] = field(default_factory=lambda: [4, 2])
    acts: list[str] = field(default_factory=lambda: ["tanh", "tanh"])
    output: str = "auto"
    loss: str = "auto"
    optimizer: str = "sgd"
    lr: float = 0.03
    hp: dict[str, float] = field(default_factory=dict)
    batch: int = 10
    l1: float = 0.0
    l2: float = 0.0
    dropout: float = 0.0
    table: str = ""
    x1col: str = ""
    x2col: str = ""
    target: str = ""


def _number(key: str, text: str, kind: type, low: float, high: float) -> float:
    try:
        value = kind(text)
    except ValueError:
        raise SettingsError(f"setting {key!r}: expected {kind.__name__} in [{low:g}, {high:g}], got {text!r}") from None
    if not low <= value <= high:  # also refuses nan
        raise SettingsError(f"setting {key!r}: {value!r} is out of range; use a value in [{low:g}, {high:g}]")
    return value


def _choice(key: str, text: str, options: tuple) -> str:
    if text not in options:
        raise SettingsError(f"setting {key!r}: unknown value {text!r}; valid values: {', '.join(options)}")
    return text


def _items(text: str) -> list[str]:
    return [part for part in text.split(",") if part != ""]


def _hyperparameters(text: str) -> dict[str, float]:
    values = {}
    for pair in filter(None, text.split(";")):
        name, _, value = pair.partition(":")
        if not name.isidentifier():
            raise SettingsError(f"setting 'hp': expected name:value pairs separated by ';', got {pair!r}")
        values[name] = _number(f"hp {name}", value, float, 0.0, 1e6)
    return values


_NUMBERS = {  # key: (type, least, most)
    "classes": (int, 2, 6),
    "noise": (float, 0.0, 1.0),
    "points": (int, 20, 2000),
    "ratio": (int, 10, 90),
    "seed": (int, 0, 2**31 - 1),
    "lr": (float, 1e-6, 1e6),
    "batch": (int, 1, 500),
    "l1": (float, 0.0, 10.0),
    "l2": (float, 0.0, 10.0),
    "dropout": (float, 0.0, 0.9),
}
_CHOICES = {"dataset": DATASETS, "output": OUTPUTS, "loss": LOSSES, "optimizer": OPTIMIZERS}
_TEXTS = ("table", "x1col", "x2col", "target")


def parse_hash(text: str) -> Settings:
    """The settings of a URL hash (with or without the ``#``); unset keys keep their defaults.

    Raises:
        SettingsError: an unknown key, a value out of its range, an unknown activation or
            feature, or a network whose layers and activations do not match in number.
    """
    values: dict = {}
    for key, raw in parse_qsl(text.lstrip("#"), keep_blank_values=True):
        if key in values:
            raise SettingsError(f"setting {key!r} is given twice in the hash")
        if key in _NUMBERS:
            values[key] = _number(key, raw, *_NUMBERS[key])
        elif key in _CHOICES:
            values[key] = _choice(key, raw, _CHOICES[key])
        elif key in _TEXTS:
            values[key] = raw
        elif key == "features":
            values[key] = [_choice("features", f, FEATURES) for f in _items(raw)]
        elif key == "layers":
            values[key] = [int(_number("layers", n, int, 1, MAX_NEURONS)) for n in _items(raw)]
        elif key == "acts":
            values[key] = [_choice("acts", a, ACTIVATIONS) for a in _items(raw)]
        elif key == "hp":
            values[key] = _hyperparameters(raw)
        else:
            known = [f.name for f in fields(Settings)]
            raise SettingsError(f"unknown setting {key!r} in the hash; known settings: {', '.join(known)}")
    settings = replace(Settings(), **values)
    if "layers" in values and "acts" not in values:  # new layers take tanh, as the page's default
        settings.acts = ["tanh"] * len(settings.layers)
    return check(settings)


def check(settings: Settings) -> Settings:
    """``settings`` when its parts agree with one another, else a ``SettingsError`` saying which."""
    if len(settings.layers) > MAX_LAYERS:
        raise SettingsError(f"setting 'layers': at most {MAX_LAYERS} hidden layers, got {len(settings.layers)}")
    if len(settings.acts) != len(settings.layers):
        raise SettingsError(
            f"settings 'layers' and 'acts': one activation per hidden layer, got {len(settings.layers)} "
            f"layers and {len(settings.acts)} activations"
        )
    if settings.dataset != "csv" and not settings.features:
        raise SettingsError("setting 'features': pick at least one input feature, e.g. features=x1,x2")
    if settings.dataset == "csv" and not (settings.table and settings.x1col and settings.x2col and settings.target):
        raise SettingsError("dataset 'csv' needs an uploaded table and its columns: table, x1col, x2col, target")
    return settings


def to_hash(settings: Settings) -> str:
    """The canonical hash of ``settings`` (every key, in a fixed order), without the ``#``."""
    parts = []
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if f.name == "hp":
            text = ";".join(f"{k}:{v!r}" for k, v in sorted(value.items()))
        elif isinstance(value, list):
            text = ",".join(str(v) for v in value)
        elif isinstance(value, float):
            text = repr(value)
        else:
            text = str(value)
        if f.name in _TEXTS and not text:
            continue
        parts.append(f"{f.name}={quote(text, safe=',;:')}")
    return "&".join(parts)


def as_dict(settings: Settings) -> dict:
    """Plain JSON-ready values, for the page's controls."""
    return {f.name: getattr(settings, f.name) for f in fields(Settings)}
