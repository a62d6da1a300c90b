"""The generic datafit x penalty solver (skreg._cd.glm_path_cd) and its
private path, ``skreg.linear_model._lasso._glm_path``: logistic L1 against
liblinear, optimality (KKT and duality gap), the quadratic datafit against
Lasso, sample weights, dense/CSC, validation."""

import numpy as np
import pytest
from scipy import sparse
from sklearn.datasets import load_breast_cancer
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from skreg._cd import (
    _glm_deferred_counts,
    _glm_single_dot_counts,
    _set_glm_single_dots,
    glm_path_cd,
)

from skreg.linear_model import ElasticNet
from skreg.linear_model._lasso import _glm_path


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    return np.asfortranarray(X), np.where(y == 1, 1.0, -1.0)


def _logistic_gradient(X, y, w, sample_weight=None):
    s = np.ones_like(y) if sample_weight is None else sample_weight
    margin = y * (X @ w)
    return X.T @ (-s * y / (1.0 + np.exp(margin)))


def _logistic_objective(X, y, w, alpha):
    return np.sum(np.logaddexp(0.0, -y * (X @ w))) + alpha * np.abs(w).sum()


@pytest.mark.parametrize("C", [0.05, 0.3, 1.0])
def test_logistic_l1_equals_liblinear(cancer, C):
    X, y = cancer
    coefs, _, _, converged = _glm_path(
        X, y, datafit="logistic", alphas=[1.0 / C], tol=1e-12, max_iter=5000
    )
    assert converged.all()
    ref = LogisticRegression(
        l1_ratio=1, solver="liblinear", fit_intercept=False, C=C, tol=1e-12,
        max_iter=100_000,
    ).fit(X, (y > 0).astype(int))  # fmt: skip
    ours = coefs[:, 0]
    assert np.max(np.abs(ours - ref.coef_.ravel())) <= 1e-7 * np.max(np.abs(ours))
    # Same objective (C scaling: alpha = 1 / C), ours no worse.
    assert _logistic_objective(X, y, ours, 1 / C) <= _logistic_objective(
        X, y, ref.coef_.ravel(), 1 / C
    ) * (1 + 1e-12)


@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("penalty", ["l1", "elasticnet"])
def test_logistic_kkt_and_duality_gap_at_solution(cancer, penalty, positive):
    X, y = cancer
    alpha, l1_ratio = 15.0, 0.7 if penalty == "elasticnet" else 1.0
    sw = np.random.RandomState(0).uniform(0.5, 2.0, X.shape[0])
    coefs, gaps, _, converged = _glm_path(
        X, y, datafit="logistic", alphas=[alpha], penalty=penalty,
        l1_ratio=l1_ratio, sample_weight=sw, positive=positive, tol=1e-15,
        max_iter=5000,
    )  # fmt: skip
    w = coefs[:, 0]
    assert converged.all() and gaps[0] <= 1e-15 * sw.sum() * np.log(2)
    grad = _logistic_gradient(X, y, w, sw) + alpha * (1 - l1_ratio) * w
    l1 = alpha * l1_ratio
    on = w != 0
    assert 0 < on.sum() < X.shape[1]
    np.testing.assert_allclose(grad[on], -l1 * np.sign(w[on]), atol=1e-6)
    if positive:
        assert np.all(w >= 0) and np.all(grad[~on] >= -l1 - 1e-6)
    else:
        assert np.all(np.abs(grad[~on]) <= l1 + 1e-6)


@pytest.mark.parametrize("penalty", ["l1", "elasticnet"])
def test_screening_keeps_the_solution_on_a_wide_problem(penalty):
    # 60 x 400: at a tight tol gap-safe screening drops most features; the
    # result still satisfies KKT on every feature, screened ones included,
    # and equals liblinear's (L1), along a warm-started path as in one fit.
    rng = np.random.RandomState(0)
    X = np.asfortranarray(rng.standard_normal((60, 400)))
    y = np.where(X[:, :5].sum(axis=1) + rng.standard_normal(60) > 0, 1.0, -1.0)
    alpha_max = np.max(np.abs(X.T @ y)) / 2
    alphas = alpha_max * np.array([0.5, 0.2])
    l1_ratio = 0.8 if penalty == "elasticnet" else 1.0
    path, _, _, converged = _glm_path(
        X, y, datafit="logistic", alphas=alphas, penalty=penalty,
        l1_ratio=l1_ratio, tol=1e-14, max_iter=5000,
    )  # fmt: skip
    assert converged.all()
    for k, alpha in enumerate(alphas):
        w = path[:, k]
        grad = _logistic_gradient(X, y, w) + alpha * (1 - l1_ratio) * w
        on = w != 0
        assert 0 < on.sum() < 40
        np.testing.assert_allclose(
            grad[on], -alpha * l1_ratio * np.sign(w[on]), atol=1e-6
        )
        assert np.all(np.abs(grad[~on]) <= alpha * l1_ratio + 1e-6)
    if penalty == "l1":
        ref = LogisticRegression(
            l1_ratio=1, solver="liblinear", fit_intercept=False, C=1 / alphas[-1],
            tol=1e-12, max_iter=100_000,
        ).fit(X, (y > 0).astype(int))  # fmt: skip
        w = path[:, -1]
        assert np.max(np.abs(w - ref.coef_.ravel())) <= 1e-6 * np.max(np.abs(w))


def test_quadratic_datafit_equals_lasso_and_elastic_net():
    rng = np.random.RandomState(0)
    X = np.asfortranarray(rng.randn(60, 90))
    y = X[:, :5] @ rng.randn(5) + 0.1 * rng.randn(60)
    n = X.shape[0]
    for l1_ratio, penalty in [(1.0, "l1"), (0.6, "elasticnet")]:
        ref = ElasticNet(
            alpha=0.05, l1_ratio=l1_ratio, fit_intercept=False, tol=1e-14,
            max_iter=100_000,
        ).fit(X, y)  # fmt: skip
        # Lasso's 1/(2n) scaling: the generic objective's alpha is n alpha.
        for design in (X, sparse.csc_matrix(X)):
            coefs, _, _, _ = _glm_path(
                design, y, datafit="quadratic", penalty=penalty,
                l1_ratio=l1_ratio, alphas=[0.05 * n], tol=1e-14, max_iter=5000,
            )  # fmt: skip
            err = np.max(np.abs(coefs[:, 0] - ref.coef_))
            assert err <= 1e-9 * np.max(np.abs(ref.coef_))


def test_sample_weights_equal_repeated_samples(cancer):
    X, y = cancer
    X, y = X[:200], y[:200]
    counts = np.random.RandomState(1).randint(0, 3, X.shape[0])
    weighted, _, _, _ = _glm_path(
        X, y, datafit="logistic", alphas=[2.0], sample_weight=counts, tol=1e-13,
        max_iter=5000,
    )  # fmt: skip
    repeated, _, _, _ = _glm_path(
        np.repeat(X, counts, axis=0), np.repeat(y, counts), datafit="logistic",
        alphas=[2.0], tol=1e-13, max_iter=5000,
    )  # fmt: skip
    np.testing.assert_allclose(weighted, repeated, rtol=1e-6, atol=1e-9)


def test_path_warm_starts_and_matches_single_fits(cancer):
    X, y = cancer
    alphas = [40.0, 10.0, 2.0]
    path, _, _, _ = _glm_path(X, y, datafit="logistic", alphas=alphas, tol=1e-12)
    for k, alpha in enumerate(alphas):
        single, _, _, _ = _glm_path(X, y, datafit="logistic", alphas=[alpha], tol=1e-12)
        np.testing.assert_allclose(path[:, k], single[:, 0], rtol=1e-6, atol=1e-8)
    assert np.count_nonzero(path[:, 0]) < np.count_nonzero(path[:, -1])


def test_dense_and_csc_agree(cancer):
    X, y = cancer
    Xs = X.copy()
    Xs[np.abs(Xs) < 0.5] = 0.0
    dense, _, _, _ = _glm_path(Xs, y, datafit="logistic", alphas=[3.0], tol=1e-12)
    csc, _, _, _ = _glm_path(
        sparse.csc_matrix(Xs), y, datafit="logistic", alphas=[3.0], tol=1e-12
    )
    np.testing.assert_allclose(csc, dense, rtol=1e-9, atol=1e-12)


def test_not_converged_warns(cancer):
    X, y = cancer
    with pytest.warns(ConvergenceWarning, match="Duality gap"):
        _glm_path(X, y, datafit="logistic", alphas=[0.01], tol=1e-14, max_iter=2)


def test_kernel_validates_its_arguments(cancer):
    X, y = cancer
    w = np.zeros(X.shape[1])
    kwargs = {"tol_abs": 1e-6, "max_iter": 10}
    with pytest.raises(ValueError, match="labels in"):
        glm_path_cd(
            X, y * 2, None, [1.0], w, datafit="logistic", penalty="l1", **kwargs
        )
    with pytest.raises(ValueError, match="datafit must be"):
        glm_path_cd(X, y, None, [1.0], w, datafit="poisson", penalty="l1", **kwargs)
    with pytest.raises(ValueError, match="penalty must be"):
        glm_path_cd(X, y, None, [1.0], w, datafit="logistic", penalty="l0", **kwargs)
    with pytest.raises(ValueError, match="sample_weight"):
        glm_path_cd(
            X, y, -np.ones_like(y), [1.0], w, datafit="logistic", penalty="l1",
            **kwargs,
        )  # fmt: skip
    with pytest.raises(ValueError, match="non-negative"):
        glm_path_cd(X, y, None, [-1.0], w, datafit="logistic", penalty="l1", **kwargs)


def test_weighted_l1_scales_each_feature_and_zero_means_unpenalized(cancer):
    X, y = cancer
    p = X.shape[1]
    weights = np.random.RandomState(2).uniform(0.5, 2.0, p)
    weights[:3] = 0.0
    alpha = 20.0
    coefs, gaps, _, converged = _glm_path(
        X, y, datafit="logistic", penalty="weighted_l1", penalty_weights=weights,
        alphas=[alpha], tol=1e-15, max_iter=5000,
    )  # fmt: skip
    w = coefs[:, 0]
    assert converged.all()
    grad = _logistic_gradient(X, y, w)
    level = alpha * weights
    # Unpenalized features: zero gradient, whatever the alpha.
    np.testing.assert_allclose(grad[:3], 0.0, atol=1e-6)
    on = (w != 0) & (weights > 0)
    np.testing.assert_allclose(grad[on], -level[on] * np.sign(w[on]), atol=1e-6)
    assert np.all(np.abs(grad[w == 0]) <= level[w == 0] + 1e-6)
    # Weighted L1 = L1 on the columns divided by the weights (positive ones).
    Xs = np.asfortranarray(X[:, 3:] / weights[3:])
    ref, _, _, _ = _glm_path(
        np.column_stack([X[:, :3], Xs]), y, datafit="logistic",
        penalty="weighted_l1", penalty_weights=np.r_[0, 0, 0, np.ones(p - 3)],
        alphas=[alpha], tol=1e-15, max_iter=5000,
    )  # fmt: skip
    np.testing.assert_allclose(ref[3:, 0] / weights[3:], w[3:], atol=1e-7)
    # All weights one is the L1 penalty.
    ones, _, _, _ = _glm_path(
        X, y, datafit="logistic", penalty="weighted_l1",
        penalty_weights=np.ones(p), alphas=[alpha], tol=1e-13,
    )  # fmt: skip
    plain, _, _, _ = _glm_path(X, y, datafit="logistic", alphas=[alpha], tol=1e-13)
    np.testing.assert_allclose(ones, plain, rtol=1e-7, atol=1e-10)


def _logistic_certified_gap(X, y, w, alpha, l1_ratio, sample_weight):
    """The duality gap at w for the dual point ``c * grad`` with the best
    feasible scaling c, computed here independently of the kernel."""
    s = np.ones_like(y) if sample_weight is None else sample_weight
    z = X @ w
    q = 1.0 / (1.0 + np.exp(y * z))  # sigma(-y z), the scaled dual in [0, 1]
    xtg = X.T @ (-s * y * q)
    l1, l2 = alpha * l1_ratio, alpha * (1.0 - l1_ratio)
    c = 1.0 if l2 > 0 else min(1.0, l1 / np.max(np.abs(xtg)))
    cq = c * q
    conjugate = s * (
        np.where(cq > 0, cq * np.log(np.where(cq > 0, cq, 1.0)), 0.0)
        + np.where(cq < 1, (1 - cq) * np.log(np.where(cq < 1, 1 - cq, 1.0)), 0.0)
    )
    pen_conj = 0.0
    if l2 > 0:
        pen_conj = np.sum(np.maximum(np.abs(c * xtg) - l1, 0.0) ** 2) / (2 * l2)
    primal = np.sum(s * np.logaddexp(0.0, -y * z)) + l1 * np.abs(w).sum()
    primal += 0.5 * l2 * w @ w
    return primal + conjugate.sum() + pen_conj


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.6])
@pytest.mark.parametrize("fmt", ["dense", "csc"])
@pytest.mark.parametrize("tol", [1e-4, 1e-2])
def test_warm_started_path_gaps_are_certified(l1_ratio, weighted, fmt, tol):
    # A wide problem along a fine path: each returned point must carry a gap
    # that a numpy recomputation confirms, the path's warm starts, screening
    # and deferred dots notwithstanding.  At the moderate tolerance every
    # deferred dot waits for the first pass after a Newton step; at the
    # loose one some warm starts end their solve, on dots taken to certify.
    rng = np.random.RandomState(3)
    n, p = 120, 600
    X = rng.standard_normal((n, p))
    X[rng.uniform(size=X.shape) < 0.5] = 0.0
    signal = X[:, :8] @ rng.standard_normal(8) + rng.standard_normal(n)
    y = np.where(signal > 0, 1.0, -1.0)
    sw = rng.uniform(0.5, 2.0, n) if weighted else None
    total = n if sw is None else sw.sum()
    grad0 = X.T @ (-(np.ones(n) if sw is None else sw) * y / 2)
    alpha_max = np.max(np.abs(grad0)) / l1_ratio
    alphas = alpha_max * np.geomspace(1.0, 0.02, 40)
    tol_abs = tol * total * np.log(2)
    design = np.asfortranarray(X) if fmt == "dense" else sparse.csc_matrix(X)
    _glm_deferred_counts(reset=True)
    coefs, gaps, _, converged = glm_path_cd(
        design, y, sw, alphas, np.zeros(p), datafit="logistic",
        penalty="l1" if l1_ratio == 1.0 else "elasticnet", l1_ratio=l1_ratio,
        tol_abs=tol_abs, max_iter=1000,
    )  # fmt: skip
    deferred, taken = _glm_deferred_counts(reset=True)
    assert deferred > 0
    if tol == 1e-2:
        assert taken > 0
    assert converged.all()
    assert np.count_nonzero(coefs[-1]) > 10
    for w, alpha, gap in zip(coefs, alphas, gaps, strict=True):
        true_gap = _logistic_certified_gap(X, y, w, alpha, l1_ratio, sw)
        assert true_gap <= gap + 1e-9 * total
        assert true_gap <= tol_abs * (1 + 1e-9)


@pytest.mark.parametrize("fit_intercept", [False, True])
def test_warm_started_path_sparse_equals_dense(fit_intercept):
    rng = np.random.RandomState(4)
    n, p = 150, 400
    X = rng.standard_normal((n, p)) + (1.0 if fit_intercept else 0.0)
    X[rng.uniform(size=X.shape) < 0.7] = 0.0
    y = np.where(X[:, :5].sum(axis=1) + rng.standard_normal(n) > 0.5, 1.0, -1.0)
    sw = rng.uniform(0.5, 2.0, n)
    alphas = np.max(np.abs(X.T @ (sw * y / 2))) * np.geomspace(0.9, 0.02, 25)
    n_coef = p + int(fit_intercept)
    kwargs = {
        "datafit": "logistic", "penalty": "elasticnet", "l1_ratio": 0.8,
        "tol_abs": 1e-12, "max_iter": 1000, "fit_intercept": fit_intercept,
    }  # fmt: skip
    dense, *_, ok_dense = glm_path_cd(
        np.asfortranarray(X), y, sw, alphas, np.zeros(n_coef), **kwargs
    )
    csc, *_, ok_csc = glm_path_cd(
        sparse.csc_matrix(X), y, sw, alphas, np.zeros(n_coef), **kwargs
    )
    assert ok_dense.all() and ok_csc.all()
    # The small alphas are nearly separable (flat objective): the objectives
    # agree to rounding, the coefficients to the conditioning's accuracy.
    for w_csc, w_dense, alpha in zip(csc, dense, alphas, strict=True):
        objs = []
        for w in (w_csc, w_dense):
            z = X @ w[:p] + (w[p] if fit_intercept else 0.0)
            pen = alpha * (0.8 * np.abs(w[:p]).sum() + 0.1 * w[:p] @ w[:p])
            objs.append(np.sum(sw * np.logaddexp(0.0, -y * z)) + pen)
        assert abs(objs[0] - objs[1]) <= 1e-11 * objs[1]
        np.testing.assert_allclose(w_csc, w_dense, atol=1e-5 * np.abs(w_dense).max())


@pytest.mark.parametrize("penalty", ["l1", "elasticnet"])
@pytest.mark.parametrize("fmt", ["dense", "csc"])
def test_path_jump_refreshes_the_lazy_bound(penalty, fmt):
    # Two close alphas (the features screened at the first are only bounded
    # at the second), then a jump (the bound goes stale: every dot is taken
    # afresh), then a close one again: each point equals a cold single fit.
    rng = np.random.RandomState(5)
    n, p = 100, 500
    X = rng.standard_normal((n, p))
    X[rng.uniform(size=X.shape) < 0.3] = 0.0
    y = np.where(X[:, :6] @ rng.standard_normal(6) > 0, 1.0, -1.0)
    l1_ratio = 1.0 if penalty == "l1" else 0.7
    alpha_max = np.max(np.abs(X.T @ (y / 2))) / l1_ratio
    alphas = alpha_max * np.array([0.7, 0.68, 0.08, 0.078])
    design = np.asfortranarray(X) if fmt == "dense" else sparse.csc_matrix(X)
    kwargs = {
        "datafit": "logistic", "penalty": penalty, "l1_ratio": l1_ratio,
        "tol_abs": 1e-11, "max_iter": 1000,
    }  # fmt: skip
    path, gaps, _, converged = glm_path_cd(
        design, y, None, alphas, np.zeros(p), **kwargs
    )
    assert converged.all()
    for w, alpha, gap in zip(path, alphas, gaps, strict=True):
        single, *_ = glm_path_cd(design, y, None, [alpha], np.zeros(p), **kwargs)
        objs = [
            np.sum(np.logaddexp(0.0, -y * (X @ v)))
            + alpha * (l1_ratio * np.abs(v).sum() + (1 - l1_ratio) / 2 * v @ v)
            for v in (w, single[0])
        ]
        assert abs(objs[0] - objs[1]) <= 1e-12 * objs[1] + 2e-11
        assert _logistic_certified_gap(X, y, w, alpha, l1_ratio, None) <= gap + 1e-12
    assert np.count_nonzero(path[0]) < np.count_nonzero(path[-1])


def _wide_logistic_path(scale=1.0):
    # A dense path on which the float32 copy's dots certify most features
    # (n <= 16,000: the copy is taken) and the support grows to dozens.
    rng = np.random.RandomState(6)
    n, p = 200, 1500
    X = rng.standard_normal((n, p))
    y = np.where(X[:, :10] @ rng.standard_normal(10) + rng.standard_normal(n) > 0,
                 1.0, -1.0)  # fmt: skip
    alpha_max = np.max(np.abs(X.T @ (y / 2)))
    alphas = alpha_max * np.geomspace(1.0, 0.05, 30)
    return X * scale, y, alphas * scale


@pytest.mark.parametrize("l1_ratio", [1.0, 0.6])
def test_float32_dots_certify_the_same_path(l1_ratio):
    # The float32 copy of X spares the float64 dots of the features it
    # proves below their level: the path's points carry gaps that numpy
    # confirms, and equal the path computed with float64 dots only.
    X, y, alphas = _wide_logistic_path()
    penalty = "l1" if l1_ratio == 1.0 else "elasticnet"
    kwargs = {
        "datafit": "logistic", "penalty": penalty, "l1_ratio": l1_ratio,
        "tol_abs": 1e-8, "max_iter": 1000,
    }  # fmt: skip
    _glm_single_dot_counts(reset=True)
    single, gaps, _, converged = glm_path_cd(
        np.asfortranarray(X), y, None, alphas, np.zeros(X.shape[1]), **kwargs
    )
    certified, _ = _glm_single_dot_counts(reset=True)
    assert converged.all()
    assert certified > 3 * X.shape[1]
    _set_glm_single_dots(False)
    try:
        double, *_ = glm_path_cd(
            np.asfortranarray(X), y, None, alphas, np.zeros(X.shape[1]), **kwargs
        )
    finally:
        _set_glm_single_dots(True)
    assert _glm_single_dot_counts(reset=True) == (0, 0)
    assert np.count_nonzero(single[-1]) > 20
    for w, w64, alpha, gap in zip(single, double, alphas, gaps, strict=True):
        true_gap = _logistic_certified_gap(X, y, w, alpha, l1_ratio, None)
        assert true_gap <= gap + 1e-12 * X.shape[0]
        assert true_gap <= 1e-8 * (1 + 1e-9)
        objs = [
            np.sum(np.logaddexp(0.0, -y * (X @ v)))
            + alpha * (l1_ratio * np.abs(v).sum() + (1 - l1_ratio) / 2 * v @ v)
            for v in (w, w64)
        ]
        assert abs(objs[0] - objs[1]) <= 2e-8


def test_float32_copy_declined_out_of_its_range():
    # Columns whose norms fall below 1e-30 would lose their relative
    # precision in float32 (subnormals): the path reads X in float64, and
    # solves the problem that rescaling X (with alpha, inversely the
    # coefficients) leaves unchanged.
    scale = 1e-32
    X, y, alphas = _wide_logistic_path()
    Xs, _, alphas_s = _wide_logistic_path(scale)
    kwargs = {"datafit": "logistic", "penalty": "l1", "tol_abs": 1e-9,
              "max_iter": 1000}  # fmt: skip
    _glm_single_dot_counts(reset=True)
    scaled, *_, ok_scaled = glm_path_cd(
        np.asfortranarray(Xs), y, None, alphas_s, np.zeros(X.shape[1]), **kwargs
    )
    assert _glm_single_dot_counts(reset=True) == (0, 0)
    plain, *_, ok_plain = glm_path_cd(
        np.asfortranarray(X), y, None, alphas, np.zeros(X.shape[1]), **kwargs
    )
    assert _glm_single_dot_counts(reset=True)[0] > 0
    assert ok_scaled.all() and ok_plain.all()
    for w_s, w, alpha in zip(scaled, plain, alphas, strict=True):
        objs = [_logistic_objective(X, y, v, alpha) for v in (w_s * scale, w)]
        assert abs(objs[0] - objs[1]) <= 2e-9


@pytest.mark.parametrize("scale", [1e20, 1e-22])
def test_float32_model_hands_over_out_of_its_range(scale):
    # Columns of 1e20 (their squares overflow float32) or 1e-22 (they
    # underflow to zero) leave the float32 Newton model without curvature:
    # the float64 model takes over, and the rescaled problem (alpha with X,
    # the coefficients inversely) is solved as the plain one.
    X, y, alphas = _wide_logistic_path()
    Xs, _, alphas_s = _wide_logistic_path(scale)
    kwargs = {"datafit": "logistic", "penalty": "l1", "tol_abs": 1e-9,
              "max_iter": 1000}  # fmt: skip
    for a in (slice(None), slice(25, 26)):  # the path and a single fit
        scaled, *_, ok_scaled = glm_path_cd(
            np.asfortranarray(Xs), y, None, alphas_s[a], np.zeros(X.shape[1]),
            **kwargs,
        )  # fmt: skip
        plain, *_, ok_plain = glm_path_cd(
            np.asfortranarray(X), y, None, alphas[a], np.zeros(X.shape[1]),
            **kwargs,
        )  # fmt: skip
        assert ok_scaled.all() and ok_plain.all()
        assert np.count_nonzero(scaled[-1]) > 5
        for w_s, w, alpha in zip(scaled, plain, alphas[a], strict=True):
            objs = [_logistic_objective(X, y, v, alpha) for v in (w_s * scale, w)]
            assert abs(objs[0] - objs[1]) <= 2e-9
