# Scalar twins of skreg/_thresholds.py for the Cython kernels (inlined, nogil).
from cython cimport floating
from libc.math cimport fabs


cdef inline floating soft_threshold(floating z, floating t) noexcept nogil:
    # sign(z) * max(|z| - t, 0)
    if z > t:
        return z - t
    if z < -t:
        return z + t
    return 0.0


cdef inline floating hard_threshold_penalized(floating z, floating t) noexcept nogil:
    # keep z where z^2 > 2 t
    return z if z * z > 2.0 * t else 0.0


cdef inline floating l2_shrink(floating z, floating t) noexcept nogil:
    return z / (1.0 + t)
