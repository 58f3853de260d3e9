"""``axone predict model.axone table.csv``: a trained model applied to a raw CSV table.

The model file carries the table preprocessing fitted by ``axone train`` (the columns, the
imputation values, the categories, the outlier fences and the scaling); it is applied to the raw
table, so the table is given exactly as it comes. One output row per input row, in order: the
predicted label (decoded to the original class names) and one probability per class ``p(name)``,
or the predicted value for a regression. Printed as CSV, or written atomically with ``--out``.
"""

from __future__ import annotations

import argparse
import io
import sys
from typing import Any

import numpy as np

from axone.cli.errors import CliError, check_input, check_output, write_text
from axone.cli.tables import add_table_options, table_format


def add_commands(commands: Any) -> None:
    predict = commands.add_parser(
        "predict",
        help="predict on a raw CSV table with a trained model",
        description="Apply a model saved by 'axone train' (and its preprocessing) to a raw CSV table.",
    )
    predict.add_argument("model", help="the model file (.axone) written by 'axone train'")
    predict.add_argument("table", help="the CSV file, with the columns the model was trained on")
    predict.add_argument("--out", help="write the predictions to this CSV file (default: print them)")
    predict.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    add_table_options(predict)
    predict.set_defaults(run=run_predict)


def run_predict(args: argparse.Namespace) -> int:
    from axone.data import Preprocessor, read_csv
    from axone.io import inspect_model_file, load_model

    model_path = check_input(args.model, "model file")
    table = check_input(args.table, "table")
    out = check_output(args.out, args.force, inputs=(model_path, table)) if args.out else None
    info = inspect_model_file(model_path)  # validates the whole file before anything is built
    if info["kind"] != "model" or not info.get("preprocessing"):
        raise CliError(
            f"model file {str(model_path)!r} carries no table preprocessing; "
            "predict needs a model trained by 'axone train' (or saved with preprocessing=)"
        )
    preprocessor = Preprocessor.from_config(info["preprocessing"])
    df = read_csv(table, **table_format(args))
    if len(df) == 0:
        raise CliError(f"table {str(table)!r} has no rows")
    X = preprocessor.transform(df)  # ValueError naming missing or unexpected columns
    expected = (info.get("build") or {}).get("input_shape", [None, X.shape[1]])[-1]
    if expected is not None and expected != X.shape[1]:
        raise CliError(f"the table gives {X.shape[1]} input features but the model expects {expected}")
    model = load_model(model_path)
    result = prediction_table(model.predict(X, batch_size=1024), preprocessor)
    if out is None:
        sys.stdout.write(result.to_csv(index=False))
        return 0
    buffer = io.StringIO()
    result.to_csv(buffer, index=False)
    write_text(out, buffer.getvalue())
    print(f"wrote {len(result)} predictions to {out}")
    if preprocessor.target in df.columns and preprocessor.task == "classification":
        print(agreement(probabilities_of(result, preprocessor), df[preprocessor.target], preprocessor))
    elif preprocessor.target in df.columns:
        print(regression_error(result["prediction"].to_numpy(), df[preprocessor.target], preprocessor.target))
    return 0


def prediction_table(outputs: np.ndarray, preprocessor: Any) -> Any:
    """A DataFrame: ``prediction`` (label or value), then ``p(<class>)`` per class (classification)."""
    import pandas as pd

    if preprocessor.task == "regression":
        # the float32 outputs as their shortest text (205.14963), not as float64 noise (205.14962768554688)
        return pd.DataFrame({"prediction": outputs[:, 0].astype(np.float32).astype(str).astype(np.float64)})
    probabilities = outputs.astype(np.float64)
    if probabilities.shape[1] == 1:  # one sigmoid unit: the probability of class 1
        probabilities = np.concatenate([1 - probabilities, probabilities], axis=1)
    frame = {"prediction": preprocessor.decode_target(probabilities)}
    frame.update({f"p({label})": probabilities[:, i].round(6) for i, label in enumerate(preprocessor.classes)})
    return pd.DataFrame(frame)


def regression_error(predicted: np.ndarray, target: Any, name: str) -> str:
    """The error of the predictions against the table's own target column (its numeric rows)."""
    import pandas as pd

    truth = pd.to_numeric(target, errors="coerce").to_numpy(dtype=np.float64)
    known = np.isfinite(truth)
    if not known.any():
        return f"the table's column {name!r} holds no number: the predictions were not compared"
    error = predicted[known] - truth[known]
    return (
        f"the table has the target column {name!r}: MAE {float(np.mean(np.abs(error))):.4g}, "
        f"RMSE {float(np.sqrt(np.mean(error**2))):.4g} on {int(known.sum())}/{len(truth)} rows"
    )


def probabilities_of(result: Any, preprocessor: Any) -> np.ndarray:
    return result[[f"p({label})" for label in preprocessor.classes]].to_numpy()


def agreement(probabilities: np.ndarray, target: Any, preprocessor: Any) -> str:
    """How often the predictions match the table's own target column (when it has one)."""
    known = target.notna().to_numpy()
    try:
        truth = preprocessor.encode_target(target[known].to_numpy())
    except ValueError as error:  # a label never seen in training: no score, but say why
        return f"the table's column {preprocessor.target!r} was not compared: {error}"
    same = probabilities[known].argmax(axis=1) == truth
    return (
        f"the table has the target column {preprocessor.target!r}: the predictions match it on "
        f"{int(same.sum())}/{len(same)} rows ({same.mean() if len(same) else 0.0:.4f})"
    )
