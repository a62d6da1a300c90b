"""
==============================================================
MLPRegressor training history with dropout and batch norm
==============================================================

:class:`~skreg.MLPRegressor` minimizes half the mean squared error plus the
note's penalties.  A two-layer network trained on 300 noisy samples of the
Friedman #1 function (5 informative and 15 noise inputs) overfits quickly:
its training loss keeps going down while the validation loss turns up after
a few dozen epochs, and early stopping on the validation loss
(``monitor="validation_loss"``) keeps the weights of the epoch of lowest
validation loss (the dotted line).  With dropout after each hidden
activation and batch normalization before it, the training loss stays
above the validation loss (each step trains a thinned network on batch
statistics, while evaluation uses the full network and running statistics)
and the validation loss keeps improving for longer.  Whether the test score
improves depends on the problem: on this one, whose difficulty is the 15
noise inputs rather than co-adapted hidden units, it does not (the printed
scores); the group penalty of
:ref:`sphx_glr_auto_examples_plot_mlp_group_selection.py` is the remedy for
noise inputs.

Each panel is drawn by :class:`~skreg.TrainingHistoryDisplay`; the right
axis is the validation R^2.
"""

import warnings

import matplotlib.pyplot as plt
from sklearn.datasets import make_friedman1
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from skreg import MLPRegressor, StandardScaler, TrainingHistoryDisplay

X, y = make_friedman1(n_samples=700, n_features=20, noise=1.0, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, train_size=400, random_state=0
)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

common = {
    "hidden_layer_sizes": (64, 64),
    "learning_rate_init": 0.003,
    "batch_size": 32,
    "max_iter": 200,
    "early_stopping": True,
    "monitor": "validation_loss",
    "validation_fraction": 0.25,
    "n_iter_no_change": 20,
    "random_state": 0,
}
variants = {
    "no regularization": MLPRegressor(**common),
    "dropout 0.2 + batch norm": MLPRegressor(
        dropout=0.2, normalization="batch", **common
    ),
}

fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
for ax, (title, mlp) in zip(axes, variants.items(), strict=True):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(X_train, y_train)
    TrainingHistoryDisplay.from_estimator(mlp, ax=ax)
    score = mlp.score(X_test, y_test)
    ax.set_title(f"{title}\ntest R^2 {score:.3f} (best epoch {mlp.best_epoch_})")
    ax.set_yscale("log")
    print(
        f"{title:26s} epochs {mlp.n_iter_:3d}  best epoch {mlp.best_epoch_:3d}  "
        f"test R^2 {score:.3f}"
    )
fig.tight_layout()
plt.show()
