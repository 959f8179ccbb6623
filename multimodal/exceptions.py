"""The exceptions and warnings that ``multimodal`` raises.

Every error names the bad thing (file, row, column, node, shipment) and says how to
fix it. The tree mirrors NetworkX's: ``NoRouteError`` is an ``InfeasibleError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Problems spelled out in a validation error's message; all are kept in ``.problems``.
_MAX_LISTED = 30


class MultimodalError(Exception):
    """Base class of every error raised on purpose by ``multimodal``."""


@dataclass(frozen=True)
class Problem:
    """One problem found while validating input.

    Parameters
    ----------
    message
        What is wrong and how to fix it.
    file
        The file (or table name) the problem is in, if known.
    row
        The row or feature id, if the problem belongs to one.
    column
        The column, if the problem belongs to one.
    """

    message: str
    file: str | None = None
    row: object | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class DataValidationError(MultimodalError, ValueError):
    """Input data break the schema; ``problems`` lists every problem found at once."""

    def __init__(self, problems: Sequence[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        first = self.problems[0] if self.problems else Problem("invalid data")
        self.file = first.file
        self.row = first.row
        self.column = first.column
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found:"
        lines = [head, *(f"  - {p}" for p in self.problems[:_MAX_LISTED])]
        if count > _MAX_LISTED:
            lines.append(f"  ... and {count - _MAX_LISTED} more (all are in error.problems)")
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[object, ...]:  # survive a process pool: rebuilt, not rewrapped
        return (type(self), (self.problems,))


class ParameterError(MultimodalError, ValueError):
    """An argument has a value the function cannot use; the message names it and the fix."""


class UnknownNodeError(MultimodalError, LookupError):
    """A node id or name that the network does not have.

    Attributes
    ----------
    name
        The name that was asked for.
    suggestions
        The closest ids and names (English or Chinese) that do exist.
    """

    def __init__(self, name: str, suggestions: Sequence[str] = (), where: str = "") -> None:
        self.name = name
        self.suggestions = list(suggestions)
        self.where = where
        message = f"unknown node {name!r}"
        if where:
            message += f" in {where}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        else:
            message += "; see Network.nodes for the ids and names"
        super().__init__(message)

    def __str__(self) -> str:  # LookupError would otherwise quote the message
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:  # survive a process pool: rebuilt, not rewrapped
        return (type(self), (self.name, self.suggestions, self.where))


class InfeasibleError(MultimodalError):
    """The problem, as posed, has no feasible solution."""


class NoRouteError(InfeasibleError):
    """No route satisfies the shipment's constraints.

    Attributes
    ----------
    binding
        The constraint that cannot be met (e.g. ``"deadline"``), if one was identified.
    relaxed
        The best route without that constraint, if one exists.
    """

    def __init__(self, message: str, binding: str | None = None, relaxed: object = None):
        super().__init__(message)
        self.binding = binding
        self.relaxed = relaxed

    def __reduce__(self) -> tuple[object, ...]:  # survive a process pool with its fields
        return (type(self), (self.args[0], self.binding, self.relaxed))


class SolverError(MultimodalError, RuntimeError):
    """A solver failed in a way that is not a property of the problem (e.g. no backend)."""


class ModelTooLargeError(SolverError):
    """A model would not fit in the memory budget; refused before it is built.

    Attributes
    ----------
    estimate
        The estimated size: ``variables``, ``rows``, ``nonzeros`` and ``bytes``.
    budget_bytes
        The budget it exceeds, bytes (``memory_limit_mb`` of the solver's params).
    """

    def __init__(self, message: str, estimate: dict[str, float], budget_bytes: float) -> None:
        super().__init__(message)
        self.estimate = dict(estimate)
        self.budget_bytes = float(budget_bytes)

    def __reduce__(self) -> tuple[object, ...]:  # survive a process pool with its fields
        return (type(self), (self.args[0], self.estimate, self.budget_bytes))


class ScalingWarning(UserWarning):
    """Scaling floats to integers for an integer solver loses precision or nears overflow."""


class TimeLimitWarning(UserWarning):
    """A solver stopped on its time limit; the answer is feasible but not proven optimal."""


class DataWarning(UserWarning):
    """Input data pass the contract but look wrong.

    For example a node far outside any plausible area. The message names the file, row
    and column and what to check; the data are used as given.
    """
