"""Pictures: static maps (matplotlib) and interactive maps (folium).

The functions here take GeoDataFrames and know nothing of networks or results; every
result's ``plot()`` and ``explore()`` calls one of them in a line. Each kind of picture
has its own module; ``_style`` holds what they share.
"""

from ._style import KIND_MARKERS as KIND_MARKERS
from ._style import MODE_COLOURS as MODE_COLOURS
from ._style import save as save
from .calibration import plot_calibration as plot_calibration
from .charts import plot_matrix as plot_matrix
from .comparison import explore_flow_changes as explore_flow_changes
from .comparison import inline_png as inline_png
from .hubs import explore_hub_network as explore_hub_network
from .hubs import plot_hub_network as plot_hub_network
from .maps import plot_flow_changes as plot_flow_changes
from .maps import plot_flows as plot_flows
from .maps import plot_network as plot_network
from .maps import plot_route as plot_route
from .sweeps import plot_fan as plot_fan
from .tours import explore_tours as explore_tours
from .tours import plot_tours as plot_tours
from .trains import plot_train_fill as plot_train_fill
from .web import explore_flows as explore_flows
from .web import explore_network as explore_network
from .web import explore_route as explore_route

__all__ = [
    "KIND_MARKERS",
    "MODE_COLOURS",
    "explore_flow_changes",
    "explore_flows",
    "explore_hub_network",
    "explore_network",
    "explore_route",
    "explore_tours",
    "inline_png",
    "plot_calibration",
    "plot_fan",
    "plot_flow_changes",
    "plot_flows",
    "plot_hub_network",
    "plot_matrix",
    "plot_network",
    "plot_route",
    "plot_tours",
    "plot_train_fill",
    "save",
]
