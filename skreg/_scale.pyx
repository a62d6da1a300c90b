# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False
"""One-pass column statistics and elementwise affine maps for the scalers.

Every ``def`` entry point below checks shapes, dtypes and memory layout and
raises ``ValueError`` before any ``nogil`` loop runs; the kernels themselves
index only within the shapes checked there, which is why bounds checking is
off for this module.

Statistics
    ``column_min_max`` and ``column_mean_m2`` read X exactly once from memory,
    in its own order (C or Fortran) so no copy is made.  NaN is skipped: it
    compares false, and the mean/M2 kernels mask it out explicitly.

    Mean and variance are accumulated per block of rows with the corrected
    two-pass formula inside the block (the block is still in cache for the
    second pass) and Chan, Golub & LeVeque's pairwise update between blocks.
    This keeps the variance of a column with mean 1e9 and standard deviation
    1 accurate to ~1e-10, where the textbook ``E[x^2] - E[x]^2`` loses every
    digit, and it needs no division per element as Welford's update does.

Transforms
    ``subtract_divide`` computes ``(x - a) / b`` (standardization and the
    inverse min-max map) and ``multiply_add`` computes ``x * a + b`` with an
    optional clip (min-max scaling and inverse standardization).  Both write
    to ``out``, which may be ``X`` itself, and report whether an infinite
    input was seen so the caller can reject it without a second pass.
"""

import numpy as np

from cython cimport floating
from cython.parallel cimport prange
from libc.math cimport INFINITY, NAN, fabs

from skreg._kernel_checks import check_float_dtype
from skreg._kernel_checks import check_vector as _check_vector
from skreg.utils._threading import kernel_threads

# Rows per block for C-ordered data: a block of this many rows of n_features
# doubles stays in the L2 cache between the two passes over it.
cdef Py_ssize_t _BLOCK_BYTES = 1 << 17
# Rows per block when a whole column is contiguous (Fortran order).
cdef Py_ssize_t _COLUMN_BLOCK = 4096


def _check_matrix(X, name="X"):
    if not isinstance(X, np.ndarray) or X.ndim != 2:
        raise ValueError(f"{name} must be a 2-D numpy array.")
    check_float_dtype(X.dtype, name)
    if not (X.flags.c_contiguous or X.flags.f_contiguous):
        raise ValueError(f"{name} must be C- or Fortran-contiguous.")


# --------------------------------------------------------------------------
# min / max
# --------------------------------------------------------------------------

cdef void _min_max_c(const floating[:, ::1] X, floating[::1] lo,
                     floating[::1] hi) noexcept nogil:
    cdef Py_ssize_t i, j
    cdef floating v
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            v = X[i, j]
            # NaN compares false on both sides, so it never wins: skipped.
            lo[j] = v if v < lo[j] else lo[j]
            hi[j] = v if v > hi[j] else hi[j]


cdef void _min_max_f(const floating[::1, :] X, floating[::1] lo,
                     floating[::1] hi) noexcept nogil:
    cdef Py_ssize_t i, j
    cdef floating v, mn, mx
    for j in range(X.shape[1]):
        mn = lo[j]
        mx = hi[j]
        for i in range(X.shape[0]):
            v = X[i, j]
            mn = v if v < mn else mn
            mx = v if v > mx else mx
        lo[j] = mn
        hi[j] = mx


def column_min_max(X):
    """Return ``(min, max)`` of each column of X, ignoring NaN.

    A column with no finite-or-infinite value (all NaN) gets NaN for both.
    Infinite values are returned as they are; the caller rejects them.
    """
    _check_matrix(X)
    n_features = X.shape[1]
    lo = np.full(n_features, np.inf, dtype=X.dtype)
    hi = np.full(n_features, -np.inf, dtype=X.dtype)
    if X.dtype == np.float64:
        _min_max_dispatch[double](X, lo, hi)
    else:
        _min_max_dispatch[float](X, lo, hi)
    # Untouched bounds mean the column held only NaN.
    empty = lo > hi
    lo[empty] = np.nan
    hi[empty] = np.nan
    return lo, hi


cdef _min_max_dispatch(X, floating[::1] lo, floating[::1] hi):
    cdef const floating[:, ::1] Xc
    cdef const floating[::1, :] Xf
    if X.flags.c_contiguous:
        Xc = X
        with nogil:
            _min_max_c(Xc, lo, hi)
    else:
        Xf = X
        with nogil:
            _min_max_f(Xf, lo, hi)


# --------------------------------------------------------------------------
# count / mean / M2 (sum of squared deviations), optionally weighted
# --------------------------------------------------------------------------

cdef inline void _merge(double *count, double *mean, double *m2,
                        double b_count, double b_mean, double b_m2) noexcept nogil:
    """Chan et al.'s pairwise update of (count, mean, M2) with a block."""
    cdef double total, delta
    if b_count <= 0:
        return
    if count[0] <= 0:
        count[0] = b_count
        mean[0] = b_mean
        m2[0] = b_m2
        return
    total = count[0] + b_count
    delta = b_mean - mean[0]
    mean[0] += delta * (b_count / total)
    m2[0] += b_m2 + delta * delta * (count[0] * b_count / total)
    count[0] = total


cdef void _first_values_c(const floating[:, ::1] X, double[::1] shift) noexcept nogil:
    # The first non-NaN value of each column (0 if there is none): the data
    # are shifted by it so that every sum below is of small numbers, even for
    # a column with mean 1e9 and unit variance.
    cdef Py_ssize_t i, j, missing = X.shape[1]
    for j in range(X.shape[1]):
        shift[j] = NAN
    for i in range(X.shape[0]):
        if missing == 0:
            break
        for j in range(X.shape[1]):
            if shift[j] != shift[j] and X[i, j] == X[i, j]:
                shift[j] = X[i, j]
                missing -= 1
    for j in range(X.shape[1]):
        if shift[j] != shift[j]:
            shift[j] = 0.0


cdef inline void _add_sums(const floating *row, const double *shift, double wi,
                           double *total, double *count,
                           Py_ssize_t p) noexcept nogil:
    # One row into the block's weighted sums and counts, NaN masked out.
    # Plain pointers and no branch, so that gcc vectorizes the loop.
    cdef Py_ssize_t j
    cdef double v
    for j in range(p):
        v = row[j] - shift[j]
        total[j] += wi * v if v == v else 0.0
        count[j] += wi if v == v else 0.0


cdef inline void _add_deviations(const floating *row, const double *shift,
                                 const double *block_mean, double wi,
                                 double *m2, double *correction,
                                 Py_ssize_t p) noexcept nogil:
    # One row's squared deviations from the block mean (and their sum, the
    # correction term of the corrected two-pass formula), NaN masked out.
    cdef Py_ssize_t j
    cdef double v, d
    for j in range(p):
        v = row[j] - shift[j]
        d = v - block_mean[j]
        m2[j] += wi * d * d if v == v else 0.0
        correction[j] += wi * d if v == v else 0.0


cdef void _mean_m2_c(const floating[:, ::1] X, const floating[::1] w,
                     bint weighted, double[::1] shift, double[::1] count,
                     double[::1] mean, double[::1] m2, double[::1] b_sum,
                     double[::1] b_cnt, double[::1] b_m2,
                     double[::1] b_corr, Py_ssize_t row_start,
                     Py_ssize_t row_stop) noexcept nogil:
    # Rows [row_start, row_stop) only, so that threads can share X.
    cdef Py_ssize_t n = row_stop, p = X.shape[1]
    cdef Py_ssize_t block = _BLOCK_BYTES // (8 * p) if p > 0 else 1
    cdef Py_ssize_t start, stop, i, j
    if block < 16:
        block = 16
    start = row_start
    while start < n:
        stop = start + block if start + block < n else n
        for j in range(p):
            b_sum[j] = 0.0
            b_cnt[j] = 0.0
            b_m2[j] = 0.0
            b_corr[j] = 0.0
        # Pass 1 over the block: weighted sums and counts of non-NaN entries.
        for i in range(start, stop):
            _add_sums(&X[i, 0], &shift[0], w[i] if weighted else 1.0,
                      &b_sum[0], &b_cnt[0], p)
        for j in range(p):
            b_sum[j] = b_sum[j] / b_cnt[j] if b_cnt[j] > 0 else 0.0
        # Pass 2 (block still in cache): deviations from the block mean, with
        # the correction term of the corrected two-pass algorithm.
        for i in range(start, stop):
            _add_deviations(&X[i, 0], &shift[0], &b_sum[0],
                            w[i] if weighted else 1.0, &b_m2[0], &b_corr[0], p)
        for j in range(p):
            if b_cnt[j] > 0:
                _merge(&count[j], &mean[j], &m2[j], b_cnt[j], b_sum[j],
                       b_m2[j] - b_corr[j] * b_corr[j] / b_cnt[j])
        start = stop


cdef void _mean_m2_column(const floating[::1, :] X, const floating[::1] w,
                          bint weighted, Py_ssize_t j, double[::1] shift,
                          double[::1] count, double[::1] mean,
                          double[::1] m2) noexcept nogil:
    # One contiguous column j of a Fortran-ordered X.
    cdef Py_ssize_t n = X.shape[0]
    cdef Py_ssize_t start, stop, i
    cdef double v, wi, d, s, c, q, corr, b_mean
    # Shift by the column's first non-NaN value (see _first_values_c).
    shift[j] = 0.0
    for i in range(n):
        if X[i, j] == X[i, j]:
            shift[j] = X[i, j]
            break
    start = 0
    while start < n:
        stop = start + _COLUMN_BLOCK if start + _COLUMN_BLOCK < n else n
        s = 0.0
        c = 0.0
        for i in range(start, stop):
            v = X[i, j] - shift[j]
            wi = w[i] if weighted else 1.0
            s += wi * v if v == v else 0.0
            c += wi if v == v else 0.0
        if c > 0:
            b_mean = s / c
            q = 0.0
            corr = 0.0
            for i in range(start, stop):
                v = X[i, j] - shift[j]
                wi = w[i] if weighted else 1.0
                d = v - b_mean
                q += wi * d * d if v == v else 0.0
                corr += wi * d if v == v else 0.0
            _merge(&count[j], &mean[j], &m2[j], c, b_mean, q - corr * corr / c)
        start = stop


def column_mean_m2(X, sample_weight=None):
    """Return ``(count, mean, m2)`` of each column of X, ignoring NaN.

    ``count`` is the number (or total weight) of non-NaN entries, ``mean``
    their weighted mean and ``m2`` the weighted sum of squared deviations
    from it, all float64 whatever the dtype of X.  Columns with no non-NaN
    entry get count 0 and NaN mean and m2.
    """
    _check_matrix(X)
    n_samples, n_features = X.shape
    weighted = sample_weight is not None
    if weighted:
        _check_vector(sample_weight, n_samples, X.dtype, "sample_weight")
    else:
        sample_weight = np.empty(0, dtype=X.dtype)
    count = np.zeros(n_features)
    mean = np.zeros(n_features)
    m2 = np.zeros(n_features)
    shift = np.zeros(n_features)
    if X.dtype == np.float64:
        _mean_m2_dispatch[double](X, sample_weight, weighted, shift, count, mean, m2)
    else:
        _mean_m2_dispatch[float](X, sample_weight, weighted, shift, count, mean, m2)
    mean += shift
    empty = count <= 0
    mean[empty] = np.nan
    m2[empty] = np.nan
    return count, mean, m2


cdef _mean_m2_dispatch(X, const floating[::1] w, bint weighted,
                       double[::1] shift, double[::1] count, double[::1] mean,
                       double[::1] m2):
    cdef const floating[:, ::1] Xc
    cdef const floating[::1, :] Xf
    cdef Py_ssize_t n = X.shape[0], p = X.shape[1], j, t, start, stop
    cdef int n_threads = _n_threads(X.size)
    cdef double[:, ::1] t_count, t_mean, t_m2, b_sum, b_cnt, b_m2, b_corr
    if not X.flags.c_contiguous:
        Xf = X
        # Columns are independent: one thread per share of the columns.
        for j in prange(p, nogil=True, num_threads=n_threads, schedule="static"):
            _mean_m2_column(Xf, w, weighted, j, shift, count, mean, m2)
        return
    Xc = X
    # Each thread reduces its own band of rows into its own statistics;
    # the bands are merged afterwards with the same pairwise update.
    t_count = np.zeros((n_threads, p))
    t_mean = np.zeros((n_threads, p))
    t_m2 = np.zeros((n_threads, p))
    b_sum = np.empty((n_threads, p))
    b_cnt = np.empty((n_threads, p))
    b_m2 = np.empty((n_threads, p))
    b_corr = np.empty((n_threads, p))
    with nogil:
        _first_values_c(Xc, shift)
        for t in prange(n_threads, num_threads=n_threads, schedule="static"):
            start = t * n // n_threads
            stop = (t + 1) * n // n_threads
            _mean_m2_c(Xc, w, weighted, shift, t_count[t], t_mean[t], t_m2[t],
                       b_sum[t], b_cnt[t], b_m2[t], b_corr[t], start, stop)
        for t in range(n_threads):
            for j in range(p):
                _merge(&count[j], &mean[j], &m2[j], t_count[t, j], t_mean[t, j],
                       t_m2[t, j])


# --------------------------------------------------------------------------
# elementwise affine maps
# --------------------------------------------------------------------------

# Below this many elements a parallel region costs more than it saves.
cdef Py_ssize_t _PARALLEL_MIN_SIZE = 1 << 18


cdef int _n_threads(Py_ssize_t size):
    # The maps are memory bound: a second thread mostly helps by sharing the
    # page faults of a freshly allocated output and the memory bandwidth.
    # The count is skreg's threading policy's (skreg.utils._threading).
    return kernel_threads(size, _PARALLEL_MIN_SIZE)

cdef bint _sub_div_c(const floating[:, ::1] X, floating[:, ::1] out,
                     const floating[::1] a, const floating[::1] b,
                     int n_threads) noexcept nogil:
    cdef Py_ssize_t i, j
    cdef floating v
    cdef int seen_inf = 0
    for i in prange(X.shape[0], nogil=True, num_threads=n_threads,
                    schedule="static"):
        for j in range(X.shape[1]):
            v = X[i, j]
            seen_inf |= fabs(v) == INFINITY
            out[i, j] = (v - a[j]) / b[j]
    return seen_inf != 0


cdef bint _sub_div_f(const floating[::1, :] X, floating[::1, :] out,
                     const floating[::1] a, const floating[::1] b,
                     int n_threads) noexcept nogil:
    cdef Py_ssize_t i, j
    cdef floating v, aj, bj
    cdef int seen_inf = 0
    for j in prange(X.shape[1], nogil=True, num_threads=n_threads,
                    schedule="static"):
        aj = a[j]
        bj = b[j]
        for i in range(X.shape[0]):
            v = X[i, j]
            seen_inf |= fabs(v) == INFINITY
            out[i, j] = (v - aj) / bj
    return seen_inf != 0


cdef bint _mul_add_c(const floating[:, ::1] X, floating[:, ::1] out,
                     const floating[::1] a, const floating[::1] b, bint clip,
                     floating lo, floating hi, int n_threads) noexcept nogil:
    cdef Py_ssize_t i, j
    cdef floating v, o
    cdef int seen_inf = 0
    for i in prange(X.shape[0], nogil=True, num_threads=n_threads,
                    schedule="static"):
        for j in range(X.shape[1]):
            v = X[i, j]
            seen_inf |= fabs(v) == INFINITY
            o = v * a[j] + b[j]
            if clip:
                o = lo if o < lo else o
                o = hi if o > hi else o
            out[i, j] = o
    return seen_inf != 0


cdef bint _mul_add_f(const floating[::1, :] X, floating[::1, :] out,
                     const floating[::1] a, const floating[::1] b, bint clip,
                     floating lo, floating hi, int n_threads) noexcept nogil:
    cdef Py_ssize_t i, j
    cdef floating v, o, aj, bj
    cdef int seen_inf = 0
    for j in prange(X.shape[1], nogil=True, num_threads=n_threads,
                    schedule="static"):
        aj = a[j]
        bj = b[j]
        for i in range(X.shape[0]):
            v = X[i, j]
            seen_inf |= fabs(v) == INFINITY
            o = v * aj + bj
            if clip:
                o = lo if o < lo else o
                o = hi if o > hi else o
            out[i, j] = o
    return seen_inf != 0


def _check_affine(X, out, a, b):
    _check_matrix(X)
    _check_matrix(out, "out")
    if out.shape != X.shape or out.dtype != X.dtype:
        raise ValueError("out must have the shape and dtype of X.")
    if X.flags.c_contiguous != out.flags.c_contiguous and X.shape[1] > 1 \
            and X.shape[0] > 1:
        raise ValueError("out must have the memory order of X.")
    if not out.flags.writeable:
        raise ValueError("out must be writeable.")
    _check_vector(a, X.shape[1], X.dtype, "a")
    _check_vector(b, X.shape[1], X.dtype, "b")


def subtract_divide(X, out, a, b):
    """``out[:, j] = (X[:, j] - a[j]) / b[j]``; return True if X holds inf."""
    _check_affine(X, out, a, b)
    if X.dtype == np.float64:
        return _sub_div_dispatch[double](X, out, a, b)
    return _sub_div_dispatch[float](X, out, a, b)


cdef bint _sub_div_dispatch(X, out, const floating[::1] a, const floating[::1] b):
    cdef const floating[:, ::1] Xc
    cdef floating[:, ::1] Oc
    cdef const floating[::1, :] Xf
    cdef floating[::1, :] Of
    cdef bint seen_inf
    cdef int n_threads = _n_threads(X.size)
    if X.flags.c_contiguous:
        Xc = X
        Oc = out
        with nogil:
            seen_inf = _sub_div_c(Xc, Oc, a, b, n_threads)
    else:
        Xf = X
        Of = out
        with nogil:
            seen_inf = _sub_div_f(Xf, Of, a, b, n_threads)
    return seen_inf


def multiply_add(X, out, a, b, clip_range=None):
    """``out[:, j] = X[:, j] * a[j] + b[j]``, clipped to ``clip_range``.

    Return True if X holds an infinite value.
    """
    _check_affine(X, out, a, b)
    clip = clip_range is not None
    lo, hi = clip_range if clip else (0.0, 0.0)
    if X.dtype == np.float64:
        return _mul_add_dispatch[double](X, out, a, b, clip, lo, hi)
    return _mul_add_dispatch[float](X, out, a, b, clip, lo, hi)


cdef bint _mul_add_dispatch(X, out, const floating[::1] a, const floating[::1] b,
                            bint clip, floating lo, floating hi):
    cdef const floating[:, ::1] Xc
    cdef floating[:, ::1] Oc
    cdef const floating[::1, :] Xf
    cdef floating[::1, :] Of
    cdef bint seen_inf
    cdef int n_threads = _n_threads(X.size)
    if X.flags.c_contiguous:
        Xc = X
        Oc = out
        with nogil:
            seen_inf = _mul_add_c(Xc, Oc, a, b, clip, lo, hi, n_threads)
    else:
        Xf = X
        Of = out
        with nogil:
            seen_inf = _mul_add_f(Xf, Of, a, b, clip, lo, hi, n_threads)
    return seen_inf
