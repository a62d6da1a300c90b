"""
======================================================
L1 diamond against L2 disk: why the Lasso gives zeros
======================================================

Minimize a least-squares loss subject to :math:`\\|w\\|_1 \\le t` (Lasso) or
:math:`\\|w\\|_2 \\le t` (ridge).  The solution is the point where the
smallest loss contour touches the ball.  The disk is round, so the
touching point has two nonzero coordinates; the diamond has corners on the
axes, and the contour touches one of them: the first coordinate is exactly
zero.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LinearRegression

from skreg import StandardScaler

# %%
# A two-feature regression with correlated features.  Its least-squares
# solution is far outside both balls.
rng = np.random.default_rng(0)
n_samples = 200
cov = np.array([[1.0, 0.6], [0.6, 1.0]])
X = StandardScaler().fit_transform(rng.multivariate_normal([0, 0], cov, n_samples))
w_true = np.array([0.35, 1.6])
y = X @ w_true + 0.3 * rng.standard_normal(n_samples)
w_ls = LinearRegression(fit_intercept=False).fit(X, y).coef_


def loss(w):
    """1/(2n) ||y - X w||^2 for each row of ``w``."""
    residuals = y[:, None] - X @ w.T
    return 0.5 * np.mean(residuals**2, axis=0)


# %%
# The constrained optimum lies on the boundary of the ball (the unconstrained
# one is outside); find it by scanning the boundary finely.
radius = 1.0
angles = np.linspace(0, 2 * np.pi, 20_001)
circle = radius * np.column_stack([np.cos(angles), np.sin(angles)])
# the L1 sphere |w1| + |w2| = radius, parametrized by the same angles
diamond = circle / np.abs(circle).sum(axis=1, keepdims=True) * radius
w_l2 = circle[np.argmin(loss(circle))]
w_l1 = diamond[np.argmin(loss(diamond))]

# %%
# Draw the loss contours through each solution, and the two balls.
grid = np.linspace(-2.2, 2.2, 301)
ww1, ww2 = np.meshgrid(grid, grid)
losses = loss(np.column_stack([ww1.ravel(), ww2.ravel()])).reshape(ww1.shape)

fig, axes = plt.subplots(1, 2, figsize=(10, 5))
for ax, ball, w_hat, name in [
    (axes[0], circle, w_l2, "L2: $\\|w\\|_2 \\leq 1$"),
    (axes[1], diamond, w_l1, "L1: $\\|w\\|_1 \\leq 1$"),
]:
    levels = np.sort(loss(np.array([w_hat, (w_hat + w_ls) / 2])))
    levels = np.concatenate([levels, levels[-1] * np.array([1.6, 2.4])])
    ax.contour(ww1, ww2, losses, levels=levels, colors="tab:blue", linewidths=1)
    ax.fill(ball[:, 0], ball[:, 1], color="tab:orange", alpha=0.35)
    ax.plot(*w_ls, "o", color="tab:blue", label="least squares")
    ax.plot(*w_hat, "o", color="tab:red", label=f"solution {np.round(w_hat, 2)}")
    ax.axhline(0, color="0.6", linewidth=0.8)
    ax.axvline(0, color="0.6", linewidth=0.8)
    ax.set_aspect("equal")
    ax.set_xlim(-2.2, 2.2)
    ax.set_ylim(-2.2, 2.2)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.set_title(name)
    ax.legend(loc="lower left", fontsize="small")
fig.tight_layout()

# %%
# The L2 solution keeps both coefficients; the L1 solution sits on the
# corner :math:`(0, 1)`: the weaker feature is dropped.
print(f"least squares: {w_ls.round(3)}")
print(f"L2-constrained: {w_l2.round(3)}")
print(f"L1-constrained: {w_l1.round(3)}")
plt.show()
