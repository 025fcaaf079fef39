"""Trusted timestamps (RFC 3161) for exhibits and records: a daily Merkle root over the
hashes of everything new is signed by a timestamp authority; each item keeps its path."""
