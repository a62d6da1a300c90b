"""Tests of L0Regressor and l0_path (best-subset regression)."""

import itertools
import warnings
from math import comb

import numpy as np
import pytest
from _oracles import hard_threshold_penalized, hard_threshold_top_k
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GridSearchCV

from skreg import L0Regressor, l0_path
from skreg.linear_model import _l0_solver
from skreg.linear_model._l0 import _StandardizedProblem


def toeplitz_design(n, p, rho, rng):
    """Rows ~ N(0, Sigma) with Sigma_ij = rho^|i-j| (an AR(1) process)."""
    X = np.empty((n, p))
    X[:, 0] = rng.standard_normal(n)
    innovation = np.sqrt(1 - rho**2)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + innovation * rng.standard_normal(n)
    return X


def rss(X, y, coef, intercept):
    residual = y - X @ coef - intercept
    return float(residual @ residual)


def exhaustive_best_subset(X, y, k):
    """Support and RSS of the best subset of size k (with an intercept)."""
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    best = (np.inf, None)
    for subset in itertools.combinations(range(X.shape[1]), k):
        cols = Xc[:, subset]
        coef = np.linalg.lstsq(cols, yc, rcond=None)[0]
        value = float(np.sum((yc - cols @ coef) ** 2))
        if value < best[0]:
            best = (value, np.array(subset))
    return best


# -- recovery and optimality ------------------------------------------------


def test_noiseless_planted_support_recovered_exactly():
    rng = np.random.default_rng(0)
    n, p, k = 200, 500, 5
    X = rng.standard_normal((n, p))
    support = np.sort(rng.choice(p, k, replace=False))
    coef = np.zeros(p)
    coef[support] = rng.choice([-1, 1], k) * rng.uniform(1, 3, k)
    y = X @ coef + 0.7
    reg = L0Regressor(n_nonzero_coefs=k, random_state=0).fit(X, y)
    np.testing.assert_array_equal(np.flatnonzero(reg.support_), support)
    np.testing.assert_allclose(reg.coef_, coef, rtol=1e-10, atol=1e-10)
    assert reg.intercept_ == pytest.approx(0.7, abs=1e-10)
    assert reg.objective_ < 1e-20


@pytest.mark.parametrize("rho", [0.0, 0.5])
def test_high_snr_planted_supports_recovered(rho):
    # n < p and k = 8 of 300 features: greedy OMP misses the support on
    # 4-5 of these 20 seeds.
    n, p, k = 60, 300, 8
    recovered = 0
    for seed in range(20):
        rng = np.random.default_rng(seed)
        X = toeplitz_design(n, p, rho, rng)
        support = np.sort(rng.choice(p, k, replace=False))
        coef = np.zeros(p)
        coef[support] = rng.choice([-1, 1], k) * rng.uniform(0.5, 1.5, k)
        y = X @ coef + 0.1 * rng.standard_normal(n)
        reg = L0Regressor(n_nonzero_coefs=k, random_state=seed).fit(X, y)
        recovered += np.array_equal(np.flatnonzero(reg.support_), support)
    assert recovered >= 19


def test_agrees_with_exhaustive_best_subset():
    # Correlated, noisy designs where greedy selection often goes wrong.
    n, p, k = 30, 12, 3
    agree = 0
    for seed in range(20):
        rng = np.random.default_rng(100 + seed)
        X = toeplitz_design(n, p, 0.7, rng)
        coef = np.zeros(p)
        coef[rng.choice(p, 4, replace=False)] = rng.uniform(0.5, 1.5, 4)
        y = X @ coef + rng.standard_normal(n)
        best_rss, best_support = exhaustive_best_subset(X, y, k)
        reg = L0Regressor(n_nonzero_coefs=k, random_state=0).fit(X, y)
        agree += np.array_equal(np.flatnonzero(reg.support_), best_support)
        # Whatever the support, the RSS can never beat the exhaustive optimum.
        assert rss(X, y, reg.coef_, reg.intercept_) >= best_rss * (1 - 1e-10)
    assert agree >= 19


def test_penalized_form_matches_exhaustive_search():
    rng = np.random.default_rng(3)
    n, p = 40, 8
    X = toeplitz_design(n, p, 0.5, rng)
    y = X[:, 1] - 0.5 * X[:, 4] + 0.3 * X[:, 6] + 0.5 * rng.standard_normal(n)
    yc = y - y.mean()
    for alpha in [0.001, 0.01, 0.05, 0.5]:
        expected = min(
            [float(yc @ yc) / (2 * n)]
            + [
                exhaustive_best_subset(X, y, k)[0] / (2 * n) + alpha * k
                for k in range(1, p + 1)
            ]
        )
        reg = L0Regressor(alpha=alpha, random_state=0).fit(X, y)
        assert reg.objective_ == pytest.approx(expected, rel=1e-10)
        assert reg.objective_ == pytest.approx(
            rss(X, y, reg.coef_, reg.intercept_) / (2 * n)
            + alpha * np.count_nonzero(reg.coef_),
            rel=1e-12,
        )


def test_orthonormal_design_gives_hard_thresholding():
    rng = np.random.default_rng(1)
    n, p = 60, 15
    X, _ = np.linalg.qr(rng.standard_normal((n, p)))
    y = X @ rng.standard_normal(p) * 3 + rng.standard_normal(n)
    z = X.T @ y  # the least-squares coefficients
    for k in [0, 1, 4, 9]:
        reg = L0Regressor(n_nonzero_coefs=k, fit_intercept=False).fit(X, y)
        np.testing.assert_allclose(reg.coef_, hard_threshold_top_k(z, k), atol=1e-12)
    for alpha in [0.001, 0.01, 0.05]:
        reg = L0Regressor(alpha=alpha, fit_intercept=False).fit(X, y)
        # keep z_j when z_j^2 / (2n) > alpha, i.e. the prox of n*alpha*||.||_0
        expected = hard_threshold_penalized(z, n * alpha)
        np.testing.assert_allclose(reg.coef_, expected, atol=1e-12)


def test_solution_satisfies_normal_equations_on_support():
    X, y = load_diabetes(return_X_y=True)
    reg = L0Regressor(n_nonzero_coefs=4, random_state=0).fit(X, y)
    residual = y - reg.predict(X)
    support = reg.support_
    assert support.sum() == 4
    assert abs(residual.sum()) < 1e-8 * np.abs(y).sum()
    np.testing.assert_allclose(X[:, support].T @ residual, 0, atol=1e-8)


def test_permuting_columns_permutes_coefficients():
    rng = np.random.default_rng(5)
    X = toeplitz_design(80, 40, 0.5, rng)
    y = X[:, [3, 10, 22, 31]] @ np.array([1.0, -1.5, 2.0, 0.8]) + rng.standard_normal(
        80
    )
    perm = rng.permutation(40)
    a = L0Regressor(n_nonzero_coefs=4, random_state=0).fit(X, y)
    b = L0Regressor(n_nonzero_coefs=4, random_state=0).fit(X[:, perm], y)
    np.testing.assert_allclose(b.coef_, a.coef_[perm], rtol=1e-10, atol=1e-12)
    assert b.intercept_ == pytest.approx(a.intercept_, rel=1e-10)


def test_invariant_to_column_scaling_and_shifts():
    # Columns are centered and normalized internally: rescaling a column
    # rescales its coefficient inversely, shifting it moves the intercept.
    rng = np.random.default_rng(14)
    X = toeplitz_design(50, 30, 0.6, rng)
    y = X[:, [4, 11, 25]] @ np.array([1.0, -1.0, 0.7]) + 0.5 * rng.standard_normal(50)
    scales = 10.0 ** rng.uniform(-3, 3, 30)
    shifts = rng.uniform(-100, 100, 30)
    a = L0Regressor(n_nonzero_coefs=3, random_state=0).fit(X, y)
    b = L0Regressor(n_nonzero_coefs=3, random_state=0).fit(X * scales + shifts, y)
    np.testing.assert_array_equal(b.support_, a.support_)
    np.testing.assert_allclose(b.coef_ * scales, a.coef_, rtol=1e-8)
    np.testing.assert_allclose(
        b.predict(X * scales + shifts), a.predict(X), rtol=1e-8, atol=1e-8
    )


# -- edge cases -------------------------------------------------------------


def test_k_at_least_n_features_gives_least_squares():
    X, y = load_diabetes(return_X_y=True)
    ols = LinearRegression().fit(X, y)
    for k in [X.shape[1], X.shape[1] + 5]:
        reg = L0Regressor(n_nonzero_coefs=k).fit(X, y)
        np.testing.assert_allclose(reg.coef_, ols.coef_, rtol=1e-8)
        assert reg.intercept_ == pytest.approx(ols.intercept_, rel=1e-10)


def test_k_zero_gives_intercept_only():
    X, y = load_diabetes(return_X_y=True)
    reg = L0Regressor(n_nonzero_coefs=0).fit(X, y)
    assert not reg.support_.any()
    np.testing.assert_array_equal(reg.coef_, 0.0)
    assert reg.intercept_ == pytest.approx(y.mean())
    assert reg.objective_ == pytest.approx(np.var(y) / 2)


def test_more_features_than_samples_and_k_above_n_samples():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((10, 30))
    y = rng.standard_normal(10)
    with pytest.warns(RuntimeWarning, match="no other feature lowers"):
        reg = L0Regressor(n_nonzero_coefs=25).fit(X, y)
    # 9 centered directions interpolate y; no dependent column is added.
    assert reg.support_.sum() == 9
    np.testing.assert_allclose(reg.predict(X), y, atol=1e-8)


def test_rank_deficient_design_and_deterministic_ties():
    rng = np.random.default_rng(4)
    base = rng.standard_normal((50, 4))
    # Columns 4 and 5 duplicate columns 0 and 2 exactly: ties.
    X = np.hstack([base, base[:, [0, 2]]])
    y = base @ np.array([2.0, 0.0, -1.0, 0.5]) + 0.1 * rng.standard_normal(50)
    reg = L0Regressor(n_nonzero_coefs=2).fit(X, y)
    # Of two identical columns the lower index wins.
    np.testing.assert_array_equal(np.flatnonzero(reg.support_), [0, 2])
    with pytest.warns(RuntimeWarning, match="no other feature lowers"):
        full = L0Regressor(n_nonzero_coefs=6).fit(X, y)
    ols = LinearRegression().fit(X, y)
    assert full.support_.sum() == 4
    np.testing.assert_allclose(full.predict(X), ols.predict(X), atol=1e-10)
    # Same data in another order of calls: same answer.
    again = L0Regressor(n_nonzero_coefs=2).fit(X, y)
    np.testing.assert_array_equal(again.coef_, reg.coef_)


def test_constant_feature_never_selected():
    rng = np.random.default_rng(6)
    X = rng.standard_normal((30, 5))
    X[:, 1] = 3.0
    y = X[:, 0] + rng.standard_normal(30)
    with pytest.warns(RuntimeWarning, match="no other feature lowers"):
        reg = L0Regressor(n_nonzero_coefs=5).fit(X, y)
    assert reg.coef_[1] == 0.0
    assert reg.support_.sum() == 4


def test_default_support_size_follows_omp():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((60, 35))
    y = X @ rng.standard_normal(35)
    reg = L0Regressor().fit(X, y)
    assert reg.n_nonzero_coefs_ == 3  # max(int(0.1 * 35), 1)
    reg = L0Regressor().fit(X[:, :5], y)
    assert reg.n_nonzero_coefs_ == 1


def test_sample_weight_equals_repeated_rows():
    rng = np.random.default_rng(8)
    X = toeplitz_design(40, 12, 0.4, rng)
    y = X[:, [1, 5, 9]] @ np.array([1.0, -1.0, 0.5]) + 0.5 * rng.standard_normal(40)
    weights = rng.integers(0, 4, 40)
    weighted = L0Regressor(n_nonzero_coefs=3, random_state=0).fit(
        X, y, sample_weight=weights
    )
    repeated = L0Regressor(n_nonzero_coefs=3, random_state=0).fit(
        np.repeat(X, weights, axis=0), np.repeat(y, weights)
    )
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-8)
    assert weighted.intercept_ == pytest.approx(repeated.intercept_, rel=1e-8)


def test_float32_input():
    X, y = load_diabetes(return_X_y=True)
    reg64 = L0Regressor(n_nonzero_coefs=3).fit(X, y)
    reg32 = L0Regressor(n_nonzero_coefs=3).fit(
        X.astype(np.float32), y.astype(np.float32)
    )
    np.testing.assert_array_equal(reg32.support_, reg64.support_)
    np.testing.assert_allclose(reg32.coef_, reg64.coef_, rtol=1e-4)


def test_warm_start_reuses_previous_support():
    rng = np.random.default_rng(9)
    X = toeplitz_design(60, 30, 0.6, rng)
    y = X[:, [2, 9, 20]] @ np.array([1.0, 1.0, 1.0]) + rng.standard_normal(60)
    reg = L0Regressor(n_nonzero_coefs=3, warm_start=True, random_state=0).fit(X, y)
    first = reg.coef_.copy()
    reg.fit(X, y)
    np.testing.assert_allclose(reg.coef_, first)
    # A warm start on data with another number of features is ignored.
    reg.fit(X[:, :10], y)
    assert reg.coef_.shape == (10,)


def test_grid_search_compares_support_sizes():
    X, y = load_diabetes(return_X_y=True)
    search = GridSearchCV(
        L0Regressor(random_state=0), {"n_nonzero_coefs": [1, 3, 6]}, cv=3
    ).fit(X, y)
    assert search.best_params_["n_nonzero_coefs"] in (3, 6)


# -- l0_path ----------------------------------------------------------------


def test_path_rss_non_increasing_and_matches_estimator():
    X, y = load_diabetes(return_X_y=True)
    ks, coefs, intercepts, path_rss = l0_path(X, y)
    np.testing.assert_array_equal(ks, np.arange(11))
    assert np.all(np.diff(path_rss) <= 0)
    for col, k in enumerate(ks):
        assert np.count_nonzero(coefs[:, col]) <= k
        fitted = rss(X, y, coefs[:, col], intercepts[col]) / (2 * X.shape[0])
        assert fitted == pytest.approx(path_rss[col], rel=1e-10)
    # With 10 features every k is small enough to check exhaustively.
    for k in [2, 3, 5]:
        best, _ = exhaustive_best_subset(X, y, k)
        assert path_rss[k] == pytest.approx(best / (2 * X.shape[0]), rel=1e-10)


def test_path_sweep_costs_about_one_fit():
    rng = np.random.default_rng(10)
    X = toeplitz_design(100, 300, 0.35, rng)
    y = X[:, ::30] @ np.ones(10) + rng.standard_normal(100)
    ks, _, _, path_rss, moves = l0_path(
        X, y, n_nonzero_coefs=range(1, 16), return_n_iter=True
    )
    assert np.all(np.diff(path_rss) <= 0)
    # Each warm start adds one feature; only a few swaps follow on average.
    assert moves.sum() <= 4 * len(ks)


def test_path_unsorted_and_duplicate_ks():
    X, y = load_diabetes(return_X_y=True)
    ks, coefs, _, _ = l0_path(X, y, n_nonzero_coefs=[3, 1, 3, 20])
    np.testing.assert_array_equal(ks, [1, 3, 20])
    assert np.count_nonzero(coefs[:, -1]) == 10


# -- solver pieces -----------------------------------------------------------


def _standardized(X, y):
    Xc = X - X.mean(axis=0)
    Z = Xc / np.linalg.norm(Xc, axis=0)
    u = y - y.mean()
    return _l0_solver.GramColumns(Z), Z.T @ u, float(u @ u), Z, u


def test_swap_scores_are_exact():
    # One move of the local search must be the brute-force best swap.
    rng = np.random.default_rng(11)
    X = toeplitz_design(40, 15, 0.6, rng)
    y = X[:, [0, 7, 12]].sum(axis=1) + rng.standard_normal(40)
    gram, q, u_norm2, Z, u = _standardized(X, y)
    start = np.array([1, 2, 3])
    fit, moves = _l0_solver.local_search(gram, q, u_norm2, start, 3, 0.0, max_moves=1)
    assert moves == 1

    def subset_rss(subset):
        coef = np.linalg.lstsq(Z[:, subset], u, rcond=None)[0]
        return float(np.sum((u - Z[:, subset] @ coef) ** 2))

    candidates = [
        np.sort(np.append(np.delete(start, t), i))
        for t in range(3)
        for i in range(15)
        if i not in start
    ]
    best = min(candidates, key=subset_rss)
    np.testing.assert_array_equal(np.sort(fit.support), best)
    assert fit.rss == pytest.approx(subset_rss(best), rel=1e-10)


def test_iht_recovers_easy_support():
    rng = np.random.default_rng(12)
    X = rng.standard_normal((100, 80))
    y = X[:, [5, 17, 60]] @ np.array([3.0, -2.0, 2.5]) + 0.01 * rng.standard_normal(100)
    gram, q, u_norm2, _, _ = _standardized(X, y)
    support, n_iter = _l0_solver.iht(gram, q, u_norm2, 3, 100, 1e-12 * u_norm2)
    np.testing.assert_array_equal(np.sort(support), [5, 17, 60])
    assert 1 <= n_iter <= 200


def test_power_iteration_estimates_spectral_norm():
    rng = np.random.default_rng(13)
    Z = rng.standard_normal((30, 300))
    estimate = _l0_solver.GramColumns(Z).spectral_norm_squared(n_iter=200)
    exact = np.linalg.norm(Z, 2) ** 2
    assert exact <= estimate <= 1.02 * exact


# -- exhaustive search and degenerate designs (issue 18) ----------------------


def weighted_best_objective(X, y, k, sample_weight=None, fit_intercept=True):
    """Lowest ``1/(2n) sum_i s_i (y_i - x_i w - b)^2`` over supports of at
    most k features (s rescaled to sum to n), by enumeration."""
    n = X.shape[0]
    s = np.ones(n) if sample_weight is None else sample_weight * n / sample_weight.sum()
    root = np.sqrt(s)
    Xc = X - np.average(X, axis=0, weights=s) if fit_intercept else X
    yc = y - np.average(y, weights=s) if fit_intercept else y
    Z, u = Xc * root[:, None], yc * root
    best = float(u @ u)
    for size in range(1, k + 1):
        for subset in itertools.combinations(range(X.shape[1]), size):
            coef = np.linalg.lstsq(Z[:, subset], u, rcond=None)[0]
            residual = u - Z[:, subset] @ coef
            best = min(best, float(residual @ residual))
    return best / (2 * n)


def weighted_objective(reg, X, y, sample_weight=None):
    n = X.shape[0]
    s = np.ones(n) if sample_weight is None else sample_weight * n / sample_weight.sum()
    residual = y - reg.predict(X)
    return float(s @ residual**2) / (2 * n)


def test_weighted_local_optimum_replaced_by_the_best_subset():
    # Differential seed 66 minimized: the one-swap local search and its
    # restarts stopped at an objective 3x the best subset's.
    X = np.array(
        [
            [-8.6, -0.6, 0.4, 1.8, 0.0, 0.1, 0.0, -0.1, 0.8],
            [7.0, -0.1, -0.0, -2.0, 0.0, 0.7, -0.0, -0.4, 0.3],
            [6.8, -0.3, -1.0, -1.7, -0.0, -0.6, 0.2, -0.6, -0.2],
            [-9.9, 0.0, -0.9, 2.4, 0.0, -0.7, 0.1, -0.6, -0.7],
            [13.0, 0.8, -0.6, -1.9, 0.1, 0.1, -0.1, 1.4, -0.2],
            [-8.9, -0.1, -0.3, -0.6, -0.1, -0.2, 0.0, -0.5, -0.0],
            [-13.2, 0.1, 0.4, -2.2, -0.1, 0.6, 0.0, 0.2, -0.9],
        ]
    )
    y = np.array([0.4, 0.1, -0.1, 0.1, -0.7, 0.2, 0.3])
    sw = np.array([1.7, 0.8, 0.8, 1.5, 0.6, 0.7, 1.2])
    reg = L0Regressor(n_nonzero_coefs=3, random_state=0).fit(X, y, sample_weight=sw)
    expected = weighted_best_objective(X, y, 3, sw)
    assert reg.n_nonzero_coefs_ == 3
    assert reg.objective_ == pytest.approx(expected, rel=1e-9)
    assert weighted_objective(reg, X, y, sw) == pytest.approx(expected, rel=1e-9)


def test_penalized_local_optimum_replaced_by_the_best_subset():
    # Differential seed 109 minimized (offset columns, no intercept): the
    # path of local searches chose a support with objective 87 where the
    # best is 49.
    X = np.array(
        [
            [-3348.5, 3348.6, -3348.7],
            [-3348.5, 3348.6, -3350.6],
            [-3348.4, 3348.8, -3348.0],
        ]
    )
    y = np.array([-36.8, -11.1, -87.7])
    alpha = 6.980202451737435
    reg = L0Regressor(alpha=alpha, fit_intercept=False).fit(X, y)
    expected = min(
        weighted_best_objective(X, y, k, fit_intercept=False) + alpha * k
        for k in range(4)
    )
    assert reg.objective_ == pytest.approx(expected, rel=1e-9)
    objective = weighted_objective(reg, X, y) + alpha * reg.n_nonzero_coefs_
    assert objective == pytest.approx(expected, rel=1e-9)


def test_column_independent_only_on_a_low_weight_sample_is_selected():
    # Column 2 equals column 0 except on a sample of weight 1e-12 (the
    # brief's seed 206: extreme weights, duplicated columns): it is still
    # independent (distance 1e-6 of the span), so k = 3 gives 3 nonzeros
    # and the exact fit, where 2 nonzeros and a warning were returned.
    a = np.array([1.0, -1.0, 2.0, 0.5, -1.5, 0.3])
    b = np.array([0.2, 1.0, -0.7, 1.1, 0.4, -0.9])
    X = np.column_stack([a, b, a])
    X[5, 2] += 1.0
    y = a - b
    y[5] += 3.0
    sw = np.array([1.0, 2.0, 1.0, 1.0, 2.0, 1e-12])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        reg = L0Regressor(n_nonzero_coefs=3).fit(X, y, sample_weight=sw)
    assert reg.n_nonzero_coefs_ == 3
    np.testing.assert_allclose(reg.coef_, [-2.0, -1.0, 3.0], rtol=1e-8)
    assert reg.objective_ < 1e-20


def test_exact_duplicates_and_zero_weight_differences_are_dependent():
    # Columns equal on every positively weighted sample are one column:
    # never selected together, and the warning says so.
    rng = np.random.default_rng(15)
    X = rng.standard_normal((12, 4))
    X = np.column_stack([X, X[:, 1], X[:, 2]])
    X[0, 5] += 5.0  # differs from column 2 only on a zero-weight sample
    y = X[:, 1] - X[:, 2] + 0.1 * rng.standard_normal(12)
    sw = np.ones(12)
    sw[0] = 0.0
    with pytest.warns(RuntimeWarning, match="selected 4 features"):
        reg = L0Regressor(n_nonzero_coefs=6).fit(X, y, sample_weight=sw)
    assert not (reg.support_[1] and reg.support_[4])
    assert not (reg.support_[2] and reg.support_[5])
    assert weighted_objective(reg, X, y, sw) == pytest.approx(
        weighted_best_objective(X, y, 6, sw), rel=1e-9, abs=1e-14
    )


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_float32_fit_returns_float32(fit_intercept):
    # As scikit-learn's OrthogonalMatchingPursuit and Lasso: coef_ and
    # intercept_ in X's dtype (intercept_ 0.0 without an intercept).
    X, y = load_diabetes(return_X_y=True)
    X32, y32 = X.astype(np.float32), y.astype(np.float32)
    reg = L0Regressor(n_nonzero_coefs=3, fit_intercept=fit_intercept).fit(X32, y32)
    assert reg.coef_.dtype == np.float32
    assert reg.predict(X32).dtype == np.float32
    if fit_intercept:
        assert isinstance(reg.intercept_, np.float32)
    else:
        assert reg.intercept_ == 0.0 and isinstance(reg.intercept_, float)
    residual = y - X @ reg.coef_.astype(float) - float(reg.intercept_)
    assert reg.objective_ == pytest.approx(residual @ residual / (2 * len(y)), rel=1e-9)


def test_exhaustive_search_matches_enumeration_and_local_search_beyond_it():
    # The exhaustive search is used while C(p, k) <= EXACT_MAX_SUBSETS; on
    # either side of that limit the answer is the best subset on this
    # easy design.
    rng = np.random.default_rng(16)
    X = toeplitz_design(50, 16, 0.6, rng)
    y = X[:, [1, 6, 11]] @ np.array([1.0, -1.0, 0.8]) + rng.standard_normal(50)
    assert comb(16, 3) <= _l0_solver.EXACT_MAX_SUBSETS < comb(16, 7)
    for k in [3, 7]:
        reg = L0Regressor(n_nonzero_coefs=k, random_state=0).fit(X, y)
        expected = exhaustive_best_subset(X, y, k)[0] / (2 * 50)
        assert reg.objective_ == pytest.approx(expected, rel=1e-10)


def test_issue_18_degenerate_inputs():
    rng = np.random.default_rng(17)
    # Rank-1 X = outer(u, v), 40 x 60: one feature explains everything.
    u, v = rng.standard_normal(40), rng.standard_normal(60)
    X = np.outer(u, v)
    y = 2 * u + 0.1 * rng.standard_normal(40)
    ols = LinearRegression().fit(X, y)
    with pytest.warns(RuntimeWarning, match="selected 1 features"):
        reg = L0Regressor(n_nonzero_coefs=3).fit(X, y)
    assert reg.n_nonzero_coefs_ == 1
    np.testing.assert_allclose(reg.predict(X), ols.predict(X), atol=1e-10)
    # One constant column with an intercept: the mean, coefficient 0.
    X1 = np.full((58, 1), 3.7)
    y1 = rng.standard_normal(58)
    with pytest.warns(RuntimeWarning, match="selected 0 features"):
        reg = L0Regressor(n_nonzero_coefs=1).fit(X1, y1)
    assert reg.coef_[0] == 0.0
    assert reg.intercept_ == pytest.approx(y1.mean(), rel=1e-12)
    # X scaled by 1e-150 (and 1e150): the same support and predictions.
    X2 = rng.standard_normal((30, 5))
    y2 = X2 @ np.array([1.0, 0.0, -2.0, 0.0, 0.5]) + 0.01 * rng.standard_normal(30)
    reference = L0Regressor(n_nonzero_coefs=3).fit(X2, y2)
    for scale in [1e-150, 1e150]:
        for params in [{"n_nonzero_coefs": 3}, {"alpha": 1e-3}]:
            reg = L0Regressor(**params).fit(X2 * scale, y2)
            np.testing.assert_array_equal(reg.support_, reference.support_)
            np.testing.assert_allclose(
                reg.predict(X2 * scale), reference.predict(X2), atol=1e-10
            )


def correlated_design(seed):
    """A design of benchmarks/bench_l0_local_search.py: n = 50, p 17-22
    AR(1) columns (rho 0.5-0.95) with near-copies and mixtures of other
    columns, k 5-6 with more than EXACT_MAX_SUBSETS supports, a k-sparse
    signal at a low signal-to-noise ratio."""
    rng = np.random.default_rng(seed)
    n = 50
    while True:
        p = int(rng.integers(17, 23))
        k = int(rng.integers(5, 7))
        if comb(p, k) > _l0_solver.EXACT_MAX_SUBSETS:
            break
    X = toeplitz_design(n, p, rng.uniform(0.5, 0.95), rng)
    for j in rng.choice(p, size=3, replace=False):
        a, b = rng.choice([c for c in range(p) if c != j], 2, replace=False)
        if rng.random() < 0.5:
            X[:, j] = X[:, a] + 0.1 * rng.standard_normal(n)
        else:
            X[:, j] = X[:, a] - rng.uniform(0.5, 1.5) * X[:, b]
            X[:, j] += 0.2 * rng.standard_normal(n)
    beta = np.zeros(p)
    beta[rng.choice(p, size=k, replace=False)] = rng.choice([-1, 1], k) * (
        rng.uniform(0.5, 2.0, k)
    )
    signal = X @ beta
    y = signal + rng.standard_normal(n) * signal.std() / np.sqrt(rng.uniform(0.5, 3))
    return X, y, k


def enumerated_best_subset(X, y, k):
    """Best k-subset (with an intercept) by QR of every subset, batched."""
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    subsets = np.array(list(itertools.combinations(range(X.shape[1]), k)))
    Q, _ = np.linalg.qr(np.moveaxis(Xc[:, subsets], 1, 0))
    fitted = np.einsum("snk,n->sk", Q, yc)
    values = yc @ yc - np.einsum("sk,sk->s", fitted, fitted)
    best = int(np.argmin(values))
    return float(values[best]), subsets[best]


@pytest.mark.parametrize("seed", [8, 25, 54, 117, 219])
def test_two_swaps_reach_the_best_subset_one_swaps_missed(seed):
    # On these designs the one-swap local search with its restarts stopped
    # at a local optimum (RSS 0.1-16 % above the best subset's); the
    # two-swap moves reach the best subset.
    X, y, k = correlated_design(seed)
    best_rss, best_support = enumerated_best_subset(X, y, k)
    reg = L0Regressor(n_nonzero_coefs=k, random_state=0).fit(X, y)
    np.testing.assert_array_equal(np.flatnonzero(reg.coef_), best_support)
    assert rss(X, y, reg.coef_, reg.intercept_) == pytest.approx(best_rss, rel=1e-9)


def test_best_pair_swap_scores_match_refits():
    # The best exchange's RSS, from the projected-Gram formula, equals the
    # lowest least-squares refit over all exchanges of two support features
    # for two others (one of which may be a feature taken out: a one-swap).
    rng = np.random.default_rng(3)
    X = toeplitz_design(40, 10, 0.8, rng)
    y = X[:, [1, 4, 7]].sum(axis=1) + rng.standard_normal(40)
    k = 4
    problem = _StandardizedProblem(X, y, fit_intercept=True, sample_weight=None)
    gram, q, u_norm2 = problem.gram, problem.q, problem.u_norm2
    start = _l0_solver.forward_stepwise(gram, q, u_norm2, k, 0.0)
    fit = _l0_solver.SupportFit(gram, q, u_norm2, start)
    swapped = _l0_solver.best_pair_swap(gram, q, u_norm2, fit, 0.0)
    assert swapped is not None and len(np.setdiff1d(swapped, fit.support)) in (1, 2)
    brute = np.inf
    for out in itertools.combinations(range(k), 2):
        kept = np.delete(fit.support, out)
        for new in itertools.combinations(np.setdiff1d(np.arange(q.size), kept), 2):
            support = np.sort(np.r_[kept, new])
            brute = min(brute, _l0_solver.SupportFit(gram, q, u_norm2, support).rss)
    new_rss = _l0_solver.SupportFit(gram, q, u_norm2, swapped).rss
    assert new_rss == pytest.approx(brute, rel=1e-10)
    assert new_rss < fit.rss


# -- bad input ---------------------------------------------------------------


def test_alpha_with_n_nonzero_coefs_is_penalized_form_under_a_cap():
    # Both set: min 1/(2n) RSS + alpha k over supports of size k <= cap.
    rng = np.random.default_rng(3)
    n, p = 40, 8
    X = toeplitz_design(n, p, 0.5, rng)
    y = X[:, 1] - 0.5 * X[:, 4] + 0.3 * X[:, 6] + 0.5 * rng.standard_normal(n)
    yc = y - y.mean()
    values = [float(yc @ yc) / (2 * n)] + [
        exhaustive_best_subset(X, y, k)[0] / (2 * n) for k in range(1, p + 1)
    ]
    for alpha, cap in [(0.001, 2), (0.001, 5), (0.05, 1), (0.05, 6), (0.0, 3)]:
        expected = min(values[k] + alpha * k for k in range(cap + 1))
        reg = L0Regressor(n_nonzero_coefs=cap, alpha=alpha, random_state=0)
        reg.fit(X, y)
        assert reg.n_nonzero_coefs_ <= cap
        assert reg.objective_ == pytest.approx(expected, rel=1e-10)
    # A small alpha under the cap is the constrained form.
    capped = L0Regressor(n_nonzero_coefs=3, alpha=1e-6, random_state=0).fit(X, y)
    constrained = L0Regressor(n_nonzero_coefs=3, random_state=0).fit(X, y)
    np.testing.assert_allclose(capped.coef_, constrained.coef_, rtol=1e-12)


def test_grid_search_over_alpha_with_n_nonzero_coefs_set():
    X, y = load_diabetes(return_X_y=True)
    search = GridSearchCV(
        L0Regressor(n_nonzero_coefs=5, random_state=0),
        {"alpha": [1e-3, 10.0, 1e3]},
        cv=3,
    ).fit(X, y)
    sizes = [
        L0Regressor(n_nonzero_coefs=5, alpha=alpha, random_state=0)
        .fit(X, y)
        .n_nonzero_coefs_
        for alpha in [1e-3, 10.0, 1e3]
    ]
    assert sizes[0] == 5 and sizes[-1] < 5
    assert search.best_estimator_.n_nonzero_coefs_ <= 5


@pytest.mark.parametrize(
    "params, match",
    [
        ({"n_nonzero_coefs": -1}, "n_nonzero_coefs"),
        ({"n_nonzero_coefs": 1.5}, "n_nonzero_coefs"),
        ({"alpha": -0.1}, "alpha"),
        ({"max_iter": 0}, "max_iter"),
        ({"n_restarts": -1}, "n_restarts"),
    ],
)
def test_invalid_parameters_raise(params, match):
    X, y = load_diabetes(return_X_y=True)
    with pytest.raises(ValueError, match=match):
        L0Regressor(**params).fit(X, y)


def test_bad_data_raises_clear_errors():
    X, y = load_diabetes(return_X_y=True)
    bad = X.copy()
    bad[3, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        L0Regressor().fit(bad, y)
    bad[3, 2] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        L0Regressor().fit(bad, y)
    with pytest.raises(ValueError, match="NaN"):
        L0Regressor().fit(X, np.where(np.arange(len(y)) == 0, np.nan, y))
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        L0Regressor().fit(X, y[:-1])
    with pytest.raises(ValueError, match="0 sample"):
        L0Regressor().fit(X[:0], y[:0])
    with pytest.raises(ValueError, match="could not convert|dtype"):
        L0Regressor().fit(np.array([["a", "b"], ["c", "d"]]), [1.0, 2.0])
    reg = L0Regressor(n_nonzero_coefs=2).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        reg.predict(X[:, :5])
    with pytest.raises(ValueError, match="NaN"):
        l0_path(bad * np.nan, y)
    with pytest.raises(ValueError, match="n_nonzero_coefs"):
        l0_path(X, y, n_nonzero_coefs=[-1, 2])
    with pytest.raises(ValueError, match="n_nonzero_coefs"):
        l0_path(X, y, n_nonzero_coefs=[0.5])


def test_float32_columns_with_large_mean_stay_selectable():
    # The dependence cut-off does not grow with n: a float32 column of mean
    # 100 and spread 1 is not constant at 20000 samples.
    rng = np.random.RandomState(0)
    X = (100.0 + rng.randn(20000, 5)).astype(np.float32)
    y = (X[:, 0] - X[:, 1] + 0.1 * rng.randn(20000)).astype(np.float32)
    model = L0Regressor(n_nonzero_coefs=2).fit(X, y)
    assert np.flatnonzero(model.coef_).tolist() == [0, 1]
    np.testing.assert_allclose(model.coef_[:2], [1.0, -1.0], atol=1e-2)
