"""MultiTaskElasticNet, MultiTaskLasso and their CV classes.

Each fit minimizes ``1/(2n) sum_i s_i ||y_i - W x_i - b||^2 + alpha l1_ratio
sum_j ||W_:j||_2 + alpha (1 - l1_ratio) / 2 ||W||_F^2``; checked against
scikit-learn's classes of the same name at tight tolerance (dense and
sparse X, with and without sample weights), by the problem's optimality
conditions, and for scikit-learn's errors.
"""

import numpy as np
import pytest
from scipy import sparse
from sklearn import linear_model as sk
from sklearn.exceptions import ConvergenceWarning

import skreg

TIGHT = {"tol": 1e-12, "max_iter": 100_000}


def _problem(seed=0, n=60, p=15, n_targets=3):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, p)
    W = rng.randn(p, n_targets) * (rng.rand(p, 1) < 0.4)
    Y = X @ W + 0.1 * rng.randn(n, n_targets) + 2.0
    return X, Y


ESTIMATORS = [
    ("MultiTaskElasticNet", {"alpha": 0.1, "l1_ratio": 0.6}),
    ("MultiTaskLasso", {"alpha": 0.1}),
]


@pytest.mark.parametrize("name, params", ESTIMATORS)
@pytest.mark.parametrize("as_sparse", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_matches_scikit_learn(name, params, as_sparse, weighted, fit_intercept):
    X, Y = _problem()
    sw = np.random.RandomState(1).uniform(0.1, 3.0, X.shape[0]) if weighted else None
    Xf = sparse.csr_matrix(X) if as_sparse else X
    params = dict(params, fit_intercept=fit_intercept, **TIGHT)
    ref = getattr(sk, name)(**params).fit(X, Y, sample_weight=sw)
    est = getattr(skreg, name)(**params).fit(Xf, Y, sample_weight=sw)
    assert est.coef_.shape == (3, 15) and est.intercept_.shape == (3,)
    np.testing.assert_allclose(est.coef_, ref.coef_, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(est.intercept_, ref.intercept_, rtol=1e-8, atol=1e-10)
    assert 0 <= est.dual_gap_ <= 1e-12 * np.sum((Y - Y.mean(0)) ** 2)
    assert est.n_iter_ >= 1
    np.testing.assert_allclose(est.predict(Xf), ref.predict(X), rtol=1e-8)


def test_optimality_conditions():
    """KKT of the L2,1 problem: for a zero row ``||g_j|| <= alpha l1_ratio``,
    for a nonzero one ``g_j = alpha l1_ratio W_j / ||W_j||``, with ``g`` the
    negative gradient of the smooth part (the ridge term included)."""
    X, Y = _problem(seed=3)
    alpha, l1 = 0.2, 0.7
    est = skreg.MultiTaskElasticNet(alpha=alpha, l1_ratio=l1, tol=1e-14).fit(X, Y)
    Xc, Yc = X - X.mean(0), Y - Y.mean(0)
    W = est.coef_.T
    g = Xc.T @ (Yc - Xc @ W) / X.shape[0] - alpha * (1 - l1) * W
    norms = np.linalg.norm(W, axis=1)
    active = norms > 0
    assert 0 < active.sum() < X.shape[1]
    assert np.all(np.linalg.norm(g[~active], axis=1) <= alpha * l1 * (1 + 1e-8))
    expected = alpha * l1 * W[active] / norms[active, None]
    np.testing.assert_allclose(g[active], expected, atol=1e-9)
    np.testing.assert_allclose(est.intercept_, Y.mean(0) - X.mean(0) @ W, atol=1e-12)


@pytest.mark.parametrize("name", ["MultiTaskElasticNetCV", "MultiTaskLassoCV"])
@pytest.mark.parametrize("weighted", [False, True])
def test_cv_matches_scikit_learn(name, weighted):
    X, Y = _problem(seed=2)
    sw = np.random.RandomState(4).uniform(0.5, 2.0, X.shape[0]) if weighted else None
    params = {"cv": 3, "alphas": 8, "tol": 1e-10, "max_iter": 100_000}
    if name == "MultiTaskElasticNetCV":
        params["l1_ratio"] = [0.3, 0.9]
    ref = getattr(sk, name)(**params).fit(X, Y, sample_weight=sw)
    est = getattr(skreg, name)(**params).fit(X, Y, sample_weight=sw)
    assert est.alpha_ == pytest.approx(ref.alpha_, rel=1e-12)
    np.testing.assert_allclose(est.alphas_, ref.alphas_, rtol=1e-12)
    assert est.mse_path_.shape == ref.mse_path_.shape
    np.testing.assert_allclose(est.mse_path_, ref.mse_path_, rtol=1e-7)
    np.testing.assert_allclose(est.coef_, ref.coef_, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(est.intercept_, ref.intercept_, rtol=1e-7, atol=1e-9)
    if name == "MultiTaskElasticNetCV":
        assert est.l1_ratio_ == ref.l1_ratio_
    else:
        assert not hasattr(est, "l1_ratio_")


def test_single_target_is_the_elastic_net():
    """With one target ||W_:j|| = |w_j|: the fit is ElasticNet's."""
    X, Y = _problem()
    y = Y[:, :1]
    est = skreg.MultiTaskElasticNet(alpha=0.05, l1_ratio=0.4).fit(X, y)
    ref = skreg.ElasticNet(alpha=0.05, l1_ratio=0.4).fit(X, y[:, 0])
    np.testing.assert_array_equal(est.coef_, ref.coef_[None])
    np.testing.assert_array_equal(est.intercept_, [ref.intercept_])
    assert est.coef_.shape == (1, 15)


def test_ridge_part_solved_directly():
    """l1_ratio=0 (no L1 part): one ridge per target, n*alpha the ridge alpha."""
    X, Y = _problem()
    est = skreg.MultiTaskElasticNet(alpha=0.3, l1_ratio=0.0).fit(X, Y)
    ref = sk.Ridge(alpha=0.3 * X.shape[0], solver="svd").fit(X, Y)
    np.testing.assert_allclose(est.coef_, ref.coef_, rtol=1e-10)
    np.testing.assert_allclose(est.intercept_, ref.intercept_, rtol=1e-10)
    assert est.n_iter_ == 1


@pytest.mark.parametrize(
    "name, message",
    [
        ("MultiTaskElasticNet", "For mono-task outputs, use ElasticNet"),
        ("MultiTaskLasso", "For mono-task outputs, use Lasso"),
        ("MultiTaskElasticNetCV", "For mono-task outputs, use ElasticNetCV"),
        ("MultiTaskLassoCV", "For mono-task outputs, use LassoCV"),
    ],
)
def test_one_dimensional_y_raises(name, message):
    X, Y = _problem()
    with pytest.raises(ValueError, match=message):
        getattr(skreg, name)().fit(X, Y[:, 0])
    with pytest.raises(ValueError, match="For mono-task outputs"):
        getattr(sk, name)().fit(X, Y[:, 0])


def test_convergence_warning_and_warm_start():
    X, Y = _problem()
    with pytest.warns(ConvergenceWarning, match="Objective did not converge"):
        skreg.MultiTaskLasso(alpha=0.01, tol=1e-12, max_iter=1).fit(X, Y)
    cold = skreg.MultiTaskLasso(alpha=0.05, tol=1e-10).fit(X, Y)
    warm = skreg.MultiTaskLasso(alpha=0.05, tol=1e-10, warm_start=True)
    warm.coef_ = cold.coef_.copy()
    warm.fit(X, Y)
    assert warm.n_iter_ < cold.n_iter_
    np.testing.assert_allclose(warm.coef_, cold.coef_, atol=1e-8)


def test_float32_and_unknown_parameter():
    X, Y = _problem()
    est = skreg.MultiTaskElasticNet(alpha=0.1).fit(X.astype(np.float32), Y)
    ref = skreg.MultiTaskElasticNet(alpha=0.1).fit(X, Y)
    assert est.coef_.dtype == np.float32
    np.testing.assert_allclose(est.coef_, ref.coef_, atol=1e-4)
    with pytest.raises(ValueError, match="l1_ratio"):
        skreg.MultiTaskElasticNet(l1_ratio=2.0).fit(X, Y)
    with pytest.raises(TypeError):
        skreg.MultiTaskLasso(l1_ratio=0.5)


def test_column_means_far_beyond_their_range_reach_the_optimum():
    # Implicit centering of columns whose mean is ~1e4 times their range
    # loses about eps * 1e8 of the objective (it stopped with a negative gap
    # 2.5e-4 off the optimum): such X is centered explicitly, so the fit
    # equals the one on X centered by hand, intercept aside.
    rng = np.random.default_rng(0)
    base = rng.standard_normal((30, 60))
    base[:, 1::2] = base[:, ::2] + 1e-3 * rng.standard_normal((30, 30))
    X = base + 8e3 * rng.uniform(0.5, 1.0, 60)
    Y = base[:, :3] @ rng.standard_normal((3, 2)) + 0.1 * rng.standard_normal((30, 2))
    params = {"alpha": 1e-3, "l1_ratio": 0.5, "tol": 1e-12, "max_iter": 100_000}
    shifted = skreg.MultiTaskElasticNet(**params).fit(X, Y)
    centered = skreg.MultiTaskElasticNet(**params).fit(X - X.mean(axis=0), Y)
    assert shifted.dual_gap_ >= 0.0
    np.testing.assert_allclose(shifted.coef_, centered.coef_, rtol=0, atol=1e-7)
