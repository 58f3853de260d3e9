"""A user's callback joins fit through the documented hooks, as BackupAndRestore and TerminateOnNaN do."""

import numpy as np
import pytest

import axone as ax
from axone.training.fit_state import FitState

X = np.linspace(-1, 1, 8, dtype=np.float32).reshape(-1, 1)
T = 2 * X[:, 0]


def _model():
    ax.random.seed(0)
    model = ax.Sequential([ax.Input((1,)), ax.layers.Dense(1)])
    model.compile(optimizer=ax.optimizers.SGD(lr=0.1), loss="mse")
    return model


class Recorder(ax.callbacks.Callback):
    """Writes every hook it sees, in order, into a shared list."""

    def __init__(self, name, calls):
        super().__init__()
        self.name, self.calls = name, calls

    def on_train_begin(self, logs=None):
        self.calls.append((self.name, "on_train_begin"))

    def on_epoch_end(self, epoch, logs=None):
        self.calls.append((self.name, "on_epoch_end", epoch))


class Resumer(Recorder):
    """Restores a made-up training: fit must start at epoch 2, batch 3."""

    def restore_training(self, callbacks):
        self.calls.append((self.name, "restore_training", [type(c).__name__ for c in callbacks]))
        self.fit_state.resume_at(2, batch=3, permutation=np.arange(8), sums={"loss": 0.0}, seen=6)

    def on_train_batch_begin(self, batch, logs=None):
        self.calls.append((self.name, "batch", self.fit_state.epoch, batch))


def test_fit_state_is_given_during_fit_only():
    seen = []

    class Where(ax.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append((self.fit_state.epoch, self.fit_state.batch, self.fit_state.seen))

    where = Where()
    _model().fit(X, T, batch_size=4, epochs=2, shuffle=False, verbose=0, callbacks=[where])
    assert seen == [(0, 1, 4), (0, 2, 8), (1, 1, 4), (1, 2, 8)]
    assert where.fit_state is None


def test_restore_training_runs_after_every_on_train_begin_and_moves_the_start():
    calls = []
    resumer, other = Resumer("resumer", calls), Recorder("other", calls)
    _model().fit(X, T, batch_size=2, epochs=3, shuffle=False, verbose=0, callbacks=[resumer, other])
    assert calls[:3] == [
        ("other", "on_train_begin"),  # the restorer runs after the others, though given first
        ("resumer", "on_train_begin"),
        ("resumer", "restore_training", ["Recorder", "History", "Resumer"]),
    ]
    assert ("resumer", "batch", 2, 3) in calls and not any(c[1] == "batch" and c[2] < 2 for c in calls[3:])
    assert [c for c in calls if c[1] == "batch"] == [("resumer", "batch", 2, 3)]  # only the last batch is left
    assert [c[2] for c in calls if c[1] == "on_epoch_end"] == [2, 2]  # other, then resumer


def test_check_batch_true_stops_before_the_update():
    class StopAtSecond(ax.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seen = []

        def check_batch(self, batch, loss, grads):
            self.seen.append((batch, len(grads), self.fit_state.last_batch[0].shape))
            return batch == 1

    model = _model()
    stop, ends = StopAtSecond(), []
    weights = []
    after = ax.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: weights.append(model.get_weights()),
        on_epoch_end=lambda epoch, logs: ends.append(epoch),
    )
    model.fit(X, T, batch_size=4, epochs=3, shuffle=False, verbose=0, callbacks=[stop, after])
    assert stop.seen == [(0, 2, (4, 1)), (1, 2, (4, 1))]
    assert ends == []  # stopped inside the first epoch: no on_epoch_end
    for a, b in zip(weights[-1], model.get_weights()):  # the second batch's update was not made
        np.testing.assert_array_equal(a, b)


def test_get_state_and_set_state_of_a_user_callback_survive_a_backup(tmp_path):
    class Counter(ax.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.count = 0

        def on_train_batch_end(self, batch, logs=None):
            self.count += 1

        def get_state(self):
            return {"count": self.count}

        def set_state(self, state):
            self.count = state["count"]

    model, counter = _model(), Counter()
    backup = ax.callbacks.BackupAndRestore(tmp_path / "b", save_freq=1, delete_checkpoint=False)
    model.fit(X, T, batch_size=4, epochs=2, verbose=0, callbacks=[counter, backup])
    assert counter.count == 4
    again = Counter()
    _model().fit(X, T, batch_size=4, epochs=2, verbose=0, callbacks=[again, backup])  # all done already
    assert again.count == 4  # restored, and no batch left to run


def test_resume_at_refuses_a_position_outside_the_epoch():
    state = FitState(steps=4)
    with pytest.raises(ValueError, match=r"batch must be an integer in \[0, 4\], got 5"):
        state.resume_at(0, batch=5)
    with pytest.raises(ValueError, match="epoch must be an integer >= 0"):
        state.resume_at(-1)
