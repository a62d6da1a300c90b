"""ElasticNetIC and LassoIC: alpha chosen by an information criterion.

The coordinate-descent path (:func:`~skreg.linear_model.enet_path`) is fitted
once on the centered data and every point of it is scored by AIC, BIC or
EBIC (:mod:`._information_criteria`); the best point is the model.  This is
scikit-learn's :class:`~sklearn.linear_model.LassoLarsIC` on a grid of
alphas instead of the LARS knots, with elastic net and EBIC added and a noise
variance estimate that also works when ``n_samples <= n_features``.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import validate_data

from skreg.linear_model._base import FLOAT_DTYPES, LinearPredictMixin
from skreg.linear_model._information_criteria import (
    CRITERIA,
    enet_path_degrees_of_freedom,
    fit_by_information_criterion,
)
from skreg.linear_model._lasso import GRID_CONSTRAINTS, enet_path
from skreg.utils._threading import single_threaded_blas


class ElasticNetIC(LinearPredictMixin, RegressorMixin, BaseEstimator):
    """Elastic net with alpha (and l1_ratio) chosen by AIC, BIC or EBIC.

    Each candidate minimizes::

        1/(2n) ||y - X w - b||_2^2
            + alpha * l1_ratio * ||w||_1 + alpha * (1 - l1_ratio) / 2 * ||w||_2^2

    along a grid of alphas (warm-started coordinate descent on the centered
    data; the intercept ``b`` is not penalized), and the candidate with the
    smallest criterion wins::

        AIC  = n log(2 pi sigma^2) + RSS / sigma^2 + 2 df
        BIC  = n log(2 pi sigma^2) + RSS / sigma^2 + log(n) df
        EBIC = BIC + 2 log(n_features) df

    where RSS is the candidate's residual sum of squares, ``sigma^2`` the
    noise variance and ``df`` the degrees of freedom: the support size for
    the Lasso (Zou, Hastie and Tibshirani, 2007) and, with an L2 part,
    ``tr(X_A (X_A^T X_A + n alpha (1 - l1_ratio) I)^{-1} X_A^T)`` over the
    support A.  EBIC, the extended BIC of Chen and Chen (2008) with
    ``gamma = 1`` (the number of models of size df bounded by
    ``n_features^df``), is meant for ``n_features >> n_samples``.

    Parameters
    ----------
    l1_ratio : float or list of float, default=0.5
        Mixing parameter in (0, 1]; with a list, the criterion also chooses
        among them.
    criterion : {"aic", "bic", "ebic"}, default="aic"
        The information criterion.
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid (as in
        :class:`ElasticNetCV`; not LassoLarsIC's machine-precision ``eps``).
    alphas : int or array-like, default=100
        Number of alphas of the automatic grid, or the grid itself.
    fit_intercept : bool, default=True
        Whether to fit an unpenalized intercept.
    precompute : "auto" or bool, default="auto"
        Whether the path runs on the Gram matrix (see :func:`enet_path`).
    max_iter : int, default=1000
        Maximum number of coordinate-descent epochs per alpha.
    tol : float, default=1e-4
        Duality-gap tolerance of each fit, as in :class:`ElasticNet`.
    positive : bool, default=False
        Force the coefficients to be non-negative.
    noise_variance : float, default=None
        The noise variance ``sigma^2``.  When None it is estimated: by least
        squares when ``n_samples > n_features + fit_intercept + 4`` (as
        LassoLarsIC, which needs ``n_samples > n_features + fit_intercept``
        and raises otherwise), else by the cross-validated Lasso estimate of
        Reid, Tibshirani and Friedman (2016); see the user guide.

    Attributes
    ----------
    alpha_ : float
        The alpha chosen by the criterion.
    l1_ratio_ : float
        The l1_ratio chosen by the criterion.
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        The grid of alphas (per l1_ratio).
    criterion_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        The criterion at each alpha (per l1_ratio).
    degrees_of_freedom_ : ndarray of the shape of ``criterion_``
        The degrees of freedom used by the criterion.
    noise_variance_ : float
        The noise variance used by the criterion.
    coef_ : ndarray of shape (n_features,)
        Coefficients of the chosen model.
    intercept_ : float
        Intercept of the chosen model.
    dual_gap_ : float
        Duality gap of the chosen model's fit.
    n_iter_ : int
        Coordinate-descent epochs of the chosen model's fit.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit, when X has string column names.

    See Also
    --------
    LassoIC : The Lasso (``l1_ratio=1``).
    ElasticNetCV : alpha chosen by cross-validation.
    sklearn.linear_model.LassoLarsIC : The Lasso by LARS with AIC or BIC.

    References
    ----------
    Zou, Hastie and Tibshirani, "On the degrees of freedom of the lasso",
    Ann. Statist. 35 (2007).  Chen and Chen, "Extended Bayesian information
    criteria for model selection with large model spaces", Biometrika 95
    (2008).  Reid, Tibshirani and Friedman, "A study of error variance
    estimation in lasso regression", Statist. Sinica 26 (2016).

    Examples
    --------
    >>> import numpy as np
    >>> from skreg.linear_model import ElasticNetIC
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 10))
    >>> y = X[:, 0] - 2 * X[:, 3] + 0.1 * rng.standard_normal(100)
    >>> reg = ElasticNetIC(l1_ratio=0.9, criterion="bic").fit(X, y)
    >>> np.flatnonzero(reg.coef_)
    array([0, 3])
    """

    _accepts_sparse_input = False

    _parameter_constraints: dict = {
        "l1_ratio": [Interval(Real, 0, 1, closed="right"), "array-like"],
        "criterion": [StrOptions(set(CRITERIA))],
        **GRID_CONSTRAINTS,
        "fit_intercept": ["boolean"],
        "precompute": [StrOptions({"auto"}), "boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "positive": ["boolean"],
        "noise_variance": [Interval(Real, 0, None, closed="neither"), None],
    }

    def __init__(
        self,
        *,
        l1_ratio=0.5,
        criterion="aic",
        eps=1e-3,
        alphas=100,
        fit_intercept=True,
        precompute="auto",
        max_iter=1000,
        tol=1e-4,
        positive=False,
        noise_variance=None,
    ):
        self.l1_ratio = l1_ratio
        self.criterion = criterion
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.positive = positive
        self.noise_variance = noise_variance

    def _l1_ratios(self):
        l1_ratios = np.atleast_1d(np.asarray(self.l1_ratio, dtype=np.float64))
        if l1_ratios.ndim != 1 or np.any((l1_ratios <= 0) | (l1_ratios > 1)):
            raise ValueError(
                "l1_ratio must be in (0, 1] (a float or a list); "
                f"got {self.l1_ratio!r}."
            )
        return l1_ratios

    def fit(self, X, y):
        """Fit the path, score every alpha, keep the best model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target values.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        l1_ratios = self._l1_ratios()
        X, y = validate_data(
            self, X, y, dtype=FLOAT_DTYPES, y_numeric=True, ensure_min_samples=2
        )
        y = y.astype(X.dtype, copy=False)
        with single_threaded_blas():
            self._fit(X, y, l1_ratios)
        return self

    def _fit(self, X, y, l1_ratios):
        def path(Xc, yc, l1_ratio):
            alphas, coefs, gaps, n_iters = enet_path(
                Xc,
                yc,
                l1_ratio=l1_ratio,
                eps=self.eps,
                alphas=self.alphas,
                precompute=self.precompute,
                max_iter=self.max_iter,
                tol=self.tol,
                positive=self.positive,
                return_n_iter=True,
            )
            return {
                "alphas": alphas,
                "coefs": coefs,
                "n_iter": n_iters,
                "degrees_of_freedom": enet_path_degrees_of_freedom(
                    Xc, coefs, alphas, l1_ratio
                ),
                "dual_gap": gaps,
            }

        l1_ratio, best, fit = fit_by_information_criterion(self, X, y, l1_ratios, path)
        self.l1_ratio_ = float(l1_ratio)
        self.dual_gap_ = float(fit["dual_gap"][best])


class LassoIC(ElasticNetIC):
    """Lasso with alpha chosen by AIC, BIC or EBIC.

    Each candidate minimizes ``1/(2n) ||y - X w - b||_2^2 + alpha * ||w||_1``
    on a grid of alphas; the candidate with the smallest criterion (see
    :class:`ElasticNetIC`, with ``df`` the support size) wins.  Like
    :class:`sklearn.linear_model.LassoLarsIC` with coordinate descent on a
    grid instead of the LARS knots, EBIC added, and a noise variance estimate
    that also works when ``n_samples <= n_features``.

    Parameters
    ----------
    criterion : {"aic", "bic", "ebic"}, default="aic"
    eps : float, default=1e-3
    alphas : int or array-like, default=100
    fit_intercept : bool, default=True
    precompute : "auto" or bool, default="auto"
    max_iter : int, default=1000
    tol : float, default=1e-4
    positive : bool, default=False
    noise_variance : float, default=None

    Attributes
    ----------
    alpha_ : float
    alphas_ : ndarray of shape (n_alphas,)
    criterion_ : ndarray of shape (n_alphas,)
    degrees_of_freedom_ : ndarray of shape (n_alphas,)
    noise_variance_ : float
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    dual_gap_ : float
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)

    Examples
    --------
    >>> import numpy as np
    >>> from skreg.linear_model import LassoIC
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 10))
    >>> y = X[:, 0] - 2 * X[:, 3] + 0.1 * rng.standard_normal(100)
    >>> np.flatnonzero(LassoIC(criterion="bic").fit(X, y).coef_)
    array([0, 3])
    """

    _parameter_constraints: dict = {
        key: value
        for key, value in ElasticNetIC._parameter_constraints.items()
        if key != "l1_ratio"
    }

    def __init__(
        self,
        criterion="aic",
        *,
        eps=1e-3,
        alphas=100,
        fit_intercept=True,
        precompute="auto",
        max_iter=1000,
        tol=1e-4,
        positive=False,
        noise_variance=None,
    ):
        self.criterion = criterion
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.positive = positive
        self.noise_variance = noise_variance

    def _l1_ratios(self):
        return np.array([1.0])

    def fit(self, X, y):
        """Fit the Lasso path, score every alpha, keep the best model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : object
        """
        super().fit(X, y)
        del self.l1_ratio_
        return self
