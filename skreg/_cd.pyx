# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False
"""Elastic-net coordinate descent with working sets, screening and extrapolation.

Problem solved (the estimators' objective multiplied by n, as in
scikit-learn's ``_cd_fast``)::

    min_w  1/2 ||y - Xc w||^2 + l1 ||w||_1 + l2 / 2 ||w||^2

where ``Xc`` is the *implicitly centered* design: column j of ``Xc`` is
``x_j - mean_j * v`` with ``x_j`` a column of the dense Fortran-ordered or CSC
matrix passed in, ``mean`` the centering offsets and ``v`` the vector of
square-rooted sample weights (ones without weights).  Centering is never
materialized: the residual is stored as ``r_s`` plus a scalar ``c`` times
``v``, so updating a coordinate costs one column axpy (O(nnz) for sparse X)
and two scalar updates.

The penalty is a piece of skreg/_penalties.pxd (``ScreenedPenalty``: L1 for
the Lasso, ElasticNet; its coordinate update, levels and value) and the dual
objective the quadratic datafit's one formula in skreg/_datafits.pxd, which
the Gram solver (skreg/_cd_gram.pyx) shares.  ``_solve`` runs the phases
below in turn: ``_outer_gap``, ``_screen_and_rank``, ``_grow_working_set``
and ``_inner_solve``.

Algorithm (the ideas of Massias et al. 2018, "Celer", and Bertrand et al.
2022, "skglm"; our own implementation):

* outer loop: compute ``X^T r`` on all live features, build the best dual
  point among the rescaled residual, the dual extrapolated from the inner
  solver's last residuals, and the previous best; its duality gap on the full
  (screened) problem is the ONLY stopping test, against ``tol_abs``
  (scikit-learn's ``tol * ||y||^2``);
* gap-safe screening drops for good the features whose dual constraint
  cannot be active (Fercoq et al. 2015);
* a working set of the features closest to their dual constraint,
  ``d_j = (l1 - |x_j^T theta|) / ||x_j||`` with ``theta`` this step's best
  dual point, always holding the current support: twice the support
  (doubled instead when an inner solve failed to lower the gap or the
  support filled half the set); a set of half the live features or more
  becomes the whole problem;
* inner loop: cyclic (or random) coordinate descent on the working set,
  stopped when its own duality gap (with Anderson extrapolation of the last
  ``K`` residuals) falls below a fraction of the outer gap; between two of
  its gap checks, zero coordinates far inside their dual constraint are not
  updated (shrinking);
* primal Anderson extrapolation of the working-set coefficients every
  ``K + 1`` epochs, kept only when it lowers the objective;
* once the support and signs stop changing, and when the gap's rate says
  CD would need more work than it costs, an exact solve of the optimality
  system on the support (Cholesky of the support Gram matrix) as an
  active-set homotopy that drops each coordinate whose sign would change:
  it ends the thousands of epochs CD needs on ill-conditioned p >> n
  problems;
* the passes over all of X (and over the working set at the inner checks)
  read each column once for X^T r and X^T r_extrapolated, and are split
  over OpenMP threads when a single kernel runs in the process.

Every ``def`` entry point validates shapes, dtypes and layout and raises
``ValueError`` before the ``nogil`` kernel runs; the kernel only indexes
within the shapes checked there, which is why bounds checking is off.
"""

import numpy as np

cimport cython
from cython cimport floating
from libc.math cimport INFINITY, fabs, frexp, ldexp, log, sqrt
from cython.parallel cimport prange
from cpython.mem cimport PyMem_RawFree, PyMem_RawMalloc, PyMem_RawRealloc
from libc.stdlib cimport qsort
from libc.string cimport memcpy, memmove
from scipy.linalg.cython_blas cimport (daxpy, ddot, dgemv, dsdot, dsyrk, dtrsv, saxpy,
                                      sdot)
from scipy.linalg.cython_lapack cimport dpotrf

from skreg._kernel_checks import (check_design, check_l1_ratio, check_path_arguments,
                                  check_sample_weight, check_vector)
from skreg._datafits cimport (Datafit, Logistic, Quadratic, df_conjugate, df_grad,
                              df_hess, df_hess_bound, df_value)
from skreg._penalties cimport (L1, L2, ElasticNet, Penalty, WeightedL1,
                               MCP, SCAD, Lp, WeightedElasticNet, pen_has_gap,
                               pen_kkt_score,
                               pen_conjugate, pen_l1_level,
                               pen_dual_level, pen_l2_level, pen_positive,
                               pen_prox,
                               pen_value)
from skreg._datafits cimport quadratic_best_scale, quadratic_dual
from skreg._penalties cimport (ScreenedPenalty, pen_cd_update, screened_l1,
                               screened_l2, screened_value, screened_weight)
from skreg._penalties cimport MCP, SCAD, Lp, pen_has_gap, pen_kkt_score

# Number of past residuals the dual extrapolation combines: K_EXTRA, in
# _cd.pxd (shared with the multinomial kernel's extrapolation).
# Inner epochs between two inner duality-gap evaluations.
DEF GAP_FREQ = 10
# Smallest working set.  Each outer iteration costs a full X^T r pass, so
# starting at 200 features (not celer's 10) saves the 4-5 outer passes of the
# doubling from 10, while an epoch over 200 columns stays cheap (measured:
# 1000 x 10000 at alpha_max / 10 twice as fast, alpha_max / 100 unchanged).
DEF WS_START = 200
# Largest support (and n * support) for the exact solve on the support.
DEF NEWTON_MAX_SUPPORT = 2000
DEF NEWTON_MAX_CELLS = 20000000
# Coordinates the active-set loop of the support solve may drop before it
# gives up (each drop costs O(support^2)).
DEF NEWTON_MAX_DROPS = 64
# The support solve's workspace, at most this fraction of X's size (the
# fit's other buffers take a few more percent, within issue 8's 10 % of X).
# It is allocated with PyMem_RawMalloc: GIL-free, and seen by tracemalloc,
# so the memory tests account for it.
DEF NEWTON_MAX_MEMORY = 0.05
# ... or at most this many bytes, whatever X's size: on a small X the fit's
# vectors alone exceed that fraction of it, and the cap kept the solve from
# the small p >> n problems where coordinate descent crawls most (n = 40,
# p = 449, positive, small alpha: 200000 epochs without converging).
DEF NEWTON_FREE_BYTES = 262144.0
# Between two inner gap checks, zero coordinates with |x_j^T r| below this
# fraction of the L1 level are not updated (see the shrinking step).  0.97
# rather than 0.9: fewer column reads per epoch, which matters most when two
# fits share the last-level cache, with no loss on the benchmark problems.
DEF SHRINK = 0.97
# A pass of column dots is split over the OpenMP threads the caller grants
# (skreg.utils._threading) from this many matrix entries on: below it, waking the threads costs more
# than the pass.  Columns are handed out in chunks of PASS_CHUNK.
DEF PARALLEL_MIN_WORK = 1048576
DEF PASS_CHUNK = 16
# Fraction of the outer gap the inner solver must reach.  0.1 rather than
# celer's 0.3: an outer step reads all of X, an inner epoch only the working
# set, so solving the working set further saves outer steps (measured with
# the working-set rules below: 1000 x 10000 at alpha_max / 10 needs 3 outer
# steps instead of 5, 2000 x 3000 at alpha_max / 100 4 instead of 9-11).
DEF INNER_TOL_RATIO = 0.1
# The same for a penalty without a duality gap, whose stopping score is a
# gradient (the gap is quadratic in it): skglm's 0.3.
DEF NC_INNER_RATIO = 0.3
# The support fills at least this fraction of the working set: the set was
# too small for it, so it doubles rather than growing to twice the support
# (which, on a support still growing by half each time, took 5 outer steps
# to reach its size on 2000 x 3000).
DEF WS_SATURATED = 0.5
# A working set of at least this fraction of the live features becomes the
# whole problem: it saves little per epoch, and the whole problem needs no
# outer step (it stops on its own duality gap, which is then the full one).
DEF WS_WHOLE = 0.5


# The exact solve on a stable support (switchable for benchmarks).
cdef bint _use_support_newton = True


def _set_support_newton(bint flag):
    """Turn the exact support solve on or off (benchmarking aid)."""
    global _use_support_newton
    _use_support_newton = flag


ctypedef struct Pair:
    double key
    int index


cdef inline bint _pair_less(const Pair *a, const Pair *b) noexcept nogil:
    """Working-set priority order: by key, ties by index (strict and total)."""
    return a.key < b.key or (a.key == b.key and a.index < b.index)


cdef inline void _swap_pairs(Pair *a, Pair *b) noexcept nogil:
    cdef Pair tmp = a[0]
    a[0] = b[0]
    b[0] = tmp


cdef void _select_smallest(Pair *a, int n, int k) noexcept nogil:
    """Reorder ``a[:n]`` so that ``a[:k]`` holds its k smallest pairs.

    Quickselect (Hoare partition, median-of-three pivot): O(n) on average,
    where sorting all n features to pick the working set cost O(n log n)
    at every outer step -- a fifth of a fit on 20000 x 50000 sparse data.
    The order is strict and total, so the selected set is exactly the first
    k of the sorted order: the working set does not change.
    """
    cdef int lo = 0, hi = n - 1, i, j, mid
    cdef Pair pivot
    if k <= 0 or k >= n:
        return
    while lo < hi:
        mid = lo + (hi - lo) // 2
        if _pair_less(&a[mid], &a[lo]):
            _swap_pairs(&a[mid], &a[lo])
        if _pair_less(&a[hi], &a[lo]):
            _swap_pairs(&a[hi], &a[lo])
        if _pair_less(&a[hi], &a[mid]):
            _swap_pairs(&a[hi], &a[mid])
        pivot = a[mid]
        i = lo
        j = hi
        while i <= j:
            while _pair_less(&a[i], &pivot):
                i += 1
            while _pair_less(&pivot, &a[j]):
                j -= 1
            if i <= j:
                _swap_pairs(&a[i], &a[j])
                i += 1
                j -= 1
        # Now a[lo..j] <= pivot <= a[i..hi], and a[j+1..i-1] == pivot.
        if k - 1 <= j:
            hi = j
        elif k - 1 >= i:
            lo = i
        else:
            return


cdef int _cmp_int(const void *a, const void *b) noexcept nogil:
    return (<int *> a)[0] - (<int *> b)[0]


# --------------------------------------------------------------------------
# BLAS and column helpers
# --------------------------------------------------------------------------

cdef inline double _dot(int n, const floating *x, const floating *y) noexcept nogil:
    cdef int one = 1
    if floating is double:
        return ddot(&n, <double *> x, &one, <double *> y, &one)
    else:
        return sdot(&n, <float *> x, &one, <float *> y, &one)


cdef inline void _axpy(int n, floating a, const floating *x,
                       floating *y) noexcept nogil:
    cdef int one = 1
    if floating is double:
        daxpy(&n, &a, <double *> x, &one, y, &one)
    else:
        saxpy(&n, &a, <float *> x, &one, y, &one)


ctypedef struct Design:
    # Shapes and the sparse structure; the values live in a typed pointer
    # passed alongside, since a struct cannot hold a fused type.
    int n
    int p
    bint sparse
    bint centered
    int n_threads      # OpenMP threads for the passes over X
    # The fast solver's nonconvex penalties enter its objective as
    # pen_scale * pen(w) (pen in the estimators' units, the datafit summed
    # rather than averaged: pen_scale = n); the convex ones take their
    # levels already scaled.
    double pen_scale
    const int *indices
    const int *indptr


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
    cdef int k
    if d.sparse:
        for k in range(d.indptr[j], d.indptr[j + 1]):
            r[d.indices[k]] += a * X[k]
        return
    _axpy(d.n, a, X + <Py_ssize_t> j * d.n, r)


cdef inline void _col_dot2(Design *d, const floating *X, int j,
                           const floating *a, const floating *b,
                           double *out_a, double *out_b) noexcept nogil:
    """``out_a[j] = x_j^T a`` and ``out_b[j] = x_j^T b``.

    A sparse column is read once for both dots.  A dense column gets two
    BLAS dots: the second finds it in the core's L2 cache, and the BLAS's
    wide vector kernels beat a fused loop in this extension's baseline
    instruction set (which has no AVX, for portable wheels) by 1.5x on the
    inner gap checks of 2000 x 3000.
    """
    cdef int k
    cdef double sa, sb
    if d.sparse:
        sa = 0.0
        sb = 0.0
        for k in range(d.indptr[j], d.indptr[j + 1]):
            sa += X[k] * a[d.indices[k]]
            sb += X[k] * b[d.indices[k]]
        out_a[j] = sa
        out_b[j] = sb
        return
    out_a[j] = _col_dot(d, X, j, a)
    out_b[j] = _col_dot(d, X, j, b)


cdef void _col_dots1(Design *d, const floating *X, const int *feats,
                     int n_feats, const floating *a, double *out_a) noexcept nogil:
    """``out_a[j] = x_j^T a`` for the features j in ``feats``.

    One dot per column rather than one gemv: only the listed (unscreened, or
    working-set) columns are read, and the BLAS stays single-threaded so that
    fits running in parallel Python threads do not oversubscribe the cores.
    """
    cdef int t
    cdef int n_threads = _pass_threads(d, n_feats)
    if n_threads > 1:
        for t in prange(n_feats, num_threads=n_threads, schedule="dynamic",
                        chunksize=PASS_CHUNK):
            out_a[feats[t]] = _col_dot(d, X, feats[t], a)
        return
    for t in range(n_feats):
        out_a[feats[t]] = _col_dot(d, X, feats[t], a)


cdef void _col_dots2(Design *d, const floating *X, const int *feats,
                     int n_feats, const floating *a, const floating *b,
                     double *out_a, double *out_b) noexcept nogil:
    """``x_j^T a`` and ``x_j^T b`` for the features j in ``feats``, in one sweep.

    The gap evaluations need X^T of both the residual and the extrapolated
    residual; the columns come from far caches (or memory, for the outer
    step), so both dots are taken while the column is in the near caches,
    which halves that traffic.
    """
    cdef int t
    cdef int n_threads = _pass_threads(d, n_feats)
    if n_threads > 1:
        for t in prange(n_feats, num_threads=n_threads, schedule="dynamic",
                        chunksize=PASS_CHUNK):
            _col_dot2(d, X, feats[t], a, b, out_a, out_b)
        return
    for t in range(n_feats):
        _col_dot2(d, X, feats[t], a, b, out_a, out_b)


cdef inline int _pass_threads(Design *d, int n_cols) noexcept nogil:
    """OpenMP threads for a pass of column dots over ``n_cols`` columns."""
    cdef long work
    if d.n_threads <= 1:
        return 1
    if d.sparse:
        # The listed columns' entries, estimated from the average column.
        work = <long> (<double> n_cols * d.indptr[d.p] / d.p)
    else:
        work = <long> n_cols * d.n
    if work < PARALLEL_MIN_WORK:
        return 1
    return d.n_threads


# --------------------------------------------------------------------------
# nonzero counts: the solver's cost decisions see the data, not its storage
# --------------------------------------------------------------------------

cdef int _count_nonzeros(Design *d, const floating *X, int j) noexcept nogil:
    """Nonzero values of column j (a zero stored in a CSC matrix excluded)."""
    cdef Py_ssize_t k, start, stop
    cdef int c = 0
    if d.sparse:
        start = d.indptr[j]
        stop = d.indptr[j + 1]
    else:
        start = <Py_ssize_t> j * d.n
        stop = start + d.n
    for k in range(start, stop):
        c += X[k] != 0.0
    return c


cdef bint _nonzeros_reach(Design *d, int *col_nnz, const floating *X,
                          const int *feats, int n_feats,
                          double limit) noexcept nogil:
    """Whether the columns ``feats`` hold at least ``limit`` nonzero values.

    The solver's cost decisions (per-epoch extras, the support solve's
    memory cap) count nonzero values rather than stored entries, so that
    the same data given dense or sparse takes the same decisions.  Counting
    stops as soon as the answer is known: no counting at all when the
    stored entries already fall short (a dense column stores n), else
    columns are counted (once per path, cached in ``col_nnz``) until the
    limit is reached.
    """
    cdef int t, j
    cdef double stored = 0.0, total = 0.0
    for t in range(n_feats):
        j = feats[t]
        stored += (d.indptr[j + 1] - d.indptr[j]) if d.sparse else d.n
    if stored < limit:
        return False
    for t in range(n_feats):
        j = feats[t]
        if col_nnz[j] < 0:
            col_nnz[j] = _count_nonzeros(d, X, j)
        total += col_nnz[j]
        if total >= limit:
            return True
    return False


# --------------------------------------------------------------------------
# solver state
# --------------------------------------------------------------------------

ctypedef struct State:
    double c        # residual = r_s + c * v
    double vrs      # v^T r_s
    double vv       # v^T v


cdef inline void _normalize(Design *d, State *st, floating *r,
                            const floating *v) noexcept nogil:
    """Fold the scalar shift into the stored residual: r_s += c v, c = 0."""
    cdef int i
    cdef double s = 0.0
    if d.centered:
        if st.c != 0.0:
            for i in range(d.n):
                r[i] += <floating> (st.c * v[i])
        st.c = 0.0
        for i in range(d.n):
            s += v[i] * r[i]
        st.vrs = s


cdef inline void _centered_dots(Design *d, const double *raw, const double *mean,
                                double vr, double *out,
                                const unsigned char *skip) noexcept nogil:
    """Column dots of the centered design from the raw ones: minus mean_j v^T r."""
    cdef int j
    for j in range(d.p):
        if not skip[j]:
            out[j] = raw[j] - mean[j] * vr if d.centered else raw[j]


cdef inline double _nc_value(Design *d, ScreenedPenalty *pen, int j,
                             double w) noexcept nogil:
    """pen_scale * pen_j(w), a nonconvex penalty's part of the objective."""
    return d.pen_scale * pen_value(pen, j, w) if w != 0.0 else 0.0


cdef inline double _nc_score(Design *d, ScreenedPenalty *pen, Work *wk, int j,
                             double w, double xtr) noexcept nogil:
    """The stationarity score of coordinate j for a penalty without a
    duality gap (pen_kkt_score, skreg/_penalties.pxd), in the solver's
    units: the gradient of ``1/2 ||r||^2`` is ``-x_j^T r`` and the penalty
    is scaled by pen_scale."""
    cdef double s = d.pen_scale
    return s * pen_kkt_score(pen, j, w, -xtr / s, wk.norm2[j] / s)


cdef inline double _nc_zero_slope(Design *d, ScreenedPenalty *pen,
                                  int j) noexcept nogil:
    """The slope at 0 of a nonconvex penalty (its threshold for a zero
    coordinate: 0 is stationary while |x_j^T r| stays below it); 0 (no
    shrinking) for Lp, whose slope there is infinite."""
    if ScreenedPenalty is Lp:
        return 0.0
    else:
        return d.pen_scale * screened_l1(pen) * screened_weight(pen, j)


cdef double _primal(Design *d, ScreenedPenalty *pen, const floating *r,
                    const floating *w, const int *feats,
                    int n_feats) noexcept nogil:
    """Primal objective; w must be zero outside ``feats``."""
    cdef int t, j
    cdef double l1norm = 0.0, l2norm = 0.0
    cdef double rr = _dot(d.n, r, r)
    if not pen_has_gap(pen):
        for t in range(n_feats):
            j = feats[t]
            l1norm += _nc_value(d, pen, j, w[j])
        return 0.5 * rr + l1norm
    for t in range(n_feats):
        j = feats[t]
        l1norm += fabs(w[j]) * screened_weight(pen, j)
        l2norm += w[j] * w[j]
    return 0.5 * rr + screened_value(pen, l1norm, l2norm)


cdef double _dual(Design *d, ScreenedPenalty *pen, const floating *y,
                  const floating *rho,
                  const floating *u, const double *xtrho, const floating *w,
                  const int *feats, int n_feats, double *scale) noexcept nogil:
    """Best dual value along the ray of the augmented residual (rho, -sqrt(l2) u).

    The elastic net is a Lasso on ``[X; sqrt(l2) I]``, whose dual is
    ``D(t) = y^T t - ||t||^2 / 2`` over ``|X_aug^T t| <= l1_j`` (the level
    ``l1_j = l1 * weight_j``).  The point ``s * (rho, -sqrt(l2) u)`` is
    feasible for ``s <= l1 / max_j (|g_j| / weight_j)`` with
    ``g = X^T rho - l2 u``; the unconstrained best s is
    ``y^T rho / ||.||^2``.  Only the features in ``feats`` (the unscreened
    ones) are constrained.  A free coordinate (weight 0) has the constraint
    ``x_j^T t = 0``, which no scaling reaches: the dual is the one of the
    problem with the free coordinates held at their current values ``w``
    (y shifted by ``X_F w_F``), and the callers add the decrease still
    available along them (``_free_decrease``), as the generic solver's gap
    does.  The value is the quadratic datafit's one dual formula
    (skreg/_datafits.pxd); inside the L1 constraint the penalty's conjugate
    is zero.
    """
    cdef int t, j
    cdef double g, dn = 0.0, yr, nr, uu = 0.0, shift = 0.0, weight
    cdef double l2 = screened_l2(pen)
    cdef bint positive = pen_positive(pen)
    for t in range(n_feats):
        j = feats[t]
        weight = screened_weight(pen, j)
        if weight == 0.0:
            shift += w[j] * xtrho[j]
            continue
        g = xtrho[j] - l2 * u[j]
        if not positive:
            g = fabs(g)
        g = g / weight
        if g > dn:
            dn = g
    yr = _dot(d.n, y, rho) - shift
    nr = _dot(d.n, rho, rho)
    if l2 > 0:
        # u is zero outside feats (screened or out of the working set).
        for t in range(n_feats):
            j = feats[t]
            uu += u[j] * u[j]
        nr += l2 * uu
    scale[0] = quadratic_best_scale(yr, nr, dn, screened_l1(pen))
    return quadratic_dual(scale[0], yr, nr, 0.0)


cdef double _free_decrease(ScreenedPenalty *pen, Work *wk, const floating *w,
                           const int *feats, int n_feats) noexcept nogil:
    """The objective decrease still available along the free coordinates
    (weight 0) of ``feats``, one exact coordinate step each, from the
    centered ``X^T r`` in wk.xtr: the part of the gap that asks them to be
    stationary (see ``_dual``)."""
    cdef int t, j
    cdef double total = 0.0, lip, new, delta
    if wk.n_free == 0:
        return 0.0
    for t in range(n_feats):
        j = feats[t]
        if screened_weight(pen, j) != 0.0:
            continue
        lip = wk.norm2[j] + screened_l2(pen)
        if lip <= 0.0:
            continue
        new = w[j] + wk.xtr[j] / lip
        if pen_positive(pen) and new < 0.0:
            new = 0.0
        delta = new - w[j]
        total += wk.xtr[j] * delta - 0.5 * lip * delta * delta
    return total


cdef double _ridge_gap(Design *d, ScreenedPenalty *pen, double P,
                       const floating *y, const floating *r,
                       const double *xtr, const int *feats,
                       int n_feats) noexcept nogil:
    """Duality gap without an L1 part (the ridge; the unpenalized problem).

    The residual itself is the dual point and the ridge's conjugate enters
    the quadratic datafit's dual formula (scikit-learn's gap for the ridge,
    so that tol means the same thing).  Unpenalized, there is no dual to
    bound with: the first-order condition ``||Xc^T r||^2`` decides.
    """
    cdef int t, j
    cdef double conj = 0.0
    if screened_l2(pen) > 0.0:
        for t in range(n_feats):
            j = feats[t]
            conj += pen_conjugate(pen, j, xtr[j])
        return P - quadratic_dual(1.0, _dot(d.n, y, r), _dot(d.n, r, r), conj)
    for t in range(n_feats):
        j = feats[t]
        conj += xtr[j] * xtr[j]
    return conj


cdef int _anderson_weights(double M[K_EXTRA][K_EXTRA + 1],
                           double *c) noexcept nogil:
    """Solve ``M z = 1`` (M the Gram of K successive differences, its last
    column the right-hand side) and return ``c = z / sum(z)``; 0 if singular.
    """
    cdef int a, b, k, piv
    cdef double s, tmp, total = 0.0, big = 0.0
    for a in range(K_EXTRA):
        M[a][K_EXTRA] = 1.0
        if M[a][a] > big:
            big = M[a][a]
    if big <= 0.0:
        return 0
    # Gaussian elimination with partial pivoting on the K x (K+1) system.
    for k in range(K_EXTRA):
        piv = k
        for a in range(k + 1, K_EXTRA):
            if fabs(M[a][k]) > fabs(M[piv][k]):
                piv = a
        if fabs(M[piv][k]) <= 1e-14 * big:
            return 0
        if piv != k:
            for b in range(K_EXTRA + 1):
                tmp = M[k][b]
                M[k][b] = M[piv][b]
                M[piv][b] = tmp
        for a in range(k + 1, K_EXTRA):
            tmp = M[a][k] / M[k][k]
            for b in range(k, K_EXTRA + 1):
                M[a][b] -= tmp * M[k][b]
    for k in range(K_EXTRA - 1, -1, -1):
        s = M[k][K_EXTRA]
        for b in range(k + 1, K_EXTRA):
            s -= M[k][b] * c[b]
        c[k] = s / M[k][k]
        total += c[k]
    if total == 0.0 or total != total:
        return 0
    for k in range(K_EXTRA):
        c[k] /= total
    return 1


cdef inline void _zero_gram(double M[K_EXTRA][K_EXTRA + 1]) noexcept nogil:
    cdef int a, b
    for a in range(K_EXTRA):
        for b in range(K_EXTRA + 1):
            M[a][b] = 0.0


cdef void _add_diff_gram(double M[K_EXTRA][K_EXTRA + 1], const floating *hist,
                         Py_ssize_t length, double weight) noexcept nogil:
    """``M[a][b] += weight * (h_{a+1} - h_a)^T (h_{b+1} - h_b)``."""
    cdef int a, b
    cdef Py_ssize_t i
    cdef double s, da
    for a in range(K_EXTRA):
        for b in range(a, K_EXTRA):
            s = 0.0
            for i in range(length):
                da = hist[(a + 1) * length + i] - hist[a * length + i]
                s += da * (hist[(b + 1) * length + i] - hist[b * length + i])
            M[a][b] += weight * s
            if b != a:
                M[b][a] += weight * s


cdef void _combine(const floating *hist, Py_ssize_t length, const double *c,
                   floating *out) noexcept nogil:
    """``out = sum_k c_k h_{k+1}``."""
    cdef Py_ssize_t i
    cdef int k
    cdef double s
    for i in range(length):
        s = 0.0
        for k in range(K_EXTRA):
            s += c[k] * hist[(k + 1) * length + i]
        out[i] = <floating> s


cdef int _anderson_point(const floating *hist, Py_ssize_t length,
                         floating *out, double max_weight) noexcept nogil:
    """``out``: the Anderson combination of K+1 successive iterates of
    length ``length`` (``hist``, oldest first); 0 when the system is
    singular or a weight exceeds ``max_weight`` in magnitude (``out``
    untouched)."""
    cdef double M[K_EXTRA][K_EXTRA + 1]
    cdef double c[K_EXTRA]
    cdef int a
    _zero_gram(M)
    _add_diff_gram(M, hist, length, 1.0)
    if not _anderson_weights(M, c):
        return 0
    for a in range(K_EXTRA):
        if fabs(c[a]) > max_weight:
            return 0
    _combine(hist, length, c, out)
    return 1


cdef int _extrapolate(Design *d, ScreenedPenalty *pen, const floating *hist_r,
                      const floating *hist_w, int n_w, floating *r_acc,
                      floating *w_acc) noexcept nogil:
    """Anderson combination of the last K+1 residuals (oldest first).

    ``hist_w`` holds the working-set coefficients, combined alike so that the
    augmented (elastic-net) residual ``(r, -sqrt(l2) w)`` is extrapolated
    consistently.  Returns 0 when the system is singular.
    """
    cdef double M[K_EXTRA][K_EXTRA + 1]
    cdef double c[K_EXTRA]
    _zero_gram(M)
    _add_diff_gram(M, hist_r, d.n, 1.0)
    if screened_l2(pen) > 0:
        _add_diff_gram(M, hist_w, n_w, screened_l2(pen))
    if not _anderson_weights(M, c):
        return 0
    _combine(hist_r, d.n, c, r_acc)
    _combine(hist_w, n_w, c, w_acc)
    return 1


cdef void _primal_acceleration(Design *d, ScreenedPenalty *pen, State *st,
                               Work *wk,
                               const floating *X, const floating *v,
                               floating *w, floating *r, const floating *hist,
                               int m, floating *w_new,
                               floating *r_new) noexcept nogil:
    """Anderson extrapolation of the working-set coefficients (as in skglm).

    The extrapolated point replaces the iterate only if it lowers the
    objective (and stays feasible under ``positive``), so convergence is
    never harmed; its residual costs one column pass over the working set.
    """
    cdef int t, j
    cdef double delta, shift = 0.0, l1norm = 0.0, l2norm = 0.0, P_new, P_old
    cdef Py_ssize_t i
    if not _anderson_point(hist, m, w_new, INFINITY):
        return
    if pen_positive(pen):
        for t in range(m):
            if w_new[t] < 0:
                return
    _normalize(d, st, r, v)
    memcpy(r_new, r, d.n * sizeof(floating))
    for t in range(m):
        j = wk.ws[t]
        delta = w_new[t] - w[j]
        if delta != 0.0:
            _col_axpy(d, X, j, <floating> (-delta), r_new)
            shift += delta * wk.mean[j]
        if pen_has_gap(pen):
            l1norm += fabs(w_new[t]) * screened_weight(pen, j)
            l2norm += w_new[t] * w_new[t]
        else:
            l1norm += _nc_value(d, pen, j, w_new[t])
    if d.centered and shift != 0.0:
        for i in range(d.n):
            r_new[i] += <floating> (shift * v[i])
    # Coefficients outside the working set are zero (the support is always
    # inside it), so these are the full objectives.
    if pen_has_gap(pen):
        P_new = 0.5 * _dot(d.n, r_new, r_new) + screened_value(pen, l1norm,
                                                               l2norm)
    else:
        P_new = 0.5 * _dot(d.n, r_new, r_new) + l1norm
    P_old = _primal(d, pen, r, w, wk.ws, m)
    if P_new < P_old:
        memcpy(r, r_new, d.n * sizeof(floating))
        for t in range(m):
            w[wk.ws[t]] = w_new[t]
        _normalize(d, st, r, v)


cdef unsigned long long _support_signature(const floating *w, const int *ws,
                                           int m, int *k_out) noexcept nogil:
    """A hash of the support and signs of w on the working set."""
    cdef unsigned long long h = 1469598103934665603ULL
    cdef int t, k = 0
    for t in range(m):
        if w[ws[t]] != 0.0:
            k += 1
            h = (h ^ <unsigned long long> (2 * ws[t] + (w[ws[t]] > 0))) \
                * 1099511628211ULL
    k_out[0] = k
    return h


cdef inline double _newton_cost(int k, int n) noexcept nogil:
    """Cost of the support solve in coordinate updates (one update: a dot
    and an axpy of length n).  The SYRK (n k^2 flops) and the Cholesky
    (k^3 / 3) run at level-3 BLAS speed, measured about 17x the flop rate of
    the level-1 update on this design's problems."""
    return <double> k * k / 17.0 + <double> k * k * k / (42.0 * n)


cdef void _cholesky_delete(double *U, int ld, int m, int i) noexcept nogil:
    """Remove row and column i from the upper Cholesky factor U (m x m,
    column-major, leading dimension ld) of a Gram matrix, in O(m^2).

    Dropping column i of U leaves an upper Hessenberg block to its right;
    Givens rotations of rows (c, c + 1) restore the triangle.  The result is
    the factor of the Gram matrix without feature i, in the leading
    (m - 1) x (m - 1) block.
    """
    cdef int c, c2
    cdef double a, b, h, cs, sn, t1, t2
    for c in range(i, m - 1):
        memcpy(U + <Py_ssize_t> c * ld, U + <Py_ssize_t> (c + 1) * ld,
               m * sizeof(double))
    for c in range(i, m - 1):
        a = U[<Py_ssize_t> c * ld + c]
        b = U[<Py_ssize_t> c * ld + c + 1]
        h = sqrt(a * a + b * b)
        if h == 0.0:
            continue
        cs = a / h
        sn = b / h
        U[<Py_ssize_t> c * ld + c] = h
        U[<Py_ssize_t> c * ld + c + 1] = 0.0
        for c2 in range(c + 1, m - 1):
            t1 = U[<Py_ssize_t> c2 * ld + c]
            t2 = U[<Py_ssize_t> c2 * ld + c + 1]
            U[<Py_ssize_t> c2 * ld + c] = cs * t1 + sn * t2
            U[<Py_ssize_t> c2 * ld + c + 1] = cs * t2 - sn * t1


cdef int _support_newton(Design *d, ScreenedPenalty *pen, State *st, Work *wk,
                         const floating *X,
                         const floating *y, const floating *v, floating *w,
                         floating *r, int m) noexcept nogil:
    """Solve the problem exactly on the current support and signs.

    With the support S and signs s fixed, the optimality conditions are the
    linear system ``(Xc_S^T Xc_S + l2 I) w_S = Xc_S^T y - l1 s``.  Once
    coordinate descent has nearly identified S, this solve finishes the job
    that CD would need thousands of epochs for on ill-conditioned data
    (p >> n, small alpha).

    It is an active-set (homotopy) loop: move from w_S towards the solution
    of the system, stop at the first coordinate whose sign would change, set
    it to zero, drop it from the Cholesky factor (O(|S|^2), no new
    factorization) and go on towards the solution on the smaller support,
    until a full step is taken.  On the face of the orthant the objective
    is a convex quadratic, so every step lowers it.  The result is kept only
    if it lowers the objective; the duality gap still decides convergence.
    """
    cdef int n = d.n, k = 0, t, j, i, info = 0, one = 1, kk, hit, n_drop
    cdef int *supp
    cdef int *pos
    cdef double *B
    cdef double *G
    cdef double *rhs
    cdef double *b
    cdef double *cur
    cdef double *yd
    cdef double *dbuf
    cdef double dzero = 0.0, done = 1.0, dmone = -1.0
    cdef double l1norm = 0.0, l2norm = 0.0, P_new, P_old, rr, step, wt, ridge
    cdef char uplo = b'U', trans = b'T', notrans = b'N', nonunit = b'N'
    cdef int accepted = 0
    cdef double ws_bytes
    for t in range(m):
        if w[wk.ws[t]] != 0.0:
            k += 1
    if k == 0 or k > NEWTON_MAX_SUPPORT or \
            <long> k * n > NEWTON_MAX_CELLS:
        return 0
    # Its workspace (the support columns and their Gram, in float64) stays
    # within NEWTON_MAX_MEMORY of X's own size: a fit must not double the
    # memory of a large X behind the user's back.
    # X's size is counted in nonzero values (see _nonzeros_reach).
    ws_bytes = 8.0 * (<double> n * k + <double> k * k)
    if ws_bytes > NEWTON_FREE_BYTES and not _nonzeros_reach(
            d, wk.col_nnz, X, wk.all_feats, d.p,
            ws_bytes / (NEWTON_MAX_MEMORY * sizeof(floating))):
        return 0
    # One block of doubles and one of ints, carved into the buffers below.
    dbuf = <double *> PyMem_RawMalloc(
        (<Py_ssize_t> n * k + <Py_ssize_t> k * k + 3 * k + n) * sizeof(double))
    supp = <int *> PyMem_RawMalloc(2 * k * sizeof(int))
    if dbuf == NULL or supp == NULL:
        PyMem_RawFree(dbuf)
        PyMem_RawFree(supp)
        return 0
    B = dbuf
    G = B + <Py_ssize_t> n * k
    rhs = G + <Py_ssize_t> k * k
    b = rhs + k
    cur = b + k
    yd = cur + k
    pos = supp + k
    k = 0
    for t in range(m):
        if w[wk.ws[t]] != 0.0:
            supp[k] = wk.ws[t]
            k += 1
    # The centered support columns, explicitly, in double precision.
    for t in range(k):
        j = supp[t]
        if d.sparse:
            for i in range(n):
                B[<Py_ssize_t> t * n + i] = 0.0
            for i in range(d.indptr[j], d.indptr[j + 1]):
                B[<Py_ssize_t> t * n + d.indices[i]] = X[i]
        else:
            for i in range(n):
                B[<Py_ssize_t> t * n + i] = X[<Py_ssize_t> j * n + i]
        if d.centered:
            for i in range(n):
                B[<Py_ssize_t> t * n + i] -= wk.mean[j] * v[i]
    for i in range(n):
        yd[i] = y[i]
    dsyrk(&uplo, &trans, &k, &n, &done, B, &n, &dzero, G, &k)
    # A tiny ridge keeps the system solvable when the support has more than
    # n columns (then its solution runs along the null space of Xc_S, where
    # the L1 term decreases linearly: the step below stops at the first
    # zero crossing, which drops a coordinate, as a homotopy step does).
    ridge = 0.0
    for t in range(k):
        ridge += G[<Py_ssize_t> t * k + t]
    ridge = 1e-11 * ridge / k
    for t in range(k):
        G[<Py_ssize_t> t * k + t] += screened_l2(pen) + ridge
    dgemv(&trans, &n, &k, &done, B, &n, yd, &one, &dzero, rhs, &one)
    for t in range(k):
        wt = screened_l1(pen) * screened_weight(pen, supp[t])
        rhs[t] -= wt if w[supp[t]] > 0 else -wt
        cur[t] = w[supp[t]]
        pos[t] = t
    dpotrf(&uplo, &k, G, &k, &info)
    # kk: size of the live support; pos[u]: its u-th feature's slot in supp;
    # rhs and the factor G follow the live order, cur holds w_S by slot.
    kk = k
    n_drop = 0
    while info == 0 and kk > 0:
        for t in range(kk):
            b[t] = rhs[t]
        dtrsv(&uplo, &trans, &nonunit, &kk, G, &k, b, &one)
        dtrsv(&uplo, &notrans, &nonunit, &kk, G, &k, b, &one)
        # Step towards b, stopping where the first coordinate changes sign.
        step = 1.0
        hit = -1
        for t in range(kk):
            wt = cur[pos[t]]
            if b[t] != b[t]:
                info = -1
                break
            # A free coordinate (weight 0) has no kink at 0 to stop at
            # (unless it must stay positive).
            if ((b[t] > 0) != (wt > 0) or b[t] == 0.0) and (
                    screened_weight(pen, supp[pos[t]]) != 0.0
                    or pen_positive(pen)):
                if wt / (wt - b[t]) < step:
                    step = wt / (wt - b[t])
                    hit = t
        if info != 0:
            break
        for t in range(kk):
            wt = cur[pos[t]]
            cur[pos[t]] = wt + step * (b[t] - wt)
        if hit < 0:
            break
        # Drop the coordinate that reached zero and continue on the rest.
        cur[pos[hit]] = 0.0
        _cholesky_delete(G, k, kk, hit)
        memmove(rhs + hit, rhs + hit + 1, (kk - hit - 1) * sizeof(double))
        memmove(pos + hit, pos + hit + 1, (kk - hit - 1) * sizeof(int))
        kk -= 1
        n_drop += 1
        if n_drop > NEWTON_MAX_DROPS:
            break
    if info == 0:
        for t in range(k):
            l1norm += fabs(cur[t]) * screened_weight(pen, supp[t])
            l2norm += cur[t] * cur[t]
        # yd becomes the candidate residual y - Xc_S w_S.
        dgemv(&notrans, &n, &k, &dmone, B, &n, cur, &one, &done, yd, &one)
        rr = 0.0
        for i in range(n):
            rr += yd[i] * yd[i]
        P_new = 0.5 * rr + screened_value(pen, l1norm, l2norm)
        _normalize(d, st, r, v)
        P_old = _primal(d, pen, r, w, wk.ws, m)
        if P_new < P_old:
            for t in range(k):
                w[supp[t]] = <floating> cur[t]
            for i in range(n):
                r[i] = <floating> yd[i]
            st.c = 0.0
            _normalize(d, st, r, v)
            accepted = 1
    PyMem_RawFree(dbuf)
    PyMem_RawFree(supp)
    return accepted


# --------------------------------------------------------------------------
# the solver for one alpha, phase by phase
# --------------------------------------------------------------------------

ctypedef struct Work:
    double *norm2      # ||x_j centered||^2
    int *col_nnz       # nonzero values of column j (-1: not counted yet)
    int *all_feats     # 0, 1, ..., p - 1
    double *xv         # x_j^T v (raw)
    double *mean
    double *raw        # raw column dots (scratch)
    double *raw_acc    # raw column dots with the extrapolated residual
    double *xtr        # centered X^T r
    double *xtacc      # centered X^T r_acc
    double *xtbest     # centered X^T rho_best
    double *prio
    unsigned char *excluded
    int *ws
    int *feats
    int *live          # working-set features updated between two checks
    Pair *pairs
    int n_free         # free coordinates (L1 weight 0): no screening then


ctypedef struct Buffers:
    # The vectors in X's dtype.  A struct cannot hold a fused type: they are
    # stored untyped and each phase reads them as ``floating *``.
    void *rho_best     # n: residual part of the best dual point so far
    void *u_best       # p: its coefficient part (the augmented design's)
    void *r_acc        # n: extrapolated residual
    void *w_acc        # p: extrapolated coefficients, at feature positions
    void *hist_r       # (K + 1) n: the last residuals, oldest first
    void *hist_w       # (K + 1) m: their working-set coefficients
    void *ftmp         # p: scratch working-set coefficients
    void *r_new        # n: scratch residual of the primal extrapolation
    void *hist_p       # (K + 1) m: working-set coefficients, epoch by epoch


ctypedef struct Outer:
    # What one solve's outer steps pass from phase to phase.
    int n_active           # unscreened features, listed in wk.feats
    int ws_size
    int epochs
    bint has_best          # b.rho_best / b.u_best hold a dual point
    bint have_acc          # the extrapolated point won the last inner check
    double gap             # this outer step's duality gap
    double gap_prev        # the previous outer step's
    double s_best          # scale of the best dual point so far
    double s_step          # scale of this step's best dual point, whose
    const double *xt_step  # centered X^T rho and
    const void *u_step     # coefficient part rank the features
    unsigned long long last_sig    # support and signs at the last check
    unsigned long long tried_sig   # the last support solved exactly


cdef inline void _drop_feature(Design *d, State *st, Work *wk,
                               const floating *X, floating *w, floating *r,
                               int j) noexcept nogil:
    """Exclude feature j for this alpha, its coefficient set to zero."""
    wk.excluded[j] = 1
    if w[j] != 0.0:
        _col_axpy(d, X, j, w[j], r)
        st.c -= w[j] * wk.mean[j]
        st.vrs += w[j] * wk.xv[j]
        w[j] = 0.0


cdef int _fix_zero_columns(Design *d, ScreenedPenalty *pen, State *st,
                           Work *wk, const floating *X, floating *w,
                           floating *r) noexcept nogil:
    """List the live features in wk.feats; a zero centered column (without a
    ridge to move it) never moves and is excluded.  Returns their number."""
    cdef int j, n_active = 0
    cdef double l2 = screened_l2(pen)
    for j in range(d.p):
        if wk.excluded[j]:
            continue
        if wk.norm2[j] + l2 <= 0.0:
            _drop_feature(d, st, wk, X, w, r, j)
            continue
        wk.feats[n_active] = j
        n_active += 1
    return n_active


cdef double _nc_max_score(Design *d, ScreenedPenalty *pen, Work *wk,
                          const floating *w, const int *feats,
                          int n_feats) noexcept nogil:
    """The largest stationarity score over ``feats`` (centered X^T r in
    wk.xtr): the stopping test of a penalty without a duality gap, in the
    place of the gap."""
    cdef int t, j
    cdef double score, worst = 0.0
    for t in range(n_feats):
        j = feats[t]
        score = _nc_score(d, pen, wk, j, w[j], wk.xtr[j])
        if score > worst:
            worst = score
    return worst


cdef double _outer_gap(Design *d, ScreenedPenalty *pen, State *st, Work *wk,
                       Buffers *b, const floating *X, const floating *y,
                       const floating *v, const floating *w,
                       floating *r, Outer *o) noexcept nogil:
    """Duality gap on the full (screened) problem: the only stopping test.

    The dual point is the best of the rescaled residual, the extrapolated
    one (when it won the last inner check) and the previous best, rescaled
    for the current screened set; this step's best of the first two ranks
    the features (o.s_step, o.xt_step, o.u_step).
    """
    cdef floating *rho_best = <floating *> b.rho_best
    cdef floating *u_best = <floating *> b.u_best
    cdef const floating *r_acc = <floating *> b.r_acc
    cdef const floating *w_acc = <floating *> b.w_acc
    cdef int n = d.n, p = d.p, k
    cdef double P, D, D_best = -INFINITY, D_step, s, vr
    cdef bint acc = o.have_acc and screened_l1(pen) != 0.0
    _normalize(d, st, r, v)
    if acc:
        _col_dots2(d, X, wk.feats, o.n_active, r, r_acc, wk.raw, wk.raw_acc)
    else:
        _col_dots1(d, X, wk.feats, o.n_active, r, wk.raw)
    _centered_dots(d, wk.raw, wk.mean, st.vrs, wk.xtr, wk.excluded)
    if not pen_has_gap(pen):
        return _nc_max_score(d, pen, wk, w, wk.feats, o.n_active)
    P = _primal(d, pen, r, w, wk.feats, o.n_active)
    if screened_l1(pen) == 0.0:
        return _ridge_gap(d, pen, P, y, r, wk.xtr, wk.feats, o.n_active)
    if o.has_best:
        D_best = _dual(d, pen, y, rho_best, u_best, wk.xtbest, w, wk.feats,
                       o.n_active, &o.s_best)
    D = _dual(d, pen, y, r, w, wk.xtr, w, wk.feats, o.n_active, &s)
    D_step = D
    o.s_step = s
    o.xt_step = wk.xtr
    o.u_step = w
    if D > D_best or not o.has_best:
        D_best = D
        o.s_best = s
        memcpy(rho_best, r, n * sizeof(floating))
        memcpy(u_best, w, p * sizeof(floating))
        memcpy(wk.xtbest, wk.xtr, p * sizeof(double))
        o.has_best = True
    if acc:
        vr = 0.0
        if d.centered:
            for k in range(n):
                vr += v[k] * r_acc[k]
        _centered_dots(d, wk.raw_acc, wk.mean, vr, wk.xtacc, wk.excluded)
        D = _dual(d, pen, y, r_acc, w_acc, wk.xtacc, w, wk.feats, o.n_active,
                  &s)
        if D > D_step:
            o.s_step = s
            o.xt_step = wk.xtacc
            o.u_step = w_acc
        if D > D_best:
            D_best = D
            o.s_best = s
            memcpy(rho_best, r_acc, n * sizeof(floating))
            memcpy(u_best, w_acc, p * sizeof(floating))
            memcpy(wk.xtbest, wk.xtacc, p * sizeof(double))
    return P - D_best + _free_decrease(pen, wk, w, wk.feats, o.n_active)


cdef int _screen_and_rank(Design *d, ScreenedPenalty *pen, State *st,
                          Work *wk, Buffers *b, const floating *X,
                          floating *w, floating *r, Outer *o) noexcept nogil:
    """Gap-safe screening (Fercoq et al. 2015) and working-set priorities.

    A feature whose dual constraint cannot be active at the solution (the
    ball of radius sqrt(2 gap) around the best dual point stays inside it)
    is dropped for this alpha.  The others are ranked by their distance to
    the constraint, ``(l1_j - |x_j^T theta|) / ||x_j||`` with theta this
    step's best dual point, the support and the free coordinates first.
    That is the penalty's subdifferential distance at a zero coordinate,
    ``|g_j| - l1_j`` for the gradient ``g = -X^T theta``, taken signed (how
    far inside its constraint, not 0 there) and per unit of column norm:
    the clipped distance ties every feature inside its constraint, and
    the working set needs the ones closest to it.
    With free coordinates the gap is the one of the problem with them held
    fixed (see ``_dual``), whose dual point is not feasible for the whole
    problem: nothing is screened then.  Returns the number of coordinates
    placed first.
    """
    cdef const floating *u_best = <floating *> b.u_best
    cdef const floating *u_step = <const floating *> o.u_step
    cdef double l1 = screened_l1(pen), l2 = screened_l2(pen), l1_j
    cdef bint positive = pen_positive(pen)
    cdef double radius = sqrt(2.0 * o.gap) if o.gap > 0.0 else 0.0
    cdef double nj, xt
    cdef int t, j, m = 0, nnz = 0
    for t in range(o.n_active):
        j = wk.feats[t]
        nj = sqrt(wk.norm2[j] + l2)
        l1_j = l1 * screened_weight(pen, j)
        if not pen_has_gap(pen):
            # No dual to screen with: ranked by the stationarity score
            # (per unit of the column's norm).
            wk.prio[j] = -_nc_score(d, pen, wk, j, w[j], wk.xtr[j]) / nj
        elif l1_j > 0.0:
            xt = o.s_best * (wk.xtbest[j] - l2 * u_best[j])
            if not positive:
                xt = fabs(xt)
            if xt + radius * nj < l1_j and wk.n_free == 0:
                _drop_feature(d, st, wk, X, w, r, j)
                continue
            # Ranked with this step's dual point, not the best one so far:
            # screening needs the best (the smallest safe radius), but the
            # best can be a stale point from many steps back (on sparse
            # 20000 x 50000 it stayed the first one, X^T y), and ranking by
            # it kept out the features the current residual wants: 36 outer
            # steps with a working set doubling up to all of X, against 5.
            xt = o.s_step * (o.xt_step[j] - l2 * u_step[j])
            if not positive:
                xt = fabs(xt)
            wk.prio[j] = (l1_j - xt) / nj
        elif l1 > 0.0:
            # a free coordinate: always in the working set
            wk.prio[j] = -INFINITY
            nnz += w[j] == 0.0
        else:
            wk.prio[j] = 0.0
        if w[j] != 0.0:
            wk.prio[j] = -INFINITY
            nnz += 1
        wk.feats[m] = j
        m += 1
    o.n_active = m
    return nnz


cdef int _grow_working_set(ScreenedPenalty *pen, Work *wk, Outer *o,
                           int nnz) noexcept nogil:
    """Pick the working set (the support plus the closest features) into
    wk.ws, in increasing column order; returns its size."""
    cdef int t
    if screened_l1(pen) == 0.0:
        o.ws_size = o.n_active
    else:
        # Twice the support (celer's pruned rule), doubled when the last
        # inner solve could not lower the gap or when the support filled the
        # set.  It shrinks back to twice the support afterwards: every inner
        # epoch costs |ws| columns, and a doubled set kept for good doubles
        # the final epochs.  (At the first step the previous set is empty
        # and a warm start's support may be large: the set always holds
        # twice the support.)
        if o.gap > 0.99 * o.gap_prev or nnz >= WS_SATURATED * o.ws_size:
            o.ws_size = max(2 * o.ws_size, 2 * nnz)
        else:
            o.ws_size = 2 * nnz
        if o.ws_size < WS_START:
            o.ws_size = WS_START
        if o.ws_size >= WS_WHOLE * o.n_active:
            o.ws_size = o.n_active
    if o.ws_size == o.n_active:
        memcpy(wk.ws, wk.feats, o.n_active * sizeof(int))
        return o.ws_size
    for t in range(o.n_active):
        wk.pairs[t].key = wk.prio[wk.feats[t]]
        wk.pairs[t].index = wk.feats[t]
    _select_smallest(wk.pairs, o.n_active, o.ws_size)
    for t in range(o.ws_size):
        wk.ws[t] = wk.pairs[t].index
    # Increasing column order: cyclic CD then walks memory forward.
    qsort(wk.ws, o.ws_size, sizeof(int), _cmp_int)
    return o.ws_size


cdef void _epoch(Design *d, ScreenedPenalty *pen, State *st, Work *wk,
                 const floating *X, floating *w, floating *r, int n_live,
                 bint random, unsigned int *seed) noexcept nogil:
    """One pass of coordinate descent over the live working-set features."""
    cdef int t, j
    cdef double g, new, delta
    for t in range(n_live):
        if random:
            seed[0] = seed[0] * 1103515245u + 12345u
            j = wk.live[(seed[0] >> 8) % (<unsigned int> n_live)]
        else:
            j = wk.live[t]
        g = _col_dot(d, X, j, r)
        if d.centered:
            g += st.c * wk.xv[j] - wk.mean[j] * (st.vrs + st.c * st.vv)
        if pen_has_gap(pen):
            new = pen_cd_update(pen, j, g + w[j] * wk.norm2[j], wk.norm2[j])
        else:
            new = pen_prox(pen, j, w[j] + g / wk.norm2[j],
                           d.pen_scale / wk.norm2[j])
        delta = <floating> new - w[j]
        if delta != 0.0:
            _col_axpy(d, X, j, <floating> (-delta), r)
            if d.centered:
                st.vrs -= delta * wk.xv[j]
                st.c += delta * wk.mean[j]
            w[j] = <floating> new


cdef int _record_residual(Design *d, State *st, Work *wk, Buffers *b,
                          const floating *v, const floating *w, floating *r,
                          int m, int n_hist) noexcept nogil:
    """Append the residual and working-set coefficients to the last K+1
    (oldest first) for the dual extrapolation; returns their number."""
    cdef floating *hist_r = <floating *> b.hist_r
    cdef floating *hist_w = <floating *> b.hist_w
    cdef int t, n = d.n
    _normalize(d, st, r, v)
    if n_hist == K_EXTRA + 1:
        memmove(hist_r, hist_r + n, K_EXTRA * n * sizeof(floating))
        memmove(hist_w, hist_w + m, K_EXTRA * m * sizeof(floating))
        n_hist -= 1
    memcpy(hist_r + n_hist * n, r, n * sizeof(floating))
    for t in range(m):
        hist_w[n_hist * m + t] = w[wk.ws[t]]
    return n_hist + 1


cdef double _inner_gap(Design *d, ScreenedPenalty *pen, State *st, Work *wk,
                       Buffers *b, const floating *X, const floating *y,
                       const floating *v, const floating *w, floating *r,
                       int m, int n_hist, Outer *o) noexcept nogil:
    """Duality gap of the working-set problem, from the residual and, once
    K+1 residuals are stored, from their extrapolation (o.have_acc: whether
    the extrapolation won, and so is worth a full X^T r_acc next)."""
    cdef floating *r_acc = <floating *> b.r_acc
    cdef floating *w_acc = <floating *> b.w_acc
    cdef floating *ftmp = <floating *> b.ftmp
    cdef int t, j, k
    cdef double P_in, D_in, D, s, vr
    cdef bint extrapolated = False
    _normalize(d, st, r, v)
    if not pen_has_gap(pen):
        _col_dots1(d, X, wk.ws, m, r, wk.raw)
        for t in range(m):
            j = wk.ws[t]
            wk.xtr[j] = wk.raw[j] - (wk.mean[j] * st.vrs if d.centered else 0.0)
        o.have_acc = False
        return _nc_max_score(d, pen, wk, w, wk.ws, m)
    if n_hist == K_EXTRA + 1:
        # w_acc holds the extrapolated working-set coefficients at their
        # feature positions (zero elsewhere: they are zero).
        for j in range(d.p):
            w_acc[j] = 0.0
        extrapolated = _extrapolate(d, pen, <floating *> b.hist_r,
                                    <floating *> b.hist_w, m, r_acc, ftmp)
    if extrapolated:
        _col_dots2(d, X, wk.ws, m, r, r_acc, wk.raw, wk.raw_acc)
    else:
        _col_dots1(d, X, wk.ws, m, r, wk.raw)
    for t in range(m):
        j = wk.ws[t]
        wk.xtr[j] = wk.raw[j] - (wk.mean[j] * st.vrs if d.centered else 0.0)
    P_in = _primal(d, pen, r, w, wk.ws, m)
    D_in = _dual(d, pen, y, r, w, wk.xtr, w, wk.ws, m, &s)
    if extrapolated:
        for t in range(m):
            w_acc[wk.ws[t]] = ftmp[t]
        vr = 0.0
        if d.centered:
            for k in range(d.n):
                vr += v[k] * r_acc[k]
        for t in range(m):
            j = wk.ws[t]
            wk.xtacc[j] = wk.raw_acc[j] - (wk.mean[j] * vr if d.centered else 0.0)
        D = _dual(d, pen, y, r_acc, w_acc, wk.xtacc, w, wk.ws, m, &s)
        o.have_acc = D > D_in
        if D > D_in:
            D_in = D
    return P_in - D_in + _free_decrease(pen, wk, w, wk.ws, m)


cdef int _shrink(Design *d, ScreenedPenalty *pen, Work *wk, const floating *w,
                 int m) noexcept nogil:
    """The working-set features to update until the next check, in wk.live.

    Zero coordinates whose correlation with the residual (wk.xtr, from the
    last check) is well inside the dual constraint are skipped: they would
    be left at zero anyway, and on a working set twice the support they are
    half the column reads.  The next check looks at all of them again (it
    computes x_j^T r for the whole working set), so none is dropped for good.
    """
    cdef double l1 = screened_l1(pen), xt, l1_j
    cdef bint positive = pen_positive(pen)
    cdef int t, j, n_live = 0
    for t in range(m):
        j = wk.ws[t]
        l1_j = l1 * screened_weight(pen, j)
        if not pen_has_gap(pen):
            l1_j = _nc_zero_slope(d, pen, j)
        if w[j] == 0.0 and l1_j > 0.0:
            xt = wk.xtr[j]
            if not positive:
                xt = fabs(xt)
            if xt < SHRINK * l1_j:
                continue
        wk.live[n_live] = j
        n_live += 1
    return n_live


cdef bint _try_support_solve(Design *d, ScreenedPenalty *pen, State *st,
                             Work *wk, const floating *X, const floating *y,
                             const floating *v, floating *w, floating *r,
                             int m, double gap_in, double tol_abs,
                             double *chk_gap, int *chk_epoch,
                             Outer *o) noexcept nogil:
    """The exact solve on a support (and signs) unchanged since the last
    check, tried once per support when the gap's rate since that check says
    CD would need more coordinate updates than it costs.  Returns whether it
    replaced the iterate."""
    cdef double remaining = INFINITY, log_rate
    cdef unsigned long long sig
    cdef int k
    cdef bint accepted = False
    if gap_in <= tol_abs:
        remaining = 0.0
    elif chk_gap[0] > 0.0 and gap_in < chk_gap[0] and o.epochs > chk_epoch[0]:
        log_rate = log(gap_in / chk_gap[0]) / (o.epochs - chk_epoch[0])
        remaining = log(tol_abs / gap_in) / log_rate * m
    chk_gap[0] = gap_in
    chk_epoch[0] = o.epochs
    sig = _support_signature(w, wk.ws, m, &k)
    # Only on a support unchanged since the last check: tried on a support
    # still shrinking (1000 x 10000, alpha_max / 100: 931 features, 857 in
    # the end), the active-set loop spends its time on dozens of drops and
    # the fit got 25 % slower.
    if (_use_support_newton and k > 0 and _newton_cost(k, d.n) < remaining
            and sig == o.last_sig and sig != o.tried_sig):
        o.tried_sig = sig
        accepted = _support_newton(d, pen, st, wk, X, y, v, w, r, m)
    o.last_sig = sig
    return accepted


cdef bint _inner_solve(Design *d, ScreenedPenalty *pen, State *st, Work *wk,
                       Buffers *b, const floating *X, const floating *y,
                       const floating *v, floating *w, floating *r, int m,
                       double tol_abs, int max_iter, bint random,
                       unsigned int *seed, Outer *o) noexcept nogil:
    """Coordinate descent on the working set until its own duality gap falls
    below INNER_TOL_RATIO times the outer gap.  Returns True when the working
    set is the whole (screened) problem and its gap reached ``tol_abs``
    (o.gap is then that gap): the fit is done without another outer step."""
    cdef floating *hist_p = <floating *> b.hist_p
    cdef double tol_in = (INNER_TOL_RATIO if pen_has_gap(pen)
                          else NC_INNER_RATIO) * o.gap
    cdef double gap_in, chk_gap = o.gap
    cdef int e, t, n_live = m, n_hist = 0, n_p = 0, chk_epoch = o.epochs
    cdef bint l1_part = screened_l1(pen) != 0.0
    # Per-epoch O(n) work (residual snapshots, primal extrapolation) is
    # worth it only when an epoch itself costs many times n, which is not
    # the case for a few sparse columns of a tall matrix.  (Nonzero values,
    # whatever X's storage: see _nonzeros_reach.)
    cdef bint per_epoch_extras = _nonzeros_reach(d, wk.col_nnz, X, wk.ws, m,
                                                 32.0 * d.n)
    o.have_acc = False
    o.gap_prev = o.gap
    # Until the first inner gap check every working-set feature is live.
    memcpy(wk.live, wk.ws, m * sizeof(int))
    for e in range(max_iter - o.epochs):
        _epoch(d, pen, st, wk, X, w, r, n_live, random, seed)
        o.epochs += 1
        if not l1_part:
            if (e + 1) % GAP_FREQ == 0:
                break
            continue
        if per_epoch_extras:
            for t in range(m):
                hist_p[n_p * m + t] = w[wk.ws[t]]
            n_p += 1
            if n_p == K_EXTRA + 1:
                _primal_acceleration(d, pen, st, wk, X, v, w, r, hist_p, m,
                                     <floating *> b.ftmp, <floating *> b.r_new)
                n_p = 0
        if pen_has_gap(pen) and ((e + 1) % GAP_FREQ == 0 or (
                per_epoch_extras
                and (e + 1) % GAP_FREQ >= GAP_FREQ - K_EXTRA - 1)):
            n_hist = _record_residual(d, st, wk, b, v, w, r, m, n_hist)
        # Early checks catch small working sets solved in a few epochs
        # (costly epochs of tall data); then every GAP_FREQ epochs.
        if ((e + 1) % GAP_FREQ != 0 and e + 1 != 2 and e + 1 != 5
                and o.epochs < max_iter):
            continue
        gap_in = _inner_gap(d, pen, st, wk, b, X, y, v, w, r, m, n_hist, o)
        if m == o.n_active and gap_in <= tol_abs:
            # The working set is the whole (screened) problem, so this is
            # the full duality gap: done, without the outer step's pass over
            # X that would recompute the same X^T r.
            o.gap = gap_in
            return True
        if gap_in <= tol_in and m < o.n_active:
            break
        n_live = _shrink(d, pen, wk, w, m)
        if pen_has_gap(pen) and _try_support_solve(
                d, pen, st, wk, X, y, v, w, r, m, gap_in, tol_abs, &chk_gap,
                &chk_epoch, o):
            n_hist = 0
            n_p = 0
    return False


cdef int _solve(Design *d, ScreenedPenalty *pen, State *st, Work *wk,
                Buffers *b, const floating *X, const floating *y,
                const floating *v, floating *w, floating *r, double tol_abs,
                int max_iter, bint random, unsigned int *seed,
                double *gap_out, int *epochs_out) noexcept nogil:
    """Minimize for one penalty from the warm start (w, r); return 1 if the
    duality gap reached ``tol_abs``."""
    cdef Outer o
    cdef int nnz, m, k, n_outer = 0
    cdef bint converged = False
    o.n_active = _fix_zero_columns(d, pen, st, wk, X, w, r)
    o.ws_size = 0
    o.epochs = 0
    o.has_best = False
    o.have_acc = False
    o.gap = INFINITY
    o.gap_prev = INFINITY
    o.s_best = 0.0
    o.s_step = 0.0
    o.xt_step = NULL
    o.u_step = NULL
    o.tried_sig = 0
    # A warm start's support counts as seen once: if the first check finds
    # it unchanged, the exact support solve may run right away (along a
    # path, the support often carries over from the previous alpha).
    o.last_sig = _support_signature(w, wk.feats, o.n_active, &k)
    while True:
        o.gap = _outer_gap(d, pen, st, wk, b, X, y, v, w, r, &o)
        if o.gap <= tol_abs:
            converged = True
            break
        if o.epochs >= max_iter:
            break
        n_outer += 1
        nnz = _screen_and_rank(d, pen, st, wk, b, X, w, r, &o)
        m = _grow_working_set(pen, wk, &o, nnz)
        if _inner_solve(d, pen, st, wk, b, X, y, v, w, r, m, tol_abs,
                        max_iter, random, seed, &o):
            converged = True
            break
    gap_out[0] = o.gap
    # Passes over the data: inner epochs plus the outer steps (each a pass
    # over all live features for the gap, then a new working set).  A start
    # that already meets tol_abs counts 0, as in scikit-learn.
    epochs_out[0] = o.epochs + n_outer
    return 1 if converged else 0


# --------------------------------------------------------------------------
# the path driver and its Python entry point
# --------------------------------------------------------------------------

cdef inline void _set_strength(ScreenedPenalty *pen, double l1,
                               double l2) noexcept nogil:
    """The penalty of one alpha from its L1 and L2 levels."""
    if ScreenedPenalty is ElasticNet:
        pen.alpha = l1 + l2
        pen.l1_ratio = l1 / pen.alpha if pen.alpha > 0.0 else 1.0
    else:
        pen.alpha = l1


cdef void _path(Design *d, ScreenedPenalty *pen, Work *wk, Buffers *b,
                const floating *X, const floating *y, const floating *v,
                const double *l1s, const double *l2s, int n_alphas,
                floating *w, floating *r, double c0, double vv,
                floating *coefs, double *gaps, int *n_iters, int *converged,
                double tol_abs, int max_iter, bint random,
                unsigned int seed) noexcept nogil:
    cdef State st
    cdef int a, j
    st.c = c0
    st.vv = vv
    st.vrs = 0.0
    _normalize(d, &st, r, v)
    for a in range(n_alphas):
        _set_strength(pen, l1s[a], l2s[a])
        # Screening is valid for one alpha only; the primal solution (and
        # so the residual) carries over as the warm start.
        for j in range(d.p):
            wk.excluded[j] = 0
        converged[a] = _solve(d, pen, &st, wk, b, X, y, v, w, r, tol_abs,
                              max_iter, random, &seed, &gaps[a], &n_iters[a])
        memcpy(coefs + <Py_ssize_t> a * d.p, w, d.p * sizeof(floating))


# The penalties of the fast solver (registration): "l1" is the elastic net
# (L1, ElasticNet or WeightedL1 by l2s and weights).
_FAST_PENALTIES = ("l1", "mcp", "scad", "lp")


# The wrapper is not hot: Python-level indexing stays checked there, so a
# malformed argument raises instead of reading out of bounds.
@cython.boundscheck(True)
@cython.wraparound(True)
def enet_path_cd(X, y, v, mean, l1s, l2s, w, *, tol_abs, max_iter,
                 positive=False, random=False, seed=0,
                 means_are_weighted=False, n_threads=1, weights=None,
                 penalty="l1", gamma=3.0, exponent=0.5, pen_scale=1.0):
    """Solve the elastic net for each ``(l1s[a], l2s[a])`` in turn, warm-started.

    Minimizes ``1/2 ||y - Xc w||^2 + l1 ||w||_1 + l2/2 ||w||^2`` with
    ``Xc[:, j] = X[:, j] - mean[j] * v`` (implicit centering).

    Parameters
    ----------
    X : ndarray (Fortran-contiguous) or scipy CSC matrix with int32 indices
        float32 or float64; never copied.
    y, v : ndarray of shape (n_samples,), dtype of X
        Target (already centered and weighted) and the centering direction
        (square roots of the sample weights, or ones).
    mean : float64 ndarray of shape (n_features,)
        Centering offsets; all zero for no centering.
    l1s, l2s : float64 ndarrays of shape (n_alphas,)
        Penalty strengths in the n-scaled objective, non-negative.
    w : ndarray of shape (n_features,), dtype of X
        Initial coefficients, overwritten with the last solution.
    tol_abs : float
        Stop when the duality gap is at most this.
    max_iter : int
        Maximum number of coordinate-descent epochs per alpha.
    means_are_weighted : bool, default=False
        Whether ``mean`` holds the column means weighted by ``v**2`` (the
        intercept case), so that ``X^T v = mean * ||v||^2`` need not be
        computed with a pass over X.
    n_threads : int, default=1
        OpenMP threads the passes over X may use (the caller's threading
        policy decides: :mod:`skreg.utils._threading`).
    weights : float64 ndarray of shape (n_features,), default=None
        Per-feature weights of the L1 term, ``l1 sum_j weights_j |w_j|``
        (0: never penalized); with ``l2s`` all zero (the weighted Lasso).
        For a nonconvex penalty, the per-feature multipliers of its alpha.
    penalty : {"l1", "mcp", "scad", "lp"}, default="l1"
        "l1": the elastic net above.  The nonconvex penalties minimize
        ``1/2 ||y - Xc w||^2 + pen_scale sum_j pen_j(w_j)`` with pen_j
        MCP(alpha, gamma), SCAD(alpha, gamma) or alpha |w_j|^exponent
        (skreg/_penalties.pxd), alpha = ``l1s[a]`` (``l2s`` all zero); they
        have no duality gap, no screening and no support solve, and stop
        when the largest stationarity score (``pen_kkt_score``: the
        distance of the gradient to Clarke's subdifferential for MCP and
        SCAD, the fixed-point residual of a coordinate step for Lp, in the
        units of ``X^T r``) is at most ``tol_abs``; ``gaps`` holds it.
    gamma, exponent : float
        The shape of MCP (gamma > 0), SCAD (gamma > 2) and Lp
        (0 < exponent < 1).
    pen_scale : float, default=1.0
        The nonconvex penalty's factor (n for the estimators' mean datafit).

    Returns
    -------
    coefs : ndarray of shape (n_alphas, n_features)
    gaps : float64 ndarray of shape (n_alphas,), in the n-scaled units
    n_iters : int32 ndarray of shape (n_alphas,)
        Passes over the data: inner epochs (over the working set, capped by
        ``max_iter``) plus outer gap steps that did not end the solve.
    converged : bool ndarray of shape (n_alphas,)
    """
    data, indices, indptr, is_sparse = check_design(X)
    dtype = X.dtype
    n, p = X.shape
    check_vector(y, n, dtype, "y")
    check_vector(v, n, dtype, "v")
    check_vector(mean, p, np.float64, "mean")
    check_vector(w, p, dtype, "w", writeable=True)
    l1s, l2s = check_path_arguments(l1s, l2s, tol_abs, max_iter, seed, n_threads)
    if weights is not None:
        check_vector(weights, p, np.float64, "weights")
        if not np.all(np.isfinite(weights)) or np.any(weights < 0):
            raise ValueError("weights must be finite and non-negative.")
        if np.any(l2s != 0):
            raise ValueError("weights take an L1 penalty only (l2s all zero).")
    if penalty not in _FAST_PENALTIES:
        raise ValueError(f"penalty must be one of {_FAST_PENALTIES}, got {penalty!r}.")
    if penalty != "l1":
        if np.any(l2s != 0):
            raise ValueError(f"penalty={penalty!r} takes l2s all zero.")
        if not 0.0 < pen_scale < INFINITY:
            raise ValueError("pen_scale must be positive and finite.")
    if penalty == "mcp" and not 0.0 < gamma < INFINITY:
        raise ValueError(f"MCP needs a finite gamma > 0, got {gamma!r}.")
    if penalty == "scad" and not 2.0 < gamma < INFINITY:
        raise ValueError(f"SCAD needs a finite gamma > 2, got {gamma!r}.")
    if penalty == "lp" and not 0.0 < exponent < 1.0:
        raise ValueError(f"Lp needs 0 < exponent < 1, got {exponent!r}.")
    kind = _FAST_PENALTIES.index(penalty)

    centered = bool(np.any(mean != 0))
    # Column statistics of the centered design, computed once for the path.
    # Nonzeros per column, counted by the kernel when a decision needs them.
    col_nnz = np.full(p, -1, dtype=np.int32)
    if is_sparse:
        sq = np.asarray(X.multiply(X).sum(axis=0), dtype=np.float64).ravel()
        xv = np.asarray(X.T @ v, dtype=np.float64).ravel()
        r = np.asarray(y - X @ w, dtype=dtype)
    else:
        sq = np.einsum("ij,ij->j", X, X, dtype=np.float64)
        xv = None
        # A cold start needs no pass over X for the residual.
        r = y.copy() if not np.any(w) else np.asarray(y - X @ w, dtype=dtype)
    # einsum, not np.dot: a long BLAS dot would wake NumPy's BLAS threads,
    # whose busy-waiting then slows the kernel (see _lasso._dot_no_blas).
    vv = float(np.einsum("i,i->", v, v, dtype=np.float64))
    if xv is None:
        if not centered:
            xv = np.zeros(p)  # only used with centering
        elif means_are_weighted:
            xv = mean * vv
        else:
            xv = np.asarray(X.T @ v, dtype=np.float64)
    norm2 = sq - 2.0 * mean * xv + mean**2 * vv if centered else sq
    # Cancellation can leave a tiny negative for a constant column.
    norm2 = np.maximum(norm2, 0.0)
    r = np.ascontiguousarray(r)
    c0 = float(mean @ w.astype(np.float64)) if centered else 0.0

    n_alphas = l1s.shape[0]
    coefs = np.empty((n_alphas, p), dtype=dtype)
    gaps = np.empty(n_alphas, dtype=np.float64)
    n_iters = np.zeros(n_alphas, dtype=np.int32)
    converged = np.zeros(n_alphas, dtype=np.int32)
    if dtype == np.float64:
        _path_dispatch[double](
            data, indices, indptr, is_sparse, centered, n, p, y, v, mean,
            norm2, col_nnz, xv, l1s, l2s, w, r, c0, vv, coefs, gaps, n_iters,
            converged, tol_abs, int(max_iter), positive, random, seed,
            int(n_threads), weights, kind, float(gamma), float(exponent),
            float(pen_scale))
    else:
        _path_dispatch[float](
            data, indices, indptr, is_sparse, centered, n, p, y, v, mean,
            norm2, col_nnz, xv, l1s, l2s, w, r, c0, vv, coefs, gaps, n_iters,
            converged, tol_abs, int(max_iter), positive, random, seed,
            int(n_threads), weights, kind, float(gamma), float(exponent),
            float(pen_scale))
    return coefs, gaps, n_iters, converged.astype(bool)


cdef _path_dispatch(const floating[::1] data, const int[::1] indices,
                    const int[::1] indptr, bint is_sparse, bint centered, int n,
                    int p, const floating[::1] y, const floating[::1] v,
                    const double[::1] mean, const double[::1] norm2,
                    int[::1] col_nnz, const double[::1] xv, const double[::1] l1s,
                    const double[::1] l2s, floating[::1] w, floating[::1] r,
                    double c0, double vv, floating[:, ::1] coefs,
                    double[::1] gaps, int[::1] n_iters, int[::1] converged,
                    double tol_abs, int max_iter, bint positive, bint random,
                    unsigned int seed, int n_threads, weights, int kind,
                    double gamma, double exponent, double pen_scale):
    dtype = np.float64 if floating is double else np.float32
    cdef Py_ssize_t a
    cdef Design d
    cdef Work wk
    cdef Buffers b
    cdef L1 lasso
    cdef ElasticNet enet
    cdef WeightedL1 weighted
    cdef MCP mcp
    cdef SCAD scad
    cdef Lp lp
    cdef const double *nc_weights = NULL
    cdef const double[::1] weights_view
    cdef bint ridge_part = False
    cdef bint use_weights = weights is not None
    cdef double[::1] raw = np.zeros(p), xtr = np.zeros(p)
    cdef double[::1] raw_acc = np.zeros(p)
    cdef double[::1] xtacc = np.zeros(p), xtbest = np.zeros(p)
    cdef double[::1] prio = np.zeros(p)
    cdef unsigned char[::1] excluded = np.zeros(p, dtype=np.uint8)
    cdef int[::1] ws = np.zeros(p, dtype=np.int32)
    cdef int[::1] feats = np.zeros(p, dtype=np.int32)
    cdef int[::1] live = np.zeros(p, dtype=np.int32)
    cdef int[::1] all_feats = np.arange(p, dtype=np.int32)
    # A Pair is (double, int): 16 bytes with padding, as two float64 slots.
    pairs_buf = np.zeros(2 * p, dtype=np.float64)
    cdef double[::1] pairs = pairs_buf
    cdef floating[::1] rho_best = np.zeros(n, dtype=dtype)
    cdef floating[::1] u_best = np.zeros(p, dtype=dtype)
    cdef floating[::1] r_acc = np.zeros(n, dtype=dtype)
    cdef floating[::1] w_acc = np.zeros(p, dtype=dtype)
    cdef floating[::1] hist_r = np.zeros((K_EXTRA + 1) * n, dtype=dtype)
    cdef floating[::1] hist_w = np.zeros((K_EXTRA + 1) * p, dtype=dtype)
    cdef floating[::1] ftmp = np.zeros(p, dtype=dtype)
    cdef floating[::1] r_new = np.zeros(n, dtype=dtype)
    cdef floating[::1] hist_p = np.zeros((K_EXTRA + 1) * p, dtype=dtype)
    d.n = n
    d.p = p
    d.sparse = is_sparse
    d.centered = centered
    d.n_threads = n_threads
    d.indices = &indices[0]
    d.indptr = &indptr[0]
    wk.norm2 = <double *> &norm2[0]
    wk.col_nnz = <int *> &col_nnz[0]
    wk.all_feats = &all_feats[0]
    wk.xv = <double *> &xv[0]
    wk.mean = <double *> &mean[0]
    wk.raw = &raw[0]
    wk.raw_acc = &raw_acc[0]
    wk.xtr = &xtr[0]
    wk.xtacc = &xtacc[0]
    wk.xtbest = &xtbest[0]
    wk.prio = &prio[0]
    wk.excluded = &excluded[0]
    wk.ws = &ws[0]
    wk.feats = &feats[0]
    wk.live = &live[0]
    wk.pairs = <Pair *> &pairs[0]
    wk.n_free = 0
    if weights is not None:
        weights_view = weights
        weighted.weights = &weights_view[0]
        weighted.positive = positive
        nc_weights = &weights_view[0]
        if kind == 0:
            wk.n_free = int(np.count_nonzero(weights == 0))
    d.pen_scale = pen_scale
    mcp.gamma = gamma
    mcp.weights = nc_weights
    mcp.positive = positive
    scad.gamma = gamma
    scad.weights = nc_weights
    scad.positive = positive
    lp.p = exponent
    lp.weights = nc_weights
    lp.positive = positive
    b.rho_best = &rho_best[0]
    b.u_best = &u_best[0]
    b.r_acc = &r_acc[0]
    b.w_acc = &w_acc[0]
    b.hist_r = &hist_r[0]
    b.hist_w = &hist_w[0]
    b.ftmp = &ftmp[0]
    b.r_new = &r_new[0]
    b.hist_p = &hist_p[0]
    for a in range(l2s.shape[0]):
        ridge_part = ridge_part or l2s[a] != 0.0
    cdef const floating *Xp = &data[0] if data.shape[0] > 0 else NULL
    with nogil:
        # The Lasso path runs the L1 instantiation, free of the ridge terms.
        if kind == 1:
            _path(&d, &mcp, &wk, &b, Xp, &y[0], &v[0], &l1s[0], &l2s[0],
                  l1s.shape[0], &w[0], &r[0], c0, vv, &coefs[0, 0], &gaps[0],
                  &n_iters[0], &converged[0], tol_abs, max_iter, random, seed)
        elif kind == 2:
            _path(&d, &scad, &wk, &b, Xp, &y[0], &v[0], &l1s[0], &l2s[0],
                  l1s.shape[0], &w[0], &r[0], c0, vv, &coefs[0, 0], &gaps[0],
                  &n_iters[0], &converged[0], tol_abs, max_iter, random, seed)
        elif kind == 3:
            _path(&d, &lp, &wk, &b, Xp, &y[0], &v[0], &l1s[0], &l2s[0],
                  l1s.shape[0], &w[0], &r[0], c0, vv, &coefs[0, 0], &gaps[0],
                  &n_iters[0], &converged[0], tol_abs, max_iter, random, seed)
        elif use_weights:
            _path(&d, &weighted, &wk, &b, Xp, &y[0], &v[0], &l1s[0], &l2s[0],
                  l1s.shape[0], &w[0], &r[0], c0, vv, &coefs[0, 0], &gaps[0],
                  &n_iters[0], &converged[0], tol_abs, max_iter, random, seed)
        elif ridge_part:
            enet.positive = positive
            _path(&d, &enet, &wk, &b, Xp, &y[0], &v[0], &l1s[0], &l2s[0],
                  l1s.shape[0], &w[0], &r[0], c0, vv, &coefs[0, 0], &gaps[0],
                  &n_iters[0], &converged[0], tol_abs, max_iter, random, seed)
        else:
            lasso.positive = positive
            _path(&d, &lasso, &wk, &b, Xp, &y[0], &v[0], &l1s[0], &l2s[0],
                  l1s.shape[0], &w[0], &r[0], c0, vv, &coefs[0, 0], &gaps[0],
                  &n_iters[0], &converged[0], tol_abs, max_iter, random, seed)


# --------------------------------------------------------------------------
# the generic solver: any datafit x penalty pair (skreg/_datafits.pxd,
# skreg/_penalties.pxd), float64, no centering
# --------------------------------------------------------------------------
#
# Prox-Newton coordinate descent with working sets (the shape of skglm's
# ProxNewton): at each outer step the duality gap on the full problem
# (the largest first-order violation for a nonconvex penalty) decides
# convergence; the features are ranked by the penalty's subdifferential
# distance (its kkt_score); on the working set, Newton steps follow each
# other until its KKT violation is a fraction of the full problem's: each
# runs coordinate descent on the datafit's second-order model (exact
# per-sample second derivatives; on dense X over the working-set columns
# scaled by their square roots, so that the epochs are BLAS dots and
# axpys; zero coordinates far inside their threshold skipped between full
# epochs) plus the penalty, and a backtracking line search on the true
# objective takes the step.  An unpenalized intercept is eliminated from
# each coordinate step (Hessian-weighted centering).  For the quadratic
# datafit the model is exact (the step is 1): it is plain working-set CD.
# Gap-safe screening (L1, weighted L1, elastic net without a free
# coordinate) drops features proven zero from the gap's pass over X, which
# runs on ``n_threads`` OpenMP threads.  The model's CD is accelerated by
# Anderson extrapolation of its step (the helpers of the quadratic engine
# above; a combination is kept only if it lowers the model).  The quadratic
# engine above keeps its support solve; this one is what the other
# datafits build on.

# Smallest working set; the model's CD epochs per Newton step and the
# Newton steps per working set at most.
DEF GLM_WS_START = 50
DEF GLM_MAX_INNER = 50
DEF GLM_MAX_NEWTON = 50
# A working set is solved until its largest KKT violation (the distance of
# -grad to the penalty's subdifferential) falls below this fraction of the
# largest violation over all features when the set was built (skglm's
# ratio); each Newton step's model, until its own violation falls below
# this fraction of the iterate's (0.1 rather than 0.3: fewer Newton steps,
# each a line search and a working-set gradient; measured on 1000 x 5000
# at lambda_max / 20 and / 100, 3 to 12 % faster).
DEF GLM_WS_RATIO = 0.3
DEF GLM_MODEL_RATIO = 0.1

# The model's epochs also stop once an epoch's move (sum_j a_j delta_j^2,
# in the objective's units) falls below this fraction of the outer
# tolerance: the objective could not see a smaller one.
DEF GLM_INNER_RATIO = 1e-4
# Armijo constant and the halvings of the line search.
DEF GLM_ARMIJO = 1e-4
DEF GLM_MAX_HALVINGS = 30
# A column whose centered curvature is below this fraction of its raw one
# is constant up to rounding.
DEF GLM_CONSTANT_COLUMN = 1e-10
# Between two full epochs of the model's CD, a coordinate at zero whose
# model gradient is below this fraction of its L1 level is not visited.
DEF GLM_SHRINK = 0.5
# The scaled working-set columns take at most this fraction of X's size.
DEF GLM_SCALED_MAX = 0.5
# Relative size of a model decrease below the objective's own rounding.
DEF GLM_ROUNDING = 1e-11
# The model's Anderson extrapolation is skipped when a weight exceeds this
# in magnitude: the combination then cancels large multiples of the
# iterates and amplifies their rounding, so that fits of one problem from
# dense and sparse X (whose rounding differs) drift apart far beyond it
# (measured on a near-separable breast-cancer fold at C = 1e4: weights of
# 1e3 to 1e6, coefficients 5e-3 apart after 100 outer steps; the
# extrapolations of the 1000 x 5000 benchmark have weights of 1 to 2e4,
# and dropping the large ones changes its time by less than the noise).
DEF GLM_EXTRA_MAX_WEIGHT = 30.0
# The extrapolation's O(n) work (and its history's O(m) per epoch) is worth
# it only when an epoch over the working set reads this many times n values
# (the Lasso's rule; measured on the sparse 20000 x 50000 benchmark, where
# no extrapolation is accepted: 7 % slower without it).
DEF GLM_EXTRA_MIN_WORK = 32


ctypedef struct GlmBuffers:
    # Coordinates: the p features, then the intercept when ``intercept``
    # (coordinate p: a virtual column of ones, never penalized).
    int n_coef
    bint intercept
    # per-sample (length n)
    double *z          # X w (+ intercept)
    double *grad       # f'(z)
    double *hess       # f''(z)
    double *xd         # X d, the step of the inner model
    double *z_try      # z + t X d in the line search
    # per-coordinate (length n_coef)
    double *d          # the step on the working set
    double *xtg        # X^T grad
    double *a          # the model's curvature along coordinate j
    double *c          # sum_i hess_i x_ij / sum_i hess_i (with an intercept)
    double *sqrt_h     # sqrt(f''(z)) (length n)
    # sum_i sup f_i'' x_ij^2, the coordinates' curvature bounds (length
    # n_coef): the stationarity score of the penalties without a duality
    # gap, the screening radius and the free coordinates' share of the gap
    double *lips
    # Dense X: the working set's columns scaled by sqrt(f''(z)), column t
    # for ws[t] (n x capacity), so that the model's CD runs on BLAS dots
    # and axpys; grown on demand (PyMem_RawRealloc) up to GLM_SCALED_MAX.
    double *xt
    Py_ssize_t xt_cap
    # ``single``: the same columns in float32 (``xs``, with ``xd32`` the
    # model's scaled ``X d`` during the epochs): an epoch then reads half
    # the bytes and runs on float32 BLAS (about 3x faster on 1000 x 500
    # working sets).  The model's CD then solves the Newton model of a
    # Hessian perturbed by float32 rounding (about 1e-7 relative), which
    # the line search and the gap (both in float64) check; cleared for the
    # rest of the fit once the model's CD crawls (a support solve is due,
    # :func:`_glm_support_solve`) or a step of it fails to descend.
    float *xs
    Py_ssize_t xs_cap
    float *xd32
    bint single
    unsigned char *skip  # ws[t] is left out of the shrunk epochs
    int *ws
    Pair *pairs
    # Gap-safe screening: the coordinates not proven zero at the solution,
    # feats[0:n_feats] in increasing order (the intercept, never screened,
    # last); dual_scale, the c of the last gap's dual point -c grad.
    int *feats
    int n_feats
    double dual_scale
    # grad and X^T grad (over feats) are those of the current z: the next
    # gap skips its pass over X (a path's next alpha, same w).
    bint xtg_current
    # X^T grad is current on ws[0:n_ws_current] (the last Newton step's
    # violation check took those dots at the current w): the next gap's pass
    # skips them.  0 once w moves again.
    int n_ws_current
    # The solve continues a path from the previous alpha's solution.
    bint path_warm
    # The solution two alphas back (NULL: none) and the secant's step
    # ratio (alpha_a - alpha_{a-1}) / (alpha_{a-1} - alpha_{a-2}), for the
    # path's predictor (:func:`_glm_predict`).
    const double *w_prev
    double path_ratio
    # Lazy features: lazy[0:n_lazy] (increasing), left out of feats without
    # being screened.  Each gap bounds their dots instead of taking them,
    # |x_j^T grad| <= |x_j^T r| + ||x_j|| ||grad - r|| for r in the span of
    # the references below (:func:`_glm_ref_distance`; xtg_ref holds
    # X^T g_ref for every feature, col_norm the ||x_j||), and takes a
    # feature back into feats (with a fresh dot) when its bound reaches its
    # L1 level.
    int *lazy
    int *lazy_tmp
    int n_lazy
    # A path's warm start: the features of feats whose X^T grad holds the
    # reference's estimate instead of the dot (deferred[0:n_deferred]).
    int *deferred
    int n_deferred
    double *g_ref
    double *xtg_ref
    double *col_norm
    bint has_ref
    # The bound's reference is the combination s g_ref + s2 g_ref2 closest
    # to grad (set with the distance by :func:`_glm_ref_distance`); g_ref2
    # and xtg_ref2 are the reference before the current one (has_ref2).
    double ref_scale
    double ref_scale2
    double *g_ref2
    double *xtg_ref2
    bint has_ref2
    # X's values the model's CD has read since the last support solve (its
    # budget, :func:`_glm_support_solve`).
    double crawl_work
    # A dense path's float32 copy of X (n x p, column-major; NULL: none)
    # for the dots of the features at zero, and scratch for grad in float32
    # (length n): :func:`_glm_dots`.  ``approx[j]``: xtg[j] holds such a
    # certified dot, within ``dot_err * col_norm[j]`` of the exact one
    # (``dot_err``, GLM_SINGLE_DOT_ERR (n + 3) ||grad|| at the last gap);
    # the lazy bound's references carry the same relative error
    # (``ref_margin``, GLM_LAZY_MARGIN without the copy).
    float *x32
    bint x32_ok
    float *g32
    unsigned char *approx
    double dot_err
    double ref_margin


cdef inline double _wdot(Design *d, const double *X, int j, const double *h,
                         const double *a) noexcept nogil:
    """``sum_i h_i x_ij a_i`` (``a`` NULL: ``sum_i h_i x_ij^2``); j = p is
    the intercept's column of ones.  One loop per case, so that the
    compiler vectorizes each."""
    cdef Py_ssize_t k, base
    cdef double s = 0.0, x
    cdef const double *col
    if j == d.p:
        if a == NULL:
            for k in range(d.n):
                s += h[k]
        else:
            for k in range(d.n):
                s += h[k] * a[k]
        return s
    if d.sparse:
        if a == NULL:
            for k in range(d.indptr[j], d.indptr[j + 1]):
                x = X[k]
                s += h[d.indices[k]] * x * x
        else:
            for k in range(d.indptr[j], d.indptr[j + 1]):
                s += h[d.indices[k]] * X[k] * a[d.indices[k]]
        return s
    col = X + <Py_ssize_t> j * d.n
    if a == NULL:
        for k in range(d.n):
            s += h[k] * col[k] * col[k]
    else:
        for k in range(d.n):
            s += h[k] * col[k] * a[k]
    return s


cdef inline double _g_dot(Design *d, const double *X, int j,
                          const double *v) noexcept nogil:
    """``x_j^T v``, with x_p the intercept's column of ones."""
    cdef int i
    cdef double s = 0.0
    if j == d.p:
        for i in range(d.n):
            s += v[i]
        return s
    return _col_dot(d, X, j, v)


cdef inline void _g_axpy(Design *d, const double *X, int j, double a,
                         double *v) noexcept nogil:
    """``v += a x_j``, with x_p the intercept's column of ones."""
    cdef int i
    if j == d.p:
        for i in range(d.n):
            v[i] += a
        return
    _col_axpy(d, X, j, a, v)


# The penalty on coordinate j; the intercept (j = p) is free.
cdef inline double _g_pen_value(Penalty *pen, Design *d, int j,
                                double w) noexcept nogil:
    return 0.0 if j == d.p else pen_value(pen, j, w)


cdef inline double _g_pen_prox(Penalty *pen, Design *d, int j, double z,
                               double step) noexcept nogil:
    return z if j == d.p else pen_prox(pen, j, z, step)


cdef inline double _g_kkt_score(Penalty *pen, Design *d, int j, double w,
                                double g, double lip) noexcept nogil:
    # Coordinate j's distance from its first-order condition, in gradient
    # units (skreg/_penalties.pxd's kkt_score: the subdifferential distance
    # but for Lp); the free intercept's is |g|.
    return fabs(g) if j == d.p else pen_kkt_score(pen, j, w, g, lip)


cdef inline bint _g_free(Penalty *pen, Design *d, int j) noexcept nogil:
    """Coordinate j has no dual constraint and no curvature from the
    penalty (the intercept, or a zero weight)."""
    return j == d.p or (pen_dual_level(pen, j) == INFINITY
                        and pen_l2_level(pen, j) == 0.0)


cdef double _glm_primal(Datafit *df, Penalty *pen, Design *d, const double *z,
                        const double *w, int n_coef) noexcept nogil:
    cdef int i, j
    cdef double P = 0.0
    for i in range(d.n):
        P += df_value(df, i, z[i])
    for j in range(n_coef):
        if w[j] != 0.0:
            P += _g_pen_value(pen, d, j, w[j])
    return P


# Lazy bounds: a relative margin over their rounding, and the share of the
# features left out at a path's next alpha above which the bound is stale
# (all their dots are taken and the reference moves to the current gradient;
# 0.25 and 0.8 measured the same on bench_logistic's path (e)).
DEF GLM_LAZY_MARGIN = 1e-10
DEF GLM_LAZY_MAX_BACK = 0.5
# A dot of float32 factors, however the BLAS orders, fuses or widens its
# products and sums (in float32 or better), is within gamma_{n+1} sum_i
# |x32_i g32_i| of the exact dot of those factors (gamma_k = k u / (1 - k u),
# u = GLM_U32 = 2^-24), and rounding the factors to float32 adds
# 2 u (1 + u) sum_i |x_i g_i|; by Cauchy-Schwarz the dot is within GLM_SINGLE_DOT_ERR (n + 3)
# ||x_j|| ||g|| of x_j^T g (1.01 covers 1 / (1 - k u) and the squares of u
# while (n + 3) u <= GLM_SINGLE_MAX_ERR).  grad is scaled by a power of two to
# a largest entry in [0.5, 1) (||g|| >= 1/2), so the entries and products
# below float32's normal range add at most n 2^-149 to a dot, under
# 1e-14 n ||x_j|| ||g|| for the columns the copy takes (norms >= 1e-30,
# :func:`_glm_lips_col`): far inside the margin.
DEF GLM_U32 = 5.9604644775390625e-08
DEF GLM_SINGLE_DOT_ERR = 1.01 * GLM_U32
# A path takes the float32 copy while the bound's factor (n + 3) u stays at
# most this (n up to about 16,000; beyond, the bound is too loose to spare
# the dots), the copy is at most GLM_SINGLE_MAX_BYTES, and the nonzero
# columns' norms are in [1e-30, 1e30] (no entry, product or sum overflows
# float32, and the subnormal ones' absolute error stays negligible).
DEF GLM_SINGLE_MAX_ERR = 1e-3
DEF GLM_SINGLE_MAX_BYTES = 2147483648.0
DEF GLM_SINGLE_MIN_NORM = 1e-30
DEF GLM_SINGLE_MAX_NORM = 1e30
# Two references whose Gram determinant is below this share of the product
# of their squared norms are treated as parallel (one scale only).
DEF GLM_REF_PARALLEL = 1e-6

cdef inline double _glm_ref_distance(Design *d, GlmBuffers *b) noexcept nogil:
    """``||grad - s g_ref - s2 g_ref2||`` for the scales (``b.ref_scale``,
    ``b.ref_scale2``; s2 = 0 without a second reference) that minimize it,
    rounded up to cover the rounding of the lazy bound.  Any scales give a
    bound, ``|x_j^T grad| <= |s x_j^T g_ref + s2 x_j^T g_ref2| + ||x_j||
    ||grad - s g_ref - s2 g_ref2||``; along a path the gradient's change is
    mostly in the span of its recent values (on bench_logistic's path (e)
    the best rescaling of one reference halves the distance, and the
    features the bound keeps out of a gap pass go from about none to 4000
    of 5000 at the last alphas)."""
    cdef int i
    cdef double s = 0.0, e, gr = 0.0, rr = 0.0, scale = 1.0, scale2 = 0.0
    cdef double gq = 0.0, rq = 0.0, qq = 0.0, det
    for i in range(d.n):
        gr += b.grad[i] * b.g_ref[i]
        rr += b.g_ref[i] * b.g_ref[i]
    if rr > 0.0:
        scale = gr / rr
    if b.has_ref2:
        for i in range(d.n):
            gq += b.grad[i] * b.g_ref2[i]
            rq += b.g_ref[i] * b.g_ref2[i]
            qq += b.g_ref2[i] * b.g_ref2[i]
        det = rr * qq - rq * rq
        # Two references far from parallel: the 2 x 2 normal equations.
        if det > GLM_REF_PARALLEL * rr * qq:
            scale = (gr * qq - gq * rq) / det
            scale2 = (gq * rr - gr * rq) / det
    b.ref_scale = scale
    b.ref_scale2 = scale2
    for i in range(d.n):
        e = b.grad[i] - scale * b.g_ref[i] - scale2 * b.g_ref2[i]
        s += e * e
    # The dots x_j^T g_ref are rounded to about n eps ||x_j|| ||g_ref||
    # (float32 dots: within ref_margin ||x_j|| ||g_ref|| of the exact ones).
    return (sqrt(s) * (1.0 + GLM_LAZY_MARGIN)
            + b.ref_margin * (fabs(scale) * sqrt(rr) + fabs(scale2) * sqrt(qq)))


cdef inline bint _glm_lazy_holds(Penalty *pen, GlmBuffers *b, int j,
                                 double delta) noexcept nogil:
    """The lazy bound proves ``|x_j^T grad|`` below coordinate j's L1 level:
    j neither limits the dual scaling nor adds to the penalty's conjugate,
    and its KKT score at zero is zero."""
    return ((fabs(b.ref_scale * b.xtg_ref[j] + b.ref_scale2 * b.xtg_ref2[j])
             + b.col_norm[j] * delta)
            * (1.0 + GLM_LAZY_MARGIN) < pen_l1_level(pen, j))


cdef int _merge_sorted(int *dst, int n_dst, const int *add,
                       int n_add) noexcept nogil:
    """dst[0:n_dst] += add[0:n_add] (both increasing, the result too; dst
    has room); returns the new length."""
    cdef int s = n_dst - 1, t = n_add - 1, k = n_dst + n_add - 1
    while t >= 0:
        if s >= 0 and dst[s] > add[t]:
            dst[k] = dst[s]
            s -= 1
        else:
            dst[k] = add[t]
            t -= 1
        k -= 1
    return n_dst + n_add


cdef bint _use_glm_single_dots = True
# Diagnostics for the tests: the float32 dots certified below their level
# and those retaken in float64, since the last reset (not thread-safe).
cdef long _glm_single_certified = 0
cdef long _glm_single_retaken = 0


def _set_glm_single_dots(bint flag):
    """Turn a dense path's float32 copy of X on or off (testing and
    benchmarking aid)."""
    global _use_glm_single_dots
    _use_glm_single_dots = flag


def _glm_single_dot_counts(bint reset=False):
    """(certified, retaken) float32 dots since the last reset."""
    global _glm_single_certified, _glm_single_retaken
    counts = (_glm_single_certified, _glm_single_retaken)
    if reset:
        _glm_single_certified = 0
        _glm_single_retaken = 0
    return counts


cdef double _glm_grad32(Design *d, GlmBuffers *b) noexcept nogil:
    """``g32 = grad * scale`` in float32, with ``scale`` (returned) the
    power of two that brings grad's largest magnitude into [0.5, 1)."""
    cdef int i, e
    cdef double top = 0.0, scale = 1.0
    for i in range(d.n):
        top = max(top, fabs(b.grad[i]))
    if top > 0.0:
        frexp(top, &e)
        scale = ldexp(1.0, -e)
    for i in range(d.n):
        b.g32[i] = <float> (b.grad[i] * scale)
    return scale


cdef inline double _glm_dot_err(Design *d, GlmBuffers *b) noexcept nogil:
    """The float32 dots' error bound per unit of ``||x_j||`` at the current
    grad (:func:`_glm_dots`)."""
    cdef int i
    cdef double norm2 = 0.0
    for i in range(d.n):
        norm2 += b.grad[i] * b.grad[i]
    return (GLM_SINGLE_DOT_ERR * (d.n + 3.0) * sqrt(norm2)
            * (1.0 + GLM_LAZY_MARGIN))


cdef void _glm_dots(Penalty *pen, Design *d, const double *X, const double *w,
                    GlmBuffers *b, const int *feats, int m) noexcept nogil:
    """``xtg[j] = x_j^T grad`` for the features j in ``feats[0:m]``: with
    the float32 copy of X, a feature at zero whose float32 dot plus its
    error bound stays below its L1 level keeps that dot (``approx[j]``);
    the others (the support, the free coordinates, those near or above
    their level) get the float64 dot.

    A certified dot serves every use of ``xtg[j]`` the exact one would:
    the feature neither limits the dual scaling nor adds to the penalty's
    conjugate, its KKT score is zero, and screening and the lazy bound add
    the error bound.  It reads half the bytes: a path's gap passes are
    bound by X's traffic.  The copy is dense-only, and dense passes run on
    one thread (:func:`_glm_dispatch`).
    """
    cdef int t, j, one = 1
    cdef double scale, err, v
    global _glm_single_certified, _glm_single_retaken
    if b.x32 == NULL or m < 8:
        # (A few dots do not pay for grad's conversion.)
        _col_dots1(d, X, feats, m, b.grad, b.xtg)
        for t in range(m):
            b.approx[feats[t]] = 0
        return
    scale = _glm_grad32(d, b)
    err = _glm_dot_err(d, b)
    for t in range(m):
        j = feats[t]
        if w[j] == 0.0 and not _g_free(pen, d, j):
            v = dsdot(&d.n, b.x32 + <Py_ssize_t> j * d.n, &one,
                      b.g32, &one) / scale
            if ((fabs(v) + err * b.col_norm[j]) * (1.0 + GLM_LAZY_MARGIN)
                    < pen_l1_level(pen, j)):
                b.xtg[j] = v
                b.approx[j] = 1
                _glm_single_certified += 1
                continue
            _glm_single_retaken += 1
        b.xtg[j] = _col_dot(d, X, j, b.grad)
        b.approx[j] = 0


cdef void _glm_certify(Penalty *pen, Design *d, const double *X,
                       GlmBuffers *b) noexcept nogil:
    """Before a gap on feats (all their dots at the current grad, whose
    float32 error is ``b.dot_err``): the certified dots that no longer stay
    below their level (a path's next alpha lowers it) become exact."""
    cdef int t, j
    for t in range(b.n_feats):
        j = b.feats[t]
        if b.approx[j] and ((fabs(b.xtg[j]) + b.dot_err * b.col_norm[j])
                            * (1.0 + GLM_LAZY_MARGIN) >= pen_l1_level(pen, j)):
            b.xtg[j] = _col_dot(d, X, j, b.grad)
            b.approx[j] = 0


cdef void _glm_check_lazy(Penalty *pen, Design *d, const double *X,
                          const double *w, GlmBuffers *b) noexcept nogil:
    """Take back into feats, with their dots at the current grad, the lazy
    features whose bound no longer holds."""
    cdef int t, j, kept = 0, n_back = 0
    cdef double delta
    if b.n_lazy == 0:
        return
    delta = _glm_ref_distance(d, b)
    for t in range(b.n_lazy):
        j = b.lazy[t]
        if _glm_lazy_holds(pen, b, j, delta):
            b.lazy[kept] = j
            kept += 1
        else:
            b.lazy_tmp[n_back] = j
            n_back += 1
    b.n_lazy = kept
    if n_back > 0:
        _glm_dots(pen, d, X, w, b, b.lazy_tmp, n_back)
        b.n_feats = _merge_sorted(b.feats, b.n_feats, b.lazy_tmp, n_back)


cdef void _glm_stale_dots(Penalty *pen, Design *d, const double *X,
                          const double *w, GlmBuffers *b) noexcept nogil:
    """``X^T grad`` on the features of feats whose dot is not current:
    all of them but the working set's ``ws[0:n_ws_current]`` (both lists
    increasing)."""
    cdef int t, j, u = 0, m = 0
    cdef int n = b.n_feats - b.intercept
    if b.n_ws_current == 0:
        _glm_dots(pen, d, X, w, b, b.feats, n)
        return
    for t in range(n):
        j = b.feats[t]
        while u < b.n_ws_current and b.ws[u] < j:
            u += 1
        if u < b.n_ws_current and b.ws[u] == j:
            continue
        b.lazy_tmp[m] = j
        m += 1
    b.n_ws_current = 0
    _glm_dots(pen, d, X, w, b, b.lazy_tmp, m)


cdef double _glm_gap(Datafit *df, Penalty *pen, Design *d, const double *X,
                     const double *w, GlmBuffers *b, double *primal) noexcept nogil:
    """Duality gap at w; leaves ``grad`` and ``X^T grad`` in the buffers.

    The dual point is ``theta = -c grad`` with ``c`` the largest scaling in
    [0, 1] that satisfies every dual constraint of the penalty.  A
    coordinate the penalty leaves free (the intercept, or no dual
    constraint and no L2 part: a zero weight) has the equality constraint
    ``x_j^T theta = 0``, which no scaling reaches: the gap is taken for the
    problem with the free coordinates held at their values (the datafit
    shifted by ``X_F w_F``, whose conjugate gains ``-theta^T X_F w_F``),
    plus the decrease still available along each free coordinate,
    ``g_j^2 / (2 L_j)`` with ``L_j`` its Lipschitz bound, so that the
    stopping test also asks them to be stationary.
    """
    cdef int i, j, t
    cdef double c = 1.0, u, level, D = 0.0, free = 0.0
    if not b.xtg_current:
        for i in range(d.n):
            b.grad[i] = df_grad(df, i, b.z[i])
        # Only the unscreened coordinates: the screened ones are zero at
        # the solution, so the gap of the problem without them bounds the
        # same suboptimality.
        _glm_stale_dots(pen, d, X, w, b)
        if b.intercept:
            b.xtg[d.p] = _g_dot(d, X, d.p, b.grad)
    b.xtg_current = False
    # The lazy features hold |x_j^T grad| below their L1 level (or come back
    # into feats): the dual point stays feasible for them, with a zero
    # conjugate, so the gap over feats is the one with them.
    _glm_check_lazy(pen, d, X, w, b)
    if b.x32 != NULL:
        b.dot_err = _glm_dot_err(d, b)
        _glm_certify(pen, d, X, b)
    for t in range(b.n_feats):
        j = b.feats[t]
        if _g_free(pen, d, j):
            if b.lips[j] > 0.0:
                free += b.xtg[j] * b.xtg[j] / (2.0 * b.lips[j])
            continue
        level = pen_dual_level(pen, j)
        u = -b.xtg[j]
        if not pen_positive(pen):
            u = fabs(u)
        if u > level and level < INFINITY:
            if level / u < c:
                c = level / u
    b.dual_scale = c
    for i in range(d.n):
        D -= df_conjugate(df, i, -c * b.grad[i])
    for t in range(b.n_feats):
        j = b.feats[t]
        if _g_free(pen, d, j):
            D += c * w[j] * b.xtg[j]
        else:
            D -= pen_conjugate(pen, j, -c * b.xtg[j])
    primal[0] = _glm_primal(df, pen, d, b.z, w, b.n_coef)
    return primal[0] - D + free


cdef double _glm_kkt(Datafit *df, Penalty *pen, Design *d, const double *X,
                     const double *w, GlmBuffers *b, double *primal) noexcept nogil:
    """The stopping score of the penalties without a duality gap (MCP,
    SCAD, Lp): ``max_j kkt_score_j`` over all coordinates, the intercept's
    ``|g|`` included, in gradient units: the distance of ``-X^T grad`` to
    the (Clarke) subdifferential for MCP and SCAD, the fixed-point residual
    of a coordinate step for Lp; 0 iff w satisfies the penalty's
    first-order conditions.  Leaves ``grad`` and ``X^T grad`` in the
    buffers, like :func:`_glm_gap`."""
    cdef int i, j
    cdef double score = 0.0
    if not b.xtg_current:
        for i in range(d.n):
            b.grad[i] = df_grad(df, i, b.z[i])
        for j in range(b.n_coef):
            b.xtg[j] = _g_dot(d, X, j, b.grad)
    b.xtg_current = False
    for j in range(b.n_coef):
        score = max(score, _g_kkt_score(pen, d, j, w[j], b.xtg[j], b.lips[j]))
    primal[0] = _glm_primal(df, pen, d, b.z, w, b.n_coef)
    return score


cdef inline double _glm_stop_score(Datafit *df, Penalty *pen, Design *d,
                                   const double *X, const double *w,
                                   GlmBuffers *b, double *primal) noexcept nogil:
    """The duality gap, or :func:`_glm_kkt` for a penalty without one."""
    if pen_has_gap(pen):
        return _glm_gap(df, pen, d, X, w, b, primal)
    return _glm_kkt(df, pen, d, X, w, b, primal)


cdef int _glm_working_set(Penalty *pen, Design *d, const double *w,
                          GlmBuffers *b, int previous) noexcept nogil:
    """The support (and the intercept) plus the features farthest from
    their KKT condition.

    Only the support and the violators (positive KKT score) are ranked:
    the others tie at score zero, where the order's tie-break by index
    takes the first ones in feature order, so the set is the one a
    selection over all features gives, without sorting the (many, late in
    a solve) satisfied features."""
    cdef int j, t, nnz = 0, size, n_cand = 0, extra
    cdef double key
    for t in range(b.n_feats):
        j = b.feats[t]
        if w[j] != 0.0 or j == d.p:
            key = -INFINITY
            nnz += 1
        else:
            key = -_g_kkt_score(pen, d, j, w[j], b.xtg[j], b.lips[j])
            if key >= 0.0:
                continue
        b.pairs[n_cand].index = j
        b.pairs[n_cand].key = key
        n_cand += 1
    if d.sparse:
        # Sparse X: the violators, with a quarter of the support as margin.
        # Padding to twice the support swept ~12k zero-score features per
        # epoch late in a solve where a few hundred violated.
        size = max(max(nnz + max(n_cand - nnz, nnz // 4), GLM_WS_START),
                   previous)
    else:
        # Dense X: the same, capped at twice the support (early sets hold
        # thousands of violators for a support of hundreds).  Late in a
        # solve or along a path the violators are few: padding to twice the
        # support made each Newton step read ~2x the columns it needed
        # (path (e) of bench_logistic 214 -> 186 ms, fit (a) 31 -> 28 ms).
        size = max(max(min(nnz + max(n_cand - nnz, nnz // 4), 2 * nnz),
                       GLM_WS_START), previous)
    if size >= b.n_feats:
        memcpy(b.ws, b.feats, b.n_feats * sizeof(int))
        return b.n_feats
    if n_cand >= size:
        _select_smallest(b.pairs, n_cand, size)
        for t in range(size):
            b.ws[t] = b.pairs[t].index
    else:
        for t in range(n_cand):
            b.ws[t] = b.pairs[t].index
        extra = size - n_cand
        t = 0
        while extra > 0:
            j = b.feats[t]
            t += 1
            if w[j] != 0.0 or j == d.p or not (
                    -_g_kkt_score(pen, d, j, w[j], b.xtg[j], b.lips[j]) >= 0.0):
                continue
            b.ws[size - extra] = j
            extra -= 1
    qsort(b.ws, size, sizeof(int), _cmp_int)
    return size


cdef inline double _hdot(Design *d, const double *X, int j,
                         const double *h) noexcept nogil:
    """``sum_i h_i x_ij``."""
    cdef Py_ssize_t k, base
    cdef double s = 0.0
    if d.sparse:
        for k in range(d.indptr[j], d.indptr[j + 1]):
            s += h[d.indices[k]] * X[k]
        return s
    base = <Py_ssize_t> j * d.n
    for k in range(d.n):
        s += h[k] * X[base + k]
    return s


cdef bint _grow_buffer(void **buf, Py_ssize_t *cap, Py_ssize_t need,
                       size_t item) noexcept nogil:
    """Room for ``need`` items of ``item`` bytes in ``buf[0]`` (capacity
    ``cap[0]`` items, grown by PyMem_RawRealloc); False if it cannot grow."""
    cdef void *grown
    if need > cap[0]:
        grown = PyMem_RawRealloc(buf[0], need * item)
        if grown == NULL:
            return False
        buf[0] = grown
        cap[0] = need
    return True


cdef bint _glm_reserve_scaled(Design *d, GlmBuffers *b, int m) noexcept nogil:
    """Room for m scaled columns (dense X only, within GLM_SCALED_MAX of
    X's size; float32 ones while ``b.single``); False: the model's CD reads
    the raw columns instead."""
    cdef Py_ssize_t need = <Py_ssize_t> m * d.n
    if d.sparse or need > GLM_SCALED_MAX * (<double> d.n) * d.p:
        return False
    if b.single:
        return _grow_buffer(<void **> &b.xs, &b.xs_cap, need, sizeof(float))
    return _grow_buffer(<void **> &b.xt, &b.xt_cap, need, sizeof(double))


cdef double _glm_model(Penalty *pen, Design *d, const double *w,
                       GlmBuffers *b, int m, const double *dv,
                       const double *u, double shift, double hs,
                       bint scaled) noexcept nogil:
    """The Newton model at the step ``dv`` (``dv[t]`` for ``ws[t]``), up to
    a constant: ``grad^T X d + (X d)^T H (X d) / 2`` plus the penalty.

    ``u`` is the features' share of ``X d`` (``sqrt(h) * X d`` when
    ``scaled``), ``shift`` the intercept's step."""
    cdef int t, j
    cdef Py_ssize_t i
    cdef double lin = 0.0, quad = 0.0, pen_sum = 0.0, r
    for t in range(m):
        j = b.ws[t]
        if j == d.p:
            continue
        lin += b.xtg[j] * dv[t]
        pen_sum += pen_value(pen, j, w[j] + dv[t])
    if scaled:
        quad = _dot(d.n, u, u)
        if b.intercept:
            lin += shift * b.xtg[d.p]
            quad += shift * (2.0 * _dot(d.n, b.sqrt_h, u) + shift * hs)
    elif b.intercept:
        lin += shift * b.xtg[d.p]
        for i in range(d.n):
            r = u[i] + shift
            quad += b.hess[i] * r * r
    else:
        for i in range(d.n):
            quad += b.hess[i] * u[i] * u[i]
    return lin + 0.5 * quad + pen_sum


# Diagnostics for the tests: the model extrapolations tried and accepted
# since the last _glm_extrapolation_counts(reset=True) (not thread-safe:
# concurrent fits in threads add up approximately).
cdef long _glm_extra_tried = 0
cdef long _glm_extra_accepted = 0
cdef long _glm_deferred = 0
cdef long _glm_deferred_taken = 0


def _glm_deferred_counts(bint reset=False):
    """(deferred, taken early) dots of a path's warm starts: the dots left
    to the first gap's pass, and those taken at the warm start to certify a
    gap that ends the solve there."""
    global _glm_deferred, _glm_deferred_taken
    counts = (_glm_deferred, _glm_deferred_taken)
    if reset:
        _glm_deferred = 0
        _glm_deferred_taken = 0
    return counts


def _glm_extrapolation_counts(bint reset=False):
    """(tried, accepted) Anderson extrapolations of the GLM model's CD."""
    global _glm_extra_tried, _glm_extra_accepted
    counts = (_glm_extra_tried, _glm_extra_accepted)
    if reset:
        _glm_extra_tried = 0
        _glm_extra_accepted = 0
    return counts


cdef inline void _axpy32(int n, double a, const float *x,
                         double *y) noexcept nogil:
    """``y += a x`` with x in float32."""
    cdef int i
    for i in range(n):
        y[i] += a * x[i]


cdef double _glm_extrapolate(Penalty *pen, Design *d, const double *X,
                             const double *w, GlmBuffers *b, int m,
                             double *hist, double shift, double hs,
                             bint scaled) noexcept nogil:
    """Anderson extrapolation of the model's step over the working set.

    ``hist`` holds the last K+1 steps (row k: ``d[ws[t]]`` at column t, 0
    for the intercept; the last row is the current step) and room for a
    (K+2)-th.  The combination replaces ``d`` (and ``X d`` in ``b.xd``)
    only if it lowers the model, so the CD's convergence is kept; its
    ``X d`` costs one axpy per moved coordinate (``b.z_try`` is scratch).
    The intercept's step is not combined but follows the features' (the
    model stays minimal in it, as under the centered CD steps).  Returns
    the new intercept step (``shift`` when the point is rejected).
    """
    global _glm_extra_tried, _glm_extra_accepted
    cdef const double *cur = hist + <Py_ssize_t> K_EXTRA * m
    cdef double *dnew = hist + <Py_ssize_t> (K_EXTRA + 1) * m
    cdef double *u = b.z_try
    cdef double delta, shift_new = shift, q_new, q_old
    cdef int t, j
    _glm_extra_tried += 1
    if not _anderson_point(hist, m, dnew, GLM_EXTRA_MAX_WEIGHT):
        return shift
    memcpy(u, b.xd, d.n * sizeof(double))
    for t in range(m):
        j = b.ws[t]
        if j == d.p:
            dnew[t] = 0.0
            continue
        if pen_positive(pen) and w[j] + dnew[t] < 0.0:
            return shift
        delta = dnew[t] - cur[t]
        if delta == 0.0:
            continue
        if scaled and b.single:
            _axpy32(d.n, delta, b.xs + <Py_ssize_t> t * d.n, u)
        elif scaled:
            _axpy(d.n, delta, b.xt + <Py_ssize_t> t * d.n, u)
        else:
            _col_axpy(d, X, j, delta, u)
        if b.intercept:
            shift_new -= b.c[j] * delta
    q_new = _glm_model(pen, d, w, b, m, dnew, u, shift_new, hs, scaled)
    q_old = _glm_model(pen, d, w, b, m, cur, b.xd, shift, hs, scaled)
    if not q_new < q_old:
        return shift
    _glm_extra_accepted += 1
    memcpy(b.xd, u, d.n * sizeof(double))
    for t in range(m):
        j = b.ws[t]
        if j != d.p:
            b.d[j] = dnew[t]
    if b.intercept:
        b.d[d.p] = shift_new
    return shift_new


# The model's CD hands its support to an exact solve (:func:`_glm_support_solve`)
# after every GLM_SUPPORT_EPOCHS epochs that leave its KKT violation above
# tolerance, when the solve costs at most that many epochs: CD crawls on
# correlated or badly scaled columns (the unscaled breast-cancer data at
# C = 1e4: 50 epochs per Newton step, each step lowering the objective by
# 0.1 %, 1000 outer steps without converging).  A dearer solve is taken
# once the model's CD has read as many of X's values since the last solve
# (over the Newton steps and outer iterations of one fit) as the solve
# costs, rent or buy: the solves never cost more than the CD work before
# them (beyond the free GLM_SUPPORT_EPOCHS), and a crawl that goes on pays
# for a solve of any size, where a fixed bound leaves the crawl (of one
# epoch per Newton step, each under the model's tolerance) to run out
# max_iter (uncentered AR(1), rho 0.95, no intercept).
DEF GLM_SUPPORT_EPOCHS = 10
cdef bint _use_glm_support_solve = True


def _set_glm_support_solve(bint flag):
    """Turn the GLM model's exact support solve on or off (benchmarking
    aid)."""
    global _use_glm_support_solve
    _use_glm_support_solve = flag


cdef bint _glm_support_solve(Penalty *pen, Design *d, const double *X,
                             const double *w, GlmBuffers *b, int m,
                             Py_ssize_t work, double *shift_io, double hs,
                             bint scaled, bint plan_only=False) noexcept nogil:
    """Newton's steps on the model restricted to the support of ``w + d``
    with its signs fixed, an active-set (homotopy) loop.

    With the intercept minimized out, the model in the support's step e is
    ``-r^T e + e^T G e / 2`` plus a constant on the orthant face of the
    signs, ``G = B^T B + diag(l2)``, ``B`` the columns ``sqrt(h) (x_j -
    c_j)`` (``sqrt(h) x_j`` without intercept) and ``r`` minus the model's
    reduced gradient at ``d`` and the penalty's slope.  Each round steps
    towards the face's minimum, stops at the first coordinate that reaches
    zero, drops it and goes on with the rest; the face's model is a convex
    quadratic, so every round lowers it.  Only for the convex penalties;
    False when not taken (too costly, no memory, or a singular system).

    ``work`` is the number of X's values an epoch over the working set
    reads: the solve is taken when it costs at most GLM_SUPPORT_EPOCHS such
    epochs or at most ``b.crawl_work`` (its dense support columns cost the
    same whatever X's sparsity; the cost is taken from ``b.crawl_work``),
    and its workspace obeys the Lasso's support-solve limits (support size,
    cells, and NEWTON_MAX_MEMORY of X's stored values).  On dense X, where
    the copy of B exceeds them, the Gram comes from the model's scaled
    working-set columns instead (``b.xt``: B's columns before centering),
    with a workspace (the Gram of the span of columns holding the support,
    and the factor) no larger than those columns.  ``plan_only``: whether
    the solve would be taken, without taking it.
    """
    cdef int n = d.n, k = 0, kk, t, s, j, i, info = 0, one = 1, hit
    cdef int ni = b.n_coef - 1, first = -1, span = 0
    cdef bint from_xt = False
    cdef int *supp
    cdef int *live
    cdef double *B
    cdef double *G0
    cdef double *G
    cdef double *r
    cdef double *e
    cdef double *tot
    cdef double *u
    cdef double *buf
    cdef double v, step, l1, sh, shift = shift_io[0], ridge = 0.0
    cdef double done = 1.0, dzero = 0.0, stored, ws_bytes, cost, su = 0.0, bu
    cdef char uplo = b'U', trans = b'T', notrans = b'N', nonunit = b'N'
    if Penalty is MCP or Penalty is SCAD or Penalty is Lp:
        return False
    else:
        if not _use_glm_support_solve:
            return False
        for t in range(m):
            j = b.ws[t]
            if j != d.p and w[j] + b.d[j] != 0.0 and b.a[j] > 0.0:
                k += 1
                if first < 0:
                    first = t
                span = t - first + 1
        cost = _newton_cost(k, n) * n
        if (k == 0 or k > NEWTON_MAX_SUPPORT or <long> k * n > NEWTON_MAX_CELLS
                or (cost > GLM_SUPPORT_EPOCHS * <double> work
                    and cost > b.crawl_work)):
            return False
        # X's stored values (float64 here): nonzeros, or every entry.
        stored = <double> n * d.p
        if d.sparse:
            stored = <double> d.indptr[d.p]
        ws_bytes = 8.0 * (<double> n * (k + 1) + 2.0 * k * k + 3.0 * k)
        if (ws_bytes > NEWTON_FREE_BYTES
                and ws_bytes > NEWTON_MAX_MEMORY * 8.0 * stored):
            # No room for B's copy.  Dense X's model already holds the
            # working set's columns scaled by sqrt(h) (B's columns up to the
            # centering): the Gram comes from them (a SYRK over the span of
            # working-set columns that holds the support, then gathered),
            # with a workspace no larger than those columns.
            from_xt = True
            cost = _newton_cost(span, n) * n
            ws_bytes = 8.0 * (<double> span * span + <double> k * k + n + 3.0 * k)
            if (not scaled or ws_bytes > 8.0 * <double> n * m
                    or (cost > GLM_SUPPORT_EPOCHS * <double> work
                        and cost > b.crawl_work)):
                return False
        if plan_only:
            return True
        if from_xt:
            buf = <double *> PyMem_RawMalloc(
                (<Py_ssize_t> span * span + <Py_ssize_t> k * k + n + 3 * k)
                * sizeof(double))
        else:
            buf = <double *> PyMem_RawMalloc(
                (<Py_ssize_t> n * (k + 1) + 2 * <Py_ssize_t> k * k + 3 * k)
                * sizeof(double))
        supp = <int *> PyMem_RawMalloc(2 * k * sizeof(int))
        if buf == NULL or supp == NULL:
            PyMem_RawFree(buf)
            PyMem_RawFree(supp)
            return False
        b.crawl_work = max(b.crawl_work - cost, 0.0)
        if from_xt:
            # G0 (k x k) is gathered in place from the span's Gram.
            B = NULL
            G0 = buf
            G = G0 + <Py_ssize_t> span * span
            u = G + <Py_ssize_t> k * k
            r = u + n
        else:
            B = buf
            u = B + <Py_ssize_t> n * k
            G0 = u + n
            G = G0 + <Py_ssize_t> k * k
            r = G + <Py_ssize_t> k * k
        e = r + k
        tot = e + k
        live = supp + k
        # u: sqrt(h) times the model's step of the linear predictor.
        for i in range(n):
            sh = sqrt(b.hess[i])
            u[i] = b.xd[i] + sh * shift if scaled else sh * (b.xd[i] + shift)
        if from_xt and b.intercept:
            su = _dot(n, b.sqrt_h, u)
        k = 0
        for t in range(m):
            j = b.ws[t]
            if j == d.p or w[j] + b.d[j] == 0.0 or b.a[j] <= 0.0:
                continue
            supp[k] = t
            if from_xt:
                # B's column: the scaled column less c_j sqrt(h).
                bu = (_dot(n, b.xt + <Py_ssize_t> t * n, u)
                      - (b.c[j] * su if b.intercept else 0.0))
            else:
                for i in range(n):
                    B[<Py_ssize_t> k * n + i] = 0.0
                if d.sparse:
                    for i in range(d.indptr[j], d.indptr[j + 1]):
                        B[<Py_ssize_t> k * n + d.indices[i]] = X[i]
                else:
                    memcpy(B + <Py_ssize_t> k * n, X + <Py_ssize_t> j * n,
                           n * sizeof(double))
                for i in range(n):
                    B[<Py_ssize_t> k * n + i] = sqrt(b.hess[i]) * (
                        B[<Py_ssize_t> k * n + i] - (b.c[j] if b.intercept else 0.0))
                bu = _dot(n, B + <Py_ssize_t> k * n, u)
            v = w[j] + b.d[j]
            l1 = pen_l1_level(pen, j)
            r[k] = -(b.xtg[j] - (b.c[j] * b.xtg[ni] if b.intercept else 0.0) + bu
                     + (l1 if v > 0.0 else -l1) + pen_l2_level(pen, j) * v)
            tot[k] = 0.0
            live[k] = k
            k += 1
        if from_xt:
            dsyrk(&uplo, &trans, &span, &n, &done, b.xt + <Py_ssize_t> first * n,
                  &n, &dzero, G0, &span)
            # Gather the support's upper triangle into the leading k x k
            # (leading dimension k); every read lies at or after its write,
            # so the gather runs in place.  With the intercept, B^T B is the
            # scaled columns' Gram less hs c c^T.
            for t in range(k):
                for s in range(t + 1):
                    G0[<Py_ssize_t> t * k + s] = G0[
                        <Py_ssize_t> (supp[t] - first) * span + supp[s] - first]
                    if b.intercept:
                        G0[<Py_ssize_t> t * k + s] -= (
                            hs * b.c[b.ws[supp[t]]] * b.c[b.ws[supp[s]]])
        else:
            dsyrk(&uplo, &trans, &k, &n, &done, B, &n, &dzero, G0, &k)
        for t in range(k):
            ridge += G0[<Py_ssize_t> t * k + t]
        ridge = 1e-12 * ridge / k
        for t in range(k):
            G0[<Py_ssize_t> t * k + t] += pen_l2_level(pen, b.ws[supp[t]]) + ridge
            for s in range(t):
                G0[<Py_ssize_t> s * k + t] = G0[<Py_ssize_t> t * k + s]
        memcpy(G, G0, <Py_ssize_t> k * k * sizeof(double))
        dpotrf(&uplo, &k, G, &k, &info)
        kk = k
        while info == 0:
            # The face's Newton step on the live coordinates (G: the factor
            # of G0's live block).
            for t in range(kk):
                e[t] = r[live[t]]
            dtrsv(&uplo, &trans, &nonunit, &kk, G, &k, e, &one)
            dtrsv(&uplo, &notrans, &nonunit, &kk, G, &k, e, &one)
            step = 1.0
            hit = -1
            for t in range(kk):
                j = b.ws[supp[live[t]]]
                v = w[j] + b.d[j] + tot[live[t]]
                if e[t] != e[t]:
                    info = -1
                    break
                if ((v + e[t] > 0.0) != (v > 0.0) or v + e[t] == 0.0) and (
                        pen_l1_level(pen, j) > 0.0 or pen_positive(pen)):
                    if -v / e[t] < step:
                        step = -v / e[t]
                        hit = t
            if info != 0:
                break
            # Apply the step; the crossing coordinate lands on zero exactly.
            for t in range(kk):
                if t == hit:
                    j = b.ws[supp[live[t]]]
                    e[t] = -(w[j] + b.d[j] + tot[live[t]])
                else:
                    e[t] *= step
                tot[live[t]] += e[t]
            for s in range(k):
                for t in range(kk):
                    r[s] -= G0[<Py_ssize_t> live[t] * k + s] * e[t]
            if hit < 0:
                break
            # Drop the coordinate that reached zero (O(k^2) on the factor).
            _cholesky_delete(G, k, kk, hit)
            memmove(live + hit, live + hit + 1, (kk - hit - 1) * sizeof(int))
            kk -= 1
            if kk == 0:
                break
        if info == 0:
            for t in range(k):
                if tot[t] == 0.0:
                    continue
                j = b.ws[supp[t]]
                b.d[j] += tot[t]
                if scaled:
                    _axpy(n, tot[t], b.xt + <Py_ssize_t> supp[t] * n, b.xd)
                else:
                    _col_axpy(d, X, j, tot[t], b.xd)
                if b.intercept:
                    b.d[ni] -= b.c[j] * tot[t]
                    shift -= b.c[j] * tot[t]
            shift_io[0] = shift
        PyMem_RawFree(buf)
        PyMem_RawFree(supp)
        return info == 0


cdef double _glm_inner(Datafit *df, Penalty *pen, Design *d, const double *X,
                       const double *w, GlmBuffers *b, int m,
                       double tol_in, double tol_model) noexcept nogil:
    """CD on the second-order model over the working set
    (:func:`_glm_model_cd`); returns the model's predicted change of the
    objective (negative or zero).  A float32 model that gives up is solved
    again in float64."""
    cdef bint single = b.single
    cdef double change = _glm_model_cd(df, pen, d, X, w, b, m, tol_in, tol_model)
    if single and not b.single:
        change = _glm_model_cd(df, pen, d, X, w, b, m, tol_in, tol_model)
    return change


cdef double _glm_model_cd(Datafit *df, Penalty *pen, Design *d, const double *X,
                          const double *w, GlmBuffers *b, int m,
                          double tol_in, double tol_model) noexcept nogil:
    """CD on the second-order model over the working set; returns the
    model's predicted change of the objective (negative or zero).

    The epochs stop when the model's largest KKT violation seen during an
    epoch is at most ``tol_model``, or its move at most ``tol_in``.

    With an intercept, the model is first minimized in the intercept; each
    feature's step then moves the intercept too, by ``-c_j`` per unit with
    ``c_j = sum_i h_i x_ij / sum_i h_i``, which keeps the model minimal in
    the intercept: coordinate descent on the Hessian-weighted centered
    columns, without which an uncentered design (columns far from zero
    mean) makes the steps crawl.  The intercept's share of ``X d`` is kept
    as a scalar ``shift`` (sparse columns stay sparse).

    Every K_EXTRA + 1 epochs, the last K_EXTRA + 1 steps are combined by
    Anderson extrapolation (:func:`_glm_extrapolate`); the combination is
    kept only if it lowers the model.

    On float32 columns (``b.single``), where a support solve would be
    taken (but in a path's warm start, whose float32 model runs its epochs
    on) or a scaled column leaves float32's range, the model gives up
    instead: ``b.single`` is cleared and 0 is returned, the model
    unsolved.
    """
    cdef int i, t, j, epoch, n_hist = 0, one = 1
    cdef int ni = b.n_coef - 1
    cdef double g, old, new, delta, moved, violation, change = 0.0
    cdef double hs = 0.0, shift = 0.0, a_j
    cdef bint scaled = _glm_reserve_scaled(d, b, m)
    cdef bint single = scaled and b.single
    cdef bint full = True, stalled = False, give_up = False
    # A path's warm start keeps its float32 model: handing it over to the
    # float64 one for a support solve (its scaled columns, Gram and factor)
    # costs more than the epochs it saves, the start being close
    # (bench_logistic's path (e): 0.065 -> 0.057 s; single fits unchanged).
    cdef bint hand_over = not b.path_warm
    cdef double *col = NULL
    cdef float *col32 = NULL
    cdef float step32
    # The steps' history for the extrapolation (K+1 rows of m, and the
    # combination); without it (small epochs, or no memory) the CD runs
    # plain.
    cdef double *hist = NULL
    cdef Py_ssize_t work = <Py_ssize_t> m * d.n
    if d.sparse:
        work = 0
        for t in range(m):
            if b.ws[t] != d.p:
                work += d.indptr[b.ws[t] + 1] - d.indptr[b.ws[t]]
    if m > 1 and work >= GLM_EXTRA_MIN_WORK * d.n:
        hist = <double *> PyMem_RawMalloc(
            <Py_ssize_t> (K_EXTRA + 2) * m * sizeof(double))
    for i in range(d.n):
        b.hess[i] = df_hess(df, i, b.z[i])
        b.xd[i] = 0.0
        hs += b.hess[i]
        if scaled:
            b.sqrt_h[i] = sqrt(b.hess[i])
    if single:
        for i in range(d.n):
            b.xd32[i] = 0.0
    for t in range(m):
        j = b.ws[t]
        b.d[j] = 0.0
        if j == d.p:
            continue
        if single:
            col32 = b.xs + <Py_ssize_t> t * d.n
            if b.x32 != NULL:
                # (X's float32 copy: half the bytes; the float32 model's
                # columns are rounded to float32 anyway.)
                for i in range(d.n):
                    col32[i] = <float> b.sqrt_h[i] * b.x32[<Py_ssize_t> j * d.n + i]
            else:
                for i in range(d.n):
                    col32[i] = <float> (b.sqrt_h[i] * X[<Py_ssize_t> j * d.n + i])
            b.a[j] = dsdot(&d.n, col32, &one, col32, &one)
            if not (b.a[j] < INFINITY and (b.a[j] > 0.0 or b.lips[j] == 0.0)):
                # The scaled column leaves float32's range (its squares
                # overflow, or underflow to zero): the float64 model takes
                # over, where a model without curvature would not move.
                give_up = True
                break
        elif scaled:
            col = b.xt + <Py_ssize_t> t * d.n
            for i in range(d.n):
                col[i] = b.sqrt_h[i] * X[<Py_ssize_t> j * d.n + i]
            b.a[j] = _dot(d.n, col, col)
        else:
            b.a[j] = _wdot(d, X, j, b.hess, NULL)
        if b.intercept and hs > 0.0:
            if single:
                b.c[j] = _dot(d.n, b.hess, X + <Py_ssize_t> j * d.n) / hs
            elif scaled:
                b.c[j] = _dot(d.n, b.sqrt_h, col) / hs
            else:
                b.c[j] = _hdot(d, X, j, b.hess) / hs
            # The curvature along the centered column; a column constant up
            # to rounding has none (the intercept already moves along it).
            a_j = b.a[j] - b.c[j] * b.c[j] * hs
            b.a[j] = a_j if a_j > GLM_CONSTANT_COLUMN * b.a[j] else 0.0
    if give_up:
        PyMem_RawFree(hist)
        b.single = False
        return 0.0
    if b.intercept:
        b.d[ni] = 0.0
        if hs > 0.0:
            # The model's minimum in the intercept (gradient sum_i grad_i).
            shift = -b.xtg[ni] / hs
            b.d[ni] = shift
    for epoch in range(GLM_MAX_INNER):
        moved = 0.0
        violation = 0.0
        for t in range(m):
            j = b.ws[t]
            if j == d.p:
                continue
            a_j = b.a[j]
            if a_j <= 0.0 or (not full and b.skip[t]):
                continue
            b.crawl_work += (d.indptr[j + 1] - d.indptr[j] if d.sparse
                             else d.n)
            if single:
                # b.xd32 holds sqrt(h) * (X d) during the epochs.
                col32 = b.xs + <Py_ssize_t> t * d.n
                g = b.xtg[j] + sdot(&d.n, col32, &one, b.xd32, &one)
            elif scaled:
                # b.xd holds sqrt(h) * (X d) during the epochs.
                col = b.xt + <Py_ssize_t> t * d.n
                g = b.xtg[j] + _dot(d.n, col, b.xd)
            else:
                g = b.xtg[j] + _wdot(d, X, j, b.hess, b.xd)
            if b.intercept:
                # x_j^T H (shift 1) and the intercept's gradient (zero here,
                # kept exact under the centered steps).
                g += shift * b.c[j] * hs
            old = w[j] + b.d[j]
            violation = max(violation, pen_kkt_score(pen, j, old, g, a_j))
            if full:
                b.skip[t] = old == 0.0 and fabs(g) < GLM_SHRINK * pen_l1_level(pen, j)
            new = pen_prox(pen, j, old - g / a_j, 1.0 / a_j)
            delta = new - old
            if delta != 0.0:
                b.d[j] += delta
                if single:
                    step32 = <float> delta
                    saxpy(&d.n, &step32, col32, &one, b.xd32, &one)
                elif scaled:
                    _axpy(d.n, delta, col, b.xd)
                else:
                    _col_axpy(d, X, j, delta, b.xd)
                if b.intercept:
                    b.d[ni] -= b.c[j] * delta
                    shift -= b.c[j] * delta
                moved += a_j * delta * delta
        if violation <= tol_model or moved <= tol_in:
            if full:
                if violation <= tol_model or stalled:
                    break
                # The moves are too small for the objective, but the model's
                # KKT is still far: CD crawls (correlated columns); the
                # exact solve on the support either finishes the model or
                # lets the epochs go on from a better point.
                stalled = True
                if single:
                    give_up = hand_over and _glm_support_solve(
                        pen, d, X, w, b, m, work, &shift, hs, True, True)
                    break
                if not _glm_support_solve(pen, d, X, w, b, m, work, &shift, hs,
                                          scaled, False):
                    break
                n_hist = 0
                continue
            # The shrunk epochs are done: a full one checks them.
            full = True
        else:
            full = False
        if (epoch + 1) % GLM_SUPPORT_EPOCHS == 0:
            if single:
                give_up = hand_over and _glm_support_solve(
                    pen, d, X, w, b, m, work, &shift, hs, True, True)
                if give_up:
                    break
            elif _glm_support_solve(pen, d, X, w, b, m, work, &shift, hs,
                                    scaled, False):
                # The next epoch checks the solve's point on every
                # coordinate; the steps' history no longer leads to it.
                full = True
                n_hist = 0
                continue
        if hist != NULL:
            for t in range(m):
                j = b.ws[t]
                hist[<Py_ssize_t> n_hist * m + t] = 0.0 if j == d.p else b.d[j]
            n_hist += 1
            if n_hist == K_EXTRA + 1:
                if single:
                    for i in range(d.n):
                        b.xd[i] = b.xd32[i]
                shift = _glm_extrapolate(pen, d, X, w, b, m, hist, shift, hs,
                                         scaled)
                if single:
                    for i in range(d.n):
                        b.xd32[i] = <float> b.xd[i]
                n_hist = 0
    PyMem_RawFree(hist)
    if give_up:
        b.single = False
        return 0.0
    if scaled:
        # X d from the raw columns of the moved coordinates.
        for i in range(d.n):
            b.xd[i] = 0.0
        for t in range(m):
            j = b.ws[t]
            if j != d.p and b.d[j] != 0.0:
                _col_axpy(d, X, j, b.d[j], b.xd)
    if b.intercept and shift != 0.0:
        for i in range(d.n):
            b.xd[i] += shift
    for i in range(d.n):
        change += b.grad[i] * b.xd[i]
    for t in range(m):
        j = b.ws[t]
        change += (_g_pen_value(pen, d, j, w[j] + b.d[j])
                   - _g_pen_value(pen, d, j, w[j]))
    return change


cdef bint _glm_line_search(Datafit *df, Penalty *pen, Design *d, double *w,
                           GlmBuffers *b, int m, double *P0,
                           double change) noexcept nogil:
    """Backtrack ``t`` from 1 until the objective ``P0[0]`` drops by
    Armijo's rule; apply the step ``w += t d`` and leave the new objective in
    ``P0[0]``.  False when no step lowers it."""
    cdef int i, t, j, halving
    cdef double step = 1.0, P
    for halving in range(GLM_MAX_HALVINGS):
        P = 0.0
        for i in range(d.n):
            b.z_try[i] = b.z[i] + step * b.xd[i]
            P += df_value(df, i, b.z_try[i])
        for j in range(b.n_coef):
            if w[j] != 0.0:
                P += _g_pen_value(pen, d, j, w[j])
        for t in range(m):
            j = b.ws[t]
            P += (_g_pen_value(pen, d, j, w[j] + step * b.d[j])
                  - _g_pen_value(pen, d, j, w[j]))
        if P <= P0[0] + GLM_ARMIJO * step * change:
            for t in range(m):
                j = b.ws[t]
                w[j] += step * b.d[j]
            memcpy(b.z, b.z_try, d.n * sizeof(double))
            P0[0] = P
            return True
        step *= 0.5
    return False


cdef void _glm_full_step(Design *d, double *w, GlmBuffers *b,
                         int m) noexcept nogil:
    cdef int i, t
    for t in range(m):
        w[b.ws[t]] += b.d[b.ws[t]]
    for i in range(d.n):
        b.z[i] += b.xd[i]


cdef double _glm_ws_violation(Datafit *df, Penalty *pen, Design *d,
                              const double *X, const double *w, GlmBuffers *b,
                              int m, bint single=False) noexcept nogil:
    """Refresh ``grad`` and ``X^T grad`` on the working set; return its
    largest KKT violation.  ``single``: the dots from X's float32 copy
    (when there is one), within about 1e-7 ||x_j|| ||grad|| of the exact
    ones, for a Newton model that the float64 gap checks afterwards."""
    cdef int i, t, j, one = 1
    cdef double violation = 0.0, scale = 1.0
    for i in range(d.n):
        b.grad[i] = df_grad(df, i, b.z[i])
    single = single and b.x32 != NULL
    if single:
        scale = _glm_grad32(d, b)
    for t in range(m):
        j = b.ws[t]
        if single and j != d.p:
            b.xtg[j] = dsdot(&d.n, b.x32 + <Py_ssize_t> j * d.n, &one,
                             b.g32, &one) / scale
        else:
            b.xtg[j] = _g_dot(d, X, j, b.grad)
        b.approx[j] = 0
        violation = max(violation,
                        _g_kkt_score(pen, d, j, w[j], b.xtg[j], b.lips[j]))
    return violation


cdef double _glm_max_violation(Penalty *pen, Design *d, const double *w,
                               GlmBuffers *b) noexcept nogil:
    """Largest KKT violation over the unscreened coordinates (``X^T grad``
    current)."""
    cdef int j, t
    cdef double violation = 0.0
    for t in range(b.n_feats):
        j = b.feats[t]
        violation = max(violation,
                        _g_kkt_score(pen, d, j, w[j], b.xtg[j], b.lips[j]))
    return violation


cdef bint _glm_screen(Penalty *pen, Design *d, const double *X, double *w,
                      GlmBuffers *b, double gap) noexcept nogil:
    """Gap-safe screening: drop the coordinates proven zero at the solution.

    Each f_i is smooth (``f_i'' <= h_i = sup f_i''``), so the dual
    ``D(theta) = -sum_i f_i^*(-theta_i) - sum_j pen_j^*(x_j^T theta)`` is
    strongly concave, ``D(theta*) - D(theta) >= sum_i (theta_i -
    theta*_i)^2 / (2 h_i)``, and with ``D(theta*) - D(theta) <= gap`` the
    dual optimum ``theta* = -grad F(X w*)`` lies in a ball around the last
    gap's dual point ``theta = -c grad``: ``|x_j^T (theta - theta*)| <=
    sqrt(2 gap lips_j)``.  A coordinate whose ``|x_j^T theta|`` plus that
    radius stays below its L1 level has ``|x_j^T theta*|`` below it too, so
    ``w*_j = 0`` (for L1, weighted L1 and the elastic net alike).  The
    dropped coordinates are set to zero (``z`` updated).  Screening needs
    the full problem's gap: with a free coordinate (intercept, zero weight)
    the gap is the one with it held fixed, and nothing is screened.  Returns
    whether a nonzero coordinate was dropped.
    """
    cdef int t, j, kept = 0
    cdef double radius = sqrt(2.0 * gap), c = b.dual_scale, u
    cdef bint moved = False
    if Penalty is L2:
        return False
    for t in range(b.n_feats):
        if _g_free(pen, d, b.feats[t]):
            return False
    for t in range(b.n_feats):
        j = b.feats[t]
        u = -c * b.xtg[j]
        if not pen_positive(pen):
            u = fabs(u)
        # (dot_err: a float32 dot's error, :func:`_glm_dots`.)
        if (u + radius * sqrt(b.lips[j]) + b.dot_err * b.col_norm[j]
                < pen_l1_level(pen, j)):
            if w[j] != 0.0:
                _col_axpy(d, X, j, -w[j], b.z)
                w[j] = 0.0
                moved = True
            continue
        b.feats[kept] = j
        kept += 1
    b.n_feats = kept
    return moved


# The first outer step of a path's warm start solves its working set down to
# this fraction of the full problem's KKT violation (GLM_WS_RATIO otherwise).
DEF GLM_PATH_WS_RATIO = 0.01
# A path's warm start defers the dot of a feature whose lazy bound fails but
# whose estimate (the reference part of the bound) stays below its level by
# this many standard deviations of x_j^T e for a residual e uncorrelated
# with x_j, ||x_j|| ||e|| / sqrt(n) (:func:`_glm_solve`).
DEF GLM_DEFER_SIGMAS = 3.0


cdef int _glm_left_out(Design *d, GlmBuffers *b) noexcept nogil:
    """Write the features outside ``feats`` (both increasing) into ``ws``;
    return their count."""
    cdef int j, t = 0, m = 0
    for j in range(d.p):
        if t < b.n_feats and b.feats[t] == j:
            t += 1
        else:
            b.ws[m] = j
            m += 1
    return m


cdef bint _glm_predict(Datafit *df, Penalty *pen, Design *d, const double *X,
                       double *w, GlmBuffers *b, int m, double *P0,
                       double *violation) noexcept nogil:
    """A path's secant predictor: move the previous alpha's solution ``w``
    along the path's last step, ``w + r (w - w_prev)`` with ``r`` the
    alphas' step ratio, on the working set's nonzero coordinates (a
    penalized one that would cross zero stops at zero).

    The path is smooth in alpha between changes of the support, so the
    secant's point is second-order close to the new alpha's solution where
    ``w`` is first-order close: the Newton steps that follow start inside
    their region of fast convergence (one step where two were taken).  Kept
    only if it lowers the objective ``P0[0]`` (updated, with ``z``, the
    gradient and ``X^T grad`` on the working set, and ``violation[0]``, the
    working set's largest KKT violation); returns whether it was kept.
    """
    cdef int i, t, j
    cdef double r = b.path_ratio, new, P = 0.0
    cdef bint moved = False
    for i in range(d.n):
        b.xd[i] = 0.0
    for t in range(m):
        j = b.ws[t]
        b.d[j] = 0.0
        if w[j] == 0.0:
            continue
        new = w[j] + r * (w[j] - b.w_prev[j])
        if not _g_free(pen, d, j) and new * w[j] <= 0.0:
            new = 0.0
        b.d[j] = new - w[j]
        if b.d[j] != 0.0:
            _g_axpy(d, X, j, b.d[j], b.xd)
            moved = True
    if not moved:
        return False
    for i in range(d.n):
        b.z_try[i] = b.z[i] + b.xd[i]
    P = _glm_primal(df, pen, d, b.z_try, w, b.n_coef)
    for t in range(m):
        j = b.ws[t]
        if b.d[j] != 0.0:
            P += (_g_pen_value(pen, d, j, w[j] + b.d[j])
                  - _g_pen_value(pen, d, j, w[j]))
    if not P < P0[0]:
        return False
    for t in range(m):
        j = b.ws[t]
        w[j] += b.d[j]
    memcpy(b.z, b.z_try, d.n * sizeof(double))
    P0[0] = P
    violation[0] = _glm_ws_violation(df, pen, d, X, w, b, m, True)
    return True


cdef int _glm_solve(Datafit *df, Penalty *pen, Design *d, const double *X,
                    double *w, GlmBuffers *b, double tol_abs, int max_iter,
                    double *gap_out, int *n_iter_out) noexcept nogil:
    """Prox-Newton working-set CD from the warm start (w, z = X w).

    Outer step: the duality gap on the problem without the screened
    coordinates (the only stopping test; the screened ones are zero at the
    solution, so it bounds the full problem's suboptimality; for a penalty
    without a gap, the largest first-order violation, :func:`_glm_kkt`),
    gap-safe screening, and a working set; inner: Newton steps on the
    working set (CD on the second-order model, then a line search) until
    its KKT violation falls below ``GLM_WS_RATIO`` of the full problem's
    (``GLM_PATH_WS_RATIO`` at a path's warm start, after the secant
    predictor, :func:`_glm_predict`).

    Dots are taken once per point: the gap's pass skips the working set's
    when the last Newton step's violation check took them at the same w,
    and a path's warm start defers the dots of the features its lazy bound
    no longer covers but whose estimate stays clearly below their level
    (they are taken by the pass after the Newton step, or at once when the
    warm start's gap on the estimates would end the solve).  On
    bench_logistic's path (e) the two cut the column dots from about
    99k to 84k.
    """
    cdef int it, newton, j, t = 0, m = 0, n_back = 0, n_cand = 0, n_fail = 0
    cdef bint grown = False, left
    cdef double gap = INFINITY, P, change, violation, tol_ws, tol_model, delta
    cdef double spread, estimate
    global _glm_deferred, _glm_deferred_taken
    cdef double *swap
    b.n_deferred = 0
    if b.xtg_current:
        # Warm start along a path: X^T grad is current on the previous
        # alpha's features in feats; the others (screened or lazy, ws as
        # scratch) come back, lazily where the bound proves them below the
        # new alpha's level.
        # Every feature at zero is a candidate (those in feats too: their
        # dots are current for the first gap, and the bound spares them in
        # the later ones).
        m = _glm_left_out(d, b)
        b.n_lazy = 0
        if b.has_ref and pen_has_gap(pen):
            delta = _glm_ref_distance(d, b)
            spread = GLM_DEFER_SIGMAS * delta / sqrt(<double> d.n)
            t = 0
            for j in range(d.p):
                left = t < m and b.ws[t] == j
                if left:
                    t += 1
                if w[j] == 0.0 and not _g_free(pen, d, j):
                    n_cand += 1
                    if _glm_lazy_holds(pen, b, j, delta):
                        b.lazy[b.n_lazy] = j
                        b.n_lazy += 1
                        continue
                    n_fail += 1
                    if left and b.path_warm:
                        # Likely below its level: its dot waits for the
                        # first gap's pass, which takes it at the new point.
                        estimate = (b.ref_scale * b.xtg_ref[j]
                                    + b.ref_scale2 * b.xtg_ref2[j])
                        if (fabs(estimate) + spread * b.col_norm[j]
                                < pen_l1_level(pen, j)):
                            b.xtg[j] = estimate
                            b.approx[j] = 0
                            b.deferred[b.n_deferred] = j
                            b.n_deferred += 1
                            continue
                if left:
                    # ws[n_back] was read already (n_back < t).
                    b.ws[n_back] = j
                    n_back += 1
            if (n_back + b.n_deferred > GLM_LAZY_MAX_BACK * m
                    or n_fail > GLM_LAZY_MAX_BACK * n_cand):
                # The bound has gone stale: every dot is taken, and the
                # reference moves to the current gradient.
                b.n_lazy = 0
                b.n_deferred = 0
                n_back = _glm_left_out(d, b)
            m = n_back
        _glm_dots(pen, d, X, w, b, b.ws, m)
        m = 0
        if b.n_lazy == 0:
            # The current reference becomes the second one.
            if b.has_ref:
                swap = b.g_ref
                b.g_ref = b.g_ref2
                b.g_ref2 = swap
                swap = b.xtg_ref
                b.xtg_ref = b.xtg_ref2
                b.xtg_ref2 = swap
                b.has_ref2 = True
            memcpy(b.g_ref, b.grad, d.n * sizeof(double))
            memcpy(b.xtg_ref, b.xtg, d.p * sizeof(double))
            b.has_ref = True
            if pen_has_gap(pen) and b.path_warm:
                # The fresh reference is exact (up to the float32 dots'
                # error): the features at zero below their level are lazy
                # from here (a path's solves only: the column norms are
                # taken for a path).
                b.ref_scale = 1.0
                b.ref_scale2 = 0.0
                delta = _glm_dot_err(d, b) if b.x32 != NULL else 0.0
                for j in range(d.p):
                    if (w[j] == 0.0 and not _g_free(pen, d, j)
                            and _glm_lazy_holds(pen, b, j, delta)):
                        b.lazy[b.n_lazy] = j
                        b.n_lazy += 1
    else:
        b.n_lazy = 0
    b.crawl_work = 0.0
    b.n_ws_current = 0
    # feats: every coordinate but the lazy ones.
    b.n_feats = 0
    t = 0
    for j in range(b.n_coef):
        if t < b.n_lazy and b.lazy[t] == j:
            t += 1
        else:
            b.feats[b.n_feats] = j
            b.n_feats += 1
    for it in range(max_iter):
        gap = _glm_stop_score(df, pen, d, X, w, b, &P)
        if b.n_deferred > 0:
            # The warm start's gap on the estimates: the working set is
            # picked on them, and the next gap's pass takes the deferred
            # dots (they are in feats).  Only a gap that would end the
            # solve takes them now, to certify it.
            _glm_deferred += b.n_deferred
            if gap <= tol_abs:
                _glm_deferred_taken += b.n_deferred
                _glm_dots(pen, d, X, w, b, b.deferred, b.n_deferred)
                b.xtg_current = True
                gap = _glm_stop_score(df, pen, d, X, w, b, &P)
            b.n_deferred = 0
        elif pen_has_gap(pen) and gap > tol_abs and _glm_screen(pen, d, X, w, b,
                                                                gap):
            P = _glm_primal(df, pen, d, b.z, w, b.n_coef)
        if gap <= tol_abs:
            gap_out[0] = gap
            n_iter_out[0] = it
            return 1
        violation = _glm_max_violation(pen, d, w, b)
        # A path's next alpha starts next to its solution, with the working
        # set (the support and its few violators) nearly right: solved
        # tightly, one outer step (one pass over X for the gap) usually
        # ends the solve, where the default ratio needed two.
        tol_ws = (GLM_PATH_WS_RATIO if b.path_warm and it == 0
                  else GLM_WS_RATIO) * violation
        # Each set is sized afresh from its violators; a set grown after a
        # failed Newton step never shrinks.
        m = _glm_working_set(pen, d, w, b,
                             m if grown else 0)
        grown = False
        if it == 0 and b.path_warm and b.w_prev != NULL and pen_has_gap(pen):
            # The gap above (and its screening) is the previous solution's;
            # the Newton steps start from the secant's point, their models
            # solved relative to its violation.
            _glm_predict(df, pen, d, X, w, b, m, &P, &violation)
        for newton in range(GLM_MAX_NEWTON):
            # The quadratic datafit's model is the problem itself: solved
            # down to moves the objective cannot see, or (no duality gap,
            # tol_abs in gradient units) below the tolerance.
            if Datafit is Quadratic:
                tol_model = 0.0 if pen_has_gap(pen) else GLM_MODEL_RATIO * tol_abs
            else:
                tol_model = GLM_MODEL_RATIO * violation
                if b.path_warm and it == 0:
                    # Below the path's tighter working-set target, in the
                    # proportion a single fit's first model has to its own
                    # (a model solved above the target always needs one
                    # Newton step more).
                    tol_model = min(tol_model,
                                    GLM_MODEL_RATIO / GLM_WS_RATIO * tol_ws)
            b.n_ws_current = 0
            change = _glm_inner(df, pen, d, X, w, b, m,
                                GLM_INNER_RATIO * tol_abs, tol_model)
            if fabs(change) <= GLM_ROUNDING * fabs(P):
                # The objective cannot resolve the model's decrease any more
                # (its rounding is larger): take the full model step, which
                # is exact for the quadratic datafit and Newton's step for
                # the others; the gap decides what follows.
                _glm_full_step(d, w, b, m)
                break
            if change >= 0.0 or not _glm_line_search(df, pen, d, w, b, m, &P,
                                                     change):
                if b.single:
                    # The float32 model's step: the float64 one retries.
                    b.single = False
                    continue
                # No descent on this working set: it grows.
                if m < b.n_feats:
                    m = min(2 * m, b.n_feats)
                    grown = True
                break
            violation = _glm_ws_violation(df, pen, d, X, w, b, m)
            b.n_ws_current = m
            if violation <= tol_ws:
                break
    gap_out[0] = _glm_stop_score(df, pen, d, X, w, b, &P)
    n_iter_out[0] = max_iter
    return 1 if gap_out[0] <= tol_abs else 0


cdef void _glm_lips(Datafit *df, Design *d, const double *X,
                    GlmBuffers *b, bint norms) noexcept nogil:
    """``lips_j = sum_i sup f_i'' x_ij^2`` for every coordinate, one pass
    over X (``hess`` is scratch here).

    On dense X the same pass leaves the gradient and ``X^T grad`` at the
    start in the buffers (``xtg_current``): each column is read once for
    both, and the first gap skips its own pass.  Without sample weights the
    bound is the same for every sample and ``lips_j`` is a BLAS dot."""
    cdef int i, j
    cdef int n_threads = _pass_threads(d, d.p)
    cdef bint fuse = not d.sparse
    cdef bint uniform = True
    cdef double h0
    for i in range(d.n):
        b.hess[i] = df_hess_bound(df, i)
    h0 = b.hess[0] if d.n > 0 else 0.0
    for i in range(d.n):
        if b.hess[i] != h0:
            uniform = False
            break
    if fuse:
        for i in range(d.n):
            b.grad[i] = df_grad(df, i, b.z[i])
    if n_threads > 1:
        for j in prange(d.p, num_threads=n_threads, schedule="dynamic",
                        chunksize=PASS_CHUNK):
            _glm_lips_col(d, X, j, b, uniform, h0, norms)
    else:
        for j in range(d.p):
            _glm_lips_col(d, X, j, b, uniform, h0, norms)
    if b.intercept:
        b.lips[d.p] = _wdot(d, X, d.p, b.hess, NULL)
        if fuse:
            b.xtg[d.p] = _g_dot(d, X, d.p, b.grad)
    if fuse:
        for j in range(b.n_coef):
            b.feats[j] = j
        b.n_feats = b.n_coef
        b.xtg_current = True
    b.n_lazy = 0
    b.has_ref = False
    b.has_ref2 = False


cdef inline void _glm_lips_col(Design *d, const double *X, int j, GlmBuffers *b,
                               bint uniform, double h0, bint norms) noexcept nogil:
    """Column j's ``lips_j`` and (``norms``, for a path's lazy bound) norm;
    on dense X also ``x_j^T grad`` (the column is in cache for the other
    dots)."""
    cdef const double *col
    cdef double sq = 0.0
    cdef Py_ssize_t k
    cdef float *col32
    if d.sparse:
        b.lips[j] = _wdot(d, X, j, b.hess, NULL)
        if norms:
            for k in range(d.indptr[j], d.indptr[j + 1]):
                sq += X[k] * X[k]
            b.col_norm[j] = sqrt(sq)
        return
    col = X + <Py_ssize_t> j * d.n
    if uniform or norms:
        sq = _dot(d.n, col, col)
        b.col_norm[j] = sqrt(sq)
    if uniform:
        b.lips[j] = h0 * sq
    else:
        b.lips[j] = _wdot(d, X, j, b.hess, NULL)
    b.xtg[j] = _dot(d.n, col, b.grad)
    if b.x32 != NULL:
        col32 = b.x32 + <Py_ssize_t> j * d.n
        for k in range(d.n):
            col32[k] = <float> col[k]
        # The bound of :func:`_glm_dots` needs the norms in range (a zero
        # column is zero in float32 too).
        if b.col_norm[j] != 0.0 and not (GLM_SINGLE_MIN_NORM <= b.col_norm[j]
                                         <= GLM_SINGLE_MAX_NORM):
            b.x32_ok = False


cdef void _glm_path(Datafit *df, Penalty *pen, Design *d, const double *X,
                    const double *alphas, int n_alphas, double *w,
                    GlmBuffers *b, double tol_abs, int max_iter, double *coefs,
                    double *gaps, int *n_iters, int *converged) noexcept nogil:
    cdef int a
    cdef bint single = b.single
    if (n_alphas > 1 and not d.sparse and pen_has_gap(pen)
            and not Penalty is L2 and _use_glm_single_dots
            and (d.n + 3.0) * GLM_U32 <= GLM_SINGLE_MAX_ERR
            and 4.0 * d.n * d.p <= GLM_SINGLE_MAX_BYTES):
        # A dense path's gap passes and Newton models read the float32 copy
        # (:func:`_glm_dots`; bench_logistic's path (e): 0.072 -> 0.058 s);
        # without room for it they read X.
        b.x32 = <float *> PyMem_RawMalloc(<size_t> d.n * d.p * sizeof(float))
        b.x32_ok = b.x32 != NULL
    # A single alpha has no next one to be lazy at: no column norms.
    _glm_lips(df, d, X, b, n_alphas > 1)
    if b.x32 != NULL and not b.x32_ok:
        # A nonzero column's norm is outside [GLM_SINGLE_MIN_NORM,
        # GLM_SINGLE_MAX_NORM] (:func:`_glm_lips_col`).
        PyMem_RawFree(b.x32)
        b.x32 = NULL
    if b.x32 != NULL:
        b.ref_margin = GLM_SINGLE_DOT_ERR * (d.n + 3.0) * (1.0 + GLM_LAZY_MARGIN)
    for a in range(n_alphas):
        pen.alpha = alphas[a]
        # Each alpha's solve decides afresh whether its model needs float64
        # (:func:`_glm_model_cd`): a crawl at one alpha says nothing of the
        # next (bench_logistic's path (e): 0.093 -> 0.083 s).
        b.single = single
        b.path_warm = a > 0
        b.w_prev = NULL
        if (a > 1 and converged[a - 1] and converged[a - 2]
                and alphas[a - 1] != alphas[a - 2]):
            b.w_prev = coefs + <Py_ssize_t> (a - 2) * b.n_coef
            b.path_ratio = ((alphas[a] - alphas[a - 1])
                            / (alphas[a - 1] - alphas[a - 2]))
        converged[a] = _glm_solve(df, pen, d, X, w, b, tol_abs, max_iter,
                                  &gaps[a], &n_iters[a])
        # The solve ends on a gap at w: the next alpha starts from its
        # gradient.
        b.xtg_current = True
        memcpy(coefs + <Py_ssize_t> a * b.n_coef, w, b.n_coef * sizeof(double))
    PyMem_RawFree(b.x32)
    b.x32 = NULL
    PyMem_RawFree(b.xt)
    b.xt = NULL
    b.xt_cap = 0
    PyMem_RawFree(b.xs)
    b.xs = NULL
    b.xs_cap = 0


# The datafits and penalties the entry point knows (registration).
_GLM_DATAFITS = ("quadratic", "logistic")
_GLM_PENALTIES = ("l1", "elasticnet", "l2", "weighted_l1", "mcp", "scad", "lp",
                  "weighted_elasticnet")
# Penalties that take per-feature weights: required, optional (None: ones).
_GLM_WEIGHTED = ("weighted_l1", "weighted_elasticnet")
_GLM_OPTIONALLY_WEIGHTED = ("mcp", "scad", "lp")


@cython.boundscheck(True)
@cython.wraparound(True)
def glm_path_cd(X, y, sample_weight, alphas, w, *, datafit, penalty,
                l1_ratio=1.0, positive=False, penalty_weights=None, tol_abs,
                max_iter, n_threads=1, fit_intercept=False, gamma=3.0,
                exponent=0.5):
    """Minimize ``sum_i f_i(x_i w) + pen_alpha(w)`` for each alpha in turn.

    Warm-started along ``alphas``; the generic prox-Newton solver.

    Parameters
    ----------
    X : float64 ndarray (Fortran-contiguous) or CSC matrix with int32 indices
    y : float64 ndarray of shape (n_samples,)
        Targets (quadratic) or labels in {-1, +1} (logistic).
    sample_weight : float64 ndarray of shape (n_samples,) or None
        ``s_i`` multiplying each sample's loss (not rescaled).
    alphas : float64 ndarray of shape (n_alphas,), non-negative
    w : float64 ndarray of shape (n_features + fit_intercept,)
        Initial coefficients (the intercept last), overwritten with the
        last solution.
    datafit : {"quadratic", "logistic"}
        ``f_i(z) = s_i / 2 (y_i - z)^2`` or ``s_i log(1 + exp(-y_i z))``.
    penalty : {"l1", "elasticnet", "l2", "weighted_l1", "mcp", "scad", "lp", \
"weighted_elasticnet"}
        ``alpha |w|_1``, ``alpha (l1_ratio |w|_1 + (1 - l1_ratio) / 2
        |w|^2)``, ``alpha / 2 |w|^2``, ``alpha sum_j penalty_weights_j
        |w_j|``, the nonconvex MCP(alpha, gamma), SCAD(alpha, gamma),
        ``alpha sum_j |w_j|^p`` (see skreg/_penalties.pxd), or the elastic
        net with per-feature weights.
    penalty_weights : float64 ndarray of shape (n_features,), default=None
        Non-negative per-feature multipliers of alpha (0: never penalized):
        required by "weighted_l1" and "weighted_elasticnet", optional for
        "mcp", "scad" and "lp" (None: ones).
    tol_abs : float
        Stop when the duality gap is at most this; for "mcp", "scad" and
        "lp" (no duality gap) when the largest first-order violation is
        (gradient units): ``max_j dist(-g_j, d pen_j(w_j))`` for MCP and
        SCAD, ``max_j L_j |w_j - prox_{1/L_j}(w_j - g_j / L_j)|`` for Lp
        (``g = X^T f'(X w)``, ``L_j = sum_i sup f_i'' x_ij^2``), and the
        intercept's ``|g|``.
    max_iter : int
        Maximum number of outer (prox-Newton) steps per alpha.
    fit_intercept : bool, default=False
        Add an unpenalized intercept ``b`` (``f_i(x_i w + b)``), stored
        last in ``w``.
    gamma : float, default=3.0
        Concavity of "mcp" (> 0) and "scad" (> 2).
    exponent : float, default=0.5
        The ``p`` of "lp", in (0, 1).

    Returns
    -------
    coefs : ndarray of shape (n_alphas, n_features + fit_intercept)
    gaps : ndarray of shape (n_alphas,)
    n_iters : int32 ndarray of shape (n_alphas,)
    converged : bool ndarray of shape (n_alphas,)
    """
    data, indices, indptr, is_sparse = check_design(X)
    if X.dtype != np.float64:
        raise ValueError("The generic solver takes float64 X.")
    n, p = X.shape
    check_vector(y, n, np.float64, "y")
    if sample_weight is not None:
        check_sample_weight(sample_weight, n)
    n_coef = p + bool(fit_intercept)
    check_vector(w, n_coef, np.float64, "w", writeable=True)
    alphas, _ = check_path_arguments(alphas, np.zeros(np.shape(alphas)),
                                     tol_abs, max_iter, 0, n_threads)
    if datafit not in _GLM_DATAFITS:
        raise ValueError(f"datafit must be one of {_GLM_DATAFITS}, got {datafit!r}.")
    if penalty not in _GLM_PENALTIES:
        raise ValueError(f"penalty must be one of {_GLM_PENALTIES}, got {penalty!r}.")
    has_weights = penalty in _GLM_WEIGHTED or (
        penalty in _GLM_OPTIONALLY_WEIGHTED and penalty_weights is not None)
    if has_weights:
        check_vector(penalty_weights, p, np.float64, "penalty_weights")
        if np.any(penalty_weights < 0) or not np.all(np.isfinite(penalty_weights)):
            raise ValueError("penalty_weights must be finite and non-negative.")
    else:
        penalty_weights = np.zeros(p)
    check_l1_ratio(l1_ratio)
    if penalty == "mcp" and not 0.0 < gamma < INFINITY:
        raise ValueError(f"MCP needs a finite gamma > 0, got {gamma!r}.")
    if penalty == "scad" and not 2.0 < gamma < INFINITY:
        raise ValueError(f"SCAD needs a finite gamma > 2, got {gamma!r}.")
    if penalty == "lp" and not 0.0 < exponent < 1.0:
        raise ValueError(f"Lp needs 0 < p < 1, got {exponent!r}.")
    if datafit == "logistic" and not np.all(np.abs(y) == 1.0):
        raise ValueError("The logistic datafit takes labels in {-1, +1}.")
    if not np.all(np.isfinite(y)):
        raise ValueError("y must be finite.")
    # A cold start (all zero, the usual case) skips the pass over X.
    if np.any(w[:p]):
        z = np.ascontiguousarray(X @ w[:p], dtype=np.float64)
    else:
        z = np.zeros(n)
    if fit_intercept:
        z += w[p]
    n_alphas = alphas.shape[0]
    coefs = np.empty((n_alphas, n_coef))
    gaps = np.empty(n_alphas)
    n_iters = np.zeros(n_alphas, dtype=np.int32)
    converged = np.zeros(n_alphas, dtype=np.int32)
    _glm_dispatch(data, indices, indptr, is_sparse, n, p, y, sample_weight,
                  alphas, w, z, coefs, gaps, n_iters, converged, datafit,
                  penalty, penalty_weights, float(l1_ratio), bool(positive), float(tol_abs),
                  int(max_iter), bool(fit_intercept), float(gamma), float(exponent),
                  bool(has_weights), int(n_threads))
    return coefs, gaps, n_iters, converged.astype(bool)


cdef _glm_dispatch(const double[::1] data, const int[::1] indices,
                   const int[::1] indptr, bint is_sparse, int n, int p,
                   const double[::1] y, sample_weight, const double[::1] alphas,
                   double[::1] w, double[::1] z, double[:, ::1] coefs,
                   double[::1] gaps, int[::1] n_iters, int[::1] converged,
                   str datafit, str penalty, const double[::1] penalty_weights,
                   double l1_ratio, bint positive,
                   double tol_abs, int max_iter, bint fit_intercept,
                   double gamma, double exponent, bint has_weights,
                   int n_threads):
    cdef Design d
    cdef GlmBuffers b
    cdef Quadratic quad
    cdef Logistic logi
    cdef L1 pen_l1
    cdef ElasticNet pen_en
    cdef L2 pen_l2
    cdef WeightedL1 pen_wl1
    cdef MCP pen_mcp
    cdef SCAD pen_scad
    cdef Lp pen_lp
    cdef WeightedElasticNet pen_wen
    cdef const double[::1] s
    cdef double[::1] grad = np.zeros(n), hess = np.zeros(n), xd = np.zeros(n)
    cdef double[::1] z_try = np.zeros(n), sqrt_h = np.zeros(n)
    cdef float[::1] xd32 = np.zeros(n, dtype=np.float32)
    cdef int n_coef = p + fit_intercept
    cdef double[::1] dstep = np.zeros(n_coef), xtg = np.zeros(n_coef)
    cdef double[::1] a = np.zeros(n_coef), cbuf = np.zeros(n_coef)
    cdef double[::1] lips = np.zeros(n_coef)
    cdef double[::1] g_ref = np.zeros(n), xtg_ref = np.zeros(n_coef)
    cdef double[::1] g_ref2 = np.zeros(n), xtg_ref2 = np.zeros(n_coef)
    cdef double[::1] col_norm = np.zeros(n_coef)
    cdef int[::1] lazy = np.zeros(n_coef, dtype=np.int32)
    cdef int[::1] lazy_tmp = np.zeros(n_coef, dtype=np.int32)
    cdef int[::1] deferred = np.zeros(n_coef, dtype=np.int32)
    cdef int[::1] ws = np.zeros(n_coef, dtype=np.int32)
    cdef int[::1] feats = np.zeros(n_coef, dtype=np.int32)
    cdef unsigned char[::1] skip = np.zeros(n_coef, dtype=np.uint8)
    cdef unsigned char[::1] approx = np.zeros(n_coef, dtype=np.uint8)
    cdef float[::1] g32 = np.zeros(n, dtype=np.float32)
    pairs_buf = np.zeros(2 * n_coef, dtype=np.float64)
    cdef double[::1] pairs = pairs_buf
    cdef const double *Xp = &data[0] if data.shape[0] > 0 else NULL
    cdef const double *sp = NULL
    if sample_weight is not None:
        s = sample_weight
        sp = &s[0]
    d.n = n
    d.p = p
    d.sparse = is_sparse
    d.centered = False
    # Dense passes stay on one thread: a pass over a dense X is a few
    # milliseconds of BLAS dots, and a parallel region waits for its slowest
    # thread, so a core shared with any other process (or a vCPU waking from
    # idle) costs more than the split saves (measured on 2 shared cores,
    # 1000 x 5000 logistic L1: 1.6-2.6x slower fits with 2 threads).
    d.n_threads = n_threads if is_sparse else 1
    d.indices = &indices[0]
    d.indptr = &indptr[0]
    b.n_coef = n_coef
    b.intercept = fit_intercept
    b.z = &z[0]
    b.grad = &grad[0]
    b.hess = &hess[0]
    b.xd = &xd[0]
    b.z_try = &z_try[0]
    b.d = &dstep[0]
    b.xtg = &xtg[0]
    b.a = &a[0]
    b.c = &cbuf[0]
    b.sqrt_h = &sqrt_h[0]
    b.lips = &lips[0]
    b.skip = &skip[0]
    b.xt = NULL
    b.xt_cap = 0
    b.xs = NULL
    b.xs_cap = 0
    b.xd32 = &xd32[0]
    b.ws = &ws[0]
    b.pairs = <Pair *> &pairs[0]
    b.feats = &feats[0]
    b.n_feats = n_coef
    b.dual_scale = 1.0
    b.xtg_current = False
    b.path_warm = False
    b.w_prev = NULL
    b.path_ratio = 0.0
    b.lazy = &lazy[0]
    b.lazy_tmp = &lazy_tmp[0]
    b.deferred = &deferred[0]
    b.n_deferred = 0
    b.n_lazy = 0
    b.g_ref = &g_ref[0]
    b.xtg_ref = &xtg_ref[0]
    b.col_norm = &col_norm[0]
    b.has_ref = False
    b.ref_scale = 1.0
    b.g_ref2 = &g_ref2[0]
    b.xtg_ref2 = &xtg_ref2[0]
    b.has_ref2 = False
    b.ref_scale2 = 0.0
    b.crawl_work = 0.0
    b.x32 = NULL
    b.x32_ok = False
    b.g32 = &g32[0]
    b.approx = &approx[0]
    b.dot_err = 0.0
    b.ref_margin = GLM_LAZY_MARGIN
    quad.y = &y[0]
    quad.s = sp
    logi.y = &y[0]
    logi.s = sp
    pen_l1.positive = positive
    pen_en.positive = positive
    pen_en.l1_ratio = l1_ratio
    pen_wl1.positive = positive
    pen_wl1.weights = &penalty_weights[0]
    pen_mcp.positive = positive
    pen_mcp.gamma = gamma
    pen_scad.positive = positive
    pen_scad.gamma = gamma
    pen_lp.positive = positive
    pen_lp.p = exponent
    pen_mcp.weights = &penalty_weights[0] if has_weights else NULL
    pen_scad.weights = pen_mcp.weights
    pen_lp.weights = pen_mcp.weights
    pen_wen.positive = positive
    pen_wen.l1_ratio = l1_ratio
    pen_wen.weights = &penalty_weights[0]
    cdef int kind = _GLM_PENALTIES.index(penalty)
    cdef bint quadratic = datafit == "quadratic"
    # The float32 model on dense X; the quadratic datafit's model is the
    # problem itself, solved in float64.
    b.single = not is_sparse and not quadratic
    with nogil:
        if quadratic:
            if kind == 0:
                _glm_path(&quad, &pen_l1, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            elif kind == 1:
                _glm_path(&quad, &pen_en, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            elif kind == 2:
                _glm_path(&quad, &pen_l2, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            elif kind == 3:
                _glm_path(&quad, &pen_wl1, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            elif kind == 4:
                _glm_path(&quad, &pen_mcp, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            elif kind == 5:
                _glm_path(&quad, &pen_scad, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            elif kind == 6:
                _glm_path(&quad, &pen_lp, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            else:
                _glm_path(&quad, &pen_wen, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
        else:
            if kind == 0:
                _glm_path(&logi, &pen_l1, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            elif kind == 1:
                _glm_path(&logi, &pen_en, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            elif kind == 2:
                _glm_path(&logi, &pen_l2, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            elif kind == 3:
                _glm_path(&logi, &pen_wl1, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            elif kind == 4:
                _glm_path(&logi, &pen_mcp, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            elif kind == 5:
                _glm_path(&logi, &pen_scad, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            elif kind == 6:
                _glm_path(&logi, &pen_lp, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
            else:
                _glm_path(&logi, &pen_wen, &d, Xp, &alphas[0], alphas.shape[0],
                          &w[0], &b, tol_abs, max_iter, &coefs[0, 0],
                          &gaps[0], &n_iters[0], &converged[0])
