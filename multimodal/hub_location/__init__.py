"""Hub location: p-hub median and fixed-cost / capacitated hub location, solved exactly.

``locate_hubs(problem, p=...)`` returns a ``HubLocationResult``; ``evaluate_hubs``
costs a given hub network. The modules, one job each:

- ``problem``: ``HubInstance``, the problem (flows, unit costs, cost factors);
- ``solve``: ``locate_hubs``, ``evaluate_hubs`` and ``HubLocationParams``;
- ``result``: ``HubLocationResult``;
- ``_enumeration``: the exact hub-set enumeration; ``_models``: the EK MIP models;
  ``_costs``: the cost of a hub network by component.

Readers of the CAB and AP benchmark data are in ``multimodal.instances.hubs``.
"""

from .problem import HubInstance as HubInstance
from .result import HubLocationResult as HubLocationResult
from .solve import MAX_HUB_SETS as MAX_HUB_SETS
from .solve import HubLocationParams as HubLocationParams
from .solve import evaluate_hubs as evaluate_hubs
from .solve import locate_hubs as locate_hubs

__all__ = [
    "MAX_HUB_SETS",
    "HubInstance",
    "HubLocationParams",
    "HubLocationResult",
    "evaluate_hubs",
    "locate_hubs",
]
