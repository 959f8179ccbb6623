"""Generators of synthetic inputs: networks, services, demands, weeks of shipments, flow problems.

Every generator takes a ``seed`` and gives the same output for the same arguments. They
feed the tests and benchmarks, and let users try a solver at a size of their choosing.
"""

from .flows import FlowProblemParams as FlowProblemParams
from .flows import random_flow_problem as random_flow_problem
from .national import synthetic_demand as synthetic_demand
from .national import synthetic_national as synthetic_national
from .network import synthetic_network as synthetic_network
from .services import synthetic_service_network as synthetic_service_network
from .services import synthetic_services as synthetic_services
from .week import example_week as example_week
from .week import generate_week as generate_week

__all__ = [
    "FlowProblemParams",
    "example_week",
    "generate_week",
    "random_flow_problem",
    "synthetic_demand",
    "synthetic_national",
    "synthetic_network",
    "synthetic_service_network",
    "synthetic_services",
]
