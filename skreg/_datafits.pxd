# Datafits of the coordinate-descent engine: F(z) = sum_i f_i(z_i) with
# z = X w, small pieces the solvers combine with a penalty
# (skreg/_penalties.pxd).  The functions dispatch on the fused type
# ``Datafit`` at compile time.
#
# For each datafit, per sample i:
#   value        f_i(z_i)
#   grad         f_i'(z_i): the coordinate gradient is x_j^T grad
#   hess         f_i''(z_i), exact (the prox-Newton inner solver's weights)
#   hess_bound   sup_z f_i''(z): a per-coordinate Lipschitz bound is
#                sum_i hess_bound_i x_ij^2
#   conjugate    f_i^*(-theta_i) for the dual point theta = -c grad(z),
#                with c in [0, 1] the dual point scaling (so the duality
#                gap is P(w) - D(theta), D = -sum_i f_i^*(-theta_i)
#                - sum_j pen_j^*(x_j^T theta)); one gap formula serves every
#                solver of this datafit.
from libc.math cimport exp, log, log1p


ctypedef struct Quadratic:
    # f_i(z) = s_i / 2 (y_i - z)^2
    const double *y
    const double *s      # sample weights (NULL: ones)


ctypedef struct Logistic:
    # f_i(z) = s_i log(1 + exp(-y_i z)), labels y_i in {-1, +1}
    const double *y
    const double *s


ctypedef fused Datafit:
    Quadratic
    Logistic


cdef inline double _weight(Datafit *df, int i) noexcept nogil:
    return 1.0 if df.s == NULL else df.s[i]


cdef inline double _log1pexp(double t) noexcept nogil:
    # log(1 + exp(t)) without overflow
    if t > 0.0:
        return t + log1p(exp(-t))
    return log1p(exp(t))


cdef inline double _sigmoid(double t) noexcept nogil:
    cdef double e
    if t >= 0.0:
        return 1.0 / (1.0 + exp(-t))
    e = exp(t)
    return e / (1.0 + e)


cdef inline double df_value(Datafit *df, int i, double z) noexcept nogil:
    cdef double r
    if Datafit is Quadratic:
        r = df.y[i] - z
        return 0.5 * _weight(df, i) * r * r
    else:
        return _weight(df, i) * _log1pexp(-df.y[i] * z)


cdef inline double df_grad(Datafit *df, int i, double z) noexcept nogil:
    if Datafit is Quadratic:
        return _weight(df, i) * (z - df.y[i])
    else:
        return -_weight(df, i) * df.y[i] * _sigmoid(-df.y[i] * z)


cdef inline double df_hess(Datafit *df, int i, double z) noexcept nogil:
    cdef double p
    if Datafit is Quadratic:
        return _weight(df, i)
    else:
        p = _sigmoid(df.y[i] * z)
        return _weight(df, i) * p * (1.0 - p)


cdef inline double df_hess_bound(Datafit *df, int i) noexcept nogil:
    if Datafit is Quadratic:
        return _weight(df, i)
    else:
        return 0.25 * _weight(df, i)


cdef inline double _xlogx(double u) noexcept nogil:
    return u * log(u) if u > 0.0 else 0.0


cdef inline double df_conjugate(Datafit *df, int i,
                                double theta) noexcept nogil:
    # f_i^*(-theta_i)
    cdef double s = _weight(df, i), u
    if s == 0.0:
        return 0.0
    if Datafit is Quadratic:
        return 0.5 * theta * theta / s - theta * df.y[i]
    else:
        # u = y_i theta_i / s_i lies in [0, 1] for theta = -c grad, c in [0, 1]
        u = df.y[i] * theta / s
        if u < 0.0:
            u = 0.0
        elif u > 1.0:
            u = 1.0
        return s * (_xlogx(u) + _xlogx(1.0 - u))


# The duality gap of the quadratic datafit F(z) = 1/2 ||y - z||^2, written
# once for every solver of it (skreg/_cd.pyx on X, skreg/_cd_gram.pyx on the
# Gram matrix).  The dual point is theta = s rho, rho a residual (augmented
# by -sqrt(l2) u for the elastic net seen as a Lasso on [X; sqrt(l2) I]):
#   D = -sum_i f_i^*(-theta_i) - sum_j pen_j^*(x_j^T theta)
#     = s y^T rho - s^2 / 2 ||rho||^2 - conj,
# with ``rho_norm2`` = ||rho||^2 (+ l2 ||u||^2 augmented) and ``conj`` the
# penalty's conjugate sum (0 for a point inside an L1 constraint).
cdef inline double quadratic_dual(double s, double y_rho, double rho_norm2,
                                  double conj) noexcept nogil:
    return s * y_rho - 0.5 * s * s * rho_norm2 - conj


cdef inline double quadratic_best_scale(double y_rho, double rho_norm2,
                                        double dual_norm,
                                        double level) noexcept nogil:
    # The s maximizing the dual along the ray s rho under s dual_norm <= level
    # (dual_norm = max_j |x_j^T rho|, in the augmented sense)
    cdef double s
    if rho_norm2 <= 0.0:
        return 0.0
    s = y_rho / rho_norm2
    if dual_norm > 0.0 and s * dual_norm > level:
        s = level / dual_norm
    if s < 0.0:
        s = 0.0
    return s
