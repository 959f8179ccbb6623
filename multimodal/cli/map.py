"""``multimodal map``: a static PNG of the network by mode and an interactive HTML map."""

from __future__ import annotations

import argparse

from ..plotting import save
from ._common import add_network_options, emit, network_from, out_dir, step

#: Shaanxi province, for the zoomed map (lon/lat degrees).
SHAANXI_BOUNDS = (105.3, 31.5, 111.5, 39.7)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``map`` command.

    Parameters
    ----------
    subparsers
        The main parser's sub-command group.
    """
    parser = subparsers.add_parser(
        "map", help="draw the network: PNG (static) and HTML (interactive)"
    )
    add_network_options(parser)
    parser.add_argument("--out", default="out", help="output folder (default: out/)")
    parser.add_argument("--no-html", action="store_true", help="skip the interactive map")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write network.png (whole network), network_shaanxi.png (zoomed) and network.html.

    Parameters
    ----------
    args
        The parsed arguments of ``multimodal map``.

    Returns
    -------
    int
        0.
    """
    network = network_from(args)
    folder = out_dir(args.out)
    with step("drawing the static maps", args):
        written = [save(network.plot(), str(folder / "network.png"))]
        if network.name == "shaanxi":
            ax = network.plot(bounds=SHAANXI_BOUNDS, labels=True, title="Shaanxi hubs and links")
            written.append(save(ax, str(folder / "network_shaanxi.png")))
    if not args.no_html:
        with step("writing the interactive map", args):
            html = folder / "network.html"
            network.explore().save(str(html))
            written.append(str(html))
    for path in written:
        print(f"wrote {path}")
    emit(args, summary={"network": network.name}, written=written)
    return 0
