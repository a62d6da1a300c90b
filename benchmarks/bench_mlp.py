"""Seconds per epoch and test score: skreg vs scikit-learn vs PyTorch (CPU).

Problems (``--task``): ``make_classification`` with 50000 training rows
(plus 10000 test rows) x 100 features, 5 classes (MLPClassifier, test
accuracy); ``make_regression`` of the same size, 40 informative features,
noise 10, y standardized (MLPRegressor, test R^2).  Inputs standardized;
network hidden (256, 128), ReLU, batch 128, Adam with learning rate 1e-3,
no penalty (alpha=0), run for a fixed number of epochs (no early stopping),
in two configurations:

* ``plain``: no regularizer (skreg, scikit-learn, torch);
* ``dropout+bn``: dropout 0.2 after each hidden activation and batch
  normalization before it (skreg, torch; scikit-learn has neither).

skreg runs twice: at its default ``dtype=None`` (X's dtype, here float64,
scikit-learn's arithmetic) and with ``dtype="float32"`` (the opt-in for
speed); scikit-learn with float64 X and float32 X (then it computes in
float32); torch in float32.

The implementations are run interleaved, ``--repeats`` times each, each
timed call after ``cool_down()``; the table reports the minimum and median
seconds per epoch, the test score (deterministic given the seeds) and the
ratios of skreg's times (float32, default) to each row's (on the minimum,
the least disturbed by other load).  Threads: ``--threads`` (default 2) for BLAS, via
threadpoolctl, and for torch (``torch.set_num_threads``).

    flock -x /tmp/skreg-cpu.lock python benchmarks/bench_mlp.py --task both
"""

import argparse
import time
import warnings

import numpy as np
from _timing import cool_down
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.neural_network import MLPRegressor as SkMLPRegressor
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from skreg import MLPClassifier, MLPRegressor

try:
    import torch
except ImportError:  # torch is optional
    torch = None

HIDDEN = (256, 128)
BATCH = 128
LR = 1e-3


def make_data(task, seed=0):
    if task == "classification":
        X, y = make_classification(
            n_samples=60000,
            n_features=100,
            n_informative=40,
            n_redundant=20,
            n_classes=5,
            n_clusters_per_class=2,
            class_sep=1.0,
            random_state=seed,
        )
    else:
        X, y = make_regression(
            n_samples=60000,
            n_features=100,
            n_informative=40,
            noise=10.0,
            random_state=seed,
        )
        y = (y - y.mean()) / y.std()
    X = StandardScaler().fit_transform(X)
    return task, X[:50000], y[:50000], X[50000:], y[50000:]


def run_skreg(data, epochs, regularized, dtype=None):
    task, X, y, X_test, y_test = data
    extra = {"dropout": 0.2, "normalization": "batch"} if regularized else {}
    estimator = MLPClassifier if task == "classification" else MLPRegressor
    model = estimator(
        hidden_layer_sizes=HIDDEN,
        batch_size=BATCH,
        learning_rate_init=LR,
        alpha=0.0,
        max_iter=epochs,
        n_iter_no_change=10**6,
        random_state=0,
        dtype=dtype,
        **extra,
    )
    cool_down()
    start = time.perf_counter()
    model.fit(X, y)
    seconds = (time.perf_counter() - start) / model.n_iter_
    return seconds, model.score(X_test, y_test)


def run_sklearn(data, epochs, regularized, dtype=np.float64):
    if regularized:
        return None
    task, X, y, X_test, y_test = data
    estimator = SkMLPClassifier if task == "classification" else SkMLPRegressor
    model = estimator(
        hidden_layer_sizes=HIDDEN,
        batch_size=BATCH,
        learning_rate_init=LR,
        alpha=0.0,
        max_iter=epochs,
        n_iter_no_change=10**6,
        random_state=0,
    )
    X, X_test = X.astype(dtype), X_test.astype(dtype)
    cool_down()
    start = time.perf_counter()
    model.fit(X, y)
    seconds = (time.perf_counter() - start) / model.n_iter_
    return seconds, model.score(X_test, y_test)


def run_torch(data, epochs, regularized):
    if torch is None:
        return None
    task, X, y, X_test, y_test = data
    classification = task == "classification"
    torch.manual_seed(0)
    layers, fan_in = [], X.shape[1]
    for width in HIDDEN:
        layers.append(torch.nn.Linear(fan_in, width))
        if regularized:
            layers.append(torch.nn.BatchNorm1d(width))
        layers.append(torch.nn.ReLU())
        if regularized:
            layers.append(torch.nn.Dropout(0.2))
        fan_in = width
    layers.append(torch.nn.Linear(fan_in, 5 if classification else 1))
    net = torch.nn.Sequential(*layers)
    optimizer = torch.optim.Adam(net.parameters(), lr=LR)
    if classification:
        loss_fn = torch.nn.CrossEntropyLoss()
        y_t = torch.from_numpy(y.astype(np.int64))
    else:
        loss_fn = torch.nn.MSELoss()
        y_t = torch.from_numpy(y.astype(np.float32)[:, None])
    X_t = torch.from_numpy(X.astype(np.float32))
    n = X_t.shape[0]
    cool_down()
    start = time.perf_counter()
    net.train()
    for _ in range(epochs):
        order = torch.randperm(n)
        X_e, y_e = X_t[order], y_t[order]
        for lo in range(0, n, BATCH):
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(net(X_e[lo : lo + BATCH]), y_e[lo : lo + BATCH])
            loss.backward()
            optimizer.step()
    seconds = (time.perf_counter() - start) / epochs
    net.eval()
    with torch.no_grad():
        out = net(torch.from_numpy(X_test.astype(np.float32))).numpy()
    if classification:
        return seconds, float(np.mean(out.argmax(1) == y_test))
    residual = np.sum((y_test - out[:, 0]) ** 2)
    return seconds, float(1.0 - residual / np.sum((y_test - y_test.mean()) ** 2))


RUNNERS = {
    "skreg(float32)": lambda d, e, r: run_skreg(d, e, r, "float32"),
    "skreg": run_skreg,
    "sklearn": run_sklearn,
    "sklearn(float32 X)": lambda d, e, r: run_sklearn(d, e, r, np.float32),
    "torch": run_torch,
}


def run_task(task, args):
    data = make_data(task)
    results = {}
    with threadpool_limits(limits=args.threads):
        for _ in range(args.repeats):
            for config in ("plain", "dropout+bn"):
                for name, runner in RUNNERS.items():
                    out = runner(data, args.epochs, config == "dropout+bn")
                    if out is not None:
                        results.setdefault((config, name), []).append(out)
    kind = "5 classes" if task == "classification" else "regression"
    score = "test acc" if task == "classification" else "test R^2"
    print(
        f"\n{task}: 50000 x 100, {kind}, hidden {HIDDEN}, batch {BATCH}, "
        f"Adam lr {LR}, {args.epochs} epochs, {args.repeats} interleaved runs, "
        f"{args.threads} threads (BLAS and torch)"
    )
    header = (
        f"{'config':<11} {'model':<19} {'min s/ep':>9} {'median':>8} "
        f"{score:>9} {'skreg32/this':>13} {'skreg/this':>11}"
    )
    print(header)
    print("-" * len(header))
    for config in ("plain", "dropout+bn"):
        skreg32_time = min(t for t, _ in results[(config, "skreg(float32)")])
        skreg_time = min(t for t, _ in results[(config, "skreg")])
        for name in RUNNERS:
            if (config, name) not in results:
                continue
            runs = results[(config, name)]
            times = [t for t, _ in runs]
            print(
                f"{config:<11} {name:<19} {min(times):9.3f} "
                f"{float(np.median(times)):8.3f} {runs[-1][1]:9.4f} "
                f"{skreg32_time / min(times):13.2f} {skreg_time / min(times):11.2f}"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--task",
        choices=["classification", "regression", "both"],
        default="both",
    )
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(args.threads)
    warnings.simplefilter("ignore", ConvergenceWarning)
    tasks = ["classification", "regression"] if args.task == "both" else [args.task]
    for task in tasks:
        run_task(task, args)


if __name__ == "__main__":
    main()
