"""The course's recurrent network learns binary addition, least significant bit first."""

import numpy as np

import axone as ax
from axone.data.sequences import addition_sequences, binary_addition, from_bits


def train_adder():
    X, t = binary_addition(32 * 400, bits=8, rng=1)
    model = ax.Sequential(
        [
            ax.Input((None, 2)),  # any number of bits
            ax.layers.SimpleRNN(16, return_sequences=True),
            ax.layers.TimeDistributed(ax.layers.Dense(1, activation="sigmoid")),  # one bit per step
        ]
    )
    model.compile(optimizer=ax.optimizers.Adam(lr=0.01), loss="binary_crossentropy")
    history = model.fit(X, t, epochs=1, batch_size=32, shuffle=False, verbose=0)
    return model, history


def test_simple_rnn_adds_8_bit_numbers_without_a_single_wrong_bit():
    model, history = train_adder()
    X, t = binary_addition(1000, bits=8, rng=2)  # held out: another seed
    bits = model.predict(X) > 0.5
    assert bits.shape == (1000, 9, 1)
    assert (bits == (t > 0.5)).all(), f"{(bits != (t > 0.5)).any(axis=(1, 2)).sum()} wrong sums"
    assert history.history["loss"][-1] < 0.5
    # the course's sum, 0101011 + 1001110, has 7 bits: a length the network never saw
    x, target = addition_sequences([0b0101011], [0b1001110], bits=7)
    assert from_bits(model.predict(x)) == [121] == from_bits(target)
    # and 16-bit numbers, twice the training length: the carry is learned, not the length
    X16, t16 = binary_addition(200, bits=16, rng=3)
    np.testing.assert_array_equal(model.predict(X16) > 0.5, t16 > 0.5)
