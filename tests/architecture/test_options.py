"""The one deprecation path for keywords that moved into a ``*Params`` dataclass."""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import pytest

from multimodal._options import moved_to_params
from multimodal.exceptions import ParameterError


@dataclasses.dataclass(frozen=True)
class SolveParams:
    solver: str = "a"
    rounds: int = 1
    scaling: str = "fen"


def _move(given: dict[str, Any], params: SolveParams | None = None, **kw: Any) -> SolveParams:
    return moved_to_params("solve", given, SolveParams, params, renamed={"engine": "solver"}, **kw)


def test_no_old_keyword_gives_params_or_the_defaults_without_warning() -> None:
    mine = SolveParams(rounds=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _move({}) == SolveParams()
        assert _move({}, mine) is mine


def test_old_keywords_warn_and_move() -> None:
    with pytest.warns(DeprecationWarning, match="is deprecated") as caught:
        params = _move({"engine": "b", "rounds": 4})
    assert params == SolveParams(solver="b", rounds=4)
    messages = [str(w.message) for w in caught]
    assert messages == [
        "solve(engine=...) is deprecated and will be removed in the next release; "
        "use params=SolveParams(solver=...) instead",
        "solve(rounds=...) is deprecated and will be removed in the next release; "
        "use params=SolveParams(rounds=...) instead",
    ]
    assert all(w.category is DeprecationWarning for w in caught)
    assert caught[0].filename == __file__  # stacklevel 2: the caller of the caller


def test_a_keyword_given_both_ways_is_refused() -> None:
    with pytest.raises(ParameterError, match=r"got both 'engine' \(deprecated\) and 'solver'"):
        _move({"solver": "a", "engine": "b"})
    with pytest.raises(ParameterError, match=r"got both 'engine' \(deprecated\) and 'solver'"):
        _move({"engine": "b", "solver": "a"})


def test_params_and_old_keywords_together_are_refused_unless_override() -> None:
    with pytest.raises(ParameterError, match=r"got params= and rounds=.*not both"):
        _move({"rounds": 2}, SolveParams(solver="c"))
    with pytest.warns(DeprecationWarning, match="rounds"):
        moved = _move({"rounds": 2}, SolveParams(solver="c"), override=True)
    assert moved == SolveParams(solver="c", rounds=2)


def test_unknown_keyword_is_refused_with_a_suggestion() -> None:
    with pytest.raises(ParameterError, match=r"unexpected keyword argument 'round'.*'rounds'"):
        _move({"round": 2})
    with pytest.raises(ParameterError, match=r"'cutof'; did you mean 'cutoff'\?"):
        _move({"cutof": 2}, also=("cutoff",))


def test_fields_limits_which_fields_were_keywords() -> None:
    with pytest.raises(ParameterError, match="unexpected keyword argument 'scaling'"):
        _move({"scaling": "cny"}, fields=("rounds",))


def test_params_of_another_type_is_refused() -> None:
    with pytest.raises(ParameterError, match="params must be a SolveParams, got dict"):
        _move({}, {"rounds": 2})  # type: ignore[arg-type]
