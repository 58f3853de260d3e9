"""The Keras layers and the functional graph on the compiled path (compile(jit_compile=True)): the
same bits as the eager path, batch after batch (an index read in Python at trace time would be
replayed for every later batch)."""

import numpy as np

import axone as ax


def _model():
    ids = ax.Input((7,), name="ids")
    signal = ax.Input((9, 2), name="signal")
    words = ax.layers.LayerNormalization()(ax.layers.Embedding(12, 4)(ids))
    words = ax.layers.Bidirectional(ax.layers.GRU(3, return_sequences=True))(words)
    waves = ax.layers.MaxPooling1D(2)(ax.layers.Conv1D(6, 3, padding="causal", activation="relu")(signal))
    joined = ax.layers.Concatenate()(
        [ax.layers.GlobalAveragePooling1D()(words), ax.layers.GlobalAveragePooling1D()(waves)]
    )
    gate = ax.layers.Dense(12, activation="sigmoid")(joined)
    mixed = ax.layers.Add()([ax.layers.Multiply()([joined, gate]), joined])
    return ax.Model([ids, signal], {"y": ax.layers.Dense(1, name="y")(mixed), "c": ax.layers.Dense(3, name="c")(mixed)})


def _data(seed):
    rng = np.random.default_rng(seed)
    x = [rng.integers(0, 12, (10, 7)), rng.normal(size=(10, 9, 2)).astype("float32")]
    return x, {"y": rng.normal(size=(10, 1)).astype("float32"), "c": rng.integers(0, 3, 10)}


def _run(jit):
    ax.random.seed(0)
    ax.layers.base.reset_names()
    model = _model()
    model.compile(
        optimizer="adam",
        loss={"y": "mse", "c": ax.losses.SparseCategoricalCrossentropy(from_logits=True)},
        jit_compile=jit,
    )
    (x1, y1), (x2, _) = _data(1), _data(2)
    history = model.fit(x1, y1, batch_size=4, epochs=2, verbose=0)
    return history.history, model.get_weights(), model.predict(x1), model.predict(x2)


def test_compiled_fit_and_predict_give_the_eager_bits():
    eager, compiled = _run(False), _run(True)
    assert eager[0] == compiled[0]
    for a, b in zip(eager[1], compiled[1]):
        np.testing.assert_array_equal(a, b)
    for key in ("y", "c"):
        np.testing.assert_array_equal(eager[2][key], compiled[2][key])
        np.testing.assert_array_equal(eager[3][key], compiled[3][key])  # another batch: its own indices
