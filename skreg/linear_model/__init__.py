"""Linear models with L1, L2, elastic-net and L0 penalties."""

from skreg.linear_model._l0 import L0Regressor, l0_path
from skreg.linear_model._ridge import Ridge
from skreg.linear_model._ridge_cv import RidgeCV

__all__ = ["L0Regressor", "Ridge", "RidgeCV", "l0_path"]
