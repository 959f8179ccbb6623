"""First-mile collection: truck tours that bring containers from factories to a train.

A capacitated vehicle-routing problem with time windows, solved by PyVRP (default) or
OR-Tools routing; the same code solves the public VRPLIB and Solomon instances. One job
per module:

``fleet``       ``Fleet``, a group of identical trucks
``params``      ``CollectParams`` (solver, time limit, seed, assumptions) and the defaults
``pickups``     reading and checking the pickups table (``read_pickups``, ``validate_pickups``)
``distances``   distance and travel-time matrices (given, road layer, or straight line)
``road``        road distances from a network's road layer (``road_matrices``)
``instance``    ``VrpInstance``, the benchmark problem type (readers: ``multimodal.instances``)
``solve``       ``collect`` and ``collect_instance``
``plan``        ``CollectionPlan``, the result
``_model``      pre-screening and integer scaling; ``_schedule`` tours in floats;
``_engines``    the two solvers; ``_clock`` "HH:MM" times

>>> from multimodal.collection import CollectParams, Fleet, collect
"""

from ._clock import format_clock as format_clock
from ._clock import parse_clock as parse_clock
from .fleet import DEFAULT_COST_CNY_PER_KM as DEFAULT_COST_CNY_PER_KM
from .fleet import Fleet as Fleet
from .instance import ROUNDING_CONVENTIONS as ROUNDING_CONVENTIONS
from .instance import VrpInstance as VrpInstance
from .instance import euclidean_matrix as euclidean_matrix
from .params import DEFAULT_DETOUR_FACTOR as DEFAULT_DETOUR_FACTOR
from .params import DEFAULT_SERVICE_H as DEFAULT_SERVICE_H
from .params import DEFAULT_SOLVER as DEFAULT_SOLVER
from .params import DEFAULT_SPEED_KMH as DEFAULT_SPEED_KMH
from .params import SOLVERS as SOLVERS
from .params import CollectParams as CollectParams
from .pickups import read_pickups as read_pickups
from .pickups import validate_pickups as validate_pickups
from .plan import UNSERVED_REASONS as UNSERVED_REASONS
from .plan import CollectionPlan as CollectionPlan
from .road import road_matrices as road_matrices
from .solve import INSTANCE_SCALING as INSTANCE_SCALING
from .solve import collect as collect
from .solve import collect_instance as collect_instance

__all__ = [
    "DEFAULT_COST_CNY_PER_KM",
    "DEFAULT_DETOUR_FACTOR",
    "DEFAULT_SERVICE_H",
    "DEFAULT_SOLVER",
    "DEFAULT_SPEED_KMH",
    "INSTANCE_SCALING",
    "ROUNDING_CONVENTIONS",
    "SOLVERS",
    "UNSERVED_REASONS",
    "CollectParams",
    "CollectionPlan",
    "Fleet",
    "VrpInstance",
    "collect",
    "collect_instance",
    "euclidean_matrix",
    "format_clock",
    "parse_clock",
    "read_pickups",
    "road_matrices",
    "validate_pickups",
]
