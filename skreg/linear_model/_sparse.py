"""SparseRegressor and SparseClassifier: one linear model, a choice of
sparse penalties between L1 and L0 (L1, elastic net, MCP, SCAD, Lp with
0 < p < 1, adaptive L1), their paths and cross-validated versions.

The name follows :class:`~sklearn.linear_model.SGDRegressor` /
:class:`~sklearn.linear_model.SGDClassifier` (a regressor/classifier pair
with a ``penalty`` parameter) and :class:`~sklearn.decomposition.SparsePCA`
(what the penalties share is a sparse solution); the penalty is a
hyper-parameter, so one ``GridSearchCV`` compares penalties as well as
alphas.  Every fit runs :func:`~._sparse_path.penalized_path` on the
generic coordinate-descent solver of :mod:`skreg._cd`.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.linear_model._base import LinearClassifierMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from skreg.linear_model._base import (
    FLOAT_DTYPES,
    LinearPredictMixin,
    centering_offsets,
    intercept_from_offsets,
)
from skreg.linear_model._sparse_path import (
    PENALTIES,
    penalized_path,
    penalty_alpha_max,
)
from skreg.utils._threading import single_threaded_blas

_OBJECTIVES = """
    with ``pen`` chosen by ``penalty`` (``a = |w_j|``, summed over j)::

        "l1"          alpha * a
        "elasticnet"  alpha * (l1_ratio * a + (1 - l1_ratio) / 2 * a^2)
        "mcp"         alpha * a - a^2 / (2 gamma)     if a <= gamma * alpha
                      gamma * alpha^2 / 2             otherwise
        "scad"        alpha * a                       if a <= alpha
                      (2 gamma alpha a - a^2 - alpha^2) / (2 (gamma - 1))
                                                      if a <= gamma * alpha
                      alpha^2 (gamma + 1) / 2         otherwise
        "lp"          alpha * a^p
        "adaptive_l1" gamma * alpha^2 * log(1 + a / (gamma * alpha)),
                      by four weighted-L1 fits, the first the Lasso, each
                      next with weights 1 / (1 + a_prev / (gamma alpha))
                      (reweighted L1: majorize-minimize of this log penalty)

    MCP (Zhang, 2010), SCAD (Fan and Li, 2001) and Lp are nonconvex: the
    fit is a stationary point (coordinate descent's fixed point, warm
    started from ``w = 0``), not necessarily the global minimum; the
    coordinate problems are convex when ``gamma`` exceeds ``1 / L_j``
    (MCP) or ``1 + 1 / L_j`` (SCAD), ``L_j`` the datafit's curvature along
    feature j (1 for standardized features and the squared loss).
    ``gamma -> infinity`` turns MCP, SCAD and adaptive_l1 into the Lasso.
"""

_COMMON_CONSTRAINTS = {
    "penalty": [StrOptions(set(PENALTIES))],
    "gamma": [Interval(Real, 1, None, closed="neither")],
    "p": [Interval(Real, 0, 1, closed="neither")],
    "l1_ratio": [Interval(Real, 0, 1, closed="right")],
    "fit_intercept": ["boolean"],
    "max_iter": [Interval(Integral, 1, None, closed="left")],
    "tol": [Interval(Real, 0, None, closed="left")],
    "positive": ["boolean"],
}


def _check_shape(penalty, gamma):
    if penalty == "scad" and gamma <= 2:
        raise ValueError(f"SCAD needs gamma > 2; got gamma={gamma!r}.")


def _alpha_grid(alpha_max, alphas, eps):
    """``alphas`` as given (sorted decreasing), or a log grid of that many
    alphas from ``alpha_max`` to ``eps * alpha_max``."""
    if isinstance(alphas, Integral):
        if alpha_max <= 0:
            return np.full(alphas, np.finfo(float).eps)
        return np.geomspace(alpha_max, alpha_max * eps, alphas)
    alphas = np.sort(np.asarray(alphas, dtype=np.float64).ravel())[::-1]
    if alphas.size == 0 or np.any(alphas < 0) or not np.all(np.isfinite(alphas)):
        raise ValueError("alphas must be a non-empty array of finite values >= 0.")
    return alphas


def _lipschitz(X, s, scale=1.0):
    return scale * np.einsum("ij,ij,i->j", X, X, s)


# --------------------------------------------------------------------------
# paths
# --------------------------------------------------------------------------


def sparse_regression_path(
    X,
    y,
    *,
    penalty="mcp",
    eps=1e-3,
    alphas=100,
    gamma=3.0,
    p=0.5,
    l1_ratio=0.5,
    coef_init=None,
    positive=False,
    tol=1e-4,
    max_iter=1000,
):
    """Coefficients of :class:`SparseRegressor` along a grid of alphas.

    For each alpha, from the largest (each solution warm-starting the
    next), a stationary point of::

        1/(2n) ||y - X w||_2^2 + pen(w)
    """
    X = np.asfortranarray(X, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64).ravel()
    _check_shape(penalty, gamma)
    n = X.shape[0]
    alpha_max = penalty_alpha_max(
        penalty,
        X.T @ y / n,
        _lipschitz(X, np.full(n, 1.0 / n)),
        p=p,
        l1_ratio=l1_ratio,
    )
    alphas = _alpha_grid(alpha_max, alphas, eps)
    coefs, scores, _ = penalized_path(
        X, y, datafit="quadratic", penalty=penalty, alphas=alphas, gamma=gamma,
        p=p, l1_ratio=l1_ratio, coef_init=coef_init, positive=positive, tol=tol,
        max_iter=max_iter,
    )  # fmt: skip
    return alphas, coefs, scores


sparse_regression_path.__doc__ += (
    _OBJECTIVES
    + """
    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Training data, centered beforehand when an intercept is wanted (as
        for :func:`~skreg.linear_model.lasso_path`).
    y : array-like of shape (n_samples,)
    penalty : {"l1", "elasticnet", "mcp", "scad", "lp", "adaptive_l1"}, \
default="mcp"
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    alphas : int or array-like, default=100
        Number of alphas of the automatic grid (from the smallest alpha at
        which ``w = 0`` is stationary), or the grid itself.
    gamma, p, l1_ratio : float
        Shape parameters (see :class:`SparseRegressor`).
    coef_init : ndarray of shape (n_features,), default=None
    positive : bool, default=False
    tol : float, default=1e-4
    max_iter : int, default=1000

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    scores : ndarray of shape (n_alphas,)
        Duality gaps (convex penalties) or largest first-order violations
        (MCP, SCAD, Lp) at the solutions.
    """
)


def _logistic_design(X, fit_intercept, sample_weight=None):
    """The design of the logistic problem and its column offsets.

    With an intercept: X centered (a reparametrization, since the intercept
    is free: ``b = b_centered - X_offset @ w``; it keeps the intercept's
    column from being nearly collinear with features far from 0, which
    coordinate descent pays for) with a column of ones appended and left
    unpenalized.  The offsets are the weighted means, so that weights and
    repeated samples give the same design.
    """
    X = np.asarray(X, dtype=np.float64)
    X_offset = np.zeros(X.shape[1])
    if fit_intercept:
        X_offset = np.average(X, axis=0, weights=sample_weight)
        X = np.hstack([X - X_offset, np.ones((X.shape[0], 1))])
    free = np.zeros(X.shape[1], dtype=bool)
    free[-1] = fit_intercept
    return np.asfortranarray(X), free, X_offset


def _logistic_alpha_max(penalty, X, y, s, free, p, l1_ratio):
    """alpha_max of the logistic datafit with the intercept at its optimum."""
    y01 = (y > 0).astype(np.float64)
    level = s @ y01 if free[-1] else 0.5
    grad0 = X.T @ (s * (level - y01))
    return penalty_alpha_max(
        penalty, grad0[~free], _lipschitz(X, s, 0.25)[~free], p=p, l1_ratio=l1_ratio
    )


def sparse_logistic_path(
    X,
    y,
    *,
    penalty="mcp",
    eps=1e-3,
    alphas=100,
    gamma=3.0,
    p=0.5,
    l1_ratio=0.5,
    fit_intercept=True,
    positive=False,
    tol=1e-4,
    max_iter=1000,
):
    """Coefficients of the binary :class:`SparseClassifier` along alphas.

    For each alpha, from the largest (each solution warm-starting the
    next), a stationary point of::

        1/n sum_i log(1 + exp(-y_i (x_i w + b))) + pen(w)

    with ``y_i`` in {-1, +1} (the larger of the two labels is +1) and the
    intercept ``b`` unpenalized.
    """
    X = np.asarray(X, dtype=np.float64)
    classes, y_index = np.unique(np.asarray(y).ravel(), return_inverse=True)
    if classes.size != 2:
        raise ValueError(f"y must hold exactly two classes; got {classes.size}.")
    _check_shape(penalty, gamma)
    y_pm = np.where(y_index == 1, 1.0, -1.0)
    Xa, free, X_offset = _logistic_design(X, fit_intercept)
    s = np.full(X.shape[0], 1.0 / X.shape[0])
    alpha_max = _logistic_alpha_max(penalty, Xa, y_pm, s, free, p, l1_ratio)
    alphas = _alpha_grid(alpha_max, alphas, eps)
    coefs, scores, _ = penalized_path(
        Xa, y_pm, datafit="logistic", penalty=penalty, alphas=alphas, gamma=gamma,
        p=p, l1_ratio=l1_ratio, free=free, positive=positive, tol=tol,
        max_iter=max_iter,
    )  # fmt: skip
    intercepts = np.zeros(alphas.size)
    if fit_intercept:
        coefs, intercepts = coefs[:-1], coefs[-1] - X_offset @ coefs[:-1]
    return alphas, coefs, intercepts, scores


sparse_logistic_path.__doc__ += (
    _OBJECTIVES
    + """
    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Two classes.
    penalty : {"l1", "elasticnet", "mcp", "scad", "lp", "adaptive_l1"}, \
default="mcp"
    eps : float, default=1e-3
    alphas : int or array-like, default=100
    gamma, p, l1_ratio : float
    fit_intercept : bool, default=True
    positive : bool, default=False
    tol : float, default=1e-4
    max_iter : int, default=1000

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    intercepts : ndarray of shape (n_alphas,)
    scores : ndarray of shape (n_alphas,)
    """
)


# --------------------------------------------------------------------------
# estimators
# --------------------------------------------------------------------------


class SparseRegressor(LinearPredictMixin, RegressorMixin, BaseEstimator):
    _accepts_sparse_input = False

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        **_COMMON_CONSTRAINTS,
    }

    def __init__(
        self,
        penalty="mcp",
        *,
        alpha=1.0,
        gamma=3.0,
        p=0.5,
        l1_ratio=0.5,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-4,
        warm_start=False,
        positive=False,
    ):
        self.penalty = penalty
        self.alpha = alpha
        self.gamma = gamma
        self.p = p
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive

    def fit(self, X, y, sample_weight=None):
        """Fit the model by coordinate descent from zero (or the previous
        solution with ``warm_start``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the mean of the loss.

        Returns
        -------
        self : object
        """
        self._validate_params()
        _check_shape(self.penalty, self.gamma)
        X, y = validate_data(self, X, y, dtype=FLOAT_DTYPES, y_numeric=True)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        X_offset, y_offset = centering_offsets(
            X, y, fit_intercept=self.fit_intercept, sample_weight=sample_weight
        )
        Xc = np.asfortranarray(X - X_offset, dtype=np.float64)
        yc = np.asarray(y - y_offset, dtype=np.float64)
        coef_init = None
        if self.warm_start and getattr(self, "coef_", None) is not None:
            coef_init = np.asarray(self.coef_, dtype=np.float64)
        with single_threaded_blas():
            coefs, _, n_iters = penalized_path(
                Xc, yc, datafit="quadratic", penalty=self.penalty,
                alphas=[self.alpha], sample_weight=sample_weight, gamma=self.gamma,
                p=self.p, l1_ratio=self.l1_ratio, coef_init=coef_init,
                positive=self.positive, tol=self.tol, max_iter=self.max_iter,
            )  # fmt: skip
        self.coef_ = coefs[:, 0].astype(X.dtype)
        self.intercept_ = intercept_from_offsets(
            self.coef_, X_offset, y_offset, self.fit_intercept
        )
        self.n_iter_ = int(n_iters[0])
        return self

    path = staticmethod(sparse_regression_path)


SparseRegressor.__doc__ = (
    """Linear regression with a sparse penalty between L1 and L0.

    Minimizes (a stationary point of, for the nonconvex penalties)::

        1/(2n) sum_i s_i (y_i - x_i w - b)^2 + pen(w)

    with ``s`` the sample weights normalized to mean one and the intercept
    ``b`` unpenalized,"""
    + _OBJECTIVES
    + """
    Parameters
    ----------
    penalty : {"l1", "elasticnet", "mcp", "scad", "lp", "adaptive_l1"}, \
default="mcp"
        The penalty.
    alpha : float, default=1.0
        Regularization strength (>= 0).
    gamma : float, default=3.0
        Concavity of "mcp" (> 1) and "scad" (> 2); scale of "adaptive_l1"'s
        log penalty.  Larger is closer to the Lasso.
    p : float, default=0.5
        Exponent of "lp", in (0, 1).
    l1_ratio : float, default=0.5
        Mixing parameter of "elasticnet", in (0, 1].
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Maximum number of solver iterations per alpha (coordinate-descent
        passes of the fast quadratic solver for "mcp", "scad", "lp" and
        "adaptive_l1"; outer prox-Newton steps otherwise).
    tol : float, default=1e-4
        Stopping tolerance: the duality gap relative to the objective at
        ``w = 0`` for the convex penalties; for MCP, SCAD and Lp (no
        duality gap) the largest first-order violation (distance of the
        gradient to the subdifferential, or the move of a coordinate step
        for Lp) relative to the largest gradient at ``w = 0``.
    warm_start : bool, default=False
        Start from the previous solution.
    positive : bool, default=False
        Force the coefficients to be non-negative.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_iter_ : int
        Solver iterations (summed over the reweighting rounds of
        "adaptive_l1").
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)

    See Also
    --------
    SparseRegressorCV : alpha chosen by cross-validation.
    SparseRegressorIC : alpha chosen by AIC, BIC or EBIC.
    Lasso, ElasticNet, L0Regressor

    References
    ----------
    Zhang, "Nearly unbiased variable selection under minimax concave
    penalty", Ann. Statist. 38 (2010).  Fan and Li, "Variable selection via
    nonconcave penalized likelihood", JASA 96 (2001).  Breheny and Huang,
    "Coordinate descent algorithms for nonconvex penalized regression",
    Ann. Appl. Stat. 5 (2011).  Candes, Wakin and Boyd, "Enhancing sparsity
    by reweighted l1 minimization", J. Fourier Anal. Appl. 14 (2008).

    Examples
    --------
    >>> import numpy as np
    >>> from skreg import SparseRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 20))
    >>> y = 3 * X[:, 0] - 2 * X[:, 5] + 0.1 * rng.standard_normal(100)
    >>> reg = SparseRegressor("mcp", alpha=0.3).fit(X, y)
    >>> np.flatnonzero(reg.coef_)
    array([0, 5])
    >>> np.round(reg.coef_[[0, 5]], 1)  # unbiased, unlike the Lasso's
    array([ 3., -2.])
    """
)


class SparseClassifier(LinearClassifierMixin, ClassifierMixin, BaseEstimator):
    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        **_COMMON_CONSTRAINTS,
    }

    def __init__(
        self,
        penalty="mcp",
        *,
        alpha=0.01,
        gamma=3.0,
        p=0.5,
        l1_ratio=0.5,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-4,
        warm_start=False,
        positive=False,
    ):
        self.penalty = penalty
        self.alpha = alpha
        self.gamma = gamma
        self.p = p
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive

    def _binary_problems(self, y):
        """Labels in {-1, +1} of each one-vs-rest problem (one if binary)."""
        if self.classes_.size == 2:
            return [np.where(y == self.classes_[1], 1.0, -1.0)]
        return [np.where(y == c, 1.0, -1.0) for c in self.classes_]

    def _validate_fit_data(self, X, y):
        """Check the parameters and ``(X, y)``, set ``classes_``; returns the
        validated ``(X, y)``."""
        self._validate_params()
        _check_shape(self.penalty, self.gamma)
        X, y = validate_data(self, X, y, dtype=FLOAT_DTYPES)
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        if self.classes_.size < 2:
            raise ValueError(
                "This solver needs samples of at least 2 classes in the data, "
                f"but the data contains only one class: {self.classes_[0]!r}."
            )
        return X, y

    def fit(self, X, y, sample_weight=None):
        """Fit the model (one-vs-rest when there are more than two classes).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : object
        """
        X, y = self._validate_fit_data(X, y)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        Xa, free, X_offset = _logistic_design(X, self.fit_intercept, sample_weight)
        warm = self.warm_start and getattr(self, "coef_", None) is not None
        problems = self._binary_problems(y)
        if warm and np.shape(self.coef_)[0] != len(problems):
            warm = False
        coefs, n_iter = [], 0
        with single_threaded_blas():
            for k, y_pm in enumerate(problems):
                coef_init = None
                if warm:
                    coef_init = np.asarray(self.coef_[k], dtype=np.float64)
                    if self.fit_intercept:
                        centered = self.intercept_[k] + X_offset @ coef_init
                        coef_init = np.append(coef_init, centered)
                c, _, n_iters = penalized_path(
                    Xa, y_pm, datafit="logistic", penalty=self.penalty,
                    alphas=[self.alpha], sample_weight=sample_weight,
                    gamma=self.gamma, p=self.p, l1_ratio=self.l1_ratio, free=free,
                    coef_init=coef_init, positive=self.positive, tol=self.tol,
                    max_iter=self.max_iter,
                )  # fmt: skip
                coefs.append(c[:, 0])
                n_iter = max(n_iter, int(n_iters[0]))
        coefs = np.asarray(coefs)
        if self.fit_intercept:
            self.coef_ = coefs[:, :-1].astype(X.dtype)
            self.intercept_ = (coefs[:, -1] - coefs[:, :-1] @ X_offset).astype(X.dtype)
        else:
            self.coef_ = coefs.astype(X.dtype)
            self.intercept_ = np.zeros(len(problems), dtype=X.dtype)
        self.n_iter_ = n_iter
        return self

    def predict_proba(self, X):
        """Probability estimates: the logistic function of the decision;
        one-vs-rest probabilities normalized to sum to one with more than
        two classes (as scikit-learn's one-vs-rest LogisticRegression).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        decision = self.decision_function(X)
        if decision.ndim == 1:
            positive = 0.5 * (1.0 + np.tanh(0.5 * decision))
            return np.column_stack([1.0 - positive, positive])
        proba = 0.5 * (1.0 + np.tanh(0.5 * decision))
        total = proba.sum(axis=1, keepdims=True)
        total[total == 0] = 1.0
        return proba / total

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        return np.log(self.predict_proba(X))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        return tags

    path = staticmethod(sparse_logistic_path)


SparseClassifier.__doc__ = (
    """Logistic regression with a sparse penalty between L1 and L0.

    For two classes, minimizes (a stationary point of, for the nonconvex
    penalties)::

        1/n sum_i s_i log(1 + exp(-y_i (x_i w + b))) + pen(w)

    with labels ``y_i`` in {-1, +1} (+1 the second of ``classes_``), ``s``
    the sample weights normalized to mean one and the intercept ``b``
    unpenalized; with more than two classes, one such problem per class
    against the rest.  ``alpha`` is scikit-learn's
    ``LogisticRegression``'s ``1 / (n C)`` for the L1 penalty,"""
    + _OBJECTIVES
    + """
    Parameters
    ----------
    penalty : {"l1", "elasticnet", "mcp", "scad", "lp", "adaptive_l1"}, \
default="mcp"
    alpha : float, default=0.01
        Regularization strength (>= 0).
    gamma : float, default=3.0
        Concavity of "mcp" (> 1) and "scad" (> 2); scale of "adaptive_l1".
        The logistic curvature is at most 1/4 of the squared loss's: with
        standardized features the coordinate problems of MCP are convex
        for gamma > 4.
    p : float, default=0.5
        Exponent of "lp", in (0, 1).
    l1_ratio : float, default=0.5
        Mixing parameter of "elasticnet", in (0, 1].
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Maximum number of outer (prox-Newton) iterations.
    tol : float, default=1e-4
        Stopping tolerance, as in :class:`SparseRegressor`.
    warm_start : bool, default=False
    positive : bool, default=False

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : int
        Largest number of solver iterations over the binary problems.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)

    See Also
    --------
    SparseClassifierCV : alpha chosen by cross-validation.
    SparseRegressor : The same penalties with the squared loss.

    Examples
    --------
    >>> import numpy as np
    >>> from skreg import SparseClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((300, 20))
    >>> y = (X[:, 0] - X[:, 3] + 0.3 * rng.standard_normal(300) > 0).astype(int)
    >>> clf = SparseClassifier("scad", gamma=3.7, alpha=0.08).fit(X, y)
    >>> np.flatnonzero(clf.coef_)
    array([0, 3])
    """
)
