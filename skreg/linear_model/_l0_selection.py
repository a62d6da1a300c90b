"""L0RegressorIC and L0RegressorCV: the support size chosen from the data.

Both walk the best-subset path k = 0, 1, 2, ... of :func:`l0_path` (the
exact one-swap local search, warm started from k - 1), score each k (by an
information criterion on the training data, or by the test error of
cross-validation folds), and fit :class:`L0Regressor` with the best k on all
the data, starting its full solver from the path's support.
"""

import numbers

import numpy as np
from joblib import effective_n_jobs
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import validate_data

from skreg.linear_model import _l0_solver
from skreg.linear_model._base import FLOAT_DTYPES, LinearPredictMixin
from skreg.linear_model._information_criteria import (
    CRITERIA,
    complexity_penalty,
    estimate_noise_variance,
)
from skreg.linear_model._l0 import L0Regressor, _pair_swaps, _StandardizedProblem
from skreg.linear_model._path_cv import (
    cv_folds,
    fold_results,
    held_out_mse,
    lowest_mean,
)
from skreg.utils._threading import single_threaded_blas


def _largest_size(problem, max_n_nonzero_coefs, fit_intercept):
    """Largest support size worth visiting on ``problem``.

    Beyond ``n_samples - 1 - fit_intercept`` features the least-squares fit
    interpolates (nothing is left to select); constant columns never enter.
    """
    n_samples = problem.n_samples
    k_max = min(
        int(np.count_nonzero(problem.active)), max(n_samples - 1 - fit_intercept, 0)
    )
    if max_n_nonzero_coefs is not None:
        k_max = min(k_max, max_n_nonzero_coefs)
    return k_max


def _walk_path(problem, k_max, tol, max_iter, stop=None):
    """Local-search fits for k = 0..k_max (warm started); ``stop(k, fits)``
    may end the walk early.  Returns the list of :class:`SupportFit`."""
    gram, q, u_norm2 = problem.gram, problem.q, problem.u_norm2
    tol_abs = problem.tol_abs(tol)
    fit = _l0_solver.SupportFit(gram, q, u_norm2, np.zeros(0, np.intp))
    fits = [fit]
    for k in range(1, k_max + 1):
        if stop is not None and stop(k, fits):
            break
        fit, _ = _l0_solver.local_search(
            gram, q, u_norm2, fit.support, k, tol_abs, max_iter
        )
        if fit.support.size < k:
            break  # no column lowers the RSS any more
        fits.append(fit)
    return fits


def _least_squares_rss(problem):
    """RSS of least squares on all the features (0 when they can interpolate)."""
    Z, u = problem.Z, problem.u
    if Z.shape[0] <= Z.shape[1]:
        return 0.0
    residual = u - Z @ np.linalg.lstsq(Z, u, rcond=None)[0]
    return float(residual @ residual)


class _L0SelectionMixin(LinearPredictMixin):
    """What both selectors share: the full solver, the model and ``predict``."""

    _accepts_sparse_input = False

    def _solve(self, problem, k, start_support, rng):
        """Full solver (IHT, local search, restarts) at size k from a support."""
        if k == 0:
            return None, 0
        fit, n_iter = _l0_solver.solve_best_subset(
            problem.gram,
            problem.q,
            problem.u_norm2,
            k,
            max_iter=self.max_iter,
            tol_abs=problem.tol_abs(self.tol),
            n_restarts=self.n_restarts,
            rng=rng,
            initial_supports=[start_support],
            pair_swaps=_pair_swaps(problem),
        )
        return fit, n_iter

    def _best_fit(self, problem, k, path_fit, rng):
        """The full solver at size k from the path's fit; the better one wins."""
        if k == 0:
            return path_fit, 0
        fit, n_iter = self._solve(problem, k, path_fit.support, rng)
        return (fit if fit.rss < path_fit.rss else path_fit), n_iter

    def _set_model(self, problem, support, n_iter):
        coef, intercept, _ = problem.refit(np.sort(support), self.fit_intercept)
        self.coef_ = coef
        self.intercept_ = intercept
        self.support_ = coef != 0
        self.n_nonzero_coefs_ = int(np.count_nonzero(coef))
        self.n_iter_ = int(n_iter)


# What both selectors share with L0Regressor, whose solver they run.
_COMMON_CONSTRAINTS = {
    "max_n_nonzero_coefs": L0Regressor._parameter_constraints["n_nonzero_coefs"],
    **{
        key: L0Regressor._parameter_constraints[key]
        for key in ("fit_intercept", "max_iter", "tol", "n_restarts", "random_state")
    },
}


class L0RegressorIC(_L0SelectionMixin, RegressorMixin, BaseEstimator):
    """Best-subset regression with the support size chosen by AIC, BIC or EBIC.

    For each support size k, the best-subset path (:func:`l0_path`) gives
    the least-squares fit ``w_k`` on the best support of size k found, i.e.
    an approximate solution of::

        minimize  1/(2 n) ||y - X w - b||_2^2   subject to  ||w||_0 <= k

    and the k with the smallest criterion wins::

        AIC  = n log(2 pi sigma^2) + RSS_k / sigma^2 + 2 k
        BIC  = n log(2 pi sigma^2) + RSS_k / sigma^2 + log(n) k
        EBIC = BIC + 2 gamma log(n_features) k

    with ``RSS_k`` the residual sum of squares and ``sigma^2`` the noise
    variance.  Each criterion is the penalized form of :class:`L0Regressor`
    restricted to the path, ``alpha = sigma^2 c / (2 n)`` with ``c = 2``,
    ``log(n)`` or ``log(n) + 2 gamma log(n_features)``.  EBIC, the extended
    BIC of Chen and Chen (2008) (the number of supports of size k bounded
    by ``n_features^k``, ``gamma = ebic_gamma``), also charges for the
    search over supports, which AIC and BIC ignore: it is the criterion for
    best subset when ``n_features`` is not small.  The selected size is then solved
    again by :class:`L0Regressor`'s full solver (IHT, local search,
    restarts) started from the path's support, and the better of the two
    fits is the model.

    Parameters
    ----------
    criterion : {"aic", "bic", "ebic"}, default="ebic"
        The information criterion.  AIC and BIC ignore the search over
        supports and select too many features as ``n_features`` grows
        (see the user guide's benchmark).
    ebic_gamma : float, default=1.0
        EBIC's ``gamma``, the weight of the model count (ignored by AIC and
        BIC): 0 gives BIC, 1 (Chen and Chen's choice) a uniform prior over
        support sizes.  Chen and Chen prove the selection consistent for
        ``gamma > 1 - log(n_samples) / (2 log(n_features))`` when
        ``n_features`` grows polynomially in ``n_samples``; smaller values
        select more features (see the user guide's benchmark).
    max_n_nonzero_coefs : int, default=None
        Largest support size considered; None means up to
        ``n_samples - 1 - fit_intercept`` (the walk along k stops early once
        the penalty alone exceeds the best criterion found).
    fit_intercept : bool, default=True
        Whether to fit an unpenalized intercept.
    noise_variance : float, default=None
        The noise variance ``sigma^2``.  When None it is estimated: by least
        squares when ``n_samples > n_features + fit_intercept + 4``,
        otherwise by the cross-validated Lasso estimate of Reid, Tibshirani
        and Friedman (2016) on standardized features; see the user guide.
    max_iter : int, default=100
        Maximum number of local-search moves per support size along the
        path, and of IHT iterations in the final fit.
    tol : float, default=1e-7
        Relative RSS decrease below which the local search stops (as in
        :class:`L0Regressor`).
    n_restarts : int, default=3
        Random restarts of the final fit (as in :class:`L0Regressor`).
    random_state : int, RandomState instance or None, default=None
        Seeds the restarts of the final fit.

    Attributes
    ----------
    support_sizes_ : ndarray of shape (n_sizes,)
        The support sizes visited, ``0, 1, ..., n_sizes - 1``.
    criterion_ : ndarray of shape (n_sizes,)
        The criterion at each support size (at the selected size, that of
        the returned model).
    noise_variance_ : float
        The noise variance used by the criterion.
    n_nonzero_coefs_ : int
        The selected support size.
    coef_ : ndarray of shape (n_features,)
        Coefficients: the least-squares fit on the selected support.
    intercept_ : float
        Intercept (0.0 when ``fit_intercept=False``).
    support_ : ndarray of shape (n_features,), dtype=bool
        Mask of the selected features.
    n_iter_ : int
        Work of the final fit (as :attr:`L0Regressor.n_iter_`).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit, when X has string column names.

    See Also
    --------
    L0RegressorCV : The support size chosen by cross-validation.
    LassoIC : The Lasso with alpha chosen by an information criterion.

    References
    ----------
    Chen and Chen, "Extended Bayesian information criteria for model
    selection with large model spaces", Biometrika 95 (2008).  Reid,
    Tibshirani and Friedman, "A study of error variance estimation in lasso
    regression", Statist. Sinica 26 (2016).

    Examples
    --------
    >>> import numpy as np
    >>> from skreg.linear_model import L0RegressorIC
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 30))
    >>> y = 3 * X[:, 2] - 2 * X[:, 7] + rng.standard_normal(100)
    >>> reg = L0RegressorIC(random_state=0).fit(X, y)
    >>> np.flatnonzero(reg.support_)
    array([2, 7])
    """

    _parameter_constraints: dict = {
        "criterion": [StrOptions(set(CRITERIA))],
        "ebic_gamma": [Interval(numbers.Real, 0, None, closed="left")],
        **_COMMON_CONSTRAINTS,
        "noise_variance": [Interval(numbers.Real, 0, None, closed="neither"), None],
    }

    def __init__(
        self,
        criterion="ebic",
        *,
        ebic_gamma=1.0,
        max_n_nonzero_coefs=None,
        fit_intercept=True,
        noise_variance=None,
        max_iter=100,
        tol=1e-7,
        n_restarts=3,
        random_state=None,
    ):
        self.criterion = criterion
        self.ebic_gamma = ebic_gamma
        self.max_n_nonzero_coefs = max_n_nonzero_coefs
        self.fit_intercept = fit_intercept
        self.noise_variance = noise_variance
        self.max_iter = max_iter
        self.tol = tol
        self.n_restarts = n_restarts
        self.random_state = random_state

    def fit(self, X, y):
        """Walk the best-subset path, score each size, fit the best one.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target values.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        X, y = validate_data(
            self, X, y, dtype=FLOAT_DTYPES, y_numeric=True, ensure_min_samples=2
        )
        n_samples, n_features = X.shape
        rng = check_random_state(self.random_state)
        with single_threaded_blas():
            problem = _StandardizedProblem(
                X, y, fit_intercept=self.fit_intercept, sample_weight=None
            )
            if self.noise_variance is None:
                # Unit-variance columns: the Lasso of the estimate then treats
                # features alike, as the (scale-free) best subset does.
                self.noise_variance_ = estimate_noise_variance(
                    problem.Z * np.sqrt(n_samples),
                    problem.u,
                    fit_intercept=self.fit_intercept,
                )
            else:
                self.noise_variance_ = float(self.noise_variance)
            k_max = _largest_size(problem, self.max_n_nonzero_coefs, self.fit_intercept)
            sigma2 = self.noise_variance_
            penalty = complexity_penalty(
                self.criterion,
                np.arange(k_max + 1),
                n_samples,
                n_features,
                gamma=self.ebic_gamma,
            )
            # No support beats all the features' least-squares fit, and the
            # penalty from k on is at least its smallest value ahead: once
            # these two bounds exceed the best criterion found, no larger
            # support can win.
            penalty_ahead = np.minimum.accumulate(penalty[::-1])[::-1]
            rss_floor = _least_squares_rss(problem)

            def stop(k, fits):
                best = min(fit.rss / sigma2 + penalty[j] for j, fit in enumerate(fits))
                return rss_floor / sigma2 + penalty_ahead[k] >= best

            fits = _walk_path(problem, k_max, self.tol, self.max_iter, stop=stop)
            sizes = np.arange(len(fits))
            constant = n_samples * np.log(2 * np.pi * sigma2)
            rss = np.array([fit.rss for fit in fits])
            criterion = constant + rss / sigma2 + penalty[sizes]
            k = int(np.argmin(criterion))
            # Re-solving every size with the full solver was measured to
            # select no better (benchmarks/bench_selection.py): its lower-RSS
            # subsets at large k are mostly spurious.  The winner is solved
            # again, which can only lower its criterion.
            fit, n_iter = self._best_fit(problem, k, fits[k], rng)
            criterion[k] = constant + fit.rss / sigma2 + penalty[k]
            self._set_model(problem, fit.support, n_iter)
        self.support_sizes_ = sizes
        self.criterion_ = criterion
        return self


def _fold_mse(train, test, *, X, y, fit_intercept, k_max, tol, max_iter):
    """Test MSE of the path's fits on one fold, for k = 0..k_max (inf beyond
    the sizes the training fold allows)."""
    problem = _StandardizedProblem(
        X[train], y[train], fit_intercept=fit_intercept, sample_weight=None
    )
    k_fold = min(k_max, _largest_size(problem, None, fit_intercept))
    fits = _walk_path(problem, k_fold, tol, max_iter)
    refits = [problem.refit(np.sort(fit.support), fit_intercept) for fit in fits]
    coefs = np.column_stack([coef for coef, _, _ in refits])
    intercepts = np.array([intercept for _, intercept, _ in refits])
    mse = np.full(k_max + 1, np.inf)
    mse[: len(fits)] = held_out_mse(X[test] @ coefs + intercepts, y[test])
    # A fold whose path stopped early (nothing left to add) keeps its last fit.
    mse[len(fits) :] = mse[len(fits) - 1]
    return mse


class L0RegressorCV(_L0SelectionMixin, RegressorMixin, BaseEstimator):
    """Best-subset regression with the support size chosen by cross-validation.

    On each training fold the best-subset path (:func:`l0_path`: for
    k = 0, 1, ..., ``max_n_nonzero_coefs``, an approximate solution of
    ``minimize 1/(2 n) ||y - X w - b||_2^2 subject to ||w||_0 <= k``) is
    computed and scored by its mean squared error on the test fold; the k
    with the lowest mean test error over the folds wins and
    :class:`L0Regressor` is fitted with it on all the data (its full solver
    started from the path's support).  The analogue of scikit-learn's
    :class:`~sklearn.linear_model.OrthogonalMatchingPursuitCV` for best
    subset.

    Parameters
    ----------
    max_n_nonzero_coefs : int, default=None
        Largest support size considered; None means
        ``min(max(int(0.1 * n_features), 5), n_features)`` as
        OrthogonalMatchingPursuitCV (always at most the training fold's
        ``n_samples - 1 - fit_intercept``).
    cv : int, cross-validation generator or iterable, default=None
        5-fold by default.
    fit_intercept : bool, default=True
        Whether to fit an unpenalized intercept.
    max_iter : int, default=100
        Maximum number of local-search moves per support size along the
        paths, and of IHT iterations in the final fit.
    tol : float, default=1e-7
        Relative RSS decrease below which the local search stops.
    n_restarts : int, default=3
        Random restarts of the final fit (as in :class:`L0Regressor`).
    n_jobs : int, default=None
        Number of folds computed in parallel.
    random_state : int, RandomState instance or None, default=None
        Seeds the restarts of the final fit.

    Attributes
    ----------
    support_sizes_ : ndarray of shape (n_sizes,)
        The support sizes scored, ``0, 1, ..., n_sizes - 1``.
    mse_path_ : ndarray of shape (n_sizes, n_folds)
        Test mean squared error of each fold at each support size.
    n_nonzero_coefs_ : int
        The selected support size.
    coef_ : ndarray of shape (n_features,)
        Coefficients: the least-squares fit on the selected support.
    intercept_ : float
        Intercept (0.0 when ``fit_intercept=False``).
    support_ : ndarray of shape (n_features,), dtype=bool
        Mask of the selected features.
    n_iter_ : int
        Work of the final fit (as :attr:`L0Regressor.n_iter_`).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit, when X has string column names.

    See Also
    --------
    L0RegressorIC : The support size chosen by an information criterion.

    Examples
    --------
    >>> import numpy as np
    >>> from skreg.linear_model import L0RegressorCV
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 30))
    >>> y = 3 * X[:, 2] - 2 * X[:, 7] + rng.standard_normal(100)
    >>> reg = L0RegressorCV(random_state=0).fit(X, y)
    >>> np.flatnonzero(reg.support_)
    array([2, 7])
    """

    _parameter_constraints: dict = {
        **_COMMON_CONSTRAINTS,
        "cv": ["cv_object"],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        *,
        max_n_nonzero_coefs=None,
        cv=None,
        fit_intercept=True,
        max_iter=100,
        tol=1e-7,
        n_restarts=3,
        n_jobs=None,
        random_state=None,
    ):
        self.max_n_nonzero_coefs = max_n_nonzero_coefs
        self.cv = cv
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.n_restarts = n_restarts
        self.n_jobs = n_jobs
        self.random_state = random_state

    def fit(self, X, y):
        """Score the path on each fold, pick the size, fit it on all data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Target values.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._validate_params()
        X, y = validate_data(
            self, X, y, dtype=FLOAT_DTYPES, y_numeric=True, ensure_min_samples=2
        )
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        n_features = X.shape[1]
        k_max = self.max_n_nonzero_coefs
        if k_max is None:
            k_max = min(max(int(0.1 * n_features), 5), n_features)
        k_max = min(k_max, n_features)
        folds = cv_folds(self.cv, X, y)
        with single_threaded_blas():
            mse = fold_results(
                _fold_mse,
                folds,
                n_jobs=effective_n_jobs(self.n_jobs),
                X=X,
                y=y,
                fit_intercept=self.fit_intercept,
                k_max=k_max,
                tol=self.tol,
                max_iter=self.max_iter,
            )
            self.mse_path_ = np.column_stack(mse[0])
            _, k = lowest_mean(mse)
            problem = _StandardizedProblem(
                X, y, fit_intercept=self.fit_intercept, sample_weight=None
            )
            k = min(k, _largest_size(problem, None, self.fit_intercept))
            fits = _walk_path(problem, k, self.tol, self.max_iter)
            k = len(fits) - 1
            fit, n_iter = self._best_fit(
                problem, k, fits[k], check_random_state(self.random_state)
            )
            self._set_model(problem, fit.support, n_iter)
        self.support_sizes_ = np.arange(k_max + 1)
        return self
