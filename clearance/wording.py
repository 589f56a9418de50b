"""Plain words for activities, rights, policies and forms, so that reports read
without a manual."""

from __future__ import annotations

VERBS = {
    "copy": "copied into", "combine": "combined into", "moe": "combined (mixture of experts) into",
    "amalgamate": "amalgamated into", "modify": "modified into", "finetune": "fine-tuned into",
    "merge": "merged into", "augment": "augmented into", "quantize": "quantized into",
    "distill": "distilled into", "generate": "used to generate", "train": "used to train",
    "embed": "embedded into", "translate": "translated into", "use": "used to make",
}
AUX_USES = {
    "distill": "as the teacher to distill", "generate": "to generate", "train": "as training data for",
    "use": "to make",
}
RIGHTS = {
    "use": "the right to use", "modify": "the right to modify", "distribute": "the right to distribute",
    "sublicense": "the right to sublicense", "commercial-use": "commercial use", "patent": "a patent license",
}
POLICIES = {"personal": "kept for personal use", "share": "shared", "sell": "sold"}
FORMS = {"raw": "as raw weights or data", "binary": "as a binary", "saas": "as a service"}
RAW_FORMS = {"data": "as files", "model": "as weights", "software": "as source code"}
TERM_NAMES = {
    "copy": "copying", "use": "use", "combine": "combination", "amalgamate": "amalgamation (modification)",
    "distill": "distillation", "generate": "generation", "train": "training", "embed": "embedding or translation",
}


def released_as(form: str, work_type: str) -> str:
    """The form named for what is released: 'as files' for data (and images), 'as weights' for a
    model, 'as source code' for software; 'as a binary', 'as a service' whatever the type."""
    return RAW_FORMS.get(work_type, FORMS[form]) if form == "raw" else FORMS[form]


def made_from(work: str, target: str, activity: str, role: str, term: str) -> str:
    """'arXiv is translated into arXiv-translated' or 'BLOOM is used as the teacher to distill S'."""
    if role == "aux":
        return f"{work} is used {AUX_USES.get(term, 'to make')} {target}"
    return f"{work} is {VERBS.get(activity, 'used to make')} {target}"


def chain(path: list[str] | tuple[str, ...], elided: int = 0, head: int = 0) -> str:
    """'a -> b -> c', or 'a -> b -> ... (12 more) -> y -> z' when `elided` works were left out
    after the first `head`."""
    if not elided:
        return " -> ".join(path)
    return " -> ".join([*path[:head], f"... ({elided} more)", *path[head:]])
