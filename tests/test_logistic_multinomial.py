"""Multinomial LogisticRegression (K >= 3) and its kernel
``skreg._cd_multinomial``: equal to scikit-learn's on the same objective,
KKT at the solution (entrywise and group penalties), sample weights, sparse
equals dense, float32, warm starts, the group penalty's exact zero rows and
its reductions, the kernel's input validation."""

import warnings

import numpy as np
import pytest
from scipy import sparse
from scipy.special import log_softmax, softmax
from sklearn import linear_model as sk
from sklearn.datasets import load_digits, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler
from skreg._cd_multinomial import multinomial_path_cd

from skreg import LogisticRegression, logistic_regression_path


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    X = X[:, X.std(axis=0) > 0]
    return StandardScaler().fit_transform(X), y


@pytest.fixture(scope="module")
def digits_head(digits):
    """The first 500 samples: scikit-learn's saga reaches tight tolerances
    there in seconds."""
    X, y = digits
    return X[:500], y[:500]


def _weights(n, seed=0):
    return np.random.RandomState(seed).uniform(0.2, 3.0, n)


def _loss_gradients(X, y, classes, coef, intercept, s):
    """Gradients of sum_i s_i (-log softmax(x_i W + b)_{y_i}) in coef_
    (K x p) and in the intercepts."""
    Y = (y[:, None] == classes[None, :]).astype(float)
    Z = X @ coef.T + intercept
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    R = s[:, None] * (P / P.sum(axis=1, keepdims=True) - Y)
    return (X.T @ R).T, R.sum(axis=0)


def _assert_entrywise_kkt(G, g_b, coef, C, l1_ratio, rel=1e-6):
    l1, l2 = l1_ratio / C, (1 - l1_ratio) / C
    unit = l1 if l1 > 0 else l2 * np.abs(coef).max()
    G = G + l2 * coef
    on = coef != 0
    np.testing.assert_allclose(G[on], -l1 * np.sign(coef[on]), atol=rel * unit)
    assert np.all(np.abs(G[~on]) <= l1 + rel * unit)
    assert np.abs(g_b).max() <= rel * unit


def _assert_group_kkt(G, g_b, coef, C, l1_ratio, rel=1e-6):
    """Per feature j (column of coef_): -(G_j + l2 W_j) = l1 W_j / ||W_j|| if
    W_j != 0, else ||G_j|| <= l1."""
    l1, l2 = l1_ratio / C, (1 - l1_ratio) / C
    G = G + l2 * coef
    norms = np.linalg.norm(coef, axis=0)
    on = norms > 0
    np.testing.assert_allclose(
        G[:, on], -l1 * coef[:, on] / norms[on], atol=rel * l1, rtol=0
    )
    assert np.all(np.linalg.norm(G[:, ~on], axis=0) <= l1 * (1 + rel))
    assert np.abs(g_b).max() <= rel * l1


def _relative_error(ours, ref):
    return np.max(np.abs(ours - ref)) / np.max(np.abs(ref))


# --------------------------------------------------------------------------
# equal to scikit-learn
# --------------------------------------------------------------------------


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_l1_and_elastic_net_equal_saga_without_intercept(
    digits_head, l1_ratio, weighted
):
    X, y = digits_head
    sw = _weights(X.shape[0]) if weighted else None
    params = {"l1_ratio": l1_ratio, "C": 0.05, "fit_intercept": False}
    ours = LogisticRegression(solver="saga", tol=1e-14, **params)
    ours.fit(X, y, sample_weight=sw)
    ref = sk.LogisticRegression(solver="saga", tol=1e-11, max_iter=10**5, **params)
    ref.fit(X, y, sample_weight=sw)
    assert ours.coef_.shape == (10, X.shape[1])
    assert 0 < np.count_nonzero(ours.coef_) < ours.coef_.size
    assert _relative_error(ours.coef_, ref.coef_) <= 1e-6
    assert np.all(ours.intercept_ == 0)


def test_l1_with_intercept_equals_saga(digits_head):
    X, y = digits_head
    params = {"l1_ratio": 1.0, "C": 0.05, "solver": "saga"}
    ours = LogisticRegression(tol=1e-14, **params).fit(X, y)
    ref = sk.LogisticRegression(tol=1e-11, max_iter=10**5, **params).fit(X, y)
    scale = max(np.abs(ref.coef_).max(), np.abs(ref.intercept_).max())
    assert np.abs(ours.coef_ - ref.coef_).max() <= 1e-6 * scale
    assert np.abs(ours.intercept_ - ref.intercept_).max() <= 1e-6 * scale


def test_integer_weights_equal_repeated_samples(digits_head):
    # With an intercept (where saga is too slow to give a tight weighted
    # reference): weights 0..3 are the samples repeated that many times.
    X, y = digits_head
    sw = np.random.RandomState(7).randint(0, 4, X.shape[0])
    params = {"l1_ratio": 0.7, "C": 0.05, "solver": "saga", "tol": 1e-14}
    weighted = LogisticRegression(**params).fit(X, y, sample_weight=sw)
    repeated = LogisticRegression(**params).fit(
        np.repeat(X, sw, axis=0), np.repeat(y, sw)
    )
    scale = np.abs(repeated.coef_).max()
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, atol=1e-7 * scale)
    np.testing.assert_allclose(
        weighted.intercept_, repeated.intercept_, atol=1e-7 * scale
    )


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [False, True])
def test_l2_equals_newton_cholesky(digits_head, fit_intercept, weighted):
    # scikit-learn's lbfgs stops at gradients near 1e-5 on the digits, short
    # of 1e-6 relative accuracy; its newton-cholesky reaches rounding.
    X, y = digits_head
    sw = _weights(X.shape[0], 2) if weighted else None
    params = {"C": 0.1, "fit_intercept": fit_intercept}
    ours = LogisticRegression(tol=1e-14, **params).fit(X, y, sample_weight=sw)
    ref = sk.LogisticRegression(
        solver="newton-cholesky", tol=1e-14, max_iter=1000, **params
    )
    ref.fit(X, y, sample_weight=sw)
    scale = max(np.abs(ref.coef_).max(), np.abs(ref.intercept_).max())
    assert np.abs(ours.coef_ - ref.coef_).max() <= 1e-6 * scale
    assert np.abs(ours.intercept_ - ref.intercept_).max() <= 1e-6 * scale


# --------------------------------------------------------------------------
# optimality
# --------------------------------------------------------------------------


@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5, 0.0])
def test_entrywise_kkt_with_weights(digits, l1_ratio, fit_intercept):
    X, y = digits
    sw = _weights(X.shape[0], 3)
    C = 0.2
    # tol bounds the duality gap (relative to sum(sw) log K, here 6.6e3), not
    # the KKT residual: a residual delta needs a gap near delta^2 / (2 L),
    # L a coordinate's curvature (~1e2), so 1e-6 * l1 asks for a few 1e-14
    # absolute, below the 6.6e-11 that tol=1e-14 guarantees.  Without an L1
    # part the gap is about ||G + l2 W||^2 / (2 l2): the bound below (1e-6 of
    # l2 max|W|, about 7e-6) needs a gap under 5e-12; tol=1e-16 asks for it.
    clf = LogisticRegression(
        l1_ratio=l1_ratio, C=C, solver="saga",
        tol=1e-16 if l1_ratio == 0 else 1e-15,
        fit_intercept=fit_intercept,
    ).fit(X, y, sample_weight=sw)  # fmt: skip
    G, g_b = _loss_gradients(X, y, clf.classes_, clf.coef_, clf.intercept_, sw)
    if not fit_intercept:
        g_b = np.zeros_like(g_b)
    _assert_entrywise_kkt(G, g_b, clf.coef_, C, l1_ratio)
    if l1_ratio > 0:
        assert 0 < np.count_nonzero(clf.coef_) < clf.coef_.size


@pytest.mark.parametrize("l1_ratio", [1.0, 0.6])
def test_group_kkt_and_exact_zero_features(digits, l1_ratio):
    X, y = digits
    sw = _weights(X.shape[0], 5)
    C = 0.02
    clf = LogisticRegression(
        l1_ratio=l1_ratio, C=C, solver="saga", tol=1e-14, penalty_type="group"
    ).fit(X, y, sample_weight=sw)
    W = clf.coef_
    G, g_b = _loss_gradients(X, y, clf.classes_, W, clf.intercept_, sw)
    _assert_group_kkt(G, g_b, W, C, l1_ratio)
    # A feature is kept or dropped for all classes at once.
    nonzero = W != 0
    kept = nonzero.any(axis=0)
    assert 0 < kept.sum() < X.shape[1]
    assert np.all(nonzero[:, kept])
    assert np.all(W[:, ~kept] == 0.0)
    # The entrywise penalty at the same C zeroes entries, not features.
    entry = LogisticRegression(l1_ratio=l1_ratio, C=C, solver="saga", tol=1e-14)
    entry.fit(X, y, sample_weight=sw)
    partial = (entry.coef_ != 0).any(axis=0) & ~(entry.coef_ != 0).all(axis=0)
    assert partial.any()


@pytest.mark.parametrize("fmt", ["dense", "csc"])
def test_group_kkt_confident_without_intercept(digits_head, fmt):
    # A weak penalty: confident probabilities make the rows' K x K Hessians
    # nearly singular beyond the classes' common shift (their exact null
    # direction), which the block steps solve in.
    X, y = digits_head
    C = 5.0
    Xf = X if fmt == "dense" else sparse.csc_matrix(X)
    clf = LogisticRegression(
        l1_ratio=1.0, C=C, solver="saga", tol=1e-14, fit_intercept=False,
        max_iter=10_000, penalty_type="group",
    ).fit(Xf, y)  # fmt: skip
    W = clf.coef_
    G, _ = _loss_gradients(X, y, clf.classes_, W, 0.0, np.ones(X.shape[0]))
    _assert_group_kkt(G, np.zeros(1), W, C, 1.0)
    kept = np.linalg.norm(W, axis=0) > 0
    assert 0 < kept.sum() < X.shape[1]
    # The probabilities are confident indeed.
    assert np.median(clf.predict_proba(X).max(axis=1)) > 0.99


def test_group_reductions(digits):
    X, y = digits
    # Two classes: a feature's group is one coefficient, the group norm is
    # the L1 norm.
    binary = y < 2
    params = {"l1_ratio": 1.0, "C": 0.05, "solver": "saga", "tol": 1e-14}
    group = LogisticRegression(penalty_type="group", **params)
    group.fit(X[binary], y[binary])
    entry = LogisticRegression(**params).fit(X[binary], y[binary])
    np.testing.assert_array_equal(group.coef_, entry.coef_)
    # Without L1 (l1_ratio=0), both penalties are the same ridge.
    params = {"l1_ratio": 0.0, "C": 0.05, "tol": 1e-16}
    group = LogisticRegression(penalty_type="group", **params).fit(X, y)
    entry = LogisticRegression(**params).fit(X, y)
    np.testing.assert_allclose(group.coef_, entry.coef_, atol=1e-8)
    # Past C_min (the largest gradient row norm at zero) every feature is
    # dropped, just below it none is.
    Cs, coefs, _, _ = logistic_regression_path(
        X, y, Cs=3, l1_ratio=1.0, penalty_type="group", tol=1e-14, eps=0.5
    )
    assert np.all(np.abs(coefs[0]) <= 1e-10 * np.abs(coefs[-1]).max())
    assert np.linalg.norm(coefs[1], axis=0).max() > 0


# --------------------------------------------------------------------------
# the duality gap (the stopping rule)
# --------------------------------------------------------------------------


def _penalty(W, l1, l2, group):
    l1_part = np.linalg.norm(W, axis=0).sum() if group else np.abs(W).sum()
    return l1 * l1_part + 0.5 * l2 * (W * W).sum()


def _objective(X, y, s, W, b, l1, l2, group):
    logP = log_softmax(np.asarray(X @ W.T) + b, axis=1)
    loss = -np.sum(s * logP[np.arange(len(y)), y])
    return loss + _penalty(W, l1, l2, group)


def _numpy_gap(X, y, s, W, b, l1, l2, group, fit_intercept):
    """P(W, b) - D(theta) for the dual point of the kernel's construction:
    the residual s_i (e_{y_i} - p_i); with an intercept shifted to zero class
    sums and mixed with s_i (e_{y_i} - pi) back into the conjugate's domain;
    scaled into the L1 conjugate's domain when there is no L2 part.
    Computed as the difference of the two objectives, unlike the kernel."""
    K = W.shape[0]
    keep = s > 0
    X, y, s = X[keep], y[keep], s[keep]
    Y = (y[:, None] == np.arange(K)).astype(float)
    primal = _objective(X, y, s, W, b, l1, l2, group)
    P = softmax(np.asarray(X @ W.T) + b, axis=1)
    theta = s[:, None] * (Y - P)
    if fit_intercept:
        S = s.sum()
        pi = s @ Y / S
        theta -= s[:, None] * theta.sum(axis=0) / S
        Q = Y - theta / s[:, None]
        neg = Q < 0
        lam = np.max(-Q[neg] / (pi[None, :] - Q)[neg]) if neg.any() else 0.0
        theta = (1 - lam) * theta + lam * s[:, None] * (Y - pi)
    V = np.asarray(X.T @ theta)  # (p, K)
    norms = np.linalg.norm(V, axis=1) if group else np.abs(V)
    c = max(1.0, norms.max() / l1) if l2 == 0 else 1.0
    theta, norms = theta / c, norms / c
    Q = Y - theta / s[:, None]
    entropy = np.sum(s[:, None] * np.where(Q > 0, Q * np.log(np.where(Q > 0, Q, 1)), 0))
    pen_conj = 0.0
    if l2 > 0:
        pen_conj = np.sum(np.maximum(norms - l1, 0) ** 2) / (2 * l2)
    return primal - (-entropy - pen_conj), primal


@pytest.mark.parametrize("fmt", ["dense", "csc"])
@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize(
    "l1_ratio, group", [(1.0, False), (0.5, False), (1.0, True), (0.6, True)]
)
def test_kernel_gap_recomputed(digits_head, l1_ratio, group, fit_intercept, fmt):
    """The kernel stops at a duality gap below tol_abs: recomputed here from
    the returned (W, b), it is the kernel's and at most tol_abs, and it
    bounds the distance to a tight solve's objective."""
    X, y = digits_head
    X = np.asfortranarray(X)
    Xk = X if fmt == "dense" else sparse.csc_matrix(X)
    y32 = y.astype(np.int32)
    s = _weights(X.shape[0], 8)
    s[:20] = 0.0
    alpha = 10.0
    l1, l2 = alpha * l1_ratio, alpha * (1 - l1_ratio)
    tol_abs = 1e-6 * s.sum() * np.log(10)

    def solve(tol):
        W, b = np.zeros((10, X.shape[1])), np.zeros(10)
        return multinomial_path_cd(
            Xk, y32, s, np.array([alpha]), W, b, l1_ratio=l1_ratio, group=group,
            fit_intercept=fit_intercept, tol_abs=tol, max_iter=1000,
        )  # fmt: skip

    coefs, intercepts, gaps, _, converged = solve(tol_abs)
    W, b = coefs[0], intercepts[0]
    gap, primal = _numpy_gap(X, y, s, W, b, l1, l2, group, fit_intercept)
    assert converged[0] and 0 <= gaps[0] <= tol_abs
    np.testing.assert_allclose(gap, gaps[0], rtol=1e-6, atol=1e-9 * primal)
    tight = solve(1e-7 * tol_abs)
    best = _numpy_gap(X, y, s, tight[0][0], tight[1][0], l1, l2, group, fit_intercept)
    # (to the rounding of the objectives)
    assert -1e-12 * primal <= primal - best[1] <= gap


def test_unpenalized_stops_on_available_decrease(digits_head):
    """alpha = 0 has no dual point: the score is sum g^2 / (2 L) over the
    coordinates, L = sum_i s_i x_ij^2 / 4 (S / 4 for the intercepts)."""
    X, y = digits_head
    X = np.asfortranarray(X[:, :20])
    s = _weights(X.shape[0], 9)
    W, b = np.zeros((10, X.shape[1])), np.zeros(10)
    tol_abs = 1e-3
    coefs, intercepts, gaps, _, converged = multinomial_path_cd(
        X, y.astype(np.int32), s, np.array([0.0]), W, b, l1_ratio=1.0,
        group=False, fit_intercept=True, tol_abs=tol_abs, max_iter=1000,
    )  # fmt: skip
    G, g_b = _loss_gradients(X, y, np.arange(10), coefs[0], intercepts[0], s)
    L = (s @ X**2) / 4
    score = np.sum(G**2 / (2 * L)) + np.sum(g_b**2 / (2 * s.sum() / 4))
    assert converged[0] and score <= tol_abs
    np.testing.assert_allclose(gaps[0], score, rtol=1e-6)


# --------------------------------------------------------------------------
# gap-safe screening
# --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["dense", "csc"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [False, True])
@pytest.mark.parametrize(
    "l1_ratio, group", [(1.0, False), (0.5, False), (1.0, True), (0.6, True)]
)
def test_screening_keeps_the_solution(
    digits, l1_ratio, group, fit_intercept, weighted, fmt
):
    """Tight solves with and without screening reach the same objective; the
    screened coefficients are zero in the solve without screening, and
    screening fires."""
    X, y = digits
    X = np.asfortranarray(X)
    Xk = X if fmt == "dense" else sparse.csc_matrix(X)
    s = _weights(X.shape[0], 3) if weighted else np.ones(X.shape[0])
    alpha = 20.0
    l1, l2 = alpha * l1_ratio, alpha * (1 - l1_ratio)

    def solve(screen):
        W, b = np.zeros((10, X.shape[1])), np.zeros(10)
        return multinomial_path_cd(
            Xk, y.astype(np.int32), s, np.array([alpha]), W, b,
            l1_ratio=l1_ratio, group=group, fit_intercept=fit_intercept,
            tol_abs=1e-13 * s.sum(), max_iter=1000, screen=screen,
            return_screened=True,
        )  # fmt: skip

    on, off = solve(True), solve(False)
    assert on[4][0] and off[4][0]
    assert not off[5].any()
    screened = on[5][0]
    assert screened.any()
    objectives = [
        _objective(X, y, s, r[0][0], r[1][0], l1, l2, group) for r in (on, off)
    ]
    np.testing.assert_allclose(objectives[0], objectives[1], rtol=1e-10)
    assert np.all(on[0][0][screened] == 0)
    assert np.all(off[0][0][screened] == 0)


@pytest.mark.parametrize("fit_intercept, fmt", [(False, "dense"), (True, "csc")])
@pytest.mark.parametrize(
    "l1_ratio, group", [(1.0, False), (0.5, False), (1.0, True), (0.6, True)]
)
def test_model_extrapolation_accepted_and_same_solution(
    digits_head, l1_ratio, group, fit_intercept, fmt
):
    """Anderson extrapolation of the Newton model's CD is tried and accepted;
    the solve still stops at a duality gap (recomputed here) below tol_abs,
    at the solution of the solve without extrapolation: objectives within
    the two gaps, coefficients equal (to rounding under the L1 penalty; with
    an L2 part within the bound the gaps give, ``l2 / 2 ||W - W*||^2 <=
    gap``)."""
    from skreg._cd_multinomial import _multinomial_extrapolation_counts

    X, y = digits_head
    X = np.asfortranarray(X)
    Xk = X if fmt == "dense" else sparse.csc_matrix(X)
    s = _weights(X.shape[0], 8)
    alpha = 2.0
    l1, l2 = alpha * l1_ratio, alpha * (1 - l1_ratio)
    tol_abs = 1e-10 * s.sum()

    def solve(extrapolate):
        W, b = np.zeros((10, X.shape[1])), np.zeros(10)
        return multinomial_path_cd(
            Xk, y.astype(np.int32), s, np.array([alpha]), W, b,
            l1_ratio=l1_ratio, group=group, fit_intercept=fit_intercept,
            tol_abs=tol_abs, max_iter=1000, extrapolate=extrapolate,
        )  # fmt: skip

    _multinomial_extrapolation_counts(reset=True)
    on = solve(True)
    tried, accepted = _multinomial_extrapolation_counts(reset=True)
    off = solve(False)
    assert _multinomial_extrapolation_counts() == (0, 0)
    assert 0 < accepted <= tried
    assert on[4][0] and off[4][0]
    gap, primal = _numpy_gap(X, y, s, on[0][0], on[1][0], l1, l2, group, fit_intercept)
    assert 0 <= on[2][0] <= tol_abs
    np.testing.assert_allclose(gap, on[2][0], rtol=1e-6, atol=1e-9 * primal)
    primal_off = _objective(X, y, s, off[0][0], off[1][0], l1, l2, group)
    rounding = 1e-12 * primal
    assert abs(primal - primal_off) <= on[2][0] + off[2][0] + rounding
    W_on, W_off = on[0][0], off[0][0]
    if l2 > 0:
        bound = np.sqrt(2 * (on[2][0] + rounding) / l2)
        bound += np.sqrt(2 * (off[2][0] + rounding) / l2)
        assert np.linalg.norm(W_on - W_off) <= bound
    else:
        np.testing.assert_allclose(W_on, W_off, rtol=0, atol=1e-8 * np.abs(W_off).max())


# --------------------------------------------------------------------------
# storage, dtype, warm starts
# --------------------------------------------------------------------------


@pytest.mark.parametrize("penalty_type", ["entrywise", "group"])
@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_equals_dense(digits, fmt, penalty_type):
    X, y = digits
    X = np.where(np.abs(X) < 0.8, 0.0, X)
    sw = _weights(X.shape[0], 6)
    params = {
        "l1_ratio": 0.8,
        "C": 0.1,
        "solver": "saga",
        "tol": 1e-11,
        "penalty_type": penalty_type,
    }
    dense = LogisticRegression(**params).fit(X, y, sample_weight=sw)
    Xs = sparse.csr_matrix(X).asformat(fmt)
    sp = LogisticRegression(**params).fit(Xs, y, sample_weight=sw)
    scale = np.abs(dense.coef_).max()
    np.testing.assert_allclose(sp.coef_, dense.coef_, rtol=0, atol=1e-9 * scale)
    np.testing.assert_allclose(sp.intercept_, dense.intercept_, atol=1e-9 * scale)
    np.testing.assert_array_equal(sp.coef_ != 0, dense.coef_ != 0)


@pytest.mark.parametrize("penalty_type", ["entrywise", "group"])
def test_float32_kept_and_close_to_float64(digits, penalty_type):
    X, y = digits
    params = {"l1_ratio": 1.0, "C": 0.1, "solver": "saga", "tol": 1e-8}
    params["penalty_type"] = penalty_type
    ours32 = LogisticRegression(**params).fit(X.astype(np.float32), y)
    ours64 = LogisticRegression(**params).fit(X.astype(np.float32).astype(float), y)
    assert ours32.coef_.dtype == np.float32 and ours32.intercept_.dtype == np.float32
    scale = np.abs(ours64.coef_).max()
    np.testing.assert_allclose(ours32.coef_, ours64.coef_, atol=1e-5 * scale)
    proba = ours32.predict_proba(X.astype(np.float32))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)


@pytest.mark.parametrize("penalty_type", ["entrywise", "group"])
def test_warm_start_and_path(digits, penalty_type):
    X, y = digits
    params = {"l1_ratio": 1.0, "solver": "saga", "tol": 1e-14}
    params["penalty_type"] = penalty_type
    clf = LogisticRegression(C=0.1, **params).fit(X, y)
    n_cold = clf.n_iter_[0]
    clf.set_params(warm_start=True).fit(X, y)
    assert clf.n_iter_[0] < n_cold
    # A nearby C from the previous solution takes fewer Newton steps.
    clf.set_params(C=0.12).fit(X, y)
    cold = LogisticRegression(C=0.12, **params).fit(X, y)
    assert clf.n_iter_[0] < cold.n_iter_[0]
    np.testing.assert_allclose(
        clf.coef_, cold.coef_, atol=1e-7 * np.abs(cold.coef_).max()
    )
    # The path's solutions are the single fits'.
    path_params = {"l1_ratio": 1.0, "penalty_type": penalty_type, "tol": 1e-14}
    Cs, coefs, intercepts, n_iter = logistic_regression_path(
        X, y, Cs=[0.01, 0.05, 0.12], **path_params
    )
    np.testing.assert_allclose(
        coefs[-1], cold.coef_, atol=1e-7 * np.abs(cold.coef_).max()
    )
    np.testing.assert_allclose(
        intercepts[-1], cold.intercept_, atol=1e-7 * np.abs(cold.coef_).max()
    )


@pytest.mark.parametrize(
    "params",
    [
        {"l1_ratio": 0.0, "C": 150.0},
        {"l1_ratio": 0.0, "C": 1.0},
        {"l1_ratio": 0.5, "C": 0.1, "penalty_type": "group"},
    ],
)
def test_rows_of_zero_sum_where_the_optimum_has_them(digits_head, params):
    """Shifting a row of W by a constant leaves the loss unchanged: with an
    L2 (or group, or no) penalty the optimum is the row of zero sum, as
    scikit-learn's symmetric parametrization, and centering changes neither
    the probabilities nor (beyond tol) the objective."""
    X, y = digits_head
    X = X[:200, :12]
    y = y[:200]
    clf = LogisticRegression(solver="saga", tol=1e-6, max_iter=500, **params)
    clf.fit(X, y)
    np.testing.assert_allclose(clf.coef_.sum(axis=0), 0.0, atol=1e-12)
    assert abs(clf.intercept_.sum()) < 1e-12
    # The entrywise L1 optimum is not centered: no shift is imposed there.
    l1 = LogisticRegression(l1_ratio=1.0, C=0.05, solver="saga", tol=1e-8)
    l1.fit(X, y)
    assert np.abs(l1.coef_.sum(axis=0)).max() > 1e-3


def test_penalty_type_validated(digits):
    X, y = digits
    with pytest.raises(ValueError, match="penalty_type"):
        LogisticRegression(penalty_type="rows").fit(X, y)
    with pytest.raises(ValueError, match="penalty_type"):
        logistic_regression_path(X, y, penalty_type="rows")


# --------------------------------------------------------------------------
# the kernel
# --------------------------------------------------------------------------


def _kernel_args(n=30, p=4, K=3, seed=0):
    rng = np.random.RandomState(seed)
    X = np.asfortranarray(rng.standard_normal((n, p)))
    y = (np.arange(n) % K).astype(np.int32)
    return X, y, np.ones(n), np.array([1.0]), np.zeros((K, p)), np.zeros(K)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda a: {**a, "X": np.ascontiguousarray(a["X"])}, "Fortran"),
        (lambda a: {**a, "y": a["y"].astype(np.int64)}, "y must be"),
        (lambda a: {**a, "y": a["y"] + 1}, r"class indices in \[0, 3\)"),
        (lambda a: {**a, "sample_weight": -a["sample_weight"]}, "non-negative"),
        (lambda a: {**a, "W": np.zeros((3, 5))}, "shape"),
        (lambda a: {**a, "W": np.zeros((1, 4))}, "at least 2"),
        (lambda a: {**a, "W": np.zeros((4, 3)).T}, "C-contiguous"),
        (lambda a: {**a, "b": np.zeros(2)}, "b must be"),
        (lambda a: {**a, "alphas": np.array([-1.0])}, "non-negative"),
        (lambda a: {**a, "max_iter": 0}, "max_iter"),
        (lambda a: {**a, "l1_ratio": 1.5}, "l1_ratio"),
        (lambda a: {**a, "W": np.full((3, 4), np.nan)}, "finite"),
    ],
)
def test_kernel_rejects_bad_input(change, message):
    X, y, s, alphas, W, b = _kernel_args()
    args = {"X": X, "y": y, "sample_weight": s, "alphas": alphas, "W": W, "b": b}
    args.update(l1_ratio=1.0, max_iter=10)
    args = change(args)
    with pytest.raises(ValueError, match=message):
        multinomial_path_cd(
            args["X"], args["y"], args["sample_weight"], args["alphas"],
            args["W"], args["b"], l1_ratio=args["l1_ratio"], group=False,
            fit_intercept=True, tol_abs=1e-8, max_iter=args["max_iter"],
        )  # fmt: skip


def test_kernel_path_warm_starts_and_zero_at_alpha_max():
    X, y, s, _, W, b = _kernel_args(n=60, p=6)
    alphas = np.array([1e6, 5.0, 1.0])
    coefs, intercepts, violations, n_iters, converged = multinomial_path_cd(
        X, y, s, alphas, W, b, l1_ratio=1.0, group=True, fit_intercept=True,
        tol_abs=1e-10, max_iter=100,
    )  # fmt: skip
    assert converged.all() and np.all(violations <= 1e-10)
    assert np.all(coefs[0] == 0)
    # The intercepts at W = 0 are the log class frequencies (up to a shift).
    freq = np.bincount(y) / len(y)
    np.testing.assert_allclose(
        intercepts[0] - intercepts[0].mean(), np.log(freq) - np.log(freq).mean(),
        atol=1e-9,
    )  # fmt: skip
    np.testing.assert_array_equal(W, coefs[-1])
    np.testing.assert_array_equal(b, intercepts[-1])


# --------------------------------------------------------------------------
# unscaled, nearly separable data at large C (the L2 default)
# --------------------------------------------------------------------------


def _objective_parts(X, y, coef, intercept, C):
    """The L2 objective, its gradient in coef_ (K x p) and in the intercepts."""
    Y = np.eye(coef.shape[0])[y]
    Z = X @ coef.T + intercept
    R = softmax(Z, axis=1) - Y
    value = -(log_softmax(Z, axis=1) * Y).sum() + 0.5 / C * (coef**2).sum()
    return value, (X.T @ R).T + coef / C, R.sum(axis=0)


@pytest.mark.parametrize("loader", [load_iris, load_wine])
@pytest.mark.parametrize("C", [1.0, 10.0, 100.0, 170.0, 1e3, 1e4, 1e6])
def test_unscaled_l2_converges_within_max_iter(loader, C):
    """The default fit (L2, tol=1e-4, max_iter=100) on unscaled iris and wine
    converges without a warning, where the Newton model's coordinate
    descent crawled (iris at C >= 1000 and wine at every C ran out
    max_iter); the gradient meets the bound the gap's tolerance implies:
    ||G + W / C||^2 <= 2 gap / C <= 2 tol sum_i s_i log K / C."""
    X, y = loader(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = LogisticRegression(C=C).fit(X, y)
    assert 0 < clf.n_iter_[0] < 40
    _, G, g_b = _objective_parts(X, y, clf.coef_, clf.intercept_, C)
    bound = np.sqrt(2.0 / C * 1e-4 * len(y) * np.log(3))
    assert np.linalg.norm(G) <= bound * (1 + 1e-6)
    assert np.abs(g_b).max() <= 1e-9 * len(y)


def test_unscaled_digits_l2_converges_within_max_iter():
    X, y = load_digits(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = LogisticRegression(C=1e4).fit(X, y)
    assert 0 < clf.n_iter_[0] < 50
    _, G, _ = _objective_parts(X, y, clf.coef_, clf.intercept_, 1e4)
    bound = np.sqrt(2.0 / 1e4 * 1e-4 * len(y) * np.log(10))
    assert np.linalg.norm(G) <= bound * (1 + 1e-6)


@pytest.mark.parametrize(
    "loader, C, rtol",
    [(load_wine, 1.0, 1e-6), (load_wine, 1e4, 1e-6), (load_wine, 1e6, 1e-4),
     (load_iris, 1.0, 1e-5), (load_iris, 100.0, 1e-4)],
)  # fmt: skip
def test_unscaled_l2_equals_scikit_learn(loader, C, rtol):
    """At a tight tol, the coefficients equal scikit-learn's newton-cg (its
    lbfgs does not converge on unscaled wine), and the objective is not
    above it by more than the gap's bound (tol times the objective at
    zero); iris at large C is flat along some directions, hence the looser
    rtol there."""
    X, y = loader(return_X_y=True)
    ours = LogisticRegression(C=C, tol=1e-10).fit(X, y)
    assert ours.n_iter_[0] < 100
    ref = sk.LogisticRegression(C=C, solver="newton-cg", tol=1e-12, max_iter=1000)
    ref.fit(X, y)
    assert _relative_error(ours.coef_, ref.coef_) <= rtol
    ours_value = _objective_parts(X, y, ours.coef_, ours.intercept_, C)[0]
    ref_value = _objective_parts(X, y, ref.coef_, ref.intercept_, C)[0]
    assert ours_value <= ref_value + 1e-10 * len(y) * np.log(3)


# --------------------------------------------------------------------------
# unpenalized (C=inf): exact Newton steps, rows of zero sum
# --------------------------------------------------------------------------


def _overlapping(loader):
    """Unscaled iris or wine with every 7th label moved to the next class:
    no class is separable, so the unpenalized optimum exists (unscaled iris
    and wine as they are have none: their coefficients grow without
    bound)."""
    X, y = loader(return_X_y=True)
    y = y.copy()
    y[::7] = (y[::7] + 1) % 3
    return X, y


def _unpenalized_value(X, y, coef, intercept, s):
    Y = np.eye(coef.shape[0])[y]
    return -(s[:, None] * log_softmax(X @ coef.T + intercept, axis=1) * Y).sum()


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("loader", [load_iris, load_wine])
def test_unpenalized_equals_newton_cholesky(loader, weighted):
    """C=inf: the coefficients and intercepts equal scikit-learn's
    newton-cholesky (which holds the last class at zero, then centres), with
    rows and intercepts of zero sum, and the gradient vanishes."""
    X, y = _overlapping(loader)
    s = _weights(len(y), 3) if weighted else np.ones(len(y))
    sw = s if weighted else None
    ours = LogisticRegression(C=np.inf, tol=1e-10).fit(X, y, sample_weight=sw)
    ref = sk.LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-12)
    ref.fit(X, y, sample_weight=sw)
    assert ours.n_iter_[0] < 30
    assert _relative_error(ours.coef_, ref.coef_) <= 1e-7
    assert _relative_error(ours.intercept_, ref.intercept_) <= 1e-7
    np.testing.assert_allclose(ours.coef_.sum(axis=0), 0.0, atol=1e-12)
    assert abs(ours.intercept_.sum()) < 1e-12
    G, g_b = _loss_gradients(X, y, ours.classes_, ours.coef_, ours.intercept_, s)
    scale = np.abs(X).max(axis=0) * s.sum()
    assert np.all(np.abs(G) <= 1e-9 * scale)
    assert np.abs(g_b).max() <= 1e-9 * s.sum()


def test_unpenalized_sparse_equals_dense():
    X, y = _overlapping(load_wine)
    dense = LogisticRegression(C=np.inf, tol=1e-8).fit(X, y)
    csr = LogisticRegression(C=np.inf, tol=1e-8).fit(sparse.csr_matrix(X), y)
    np.testing.assert_allclose(csr.coef_, dense.coef_, rtol=1e-9, atol=0)
    np.testing.assert_allclose(csr.intercept_, dense.intercept_, rtol=1e-9)


def test_unpenalized_stops_within_tol_on_correlated_columns():
    """On correlated, unequally scaled columns the coordinate score (each
    coordinate's available decrease alone) is far below the objective's
    distance to its minimum; at the default tol the fit also waits for the
    Newton decrement, and its objective is within tol * S log K of the
    optimum (the coordinate score alone stopped 1.5 times that far, 38
    times at tol=1e-6)."""
    rng = np.random.RandomState(1)
    latent = rng.randn(600, 4)
    X = latent @ rng.randn(4, 20) + 0.2 * rng.randn(600, 20)
    X *= np.exp(rng.uniform(-2, 2, 20))
    logits = 1.5 * latent[:, :3]
    y = (logits + rng.gumbel(size=logits.shape)).argmax(axis=1)
    s = np.ones(len(y))
    fit = LogisticRegression(C=np.inf).fit(X, y)
    best = LogisticRegression(C=np.inf, tol=1e-12).fit(X, y)
    ref = sk.LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-12)
    ref.fit(X, y)
    assert _relative_error(best.coef_, ref.coef_) <= 1e-7
    optimum = _unpenalized_value(X, y, best.coef_, best.intercept_, s)
    value = _unpenalized_value(X, y, fit.coef_, fit.intercept_, s)
    assert 0 <= value - optimum <= 1e-4 * len(y) * np.log(3)
