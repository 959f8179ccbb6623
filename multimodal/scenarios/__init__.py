"""Scenarios: named, documented sets of changes to a network (the proposals of a plan).

A ``Scenario`` is a value: a name, a title, a description, the section of the plan it
models and a tuple of changes. ``Scenario.apply(base)`` returns a **new** network (the
base is never touched), validated like any other; ``Scenario.inverse(base)`` gives the
changes that undo it. Scenarios are written in Python or read from TOML or YAML files;
the bundled ones (``load_scenarios()``) model the proposals of the Shaanxi port plan.

One job per module:

``changes``
    The change kinds (``AddNode``, ``OpenPort``, ``SetLink``, ...), each a frozen
    dataclass that checks its fields and makes itself on the working tables
    (``apply_to``).
``services``
    The service kinds (``AddService``, ``RemoveService``, ``SetService``,
    ``ScaleService``, ``SetServiceStops``) and ``SERVICE_RULES``.
``kinds``
    ``CHANGE_KINDS``, the registry; ``change_from_dict`` builds a change from file data.
``scenario``
    ``Scenario``: apply, inverse, diff, combine, summary, plain data.
``diff``
    ``network_diff``: what differs between two networks.
``files``
    TOML and YAML text to plain data and back.
``bundled``
    ``load_scenarios``, ``load_scenario``, ``scenarios_dir``.
``years``
    Plan years: ``in_year`` (the services running in a year), ``grow_demand`` (the
    demand scaled to a year), ``BASELINE_YEAR`` 2020 and ``PLAN_YEAR`` 2025.
``served``
    ``opened_but_unserved``: ports a scenario opens with no service that can carry
    international cargo there.
``_tables``, ``_values``, ``_legs``
    The working tables a scenario edits; checking the values a change is given;
    building a service's stop rows.

Every error names the scenario, the change (numbered from 1) and what is wrong.

Examples
--------
>>> import multimodal as mm
>>> from multimodal.scenarios import OpenPort, Scenario
>>> net = mm.load_network()
>>> yulin = Scenario("yulin", changes=[OpenPort("UYN", modes=["air"], status="formal")])
>>> yulin.apply(net).node("UYN")["port_status"]
'formal'
>>> net.node("UYN")["port_status"]
'temporary'
"""

from ._values import LIST_COLUMNS as LIST_COLUMNS
from .bundled import load_scenario as load_scenario
from .bundled import load_scenarios as load_scenarios
from .bundled import scenarios_dir as scenarios_dir
from .changes import DEFAULT_CUSTOMS_COST_CNY_PER_TEU as DEFAULT_CUSTOMS_COST_CNY_PER_TEU
from .changes import DEFAULT_CUSTOMS_H as DEFAULT_CUSTOMS_H
from .changes import AddLink as AddLink
from .changes import AddNode as AddNode
from .changes import Change as Change
from .changes import OpenPort as OpenPort
from .changes import RemoveLink as RemoveLink
from .changes import RemoveNode as RemoveNode
from .changes import ScaleLink as ScaleLink
from .changes import SetLink as SetLink
from .changes import SetNode as SetNode
from .diff import network_diff as network_diff
from .kinds import CHANGE_KINDS as CHANGE_KINDS
from .kinds import change_from_dict as change_from_dict
from .scenario import Scenario as Scenario
from .served import is_served as is_served
from .served import opened_but_unserved as opened_but_unserved
from .served import opened_ports as opened_ports
from .services import SERVICE_RULES as SERVICE_RULES
from .services import AddService as AddService
from .services import RemoveService as RemoveService
from .services import ScaleService as ScaleService
from .services import ServiceRule as ServiceRule
from .services import SetService as SetService
from .services import SetServiceStops as SetServiceStops
from .years import BASELINE_YEAR as BASELINE_YEAR
from .years import DEMAND_YEAR as DEMAND_YEAR
from .years import PLAN_YEAR as PLAN_YEAR
from .years import demand_growth as demand_growth
from .years import grow_demand as grow_demand
from .years import in_year as in_year
from .years import service_opening_years as service_opening_years
from .years import years_dir as years_dir

__all__ = [
    "BASELINE_YEAR",
    "CHANGE_KINDS",
    "DEFAULT_CUSTOMS_COST_CNY_PER_TEU",
    "DEFAULT_CUSTOMS_H",
    "DEMAND_YEAR",
    "LIST_COLUMNS",
    "PLAN_YEAR",
    "SERVICE_RULES",
    "AddLink",
    "AddNode",
    "AddService",
    "Change",
    "OpenPort",
    "RemoveLink",
    "RemoveNode",
    "RemoveService",
    "ScaleLink",
    "ScaleService",
    "Scenario",
    "ServiceRule",
    "SetLink",
    "SetNode",
    "SetService",
    "SetServiceStops",
    "change_from_dict",
    "demand_growth",
    "grow_demand",
    "in_year",
    "is_served",
    "load_scenario",
    "load_scenarios",
    "network_diff",
    "opened_but_unserved",
    "opened_ports",
    "scenarios_dir",
    "service_opening_years",
    "years_dir",
]
