"""The domain model: licenses and their terms, and the works, steps and
releases of a project. Plain frozen dataclasses; no behaviour beyond lookups."""

from __future__ import annotations

from dataclasses import dataclass, field

RIGHTS = ("use", "modify", "distribute", "sublicense", "commercial-use", "patent")
ROLES = ("mix", "sub", "aux")
SLOTS = ("inputs", "using", "data")
# The readings of the knowledge base: the license texts where they are explicit (the default), or
# the ModelGo paper's case-study reading, departures from the texts included.
READINGS = ("text", "paper")
DEFAULT_READING = "text"


@dataclass(frozen=True)
class Grant:
    """Whether a license grants one right, and the clause that says so."""

    granted: bool
    clause: str


@dataclass(frozen=True)
class Term:
    """What a license says of one activity (section 3.1 of the paper)."""

    activity: str
    result: str
    relicense: str
    clause: str
    shareable: bool = True
    permitted: bool = True
    restrictions: tuple[str, ...] = ()
    obligations: tuple[str, ...] = ()
    by_result_type: dict[str, Term] = field(default_factory=dict, compare=False)
    note: str | None = None
    # Rights the activity also needs when the release it leads to has that policy (CC NonCommercial:
    # training a model that is sold reproduces the material for a commercial purpose).
    needs_for: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    # Term activities through which this term's result carries the work on: a model trained on the
    # output a model generated is a derivative of that model (Gemma s.1.1(e)(iii), OpenRAIL s.1).
    reaches: tuple[str, ...] = ()
    # A term of a license synthesized from an AND expression: each part's license and term.
    parts: tuple[tuple[License, Term], ...] = field(default=(), compare=False)

    def for_result_type(self, work_type: str) -> Term:
        """The term that applies when the result is a work of `work_type`."""
        return self.by_result_type.get(work_type, self)


@dataclass(frozen=True)
class Departure:
    """A point where the paper's reading of a license departs from its text: what each reading
    says (`text`, `paper`), the value each gives the departed keys (`values`, by reading), and
    which reading the body of the license file holds (`used`)."""

    key: str
    text: str
    paper: str
    used: str
    values: dict = field(default_factory=dict, compare=False)
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextChecked:
    """The version of a license's text its file was checked against, where and when."""

    url: str
    date: str
    version: str | None = None


@dataclass(frozen=True)
class License:
    """One license of the knowledge base."""

    id: str
    name: str
    version: str | None
    url: str
    aliases: tuple[str, ...]
    family: str
    copyleft: bool
    types: tuple[str, ...]
    public: bool
    revocable: bool
    direct_licensing: bool
    permits_further_restrictions: bool
    saas_is_distribution: bool
    source_required_for: tuple[str, ...]
    compatible: tuple[str, ...]
    clauses: dict[str, str] = field(compare=False)
    rights: dict[str, Grant] = field(compare=False)
    distribution_obligations: tuple[str, ...] = ()
    distribution_clause: str = ""
    terms: dict[str, Term] = field(default_factory=dict, compare=False)
    departures: tuple[Departure, ...] = ()
    notes: str | None = None
    carries: tuple[str, ...] = ()
    refuses: tuple[str, ...] = ()
    text_checked: TextChecked | None = field(default=None, compare=False)
    # For a license synthesized from an AND expression: the licenses that all apply.
    parts: tuple[License, ...] = field(default=(), compare=False)

    def grants(self, right: str) -> bool:
        """True when the license grants `right`."""
        return self.rights[right].granted


@dataclass(frozen=True)
class ActivityRule:
    """How a project-file activity reaches the works given to it (vocabulary.yaml)."""

    name: str
    inputs_role: str
    terms: dict[str, str]
    using_term: str
    data_term: str

    def term_for(self, slot: str, role: str) -> str:
        """The term activity triggered on a work in `slot` playing `role`."""
        if slot == "using" and role == "aux":
            return self.using_term
        if slot == "data" and role == "aux":
            return self.data_term
        return self.terms[role]


@dataclass(frozen=True)
class Origin:
    """Where a work or step was read from when it did not come from a project file: the card,
    config or BOM file (`path`), the BOM element (`element`, e.g. a bom-ref or SPDX id) and the
    line where it is declared, when known. Renderers point at it; the analysis never reads it."""

    path: str
    element: str | None = None
    line: int | None = None
    note: str | None = None
    column: int | None = None


@dataclass(frozen=True)
class Work:
    """A reused work: a dataset, model or piece of software under a declared license."""

    id: str
    type: str
    license: str
    alternatives: tuple[str, ...]
    form: str = "raw"
    name: str | None = None
    url: str | None = None
    line: int | None = None
    origin: Origin | None = field(default=None, compare=False)
    column: int | None = None
    license_name: str | None = None
    unknown_because: str | None = None  # why a reader could not tell the license (e.g. where it looked)
    granted: tuple[str, ...] = ()  # rights an obtained permission grants beyond the license


@dataclass(frozen=True)
class Permission:
    """A permission asked of (or given by) a work's licensor, beyond its license: the rights it
    grants. Only an `obtained` one counts in the analysis; a `requested` one is a reminder."""

    work: str
    rights: tuple[str, ...]
    status: str = "requested"
    note: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Input:
    """One work given to a step, in a slot (inputs, using, data) and a role (mix, sub, aux)."""

    work: str
    role: str
    slot: str


@dataclass(frozen=True)
class Step:
    """A new work made from others by an activity."""

    id: str
    activity: str
    inputs: tuple[Input, ...]
    type: str
    form: str = "raw"
    license: str | None = None
    line: int | None = None
    origin: Origin | None = field(default=None, compare=False)
    column: int | None = None


@dataclass(frozen=True)
class Release:
    """A planned release of a work: how (policy), in what form, under what license."""

    work: str
    policy: str
    form: str
    license: str | None = None
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Waiver:
    """An accepted risk: findings of `code` on `work` (in the release of `release`, or in every
    release) are shown as waived for `reason` and no longer make a release non-compliant, until
    the date `until` (ISO 8601) passes."""

    code: str
    work: str
    reason: str
    release: str | None = None
    until: str | None = None
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Project:
    """A whole project file: reused works, steps and releases."""

    name: str
    works: dict[str, Work]
    steps: dict[str, Step]
    releases: tuple[Release, ...]
    source: str = "<project>"
    reading: str = DEFAULT_READING
    # Licenses the project adds to the knowledge base: its own custom licenses (the `licenses:`
    # mapping) and those synthesized from AND / WITH expressions; `definitions` is the plain
    # data of the custom ones, as written (to write the project back).
    licenses: dict[str, License] = field(default_factory=dict, compare=False)
    definitions: dict = field(default_factory=dict, compare=False)
    waivers: tuple[Waiver, ...] = ()
    # Problems a reader of cards, configs or BOMs found in the metadata itself (a card and its
    # adapter config naming different bases): (code, work, message), reported as warnings.
    source_warnings: tuple[tuple[str, str, str], ...] = field(default=(), compare=False)
    permissions: tuple[Permission, ...] = ()

    def type_of(self, work_id: str) -> str:
        """The work type (data, model, software) of a work or step result."""
        if work_id in self.works:
            return self.works[work_id].type
        return self.steps[work_id].type

    def form_of(self, work_id: str) -> str:
        """The form (raw, binary, saas) of a work or step result."""
        if work_id in self.works:
            return self.works[work_id].form
        return self.steps[work_id].form
