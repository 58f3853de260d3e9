r"""The base of the recurrent layers (SimpleRNN, LSTM, GRU): shapes, weights, initial states.

A recurrent layer reads inputs (N, T, F), one time step after the other, and keeps a state
(the "memory" of the course's adder) from one step to the next. The number of steps T is free:
a layer built for sequences of 9 steps runs on sequences of 50, so ``Input((None, F))`` works.
Subclasses say how many gate blocks their weights hold (1, 4 or 3) and run one op from
``axone.core.ops.recurrent`` over the whole sequence.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from axone import activations, initializers
from axone.core.ops.recurrent import ACTIVATIONS
from axone.core.ops.shape import getitem
from axone.core.tensor import Tensor
from axone.layers.base import Layer


class Recurrent(Layer):
    """Common part of SimpleRNN, LSTM and GRU (not registered: use one of them).

    Args:
        units: size of the state $h_t$.
        activation: $f$ (tanh by default); tanh, sigmoid, relu or linear.
        use_bias: add the bias $b$.
        return_sequences: return every $h_t$, (N, T, units), instead of the last, (N, units).
        return_state: also return the final state(s): ``[output, h_T]`` (``[output, h_T, c_T]``
            for LSTM).
        kernel_initializer, recurrent_initializer, bias_initializer: for $W$, $U$ and $b$.

    Call as ``layer(x)`` or ``layer(x, initial_state=h0)`` (``[h0, c0]`` for LSTM).
    """

    gates = 1  # gate blocks side by side in the kernels' columns
    state_names: tuple[str, ...] = ("h",)

    def __init__(
        self,
        units: int,
        *,
        activation: Any = "tanh",
        use_bias: bool = True,
        return_sequences: bool = False,
        return_state: bool = False,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if int(units) < 1:
            raise ValueError(
                f"layer '{self.name}' ({type(self).__name__}): units must be a positive integer, got {units}"
            )
        self.units = int(units)
        self.activation = self._op_activation(activation, "activation")
        self.use_bias = bool(use_bias)
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.kernel_initializer = initializers.serialize(kernel_initializer)
        self.recurrent_initializer = initializers.serialize(recurrent_initializer)
        self.bias_initializer = initializers.serialize(bias_initializer)

    def _op_activation(self, activation: Any, argument: str) -> str:
        name = activations.name_of(activation)
        if name not in ACTIVATIONS:
            raise ValueError(
                f"layer '{self.name}' ({type(self).__name__}): {argument}={name!r} is not supported by the "
                f"recurrent ops; use one of {sorted(ACTIVATIONS)}"
            )
        return name

    # ---- weights -----------------------------------------------------------------------------
    def build(self, input_shape: tuple) -> None:
        if len(input_shape) != 3 or input_shape[-1] is None:
            raise ValueError(
                f"layer '{self.name}' ({type(self).__name__}) expects inputs of shape (batch, time steps, "
                f"features), got {tuple(input_shape)}. A single sequence needs a batch axis: x[None]."
            )
        width = self.gates * self.units
        self.kernel = self.add_weight("kernel", (input_shape[-1], width), self.kernel_initializer)
        self.recurrent_kernel = self.add_weight("recurrent_kernel", (self.units, width), self.recurrent_initializer)
        if self.use_bias:
            self.bias = self.add_weight("bias", self.bias_shape(), self.initial_bias())

    def bias_shape(self) -> tuple[int, ...]:
        return (self.gates * self.units,)

    def initial_bias(self) -> Any:
        return self.bias_initializer

    def build_for(self, input_shape: tuple) -> None:
        super().build_for(input_shape)
        self.input_shape = (None, None, input_shape[-1])  # any number of time steps

    def check_input(self, shape: tuple) -> None:
        features = self.input_shape[-1]
        if len(shape) != 3 or shape[-1] != features:
            raise ValueError(
                f"layer '{self.name}' ({type(self).__name__}) expects inputs of shape (batch, time steps, "
                f"{features}), but received shape {tuple(shape)}. Check the last axis of x (features per "
                "time step) or the previous layer's units."
            )

    # ---- calling (``layer(x, initial_state=...)``: the base passes the keyword to ``call``) ----
    def call(self, x: Tensor, training: bool = False, initial_state: Any = None) -> Any:
        states = self._initial_states(x, initial_state)
        sequence, final = self.run(x, states)
        out = sequence if self.return_sequences else getitem(sequence, (slice(None), -1))
        return [out, *final] if self.return_state else out

    def run(self, x: Tensor, states: list) -> tuple[Tensor, list[Tensor]]:  # pragma: no cover - abstract
        """Every hidden state (N, T, units) and the final states, from the initial ones (None: zeros)."""
        raise NotImplementedError

    def _initial_states(self, x: Tensor, initial_state: Any) -> list:
        count = len(self.state_names)
        if initial_state is None:
            return [None] * count
        if count == 1 and not isinstance(initial_state, (list, tuple)):
            initial_state = [initial_state]
        if not isinstance(initial_state, (list, tuple)) or len(initial_state) != count:
            raise ValueError(
                f"layer '{self.name}' ({type(self).__name__}) takes {count} initial state(s) "
                f"({', '.join(self.state_names)}), each of shape (batch, {self.units}); got {initial_state!r:.80}"
            )
        states = []
        for name, state in zip(self.state_names, initial_state):
            if not isinstance(state, Tensor):
                state = Tensor(np.asarray(state, dtype=x.dtype))
            if state.shape != (x.shape[0], self.units):
                raise ValueError(
                    f"layer '{self.name}' ({type(self).__name__}): initial state {name} must have shape "
                    f"(batch, units) = ({x.shape[0]}, {self.units}), got {tuple(state.shape)}"
                )
            states.append(state)
        return states

    def compute_output_shape(self, input_shape: tuple) -> Any:
        batch = input_shape[0]
        out = (batch, input_shape[1], self.units) if self.return_sequences else (batch, self.units)
        if self.return_state:
            return [out] + [(batch, self.units)] * len(self.state_names)
        return out

    # ---- description ---------------------------------------------------------------------------
    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "units": self.units,
            "activation": self.activation,
            "use_bias": self.use_bias,
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "kernel_initializer": self.kernel_initializer,
            "recurrent_initializer": self.recurrent_initializer,
            "bias_initializer": self.bias_initializer,
        }

    def param_formula(self) -> str:
        """``F*k*units + units*k*units + k*units`` with the numbers (k gate blocks)."""
        if not self.built:
            return super().param_formula()
        k = "" if self.gates == 1 else f"{self.gates} * "
        features = self.kernel.shape[0]
        parts = [f"{features} * {k}{self.units}", f"{self.units} * {k}{self.units}"]
        if self.use_bias:
            parts.append(str(self.bias.data.size))
        return f"{' + '.join(parts)} = {self.count_params()}"
