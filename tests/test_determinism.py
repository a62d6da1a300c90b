"""The same random_state gives bitwise-identical fitted attributes."""

import numpy as np
import pytest
from sklearn.base import is_classifier

from skreg import all_estimators

# Keep slow estimators quick; the property does not depend on convergence.
FAST_PARAMS = {
    "MLPClassifier": {"max_iter": 5, "dropout": 0.2, "normalization": "batch"}
}


# Non-default configurations where the randomness is used differently: the
# gd solver's random power-iteration start (Ridge uses no randomness
# otherwise), SGD with early stopping (random validation split), input noise,
# float64 training and the L1 penalty's proximal path in the MLP.
EXTRA_RANDOM_CONFIGURATIONS = {
    "Ridge": [("gd", {"solver": "gd"})],
    "MLPClassifier": [
        (
            "sgd-early-stopping",
            {"solver": "sgd", "early_stopping": True, "n_iter_no_change": 2},
        ),
        (
            "float64-noise-l1",
            {"dtype": "float64", "input_noise": 0.1, "l1_ratio": 0.5},
        ),
    ],
}


def _randomized_configurations():
    """Every estimator with a random_state, plus its random selection mode."""
    for name, cls in all_estimators():
        params = cls().get_params()
        if "random_state" not in params:
            continue
        base = dict(FAST_PARAMS.get(name, {}), random_state=0)
        yield pytest.param(cls, base, id=name)
        if "selection" in params:
            yield pytest.param(
                cls, {**base, "selection": "random"}, id=f"{name}-random"
            )
        for suffix, extra in EXTRA_RANDOM_CONFIGURATIONS.get(name, []):
            yield pytest.param(cls, {**base, **extra}, id=f"{name}-{suffix}")


def _data(estimator):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 8))
    if is_classifier(estimator):
        return X, (X[:, 0] + 0.5 * rng.normal(size=120) > 0).astype(int)
    y = X @ rng.normal(size=8) + 0.1 * rng.normal(size=120)
    if not estimator.__sklearn_tags__().target_tags.single_output:
        return X, np.column_stack([y, X @ rng.normal(size=8)])
    return X, y


def _fitted_attributes(estimator):
    return {
        key: value
        for key, value in vars(estimator).items()
        if key.endswith("_") and not key.startswith("_")
    }


def _assert_bitwise_equal(a, b, path):
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape, path
        assert a.tobytes() == b.tobytes(), path
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _assert_bitwise_equal(x, y, f"{path}[{i}]")
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for key in a:
            _assert_bitwise_equal(a[key], b[key], f"{path}[{key!r}]")
    elif isinstance(a, float):
        assert np.float64(a).tobytes() == np.float64(b).tobytes(), path
    else:
        assert type(a) is type(b), path
        if isinstance(a, (int, str, bool, np.generic)) or a is None:
            assert a == b or (a != a and b != b), path


@pytest.mark.parametrize("cls, params", list(_randomized_configurations()))
def test_same_random_state_is_bitwise_reproducible(cls, params):
    first = cls(**params)
    X, y = _data(first)
    first.fit(X, y)
    second = cls(**params).fit(X, y)
    a, b = _fitted_attributes(first), _fitted_attributes(second)
    assert a.keys() == b.keys()
    for key in a:
        _assert_bitwise_equal(a[key], b[key], key)


@pytest.mark.parametrize("name", ["LassoCV", "ElasticNetCV"])
def test_parallel_cv_is_bitwise_equal_to_serial(name):
    # Fold fits run in threads with n_jobs; the result must not depend on it.
    cls = dict(all_estimators())[name]
    X, y = _data(cls())
    serial = cls(n_jobs=1, random_state=0).fit(X, y)
    parallel = cls(n_jobs=2, random_state=0).fit(X, y)
    a, b = _fitted_attributes(serial), _fitted_attributes(parallel)
    assert a.keys() == b.keys()
    for key in a:
        _assert_bitwise_equal(a[key], b[key], key)
