"""Units and the conversions between them.

Names carry their units: ``cost_cny``, ``time_h``, ``distance_km``, ``co2e_kg``, ``teu``,
``weight_t``. Money is in CNY unless a column says otherwise. Durations written as text
("20d", "1d12h") are read by ``multimodal.shipment.parse_duration_h``.
"""

from __future__ import annotations

#: Average cargo per loaded TEU (t): the searoutes API default; the Chang'an trains average
#: ~890 t per ~100 TEU, i.e. ~9 t (factsheet §6). Used where only one of TEU and tonnes is
#: given.
T_PER_TEU = 10.0

HOURS_PER_DAY = 24.0
HOURS_PER_WEEK = 168.0
