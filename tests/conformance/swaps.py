"""Which skreg names replace which scikit-learn names, and whose tests run.

One row per public skreg name that scikit-learn also has: the scikit-learn
namespace the test files import it from, and the test files (relative to the
installed ``sklearn`` package) that specify its behaviour.  A test file runs
when a row names it; every row is swapped for every file, as a user swapping
the classes in a conftest would.  Only names skreg exports may appear.

Adding a class, say ``LogisticRegression`` once skreg exports it, is one row::

    "LogisticRegression": (LINEAR_MODEL, "linear_model/tests/test_logistic.py"),
"""

LINEAR_MODEL = "sklearn.linear_model"
PREPROCESSING = "sklearn.preprocessing"
NEURAL_NETWORK = "sklearn.neural_network"

CD = (
    "linear_model/tests/test_coordinate_descent.py",
    "linear_model/tests/test_sparse_coordinate_descent.py",
)
RIDGE = "linear_model/tests/test_ridge.py"
SCALERS = "preprocessing/tests/test_data.py"
LOGISTIC = "linear_model/tests/test_logistic.py"
MLP = "neural_network/tests/test_mlp.py"

# skreg name: (scikit-learn namespace it is imported from, its test file(s))
SWAPS = {
    "Lasso": (LINEAR_MODEL, CD),
    "ElasticNet": (LINEAR_MODEL, CD),
    "LassoCV": (LINEAR_MODEL, CD),
    "ElasticNetCV": (LINEAR_MODEL, CD),
    "lasso_path": (LINEAR_MODEL, CD),
    "enet_path": (LINEAR_MODEL, CD),
    "Ridge": (LINEAR_MODEL, RIDGE),
    "RidgeCV": (LINEAR_MODEL, RIDGE),
    "StandardScaler": (PREPROCESSING, SCALERS),
    "MinMaxScaler": (PREPROCESSING, SCALERS),
    "MLPClassifier": (NEURAL_NETWORK, MLP),
    "MLPRegressor": (NEURAL_NETWORK, MLP),
    "MultiTaskElasticNet": (LINEAR_MODEL, CD),
    "MultiTaskLasso": (LINEAR_MODEL, CD),
    "MultiTaskElasticNetCV": (LINEAR_MODEL, CD),
    "MultiTaskLassoCV": (LINEAR_MODEL, CD),
    "LogisticRegression": (LINEAR_MODEL, LOGISTIC),
    "LogisticRegressionCV": (LINEAR_MODEL, LOGISTIC),
}


def spec_files():
    """The test files to run, in table order, without repetition."""
    files = []
    for _, row_files in SWAPS.values():
        files += [row_files] if isinstance(row_files, str) else list(row_files)
    return list(dict.fromkeys(files))
