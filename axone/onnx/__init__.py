"""ONNX export (level 4): ``ax.onnx.export(model, "m.onnx")``, for tools that are not axone.

Built with the ``onnx`` package's helpers (``pip install axone[onnx]``, which also installs
onnxruntime for ``compare``); ``import axone`` does not import it. The files, one per concept:

| file | holds |
|---|---|
| `graph.py` | `Graph`: nodes, initializers and unique names; `ExportError` |
| `convert.py` | the table of converters by layer class; the course's activations as ONNX nodes |
| `layers_basic.py` | Dense, Activation, Dropout, Flatten, Normalization, BatchNormalization, Sequential, Residual, TimeDistributed |
| `layers_images.py` | Conv2D and the pooling layers (channels-last around ONNX's channels-first ops) |
| `layers_recurrent.py` | SimpleRNN, LSTM, GRU (the gate orders mapped to ONNX's) |
| `layers_graph.py` | functional models (`ax.Model(inputs=, outputs=)`) and the merge layers Add, Multiply, Concatenate |
| `layers_torch.py` | the PyTorch face `ax.nn`: Linear, Conv2d, pooling, BatchNorm1d/2d, activations, Sequential |
| `export.py` | `build` (check, convert, `onnx.checker`) and `export` (atomic write) |
| `runtime.py` | `run`, `compare` and `sample_input`: onnxruntime's output and its gap to axone's |

docs/onnx.md has the layer table with the gaps measured against onnxruntime.
"""

from axone.onnx.export import ExportError, build, export
from axone.onnx.runtime import compare, run, sample_input

__all__ = ["ExportError", "build", "compare", "export", "run", "sample_input"]
