"""Model selection with no oracle: support recovery and prediction error.

The generator of Hastie, Tibshirani and Tibshirani ("Best subset, forward
stepwise or lasso?", Statist. Sci. 2020): rows of X ~ N(0, Sigma) with
``Sigma_ij = rho^|i-j|``, ``beta`` with ``s`` entries equal to 1 at
equally spaced indices and zeros elsewhere (their beta-type 1, as their R
code: ``beta[round(seq(1, p, length = s))] = 1``), ``y = X beta + eps`` with ``eps ~ N(0, sigma^2)`` and
``sigma^2 = beta' Sigma beta / SNR``.  For each design and seed every method
fits (X, y) with no knowledge of ``beta`` or ``sigma`` (except scikit-learn's
LassoLarsIC, given the true noise as the issue's reference), and the table
gives the mean over seeds of

* F1 of the support: ``2 TP / (2 TP + FP + FN)``;
* the relative prediction error ``RPE = (b - beta)' Sigma (b - beta) /
  beta' Sigma beta``;
* the number of selected features and the fit time (seconds).

Run: ``python benchmarks/bench_selection.py [--seeds 20] [--first-seed 0]
[--designs hard easy] [--methods NAME ...]``.
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LassoCV as SkLassoCV
from sklearn.linear_model import LassoLarsIC as SkLassoLarsIC

from skreg import (
    ElasticNetIC,
    L0RegressorCV,
    L0RegressorIC,
    LassoCV,
    LassoIC,
    SparseRegressorCV,
    SparseRegressorIC,
)

DESIGNS = {
    # name: (n_samples, n_features, n_nonzero, rho, snr)
    "hard": (100, 1000, 10, 0.35, 3.52),
    "easy": (500, 100, 5, 0.7, 1.22),
}


# SCAD's gamma chosen by the criterion with alpha: from just above SCAD's
# limit of 2 (where its middle piece vanishes; beyond it the coordinate
# problems of unit-variance features stay convex) to Fan and Li's 3.7.
SCAD_GAMMAS = (2.1, 2.5, 3.0, 3.7)


def make_problem(n, p, s, rho, snr, seed):
    """One draw of the generator: X, y, beta, Sigma (rows of X ~ N(0, Sigma))."""
    rng = np.random.default_rng(seed)
    X = np.empty((n, p))
    X[:, 0] = rng.standard_normal(n)
    innovation = np.sqrt(1.0 - rho**2)
    for j in range(1, p):  # AR(1) across columns: Cov(x_i, x_j) = rho^|i-j|
        X[:, j] = rho * X[:, j - 1] + innovation * rng.standard_normal(n)
    beta = np.zeros(p)
    beta[np.round(np.linspace(0, p - 1, s)).astype(int)] = 1.0
    lags = np.abs(np.subtract.outer(np.arange(p), np.arange(p)))
    sigma_matrix = rho**lags
    signal = float(beta @ sigma_matrix @ beta)
    noise_sd = np.sqrt(signal / snr)
    y = X @ beta + noise_sd * rng.standard_normal(n)
    return X, y, beta, sigma_matrix, noise_sd**2


def _abess():
    from abess.linear import LinearRegression

    return LinearRegression()


def methods(noise_variance):
    """name -> factory of an unfitted estimator (given the true noise, used
    only by the reference LassoLarsIC)."""
    return {
        "skreg L0RegressorIC(ebic)": lambda: L0RegressorIC("ebic", random_state=0),
        "skreg L0RegressorIC(ebic, gamma .5)": lambda: L0RegressorIC(
            "ebic", ebic_gamma=0.5, random_state=0
        ),
        "skreg L0RegressorIC(bic)": lambda: L0RegressorIC("bic", random_state=0),
        "skreg L0RegressorCV": lambda: L0RegressorCV(random_state=0),
        "skreg SparseRegressorIC(mcp, ebic)": lambda: SparseRegressorIC(
            "mcp", criterion="ebic"
        ),
        "skreg SparseRegressorIC(scad, ebic)": lambda: SparseRegressorIC(
            "scad", criterion="ebic", gamma=3.7
        ),
        "skreg SparseRegressorIC(mcp, bic)": lambda: SparseRegressorIC(
            "mcp", criterion="bic"
        ),
        "skreg SparseRegressorIC(scad, bic)": lambda: SparseRegressorIC(
            "scad", criterion="bic", gamma=3.7
        ),
        "skreg SparseRegressorIC(scad, bic, gamma 3)": lambda: SparseRegressorIC(
            "scad", criterion="bic", gamma=3.0
        ),
        "skreg SparseRegressorIC(scad, bic, gamma 2.1)": lambda: SparseRegressorIC(
            "scad", criterion="bic", gamma=2.1
        ),
        "skreg SparseRegressorIC(scad, bic, gammas)": lambda: SparseRegressorIC(
            "scad", criterion="bic", gamma=SCAD_GAMMAS
        ),
        "skreg SparseRegressorCV(mcp)": lambda: SparseRegressorCV("mcp"),
        "skreg SparseRegressorCV(scad)": lambda: SparseRegressorCV("scad", gamma=3.7),
        "skreg LassoIC(bic)": lambda: LassoIC("bic"),
        "skreg LassoIC(ebic)": lambda: LassoIC("ebic"),
        "skreg ElasticNetIC(ebic, .9)": lambda: ElasticNetIC(
            l1_ratio=0.9, criterion="ebic"
        ),
        "skreg LassoCV": lambda: LassoCV(),
        "sklearn LassoCV": lambda: SkLassoCV(),
        "sklearn LassoLarsIC(bic, true noise)": lambda: SkLassoLarsIC(
            "bic", noise_variance=noise_variance
        ),
        "abess (defaults)": _abess,
    }


def scores(coef, beta, sigma_matrix):
    selected = coef != 0
    truth = beta != 0
    tp = np.count_nonzero(selected & truth)
    f1 = 2 * tp / (np.count_nonzero(selected) + np.count_nonzero(truth))
    diff = coef - beta
    rpe = float(diff @ sigma_matrix @ diff) / float(beta @ sigma_matrix @ beta)
    return f1, rpe, int(np.count_nonzero(selected))


def run(design, seeds, names):
    n, p, s, rho, snr = DESIGNS[design]
    results = {}
    for seed in seeds:
        X, y, beta, sigma_matrix, noise_variance = make_problem(n, p, s, rho, snr, seed)
        for name, factory in methods(noise_variance).items():
            if names and not any(word in name for word in names):
                continue
            estimator = factory()
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                estimator.fit(X, y)
            elapsed = time.perf_counter() - start
            coef = np.ravel(estimator.coef_)
            results.setdefault(name, []).append(
                (*scores(coef, beta, sigma_matrix), elapsed)
            )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument(
        "--first-seed", type=int, default=0, help="seeds first-seed .. + seeds - 1"
    )
    parser.add_argument("--designs", nargs="+", default=list(DESIGNS))
    parser.add_argument(
        "--methods", nargs="*", default=[], help="substrings of method names"
    )
    args = parser.parse_args()
    for design in args.designs:
        n, p, s, rho, snr = DESIGNS[design]
        print(
            f"\n{design} design: n={n}, p={p}, s={s}, rho={rho}, SNR={snr}, "
            f"seeds {args.first_seed}-{args.first_seed + args.seeds - 1}"
        )
        print(f"{'method':46s} {'F1':>6s} {'RPE':>7s} {'size':>6s} {'time s':>7s}")
        seeds = range(args.first_seed, args.first_seed + args.seeds)
        results = run(design, seeds, args.methods)
        for name, rows in results.items():
            f1, rpe, size, elapsed = np.mean(np.asarray(rows, dtype=float), axis=0)
            print(f"{name:46s} {f1:6.3f} {rpe:7.3f} {size:6.1f} {elapsed:7.3f}")


if __name__ == "__main__":
    main()
