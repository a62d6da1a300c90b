"""enet_path / lasso_path with a 2-D y: scikit-learn's multi-task problem.

For each alpha the path minimizes
``1/(2n) ||Y - XW||_F^2 + alpha l1_ratio sum_j ||W_j||_2
+ alpha (1 - l1_ratio) / 2 ||W||_F^2`` (scikit-learn's MultiTaskElasticNet
objective), solved by skreg._cd_multitask; checked against scikit-learn's
path and estimator, on dense and sparse X, and by its optimality conditions.
"""

import numpy as np
import pytest
from scipy import sparse
from sklearn import linear_model as sk

from skreg import _cd_multitask
from skreg.linear_model import enet_path, lasso_path

multitask_enet_path_cd = _cd_multitask.multitask_enet_path_cd


def _problem(seed=0, n=50, p=20, n_targets=3):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, p)
    W = rng.randn(p, n_targets)
    W[p // 4 :] = 0.0
    Y = X @ W + 0.1 * rng.randn(n, n_targets)
    return X, Y


def _csc(X):
    X = sparse.csc_matrix(X)
    X.indices = X.indices.astype(np.int32)
    X.indptr = X.indptr.astype(np.int32)
    return X


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5, 0.1])
@pytest.mark.parametrize("as_sparse", [False, True])
def test_path_matches_scikit_learn(l1_ratio, as_sparse):
    X, Y = _problem()
    alphas, coefs, gaps = sk.enet_path(X, Y, l1_ratio=l1_ratio, tol=1e-12, alphas=10)
    X_in = sparse.csr_matrix(X) if as_sparse else X
    ours_alphas, ours, our_gaps = enet_path(
        X_in, Y, l1_ratio=l1_ratio, tol=1e-12, alphas=10
    )
    assert ours.shape == coefs.shape == (3, 20, 10)
    np.testing.assert_allclose(ours_alphas, alphas, rtol=1e-12)
    np.testing.assert_allclose(ours, coefs, rtol=1e-8, atol=1e-10)
    # Rows are selected for all targets at once (the L2,1 penalty).
    zero_rows = np.all(ours == 0, axis=0)
    assert np.any(zero_rows)
    np.testing.assert_array_equal(zero_rows, np.all(coefs == 0, axis=0))
    assert np.all(our_gaps <= 1e-12 * np.sum(Y**2) / X.shape[0])


def test_lasso_path_and_random_selection():
    X, Y = _problem(seed=1)
    _, ref, _ = sk.lasso_path(X, Y, tol=1e-12, alphas=5)
    _, cyclic, _ = lasso_path(X, Y, tol=1e-12, alphas=5)
    _, shuffled, _ = lasso_path(
        X, Y, tol=1e-12, alphas=5, selection="random", random_state=0
    )
    np.testing.assert_allclose(cyclic, ref, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(shuffled, ref, rtol=1e-8, atol=1e-10)


def test_solution_matches_multitask_elastic_net_and_kkt():
    X, Y = _problem(seed=2, n=40, p=30, n_targets=2)
    alpha, l1_ratio = 0.05, 0.7
    model = sk.MultiTaskElasticNet(
        alpha=alpha, l1_ratio=l1_ratio, fit_intercept=False, tol=1e-12
    ).fit(X, Y)
    _, coefs, _ = enet_path(X, Y, l1_ratio=l1_ratio, alphas=[alpha], tol=1e-12)
    W = coefs[..., 0].T
    np.testing.assert_allclose(W.T, model.coef_, rtol=1e-8, atol=1e-10)
    # Optimality: X^T R / n - alpha (1 - l1_ratio) W_j is alpha l1_ratio
    # W_j / ||W_j|| on active rows, of norm at most alpha l1_ratio elsewhere.
    n = X.shape[0]
    G = X.T @ (Y - X @ W) / n - alpha * (1 - l1_ratio) * W
    norms = np.linalg.norm(W, axis=1)
    active = norms > 0
    np.testing.assert_allclose(
        G[active],
        alpha * l1_ratio * W[active] / norms[active, None],
        atol=1e-7,
    )
    assert np.all(np.linalg.norm(G[~active], axis=1) <= alpha * l1_ratio + 1e-9)


def test_float32_and_coef_init_and_errors():
    X, Y = _problem(seed=3)
    _, c64, _ = enet_path(X, Y, alphas=5, tol=1e-10)
    _, c32, _ = enet_path(X.astype(np.float32), Y.astype(np.float32), alphas=5)
    assert c32.dtype == np.float32
    np.testing.assert_allclose(c32, c64, atol=2e-3)
    # A warm start at the solution needs no epoch.
    alphas = [0.1]
    _, c, _ = enet_path(X, Y, alphas=alphas, tol=1e-10)
    _, c2, _, n_iter = enet_path(
        X, Y, alphas=alphas, tol=1e-10, coef_init=c[..., 0], return_n_iter=True
    )
    assert n_iter == [0]
    np.testing.assert_array_equal(c2, c)
    with pytest.raises(ValueError, match="positive=True is not allowed"):
        enet_path(X, Y, positive=True)
    with pytest.raises(ValueError, match="coef_init must have shape"):
        enet_path(X, Y, alphas=alphas, coef_init=np.zeros((2, 20)))


@pytest.mark.parametrize("as_sparse", [False, True])
def test_kernel_centers_implicitly(as_sparse):
    # mean != 0: the kernel solves on X - mean without forming it; compared
    # with scikit-learn's MultiTaskElasticNet with an intercept.
    rng = np.random.RandomState(4)
    X = rng.rand(40, 15) * 3 + 1
    X[X < 2] = 0.0
    Y = X @ rng.randn(15, 2) + rng.randn(40, 2) + 5.0
    alpha, l1_ratio, n = 0.05, 0.6, 40
    ref = sk.MultiTaskElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-12).fit(X, Y)
    Yc = Y - Y.mean(axis=0)
    X_in = _csc(X) if as_sparse else np.asfortranarray(X)
    W = np.zeros((15, 2))
    coefs, gaps, n_iters, converged = multitask_enet_path_cd(
        X_in, np.ascontiguousarray(Yc.T), X.mean(axis=0),
        [alpha * l1_ratio * n], [alpha * (1 - l1_ratio) * n], W,
        tol_abs=1e-12 * np.sum(Yc**2), max_iter=10000,
    )  # fmt: skip
    assert converged[0] and n_iters[0] > 0
    np.testing.assert_allclose(coefs[0].T, ref.coef_, rtol=1e-8, atol=1e-10)


def test_kernel_rejects_bad_arguments():
    X, Y = _problem(n=10, p=4, n_targets=2)
    X = np.asfortranarray(X)
    Yt = np.ascontiguousarray(Y.T)
    args = {"tol_abs": 1e-6, "max_iter": 10}
    with pytest.raises(ValueError, match="Y must be a 2-D array"):
        multitask_enet_path_cd(
            X, Y, np.zeros(4), [1.0], [0.0], np.zeros((4, 2)), **args
        )
    with pytest.raises(ValueError, match="W must be"):
        multitask_enet_path_cd(
            X, Yt, np.zeros(4), [1.0], [0.0], np.zeros((2, 4)), **args
        )
    with pytest.raises(ValueError, match="Fortran"):
        multitask_enet_path_cd(
            np.ascontiguousarray(X), Yt, np.zeros(4), [1.0], [0.0], np.zeros((4, 2)),
            **args,
        )  # fmt: skip
    Y_nan = Yt.copy()
    Y_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="finite"):
        multitask_enet_path_cd(
            X, Y_nan, np.zeros(4), [1.0], [0.0], np.zeros((4, 2)), **args
        )
