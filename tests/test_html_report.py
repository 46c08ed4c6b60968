"""The HTML report: self-contained (loads nothing), escaped, with the analyst's ratings and decision."""

import re

import pytest

from assessor.app_server import CHROMIUM, chromium
from assessor.html_report import render_report

# A resource the page would load: src=, href=, url(...), @import, or any attribute naming a remote address.
REMOTE = re.compile(r"""(?:\b(?:src|href|srcset|xlink:href|action)\s*=\s*["']?|url\(\s*["']?|@import\s+["']?)""")
HOSTILE = '<script>alert("x")</script>'

REPORT = {
    "provenance": {"as_of": "2026-11-26", "generated_at": "2026-11-26T10:00:00+00:00", "tool": "ai-vendor-assessor"},
    "vendor": f"Acme {HOSTILE}",
    "overall_score": 47.5,
    "rating": "weak",
    "red_flags": 1,
    "answered": 2,
    "unanswered": 0,
    "category_scores": {"Incident response": 62.0, "Data <retention>": 33.0},
    "notes": ["row 4: matched by question text"],
    "questions": [
        {
            "question_id": "IR-01",
            "category": "Incident response",
            "question": "How do you respond to AI incidents?",
            "weight": 2.0,
            "answer": f"We page the on-call lead within 4 hours. {HOSTILE} See https://evil.example/x.js",
            "answer_row": 3,
            "rating": "adequate",
            "overall_score": 62.0,
            "specificity": {"score": 70.0},
            "evidence": {
                "score": 55.0,
                "claim_checks": [
                    {
                        "kind": "duration",
                        "claim": "within 4 hours",
                        "status": "supported",
                        "citation": "NW-IRP-002.pdf p.3",
                        "authority": "signed_policy",
                        "evidence_text": "The on-call lead is paged within 4 hours.",
                    },
                    {
                        "kind": "role",
                        "claim": "on-call lead",
                        "status": "contradicted",
                        "citation": "DPA.pdf p.2",
                        "evidence_text": "The CISO is paged.",
                    },
                    {"kind": "statement", "claim": "We test quarterly.", "status": "not_found", "citation": ""},
                ],
            },
            "flags": [{"code": "contradicted_by_evidence", "label": "x", "reason": "DPA.pdf p.2 says otherwise"}],
            "follow_up": ["Which is correct: the on-call lead or the CISO?"],
        },
        {
            "question_id": "DR-01",
            "category": "Data <retention>",
            "question": "How long do you keep data?",
            "weight": 1.0,
            "answer": "",
            "rating": "insufficient",
            "overall_score": 0.0,
            "specificity": {"score": 0.0},
            "evidence": {"score": 0.0, "claim_checks": []},
            "flags": [{"code": "vague", "label": "vague", "reason": "specificity 20 is below 40"}],
            "follow_up": [],
        },
    ],
    "unmatched_answers": [{"row": 9, "question": "Discount?", "answer": "=1+1", "note": "no such id"}],
    "evidence_documents": [
        {
            "file": "NW-IRP-002.pdf",
            "sha256": "ab" * 32,
            "title": "Incident plan",
            "type": "plan",
            "dates": [{"kind": "valid_until", "date": "2027-01-01"}],
        }
    ],
    "evidence_problems": [{"file": "broken.docx", "code": "corrupt", "message": "is not a readable DOCX"}],
}
OVERLAY = {
    "IR-01": {
        "analyst_rating": "weak",
        "analyst_note": "Spoke to <b>their CISO</b>",
        "dismissed_flags": ["contradicted_by_evidence"],
        "added_flags": [],
    },
    "DR-01": {"analyst_rating": None, "analyst_note": None, "dismissed_flags": [], "added_flags": ["no_answer"]},
}
DECISION = {
    "decision": "approve_with_conditions",
    "conditions": ["Send the renewed <certificate>"],
    "reason": "Gaps are minor",
    "analyst": "Ann Analyst",
    "at": "2026-11-27T09:30:00+00:00",
    "suggested": "escalate",
    "next_review": "2027-05-27",
}


def assert_self_contained(page: str) -> None:
    assert not REMOTE.search(page), REMOTE.search(page)
    for tag in ("<script", "<link", "<img", "<iframe", "<object", "<embed"):
        assert tag not in page.lower()
    assert not re.search(r"=\s*[\"']?(?:https?:)?//", page)


def test_page_is_self_contained_and_escapes_vendor_text():
    page = render_report(REPORT, OVERLAY, DECISION)
    assert_self_contained(page)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "Acme &lt;script&gt;" in page
    assert "Data &lt;retention&gt;" in page  # a category title in the table and in the chart
    assert "<b>their CISO</b>" not in page and "&lt;b&gt;their CISO&lt;/b&gt;" in page


def test_decision_conditions_and_both_ratings_appear():
    page = render_report(REPORT, OVERLAY, DECISION)
    assert "Decision: Approve with conditions" in page
    assert "Send the renewed &lt;certificate&gt;" in page
    assert "Ann Analyst" in page and "2027-05-27" in page
    assert "on 2026-11-27 09:30 UTC" in page  # the decision's time to the minute
    assert "The tool suggested: Escalate" in page
    ir01 = page[page.index("IR-01: How do you respond") : page.index("DR-01: How long")]
    assert "Tool rating:" in ir01 and ">adequate</span>" in ir01
    assert "Analyst rating:" in ir01 and ">weak</span>" in ir01
    assert "Analyst note:" in ir01
    assert "dismissed by analyst" in ir01


def test_claims_citations_follow_ups_and_evidence():
    page = render_report(REPORT, OVERLAY, DECISION)
    assert "Verified claims" in page and "<cite>NW-IRP-002.pdf p.3</cite>" in page
    assert "The on-call lead is paged within 4 hours." in page
    assert "Claims the evidence contradicts" in page and "<cite>DPA.pdf p.2</cite>" in page
    assert "Claims no document shows" in page and "We test quarterly." in page
    assert "Which is correct: the on-call lead or the CISO?" in page
    assert "Valid until 2027-01-01" in page
    assert "broken.docx: is not a readable DOCX" in page
    assert "<svg" in page and "Score by category" in page


def test_red_flags_follow_the_analyst():
    flags = render_report(REPORT, OVERLAY)
    red = flags[flags.index("<h2>Red flags</h2>") : flags.index("<h2>Questions</h2>")]
    assert "contradicted by evidence" not in red  # dismissed by the analyst
    assert "no answer" in red  # added by the analyst
    plain = render_report(REPORT)
    red = plain[plain.index("<h2>Red flags</h2>") : plain.index("<h2>Questions</h2>")]
    assert "contradicted by evidence" in red
    assert "Decision:</strong> none recorded yet" in plain
    assert "Tool rating:" not in plain


def test_prints_with_page_breaks_and_no_fixed_heights():
    page = render_report(REPORT)
    style = page[page.index("<style>") : page.index("</style>")]
    assert "@media print" in style and "break-before: page" in style
    assert not re.search(r"(?<![-\w])height\s*:\s*\d", style)


@pytest.mark.slow
def test_real_report_renders(brightpath):
    from assessor.exports import report_dict

    report = report_dict(brightpath)
    page = render_report(report, {"HR-01": {"analyst_rating": "weak", "analyst_note": "Checked"}}, DECISION)
    assert_self_contained(page)
    assert "brightpath-bots" in page
    assert "ISO-IEC-42001_Certificate_CCB-42K-0193.pdf" in page
    assert "BrightChat_Brochure_2025.pdf p.1" in page  # a citation of a verified claim
    assert "stale evidence" in page
    for q in report["questions"]:
        assert f"{q['question_id']}: " in page


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium")
def test_chromium_prints_it_to_pdf_without_requests(tmp_path):
    source = tmp_path / "report.html"
    source.write_text(render_report(REPORT, OVERLAY, DECISION), encoding="utf-8")
    requests = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.goto(source.as_uri())
        pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    assert requests == [source.as_uri()]
