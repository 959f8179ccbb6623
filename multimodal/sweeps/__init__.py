"""Sweeps: many draws or settings of uncertain inputs, every KPI as a distribution.

``sweep(base, scenarios, demand, draws=..., settings=...)`` runs ``compare`` (or
``assign``, or an all-or-nothing skim) on the base and the proposals in every draw of
the factors, through any ``concurrent.futures``-style executor (a process pool, a Dask
``distributed.Client``, a Ray adapter), and returns a ``Sweep``: the distribution of every
KPI per setting and scenario, and the probability that each proposal beats the base.

One job per module:

``distributions``
    ``Uniform``, ``Triangular``, ``Normal``, ``Choice``, ``Bernoulli``.
``factors``
    ``FuelPrice``, ``BorderDwell``, ``DemandGrowth``, ``Closure``: a drawn value as
    scenario changes and a demand factor.
``run``
    ``sweep``: the draws, the batches, the executor.
``_worker``
    ``run_batch``, the task an executor runs.
``result``
    ``Sweep`` and the distribution table.
"""

from .distributions import Bernoulli as Bernoulli
from .distributions import Choice as Choice
from .distributions import Distribution as Distribution
from .distributions import Normal as Normal
from .distributions import Triangular as Triangular
from .distributions import Uniform as Uniform
from .factors import BorderDwell as BorderDwell
from .factors import Closure as Closure
from .factors import DemandGrowth as DemandGrowth
from .factors import Factor as Factor
from .factors import FuelPrice as FuelPrice
from .result import HIGHER_IS_BETTER as HIGHER_IS_BETTER
from .result import LOWER_IS_BETTER as LOWER_IS_BETTER
from .result import QUANTILES as QUANTILES
from .result import Sweep as Sweep
from .run import sweep as sweep

__all__ = [
    "HIGHER_IS_BETTER",
    "LOWER_IS_BETTER",
    "QUANTILES",
    "Bernoulli",
    "BorderDwell",
    "Choice",
    "Closure",
    "DemandGrowth",
    "Distribution",
    "Factor",
    "FuelPrice",
    "Normal",
    "Sweep",
    "Triangular",
    "Uniform",
    "sweep",
]
