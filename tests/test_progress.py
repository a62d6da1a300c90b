"""Progress of skreg's iterative estimators: ``verbose`` and sklearn callbacks.

Every iterative estimator reports its steps (iterations, targets, paths,
epochs) through :class:`skreg.utils.ProgressMixin`.  The checks: a callback
sees the steps, a ``ProgressBar`` works for a ``GridSearchCV`` over a
Pipeline ending in the estimator and changes no result, a callback can stop
the iterative solvers, ``verbose`` prints like scikit-learn, and without the
callback API (scikit-learn < 1.9) the estimators fit exactly as before.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from skreg import (
    ElasticNet,
    ElasticNetCV,
    L0Regressor,
    Lasso,
    LassoCV,
    MLPClassifier,
    Ridge,
    StandardScaler,
)
from skreg.utils import SKLEARN_HAS_CALLBACKS

needs_callbacks = pytest.mark.skipif(
    not SKLEARN_HAS_CALLBACKS, reason="sklearn.callback appeared in scikit-learn 1.9"
)

# (id, estimator factory, grid over its regularization, classification?,
#  expected number of steps of one fit on the regression / classification data)
ESTIMATORS = [
    ("Lasso", lambda: Lasso(alpha=0.1), {"alpha": [0.1, 1.0]}, False, 1),
    ("ElasticNet", lambda: ElasticNet(alpha=0.1), {"alpha": [0.1, 1.0]}, False, 1),
    ("LassoCV", lambda: LassoCV(alphas=5, cv=3), {"eps": [1e-3, 1e-2]}, False, 3),
    (
        "ElasticNetCV",
        lambda: ElasticNetCV(alphas=5, l1_ratio=[0.5, 0.9], cv=3),
        {"eps": [1e-3, 1e-2]},
        False,
        6,
    ),
    (
        "Ridge-cholesky",
        lambda: Ridge(solver="cholesky"),
        {"alpha": [0.1, 10]},
        False,
        0,
    ),
    (
        "Ridge-sparse_cg",
        lambda: Ridge(solver="sparse_cg"),
        {"alpha": [0.1, 10]},
        False,
        None,
    ),
    ("Ridge-lsqr", lambda: Ridge(solver="lsqr"), {"alpha": [0.1, 10]}, False, 1),
    (
        "Ridge-gd",
        lambda: Ridge(solver="gd", random_state=0),
        {"alpha": [0.1, 10]},
        False,
        None,
    ),
    (
        "L0Regressor",
        lambda: L0Regressor(random_state=0),
        {"n_nonzero_coefs": [2, 4]},
        False,
        1,
    ),
    (
        "MLPClassifier",
        lambda: MLPClassifier(hidden_layer_sizes=(8,), max_iter=6, random_state=0),
        {"alpha": [1e-4, 1.0]},
        True,
        6,
    ),
]
IDS = [entry[0] for entry in ESTIMATORS]
STEP_NAMES = {"iteration", "target", "path", "solve", "epoch"}


@pytest.fixture(scope="module")
def datasets():
    X_reg, y_reg = load_diabetes(return_X_y=True)
    X_clf, y_clf = load_breast_cancer(return_X_y=True)
    return (X_reg, y_reg), (X_clf[:200], y_clf[:200])


def _data(datasets, classification):
    return datasets[1] if classification else datasets[0]


class StepCounter:
    """A FitCallback counting the steps; stops after ``stop_after`` of them."""

    max_propagation_depth = None  # propagated through meta-estimators

    def __init__(self, stop_after=None):
        self.stop_after = stop_after
        self.fits = 0
        self.steps = 0

    def setup(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context, **kwargs):
        if context.task_name == "fit" and type(estimator).__module__.startswith(
            "skreg"
        ):
            self.fits += 1

    def on_fit_task_end(self, estimator, context, **kwargs):
        if context.task_name not in STEP_NAMES:
            return False
        self.steps += 1
        return self.stop_after is not None and self.steps >= self.stop_after

    def teardown(self, estimator, context):
        pass


def _quiet_fit(estimator, X, y):
    with warnings.catch_warnings():
        # small max_iter on purpose, to keep the tests fast
        warnings.simplefilter("ignore", ConvergenceWarning)
        return estimator.fit(X, y)


@needs_callbacks
@pytest.mark.parametrize(
    ("name", "make", "grid", "clf", "n_steps"), ESTIMATORS, ids=IDS
)
def test_callback_sees_every_step(datasets, name, make, grid, clf, n_steps):
    X, y = _data(datasets, clf)
    counter = StepCounter()
    est = _quiet_fit(make().set_callbacks(counter), X, y)
    assert counter.fits == 1
    if n_steps is None:  # iterative Ridge: one step per iteration
        assert counter.steps == int(np.max(est.n_iter_)) >= 1
    else:
        assert counter.steps == n_steps
    assert not hasattr(est, "_callback_fit_ctx")  # torn down


@needs_callbacks
@pytest.mark.parametrize(
    ("name", "make", "grid", "clf", "n_steps"), ESTIMATORS, ids=IDS
)
def test_progress_bar_through_grid_search(datasets, name, make, grid, clf, n_steps):
    pytest.importorskip("rich")
    from sklearn.callback import ProgressBar

    X, y = _data(datasets, clf)
    step = make().__class__.__name__.lower()
    grid = {f"{step}__{key}": values for key, values in grid.items()}

    def search():
        return GridSearchCV(make_pipeline(StandardScaler(), make()), grid, cv=2)

    plain = _quiet_fit(search(), X, y)
    counter = StepCounter()
    with_bar = search().set_callbacks(ProgressBar(max_propagation_depth=None))
    _quiet_fit(with_bar, X, y)
    assert with_bar.best_params_ == plain.best_params_
    np.testing.assert_array_equal(
        with_bar.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )
    # the callbacks reach each of the 2 x 2 + 1 fits of the estimator
    _quiet_fit(search().set_callbacks(counter), X, y)
    assert counter.fits >= 5
    # the default ProgressBar, on a search over the bare estimator
    bare_grid = {key.split("__")[1]: values for key, values in grid.items()}
    bare = GridSearchCV(make(), bare_grid, cv=2).set_callbacks(ProgressBar())
    plain_bare = _quiet_fit(GridSearchCV(make(), bare_grid, cv=2), X, y)
    assert _quiet_fit(bare, X, y).best_params_ == plain_bare.best_params_


@needs_callbacks
@pytest.mark.parametrize(
    ("make", "n_iter"),
    [
        (lambda: Ridge(solver="sparse_cg", tol=1e-12), lambda est: np.max(est.n_iter_)),
        (
            lambda: Ridge(solver="gd", tol=1e-12, random_state=0),
            lambda est: np.max(est.n_iter_),
        ),
        (
            lambda: MLPClassifier(hidden_layer_sizes=(8,), max_iter=50, random_state=0),
            lambda est: est.n_iter_,
        ),
    ],
    ids=["Ridge-sparse_cg", "Ridge-gd", "MLPClassifier"],
)
def test_callback_can_stop_the_iterations(datasets, make, n_iter):
    clf = isinstance(make(), MLPClassifier)
    X, y = _data(datasets, clf)
    X = StandardScaler().fit_transform(X)
    est = _quiet_fit(make().set_callbacks(StepCounter(stop_after=3)), X, y)
    assert n_iter(est) == 3


def test_verbose_prints_like_scikit_learn(datasets, capsys):
    (X, y), (X_clf, y_clf) = datasets
    _quiet_fit(LassoCV(alphas=4, cv=3, verbose=1), X, y)
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(",")[0] for line in lines] == ["Path 1", "Path 2", "Path 3"]
    _quiet_fit(
        MLPClassifier(hidden_layer_sizes=(4,), max_iter=3, verbose=True), X_clf, y_clf
    )
    out = capsys.readouterr().out
    assert out.count("Iteration ") == 3  # printed once per epoch, not twice
    _quiet_fit(Lasso(alpha=1.0), X, y)  # scikit-learn's Lasso has no verbose
    assert capsys.readouterr().out == ""


def test_enet_path_verbose_prints_one_line_per_alpha(datasets, capsys):
    from skreg import lasso_path

    X, y = datasets[0]
    alphas, _, _ = lasso_path(X, y, alphas=[1.0, 0.1, 0.01], verbose=1)
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(",")[0] for line in lines] == ["Alpha 1", "Alpha 2", "Alpha 3"]


@pytest.mark.parametrize(
    ("name", "make", "grid", "clf", "n_steps"), ESTIMATORS, ids=IDS
)
def test_same_fit_without_the_callback_api(
    datasets, monkeypatch, name, make, grid, clf, n_steps
):
    """What scikit-learn < 1.9 gets: the estimators fit exactly as before."""
    from skreg.utils import _callbacks

    X, y = _data(datasets, clf)
    reference = _quiet_fit(make(), X, y)
    monkeypatch.setattr(_callbacks, "SKLEARN_HAS_CALLBACKS", False)
    est = make()
    est._skl_callbacks = [StepCounter(stop_after=1)]  # as if set: ignored
    _quiet_fit(est, X, y)
    method = "predict_proba" if clf else "predict"
    np.testing.assert_array_equal(
        getattr(est, method)(X), getattr(reference, method)(X)
    )
    assert est._skl_callbacks[0].steps == 0


@needs_callbacks
def test_partial_fit_reports_one_epoch_per_call(datasets):
    X, y = datasets[1]
    X = StandardScaler().fit_transform(X)
    counter = StepCounter()
    mlp = MLPClassifier(hidden_layer_sizes=(8,), random_state=0)
    mlp.set_callbacks(counter)
    for _ in range(3):
        mlp.partial_fit(X, y, classes=np.unique(y))
    assert (counter.fits, counter.steps) == (3, 3)
    assert len(mlp.loss_curve_) == 3
