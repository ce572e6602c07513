"""Importers of this app's registers (core.importing)."""
