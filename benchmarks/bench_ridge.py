"""Ridge and RidgeCV timings against scikit-learn and a bare closed form.

Run: ``flock /tmp/skreg-bench.lock env PYTHONPATH=$PWD python
benchmarks/bench_ridge.py [--repeats 7] [--blas-threads 1]``

Cases (the issue's acceptance points):

* dense 20000 x 500 and 500 x 20000: skreg Ridge (auto = cholesky) vs
  scikit-learn's Ridge (auto) vs a bare NumPy/SciPy closed form (X^T X or
  X X^T, Cholesky; no validation, no intercept: the floor for one fit);
* sparse 100000 x 10000 at 0.1 % density, intercept on: skreg 'sparse_cg' vs
  scikit-learn's 'sparse_cg' (same tol);
* RidgeCV over 30 alphas on 5000 x 300: skreg vs scikit-learn (leave-one-out
  both) and vs one skreg Ridge fit on the same data.

Methods are timed interleaved (A, B, C, A, B, C, ...) so that load changes on
a shared machine hit all of them alike; the table shows the median and the
minimum over the repeats, and ratios of medians.  Each timed call starts
after an idle pause (``_timing.cool_down``), so that no method runs beside
the previous one's busy-waiting BLAS threads.  Coefficient agreement is
printed too, so a fast wrong answer cannot go unnoticed.
"""

import argparse
import time
import warnings

import numpy as np
from _timing import cool_down
from scipy import linalg, sparse
from sklearn.linear_model import Ridge as SkRidge
from sklearn.linear_model import RidgeCV as SkRidgeCV
from threadpoolctl import threadpool_limits

from skreg.linear_model import Ridge, RidgeCV


def bare_closed_form(X, y, alpha=1.0):
    """Uncentered ridge by the normal equations: the floor for a closed form."""
    n, p = X.shape
    if n >= p:
        gram = X.T @ X
        gram[np.diag_indices(p)] += alpha
        return linalg.cho_solve(
            linalg.cho_factor(gram, overwrite_a=True, check_finite=False),
            X.T @ y,
            check_finite=False,
        )
    gram = X @ X.T
    gram[np.diag_indices(n)] += alpha
    dual = linalg.cho_solve(
        linalg.cho_factor(gram, overwrite_a=True, check_finite=False),
        y,
        check_finite=False,
    )
    return X.T @ dual


def time_interleaved(methods, repeats):
    """{name: list of seconds}, each method run once per round, in turn."""
    times = {name: [] for name in methods}
    results = {}
    for _ in range(repeats):
        for name, run in methods.items():
            cool_down()
            start = time.perf_counter()
            results[name] = run()
            times[name].append(time.perf_counter() - start)
    return times, results


def report(case, times, ratios):
    print(f"\n## {case}")
    print(f"{'method':<34}{'median s':>10}{'min s':>10}")
    for name, ts in times.items():
        print(f"{name:<34}{np.median(ts):>10.4f}{np.min(ts):>10.4f}")
    for label, (num, den) in ratios.items():
        ratio = np.median(times[num]) / np.median(times[den])
        ratio_min = np.min(times[num]) / np.min(times[den])
        print(f"  ratio {label:<40} median {ratio:5.2f}   min {ratio_min:5.2f}")


def rel_diff(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


def dense_case(n, p, repeats, rng):
    X = rng.standard_normal((n, p))
    y = X[:, :10] @ rng.standard_normal(10) + rng.standard_normal(n)
    methods = {
        "skreg Ridge (auto)": lambda: Ridge(alpha=1.0).fit(X, y),
        "sklearn Ridge (auto)": lambda: SkRidge(alpha=1.0).fit(X, y),
        "bare numpy closed form": lambda: bare_closed_form(X, y),
    }
    times, res = time_interleaved(methods, repeats)
    report(
        f"dense {n} x {p}",
        times,
        {
            "skreg / sklearn (target <= 0.8)": (
                "skreg Ridge (auto)",
                "sklearn Ridge (auto)",
            ),
            "skreg / bare (target <= 1.2)": (
                "skreg Ridge (auto)",
                "bare numpy closed form",
            ),
        },
    )
    print(
        "  coef rel. diff skreg vs sklearn: "
        f"{rel_diff(res['skreg Ridge (auto)'].coef_, res['sklearn Ridge (auto)'].coef_):.1e}"
    )


def sparse_case(repeats, rng):
    n, p, density = 100_000, 10_000, 1e-3
    X = sparse.random(
        n, p, density=density, format="csr", random_state=rng, dtype=np.float64
    )
    y = X @ rng.standard_normal(p) + 0.1 * rng.standard_normal(n)
    methods = {
        "skreg Ridge (sparse_cg)": lambda: Ridge(solver="sparse_cg").fit(X, y),
        "sklearn Ridge (sparse_cg)": lambda: SkRidge(solver="sparse_cg").fit(X, y),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        times, res = time_interleaved(methods, repeats)
    report(
        f"sparse {n} x {p}, density {density}, fit_intercept=True",
        times,
        {
            "skreg / sklearn (target <= 1.0)": (
                "skreg Ridge (sparse_cg)",
                "sklearn Ridge (sparse_cg)",
            )
        },
    )
    print(
        f"  skreg n_iter_ {res['skreg Ridge (sparse_cg)'].n_iter_}; coef rel. diff "
        f"{rel_diff(res['skreg Ridge (sparse_cg)'].coef_, res['sklearn Ridge (sparse_cg)'].coef_):.1e}"
    )


def ridgecv_case(repeats, rng):
    n, p = 5000, 300
    X = rng.standard_normal((n, p))
    y = X @ rng.standard_normal(p) + 5 * rng.standard_normal(n)
    alphas = np.logspace(-3, 4, 30)
    methods = {
        "skreg RidgeCV (30 alphas, LOO)": lambda: RidgeCV(alphas=alphas).fit(X, y),
        "sklearn RidgeCV (30 alphas, LOO)": lambda: SkRidgeCV(alphas=alphas).fit(X, y),
        "skreg Ridge (one fit)": lambda: Ridge(alpha=1.0).fit(X, y),
    }
    times, res = time_interleaved(methods, repeats)
    report(
        f"RidgeCV over 30 alphas, dense {n} x {p}",
        times,
        {
            "skreg / sklearn RidgeCV (target <= 0.7)": (
                "skreg RidgeCV (30 alphas, LOO)",
                "sklearn RidgeCV (30 alphas, LOO)",
            ),
            "skreg RidgeCV / skreg Ridge (target <= 1.5)": (
                "skreg RidgeCV (30 alphas, LOO)",
                "skreg Ridge (one fit)",
            ),
        },
    )
    ours, theirs = (
        res["skreg RidgeCV (30 alphas, LOO)"],
        res["sklearn RidgeCV (30 alphas, LOO)"],
    )
    print(
        f"  alpha_ skreg {ours.alpha_:.4g} sklearn {theirs.alpha_:.4g}; "
        f"best_score_ rel. diff {abs(ours.best_score_ / theirs.best_score_ - 1):.1e}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--cases", nargs="*", default=["dense", "sparse", "ridgecv"])
    parser.add_argument(
        "--blas-threads",
        type=int,
        default=None,
        help="limit every BLAS pool (NumPy's and SciPy's) to this many threads; "
        "1 makes timings on a busy machine comparable (no oversubscription)",
    )
    args = parser.parse_args()
    if args.blas_threads is not None:
        threadpool_limits(limits=args.blas_threads, user_api="blas")
        print(f"BLAS threads limited to {args.blas_threads}")
    rng = np.random.default_rng(0)
    if "dense" in args.cases:
        dense_case(20_000, 500, args.repeats, rng)
        dense_case(500, 20_000, args.repeats, rng)
    if "sparse" in args.cases:
        sparse_case(args.repeats, rng)
    if "ridgecv" in args.cases:
        ridgecv_case(args.repeats, rng)


if __name__ == "__main__":
    main()
