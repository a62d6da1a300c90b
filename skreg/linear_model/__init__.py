"""Linear models with L1, L2, elastic-net and L0 penalties."""

from skreg.linear_model._ridge import Ridge
from skreg.linear_model._ridge_cv import RidgeCV

__all__ = ["Ridge", "RidgeCV"]
