"""The notice file of a release, in markdown (NOTICE.md): one section per component with its license
(name and URL), its URL and what its license requires to ship, then the restrictions that travel
with the release, then what the file cannot know. The same report gives the same bytes."""

from __future__ import annotations

import re

from clearance import __version__
from clearance.notice import Component, Duty, Notice
from clearance.render.markup import visible
from clearance.wording import FORMS, POLICIES

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&!~])")
CANNOT_KNOW = (
    "The copyright lines, NOTICE files and attribution texts of the components live in their own files "
    "(LICENSE, NOTICE, README, model or data card); clearance does not read them. Copy them where this "
    "file says so.",
    "The changes made to a component: only the people who made them can describe them.",
    "Components the project file does not declare: this file lists only the works the project file names.",
)
DISCLAIMER = "clearance reports potential license risks; it is not legal advice."


def md(value: object) -> str:
    """`value` as markdown text that shows exactly `value`: no emphasis, link, HTML or heading can form."""
    flat = visible(str(value)).replace("\r", " ").replace("\n", " ")
    return _SPECIAL.sub(r"\\\1", flat)


def _duty(duty: Duty, component: Component) -> str:
    work, lic = md(component.work), md(component.license)
    if duty.code == "include-license":
        where = f": {md(component.license_url)}" if component.license_url else ""
        return f"Include a copy of the license text of {lic}{where}."
    if duty.code == "include-notice":
        return (f"Keep the copyright, patent, trademark and attribution notices of {work}: "
                f"[copy them here from {work}'s own files].")
    if duty.code == "state-changes":
        return f"State the changes made to {work}: [describe them here]."
    if duty.code == "attribution-display":
        return (f"Display the attribution {lic} requires, where users of the release see it: "
                f"{md(duty.message)}.")
    return f"{md(duty.code)}: {md(duty.message)}."


def _component(component: Component) -> list[str]:
    title = md(component.work) + (f" ({md(component.name)})" if component.name else "")
    lic = md(component.license)
    if component.license_name and component.license_name != component.license:
        lic += f" ({md(component.license_name)})"
    if component.license_url:
        lic += f", {md(component.license_url)}"
    lines = [f"## {title}", "", f"- License: {lic}",
             f"- URL: {md(component.url) if component.url else 'not given in the project file'}",
             f"- Type: {md(component.type)}", "- Required:"]
    lines += [f"  - {_duty(duty, component)}" for duty in component.duties]
    return [*lines, ""]


def _release(notice: Notice) -> list[str]:
    release = md(notice.release)
    how = f"{POLICIES[notice.policy]} {FORMS[notice.form]}"
    under = f" under {md(notice.license)}" if notice.license else ""
    if notice.license_words:  # as the report words it: imposed, no license imposed, or conflicting
        words = md(notice.license_words)
        under = f" {words}" if notice.license_words.startswith("under ") else f"; {words}"
    lines = [f"# Notices for {release}", "",
             f"{release}, of the project {md(notice.project)}, is {how}{under}."]
    if notice.components:
        lines += ["It is made from the works below. Their licenses require what each entry lists to ship with "
                  "it.", ""]
    else:
        lines += ["No license of the works it is made from asks for a license text or a notice to ship with it.",
                  ""]
    for component in notice.components:
        lines += _component(component)
    if notice.restrictions:
        lines += ["## Restrictions that travel with the release", ""]
        lines += [f"- {md(code)} ({', '.join(md(w) for w in works)}): {md(message)}."
                  for code, works, message in notice.restrictions]
        lines.append("")
    return lines


def render_notice(notices: list[Notice]) -> str:
    """The markdown notice file of `notices` (one release, or each release under a heading of its own)."""
    lines: list[str] = []
    for notice in notices:
        lines += _release(notice)
    lines += ["## What this file cannot know", ""]
    lines += [f"- {sentence}" for sentence in CANNOT_KNOW]
    lines += ["", f"Made by clearance {__version__} from the project file. {DISCLAIMER}"]
    return "\n".join(lines) + "\n"
