"""A generated national-size network and demand, for scale tests and benchmarks.

``synthetic_national()`` builds about 2,000 hubs, 500 rail services and 100,000 OD pairs by
the generators beside it (``synthetic_service_network``) plus a gravity-like demand:
each hub has a weight (log-normal), OD pairs are drawn with probability proportional to
the product of their ends' weights, and each pair's TEU per week is log-normal. Nothing
here is data: it is a stand-in of realistic size with a fixed seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._options import check_seed
from .._validate import check_number
from ..exceptions import ParameterError
from ..network import Network
from .services import synthetic_service_network

#: The sizes of ``synthetic_national()``'s defaults.
NATIONAL_HUBS = 2_000
NATIONAL_SERVICES = 500
NATIONAL_OD_PAIRS = 100_000


def _whole(value: object, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        message = f"{name} must be a whole number >= {minimum}, got {value!r}"
        raise ParameterError(message)
    return int(value)


def synthetic_demand(
    network: Network,
    n_od: int,
    *,
    seed: int = 0,
    mean_teu_per_week: float = 1.0,
) -> pd.DataFrame:
    """``n_od`` distinct OD pairs between the network's hubs, gravity-like, as a demand table.

    Parameters
    ----------
    network
        The network whose nodes the pairs join.
    n_od
        Number of distinct (origin, destination) pairs, at most ``n x (n - 1)``.
    seed
        Random seed: the same seed and network give the same table.
    mean_teu_per_week
        Mean TEU per week of a pair (log-normal, sigma 1).

    Returns
    -------
    pandas.DataFrame
        ``id``, ``origin``, ``destination``, ``cargo_class`` (``general``),
        ``teu_per_week`` (TEU/week), ``weight_t_per_week`` (t/week, 10 t per TEU),
        ``segment`` (``synthetic``): the columns of ``multimodal.validate_demand``.

    Raises
    ------
    ParameterError
        ``network`` is not a Network, or a size or the mean is out of range.
    """
    if not isinstance(network, Network):
        message = f"network must be a Network, got {network!r:.60}"
        raise ParameterError(message)
    ids = np.array([str(v) for v in network.node_ids], dtype=object)
    n = len(ids)
    n_od = _whole(n_od, "n_od", 1)
    if n_od > n * (n - 1):
        message = f"n_od must be at most {n * (n - 1):,} for {n:,} nodes, got {n_od:,}"
        raise ParameterError(message)
    mean = check_number(mean_teu_per_week, "mean_teu_per_week", unit="TEU/week", minimum=0.0)
    if mean is None or mean <= 0:
        message = f"mean_teu_per_week must be > 0, got {mean_teu_per_week!r}"
        raise ParameterError(message)
    rng = np.random.default_rng(check_seed(seed))
    weight = rng.lognormal(0.0, 1.0, n)
    p = weight / weight.sum()
    chosen: np.ndarray = np.empty(0, dtype=np.int64)
    while len(chosen) < n_od:
        draw = 2 * (n_od - len(chosen)) + 16
        o = rng.choice(n, size=draw, p=p)
        d = rng.choice(n, size=draw, p=p)
        keys = (o * n + d)[o != d]
        merged = np.concatenate([chosen, keys])
        _, first = np.unique(merged, return_index=True)
        chosen = merged[np.sort(first)]  # keep the order of first appearance
    chosen = chosen[:n_od]
    origin, destination = np.divmod(chosen, n)
    sigma = 1.0
    teu = rng.lognormal(np.log(mean) - sigma**2 / 2, sigma, n_od).round(2).clip(0.01)
    width = len(str(n_od))
    return pd.DataFrame(
        {
            "id": [f"OD{k:0{width}d}" for k in range(1, n_od + 1)],
            "origin": ids[origin],
            "destination": ids[destination],
            "cargo_class": "general",
            "teu_per_week": teu,
            "weight_t_per_week": (teu * 10.0).round(2),
            "segment": "synthetic",
        }
    )


def synthetic_national(
    n_hubs: int = NATIONAL_HUBS,
    n_services: int = NATIONAL_SERVICES,
    n_od: int = NATIONAL_OD_PAIRS,
    *,
    seed: int = 0,
    n_stops: int = 20,
) -> tuple[Network, pd.DataFrame]:
    """A national-size network (2,000 hubs, 500 services) and demand (100,000 OD pairs).

    Parameters
    ----------
    n_hubs
        Hubs (``synthetic_network``: road everywhere, rail at 30 %, air at 2 %).
    n_services
        Rail services (``synthetic_services``, one direction each).
    n_od
        Distinct OD pairs of the demand (``synthetic_demand``).
    seed
        Random seed of the network, the services and the demand.
    n_stops
        Stops per service.

    Returns
    -------
    (Network, pandas.DataFrame)
        The network and its demand table.

    Examples
    --------
    >>> from multimodal.synthetic import synthetic_national
    >>> net, demand = synthetic_national(300, 10, 1_000, seed=1, n_stops=5)
    >>> len(net.node_ids), len(demand), demand["origin"].ne(demand["destination"]).all()
    (300, 1000, np.True_)
    """
    n_hubs = _whole(n_hubs, "n_hubs", 2)
    n_services = _whole(n_services, "n_services", 1)
    network = synthetic_service_network(n_hubs, n_services, n_stops, seed=seed)
    name = f"synthetic-national-{n_hubs}-{n_services}"
    network = Network(network.nodes, network.links, name=name, services=network.service_tables())
    return network, synthetic_demand(network, n_od, seed=seed)


__all__ = [
    "NATIONAL_HUBS",
    "NATIONAL_OD_PAIRS",
    "NATIONAL_SERVICES",
    "synthetic_demand",
    "synthetic_national",
]
