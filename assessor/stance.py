"""A sentence's stance on what it describes: denied, claimed without exception, optional or limited, or not
yet in place.

Two sentences on the same topic conflict when their stances do: "staff cannot access conversations"
against "support engineers may access conversations" (one denies what the other allows); "users are
always told" against "disclosure is optional" (a rule without exception against an option); "drift
monitoring is live" against "drift monitoring is being piloted" (in place against not yet). Whether the
topic is the same is decided elsewhere (shared words and meaning); this module reads the words of stance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assessor.commitments import NEGATION

WITHOUT = re.compile(r"\bwithout\b", re.I)
# A negation that sets a limit denies nothing: "no later than 24 hours", "not more than three".
LIMIT = re.compile(
    r"\b(?:no|not)\s+(?:later|more|longer|less|fewer|earlier)\s+than\b|\bnot\s+(?:exceed\w*|beyond)\b", re.I
)
UNIVERSAL = re.compile(
    r"\b(?:always|all|every|each|entire(?:ly)?|fully|without\s+exception|mandatory|must|required|enforced|"
    r"in\s+(?:every|all)\s+cases)\b|\b100\s?%",
    re.I,
)
OPTIONAL = re.compile(
    r"\b(?:optional(?:ly)?|depend(?:s|ing)?\s+on|configurable|opt(?:-|\s)?in|on\s+request|"
    r"at\s+(?:the|their|its|each)\s+(?:[\w']+\s+)?discretion|(?:switched|turned)\s+off|disabled|by\s+default|"
    r"(?:may|can)\s+(?:choose|elect|decide)|if\s+enabled|where\s+enabled|only\s+(?:if|when|where|for|on|in)|"
    r"[a-z]+\s+only)\b",
    re.I,
)
NOT_IN_PLACE = re.compile(
    r"\b(?:pilot(?:ed|ing|s)?|trial(?:led|ling|s)?|not\s+yet|yet\s+to|scheduled\s+(?:for|to)|planned|"
    r"proof[- ]of[- ]concept|in\s+development|being\s+(?:developed|rolled\s+out|introduced|piloted|trialled|built))\b",
    re.I,
)


# Each way two stances conflict: code -> what the evidence does, in the explanation's words.
CONFLICTS = {
    "denies": "denies what the answer states",
    "allows": "allows what the answer denies",
    "optional": "makes optional or limited what the answer states without exception",
    "not_in_place": "says is not yet in place what the answer states as current practice",
}
# The conflicts that hold whatever else the two sentences say: the practice is denied or does not exist yet.
ABSENT = ("denies", "not_in_place")


@dataclass(frozen=True)
class Stance:
    negative: bool  # denies: not, never, no, cannot, without
    universal: bool  # claims no exception: always, all, every, mandatory
    optional: bool  # an option, a default or a limited scope: optional, depends on, by default, "... only"
    not_in_place: bool  # a pilot, a schedule or a plan, not a working practice

    def conflict(self, evidence: Stance) -> str:
        """How ``evidence`` (a sentence on the same topic) contradicts a claim with this stance: a key of
        ``CONFLICTS``, or ''."""
        if self.negative != evidence.negative:
            return "denies" if evidence.negative else "allows"
        if self.negative:
            return ""
        if self.universal and evidence.optional and not self.optional:
            return "optional"
        if evidence.not_in_place and not self.not_in_place:
            return "not_in_place"
        return ""


def stance_of(text: str) -> Stance:
    unlimited = LIMIT.sub(" ", text)
    return Stance(
        negative=bool(NEGATION.search(unlimited) or WITHOUT.search(unlimited)),
        universal=bool(UNIVERSAL.search(text)),
        optional=bool(OPTIONAL.search(text)),
        not_in_place=bool(NOT_IN_PLACE.search(text)),
    )
