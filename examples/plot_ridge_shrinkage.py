"""
=============================
Ridge shrinkage and RidgeCV
=============================

:class:`~skreg.Ridge` minimizes ``||y - Xw - b||^2 + alpha ||w||^2``: every
coefficient shrinks smoothly towards zero as ``alpha`` grows, and none is
exactly zero (unlike the L1 path).  :class:`~skreg.RidgeCV` picks ``alpha``
by efficient leave-one-out cross-validation; the vertical line marks it.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_diabetes

from skreg import RegularizationPathDisplay, Ridge, RidgeCV

data = load_diabetes()
X, y = data.data, data.target
X = (X - X.mean(axis=0)) / X.std(axis=0)

alphas = np.logspace(-2, 5, 60)
fig, (ax_path, ax_norm) = plt.subplots(1, 2, figsize=(13, 4.5))
path = RegularizationPathDisplay.from_estimator(
    Ridge(), X, y, alphas=alphas, feature_names=data.feature_names, ax=ax_path
)
ridge_cv = RidgeCV(alphas=alphas).fit(X, y)
ax_path.axvline(ridge_cv.alpha_, color="black", linestyle="--", label="RidgeCV")
ax_path.set_title(f"Ridge path; RidgeCV picks alpha = {ridge_cv.alpha_:.3g}")

# %%
# The L2 norm of the coefficients decreases monotonically with ``alpha``;
# the number of nonzero coefficients stays at 10 all along.
norms = np.linalg.norm(path.coefs, axis=0)
ax_norm.semilogx(path.alphas, norms)
ax_norm.axvline(ridge_cv.alpha_, color="black", linestyle="--")
ax_norm.set_xlabel("alpha")
ax_norm.set_ylabel("||w||_2")
ax_norm.set_title("Shrinkage of the coefficient norm")
fig.tight_layout()
print(
    "nonzero coefficients at every alpha:",
    sorted({int(n) for n in np.count_nonzero(path.coefs, axis=0)}),
)
