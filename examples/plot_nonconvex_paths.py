"""
==========================================================
Between L0 and L1: L0, Lp, MCP, SCAD and Lasso paths
==========================================================

The note's Lp figure made quantitative.  On one design (n=100, p=30,
AR(1) correlation 0.5 between neighbouring features, 5 true coefficients
equal to 1, noise of standard deviation 1.5), the coefficient paths of

* L0 (:func:`~skreg.l0_path`): best subsets, by support size;
* Lp with p = 1/2, MCP (gamma 3) and SCAD (gamma 3.7)
  (:func:`~skreg.sparse_regression_path`): the nonconvex penalties between
  L0 and L1, warm started from the largest alpha;
* L1 (the Lasso, the same path function with ``penalty="l1"``).

The true features are drawn in colour, the others in grey.  Along the L1
path the true coefficients never reach 1 before noise features enter; the
nonconvex paths reach them (MCP and SCAD are flat beyond ``gamma alpha``, so
there they are least squares on the support) with fewer false features, as
L0 does.  The last panel counts how well each path recovers the support (F1
of the selected features) at each of its points, against the number of
selected features.
"""

import matplotlib.pyplot as plt
import numpy as np

from skreg import l0_path, sparse_regression_path

rng = np.random.default_rng(0)
n, p, rho = 100, 30, 0.5
X = np.empty((n, p))
X[:, 0] = rng.standard_normal(n)
for j in range(1, p):
    X[:, j] = rho * X[:, j - 1] + np.sqrt(1 - rho**2) * rng.standard_normal(n)
beta = np.zeros(p)
true = np.array([2, 8, 14, 20, 26])
beta[true] = 1.0
y = X @ beta + 1.5 * rng.standard_normal(n)
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = y - y.mean()

paths = {}
sizes, coefs, _, _ = l0_path(X, y, n_nonzero_coefs=range(0, 16))
paths["L0 (best subset)"] = (sizes, coefs, "support size k")
for title, penalty, gamma in [
    ("Lp, p = 1/2", "lp", 3.0),
    ("MCP, gamma = 3", "mcp", 3.0),
    ("SCAD, gamma = 3.7", "scad", 3.7),
    ("L1 (Lasso)", "l1", 3.0),
]:
    alphas, coefs, _ = sparse_regression_path(
        X, y, penalty=penalty, gamma=gamma, p=0.5, alphas=60, eps=1e-2
    )
    paths[title] = (alphas, coefs, "alpha")

fig, axes = plt.subplots(2, 3, figsize=(15, 8.5))
for ax, (title, (grid, coefs, label)) in zip(axes.flat[:5], paths.items(), strict=True):
    for j in range(p):
        is_true = j in true
        ax.plot(
            grid,
            coefs[j],
            color=None if is_true else "0.75",
            lw=2 if is_true else 1,
            zorder=2 if is_true else 1,
        )
    ax.axhline(1.0, color="k", ls=":", lw=1)
    if label == "alpha":
        ax.set_xscale("log")
        ax.invert_xaxis()
    ax.set(title=title, xlabel=label, ylabel="coefficient")


def f1(coef):
    selected = coef != 0
    tp = np.count_nonzero(selected[true])
    return 2 * tp / (np.count_nonzero(selected) + true.size)


ax = axes.flat[-1]
for title, (_, coefs, _) in paths.items():
    size = np.count_nonzero(coefs, axis=0)
    ax.plot(size, [f1(c) for c in coefs.T], marker=".", label=title)
ax.set(
    title="support recovery along each path",
    xlabel="number of selected features",
    ylabel="F1 of the support",
    xlim=(0, 16),
)
ax.legend()
fig.tight_layout()

# %%
# The best F1 each path reaches, and the largest coefficient error on the
# true features at the last (least regularized) point that reaches it: the
# Lasso's shrinkage shows there.
for title, (_, coefs, _) in paths.items():
    scores = np.array([f1(c) for c in coefs.T])
    best = int(np.flatnonzero(scores == scores.max())[-1])
    error = np.max(np.abs(coefs[true, best] - 1.0))
    print(f"{title:20s} best F1 {scores[best]:.2f}, max |w - 1| there {error:.2f}")
