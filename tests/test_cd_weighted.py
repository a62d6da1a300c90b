"""Weighted L1 on the fast quadratic solver (``skreg._cd.enet_path_cd`` with
``weights``): ``1/2 ||y - Xc w||^2 + l1 sum_j weights_j |w_j|``, a weight of
0 leaving the feature unpenalized.  Optimality (KKT), equality with the
generic solver's WeightedL1 and with a Lasso on rescaled columns, dense =
CSC, validation."""

import numpy as np
import pytest
from scipy import sparse
from skreg._cd import enet_path_cd, glm_path_cd


def _problem(seed=0, n=60, p=150, k=8):
    rng = np.random.RandomState(seed)
    X = np.asfortranarray(rng.randn(n, p))
    beta = np.zeros(p)
    beta[rng.choice(p, k, replace=False)] = rng.randn(k) * 3
    y = X @ beta + 0.5 * rng.randn(n)
    weights = rng.uniform(0.2, 3.0, p)
    return X, y, weights


def _weighted_path(X, y, l1s, weights, *, tol=1e-13, positive=False, mean=None):
    n, p = X.shape
    mean = np.zeros(p) if mean is None else mean
    w = np.zeros(p)
    coefs, gaps, _, converged = enet_path_cd(
        X, y, np.ones(n), mean, np.asarray(l1s, dtype=np.float64),
        np.zeros(len(l1s)), w, tol_abs=tol * (y @ y), max_iter=100_000,
        positive=positive, weights=weights,
    )  # fmt: skip
    assert converged.all()
    return coefs


def _alpha_max(X, y, weights):
    g = np.abs(X.T @ y)
    return np.max(g[weights > 0] / weights[weights > 0])


def _check_kkt(X, y, coef, l1, weights, tol_abs, positive=False):
    corr = X.T @ (y - X @ coef)
    level = l1 * weights
    nz = coef != 0
    # A gap (here, an objective decrease still available) of tol_abs leaves
    # a coordinate's violation d with d^2 / (2 ||x_j||^2) <= tol_abs.
    atol = np.sqrt(2.0 * np.max(np.sum(X * X, axis=0)) * tol_abs)
    # Nonzero coefficients: x_j^T r = level_j sign(w_j) (0 when free).
    np.testing.assert_allclose(
        corr[nz], level[nz] * np.sign(coef[nz]), rtol=0, atol=atol
    )
    # Zero coefficients: inside their constraint (one-sided when positive).
    if positive:
        assert np.all(corr[~nz] <= level[~nz] + atol)
    else:
        assert np.all(np.abs(corr[~nz]) <= level[~nz] + atol)
    # The bound is far tighter than the levels: the check could fail.
    assert atol < 1e-4 * np.max(level)


@pytest.mark.parametrize("positive", [False, True])
def test_kkt_at_solution_with_zero_weights(positive):
    X, y, weights = _problem()
    weights[[3, 17, 40]] = 0.0  # never penalized
    amax = _alpha_max(X, y, weights)
    l1s = amax * np.array([0.9, 0.3, 0.05])
    coefs = _weighted_path(X, y, l1s, weights, positive=positive)
    for coef, l1 in zip(coefs, l1s, strict=True):
        _check_kkt(X, y, coef, l1, weights, 1e-13 * (y @ y), positive=positive)
        # The free features move (here, none of them is orthogonal to y).
        assert np.all(coef[[3, 17, 40]] != 0) or positive


def test_equals_the_generic_solver_weighted_l1():
    X, y, weights = _problem(1)
    weights[[0, 5]] = 0.0
    l1s = _alpha_max(X, y, weights) * np.geomspace(1.0, 0.02, 8)
    ours = _weighted_path(X, y, l1s, weights)
    ref, _, _, converged = glm_path_cd(
        X, y, None, l1s, np.zeros(X.shape[1]), datafit="quadratic",
        penalty="weighted_l1", penalty_weights=weights, tol_abs=1e-13 * (y @ y),
        max_iter=10_000,
    )  # fmt: skip
    assert converged.all()
    np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-7 * np.abs(ref).max())


def test_equals_a_lasso_on_rescaled_columns():
    # sum_j c_j |w_j| on X is the Lasso on X / c with coefficients c * w.
    X, y, weights = _problem(2)
    l1s = _alpha_max(X, y, weights) * np.array([0.5, 0.1, 0.01])
    ours = _weighted_path(X, y, l1s, weights)
    Xs = np.asfortranarray(X / weights)
    lasso = _weighted_path(Xs, y, l1s, None) / weights
    np.testing.assert_allclose(ours, lasso, rtol=0, atol=1e-8 * np.abs(lasso).max())


def test_unit_weights_give_the_lasso():
    X, y, _ = _problem(3)
    l1s = _alpha_max(X, y, np.ones(X.shape[1])) * np.array([0.4, 0.04])
    ours = _weighted_path(X, y, l1s, np.ones(X.shape[1]))
    lasso = _weighted_path(X, y, l1s, None)
    np.testing.assert_allclose(ours, lasso, rtol=0, atol=1e-10 * np.abs(lasso).max())


@pytest.mark.parametrize("centered", [False, True])
def test_dense_and_csc_agree(centered):
    rng = np.random.RandomState(4)
    X = rng.randn(80, 200) * (rng.rand(80, 200) < 0.2)
    y = X[:, :5] @ np.arange(1.0, 6.0) + 0.3 * rng.randn(80)
    weights = rng.uniform(0.5, 2.0, 200)
    weights[:3] = 0.0
    mean = X.mean(axis=0) if centered else None
    if centered:
        y = y - y.mean()
    l1s = _alpha_max(X, y, weights) * np.array([0.5, 0.05, 0.005])
    dense = _weighted_path(np.asfortranarray(X), y, l1s, weights, tol=1e-8, mean=mean)
    csc = _weighted_path(sparse.csc_matrix(X), y, l1s, weights, tol=1e-8, mean=mean)
    np.testing.assert_allclose(csc, dense, rtol=1e-9, atol=1e-12)
    if centered:
        # Implicit centering solves the problem on the explicitly centered X.
        explicit = _weighted_path(
            np.asfortranarray(X - mean), y, l1s, weights, tol=1e-13
        )
        np.testing.assert_allclose(
            dense, explicit, rtol=0, atol=1e-4 * np.abs(explicit).max()
        )


def test_all_weights_zero_is_least_squares():
    rng = np.random.RandomState(5)
    X = np.asfortranarray(rng.randn(50, 10))
    y = rng.randn(50)
    coef = _weighted_path(X, y, [1.0], np.zeros(10))[0]
    np.testing.assert_allclose(coef, np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-8)


def test_weights_are_validated():
    X, y, weights = _problem()
    n, p = X.shape
    args = (X, y, np.ones(n), np.zeros(p), [1.0], [0.0], np.zeros(p))
    kwargs = {"tol_abs": 1e-4, "max_iter": 10}
    with pytest.raises(ValueError, match="weights"):
        enet_path_cd(*args, weights=-weights, **kwargs)
    with pytest.raises(ValueError, match="weights"):
        enet_path_cd(*args, weights=weights[:-1], **kwargs)
    with pytest.raises(ValueError, match="weights"):
        enet_path_cd(*args, weights=np.full(p, np.nan), **kwargs)
    with pytest.raises(ValueError, match="L1 penalty only"):
        enet_path_cd(
            X, y, np.ones(n), np.zeros(p), [1.0], [0.5], np.zeros(p),
            weights=weights, **kwargs,
        )  # fmt: skip
