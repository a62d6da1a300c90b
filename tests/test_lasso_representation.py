"""Dense and sparse input of the same data follow the same solver decisions.

Lasso, ElasticNet, LassoCV, ElasticNetCV, lasso_path and enet_path give the
same answer to 1e-9 relative for a dense array and its CSC copy, at loose
and tight ``tol`` alike (the solver takes the same steps; only the rounding
of the column dots differs).
"""

import numpy as np
import pytest
from scipy import sparse

from skreg.linear_model import (
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    enet_path,
    lasso_path,
)

RTOL = 1e-9


def _problem(n, p, density, seed=0):
    rng = np.random.RandomState(seed)
    X = sparse.random(n, p, density=density, random_state=rng, format="csc")
    X.data = rng.randn(X.nnz) + 1.0
    coef = np.zeros(p)
    coef[: max(3, p // 10)] = rng.randn(max(3, p // 10)) * 2
    y = X @ coef + 0.3 * rng.randn(n) + 2.0
    return X, y


# Tall (the Gram solver's shape for precompute="auto") and wide problems.
PROBLEMS = {"tall": (300, 40, 0.2), "wide": (80, 300, 0.1)}


def _close(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = max(np.max(np.abs(b)), 1e-300)
    assert np.max(np.abs(a - b)) <= RTOL * scale, np.max(np.abs(a - b)) / scale


@pytest.mark.parametrize("shape", PROBLEMS)
@pytest.mark.parametrize("tol", [1e-2, 1e-6])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("Estimator", [Lasso, ElasticNet])
def test_single_fits_agree(Estimator, weighted, tol, shape):
    X, y = _problem(*PROBLEMS[shape])
    sw = np.random.RandomState(5).uniform(0.5, 2, X.shape[0]) if weighted else None
    kwargs = {"alpha": 0.02, "tol": tol}
    dense = Estimator(**kwargs).fit(X.toarray(), y, sample_weight=sw)
    csc = Estimator(**kwargs).fit(X, y, sample_weight=sw)
    _close(csc.coef_, dense.coef_)
    _close(csc.intercept_, dense.intercept_)


@pytest.mark.parametrize("shape", PROBLEMS)
@pytest.mark.parametrize("tol", [1e-2, 1e-6])
@pytest.mark.parametrize("Estimator", [LassoCV, ElasticNetCV])
def test_cv_estimators_agree(Estimator, tol, shape):
    X, y = _problem(*PROBLEMS[shape])
    kwargs = {"cv": 3, "alphas": 12, "tol": tol}
    if Estimator is ElasticNetCV:
        kwargs["l1_ratio"] = [0.5, 0.9]
    dense = Estimator(**kwargs).fit(X.toarray(), y)
    csc = Estimator(**kwargs).fit(X, y)
    _close(csc.alpha_, dense.alpha_)
    _close(csc.alphas_, dense.alphas_)
    _close(csc.mse_path_, dense.mse_path_)
    _close(csc.coef_, dense.coef_)
    _close(csc.intercept_, dense.intercept_)


@pytest.mark.parametrize("shape", PROBLEMS)
@pytest.mark.parametrize("tol", [1e-2, 1e-6])
@pytest.mark.parametrize("path", [lasso_path, enet_path])
def test_paths_agree(path, tol, shape):
    X, y = _problem(*PROBLEMS[shape])
    dense = path(X.toarray(), y, alphas=15, tol=tol)
    csc = path(X, y, alphas=15, tol=tol)
    _close(csc[0], dense[0])
    _close(csc[1], dense[1])
