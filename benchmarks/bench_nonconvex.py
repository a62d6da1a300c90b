"""An MCP regularization path: skreg against skglm.

Dense AR(1) design (``Cov(x_i, x_j) = rho^|i-j|``, rho 0.5), n=2000,
p=5000, 50 true features (coefficients 1 at equally spaced indices), noise
at SNR 1, no intercept.  Objective at each alpha::

    1/(2n) ||y - X w||^2 + MCP_{alpha, gamma}(w),  gamma = 3

along 50 alphas from alpha_max to alpha_max / 100 (log grid), each fit
warm-started from the previous one: skreg's :func:`sparse_regression_path`
and skglm's ``MCPRegression(warm_start=True)`` refitted alpha by alpha.
Both stop on the same criterion: the largest distance of the gradient to
the (Clarke) subdifferential at most ``tol`` (skreg's ``tol`` is relative to
alpha_max, so it is given ``tol / alpha_max``).  The table gives the time of
the whole path, the ratio to skglm's, the sum of the objectives over the
path (lower is better: both find stationary points, not necessarily the
same ones) and the number of nonzeros at the last alpha.

Run: ``python benchmarks/bench_nonconvex.py [--tols 1e-4 1e-6]``.
"""

import argparse
import time

import numpy as np
from _timing import cool_down

from skreg import sparse_regression_path
from skreg.linear_model._sparse_path import penalty_value

N_SAMPLES, N_FEATURES, N_TRUE, RHO, SNR = 2000, 5000, 50, 0.5, 1.0
GAMMA, N_ALPHAS, RATIO = 3.0, 50, 0.01


def make_problem(seed=0):
    rng = np.random.default_rng(seed)
    X = np.empty((N_SAMPLES, N_FEATURES), order="F")
    X[:, 0] = rng.standard_normal(N_SAMPLES)
    innovation = np.sqrt(1.0 - RHO**2)
    for j in range(1, N_FEATURES):
        X[:, j] = RHO * X[:, j - 1] + innovation * rng.standard_normal(N_SAMPLES)
    beta = np.zeros(N_FEATURES)
    beta[np.round(np.linspace(0, N_FEATURES - 1, N_TRUE)).astype(int)] = 1.0
    signal = X @ beta
    y = signal + np.sqrt(signal.var() / SNR) * rng.standard_normal(N_SAMPLES)
    return X, y


def objectives(X, y, alphas, coefs):
    residuals = y[:, None] - X @ coefs
    datafit = np.einsum("ij,ij->j", residuals, residuals) / (2 * X.shape[0])
    penalties = [
        penalty_value("mcp", c, alpha=a, gamma=GAMMA)
        for a, c in zip(alphas, coefs.T, strict=True)
    ]
    return datafit + np.asarray(penalties)


def skreg_path(X, y, alphas, tol):
    alpha_max = alphas[0]
    _, coefs, _ = sparse_regression_path(
        X, y, penalty="mcp", gamma=GAMMA, alphas=alphas, tol=tol / alpha_max,
        max_iter=10_000,
    )  # fmt: skip
    return coefs


def skglm_path(X, y, alphas, tol):
    from skglm import MCPRegression

    model = MCPRegression(
        alpha=alphas[0], gamma=GAMMA, tol=tol, fit_intercept=False, warm_start=True,
        max_iter=10_000,
    )  # fmt: skip
    coefs = np.empty((X.shape[1], alphas.size))
    for k, alpha in enumerate(alphas):
        model.set_params(alpha=alpha).fit(X, y)
        coefs[:, k] = model.coef_
    return coefs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tols", type=float, nargs="+", default=[1e-4, 1e-6])
    args = parser.parse_args()
    X, y = make_problem()
    alpha_max = np.max(np.abs(X.T @ y)) / X.shape[0]
    alphas = alpha_max * np.geomspace(1.0, RATIO, N_ALPHAS)
    # numba compiles skglm's solver on its first call: not timed.
    skglm_path(X[:200, :300], y[:200], alphas[:2], 1e-4)
    print(
        f"MCP path, gamma={GAMMA}, {N_ALPHAS} alphas to alpha_max/{1 / RATIO:.0f}: "
        f"n={N_SAMPLES}, p={N_FEATURES}, AR(1) rho={RHO}, {N_TRUE} true, SNR {SNR}"
    )
    print(
        f"{'tol':>7s} {'method':8s} {'time s':>8s} {'ratio':>6s} "
        f"{'sum objective':>15s} {'nnz last':>8s}"
    )
    for tol in args.tols:
        rows = {}
        for name, solver in (("skglm", skglm_path), ("skreg", skreg_path)):
            cool_down()
            start = time.perf_counter()
            coefs = solver(X, y, alphas, tol)
            elapsed = time.perf_counter() - start
            total = float(objectives(X, y, alphas, coefs).sum())
            rows[name] = (elapsed, total, int(np.count_nonzero(coefs[:, -1])))
        for name, (elapsed, total, nnz) in rows.items():
            ratio = elapsed / rows["skglm"][0]
            print(
                f"{tol:7.0e} {name:8s} {elapsed:8.2f} {ratio:6.2f} "
                f"{total:15.10f} {nnz:8d}"
            )


if __name__ == "__main__":
    main()
