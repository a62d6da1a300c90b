"""Lasso / ElasticNet on a precomputed Gram matrix: parity, gap, validation."""

import warnings

import numpy as np
import pytest
from _oracles import enet_objective
from sklearn import linear_model as sk
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning
from skreg._cd_gram import enet_path_gram

from skreg.linear_model import ElasticNet, Lasso, LassoCV, lasso_path
from skreg.linear_model._base import alpha_max as enet_alpha_max

X_DIAB, Y_DIAB = load_diabetes(return_X_y=True)
# Shifted columns, so that the implicit centering of the Gram matters.
X_SHIFT = X_DIAB + np.linspace(-0.5, 0.5, X_DIAB.shape[1])
TIGHT = {"tol": 1e-12, "max_iter": 100_000}


def _rel_err(a, b):
    return np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300)


def _weights():
    return np.random.RandomState(0).uniform(0.2, 3.0, size=X_DIAB.shape[0])


@pytest.mark.parametrize("fraction", [0.5, 0.05, 0.005])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.6])
def test_gram_parity_with_sklearn(
    fraction, fit_intercept, positive, weighted, l1_ratio
):
    sw = _weights() if weighted else None
    alpha = fraction * enet_alpha_max(
        X_SHIFT, Y_DIAB, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
        sample_weight=sw,
    )  # fmt: skip
    params = {
        "alpha": alpha, "l1_ratio": l1_ratio, "fit_intercept": fit_intercept,
        "positive": positive, "precompute": True, **TIGHT,
    }  # fmt: skip
    ref = sk.ElasticNet(**params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ref.fit(X_SHIFT, Y_DIAB, sample_weight=sw)
    ours = ElasticNet(**params).fit(X_SHIFT, Y_DIAB, sample_weight=sw)
    assert _rel_err(ours.coef_, ref.coef_) < 1e-6
    scale = max(np.max(np.abs(ref.coef_)), 1.0)
    assert abs(ours.intercept_ - ref.intercept_) < 1e-6 * scale
    # Same solution as the solver on X.
    direct = ElasticNet(**{**params, "precompute": False})
    direct.fit(X_SHIFT, Y_DIAB, sample_weight=sw)
    assert _rel_err(ours.coef_, direct.coef_) < 1e-6


def test_gram_gap_is_the_true_duality_gap():
    """The gap from Gram quantities equals the objective minus a dual value."""
    rng = np.random.RandomState(0)
    X = rng.standard_normal((200, 15))
    y = X[:, :3] @ [1.0, -2.0, 0.5] + rng.standard_normal(200)
    n = X.shape[0]
    alpha = 0.05
    model = Lasso(alpha=alpha, fit_intercept=False, precompute=True, tol=1e-3)
    model.fit(X, y)
    # Dual point: rescaled residual, feasible for |X^T theta| <= n alpha.
    r = y - X @ model.coef_
    theta = r * min(1.0, n * alpha / np.max(np.abs(X.T @ r)))
    dual = (y @ theta - 0.5 * theta @ theta) / n
    primal = enet_objective(X, y, model.coef_, 0.0, alpha)
    assert model.dual_gap_ == pytest.approx(primal - dual, rel=1e-6, abs=1e-12)
    assert model.dual_gap_ <= 1e-3 * (y @ y) / n


def test_user_gram_matches_sklearn_with_weights():
    """scikit-learn's documented recipe: centered, weighted Gram by hand."""
    sw = _weights()
    sw = sw * (len(sw) / sw.sum())
    X_c = X_SHIFT - np.average(X_SHIFT, axis=0, weights=sw)
    X_w = X_c * np.sqrt(sw)[:, None]
    gram = X_w.T @ X_w
    params = {"alpha": 0.05, "l1_ratio": 0.7, "precompute": gram, **TIGHT}
    ref = sk.ElasticNet(**params).fit(X_c, Y_DIAB, sample_weight=sw)
    ours = ElasticNet(**params).fit(X_c, Y_DIAB, sample_weight=sw)
    assert _rel_err(ours.coef_, ref.coef_) < 1e-6
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-8)


def test_user_gram_is_validated_like_sklearn():
    X_c = X_DIAB - X_DIAB.mean(axis=0)
    gram = X_c.T @ X_c
    with pytest.raises(ValueError, match="did not pass validation"):
        Lasso(alpha=0.1, precompute=gram * 1.1).fit(X_c, Y_DIAB)
    with pytest.raises(ValueError, match="Gram matrix"):
        Lasso(alpha=0.1, precompute=gram[:3, :3]).fit(X_c, Y_DIAB)
    # An uncentered X with fit_intercept: warn and recompute, as sklearn.
    with pytest.warns(UserWarning, match="recomputing Gram matrix"):
        model = Lasso(alpha=0.1, precompute=gram).fit(X_SHIFT, Y_DIAB)
    ref = Lasso(alpha=0.1).fit(X_SHIFT, Y_DIAB)
    assert _rel_err(model.coef_, ref.coef_) < 1e-3


@pytest.mark.parametrize("precompute", [True, False, "auto"])
def test_lasso_path_precompute_matches_sklearn(precompute):
    alphas = np.geomspace(1.0, 1e-3, 8)
    ref = sk.lasso_path(X_SHIFT, Y_DIAB, alphas=alphas, precompute=precompute, **TIGHT)
    ours = lasso_path(X_SHIFT, Y_DIAB, alphas=alphas, precompute=precompute, **TIGHT)
    assert _rel_err(ours[1], ref[1]) < 1e-6


def test_lasso_path_user_gram_and_xy():
    gram = X_SHIFT.T @ X_SHIFT
    xy = X_SHIFT.T @ Y_DIAB
    alphas = np.geomspace(1.0, 1e-2, 5)
    ours = lasso_path(X_SHIFT, Y_DIAB, alphas=alphas, precompute=gram, Xy=xy, **TIGHT)
    plain = lasso_path(X_SHIFT, Y_DIAB, alphas=alphas, precompute=False, **TIGHT)
    assert _rel_err(ours[1], plain[1]) < 1e-6


def test_gram_float32_and_multi_target():
    X32 = X_SHIFT.astype(np.float32)
    Y = np.column_stack([Y_DIAB, -Y_DIAB + 3.0]).astype(np.float32)
    model = Lasso(alpha=0.5, precompute=True, tol=1e-6).fit(X32, Y)
    assert model.coef_.dtype == np.float32
    for k in range(2):
        single = Lasso(alpha=0.5, tol=1e-10).fit(X_SHIFT, Y[:, k].astype(np.float64))
        assert _rel_err(model.coef_[k], single.coef_) < 1e-3


def test_lasso_cv_with_gram_picks_sklearns_alpha():
    params = {"cv": 3, "alphas": 20, "tol": 1e-8, "precompute": True}
    ref = sk.LassoCV(**params).fit(X_SHIFT, Y_DIAB)
    ours = LassoCV(**params).fit(X_SHIFT, Y_DIAB)
    assert ours.alpha_ == pytest.approx(ref.alpha_, rel=1e-10)
    assert _rel_err(ours.coef_, ref.coef_) < 1e-5


def test_gram_kernel_validates_before_running():
    G = np.eye(3)
    q = np.ones(3)
    w = np.zeros(3)
    kwargs = {"tol_abs": 1e-6, "max_iter": 10}
    with pytest.raises(ValueError, match="square"):
        enet_path_gram(np.ones((3, 2)), q, 1.0, [0.1], [0.0], w, **kwargs)
    with pytest.raises(ValueError, match="C-contiguous"):
        enet_path_gram(np.asfortranarray(np.ones((3, 3)))[:, ::-1], q, 1.0, [0.1],
                       [0.0], w, **kwargs)  # fmt: skip
    with pytest.raises(ValueError, match="q must be"):
        enet_path_gram(G, np.ones(4), 1.0, [0.1], [0.0], w, **kwargs)
    with pytest.raises(ValueError, match="finite"):
        enet_path_gram(G * np.nan, q, 1.0, [0.1], [0.0], w, **kwargs)
    with pytest.raises(ValueError, match="non-negative"):
        enet_path_gram(G, q, 1.0, [-0.1], [0.0], w, **kwargs)
    coefs, gaps, n_iters, converged = enet_path_gram(
        G, q, 3.0, [0.5], [0.0], w, **kwargs
    )
    assert np.allclose(coefs[0], 0.5) and converged[0]


@pytest.mark.parametrize("bad", [{"seed": 2**40}, {"max_iter": 2**40}, {"max_iter": 0}])
def test_gram_kernel_rejects_out_of_range_counters(bad):
    # The kernel takes them as C int / unsigned int: a ValueError, not an
    # OverflowError from the conversion.
    from skreg._cd_gram import enet_path_gram

    args = {"tol_abs": 1e-6, "max_iter": 10, "random": True, "seed": 0, **bad}
    with pytest.raises(ValueError, match="max_iter|seed"):
        enet_path_gram(
            np.eye(3), np.ones(3), 3.0, np.array([0.1]), np.array([0.0]),
            np.zeros(3), **args,
        )  # fmt: skip


@pytest.mark.parametrize("precompute", [True, False])
@pytest.mark.parametrize("positive", [False, True])
def test_ridge_limit_converges_on_the_gram_matrix(precompute, positive):
    # l1_ratio=0 has no L1 part: the gap is the ridge's (the residual as
    # dual point and the ridge's conjugate), which closes; the L1 formula
    # scaled the dual point to zero and stalled at a gap of 63 (n-scaled).
    rng = np.random.RandomState(0)
    X = rng.randn(5, 2)
    y = X @ np.array([1.0, 2.0]) + rng.randn(5)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model = ElasticNet(
            alpha=1.0, l1_ratio=0.0, precompute=precompute, positive=positive,
            tol=1e-12, max_iter=10_000,
        ).fit(X, y)  # fmt: skip
    n = X.shape[0]
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    expected = np.linalg.solve(Xc.T @ Xc + n * np.eye(2), Xc.T @ yc)
    assert np.all(expected > 0)  # so the positive fit has the same solution
    tol_abs = 1e-12 * (yc @ yc) / n
    assert model.dual_gap_ <= tol_abs
    # The gap bounds the objective's excess, whose square root bounds the
    # coefficients' error (the objective is strongly convex).
    excess = enet_objective(Xc, yc, model.coef_, 0.0, 1.0, 0.0) - enet_objective(
        Xc, yc, expected, 0.0, 1.0, 0.0
    )
    assert -1e-14 <= excess <= tol_abs
    np.testing.assert_allclose(model.coef_, expected, rtol=1e-5)
