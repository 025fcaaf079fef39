"""Exhibits: uploaded evidence files, their storage and parsing."""
