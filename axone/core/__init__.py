"""The engine: Tensor, Op, the backward pass and the GradientTape (level 1)."""

from axone.core.collector import collect_cycles_less_often

collect_cycles_less_often()  # the graph is freed by reference counts (see collector.py)
