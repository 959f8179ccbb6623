"""The benchmark instances and the sample pickups shipped with the package.

The documented commands work with no data set beside the checkout: ``hubs --cab``,
``hubs --ap 50.3``, ``collect --instance A-n32-k5.vrp``, ``collect --example``.
"""

from __future__ import annotations

import pytest

from multimodal.exceptions import ParameterError
from multimodal.instances import bundled, bundled_dir, bundled_names
from multimodal.instances.hubs import read_ap, read_cab
from multimodal.instances.vrp import read_instance

FOLDERS = ("hub-location-cab", "hub-location-ap", "cvrp", "vrptw-solomon", "pickups")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CAB.txt", "hub-location-cab/CAB.txt"),
        ("cab", "hub-location-cab/CAB.txt"),
        ("50.3", "hub-location-ap/50.3"),
        ("hub-location-ap/FcostL.25", "hub-location-ap/FcostL.25"),
        ("A-n32-k5", "cvrp/A-n32-k5.vrp"),
        ("X-n101-k25.vrp", "cvrp/X-n101-k25.vrp"),
        ("C101", "vrptw-solomon/C101.txt"),
        ("r101.txt", "vrptw-solomon/R101.txt"),
        ("pickups.csv", "pickups/pickups.csv"),
    ],
)
def test_bundled_names(name, expected):
    assert bundled(name) == bundled_dir() / expected
    assert expected in bundled_names()


def test_an_unknown_name_suggests_and_lists():
    with pytest.raises(ParameterError, match=r"did you mean '50\.3'.*AP100"):
        bundled("50.4")
    with pytest.raises(ParameterError, match="name a bundled instance"):
        bundled("")


def test_every_folder_has_its_source_and_the_total_is_small():
    root = bundled_dir()
    for folder in FOLDERS:
        assert (root / folder / "SOURCE.md").is_file(), folder
    total = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    assert total < 200_000  # 127 KB today


def test_the_copies_are_unchanged(datasets):
    """Benchmark files are byte-identical to the public data sets they come from."""
    for name in bundled_names():
        if name.startswith("pickups/"):
            continue
        assert bundled(name).read_bytes() == (datasets / name).read_bytes(), name


def test_readers_take_the_bundled_files():
    cab = read_cab(n=10)  # no path: the bundled copy
    assert cab.source == str(bundled("CAB.txt"))
    assert cab.n == 10
    assert read_ap(bundled("50.3")).n == 50
    instance = read_instance(bundled("A-n32-k5"))
    assert instance.optimum == 784
    assert read_instance(bundled("C101")).kind == "vrptw"


def test_hubs_cab_needs_no_file(cli):
    code, out, _ = cli(["hubs", "--cab", "--n", "10", "--p", "2", "--alpha", "0.6"])
    assert code == 0
    assert "CAB10" in out
    assert "optimal" in out


def test_a_missing_path_falls_back_to_the_bundled_file(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = ["collect", "--instance", "shared/datasets/cvrp/A-n32-k5.vrp"]
    code, out, err = cli([*argv, "--max-iterations", "100", "--no-map"])
    assert code == 0
    assert "using the bundled instance A-n32-k5.vrp" in err
    assert "known optimum 784" in out
    code, _, err = cli(["hubs", "--ap", "no_such_file", "--p", "2"])
    assert code == 2
    assert "no_such_file" in err


def test_collect_example(cli, tmp_path):
    argv = ["collect", "--example", "--max-iterations", "200", "--out", str(tmp_path)]
    code, out, _ = cli(argv)
    assert code == 0
    assert "8 pickup(s) served, 0 unserved" in out
    assert (tmp_path / "map.png").stat().st_size > 1000


def test_collect_example_and_a_file_conflict(cli, tmp_path):
    code, _, err = cli(["collect", "pickups.csv", "--example"])
    assert code == 2
    assert "--example" in err
