"""Exports users already consume: OCDS releases, spreadsheets, documents."""
