"""
================================================================
Selecting input features with the MLP's group penalty
================================================================

``group_alpha`` adds ``group_alpha * sum_j ||W1[j, :]||_2`` to the objective
of :class:`~skreg.MLPRegressor` (and :class:`~skreg.MLPClassifier`): the
Euclidean norm of all the weights leaving input feature ``j``.  Its proximal
step, applied after every optimizer step, sets whole rows of the first
weight matrix to exactly zero, and a zero row is a feature the network no
longer sees.

On the Friedman #1 function only the first 5 of the 20 inputs matter.  Along
a path of increasing ``group_alpha`` (each fit from the same initial
weights), the 15 noise inputs' rows reach zero first; the weakest
informative inputs (the quadratic ``x_2`` and the linear ``x_4``) go last.
``feature_importances_`` (the row norms) and ``support_`` are what
:class:`~sklearn.feature_selection.SelectFromModel` reads.
"""

import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_friedman1
from sklearn.exceptions import ConvergenceWarning

from skreg import MLPRegressor, StandardScaler

X, y = make_friedman1(n_samples=600, n_features=20, noise=1.0, random_state=0)
X = StandardScaler().fit_transform(X)

group_alphas = np.geomspace(0.05, 2.0, 10)
mlp = MLPRegressor(
    hidden_layer_sizes=(32,), learning_rate_init=0.01, max_iter=60, random_state=0
)
norms, kept = [], []
for group_alpha in group_alphas:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.set_params(group_alpha=group_alpha).fit(X, y)
    norms.append(mlp.feature_importances_)
    kept.append(np.flatnonzero(mlp.support_))
    print(f"group_alpha {group_alpha:6.3f}: {len(kept[-1]):2d} inputs kept {kept[-1]}")
norms = np.array(norms)

fig, (ax, ax_count) = plt.subplots(1, 2, figsize=(11, 4))
for j in range(X.shape[1]):
    informative = j < 5
    ax.plot(
        group_alphas,
        norms[:, j],
        color=f"C{j}" if informative else "0.7",
        linewidth=2 if informative else 1,
        label=f"x_{j}" if informative else ("noise inputs" if j == 5 else None),
    )
ax.set_xscale("log")
ax.set_xlabel("group_alpha")
ax.set_ylabel("||W1[j, :]|| (feature_importances_)")
ax.set_title("Row norms of the first layer along the path")
ax.legend()
ax_count.step(group_alphas, [len(k) for k in kept], where="post")
ax_count.axhline(5, color="0.4", linestyle=":", label="5 informative inputs")
ax_count.set_xscale("log")
ax_count.set_xlabel("group_alpha")
ax_count.set_ylabel("inputs kept (support_.sum())")
ax_count.legend()
fig.tight_layout()
plt.show()
