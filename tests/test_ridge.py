"""Ridge and RidgeCV: parity with scikit-learn, optimality, leave-one-out."""

import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn.datasets import load_diabetes, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Ridge as SkRidge
from sklearn.linear_model import RidgeCV as SkRidgeCV

from skreg.linear_model import Ridge, RidgeCV

SOLVERS = ["cholesky", "svd", "sparse_cg", "lsqr", "gd"]
# Iterative solvers run to a tight tolerance so that 1e-6 parity is a test
# of the optimum they reach, not of where they stop.
TIGHT = {"tol": 1e-12, "max_iter": 100_000}


def _problem(case, seed=0):
    """(X, y, sample_weight) for the parity cases of the issue."""
    rng = np.random.default_rng(seed)
    n, p = (15, 40) if case == "p>n" else (60, 12)
    X = rng.standard_normal((n, p)) + rng.uniform(-3, 3, p)
    if case == "collinear":
        X[:, 1] = X[:, 0] + 1e-6 * rng.standard_normal(n)
    y = X @ rng.standard_normal(p) + 0.5 * rng.standard_normal(n) + 4.0
    if case == "multi-target":
        y = np.column_stack([y, rng.standard_normal(n), -2 * y])
    sw = rng.uniform(0.2, 3.0, n) if case == "sample_weight" else None
    if case == "sparse":
        X[rng.random(X.shape) < 0.6] = 0.0
        X = sparse.csr_matrix(X)
    return X, y, sw


def _reference(X, y, sw, alpha, fit_intercept=True):
    """scikit-learn's most accurate solver for the same problem."""
    solver = "sparse_cg" if sparse.issparse(X) else "svd"
    params = {"tol": 1e-14, "max_iter": 100_000} if solver == "sparse_cg" else {}
    return SkRidge(
        alpha=alpha, fit_intercept=fit_intercept, solver=solver, **params
    ).fit(X, y, sample_weight=sw)


def _assert_same_fit(ours, ref, rtol=1e-6):
    scale = np.max(np.abs(ref.coef_))
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=rtol, atol=rtol * scale)
    np.testing.assert_allclose(
        ours.intercept_, ref.intercept_, rtol=rtol, atol=rtol * scale
    )


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize(
    "case",
    ["dense", "sparse", "sample_weight", "multi-target", "p>n", "collinear"],
)
def test_parity_with_sklearn(solver, case):
    X, y, sw = _problem(case)
    if solver == "svd" and sparse.issparse(X):
        # scikit-learn's error for an intercept on sparse data.
        with pytest.raises(ValueError, match="sparse"):
            Ridge(solver="svd").fit(X, y)
        return
    alpha = [0.3, 1.0, 5.0] if case == "multi-target" else 0.7
    ours = Ridge(alpha=alpha, solver=solver, random_state=0, **TIGHT).fit(
        X, y, sample_weight=sw
    )
    _assert_same_fit(ours, _reference(X, y, sw, alpha))
    assert ours.coef_.shape == (np.shape(y)[1:] + (X.shape[1],))
    if solver in ("cholesky", "svd"):
        assert ours.n_iter_ is None  # as scikit-learn's closed forms
    else:
        assert np.all(ours.n_iter_ >= 1)


@pytest.mark.parametrize("solver", ["cholesky", "sparse_cg", "lsqr", "gd"])
def test_no_intercept_sparse_and_dense_agree(solver):
    X, y, sw = _problem("sparse")
    ours = Ridge(fit_intercept=False, solver=solver, random_state=0, **TIGHT)
    ours.fit(X, y, sample_weight=np.linspace(0.5, 2, X.shape[0]))
    ref = _reference(X.toarray(), y, np.linspace(0.5, 2, X.shape[0]), 1.0, False)
    _assert_same_fit(ours, ref)
    assert ours.intercept_ == 0.0


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("dense", [True, False])
def test_normal_equations_hold(solver, dense):
    """X_c^T S (y - Xw - b) = alpha w and sum_i s_i (y_i - x_i w - b) = 0."""
    X, y, _ = _problem("sparse")
    if dense:
        X = X.toarray()
    elif solver == "svd":
        return
    sw = np.random.default_rng(1).uniform(0.1, 2.0, X.shape[0])
    alpha = 2.5
    est = Ridge(alpha=alpha, solver=solver, random_state=0, **TIGHT)
    est.fit(X, y, sample_weight=sw)
    Xd = X.toarray() if sparse.issparse(X) else X
    residual = y - Xd @ est.coef_ - est.intercept_
    gradient = Xd.T @ (sw * residual) - alpha * est.coef_
    assert np.max(np.abs(gradient)) < 1e-8 * np.max(np.abs(Xd.T @ (sw * y)))
    assert abs(sw @ residual) < 1e-8 * np.abs(sw @ y)


@pytest.mark.parametrize("solver", ["sparse_cg", "lsqr", "gd"])
def test_iterative_solvers_reach_closed_form(solver):
    X, y = load_diabetes(return_X_y=True)
    closed = Ridge(alpha=0.01, solver="cholesky").fit(X, y)
    iterative = Ridge(alpha=0.01, solver=solver, tol=1e-10, max_iter=50_000)
    iterative.fit(X, y)
    np.testing.assert_allclose(iterative.coef_, closed.coef_, rtol=1e-6)
    assert iterative.solver_ == solver
    assert np.all(iterative.n_iter_ >= 1)


@pytest.mark.parametrize("tol", [1e-14, 0.0])
@pytest.mark.parametrize("solver", ["sparse_cg", "lsqr", "gd"])
def test_iterative_solvers_warn_at_max_iter(solver, tol):
    X, y = load_diabetes(return_X_y=True)
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        est = Ridge(alpha=1e-3, solver=solver, tol=tol, max_iter=2).fit(X, y)
    assert np.all(est.n_iter_ == 2)


def test_cg_alias_and_auto_rule():
    X, y, _ = _problem("sparse")
    assert Ridge(solver="cg").fit(X, y).solver_ == "sparse_cg"
    assert Ridge().fit(X, y).solver_ == "sparse_cg"
    assert Ridge().fit(X.toarray(), y).solver_ == "cholesky"


def test_sparse_cholesky_with_intercept_matches_dense():
    X, y, sw = _problem("sparse")
    ours = Ridge(solver="cholesky").fit(X, y, sample_weight=sw)
    _assert_same_fit(ours, _reference(X.toarray(), y, sw, 1.0), rtol=1e-9)


@pytest.mark.parametrize("shape", [(80, 6), (6, 80)])
def test_large_offsets_are_centered_accurately(shape):
    """Column means 1e6 times the spread: the rank-one correction would lose
    12 digits, so the closed form must center explicitly."""
    rng = np.random.default_rng(3)
    X = rng.standard_normal(shape) + 1e6
    y = X[:, 0] - 1e6 + 0.1 * rng.standard_normal(shape[0])
    ours = Ridge(alpha=0.1, solver="cholesky").fit(X, y)
    _assert_same_fit(ours, _reference(X, y, None, 0.1))


@pytest.mark.parametrize("perturbation", [0.0, 1e-12])
def test_singular_system_falls_back_to_svd(perturbation):
    """Exactly or to rounding (proportional columns) singular: 'svd', as
    sklearn, with the minimum-norm solution.  (scikit-learn's own 'svd'
    keeps singular values above an absolute 1e-15, rounding included here,
    and returns coefficients of 1e13: the reference is LAPACK's lstsq.)"""
    X, y, _ = _problem("dense")
    X = np.column_stack([X, X[:, :3] * (1 + perturbation)])
    ours = Ridge(alpha=0.0).fit(X, y)
    assert ours.solver_ == "svd"
    Xc = X - X.mean(axis=0)
    coef = np.linalg.lstsq(Xc, y - y.mean(), rcond=None)[0]
    np.testing.assert_allclose(ours.coef_, coef, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.intercept_, y.mean() - X.mean(axis=0) @ coef)


def _spy_mixed_precision(monkeypatch):
    """Record whether each dense float64 'cholesky' fit took the
    mixed-precision path (True) or fell back to the float64 one (False)."""
    from skreg.linear_model import _ridge_solvers

    outcomes = []
    original = _ridge_solvers._solve_cholesky_mixed

    def spy(*args, **kwargs):
        result = original(*args, **kwargs)
        outcomes.append(result is not None)
        return result

    monkeypatch.setattr(_ridge_solvers, "_solve_cholesky_mixed", spy)
    return outcomes


def _float64_path_fit(monkeypatch, X, y, sw, **params):
    """The same fit with the mixed-precision path disabled."""
    from skreg.linear_model import _ridge_solvers

    with monkeypatch.context() as patch:
        patch.setattr(_ridge_solvers, "_solve_cholesky_mixed", lambda *a, **k: None)
        return Ridge(solver="cholesky", **params).fit(X, y, sample_weight=sw)


@pytest.mark.parametrize(
    "case", ["dense", "sample_weight", "multi-target", "p>n", "large-offset"]
)
def test_mixed_precision_refinement_reaches_float64_solution(monkeypatch, case):
    """The float32 Gram + float64 refinement path is taken on well-conditioned
    problems and lands on the float64 closed form to rounding level."""
    X, y, sw = _problem("dense" if case == "large-offset" else case)
    if case == "large-offset":
        # Means ~30 spreads: within the implicit-centering limit (1e4 on the
        # squared ratio), far beyond what a float32 rank-one correction takes.
        X = X + 30.0
    outcomes = _spy_mixed_precision(monkeypatch)
    ours = Ridge(alpha=1.0, solver="cholesky").fit(X, y, sample_weight=sw)
    assert outcomes == [True]
    plain = _float64_path_fit(monkeypatch, X, y, sw, alpha=1.0)
    _assert_same_fit(ours, plain, rtol=1e-11)
    _assert_same_fit(ours, _reference(X, y, sw, 1.0), rtol=1e-9)


@pytest.mark.parametrize("shape", [(200, 30), (30, 200)])
def test_mixed_precision_normal_equations_and_alpha_per_target(monkeypatch, shape):
    """Two penalties (two factorizations), weights and an intercept: the
    refined coefficients satisfy the float64 normal equations to rounding."""
    rng = np.random.default_rng(11)
    X = rng.standard_normal(shape) * rng.uniform(0.5, 5, shape[1]) + 2.0
    y = np.column_stack(
        [X @ rng.standard_normal(shape[1]), rng.standard_normal(shape[0])]
    )
    sw = rng.uniform(0.5, 2.0, shape[0])
    alpha = np.array([0.3, 5.0])
    outcomes = _spy_mixed_precision(monkeypatch)
    ours = Ridge(alpha=alpha, solver="cholesky").fit(X, y, sample_weight=sw)
    assert outcomes == [True]
    m = np.average(X, axis=0, weights=sw)
    Xc = (X - m) * np.sqrt(sw)[:, None]
    yc = (y - np.average(y, axis=0, weights=sw)) * np.sqrt(sw)[:, None]
    for t in range(2):
        lhs = Xc.T @ (Xc @ ours.coef_[t]) + alpha[t] * ours.coef_[t]
        rhs = Xc.T @ yc[:, t]
        assert np.max(np.abs(lhs - rhs)) <= 1e-11 * np.max(np.abs(rhs))


def test_ill_conditioned_system_falls_back_to_float64(monkeypatch):
    """cond(A) * eps32 >~ 1 (a nearly collinear pair, tiny alpha): refinement
    is not attempted or does not converge; the float64 path answers, so the
    fit equals sklearn's as before."""
    X, y, _ = _problem("collinear")
    outcomes = _spy_mixed_precision(monkeypatch)
    ours = Ridge(alpha=1e-6, solver="cholesky").fit(X, y)
    assert outcomes == [False]
    ref = SkRidge(alpha=1e-6, solver="cholesky").fit(X, y)
    plain = _float64_path_fit(monkeypatch, X, y, None, alpha=1e-6)
    np.testing.assert_array_equal(ours.coef_, plain.coef_)
    _assert_same_fit(ours, ref)


@pytest.mark.parametrize("shape", [(60, 12), (15, 40)])
def test_scipy_factorization_of_large_systems_gives_the_same_fits(monkeypatch, shape):
    """Systems beyond _NUMPY_CHOLESKY_MAX_ORDER are factored in place by
    SciPy's LAPACK: same mixed-precision and float64 fits, same fallback to
    'svd' on a singular system, as NumPy's factorization."""
    from skreg.linear_model import _ridge_solvers

    rng = np.random.default_rng(5)
    X = rng.standard_normal(shape) + 2.0
    y = X @ rng.standard_normal(shape[1]) + rng.standard_normal(shape[0])
    # Repeated columns (primal); with p > n the centered X X^T is singular.
    X_singular = np.column_stack([X, X[:, :3]]) if shape[0] > shape[1] else X

    def fits():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scipy's ill-conditioning warnings
            return [
                Ridge(alpha=1.0).fit(X, y),
                Ridge(alpha=1.0, copy_X=False).fit(X.copy(), y),
                Ridge(alpha=0.0).fit(X_singular, y),
            ]

    numpy_fits = fits()
    monkeypatch.setattr(_ridge_solvers, "_NUMPY_CHOLESKY_MAX_ORDER", 0)
    scipy_fits = fits()
    for ours, other in zip(numpy_fits, scipy_fits, strict=True):
        assert ours.solver_ == other.solver_
        _assert_same_fit(ours, other, rtol=1e-12)
    assert [fit.solver_ for fit in numpy_fits] == ["cholesky", "cholesky", "svd"]


def test_refinement_stops_on_stagnation():
    """A factor of a different matrix: the residual does not contract, so
    the solver gives up (None) instead of returning a wrong answer."""
    from skreg.linear_model._ridge_solvers import _refined_solve

    rng = np.random.default_rng(5)
    A = rng.standard_normal((40, 8))
    gram = A.T @ A
    wrong = (gram * rng.uniform(0.3, 3.0, gram.shape[0])).astype(np.float32)
    wrong = (wrong + wrong.T) / 2 + 10 * np.eye(8, dtype=np.float32)
    rhs = rng.standard_normal((8, 1))
    assert _refined_solve(wrong, rhs, np.array([1e-3]), lambda V: gram @ V) is None
    exact = _refined_solve(
        gram.astype(np.float32), rhs, np.array([1.0]), lambda V: gram @ V
    )
    np.testing.assert_allclose(
        exact, np.linalg.solve(gram + np.eye(8), rhs), rtol=1e-12, atol=0
    )


@pytest.mark.parametrize("solver", ["cholesky", "svd", "sparse_cg", "lsqr"])
def test_float32_preserved(solver):
    X, y, _ = _problem("dense")
    est32 = Ridge(solver=solver).fit(X.astype(np.float32), y.astype(np.float32))
    est64 = Ridge(solver=solver, tol=1e-10).fit(X, y)
    assert est32.coef_.dtype == np.float32
    assert est32.predict(X.astype(np.float32)).dtype == np.float32
    np.testing.assert_allclose(est32.coef_, est64.coef_, rtol=1e-3, atol=1e-3)


def test_alpha_per_target_and_one_target_2d():
    X, y, _ = _problem("multi-target")
    est = Ridge(alpha=[0.1, 1.0, 10.0]).fit(X, y)
    for t, alpha in enumerate([0.1, 1.0, 10.0]):
        single = Ridge(alpha=alpha).fit(X, y[:, t])
        np.testing.assert_allclose(est.coef_[t], single.coef_, rtol=1e-10)
    one = Ridge().fit(X, y[:, :1])
    assert one.coef_.shape == (X.shape[1],) and one.intercept_.shape == (1,)


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"solver": "lbfgs"}, ValueError, "only when positive=True"),
        ({"positive": True, "solver": "svd"}, ValueError, "positive fitting"),
        ({"positive": True, "solver": "sag"}, ValueError, "positive fitting"),
        ({"alpha": -1.0}, ValueError, "alpha"),
        ({"alpha": [1.0, 2.0]}, ValueError, "penalties"),
        ({"alpha": [np.nan]}, ValueError, "finite"),
        ({"solver": "bogus"}, ValueError, "solver"),
    ],
)
def test_bad_parameters(params, error, match):
    X, y, _ = _problem("dense")
    with pytest.raises(error, match=match):
        Ridge(**params).fit(X, y)


@pytest.mark.parametrize("solver", ["auto", "svd", "sparse_cg"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_x_rejected(solver, bad):
    X, y, _ = _problem("dense")
    X[3, 2] = bad
    with pytest.raises(ValueError, match="NaN|infinity"):
        Ridge(solver=solver).fit(X, y)


def test_other_bad_input():
    X, y, _ = _problem("dense")
    # Entries of 1e160 square beyond float64: the problem is rescaled by a
    # power of two first, so the fit is the (effectively unpenalized) one.
    huge = Ridge().fit(X * 1e160, y)
    np.testing.assert_allclose(
        huge.predict(X * 1e160), Ridge(alpha=0.0).fit(X, y).predict(X), rtol=1e-8
    )
    with pytest.raises(ValueError, match="NaN"):
        Ridge().fit(X, np.where(np.arange(len(y)) == 2, np.nan, y))
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        Ridge().fit(X, y[:-1])
    with pytest.raises(ValueError, match="could not convert|dtype"):
        Ridge().fit(np.full(X.shape, "a"), y)
    with pytest.raises(ValueError, match="0 sample"):
        Ridge().fit(X[:0], y[:0])
    fitted = Ridge().fit(X, y)
    with pytest.raises(ValueError, match="features"):
        fitted.predict(X[:, :-1])
    with pytest.raises(ValueError, match="Negative values"):
        Ridge().fit(X, y, sample_weight=-np.ones(len(y)))
    with pytest.raises(ValueError, match="at least one non-zero"):
        Ridge().fit(X, y, sample_weight=np.zeros(len(y)))


# ----------------------------------------------------------------- RidgeCV


def _brute_force_loo(X, y, sw, alpha, fit_intercept=True):
    """Squared leave-one-out errors, times the weights, by n refits."""
    n = X.shape[0]
    errors = np.empty(np.shape(y))
    for i in range(n):
        keep = np.arange(n) != i
        est = SkRidge(alpha=alpha, fit_intercept=fit_intercept, solver="svd")
        est.fit(X[keep], y[keep], sample_weight=None if sw is None else sw[keep])
        weight = 1.0 if sw is None else sw[i]
        errors[i] = weight * (y[i] - est.predict(X[i : i + 1])[0]) ** 2
    return errors


@pytest.mark.parametrize("shape", [(25, 6), (8, 20)])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("gcv_mode", [None, "svd"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_loo_errors_equal_brute_force(shape, weighted, gcv_mode, fit_intercept):
    rng = np.random.default_rng(7)
    X = rng.standard_normal(shape) + 2.0
    y = X @ rng.standard_normal(shape[1]) + rng.standard_normal(shape[0]) + 1.0
    sw = rng.uniform(0.3, 2.0, shape[0]) if weighted else None
    alphas = [0.05, 1.0, 30.0]
    cv = RidgeCV(
        alphas=alphas,
        gcv_mode=gcv_mode,
        store_cv_results=True,
        fit_intercept=fit_intercept,
    ).fit(X, y, sample_weight=sw)
    assert cv.cv_results_.shape == (shape[0], len(alphas))
    for k, alpha in enumerate(alphas):
        expected = _brute_force_loo(X, y, sw, alpha, fit_intercept)
        np.testing.assert_allclose(cv.cv_results_[:, k], expected, rtol=1e-8)


@pytest.mark.parametrize("gcv_mode", ["eigen", "svd"])
@pytest.mark.parametrize("weighted", [False, True])
def test_loo_predictions_at_a_tiny_alpha_on_wide_x(gcv_mode, weighted):
    # At alpha=1e-5 the fit nearly interpolates a 10 x 50 design: the
    # residuals and 1 - H_ii are tiny, and forming them by subtraction left
    # leave-one-out predictions 5e-7 to 1e-6 off (scikit-learn's own
    # test_ridge_cv_results_predictions asks 1e-6).
    X, y = make_regression(n_samples=10, n_features=50, n_targets=2, random_state=0)
    sw = np.where(np.arange(10) % 2 == 0, 0.5, 1.0) if weighted else None
    alphas = np.logspace(-5, 7, 5)
    cv = RidgeCV(
        alphas=alphas,
        gcv_mode=gcv_mode,
        scoring="neg_mean_squared_error",
        store_cv_results=True,
    ).fit(X, y, sample_weight=sw)
    for i in range(10):
        keep = np.arange(10) != i
        naive = Ridge(alpha=alphas[0], solver="svd").fit(
            X[keep], y[keep], sample_weight=None if sw is None else sw[keep]
        )
        np.testing.assert_allclose(
            cv.cv_results_[i, :, 0], naive.predict(X[i : i + 1])[0], rtol=3e-7
        )


@pytest.mark.parametrize("shape", [(200, 10), (20, 60)])
@pytest.mark.parametrize("weighted", [False, True])
def test_ridgecv_matches_sklearn(shape, weighted):
    rng = np.random.default_rng(11)
    X = rng.standard_normal(shape)
    y = X @ rng.standard_normal(shape[1]) + 3 * rng.standard_normal(shape[0])
    sw = rng.uniform(0.3, 2.0, shape[0]) if weighted else None
    alphas = np.logspace(-3, 3, 13)
    ours = RidgeCV(alphas=alphas, store_cv_results=True).fit(X, y, sample_weight=sw)
    ref = SkRidgeCV(alphas=alphas, store_cv_results=True).fit(X, y, sample_weight=sw)
    assert ours.alpha_ == ref.alpha_
    np.testing.assert_allclose(ours.best_score_, ref.best_score_, rtol=1e-6)
    np.testing.assert_allclose(ours.cv_results_, ref.cv_results_, rtol=1e-6)
    _assert_same_fit(ours, ref)


def test_ridgecv_multi_target_alpha_per_target_and_scoring():
    X, y, _ = _problem("multi-target")
    alphas = np.logspace(-2, 3, 11)
    ours = RidgeCV(alphas=alphas, alpha_per_target=True, store_cv_results=True)
    ref = SkRidgeCV(alphas=alphas, alpha_per_target=True, store_cv_results=True)
    ours.fit(X, y)
    ref.fit(X, y)
    np.testing.assert_array_equal(ours.alpha_, ref.alpha_)
    np.testing.assert_allclose(ours.best_score_, ref.best_score_, rtol=1e-6)
    assert ours.cv_results_.shape == (X.shape[0], 3, len(alphas))
    np.testing.assert_allclose(ours.cv_results_, ref.cv_results_, rtol=1e-6)
    _assert_same_fit(ours, ref)
    for kwargs in ({"scoring": "r2"}, {"scoring": "neg_mean_absolute_error"}):
        a = RidgeCV(alphas=alphas, store_cv_results=True, **kwargs).fit(X, y)
        b = SkRidgeCV(alphas=alphas, store_cv_results=True, **kwargs).fit(X, y)
        assert a.alpha_ == b.alpha_
        np.testing.assert_allclose(a.best_score_, b.best_score_, rtol=1e-6)
        # With a scorer, cv_results_ holds the leave-one-out predictions.
        np.testing.assert_allclose(a.cv_results_, b.cv_results_, rtol=1e-6)


def test_ridgecv_sparse_matches_dense():
    X, y, sw = _problem("sparse")
    alphas = [0.1, 1.0, 10.0]
    sparse_fit = RidgeCV(alphas=alphas, store_cv_results=True).fit(X, y)
    dense_fit = RidgeCV(alphas=alphas, store_cv_results=True).fit(X.toarray(), y)
    np.testing.assert_allclose(sparse_fit.cv_results_, dense_fit.cv_results_, rtol=1e-8)
    assert sparse_fit.alpha_ == dense_fit.alpha_


def test_ridgecv_svd_mode_on_sparse_warns_and_falls_back():
    X, y, _ = _problem("sparse")
    with pytest.warns(FutureWarning, match="not supported for sparse"):
        est = RidgeCV(gcv_mode="svd").fit(X, y)
    assert est.alpha_ == RidgeCV().fit(X, y).alpha_


def test_ridgecv_kfold_matches_sklearn():
    X, y = load_diabetes(return_X_y=True)
    alphas = [0.001, 0.01, 0.1, 1.0]
    ours = RidgeCV(alphas=alphas, cv=5).fit(X, y)
    ref = SkRidgeCV(alphas=alphas, cv=5).fit(X, y)
    assert ours.alpha_ == ref.alpha_
    np.testing.assert_allclose(ours.best_score_, ref.best_score_, rtol=1e-8)
    _assert_same_fit(ours, ref)


def test_ridgecv_float32_attributes():
    X, y, _ = _problem("dense")
    est = RidgeCV().fit(X.astype(np.float32), y.astype(np.float32))
    assert est.coef_.dtype == np.float32


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"alphas": [0.0, 1.0]}, "alphas\\[0\\] == 0"),
        ({"alphas": [1.0, -1.0], "cv": 3}, "alphas\\[1\\] == -1"),
        ({"cv": 3, "store_cv_results": True}, "incompatible"),
        ({"cv": 3, "alpha_per_target": True}, "incompatible"),
    ],
)
def test_ridgecv_bad_parameters(params, match):
    X, y, _ = _problem("dense")
    with pytest.raises(ValueError, match=match):
        RidgeCV(**params).fit(X, y)


def test_ridgecv_rejects_nan_and_single_sample():
    X, y, _ = _problem("dense")
    X[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        RidgeCV().fit(X, y)
    with pytest.raises(ValueError, match="n_samples=1"):
        RidgeCV().fit(np.ones((1, 3)), [1.0])


@pytest.mark.parametrize("shape", [(60, 12), (15, 40)])
def test_singular_detection_does_not_depend_on_the_factorization(monkeypatch, shape):
    """Another CPU's kernel rounds a singular system differently, so that its
    factorization may succeed: simulated by factoring the matrix lifted by
    20 eps times its diagonal (which makes the pivot of a repeated column
    ~40 eps of its diagonal and rcond ~44 eps: rcond < eps alone would call
    it regular).  The system is still found singular (by the shape, or the
    pivot threshold relative to the diagonal) and the fit is the
    minimum-norm one, as with the unperturbed kernel."""
    from skreg.linear_model import _ridge_solvers

    rng = np.random.default_rng(5)
    X = rng.standard_normal(shape)
    if shape[0] > shape[1]:
        X = np.column_stack([X, X[:, :3]])
    else:
        X += 2.0
    y = X @ rng.standard_normal(X.shape[1]) + rng.standard_normal(shape[0])
    expected = Ridge(alpha=0.0).fit(X, y)
    original = _ridge_solvers._cholesky_upper

    def lifted(matrix):
        lift = 20 * np.finfo(matrix.dtype).eps * matrix.diagonal()
        return original(matrix + np.diag(lift))

    monkeypatch.setattr(_ridge_solvers, "_cholesky_upper", lifted)
    ours = Ridge(alpha=0.0).fit(X, y)
    assert expected.solver_ == ours.solver_ == "svd"
    _assert_same_fit(ours, expected, rtol=1e-12)


@pytest.mark.parametrize("solver", ["sag", "saga"])
@pytest.mark.parametrize("case", ["dense", "sparse", "sample_weight", "multi-target"])
def test_sag_names_reach_sklearn_solution(solver, case):
    """'sag' and 'saga' run the conjugate gradient: scikit-learn's solution
    (its stochastic solver's limit) to tight tolerance, n_iter_ its steps."""
    X, y, sw = _problem(case)
    alpha = [0.3, 1.0, 5.0] if case == "multi-target" else 0.7
    if case == "sparse" and solver == "saga":
        # scikit-learn's error for an intercept on sparse data with 'saga'.
        with pytest.raises(ValueError, match="intercept on sparse"):
            Ridge(solver=solver).fit(X, y)
        ours = Ridge(alpha=alpha, solver=solver, fit_intercept=False, **TIGHT)
        ours.fit(X, y, sample_weight=sw)
        _assert_same_fit(ours, _reference(X, y, sw, alpha, fit_intercept=False))
        return
    ours = Ridge(alpha=alpha, solver=solver, **TIGHT).fit(X, y, sample_weight=sw)
    _assert_same_fit(ours, _reference(X, y, sw, alpha))
    assert ours.solver_ == solver
    assert np.all(ours.n_iter_ >= 1)


@pytest.mark.parametrize("solver", ["auto", "lbfgs"])
@pytest.mark.parametrize("case", ["dense", "sparse", "sample_weight", "p>n"])
def test_positive_matches_sklearn(solver, case):
    """positive=True: L-BFGS-B with bounds, scikit-learn's solution; the
    KKT conditions of the bound-constrained problem hold."""
    X, y, sw = _problem(case)
    y = y - 2.0 * (X[:, 0].toarray().ravel() if sparse.issparse(X) else X[:, 0])
    params = {"alpha": 0.7, "positive": True, "solver": solver, "tol": 1e-10}
    ours = Ridge(**params).fit(X, y, sample_weight=sw)
    ref = SkRidge(**params).fit(X, y, sample_weight=sw)
    assert ours.solver_ == "lbfgs"
    assert np.all(ours.coef_ >= 0) and np.any(ours.coef_ == 0)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-4, atol=1e-6)
    Xd = X.toarray() if sparse.issparse(X) else X
    s = np.ones(len(y)) if sw is None else sw
    residual = y - Xd @ ours.coef_ - ours.intercept_
    gradient = Xd.T @ (s * residual) - 0.7 * ours.coef_  # -(d objective)/2
    scale = np.abs(Xd.T @ (s * y)).max()
    active = ours.coef_ > 0
    assert np.all(np.abs(gradient[active]) <= 1e-5 * scale)
    assert np.all(gradient[~active] <= 1e-5 * scale)
