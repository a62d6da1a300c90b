"""Ridge on degenerate designs (issue 18): rank-deficient and unpenalized
systems give scikit-learn's predictions and the minimum-norm coefficients
with every solver name, dense and sparse."""

import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn.linear_model import Ridge as SkRidge

from skreg.linear_model import Ridge

SOLVERS = ["auto", "cholesky", "svd", "sparse_cg", "lsqr", "gd"]
TIGHT = {"tol": 1e-13, "max_iter": 100_000}


def _rank_one(seed=0):
    """X = outer(u, v), 40 x 60: rank 1 (rank 0 once centered? no: u is not
    constant, so the centered X is outer(u - mean(u), v), rank 1)."""
    rng = np.random.default_rng(seed)
    X = np.outer(rng.standard_normal(40), rng.standard_normal(60))
    return X, rng.standard_normal(40)


def _constant_column(seed=0):
    rng = np.random.default_rng(seed)
    return np.full((58, 1), 3.7), rng.standard_normal(58)


def _tiny_scale(seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((30, 5)) * 1e-150, rng.standard_normal(30)


CASES = {"rank_one": _rank_one, "constant": _constant_column, "tiny": _tiny_scale}


def _minimum_norm(X, y):
    """Minimum-norm least squares on the explicitly centered data, with an
    exactly constant column taken as exactly zero once centered."""
    Xc = X - X.mean(axis=0)
    Xc[:, np.ptp(X, axis=0) == 0] = 0.0
    # Relative rcond: the data's own scale, not an absolute cut-off.
    coef = np.linalg.lstsq(Xc, y - y.mean(), rcond=None)[0]
    return coef, y.mean() - X.mean(axis=0) @ coef


def _fit(solver, X, y, **params):
    return Ridge(alpha=0.0, solver=solver, random_state=0, **TIGHT, **params).fit(X, y)


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_issue_cases_give_sklearn_predictions_and_minimum_norm(case, solver):
    X, y = CASES[case]()
    # scikit-learn's default ('cholesky', falling back to least squares)
    # is its accurate answer on all three: its 'svd' drops singular values
    # below an absolute 1e-15 and its 'sparse_cg' diverges on the rank-one
    # dual system, so those are no reference.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = SkRidge(alpha=0.0).fit(X, y).predict(X)
    ours = _fit(solver, X, y)
    scale = np.abs(reference).max()
    np.testing.assert_allclose(ours.predict(X), reference, rtol=0, atol=1e-8 * scale)
    coef, intercept = _minimum_norm(X, y)
    np.testing.assert_allclose(
        ours.coef_, coef, rtol=1e-8, atol=1e-8 * np.abs(coef).max(initial=0)
    )
    np.testing.assert_allclose(ours.intercept_, intercept, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("solver", ["auto", "cholesky", "sparse_cg", "lsqr", "gd"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_issue_cases_sparse(case, solver):
    X, y = CASES[case]()
    ours = _fit(solver, sparse.csr_matrix(X), y)
    coef, intercept = _minimum_norm(X, y)
    np.testing.assert_allclose(
        ours.coef_, coef, rtol=1e-8, atol=1e-8 * np.abs(coef).max(initial=0)
    )
    np.testing.assert_allclose(ours.intercept_, intercept, rtol=1e-8, atol=1e-12)


def test_constant_column_coefficient_is_exactly_zero_at_any_alpha():
    X, y = _constant_column()
    X = np.column_stack([X, np.random.default_rng(1).standard_normal(58)])
    for solver in SOLVERS:
        for alpha in (0.0, 1.0):
            fit = Ridge(alpha=alpha, solver=solver, random_state=0).fit(X, y)
            assert fit.coef_[0] == 0.0


def test_zero_column_without_intercept_has_zero_coefficient():
    rng = np.random.default_rng(2)
    X = np.column_stack([rng.standard_normal(20), np.zeros(20)])
    y = rng.standard_normal(20)
    for solver in SOLVERS:
        fit = _fit(solver, X, y, fit_intercept=False)
        assert fit.coef_[1] == 0.0
        np.testing.assert_allclose(fit.coef_[0], X[:, 0] @ y / (X[:, 0] @ X[:, 0]))


def test_only_constant_columns_fit_the_mean():
    X, y = _constant_column()
    X = np.column_stack([X, np.full(58, -2.0)])
    for solver in SOLVERS:
        fit = _fit(solver, X, y)
        np.testing.assert_array_equal(fit.coef_, [0.0, 0.0])
        np.testing.assert_allclose(fit.predict(X), np.full(58, y.mean()))


def test_zero_weight_rows_do_not_make_a_column_informative():
    """A column constant on the positive-weight rows is constant for the fit."""
    rng = np.random.default_rng(3)
    X = np.column_stack([np.full(30, 2.0), rng.standard_normal(30)])
    X[:5, 0] = rng.standard_normal(5)
    sw = np.ones(30)
    sw[:5] = 0.0
    y = rng.standard_normal(30)
    for solver in SOLVERS:
        fit = _fit(solver, X, y)
        fit.fit(X, y, sample_weight=sw)
        assert fit.coef_[0] == 0.0


@pytest.mark.parametrize("scale", [1e-150, 1e-40, 1e40, 1e150])
@pytest.mark.parametrize("solver", SOLVERS)
def test_extreme_scales_are_equivalent_to_rescaled_alpha(scale, solver):
    """||y - sXw||^2 + a||w||^2 equals the unscaled problem at a / s^2."""
    rng = np.random.default_rng(4)
    X = rng.standard_normal((25, 6)) + 1.0
    y = X @ rng.standard_normal(6) + rng.standard_normal(25)
    base = Ridge(alpha=0.5, solver="svd").fit(X, y)
    ours = Ridge(alpha=0.5 * scale**2, solver=solver, random_state=0, **TIGHT)
    ours.fit(X * scale, y)
    np.testing.assert_allclose(ours.predict(X * scale), base.predict(X), rtol=1e-8)


@pytest.mark.parametrize("solver", SOLVERS)
def test_tiny_and_huge_targets(solver):
    rng = np.random.default_rng(5)
    X = rng.standard_normal((25, 6))
    y = X @ rng.standard_normal(6) + rng.standard_normal(25)
    base = Ridge(alpha=0.5, solver="svd").fit(X, y)
    for scale in (1e-200, 1e200):
        ours = Ridge(alpha=0.5, solver=solver, random_state=0, **TIGHT)
        ours.fit(X, y * scale)
        np.testing.assert_allclose(ours.coef_, base.coef_ * scale, rtol=1e-8)


def test_cg_stops_on_zero_curvature():
    """A right-hand side in the null space to rounding: the conjugate
    gradient stops instead of dividing by p^T A p = 0."""
    from skreg.linear_model._ridge_solvers import _block_cg

    A = np.diag([1.0, 0.0])
    B = np.array([[2.0], [1e-300]])
    sol, n_iter, converged = _block_cg(
        lambda V: A @ V, B, np.zeros(1), tol=0.0, max_iter=10
    )
    assert converged and np.all(np.isfinite(sol))
    assert sol[0, 0] == pytest.approx(2.0)


def test_sparse_svd_errors_as_sklearn():
    X, y = _rank_one()
    Xs = sparse.csr_matrix(X)
    with pytest.raises(ValueError, match="intercept on sparse"):
        Ridge(solver="svd").fit(Xs, y)
    with pytest.raises(TypeError, match="sparse"):
        Ridge(solver="svd", fit_intercept=False).fit(Xs, y)
