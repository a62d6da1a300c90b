"""The bad-input catalogue: estimator configurations x hostile inputs.

Each case is a function ``case(kind) -> (X, y, X_eval, expect)`` where
``kind`` is "regressor", "multitask_regressor" (2-D y), "classifier" or
"transformer", and ``expect`` is a
tuple of words of which an error message must contain at least one (the
problem named), or None when a correct finite result is the only acceptable
outcome.  Fitting must either succeed with finite outputs or raise
ValueError/TypeError naming the problem.
"""

import numpy as np

import skreg

N, P = 40, 5


def _base(kind, n=N, p=P, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    if kind == "classifier":
        y = np.arange(n) % 2
    else:
        y = X @ rng.normal(size=p) + 0.1 * rng.normal(size=n)
    if kind == "multitask_regressor":
        y = np.column_stack([y, X @ rng.normal(size=p)])
    return X, (None if kind == "transformer" else y)


def _with(X_fn=None, y_fn=None, expect=None, eval_fn=None):
    def case(kind):
        X, y = _base(kind)
        if X_fn is not None:
            X = X_fn(X)
        if y_fn is not None and y is not None:
            y = y_fn(y, kind)
        X_eval = X if eval_fn is None else eval_fn(X)
        return X, y, X_eval, expect

    return case


def _set(X, value):
    X = X.copy()
    X[3, 1] = value
    return X


def _nan_y(y, kind):
    y = y.astype(float)
    y[2] = np.nan
    return y


def _one_sample(kind):
    X, y = _base(kind, n=1)
    return X, y, X, ("1 sample", "n_samples=1", "minimum", "samples", "class")


def _empty(kind):
    X, y = (
        _base(kind, n=0) if kind == "transformer" else (np.empty((0, P)), np.empty(0))
    )
    return X, y, X, ("0 sample", "empty", "minimum")


def _zero_features(kind):
    X, y = _base(kind)
    return X[:, :0], y, X[:, :0], ("0 feature", "minimum", "features")


def _three_d(kind):
    X, y = _base(kind)
    return X.reshape(N, P, 1), y, X.reshape(N, P, 1), ("3", "dim", "2D")


def _strings(kind):
    X, y = _base(kind)
    words = np.full(X.shape, "abc", dtype=object)
    return words, y, words, ("string", "convert", "dtype")


def _complex(kind):
    X, y = _base(kind)
    return X + 1j, y, X + 1j, ("complex",)


def _strided(kind):
    X, y = _base(kind)
    wide = np.repeat(X, 2, axis=1)[:, ::2]
    return wide, y, wide, None


def _read_only(kind):
    X, y = _base(kind)
    X.setflags(write=False)
    if y is not None:
        y.setflags(write=False)
    return X, y, X, None


def _wrong_n_features(kind):
    X, y = _base(kind)
    return X, y, X[:, :-1], ("features",)


def _duplicated_columns(X):
    X = X.copy()
    X[:, 2] = X[:, 1]
    return X


def _constant_columns(X):
    X = X.copy()
    X[:, 0] = 3.0
    return X


CASES = {
    "nan_in_X": _with(lambda X: _set(X, np.nan), expect=("NaN",)),
    "inf_in_X": _with(lambda X: _set(X, np.inf), expect=("inf",)),
    "nan_in_y": _with(y_fn=_nan_y, expect=("NaN",)),
    "empty": _empty,
    "one_sample": _one_sample,
    "zero_features": _zero_features,
    "three_d": _three_d,
    "strings": _strings,
    "complex": _complex,
    "huge_values": _with(lambda X: X * 1e150),
    "tiny_values": _with(lambda X: X * 1e-150),
    "strided": _strided,
    "read_only": _read_only,
    "int_dtype": _with(lambda X: np.rint(X * 10).astype(np.int64)),
    "bool_dtype": _with(lambda X: X > 0),
    "constant_columns": _with(_constant_columns),
    "duplicated_columns": _with(_duplicated_columns),
    "wrong_n_features": _wrong_n_features,
    "float32": _with(lambda X: X.astype(np.float32)),
}

# Estimator configurations: every public estimator with its defaults, plus
# the main non-default ones.  A configuration naming an estimator skreg does
# not (yet) have is skipped by the test.
EXTRA = {
    "Ridge(solver=cg)": ("Ridge", {"solver": "cg"}),
    "Ridge(solver=lsqr)": ("Ridge", {"solver": "lsqr"}),
    "Ridge(solver=gd)": ("Ridge", {"solver": "gd"}),
    "MLPClassifier(dropout+batch)": (
        "MLPClassifier",
        {"dropout": 0.2, "normalization": "batch", "max_iter": 20},
    ),
    "MLPRegressor(dropout+batch)": (
        "MLPRegressor",
        {"dropout": 0.2, "normalization": "batch", "max_iter": 20},
    ),
    "MLPRegressor(lbfgs)": ("MLPRegressor", {"solver": "lbfgs", "max_iter": 20}),
    "StandardScaler(with_mean=False)": ("StandardScaler", {"with_mean": False}),
}
FAST_PARAMS = {"MLPClassifier": {"max_iter": 20}, "MLPRegressor": {"max_iter": 20}}


def _registry():
    estimators = dict(skreg.all_estimators())
    configs = {name: (name, FAST_PARAMS.get(name, {})) for name in estimators}
    for name, (cls_name, params) in EXTRA.items():
        if cls_name in estimators:
            configs[name] = (cls_name, {**FAST_PARAMS.get(cls_name, {}), **params})
    return estimators, configs


def configuration_names():
    return sorted(_registry()[1])


def make_estimator(config_name):
    estimators, configs = _registry()
    cls_name, params = configs[config_name]
    estimator = estimators[cls_name]()
    return estimator.set_params(
        **{k: v for k, v in params.items() if k in estimator.get_params()}
    )


# Hostile scalings of X, for the scale-equivalence check below.
SCALES = {"huge_values": 1e150, "tiny_values": 1e-150}
_DIRECT_RIDGE_SOLVERS = ("auto", "cholesky", "svd")


def scale_equivalent(estimator, scale):
    """An estimator whose fit on X equals ``estimator``'s fit on ``scale * X``.

    Where the model is scale-equivariant, "a correct finite result" on a
    hugely or tinily scaled X can be checked exactly: its predictions (or
    transformed output) must match those of this estimator fitted on the
    unscaled X.  Returns None where no such exact relation holds (the CV
    estimators' grids, the MLP, the iterative Ridge solvers' tolerances).
    """
    from sklearn.base import clone

    name = type(estimator).__name__
    params = estimator.get_params()
    equivalent = clone(estimator)
    if "random_state" in params:
        estimator.set_params(random_state=0)
        equivalent.set_params(random_state=0)
    if name == "MinMaxScaler" and scale < 1:
        # A data range below 10 * eps (absolute) counts as constant, exactly
        # as in scikit-learn's MinMaxScaler (parity, checked in
        # test_scalers): a range of 1e-150 is not rescaled to [0, 1].
        return None
    if name in ("StandardScaler", "MinMaxScaler", "L0Regressor"):
        # Standardized / min-max output and the best-subset least-squares
        # fit are invariant to a common rescaling of the columns.
        return equivalent
    if name == "Ridge" and params["solver"] in _DIRECT_RIDGE_SOLVERS:
        # ||y - s X w||^2 + a ||w||^2 with v = s w: penalty a / s^2.
        return equivalent.set_params(alpha=params["alpha"] / scale**2)
    if name == "Lasso":
        return equivalent.set_params(alpha=params["alpha"] / scale)
    if name == "ElasticNet":
        l1 = params["alpha"] * params["l1_ratio"] / scale
        l2 = params["alpha"] * (1 - params["l1_ratio"]) / scale**2
        return equivalent.set_params(alpha=l1 + l2, l1_ratio=l1 / (l1 + l2))
    return None
