# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False
"""Multi-task elastic net by block coordinate descent.

Problem solved (scikit-learn's ``MultiTaskElasticNet`` objective times n, as
its ``_cd_fast`` states it)::

    min_W  1/2 ||Y - Xc W||_F^2 + l1 sum_j ||W_j||_2 + l2 / 2 ||W||_F^2

with ``W`` of shape (n_features, n_targets), ``W_j`` its row j (the
coefficients of feature j for every target: the L2,1 penalty selects a
feature for all targets at once), and ``Xc`` the implicitly centered design:
column j of ``Xc`` is ``x_j - mean_j`` (``mean`` all zero for no centering),
``x_j`` a column of the dense Fortran-ordered or CSC matrix passed in.

Centering is never materialized: the residual is stored as ``R_s = Y - X W``
plus a per-target offset ``c = mean^T W`` (the true residual is
``R_s + 1 c^T``), so a block update costs one sparse or dense column axpy per
target.  Each block update is the exact minimizer over ``W_j`` (a group
soft-thresholding); the stopping test is the duality gap of the whole
problem against ``tol_abs`` (scikit-learn's ``tol * ||Y||_F^2``), computed
before the first epoch (a warm start already optimal runs 0 epochs) and
every ``GAP_FREQ`` epochs.

The ``def`` entry point validates shapes, dtypes and layouts before the
``nogil`` kernel runs; the kernel indexes only within those shapes.
"""

import numpy as np

from cython cimport floating
from libc.math cimport sqrt
from libc.string cimport memcpy
from scipy.linalg.cython_blas cimport daxpy, ddot, saxpy, sdot

from skreg._kernel_checks import check_design, check_path_arguments, check_vector

# Epochs between two duality-gap evaluations (each costs about one epoch).
DEF GAP_FREQ = 5


cdef inline double _dot(int n, const floating *x, const floating *y) noexcept nogil:
    cdef int one = 1
    if floating is double:
        return ddot(&n, <double *> x, &one, <double *> y, &one)
    else:
        return sdot(&n, <float *> x, &one, <float *> y, &one)


ctypedef struct Design:
    int n
    int p
    int t              # number of targets
    bint sparse
    const int *indices
    const int *indptr
    const double *mean
    const double *colsum    # 1^T x_j
    const double *norm2     # ||x_j - mean_j||^2


cdef inline double _col_dot(Design *d, const floating *X, int j,
                            const floating *r) noexcept nogil:
    """``x_j^T r`` for the raw (uncentered) column j."""
    cdef int k
    cdef double s = 0.0
    if d.sparse:
        for k in range(d.indptr[j], d.indptr[j + 1]):
            s += X[k] * r[d.indices[k]]
        return s
    return _dot(d.n, X + <Py_ssize_t> j * d.n, r)


cdef inline void _col_axpy(Design *d, const floating *X, int j, floating a,
                           floating *r) noexcept nogil:
    """``r += a * x_j`` for the raw column j."""
    cdef int k, one = 1
    if d.sparse:
        for k in range(d.indptr[j], d.indptr[j + 1]):
            r[d.indices[k]] += a * X[k]
        return
    if floating is double:
        daxpy(&d.n, &a, <double *> (X + <Py_ssize_t> j * d.n), &one, r, &one)
    else:
        saxpy(&d.n, &a, <float *> (X + <Py_ssize_t> j * d.n), &one, r, &one)


cdef inline void _centered_xtr(Design *d, const floating *X, int j,
                               const floating *R, const double *sum_r,
                               const double *c, double *out) noexcept nogil:
    """``out[t] = (x_j - mean_j)^T (R_s[t] + c[t])`` for every target t."""
    cdef int t
    cdef double m = d.mean[j], cs = d.colsum[j]
    for t in range(d.t):
        out[t] = (_col_dot(d, X, j, R + <Py_ssize_t> t * d.n)
                  + cs * c[t] - m * (sum_r[t] + d.n * c[t]))


cdef double _gap(Design *d, const floating *X, const floating *Y,
                 const floating *R, const floating *W, const double *sum_r,
                 const double *sum_y, const double *c, double l1, double l2,
                 double *xtr) noexcept nogil:
    """Duality gap at ``W`` (scikit-learn's formulas: the dual point is the
    residual scaled into the dual constraint ``max_j ||Xc_j^T theta - l2 W_j||
    <= l1``; without L1, the ridge gap summed over targets)."""
    cdef int j, t
    cdef Py_ssize_t off, i
    cdef double rr = 0.0, ry = 0.0, ww = 0.0, l21 = 0.0, g2 = 0.0
    cdef double row, a, dual_norm = 0.0, scale
    for t in range(d.t):
        off = <Py_ssize_t> t * d.n
        rr += (_dot(d.n, R + off, R + off) + 2.0 * c[t] * sum_r[t]
               + d.n * c[t] * c[t])
        ry += _dot(d.n, R + off, Y + off) + c[t] * sum_y[t]
    for j in range(d.p):
        _centered_xtr(d, X, j, R, sum_r, c, xtr)
        row = 0.0
        a = 0.0
        for t in range(d.t):
            i = <Py_ssize_t> j * d.t + t
            ww += W[i] * W[i]
            a += W[i] * W[i]
            g2 += xtr[t] * xtr[t]
            row += (xtr[t] - l2 * W[i]) * (xtr[t] - l2 * W[i])
        l21 += sqrt(a)
        row = sqrt(row)
        if row > dual_norm:
            dual_norm = row
    if l1 == 0.0:
        if l2 > 0.0:
            return rr + 0.5 * l2 * ww - ry + g2 / (2.0 * l2)
        return g2
    scale = l1 / dual_norm if dual_norm > l1 else 1.0
    return (0.5 * (1.0 + scale * scale) * rr + l1 * l21 - scale * ry
            + 0.5 * l2 * (1.0 + scale * scale) * ww)


cdef int _solve(Design *d, const floating *X, const floating *Y, floating *R,
                floating *W, double *sum_r, const double *sum_y, double *c,
                double l1, double l2, double tol_abs, int max_iter, bint random,
                unsigned int *seed, double *xtr, double *gap_out,
                int *epochs_out) noexcept nogil:
    """Block CD on one (l1, l2) from the current W; returns 1 if converged."""
    cdef int e, k, j, t
    cdef Py_ssize_t i
    cdef double gap, nrm, shrink, delta, denom
    cdef bint moved
    gap = _gap(d, X, Y, R, W, sum_r, sum_y, c, l1, l2, xtr)
    e = 0
    while gap > tol_abs and e < max_iter:
        for k in range(d.p):
            if random:
                seed[0] = seed[0] * 1103515245u + 12345u
                j = (seed[0] >> 8) % (<unsigned int> d.p)
            else:
                j = k
            denom = d.norm2[j] + l2
            if denom <= 0.0:
                continue
            _centered_xtr(d, X, j, R, sum_r, c, xtr)
            nrm = 0.0
            for t in range(d.t):
                xtr[t] += d.norm2[j] * W[<Py_ssize_t> j * d.t + t]
                nrm += xtr[t] * xtr[t]
            nrm = sqrt(nrm)
            shrink = (1.0 - l1 / nrm) / denom if nrm > l1 else 0.0
            for t in range(d.t):
                i = <Py_ssize_t> j * d.t + t
                delta = <floating> (shrink * xtr[t]) - W[i]
                if delta != 0.0:
                    _col_axpy(d, X, j, <floating> (-delta), R + <Py_ssize_t> t * d.n)
                    sum_r[t] -= delta * d.colsum[j]
                    c[t] += delta * d.mean[j]
                    W[i] = <floating> (shrink * xtr[t])
        e += 1
        if e % GAP_FREQ == 0 or e == max_iter:
            gap = _gap(d, X, Y, R, W, sum_r, sum_y, c, l1, l2, xtr)
    gap_out[0] = gap
    epochs_out[0] = e
    return 1 if gap <= tol_abs else 0


cdef void _path(Design *d, const floating *X, const floating *Y, floating *R,
                floating *W, double *sum_r, const double *sum_y, double *c,
                const double *l1s, const double *l2s, int n_alphas,
                floating *coefs, double *gaps, int *n_iters, int *converged,
                double tol_abs, int max_iter, bint random, unsigned int seed,
                double *xtr) noexcept nogil:
    cdef int a
    cdef Py_ssize_t size = <Py_ssize_t> d.p * d.t
    for a in range(n_alphas):
        converged[a] = _solve(d, X, Y, R, W, sum_r, sum_y, c, l1s[a], l2s[a],
                              tol_abs, max_iter, random, &seed, xtr, &gaps[a],
                              &n_iters[a])
        memcpy(coefs + a * size, W, size * sizeof(floating))


def multitask_enet_path_cd(X, Y, mean, l1s, l2s, W, *, tol_abs, max_iter,
                           random=False, seed=0):
    """Solve the multi-task elastic net for each ``(l1s[a], l2s[a])``, warm-started.

    Minimizes ``1/2 ||Y - Xc W||_F^2 + l1 sum_j ||W_j||_2 + l2/2 ||W||_F^2``
    with ``Xc[:, j] = X[:, j] - mean[j]`` (implicit centering).

    Parameters
    ----------
    X : ndarray (Fortran-contiguous) or scipy CSC matrix with int32 indices
        float32 or float64; never copied.
    Y : ndarray of shape (n_targets, n_samples), C-contiguous, dtype of X
        The targets, one per row (already centered when ``mean`` is).
    mean : float64 ndarray of shape (n_features,)
        Centering offsets; all zero for no centering.
    l1s, l2s : float64 ndarrays of shape (n_alphas,)
        Penalty strengths in the n-scaled objective, non-negative.
    W : ndarray of shape (n_features, n_targets), C-contiguous, dtype of X
        Initial coefficients, overwritten with the last solution.
    tol_abs : float
        Stop when the duality gap is at most this.
    max_iter : int
        Maximum number of epochs (passes over all features) per alpha.
    random : bool, default=False
        Update features in a random order (seeded by ``seed``).

    Returns
    -------
    coefs : ndarray of shape (n_alphas, n_features, n_targets)
    gaps : float64 ndarray of shape (n_alphas,), in the n-scaled units
    n_iters : int32 ndarray of shape (n_alphas,)
        Epochs run per alpha (0 when the start already meets ``tol_abs``).
    converged : bool ndarray of shape (n_alphas,)
    """
    data, indices, indptr, is_sparse = check_design(X)
    dtype = X.dtype
    n, p = X.shape
    if (not isinstance(Y, np.ndarray) or Y.ndim != 2 or Y.shape[1] != n
            or Y.shape[0] < 1):
        raise ValueError(f"Y must be a 2-D array of shape (n_targets, {n}).")
    if Y.dtype != dtype or not Y.flags.c_contiguous:
        raise ValueError(f"Y must be a C-contiguous {np.dtype(dtype)} array.")
    n_targets = Y.shape[0]
    if (not isinstance(W, np.ndarray) or W.shape != (p, n_targets)
            or W.dtype != dtype or not W.flags.c_contiguous
            or not W.flags.writeable):
        raise ValueError(
            f"W must be a writeable C-contiguous {np.dtype(dtype)} array of "
            f"shape ({p}, {n_targets}).")
    check_vector(mean, p, np.float64, "mean")
    l1s, l2s = check_path_arguments(l1s, l2s, tol_abs, max_iter, seed)
    if not (np.all(np.isfinite(Y)) and np.all(np.isfinite(W))
            and np.all(np.isfinite(mean)) and np.all(np.isfinite(data))):
        raise ValueError("X, Y, W and mean must be finite.")

    if is_sparse:
        sq = np.asarray(X.multiply(X).sum(axis=0), dtype=np.float64).ravel()
        colsum = np.asarray(X.sum(axis=0), dtype=np.float64).ravel()
        XW = np.asarray(X @ W)
    else:
        sq = np.einsum("ij,ij->j", X, X, dtype=np.float64)
        colsum = X.sum(axis=0, dtype=np.float64)
        XW = X @ W
    norm2 = np.maximum(sq - 2.0 * mean * colsum + n * mean**2, 0.0)
    R = np.ascontiguousarray(Y - XW.T, dtype=dtype)
    sum_r = R.sum(axis=1, dtype=np.float64)
    sum_y = Y.sum(axis=1, dtype=np.float64)
    c = mean @ W.astype(np.float64)

    if data.shape[0] == 0:
        # An all-zero sparse X: no column is ever read, but the kernel takes
        # the address of the first value.
        data = np.zeros(1, dtype=dtype)
    n_alphas = l1s.shape[0]
    coefs = np.empty((n_alphas, p, n_targets), dtype=dtype)
    gaps = np.empty(n_alphas, dtype=np.float64)
    n_iters = np.zeros(n_alphas, dtype=np.int32)
    converged = np.zeros(n_alphas, dtype=np.int32)
    if dtype == np.float64:
        _dispatch[double](data, indices, indptr, is_sparse, n, p, n_targets, Y,
                          R, W.reshape(-1), mean, colsum, norm2, sum_r, sum_y, c,
                          l1s, l2s, coefs.reshape(-1), gaps, n_iters, converged,
                          float(tol_abs), int(max_iter), bool(random), int(seed))
    else:
        _dispatch[float](data, indices, indptr, is_sparse, n, p, n_targets, Y,
                         R, W.reshape(-1), mean, colsum, norm2, sum_r, sum_y, c,
                         l1s, l2s, coefs.reshape(-1), gaps, n_iters, converged,
                         float(tol_abs), int(max_iter), bool(random), int(seed))
    return coefs, gaps, n_iters, converged.astype(bool)


cdef _dispatch(const floating[::1] data, const int[::1] indices,
               const int[::1] indptr, bint is_sparse, int n, int p, int n_targets,
               const floating[:, ::1] Y, floating[:, ::1] R, floating[::1] W,
               const double[::1] mean, const double[::1] colsum,
               const double[::1] norm2, double[::1] sum_r,
               const double[::1] sum_y, double[::1] c, const double[::1] l1s,
               const double[::1] l2s, floating[::1] coefs, double[::1] gaps,
               int[::1] n_iters, int[::1] converged, double tol_abs,
               int max_iter, bint random, unsigned int seed):
    cdef Design d
    cdef double[::1] xtr = np.zeros(n_targets)
    d.n = n
    d.p = p
    d.t = n_targets
    d.sparse = is_sparse
    d.indices = &indices[0]
    d.indptr = &indptr[0]
    d.mean = &mean[0]
    d.colsum = &colsum[0]
    d.norm2 = &norm2[0]
    with nogil:
        _path(&d, &data[0], &Y[0, 0], &R[0, 0], &W[0], &sum_r[0], &sum_y[0],
              &c[0], &l1s[0], &l2s[0], l1s.shape[0], &coefs[0], &gaps[0],
              &n_iters[0], &converged[0], tol_abs, max_iter, random, seed,
              &xtr[0])
