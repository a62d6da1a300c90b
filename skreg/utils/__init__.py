"""Utilities shared by skreg's estimators (progress reporting)."""

from skreg.utils._callbacks import SKLEARN_HAS_CALLBACKS, FitProgress, ProgressMixin

__all__ = ["SKLEARN_HAS_CALLBACKS", "FitProgress", "ProgressMixin"]
