"""Scenario files: TOML and YAML text to plain data and back.

This module knows the file formats, not the scenario: it turns text into the plain
mapping ``Scenario.from_dict`` reads and a scenario's ``to_dict()`` into text. TOML
has no null, so a missing number is written ``nan`` (and read back as a missing value
in ``row`` and ``values`` tables). Errors are ``DataValidationError`` naming the file (or
the scenario, for text) and, for malformed text, the line.

Reading is bounded: files in other encodings are refused by name (``_encoding``), a
YAML document may expand to at most ``MAX_YAML_NODES`` nodes (aliases counted as often
as they are used) and no file may nest more than ``MAX_DEPTH`` levels.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import yaml

from .._encoding import read_text
from ..exceptions import DataValidationError, ParameterError, Problem
from ..io import PathLike

#: The suffixes of scenario files.
SUFFIXES = (".toml", ".yaml", ".yml")

#: Text that a TOML multi-line literal string can hold as it is (no control characters
#: but newlines and tabs, no three single quotes in a row).
_LITERAL_SAFE = re.compile(r"(?:(?!''')[^\x00-\x08\x0b-\x1f\x7f])*")

#: The scenario keys, in the order files write them.
_HEAD_KEYS = ("name", "title", "plan_reference", "year", "description")


# -- reading ---------------------------------------------------------------------------
#: Most nodes a YAML document may expand to, aliases counted as often as they are used.
#: A scenario has tens of nodes; a 475-byte file of nested aliases expands to 10^8.
MAX_YAML_NODES = 100_000

#: Deepest nesting a scenario file may have (a scenario needs 5: the document, the list
#: of changes, a change, its row or values table, a list of coordinates in it).
MAX_DEPTH = 16


class _TooLargeError(Exception):
    """Raised inside the YAML loader when a document passes ``MAX_YAML_NODES``."""


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, stopped once it has composed ``MAX_YAML_NODES`` nodes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.composed = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        """Count the node, then compose it as the safe loader does."""
        self.composed += 1
        if self.composed > MAX_YAML_NODES:
            raise _TooLargeError
        return super().compose_node(parent, index)


def read_toml(text: str, *, name: str | None = None) -> object:
    """Return the plain data of TOML text.

    Parameters
    ----------
    text
        The TOML text.
    name
        The scenario's name, for the messages.

    Returns
    -------
    object
        What ``tomllib`` reads (a ``dict``), checked to be nested at most
        ``MAX_DEPTH`` levels. ``nan`` stays a float NaN: ``Scenario.from_dict`` reads it
        as a missing value in ``row`` and ``values`` tables and refuses it elsewhere.

    Raises
    ------
    DataValidationError
        For malformed TOML (a truncated file, a syntax error), with the line and column,
        or nesting deeper than ``MAX_DEPTH``.
    """
    where = f"scenario {name!r}" if name else "scenario"
    data: object
    try:
        data = tomllib.loads(text)
    except RecursionError:
        _too_deep(where)
    except ValueError as error:  # TOMLDecodeError, or an integer of thousands of digits
        detail = str(error).replace(
            "(at end of document)", f"(at the end of the text, line {text.count(chr(10)) + 1})"
        )
        message = f"malformed TOML: {detail}; fix the text there (is the file cut short?)"
        raise DataValidationError(Problem(message, where)) from None
    check_depth(data, where)
    return data


def read_yaml(text: str, *, name: str | None = None) -> object:
    """Return the plain data of YAML text (PyYAML's safe loader, bounded).

    Anchors and aliases (``&a``, ``*a``) are allowed, but the document may expand to at
    most ``MAX_YAML_NODES`` nodes, an alias counting as the whole node it repeats, and
    may not contain itself: "billion laughs" files are refused in milliseconds, before
    anything is built.

    Parameters
    ----------
    text
        The YAML text.
    name
        The scenario's name, for the messages.

    Returns
    -------
    object
        The document's data (None for an empty document).

    Raises
    ------
    DataValidationError
        For malformed YAML (with the line and column), a document too large or nested
        too deeply, or an alias that refers to the node containing it.
    """
    where = f"scenario {name!r}" if name else "scenario"
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text)  # checks the characters: may raise already
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node, where)
        data = loader.construct_document(node)
    except _TooLargeError:
        message = (
            f"the YAML document has more than {MAX_YAML_NODES:,} nodes; a scenario file "
            "is far smaller (is it the right file?)"
        )
        raise DataValidationError(Problem(message, where)) from None
    except RecursionError:
        _too_deep(where)
    except yaml.YAMLError as error:
        raise DataValidationError(Problem(_yaml_message(error), where)) from None
    except DataValidationError:
        raise
    except ValueError as error:  # e.g. an integer of thousands of digits
        message = f"malformed YAML: {error}"
        raise DataValidationError(Problem(message, where)) from None
    finally:
        if loader is not None:
            loader.dispose()
    check_depth(data, where)
    return data


def _yaml_message(error: yaml.YAMLError) -> str:
    """``malformed YAML at line 3, column 1: ...`` from PyYAML's error."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    what = f"{context}: {problem}" if context else str(problem)
    if mark is not None:
        return (
            f"malformed YAML at line {mark.line + 1}, column {mark.column + 1}: {what}; "
            "fix the text there (is the file cut short?)"
        )
    return f"malformed YAML: {what}"


def _check_expansion(root: yaml.Node, where: str) -> None:
    """Refuse a node graph that expands past ``MAX_YAML_NODES`` or contains itself.

    An alias is the same node object as its anchor, so the graph is walked once with
    each node's expanded size remembered: the cost is the number of distinct nodes.
    """
    sizes: dict[int, int] = {}
    path: set[int] = set()  # the nodes being expanded: an alias to one of them is a loop
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _children(node)
        if finished:
            path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > MAX_YAML_NODES:
                raise _TooLargeError
            continue
        if key in sizes:
            continue
        path.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in path:
                message = (
                    f"a YAML alias at line {child.start_mark.line + 1} refers to a node that "
                    "contains it (a structure without end); write the values out"
                )
                raise DataValidationError(Problem(message, where))
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _too_deep(where: str) -> NoReturn:
    message = f"the file is nested more than {MAX_DEPTH} levels deep; a scenario needs 5"
    raise DataValidationError(Problem(message, where))


def check_depth(data: object, where: str) -> None:
    """Refuse data nested more than ``MAX_DEPTH`` levels (lists and tables).

    Parameters
    ----------
    data
        Plain data as read from TOML or YAML.
    where
        What the data are, for the message (e.g. ``"scenario 'x'"``).

    Raises
    ------
    DataValidationError
        Naming ``where``.
    """
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                _too_deep(where)
            values = item.values() if isinstance(item, dict) else item
            stack.extend((value, depth + 1) for value in values)


def read_file(path: PathLike) -> object:
    """Return the plain data of a ``.toml``, ``.yaml`` or ``.yml`` file.

    The file may be UTF-8 (with or without a byte-order mark), UTF-16 with a mark, or
    Chinese GB18030 (``multimodal._encoding.read_text`` gives the rule).

    Parameters
    ----------
    path
        The scenario file.

    Returns
    -------
    object
        What ``read_toml`` or ``read_yaml`` reads.

    Raises
    ------
    DataValidationError
        For another suffix, an unreadable file, another encoding ("save it as UTF-8"),
        or malformed text (with the line), naming the file.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DataValidationError(Problem("scenario files are .toml, .yaml or .yml", str(path)))
    text = read_text(path, "scenario file")
    reader = read_toml if suffix == ".toml" else read_yaml
    with naming_file(path):
        return reader(text, name=path.stem)


@contextmanager
def naming_file(path: Path) -> Iterator[None]:
    """Put the file's name in front of every problem raised inside the block.

    Parameters
    ----------
    path
        The file.

    Yields
    ------
    None
        The block runs inside.

    Raises
    ------
    DataValidationError
        Each problem of one raised inside the block, its ``file`` prefixed with the
        file's name.
    """
    try:
        yield
    except DataValidationError as error:
        problems = [
            Problem(p.message, f"{path.name}: {p.file}" if p.file else path.name, p.row, p.column)
            for p in error.problems
        ]
        raise DataValidationError(problems) from None


# -- writing ---------------------------------------------------------------------------
def to_toml(data: Mapping[str, object]) -> str:
    """A scenario's plain data (``Scenario.to_dict()``) as TOML text.

    Missing numbers (None) are written ``nan``, TOML having no null.

    Parameters
    ----------
    data
        The scenario as ``Scenario.to_dict()`` gives it.

    Returns
    -------
    str
        TOML text that ``read_toml`` reads back equal.

    Raises
    ------
    ParameterError
        For a value TOML cannot hold (see ``toml_value``).
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
    """A scenario's plain data as YAML text.

    Parameters
    ----------
    data
        The scenario as ``Scenario.to_dict()`` gives it.

    Returns
    -------
    str
        YAML text (keys in the scenario's order, Chinese kept as it is).
    """
    return yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False)


def write_file(path: PathLike, data: Mapping[str, object]) -> Path:
    """Write a scenario's plain data to a ``.toml`` or ``.yaml``/``.yml`` file (UTF-8).

    Parameters
    ----------
    path
        The file to write; its suffix chooses the format.
    data
        The scenario as ``Scenario.to_dict()`` gives it.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ParameterError
        For another suffix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        message = f"{path}: scenario files are .toml, .yaml or .yml"
        raise ParameterError(message)
    text = to_toml(data) if suffix == ".toml" else to_yaml(data)
    path.write_text(text, encoding="utf-8")
    return path


def toml_key(key: str) -> str:
    """A TOML key: bare when it can be, quoted when it has other characters.

    Parameters
    ----------
    key
        The key.

    Returns
    -------
    str
        ``key`` or ``"key"`` (JSON quoting, which TOML basic strings share).
    """
    return key if re.fullmatch(r"[A-Za-z0-9_\-]+", key) else json.dumps(key, ensure_ascii=False)


def toml_value(value: object) -> str:
    """One value as TOML (None as ``nan``; multi-line text as a literal string).

    Parameters
    ----------
    value
        None, a bool, number, text, list/tuple or mapping of those.

    Returns
    -------
    str
        The TOML form of the value.

    Raises
    ------
    ParameterError
        For another kind of value (a set, a date, an object).
    """
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
