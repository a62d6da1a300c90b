"""Find skreg's public estimators by walking the package."""

import inspect
import pkgutil
from importlib import import_module

from sklearn.base import BaseEstimator


def all_estimators():
    """Return every public estimator class that skreg defines.

    Like :func:`sklearn.utils.discovery.all_estimators`, the package is walked
    module by module, so an estimator is found as soon as its module exists;
    nothing has to be registered by hand.

    Returns
    -------
    estimators : list of (name, class) tuples
        Sorted by name; each class is a concrete subclass of
        :class:`~sklearn.base.BaseEstimator` whose name does not start with an
        underscore.
    """
    import skreg

    found = {}
    for module_info in pkgutil.walk_packages(skreg.__path__, prefix="skreg."):
        parts = module_info.name.split(".")
        if any(part in {"tests", "_tour", "__main__"} for part in parts):
            continue
        module = import_module(module_info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, BaseEstimator)
                and not name.startswith("_")
                and cls.__module__.startswith("skreg")
                and not inspect.isabstract(cls)
            ):
                found[name] = cls
    return sorted(found.items())
