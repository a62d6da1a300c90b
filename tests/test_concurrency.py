"""The compiled kernels release the GIL; fitted estimators predict safely
from several threads.

No timings of skreg: the GIL test compares how fast the main thread runs
Python bytecode while a long Lasso fit runs in a worker thread with how fast
it runs while the worker sleeps.  If the kernel held the GIL, the main
thread would be starved for the whole fit (a held GIL is only handed over
between bytecodes, never inside a C call).  The speedup of two fits in two
threads is measured in ``benchmarks/bench_threads.py``.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_diabetes

from skreg import (
    ElasticNet,
    L0Regressor,
    Lasso,
    MinMaxScaler,
    MLPClassifier,
    Ridge,
    StandardScaler,
)


def _long_lasso_problem():
    rng = np.random.default_rng(0)
    X = np.asfortranarray(rng.standard_normal((600, 1500)))
    y = X[:, :40] @ rng.standard_normal(40) + rng.standard_normal(600)
    # A fit of about 0.2 s here, of which the Python around the kernel
    # (validation, centering) is a few percent.
    alpha = np.max(np.abs(X.T @ (y - y.mean()))) / 600 / 200
    return X, y, alpha


def _count_while(target):
    """Run ``target`` in a thread; count main-thread loop iterations meanwhile.
    Returns (iterations, seconds)."""
    started = threading.Event()

    def run():
        started.set()
        target()

    worker = threading.Thread(target=run)
    worker.start()
    started.wait()
    start = time.perf_counter()
    count = 0
    while worker.is_alive():
        count += 1
    seconds = time.perf_counter() - start
    worker.join()
    return count, seconds


def test_lasso_kernel_releases_the_gil():
    X, y, alpha = _long_lasso_problem()
    lasso = Lasso(alpha=alpha, tol=1e-10, max_iter=3000)
    # Warm: a first fit's imports and first calls, beside a spinning thread,
    # hand the GIL back and forth for seconds (the switch interval each).
    lasso.fit(X, y)
    idle, idle_seconds = _count_while(lambda: time.sleep(0.2))
    busy, fit_seconds = _count_while(lambda: lasso.fit(X, y))
    assert lasso.n_iter_ > 10
    # A free GIL leaves the main thread a core of its own, or most of one
    # beside another process (pytest -n 2 on two cores): it spins at more
    # than half its idle rate during the fit.  With the GIL held in the
    # kernel it would spin only in the few percent of the fit around it
    # (and in the switch-interval slices, ~5 ms each, before and after).
    # Both are rates, so a faster kernel or a slower machine changes neither.
    busy_rate, idle_rate = busy / fit_seconds, idle / idle_seconds
    assert busy_rate > 0.2 * idle_rate, (busy_rate, idle_rate)


def _small():
    X, y = load_diabetes(return_X_y=True)
    return np.asfortranarray(X), y


@pytest.mark.parametrize(
    "estimator",
    [
        Lasso(alpha=0.01),
        ElasticNet(alpha=0.01, l1_ratio=0.5),
        Ridge(alpha=1.0),
        L0Regressor(n_nonzero_coefs=4, random_state=0),
        StandardScaler(),
        MinMaxScaler(),
        MLPClassifier(max_iter=30, random_state=0),
    ],
    ids=lambda e: type(e).__name__,
)
def test_concurrent_predict_is_identical(estimator):
    if isinstance(estimator, MLPClassifier):
        X, y = load_breast_cancer(return_X_y=True)
        X = StandardScaler().fit_transform(X)
    else:
        X, y = load_diabetes(return_X_y=True)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimator.fit(X, y)
    method = getattr(estimator, "predict_proba", None) or getattr(
        estimator, "predict", None
    )
    if method is None:
        method = estimator.transform
    blocks = [X[i::4] for i in range(4)] * 8
    expected = [method(block) for block in blocks]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(method, blocks))
    for got, want in zip(results, expected, strict=True):
        assert got.tobytes() == want.tobytes()


def test_concurrent_fits_restore_the_blas_thread_limits():
    # Lasso and L0Regressor limit BLAS to one thread while they solve; with
    # fits overlapping in threads the original limits must still come back
    # when the last one finishes (not the one-thread limit of another fit).
    from threadpoolctl import threadpool_info

    from skreg import L0Regressor, Lasso

    rng = np.random.default_rng(0)
    X = np.asfortranarray(rng.normal(size=(300, 400)))
    y = X[:, :5].sum(axis=1) + 0.1 * rng.normal(size=300)
    Lasso(alpha=0.01).fit(X, y)  # load every BLAS library first

    def limits():
        return sorted(
            (info["filepath"], info["num_threads"])
            for info in threadpool_info()
            if info["user_api"] == "blas"
        )

    original = limits()
    barrier = threading.Barrier(3)

    def fit(model):
        barrier.wait()
        for _ in range(3):
            model.fit(X, y)

    models = [Lasso(alpha=0.01), Lasso(alpha=0.02), L0Regressor(5, random_state=0)]
    threads = [threading.Thread(target=fit, args=(m,)) for m in models]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert limits() == original


def test_tall_fits_keep_threaded_blas_only_while_alone():
    # Tall dense Lasso fits leave BLAS multi-threaded, but only while no
    # other fit runs: two at once drop to one thread (no oversubscription),
    # and the original limits come back when both are done.
    from threadpoolctl import threadpool_info

    from skreg.utils._threading import single_threaded_blas, threaded_blas_when_alone

    def blas_threads():
        return {
            info["filepath"]: info["num_threads"]
            for info in threadpool_info()
            if info["user_api"] == "blas"
        }

    original = blas_threads()
    with threaded_blas_when_alone():
        assert blas_threads() == original
        with threaded_blas_when_alone():
            assert set(blas_threads().values()) == {1}
        assert blas_threads() == original
        with single_threaded_blas():
            assert set(blas_threads().values()) == {1}
        assert blas_threads() == original
    assert blas_threads() == original
