"""Tests of the group penalty on the MLPs' inputs: its proximal step, the
exact zeros it gives, and feature selection with SelectFromModel."""

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.datasets import make_friedman1
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_selection import SelectFromModel
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline

from skreg import MLPClassifier, MLPRegressor, StandardScaler
from skreg.neural_network._group import group_penalty, prox_group_rows, row_norms
from skreg.neural_network._optim import Adam


def _brute_force_prox(v, t):
    """argmin_w 1/2 ||w - v||^2 + t ||w|| by a generic smooth minimizer."""

    def objective(w):
        return 0.5 * np.sum((w - v) ** 2) + t * np.sqrt(np.sum(w**2) + 1e-300)

    best = minimize(
        objective,
        v,
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 20000},
    )
    # the minimizer is 0 or on the ray of v: compare with the origin too
    return best.x if objective(best.x) < objective(np.zeros_like(v)) else 0 * v


def test_prox_equals_brute_force_minimization():
    rng = np.random.default_rng(0)
    V = rng.standard_normal((6, 3))
    thresholds = np.array([0.1, 0.5, 1.0, 2.0, 3.0, 0.0])
    expected = np.vstack(
        [_brute_force_prox(v, t) for v, t in zip(V, thresholds, strict=True)]
    )
    W = prox_group_rows(V.copy(), thresholds)
    np.testing.assert_allclose(W, expected, atol=1e-6)
    # rows whose norm is at most their threshold are exactly zero
    np.testing.assert_array_equal(row_norms(W) == 0, row_norms(V) <= thresholds)
    assert group_penalty(V) == pytest.approx(np.linalg.norm(V, axis=1).sum())


def test_adam_row_step_is_its_metric_averaged_over_the_row():
    params = np.zeros(6)
    adam = Adam(params, n_decayed=6, learning_rate_init=0.1)
    grads = np.array([1.0, 2.0, 3.0, 0.5, 0.5, 0.5])
    adam.step(grads.copy())
    v_hat = (grads**2).reshape(2, 3).mean(axis=1)  # (1 - b2) g^2 / (1 - b2)
    expected = 0.1 / (np.sqrt(v_hat) + 1e-8)
    np.testing.assert_allclose(adam.row_step_sizes(0, (2, 3)), expected)


def test_sgd_step_is_a_proximal_gradient_step():
    # Plain SGD: one step is W <- prox_{lr ga P}(W - lr grad), exactly.
    X, y = make_friedman1(n_samples=64, n_features=8, random_state=0)
    params = {"hidden_layer_sizes": (5,), "solver": "sgd", "momentum": 0.0}
    params.update(batch_size=64, shuffle=False, dtype="float64", random_state=0)
    params.update(learning_rate_init=0.05, alpha=0.0)
    reg = MLPRegressor(group_alpha=0.0, max_iter=1, warm_start=True, **params)
    with pytest.warns(ConvergenceWarning):
        reg.fit(X, y)
    network = reg._network
    network.allocate(64)
    network.loss_and_grad(X, y[:, None], None, 0.0, 0.0)
    gradient_step = reg.coefs_[0] - 0.05 * network.layers[0].grad_W
    # a strength that zeroes about half the rows
    group_alpha = np.median(row_norms(gradient_step)) / 0.05
    expected = prox_group_rows(gradient_step, 0.05 * group_alpha)
    reg.set_params(group_alpha=group_alpha)
    with pytest.warns(ConvergenceWarning):
        reg.fit(X, y)
    np.testing.assert_allclose(reg.coefs_[0], expected, rtol=1e-12, atol=1e-15)
    assert 0 < reg.support_.sum() < 8  # some rows zeroed, some not


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_strong_penalty_removes_every_input_and_zero_keeps_all(solver):
    X, y = make_friedman1(n_samples=200, n_features=10, random_state=0)
    common = {"hidden_layer_sizes": (8,), "solver": solver, "max_iter": 20}
    common["random_state"] = 0
    with pytest.warns(ConvergenceWarning):
        none = MLPRegressor(group_alpha=1e3, **common).fit(X, y)
    assert not none.support_.any()
    assert np.all(none.coefs_[0] == 0) and np.all(none.feature_importances_ == 0)
    with pytest.warns(ConvergenceWarning):
        every = MLPRegressor(group_alpha=0.0, **common).fit(X, y)
    assert every.support_.all()


def test_selects_the_informative_features_in_a_pipeline():
    # friedman1: features 0-4 informative, 5-19 noise
    X, y = make_friedman1(n_samples=1000, n_features=20, noise=1.0, random_state=0)
    selector = MLPRegressor(
        hidden_layer_sizes=(32,),
        group_alpha=0.5,
        learning_rate_init=0.01,
        max_iter=150,
        random_state=0,
    )
    pipe = make_pipeline(
        StandardScaler(),
        SelectFromModel(selector, threshold=1e-12),
        LinearRegression(),
    )
    with pytest.warns(ConvergenceWarning):
        pipe.fit(X, y)
    kept = np.flatnonzero(pipe[1].get_support())
    assert {0, 1, 3, 4} <= set(kept) and len(kept) <= 8, kept
    np.testing.assert_array_equal(pipe[1].get_support(), pipe[1].estimator_.support_)


def test_classifier_group_penalty_zeroes_noise_inputs():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((400, 12))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    clf = MLPClassifier(
        (16,), group_alpha=0.05, learning_rate_init=0.01, max_iter=100, random_state=0
    )
    with pytest.warns(ConvergenceWarning):
        clf.fit(X, y)
    assert clf.support_[:2].all() and clf.support_.sum() <= 4
    assert clf.score(X, y) > 0.95
