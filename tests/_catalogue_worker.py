"""Subprocess side of the bad-input catalogue (see test_bad_input.py).

Usage: ``python _catalogue_worker.py CONFIG CASE [CASE ...]``.  Runs each case
against the estimator configuration and prints one JSON line per case:
``{"case": ..., "outcome": "finite" | "error" | "nonfinite" | "wrong_error"
| "wrong_result",
"detail": ...}``.  A crash (segfault, abort) kills the process, which the
parent sees as a missing line and a non-zero return code.
"""

import json
import sys
import warnings

import numpy as np
from catalogue import CASES, SCALES, make_estimator, scale_equivalent
from sklearn.base import is_classifier, is_regressor


def _kind(estimator):
    if is_classifier(estimator):
        return "classifier"
    if is_regressor(estimator):
        if not estimator.__sklearn_tags__().target_tags.single_output:
            return "multitask_regressor"
        return "regressor"
    return "transformer"


def _outputs(estimator, X_eval):
    if hasattr(estimator, "predict"):
        yield np.asarray(estimator.predict(X_eval))
    if hasattr(estimator, "predict_proba"):
        yield np.asarray(estimator.predict_proba(X_eval))
    if hasattr(estimator, "transform"):
        out = estimator.transform(X_eval)
        yield np.asarray(out.toarray() if hasattr(out, "toarray") else out)


def _finite_where_input_is(output, X_eval, allow_nan):
    """Finite outputs, except NaN that a NaN-accepting transformer keeps."""
    output = np.asarray(output, dtype=float) if output.dtype.kind != "U" else None
    if output is None:
        return True
    if allow_nan and output.shape == np.shape(X_eval):
        return bool(np.all(np.isfinite(output) | np.isnan(np.asarray(X_eval, float))))
    return bool(np.all(np.isfinite(output)))


def run_case(config_name, case_name):
    estimator = make_estimator(config_name)
    case = CASES[case_name]
    kind = _kind(estimator)
    allow_nan = estimator.__sklearn_tags__().input_tags.allow_nan
    X, y, X_eval, expect = case(kind)
    if allow_nan and case_name in {"nan_in_X"}:
        expect = None  # NaN is part of the scalers' contract
    if kind == "transformer" and case_name == "nan_in_y":
        expect = None  # transformers ignore y
    equivalent = None
    if case_name in SCALES:
        equivalent = scale_equivalent(estimator, SCALES[case_name])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            estimator.fit(X, y)
            outputs = list(_outputs(estimator, X_eval))
    except (ValueError, TypeError) as exc:
        message = str(exc)
        if expect is None or any(word.lower() in message.lower() for word in expect):
            return {"outcome": "error", "detail": message[:200]}
        return {
            "outcome": "wrong_error",
            "detail": f"{type(exc).__name__}: {message[:200]}",
        }
    except Exception as exc:  # any other exception type is a failure too
        return {
            "outcome": "wrong_error",
            "detail": f"{type(exc).__name__}: {exc}"[:300],
        }
    if case_name == "wrong_n_features":
        return {"outcome": "nonfinite", "detail": "wrong n_features was accepted"}
    for output in outputs:
        if not _finite_where_input_is(output, X_eval, allow_nan):
            return {"outcome": "nonfinite", "detail": "non-finite output"}
    if equivalent is not None:
        mismatch = _scale_mismatch(equivalent, X, y, X_eval, outputs, case_name)
        if mismatch:
            return {"outcome": "wrong_result", "detail": mismatch}
        return {"outcome": "finite", "detail": "matches the unscaled fit"}
    return {"outcome": "finite", "detail": ""}


def _scale_mismatch(equivalent, X, y, X_eval, outputs, case_name):
    """Compare with the equivalent estimator fitted on the unscaled X."""
    scale = SCALES[case_name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        equivalent.fit(X / scale, y)
        expected = list(_outputs(equivalent, X_eval / scale))
    for got, want in zip(outputs, expected, strict=True):
        reference = np.abs(want).max() + 1.0
        if not np.allclose(got, want, rtol=1e-6, atol=1e-6 * reference):
            error = np.abs(np.asarray(got, float) - want).max()
            return f"differs from the unscaled fit by {error:.3g}"
    return ""


def main():
    config_name, *case_names = sys.argv[1:]
    for case_name in case_names:
        result = run_case(config_name, case_name)
        result["case"] = case_name
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
