"""Linear models with L1, L2, elastic-net and L0 penalties."""

from skreg.linear_model._l0 import L0Regressor, l0_path

__all__ = ["L0Regressor", "l0_path"]
