"""Scenario files: TOML and YAML text to plain data and back.

This module knows the file formats, not the scenario: it turns text into the plain
mapping ``Scenario.from_dict`` reads and a scenario's ``to_dict()`` into text. TOML
has no null, so a missing number is written ``nan`` and read back as None. Errors are
``DataValidationError`` naming the file (or the scenario, for text).
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..exceptions import DataValidationError, ParameterError, Problem
from ..io import PathLike

#: The suffixes of scenario files.
SUFFIXES = (".toml", ".yaml", ".yml")

#: Text that a TOML multi-line literal string can hold as it is (no control characters
#: but newlines and tabs, no three single quotes in a row).
_LITERAL_SAFE = re.compile(r"(?:(?!''')[^\x00-\x08\x0b-\x1f\x7f])*")

#: The scenario keys, in the order files write them.
_HEAD_KEYS = ("name", "title", "plan_reference", "description")


# -- reading ---------------------------------------------------------------------------
def read_toml(text: str, *, name: str | None = None) -> object:
    """The plain data of TOML text (``nan`` read as None)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = f"scenario {name!r}" if name else "scenario"
        raise DataValidationError(Problem(f"malformed TOML: {error}", where)) from None
    return nan_to_none(data)


def read_yaml(text: str, *, name: str | None = None) -> object:
    """The plain data of YAML text (PyYAML, safe loader)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        where = f"scenario {name!r}" if name else "scenario"
        raise DataValidationError(Problem(f"malformed YAML: {error}", where)) from None
    return nan_to_none(data)


def read_file(path: PathLike) -> object:
    """The plain data of a ``.toml``, ``.yaml`` or ``.yml`` file.

    Raises
    ------
    DataValidationError
        For another suffix, an unreadable file or malformed text (naming the file).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataValidationError(Problem("scenario files are .toml, .yaml or .yml", str(path)))
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DataValidationError(Problem(f"cannot read the file ({error})", str(path))) from None
    reader = read_toml if suffix == ".toml" else read_yaml
    with naming_file(path):
        return reader(text, name=path.stem)


@contextmanager
def naming_file(path: Path) -> Iterator[None]:
    """Put the file's name in front of every problem raised inside the block."""
    try:
        yield
    except DataValidationError as error:
        problems = [
            Problem(p.message, f"{path.name}: {p.file}" if p.file else path.name, p.row, p.column)
            for p in error.problems
        ]
        raise DataValidationError(problems) from None


def nan_to_none(data: object) -> object:
    """``data`` with every NaN (TOML's stand-in for null) replaced by None."""
    if isinstance(data, float) and math.isnan(data):
        return None
    if isinstance(data, dict):
        return {k: nan_to_none(v) for k, v in data.items()}
    if isinstance(data, list):
        return [nan_to_none(v) for v in data]
    return data


# -- writing ---------------------------------------------------------------------------
def to_toml(data: Mapping[str, object]) -> str:
    """A scenario's plain data (``Scenario.to_dict()``) as TOML text.

    Missing numbers (None) are written ``nan``, TOML having no null.
    """
    lines = [f"{key} = {toml_value(data[key])}" for key in _HEAD_KEYS if key in data]
    changes = data.get("changes", [])
    for change in changes if isinstance(changes, list) else []:
        lines += ["", "[[changes]]"]
        tables = []
        for key, value in change.items():
            if isinstance(value, Mapping):
                tables.append((key, value))
            else:
                lines.append(f"{key} = {toml_value(value)}")
        for key, table in tables:
            lines += ["", f"[changes.{key}]"]
            lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def to_yaml(data: Mapping[str, object]) -> str:
    """A scenario's plain data as YAML text."""
    import yaml

    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False)


def write_file(path: PathLike, data: Mapping[str, object]) -> Path:
    """Write a scenario's plain data to a ``.toml`` or ``.yaml``/``.yml`` file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        message = f"{path}: scenario files are .toml, .yaml or .yml"
        raise ParameterError(message)
    text = to_toml(data) if suffix == ".toml" else to_yaml(data)
    path.write_text(text, encoding="utf-8")
    return path


def toml_key(key: str) -> str:
    """A bare key, or a quoted one when it has other characters."""
    return key if re.fullmatch(r"[A-Za-z0-9_\-]+", key) else json.dumps(key, ensure_ascii=False)


def toml_value(value: object) -> str:
    """One value as TOML (None as ``nan``; multi-line text as a literal string)."""
    if value is None:
        return "nan"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        if "\n" in value and _LITERAL_SAFE.fullmatch(value) and not value.endswith("'"):
            return "'''\n" + value + "'''"  # a multi-line literal string reads better
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }"
    message = f"cannot write {value!r} to TOML"
    raise ParameterError(message)
