"""Information criteria (AIC, BIC, EBIC) and the noise variance they need.

Every ``*IC`` estimator evaluates, at each point of its path, the Gaussian
log-likelihood penalized by the model's degrees of freedom ``df``, with the
noise variance ``sigma^2`` held fixed (scikit-learn's
:class:`~sklearn.linear_model.LassoLarsIC` convention)::

    AIC  = n log(2 pi sigma^2) + RSS / sigma^2 + 2 df
    BIC  = n log(2 pi sigma^2) + RSS / sigma^2 + log(n) df
    EBIC = BIC + 2 gamma log(n_features) df

where ``RSS`` is the residual sum of squares of the path point.  EBIC is the
extended BIC of Chen and Chen (2008) for ``n_features >> n_samples`` with
``gamma = 1`` by default: it adds ``2 gamma log`` of the number of models
of size ``df``, bounded by ``n_features^df`` as in most implementations
(abess's, for one).  Their ``gamma = 1`` is a uniform prior over model
sizes rather than over models; it keeps the selection consistent when
``n_features`` grows polynomially in ``n_samples``, as does any ``gamma``
above ``1 - log(n_samples) / (2 log(n_features))``.

``sigma^2`` is given by the user or estimated once per fit by
:func:`estimate_noise_variance`.
"""

import numpy as np

from skreg.linear_model._base import centering_offsets, intercept_from_offsets

CRITERIA = ("aic", "bic", "ebic")


def complexity_penalty(criterion, df, n_samples, n_features, *, gamma=1.0):
    """The penalty added to ``-2 log-likelihood`` for ``df`` degrees of freedom.

    ``gamma`` is EBIC's weight of the model count (``2 gamma log(n_features)``
    per degree of freedom); AIC and BIC ignore it.
    """
    df = np.asarray(df, dtype=np.float64)
    if criterion == "aic":
        return 2.0 * df
    if criterion == "bic":
        return np.log(n_samples) * df
    if criterion == "ebic":
        return (np.log(n_samples) + 2.0 * gamma * np.log(max(n_features, 1))) * df
    raise ValueError(f"criterion must be one of {CRITERIA}; got {criterion!r}.")


def information_criterion(
    criterion, rss, df, *, n_samples, n_features, noise_variance, gamma=1.0
):
    """AIC, BIC or EBIC of path points with residual sums of squares ``rss``.

    Parameters
    ----------
    criterion : {"aic", "bic", "ebic"}
    rss : array-like of shape (n_points,)
        Residual sums of squares ``sum_i (y_i - x_i w - b)^2`` (not divided
        by n).
    df : array-like of shape (n_points,)
        Degrees of freedom of each point (the intercept is not counted).
    n_samples, n_features : int
    noise_variance : float
        The noise variance ``sigma^2`` (> 0).
    gamma : float, default=1.0
        EBIC's weight of the model count (ignored by AIC and BIC).

    Returns
    -------
    criterion : ndarray of shape (n_points,)
        ``n log(2 pi sigma^2) + rss / sigma^2 + penalty(df)``.
    """
    rss = np.asarray(rss, dtype=np.float64)
    return (
        n_samples * np.log(2 * np.pi * noise_variance)
        + rss / noise_variance
        + complexity_penalty(criterion, df, n_samples, n_features, gamma=gamma)
    )


def enet_degrees_of_freedom(X_support, ridge):
    """Unbiased degrees of freedom of an elastic-net fit on its support.

    ``tr(X_A (X_A^T X_A + ridge I)^{-1} X_A^T) = sum_j d_j^2 / (d_j^2 + ridge)``
    with ``d`` the singular values of the (centered) support columns ``X_A``
    and ``ridge = n * alpha * (1 - l1_ratio)`` (Zou, Hastie and Tibshirani,
    2007; Tibshirani and Taylor, 2012).  With ``ridge = 0`` (the Lasso) it is
    the support size (its rank in general position, where the Lasso's
    support never exceeds n).
    """
    n_samples, n_support = X_support.shape
    if n_support == 0:
        return 0.0
    if ridge == 0:
        return float(min(n_support, n_samples))
    # d^2 are the eigenvalues of the smaller of the two Gram matrices.
    small = (
        X_support.T @ X_support if n_support <= n_samples else X_support @ X_support.T
    )
    d2 = np.clip(np.linalg.eigvalsh(small), 0, None)
    return float(np.sum(d2 / (d2 + ridge)))


def enet_path_degrees_of_freedom(Xc, coefs, alphas, l1_ratio):
    """:func:`enet_degrees_of_freedom` at every point of an elastic-net path
    (``coefs`` of shape (n_features, n_alphas), ``Xc`` centered)."""
    n_samples = Xc.shape[0]
    return np.array(
        [
            enet_degrees_of_freedom(
                Xc[:, coef != 0], n_samples * alpha * (1 - l1_ratio)
            )
            for alpha, coef in zip(alphas, coefs.T, strict=True)
        ]
    )


def estimate_noise_variance(X, y, *, fit_intercept, positive=False):
    """An estimate of the noise variance that needs no oracle.

    ``X`` and ``y`` are centered already when ``fit_intercept`` is True.

    * when least squares leaves at least 5 degrees of freedom to the
      residuals (``n_samples >= rank(X) + fit_intercept + 5``): the unbiased
      estimate ``RSS_ols / (n - rank(X) - fit_intercept)``, as
      scikit-learn's :class:`~sklearn.linear_model.LassoLarsIC`
      (non-negative least squares when ``positive``);
    * otherwise: the cross-validated Lasso estimate of
      Reid, Tibshirani and Friedman (2016),
      ``RSS_cv / (n - s_cv - fit_intercept)`` where the Lasso's alpha is
      chosen by 10-fold cross-validation (unshuffled folds, so the estimate
      is deterministic) and ``s_cv`` is its support size.  Their study
      finds it the most reliable of the estimators that need no knowledge
      of the true model, across sparsity and signal-to-noise levels.  Near
      interpolation (``s_cv`` close to n) the ratio of two vanishing numbers
      is unstable, so the cross-validated choice is restricted to the
      alphas whose support has at most ``n / 2`` features (measured on the
      n=100, p=1000 design of ``benchmarks/bench_selection.py``: over 12
      seeds the unrestricted estimate ranged from 0.04 to 2.8 times the
      true variance, the restricted one from 0.9 to 2.8 times).

    Returns
    -------
    noise_variance : float
        Strictly positive (a floor of ``1e-12`` times the variance of y
        keeps the criteria finite on noiseless data).
    """
    n_samples, n_features = X.shape
    floor = 1e-12 * max(float(np.var(y)), np.finfo(np.float64).tiny)
    if n_samples > n_features + fit_intercept:
        if positive:
            from scipy.optimize import nnls

            coef = nnls(X, y)[0]
            rank = n_features
        else:
            coef, _, rank, _ = np.linalg.lstsq(X, y, rcond=None)
        dof = n_samples - rank - fit_intercept
        if dof >= 5:
            residual = y - X @ coef
            return max(float(residual @ residual) / dof, floor)
    return max(
        _cv_lasso_noise_variance(X, y, fit_intercept=fit_intercept, positive=positive),
        floor,
    )


def _cv_lasso_noise_variance(X, y, *, fit_intercept, positive):
    # Imported here: the Lasso module imports nothing from this one, and
    # the estimate is only needed when least squares cannot provide it.
    from sklearn.model_selection import KFold

    from skreg.linear_model._lasso import LassoCV, lasso_path

    n_samples = X.shape[0]
    cv = LassoCV(
        cv=KFold(n_splits=min(10, n_samples)),
        fit_intercept=fit_intercept,
        positive=positive,
    ).fit(X, y)
    alphas, coefs, _ = lasso_path(X, y, alphas=cv.alphas_, positive=positive)
    support_sizes = np.count_nonzero(coefs, axis=0)
    residuals = y[:, None] - X @ coefs
    rss = np.einsum("ij,ij->j", residuals, residuals)
    # Near interpolation RSS / (n - s) is the ratio of two vanishing numbers:
    # the CV choice is restricted to supports leaving half the samples.
    allowed = np.flatnonzero(support_sizes <= n_samples / 2)
    best = allowed[np.argmin(cv.mse_path_.mean(axis=1)[allowed])]
    dof = max(n_samples - support_sizes[best] - fit_intercept, 1)
    return float(rss[best]) / dof


def fit_by_information_criterion(estimator, X, y, shapes, path):
    """Fit one path per shape parameter, keep the point of least criterion.

    What every ``*IC`` estimator over a path of alphas shares: center the
    data (``estimator.fit_intercept``), take ``estimator.noise_variance`` or
    estimate it (:func:`estimate_noise_variance`), score every point of
    every path by ``estimator.criterion`` and set the fitted attributes of
    the winner: ``noise_variance_``, ``alpha_``, ``alphas_``,
    ``criterion_``, ``degrees_of_freedom_`` (the last three of shape
    ``(n_alphas,)`` for one shape, ``(n_shapes, n_alphas)`` for several, as
    scikit-learn's :class:`~sklearn.linear_model.ElasticNetCV` with a list
    of ``l1_ratio``), ``coef_``, ``intercept_`` and ``n_iter_``.

    Parameters
    ----------
    estimator : the ``*IC`` estimator being fitted
    X, y : validated ndarrays (X of a float dtype)
    shapes : sequence of the shape parameters (``l1_ratio``, ``gamma``)
    path : callable ``path(Xc, yc, shape) -> dict``
        The path on the centered data, with keys ``alphas``, ``coefs``
        (n_features, n_alphas), ``n_iter`` and ``degrees_of_freedom`` (per
        alpha); other keys are returned with the winner.

    Returns
    -------
    shape : the winning shape parameter
    index : int
        The winning alpha's index on its path.
    fit : dict
        The winning path as ``path`` returned it.
    """
    n_samples, n_features = X.shape
    X_offset, y_offset = centering_offsets(X, y, fit_intercept=estimator.fit_intercept)
    Xc = np.asfortranarray(X - X_offset)
    yc = np.ascontiguousarray(y - y_offset)
    if estimator.noise_variance is None:
        estimator.noise_variance_ = estimate_noise_variance(
            Xc.astype(np.float64),
            yc.astype(np.float64),
            fit_intercept=estimator.fit_intercept,
            positive=estimator.positive,
        )
    else:
        estimator.noise_variance_ = float(estimator.noise_variance)
    fits, criteria = [], []
    for shape in shapes:
        fit = path(Xc, yc, shape)
        coefs = np.asarray(fit["coefs"], dtype=np.float64)
        residuals = yc[:, None] - Xc @ coefs
        rss = np.einsum("ij,ij->j", residuals, residuals)
        criteria.append(
            information_criterion(
                estimator.criterion,
                rss,
                fit["degrees_of_freedom"],
                n_samples=n_samples,
                n_features=n_features,
                noise_variance=estimator.noise_variance_,
            )
        )
        fits.append(fit)
    criteria = np.asarray(criteria)
    i, j = np.unravel_index(np.argmin(criteria), criteria.shape)
    fit = fits[i]

    def stacked(key):
        values = [np.asarray(f[key], dtype=np.float64) for f in fits]
        return values[0] if len(fits) == 1 else np.asarray(values)

    estimator.alpha_ = float(fit["alphas"][j])
    estimator.alphas_ = stacked("alphas")
    estimator.criterion_ = criteria[0] if len(fits) == 1 else criteria
    estimator.degrees_of_freedom_ = stacked("degrees_of_freedom")
    estimator.coef_ = np.asarray(fit["coefs"])[:, j].astype(X.dtype)
    estimator.intercept_ = intercept_from_offsets(
        estimator.coef_, X_offset, y_offset, estimator.fit_intercept
    )
    estimator.n_iter_ = int(fit["n_iter"][j])
    return shapes[i], int(j), fit
