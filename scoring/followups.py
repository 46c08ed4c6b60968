"""Follow-up questions: concrete asks generated from what an answer is missing or gets wrong."""

from __future__ import annotations

from question_bank import Catalog

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


def follow_ups(
    *,
    question_text: str,
    flags: list[str],
    missed_criteria: list[str],
    contradictions: list[tuple[str, str, str]],
    unsupported: list[str],
    unverified: bool,
    stale: list[tuple[str, str]],
    missing_types: list[str],
    missing_clauses: list[str],
    catalog: Catalog,
) -> list[str]:
    """Questions to send back to the vendor, most serious first, without repeats."""
    asks: list[str] = []
    if "no_answer" in flags:
        asks.append(f"Please answer this question in full: {question_text}")
    for claim, citation, evidence_text in contradictions:
        quoted = " ".join(evidence_text.split())
        asks.append(f"Your answer says '{claim}', but {citation} says: \"{quoted}\". Which is correct?")
    for doc, reason in stale:
        asks.append(f"{doc} is out of date ({reason}). Please send the current version.")
    if "duplicate_answer" in flags:
        asks.append(
            "This answer is the same text as your answer to another question; answer this question specifically."
        )
    if "not_english" in flags:
        asks.append("Please provide this answer in English so it can be assessed; keep the original alongside.")
    if "off_topic" in flags:
        asks.append(f"Your answer does not address the question. {question_text}")
    if "parrots_standard" in flags:
        asks.append("Describe what you actually do, in your own words, rather than restating the question or standard.")
    asks += [CRITERION_ASKS[name] for name in missed_criteria if name in CRITERION_ASKS]
    if unverified and unsupported:
        named = "; ".join(f"'{claim}'" for claim in unsupported[:4])
        asks.append(
            f"None of the documents provided shows what your answer states ({named}). Please attach the documents "
            "that do, with the page or section for each."
        )
    else:
        for claim in unsupported[:3]:
            asks.append(f"Which document shows '{claim}'? Please attach it and give the page or section.")
    for kind in missing_types:
        asks.append(f"Please attach {EVIDENCE_NOUNS.get(kind, kind)} that covers this.")
    for node_id in missing_clauses[:2]:
        node = catalog.get(node_id)
        asks.append(f"How do you address ISO/IEC 42001 {node.id} ({node.title}) for this?")
    return list(dict.fromkeys(asks))
