"""BLAS threading for the duration of a solver call, safe under threads.

threadpoolctl's limits are process-wide: two fits that each set and then
restore the limit from their own threads would interleave badly (the first
to finish re-enables threaded BLAS under the other, and the last to finish
"restores" the limit the other had set, leaving BLAS single-threaded for the
rest of the process).  Here one shared state decides: BLAS is limited to one
thread while any fit asks for it (:func:`single_threaded_blas`) or while two
or more fits run at once; the original limits come back when neither holds.
"""

import threading
from contextlib import contextmanager

from threadpoolctl import ThreadpoolController

_lock = threading.Lock()
_running = 0  # fits inside either context
_always_limited = 0  # fits inside single_threaded_blas
_limiter = None
_controller = None


def _apply():
    """Set or lift the one-thread limit to match the state (under _lock)."""
    global _limiter, _controller
    want = _always_limited > 0 or _running >= 2
    if want and _limiter is None:
        if _controller is None:
            _controller = ThreadpoolController()
        _limiter = _controller.limit(limits=1, user_api="blas")
    elif not want and _limiter is not None:
        _limiter.restore_original_limits()
        _limiter = None


@contextmanager
def _registered(always_limited):
    global _running, _always_limited
    with _lock:
        _running += 1
        _always_limited += always_limited
        _apply()
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            _always_limited -= always_limited
            _apply()


def single_threaded_blas():
    """Limit BLAS to one thread while the solver inside this context runs.

    The solvers' BLAS calls are small (level 1, or products of a few hundred
    columns); a multi-threaded BLAS spends more time waking and spinning its
    threads than computing, and parallelism comes from running fits in
    threads or processes instead (``n_jobs``).
    """
    return _registered(True)


def threaded_blas_when_alone():
    """Leave BLAS multi-threaded while this is the only fit running.

    For solvers whose BLAS calls are long enough to split (the Lasso on tall
    dense data); as soon as another fit runs in this process, BLAS drops to
    one thread for both, so concurrent fits never oversubscribe the cores.
    """
    return _registered(False)
