"""The ``def`` entry points of skreg's compiled modules, for the fuzz test.

Each entry: (name, function, argument roles).  Roles are understood by
``_fuzz_worker.make_argument``: "X"/"out" (n x p matrix), "vec_p", "vec_n",
"opt_vec_n" (None or a vector), "opt_clip" (None or a pair), "float", "int".
A compiled module adds its entry points here.
"""

from skreg import _scale

ENTRY_POINTS = [
    ("_scale.column_min_max", _scale.column_min_max, ["X"]),
    ("_scale.column_mean_m2", _scale.column_mean_m2, ["X", "opt_vec_n"]),
    ("_scale.subtract_divide", _scale.subtract_divide, ["X", "out", "vec_p", "vec_p"]),
    (
        "_scale.multiply_add",
        _scale.multiply_add,
        ["X", "out", "vec_p", "vec_p", "opt_clip"],
    ),
]
