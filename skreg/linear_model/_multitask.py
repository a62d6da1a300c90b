"""Multi-task elastic net and Lasso (L2,1 penalty) and their CV classes.

Drop-ins for scikit-learn's ``MultiTaskElasticNet``, ``MultiTaskLasso``,
``MultiTaskElasticNetCV`` and ``MultiTaskLassoCV``.  Each fit minimizes::

    1/(2n) sum_i s_i ||y_i - W x_i - b||^2
        + alpha * l1_ratio * sum_j ||W_:j||_2
        + alpha * (1 - l1_ratio) / 2 * ||W||_F^2

(``W`` = ``coef_`` of shape (n_targets, n_features), ``s`` the sample weights
rescaled to sum to n, all 1 without them) by the block coordinate descent of
:mod:`skreg._cd_multitask`, stopping when the duality gap is at most
``tol * ||Y_c||_F^2`` (``Y_c`` the centered, weighted targets), as
scikit-learn does.
"""

import numbers
import warnings
from numbers import Integral, Real

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, MultiOutputMixin, RegressorMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import (
    _check_sample_weight,
    check_consistent_length,
    validate_data,
)

from skreg._cd_multitask import multitask_enet_path_cd
from skreg.linear_model._base import (
    centering_offsets,
    intercept_from_offsets,
    rescale_sample_weight,
)
from skreg.linear_model._lasso import (
    _MESSAGE_CONV,
    ElasticNet,
    ElasticNetCV,
    _direct_solve_fits,
    _kernel_design,
    _ridge_direct,
    _ridge_gap,
    _SparseCoefMixin,
    enet_path,
    lasso_path,
)
from skreg.linear_model._path_cv import fold_results, held_out_mse

_CHECK_X = {
    "accept_sparse": "csc",
    "dtype": [np.float64, np.float32],
    "order": "F",
    "accept_large_sparse": False,
}
_CHECK_Y = {"dtype": [np.float64, np.float32], "ensure_2d": False, "order": "F"}


# Largest ratio of a float64 column's mean to its range that the multi-task
# kernel's implicit centering takes.  Its residual ``Y - X W`` carries the
# offsets, and the duality gap sums terms about ``(mean / range)^2`` times
# larger than itself, so about ``eps (mean / range)^2`` of the objective is
# lost: 1.5e-8 at a ratio of 8e3, which stopped a solve with a negative gap
# 2.5e-4 from the optimum.  At 100 the loss is below 1e-11.
FLOAT64_OFFSET_RATIO = 100.0


def _multitask_design(X, Y, sample_weight, fit_intercept):
    """(X_k, Y_k, mean, X_offset, Y_offset) for the multi-task kernel.

    ``Y_k`` (n_targets, n_samples) is ``sqrt(s) (Y - Y_offset)``.  X is
    centered implicitly (``mean``) when unweighted; the kernel's implicit
    centering subtracts ``mean_j`` from every row, so with sample weights
    (rows scaled by ``sqrt(s)``) and an intercept X is centered explicitly in
    a dense copy instead, and so is dense X whose column means dwarf their
    ranges (:data:`FLOAT64_OFFSET_RATIO`).
    """
    X_k, y_k, v, mean, X_offset, Y_offset = _kernel_design(
        X, sample_weight, fit_intercept, Y, offset_ratio=FLOAT64_OFFSET_RATIO
    )
    if sample_weight is not None and np.any(mean):
        dense = X_k.toarray() if sparse.issparse(X_k) else X_k
        X_k = np.asfortranarray(dense - np.multiply.outer(v, mean).astype(X_k.dtype))
        mean = np.zeros_like(mean)
    Y_k = np.ascontiguousarray(y_k.T)
    return X_k, Y_k, mean, X_offset, Y_offset


def _solve(X_k, Y_k, mean, alphas, l1_ratio, W, *, tol, max_iter, selection, rng):
    """Solutions along ``alphas``.

    Alphas with an L1 part run on the block CD kernel (each solution
    warm-starting the next); those without one (``alpha * l1_ratio == 0``:
    ridge, or least squares at alpha = 0) separate over the targets and are
    solved directly by one SVD per target (:func:`_ridge_direct`, 1
    iteration, the ridge duality gap), as the single-target path does.

    Returns coefs (n_alphas, n_targets, n_features), gaps in the units of
    the 1/(2n) objective, epochs per alpha, and whether each converged.
    """
    n_samples = X_k.shape[0]
    alphas = np.asarray(alphas, dtype=np.float64)
    n_targets, n_features = Y_k.shape[0], X_k.shape[1]
    coefs = np.empty((alphas.size, n_targets, n_features), dtype=X_k.dtype)
    gaps = np.zeros(alphas.size)
    n_iters = np.ones(alphas.size, dtype=np.int64)
    converged = np.ones(alphas.size, dtype=bool)
    direct = (alphas * l1_ratio == 0) & _direct_solve_fits(X_k)
    iterative = np.flatnonzero(~direct)
    if iterative.size:
        tol_abs = tol * float(np.sum(np.square(Y_k, dtype=np.float64)))
        W = np.ascontiguousarray(W.T, dtype=X_k.dtype)
        sub = alphas[iterative]
        c, g, it, ok = multitask_enet_path_cd(
            X_k, Y_k, np.asarray(mean, dtype=np.float64),
            sub * l1_ratio * n_samples, sub * (1.0 - l1_ratio) * n_samples, W,
            tol_abs=tol_abs, max_iter=max_iter, random=selection == "random",
            seed=int(rng.randint(0, np.iinfo(np.int32).max)),
        )  # fmt: skip
        coefs[iterative] = np.transpose(c, (0, 2, 1))
        gaps[iterative], n_iters[iterative], converged[iterative] = g, it, ok
    if np.any(direct):
        v = np.ones(n_samples, dtype=X_k.dtype)
        mean = np.asarray(mean, dtype=np.float64)
        l2s = alphas[direct] * (1.0 - l1_ratio) * n_samples
        for t in range(n_targets):
            solved = _ridge_direct(X_k, Y_k[t], v, mean, l2s, False)
            coefs[direct, t] = solved.T.astype(X_k.dtype)
            for k, (i, l2) in enumerate(zip(np.flatnonzero(direct), l2s, strict=True)):
                if l2 > 0:
                    gaps[i] += _ridge_gap(X_k, Y_k[t], v, mean, solved[:, k], l2)
    return coefs, gaps / n_samples, n_iters, converged


def _warn_not_converged(gap, tol):
    warnings.warn(
        f"{_MESSAGE_CONV} Duality gap: {gap:.6e}, tolerance: {tol:.3e}",
        ConvergenceWarning,
        stacklevel=3,
    )


def _check_weights(sample_weight, X):
    """None for no weights or a scalar (scikit-learn's rule), else the
    checked weights rescaled to sum to n_samples."""
    if sample_weight is None or isinstance(sample_weight, numbers.Number):
        return None
    sample_weight = _check_sample_weight(sample_weight, X, dtype=X.dtype)
    return rescale_sample_weight(sample_weight, X.shape[0]).astype(X.dtype)


def _multitask_alpha_grid(X, Y, *, l1_ratio, fit_intercept, eps, n_alphas, sw):
    """scikit-learn's grid: ``n_alphas`` log-spaced from alpha_max down to
    ``eps * alpha_max``, ``alpha_max = max_j ||x_j_c^T S Y_c||_2 / (sum(s)
    l1_ratio)`` (the L2,1 dual norm of the datafit's gradient at W = 0)."""
    if l1_ratio == 0:
        raise ValueError(
            "Automatic alpha grid generation is not supported for l1_ratio=0. "
            "Please supply a grid by providing your estimator with the "
            "appropriate `alphas=` argument."
        )
    X_offset, Y_offset = centering_offsets(
        X, Y, fit_intercept=fit_intercept, sample_weight=sw
    )
    Yw = Y - Y_offset
    if sw is not None:
        Yw = Yw * sw[:, None]
    XtY = np.asarray(X.T @ Yw, dtype=np.float64)
    if fit_intercept:
        XtY -= np.multiply.outer(X_offset, Yw.sum(axis=0))
    n = X.shape[0] if sw is None else float(sw.sum())
    top = float(np.sqrt(np.max(np.sum(XtY**2, axis=1)))) / (n * l1_ratio)
    if top <= np.finfo(np.float64).resolution:
        return np.full(n_alphas, np.finfo(np.float64).resolution)
    return np.geomspace(top, top * eps, num=n_alphas)


class MultiTaskElasticNet(
    _SparseCoefMixin, MultiOutputMixin, RegressorMixin, BaseEstimator
):
    """Multi-task elastic net: an L2,1 penalty selects features for all
    targets at once.

    Minimizes::

        1/(2n) sum_i s_i ||y_i - W x_i - b||^2
            + alpha * l1_ratio * sum_j ||W_:j||_2
            + alpha * (1 - l1_ratio) / 2 * ||W||_F^2

    with ``W = coef_`` of shape (n_targets, n_features), ``b = intercept_``
    (unpenalized), and ``s`` the sample weights rescaled to sum to n (all 1
    without them): for unit weights, scikit-learn's
    ``(1 / (2 * n_samples)) * ||Y - XW||_Fro^2 + alpha * l1_ratio * ||W||_21
    + 0.5 * alpha * (1 - l1_ratio) * ||W||_Fro^2``.  Solved by block
    coordinate descent (:mod:`skreg._cd_multitask`, one group
    soft-thresholding per feature, dense or CSC X centered implicitly),
    stopping when the duality gap is at most ``tol * ||Y_c||_F^2``
    (``Y_c`` the centered targets, times ``sqrt(s)``).  Without an L1 part
    (``alpha * l1_ratio == 0``) the problem separates into one ridge per
    target, solved directly (one SVD per target, ``n_iter_`` 1); with a
    single target it is the elastic net's, fitted by :class:`ElasticNet`.
    Drop-in for :class:`sklearn.linear_model.MultiTaskElasticNet` (scikit-learn
    1.9: sparse X and ``sample_weight`` accepted; a 1-D y raises ValueError).

    Parameters
    ----------
    alpha : float, default=1.0
        Constant that multiplies the penalty.
    l1_ratio : float, default=0.5
        Mixing parameter, ``0 <= l1_ratio <= 1`` (1: L2,1 only).
    fit_intercept : bool, default=True
    copy_X : bool, default=True
        X is never modified: centering is implicit, or done in a copy
        (with ``sample_weight``, or column means over 100 times their
        ranges), whatever ``copy_X`` says.
    max_iter : int, default=1000
        Maximum number of epochs (passes over all features).
    tol : float, default=1e-4
        The fit stops when the duality gap is at most ``tol * ||Y_c||_F^2``.
    warm_start : bool, default=False
        Start from the previous ``coef_``.
    random_state : int, RandomState instance or None, default=None
        Seeds the feature order of ``selection="random"``.
    selection : {"cyclic", "random"}, default="cyclic"

    Attributes
    ----------
    coef_ : ndarray of shape (n_targets, n_features)
    intercept_ : ndarray of shape (n_targets,)
    n_iter_ : int
        Epochs run.
    dual_gap_ : float
        Duality gap at the end, in the units of the objective above.
    eps_ : float
        The absolute tolerance ``tol * ||Y_c||_F^2`` (n times the objective's
        units, as scikit-learn reports it).
    sparse_coef_ : sparse matrix of shape (n_targets, n_features)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
    """

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "fit_intercept": ["boolean"],
        "copy_X": ["boolean"],
        "max_iter": [Interval(Integral, 1, None, closed="left"), None],
        "tol": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "random_state": ["random_state"],
        "selection": [StrOptions({"cyclic", "random"})],
    }

    def __init__(
        self,
        alpha=1.0,
        *,
        l1_ratio=0.5,
        fit_intercept=True,
        copy_X=True,
        max_iter=1000,
        tol=1e-4,
        warm_start=False,
        random_state=None,
        selection="cyclic",
    ):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.random_state = random_state
        self.selection = selection

    _single_task_name = "ElasticNet"

    def _mixing(self):
        return self.l1_ratio

    def fit(self, X, y, sample_weight=None):
        """Fit the model by block coordinate descent.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples, n_targets)
            A 1-D y raises ValueError (use the single-task estimator).
        sample_weight : float or array-like of shape (n_samples,), default=None
            Rescaled to sum to n_samples; a scalar means no weights.

        Returns
        -------
        self : object
        """
        self._validate_params()
        X, y = validate_data(self, X, y, validate_separately=(_CHECK_X, _CHECK_Y))
        check_consistent_length(X, y)
        if y.ndim == 1:
            raise ValueError(f"For mono-task outputs, use {self._single_task_name}")
        y = y.astype(X.dtype, copy=False)
        n_targets, n_features = y.shape[1], X.shape[1]
        if n_targets == 1:
            return self._fit_single_target(X, y, sample_weight)
        sw = _check_weights(sample_weight, X)
        X_k, Y_k, mean, X_offset, Y_offset = _multitask_design(
            X, y, sw, self.fit_intercept
        )
        if self.warm_start and hasattr(self, "coef_"):
            W = np.asarray(self.coef_, dtype=X.dtype).reshape(n_targets, n_features)
        else:
            W = np.zeros((n_targets, n_features), dtype=X.dtype)
        max_iter = 1000 if self.max_iter is None else self.max_iter
        coefs, gaps, n_iters, converged = _solve(
            X_k, Y_k, mean, [self.alpha], self._mixing(), W, tol=self.tol,
            max_iter=max_iter, selection=self.selection,
            rng=check_random_state(self.random_state),
        )  # fmt: skip
        self.eps_ = self.tol * float(np.sum(np.square(Y_k, dtype=np.float64)))
        if not converged[0]:
            _warn_not_converged(gaps[0] * X.shape[0], self.eps_)
        self.coef_ = np.asfortranarray(coefs[0])
        self.dual_gap_ = float(gaps[0])
        self.n_iter_ = int(n_iters[0])
        self.intercept_ = np.asarray(
            intercept_from_offsets(self.coef_, X_offset, Y_offset, self.fit_intercept),
            dtype=X.dtype,
        ).reshape(n_targets)
        return self

    def _fit_single_target(self, X, y, sample_weight):
        """One target: ``||W_:j||_2 = |w_j|``, so the problem is the elastic
        net's, solved by :class:`skreg.ElasticNet` (working sets,
        extrapolation, the exact solve on the support), whose fits converge
        far below ``tol``; attributes in the multi-task shapes."""
        model = ElasticNet(
            alpha=self.alpha, l1_ratio=self._mixing(),
            fit_intercept=self.fit_intercept, max_iter=self.max_iter,
            tol=self.tol, warm_start=self.warm_start,
            random_state=self.random_state, selection=self.selection,
        )  # fmt: skip
        if self.warm_start and hasattr(self, "coef_"):
            model.coef_ = np.asarray(self.coef_, dtype=X.dtype).ravel()
        model.fit(X, y[:, 0], sample_weight=sample_weight)
        sw = _check_weights(sample_weight, X)
        _, y_offset = centering_offsets(
            X, y[:, 0], fit_intercept=self.fit_intercept, sample_weight=sw
        )
        residual = np.square(y[:, 0] - y_offset, dtype=np.float64)
        self.eps_ = self.tol * float(np.sum(residual if sw is None else sw * residual))
        self.coef_ = np.asfortranarray(model.coef_.reshape(1, -1))
        self.intercept_ = np.asarray(model.intercept_, dtype=X.dtype).reshape(1)
        self.dual_gap_ = float(model.dual_gap_)
        self.n_iter_ = int(model.n_iter_)
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = False
        return tags


class MultiTaskLasso(MultiTaskElasticNet):
    """Multi-task Lasso: an L2,1 penalty selects features for all targets.

    Minimizes::

        1/(2n) sum_i s_i ||y_i - W x_i - b||^2 + alpha * sum_j ||W_:j||_2

    (scikit-learn's ``(1 / (2 * n_samples)) * ||Y - XW||^2_Fro + alpha *
    ||W||_21`` for unit weights): :class:`MultiTaskElasticNet` with
    ``l1_ratio=1``, see it for the solver and the attributes.  Drop-in for
    :class:`sklearn.linear_model.MultiTaskLasso`.

    Parameters
    ----------
    alpha : float, default=1.0
    fit_intercept : bool, default=True
    copy_X : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4
    warm_start : bool, default=False
    random_state : int, RandomState instance or None, default=None
    selection : {"cyclic", "random"}, default="cyclic"

    Attributes
    ----------
    coef_ : ndarray of shape (n_targets, n_features)
    intercept_ : ndarray of shape (n_targets,)
    n_iter_ : int
    dual_gap_ : float
    eps_ : float
    sparse_coef_ : sparse matrix of shape (n_targets, n_features)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
    """

    _parameter_constraints: dict = {
        key: value
        for key, value in MultiTaskElasticNet._parameter_constraints.items()
        if key != "l1_ratio"
    }

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        copy_X=True,
        max_iter=1000,
        tol=1e-4,
        warm_start=False,
        random_state=None,
        selection="cyclic",
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.random_state = random_state
        self.selection = selection

    _single_task_name = "Lasso"

    def _mixing(self):
        return 1.0


def _fold_mse(train, test, *, l1_ratio, alphas, seed, X, Y, sw, fit_intercept, kwargs):
    """Held-out MSE (weighted by the test weights, averaged over targets)
    of the path fitted on the training part of one fold."""
    sw_train = None if sw is None else rescale_sample_weight(sw[train], len(train))
    if sw_train is not None:
        sw_train = sw_train.astype(X.dtype)
    X_k, Y_k, mean, X_offset, Y_offset = _multitask_design(
        X[train], Y[train], sw_train, fit_intercept
    )
    W = np.zeros((Y.shape[1], X.shape[1]), dtype=X.dtype)
    coefs, _, _, _ = _solve(
        X_k, Y_k, mean, alphas, l1_ratio, W, rng=np.random.RandomState(seed),
        **kwargs,
    )  # fmt: skip
    # coefs: (n_alphas, n_targets, n_features)
    intercepts = Y_offset - coefs @ X_offset
    X_test = X[test]
    predictions = np.stack([np.asarray(X_test @ c.T) for c in coefs], axis=1)
    predictions += intercepts[None]
    return held_out_mse(predictions, Y[test], None if sw is None else sw[test])


class MultiTaskElasticNetCV(ElasticNetCV):
    """Multi-task elastic net with alpha (and l1_ratio) chosen by
    cross-validation.

    Each candidate minimizes::

        1/(2n) sum_i s_i ||y_i - W x_i - b||^2
            + alpha * l1_ratio * sum_j ||W_:j||_2
            + alpha * (1 - l1_ratio) / 2 * ||W||_F^2

    (see :class:`MultiTaskElasticNet`).  The path over ``alphas`` is fitted
    on every training fold (warm-started along the path; folds run in
    threads with ``n_jobs``, the solver releasing the GIL); the (alpha,
    l1_ratio) with the lowest mean test MSE (averaged over the targets, each
    fold's MSE weighted by its test weights) wins, and the model is refitted
    on all the data.  Drop-in for
    :class:`sklearn.linear_model.MultiTaskElasticNetCV`.

    Parameters
    ----------
    l1_ratio : float or list of float, default=0.5
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    alphas : int or array-like, default=100
        Number of alphas of the automatic grid, or the grid itself.
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4
    cv : int, cross-validation generator or iterable, default=None
        5-fold by default.
    copy_X : bool, default=True
    verbose : bool or int, default=0
    n_jobs : int, default=None
        Number of threads over the (l1_ratio, fold) paths.
    random_state : int, RandomState instance or None, default=None
    selection : {"cyclic", "random"}, default="cyclic"

    Attributes
    ----------
    alpha_ : float
    l1_ratio_ : float
    coef_ : ndarray of shape (n_targets, n_features)
    intercept_ : ndarray of shape (n_targets,)
    mse_path_ : ndarray of shape (n_l1_ratio, n_alphas, n_folds)
        Squeezed to (n_alphas, n_folds) for a single l1_ratio.
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
    dual_gap_ : float
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
    """

    _parameter_constraints: dict = {
        key: value
        for key, value in ElasticNetCV._parameter_constraints.items()
        if key not in ("precompute", "positive")
    }

    def __init__(
        self,
        *,
        l1_ratio=0.5,
        eps=1e-3,
        alphas=100,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-4,
        cv=None,
        copy_X=True,
        verbose=0,
        n_jobs=None,
        random_state=None,
        selection="cyclic",
    ):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.copy_X = copy_X
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.selection = selection

    path = staticmethod(enet_path)

    def _get_estimator(self):
        return MultiTaskElasticNet()

    def fit(self, X, y, sample_weight=None, **params):
        """Fit the path on each fold, pick alpha (and l1_ratio), refit.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples, n_targets)
            A 1-D y raises ValueError (use the single-task CV estimator).
        sample_weight : float or array-like of shape (n_samples,), default=None
            Used for fitting and for the weighted test MSE of each fold.
        **params : dict
            Metadata for the CV splitter (``groups``, ...); only with
            ``sklearn.set_config(enable_metadata_routing=True)``.

        Returns
        -------
        self : object
        """
        return super().fit(X, y, sample_weight=sample_weight, **params)

    def _validate_fit_data(self, X, y):
        """(X, Y) validated for the multi-task path (2-D Y only)."""
        X, y = validate_data(self, X, y, validate_separately=(_CHECK_X, _CHECK_Y))
        check_consistent_length(X, y)
        if y.ndim == 1:
            name = type(self._get_estimator()).__name__.removeprefix("MultiTask")
            raise ValueError(f"For mono-task outputs, use {name}CV")
        return X, y.astype(X.dtype, copy=False)

    def _alpha_grid(self, X, y, l1_ratio, sample_weight):
        return _multitask_alpha_grid(
            X,
            y,
            l1_ratio=l1_ratio,
            fit_intercept=self.fit_intercept,
            eps=self.eps,
            n_alphas=self.alphas,
            sw=sample_weight,
        )

    def _fold_mse_paths(self, X, y, sample_weight, folds, l1_ratios, alphas):
        """Held-out MSE paths, shape (n_l1_ratios, n_folds, n_alphas)."""
        kwargs = {"tol": self.tol, "max_iter": self.max_iter}
        kwargs["selection"] = self.selection
        settings = [
            {"l1_ratio": l1, "alphas": grid}
            for l1, grid in zip(l1_ratios, alphas, strict=True)
        ]
        return fold_results(
            _fold_mse,
            folds,
            settings,
            n_jobs=self.n_jobs,
            seeded=True,
            random_state=self.random_state,
            X=X.tocsr() if sparse.issparse(X) else X,
            Y=y,
            sw=sample_weight,
            fit_intercept=self.fit_intercept,
            kwargs=kwargs,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = False
        return tags


class MultiTaskLassoCV(MultiTaskElasticNetCV):
    """Multi-task Lasso with alpha chosen by cross-validation.

    Each candidate minimizes ``1/(2n) sum_i s_i ||y_i - W x_i - b||^2 +
    alpha * sum_j ||W_:j||_2``; see :class:`MultiTaskElasticNetCV`
    (``l1_ratio=1``).  Drop-in for
    :class:`sklearn.linear_model.MultiTaskLassoCV`.

    Parameters
    ----------
    eps : float, default=1e-3
    alphas : int or array-like, default=100
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4
    copy_X : bool, default=True
    cv : int, cross-validation generator or iterable, default=None
    verbose : bool or int, default=False
    n_jobs : int, default=None
    random_state : int, RandomState instance or None, default=None
    selection : {"cyclic", "random"}, default="cyclic"

    Attributes
    ----------
    alpha_ : float
    coef_ : ndarray of shape (n_targets, n_features)
    intercept_ : ndarray of shape (n_targets,)
    mse_path_ : ndarray of shape (n_alphas, n_folds)
    alphas_ : ndarray of shape (n_alphas,)
    dual_gap_ : float
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
    """

    _parameter_constraints: dict = {
        key: value
        for key, value in MultiTaskElasticNetCV._parameter_constraints.items()
        if key != "l1_ratio"
    }

    def __init__(
        self,
        *,
        eps=1e-3,
        alphas=100,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-4,
        copy_X=True,
        cv=None,
        verbose=False,
        n_jobs=None,
        random_state=None,
        selection="cyclic",
    ):
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.cv = cv
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.selection = selection

    path = staticmethod(lasso_path)

    def _l1_ratios(self):
        return np.array([1.0])

    def _get_estimator(self):
        return MultiTaskLasso()

    def fit(self, X, y, sample_weight=None, **params):
        """Fit the path on each fold, pick alpha, refit on all the data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples, n_targets)
        sample_weight : float or array-like of shape (n_samples,), default=None
        **params : dict
            Metadata for the CV splitter, with metadata routing enabled.

        Returns
        -------
        self : object
        """
        super().fit(X, y, sample_weight=sample_weight, **params)
        del self.l1_ratio_
        return self
