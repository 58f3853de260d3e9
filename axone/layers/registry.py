"""The closed registry of layer class names (level 3).

A model file names its layers by class name; loading resolves each name here and nowhere else:
a name that is not registered (``os.system``, a typo) is refused, nothing is ever imported.

Example:
    >>> from axone.layers import registry
    >>> registry.get("Dense").__name__
    'Dense'
"""

from __future__ import annotations

from typing import TypeVar

_classes: dict[str, type] = {}

T = TypeVar("T", bound=type)


def register(cls: T) -> T:
    """Class decorator: make ``cls`` loadable from model files under its own name."""
    name = cls.__name__
    if name in _classes and _classes[name] is not cls:
        raise ValueError(f"two layer classes are named {name!r}: {_classes[name]} and {cls}")
    _classes[name] = cls
    return cls


def get(name: str) -> type:
    """The registered class called ``name``; a clear error listing the valid names otherwise."""
    if not isinstance(name, str) or name not in _classes:
        raise ValueError(f"unknown layer class {name!r}; known classes: {', '.join(sorted(_classes))}")
    return _classes[name]


def names() -> list[str]:
    return sorted(_classes)


def serialize(layer: object) -> dict:
    """``{"class_name": ..., "config": ...}``: plain JSON that ``deserialize`` turns back into a layer.

    Example:
        >>> import axone as ax
        >>> ax.layers.registry.serialize(ax.layers.Dense(2, name="d"))["config"]["units"]
        2
    """
    name = type(layer).__name__
    if _classes.get(name) is not type(layer):
        raise ValueError(
            f"layer class {name!r} is not registered: decorate it with @axone.layers.registry.register "
            "to save it in a model file"
        )
    return {"class_name": name, "config": layer.get_config()}


def deserialize(config: dict) -> object:
    """The layer described by ``{"class_name": ..., "config": ...}``; only registered classes are built."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"a layer config must be a dict with 'class_name' and 'config', got {config!r:.200}")
    inner = config.get("config", {})
    if not isinstance(inner, dict):
        raise ValueError(f"layer {config['class_name']!r}: field 'config' must be a dict, got {type(inner).__name__}")
    return get(config["class_name"]).from_config(inner)
