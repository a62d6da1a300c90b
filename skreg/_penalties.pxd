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
#   kkt_score        the solver's stationarity score of coordinate j, in
#                    gradient units: the subdifferential distance (Clarke's
#                    for MCP and SCAD, whose fixed points of coordinate
#                    descent satisfy it whatever the step); for Lp, whose
#                    Clarke subdifferential at 0 is the whole line, the
#                    fixed-point residual of a coordinate step,
#                    L_j |w_j - prox_{1/L_j}(w_j - g_j / L_j)| with L_j the
#                    coordinate's curvature bound (0 iff w_j is a fixed point
#                    of coordinate descent)
# Adding a penalty is one struct, its branches here and its registration in
# the fused type and in skreg/_cd.pyx's entry point.
from libc.math cimport INFINITY, acos, acosh, cos, cosh, fabs, pow, sqrt


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


ctypedef struct MCP:
    # minimax concave penalty (Zhang, 2010), gamma > 0:
    # alpha |w_j| - w_j^2 / (2 gamma) for |w_j| <= gamma alpha,
    # gamma alpha^2 / 2 beyond
    double alpha
    double gamma
    const double *weights  # per-feature alpha multipliers (NULL: ones)
    bint positive


ctypedef struct SCAD:
    # smoothly clipped absolute deviation (Fan and Li, 2001), gamma > 2:
    # alpha |w_j| for |w_j| <= alpha,
    # (2 gamma alpha |w_j| - w_j^2 - alpha^2) / (2 (gamma - 1)) up to
    # gamma alpha, alpha^2 (gamma + 1) / 2 beyond
    double alpha
    double gamma
    const double *weights
    bint positive


ctypedef struct Lp:
    # alpha |w_j|^p, 0 < p < 1
    double alpha
    double p
    const double *weights
    bint positive


ctypedef struct WeightedElasticNet:
    # alpha weights_j (l1_ratio |w_j| + (1 - l1_ratio) / 2 w_j^2);
    # weights_j = 0: w_j is never penalized
    double alpha
    double l1_ratio
    const double *weights
    bint positive


ctypedef fused Penalty:
    L1
    ElasticNet
    L2
    WeightedL1
    MCP
    SCAD
    Lp
    WeightedElasticNet


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
    elif Penalty is WeightedElasticNet:
        return pen.alpha * pen.l1_ratio * pen.weights[j]
    else:
        return 0.0


cdef inline double pen_l2_level(Penalty *pen, int j) noexcept nogil:
    """The L2 strength of coordinate j (pen_j holds l2 / 2 * w_j^2)."""
    if Penalty is ElasticNet:
        return pen.alpha * (1.0 - pen.l1_ratio)
    elif Penalty is L2:
        return pen.alpha
    elif Penalty is WeightedElasticNet:
        return pen.alpha * (1.0 - pen.l1_ratio) * pen.weights[j]
    else:
        return 0.0


cdef inline bint pen_positive(Penalty *pen) noexcept nogil:
    if Penalty is L2:
        return False
    else:
        return pen.positive


cdef inline double pen_value(Penalty *pen, int j, double w) noexcept nogil:
    if Penalty is MCP:
        return _mcp_value(_level(pen, j), pen.gamma, w)
    elif Penalty is SCAD:
        return _scad_value(_level(pen, j), pen.gamma, w)
    elif Penalty is Lp:
        return _level(pen, j) * pow(fabs(w), pen.p)
    else:
        return pen_l1_level(pen, j) * fabs(w) + 0.5 * pen_l2_level(pen, j) * w * w


cdef inline double pen_prox(Penalty *pen, int j, double z,
                            double step) noexcept nogil:
    cdef double l1 = pen_l1_level(pen, j) * step
    if Penalty is MCP or Penalty is SCAD or Penalty is Lp:
        if pen.positive and z <= 0.0:
            return 0.0
        if Penalty is MCP:
            return _mcp_prox(_level(pen, j), pen.gamma, z, step)
        elif Penalty is SCAD:
            return _scad_prox(_level(pen, j), pen.gamma, z, step)
        else:
            return _lp_prox(_level(pen, j) * step, pen.p, z)
    if pen_positive(pen):
        z = z - l1
        if z < 0.0:
            z = 0.0
    else:
        z = _soft(z, l1)
    return z / (1.0 + step * pen_l2_level(pen, j))


cdef inline double pen_subdiff_distance(Penalty *pen, int j, double w,
                                        double grad) noexcept nogil:
    # distance(-grad, d pen_j(w)); for the nonconvex penalties d is
    # Clarke's subdifferential: the derivative where w != 0; at 0,
    # [-alpha, alpha] for MCP and SCAD and the whole line for Lp (every
    # w_j = 0 is stationary for Lp: the solver ranks by kkt_score instead)
    cdef double l1 = pen_l1_level(pen, j)
    cdef double g = grad + pen_l2_level(pen, j) * w
    if Penalty is MCP or Penalty is SCAD or Penalty is Lp:
        if w != 0.0:
            return fabs(grad + _nonconvex_derivative(pen, j, w))
        if Penalty is Lp:
            return 0.0
        l1 = _level(pen, j)
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
    elif Penalty is WeightedElasticNet:
        if pen.l1_ratio < 1.0:
            return INFINITY
        return pen.alpha * pen.weights[j] if pen.weights[j] > 0.0 else INFINITY
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
    # Nonconvex: no dual, so no screening; the solver stops on pen_kkt_score
    # (pen_has_gap is False) and scales them by its pen_scale.
    MCP
    SCAD
    Lp


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
    if ScreenedPenalty is L1 or ScreenedPenalty is ElasticNet:
        return pen_l1_level(pen, 0)
    else:
        return pen.alpha


cdef inline double screened_weight(ScreenedPenalty *pen, int j) noexcept nogil:
    # coordinate j's multiplier of the L1 level
    if ScreenedPenalty is WeightedL1:
        return pen.weights[j]
    elif ScreenedPenalty is L1 or ScreenedPenalty is ElasticNet:
        return 1.0
    else:
        return 1.0 if pen.weights == NULL else pen.weights[j]


cdef inline double screened_l2(ScreenedPenalty *pen) noexcept nogil:
    # the ridge level, part of the augmented datafit
    return pen_l2_level(pen, 0)


cdef inline double screened_value(ScreenedPenalty *pen, double l1norm,
                                  double l2norm) noexcept nogil:
    # pen(w) from the weighted sum_j screened_weight_j |w_j| and ||w||_2^2
    return screened_l1(pen) * l1norm + 0.5 * screened_l2(pen) * l2norm


# --------------------------------------------------------------------------
# Stationarity without a duality gap (the generic solver, skreg/_cd.pyx)
# --------------------------------------------------------------------------

cdef inline double pen_kkt_score(Penalty *pen, int j, double w, double grad,
                                 double lip) noexcept nogil:
    """Stationarity score of coordinate j (see the header); ``lip`` is the
    coordinate's curvature bound L_j (unused by the convex penalties)."""
    if Penalty is Lp:
        if lip <= 0.0:
            return 0.0
        return lip * fabs(w - pen_prox(pen, j, w - grad / lip, 1.0 / lip))
    else:
        return pen_subdiff_distance(pen, j, w, grad)


cdef inline bint pen_has_gap(Penalty *pen) noexcept nogil:
    """True when the penalty is convex: the solver stops on the duality gap;
    otherwise on max_j kkt_score_j."""
    if Penalty is MCP or Penalty is SCAD or Penalty is Lp:
        return False
    else:
        return True


# --- the nonconvex penalties' scalar pieces --------------------------------

cdef inline double _level(Penalty *pen, int j) noexcept nogil:
    # alpha times feature j's weight, for the nonconvex penalties
    if Penalty is MCP or Penalty is SCAD or Penalty is Lp:
        return pen.alpha if pen.weights == NULL else pen.alpha * pen.weights[j]
    else:
        return pen.alpha


cdef inline double _nonconvex_derivative(Penalty *pen, int j,
                                         double w) noexcept nogil:
    # d pen_j / d w at w != 0
    cdef double a = fabs(w), s = 1.0 if w > 0.0 else -1.0, lam = _level(pen, j)
    if Penalty is MCP:
        return s * lam - w / pen.gamma if a < pen.gamma * lam else 0.0
    elif Penalty is SCAD:
        if a <= lam:
            return s * lam
        if a < pen.gamma * lam:
            return s * (pen.gamma * lam - a) / (pen.gamma - 1.0)
        return 0.0
    elif Penalty is Lp:
        return s * lam * pen.p * pow(a, pen.p - 1.0)
    else:
        return 0.0


cdef inline double _mcp_value(double lam, double gamma, double w) noexcept nogil:
    cdef double a = fabs(w)
    if a <= gamma * lam:
        return lam * a - 0.5 * a * a / gamma
    return 0.5 * gamma * lam * lam


cdef inline double _scad_value(double lam, double gamma, double w) noexcept nogil:
    cdef double a = fabs(w)
    if a <= lam:
        return lam * a
    if a <= gamma * lam:
        return (2.0 * gamma * lam * a - a * a - lam * lam) / (2.0 * (gamma - 1.0))
    return 0.5 * lam * lam * (gamma + 1.0)


cdef inline double _signed(double u, double z) noexcept nogil:
    return u if z >= 0.0 else -u


cdef inline double _mcp_prox(double lam, double gamma, double z,
                             double step) noexcept nogil:
    # argmin_u (u - z)^2 / (2 step) + MCP(u).  For step < gamma the problem
    # is convex on each side of 0: firm thresholding.  Otherwise it is
    # concave on [0, gamma lam]: the minimizer is 0 or max(|z|, gamma lam).
    cdef double a = fabs(z), u
    if step < gamma:
        if a <= step * lam:
            return 0.0
        if a <= gamma * lam:
            return _signed((a - step * lam) / (1.0 - step / gamma), z)
        return z
    u = a if a > gamma * lam else gamma * lam
    if 0.5 * a * a / step <= 0.5 * (u - a) * (u - a) / step + _mcp_value(lam, gamma, u):
        return 0.0
    return _signed(u, z)


cdef inline double _scad_objective(double lam, double gamma, double a, double step,
                                   double u) noexcept nogil:
    return 0.5 * (u - a) * (u - a) / step + _scad_value(lam, gamma, u)


cdef inline double _scad_prox(double lam, double gamma, double z,
                              double step) noexcept nogil:
    # argmin_u (u - z)^2 / (2 step) + SCAD(u): the best of the minimizers
    # over its three pieces ([0, lam], [lam, gamma lam], [gamma lam, inf));
    # on the middle piece the objective is convex iff step < gamma - 1 (else
    # its minimum is at an end, which the outer pieces already hold).
    cdef double a = fabs(z), best, val, u, cand
    u = a - step * lam
    u = 0.0 if u < 0.0 else (lam if u > lam else u)
    best = _scad_objective(lam, gamma, a, step, u)
    cand = a if a > gamma * lam else gamma * lam
    val = _scad_objective(lam, gamma, a, step, cand)
    if val < best:
        best = val
        u = cand
    if step < gamma - 1.0:
        cand = (a - step * gamma * lam / (gamma - 1.0)) / (1.0 - step / (gamma - 1.0))
        cand = lam if cand < lam else (gamma * lam if cand > gamma * lam else cand)
        val = _scad_objective(lam, gamma, a, step, cand)
        if val < best:
            u = cand
    return _signed(u, z)


cdef inline double _lp_newton(double mu, double p, double a,
                              double u) noexcept nogil:
    # Newton on h(u) = u - a + mu p u^(p-1), convex and increasing right of
    # its minimum: from a start right of the root, the iterates decrease
    # monotonically to it.
    cdef int it
    cdef double h, dh, step
    for it in range(100):
        h = u - a + mu * p * pow(u, p - 1.0)
        dh = 1.0 - mu * p * (1.0 - p) * pow(u, p - 2.0)
        if h <= 0.0 or dh <= 0.0:
            break
        step = h / dh
        u -= step
        if step <= 4e-16 * u:
            break
    return u


cdef inline double _lp_prox(double mu, double p, double z) noexcept nogil:
    # argmin_u (u - z)^2 / 2 + mu |u|^p, 0 < p < 1.  It is 0 up to the
    # threshold tau = (2 - p) / (2 - 2p) (2 mu (1 - p))^(1 / (2 - p)) and
    # jumps there to the largest root of u - |z| + mu p u^(p - 1) = 0.
    # Closed forms at p = 1/2 (Xu et al., 2012) and p = 2/3 (Cao, Sun and
    # Xu, 2013), polished by Newton steps; Newton from |z| otherwise.
    cdef double a = fabs(z), tau, u, phi, A, lam
    if mu <= 0.0:
        return z
    tau = (2.0 - p) / (2.0 - 2.0 * p) * pow(2.0 * mu * (1.0 - p), 1.0 / (2.0 - p))
    if a <= tau:
        return 0.0
    if p == 0.5:
        phi = acos(0.25 * mu * pow(a / 3.0, -1.5))
        u = 2.0 / 3.0 * a * (1.0 + cos(2.0 * 3.141592653589793 / 3.0
                                       - 2.0 / 3.0 * phi))
    elif fabs(p - 2.0 / 3.0) < 1e-15:
        lam = 2.0 * mu
        phi = acosh(27.0 / 16.0 * a * a * pow(lam, -1.5))
        A = 2.0 / sqrt(3.0) * pow(lam, 0.25) * sqrt(cosh(phi / 3.0))
        u = 0.5 * (A + sqrt(2.0 * a / A - A * A))
        u = u * u * u
    else:
        u = a
    # Newton's monotone iterates need a start at or right of the root.
    if u - a + mu * p * pow(u, p - 1.0) < 0.0:
        u = a
    return _signed(_lp_newton(mu, p, a, u), z)
