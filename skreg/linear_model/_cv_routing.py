"""Metadata routing of the cross-validated estimators (scikit-learn's).

A CV estimator consumes ``sample_weight`` in ``fit`` itself and routes the
rest of ``fit``'s metadata to its CV splitter's ``split`` (``groups``, ...)
and, when it scores the folds with a scorer, to the scorer's ``score``
(in ``fit`` and in its own ``score``).  Without
``sklearn.set_config(enable_metadata_routing=True)`` a method takes no
metadata beyond its own parameters (``_raise_for_params`` refuses the
rest), the splitter gets nothing and the scorer only ``sample_weight``.
"""

from typing import NamedTuple

from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    _routing_enabled,
    process_routing,
)


class FitMetadata(NamedTuple):
    """The metadata of ``fit`` for the splitter's ``split`` and the scorer's
    ``score``."""

    split: dict
    score: dict


def cv_metadata_router(estimator, splitter, scorer=None):
    """The :class:`~sklearn.utils.metadata_routing.MetadataRouter` of a CV
    estimator: its own requests, ``fit`` to ``splitter.split`` and, with a
    ``scorer``, ``fit`` and ``score`` to ``scorer.score``."""
    router = (
        MetadataRouter(owner=estimator)
        .add_self_request(estimator)
        .add(
            splitter=splitter,
            method_mapping=MethodMapping().add(caller="fit", callee="split"),
        )
    )
    if scorer is not None:
        router.add(
            scorer=scorer,
            method_mapping=MethodMapping()
            .add(caller="score", callee="score")
            .add(caller="fit", callee="score"),
        )
    return router


def routed_fit_params(estimator, sample_weight, params):
    """Where ``estimator.fit(..., sample_weight=sample_weight, **params)``
    sends its metadata.

    Returns
    -------
    metadata : FitMetadata
        ``split``: the splitter's ``split`` parameters; ``score``: the
        scorer's ``score`` parameters (empty when the estimator routes to no
        scorer).
    """
    if not _routing_enabled():
        return FitMetadata(split={}, score=_weights_only(sample_weight))
    routed = process_routing(estimator, "fit", sample_weight=sample_weight, **params)
    score = routed.scorer.score if "scorer" in routed else {}
    return FitMetadata(split=routed.splitter.split, score=score)


def routed_score_params(estimator, sample_weight, params):
    """The scorer's ``score`` parameters of
    ``estimator.score(..., sample_weight=sample_weight, **params)``."""
    if not _routing_enabled():
        return _weights_only(sample_weight)
    return process_routing(
        estimator, "score", **params, **_weights_only(sample_weight)
    ).scorer.score


def _weights_only(sample_weight):
    return {} if sample_weight is None else {"sample_weight": sample_weight}
