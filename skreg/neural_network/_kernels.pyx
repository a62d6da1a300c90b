# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
# cython: initializedcheck=False
# distutils: extra_compile_args = -O3 -fopenmp -fno-math-errno
"""Fused kernels of the MLP's training step (one pass instead of many).

Profiling the NumPy version of a training step showed the elementwise work
of Adam (about twelve ufunc passes over the flat parameter vector), batch
normalization (eight passes and several reductions) and dropout (a float
uniform per unit) costing as much as the matrix products.  Each kernel here
does the same arithmetic in one or two passes.

Every ``def`` entry point checks shapes, dtypes and contiguity and raises
``ValueError`` before calling its ``nogil`` kernel; the kernels index only
within the shapes checked there, which is why bounds checking is off for
this module.  The kernels run for tens of microseconds, so the GIL is not
released around them (converting the arguments needs it anyway).
Column statistics are accumulated in float64 whatever the data dtype.
"""

import numpy as np

cimport cython
from cython cimport floating
from libc.math cimport sqrt


def _check(array, shape, dtype, name):
    if not isinstance(array, np.ndarray) or array.shape != shape:
        raise ValueError(f"{name} must be an array of shape {shape}.")
    if array.dtype != dtype or not array.flags.c_contiguous:
        raise ValueError(f"{name} must be a C-contiguous {np.dtype(dtype)} array.")
    if not array.flags.writeable:
        raise ValueError(f"{name} must be writeable.")


# --------------------------------------------------------------------------
# Adam
# --------------------------------------------------------------------------

cdef void _adam(floating[::1] params, const floating[::1] grads,
                floating[::1] m, floating[::1] v, double beta_1,
                double beta_2, double step_size, double epsilon) noexcept nogil:
    # The moments are convex combinations ``b m + (1 - b) g`` (scikit-learn's
    # form): once g^2 overflows to inf in float32, v stays inf and the step
    # m / (sqrt(v) + eps) is 0, whereas the form ``v += c (g^2 - v)`` would
    # compute inf - inf = NaN on the next step.
    cdef Py_ssize_t i
    cdef floating g
    cdef floating b1 = <floating>beta_1
    cdef floating b2 = <floating>beta_2
    cdef floating c1 = <floating>(1.0 - beta_1)
    cdef floating c2 = <floating>(1.0 - beta_2)
    cdef floating step = <floating>step_size
    cdef floating eps = <floating>epsilon
    for i in range(params.shape[0]):
        g = grads[i]
        m[i] = b1 * m[i] + c1 * g
        v[i] = b2 * v[i] + c2 * (g * g)
        params[i] -= step * m[i] / (<floating>sqrt(v[i]) + eps)


@cython.boundscheck(True)
@cython.wraparound(True)
def adam_step(params, grads, m, v, double beta_1, double beta_2,
              double step_size, double epsilon):
    """In place: ``m = b1 m + (1-b1) g``, ``v = b2 v + (1-b2) g^2``,
    ``params -= step_size * m / (sqrt(v) + epsilon)``."""
    shape = np.shape(params)
    dtype = getattr(params, "dtype", None)
    if dtype not in (np.float32, np.float64) or len(shape) != 1:
        raise ValueError("params must be a 1-D float32 or float64 array.")
    for array, name in ((params, "params"), (grads, "grads"), (m, "m"), (v, "v")):
        _check(array, shape, dtype, name)
    if dtype == np.float32:
        _adam[float](params, grads, m, v, beta_1, beta_2, step_size, epsilon)
    else:
        _adam[double](params, grads, m, v, beta_1, beta_2, step_size, epsilon)


# --------------------------------------------------------------------------
# Batch normalization
# --------------------------------------------------------------------------

cdef void _bn_forward(const floating[:, ::1] z, const floating[::1] gamma,
                      const floating[::1] beta, double eps,
                      floating[:, ::1] xhat, floating[:, ::1] out,
                      floating[::1] mean, floating[::1] var,
                      floating[::1] inv_std, double[::1] acc) noexcept nogil:
    # Row pointers in the inner loops: plain contiguous loops over j that
    # gcc vectorizes (the memoryview indexing of all seven arrays did not).
    cdef Py_ssize_t i, j, n = z.shape[0], p = z.shape[1]
    cdef const floating* zr
    cdef floating* xr
    cdef floating* outr
    cdef double* a = &acc[0]
    cdef floating* mu = &mean[0]
    cdef floating* s = &inv_std[0]
    cdef const floating* ga = &gamma[0]
    cdef const floating* be = &beta[0]
    cdef double d
    for j in range(p):
        a[j] = 0.0
    for i in range(n):
        zr = &z[i, 0]
        for j in range(p):
            a[j] += zr[j]
    for j in range(p):
        mu[j] = <floating>(a[j] / n)
        a[j] = 0.0
    # second pass on the centered values: no cancellation in the variance
    for i in range(n):
        zr = &z[i, 0]
        for j in range(p):
            d = zr[j] - mu[j]
            a[j] += d * d
    for j in range(p):
        var[j] = <floating>(a[j] / n)
        s[j] = <floating>(1.0 / sqrt(a[j] / n + eps))
    for i in range(n):
        zr = &z[i, 0]
        xr = &xhat[i, 0]
        outr = &out[i, 0]
        for j in range(p):
            xr[j] = (zr[j] - mu[j]) * s[j]
            outr[j] = xr[j] * ga[j] + be[j]


@cython.boundscheck(True)
@cython.wraparound(True)
def batchnorm_forward(z, gamma, beta, double eps, xhat, out, mean, var,
                      inv_std, acc):
    """Training-mode batch norm of ``z`` (n, p): batch ``mean``, biased
    ``var``, ``inv_std = 1/sqrt(var + eps)``, ``xhat`` and
    ``out = gamma * xhat + beta``.  ``acc`` is float64 scratch of length p."""
    dtype = getattr(z, "dtype", None)
    if dtype not in (np.float32, np.float64) or np.ndim(z) != 2:
        raise ValueError("z must be a 2-D float32 or float64 array.")
    n, p = z.shape
    if n < 1:
        raise ValueError("batch norm needs at least one row.")
    if not z.flags.c_contiguous:
        raise ValueError("z must be C-contiguous.")
    for array, name in ((gamma, "gamma"), (beta, "beta"), (mean, "mean"),
                        (var, "var"), (inv_std, "inv_std")):
        _check(array, (p,), dtype, name)
    _check(xhat, (n, p), dtype, "xhat")
    _check(out, (n, p), dtype, "out")
    _check(acc, (p,), np.float64, "acc")
    if dtype == np.float32:
        _bn_forward[float](z, gamma, beta, eps, xhat, out, mean, var,
                           inv_std, acc)
    else:
        _bn_forward[double](z, gamma, beta, eps, xhat, out, mean, var,
                            inv_std, acc)


cdef void _bn_backward(floating[:, ::1] g, const floating[:, ::1] xhat,
                       const floating[::1] gamma, const floating[::1] inv_std,
                       floating[::1] grad_gamma, floating[::1] grad_beta,
                       bint need_input_grad, double[::1] acc_beta,
                       double[::1] acc_gamma) noexcept nogil:
    cdef Py_ssize_t i, j, n = g.shape[0], p = g.shape[1]
    cdef floating* gr
    cdef const floating* xr
    cdef double* ab = &acc_beta[0]
    cdef double* ag = &acc_gamma[0]
    cdef const floating* ga = &gamma[0]
    cdef const floating* s = &inv_std[0]
    cdef floating scale
    for j in range(p):
        ab[j] = 0.0
        ag[j] = 0.0
    for i in range(n):
        gr = &g[i, 0]
        xr = &xhat[i, 0]
        for j in range(p):
            ab[j] += gr[j]
            ag[j] += gr[j] * xr[j]
    for j in range(p):
        grad_beta[j] = <floating>ab[j]
        grad_gamma[j] = <floating>ag[j]
    if not need_input_grad:
        return
    # dz = gamma inv_std (g - dbeta/n - xhat dgamma/n), as per-column
    # factors: dz = c1 g - c2 - c3 xhat, with c1 = gamma inv_std,
    # c2 = c1 dbeta/n and c3 = c1 dgamma/n (kept in the accumulators).
    for j in range(p):
        scale = gamma[j] * inv_std[j]
        ab[j] = scale * ab[j] / n
        ag[j] = scale * ag[j] / n
    for i in range(n):
        gr = &g[i, 0]
        xr = &xhat[i, 0]
        for j in range(p):
            gr[j] = ga[j] * s[j] * gr[j] - <floating>ab[j] - <floating>ag[j] * xr[j]


@cython.boundscheck(True)
@cython.wraparound(True)
def batchnorm_backward(g, xhat, gamma, inv_std, grad_gamma, grad_beta,
                       bint need_input_grad, acc_beta, acc_gamma):
    """Batch-norm gradients: ``grad_beta = sum(g)``, ``grad_gamma =
    sum(g xhat)`` and, when asked, the input gradient written over ``g``."""
    dtype = getattr(g, "dtype", None)
    if dtype not in (np.float32, np.float64) or np.ndim(g) != 2:
        raise ValueError("g must be a 2-D float32 or float64 array.")
    n, p = g.shape
    _check(g, (n, p), dtype, "g")
    if not (isinstance(xhat, np.ndarray) and xhat.shape == (n, p)
            and xhat.dtype == dtype and xhat.flags.c_contiguous):
        raise ValueError(f"xhat must be a C-contiguous {dtype} array of shape g's.")
    for array, name in ((gamma, "gamma"), (inv_std, "inv_std"),
                        (grad_gamma, "grad_gamma"), (grad_beta, "grad_beta")):
        _check(array, (p,), dtype, name)
    _check(acc_beta, (p,), np.float64, "acc_beta")
    _check(acc_gamma, (p,), np.float64, "acc_gamma")
    if dtype == np.float32:
        _bn_backward[float](g, xhat, gamma, inv_std, grad_gamma, grad_beta,
                            need_input_grad, acc_beta, acc_gamma)
    else:
        _bn_backward[double](g, xhat, gamma, inv_std, grad_gamma, grad_beta,
                             need_input_grad, acc_beta, acc_gamma)


# --------------------------------------------------------------------------
# Dropout
# --------------------------------------------------------------------------

cdef void _dropout(const floating[:, ::1] x, const unsigned short[:, ::1] bits,
                   unsigned short threshold, floating scale,
                   floating[:, ::1] out, floating[:, ::1] scaled_mask) noexcept nogil:
    cdef Py_ssize_t i, j
    cdef floating keep
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            keep = scale if bits[i, j] >= threshold else 0
            scaled_mask[i, j] = keep
            out[i, j] = x[i, j] * keep


@cython.boundscheck(True)
@cython.wraparound(True)
def dropout_forward(x, bits, threshold, double scale, out, scaled_mask):
    """``out = x * scaled_mask`` with ``scaled_mask = scale`` where
    ``bits >= threshold`` (16-bit uniform integers) and 0 elsewhere."""
    dtype = getattr(x, "dtype", None)
    if dtype not in (np.float32, np.float64) or np.ndim(x) != 2:
        raise ValueError("x must be a 2-D float32 or float64 array.")
    # Checked as a Python int: a C int argument would overflow first.
    if not isinstance(threshold, (int, np.integer)) or not 0 <= threshold <= 65535:
        raise ValueError("threshold must be an integer in [0, 65535].")
    shape = x.shape
    if not x.flags.c_contiguous:
        raise ValueError("x must be C-contiguous.")
    if not (isinstance(bits, np.ndarray) and bits.shape == shape
            and bits.dtype == np.uint16 and bits.flags.c_contiguous):
        raise ValueError("bits must be a C-contiguous uint16 array of x's shape.")
    _check(out, shape, dtype, "out")
    _check(scaled_mask, shape, dtype, "scaled_mask")
    if dtype == np.float32:
        _dropout[float](x, bits, <unsigned short>threshold, <float>scale, out, scaled_mask)
    else:
        _dropout[double](x, bits, <unsigned short>threshold, scale, out, scaled_mask)
