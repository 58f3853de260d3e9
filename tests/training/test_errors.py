"""Every error a user can meet in training names what is wrong and where."""

import numpy as np
import pytest

import axone as ax
from tests.training.conftest import XOR_T, XOR_X, course_network


def compiled(**kwargs):
    model = course_network()
    model.compile(**{"optimizer": "sgd", "loss": "mse", **kwargs})
    return model


def test_wrong_number_of_features_is_the_layer_error():
    model = compiled()
    expected = (
        r"layer 'dense(_\d+)?' \(Dense\) expects inputs with 2 features \(shape \(None, 2\)\), "
        r"but received shape \(4, 3\)\. Check the columns of x, or the previous layer's units\."
    )
    with pytest.raises(ValueError, match=expected):
        model.fit(np.ones((4, 3)), XOR_T, verbose=0)
    with pytest.raises(ValueError, match="expects inputs with 2 features"):
        model.predict(np.ones((4, 3)))


def test_nan_or_inf_in_x_or_y_names_the_array_row_and_column():
    model = compiled()
    x = XOR_X.copy()
    x[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"^x contains NaN at row 2, column 1 \(1 non-finite value in all\)"):
        model.fit(x, XOR_T, verbose=0)
    y = XOR_T.copy()
    y[3, 0] = -np.inf
    with pytest.raises(ValueError, match=r"^y contains -Inf at row 3, column 0"):
        model.fit(XOR_X, y, verbose=0)
    with pytest.raises(ValueError, match=r"^x \(validation_data\) contains \+Inf at row 0, column 0"):
        model.fit(XOR_X, XOR_T, validation_data=(np.full((2, 2), np.inf), XOR_T[:2]), verbose=0)
    with pytest.raises(ValueError, match=r"^sample_weight contains NaN at row 1"):
        model.fit(XOR_X, XOR_T, sample_weight=[1, np.nan, 1, 1], verbose=0)


def test_x_and_y_of_different_lengths():
    model = compiled()
    with pytest.raises(ValueError, match=r"the same number of rows: x has 4, y has 3"):
        model.fit(XOR_X, XOR_T[:3], verbose=0)
    with pytest.raises(ValueError, match=r"x has 4, y has 4, sample_weight has 2"):
        model.fit(XOR_X, XOR_T, sample_weight=[1.0, 2.0], verbose=0)
    with pytest.raises(ValueError, match=r"x \(validation_data\) has 4, y \(validation_data\) has 2"):
        model.fit(XOR_X, XOR_T, validation_data=(XOR_X, XOR_T[:2]), verbose=0)


def test_unknown_names_list_the_valid_ones():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmoïd'; valid names: .*relu.*sigmoid"):
        ax.layers.Dense(3, activation="sigmoïd")
    with pytest.raises(ValueError, match=r"unknown loss 'mean_square'; valid names: .*binary_crossentropy.*mse"):
        course_network().compile(optimizer="sgd", loss="mean_square")
    with pytest.raises(ValueError, match=r"unknown metric 'precison'; valid names: accuracy.*mae.*mse"):
        course_network().compile(optimizer="sgd", loss="mse", metrics=["precison"])
    with pytest.raises(ValueError, match=r"(?i)unknown optimizer 'adamm'.*adam.*sgd"):
        course_network().compile(optimizer="adamm", loss="mse")
    with pytest.raises(ValueError, match="compile\\(\\) needs a loss; valid names"):
        course_network().compile(optimizer="sgd")


def test_fit_before_compile_and_other_argument_errors():
    with pytest.raises(RuntimeError, match=r"fit\(\) needs a compiled model: call model.compile"):
        course_network().fit(XOR_X, XOR_T)
    model = compiled()
    with pytest.raises(ValueError, match=r"batch_size must be a positive integer, got 0"):
        model.fit(XOR_X, XOR_T, batch_size=0, verbose=0)
    with pytest.raises(ValueError, match=r"validation_split must be in \[0, 1\), got 1.5"):
        model.fit(XOR_X, XOR_T, validation_split=1.5, verbose=0)
    with pytest.raises(ValueError, match=r"validation_split=0.9 of 4 samples leaves 0 for training and 4"):
        model.fit(XOR_X, XOR_T, validation_split=0.9, verbose=0)
    with pytest.raises(ValueError, match=r"class_weight has no weight for class\(es\) \[1\]"):
        model.fit(XOR_X, XOR_T, class_weight={0: 1.0}, verbose=0)
    with pytest.raises(ValueError, match=r"sample_weight must be >= 0"):
        model.fit(XOR_X, XOR_T, sample_weight=[1, -1, 1, 1], verbose=0)
    with pytest.raises(TypeError, match=r"callbacks must be axone.callbacks.Callback objects, got builtin_function"):
        model.fit(XOR_X, XOR_T, callbacks=[print], verbose=0)
    with pytest.raises(ValueError, match=r"validation_data must be a tuple"):
        model.fit(XOR_X, XOR_T, validation_data=XOR_X, verbose=0)
    with pytest.raises(ValueError, match=r"x holds non-numeric values"):
        model.fit([["a", "b"]] * 4, XOR_T, verbose=0)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"epochs": 2.5}, ValueError, r"epochs must be an integer >= 0, got 2.5"),
        ({"epochs": "3"}, ValueError, r"epochs must be an integer >= 0, got '3'"),
        ({"epochs": -1}, ValueError, r"epochs must be an integer >= 0, got -1"),
        ({"initial_epoch": -2}, ValueError, r"initial_epoch must be an integer >= 0"),
        ({"validation_split": "0.2"}, ValueError, r"validation_split must be a number in \[0, 1\), got '0.2'"),
        ({"callbacks": ax.callbacks.History()}, TypeError, r"callbacks must be a list of callbacks, got History"),
    ],
)
def test_fit_arguments_of_the_wrong_kind(kwargs, error, message):
    # these used to end in Python's own messages ("'float' object cannot be interpreted as an
    # integer"), or, for epochs=-1, in an empty History without a word
    with pytest.raises(error, match=message):
        compiled().fit(XOR_X, XOR_T, verbose=0, **kwargs)


def test_predict_on_no_sample_says_so():
    with pytest.raises(ValueError, match=r"predict\(\): x is empty \(shape \(0, 2\)\)"):
        compiled().predict(np.zeros((0, 2)))


def test_sequential_errors():
    with pytest.raises(TypeError, match=r"add\(\) takes layers .*got str"):
        ax.Sequential(["dense"])
    with pytest.raises(TypeError, match=r"Sequential takes a list of layers, got Dense"):
        ax.Sequential(ax.layers.Dense(2))
    with pytest.raises(ValueError, match="an Input can only come first"):
        ax.Sequential([ax.layers.Dense(2), ax.Input((2,))])
    dense = ax.layers.Dense(2)
    with pytest.raises(ValueError, match="was already added"):
        ax.Sequential([dense, dense])


def test_sparse_labels_out_of_range_are_reported_by_the_loss():
    model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(3)])
    model.compile(optimizer="sgd", loss=ax.losses.SparseCategoricalCrossentropy(from_logits=True))
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 3\), got values from 0 to 5"):
        model.fit(XOR_X, [0, 1, 2, 5], verbose=0)
