"""The version is read without importing ``importlib.metadata`` at start-up, and is the same."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import jalon


def test_the_version_is_the_installed_distributions() -> None:
    assert jalon.__version__ == version("jalon")


def test_importing_jalon_and_reading_its_version_does_not_import_importlib_metadata() -> None:
    code = "import sys, jalon; jalon.__version__; print('importlib.metadata' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
