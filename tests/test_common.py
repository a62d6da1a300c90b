"""scikit-learn's common estimator checks over every public skreg estimator.

The estimators are found by walking the package (``skreg.all_estimators``),
so a new estimator is checked as soon as it exists.  An estimator that needs
non-default parameters for the checks to be meaningful (or fast) lists them
in ``CHECK_PARAMS``; an expected failure goes in ``EXPECTED_FAILED_CHECKS``
with the reason written next to it.
"""

from sklearn.utils.estimator_checks import parametrize_with_checks

from skreg import all_estimators

# Extra instances checked besides the default one: {name: [params, ...]}.
EXTRA_CONFIGURATIONS = {
    "MinMaxScaler": [{"clip": True, "feature_range": (-1, 2)}],
    "StandardScaler": [{"with_mean": False}, {"with_std": False}],
    "Lasso": [{"fit_intercept": False}, {"selection": "random"}],
    "ElasticNet": [{"l1_ratio": 0.2, "warm_start": True}],
    "LassoCV": [{"cv": 3, "alphas": 5}],
    "ElasticNetCV": [{"l1_ratio": [0.2, 0.8], "cv": 3, "alphas": 5}],
}

# {estimator name: {check name: reason}}: every entry needs a reason.
EXPECTED_FAILED_CHECKS = {}


def _instances():
    for name, cls in all_estimators():
        yield cls()
        for params in EXTRA_CONFIGURATIONS.get(name, []):
            yield cls(**params)


def _expected_failed_checks(estimator):
    return EXPECTED_FAILED_CHECKS.get(type(estimator).__name__, {})


def test_all_estimators_found():
    names = {name for name, _ in all_estimators()}
    assert {"MinMaxScaler", "StandardScaler"} <= names


@parametrize_with_checks(
    list(_instances()), expected_failed_checks=_expected_failed_checks
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
