"""Shared preprocessing for the linear models.

Data flow: estimator -> (this module) validate, rescale sample weights,
compute centering offsets, alpha_max, the centered Gram -> kernel -> (this
module) recover the intercept, predict.  Estimators call these helpers
instead of re-deriving them, so every linear model centers, weights and
scales alike: one predict mixin, one alpha_max, one guarded centered Gram,
one power iteration, one set of float dtypes.

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
from scipy.linalg import blas
from sklearn.utils import check_random_state
from sklearn.utils.validation import assert_all_finite, check_is_fitted, validate_data

# The dtypes every linear model computes in (others are converted to float64).
FLOAT_DTYPES = (np.float64, np.float32)


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


# Largest binary exponent of data solved as given; beyond it (2**32 in
# float64, 2**8 in float32, either way) a solver works on data rescaled by a
# power of two, which is exact in binary floating point.
_SAFE_EXPONENT = {np.dtype(np.float64): 32, np.dtype(np.float32): 8}


def power_of_two_scale(magnitude, dtype):
    """A power of two bringing ``magnitude`` near 1 when it lies outside the
    safe range of ``dtype``, else 1 (so ordinary data is solved bit for bit
    as given)."""
    if not (magnitude > 0 and np.isfinite(magnitude)):
        return 1.0
    exponent = int(np.frexp(magnitude)[1])
    if abs(exponent) <= _SAFE_EXPONENT[np.dtype(dtype)]:
        return 1.0
    return float(np.ldexp(1.0, -exponent))


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


def alpha_max(
    X, y, *, l1_ratio=1.0, fit_intercept=True, sample_weight=None, positive=False
):
    """Smallest alpha for which the elastic net's solution is all zeros.

    ``max_j |x_j^T s (y - y_offset)| / (sum(s) * l1_ratio)`` (the maximum of
    the signed correlations with ``positive``), with ``x_j`` centered when
    fitting an intercept: the quadratic datafit's gradient at zero measured
    in the dual norm of the penalty.  ``sample_weight`` need not be rescaled
    (the ratio does not depend on its scale).  For a 2-D y, the largest
    value over the targets.

    Raises
    ------
    ValueError
        For ``l1_ratio <= 0``: without an L1 part no finite alpha zeroes w.
    """
    if l1_ratio <= 0:
        raise ValueError("alpha_max is infinite for l1_ratio=0 (pure L2 penalty).")
    sw = sample_weight
    X_offset, y_offset = centering_offsets(
        X, y, fit_intercept=fit_intercept, sample_weight=sw
    )
    yc = y - y_offset
    yw = yc if sw is None else (yc.T * sw).T
    Xy = np.asarray(X.T @ yw, dtype=np.float64)
    Xy = Xy.reshape(X.shape[1], -1)
    if fit_intercept:
        Xy = Xy - np.multiply.outer(X_offset, np.atleast_1d(np.sum(yw, axis=0)))
    n = X.shape[0] if sw is None else sw.sum()
    top = max(0.0, float(np.max(Xy))) if positive else float(np.max(np.abs(Xy)))
    return top / (n * l1_ratio)


# Largest ratio ||x_j||^2 / ||x_j - mean_j||^2 for which the Gram matrix is
# centered by the rank-one correction: the correction subtracts two numbers
# of size ||x_j||^2, so about log10(ratio) digits are lost.  1e4 keeps ~12
# digits in float64, 10 keeps ~6 in float32; beyond that X is centered
# explicitly (one copy) before the product.
MAX_CANCELLATION = {np.dtype(np.float64): 1e4, np.dtype(np.float32): 10.0}


def offsets_dominate(X, X_offset, ratio):
    """Whether dense X has a column whose mean is more than ``ratio`` times
    its range (sparse X is never centered explicitly: it would densify)."""
    if sparse.issparse(X) or not np.any(X_offset):
        return False
    spread = X.max(axis=0) - X.min(axis=0)
    return bool(np.any(np.abs(X_offset) > ratio * spread))


def needs_explicit_centering(raw_diag, centered_diag, dtype):
    """Whether centering by a rank-one correction cancelled too many digits."""
    limit = MAX_CANCELLATION[np.dtype(dtype)]
    tiny = np.finfo(dtype).tiny
    return bool(np.any(raw_diag > limit * np.maximum(centered_diag, tiny)))


def raise_if_gram_not_finite(diagonal, X):
    """The Gram diagonal sums every squared entry of X: it is finite iff X is
    (barring overflow), so the usual finiteness pass over X is skipped."""
    if np.isfinite(diagonal).all():
        return
    assert_all_finite(X, input_name="X")
    raise ValueError(
        "The Gram matrix X^T X overflowed; rescale the features of X "
        "(e.g. with StandardScaler) before fitting."
    )


def _symmetric_product(Xw):
    """``Xw^T Xw`` as a full symmetric array.

    For dense X one SYRK straight on the Fortran-ordered array (no copy;
    numpy's ``X.T @ X`` measured 20x slower on 100000 x 100).
    """
    if sparse.issparse(Xw):
        return np.asarray((Xw.T @ Xw).toarray())
    if Xw.dtype not in FLOAT_DTYPES:
        return np.asarray(Xw.T @ Xw)
    syrk = blas.dsyrk if Xw.dtype == np.float64 else blas.ssyrk
    upper = syrk(1.0, np.asfortranarray(Xw), trans=1)
    return np.triu(upper) + np.triu(upper, 1).T


def centered_gram(Xw, X_offset, d=None, *, dual=False):
    """Gram matrix of the implicitly centered design ``Xc = Xw - d X_offset^T``.

    ``Xw`` is the row-weighted design ``D X`` (X itself without weights),
    ``d`` the row weights (the square roots of the sample weights; ones when
    None) and ``X_offset`` the ``d**2``-weighted column means, so that
    ``Xw^T d = (d.d) X_offset``.  Returns ``Xc^T Xc`` (``dual=False``) or
    ``Xc Xc^T`` (``dual=True``) as a dense array: one symmetric product on
    the uncentered ``Xw``, then the rank-one centering correction; dense X is
    centered explicitly (one copy) only when that correction would cancel
    too many digits (:func:`needs_explicit_centering`).
    """
    is_sparse = sparse.issparse(Xw)
    if dual:
        gram = Xw @ Xw.T
        gram = np.asarray(gram.toarray() if is_sparse else gram)
    else:
        gram = _symmetric_product(Xw)
    raw_diag = gram.diagonal().copy()
    raise_if_gram_not_finite(raw_diag, Xw)
    if not np.any(X_offset):
        return gram
    if d is None:
        d = np.ones(Xw.shape[0], dtype=Xw.dtype)
    if dual:
        # Xc Xc^T = K - u d^T - d u^T + (m.m) d d^T with u = Xw m.
        u = np.asarray(Xw @ X_offset).ravel()
        gram -= np.multiply.outer(u, d).astype(gram.dtype, copy=False)
        gram -= np.multiply.outer(d, u).astype(gram.dtype, copy=False)
        gram += ((X_offset @ X_offset) * np.multiply.outer(d, d)).astype(
            gram.dtype, copy=False
        )
    else:
        # Xc^T Xc = Xw^T Xw - (d.d) m m^T  (since Xw^T d = (d.d) m).
        dd = float(np.einsum("i,i->", d, d, dtype=np.float64))
        gram -= (dd * np.multiply.outer(X_offset, X_offset)).astype(
            gram.dtype, copy=False
        )
    if is_sparse or not needs_explicit_centering(raw_diag, gram.diagonal(), Xw.dtype):
        return gram
    # Large offsets: recompute from the explicitly centered design.
    Xc = Xw - np.multiply.outer(d, X_offset).astype(Xw.dtype, copy=False)
    return Xc @ Xc.T if dual else _symmetric_product(Xc)


def largest_eigenvalue(
    apply_gram, n_features, *, dtype=np.float64, random_state=0, max_iter=50, rtol=1e-6
):
    """Largest eigenvalue of the PSD operator ``apply_gram`` by power iteration.

    Stops when two successive estimates ``||A v||`` agree to ``rtol``.  The
    estimate approaches the eigenvalue from below: callers that need an upper
    bound (a safe step 1/L) inflate it.
    """
    rng = check_random_state(random_state)
    v = rng.standard_normal(n_features).astype(dtype)
    v /= np.linalg.norm(v)
    estimate = 0.0
    for _ in range(max_iter):
        w = apply_gram(v)
        norm = float(np.linalg.norm(w))
        if norm == 0.0:
            return 0.0
        previous, estimate = estimate, norm
        v = w / norm
        if abs(estimate - previous) <= rtol * estimate:
            break
    return estimate


class LinearPredictMixin:
    """``predict = X @ coef_.T + intercept_`` for dense and sparse X.

    A model whose ``fit`` takes dense X only sets ``_accepts_sparse_input =
    False``: ``predict`` and the ``sparse`` input tag then follow it.
    """

    _accepts_sparse_input = True

    def predict(self, X):
        """Predict with the fitted linear model: ``X @ coef_.T + intercept_``.

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
            accept_sparse=["csr", "csc", "coo"]
            if self._accepts_sparse_input
            else False,
            dtype=FLOAT_DTYPES,
            reset=False,
        )
        return np.asarray(X @ np.asarray(self.coef_).T) + self.intercept_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = self._accepts_sparse_input
        return tags
