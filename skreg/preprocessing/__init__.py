"""Feature scaling: the note's min-max normalization and standardization."""

from skreg.preprocessing._scalers import MinMaxScaler, StandardScaler

__all__ = ["MinMaxScaler", "StandardScaler"]
