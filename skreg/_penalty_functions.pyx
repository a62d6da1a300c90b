# cython: boundscheck=False, wraparound=False
"""The engine's scalar penalty pieces (skreg/_penalties.pxd) over arrays.

For tests and for Python callers that need the exact formulas the solver
uses (values of the objective, prox, first-order conditions) without a
second copy of them.
"""
import numpy as np

from skreg._penalties cimport (L1, MCP, SCAD, Lp, pen_prox, pen_subdiff_distance,
                               pen_value)

PENALTIES = ("l1", "mcp", "scad", "lp")


def _check(penalty, gamma, p):
    if penalty not in PENALTIES:
        raise ValueError(f"penalty must be one of {PENALTIES}, got {penalty!r}.")
    if penalty == "mcp" and not 0.0 < gamma < np.inf:
        raise ValueError(f"MCP needs a finite gamma > 0, got {gamma!r}.")
    if penalty == "scad" and not 2.0 < gamma < np.inf:
        raise ValueError(f"SCAD needs a finite gamma > 2, got {gamma!r}.")
    if penalty == "lp" and not 0.0 < p < 1.0:
        raise ValueError(f"Lp needs 0 < p < 1, got {p!r}.")


cdef double _one(int what, int kind, double alpha, double gamma, double p,
                 bint positive, double x, double y) noexcept nogil:
    # what 0: value(x); 1: prox(x, step=y); 2: subdiff_distance(w=x, grad=y)
    cdef L1 l1
    cdef MCP mcp
    cdef SCAD scad
    cdef Lp lp
    l1.alpha = alpha
    l1.positive = positive
    mcp.alpha = alpha
    mcp.weights = NULL
    scad.weights = NULL
    lp.weights = NULL
    mcp.gamma = gamma
    mcp.positive = positive
    scad.alpha = alpha
    scad.gamma = gamma
    scad.positive = positive
    lp.alpha = alpha
    lp.p = p
    lp.positive = positive
    if kind == 0:
        if what == 0:
            return pen_value(&l1, 0, x)
        return pen_prox(&l1, 0, x, y) if what == 1 else pen_subdiff_distance(&l1, 0, x, y)
    if kind == 1:
        if what == 0:
            return pen_value(&mcp, 0, x)
        return pen_prox(&mcp, 0, x, y) if what == 1 else pen_subdiff_distance(&mcp, 0, x, y)
    if kind == 2:
        if what == 0:
            return pen_value(&scad, 0, x)
        return pen_prox(&scad, 0, x, y) if what == 1 else pen_subdiff_distance(&scad, 0, x, y)
    if what == 0:
        return pen_value(&lp, 0, x)
    return pen_prox(&lp, 0, x, y) if what == 1 else pen_subdiff_distance(&lp, 0, x, y)


def _apply(int what, penalty, x, y, double alpha, double gamma, double p, bint positive):
    _check(penalty, gamma, p)
    if not alpha >= 0.0:
        raise ValueError(f"alpha must be >= 0, got {alpha!r}.")
    x, y = np.broadcast_arrays(np.asarray(x, dtype=np.float64),
                               np.asarray(y, dtype=np.float64))
    shape = x.shape
    cdef const double[::1] xs = np.ascontiguousarray(x).ravel()
    cdef const double[::1] ys = np.ascontiguousarray(y).ravel()
    out_arr = np.empty(xs.shape[0])
    cdef double[::1] out = out_arr
    cdef int kind = PENALTIES.index(penalty)
    cdef Py_ssize_t i
    with nogil:
        for i in range(xs.shape[0]):
            out[i] = _one(what, kind, alpha, gamma, p, positive, xs[i], ys[i])
    return out_arr.reshape(shape)


def penalty_value(penalty, w, *, alpha, gamma=3.0, p=0.5, positive=False):
    """pen(w) elementwise."""
    return _apply(0, penalty, w, 0.0, alpha, gamma, p, positive)


def penalty_prox(penalty, z, step, *, alpha, gamma=3.0, p=0.5, positive=False):
    """argmin_u (u - z)^2 / (2 step) + pen(u) elementwise (step > 0)."""
    if np.any(np.asarray(step) <= 0):
        raise ValueError("step must be > 0.")
    return _apply(1, penalty, z, step, alpha, gamma, p, positive)


def penalty_subdiff_distance(penalty, w, grad, *, alpha, gamma=3.0, p=0.5,
                             positive=False):
    """distance(-grad, d pen(w)) elementwise (Clarke's subdifferential)."""
    return _apply(2, penalty, w, grad, alpha, gamma, p, positive)
