"""summary() text, and the progress display: lines off a terminal, a bar on one, nothing at 0."""

import io

import numpy as np

import axone as ax
from axone.training.summary import summary_text
from tests.training.conftest import XOR_T, XOR_X, course_network


def test_summary_text_of_the_course_network():
    model = ax.Sequential(
        [
            ax.Input((2,)),
            ax.layers.Dense(3, activation="sigmoid", name="hidden"),
            ax.layers.Dense(1, activation="sigmoid", name="out"),
        ],
        name="course",
    )
    printed = []
    assert model.summary(print_fn=printed.append) is None  # Keras: printed, not returned
    text = "\n".join(printed)
    assert text == summary_text(model)
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[0] == 'Model: "course"'
    assert lines[2].split() == ["Layer", "(type)", "Output", "Shape", "Param", "#", "Formula", "Parameters"]
    assert lines[4].split() == [
        "hidden",
        "(Dense)",
        "(None,",
        "3)",
        "9",
        "z",
        "=",
        "xW",
        "+",
        "b",
        "2",
        "*",
        "3",
        "+",
        "3",
        "=",
        "9",
    ]
    assert lines[5].split() == ["y", "=", "sigmoid(z)"]
    assert lines[7].split()[:5] == ["out", "(Dense)", "(None,", "1)", "4"]
    assert "Total params: 13 (52.00 B)" in lines
    assert "Trainable params: 13 (52.00 B)" in lines
    assert "Non-trainable params: 0 (0.00 B)" in lines


def test_summary_prints_by_default(capsys):
    course_network().summary()
    assert "Total params: 13" in capsys.readouterr().out


def test_summary_of_an_unbuilt_model_and_of_a_subclassed_one():
    lazy = ax.Sequential([ax.layers.Dense(4)], name="lazy")
    text = summary_text(lazy)
    assert "0 (unbuilt)" in text and "Total params: 0" in text

    class Net(ax.Model):
        def __init__(self):
            super().__init__(name="net")
            self.a = ax.layers.Dense(5, activation="relu", name="a")
            self.b = ax.layers.Dense(2, name="b")

        def call(self, x, training=False):
            return self.b(self.a(x))

    net = Net()
    net(np.zeros((1, 3), np.float32))
    text = summary_text(net)
    assert "a (Dense)         (None, 5)        20" in text
    assert "b (Dense)         (None, 2)        12" in text and "Total params: 32" in text


def test_one_line_per_epoch_when_not_a_terminal(capsys):
    model = course_network()
    model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
    model.fit(XOR_X, XOR_T, epochs=3, batch_size=2, validation_data=(XOR_X, XOR_T))  # verbose="auto"
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    for i, line in enumerate(lines):
        assert line.startswith(f"Epoch {i + 1}/3 - 2/2 - ")
        assert " - loss: " in line and " - accuracy: " in line and " - val_loss: " in line


def test_nothing_at_verbose_0(capsys):
    model = course_network()
    model.compile(optimizer="adam", loss="mse")
    model.fit(XOR_X, XOR_T, epochs=2, verbose=0)
    model.evaluate(XOR_X, XOR_T)
    model.predict(XOR_X)
    assert capsys.readouterr().out == ""


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_a_bar_per_epoch_on_a_terminal():
    stream = FakeTerminal()
    model = course_network()
    model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
    bar = ax.callbacks.ProgressBar(verbose=1, stream=stream)
    assert bar.bar
    model.fit(XOR_X, XOR_T, epochs=2, batch_size=1, verbose=0, callbacks=[bar])
    out = stream.getvalue()
    assert "Epoch 1/2" in out and "Epoch 2/2" in out
    assert "4/4" in out and "loss: " in out and "accuracy: " in out


def test_summary_columns_grow_and_long_cells_wrap():
    class Verbose(ax.layers.Layer):
        def call(self, x, training=False):
            return x

        def formula(self):
            return ["y = x, " + "a long explanation " * 6]

    model = ax.Sequential([ax.Input((2,)), Verbose(name="a_layer_with_a_rather_long_name"), ax.layers.Dense(1)])
    lines = summary_text(model).splitlines()
    width = len(lines[1])
    assert all(len(line) <= width for line in lines)
    first = next(i for i, line in enumerate(lines) if line.startswith(" a_layer_with_a_rather_long_name"))
    assert lines[first + 1].startswith(" (Verbose)")  # 41 characters: the name column wraps too
    body = [line for line in lines if "a long explanation" in line]
    assert len(body) >= 3  # wrapped, nothing cut
    assert "".join(lines).count("explanation") == 6
    narrow = summary_text(model, line_length=90).splitlines()
    assert len(narrow[1]) <= 90


def test_summary_shows_an_unknown_number_of_time_steps_as_none():
    model = ax.Sequential(
        [
            ax.Input((None, 2)),
            ax.layers.SimpleRNN(4, return_sequences=True),
            ax.layers.TimeDistributed(ax.layers.Dense(1, activation="sigmoid")),
        ]
    )
    text = summary_text(model)
    assert "(None, None, 4)" in text and "(None, None, 1)" in text
