"""skreg: regularized estimators that drop into scikit-learn.

Every estimator minimizes an empirical risk plus ``alpha`` times a penalty
J(f); each docstring states the exact objective so that ``alpha`` maps onto
the lambda of the regularization note.
"""

from skreg._discovery import all_estimators
from skreg._version import __version__
from skreg.inspection import RegularizationPathDisplay, TrainingHistoryDisplay
from skreg.linear_model import (
    ElasticNet,
    ElasticNetCV,
    ElasticNetIC,
    L0Regressor,
    L0RegressorCV,
    L0RegressorIC,
    Lasso,
    LassoCV,
    LassoIC,
    LogisticRegression,
    MultiTaskElasticNet,
    MultiTaskElasticNetCV,
    MultiTaskLasso,
    MultiTaskLassoCV,
    Ridge,
    RidgeCV,
    SparseClassifier,
    SparseClassifierCV,
    SparseRegressor,
    SparseRegressorCV,
    SparseRegressorIC,
    enet_path,
    l0_path,
    lasso_path,
    logistic_regression_path,
    sparse_logistic_path,
    sparse_regression_path,
)
from skreg.neural_network import MLPClassifier, MLPRegressor
from skreg.preprocessing import MinMaxScaler, StandardScaler

__all__ = [
    "ElasticNet",
    "ElasticNetCV",
    "ElasticNetIC",
    "L0Regressor",
    "L0RegressorCV",
    "L0RegressorIC",
    "Lasso",
    "LassoCV",
    "LassoIC",
    "LogisticRegression",
    "MLPClassifier",
    "MLPRegressor",
    "MinMaxScaler",
    "RegularizationPathDisplay",
    "Ridge",
    "RidgeCV",
    "StandardScaler",
    "TrainingHistoryDisplay",
    "__version__",
    "all_estimators",
    "enet_path",
    "l0_path",
    "lasso_path",
    "MultiTaskElasticNet",
    "MultiTaskElasticNetCV",
    "MultiTaskLasso",
    "MultiTaskLassoCV",
    "logistic_regression_path",
    "SparseClassifier",
    "SparseClassifierCV",
    "SparseRegressor",
    "SparseRegressorCV",
    "SparseRegressorIC",
    "sparse_logistic_path",
    "sparse_regression_path",
]
