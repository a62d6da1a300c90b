"""The proximal operators of the note's penalties, in one place.

* L1 (Lasso, the Laplace prior): soft thresholding,
  ``prox_{t|.|}(z) = sign(z) max(|z| - t, 0)``;
* L0 (best subset): hard thresholding, keep ``z`` where ``|z| > sqrt(2 t)``
  (penalized form) or keep the k largest ``|z|`` (constrained form);
* L2 (Ridge, the Gaussian prior, weight decay): shrinkage ``z / (1 + t)``.

Cython kernels use the scalar twins declared in ``_thresholds.pxd``; the
NumPy versions here serve L0Regressor, the MLP penalties and the tests.
"""

import numpy as np


def soft_threshold(z, threshold):
    """``sign(z) * max(|z| - threshold, 0)``, elementwise."""
    return np.sign(z) * np.maximum(np.abs(z) - threshold, 0.0)


def hard_threshold_penalized(z, threshold):
    """Prox of ``threshold * ||.||_0``: keep z where ``z^2 > 2 threshold``."""
    return np.where(z * z > 2.0 * threshold, z, 0.0)


def top_k_support(z, k):
    """Indices of the ``k`` largest ``|z|``; ties go to the lower index.

    Deterministic (a stable sort of ``-|z|``), so equal magnitudes never make
    the support depend on the platform's partition algorithm.
    """
    k = int(min(max(k, 0), z.shape[0]))
    order = np.argsort(-np.abs(z), kind="stable")
    return np.sort(order[:k])


def hard_threshold_top_k(z, k):
    """Projection onto ``{w : ||w||_0 <= k}``: keep the k largest ``|z|``."""
    out = np.zeros_like(z)
    support = top_k_support(z, k)
    out[support] = z[support]
    return out


def l2_shrink(z, threshold):
    """Prox of ``threshold/2 * ||.||_2^2``: ``z / (1 + threshold)``."""
    return z / (1.0 + threshold)
