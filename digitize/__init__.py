"""digitize: turn paper records of Vietnamese administrative offices into trustworthy digital ones."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
