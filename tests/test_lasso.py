"""Lasso / ElasticNet: parity with scikit-learn, optimality, paths, CV, errors."""

import threading
import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn import linear_model as sk
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning

from skreg.linear_model import (
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    enet_path,
    lasso_path,
)
from skreg.linear_model._base import alpha_max as enet_alpha_max

X_DIAB, Y_DIAB = load_diabetes(return_X_y=True)
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
def test_parity_with_sklearn(fraction, fit_intercept, positive, weighted, l1_ratio):
    sw = _weights() if weighted else None
    alpha = fraction * enet_alpha_max(
        X_DIAB, Y_DIAB, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
        sample_weight=sw,
    )  # fmt: skip
    params = {
        "alpha": alpha, "fit_intercept": fit_intercept, "positive": positive,
        **TIGHT,
    }  # fmt: skip
    if l1_ratio == 1.0:
        ours, ref = Lasso(**params), sk.Lasso(**params)
    else:
        ours = ElasticNet(l1_ratio=l1_ratio, **params)
        ref = sk.ElasticNet(l1_ratio=l1_ratio, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ref.fit(X_DIAB, Y_DIAB, sample_weight=sw)
    ours.fit(X_DIAB, Y_DIAB, sample_weight=sw)
    assert _rel_err(ours.coef_, ref.coef_) < 1e-6
    scale = max(np.max(np.abs(ref.coef_)), 1.0)
    assert abs(ours.intercept_ - ref.intercept_) < 1e-6 * scale
    assert ours.dual_gap_ <= 1e-12 * np.var(Y_DIAB) * 10


def _kkt_violation(X, y, coef, intercept, alpha, l1_ratio=1.0, positive=False):
    """Largest violation of the elastic net's optimality conditions."""
    n = X.shape[0]
    grad = X.T @ (y - X @ coef - intercept) / n - alpha * (1 - l1_ratio) * coef
    l1 = alpha * l1_ratio
    active = coef != 0
    viol_active = np.abs(grad[active] - l1 * np.sign(coef[active]))
    if positive:
        viol_zero = np.maximum(grad[~active] - l1, 0)
    else:
        viol_zero = np.maximum(np.abs(grad[~active]) - l1, 0)
    return max(viol_active.max(initial=0), viol_zero.max(initial=0)) / l1


@pytest.mark.parametrize("positive", [False, True])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_kkt_conditions(positive, l1_ratio):
    alpha = 0.01 * enet_alpha_max(X_DIAB, Y_DIAB, l1_ratio=l1_ratio)
    model = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, positive=positive, **TIGHT)
    model.fit(X_DIAB, Y_DIAB)
    assert (
        _kkt_violation(
            X_DIAB, Y_DIAB, model.coef_, model.intercept_, alpha, l1_ratio, positive
        )
        < 1e-6
    )
    # The intercept's own condition: residuals sum to zero.
    resid = Y_DIAB - model.predict(X_DIAB)
    assert abs(resid.mean()) < 1e-8 * np.abs(Y_DIAB).mean()


def _sparse_problem(seed=0, n=120, p=60, density=0.2):
    rng = np.random.RandomState(seed)
    X = sparse.random(n, p, density=density, format="csc", random_state=rng)
    X.data += 1.0  # non-zero column means: centering matters
    coef = np.zeros(p)
    coef[:6] = rng.randn(6) * 3
    y = X @ coef + 0.1 * rng.randn(n) + 5.0
    return X, y


@pytest.mark.parametrize("fmt", ["csc", "csr"])
@pytest.mark.parametrize("weighted", [False, True])
def test_sparse_with_intercept_equals_dense(fmt, weighted):
    X, y = _sparse_problem()
    sw = np.random.RandomState(1).uniform(0.5, 2, X.shape[0]) if weighted else None
    alpha = 0.02 * enet_alpha_max(X.toarray(), y, sample_weight=sw)
    dense = Lasso(alpha=alpha, **TIGHT).fit(X.toarray(), y, sample_weight=sw)
    sp = Lasso(alpha=alpha, **TIGHT).fit(X.asformat(fmt), y, sample_weight=sw)
    assert _rel_err(sp.coef_, dense.coef_) < 1e-8
    assert abs(sp.intercept_ - dense.intercept_) < 1e-8 * abs(dense.intercept_)
    ref = sk.Lasso(alpha=alpha, **TIGHT).fit(X, y, sample_weight=sw)
    assert _rel_err(sp.coef_, ref.coef_) < 1e-6


def test_lasso_path_equals_individual_fits():
    X = np.asfortranarray(X_DIAB)
    alphas, coefs, gaps = lasso_path(X, Y_DIAB, alphas=8, eps=1e-2, tol=1e-12)
    assert coefs.shape == (X.shape[1], 8)
    assert gaps.shape == (8,)
    assert np.all(np.diff(alphas) < 0)
    for k, alpha in enumerate(alphas):
        single = Lasso(alpha=alpha, fit_intercept=False, **TIGHT).fit(X, Y_DIAB)
        assert np.max(np.abs(coefs[:, k] - single.coef_)) <= 1e-7 * np.abs(coefs).max()
    sk_alphas, sk_coefs, _ = sk.lasso_path(X, Y_DIAB, alphas=8, eps=1e-2, tol=1e-12)
    np.testing.assert_allclose(alphas, sk_alphas, rtol=1e-12)
    assert _rel_err(coefs, sk_coefs) < 1e-6


def test_enet_path_explicit_alphas_and_n_iter():
    alphas_in = [0.1, 1.0, 0.01]
    alphas, coefs, gaps, n_iters = enet_path(
        X_DIAB, Y_DIAB, l1_ratio=0.7, alphas=alphas_in, return_n_iter=True
    )
    np.testing.assert_array_equal(alphas, [1.0, 0.1, 0.01])
    assert len(n_iters) == 3 and all(i >= 1 for i in n_iters)
    ref = sk.enet_path(X_DIAB, Y_DIAB, l1_ratio=0.7, alphas=alphas_in, tol=1e-12)
    ours = enet_path(X_DIAB, Y_DIAB, l1_ratio=0.7, alphas=alphas_in, tol=1e-12)
    assert _rel_err(ours[1], ref[1]) < 1e-6


@pytest.mark.parametrize("positive", [False, True])
def test_alpha_above_alpha_max_gives_zeros(positive):
    alpha_max = enet_alpha_max(X_DIAB, Y_DIAB)
    model = Lasso(alpha=alpha_max * 1.0001, positive=positive).fit(X_DIAB, Y_DIAB)
    assert np.all(model.coef_ == 0)
    assert model.intercept_ == pytest.approx(Y_DIAB.mean())
    just_below = Lasso(alpha=alpha_max * 0.99, tol=1e-8).fit(X_DIAB, Y_DIAB)
    assert np.count_nonzero(just_below.coef_) >= 1


@pytest.mark.parametrize("as_sparse", [False, True])
def test_float32_in_float32_out(as_sparse):
    X = X_DIAB.astype(np.float32)
    X = sparse.csc_matrix(X) if as_sparse else X
    model = Lasso(alpha=0.1).fit(X, Y_DIAB.astype(np.float32))
    assert model.coef_.dtype == np.float32
    ref = Lasso(alpha=0.1).fit(X_DIAB, Y_DIAB)
    assert _rel_err(model.coef_, ref.coef_) < 1e-3


def test_warm_start_converges_in_fewer_iterations():
    alpha = 0.01 * enet_alpha_max(X_DIAB, Y_DIAB)
    cold = Lasso(alpha=alpha, tol=1e-10, max_iter=10_000).fit(X_DIAB, Y_DIAB)
    warm = Lasso(alpha=alpha * 1.05, tol=1e-10, max_iter=10_000, warm_start=True)
    warm.fit(X_DIAB, Y_DIAB)
    warm.set_params(alpha=alpha).fit(X_DIAB, Y_DIAB)
    assert warm.n_iter_ < cold.n_iter_
    assert _rel_err(warm.coef_, cold.coef_) < 1e-4


def test_multi_target_fits_each_target():
    Y = np.column_stack([Y_DIAB, -2 * Y_DIAB + 3, np.sqrt(Y_DIAB)])
    model = ElasticNet(alpha=0.01, l1_ratio=0.8, **TIGHT).fit(X_DIAB, Y)
    assert model.coef_.shape == (3, X_DIAB.shape[1])
    assert model.intercept_.shape == (3,)
    assert model.dual_gap_.shape == (3,)
    assert len(model.n_iter_) == 3
    for k in range(3):
        single = ElasticNet(alpha=0.01, l1_ratio=0.8, **TIGHT).fit(X_DIAB, Y[:, k])
        assert _rel_err(model.coef_[k], single.coef_) < 1e-10
    with pytest.raises(ValueError, match="positive=True is not allowed"):
        Lasso(positive=True).fit(X_DIAB, Y)


def test_lasso_cv_matches_sklearn():
    kwargs = {"cv": 5, "alphas": 30, "tol": 1e-8, "max_iter": 10_000}
    ours = LassoCV(**kwargs).fit(X_DIAB, Y_DIAB)
    ref = sk.LassoCV(**kwargs).fit(X_DIAB, Y_DIAB)
    assert ours.alpha_ == pytest.approx(ref.alpha_, rel=1e-10)
    np.testing.assert_allclose(ours.alphas_, ref.alphas_, rtol=1e-10)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-5)
    assert _rel_err(ours.coef_, ref.coef_) < 1e-5
    assert not hasattr(ours, "l1_ratio_")


def test_elastic_net_cv_matches_sklearn_with_weights_and_threads():
    kwargs = {"cv": 3, "alphas": 10, "l1_ratio": [0.3, 0.9], "tol": 1e-8}
    sw = _weights()
    ours = ElasticNetCV(n_jobs=2, **kwargs).fit(X_DIAB, Y_DIAB, sample_weight=sw)
    ref = sk.ElasticNetCV(**kwargs).fit(X_DIAB, Y_DIAB, sample_weight=sw)
    assert ours.alpha_ == pytest.approx(ref.alpha_, rel=1e-10)
    assert ours.l1_ratio_ == ref.l1_ratio_
    assert ours.mse_path_.shape == ref.mse_path_.shape == (2, 10, 3)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-5)


def test_elastic_net_cv_random_selection_does_not_depend_on_threads():
    # Each (l1_ratio, fold) path gets an integer seed drawn before the folds
    # run: at a loose tol, where the coordinate order shows in the result,
    # serial and threaded fits (in whatever order the threads run) agree.
    kwargs = {
        "cv": 4, "alphas": 8, "l1_ratio": [0.5, 1.0], "tol": 1e-2,
        "selection": "random", "random_state": 3,
    }  # fmt: skip
    serial = ElasticNetCV(n_jobs=1, **kwargs).fit(X_DIAB, Y_DIAB)
    for _ in range(3):
        threaded = ElasticNetCV(n_jobs=2, **kwargs).fit(X_DIAB, Y_DIAB)
        np.testing.assert_allclose(threaded.mse_path_, serial.mse_path_, rtol=1e-12)
        np.testing.assert_allclose(threaded.coef_, serial.coef_, rtol=1e-12)
    # The seeds do matter at this tol: another random_state changes the path.
    other = ElasticNetCV(n_jobs=1, **dict(kwargs, random_state=4))
    assert not np.allclose(other.fit(X_DIAB, Y_DIAB).mse_path_, serial.mse_path_)


def test_alpha_zero_warns_like_sklearn():
    with pytest.warns(UserWarning, match="With alpha=0"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        Lasso(alpha=0, max_iter=50).fit(X_DIAB, Y_DIAB)


def test_convergence_warning_reports_gap_and_tolerance():
    with pytest.warns(ConvergenceWarning, match=r"Duality gap: .*tolerance: "):
        Lasso(alpha=1e-4, tol=1e-14, max_iter=2).fit(X_DIAB, Y_DIAB)


def test_random_selection_converges_to_same_solution():
    alpha = 0.05 * enet_alpha_max(X_DIAB, Y_DIAB)
    cyc = Lasso(alpha=alpha, **TIGHT).fit(X_DIAB, Y_DIAB)
    rnd = Lasso(alpha=alpha, selection="random", random_state=0, **TIGHT)
    rnd.fit(X_DIAB, Y_DIAB)
    assert _rel_err(rnd.coef_, cyc.coef_) < 1e-7


def test_fortran_float_input_is_not_copied_or_modified():
    X = np.asfortranarray(X_DIAB.copy())
    before = X.copy()
    Lasso(alpha=0.1).fit(X, Y_DIAB)
    np.testing.assert_array_equal(X, before)


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        (np.full((5, 2), np.nan), np.ones(5), "NaN"),
        (np.full((5, 2), np.inf), np.ones(5), "infinity"),
        (np.ones((5, 2)), np.ones(4), "inconsistent numbers of samples"),
        (np.ones((0, 2)), np.ones(0), "0 sample"),
        ([["a", "b"], ["c", "d"]], [1.0, 2.0], "could not convert|dtype"),
    ],
)
def test_bad_input_raises_clear_errors(X, y, match):
    with pytest.raises((ValueError, TypeError), match=match):
        Lasso().fit(X, y)


def test_wrong_n_features_at_predict():
    model = Lasso(alpha=0.1).fit(X_DIAB, Y_DIAB)
    with pytest.raises(ValueError, match="features"):
        model.predict(X_DIAB[:, :3])


def test_bad_parameters_raise():
    with pytest.raises(ValueError, match="alpha"):
        Lasso(alpha=-1).fit(X_DIAB, Y_DIAB)
    with pytest.raises(ValueError, match="l1_ratio"):
        ElasticNet(l1_ratio=1.5).fit(X_DIAB, Y_DIAB)
    with pytest.raises(ValueError, match="selection"):
        Lasso(selection="greedy").fit(X_DIAB, Y_DIAB)
    with pytest.raises(ValueError, match="Gram"):
        Lasso(precompute=np.eye(3)).fit(X_DIAB, Y_DIAB)
    with pytest.raises(ValueError, match="multi-task"):
        LassoCV().fit(X_DIAB, np.column_stack([Y_DIAB, Y_DIAB]))


def test_kernel_validates_before_running():
    from skreg._cd import enet_path_cd

    X = np.asfortranarray(X_DIAB)
    n, p = X.shape
    args = (np.zeros(n), np.ones(n), np.zeros(p), [1.0], [0.0], np.zeros(p))
    kwargs = {"tol_abs": 1e-4, "max_iter": 10}
    with pytest.raises(ValueError, match="Fortran"):
        enet_path_cd(np.ascontiguousarray(X), *args, **kwargs)
    with pytest.raises(ValueError, match="length"):
        enet_path_cd(X, np.zeros(n - 1), *args[1:], **kwargs)
    with pytest.raises(ValueError, match="non-negative"):
        enet_path_cd(X, *args[:3], [-1.0], [0.0], args[5], **kwargs)
    with pytest.raises(ValueError, match="CSC"):
        enet_path_cd(sparse.csr_matrix(X), *args, **kwargs)


def test_two_threads_give_the_same_results_as_serial():
    # The kernel runs without the GIL; concurrent fits must not share state.
    rng = np.random.RandomState(0)
    X = np.asfortranarray(rng.randn(300, 400))
    ys = [X[:, :5] @ rng.randn(5) + rng.randn(300) for _ in range(2)]
    serial = [Lasso(alpha=0.05, tol=1e-10).fit(X, y).coef_ for y in ys]
    results = [None, None]

    def work(k):
        results[k] = Lasso(alpha=0.05, tol=1e-10).fit(X, ys[k]).coef_

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(2):
        np.testing.assert_array_equal(results[k], serial[k])


def _ar1(n, p, rho, seed):
    rng = np.random.RandomState(seed)
    X = np.empty((n, p), order="F")
    X[:, 0] = rng.randn(n)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * rng.randn(n)
    coef = np.zeros(p)
    coef[rng.choice(p, max(p // 10, 2), replace=False)] = rng.randn(max(p // 10, 2))
    return X, X @ coef + 0.5 * rng.randn(n)


@pytest.mark.parametrize("positive", [False, True])
def test_support_solve_with_sign_changes_matches_sklearn(positive):
    # p >> n at a small alpha: the support nears n, coordinate descent is
    # slow, and the exact support solve runs and has to drop coordinates
    # whose sign would change (the Cholesky deletion path).
    X, y = _ar1(60, 600, 0.7, seed=3)
    alpha = 0.005 * enet_alpha_max(X, y, l1_ratio=1.0, fit_intercept=True)
    params = {"alpha": alpha, "positive": positive, **TIGHT}
    ref = sk.Lasso(**params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ref.fit(X, y)
    ours = Lasso(**params).fit(X, y)
    assert ours.dual_gap_ <= 1e-12 * np.dot(y - y.mean(), y - y.mean()) / 60
    assert _kkt_violation(X, y, ours.coef_, ours.intercept_, alpha,
                          positive=positive) < 1e-7  # fmt: skip

    # Primal objectives agree (the solution of a p >> n Lasso need not be
    # unique, so compare objectives rather than coefficients).
    def objective(model):
        resid = y - X @ model.coef_ - model.intercept_
        return resid @ resid / (2 * 60) + alpha * np.abs(model.coef_).sum()

    assert objective(ours) <= objective(ref) * (1 + 1e-9)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_tall_design_with_threaded_blas_matches_sklearn(fit_intercept):
    # n >= 32768 takes the estimators' threaded-BLAS route (and the kernel's
    # BLAS dots); results must not depend on it.
    X, y = _ar1(40_000, 12, 0.6, seed=5)
    alpha = 0.01 * enet_alpha_max(X, y, l1_ratio=1.0, fit_intercept=fit_intercept)
    params = {"alpha": alpha, "fit_intercept": fit_intercept, **TIGHT}
    ours = Lasso(**params).fit(X, y)
    ref = sk.Lasso(**params).fit(X, y)
    assert _rel_err(ours.coef_, ref.coef_) < 1e-6
    assert abs(ours.intercept_ - ref.intercept_) < 1e-6 * max(abs(ref.intercept_), 1)


def test_working_set_follows_the_current_residual_on_sparse_data():
    # Sparse design where the best dual point so far stays the first one
    # (X^T y) for many outer steps: a working set ranked by that stale point
    # left out the features the residual wanted, and the solver doubled the
    # set up to all 50000 features again and again (72 epochs).  Ranked by
    # the current step's dual point: 10 epochs.
    rng = np.random.default_rng(1)
    n, p = 20_000, 50_000
    X = sparse.random(n, p, density=1e-3, format="csc", random_state=rng,
                      data_rvs=rng.standard_normal)  # fmt: skip
    coef = np.zeros(p)
    coef[rng.choice(p, 50, replace=False)] = rng.standard_normal(50)
    signal = X @ coef
    y = signal + rng.standard_normal(n) * signal.std() / 3
    alpha = enet_alpha_max(X, y, l1_ratio=1.0) / 20
    model = Lasso(alpha=alpha, tol=1e-6).fit(X, y)
    assert model.n_iter_ <= 30, model.n_iter_
    assert _kkt_violation(X, y, model.coef_, model.intercept_, alpha) < 1e-4


def test_support_solve_runs_on_small_problems_where_cd_crawls():
    # Positive Lasso with p >> n, a duplicated column and a small alpha: the
    # support reaches n, and coordinate descent crawls along the null space
    # of the support columns (20000 epochs without converging).  The support
    # solve's workspace is tiny here but was more than 5 % of this small X,
    # so its memory cap kept it from running; it is now allowed a small
    # absolute budget and converges in a few hundred epochs.
    from skreg import _cd

    rng = np.random.default_rng(0)
    n, p = 40, 450
    X = rng.standard_normal((n, p))
    X[:, 1] = X[:, 0]
    y = X[:, :5] @ rng.standard_normal(5) + rng.standard_normal(n)
    alpha = 1e-3 * np.max(X.T @ (y - y.mean())) / n
    params = {"alpha": alpha, "positive": True, "tol": 1e-10, "max_iter": 20_000}
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model = Lasso(**params).fit(X, y)
    assert model.n_iter_ < 2_000, model.n_iter_
    assert _kkt_violation(X, y, model.coef_, model.intercept_, alpha,
                          positive=True) < 1e-6  # fmt: skip
    _cd._set_support_newton(False)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            without = Lasso(**params).fit(X, y)
    finally:
        _cd._set_support_newton(True)
    # Not converged: all max_iter epochs ran (n_iter_ adds the outer passes).
    assert without.n_iter_ >= params["max_iter"]
    assert without.dual_gap_ > params["tol"] * np.var(y)


def _recording(path, calls):
    """``path`` with its calls' alphas and the design it was given recorded."""

    def recorded(X, y, **kwargs):
        calls.append((np.copy(kwargs["alphas"]), kwargs.get("_design")))
        return path(X, y, **kwargs)

    if path is enet_path:
        # Keep l1_ratio in the signature: the CV classes pass it only to a
        # path that takes it.
        def recorded_enet(X, y, *, l1_ratio=0.5, **kwargs):
            return recorded(X, y, l1_ratio=l1_ratio, **kwargs)

        return recorded_enet
    return recorded


@pytest.mark.parametrize("sparse_X", [False, True])
def test_fit_and_cv_go_through_the_estimators_path(sparse_X):
    # The path is the estimators' hook (scikit-learn's): fit solves its alpha
    # and every CV fold its grid by calling estimator.path, with the design
    # prepared once (centered, weighted, the Gram matrix decided).
    X = sparse.csc_matrix(X_DIAB) if sparse_X else X_DIAB
    sw = np.random.RandomState(0).uniform(0.5, 2.0, X_DIAB.shape[0])
    for Estimator, path in ((Lasso, enet_path), (ElasticNet, enet_path)):
        calls = []
        Recording = type("Recording", (Estimator,), {})
        Recording.path = staticmethod(_recording(path, calls))
        model = Recording(alpha=0.05).fit(X, Y_DIAB, sample_weight=sw)
        assert len(calls) == 1
        np.testing.assert_array_equal(calls[0][0], [0.05])
        assert calls[0][1] is not None
        reference = Estimator(alpha=0.05).fit(X, Y_DIAB, sample_weight=sw)
        np.testing.assert_array_equal(model.coef_, reference.coef_)
    for Estimator, path in ((LassoCV, lasso_path), (ElasticNetCV, enet_path)):
        calls = []
        Recording = type("Recording", (Estimator,), {})
        Recording.path = staticmethod(_recording(path, calls))
        model = Recording(cv=3, alphas=10).fit(X, Y_DIAB)
        # One path per fold, then the refit's single alpha (an ElasticNet or
        # Lasso, whose own path is not the recorded one).
        assert len(calls) == 3
        for alphas, design in calls:
            np.testing.assert_array_equal(alphas, model.alphas_)
            assert design is not None
        reference = Estimator(cv=3, alphas=10).fit(X, Y_DIAB)
        np.testing.assert_array_equal(model.mse_path_, reference.mse_path_)
