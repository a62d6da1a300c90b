"""Tests of the information criteria and the *IC / L0RegressorCV estimators."""

import itertools
import math

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LassoLarsIC, lars_path
from sklearn.model_selection import KFold

import skreg
import skreg.linear_model
from skreg import (
    ElasticNetIC,
    L0Regressor,
    L0RegressorCV,
    L0RegressorIC,
    LassoIC,
    l0_path,
    lasso_path,
)
from skreg.linear_model._information_criteria import (
    enet_degrees_of_freedom,
    estimate_noise_variance,
    information_criterion,
)

NEW_ESTIMATORS = ["ElasticNetIC", "L0RegressorCV", "L0RegressorIC", "LassoIC"]


def sparse_problem(n, p, support, noise, seed, rho=0.3):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X[:, 1:] = rho * X[:, :-1] + np.sqrt(1 - rho**2) * X[:, 1:]
    coef = np.zeros(p)
    coef[support] = np.linspace(1.5, 3.0, len(support))
    y = X @ coef + 2.0 + noise * rng.standard_normal(n)
    return X, y, coef


def centered_rss(X, y, support):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    if len(support) == 0:
        return float(yc @ yc)
    cols = Xc[:, list(support)]
    residual = yc - cols @ np.linalg.lstsq(cols, yc, rcond=None)[0]
    return float(residual @ residual)


# -- the formulas -------------------------------------------------------------


def test_criteria_against_hand_computed_values():
    n, p, sigma2 = 50, 200, 1.7
    rss = np.array([120.0, 80.0, 61.5])
    df = np.array([0, 3, 7])
    base = n * math.log(2 * math.pi * sigma2) + rss / sigma2
    expected = {
        "aic": base + 2 * df,
        "bic": base + math.log(n) * df,
        "ebic": base + (math.log(n) + 2 * math.log(p)) * df,
    }
    for criterion, values in expected.items():
        got = information_criterion(
            criterion, rss, df, n_samples=n, n_features=p, noise_variance=sigma2
        )
        np.testing.assert_allclose(got, values, rtol=1e-12)
    with pytest.raises(ValueError, match="criterion"):
        information_criterion(
            "hqc", rss, df, n_samples=n, n_features=p, noise_variance=sigma2
        )


def test_enet_degrees_of_freedom_is_the_trace_of_the_hat_matrix():
    rng = np.random.default_rng(0)
    for n, k in [(30, 5), (6, 10)]:
        X_A = rng.standard_normal((n, k))
        ridge = 2.5
        hat = X_A @ np.linalg.solve(X_A.T @ X_A + ridge * np.eye(k), X_A.T)
        assert enet_degrees_of_freedom(X_A, ridge) == pytest.approx(np.trace(hat))
        assert enet_degrees_of_freedom(X_A, 0.0) == min(n, k)
    assert enet_degrees_of_freedom(np.zeros((5, 0)), 1.0) == 0.0


def test_noise_variance_least_squares_branch_matches_lasso_lars_ic():
    X, y = load_diabetes(return_X_y=True)
    reference = LassoLarsIC().fit(X, y).noise_variance_
    ours = estimate_noise_variance(X - X.mean(axis=0), y - y.mean(), fit_intercept=True)
    assert ours == pytest.approx(reference, rel=1e-10)
    assert LassoIC().fit(X, y).noise_variance_ == pytest.approx(reference, rel=1e-10)


def test_noise_variance_without_least_squares_is_close_and_deterministic():
    # p > n: the cross-validated Lasso estimate, no oracle.
    X, y, _ = sparse_problem(80, 300, [3, 50, 120, 200], noise=1.5, seed=1)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    first = estimate_noise_variance(Xc, yc, fit_intercept=True)
    assert 0.5 * 1.5**2 < first < 2 * 1.5**2
    assert estimate_noise_variance(Xc, yc, fit_intercept=True) == first


# -- LassoIC / ElasticNetIC ----------------------------------------------------


@pytest.mark.parametrize("criterion", ["aic", "bic"])
@pytest.mark.parametrize("noise_variance", [None, 2500.0])
def test_lasso_ic_agrees_with_lasso_lars_ic(criterion, noise_variance):
    # Same Lasso solutions, support-size df and likelihood as LassoLarsIC.
    # At a LARS knot one coefficient is exactly at zero (entering or
    # leaving), which LARS counts out and coordinate descent may leave at
    # 1e-8: the criteria are compared between knots, where the Lasso path
    # is linear in alpha and both supports are unambiguous.
    X, y = load_diabetes(return_X_y=True)
    lars = LassoLarsIC(criterion, noise_variance=noise_variance).fit(X, y)
    knots = lars.alphas_[lars.alphas_ > 0]
    _, _, lars_coefs = lars_path(X - X.mean(axis=0), y - y.mean(), method="lasso")
    mids = np.sqrt(knots[:-1] * knots[1:])
    weight = (knots[:-1] - mids) / (knots[:-1] - knots[1:])
    coefs = lars_coefs[:, :-2] + weight * (lars_coefs[:, 1:-1] - lars_coefs[:, :-2])
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    rss = ((yc[:, None] - Xc @ coefs) ** 2).sum(axis=0)
    sigma2 = lars.noise_variance_
    factor = 2 if criterion == "aic" else np.log(X.shape[0])
    expected = (
        X.shape[0] * np.log(2 * np.pi * sigma2)
        + rss / sigma2
        + factor * np.count_nonzero(coefs, axis=0)
    )
    ours = LassoIC(
        criterion, alphas=mids, tol=1e-12, max_iter=100000,
        noise_variance=noise_variance,
    ).fit(X, y)  # fmt: skip
    assert ours.noise_variance_ == pytest.approx(sigma2, rel=1e-10)
    np.testing.assert_allclose(ours.criterion_, expected, rtol=1e-9)
    best = np.argmin(expected)
    assert ours.alpha_ == pytest.approx(mids[best])
    np.testing.assert_allclose(ours.coef_, coefs[:, best], rtol=1e-6, atol=1e-6)


def test_lasso_ic_criterion_recomputed_from_its_path():
    X, y, _ = sparse_problem(120, 15, [1, 6, 11], noise=0.5, seed=2)
    reg = LassoIC("bic", noise_variance=0.25).fit(X, y)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alphas, coefs, _ = lasso_path(Xc, yc, alphas=reg.alphas_)
    rss = ((yc[:, None] - Xc @ coefs) ** 2).sum(axis=0)
    df = np.count_nonzero(coefs, axis=0)
    expected = 120 * np.log(2 * np.pi * 0.25) + rss / 0.25 + np.log(120) * df
    np.testing.assert_allclose(reg.criterion_, expected, rtol=1e-6)
    np.testing.assert_array_equal(reg.degrees_of_freedom_, df)
    best = np.argmin(reg.criterion_)
    assert reg.alpha_ == reg.alphas_[best]
    np.testing.assert_allclose(reg.coef_, coefs[:, best], rtol=1e-6, atol=1e-8)
    np.testing.assert_array_equal(np.flatnonzero(reg.coef_), [1, 6, 11])
    assert reg.intercept_ == pytest.approx(np.mean(y - X @ reg.coef_))


def test_elastic_net_ic_with_l1_ratio_one_is_lasso_ic():
    X, y = load_diabetes(return_X_y=True)
    lasso = LassoIC("bic").fit(X, y)
    enet = ElasticNetIC(l1_ratio=1.0, criterion="bic").fit(X, y)
    np.testing.assert_allclose(enet.criterion_, lasso.criterion_)
    np.testing.assert_allclose(enet.coef_, lasso.coef_)
    assert enet.l1_ratio_ == 1.0 and not hasattr(lasso, "l1_ratio_")


def test_elastic_net_ic_degrees_of_freedom_and_l1_ratio_choice():
    X, y, _ = sparse_problem(100, 20, [2, 9], noise=1.0, seed=3)
    reg = ElasticNetIC(l1_ratio=[0.3, 0.9], criterion="aic").fit(X, y)
    assert reg.criterion_.shape == reg.alphas_.shape == (2, 100)
    i, j = np.unravel_index(np.argmin(reg.criterion_), reg.criterion_.shape)
    assert reg.l1_ratio_ == [0.3, 0.9][i] and reg.alpha_ == reg.alphas_[i, j]
    # df at one path point: the ridge-shrunk trace on the support.
    single = ElasticNetIC(l1_ratio=0.3, alphas=[reg.alphas_[0, 40]]).fit(X, y)
    Xc = X - X.mean(axis=0)
    X_A = Xc[:, single.coef_ != 0]
    ridge = 100 * single.alpha_ * 0.7
    hat = X_A @ np.linalg.solve(X_A.T @ X_A + ridge * np.eye(X_A.shape[1]), X_A.T)
    assert single.degrees_of_freedom_[0] == pytest.approx(np.trace(hat))
    assert 0 < single.degrees_of_freedom_[0] < X_A.shape[1]


def test_ebic_is_more_conservative_than_bic_when_p_exceeds_n():
    X, y, _ = sparse_problem(60, 400, [10, 100, 300], noise=1.0, seed=4)
    sizes = {
        criterion: np.count_nonzero(
            LassoIC(criterion, noise_variance=1.0).fit(X, y).coef_
        )
        for criterion in ["aic", "bic", "ebic"]
    }
    assert sizes["ebic"] <= sizes["bic"] <= sizes["aic"]
    assert sizes["ebic"] < sizes["aic"]


def test_lasso_ic_without_noise_variance_works_when_p_exceeds_n():
    # scikit-learn's LassoLarsIC raises here; LassoIC estimates sigma^2.
    X, y, coef = sparse_problem(60, 200, [5, 70, 150], noise=0.5, seed=5)
    with pytest.raises(ValueError, match="noise variance"):
        LassoLarsIC().fit(X, y)
    reg = LassoIC("ebic").fit(X, y)
    assert 0.5 * 0.25 < reg.noise_variance_ < 2 * 0.25
    assert set(np.flatnonzero(coef)) <= set(np.flatnonzero(reg.coef_))


# -- L0RegressorIC ---------------------------------------------------------


@pytest.mark.parametrize("criterion", ["aic", "bic", "ebic"])
def test_l0_regressor_ic_matches_exhaustive_best_subsets(criterion):
    n, p = 40, 8
    X, y, _ = sparse_problem(n, p, [1, 4, 6], noise=1.0, seed=6)
    sigma2 = 0.8
    reg = L0RegressorIC(criterion, noise_variance=sigma2, random_state=0).fit(X, y)
    best_rss = [
        min(centered_rss(X, y, s) for s in itertools.combinations(range(p), k))
        for k in range(p + 1)
    ]
    sizes = reg.support_sizes_
    expected = information_criterion(
        criterion, np.array(best_rss)[sizes], sizes,
        n_samples=n, n_features=p, noise_variance=sigma2,
    )  # fmt: skip
    np.testing.assert_allclose(reg.criterion_, expected, rtol=1e-10)
    k = int(np.argmin(expected))
    assert reg.n_nonzero_coefs_ == k
    assert centered_rss(X, y, np.flatnonzero(reg.coef_)) == pytest.approx(best_rss[k])
    # The walk stopped only where no larger support could win, even with the
    # RSS of all the features.
    full = information_criterion(
        criterion, np.full(p + 1, best_rss[p]), np.arange(p + 1),
        n_samples=n, n_features=p, noise_variance=sigma2,
    )  # fmt: skip
    assert np.all(full[sizes.size :] >= reg.criterion_.min())


@pytest.mark.parametrize(
    "criterion, c",
    [("aic", 2.0), ("bic", np.log(60)), ("ebic", np.log(60) + 2 * np.log(10))],
)
def test_l0_regressor_ic_is_the_penalized_form(criterion, c):
    # Selection over best subsets = L0Regressor(alpha = c sigma^2 / (2n)).
    X, y, _ = sparse_problem(60, 10, [0, 3, 7], noise=1.5, seed=7)
    sigma2 = 2.0
    ic = L0RegressorIC(criterion, noise_variance=sigma2, random_state=0).fit(X, y)
    alpha = sigma2 * c / (2 * 60)
    penalized = L0Regressor(alpha=alpha, random_state=0).fit(X, y)
    np.testing.assert_allclose(ic.coef_, penalized.coef_, rtol=1e-10)
    assert ic.intercept_ == pytest.approx(penalized.intercept_)


def test_l0_regressor_ic_ebic_gamma_weights_the_model_count():
    n, p = 40, 8
    X, y, _ = sparse_problem(n, p, [1, 4, 6], noise=1.0, seed=6)
    sigma2 = 0.8
    fits = {
        gamma: L0RegressorIC(
            "ebic", ebic_gamma=gamma, noise_variance=sigma2, random_state=0
        ).fit(X, y)
        for gamma in (0.0, 0.5, 1.0)
    }
    bic = L0RegressorIC("bic", noise_variance=sigma2, random_state=0).fit(X, y)
    # gamma = 0 is BIC, and gamma = 1 the default EBIC.
    np.testing.assert_allclose(fits[0.0].criterion_, bic.criterion_, rtol=1e-12)
    default = L0RegressorIC(noise_variance=sigma2, random_state=0).fit(X, y)
    np.testing.assert_allclose(fits[1.0].criterion_, default.criterion_, rtol=1e-12)
    reg = fits[0.5]
    sizes = reg.support_sizes_
    best_rss = [
        min(centered_rss(X, y, s) for s in itertools.combinations(range(p), k))
        for k in sizes
    ]
    expected = n * np.log(2 * np.pi * sigma2) + np.array(best_rss) / sigma2
    expected += (np.log(n) + 2 * 0.5 * np.log(p)) * sizes
    np.testing.assert_allclose(reg.criterion_, expected, rtol=1e-10)
    assert reg.n_nonzero_coefs_ == int(np.argmin(expected))
    # A larger gamma never selects more features.
    selected = [fits[gamma].n_nonzero_coefs_ for gamma in (0.0, 0.5, 1.0)]
    assert selected == sorted(selected, reverse=True)


def test_l0_regressor_ic_recovers_the_support_without_noise_level():
    for seed, (n, p) in enumerate([(200, 50), (100, 400)]):
        X, y, coef = sparse_problem(n, p, [3, 17, 30, 41], noise=1.0, seed=seed)
        reg = L0RegressorIC(random_state=0).fit(X, y)
        assert np.all(reg.support_[coef != 0]) and reg.n_nonzero_coefs_ <= 5
        assert 0.5 < reg.noise_variance_ < 2.0
        assert reg.intercept_ == pytest.approx(2.0, abs=0.5)


def test_l0_regressor_ic_extreme_noise_levels():
    X, y, _ = sparse_problem(50, 12, [2, 5], noise=0.3, seed=8)
    # A huge noise level makes every feature too expensive.
    null = L0RegressorIC("aic", noise_variance=1e8).fit(X, y)
    assert null.n_nonzero_coefs_ == 0 and not null.coef_.any()
    assert null.intercept_ == pytest.approx(y.mean())
    # A tiny one walks the path to the end without trouble.
    full = L0RegressorIC("aic", noise_variance=1e-8, random_state=0).fit(X, y)
    assert full.support_sizes_[-1] == 12
    assert full.n_nonzero_coefs_ == 12
    capped = L0RegressorIC("aic", noise_variance=1e-8, max_n_nonzero_coefs=4)
    assert capped.fit(X, y).n_nonzero_coefs_ == 4


# -- L0RegressorCV ---------------------------------------------------------


def test_l0_regressor_cv_mse_path_is_the_path_on_each_fold():
    X, y, coef = sparse_problem(90, 12, [1, 5, 9], noise=0.5, seed=9)
    cv = KFold(3)
    reg = L0RegressorCV(cv=cv, max_n_nonzero_coefs=6, random_state=0).fit(X, y)
    assert reg.mse_path_.shape == (7, 3)
    np.testing.assert_array_equal(reg.support_sizes_, np.arange(7))
    for fold, (train, test) in enumerate(cv.split(X)):
        _, coefs, intercepts, _ = l0_path(
            X[train], y[train], n_nonzero_coefs=np.arange(7)
        )
        mse = ((X[test] @ coefs + intercepts - y[test][:, None]) ** 2).mean(axis=0)
        np.testing.assert_allclose(reg.mse_path_[:, fold], mse, rtol=1e-9)
    assert reg.n_nonzero_coefs_ == np.argmin(reg.mse_path_.mean(axis=1)) == 3
    np.testing.assert_array_equal(reg.support_, coef != 0)


def test_l0_regressor_cv_default_cap_follows_omp_cv():
    X, y, _ = sparse_problem(80, 30, [4], noise=0.5, seed=10)
    reg = L0RegressorCV(random_state=0).fit(X, y)
    assert reg.support_sizes_[-1] == 5  # max(int(0.1 * 30), 5)
    assert reg.n_nonzero_coefs_ == 1


# -- API -------------------------------------------------------------------


@pytest.mark.parametrize("name", NEW_ESTIMATORS)
def test_exported(name):
    assert name in skreg.__all__ and name in skreg.linear_model.__all__
    assert getattr(skreg, name) is getattr(skreg.linear_model, name)


@pytest.mark.parametrize(
    "estimator, match",
    [
        (LassoIC(criterion="gic"), "criterion"),
        (L0RegressorIC(criterion="hqc"), "criterion"),
        (LassoIC(noise_variance=0.0), "noise_variance"),
        (L0RegressorIC(noise_variance=-1.0), "noise_variance"),
        (L0RegressorIC(ebic_gamma=-0.5), "ebic_gamma"),
        (L0RegressorCV(max_n_nonzero_coefs=-1), "max_n_nonzero_coefs"),
        (ElasticNetIC(l1_ratio=[0.5, 0.0]), "l1_ratio"),
    ],
)
def test_bad_parameters(estimator, match):
    X, y = load_diabetes(return_X_y=True)
    with pytest.raises(ValueError, match=match):
        estimator.fit(X[:50], y[:50])
