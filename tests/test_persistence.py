"""Every fitted skreg estimator survives pickle, joblib and skops round trips.

The estimators are found by ``skreg.all_estimators()`` (with the extra
configurations of the common checks), so a new estimator is covered as soon
as it exists.  "Survives" means: the reloaded copy gives bit-identical
predictions, probabilities, decision values and transforms.
"""

import pickle

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_diabetes, load_iris
from sklearn.utils import get_tags
from test_common import EXTRA_CONFIGURATIONS

from skreg import all_estimators

OUTPUT_METHODS = (
    "predict",
    "predict_proba",
    "predict_log_proba",
    "decision_function",
    "transform",
    "score_samples",
)


def _instances():
    for name, cls in all_estimators():
        yield pytest.param(cls(), id=name)
        for i, params in enumerate(EXTRA_CONFIGURATIONS.get(name, [])):
            yield pytest.param(cls(**params), id=f"{name}-{i}")


def _fitted(estimator):
    """Fit on a bundled dataset that suits the estimator's type."""
    estimator = clone(estimator)
    if hasattr(estimator, "random_state"):
        estimator.set_params(random_state=0)
    if get_tags(estimator).estimator_type == "classifier":
        X, y = load_iris(return_X_y=True)
        if not get_tags(estimator).classifier_tags.multi_class:
            X, y = X[y < 2], y[y < 2]  # binary-only (liblinear)
    else:
        X, y = load_diabetes(return_X_y=True)
        if not get_tags(estimator).target_tags.single_output:
            y = np.column_stack([y, X[:, 2] * 100.0])
    return estimator.fit(X, y), X


def _outputs(estimator, X):
    return {
        method: getattr(estimator, method)(X)
        for method in OUTPUT_METHODS
        if hasattr(estimator, method)
    }


def _assert_same_outputs(original, reloaded, X):
    expected = _outputs(original, X)
    assert expected, f"{type(original).__name__} has no output method"
    got = _outputs(reloaded, X)
    assert got.keys() == expected.keys()
    for method, value in expected.items():
        np.testing.assert_array_equal(got[method], value, err_msg=method)
    assert type(reloaded) is type(original)
    assert reloaded.get_params() == original.get_params()


@pytest.mark.parametrize("estimator", _instances())
def test_pickle_round_trip(estimator):
    fitted, X = _fitted(estimator)
    reloaded = pickle.loads(pickle.dumps(fitted, protocol=pickle.HIGHEST_PROTOCOL))
    _assert_same_outputs(fitted, reloaded, X)


@pytest.mark.parametrize("estimator", _instances())
def test_joblib_round_trip(estimator, tmp_path):
    fitted, X = _fitted(estimator)
    path = tmp_path / "model.joblib"
    joblib.dump(fitted, path)
    _assert_same_outputs(fitted, joblib.load(path), X)


@pytest.mark.parametrize("estimator", _instances())
def test_skops_round_trip(estimator):
    sio = pytest.importorskip("skops.io")
    fitted, X = _fitted(estimator)
    dumped = sio.dumps(fitted)
    untrusted = sio.get_untrusted_types(data=dumped)
    # The user is asked to trust skreg's own classes, and nothing else: every
    # fitted attribute is made of types skops trusts by default.
    assert all(name.startswith("skreg.") for name in untrusted), untrusted
    assert f"{type(fitted).__module__}.{type(fitted).__qualname__}" in untrusted
    with pytest.raises(sio.exceptions.UntrustedTypesFoundException):
        sio.loads(dumped)
    _assert_same_outputs(fitted, sio.loads(dumped, trusted=untrusted), X)
