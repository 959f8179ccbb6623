"""Cost of a given hub network, by component (collection, transfer, distribution).

Shared by the search (which scores hub sets) and the results (which report them).
Costs are unscaled: ``w_ij * (chi c_ik + alpha c_km + delta c_mj)``.
"""

from __future__ import annotations

import numpy as np

from ._models import HubData

__all__ = ["multiple_cost", "multiple_routes", "single_cost"]

#: The two allocation types.
SINGLE, MULTIPLE = "single", "multiple"


def single_cost(data: HubData, hub_of: np.ndarray) -> dict[str, float]:
    """Unscaled cost components of a single allocation.

    Parameters
    ----------
    data
        The instance's arrays.
    hub_of
        ``(n,)`` the hub (node position) of every node.

    Returns
    -------
    dict
        ``collection``, ``transfer`` and ``distribution``, unscaled.
    """
    w, c = data.w, data.c
    nodes = np.arange(data.n)
    collection = data.chi * float(w.sum(axis=1) @ c[nodes, hub_of])
    distribution = data.delta * float(w.sum(axis=0) @ c[hub_of, nodes])
    transfer = data.alpha * float((w * c[np.ix_(hub_of, hub_of)]).sum())
    return {"collection": collection, "transfer": transfer, "distribution": distribution}


def multiple_routes(data: HubData, hubs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cheapest first and last hub (positions) of every OD pair for a fixed hub set.

    Parameters
    ----------
    data
        The instance's arrays.
    hubs
        Node positions of the open hubs.

    Returns
    -------
    tuple of numpy.ndarray
        ``(n, n)`` first hub and ``(n, n)`` last hub of each OD pair (ties: the lowest
        position).
    """
    c, hubs = data.c, np.asarray(hubs)
    # cost[i, j, a, b] = chi c[i, ha] + alpha c[ha, hb] + delta c[hb, j]
    first = data.chi * c[:, hubs][:, None, :, None]
    middle = data.alpha * c[np.ix_(hubs, hubs)][None, None, :, :]
    last = data.delta * c[hubs, :].T[None, :, None, :]
    total = (first + middle + last).reshape(data.n, data.n, -1)
    best = total.argmin(axis=2)
    return hubs[best // len(hubs)], hubs[best % len(hubs)]


def multiple_cost(
    data: HubData, hubs: np.ndarray
) -> tuple[dict[str, float], np.ndarray, np.ndarray]:
    """Unscaled cost components of multiple allocation, and each OD pair's hub pair.

    Parameters
    ----------
    data
        The instance's arrays.
    hubs
        Node positions of the open hubs.

    Returns
    -------
    tuple
        The components (``collection``, ``transfer``, ``distribution``) and the
        ``(n, n)`` first and last hub of every OD pair.
    """
    k, m = multiple_routes(data, hubs)
    w, c = data.w, data.c
    i, j = np.indices(w.shape)
    parts = {
        "collection": data.chi * float((w * c[i, k]).sum()),
        "transfer": data.alpha * float((w * c[k, m]).sum()),
        "distribution": data.delta * float((w * c[m, j]).sum()),
    }
    return parts, k, m
