"""Reference formulas the tests check skreg against (plain NumPy, slow, clear)."""

import numpy as np

from skreg.linear_model._base import rescale_sample_weight


def enet_objective(X, y, coef, intercept, alpha, l1_ratio=1.0, sample_weight=None):
    """Primal elastic-net objective for one target.

    ``1/(2n) sum_i s_i (y_i - x_i w - b)^2 + alpha l1_ratio ||w||_1
    + alpha (1 - l1_ratio) / 2 ||w||_2^2`` with s rescaled to sum to n.
    """
    n_samples = X.shape[0]
    residual = y - X @ coef - intercept
    sw = rescale_sample_weight(sample_weight, n_samples)
    datafit = (residual @ residual if sw is None else sw @ residual**2) / (
        2 * n_samples
    )
    penalty = alpha * (
        l1_ratio * np.abs(coef).sum() + 0.5 * (1 - l1_ratio) * coef @ coef
    )
    return float(datafit + penalty)


def hard_threshold_penalized(z, threshold):
    """Prox of ``threshold * ||.||_0``: keep z where ``z^2 > 2 threshold``."""
    return np.where(z * z > 2.0 * threshold, z, 0.0)


def hard_threshold_top_k(z, k):
    """Projection onto ``{w : ||w||_0 <= k}``: keep the k largest ``|z|``."""
    order = np.argsort(-np.abs(z), kind="stable")
    out = np.zeros_like(z)
    keep = order[: int(min(max(k, 0), z.shape[0]))]
    out[keep] = z[keep]
    return out
