"""Hypothesis profiles shared by the fuzz tests (``tests/fuzz/``).

``default`` keeps the ordinary test run short (about 50 examples a test, no deadline);
``nightly`` runs thousands. Choose with the environment variable
``MULTIMODAL_FUZZ_PROFILE`` (``MULTIMODAL_FUZZ_PROFILE=nightly pytest tests/fuzz``).
Tests take their example counts from the loaded profile, never from their own
``max_examples``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    max_examples=50,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure in CI reproduces
    database=None,  # and no .hypothesis folder in the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "nightly",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("MULTIMODAL_FUZZ_PROFILE", "default"))
