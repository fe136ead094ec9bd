"""Helpers shared by parsers and the demo builder (encoding, text normalisation)."""
