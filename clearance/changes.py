"""Changes a user controls (drop or replace a component, choose an alternative,
change an intended license, a release's policy or form) and how they apply to a
`Project`. A fix is a set of changes; applying one gives a new project."""

from __future__ import annotations

from dataclasses import dataclass, replace

from clearance.exceptions import InputError
from clearance.model import Project

# The cost model of fixes (docs/suggestions.md): how much a change asks of the user.
CHANGE_COSTS = {"choose": 1, "license": 2, "form": 3, "replace": 4, "drop": 6, "policy": 5}
POLICY_COSTS = {("sell", "share"): 5, ("sell", "personal"): 8, ("share", "personal"): 5}
CHANGE_KINDS = tuple(CHANGE_COSTS)


@dataclass(frozen=True, order=True)
class Change:
    """One change: `kind` of change to `work`, to the value `to` (None: remove it).
    `why` says what the change provides, e.g. 'grants commercial use'."""

    kind: str
    work: str
    to: str | None = None
    why: str = ""
    also: tuple[str, ...] = ()

    @property
    def works(self) -> tuple[str, ...]:
        """The works the change applies to: `work`, and `also` the works interchangeable with it."""
        return (self.work, *self.also)

    def cost(self, project: Project, release_index: int) -> int:
        """What this change costs in the documented cost model (a change to n works costs n times)."""
        if self.kind == "policy":
            current = project.releases[release_index].policy
            return POLICY_COSTS.get((current, self.to or ""), 9)
        return CHANGE_COSTS[self.kind] * len(self.works)

    def to_json(self) -> dict:
        """The JSON object of this change (clearance.suggest/1)."""
        data = {"kind": self.kind, "work": self.work, "to": self.to}
        if self.why:
            data["why"] = self.why
        if self.also:
            data["also"] = list(self.also)
        return data


def apply_changes(project: Project, release_index: int, changes: tuple[Change, ...]) -> Project:
    """`project` with `changes` made to it; `release_index` is the release that policy,
    form and release-license changes concern. Raises `InputError` when a change cannot apply."""
    works, steps = dict(project.works), dict(project.steps)
    releases = list(project.releases)
    release = releases[release_index]
    for change in changes:
        if change.kind in ("replace", "choose"):
            for work_id in change.works:
                if work_id not in works or change.to is None:
                    raise InputError(f"cannot {change.kind} '{work_id}': not a reused work")
                work = works[work_id]
                url = work.url if change.kind == "choose" else None
                works[work_id] = replace(work, license=change.to, alternatives=(change.to,), url=url)
        elif change.kind == "drop":
            released = {planned.work for planned in releases}
            for work_id in change.works:
                if work_id not in works or work_id in released:
                    raise InputError(f"cannot drop '{work_id}': it is released")
                del works[work_id]
            _drop_from_steps(steps, set(change.works), released)
        elif change.kind == "policy":
            release = replace(release, policy=change.to)
        elif change.kind == "form":
            release = replace(release, form=change.to)
        elif change.kind == "license":
            if change.work in steps and steps[change.work].license:
                steps[change.work] = replace(steps[change.work], license=change.to)
            if change.work == release.work and release.license:
                release = replace(release, license=change.to)
        else:
            raise InputError(f"unknown change '{change.kind}'")
    releases[release_index] = release
    return replace(project, works=works, steps=steps, releases=tuple(releases))


def _drop_from_steps(steps: dict, dropped: set[str], released: set[str]) -> None:
    """Take `dropped` out of every step; a step left with nothing it carries (only aux-works,
    e.g. a translation with no text) is dropped in turn, down the chain. A step some release
    plans (this one or another) cannot go."""
    while dropped:
        gone: set[str] = set()
        for step_id, step in list(steps.items()):
            inputs = tuple(given for given in step.inputs if given.work not in dropped)
            if len(inputs) == len(step.inputs):
                continue
            carried_before = any(given.role != "aux" for given in step.inputs)
            if not inputs or (carried_before and not any(given.role != "aux" for given in inputs)):
                if step_id in released:
                    raise InputError(f"dropping leaves the released work '{step_id}' with nothing in it")
                del steps[step_id]
                gone.add(step_id)
            else:
                steps[step_id] = replace(step, inputs=inputs)
        dropped = gone


def with_release_license(project: Project, release_index: int, license_id: str) -> Project:
    """`project` with release `release_index` put under `license_id`; the released work's own
    intended license, if it has one, becomes the same (the release license replaces it)."""
    releases = list(project.releases)
    release = releases[release_index] = replace(project.releases[release_index], license=license_id)
    steps = dict(project.steps)
    if release.work in steps and steps[release.work].license:
        steps[release.work] = replace(steps[release.work], license=license_id)
    return replace(project, steps=steps, releases=tuple(releases))
