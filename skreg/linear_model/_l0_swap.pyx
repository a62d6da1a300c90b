# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False
"""Scoring kernels of the L0 local search (see ``_l0_solver.local_search``).

``best_swap`` scans all (feature in, feature out) pairs in one pass and
returns the pair with the largest exact RSS decrease, without the p x k
temporaries the NumPy expression needs.  ``best_addition`` does the same for
adding one feature.  The ``def`` wrappers check every shape and dtype and
raise ``ValueError`` before the ``nogil`` loops, which index only within the
checked shapes: hence bounds checking is off.

Ties go to the lowest feature index in, then the lowest support position
out (strict ``>`` while scanning in that order), so the search is
deterministic.
"""

import numpy as np

cimport cython
from cython cimport floating
from libc.math cimport INFINITY


def _check_arrays(**arrays):
    # Before any attribute access: a non-array or 0-d argument must raise
    # ValueError, not crash on ``shape[0]``.
    for name, array in arrays.items():
        if not isinstance(array, np.ndarray) or array.ndim < 1:
            raise ValueError(f"{name} must be a numpy array, got {type(array)}.")


@cython.boundscheck(True)
@cython.wraparound(True)
def _check(corr, H, d, beta, g_diag, selectable):
    _check_arrays(corr=corr, H=H, d=d, beta=beta, g_diag=g_diag,
                  selectable=selectable)
    if corr.ndim != 1 or beta.ndim != 1:
        raise ValueError("corr and beta must be 1-D arrays.")
    n_features = corr.shape[0]
    k = beta.shape[0]
    dtype = corr.dtype
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"corr must be float32 or float64, got {dtype}.")
    for name, v, n in (("corr", corr, n_features), ("d", d, n_features),
                       ("beta", beta, k), ("g_diag", g_diag, k)):
        if v.ndim != 1 or v.shape[0] != n or v.dtype != dtype:
            raise ValueError(f"{name} must be a 1-D {dtype} array of length {n}.")
        if not v.flags.c_contiguous:
            raise ValueError(f"{name} must be contiguous.")
    if H.ndim != 2 or H.shape[0] != n_features or H.shape[1] != k or H.dtype != dtype:
        raise ValueError(f"H must be a {dtype} array of shape ({n_features}, {k}).")
    if selectable.ndim != 1 or selectable.shape[0] != n_features:
        raise ValueError(f"selectable must be a 1-D array of length {n_features}.")
    if selectable.dtype != np.bool_ or not selectable.flags.c_contiguous:
        raise ValueError("selectable must be a contiguous boolean array.")


# The wrappers are not hot: keep Python-level indexing checked there, so a
# malformed argument raises instead of reading out of bounds.
@cython.boundscheck(True)
@cython.wraparound(True)
def best_swap(corr, H, d, beta, g_diag, selectable, double eps):
    """Best single swap of the local search.

    Parameters
    ----------
    corr : ndarray of shape (n_features,)
        ``Z^T r`` for the current residual r.
    H : ndarray of shape (n_features, k)
        ``G[:, S] G_SS^{-1}``.
    d : ndarray of shape (n_features,)
        Squared norms of the columns projected off the support.
    beta : ndarray of shape (k,)
        Least-squares coefficients on the support.
    g_diag : ndarray of shape (k,)
        Diagonal of ``G_SS^{-1}`` (positive).
    selectable : bool ndarray of shape (n_features,)
        Features allowed to enter (outside the support, independent of it).
    eps : float
        A candidate whose projected squared norm is at most eps is skipped.

    Returns
    -------
    feature_in : int
        -1 when no pair is valid.
    position_out : int
    gain : float
        RSS decrease of the swap (may be negative).
    """
    _check(corr, H, d, beta, g_diag, selectable)
    if corr.dtype == np.float64:
        return _best_swap[double](corr, H, d, beta, g_diag,
                                  selectable.view(np.uint8), eps)
    return _best_swap[float](corr, H, d, beta, g_diag,
                             selectable.view(np.uint8), eps)


cdef tuple _best_swap(
    const floating[::1] corr,
    const floating[:, :] H,
    const floating[::1] d,
    const floating[::1] beta,
    const floating[::1] g_diag,
    const unsigned char[::1] selectable,
    double eps,
):
    cdef Py_ssize_t n_features = corr.shape[0]
    cdef Py_ssize_t k = beta.shape[0]
    # Per support position: beta_t / g_t, 1 / g_t and the RSS increase
    # beta_t^2 / g_t of removing it.
    cdef double[::1] scale = np.empty(k)
    cdef double[::1] inv_g = np.empty(k)
    cdef double[::1] loss = np.empty(k)
    cdef Py_ssize_t i, t, best_i = -1, best_t = -1
    cdef double best = -INFINITY, h, num, den, gain
    with nogil:
        for t in range(k):
            inv_g[t] = 1.0 / g_diag[t]
            scale[t] = beta[t] * inv_g[t]
            loss[t] = beta[t] * scale[t]
        for i in range(n_features):
            if not selectable[i]:
                continue
            for t in range(k):
                h = H[i, t]
                den = d[i] + h * h * inv_g[t]
                if den <= eps:
                    continue
                num = corr[i] + h * scale[t]
                gain = num * num / den - loss[t]
                if gain > best:
                    best = gain
                    best_i = i
                    best_t = t
    return best_i, best_t, best


@cython.boundscheck(True)
@cython.wraparound(True)
def best_addition(corr, d, selectable, double eps):
    """Feature whose addition lowers the RSS most: ``argmax corr^2 / d``.

    Returns ``(feature, gain)``; feature is -1 when none is selectable.
    """
    _check_arrays(corr=corr, d=d, selectable=selectable)
    n_features = corr.shape[0]
    if corr.dtype not in (np.float32, np.float64) or corr.ndim != 1:
        raise ValueError("corr must be a 1-D float32 or float64 array.")
    if d.ndim != 1 or d.shape[0] != n_features or d.dtype != corr.dtype:
        raise ValueError(f"d must be a 1-D {corr.dtype} array of length {n_features}.")
    if not (corr.flags.c_contiguous and d.flags.c_contiguous):
        raise ValueError("corr and d must be contiguous.")
    if selectable.ndim != 1 or selectable.shape[0] != n_features:
        raise ValueError(f"selectable must be a 1-D array of length {n_features}.")
    if selectable.dtype != np.bool_ or not selectable.flags.c_contiguous:
        raise ValueError("selectable must be a contiguous boolean array.")
    if corr.dtype == np.float64:
        return _best_addition[double](corr, d, selectable.view(np.uint8), eps)
    return _best_addition[float](corr, d, selectable.view(np.uint8), eps)


cdef tuple _best_addition(
    const floating[::1] corr,
    const floating[::1] d,
    const unsigned char[::1] selectable,
    double eps,
):
    cdef Py_ssize_t i, best_i = -1
    cdef double best = -INFINITY, gain
    with nogil:
        for i in range(corr.shape[0]):
            if selectable[i] and d[i] > eps:
                gain = corr[i] * corr[i] / d[i]
                if gain > best:
                    best = gain
                    best_i = i
    return best_i, best
