"""Place names as people write them: Chinese with administrative suffixes, short forms."""

from __future__ import annotations

import pytest

import multimodal as mm


@pytest.fixture(scope="module")
def net():
    return mm.load_network()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("西安市", "CITY_XIAN"),
        ("陕西省西安市", "CITY_XIAN"),
        ("汉中市", "CITY_HANZHONG"),
        ("汉堡", "HAMBURG"),  # the start of 汉堡港
        ("Xi an", "CITY_XIAN"),
        ("Xian", "CITY_XIAN"),
        ("西安", "CITY_XIAN"),
    ],
)
def test_names_people_write(net, name, expected):
    assert net.find_node(name) == expected


def test_one_chinese_character_is_too_short_to_guess(net):
    with pytest.raises(mm.UnknownNodeError, match="西安"):
        net.find_node("西")


@pytest.mark.parametrize("bad", [3, None, ["XIAN_PORT"]])
def test_a_name_must_be_text(net, bad):
    with pytest.raises(mm.ParameterError, match="id or name"):
        net.find_node(bad)
