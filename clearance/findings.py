"""Findings: the codes of Table 1 of the paper (a public contract), their
severities, and the finding record a report is made of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from clearance.model import Waiver

SEVERITY_OF = {
    "rights-not-granted": "error", "cannot-share": "error", "cannot-relicense": "error",
    "license-incompatible": "error", "license-unknown": "error",
    "metadata-mismatch": "warning",
    "rights-not-explicit": "warning", "license-type-mismatch": "warning", "disclose-source": "warning",
    "waiver-expired": "warning", "waiver-unused": "warning",
    "copyleft": "notice", "revocable": "notice", "not-public": "notice",
    "state-changes": "restriction", "include-license": "restriction", "include-notice": "restriction",
    "use-restrictions": "restriction", "runtime-restrictions": "restriction",
    "pass-on-terms": "restriction", "attribution-display": "restriction", "name-prefix": "restriction",
    "user-threshold": "restriction",
}
SEVERITIES = ("error", "warning", "notice", "restriction")
RESTRICTION_CODES = {"use-behavioral": "use-restrictions", "runtime": "runtime-restrictions",
                     "pass-on-terms": "pass-on-terms", "attribution-display": "attribution-display",
                     "name-prefix": "name-prefix", "user-threshold": "user-threshold"}


@dataclass(frozen=True)
class Finding:
    """One finding on one release.

    `work` and `license`: the component whose license causes it; `works`: the
    components its explanation rests on; `path`: the chain of works from the
    component to the released work; `because`: the explanation as sentences;
    `at`: the work where a license conflict happens; `path_elided`: how many works
    of a long path were left out after its first four; `group`: when the finding
    stands for several interchangeable works (grouped sources of a corpus), all of
    them, `work` first among equals; `core`: for an error, the
    tracked labels of its minimal unsat core (not part of the JSON); `level`: a
    severity that departs from the code's usual one (a type mismatch the paper
    expects is a notice); `waiver`: the waiver that accepts this finding.
    """

    code: str
    release: str
    work: str
    license: str | None
    message: str
    works: tuple[str, ...] = ()
    path: tuple[str, ...] = ()
    because: tuple[str, ...] = ()
    right: str | None = None
    activity: str | None = None
    at: str | None = None
    path_elided: int = 0
    group: tuple[str, ...] = ()
    core: tuple = field(default=(), compare=False, repr=False)
    level: str | None = None
    waiver: Waiver | None = None
    folded: tuple[tuple[str, str], ...] = ()

    @property
    def severity(self) -> str:
        """error, warning, notice or restriction."""
        return self.level or SEVERITY_OF[self.code]

    @property
    def is_error(self) -> bool:
        """True for the findings of error severity (waived or not)."""
        return self.severity == "error"

    @property
    def blocks(self) -> bool:
        """True for the findings that make a release non-compliant: errors no waiver accepts."""
        return self.is_error and self.waiver is None

    def sort_key(self) -> tuple:
        """A total order: by severity, code, component, then detail."""
        return (SEVERITIES.index(self.severity), self.code, self.work, self.right or "", self.activity or "",
                self.at or "", self.path)

    def to_json(self) -> dict:
        """The JSON object of this finding (clearance.report/2, without its release)."""
        data = {"code": self.code, "severity": self.severity, "release": self.release, "work": self.work,
                "license": self.license}
        if self.right:
            data["right"] = self.right
        if self.activity:
            data["activity"] = self.activity
        if self.at:
            data["at"] = self.at
        if self.path_elided:
            data["path_elided"] = self.path_elided
        if self.group:
            data["group"] = list(self.group)
            data["count"] = len(self.group)
        data.update({"works": list(self.works), "path": list(self.path), "message": self.message,
                     "because": list(self.because)})
        if self.folded:
            data["folded"] = [{"code": code, "message": message} for code, message in self.folded]
        if self.waiver:
            data["waived"] = {"reason": self.waiver.reason, "until": self.waiver.until,
                              "release": self.waiver.release}
        return data


def one_per_cause(errors: list[Finding]) -> list[Finding]:
    """One cause, one finding: a license that forbids sharing the result of an activity on a work
    (cannot-share) is also why the release lacks the right to distribute it; the
    rights-not-granted error for that right folds into the cannot-share error, its reasons kept."""

    def merge(finding: Finding, extra: list[Finding]) -> Finding:
        because = list(finding.because)
        because += [sentence for f in extra for sentence in f.because if sentence not in because]
        return replace(finding, because=tuple(because), works=_joined_works(finding, extra))

    return _fold_into(errors, "cannot-share",
                      lambda f: f.code == "rights-not-granted" and f.right == "distribute", merge)


def _fold_into(findings: list[Finding], anchor: str, follows: Callable[[Finding], bool],
               merge: Callable[[Finding, list[Finding]], Finding]) -> list[Finding]:
    """The findings, with each one that `follows` from a finding coded `anchor` on the same release
    and work left out and folded into that finding by `merge(anchor_finding, folded)`."""
    anchors = {(f.release, f.work) for f in findings if f.code == anchor}
    kept: list[Finding] = []
    folded: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        key = (finding.release, finding.work)
        if key in anchors and finding.code != anchor and follows(finding):
            folded.setdefault(key, []).append(finding)
        else:
            kept.append(finding)
    return [merge(f, folded[(f.release, f.work)]) if f.code == anchor and (f.release, f.work) in folded else f
            for f in kept]


def _joined_works(finding: Finding, extra: list[Finding]) -> tuple[str, ...]:
    return tuple(sorted({*finding.works, *(w for f in extra for w in f.works)}))


def error_codes(findings: list[Finding]) -> set[str]:
    """The codes of every error the findings report, the folded ones included (`fold_unknown`)."""
    codes = {f.code for f in findings if f.is_error}
    codes |= {code for f in findings for code, _ in f.folded if SEVERITY_OF.get(code) == "error"}
    return codes


def fold_unknown(findings: list[Finding], is_unknown: Callable[[str], bool]) -> list[Finding]:
    """One cause, one finding, for a license nobody knows: it is read as granting nothing, so every
    other error and notice on the same work under that license (no right to use or share, "copyleft",
    "revocable") follows from it alone. Those fold into the work's license-unknown error, which lists
    them (`folded`, and one sentence of its reasons); the verdict does not change. Restrictions (keep
    the license text and notices) stay: they are what to do whatever the license turns out to be."""

    def merge(finding: Finding, extra: list[Finding]) -> Finding:
        return replace(finding, because=(*finding.because, *_folded_sentences(extra)),
                       folded=tuple(dict.fromkeys((f.code, f.message) for f in extra)),
                       works=_joined_works(finding, extra))

    return _fold_into(findings, "license-unknown",
                      lambda f: f.severity in ("error", "notice") and f.license is not None
                      and is_unknown(f.license), merge)


def _folded_sentences(folded: list[Finding]) -> list[str]:
    errors = list(dict.fromkeys(f.code for f in folded if f.is_error))
    notices = list(dict.fromkeys(f.code.replace("-", " ") for f in folded if not f.is_error))
    sentences = []
    if errors:
        sentences.append(f"read as granting nothing, it also blocks the release: {', '.join(errors)} "
                         "(the JSON lists each under 'folded')")
    if notices:
        sentences.append(f"until it is known, it is treated as the most restrictive kind: {', '.join(notices)}")
    return sentences
