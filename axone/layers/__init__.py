"""Layers, one file each, on the ``Layer`` base class (level 3)."""

from axone.layers import registry
from axone.layers.base import Layer

__all__ = ["Layer", "registry"]
