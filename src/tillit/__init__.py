"""Tillit — a governance system (styrsystem) for Swedish municipalities."""

__version__ = "0.1.0"
