"""
=====================================================
Laplace against Gaussian prior: L1 and L2 as MAP
=====================================================

A penalty is a prior: the Lasso is the maximum a posteriori (MAP) estimate
under a Laplace prior on the coefficients, ridge regression under a Gaussian
prior.  The three panels show the two densities (same variance), their
negative logarithms (the penalties, :math:`|w|` against :math:`w^2/2`), and
the MAP estimate of one coefficient as a function of its least-squares
estimate :math:`z` — the soft threshold and the proportional shrinkage of
``skreg._thresholds``, the operators skreg's solvers apply.
"""

import matplotlib.pyplot as plt
import numpy as np

from skreg._thresholds import l2_shrink, soft_threshold

# %%
# Densities with the same variance (1): Laplace scale b = 1/sqrt(2).
w = np.linspace(-4, 4, 801)
b = 1 / np.sqrt(2)
laplace = np.exp(-np.abs(w) / b) / (2 * b)
gaussian = np.exp(-(w**2) / 2) / np.sqrt(2 * np.pi)

# %%
# For one standardized feature with least-squares estimate z, the MAP
# estimate minimizes 1/2 (w - z)^2 + lam * J(w): the proximal operator of
# the penalty.  With ``J = |w|`` it is the soft threshold, with ``J = w^2/2`` a
# shrinkage by 1 / (1 + lam).
lam = 1.0
z = np.linspace(-4, 4, 801)
map_laplace = soft_threshold(z, lam)
map_gaussian = l2_shrink(z, lam)

fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
axes[0].plot(w, laplace, label="Laplace (L1)")
axes[0].plot(w, gaussian, label="Gaussian (L2)")
axes[0].set_title("prior density $p(w)$")
axes[0].set_xlabel("$w$")
axes[0].legend()

axes[1].plot(w, np.abs(w) / b, label="$-\\log p$: $|w| / b$")
axes[1].plot(w, w**2 / 2, label="$-\\log p$: $w^2 / 2$")
axes[1].set_ylim(0, 6)
axes[1].set_title("penalty $J(w) = -\\log p(w)$ + const")
axes[1].set_xlabel("$w$")
axes[1].legend()

axes[2].plot(z, z, color="0.6", linestyle=":", label="no penalty")
axes[2].plot(z, map_laplace, label="Laplace: soft threshold")
axes[2].plot(z, map_gaussian, label="Gaussian: shrinkage")
axes[2].set_title(f"MAP estimate, $\\lambda = {lam:g}$")
axes[2].set_xlabel("least-squares estimate $z$")
axes[2].set_ylabel("$\\hat w$")
axes[2].legend(fontsize="small")
fig.tight_layout()

# %%
# The Laplace density has a sharp peak at zero and heavier tails: the MAP
# estimate is exactly zero for :math:`|z| \le \lambda` (sparsity) and large
# effects are shrunk only by the constant :math:`\lambda`.  The Gaussian
# shrinks every estimate by the same factor and never to zero.
print("estimates set to zero, Laplace:", np.mean(map_laplace == 0).round(2))
print("estimates set to zero, Gaussian:", np.mean(map_gaussian == 0).round(2))
plt.show()
