"""Where the public benchmark instances are: ``$MULTIMODAL_DATASETS`` or ``../shared/datasets``.

Tests that need them take the ``datasets`` fixture (``conftest.py``), which skips when
neither folder exists; module-level skips use ``DATASETS`` directly.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "MULTIMODAL_DATASETS"


def find_datasets() -> Path | None:
    """The datasets folder, or None when neither place has one."""
    given = os.environ.get(ENV)
    candidates = [Path(given)] if given else []
    candidates.append(Path(__file__).resolve().parents[2] / "shared" / "datasets")
    return next((c for c in candidates if c.is_dir()), None)


#: The datasets folder, or None.
DATASETS = find_datasets()
#: Reason given when a test skips for want of the datasets.
MISSING = f"benchmark datasets not found: set ${ENV} or put shared/datasets beside the checkout"
