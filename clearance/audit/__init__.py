"""`clearance audit`: every repository of a hub dump, a folder of cards or a Hugging Face cache,
checked as `clearance check` checks its card, with one analysis per distinct lineage problem.

- `inputs.read_index(paths, kb, hf_cache)`: the first pass, a compact `index.Index`;
- `run.Audit(index, kb, reading).results()`: the second pass, one `run.Result` per row, streamed
  in input order;
- `summary.Summary`: counts, top conflicting pairs and per-family rates, as a plain dict.

docs/audit.md describes what is read, the grouping argument and the output schemas."""
