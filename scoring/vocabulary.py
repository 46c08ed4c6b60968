"""The one vocabulary of flags: each flag's code, label, plain-language explanation and follow-up wording.

Every layer reads this registry: scoring sets ``Flag(code, reason)`` with a code defined here,
follow-ups word their asks from the templates here, and the exports and the app show the labels
and explanations here. A flag is added by adding one entry; nothing else keeps its own copy.

Follow-up templates are ``str.format`` strings; the fields each template takes are named in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class FlagDefinition:
    code: str
    label: str  # short, for tables, filters and badges
    explanation: str  # what the flag means, for an analyst who has not read the code
    follow_ups: Mapping[str, str] = field(default_factory=dict)  # named templates of the ask to the vendor

    def ask(self, template: str = "default", **fields: object) -> str:
        """The follow-up question to the vendor, from the named template filled with ``fields``."""
        return self.follow_ups[template].format(**fields)


def _define(*definitions: FlagDefinition) -> Mapping[str, FlagDefinition]:
    registry = {definition.code: definition for definition in definitions}
    if len(registry) != len(definitions):
        raise ValueError("a flag code is defined twice")
    return MappingProxyType(registry)


# In display order: the order of the filters in the app and of the red-flag table.
FLAGS: Mapping[str, FlagDefinition] = _define(
    FlagDefinition(
        "no_answer",
        "no answer",
        "The question was left blank or answered with a non-answer such as 'Yes', 'N/A' or 'See attached'.",
        {"default": "Please answer this question in full: {question}"},
    ),
    FlagDefinition(
        "vague",
        "vague",
        "The answer is too general to assess: it names few concrete facts (owners, numbers, deadlines, "
        "documents, steps).",
        {
            "default": "Please describe concretely what you do: who is responsible, what happens and how often, "
            "and which document sets it out."
        },
    ),
    FlagDefinition(
        "off_topic",
        "off topic",
        "The answer does not address the question that was asked.",
        {"default": "Your answer does not address the question. Please answer it: {question}"},
    ),
    FlagDefinition(
        "unsupported_claim",
        "unsupported claim",
        "The answer states facts that none of the documents provided shows, or cites a document that was not provided.",
        {
            "one": "Which document states {claims}? Please attach it and give the page or section.",
            "several": "Which documents state {claims}? Please attach them and give the page or section for each.",
        },
    ),
    FlagDefinition(
        "reference_not_found",
        "reference not found",
        "The answer or its evidence column points to a document or section (for example 'see policy section 4') "
        "that is not among the documents provided, or the document has no such section.",
        {
            "missing_document": "You refer to '{reference}', but it is not among the documents you sent. "
            "Please attach it.",
            "missing_section": "You refer to '{reference}', but {document} has no such section. Which section or "
            "page covers this?",
        },
    ),
    FlagDefinition(
        "contradicted_by_evidence",
        "contradicted by evidence",
        "A document the vendor provided says something different from the answer.",
        {
            "default": "Your answer says '{claim}', but {citation} says: \"{evidence}\". Which is correct?",
            "several": "Your answer says '{claim}', but {quotes}. Which is correct?",  # quotes: X says: "...", and ...
        },
    ),
    FlagDefinition(
        "stale_evidence",
        "stale evidence",
        "A document backing the answer is out of date by its own validity: expired, overdue for review, or "
        "older than the configured maximum age.",
        {
            "one": "{document} is out of date ({reason}). Please send the current version.",
            "several": "These documents are out of date: {documents}. Please send the current versions.",
        },
    ),
    FlagDefinition(
        "parrots_standard",
        "parrots the standard",
        "The answer mostly restates the question or the standard instead of describing what the vendor does.",
        {
            "default": "Describe what you actually do, in your own words, rather than restating the question or "
            "standard."
        },
    ),
    FlagDefinition(
        "duplicate_answer",
        "duplicate answer",
        "The same text was given as the answer to other questions.",
        {
            "default": "This answer is the same text as your answer to another question; answer this question "
            "specifically."
        },
    ),
    FlagDefinition(
        "unmatched_answer",
        "matches no question",
        "An answer row in the vendor's file that matches no question of the questionnaire.",
        {"default": "This answer matches no question in our questionnaire; tell us which question it answers."},
    ),
    FlagDefinition(
        "not_english",
        "not in English",
        "The answer appears to be in another language, so it could not be assessed.",
        {"default": "Please provide this answer in English so it can be assessed; keep the original alongside."},
    ),
)
FLAG_CODES: tuple[str, ...] = tuple(FLAGS)

# A question's ratings, best first (the bands of the ``rating`` config section); an analyst may override with these.
RATINGS: tuple[str, ...] = ("strong", "adequate", "weak", "insufficient")


def flag_label(code: str) -> str:
    """The flag's short label; an unknown code is shown as its words."""
    definition = FLAGS.get(code)
    return definition.label if definition else code.replace("_", " ")


def flag_explanation(code: str) -> str:
    definition = FLAGS.get(code)
    return definition.explanation if definition else ""
