"""What every OR-Tools model in ``multimodal`` reports about its solve.

One ``SolveInfo`` per solve: status, objective, best bound, gap and time. Solver status
is never hidden: a solve stopped by its time limit says so (``status == "feasible"``,
``time_limit_reached``), and ``gap`` tells how far from proven optimal it may be.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import math
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
import types
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from . import exceptions
from .exceptions import ModelTooLargeError, ParameterError, SolverError, TimeLimitWarning

#: Statuses, in words that do not depend on the backend.
OPTIMAL = "optimal"
FEASIBLE = "feasible"  # a solution, not proven optimal (time limit, gap limit)
INFEASIBLE = "infeasible"
UNBOUNDED = "unbounded"
NOT_SOLVED = "not_solved"  # stopped before any solution was found


@dataclass(frozen=True)
class SolveInfo:
    """How a solve ended.

    Attributes
    ----------
    solver
        The backend, e.g. ``"HiGHS"``, ``"CP-SAT"``, ``"OR-Tools routing"``.
    status
        One of ``"optimal"``, ``"feasible"``, ``"infeasible"``, ``"unbounded"``,
        ``"not_solved"``.
    objective
        Objective value of the returned solution (NaN if there is none).
    best_bound
        Best proven bound on the optimum (NaN if the backend gives none).
    solve_time_s
        Wall-clock seconds spent in the solver.
    time_limit_reached
        Whether the solver stopped on its time limit.
    build_time_s
        Wall-clock seconds spent building the model before the solver's clock started
        (counted against the time limit where the solver checks it; see
        docs/assignment-solvers.md, "Time and memory limits").
    time_limit_s
        The time limit the solve was given, seconds (None: none).
    hard_stopped
        Whether the solve ran past its time limit plus the stated margin
        (``hard_stop_margin_s``) and its process was killed: no solution comes back
        from a killed solve (``status == "not_solved"``, "no incumbent").
    """

    solver: str
    status: str
    objective: float = math.nan
    best_bound: float = math.nan
    solve_time_s: float = 0.0
    time_limit_reached: bool = False
    build_time_s: float = 0.0
    time_limit_s: float | None = None
    hard_stopped: bool = False

    @property
    def gap(self) -> float:
        """Relative optimality gap ``|objective - bound| / max(|objective|, 1e-9)``.

        Zero for a proven optimum, NaN when no bound is known.
        """
        if self.status == OPTIMAL:
            return 0.0
        if math.isnan(self.objective) or math.isnan(self.best_bound):
            return math.nan
        return abs(self.objective - self.best_bound) / max(abs(self.objective), 1e-9)

    @property
    def is_optimal(self) -> bool:
        """Whether the solution is proven optimal."""
        return self.status == OPTIMAL

    @property
    def has_solution(self) -> bool:
        """Whether a (possibly suboptimal) solution is available."""
        return self.status in (OPTIMAL, FEASIBLE)

    def warn_if_stopped(self, what: str = "solve") -> None:
        """Warn with ``TimeLimitWarning`` when the solve stopped before proving optimality.

        Parameters
        ----------
        what
            The solve, for the message (``"hub location"``).
        """
        if self.status == FEASIBLE:
            message = (
                f"{what} stopped before proving optimality ({self.solver}, "
                f"{self.solve_time_s:.1f} s): gap {self.gap:.2%}"
            )
            warnings.warn(message, TimeLimitWarning, stacklevel=3)
        elif self.status == NOT_SOLVED and self.time_limit_reached:
            message = (
                f"{what} stopped at its time limit before finding a solution ({self.solver}, "
                f"{self.solve_time_s:.1f} s): no incumbent"
            )
            if self.hard_stopped:
                message += f" (killed {hard_stop_margin_s(self.time_limit_s):g} s past the limit)"
            warnings.warn(message, TimeLimitWarning, stacklevel=3)

    def __str__(self) -> str:
        if self.status == NOT_SOLVED:
            text = f"{self.solver}: {self.status}, no incumbent"
        else:
            text = f"{self.solver}: {self.status}, objective {self.objective:,.6g}"
        if not math.isnan(self.best_bound):
            text += f", bound {self.best_bound:,.6g}, gap {self.gap:.3%}"
        text += f", {self.solve_time_s:.2f} s"
        if self.build_time_s:
            text += f" (+ {self.build_time_s:.2f} s building the model)"
        if self.hard_stopped:
            text += f" (killed {hard_stop_margin_s(self.time_limit_s):g} s past its time limit)"
        elif self.time_limit_reached:
            text += " (time limit reached)"
        return text


# ------------------------------------------------------------------ memory budget

#: Share of the machine's physical memory a model may take by default.
DEFAULT_MEMORY_SHARE = 0.5
#: Budget used when the machine's memory cannot be read, MB.
FALLBACK_MEMORY_MB = 4096.0


def physical_memory_mb() -> float | None:
    """Return the machine's physical memory in MB, or None when it cannot be read.

    Uses ``psutil`` when it is installed, else ``os.sysconf`` (POSIX).

    Returns
    -------
    float or None
        Physical memory, MB.
    """
    try:
        import psutil

        return float(psutil.virtual_memory().total) / 2**20
    except ImportError:
        pass
    try:
        return float(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")) / 2**20
    except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
        return None


def default_memory_limit_mb() -> float:
    """Return the default memory budget of one model, MB.

    ``DEFAULT_MEMORY_SHARE`` (half) of the physical memory, or ``FALLBACK_MEMORY_MB``
    when that cannot be read.

    Returns
    -------
    float
        The budget, MB.

    Examples
    --------
    >>> default_memory_limit_mb() > 0
    True
    """
    total = physical_memory_mb()
    return FALLBACK_MEMORY_MB if total is None else DEFAULT_MEMORY_SHARE * total


def check_memory_limit(memory_limit_mb: object) -> float | None:
    """Return a valid ``memory_limit_mb`` (a number > 0, or None for the default).

    Parameters
    ----------
    memory_limit_mb
        The value given.

    Returns
    -------
    float or None
        The value as a float, or None.

    Raises
    ------
    ParameterError
        Not a finite number > 0 (and not None).
    """
    if memory_limit_mb is None:
        return None
    if (
        isinstance(memory_limit_mb, bool)
        or not isinstance(memory_limit_mb, int | float)
        or not math.isfinite(memory_limit_mb)
        or memory_limit_mb <= 0
    ):
        message = (
            f"memory_limit_mb must be a number of MB > 0 (or None for half the machine's "
            f"memory), got {memory_limit_mb!r}"
        )
        raise ParameterError(message)
    return float(memory_limit_mb)


def check_model_size(
    estimate: dict[str, float], memory_limit_mb: float | None, what: str, fix: str
) -> None:
    """Refuse a model whose estimated size exceeds the memory budget.

    Parameters
    ----------
    estimate
        ``variables``, ``rows``, ``nonzeros`` and ``bytes`` (the estimated peak).
    memory_limit_mb
        The budget, MB; None for ``default_memory_limit_mb()``.
    what
        The model, for the message (``"integer arc-based model"``).
    fix
        How to make it smaller, for the message.

    Raises
    ------
    ModelTooLargeError
        The estimate exceeds the budget; the error carries the estimate.
    """
    budget_mb = default_memory_limit_mb() if memory_limit_mb is None else memory_limit_mb
    if estimate["bytes"] <= budget_mb * 2**20:
        return
    message = (
        f"{what} would need about {estimate['bytes'] / 2**30:,.1f} GiB "
        f"({estimate['variables']:,.0f} variables, {estimate['rows']:,.0f} rows, "
        f"{estimate['nonzeros']:,.0f} nonzeros), more than the memory budget of "
        f"{budget_mb / 1024:,.1f} GiB (memory_limit_mb): {fix}"
    )
    raise ModelTooLargeError(message, estimate, budget_mb * 2**20)


# ------------------------------------------------------------------ hard stop

#: Least margin past its time limit after which a MIP solve is killed, seconds.
HARD_STOP_MARGIN_S = 3.0
#: The margin grows with the limit: this share of it when that is more.
HARD_STOP_MARGIN_SHARE = 0.1
#: Models with fewer variables + rows + nonzeros are solved in the calling process: a
#: child process costs 0.5 to 1 s to start (its imports, the backend's libraries), more
#: than such a model takes to load and than HiGHS overruns its own clock on it.
HARD_STOP_MIN_ENTRIES = 20_000


def use_hard_stop(entries: float, time_limit_s: float | None) -> bool:
    """Whether a MIP of this size and limit is solved in a killable child process.

    Parameters
    ----------
    entries
        Variables + rows + nonzeros of the model (or its estimate).
    time_limit_s
        The time limit (None or ``math.inf``: none, nothing to keep).

    Returns
    -------
    bool
        True with a finite limit and at least ``HARD_STOP_MIN_ENTRIES`` entries.

    Examples
    --------
    >>> use_hard_stop(1e6, 10.0), use_hard_stop(1e6, None), use_hard_stop(100, 10.0)
    (True, False, False)
    """
    if time_limit_s is None or not math.isfinite(time_limit_s):
        return False
    return entries >= HARD_STOP_MIN_ENTRIES


def hard_stop_margin_s(time_limit_s: float | None) -> float:
    """Return how long past its time limit a MIP solve may run before it is killed.

    ``max(HARD_STOP_MARGIN_S, HARD_STOP_MARGIN_SHARE * time_limit_s)``: 3 s, or 10 % of
    limits over 30 s. Within it the backend stops by its own clock and hands back its
    incumbent (HiGHS checks its clock between LP solves, so an overrun of a second or two
    is common under load); past it the process solving the model is killed (no
    incumbent).

    Parameters
    ----------
    time_limit_s
        The limit the caller gave, seconds (None: the least margin).

    Returns
    -------
    float
        The margin, seconds.

    Examples
    --------
    >>> hard_stop_margin_s(10), hard_stop_margin_s(600)
    (3.0, 60.0)
    """
    if time_limit_s is None or not math.isfinite(time_limit_s):
        return HARD_STOP_MARGIN_S
    return max(HARD_STOP_MARGIN_S, HARD_STOP_MARGIN_SHARE * float(time_limit_s))


@dataclass(frozen=True)
class ChildOutcome:
    """What a job run by :func:`run_in_child` gave back.

    Attributes
    ----------
    finished
        False when the job outlasted its stop time and its process was killed.
    value
        The job's return value (None when killed).
    elapsed_s
        Wall-clock seconds from starting the process to the answer or the kill.
    """

    finished: bool
    value: Any
    elapsed_s: float


# Runs in the child: a stub ``multimodal`` package (its __init__, which loads the
# network stack, is not run), then the job. -P keeps the working directory off sys.path.
_CHILD_BOOTSTRAP = (
    "import sys, types\n"
    "package = types.ModuleType('multimodal')\n"
    "package.__path__ = [sys.argv[1]]\n"
    "sys.modules['multimodal'] = package\n"
    "from multimodal._ortools import child_main\n"
    "child_main()\n"
)
_FRAME_HEADER = 8  # bytes of a frame's length (little endian)


@contextlib.contextmanager
def native_stdout(to: str = "stderr") -> Iterator[None]:
    """Send what native solver code writes to file descriptor 1 elsewhere for the block.

    Solvers print from C and C++ (HiGHS: its banner and, with output on, its log)
    straight to the process's standard output, beneath Python's ``sys.stdout``. Where
    standard output is a result (the CLI's ``--json``) the descriptor is pointed at
    standard error (``to="stderr"``); where a banner is only noise, at ``os.devnull``
    (``to="devnull"``). C's buffers are flushed on the way in and out, so nothing
    printed before or after crosses over. Without real descriptors (an embedding host)
    it does nothing.
    """
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):
        yield
        return
    libc = ctypes.CDLL(None)
    sink = os.open(os.devnull, os.O_WRONLY) if to == "devnull" else 2
    try:
        libc.fflush(None)
        os.dup2(sink, 1)
        yield
    finally:
        libc.fflush(None)
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        if sink != 2:
            os.close(sink)


def _send(stream: IO[bytes], kind: str, value: object) -> None:
    data = pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(_FRAME_HEADER, "little"))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> tuple[str, Any] | None:
    header = stream.read(_FRAME_HEADER)
    if len(header) < _FRAME_HEADER:
        return None
    data = stream.read(int.from_bytes(header, "little"))
    kind, value = pickle.loads(data)  # our own child, our own pipe
    return str(kind), value


def _stub_packages(module: str) -> None:
    """Register the parent packages of ``module`` without running their ``__init__``."""
    root = Path(__file__).parent
    parts = module.split(".")
    for depth in range(2, len(parts)):
        name = ".".join(parts[:depth])
        if name not in sys.modules:
            package = types.ModuleType(name)
            package.__path__ = [str(root.joinpath(*parts[1:depth]))]
            sys.modules[name] = package


def child_main() -> None:  # pragma: no cover - runs in the child process
    """Run one job sent by :func:`run_in_child` (the child process's entry point).

    Reads ``(job, args)`` from standard input, where ``job`` is ``"module:function"``;
    the function is called as ``function(*args, log=send_lines)``. Frames go back on
    the original standard output, which native code can no longer write to (it is
    moved to standard error, so solver logs cannot corrupt the answer).
    """
    frames = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    job, args = pickle.load(sys.stdin.buffer)  # sent by our own parent

    def log(lines: Sequence[str]) -> None:
        _send(frames, "log", list(lines))

    try:
        module, name = str(job).split(":")
        _stub_packages(module)
        function = getattr(importlib.import_module(module), name)
        value = function(*args, log=log)
    except exceptions.MultimodalError as error:  # the parent raises it again
        _send(frames, "raise", error)
    except Exception as error:  # the parent names it in a SolverError
        _send(frames, "error", (type(error).__name__, str(error)))
    else:
        _send(frames, "result", value)
    frames.close()
    sys.stderr.flush()
    os._exit(0)  # skip the interpreter's teardown: the parent has its answer


def _raise_child_error(name: str, message: str) -> None:
    text = f"the solver's process failed: {name}: {message}"
    raise SolverError(text)


def run_in_child(
    job: str,
    args: tuple[object, ...],
    stop_at: float,
    on_log: Callable[[Sequence[str]], None] | None = None,
) -> ChildOutcome:
    """Run ``job(*args, log=...)`` in a fresh Python process, killed at ``stop_at``.

    The hard stop of the MIP solves: HiGHS checks its own clock often but not
    everywhere (presolve, loading a model through OR-Tools), and ``pywraplp.Solve``
    holds the GIL, so neither can be relied on, nor interrupted from a thread. A killed
    process always stops. The child does not import ``multimodal/__init__`` (only the
    job's module and what it imports), so it starts in about 0.3 s.

    Parameters
    ----------
    job
        ``"module:function"``; the function takes ``*args`` and a ``log`` keyword (a
        callable taking a list of log lines) and returns something picklable.
    args
        Picklable arguments.
    stop_at
        ``time.time()`` at which the child is killed if it has not answered.
    on_log
        Called in this process with each list of log lines the job sends.

    Returns
    -------
    ChildOutcome
        The job's value, or ``finished=False`` when it was killed.

    Raises
    ------
    MultimodalError
        What the job raised, when it is one; any other exception becomes a
        ``SolverError`` naming it, as does a process that ended without an answer
        (crash, memory).
    """
    start = time.time()
    command = [sys.executable, "-P", "-c", _CHILD_BOOTSTRAP, str(Path(__file__).parent)]
    process = _start(command)
    frames: queue.Queue[tuple[str, Any] | None] = queue.Queue()
    payload = pickle.dumps((job, args), protocol=pickle.HIGHEST_PROTOCOL)

    def write() -> None:
        assert process.stdin is not None
        try:
            process.stdin.write(payload)
            process.stdin.close()
        except OSError:  # the child died first: the reader reports it
            pass

    def read() -> None:
        assert process.stdout is not None
        try:
            while (frame := _receive(process.stdout)) is not None:
                frames.put(frame)
        except (OSError, EOFError, pickle.UnpicklingError):
            pass
        frames.put(None)

    threads = [threading.Thread(target=target, daemon=True) for target in (write, read)]
    for thread in threads:
        thread.start()
    try:
        while True:
            left = stop_at - time.time()
            if left <= 0:
                process.kill()
                return ChildOutcome(False, None, time.time() - start)
            try:
                frame = frames.get(timeout=left)
            except queue.Empty:
                continue
            if frame is None:
                code = process.wait()
                message = (
                    f"the solver's process ended without an answer (exit status {code}; "
                    "out of memory?)"
                )
                raise SolverError(message)
            kind, value = frame
            if kind == "log":
                if on_log is not None:
                    on_log(value)
            elif kind == "raise":
                raise value
            elif kind == "error":
                _raise_child_error(*value)
            else:
                return ChildOutcome(True, value, time.time() - start)
    finally:
        _end(process, threads)


def _start(command: list[str]) -> subprocess.Popen[bytes]:
    """Start the child with pipes on its standard input and output."""
    try:
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    except OSError as error:  # no interpreter to start (an embedding host)
        message = (
            f"cannot start a Python process ({sys.executable!r}) to solve in with a hard "
            f"time limit: {error}"
        )
        raise SolverError(message) from None


def _end(process: subprocess.Popen[bytes], threads: list[threading.Thread]) -> None:
    """Kill the child if it is still running (it has answered or run out), close its pipes."""
    if process.poll() is None:
        process.kill()
        process.wait()
    for thread in threads:
        thread.join(timeout=1.0)
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
