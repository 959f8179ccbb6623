"""Cell values in network files: yes/no words and infinite numbers are checked, not guessed."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString
from toy import toy_tables

import multimodal as mm


def tables_with_lines():
    nodes, links = toy_tables()
    where = nodes.set_index("id").geometry
    links = links.set_geometry(
        [
            LineString([where[a].coords[0], where[b].coords[0]])
            for a, b in zip(links["from_node"], links["to_node"])
        ]
    )
    return nodes, links


def test_unknown_yes_no_word_is_reported_not_taken_as_no():
    nodes, _ = tables_with_lines()
    nodes["reefer"] = nodes["reefer"].astype(object)
    nodes.loc[0, "reefer"] = "maybe"
    with pytest.raises(mm.DataValidationError) as info:
        mm.read_nodes(nodes)
    assert [(p.row, p.column, p.message) for p in info.value.problems] == [
        (
            "0 (id A)",
            "reefer",
            "value 'maybe' is not a yes/no word; use yes or no (or true/false, 1/0)",
        )
    ]


def test_yes_no_words_in_english_and_chinese():
    nodes, links = tables_with_lines()
    links["bidirectional"] = ["yes", "no", "是", "否", "true", "0"]
    net = mm.Network(nodes, links)
    assert net.links["bidirectional"].tolist() == [True, False, True, False, True, False]


def test_infinite_value_is_reported():
    nodes, links = tables_with_lines()
    links.loc[2, "cost_cny"] = float("inf")
    with pytest.raises(mm.DataValidationError, match="is not finite") as info:
        mm.Network(nodes, links)
    assert info.value.problems[0].column == "cost_cny"


def test_country_code_na_is_a_value_not_a_blank():
    nodes, _ = tables_with_lines()
    nodes.loc[nodes["id"] == "D", "country"] = "NA"
    assert mm.read_nodes(nodes).set_index("id").loc["D", "country"] == "NA"
