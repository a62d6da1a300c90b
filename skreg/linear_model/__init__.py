"""Linear models with L1, L2, elastic-net and L0 penalties."""

from skreg.linear_model._l0 import L0Regressor, l0_path
from skreg.linear_model._l0_selection import L0RegressorCV, L0RegressorIC
from skreg.linear_model._lasso import (
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    enet_path,
    lasso_path,
)
from skreg.linear_model._lasso_ic import ElasticNetIC, LassoIC
from skreg.linear_model._logistic import LogisticRegression, logistic_regression_path
from skreg.linear_model._multitask import (
    MultiTaskElasticNet,
    MultiTaskElasticNetCV,
    MultiTaskLasso,
    MultiTaskLassoCV,
)
from skreg.linear_model._ridge import Ridge
from skreg.linear_model._ridge_cv import RidgeCV
from skreg.linear_model._sparse import (
    SparseClassifier,
    SparseRegressor,
    sparse_logistic_path,
    sparse_regression_path,
)
from skreg.linear_model._sparse_selection import (
    SparseClassifierCV,
    SparseRegressorCV,
    SparseRegressorIC,
)

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
    "Ridge",
    "RidgeCV",
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
