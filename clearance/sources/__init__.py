"""Readers: one module per input format, each producing the same domain model."""
