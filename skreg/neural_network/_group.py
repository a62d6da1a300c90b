"""The group penalty on the network's inputs and its proximal step.

Row ``j`` of the first weight matrix ``W1`` (shape ``(n_features,
n_hidden)``) holds every weight leaving input feature ``j``.  The penalty

    P(W1) = sum_j ||W1[j, :]||_2

is the group lasso with one group per input feature: it is not
differentiable where a row is zero, and its proximal operator

    prox_{tP}(V) = argmin_W 1/2 ||W - V||_F^2 + sum_j t_j ||W[j, :]||_2

is block soft-thresholding, ``W[j] = max(0, 1 - t_j / ||V[j]||) V[j]``:
a row whose norm is at most its threshold ``t_j`` becomes exactly zero, so
the feature no longer reaches the network.
"""

import numpy as np


def row_norms(W):
    """Euclidean norm of each row of ``W``, accumulated in float64."""
    return np.sqrt(np.einsum("ij,ij->i", W, W, dtype=np.float64))


def group_penalty(W):
    """``P(W) = sum_j ||W[j, :]||_2``."""
    return float(row_norms(W).sum())


def prox_group_rows(W, thresholds):
    """Apply ``prox_{tP}`` to ``W`` in place (``thresholds``: scalar or per row)."""
    norms = row_norms(W)
    with np.errstate(divide="ignore", invalid="ignore"):
        shrink = np.maximum(1.0 - thresholds / norms, 0.0)
    shrink[norms == 0] = 0.0
    W *= shrink.astype(W.dtype)[:, None]
    return W
