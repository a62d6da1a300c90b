"""Sparse logistic regression benchmark: time to relative suboptimality <= 1e-6.

Run from the repository root (under the shared benchmark lock)::

    flock -x /tmp/skreg-cpu.lock .venv/bin/python benchmarks/bench_logistic.py

Objective, the same for every solver (no intercept)::

    P(w) = sum_i log(1 + exp(-y_i x_i w)) + n * lambda * ||w||_1

(the mean loss plus lambda times the L1 norm, times n), with
``C = 1 / (n * lambda)`` for scikit-learn, celer and skreg, and
``alpha = lambda`` for skglm.  Multinomial (d): the softmax cross-entropy
summed over the samples plus ``n * lambda`` times the L1 norm of W.

For each problem, the reference ``P*`` is the lowest objective reached by
skreg and celer (liblinear for the path) at a very tight tolerance.  For each
solver the tolerance is lowered by half-decades until its solution satisfies
``(P - P*) / P* <= 1e-6``; that tolerance is then timed ``--repeat`` times,
the solvers interleaved round by round, each call after an idle pause
(``_timing.timed``), and the minimum and median are printed with the
ratio to the fastest peer's minimum.  saga is scanned until one call takes
more than ``--saga-cap`` seconds; if it has not reached the target by then
it is reported as "never" with the suboptimality it reached.

Problems (issue 14):
  (a) dense AR(1) rho=0.5, n=1000, p=5000, 50 true features,
      lambda = lambda_max / 20;
  (b) sparse 20000 x 50000, density 0.1 %, lambda_max / 20;
  (c) as (a) at lambda_max / 100;
  (d) multinomial, 5000 x 1000 (AR(1) rho=0.5), 10 classes,
      lambda_max / 20 (scikit-learn's saga is the only peer); then skreg
      alone with penalty_type="group" (sum of the L2 norms of the features'
      coefficient rows) at that penalty's lambda_max / 20, with its time
      over the entrywise fit's;
  (e) a 50-C path on (a)'s data from lambda_max to lambda_max / 20,
      warm-started, against one fit at the path's last (largest) C.
"""

import argparse
import time
import warnings

import numpy as np
from _timing import timed
from scipy import sparse
from scipy.special import log_softmax
from sklearn import linear_model as sk
from sklearn.exceptions import ConvergenceWarning

import skreg
from skreg.linear_model._logistic import _binary_path, _kernel_design

try:
    import celer
except ImportError:  # pragma: no cover - optional peer
    celer = None
try:
    import skglm
except ImportError:  # pragma: no cover - optional peer
    skglm = None

TARGET = 1e-6
TOLS = [t * f for t in (1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10)
        for f in (1.0, 0.3)]  # fmt: skip


# --------------------------------------------------------------------------
# problems
# --------------------------------------------------------------------------


def ar1_design(n, p, rho, rng):
    """Gaussian columns with corr(x_j, x_k) = rho^|j-k|, Fortran-ordered."""
    X = np.empty((n, p), order="F")
    X[:, 0] = rng.standard_normal(n)
    scale = np.sqrt(1 - rho**2)
    for j in range(1, p):
        X[:, j] = rho * X[:, j - 1] + scale * rng.standard_normal(n)
    return X


def binary_labels(X, n_nonzero, rng):
    coef = np.zeros(X.shape[1])
    coef[rng.choice(X.shape[1], n_nonzero, replace=False)] = rng.standard_normal(
        n_nonzero
    )
    margin = np.asarray(X @ coef).ravel()
    margin /= max(np.std(margin), 1e-12)
    return np.where(margin + 0.5 * rng.standard_normal(X.shape[0]) > 0, 1.0, -1.0)


def lambda_max(X, y):
    """Smallest lambda with w = 0 optimal (gradient of the mean loss at 0)."""
    return np.max(np.abs(np.asarray(X.T @ y).ravel())) / (2 * X.shape[0])


def multinomial_problem(rng):
    X = ar1_design(5000, 1000, 0.5, rng)
    W = np.zeros((1000, 10))
    rows = rng.choice(1000, 50, replace=False)
    W[rows] = rng.standard_normal((50, 10))
    scores = X @ W + rng.gumbel(size=(5000, 10))
    y = scores.argmax(axis=1)
    Y = (y[:, None] == np.arange(10)).astype(float)
    lam = np.max(np.abs(X.T @ (Y - 0.1))) / X.shape[0]
    return X, y, lam


def make_problems(only):
    rng = np.random.default_rng(0)
    problems = {}
    X = ar1_design(1000, 5000, 0.5, rng)
    y = binary_labels(X, 50, rng)
    lmax = lambda_max(X, y)
    if "a" in only:
        problems["a"] = ("(a) 1000x5000 lmax/20", X, y, lmax / 20)
    if "c" in only:
        problems["c"] = ("(c) 1000x5000 lmax/100", X, y, lmax / 100)
    if "e" in only:
        problems["e"] = (
            "(e) path 50 C 1000x5000",
            X,
            y,
            np.geomspace(lmax, lmax / 20, 50),
        )
    if "b" in only:
        Xs = sparse.random(
            20000, 50000, density=1e-3, format="csc", random_state=1,
            data_rvs=rng.standard_normal,
        )  # fmt: skip
        ys = binary_labels(Xs, 50, rng)
        problems["b"] = (
            "(b) sparse 20000x50000 lmax/20",
            Xs,
            ys,
            lambda_max(Xs, ys) / 20,
        )
    if "d" in only:
        Xm, ym, lam = multinomial_problem(rng)
        problems["d"] = ("(d) multinomial 5000x1000x10", Xm, ym, lam / 20)
    return {key: problems[key] for key in only if key in problems}


def objective(X, y, coef, lam):
    n = X.shape[0]
    if coef.ndim == 2:  # multinomial, coef (K, p)
        Y = (y[:, None] == np.arange(coef.shape[0])).astype(float)
        Z = np.asarray(X @ coef.T)
        return -np.sum(Y * log_softmax(Z, axis=1)) + n * lam * np.abs(coef).sum()
    margin = y * np.asarray(X @ coef).ravel()
    return np.sum(np.logaddexp(0.0, -margin)) + n * lam * np.abs(coef).sum()


# --------------------------------------------------------------------------
# solvers: each returns coef (p,) for binary, (K, p) for multinomial, a list
# of coefs for the path
# --------------------------------------------------------------------------


def _sk(solver, X, y, lam, tol, max_iter):
    C = 1.0 / (X.shape[0] * lam)
    model = sk.LogisticRegression(
        l1_ratio=1.0, C=C, solver=solver, fit_intercept=False, tol=tol,
        max_iter=max_iter,
    ).fit(X, y)  # fmt: skip
    return model.coef_ if model.coef_.shape[0] > 1 else model.coef_.ravel()


def _skreg(X, y, lam, tol):
    C = 1.0 / (X.shape[0] * lam)
    model = skreg.LogisticRegression(
        l1_ratio=1.0, C=C, solver="saga", fit_intercept=False, tol=tol,
        max_iter=10**4,
    ).fit(X, y)  # fmt: skip
    return model.coef_ if model.coef_.shape[0] > 1 else model.coef_.ravel()


def _celer(X, y, lam, tol):
    C = 1.0 / (X.shape[0] * lam)
    return celer.LogisticRegression(C=C, tol=tol).fit(X, y).coef_.ravel()


def _skglm(X, y, lam, tol):
    model = skglm.SparseLogisticRegression(
        alpha=lam, fit_intercept=False, tol=tol, max_iter=100
    )
    return model.fit(X, y).coef_.ravel()


SINGLE = {
    "skreg": _skreg,
    "liblinear": lambda X, y, lam, tol: _sk("liblinear", X, y, lam, tol, 10**5),
    "saga": lambda X, y, lam, tol: _sk("saga", X, y, lam, tol, 10**5),
}
if celer is not None:
    SINGLE["celer"] = _celer
if skglm is not None:
    SINGLE["skglm"] = _skglm
MULTI = {"skreg": _skreg, "saga": SINGLE["saga"]}


def _path_skreg(X, y, lams, tol):
    n = X.shape[0]
    coefs, *_ = _binary_path(
        _kernel_design(X), y, n * np.asarray(lams), l1_ratio=1.0,
        sample_weight=None, fit_intercept=False, tol=tol, max_iter=10**4,
    )  # fmt: skip
    return list(coefs)


def _path_liblinear(X, y, lams, tol):
    coefs = []
    for lam in lams:  # liblinear has no warm start
        coefs.append(_sk("liblinear", X, y, lam, tol, 10**5))
    return coefs


def _path_celer(X, y, lams, tol):
    n = X.shape[0]
    _, coefs, _ = celer.celer_path(X, y, "logreg", alphas=n * np.asarray(lams), tol=tol)
    return list(coefs.T)


def _path_skglm(X, y, lams, tol):
    model = skglm.SparseLogisticRegression(
        alpha=lams[0], fit_intercept=False, tol=tol, warm_start=True, max_iter=100
    )
    coefs = []
    for lam in lams:
        coefs.append(model.set_params(alpha=lam).fit(X, y).coef_.ravel().copy())
    return coefs


PATH = {"skreg": _path_skreg, "liblinear": _path_liblinear}
if celer is not None:
    PATH["celer"] = _path_celer
if skglm is not None:
    PATH["skglm"] = _path_skglm


# --------------------------------------------------------------------------
# measurement
# --------------------------------------------------------------------------


def suboptimality(X, y, lam, result, ref):
    if np.ndim(lam):
        values = [objective(X, y, c, a) for c, a in zip(result, lam, strict=True)]
        return max((v - r) / r for v, r in zip(values, ref, strict=True))
    return (objective(X, y, result, lam) - ref) / ref


def reference(X, y, lam, solvers):
    """Lowest objective (per lambda for a path) over tight-tolerance runs."""
    best = None
    tight = {"skreg": 1e-13, "celer": 1e-12, "liblinear": 1e-12}
    for name, tol in tight.items():
        if name not in solvers or (name == "liblinear" and not np.ndim(lam)):
            continue
        result = solvers[name](X, y, lam, tol)
        if np.ndim(lam):
            values = np.array(
                [objective(X, y, c, a) for c, a in zip(result, lam, strict=True)]
            )
        else:
            values = objective(X, y, result, lam)
        best = values if best is None else np.minimum(best, values)
    return best


def loosest_tol(name, solve, X, y, lam, ref, cap):
    sub, elapsed = np.inf, 0.0
    for tol in TOLS:
        start = time.perf_counter()
        result = solve(X, y, lam, tol)
        elapsed = time.perf_counter() - start
        sub = suboptimality(X, y, lam, result, ref)
        if sub <= TARGET:
            return tol, sub, elapsed
        if name == "saga" and elapsed > cap:
            break
    return None, sub, elapsed


def run(problem_keys, repeat, saga_cap, skip=()):
    problems = make_problems(problem_keys)
    header = (
        f"{'problem':32s} {'solver':9s} {'tol':>8s} {'subopt':>9s} {'min s':>8s} "
        f"{'median s':>8s} {'/best peer':>10s}"
    )
    print(header)
    print("-" * len(header))
    single_last = {}
    for key in problem_keys:
        label, X, y, lam = problems[key]
        if np.ndim(lam):
            solvers = PATH
        elif key == "d":
            solvers = MULTI
        else:
            solvers = SINGLE
        solvers = {name: f for name, f in solvers.items() if name not in skip}
        ref = reference(X, y, lam, solvers)
        chosen = {
            name: loosest_tol(name, solve, X, y, lam, ref, saga_cap)
            for name, solve in solvers.items()
        }
        times = {name: [] for name in solvers}
        for _ in range(repeat):
            for name, solve in solvers.items():
                tol = chosen[name][0]
                if tol is None:
                    continue
                # Slow solvers are timed once (the scan already timed them).
                if times[name] and chosen[name][2] > 20:
                    continue
                times[name].append(timed(solve, X, y, lam, tol))
        peers = [min(t) for name, t in times.items() if name != "skreg" and t]
        best_peer = min(peers) if peers else np.nan
        for name in solvers:
            tol, sub, elapsed = chosen[name]
            if tol is None:
                print(
                    f"{label:32s} {name:9s} {'never':>8s} {sub:9.1e} "
                    f"{'>' + format(elapsed, '.1f'):>8s}"
                )
                continue
            t = np.array(times[name])
            print(
                f"{label:32s} {name:9s} {tol:8.0e} {sub:9.1e} {t.min():8.3f} "
                f"{np.median(t):8.3f} {t.min() / best_peer:10.2f}"
            )
        if key == "d" and times["skreg"]:
            group_row(X, y, min(times["skreg"]), repeat)
        if key == "e" and times["skreg"]:
            # One fit at the path's last C, to the same accuracy.
            last = float(lam[-1])
            ref_last = reference(X, y, last, {"skreg": SINGLE["skreg"]})
            tol, _, _ = loosest_tol("skreg", _skreg, X, y, last, ref_last, saga_cap)
            single = [timed(_skreg, X, y, last, tol) for _ in range(repeat)]
            single_last["e"] = min(single)
            print(
                f"{'(e) one fit at the last C':32s} {'skreg':9s} {tol:8.0e} "
                f"{'':9s} {min(single):8.3f} {'':8s} "
                f"path/fit {min(times['skreg']) / min(single):.2f}"
            )
        print()


def _group_objective(X, y, coef, lam):
    Y = (y[:, None] == np.arange(coef.shape[0])).astype(float)
    Z = np.asarray(X @ coef.T)
    penalty = np.linalg.norm(coef, axis=0).sum()
    return -np.sum(Y * log_softmax(Z, axis=1)) + X.shape[0] * lam * penalty


def _skreg_group(X, y, lam, tol):
    C = 1.0 / (X.shape[0] * lam)
    model = skreg.LogisticRegression(
        l1_ratio=1.0, C=C, solver="saga", fit_intercept=False, tol=tol,
        max_iter=10**4, penalty_type="group",
    ).fit(X, y)  # fmt: skip
    return model.coef_


def group_row(X, y, entrywise_time, repeat):
    """(d) with ``penalty_type="group"`` (the L2 norm of each feature's
    coefficients over the classes; no peer has it) at lambda_max / 20 for
    that penalty, to 1e-6 like the rest; the ratio is to skreg's entrywise
    fit of (d)."""
    Y = (y[:, None] == np.arange(y.max() + 1)).astype(float)
    G = np.asarray(X.T @ (Y - 1.0 / Y.shape[1]))  # the gradient at W = 0
    lam = np.linalg.norm(G, axis=1).max() / X.shape[0] / 20
    ref = _group_objective(X, y, _skreg_group(X, y, lam, 1e-13), lam)
    for tol in TOLS:
        sub = (_group_objective(X, y, _skreg_group(X, y, lam, tol), lam) - ref) / ref
        if sub <= TARGET:
            break
    t = np.array([timed(_skreg_group, X, y, lam, tol) for _ in range(repeat)])
    print(
        f"{'(d) group penalty, lmax_g/20':32s} {'skreg':9s} {tol:8.0e} {sub:9.1e} "
        f"{t.min():8.3f} {np.median(t):8.3f} group/entrywise "
        f"{t.min() / entrywise_time:.2f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", default="abcde")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--saga-cap", type=float, default=30.0)
    parser.add_argument(
        "--skip", default="", help="comma-separated solvers not to run, e.g. saga"
    )
    args = parser.parse_args()
    warnings.simplefilter("ignore", ConvergenceWarning)
    warnings.simplefilter("ignore", FutureWarning)
    skip = [name for name in args.skip.split(",") if name]
    run(list(args.problems), args.repeat, args.saga_cap, skip)


if __name__ == "__main__":
    main()
