"""Reassessment diff: what changed between two reports of one vendor, matched by question and document ids."""

import copy
import json

import pytest

from assessor.reassessment import diff_reports, render_word_diff, word_diff


def question(qid, answer, rating, overall, flags=(), claims=(), stale=()):
    return {
        "question_id": qid,
        "category": "Monitoring",
        "question": f"Question {qid}?",
        "answer": answer,
        "rating": rating,
        "overall_score": overall,
        "specificity": {"score": overall},
        "evidence": {
            "score": overall / 2,
            "claim_checks": [
                {"kind": kind, "claim": claim, "status": status, "citation": citation}
                for kind, claim, status, citation in claims
            ],
            "stale_documents": [{"document": doc, "reason": reason} for doc, reason in stale],
        },
        "flags": [{"code": code, "label": code, "reason": ""} for code in flags],
    }


def report(as_of, questions, documents, overall=40.0, categories=None):
    return {
        "provenance": {"as_of": as_of},
        "vendor": "Acme",
        "overall_score": overall,
        "rating": "weak",
        "red_flags": 1,
        "category_scores": categories or {"Monitoring": overall},
        "questions": questions,
        "evidence_documents": documents,
    }


def doc(file, sha, valid_until=""):
    dates = [{"kind": "valid_until", "date": valid_until, "page": 1, "text": ""}] if valid_until else []
    return {"file": file, "sha256": sha, "title": file, "dates": dates}


BEFORE = report(
    "2026-01-10",
    [
        question(
            "MO-01",
            "We review the model quarterly.",
            "weak",
            40.0,
            ["vague"],
            [("cadence", "quarterly", "not_found", ""), ("role", "CTO", "supported", "policy.pdf p.1")],
        ),
        question("MO-02", "", "insufficient", 0.0, ["no_answer"]),
        question("MO-03", "Same words.", "adequate", 60.0),
        question("OLD-01", "Gone.", "weak", 30.0),
    ],
    [doc("policy.pdf", "aaa"), doc("cert.pdf", "bbb", "2026-06-30"), doc("brochure.pdf", "ccc")],
)
AFTER = report(
    "2026-09-01",
    [
        question(
            "MO-01",
            "We review the model monthly, owned by the CTO.",
            "strong",
            80.0,
            ["stale_evidence"],
            [("cadence", "Quarterly ", "supported", "runbook.pdf p.2"), ("role", "CTO", "contradicted", "dpa.pdf p.3")],
            [("cert.pdf", "valid until 2026-06-30, expired before 2026-09-01")],
        ),
        question("MO-02", "Incidents are triaged within 4 hours by the on-call lead.", "adequate", 58.0),
        question("MO-03", "Same words.", "adequate", 60.0),
    ],
    [doc("policy.pdf", "aaa2"), doc("cert.pdf", "bbb", "2026-06-30"), doc("runbook.pdf", "ddd")],
    overall=65.0,
)


def by_id(diff):
    return {change.question_id: change for change in diff.questions}


def test_word_diff_marks_inserted_and_deleted_words():
    segments = word_diff("We review the model quarterly.", "We review the model monthly, owned by the CTO.")
    assert segments == (
        ("equal", "We review the model"),
        ("delete", "quarterly."),
        ("insert", "monthly, owned by the CTO."),
    )
    assert render_word_diff(segments) == "We review the model [-quarterly.-] {+monthly, owned by the CTO.+}"


def test_changed_question_has_its_word_diff_rating_scores_and_flags():
    change = by_id(diff_reports(BEFORE, AFTER))["MO-01"]
    assert change.answer_change == "changed"
    assert ("insert", "monthly, owned by the CTO.") in change.answer_diff
    assert (change.rating_before, change.rating_after, change.rating_direction) == ("weak", "strong", "up")
    assert change.overall.change == 40.0
    assert change.specificity.change == 40.0
    assert change.evidence.change == 20.0
    assert change.flags_new == ("stale_evidence",)
    assert change.flags_resolved == ("vague",)


def test_claims_are_matched_by_kind_and_text():
    change = by_id(diff_reports(BEFORE, AFTER))["MO-01"]
    assert [(c.claim, c.before, c.citation) for c in change.claims_newly_supported] == [
        ("Quarterly ", "not_found", "runbook.pdf p.2")
    ]
    assert [(c.claim, c.before, c.after) for c in change.claims_newly_contradicted] == [
        ("CTO", "supported", "contradicted")
    ]


def test_newly_answered_removed_and_unchanged_questions():
    changes = by_id(diff_reports(BEFORE, AFTER))
    assert changes["MO-02"].answer_change == "answered"
    assert changes["MO-02"].flags_resolved == ("no_answer",)
    assert changes["OLD-01"].presence == "removed"
    assert "MO-03" not in changes
    reverse = by_id(diff_reports(AFTER, BEFORE))
    assert reverse["MO-02"].answer_change == "unanswered"
    assert reverse["MO-01"].rating_direction == "down"


def test_evidence_added_removed_replaced_and_expired():
    documents = {(d.file, d.change) for d in diff_reports(BEFORE, AFTER).documents}
    assert documents == {
        ("policy.pdf", "replaced"),
        ("cert.pdf", "expired"),
        ("runbook.pdf", "added"),
        ("brochure.pdf", "removed"),
    }
    later = copy.deepcopy(AFTER)
    later["evidence_documents"][1] = doc("cert.pdf", "eee", "2029-06-30")
    later["questions"][0]["evidence"]["stale_documents"] = []
    changes = {(d.file, d.change) for d in diff_reports(AFTER, later).documents}
    assert {("cert.pdf", "replaced"), ("cert.pdf", "renewed")} <= changes


def test_overall_and_category_deltas_and_output_forms():
    diff = diff_reports(BEFORE, AFTER)
    assert diff.overall.change == 25.0
    assert [(title, delta.before, delta.after) for title, delta in diff.categories] == [("Monitoring", 40.0, 65.0)]
    data = json.loads(json.dumps(diff.to_dict()))
    assert data["overall_score"] == {"before": 40.0, "after": 65.0, "change": 25.0}
    assert data["questions"][0]["answer_diff"][1] == ["delete", "quarterly."]
    lines = "\n".join(diff.lines())
    assert "MO-01: rating up, weak -> strong" in lines
    assert "MO-01: new flag: stale evidence" in lines  # the vocabulary's label, not the code
    assert "evidence replaced: policy.pdf" in lines
    assert "evidence expired: cert.pdf (valid until 2026-06-30, expired before 2026-09-01)" in lines


def test_identical_reports_have_no_changes():
    diff = diff_reports(BEFORE, copy.deepcopy(BEFORE))
    assert diff.unchanged
    assert diff.lines()[-1] == "no changes"


@pytest.mark.slow
def test_real_reports_weak_vendor_to_strong_answers(brightpath, northwind):
    from assessor.exports import report_dict

    before = report_dict(brightpath)
    after = report_dict(northwind)
    diff = diff_reports(before, after)
    change = by_id(diff)["HR-01"]
    assert change.answer_change == "changed"
    assert ("delete", "We take") in change.answer_diff
    assert change.rating_direction == "up"
    assert "vague" in change.flags_resolved
    assert change.claims_newly_supported
    kinds = {d.change for d in diff.documents}
    assert kinds == {"added", "removed"}
    assert diff.overall.change == pytest.approx(after["overall_score"] - before["overall_score"], abs=0.1)
    json.dumps(diff.to_dict())
    assert diff_reports(before, json.loads(json.dumps(before))).unchanged
