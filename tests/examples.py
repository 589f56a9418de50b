"""One table of the paper's case studies and what the paper reports for each,
reused by the golden, determinism and CLI tests (in the manner of pysmt's
test examples). Each error is (code, component, right or activity or None).

Where the paper names a finding, it is listed here; the engine must compute it.
`errors` is the complete set of errors (no more, no fewer); warnings, notices
and restrictions list what the paper reports (the report may hold more, e.g.
rights-not-explicit warnings the paper does not discuss)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@dataclass(frozen=True)
class PaperCase:
    name: str
    file: str
    compliant: bool
    licenses: dict[str, str | None]
    errors: set[tuple[str, str, str | None]]
    warnings: set[tuple[str, str]] = field(default_factory=set)
    notices: set[tuple[str, str]] = field(default_factory=set)
    restrictions: set[tuple[str, str]] = field(default_factory=set)
    # Derived works whose license a conflict blocks, and the license the paper still gives them (the
    # largest consistent part of the terms requires it; reported as conflicting).
    conflicting: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return EXAMPLES / "paper" / self.file


PAPER_CASES = [
    PaperCase(
        "I(a)", "case1a-corpus-combination.yaml", False,
        # "the translated arXiv and Stack Exchange corpora remain under the original copyleft CC ShareAlike
        # licenses ... the proliferation extended to the final work and force it to be licensed under LGPL-LR"
        {"arXiv-translated": "CC-BY-NC-SA-4.0", "StackExchange-translated": "CC-BY-SA-4.0", "corpus": "LGPLLR"},
        # "The first error arises from the CC-BY-NC-SA-4.0 license of the translated arXiv, which doesn't grant
        # the right of commercial use" (footnote 12: also from Deep-sequoia and arXiv); "the redistribution rights
        # of final work are not granted to comply with FreeLaw's CC-BY-ND-4.0 license".
        {("rights-not-granted", "arXiv", "commercial-use"), ("rights-not-granted", "Deep-sequoia", "commercial-use"),
         ("rights-not-granted", "FreeLaw", "distribute")},
        notices={("revocable", "Deep-sequoia")},
        restrictions={("state-changes", "arXiv"), ("include-license", "FreeLaw"), ("include-notice", "FreeLaw")},
    ),
    PaperCase(
        "I(b)", "case1b-corpus-with-translator.yaml", False,
        # "the final work in CASE I(b) is licensed under another copyleft license GPL-3.0 from Big Translate"
        {"Deep-sequoia-translated": "LGPLLR", "PubMed-translated": "CC-BY-NC-ND-4.0", "bundle": "GPL-3.0-only"},
        # "besides the rights not granted error arising from CC-BY-NC-ND-4.0, this non-public license also
        # explicitly prohibits any form of sharing derivatives, resulting in a cannot share error"
        # One cause, one finding: the missing right to distribute PubMed's translation is the cannot-share
        # error itself (the same clauses), so it is not a second rights-not-granted error (issue 14).
        {("rights-not-granted", "PubMed", "commercial-use"),
         ("cannot-share", "PubMed", "embed"), ("rights-not-granted", "Deep-sequoia", "commercial-use")},
        notices={("copyleft", "BigTranslate")},
    ),
    PaperCase(
        "II(a)", "case2a-moe-saas.yaml", False,
        # BERT "can be relicensed to Unlicense"; the final work's license cannot be determined (conflict).
        {"BERT-tuned": "Unlicense", "experts": None},
        # "an license incompatibility error is reported when we combine Baize and BLOOM using MoE"
        {("license-incompatible", "BLOOM", None)},
        # "the final work released as SaaS should remain open source ... to comply with GPL-3.0"
        warnings={("disclose-source", "Baize")},
        restrictions={("use-restrictions", "BLOOM")},
        # "The final work's license is proliferated to GPL-3.0 from Baize, as in CASE I (b)"; BLOOM's
        # restrictions "can conflict with GPL-3.0".
        conflicting={"experts": "GPL-3.0-only"},
    ),
    PaperCase(
        "II(b)", "case2b-moe-noderivs.yaml", False,
        {"MaskFormer-tuned": "CC-BY-NC-4.0", "experts": "Unlicense"},
        # "the final work cannot be shared ... if the project includes CC NoDerivs licenses, as these licenses
        # do not grant redistribution rights to the licensee"
        {("rights-not-granted", "I2VGen-XL", "distribute")},
    ),
    PaperCase(
        "III", "case3-generation-pipeline.yaml", True,
        {"lyrics": "Unlicense", "prompts": "Unlicense", "images": "Unlicense", "videos": "Unlicense"},
        # "there is one restriction from OpenRAIL-M"
        set(),
        restrictions={("use-restrictions", "Stable-Diffusion")},
    ),
    PaperCase(
        "IV(a)", "case4a-distill-and-fuse.yaml", False,
        # "the final work should be under a CC-BY-NC-4.0, the same as Mask Former"
        {"X-Clip-distilled": "Unlicense", "fused": "CC-BY-NC-4.0"},
        # "the amalgamated result face a no commercial rights error when commercialized"
        {("rights-not-granted", "MaskFormer", "commercial-use")},
    ),
    PaperCase(
        "IV(b)", "case4b-distill-and-fuse-nlp.yaml", False,
        {"BERT-distilled": "Unlicense", "fused": None},
        # "two errors all detected from Llama2": incompatibility with GPL-3.0, and no sublicense right
        {("license-incompatible", "Llama2", None), ("rights-not-granted", "Llama2", "sublicense")},
        notices={("revocable", "Llama2")},
        restrictions={("use-restrictions", "BLOOM"), ("use-restrictions", "Llama2")},
        # "The first error is the license incompatibility between its use limitations terms and the GPL-3.0":
        # the fused model's license is GPL-3.0 (from BigTranslate), which Llama 2's terms conflict with.
        conflicting={"fused": "GPL-3.0-only"},
    ),
    PaperCase(
        "V", "case5-remix-data.yaml", False,
        # the remix of CC-BY-NC-4.0 and CC-BY-NC-SA-4.0 "can be relicensed to CC-BY-NC-SA-4.0"; the remix with
        # Vimeo is "governed by CC-BY-NC-ND-4.0, which is responsible for almost all errors"
        {"remix-images": "CC-BY-NC-SA-4.0", "remix-videos": "CC-BY-NC-ND-4.0", "collection": "Unlicense"},
        # (the missing right to distribute Vimeo's remix folds into the cannot-share error, as in I(b))
        {("cannot-share", "Vimeo", "amalgamate")},
        restrictions={("use-restrictions", "Stable-Diffusion")},
    ),
    PaperCase(
        "V, remix with Wikimedia", "case5-variant-wikimedia-remix.yaml", False,
        {"remix-images": None, "collection": "Unlicense"},
        # "A conflict due to multiple copyleft licenses will arise if we attempt to further remix with Wikimedia"
        {("license-incompatible", "Thingiverse", None), ("license-incompatible", "Midjourney-Gen", None),
         ("rights-not-granted", "Vimeo", "distribute")},
    ),
    PaperCase(
        "V, relicensing Wikimedia", "case5-variant-wikimedia-relicense.yaml", False,
        {"Wikimedia-augmented": "CC-BY-SA-4.0"},
        # "there will be a cannot relicense issue if we attempt to augment Wikimedia and relicense it"
        {("cannot-relicense", "Wikimedia", None)},
    ),
]
