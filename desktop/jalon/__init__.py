"""Jalon: offline, bilingual, signed digital-strategy self-assessments for Canadian governments."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jalon")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.1.0"
