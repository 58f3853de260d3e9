"""The course, runnable: one lab per example of the course (level 5).

``axone lab NAME`` runs one; ``axone.labs.run(NAME, quick=True)`` returns its ``LabResult``.
"""

from __future__ import annotations

from pathlib import Path

from axone.labs.common import LabResult

# lab name -> (module, one-line description); the order is the course's
LABS: dict[str, tuple[str, str]] = {
    "neuron": ("neuron", "z = b + sum w_i x_i, y = sigma(z): the eight activations and their derivatives"),
    "approximation": ("approximation", "Pinkus' theorem: one hidden layer of r neurons fits a continuous function"),
    "first-network": ("first_network", "a small logistic network with hand-set weights on (1,1), (0,1), (1,0), (0,0)"),
    "lunch": ("lunch", "the lunch bills: the proportional correction rule, then gradient descent"),
    "tape": ("tape", "GradientTape: 108 for z = (x^2)^2 at x = 3, and the gradient of a model's error"),
    "backprop": ("backprop", "one weight's gradient by the chain rule, factor by factor, equal to the tape's"),
    "descent": ("descent", "gradient descent on a convex error: one sample at a time zigzags, batches do not"),
    "scaling": ("scaling", "normalising and centring the data reshape the error function"),
    "local-minima": ("local_minima", "on a non-convex error, where descent ends depends on where it starts"),
    "optimizers": ("optimizers", "the course's solvers raced on a saddle point, Beale's function and an almost-saddle"),
    "logic": ("logic", "the XOR & co network (2-3-1, sigmoid) three ways, with the same outputs"),
    "circles": ("circles", "two concentric circles separated by 6 ReLU and 1 sigmoid"),
    "addition": ("addition", "a recurrent network adding binary numbers bit by bit"),
    "kernels": ("kernels", "the course's four convolution kernels, stride, max against average pooling"),
    "lenet": ("lenet", "LeNet-5 trained on the 8x8 digits: accuracy, confusion, filters"),
    "residual": ("residual", "a deep plain network against the same with y = F(x, w) + x"),
    "label-noise": ("label_noise", "accuracy against the share of wrong labels, and the suspicious samples"),
    "cleaning": ("cleaning", "a messy table cleaned with pandas: accuracy before and after"),
}


def run(name: str, quick: bool = False, out: str | Path | None = None) -> LabResult:
    """Run the lab called ``name`` (see ``LABS``) and return its result."""
    if name not in LABS:
        raise ValueError(f"unknown lab {name!r}; the labs are: {', '.join(LABS)}")
    module = _modules().get(LABS[name][0])
    if module is None:
        raise ModuleNotFoundError(f"lab {name!r} names the module axone.labs.{LABS[name][0]}, which does not exist")
    return module.run(quick=quick, out=out)


def _modules() -> dict:
    """The lab modules by module name: a fixed list, imported on first use (they are heavy)."""
    from axone.labs import (
        addition,
        approximation,
        backprop,
        circles,
        cleaning,
        descent,
        first_network,
        kernels,
        label_noise,
        lenet,
        local_minima,
        logic,
        lunch,
        neuron,
        optimizers,
        residual,
        scaling,
        tape,
    )

    found = [addition, approximation, backprop, circles, cleaning, descent, first_network, kernels, label_noise]
    found += [lenet, local_minima, logic, lunch, neuron, optimizers, residual, scaling, tape]
    return {module.__name__.rsplit(".", 1)[1]: module for module in found}


__all__ = ["LABS", "LabResult", "run"]
