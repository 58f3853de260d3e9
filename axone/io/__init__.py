"""Safe model files (level 4): the ``.axone`` format, a zip of JSON and safetensors.

``save_model`` / ``load_model`` for whole models, ``save_weights`` / ``load_weights`` for weights
alone, ``inspect_model_file`` to read a file's architecture and parameter table without building
anything. Loading never unpickles, evaluates or imports anything named by the file; a refused
file raises ``ModelFileError`` naming the member and the field. See docs/files.md.

Example:
    >>> import os, tempfile
    >>> import axone as ax
    >>> from axone.training import Sequential
    >>> model = Sequential([ax.Input((3,)), ax.layers.Dense(2, name="hidden")])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "tiny.axone")
    ...     model.save(path)
    ...     info = ax.io.inspect_model_file(path)
    >>> info["total_params"], [w["name"] for w in info["weights"]]
    (8, ['hidden/kernel', 'hidden/bias'])
"""

from axone.io.errors import ModelFileError
from axone.io.inspection import inspect_model_file
from axone.io.json_models import model_from_json
from axone.io.model_files import load_model, load_weights, save_model, save_weights

__all__ = [
    "ModelFileError",
    "inspect_model_file",
    "load_model",
    "load_weights",
    "model_from_json",
    "save_model",
    "save_weights",
]
