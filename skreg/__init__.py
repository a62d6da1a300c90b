"""skreg: regularized estimators that drop into scikit-learn.

Every estimator minimizes an empirical risk plus ``alpha`` times a penalty
J(f); each docstring states the exact objective so that ``alpha`` maps onto
the lambda of the regularization note.
"""

from skreg._discovery import all_estimators
from skreg._version import __version__
from skreg.linear_model import (
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    enet_path,
    lasso_path,
)
from skreg.preprocessing import MinMaxScaler, StandardScaler

__all__ = [
    "ElasticNet",
    "ElasticNetCV",
    "Lasso",
    "LassoCV",
    "enet_path",
    "lasso_path",
    "MinMaxScaler",
    "StandardScaler",
    "__version__",
    "all_estimators",
]
