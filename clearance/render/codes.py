"""What each finding code means, in words: a short and a full description and the
help (what to do about it). SARIF rules, the text report's fix hints and the
markdown report read them from here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodeText:
    """The words of one finding code."""

    short: str
    full: str
    help: str


CODES: dict[str, CodeText] = {
    "rights-not-granted": CodeText(
        "A license does not grant a right the project needs",
        "A component's license does not grant a right (commercial use, distribution, sublicensing, ...) that "
        "the release, or an activity on the way to it, needs.",
        "Replace the component, obtain the right from its licensor (then waive the finding), or release "
        "differently; `clearance suggest` lists verified fixes."),
    "cannot-share": CodeText(
        "The result of an activity may not be shared",
        "A component's license forbids sharing what an activity (translation, modification, ...) made from it, "
        "and the release shares it.",
        "Keep the result for personal use, reuse the component without that activity, or replace it; "
        "`clearance suggest` lists verified fixes."),
    "cannot-relicense": CodeText(
        "A work cannot go under the intended license",
        "The licenses a work is made from do not allow the license intended for it or for the release.",
        "Choose a license the components allow (`clearance suggest` ranks them), or replace the component "
        "that forbids the intended one."),
    "license-incompatible": CodeText(
        "Licenses conflict",
        "The licenses of the components of a work require terms no single license can meet: the work "
        "cannot be licensed at all.",
        "Remove or replace one of the conflicting components; `clearance explain` shows the whole conflict."),
    "rights-not-explicit": CodeText(
        "A license does not say whether an activity is allowed",
        "A component's license is silent on an activity the project performs on it (e.g. training on it).",
        "Read the license on this point or ask its licensor; the reading used is in docs/interpretation.md."),
    "license-type-mismatch": CodeText(
        "A license is written for another kind of work",
        "A component is under a license written for another type of work (a software license on a model or a "
        "dataset, a content license on software), so its terms map onto the component only by analogy.",
        "Check how the license's terms apply to this kind of work; for a software license on model weights "
        "this is common and usually expected."),
    "disclose-source": CodeText(
        "The release must come with its source",
        "A copyleft component requires the source of the released work to be offered in this form of release.",
        "Offer the complete corresponding source with the release, or release it in another form."),
    "copyleft": CodeText(
        "A copyleft license",
        "A component is under a copyleft license: works made from it must stay under the same or a "
        "compatible license.",
        "Keep the release under a license the copyleft allows."),
    "revocable": CodeText(
        "A revocable grant",
        "The rights a component's license grants can be withdrawn by the licensor.",
        "Keep a record of the terms you relied on, and a way to replace the component."),
    "not-public": CodeText(
        "Not a public license",
        "A component's license is not offered to the public at large (e.g. it needs an application or "
        "an acceptance of terms).",
        "Make sure you accepted its terms and may pass them on."),
    "state-changes": CodeText(
        "State the changes", "The license requires the changes made to the component to be stated.",
        "Ship a note of what was changed with the release."),
    "include-license": CodeText(
        "Include the license text", "The license requires its text to ship with the release.",
        "Ship the license text with the release (`clearance notice` writes the notice file)."),
    "include-notice": CodeText(
        "Keep the notices", "The license requires copyright, attribution and other notices to be kept.",
        "Copy the component's notices into the release (`clearance notice` writes the notice file)."),
    "use-restrictions": CodeText(
        "Use restrictions", "The license restricts how the work and what is made from it may be used.",
        "Pass the use restrictions on to the users of the release."),
    "runtime-restrictions": CodeText(
        "Runtime restrictions", "The license restricts how the work may be run or served.",
        "Meet the runtime conditions wherever the release runs."),
    "pass-on-terms": CodeText(
        "Pass the terms on",
        "The license requires whoever receives the release (or what is made from the component) to get its "
        "terms, and any use policy, as part of the release.",
        "Ship the license agreement and its use policy with the release, and make them binding on its users."),
    "attribution-display": CodeText(
        "Display the attribution",
        "The license requires a notice (such as \"Built with Llama\") to be shown prominently with the "
        "release or the product around it.",
        "Display the attribution the license words, where its text says (website, user interface, docs)."),
    "name-prefix": CodeText(
        "Name the derived model as the license says",
        "The license requires a model made from the component and made available to carry a name that "
        "begins as the license says.",
        "Rename the released model as the license requires."),
    "user-threshold": CodeText(
        "A user threshold needs a separate license",
        "Above the number of users the license names, the license grants nothing and a separate license "
        "from its licensor is needed.",
        "Check the product's users against the threshold; above it, obtain a license from the licensor."),
    "license-unknown": CodeText(
        "A license nobody knows",
        "A component's license is not known (declared as unknown, other or NOASSERTION, or its card was not "
        "found): it is read as granting nothing, so the release cannot be shown to be allowed.",
        "Declare the component's license (a known id, or your own under 'licenses:'), or point "
        "`--hf-cache DIR` at the cache that holds its card; then check again."),
    "metadata-mismatch": CodeText(
        "Metadata disagree",
        "Two sources of metadata for one work (a card and the files beside it) name different bases or "
        "licenses; both are taken into account.",
        "Correct the card or the file that is wrong, so that both say the same."),
    "waiver-expired": CodeText(
        "A waiver has expired",
        "A waiver of the project file is past its `until` date: it waives nothing any more.",
        "Review the risk again, then renew the waiver's date or remove it."),
    "waiver-unused": CodeText(
        "A waiver matches no finding",
        "A waiver of the project file matches no finding: its code, work or release may be wrong, or the risk "
        "has gone.",
        "Correct the waiver or remove it."),
}


def text_of(code: str) -> CodeText:
    """The words of `code`. Every code of `clearance.findings.SEVERITY_OF` is described (a test holds
    it); a code added elsewhere and not described yet gets a generic text."""
    return CODES.get(code, CodeText(code.replace("-", " "), code.replace("-", " "), "See the README."))
