"""Lasso and ElasticNet by coordinate descent, their paths and CV estimators.

Every estimator here minimizes, for each target separately::

    1/(2n) sum_i s_i (y_i - x_i w - b)^2
        + alpha * l1_ratio * ||w||_1 + alpha * (1 - l1_ratio) / 2 * ||w||_2^2

with ``s`` the sample weights rescaled to sum to n (all ones by default) and
the intercept ``b`` unpenalized (Lasso is ``l1_ratio = 1``).  The solver is
:mod:`skreg._cd`: working sets, gap-safe screening and dual extrapolation on
an implicitly centered design, so X is neither copied (when it is already a
Fortran-ordered float array or a CSC matrix) nor densified.  ``tol`` has
scikit-learn's meaning: stop when the duality gap is at most
``tol * ||y_centered||^2 / n`` (weighted), so the same ``tol`` gives the same
accuracy in both libraries.
"""

import inspect
import numbers
import warnings
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np
from joblib import effective_n_jobs
from scipy import linalg, optimize, sparse
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import check_cv
from sklearn.utils import check_random_state, check_scalar
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.metadata_routing import _raise_for_params
from sklearn.utils.validation import (
    _check_sample_weight,
    check_array,
    column_or_1d,
    validate_data,
)

from skreg._cd import enet_path_cd, glm_path_cd
from skreg._cd_gram import enet_path_gram
from skreg._cd_multitask import multitask_enet_path_cd
from skreg._kernel_checks import int32_csc
from skreg.linear_model._base import (
    FLOAT_DTYPES,
    LinearPredictMixin,
    alpha_max,
    centered_gram,
    centering_offsets,
    intercept_from_offsets,
    offsets_dominate,
    power_of_two_scale,
    rescale_sample_weight,
)
from skreg.linear_model._cv_routing import cv_metadata_router, routed_fit_params
from skreg.linear_model._path_cv import (
    cv_folds,
    fold_results,
    held_out_mse,
    lowest_mean,
)
from skreg.utils._callbacks import ProgressMixin
from skreg.utils._threading import solver_threads

_MESSAGE_CONV = (
    "Objective did not converge. You might want to increase the number of "
    "iterations, check the scale of the features or consider increasing "
    "regularisation."
)
_MESSAGE_ALPHA0 = (
    "With alpha=0, this algorithm does not converge well. You are advised to "
    "use the LinearRegression estimator"
)


# --------------------------------------------------------------------------
# data preparation shared by the estimators and the paths
# --------------------------------------------------------------------------


# Dense columns at least this long keep BLAS multi-threaded during the CD
# solve (the kernel takes every dense dot and axpy from BLAS): each
# coordinate's dot and axpy are then long enough (>= 256 KiB) for OpenBLAS
# to split them over the cores, which is how scikit-learn's Lasso, which
# never limits BLAS, wins on 100000 x 100 (measured here: 0.064 s threaded
# against 0.083 s single).
_THREADED_BLAS_MIN_ROWS = 32768


def _threads_for(X_k, gram):
    """The threading context for one solve on ``X_k`` (yields ``n_threads``).

    BLAS single-threaded and the kernel's passes over OpenMP threads, unless
    the dense design is tall enough for threaded level-1 BLAS to pay; then
    BLAS stays threaded while no other fit runs (see
    :func:`skreg.utils._threading.solver_threads`).
    """
    tall = (
        gram is None
        and not sparse.issparse(X_k)
        and X_k.shape[0] >= _THREADED_BLAS_MIN_ROWS
    )
    return solver_threads(threaded_blas=tall)


def _dot_no_blas(a, b):
    """``a^T b`` in float64 for 1-D arrays, without BLAS.

    A long vector dot through NumPy's BLAS wakes its worker threads, which
    then busy-wait for a while; the single-threaded CD kernel that runs next
    measured ~12 % slower on 100000 x 100 beside them.  einsum's own loop
    keeps BLAS asleep.
    """
    return float(np.einsum("i,i->", a, b, dtype=np.float64))


def _kernel_design(
    X, sample_weight, fit_intercept, y, *, overwrite_X=False, offset_ratio=None
):
    """Return what the kernel needs: (X_k, y_k, v, mean, X_offset, y_offset).

    ``X_k`` is X itself (Fortran float or CSC with int32 indices) unless
    sample weights force a row rescaling by ``sqrt(s)``; centering is left
    implicit (``mean`` and ``v``), so X is not centered in memory, except
    with ``overwrite_X`` (scikit-learn's ``copy_X=False``): a writeable
    dense X is then centered in place (one pass, no copy) and the kernel
    runs on it uncentered; and dense X with a column mean more than
    ``offset_ratio`` times its range (:data:`FLOAT32_OFFSET_RATIO` for
    float32 X; None: never for float64 X) is centered in a copy.
    ``y_k`` is ``sqrt(s) (y - y_offset)`` with shape (n_samples, n_targets).
    """
    n_samples = X.shape[0]
    X_offset, y_offset = centering_offsets(
        X, y, fit_intercept=fit_intercept, sample_weight=sample_weight
    )
    constant = _constant_columns(X, sample_weight) if fit_intercept else None
    in_place = (
        overwrite_X
        and fit_intercept
        and isinstance(X, np.ndarray)
        and X.flags.writeable
        and bool(np.any(X_offset))
    )
    if in_place:
        X -= np.asarray(X_offset, dtype=X.dtype)
        if constant is not None:
            # Centered, these columns are zero up to the rounding of their
            # mean: made exact (see below).
            X[:, constant] = 0
            constant = None
    if X.dtype == np.float32:
        offset_ratio = FLOAT32_OFFSET_RATIO
    center_explicitly = (
        not in_place
        and offset_ratio is not None
        and offsets_dominate(X, X_offset, offset_ratio)
    )
    if sample_weight is None:
        v = np.ones(n_samples, dtype=X.dtype)
    else:
        v = np.sqrt(sample_weight).astype(X.dtype)
        if sparse.issparse(X):
            X = sparse.csc_matrix(sparse.diags_array(v) @ X)
        else:
            X = X * v[:, None]
    # asfortranarray: a no-op for the Fortran float arrays validate_data returns.
    X = int32_csc(X) if sparse.issparse(X) else np.asfortranarray(X)
    y2 = y.reshape(n_samples, -1) - np.reshape(y_offset, (1, -1))
    y_k = np.asarray(y2 * v[:, None], dtype=X.dtype)
    mean = np.asarray(X_offset, dtype=np.float64)
    if in_place:
        mean = np.zeros_like(mean)
    if constant is not None:
        # Centered, these columns are exactly zero, but implicit centering
        # leaves their rounding, which alpha at that level (alpha_max of a
        # design with no other information) fits with coefficients of 1e118.
        # Zeroed in a copy: coefficient 0, the intercept alone fits.
        X = X.copy() if sparse.issparse(X) else np.array(X, order="F")
        if sparse.issparse(X):
            for j in constant:
                X.data[X.indptr[j] : X.indptr[j + 1]] = 0
            X.eliminate_zeros()
        else:
            X[:, constant] = 0
        mean = mean.copy()
        mean[constant] = 0.0
    if center_explicitly:
        # Implicit centering of columns whose mean is far beyond their range
        # loses the digits the duality gap needs (float32: it stalled above
        # tol, or went NaN): center this copy explicitly instead.
        X = np.asfortranarray(X - np.multiply.outer(v, mean).astype(X.dtype))
        mean = np.zeros_like(mean)
    return X, y_k, v, mean, X_offset, y_offset


def _constant_columns(X, sample_weight):
    """Indices of the columns of X constant over the samples of positive
    weight (zero columns excluded: already exact), or None."""
    rows = X
    if sample_weight is not None and not np.all(sample_weight > 0):
        rows = X[np.flatnonzero(sample_weight > 0)]
    if rows.shape[0] == 0 or rows.shape[1] == 0:
        return None
    if sparse.issparse(rows):
        high = rows.max(axis=0).toarray().ravel()
        low = rows.min(axis=0).toarray().ravel()
    else:
        high, low = rows.max(axis=0), rows.min(axis=0)
    constant = np.flatnonzero((high == low) & (high != 0))
    return constant if constant.size else None


# Largest ratio of a float32 column's mean to its range that implicit
# centering takes: about one float32 digit of seven is lost beyond it.
FLOAT32_OFFSET_RATIO = 8.0


# "auto" solves on the Gram matrix when X has more than this many samples
# per feature: an epoch then costs p^2 instead of about n * p, which pays for
# the one-off n * p^2 / 2 SYRK after a few epochs (measured in
# benchmarks/bench_lasso.py, problem (c) and --gram-sweep) ...
_GRAM_AUTO_RATIO = 2
# ... and at most this many features (a 128 MiB float64 Gram matrix).
_GRAM_AUTO_MAX_FEATURES = 4096


def _use_gram(precompute, X):
    """Whether ``precompute`` asks for the Gram solver on this X.

    Decided on the shape alone, so that dense and sparse input of the same
    data run the same solver (the Gram matrix of a sparse X is a p x p dense
    array like any other): "auto" means ``n_samples > 2 * n_features`` and
    at most 4096 features.
    """
    if isinstance(precompute, str):
        n_samples, n_features = X.shape
        return (
            n_samples > _GRAM_AUTO_RATIO * n_features
            and n_features <= _GRAM_AUTO_MAX_FEATURES
        )
    if hasattr(precompute, "__array__") or isinstance(precompute, list | tuple):
        return True
    return bool(precompute)


def _is_user_gram(precompute):
    return hasattr(precompute, "__array__") or isinstance(precompute, list | tuple)


def _gram_in_safe_range(X_k, y_k, mean, *, small_only=False):
    """Whether X and y lie in the range where skreg's own Gram matrix is
    computed as given; outside it its products under- or overflow (float32
    at 1e-13: G near 1e-26), and the solver on X, which rescales, runs.
    ``small_only`` lets data beyond the range use the Gram matrix (whose
    overflow then raises, as scikit-learn's CV does)."""
    scales = _safe_scales(X_k, y_k, mean)
    if small_only:
        return all(scale <= 1.0 for scale in scales)
    return scales == (1.0, 1.0)


def _gram_quantities(X_k, y_k, v, mean, gram=None):
    """``(G, Q)``: ``Xc^T Xc`` and ``Xc^T y_k`` of the implicitly centered design.

    ``Xc = X_k - v mean^T`` with ``mean`` the ``v**2``-weighted column means
    (from :func:`_kernel_design`), so ``X_k^T v = mean ||v||^2`` and
    ``Xc^T Xc = X_k^T X_k - ||v||^2 mean mean^T``: one SYRK over X, no
    centered copy.  ``gram``, when given, is the user's ``Xc^T Xc``.
    ``Q`` has shape (n_features, n_targets).
    """
    G = centered_gram(X_k, mean, v) if gram is None else gram
    Q = X_k.T @ y_k
    if np.any(mean):
        Q = Q - np.outer(mean, v @ y_k).astype(Q.dtype, copy=False)
    return np.ascontiguousarray(G, dtype=X_k.dtype), np.asarray(Q, dtype=X_k.dtype)


def _check_user_gram(gram, X_k, v, mean):
    """Validate a user Gram matrix like scikit-learn: shape, then one entry.

    ``X_k`` is the (weighted) design; the entry ``(p // 2, p // 2 + 1)`` of
    its centered Gram is recomputed and compared.
    """
    n_features = X_k.shape[1]
    gram = check_array(gram, dtype=X_k.dtype, order="C", ensure_2d=False)
    if gram.shape != (n_features, n_features):
        raise ValueError(
            "precompute must be a (n_features, n_features) Gram matrix, "
            f"got shape {gram.shape}."
        )
    f1 = n_features // 2
    f2 = min(f1 + 1, n_features - 1)
    columns = X_k[:, [f1, f2]]
    columns = columns.toarray() if sparse.issparse(columns) else columns
    v1 = columns[:, 0] - mean[f1] * v
    v2 = columns[:, 1] - mean[f2] * v
    expected = float(np.dot(v1, v2))
    actual = float(gram[f1, f2])
    rtol = 1e-4 if X_k.dtype == np.float32 else 1e-7
    if not np.isclose(expected, actual, rtol=rtol, atol=1e-5):
        raise ValueError(
            "Gram matrix passed in via 'precompute' parameter did not pass "
            "validation when a single element was checked - please check that "
            f"it was computed properly. For element ({f1},{f2}) we computed "
            f"{expected} but the user-supplied value was {actual}."
        )
    return gram


class _PathDesign(NamedTuple):
    """A design prepared for the kernel by :func:`_path_design`."""

    X_k: object  # X itself, or its weighted (or explicitly centered) copy
    y_k: np.ndarray  # (n_samples, n_targets), centered and weighted
    v: np.ndarray  # square roots of the sample weights
    mean: np.ndarray  # the implicit centering offsets
    X_offset: np.ndarray
    y_offset: object
    gram: tuple | None  # (G, Q) for the Gram solver, Q (n_features, n_targets)

    def target(self, k):
        """The design of target ``k`` alone."""
        gram = None
        if self.gram is not None:
            gram = (self.gram[0], self.gram[1][:, k : k + 1])
        return self._replace(y_k=self.y_k[:, k : k + 1], gram=gram)


def _path_design(
    X, y, *, sample_weight=None, fit_intercept=False, precompute=False, Xy=None,
    fold=False, overwrite_X=False,
):  # fmt: skip
    """Prepare X and y for the kernel, and decide on the Gram solver.

    The one place that makes these decisions for ``enet_path``, the
    estimators' ``fit`` and the CV folds, which then pass the result to
    ``estimator.path`` (its private ``_design`` parameter, as scikit-learn's
    ``fit`` passes its centered Gram matrix and offsets to its path).

    ``precompute`` as the estimators take it: "auto", a bool, or the user's
    Gram matrix (with ``Xy`` its ``X^T y``).  ``fold``: a CV training fold,
    for which a user Gram matrix (of all the data) is no use and skreg's own
    is built unless X and y are too large for its products (whose overflow
    then raises, as scikit-learn's CV does).  ``overwrite_X``: scikit-learn's
    ``copy_X=False`` (a writeable dense X is centered in place).
    """
    X_k, y_k, v, mean, X_offset, y_offset = _kernel_design(
        X, sample_weight, fit_intercept, y, overwrite_X=overwrite_X
    )
    user = None if fold or not _is_user_gram(precompute) else precompute
    gram = None
    if _use_gram(precompute, X) and (
        user is not None or _gram_in_safe_range(X_k, y_k, mean, small_only=fold)
    ):
        if user is not None and fit_intercept and not np.allclose(X_offset, 0.0):
            warnings.warn(
                "Gram matrix was provided but X was centered to fit intercept: "
                "recomputing Gram matrix.",
                UserWarning,
                stacklevel=3,
            )
            user = None
        if user is not None:
            user = _check_user_gram(user, X_k, v, mean)
        G, Q = _gram_quantities(X_k, y_k, v, mean, gram=user)
        if user is not None and Xy is not None:
            Q = np.asarray(Xy, dtype=X_k.dtype).reshape(X_k.shape[1], -1)
        gram = (G, Q)
    return _PathDesign(X_k, y_k, v, mean, X_offset, y_offset, gram)


def _checked_alphas(alphas):
    """A path's alphas, checked entry by entry like scikit-learn's CV
    classes (``alphas[i]`` named in the message), then sorted down."""
    entries = alphas if isinstance(alphas, list | tuple) else np.ravel(alphas)
    for index, alpha in enumerate(entries):
        check_scalar(
            alpha, f"alphas[{index}]", target_type=Real, min_val=0.0,
            include_boundaries="left",
        )  # fmt: skip
    grid = np.asarray(alphas, dtype=np.float64).ravel()
    if not np.all(np.isfinite(grid)):
        raise ValueError(f"alphas must be finite, got {alphas!r}.")
    return np.sort(grid)[::-1]


def _solve_path(
    X_k,
    y_k,
    v,
    mean,
    alphas,
    l1_ratio,
    coef_init,
    *,
    tol,
    max_iter,
    positive,
    rng,
    selection,
    warn=True,
    means_are_weighted=True,
    gram=None,
):
    """Run the kernel on one target along ``alphas``; return coefs (p, n_alphas).

    ``mean`` comes from :func:`_kernel_design`: the column means weighted by
    ``v**2``, which lets the kernel skip a pass over X.  ``gram`` is
    ``(G, q)`` from :func:`_gram_quantities` (``q`` for this target) to run
    the Gram solver instead of the one on X.
    """
    n_samples = X_k.shape[0]
    alphas = np.asarray(alphas, dtype=np.float64)
    l1s = alphas * l1_ratio * n_samples
    l2s = alphas * (1.0 - l1_ratio) * n_samples
    direct = l1s == 0
    if np.any(direct) and _direct_solve_fits(X_k):
        # No L1 part: least squares or ridge, a linear system solved
        # directly (at alpha = 0 the duality gap is no bound on the
        # suboptimality and CD crawls on rank-deficient designs; at
        # l1_ratio = 0 CD's linear rate on ill-conditioned ridge problems
        # stopped it short of scikit-learn's Ridge at tol 1e-11).
        return _solve_with_direct(
            X_k, y_k, v, mean, alphas, l1_ratio, coef_init, direct,
            tol=tol, max_iter=max_iter, positive=positive, rng=rng,
            selection=selection, warn=warn,
            means_are_weighted=means_are_weighted, gram=gram,
        )  # fmt: skip
    x_scale, y_scale = _safe_scales(X_k, y_k, mean)
    if x_scale != 1.0 or y_scale != 1.0:
        # X' = sx X, y' = sy y: w = (sx / sy) w', the objective times sy**2,
        # l1 times sx * sy, l2 times sx**2 (tol is relative: unchanged).
        X_k, mean = _scaled_design(X_k, mean, x_scale)
        y_k = y_k * y_k.dtype.type(y_scale)
        coef_init = np.asarray(coef_init) * (y_scale / x_scale)
        l1s = l1s * (x_scale * y_scale)
        l2s = l2s * x_scale**2
        if gram is not None:
            G, q = gram
            gram = (G * G.dtype.type(x_scale**2), q * q.dtype.type(x_scale * y_scale))
    y = np.ascontiguousarray(y_k)
    yy = _dot_no_blas(y, y)
    tol_abs = tol * yy
    w = np.array(coef_init, dtype=X_k.dtype, copy=True)
    seed = int(rng.randint(0, np.iinfo(np.int32).max))
    with _threads_for(X_k, gram) as n_threads:
        if gram is not None:
            G, q = gram
            coefs, gaps, n_iters, converged = enet_path_gram(
                G, q, yy, l1s, l2s, w,
                tol_abs=tol_abs, max_iter=max_iter, positive=positive,
                random=selection == "random", seed=seed,
            )  # fmt: skip
            _polish_on_supports(
                G, q, yy, l1s, l2s, coefs, gaps, n_iters, converged,
                tol_abs=tol_abs, positive=positive,
            )  # fmt: skip
        else:
            coefs, gaps, n_iters, converged = enet_path_cd(
                X_k, y, v, mean, l1s, l2s, w,
                tol_abs=tol_abs, max_iter=max_iter, positive=positive,
                random=selection == "random", seed=seed,
                means_are_weighted=means_are_weighted, n_threads=n_threads,
            )  # fmt: skip
    coefs = coefs.T
    if x_scale != 1.0 or y_scale != 1.0:
        coefs = coefs * coefs.dtype.type(x_scale / y_scale)
        gaps = gaps / y_scale**2
        tol_abs = tol_abs / y_scale**2
    if warn and not np.all(converged):
        worst = int(np.argmax(gaps - tol_abs))
        message = (
            f"{_MESSAGE_CONV} Duality gap: {gaps[worst]:.6e}, tolerance: {tol_abs:.3e}"
        )
        warnings.warn(message, ConvergenceWarning, stacklevel=3)
    return coefs, gaps / n_samples, n_iters


def _polish_on_supports(
    G, q, yy, l1s, l2s, coefs, gaps, n_iters, converged, *, tol_abs, positive
):
    """Replace each Gram-solver solution by the exact one on its support when
    that lowers the duality gap (in place).

    On the support S with signs s of a solution, the optimality conditions
    are the linear system ``(G_SS + l2 I) w_S = q_S - l1 s``; its solution,
    checked by one more epoch of the Gram kernel (which also evaluates the
    gap, so that the gap formula stays the kernel's), is kept when its signs
    are s and its gap is no larger.  Coordinate descent stopped at ``tol``
    leaves an error of order sqrt(tol) on ill-conditioned problems; once the
    support is the final one, the exact solve removes it (the solver on X
    has its own support solve).  Skipped when the solve would cost more
    than a few of the epochs already run.
    """
    n_features = G.shape[0]
    for a in range(coefs.shape[0]):
        support = np.flatnonzero(coefs[a])
        k = support.size
        if k == 0 or k**3 > 30 * max(int(n_iters[a]), 1) * n_features**2:
            continue
        signs = np.sign(coefs[a, support])
        system = G[np.ix_(support, support)].astype(np.float64)
        system[np.diag_indices(k)] += l2s[a]
        rhs = q[support].astype(np.float64) - l1s[a] * signs
        try:
            # Cholesky (no conditioning warning, which would reach the
            # user): raises for a singular support system.
            exact = linalg.cho_solve(linalg.cho_factor(system), rhs)
        except linalg.LinAlgError:
            continue
        if not np.all(np.sign(exact) == signs):
            continue
        w = np.zeros(n_features, dtype=coefs.dtype)
        w[support] = exact
        polished, gap, n_iter, ok = enet_path_gram(
            G, q, yy, l1s[a : a + 1], l2s[a : a + 1], w,
            tol_abs=tol_abs, max_iter=1, positive=positive,
        )  # fmt: skip
        if gap[0] <= gaps[a]:
            coefs[a] = polished[0]
            gaps[a] = gap[0]
            n_iters[a] += n_iter[0]
            converged[a] = converged[a] or ok[0]


def _safe_scales(X_k, y_k, mean):
    """Powers of two ``(sx, sy)`` bringing float32 X and y into the kernel's
    safe range (1 for data already there, and for float64, whose range the
    kernel's sums of squares do not leave): at float32 scales near 1e-13
    the squares the duality gap sums (alphas near 1e-26) underflow to NaN."""
    if X_k.dtype != np.float32:
        return 1.0, 1.0
    X_values = X_k.data if sparse.issparse(X_k) else X_k
    x_magnitude = max(
        float(np.abs(X_values).max(initial=0.0)),
        float(np.abs(mean).max(initial=0.0)),
    )
    y_magnitude = float(np.abs(y_k).max(initial=0.0))
    return (
        power_of_two_scale(x_magnitude, X_k.dtype),
        power_of_two_scale(y_magnitude, X_k.dtype),
    )


def _scaled_design(X_k, mean, scale):
    """``(scale * X_k, scale * mean)``, X_k in a new array of the same layout."""
    if sparse.issparse(X_k):
        X_k = X_k.copy()
        X_k.data *= X_k.dtype.type(scale)
    else:
        X_k = np.asfortranarray(X_k * X_k.dtype.type(scale))
    return X_k, mean * scale


# Largest design (n_samples * n_features) solved directly without an L1
# part (alpha = 0 or l1_ratio = 0): a dense float64 copy of 128 MiB; beyond
# it coordinate descent runs as for any alpha.
_EXACT_MAX_ENTRIES = 2**24


def _direct_solve_fits(X_k):
    return X_k.shape[0] * X_k.shape[1] <= _EXACT_MAX_ENTRIES


def _ridge_direct(X_k, y_k, v, mean, l2s, positive):
    """Minimizers of ``1/2 ||y_k - Xc w||^2 + l2 / 2 ||w||^2`` for each l2.

    ``Xc = X_k - v mean^T`` is the implicitly centered design of
    :func:`_kernel_design`, formed here in float64.  Without the sign
    constraint one SVD of Xc serves every l2: ``w = V diag(s / (s^2 + l2))
    U^T y``, the minimum-norm least-squares solution at ``l2 = 0``, where
    singular values below the rounding of X's own dtype count as zero (a
    float32 design's rounding is no direction to fit: its huge coefficients
    lose their digits when cast back to float32).  With it, scipy's
    active-set non-negative least squares, on ``[Xc; sqrt(l2) I]`` and
    ``[y; 0]`` for ``l2 > 0``.  Returns shape (n_features, len(l2s)).
    """
    Xc = X_k.toarray() if sparse.issparse(X_k) else np.asarray(X_k)
    Xc = Xc.astype(np.float64) - np.outer(v.astype(np.float64), mean)
    y = np.asarray(y_k, dtype=np.float64)
    n_features = Xc.shape[1]
    coefs = np.empty((n_features, len(l2s)))
    if positive:
        for i, l2 in enumerate(l2s):
            A, b = Xc, y
            if l2 > 0:
                A = np.vstack([Xc, np.sqrt(l2) * np.eye(n_features)])
                b = np.concatenate([y, np.zeros(n_features)])
            coefs[:, i] = optimize.nnls(A, b, maxiter=50 * max(n_features, 1))[0]
        return coefs
    try:
        U, s, Vt = linalg.svd(Xc, full_matrices=False, lapack_driver="gesdd")
    except linalg.LinAlgError:
        U, s, Vt = linalg.svd(Xc, full_matrices=False, lapack_driver="gesvd")
    Uty = U.T @ y
    cutoff = np.finfo(X_k.dtype).eps * max(Xc.shape) * (s[0] if s.size else 0.0)
    for i, l2 in enumerate(l2s):
        if l2 > 0:
            d = s / (s * s + l2)
        else:
            d = np.zeros_like(s)
            kept = s > cutoff
            d[kept] = 1.0 / s[kept]
        coefs[:, i] = Vt.T @ (d * Uty)
    return coefs


def _ridge_gap(X_k, y_k, v, mean, w, l2):
    """scikit-learn's ridge duality gap (n-scaled units) of the direct solve:
    ``||r||^2 + l2/2 ||w||^2 - r^T y + ||Xc^T r||^2 / (2 l2)``, in float64."""
    w = np.asarray(w, dtype=np.float64)
    y = np.asarray(y_k, dtype=np.float64)
    Xw = np.asarray(X_k @ w, dtype=np.float64) - v.astype(np.float64) * (mean @ w)
    r = y - Xw
    xtr = np.asarray(X_k.T @ r, dtype=np.float64) - mean * float(v @ r)
    gap = r @ r + 0.5 * l2 * (w @ w) - r @ y + (xtr @ xtr) / (2.0 * l2)
    return max(float(gap), 0.0)


def _solve_with_direct(
    X_k, y_k, v, mean, alphas, l1_ratio, coef_init, direct, **kernel_args
):
    """:func:`_solve_path` with the alphas without an L1 part solved directly.

    The others run on the kernel as usual; each direct one gets the
    least-squares or ridge solution (:func:`_ridge_direct`) and 1 iteration
    (one direct solve).  Its duality gap is 0 at alpha = 0 (exact up to
    rounding; the least-squares gap is no bound there) and the ridge gap,
    at the rounding level, otherwise (0 with ``positive``: NNLS is exact).
    """
    n_samples = X_k.shape[0]
    n_alphas = alphas.shape[0]
    coefs = np.empty((X_k.shape[1], n_alphas), dtype=X_k.dtype)
    gaps = np.zeros(n_alphas, dtype=np.float64)
    n_iters = np.ones(n_alphas, dtype=np.int32)
    iterative = np.flatnonzero(~direct)
    if iterative.size:
        coefs_p, gaps_p, iters_p = _solve_path(
            X_k, y_k, v, mean, alphas[iterative], l1_ratio, coef_init,
            **kernel_args,
        )  # fmt: skip
        coefs[:, iterative] = coefs_p
        gaps[iterative] = gaps_p
        n_iters[iterative] = iters_p
    l2s = alphas[direct] * (1.0 - l1_ratio) * n_samples
    solved = _ridge_direct(X_k, y_k, v, mean, l2s, kernel_args["positive"])
    coefs[:, direct] = solved.astype(X_k.dtype)
    if not kernel_args["positive"]:
        for k, (i, l2) in enumerate(zip(np.flatnonzero(direct), l2s, strict=True)):
            if l2 > 0:
                gap = _ridge_gap(X_k, y_k, v, mean, solved[:, k], l2)
                gaps[i] = gap / n_samples
    return coefs, gaps, n_iters


# The automatic alpha grid's parameters, as every path-selecting estimator
# (CV or information criterion) takes them: ``alphas`` points down to
# ``eps * alpha_max``, or the grid itself.
GRID_CONSTRAINTS = {
    "eps": [Interval(Real, 0, None, closed="neither")],
    "alphas": [Interval(Integral, 1, None, closed="left"), "array-like"],
}


def _alpha_grid(
    X, y, *, l1_ratio, fit_intercept, eps, n_alphas, sample_weight, positive
):
    """scikit-learn's grid: ``n_alphas`` log-spaced from alpha_max to eps *
    alpha_max, alpha_max = max_j |x_j^T s (y - y_offset)| / (n l1_ratio)."""
    if l1_ratio == 0:
        raise ValueError(
            "Automatic alpha grid generation is not supported for l1_ratio=0. "
            "Please supply a grid by providing your estimator with the "
            "appropriate `alphas=` argument."
        )
    top = alpha_max(
        X, y, l1_ratio=l1_ratio, fit_intercept=fit_intercept,
        sample_weight=sample_weight, positive=positive,
    )  # fmt: skip
    if top <= np.finfo(np.float64).resolution:
        return np.full(n_alphas, np.finfo(np.float64).resolution)
    return np.geomspace(top, top * eps, num=n_alphas)


# --------------------------------------------------------------------------
# paths
# --------------------------------------------------------------------------


def _deprecated_alphas(n_alphas, alphas):
    """The path's ``alphas`` from scikit-learn 1.9's deprecated spellings.

    ``alphas="warn"`` (the signature's default) is 100 unless the deprecated
    ``n_alphas`` is given; ``alphas=None`` means 100 too.  Both deprecated
    spellings raise scikit-learn 1.9.1's FutureWarning, and an explicit
    ``alphas`` wins over ``n_alphas`` as there.
    """
    grid = 100
    if n_alphas != "deprecated":
        warnings.warn(
            "'n_alphas' was deprecated in 1.9 and will be removed in 1.11. "
            "'alphas' now accepts an integer value which removes the need to pass "
            "'n_alphas'. The default value of 'alphas' will change from None to "
            "100 in 1.11. Pass an explicit value to 'alphas' and leave 'n_alphas' "
            "to its default value to silence this warning.",
            FutureWarning,
            stacklevel=3,
        )
        grid = n_alphas
    if isinstance(alphas, str) and alphas == "warn":
        return grid
    if alphas is None:
        warnings.warn(
            "'alphas=None' is deprecated and will be removed in 1.11, at which "
            "point the default value will be set to 100. Set 'alphas=100' "
            "to silence this warning.",
            FutureWarning,
            stacklevel=3,
        )
        return grid
    return alphas


def enet_path(
    X,
    y,
    *,
    l1_ratio=0.5,
    eps=1e-3,
    n_alphas="deprecated",
    alphas="warn",
    precompute="auto",
    Xy=None,
    copy_X=True,
    coef_init=None,
    verbose=False,
    return_n_iter=False,
    positive=False,
    check_input=True,
    **params,
):
    """Compute the elastic-net path by coordinate descent (no intercept).

    For each alpha, minimizes::

        1/(2n) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1
            + alpha * (1 - l1_ratio) / 2 * ||w||_2^2

    X and y are used as they are (not centered), like scikit-learn's
    ``enet_path``; each solution warm-starts the next (primal), and the
    solver's working sets make a long path cost little more than its
    hardest point.

    With a 2-D y, scikit-learn's multi-task problem: for each alpha::

        1/(2n) ||Y - XW||_F^2 + alpha * l1_ratio * sum_j ||W_j||_2
            + alpha * (1 - l1_ratio) / 2 * ||W||_F^2

    (``W_j`` the coefficients of feature j for every target, selected or
    zeroed together), solved by block coordinate descent
    (:mod:`skreg._cd_multitask`) with the duality gap stop at
    ``tol * ||Y||_F^2``; the automatic grid then starts at
    ``max_j ||x_j^T Y||_2 / (n l1_ratio)``.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        One target, or several for the multi-task problem.
    l1_ratio : float, default=0.5
        Mixing parameter, ``0 < l1_ratio <= 1`` for the automatic grid.
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    n_alphas : int, default="deprecated"
        Deprecated (scikit-learn 1.9, FutureWarning): pass an integer
        ``alphas`` instead.
    alphas : int or array-like, default="warn"
        Number of alphas on the automatic grid, or the alphas themselves
        (sorted in decreasing order).  The default "warn" means 100 (or
        ``n_alphas``); ``None`` means 100 with scikit-learn 1.9's
        FutureWarning.
    precompute : "auto", bool or array-like, default="auto"
        Whether to solve on the Gram matrix ``X^T X`` (one SYRK, then epochs
        of cost p^2 that never touch X), or the Gram matrix itself (checked
        on one entry, as scikit-learn does).  "auto" uses it for dense X with
        ``n_samples > 2 * n_features`` (and at most 4096 features), for
        dense and sparse X alike.
    Xy : array-like of shape (n_features,), default=None
        ``X^T y``, used only with a user-supplied Gram matrix.
    copy_X : bool, default=True
        X is never modified by the path, so no copy is ever needed.
    coef_init : ndarray of shape (n_features,) or (n_targets, n_features), \
            default=None
        Initial coefficients.
    verbose : bool or int, default=False
        When positive, print one line per alpha (its duality gap and number
        of epochs) once the path is solved: the kernel solves the whole path
        without returning to Python.
    return_n_iter : bool, default=False
        Whether to return the number of epochs per alpha.
    positive : bool, default=False
        Force the coefficients to be non-negative (single target only).
    check_input : bool, default=True
        Validate X and y.
    **params : kwargs
        ``tol`` (1e-4), ``max_iter`` (1000), ``random_state``, ``selection``.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas) or \
            (n_targets, n_features, n_alphas)
    dual_gaps : ndarray of shape (n_alphas,)
        Duality gaps at the end of each fit, in the units of the objective.
        Without an L1 part (alpha = 0 or ``l1_ratio=0``) a single target is
        solved directly (least squares or ridge by one SVD, NNLS with
        ``positive``): its ``n_iters`` entry is 1 and its gap 0 at alpha =
        0, the ridge duality gap (rounding level) otherwise.
    n_iters : list of int
        Only when ``return_n_iter`` is True: passes over the data per
        alpha (see ``ElasticNet.n_iter_``; epochs over all features for a
        2-D y).
    """
    tol = params.pop("tol", 1e-4)
    max_iter = params.pop("max_iter", 1000)
    random_state = params.pop("random_state", None)
    selection = params.pop("selection", "cyclic")
    # The estimators' fit and CV folds pass their design prepared by
    # _path_design (centered, weighted, Gram decided): X and y are then
    # taken as validated and not prepared again.
    design = params.pop("_design", None)
    if params:
        raise ValueError("Unexpected parameters in params", params.keys())
    if selection not in ("cyclic", "random"):
        raise ValueError("selection should be either random or cyclic.")
    alphas = _deprecated_alphas(n_alphas, alphas)
    if check_input and design is None:
        X = check_array(
            X, accept_sparse="csc", dtype=FLOAT_DTYPES, order="F",
            accept_large_sparse=False,
        )  # fmt: skip
        y = check_array(y, dtype=X.dtype, ensure_2d=False, order="F")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples but y has {y.shape[0]}.")
    if y.ndim != 1:
        return _multitask_path(
            X, y, l1_ratio=l1_ratio, eps=eps, alphas=alphas, coef_init=coef_init,
            verbose=verbose, return_n_iter=return_n_iter, positive=positive,
            tol=tol, max_iter=max_iter, random_state=random_state,
            selection=selection,
        )  # fmt: skip
    n_features = X.shape[1]
    if isinstance(alphas, Integral):
        alphas = _alpha_grid(
            X, y, l1_ratio=l1_ratio, fit_intercept=False, eps=eps,
            n_alphas=int(alphas), sample_weight=None, positive=positive,
        )  # fmt: skip
    else:
        alphas = _checked_alphas(alphas)
    if design is None:
        design = _path_design(X, y, precompute=precompute, Xy=Xy)
    if coef_init is None:
        coef_init = np.zeros(n_features, dtype=design.X_k.dtype)
    gram = None
    if design.gram is not None:
        gram = (design.gram[0], np.ascontiguousarray(design.gram[1][:, 0]))
    coefs, gaps, n_iters = _solve_path(
        design.X_k, design.y_k[:, 0], design.v, design.mean, alphas, l1_ratio,
        coef_init, tol=tol, max_iter=max_iter, positive=positive,
        rng=check_random_state(random_state), selection=selection, gram=gram,
    )  # fmt: skip
    if verbose:
        steps = zip(alphas, gaps, n_iters, strict=True)
        for i, (alpha, gap, n_iter) in enumerate(steps, start=1):
            print(
                f"Alpha {i}, alpha = {alpha:.6g}, duality gap = {gap:.3e}, "
                f"n_iter = {int(n_iter)}",
                flush=True,
            )
    if return_n_iter:
        return alphas, coefs, gaps, [int(i) for i in n_iters]
    return alphas, coefs, gaps


def _multitask_alpha_max(X, Y, l1_ratio):
    """Smallest alpha zeroing every row of the multi-task solution (no
    intercept): ``max_j ||x_j^T Y||_2 / (n l1_ratio)``."""
    XtY = np.asarray(X.T @ Y, dtype=np.float64)
    return float(np.sqrt(np.max(np.sum(XtY**2, axis=1)))) / (X.shape[0] * l1_ratio)


def _multitask_path(
    X, Y, *, l1_ratio, eps, alphas, coef_init, verbose, return_n_iter, positive,
    tol, max_iter, random_state, selection,
):  # fmt: skip
    """:func:`enet_path` for a 2-D y: scikit-learn's multi-task problem.

    For each alpha, minimizes::

        1/(2n) ||Y - XW||_F^2 + alpha * l1_ratio * sum_j ||W_j||_2
            + alpha * (1 - l1_ratio) / 2 * ||W||_F^2

    (``W_j`` the coefficients of feature j for all targets) by block
    coordinate descent (:mod:`skreg._cd_multitask`), stopping when the
    duality gap is at most ``tol * ||Y||_F^2``.  Returns coefs of shape
    (n_targets, n_features, n_alphas), as scikit-learn's path does.
    """
    if positive:
        raise ValueError("positive=True is not allowed for multi-output (y.ndim != 1)")
    n_samples, n_features = X.shape
    n_targets = Y.shape[1]
    if isinstance(alphas, Integral):
        if l1_ratio == 0:
            raise ValueError(
                "Automatic alpha grid generation is not supported for l1_ratio=0. "
                "Please supply a grid by providing your estimator with the "
                "appropriate `alphas=` argument."
            )
        top = _multitask_alpha_max(X, Y, l1_ratio)
        if top <= np.finfo(np.float64).resolution:
            alphas = np.full(int(alphas), np.finfo(np.float64).resolution)
        else:
            alphas = np.geomspace(top, top * eps, num=int(alphas))
    else:
        alphas = np.sort(np.asarray(alphas, dtype=np.float64).ravel())[::-1]
        if np.any(alphas < 0) or not np.all(np.isfinite(alphas)):
            raise ValueError("alphas must be finite and non-negative.")
    X = int32_csc(X) if sparse.issparse(X) else np.asfortranarray(X)
    Y_k = np.ascontiguousarray(np.asarray(Y, dtype=X.dtype).T)
    if coef_init is None:
        W = np.zeros((n_features, n_targets), dtype=X.dtype)
    else:
        W = np.ascontiguousarray(np.asarray(coef_init, dtype=X.dtype).T)
        if W.shape != (n_features, n_targets):
            raise ValueError(
                f"coef_init must have shape ({n_targets}, {n_features}), "
                f"got {np.shape(coef_init)}."
            )
    tol_abs = tol * float(np.sum(np.square(Y_k, dtype=np.float64)))
    rng = check_random_state(random_state)
    coefs, gaps, n_iters, converged = multitask_enet_path_cd(
        X, Y_k, np.zeros(n_features), alphas * l1_ratio * n_samples,
        alphas * (1.0 - l1_ratio) * n_samples, W, tol_abs=tol_abs,
        max_iter=max_iter, random=selection == "random",
        seed=int(rng.randint(0, np.iinfo(np.int32).max)),
    )  # fmt: skip
    if not np.all(converged):
        worst = int(np.argmax(gaps - tol_abs))
        warnings.warn(
            f"{_MESSAGE_CONV} Duality gap: {gaps[worst]:.6e}, tolerance: {tol_abs:.3e}",
            ConvergenceWarning,
            stacklevel=3,
        )
    coefs = np.moveaxis(coefs, 0, -1).transpose(1, 0, 2)
    gaps = gaps / n_samples
    if verbose:
        steps = zip(alphas, gaps, n_iters, strict=True)
        for i, (alpha, gap, n_iter) in enumerate(steps, start=1):
            print(
                f"Alpha {i}, alpha = {alpha:.6g}, duality gap = {gap:.3e}, "
                f"n_iter = {int(n_iter)}",
                flush=True,
            )
    if return_n_iter:
        return alphas, coefs, gaps, [int(i) for i in n_iters]
    return alphas, coefs, gaps


def lasso_path(
    X,
    y,
    *,
    eps=1e-3,
    n_alphas="deprecated",
    alphas="warn",
    precompute="auto",
    Xy=None,
    copy_X=True,
    coef_init=None,
    verbose=False,
    return_n_iter=False,
    positive=False,
    **params,
):
    """Compute the Lasso path by coordinate descent (no intercept).

    For each alpha, minimizes ``1/(2n) ||y - Xw||^2 + alpha * ||w||_1``.
    This is :func:`enet_path` with ``l1_ratio=1``; see it for the parameters
    and return values.
    """
    return enet_path(
        X, y, l1_ratio=1.0, eps=eps, n_alphas=n_alphas, alphas=alphas,
        precompute=precompute, Xy=Xy, copy_X=copy_X, coef_init=coef_init,
        verbose=verbose, return_n_iter=return_n_iter, positive=positive,
        **params,
    )  # fmt: skip


def _glm_path(
    X,
    y,
    *,
    datafit,
    alphas,
    penalty="l1",
    l1_ratio=1.0,
    sample_weight=None,
    coef_init=None,
    positive=False,
    penalty_weights=None,
    tol=1e-4,
    max_iter=1000,
):
    """Path of any registered datafit x penalty pair (private; no intercept).

    For each alpha (in the order given, each solution warm-starting the
    next), minimizes::

        sum_i s_i loss(y_i, x_i w) + alpha * pen(w)

    with ``loss`` the squared error / 2 (``datafit="quadratic"``) or the
    logistic loss ``log(1 + exp(-y_i x_i w))`` on labels in {-1, +1}
    (``datafit="logistic"``), ``s`` the sample weights as given (not
    rescaled), and ``pen`` the L1 norm, the elastic net
    ``l1_ratio ||w||_1 + (1 - l1_ratio) / 2 ||w||^2``, ``||w||^2 / 2`` or
    the weighted L1 norm ``sum_j penalty_weights_j |w_j|`` (a weight of 0
    leaves a feature unpenalized).
    scikit-learn's ``LogisticRegression(C=C)`` objective is ``alpha = 1/C``.
    Stops when the duality gap is at most ``tol`` times the objective at
    ``w = 0``.  Solved by :func:`skreg._cd.glm_path_cd` (prox-Newton
    coordinate descent with working sets).

    Returns
    -------
    coefs : ndarray of shape (n_features, n_alphas)
    gaps : ndarray of shape (n_alphas,)
    n_iters : ndarray of shape (n_alphas,)
    converged : ndarray of shape (n_alphas,)
    """
    X = check_array(
        X, accept_sparse="csc", dtype=np.float64, order="F", accept_large_sparse=False
    )
    if sparse.issparse(X):
        X = int32_csc(X)
    y = np.ascontiguousarray(column_or_1d(y), dtype=np.float64)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples but y has {y.shape[0]}.")
    if sample_weight is not None:
        sample_weight = np.ascontiguousarray(
            _check_sample_weight(sample_weight, X, dtype=np.float64)
        )
    alphas = np.asarray(alphas, dtype=np.float64).ravel()
    if alphas.size == 0 or np.any(alphas < 0) or not np.all(np.isfinite(alphas)):
        raise ValueError("alphas must be a non-empty array of finite values >= 0.")
    w = np.zeros(X.shape[1]) if coef_init is None else np.array(coef_init, float)
    s = np.ones_like(y) if sample_weight is None else sample_weight
    if datafit == "logistic":
        at_zero = float(s.sum()) * np.log(2.0)
    else:
        at_zero = 0.5 * float(s @ (y * y))
    with solver_threads() as n_threads:
        coefs, gaps, n_iters, converged = glm_path_cd(
            X, y, sample_weight, alphas, w, datafit=datafit, penalty=penalty,
            l1_ratio=l1_ratio, positive=positive, tol_abs=tol * at_zero,
            penalty_weights=None if penalty_weights is None
            else np.ascontiguousarray(penalty_weights, dtype=np.float64),
            max_iter=max_iter, n_threads=n_threads,
        )  # fmt: skip
    if not np.all(converged):
        warnings.warn(
            f"{_MESSAGE_CONV} Duality gap: {np.max(gaps):.6e}, "
            f"tolerance: {tol * at_zero:.3e}",
            ConvergenceWarning,
            stacklevel=2,
        )
    return coefs.T, gaps, n_iters, converged


# --------------------------------------------------------------------------
# estimators
# --------------------------------------------------------------------------


def _check_prevalidated_design(X, in_place):
    """Raise unless X is what ``check_input=False`` promises: a float design
    that, when the kernel is to use it ``in_place`` (no sample weights to
    rescale it into a new array), validation would have passed unchanged."""
    if sparse.issparse(X):
        ok = not in_place or (
            X.format == "csc"
            and X.indices.dtype == np.int32
            and X.indptr.dtype == np.int32
        )
    else:
        ok = isinstance(X, np.ndarray) and X.ndim == 2
        ok = ok and (X.flags.f_contiguous or not in_place)
    if not ok or X.dtype not in (np.float64, np.float32):
        got = f"{type(X).__name__} of dtype {getattr(X, 'dtype', None)}"
        if isinstance(X, np.ndarray) and not X.flags.f_contiguous:
            got += ", not Fortran-ordered"
        raise ValueError(
            "With check_input=False, X must be a Fortran-ordered float64 or "
            "float32 ndarray or a CSC matrix with int32 indices; got "
            f"{got}. Pass check_input=True to have X validated and converted."
        )


class _SparseCoefMixin(LinearPredictMixin):
    """The linear predict mixin plus scikit-learn's ``sparse_coef_``."""

    @property
    def sparse_coef_(self):
        """Sparse representation of the fitted ``coef_``."""
        return sparse.csr_matrix(np.atleast_2d(self.coef_))


class ElasticNet(
    ProgressMixin, _SparseCoefMixin, MultiOutputMixin, RegressorMixin, BaseEstimator
):
    """Linear regression with combined L1 and L2 priors (elastic net).

    Minimizes, for each target::

        1/(2n) sum_i s_i (y_i - x_i w - b)^2
            + alpha * l1_ratio * ||w||_1 + alpha * (1 - l1_ratio) / 2 * ||w||_2^2

    with ``s`` the sample weights rescaled to sum to n (ones by default) and
    the intercept ``b`` unpenalized.  Drop-in for
    :class:`sklearn.linear_model.ElasticNet`: same parameters, attributes and
    solution; solved by coordinate descent with working sets, gap-safe
    screening and dual extrapolation (:mod:`skreg._cd`).

    Parameters
    ----------
    alpha : float, default=1.0
        Overall penalty strength. ``alpha=0`` warns (use LinearRegression),
        like scikit-learn, and is then solved directly as (weighted, centered)
        least squares: SVD (minimum norm), non-negative least squares with
        ``positive=True``; coordinate descent only for designs beyond 2**24
        entries.
    l1_ratio : float, default=0.5
        Mixing parameter in [0, 1]: 1 is the Lasso, 0 ridge.  At 0 the
        problem is ridge regression, solved directly in the same way (one
        SVD of the centered, weighted design; NNLS on the design augmented
        by ``sqrt(n alpha) I`` with ``positive=True``).
    fit_intercept : bool, default=True
        Fit an unpenalized intercept (X and y centered implicitly).
    precompute : bool or array-like of shape (n_features, n_features), \
            default=False
        Whether to solve on the Gram matrix of the (implicitly centered,
        weighted) design, built by one SYRK over X with no centered copy:
        worth it when n_samples >> n_features (an epoch then costs p^2, not
        n * p).  An array is taken as that Gram matrix (scikit-learn's
        check of one entry applies; with ``fit_intercept`` and uncentered X
        it is recomputed with a warning).  Dense and sparse X alike.  The
        duality gap is computed exactly from the Gram quantities, with the
        same ``tol`` meaning; once the gap meets ``tol``, the exact solution
        on the support found (one Cholesky solve) replaces the iterate when
        its gap is lower.
    max_iter : int, default=1000
        Maximum number of coordinate-descent epochs over the working sets
        (the outer gap passes are not capped by it).
    copy_X : bool, default=True
        With True, X is never modified (centering stays implicit, so X is
        not copied for it either).  With False, X may be overwritten, as in
        scikit-learn: with ``fit_intercept``, a dense float X used as given
        (Fortran-ordered, or with ``check_input=False``) is centered in
        place (by the weighted column means with sample weights), trading
        the caller's array for an explicitly centered design.  Sparse X is
        never modified.
    tol : float, default=1e-4
        Stop when the duality gap is at most ``tol * ||y_c||^2 / n``
        (``y_c`` the centered, weighted target): scikit-learn's criterion.
    warm_start : bool, default=False
        Start from the previous ``coef_``.
    positive : bool, default=False
        Force the coefficients to be non-negative.
    random_state : int, RandomState instance or None, default=None
        Seed of the coordinate order when ``selection="random"``.
    selection : {"cyclic", "random"}, default="cyclic"
        Coordinate order inside the working set.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap at the end of the fit, in the units of the objective
        (0 for the direct solve at ``alpha=0``, the ridge gap at the
        rounding level for the one at ``l1_ratio=0``).
    n_iter_ : int or list of int
        Passes over the data per target: coordinate-descent epochs over the
        working sets plus the outer passes over all features that computed
        a duality gap above ``tol`` and chose a new working set (0 when the
        start, e.g. a warm start, already meets ``tol``, as in
        scikit-learn).  With ``precompute``, epochs of the Gram solver (plus
        1 when its solution was refined by the exact solve on its support).
        1 for the direct solves without an L1 part.
    sparse_coef_ : sparse matrix
        ``coef_`` as a CSR matrix.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)

    Examples
    --------
    >>> from skreg.linear_model import ElasticNet
    >>> reg = ElasticNet(alpha=0.1).fit([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]],
    ...                                 [0.0, 1.0, 2.0])
    >>> reg.coef_.round(4)
    array([0.4082, 0.4082])
    """

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "fit_intercept": ["boolean"],
        "precompute": ["boolean", "array-like"],
        "max_iter": [Interval(Integral, 1, None, closed="left"), None],
        "copy_X": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
    }

    def __init__(
        self,
        alpha=1.0,
        *,
        l1_ratio=0.5,
        fit_intercept=True,
        precompute=False,
        max_iter=1000,
        copy_X=True,
        tol=1e-4,
        warm_start=False,
        positive=False,
        random_state=None,
        selection="cyclic",
    ):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    def fit(self, X, y, sample_weight=None, check_input=True):
        """Fit the model by coordinate descent.

        Parameters
        ----------
        X : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Fortran-ordered float arrays and CSC matrices are used in place.
        y : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Each target is fitted separately.
        sample_weight : float or array-like of shape (n_samples,), default=None
            Rescaled internally to sum to n_samples.
        check_input : bool, default=True
            Validate X and y.  ``False`` (scikit-learn's meaning) skips the
            validation for callers that have done it: X must then be a
            float64 or float32 array, Fortran-ordered (or a CSC matrix with
            int32 indices) unless sample weights are given, which rescale X
            into a new array anyway (ValueError otherwise, where a silent
            copy would defeat the purpose); y is only cast to X's dtype.

        Returns
        -------
        self : object
        """
        self._validate_params()
        if self.alpha == 0:
            warnings.warn(_MESSAGE_ALPHA0, stacklevel=2)
        if check_input:
            X, y = validate_data(
                self, X, y, accept_sparse="csc", order="F",
                dtype=FLOAT_DTYPES, accept_large_sparse=False,
                multi_output=True, y_numeric=True,
            )  # fmt: skip
        else:
            _check_prevalidated_design(X, in_place=sample_weight is None)
            self.n_features_in_ = X.shape[1]
        y = check_array(y, dtype=X.dtype, ensure_2d=False, order="F")
        n_samples, n_features = X.shape
        if self.positive and y.ndim == 2 and y.shape[1] > 1:
            raise ValueError(
                "positive=True is not allowed for multi-output (y.ndim != 1)"
            )
        if isinstance(sample_weight, numbers.Number):
            sample_weight = None
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
            sample_weight = rescale_sample_weight(sample_weight, n_samples).astype(
                X.dtype
            )
        design = _path_design(
            X, y, sample_weight=sample_weight, fit_intercept=self.fit_intercept,
            precompute=self.precompute, overwrite_X=not self.copy_X,
        )  # fmt: skip
        n_targets = design.y_k.shape[1]
        if self.warm_start and hasattr(self, "coef_"):
            coef_init = np.asarray(self.coef_, dtype=X.dtype).reshape(n_targets, -1)
        else:
            coef_init = np.zeros((n_targets, n_features), dtype=X.dtype)
        rng = check_random_state(self.random_state)
        coef = np.empty((n_targets, n_features), dtype=X.dtype)
        gaps = np.empty(n_targets, dtype=X.dtype)
        n_iter = []
        max_iter = 1000 if self.max_iter is None else self.max_iter
        # The kernel runs a whole solve without returning to Python: one
        # progress step per target.
        with self._fit_progress(
            X, y, n_steps=n_targets, step_name="Target"
        ) as progress:
            for k in range(n_targets):
                _, coefs_k, gaps_k, iters_k = self.path(
                    X, y if y.ndim == 1 else y[:, k], l1_ratio=self.l1_ratio,
                    alphas=[self.alpha], coef_init=coef_init[k], tol=self.tol,
                    max_iter=max_iter, positive=self.positive, random_state=rng,
                    selection=self.selection, return_n_iter=True,
                    check_input=False, _design=design.target(k),
                )  # fmt: skip
                coef[k] = coefs_k[:, 0]
                gaps[k] = gaps_k[0]
                n_iter.append(int(iters_k[0]))
                progress.step(f"duality gap = {gaps[k]:.3e}, n_iter = {n_iter[-1]}")
        if y.ndim == 1:
            self.coef_ = coef[0]
            self.dual_gap_ = gaps[0]
            self.n_iter_ = n_iter[0]
        else:
            self.coef_ = coef
            self.dual_gap_ = gaps
            self.n_iter_ = n_iter
        self.intercept_ = intercept_from_offsets(
            self.coef_, design.X_offset, design.y_offset, self.fit_intercept
        )
        finite = np.all(np.isfinite(self.coef_)) and np.all(
            np.isfinite(self.intercept_)
        )
        if not finite:
            raise ValueError(
                "Coordinate descent iterations resulted in non-finite parameter"
                " values. The input data may contain large values and need to"
                " be preprocessed."
            )
        return self

    # The path this estimator solves (scikit-learn's hook: fit, the CV
    # classes, the Display and any drop-in go through it) and the penalty
    # its alpha weighs.
    path = staticmethod(enet_path)
    _path_penalty = "l1"


class Lasso(ElasticNet):
    """Linear regression with an L1 penalty (the Lasso, the Laplace prior).

    Minimizes, for each target::

        1/(2n) sum_i s_i (y_i - x_i w - b)^2 + alpha * ||w||_1

    with ``s`` the sample weights rescaled to sum to n (ones by default) and
    the intercept ``b`` unpenalized.  Drop-in for
    :class:`sklearn.linear_model.Lasso`; it is :class:`ElasticNet` with
    ``l1_ratio=1``, see there for the parameters and attributes.

    Parameters
    ----------
    alpha : float, default=1.0
    fit_intercept : bool, default=True
    precompute : bool or array-like, default=False
    copy_X : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4
    warm_start : bool, default=False
    positive : bool, default=False
    random_state : int, RandomState instance or None, default=None
    selection : {"cyclic", "random"}, default="cyclic"

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    dual_gap_ : float or ndarray of shape (n_targets,)
    n_iter_ : int or list of int
    sparse_coef_ : sparse matrix
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)

    Examples
    --------
    >>> from skreg.linear_model import Lasso
    >>> Lasso(alpha=0.1).fit([[0, 0], [1, 1], [2, 2]], [0, 1, 2]).coef_
    array([0.85, 0.  ])
    """

    _parameter_constraints: dict = {
        key: value
        for key, value in ElasticNet._parameter_constraints.items()
        if key != "l1_ratio"
    }
    # scikit-learn's: fit passes its l1_ratio of 1 to the elastic-net path.
    path = staticmethod(enet_path)

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        precompute=False,
        copy_X=True,
        max_iter=1000,
        tol=1e-4,
        warm_start=False,
        positive=False,
        random_state=None,
        selection="cyclic",
    ):
        super().__init__(
            alpha=alpha,
            l1_ratio=1.0,
            fit_intercept=fit_intercept,
            precompute=precompute,
            copy_X=copy_X,
            max_iter=max_iter,
            tol=tol,
            warm_start=warm_start,
            positive=positive,
            random_state=random_state,
            selection=selection,
        )


# --------------------------------------------------------------------------
# cross-validation
# --------------------------------------------------------------------------


def _fold_mse(
    train, test, *, grid, seed, X, y, sample_weight, path, fit_intercept, path_kwargs
):
    """Held-out MSE (weighted when sample weights are given) along the path
    fitted on the training part of one fold.

    ``path`` is the CV estimator's path function; ``grid`` (``alphas``, and
    ``l1_ratio`` where the path takes one) and ``path_kwargs`` (``tol``,
    ..., and ``precompute``) its arguments.  ``seed`` seeds the coordinate
    order of ``selection="random"``.
    """
    sw_train = None if sample_weight is None else sample_weight[train]
    X_train, y_train = X[train], y[train]
    if sw_train is not None:
        sw_train = rescale_sample_weight(sw_train, len(train)).astype(X.dtype)
    path_kwargs = dict(path_kwargs)
    design = _path_design(
        X_train, y_train, sample_weight=sw_train, fit_intercept=fit_intercept,
        precompute=path_kwargs.pop("precompute"), fold=True,
    )  # fmt: skip
    _, coefs, _ = path(
        X_train, y_train, coef_init=np.zeros(X.shape[1], dtype=X.dtype),
        random_state=seed, check_input=False, _design=design, **grid, **path_kwargs,
    )  # fmt: skip
    intercepts = design.y_offset - design.X_offset @ coefs
    predictions = np.asarray(X[test] @ coefs) + intercepts
    sw_test = None if sample_weight is None else sample_weight[test]
    return held_out_mse(predictions, y[test], sw_test)


class ElasticNetCV(ProgressMixin, _SparseCoefMixin, RegressorMixin, BaseEstimator):
    """Elastic net with alpha (and l1_ratio) chosen by cross-validation.

    Each candidate minimizes::

        1/(2n) sum_i s_i (y_i - x_i w - b)^2
            + alpha * l1_ratio * ||w||_1 + alpha * (1 - l1_ratio) / 2 * ||w||_2^2

    The path over ``alphas`` is fitted on every training fold (warm-started
    along the path; folds run in parallel threads with ``n_jobs``, the
    solver releasing the GIL), the alpha with the lowest mean test MSE wins,
    and the model is refitted on all the data.  Drop-in for
    :class:`sklearn.linear_model.ElasticNetCV` (single target).

    Parameters
    ----------
    l1_ratio : float or list of float, default=0.5
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    alphas : int or array-like, default=100
        Number of alphas of the automatic grid, or the grid itself.
    fit_intercept : bool, default=True
    precompute : "auto", bool or array-like, default="auto"
        Whether each fold's path runs on the Gram matrix; "auto" means
        ``n_samples > 2 * n_features`` (dense or sparse X).  An array counts
        as True: every fold builds its own Gram matrix.  The refit on all the
        data gets ``precompute`` as given, except "auto", which leaves the
        estimator's default False (scikit-learn's rule).
    max_iter : int, default=1000
    tol : float, default=1e-4
    cv : int, cross-validation generator or iterable, default=None
        5-fold by default.
    copy_X : bool, default=True
    verbose : bool or int, default=0
    n_jobs : int, default=None
        Number of threads over the (l1_ratio, fold) fits.
    positive : bool, default=False
    random_state : int, RandomState instance or None, default=None
    selection : {"cyclic", "random"}, default="cyclic"

    Attributes
    ----------
    alpha_ : float
    l1_ratio_ : float
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    mse_path_ : ndarray of shape (n_l1_ratio, n_alphas, n_folds)
        Squeezed to (n_alphas, n_folds) for a single l1_ratio.
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
    dual_gap_ : float
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
    """

    _parameter_constraints: dict = {
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), "array-like"],
        **GRID_CONSTRAINTS,
        "fit_intercept": ["boolean"],
        "precompute": [StrOptions({"auto"}), "array-like", "boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "copy_X": ["boolean"],
        "cv": ["cv_object"],
        "verbose": ["verbose"],
        "n_jobs": [Integral, None],
        "positive": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
    }

    def __init__(
        self,
        *,
        l1_ratio=0.5,
        eps=1e-3,
        alphas=100,
        fit_intercept=True,
        precompute="auto",
        max_iter=1000,
        tol=1e-4,
        cv=None,
        copy_X=True,
        verbose=0,
        n_jobs=None,
        positive=False,
        random_state=None,
        selection="cyclic",
    ):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.copy_X = copy_X
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    path = staticmethod(enet_path)

    def _l1_ratios(self):
        return np.atleast_1d(np.asarray(self.l1_ratio, dtype=np.float64))

    def _get_estimator(self):
        """The unfitted estimator of the refit (looked up at call time)."""
        return ElasticNet()

    def _make_estimator(self, alpha, l1_ratio):
        """The refit on all the data: this CV's common parameters, and
        ``precompute`` only as asked ("auto", a decision per fold, leaves the
        estimator's default False, as scikit-learn's CV classes do; the
        multi-task CV has no ``precompute``)."""
        model = self._get_estimator()
        common = model.get_params().keys() & self.get_params().keys()
        common -= {"precompute", "l1_ratio"}
        model.set_params(**{name: getattr(self, name) for name in common})
        precompute = self.get_params().get("precompute", "auto")
        if not (isinstance(precompute, str) and precompute == "auto"):
            model.set_params(precompute=precompute)
        if "l1_ratio" in model.get_params():
            model.set_params(l1_ratio=l1_ratio)
        return model.set_params(alpha=alpha)

    def fit(self, X, y, sample_weight=None, **params):
        """Fit the path on each fold, pick alpha, refit on all the data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : float or array-like of shape (n_samples,), default=None
            Used for fitting and for the weighted test MSE of each fold.
        **params : dict
            Metadata for the CV splitter (``groups``, ...); only with
            ``sklearn.set_config(enable_metadata_routing=True)``, as in
            scikit-learn.

        Returns
        -------
        self : object
        """
        self._validate_params()
        _raise_for_params(params, self, "fit")
        X, y = self._validate_fit_data(X, y)
        if isinstance(sample_weight, numbers.Number):
            sample_weight = None
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        l1_ratios = self._l1_ratios()
        if isinstance(self.alphas, Integral):
            alphas = [self._alpha_grid(X, y, l1, sample_weight) for l1 in l1_ratios]
        else:
            alphas = [_checked_alphas(self.alphas)] * len(l1_ratios)
        split_params = routed_fit_params(self, sample_weight, params).split
        folds = cv_folds(self.cv, X, y, split_params=split_params)
        mse_paths = self._fold_mse_paths(X, y, sample_weight, folds, l1_ratios, alphas)
        best_ratio, best_alpha = lowest_mean(mse_paths)
        self.l1_ratio_ = float(l1_ratios[best_ratio])
        self.alpha_ = float(alphas[best_ratio][best_alpha])
        # (n_l1_ratios, n_alphas, n_folds), squeezed
        self.mse_path_ = np.squeeze(np.moveaxis(np.asarray(mse_paths), 2, 1))
        if isinstance(self.alphas, Integral):
            self.alphas_ = np.asarray(alphas)
            if len(l1_ratios) == 1:
                self.alphas_ = self.alphas_[0]
        else:
            self.alphas_ = np.asarray(alphas[0])
        model = self._make_estimator(self.alpha_, self.l1_ratio_)
        if sample_weight is None:
            model.fit(X, y)
        else:
            model.fit(X, y, sample_weight=sample_weight)
        self.coef_ = model.coef_
        self.intercept_ = model.intercept_
        self.dual_gap_ = model.dual_gap_
        self.n_iter_ = model.n_iter_
        return self

    def _validate_fit_data(self, X, y):
        """(X, y) validated for this estimator's path (single target)."""
        X, y = validate_data(
            self, X, y, accept_sparse="csc", dtype=FLOAT_DTYPES,
            order="F", accept_large_sparse=False, multi_output=True,
            y_numeric=True,
        )  # fmt: skip
        if y.ndim > 1 and y.shape[1] > 1:
            raise ValueError(
                f"For multi-task outputs, use MultiTask{type(self).__name__}"
            )
        return X, column_or_1d(y, warn=True).astype(X.dtype, copy=False)

    def _alpha_grid(self, X, y, l1_ratio, sample_weight):
        """The automatic alpha grid at ``l1_ratio``."""
        return _alpha_grid(
            X,
            y,
            l1_ratio=l1_ratio,
            fit_intercept=self.fit_intercept,
            eps=self.eps,
            n_alphas=self.alphas,
            sample_weight=sample_weight,
            positive=self.positive,
        )

    def _fold_mse_paths(self, X, y, sample_weight, folds, l1_ratios, alphas):
        """Held-out MSE paths, shape (n_l1_ratios, n_folds, n_alphas); one
        progress step per (l1_ratio, fold) path, reported as it finishes."""
        # lasso_path (LassoCV's) takes no l1_ratio: it is 1 there.
        takes_l1_ratio = "l1_ratio" in inspect.signature(self.path).parameters
        settings = [
            {"grid": {"alphas": grid} | ({"l1_ratio": l1} if takes_l1_ratio else {})}
            for l1, grid in zip(l1_ratios, alphas, strict=True)
        ]
        path_kwargs = {
            "tol": self.tol,
            "max_iter": self.max_iter,
            "positive": self.positive,
            "selection": self.selection,
            "precompute": self.precompute,
        }
        n_paths = len(settings) * len(folds)
        with self._fit_progress(X, y, n_steps=n_paths, step_name="Path") as progress:
            return fold_results(
                _fold_mse,
                folds,
                settings,
                n_jobs=effective_n_jobs(self.n_jobs),
                seeded=True,
                random_state=self.random_state,
                on_result=lambda mse: progress.step(
                    f"best fold MSE = {np.min(mse):.6g}"
                ),
                X=X.tocsr() if sparse.issparse(X) else X,
                y=y,
                sample_weight=sample_weight,
                path=self.path,
                fit_intercept=self.fit_intercept,
                path_kwargs=path_kwargs,
            )

    def get_metadata_routing(self):
        """Get the metadata routing of this object (scikit-learn's).

        ``sample_weight`` is consumed by ``fit``; the rest of ``fit``'s
        ``**params`` goes to the CV splitter's ``split``.

        Returns
        -------
        routing : MetadataRouter
        """
        return cv_metadata_router(self, check_cv(self.cv))


class LassoCV(ElasticNetCV):
    """Lasso with alpha chosen by cross-validation.

    Each candidate minimizes ``1/(2n) sum_i s_i (y_i - x_i w - b)^2 +
    alpha * ||w||_1``; see :class:`ElasticNetCV` (``l1_ratio=1``).  Drop-in
    for :class:`sklearn.linear_model.LassoCV`.

    Parameters
    ----------
    eps : float, default=1e-3
    alphas : int or array-like, default=100
    fit_intercept : bool, default=True
    precompute : "auto", bool or array-like, default="auto"
    max_iter : int, default=1000
    tol : float, default=1e-4
    copy_X : bool, default=True
    cv : int, cross-validation generator or iterable, default=None
    verbose : bool or int, default=False
    n_jobs : int, default=None
    positive : bool, default=False
    random_state : int, RandomState instance or None, default=None
    selection : {"cyclic", "random"}, default="cyclic"

    Attributes
    ----------
    alpha_ : float
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    mse_path_ : ndarray of shape (n_alphas, n_folds)
    alphas_ : ndarray of shape (n_alphas,)
    dual_gap_ : float
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
    """

    _parameter_constraints: dict = {
        key: value
        for key, value in ElasticNetCV._parameter_constraints.items()
        if key != "l1_ratio"
    }

    def __init__(
        self,
        *,
        eps=1e-3,
        alphas=100,
        fit_intercept=True,
        precompute="auto",
        max_iter=1000,
        tol=1e-4,
        copy_X=True,
        cv=None,
        verbose=False,
        n_jobs=None,
        positive=False,
        random_state=None,
        selection="cyclic",
    ):
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.cv = cv
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.random_state = random_state
        self.selection = selection

    path = staticmethod(lasso_path)

    def _l1_ratios(self):
        return np.array([1.0])

    def _get_estimator(self):
        return Lasso()

    def fit(self, X, y, sample_weight=None, **params):
        """Fit the Lasso path on each fold, pick alpha, refit on all data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : float or array-like of shape (n_samples,), default=None
        **params : dict
            Metadata for the CV splitter, with metadata routing enabled.

        Returns
        -------
        self : object
        """
        super().fit(X, y, sample_weight=sample_weight, **params)
        del self.l1_ratio_
        return self
