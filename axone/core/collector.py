"""The graph and CPython's cyclic garbage collector: collect cycles less often.

An eager graph holds no reference cycle: a node (``Op``) refers to its inputs, never to its
output, so reference counting frees the graph as soon as its output is dropped. CPython's
cyclic collector does not know that. It runs every 700 allocations of container objects (its
default first threshold) and, as a graph grows, promotes its nodes and walks them, with every
other object of the process, again and again: on a chain of 10,000 ops the cost per op doubled
(9.9 us against 4.6 us on 1,000 ops; with torch imported, 170,000 objects are walked at each
full collection). With the first threshold at 10,000 the cost per op stays flat (4.4, 5.2 and
6.0 us on 1,000, 10,000 and 100,000 ops), as ``python -m benchmarks.run overhead`` measures.

So importing axone raises the first threshold to 10,000 when it is still CPython's default
(a threshold the user chose is left alone); ``gc.set_threshold`` sets it back. Cycles elsewhere
in the program are still collected, only in larger batches.

Example:
    >>> import gc, axone
    >>> gc.get_threshold()[0] >= 10_000 or gc.get_threshold()[0] != 700
    True
"""

from __future__ import annotations

import gc

CPYTHON_DEFAULT = 700  # gc.get_threshold()[0] of a fresh interpreter
GRAPH_FRIENDLY = 10_000  # allocations between two collections of the youngest generation


def collect_cycles_less_often() -> None:
    """Raise the collector's first threshold to ``GRAPH_FRIENDLY`` if it is CPython's default."""
    first, *older = gc.get_threshold()
    if first == CPYTHON_DEFAULT:
        gc.set_threshold(GRAPH_FRIENDLY, *older)
