"""Plots of fitted skreg models, in scikit-learn's Display convention."""

from skreg.inspection._displays import RegularizationPathDisplay, TrainingHistoryDisplay

__all__ = ["RegularizationPathDisplay", "TrainingHistoryDisplay"]
