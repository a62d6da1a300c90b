"""Argument checks shared by the Cython kernels' entry points.

Every ``def`` entry point of ``_cd``, ``_cd_gram`` and ``_scale`` validates
its arguments here, before any ``nogil`` code, so that a bad value is a
ValueError naming it rather than an overflow or a kernel reading garbage.
"""

import numpy as np
from scipy import sparse

FLOAT_DTYPES = (np.float64, np.float32)
INT32_MAX = np.iinfo(np.int32).max


def int32_csc(X, dtype=None):
    """Sparse ``X`` as the kernels take it: a CSC matrix with int32 indices.

    The kernels index rows and stored entries with 32-bit integers, so a
    matrix with more than ``2**31 - 1`` stored entries, rows or columns is
    refused with a ValueError here: casting its int64 ``indptr``/``indices``
    would wrap them silently.  ``dtype`` converts the values as
    :class:`scipy.sparse.csc_matrix` does.
    """
    n_stored = X.nnz
    if max(n_stored, *X.shape) > INT32_MAX:
        raise ValueError(
            f"Sparse X has {n_stored} stored entries and shape {X.shape}; "
            "skreg's solvers index sparse matrices with 32-bit integers, at "
            f"most {INT32_MAX} stored entries, rows and columns: use a "
            "smaller matrix (or fewer stored entries)."
        )
    X = sparse.csc_matrix(X, dtype=dtype)
    X.indices = X.indices.astype(np.int32, copy=False)
    X.indptr = X.indptr.astype(np.int32, copy=False)
    return X


def check_vector(a, n, dtype, name, *, writeable=False):
    """A contiguous 1-D ndarray of length ``n`` and the given dtype."""
    if not isinstance(a, np.ndarray) or a.ndim != 1 or a.shape[0] != n:
        raise ValueError(f"{name} must be a 1-D array of length {n}.")
    if a.dtype != dtype or not a.flags.c_contiguous:
        raise ValueError(f"{name} must be a contiguous {np.dtype(dtype)} array.")
    if writeable and not a.flags.writeable:
        raise ValueError(f"{name} must be writeable.")


def check_sample_weight(sample_weight, n):
    """A contiguous float64 vector of length ``n``, finite and non-negative."""
    check_vector(sample_weight, n, np.float64, "sample_weight")
    if not np.all(np.isfinite(sample_weight)) or np.any(sample_weight < 0):
        raise ValueError("sample_weight must be finite and non-negative.")


def check_l1_ratio(l1_ratio):
    if not 0.0 <= l1_ratio <= 1.0:
        raise ValueError(f"l1_ratio must be in [0, 1], got {l1_ratio}.")


def check_float_dtype(dtype, name):
    if dtype not in FLOAT_DTYPES:
        raise ValueError(f"{name} must be float32 or float64, got {dtype}.")


def check_design(X):
    """A Fortran-ordered float ndarray or a CSC matrix with int32 indices.

    Returns ``(data, indices, indptr, is_sparse)``: the values as a 1-D
    array (a view of dense X in column order) and the CSC structure (dummy
    one-element arrays for dense X), checked so that the kernels' column
    loops stay within ``data`` and their row indices within ``n_samples``.
    """
    if sparse.issparse(X):
        if X.format != "csc":
            raise ValueError("Sparse X must be in CSC format.")
        if X.indices.dtype != np.int32 or X.indptr.dtype != np.int32:
            raise ValueError("Sparse X must have int32 indices.")
        data, indices, indptr = X.data, X.indices, X.indptr
        if data.ndim != 1 or not data.flags.c_contiguous:
            raise ValueError("X.data must be a contiguous 1-D array.")
        if not (indices.flags.c_contiguous and indptr.flags.c_contiguous):
            raise ValueError("X.indices and X.indptr must be contiguous.")
        if (
            indptr.ndim != 1
            or indices.ndim != 1
            or indptr.shape[0] != X.shape[1] + 1
            or indptr[0] != 0
            or np.any(np.diff(indptr) < 0)
            or indptr[-1] > data.shape[0]
            or indptr[-1] > indices.shape[0]
        ):
            raise ValueError("X has an inconsistent CSC structure (indptr).")
        if data.shape[0] and (indices.min() < 0 or indices.max() >= X.shape[0]):
            raise ValueError("X has row indices out of range.")
        is_sparse = True
    else:
        if not isinstance(X, np.ndarray) or X.ndim != 2:
            raise ValueError("X must be a 2-D numpy array or a CSC matrix.")
        if not X.flags.f_contiguous:
            raise ValueError("Dense X must be Fortran-contiguous.")
        data = X.reshape(-1, order="F")
        indices = np.zeros(1, dtype=np.int32)
        indptr = np.zeros(1, dtype=np.int32)
        is_sparse = False
    check_float_dtype(X.dtype, "X")
    if X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError("X must have at least one sample and one feature.")
    return data, indices, indptr, is_sparse


def check_path_arguments(l1s, l2s, tol_abs, max_iter, seed, n_threads=1):
    """Validate the penalties, tolerance and counters of a path solve.

    Returns the penalties as contiguous float64 arrays.  ``max_iter``,
    ``seed`` and ``n_threads`` are range-checked because the kernels take
    them as C ``int`` and ``unsigned int``.
    """
    l1s = np.ascontiguousarray(l1s, dtype=np.float64)
    l2s = np.ascontiguousarray(l2s, dtype=np.float64)
    if l1s.ndim != 1 or l1s.shape != l2s.shape or l1s.shape[0] < 1:
        raise ValueError("l1s and l2s must be 1-D arrays of the same length.")
    if not (np.all(np.isfinite(l1s)) and np.all(np.isfinite(l2s))):
        raise ValueError("The penalties must be finite.")
    if np.any(l1s < 0) or np.any(l2s < 0):
        raise ValueError("The penalties must be non-negative.")
    if not np.isfinite(tol_abs) or tol_abs < 0:
        raise ValueError("tol_abs must be a finite non-negative number.")
    if not 1 <= int(max_iter) < 2**31:
        raise ValueError("max_iter must be in [1, 2**31).")
    if not 0 <= int(seed) < 2**32:
        raise ValueError("seed must be in [0, 2**32).")
    if not 1 <= int(n_threads) < 2**15:
        raise ValueError("n_threads must be in [1, 2**15).")
    return l1s, l2s
