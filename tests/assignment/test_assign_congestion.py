"""assign(congestion=True): the congested user equilibrium, read back as an Assignment."""

from __future__ import annotations

import numpy as np
import pytest

import multimodal as mm
from multimodal.graph import LINK


@pytest.fixture(scope="module")
def builtin():
    net = mm.load_network()
    return net, mm.load_demand(network=net).head(60)


def test_congested_assign_is_the_equilibrium_read_back(builtin):
    """The link flows of the Assignment are the equilibrium's arc flows summed per link
    and direction, every row is served, and each path's share adds up to its row."""
    net, demand = builtin
    result = mm.assign(net, demand, objective="generalized", congestion=True)
    direct = mm.congested_assignment(net, demand)
    assert result.method == "equilibrium"
    assert result.solve_info.status == direct.solve_info.status
    served = result.paths.groupby("demand_id")["share"].sum()
    assert np.allclose(served.to_numpy(), 1.0, atol=1e-6)
    total_flow = result.link_flows["flow_teu"].sum()
    base = net.expanded
    edges = direct.flow_model.arc_edge
    on_links = (base.link[edges] >= 0) & (base.kind[edges] == LINK)
    assert total_flow == pytest.approx(
        float(direct.arc_flow_teu_per_week[on_links].sum()), rel=1e-6
    )
    assert {"volume_capacity_ratio", "delay_h"} <= set(result.bottlenecks.columns)
    assert result.kpis["relative_gap"] == pytest.approx(direct.relative_gap)
    text = result.summary()
    assert "relative gap" in text
    assert "most delayed" in text


def test_congestion_needs_the_generalized_objective(builtin):
    net, demand = builtin
    with pytest.raises(mm.exceptions.ParameterError, match="generalized"):
        mm.assign(net, demand, congestion=True)
    with pytest.raises(mm.exceptions.ParameterError, match="choice"):
        mm.assign(net, demand, objective="generalized", congestion=True, choice="logit")
