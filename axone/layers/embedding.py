r"""Embedding: a learned vector for each of ``input_dim`` symbols (Keras's ``Embedding``, torch's ``nn.Embedding``).

Math:
    $y_{n,t} = W_{i_{n,t}}$: row $i$ of the matrix $W$ of shape $(n_{symbols}, d)$ for the
    symbol $i$. It is a Dense layer on the one-hot code of $i$ ($y = \mathrm{onehot}(i) W$)
    computed by indexing instead of a product: the gradient of $W$'s row $i$ sums the
    gradients of every position holding $i$ (``gather``'s backward, ``np.add.at``). The indices
    go through ops (``cast``, ``reshape``, ``gather``, whose index is an input), so that a compiled
    step (``ax.function``, ``jit_compile``) reads each batch's own indices at every replay.
    Parameters: $n_{symbols} \cdot d$.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone import initializers
from axone.core.ops import broadcast_to, cast, gather, reshape
from axone.core.tensor import Tensor
from axone.layers import registry
from axone.layers.base import Layer
from axone.layers.node import is_symbolic


@registry.register
class Embedding(Layer):
    r"""Turns integer symbols (word or category indices) into dense vectors: $y = W_i$.

    Args:
        input_dim: $n_{symbols}$, the number of symbols (indices go from 0 to ``input_dim - 1``).
        output_dim: $d$, the size of each vector.
        embeddings_initializer: of $W$ (Keras's default: uniform in [-0.05, 0.05]).

    Shape:
        $(N, \dots)$ integer indices $\to (N, \dots, d)$. Indices given as floats (``fit`` casts
        its inputs to the model's dtype) must be whole numbers.

    Example:
        >>> import axone as ax
        >>> layer = ax.layers.Embedding(10, 3)
        >>> layer([[1, 2, 1]]).shape, layer.count_params()
        ((1, 3, 3), 30)
    """

    def __init__(
        self, input_dim: int, output_dim: int, *, embeddings_initializer: Any = "random_uniform", **kwargs: Any
    ):
        super().__init__(**kwargs)
        for key, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise ValueError(f"layer '{self.name}' (Embedding): {key} must be a positive integer, got {value!r}")
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings: Tensor | None = None

    def __call__(self, x: Any, training: bool | None = None, **kwargs: Any) -> Any:
        if not isinstance(x, Tensor) and not is_symbolic(x):
            x = Tensor(np.asarray(x))  # integer indices stay integers (Layer would cast them to floats)
        return super().__call__(x, training, **kwargs)

    def build(self, input_shape: tuple) -> None:
        self.embeddings = self.add_weight("embeddings", (self.input_dim, self.output_dim), self.embeddings_initializer)

    def check_input(self, shape: tuple) -> None:
        """Any shape of indices: the layer's weights do not depend on it."""

    def _check_indices(self, x: Tensor) -> None:
        ids = x.data
        if ids.dtype.kind == "f":
            if not np.all(ids == np.round(ids)):
                raise ValueError(
                    f"layer '{self.name}' (Embedding): indices must be whole numbers, got {ids[ids != np.round(ids)][0]}"
                )
        elif ids.dtype.kind not in "iu":
            raise ValueError(f"layer '{self.name}' (Embedding): indices must be integers, got dtype {ids.dtype}")
        if ids.size and (ids.min() < 0 or ids.max() >= self.input_dim):
            bad = ids.min() if ids.min() < 0 else ids.max()
            raise ValueError(
                f"layer '{self.name}' (Embedding): index {bad:g} is out of range: input_dim={self.input_dim} "
                f"symbols go from 0 to {self.input_dim - 1}; raise input_dim or re-encode the data"
            )

    def call(self, x: Tensor, training: bool = False) -> Tensor:
        self._check_indices(x)  # eagerly, and when a compiled step is traced
        ids = x if x.dtype == np.intp else cast(x, np.intp)
        rows = reshape(ids, (-1, 1))  # one row of W per position: take_along_axis on an (M, d) index
        index = broadcast_to(rows, (rows.shape[0], self.output_dim))
        return reshape(gather(self.embeddings, 0, index), (*x.shape, self.output_dim))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
        }

    def formula(self) -> list[str]:
        return ["y = W[i]  (row i of W for symbol i)"]

    def param_formula(self) -> str:
        return f"{self.input_dim} * {self.output_dim} = {self.input_dim * self.output_dim}"
