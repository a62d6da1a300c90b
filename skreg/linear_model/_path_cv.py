"""Cross-validation over a regularization path: what every path-CV estimator
shares.

A CV estimator splits the data (:func:`cv_folds`), fits one warm-started path
per (setting, fold) pair on the training part and scores it on the held-out
part (:func:`fold_results`, through joblib, so that any backend, Dask's
included, runs the folds), and keeps the grid point with the lowest mean
held-out error over the folds (:func:`lowest_mean`).  A regressor scores a
fold's path with :func:`held_out_mse`; the estimator brings its own path
function, its settings (an ``l1_ratio`` and its alpha grid, ...) and its
refit.
"""

import numpy as np
from sklearn.model_selection import check_cv
from sklearn.utils import check_random_state
from sklearn.utils.parallel import Parallel, delayed


def cv_folds(cv, X, y, *, classifier=False, split_params=None):
    """The (train, test) index pairs of ``cv`` on ``(X, y)``.

    ``cv`` goes through scikit-learn's ``check_cv``: None or an int is a
    k-fold split, stratified when ``classifier`` is true and ``y`` is binary
    or multiclass (as scikit-learn's classifiers' CV classes split).
    ``split_params`` (``groups``, ...) go to the splitter's ``split``.
    """
    splitter = check_cv(cv, y, classifier=classifier)
    return list(splitter.split(X, y, **(split_params or {})))


def fold_results(
    fold_path,
    folds,
    settings=({},),
    *,
    n_jobs=None,
    verbose=0,
    seeded=False,
    random_state=None,
    on_result=None,
    **shared,
):
    """``fold_path(train, test, **setting, **shared)`` for every setting and
    every fold, run by joblib (threads preferred: the solvers release the
    GIL; the active backend, Dask's included, decides).

    Parameters
    ----------
    fold_path : callable
        Fits one warm-started path on ``train`` and scores it on ``test``.
    folds : list of (train, test)
    settings : sequence of dict, default=({},)
        What differs between the paths of one fold (an ``l1_ratio`` and its
        alpha grid, ...).
    n_jobs : int or None, default=None
        Number of paths fitted at once (``Parallel``'s meaning; 1 runs them
        in the calling thread whatever the active backend).
    verbose : int, default=0
        ``Parallel``'s verbosity.
    seeded : bool, default=False
        Give each path its own integer ``seed``, drawn from ``random_state``
        in the order (setting, fold) before any path runs, so that the result
        does not depend on which worker runs which path first.
    random_state : int, RandomState instance or None, default=None
        Source of the seeds when ``seeded``.
    on_result : callable or None, default=None
        Called with each result, in order, as it arrives.
    **shared
        Further keyword arguments of every call.

    Returns
    -------
    results : list of list
        ``results[i][k]``: what ``fold_path`` returned for setting ``i`` on
        fold ``k``.
    """
    runs = [(setting, fold) for setting in settings for fold in folds]
    seeds = [{}] * len(runs)
    if seeded:
        rng = check_random_state(random_state)
        drawn = rng.randint(0, np.iinfo(np.int32).max, size=len(runs))
        seeds = [{"seed": seed} for seed in drawn]
    jobs = (
        delayed(fold_path)(train, test, **setting, **seed, **shared)
        for ((setting, (train, test)), seed) in zip(runs, seeds, strict=True)
    )
    parallel = Parallel(
        n_jobs=n_jobs, prefer="threads", verbose=verbose, return_as="generator"
    )
    flat = []
    for result in parallel(jobs):
        flat.append(result)
        if on_result is not None:
            on_result(result)
    n_folds = len(folds)
    return [flat[i : i + n_folds] for i in range(0, len(flat), n_folds)]


def held_out_mse(predictions, y_test, sample_weight=None):
    """Mean squared error on a held-out part of each point of a path.

    Parameters
    ----------
    predictions : ndarray of shape (n_test, n_points) or \
(n_test, n_points, n_targets)
    y_test : ndarray of shape (n_test,) or (n_test, n_targets)
    sample_weight : ndarray of shape (n_test,) or None, default=None
        Weights of the held-out samples in the mean.

    Returns
    -------
    mse : ndarray of shape (n_points,)
        Averaged over the targets when there are several.
    """
    residues = predictions - y_test[:, None]
    mse = np.average(residues**2, axis=0, weights=sample_weight)
    return mse if mse.ndim == 1 else mse.mean(axis=1)


def lowest_mean(errors):
    """Where the mean over the folds of ``errors`` is lowest.

    Parameters
    ----------
    errors : array-like of shape (n_settings, n_folds, n_points)

    Returns
    -------
    best : tuple of int
        ``(setting, point)``.
    """
    mean = np.asarray(errors).mean(axis=1)
    return tuple(int(i) for i in np.unravel_index(np.argmin(mean), mean.shape))
