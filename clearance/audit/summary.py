"""The summary of an audit, accumulated from the streamed results: a plain dict whose schema
(`clearance.audit-summary/1`) docs/audit.md describes, for the text, JSON and HTML outputs."""

from __future__ import annotations

from collections import Counter

from clearance.audit.run import VERDICTS, Result

SCHEMA = "clearance.audit-summary/1"
TOP = 20


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 6) if whole else 0.0


class Summary:
    """Counts, top conflicting pairs and per-family rates, fed one result at a time."""

    def __init__(self, unknown_license: str | None = "LicenseRef-clearance-unknown") -> None:
        self.unknown_license = unknown_license
        self.counts: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()
        self.suggested: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str, str]] = Counter()
        self.pair_example: dict[tuple[str, str, str], str] = {}
        self.families: dict[str, list[int]] = {}  # family -> [models, not compliant, unknown]
        self.family_example: dict[str, str] = {}
        self.problems: set[int] = set()

    def add(self, result: Result) -> None:
        """Count one result."""
        self.counts[result.verdict] += 1
        if result.problem is not None:
            self.problems.add(result.problem)
        for code in dict.fromkeys(code for code, _, _ in result.errors):
            self.codes[code] += 1
        if result.suggested:
            self.suggested[result.suggested] += 1
        if result.verdict == "not-compliant":
            upstream = dict.fromkeys(lic for _, work, lic in result.errors
                                     if lic and lic != self.unknown_license and work != result.id)
            for lic in upstream:
                pair = (result.declared or "none", lic, result.relation or "none")
                self.pairs[pair] += 1
                self.pair_example.setdefault(pair, result.id or "")
        if result.type == "model" and result.family is not None and result.verdict not in ("invalid",):
            counts = self.families.setdefault(result.family, [0, 0, 0])
            counts[0] += 1
            counts[1] += result.verdict == "not-compliant"
            counts[2] += result.verdict == "unknown"
            if result.verdict == "not-compliant":
                self.family_example.setdefault(result.family, result.id or "")

    def to_dict(self, top: int = TOP) -> dict:
        """The summary as a plain dict (`clearance.audit-summary/1`)."""
        total = sum(self.counts.values())
        pairs = sorted(self.pairs.items(), key=lambda item: (-item[1], item[0]))[:top]
        families = sorted(self.families.items(), key=lambda item: (-item[1][0], item[0]))[:top]
        return {
            "schema": SCHEMA,
            "repositories": total,
            "problems": len(self.problems),
            "counts": {verdict: self.counts.get(verdict, 0) for verdict in VERDICTS},
            "rates": {verdict: _rate(self.counts.get(verdict, 0), total) for verdict in VERDICTS},
            "codes": dict(sorted(self.codes.items(), key=lambda item: (-item[1], item[0]))),
            "top_pairs": [{"declared": declared, "upstream": upstream, "relation": relation, "count": count,
                           "example": self.pair_example[(declared, upstream, relation)]}
                          for (declared, upstream, relation), count in pairs],
            "families": [{"family": family, "models": models, "not_compliant": bad, "unknown": unknown,
                          "inconsistency_rate": _rate(bad, models), "example": self.family_example.get(family)}
                         for family, (models, bad, unknown) in families],
            "suggested": dict(sorted(self.suggested.items(), key=lambda item: (-item[1], item[0]))),
        }
