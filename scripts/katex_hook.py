"""Placeholder: renders math at build time (to be written)."""
