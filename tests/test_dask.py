"""GridSearchCV over skreg pipelines on a Dask cluster equals the serial run.

A ``distributed.LocalCluster`` with two worker processes runs the search
through ``joblib.parallel_backend("dask")``: the estimators are pickled to
other processes, fitted there and sent back, which is what a real cluster
does.  Best parameters and every cross-validated score must equal those of
``n_jobs=1``.

The searches are one list, :data:`SEARCHES`, one entry per family.  Each
uses skreg's estimator when ``skreg`` exports it and scikit-learn's
equivalent (OMP for L0Regressor) until then, behind skreg's scalers.
"""

import logging
import warnings

import joblib
import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso, OrthogonalMatchingPursuit, Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline

import skreg
from skreg import MinMaxScaler, StandardScaler

distributed = pytest.importorskip("distributed")


def _regression():
    return load_diabetes(return_X_y=True)


def _classification():
    X, y = load_breast_cancer(return_X_y=True)
    return X[:300], y[:300]


def _skreg_or(name, stand_in):
    """skreg's estimator once it exists, else scikit-learn's stand-in."""
    return getattr(skreg, name, stand_in)


def _pipeline(scaler, model):
    # fixed step names, so one grid fits skreg's class and its stand-in
    return Pipeline([("scale", scaler), ("model", model)])


# (id, pipeline factory, param grid, data factory)
def _l0_model():
    # L0Regressor's restarts are random: fix the seed so that workers and the
    # serial run make the same draws.
    if hasattr(skreg, "L0Regressor"):
        return skreg.L0Regressor(random_state=0)
    return OrthogonalMatchingPursuit()


SEARCHES = [
    (
        "Lasso",
        lambda: _pipeline(StandardScaler(), _skreg_or("Lasso", Lasso)()),
        {"model__alpha": [0.01, 0.1, 1.0, 10.0]},
        _regression,
    ),
    (
        "Ridge",
        lambda: _pipeline(MinMaxScaler(), _skreg_or("Ridge", Ridge)()),
        {"model__alpha": [0.01, 0.1, 1.0, 10.0]},
        _regression,
    ),
    (
        "L0Regressor",
        lambda: _pipeline(StandardScaler(), _l0_model()),
        {"model__n_nonzero_coefs": [1, 3, 6]},
        _regression,
    ),
    (
        "MLPClassifier",
        lambda: _pipeline(
            StandardScaler(),
            _skreg_or("MLPClassifier", MLPClassifier)(
                hidden_layer_sizes=(8,), max_iter=30, random_state=0
            ),
        ),
        {"model__alpha": [1e-4, 1e-1, 1.0]},
        _classification,
    ),
    (
        # its own fold paths run through joblib too: on the cluster's backend
        "LogisticRegressionCV",
        lambda: _pipeline(
            StandardScaler(),
            skreg.LogisticRegressionCV(
                Cs=4,
                cv=3,
                l1_ratios=(1.0,),
                solver="saga",
                scoring="accuracy",
                use_legacy_attributes=False,
                n_jobs=2,
            ),
        ),
        {"model__fit_intercept": [True, False]},
        _classification,
    ),
]


def _local_cluster():
    return distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never collide with a running one
        silence_logs=logging.ERROR,
    )


def _search(make_pipeline_, grid, X, y):
    search = GridSearchCV(make_pipeline_(), grid, cv=3)
    with warnings.catch_warnings():
        # the small MLP stops at max_iter on purpose, to keep the test fast
        warnings.simplefilter("ignore", ConvergenceWarning)
        return search.fit(X, y)


SCORE_KEYS = (
    "mean_test_score",
    "std_test_score",
    "split0_test_score",
    "rank_test_score",
)


def _check_search_on_dask(client, name, make_pipeline_, grid, data):
    X, y = data()
    serial = _search(make_pipeline_, grid, X, y)
    with (
        distributed.get_task_stream(client) as task_stream,
        joblib.parallel_backend("dask"),
    ):
        on_dask = _search(make_pipeline_, grid, X, y)
    # every family has landed: the searches run skreg's own estimators
    assert type(serial.best_estimator_[-1]).__module__.startswith("skreg."), name
    assert on_dask.best_params_ == serial.best_params_, name
    for key in SCORE_KEYS:
        np.testing.assert_allclose(
            on_dask.cv_results_[key],
            serial.cv_results_[key],
            rtol=1e-12,
            err_msg=f"{name}: {key}",
        )
    # the fits really ran as tasks on the cluster's worker processes
    # (joblib may batch several fits into one task, so count tasks, not fits)
    assert len(task_stream.data) >= 1, name
    workers = set(client.scheduler_info()["workers"])
    assert {task["worker"] for task in task_stream.data} <= workers, name


def test_grid_searches_on_dask_equal_serial():
    # One test over all SEARCHES, so that one cluster (whose start dominates
    # the cost) serves them all, also when pytest-xdist spreads the tests.
    with _local_cluster() as cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        for name, make_pipeline_, grid, data in SEARCHES:
            _check_search_on_dask(client, name, make_pipeline_, grid, data)
