"""The nonconvex penalties of the engine (skreg/_penalties.pxd): MCP, SCAD
and Lp.  Their scalar prox against a brute-force minimization, the
solver's fits against the penalties' first-order conditions, and the
lowest-objective SCAD path of SparseRegressorIC."""

import warnings

import numpy as np
import pytest
from scipy.optimize import brentq
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import KFold
from skreg._cd import glm_path_cd
from skreg._penalty_functions import (
    penalty_prox,
    penalty_subdiff_distance,
    penalty_value,
)

from skreg import SparseRegressorCV, SparseRegressorIC
from skreg.linear_model._sparse_path import (
    penalized_path,
    scad_lowest_objective_path,
)

# --- independent oracles: each penalty written out from its definition ----


def _value(penalty, u, alpha, gamma=3.0, p=0.5):
    a = np.abs(u)
    if penalty == "mcp":
        return np.where(
            a <= gamma * alpha, alpha * a - a**2 / (2 * gamma), gamma * alpha**2 / 2
        )
    if penalty == "scad":
        middle = (2 * gamma * alpha * a - a**2 - alpha**2) / (2 * (gamma - 1))
        return np.where(
            a <= alpha,
            alpha * a,
            np.where(a <= gamma * alpha, middle, alpha**2 * (gamma + 1) / 2),
        )
    return alpha * a**p


def _derivative(penalty, u, alpha, gamma=3.0, p=0.5):
    """pen'(u) for u != 0."""
    a, s = abs(u), np.sign(u)
    if penalty == "mcp":
        return s * max(alpha - a / gamma, 0.0)
    if penalty == "scad":
        if a <= alpha:
            return s * alpha
        return s * max(gamma * alpha - a, 0.0) / (gamma - 1)
    return s * alpha * p * a ** (p - 1)


def _brute_prox(penalty, z, step, **kw):
    """Global minimizer of (u - z)^2 / (2 step) + pen(u): a fine grid finds
    the basin, a root of the derivative inside it the point (0, where the
    penalty has its kink, is a candidate of its own)."""

    def f(u):
        return (u - z) ** 2 / (2 * step) + _value(penalty, u, **kw)

    def df(u):
        return (u - z) / step + _derivative(penalty, u, **kw)

    grid = np.linspace(min(0.0, z) - 1.0, max(0.0, z) + 1.0, 400_001)
    i = int(np.argmin(f(grid)))
    candidates = []
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    for a, b in ((lo, grid[i]), (grid[i], hi)):
        if a * b > 0 and df(a) * df(b) < 0:
            candidates.append(brentq(df, a, b, xtol=1e-15, rtol=1e-15))
    candidates += [0.0, grid[i]]
    # f cannot tell points 1e-8 apart near its minimum: the stationary
    # points go first and win unless another candidate is clearly lower.
    best = min(f(u) for u in candidates)
    return next(u for u in candidates if f(u) <= best + 1e-13 * (1 + abs(best)))


SHAPES = [
    ("mcp", {"gamma": 3.0}),
    ("mcp", {"gamma": 1.2}),
    ("mcp", {"gamma": 0.5}),
    ("scad", {"gamma": 3.7}),
    ("scad", {"gamma": 2.5}),
    ("lp", {"p": 0.5}),
    ("lp", {"p": 2 / 3}),
    ("lp", {"p": 0.3}),
    ("lp", {"p": 0.85}),
]


@pytest.mark.parametrize(("penalty", "shape"), SHAPES)
def test_prox_equals_brute_force_minimization(penalty, shape):
    alpha = 0.7
    # steps below and above gamma (MCP) and gamma - 1 (SCAD): the convex
    # and the nonconvex scalar problems; z off the thresholds' ties
    for step in (0.3, 1.0, 2.0, 5.0):
        zs = np.linspace(-4.0, 4.0, 41) + 0.0123
        got = penalty_prox(penalty, zs, step, alpha=alpha, **shape)
        want = [_brute_prox(penalty, z, step, alpha=alpha, **shape) for z in zs]
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-10)


@pytest.mark.parametrize(("penalty", "shape"), SHAPES)
def test_value_matches_definition(penalty, shape):
    u = np.linspace(-5, 5, 201)
    np.testing.assert_allclose(
        penalty_value(penalty, u, alpha=0.7, **shape),
        _value(penalty, u, alpha=0.7, **shape),
        rtol=1e-14,
        atol=1e-15,
    )


def test_positive_prox_is_the_constrained_minimizer():
    zs = np.linspace(-3, 3, 31) + 0.01
    for penalty in ("mcp", "scad", "lp"):
        got = penalty_prox(penalty, zs, 1.0, alpha=0.5, positive=True)
        free = penalty_prox(penalty, zs, 1.0, alpha=0.5)
        np.testing.assert_array_equal(got, np.where(zs > 0, free, 0.0))


def test_lp_prox_near_threshold_and_tiny_alpha():
    # just above the jump the closed forms meet the Newton polish
    for p in (0.5, 2 / 3, 0.4):
        mu = 0.8
        tau = (2 - p) / (2 - 2 * p) * (2 * mu * (1 - p)) ** (1 / (2 - p))
        for z in (tau * (1 + 1e-9), tau * (1 + 1e-4), tau * 1.5):
            u = penalty_prox("lp", z, 1.0, alpha=mu, p=p)
            assert u > 0
            assert abs(u - z + mu * p * u ** (p - 1)) < 1e-12 * z
        assert penalty_prox("lp", tau * (1 - 1e-9), 1.0, alpha=mu, p=p) == 0
    assert penalty_prox("lp", 1.3, 1.0, alpha=0.0, p=0.5) == 1.3


def test_bad_shape_parameters_raise():
    with pytest.raises(ValueError, match="gamma > 2"):
        penalty_prox("scad", 1.0, 1.0, alpha=1.0, gamma=1.5)
    with pytest.raises(ValueError, match="0 < p < 1"):
        penalty_prox("lp", 1.0, 1.0, alpha=1.0, p=1.0)
    X = np.asfortranarray(np.eye(3))
    w = np.zeros(3)
    with pytest.raises(ValueError, match="gamma > 0"):
        glm_path_cd(X, np.ones(3), None, [0.1], w, datafit="quadratic",
                    penalty="mcp", gamma=0.0, tol_abs=1e-8, max_iter=10)  # fmt: skip
    with pytest.raises(ValueError, match="0 < p < 1"):
        glm_path_cd(X, np.ones(3), None, [0.1], w, datafit="quadratic",
                    penalty="lp", exponent=1.5, tol_abs=1e-8, max_iter=10)  # fmt: skip


# --- the solver ----------------------------------------------------------


def _problem(seed=0, n=80, p=120, datafit="quadratic"):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X /= np.sqrt((X**2).mean(axis=0))
    beta = np.zeros(p)
    beta[:6] = [3, -2, 1.5, 1, -1, 0.5]
    z = X @ beta
    if datafit == "quadratic":
        y = z + 0.5 * rng.standard_normal(n)
    else:
        # weak signals: on separable supports MCP and SCAD (flat beyond
        # gamma alpha) would have no logistic minimizer
        y = np.where(rng.random(n) < 1 / (1 + np.exp(-z / 4)), 1.0, -1.0)
    return np.asfortranarray(X), y


@pytest.mark.parametrize("datafit", ["quadratic", "logistic"])
@pytest.mark.parametrize(
    ("penalty", "shape"),
    [("mcp", {"gamma": 3.0}), ("scad", {"gamma": 3.7}), ("lp", {"exponent": 0.5})],
)
def test_fit_satisfies_first_order_conditions(datafit, penalty, shape):
    X, y = _problem(datafit=datafit, n=80 if datafit == "quadratic" else 400)
    n = X.shape[0]
    s = np.full(n, 1.0 / n)
    alphas = np.geomspace(0.3, 0.03, 8) * (0.25 if datafit == "logistic" else 1)
    if penalty == "lp":
        alphas *= 0.3
    w = np.zeros(X.shape[1])
    coefs, scores, _, converged = glm_path_cd(
        X, y, s, alphas, w, datafit=datafit, penalty=penalty,
        tol_abs=1e-10, max_iter=500, **shape,
    )  # fmt: skip
    assert converged.all()
    assert np.all(scores <= 1e-10)
    kw = {"gamma": shape.get("gamma", 3.0), "p": shape.get("exponent", 0.5)}
    for alpha, coef in zip(alphas, coefs, strict=True):
        z = X @ coef
        if datafit == "quadratic":
            grad = X.T @ (s * (z - y))
        else:
            grad = X.T @ (-s * y / (1 + np.exp(y * z)))
        # stationarity: -grad_j = pen'(w_j) on the support; |grad_j| <= alpha
        # off it for MCP and SCAD (Clarke's subdifferential at 0)
        support = coef != 0
        assert support.sum() > 0
        residual = [
            grad[j] + _derivative(penalty, coef[j], alpha, **kw)
            for j in np.flatnonzero(support)
        ]
        np.testing.assert_allclose(residual, 0, atol=1e-8)
        if penalty != "lp":
            assert np.all(np.abs(grad[~support]) <= alpha * (1 + 1e-8))
        dist = penalty_subdiff_distance(penalty, coef, grad, alpha=alpha, **kw)
        assert np.max(dist) <= 1e-8


def test_mcp_with_huge_gamma_is_the_lasso():
    X, y = _problem(seed=1)
    n = X.shape[0]
    s = np.full(n, 1.0 / n)
    alphas = np.geomspace(0.5, 0.02, 10)
    common = {"datafit": "quadratic", "tol_abs": 1e-13, "max_iter": 1000}
    lasso, *_ = glm_path_cd(X, y, s, alphas, np.zeros(X.shape[1]), penalty="l1",
                            **common)  # fmt: skip
    mcp, *_ = glm_path_cd(X, y, s, alphas, np.zeros(X.shape[1]), penalty="mcp",
                          gamma=1e12, **common)  # fmt: skip
    np.testing.assert_allclose(mcp, lasso, rtol=0, atol=1e-8)
    # while a moderate gamma debiases the coefficients: along the same path,
    # where both select the true support (alphas[2]), every MCP coefficient
    # is larger in magnitude than the Lasso's
    debiased, *_ = glm_path_cd(X, y, s, alphas, np.zeros(X.shape[1]),
                               penalty="mcp", gamma=3.0, **common)  # fmt: skip
    for coefs in (debiased, lasso):
        np.testing.assert_array_equal(np.flatnonzero(coefs[2]), np.arange(6))
    assert np.all(np.abs(debiased[2, :6]) > np.abs(lasso[2, :6]))


def test_sparse_and_dense_agree():
    from scipy import sparse

    X, y = _problem(seed=2)
    X[np.abs(X) < 0.8] = 0
    Xs = sparse.csc_matrix(X)
    Xs.indices = Xs.indices.astype(np.int32)
    Xs.indptr = Xs.indptr.astype(np.int32)
    s = np.full(X.shape[0], 1.0 / X.shape[0])
    for penalty in ("mcp", "scad", "lp"):
        out = []
        for design in (np.asfortranarray(X), Xs):
            coefs, *_ = glm_path_cd(design, y, s, [0.2, 0.1], np.zeros(X.shape[1]),
                                    datafit="quadratic", penalty=penalty,
                                    tol_abs=1e-12, max_iter=500)  # fmt: skip
            out.append(coefs)
        np.testing.assert_allclose(out[0], out[1], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("datafit", ["quadratic", "logistic"])
@pytest.mark.parametrize(
    ("penalty", "shape"),
    [("mcp", {"gamma": 3.0}), ("scad", {"gamma": 3.7}), ("lp", {"exponent": 0.5})],
)
def test_intercept_coordinate_first_order_conditions(datafit, penalty, shape):
    # The solver's free intercept coordinate (fit_intercept=True) on columns
    # far from zero mean: the fit is stationary in every feature and in the
    # intercept.
    X, y = _problem(datafit=datafit, n=80 if datafit == "quadratic" else 400)
    X = np.asfortranarray(X + np.linspace(-3, 3, X.shape[1]))
    n, p = X.shape
    s = np.full(n, 1.0 / n)
    alphas = np.geomspace(0.3, 0.05, 6) * (0.25 if datafit == "logistic" else 1)
    if datafit == "quadratic":
        y = y + 2.0
    if penalty == "lp":
        alphas *= 0.3
    common = {"datafit": datafit, "penalty": penalty, "max_iter": 500, **shape}
    w = np.zeros(p + 1)
    coefs, scores, _, converged = glm_path_cd(
        X, y, s, alphas, w, tol_abs=1e-10, fit_intercept=True, **common
    )
    assert converged.all()
    assert np.all(scores <= 1e-10)
    kw = {"gamma": shape.get("gamma", 3.0), "p": shape.get("exponent", 0.5)}
    for alpha, coef in zip(alphas, coefs, strict=True):
        z = X @ coef[:p] + coef[p]
        if datafit == "quadratic":
            residual = s * (z - y)
        else:
            residual = -s * y / (1 + np.exp(y * z))
        grad = X.T @ residual
        assert abs(residual.sum()) <= 1e-10
        support = np.flatnonzero(coef[:p])
        assert support.size > 0
        on_support = [
            grad[j] + _derivative(penalty, coef[j], alpha, **kw) for j in support
        ]
        np.testing.assert_allclose(on_support, 0, atol=1e-8)


# --- SCAD's lowest-objective path (the selection classes' path) -----------


def _correlated_problem(seed=2, n=40, p=120, rho=0.5):
    """AR(1) columns, 6 unit coefficients, noise at SNR 2, centered: a
    design on which SCAD's ordinary path passes through poor local minima."""
    rng = np.random.default_rng(seed)
    X = np.empty((n, p))
    X[:, 0] = rng.standard_normal(n)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * rng.standard_normal(n)
    beta = np.zeros(p)
    beta[np.round(np.linspace(0, p - 1, 6)).astype(int)] = 1.0
    y = X @ beta + np.sqrt(3.0) * rng.standard_normal(n)
    return np.asfortranarray(X - X.mean(axis=0)), y - y.mean()


def test_scad_lowest_objective_path_is_stationary_and_below_the_ordinary_path():
    X, y = _correlated_problem()
    n = X.shape[0]
    gamma = 2.5
    alpha_max = np.max(np.abs(X.T @ y)) / n
    alphas = np.geomspace(alpha_max, 0.05 * alpha_max, 15)
    coefs, objectives, _ = scad_lowest_objective_path(
        X, y, alphas=alphas, gamma=gamma, tol=1e-10
    )
    ordinary, _, _ = penalized_path(
        X, y, datafit="quadratic", penalty="scad", alphas=alphas, gamma=gamma,
        tol=1e-10,
    )  # fmt: skip

    def objective(coef, alpha):
        r = y - X @ coef
        return r @ r / (2 * n) + np.sum(_value("scad", coef, alpha, gamma=gamma))

    kept = np.array([objective(c, a) for c, a in zip(coefs.T, alphas, strict=True)])
    plain = np.array([objective(c, a) for c, a in zip(ordinary.T, alphas, strict=True)])
    np.testing.assert_allclose(objectives, kept, rtol=1e-12)
    assert np.all(kept <= plain + 1e-12 * plain)
    # the starts matter here: clearly lower at several alphas
    assert np.count_nonzero(kept < plain - 1e-3 * plain) >= 3
    for alpha, coef in zip(alphas, coefs.T, strict=True):
        grad = X.T @ (X @ coef - y) / n
        support = coef != 0
        on_support = [
            grad[j] + _derivative("scad", coef[j], alpha, gamma=gamma)
            for j in np.flatnonzero(support)
        ]
        np.testing.assert_allclose(on_support, 0, atol=1e-8)
        assert np.all(np.abs(grad[~support]) <= alpha * (1 + 1e-8))
        dist = penalty_subdiff_distance("scad", coef, grad, alpha=alpha, gamma=gamma)
        assert np.max(dist) <= 1e-8


def test_scad_ic_scores_the_lowest_objective_path_and_cv_the_ordinary_one():
    X, y = _correlated_problem()
    n, gamma, sigma2 = X.shape[0], 2.5, 3.0
    alpha_max = np.max(np.abs(X.T @ y)) / n
    alphas = np.geomspace(alpha_max, 0.05 * alpha_max, 15)
    common = {"gamma": gamma, "alphas": alphas, "fit_intercept": False}
    ic = SparseRegressorIC("scad", noise_variance=sigma2, **common).fit(X, y)
    coefs, _, _ = scad_lowest_objective_path(X, y, alphas=alphas, gamma=gamma)
    ordinary, _, _ = penalized_path(
        X, y, datafit="quadratic", penalty="scad", alphas=alphas, gamma=gamma
    )

    def bic(coefs):
        rss = np.sum((y[:, None] - X @ coefs) ** 2, axis=0)
        df = np.count_nonzero(coefs, axis=0)
        return n * np.log(2 * np.pi * sigma2) + rss / sigma2 + np.log(n) * df

    np.testing.assert_allclose(ic.criterion_, bic(coefs), rtol=1e-10)
    assert not np.allclose(ic.criterion_, bic(ordinary), rtol=1e-6)
    best = np.argmin(ic.criterion_)
    np.testing.assert_allclose(ic.coef_, coefs[:, best], rtol=1e-12, atol=1e-14)
    # the CV class keeps the ordinary path: on each fold, and refitted
    # down to the chosen alpha
    folds = list(KFold(3).split(X))
    cv = SparseRegressorCV("scad", cv=folds, **common).fit(X, y)

    def held_out_mse(path):
        mse = []
        for train, test in folds:
            fold_coefs = path(np.asfortranarray(X[train]), y[train])
            mse.append(np.mean((y[test, None] - X[test] @ fold_coefs) ** 2, axis=0))
        return np.column_stack(mse)

    lowest = held_out_mse(
        lambda Xt, yt: scad_lowest_objective_path(Xt, yt, alphas=alphas, gamma=gamma)[0]
    )
    plain = held_out_mse(
        lambda Xt, yt: penalized_path(
            Xt, yt, datafit="quadratic", penalty="scad", alphas=alphas, gamma=gamma
        )[0]
    )
    np.testing.assert_allclose(cv.mse_path_, plain, rtol=1e-10)
    assert not np.allclose(cv.mse_path_, lowest, rtol=1e-6)
    chosen = np.flatnonzero(alphas == cv.alpha_)[0]
    np.testing.assert_allclose(cv.coef_, ordinary[:, chosen], rtol=1e-12, atol=1e-14)


def test_scad_lowest_objective_path_warns_once_when_not_converged():
    X, y = _correlated_problem()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        SparseRegressorIC("scad", gamma=2.5, alphas=15, max_iter=2).fit(X, y)
    messages = [w for w in caught if issubclass(w.category, ConvergenceWarning)]
    assert len(messages) == 1
    assert "did not converge at" in str(messages[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        SparseRegressorIC("scad", gamma=2.5, alphas=15).fit(X, y)
