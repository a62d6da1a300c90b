"""The regularization tour: ``python -m skreg tour``.

One list, :data:`CASES`, holds the tour.  Each estimator family adds one
:class:`Case` whose ``run`` function tunes its estimator's regularization
strength by cross-validation over a Pipeline (scaler + model; ``GridSearchCV``,
or the family's own CV estimator) on a dataset
bundled with scikit-learn (no downloads), and returns rows for the shared
table: train and test score, best parameter, nonzero coefficients, fit time.
With ``--out DIR`` the regularization paths and learning curves are written
to ``DIR``.
"""

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline

from skreg.preprocessing import MinMaxScaler, StandardScaler


@dataclass(frozen=True)
class Row:
    """One line of the tour's table: a GridSearchCV over one model."""

    family: str
    dataset: str
    model: str
    best_param: str
    train_score: float
    test_score: float
    nonzero: str
    seconds: float
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """One estimator family's part of the tour."""

    family: str
    run: Callable[..., list]


def _split(loader, *, stratify=False):
    X, y = loader(return_X_y=True)
    return train_test_split(X, y, random_state=0, stratify=y if stratify else None)


def _format_params(params):
    parts = []
    for name, value in params.items():
        short = name.split("__")[-1]
        text = f"{value:.3g}" if isinstance(value, float) else str(value)
        parts.append(f"{short}={text}")
    return ", ".join(parts)


def _nonzero(model):
    """``"k/p"`` nonzero coefficients of a linear model, weights of an MLP."""
    if hasattr(model, "coef_"):
        coef = np.asarray(model.coef_)
        return f"{np.count_nonzero(coef)}/{coef.size}"
    if hasattr(model, "coefs_"):
        n = sum(int(np.count_nonzero(W)) for W in model.coefs_)
        return f"{n}/{sum(W.size for W in model.coefs_)}"
    return "-"


def _search_row(family, dataset, pipe, grid, data, *, cv=5):
    """Fit ``GridSearchCV(pipe, grid)`` on the training split; one Row."""
    X_train, X_test, y_train, y_test = data
    search = GridSearchCV(pipe, grid, cv=cv)
    start = time.perf_counter()
    with warnings.catch_warnings():
        # fixed small budgets (epochs, iterations) keep the tour fast
        warnings.simplefilter("ignore", ConvergenceWarning)
        search.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    best = search.best_estimator_
    row = Row(
        family=family,
        dataset=dataset,
        model=" + ".join(type(step).__name__ for _, step in best.steps),
        best_param=_format_params(search.best_params_),
        train_score=float(best.score(X_train, y_train)),
        test_score=float(best.score(X_test, y_test)),
        nonzero=_nonzero(best[-1]),
        seconds=seconds,
    )
    return row, search


def _path_figure(estimator, data, out_dir, filename):
    """Regularization path of ``estimator`` on the scaled training split."""
    if out_dir is None:
        return
    from skreg._tour_figures import save_display
    from skreg.inspection import RegularizationPathDisplay

    X_train, _, y_train, _ = data
    X_scaled = StandardScaler().fit_transform(X_train)
    display = RegularizationPathDisplay.from_estimator(estimator, X_scaled, y_train)
    save_display(display, out_dir, filename)


def _scaling_rows(out_dir=None):
    """k-nearest neighbours on breast cancer: no scaler, MinMaxScaler,
    StandardScaler, each searched over the number of neighbours."""
    data = _split(load_breast_cancer, stratify=True)
    grid = {"kneighborsclassifier__n_neighbors": [3, 7, 15]}
    rows = []
    for scaler in (None, MinMaxScaler(), StandardScaler()):
        steps = (
            [KNeighborsClassifier()]
            if scaler is None
            else [scaler, KNeighborsClassifier()]
        )
        row, _ = _search_row(
            "scaling", "breast_cancer", make_pipeline(*steps), grid, data
        )
        rows.append(row)
    return rows


_ALPHAS = np.logspace(-3, 2, 11)


def _lasso_rows(out_dir=None):
    """Lasso on diabetes, alpha by GridSearchCV; its path."""
    from skreg.linear_model import Lasso

    data = _split(load_diabetes)
    pipe = make_pipeline(StandardScaler(), Lasso())
    row, _ = _search_row("lasso", "diabetes", pipe, {"lasso__alpha": _ALPHAS}, data)
    _path_figure(Lasso(), data, out_dir, "lasso_path_diabetes.png")
    return [row]


def _elastic_net_rows(out_dir=None):
    """ElasticNet on diabetes, alpha and l1_ratio by GridSearchCV; its path."""
    from skreg.linear_model import ElasticNet

    data = _split(load_diabetes)
    pipe = make_pipeline(StandardScaler(), ElasticNet())
    grid = {"elasticnet__alpha": _ALPHAS, "elasticnet__l1_ratio": [0.2, 0.5, 0.9]}
    row, _ = _search_row("elastic_net", "diabetes", pipe, grid, data)
    _path_figure(ElasticNet(l1_ratio=0.5), data, out_dir, "enet_path_diabetes.png")
    return [row]


def _ridge_rows(out_dir=None):
    """Ridge on diabetes, alpha by GridSearchCV; its shrinkage path."""
    from skreg.linear_model import Ridge

    data = _split(load_diabetes)
    pipe = make_pipeline(StandardScaler(), Ridge())
    grid = {"ridge__alpha": np.logspace(-2, 4, 13)}
    row, _ = _search_row("ridge", "diabetes", pipe, grid, data)
    _path_figure(Ridge(), data, out_dir, "ridge_path_diabetes.png")
    return [row]


def _l0_rows(out_dir=None):
    """Best-subset regression on diabetes, the subset size by GridSearchCV."""
    from skreg.linear_model import L0Regressor

    data = _split(load_diabetes)
    pipe = make_pipeline(StandardScaler(), L0Regressor(random_state=0))
    grid = {"l0regressor__n_nonzero_coefs": list(range(1, 11))}
    row, _ = _search_row("l0", "diabetes", pipe, grid, data)
    _path_figure(L0Regressor(random_state=0), data, out_dir, "l0_path_diabetes.png")
    return [row]


def _neural_network_rows(out_dir=None):
    """A small MLP on digits, the L2 strength by GridSearchCV, without and
    with dropout; the learning curves of the chosen models.  In float32
    (``dtype="float32"``; the default follows X, float64 here), which fits
    in about 0.6x the time with the same scores."""
    from skreg.neural_network import MLPClassifier

    data = _split(load_digits, stratify=True)
    grid = {"mlpclassifier__alpha": [1e-4, 1e-1, 1.0]}
    rows = []
    for setting, params in [("", {}), (" dropout=0.2", {"dropout": 0.2})]:
        model = MLPClassifier(
            (64,), max_iter=40, random_state=0, dtype="float32", **params
        )
        pipe = make_pipeline(StandardScaler(), model)
        row, search = _search_row("neural_network", "digits", pipe, grid, data, cv=3)
        rows.append(replace(row, model=row.model + setting))
        if out_dir is not None:
            from skreg._tour_figures import save_display
            from skreg.inspection import TrainingHistoryDisplay

            display = TrainingHistoryDisplay.from_estimator(search.best_estimator_[-1])
            suffix = setting.strip().replace("=", "_")
            name = "_".join(filter(None, ["mlp_learning_curve", suffix]))
            save_display(display, out_dir, f"{name}.png")
    return rows


_LOGISTIC_CS = np.logspace(-2, 1, 10)


def _logistic_rows(out_dir=None):
    """Sparse (L1) logistic regression on breast cancer: C chosen by
    LogisticRegressionCV (one warm-started path per fold), then support
    size against accuracy along the path on the training split."""
    from skreg.linear_model import LogisticRegressionCV, logistic_regression_path

    data = _split(load_breast_cancer, stratify=True)
    X_train, X_test, y_train, y_test = data
    model = LogisticRegressionCV(
        Cs=_LOGISTIC_CS,
        l1_ratios=(1.0,),
        solver="saga",
        scoring="accuracy",
        use_legacy_attributes=False,
    )
    pipe = make_pipeline(StandardScaler(), model)
    start = time.perf_counter()
    pipe.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    rows = [
        Row(
            family="logistic",
            dataset="breast_cancer",
            model=" + ".join(type(step).__name__ for _, step in pipe.steps),
            best_param=_format_params({"C": float(model.C_)}),
            train_score=float(pipe.score(X_train, y_train)),
            test_score=float(pipe.score(X_test, y_test)),
            nonzero=_nonzero(model),
            seconds=seconds,
        )
    ]
    scaler = pipe[0]
    Xs_train, Xs_test = scaler.transform(X_train), scaler.transform(X_test)
    start = time.perf_counter()
    Cs, coefs, intercepts, _ = logistic_regression_path(
        Xs_train, y_train, Cs=_LOGISTIC_CS[::3], l1_ratio=1.0
    )
    seconds = time.perf_counter() - start
    for C, coef, intercept in zip(Cs, coefs[:, 0], intercepts[:, 0], strict=True):

        def accuracy(X, y, coef=coef, intercept=intercept):
            return float(np.mean((X @ coef + intercept > 0) == (y == 1)))

        rows.append(
            Row(
                family="logistic",
                dataset="breast_cancer",
                model="StandardScaler + L1 path",
                best_param=_format_params({"C": float(C)}),
                train_score=accuracy(Xs_train, y_train),
                test_score=accuracy(Xs_test, y_test),
                nonzero=f"{np.count_nonzero(coef)}/{coef.size}",
                seconds=seconds,
            )
        )
    if out_dir is not None:
        from skreg._tour_figures import save_display
        from skreg.inspection import RegularizationPathDisplay

        display = RegularizationPathDisplay.from_estimator(model, Xs_train, y_train)
        save_display(display, out_dir, "logistic_path_breast_cancer.png")
    return rows


CASES = [
    Case("scaling", _scaling_rows),
    Case("lasso", _lasso_rows),
    Case("elastic_net", _elastic_net_rows),
    Case("ridge", _ridge_rows),
    Case("l0", _l0_rows),
    Case("neural_network", _neural_network_rows),
    Case("logistic", _logistic_rows),
]

HEADER = (
    "family",
    "dataset",
    "pipeline",
    "best parameter",
    "train",
    "test",
    "nonzero",
    "fit s",
)


def format_table(rows):
    """Render rows as a fixed-width text table."""
    lines = [
        (
            r.family,
            r.dataset,
            r.model,
            r.best_param,
            f"{r.train_score:.4f}",
            f"{r.test_score:.4f}",
            r.nonzero,
            f"{r.seconds:.2f}",
        )
        for r in rows
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(HEADER, *lines, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths[:-1]) + "  {}"
    rule = "  ".join("-" * w for w in widths)
    return "\n".join(
        [fmt.format(*HEADER), rule, *(fmt.format(*line) for line in lines)]
    )


def run_tour(families=None, out_dir=None, print_fn=print):
    """Run every case (or those in ``families``) and print one table.

    Scores are R^2 (regression) or accuracy (classification) on the training
    split and on a held-out test split (a quarter of the data); ``nonzero``
    counts the chosen model's nonzero coefficients (weights for the MLP).
    With ``out_dir``, the regularization paths and learning curves are
    written there as PNG files.
    """
    rows = []
    for case in CASES:
        if families and case.family not in families:
            continue
        rows.extend(case.run(out_dir=out_dir))
    print_fn(format_table(rows))
    return rows
