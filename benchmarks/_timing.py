"""Shared timing rule of the benchmarks: let the machine go idle first.

NumPy and SciPy each ship an OpenBLAS; after a multi-threaded call, its
worker threads busy-wait (about 0.1 s) for more work.  When methods are timed
back to back, the next method -- often another library's -- then shares the
cores with those spinning threads: measured here, skreg's Ridge fit took
139-164 ms right after the bare NumPy/SciPy closed form and 105 ms after an
idle pause, and its Lasso on 100000 x 100 lost 12 % beside NumPy's threads.
A user runs one library at a time, so each timed call starts from an idle
machine: ``cool_down()`` sleeps past the spin window.
"""

import time

# Longer than OpenBLAS's default busy-wait window (2^28 cycles, ~0.1 s).
COOL_DOWN_SECONDS = 0.3


def cool_down():
    time.sleep(COOL_DOWN_SECONDS)


def timed(func, *args):
    """Seconds one ``func(*args)`` takes, started from an idle machine."""
    cool_down()
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start
