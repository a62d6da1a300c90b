"""Seconds per epoch and test accuracy: skreg vs scikit-learn vs PyTorch (CPU).

Problem: ``make_classification`` with 50000 training rows (plus 10000 test
rows) x 100 features, 5 classes, standardized; network hidden (256, 128),
ReLU, batch 128, Adam with learning rate 1e-3, no penalty (alpha=0), run
for a fixed number of epochs (no early stopping), in two configurations:

* ``plain``: no regularizer (skreg, scikit-learn, torch);
* ``dropout+bn``: dropout 0.2 after each hidden activation and batch
  normalization before it (skreg, torch; scikit-learn has neither).

The implementations are run interleaved, ``--repeats`` times each; the table
reports the minimum and median seconds per epoch, the test accuracy
(deterministic given the seeds) and the ratio of skreg's time to the
others' (on the minimum, the least disturbed by other load).  Threads:
``--threads`` (default 2) for BLAS, via threadpoolctl, and for torch.

    flock /tmp/skreg-bench.lock env PYTHONPATH=$PWD python benchmarks/bench_mlp.py
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SkMLP
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from skreg import MLPClassifier

try:
    import torch
except ImportError:  # torch is optional
    torch = None

HIDDEN = (256, 128)
BATCH = 128
LR = 1e-3


def make_data(seed=0):
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
    X = StandardScaler().fit_transform(X)
    return X[:50000], y[:50000], X[50000:], y[50000:]


def run_skreg(data, epochs, regularized):
    X, y, X_test, y_test = data
    extra = {"dropout": 0.2, "normalization": "batch"} if regularized else {}
    model = MLPClassifier(
        HIDDEN,
        batch_size=BATCH,
        learning_rate_init=LR,
        alpha=0.0,
        max_iter=epochs,
        n_iter_no_change=10**6,
        random_state=0,
        **extra,
    )
    start = time.perf_counter()
    model.fit(X, y)
    seconds = (time.perf_counter() - start) / model.n_iter_
    return seconds, model.score(X_test, y_test)


def run_sklearn(data, epochs, regularized, dtype=np.float64):
    if regularized:
        return None
    X, y, X_test, y_test = data
    model = SkMLP(
        HIDDEN,
        batch_size=BATCH,
        learning_rate_init=LR,
        alpha=0.0,
        max_iter=epochs,
        n_iter_no_change=10**6,
        random_state=0,
    )
    start = time.perf_counter()
    model.fit(X.astype(dtype), y)
    seconds = (time.perf_counter() - start) / model.n_iter_
    return seconds, model.score(X_test.astype(dtype), y_test)


def run_torch(data, epochs, regularized):
    if torch is None:
        return None
    X, y, X_test, y_test = data
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
    layers.append(torch.nn.Linear(fan_in, 5))
    net = torch.nn.Sequential(*layers)
    optimizer = torch.optim.Adam(net.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    X_t = torch.from_numpy(X.astype(np.float32))
    y_t = torch.from_numpy(y.astype(np.int64))
    n = X_t.shape[0]
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
        pred = net(torch.from_numpy(X_test.astype(np.float32))).argmax(1).numpy()
    return seconds, float(np.mean(pred == y_test))


RUNNERS = {
    "skreg": run_skreg,
    "sklearn": run_sklearn,
    "sklearn(float32 X)": lambda d, e, r: run_sklearn(d, e, r, np.float32),
    "torch": run_torch,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(args.threads)
    data = make_data()
    results = {}
    warnings.simplefilter("ignore", ConvergenceWarning)
    with threadpool_limits(limits=args.threads):
        for _ in range(args.repeats):
            for config in ("plain", "dropout+bn"):
                for name, runner in RUNNERS.items():
                    out = runner(data, args.epochs, config == "dropout+bn")
                    if out is not None:
                        results.setdefault((config, name), []).append(out)
    print(
        f"50000 x 100, 5 classes, hidden {HIDDEN}, batch {BATCH}, Adam lr {LR}, "
        f"{args.epochs} epochs, {args.repeats} interleaved runs, "
        f"{args.threads} threads"
    )
    header = (
        f"{'config':<11} {'model':<19} {'min s/ep':>9} {'median':>8} "
        f"{'test acc':>9} {'skreg/this':>11}"
    )
    print(header)
    print("-" * len(header))
    for config in ("plain", "dropout+bn"):
        skreg_time = min(t for t, _ in results[(config, "skreg")])
        for name in RUNNERS:
            if (config, name) not in results:
                continue
            runs = results[(config, name)]
            times = [t for t, _ in runs]
            accuracy = runs[-1][1]
            print(
                f"{config:<11} {name:<19} {min(times):9.3f} "
                f"{float(np.median(times)):8.3f} {accuracy:9.4f} "
                f"{skreg_time / min(times):11.2f}"
            )


if __name__ == "__main__":
    main()
