"""
====================================================================
MLP learning curves: dropout, batch norm, layer norm, early stopping
====================================================================

A wide two-layer :class:`~skreg.MLPClassifier` trained on a small part of the
digits data overfits: its training loss goes to zero.  The note's neural
regularizers each change the learning curve:

* **dropout** keeps the training loss from reaching zero (each epoch trains
  a different thinned network);
* **batch normalization** and **layer normalization** rescale the hidden
  activations, which speeds up and steadies training;
* **early stopping** holds out a validation split and keeps the weights of
  the epoch with the lowest validation loss (the dashed line;
  ``monitor="validation_loss"``, where scikit-learn's default watches the
  validation accuracy).

Each curve is drawn by :class:`~skreg.TrainingHistoryDisplay`.
"""

import warnings

import matplotlib.pyplot as plt
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from skreg import MLPClassifier, StandardScaler, TrainingHistoryDisplay

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, train_size=400, random_state=0, stratify=y
)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

common = {
    "hidden_layer_sizes": (64, 64),
    "learning_rate_init": 0.01,
    "max_iter": 40,
    "random_state": 0,
}
variants = {
    "no regularization": MLPClassifier(**common),
    "dropout 0.3": MLPClassifier(dropout=0.3, **common),
    "batch norm": MLPClassifier(normalization="batch", **common),
    "layer norm": MLPClassifier(normalization="layer", **common),
    "early stopping": MLPClassifier(
        early_stopping=True,
        monitor="validation_loss",
        validation_fraction=0.2,
        n_iter_no_change=8,
        **common,
    ),
}

fig, axes = plt.subplots(1, len(variants), figsize=(20, 4), sharey=True)
for ax, (title, mlp) in zip(axes, variants.items(), strict=True):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(X_train, y_train)
    TrainingHistoryDisplay.from_estimator(mlp, ax=ax)
    ax.set_title(f"{title}\ntest accuracy {mlp.score(X_test, y_test):.3f}")
    ax.set_yscale("log")
    print(
        f"{title:18s} epochs {mlp.n_iter_:3d}  final training loss "
        f"{mlp.loss_curve_[-1]:.4f}  test accuracy {mlp.score(X_test, y_test):.3f}"
    )
fig.tight_layout()
