r"""``axone train``: a network trained on your own CSV table, from the command line.

``train`` reads and cleans the table (``axone.data.from_csv``, its report printed), splits off a
validation part (seeded, stratified for classes), builds a ``Sequential`` of ``Dense`` layers and
trains it with ``fit`` (its progress bar), prints the validation metrics, and saves the model
with the fitted preprocessing inside the file. The output layer and the loss follow the task:

- 2 classes: 1 sigmoid unit, binary cross-entropy;
- $k > 2$ classes: $k$ softmax units, sparse categorical cross-entropy;
- regression: 1 linear unit, mean squared error. The target is standardised for training,
  $t' = (t - \mu) / s$, and the scaling is then folded into the last layer
  ($W \leftarrow s W$, $b \leftarrow s b + \mu$), so the saved model predicts in the table's units.

``axone predict`` (``predict.py``) applies the saved model and preprocessing to a raw table.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

import numpy as np

from axone.cli.errors import CliError, check_input, check_output


class DefaultsFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows ``(default: 50)``, but not ``(default: None)`` on required options or unset ones."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.required or action.default is None or isinstance(action.default, bool):
            return action.help
        return super()._get_help_string(action)


def add_table_options(parser: argparse.ArgumentParser) -> None:
    """How the CSV file is read: what is not given is detected (``axone.data.read_csv``)."""
    parser.add_argument("--sep", help="the field separator (detected: , ; tab | or whitespace)")
    parser.add_argument("--decimal", help="the decimal mark, . or , (detected: , in a ; table of 1,5 numbers)")
    parser.add_argument("--encoding", help="the file's encoding (detected: UTF-8 with or without BOM, else cp1252)")
    parser.add_argument(
        "--skip-rows", type=int, default=0, help="lines to skip above the header (a metadata line, say)"
    )


def table_format(args: argparse.Namespace) -> dict[str, Any]:
    """The ``read_csv`` arguments of the table options (``\\t`` on the command line is a tab)."""
    sep = "\t" if args.sep in ("\\t", "tab") else args.sep
    if args.skip_rows < 0:
        raise CliError(f"--skip-rows takes a number of lines >= 0, got {args.skip_rows}")
    return {"sep": sep, "decimal": args.decimal, "encoding": args.encoding, "skip_rows": args.skip_rows}


def add_commands(commands: Any) -> None:
    train = commands.add_parser(
        "train",
        help="train a network on a CSV table and save it",
        description="Clean a CSV table, train a network of Dense layers on it, and save it with its preprocessing.",
        formatter_class=DefaultsFormatter,
    )
    train.add_argument("table", help="the CSV file, one row per sample, with a header")
    add_table_options(train)
    train.add_argument("--target", required=True, help="the column to predict")
    train.add_argument(
        "--task",
        choices=["auto", "classification", "regression"],
        default="auto",
        help="auto: text or few integer values are classes, other numbers regression",
    )
    train.add_argument("--hidden", default="32,16", help="hidden layer sizes, comma separated ('' for none)")
    train.add_argument("--activation", default="relu", help="activation of the hidden layers")
    train.add_argument("--optimizer", default="adam", help="sgd, adam, rmsprop, adagrad, adadelta, adamw, rprop...")
    train.add_argument("--lr", type=float, default=None, help="learning rate (eta); the optimizer's default if unset")
    train.add_argument("--epochs", type=int, default=50, help="passes over the training rows")
    train.add_argument("--batch-size", type=int, default=32, help="rows per gradient step")
    train.add_argument("--val", type=float, default=0.2, help="share of rows held out for validation, in [0, 1)")
    train.add_argument("--seed", type=int, default=0, help="seed of the split, the initial weights and the shuffling")
    train.add_argument("--out", required=True, help="the model file to write (.axone)")
    train.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    train.set_defaults(run=run_train)


# ---- train ----------------------------------------------------------------------------------------
def parse_hidden(text: str) -> list[int]:
    """``"32,16"`` -> ``[32, 16]``; ``""`` -> ``[]`` (no hidden layer: a logistic or linear model).

    Example:
        >>> parse_hidden("32, 16"), parse_hidden("")
        ([32, 16], [])
    """
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not all(p.isdigit() and int(p) > 0 for p in parts):
        raise CliError(f"--hidden takes positive layer sizes separated by commas, like 32,16; got {text!r}")
    return [int(p) for p in parts]


def check_train_options(args: argparse.Namespace) -> dict[str, Any]:
    """Every option checked before the table is read or anything trained; returns the parsed ones."""
    from axone import activations, optimizers

    hidden = parse_hidden(args.hidden)
    if args.activation not in activations.names():
        raise CliError(f"unknown --activation {args.activation!r}; valid names: {', '.join(activations.names())}")
    optimizer = optimizers.get(args.optimizer)  # ValueError with the valid names
    if args.lr is not None:
        if not 0 < args.lr < float("inf"):  # nan and inf would only fail after the table is read
            raise CliError(f"--lr must be a positive finite number, got {args.lr}")
        optimizer = type(optimizer)(lr=args.lr)
    if args.epochs < 1:
        raise CliError(f"--epochs must be at least 1, got {args.epochs}")
    if args.batch_size < 1:
        raise CliError(f"--batch-size must be at least 1, got {args.batch_size}")
    if not 0 <= args.val < 1:
        raise CliError(f"--val is the share of rows held out, in [0, 1); got {args.val}")
    return {"hidden": hidden, "optimizer": optimizer}


def check_val_rows(val: float, n_rows: int, table: object) -> None:
    """Refuse a ``--val`` that holds out every row the cleaning kept (the split would say ``val``/``test``).

    Example:
        >>> check_val_rows(0.5, 4, "t.csv")
        >>> check_val_rows(0.9, 4, "t.csv")
        Traceback (most recent call last):
        ...
        axone.cli.errors.CliError: --val 0.9 holds out 4 of the 4 rows of 't.csv' kept after cleaning, leaving none to train on; use --val 0.75 or less
    """
    held = round(val * n_rows)  # the count train_val_test_split holds out
    if n_rows - held < 1:
        most = math.floor((n_rows - 1) / n_rows * 100) / 100  # two decimals that still leave one row
        raise CliError(
            f"--val {val:g} holds out {held} of the {n_rows} rows of {str(table)!r} kept after cleaning, "
            f"leaving none to train on; use --val {most:g} or less"
        )


def output_head(task: str, classes: list | None) -> tuple[int, str, str, list[str]]:
    """(units, activation, loss, metrics) of the output layer for the task."""
    if task == "regression":
        return 1, "linear", "mse", ["mae"]
    if len(classes or []) == 2:
        return 1, "sigmoid", "binary_crossentropy", ["accuracy"]
    return len(classes or []), "softmax", "sparse_categorical_crossentropy", ["accuracy"]


def build_model(n_features: int, hidden: list[int], activation: str, task: str, classes: list | None) -> Any:
    import axone as ax

    units, out_activation, _, _ = output_head(task, classes)
    layers = [ax.Input((n_features,))]
    layers += [ax.layers.Dense(size, activation=activation) for size in hidden]
    layers.append(ax.layers.Dense(units, activation=out_activation))
    return ax.Sequential(layers)


def run_train(args: argparse.Namespace) -> int:
    import axone as ax
    from axone.data import from_csv, train_val_test_split

    table = check_input(args.table, "table")
    out = check_output(args.out, args.force, inputs=(table,))
    options = check_train_options(args)
    data = from_csv(table, target=args.target, task=args.task, **table_format(args))
    check_val_rows(args.val, len(data.X), table)  # before any output: a failed command prints one line only
    print(data.report)

    X, y = data.X, data.y
    if data.task == "classification" and len(data.classes) == 2:
        y = y.astype(np.float32).reshape(-1, 1)  # the sigmoid's target: the probability of class 1
    stratify = data.y if data.task == "classification" else None
    (X_tr, y_tr), (X_va, y_va), _ = train_val_test_split(X, y, val=args.val, stratify=stratify, rng=args.seed)
    on = "validation"
    if len(X_va) == 0:
        X_va, y_va, on = X_tr, y_tr, "training"  # --val 0, or too few rows for one validation row
    center, spread = 0.0, 1.0
    if data.task == "regression":  # train on a standardised target; folded back into the last layer below
        center, spread = float(y_tr.mean()), float(y_tr.std()) or 1.0

    ax.random.seed(args.seed)
    model = build_model(X.shape[1], options["hidden"], args.activation, data.task, data.classes)
    _, _, loss, metrics = output_head(data.task, data.classes)
    model.compile(optimizer=options["optimizer"], loss=loss, metrics=metrics)
    print(describe(model, X.shape[1], loss, options["optimizer"], len(X_tr), len(X_va) if on == "validation" else 0))
    sys.stdout.flush()
    try:
        # an overflow or a NaN stops the training at once (numpy warns and goes on by default)
        with np.errstate(all="raise", under="ignore"):
            model.fit(
                X_tr,
                (y_tr - center) / spread,
                epochs=args.epochs,
                batch_size=args.batch_size,
                verbose="auto",
                validation_data=None if on == "training" else (X_va, (y_va - center) / spread),
            )
    except FloatingPointError as error:
        raise CliError(f"training diverged ({error}); nothing was saved: try a smaller --lr") from None
    if not all(np.isfinite(w).all() for w in model.get_weights()):
        raise CliError("training diverged (weights are not finite); nothing was saved: try a smaller --lr")
    if data.task == "regression":
        fold_target_scaling(model, center, spread)

    lines, learned = final_metrics(model, X_va, y_va, y_tr, data.task, on)
    for line in lines:
        print(line)
    if not learned:
        print(
            "warning: the trained model does no better than that baseline: try another --lr "
            f"(now {options['optimizer'].lr:g}), more --epochs, or other --hidden sizes"
        )
    ax.io.save_model(model, out, preprocessing=data.preprocessor)
    print(
        f"saved {out} ({model.count_params()} parameters, preprocessing of {len(data.preprocessor.columns)} "
        f"columns included); try: axone predict {out} {table}"
    )
    return 0


def describe(model: Any, n_features: int, loss: str, optimizer: Any, n_train: int, n_val: int) -> str:
    """``model: 5 inputs -> Dense(32, relu) -> Dense(1, sigmoid), 257 parameters; loss ...``"""
    layers = [f"Dense({layer.units}, {layer.activation_name})" for layer in model.layers if hasattr(layer, "units")]
    return (
        f"model: {n_features} inputs -> {' -> '.join(layers)}, {model.count_params()} parameters; "
        f"loss {loss}, optimizer {optimizer!r}; {n_train} training rows, {n_val} validation rows"
    )


def fold_target_scaling(model: Any, center: float, spread: float) -> None:
    r"""Make the last Dense output $s\,y + \mu$: $W \leftarrow s W$, $b \leftarrow s b + \mu$."""
    last = model.layers[-1]
    kernel, bias = last.get_weights()
    last.set_weights([kernel * spread, bias * spread + center])


def final_metrics(
    model: Any, X: np.ndarray, y: np.ndarray, y_train: np.ndarray, task: str, on: str
) -> tuple[list[str], bool]:
    """The metrics on the held-out rows, each beside the trivial baseline (majority class, mean),
    and whether the model does better than that baseline (a higher accuracy, a lower MAE)."""
    out = model.predict(X, batch_size=1024)  # large batches: inference needs no small steps
    if task == "classification":
        if out.shape[1] == 1:
            predicted, truth, train_truth = (out[:, 0] >= 0.5).astype(np.int64), y[:, 0], y_train[:, 0]
        else:
            predicted, truth, train_truth = out.argmax(axis=1), y, y_train
        majority = np.bincount(train_truth.astype(np.int64)).argmax()
        accuracy = float(np.mean(predicted == truth))
        baseline = float(np.mean(truth == majority))
        return [
            f"{on} accuracy: {accuracy:.4f} ({int(np.sum(predicted == truth))}/{len(truth)} rows; "
            f"always answering the most frequent class: {baseline:.4f})"
        ], accuracy > baseline
    error = out[:, :1].astype(np.float64) - y.astype(np.float64)
    mae, rmse = float(np.mean(np.abs(error))), float(np.sqrt(np.mean(error**2)))
    base = y.astype(np.float64) - float(y_train.mean())
    base_mae = float(np.mean(np.abs(base)))
    return [
        f"{on} MAE: {mae:.4g}, RMSE: {rmse:.4g} (always answering the training mean: "
        f"MAE {base_mae:.4g}, RMSE {float(np.sqrt(np.mean(base**2))):.4g})"
    ], mae < base_mae
