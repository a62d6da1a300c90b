"""The quadratic datafit's paths of the sparse penalties on the fast solver
(``skreg.linear_model._sparse_path``): the same solutions as the generic
solver within the stopping tolerance, dense = CSC, sample weights =
repetitions, and :class:`SparseRegressor` at a stationary point."""

import numpy as np
import pytest
from scipy import sparse

from skreg import SparseRegressor
from skreg.linear_model._sparse_path import penalized_path

PENALTIES = ["mcp", "scad", "lp", "adaptive_l1"]


def _problem(seed=0, n=100, p=60):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, p)
    X[:, 1:] = 0.4 * X[:, :-1] + np.sqrt(1 - 0.16) * X[:, 1:]
    y = X[:, :5] @ np.array([2.0, -2.0, 1.5, 3.0, -1.0]) + 0.3 * rng.randn(n)
    return np.asfortranarray(X), y


def _alphas(X, y, penalty):
    alpha_max = np.max(np.abs(X.T @ y)) / X.shape[0]
    return alpha_max * np.geomspace(1.0, 0.05, 8) * (0.3 if penalty == "lp" else 1)


@pytest.mark.parametrize("penalty", PENALTIES)
def test_fast_path_equals_the_generic_solver(penalty):
    X, y = _problem()
    alphas = _alphas(X, y, penalty)
    fast, scores, _ = penalized_path(
        X, y, datafit="quadratic", penalty=penalty, alphas=alphas, tol=1e-10
    )
    # Declaring no feature free (weights of one) keeps the generic solver.
    generic, _, _ = penalized_path(
        X, y, datafit="quadratic", penalty=penalty, alphas=alphas, tol=1e-10,
        free=np.zeros(X.shape[1], dtype=bool),
    )  # fmt: skip
    np.testing.assert_allclose(fast, generic, rtol=0, atol=1e-6 * np.abs(generic).max())
    assert np.count_nonzero(fast[:, -1]) >= 5


@pytest.mark.parametrize("penalty", PENALTIES)
def test_fast_path_dense_csc_and_weights_as_repetitions(penalty):
    X, y = _problem(1)
    alphas = _alphas(X, y, penalty)
    kw = {"datafit": "quadratic", "penalty": penalty, "alphas": alphas, "tol": 1e-10}
    dense, _, _ = penalized_path(X, y, **kw)
    csc, _, _ = penalized_path(sparse.csc_matrix(X), y, **kw)
    np.testing.assert_allclose(csc, dense, rtol=1e-9, atol=1e-12)
    reps = np.random.RandomState(2).randint(1, 4, X.shape[0])
    weighted, _, _ = penalized_path(X, y, sample_weight=reps.astype(float), **kw)
    repeated, _, _ = penalized_path(
        np.asfortranarray(np.repeat(X, reps, axis=0)), np.repeat(y, reps), **kw
    )
    np.testing.assert_allclose(weighted, repeated, rtol=0, atol=1e-8)


@pytest.mark.parametrize("penalty", ["mcp", "scad"])
def test_sparse_regressor_fit_is_stationary(penalty):
    X, y = _problem(3)
    n = X.shape[0]
    alpha = 0.1 * np.max(np.abs(X.T @ y)) / n
    model = SparseRegressor(
        penalty=penalty, alpha=alpha, fit_intercept=False, tol=1e-10
    ).fit(X, y)
    coef = model.coef_
    grad = -X.T @ (y - X @ coef) / n
    gamma = model.gamma
    a, s = np.abs(coef), np.sign(coef)
    if penalty == "mcp":
        slope = s * np.maximum(alpha - a / gamma, 0.0)
    else:
        slope = s * np.where(
            a <= alpha, alpha, np.maximum(gamma * alpha - a, 0.0) / (gamma - 1)
        )
    nz = coef != 0
    atol = 1e-8 * np.max(np.abs(X.T @ y)) / n
    np.testing.assert_allclose(-grad[nz], slope[nz], rtol=0, atol=atol)
    assert np.all(np.abs(grad[~nz]) <= alpha + atol)
    assert 5 <= np.count_nonzero(coef) < X.shape[1]
