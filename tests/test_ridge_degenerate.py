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


# Regression tests for what tests/test_differential.py found (its seed in
# brackets), each on a minimal input.


def _svd_reference(X, y, alpha):
    """Unpenalized least-squares predictions with an intercept, by LAPACK's
    lstsq in float64 (scikit-learn's 'svd' cuts singular values at an
    absolute 1e-15, so it is no reference on tiny designs)."""
    assert alpha == 0.0
    X = X.astype(np.float64)
    coef, intercept = _minimum_norm(X, np.asarray(y, np.float64))
    return X @ coef + intercept


def test_float32_penalty_underflow_is_not_nan():
    """[11] alpha = 5e-47 is 0 in float32, and 0 times the squared
    power-of-two scale of a tiny X (inf in float32) was NaN."""
    rng = np.random.default_rng(0)
    X = (rng.standard_normal((12, 3)) * 1e-20).astype(np.float32)
    y = rng.standard_normal(12).astype(np.float32)
    fit = Ridge(alpha=5e-47).fit(X, y)
    assert np.all(np.isfinite(fit.coef_))
    np.testing.assert_allclose(fit.predict(X), _svd_reference(X, y, 0.0), rtol=1e-4)


def test_float32_penalty_beyond_float32_range():
    """[167] alpha = 1e39 overflows float32 but not once the huge X is
    rescaled: the penalty is scaled in float64."""
    rng = np.random.default_rng(1)
    X64 = rng.standard_normal((20, 3)) * 1e20
    y = rng.standard_normal(20)
    fit = Ridge(alpha=1e39).fit(X64.astype(np.float32), y.astype(np.float32))
    expected = Ridge(alpha=1e39).fit(X64.astype(np.float32).astype(np.float64), y)
    np.testing.assert_allclose(fit.coef_, expected.coef_, rtol=1e-4)
    assert np.any(fit.coef_ != 0)


@pytest.mark.parametrize("solver", ["lsqr", "sparse_cg", "gd"])
def test_design_of_1e_minus_39(solver):
    """[710] scipy's LSQR stopped at its first step on a design of 1e-39:
    the power-of-two rescaling now starts at 2**-32."""
    rng = np.random.default_rng(2)
    X = rng.standard_normal((23, 9)) * 1e-39
    y = X @ rng.standard_normal(9) * 1e39 + 0.1 * rng.standard_normal(23)
    fit = _fit(solver, X, y)
    np.testing.assert_allclose(fit.predict(X), _svd_reference(X, y, 0.0), rtol=1e-6)


def test_sparse_float32_singular_fallback_in_float64():
    """[903] the sparse pseudo-inverse fallback ran in float32, squaring a
    condition number float32 cannot hold (objective 44x the optimum)."""
    rng = np.random.default_rng(3)
    X = rng.standard_normal((10, 22)) * (rng.random((10, 22)) < 0.5)
    X[:, 0] = 1e3 * (rng.random(10) < 0.5)
    X[:, 1] = X[:, 2]
    y = rng.standard_normal(10)
    X32 = X.astype(np.float32)
    fit = Ridge(alpha=0.0, solver="cholesky").fit(sparse.csr_matrix(X32), y)
    np.testing.assert_allclose(
        fit.predict(X32), _svd_reference(X32, y, 0.0), rtol=0, atol=1e-4
    )


def test_svd_cut_off_relative_to_the_uncentered_design():
    """[333] rank-deficient X with column means 1e4 times its spread: the
    stored rounding leaves singular values of 1e-12 (relative to the
    centered X) that a cut-off relative to the centered X alone inverted
    (coefficients 3e11)."""
    rng = np.random.default_rng(4)
    X = rng.standard_normal((8, 2)) @ rng.standard_normal((2, 20)) + 1e4
    y = rng.standard_normal(8)
    fit = Ridge(alpha=0.0, solver="svd").fit(X, y)
    assert np.abs(fit.coef_).max() < 10
    Xc = X - X.mean(axis=0)
    reference = np.linalg.lstsq(Xc, y - y.mean(), rcond=1e-10)[0]
    np.testing.assert_allclose(fit.coef_, reference, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("shape", [(4, 5), (6, 29)])
def test_iterative_solvers_center_large_offsets_explicitly(shape):
    """[302, 486] conjugate gradients at alpha = 0 with column means 1e3
    times the spread, centered implicitly, went into rounding directions
    (objective 50x the optimum)."""
    rng = np.random.default_rng(5)
    X = rng.standard_normal(shape) + 1e3 * rng.choice([-1, 1], shape[1])
    y = rng.standard_normal(shape[0])
    for solver in ("sparse_cg", "lsqr"):
        fit = _fit(solver, X, y)
        residual = y - fit.predict(X)
        assert residual @ residual < 1e-16 * (y @ y)  # p >= n: interpolation


def test_cg_unpenalized_wide_without_intercept_keeps_the_dual():
    """[561] alpha = 0, p > n, no intercept, weights over 12 decades: the
    dual system is consistent and its conjugate gradients interpolate, where
    the primal ones stopped 0.3 away (relative) on their tolerance."""
    rng = np.random.default_rng(6)
    X = rng.standard_normal((12, 14)) + rng.uniform(10, 1e3, 14)
    y = rng.standard_normal(12)
    sw = 10 ** rng.uniform(-6, 6, 12)
    fit = Ridge(alpha=0.0, solver="sparse_cg", fit_intercept=False, **TIGHT)
    fit.fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(fit.predict(X), y, rtol=1e-6)
