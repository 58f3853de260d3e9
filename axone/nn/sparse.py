"""Embedding: a table of learnt rows picked by integer indices (torch's ``nn.Embedding``, level 4).

Wraps one ``ax.layers.Embedding`` (its ``embeddings`` are ``weight``), initialised as torch's,
$N(0, 1)$; ``padding_idx``'s row starts at zero and gets no gradient (its rows are multiplied by a
0/1 mask after the layer).

Example:
    >>> import axone as ax, numpy as np
    >>> emb = ax.nn.Embedding(10, 3, padding_idx=0)
    >>> emb(np.array([[1, 2, 0]])).shape, emb.weight.numpy()[0].tolist()
    ((1, 3, 3), [0.0, 0.0, 0.0])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone import random
from axone.core import ops
from axone.core.tensor import Tensor
from axone.layers.embedding import Embedding as _EmbeddingLayer
from axone.nn.module import Module


class Embedding(Module):
    """``weight`` (num_embeddings, embedding_dim); ``forward(indices)`` gives ``weight[indices]``."""

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None, dtype: Any = None):
        super().__init__()
        self.num_embeddings, self.embedding_dim = int(num_embeddings), int(embedding_dim)
        self.layer = _EmbeddingLayer(self.num_embeddings, self.embedding_dim, name="embedding", dtype=dtype)
        self.layer.build_for((None, 1))
        values = random.get_rng().standard_normal((self.num_embeddings, self.embedding_dim))
        if padding_idx is not None:
            if not -self.num_embeddings <= padding_idx < self.num_embeddings:
                raise ValueError(f"Embedding: padding_idx must lie in [0, {self.num_embeddings}), got {padding_idx}")
            padding_idx %= self.num_embeddings
            values[padding_idx] = 0
        self.padding_idx = padding_idx
        self.layer.embeddings.assign(values.astype(self.layer.embeddings.dtype))
        self.register_parameter("weight", self.layer.embeddings)

    def forward(self, input: Any) -> Any:
        index = np.asarray(input.data if isinstance(input, Tensor) else input)
        rows = self.layer(index)
        if self.padding_idx is None:
            return rows
        # the mask by ops, not NumPy: a compiled step (ax.function) follows each batch's indices
        keep = ops.cast(ops.expand_dims(Tensor(index) != self.padding_idx, -1), rows.dtype)
        return rows * keep

    def extra_repr(self) -> str:
        return f"{self.num_embeddings}, {self.embedding_dim}"
