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
from typing import TYPE_CHECKING

from ._ortools import SolveInfo as SolveInfo
from .diagnostics import network_warnings as network_warnings
from .exceptions import DataValidationError as DataValidationError
from .exceptions import DataWarning as DataWarning
from .exceptions import InfeasibleError as InfeasibleError
from .exceptions import ModelTooLargeError as ModelTooLargeError
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
from .objective import GeneralizedCost as GeneralizedCost
from .objective import Objective as Objective
from .routing import Route as Route
from .routing import alternatives as alternatives
from .routing import pareto as pareto
from .routing import route as route
from .routing import routes_table as routes_table
from .schema import validate_links as validate_links
from .schema import validate_nodes as validate_nodes
from .services import ServiceTable as ServiceTable
from .services import read_services as read_services
from .shipment import Shipment as Shipment
from .skim import Skim as Skim
from .skim import skim as skim

__version__ = "0.1.0"

if TYPE_CHECKING:  # what the lazy names below are, for type checkers and IDEs
    from .assignment import Assignment as Assignment
    from .assignment import AssignParams as AssignParams
    from .assignment import ChoiceModel as ChoiceModel
    from .assignment import assign as assign
    from .assignment import load_choice_model as load_choice_model
    from .calibration import Calibration as Calibration
    from .calibration import calibrate as calibrate
    from .calibration import load_observations as load_observations
    from .collection import CollectionPlan as CollectionPlan
    from .collection import CollectParams as CollectParams
    from .collection import Fleet as Fleet
    from .collection import VrpInstance as VrpInstance
    from .collection import collect as collect
    from .collection import collect_instance as collect_instance
    from .comparison import Comparison as Comparison
    from .comparison import compare as compare
    from .comparison.accessibility import accessibility as accessibility
    from .consolidation import ConsolidateParams as ConsolidateParams
    from .consolidation import ConsolidationCosts as ConsolidationCosts
    from .consolidation import ConsolidationPlan as ConsolidationPlan
    from .consolidation import FallbackOption as FallbackOption
    from .consolidation import consolidate as consolidate
    from .demand import load_demand as load_demand
    from .demand import read_demand as read_demand
    from .demand import validate_demand as validate_demand
    from .equilibrium import BPR as BPR
    from .equilibrium import CongestedAssignment as CongestedAssignment
    from .equilibrium import Conical as Conical
    from .equilibrium import EquilibriumProblem as EquilibriumProblem
    from .equilibrium import EquilibriumResult as EquilibriumResult
    from .equilibrium import QueueDelay as QueueDelay
    from .equilibrium import congested_assignment as congested_assignment
    from .equilibrium import solve_equilibrium as solve_equilibrium
    from .hub_location import HubInstance as HubInstance
    from .hub_location import HubLocationParams as HubLocationParams
    from .hub_location import HubLocationResult as HubLocationResult
    from .hub_location import evaluate_hubs as evaluate_hubs
    from .hub_location import locate_hubs as locate_hubs
    from .instances.hubs import read_ap as read_ap
    from .instances.hubs import read_ap_csahlp as read_ap_csahlp
    from .instances.hubs import read_cab as read_cab
    from .instances.tntp import TntpInstance as TntpInstance
    from .instances.tntp import read_tntp as read_tntp
    from .instances.vrp import read_instance as read_instance
    from .instances.vrp import read_solomon as read_solomon
    from .instances.vrp import read_vrplib as read_vrplib
    from .reliability import ReliabilityParams as ReliabilityParams
    from .reliability import arrival_distribution as arrival_distribution
    from .reliability import read_time_distributions as read_time_distributions
    from .scenarios import Scenario as Scenario
    from .scenarios import grow_demand as grow_demand
    from .scenarios import in_year as in_year
    from .scenarios import load_scenarios as load_scenarios
    from .sweeps import Sweep as Sweep
    from .sweeps import sweep as sweep
    from .synthetic import example_week as example_week
    from .synthetic import generate_week as generate_week
    from .synthetic import synthetic_network as synthetic_network
    from .targets import Target as Target
    from .targets import evaluate_targets as evaluate_targets
    from .targets import load_targets as load_targets
    from .targets import target_kpis as target_kpis

# Solver modules load OR-Tools and PyVRP: import them on first use, so that
# ``import multimodal`` stays quick for routing-only work.
_LAZY = {
    "assign": ".assignment",
    "BPR": ".equilibrium",
    "Conical": ".equilibrium",
    "QueueDelay": ".equilibrium",
    "EquilibriumProblem": ".equilibrium",
    "EquilibriumResult": ".equilibrium",
    "solve_equilibrium": ".equilibrium",
    "congested_assignment": ".equilibrium",
    "CongestedAssignment": ".equilibrium",
    "read_tntp": ".instances.tntp",
    "TntpInstance": ".instances.tntp",
    "Assignment": ".assignment",
    "AssignParams": ".assignment",
    "ChoiceModel": ".assignment",
    "Calibration": ".calibration",
    "calibrate": ".calibration",
    "load_observations": ".calibration",
    "load_choice_model": ".assignment",
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
    "ReliabilityParams": ".reliability",
    "arrival_distribution": ".reliability",
    "read_time_distributions": ".reliability",
    "compare": ".comparison",
    "Comparison": ".comparison",
    "accessibility": ".comparison.accessibility",
    "load_scenarios": ".scenarios",
    "synthetic_network": ".synthetic",
    "sweep": ".sweeps",
    "Sweep": ".sweeps",
    "in_year": ".scenarios",
    "grow_demand": ".scenarios",
    "Target": ".targets",
    "load_targets": ".targets",
    "evaluate_targets": ".targets",
    "target_kpis": ".targets",
}


def __getattr__(name: str) -> object:  # PEP 562: import solver modules on first use
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    message = f"module 'multimodal' has no attribute {name!r}"
    raise AttributeError(message)


def __dir__() -> list[str]:
    # the public names (tab completion), not the module's machinery (TYPE_CHECKING,
    # annotations, logging, submodules)
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})


logging.getLogger("multimodal").addHandler(logging.NullHandler())

__all__ = [  # noqa: RUF022 - plainly sorted (tests/architecture/test_public_api.py); ruff puts "BPR" first
    "AssignParams",
    "Assignment",
    "BPR",
    "Calibration",
    "CargoClass",
    "ChoiceModel",
    "CollectParams",
    "CollectionPlan",
    "Comparison",
    "CongestedAssignment",
    "Conical",
    "ConsolidateParams",
    "ConsolidationCosts",
    "ConsolidationPlan",
    "DataValidationError",
    "DataWarning",
    "EquilibriumProblem",
    "EquilibriumResult",
    "FallbackOption",
    "Fleet",
    "GeneralizedCost",
    "HubInstance",
    "HubLocationParams",
    "HubLocationResult",
    "InfeasibleError",
    "Mode",
    "ModelTooLargeError",
    "MultimodalError",
    "Network",
    "NoRouteError",
    "Objective",
    "ParameterError",
    "Problem",
    "QueueDelay",
    "ReliabilityParams",
    "Route",
    "ScalingWarning",
    "Scenario",
    "ServiceTable",
    "Shipment",
    "Skim",
    "SolveInfo",
    "SolverError",
    "Sweep",
    "Target",
    "TimeLimitWarning",
    "TntpInstance",
    "UnknownNodeError",
    "VrpInstance",
    "__version__",
    "accessibility",
    "alternatives",
    "arrival_distribution",
    "assign",
    "calibrate",
    "collect",
    "collect_instance",
    "compare",
    "congested_assignment",
    "consolidate",
    "evaluate_hubs",
    "evaluate_targets",
    "example_week",
    "generate_week",
    "grow_demand",
    "in_year",
    "load_choice_model",
    "load_demand",
    "load_network",
    "load_observations",
    "load_scenarios",
    "load_targets",
    "locate_hubs",
    "network_warnings",
    "pareto",
    "read_ap",
    "read_ap_csahlp",
    "read_cab",
    "read_demand",
    "read_instance",
    "read_links",
    "read_nodes",
    "read_services",
    "read_solomon",
    "read_time_distributions",
    "read_tntp",
    "read_vrplib",
    "route",
    "routes_table",
    "skim",
    "solve_equilibrium",
    "sweep",
    "synthetic_network",
    "target_kpis",
    "validate_demand",
    "validate_links",
    "validate_nodes",
]
