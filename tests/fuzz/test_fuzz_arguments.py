"""Generated arguments for ``Shipment``, ``route`` and ``pareto`` on the built-in network.

Every call either returns a valid answer (a ``Shipment`` whose figures are finite, a
``Route`` or a list of them with finite, non-negative totals from the origin to the
destination) or raises a ``MultimodalError`` subclass; never another exception, and never
slower than ``CALL_LIMIT_S``. The arguments mix valid values with wrong types and extreme
values: lists and text where a number or a datetime belongs, numbers where a name
belongs, huge integers, NaN and infinity, booleans, unknown country codes, a country
code given as one text, garbage modes and objectives.

A call that returns although an argument should have been refused (silent acceptance) is
checked separately, for the cases where "should" is beyond doubt (``_must_refuse``).

The example counts come from the shared profiles in ``tests/fuzz/conftest.py``
(``MULTIMODAL_FUZZ_PROFILE=nightly`` for thousands).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import multimodal as mm
from multimodal._iso3166 import CODES
from multimodal.exceptions import MultimodalError

#: The slowest a single call may be (s). Routing on the built-in network takes well under
#: 0.2 s; a call that takes longer has found a path the limits do not bound.
CALL_LIMIT_S = 2.0

NETWORK = mm.load_network()
#: Valid places: node ids, English and Chinese names (few, so that most routes are found).
PLACES = ["XIY", "HZG", "PVG", "Duisburg", "汉中", "Xi'an", "Almaty", "Chongqing"]
MODES = [m.value for m in mm.Mode]
CLASSES = [c.value for c in mm.CargoClass]
OBJECTIVES = ["cost", "time", "co2e", "distance", "generalized"]

# --------------------------------------------------------------------------- strategies

#: Values of the wrong type or of extreme size, for any argument.
GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([10**400, -(10**400), 2**63, 2**1024]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, 5e-324, -0.0]),
    st.text(max_size=6),
    st.lists(st.integers(min_value=-5, max_value=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.tuples(st.integers(), st.text(max_size=2)),
    st.binary(max_size=4),
    st.complex_numbers(max_magnitude=10),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.timedeltas(),
    st.just(object()),
)


def _mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Valid values nine times as often as garbage, so that calls get past the checks.

    (``st.one_of(valid, GARBAGE)`` would flatten GARBAGE's branches and draw garbage
    most of the time.)
    """
    return st.integers(min_value=0, max_value=9).flatmap(lambda k: GARBAGE if k == 9 else valid)


positive = st.floats(min_value=0.01, max_value=1e6) | st.integers(min_value=1, max_value=10**6)
huge = st.sampled_from([1e15, 1e100, 1e300, 1.7e308, 10**30, 10**300])
durations = st.sampled_from(["20d", "480h", "1d12h", "2w", "3 weeks", "36", "P1DT12H", "90min"])
ready_times = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31))
country_codes = st.sampled_from(["RU", "KZ", "BY", "PL", "cn", "XX", "ZZ", "", "China", "R"])


@st.composite
def shipment_kwargs(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword arguments for ``Shipment``: each valid or garbage, independently."""
    return {
        "origin": draw(_mostly(st.sampled_from(PLACES))),
        "destination": draw(_mostly(st.sampled_from(PLACES))),
        "teu": draw(_mostly(st.none() | positive | huge)),
        "weight_t": draw(_mostly(st.none() | positive)),
        "cargo_class": draw(_mostly(st.sampled_from(CLASSES))),
        "cargo_value_cny": draw(_mostly(st.none() | positive | huge)),
        "ready_time": draw(_mostly(st.none() | ready_times)),
        "deadline": draw(
            _mostly(st.none() | durations | positive | st.timedeltas(min_value=timedelta(0)))
        ),
    }


@st.composite
def constraint_kwargs(draw: st.DrawFn) -> dict[str, Any]:
    """Constraints of ``route``/``pareto``: some left out, some valid, some garbage."""
    options: dict[str, st.SearchStrategy[Any]] = {
        "modes": _mostly(st.lists(st.sampled_from([*MODES, "Rail", "ship", "x"]), max_size=3)),
        "avoid_modes": _mostly(st.lists(st.sampled_from(MODES), max_size=2)),
        "avoid_nodes": _mostly(st.lists(st.sampled_from([*PLACES, "Nowhere"]), max_size=2)),
        "avoid_countries": _mostly(st.lists(country_codes, max_size=3) | country_codes),
        "via": _mostly(st.lists(st.sampled_from(PLACES), max_size=1)),
    }
    chosen = draw(st.sets(st.sampled_from(sorted(options)), max_size=3))
    return {name: draw(options[name]) for name in sorted(chosen)}


@st.composite
def valid_shipment_kwargs(draw: st.DrawFn) -> dict[str, Any]:
    """Arguments the constructor should accept (the route arguments carry the garbage)."""
    origin, destination = draw(
        st.lists(st.sampled_from(PLACES), min_size=2, max_size=2, unique=True)
    )
    return {
        "origin": origin,
        "destination": destination,
        "teu": draw(st.none() | positive | huge),
        "cargo_value_cny": draw(st.none() | positive | huge),
        "cargo_class": draw(st.sampled_from(CLASSES)),
        "ready_time": draw(st.none() | ready_times),
        "deadline": draw(st.none() | durations),
    }


#: The shipment argument of a call: mostly a shipment's arguments, sometimes garbage.
shipments = _mostly(valid_shipment_kwargs()).map(
    lambda value: value if isinstance(value, dict) and "origin" in value else {"": value}
)


@st.composite
def route_calls(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A shipment and the other arguments of ``route``."""
    objective = draw(
        _mostly(
            st.sampled_from(OBJECTIVES)
            | st.builds(
                mm.Objective,
                st.just("generalized"),
                value_of_time_cny_per_h=st.none() | positive | huge,
                carbon_price_cny_per_t=st.just(0.0) | positive | huge,
            )
        )
    )
    return draw(shipments), {"objective": objective, **draw(constraint_kwargs())}


@st.composite
def pareto_calls(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A shipment and the other arguments of ``pareto``."""
    criteria = draw(
        _mostly(st.sampled_from([("cost", "time"), ("cost", "time", "co2e"), ["cost", "time"]]))
    )
    return draw(shipments), {"criteria": criteria, **draw(constraint_kwargs())}


def call_with_shipment(
    function: Callable[..., Any], given: dict[str, Any], kwargs: dict[str, Any]
) -> tuple[str, Any, float, str, str | None]:
    """Build the shipment (or pass the garbage as it is), then call.

    Returns the outcome (see ``outcome``), a description of the call and, where an
    argument must be refused (``must_refuse``), why.
    """
    if "" in given:
        shipment: Any = given[""]
    else:
        kind, shipment, seconds = outcome(mm.Shipment, **given)
        if kind != "ok":
            return kind, shipment, seconds, f"Shipment(**{given!r})", None
    name = getattr(function, "__name__", "call")
    kind, value, seconds = outcome(function, NETWORK, shipment, **kwargs)
    return kind, value, seconds, f"{name}({shipment!r}, **{kwargs!r})", must_refuse(kwargs)


# --------------------------------------------------------------------------- checks


def outcome(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, Any, float]:
    """``("ok", result, s)``, ``("refused", error, s)`` or ``("raw", error, s)``."""
    start = time.perf_counter()
    try:
        result = function(*args, **kwargs)
    except MultimodalError as error:
        return "refused", error, time.perf_counter() - start
    except Exception as error:  # the point is to catch everything else
        return "raw", error, time.perf_counter() - start
    return "ok", result, time.perf_counter() - start


def _finite(value: object, minimum: float = 0.0) -> bool:
    return isinstance(value, float | int) and math.isfinite(value) and value >= minimum


def shipment_problem(shipment: mm.Shipment) -> str | None:
    """Why an accepted shipment is not valid, or None."""
    if not (isinstance(shipment.origin, str) and isinstance(shipment.destination, str)):
        return "origin/destination not text"
    for name in ("teu", "weight_t"):
        size = getattr(shipment, name)
        if not (_finite(size) and size > 0):
            return f"{name} {size!r}"
    if shipment.cargo_value_cny is not None and not _finite(shipment.cargo_value_cny):
        return f"cargo_value_cny {shipment.cargo_value_cny!r}"
    if shipment.ready_time is not None and not isinstance(shipment.ready_time, datetime):
        return f"ready_time {shipment.ready_time!r}"
    deadline = shipment.deadline_h
    if deadline is not None and not _finite(deadline, minimum=-math.inf):
        return f"deadline_h {deadline!r}"
    return None


def route_problem(route: object) -> str | None:
    """Why a returned route is not valid, or None."""
    if not isinstance(route, mm.Route):
        return f"not a Route: {type(route).__name__}"
    for name in ("cost_cny", "time_h", "co2e_kg", "distance_km"):
        if not _finite(getattr(route, name)):
            return f"{name} {getattr(route, name)!r}"
    nodes = route.nodes
    if len(nodes) < 2 or nodes[0] == nodes[-1]:
        return f"nodes {nodes}"
    return None


def must_refuse(kwargs: dict[str, Any]) -> str | None:
    """An argument that no call may accept, or None (only where it is beyond doubt)."""
    countries = kwargs.get("avoid_countries")
    if isinstance(countries, str):
        countries = [c for c in countries.replace(",", ";").split(";") if c.strip()]
    if isinstance(countries, list | tuple):
        unknown = [c for c in countries if isinstance(c, str) and c.strip().upper() not in CODES]
        if unknown:
            return f"avoid_countries {unknown!r}: not ISO 3166 codes"
    return None


def _assert_good(kind: str, value: Any, seconds: float, call: str) -> None:
    assert kind != "raw", f"{call} raised {type(value).__name__}: {value}"
    assert seconds < CALL_LIMIT_S, f"{call} took {seconds:.1f} s"


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """The first route builds the network's search graph; not part of any call's time."""
    mm.route(NETWORK, mm.Shipment("XIY", "Duisburg"))


# --------------------------------------------------------------------------- tests


@given(shipment_kwargs())
def test_shipment_accepts_or_refuses(kwargs: dict[str, Any]) -> None:
    kind, value, seconds = outcome(mm.Shipment, **kwargs)
    _assert_good(kind, value, seconds, f"Shipment(**{kwargs!r})")
    if kind == "ok":
        assert shipment_problem(value) is None, (kwargs, shipment_problem(value))


@given(route_calls())
def test_route_accepts_or_refuses(call: tuple[dict[str, Any], dict[str, Any]]) -> None:
    kind, value, seconds, text, refuse = call_with_shipment(mm.route, *call)
    _assert_good(kind, value, seconds, text)
    if refuse is not None:
        assert kind != "ok", f"{text} was accepted: {refuse}"
    if kind == "ok":
        assert route_problem(value) is None, (text, route_problem(value))


@given(pareto_calls())
def test_pareto_accepts_or_refuses(call: tuple[dict[str, Any], dict[str, Any]]) -> None:
    kind, value, seconds, text, refuse = call_with_shipment(mm.pareto, *call)
    _assert_good(kind, value, seconds, text)
    if refuse is not None:
        assert kind != "ok", f"{text} was accepted: {refuse}"
    if kind == "ok":
        assert isinstance(value, list), text
        assert value, "an empty front is a NoRouteError"
        assert all(route_problem(r) is None for r in value), text


@pytest.mark.parametrize(
    "teu", [1e300, 10**300, 10**30, 1e15], ids=["1e300", "10^300", "10^30", "1e15"]
)
def test_pareto_with_astronomical_teu_is_refused(teu: float) -> None:
    """Issue 12: ``pareto`` with an astronomically large TEU ran past 30 s; such a
    shipment is now refused when it is made (at most ``MAX_TEU`` per shipment)."""
    with pytest.raises(mm.ParameterError, match=r"Shipment\.teu must be at most"):
        mm.Shipment("汉中", "Duisburg", teu=teu, ready_time=datetime(2026, 12, 1, 8))


def test_pareto_with_the_largest_teu_is_quick() -> None:
    """The largest shipment accepted still gets a front quickly."""
    from multimodal.shipment import MAX_TEU

    shipment = mm.Shipment("汉中", "Duisburg", teu=MAX_TEU, ready_time=datetime(2026, 12, 1, 8))
    kind, value, seconds = outcome(mm.pareto, NETWORK, shipment, criteria=("cost", "time", "co2e"))
    _assert_good(kind, value, seconds, f"pareto(teu={MAX_TEU})")


# ------------------------------------------------------------- classes the fuzzing found
# Each class of failure the fuzzing found in multimodal/routing.py, now refused clearly.

SHIPMENT = mm.Shipment("XIY", "Duisburg")


@pytest.mark.parametrize("function", [mm.route, mm.pareto], ids=["route", "pareto"])
@pytest.mark.parametrize("shipment", ["XIY", None, 0, ("XIY", "Duisburg")], ids=repr)
def test_refused_a_shipment_that_is_not_one_is_refused(
    function: Callable[..., Any], shipment: object
) -> None:
    with pytest.raises(MultimodalError, match="Shipment"):
        function(NETWORK, shipment)


@pytest.mark.parametrize("criteria", [None, True, 0, 1.5], ids=repr)
def test_refused_pareto_criteria_that_are_not_a_list_are_refused(criteria: object) -> None:
    with pytest.raises(MultimodalError, match="criteria"):
        mm.pareto(NETWORK, SHIPMENT, criteria=criteria)  # type: ignore[arg-type]


@pytest.mark.parametrize("countries", [["XX"], "ZZ", ["RU", "QQ"]], ids=repr)
def test_refused_unknown_country_codes_are_refused(countries: object) -> None:
    with pytest.raises(MultimodalError, match="ISO 3166"):
        mm.route(NETWORK, SHIPMENT, avoid_countries=countries)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value_of_time", "carbon_price", "teu"),
    [(1.7e308, 0.0, 1.0), (1.0, 1.7e308, 1.0), (1.0, 1e300, 1e6)],
    ids=["time", "carbon", "carbon-x-teu"],
)
def test_refused_overflowing_objective_weights(
    value_of_time: float, carbon_price: float, teu: float
) -> None:
    objective = mm.Objective(
        "generalized", value_of_time_cny_per_h=value_of_time, carbon_price_cny_per_t=carbon_price
    )
    kind, value, _ = outcome(mm.route, NETWORK, mm.Shipment("XIY", "HZG", teu=teu), objective)
    assert kind != "raw", f"{type(value).__name__}: {value}"
