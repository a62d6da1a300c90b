"""SparseRegressor, SparseClassifier, their paths, CV and IC classes."""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.linear_model import ElasticNet as SkElasticNet
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import StandardScaler
from skreg._penalty_functions import penalty_subdiff_distance

from skreg import (
    SparseClassifier,
    SparseClassifierCV,
    SparseRegressor,
    SparseRegressorCV,
    SparseRegressorIC,
    sparse_logistic_path,
    sparse_regression_path,
)

PENALTIES = ["l1", "elasticnet", "mcp", "scad", "lp", "adaptive_l1"]


def _regression(seed=0, n=120, p=40):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p)) + 3.0
    beta = np.zeros(p)
    beta[[1, 7, 20]] = [2.0, -1.5, 1.0]
    y = X @ beta + 5.0 + 0.5 * rng.standard_normal(n)
    return X, y


def _enet_objective(est, X, y, alpha, l1_ratio):
    r = y - X @ est.coef_ - est.intercept_
    w = est.coef_
    return r @ r / (2 * len(y)) + alpha * (
        l1_ratio * np.abs(w).sum() + (1 - l1_ratio) / 2 * w @ w
    )


@pytest.mark.parametrize("l1_ratio", [1.0, 0.3])
def test_l1_and_elasticnet_equal_scikit_learn(l1_ratio):
    # Both solved to a duality gap of 1e-12 relative: the objectives agree
    # to that, the coefficients (the gap bounds their error by its square
    # root over the curvature) to 1e-6.
    X, y = _regression()
    penalty = "l1" if l1_ratio == 1 else "elasticnet"
    ours = SparseRegressor(penalty, alpha=0.05, l1_ratio=l1_ratio, tol=1e-12)
    ref = SkElasticNet(alpha=0.05, l1_ratio=l1_ratio, tol=1e-12, max_iter=100_000)
    ours.fit(X, y), ref.fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-6)
    assert _enet_objective(ours, X, y, 0.05, l1_ratio) == pytest.approx(
        _enet_objective(ref, X, y, 0.05, l1_ratio), rel=1e-10
    )


@pytest.mark.parametrize("penalty", ["mcp", "scad", "adaptive_l1"])
def test_huge_gamma_is_the_lasso(penalty):
    X, y = _regression(seed=1)
    lasso = SparseRegressor("l1", alpha=0.1, tol=1e-12).fit(X, y)
    other = SparseRegressor(penalty, alpha=0.1, gamma=1e12, tol=1e-12).fit(X, y)
    np.testing.assert_allclose(other.coef_, lasso.coef_, atol=1e-6)


@pytest.mark.parametrize("penalty", ["mcp", "scad", "lp"])
def test_regressor_solution_is_stationary(penalty):
    X, y = _regression(seed=2)
    alpha, gamma = 0.25, 3.7
    reg = SparseRegressor(penalty, alpha=alpha, gamma=gamma, tol=1e-10).fit(X, y)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    grad = Xc.T @ (Xc @ reg.coef_ - yc) / X.shape[0]
    dist = penalty_subdiff_distance(penalty, reg.coef_, grad, alpha=alpha, gamma=gamma)
    assert np.max(dist) < 1e-8
    assert reg.intercept_ == pytest.approx(y.mean() - X.mean(axis=0) @ reg.coef_)
    # nonconvex penalties leave the large coefficients unbiased
    assert np.flatnonzero(reg.coef_).tolist() == [1, 7, 20]
    if penalty != "lp":
        ols = np.linalg.lstsq(Xc[:, [1, 7, 20]], yc, rcond=None)[0]
        np.testing.assert_allclose(reg.coef_[[1, 7, 20]], ols, rtol=1e-8)


@pytest.mark.parametrize("penalty", PENALTIES)
def test_path_starts_at_zero_and_grows(penalty):
    X, y = _regression(seed=3)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alphas, coefs, _ = sparse_regression_path(
        Xc, yc, penalty=penalty, alphas=20, eps=1e-2, gamma=3.7
    )
    assert np.all(np.diff(alphas) < 0)
    assert not np.any(coefs[:, 0])  # alpha_max: w = 0 is the fixed point
    assert np.any(coefs[:, 1])  # and only just
    assert np.count_nonzero(coefs[:, -1]) >= 3


@pytest.mark.parametrize("penalty", PENALTIES)
def test_classifier_solution_is_stationary(penalty):
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    alpha, gamma = 0.02, 5.0
    clf = SparseClassifier(penalty, alpha=alpha, gamma=gamma, tol=1e-10)
    clf.fit(X, y)
    z = X @ clf.coef_[0] + clf.intercept_[0]
    y_pm = np.where(y == 1, 1.0, -1.0)
    residual = -y_pm / (1 + np.exp(y_pm * z)) / X.shape[0]
    assert abs(residual.sum()) < 1e-8  # the free intercept
    if penalty in ("mcp", "scad"):
        grad = X.T @ residual
        dist = penalty_subdiff_distance(
            penalty, clf.coef_[0], grad, alpha=alpha, gamma=gamma
        )
        assert np.max(dist) < 1e-8
    assert 0 < np.count_nonzero(clf.coef_) < X.shape[1]
    assert clf.score(X, y) > 0.95


def test_classifier_l1_equals_scikit_learn_logistic_regression():
    from sklearn.linear_model import LogisticRegression

    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    alpha = 0.01
    ours = SparseClassifier("l1", alpha=alpha, fit_intercept=False, tol=1e-12)
    ref = LogisticRegression(
        C=1 / (alpha * X.shape[0]), l1_ratio=1, solver="liblinear",
        fit_intercept=False, tol=1e-12, max_iter=100_000,
    )  # fmt: skip
    np.testing.assert_allclose(
        ours.fit(X, y).coef_, ref.fit(X, y).coef_, rtol=1e-5, atol=1e-6
    )


def test_classifier_multiclass_and_path():
    X, y = load_iris(return_X_y=True)
    clf = SparseClassifier("scad", alpha=0.01, gamma=3.7).fit(X, y)
    assert clf.coef_.shape == (3, 4) and clf.intercept_.shape == (3,)
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert clf.score(X, y) > 0.9
    binary = y == 1  # versicolor against the rest: not separable
    alphas, coefs, intercepts, _ = sparse_logistic_path(X, binary, alphas=10, tol=1e-12)
    assert coefs.shape == (4, 10) and intercepts.shape == (10,)
    assert not np.any(coefs[:, 0])
    # at alpha_max the intercept alone fits the class balance
    assert intercepts[0] == pytest.approx(np.log(binary.mean() / (1 - binary.mean())))


def test_warm_start_and_sample_weight():
    X, y = _regression(seed=4)
    reg = SparseRegressor("mcp", alpha=0.1, warm_start=True, tol=1e-10).fit(X, y)
    first = reg.coef_.copy()
    assert reg.fit(X, y).n_iter_ == 1  # already stationary
    np.testing.assert_allclose(reg.coef_, first)
    w = np.random.default_rng(0).integers(1, 3, X.shape[0])
    weighted = SparseRegressor("scad", alpha=0.1, tol=1e-10).fit(X, y, w)
    repeated = SparseRegressor("scad", alpha=0.1, tol=1e-10)
    repeated.fit(np.repeat(X, w, axis=0), np.repeat(y, w))
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, atol=1e-8)


def test_one_grid_search_compares_penalties():
    X, y = _regression(seed=5)
    search = GridSearchCV(
        SparseRegressor(),
        {"penalty": ["l1", "mcp", "scad"], "alpha": [0.05, 0.2]},
        cv=3,
    ).fit(X, y)
    assert search.best_params_["penalty"] in ("mcp", "scad")


def test_cv_and_ic_select_the_support():
    X, y = _regression(seed=6, n=200)
    cv = SparseRegressorCV("mcp", alphas=30, cv=4).fit(X, y)
    assert cv.mse_path_.shape == (30, 4)
    assert cv.alpha_ in cv.alphas_
    ic = SparseRegressorIC("scad", gamma=3.7, criterion="ebic", alphas=30).fit(X, y)
    assert ic.criterion_.shape == (30,)
    assert ic.alpha_ == ic.alphas_[np.argmin(ic.criterion_)]
    for est in (cv, ic):
        selected = set(np.flatnonzero(est.coef_))
        assert {1, 7, 20} <= selected and len(selected) <= 5
    np.testing.assert_array_equal(
        ic.degrees_of_freedom_, np.minimum(ic.degrees_of_freedom_, 200)
    )
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    clf = SparseClassifierCV("mcp", gamma=5.0, alphas=8, cv=3).fit(X, y)
    assert clf.log_loss_path_.shape == (8, 3)
    assert clf.score(X, y) > 0.95


def test_ic_with_a_list_of_gammas_chooses_gamma_too():
    X, y = _regression(seed=6, n=200)
    gammas = [2.1, 3.0, 3.7]
    ic = SparseRegressorIC("scad", gamma=gammas, alphas=20).fit(X, y)
    assert ic.criterion_.shape == ic.alphas_.shape == (3, 20)
    assert ic.degrees_of_freedom_.shape == (3, 20)
    i, j = np.unravel_index(np.argmin(ic.criterion_), ic.criterion_.shape)
    assert ic.gamma_ == gammas[i] and ic.alpha_ == ic.alphas_[i, j]
    # each row is the single-gamma fit, and the winner is its model
    for k, gamma in enumerate(gammas):
        one = SparseRegressorIC("scad", gamma=gamma, alphas=20).fit(X, y)
        assert one.gamma_ == gamma and one.criterion_.shape == (20,)
        np.testing.assert_allclose(ic.criterion_[k], one.criterion_, rtol=1e-12)
        np.testing.assert_array_equal(ic.alphas_[k], one.alphas_)
        if k == i:
            np.testing.assert_allclose(ic.coef_, one.coef_, rtol=1e-12)
            assert ic.intercept_ == pytest.approx(one.intercept_, rel=1e-12)
            assert ic.noise_variance_ == one.noise_variance_


@pytest.mark.parametrize(
    "gamma, match",
    [
        ([], "gamma must be > 1"),
        ([3.0, 0.5], "gamma must be > 1"),
        ([[3.0]], "gamma must be > 1"),
        ([3.0, 1.5], "SCAD needs gamma > 2"),
        ("3", "gamma"),
    ],
)
def test_ic_bad_gamma_lists_raise(gamma, match):
    X, y = _regression()
    with pytest.raises(ValueError, match=match):
        SparseRegressorIC("scad", gamma=gamma, alphas=5).fit(X, y)


def test_bad_parameters_raise():
    X, y = _regression()
    with pytest.raises(ValueError, match="SCAD needs gamma > 2"):
        SparseRegressor("scad", gamma=1.5).fit(X, y)
    with pytest.raises(ValueError, match="penalty"):
        SparseRegressor("l0").fit(X, y)
    with pytest.raises(ValueError, match="two classes"):
        sparse_logistic_path(X, np.arange(X.shape[0]) % 3)
