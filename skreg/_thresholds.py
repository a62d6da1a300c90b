"""The proximal operators of the note's penalties, in one place.

* L1 (Lasso, the Laplace prior): soft thresholding,
  ``prox_{t|.|}(z) = sign(z) max(|z| - t, 0)``;
* L0 (best subset, constrained form): keep the k largest ``|z|``
  (:func:`top_k_support` picks them);
* L2 (Ridge, the Gaussian prior, weight decay): shrinkage ``z / (1 + t)``.

Cython kernels use the scalar twins declared in ``_thresholds.pxd``; the
NumPy versions here serve L0Regressor (the top-k support of the
constrained form) and the gallery.
"""

import numpy as np


def soft_threshold(z, threshold):
    """``sign(z) * max(|z| - threshold, 0)``, elementwise."""
    return np.sign(z) * np.maximum(np.abs(z) - threshold, 0.0)


def top_k_support(z, k):
    """Indices of the ``k`` largest ``|z|``; ties go to the lower index.

    Deterministic (a stable sort of ``-|z|``), so equal magnitudes never make
    the support depend on the platform's partition algorithm.
    """
    k = int(min(max(k, 0), z.shape[0]))
    order = np.argsort(-np.abs(z), kind="stable")
    return np.sort(order[:k])


def l2_shrink(z, threshold):
    """Prox of ``threshold/2 * ||.||_2^2``: ``z / (1 + threshold)``."""
    return z / (1.0 + threshold)
