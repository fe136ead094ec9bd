"""Versioned index templates: the one field schema both engines derive from."""
