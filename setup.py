"""Build hook: ship a copy of the top-level ``data/`` folder as ``multimodal/_data``.

``data/`` stays where planners open it in QGIS; the wheel needs its own copy so that
``multimodal.load_network()`` works after a plain, non-editable ``pip install .``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithData(build_py):
    """``build_py`` that also copies ``data/`` into the built package."""

    def run(self) -> None:  # noqa: D102
        super().run()
        source = Path(__file__).parent / "data"
        if source.is_dir():
            target = Path(self.build_lib) / "multimodal" / "_data"
            shutil.copytree(
                source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.py")
            )


setup(cmdclass={"build_py": BuildPyWithData})
