# The scalar soft threshold for the Cython kernels (inlined, nogil); the
# NumPy twin is skreg._thresholds.soft_threshold.
from cython cimport floating


cdef inline floating soft_threshold(floating z, floating t) noexcept nogil:
    # sign(z) * max(|z| - t, 0)
    if z > t:
        return z - t
    if z < -t:
        return z + t
    return 0.0
