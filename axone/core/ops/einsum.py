r"""Einstein summation: ``einsum("ij,jk->ik", a, b)`` names each axis by a letter.

Math:
    The output is the sum, over every letter absent from the output, of the product of the
    operands: $y_{ik} = \sum_j a_{ij} b_{jk}$. The gradient of operand $a$ is the same kind of sum,
    of the output's gradient times the other operands, onto $a$'s letters:
    $\partial L / \partial a_{ij} = \sum_k g_{ik} b_{jk}$, i.e. ``einsum("ik,jk->ij", g, b)``.
    A letter summed in $a$ alone gets the gradient broadcast along it; a repeated letter
    (``"ii->i"``, a diagonal) gets it written on that diagonal.

Own op: no composition of the other ops reads any better, and one ``xp.einsum`` call is the
fastest (design principle 3c).
"""

from __future__ import annotations

import string
from typing import Any

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.tensor import Tensor


def parse(spec: str, shapes: list[tuple[int, ...]]) -> tuple[list[str], str]:
    """The subscripts of each operand and of the output, letters only (``...`` becomes letters).

    Example:
        >>> parse("...i,i", [(2, 3, 4), (4,)])
        (['ABi', 'i'], 'AB')
    """
    spec = spec.replace(" ", "")
    given, arrow, out = spec.partition("->")
    terms = given.split(",")
    if len(terms) != len(shapes):
        raise ValueError(f"einsum: subscripts {spec!r} name {len(terms)} operands, but {len(shapes)} were given")
    free = [c for c in string.ascii_uppercase + string.ascii_lowercase if c not in spec]
    ellipsis_dims = [len(shape) - (len(term) - 3) for term, shape in zip(terms, shapes) if "..." in term]
    ellipsis = "".join(free[: max(ellipsis_dims, default=0)])
    for i, (term, shape) in enumerate(zip(terms, shapes)):
        if "..." in term:  # aligned from the right, as broadcasting is
            term = term.replace("...", ellipsis[len(ellipsis) - (len(shape) - (len(term) - 3)) :])
        if len(term) != len(shape) or not term.isalpha():
            raise ValueError(
                f"einsum: operand {i} has shape {shape} ({len(shape)} axes), but its subscripts "
                f"{terms[i]!r} name {len(term)}; give one letter per axis (or '...' for the rest)"
            )
        terms[i] = term
    if arrow:
        out = out.replace("...", ellipsis)
    else:  # NumPy's implicit output: the ellipsis axes, then the letters used once, sorted
        letters = "".join(terms)
        out = ellipsis + "".join(sorted(c for c in set(letters) if letters.count(c) == 1 and c not in ellipsis))
    return terms, out


class Einsum(Op):
    r"""$y = $ ``xp.einsum(spec, *operands)``; each operand's gradient is an einsum of $g$ and the others."""

    @staticmethod
    def forward(ctx, *operands, spec):
        ctx.terms, ctx.out = terms, out = parse(spec, [x.shape for x in operands])
        ctx.save(*operands)
        ctx.sizes = sizes = {}
        for term, x in zip(terms, operands):
            for letter, n in zip(term, x.shape):
                sizes[letter] = max(sizes.get(letter, 1), n)  # a size-1 axis broadcasts
        return xp.asarray(xp.einsum(",".join(terms) + "->" + out, *operands))

    @staticmethod
    def backward(ctx, grad_out):
        operands, terms, sizes = ctx.saved, ctx.terms, ctx.sizes
        grads = []
        for i, term in enumerate(terms):
            if not ctx.parents[i].requires_grad:
                grads.append(None)
                continue
            others = [t for j, t in enumerate(terms) if j != i]
            unique = "".join(dict.fromkeys(term))
            present = "".join(c for c in unique if c in ctx.out or any(c in t for t in others))
            rest = [x for j, x in enumerate(operands) if j != i]
            grad = xp.einsum(",".join([ctx.out, *others]) + "->" + present, grad_out, *rest)
            if present != unique:  # letters summed in this operand alone: the gradient is spread along them
                kept = iter(grad.shape)
                grad = grad.reshape([next(kept) if c in present else 1 for c in unique])
                grad = xp.broadcast_to(grad, [sizes[c] for c in unique]).copy()
            if unique != term:  # a repeated letter: the gradient lands on that diagonal
                full = xp.zeros([sizes[c] for c in term], dtype=grad.dtype)
                xp.einsum(term + "->" + unique, full)[...] = grad  # einsum's diagonal is a writeable view
                grad = full
            grads.append(grad)
        return tuple(grads)


def einsum(spec: str, *operands: Any) -> Tensor:
    """Einstein summation over ``operands`` (NumPy's and PyTorch's subscripts, ``...`` included).

    Example:
        >>> import axone as ax
        >>> a = ax.Tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> ax.einsum("ij,ij->i", a, a), ax.einsum("ii", a)
        (Tensor([ 5., 25.], dtype=float32), Tensor(5., dtype=float32))
    """
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):  # torch.einsum(spec, [a, b])
        operands = tuple(operands[0])
    if not isinstance(spec, str):
        raise TypeError(
            f"einsum: the first argument is the subscripts string (e.g. 'ij,jk->ik'), got a {type(spec).__name__}"
        )
    return Einsum.apply(*operands, spec=spec)
