"""Ridge and RidgeCV: the L2 penalty (Gaussian prior, weight decay).

Objective (scikit-learn's scaling), for each target column::

    minimize_{w, b}  sum_i s_i (y_i - x_i w - b)^2 + alpha ||w||_2^2

with sample weights ``s`` (all ones by default, and *not* rescaled).  In the
note's ``1/N`` scaling, ``(1/N) sum_i (y_i - x_i w - b)^2 + lambda ||w||^2``,
this is ``lambda = alpha / N``: the same minimizer.  The intercept ``b`` is
not penalized: X and y are centered with their (weighted) means, the
centered problem is solved for w, and ``b = y_mean - x_mean w``.

This module holds Ridge and the input handling shared with RidgeCV
(:mod:`skreg.linear_model._ridge_cv`); the solvers live in
:mod:`skreg.linear_model._ridge_solvers`.
"""

from numbers import Integral, Real

import numpy as np
from scipy import linalg, sparse
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import (
    _check_sample_weight,
    validate_data,
)

from skreg.linear_model import _ridge_solvers
from skreg.linear_model._base import FLOAT_DTYPES as _FLOAT_DTYPES
from skreg.linear_model._base import LinearPredictMixin as _LinearPredictMixin
from skreg.linear_model._base import (
    centering_offsets,
    offsets_dominate,
    power_of_two_scale,
)
from skreg.utils._callbacks import ProgressMixin

# scikit-learn's names mapped onto the algorithm skreg runs for them: "cg"
# is "sparse_cg"; "sag" and "saga" (stochastic average gradient in
# scikit-learn) run the conjugate gradient, which reaches the same solution
# to tol in a few passes; "lbfgs" is L-BFGS-B as in scikit-learn.
_SOLVER_ALIASES = {"cg": "sparse_cg"}
_ALGORITHM = {"sag": "sparse_cg", "saga": "sparse_cg"}


def _resolve_solver(solver, X, positive=False):
    """The solver that ``solver="auto"`` picks, documented in Ridge, after
    scikit-learn's checks of ``positive`` against the solver.

    Dense X: 'cholesky' (primal normal equations when n >= p, dual when
    p > n): one BLAS rank-k product and a Cholesky solve is the fastest exact
    method.  Sparse X: 'sparse_cg', which only needs products with X and keeps
    it sparse.  ``positive=True``: 'lbfgs', the one bound-constrained solver.
    """
    if solver == "lbfgs" and not positive:
        raise ValueError(
            "'lbfgs' solver can be used only when positive=True. "
            "Please use another solver."
        )
    if positive:
        if solver not in ("auto", "lbfgs"):
            raise ValueError(
                f"solver='{solver}' does not support positive fitting. Please"
                " set the solver to 'auto' or 'lbfgs', or set `positive=False`"
            )
        return "lbfgs"
    solver = _SOLVER_ALIASES.get(solver, solver)
    if solver == "auto":
        return "sparse_cg" if sparse.issparse(X) else "cholesky"
    return solver


def _check_alpha(alpha, n_targets, dtype):
    """One non-negative penalty per target, as an array of shape (n_targets,)."""
    alpha = np.asarray(alpha, dtype=np.float64).ravel()
    if alpha.size not in (1, n_targets):
        raise ValueError(
            "Number of targets and number of penalties do not correspond: "
            f"{alpha.size} != {n_targets}"
        )
    if not np.all(np.isfinite(alpha)) or np.any(alpha < 0):
        raise ValueError(f"alpha must be finite and non-negative; got {alpha}.")
    return np.broadcast_to(alpha, (n_targets,)).astype(dtype)


def _prepare(estimator, X, y, sample_weight, *, check_X_finite, dtype=_FLOAT_DTYPES):
    """Validate X, y and weights; center y.

    Returns X (CSR when sparse), y as given (1-D or 2-D), the centered 2-D
    ``y_c``, ``y_offset``, the square roots of the weights (or None) and the
    validated weights.  The column means of X are left to the caller: the
    closed form gets them for free from a product it makes anyway.
    """
    X, y = validate_data(
        estimator,
        X,
        y,
        accept_sparse=["csr", "csc", "coo"],
        dtype=dtype,
        multi_output=True,
        y_numeric=True,
        ensure_all_finite=check_X_finite,
    )
    if sparse.issparse(X):
        X = X.tocsr()
    elif not (X.flags.c_contiguous or X.flags.f_contiguous):
        X = np.ascontiguousarray(X)
    y = np.asarray(y, dtype=X.dtype)
    if y.ndim > 2:
        raise ValueError(f"Target y has the wrong shape {y.shape}")
    y2d = y.reshape(-1, 1) if y.ndim == 1 else y
    if sample_weight is not None:
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=X.dtype, ensure_non_negative=True
        )
    if estimator.fit_intercept:
        y_offset = np.average(y2d, axis=0, weights=sample_weight).astype(X.dtype)
        y_c = y2d - y_offset
    else:
        y_offset = np.zeros(y2d.shape[1], dtype=X.dtype)
        y_c = y2d
    sqrt_sw = None if sample_weight is None else np.sqrt(sample_weight)
    return X, y, y_c, y_offset, sqrt_sw, sample_weight


def _x_offset(estimator, X, y_c, sample_weight):
    """Weighted column means of X (zeros without intercept)."""
    X_offset, _ = centering_offsets(
        X, y_c, fit_intercept=estimator.fit_intercept, sample_weight=sample_weight
    )
    return X_offset


def _raise_on_sparse(solver, fit_intercept):
    """scikit-learn's errors for sparse X: 'svd' and 'saga' refuse to fit an
    intercept on it (a ValueError; skreg's 'saga' is the conjugate gradient,
    which could, but code written for scikit-learn expects the error), and
    'svd' refuses sparse X altogether (a TypeError)."""
    if fit_intercept:
        raise ValueError(
            f"solver='{solver}' does not support fitting the intercept on sparse "
            "data. Please set the solver to 'auto' or 'lsqr', 'sparse_cg', "
            "'sag', 'lbfgs' or set `fit_intercept=False`"
        )
    if solver == "svd":
        raise TypeError(
            "SVD solver does not support sparse inputs currently; use "
            "'cholesky', 'sparse_cg' or 'lsqr', or densify X."
        )


# Data whose largest magnitude lies outside _base.power_of_two_scale's safe
# range is rescaled before solving, which is exact: the iterative solvers
# multiply up to six factors of that size (curvature p^T X^T X p), and
# scipy's LSQR stops at its first step on a design of 1e-39, short of the
# least-squares solution.


def _column_survey(X, sample_weight, *, fit_intercept):
    """Columns that carry information, and a safe power-of-two scale for X.

    A column constant over the samples of positive weight (with an
    intercept) or zero there (without) has coefficient 0 in the
    minimum-norm solution for every alpha, but implicit centering leaves
    rounding in it that solvers at alpha = 0 would invert.  Such columns
    are taken out of the solve exactly (one max/min pass over X).

    Returns ``informative`` (an index array, or None when every column is)
    and the scale of :func:`~skreg.linear_model._base.power_of_two_scale`
    for the largest entry.
    """
    rows = X
    if sample_weight is not None and not np.all(sample_weight > 0):
        rows = X[np.flatnonzero(sample_weight > 0)]
    if rows.shape[0] == 0 or X.shape[1] == 0:
        return None, 1.0
    with np.errstate(invalid="ignore"):
        high = np.asarray(
            rows.max(axis=0).toarray() if sparse.issparse(rows) else rows.max(axis=0)
        ).ravel()
        low = np.asarray(
            rows.min(axis=0).toarray() if sparse.issparse(rows) else rows.min(axis=0)
        ).ravel()
    flat = high == low
    if not fit_intercept:
        flat &= high == 0
    magnitude = max(float(np.abs(high).max()), float(np.abs(low).max()))
    scale = power_of_two_scale(magnitude, X.dtype)
    if not np.any(flat):
        return None, scale
    return np.flatnonzero(~flat), scale


# Largest ratio |mean| / (max - min) of a dense column for which the
# iterative solvers center implicitly: products with X - 1 m^T computed as
# X v - m.v lose about log10 of it in digits.
_MAX_OFFSET_RATIO = 8.0


def _expand(coef, X_offset, informative, n_features):
    """Coefficients and offsets of the full design: zeros for the columns
    left out of the solve (their offsets do not enter the intercept)."""
    full_coef = np.zeros((coef.shape[0], n_features), dtype=coef.dtype)
    full_coef[:, informative] = coef
    full_offset = np.zeros(n_features, dtype=X_offset.dtype)
    full_offset[informative] = X_offset
    return full_coef, full_offset


def _set_linear_attributes(estimator, coef, X_offset, y_offset, y):
    """coef_ (raveled for one target, as scikit-learn does) and intercept_."""
    coef = np.asarray(coef, dtype=X_offset.dtype)
    estimator.coef_ = coef.ravel() if coef.shape[0] == 1 else coef
    if estimator.fit_intercept:
        intercept = np.asarray(y_offset) - estimator.coef_ @ X_offset
        estimator.intercept_ = intercept if y.ndim == 2 else intercept.ravel()[0]
    else:
        estimator.intercept_ = 0.0


class Ridge(
    ProgressMixin, _LinearPredictMixin, MultiOutputMixin, RegressorMixin, BaseEstimator
):
    """Linear least squares with an L2 penalty (ridge regression).

    Minimizes, for each target, the objective::

        sum_i s_i (y_i - x_i w - b)^2 + alpha * ||w||_2^2

    where ``s`` are the sample weights (ones by default; not rescaled, so
    multiplying all weights by k is the same as dividing alpha by k).  With
    the note's ``1/N`` scaling, ``(1/N) ||y - Xw - b||^2 + lambda ||w||^2``,
    ``alpha = N * lambda``.  The intercept ``b`` is not penalized.  Drop-in
    for :class:`sklearn.linear_model.Ridge`.

    Parameters
    ----------
    alpha : float or array-like of shape (n_targets,), default=1.0
        Penalty strength, non-negative; one value per target allowed.
    fit_intercept : bool, default=True
        Fit the unpenalized intercept (by implicit centering: X is neither
        copied nor densified to center it).
    copy_X : bool, default=True
        Kept for compatibility: X is never modified, whatever its value.
    max_iter : int, default=None
        Iteration limit of the iterative solvers: None means 10 * (size of
        the system) for 'sparse_cg' (and 'sag', 'saga'), SciPy's defaults
        for 'lsqr' and 'lbfgs', 1000 for 'gd'.
    tol : float, default=1e-4
        Relative tolerance of the iterative solvers: 'sparse_cg' and 'gd'
        stop when the residual of the normal equations is below
        ``tol * ||X_c^T y_c||``; 'lsqr' uses it as ``atol`` and ``btol``.
    solver : {'auto', 'cholesky', 'svd', 'sparse_cg', 'cg', 'lsqr', 'sag', \
            'saga', 'lbfgs', 'gd'}, default='auto'
        Which algorithm runs for each name:

        - 'cholesky': closed form, ``(X_c^T X_c + alpha I) w = X_c^T y_c``
          (n >= p) or the dual ``(X_c X_c^T + alpha I) a = y_c`` (p > n); one
          BLAS symmetric rank-k product, centering by a rank-one correction
          (explicit centering when the column means dwarf their spread),
          Cholesky in place.  When the system is singular (alpha = 0 with
          a rank-deficient X: known from the shape, or a Cholesky pivot at
          most ``(n + p) * eps`` times its diagonal entry, or a reciprocal
          condition number below eps) it falls back to 'svd' (dense X) or
          to an eigendecomposition of the Gram matrix (sparse X), both
          giving the minimum-norm solution.
        - 'svd': thin SVD of the centered X, singular values below
          ``max(n, p) * eps`` times the largest (NumPy's lstsq cut-off), or
          times the uncentered X's scale if larger, dropped; the most
          stable, dense only.
        - 'sparse_cg' (alias 'cg'): conjugate gradient on the normal
          equations through a linear operator; never forms X^T X, sparse X
          stays sparse.
        - 'lsqr': damped LSQR.
        - 'gd': Nesterov accelerated gradient descent, step from the
          Lipschitz constant estimated by power iteration.
        - 'sag', 'saga': scikit-learn's stochastic average gradient names;
          skreg runs the conjugate gradient of 'sparse_cg' for them, which
          reaches the same solution to ``tol`` in a few passes over X.
        - 'lbfgs': L-BFGS-B (SciPy) on the halved objective, with the bounds
          ``w >= 0`` when ``positive=True``; as in scikit-learn, only with
          ``positive=True``.
        - 'auto': 'lbfgs' when ``positive=True``, else 'cholesky' for dense
          X and 'sparse_cg' for sparse X.

        Whatever the solver, columns constant over the samples of positive
        weight (zero, without intercept) get coefficient exactly 0, the
        minimum-norm value, and data beyond ``2**±32`` in magnitude
        (``2**±8`` in float32) is rescaled by a power of two before solving.
    positive : bool, default=False
        Constrain the coefficients to be non-negative: solved by 'lbfgs'
        (with ``solver='auto'`` or ``'lbfgs'``; other solvers raise
        scikit-learn's ValueError).
    random_state : int, RandomState instance or None, default=None
        Seeds the power iteration of solver='gd'.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Weight vector(s).
    intercept_ : float or ndarray of shape (n_targets,)
        Independent term; 0.0 when ``fit_intercept=False``.
    n_iter_ : ndarray of shape (n_targets,) or None
        Iterations run per target by the iterative solvers: conjugate
        gradient steps ('sparse_cg', 'sag', 'saga'), LSQR steps ('lsqr'),
        L-BFGS-B iterations ('lbfgs'), accelerated gradient steps ('gd');
        None for the closed forms ('cholesky', 'svd'), as in scikit-learn.
    solver_ : str
        The solver actually used.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit, when X has string column names.

    See Also
    --------
    RidgeCV : Ridge with efficient leave-one-out choice of alpha.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from skreg.linear_model import Ridge
    >>> X, y = load_diabetes(return_X_y=True)
    >>> round(Ridge(alpha=0.1).fit(X, y).score(X, y), 4)
    0.5125
    """

    # The penalty alpha weighs (read by RegularizationPathDisplay).
    _path_penalty = "l2"

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left"), "array-like"],
        "fit_intercept": ["boolean"],
        "copy_X": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left"), None],
        "tol": [Interval(Real, 0, None, closed="left")],
        "solver": [
            StrOptions(
                {
                    "auto",
                    "svd",
                    "cholesky",
                    "lsqr",
                    "sparse_cg",
                    "cg",
                    "gd",
                    "sag",
                    "saga",
                    "lbfgs",
                }
            )
        ],
        "positive": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        copy_X=True,
        max_iter=None,
        tol=1e-4,
        solver="auto",
        positive=False,
        random_state=None,
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.solver = solver
        self.positive = positive
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Fit the ridge model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target values.
        sample_weight : float or array-like of shape (n_samples,), default=None
            Individual weights for each sample.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        solver = _resolve_solver(self.solver, X, self.positive)
        if solver in ("svd", "saga") and sparse.issparse(X):
            _raise_on_sparse(solver, self.fit_intercept)
        # The Gram-based closed form detects non-finite X from the Gram
        # diagonal for free, so the separate finiteness pass is skipped.
        gram_path = solver == "cholesky" and not sparse.issparse(X)
        X, y, y_c, y_offset, sqrt_sw, sample_weight = _prepare(
            self, X, y, sample_weight, check_X_finite=not gram_path
        )
        alpha = _check_alpha(self.alpha, y_c.shape[1], np.float64)
        informative, x_scale = _column_survey(
            X, sample_weight, fit_intercept=self.fit_intercept
        )
        X_fit = X if informative is None else X[:, informative]
        y_scale = power_of_two_scale(np.abs(y_c).max(initial=0.0), X.dtype)
        if x_scale != 1:
            X_fit = X_fit * x_scale
        if y_scale != 1:
            y_c = y_c * y_scale
        # ||y s_y - X s_x v||^2 + alpha s_x^2 ||v||^2 is s_y^2 times the
        # objective at w = v s_x / s_y: the same problem, scaled to safe range.
        # In float64 (a float32 penalty or its scaled value may over- or
        # underflow where the scaled problem's does not).
        alpha_fit = np.minimum(alpha * x_scale**2, np.finfo(X.dtype).max / 4)
        alpha_fit = alpha_fit.astype(X.dtype)
        # Closed forms (cholesky, svd) report a fit of zero steps; the
        # iterative solvers one step per iteration (lsqr: per target).
        n_steps = 0 if solver in ("cholesky", "svd") else self.max_iter
        with self._fit_progress(X, y, n_steps=n_steps) as progress:
            coef, n_iter, X_offset, solver = self._solve(
                X_fit, y_c, alpha_fit, sqrt_sw, sample_weight, solver, progress
            )
        coef = coef * (x_scale / y_scale)
        X_offset = X_offset / x_scale
        if not np.all(np.isfinite(coef)):
            raise ValueError(
                f"Ridge solver {solver!r} produced non-finite coefficients "
                "(a numerical breakdown on this input); use solver='svd' or "
                "rescale the data (e.g. with StandardScaler)."
            )
        if informative is not None:
            coef, X_offset = _expand(coef, X_offset, informative, X.shape[1])
        _set_linear_attributes(self, coef, X_offset, y_offset, y)
        # scikit-learn reports no iteration count for the closed forms.
        self.n_iter_ = None if solver in ("cholesky", "svd") else n_iter
        self.solver_ = solver
        return self

    def _solve(self, X, y_c, alpha, sqrt_sw, sample_weight, solver, progress):
        """Run ``solver`` on the prepared problem (the closed form falls back
        to a pseudo-inverse when the system is singular).  Returns coef of
        shape (n_targets, n_features), n_iter, X_offset and the solver used.
        """
        n_targets = y_c.shape[1]
        if X.shape[1] == 0:
            # Every column was constant (or zero): the fit is the intercept.
            n_iter = np.full(n_targets, solver in ("cholesky", "svd"), np.int32)
            return (
                np.zeros((n_targets, 0), X.dtype),
                n_iter,
                np.zeros(0, X.dtype),
                solver,
            )
        if solver == "cholesky":
            try:
                coef, n_iter, X_offset = _ridge_solvers.solve_cholesky(
                    X,
                    y_c,
                    alpha,
                    sqrt_sw,
                    fit_intercept=self.fit_intercept,
                    # copy_X=False promises no copy of X: no float32 copy
                    # for the mixed-precision Gram either.
                    mixed_precision=self.copy_X,
                )
                return coef, n_iter, X_offset, solver
            except linalg.LinAlgError:
                # Singular (alpha = 0 with a rank-deficient X): the
                # minimum-norm solution, as scikit-learn's fallback to 'svd'.
                X_offset = _x_offset(self, X, y_c, sample_weight)
                if sparse.issparse(X):
                    coef, n_iter = _ridge_solvers.solve_gram_pinv(
                        X, y_c, alpha, X_offset, sqrt_sw
                    )
                    return coef, n_iter, X_offset, solver
                solver = "svd"
        X_offset = _x_offset(self, X, y_c, sample_weight)
        args = (X, y_c, alpha, X_offset, sqrt_sw)
        if solver != "svd" and offsets_dominate(X, X_offset, _MAX_OFFSET_RATIO):
            # Implicit centering would lose the digits the iterative
            # solvers need to tell a rank-deficient direction from rounding.
            args = (X - X_offset, y_c, alpha, np.zeros_like(X_offset), sqrt_sw)
        if solver == "svd":
            coef, n_iter = _ridge_solvers.solve_svd(*args)
        elif _ALGORITHM.get(solver, solver) == "sparse_cg":
            coef, n_iter = _ridge_solvers.solve_cg(
                *args,
                tol=self.tol,
                max_iter=self.max_iter,
                progress=progress,
                fit_intercept=self.fit_intercept,
            )
        elif solver == "lsqr":
            coef, n_iter = _ridge_solvers.solve_lsqr(
                *args, tol=self.tol, max_iter=self.max_iter, progress=progress
            )
        elif solver == "lbfgs":
            coef, n_iter = _ridge_solvers.solve_lbfgs(
                *args,
                positive=self.positive,
                tol=self.tol,
                max_iter=self.max_iter,
            )
        else:
            coef, n_iter = _ridge_solvers.solve_gd(
                *args,
                tol=self.tol,
                max_iter=self.max_iter,
                random_state=check_random_state(self.random_state),
                progress=progress,
            )
        return coef, n_iter, X_offset, solver

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = self.solver != "svd"
        return tags
