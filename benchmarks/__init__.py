"""Benchmarks for clearance: a generator of large project files and a runner that times each phase.

Run `python -m benchmarks.run --help` from the repository root (see docs/benchmarks.md)."""
