r"""Recurrent sequences with backpropagation through time: SimpleRNN, LSTM, GRU as one op each.

Each op runs a whole sequence: inputs $x$ of shape (N, T, F) (batch first, as Keras), the
initial state(s), the weights, and returns every hidden state (N, T, units). The forward pass
loops over the T time steps (never over samples), keeping what the backward pass needs; the
backward pass loops over time in reverse (backpropagation through time) and returns the
gradients of $x$, the weights, the biases and the initial state(s).

Own backward because composing it from small ops is too slow (design principle 3c): a sequence
is one node in the graph instead of about ten per time step, $x W$ is one matrix product for all
the steps, and the weight gradients are one product each after the loop. On the ``rnn``
benchmark the whole-sequence op ran a training step in less than half the time of a one-step op
applied T times (see docs/recurrent.md).

Weights follow Keras: ``kernel`` (F, k units), ``recurrent_kernel`` (units, k units), gates
side by side in the columns, in the order i, f, c, o for LSTM and z, r, h for GRU
(``reset_after=True``, whose bias has two rows: input and recurrent). docs/recurrent.md maps
them to ``torch.nn.RNN``/``LSTM``/``GRU``.
"""

from __future__ import annotations

from typing import Any

from axone.core.backend import xp
from axone.core.op import Op
from axone.core.ops.activation_functions import ACTIVATIONS as TABLE
from axone.core.ops.activation_functions import Activation
from axone.core.tensor import Tensor, as_tensor

ACTIVATIONS: dict[str, Activation] = {name: TABLE[name] for name in ("tanh", "sigmoid", "logistic", "relu", "linear")}
"""The activations a recurrent op accepts: their derivative reads the output alone (the op keeps the
states $h_t$ and the gate values, not the pre-activations)."""


def _activation(name: str, op: str) -> Activation:
    if name not in ACTIVATIONS:
        raise ValueError(
            f"{op}: activation {name!r} is not supported inside a recurrent op; "
            f"use one of {sorted(ACTIVATIONS)} (their derivative is a function of the output)"
        )
    return ACTIVATIONS[name]


def _activate(activation: Activation, a: xp.ndarray) -> None:
    """Replace the values of ``a`` (a view into a buffer of all the steps) by $f(a)$."""
    a[...] = activation.forward(a)


def _time_major_inputs(x: xp.ndarray, kernel: xp.ndarray, bias: xp.ndarray, rows: int) -> xp.ndarray:
    """$x_t W + b$ for every step at once, into a (rows, N, k units) buffer, time first.

    Time first so that the state of one step, ``buffer[t]``, is one contiguous (N, units) block.
    """
    n, steps, _ = x.shape
    out = xp.empty((rows, n, kernel.shape[1]), dtype=xp.result_type(x, kernel))
    xw = (x.reshape(n * steps, -1) @ kernel).reshape(n, steps, -1)
    xp.add(xw.transpose(1, 0, 2), bias, out=out[rows - steps :])
    return out


def _sum_rows(a: xp.ndarray) -> xp.ndarray:
    """Sum over every axis but the last (over the time steps and the samples)."""
    return a.reshape(-1, a.shape[-1]).sum(axis=0)


def _weight_grads(
    ctx: Op,
    x: xp.ndarray,
    h_prev: xp.ndarray,
    dz: xp.ndarray,
    dz_rec: xp.ndarray,
    kernel: xp.ndarray,
    recurrent_kernel: xp.ndarray,
) -> tuple:
    """Gradients of x, kernel and recurrent kernel from the pre-activation gradients (T, N, k units)."""
    steps, n, width = dz.shape
    need = [p.requires_grad for p in ctx.parents]
    flat = dz.reshape(steps * n, width)
    grad_x = (flat @ kernel.T).reshape(steps, n, -1).transpose(1, 0, 2) if need[0] else None
    grad_kernel = x.transpose(1, 0, 2).reshape(steps * n, -1).T @ flat if need[1] else None
    grad_rec = h_prev.reshape(steps * n, -1).T @ dz_rec.reshape(steps * n, width) if need[2] else None
    return grad_x, grad_kernel, grad_rec


class SimpleRNNSequence(Op):
    r"""Elman network over a sequence: $h_t = f(x_t W + h_{t-1} U + b)$, all $h_t$ returned.

    Backward (BPTT), with $\delta_t = (\partial L/\partial h_t + \delta_{t+1} U^\top) \odot f'(h_t)$:
    $\partial L/\partial W = \sum_t x_t^\top \delta_t$, $\partial L/\partial U = \sum_t h_{t-1}^\top \delta_t$,
    $\partial L/\partial b = \sum_t \delta_t$, $\partial L/\partial x_t = \delta_t W^\top$,
    $\partial L/\partial h_0 = \delta_1 U^\top$.
    """

    @staticmethod
    def forward(ctx, x, kernel, recurrent_kernel, bias, h0, activation):
        act = _activation(activation, "simple_rnn")
        steps = x.shape[1]
        hs = _time_major_inputs(x, kernel, bias, steps + 1)  # hs[t] = x_t W + b, then h_t
        hs[0] = h0
        for t in range(1, steps + 1):  # the loop is over time steps, never over samples
            hs[t] = act.forward(hs[t] + hs[t - 1] @ recurrent_kernel)
        ctx.save(x, kernel, recurrent_kernel, hs, act)
        return hs[1:].transpose(1, 0, 2)

    @staticmethod
    def backward(ctx, grad_out):
        x, kernel, recurrent_kernel, hs, act = ctx.saved
        steps = x.shape[1]
        grads = grad_out.transpose(1, 0, 2)
        delta = act.derivative(hs[1:])  # f'(h_t), turned into delta_t in place
        u_t = recurrent_kernel.T
        dh = grads[steps - 1].copy()  # dL/dh_t: from the output at t and from step t + 1
        for t in range(steps - 1, 0, -1):
            d = delta[t]
            d *= dh
            xp.add(d @ u_t, grads[t - 1], out=dh)
        delta[0] *= dh
        grad_x, grad_kernel, grad_rec = _weight_grads(ctx, x, hs[:-1], delta, delta, kernel, recurrent_kernel)
        grad_bias = _sum_rows(delta) if ctx.parents[3].requires_grad else None
        grad_h0 = delta[0] @ u_t if ctx.parents[4].requires_grad else None
        return grad_x, grad_kernel, grad_rec, grad_bias, grad_h0


class LSTMSequence(Op):
    r"""Long short-term memory over a sequence; returns $h_t$ and $c_t$ stacked: (2, N, T, units).

    Math (gates side by side, Keras order i, f, c, o; $\sigma$ the recurrent activation, $f$ the
    activation, tanh by default):
        $[z_i, z_f, z_c, z_o] = x_t W + h_{t-1} U + b$,
        $i = \sigma(z_i)$, $f = \sigma(z_f)$, $g = f(z_c)$, $o = \sigma(z_o)$,
        $c_t = f \odot c_{t-1} + i \odot g$, $h_t = o \odot f(c_t)$.

    Backward: $\partial c_t = \partial h_t \odot o \odot f'(c_t) + \partial c_{t+1} \odot f_{t+1}$,
    then $\partial z_i = \partial c_t \, g \, \sigma'$, $\partial z_f = \partial c_t \, c_{t-1} \sigma'$,
    $\partial z_c = \partial c_t \, i \, f'$, $\partial z_o = \partial h_t \, f(c_t) \sigma'$ and
    $\partial h_{t-1} = \partial z \, U^\top$.
    """

    @staticmethod
    def forward(ctx, x, kernel, recurrent_kernel, bias, h0, c0, activation, recurrent_activation):
        act = _activation(activation, "lstm")
        gate_act = _activation(recurrent_activation, "lstm")
        n, steps, _ = x.shape
        u = recurrent_kernel.shape[0]
        gates = _time_major_inputs(x, kernel, bias, steps)  # z, then the gate values in place
        state = xp.empty((steps + 1, 2, n, u), dtype=gates.dtype)  # [t, 0] = h_t, [t, 1] = c_t
        state[0, 0] = h0
        state[0, 1] = c0
        act_c = xp.empty((steps, n, u), dtype=gates.dtype)  # f(c_t), used by backward
        for t in range(steps):
            z = gates[t]
            z += state[t, 0] @ recurrent_kernel
            _activate(gate_act, z[:, : 2 * u])  # i, f
            _activate(act, z[:, 2 * u : 3 * u])  # g
            _activate(gate_act, z[:, 3 * u :])  # o
            i, f, g, o = z[:, :u], z[:, u : 2 * u], z[:, 2 * u : 3 * u], z[:, 3 * u :]
            state[t + 1, 1] = f * state[t, 1] + i * g  # c_t
            act_c[t] = act.forward(state[t + 1, 1])
            state[t + 1, 0] = o * act_c[t]  # h_t
        ctx.save(x, kernel, recurrent_kernel, gates, state, act_c, act, gate_act)
        return state[1:].transpose(1, 2, 0, 3)

    @staticmethod
    def backward(ctx, grad_out):
        x, kernel, recurrent_kernel, gates, state, act_c, act, gate_act = ctx.saved
        d_act, d_gate = act.derivative, gate_act.derivative
        steps, n, width = gates.shape
        u = width // 4
        g_h = grad_out[0].transpose(1, 0, 2)
        g_c = grad_out[1].transpose(1, 0, 2)
        i, f, g, o = gates[..., :u], gates[..., u : 2 * u], gates[..., 2 * u : 3 * u], gates[..., 3 * u :]
        # everything that does not depend on the incoming gradient, for all steps at once
        o_dc = o * d_act(act_c)  # dc_t += dh_t * o f'(c_t)
        local = xp.empty((steps, n, 4, u), dtype=gates.dtype)  # dz = [dc, dc, dc, dh] * local
        local[:, :, 0] = g * d_gate(i)
        local[:, :, 1] = state[:-1, 1] * d_gate(f)
        local[:, :, 2] = i * d_act(g)
        local[:, :, 3] = act_c * d_gate(o)
        dz = local.reshape(steps, n, width)  # turned into the gate gradients in place
        dh = xp.zeros((n, u), dtype=gates.dtype)
        dc = xp.zeros((n, u), dtype=gates.dtype)
        u_t = recurrent_kernel.T
        for t in range(steps - 1, -1, -1):
            dh += g_h[t]
            dc += g_c[t]
            dc += dh * o_dc[t]
            local[t, :, :3] *= dc[:, None, :]
            local[t, :, 3] *= dh
            dc *= f[t]
            xp.matmul(dz[t], u_t, out=dh)
        grad_x, grad_kernel, grad_rec = _weight_grads(ctx, x, state[:-1, 0], dz, dz, kernel, recurrent_kernel)
        grad_bias = _sum_rows(dz) if ctx.parents[3].requires_grad else None
        return grad_x, grad_kernel, grad_rec, grad_bias, dh, dc


class GRUSequence(Op):
    r"""Gated recurrent unit over a sequence (``reset_after=True``, as Keras and torch.nn.GRU).

    Math (Keras gate order z, r, h; bias $b$ for the input part, $b'$ for the recurrent part):
        $z = \sigma(x_t W_z + b_z + h_{t-1} U_z + b'_z)$, $r = \sigma(x_t W_r + b_r + h_{t-1} U_r + b'_r)$,
        $\tilde h = f(x_t W_h + b_h + r \odot (h_{t-1} U_h + b'_h))$,
        $h_t = z \odot h_{t-1} + (1 - z) \odot \tilde h$.

    Backward: $\partial z = \partial h_t (h_{t-1} - \tilde h) \sigma'$,
    $\partial \tilde z = \partial h_t (1 - z) f'$, $\partial r = \partial \tilde z \, (h_{t-1} U_h + b'_h) \sigma'$,
    and $\partial h_{t-1} = \partial h_t \, z + [\partial z, \partial r, r \partial \tilde z] U^\top$.
    """

    @staticmethod
    def forward(ctx, x, kernel, recurrent_kernel, bias, h0, activation, recurrent_activation):
        act = _activation(activation, "gru")
        gate_act = _activation(recurrent_activation, "gru")
        n, steps, _ = x.shape
        u = recurrent_kernel.shape[0]
        gates = _time_major_inputs(x, kernel, bias[0], steps)  # x W + b; then z, r, h~ in place
        rec = xp.empty_like(gates)  # h_{t-1} U + b' for every step (its h part is needed by backward)
        hs = xp.empty((steps + 1, n, u), dtype=gates.dtype)
        hs[0] = h0
        for t in range(steps):
            a, hu = gates[t], rec[t]
            hu[...] = hs[t] @ recurrent_kernel + bias[1]
            a[:, : 2 * u] += hu[:, : 2 * u]
            _activate(gate_act, a[:, : 2 * u])  # z, r
            z, r, cand = a[:, :u], a[:, u : 2 * u], a[:, 2 * u :]
            cand += r * hu[:, 2 * u :]
            _activate(act, cand)  # h~
            hs[t + 1] = (hs[t] - cand) * z + cand  # z h_{t-1} + (1 - z) h~, with one product
        ctx.save(x, kernel, recurrent_kernel, gates, rec, hs, act, gate_act)
        return hs[1:].transpose(1, 0, 2)

    @staticmethod
    def backward(ctx, grad_out):
        x, kernel, recurrent_kernel, gates, rec, hs, act, gate_act = ctx.saved
        steps, n, width = gates.shape
        u = width // 3
        z, r, cand = gates[..., :u], gates[..., u : 2 * u], gates[..., 2 * u :]
        grads = grad_out.transpose(1, 0, 2)
        dz_in = xp.empty_like(gates)  # gradient of the input part x W + b
        dz_in[..., :u] = (hs[:-1] - cand) * gate_act.derivative(z)
        dz_in[..., 2 * u :] = (1 - z) * act.derivative(cand)
        dz_in[..., u : 2 * u] = dz_in[..., 2 * u :] * rec[..., 2 * u :] * gate_act.derivative(r)
        dz_rec = xp.empty_like(gates)  # gradient of the recurrent part h U + b'
        dz_rec[..., 2 * u :] = dz_in[..., 2 * u :] * r  # its z and r parts are dz_in's, set in the loop
        dh = xp.zeros((n, u), dtype=gates.dtype)
        tmp = xp.empty_like(dh)
        u_t = recurrent_kernel.T
        for t in range(steps - 1, -1, -1):
            dh += grads[t]
            a, b = dz_in[t], dz_rec[t]
            gates_3 = a.reshape(n, 3, u)  # a view: the three local factors times dh at once
            gates_3 *= dh[:, None, :]
            b[:, 2 * u :] *= dh
            b[:, : 2 * u] = a[:, : 2 * u]
            dh *= z[t]
            xp.matmul(b, u_t, out=tmp)
            dh += tmp
        grad_x, grad_kernel, grad_rec = _weight_grads(ctx, x, hs[:-1], dz_in, dz_rec, kernel, recurrent_kernel)
        grad_bias = None
        if ctx.parents[3].requires_grad:
            grad_bias = xp.stack([_sum_rows(dz_in), _sum_rows(dz_rec)])
        return grad_x, grad_kernel, grad_rec, grad_bias, dh


def _prepare(
    op: str, x: Any, kernel: Any, recurrent_kernel: Any, bias: Any, states: tuple, gates: int, bias_rows: int = 0
) -> tuple[Tensor, ...]:
    """``x, kernel, recurrent_kernel, bias`` and the initial states (zeros for None) as tensors, checked:
    a wrong shape would broadcast silently (a GRU bias of one row) or fail deep inside NumPy."""
    x = as_tensor(x)
    kernel, recurrent_kernel = as_tensor(kernel, like=(x,)), as_tensor(recurrent_kernel, like=(x,))
    units = recurrent_kernel.shape[0] if recurrent_kernel.ndim == 2 else -1
    width = gates * units
    if recurrent_kernel.shape != (units, width):
        raise ValueError(f"{op}: recurrent_kernel must have shape (units, {gates} units), got {recurrent_kernel.shape}")
    if kernel.ndim != 2 or kernel.shape[1] != width:
        raise ValueError(
            f"{op}: kernel must have shape (features, {width}) for {units} units ({gates} gates), got {kernel.shape}"
        )
    if x.ndim != 3 or x.shape[2] != kernel.shape[0] or x.shape[1] == 0:
        raise ValueError(
            f"{op}: x must have shape (N, T, {kernel.shape[0]}) (batch, at least one time step, "
            f"features matching the kernel's rows), got {tuple(x.shape)}"
        )
    bias_shape = (bias_rows, width) if bias_rows else (width,)
    if bias is None:
        bias = Tensor(xp.zeros(bias_shape, dtype=xp.result_type(x.data, kernel.data)))
    bias = as_tensor(bias, like=(x,))
    if bias.shape != bias_shape:
        raise ValueError(f"{op}: bias must have shape {bias_shape}, got {bias.shape}")
    checked = []
    for name, state in states:
        state = Tensor(xp.zeros((x.shape[0], units), x.dtype)) if state is None else as_tensor(state, like=(x,))
        if state.shape != (x.shape[0], units):
            raise ValueError(f"{op}: {name} must have shape (N, units) = {(x.shape[0], units)}, got {state.shape}")
        checked.append(state)
    return (x, kernel, recurrent_kernel, bias, *checked)


def simple_rnn(
    x: Any, kernel: Any, recurrent_kernel: Any, bias: Any = None, h0: Any = None, activation: str = "tanh"
) -> Tensor:
    r"""Every hidden state of an Elman network: $h_t = f(x_t W + h_{t-1} U + b)$, shape (N, T, units).

    Args:
        x: inputs (N, T, F); kernel: $W$ (F, units); recurrent_kernel: $U$ (units, units);
        bias: $b$ (units,) or None; h0: $h_0$ (N, units), zeros when None;
        activation: $f$, one of tanh, sigmoid, relu, linear.

    Example:
        >>> import axone as ax, numpy as np
        >>> x = ax.Tensor(np.ones((1, 3, 1)))
        >>> ax.simple_rnn(x, [[1.0]], [[0.5]], activation="linear").numpy()[0, :, 0].tolist()
        [1.0, 1.5, 1.75]
    """
    inputs = _prepare("simple_rnn", x, kernel, recurrent_kernel, bias, (("h0", h0),), gates=1)
    return SimpleRNNSequence.apply(*inputs, activation=activation)


def lstm(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any = None,
    h0: Any = None,
    c0: Any = None,
    activation: str = "tanh",
    recurrent_activation: str = "sigmoid",
) -> tuple[Tensor, Tensor]:
    r"""Hidden and cell states of an LSTM for every step: ``(h, c)``, each (N, T, units).

    Args:
        kernel: (F, 4 units) and recurrent_kernel (units, 4 units), gates i, f, c, o side by side;
        bias: (4 units,) or None; h0, c0: (N, units), zeros when None.

    Example:
        >>> import axone as ax, numpy as np
        >>> h, c = ax.lstm(np.ones((2, 5, 3)), np.zeros((3, 8)), np.zeros((2, 8)))
        >>> h.shape, c.shape, float(c.numpy()[0, 0, 0])  # zero weights: i = 1/2, g = 0
        ((2, 5, 2), (2, 5, 2), 0.0)
    """
    inputs = _prepare("lstm", x, kernel, recurrent_kernel, bias, (("h0", h0), ("c0", c0)), gates=4)
    out = LSTMSequence.apply(*inputs, activation=activation, recurrent_activation=recurrent_activation)
    return out[0], out[1]


def gru(
    x: Any,
    kernel: Any,
    recurrent_kernel: Any,
    bias: Any = None,
    h0: Any = None,
    activation: str = "tanh",
    recurrent_activation: str = "sigmoid",
) -> Tensor:
    r"""Every hidden state of a GRU (``reset_after=True``), shape (N, T, units).

    Args:
        kernel: (F, 3 units) and recurrent_kernel (units, 3 units), gates z, r, h side by side;
        bias: (2, 3 units), input bias then recurrent bias, or None; h0: (N, units), zeros when None.

    Example:
        >>> import axone as ax, numpy as np
        >>> h = ax.gru(np.ones((2, 5, 3)), np.zeros((3, 6)), np.zeros((2, 6)))
        >>> h.shape, float(h.numpy()[0, -1, 0])  # zero weights: h~ = 0, z = 1/2, h stays 0
        ((2, 5, 2), 0.0)
    """
    inputs = _prepare("gru", x, kernel, recurrent_kernel, bias, (("h0", h0),), gates=3, bias_rows=2)
    return GRUSequence.apply(*inputs, activation=activation, recurrent_activation=recurrent_activation)
