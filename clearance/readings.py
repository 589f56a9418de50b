"""The two readings of a license file: its body follows one (`used` in each departure), and each
departure gives the value of the departed keys under both readings (`values: {text: .., paper: ..}`).
This module checks the departures of one raw license file and builds the raw file as either
reading says, so the loader can check and build a `License` per reading."""

from __future__ import annotations

import copy
from typing import Any

from clearance.model import READINGS, Departure

DEPARTURE_KEYS = {"key", "text", "paper", "used", "values"}
_MISSING = object()


def _resolve(raw: dict, path: str) -> tuple[Any, str, Any]:
    """The mapping holding the last part of the dotted `path`, that part, and its value
    (`_MISSING` when absent); raises KeyError naming the first part that is not a mapping."""
    parts = path.split(".")
    node: Any = raw
    for index, part in enumerate(parts[:-1]):
        node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            raise KeyError(".".join(parts[: index + 1]))
    return node, parts[-1], node.get(parts[-1], _MISSING)


def parse_departures(raw: dict, problem) -> tuple[Departure, ...]:
    """The departures of one raw license file; `problem(key, message)` is told what is wrong."""
    departures = []
    for index, item in enumerate(raw.get("departures") or []):
        where = f"departures[{index}]"
        if not isinstance(item, dict) or not {"key", "text", "paper", "used", "values"} <= set(item) \
                or item.get("used") not in READINGS:
            problem(where, "needs key, text, paper, used: paper|text and values: {text: ..., paper: ...}")
            continue
        for extra in sorted(set(item) - DEPARTURE_KEYS):
            problem(f"{where}.{extra}", "unknown key")
        values = item["values"]
        if not isinstance(values, dict) or set(values) != set(READINGS):
            problem(f"{where}.values", "gives the value under each reading: {text: ..., paper: ...}")
            continue
        keys = item["key"] if isinstance(item["key"], list) else [item["key"]]
        if not keys or not all(isinstance(key, str) and key for key in keys):
            problem(f"{where}.key", "a dotted key of the file (e.g. terms.generate), or a list of them")
            continue
        good = True
        for key in keys:
            try:
                _, _, value = _resolve(raw, key)
            except KeyError as missing:
                problem(f"{where}.key", f"'{key}': '{missing.args[0]}' is not a mapping of the file")
                good = False
                continue
            if value is _MISSING:
                problem(f"{where}.key", f"'{key}' is not in the file")
                good = False
            elif value != values[item["used"]]:
                problem(f"{where}.values.{item['used']}",
                        f"the file's {key} is {value!r}, which the {item['used']} reading (used) must equal")
                good = False
        if good:
            departures.append(Departure(", ".join(keys), str(item["text"]), str(item["paper"]), item["used"],
                                        dict(values), tuple(keys)))
    return tuple(departures)


def under_reading(raw: dict, departures: tuple[Departure, ...], reading: str) -> dict:
    """The raw license file as `reading` says: every departed key set to that reading's value."""
    changed = [d for d in departures if d.used != reading and d.values[reading] != d.values[d.used]]
    if not changed:
        return raw
    # Copy only the mappings on each departed key's path: the rest is shared with `raw`, which
    # nothing mutates (a deep copy of every file was a fifth of a small check's start-up).
    result = dict(raw)
    for departure in changed:
        for key in departure.keys:
            node, last = _copy_path(result, key)
            node[last] = copy.deepcopy(departure.values[reading])
    return result


def _copy_path(root: dict, path: str) -> tuple[dict, str]:
    """The mapping (copied, and linked into the copied `root`) that holds the last part of the
    dotted `path`, and that part. Every mapping on the path is a fresh copy, so setting the part
    changes nothing shared with the original."""
    _resolve(root, path)  # raises KeyError as the checks expect, before anything is copied
    parts = path.split(".")
    node = root
    for part in parts[:-1]:
        node[part] = dict(node[part])
        node = node[part]
    return node, parts[-1]
