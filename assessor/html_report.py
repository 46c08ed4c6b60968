"""The assessment as one self-contained HTML page, for people who will not open the app; it prints to PDF.

Everything is inline: the style sheet, and the category chart as an SVG drawn here. The page loads nothing
(no scripts, fonts, images or style sheets from anywhere), and every text from the vendor or the analyst is
escaped. The analyst's overlay (rating, note, dismissed and added flags per question) and decision are shown
beside what the tool found, never instead of it.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterable, Mapping

from assessor.app_support import RATING_COLOURS
from scoring.checks import AUTHORITY_LABELS, CONTRADICTED, NOT_FOUND, SUPPORTED
from scoring.config import load_config
from scoring.question import rating_for
from scoring.vocabulary import flag_explanation, flag_label

CHART_LABEL_WIDTH = 330
CHART_BAR_WIDTH = 400
CHART_ROW = 24
CHART_TOP = 22
STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d232a;
       margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.45; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 2px solid #1f3b57; padding-bottom: .2rem; margin-top: 2rem; }
h3 { margin: 0 0 .4rem; }
.meta, .muted { color: #5a6570; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #d4d9de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #1f3b57; color: #fff; }
.facts th { width: 14rem; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: .3rem; font-size: .85rem;
         border: 1px solid #b8c0c8; }
.flag { background: #fdecea; border-color: #e5534b; }
.flag.added { background: #fff4e0; border-color: #ffb74d; }
.flag.dismissed { text-decoration: line-through; background: #f1f3f5; color: #5a6570; }
.question { border: 1px solid #d4d9de; border-radius: .4rem; padding: .8rem 1rem; margin: 1rem 0; }
.answer { white-space: pre-wrap; background: #f6f8fa; padding: .5rem .7rem; border-left: 3px solid #1f3b57; }
.note { white-space: pre-wrap; background: #fff8e1; padding: .4rem .7rem; border-left: 3px solid #ffb74d; }
.decision { border: 2px solid #1f3b57; border-radius: .4rem; padding: .6rem 1rem; }
.claims li { margin-bottom: .3rem; }
.supported { color: #1b873f; } .contradicted { color: #b3261e; } .not_found { color: #8a5a00; }
blockquote { margin: .2rem 0 .2rem 1rem; color: #3b4650; font-style: italic; }
svg { max-width: 100%; height: auto; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  section { break-before: page; }
  section.first { break-before: auto; }
  .question, .decision, table, figure { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def render_report(report: dict, overlay: Mapping[str, dict] | None = None, decision: dict | None = None) -> str:
    """The page for one report dict (``assessor.exports.report_dict``), with the analyst's ``overlay``
    (question id -> analyst_rating, analyst_note, dismissed_flags, added_flags) and ``decision`` if given."""
    overlay = overlay or {}
    vendor = report.get("vendor", "")
    provenance = report.get("provenance") or {}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>AI governance assessment: {_e(vendor)}</title>",
        f"<style>{STYLE}</style></head><body>",
        '<section class="first">',
        f"<h1>AI governance assessment: {_e(vendor)}</h1>",
        f'<p class="meta">Assessed as of {_e(provenance.get("as_of", ""))}'
        f" &middot; generated {_e(provenance.get('generated_at', ''))}"
        f" &middot; {_e(provenance.get('tool', ''))} {_e(provenance.get('tool_version', ''))}</p>",
        _decision_html(decision),
        _summary_html(report),
        "</section>",
        _red_flags_html(report, overlay),
        _questions_html(report, overlay),
        _evidence_html(report),
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def category_chart(scores: Mapping[str, float]) -> str:
    """A horizontal bar per category (0-100), coloured by the rating its score would get, with the rating
    thresholds as dashed lines."""
    config = load_config()
    height = CHART_TOP + CHART_ROW * len(scores) + 6
    width = CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 50
    items = [
        f'<svg role="img" aria-label="Score by category" viewBox="0 0 {width} {height}" width="{width}" '
        f'font-family="system-ui, Arial, sans-serif" font-size="12">'
    ]
    for name, threshold in config["rating"].items():
        x = CHART_LABEL_WIDTH + CHART_BAR_WIDTH * threshold / 100
        items.append(
            f'<line x1="{x:.1f}" y1="{CHART_TOP - 4}" x2="{x:.1f}" y2="{height}" stroke="#8a949e" '
            f'stroke-dasharray="3 3"/><text x="{x:.1f}" y="{CHART_TOP - 8}" text-anchor="middle" '
            f'font-size="10" fill="#5a6570">{_e(name)} {threshold:g}</text>'
        )
    for row, (title, score) in enumerate(scores.items()):
        y = CHART_TOP + row * CHART_ROW
        colour = RATING_COLOURS.get(rating_for(score, config), RATING_COLOURS["unscored"])[0]
        bar = CHART_BAR_WIDTH * max(0.0, min(float(score), 100.0)) / 100
        items.append(
            f'<text x="{CHART_LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{_e(title)}</text>'
            f'<rect x="{CHART_LABEL_WIDTH}" y="{y + 3}" width="{bar:.1f}" height="{CHART_ROW - 8}" fill="{colour}"/>'
            f'<text x="{CHART_LABEL_WIDTH + bar + 4:.1f}" y="{y + 15}">{score:.1f}</text>'
        )
    items.append("</svg>")
    return "".join(items)


def _decision_html(decision: dict | None) -> str:
    if not decision:
        return '<div class="decision"><strong>Decision:</strong> none recorded yet.</div>'
    conditions = decision.get("conditions") or []
    suggested = decision.get("suggested") or ""
    rows = [
        f"<p><strong>Decision: {_e(_words(decision.get('decision', '')))}</strong>"
        f" &middot; by {_e(decision.get('analyst', ''))} on {_e(_when(decision.get('at')))}</p>",
        f"<p>Reason: {_e(decision.get('reason', ''))}</p>" if decision.get("reason") else "",
        "<p>Conditions:</p>" + _list(conditions) if conditions else "",
        f'<p class="muted">The tool suggested: {_e(_words(suggested))}</p>' if suggested else "",
        f"<p>Next review: {_e(decision['next_review'])}</p>" if decision.get("next_review") else "",
    ]
    return '<div class="decision">' + "".join(rows) + "</div>"


def _when(value: object) -> str:
    """A recorded time to the minute, in UTC when it says so ("2026-12-02 15:25 UTC")."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime.datetime):
        return str(value or "")
    zone = " UTC" if value.utcoffset() == datetime.timedelta(0) else ""
    return f"{value:%Y-%m-%d %H:%M}{zone}"


def _summary_html(report: dict) -> str:
    scores = report.get("category_scores") or {}
    rows = [
        ("Overall score", f"{report.get('overall_score', 0):.1f}"),
        ("Rating", _badge(report.get("rating", ""))),
        ("Red flags", _e(report.get("red_flags", 0))),
        ("Questions answered", _e(report.get("answered", ""))),
        ("Questions unanswered", _e(report.get("unanswered", ""))),
    ]
    table = (
        '<table class="facts">'
        + "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
        + "</table>"
    )
    chart = f'<figure>{category_chart(scores)}<figcaption class="muted">Score by category (0-100)</figcaption></figure>'
    notes = report.get("notes") or []
    return (
        "<h2>Summary</h2>"
        + table
        + (chart if scores else "")
        + ("<h3>Notes on reading the answers</h3>" + _list(notes) if notes else "")
    )


def _red_flags_html(report: dict, overlay: Mapping[str, dict]) -> str:
    red = set(load_config()["flags"]["red"])
    rows = [
        f"<tr><td>{_e(q['question_id'])}</td><td>{_e(flag_label(code))}</td><td>{_e(reason)}</td></tr>"
        for q in report.get("questions", [])
        for code, reason, state in _flags(q, overlay.get(q["question_id"]) or {})
        if code in red and state != "dismissed"
    ]
    body = (
        "<table><tr><th>Question</th><th>Flag</th><th>Why</th></tr>" + "".join(rows) + "</table>"
        if rows
        else "<p>No red flags.</p>"
    )
    return f"<section><h2>Red flags</h2>{body}</section>"


def _questions_html(report: dict, overlay: Mapping[str, dict]) -> str:
    blocks = [_question_html(q, overlay.get(q["question_id"]) or {}) for q in report.get("questions", [])]
    unmatched = report.get("unmatched_answers") or []
    if unmatched:
        blocks.append(
            "<h3>Answers that match no question</h3><table><tr><th>Row</th><th>Question</th><th>Answer</th>"
            "<th>Why</th></tr>"
            + "".join(
                f"<tr><td>{_e(a.get('row', ''))}</td><td>{_e(a.get('question', ''))}</td>"
                f"<td>{_e(a.get('answer', ''))}</td><td>{_e(a.get('note', ''))}</td></tr>"
                for a in unmatched
            )
            + "</table>"
        )
    return "<section><h2>Questions</h2>" + "".join(blocks) + "</section>"


def _question_html(q: dict, analyst: dict) -> str:
    rating = _badge(q.get("rating", ""))
    analyst_rating = analyst.get("analyst_rating")
    rating_line = (
        f"Tool rating: {rating} &middot; <strong>Analyst rating: {_badge(analyst_rating)}</strong>"
        if analyst_rating
        else f"Rating: {rating}"
    )
    flags = _flags(q, analyst)
    flag_badges = " ".join(
        f'<span class="badge flag {state}" title="{_e(reason or flag_explanation(code))}">{_e(flag_label(code))}'
        f"{f' ({state} by analyst)' if state else ''}"
        "</span>"
        for code, reason, state in flags
    )
    answer = q.get("answer") or ""
    note = analyst.get("analyst_note")
    follow_ups = q.get("follow_up") or []
    return (
        '<div class="question">'
        f"<h3>{_e(q.get('question_id', ''))}: {_e(q.get('question', ''))}</h3>"
        f'<p class="muted">{_e(q.get("category", ""))} &middot; weight {_e(q.get("weight", ""))}'
        + (f" &middot; answer row {_e(q['answer_row'])}" if q.get("answer_row") else "")
        + "</p>"
        + (f'<div class="answer">{_e(answer)}</div>' if answer.strip() else "<p><em>No answer given.</em></p>")
        + f"<p>{rating_line} &middot; score {q.get('overall_score', 0):.1f}"
        f" (specificity {(q.get('specificity') or {}).get('score', 0):.1f},"
        f" evidence {(q.get('evidence') or {}).get('score', 0):.1f})</p>"
        + (f'<p class="note"><strong>Analyst note:</strong> {_e(note)}</p>' if note else "")
        + (f"<p>Flags: {flag_badges}</p>" if flags else "")
        + _claims_html(q)
        + ("<p><strong>Follow-up questions to the vendor</strong></p>" + _list(follow_ups) if follow_ups else "")
        + "</div>"
    )


def _claims_html(q: dict) -> str:
    checks = (q.get("evidence") or {}).get("claim_checks") or []
    groups = (
        (SUPPORTED, "Verified claims"),
        (CONTRADICTED, "Claims the evidence contradicts"),
        (NOT_FOUND, "Claims no document shows"),
    )
    out = []
    for status, heading in groups:
        items = [_claim_html(check) for check in checks if check.get("status") == status]
        if items:
            out.append(f'<p><strong class="{status}">{heading}</strong></p><ul class="claims">{"".join(items)}</ul>')
    return "".join(out)


def _claim_html(check: dict) -> str:
    citation = check.get("citation") or ""
    authority = AUTHORITY_LABELS.get(check.get("authority", ""), "")
    quote = check.get("evidence_text") or ""
    return (
        f"<li>&ldquo;{_e(check.get('claim', ''))}&rdquo;"
        + (f" &mdash; <cite>{_e(citation)}</cite>" if citation else "")
        + (f' <span class="muted">({_e(authority)})</span>' if authority else "")
        + (f"<blockquote>{_e(quote)}</blockquote>" if quote and check.get("status") != NOT_FOUND else "")
        + "</li>"
    )


def _evidence_html(report: dict) -> str:
    documents = report.get("evidence_documents") or []
    problems = report.get("evidence_problems") or []
    rows = "".join(
        f"<tr><td>{_e(d.get('file', ''))}</td><td>{_e(d.get('title', ''))}</td><td>{_e(d.get('type', ''))}</td>"
        f"<td>{_e(_dates(d.get('dates') or []))}</td><td><code>{_e(str(d.get('sha256', ''))[:16])}</code></td></tr>"
        for d in documents
    )
    table = (
        "<table><tr><th>File</th><th>Title</th><th>Type</th><th>Validity</th><th>sha256</th></tr>" + rows + "</table>"
        if documents
        else "<p>No evidence documents were provided.</p>"
    )
    problem_list = (
        "<h3>Files that could not be used</h3>"
        + _list(f"{p.get('file', '')}: {p.get('message', '')}" for p in problems)
        if problems
        else ""
    )
    return f"<section><h2>Evidence</h2>{table}{problem_list}</section>"


def _flags(q: dict, analyst: dict) -> list[tuple[str, str, str]]:
    """(code, reason, state) per flag: state is "" (the tool's), "dismissed" or "added" by the analyst."""
    dismissed = set(analyst.get("dismissed_flags") or [])
    flags = [
        (f["code"], f.get("reason", ""), "dismissed" if f["code"] in dismissed else "") for f in q.get("flags", [])
    ]
    present = {code for code, _, _ in flags}
    flags += [(code, "", "added") for code in analyst.get("added_flags") or [] if code not in present]
    return flags


def _dates(dates: list[dict]) -> str:
    shown = [d for d in dates if d.get("kind") != "other"]
    return "; ".join(f"{_words(d['kind'])} {d['date']}" for d in shown)


def _badge(rating: str) -> str:
    background, text = RATING_COLOURS.get(rating, ("#ffffff", "#1d232a"))
    return f'<span class="badge" style="background:{background};color:{text}">{_e(rating)}</span>'


def _list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>"


def _words(code: str) -> str:
    return str(code).replace("_", " ").capitalize()


def _e(value: object) -> str:
    return html.escape(str(value if value is not None else ""), quote=True)
