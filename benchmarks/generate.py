"""Deterministic generator of large clearance project files (project-file format version 1).

Three shapes, each a function of one size and a seed (the same arguments always give the same bytes):

- `corpus N`: N crawled data sources under a realistic license mix, a tenth of them machine-translated
  (a `translate` step each, with an Apache-2.0 translator), all combined into a corpus; a base model is
  trained on it, fine-tuned, merged with an Apache-2.0 and an MIT model, and sold as a service.
- `chain N`: a model-hub lineage of N successive steps: fine-tunes, each on its own dataset, and every
  fifth step a merge with a fresh open model; the last model is shared as raw weights.
- `releases N`: a model hub releasing N fine-tunes, each of one of three base models (Apache-2.0, MIT,
  Llama 3.1) on its own dataset under a license mix that includes non-commercial data, sold or shared.
- `diamond D`: a diamond ladder of D layers; each layer makes two works (an amalgamation and a merge), each
  from both works of the layer below, so there are 2**D paths from the bottom to the released top.

Usage: `python -m benchmarks.generate corpus 10000 -o corpus-10000.yaml [--seed 1]`."""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

DEFAULT_SEED = 20240101

# The license mix of crawled sources: (license id, weight in percent). Mostly permissive and
# public-domain data licenses, some share-alike, a few percent non-commercial (the ids are the
# knowledge base's, see `clearance licenses`).
CORPUS_MIX: tuple[tuple[str, int], ...] = (
    ("CC-BY-4.0", 34),
    ("CC0-1.0", 18),
    ("MIT", 11),
    ("Apache-2.0", 11),
    ("CC-BY-SA-4.0", 12),
    ("ODC-By-1.0", 11),
    ("CC-BY-NC-4.0", 3),
)
# Fine-tuning datasets of the lineage chain: open data licenses only.
CHAIN_DATA_MIX: tuple[tuple[str, int], ...] = (
    ("CC-BY-4.0", 40),
    ("CC0-1.0", 20),
    ("Apache-2.0", 15),
    ("MIT", 15),
    ("ODC-By-1.0", 10),
)
# The fine-tuning datasets of the hub's releases: some non-commercial and share-alike, so some fail.
RELEASES_DATA_MIX: tuple[tuple[str, int], ...] = (
    ("CC-BY-4.0", 40),
    ("CC0-1.0", 20),
    ("CC-BY-SA-4.0", 15),
    ("ODC-By-1.0", 15),
    ("CC-BY-NC-4.0", 10),
)
HUB_BASES: tuple[tuple[str, str], ...] = (("base-apache", "Apache-2.0"), ("base-mit", "MIT"),
                                          ("base-llama", "Llama-3.1"))
# The open models merged into the chain, in turn.
OPEN_MODEL_LICENSES: tuple[str, ...] = ("Apache-2.0", "MIT")
TRANSLATED_SHARE = 10  # one source in ten is machine-translated
MERGE_EVERY = 5  # every fifth step of a chain is a merge


def _mix(rng: random.Random, mix: tuple[tuple[str, int], ...], count: int) -> list[str]:
    """`count` license ids drawn from `mix` with its weights."""
    ids = [lic for lic, _ in mix]
    weights = [weight for _, weight in mix]
    return rng.choices(ids, weights=weights, k=count)


def _width(count: int) -> int:
    """Digits for zero-padded ids up to `count` (at least 4, so ids sort naturally)."""
    return max(4, len(str(count)))


def corpus(size: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """A pretraining corpus of `size` crawled sources, trained, fine-tuned, merged and sold as SaaS."""
    if size < 1:
        raise ValueError("a corpus needs at least one source")
    rng = random.Random(f"corpus:{size}:{seed}")
    digits = _width(size)
    sources = [f"src-{index:0{digits}d}" for index in range(1, size + 1)]
    licenses = _mix(rng, CORPUS_MIX, size)
    works: dict[str, dict[str, Any]] = {
        source: {"type": "data", "license": lic} for source, lic in zip(sources, licenses, strict=True)
    }
    works["translator"] = {"type": "model", "license": "Apache-2.0", "name": "machine-translation model"}
    works["instructions"] = {"type": "data", "license": "CC-BY-4.0", "name": "instruction-tuning data"}
    works["open-model-apache"] = {"type": "model", "license": "Apache-2.0"}
    works["open-model-mit"] = {"type": "model", "license": "MIT"}
    translated = set(rng.sample(range(size), size // TRANSLATED_SHARE))
    steps: dict[str, dict[str, Any]] = {}
    parts: list[str] = []
    for index, source in enumerate(sources):
        if index in translated:
            steps[f"{source}-translated"] = {"activity": "translate", "inputs": [source], "using": ["translator"]}
            parts.append(f"{source}-translated")
        else:
            parts.append(source)
    steps["corpus"] = {"activity": "combine", "inputs": parts}
    steps["base-model"] = {"activity": "train", "inputs": ["corpus"]}
    steps["tuned-model"] = {"activity": "finetune", "inputs": ["base-model"], "data": ["instructions"]}
    steps["merged-model"] = {"activity": "merge", "inputs": ["tuned-model", "open-model-apache", "open-model-mit"]}
    return {
        "project": f"Benchmark: corpus of {size} sources",
        "works": works,
        "steps": steps,
        "release": {"work": "merged-model", "policy": "sell", "form": "saas"},
    }


def chain(size: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """A lineage of `size` successive fine-tunes (each on its own dataset) and merges (every fifth step)."""
    if size < 1:
        raise ValueError("a chain needs at least one step")
    rng = random.Random(f"chain:{size}:{seed}")
    digits = _width(size)
    works: dict[str, dict[str, Any]] = {"base-model": {"type": "model", "license": "Apache-2.0"}}
    steps: dict[str, dict[str, Any]] = {}
    data_licenses = iter(_mix(rng, CHAIN_DATA_MIX, size))
    previous = "base-model"
    merges = 0
    for index in range(1, size + 1):
        current = f"model-{index:0{digits}d}"
        license_id = next(data_licenses)
        if index % MERGE_EVERY == 0:
            donor = f"open-model-{index:0{digits}d}"
            works[donor] = {"type": "model", "license": OPEN_MODEL_LICENSES[merges % len(OPEN_MODEL_LICENSES)]}
            merges += 1
            steps[current] = {"activity": "merge", "inputs": [previous, donor]}
        else:
            dataset = f"data-{index:0{digits}d}"
            works[dataset] = {"type": "data", "license": license_id}
            steps[current] = {"activity": "finetune", "inputs": [previous], "data": [dataset]}
        previous = current
    return {
        "project": f"Benchmark: lineage chain of {size} steps",
        "works": works,
        "steps": steps,
        "release": {"work": previous, "policy": "share", "form": "raw"},
    }


def releases(size: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """A hub of `size` fine-tunes, each released on its own: many releases of few distinct shapes."""
    if size < 1:
        raise ValueError("a hub needs at least one release")
    rng = random.Random(f"releases:{size}:{seed}")
    digits = _width(size)
    works: dict[str, dict[str, Any]] = {base: {"type": "model", "license": lic} for base, lic in HUB_BASES}
    steps: dict[str, dict[str, Any]] = {}
    planned: list[dict[str, Any]] = []
    for index, license_id in enumerate(_mix(rng, RELEASES_DATA_MIX, size), 1):
        dataset, model = f"data-{index:0{digits}d}", f"tuned-{index:0{digits}d}"
        works[dataset] = {"type": "data", "license": license_id}
        base = HUB_BASES[rng.randrange(len(HUB_BASES))][0]
        steps[model] = {"activity": "finetune", "inputs": [base], "data": [dataset]}
        planned.append({"work": model, "policy": rng.choice(("sell", "share")), "form": "raw"})
    return {"project": f"Benchmark: a hub of {size} released fine-tunes", "works": works, "steps": steps,
            "release": planned}


def diamond(depth: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """A diamond ladder of `depth` layers: 2**depth paths from the bottom works to the released top.

    The seed is accepted for a uniform signature; the shape has no random part."""
    del seed
    if depth < 1:
        raise ValueError("a diamond ladder needs at least one layer")
    digits = _width(depth)
    works: dict[str, dict[str, Any]] = {
        "bottom-a": {"type": "model", "license": "Apache-2.0"},
        "bottom-b": {"type": "model", "license": "MIT"},
    }
    steps: dict[str, dict[str, Any]] = {}
    below = ("bottom-a", "bottom-b")
    for layer in range(1, depth + 1):
        left, right = f"layer-{layer:0{digits}d}-a", f"layer-{layer:0{digits}d}-b"
        steps[left] = {"activity": "amalgamate", "inputs": list(below)}
        steps[right] = {"activity": "merge", "inputs": list(below)}
        below = (left, right)
    return {
        "project": f"Benchmark: diamond ladder of depth {depth}",
        "works": works,
        "steps": steps,
        "release": {"work": below[0], "policy": "share", "form": "raw"},
    }


SHAPES: dict[str, Callable[[int, int], dict[str, Any]]] = {"corpus": corpus, "chain": chain, "diamond": diamond,
                                                          "releases": releases}


def counts(project: dict[str, Any]) -> tuple[int, int]:
    """(reused works, steps) of a generated project."""
    return len(project["works"]), len(project.get("steps") or {})


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._+-]*")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(value: Any) -> str:
    """One YAML flow scalar: plain when it is unambiguous text, quoted otherwise."""
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _RESERVED:
        try:
            unchanged = yaml.safe_load(text) == text if text[0].isdigit() else True
        except yaml.YAMLError:
            unchanged = False
        if unchanged:
            return text
    return yaml.safe_dump(text, default_style='"', width=1 << 30).strip().removesuffix("...").strip()


def _flow(value: Any) -> str:
    """A mapping, list or scalar in YAML flow style, on one line."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(key)}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return _scalar(value)


def dump(project: dict[str, Any]) -> str:
    """The project as YAML text: one line per work and per step (flow style), like the examples."""
    lines = [f"project: {_scalar(project['project'])}"]
    for section in ("works", "steps"):
        entries = project.get(section) or {}
        lines.append(f"{section}:")
        lines.extend(f"  {_scalar(key)}: {_flow(entry)}" for key, entry in entries.items())
    lines.append(f"release: {_flow(project['release'])}")
    return "\n".join(lines) + "\n"


def write(shape: str, size: int, path: str | Path, seed: int = DEFAULT_SEED) -> tuple[int, int]:
    """Generate `shape` at `size` into `path`; return (reused works, steps)."""
    project = SHAPES[shape](size, seed)
    header = f"# Generated by benchmarks/generate.py: shape {shape}, size {size}, seed {seed}.\n"
    Path(path).write_text(header + dump(project), encoding="utf-8")
    return counts(project)


def main(argv: list[str] | None = None) -> int:
    """Command line: write one generated project file."""
    parser = argparse.ArgumentParser(description="Generate a large clearance project file.")
    parser.add_argument("shape", choices=sorted(SHAPES))
    parser.add_argument("size", type=int, help="sources (corpus), steps (chain) or layers (diamond)")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.output:
        works, steps = write(args.shape, args.size, args.output, args.seed)
        print(f"{args.output}: {works} works, {steps} steps", file=sys.stderr)
    else:
        sys.stdout.write(dump(SHAPES[args.shape](args.size, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
