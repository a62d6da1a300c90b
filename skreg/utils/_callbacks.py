"""Progress reporting for iterative estimators: ``verbose`` and callbacks.

scikit-learn 1.9 introduced :mod:`sklearn.callback`: an estimator that
inherits :class:`sklearn.callback.CallbackSupportMixin` accepts
``est.set_callbacks(ProgressBar())``, and a meta-estimator such as
:class:`~sklearn.model_selection.GridSearchCV` propagates its callbacks to the
estimators it fits.  The estimator describes its work as a tree of tasks (the
fit, then one subtask per iteration, alpha or epoch) and calls a ``begin`` and
an ``end`` hook for each task.

:class:`ProgressMixin` packs that protocol into one context manager, so that
an iterative skreg estimator needs three lines::

    class MyEstimator(ProgressMixin, RegressorMixin, BaseEstimator):
        def fit(self, X, y):
            X, y = validate_data(self, X, y)
            with self._fit_progress(X, y, n_steps=self.max_iter) as progress:
                for it in range(self.max_iter):
                    ...  # one iteration
                    if progress.step(f"loss = {loss:.8f}"):
                        break  # a callback asked to stop
                self.coef_ = ...  # fitted attributes set inside the block
            return self

The same ``step`` call prints ``"Iteration 3, loss = 0.12345678"`` when the
estimator's ``verbose`` is positive (the format of scikit-learn's MLP).  On
scikit-learn < 1.9 the mixin adds no ``set_callbacks`` and ``step`` only
prints; the estimator works unchanged.
"""

from contextlib import contextmanager

try:  # scikit-learn >= 1.9
    from sklearn.callback import CallbackSupportMixin as _CallbackSupport
    from sklearn.callback import with_callbacks as _with_callbacks

    SKLEARN_HAS_CALLBACKS = True
except ImportError:  # pragma: no cover - exercised on scikit-learn < 1.9

    class _CallbackSupport:
        """Stand-in base when scikit-learn has no callback API."""

    _with_callbacks = None
    SKLEARN_HAS_CALLBACKS = False


def _teardown_callbacks(estimator):
    """Tear down the callbacks that ``_init_callback_context`` set up.

    scikit-learn's own estimators get this from ``_fit_context``; doing it here
    makes the context manager self-contained.  Running it twice is harmless:
    the second call finds no context and does nothing.
    """

    @_with_callbacks
    def _noop(est):
        return None

    _noop(estimator)


class FitProgress:
    """Reports the steps of one fit to ``verbose`` output and to callbacks.

    Made by :meth:`ProgressMixin._fit_progress`; not meant to be built
    directly.

    Attributes
    ----------
    n_steps_done : int
        Number of steps reported so far.
    """

    def __init__(self, estimator, X, y, *, n_steps, step_name, metadata):
        self._estimator = estimator
        self._X = X
        self._y = y
        self._metadata = metadata
        self._step_name = step_name
        self._verbose = getattr(estimator, "verbose", 0) or 0
        self._previous_attributes = None
        self._root = None
        self.n_steps_done = 0
        # Build the task tree only when someone listens: callbacks set on the
        # estimator, or a meta-estimator that propagated its context to it.
        # Otherwise a fit pays nothing for the machinery.
        listening = hasattr(estimator, "_skl_callbacks") or hasattr(
            estimator, "_parent_callback_ctx"
        )
        if SKLEARN_HAS_CALLBACKS and listening:
            self._root = estimator._init_callback_context(max_subtasks=n_steps)
            self._root.call_on_fit_task_begin(
                estimator=estimator, X=X, y=y, metadata=metadata
            )

    @property
    def active(self):
        """Whether callbacks receive the steps (False when nobody listens)."""
        return self._root is not None

    def step(self, message=None, reconstruction_attributes=None):
        """Report one finished step (iteration, alpha or epoch).

        Parameters
        ----------
        message : str or None, default=None
            Printed as ``"{step_name} {i}, {message}"`` when the estimator's
            ``verbose`` is positive.
        reconstruction_attributes : dict, callable or None, default=None
            The fitted attributes (``coef_``, ...) that make a copy of the
            estimator usable as if the fit had stopped after this step, or a
            function returning them; only evaluated when a callback asks for
            ``fitted_estimator``.

        Returns
        -------
        stop : bool
            True when a callback asks the estimator to stop iterating.
        """
        self.n_steps_done += 1
        if self._verbose > 0 and message is not None:
            print(f"{self._step_name} {self.n_steps_done}, {message}", flush=True)
        if self._root is None:
            return False
        # The begin hook sees the state left by the previous step, the end hook
        # the state after this one, as scikit-learn's L-BFGS bridge does.
        context = self._root.subcontext(task_name=self._step_name.lower())
        context.call_on_fit_task_begin(
            estimator=self._estimator,
            X=self._X,
            y=self._y,
            metadata=self._metadata,
            reconstruction_attributes=self._previous_attributes,
        )
        stop = context.call_on_fit_task_end(
            estimator=self._estimator,
            X=self._X,
            y=self._y,
            metadata=self._metadata,
            reconstruction_attributes=reconstruction_attributes,
        )
        self._previous_attributes = reconstruction_attributes
        return bool(stop)

    def _finish(self):
        self._root.call_on_fit_task_end(
            estimator=self._estimator,
            X=self._X,
            y=self._y,
            metadata=self._metadata,
            reconstruction_attributes={},
        )


class ProgressMixin(_CallbackSupport):
    """Mixin giving an iterative estimator ``verbose`` output and callbacks.

    On scikit-learn >= 1.9 it is :class:`sklearn.callback.CallbackSupportMixin`
    (so ``set_callbacks`` exists and :class:`sklearn.callback.ProgressBar`
    works, also through ``GridSearchCV`` and ``Pipeline``); on older versions
    it adds nothing but :meth:`_fit_progress`.  Put it left of
    :class:`~sklearn.base.BaseEstimator` in the bases.
    """

    @contextmanager
    def _fit_progress(
        self, X=None, y=None, *, n_steps=None, step_name="Iteration", metadata=None
    ):
        """Context manager around the iterative part of ``fit``.

        Parameters
        ----------
        X, y : array-like or None
            The (validated) training data, passed on to callbacks.
        n_steps : int or None, default=None
            The largest number of steps the fit can take (``max_iter``, the
            number of alphas); None when unknown.
        step_name : str, default="Iteration"
            Name of one step, e.g. ``"Iteration"``, ``"Epoch"``, ``"Alpha"``.
        metadata : dict or None, default=None
            Training metadata such as ``{"sample_weight": sw}``.

        Yields
        ------
        progress : FitProgress
            Call ``progress.step(...)`` once per finished step.
        """
        progress = FitProgress(
            self, X, y, n_steps=n_steps, step_name=step_name, metadata=metadata
        )
        if not progress.active:
            yield progress
            return
        try:
            yield progress
            progress._finish()
        finally:
            _teardown_callbacks(self)
