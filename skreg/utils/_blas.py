"""One-thread BLAS for the duration of a solver call, safe under threads.

threadpoolctl's limits are process-wide: two fits that each set and then
restore the limit from their own threads would interleave badly (the first
to finish re-enables threaded BLAS under the other, and the last to finish
"restores" the limit the other had set, leaving BLAS single-threaded for the
rest of the process).  Here the limit is reference counted: the first solver
in sets it, the last one out restores the original.
"""

import threading
from contextlib import contextmanager

from threadpoolctl import ThreadpoolController

_lock = threading.Lock()
_active = 0
_limiter = None
_controller = None


@contextmanager
def single_threaded_blas():
    """Limit BLAS to one thread while any solver inside this context runs.

    The solvers' BLAS calls are small (level 1, or products of a few hundred
    columns); a multi-threaded BLAS spends more time waking and spinning its
    threads than computing, and parallelism comes from running fits in
    threads or processes instead (``n_jobs``).
    """
    global _active, _limiter, _controller
    with _lock:
        if _controller is None:
            _controller = ThreadpoolController()
        if _active == 0:
            _limiter = _controller.limit(limits=1, user_api="blas")
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                _limiter.restore_original_limits()
                _limiter = None
