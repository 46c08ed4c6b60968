"""Follow-up questions to the vendor: a few per answer, the most serious first, in plain language.

The order is what an analyst would send first:

1. each contradiction between the answer and a document the vendor sent (quoting both, citing the page);
2. a rewrite, when the text does not stand as an answer (off topic, pasted under other questions, or a
   restatement of the question);
3. the key claims no document shows (named, asking for the document that states them), and references to
   documents or sections that were not provided;
4. what the question asks for and the answer lacks (owner, cadence, threshold ...);
5. only if room is left: out-of-date documents, and the kinds of document the question expects but none was sent.

At most ``followups.max_per_question`` (scoring/defaults.yaml) are kept. The asks never name clause ids or
titles of the standard (the clauses an answer misses are exported separately), and never ask for what the
answer already gives: process steps written as "Step 1 ... Step 2", a numbered or bulleted list, or
"first ... then ... finally" are recognised here even where the specificity signal misses them.
The result depends only on the arguments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from scoring.config import load_config
from scoring.signals.positive import gives_steps
from scoring.vocabulary import FLAGS

CRITERION_ASKS = {
    "owner": "Name the person or role accountable for this, and who they report to.",
    "metric": "Which metric do you measure for this, and how is it calculated?",
    "threshold": "What exact threshold or limit triggers action (for example a review, escalation or rollback)?",
    "cadence": "How often does this happen (for example monthly or quarterly), and when did it last happen?",
    "time_frame": "What is the committed time frame or deadline (in hours or days)?",
    "named_document": "Which document governs this? Give its title, id, version and the section.",
    "scope": "Which products, systems, regions and customers does this cover, and what is excluded?",
    "quantity": "Give the concrete numbers (for example how many reviews, tests, people or findings).",
    "process_steps": "Walk us through the steps of the process, in order, with who does each step.",
}
EVIDENCE_NOUNS = {
    "policy": "the policy",
    "procedure": "the procedure or runbook",
    "plan": "the plan",
    "certificate": "the current certificate",
    "contract": "the contract clause (DPA or terms)",
    "report": "the audit or assessment report",
}
# Answers that cannot be assessed as they stand: the one ask is to answer again.
_ONLY_ASK = ("no_answer", "not_english")
# The rewrite ask when the text does not stand as an answer to this question; the first present is sent.
_REWRITE = ("off_topic", "duplicate_answer", "parrots_standard")
MAX_CLAIMS_NAMED = 3
_CONTEXT_WORDS = 6  # words of the answer shown before a short claim ("rolls back within | 4 hours")
_QUOTE_WORDS = 40  # an evidence sentence or a whole-sentence claim is quoted up to this many words
_LEADING_LINKS = {"and", "or", "but", "then", "so", "which", "that"}


def follow_ups(
    *,
    question_text: str,
    flags: Sequence[str],
    answer: str = "",
    missed_criteria: Sequence[str] = (),
    contradictions: Sequence[tuple[str, str, str]] = (),
    unsupported: Sequence[str] = (),
    unsupported_statements: Sequence[str] = (),
    unverified: bool = False,
    missing_references: Sequence[tuple[str, str]] = (),
    cites_documents: bool = False,
    stale: Sequence[tuple[str, str]] = (),
    missing_types: Sequence[str] = (),
    limit: int | None = None,
) -> list[str]:
    """The questions to send back for one answer, most serious first, without repeats.

    ``contradictions``: (the answer's claim, citation, the evidence sentence). ``unsupported``: typed claims
    (numbers, durations, names, ids ...) no document states; ``unsupported_statements``: whole sentences no
    document supports, asked about only when the answer is specific but ``unverified``.
    ``missing_references``: (the vendor's reference, the document it resolved to or "" when none did).
    ``cites_documents``: the vendor named documents for this answer (the evidence column), so "which document
    governs this?" is not asked. ``stale``: (document, why it is out of date). ``limit``: most asks kept;
    None reads ``followups.max_per_question`` from the packaged defaults.
    """
    limit = default_limit() if limit is None else max(0, int(limit))
    codes = set(flags)
    for code in _ONLY_ASK:
        if code in codes:
            return [FLAGS[code].ask(question=question_text)][:limit]
    tiers = [
        _contradiction_asks(contradictions, answer),
        [FLAGS[code].ask(question=question_text) for code in _REWRITE if code in codes][:1],
        [] if "off_topic" in codes else _claim_asks(answer, unsupported, unsupported_statements, unverified),
        [] if "off_topic" in codes else [_reference_ask(ref, doc) for ref, doc in missing_references],
        _criterion_asks(answer, missed_criteria, cites_documents, "vague" in codes),
        _stale_ask(stale),
        _evidence_type_ask(missing_types),
    ]
    asks = list(dict.fromkeys(ask for tier in tiers for ask in tier))
    return asks[:limit]


@lru_cache(maxsize=1)
def default_limit() -> int:
    """``followups.max_per_question`` of the packaged scoring defaults."""
    return int(load_config()["followups"]["max_per_question"])


def _contradiction_asks(contradictions: Sequence[tuple[str, str, str]], answer: str) -> list[str]:
    """One ask per contradicted claim, quoting every document passage that says otherwise."""
    by_claim: dict[str, list[tuple[str, str]]] = {}
    for claim, citation, evidence_text in contradictions:
        quote = (citation, _shorten(evidence_text))
        if quote not in by_claim.setdefault(claim, []):
            by_claim[claim].append(quote)
    definition = FLAGS["contradicted_by_evidence"]
    asks = []
    for claim, quotes in by_claim.items():
        shown = _in_context(claim, answer)
        if len(quotes) == 1:
            (citation, text), *_ = quotes
            asks.append(definition.ask(claim=shown, citation=citation, evidence=text))
        else:
            by_citation: dict[str, list[str]] = {}
            for citation, text in quotes:
                by_citation.setdefault(citation, []).append(f'"{text}"')
            listed = ", and ".join(f"{citation} says: {_join(texts)}" for citation, texts in by_citation.items())
            asks.append(definition.ask("several", claim=shown, quotes=listed))
    return asks


def _claim_asks(answer: str, typed: Sequence[str], statements: Sequence[str], unverified: bool) -> list[str]:
    """One ask naming the answer's key unsupported claims: its typed facts, else (for a specific answer whose
    claims the evidence does not verify) its sentences."""
    claims = list(typed) or (list(statements) if unverified else [])
    named = list(dict.fromkeys(_in_context(claim, answer) for claim in claims))[:MAX_CLAIMS_NAMED]
    if not named:
        return []
    template = "one" if len(named) == 1 else "several"
    return [FLAGS["unsupported_claim"].ask(template, claims=_join_quoted(named))]


def _reference_ask(reference: str, document: str) -> str:
    definition = FLAGS["reference_not_found"]
    reference = " ".join(reference.split())
    if document:
        return definition.ask("missing_section", reference=reference, document=document)
    return definition.ask("missing_document", reference=reference)


def _criterion_asks(answer: str, missed: Iterable[str], cites_documents: bool, vague: bool) -> list[str]:
    asks = []
    for name in missed:
        if name == "process_steps" and gives_steps(answer):
            continue
        if name == "named_document" and cites_documents:
            continue
        if name in CRITERION_ASKS:
            asks.append(CRITERION_ASKS[name])
    if not asks and vague:
        asks.append(FLAGS["vague"].ask())
    return asks


def _stale_ask(stale: Sequence[tuple[str, str]]) -> list[str]:
    documents = list(dict.fromkeys(stale))
    if not documents:
        return []
    definition = FLAGS["stale_evidence"]
    if len(documents) == 1:
        (document, reason), *_ = documents
        return [definition.ask("one", document=document, reason=reason)]
    return [definition.ask("several", documents="; ".join(f"{doc} ({reason})" for doc, reason in documents))]


def _evidence_type_ask(kinds: Sequence[str]) -> list[str]:
    nouns = list(dict.fromkeys(EVIDENCE_NOUNS.get(kind, kind) for kind in kinds))
    if not nouns:
        return []
    return [f"Please attach {_join(nouns)} that {'covers' if len(nouns) == 1 else 'cover'} this."]


def _in_context(claim: str, answer: str) -> str:
    """A short claim with the words before it in its clause ("4 hours" -> "rolls back within 4 hours"), so the
    vendor sees what it refers to; a long claim (a whole sentence) is quoted as it is, shortened."""
    claim = " ".join(claim.split())
    if len(claim.split()) > 4:
        return _shorten(claim, 25)
    at = answer.find(claim) if claim else -1
    if at < 0:
        return claim
    clause = _CLAUSE_BREAK.split(answer[:at])[-1]  # within its clause, and not reaching back into a list's items
    lead = clause.split()[-_CONTEXT_WORDS:]
    while lead and lead[0].casefold() in _LEADING_LINKS:
        lead = lead[1:]
    return " ".join([*lead, claim])


def _shorten(text: str, words: int = _QUOTE_WORDS) -> str:
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " \u2026"


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _join_quoted(items: Sequence[str]) -> str:
    return _join([f"'{item}'" for item in items])


_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]\n]|,\s|\s(?:and|or)\s")
