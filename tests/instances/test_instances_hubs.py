"""Tests of the CAB / AP readers in multimodal.instances.hubs."""

from __future__ import annotations

import numpy as np
import pytest

from multimodal.exceptions import DataValidationError
from multimodal.hub_location import HubInstance
from multimodal.instances.hubs import (
    read_ap,
    read_ap_capacities,
    read_ap_csahlp,
    read_ap_fixed_costs,
    read_cab,
)


def test_cab_25_cities_symmetric_normalised(datasets):
    raw = np.loadtxt(
        datasets / "hub-location-cab" / "CAB.txt", converters={3: lambda s: float(s.rstrip(";"))}
    )
    inst = read_cab(datasets / "hub-location-cab" / "CAB.txt", n=25)
    assert inst.n == 25
    assert inst.flows.shape == inst.costs.shape == (25, 25)
    assert np.allclose(inst.flows, inst.flows.T)
    assert np.allclose(inst.costs, inst.costs.T)
    assert np.all(np.diag(inst.flows) == 0)
    assert inst.flows.sum() == pytest.approx(1.0)
    assert (inst.collection, inst.distribution) == (1.0, 1.0)
    # Independent parse: flow ratio and distance of the pair (1, 2) from the raw file.
    w12 = raw[(raw[:, 0] == 1) & (raw[:, 1] == 2), 2][0]
    off_diagonal = raw[raw[:, 0] != raw[:, 1], 2].sum()
    assert inst.flows[0, 1] == pytest.approx(w12 / off_diagonal)
    assert inst.costs[0, 1] == pytest.approx(576.9631)


def test_cab_first_n_renormalised(datasets):
    cab = datasets / "hub-location-cab" / "CAB.txt"
    inst = read_cab(cab, n=10, alpha=0.4)
    full = read_cab(cab, n=25)
    assert inst.n == 10
    assert inst.transfer == 0.4
    assert inst.flows.sum() == pytest.approx(1.0)
    off = ~np.eye(10, dtype=bool)
    ratio = inst.flows[off] / full.flows[:10, :10][off]
    assert np.allclose(ratio, ratio[0])  # same flows, rescaled
    assert np.array_equal(inst.costs, full.costs[:10, :10])


@pytest.mark.parametrize(
    ("name", "n"),
    [
        ("10.3", 10),
        ("20.3", 20),
        ("25.3", 25),
        ("40.3", 40),
        ("50.3", 50),
        ("100.3", 100),
        ("200.3", 200),
    ],
)
def test_ap_sizes_and_factors(datasets, name, n):
    inst = read_ap(datasets / "hub-location-ap" / name)
    assert inst.n == n
    assert inst.flows.shape == (n, n)
    assert (inst.collection, inst.transfer, inst.distribution) == (3.0, 0.75, 2.0)
    assert inst.p == 3
    assert inst.transport_scale == 0.001
    assert inst.coords.shape == (n, 2)
    # Euclidean distances, recomputed from the coordinates
    i, j = 0, n - 1
    assert inst.costs[i, j] == pytest.approx(np.hypot(*(inst.coords[i] - inst.coords[j])))


def test_ap_200_files_agree(datasets):
    a = read_ap(datasets / "hub-location-ap" / "200.3")
    b = read_ap(datasets / "hub-location-ap" / "APdata200")
    assert np.array_equal(a.flows, b.flows)


def test_ap_p_from_file(datasets):
    assert read_ap(datasets / "hub-location-ap" / "10.5").p == 5


@pytest.mark.parametrize("n", [10, 20, 25, 40, 50, 100, 200])
def test_ap_fixed_costs_and_capacities(datasets, n):
    base = datasets / "hub-location-ap"
    for kind in "LT":
        fixed = read_ap_fixed_costs(base / f"Fcost{kind}.{n}", n)
        caps = read_ap_capacities(base / f"Cap{kind}.{n}", n)
        assert fixed.shape == caps.shape == (n,)
        assert (fixed > 0).all()
        assert (caps > 0).all()


def test_ap_csahlp_instance(datasets):
    inst = read_ap_csahlp(datasets / "hub-location-ap", 25, "lt")
    assert inst.name == "AP25LT"
    assert inst.p is None
    assert np.array_equal(
        inst.fixed_costs, read_ap_fixed_costs(datasets / "hub-location-ap" / "FcostL.25", 25)
    )


# -------------------------------------------------------------------- bad files


def test_cab_bad_line_names_file_and_line(tmp_path, datasets):
    lines = (datasets / "hub-location-cab" / "CAB.txt").read_text().splitlines()
    lines[6] = " 1  7     abc   12.0"
    bad = tmp_path / "CAB.txt"
    bad.write_text("\n".join(lines))
    with pytest.raises(DataValidationError, match="line 7") as info:
        read_cab(bad)
    assert str(bad) in str(info.value)


def test_cab_missing_pair(tmp_path, datasets):
    lines = (datasets / "hub-location-cab" / "CAB.txt").read_text().splitlines()
    bad = tmp_path / "CAB.txt"
    bad.write_text("\n".join(lines[:-3]))
    with pytest.raises(DataValidationError, match="missing"):
        read_cab(bad)


def test_cab_n_out_of_range():
    with pytest.raises(DataValidationError, match="n=30"):
        read_cab(n=30)


def test_ap_truncated_file(tmp_path, datasets):
    text = (datasets / "hub-location-ap" / "10.3").read_text().splitlines()
    bad = tmp_path / "10.3"
    bad.write_text("\n".join(text[:-2]))
    with pytest.raises(DataValidationError, match="expected 125 numbers") as info:
        read_ap(bad)
    assert str(bad) in str(info.value)


def test_ap_non_number_names_line(tmp_path, datasets):
    text = (datasets / "hub-location-ap" / "10.3").read_text().splitlines()
    text[14] = text[14].replace(text[14].split()[2], "x1.5")
    bad = tmp_path / "10.3"
    bad.write_text("\n".join(text))
    with pytest.raises(DataValidationError, match="line 15"):
        read_ap(bad)


def test_fixed_costs_wrong_count(tmp_path):
    bad = tmp_path / "FcostL.10"
    bad.write_text("1 2 3\n")
    with pytest.raises(DataValidationError, match="expected 10 fixed costs"):
        read_ap_fixed_costs(bad, 10)
    bad.write_text("\n".join(["5"] * 9 + ["-1"]))
    with pytest.raises(DataValidationError, match="line 10"):
        read_ap_capacities(bad, 10)


def test_from_matrices_validates_everything_at_once():
    with pytest.raises(DataValidationError) as info:
        HubInstance.from_matrices(
            ["a", "b", "c"],
            np.array([[0, 1, -2], [1, 0, 1], [1, 1, 0]]),
            np.ones((3, 2)),
            fixed_costs=[1, 2],
        )
    text = str(info.value)
    assert "flows[0, 2]" in text
    assert "costs has shape (3, 2)" in text
    assert "fixed_costs has shape (2,)" in text
    assert len(info.value.problems) == 3


def test_from_matrices_duplicate_names_and_nan():
    with pytest.raises(DataValidationError, match="duplicate"):
        HubInstance.from_matrices(["a", "a"], np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(DataValidationError, match="finite"):
        HubInstance.from_matrices(["a", "b"], np.ones((2, 2)), np.array([[0, np.nan], [1, 0]]))


def test_instance_is_frozen_and_read_only():
    inst = HubInstance.from_matrices(["a", "b"], np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="read-only"):
        inst.flows[0, 0] = 5
    with pytest.raises(AttributeError):
        inst.transfer = 0.5
