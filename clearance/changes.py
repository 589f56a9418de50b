"""Changes a person acts on, and how they apply to a `Project`. A fix is a set of
changes; applying one gives a new project. The cost of each kind is data
(licenses/policy.yaml), read by the knowledge base.

- replace: use another source of the same kind (a new placeholder work
  `replacement-for-<id>`, under the license it must have); the work itself and
  its declared license stay as they are, no step uses it any more;
- drop: take the work out (a step left with nothing it carries goes too);
- move-to-aux: use the work only as a tool or for evaluation, not carried into
  what is released and not trained on;
- separate-release: take the part out of the combined work and ship it on its own;
- seek-permission: obtain the missing rights from the work's licensor (modelled as
  the work granting them; only an obtained permission counts);
- license: another license you intend for a work you make;
- policy, form, serve-instead: release it differently (serve-instead: keep the
  weights private and offer a service)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from clearance.advice import Advice
from clearance.exceptions import InputError
from clearance.model import Input, Permission, Project, Release, Work

REPLACEMENT_PREFIX = "replacement-for-"
STRONG_SEPARATION = ("combine", "moe", "copy")  # activities whose parts stay separable


@dataclass(frozen=True, order=True)
class Change:
    """One change: `kind` of change to `work`, to the value `to` (None: remove it, or, for a
    replacement, no license named). `why` says what the change provides, e.g. 'grants commercial
    use'; `rights` are what a replacement or a permission must grant; `also` the works
    interchangeable with `work` that the change applies to as well."""

    kind: str
    work: str
    to: str | None = None
    why: str = ""
    also: tuple[str, ...] = ()
    rights: tuple[str, ...] = ()

    @property
    def works(self) -> tuple[str, ...]:
        """The works the change applies to: `work`, and `also` the works interchangeable with it."""
        return (self.work, *self.also)

    def cost(self, project: Project, release_index: int, advice: Advice) -> int:
        """What this change costs in the cost model (a change to n works costs n times)."""
        if self.kind == "policy":
            current = project.releases[release_index].policy
            return advice.policy_costs.get((current, self.to or ""), max(advice.policy_costs.values()) + 1)
        return advice.change_cost(self.kind) * len(self.works)

    def to_json(self) -> dict:
        """The JSON object of this change (clearance.suggest/1)."""
        data = {"kind": self.kind, "work": self.work, "to": self.to}
        if self.why:
            data["why"] = self.why
        if self.also:
            data["also"] = list(self.also)
        if self.rights:
            data["rights"] = list(self.rights)
        return data


def replacement_id(project: Project, work: str) -> str:
    """The id of the placeholder that replaces `work`: `replacement-for-<id>`, made unique."""
    base = candidate = f"{REPLACEMENT_PREFIX}{work}"
    number = 2
    while candidate in project.works or candidate in project.steps:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def separable_step(project: Project, part: str) -> str | None:
    """The step that combines `part` with others, with strong separation, so that `part` could be
    shipped on its own; None when there is none."""
    for step in project.steps.values():
        if step.activity in STRONG_SEPARATION and len([g for g in step.inputs if g.role != "aux"]) > 1 \
                and any(g.work == part and g.role != "aux" for g in step.inputs):
            return step.id
    return None


def apply_changes(project: Project, release_index: int, changes: tuple[Change, ...],
                  permissions_obtained: bool = True) -> Project:
    """`project` with `changes` made to it; `release_index` is the release that policy, form and
    release-license changes concern. A seek-permission change records a permission, obtained or
    (with `permissions_obtained` false, as `--apply` writes it) requested. Raises `InputError`
    when a change cannot apply."""
    works, steps = dict(project.works), dict(project.steps)
    releases, permissions = list(project.releases), list(project.permissions)
    for change in changes:
        release = releases[release_index]
        if change.kind == "replace":
            for work_id in change.works:
                _replace(works, steps, releases, work_id, change.to, replace(project, works=works, steps=steps))
        elif change.kind == "choose":
            for work_id in change.works:
                work = _reused(works, work_id, change.kind)
                works[work_id] = replace(work, license=change.to, alternatives=(change.to,))
        elif change.kind == "drop":
            released = {planned.work for planned in releases}
            for work_id in change.works:
                if work_id not in works or work_id in released:
                    raise InputError(f"cannot drop '{work_id}': it is released")
                del works[work_id]
            _drop_from_steps(steps, set(change.works), released)
        elif change.kind == "move-to-aux":
            for work_id in change.works:
                _move_to_aux(steps, work_id, _lineage(steps, release.work))
        elif change.kind == "separate-release":
            _separate(steps, releases, change, project, release)
        elif change.kind == "seek-permission":
            for work_id in change.works:
                work = _reused(works, work_id, change.kind)
                status = "obtained" if permissions_obtained else "requested"
                permissions.append(Permission(work_id, change.rights, status, change.why or None))
                if permissions_obtained:
                    works[work_id] = replace(work, granted=tuple(dict.fromkeys((*work.granted, *change.rights))))
        elif change.kind == "policy":
            releases[release_index] = replace(release, policy=change.to)
        elif change.kind in ("form", "serve-instead"):
            releases[release_index] = replace(release, form=change.to)
        elif change.kind == "license":
            if change.work in steps and steps[change.work].license:
                steps[change.work] = replace(steps[change.work], license=change.to)
            if change.work == release.work and release.license:
                releases[release_index] = replace(release, license=change.to)
        else:
            raise InputError(f"unknown change '{change.kind}'")
    return replace(project, works=works, steps=steps, releases=tuple(releases), permissions=tuple(permissions))


def _reused(works: dict[str, Work], work_id: str, kind: str) -> Work:
    if work_id not in works:
        raise InputError(f"cannot {kind} '{work_id}': not a reused work")
    return works[work_id]


def _replace(works: dict[str, Work], steps: dict, releases: list[Release], work_id: str, license_id: str | None,
             current: Project) -> None:
    """A placeholder work under `license_id` takes the place of `work_id` in every step and release."""
    work = _reused(works, work_id, "replace")
    if license_id is None:
        raise InputError(f"no license is named for the replacement of '{work_id}'",
                         hint="find a source under a license that grants what is missing, then declare it")
    new = replacement_id(current, work_id)
    works[new] = Work(new, work.type, license_id, (license_id,), work.form)
    for step_id, step in list(steps.items()):
        if any(given.work == work_id for given in step.inputs):
            inputs = tuple(replace(given, work=new) if given.work == work_id else given for given in step.inputs)
            steps[step_id] = replace(step, inputs=inputs)
    for index, planned in enumerate(releases):
        if planned.work == work_id:
            releases[index] = replace(planned, work=new)


def _lineage(steps: dict, work_id: str) -> set[str]:
    """The steps `work_id` is made by, directly or through other steps."""
    found: set[str] = set()
    pending = [work_id]
    while pending:
        current = pending.pop()
        if current in steps and current not in found:
            found.add(current)
            pending.extend(given.work for given in steps[current].inputs)
    return found


def _move_to_aux(steps: dict, work_id: str, lineage: set[str]) -> None:
    """`work_id` becomes a tool of every step of the release's `lineage` that carries it or trains on
    it (slot `using`, role aux). Steps outside the lineage are the business of other releases."""
    moved = False
    for step_id, step in list(steps.items()):
        if step_id not in lineage:
            continue
        if not any(given.work == work_id and given.slot != "using" for given in step.inputs):
            continue
        if given_is_tool_only(step, work_id):
            raise InputError(f"cannot move '{work_id}' to a tool of '{step_id}': nothing else is made into it")
        inputs = tuple(Input(work_id, "aux", "using") if given.work == work_id else given for given in step.inputs)
        steps[step_id] = replace(step, inputs=inputs)
        moved = True
    if not moved:
        raise InputError(f"'{work_id}' is not carried into anything")


def given_is_tool_only(step, work_id: str) -> bool:
    """True when, without `work_id`, `step` would have nothing carried or trained on: only tools."""
    return not any(given.work != work_id and given.slot != "using" and
                   (given.role != "aux" or given.slot == "data") for given in step.inputs)


def _separate(steps: dict, releases: list[Release], change: Change, project: Project, release: Release) -> None:
    """Take `change.work` out of the step `change.to` and plan a release of it on its own."""
    step = steps.get(change.to or "")
    if step is None or not any(given.work == change.work for given in step.inputs):
        raise InputError(f"'{change.work}' is not a part of '{change.to}'")
    inputs = tuple(given for given in step.inputs if given.work != change.work)
    if not any(given.role != "aux" for given in inputs):
        raise InputError(f"'{change.to}' would be left with nothing in it")
    steps[step.id] = replace(step, inputs=inputs)
    if not any(planned.work == change.work for planned in releases):
        releases.append(Release(change.work, release.policy, project.form_of(change.work)))


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
