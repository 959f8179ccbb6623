"""Greenhouse-gas emissions of freight legs, counted the GLEC Framework / ISO 14083 way.

Emissions of a leg = cargo mass (t) x distance (km) x the mode's well-to-wheel intensity
(g CO2e per tonne-km), i.e. transport activity times an intensity factor, as in GLEC
v3 / ISO 14083. The mass is the cargo's, not the box's (GLEC counts payload). Hub
operations (transshipment) are not counted yet. The default intensities and their
sources are listed in ``docs/data.md``; links may carry their own.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .schema import DEFAULT_CO2E_G_PER_TKM

__all__ = ["DEFAULT_CO2E_G_PER_TKM", "co2e_kg"]


def co2e_kg(weight_t: Any, distance_km: Any, intensity_g_per_tkm: Any) -> Any:
    """Emissions (kg CO2e) of moving ``weight_t`` tonnes over ``distance_km``.

    Parameters
    ----------
    weight_t
        Cargo mass, tonnes.
    distance_km
        Distance travelled, km.
    intensity_g_per_tkm
        Well-to-wheel intensity, g CO2e per tonne-km.

    Examples
    --------
    >>> float(co2e_kg(10.0, 1000.0, 22.0))
    220.0
    """
    return np.asarray(weight_t, dtype=float) * distance_km * intensity_g_per_tkm / 1000.0
