"""``HubLocationResult``: the hubs, the allocation and the cost of a hub network."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._ortools import SolveInfo
from .._results import ResultMixin
from ..exceptions import DataValidationError, Problem
from ..plotting.hubs import explore_hub_network, plot_hub_network
from .problem import HubInstance

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    from matplotlib.axes import Axes

__all__ = ["HubLocationResult"]


@dataclass(frozen=True, eq=False)
class HubLocationResult(ResultMixin):
    """A hub location solution.

    Attributes
    ----------
    instance
        The instance solved (with the transfer factor actually used).
    hubs
        Names of the open hubs, in node order.
    allocation
        One row per spoke link used: ``node``, ``hub``, ``collected`` (flow from
        ``node`` entering the hub network at ``hub``) and ``distributed`` (flow to
        ``node`` leaving it at ``hub``). Single allocation has exactly one row per node.
    allocation_type
        ``"single"`` or ``"multiple"``.
    objective
        Total cost in the instance's reporting units: ``transport_scale * (collection +
        transfer + distribution) + fixed``.
    breakdown
        The objective by component: ``collection``, ``transfer``, ``distribution``,
        ``fixed`` (same units as ``objective``).
    solve_info
        Status, objective, best bound, gap and time of the solve.
    method
        ``"enumeration"`` or ``"mip"``.
    meta
        Where it came from: the instance, the options and the seed.
    """

    instance: HubInstance
    hubs: tuple[str, ...]
    allocation: pd.DataFrame
    allocation_type: str
    objective: float
    breakdown: dict[str, float]
    solve_info: SolveInfo
    method: str
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def hub_positions(self) -> tuple[int, ...]:
        """0-based positions of the hubs in ``instance.names``."""
        index = {name: k for k, name in enumerate(self.instance.names)}
        return tuple(index[h] for h in self.hubs)

    def summary(self) -> str:
        """The hubs, the objective by component and the solve, as text.

        Returns
        -------
        str
            A few lines: the instance, the hubs, the objective and its components.
        """
        inst = self.instance
        lines = [
            f"hub location {inst.name or ''} ({inst.n} nodes, {self.allocation_type} "
            f"allocation, {self.method}, {self.solve_info})".replace("  ", " "),
            f"  hubs: {', '.join(self.hubs)}",
            f"  objective {self.objective:,.2f}",
        ]
        lines += [f"    {key:<12}{value:>16,.2f}" for key, value in self.breakdown.items()]
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The allocation table: one row per (node, hub) used, with the flows.

        Returns
        -------
        pandas.DataFrame
            Columns ``node``, ``hub``, ``collected`` and ``distributed`` (flow units of
            the instance); a copy.
        """
        return self.allocation.copy()

    def plot(self, ax: Axes | None = None, **kw: Any) -> Axes:
        """Plot nodes, hubs, spokes and inter-hub links (matplotlib, static).

        Parameters
        ----------
        ax
            Axes to draw on; a new figure if ``None``.
        **kw
            ``title``, and keywords for the node markers (see
            ``multimodal.plotting.plot_hub_network``). ``path=`` (save the figure
            there) is deprecated: call ``multimodal.plotting.save(result.plot(), path)``.

        Returns
        -------
        matplotlib.axes.Axes

        Raises
        ------
        DataValidationError
            The instance has no coordinates (pass ``coords=`` to ``from_matrices``).
        """
        path = kw.pop("path", None)
        if isinstance(ax, str | os.PathLike):  # the old signature: plot(path, ax=None)
            path, ax = ax, kw.pop("ax", None)
        if path is not None:
            warnings.warn(
                "HubLocationResult.plot(path) is deprecated and will be removed in the next "
                "release; use multimodal.plotting.save(result.plot(), path)",
                DeprecationWarning,
                stacklevel=2,
            )
        coords = self._coords("plot")
        index = {name: k for k, name in enumerate(self.instance.names)}
        spokes = [
            (index[n], index[h]) for n, h in zip(self.allocation["node"], self.allocation["hub"])
        ]
        title = kw.pop(
            "title",
            f"{self.instance.name or 'hub location'}: {len(self.hubs)} hubs, "
            f"{self.allocation_type} allocation, objective {self.objective:,.2f}",
        )
        ax = plot_hub_network(
            coords,
            self.instance.names,
            self.hub_positions,
            spokes,
            ax,
            title=title,
            lonlat=self.instance.crs is not None,
            **kw,
        )
        if path is not None:
            ax.figure.savefig(path, dpi=120, bbox_inches="tight")  # type: ignore[union-attr]
        return ax

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """Spokes (node to hub) and inter-hub links as lines, in the instance's CRS.

        Columns: ``node``, ``hub``, ``kind`` (``"spoke"`` or ``"hub link"``),
        ``collected``, ``distributed``, ``geometry``.

        Returns
        -------
        geopandas.GeoDataFrame
            One line per spoke and per inter-hub link.

        Raises
        ------
        DataValidationError
            The instance's coordinates are not geographic (no ``crs``).
        """
        import geopandas as gpd
        from shapely.geometry import LineString

        coords = self._coords("to_geodataframe", geographic=True)
        index = {name: k for k, name in enumerate(self.instance.names)}
        frame = self.allocation.assign(kind="spoke")
        links = [
            {"node": a, "hub": b, "kind": "hub link", "collected": np.nan, "distributed": np.nan}
            for i, a in enumerate(self.hubs)
            for b in self.hubs[i + 1 :]
        ]
        frame = pd.concat([frame, pd.DataFrame(links, columns=frame.columns)], ignore_index=True)
        lines = [
            LineString([coords[index[a]], coords[index[b]]])
            for a, b in zip(frame["node"], frame["hub"])
        ]
        return gpd.GeoDataFrame(frame, geometry=lines, crs=self.instance.crs)

    def explore(self, m: folium.Map | None = None, **kw: Any) -> folium.Map:
        """Interactive map of the hub network (instances with lon/lat coordinates).

        Parameters
        ----------
        m
            A map to draw on; a new one if ``None``.
        **kw
            Keywords for the node markers (``folium.CircleMarker``, e.g. ``fill_opacity``).

        Returns
        -------
        folium.Map
            The map.

        Raises
        ------
        DataValidationError
            The instance's coordinates are not geographic (no ``crs``).
        """
        import geopandas as gpd

        coords = self._coords("explore", geographic=True)
        names = list(self.instance.names)
        nodes = gpd.GeoDataFrame(
            {"node": names, "is_hub": [name in self.hubs for name in names]},
            geometry=gpd.points_from_xy(coords[:, 0], coords[:, 1]),
            crs=self.instance.crs,
        ).to_crs(4326)
        return explore_hub_network(nodes, self.to_geodataframe().to_crs(4326), m, **kw)

    def _coords(self, what: str, *, geographic: bool = False) -> np.ndarray:
        coords = self.instance.coords
        where = self.instance.name or None
        if coords is None:
            message = (
                f"{what}: the instance has no coordinates; pass coords= to "
                "HubInstance.from_matrices"
            )
            raise DataValidationError(Problem(message, file=where))
        if geographic and self.instance.crs is None:
            message = (
                f"{what}: the instance's coordinates are not geographic (CAB and AP are "
                "planar); use plot(), or build the instance with lon/lat coords and "
                "crs='EPSG:4326'"
            )
            raise DataValidationError(Problem(message, file=where))
        return coords
