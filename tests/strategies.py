"""Hypothesis strategies for random valid projects over a small license pool (the differential test).

A project is drawn as the plain data of a project file and written out as YAML, so that it goes
through the real loader. Up to 8 works and 5 steps; every activity, role (by default or stated),
slot, policy and form of the vocabulary; dual-licensed works (`A OR B`), step and release licenses
sometimes. The pool holds 6 to 10 licenses drawn family by family, so that across examples every
license family of the knowledge base appears."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import strategies as st

from clearance.knowledge_base import KnowledgeBase
from clearance.model import READINGS, ROLES, SLOTS

MAX_WORKS = 8
MAX_STEPS = 5
STEP_COUNTS = (0, *range(1, MAX_STEPS + 1), *range(2, MAX_STEPS + 1))  # seldom none, often several


def families(kb: KnowledgeBase) -> dict[str, list[str]]:
    """The license ids of each family that has any, in a stable order."""
    found: dict[str, list[str]] = {}
    for lic_id in sorted(kb.licenses):
        found.setdefault(kb.licenses[lic_id].family, []).append(lic_id)
    return found


@st.composite
def license_pools(draw: st.DrawFn, kb: KnowledgeBase) -> tuple[str, ...]:
    """6 to 10 license ids (fewer when a family is drawn twice and has one license): a family is
    drawn for each, then a license of that family."""
    by_family = families(kb)
    size = draw(st.integers(6, 10))
    chosen = [draw(st.sampled_from(by_family[family]))
              for family in draw(st.lists(st.sampled_from(sorted(by_family)), min_size=size, max_size=size))]
    return tuple(dict.fromkeys(chosen))


@st.composite
def project_data(draw: st.DrawFn, kb: KnowledgeBase, pool: tuple[str, ...]) -> dict[str, Any]:
    """The plain data of a valid project file whose licenses all come from `pool`."""
    vocabulary = kb.vocabulary
    licenses = st.sampled_from(pool)
    works: dict[str, dict[str, Any]] = {}
    for index in range(draw(st.sampled_from(range(1, MAX_WORKS + 1)))):
        work: dict[str, Any] = {"type": draw(st.sampled_from(vocabulary.work_types))}
        first = draw(licenses)
        second = draw(licenses) if draw(st.integers(0, 3)) == 0 else None  # a dual license, sometimes
        work["license"] = f"{first} OR {second}" if second and second != first else first
        if draw(st.booleans()):
            work["form"] = draw(st.sampled_from(vocabulary.forms))
        works[f"w{index}"] = work
    nodes = list(works)
    steps: dict[str, dict[str, Any]] = {}
    for index in range(draw(st.sampled_from(STEP_COUNTS))):
        step: dict[str, Any] = {"activity": draw(st.sampled_from(sorted(vocabulary.activities)))}
        given = draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=min(4, len(nodes)), unique=True))
        if steps and nodes[-1] not in given and draw(st.booleans()):
            given.append(nodes[-1])  # chains of steps: activity proliferation, scope, nested results
        for work_id in given:
            slot = draw(st.sampled_from(SLOTS))
            role = draw(st.none() | st.sampled_from(ROLES))
            step.setdefault(slot, []).append(work_id if role is None else {"work": work_id, "role": role})
        if draw(st.booleans()):
            step["type"] = draw(st.sampled_from(vocabulary.work_types))
        if draw(st.booleans()):
            step["form"] = draw(st.sampled_from(vocabulary.forms))
        if draw(st.integers(0, 3)) == 0:
            step["license"] = draw(licenses)
        step_id = f"s{index}"
        steps[step_id] = step
        nodes.append(step_id)
    releases = []
    for _ in range(draw(st.integers(1, 2))):
        # Mostly a step, the last one first; sometimes any work.
        target = draw(st.sampled_from([nodes[-1], *sorted(steps)] if steps and draw(st.integers(0, 7)) else nodes))
        release: dict[str, Any] = {"work": target,
                                   "policy": draw(st.sampled_from(vocabulary.policies))}
        if draw(st.booleans()):
            release["form"] = draw(st.sampled_from(vocabulary.forms))
        if draw(st.integers(0, 2)) == 0:
            release["license"] = draw(licenses)
        releases.append(release)
    return {"project": "random", "reading": draw(st.sampled_from(READINGS)), "works": works, "steps": steps,
            "release": releases}


@st.composite
def projects(draw: st.DrawFn, kb: KnowledgeBase) -> tuple[tuple[str, ...], str]:
    """A license pool and the YAML text of a valid project over it."""
    pool = draw(license_pools(kb))
    return pool, yaml.safe_dump(draw(project_data(kb, pool)), sort_keys=False)
