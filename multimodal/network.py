"""``Network``: nodes and links as GeoDataFrames, and the graphs made from them."""

from __future__ import annotations

import difflib
import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd

from ._validate import check_text, did_you_mean
from .convert import tables_from_networkx
from .customs import StateGraph
from .customs import state_graph as customs_state_graph
from .exceptions import DataValidationError, ParameterError, Problem, UnknownNodeError
from .graph import ExpandedGraph, expand, layer_of
from .io import PathLike, data_dir, read_links, read_nodes, write_geojson_lines
from .modes import split_list
from .plotting import explore_network, plot_network
from .services import SERVICE_COLUMNS, STOP_COLUMNS, ServiceTable, read_services

if TYPE_CHECKING:
    import folium
    from matplotlib.axes import Axes

logger = logging.getLogger("multimodal")

#: Which node a bare place name means when several share it ("Hanzhong" is a city, a
#: rail hub and an airport): the demand centroid first, then the hubs.
_KIND_PREFERENCE = (
    "city",
    "rail_hub",
    "rail_terminal",
    "sea_port",
    "airport",
    "border_crossing",
    "bonded_zone",
)


def normalise_name(text: str) -> str:
    """A place name as ``find_node`` compares it: no accents, case, quotes or dashes.

    >>> normalise_name("Liège-Bierset")
    'liege bierset'
    """
    # Decompose, then drop accents: "Liège" and "Liege" are the same place to a user.
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    for old, new in (("'", ""), ("’", ""), ("-", " "), ("_", " ")):
        text = text.replace(old, new)
    return " ".join(text.split())


#: Administrative words around Chinese place names: "陕西省西安市" names 西安.
_ZH_PROVINCE_PREFIX = "陕西省"
_ZH_SUFFIXES = ("省", "市", "区", "县")


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _name_keys(name: str) -> list[str]:
    """Normalised forms of ``name`` to look up, most literal first."""
    key = normalise_name(name)
    keys = [key]
    if _is_chinese(key):
        bare = key.removeprefix(_ZH_PROVINCE_PREFIX)
        while bare and bare.endswith(_ZH_SUFFIXES) and len(bare) > 2:
            bare = bare[:-1]
        if bare != key:
            keys.append(bare)
    return keys


@dataclass(frozen=True)
class NetworkSummary:
    """Counts and lengths of a network.

    Attributes
    ----------
    nodes_by_kind
        Node count per kind.
    links_by_mode
        Link count and total length (km) per mode.
    links_by_corridor
        Link count and total length (km) per corridor.
    services_by_mode
        Services given in the data (not the implicit one-link ones): count and
        departures a week per mode.
    """

    name: str
    n_nodes: int
    n_links: int
    total_length_km: float
    nodes_by_kind: pd.Series
    links_by_mode: pd.DataFrame
    links_by_corridor: pd.DataFrame
    services_by_mode: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __str__(self) -> str:
        lines = [
            f"{self.name}: {self.n_nodes} nodes, {self.n_links} links, "
            f"{self.total_length_km:,.0f} km of links",
            "",
            "nodes by kind:",
            self.nodes_by_kind.to_string(),
            "",
            "links by mode:",
            self.links_by_mode.to_string(float_format=lambda x: f"{x:,.0f}"),
            "",
            "links by corridor:",
            self.links_by_corridor.to_string(float_format=lambda x: f"{x:,.0f}"),
        ]
        if len(self.services_by_mode):
            lines += [
                "",
                "services by mode (trains, sailings, flights; departures a week):",
                self.services_by_mode.to_string(float_format=lambda x: f"{x:,.1f}"),
            ]
        return "\n".join(lines)


class Network:
    """A geo-referenced multimodal freight network.

    Build it from node and link GeoDataFrames (validated on the way in), from files with
    ``Network.from_files``, or take the built-in one with ``multimodal.load_network()``.
    A network does not change after it is built: scenarios make new networks.

    Parameters
    ----------
    nodes
        Node table (see ``docs/data.md`` for the columns), point geometry in WGS84.
    links
        Link table, line geometry in WGS84 (a straight line is drawn where missing).
    name
        A label for summaries and reports.
    services
        ``(services, stops)``: the scheduled lines over the links (two DataFrames or two
        CSV paths, see ``multimodal.services`` and docs/services.md), or None.

    Raises
    ------
    DataValidationError
        If the tables break the contract; every problem is listed.

    Examples
    --------
    >>> import multimodal
    >>> net = multimodal.load_network()
    >>> net.find_node("西安国际港站")
    'XIAN_PORT'
    """

    def __init__(
        self,
        nodes: gpd.GeoDataFrame,
        links: gpd.GeoDataFrame,
        *,
        name: str = "network",
        services: ServiceInput | None = None,
    ):
        self.name = name
        self._nodes = read_nodes(nodes)
        self._links = read_links(links, self._nodes)
        self._check_gauges()
        self._nodes.attrs.clear()
        self._links.attrs.clear()
        self._services = _read_service_input(services, self._links, self._nodes)

    @classmethod
    def _trusted(
        cls,
        nodes: gpd.GeoDataFrame,
        links: gpd.GeoDataFrame,
        name: str,
        services: ServiceInput | None = None,
    ) -> Network:
        """Wrap tables that were validated already (by ``from_files``)."""
        network = cls.__new__(cls)
        network.name = name
        network._nodes = nodes  # noqa: SLF001 - the class's own constructor
        network._links = links  # noqa: SLF001
        network._check_gauges()  # noqa: SLF001
        network._services = _read_service_input(services, links, nodes)  # noqa: SLF001
        return network

    @classmethod
    def from_files(
        cls,
        nodes: PathLike | Sequence[PathLike],
        links: PathLike | Sequence[PathLike],
        *,
        name: str | None = None,
        services: PathLike | ServiceInput | None = None,
    ) -> Network:
        """Read a network from node and link files or folders.

        Parameters
        ----------
        nodes, links
            A file (GeoJSON, GeoPackage, Parquet, CSV), a folder of them, or a list.
        name
            Label; defaults to the folder name.
        services
            A folder holding ``services.csv`` and ``stops.csv``, or the two paths (or
            tables); None for a network without explicit services.
        """
        node_table = read_nodes(nodes)
        link_table = read_links(links, node_table)
        if name is None:
            first = nodes if isinstance(nodes, str | Path) else nodes[0]
            name = Path(first).resolve().parent.name if Path(first).is_file() else Path(first).name
        if isinstance(services, str | Path):
            folder = Path(services)
            services = (folder / "services.csv", folder / "stops.csv")
        return cls._trusted(node_table, link_table, name, services)

    @classmethod
    def from_gdfs(
        cls, nodes: gpd.GeoDataFrame, links: gpd.GeoDataFrame, *, name: str = "network"
    ) -> Network:
        """Build a network from node and link GeoDataFrames (same as the constructor)."""
        return cls(nodes, links, name=name)

    @classmethod
    def from_networkx(
        cls,
        graph: nx.Graph,
        *,
        name: str | None = None,
        mode: str = "road",
        kind: str = "city",
        country: str = "CN",
    ) -> Network:
        """Build a network from a networkx graph (e.g. an OSMnx road graph).

        Node coordinates come from ``lon``/``lat`` or OSMnx's ``x``/``y`` (degrees);
        edges keep the library's columns or OSMnx's ``length`` (m) and ``travel_time``
        (s); the rest is filled per ``multimodal.convert.tables_from_networkx``. Services
        come from the graph attributes ``services`` and ``stops`` when both are tables.
        ``Network.graph`` converts back, so ``Network.from_networkx(net.graph)`` is
        ``net`` again.

        Parameters
        ----------
        graph
            The graph.
        name
            A label (default: the graph's ``name`` attribute, or ``"network"``).
        mode, kind, country
            Defaults for edges without ``mode`` and nodes without ``kind``/``country``.

        Raises
        ------
        DataValidationError
            A node without coordinates, an edge without a length, or tables that break
            the contract; every problem is listed.
        ParameterError
            ``name`` is given and is not text.

        Examples
        --------
        >>> import networkx as nx
        >>> g = nx.Graph()
        >>> g.add_node("A", x=108.9, y=34.3)
        >>> g.add_node("B", x=109.5, y=34.5)
        >>> g.add_edge("A", "B", length=60_000.0)
        >>> Network.from_networkx(g).links["time_h"].round(2).tolist()
        [1.09]
        """
        if name is not None:
            check_text(name, "name")
        if not isinstance(graph, nx.Graph) or graph.number_of_nodes() == 0:
            message = f"graph must be a networkx graph with nodes, got {graph!r:.60}"
            raise ParameterError(message)
        nodes, links = tables_from_networkx(graph, mode=mode, kind=kind, country=country)
        label = name or str(graph.graph.get("name") or "network")
        services = None
        if isinstance(graph.graph.get("services"), pd.DataFrame) and isinstance(
            graph.graph.get("stops"), pd.DataFrame
        ):
            services = (graph.graph["services"], graph.graph["stops"])
        return cls(nodes, links, name=label, services=services)

    # -- tables ------------------------------------------------------------------------
    @property
    def nodes(self) -> gpd.GeoDataFrame:
        """The nodes (a copy: changing it does not change the network)."""
        return self._nodes.copy()

    @property
    def links(self) -> gpd.GeoDataFrame:
        """The links (a copy: changing it does not change the network)."""
        return self._links.copy()

    @property
    def service_table(self) -> ServiceTable:
        """The validated services with the links they ride (see ``multimodal.services``)."""
        return self._services

    def service_tables(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The explicit services and their stops, in the file format (copies).

        Implicit one-link services (a scheduled link no service covers) are left out:
        they come from the links.
        """
        explicit = self._services.explicit
        services = explicit[[c.name for c in SERVICE_COLUMNS]].reset_index(drop=True)
        stops = self._services.stops
        stops = stops[stops["service_id"].isin(set(explicit["service_id"]))]
        stops = stops[[c.name for c in STOP_COLUMNS]].reset_index(drop=True)
        for frame, columns in ((services, SERVICE_COLUMNS), (stops, STOP_COLUMNS)):
            for column in columns:
                if column.kind == "int":  # whole numbers stay whole in the files (2024, not 2024.0)
                    frame[column.name] = frame[column.name].round().astype("Int64")
        return services, stops

    @cached_property
    def _service_frame(self) -> gpd.GeoDataFrame:
        from shapely.geometry import LineString

        table = self._services
        geometry = self._links.geometry.to_numpy()
        link_from = self._links["from_node"].to_numpy()
        lines, stops, km, hours = [], [], [], []
        rides = dict(tuple(table.rides.groupby("service_id", sort=False)))
        stop_groups = dict(tuple(table.stops.groupby("service_id", sort=False)))
        for sid in table.services["service_id"]:
            coords: list[tuple[float, ...]] = []
            for k, a in zip(rides[sid]["link"], rides[sid]["from_node"]):
                part = list(geometry[k].coords)
                coords += part if link_from[k] == a else part[::-1]
            lines.append(LineString(coords))
            group = stop_groups[sid]
            stops.append(";".join(group["node"]))
            km.append(float(rides[sid]["distance_km"].sum()))
            hours.append(float(group["arrive_h"].iloc[-1]))
        frame = table.services.copy()
        frame["stops"] = stops
        frame["distance_km"] = km
        frame["time_h"] = hours
        frame["capacity_teu_per_week"] = table.capacity_teu_per_week()
        return gpd.GeoDataFrame(frame, geometry=lines, crs=4326)

    @property
    def services(self) -> gpd.GeoDataFrame:
        """The services as lines: one row per service (a copy).

        The contract columns (``multimodal.services.SERVICE_COLUMNS``), ``implicit``
        (a scheduled link no service covers, served on its own), ``stops`` (``;``-list of
        node ids), ``distance_km`` and ``time_h`` end to end, ``capacity_teu_per_week``
        and the line ridden (WGS84).
        """
        return self._service_frame.copy()

    def to_gdfs(self) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
        """Return ``(nodes, links)`` as GeoDataFrames (copies)."""
        return self.nodes, self.links

    def to_files(self, folder: PathLike) -> tuple[Path, Path]:
        """Write ``nodes.geojson`` and ``links.geojson`` (one feature per line) to a folder.

        Explicit services, if any, go to ``services.csv`` and ``stops.csv`` beside them
        (read back with ``Network.from_files(..., services=folder)``).
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        write_geojson_lines(self._nodes, folder / "nodes.geojson")
        write_geojson_lines(self._links, folder / "links.geojson")
        services, stops = self.service_tables()
        if len(services):
            services.to_csv(folder / "services.csv", index=False)
            stops.to_csv(folder / "stops.csv", index=False)
        return folder / "nodes.geojson", folder / "links.geojson"

    def __len__(self) -> int:
        return len(self._nodes)

    def __getstate__(self) -> dict[str, object]:
        # Graphs and indexes are caches: rebuilt on demand, never shipped to another
        # process (a scenario comparison returns networks from its workers).
        return {
            "name": self.name,
            "_nodes": self._nodes,
            "_links": self._links,
            "_services": self._services,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return f"<Network {self.name!r}: {len(self._nodes)} nodes, {len(self._links)} links>"

    # -- graphs ------------------------------------------------------------------------
    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The physical graph: one vertex per node, one edge per link and direction.

        Node and edge data are the table rows (node geometry as ``lon``/``lat`` degrees,
        no link geometry); edge keys are link ids; the explicit services and their stops
        are the graph attributes ``services`` and ``stops`` (DataFrames).
        ``Network.from_networkx`` reads it back.
        """
        graph: nx.MultiDiGraph = nx.MultiDiGraph(name=self.name)
        services, stops = self.service_tables()
        if len(services):  # graph attributes, so that from_networkx gets them back
            graph.graph["services"], graph.graph["stops"] = services, stops
        for row, point in zip(
            self._nodes.drop(columns="geometry").to_dict("records"), self._nodes.geometry
        ):
            graph.add_node(row["id"], **row, lon=point.x, lat=point.y)
        for row in self._links.drop(columns="geometry").to_dict("records"):
            graph.add_edge(row["from_node"], row["to_node"], key=row["id"], **row)
            if row["bidirectional"]:
                graph.add_edge(row["to_node"], row["from_node"], key=row["id"], **row)
        return nx.freeze(graph)  # shared by every user of the network: read-only

    @cached_property
    def expanded(self) -> ExpandedGraph:
        """The mode-expanded graph used for routing (see ``multimodal.graph``).

        Its arrays are read-only: the graph is shared by every query on the network (and
        the built-in network by every caller of ``load_network``).
        """
        return _read_only(expand(self._nodes, self._links, self._services))

    def state_graph(self, regime: str) -> StateGraph:
        """The customs state graph for ``regime`` (see ``multimodal.customs``), built once."""
        cache = self._state_graphs
        if regime not in cache:
            cache[regime] = _read_only(customs_state_graph(self.expanded, regime))
        return cache[regime]

    @cached_property
    def _state_graphs(self) -> dict[str, StateGraph]:
        return {}

    @cached_property
    def _node_position(self) -> dict[str, int]:
        return {ident: i for i, ident in enumerate(self._nodes["id"])}

    @property
    def node_ids(self) -> tuple[str, ...]:
        """Node ids in table order (positions match ``node_index``)."""
        return self._node_ids

    @cached_property
    def _node_ids(self) -> tuple[str, ...]:
        return tuple(self._nodes["id"])

    def node_values(self, column: str) -> np.ndarray:
        """One node column as a read-only numpy array, in table order (no copy per call).

        Raises
        ------
        ParameterError
            The node table has no such column.
        """
        return self._column(self._nodes, "node", column)

    def link_values(self, column: str) -> np.ndarray:
        """One link column as a read-only numpy array, in table order (no copy per call).

        Raises
        ------
        ParameterError
            The link table has no such column.
        """
        return self._column(self._links, "link", column)

    def _column(self, table: pd.DataFrame, what: str, column: str) -> np.ndarray:
        key = (what, column)
        cache = self._columns
        if key not in cache:
            if column not in table.columns or column == "geometry":
                choices = [c for c in table.columns if c != "geometry"]
                message = (
                    f"the {what} table has no column {column!r}{did_you_mean(column, choices)}"
                )
                raise ParameterError(message)
            values = table[column].to_numpy(copy=True)
            values.flags.writeable = False
            cache[key] = values
        return cache[key]

    @cached_property
    def _columns(self) -> dict[tuple[str, str], np.ndarray]:
        return {}

    def node_index(self, node_id: str) -> int:
        """Position of a node id in ``nodes`` (raises ``UnknownNodeError``)."""
        try:
            return self._node_position[node_id]
        except KeyError:
            raise UnknownNodeError(node_id, self._suggest(node_id)) from None

    # -- names -------------------------------------------------------------------------
    @cached_property
    def _names(self) -> dict[str, list[str]]:
        """Normalised id / English / Chinese name -> node ids bearing it."""
        index: dict[str, list[str]] = {}
        for ident, name, name_zh in zip(
            self._nodes["id"], self._nodes["name"], self._nodes["name_zh"]
        ):
            keys = {normalise_name(ident), normalise_name(name), normalise_name(name_zh)}
            if "(" in str(name):
                keys.add(normalise_name(str(name).split("(")[0]))
            for key in keys - {""}:
                index.setdefault(key, []).append(ident)
        return index

    @cached_property
    def _names_without_spaces(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for key, ids in self._names.items():
            index.setdefault(key.replace(" ", ""), []).extend(ids)
        return index

    def _suggest(self, name: str) -> list[str]:
        labels: dict[str, tuple[str, str]] = {}  # normalised label -> (label, node id)
        for ident, en, zh in zip(self._nodes["id"], self._nodes["name"], self._nodes["name_zh"]):
            short = str(en).split("(")[0].strip()
            for label in (short, en, zh, ident):
                if label:
                    labels.setdefault(normalise_name(label), (label, ident))
        close = difflib.get_close_matches(normalise_name(name), list(labels), n=10, cutoff=0.5)
        if not close:  # Chinese names are short: match on shared characters too
            wide = [ch for ch in name if ord(ch) > 0x3000]
            close = [k for k in labels if any(ch in k for ch in wide)]
        suggestions, seen = [], set()
        for key in close:
            label, ident = labels[key]
            if ident not in seen:
                seen.add(ident)
                suggestions.append(label)
        return suggestions[:5]

    def find_node(self, name: str) -> str:
        """Return the id of the node named ``name``.

        Matches ids, English and Chinese names, ignoring case, accents, spaces and
        dashes; failing that, a name that starts node names as whole words matches them
        ("Liege" for "Liège Airport"). Chinese names match without the administrative
        suffixes 省, 市, 区, 县 ("陕西省西安市" is "西安") and as the start of a name ("汉堡"
        for "汉堡港"); spaces inside a name do not matter ("Xi an" is "Xi'an"). When
        several nodes match (a city, its rail hub and its airport), the city's demand
        centroid wins, then rail hubs, terminals, sea ports, airports.

        Raises
        ------
        UnknownNodeError
            With the closest names when nothing matches.
        ParameterError
            ``name`` is not text.
        """
        if not isinstance(name, str):
            message = f"a node is named by its id or name (text), got {name!r}"
            raise ParameterError(message)
        if name in self._node_position:
            return name
        found: list[str] = []
        for key in _name_keys(name):
            found = self._names.get(key) or self._names_without_spaces.get(key.replace(" ", ""), [])
            if found:
                break
        key = normalise_name(name)
        if not found and key:
            # "Ho Chi Minh City" for "Ho Chi Minh City Port": a whole-word prefix; "汉堡" for
            # "汉堡港": Chinese has no spaces, so a prefix of two or more characters.
            chinese = _is_chinese(key) and len(key) >= 2
            found = sorted(
                {
                    i
                    for label, ids in self._names.items()
                    if label.startswith(key + " ") or (chinese and label.startswith(key))
                    for i in ids
                }
            )
        if not found:
            raise UnknownNodeError(name, self._suggest(name))
        if len(found) == 1:
            return found[0]
        kinds = self._nodes.set_index("id").loc[found, "kind"]
        rank = {k: i for i, k in enumerate(_KIND_PREFERENCE)}
        return min(found, key=lambda ident: (rank.get(kinds[ident], 99), ident))

    def node(self, name: str) -> pd.Series:
        """Return the row of a node given its id or name."""
        return self._nodes.iloc[self.node_index(self.find_node(name))]

    # -- checks and summaries ----------------------------------------------------------
    def _check_gauges(self) -> None:
        """Every node where 1435 mm and 1520 mm rail meet must say how the change works."""
        layers: dict[str, set[str]] = {}
        for a, b, mode, gauge in zip(
            self._links["from_node"],
            self._links["to_node"],
            self._links["mode"],
            self._links["gauge_mm"],
        ):
            for n in (a, b):
                layers.setdefault(n, set()).add(layer_of(mode, gauge))
        problems = []
        nodes = self._nodes.set_index("id")
        for ident, here in layers.items():
            if {"rail", "rail_1520"} <= here:
                row = nodes.loc[ident]
                for column in ("gauge_change_cost_cny_per_teu", "gauge_change_h"):
                    if pd.isna(row[column]):
                        problems.append(
                            Problem(
                                "1435 mm and 1520 mm rail links meet here; give the gauge "
                                "change cost and time",
                                "nodes",
                                f"id {ident}",
                                column,
                            )
                        )
        if problems:
            raise DataValidationError(problems)

    def summary(self) -> str:
        """Counts and lengths, by node kind, mode and corridor, as text."""
        return str(self.stats())

    def stats(self) -> NetworkSummary:
        """Counts by kind and mode, corridors and total length."""
        links = self._links
        by_mode = links.groupby("mode").agg(links=("id", "size"), length_km=("distance_km", "sum"))
        corridors = links["corridor"].replace("", "(none)")
        by_corridor = (
            links.assign(corridor=corridors)
            .groupby("corridor")
            .agg(links=("id", "size"), length_km=("distance_km", "sum"))
        )
        return NetworkSummary(
            name=self.name,
            n_nodes=len(self._nodes),
            n_links=len(links),
            total_length_km=float(links["distance_km"].sum()),
            nodes_by_kind=self._nodes["kind"].value_counts().sort_index().rename("nodes"),
            links_by_mode=by_mode,
            links_by_corridor=by_corridor,
            services_by_mode=self._services.explicit.groupby("mode").agg(
                services=("service_id", "size"), departures_per_week=("departures_per_week", "sum")
            ),
        )

    def modes_at(self, node_id: str) -> list[str]:
        """Modes served at a node, from its ``modes`` column."""
        return split_list(self.node(node_id)["modes"])

    def reachable_from(self, node_id: str) -> set[str]:
        """Ids of the nodes reachable from ``node_id`` by some sequence of links."""
        return set(nx.descendants(self.graph, self.find_node(node_id))) | {self.find_node(node_id)}

    # -- pictures ----------------------------------------------------------------------
    def plot(
        self,
        ax: Axes | None = None,
        *,
        bounds: tuple[float, float, float, float] | None = None,
        labels: bool = False,
        title: str | None = None,
    ) -> Axes:
        """Draw the network by mode on a static map (matplotlib); returns the axes.

        Parameters
        ----------
        ax
            Axes to draw on (a new figure if None).
        bounds
            ``(min_lon, min_lat, max_lon, max_lat)`` to zoom to, in degrees.
        labels
            Write node names.
        title
            Axes title (default: the network's name).
        """
        return plot_network(
            self._nodes,
            self._links,
            ax,
            bounds=bounds,
            labels=labels,
            title=title or f"{self.name}: links by mode",
        )

    def explore(self, m: folium.Map | None = None) -> folium.Map:
        """Return an interactive folium map of the network by mode (drawn on ``m`` if given)."""
        return explore_network(self._nodes, self._links, m)


def check_network(network: object, name: str = "network") -> Network:
    """Return ``network`` if it is a ``Network``; else raise ``ParameterError`` (how to get one).

    >>> check_network("shaanxi")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multimodal.exceptions.ParameterError: network must be a multimodal.Network (e.g. ...
    """
    if not isinstance(network, Network):
        message = (
            f"{name} must be a multimodal.Network (e.g. multimodal.load_network()), got {network!r}"
        )
        raise ParameterError(message)
    return network


_T = TypeVar("_T")

#: Services as given to a network: ``(services, stops)``, each a table or a CSV path.
ServiceInput = tuple["pd.DataFrame | PathLike", "pd.DataFrame | PathLike"]


def _read_service_input(
    services: ServiceInput | None, links: gpd.GeoDataFrame, nodes: gpd.GeoDataFrame
) -> ServiceTable:
    """Validate ``(services, stops)`` against the network (None: implicit services only)."""
    if services is None:
        return read_services(None, None, links, list(nodes["id"]))
    if not isinstance(services, tuple | list) or len(services) != 2:
        message = (
            "services must be (services, stops): two tables or two CSV paths, "
            f"got {type(services).__name__}"
        )
        raise ParameterError(message)
    return read_services(services[0], services[1], links, list(nodes["id"]))


def _read_only(value: _T) -> _T:
    """Mark every numpy array attribute of a dataclass instance read-only; return it."""
    for item in fields(value):  # type: ignore[arg-type]
        array = getattr(value, item.name)
        if isinstance(array, np.ndarray):
            array.flags.writeable = False
    return value


def load_network(*, name: str = "shaanxi") -> Network:
    """Return the built-in network: Shaanxi's ports and hubs and the trunk corridors.

    The data ship inside the package (``multimodal/_data``; ``data/`` in a checkout).
    See ``docs/data.md`` for the sources of every figure.

    Examples
    --------
    >>> import multimodal
    >>> net = multimodal.load_network()
    >>> net.find_node("Xi'an International Port Station")
    'XIAN_PORT'
    """
    if not isinstance(name, str) or name != "shaanxi":
        message = f"unknown built-in network {name!r:.60}; the only one is 'shaanxi'"
        raise ParameterError(message)
    return _load_builtin()


_BUILTIN: dict[str, Network] = {}


def _load_builtin() -> Network:
    # The built-in data never change within a process; read and validate them once.
    if "shaanxi" not in _BUILTIN:
        root = data_dir()
        services = root / "services" if (root / "services" / "services.csv").is_file() else None
        _BUILTIN["shaanxi"] = Network.from_files(
            root / "nodes", root / "links", name="shaanxi", services=services
        )
    return _BUILTIN["shaanxi"]


__all__ = ["Network", "NetworkSummary", "load_network"]
