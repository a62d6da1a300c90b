"""Linear models with L1, L2, elastic-net and L0 penalties."""

from skreg.linear_model._lasso import (
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    enet_path,
    lasso_path,
)

__all__ = [
    "ElasticNet",
    "ElasticNetCV",
    "Lasso",
    "LassoCV",
    "enet_path",
    "lasso_path",
]
