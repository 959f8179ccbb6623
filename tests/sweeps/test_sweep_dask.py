"""A sweep on a real Dask distributed ``LocalCluster`` (two worker processes).

The results must equal the same sweep run in this process: a draw depends on the seed
and its index only, never on where it ran.
"""

from __future__ import annotations

import pandas.testing as pdt
import pytest

import multimodal as mm
from multimodal.sweeps import BorderDwell, Choice, FuelPrice, Uniform

distributed = pytest.importorskip("distributed")


def test_sweep_on_a_two_worker_local_cluster_equals_the_inline_sweep():
    net = mm.load_network()
    demand = mm.load_demand(network=net).head(6)
    proposal = mm.load_scenarios()[0]
    settings = [FuelPrice(Uniform(0.9, 1.2)), BorderDwell("MALASZEWICZE", Choice((0.0, 180.0)))]
    inline = mm.sweep(net, [proposal], demand, draws=2, settings=settings, seed=5)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        on_client = mm.sweep(
            net, [proposal], demand, draws=2, settings=settings, seed=5, workers=client
        )
        on_executor = mm.sweep(
            net, [proposal], demand, draws=2, settings=settings, seed=5,
            workers=client.get_executor(), batch_size=2,
        )  # fmt: skip
    assert on_client.meta["options"]["batch_size"] == 1  # 2 draws over 2 x 2 workers
    for result in (on_client, on_executor):
        pdt.assert_frame_equal(result.values, inline.values)
        pdt.assert_frame_equal(result.runs.drop(columns="solve_time_s"),
                               inline.runs.drop(columns="solve_time_s"))  # fmt: skip
