"""The trucks of a first-mile collection: ``Fleet``, a group of identical vehicles."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import check_number
from ..exceptions import ParameterError

#: Truck cost per km (EST: factsheet gives RMB 8-12 per km per FEU for container haulage).
DEFAULT_COST_CNY_PER_KM = 10.0


@dataclass(frozen=True)
class Fleet:
    """A group of identical trucks based at the terminal.

    Attributes
    ----------
    count
        Number of trucks available.
    capacity_teu
        Containers one truck can carry, TEU (a 40 ft box is 2 TEU).
    cost_cny_per_km
        Running cost, CNY per km (default 10, EST: factsheet RMB 8-12 per km per FEU).
    fixed_cost_cny
        Cost of using a truck at all, CNY per truck (default 0).
    name
        Label for the plan's tables.

    Raises
    ------
    ParameterError
        A count that is not a whole number >= 1, a capacity that is not > 0, or a
        negative or non-finite cost.

    Examples
    --------
    >>> Fleet(count=3, capacity_teu=2, fixed_cost_cny=200).capacity_teu
    2
    """

    count: int
    capacity_teu: float
    cost_cny_per_km: float = DEFAULT_COST_CNY_PER_KM
    fixed_cost_cny: float = 0.0
    name: str = "truck"

    def __post_init__(self) -> None:
        count = self.count
        if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 1:
            message = f"Fleet.count must be a whole number >= 1, got {count!r}"
            raise ParameterError(message)
        check_number(self.capacity_teu, "Fleet.capacity_teu", unit="TEU", minimum=0, strict=True)
        check_number(self.cost_cny_per_km, "Fleet.cost_cny_per_km", unit="CNY/km", minimum=0)
        check_number(self.fixed_cost_cny, "Fleet.fixed_cost_cny", unit="CNY", minimum=0)
        if not isinstance(self.name, str) or not self.name:
            message = f"Fleet.name must be a non-empty text, got {self.name!r}"
            raise ParameterError(message)
