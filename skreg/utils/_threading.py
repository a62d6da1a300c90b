"""skreg's one threading policy: BLAS limits and OpenMP thread counts.

Every solver call enters :func:`solver_threads`, which decides both for the
duration of the call and yields the number of OpenMP threads its kernel may
use; kernels take that number as an argument (as scikit-learn's KMeans takes
``_openmp_effective_n_threads()``) and keep no process-wide state.

* BLAS: threadpoolctl's limits are process-wide, so two fits that each set
  and restore a limit from their own threads would interleave badly.  One
  shared state decides instead: BLAS is limited to one thread while any fit
  asks for it, or while two or more fits run at once; the original limits
  come back when neither holds.  The solvers' BLAS calls are small (level 1,
  or products of a few hundred columns) and a multi-threaded BLAS spends
  more time waking and spinning its threads than computing, except on tall
  dense data, whose level-1 calls are long enough to split.
* OpenMP: a kernel splits its passes over threads only while it is the only
  fit running and its BLAS is single-threaded: concurrent fits already keep
  the cores busy, and a threaded BLAS already splits the work.
* Stateless kernels (the scalers) ask :func:`kernel_threads` for a count
  given the size of their work.
"""

import threading
from contextlib import contextmanager

from sklearn.utils._openmp_helpers import _openmp_effective_n_threads
from threadpoolctl import ThreadpoolController

_lock = threading.Lock()
_running = 0  # fits inside solver_threads
_always_limited = 0  # fits that asked for single-threaded BLAS
_limiter = None
_controller = None


def _apply():
    """Set or lift the one-thread BLAS limit to match the state (under _lock)."""
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
def solver_threads(*, threaded_blas=False):
    """Register a solver call; yield the OpenMP threads its kernel may use.

    Parameters
    ----------
    threaded_blas : bool, default=False
        Leave BLAS multi-threaded while this is the only fit running (for
        solvers whose BLAS calls are long: the Lasso on tall dense data).
        As soon as another fit runs, BLAS drops to one thread for both, so
        concurrent fits never oversubscribe the cores.  When False, BLAS is
        limited to one thread for the duration of the call.

    Yields
    ------
    n_threads : int
        1 when another fit runs or BLAS may be threaded, else the effective
        OpenMP thread count (honouring ``OMP_NUM_THREADS`` and threadpoolctl).
    """
    global _running, _always_limited
    limited = not threaded_blas
    with _lock:
        _running += 1
        _always_limited += limited
        _apply()
        alone = _running == 1
    try:
        yield _openmp_effective_n_threads() if alone and limited else 1
    finally:
        with _lock:
            _running -= 1
            _always_limited -= limited
            _apply()


def single_threaded_blas():
    """:func:`solver_threads` with BLAS limited to one thread."""
    return solver_threads(threaded_blas=False)


def threaded_blas_when_alone():
    """:func:`solver_threads` leaving BLAS threaded while this fit is alone."""
    return solver_threads(threaded_blas=True)


def kernel_threads(work, min_work):
    """OpenMP threads for a stateless kernel of ``work`` elements.

    1 below ``min_work`` (a parallel region would cost more than it saves)
    or while a fit runs in this process; else the effective thread count.
    """
    if work < min_work:
        return 1
    with _lock:
        busy = _running > 0
    return 1 if busy else _openmp_effective_n_threads()
