"""Ridge and RidgeCV: the L2 penalty (Gaussian prior, weight decay).

Objective (scikit-learn's scaling), for each target column::

    minimize_{w, b}  sum_i s_i (y_i - x_i w - b)^2 + alpha ||w||_2^2

with sample weights ``s`` (all ones by default, and *not* rescaled).  In the
note's ``1/N`` scaling, ``(1/N) sum_i (y_i - x_i w - b)^2 + lambda ||w||^2``,
this is ``lambda = alpha / N``: the same minimizer.  The intercept ``b`` is
not penalized: X and y are centered with their (weighted) means, the
centered problem is solved for w, and ``b = y_mean - x_mean w``.

The solvers live in :mod:`skreg.linear_model._ridge_solvers`, the exact
leave-one-out machinery of RidgeCV in :mod:`skreg.linear_model._ridge_loo`.
"""

import numbers
import warnings
from numbers import Integral, Real

import numpy as np
from scipy import linalg, sparse
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.metrics import check_scoring, get_scorer_names
from sklearn.model_selection import GridSearchCV
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    check_scalar,
    validate_data,
)

from skreg.linear_model import _ridge_loo, _ridge_solvers
from skreg.linear_model._base import centering_offsets

_FLOAT_DTYPES = (np.float64, np.float32)

# scikit-learn's names mapped onto ours; "cg" and "sparse_cg" are one solver.
_SOLVER_ALIASES = {"cg": "sparse_cg"}
_UNSUPPORTED_SOLVERS = {
    "sag": "stochastic average gradient is not implemented in skreg",
    "saga": "stochastic average gradient is not implemented in skreg",
    "lbfgs": "'lbfgs' is only used with positive=True, which skreg does not implement",
}


def _resolve_solver(solver, X):
    """The solver that ``solver="auto"`` picks, documented in Ridge.

    Dense X: 'cholesky' (primal normal equations when n >= p, dual when
    p > n): one BLAS rank-k product and a Cholesky solve is the fastest exact
    method.  Sparse X: 'sparse_cg', which only needs products with X and keeps
    it sparse.
    """
    solver = _SOLVER_ALIASES.get(solver, solver)
    if solver in _UNSUPPORTED_SOLVERS:
        raise ValueError(
            f"solver={solver!r} is not supported: {_UNSUPPORTED_SOLVERS[solver]}. "
            "Use 'auto', 'cholesky', 'svd', 'sparse_cg', 'lsqr' or 'gd'."
        )
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


def _set_linear_attributes(estimator, coef, X_offset, y_offset, y):
    """coef_ (raveled for one target, as scikit-learn does) and intercept_."""
    coef = np.asarray(coef, dtype=X_offset.dtype)
    estimator.coef_ = coef.ravel() if coef.shape[0] == 1 else coef
    if estimator.fit_intercept:
        intercept = np.asarray(y_offset) - estimator.coef_ @ X_offset
        estimator.intercept_ = intercept if y.ndim == 2 else intercept.ravel()[0]
    else:
        estimator.intercept_ = 0.0


class _LinearPredictMixin:
    def predict(self, X):
        """Predict with the linear model: ``X @ coef_.T + intercept_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Predicted values.
        """
        check_is_fitted(self)
        X = validate_data(
            self,
            X,
            accept_sparse=["csr", "csc", "coo"],
            dtype=_FLOAT_DTYPES,
            reset=False,
        )
        return np.asarray(X @ self.coef_.T) + self.intercept_


class Ridge(_LinearPredictMixin, MultiOutputMixin, RegressorMixin, BaseEstimator):
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
        the system) for 'sparse_cg', scipy's default for 'lsqr', 1000 for
        'gd'.
    tol : float, default=1e-4
        Relative tolerance of the iterative solvers: 'sparse_cg' and 'gd'
        stop when the residual of the normal equations is below
        ``tol * ||X_c^T y_c||``; 'lsqr' uses it as ``atol`` and ``btol``.
    solver : {'auto', 'cholesky', 'svd', 'sparse_cg', 'cg', 'lsqr', 'gd'}, \
            default='auto'
        - 'cholesky': closed form, ``(X_c^T X_c + alpha I) w = X_c^T y_c``
          (n >= p) or the dual ``(X_c X_c^T + alpha I) a = y_c`` (p > n); one
          BLAS symmetric rank-k product, centering by a rank-one correction
          (explicit centering when the column means dwarf their spread),
          Cholesky in place.  Falls back to 'svd' when the system is
          singular (alpha = 0 with rank-deficient X; dense X only).
        - 'svd': thin SVD of the centered X; the most stable, dense only.
        - 'sparse_cg' (alias 'cg'): conjugate gradient on the normal
          equations through a linear operator; never forms X^T X, sparse X
          stays sparse.
        - 'lsqr': damped LSQR.
        - 'gd': Nesterov accelerated gradient descent, step from the
          Lipschitz constant estimated by power iteration.
        - 'auto': 'cholesky' for dense X, 'sparse_cg' for sparse X.
        scikit-learn's 'sag', 'saga' and 'lbfgs' raise a ValueError.
    positive : bool, default=False
        Only False is supported (scikit-learn's parameter, kept for
        compatibility); True raises a ValueError.
    random_state : int, RandomState instance or None, default=None
        Seeds the power iteration of solver='gd'.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Weight vector(s).
    intercept_ : float or ndarray of shape (n_targets,)
        Independent term; 0.0 when ``fit_intercept=False``.
    n_iter_ : ndarray of shape (n_targets,)
        Iterations run per target by the iterative solvers; 1 for the direct
        solvers (scikit-learn reports None there).
    solver_ : str
        The solver actually used.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
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
        if self.positive:
            raise ValueError(
                "positive=True is not supported by skreg's Ridge; use "
                "sklearn.linear_model.Ridge(positive=True) or "
                "skreg's Lasso/ElasticNet with positive=True."
            )
        solver = _resolve_solver(self.solver, X)
        if solver == "svd" and sparse.issparse(X):
            raise TypeError(
                "solver='svd' does not support sparse input; use 'cholesky', "
                "'sparse_cg' or 'lsqr', or densify X."
            )
        # The Gram-based closed form detects non-finite X from the Gram
        # diagonal for free, so the separate finiteness pass is skipped.
        gram_path = solver == "cholesky" and not sparse.issparse(X)
        X, y, y_c, y_offset, sqrt_sw, sample_weight = _prepare(
            self, X, y, sample_weight, check_X_finite=not gram_path
        )
        alpha = _check_alpha(self.alpha, y_c.shape[1], X.dtype)
        if solver == "cholesky":
            try:
                coef, n_iter, X_offset = _ridge_solvers.solve_cholesky(
                    X, y_c, alpha, sqrt_sw, fit_intercept=self.fit_intercept
                )
            except linalg.LinAlgError:
                if sparse.issparse(X):
                    raise ValueError(
                        "X^T X + alpha I is singular (alpha=0 with a "
                        "rank-deficient sparse X); use alpha > 0 or solver='lsqr'."
                    ) from None
                solver = "svd"
        if solver != "cholesky":
            X_offset = _x_offset(self, X, y_c, sample_weight)
            args = (X, y_c, alpha, X_offset, sqrt_sw)
        if solver == "svd":
            coef, n_iter = _ridge_solvers.solve_svd(*args)
        elif solver == "sparse_cg":
            coef, n_iter = _ridge_solvers.solve_cg(
                *args, tol=self.tol, max_iter=self.max_iter
            )
        elif solver == "lsqr":
            coef, n_iter = _ridge_solvers.solve_lsqr(
                *args, tol=self.tol, max_iter=self.max_iter
            )
        elif solver == "gd":
            coef, n_iter = _ridge_solvers.solve_gd(
                *args,
                tol=self.tol,
                max_iter=self.max_iter,
                random_state=check_random_state(self.random_state),
            )
        _set_linear_attributes(self, coef, X_offset, y_offset, y)
        self.n_iter_ = n_iter
        self.solver_ = solver
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = self.solver != "svd"
        return tags


class _IdentityRegressor(RegressorMixin, BaseEstimator):
    """Feeds precomputed leave-one-out predictions to a scorer."""

    def predict(self, y_predict):
        return y_predict


class RidgeCV(_LinearPredictMixin, MultiOutputMixin, RegressorMixin, BaseEstimator):
    """Ridge regression with built-in choice of alpha.

    Each candidate alpha defines the Ridge objective::

        sum_i s_i (y_i - x_i w - b)^2 + alpha * ||w||_2^2

    (``alpha = N * lambda`` in the note's ``1/N`` scaling; ``b`` is not
    penalized).  With ``cv=None`` the alphas are compared by exact
    leave-one-out, computed for all alphas from one eigendecomposition of
    ``X_c^T X_c`` (n > p) or ``X_c X_c^T`` (n <= p), or one thin SVD of X_c
    (``gcv_mode='svd'``): about the cost of one fit.  Otherwise K-fold
    cross-validation with :class:`Ridge` through
    :class:`~sklearn.model_selection.GridSearchCV`.  Drop-in for
    :class:`sklearn.linear_model.RidgeCV`.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,), default=(0.1, 1.0, 10.0)
        Candidate penalties; positive with ``cv=None``, non-negative otherwise.
    fit_intercept : bool, default=True
        Fit the unpenalized intercept.
    scoring : str, callable or None, default=None
        Score to maximize.  None: the negative mean squared (weighted)
        leave-one-out error with ``cv=None``, R^2 with K-fold.
    cv : int, cross-validation generator or iterable, default=None
        None: efficient leave-one-out.  Otherwise as in GridSearchCV.
    gcv_mode : {'auto', 'svd', 'eigen'} or None, default=None
        Leave-one-out decomposition: None/'auto'/'eigen' eigendecompose the
        smaller Gram matrix; 'svd' takes a thin SVD of the centered X (dense
        X only; sparse X falls back to 'eigen').
    store_cv_results : bool, default=False
        Keep the leave-one-out values in ``cv_results_`` (``cv=None`` only).
    alpha_per_target : bool, default=False
        Choose alpha separately for each target (``cv=None`` only).

    Attributes
    ----------
    alpha_ : float or ndarray of shape (n_targets,)
        Chosen penalty (per target when ``alpha_per_target``).
    best_score_ : float or ndarray of shape (n_targets,)
        Score of the chosen alpha.
    cv_results_ : ndarray of shape (n_samples, n_alphas) or \
            (n_samples, n_targets, n_alphas)
        With ``store_cv_results``: the squared leave-one-out errors (times
        the sample weights) when ``scoring=None``, else the leave-one-out
        predictions.
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Weight vector(s) refitted on all data at ``alpha_``.
    intercept_ : float or ndarray of shape (n_targets,)
        Independent term.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during fit, when X has string column names.

    See Also
    --------
    Ridge : Ridge regression at one alpha.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from skreg.linear_model import RidgeCV
    >>> X, y = load_diabetes(return_X_y=True)
    >>> RidgeCV(alphas=[1e-3, 1e-2, 1e-1, 1]).fit(X, y).alpha_
    0.01
    """

    _parameter_constraints: dict = {
        "alphas": ["array-like", Interval(Real, 0, None, closed="neither")],
        "fit_intercept": ["boolean"],
        "scoring": [StrOptions(set(get_scorer_names())), callable, None],
        "cv": ["cv_object"],
        "gcv_mode": [StrOptions({"auto", "svd", "eigen"}), None],
        "store_cv_results": ["boolean"],
        "alpha_per_target": ["boolean"],
    }

    def __init__(
        self,
        alphas=(0.1, 1.0, 10.0),
        *,
        fit_intercept=True,
        scoring=None,
        cv=None,
        gcv_mode=None,
        store_cv_results=False,
        alpha_per_target=False,
    ):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.scoring = scoring
        self.cv = cv
        self.gcv_mode = gcv_mode
        self.store_cv_results = store_cv_results
        self.alpha_per_target = alpha_per_target

    def _checked_alphas(self):
        """The candidate alphas as floats, validated as scikit-learn does."""
        alphas = np.atleast_1d(np.asarray(self.alphas, dtype=object))
        if alphas.ndim != 1 or alphas.size == 0:
            raise ValueError("alphas must be a non-empty 1-D array-like.")
        strict = self.cv is None  # leave-one-out is undefined at alpha = 0
        name = "alphas" if alphas.size == 1 else None
        return np.array(
            [
                check_scalar(
                    value,
                    name or f"alphas[{index}]",
                    target_type=numbers.Real,
                    min_val=0.0,
                    include_boundaries="neither" if strict else "left",
                )
                for index, value in enumerate(alphas)
            ],
            dtype=np.float64,
        )

    def fit(self, X, y, sample_weight=None, **params):
        """Fit Ridge with the alpha chosen by cross-validation.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target values.
        sample_weight : float or array-like of shape (n_samples,), default=None
            Individual weights for each sample; with ``cv=None`` they also
            weight the leave-one-out errors.
        **params : dict
            Passed to GridSearchCV's fit when ``cv`` is given; must be empty
            with ``cv=None``.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        alphas = self._checked_alphas()
        if self.cv is None:
            if params:
                raise ValueError(
                    f"Unexpected fit parameters {sorted(params)} with cv=None."
                )
            return self._fit_loo(X, y, sample_weight, alphas)
        if self.store_cv_results:
            raise ValueError("cv!=None and store_cv_results=True are incompatible")
        if self.alpha_per_target:
            raise ValueError("cv!=None and alpha_per_target=True are incompatible")
        # Validate here too, so bad input fails with a clear message rather
        # than as "all fits failed" inside the search.
        validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc", "coo"],
            dtype=_FLOAT_DTYPES,
            multi_output=True,
            y_numeric=True,
        )
        if sample_weight is not None:
            params["sample_weight"] = sample_weight
        search = GridSearchCV(
            Ridge(fit_intercept=self.fit_intercept),
            {"alpha": alphas},
            cv=self.cv,
            scoring=check_scoring(self, scoring=self.scoring, allow_none=True),
        ).fit(X, y, **params)
        best = search.best_estimator_
        self.alpha_ = float(best.alpha)
        self.best_score_ = search.best_score_
        self.coef_ = best.coef_
        self.intercept_ = best.intercept_
        self.n_features_in_ = best.n_features_in_
        if hasattr(best, "feature_names_in_"):
            self.feature_names_in_ = best.feature_names_in_
        return self

    def _fit_loo(self, X, y, sample_weight, alphas):
        original_dtype = getattr(X, "dtype", None)
        # Leave-one-out divides by 1 - H_ii, which float32 resolves poorly:
        # compute in float64 and return attributes in X's float dtype.
        X, y, y_c, y_offset, sqrt_sw, sample_weight = _prepare(
            self, X, y, sample_weight, check_X_finite=True, dtype=np.float64
        )
        X_offset = _x_offset(self, X, y_c, sample_weight)
        if X.shape[0] < 2:
            raise ValueError(
                "Leave-one-out cross-validation needs at least 2 samples; got "
                f"n_samples={X.shape[0]}."
            )
        mode = "svd" if self.gcv_mode == "svd" else "auto"
        if mode == "svd" and sparse.issparse(X):
            warnings.warn(
                "The 'svd' mode is not supported for sparse X, we fallback to "
                "`gcv_mode='eigen'`. Use the default or pass `gcv_mode='eigen'` "
                "to suppress this warning.",
                FutureWarning,
            )
        y_w = y_c if sqrt_sw is None else y_c * sqrt_sw[:, None]
        spectrum = _ridge_loo.decompose(
            X, y_w, X_offset, sqrt_sw, mode=mode, fit_intercept=self.fit_intercept
        )
        looe = _ridge_loo.loo_residuals(spectrum, y_w, alphas)  # (n, T, A)
        n_targets = y_c.shape[1]
        per_target = self.alpha_per_target and n_targets > 1
        if self.scoring is None:
            values = looe**2
            scores = -values.mean(axis=0) if per_target else -values.mean(axis=(0, 1))
        else:
            values = self._loo_predictions(y_w, looe, sqrt_sw, y_offset)
            scores = self._scores(values, y, sample_weight, per_target)
        best = np.argmax(scores, axis=-1)  # first maximum, as scikit-learn
        if per_target:
            self.alpha_ = alphas[best]
            self.best_score_ = scores[np.arange(n_targets), best]
            coef = np.vstack(
                [
                    _ridge_loo.coef_for_alpha(spectrum, alpha)[t]
                    for t, alpha in enumerate(self.alpha_)
                ]
            )
        else:
            self.alpha_ = float(alphas[best])
            self.best_score_ = float(scores[best])
            coef = _ridge_loo.coef_for_alpha(spectrum, self.alpha_)
        _set_linear_attributes(self, coef, X_offset, y_offset, y)
        if self.store_cv_results:
            self.cv_results_ = values[:, 0, :] if y.ndim == 1 else values
        if original_dtype in (np.float32,):
            self.coef_ = self.coef_.astype(np.float32)
            if self.fit_intercept:
                self.intercept_ = np.asarray(self.intercept_, np.float32)[()]
            if self.store_cv_results:
                self.cv_results_ = self.cv_results_.astype(np.float32)
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    @staticmethod
    def _loo_predictions(y_w, looe, sqrt_sw, y_offset):
        """Leave-one-out predictions in the original scale, (n, T, A)."""
        predictions = y_w[:, :, None] - looe
        if sqrt_sw is not None:
            predictions /= sqrt_sw[:, None, None]
        return predictions + np.asarray(y_offset).reshape(1, -1, 1)

    def _scores(self, predictions, y, sample_weight, per_target):
        scorer = check_scoring(self, scoring=self.scoring)
        identity = _IdentityRegressor()
        kwargs = {} if sample_weight is None else {"sample_weight": sample_weight}
        y2d = y.reshape(-1, 1) if y.ndim == 1 else y
        n_alphas = predictions.shape[2]
        if per_target:
            return np.array(
                [
                    [
                        scorer(identity, predictions[:, t, a], y2d[:, t], **kwargs)
                        for a in range(n_alphas)
                    ]
                    for t in range(y2d.shape[1])
                ]
            )
        squeeze = y.ndim == 1
        return np.array(
            [
                scorer(
                    identity,
                    predictions[:, 0, a] if squeeze else predictions[:, :, a],
                    y,
                    **kwargs,
                )
                for a in range(n_alphas)
            ]
        )
