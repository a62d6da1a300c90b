"""Test configuration shared by every test module."""

import os

# scikit-learn's common checks run the array-API input check (with the NumPy
# namespace) only when SciPy's array-API mode is on; it must be set before
# SciPy is first imported, hence here and not in a fixture.
os.environ.setdefault("SCIPY_ARRAY_API", "1")
