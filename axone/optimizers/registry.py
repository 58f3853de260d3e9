"""The closed registry of optimizer classes: names to classes, and optimizers to plain JSON.

Every subclass of ``Optimizer`` registers itself by its class name (``Optimizer.__init_subclass__``);
a saved configuration names its class, and only a registered name is ever resolved: nothing is
imported from a file.

Example:
    >>> import axone as ax
    >>> serialize(ax.optimizers.SGD(lr=0.5))["class_name"], "Adam" in names()
    ('SGD', True)
"""

from __future__ import annotations

from typing import Any

_classes: dict[str, type] = {}


def register(cls: type) -> None:
    _classes[cls.__name__] = cls


def names() -> list[str]:
    """The registered optimizer class names."""
    return sorted(_classes)


def serialize(optimizer: Any) -> dict:
    """``{"class_name": ..., "config": ...}``, plain JSON."""
    return {"class_name": type(optimizer).__name__, "config": optimizer.get_config()}


def deserialize(config: Any) -> Any:
    """Rebuild from :func:`serialize`; class names resolve only through this closed registry."""
    if not isinstance(config, dict) or set(config) != {"class_name", "config"}:
        raise ValueError(f"an optimizer config is a dict with 'class_name' and 'config', got {config!r}")
    cls = _classes.get(config["class_name"]) if isinstance(config["class_name"], str) else None
    if cls is None:
        raise ValueError(f"unknown optimizer class {config['class_name']!r}; known: {', '.join(names())}")
    return cls.from_config(config["config"])
