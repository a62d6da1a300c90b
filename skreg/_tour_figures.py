"""Writing the tour's figures: ``python -m skreg tour --out DIR``.

A tour case that draws a Display (a regularization path, a training
history) hands it to :func:`save_display`, which writes the figure as a PNG
under the output folder and closes it, so a long tour does not accumulate
open figures.
"""

from pathlib import Path


def save_display(display, out_dir, filename):
    """Save ``display.figure_`` as ``out_dir/filename`` and close the figure.

    Parameters
    ----------
    display : Display object
        Anything with a ``figure_`` (the result of ``from_estimator`` or
        ``plot``).
    out_dir : str, path or None
        Output folder, created if needed; None saves nothing.
    filename : str
        File name, e.g. ``"lasso_path_diabetes.png"``.

    Returns
    -------
    path : pathlib.Path or None
        The file written, or None when ``out_dir`` is None.
    """
    import matplotlib.pyplot as plt

    try:
        if out_dir is None:
            return None
        path = Path(out_dir) / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        display.figure_.savefig(path, dpi=110, bbox_inches="tight")
        return path
    finally:
        plt.close(display.figure_)
