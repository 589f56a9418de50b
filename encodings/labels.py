"""Readable, stable labels for tracked constraints."""

from __future__ import annotations

from dataclasses import dataclass, field

from clearance.graph import Edge

# What the project states and what the licenses say: the knowledge a finding rests on.
KNOWLEDGE_KINDS = ("fact", "term")
# What a release asks for: each one that cannot hold is an error.
GOAL_KINDS = ("intended", "release-license", "forbidden", "activity-need", "need", "no-share", "unknown")


@dataclass(frozen=True, order=True)
class Label:
    """One tracked constraint.

    kind: fact (a work's declared license), term (a license term a step triggers),
    intended (a step's intended license), release-license (a release's intended license),
    forbidden (a term forbids the activity), activity-need (an activity needs a right),
    need (a release needs a right), no-share (a term forbids sharing the result),
    unknown (a release reaches a work whose license nobody knows).
    """

    kind: str
    work: str
    target: str = ""
    detail: str = ""
    edge: Edge | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        """A short stable name, e.g. `term:arXiv->arXiv-translated:embed`."""
        parts = [self.kind, self.work]
        if self.target:
            parts[-1] += f"->{self.target}"
        if self.detail:
            parts.append(self.detail)
        return ":".join(parts)

    @property
    def is_goal(self) -> bool:
        """True for what a release asks for; false for knowledge."""
        return self.kind in GOAL_KINDS
