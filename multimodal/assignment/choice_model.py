"""``ChoiceModel``: how shippers split over routes, modes and gateways (a path-size logit).

A shipper of one demand row (an OD segment of one cargo class) sees a set of alternative
paths ``i`` (found by ``multimodal.assignment.logit``) and takes each with probability

``P_i = exp(V_i) / (exp(V_unserved) + sum_j exp(V_j))``,
``V_i = -scale * GC_i / GC_ref + sum of the constants of i's attributes + ln PS_i``,

where ``GC_i`` is the path's generalized cost (CNY per TEU, ``GeneralizedCost``) plus the
shadow prices of the capacities it uses, ``GC_ref`` the row's least generalized cost on
the reference network (the scale is then per unit of *relative* cost: a route 10 % dearer
than the best loses ``0.1 x scale`` of utility, on a 2-day truck trip as on a 40-day
voyage), and ``PS_i`` the path size (Ben-Akiva and Bierlaire 1999): the share of the
path's length that it does not share with the row's other alternatives. The constants
are per attribute: ``mode:<main mode>``, ``gateway:<node>`` (where the box leaves or
enters China), ``hub:<node>`` (where it boards the international service) and
``service:<service id>``, or ``select:<selector>`` (the paths that ride a service the
selector matches, for the demand rows it matches: docs/demand.md, section 3.1); they are
what calibration fits (``multimodal.calibrate``).

Demand may respond to the offer: with ``elasticity`` < 0, a row's TEU scale with its
composite cost (the logsum in CNY) against the reference network's,
``D = D_ref x exp(elasticity x (C - C_ref) / GC_ref)`` (docs/choice.md gives the sources).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .._validate import check_number, did_you_mean
from ..exceptions import DataValidationError, ParameterError, Problem
from ..objective import GeneralizedCost
from .selectors import Selector

__all__ = [
    "ATTRIBUTE_KINDS",
    "DEFAULT_ELASTICITY",
    "DEFAULT_SCALE",
    "ChoiceModel",
    "load_choice_model",
    "resolve_choice",
]

#: Kinds of path attribute a constant can be attached to.
ATTRIBUTE_KINDS = ("mode", "gateway", "hub", "service", "select")

#: Default logit scale, utility per unit of relative generalized cost (EST-SCALE,
#: docs/choice.md): a route 10 % dearer than the best keeps exp(-0.8) = 45 % of its odds.
DEFAULT_SCALE = 8.0

#: Default elasticity of an OD row's TEU to its composite generalized cost (EST-ELASTICITY,
#: docs/choice.md): total volume, not mode or route shift (the logit does those), is
#: inelastic; the UK aggregate freight price elasticity is about -0.18 (Agnolucci and
#: Bonilla 2009), of which we take -0.2.
DEFAULT_ELASTICITY = -0.2

_FORMAT = "multimodal.ChoiceModel/1"


def _check_key(key: object) -> str:
    text = str(key)
    kind, _, value = text.partition(":")
    if kind not in ATTRIBUTE_KINDS or not value:
        message = (
            f"choice constant {text!r} must be '<kind>:<value>' with kind one of "
            f"{', '.join(ATTRIBUTE_KINDS)} (e.g. 'mode:air', 'gateway:ALASHANKOU')"
        )
        raise ParameterError(message)
    if kind == "select":
        _ = Selector(value).terms  # a bad selector is refused now, not mid-solve
    return text


@dataclass(frozen=True)
class ChoiceModel:
    """Parameters of the route, mode and gateway choice (see the module docstring).

    Parameters
    ----------
    scale
        Utility per unit of relative generalized cost (> 0); larger: shippers more
        strictly take the cheapest route (``inf`` would be the least-cost assignment).
    constants
        Alternative-specific constants, utility units, by attribute
        (``"mode:rail"``, ``"gateway:ALASHANKOU"``, ``"hub:XIAN_PORT"``,
        ``"service:CE_XIAN_DUISBURG_EXP"``); a path adds the constants of each of its
        attributes. Missing keys are 0.
    elasticity
        Elasticity of each row's TEU to its composite cost (<= 0; 0: fixed demand;
        default ``DEFAULT_ELASTICITY``). Against a reference (``assign(...,
        reference=base)``, as ``compare`` does) demand follows the change in composite
        cost; without one, the given demand is what shippers send at the unpriced cost,
        and full lines ration it (docs/choice.md, section 3).
    path_size
        Correct for overlapping paths (path-size logit); False: plain logit.
    max_alternatives
        At most this many paths per row enter the choice set at the start (the best
        by generalized cost, the best by each main mode and the best avoiding each
        gateway already found), before paths cheaper at the shadow prices join.
    generalized
        How a path's generalized cost is priced.
    reservation_factor
        A TEU left unserved (a full line, no path) costs its shipper this many times
        the row's least generalized cost on the reference network (> 1; EST-RESERVATION,
        docs/choice.md: the shipper's next-best option outside the network, e.g. not
        trading or another supplier). It bounds what an unserved TEU weighs in the
        shippers' surplus, where the least-cost assignment uses its penalty.
    note
        Free text: where the values come from (a calibration writes its report here).

    Examples
    --------
    >>> m = ChoiceModel(constants={"mode:air": -1.5})
    >>> m.constant_of(["mode:air", "gateway:XIY"])
    -1.5
    """

    scale: float = DEFAULT_SCALE
    constants: Mapping[str, float] = field(default_factory=dict)
    elasticity: float = DEFAULT_ELASTICITY
    path_size: bool = True
    max_alternatives: int = 8
    generalized: GeneralizedCost = field(default_factory=GeneralizedCost)
    reservation_factor: float = 3.0
    note: str = ""

    def __post_init__(self) -> None:
        check_number(self.scale, "ChoiceModel.scale", unit="", minimum=0, strict=True)
        if not math.isfinite(float(self.scale)):
            message = "ChoiceModel.scale must be finite; use choice=None for least cost"
            raise ParameterError(message)
        check_number(self.elasticity, "ChoiceModel.elasticity", unit="", maximum=0)
        check_number(
            self.reservation_factor,
            "ChoiceModel.reservation_factor",
            unit="",
            minimum=1,
            strict=True,
        )
        if not isinstance(self.path_size, bool):
            message = f"ChoiceModel.path_size must be True or False, got {self.path_size!r}"
            raise ParameterError(message)
        if not isinstance(self.max_alternatives, int) or self.max_alternatives < 1:
            message = (
                f"ChoiceModel.max_alternatives must be an int >= 1, got {self.max_alternatives!r}"
            )
            raise ParameterError(message)
        constants = {}
        for key, value in dict(self.constants).items():
            number = check_number(value, f"ChoiceModel.constants[{key!r}]", unit="")
            constants[_check_key(key)] = float(number or 0.0)
        object.__setattr__(self, "constants", dict(sorted(constants.items())))
        object.__setattr__(self, "scale", float(self.scale))
        object.__setattr__(self, "elasticity", float(self.elasticity))

    def constant_of(self, attributes: list[str] | tuple[str, ...]) -> float:
        """Sum of the constants of a path's attributes (utility units)."""
        return float(sum(self.constants.get(a, 0.0) for a in attributes))

    def with_constants(self, constants: Mapping[str, float], **changes: Any) -> ChoiceModel:
        """A copy with these constants (replacing all) and other fields changed."""
        return replace(self, constants=dict(constants), **changes)

    # --- save and load ---------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The model as plain data (what ``save`` writes)."""
        g = self.generalized
        return {
            "format": _FORMAT,
            "scale": self.scale,
            "elasticity": self.elasticity,
            "path_size": self.path_size,
            "max_alternatives": self.max_alternatives,
            "reservation_factor": self.reservation_factor,
            "constants": dict(self.constants),
            "generalized": {
                "value_of_time_pct_per_day": dict(g.value_of_time_pct_per_day),
                "transfer_penalty_cny_per_teu": g.transfer_penalty_cny_per_teu,
                "carbon_price_cny_per_t": g.carbon_price_cny_per_t,
            },
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "choice model") -> ChoiceModel:
        """Build a model from ``to_dict``'s plain data.

        Raises
        ------
        DataValidationError
            Unknown or missing fields, naming ``source``.
        """
        known = {
            "format", "scale", "elasticity", "path_size", "max_alternatives", "constants",
            "generalized", "note", "reservation_factor",
        }  # fmt: skip
        unknown = sorted(set(data) - known)
        if unknown or data.get("format") != _FORMAT:
            what = f"unknown fields {unknown}" if unknown else f"format is not {_FORMAT!r}"
            raise DataValidationError(Problem(f"not a saved ChoiceModel: {what}", source))
        fields = {k: v for k, v in data.items() if k not in ("format", "generalized")}
        generalized = GeneralizedCost(**dict(data.get("generalized", {})))
        try:
            return cls(**fields, generalized=generalized)
        except ParameterError as error:
            raise DataValidationError(Problem(str(error), source)) from error

    def save(self, path: str | Path) -> Path:
        """Write the model as JSON; returns the path."""
        path = Path(path)
        # the same text as scripts/calibrate_builtin.py writes
        path.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", "utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path) -> ChoiceModel:
        """Read a model that ``save`` wrote.

        Raises
        ------
        DataValidationError
            The file is missing, not JSON, or not a saved model (naming the file).
        """
        path = Path(path)
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError as error:
            raise DataValidationError(Problem("file not found", str(path))) from error
        except json.JSONDecodeError as error:
            raise DataValidationError(Problem(f"not JSON: {error}", str(path))) from error
        return cls.from_dict(data, source=str(path))


def resolve_choice(choice: object) -> ChoiceModel | None:
    """The choice model ``assign`` and ``compare`` are asked for.

    Parameters
    ----------
    choice
        None (least cost), ``"logit"`` (the built-in calibrated model,
        ``load_choice_model()``) or a ``ChoiceModel``.

    Returns
    -------
    ChoiceModel or None

    Raises
    ------
    ParameterError
        Another word (with the close one) or another type.
    """
    if choice is None or isinstance(choice, ChoiceModel):
        return choice
    if isinstance(choice, str):
        if choice != "logit":
            hint = did_you_mean(choice, ["logit"])
            message = f"unknown choice {choice!r}{hint}; use 'logit' or None"
            raise ParameterError(message)
        return load_choice_model()
    message = f"choice must be None, 'logit' or a ChoiceModel, got {choice!r:.60}"
    raise ParameterError(message)


def load_choice_model() -> ChoiceModel:
    """The built-in choice model, calibrated to the observed figures (docs/choice.md).

    Returns
    -------
    ChoiceModel
        Read from the bundled ``choice/calibrated.json`` (written by
        ``scripts/calibrate_builtin.py``); an uncalibrated ``ChoiceModel()`` if the file
        is absent.
    """
    from ..io import data_dir

    path = data_dir() / "choice" / "calibrated.json"
    return ChoiceModel.load(path) if path.exists() else ChoiceModel()
