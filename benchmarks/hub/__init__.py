"""The hub-scale benchmark of `clearance audit` (issue 17): `forest` generates hub-like metadata dumps,
`runner` audits them at several sizes and reports time, memory and where the time goes.

`python -m benchmarks.hub generate 1000000 -o dump.jsonl`; `python -m benchmarks.hub run --sizes ...`
(docs/benchmarks.md, section "Hub audit")."""
