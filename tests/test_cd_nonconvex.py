"""MCP, SCAD and Lp on the fast quadratic solver (``skreg._cd.enet_path_cd``
with ``penalty=``): ``1/2 ||y - Xc w||^2 + pen_scale sum_j pen_j(w_j)``.
First-order conditions at the solution, equality with the generic solver
(``glm_path_cd``) within the stopping tolerance, dense = CSC, the Lasso as
MCP's gamma -> infinity, validation."""

import numpy as np
import pytest
from scipy import sparse
from skreg._cd import enet_path_cd, glm_path_cd

SHAPES = {"mcp": {"gamma": 3.0}, "scad": {"gamma": 3.7}, "lp": {"exponent": 0.5}}


def _problem(seed=0, n=120, p=80, k=6, rho=0.3):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, p)
    X[:, 1:] = rho * X[:, :-1] + np.sqrt(1 - rho**2) * X[:, 1:]
    beta = np.zeros(p)
    beta[rng.choice(p, k, replace=False)] = rng.choice([-2.0, 2.0], k)
    y = X @ beta + 0.5 * rng.randn(n)
    return np.asfortranarray(X), y


def _fast_path(X, y, penalty, alphas, *, tol, weights=None, positive=False, mean=None):
    n, p = X.shape
    coefs, scores, _, converged = enet_path_cd(
        X, y, np.ones(n), np.zeros(p) if mean is None else mean,
        np.asarray(alphas, dtype=np.float64), np.zeros(len(alphas)), np.zeros(p),
        tol_abs=tol, max_iter=100_000, penalty=penalty, pen_scale=float(n),
        weights=weights, positive=positive, **SHAPES[penalty],
    )  # fmt: skip
    assert converged.all()
    assert np.all(scores <= tol)
    return coefs


def _derivative(penalty, w, alpha, gamma=3.0, exponent=0.5):
    """pen'(w) at w != 0."""
    a, s = np.abs(w), np.sign(w)
    if penalty == "mcp":
        return s * np.maximum(alpha - a / gamma, 0.0)
    if penalty == "scad":
        return s * np.where(
            a <= alpha, alpha, np.maximum(gamma * alpha - a, 0.0) / (gamma - 1)
        )
    return s * alpha * exponent * a ** (exponent - 1.0)


def _alphas(X, y, num=6, ratio=0.05):
    alpha_max = np.max(np.abs(X.T @ y)) / X.shape[0]
    return alpha_max * np.geomspace(1.0, ratio, num)


@pytest.mark.parametrize("penalty", ["mcp", "scad"])
def test_first_order_conditions_at_the_solution(penalty):
    # Clarke stationarity of 1/(2n) ||y - X w||^2 + pen(w), in mean units.
    X, y = _problem()
    n = X.shape[0]
    alphas = _alphas(X, y)
    tol = 1e-9 * np.max(np.abs(X.T @ y))
    coefs = _fast_path(X, y, penalty, alphas, tol=tol)
    for coef, alpha in zip(coefs, alphas, strict=True):
        grad = -X.T @ (y - X @ coef) / n
        nz = coef != 0
        extra = SHAPES[penalty]
        np.testing.assert_allclose(
            -grad[nz], _derivative(penalty, coef[nz], alpha, **extra),
            rtol=0, atol=tol / n * 1.0001,
        )  # fmt: skip
        assert np.all(np.abs(grad[~nz]) <= alpha + tol / n)
    assert np.count_nonzero(coefs[-1]) > 0


def test_lp_is_a_fixed_point_of_coordinate_descent():
    X, y = _problem(1)
    n = X.shape[0]
    alphas = _alphas(X, y, num=4, ratio=0.1) * 0.3
    tol = 1e-9 * np.max(np.abs(X.T @ y))
    coefs = _fast_path(X, y, "lp", alphas, tol=tol)
    lip = np.sum(X * X, axis=0)
    for coef, alpha in zip(coefs, alphas, strict=True):
        grad = -X.T @ (y - X @ coef)
        nz = coef != 0
        # nonzero coordinates: the derivative vanishes
        np.testing.assert_allclose(
            -grad[nz], n * _derivative("lp", coef[nz], alpha), rtol=0,
            atol=2 * tol,
        )  # fmt: skip
        # zero ones: below the scalar prox's threshold for the step n / L_j
        mu = n * alpha / lip[~nz]
        # p = 1/2: tau = (2 - p) / (2 - 2p) (2 mu (1 - p))^(1 / (2 - p))
        tau = 1.5 * mu ** (2.0 / 3.0)
        assert np.all(np.abs(grad[~nz]) / lip[~nz] <= tau * (1 + 1e-9))


@pytest.mark.parametrize("penalty", ["mcp", "scad", "lp"])
def test_equals_the_generic_solver(penalty):
    X, y = _problem(2)
    n = X.shape[0]
    alphas = _alphas(X, y, num=8, ratio=0.05 if penalty != "lp" else 0.02)
    if penalty == "lp":
        alphas = alphas * 0.3
    tol = 1e-10 * np.max(np.abs(X.T @ y)) / n
    fast = _fast_path(X, y, penalty, alphas, tol=tol * n)
    generic, _, _, converged = glm_path_cd(
        X, y, np.full(n, 1.0 / n), alphas, np.zeros(X.shape[1]),
        datafit="quadratic", penalty=penalty, tol_abs=tol, max_iter=10_000,
        **SHAPES[penalty],
    )  # fmt: skip
    assert converged.all()
    np.testing.assert_allclose(fast, generic, rtol=0, atol=1e-6 * np.abs(generic).max())


@pytest.mark.parametrize("penalty", ["mcp", "scad", "lp"])
def test_dense_and_csc_agree(penalty):
    rng = np.random.RandomState(3)
    X = rng.randn(90, 150) * (rng.rand(90, 150) < 0.3)
    y = X[:, :5] @ np.array([3.0, -2.0, 2.0, 1.5, -3.0]) + 0.2 * rng.randn(90)
    alphas = _alphas(X, y, num=5, ratio=0.05)
    if penalty == "lp":
        alphas = alphas * 0.3
    tol = 1e-8 * np.max(np.abs(X.T @ y))
    dense = _fast_path(np.asfortranarray(X), y, penalty, alphas, tol=tol)
    csc = _fast_path(sparse.csc_matrix(X), y, penalty, alphas, tol=tol)
    np.testing.assert_allclose(csc, dense, rtol=1e-9, atol=1e-12)


def test_mcp_with_huge_gamma_is_the_lasso():
    X, y = _problem(4)
    n = X.shape[0]
    alphas = _alphas(X, y, num=5)
    tol = 1e-12 * np.max(np.abs(X.T @ y))
    mcp, *_ = enet_path_cd(
        X, y, np.ones(n), np.zeros(X.shape[1]), alphas, np.zeros(5),
        np.zeros(X.shape[1]), tol_abs=tol, max_iter=100_000, penalty="mcp",
        gamma=1e12, pen_scale=float(n),
    )  # fmt: skip
    lasso, *_ = enet_path_cd(
        X, y, np.ones(n), np.zeros(X.shape[1]), n * alphas, np.zeros(5),
        np.zeros(X.shape[1]), tol_abs=1e-14 * (y @ y), max_iter=100_000,
    )  # fmt: skip
    np.testing.assert_allclose(mcp, lasso, rtol=0, atol=1e-8 * np.abs(lasso).max())


def test_bad_arguments_raise():
    X, y = _problem()
    n, p = X.shape
    args = (X, y, np.ones(n), np.zeros(p), [0.1], [0.0], np.zeros(p))
    kw = {"tol_abs": 1e-4, "max_iter": 10}
    with pytest.raises(ValueError, match="penalty must be one of"):
        enet_path_cd(*args, penalty="l0", **kw)
    with pytest.raises(ValueError, match="gamma"):
        enet_path_cd(*args, penalty="scad", gamma=1.5, **kw)
    with pytest.raises(ValueError, match="gamma"):
        enet_path_cd(*args, penalty="mcp", gamma=0.0, **kw)
    with pytest.raises(ValueError, match="exponent"):
        enet_path_cd(*args, penalty="lp", exponent=1.0, **kw)
    with pytest.raises(ValueError, match="pen_scale"):
        enet_path_cd(*args, penalty="mcp", pen_scale=-1.0, **kw)
    with pytest.raises(ValueError, match="l2s"):
        enet_path_cd(X, y, np.ones(n), np.zeros(p), [0.1], [0.1], np.zeros(p),
                     penalty="mcp", **kw)  # fmt: skip
