"""Progress on long solves: tqdm bars on stderr, off when nobody is watching.

A bar is shown only when it helps: ``progress=True`` forces it, ``progress=False`` turns
it off, and the default (``None``) shows it when standard error is a terminal and the
environment variable ``CI`` is not set to a true value (``CI=true`` on continuous
integration), so logs and pipes stay clean. Bars go to standard error, never to standard
output, so a command's output (``--json``) stays parseable.

Four kinds of progress, for four kinds of solver:

* ``progress_bar``: a loop whose length is known (scenarios, components);
* ``ProgressExecutor``: jobs handed to a ``concurrent.futures`` executor, counted as
  they finish (``compare(..., workers=ProgressExecutor(...))``);
* ``log_progress``: a solver that reports nothing to its caller but logs one record
  per step on the ``multimodal`` logger (column generation iterations, consolidation
  components) advances a bar per record;
* ``time_progress``: a search that runs until its time limit (the routing engines,
  the hub location MIP) fills a bar with the elapsed time.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from tqdm import tqdm

__all__ = [
    "ProgressExecutor",
    "log_progress",
    "progress_bar",
    "progress_enabled",
    "time_progress",
]

T = TypeVar("T")

#: Values of ``$CI`` that turn progress bars off (any other non-empty value does too,
#: except the false words below).
_FALSE_WORDS = {"", "0", "false", "no", "off"}


def progress_enabled(progress: bool | None = None) -> bool:
    """Tell whether to show progress bars.

    Parameters
    ----------
    progress
        ``True`` or ``False`` decides; ``None`` (the default) decides automatically: on
        when standard error is a terminal and ``$CI`` is unset or false.

    Returns
    -------
    bool
        Whether a bar should be drawn.

    Examples
    --------
    >>> progress_enabled(False)
    False
    """
    if progress is not None:
        return bool(progress)
    if os.environ.get("CI", "").strip().lower() not in _FALSE_WORDS:
        return False
    stream = sys.stderr
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


def progress_bar(
    iterable: Iterable[T] | None = None,
    *,
    total: float | None = None,
    desc: str | None = None,
    unit: str = "it",
    progress: bool | None = None,
    bar_format: str | None = None,
) -> tqdm:
    """Return a tqdm bar on standard error, disabled when ``progress_enabled`` says so.

    Parameters
    ----------
    iterable
        Items to iterate over (optional: a bar without one is advanced by ``update``).
    total
        Expected number of steps (``None``: unknown, the bar counts and shows the rate).
    desc
        Label shown before the bar.
    unit
        Name of one step (``"scenario"``, ``"s"``).
    progress
        ``True``, ``False`` or ``None`` (automatic), as in ``progress_enabled``.
    bar_format
        tqdm's ``bar_format`` (default: tqdm's own layout).

    Returns
    -------
    tqdm.tqdm
        The bar; use it as a context manager or iterate over it. A disabled bar costs
        nothing and prints nothing.

    Examples
    --------
    >>> sum(progress_bar(range(3), progress=False))
    3
    """
    return tqdm(
        iterable,
        total=total,
        desc=desc,
        unit=unit,
        file=sys.stderr,
        disable=not progress_enabled(progress),
        leave=False,
        dynamic_ncols=True,
        bar_format=bar_format,
    )


class ProgressExecutor(concurrent.futures.Executor):
    """An executor that advances a progress bar each time one of its jobs finishes.

    Parameters
    ----------
    inner
        The executor that runs the jobs; ``None`` runs each job at once in the calling
        process, when it is submitted.
    total
        Number of jobs expected (for the bar's length).
    desc
        Label of the bar.
    unit
        Name of one job, after the count (``" network"``).
    progress
        ``True``, ``False`` or ``None`` (automatic), as in ``progress_enabled``.

    Notes
    -----
    Hand it to a function that takes an executor (``compare(..., workers=executor)``),
    then call ``shutdown`` (or use it as a context manager) to close the bar and the
    inner executor.
    """

    def __init__(
        self,
        inner: concurrent.futures.Executor | None = None,
        *,
        total: int | None = None,
        desc: str | None = None,
        unit: str = " job",
        progress: bool | None = None,
    ) -> None:
        self.inner = inner
        self.bar = progress_bar(total=total, desc=desc, unit=unit, progress=progress)
        self._lock = threading.Lock()

    def _advance(self, _future: concurrent.futures.Future[Any]) -> None:
        with self._lock:
            self.bar.update(1)

    def submit(
        self, fn: Callable[..., T], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[T]:
        """Submit ``fn(*args, **kwargs)``; the bar advances when it finishes.

        Parameters
        ----------
        fn
            The job (picklable when the inner executor is a process pool).
        *args, **kwargs
            Its arguments.

        Returns
        -------
        concurrent.futures.Future
            The job's future (already done when there is no inner executor).
        """
        if self.inner is not None:
            future = self.inner.submit(fn, *args, **kwargs)
        else:
            future = concurrent.futures.Future()
            try:
                future.set_result(fn(*args, **kwargs))
            except Exception as error:  # handed to the caller by future.result()
                future.set_exception(error)
        future.add_done_callback(self._advance)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Shut the inner executor down and close the bar.

        Parameters
        ----------
        wait
            Wait for running jobs (as ``concurrent.futures.Executor.shutdown``).
        cancel_futures
            Cancel the jobs not started yet.
        """
        if self.inner is not None:
            self.inner.shutdown(wait=wait, cancel_futures=cancel_futures)
        self.bar.close()


class _LogCounter(logging.Handler):
    """Advances a bar for each record whose message template starts with a prefix."""

    def __init__(self, bar: tqdm, prefixes: tuple[str, ...]) -> None:
        super().__init__(level=logging.DEBUG)
        self.bar = bar
        self.prefixes = prefixes

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, str) and record.msg.startswith(self.prefixes):
            self.bar.update(1)
            try:
                text = record.getMessage()
            except (TypeError, ValueError):  # pragma: no cover - a malformed record
                return
            self.bar.set_postfix_str(text.partition(":")[2].strip()[:60], refresh=False)


@contextmanager
def log_progress(
    prefixes: str | tuple[str, ...],
    *,
    desc: str | None = None,
    unit: str = "step",
    total: int | None = None,
    progress: bool | None = None,
    logger: str = "multimodal",
) -> Iterator[tqdm]:
    """Count a solver's steps by the records it logs, as a progress bar.

    For solvers that take no callback but log each step (``"column generation %d: ..."``
    at DEBUG, ``"consolidation component %d: ..."`` at INFO): the logger is opened to
    DEBUG for the duration (records below its former level are not passed on to the
    parent loggers' handlers, so nothing more is printed), and each record whose message
    template starts with one of ``prefixes`` advances the bar; the rest of its message
    becomes the bar's postfix.

    Parameters
    ----------
    prefixes
        Start of the message templates to count.
    desc, unit, total, progress
        As in ``progress_bar``.
    logger
        Name of the logger to listen to.

    Yields
    ------
    tqdm.tqdm
        The bar (closed on exit).

    Examples
    --------
    >>> import logging
    >>> with log_progress("step", desc="steps", progress=False):
    ...     logging.getLogger("multimodal").debug("step %d: fine", 1)
    """
    bar = progress_bar(total=total, desc=desc, unit=unit, progress=progress)
    if isinstance(prefixes, str):
        prefixes = (prefixes,)
    target = logging.getLogger(logger)
    level, propagate = target.level, target.propagate
    counter = _LogCounter(bar, prefixes)
    # The logger opens to DEBUG to see every step; what it passes on to its parents'
    # handlers is cut back to the level it had, so nothing more is printed.
    forward = _Forward(target.getEffectiveLevel(), target.parent) if propagate else None
    target.addHandler(counter)
    if forward is not None:
        target.addHandler(forward)
    target.setLevel(logging.DEBUG)
    target.propagate = False
    try:
        yield bar
    finally:
        target.removeHandler(counter)
        if forward is not None:
            target.removeHandler(forward)
        target.setLevel(level)
        target.propagate = propagate
        bar.close()


class _Forward(logging.Handler):
    """Hands records at or above a level to a parent logger's handlers (propagation)."""

    def __init__(self, level: int, parent: logging.Logger | None) -> None:
        super().__init__(level=level)
        self.parent = parent

    def emit(self, record: logging.LogRecord) -> None:
        if self.parent is not None:
            self.parent.handle(record)


@contextmanager
def time_progress(
    seconds: float | None,
    *,
    desc: str | None = None,
    progress: bool | None = None,
    interval_s: float = 0.5,
) -> Iterator[tqdm]:
    """Show the time spent against a time limit while a silent search runs.

    For searches that only stop at their time limit (or earlier, if they prove
    optimality) and say nothing meanwhile: a background thread fills the bar with the
    elapsed seconds; it stops when the block ends.

    Parameters
    ----------
    seconds
        The time limit (s); ``None`` shows elapsed time with no end.
    desc, progress
        As in ``progress_bar``.
    interval_s
        How often the bar is refreshed (s).

    Yields
    ------
    tqdm.tqdm
        The bar (closed on exit).

    Examples
    --------
    >>> with time_progress(1.0, progress=False):
    ...     pass
    """
    layout = (
        "{desc}: {elapsed}"
        if seconds is None
        else "{desc}: {percentage:3.0f}%|{bar}| {elapsed} of {total:.0f} s limit"
    )
    bar = progress_bar(total=seconds, desc=desc, unit="s", progress=progress, bar_format=layout)
    if bar.disable:
        try:
            yield bar
        finally:
            bar.close()
        return
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(interval_s):
            elapsed = bar.format_dict["elapsed"]
            bar.n = min(elapsed, seconds) if seconds is not None else elapsed
            bar.refresh()

    thread = threading.Thread(target=tick, name="multimodal-progress", daemon=True)
    thread.start()
    try:
        yield bar
    finally:
        stop.set()
        thread.join()
        bar.close()
