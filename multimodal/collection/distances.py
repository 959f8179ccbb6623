"""Distances (km) and travel times (h) between the terminal and the pickups.

In order of preference: matrices the caller gives (``distance_km``, ``duration_h``); the
road layer of a network (``road.road_matrices``); straight-line distance (great-circle
for lon/lat, Euclidean for planar x/y) times a detour factor, at an average speed. The
sentence returned with the matrices says which was used (``CollectionPlan.distance_source``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import pandas as pd

from .._geo import haversine_km
from ..exceptions import DataValidationError, ParameterError, Problem
from ..network import Network
from .road import road_matrices

if TYPE_CHECKING:
    from .params import CollectParams

#: A matrix as given: an array in table order, or a DataFrame labelled by ids.
Matrix: TypeAlias = np.ndarray | pd.DataFrame


def _floats(value: object, what: str) -> np.ndarray:
    """``value`` as a float array, or ``DataValidationError`` if it holds no numbers."""
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError) as error:
        message = f"{what} matrix must hold numbers, got {type(value).__name__} {value!r:.60}"
        raise DataValidationError(Problem(message, file=what)) from error


def as_matrix(value: Matrix, ids: list[str], what: str) -> np.ndarray:
    """A square matrix in ``ids`` order (terminal first) from an array or labelled frame.

    Raises
    ------
    DataValidationError
        Missing labels, the wrong shape, or values that are not finite and >= 0.
    """
    if isinstance(value, pd.DataFrame):
        index = [str(i) for i in value.index]
        columns = [str(c) for c in value.columns]
        missing = [i for i in ids if i not in index or i not in columns]
        if missing:
            message = (
                f"{what} matrix has no row/column for {missing[:5]}; label rows and "
                "columns with the depot id and the pickup ids"
            )
            raise DataValidationError(Problem(message, file=what))
        frame = value.copy()
        frame.index, frame.columns = pd.Index(index), pd.Index(columns)
        matrix = _floats(frame.loc[ids, ids], what)
    else:
        matrix = _floats(value, what)
        if matrix.shape != (len(ids), len(ids)):
            message = (
                f"{what} matrix has shape {matrix.shape}; expected "
                f"{(len(ids), len(ids))} (the depot first, then the pickups in order)"
            )
            raise DataValidationError(Problem(message, file=what))
    if not np.all(np.isfinite(matrix)) or np.any(matrix < 0):
        message = f"{what} matrix must hold finite values >= 0"
        raise DataValidationError(Problem(message, file=what))
    return matrix


def straight_line_km(xy: np.ndarray, kind: str) -> np.ndarray:
    """Pairwise straight-line distances (km): great-circle for lon/lat, else Euclidean."""
    if kind == "lonlat":
        return haversine_km(xy[:, None, 0], xy[:, None, 1], xy[None, :, 0], xy[None, :, 1])
    return np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))


def travel_matrices(
    ids: list[str],
    xy: np.ndarray,
    kind: str,
    params: CollectParams,
    *,
    distance_km: Matrix | None = None,
    duration_h: Matrix | None = None,
    network: Network | None = None,
) -> tuple[np.ndarray, np.ndarray, str]:
    """Distance (km) and time (h) matrices, terminal first, and where they came from.

    Parameters
    ----------
    ids
        The terminal id, then the pickup ids (labels of DataFrame matrices).
    xy
        ``(n + 1, 2)`` coordinates, the terminal first.
    kind
        ``"lonlat"`` or ``"xy"``.
    params
        For ``detour_factor``, ``speed_kmh`` and ``snap_km``.
    distance_km, duration_h
        Given matrices (see ``collect``).
    network
        Road distances and times from its road layer (lon/lat only, when no matrix is
        given).

    Returns
    -------
    distance_km, duration_h, source
    """
    if network is not None and not isinstance(network, Network):
        message = f"network must be a Network (e.g. multimodal.load_network()), got {network!r:.60}"
        raise ParameterError(message)
    detour, speed = params.detour_factor, params.speed_kmh
    if distance_km is not None:
        distance = as_matrix(distance_km, ids, "distance_km")
        source = "given road distance matrix (km)"
    elif network is not None and kind == "lonlat" and duration_h is None:
        return road_matrices(
            network,
            xy[:, 0],
            xy[:, 1],
            snap_km=params.snap_km,
            detour_factor=detour,
            speed_kmh=speed,
        )
    else:
        distance = straight_line_km(xy, kind) * detour
        if kind == "lonlat":
            source = f"great-circle distance x {detour:g} detour factor (EST)"
        else:
            source = f"planar Euclidean distance (km) x {detour:g} detour factor (EST)"
    if duration_h is not None:
        return (
            distance,
            as_matrix(duration_h, ids, "duration_h"),
            (source + "; given travel-time matrix (h)"),
        )
    return distance, distance / speed, source + f"; times at {speed:g} km/h (EST)"
