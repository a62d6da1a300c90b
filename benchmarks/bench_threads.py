"""Two Lasso fits in two threads against the same two fits in a row.

Run from the repository root (under the shared benchmark lock)::

    flock /tmp/skreg-bench.lock env PYTHONPATH=$PWD python benchmarks/bench_threads.py

The coordinate-descent kernel releases the GIL, so on a machine with two
free cores two fits in two threads should take about half the time of the
same two fits in a row (the acceptance target is <= 0.7x).

Problem: 2000 x 3000 Gaussian design with AR(1) correlation 0.5, two
targets with 30 true nonzeros each, alpha = alpha_max / 100, tol = 1e-8.
Three pairs of fits are timed:

* the same fit twice, for each target: two fits of equal work, so the
  ratio measures parallelism alone (0.5 is perfect);
* the two different fits: their supports differ (about 730 and 1000
  features) and so does their work, so even perfect parallelism cannot go
  below ``longest fit / both fits``, printed as "bound" (measured from the
  serial run, each fit timed alone).

And two configurations:

* defaults: a fit running alone splits its passes over X across OpenMP
  threads, so the "serial" baseline already uses both cores part of the
  time (and two fits at once run one thread each);
* one thread per fit (``threadpool_limits(1)``: OpenMP and BLAS), where the
  serial baseline really is serial.

The serial and threaded runs are interleaved round by round so machine
noise hits both alike; minimum and median over ``--repeat`` rounds.
"""

import argparse
import os
import threading
import time

import numpy as np
from threadpoolctl import threadpool_limits

import skreg

PAIRS = {
    "same fit twice (target 0)": (0, 0),
    "same fit twice (target 1)": (1, 1),
    "two different fits": (0, 1),
}


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


def measure(X, ys, alphas, pair, repeat):
    """Wall times of ``pair`` in a row and in two threads, over ``repeat`` rounds.

    Returns the serial and threaded times, the bound ``longest / both`` from
    the serial run, and the CPU seconds per wall second of the threaded run.
    """

    def fit(k):
        skreg.Lasso(alpha=alphas[k], tol=1e-8).fit(X, ys[k])

    fit(pair[0])  # warm-up: thread pools, page faults
    serial, threaded, bound, cores_used = [], [], [], []
    for _ in range(repeat):
        alone = []
        for k in pair:
            start = time.perf_counter()
            fit(k)
            alone.append(time.perf_counter() - start)
        serial.append(sum(alone))
        bound.append(max(alone) / sum(alone))
        threads = [threading.Thread(target=fit, args=(k,)) for k in pair]
        start, cpu_start = time.perf_counter(), time.process_time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        threaded.append(time.perf_counter() - start)
        # ~2 when the two fits really run at once, ~1 when they are
        # serialized (a held GIL, or only one free core on a busy machine).
        cores_used.append((time.process_time() - cpu_start) / threaded[-1])
    return np.array(serial), np.array(threaded), np.array(bound), np.array(cores_used)


def report(title, X, ys, alphas, repeat):
    print(title)
    header = (
        f"{'pair':27s} {'serial min':>10s} {'median':>7s} {'threads min':>11s} "
        f"{'median':>7s} {'ratio min':>9s} {'median':>7s} {'bound':>6s} {'cores':>6s}"
    )
    print(header)
    print("-" * len(header))
    for label, pair in PAIRS.items():
        serial, threaded, bound, cores = measure(X, ys, alphas, pair, repeat)
        print(
            f"{label:27s} {serial.min():10.3f} {np.median(serial):7.3f} "
            f"{threaded.min():11.3f} {np.median(threaded):7.3f} "
            f"{threaded.min() / serial.min():9.2f} {np.median(threaded / serial):7.2f} "
            f"{np.median(bound):6.2f} {np.median(cores):6.2f}"
        )
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    X, ys = make_problem(0)
    n = X.shape[0]
    alphas = [np.max(np.abs(X.T @ (y - y.mean()))) / n / 100 for y in ys]
    print(
        f"two Lasso fits on {X.shape[0]} x {X.shape[1]}, {args.repeat} rounds; "
        "ratio = threads / serial (target <= 0.70); bound = longest fit / both "
        "fits; cores = CPU seconds per wall second in the threaded run\n"
    )
    report("defaults", X, ys, alphas, args.repeat)
    with threadpool_limits(limits=1):
        report("one thread per fit (threadpool_limits(1))", X, ys, alphas, args.repeat)
    print(
        f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on "
        f"{os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
