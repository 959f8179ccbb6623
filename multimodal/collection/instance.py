"""The vehicle-routing benchmark problem type: ``VrpInstance`` (CVRP or VRPTW).

The readers in ``multimodal.instances.vrp`` (``read_vrplib``, ``read_solomon``,
``read_instance``) build it; ``collect_instance`` solves it.
The instance records the distance convention under which its published optimum holds,
so a solver and a checker use the same arithmetic:

``"nint"``
    VRPLIB/TSPLIB ``EUC_2D``: each arc is the Euclidean distance rounded to the nearest
    integer, ``floor(d + 0.5)``. The CVRPLIB optima (A, E, X sets) use it.
``"trunc1"``
    Solomon, exact literature (and CVRPLIB's Solomon ``.sol`` files): each arc is the
    Euclidean distance truncated to one decimal, for both cost and time-window
    feasibility; the objective is total distance only.
``"exact"``
    No rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validate import check_choice
from ..exceptions import DataValidationError, Problem

ROUNDING_CONVENTIONS = ("nint", "trunc1", "exact")


@dataclass(frozen=True, eq=False)
class VrpInstance:
    """A vehicle-routing benchmark instance (CVRP or VRPTW), depot at position 0.

    Attributes
    ----------
    name
        Instance name (``NAME`` field, or the file name without extension).
    kind
        ``"cvrp"`` (no time windows) or ``"vrptw"``.
    coords
        ``(n + 1, 2)`` planar coordinates (instance units); row 0 is the depot.
    demand
        ``(n + 1,)`` integer demands; ``demand[0] == 0``.
    capacity
        Vehicle capacity (same units as ``demand``).
    node_ids
        The ids the file uses for each row (VRPLIB: 1-based; Solomon: 0 = depot).
    num_vehicles
        Vehicles available, if the instance fixes it (Solomon: 25); ``None`` for CVRPLIB,
        whose fleet is unlimited ("k" in the name is the minimum number of routes).
    ready_time, due_time, service_time
        ``(n + 1,)`` time windows (latest *start* of service) and service durations, in
        instance time units (travel time = distance); ``None`` for CVRP. ``due_time[0]``
        is the horizon: every vehicle must be back at the depot by then.
    rounding
        The arc-distance convention of the published optimum: ``"nint"`` (VRPLIB
        ``EUC_2D``), ``"trunc1"`` (Solomon, exact literature) or ``"exact"``.
    optimum
        Known optimal (or best-known) objective value under ``rounding``, or ``None``.
    optimum_source
        Where ``optimum`` comes from (``"COMMENT line"`` or a ``KNOWN_OPTIMA`` source in
        ``multimodal.instances.vrp``).
    source
        The file read.
    notes
        What the reader assumed (e.g. a header-stripped file taken as ``EUC_2D``).
    """

    name: str
    kind: str
    coords: np.ndarray
    demand: np.ndarray
    capacity: int
    node_ids: tuple[int, ...]
    num_vehicles: int | None = None
    ready_time: np.ndarray | None = None
    due_time: np.ndarray | None = None
    service_time: np.ndarray | None = None
    rounding: str = "nint"
    optimum: float | None = None
    optimum_source: str | None = None
    source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.rounding not in ROUNDING_CONVENTIONS:
            message = f"rounding must be one of {ROUNDING_CONVENTIONS}, got {self.rounding!r}"
            raise DataValidationError(Problem(message, file=self.source or None))
        for array in (self.coords, self.demand, self.ready_time, self.due_time, self.service_time):
            if array is not None:
                array.flags.writeable = False  # a frozen instance keeps its arrays frozen too

    @property
    def num_customers(self) -> int:
        """Number of customers (nodes other than the depot)."""
        return len(self.demand) - 1

    @property
    def dimension(self) -> int:
        """Number of nodes including the depot (VRPLIB ``DIMENSION``)."""
        return len(self.demand)

    @property
    def total_demand(self) -> int:
        """Sum of all customer demands."""
        return int(self.demand.sum())

    @property
    def has_time_windows(self) -> bool:
        """Whether the instance has time windows (VRPTW)."""
        return self.due_time is not None

    def distance_matrix(self) -> np.ndarray:
        """Arc distances (instance units) under the instance's ``rounding`` convention.

        Returns
        -------
        numpy.ndarray
            ``(n + 1, n + 1)`` float matrix; entry ``[i, j]`` is the distance from row
            ``i`` to row ``j`` (row 0 is the depot).
        """
        return euclidean_matrix(self.coords, self.rounding)


def euclidean_matrix(coords: np.ndarray, rounding: str = "exact") -> np.ndarray:
    """Pairwise Euclidean distances of planar points under a rounding convention.

    Parameters
    ----------
    coords
        ``(n, 2)`` coordinates.
    rounding
        ``"nint"`` (nearest integer, TSPLIB ``EUC_2D``), ``"trunc1"`` (truncate to one
        decimal, Solomon exact literature) or ``"exact"`` (no rounding).

    Returns
    -------
    numpy.ndarray
        ``(n, n)`` float matrix.

    Raises
    ------
    ParameterError
        An unknown rounding convention.

    Examples
    --------
    >>> float(euclidean_matrix(np.array([[0.0, 0.0], [3.0, 4.4]]), "nint")[0, 1])
    5.0
    """
    check_choice(rounding, "rounding", ROUNDING_CONVENTIONS)
    xy = np.asarray(coords, dtype=float)
    diff = xy[:, None, :] - xy[None, :, :]
    exact = np.sqrt((diff**2).sum(axis=2))
    if rounding == "nint":
        return np.floor(exact + 0.5)
    if rounding == "trunc1":
        # The epsilon keeps exact decimals (e.g. 5.0 computed as 4.99999...) from dropping 0.1.
        return np.floor(exact * 10.0 + 1e-9) / 10.0
    return exact
