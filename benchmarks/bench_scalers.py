"""fit_transform time of skreg's scalers against scikit-learn's and X.copy().

Data: 200000 x 100, float64, float32, and float64 with 5 % NaN.  Every
contender runs once per round, in a shuffled order, for several rounds
(interleaved, so drifts of a noisy machine hit all of them alike); the table
reports the median time and its ratio to scikit-learn's.

skreg's transform uses OpenMP threads; the "skreg, 1 thread" row limits it
to one thread with threadpoolctl, for a like-for-like single-core figure.

Run alone: ``python benchmarks/bench_scalers.py [--rounds 15]``.
"""

import argparse
import time

import numpy as np
from sklearn import preprocessing as sk
from threadpoolctl import threadpool_limits

import skreg


def make_data(kind, n_samples=200_000, n_features=100, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, n_features)) * 3.0 + 10.0
    if kind == "float32":
        X = X.astype(np.float32)
    elif kind == "5% NaN":
        X[rng.random(X.shape) < 0.05] = np.nan
    return X


def single_thread(fn):
    def run():
        with threadpool_limits(limits=1, user_api="openmp"):
            return fn()

    return run


def contenders(X, scaler):
    return {
        "scikit-learn": lambda: getattr(sk, scaler)().fit_transform(X),
        "skreg": lambda: getattr(skreg, scaler)().fit_transform(X),
        "skreg, 1 thread": single_thread(
            lambda: getattr(skreg, scaler)().fit_transform(X)
        ),
        "X.copy()": lambda: X.copy(),
    }


def measure(runs, rounds, seed=0):
    rng = np.random.default_rng(seed)
    times = {name: [] for name in runs}
    for fn in runs.values():  # warm-up: imports, first page faults
        fn()
    for _ in range(rounds):
        for name in rng.permutation(list(runs)):
            start = time.perf_counter()
            runs[name]()
            times[name].append(time.perf_counter() - start)
    return {name: float(np.median(t)) for name, t in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    header = f"{'scaler':<15} {'data':<8} {'contender':<16} {'median s':>9} {'vs sklearn':>11}"
    print(header)
    print("-" * len(header))
    for scaler in ("StandardScaler", "MinMaxScaler"):
        for kind in ("float64", "float32", "5% NaN"):
            X = make_data(kind)
            medians = measure(contenders(X, scaler), args.rounds)
            reference = medians["scikit-learn"]
            for name, seconds in medians.items():
                print(
                    f"{scaler:<15} {kind:<8} {name:<16} {seconds:>9.4f} "
                    f"{seconds / reference:>10.2f}x"
                )
    print(
        f"\n200000 x 100, median of {args.rounds} interleaved rounds; skreg {skreg.__version__}"
    )


if __name__ == "__main__":
    main()
