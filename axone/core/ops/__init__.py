"""Differentiable ops, one file per family; every public function here is also ``axone.<name>``."""

from axone.core.ops.activation import (
    elu,
    leaky_relu,
    linear,
    log_softmax,
    logistic,
    relu,
    sigmoid,
    softmax,
    softplus,
    step,
    tanh,
)
from axone.core.ops.affine import dense
from axone.core.ops.arithmetic import add, cast, div, mul, neg, pow, sub
from axone.core.ops.conv import conv2d
from axone.core.ops.cumulative import cumsum
from axone.core.ops.einsum import einsum
from axone.core.ops.elementary import cos, cosh, expm1, log1p, sin, sinh, square, tan
from axone.core.ops.loss import binary_crossentropy_with_logits, one_hot, softmax_cross_entropy
from axone.core.ops.math import abs, clip, exp, log, maximum, minimum, sqrt, where
from axone.core.ops.matmul import matmul
from axone.core.ops.order import argmax, argmin, gather, sort, topk
from axone.core.ops.pool import avg_pool2d, global_avg_pool2d, max_pool2d
from axone.core.ops.recurrent import gru, lstm, simple_rnn
from axone.core.ops.reduce import max, mean, min, sum, var
from axone.core.ops.shape import (
    broadcast_to,
    cat,
    concat,
    expand_dims,
    getitem,
    pad,
    permute,
    reshape,
    squeeze,
    stack,
    transpose,
)

# a packed list of names; each family appends its own line
# fmt: off
__all__ = [
    "abs", "add", "binary_crossentropy_with_logits", "broadcast_to", "cast", "clip", "concat",
    "dense", "div", "elu", "exp", "expand_dims", "getitem", "leaky_relu", "linear", "log", "log_softmax", "one_hot",
    "logistic", "matmul", "max", "maximum", "mean", "min", "minimum", "mul", "neg", "pad",
    "permute", "pow", "relu", "reshape", "sigmoid", "softmax", "softmax_cross_entropy", "softplus", "sqrt", "squeeze",
    "stack", "step", "sub", "sum", "tanh", "transpose", "var", "where",
    "gru", "lstm", "simple_rnn",
    "avg_pool2d", "conv2d", "global_avg_pool2d", "max_pool2d",
    "argmax", "argmin", "cat", "cos", "cosh", "cumsum", "einsum", "expm1", "gather", "log1p", "sin", "sinh",
    "sort", "square", "tan", "topk",
]
# fmt: on

# the Tensor methods (x.relu(), x.sum(dim=1)...) and NumPy's protocols call the ops above
from axone.core import in_place, numpy_interop, tensor_methods  # noqa: E402, F401
