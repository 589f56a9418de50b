"""Z3 encodings of a project: the only place clearance creates Z3 symbols.

Every constraint a finding may rest on is tracked under a `Label`."""

from clearance.encodings.labels import GOAL_KINDS, KNOWLEDGE_KINDS, Label
from clearance.encodings.release import ReleaseEncoding, encode_release

__all__ = ["GOAL_KINDS", "KNOWLEDGE_KINDS", "Label", "ReleaseEncoding", "encode_release"]
