r"""Lab 18, cleaning: a messy table cleaned with pandas, and the accuracy before and after.

The course: the data must be numerous and "de bonne qualité", and "on approfondira avec des
exemples et l'utilisation de Pandas pour nettoyer les données". A generated customer table has
what real tables have: missing values, duplicated rows, a text column that matters (the city),
a number column with stray text (``"?"``), a typing error (an income of 10 million), a constant
column and an identifier. Whether a customer buys depends on age, income and city:

$P(\text{buys}) = \sigma\big(1.5 \, \tfrac{\text{age} - 45}{15} - 1.2 \, \tfrac{\text{income} - 50}{20} + c_{\text{city}}\big)$.

The same network learns it twice: from a naive table (text columns dropped, missing values
filled with 0, no scaling) and from ``ax.datasets.from_dataframe`` (duplicates, constant and
identifier columns removed, medians imputed, outliers clipped, numbers standardised, the city
one-hot encoded), whose fitted ``Preprocessor`` then applies the same cleaning to the test table.

Example:
    >>> df = messy_table(50, np.random.default_rng(0))
    >>> sorted(df.columns)
    ['age', 'buys', 'city', 'country', 'customer_id', 'income', 'visits']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

import axone as ax
from axone.labs.common import LabResult, pyplot, save_figure

CITIES = {"Paris": 1.5, "Lyon": -1.5, "Marseille": 0.5, "Lille": -0.5}  # c_city, the city's effect


def messy_table(n: int, rng: np.random.Generator, mess: bool = True) -> Any:
    """``n`` customers (plus about 5% duplicated rows when ``mess``) as a pandas DataFrame."""
    import pandas as pd

    age = rng.uniform(18, 80, n)
    income = rng.lognormal(np.log(45), 0.4, n)  # in thousands of euros
    city = rng.choice(list(CITIES), n)
    visits = rng.poisson(3, n).astype(object)
    logit = 1.5 * (age - 45) / 15 - 1.2 * (income - 50) / 20 + np.vectorize(CITIES.get)(city)
    buys = np.where(rng.random(n) < 1 / (1 + np.exp(-logit)), "yes", "no")
    df = pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(n)],
            "age": age.round(),
            "income": income.round(1),
            "city": city,
            "visits": visits,
            "country": "France",
            "buys": buys,
        }
    )
    if mess:
        df.loc[rng.random(n) < 0.15, "age"] = np.nan
        df.loc[rng.random(n) < 0.10, "income"] = np.nan
        df.loc[rng.random(n) < 0.08, "city"] = None
        df.loc[rng.random(n) < 0.05, "visits"] = "?"
        df.loc[rng.choice(n, 2, replace=False), "income"] = 10_000_000.0  # typed in euros, not thousands
        df = pd.concat([df, df.sample(n // 20, random_state=int(rng.integers(1 << 31)))], ignore_index=True)
    return df


def naive_inputs(df: Any, target: str = "buys") -> tuple[np.ndarray, list[str]]:
    """What one does without looking: keep the number columns only, fill holes with 0, no scaling."""
    numbers = df.drop(columns=[target]).select_dtypes("number")
    return numbers.fillna(0).to_numpy(dtype=np.float32), list(numbers.columns)


def _model(features: int) -> ax.Sequential:
    model = ax.Sequential(
        [ax.Input((features,)), ax.layers.Dense(16, activation="relu"), ax.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(optimizer=ax.optimizers.Adam(lr=0.01), loss="binary_crossentropy", metrics=["accuracy"])
    return model


def _train_and_test(x: np.ndarray, t: np.ndarray, x_test: np.ndarray, t_test: np.ndarray, epochs: int) -> float:
    ax.random.seed(0)
    model = _model(x.shape[1])
    model.fit(x, t, epochs=epochs, batch_size=32, verbose=0)
    return float(model.evaluate(x_test, t_test)[1])


def run(quick: bool = False, out: str | Path | None = None) -> LabResult:
    result = LabResult("cleaning", "a messy table cleaned with pandas: accuracy before and after")
    n, epochs = (800, 15) if quick else (4000, 40)
    rng = np.random.default_rng(0)
    train_df, test_df = messy_table(n, rng), messy_table(n // 2, rng)
    t_test = (test_df["buys"] == "yes").to_numpy(dtype=np.float32)

    x_naive, naive_columns = naive_inputs(train_df)
    before = _train_and_test(
        x_naive, (train_df["buys"] == "yes").to_numpy(dtype=np.float32), naive_inputs(test_df)[0], t_test, epochs
    )
    dataset = ax.datasets.from_dataframe(train_df, target="buys")
    yes = dataset.classes.index("yes")
    after = _train_and_test(
        dataset.X, (dataset.y == yes).astype(np.float32), dataset.preprocessor.transform(test_df), t_test, epochs
    )
    clean_test = messy_table(n // 2, np.random.default_rng(1), mess=False)
    best = float(np.mean(_bayes(clean_test) == (clean_test["buys"] == "yes").to_numpy()))
    report = dataset.report
    result.numbers.update(
        rows=len(train_df),
        test_rows=len(test_df),
        epochs=epochs,
        accuracy_before=before,
        accuracy_after=after,
        bayes_accuracy_estimate=best,
        naive_columns=naive_columns,
        features=dataset.feature_names,
        report=report.to_dict(),
    )
    result.findings.append(
        f"A generated table of {len(train_df)} customers (with {report.duplicates_dropped} duplicated rows, "
        f"missing values in {', '.join(f'{k} ({v})' for k, v in report.missing.items())}, 'visits' with stray "
        f"'?', two incomes typed in euros instead of thousands, a constant 'country' and an identifier)."
    )
    result.findings.append(
        "The cleaning report: " + f"{report.rows_read} rows read, {report.rows_kept} kept; "
        f"duplicates dropped {report.duplicates_dropped}; constant columns {report.constant_columns}; identifier "
        f"columns {list(report.identifier_columns)}; read as numbers despite text {report.coerced_to_numeric}; "
        f"outliers clipped {report.outliers}; text one-hot encoded {list(report.text_columns)}; imputed "
        f"{ {k: round(v, 2) if isinstance(v, float) else v for k, v in report.imputed.items()} }; "
        f"features {dataset.feature_names}."
    )
    result.findings.append(
        f"The same 16-1 network, {epochs} epochs of Adam: {before:.1%} on {len(test_df)} new rows from the naive table "
        f"(only {', '.join(naive_columns)}, holes filled with 0, no scaling), {after:.1%} after cleaning. "
        f"The rule that generated the labels scores about {best:.1%} on rows without mess (the labels are drawn at "
        "random from it): no model can do much better."
    )

    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    axes[0].bar(["naive", "cleaned", "best possible"], [before, after, best], color=["tab:red", "tab:green", "gray"])
    axes[0].set_ylim(0.4, 1.0)
    axes[0].set_ylabel("test accuracy")
    axes[0].set_title("the same network, before and after cleaning")
    counts = {
        "duplicates": report.duplicates_dropped,
        **{f"missing {k}": v for k, v in report.missing.items()},
        **{f"outliers {k}": v for k, v in report.outliers.items()},
        **{f"'?' in {k}": v for k, v in report.coerced_to_numeric.items()},
    }
    axes[1].barh(list(counts), list(counts.values()), color="tab:blue")
    axes[1].set_title("what the cleaning found (rows or cells)")
    save_figure(result, fig, "report", out)
    return result


def _bayes(df: Any) -> np.ndarray:
    """The generating rule's own decision, P(buys) > 1/2, on a table without mess."""
    logit = (
        1.5 * (df["age"].to_numpy() - 45) / 15
        - 1.2 * (df["income"].to_numpy() - 50) / 20
        + df["city"].map(CITIES).to_numpy()
    )
    return logit > 0
