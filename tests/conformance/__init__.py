"""scikit-learn's own test files run against skreg (see ``__main__.py``)."""
