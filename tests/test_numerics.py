"""Ill-conditioned designs: condition number 1e12 and duplicated columns."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Ridge as SklearnRidge

from skreg import L0Regressor, Lasso, Ridge


def _ill_conditioned(cond=1e12, n=80, p=12, seed=0):
    rng = np.random.default_rng(seed)
    U, _ = np.linalg.qr(rng.standard_normal((n, p)))
    V, _ = np.linalg.qr(rng.standard_normal((p, p)))
    s = np.logspace(0, -np.log10(cond), p)
    X = (U * s) @ V.T
    y = X @ rng.standard_normal(p) + 0.01 * rng.standard_normal(n)
    return X, y


def _duplicated(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((60, 6))
    X = np.column_stack([X, X[:, 2]])  # column 6 duplicates column 2
    y = 3.0 * X[:, 2] + X[:, 0] + 0.05 * rng.standard_normal(60)
    return X, y


def _ridge_reference(X, y, alpha, fit_intercept):
    """Ridge as the least-squares problem [Xc; sqrt(alpha) I] w = [yc; 0],
    solved by LAPACK's SVD-based lstsq (backward stable, minimum norm)."""
    if fit_intercept:
        X, y = X - X.mean(axis=0), y - y.mean()
    p = X.shape[1]
    A = np.vstack([X, np.sqrt(alpha) * np.eye(p)])
    b = np.concatenate([y, np.zeros(p)])
    return np.linalg.lstsq(A, b, rcond=None)[0]


@pytest.mark.parametrize("solver", ["auto", "cholesky", "svd", "lsqr"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("alpha", [0.0, 1e-8, 1.0])
def test_ridge_ill_conditioned_is_finite_and_accurate(solver, fit_intercept, alpha):
    X, y = _ill_conditioned()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ridge = Ridge(
            alpha=alpha, solver=solver, fit_intercept=fit_intercept, tol=1e-12
        )
        ridge.fit(X, y)
    assert np.all(np.isfinite(ridge.coef_))
    assert np.isfinite(ridge.intercept_)
    reference = _ridge_reference(X, y, alpha, fit_intercept)
    pred = X @ reference + (
        y.mean() - X.mean(axis=0) @ reference if fit_intercept else 0
    )
    if solver == "lsqr" and alpha == 0:
        # LSQR's stopping rule (on ||X^T r||, relative) cannot see residual
        # components along singular directions of size 1e-12, so it stops
        # ~1e-2 away from the least-squares fit, as scikit-learn's lsqr does
        # (same error on this problem).  The direct solvers (and "auto") are
        # the accurate ones, checked below.
        sk = SklearnRidge(alpha=0.0, solver="lsqr", tol=1e-12)
        sk_error = np.abs(
            sk.set_params(fit_intercept=fit_intercept).fit(X, y).predict(X) - pred
        ).max()
        error = np.abs(ridge.predict(X) - pred).max()
        assert error <= max(1.5 * sk_error, 1e-6)
        return
    # What is well determined is the fit: predictions match the reference to
    # near machine precision relative to y even where coefficients along the
    # 1e-12 singular direction are not identifiable.
    assert_allclose(ridge.predict(X), pred, atol=1e-6 * np.abs(y).max())
    if alpha >= 1.0:
        assert_allclose(ridge.coef_, reference, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("solver", ["auto", "cholesky", "svd", "lsqr", "cg"])
def test_ridge_duplicated_columns_split_the_weight(solver):
    X, y = _duplicated()
    ridge = Ridge(alpha=1e-3, solver=solver, tol=1e-10).fit(X, y)
    assert np.all(np.isfinite(ridge.coef_))
    # The penalty makes the solution unique: equal weights on the copies.
    assert_allclose(ridge.coef_[2], ridge.coef_[6], rtol=1e-5)
    assert_allclose(ridge.coef_[2] + ridge.coef_[6], 3.0, atol=0.05)


@pytest.mark.parametrize("data", ["ill_conditioned", "duplicated"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_lasso_converges(data, fit_intercept):
    X, y = _ill_conditioned() if data == "ill_conditioned" else _duplicated()
    alpha_max = np.max(np.abs(X.T @ (y - fit_intercept * y.mean()))) / len(y)
    lasso = Lasso(alpha=alpha_max / 50, tol=1e-8, fit_intercept=fit_intercept)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        lasso.fit(X, y)
    assert np.all(np.isfinite(lasso.coef_))
    # dual_gap_ is in the 1/n-scaled units; the kernel's target is tol ||y||^2.
    target = 1e-8 * np.dot(y - fit_intercept * y.mean(), y - fit_intercept * y.mean())
    assert lasso.dual_gap_ <= target / len(y) * (1 + 1e-9) + 1e-15
    if data == "duplicated":
        # KKT: |X_j^T r| / n <= alpha for every column, equality on the support.
        Xc = X - fit_intercept * X.mean(axis=0)
        r = y - lasso.predict(X)
        corr = Xc.T @ r / len(y)
        assert np.all(np.abs(corr) <= lasso.alpha * (1 + 1e-3))


@pytest.mark.parametrize("k", [1, 2, 3])
def test_l0_picks_one_of_the_duplicates(k):
    X, y = _duplicated()
    reg = L0Regressor(n_nonzero_coefs=k, random_state=0).fit(X, y)
    support = set(np.flatnonzero(reg.coef_))
    assert len(support) <= k
    assert len(support & {2, 6}) == 1
    assert np.all(np.isfinite(reg.coef_))
