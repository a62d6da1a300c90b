"""The progress helper (``skreg.utils.ProgressMixin``) on a toy estimator.

The toy is the smallest iterative estimator written the way skreg's are:
gradient descent on least squares, one ``progress.step`` per iteration.
"""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.datasets import load_diabetes
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import check_estimator
from sklearn.utils.validation import check_is_fitted, validate_data

from skreg import StandardScaler
from skreg.utils import SKLEARN_HAS_CALLBACKS, ProgressMixin

needs_callbacks = pytest.mark.skipif(
    not SKLEARN_HAS_CALLBACKS, reason="sklearn.callback appeared in scikit-learn 1.9"
)


class ToyGradientRegressor(ProgressMixin, RegressorMixin, BaseEstimator):
    """Ridge by gradient descent: min 1/(2n)||y - Xw||^2 + alpha/2 ||w||^2."""

    def __init__(self, alpha=1.0, max_iter=50, verbose=0):
        self.alpha = alpha
        self.max_iter = max_iter
        self.verbose = verbose

    def fit(self, X, y):
        X, y = validate_data(self, X, y, y_numeric=True)
        n_samples = X.shape[0]
        self.intercept_ = float(np.mean(y))
        residual_target = y - self.intercept_
        coef = np.zeros(X.shape[1])
        lipschitz = np.linalg.norm(X, ord=2) ** 2 / n_samples + self.alpha
        self.n_iter_ = 0
        with self._fit_progress(X, y, n_steps=self.max_iter) as progress:
            for _ in range(self.max_iter):
                residual = residual_target - X @ coef
                coef += (X.T @ residual / n_samples - self.alpha * coef) / lipschitz
                self.n_iter_ += 1
                loss = 0.5 * np.mean(residual**2) + 0.5 * self.alpha * coef @ coef
                snapshot = coef.copy()
                if progress.step(
                    f"loss = {loss:.8f}",
                    reconstruction_attributes=lambda c=snapshot: {
                        "coef_": c,
                        "intercept_": self.intercept_,
                        "n_features_in_": self.n_features_in_,
                    },
                ):
                    break
            self.coef_ = coef
        return self

    def predict(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        return X @ self.coef_ + self.intercept_


class RecordingCallback:
    """A FitCallback that records every hook call; stops after ``stop_after``."""

    def __init__(self, stop_after=None):
        self.stop_after = stop_after
        self.events = []
        self.predictions = []

    def setup(self, estimator, context):
        self.events.append(("setup", context.task_name))

    def on_fit_task_begin(self, estimator, context, *, fitted_estimator=None):
        self.events.append(("begin", context.task_name))

    def on_fit_task_end(self, estimator, context, *, X=None, fitted_estimator=None):
        self.events.append(("end", context.task_name))
        if context.task_name == "iteration":
            self.predictions.append(fitted_estimator.predict(X[:3]))
            return self.stop_after is not None and context.task_id + 1 >= (
                self.stop_after
            )
        return False

    def teardown(self, estimator, context):
        self.events.append(("teardown", context.task_name))


@pytest.fixture(scope="module")
def diabetes():
    X, y = load_diabetes(return_X_y=True)
    return X, y


def test_toy_passes_check_estimator():
    check_estimator(ToyGradientRegressor(max_iter=5))


def test_verbose_prints_one_line_per_iteration(diabetes, capsys):
    X, y = diabetes
    ToyGradientRegressor(max_iter=4, verbose=1).fit(X, y)
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split(",")[0] for line in lines] == [
        f"Iteration {i}" for i in (1, 2, 3, 4)
    ]
    losses = [float(line.split("loss = ")[1]) for line in lines]
    assert losses == sorted(losses, reverse=True)  # gradient descent descends


def test_silent_and_untouched_without_callbacks(diabetes, capsys):
    X, y = diabetes
    est = ToyGradientRegressor(max_iter=3).fit(X, y)
    assert capsys.readouterr().out == ""
    assert not hasattr(est, "_callback_fit_ctx")


@needs_callbacks
def test_callback_sees_the_task_tree(diabetes):
    X, y = diabetes
    callback = RecordingCallback()
    est = ToyGradientRegressor(max_iter=3).set_callbacks(callback)
    est.fit(X, y)
    expected = [("setup", "fit"), ("begin", "fit")]
    expected += [("begin", "iteration"), ("end", "iteration")] * 3
    expected += [("end", "fit"), ("teardown", "fit")]
    assert callback.events == expected
    # fitted_estimator at each step predicts with that step's coefficients
    final = est.predict(X[:3])
    np.testing.assert_allclose(callback.predictions[-1], final)
    assert np.max(np.abs(callback.predictions[0] - final)) > 1e-5
    # the context is torn down: nothing left on the estimator
    assert not hasattr(est, "_callback_fit_ctx")


@needs_callbacks
def test_callback_can_stop_the_fit(diabetes):
    X, y = diabetes
    est = ToyGradientRegressor(max_iter=50).set_callbacks(RecordingCallback(2))
    assert est.fit(X, y).n_iter_ == 2


@needs_callbacks
def test_teardown_runs_when_fit_fails(diabetes):
    X, y = diabetes

    class Boom(RecordingCallback):
        def on_fit_task_end(self, estimator, context, *, X=None, fitted_estimator=None):
            raise RuntimeError("boom")

    callback = Boom()
    est = ToyGradientRegressor(max_iter=3).set_callbacks(callback)
    with pytest.raises(RuntimeError, match="boom"):
        est.fit(X, y)
    assert callback.events[-1] == ("teardown", "fit")
    assert not hasattr(est, "_callback_fit_ctx")


class PropagatedRecorder(RecordingCallback):
    """Auto-propagated (it has ``max_propagation_depth``), like ProgressBar."""

    max_propagation_depth = None


@needs_callbacks
def test_grid_search_propagates_callbacks_to_the_estimator(diabetes):
    X, y = diabetes
    recorder = PropagatedRecorder()
    pipe = make_pipeline(StandardScaler(), ToyGradientRegressor(max_iter=4))
    search = GridSearchCV(pipe, {"toygradientregressor__alpha": [0.1, 1.0]}, cv=2)
    search.set_callbacks(recorder).fit(X, y)
    # 2 candidates x 2 folds + the refit, 4 iterations each
    assert recorder.events.count(("end", "iteration")) == (2 * 2 + 1) * 4
    assert recorder.events[0][0] == "setup" and recorder.events[-1][0] == "teardown"


@needs_callbacks
def test_progress_bar_through_grid_search_over_a_pipeline(diabetes):
    pytest.importorskip("rich")
    from sklearn.callback import ProgressBar

    X, y = diabetes
    grid = {"toygradientregressor__alpha": [0.01, 1.0]}

    def search():
        pipe = make_pipeline(StandardScaler(), ToyGradientRegressor(max_iter=20))
        return GridSearchCV(pipe, grid, cv=3)

    plain = search().fit(X, y)
    with_bar = search().set_callbacks(ProgressBar(max_propagation_depth=None))
    with_bar.fit(X, y)
    assert with_bar.best_params_ == plain.best_params_
    np.testing.assert_allclose(
        with_bar.cv_results_["mean_test_score"], plain.cv_results_["mean_test_score"]
    )


def test_without_callback_api_only_verbose_remains(diabetes, monkeypatch, capsys):
    """What scikit-learn < 1.9 gets: no callback hooks, verbose still prints."""
    from skreg.utils import _callbacks

    monkeypatch.setattr(_callbacks, "SKLEARN_HAS_CALLBACKS", False)
    X, y = diabetes
    callback = RecordingCallback(stop_after=1)
    est = ToyGradientRegressor(max_iter=3, verbose=1)
    est._skl_callbacks = [callback]  # as if set: must be ignored, not crash
    est.fit(X, y)
    assert est.n_iter_ == 3 and callback.events == []
    assert capsys.readouterr().out.count("Iteration") == 3
