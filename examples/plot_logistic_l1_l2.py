"""
=============================================
L1 against L2 on a classifier: logistic paths
=============================================

The note's point on the L1 and L2 penalties, on the cross-entropy of a
linear classifier instead of the squared error: the L1 norm sets
coefficients exactly to zero (a feature selection), the squared L2 norm
only shrinks them.  Both logistic regressions minimize

.. math::

   \\sum_i \\log(1 + e^{-y_i (x_i^\\top w + b)})
   + \\frac{1}{C}\\Big(\\rho \\|w\\|_1 + \\frac{1 - \\rho}{2} \\|w\\|_2^2\\Big)

on the 30 standardized features of the breast-cancer data, with
``l1_ratio`` :math:`\\rho = 1` (L1) or 0 (L2); ``C`` is the inverse of the
note's :math:`\\lambda` times the number of samples.  Each path comes from
one warm-started call of
:func:`~skreg.linear_model.logistic_regression_path`, drawn by
:class:`~skreg.RegularizationPathDisplay`.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

from skreg import (
    LogisticRegressionCV,
    RegularizationPathDisplay,
    StandardScaler,
    logistic_regression_path,
)

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
Cs = np.logspace(-3, 2, 30)

# %%
# Coefficient paths
# -----------------
# With L1, every coefficient is exactly zero below the smallest C at which
# the first feature enters, and the features enter one by one as C grows.
# With L2, every coefficient is nonzero at every C: they only grow from
# nearly zero.
paths = {}
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), sharex=True)
for ax, (name, l1_ratio) in zip(axes, [("L1", 1.0), ("L2", 0.0)], strict=True):
    paths[name] = logistic_regression_path(X_train, y_train, Cs=Cs, l1_ratio=l1_ratio)
    RegularizationPathDisplay.from_path(
        paths[name], estimator_name=f"{name} logistic", ax=ax, legend=False
    )
fig.tight_layout()

# %%
# Sparsity and accuracy along C
# -----------------------------
# The number of nonzero coefficients and the held-out accuracy at each C:
# L1 reaches the accuracy of the full L2 model with a fraction of the
# features.


def accuracy(coef, intercept):
    return np.mean((X_test @ coef + intercept > 0) == (y_test == 1))


fig, (ax_support, ax_accuracy) = plt.subplots(1, 2, figsize=(12, 4), sharex=True)
for name, (grid, coefs, intercepts, _) in paths.items():
    support = np.count_nonzero(coefs[:, 0], axis=1)
    scores = [
        accuracy(c, b) for c, b in zip(coefs[:, 0], intercepts[:, 0], strict=True)
    ]
    ax_support.plot(grid, support, marker=".", label=name)
    ax_accuracy.plot(grid, scores, marker=".", label=name)
    print(f"{name}: nonzero coefficients along C: {support.tolist()}")
ax_support.set(xscale="log", xlabel="C", ylabel="nonzero coefficients")
ax_accuracy.set(xscale="log", xlabel="C", ylabel="test accuracy")
ax_support.legend()
fig.tight_layout()

# %%
# C chosen by cross-validation
# ----------------------------
# :class:`~skreg.LogisticRegressionCV` runs one warm-started L1 path per
# fold and keeps the C of best mean held-out accuracy; the display draws
# its path over its own grid, the folds' mean score, and the chosen C.
model = LogisticRegressionCV(
    Cs=Cs,
    l1_ratios=(1.0,),
    solver="saga",
    scoring="accuracy",
    use_legacy_attributes=False,
).fit(X_train, y_train)
print(
    f"chosen C = {model.C_:.3g}: {np.count_nonzero(model.coef_)} of 30 features, "
    f"test accuracy {model.score(X_test, y_test):.3f}"
)
RegularizationPathDisplay.from_estimator(model, X_train, y_train, legend=False)
plt.show()
