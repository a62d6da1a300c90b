"""The regularization tour: ``python -m skreg tour``.

One list, :data:`CASES`, holds the tour.  Each estimator family adds one
:class:`Case` whose ``run`` function fits its estimators on datasets bundled
with scikit-learn (no downloads) and returns rows for the shared table.
"""

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline

from skreg.preprocessing import MinMaxScaler, StandardScaler

COLUMNS = ("family", "dataset", "model", "setting", "score", "seconds")


@dataclass(frozen=True)
class Row:
    """One line of the tour's table."""

    family: str
    dataset: str
    model: str
    setting: str
    score: float
    seconds: float
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """One estimator family's part of the tour."""

    family: str
    run: Callable[..., list]


def _scaling_rows(out_dir=None):
    """CV accuracy of a distance-based and a gradient-based model, with and
    without each scaler, on two bundled datasets."""
    datasets = {"breast_cancer": load_breast_cancer, "wine": load_wine}
    models = {
        "KNeighborsClassifier": lambda: KNeighborsClassifier(),
        "LogisticRegression(saga)": lambda: LogisticRegression(
            solver="saga", max_iter=200, tol=1e-3
        ),
    }
    scalers = {
        "no scaling": None,
        "MinMaxScaler": MinMaxScaler,
        "StandardScaler": StandardScaler,
    }
    rows = []
    for data_name, loader in datasets.items():
        X, y = loader(return_X_y=True)
        for model_name, make_model in models.items():
            for scaler_name, scaler in scalers.items():
                steps = [make_model()] if scaler is None else [scaler(), make_model()]
                start = time.perf_counter()
                with warnings.catch_warnings():
                    # saga on unscaled data is the point being made: it does
                    # not converge, and the score shows it.
                    warnings.simplefilter("ignore")
                    scores = cross_val_score(make_pipeline(*steps), X, y, cv=5)
                rows.append(
                    Row(
                        family="scaling",
                        dataset=data_name,
                        model=model_name,
                        setting=scaler_name,
                        score=float(np.mean(scores)),
                        seconds=time.perf_counter() - start,
                    )
                )
    return rows


def _l0_rows(out_dir=None):
    """CV R^2 of best-subset regression against greedy OMP at equal support
    sizes on the diabetes data (10 features)."""
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import OrthogonalMatchingPursuit

    from skreg.linear_model import L0Regressor

    X, y = load_diabetes(return_X_y=True)
    models = {
        "L0Regressor": lambda k: L0Regressor(n_nonzero_coefs=k, random_state=0),
        "OrthogonalMatchingPursuit": lambda k: OrthogonalMatchingPursuit(
            n_nonzero_coefs=k
        ),
    }
    rows = []
    for k in (2, 4, 6):
        for model_name, make_model in models.items():
            start = time.perf_counter()
            scores = cross_val_score(make_model(k), X, y, cv=5)
            rows.append(
                Row(
                    family="l0",
                    dataset="diabetes",
                    model=model_name,
                    setting=f"k={k}",
                    score=float(np.mean(scores)),
                    seconds=time.perf_counter() - start,
                )
            )
    return rows


def _neural_network_rows(out_dir=None):
    """3-fold CV accuracy on digits of one small MLP with each regularizer."""
    from sklearn.datasets import load_digits

    from skreg.neural_network import MLPClassifier

    X, y = load_digits(return_X_y=True)
    settings = {
        "none (alpha=0)": {"alpha": 0.0},
        "L2 alpha=1": {"alpha": 1.0},
        "L1 alpha=0.1": {"alpha": 0.1, "l1_ratio": 1.0},
        "weight_decay=0.05": {"alpha": 0.0, "weight_decay": 0.05},
        "dropout=0.3": {"alpha": 0.0, "dropout": 0.3},
        "batch norm": {"alpha": 0.0, "normalization": "batch"},
        "layer norm": {"alpha": 0.0, "normalization": "layer"},
        "input_noise=0.3": {"alpha": 0.0, "input_noise": 0.3},
        "early stopping": {"alpha": 0.0, "early_stopping": True},
    }
    rows = []
    for name, params in settings.items():
        model = MLPClassifier((64,), max_iter=60, random_state=0, **params)
        start = time.perf_counter()
        with warnings.catch_warnings():
            # a fixed epoch budget is the point: no convergence to report
            warnings.simplefilter("ignore")
            scores = cross_val_score(make_pipeline(StandardScaler(), model), X, y, cv=3)
        rows.append(
            Row(
                family="neural_network",
                dataset="digits",
                model="MLPClassifier(64,)",
                setting=name,
                score=float(np.mean(scores)),
                seconds=time.perf_counter() - start,
            )
        )
    return rows


def _lasso_rows(out_dir=None):
    """CV R^2 and sparsity of Lasso / ElasticNet on diabetes: fixed alphas
    against the alpha picked by LassoCV / ElasticNetCV."""
    from sklearn.datasets import load_diabetes

    from skreg.linear_model import ElasticNet, ElasticNetCV, Lasso, LassoCV
    from skreg.linear_model._base import enet_alpha_max

    X, y = load_diabetes(return_X_y=True)
    alpha_max = enet_alpha_max(X, y)
    models = {
        ("Lasso", "alpha_max/10"): lambda: Lasso(alpha=alpha_max / 10),
        ("Lasso", "alpha_max/100"): lambda: Lasso(alpha=alpha_max / 100),
        ("ElasticNet", "l1_ratio=0.5, alpha_max/100"): lambda: ElasticNet(
            alpha=alpha_max / 100, l1_ratio=0.5
        ),
        ("LassoCV", "alpha by 5-fold CV"): lambda: LassoCV(cv=5),
        ("ElasticNetCV", "l1_ratio in (.2,.5,.9)"): lambda: ElasticNetCV(
            l1_ratio=[0.2, 0.5, 0.9], cv=5
        ),
    }
    rows = []
    for (name, setting), make in models.items():
        start = time.perf_counter()
        scores = cross_val_score(make(), X, y, cv=5)
        n_nonzero = int(np.count_nonzero(make().fit(X, y).coef_))
        rows.append(
            Row(
                family="lasso",
                dataset="diabetes",
                model=name,
                setting=f"{setting} ({n_nonzero}/{X.shape[1]} nonzero)",
                score=float(np.mean(scores)),
                seconds=time.perf_counter() - start,
            )
        )
    return rows


CASES = [
    Case("scaling", _scaling_rows),
    Case("lasso", _lasso_rows),
    Case("l0", _l0_rows),
]


def format_table(rows):
    """Render rows as a fixed-width text table."""
    header = ("family", "dataset", "model", "setting", "CV score", "seconds")
    lines = [
        (r.family, r.dataset, r.model, r.setting, f"{r.score:.4f}", f"{r.seconds:.2f}")
        for r in rows
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths[:-1]) + "  {}"
    rule = "  ".join("-" * w for w in widths)
    return "\n".join(
        [fmt.format(*header), rule, *(fmt.format(*line) for line in lines)]
    )


def run_tour(families=None, out_dir=None, print_fn=print):
    """Run every case (or those in ``families``) and print one table."""
    rows = []
    for case in CASES:
        if families and case.family not in families:
            continue
        rows.extend(case.run(out_dir=out_dir))
    print_fn(format_table(rows))
    return rows
