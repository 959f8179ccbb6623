"""calibrate(): recovers known constants from flows generated with them; reports honestly."""

from __future__ import annotations

import pandas as pd
import pytest
from toy import toy_network

import multimodal as mm


def _demand():
    return pd.DataFrame(
        {
            "id": ["R1", "R2"],
            "origin": ["A", "A"],
            "destination": ["D", "D"],
            "cargo_class": ["general", "reefer"],
            "teu_per_week": [5.0, 3.0],
            "cargo_value_cny_per_teu": [300_000.0, 2_000_000.0],
        }
    )


def _observed(selector, value):
    return pd.DataFrame(
        {
            "id": ["air_teu"],
            "selector": [selector],
            "denominator": [""],
            "model_value": [value],
            "model_unit": ["TEU/week"],
            "fit": ["yes"],
        }
    )


@pytest.mark.parametrize("true_constant", [-1.5, 0.7, 2.0])
def test_calibration_recovers_a_known_constant(true_constant):
    """Flows are generated with a constant on air; calibrating from zero against the air
    TEU those flows give recovers the constant (to 1e-3)."""
    net, demand = toy_network(), _demand()
    key = "select:mode=air"
    truth = mm.ChoiceModel(constants={key: true_constant})
    generated = mm.assign(net, demand, objective="generalized", choice=truth)
    air_teu = float(generated.paths.loc[generated.paths["main_mode"] == "air", "flow_teu"].sum())
    result = mm.calibrate(
        net, demand, _observed("mode=air", air_teu), tolerance=1e-6, leave_one_out=False
    )
    assert result.solve_info.status == "optimal"
    assert result.model.constants[key] == pytest.approx(true_constant, abs=1e-3)
    assert result.report["error"].abs().max() <= 1e-6


def test_a_figure_no_path_can_carry_is_reported_not_faked():
    net, demand = toy_network(), _demand()
    result = mm.calibrate(net, demand, _observed("mode=sea", 4.0), leave_one_out=False)
    assert result.report["status"].iat[0] == "no path carries it"
    assert result.solve_info.status == "feasible"


def test_observations_file_errors_name_row_and_column(tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text(
        "id,selector,model_value,model_unit\nx,colour=red,3,TEU/week\ny,mode=air,2,boxes\n"
    )
    with pytest.raises(mm.exceptions.DataValidationError) as error:
        mm.load_observations(path)
    text = str(error.value)
    assert "unknown key 'colour'" in text
    assert "model_unit" in text
    assert "line 3" in text or "row 3" in text


def test_the_builtin_observations_load_and_every_selector_parses():
    table = mm.load_observations()
    assert len(table) >= 10
    assert set(table["model_unit"]) <= {"TEU/week", "t/week", "share of TEU/week"}


def test_a_figure_beyond_the_demand_is_out_of_reach_and_says_how_far():
    """8 TEU of demand, 20 TEU observed by air: at most 5 can fly (the reefer row cannot)."""
    net, demand = toy_network(), _demand()
    result = mm.calibrate(net, demand, _observed("mode=air", 20.0), leave_one_out=False)
    status = result.report["status"].iat[0]
    assert status.startswith("out of reach: at most 5")
    assert "smaller" in status
