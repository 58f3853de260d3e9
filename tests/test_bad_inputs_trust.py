"""Issue 11, section 3: bad input to the library is refused with an error that names what the
user built (the layer and its input shape), never accepted with part of it dropped."""

import numpy as np
import pytest

import axone as ax

COMPLEX = np.ones((4, 2)) * (1 + 2j)


def _model():
    model = ax.Sequential([ax.Input((2,)), ax.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


@pytest.mark.parametrize(
    "make",
    [
        lambda: ax.Tensor(COMPLEX),
        lambda: ax.Tensor(COMPLEX, dtype="float32"),
        lambda: ax.Variable(np.complex64(1j)),
        lambda: ax.Tensor(COMPLEX.astype(np.complex64)),
    ],
    ids=["array", "array-as-float32", "numpy-scalar", "complex64"],
)
def test_a_tensor_refuses_complex_numbers(make):
    with pytest.raises(TypeError, match="complex"):
        make()


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.fit(COMPLEX, np.ones(4), verbose=0),
        lambda m: m.fit(np.ones((4, 2)), np.ones(4) * 1j, verbose=0),
        lambda m: m.predict(COMPLEX),
        lambda m: m.evaluate(COMPLEX, np.ones(4)),
        lambda m: m(COMPLEX),
    ],
    ids=["fit-x", "fit-y", "predict", "evaluate", "call"],
)
def test_the_model_refuses_complex_data(call):
    with pytest.raises((TypeError, ValueError), match="complex"):
        call(_model())


def test_an_op_error_names_the_layer_and_its_input_shape():
    with pytest.raises(ValueError) as err:
        ax.layers.Conv2D(2, 5, name="c")(np.ones((1, 3, 3, 1)))
    assert "layer 'c' (Conv2D)" in str(err.value) and "(1, 3, 3, 1)" in str(err.value)
    assert "window spans 5 rows" in str(err.value)  # the op's own explanation is kept


def test_a_pooling_error_names_the_layer_inside_a_model():
    model = ax.Sequential([ax.layers.Conv2D(1, 1, name="c"), ax.layers.MaxPooling2D(4, name="p")])
    with pytest.raises(ValueError, match=r"layer 'p' \(MaxPooling2D\).*\(2, 3, 3, 1\)") as err:
        model.predict(np.ones((2, 3, 3, 1)))
    assert str(err.value).count("layer '") == 1  # named once, by the layer that failed, not by the model too


def test_evaluate_on_empty_data_says_evaluate():
    with pytest.raises(ValueError, match="evaluate") as err:
        _model().evaluate(np.ones((0, 2)), np.ones(0))
    assert "train" not in str(err.value)


def test_dense_feature_error_in_fit_shows_the_data_shape_not_the_one_sample_probe():
    model = ax.Sequential([ax.layers.Dense(3, name="d"), ax.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.ones((8, 4)), np.ones(8), verbose=0)
    with pytest.raises(ValueError, match=r"layer 'd' \(Dense\) expects inputs with 4 features") as err:
        model.fit(np.ones((8, 5)), np.ones(8), verbose=0)
    assert "(8, 5)" in str(err.value) and "(1, 5)" not in str(err.value)


def test_a_sequential_with_an_input_checks_the_whole_sample_shape():
    """Dense works on the last axis, so (1, 3, 2) went through a model declared Input((2, 2))."""
    model = ax.Sequential([ax.Input((2, 2), name="pixels"), ax.layers.Dense(1, name="d")])
    with pytest.raises(ValueError, match=r"layer 'pixels' \(Input\).*\(None, 2, 2\).*\(1, 3, 2\)"):
        model.predict(np.ones((1, 3, 2)))
    assert model.predict(np.ones((1, 2, 2))).shape == (1, 2, 1)
