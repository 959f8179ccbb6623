"""Which train should a box from Xi'an take to Duisburg, and what do 3 more trains buy?

A forwarder's question first: the Chang'an services that run to Duisburg, the one a box
ready on Friday morning should take, and when it arrives. Then a planner's: three more
Western Land-Sea trains a week to Qinzhou, as a scenario on the services. Writes the
service lines to out/services.geojson (open it in QGIS).

Run:  python examples/ride_the_services.py
"""

from datetime import datetime
from pathlib import Path

import multimodal as mm
from multimodal.io import write_geojson_lines
from multimodal.scenarios import ScaleService, Scenario

net = mm.load_network()

# The trains that run from Xi'an to Duisburg, and what each offers.
services = net.services
stops = services["stops"]
to_duisburg = services[stops.str.startswith("XIAN_PORT") & stops.str.endswith("DUISBURG")]
columns = ["service_id", "name", "departures_per_week", "timetable", "time_h"]
print(to_duisburg[columns].to_string(index=False), "\n")

# A box ready on Friday 4 December 2026 at 08:00 at Xi'an International Port Station.
box = mm.Shipment("XIAN_PORT", "Duisburg", teu=2, ready_time=datetime(2026, 12, 4, 8, 0))
fastest = mm.route(net, box, "time", modes=["rail"])
print(fastest.explain(), "\n")
print(fastest.legs[["service_id", "depart", "arrive", "stops"]].to_string(index=False), "\n")

# The planner's question: 3 more Xi'an - Qinzhou trains a week (and their returns).
more = Scenario(
    name="wlsnc_plus_3",
    changes=[
        ScaleService(
            "departures_per_week", add=3, services=["WLSNC_XIAN_QINZHOU", "WLSNC_QINZHOU_XIAN"]
        )
    ],
)
changed = more.apply(net)
to_qinzhou = mm.Shipment("XIAN_PORT", "QINZHOU", teu=1)
before, after = mm.route(net, to_qinzhou, "cost"), mm.route(changed, to_qinzhou, "cost")
print(
    f"Xi'an -> Qinzhou on {', '.join(after.services)}: wait {before.wait_h:.1f} h -> "
    f"{after.wait_h:.1f} h, door to door {before.time_h:.1f} h -> {after.time_h:.1f} h"
)

Path("out").mkdir(exist_ok=True)
# Uncapacitated services have an infinite capacity: null in the file.
lines = services.replace(float("inf"), float("nan"))
write_geojson_lines(lines, "out/services.geojson")
print("wrote out/services.geojson")
