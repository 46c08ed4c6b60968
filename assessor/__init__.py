"""Vendor AI-governance due-diligence assessor."""

__version__ = "0.1.0"
