"""Linear models with L1, L2, elastic-net and L0 penalties."""

from skreg.linear_model._ridge import Ridge, RidgeCV

__all__ = ["Ridge", "RidgeCV"]
