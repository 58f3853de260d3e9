"""The engine: Tensor, Op, the backward pass and the GradientTape (level 1)."""
