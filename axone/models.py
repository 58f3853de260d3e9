r"""Ready-made convolutional networks (level 4): LeNet-5 and a small ResNet; and Keras's
``keras.models`` functions ``load_model`` and ``model_from_json`` (from ``axone.io``).

LeNet-5 is the course's "premier CNN qui a bien fonctionné pour lire les codes postaux" (Yann
LeCun, 1990s); the ResNet adds the course's skip connection $y = F(x, w) + x$ around pairs of
convolutions. Both return an uncompiled ``Sequential``.

Example:
    >>> import axone as ax
    >>> model = ax.models.lenet5()
    >>> model.count_params()
    61706
"""

from __future__ import annotations

from typing import Any

from axone.io import load_model, model_from_json
from axone.layers import (
    Activation,
    Conv2D,
    Dense,
    Flatten,
    GlobalAveragePooling2D,
    Input,
    MaxPooling2D,
    Residual,
)
from axone.training import Model, Sequential

__all__ = ["Model", "Sequential", "lenet5", "load_model", "model_from_json", "residual_block", "small_resnet"]


def lenet5(
    input_shape: tuple = (28, 28, 1),
    classes: int = 10,
    classifier_activation: Any = "softmax",
    activation: Any = "relu",
    name: str | None = None,
) -> Sequential:
    r"""LeNet-5 as trained today: ReLU and max pooling (the 1998 network used tanh and averages).

    Layers: conv 6 @ 5x5 (padding 2) -> pool 2 -> conv 16 @ 5x5 -> pool 2 -> dense 120 -> dense 84
    -> dense ``classes``. On 28 x 28 x 1 images the flattened features are 5 x 5 x 16 = 400 and
    the network has 61,706 parameters.

    Args:
        input_shape: one image, (H, W, C) channels-last; at least 12 x 12 (two 5 x 5 valid convolutions
            after padding 2 and two poolings).
        classes: outputs of the last layer.
        classifier_activation: the last layer's activation: "softmax" (pair it with a cross-entropy),
            or None for logits (pair it with ``from_logits=True``).
        activation: of the hidden layers.
    """
    return Sequential(
        [
            Input(tuple(input_shape)),
            Conv2D(6, 5, padding=2, activation=activation),
            MaxPooling2D(2),
            Conv2D(16, 5, activation=activation),
            MaxPooling2D(2),
            Flatten(),
            Dense(120, activation=activation),
            Dense(84, activation=activation),
            Dense(classes, activation=classifier_activation),
        ],
        name=name,
    )


def residual_block(filters: int, kernel_size: int = 3, activation: Any = "relu") -> list:
    r"""$y = \text{relu}(F(x) + x)$ with $F$ = conv -> relu -> conv, both "same" and ``filters`` wide."""
    block = [
        Conv2D(filters, kernel_size, padding="same", activation=activation),
        Conv2D(filters, kernel_size, padding="same"),
    ]
    return [Residual(block), Activation(activation)]


def small_resnet(
    input_shape: tuple = (32, 32, 3),
    classes: int = 10,
    filters: tuple = (16, 32),
    blocks_per_stage: int = 1,
    classifier_activation: Any = "softmax",
    name: str | None = None,
) -> Sequential:
    r"""A small ResNet: a stem convolution, then per stage residual blocks and a 2 x 2 max pool.

    Each stage widens the image's depth and halves its surface, as the course says a CNN should;
    the first convolution of a stage changes the width so that the skip $+ x$ adds equal shapes.
    Global average pooling then a dense classifier end it.

    Args:
        input_shape: one image, (H, W, C).
        classes: outputs of the last layer.
        filters: channels of each stage.
        blocks_per_stage: residual blocks per stage.
        classifier_activation: "softmax", or None for logits.

    Example:
        >>> import axone as ax, numpy as np
        >>> model = ax.models.small_resnet((8, 8, 1), classes=10, filters=(4, 8))
        >>> model.predict(np.zeros((2, 8, 8, 1), dtype="float32")).shape
        (2, 10)
    """
    layers: list = [Input(tuple(input_shape))]
    for stage, width in enumerate(filters):
        layers.append(Conv2D(width, 3, padding="same", activation="relu"))
        for _ in range(blocks_per_stage):
            layers.extend(residual_block(width))
        if stage < len(filters) - 1:
            layers.append(MaxPooling2D(2))
    layers += [GlobalAveragePooling2D(), Dense(classes, activation=classifier_activation)]
    return Sequential(layers, name=name)
