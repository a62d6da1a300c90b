"""Argument checks shared by the coordinate-descent kernels' entry points.

``_cd.enet_path_cd`` and ``_cd_gram.enet_path_gram`` take the same path
arguments; both validate them here, before any ``nogil`` code, so that a bad
value is a ValueError naming it rather than an overflow or a kernel reading
garbage.
"""

import numpy as np


def check_path_arguments(l1s, l2s, tol_abs, max_iter, seed):
    """Validate the penalties, tolerance and counters of a path solve.

    Returns the penalties as contiguous float64 arrays.  ``max_iter`` and
    ``seed`` are range-checked because the kernels take them as C ``int``
    and ``unsigned int``.
    """
    l1s = np.ascontiguousarray(l1s, dtype=np.float64)
    l2s = np.ascontiguousarray(l2s, dtype=np.float64)
    if l1s.ndim != 1 or l1s.shape != l2s.shape or l1s.shape[0] < 1:
        raise ValueError("l1s and l2s must be 1-D arrays of the same length.")
    if not (np.all(np.isfinite(l1s)) and np.all(np.isfinite(l2s))):
        raise ValueError("The penalties must be finite.")
    if np.any(l1s < 0) or np.any(l2s < 0):
        raise ValueError("The penalties must be non-negative.")
    if not np.isfinite(tol_abs) or tol_abs < 0:
        raise ValueError("tol_abs must be a finite non-negative number.")
    if not 1 <= int(max_iter) < 2**31:
        raise ValueError("max_iter must be in [1, 2**31).")
    if not 0 <= int(seed) < 2**32:
        raise ValueError("seed must be in [0, 2**32).")
    return l1s, l2s
