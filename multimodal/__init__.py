"""multimodal: multimodal freight network optimisation.

Routing, skims, capacitated assignment, block-train consolidation, first-mile
collection and hub planning on a geo-referenced multimodal network. The built-in
network models Shaanxi province's ports and hubs (the 14th Five-Year port plan) and the
trunk corridors that leave them: China-Europe trains, the Western Land-Sea corridor,
rail-sea routes to the coast, sea lanes and air cargo.

>>> import multimodal as mm
>>> net = mm.load_network()
>>> route = mm.route(net, mm.Shipment("汉中", "Duisburg", teu=2), objective="cost")
"""

from __future__ import annotations

import logging

from ._ortools import SolveInfo as SolveInfo
from .exceptions import DataValidationError as DataValidationError
from .exceptions import InfeasibleError as InfeasibleError
from .exceptions import MultimodalError as MultimodalError
from .exceptions import NoRouteError as NoRouteError
from .exceptions import ParameterError as ParameterError
from .exceptions import Problem as Problem
from .exceptions import ScalingWarning as ScalingWarning
from .exceptions import SolverError as SolverError
from .exceptions import TimeLimitWarning as TimeLimitWarning
from .exceptions import UnknownNodeError as UnknownNodeError
from .io import read_links as read_links
from .io import read_nodes as read_nodes
from .modes import CargoClass as CargoClass
from .modes import Mode as Mode
from .network import Network as Network
from .network import load_network as load_network
from .objective import Objective as Objective
from .routing import Route as Route
from .routing import alternatives as alternatives
from .routing import pareto as pareto
from .routing import route as route
from .routing import routes_table as routes_table
from .schema import validate_links as validate_links
from .schema import validate_nodes as validate_nodes
from .shipment import Shipment as Shipment
from .skim import Skim as Skim
from .skim import skim as skim

__version__ = "0.1.0"

# Solver modules load OR-Tools and PyVRP: import them on first use, so that
# ``import multimodal`` stays quick for routing-only work.
_LAZY = {
    "assign": ".assignment",
    "Assignment": ".assignment",
    "AssignParams": ".assignment",
    "validate_demand": ".demand",
    "read_demand": ".demand",
    "load_demand": ".demand",
    "consolidate": ".consolidation",
    "ConsolidateParams": ".consolidation",
    "ConsolidationPlan": ".consolidation",
    "ConsolidationCosts": ".consolidation",
    "generate_week": ".synthetic",
    "example_week": ".synthetic",
    "FallbackOption": ".consolidation",
    "collect": ".collection",
    "collect_instance": ".collection",
    "CollectionPlan": ".collection",
    "Fleet": ".collection",
    "CollectParams": ".collection",
    "locate_hubs": ".hub_location",
    "HubLocationResult": ".hub_location",
    "evaluate_hubs": ".hub_location",
    "HubLocationParams": ".hub_location",
    "read_ap_csahlp": ".instances.hubs",
    "HubInstance": ".hub_location",
    "read_cab": ".instances.hubs",
    "read_ap": ".instances.hubs",
    "VrpInstance": ".collection",
    "read_vrplib": ".instances.vrp",
    "read_solomon": ".instances.vrp",
    "read_instance": ".instances.vrp",
    "Scenario": ".scenarios",
    "compare": ".comparison",
    "Comparison": ".comparison",
    "accessibility": ".comparison",
    "load_scenarios": ".scenarios",
    "synthetic_network": ".synthetic",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    message = f"module 'multimodal' has no attribute {name!r}"
    raise AttributeError(message)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


logging.getLogger("multimodal").addHandler(logging.NullHandler())

__all__ = [
    "CargoClass",
    "DataValidationError",
    "InfeasibleError",
    "Mode",
    "MultimodalError",
    "Network",
    "NoRouteError",
    "ParameterError",
    "Objective",
    "Problem",
    "Route",
    "ScalingWarning",
    "Shipment",
    "Skim",
    "SolveInfo",
    "SolverError",
    "TimeLimitWarning",
    "UnknownNodeError",
    "__version__",
    "alternatives",
    "load_network",
    "pareto",
    "read_links",
    "read_nodes",
    "route",
    "routes_table",
    "skim",
    "validate_links",
    "validate_nodes",
    *_LAZY,
]
