"""Differential tests against scikit-learn on degenerate random problems.

Each family fits at least 500 problems from ``_differential.make_problem``
(seeded: a failure names its seed, and ``make_problem(seed).describe()``
rebuilds it) with skreg and with scikit-learn's twin, same parameters, and
asserts:

* the same error class where scikit-learn raises (and no error where it
  does not), except where skreg documents a superset (noted at the check);
* the same dtypes of the fitted attributes and predictions;
* the same predictions relative to y's scale, on the samples of positive
  weight, where the fit is unique; the same objective value where the
  solution is not.

scikit-learn is itself wrong on some of these inputs (its 'svd' cuts
singular values at an absolute 1e-15, its 'sparse_cg' diverges on a singular
dual system): every fit is therefore also compared with an independent
reference (LAPACK least squares for Ridge), and where scikit-learn misses the
optimum skreg must reach an objective at least as low.
"""

import warnings

import numpy as np
import pytest
from _differential import make_problem, ridge_objective, ridge_truth
from scipy import sparse
from sklearn import linear_model as sk_linear_model
from sklearn.exceptions import ConvergenceWarning

import skreg

N_PROBLEMS = 500
CHUNK = 50
CHUNKS = range(N_PROBLEMS // CHUNK)


def _fit(estimator, X, y, sample_weight=None):
    """(fitted estimator, None) or (None, the exception)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if sample_weight is None:
                return estimator.fit(X, y), None
            return estimator.fit(X, y, sample_weight=sample_weight), None
        except (ValueError, TypeError, ArithmeticError, np.linalg.LinAlgError) as exc:
            return None, exc


def _error_kind(exc):
    for kind in (TypeError, ValueError, ArithmeticError):
        if isinstance(exc, kind):
            return kind.__name__
    return type(exc).__name__


def _check_same_error(ours, our_error, ref_error, context):
    """Where scikit-learn raises, skreg raises the same class."""
    assert our_error is not None, (
        f"{context}: scikit-learn raised {ref_error!r}, skreg fitted"
    )
    assert _error_kind(our_error) == _error_kind(ref_error), (
        f"{context}: skreg raised {our_error!r}, scikit-learn {ref_error!r}"
    )


def _run_chunk(chunk, check):
    """Run ``check(seed)`` over one chunk of seeds; report every failure."""
    failures = []
    for seed in range(chunk * CHUNK, (chunk + 1) * CHUNK):
        try:
            check(seed)
        except AssertionError as exc:
            failures.append(f"seed {seed}: {str(exc)[:600]}")
    assert not failures, "\n".join(failures[:5]) + f"\n({len(failures)} failures)"


# ------------------------------------------------------------------ Ridge

RIDGE_SOLVERS = ["auto", "cholesky", "svd", "sparse_cg", "lsqr"]
# Problems have at most 30 features: conjugate gradients and LSQR converge in
# a few times that many iterations, and a diverging run stops early.
ITERATIVE = {"tol": 1e-13, "max_iter": 1000}


def _ridge_alpha(rng, problem, fit_intercept):
    if rng.random() < 0.35:
        return 0.0
    X = problem.dense_X.astype(np.float64)
    Xc = X - X.mean(axis=0) if fit_intercept else X
    size = float(np.sum(Xc**2)) / X.shape[1]
    return float(10 ** rng.uniform(-8, 2) * size) if size > 0 else 1.0


def _positive_rows(problem):
    if problem.sample_weight is None:
        return np.ones(problem.X.shape[0], dtype=bool)
    return np.asarray(problem.sample_weight) > 0


def _sklearn_breakdown(exc, solver):
    """scikit-learn's own numerical failure on finite input (its Gram matrix
    overflowing, its singular sparse 'cholesky' system falling back to
    'svd'), where skreg documents a correct fit instead."""
    text = str(exc)
    return "infs or NaNs" in text or (
        solver != "svd" and "SVD solver does not support sparse" in text
    )


def _evaluation_noise(Xd, coef, intercept):
    """Rounding of ``X w + b`` in float64, per row: a fit whose coefficients
    cancel each other at 1e14 has an objective value that is rounding."""
    coef = np.asarray(coef, np.float64).reshape(-1, Xd.shape[1])
    terms = np.abs(Xd) @ np.abs(coef).T + np.abs(np.asarray(intercept, np.float64))
    return np.finfo(np.float64).eps * Xd.shape[1] * terms


def _check_ridge_fit(
    problem, ours, ref, truth, alpha, context, fit_intercept, iterative
):
    """``ref`` is scikit-learn's fit, or None where only the reference
    applies.  Criteria: the objective within f_tol of the optimum (relative
    to its value at w = 0) for every fit; the predictions within pred_tol of
    the optimum's wherever scikit-learn's are within ref_tol (the fit is then
    well determined by the data; otherwise, as at alpha = 0 on a design
    whose rank is blurred by rounding, the objective decides).  In float32
    the data's own precision bounds every solver: skreg's objective may
    exceed the optimum's by up to twice scikit-learn's excess."""
    X, y, sw = problem.X, problem.y, problem.sample_weight
    if ref is not None:
        assert ours.coef_.dtype == ref.coef_.dtype, f"{context}: coef_ dtype"
        assert ours.predict(X).dtype == ref.predict(X).dtype, f"{context}: dtype"
        assert np.shape(ours.coef_) == np.shape(ref.coef_), f"{context}: coef_"
        assert np.shape(ours.intercept_) == np.shape(ref.intercept_), context
    else:
        assert ours.coef_.dtype == X.dtype, f"{context}: coef_ dtype"
    rows = _positive_rows(problem)
    y2 = np.asarray(y, np.float64).reshape(len(y), -1)
    y_scale = np.abs(y2[rows]).max() or 1.0
    Xd = problem.dense_X.astype(np.float64)
    truth_pred = Xd @ truth[0].T + truth[1]
    our_pred = np.asarray(ours.predict(X), np.float64).reshape(truth_pred.shape)
    f_truth = ridge_objective(Xd, y, *truth, alpha, sw)
    f_ours = ridge_objective(Xd, y, ours.coef_, ours.intercept_, alpha, sw)
    mean = np.average(y2, axis=0, weights=sw) if fit_intercept else 0 * y2[0]
    f_zero = ridge_objective(Xd, y, truth[0] * 0, mean, alpha, sw)
    f_zero = np.maximum(f_zero, np.finfo(float).tiny)
    float32 = X.dtype == np.float32
    pred_tol, ref_tol, f_tol = (1e-3, 1e-5, 1e-3) if float32 else (1e-6, 1e-8, 1e-9)
    if iterative:
        # skreg's conjugate gradients stop on the primal normal equations'
        # residual (scikit-learn's on the dual one when p > n): the same tol
        # leaves a different error along weakly determined directions.
        pred_tol *= 10
    our_excess = (f_ours - f_truth) / f_zero
    allowed = np.full_like(our_excess, f_tol)
    ref_reliable = False
    if ref is not None:
        ref_pred = np.asarray(ref.predict(X), np.float64).reshape(truth_pred.shape)
        noise = _evaluation_noise(Xd, ref.coef_, ref.intercept_)[rows].max()
        ref_reliable = np.all(np.isfinite(ref_pred)) and noise <= 1e-8 * y_scale
        f_ref = ridge_objective(Xd, y, ref.coef_, ref.intercept_, alpha, sw)
        f_ref = np.where(np.isfinite(f_ref), f_ref, np.inf)
        if float32 and ref_reliable:
            allowed = np.maximum(allowed, 2 * (f_ref - f_truth) / f_zero)
    assert np.all(our_excess <= allowed), f"{context}: objective excess {our_excess}"
    if ref is None or not ref_reliable:
        return
    our_error = np.abs(our_pred - truth_pred)[rows].max() / y_scale
    ref_error = np.abs(ref_pred - truth_pred)[rows].max() / y_scale
    if ref_error <= ref_tol:
        assert our_error <= pred_tol, (
            f"{context}: prediction error {our_error:.3g} (sklearn {ref_error:.3g})"
        )
    # Where scikit-learn missed the optimum, skreg must do at least as well.
    assert np.all(f_ours <= f_ref + f_tol * f_zero), f"{context}: {f_ours} > {f_ref}"


def _ridge_check(seed):
    problem = make_problem(seed)
    rng = np.random.default_rng(10_000 + seed)
    fit_intercept = bool(rng.random() < 0.8)
    alpha = _ridge_alpha(rng, problem, fit_intercept)
    X, y, sw = problem.X, problem.y, problem.sample_weight
    truth = ridge_truth(X, y, alpha, sw, fit_intercept)
    for solver in RIDGE_SOLVERS:
        params = {"alpha": alpha, "solver": solver, "fit_intercept": fit_intercept}
        params.update(ITERATIVE)  # 'auto' is 'sparse_cg' on sparse X
        if X.dtype == np.float32:
            params["tol"] = 1e-6  # what float32 resolves
        context = f"{problem.describe()} {params}"
        iterative = solver in ("sparse_cg", "lsqr") or (
            solver == "auto" and sparse.issparse(X)
        )
        ours, our_error = _fit(skreg.Ridge(**params), X, y, sw)
        ref, ref_error = _fit(sk_linear_model.Ridge(**params), X, y, sw)
        if ref_error is not None and sparse.issparse(X) and solver == "cholesky":
            # skreg's 'cholesky' fits sparse X with an intercept, and falls
            # back to a pseudo-inverse when singular, where scikit-learn
            # refuses: compared with scikit-learn's dense fit.
            ref, ref_error = _fit(
                sk_linear_model.Ridge(**params), problem.dense_X, y, sw
            )
        if ref_error is not None and _sklearn_breakdown(ref_error, solver):
            assert our_error is None, f"{context}: skreg raised {our_error!r}"
            _check_ridge_fit(
                problem, ours, None, truth, alpha, context, fit_intercept, iterative
            )
            continue
        if ref_error is not None:
            _check_same_error(ours, our_error, ref_error, context)
            continue
        assert our_error is None, f"{context}: skreg raised {our_error!r}"
        _check_ridge_fit(
            problem, ours, ref, truth, alpha, context, fit_intercept, iterative
        )
    # 'gd' has no scikit-learn twin: compared with the reference alone, on
    # one problem in five (first-order convergence on ill-conditioned
    # designs takes thousands of steps), to a looser objective tolerance.
    if seed % 5 == 0:
        gd = skreg.Ridge(
            alpha=alpha,
            solver="gd",
            fit_intercept=fit_intercept,
            random_state=0,
            tol=1e-10,
            max_iter=3000,
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ours = gd.fit(X, y, sample_weight=sw)
        context = f"{problem.describe()} gd alpha={alpha}"
        assert np.all(np.isfinite(ours.coef_)), context
        if any(issubclass(w.category, ConvergenceWarning) for w in caught):
            return  # slow on this conditioning, and said so
        Xd = problem.dense_X.astype(np.float64)
        f_truth = ridge_objective(Xd, y, *truth, alpha, sw)
        f_ours = ridge_objective(Xd, y, ours.coef_, ours.intercept_, alpha, sw)
        y2 = np.asarray(y, float).reshape(len(y), -1)
        mean = np.average(y2, axis=0, weights=sw) if fit_intercept else 0 * y2[0]
        f_zero = ridge_objective(Xd, y, truth[0] * 0, mean, alpha, sw)
        excess = (f_ours - f_truth) / np.maximum(f_zero, np.finfo(float).tiny)
        assert np.all(excess <= 1e-3), f"{context}: objective excess {excess}"


@pytest.mark.parametrize("chunk", CHUNKS)
def test_ridge_matches_sklearn(chunk):
    _run_chunk(chunk, _ridge_check)
