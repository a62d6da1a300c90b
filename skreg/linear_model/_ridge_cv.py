"""RidgeCV: Ridge with alpha chosen by exact leave-one-out or K-fold CV.

Each candidate alpha defines the Ridge objective
``sum_i s_i (y_i - x_i w - b)^2 + alpha ||w||_2^2``; with ``cv=None`` all
candidates are scored by exact leave-one-out from one decomposition
(:mod:`skreg.linear_model._ridge_loo`), otherwise by GridSearchCV over
:class:`~skreg.linear_model.Ridge`.
"""

import numbers
import warnings
from numbers import Real

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.metrics import check_scoring, get_scorer_names
from sklearn.model_selection import GridSearchCV
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_scalar, validate_data

from skreg.linear_model import _ridge_loo
from skreg.linear_model._ridge import (
    _FLOAT_DTYPES,
    Ridge,
    _column_survey,
    _expand,
    _LinearPredictMixin,
    _prepare,
    _set_linear_attributes,
    _x_offset,
)


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
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
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
        # As in Ridge: constant (zero, without intercept) columns are out of
        # the decomposition, whose rounding in them would otherwise enter
        # the leverages, and extreme scales are brought near 1 by a power of
        # two (the penalties by its square).
        n_features = X.shape[1]
        informative, x_scale = _column_survey(
            X, sample_weight, fit_intercept=self.fit_intercept
        )
        if informative is not None:
            # A zero column stands for none: the model is the intercept.
            X = X[:, informative] if informative.size else np.zeros((X.shape[0], 1))
        if x_scale != 1:
            X = X * x_scale
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
        looe = _ridge_loo.loo_residuals(spectrum, y_w, alphas * x_scale**2)
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
                    _ridge_loo.coef_for_alpha(spectrum, alpha * x_scale**2)[t]
                    for t, alpha in enumerate(self.alpha_)
                ]
            )
        else:
            self.alpha_ = float(alphas[best])
            self.best_score_ = float(scores[best])
            coef = _ridge_loo.coef_for_alpha(spectrum, self.alpha_ * x_scale**2)
        coef, X_offset = coef * x_scale, X_offset / x_scale
        if informative is not None:
            if informative.size == 0:
                coef, X_offset = coef[:, :0], X_offset[:0]
            coef, X_offset = _expand(coef, X_offset, informative, n_features)
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
