"""``model_from_json``: the architecture written by ``model.to_json()``, rebuilt (level 4).

The JSON is ``{"class_name": ..., "config": ...}``, the same layer spec a model file stores in
``config.json``: read as strict JSON, validated by the same schema (class names only through
axone's registry, every field checked) and built by the same builder; the weights are fresh
(initialised as a new model's), as in Keras. A refused spec raises ``ModelFileError`` naming the
field.

Example:
    >>> import axone as ax
    >>> model = ax.Sequential([ax.Input((3,)), ax.layers.Dense(2, name="out")])
    >>> again = ax.models.model_from_json(model.to_json())
    >>> [layer.name for layer in again.layers], again.count_params()
    (['out'], 8)
"""

from __future__ import annotations

from typing import Any

from axone.io import jsonsafe, validate
from axone.layers.base import weight_budget

SOURCE, MEMBER = "(json string)", "to_json"
MAX_JSON_BYTES = 16 * 2**20
MAX_NEW_WEIGHTS = 2**27  # values the rebuilt layers may allocate (512 MiB of float32): a spec is data


def model_from_json(json_string: str | bytes, custom_objects: Any = None) -> Any:
    """The model (or layer) described by ``json_string``, with new weights.

    Args:
        json_string: what ``model.to_json()`` returned.
        custom_objects: Keras's argument, refused when given: axone builds only registered classes
            (decorate your layer with ``@axone.layers.registry.register``).

    Raises:
        ModelFileError: for malformed JSON or a spec axone refuses, naming the field.
    """
    if custom_objects:
        raise ValueError(
            "model_from_json(): custom_objects is not used by axone: register your layer classes with "
            "@axone.layers.registry.register and they are found by name"
        )
    from axone.io.model_files import build

    raw = json_string.encode("utf-8") if isinstance(json_string, str) else bytes(json_string)
    spec = jsonsafe.loads(raw, SOURCE, MEMBER, max_bytes=MAX_JSON_BYTES)
    validate.check_layer_spec(spec, SOURCE, MEMBER, "model")
    with weight_budget(MAX_NEW_WEIGHTS):
        return build(spec, SOURCE, "model")
