"""Embedding: a table of learnt rows picked by integer indices (torch's ``nn.Embedding``, level 4).

Composed of ops (``F.embedding``, a gather whose backward adds repeated rows): axone had no
``Embedding`` layer when this face was written. Initialised as torch, $N(0, 1)$.

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
from axone.core.backend import get_default_dtype
from axone.nn import functional as F
from axone.nn.module import Module, Parameter


class Embedding(Module):
    """``weight`` (num_embeddings, embedding_dim); ``forward(indices)`` gives ``weight[indices]``."""

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None, dtype: Any = None):
        super().__init__()
        self.num_embeddings, self.embedding_dim = int(num_embeddings), int(embedding_dim)
        dtype = get_default_dtype() if dtype is None else np.dtype(dtype)
        values = random.get_rng().standard_normal((self.num_embeddings, self.embedding_dim)).astype(dtype)
        if padding_idx is not None:
            if not -self.num_embeddings <= padding_idx < self.num_embeddings:
                raise ValueError(f"Embedding: padding_idx must lie in [0, {self.num_embeddings}), got {padding_idx}")
            padding_idx %= self.num_embeddings
            values[padding_idx] = 0
        self.padding_idx = padding_idx
        self.weight = Parameter(values)

    def forward(self, input: Any) -> Any:
        return F.embedding(input, self.weight, self.padding_idx)

    def extra_repr(self) -> str:
        return f"{self.num_embeddings}, {self.embedding_dim}"
