# Penalties of the coordinate-descent engine: small pieces the solvers
# combine with a datafit (skreg/_datafits.pxd).  Each is a struct with its
# strengths; the functions below dispatch on the fused type ``Penalty`` at
# compile time, so a solver specialized for one penalty carries no branch
# for the others.  All are separable: pen(w) = sum_j pen_j(w_j).
#
# For each penalty:
#   value            pen_j(w_j)
#   prox             argmin_u (u - z)^2 / (2 step) + pen_j(u)
#   subdiff_distance distance of -grad_j to the subdifferential of pen_j at
#                    w_j (0 iff coordinate j satisfies its KKT condition;
#                    ranks the features for the working set)
#   dual_level       the level ``l`` of the dual constraint |x_j^T theta| <= l
#                    (INFINITY: no constraint), which gives alpha_max
#                    (max_j |grad_j(0)| / l_j per unit alpha) and the scaling
#                    of the dual point
#   conjugate        pen_j^*(u) for a u inside the dual constraint (the dual
#                    objective's penalty term)
# Adding a penalty is one struct, its branches here and its registration in
# the fused type and in skreg/_cd.pyx's entry point.
from libc.math cimport INFINITY, fabs


ctypedef struct L1:
    # alpha * |w_j|
    double alpha
    bint positive


ctypedef struct ElasticNet:
    # alpha * (l1_ratio * |w_j| + (1 - l1_ratio) / 2 * w_j^2)
    double alpha
    double l1_ratio
    bint positive


ctypedef struct L2:
    # alpha / 2 * w_j^2
    double alpha


ctypedef struct WeightedL1:
    # alpha * weights_j * |w_j|; weights_j = 0: w_j is never penalized
    double alpha
    const double *weights
    bint positive


ctypedef fused Penalty:
    L1
    ElasticNet
    L2
    WeightedL1


cdef inline double _soft(double z, double t) noexcept nogil:
    if z > t:
        return z - t
    if z < -t:
        return z + t
    return 0.0


cdef inline double pen_l1_level(Penalty *pen, int j) noexcept nogil:
    """The L1 strength of coordinate j (0 for L2)."""
    if Penalty is L1:
        return pen.alpha
    elif Penalty is ElasticNet:
        return pen.alpha * pen.l1_ratio
    elif Penalty is WeightedL1:
        return pen.alpha * pen.weights[j]
    else:
        return 0.0


cdef inline double pen_l2_level(Penalty *pen, int j) noexcept nogil:
    """The L2 strength of coordinate j (pen_j holds l2 / 2 * w_j^2)."""
    if Penalty is ElasticNet:
        return pen.alpha * (1.0 - pen.l1_ratio)
    elif Penalty is L2:
        return pen.alpha
    else:
        return 0.0


cdef inline bint pen_positive(Penalty *pen) noexcept nogil:
    if Penalty is L2:
        return False
    else:
        return pen.positive


cdef inline double pen_value(Penalty *pen, int j, double w) noexcept nogil:
    return pen_l1_level(pen, j) * fabs(w) + 0.5 * pen_l2_level(pen, j) * w * w


cdef inline double pen_prox(Penalty *pen, int j, double z,
                            double step) noexcept nogil:
    cdef double l1 = pen_l1_level(pen, j) * step
    if pen_positive(pen):
        z = z - l1
        if z < 0.0:
            z = 0.0
    else:
        z = _soft(z, l1)
    return z / (1.0 + step * pen_l2_level(pen, j))


cdef inline double pen_subdiff_distance(Penalty *pen, int j, double w,
                                        double grad) noexcept nogil:
    # distance(-grad, d pen_j(w))
    cdef double l1 = pen_l1_level(pen, j)
    cdef double g = grad + pen_l2_level(pen, j) * w
    if w > 0.0:
        return fabs(g + l1)
    if w < 0.0:
        return fabs(g - l1)
    if pen_positive(pen):
        # d pen_j(0) = (-inf, l1] for w >= 0
        return -g - l1 if -g > l1 else 0.0
    return fabs(g) - l1 if fabs(g) > l1 else 0.0


cdef inline double pen_dual_level(Penalty *pen, int j) noexcept nogil:
    if Penalty is L2:
        return INFINITY
    elif Penalty is ElasticNet:
        return INFINITY if pen.l1_ratio < 1.0 else pen.alpha
    elif Penalty is WeightedL1:
        # An unpenalized coordinate's dual constraint is x_j^T theta = 0,
        # which no scaling reaches: it is left out of the scaling (its
        # gradient vanishes at the solution, so the gap still closes).
        return pen.alpha * pen.weights[j] if pen.weights[j] > 0.0 else INFINITY
    else:
        return pen.alpha


cdef inline double pen_conjugate(Penalty *pen, int j, double u) noexcept nogil:
    # pen_j^*(u) = sup_w u w - pen_j(w), finite inside the dual constraint
    cdef double l1 = pen_l1_level(pen, j), l2 = pen_l2_level(pen, j), e
    if pen_positive(pen):
        e = u - l1
        if e < 0.0:
            e = 0.0
    else:
        e = fabs(u) - l1
        if e < 0.0:
            e = 0.0
    if l2 > 0.0:
        return 0.5 * e * e / l2
    return 0.0


# --------------------------------------------------------------------------
# The penalties of the fast quadratic solver (skreg/_cd.pyx, enet_path_cd)
# --------------------------------------------------------------------------
# A fused type of its own: the fast solver is instantiated for these only,
# so a penalty added to ``Penalty`` for the generic solver (a nonconvex one,
# with no dual constraint to screen with) leaves its instantiations alone.
# That solver sees the elastic net as a Lasso on the augmented design
# [X; sqrt(l2) I]: the ridge part belongs to its datafit, and the dual keeps
# the L1 constraint |x_j^T theta - l2 w_j| <= l1 that screening needs.
ctypedef fused ScreenedPenalty:
    L1
    ElasticNet
    WeightedL1


cdef inline double pen_cd_update(ScreenedPenalty *pen, int j, double z,
                                 double lipschitz) noexcept nogil:
    # argmin_u lipschitz / 2 u^2 - z u + pen_j(u): coordinate descent's
    # update, with z = lipschitz * w_j - grad_j (the prox, in the form that
    # divides once)
    cdef double l1 = pen_l1_level(pen, j)
    if pen_positive(pen):
        return (z - l1) / (lipschitz + pen_l2_level(pen, j)) if z > l1 else 0.0
    return _soft(z, l1) / (lipschitz + pen_l2_level(pen, j))


# The L1 level of coordinate j is screened_l1 * screened_weight_j, which is
# also the level of its augmented dual constraint; a weight of 0 leaves the
# coordinate unpenalized (free: no dual constraint, never screened).  For
# the members that weigh every coordinate alike the weight is the constant
# 1, which the compiler folds away.
cdef inline double screened_l1(ScreenedPenalty *pen) noexcept nogil:
    # the scale of the L1 levels (0: no constraint, a ridge, where nothing
    # is screened)
    if ScreenedPenalty is WeightedL1:
        return pen.alpha
    else:
        return pen_l1_level(pen, 0)


cdef inline double screened_weight(ScreenedPenalty *pen, int j) noexcept nogil:
    # coordinate j's multiplier of the L1 level
    if ScreenedPenalty is WeightedL1:
        return pen.weights[j]
    else:
        return 1.0


cdef inline double screened_l2(ScreenedPenalty *pen) noexcept nogil:
    # the ridge level, part of the augmented datafit
    return pen_l2_level(pen, 0)


cdef inline double screened_value(ScreenedPenalty *pen, double l1norm,
                                  double l2norm) noexcept nogil:
    # pen(w) from the weighted sum_j screened_weight_j |w_j| and ||w||_2^2
    return screened_l1(pen) * l1norm + 0.5 * screened_l2(pen) * l2norm
