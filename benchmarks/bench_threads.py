"""Two Lasso fits in two threads against the same two fits in a row.

Run from the repository root (under the shared benchmark lock)::

    flock /tmp/skreg-bench.lock env PYTHONPATH=$PWD python benchmarks/bench_threads.py

The coordinate-descent kernel releases the GIL, so on a machine with two
free cores the threaded run should take about half the serial time (the
acceptance target is <= 0.7x).  Two configurations are measured:

* defaults: a fit running alone splits its passes over X across OpenMP
  threads, so the "serial" baseline already uses both cores part of the time
  (and two fits at once run one thread each);
* one thread per fit (``threadpool_limits(1)``: OpenMP and BLAS), where the
  serial baseline really is serial: the ratio then shows what the GIL
  release alone buys.

Problem: 2000 x 3000 Gaussian design with AR(1) correlation 0.5, 30 true
nonzeros, alpha = alpha_max / 100, tol = 1e-8 (a fit of a few tenths of a
second, so thread start-up does not count).  The serial
and threaded runs are interleaved round by round so machine noise hits both
alike; the minimum and median over ``--repeat`` rounds are printed.
"""

import argparse
import os
import threading
import time

import numpy as np
from threadpoolctl import threadpool_limits

import skreg


def make_problem(seed, n=2000, p=3000, rho=0.5, n_nonzero=30):
    rng = np.random.default_rng(seed)
    X = np.empty((n, p), order="F")
    X[:, 0] = rng.standard_normal(n)
    scale = np.sqrt(1 - rho**2)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + scale * rng.standard_normal(n)
    ys = []
    for _ in range(2):
        w = np.zeros(p)
        w[rng.choice(p, n_nonzero, replace=False)] = rng.standard_normal(n_nonzero)
        signal = X @ w
        ys.append(signal + rng.standard_normal(n) * signal.std() / 3.0)
    return X, ys


def measure(X, ys, alphas, repeat):
    """Serial and threaded wall and CPU times over ``repeat`` rounds."""

    def fit(k):
        skreg.Lasso(alpha=alphas[k], tol=1e-8).fit(X, ys[k])

    fit(0)  # warm-up: imports, thread pools, page faults
    serial, threaded, cores_used = [], [], []
    serial_cpu, threaded_cpu = [], []
    for _ in range(repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        fit(0)
        fit(1)
        serial.append(time.perf_counter() - start)
        serial_cpu.append(time.process_time() - cpu_start)
        threads = [threading.Thread(target=fit, args=(k,)) for k in range(2)]
        start, cpu_start = time.perf_counter(), time.process_time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        threaded.append(time.perf_counter() - start)
        # CPU seconds of all threads per wall second: ~2 when the two fits
        # really run at once, ~1 when they are serialized (a held GIL, or
        # only one free core on a busy machine).
        threaded_cpu.append(time.process_time() - cpu_start)
        cores_used.append(threaded_cpu[-1] / threaded[-1])
    return (
        np.array(serial),
        np.array(threaded),
        np.array(serial_cpu),
        np.array(threaded_cpu),
        np.array(cores_used),
    )


def report(title, serial, threaded, serial_cpu, threaded_cpu, cores_used):
    print(title)
    print(f"{'':12s} {'min (s)':>9s} {'median (s)':>11s}")
    print(f"{'in a row':12s} {serial.min():9.3f} {np.median(serial):11.3f}")
    print(f"{'two threads':12s} {threaded.min():9.3f} {np.median(threaded):11.3f}")
    print(
        f"ratio threads / serial: min {threaded.min() / serial.min():.2f}, "
        f"median {np.median(threaded / serial):.2f} (target <= 0.70)"
    )
    print(
        f"CPU seconds per wall second in the threaded run: median "
        f"{np.median(cores_used):.2f} (2.0 = both fits running at once)"
    )
    # Total CPU work of the two fits, threaded vs in a row: ~1.0 means the
    # threads add no spinning or contention overhead, whatever the load.
    work = np.median(threaded_cpu / serial_cpu)
    print(f"CPU work threaded / in a row: median {work:.2f}")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    X, ys = make_problem(0)
    n = X.shape[0]
    alphas = [np.max(np.abs(X.T @ (y - y.mean()))) / n / 100 for y in ys]
    print(f"two Lasso fits on {X.shape[0]} x {X.shape[1]}, {args.repeat} rounds\n")
    report("defaults", *measure(X, ys, alphas, args.repeat))
    with threadpool_limits(limits=1):
        report(
            "one thread per fit (threadpool_limits(1))",
            *measure(X, ys, alphas, args.repeat),
        )
    print(
        f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on "
        f"{os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
