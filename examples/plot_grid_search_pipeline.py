"""
=====================================================
Choosing alpha with GridSearchCV over a Pipeline
=====================================================

The usual way to tune a regularized model: put the scaler and the model in a
:class:`~sklearn.pipeline.Pipeline` (so the scaler is fitted on the training
folds only) and let :class:`~sklearn.model_selection.GridSearchCV` choose
the regularization strength.  Too large an ``alpha`` underfits (both scores
low), too small one overfits (training score above the validation score);
the search picks the best cross-validated compromise.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline

from skreg import Lasso, Ridge, StandardScaler

X, y = load_diabetes(return_X_y=True)
alphas = np.logspace(-3, 3, 25)

fig, axes = plt.subplots(1, 2, figsize=(13, 4.5), sharey=True)
for ax, model in zip(axes, [Lasso(), Ridge()], strict=True):
    pipe = Pipeline([("scale", StandardScaler()), ("model", model)])
    search = GridSearchCV(
        pipe, {"model__alpha": alphas}, cv=5, return_train_score=True
    ).fit(X, y)
    results = search.cv_results_
    ax.semilogx(alphas, results["mean_train_score"], label="training R^2")
    ax.semilogx(alphas, results["mean_test_score"], label="validation R^2")
    ax.fill_between(
        alphas,
        results["mean_test_score"] - results["std_test_score"],
        results["mean_test_score"] + results["std_test_score"],
        alpha=0.2,
    )
    best = search.best_params_["model__alpha"]
    ax.axvline(best, color="black", linestyle="--", label=f"best alpha = {best:.3g}")
    ax.set_title(type(model).__name__)
    ax.set_xlabel("alpha")
    ax.legend()
    name = type(model).__name__
    print(f"{name}: best alpha {best:.3g}, CV R^2 {search.best_score_:.3f}")
axes[0].set_ylabel("R^2")
axes[0].set_ylim(0, 0.6)
fig.tight_layout()
