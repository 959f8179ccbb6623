"""Bad input to the core commands: one line ``multimodal <command>: error: ...``, status 2."""

from __future__ import annotations

import pytest

from multimodal.cli import main

ROUTE = ["route", "--from", "Xi'an", "--to", "Duisburg"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        ([*ROUTE, "--ready", "yesterday"], ["--ready", "ISO"]),
        ([*ROUTE, "--modes", "boat"], ["unknown mode 'boat'"]),
        ([*ROUTE, "--teu", "nan"], ["--teu", "finite"]),
        ([*ROUTE, "--teu", "abc"], ["--teu"]),
        ([*ROUTE, "--deadline", "nan"], ["--deadline"]),
        ([*ROUTE, "--alternatives", "-3"], ["--alternatives"]),
        (["route", "--from", "Xi'an", "--to", "Xi'an"], ["same"]),
        (["info", "--nodes", "nodes.geojson"], ["--links"]),
    ],
    ids=["ready", "modes", "teu-nan", "teu-text", "deadline-nan", "alternatives", "same", "nodes"],
)
def test_bad_input_is_one_line_with_status_2(argv, words, capsys):
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own errors exit
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"multimodal {argv[0]}: error: ")
    for word in words:
        assert word in lines[0]


def test_help_still_works(capsys):
    with pytest.raises(SystemExit) as info:
        main(["route", "--help"])
    assert info.value.code == 0
    assert "--ready" in capsys.readouterr().out
