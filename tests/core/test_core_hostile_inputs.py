"""Bad inputs to the engine and the level-2 functions: each gives a clear error, never a silent result.

Every case here was once silent (a wrong value) or failed deep inside NumPy without naming the
function, the expected shape and the received one.
"""

import numpy as np
import pytest

import axone as ax


@pytest.mark.parametrize("reduce", [ax.sum, ax.mean, ax.max, ax.min, ax.var])
@pytest.mark.parametrize("axis", [2, -3, (0, 2)])
def test_reduction_axis_out_of_range_is_an_error_not_another_axis(reduce, axis):
    x = ax.Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"axis -?\d is out of range for a tensor of 2 dimensions"):
        reduce(x, axis=axis)


def test_reduction_axis_of_a_scalar():
    with pytest.raises(ValueError, match="a scalar has no axis"):
        ax.sum(ax.Tensor(1.0), axis=0)


def test_var_with_no_degree_of_freedom_left():
    with pytest.raises(ValueError, match="ddof=3 leaves 0 degrees of freedom"):
        ax.var(ax.Tensor(np.ones((2, 3))), axis=1, ddof=3)


def test_tensor_of_none_is_not_a_nan():
    with pytest.raises(TypeError, match="got None"):
        ax.Tensor(None)


@pytest.mark.parametrize("method", ["assign", "assign_add", "assign_sub"])
def test_variable_assign_of_another_shape_does_not_broadcast(method):
    w = ax.Variable([1.0, 2.0, 3.0], name="w")
    with pytest.raises(ValueError, match=r"Variable 'w'\.assign.*\(1,\).*\(3,\)"):
        getattr(w, method)([5.0])
    np.testing.assert_array_equal(w.numpy(), [1.0, 2.0, 3.0])
    getattr(w, method)(1.0)  # a scalar fills (or shifts) every value, as before


@pytest.mark.parametrize(
    "targets, weights, message",
    [
        (np.array([-1, 0]), None, r"class indices must lie in \[0, 3\), got values from -1"),
        (np.array([3, 0]), None, r"must lie in \[0, 3\)"),
        (np.array([0, 1, 2]), None, r"class indices must have shape \(2,\)"),
        (np.eye(3), None, r"one-hot targets must have the logits' shape \(2, 3\)"),
        (np.array(["a", "b"]), None, "targets must be integer class indices or float one-hot rows"),
        (np.array([0, 1]), np.ones(3), r"weights must have shape \(2,\)"),
    ],
)
def test_softmax_cross_entropy_checks_its_targets(targets, weights, message):
    z = ax.Tensor(np.zeros((2, 3)), requires_grad=True)
    with pytest.raises((ValueError, TypeError), match=message):
        ax.softmax_cross_entropy(z, targets, weights)


def test_softmax_cross_entropy_needs_a_matrix_of_logits():
    with pytest.raises(ValueError, match=r"logits must have shape \(N, K\), got \(3,\)"):
        ax.softmax_cross_entropy(ax.Tensor([1.0, 2.0, 3.0]), np.array([0]))


@pytest.mark.parametrize("padding", [-1, 1.5, (1, 2, 3), ((1, -1), 0), "full"])
def test_conv2d_padding_is_checked(padding):
    with pytest.raises(ValueError, match="conv2d: padding must be 'valid', 'same'"):
        ax.conv2d(np.ones((1, 5, 5, 1)), np.ones((3, 3, 1, 1)), padding=padding)


def test_conv2d_bias_of_the_wrong_length():
    with pytest.raises(ValueError, match=r"conv2d: bias must have shape \(2,\).*got \(3,\)"):
        ax.conv2d(np.ones((1, 4, 4, 1)), np.ones((3, 3, 1, 2)), bias=np.ones(3))


def test_dense_and_matmul_name_the_shapes_that_do_not_fit():
    with pytest.raises(ValueError, match=r"dense\(\).*got x \(2, 3\), kernel \(4, 4\)"):
        ax.dense(np.ones((2, 3)), np.ones((4, 4)))
    with pytest.raises(ValueError, match=r"bias \(5,\)"):
        ax.dense(np.ones((2, 3)), np.ones((3, 4)), np.ones(5))
    with pytest.raises(ValueError, match=r"matmul: shapes \(2, 3\) @ \(4, 4\) do not fit"):
        ax.Tensor(np.ones((2, 3))) @ ax.Tensor(np.ones((4, 4)))


RNN_CASES = [
    (ax.simple_rnn, dict(kernel=np.ones((4, 5))), r"simple_rnn: kernel must have shape \(features, 3\)"),
    (ax.simple_rnn, dict(recurrent_kernel=np.ones((3, 2))), r"simple_rnn: recurrent_kernel must have shape"),
    (ax.simple_rnn, dict(bias=np.ones(4)), r"simple_rnn: bias must have shape \(3,\), got \(4,\)"),
    (ax.simple_rnn, dict(h0=np.ones((5, 3))), r"simple_rnn: h0 must have shape \(N, units\) = \(2, 3\)"),
    (ax.lstm, dict(kernel=np.ones((4, 8)), recurrent_kernel=np.ones((3, 12))), r"lstm: kernel must have shape"),
    (ax.lstm, dict(c0=np.ones((2, 2))), r"lstm: c0 must have shape"),
    (ax.gru, dict(bias=np.ones(9)), r"gru: bias must have shape \(2, 9\), got \(9,\)"),
]


@pytest.mark.parametrize("fn, bad, message", RNN_CASES)
def test_recurrent_ops_check_every_shape(fn, bad, message):
    gates = {ax.simple_rnn: 1, ax.lstm: 4, ax.gru: 3}[fn]
    args = dict(x=np.ones((2, 3, 4)), kernel=np.ones((4, 3 * gates)), recurrent_kernel=np.ones((3, 3 * gates)))
    args.update(bad)
    with pytest.raises(ValueError, match=message):
        fn(**args)


def test_loss_targets_of_transposed_shape_are_not_reshaped():
    outputs = ax.Tensor(np.arange(6.0).reshape(3, 2))
    with pytest.raises(ValueError, match=r"loss 'mse': targets of shape \(2, 3\)"):
        ax.losses.mse(np.arange(6.0).reshape(2, 3), outputs)
    with pytest.raises(ValueError, match=r"metric 'mse': targets of shape \(2, 3\)"):
        ax.metrics.mse(np.arange(6.0).reshape(2, 3), outputs.numpy())
    # a column against a vector still matches (only axes of size 1 differ)
    assert float(ax.losses.mse(np.zeros(3), ax.Tensor(np.zeros((3, 1))))) == 0.0
    assert ax.metrics.mse(np.zeros((1, 3)), np.zeros(3)) == 0.0


@pytest.mark.parametrize("from_logits", [False, True])
def test_loss_sample_weight_of_the_wrong_length(from_logits):
    y = ax.Tensor(np.full((4, 3), 0.3))
    with pytest.raises(ValueError, match=r"sample_weight of shape \(3,\) for 4 samples"):
        ax.losses.categorical_crossentropy(
            np.eye(3)[[0, 1, 2, 0]], y, from_logits=from_logits, sample_weight=np.ones(3)
        )


def test_metric_edge_cases():
    with pytest.raises(ValueError, match="no samples"):
        ax.metrics.accuracy([], np.ones((0, 1)))
    with pytest.raises(ValueError, match=r"sample_weight of shape \(3,\) for 4 samples"):
        ax.metrics.mae(np.ones(4), np.ones(4), sample_weight=np.ones(3))
    with pytest.raises(ValueError, match="sum to 0"):
        ax.metrics.mae(np.ones(4), np.ones(4), sample_weight=np.zeros(4))
    # a weighted mean over (N, T) per-step values: each sample's weight covers its T steps
    hits = ax.metrics.sparse_categorical_accuracy([[0, 0], [1, 1]], np.eye(2)[[[0, 1], [1, 1]]], sample_weight=[1, 3])
    assert hits == pytest.approx((1 * 0.5 + 3 * 1.0) / 4)


@pytest.mark.parametrize("shape", [(2.5, 3), (-1, 3), (None, 3)])
def test_initializer_shape_must_be_whole_and_non_negative(shape):
    with pytest.raises(ValueError, match="shape must be a tuple of ints >= 0"):
        ax.initializers.get("glorot_uniform")(shape)


def test_initializer_refuses_an_integer_dtype_that_would_make_zeros():
    with pytest.raises(TypeError, match="initial weights are floats, got dtype int32"):
        ax.initializers.get("glorot_uniform")((2, 3), dtype="int32")


def test_initializer_config_with_an_unknown_argument():
    with pytest.raises(ValueError, match=r"initializer Constant: bad config \{'val': 1\}"):
        ax.initializers.get({"class_name": "Constant", "config": {"val": 1}})


def test_derivative_of_a_custom_function_says_it_wants_a_name():
    with pytest.raises(ValueError, match=r"derivative\(\) takes an activation's name"):
        ax.activations.derivative(lambda z: z)
