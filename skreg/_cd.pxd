# Declarations of skreg/_cd.pyx shared with the other kernels (cimported
# from skreg._cd; the definitions live in _cd.pyx).
from cython cimport floating

# Anderson extrapolation combines K_EXTRA + 1 successive iterates.
cdef enum:
    K_EXTRA = 5

cdef int _anderson_point(const floating *hist, Py_ssize_t length,
                         floating *out, double max_weight) noexcept nogil
