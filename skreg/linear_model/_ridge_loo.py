"""Exact leave-one-out errors of ridge regression for many alphas at once.

Ridge with an unpenalized intercept is a linear smoother: the fitted values
of the weighted problem are ``H(alpha) y~`` with

    H(alpha) = X~_c (X~_c^T X~_c + alpha I)^{-1} X~_c^T + d d^T / (d.d)

(``X~_c = D X_c``, ``y~ = D y``, ``d = sqrt(s)``; the last term is the
intercept, absent without one).  For such a smoother the leave-one-out
residual is exactly ``e_i / (1 - H_ii)`` where ``e`` is the full-data
residual, so one eigendecomposition gives every alpha:

* n > p ("cov"): ``X~_c^T X~_c = V diag(lam) V^T`` and ``Z = X~_c V``, then
  ``H_ii = sum_k Z_ik^2 / (lam_k + alpha)``;
* n <= p ("gram"): ``X~_c X~_c^T = U diag(lam) U^T``, then
  ``H_ii = sum_k U_ik^2 lam_k / (lam_k + alpha)``;
* "svd": the thin SVD ``X~_c = U diag(s) V^T`` gives the same with
  ``lam = s^2`` (dense X only).

The n x n_alphas diagonals and fitted values come out of two matrix
products over all alphas together, so the cost is one decomposition plus
O(n p n_alphas): about one fit.  ``d`` is orthogonal to the columns of
``X~_c``, so the intercept term simply adds ``d_i^2 / (d.d)``.
"""

from dataclasses import dataclass

import numpy as np
from scipy import linalg, sparse

from skreg.linear_model._ridge_solvers import (
    CenteredOperator,
    centered_gram,
    pivot_tolerance,
    singular_value_cutoff,
    transposed_product,
)


@dataclass
class RidgeSpectrum:
    """Eigen-pairs of the centered weighted problem, ready for any alpha.

    ``basis`` is Z (n x r, "cov") or U (n x r, "gram"/"svd" in sample space);
    ``eigvals`` the r eigenvalues ``lam``; ``proj_y`` the projections of y~_c
    on the eigen-directions; ``coef_map`` turns per-direction coefficients
    into feature-space coefficients (V, or X~_c^T U for the dual).
    """

    mode: str
    eigvals: np.ndarray
    basis: np.ndarray
    proj_y: np.ndarray
    coef_map: object
    intercept_leverage: np.ndarray


def _clip_eigvals(eigvals, shape):
    """Eigenvalues of a formed Gram matrix at rounding level, relative to
    the largest (``pivot_tolerance``), are zeros: the direction of the
    intercept in the centered dual Gram matrix, exactly null, comes out of
    eigh at ~1e-13 of the largest, which a small alpha would count as a
    fitted direction (leave-one-out predictions 0.1% off at alpha=1e-5 on a
    10 x 50 design).  Negative ones are rounding too."""
    tol = pivot_tolerance(*shape, eigvals.dtype) * eigvals.max(initial=0.0)
    return np.where(eigvals > tol, eigvals, 0.0)


def decompose(X, y_w, X_offset, sqrt_sw, *, mode, fit_intercept):
    """Eigendecompose the centered weighted problem once.

    ``y_w`` is ``D y_c`` of shape (n, n_targets).  ``mode`` is "auto"
    (cov when n > p, else gram) or "svd".
    """
    n_samples, n_features = X.shape
    d = np.ones(n_samples, dtype=X.dtype) if sqrt_sw is None else sqrt_sw
    leverage = d**2 / (d @ d) if fit_intercept else np.zeros(n_samples, X.dtype)
    if mode == "svd" and not sparse.issparse(X):
        Xc = (X - X_offset) * d[:, None]
        U, s, Vt = linalg.svd(Xc, full_matrices=False, check_finite=False)
        return RidgeSpectrum(
            "svd", s**2, U, transposed_product(U, y_w), (Vt.T, s), leverage
        )
    if n_samples > n_features:
        eigvals, V = linalg.eigh(
            centered_gram(X, X_offset, sqrt_sw, dual=False),
            overwrite_a=True,
            check_finite=False,
            driver="evd",
        )
        Z = np.asarray(CenteredOperator(X, X_offset, sqrt_sw).matvec(V))
        return RidgeSpectrum(
            "cov",
            _clip_eigvals(eigvals, X.shape),
            Z,
            transposed_product(Z, y_w),
            V,
            leverage,
        )
    eigvals, U = linalg.eigh(
        centered_gram(X, X_offset, sqrt_sw, dual=True),
        overwrite_a=True,
        check_finite=False,
        driver="evd",
    )
    return RidgeSpectrum(
        "gram",
        _clip_eigvals(eigvals, X.shape),
        U,
        transposed_product(U, y_w),
        CenteredOperator(X, X_offset, sqrt_sw),
        leverage,
    )


def _direction_weights(spectrum, alphas):
    """(r, n_alphas) weights g_k(alpha) with ``H_c = B diag(g) B^T``."""
    lam = spectrum.eigvals[:, None]
    alphas = np.asarray(alphas, dtype=lam.dtype)[None, :]
    if spectrum.mode == "cov":
        return 1.0 / (lam + alphas)
    return lam / (lam + alphas)


def loo_residuals(spectrum, y_w, alphas):
    """Leave-one-out residuals of the weighted problem for every alpha.

    Returns an array of shape (n_samples, n_targets, n_alphas):
    ``(y~_c - H_c y~_c)_i / (1 - H_ii)``, the residual of sample i (times
    ``sqrt(s_i)``) when it is predicted by the model fitted without it.
    """
    weights = _direction_weights(spectrum, alphas)  # (r, A)
    basis = spectrum.basis
    n_targets = y_w.shape[1]
    n_alphas = weights.shape[1]
    if spectrum.mode != "cov" and basis.shape[0] == basis.shape[1]:
        # A full orthonormal basis of sample space (n <= p): the residual
        # and 1 - H_ii are sums over the directions of 1 - g_k =
        # alpha / (lam_k + alpha), with no cancellation; at a small alpha the
        # fit nearly interpolates, and y - H y or 1 - H_ii formed by
        # subtraction keeps only a few digits (leave-one-out predictions
        # 1e-6 off at alpha=1e-5 on a 10 x 50 design).
        rest = 1.0 - weights
        one_minus_hat = (basis * basis) @ rest - spectrum.intercept_leverage[:, None]
        scaled = spectrum.proj_y[:, :, None] * rest[:, None, :]
        residual = basis @ scaled.reshape(basis.shape[1], n_targets * n_alphas)
        residual = residual.reshape(-1, n_targets, n_alphas)
        return residual / one_minus_hat[:, None, :]
    hat_diag = (basis * basis) @ weights + spectrum.intercept_leverage[:, None]
    # Fitted values for all (target, alpha) pairs in one product.
    scaled = spectrum.proj_y[:, :, None] * weights[:, None, :]  # (r, T, A)
    fitted = basis @ scaled.reshape(basis.shape[1], n_targets * n_alphas)
    residual = y_w[:, :, None] - fitted.reshape(-1, n_targets, n_alphas)
    return residual / (1.0 - hat_diag)[:, None, :]


def coef_for_alpha(spectrum, alpha):
    """Feature-space coefficients (n_targets, n_features) at one alpha."""
    lam = spectrum.eigvals
    if spectrum.mode == "cov":
        return (spectrum.coef_map @ (spectrum.proj_y / (lam + alpha)[:, None])).T
    if spectrum.mode == "svd":
        V, s = spectrum.coef_map
        factor = np.zeros_like(s)
        keep = singular_value_cutoff(s, V.shape, V.dtype)
        factor[keep] = 1.0 / (s[keep] ** 2 + alpha)
        # proj_y = U^T y~: w = V diag(s / (s^2 + alpha)) U^T y~.
        return (V @ ((s * factor)[:, None] * spectrum.proj_y)).T
    # Dual: a = U diag(1 / (lam + alpha)) U^T y~_c, w = X~_c^T a.
    dual = spectrum.basis @ (spectrum.proj_y / (lam + alpha)[:, None])
    return np.asarray(spectrum.coef_map.rmatvec(dual)).T
