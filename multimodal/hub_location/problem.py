"""``HubInstance``: the hub location problem, as flows, unit costs and cost factors.

A :class:`HubInstance` holds what every hub location model needs: node names, an
origin-destination flow matrix ``w`` (n x n), a distance or unit-cost matrix ``c``
(n x n), the collection, transfer (``alpha``) and distribution factors, and optionally
hub fixed costs and capacities. The cost of sending ``w_ij`` from ``i`` to ``j`` through
hubs ``k`` then ``m`` is ``w_ij * (collection * c_ik + transfer * c_km + distribution *
c_mj)``.

Build one from your own matrices (:meth:`HubInstance.from_matrices`, e.g. network skims
between proposed hubs) or read a published benchmark with
:mod:`multimodal.instances.hubs` (CAB, AP).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypedDict, Unpack

import numpy as np

from .._validate import check_list, check_number
from ..exceptions import DataValidationError, ParameterError, Problem

__all__ = ["HubInstance"]


class HubFields(TypedDict, total=False):
    """The optional attributes of a ``HubInstance``, as ``from_matrices`` keywords."""

    collection: float
    transfer: float
    distribution: float
    fixed_costs: Sequence[float] | np.ndarray | None
    capacities: Sequence[float] | np.ndarray | None
    p: int | None
    transport_scale: float
    name: str
    crs: str | None


def _readonly(array: np.ndarray) -> np.ndarray:
    array = np.array(array, dtype=float, copy=True)
    array.setflags(write=False)
    return array


def _numbers(value: object, name: str) -> np.ndarray:
    """``value`` as a float array, or ``ParameterError`` naming ``name`` if it holds no numbers."""
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError) as error:
        message = f"{name} must be an array of numbers, got {type(value).__name__} {value!r:.60}"
        raise ParameterError(message) from error


@dataclass(frozen=True, eq=False)
class HubInstance:
    """A hub location instance: flows, unit costs and the cost factors.

    Attributes
    ----------
    names
        Node names, one per row/column of ``flows`` and ``costs``.
    flows
        Origin-destination flow matrix ``w`` (n x n, >= 0), in the instance's flow unit
        (passengers for CAB, normalised to sum 1; mail volume for AP).
    costs
        Distance or unit transport cost matrix ``c`` (n x n, >= 0): miles for CAB,
        Euclidean coordinate units for AP, CNY per unit of flow for network skims.
    collection
        Factor on the origin-to-first-hub leg (CAB 1, AP 3).
    transfer
        Factor ``alpha`` on the hub-to-hub leg (CAB 0.2 .. 1.0, AP 0.75).
    distribution
        Factor on the last-hub-to-destination leg (CAB 1, AP 2).
    fixed_costs
        Cost of opening a hub at each node (length n), or ``None``; same money unit as
        the reported objective (not multiplied by ``transport_scale``).
    capacities
        Capacity of a hub at each node on incoming flow, the sum over the nodes ``i``
        allocated to it of ``O_i = sum_j w_ij`` (incl. ``w_ii``), or ``None``.
    coords
        Node coordinates (n x 2: x, y, or lon, lat), or ``None``; used by pictures only.
    p
        Number of hubs given with the data (AP files carry one), or ``None``.
    transport_scale
        Factor applied to the transport cost in reported objectives (AP tables: 0.001).
    name
        A short label, e.g. ``"CAB25"`` or ``"AP50"``.
    source
        The file(s) the instance was read from, or ``""``.
    crs
        The coordinate reference system of ``coords`` when they are geographic
        (``"EPSG:4326"`` for lon, lat), which gives results a map
        (``to_geodataframe``, ``explore``); ``None`` for planar coordinates (CAB's are a
        2-D scaling of its distances, AP's are Euclidean), which only plot.
    """

    names: tuple[str, ...]
    flows: np.ndarray
    costs: np.ndarray
    collection: float = 1.0
    transfer: float = 1.0
    distribution: float = 1.0
    fixed_costs: np.ndarray | None = None
    capacities: np.ndarray | None = None
    coords: np.ndarray | None = None
    p: int | None = None
    transport_scale: float = 1.0
    name: str = ""
    source: str = field(default="", repr=False)
    crs: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(str(x) for x in self.names))
        for attr in ("flows", "costs", "fixed_costs", "capacities", "coords"):
            value = getattr(self, attr)
            if value is not None:
                object.__setattr__(self, attr, _readonly(value))
        problems = _validate(self)
        if problems:
            raise DataValidationError(problems)

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.names)

    @classmethod
    def from_matrices(
        cls,
        names: Sequence[str],
        flows: np.ndarray,
        costs: np.ndarray,
        coords: np.ndarray | None = None,
        **fields: Unpack[HubFields],
    ) -> HubInstance:
        """Build an instance from matrices, e.g. network skims between proposed hubs.

        Parameters
        ----------
        names
            Node ids, one per row of ``flows``.
        flows
            Flow matrix (n x n, >= 0), e.g. TEU per week from node i to node j.
        costs
            Unit cost or distance matrix (n x n, >= 0), e.g. cost_cny per TEU from
            a shortest-path skim; need not be symmetric.
        coords
            Optional (n x 2) coordinates: planar (x, y) for plots, or (lon, lat) with
            ``crs="EPSG:4326"`` for maps as well.
        **fields
            Any other attribute: ``collection``, ``transfer`` (the discount alpha),
            ``distribution`` (the factors on the three legs of a hub path, default 1),
            ``fixed_costs``, ``capacities``, ``p``, ``transport_scale``, ``name`` and
            ``crs``; see the class attributes.

        Returns
        -------
        HubInstance

        Raises
        ------
        DataValidationError
            Shapes disagree, or a value is negative, NaN or infinite (all problems are
            listed, each with its row and column).
        ParameterError
            ``names`` is not a list, a matrix holds something other than numbers, or a
            cost factor is not a finite number.

        Examples
        --------
        >>> inst = HubInstance.from_matrices(
        ...     ["a", "b", "c"], [[0, 2, 1], [2, 0, 1], [1, 1, 0]],
        ...     [[0, 4, 3], [4, 0, 5], [3, 5, 0]], transfer=0.5, name="toy")
        >>> inst.n, inst.transfer
        (3, 0.5)
        """
        values: dict[str, Any] = dict(fields)
        for key in ("collection", "transfer", "distribution", "transport_scale"):
            if key in values:
                values[key] = check_number(values[key], key)
        for key in ("fixed_costs", "capacities"):
            if values.get(key) is not None:
                values[key] = _numbers(values[key], key)
        return cls(
            names=tuple(check_list(names, "names", what="node names")),
            flows=_numbers(flows, "flows"),
            costs=_numbers(costs, "costs"),
            coords=None if coords is None else _numbers(coords, "coords"),
            **values,
        )

    def with_costs(
        self,
        *,
        fixed_costs: Sequence[float] | np.ndarray | None = None,
        capacities: Sequence[float] | np.ndarray | None = None,
        transfer: float | None = None,
    ) -> HubInstance:
        """Return a copy with fixed costs, capacities or transfer factor replaced.

        Parameters
        ----------
        fixed_costs
            Hub opening cost per node (n values >= 0), or None to keep the instance's.
        capacities
            Hub capacity on collected flow per node, or None to keep the instance's.
        transfer
            Inter-hub discount factor alpha, or None to keep the instance's.

        Returns
        -------
        HubInstance
            A new, validated instance.
        """
        changes: dict[str, Any] = {}
        if fixed_costs is not None:
            changes["fixed_costs"] = np.asarray(fixed_costs, dtype=float)
        if capacities is not None:
            changes["capacities"] = np.asarray(capacities, dtype=float)
        if transfer is not None:
            changes["transfer"] = float(transfer)
        return replace(self, **changes)

    def subset(self, n: int) -> HubInstance:
        """Return the instance restricted to its first ``n`` nodes (no renormalising).

        Parameters
        ----------
        n
            Number of nodes to keep, 1 to ``self.n``.

        Returns
        -------
        HubInstance
            The first ``n`` nodes with their flows, costs and per-node values.

        Raises
        ------
        DataValidationError
            ``n`` is out of range.
        """
        if not 1 <= n <= self.n:
            message = f"subset size n={n} must be between 1 and {self.n}"
            raise DataValidationError(Problem(message, file=self.source or None))

        def cut(a: np.ndarray | None) -> np.ndarray | None:
            return None if a is None else a[:n].copy()

        return replace(
            self,
            names=self.names[:n],
            flows=self.flows[:n, :n].copy(),
            costs=self.costs[:n, :n].copy(),
            fixed_costs=cut(self.fixed_costs),
            capacities=cut(self.capacities),
            coords=cut(self.coords),
        )


def _validate(inst: HubInstance) -> list[Problem]:
    where = inst.source or inst.name or None
    n = len(inst.names)
    problems: list[Problem] = []
    if n == 0:
        return [Problem("the instance has no nodes", file=where)]
    if len(set(inst.names)) != n:
        dupes = sorted({x for x in inst.names if inst.names.count(x) > 1})
        problems.append(Problem(f"duplicate node names {dupes}; make them unique", where))
    for label, matrix in (("flows", inst.flows), ("costs", inst.costs)):
        if matrix.shape != (n, n):
            message = f"{label} has shape {matrix.shape}, expected ({n}, {n}) for {n} names"
            problems.append(Problem(message, file=where, column=label))
            continue
        bad = np.argwhere(~np.isfinite(matrix) | (matrix < 0))
        for i, j in bad[:10]:
            message = f"{label}[{i}, {j}] = {matrix[i, j]!r} must be finite and >= 0"
            problems.append(Problem(message, file=where, row=inst.names[i], column=label))
    for label, vector in (("fixed_costs", inst.fixed_costs), ("capacities", inst.capacities)):
        if vector is None:
            continue
        if vector.shape != (n,):
            message = f"{label} has shape {vector.shape}, expected ({n},) (one per node)"
            problems.append(Problem(message, file=where, column=label))
            continue
        for i in np.flatnonzero(~np.isfinite(vector) | (vector < 0))[:10]:
            message = f"{label}[{i}] = {vector[i]!r} must be finite and >= 0"
            problems.append(Problem(message, file=where, row=inst.names[i], column=label))
    if inst.coords is not None and inst.coords.shape != (n, 2):
        message = f"coords has shape {inst.coords.shape}, expected ({n}, 2)"
        problems.append(Problem(message, file=where, column="coords"))
    if inst.crs is not None and inst.coords is None:
        message = f"crs={inst.crs!r} describes coords, but none are given; pass coords="
        problems.append(Problem(message, file=where, column="crs"))
    for label in ("collection", "transfer", "distribution", "transport_scale"):
        value = getattr(inst, label)
        if not (np.isfinite(value) and value >= 0):
            message = f"{label} = {value!r} must be finite and >= 0"
            problems.append(Problem(message, file=where, column=label))
    if inst.p is not None and not 1 <= inst.p <= n:
        problems.append(Problem(f"p = {inst.p} must be between 1 and {n}", file=where))
    return problems
