"""Fitting on a large Fortran-ordered float64 X makes no hidden copy of X.

numpy reports its allocations to tracemalloc, so the traced peak during
``fit`` bounds every temporary the fit allocates (X itself and y are made
before tracing starts).  The budget is 10 % of X's size: vectors of length
n_samples or n_features and a small Gram matrix fit in it, a copy of X
(or of one of its halves) does not.
"""

import tracemalloc
import warnings

import numpy as np
import pytest

from skreg import ElasticNet, Lasso, Ridge

N_SAMPLES, N_FEATURES = 5000, 200  # X is 8 MB; budget 0.8 MB; Gram 0.32 MB


def _problem(center):
    rng = np.random.default_rng(0)
    X = np.asfortranarray(rng.standard_normal((N_SAMPLES, N_FEATURES)))
    if not center:
        # Exactly zero column means: nothing to center.
        X -= X.mean(axis=0)
    y = X[:, :10] @ rng.standard_normal(10) + rng.standard_normal(N_SAMPLES)
    return X, y


def _peak_during_fit(estimator, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator.fit(X[:50], y[:50])  # warm imports and caches
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            estimator.fit(X, y)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return peak - before


@pytest.mark.parametrize(
    "estimator, center",
    [
        (Lasso(alpha=0.05), False),
        (Lasso(alpha=0.05, fit_intercept=False), False),
        (Lasso(alpha=0.05), True),
        (Lasso(alpha=0.05, copy_X=False), True),
        (ElasticNet(alpha=0.05, copy_X=False), True),
        (Ridge(alpha=1.0, copy_X=False), True),
        (Ridge(alpha=1.0, copy_X=False, fit_intercept=False), False),
        (Ridge(alpha=1.0, copy_X=False, solver="lsqr"), True),
        (Ridge(alpha=1.0, copy_X=False, solver="cg"), True),
    ],
    ids=lambda v: repr(v) if not isinstance(v, bool) else f"center={v}",
)
def test_fit_allocates_no_copy_of_X(estimator, center):
    X, y = _problem(center)
    X_before = X.copy()
    extra = _peak_during_fit(estimator, X, y)
    assert extra <= 0.10 * X.nbytes, f"{extra / X.nbytes:.1%} of X"
    if isinstance(estimator, ElasticNet) and not estimator.copy_X and center:
        # scikit-learn's copy_X=False: X is centered in place, not copied.
        np.testing.assert_allclose(X, X_before - X_before.mean(axis=0), atol=1e-12)
    else:
        # Ridge's copy_X=False leaves X unmodified when it centers implicitly.
        np.testing.assert_array_equal(X, X_before)


def test_support_solve_workspace_stays_within_budget():
    # Strongly correlated columns at a small alpha: coordinate descent is
    # slow and the exact support solve runs.  Its workspace (the support
    # columns in float64 and their Gram) is allocated with PyMem_RawMalloc,
    # which tracemalloc sees, and must keep the fit within the budget.
    from skreg import _cd

    rng = np.random.default_rng(1)
    n, p, rho = 1000, 3000, 0.95  # X is 24 MB; budget 2.4 MB
    X = np.empty((n, p), order="F")
    X[:, 0] = rng.standard_normal(n)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * rng.standard_normal(n)
    y = X[:, ::60] @ rng.standard_normal(50) + 0.5 * rng.standard_normal(n)
    alpha = 0.05 * np.max(np.abs(X.T @ (y - y.mean()))) / n
    model = Lasso(alpha=alpha, tol=1e-12, max_iter=100_000)
    extra = _peak_during_fit(model, X, y)
    assert extra <= 0.10 * X.nbytes, f"{extra / X.nbytes:.1%} of X"
    # The solve did run: without it coordinate descent takes more epochs.
    with_solve = model.n_iter_
    _cd._set_support_newton(False)
    try:
        without = Lasso(alpha=alpha, tol=1e-12, max_iter=100_000).fit(X, y).n_iter_
    finally:
        _cd._set_support_newton(True)
    assert with_solve < without
