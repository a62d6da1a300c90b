"""
=============================
Lp unit balls, p = 0.5 to inf
=============================

The unit ball :math:`\\{x : \\|x\\|_p \\le 1\\}` in two dimensions for
:math:`p \\in \\{0.5, 1, 2, \\infty\\}`.  For :math:`p < 1` the ball is not
convex (the formula is not a norm); :math:`p = 1` gives the diamond whose
corners on the axes make the Lasso sparse, :math:`p = 2` the disk of ridge
regression, :math:`p = \\infty` the square.
"""

import matplotlib.pyplot as plt
import numpy as np


def lp_norm(points, p):
    """Lp (quasi-)norm of each row of ``points``; p may be np.inf."""
    if np.isinf(p):
        return np.max(np.abs(points), axis=-1)
    return np.sum(np.abs(points) ** p, axis=-1) ** (1.0 / p)


# %%
# The boundary of each ball is a level set of the norm: draw the contour
# ``||x||_p = 1`` on a grid and fill the inside.
grid = np.linspace(-1.3, 1.3, 601)
xx, yy = np.meshgrid(grid, grid)
points = np.stack([xx, yy], axis=-1)

ps = [0.5, 1, 2, np.inf]
fig, axes = plt.subplots(1, len(ps), figsize=(12, 3.4))
for ax, p in zip(axes, ps, strict=True):
    norm = lp_norm(points, p)
    ax.contourf(xx, yy, norm, levels=[0, 1], colors=["tab:blue"], alpha=0.3)
    ax.contour(xx, yy, norm, levels=[1], colors=["tab:blue"], linewidths=2)
    ax.axhline(0, color="0.6", linewidth=0.8)
    ax.axvline(0, color="0.6", linewidth=0.8)
    ax.set_aspect("equal")
    label = "\\infty" if np.isinf(p) else f"{p:g}"
    convex = "convex" if p >= 1 else "not convex"
    ax.set_title(f"$p = {label}$ ({convex})")
    ax.set_xticks([-1, 0, 1])
    ax.set_yticks([-1, 0, 1])
fig.suptitle("Unit balls $\\|x\\|_p \\leq 1$")
fig.tight_layout()

# %%
# As :math:`p` decreases to 0 the ball shrinks towards the axes: its limit is
# the "L0 ball" of vectors with at most one nonzero coordinate, the set
# that ``L0Regressor`` constrains to.
plt.show()
