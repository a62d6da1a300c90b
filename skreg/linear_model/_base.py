"""Shared preprocessing for the linear models.

Data flow: estimator -> (this module) validate, rescale sample weights,
compute centering offsets, alpha_max -> kernel -> (this module) recover the
intercept, evaluate the objective.  Estimators call these helpers instead of
re-deriving them, so every linear model centers, weights and scales alike.

Conventions
-----------
* ``sample_weight`` is rescaled to sum to ``n_samples``
  (:func:`rescale_sample_weight`), so the ``1/(2n)`` data-fit of Lasso,
  ElasticNet and L0Regressor keeps its meaning with weights (scikit-learn's
  convention for Lasso/ElasticNet).
* Centering is implicit where it can be: :func:`centering_offsets` returns the
  weighted column means of X and the weighted mean of y without touching X,
  so sparse X is never densified and dense X is not copied; kernels that need
  centered columns subtract the offsets on the fly.
* The intercept is never penalized: it is recovered after the fit as
  ``y_offset - X_offset @ coef`` (:func:`intercept_from_offsets`).
"""

import numpy as np
from scipy import sparse


def rescale_sample_weight(sample_weight, n_samples):
    """Return ``sample_weight`` scaled to sum to ``n_samples`` (None stays None).

    Raises
    ------
    ValueError
        If the weights are negative or sum to zero.
    """
    if sample_weight is None:
        return None
    sample_weight = np.asarray(sample_weight, dtype=np.float64)
    if np.any(sample_weight < 0):
        raise ValueError("Negative values in sample_weight are not allowed.")
    total = sample_weight.sum()
    if total <= 0:
        raise ValueError("The sample weights must not all be zero.")
    return sample_weight * (n_samples / total)


def centering_offsets(X, y, *, fit_intercept, sample_weight=None):
    """Weighted column means of X and weighted mean of y.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
    fit_intercept : bool
        When False both offsets are zero (no centering).
    sample_weight : ndarray of shape (n_samples,) or None

    Returns
    -------
    X_offset : ndarray of shape (n_features,), dtype of X
    y_offset : float or ndarray of shape (n_targets,), dtype of X
    """
    dtype = X.dtype
    n_features = X.shape[1]
    if not fit_intercept:
        y_offset = np.zeros(y.shape[1:], dtype=dtype)
        return np.zeros(n_features, dtype=dtype), y_offset[
            ()
        ] if y.ndim == 1 else y_offset
    if sample_weight is None:
        X_offset = np.asarray(X.mean(axis=0)).ravel()
        y_offset = y.mean(axis=0)
    else:
        total = sample_weight.sum()
        X_offset = np.asarray(X.T @ sample_weight).ravel() / total
        y_offset = sample_weight @ y / total
    return X_offset.astype(dtype, copy=False), np.asarray(y_offset, dtype=dtype)[()]


def intercept_from_offsets(coef, X_offset, y_offset, fit_intercept):
    """Unpenalized intercept ``y_offset - X_offset @ coef`` (0 without intercept).

    ``coef`` has shape (n_features,) or (n_targets, n_features).
    """
    if not fit_intercept:
        return (
            np.zeros(np.shape(y_offset), dtype=coef.dtype)[()]
            if np.ndim(y_offset)
            else coef.dtype.type(0.0)
        )
    return y_offset - coef @ X_offset


def column_squared_norms(X, X_offset=None, sample_weight=None):
    """Weighted squared norms of the (implicitly centered) columns of X.

    ``sum_i s_i (X_ij - X_offset_j)^2`` without forming the centered matrix.
    """
    s = np.ones(X.shape[0], dtype=X.dtype) if sample_weight is None else sample_weight
    if sparse.issparse(X):
        sq = np.asarray(X.multiply(X).T @ s).ravel()
        lin = np.asarray(X.T @ s).ravel()
    else:
        sq = s @ (X * X)
        lin = s @ X
    if X_offset is None:
        return sq
    return sq - 2 * X_offset * lin + X_offset**2 * s.sum()


def residual_correlations(X, residual, X_offset=None, sample_weight=None):
    """``X_c^T (s * residual)`` for the implicitly centered X_c = X - X_offset."""
    r = residual if sample_weight is None else sample_weight * residual
    corr = np.asarray(X.T @ r).ravel() if residual.ndim == 1 else np.asarray(X.T @ r)
    if X_offset is not None:
        corr = corr - np.multiply.outer(X_offset, r.sum(axis=0)).reshape(corr.shape)
    return corr


def enet_alpha_max(X, y, *, l1_ratio=1.0, fit_intercept=True, sample_weight=None):
    """Smallest alpha for which the elastic net's solution is all zeros.

    ``max_j |x_j^T s (y - y_offset)| / (n * l1_ratio)`` with x_j centered when
    fitting an intercept and ``sample_weight`` s rescaled to sum to n. For a
    2-D y, the maximum over targets of the row norms (multi-task style is not
    used: each target is its own problem, so the largest per-target value).
    """
    n_samples = X.shape[0]
    sw = rescale_sample_weight(sample_weight, n_samples)
    X_offset, y_offset = centering_offsets(
        X, y, fit_intercept=fit_intercept, sample_weight=sw
    )
    corr = residual_correlations(
        X, y - y_offset, X_offset if fit_intercept else None, sw
    )
    if l1_ratio <= 0:
        raise ValueError("alpha_max is infinite for l1_ratio=0 (pure L2 penalty).")
    return float(np.max(np.abs(corr))) / (n_samples * l1_ratio)


def enet_objective(X, y, coef, intercept, alpha, l1_ratio=1.0, sample_weight=None):
    """Primal elastic-net objective for one target.

    ``1/(2n) sum_i s_i (y_i - x_i w - b)^2 + alpha l1_ratio ||w||_1
    + alpha (1 - l1_ratio) / 2 ||w||_2^2`` with s rescaled to sum to n.
    """
    n_samples = X.shape[0]
    residual = y - X @ coef - intercept
    sw = rescale_sample_weight(sample_weight, n_samples)
    datafit = (residual @ residual if sw is None else sw @ residual**2) / (
        2 * n_samples
    )
    penalty = alpha * (
        l1_ratio * np.abs(coef).sum() + 0.5 * (1 - l1_ratio) * coef @ coef
    )
    return float(datafit + penalty)
