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
from _differential import (
    best_subset_truth,
    enet_objective,
    l0_objective,
    logistic_objective,
    make_l0_problem,
    make_logistic_problem,
    make_problem,
    multitask_enet_objective,
    ridge_objective,
    ridge_truth,
)
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


# scikit-learn re-computes one entry of the Gram matrix it built and raises
# when the two roundings disagree; on huge, collinear columns they do or not
# by the BLAS kernel's summation order (seed 296 raises on one machine and
# not on another).  That error says nothing of the problem: no reference.
_ROUNDING_ERRORS = ("did not pass validation when a single element was checked",)


def _check_same_error(ours, our_error, ref_error, context):
    """Where scikit-learn raises, skreg raises the same class (but for
    scikit-learn's rounding-dependent Gram check)."""
    del ours
    if any(text in str(ref_error) for text in _ROUNDING_ERRORS):
        return
    assert our_error is not None, (
        f"{context}: scikit-learn raised {ref_error!r}, skreg fitted"
    )
    assert _error_kind(our_error) == _error_kind(ref_error), (
        f"{context}: skreg raised {our_error!r}, scikit-learn {ref_error!r}"
    )


def _fit_both(name, params, X, y, sample_weight, context):
    """skreg's and scikit-learn's ``name`` fitted alike: ``(ours, ref)``, or
    None where scikit-learn raised (skreg must then raise the same class)."""
    ours, our_error = _fit(getattr(skreg, name)(**params), X, y, sample_weight)
    ref, ref_error = _fit(getattr(sk_linear_model, name)(**params), X, y, sample_weight)
    if ref_error is not None:
        _check_same_error(ours, our_error, ref_error, context)
        return None
    assert our_error is None, f"{context}: skreg raised {our_error!r}"
    return ours, ref


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

RIDGE_SOLVERS = ["auto", "cholesky", "svd", "sparse_cg", "lsqr", "sag", "saga"]
# Problems have at most 30 features: conjugate gradients and LSQR converge in
# a few times that many iterations, and a diverging run stops early.
ITERATIVE = {"tol": 1e-13, "max_iter": 300}


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
    if "under-/overflow occurred" in text or "does not handle the case" in text:
        return True  # its 'sag' on extreme scales or an all-constant X
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
    # Three solver names per problem (each name meets ~200 problems): the
    # suite's time goes to the estimators' per-fit overhead.
    for solver in rng.choice(RIDGE_SOLVERS, 3, replace=False):
        solver = str(solver)
        params = {"alpha": alpha, "solver": solver, "fit_intercept": fit_intercept}
        params.update(ITERATIVE)  # 'auto' is 'sparse_cg' on sparse X
        if X.dtype == np.float32:
            params["tol"] = 1e-6  # what float32 resolves
        context = f"{problem.describe()} {params}"
        iterative = solver in ("sparse_cg", "lsqr", "sag", "saga") or (
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
    if seed % 5 == 1:
        _ridge_positive_check(problem, alpha, fit_intercept)
    # 'gd' has no scikit-learn twin: compared with the reference alone, on
    # one problem in ten (first-order convergence on ill-conditioned
    # designs takes thousands of steps), to a looser objective tolerance.
    if seed % 10 == 0:
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


def _ridge_positive_check(problem, alpha, fit_intercept):
    """positive=True ('auto' is 'lbfgs'): no solution in closed form, so
    skreg's objective must be scikit-learn's or lower, its coefficients
    non-negative."""
    X, y, sw = problem.X, problem.y, problem.sample_weight
    params = {"alpha": alpha, "positive": True, "fit_intercept": fit_intercept}
    params["tol"] = 1e-6 if X.dtype == np.float32 else 1e-10
    context = f"{problem.describe()} Ridge({params})"
    ours, our_error = _fit(skreg.Ridge(**params), X, y, sw)
    ref, ref_error = _fit(sk_linear_model.Ridge(**params), X, y, sw)
    if ref_error is not None and not _sklearn_breakdown(ref_error, "lbfgs"):
        _check_same_error(ours, our_error, ref_error, context)
        return
    assert our_error is None, f"{context}: skreg raised {our_error!r}"
    assert np.all(ours.coef_ >= 0), f"{context}: negative coefficients"
    if ref is None:
        return
    assert ours.coef_.dtype == ref.coef_.dtype, f"{context}: coef_ dtype"
    Xd = problem.dense_X.astype(np.float64)
    f_ours = ridge_objective(Xd, y, ours.coef_, ours.intercept_, alpha, sw)
    f_ref = ridge_objective(Xd, y, ref.coef_, ref.intercept_, alpha, sw)
    y2 = np.asarray(y, float).reshape(len(y), -1)
    mean = np.average(y2, axis=0, weights=sw) if fit_intercept else 0 * y2[0]
    f_zero = ridge_objective(Xd, y, 0 * ours.coef_, mean, alpha, sw)
    f_tol = 1e-3 if X.dtype == np.float32 else 1e-6
    f_ref = np.where(np.isfinite(f_ref), f_ref, np.inf)
    assert np.all(f_ours <= f_ref + f_tol * f_zero), f"{context}: {f_ours} > {f_ref}"


@pytest.mark.parametrize("chunk", CHUNKS)
def test_ridge_matches_sklearn(chunk):
    _run_chunk(chunk, _ridge_check)


# ---------------------------------------------------------- Lasso family


def _l1_setting(rng, problem, fit_intercept, l1_ratio):
    """alpha = 0 (plain least squares), alpha at or beyond alpha_max, or a
    fraction of it down to 1e-4."""
    X = problem.dense_X.astype(np.float64)
    y = np.asarray(problem.y, np.float64).reshape(X.shape[0], -1)[:, 0]
    sw = problem.sample_weight
    s = np.ones(len(y)) if sw is None else np.asarray(sw, float) * (len(y) / np.sum(sw))
    Xc = X - np.average(X, axis=0, weights=s) if fit_intercept else X
    yc = y - np.average(y, weights=s) if fit_intercept else y
    alpha_max = np.abs(Xc.T @ (s * yc)).max() / (len(y) * max(l1_ratio, 1e-3))
    draw = rng.random()
    if draw < 0.08:
        return 0.0
    if alpha_max == 0:
        return 1.0
    if draw < 0.25:
        return float(alpha_max * rng.uniform(1.0, 3.0))
    return float(alpha_max * 10 ** rng.uniform(-4, -0.3))


def _enet_twins(prefix, problem, X, y, sw, alpha, fit_intercept, l1_ratio, **extra):
    """skreg's and scikit-learn's ``{prefix}Lasso`` (l1_ratio 1) or
    ``{prefix}ElasticNet`` fitted alike at tight settings, their dtypes,
    shapes and finiteness checked: ``(ours, ref, params, context)``, or None
    where scikit-learn raised (and skreg raised the same class)."""
    params = {
        "alpha": alpha,
        "fit_intercept": fit_intercept,
        **extra,
        "tol": 1e-5 if X.dtype == np.float32 else 1e-10,
        "max_iter": 20_000,
    }
    name = prefix + ("Lasso" if l1_ratio == 1.0 else "ElasticNet")
    if l1_ratio != 1.0:
        params["l1_ratio"] = l1_ratio
    context = f"{problem.describe()} {name}({params})"
    fits = _fit_both(name, params, X, y, sw, context)
    if fits is None:
        return None
    ours, ref = fits
    assert ours.coef_.dtype == ref.coef_.dtype, f"{context}: coef_ dtype"
    assert ours.coef_.shape == ref.coef_.shape, f"{context}: coef_ shape"
    assert ours.predict(X).dtype == ref.predict(X).dtype, f"{context}: predict dtype"
    assert np.all(np.isfinite(ours.coef_)), context
    return ours, ref, params, context


def _enet_check(seed):
    problem = make_problem(seed, allow_2d_y=False)
    rng = np.random.default_rng(20_000 + seed)
    fit_intercept = bool(rng.random() < 0.8)
    l1_ratio = 1.0 if rng.random() < 0.5 else float(rng.choice([0.01, 0.1, 0.5, 0.9]))
    alpha = _l1_setting(rng, problem, fit_intercept, l1_ratio)
    positive = bool(rng.random() < 0.15)
    X, y, sw = problem.X, problem.y, problem.sample_weight
    float32 = X.dtype == np.float32
    fits = _enet_twins(
        "", problem, X, y, sw, alpha, fit_intercept, l1_ratio, positive=positive
    )
    if fits is None:
        return
    ours, ref, params, context = fits
    Xd = problem.dense_X.astype(np.float64)
    f_ours = enet_objective(Xd, y, ours.coef_, ours.intercept_, alpha, l1_ratio, sw)
    f_ref = enet_objective(Xd, y, ref.coef_, ref.intercept_, alpha, l1_ratio, sw)
    mean = np.average(np.asarray(y, float), weights=sw) if fit_intercept else 0.0
    f_zero = enet_objective(Xd, y, 0 * ref.coef_, mean, alpha, l1_ratio, sw)
    f_tol = 1e-4 if float32 else 1e-8
    # The objective is what both minimize, unique even where the
    # coefficients are not (duplicated columns).
    assert f_ours <= f_ref + f_tol * f_zero, f"{context}: objective {f_ours} > {f_ref}"
    if not float32 and alpha > 0 and ref.n_iter_ < params["max_iter"]:
        # Strong convexity in X w: close objectives mean close predictions
        # (where scikit-learn converged; where it did not, or at alpha = 0
        # where its duality gap is no bound, the objective check above is
        # the comparison).
        rows = _positive_rows(problem)
        y_scale = np.abs(np.asarray(y, float)[rows]).max() or 1.0
        error = np.abs(ours.predict(X) - ref.predict(X))[rows].max() / y_scale
        assert error <= 1e-3, f"{context}: prediction error {error:.3g}"


@pytest.mark.parametrize("chunk", CHUNKS)
def test_lasso_and_elastic_net_match_sklearn(chunk):
    _run_chunk(chunk, _enet_check)


def _path_check(seed):
    # enet_path/lasso_path with a 2-D y are refused by skreg (issue 16, the
    # engine's part): 1-D y only here.  Paths take no sample weights.
    problem = make_problem(seed, allow_2d_y=False, allow_weights=False)
    rng = np.random.default_rng(30_000 + seed)
    l1_ratio = 1.0 if rng.random() < 0.5 else float(rng.choice([0.1, 0.5, 0.9]))
    X, y = problem.X, problem.y
    float32 = X.dtype == np.float32
    alpha_max = _l1_setting(np.random.default_rng(0), problem, False, l1_ratio) or 1.0
    alphas = np.sort(alpha_max * np.array([2.0, 1.0, 0.3, 0.05, 0.005]))[::-1]
    if rng.random() < 0.1:
        alphas = np.append(alphas, 0.0)  # least squares ends the path
    path = "lasso_path" if l1_ratio == 1.0 else "enet_path"
    kwargs = {"alphas": alphas, "tol": 1e-5 if float32 else 1e-10, "max_iter": 20_000}
    if path == "enet_path":
        kwargs["l1_ratio"] = l1_ratio
    context = f"{problem.describe()} {path}({kwargs})"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ours = getattr(skreg.linear_model, path)(X, y, **kwargs)
            our_error = None
        except (ValueError, TypeError) as exc:
            our_error = exc
        try:
            ref = getattr(sk_linear_model, path)(X, y, **kwargs)
            ref_error = None
        except (ValueError, TypeError) as exc:
            ref_error = exc
    if ref_error is not None:
        _check_same_error(None, our_error, ref_error, context)
        return
    assert our_error is None, f"{context}: skreg raised {our_error!r}"
    np.testing.assert_allclose(ours[0], ref[0], rtol=1e-12, err_msg=context)
    assert ours[1].dtype == ref[1].dtype, f"{context}: coefs dtype"
    assert ours[1].shape == ref[1].shape, f"{context}: coefs shape"
    Xd = problem.dense_X.astype(np.float64)
    assert np.all(np.isfinite(ours[2])), f"{context}: duality gaps {ours[2]}"
    gap_tol = kwargs["tol"] * float(np.dot(y, y)) / len(y)
    for k, alpha in enumerate(alphas):
        if ours[2][k] > gap_tol:
            continue  # not converged within max_iter, and warned
        f_ours = enet_objective(Xd, y, ours[1][:, k], 0.0, alpha, l1_ratio)
        f_ref = enet_objective(Xd, y, ref[1][:, k], 0.0, alpha, l1_ratio)
        f_zero = enet_objective(Xd, y, 0 * ref[1][:, k], 0.0, alpha, l1_ratio)
        f_tol = 1e-4 if float32 else 1e-8
        assert f_ours <= f_ref + f_tol * f_zero, (
            f"{context}: alpha {alpha}: {f_ours} > {f_ref}"
        )


@pytest.mark.parametrize("chunk", CHUNKS)
def test_lasso_and_enet_paths_match_sklearn(chunk):
    _run_chunk(chunk, _path_check)


def _multitask_check(seed):
    """MultiTaskElasticNet / MultiTaskLasso (dense, no weights: scikit-learn's
    take neither sparse X nor sample_weight)."""
    problem = make_problem(seed, allow_sparse=False, allow_weights=False)
    rng = np.random.default_rng(60_000 + seed)
    X, Y = problem.X, problem.y
    if Y.ndim == 1 or Y.shape[1] == 1:
        Y = np.column_stack(
            [Y.ravel(), (rng.standard_normal(len(Y)) * np.std(Y)).astype(Y.dtype)]
        )
    fit_intercept = bool(rng.random() < 0.7)
    l1_ratio = 1.0 if rng.random() < 0.5 else float(rng.choice([0.1, 0.5, 0.9]))
    Xd = problem.dense_X.astype(np.float64)
    Yd = Y.astype(np.float64)
    Xc = Xd - Xd.mean(axis=0) if fit_intercept else Xd
    Yc = Yd - Yd.mean(axis=0) if fit_intercept else Yd
    alpha_max = np.linalg.norm(Xc.T @ Yc, axis=1).max() / (len(Yd) * l1_ratio)
    draw = rng.random()
    if alpha_max == 0:
        alpha = 1.0
    elif draw < 0.2:
        alpha = float(alpha_max * rng.uniform(1.0, 3.0))
    else:
        alpha = float(alpha_max * 10 ** rng.uniform(-4, -0.3))
    float32 = X.dtype == np.float32
    fits = _enet_twins("MultiTask", problem, X, Y, None, alpha, fit_intercept, l1_ratio)
    if fits is None:
        return
    ours, ref, params, context = fits
    f_ours = multitask_enet_objective(
        Xd, Yd, ours.coef_, ours.intercept_, alpha, l1_ratio
    )
    f_ref = multitask_enet_objective(Xd, Yd, ref.coef_, ref.intercept_, alpha, l1_ratio)
    mean = Yd.mean(axis=0) if fit_intercept else 0.0
    f_zero = multitask_enet_objective(Xd, Yd, 0 * ref.coef_, mean, alpha, l1_ratio)
    f_tol = 1e-4 if float32 else 1e-8
    assert f_ours <= f_ref + f_tol * f_zero, f"{context}: objective {f_ours} > {f_ref}"
    if float32 or ref.n_iter_ >= params["max_iter"]:
        return
    # Strong convexity in X W: close objectives mean close predictions.
    y_scale = np.abs(Yd).max() or 1.0
    error = np.abs(ours.predict(X) - ref.predict(X)).max() / y_scale
    assert error <= 1e-3, f"{context}: prediction error {error:.3g}"
    if l1_ratio < 1.0:
        # Strictly convex in W (modulus mu at least): one optimum, and a fit
        # whose duality gap is g lies within sqrt(2 g / mu) of it, so both
        # fits' coefficients agree to what their gaps allow.
        # The gaps are known to the rounding of the objective at best.
        mu = alpha * (1.0 - l1_ratio)
        rounding = np.finfo(np.float64).eps * X.shape[1] * f_zero
        gaps = np.maximum([ours.dual_gap_, ref.dual_gap_], 0.0) + rounding
        bound = np.sqrt(2 * gaps / mu).sum()
        scale = np.linalg.norm(ref.coef_) or 1.0
        coef_error = np.linalg.norm(ours.coef_ - ref.coef_)
        assert coef_error <= 1.01 * bound + 1e-9 * scale, (
            f"{context}: coef_ error {coef_error:.3g} > {bound:.3g} (gaps {gaps})"
        )


@pytest.mark.parametrize("chunk", CHUNKS)
def test_multitask_lasso_and_elastic_net_match_sklearn(chunk):
    _run_chunk(chunk, _multitask_check)


@pytest.mark.parametrize("positive", [False, True])
def test_lasso_at_alpha_zero_reaches_least_squares(positive):
    """[enet 68] alpha = 0 on a rank-2 7 x 22 design with weights over 12
    decades: coordinate descent stopped on a duality gap that is no bound
    there (objective 3.2e-5 where scikit-learn reached 6.6e-10).  Fixed in
    _lasso.py: alpha = 0 is solved directly (lstsq, or NNLS if positive)."""
    problem = make_problem(68, allow_2d_y=False)
    X, y, sw = problem.X, problem.y, problem.sample_weight
    params = {"alpha": 0.0, "positive": positive, "tol": 1e-10, "max_iter": 20_000}
    with pytest.warns(UserWarning, match="With alpha=0"):
        ours = skreg.Lasso(**params).fit(X, y, sample_weight=sw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = sk_linear_model.Lasso(**params).fit(X, y, sample_weight=sw)
    f_ours = enet_objective(X, y, ours.coef_, ours.intercept_, 0.0, 1.0, sw)
    f_ref = enet_objective(X, y, ref.coef_, ref.intercept_, 0.0, 1.0, sw)
    assert f_ours <= f_ref
    assert f_ours < 1e-11
    assert ours.n_iter_ == 1 and ours.dual_gap_ == 0.0
    if positive:
        assert np.all(ours.coef_ >= 0)


def test_enet_path_ending_at_alpha_zero_is_least_squares():
    """An alpha = 0 at the end of a path is the least-squares solution (the
    normal equations hold), the other alphas are solved as before."""
    rng = np.random.default_rng(3)
    X = rng.standard_normal((30, 5))
    y = X @ rng.standard_normal(5) + 0.1 * rng.standard_normal(30)
    alphas = [0.1, 0.01, 0.0]
    _, coefs, gaps, n_iters = skreg.linear_model.enet_path(
        X, y, alphas=alphas, tol=1e-12, return_n_iter=True
    )
    head = skreg.linear_model.enet_path(X, y, alphas=alphas[:2], tol=1e-12)
    _, head, head_gaps = head
    np.testing.assert_allclose(coefs[:, :2], head, rtol=1e-12)
    np.testing.assert_allclose(gaps[:2], head_gaps, rtol=1e-12)
    np.testing.assert_allclose(coefs[:, 2], np.linalg.lstsq(X, y)[0], rtol=1e-10)
    assert gaps[2] == 0.0 and n_iters[2] == 1


@pytest.mark.parametrize("dense", [False, True])
def test_float32_lasso_path_at_tiny_scale(dense):
    """[path 11] float32 X at 1e-13 (alphas near 1e-26): the kernel's sums
    of squares underflowed (NaN duality gaps; the sparse fit stopped 20%
    above scikit-learn's objective).  Fixed in _lasso.py: float32 data
    outside 2**+-8 is rescaled by powers of two for the kernel."""
    problem = make_problem(11, allow_2d_y=False, allow_weights=False)
    X, y = problem.X, problem.y
    assert X.dtype == np.float32 and "tiny" in problem.tags
    if dense:
        X = problem.dense_X
    alpha_max = np.abs(problem.dense_X.astype(float).T @ y).max() / len(y)
    alphas = alpha_max * np.array([1.0, 0.3, 0.05, 0.005])
    kwargs = {"alphas": alphas, "tol": 1e-5, "max_iter": 20_000}
    _, ours, gaps = skreg.linear_model.lasso_path(X, y, **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, ref, _ = sk_linear_model.lasso_path(X, y, **kwargs)
    assert np.all(np.isfinite(gaps))
    assert np.all(gaps <= 1e-5 * float(np.dot(y, y)) / len(y))
    Xd = problem.dense_X.astype(np.float64)
    for k, alpha in enumerate(alphas):
        f_ours = enet_objective(Xd, y, ours[:, k], 0.0, alpha, 1.0)
        f_ref = enet_objective(Xd, y, ref[:, k], 0.0, alpha, 1.0)
        f_zero = enet_objective(Xd, y, 0 * ref[:, k], 0.0, alpha, 1.0)
        assert f_ours <= f_ref + 1e-4 * f_zero


def test_float32_elastic_net_with_large_offsets_converges():
    """[enet 460] float32 columns whose means are ~900 times their range,
    centered implicitly, left the duality gap at rounding above tol (500
    epochs, or a NaN gap and coef_ = 0); scikit-learn converged in 32-106.
    Fixed in _lasso.py by centering such a design explicitly."""
    rng = np.random.default_rng(0)
    X = (rng.standard_normal((9, 17)) + 891.0).astype(np.float32)
    y = rng.standard_normal(9).astype(np.float32)
    for l1_ratio in (0.5, 0.9, 1.0):
        ours = skreg.ElasticNet(alpha=0.05, l1_ratio=l1_ratio, tol=1e-5, max_iter=500)
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            ours.fit(X, y)
        ref = sk_linear_model.ElasticNet(alpha=0.05, l1_ratio=l1_ratio, tol=1e-5)
        ref.fit(X, y)
        assert ours.n_iter_ < 200
        np.testing.assert_allclose(ours.predict(X), ref.predict(X), atol=1e-3)


def test_lasso_constant_column_at_rounding_level_alpha():
    """[enet 924] a constant column (26 x 1, at 1e-104, weights over 12
    decades) centered implicitly keeps its rounding; alpha at that level
    (alpha_max of this design is rounding) gave coef_ 1e118 and an
    intercept of 8e14.  Fixed in _lasso.py: constant columns are zeroed
    for the kernel, so coef_ is 0 and the intercept the weighted mean."""
    rng = np.random.default_rng(7)
    X = np.full((26, 1), -7.1245025e-104)
    y = rng.standard_normal(26) + 15.0
    sw = 10 ** rng.uniform(-6, 6, 26)
    ours = skreg.Lasso(alpha=8.9e-135, tol=1e-10).fit(X, y, sample_weight=sw)
    assert ours.coef_[0] == 0.0
    np.testing.assert_allclose(ours.intercept_, np.average(y, weights=sw), rtol=1e-12)
    sparse_fit = skreg.Lasso(alpha=8.9e-135, tol=1e-10)
    sparse_fit.fit(sparse.csc_matrix(X), y, sample_weight=sw)
    assert sparse_fit.coef_[0] == 0.0


# ------------------------------------------------------- CV estimators


def _same_choice(context, ours_alpha, ref_alpha, ours_score, ref_score, rtol):
    """The same alpha, or a tie: the two scores of the two choices agree."""
    if np.all(np.asarray(ours_alpha) == np.asarray(ref_alpha)):
        return True
    np.testing.assert_allclose(ours_score, ref_score, rtol=rtol, err_msg=context)
    return False


def _ridge_cv_check(seed):
    problem = make_problem(seed)
    rng = np.random.default_rng(40_000 + seed)
    X, y, sw = problem.X, problem.y, problem.sample_weight
    fit_intercept = bool(rng.random() < 0.8)
    size = _ridge_alpha(np.random.default_rng(1), problem, fit_intercept) or 1.0
    alphas = size * np.array([1e-3, 1e-1, 1.0, 10.0])
    params = {"alphas": alphas, "fit_intercept": fit_intercept}
    kind = rng.random()
    if kind < 0.1:
        params["cv"] = 3
    else:
        params["gcv_mode"] = rng.choice([None, "svd", "eigen"])
        params["store_cv_results"] = True
        params["alpha_per_target"] = bool(np.ndim(y) == 2 and rng.random() < 0.5)
    context = f"{problem.describe()} RidgeCV({params})"
    ours, our_error = _fit(skreg.RidgeCV(**params), X, y, sw)
    ref, ref_error = _fit(sk_linear_model.RidgeCV(**params), X, y, sw)
    if ref_error is not None and "fits failed" in str(ref_error):
        # scikit-learn's Ridge overflowing on every fold of a huge float32
        # X (its Gram matrix): skreg's rescaled fits succeed.
        assert our_error is None, f"{context}: skreg raised {our_error!r}"
        assert np.all(np.isfinite(ours.coef_)), context
        return
    if ref_error is not None:
        _check_same_error(ours, our_error, ref_error, context)
        return
    assert our_error is None, f"{context}: skreg raised {our_error!r}"
    assert ours.coef_.dtype == ref.coef_.dtype, f"{context}: coef_ dtype"
    assert ours.predict(X).dtype == ref.predict(X).dtype, f"{context}: dtype"
    if not np.all(np.isfinite(ref.best_score_)):
        return  # scikit-learn's folds broke down (NaN score): nothing to match
    assert np.all(np.isfinite(ours.best_score_)), f"{context}: {ours.best_score_}"
    float32 = X.dtype == np.float32
    rtol = 1e-2 if float32 else 1e-6
    if float32 and "cv" in params and np.any(ours.alpha_ != ref.alpha_):
        # K-fold in float32: scikit-learn's fold fits on tiny or huge X lose
        # accuracy that skreg's rescaled ones keep; skreg's best score must
        # be at least scikit-learn's.
        assert ours.best_score_ >= ref.best_score_ - rtol * abs(ref.best_score_), (
            f"{context}: best_score_ {ours.best_score_} < {ref.best_score_}"
        )
        return
    same = _same_choice(
        context, ours.alpha_, ref.alpha_, ours.best_score_, ref.best_score_, rtol
    )
    if same:
        scale = np.abs(np.asarray(y, float)).max() or 1.0
        truth_alpha = np.asarray(ours.alpha_, float)
        truth = ridge_truth(X, y, truth_alpha, sw, fit_intercept)
        pred = problem.dense_X.astype(float) @ truth[0].T + truth[1]
        error = np.abs(ours.predict(X).reshape(pred.shape) - pred).max() / scale
        ref_error = np.abs(ref.predict(X).reshape(pred.shape) - pred).max() / scale
        assert error <= max(10 * ref_error, 1e-2 if float32 else 1e-6), (
            f"{context}: prediction error {error:.3g} (scikit-learn {ref_error:.3g})"
        )


@pytest.mark.parametrize("chunk", CHUNKS)
def test_ridge_cv_matches_sklearn(chunk):
    _run_chunk(chunk, _ridge_cv_check)


def _enet_cv_check(seed):
    problem = make_problem(seed, allow_2d_y=False, max_features=15)
    rng = np.random.default_rng(50_000 + seed)
    X, y, sw = problem.X, problem.y, problem.sample_weight
    if X.shape[0] < 6:
        return  # three folds of at least two samples
    fit_intercept = bool(rng.random() < 0.8)
    l1_ratio = 1.0 if rng.random() < 0.5 else float(rng.choice([0.1, 0.5, 0.9]))
    alpha_max = _l1_setting(np.random.default_rng(0), problem, fit_intercept, l1_ratio)
    alphas = alpha_max * np.array([1.5, 0.5, 0.1, 0.02, 0.004])
    float32 = X.dtype == np.float32
    params = {
        "alphas": alphas,
        "cv": 3,
        "fit_intercept": fit_intercept,
        "tol": 1e-5 if float32 else 1e-8,
        "max_iter": 20_000,
    }
    name = "LassoCV" if l1_ratio == 1.0 else "ElasticNetCV"
    if name == "ElasticNetCV":
        params["l1_ratio"] = l1_ratio
    context = f"{problem.describe()} {name}({params})"
    fits = _fit_both(name, params, X, y, sw, context)
    if fits is None:
        return
    ours, ref = fits
    assert ours.coef_.dtype == ref.coef_.dtype, f"{context}: coef_ dtype"
    assert ours.predict(X).dtype == ref.predict(X).dtype, f"{context}: dtype"
    np.testing.assert_allclose(ours.alphas_, ref.alphas_, rtol=1e-12, err_msg=context)
    y_var = float(np.var(np.asarray(y, float))) or 1.0
    # mse_path_ is not compared entry by entry: fold problems with fewer
    # samples than features and exact column relations have non-unique
    # coefficients, whose held-out errors differ, and small alphas stop on
    # tol.  The choice is compared by its quality: skreg's alpha_ must be
    # nearly as good as scikit-learn's by scikit-learn's own errors.
    n_positive = int(np.count_nonzero(_positive_rows(problem)))
    if l1_ratio == 1.0 and 2 * n_positive // 3 <= X.shape[1]:
        # A fold with no more weighted samples than features: the Lasso's
        # coefficients are not unique there, nor are its held-out errors.
        return
    ref_mse = ref.mse_path_.mean(axis=-1)
    ours_index = int(np.flatnonzero(ref.alphas_ == ours.alpha_)[0])
    best = ref_mse.min()
    assert ref_mse[ours_index] <= best * 1.25 + 1e-3 * y_var, (
        f"{context}: alpha_ {ours.alpha_} scores {ref_mse[ours_index]}, "
        f"scikit-learn's {ref.alpha_} {best}"
    )
    # The refit at the chosen alpha is a plain fit: its objective.
    l1 = params.get("l1_ratio", 1.0)
    Xd = problem.dense_X.astype(np.float64)
    f_ours = enet_objective(Xd, y, ours.coef_, ours.intercept_, ours.alpha_, l1, sw)
    refit = getattr(sk_linear_model, name.removesuffix("CV"))(
        alpha=ours.alpha_,
        **{
            k: v
            for k, v in params.items()
            if k in ("fit_intercept", "tol", "max_iter", "l1_ratio")
        },
    )
    refit, _ = _fit(refit, X, y, sw)
    if refit is not None:
        f_ref = enet_objective(
            Xd, y, refit.coef_, refit.intercept_, ours.alpha_, l1, sw
        )
        mean = np.average(np.asarray(y, float), weights=sw) if fit_intercept else 0.0
        f_zero = enet_objective(Xd, y, 0 * refit.coef_, mean, ours.alpha_, l1, sw)
        f_tol = 1e-4 if float32 else 1e-6  # both stop at a gap of tol=1e-8
        assert f_ours <= f_ref + f_tol * f_zero, f"{context}: refit {f_ours} > {f_ref}"


@pytest.mark.parametrize("chunk", CHUNKS)
def test_lasso_cv_and_elastic_net_cv_match_sklearn(chunk):
    _run_chunk(chunk, _enet_cv_check)


def test_float32_weighted_elastic_net_with_large_offsets_converges():
    """[enet_cv 388] the offset test ran on the weighted design, whose
    columns' range is dominated by the weights' spread, so a float32 design
    with means ~3900 times its range stayed implicitly centered under
    weights from 1e-2 to 1e2: NaN gap, objective 80x scikit-learn's."""
    rng = np.random.default_rng(8)
    X = (rng.standard_normal((13, 14)) + 3925.0).astype(np.float32)
    y = rng.standard_normal(13).astype(np.float32)
    sw = 10 ** rng.uniform(-2, 2, 13)
    ours = skreg.ElasticNet(alpha=0.18, l1_ratio=0.1, tol=1e-5, max_iter=2000)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ours.fit(X, y, sample_weight=sw)
    assert np.isfinite(ours.dual_gap_)
    ref = sk_linear_model.ElasticNet(alpha=0.18, l1_ratio=0.1, tol=1e-5)
    ref.fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), atol=1e-3)


# ---------------------------------------------------------------- scalers

_SCALER_ATTRIBUTES = {
    "StandardScaler": ("mean_", "var_", "scale_", "n_samples_seen_"),
    "MinMaxScaler": ("data_min_", "data_max_", "data_range_", "scale_", "min_"),
}


def _scaler_check(seed):
    problem = make_problem(seed, allow_2d_y=False)
    rng = np.random.default_rng(60_000 + seed)
    X, sw = problem.X, problem.sample_weight
    if rng.random() < 0.2:
        # Missing values, which both scalers ignore in fit and keep.
        X = X.copy()
        if sparse.issparse(X):
            X.data[rng.random(X.data.shape) < 0.1] = np.nan
        else:
            X[rng.random(X.shape) < 0.1] = np.nan
    name = "StandardScaler" if rng.random() < 0.6 else "MinMaxScaler"
    if name == "StandardScaler":
        params = {
            "with_mean": bool(not sparse.issparse(X) and rng.random() < 0.8),
            "with_std": bool(rng.random() < 0.9),
        }
        fit_kwargs = {} if sw is None else {"sample_weight": sw}
    else:
        params = {"feature_range": tuple(rng.choice([(0, 1), (-1, 1), (-3.0, 0.5)]))}
        fit_kwargs = {}
    context = f"{problem.describe()} {name}({params})"
    results = []
    for module in (skreg, __import__("sklearn.preprocessing").preprocessing):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                scaler = getattr(module, name)(**params).fit(X, **fit_kwargs)
                results.append((scaler, scaler.transform(X), None))
            except (ValueError, TypeError) as exc:
                results.append((None, None, exc))
    (ours, ours_out, our_error), (ref, ref_out, ref_error) = results
    if ref_error is not None:
        _check_same_error(ours, our_error, ref_error, context)
        return
    assert our_error is None, f"{context}: skreg raised {our_error!r}"
    assert sparse.issparse(ours_out) == sparse.issparse(ref_out), context
    assert ours_out.dtype == ref_out.dtype, f"{context}: output dtype"
    rtol = 1e-4 if X.dtype == np.float32 else 1e-9
    truth = (
        _scaler_truth(X, sw)
        if name == "StandardScaler"
        else {"constant": _scaler_truth(X, None)["constant"]}
    )
    # Columns where scikit-learn's statistics are the float64 truth's:
    # elsewhere (its sparse float32 variance is 3% off on data at 1e-22, its
    # constant columns' variance is rounding, not 0) skreg must be at least
    # as close to the truth.
    agree = np.ones(X.shape[1], dtype=bool)
    for attribute in _SCALER_ATTRIBUTES[name]:
        mine, theirs = getattr(ours, attribute, None), getattr(ref, attribute, None)
        if theirs is None:
            assert mine is None, f"{context}: {attribute} {mine} vs None"
            continue
        mine, theirs = np.asarray(mine, float), np.asarray(theirs, float)
        assert mine.shape == theirs.shape, f"{context}: {attribute} shape"
        exact = truth.get(attribute)
        if exact is None:
            np.testing.assert_allclose(mine, theirs, rtol=rtol, err_msg=context)
            continue
        tol = rtol * np.abs(exact) + 1e-300
        their_error = np.abs(theirs - exact)
        our_error = np.abs(mine - exact)
        finite = np.isfinite(exact)
        assert np.all((our_error <= np.maximum(tol, 2 * their_error))[finite]), (
            f"{context}: {attribute} {mine} vs truth {exact} (sklearn {theirs})"
        )
        agree &= ~finite | (their_error <= tol)
    agree &= ~truth["constant"]
    mine = ours_out.toarray() if sparse.issparse(ours_out) else ours_out
    theirs = ref_out.toarray() if sparse.issparse(ref_out) else ref_out
    np.testing.assert_array_equal(np.isnan(mine), np.isnan(theirs), err_msg=context)
    # Output is standardized (unit-scale) or in the feature range.
    out_scale = max(1.0, float(np.nanmax(np.abs(theirs[:, agree]), initial=0.0)))
    out_tol = (1e-3 if X.dtype == np.float32 else 1e-6) * out_scale
    np.testing.assert_allclose(
        mine[:, agree], theirs[:, agree], rtol=0, atol=out_tol, err_msg=context
    )
    if name == "StandardScaler" and params["with_mean"]:
        # A constant column is centered to exactly 0 (scikit-learn leaves
        # the rounding of its mean, times 1e46 at a scale of 1e62).
        constant = mine[:, truth["constant"]]
        assert np.all((constant == 0) | np.isnan(constant)), context


def _scaler_truth(X, sample_weight):
    """Weighted, NaN-ignoring column statistics in float64, and which
    columns are constant over their present, positively weighted values."""
    Xd = np.asarray(X.toarray() if sparse.issparse(X) else X, dtype=np.float64)
    w = (
        np.ones(Xd.shape[0])
        if sample_weight is None
        else np.asarray(sample_weight, float)
    )
    present = ~np.isnan(Xd) & (w[:, None] > 0)
    values = np.where(present, Xd, 0.0)
    weights = w[:, None] * present
    total = weights.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (weights * values).sum(axis=0) / total
        var = (weights * (values - mean) ** 2).sum(axis=0) / total
    high = np.where(present, Xd, -np.inf).max(axis=0)
    low = np.where(present, Xd, np.inf).min(axis=0)
    constant = (high == low) & (total > 0)
    scale = np.where(constant, np.nan, np.sqrt(var))  # constant: 1 or rounding
    return {"mean_": mean, "var_": var, "scale_": scale, "constant": constant}


@pytest.mark.parametrize("chunk", CHUNKS)
def test_scalers_match_sklearn(chunk):
    _run_chunk(chunk, _scaler_check)


# ------------------------------------------------------------------- MLP


def _mlp_check(seed):
    """Error class and dtype parity only: the fits differ by design (skreg's
    network, initialization and optimizer are its own)."""
    problem = make_problem(seed, allow_2d_y=False, allow_weights=False)
    rng = np.random.default_rng(70_000 + seed)
    X = problem.X
    y = np.asarray(problem.y) > np.median(problem.y)
    kind = rng.random()
    if kind < 0.1:
        y = np.zeros(len(y), dtype=int)  # a single class
    elif kind < 0.3:
        y = rng.choice(["a", "b", "c"], len(y))
    else:
        y = y.astype(int)
    params = {"hidden_layer_sizes": (4,), "max_iter": 3, "random_state": 0}
    context = f"{problem.describe()} MLPClassifier({params}) classes={np.unique(y)}"
    from sklearn.neural_network import MLPClassifier as SkMLP

    ours, our_error = _fit(skreg.MLPClassifier(**params), X, y)
    ref, ref_error = _fit(SkMLP(**params), X, y)
    if ref_error is not None:
        _check_same_error(ours, our_error, ref_error, context)
        return
    assert our_error is None, f"{context}: skreg raised {our_error!r}"
    assert ours.predict(X).dtype == ref.predict(X).dtype, f"{context}: predict dtype"
    assert ours.classes_.dtype == ref.classes_.dtype, f"{context}: classes_ dtype"
    assert ours.coefs_[0].dtype == ref.coefs_[0].dtype, f"{context}: coefs_ dtype"
    proba = ours.predict_proba(X)
    assert proba.shape == ref.predict_proba(X).shape, context
    assert np.all(np.isfinite(proba)), f"{context}: non-finite probabilities"


@pytest.mark.parametrize("chunk", CHUNKS)
def test_mlp_classifier_errors_and_dtypes_match_sklearn(chunk):
    _run_chunk(chunk, _mlp_check)


# -------------------------------------------------------------------- L0


def _l0_check(seed):
    """L0Regressor against the exhaustive weighted best subset (at most 10
    features, so the enumeration is cheap) and against scikit-learn's
    greedy OrthogonalMatchingPursuit, its closest twin: the objective
    within 1e-7 (relative, plus the rounding of evaluating it) of the
    exhaustive optimum, never above OMP's on the same problem,
    ``min(k, rank)`` nonzeros in the constrained form, OMP's dtypes, and
    OMP's error on sparse X."""
    problem, params = make_l0_problem(seed)
    X, y, sw = problem.X, problem.y, problem.sample_weight
    k = params.get("n_nonzero_coefs")
    alpha = params.get("alpha")
    context = f"{problem.describe()} L0Regressor({params})"
    k_max = X.shape[1] if k is None else min(k, X.shape[1])
    best, (strict_rank, loose_rank) = best_subset_truth(
        X, y, k_max, sw, params["fit_intercept"]
    )
    ours, our_error = _fit(skreg.L0Regressor(**params), X, y, sw)
    assert our_error is None, f"{context}: skreg raised {our_error!r}"
    f_ours, noise = l0_objective(X, y, ours.coef_, ours.intercept_, alpha, sw)
    f_zero = best[0]
    if alpha is None:
        target = best[k_max]
        nonzeros = ours.n_nonzero_coefs_
        assert min(k_max, strict_rank) <= nonzeros <= min(k_max, loose_rank), (
            f"{context}: {nonzeros} nonzeros, rank {strict_rank}..{loose_rank}"
        )
    else:
        target = float(np.min(best + alpha * np.arange(k_max + 1)))
    allowed = 1e-7 * target + 1e-10 * f_zero + noise
    assert f_ours <= target + allowed, (
        f"{context}: objective {f_ours:.9g} > exhaustive {target:.9g}"
    )
    assert abs(ours.objective_ - f_ours) <= 1e-9 * f_zero + noise, (
        f"{context}: objective_ {ours.objective_:.9g} vs {f_ours:.9g}"
    )
    # X's dtype, as scikit-learn's OMP on tall X (on wide X its
    # non-Gram path returns float64) and its Lasso.
    assert ours.coef_.dtype == X.dtype, f"{context}: coef_ dtype"
    assert ours.predict(X).dtype == X.dtype, f"{context}: predict dtype"
    intercept_dtype = X.dtype if params["fit_intercept"] else np.float64
    assert np.asarray(ours.intercept_).dtype == intercept_dtype, context
    omp_k = max(1, min(k_max, X.shape[1]))
    omp = sk_linear_model.OrthogonalMatchingPursuit(
        n_nonzero_coefs=omp_k, fit_intercept=params["fit_intercept"]
    )
    ref, ref_error = _fit(omp, X, y)
    if ref is not None and X.shape[0] > X.shape[1]:
        assert ours.coef_.dtype == ref.coef_.dtype, f"{context}: OMP's coef_ dtype"
        assert type(ours.intercept_) is type(ref.intercept_), context
    if ref is not None and alpha is None and sw is None and k_max == omp_k:
        # (OMP squeezes coef_ to 0-d on a single feature.)
        f_ref, ref_noise = l0_objective(X, y, np.ravel(ref.coef_), ref.intercept_)
        if np.isfinite(f_ref):  # OMP overflows on float32 X at 1e20
            assert f_ours <= f_ref + allowed + ref_noise, (
                f"{context}: objective {f_ours:.9g} > OMP's {f_ref:.9g}"
            )
    if seed % 10 == 0:
        dense_only = sparse.csr_matrix(X)
        ours, our_error = _fit(skreg.L0Regressor(**params), dense_only, y)
        ref, ref_error = _fit(omp, dense_only, y)
        _check_same_error(ours, our_error, ref_error, f"{context} sparse X")


@pytest.mark.parametrize("chunk", CHUNKS)
def test_l0_regressor_reaches_the_exhaustive_best_subset(chunk):
    _run_chunk(chunk, _l0_check)


# ------------------------------------------------------- LogisticRegression

N_LOGISTIC = 60


def _logistic_reference(problem):
    """scikit-learn's fit of the same objective at tight tolerance: liblinear
    for binary problems without intercept (its intercept would be
    penalized), saga for the other L1 / elastic-net ones, lbfgs for L2."""
    params = {"C": problem.C, "l1_ratio": problem.l1_ratio}
    params["fit_intercept"] = problem.fit_intercept
    if problem.l1_ratio == 0.0:
        params.update(solver="lbfgs", tol=1e-12, max_iter=10_000)
    elif problem.n_classes == 2 and not problem.fit_intercept:
        params.update(solver="liblinear", tol=1e-12, max_iter=10_000)
        if problem.l1_ratio != 1.0:
            params.update(solver="saga", tol=1e-12, max_iter=20_000)
    else:
        params.update(solver="saga", tol=1e-12, max_iter=20_000)
    ref, error = _fit(
        sk_linear_model.LogisticRegression(**params),
        problem.X,
        problem.y,
        problem.sample_weight,
    )
    assert error is None, f"scikit-learn raised {error!r}"
    return ref, params


def _logistic_check(seed):
    problem = make_logistic_problem(seed)
    ref, params = _logistic_reference(problem)
    context = f"{problem.describe()} reference {params['solver']}"
    # tol bounds the duality gap, quadratic in the coefficients' error: the
    # multinomial solver (whose gap, on the softmax, is looser) needs 1e-15
    # for coefficients to 1e-6.
    tol = 1e-15 if problem.n_classes > 2 else 1e-12
    ours, error = _fit(
        skreg.LogisticRegression(**{**params, "tol": tol, "max_iter": 10_000}),
        problem.X,
        problem.y,
        problem.sample_weight,
    )
    assert error is None, f"{context}: skreg raised {error!r}"
    f_ours = logistic_objective(problem, ours.coef_, ours.intercept_)
    f_ref = logistic_objective(problem, ref.coef_, ref.intercept_)
    assert f_ours <= f_ref * (1 + 1e-10), f"{context}: objective {f_ours} > {f_ref}"
    if ref.n_iter_.max() >= params["max_iter"]:
        # scikit-learn stopped short of the optimum (saga with sample
        # weights, a few pure L1 multinomial problems): the objective check
        # above is the comparison.
        return False
    proba = np.abs(ours.predict_proba(problem.X) - ref.predict_proba(problem.X))
    assert proba.max() <= 1e-6, f"{context}: probabilities {proba.max():.3g} apart"
    # Pure L1 multinomial optima are not unique in the shift of a row of W
    # (an even number of classes leaves a median interval): objective and
    # probabilities only there.
    if problem.n_classes > 2 and problem.l1_ratio == 1.0:
        return True
    scale = max(np.abs(ref.coef_).max(), 1.0)
    np.testing.assert_allclose(
        ours.coef_, ref.coef_, rtol=0, atol=1e-6 * scale, err_msg=context
    )
    if problem.fit_intercept:
        b_ours = ours.intercept_ - (
            ours.intercept_.mean() if problem.n_classes > 2 else 0
        )
        b_ref = ref.intercept_ - (ref.intercept_.mean() if problem.n_classes > 2 else 0)
        np.testing.assert_allclose(
            b_ours, b_ref, rtol=0, atol=1e-6 * scale, err_msg=context
        )
    return True


@pytest.mark.parametrize("chunk", range(2))
def test_logistic_regression_matches_sklearn(chunk):
    """Binary and multinomial, L1 / elastic net / L2, with and without
    intercept and sample weights, dense and CSR: the same optimum as
    scikit-learn's solvers at tight tolerance (coefficients to 1e-6
    relative where the optimum is unique)."""
    failures, compared = [], 0
    seeds = range(chunk * N_LOGISTIC // 2, (chunk + 1) * N_LOGISTIC // 2)
    for seed in seeds:
        try:
            compared += _logistic_check(seed)
        except AssertionError as exc:
            failures.append(f"seed {seed}: {str(exc)[:600]}")
    assert not failures, "\n".join(failures[:5]) + f"\n({len(failures)} failures)"
    # Most problems are compared beyond the objective.
    assert compared >= 0.8 * len(seeds), f"only {compared} problems compared"
