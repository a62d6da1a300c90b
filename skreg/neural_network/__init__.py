"""A small regularized neural network: dropout, batch and layer normalization,
L1/L2 penalties, decoupled weight decay, input noise and early stopping."""

from skreg.neural_network._mlp import MLPClassifier, MLPRegressor

__all__ = ["MLPClassifier", "MLPRegressor"]
