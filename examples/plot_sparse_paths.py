"""
===============================================
Lasso, ElasticNet and L0 paths on diabetes data
===============================================

The three sparse penalties of the note, on the ten standardized features of
the diabetes data, each drawn by :class:`~skreg.RegularizationPathDisplay`:

* L1 (:class:`~skreg.Lasso`): coefficients leave zero one by one and move
  piecewise linearly as ``alpha`` decreases;
* L1 + L2 (:class:`~skreg.ElasticNet`, ``l1_ratio=0.5``): the same shape,
  with correlated features entering together and shrunk a little more;
* L0 (:class:`~skreg.L0Regressor`): the best subset of each size, so
  coefficients jump instead of growing continuously, and a feature can leave
  the model when a better pair replaces it.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_diabetes

from skreg import ElasticNet, L0Regressor, Lasso, RegularizationPathDisplay

data = load_diabetes()
X, y = data.data, data.target
X = (X - X.mean(axis=0)) / X.std(axis=0)
names = data.feature_names

fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
lasso = RegularizationPathDisplay.from_estimator(
    Lasso(), X, y, feature_names=names, ax=axes[0], legend=False
)
enet = RegularizationPathDisplay.from_estimator(
    ElasticNet(l1_ratio=0.5), X, y, feature_names=names, ax=axes[1], legend=False
)
l0 = RegularizationPathDisplay.from_estimator(
    L0Regressor(random_state=0), X, y, feature_names=names, ax=axes[2]
)
fig.tight_layout()

# %%
# Sparsity along each path: the number of nonzero coefficients at each value
# of the regularization parameter.
for title, display in [("Lasso", lasso), ("ElasticNet", enet), ("L0", l0)]:
    nonzero = np.count_nonzero(np.abs(display.coefs) > 1e-10, axis=0)
    print(f"{title:10s} nonzero coefficients along the path: {nonzero.tolist()}")
