"""Held-out annotated negotiation news built from the FNC-1 corpus (see README.md)."""
