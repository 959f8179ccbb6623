"""``Scenario``: a named, documented set of changes, applied into a new network.

A scenario is a value: a name, a title, a description, the section of the plan it
models and a tuple of changes (``changes.py``). ``apply(base)`` returns a **new**
network (the base is never touched), validated like any other; ``inverse(base)`` gives
the changes that undo it and ``Scenario.diff(before, after)`` the changes between two
networks. Files are read and written by ``files.py``.
"""

from __future__ import annotations

import dataclasses
import logging
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .._validate import suggest
from ..exceptions import DataValidationError, DataWarning, ParameterError, Problem
from ..io import PathLike, data_dir
from ..network import Network
from . import files
from ._tables import ChangeRefusedError, Tables
from ._values import text
from .changes import (
    AddLink,
    AddNode,
    Change,
    RemoveLink,
    RemoveNode,
    SetLink,
    SetNode,
)
from .diff import network_diff, row_dict
from .kinds import change_from_dict
from .services import AddService, RemoveService, SetService, SetServiceStops

logger = logging.getLogger("multimodal")

_SCENARIO_KEYS = ("name", "title", "description", "plan_reference", "year", "includes", "changes")


@dataclass(frozen=True)
class Scenario:
    """A named, documented set of changes to a base network.

    Parameters
    ----------
    name
        Short id (``snake_case``), used in tables and file names.
    title
        One line for reports.
    description
        What the scenario models and where its figures come from.
    plan_reference
        The section of the plan it models, e.g. ``"四(一)1, 专栏2"``.
    changes
        The changes, applied in order (``Change`` objects or mappings with a ``kind``).
    year
        The year the changes take effect (the plan's date for the proposal, e.g. 2022
        for Yulin Yuyang's formal opening), or None. ``apply`` does not move the base
        in time: evaluate the scenario on ``in_year(base, year)``.

    Raises
    ------
    ParameterError
        For a bad name, title or description.
    DataValidationError
        For a change given as a mapping that is not a valid change (naming the change).

    Examples
    --------
    >>> from multimodal.scenarios import Scenario, SetLink
    >>> cheaper = SetLink("W_XIAN_PORT_CHONGQING_TJC", {"cost_cny": 900})
    >>> s = Scenario("cheaper_wlsnc", changes=[cheaper])
    >>> s.changes[0].describe()
    'set link W_XIAN_PORT_CHONGQING_TJC: cost_cny=900'
    """

    name: str
    title: str = ""
    description: str = ""
    plan_reference: str = ""
    changes: tuple[Change, ...] = ()
    year: int | None = None

    def __post_init__(self) -> None:
        name = text(self.name, "Scenario.name")
        if self.year is not None:
            if isinstance(self.year, bool) or not isinstance(self.year, int):
                message = (
                    f"scenario {name!r}: year must be a whole year such as 2025, got {self.year!r}"
                )
                raise ParameterError(message)
            if not 1800 <= self.year <= 2100:
                message = f"scenario {name!r}: year must be between 1800 and 2100, got {self.year}"
                raise ParameterError(message)
        if "\n" in name:
            message = f"Scenario.name must be one line, got {name!r}"
            raise ParameterError(message)
        object.__setattr__(self, "name", name)
        for attr in ("title", "description", "plan_reference"):
            value = getattr(self, attr)
            object.__setattr__(self, attr, text(value, f"Scenario.{attr}", empty=True))
        if isinstance(self.changes, Change | Mapping) or not isinstance(self.changes, Iterable):
            message = f"scenario {name!r}: changes must be a list of changes"
            raise ParameterError(message)
        changes: list[object] = list(self.changes)
        for index, change in enumerate(changes):
            if isinstance(change, Change):
                continue
            try:
                changes[index] = change_from_dict(change)  # type: ignore[arg-type]
            except ValueError as error:
                label = self._label(index, changes)
                raise DataValidationError(Problem(str(error), label)) from None
        object.__setattr__(self, "changes", tuple(changes))

    def _label(self, index: int, changes: Sequence[object] | None = None) -> str:
        """``scenario 'x', change 2/3 (set_link)``: how errors name a change."""
        changes = self.changes if changes is None else changes
        change = changes[index]
        kind = change.kind if isinstance(change, Change) else None
        if kind is None and isinstance(change, Mapping):
            kind = change.get("kind")
        return f"scenario {self.name!r}, change {index + 1}/{len(changes)} ({kind})"

    # -- applying --------------------------------------------------------------------
    def apply(self, base: Network) -> Network:
        """Return a new network: ``base`` with the changes applied (``base`` is untouched).

        Node references that are not exact ids are resolved as ``Network.find_node``
        resolves them (an id in another case with a logged warning); corridors must be
        those of ``base``'s links; numbers must be finite.

        Parameters
        ----------
        base
            The network to change.

        Returns
        -------
        Network
            A new network, validated like any other, named ``"{base}+{scenario}"``.

        Raises
        ------
        UnknownNodeError
            A change names a node that does not exist (with the closest ids).
        DataValidationError
            A change is invalid (unknown link or column, a value of the wrong kind, a
            negative capacity, a node still in use, ...) or the result breaks the data
            contract; each problem names the scenario and the change (numbered from 1).
        """
        tables = Tables(base)
        for index, change in enumerate(self.changes):
            tables.label = self._label(index)
            try:
                change.apply_to(tables)
            except ChangeRefusedError as refused:
                raise DataValidationError(
                    Problem(refused.message, tables.label, refused.row, refused.column)
                ) from None
        nodes = tables.nodes.reset_index(drop=True)
        links = tables.links.reset_index(drop=True)
        services = None
        if len(tables.services):
            services = (tables.services.reset_index(drop=True), tables.stops)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                network = Network(nodes, links, name=f"{base.name}+{self.name}", services=services)
        except DataValidationError as error:
            problems = [tables.blame(p, self.name) for p in error.problems]
            raise DataValidationError(problems) from None
        self._warn_again(caught, base, network)
        logger.info("scenario %s: %d changes applied to %s", self.name, len(self.changes), base)
        return network

    def _warn_again(
        self, caught: list[warnings.WarningMessage], base: Network, network: Network
    ) -> None:
        """Pass the new network's warnings on, but not those about links idle in the base.

        A link no service rides (in a year before its service opened, ``in_year``) is
        the base's matter: the scenario warns only for links it leaves idle itself.
        """
        for item in caught:
            text_ = str(item.message)
            if issubclass(item.category, DataWarning) and text_.startswith(_IDLE):
                idle = _idle_links(network) - _idle_links(base)
                new = [i for i in network.link_values("id") if i in idle]  # in link order
                if new:
                    message = (
                        f"scenario {self.name!r}: {_IDLE} {', '.join(new)}: a rail, sea or air "
                        "link carries only the services that ride it (docs/services.md)"
                    )
                    warnings.warn(message, DataWarning, stacklevel=3)
            else:
                warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)

    def inverse(self, base: Network) -> Scenario:
        """The scenario that undoes this one: applied to ``self.apply(base)`` it gives ``base``.

        Node and link tables come back equal up to row order (re-added rows go last).

        Parameters
        ----------
        base
            The network this scenario is applied to.

        Returns
        -------
        Scenario
            Named ``"{name}_inverse"``.

        Raises
        ------
        DataValidationError, UnknownNodeError
            As ``apply``.
        """
        after = self.apply(base)
        return Scenario.diff(
            after,
            base,
            name=f"{self.name}_inverse",
            title=f"Undo: {self.title or self.name}",
            description=f"The changes that undo scenario {self.name!r} on {base.name!r}.",
            plan_reference=self.plan_reference,
        )

    @classmethod
    def diff(
        cls,
        before: Network,
        after: Network,
        *,
        name: str = "diff",
        title: str = "",
        description: str = "",
        plan_reference: str = "",
    ) -> Scenario:
        """The scenario whose changes turn ``before`` into ``after``.

        Parameters
        ----------
        before, after
            The two networks.
        name, title, description, plan_reference
            The new scenario's (see ``Scenario``).

        Returns
        -------
        Scenario
            Removals, then additions, then changed cells.

        Services that go are removed first, then links, then nodes; new nodes are added
        before new links; changed cells are set next; then services are added
        (``AddService.from_rows``), changed (``SetService``) and given their new stops
        (``SetServiceStops.from_rows``). A row whose geometry changed is removed and
        added again (links only).

        Raises
        ------
        ParameterError
            When a node moved: scenarios cannot move a node.
        """
        table = network_diff(before, after)
        new_nodes = after.nodes.set_index("id", drop=False)
        new_links = after.links.set_index("id", drop=False)
        moved = table[(table["change"] == "changed") & (table["column"] == "geometry")]
        if (moved["table"] == "nodes").any():
            shown = ", ".join(moved.loc[moved["table"] == "nodes", "id"])
            message = f"nodes moved ({shown}); scenarios cannot move a node (remove and add it)"
            raise ParameterError(message)
        relaid = set(moved["id"])
        table = table[~table["id"].isin(relaid) | (table["table"] == "nodes")]

        def ids_of(kind: str, change: str) -> list[str]:
            chosen = table[(table["table"] == kind) & (table["change"] == change)]
            return list(dict.fromkeys(chosen["id"]))

        changes: list[Change] = []
        changes += [RemoveService(i) for i in ids_of("services", "removed")]
        changes += [RemoveLink(i) for i in [*ids_of("links", "removed"), *relaid]]
        changes += [RemoveNode(i) for i in ids_of("nodes", "removed")]
        changes += [AddNode(row_dict(new_nodes, i)) for i in ids_of("nodes", "added")]
        changes += [AddLink(row_dict(new_links, i)) for i in [*ids_of("links", "added"), *relaid]]
        for kind, change_cls in (("nodes", SetNode), ("links", SetLink)):
            cells = table[(table["table"] == kind) & (table["change"] == "changed")]
            for ident, group in cells.groupby("id", sort=False):
                values = dict(zip(group["column"], group["after"]))
                changes.append(change_cls(str(ident), values))
        changes += _service_changes(before, after, table)
        return cls(name, title, description, plan_reference, tuple(changes))

    def then(self, *changes: Change | Mapping[str, object]) -> Scenario:
        """A copy with more changes at the end.

        Parameters
        ----------
        *changes
            ``Change`` objects or mappings with a ``kind``.

        Returns
        -------
        Scenario
            The new scenario (this one is unchanged).
        """
        return dataclasses.replace(self, changes=(*self.changes, *changes))  # type: ignore[arg-type]

    @classmethod
    def combine(cls, *scenarios: Scenario, name: str, title: str = "") -> Scenario:
        """One scenario made of several, applied one after the other.

        Parameters
        ----------
        *scenarios
            The scenarios, in the order their changes apply.
        name
            The combination's name.
        title
            Its title (default the name).

        Returns
        -------
        Scenario
            All the changes, with the plan references joined.
        """
        changes = tuple(c for s in scenarios for c in s.changes)
        references = "; ".join(s.plan_reference for s in scenarios if s.plan_reference)
        description = "Combination of: " + ", ".join(s.name for s in scenarios) + "."
        years = [s.year for s in scenarios if s.year is not None]
        year = max(years) if years else None
        return cls(name, title or name, description, references, changes, year=year)

    # -- reports ---------------------------------------------------------------------
    def summary(self) -> str:
        """The scenario as readable text: title, plan section, one line per change.

        Returns
        -------
        str
            Several lines.
        """
        lines = [f"{self.name}: {self.title}" if self.title else self.name]
        if self.plan_reference:
            lines.append(f"plan: {self.plan_reference}")
        if self.year is not None:
            lines.append(f"year: {self.year}")
        lines += [f"  {i}. {c.describe()}" for i, c in enumerate(self.changes, 1)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    # -- plain data and files --------------------------------------------------------
    def to_dict(self) -> dict[str, object]:
        """The scenario as plain data (what the TOML and YAML files hold).

        Returns
        -------
        dict
            ``name``, the non-empty ``title``/``plan_reference``/``description`` and
            ``changes`` (a list of ``Change.to_dict()``).
        """
        out: dict[str, object] = {"name": self.name}
        for key in ("title", "plan_reference", "description", "year"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out["changes"] = [c.to_dict() for c in self.changes]
        return out

    @classmethod
    def from_dict(
        cls,
        data: object,
        *,
        name: str | None = None,
        resolve: Callable[[str], Scenario] | None = None,
    ) -> Scenario:
        """Build a scenario from plain data; ``name`` is used when the data have none.

        Parameters
        ----------
        data
            A mapping with the keys ``name``, ``title``, ``description``,
            ``plan_reference``, ``year``, ``includes`` and ``changes`` (a list of
            mappings with a ``kind``). ``includes`` names other scenarios whose changes
            come first, in order (``plan_2025`` combines the plan's proposals so): a
            name is a bundled scenario, a file name (``"mine.toml"``) a file.
        name
            The name to use when ``data`` has none (a file's name).
        resolve
            Returns the scenario of an included name; default: a name is a bundled
            scenario, a file name (``"mine.toml"``) a file relative to the working
            folder (``from_file``: to the including file).

        Returns
        -------
        Scenario
            The scenario, every change checked.

        Raises
        ------
        DataValidationError
            Naming the scenario and the change for any unknown key or bad change.
        """
        if not isinstance(data, Mapping):
            raise DataValidationError(Problem(f"a scenario must be a table, got {data!r}", name))
        label = f"scenario {data.get('name', name)!r}"
        unknown = [k for k in data if k not in _SCENARIO_KEYS]
        if unknown:
            close = suggest(str(unknown[0]), _SCENARIO_KEYS, n=1)
            fix = f"did you mean {close[0]!r}?" if close else "keys: " + ", ".join(_SCENARIO_KEYS)
            raise DataValidationError(Problem(f"unknown key {unknown[0]!r}; {fix}", label))
        changes = data.get("changes", [])
        if not isinstance(changes, list):
            raise DataValidationError(
                Problem("changes must be a list of tables ([[changes]] in TOML)", label)
            )
        included = _included_changes(data.get("includes", []), resolve, label)
        try:
            return cls(
                name=data.get("name", name) or "",
                title=data.get("title", ""),
                description=data.get("description", ""),
                plan_reference=data.get("plan_reference", ""),
                changes=(*included, *changes),
                year=data.get("year"),
            )
        except DataValidationError:
            raise
        except ValueError as error:
            raise DataValidationError(Problem(str(error), label)) from None

    @classmethod
    def from_toml(cls, text: str, *, name: str | None = None) -> Scenario:
        """Read a scenario from TOML text.

        Parameters
        ----------
        text
            The TOML text.
        name
            The name to use when the text gives none.

        Returns
        -------
        Scenario
            The scenario.

        Raises
        ------
        DataValidationError
            For malformed TOML (with the line), nesting deeper than 16 levels, or a bad
            key or change.
        """
        return cls.from_dict(files.read_toml(text, name=name), name=name)

    @classmethod
    def from_yaml(cls, text: str, *, name: str | None = None) -> Scenario:
        """Read a scenario from YAML text (PyYAML, safe loader, bounded).

        Parameters
        ----------
        text
            The YAML text. Anchors and aliases are allowed up to 100,000 expanded nodes.
        name
            The name to use when the text gives none.

        Returns
        -------
        Scenario
            The scenario.

        Raises
        ------
        DataValidationError
            For malformed YAML (with the line and column), a document that expands past
            100,000 nodes or contains itself, deep nesting, or a bad key or change.
        """
        return cls.from_dict(files.read_yaml(text, name=name), name=name)

    @classmethod
    def from_file(cls, path: PathLike) -> Scenario:
        """Read a scenario from a ``.toml``, ``.yaml`` or ``.yml`` file.

        The file's name (without suffix) is the scenario's name when it gives none. The
        file may be UTF-8 (with or without a byte-order mark), UTF-16 with a mark or
        Chinese GB18030; other encodings are refused ("save it as UTF-8").

        Parameters
        ----------
        path
            The file.

        Returns
        -------
        Scenario
            The scenario.

        Raises
        ------
        DataValidationError
            For an unreadable or malformed file, or a bad change (naming the file, the
            scenario and the change).
        """
        return _from_file(Path(path), ())

    def to_toml(self) -> str:
        """The scenario as TOML text (``from_toml`` reads it back equal).

        Missing numbers (None) are written ``nan``, TOML having no null.

        Returns
        -------
        str
            TOML text.
        """
        return files.to_toml(self.to_dict())

    def to_yaml(self) -> str:
        """The scenario as YAML text (``from_yaml`` reads it back equal).

        Returns
        -------
        str
            YAML text.
        """
        return files.to_yaml(self.to_dict())

    def to_file(self, path: PathLike) -> Path:
        """Write the scenario to a ``.toml`` or ``.yaml``/``.yml`` file (UTF-8).

        Parameters
        ----------
        path
            The file; its suffix chooses the format.

        Returns
        -------
        pathlib.Path
            The path written.

        Raises
        ------
        ParameterError
            For another suffix.
        """
        return files.write_file(path, self.to_dict())


#: How the services check starts its warning about links that no service rides.
_IDLE = "nothing runs on links"


def _idle_links(network: Network) -> set[str]:
    """Rail, sea and air links no service rides (own departures count as a service)."""
    ridden = set(network.service_table.rides["link"])
    ids = network.link_values("id")
    modes = network.link_values("mode")
    return {str(ids[k]) for k in range(len(ids)) if modes[k] != "road" and k not in ridden}


def _included_changes(
    includes: object, resolve: Callable[[str], Scenario] | None, label: str
) -> list[Change]:
    """The changes of the scenarios an ``includes`` list names, in order."""
    if isinstance(includes, str):
        includes = [i.strip() for i in includes.split(";") if i.strip()]
    if not isinstance(includes, list | tuple) or not all(isinstance(i, str) for i in includes):
        message = f"includes must be a list of scenario names, got {includes!r}"
        raise DataValidationError(Problem(message, label))
    if includes and resolve is None:
        resolve = _resolver(None, ())
    changes: list[Change] = []
    for included in includes:
        changes += resolve(included).changes  # type: ignore[misc]
    return changes


def _bundled_folder() -> Path:
    return data_dir() / "scenarios"


def _resolver(path: Path | None, seen: tuple[Path, ...]) -> Callable[[str], Scenario]:
    """Find an included scenario: a name is a bundled scenario, a file name a file.

    ``"yulin_yuyang_formal"`` is the bundled scenario of that name (file stem, else the
    ``name`` its file gives); ``"my_variant.toml"`` (a name with a scenario suffix or a
    ``/``) is a file, relative to the including file's folder. So a file reads the same
    wherever it is copied, and includes of one's own files are explicit.
    """

    def resolve(name: str) -> Scenario:
        if Path(name).suffix.lower() in files.SUFFIXES or "/" in name:
            target = Path(name) if path is None else path.parent / name
            if not target.is_file():
                message = f"includes {name!r}: no such file {str(target)!r}"
                raise DataValidationError(Problem(message, str(path) if path else None))
            return _from_file(target, (*seen, path) if path else seen)
        folder = _bundled_folder()
        candidates = [p for p in sorted(folder.iterdir()) if p.suffix.lower() in files.SUFFIXES]
        matches = [p for p in candidates if p.stem == name]
        for candidate in [] if matches else candidates:
            other = files.read_file(candidate)  # a bundled file may name itself otherwise
            if isinstance(other, Mapping) and other.get("name") == name:
                matches = [candidate]
                break
        if not matches:
            close = suggest(name, [p.stem for p in candidates], n=1)
            fix = f"did you mean {close[0]!r}?" if close else "name a bundled scenario"
            message = (
                f"includes {name!r}: no bundled scenario of that name; {fix} (a file of your "
                "own is included by its file name, e.g. 'my_variant.toml')"
            )
            raise DataValidationError(Problem(message, str(path) if path else None))
        return _from_file(matches[0], (*seen, path) if path else seen)

    return resolve


def _from_file(path: Path, seen: tuple[Path, ...]) -> Scenario:
    """Read a scenario file; its ``includes`` are read too (no cycles)."""
    path = path.resolve() if path.exists() else path
    if path in seen:
        chain = " -> ".join(p.stem for p in (*seen, path))
        message = f"scenarios include each other ({chain}); remove one of the includes"
        raise DataValidationError(Problem(message, str(path)))
    data = files.read_file(path)
    with files.naming_file(path):
        return Scenario.from_dict(data, name=path.stem, resolve=_resolver(path, seen))


def _service_changes(before: Network, after: Network, table: pd.DataFrame) -> list[Change]:
    """The service changes of ``Scenario.diff``: added services, changed cells and stops."""
    services, stops = after.service_tables()
    rows = services.set_index("service_id", drop=False)
    groups = {str(k): g for k, g in stops.groupby("service_id", sort=False)}
    chosen = table[table["table"] == "services"]
    added = list(dict.fromkeys(chosen.loc[chosen["change"] == "added", "id"]))
    changes: list[Change] = [
        AddService.from_rows(row_dict(rows, i), groups[i].sort_values("seq")) for i in added
    ]
    cells = chosen[chosen["change"] == "changed"]
    for ident, group in cells.groupby("id", sort=False):
        values = dict(zip(group["column"], group["after"]))
        changes.append(SetService(str(ident), values))
    moved = table.loc[table["table"] == "stops", "id"].str.rsplit("#", n=1).str[0]
    existing = set(before.service_tables()[0]["service_id"])
    for ident in dict.fromkeys(moved):
        if ident in existing and ident in groups:
            changes.append(SetServiceStops.from_rows(ident, groups[ident].sort_values("seq")))
    return changes


__all__ = ["Scenario"]
