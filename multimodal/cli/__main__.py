"""``python -m multimodal.cli``: the ``multimodal`` command where its script is not on PATH."""

from __future__ import annotations

import sys

from . import main

if __name__ == "__main__":
    sys.exit(main())
