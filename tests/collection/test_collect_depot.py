"""A depot outside longitude/latitude ranges is refused for lon/lat pickups (issue 12)."""

from __future__ import annotations

import pandas as pd
import pytest

from multimodal.cli import main
from multimodal.collection import CollectParams, Fleet, collect
from multimodal.exceptions import ParameterError

PICKUPS = pd.DataFrame(
    {"pickup_id": ["a", "b"], "lon": [108.9, 109.0], "lat": [34.2, 34.3], "demand_teu": [1.0, 1.0]}
)


@pytest.mark.parametrize("depot", [(999, 999), (181, 34), (108.9, -91)], ids=repr)
def test_depot_outside_lon_lat_is_refused(depot):
    with pytest.raises(ParameterError, match=r"depot must be within longitude \[-180, 180\]"):
        collect(depot, PICKUPS, Fleet(count=1, capacity_teu=2))


def test_planar_depot_is_not_range_checked():
    xy = PICKUPS.rename(columns={"lon": "x", "lat": "y"}).assign(x=[500.0, 510.0])
    params = CollectParams(time_limit_s=None, max_iterations=50)
    plan = collect((999.0, 999.0), xy, Fleet(count=1, capacity_teu=2), params=params)
    assert plan.served_teu == 2


def test_cli_names_depot(capsys):
    code = main(["collect", "--example", "--depot", "999,999", "--no-map", "--quiet"])
    _, err = capsys.readouterr()
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("multimodal collect: error: --depot must be within longitude [-180")
    assert "latitude [-90, 90]" in err
    assert "Distance matrix" not in err
