"""MinMaxScaler and StandardScaler: drop-in, faster versions of scikit-learn's.

The fit statistics come from one pass over X in its own memory order
(:mod:`skreg._scale`), and transform is one fused pass that writes the output
and detects infinite input at the same time, so neither needs the extra
passes and temporaries that scikit-learn's NumPy code makes.
"""

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import (
    _check_sample_weight,
    check_array,
    check_is_fitted,
    validate_data,
)

from skreg import _scale
from skreg.utils import ProgressMixin

# The dtypes kept as they are (others are converted to the first), as in
# scikit-learn; float16 is computed in float32, the kernels' smallest type.
_FLOAT_DTYPES = (np.float64, np.float32, np.float16)


def _reject_infinite(X):
    """Raise the error scikit-learn raises for infinite input."""
    raise ValueError(f"Input X contains infinity or a value too large for {X.dtype!r}.")


def _contiguous(X):
    """Return X if the kernels can read it in place, else a C-ordered copy."""
    if X.flags.c_contiguous or X.flags.f_contiguous:
        return X
    return np.ascontiguousarray(X)


def _kernel_input(X):
    """X in a dtype the kernels take: float16 is widened to float32."""
    return X.astype(np.float32) if X.dtype == np.float16 else _contiguous(X)


def _in_float32(X, copy, apply):
    """Run ``apply(X, copy)`` on float16 X in float32; return float16.

    With ``copy=False`` and a writeable X, the result is written into X.
    """
    out = apply(X.astype(np.float32), False).astype(np.float16)
    if not copy and X.flags.writeable:
        X[...] = out
        return X
    return out


def _output_like(X, copy):
    """The array a transform writes into: X itself when allowed, else new."""
    if (
        not copy
        and X.flags.writeable
        and (X.flags.c_contiguous or X.flags.f_contiguous)
    ):
        return _contiguous(X), X
    X = _contiguous(X)
    return X, np.empty_like(X)


def _handle_zeros_in_scale(scale, constant_mask=None):
    """Replace (near-)zero scales by 1 so constant features stay finite."""
    scale = np.array(scale, copy=True)
    if constant_mask is None:
        constant_mask = scale < 10 * np.finfo(scale.dtype).eps
    scale[constant_mask] = 1.0
    return scale


def _is_constant_feature(var, mean, n_samples):
    """Whether a variance is within the rounding error of the two-pass formula.

    Chan, Golub & LeVeque bound the error of the computed variance by about
    ``n eps var + (n eps mean)^2``; a variance below that bound cannot be
    told apart from zero (the rule scikit-learn uses).
    """
    eps = np.finfo(np.float64).eps
    upper_bound = n_samples * eps * var + (n_samples * mean * eps) ** 2
    return var <= upper_bound


class MinMaxScaler(
    ProgressMixin, OneToOneFeatureMixin, TransformerMixin, BaseEstimator
):
    """Scale each feature to a given range (the note's min-max normalization).

    Each feature is mapped by ``x' = (x - min) / (max - min)`` onto [0, 1]
    and then onto ``feature_range``::

        X_scaled = X * scale_ + min_
        scale_ = (max_r - min_r) / (data_max_ - data_min_)
        min_ = min_r - data_min_ * scale_

    NaN is ignored when fitting and kept as NaN by ``transform``. A feature
    whose range is (numerically) zero gets ``scale_ = 1`` so it stays finite.
    Same parameters, attributes and results as
    :class:`sklearn.preprocessing.MinMaxScaler`.

    Parameters
    ----------
    feature_range : tuple (min_r, max_r), default=(0, 1)
        Desired range of the transformed data.
    copy : bool, default=True
        If False, transform in place when X is a writeable float array.
    clip : bool, default=False
        Clip transformed values of held-out data to ``feature_range``.

    Attributes
    ----------
    min_ : ndarray of shape (n_features,)
        Per-feature offset, ``min_r - data_min_ * scale_``.
    scale_ : ndarray of shape (n_features,)
        Per-feature relative scaling of the data.
    data_min_ : ndarray of shape (n_features,)
        Per-feature minimum seen in the data (NaN ignored).
    data_max_ : ndarray of shape (n_features,)
        Per-feature maximum seen in the data (NaN ignored).
    data_range_ : ndarray of shape (n_features,)
        ``data_max_ - data_min_``.
    n_samples_seen_ : int
        Number of samples processed; reset by ``fit``, grown by
        ``partial_fit``.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Feature names seen during fit, when X has string column names.

    See Also
    --------
    StandardScaler : Remove the mean and scale to unit variance.

    Examples
    --------
    >>> from skreg import MinMaxScaler
    >>> MinMaxScaler().fit_transform([[-1.0, 2.0], [0.0, 6.0], [1.0, 10.0]])
    array([[0. , 0. ],
           [0.5, 0.5],
           [1. , 1. ]])
    """

    _parameter_constraints: dict = {
        "feature_range": [tuple],
        "copy": ["boolean"],
        "clip": ["boolean"],
    }

    def __init__(self, feature_range=(0, 1), *, copy=True, clip=False):
        self.feature_range = feature_range
        self.copy = copy
        self.clip = clip

    def _reset(self):
        for attr in (
            "scale_",
            "min_",
            "n_samples_seen_",
            "data_min_",
            "data_max_",
            "data_range_",
        ):
            if hasattr(self, attr):
                delattr(self, attr)

    def fit(self, X, y=None):
        """Compute the per-feature minimum and maximum.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data; NaN is ignored.
        y : None
            Ignored.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._reset()
        return self.partial_fit(X, y)

    def _validate_range(self):
        low, high = self.feature_range
        if low >= high:
            raise ValueError(
                "Minimum of desired feature range must be smaller than maximum. "
                f"Got {self.feature_range}."
            )
        return low, high

    def _validate_fit_input(self, X, reset):
        if sparse.issparse(X):
            raise TypeError(
                "MinMaxScaler does not support sparse input. "
                "Consider using MaxAbsScaler instead."
            )
        # Infinity is detected by the kernel for free (it surfaces as an
        # infinite min or max), so the separate finiteness pass is skipped.
        X = validate_data(
            self, X, reset=reset, dtype=_FLOAT_DTYPES, ensure_all_finite=False
        )
        return X if X.dtype == np.float16 else _contiguous(X)

    def partial_fit(self, X, y=None):
        """Update the minimum and maximum with a batch of samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            A batch of training data; NaN is ignored.
        y : None
            Ignored.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._validate_params()
        low, high = self._validate_range()
        first_pass = not hasattr(self, "n_samples_seen_")
        X = self._validate_fit_input(X, reset=first_pass)
        with self._fit_progress(X, n_steps=0):
            self._update(X, low, high, first_pass)
        return self

    def _update(self, X, low, high, first_pass):
        with np.errstate(invalid="ignore"):
            data_min, data_max = _scale.column_min_max(_kernel_input(X))
        # The extremes are values of X: exact in its own dtype.
        data_min, data_max = data_min.astype(X.dtype), data_max.astype(X.dtype)
        if np.isinf(data_min).any() or np.isinf(data_max).any():
            _reject_infinite(X)
        if first_pass:
            self.n_samples_seen_ = X.shape[0]
        else:
            data_min = np.fmin(self.data_min_, data_min)
            data_max = np.fmax(self.data_max_, data_max)
            self.n_samples_seen_ += X.shape[0]
        data_range = data_max - data_min
        dtype = X.dtype
        self.scale_ = (np.asarray(high, dtype=dtype) - np.asarray(low, dtype=dtype)) / (
            _handle_zeros_in_scale(data_range)
        )
        self.min_ = np.asarray(low, dtype=dtype) - data_min * self.scale_
        self.data_min_ = data_min
        self.data_max_ = data_max
        self.data_range_ = data_range

    def fit_transform(self, X, y=None):
        """Fit to X, then scale it; one validation, one pass each way.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : None
            Ignored.

        Returns
        -------
        X_tr : ndarray of shape (n_samples, n_features)
            Scaled data.
        """
        self._reset()
        self._validate_params()
        low, high = self._validate_range()
        X = self._validate_fit_input(X, reset=True)
        with self._fit_progress(X, n_steps=0):
            self._update(X, low, high, first_pass=True)
        return self._apply(X, copy=self.copy)

    def transform(self, X):
        """Scale X onto ``feature_range``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Data to scale; NaN stays NaN.

        Returns
        -------
        X_tr : ndarray of shape (n_samples, n_features)
            Scaled data.
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, reset=False, dtype=_FLOAT_DTYPES, ensure_all_finite=False
        )
        return self._apply(X, copy=self.copy)

    def _apply(self, X, copy):
        if X.dtype == np.float16:
            return _in_float32(X, copy, self._apply)
        X, out = _output_like(X, copy)
        dtype = X.dtype
        clip_range = self.feature_range if self.clip else None
        seen_inf = _scale.multiply_add(
            X,
            out,
            np.ascontiguousarray(self.scale_, dtype=dtype),
            np.ascontiguousarray(self.min_, dtype=dtype),
            clip_range,
        )
        if seen_inf:
            _reject_infinite(X)
        return out

    def inverse_transform(self, X):
        """Undo the scaling: ``X_original = (X - min_) / scale_``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Scaled data.

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
            Data in the original units.
        """
        check_is_fitted(self)
        X = check_array(X, dtype=_FLOAT_DTYPES, ensure_all_finite=False)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {X.shape[1]} features, but MinMaxScaler is expecting "
                f"{self.n_features_in_} features as input."
            )
        return self._unapply(X, self.copy)

    def _unapply(self, X, copy):
        if X.dtype == np.float16:
            return _in_float32(X, copy, self._unapply)
        X, out = _output_like(X, copy)
        dtype = X.dtype
        if _scale.subtract_divide(
            X,
            out,
            np.ascontiguousarray(self.min_, dtype=dtype),
            np.ascontiguousarray(self.scale_, dtype=dtype),
        ):
            _reject_infinite(X)
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


class StandardScaler(
    ProgressMixin, OneToOneFeatureMixin, TransformerMixin, BaseEstimator
):
    """Standardize features: the note's ``x' = (x - mu) / sigma``.

    ``mu`` is the (weighted) mean of each feature and ``sigma`` its
    (weighted, population) standard deviation, both computed with NaN ignored
    in one numerically stable pass (blockwise corrected two-pass sums merged
    with Chan, Golub & LeVeque's update), so a feature with mean 1e9 and
    standard deviation 1 keeps its variance to ~1e-10 relative error.
    A feature whose variance is indistinguishable from zero gets
    ``scale_ = 1``. Same parameters, attributes and results as
    :class:`sklearn.preprocessing.StandardScaler`.

    Parameters
    ----------
    copy : bool, default=True
        If False, transform in place when X is a writeable float array.
    with_mean : bool, default=True
        Center the data. Must be False for sparse input (centering would
        make it dense).
    with_std : bool, default=True
        Scale the data to unit variance.

    Attributes
    ----------
    scale_ : ndarray of shape (n_features,) or None
        Per-feature scaling, ``sqrt(var_)`` with zeros replaced by 1; None
        when ``with_std=False``.
    mean_ : ndarray of shape (n_features,) or None
        Per-feature mean; None when ``with_mean=False`` and
        ``with_std=False``.
    var_ : ndarray of shape (n_features,) or None
        Per-feature variance; None when ``with_std=False``.
    n_samples_seen_ : int or ndarray of shape (n_features,)
        Number of samples (total weight with ``sample_weight``) seen per
        feature, NaN excluded; a single int when it is the same for all.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Feature names seen during fit, when X has string column names.

    See Also
    --------
    MinMaxScaler : Scale each feature to a given range.

    Examples
    --------
    >>> from skreg import StandardScaler
    >>> StandardScaler().fit_transform([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.0]])
    array([[-1., -1.],
           [-1., -1.],
           [ 1.,  1.],
           [ 1.,  1.]])
    """

    _parameter_constraints: dict = {
        "copy": ["boolean"],
        "with_mean": ["boolean"],
        "with_std": ["boolean"],
    }

    def __init__(self, *, copy=True, with_mean=True, with_std=True):
        self.with_mean = with_mean
        self.with_std = with_std
        self.copy = copy

    def _reset(self):
        for attr in ("scale_", "n_samples_seen_", "mean_", "var_"):
            if hasattr(self, attr):
                delattr(self, attr)

    def fit(self, X, y=None, sample_weight=None):
        """Compute the mean and standard deviation of each feature.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; NaN is ignored.
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None
            Individual weights for each sample.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._reset()
        return self.partial_fit(X, y, sample_weight)

    def _reject_sparse_centering(self, verb="center"):
        raise ValueError(
            f"Cannot {verb} sparse matrices: pass `with_mean=False` instead. "
            "See docstring for motivation and alternatives."
        )

    def partial_fit(self, X, y=None, sample_weight=None):
        """Update the mean and variance with a batch of samples.

        The batch statistics are merged exactly with the previous ones
        (Chan, Golub & LeVeque), so fitting in chunks gives the statistics of
        the whole data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            A batch of training data; NaN is ignored.
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None
            Individual weights for each sample.

        Returns
        -------
        self : object
            Fitted scaler.
        """
        self._validate_params()
        first_call = not hasattr(self, "n_samples_seen_")
        X = validate_data(
            self,
            X,
            accept_sparse=("csr", "csc"),
            dtype=_FLOAT_DTYPES,
            ensure_all_finite=False,
            reset=first_call,
        )
        with self._fit_progress(
            X, n_steps=0, metadata={"sample_weight": sample_weight}
        ):
            self._update(X, sample_weight, first_call)
        return self

    def _update(self, X, sample_weight, first_call):
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
        if sparse.issparse(X):
            if self.with_mean:
                self._reject_sparse_centering()
            if not np.isfinite(X.data[~np.isnan(X.data)]).all():
                _reject_infinite(X)
            count, mean, m2 = _sparse_count_mean_m2(X, sample_weight)
        else:
            X_kernel = _kernel_input(X)
            weights = (
                None
                if sample_weight is None
                else sample_weight.astype(X_kernel.dtype, copy=False)
            )
            with np.errstate(invalid="ignore"):
                count, mean, m2 = _scale.column_mean_m2(X_kernel, weights)
            seen = count > 0
            if not (np.isfinite(mean[seen]).all() and np.isfinite(m2[seen]).all()):
                _reject_infinite(X)

        if first_call:
            total, new_mean, new_m2 = count, mean, m2
        else:
            total, new_mean, new_m2 = _merge_statistics(
                np.broadcast_to(self.n_samples_seen_, count.shape).astype(float),
                self._mean_accumulator,
                self._m2_accumulator,
                count,
                mean,
                m2,
            )
        self._mean_accumulator = new_mean
        self._m2_accumulator = new_m2

        if sample_weight is None:
            n_seen = np.rint(total).astype(np.int64)
        elif not (self.with_mean or self.with_std or sparse.issparse(X)):
            # scikit-learn counts dense samples (non-missing, unweighted)
            # when it computes no statistic, weights or not (sparse ones
            # it sums the weights of, as below).
            n_seen = _non_missing_counts(X)
            if not first_call:
                n_seen = n_seen + np.asarray(self.n_samples_seen_, dtype=np.int64)
        else:
            n_seen = total.astype(X.dtype)
        self.n_samples_seen_ = (
            n_seen[0] if n_seen.size and (n_seen == n_seen[0]).all() else n_seen
        )

        if self.with_std or self.with_mean:
            if sparse.issparse(X) and not self.with_std:
                self.mean_ = None
            else:
                self.mean_ = new_mean.copy()
        else:
            self.mean_ = None
        if self.with_std:
            with np.errstate(invalid="ignore", divide="ignore"):
                self.var_ = new_m2 / total
            constant = _is_constant_feature(self.var_, self.mean_, total)
            self.scale_ = _handle_zeros_in_scale(np.sqrt(self.var_), constant)
        else:
            self.var_ = None
            self.scale_ = None

    def _affine_vectors(self, n_features, dtype):
        mean = self.mean_ if self.with_mean else np.zeros(n_features)
        scale = self.scale_ if self.with_std else np.ones(n_features)
        return (
            np.ascontiguousarray(mean, dtype=dtype),
            np.ascontiguousarray(scale, dtype=dtype),
        )

    def fit_transform(self, X, y=None, sample_weight=None):
        """Fit to X, then standardize it; one validation, one pass each way.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None
            Individual weights for each sample.

        Returns
        -------
        X_tr : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Standardized data.
        """
        self._reset()
        self._validate_params()
        X = validate_data(
            self,
            X,
            accept_sparse=("csr", "csc"),
            dtype=_FLOAT_DTYPES,
            ensure_all_finite=False,
            reset=True,
        )
        with self._fit_progress(
            X, n_steps=0, metadata={"sample_weight": sample_weight}
        ):
            self._update(X, sample_weight, first_call=True)
        return self._apply(X, copy=self.copy)

    def transform(self, X, copy=None):
        """Standardize X: ``(X - mean_) / scale_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Data to scale; NaN stays NaN.
        copy : bool, default=None
            Copy X first; defaults to the ``copy`` parameter.

        Returns
        -------
        X_tr : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Standardized data (sparse input comes back as CSR).
        """
        check_is_fitted(self)
        copy = self.copy if copy is None else copy
        X = validate_data(
            self,
            X,
            reset=False,
            accept_sparse="csr",
            dtype=_FLOAT_DTYPES,
            ensure_all_finite=False,
        )
        return self._apply(X, copy=copy)

    def _apply(self, X, copy):
        if sparse.issparse(X):
            if self.with_mean:
                self._reject_sparse_centering()
            X = X.tocsr(copy=copy) if copy or X.format != "csr" else X
            if not np.isfinite(X.data[~np.isnan(X.data)]).all():
                _reject_infinite(X)
            if self.scale_ is not None:
                X.data /= self.scale_.astype(X.dtype)[X.indices]
            return X
        if X.dtype == np.float16:
            return _in_float32(X, copy, self._apply)
        X, out = _output_like(X, copy)
        mean, scale = self._affine_vectors(X.shape[1], X.dtype)
        if _scale.subtract_divide(X, out, mean, scale):
            _reject_infinite(X)
        return out

    def inverse_transform(self, X, copy=None):
        """Undo the standardization: ``X * scale_ + mean_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Standardized data.
        copy : bool, default=None
            Copy X first; defaults to the ``copy`` parameter.

        Returns
        -------
        X_original : {ndarray, sparse matrix} of shape (n_samples, n_features)
            Data in the original units.
        """
        check_is_fitted(self)
        copy = self.copy if copy is None else copy
        X = check_array(
            X, accept_sparse="csr", dtype=_FLOAT_DTYPES, ensure_all_finite=False
        )
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {X.shape[1]} features, but StandardScaler is expecting "
                f"{self.n_features_in_} features as input."
            )
        if sparse.issparse(X):
            if self.with_mean:
                self._reject_sparse_centering("uncenter")
            X = X.copy() if copy else X
            if self.scale_ is not None:
                X.data *= self.scale_.astype(X.dtype)[X.indices]
            return X
        return self._unapply(X, copy)

    def _unapply(self, X, copy):
        if X.dtype == np.float16:
            return _in_float32(X, copy, self._unapply)
        X, out = _output_like(X, copy)
        mean, scale = self._affine_vectors(X.shape[1], X.dtype)
        if _scale.multiply_add(X, out, scale, mean):
            _reject_infinite(X)
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.sparse = not self.with_mean
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


def _non_missing_counts(X):
    """Non-NaN entries per column of a dense X."""
    return X.shape[0] - np.isnan(X).sum(axis=0).astype(np.int64)


def _merge_statistics(count_a, mean_a, m2_a, count_b, mean_b, m2_b):
    """Exact merge of two sets of per-column (count, mean, M2) statistics."""
    total = count_a + count_b
    with np.errstate(invalid="ignore", divide="ignore"):
        delta = mean_b - mean_a
        share_b = np.where(total > 0, count_b / total, 0.0)
        mean = mean_a + delta * share_b
        m2 = m2_a + m2_b + delta**2 * count_a * share_b
    only_a = count_b <= 0
    only_b = count_a <= 0
    mean = np.where(only_a, mean_a, np.where(only_b, mean_b, mean))
    m2 = np.where(only_a, m2_a, np.where(only_b, m2_b, m2))
    return total, mean, m2


def _sparse_count_mean_m2(X, sample_weight):
    """Per-column (count, mean, M2) of a CSR/CSC matrix, implicit zeros included.

    Two passes over the stored values only: the sums give the means, then the
    stored values contribute their squared deviations and the implicit zeros
    ``(weight of zeros) * mean^2``.  A column without implicit zeros has a
    weight of zeros of exactly 0 (not a difference of two rounded sums) and
    is shifted by one of its values, so a constant column gets a variance of
    exactly 0, as in the dense kernel.
    """
    n_samples, n_features = X.shape
    weights = np.ones(n_samples) if sample_weight is None else sample_weight
    weights = weights.astype(np.float64)
    if X.format == "csr":
        columns = X.indices
        entry_weights = np.repeat(weights, np.diff(X.indptr))
        stored = np.bincount(columns, minlength=n_features)
    else:
        stored = np.diff(X.indptr)
        columns = np.repeat(np.arange(n_features), stored)
        entry_weights = weights[X.indices]
    values = X.data.astype(np.float64)
    is_nan = np.isnan(values)
    full = stored == n_samples
    if full.any():
        # Any stored value of the column will do (repeated indices: one wins).
        shift = np.zeros(n_features)
        shift[columns[~is_nan]] = values[~is_nan]
        shift[~full] = 0.0
        values -= shift[columns]
    else:
        shift = None
    kept_weights = np.where(is_nan, 0.0, entry_weights)
    values[is_nan] = 0.0
    stored_weight = _column_sums(columns, kept_weights, n_features)
    nan_weight = _column_sums(columns, entry_weights * is_nan, n_features)
    count = weights.sum() - nan_weight
    zero_weight = np.where(full, 0.0, count - stored_weight)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = _column_sums(columns, kept_weights * values, n_features) / count
        deviation = values - mean[columns]
        m2 = _column_sums(columns, kept_weights * deviation**2, n_features)
        m2 += zero_weight * mean**2
    if shift is not None:
        mean += shift
    empty = count <= 0
    mean[empty] = np.nan
    m2[empty] = np.nan
    return count, mean, m2


def _column_sums(columns, values, n_features):
    """Per-column sums of ``values`` (float64, also without stored entries)."""
    return np.bincount(columns, values, minlength=n_features).astype(np.float64)
