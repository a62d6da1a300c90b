"""alpha of SparseRegressor / SparseClassifier chosen by cross-validation
(SparseRegressorCV, SparseClassifierCV) or by an information criterion
(SparseRegressorIC).

Each runs the estimator's path (warm started from the largest alpha) once
per fold or once on the data, and refits along the same path down to the
chosen alpha: for the nonconvex penalties the solution depends on the path
that led to it, so the model kept is the one that was scored.
SparseRegressorIC's SCAD path keeps at each alpha the lowest-objective of
several stationary points (:func:`~._sparse_path.scad_lowest_objective_path`).
"""

from numbers import Real

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import validate_data

from skreg.linear_model._base import (
    FLOAT_DTYPES,
    centering_offsets,
    intercept_from_offsets,
)
from skreg.linear_model._information_criteria import (
    CRITERIA,
    enet_path_degrees_of_freedom,
    fit_by_information_criterion,
)
from skreg.linear_model._lasso import GRID_CONSTRAINTS
from skreg.linear_model._path_cv import (
    cv_folds,
    fold_results,
    held_out_mse,
    lowest_mean,
)
from skreg.linear_model._sparse import (
    _COMMON_CONSTRAINTS,
    SparseClassifier,
    SparseRegressor,
    _alpha_grid,
    _check_shape,
    _lipschitz,
    _logistic_alpha_max,
    _logistic_design,
)
from skreg.linear_model._sparse_path import (
    penalized_path,
    penalty_alpha_max,
    scad_lowest_objective_path,
)
from skreg.utils._threading import single_threaded_blas

_CV_CONSTRAINTS = {**_COMMON_CONSTRAINTS, **GRID_CONSTRAINTS, "cv": ["cv_object"]}


def _centered_path(est, Xc, yc, alphas, gamma):
    """The path on centered float64 data at shape ``gamma``:
    (coefs, n_iters)."""
    coefs, _, n_iters = penalized_path(
        Xc, yc, datafit="quadratic", penalty=est.penalty, alphas=alphas,
        gamma=gamma, p=est.p, l1_ratio=est.l1_ratio, positive=est.positive,
        tol=est.tol, max_iter=est.max_iter,
    )  # fmt: skip
    return coefs, n_iters


def _centered_alpha_max(est, Xc, yc):
    """The smallest alpha at which ``w = 0`` is stationary (centered data)."""
    n = Xc.shape[0]
    return penalty_alpha_max(
        est.penalty,
        Xc.T @ yc / n,
        _lipschitz(Xc, np.full(n, 1.0 / n)),
        p=est.p,
        l1_ratio=est.l1_ratio,
    )


def _centered(est, X, y):
    """(Xc, yc, X_offset, y_offset): X and y centered as ``est`` fits them,
    float64, X Fortran-ordered for the solver."""
    X_offset, y_offset = centering_offsets(X, y, fit_intercept=est.fit_intercept)
    Xc = np.asfortranarray(X - X_offset, dtype=np.float64)
    yc = np.asarray(y - y_offset, dtype=np.float64)
    return Xc, yc, X_offset, y_offset


def _regression_path(est, X, y, alphas):
    """Center, run the path, return (coefs, n_iters, X_offset, y_offset)."""
    Xc, yc, X_offset, y_offset = _centered(est, X, y)
    coefs, n_iters = _centered_path(est, Xc, yc, alphas, est.gamma)
    return coefs, n_iters, X_offset, y_offset


def _regression_alpha_max(est, X, y):
    Xc, yc, _, _ = _centered(est, X, y)
    return _centered_alpha_max(est, Xc, yc)


class SparseRegressorCV(SparseRegressor):
    """:class:`SparseRegressor` with alpha chosen by cross-validation.

    On each training fold the path (see :func:`sparse_regression_path`) is
    fitted along one grid of alphas; the alpha with the smallest mean
    squared error over the validation folds wins, and the model is refitted
    on all the data along the grid down to it.  Each path point is a
    stationary point of ``1/(2n) ||y - X w - b||^2 + pen(w)`` with the
    penalties of :class:`SparseRegressor`.

    Parameters
    ----------
    penalty : {"l1", "elasticnet", "mcp", "scad", "lp", "adaptive_l1"}, \
default="mcp"
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    alphas : int or array-like, default=100
        Number of alphas of the automatic grid, or the grid itself.
    gamma : float, default=3.0
    p : float, default=0.5
    l1_ratio : float, default=0.5
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4
    cv : int, cross-validation generator or iterable, default=None
        As in :class:`~sklearn.linear_model.LassoCV` (None: 5-fold).
    positive : bool, default=False

    Attributes
    ----------
    alpha_ : float
    alphas_ : ndarray of shape (n_alphas,)
    mse_path_ : ndarray of shape (n_alphas, n_folds)
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)

    Examples
    --------
    >>> import numpy as np
    >>> from skreg import SparseRegressorCV
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 20))
    >>> y = 3 * X[:, 0] - 2 * X[:, 5] + 0.5 * rng.standard_normal(100)
    >>> np.flatnonzero(SparseRegressorCV("scad", gamma=3.7).fit(X, y).coef_)
    array([0, 5])
    """

    _parameter_constraints: dict = {**_CV_CONSTRAINTS}

    def __init__(
        self,
        penalty="mcp",
        *,
        eps=1e-3,
        alphas=100,
        gamma=3.0,
        p=0.5,
        l1_ratio=0.5,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-4,
        cv=None,
        positive=False,
    ):
        self.penalty = penalty
        self.eps = eps
        self.alphas = alphas
        self.gamma = gamma
        self.p = p
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.positive = positive

    def fit(self, X, y):
        """Fit the path on each fold, choose alpha, refit on all the data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : object
        """
        self._validate_params()
        _check_shape(self.penalty, self.gamma)
        X, y = validate_data(self, X, y, dtype=FLOAT_DTYPES, y_numeric=True)
        alphas = _alpha_grid(_regression_alpha_max(self, X, y), self.alphas, self.eps)
        folds = cv_folds(self.cv, X, y)
        with single_threaded_blas():
            mse = fold_results(self._fold_mse, folds, n_jobs=1, X=X, y=y, alphas=alphas)
            _, best = lowest_mean(mse)
            coefs, n_iters, X_offset, y_offset = _regression_path(
                self, X, y, alphas[: best + 1]
            )
        self.alphas_ = alphas
        self.mse_path_ = np.column_stack(mse[0])
        self.alpha_ = float(alphas[best])
        self.coef_ = coefs[:, best].astype(X.dtype)
        self.intercept_ = intercept_from_offsets(
            self.coef_, X_offset, y_offset, self.fit_intercept
        )
        self.n_iter_ = int(n_iters[best])
        return self

    def _fold_mse(self, train, test, *, X, y, alphas):
        """Held-out MSE along the path fitted on the training part."""
        coefs, _, X_offset, y_offset = _regression_path(
            self, X[train], y[train], alphas
        )
        return held_out_mse((X[test] - X_offset) @ coefs + y_offset, y[test])


class SparseRegressorIC(SparseRegressor):
    """:class:`SparseRegressor` with alpha chosen by AIC, BIC or EBIC.

    The path (see :func:`sparse_regression_path`) is fitted once on the
    centered data (once per gamma when ``gamma`` is a list); each point, a
    stationary point of ``1/(2n) ||y - X w - b||^2 + pen(w)`` (for SCAD,
    the lowest-objective one of several, see below), is scored by::

        AIC  = n log(2 pi sigma^2) + RSS / sigma^2 + 2 df
        BIC  = n log(2 pi sigma^2) + RSS / sigma^2 + log(n) df
        EBIC = BIC + 2 log(n_features) df

    (see :class:`~skreg.linear_model.ElasticNetIC`), with ``df`` the support
    size (for the elastic net, the ridge-shrunk trace of ElasticNetIC).  For
    MCP and SCAD beyond ``gamma alpha`` the coefficients are those of least
    squares on the support, so the support size is the natural count, as
    for L0.

    For SCAD the path is not :func:`sparse_regression_path`'s: at each
    alpha it keeps, of the stationary points that coordinate descent
    reaches from three starts (the previous point of the ordinary
    warm-started path, the MCP solution of shape ``gamma - 1`` at the
    same alpha, and the point kept at the previous alpha), the one of lowest
    objective ``1/(2n) ||y - X w - b||^2 + pen(w)`` (the first in that order
    on a tie).  SCAD's ordinary path often follows a branch of poor local
    minima; BIC over a list of gammas selects better on this one, for a
    few times the fit time (see the user guide).
    :class:`SparseRegressorCV` keeps the ordinary path: cross-validation
    selected no better on this one.

    Parameters
    ----------
    penalty : {"l1", "elasticnet", "mcp", "scad", "lp", "adaptive_l1"}, \
default="mcp"
    criterion : {"aic", "bic", "ebic"}, default="bic"
    eps : float, default=1e-3
    alphas : int or array-like, default=100
    gamma : float or array-like of float, default=3.0
        The shape of MCP, SCAD and adaptive_l1.  With a list the path is
        fitted for each value and the criterion chooses gamma as well as
        alpha (as :class:`~skreg.linear_model.ElasticNetIC` does with a list
        of ``l1_ratio``).  For SCAD with ``n_features >> n_samples``, BIC
        selects better from paths of smaller gamma (toward SCAD's limit of
        2), which let fewer spurious features in; see the user guide.
    l1_ratio : float, default=0.5
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4
    positive : bool, default=False
    noise_variance : float, default=None
        ``sigma^2``; None: estimated as in
        :class:`~skreg.linear_model.ElasticNetIC` (least squares when
        ``n_samples > n_features + 5``, else the cross-validated Lasso
        estimate of Reid, Tibshirani and Friedman, 2016).

    Attributes
    ----------
    alpha_ : float
    gamma_ : float
        The gamma of the chosen model (``gamma`` itself when it is a float).
    alphas_ : ndarray of shape (n_alphas,) or (n_gammas, n_alphas)
        The grid of alphas (per gamma when ``gamma`` is a list).
    criterion_ : ndarray of the shape of ``alphas_``
    degrees_of_freedom_ : ndarray of the shape of ``alphas_``
    noise_variance_ : float
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)

    Examples
    --------
    >>> import numpy as np
    >>> from skreg import SparseRegressorIC
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 20))
    >>> y = 3 * X[:, 0] - 2 * X[:, 5] + 0.5 * rng.standard_normal(100)
    >>> np.flatnonzero(SparseRegressorIC("mcp").fit(X, y).coef_)
    array([0, 5])
    """

    _parameter_constraints: dict = {
        **_COMMON_CONSTRAINTS,
        **GRID_CONSTRAINTS,
        "gamma": [Interval(Real, 1, None, closed="neither"), "array-like"],
        "criterion": [StrOptions(set(CRITERIA))],
        "noise_variance": [Interval(Real, 0, None, closed="neither"), None],
    }

    def __init__(
        self,
        penalty="mcp",
        *,
        criterion="bic",
        eps=1e-3,
        alphas=100,
        gamma=3.0,
        p=0.5,
        l1_ratio=0.5,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-4,
        positive=False,
        noise_variance=None,
    ):
        self.penalty = penalty
        self.criterion = criterion
        self.eps = eps
        self.alphas = alphas
        self.gamma = gamma
        self.p = p
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.positive = positive
        self.noise_variance = noise_variance

    def fit(self, X, y):
        """Fit the path, score every alpha, keep the best model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : object
        """
        self._validate_params()
        gammas = self._gammas()
        X, y = validate_data(
            self, X, y, dtype=FLOAT_DTYPES, y_numeric=True, ensure_min_samples=2
        )
        n_samples = X.shape[0]

        def path(Xc, yc, gamma):
            Xc = np.asfortranarray(Xc, dtype=np.float64)
            yc = np.asarray(yc, dtype=np.float64)
            alpha_max = _centered_alpha_max(self, Xc, yc)
            alphas = _alpha_grid(alpha_max, self.alphas, self.eps)
            if self.penalty == "scad":
                coefs, _, n_iters = scad_lowest_objective_path(
                    Xc, yc, alphas=alphas, gamma=gamma, positive=self.positive,
                    tol=self.tol, max_iter=self.max_iter,
                )  # fmt: skip
            else:
                coefs, n_iters = _centered_path(self, Xc, yc, alphas, gamma)
            if self.penalty == "elasticnet":
                df = enet_path_degrees_of_freedom(Xc, coefs, alphas, self.l1_ratio)
            else:
                df = np.minimum(np.count_nonzero(coefs, axis=0), n_samples)
            return {
                "alphas": alphas,
                "coefs": coefs,
                "n_iter": n_iters,
                "degrees_of_freedom": df.astype(float),
            }

        with single_threaded_blas():
            gamma, _, _ = fit_by_information_criterion(self, X, y, gammas, path)
        self.gamma_ = float(gamma)
        return self

    def _gammas(self):
        """``gamma`` as a 1-d array of valid values."""
        gammas = np.atleast_1d(np.asarray(self.gamma, dtype=np.float64))
        if gammas.ndim != 1 or gammas.size == 0 or not np.all(gammas > 1):
            raise ValueError(
                f"gamma must be > 1 (a float or a non-empty list); got {self.gamma!r}."
            )
        for gamma in gammas:
            _check_shape(self.penalty, gamma)
        return gammas


class SparseClassifierCV(SparseClassifier):
    """:class:`SparseClassifier` with alpha chosen by cross-validation.

    On each training fold (stratified) the path (see
    :func:`sparse_logistic_path`; one per class against the rest with more
    than two classes) is fitted along one grid of alphas; the alpha with the
    smallest mean log-loss of :meth:`predict_proba` over the validation folds
    wins, and the model is refitted on all the data along the grid down to
    it.  Each path point is a stationary point of
    ``1/n sum_i log(1 + exp(-y_i (x_i w + b))) + pen(w)`` with the penalties
    of :class:`SparseRegressor`.

    Parameters
    ----------
    penalty : {"l1", "elasticnet", "mcp", "scad", "lp", "adaptive_l1"}, \
default="mcp"
    eps : float, default=1e-2
        ``alpha_min / alpha_max`` of the automatic grid.
    alphas : int or array-like, default=30
        Number of alphas of the automatic grid, or the grid itself.
    gamma : float, default=3.0
    p : float, default=0.5
    l1_ratio : float, default=0.5
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4
    cv : int, cross-validation generator or iterable, default=None
        None: 5-fold stratified.
    positive : bool, default=False

    Attributes
    ----------
    alpha_ : float
    alphas_ : ndarray of shape (n_alphas,)
    log_loss_path_ : ndarray of shape (n_alphas, n_folds)
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)

    Examples
    --------
    >>> import numpy as np
    >>> from skreg import SparseClassifierCV
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((300, 20))
    >>> y = (X[:, 0] - X[:, 3] + 0.3 * rng.standard_normal(300) > 0).astype(int)
    >>> clf = SparseClassifierCV("mcp", gamma=5.0).fit(X, y)
    >>> clf.score(X, y) > 0.9
    True
    """

    _parameter_constraints: dict = {**_CV_CONSTRAINTS}

    def __init__(
        self,
        penalty="mcp",
        *,
        eps=1e-2,
        alphas=30,
        gamma=3.0,
        p=0.5,
        l1_ratio=0.5,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-4,
        cv=None,
        positive=False,
    ):
        self.penalty = penalty
        self.eps = eps
        self.alphas = alphas
        self.gamma = gamma
        self.p = p
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.positive = positive

    def _paths(self, X, y, alphas):
        """Per binary problem, the path's (coefs, intercepts, n_iters)."""
        Xa, free, X_offset = _logistic_design(X, self.fit_intercept)
        out = []
        for y_pm in self._binary_problems(y):
            c, _, n_iters = penalized_path(
                Xa, y_pm, datafit="logistic", penalty=self.penalty, alphas=alphas,
                gamma=self.gamma, p=self.p, l1_ratio=self.l1_ratio, free=free,
                positive=self.positive, tol=self.tol, max_iter=self.max_iter,
            )  # fmt: skip
            intercepts = np.zeros(alphas.size)
            if self.fit_intercept:
                c, intercepts = c[:-1], c[-1] - X_offset @ c[:-1]
            out.append((c, intercepts, n_iters))
        return out

    def _alpha_max(self, X, y):
        Xa, free, _ = _logistic_design(X, self.fit_intercept)
        s = np.full(X.shape[0], 1.0 / X.shape[0])
        return max(
            _logistic_alpha_max(self.penalty, Xa, y_pm, s, free, self.p, self.l1_ratio)
            for y_pm in self._binary_problems(y)
        )

    def fit(self, X, y):
        """Fit the path on each fold, choose alpha, refit on all the data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : object
        """
        X, y = self._validate_fit_data(X, y)
        alphas = _alpha_grid(self._alpha_max(X, y), self.alphas, self.eps)
        folds = cv_folds(self.cv, X, y, classifier=True)
        with single_threaded_blas():
            losses = fold_results(
                self._fold_log_loss, folds, n_jobs=1, X=X, y=y, alphas=alphas
            )
            _, best = lowest_mean(losses)
            paths = self._paths(X, y, alphas[: best + 1])
        self.alphas_ = alphas
        self.log_loss_path_ = np.column_stack(losses[0])
        self.alpha_ = float(alphas[best])
        self.coef_ = np.array([c[:, best] for c, _, _ in paths], dtype=X.dtype)
        self.intercept_ = np.array([b[best] for _, b, _ in paths], dtype=X.dtype)
        self.n_iter_ = max(int(n[best]) for _, _, n in paths)
        return self

    def _fold_log_loss(self, train, test, *, X, y, alphas):
        """Held-out log-loss along the path fitted on the training part."""
        paths = self._paths(X[train], y[train], alphas)
        # (n_test, n_alphas, n_problems)
        decision = np.stack([X[test] @ c + b for c, b, _ in paths], axis=-1)
        return self._log_loss(decision, y[test])

    def _log_loss(self, decision, y):
        """Mean log-loss per alpha of decisions (n_test, n_alphas, n_problems)."""
        positive = 0.5 * (1.0 + np.tanh(0.5 * decision))
        if self.classes_.size == 2:
            p1 = positive[..., 0]
            proba = np.where((y == self.classes_[1])[:, None], p1, 1.0 - p1)
        else:
            total = positive.sum(axis=-1)
            index = np.searchsorted(self.classes_, y)
            proba = positive[np.arange(y.size), :, index] / np.where(
                total == 0, 1.0, total
            )
        return -np.mean(np.log(np.clip(proba, 1e-15, None)), axis=0)
