# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False
"""Penalized multinomial logistic regression by proximal Newton on working sets.

Problem solved, for each ``alpha`` of a path (warm-started)::

    min_{W, b}  sum_i s_i (-log softmax(x_i W^T + b)_{y_i})
                + alpha * (l1_ratio * pen(W) + (1 - l1_ratio) / 2 ||W||_F^2)

with ``W`` of shape (n_classes, n_features) (row k: the coefficients of
class k), ``b`` the unpenalized intercepts (all zero and left alone unless
``fit_intercept``) and ``pen`` either the entrywise L1 norm ``sum |W_kj|``
or, for the group penalty, ``sum_j ||W[:, j]||_2``: the coefficients of a
feature for every class form one group, kept or dropped together.

Solver.  An outer loop computes the full gradient ``G = X^T R`` (``R = s *
(P - Y)``, ``P`` the softmax probabilities), measures the optimality
violation of every block (an entry ``W_kj``, or a feature's column
``W[:, j]`` for the group penalty) and builds a working set: the nonzero
blocks plus the most violating others, at least ``WS_MIN`` and twice the
number of nonzero blocks.  On the working set, proximal Newton steps: the
loss is replaced by its exact second-order model (with the cross-class
terms ``-(sum_k p_ik d_ik)^2`` of the softmax Hessian), which coordinate
descent minimizes -- an entry by its exact one-dimensional minimizer (the
model's curvature along it is ``h_kj = sum_i s_i x_ij^2 p_ik (1 - p_ik)``),
a group by its exact block minimizer (the model is quadratic in the
block, with the K x K Hessian ``H_j = sum_i s_i x_ij^2 (diag(p_i) - p_i
p_i^T)``, formed and eigendecomposed once per Newton step; in its
eigenbasis the group prox is a one-dimensional root), the intercepts by exact
coordinate steps -- followed by a backtracking (Armijo) line search on the
true objective.  With no L1 part (an L2 penalty, or none) the model is a
smooth quadratic, which coordinate descent minimizes slowly when the
columns are correlated or unequally scaled: there it is minimized exactly
instead (:func:`_exact_newton`: the block Hessian over the working set and
the intercepts, by Cholesky; unpenalized, the last class held) when that
costs no more than the passes it replaces.  The Newton steps on a working set stop when its own
violation falls below ``WS_SHRINK`` times the outer one.
Every K_EXTRA + 1 coordinate-descent passes on a model, the last K_EXTRA + 1
directions are combined by Anderson extrapolation, kept only if the
combination lowers the model (:func:`_model_extrapolate`).

Stopping rule (the meaning of ``tol_abs``): stop when the duality gap is
at most ``tol_abs`` (:func:`_gap`: the objective minus the Fenchel dual's
value at a dual point built from the residual ``s_i (y_i - p_i)``), which
bounds the objective's distance to its minimum.  With an intercept, the
intercepts are minimized exactly before each gap (:func:`_fit_intercept`),
so that the dual point meets the intercepts' constraint ``sum_i theta_i =
0`` up to a rounding-size correction.  The blocks' optimality violations
(an entry's: the distance of ``-(G_kj + l2 W_kj)`` to ``l1 *
subdifferential(|W_kj|)``; a group's, the Euclidean distance of ``-(G[:,
j] + l2 W[:, j])`` to ``l1 * subdifferential(||W[:, j]||_2)``; an
intercept's, ``|sum_i R_ik|``) rank the blocks for the working sets.
Unpenalized (``alpha = 0``), where no dual point exists but the gradient's
zero, the score is the decrease still available along every coordinate,
``sum g^2 / (2 L)`` with ``L`` its curvature bound (the binary solver's
rule for its free coordinates); where the exact solve takes the whole
problem, the last Newton step's decrement must be at most ``tol_abs`` too
(see :func:`_solve`).

Gap-safe screening (:func:`_screen`): after every gap above ``tol_abs``,
the blocks that the gap's sphere around the dual point proves zero at the
optimum are set to zero and left out of the full gradient, the gap and the
working sets for the rest of that alpha (each alpha starts unscreened).
``n_iters`` counts proximal Newton steps;
``max_iter`` caps them per alpha.

The ``def`` entry point validates shapes, dtypes, layouts and values before
the ``nogil`` kernel runs; the kernel indexes only within those shapes.  X
is dense Fortran-ordered or CSC, float32 or float64 (read as is); every
other array, and every accumulation, is float64.
"""

import numpy as np

from cython cimport floating
from libc.math cimport exp, fabs, log, sqrt, INFINITY
from libc.stdlib cimport free, malloc, qsort, realloc
from libc.string cimport memcpy, memset
from scipy.linalg.cython_blas cimport dgemm
from scipy.linalg.cython_lapack cimport dpotrf, dpotrs, dsyev

from skreg._cd cimport K_EXTRA, _anderson_point

from skreg._kernel_checks import (
    check_design,
    check_l1_ratio,
    check_path_arguments,
    check_sample_weight,
    check_vector,
)

# Smallest working set (blocks), and its growth: twice the nonzero blocks.
DEF WS_MIN = 10
# Newton steps on a working set stop when its violation is below this share
# of the whole problem's.
DEF WS_SHRINK = 0.3
# Coordinate-descent passes on a Newton model stop when no coordinate moved
# by more than a share of the working set's violation (in gradient units:
# curvature times step), the share at most CD_SHRINK and shrinking as the
# square root of the violation's decrease (inexact Newton), or after
# CD_MAX_PASSES passes.
DEF CD_SHRINK = 0.1
DEF CD_MAX_PASSES = 200
# Group penalty: the block Hessians are formed HESS_CHUNK blocks and
# SAMPLE_CHUNK samples at a time.
DEF HESS_CHUNK = 32
DEF SAMPLE_CHUNK = 1024
# Armijo's sufficient-decrease constant and the largest number of halvings.
DEF ARMIJO = 1e-4
DEF MAX_HALVINGS = 40
# The intercepts' exact minimization before a gap: Newton steps at most, and
# the intercepts' gradient (relative to the total weight) taken as zero.
DEF INTERCEPT_NEWTON = 30
DEF INTERCEPT_ZERO = 1e-14
# Outer steps in a row that do not lower the gap (its rounding is reached
# above the tolerance) before the solve gives up.
DEF MAX_STALLS = 5
# A Newton step whose directional derivative is below this share of the
# loss is taken whole: the line search cannot tell its decrease from the
# loss's rounding.
DEF NEWTON_ROUNDING = 1e-11
# Screening keeps this share of l1 as a margin for the rounding of G.
DEF SCREEN_MARGIN = 1e-9
# Anderson extrapolation of the Newton model's CD: a combination whose
# weights exceed this in magnitude is not tried (a nearly singular system).
DEF MODEL_EXTRA_MAX_WEIGHT = 30.0
# With no L1 part, the Newton model's exact minimization (:func:`_exact_newton`)
# replaces coordinate descent when it costs at most EXACT_EPOCHS passes, or at
# most the passes run since the last one; at most EXACT_MAX coefficients; a
# flop of its BLAS products counts as 1 / EXACT_FLOP_SHARE of a value read by
# CD (measured: about 1.5 ns per value read by a pass, 0.04 ns per
# multiply-add of the products); its ridge, a share of the Hessian's mean
# diagonal.
DEF EXACT_EPOCHS = 10
DEF EXACT_MAX = 2000
DEF EXACT_FLOP_SHARE = 30.0
DEF EXACT_RIDGE = 1e-12
# Unpenalized, the exact solve is refused when a Cholesky pivot (squared) is
# at most this share of its diagonal (a numerically singular system).
DEF EXACT_SINGULAR = 1e-9


ctypedef struct Problem:
    int n
    int p
    int K
    bint sparse
    bint group
    bint fit_intercept
    const int *indices
    const int *indptr
    const int *y          # labels in [0, K)
    const double *s       # sample weights
    double S              # their sum
    int n_pos             # the samples of positive weight
    double l1
    double l2


ctypedef struct Work:
    # K x n, class-major (class k's values contiguous)
    double *Z       # scores x_i W^T + b
    double *P       # softmax probabilities
    double *U       # s * P
    double *V       # s * P * (1 - P): entrywise curvature weights
    double *R       # s * (P - Y): the loss's gradient in the scores
    double *D       # scores' change under the Newton direction
    # n
    double *M       # sum_k P_k * D_k
    # K x p, class-major
    double *G       # X^T R
    # K
    double *gb      # sum_i R_ik, the intercepts' gradient
    double *db      # the intercepts' Newton direction
    double *hb      # the intercepts' curvature sum_i V_ik
    double *tmp     # 4 K scratch values
    double *lse     # n: log sum_k exp(Z_ik), so that log p_ik = Z_ik - lse_i
    # The gap's pieces fixed by the data: column norms sum_i s_i x_ij^2 (p);
    # with an intercept, X^T s (p), the weighted class frequencies pi (K),
    # and (computed on first use) X^T theta0 (K x p, class-major) for the
    # dual point theta0_i = s_i (e_{y_i} - pi) of zero class sums.
    double *xsq
    double *xs
    double *pi
    double *V0
    bint has_V0
    double *iscr    # 3 K scratch values of the intercepts' Newton steps
    double dual_c   # the last gap's dual point: its scaling and its share
    double dual_lam # of theta0
    # Gap-safe screening (see :func:`_screen`): per block (entry j * K + k,
    # or feature j for the group penalty) 1 once proven zero at this alpha's
    # optimum; per feature, 1 once all its blocks are (its column is then
    # skipped by the full gradient).
    bint screen
    unsigned char *screened
    unsigned char *feat_off
    # working set, up to n_blocks blocks of bsize values
    int *ws         # block keys: entry j * K + k, or feature j (group)
    double *wg      # block gradients at the Newton point (bsize per block)
    double *wd      # block directions (bsize per block)
    double *wh      # entries' curvatures (entrywise penalty)
    double *score   # violations (n_blocks)
    Scored *order   # (score, key) pairs for the selection
    double loss
    # group penalty only: per working-set block, the packed Hessian
    # (K(K+1)/2), its eigenvectors (K x K, one after another) and eigenvalues
    # (K), allocated as the working set grows
    double *hess
    int hess_blocks
    double *Qf      # SAMPLE_CHUNK x K(K+1)/2 (column-major): s_i (diag(p_i)
                    # - p_i p_i^T), packed
    double *Xsq     # SAMPLE_CHUNK x HESS_CHUNK: squared columns
    double *lapack  # K x K matrix, then dsyev's workspace
    int lwork
    # Anderson extrapolation of the Newton model's CD (:func:`_model_extrapolate`):
    # K_EXTRA + 2 rows of hist_len values (a direction: the working set's
    # block directions, then the intercepts'), grown with the working set,
    # and the combination's scores change (K x n) and its M (n).
    bint extrapolate
    double *hist
    Py_ssize_t hist_len
    double *Dx
    double *Mx
    # coordinate descent's work since the last exact solve (:func:`_pass_work`)
    double exact_crawl
    # the exact solve found the system singular in this Newton step (not
    # retried before the next)
    bint exact_singular
    # Unpenalized: the last Newton step's decrement (half the model's
    # decrease, g^T H^-1 g / 2 on its working set) when its model was solved
    # exactly, -1 otherwise (see :func:`_solve`).
    double newton_dec
    bint ws_whole   # the working set holds every nonzero or violating block


ctypedef struct Scored:
    double score
    int key


cdef int _by_score_desc(const void *a, const void *b) noexcept nogil:
    cdef double sa = (<Scored *> a).score, sb = (<Scored *> b).score
    return (sa < sb) - (sa > sb)


cdef int _by_key(const void *a, const void *b) noexcept nogil:
    cdef int ka = (<int *> a)[0], kb = (<int *> b)[0]
    return (ka > kb) - (ka < kb)


# --------------------------------------------------------------------------
# column operations (x_j raw column j of dense-F or CSC X; vectors float64)
# --------------------------------------------------------------------------


cdef inline double _dot(Problem *pb, const floating *X, int j,
                        const double *v) noexcept nogil:
    """``x_j^T v``."""
    cdef int i, q
    cdef double acc = 0.0, a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
    cdef const floating *x
    if pb.sparse:
        for q in range(pb.indptr[j], pb.indptr[j + 1]):
            acc += X[q] * v[pb.indices[q]]
        return acc
    x = X + <Py_ssize_t> j * pb.n
    # Four partial sums: the compiler keeps a reduction in order otherwise,
    # one add's latency per sample.
    for i in range(0, pb.n - 3, 4):
        a0 += x[i] * v[i]
        a1 += x[i + 1] * v[i + 1]
        a2 += x[i + 2] * v[i + 2]
        a3 += x[i + 3] * v[i + 3]
    for i in range(pb.n - pb.n % 4, pb.n):
        a0 += x[i] * v[i]
    return (a0 + a1) + (a2 + a3)


cdef inline double _dot_sq(Problem *pb, const floating *X, int j,
                           const double *v) noexcept nogil:
    """``sum_i x_ij^2 v_i``."""
    cdef int i, q
    cdef double acc = 0.0, xi, a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
    cdef const floating *x
    if pb.sparse:
        for q in range(pb.indptr[j], pb.indptr[j + 1]):
            xi = X[q]
            acc += xi * xi * v[pb.indices[q]]
        return acc
    x = X + <Py_ssize_t> j * pb.n
    for i in range(0, pb.n - 3, 4):
        a0 += x[i] * x[i] * v[i]
        a1 += x[i + 1] * x[i + 1] * v[i + 1]
        a2 += x[i + 2] * x[i + 2] * v[i + 2]
        a3 += x[i + 3] * x[i + 3] * v[i + 3]
    for i in range(pb.n - pb.n % 4, pb.n):
        a0 += x[i] * x[i] * v[i]
    return (a0 + a1) + (a2 + a3)


cdef inline double _dot_model(Problem *pb, const floating *X, int j,
                              const double *u, const double *d,
                              const double *m) noexcept nogil:
    """``sum_i x_ij u_i (d_i - m_i)``: the Newton model's gradient term."""
    cdef int i, r, q
    cdef double acc = 0.0, a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
    cdef const floating *x
    if pb.sparse:
        for q in range(pb.indptr[j], pb.indptr[j + 1]):
            r = pb.indices[q]
            acc += X[q] * u[r] * (d[r] - m[r])
        return acc
    x = X + <Py_ssize_t> j * pb.n
    for i in range(0, pb.n - 3, 4):
        a0 += x[i] * u[i] * (d[i] - m[i])
        a1 += x[i + 1] * u[i + 1] * (d[i + 1] - m[i + 1])
        a2 += x[i + 2] * u[i + 2] * (d[i + 2] - m[i + 2])
        a3 += x[i + 3] * u[i + 3] * (d[i + 3] - m[i + 3])
    for i in range(pb.n - pb.n % 4, pb.n):
        a0 += x[i] * u[i] * (d[i] - m[i])
    return (a0 + a1) + (a2 + a3)


cdef inline void _move(Problem *pb, const floating *X, int j, double a,
                       const double *pk, double *dk, double *m) noexcept nogil:
    """``d_k += a x_j`` and ``m += a p_k x_j`` (a step on W_kj)."""
    cdef int i, r, q
    cdef double ax
    cdef const floating *x
    if pb.sparse:
        for q in range(pb.indptr[j], pb.indptr[j + 1]):
            r = pb.indices[q]
            ax = a * X[q]
            dk[r] += ax
            m[r] += ax * pk[r]
        return
    x = X + <Py_ssize_t> j * pb.n
    for i in range(pb.n):
        ax = a * x[i]
        dk[i] += ax
        m[i] += ax * pk[i]


# --------------------------------------------------------------------------
# loss, probabilities, gradients
# --------------------------------------------------------------------------


cdef void _scores(Problem *pb, const floating *X, const double *W,
                  const double *b, Work *w) noexcept nogil:
    """``Z = X W^T + b`` from scratch."""
    cdef int i, j, k, q
    cdef Py_ssize_t n = pb.n
    cdef double a
    cdef double *zk
    cdef const floating *x
    for k in range(pb.K):
        zk = w.Z + k * n
        for i in range(pb.n):
            zk[i] = b[k]
    for j in range(pb.p):
        for k in range(pb.K):
            a = W[<Py_ssize_t> k * pb.p + j]
            if a == 0.0:
                continue
            zk = w.Z + k * n
            if pb.sparse:
                for q in range(pb.indptr[j], pb.indptr[j + 1]):
                    zk[pb.indices[q]] += a * X[q]
            else:
                x = X + <Py_ssize_t> j * n
                for i in range(pb.n):
                    zk[i] += a * x[i]


cdef void _refresh(Problem *pb, Work *w) noexcept nogil:
    """P, U, V, R and the loss from Z."""
    cdef int i, k
    cdef Py_ssize_t n = pb.n, off
    cdef double zmax, total, si, pk, loss = 0.0
    for i in range(pb.n):
        zmax = w.Z[i]
        for k in range(1, pb.K):
            if w.Z[k * n + i] > zmax:
                zmax = w.Z[k * n + i]
        total = 0.0
        for k in range(pb.K):
            off = k * n + i
            w.P[off] = exp(w.Z[off] - zmax)
            total += w.P[off]
        si = pb.s[i]
        w.lse[i] = log(total) + zmax
        loss += si * (w.lse[i] - w.Z[pb.y[i] * n + i])
        for k in range(pb.K):
            off = k * n + i
            pk = w.P[off] / total
            w.P[off] = pk
            w.U[off] = si * pk
            w.V[off] = si * pk * (1.0 - pk)
            w.R[off] = si * pk
        w.R[pb.y[i] * n + i] -= si
    w.loss = loss


cdef double _trial_loss(Problem *pb, Work *w, double t) noexcept nogil:
    """The loss at scores ``Z + t D``."""
    cdef int i, k
    cdef Py_ssize_t n = pb.n, off
    cdef double zmax, z, total, loss = 0.0
    for i in range(pb.n):
        zmax = w.Z[i] + t * w.D[i]
        for k in range(1, pb.K):
            off = k * n + i
            z = w.Z[off] + t * w.D[off]
            if z > zmax:
                zmax = z
        total = 0.0
        for k in range(pb.K):
            off = k * n + i
            total += exp(w.Z[off] + t * w.D[off] - zmax)
        off = pb.y[i] * n + i
        loss += pb.s[i] * (log(total) + zmax - w.Z[off] - t * w.D[off])
    return loss


cdef inline bint _is_screened(Problem *pb, Work *w, int k, int j) noexcept nogil:
    """Whether entry (k, j) of W is screened out (its block is)."""
    if pb.group:
        return w.screened[j]
    return w.screened[<Py_ssize_t> j * pb.K + k]


cdef void _full_gradient(Problem *pb, const floating *X, Work *w) noexcept nogil:
    """``G = X^T R`` (K x p, class-major) and ``gb = R^T 1``."""
    cdef int j, k, i, j0, run
    cdef int n = pb.n, p = pb.p, K = pb.K
    cdef double one = 1.0, zero = 0.0
    cdef double acc
    cdef char trans = b'T', notrans = b'N'
    if floating is double and not pb.sparse:
        # X (n x p, column-major) transposed times R (n x K, column-major),
        # one product per run of features not screened out (their G is
        # never read).
        j = 0
        while j < p:
            if w.feat_off[j]:
                j += 1
                continue
            j0 = j
            while j < p and not w.feat_off[j]:
                j += 1
            run = j - j0
            dgemm(&trans, &notrans, &run, &K, &n, &one,
                  (<double *> X) + <Py_ssize_t> j0 * n, &n, w.R, &n,
                  &zero, w.G + j0, &p)
    else:
        for k in range(K):
            for j in range(p):
                if _is_screened(pb, w, k, j):
                    continue
                w.G[<Py_ssize_t> k * p + j] = _dot(pb, X, j, w.R + <Py_ssize_t> k * n)
    for k in range(K):
        acc = 0.0
        for i in range(n):
            acc += w.R[<Py_ssize_t> k * n + i]
        w.gb[k] = acc


# --------------------------------------------------------------------------
# penalty and optimality
# --------------------------------------------------------------------------


cdef inline double _soft(double v, double l1) noexcept nogil:
    if v > l1:
        return v - l1
    if v < -l1:
        return v + l1
    return 0.0


cdef inline double _entry_violation(double g, double wv, double l1,
                                    double l2) noexcept nogil:
    """Distance of ``-(g + l2 w)`` to ``l1 * d|w|``."""
    g += l2 * wv
    if wv > 0.0:
        return fabs(g + l1)
    if wv < 0.0:
        return fabs(g - l1)
    return fabs(g) - l1 if fabs(g) > l1 else 0.0


cdef inline double _group_violation(const double *g, Py_ssize_t gstride,
                                    const double *wv, Py_ssize_t wstride,
                                    int K, double l1, double l2) noexcept nogil:
    """Distance of ``-(g + l2 w)`` to ``l1 * d||w||_2`` (strided K-vectors)."""
    cdef int k
    cdef double nw = 0.0, ng = 0.0, a, r = 0.0
    for k in range(K):
        a = wv[k * wstride]
        nw += a * a
        a = g[k * gstride] + l2 * wv[k * wstride]
        ng += a * a
    if nw == 0.0:
        ng = sqrt(ng)
        return ng - l1 if ng > l1 else 0.0
    nw = sqrt(nw)
    for k in range(K):
        a = g[k * gstride] + l2 * wv[k * wstride] + l1 * wv[k * wstride] / nw
        r += a * a
    return sqrt(r)


cdef inline double _intercept_violation(Problem *pb, Work *w) noexcept nogil:
    cdef int k
    cdef double v = 0.0
    if not pb.fit_intercept:
        return 0.0
    for k in range(pb.K):
        if fabs(w.gb[k]) > v:
            v = fabs(w.gb[k])
    return v


cdef double _ws_penalty_change(Problem *pb, const double *W, Work *w, int m,
                               double t) noexcept nogil:
    """``pen(W + t * direction) - pen(W)`` over the working set's blocks,
    summed block by block from the differences (near the optimum the change
    is far below the rounding of the penalty's value)."""
    cdef int e, j, k, key
    cdef Py_ssize_t idx
    cdef double total = 0.0, a, d, before, after, cross
    for e in range(m):
        if pb.group:
            j = w.ws[e]
            before = 0.0
            cross = 0.0
            for k in range(pb.K):
                a = W[<Py_ssize_t> k * pb.p + j]
                d = t * w.wd[<Py_ssize_t> e * pb.K + k]
                before += a * a
                cross += d * (2.0 * a + d)
            after = before + cross
            if after < 0.0:
                after = 0.0
            before = sqrt(before)
            after = sqrt(after)
            if before + after > 0.0:
                total += pb.l1 * cross / (before + after)
            total += 0.5 * pb.l2 * cross
        else:
            key = w.ws[e]
            j = key // pb.K
            k = key - j * pb.K
            idx = <Py_ssize_t> k * pb.p + j
            a = W[idx]
            d = t * w.wd[e]
            total += pb.l1 * (fabs(a + d) - fabs(a)) + 0.5 * pb.l2 * d * (2.0 * a + d)
    return total


cdef double _violations(Problem *pb, const double *W, Work *w) noexcept nogil:
    """Every block's violation into ``score`` (from G); returns the largest,
    the intercepts' included."""
    cdef int j, k
    cdef Py_ssize_t idx
    cdef double v, worst = _intercept_violation(pb, w)
    if pb.group:
        for j in range(pb.p):
            if w.screened[j]:
                w.score[j] = 0.0
                continue
            v = _group_violation(w.G + j, pb.p, W + j, pb.p, pb.K, pb.l1, pb.l2)
            w.score[j] = v
            if v > worst:
                worst = v
        return worst
    for j in range(pb.p):
        for k in range(pb.K):
            if w.screened[<Py_ssize_t> j * pb.K + k]:
                w.score[<Py_ssize_t> j * pb.K + k] = 0.0
                continue
            idx = <Py_ssize_t> k * pb.p + j
            v = _entry_violation(w.G[idx], W[idx], pb.l1, pb.l2)
            w.score[<Py_ssize_t> j * pb.K + k] = v
            if v > worst:
                worst = v
    return worst


cdef int _build_working_set(Problem *pb, const double *W, Work *w,
                            bint whole) noexcept nogil:
    """Nonzero blocks plus the most violating others (every violating one if
    ``whole``); returns the size.  ``w.ws_whole`` tells whether none was
    left out."""
    cdef int n_blocks = pb.p if pb.group else pb.p * pb.K
    cdef int key, j, k, n_nonzero = 0, n_cand = 0, size, e
    cdef bint nonzero
    for key in range(n_blocks):
        if pb.group:
            nonzero = False
            for k in range(pb.K):
                if W[<Py_ssize_t> k * pb.p + key] != 0.0:
                    nonzero = True
                    break
        else:
            j = key // pb.K
            k = key - j * pb.K
            nonzero = W[<Py_ssize_t> k * pb.p + j] != 0.0
        if nonzero:
            w.order[n_cand].score = INFINITY
            n_nonzero += 1
        elif w.score[key] > 0.0:
            w.order[n_cand].score = w.score[key]
        else:
            continue
        w.order[n_cand].key = key
        n_cand += 1
    size = 2 * n_nonzero
    if size < WS_MIN:
        size = WS_MIN
    if whole:
        size = n_cand
    w.ws_whole = size >= n_cand
    if size < n_cand:
        qsort(w.order, n_cand, sizeof(Scored), _by_score_desc)
    else:
        size = n_cand
    for e in range(size):
        w.ws[e] = w.order[e].key
    # Feature order: consecutive blocks read neighbouring columns.
    qsort(w.ws, size, sizeof(int), _by_key)
    return size


# --------------------------------------------------------------------------
# the intercepts' exact minimization and the duality gap
# --------------------------------------------------------------------------


cdef void _fit_intercept(Problem *pb, Work *w, double *b) noexcept nogil:
    """Minimize the loss over the intercepts, W fixed: Newton steps with the
    K x K Hessian ``H = sum_i s_i (diag(p_i) - p_i p_i^T)``, pseudo-inverted
    (its null direction, the classes' common shift, carries no gradient),
    and an Armijo line search, until the intercepts' gradient is zero to
    rounding (``INTERCEPT_ZERO`` times the total weight) or stops
    shrinking.  The gap's dual point then needs only a rounding-size
    correction to meet ``sum_i theta_i = 0``."""
    cdef int K = pb.K, it, k, l, e, i, halvings, info
    cdef int lwork = w.lwork
    cdef Py_ssize_t n = pb.n, off
    cdef double *a = w.lapack
    cdef double *ev = w.iscr
    cdef double *g = w.iscr + K
    cdef double *d = w.iscr + 2 * K
    cdef double acc, biggest, previous = INFINITY, proj, dec, t, floor, slack
    cdef char jobz = b'V', uplo = b'U'
    for it in range(INTERCEPT_NEWTON):
        biggest = 0.0
        for k in range(K):
            acc = 0.0
            off = k * n
            for i in range(pb.n):
                acc += w.R[off + i]
            g[k] = acc
            if fabs(acc) > biggest:
                biggest = fabs(acc)
        if biggest <= INTERCEPT_ZERO * pb.S or not biggest < previous:
            return
        previous = biggest
        for k in range(K):
            off = k * n
            acc = 0.0
            for i in range(pb.n):
                acc += w.V[off + i]
            a[k * K + k] = acc
            for l in range(k + 1, K):
                acc = 0.0
                for i in range(pb.n):
                    acc -= w.U[off + i] * w.P[l * n + i]
                a[l * K + k] = acc
                a[k * K + l] = acc
        dsyev(&jobz, &uplo, &K, a, &K, ev, a + K * K, &lwork, &info)
        if info != 0:
            return
        floor = 1e-12 * ev[K - 1]
        if not floor > 0.0:
            return
        for k in range(K):
            d[k] = 0.0
        for e in range(K):
            if ev[e] <= floor:
                continue
            proj = 0.0
            for k in range(K):
                proj += a[e * K + k] * g[k]
            proj /= ev[e]
            for k in range(K):
                d[k] -= proj * a[e * K + k]
        dec = 0.0
        for k in range(K):
            dec += g[k] * d[k]
        if not dec < 0.0:
            return
        for k in range(K):
            off = k * n
            for i in range(pb.n):
                w.D[off + i] = d[k]
        slack = 1e-13 * fabs(w.loss)
        t = 1.0
        for halvings in range(MAX_HALVINGS):
            if _trial_loss(pb, w, t) <= w.loss + ARMIJO * t * dec + slack:
                break
            t *= 0.5
        else:
            return
        for k in range(K):
            b[k] += t * d[k]
            off = k * n
            for i in range(pb.n):
                w.Z[off + i] += t * d[k]
        _refresh(pb, w)


cdef void _dual_reference(Problem *pb, const floating *X, Work *w) noexcept nogil:
    """``V0 = X^T theta0``, ``theta0_i = s_i (e_{y_i} - pi)``: the dual point
    of ``W = 0`` with the intercepts at their optimum there."""
    cdef int j, k, q, i
    cdef double *acc = w.iscr
    cdef const floating *x
    for j in range(pb.p):
        for k in range(pb.K):
            acc[k] = 0.0
        if pb.sparse:
            for q in range(pb.indptr[j], pb.indptr[j + 1]):
                i = pb.indices[q]
                acc[pb.y[i]] += pb.s[i] * X[q]
        else:
            x = X + <Py_ssize_t> j * pb.n
            for i in range(pb.n):
                acc[pb.y[i]] += pb.s[i] * x[i]
        for k in range(pb.K):
            w.V0[<Py_ssize_t> k * pb.p + j] = acc[k] - w.pi[k] * w.xs[j]
    w.has_V0 = True


cdef inline double _dual_entry(Problem *pb, Work *w, int k, int j, double inv_S,
                               double lam) noexcept nogil:
    """Entry (k, j) of ``X^T theta`` at the dual point before its scaling:
    ``-G_kj``; with an intercept, that of the shifted residual (``theta_i +
    s_i gb / S``, of zero class sums) mixed with ``theta0`` in the share
    ``lam``."""
    cdef Py_ssize_t idx = <Py_ssize_t> k * pb.p + j
    cdef double v = -w.G[idx]
    if pb.fit_intercept:
        v += w.xs[j] * w.gb[k] * inv_S
        if lam > 0.0:
            v = (1.0 - lam) * v + lam * w.V0[idx]
    return v


cdef double _gap(Problem *pb, const floating *X, const double *W,
                 Work *w) noexcept nogil:
    """Duality gap at (W, b), from the current P, Z, G and gb.

    The primal is ``sum_i f_i(z_i) + pen(W)``, ``f_i(z) = s_i (lse(z) -
    z_{y_i})``, ``z_i = W x_i + b``; its Fenchel dual, ``D(theta) = -sum_i
    f_i^*(-theta_i) - pen^*(X^T theta)`` over ``theta`` (n x K) with ``sum_i
    theta_i = 0`` when the intercepts are fitted (held fixed otherwise).
    ``f_i^*(-theta_i) = s_i sum_k q_ik log q_ik`` with ``q_i = e_{y_i} -
    theta_i / s_i``, finite iff ``q_i`` lies in the simplex.  The gap is
    summed as its Fenchel-Young parts, each nonnegative, which avoids the
    cancellation of ``P - D``: per sample ``s_i KL(q_i || p_i)`` (from
    ``f_i(z_i) + f_i^*(-theta_i) + theta_i^T z_i``), per block ``pen(w) +
    pen^*(v) - w^T v`` with ``v`` the block of ``X^T theta``; the terms
    ``theta_i^T z_i`` add up to ``<W, X^T theta> + b^T sum_i theta_i``.

    Dual point: the residual ``theta_i = s_i (e_{y_i} - p_i)`` (``q_i =
    p_i``).  With an intercept, its class sums ``-gb`` (zero to rounding
    after :func:`_fit_intercept`) are removed by the shift ``theta_i + s_i
    gb / S`` (``q_i = p_i - gb / S``, which may leave the simplex where
    ``p_ik`` is below ``gb_k / S``), mixed with ``theta0_i = s_i (e_{y_i} -
    pi)`` (zero class sums, ``q_i = pi``) in the least share ``lam`` that
    brings every ``q_i`` back into the simplex.  Then scaled by ``1 / c``,
    ``c = max(1, max |v| / l1)`` over the entries (the row norms ``||v_j||``
    for the group penalty) when there is no L2 part (the L1 conjugate is the
    indicator of ``|v| <= l1``; with an L2 part the conjugate is finite
    everywhere, ``(|v| - l1)_+^2 / (2 l2)``, and ``c = 1``): ``q_i = (1 -
    1/c) e_{y_i} + q_i / c``, a convex combination of points of the simplex.
    The dual point's ``c`` and ``lam`` are left in ``w`` for the screening.

    Screened blocks (zero at the optimum, :func:`_screen`) are left out: the
    gap is the one of the problem without them, whose minimum is the full
    problem's (same optimum, same objective at every ``W`` zero on them), so
    it still bounds the objective's distance to its minimum.

    Unpenalized, the dual's constraint ``X^T theta = 0`` is reached by no
    such point: the score is the decrease still available along each
    coordinate, ``sum g^2 / (2 L)``, with ``L = sum_i s_i x_ij^2 / 4`` (the
    softmax Hessian's diagonal is at most 1/4), the intercepts' ``L = S /
    4``.
    """
    cdef int i, j, k, K = pb.K
    cdef Py_ssize_t n = pb.n, idx
    cdef double inv_S = 1.0 / pb.S if pb.S > 0.0 else 0.0
    cdef double lam = 0.0, c = 1.0, q, v, a, nv, na, dot, conj, kl
    cdef double total = 0.0
    w.dual_c = 1.0
    w.dual_lam = 0.0
    if pb.l1 == 0.0 and pb.l2 == 0.0:
        for j in range(pb.p):
            if w.xsq[j] > 0.0:
                for k in range(K):
                    v = w.G[<Py_ssize_t> k * pb.p + j]
                    total += 2.0 * v * v / w.xsq[j]
        if pb.fit_intercept:
            for k in range(K):
                total += 2.0 * w.gb[k] * w.gb[k] * inv_S
        return total
    if pb.fit_intercept:
        for i in range(pb.n):
            if pb.s[i] == 0.0:
                continue
            for k in range(K):
                q = w.P[k * n + i] - w.gb[k] * inv_S
                # pi_k >= 0 > q: the share is in (0, 1].
                if q < 0.0 and -q > lam * (w.pi[k] - q):
                    lam = -q / (w.pi[k] - q)
        if lam > 0.0 and not w.has_V0:
            _dual_reference(pb, X, w)
    if pb.l2 == 0.0:
        for j in range(pb.p):
            if w.feat_off[j]:
                continue
            if pb.group:
                nv = 0.0
                for k in range(K):
                    v = _dual_entry(pb, w, k, j, inv_S, lam)
                    nv += v * v
                nv = sqrt(nv)
                if nv > c * pb.l1:
                    c = nv / pb.l1
            else:
                for k in range(K):
                    if w.screened[<Py_ssize_t> j * K + k]:
                        continue
                    v = fabs(_dual_entry(pb, w, k, j, inv_S, lam))
                    if v > c * pb.l1:
                        c = v / pb.l1
    for j in range(pb.p):
        if w.feat_off[j]:
            continue
        if pb.group:
            nv = 0.0
            na = 0.0
            dot = 0.0
            for k in range(K):
                v = _dual_entry(pb, w, k, j, inv_S, lam) / c
                a = W[<Py_ssize_t> k * pb.p + j]
                nv += v * v
                na += a * a
                dot += a * v
            nv = sqrt(nv)
            conj = 0.0
            if pb.l2 > 0.0 and nv > pb.l1:
                conj = 0.5 * (nv - pb.l1) * (nv - pb.l1) / pb.l2
            total += pb.l1 * sqrt(na) - dot + 0.5 * pb.l2 * na + conj
        else:
            for k in range(K):
                if w.screened[<Py_ssize_t> j * K + k]:
                    continue
                v = _dual_entry(pb, w, k, j, inv_S, lam) / c
                a = W[<Py_ssize_t> k * pb.p + j]
                conj = 0.0
                if pb.l2 > 0.0 and fabs(v) > pb.l1:
                    conj = 0.5 * (fabs(v) - pb.l1) * (fabs(v) - pb.l1) / pb.l2
                total += pb.l1 * fabs(a) - a * v + 0.5 * pb.l2 * a * a + conj
    for i in range(pb.n):
        if pb.s[i] == 0.0:
            continue
        kl = 0.0
        for k in range(K):
            idx = k * n + i
            q = w.P[idx]
            if pb.fit_intercept:
                q = (1.0 - lam) * (q - w.gb[k] * inv_S) + lam * w.pi[k]
            q /= c
            if k == pb.y[i]:
                q += 1.0 - 1.0 / c
            if q > 0.0:
                kl += q * (log(q) - w.Z[idx] + w.lse[i])
        total += pb.s[i] * kl
    w.dual_c = c
    w.dual_lam = lam
    return total


cdef void _zero_entry(Problem *pb, const floating *X, double *W, Work *w,
                      int k, int j) noexcept nogil:
    """``W_kj = 0``, its part of the scores ``Z_k`` removed."""
    cdef Py_ssize_t idx = <Py_ssize_t> k * pb.p + j
    cdef double a = W[idx]
    cdef int i, q
    cdef double *zk = w.Z + <Py_ssize_t> k * pb.n
    cdef const floating *x
    if a == 0.0:
        return
    W[idx] = 0.0
    if pb.sparse:
        for q in range(pb.indptr[j], pb.indptr[j + 1]):
            zk[pb.indices[q]] -= a * X[q]
    else:
        x = X + <Py_ssize_t> j * pb.n
        for i in range(pb.n):
            zk[i] -= a * x[i]


cdef int _screen(Problem *pb, const floating *X, double *W, Work *w,
                 double gap) noexcept nogil:
    """Gap-safe screening: mark (and zero) the blocks that the last gap's
    dual point proves zero at the optimum; returns how many it adds.

    The sphere.  ``f_i(z) = s_i (lse(z) - z_{y_i})`` has Hessian ``s_i
    (diag(p) - p p^T) <= s_i / 2 I`` (Bohning: the softmax Hessian's largest
    eigenvalue is at most 1/2), so ``f_i`` is ``s_i / 2``-smooth and its
    conjugate ``f_i^*`` is ``2 / s_i``-strongly convex.  The dual ``D(theta)
    = -sum_i f_i^*(-theta_i) - pen^*(X^T theta)`` (maximized over theta,
    with ``sum_i theta_i = 0`` under an intercept; samples of weight zero
    have ``theta_i = 0``) is then strongly concave with
    ``D(theta') <= D(theta) + <grad, theta' - theta> - sum_i ||theta'_i -
    theta_i||^2 / s_i``; at its maximizer ``theta*`` over the (convex)
    feasible set, ``<grad D(theta*), theta - theta*> <= 0`` for every
    feasible ``theta``, so ``D(theta*) - D(theta) >= sum_i ||theta_i -
    theta*_i||^2 / s_i``.  As ``D(theta*) <= P(W)``, the gap ``P(W) -
    D(theta)`` of :func:`_gap` (at its feasible dual point: the shifted
    point has zero class sums) bounds ``sum_i ||theta_i - theta*_i||^2 /
    s_i <= r^2`` with ``r = sqrt(gap)``.

    The test.  At the optimum ``W*`` lies in ``d pen^*(X^T theta*)``: an
    entry ``W*_kj`` is zero when ``|x_j^T theta*_k| < l1`` (with an L2 part
    too: ``pen^*`` is ``(|v| - l1)_+^2 / (2 l2)``, flat there), a group
    ``W*[:, j]`` when ``||X_j^T Theta*||_2 < l1``.  By Cauchy-Schwarz with
    the weights, ``|x_j^T (theta_k - theta*_k)|`` and ``||sum_i x_ij
    (theta_i - theta*_i)||_2`` are at most ``sqrt(sum_i s_i x_ij^2) r``
    (``xsq_j``), so a block is zero at the optimum if its value at the dual
    point plus ``r sqrt(xsq_j)`` is below ``l1`` (less a ``SCREEN_MARGIN``
    share, for the rounding of ``G``).  Screened blocks stay so for the rest
    of this alpha: the problem without them has the same optimum and the
    same ``theta*``, and its gaps keep the sphere valid.
    """
    cdef int j, k, K = pb.K, fresh = 0, count
    cdef Py_ssize_t key
    cdef double inv_S = 1.0 / pb.S if pb.S > 0.0 else 0.0
    cdef double r = sqrt(gap), c = w.dual_c, lam = w.dual_lam
    cdef double v, nv, bound
    cdef bint zeroed = False
    for j in range(pb.p):
        if w.feat_off[j]:
            continue
        bound = pb.l1 * (1.0 - SCREEN_MARGIN) - r * sqrt(w.xsq[j])
        if not bound > 0.0:
            continue
        if pb.group:
            nv = 0.0
            for k in range(K):
                v = _dual_entry(pb, w, k, j, inv_S, lam) / c
                nv += v * v
            if sqrt(nv) < bound:
                for k in range(K):
                    if W[<Py_ssize_t> k * pb.p + j] != 0.0:
                        zeroed = True
                        _zero_entry(pb, X, W, w, k, j)
                w.screened[j] = 1
                w.feat_off[j] = 1
                fresh += 1
        else:
            count = 0
            for k in range(K):
                key = <Py_ssize_t> j * K + k
                if w.screened[key]:
                    count += 1
                    continue
                v = fabs(_dual_entry(pb, w, k, j, inv_S, lam)) / c
                if v < bound:
                    if W[<Py_ssize_t> k * pb.p + j] != 0.0:
                        zeroed = True
                        _zero_entry(pb, X, W, w, k, j)
                    w.screened[key] = 1
                    fresh += 1
                    count += 1
            if count == K:
                w.feat_off[j] = 1
    if zeroed:
        _refresh(pb, w)
    return fresh


# --------------------------------------------------------------------------
# proximal Newton on the working set
# --------------------------------------------------------------------------


cdef double _ws_gradient(Problem *pb, const floating *X, const double *W,
                         Work *w, int m) noexcept nogil:
    """The working set's gradients from R into ``wg`` (and ``gb``); returns
    the working set's violation."""
    cdef int e, j, k, key, i
    cdef Py_ssize_t n = pb.n
    cdef double v, acc, worst
    for k in range(pb.K):
        acc = 0.0
        for i in range(pb.n):
            acc += w.R[k * n + i]
        w.gb[k] = acc
    worst = _intercept_violation(pb, w)
    for e in range(m):
        if pb.group:
            j = w.ws[e]
            for k in range(pb.K):
                w.wg[<Py_ssize_t> e * pb.K + k] = _dot(pb, X, j, w.R + k * n)
            v = _group_violation(w.wg + <Py_ssize_t> e * pb.K, 1, W + j, pb.p,
                                 pb.K, pb.l1, pb.l2)
        else:
            key = w.ws[e]
            j = key // pb.K
            k = key - j * pb.K
            w.wg[e] = _dot(pb, X, j, w.R + k * n)
            v = _entry_violation(w.wg[e], W[<Py_ssize_t> k * pb.p + j], pb.l1, pb.l2)
        if v > worst:
            worst = v
    return worst


cdef void _group_prox(int K, double *c, const double *d, double l1) noexcept nogil:
    """Overwrite ``c`` with ``argmin_u sum_k d_k/2 (u_k - c_k/d_k)^2 + l1
    ||u||_2`` (all ``d_k > 0``).

    ``u = 0`` if ``||c|| <= l1``; otherwise ``u_k = c_k r / (d_k r + l1)``
    with ``r = ||u||`` the root of ``sum_k c_k^2 / (d_k r + l1)^2 = 1``,
    bracketed by ``(||c|| - l1) / max d`` and ``(||c|| - l1) / min d`` and
    found by Newton's method on ``psi(r)^(-1/2) - 1`` (linear in r when the
    ``d_k`` are equal), kept inside the bracket.
    """
    cdef int k, it
    cdef double nc = 0.0, dmin = d[0], dmax = d[0], lo, hi, r, psi, dpsi, t, q, f
    for k in range(K):
        nc += c[k] * c[k]
        if d[k] < dmin:
            dmin = d[k]
        if d[k] > dmax:
            dmax = d[k]
    nc = sqrt(nc)
    if nc <= l1:
        for k in range(K):
            c[k] = 0.0
        return
    if l1 == 0.0 or dmin == dmax:
        for k in range(K):
            c[k] = c[k] * (1.0 - l1 / nc) / d[k]
        return
    lo = (nc - l1) / dmax
    hi = (nc - l1) / dmin
    r = lo
    for it in range(50):
        psi = 0.0
        dpsi = 0.0
        for k in range(K):
            t = 1.0 / (d[k] * r + l1)
            q = c[k] * c[k] * t * t
            psi += q
            dpsi += q * d[k] * t
        f = 1.0 / sqrt(psi)
        if f < 1.0:
            lo = r
        else:
            hi = r
        # g(r) = psi^(-1/2) - 1, g'(r) = psi^(-3/2) * sum c^2 d / (d r + l1)^3
        t = r - (f - 1.0) / (f * f * f * dpsi)
        if not (lo < t < hi):
            t = 0.5 * (lo + hi)
        if fabs(t - r) <= 1e-15 * r:
            r = t
            break
        r = t
    for k in range(K):
        c[k] = c[k] * r / (d[k] * r + l1)


cdef bint _block_hessians(Problem *pb, const floating *X, Work *w,
                          int m) noexcept nogil:
    """Every working-set block's Hessian ``H_j = sum_i s_i x_ij^2 (diag(p_i)
    - p_i p_i^T)``, eigendecomposed into ``hess``; returns False if the
    storage cannot grow to ``m`` blocks."""
    cdef int K = pb.K, T = pb.K * (pb.K + 1) // 2
    cdef int e0, c, e, j, k, l, t, i, i0, nc, q, r, chunk, info
    cdef int lwork = w.lwork, stride = T + K * K + K
    cdef Py_ssize_t n = pb.n
    cdef double one = 1.0, x2, x2u, beta
    cdef double *col
    cdef double *h
    cdef double *a = w.lapack
    cdef double *grown
    cdef const floating *x
    cdef char trans = b'T', notrans = b'N', jobz = b'V', uplo = b'U'
    if m > w.hess_blocks:
        grown = <double *> realloc(w.hess, <size_t> m * stride * sizeof(double))
        if grown == NULL:
            return False
        w.hess = grown
        w.hess_blocks = m
    if pb.sparse:
        for e in range(m):
            j = w.ws[e]
            h = w.hess + <Py_ssize_t> e * stride
            memset(h, 0, T * sizeof(double))
            for q in range(pb.indptr[j], pb.indptr[j + 1]):
                r = pb.indices[q]
                x2 = X[q] * X[q]
                t = 0
                for k in range(K):
                    x2u = x2 * w.U[k * n + r]
                    for l in range(k, K):
                        if l == k:
                            h[t] += x2u * (1.0 - w.P[k * n + r])
                        else:
                            h[t] -= x2u * w.P[l * n + r]
                        t += 1
    else:
        for i0 in range(0, pb.n, SAMPLE_CHUNK):
            nc = min(SAMPLE_CHUNK, pb.n - i0)
            beta = 0.0 if i0 == 0 else 1.0
            # Qf: the samples' K x K weights, upper triangle packed by rows.
            t = 0
            for k in range(K):
                for l in range(k, K):
                    col = w.Qf + t * nc
                    if l == k:
                        for i in range(nc):
                            col[i] = w.U[k * n + i0 + i] * (1.0 - w.P[k * n + i0 + i])
                    else:
                        for i in range(nc):
                            col[i] = -w.U[k * n + i0 + i] * w.P[l * n + i0 + i]
                    t += 1
            for e0 in range(0, m, HESS_CHUNK):
                chunk = min(HESS_CHUNK, m - e0)
                for c in range(chunk):
                    x = X + <Py_ssize_t> w.ws[e0 + c] * n + i0
                    col = w.Xsq + c * nc
                    for i in range(nc):
                        col[i] = x[i] * x[i]
                # H (T x chunk, stride apart) += Qf^T (T x nc) Xsq (nc x chunk)
                dgemm(&trans, &notrans, &T, &chunk, &nc, &one, w.Qf, &nc, w.Xsq,
                      &nc, &beta, w.hess + <Py_ssize_t> e0 * stride, &stride)
    for e in range(m):
        h = w.hess + <Py_ssize_t> e * stride
        t = 0
        for k in range(K):
            for l in range(k, K):
                a[k * K + l] = h[t]
                a[l * K + k] = h[t]
                t += 1
        dsyev(&jobz, &uplo, &K, a, &K, h + T + K * K, a + K * K, &lwork, &info)
        for k in range(K * K):
            h[T + k] = a[k]
        for k in range(K):
            if info != 0 or h[T + K * K + k] < 0.0:
                h[T + K * K + k] = 0.0
    return True


cdef double _block_step(Problem *pb, const floating *X, const double *W,
                        Work *w, int e) noexcept nogil:
    """Minimize the Newton model over the block ``e`` (feature ``ws[e]``)
    exactly: the model is quadratic in the block with Hessian ``H_j`` plus
    the ridge, so in ``H_j``'s eigenbasis the group prox is the secular
    root of :func:`_group_prox`.  Returns the largest entry of ``H_j``
    times the step (the model's gradient change)."""
    cdef int K = pb.K, k, l, j = w.ws[e]
    cdef Py_ssize_t n = pb.n, off
    cdef double *d = w.wd + <Py_ssize_t> e * K
    cdef int T = K * (K + 1) // 2
    cdef const double *Q = w.hess + <Py_ssize_t> e * (T + K * K + K) + T
    cdef const double *lam = Q + K * K
    cdef double *cur = w.tmp            # current block value
    cdef double *grad = w.tmp + K       # model gradient, then c in the eigenbasis
    cdef double *dd = w.tmp + 2 * K     # metric in the eigenbasis
    cdef double *u = w.tmp + 3 * K      # solution in the eigenbasis, then the step
    cdef double y, z, dmax = 0.0, floor, step, biggest = 0.0
    for k in range(K):
        off = k * n
        grad[k] = w.wg[<Py_ssize_t> e * K + k] + _dot_model(
            pb, X, j, w.U + off, w.D + off, w.M)
        cur[k] = W[<Py_ssize_t> k * pb.p + j] + d[k]
        dd[k] = lam[k] + pb.l2
        if dd[k] > dmax:
            dmax = dd[k]
    if dmax <= 0.0:
        return 0.0
    floor = 1e-12 * dmax
    # c = (H + l2) cur - grad - l2 cur = H cur - grad, rotated: c~ = lam y - z
    for k in range(K):
        y = 0.0
        z = 0.0
        for l in range(K):
            y += Q[k * K + l] * cur[l]
            z += Q[k * K + l] * grad[l]
        if dd[k] < floor:
            # A direction without curvature (the classes' common shift):
            # no gradient along it either, rounding aside; stay put.
            dd[k] = floor
            u[k] = floor * y
        else:
            u[k] = lam[k] * y - z
    _group_prox(K, u, dd, pb.l1)
    # Back to the classes, the step into grad's storage.
    for l in range(K):
        step = 0.0
        for k in range(K):
            step += Q[k * K + l] * u[k]
        grad[l] = step - cur[l]
    for k in range(K):
        step = grad[k]
        if step != 0.0:
            d[k] += step
            off = k * n
            _move(pb, X, j, step, w.P + off, w.D + off, w.M)
    # The model's gradient change H step, through the eigenbasis.
    for k in range(K):
        y = 0.0
        for l in range(K):
            y += Q[k * K + l] * grad[l]
        u[k] = lam[k] * y
    for l in range(K):
        step = 0.0
        for k in range(K):
            step += Q[k * K + l] * u[k]
        if fabs(step) > biggest:
            biggest = fabs(step)
    return biggest


cdef double _cd_pass(Problem *pb, const floating *X, const double *W,
                     Work *w, int m) noexcept nogil:
    """One coordinate-descent pass on the Newton model over the working set
    and the intercepts; returns the largest curvature-times-step."""
    cdef int e, j, k, key
    cdef Py_ssize_t n = pb.n, off
    cdef double a, grad, cur, new, step, biggest = 0.0
    for e in range(m):
        if pb.group:
            a = _block_step(pb, X, W, w, e)
            if a > biggest:
                biggest = a
        else:
            key = w.ws[e]
            j = key // pb.K
            k = key - j * pb.K
            a = w.wh[e]
            if a + pb.l2 <= 0.0:
                continue
            off = k * n
            grad = w.wg[e] + _dot_model(pb, X, j, w.U + off, w.D + off, w.M)
            cur = W[<Py_ssize_t> k * pb.p + j] + w.wd[e]
            new = _soft(a * cur - grad, pb.l1) / (a + pb.l2)
            step = new - cur
            if step != 0.0:
                w.wd[e] += step
                _move(pb, X, j, step, w.P + off, w.D + off, w.M)
                if a * fabs(step) > biggest:
                    biggest = a * fabs(step)
    if pb.fit_intercept:
        for k in range(pb.K):
            a = w.hb[k]
            if a <= 0.0:
                continue
            off = k * n
            grad = w.gb[k]
            for e in range(pb.n):
                grad += w.U[off + e] * (w.D[off + e] - w.M[e])
            step = -grad / a
            w.db[k] += step
            for e in range(pb.n):
                w.D[off + e] += step
                w.M[e] += step * w.P[off + e]
            if a * fabs(step) > biggest:
                biggest = a * fabs(step)
    return biggest


# Diagnostics for the tests: the model extrapolations tried and accepted
# since the last _multinomial_extrapolation_counts(reset=True) (not
# thread-safe: concurrent fits in threads add up approximately).
cdef long _mn_extra_tried = 0
cdef long _mn_extra_accepted = 0


def _multinomial_extrapolation_counts(bint reset=False):
    """(tried, accepted) Anderson extrapolations of the Newton model's CD."""
    global _mn_extra_tried, _mn_extra_accepted
    counts = (_mn_extra_tried, _mn_extra_accepted)
    if reset:
        _mn_extra_tried = 0
        _mn_extra_accepted = 0
    return counts


cdef double _model_value(Problem *pb, const double *W, Work *w, int m,
                         double *d, const double *D,
                         const double *M) noexcept nogil:
    """The Newton model's change of the objective along the direction ``d``
    (the working set's block directions, then the intercepts'), with ``D``
    its scores' change and ``M = sum_k P_k D_k``: ``g^T d + d^T H d / 2 +
    pen(W + d) - pen(W)``, the softmax Hessian's ``d^T H d = sum_i s_i
    sum_k p_ik (D_ik - M_i)^2`` (a weighted variance: no cancellation)."""
    cdef int e, k, i, nd = m * (pb.K if pb.group else 1)
    cdef Py_ssize_t n = pb.n, off
    cdef double lin = 0.0, quad = 0.0, a, pen
    cdef double *saved = w.wd
    for e in range(nd):
        lin += w.wg[e] * d[e]
    for k in range(pb.K):
        lin += w.gb[k] * d[nd + k]
        off = k * n
        for i in range(pb.n):
            a = D[off + i] - M[i]
            quad += w.U[off + i] * a * a
    w.wd = d
    pen = _ws_penalty_change(pb, W, w, m, 1.0)
    w.wd = saved
    return lin + 0.5 * quad + pen


cdef bint _reserve_history(Work *w, Py_ssize_t length) noexcept nogil:
    """Room for K_EXTRA + 2 directions of ``length`` values; False if the
    storage cannot grow (the CD then runs plain)."""
    cdef double *grown
    if length > w.hist_len:
        grown = <double *> realloc(w.hist, <size_t> (K_EXTRA + 2) * length
                                   * sizeof(double))
        if grown == NULL:
            return False
        w.hist = grown
        w.hist_len = length
    return True


cdef int _model_extrapolate(Problem *pb, const floating *X, const double *W,
                            Work *w, int m, int n_hist) noexcept nogil:
    """Record the CD's direction after a pass; after K_EXTRA + 1 passes,
    replace it by the Anderson combination of the last K_EXTRA + 1 if that
    lowers the Newton model (:func:`_model_value`), so the CD's convergence
    is kept.  Returns the number of directions now recorded.

    The combination's scores change costs one column axpy per moved
    coordinate (:func:`_move`, into the spare ``Dx``, ``Mx``, swapped in
    when accepted).
    """
    global _mn_extra_tried, _mn_extra_accepted
    cdef int bsize = pb.K if pb.group else 1
    cdef int nd = m * bsize, e, k, j, i
    cdef Py_ssize_t length = nd + pb.K, n = pb.n, off
    cdef double *cur = w.hist + <Py_ssize_t> K_EXTRA * length
    cdef double *dnew = w.hist + <Py_ssize_t> (K_EXTRA + 1) * length
    cdef double *row = w.hist + <Py_ssize_t> n_hist * length
    cdef double *swap
    cdef double delta
    memcpy(row, w.wd, nd * sizeof(double))
    memcpy(row + nd, w.db, pb.K * sizeof(double))
    if n_hist + 1 < K_EXTRA + 1:
        return n_hist + 1
    _mn_extra_tried += 1
    if not _anderson_point(w.hist, length, dnew, MODEL_EXTRA_MAX_WEIGHT):
        return 0
    memcpy(w.Dx, w.D, pb.K * n * sizeof(double))
    memcpy(w.Mx, w.M, n * sizeof(double))
    for e in range(nd):
        delta = dnew[e] - cur[e]
        if delta == 0.0:
            continue
        if pb.group:
            j = w.ws[e // pb.K]
            k = e % pb.K
        else:
            j = w.ws[e] // pb.K
            k = w.ws[e] - j * pb.K
        off = k * n
        _move(pb, X, j, delta, w.P + off, w.Dx + off, w.Mx)
    for k in range(pb.K):
        delta = dnew[nd + k] - cur[nd + k]
        if delta == 0.0:
            continue
        off = k * n
        for i in range(pb.n):
            w.Dx[off + i] += delta
            w.Mx[i] += delta * w.P[off + i]
    if not (_model_value(pb, W, w, m, dnew, w.Dx, w.Mx)
            < _model_value(pb, W, w, m, cur, w.D, w.M)):
        return 0
    _mn_extra_accepted += 1
    memcpy(w.wd, dnew, nd * sizeof(double))
    memcpy(w.db, dnew + nd, pb.K * sizeof(double))
    swap = w.D
    w.D = w.Dx
    w.Dx = swap
    swap = w.M
    w.M = w.Mx
    w.Mx = swap
    return 0


# --------------------------------------------------------------------------
# the smooth model's exact minimization (no L1 part)
# --------------------------------------------------------------------------


cdef double _pass_work(Problem *pb, Work *w, int m) noexcept nogil:
    """A coordinate-descent pass's work over the working set per sample: its
    coefficients (the intercepts included).  Counted per sample, not in
    stored values, so that the solver's decisions are the same for dense and
    sparse X and for repeated samples and their weights."""
    cdef double work = m * pb.K if pb.group else m
    if pb.fit_intercept:
        work += pb.K
    return work


cdef inline bint _held(Problem *pb, Work *w, int e) noexcept nogil:
    """Unpenalized, entrywise: whether the working set's entry ``e`` is the
    last class's of a feature whose every class is in the working set (the
    working set is sorted by key, a feature's entries consecutive)."""
    cdef int key = w.ws[e], K = pb.K
    return (pb.l2 == 0.0 and key % K == K - 1 and e >= K - 1
            and w.ws[e - K + 1] == key - K + 1)


cdef bint _exact_newton(Problem *pb, const floating *X, const double *W,
                        Work *w, int m, double pass_work) noexcept nogil:
    """With no L1 part, minimize the Newton model exactly: it is the
    quadratic with the block Hessian ``sum_i s_i (x_i x_i^T) (x) (diag(p_i)
    - p_i p_i^T)`` over the working set's entries and the intercepts (x_i
    with a 1 for them), plus ``l2`` on the entries and a ``EXACT_RIDGE``
    share of the mean diagonal, solved by Cholesky from the current
    direction.  The last class's intercept is left out: the loss sees only
    the intercepts' differences, so the others reach every value of the
    model.  Unpenalized (``l2 = 0``), the loss sees only the differences
    between classes of a feature's coefficients too: the last class's entry
    of every feature whose classes are all in the working set is left out
    (its direction stays zero, :func:`_held`), as scikit-learn's
    newton-cholesky holds its last class; the caller centres the rows.
    Neither system then has a null direction the penalty does not fix but
    those of the data's own rank: unpenalized, a class with more free
    coefficients (its intercept included) than samples of positive weight
    makes the system singular, and the solve is not taken.  Coordinate
    descent crawls on the model where the columns are correlated or
    unequally scaled (unscaled iris, wine, digits at large C: each Newton
    step's passes stop at CD_MAX_PASSES, or after one pass of small moves,
    far from the model's minimum, and the Newton steps converge linearly,
    past max_iter).

    Rent or buy: taken when it costs at most EXACT_EPOCHS passes of
    ``pass_work`` (per sample, :func:`_pass_work`), or at most the passes
    run since the last solve (``w.exact_crawl``).  Returns False when not
    taken (too costly, more than EXACT_MAX coefficients, underdetermined,
    no memory, or a system Cholesky cannot factor), the direction
    unchanged."""
    cdef int K = pb.K, nn = pb.n, f = 0, q, k, l, c, e, i, info = 0, one = 1
    cdef int width = 0, cnt_k, cnt_l, per_class
    cdef Py_ssize_t n = pb.n, off
    cdef int *fj
    cdef int *fe
    cdef int *start
    cdef double *buf
    cdef double *Xf
    cdef double *Bm
    cdef double *H
    cdef double *r
    cdef double *a
    cdef double *diag
    cdef double cost, trace, ridge, step, acc, dzero = 0.0, done = 1.0
    cdef char uplo = b'U', trans = b'T', notrans = b'N'
    cdef const floating *x
    cdef bint shift = pb.l2 == 0.0
    per_class = m if pb.group else 0
    if pb.group:
        f = m * (K - 1 if shift else K)
    else:
        # Entries per class: the largest class block.
        for e in range(m):
            if not _held(pb, w, e):
                f += 1
        for k in range(K):
            c = 0
            for e in range(m):
                if w.ws[e] % K == k and not _held(pb, w, e):
                    c += 1
            if c > per_class:
                per_class = c
    width = per_class + (1 if pb.fit_intercept else 0)
    f += K - 1 if pb.fit_intercept else 0
    if (f == 0 or f > EXACT_MAX or nn == 0 or w.exact_singular
            or (shift and width > pb.n_pos)):
        return False
    # Per sample: the multiply-adds of the Hessian's upper blocks (f^2 / 2),
    # in values read by CD, plus the columns' copy, the gradient and the
    # move (3 f).  The factor's f^3 / 6, independent of n, is left out (at
    # most EXACT_MAX / (3 n) of the products).
    cost = 0.5 * <double> f * f / EXACT_FLOP_SHARE + 3.0 * f
    if cost > EXACT_EPOCHS * pass_work and cost > w.exact_crawl:
        return False
    fj = <int *> malloc((2 * f + K + 1) * sizeof(int))
    buf = <double *> malloc((n * (f + width + 1) + <Py_ssize_t> f * f + 2 * f)
                            * sizeof(double))
    if fj == NULL or buf == NULL:
        free(fj)
        free(buf)
        return False
    w.exact_crawl = max(w.exact_crawl - cost, 0.0)
    fe = fj + f
    start = fe + f
    Xf = buf
    Bm = Xf + n * f
    a = Bm + n * width
    H = a + n
    r = H + <Py_ssize_t> f * f
    diag = r + f
    # The coefficients grouped by class (features ascending, then the
    # intercept): entry (k, fj[q]) with its direction at wd[fe[q]], or class
    # k's intercept (fj[q] == p).
    f = 0
    for k in range(K):
        start[k] = f
        for e in range(m):
            if pb.group:
                if shift and k == K - 1:
                    break
                fj[f] = w.ws[e]
                fe[f] = e * K + k
            elif w.ws[e] % K == k and not _held(pb, w, e):
                fj[f] = w.ws[e] // K
                fe[f] = e
            else:
                continue
            f += 1
        if pb.fit_intercept and k < K - 1:
            fj[f] = pb.p
            fe[f] = -1
            f += 1
    start[K] = f
    # The columns, and minus the model's gradient at the direction.
    for k in range(K):
        off = k * n
        for q in range(start[k], start[k + 1]):
            if fj[q] == pb.p:
                for i in range(pb.n):
                    Xf[q * n + i] = 1.0
                acc = w.gb[k]
                for i in range(pb.n):
                    acc += w.U[off + i] * (w.D[off + i] - w.M[i])
                r[q] = -acc
                continue
            if pb.sparse:
                memset(Xf + q * n, 0, n * sizeof(double))
                for c in range(pb.indptr[fj[q]], pb.indptr[fj[q] + 1]):
                    Xf[q * n + pb.indices[c]] = X[c]
            else:
                x = X + <Py_ssize_t> fj[q] * n
                for i in range(pb.n):
                    Xf[q * n + i] = x[i]
            r[q] = -(w.wg[fe[q]]
                     + _dot_model(pb, X, fj[q], w.U + off, w.D + off, w.M)
                     + pb.l2 * (W[<Py_ssize_t> k * pb.p + fj[q]] + w.wd[fe[q]]))
    # The upper triangle (column-major): block (k, l), k <= l, is
    # Xf_k^T diag(a) Xf_l with a = s (delta_kl p_k - p_k p_l).
    for k in range(K):
        cnt_k = start[k + 1] - start[k]
        if cnt_k == 0:
            continue
        for l in range(k, K):
            cnt_l = start[l + 1] - start[l]
            if cnt_l == 0:
                continue
            for i in range(pb.n):
                a[i] = -w.U[k * n + i] * w.P[l * n + i]
                if l == k:
                    a[i] += w.U[k * n + i]
            for c in range(cnt_l):
                q = start[l] + c
                for i in range(pb.n):
                    Bm[c * n + i] = a[i] * Xf[q * n + i]
            dgemm(&trans, &notrans, &cnt_k, &cnt_l, &nn, &done,
                  Xf + start[k] * n, &nn, Bm, &nn, &dzero,
                  H + start[k] + <Py_ssize_t> start[l] * f, &f)
    trace = 0.0
    for q in range(f):
        trace += H[q + <Py_ssize_t> q * f]
    ridge = EXACT_RIDGE * trace / f
    for q in range(f):
        H[q + <Py_ssize_t> q * f] += ridge
        if fj[q] != pb.p:
            H[q + <Py_ssize_t> q * f] += pb.l2
        diag[q] = H[q + <Py_ssize_t> q * f]
    dpotrf(&uplo, &f, H, &f, &info)
    if info == 0 and shift:
        # Unpenalized, a pivot (squared) below EXACT_SINGULAR of its diagonal:
        # a coefficient all but determined by the others in the Hessian's
        # metric, whose step the ridge and the rounding decide (where
        # repeated samples stand for weights, the same system is singular:
        # left to coordinate descent as the weighted one).
        for q in range(f):
            if H[q + <Py_ssize_t> q * f] ** 2 <= EXACT_SINGULAR * diag[q]:
                info = 1
                w.exact_singular = True
                break
    if info == 0:
        dpotrs(&uplo, &f, &one, H, &f, r, &f, &info)
    for q in range(f):
        if not fabs(r[q]) < INFINITY:
            info = 1
    if info == 0:
        for k in range(K):
            off = k * n
            for q in range(start[k], start[k + 1]):
                step = r[q]
                if fj[q] == pb.p:
                    w.db[k] += step
                    for i in range(pb.n):
                        w.D[off + i] += step
                        w.M[i] += step * w.P[off + i]
                elif step != 0.0:
                    w.wd[fe[q]] += step
                    _move(pb, X, fj[q], step, w.P + off, w.D + off, w.M)
    free(buf)
    free(fj)
    return info == 0


cdef int _newton_step(Problem *pb, const floating *X, double *W, double *b,
                      Work *w, int m, double cd_tol) noexcept nogil:
    """One proximal Newton step on the working set (model solved by CD, then
    a line search); returns 0 when no step decreases the objective, 2 when
    the step's decrease is below the objective's rounding (the full step is
    taken: the line search cannot judge it), 1 otherwise."""
    cdef int e, j, k, key, passes, i, halvings, status
    cdef Py_ssize_t n = pb.n, off
    cdef double decrease, t, trial, acc, slack, work, biggest
    cdef int n_hist = 0
    cdef bint extra
    # With no L1 part the model is smooth: the exact solve may take it.
    cdef bint smooth = pb.l1 == 0.0
    cdef bint exact
    memset(w.D, 0, pb.K * n * sizeof(double))
    memset(w.M, 0, n * sizeof(double))
    for k in range(pb.K):
        w.db[k] = 0.0
        acc = 0.0
        if pb.fit_intercept:
            for i in range(pb.n):
                acc += w.V[k * n + i]
        w.hb[k] = acc
    for e in range(m):
        if pb.group:
            for k in range(pb.K):
                w.wd[<Py_ssize_t> e * pb.K + k] = 0.0
        else:
            w.wd[e] = 0.0
    work = _pass_work(pb, w, m)
    w.exact_singular = False
    exact = smooth and _exact_newton(pb, X, W, w, m, work)
    if not exact:
        if pb.group and not _block_hessians(pb, X, w, m):
            return 0
        if not pb.group:
            for e in range(m):
                key = w.ws[e]
                j = key // pb.K
                k = key - j * pb.K
                w.wh[e] = _dot_sq(pb, X, j, w.V + k * n)
        extra = (w.extrapolate and m > 1
                 and _reserve_history(w, <Py_ssize_t> m * (pb.K if pb.group else 1)
                                      + pb.K))
        for passes in range(CD_MAX_PASSES):
            biggest = _cd_pass(pb, X, W, w, m)
            w.exact_crawl += work
            # With no L1 part, the exact solve ends the passes once it is
            # due; small moves can also mean a crawl.
            if ((biggest <= cd_tol or (passes + 1) % EXACT_EPOCHS == 0)
                    and smooth and _exact_newton(pb, X, W, w, m, work)):
                exact = True
                break
            if biggest <= cd_tol:
                break
            if extra:
                n_hist = _model_extrapolate(pb, X, W, w, m, n_hist)

    # Directional derivative of the objective along the direction.
    decrease = 0.0
    if pb.group:
        for e in range(m * pb.K):
            decrease += w.wg[e] * w.wd[e]
    else:
        for e in range(m):
            decrease += w.wg[e] * w.wd[e]
    for k in range(pb.K):
        decrease += w.gb[k] * w.db[k]
    decrease += _ws_penalty_change(pb, W, w, m, 1.0)
    # The exact model's minimizer d = -H^-1 g: the model decreases by
    # -g^T d / 2, the Newton decrement, over the whole problem when the
    # working set left no violating block out.
    w.newton_dec = max(-0.5 * decrease, 0.0) if exact and w.ws_whole else -1.0
    if not decrease < 0.0:
        return 0
    t = 1.0
    if -decrease <= NEWTON_ROUNDING * fabs(w.loss):
        status = 2
    else:
        status = 1
        # Rounding of the loss's value: accept a step that the rounding of
        # the sums cannot tell from a decrease.
        slack = 1e-13 * fabs(w.loss)
        for halvings in range(MAX_HALVINGS):
            trial = _trial_loss(pb, w, t) + _ws_penalty_change(pb, W, w, m, t)
            if trial <= w.loss + ARMIJO * t * decrease + slack:
                break
            t *= 0.5
        else:
            return 0
    # Take the step.
    if pb.group:
        for e in range(m):
            j = w.ws[e]
            for k in range(pb.K):
                W[<Py_ssize_t> k * pb.p + j] += t * w.wd[<Py_ssize_t> e * pb.K + k]
    else:
        for e in range(m):
            key = w.ws[e]
            j = key // pb.K
            k = key - j * pb.K
            W[<Py_ssize_t> k * pb.p + j] += t * w.wd[e]
    for k in range(pb.K):
        b[k] += t * w.db[k]
    for off in range(pb.K * n):
        w.Z[off] += t * w.D[off]
    _refresh(pb, w)
    return status


cdef int _solve(Problem *pb, const floating *X, double *W, double *b, Work *w,
                double tol_abs, int max_iter, double *gap_out,
                int *n_iter_out) noexcept nogil:
    """Proximal Newton on working sets from (W, b); returns 1 if converged
    (the duality gap at most ``tol_abs``; unpenalized, the score and, where
    measured, the Newton decrement)."""
    cdef int n_iter = 0, m, converged = 0, stalls = 0, status
    cdef double gap, best = INFINITY, violation, ws_violation, cd_tol, measure
    cdef double first = -1.0
    cdef bint moved, whole = False, refused = False
    cdef bint unpenalized = pb.l1 == 0.0 and pb.l2 == 0.0
    # Unpenalized, where the exact solve can take every coefficient (no more
    # than EXACT_MAX, no more per class than samples of positive weight),
    # the working sets are whole and each outer step takes one Newton step:
    # a step then depends on the point's probabilities only (the intercepts
    # refitted, every class but the last moved), so that a warm start from
    # the centred coefficients continues the same path.
    cdef bint newton = (
        unpenalized
        and <Py_ssize_t> (pb.p + pb.fit_intercept) * (pb.K - 1) <= EXACT_MAX
        and pb.p + pb.fit_intercept <= pb.n_pos)
    # A new alpha: nothing is screened yet.
    memset(w.screened, 0, (pb.p if pb.group else <Py_ssize_t> pb.p * pb.K))
    memset(w.feat_off, 0, pb.p)
    w.newton_dec = -1.0
    while True:
        if pb.fit_intercept:
            _fit_intercept(pb, w, b)
        _full_gradient(pb, X, w)
        gap = _gap(pb, X, W, w)
        # Unpenalized, the score (the decrease available along each
        # coordinate alone) can be far below the objective's distance to its
        # minimum where the columns are correlated.  Its decrease available
        # along every direction at once, the Newton decrement, is known
        # after an exact Newton step on a whole working set (at the step's
        # start: the step then takes most of it): it must be at most
        # tol_abs too.  Unknown (the last step's model solved by coordinate
        # descent) where the working sets are whole (``newton``), one more
        # step measures it; where the exact solve refuses that step (too
        # costly or singular), or outside ``newton``, the score alone
        # decides.
        measure = gap
        whole = False
        if unpenalized:
            if w.newton_dec > measure:
                measure = w.newton_dec
            whole = newton and gap <= tol_abs and w.newton_dec < 0.0 and not refused
        if measure <= tol_abs and not whole:
            converged = 1
            break
        if n_iter >= max_iter:
            break
        if w.screen and pb.l1 > 0.0:
            _screen(pb, X, W, w, gap)
        # The gap's rounding reached above tol_abs: outer steps that no
        # longer lower it end the solve.
        if measure < best:
            best = measure
            stalls = 0
        elif not whole:
            stalls += 1
            if stalls >= MAX_STALLS:
                break
        violation = _violations(pb, W, w)
        if first < 0.0:
            first = violation
        m = _build_working_set(pb, W, w, whole or newton)
        moved = False
        while n_iter < max_iter:
            ws_violation = _ws_gradient(pb, X, W, w, m)
            if ws_violation <= WS_SHRINK * violation:
                break
            n_iter += 1
            # Inexact Newton: the model is solved to a share of the current
            # violation that shrinks with it (superlinear convergence).
            cd_tol = ws_violation * min(CD_SHRINK, sqrt(ws_violation / first))
            status = _newton_step(pb, X, W, b, w, m, cd_tol)
            if status == 0:
                break
            moved = True
            if status == 2 or newton:
                # The objective cannot resolve the model's decrease (or one
                # step per outer step): the gap decides what follows.
                break
        if whole:
            # Not measured: the exact solve refused the whole working set.
            refused = w.newton_dec < 0.0
        if not moved:
            # No decrease possible on this working set: the objective's
            # rounding is reached; report where it stands.
            if whole and w.newton_dec <= tol_abs:
                converged = 1
            break
    gap_out[0] = gap
    n_iter_out[0] = n_iter
    return converged


# --------------------------------------------------------------------------
# entry point
# --------------------------------------------------------------------------


def multinomial_path_cd(X, y, sample_weight, alphas, W, b, *, l1_ratio,
                        group, fit_intercept, tol_abs, max_iter, screen=True,
                        return_screened=False, extrapolate=True):
    """Solve the penalized multinomial problem for each of ``alphas``,
    warm-started from ``(W, b)`` and from each solution to the next.

    Minimizes ``sum_i s_i (-log softmax(x_i W^T + b)_{y_i}) + alpha *
    (l1_ratio * pen(W) + (1 - l1_ratio) / 2 ||W||_F^2)`` with ``pen`` the
    entrywise L1 norm, or with ``group=True`` the sum over features of the
    L2 norms of the columns ``W[:, j]``.

    Parameters
    ----------
    X : ndarray (Fortran-contiguous) or scipy CSC matrix with int32 indices
        float32 or float64; never copied.
    y : int32 ndarray of shape (n_samples,)
        Class indices in ``[0, n_classes)``.
    sample_weight : float64 ndarray of shape (n_samples,)
        Non-negative weights ``s_i``.
    alphas : float64 array of shape (n_alphas,)
        Penalty strengths, non-negative.
    W : float64 ndarray of shape (n_classes, n_features), C-contiguous
        Initial coefficients, overwritten with the last solution.
    b : float64 ndarray of shape (n_classes,)
        Initial intercepts (left unchanged unless ``fit_intercept``),
        overwritten with the last solution.
    l1_ratio : float in [0, 1]
    group : bool
        Group (feature-wise L2) instead of entrywise L1 norm.
    fit_intercept : bool
    tol_abs : float
        Stop when the duality gap is at most this (see the module
        docstring; the objective at ``W = 0, b = 0`` is ``sum_i s_i log
        n_classes``).
    max_iter : int
        Maximum number of proximal Newton steps per alpha.
    screen : bool, default=True
        Gap-safe screening (tests compare against ``False``).
    return_screened : bool, default=False
        Also return which coefficients were screened out at each alpha.
    extrapolate : bool, default=True
        Anderson extrapolation of the Newton model's coordinate descent
        (tests compare against ``False``).

    Returns
    -------
    coefs : float64 ndarray of shape (n_alphas, n_classes, n_features)
    intercepts : float64 ndarray of shape (n_alphas, n_classes)
    gaps : float64 ndarray of shape (n_alphas,)
        The duality gaps at the solutions (unpenalized: the score of the
        module docstring).
    n_iters : int32 ndarray of shape (n_alphas,)
    converged : bool ndarray of shape (n_alphas,)
    screened : bool ndarray of shape (n_alphas, n_classes, n_features)
        Only with ``return_screened``: the coefficients screened out (proven
        zero at the optimum) by each alpha's end.
    """
    data, indices, indptr, is_sparse = check_design(X)
    n, p = X.shape
    check_vector(y, n, np.int32, "y")
    check_sample_weight(sample_weight, n)
    if not isinstance(W, np.ndarray) or W.ndim != 2 or W.shape[1] != p:
        raise ValueError(f"W must be a 2-D array of shape (n_classes, {p}).")
    K = W.shape[0]
    if K < 2:
        raise ValueError("W must have at least 2 rows (classes).")
    if (W.dtype != np.float64 or not W.flags.c_contiguous
            or not W.flags.writeable):
        raise ValueError("W must be a writeable C-contiguous float64 array.")
    check_vector(b, K, np.float64, "b", writeable=True)
    check_l1_ratio(l1_ratio)
    alphas = np.ascontiguousarray(alphas, dtype=np.float64)
    l1s, l2s = check_path_arguments(alphas * l1_ratio, alphas * (1.0 - l1_ratio),
                                    tol_abs, max_iter, 0)
    if y.shape[0] and (y.min() < 0 or y.max() >= K):
        raise ValueError(f"y must hold class indices in [0, {K}).")
    if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))
            and np.all(np.isfinite(data))):
        raise ValueError("X, W and b must be finite.")
    if data.shape[0] == 0:
        # An all-zero sparse X: no column is ever read, but the kernel takes
        # the address of the first value.
        data = np.zeros(1, dtype=X.dtype)

    n_alphas = l1s.shape[0]
    coefs = np.empty((n_alphas, K, p))
    intercepts = np.empty((n_alphas, K))
    gaps = np.empty(n_alphas)
    n_iters = np.zeros(n_alphas, dtype=np.int32)
    converged = np.zeros(n_alphas, dtype=np.int32)
    screened_out = np.zeros((n_alphas, K, p), dtype=np.uint8)
    if X.dtype == np.float64:
        _dispatch[double](data, indices, indptr, is_sparse, n, p, K, y,
                          sample_weight, W.reshape(-1), b, l1s, l2s, bool(group),
                          bool(fit_intercept), float(tol_abs), int(max_iter),
                          coefs.reshape(-1), intercepts.reshape(-1), gaps,
                          n_iters, converged, bool(screen), screened_out.reshape(-1),
                          bool(extrapolate))
    else:
        _dispatch[float](data, indices, indptr, is_sparse, n, p, K, y,
                         sample_weight, W.reshape(-1), b, l1s, l2s, bool(group),
                         bool(fit_intercept), float(tol_abs), int(max_iter),
                         coefs.reshape(-1), intercepts.reshape(-1), gaps,
                         n_iters, converged, bool(screen), screened_out.reshape(-1),
                         bool(extrapolate))
    if return_screened:
        return (coefs, intercepts, gaps, n_iters, converged.astype(bool),
                screened_out.astype(bool))
    return coefs, intercepts, gaps, n_iters, converged.astype(bool)


cdef _dispatch(const floating[::1] data, const int[::1] indices,
               const int[::1] indptr, bint is_sparse, int n, int p, int K,
               const int[::1] y, const double[::1] s, double[::1] W,
               double[::1] b, const double[::1] l1s, const double[::1] l2s,
               bint group, bint fit_intercept, double tol_abs, int max_iter,
               double[::1] coefs, double[::1] intercepts,
               double[::1] gaps, int[::1] n_iters, int[::1] converged,
               bint screen, unsigned char[::1] screened_out,
               bint extrapolate):
    cdef Problem pb
    cdef Work w
    cdef int a, k
    cdef Py_ssize_t q
    cdef int n_blocks = p if group else p * K
    cdef int bsize = K if group else 1
    cdef Py_ssize_t size = <Py_ssize_t> p * K
    cdef double[::1] Z = np.zeros(K * n), P = np.zeros(K * n)
    cdef double[::1] U = np.zeros(K * n), V = np.zeros(K * n)
    cdef double[::1] R = np.zeros(K * n), D = np.zeros(K * n)
    cdef double[::1] M = np.zeros(n)
    cdef int T = K * (K + 1) // 2
    cdef double[::1] Qf = np.zeros(<Py_ssize_t> T * SAMPLE_CHUNK if group else 1)
    cdef double[::1] Xsq = np.zeros(HESS_CHUNK * SAMPLE_CHUNK if group else 1)
    cdef int lwork = 8 * K
    cdef double[::1] lapack = np.zeros(K * K + lwork)
    cdef double[::1] G = np.zeros(K * p)
    cdef double[::1] gb = np.zeros(K), db = np.zeros(K), hb = np.zeros(K)
    cdef int[::1] ws = np.zeros(n_blocks, dtype=np.int32)
    cdef double[::1] wg = np.zeros(<Py_ssize_t> n_blocks * bsize)
    cdef double[::1] wd = np.zeros(<Py_ssize_t> n_blocks * bsize)
    cdef double[::1] wh = np.zeros(1 if group else n_blocks)
    cdef double[::1] score = np.zeros(n_blocks)
    cdef double[::1] tmp = np.zeros(4 * K)
    cdef double[::1] lse = np.zeros(n), iscr = np.zeros(3 * K)
    cdef double[::1] xsq = np.zeros(p), xs = np.zeros(p if fit_intercept else 1)
    cdef double[::1] pi = np.zeros(K)
    cdef double[::1] V0 = np.zeros(K * p if fit_intercept else 1)
    cdef unsigned char[::1] order = np.zeros(n_blocks * sizeof(Scored), dtype=np.uint8)
    cdef unsigned char[::1] screened = np.zeros(max(n_blocks, 1), dtype=np.uint8)
    cdef unsigned char[::1] feat_off = np.zeros(max(p, 1), dtype=np.uint8)
    cdef double[::1] Dx = np.zeros(max(K * n, 1) if extrapolate else 1)
    cdef double[::1] Mx = np.zeros(max(n, 1) if extrapolate else 1)
    pb.n = n
    pb.p = p
    pb.K = K
    pb.sparse = is_sparse
    pb.group = group
    pb.fit_intercept = fit_intercept
    pb.indices = &indices[0]
    pb.indptr = &indptr[0]
    pb.y = &y[0]
    pb.s = &s[0]
    w.Z = &Z[0]
    w.P = &P[0]
    w.U = &U[0]
    w.V = &V[0]
    w.Qf = &Qf[0]
    w.Xsq = &Xsq[0]
    w.hess = NULL
    w.hess_blocks = 0
    w.lapack = &lapack[0]
    w.lwork = lwork
    w.R = &R[0]
    w.D = &D[0]
    w.M = &M[0]
    w.G = &G[0]
    w.gb = &gb[0]
    w.db = &db[0]
    w.hb = &hb[0]
    w.ws = &ws[0]
    w.wg = &wg[0]
    w.wd = &wd[0]
    w.wh = &wh[0]
    w.score = &score[0]
    w.order = <Scored *> &order[0]
    w.tmp = &tmp[0]
    w.lse = &lse[0]
    w.iscr = &iscr[0]
    w.xsq = &xsq[0]
    w.xs = &xs[0]
    w.pi = &pi[0]
    w.V0 = &V0[0]
    w.has_V0 = False
    w.screen = screen
    w.screened = &screened[0]
    w.feat_off = &feat_off[0]
    w.extrapolate = extrapolate
    w.hist = NULL
    w.hist_len = 0
    w.Dx = &Dx[0]
    w.Mx = &Mx[0]
    w.exact_crawl = 0.0
    w.exact_singular = False
    pb.S = 0.0
    pb.n_pos = 0
    w.newton_dec = -1.0
    try:
        with nogil:
            for q in range(n):
                pb.S += s[q]
                if s[q] > 0.0:
                    pb.n_pos += 1
                pi[y[q]] += s[q]
            if pb.S > 0.0:
                for k in range(K):
                    pi[k] /= pb.S
            for k in range(p):
                xsq[k] = _dot_sq(&pb, &data[0], k, &s[0])
                if fit_intercept:
                    xs[k] = _dot(&pb, &data[0], k, &s[0])
            _scores(&pb, &data[0], &W[0], &b[0], &w)
            _refresh(&pb, &w)
            for a in range(l1s.shape[0]):
                pb.l1 = l1s[a]
                pb.l2 = l2s[a]
                converged[a] = _solve(&pb, &data[0], &W[0], &b[0], &w, tol_abs,
                                      max_iter, &gaps[a], &n_iters[a])
                for k in range(K):
                    for q in range(p):
                        screened_out[a * size + k * p + q] = _is_screened(
                            &pb, &w, k, <int> q)
                for q in range(size):
                    coefs[a * size + q] = W[q]
                for k in range(K):
                    intercepts[a * K + k] = b[k]
    finally:
        free(w.hess)
        free(w.hist)
