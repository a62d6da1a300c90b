# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False
"""Elastic-net coordinate descent on a precomputed Gram matrix.

Problem solved (the estimators' objective multiplied by n, as in
:mod:`skreg._cd`)::

    min_w  1/2 ||y - Xc w||^2 + l1 ||w||_1 + l2 / 2 ||w||^2

given only ``G = Xc^T Xc`` (p x p), ``q = Xc^T y`` and ``yy = y^T y``.  When
n >> p one pass over X builds G (a SYRK), after which an epoch costs O(p^2)
instead of O(n p) and no step touches X again.

The solver keeps ``h = G w`` (in float64), so ``Xc^T r = q - h`` and the duality gap is
exact from Gram quantities alone::

    ||r||^2 = yy - 2 w^T q + w^T h,    y^T r = yy - w^T q.

The dual point is the rescaled residual (as in scikit-learn's
``enet_coordinate_descent_gram``; without an L1 part, the residual itself
with the ridge's conjugate), the gap is the quadratic datafit's one formula
(skreg/_datafits.pxd), evaluated after every epoch in O(p) and compared
with ``tol_abs``: scikit-learn's ``tol * ||y||^2``.  The gap's quantities
are accumulated in float64 whatever the data's dtype.

Every ``def`` entry point validates shapes, dtypes and layout and raises
``ValueError`` before the ``nogil`` kernel runs; the kernel only indexes
within the shapes checked there, which is why bounds checking is off.
"""

import numpy as np

from cython cimport floating
from libc.math cimport fabs
from scipy.linalg.cython_blas cimport daxpy

from skreg._kernel_checks import check_float_dtype, check_path_arguments, check_vector
from skreg._datafits cimport quadratic_dual
from skreg._penalties cimport ElasticNet, pen_conjugate
from skreg._thresholds cimport soft_threshold


cdef inline void _axpy(int n, double a, const floating *x,
                       double *y) noexcept nogil:
    """``y += a x`` with y in float64 whatever the dtype of x."""
    cdef int one = 1, k
    if floating is double:
        daxpy(&n, &a, <double *> x, &one, y, &one)
    else:
        for k in range(n):
            y[k] += a * x[k]


cdef double _gram_gap(int p, const floating *q, double yy, const floating *w,
                      const double *h, double l1, double l2,
                      bint positive) noexcept nogil:
    """Duality gap at w from the Gram quantities (float64 accumulation).

    The quadratic datafit's one gap formula (skreg/_datafits.pxd) with the
    residual r as dual direction: ``Xc^T r = q - h``, ``||r||^2 = yy -
    2 w^T q + w^T h`` and ``y^T r = yy - w^T q``.  With an L1 part, the
    point is scikit-learn's: r (augmented by ``-sqrt(l2) w``) scaled by
    ``min(1, l1 / max_j |x_j^T r - l2 w_j|)``; without one (a ridge), r
    itself and the ridge's conjugate.
    """
    cdef int j
    cdef double wq = 0.0, wh = 0.0, l1norm = 0.0, l2norm = 0.0
    cdef double g, dual_norm = 0.0, rr, yr, scale, primal, conj = 0.0
    cdef ElasticNet ridge
    for j in range(p):
        wq += w[j] * q[j]
        wh += w[j] * h[j]
        l1norm += fabs(w[j])
        l2norm += w[j] * w[j]
        # Correlation of the (augmented) residual with column j.
        g = q[j] - h[j] - l2 * w[j]
        if not positive:
            g = fabs(g)
        if g > dual_norm:
            dual_norm = g
    rr = yy - 2.0 * wq + wh
    if rr < 0.0:
        # Rounding at an (almost) interpolating solution.
        rr = 0.0
    yr = yy - wq
    primal = 0.5 * rr + l1 * l1norm + 0.5 * l2 * l2norm
    if l1 > 0.0:
        scale = l1 / dual_norm if dual_norm > l1 else 1.0
        return primal - quadratic_dual(scale, yr, rr + l2 * l2norm, 0.0)
    if l2 > 0.0:
        ridge.alpha = l2
        ridge.l1_ratio = 0.0
        ridge.positive = positive
        for j in range(p):
            conj += pen_conjugate(&ridge, j, q[j] - h[j])
        return primal - quadratic_dual(1.0, yr, rr, conj)
    # No penalty: no dual to bound with; the first-order condition
    # ||Xc^T r||^2, as the solver on X uses.
    for j in range(p):
        g = q[j] - h[j]
        conj += g * g
    return conj


cdef int _gram_solve(int p, const floating *G, const floating *q, double yy,
                     floating *w, double *h, double l1, double l2,
                     bint positive, bint random, unsigned int *seed,
                     double tol_abs, int max_iter, double *gap_out,
                     int *epochs_out) noexcept nogil:
    """Cyclic (or random) CD until the gap is at most ``tol_abs``; 1 if so."""
    cdef int epoch, jj, j
    cdef double gjj, wj, z, new, gap = 0.0
    for epoch in range(max_iter):
        for jj in range(p):
            if random:
                seed[0] = seed[0] * 1103515245u + 12345u
                j = (seed[0] >> 8) % (<unsigned int> p)
            else:
                j = jj
            gjj = G[<Py_ssize_t> j * p + j]
            if gjj == 0.0:
                # A zero (centered) column: its coefficient stays zero.
                continue
            wj = w[j]
            z = q[j] - h[j] + gjj * wj
            if positive and z < 0.0:
                new = 0.0
            else:
                new = soft_threshold(z, l1) / (gjj + l2)
            # Rounded to the dtype of w first, so that h stays exactly G w.
            new = <floating> new
            if new != wj:
                # G is symmetric: row j is column j, contiguous.
                _axpy(p, new - wj, G + <Py_ssize_t> j * p, h)
                w[j] = <floating> new
        gap = _gram_gap(p, q, yy, w, h, l1, l2, positive)
        if gap <= tol_abs:
            gap_out[0] = gap
            epochs_out[0] = epoch + 1
            return 1
    gap_out[0] = gap
    epochs_out[0] = max_iter
    return 0


def enet_path_gram(G, q, yy, l1s, l2s, w, *, tol_abs, max_iter, positive=False,
                   random=False, seed=0):
    """Solve the elastic net on a Gram matrix for each ``(l1s[a], l2s[a])``.

    Minimizes ``1/2 ||y - Xc w||^2 + l1 ||w||_1 + l2/2 ||w||^2`` knowing only
    ``G = Xc^T Xc``, ``q = Xc^T y`` and ``yy = y^T y``; each solution
    warm-starts the next.

    Parameters
    ----------
    G : ndarray of shape (n_features, n_features), C-contiguous
        Symmetric Gram matrix, float32 or float64.
    q : ndarray of shape (n_features,), dtype of G
    yy : float
        ``y^T y`` (non-negative).
    l1s, l2s : float64 ndarrays of shape (n_alphas,)
        Penalty strengths in the n-scaled objective, non-negative.
    w : ndarray of shape (n_features,), dtype of G
        Initial coefficients, overwritten with the last solution.
    tol_abs : float
        Stop when the duality gap is at most this.
    max_iter : int
        Maximum number of epochs per alpha.

    Returns
    -------
    coefs : ndarray of shape (n_alphas, n_features)
    gaps : float64 ndarray of shape (n_alphas,), in the n-scaled units
    n_iters : int32 ndarray of shape (n_alphas,)
    converged : bool ndarray of shape (n_alphas,)
    """
    if not isinstance(G, np.ndarray) or G.ndim != 2 or G.shape[0] != G.shape[1]:
        raise ValueError("G must be a square 2-D numpy array.")
    dtype = G.dtype
    check_float_dtype(dtype, "G")
    if not G.flags.c_contiguous:
        raise ValueError("G must be C-contiguous.")
    p = G.shape[0]
    if p < 1:
        raise ValueError("G must have at least one feature.")
    check_vector(q, p, dtype, "q")
    check_vector(w, p, dtype, "w", writeable=True)
    yy = float(yy)
    if not np.isfinite(yy) or yy < 0:
        raise ValueError("yy must be a finite non-negative number.")
    l1s, l2s = check_path_arguments(l1s, l2s, tol_abs, max_iter, seed)
    if not (np.all(np.isfinite(G)) and np.all(np.isfinite(q))):
        raise ValueError("G and q must be finite.")
    # h = G w, carried along the path and updated by one axpy per move; kept
    # in float64 so that the gap (a difference of large terms) stays exact
    # enough for small tol with float32 data.
    h = np.ascontiguousarray(G.astype(np.float64) @ w.astype(np.float64))
    n_alphas = l1s.shape[0]
    coefs = np.empty((n_alphas, p), dtype=dtype)
    gaps = np.empty(n_alphas, dtype=np.float64)
    n_iters = np.zeros(n_alphas, dtype=np.int32)
    converged = np.zeros(n_alphas, dtype=np.int32)
    if dtype == np.float64:
        _gram_dispatch[double](G, q, yy, l1s, l2s, w, h, coefs, gaps, n_iters,
                               converged, tol_abs, int(max_iter), positive,
                               random, seed)
    else:
        _gram_dispatch[float](G, q, yy, l1s, l2s, w, h, coefs, gaps, n_iters,
                              converged, tol_abs, int(max_iter), positive,
                              random, seed)
    return coefs, gaps, n_iters, converged.astype(bool)


cdef _gram_dispatch(const floating[:, ::1] G, const floating[::1] q, double yy,
                    const double[::1] l1s, const double[::1] l2s,
                    floating[::1] w, double[::1] h, floating[:, ::1] coefs,
                    double[::1] gaps, int[::1] n_iters, int[::1] converged,
                    double tol_abs, int max_iter, bint positive, bint random,
                    unsigned int seed):
    cdef int a, j, p = G.shape[0]
    with nogil:
        for a in range(l1s.shape[0]):
            converged[a] = _gram_solve(p, &G[0, 0], &q[0], yy, &w[0], &h[0],
                                       l1s[a], l2s[a], positive, random, &seed,
                                       tol_abs, max_iter, &gaps[a],
                                       &n_iters[a])
            for j in range(p):
                coefs[a, j] = w[j]
