"""Linear models with L1, L2, elastic-net and L0 penalties."""

__all__ = []
