"""Scorecard exports: CSV (one row per bank question), JSON (everything, with provenance), XLSX (four sheets).

Every cell goes through ``safe_cell`` so a vendor's words cannot run as a spreadsheet formula nor break the file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assessor import strict_json
from assessor.evidence import Attestation, cite
from assessor.pipeline import Assessment
from assessor.safe_cells import safe_cell, safe_row
from question_bank import load_catalog
from scoring.results import QuestionResult, VendorResult
from scoring.vocabulary import FLAGS, flag_label

LIST_SEPARATOR = "; "
CSV_COLUMNS = (
    "vendor",
    "question_id",
    "category",
    "question",
    "answer",
    "rating",
    "verification",
    "claims_supported",
    "claims_total",
    "overall_score",
    "specificity_score",
    "evidence_score",
    "coverage_score",
    "matched_clauses",
    "missing_clauses",
    "citations",
    "flags",
    "flag_reasons",
    "follow_up",
    "answer_row",
    "alignment",
    "answered_by_reference",
)
REVIEW_COLUMNS = ("analyst_rating", "analyst_note")  # appended when an analyst's overlay is given
UNMATCHED = FLAGS["unmatched_answer"]
UNMATCHED_FOLLOW_UP = UNMATCHED.ask()


def citations(result: QuestionResult) -> list[str]:
    """Where the evidence for an answer is: passages, resolved references and checked facts, without repeats."""
    places = [hit.passage.citation for hit in result.evidence.passages]
    places += [cite(ref.doc, ref.page) for ref in result.evidence.references if ref.doc]
    places += [check.citation for check in result.evidence.checks if check.citation]
    return list(dict.fromkeys(places))


def matched_clauses(result: QuestionResult) -> list[str]:
    return [*result.match.addressed, *result.match.other] if result.match else []


def missing_clauses(result: QuestionResult) -> list[str]:
    return list(result.match.missing) if result.match else list(result.question.iso42001)


def scorecard_rows(vendor: VendorResult, overlay: dict[str, dict] | None = None) -> list[dict[str, object]]:
    """One row per bank question, in bank order, then one per answer row that matched no question.

    With an ``overlay`` (``Register.overlay``) each row also has the analyst's rating and note.
    """
    rows = [
        {
            "vendor": vendor.vendor,
            "question_id": r.question.id,
            "category": r.category_title,
            "question": r.question.text,
            "answer": r.answer,
            "rating": r.rating,
            "verification": r.verification,
            "claims_supported": r.evidence.claims_supported,
            "claims_total": r.evidence.claims_total,
            "overall_score": f"{r.overall:.1f}",
            "specificity_score": f"{r.specificity.score:.1f}",
            "evidence_score": f"{r.evidence.score:.1f}",
            "coverage_score": f"{r.coverage:.1f}",
            "matched_clauses": LIST_SEPARATOR.join(matched_clauses(r)),
            "missing_clauses": LIST_SEPARATOR.join(missing_clauses(r)),
            "citations": LIST_SEPARATOR.join(citations(r)),
            "flags": LIST_SEPARATOR.join(r.flag_codes),
            "flag_reasons": LIST_SEPARATOR.join(flag.reason for flag in r.flags),
            "follow_up": LIST_SEPARATOR.join(r.follow_ups),
            "answer_row": r.answer_row or "",
            "alignment": r.alignment_note,
            "answered_by_reference": r.by_reference.citation if r.by_reference else "",
        }
        for r in vendor.questions
    ]
    rows += [
        dict.fromkeys(CSV_COLUMNS, "")
        | {
            "vendor": vendor.vendor,
            "question": aligned.answer.question or aligned.answer.question_id,
            "answer": aligned.answer.answer,
            "rating": "unscored",
            "flags": UNMATCHED.code,
            "flag_reasons": UNMATCHED.explanation,
            "follow_up": UNMATCHED_FOLLOW_UP,
            "answer_row": aligned.answer.line,
            "alignment": aligned.note,
        }
        for aligned in vendor.unmatched
    ]
    return with_review(rows, overlay)


def report_rows(report: dict, overlay: dict[str, dict] | None = None) -> list[dict[str, object]]:
    """The scorecard rows of a JSON report (``report_dict``), as ``scorecard_rows`` gives them for its assessment."""
    rows = [
        {
            "vendor": report["vendor"],
            "question_id": q["question_id"],
            "category": q["category"],
            "question": q["question"],
            "answer": q["answer"],
            "rating": q["rating"],
            "verification": q["verification"],
            "claims_supported": q["claims_supported"],
            "claims_total": q["claims_total"],
            "overall_score": f"{q['overall_score']:.1f}",
            "specificity_score": f"{q['specificity']['score']:.1f}",
            "evidence_score": f"{q['evidence']['score']:.1f}",
            "coverage_score": f"{q['coverage_score']:.1f}",
            "matched_clauses": LIST_SEPARATOR.join([*q["clauses"]["addressed"], *q["clauses"]["other"]]),
            "missing_clauses": LIST_SEPARATOR.join(q["clauses"]["missing"]),
            "citations": LIST_SEPARATOR.join(_report_citations(q["evidence"])),
            "flags": LIST_SEPARATOR.join(flag["code"] for flag in q["flags"]),
            "flag_reasons": LIST_SEPARATOR.join(flag["reason"] for flag in q["flags"]),
            "follow_up": LIST_SEPARATOR.join(q["follow_up"]),
            "answer_row": q["answer_row"] or "",
            "alignment": q["alignment"],
            "answered_by_reference": q["answered_by_reference"],
        }
        for q in report["questions"]
    ]
    rows += [
        dict.fromkeys(CSV_COLUMNS, "")
        | {
            "vendor": report["vendor"],
            "question": unmatched["question"] or unmatched.get("question_id", ""),
            "answer": unmatched["answer"],
            "rating": "unscored",
            "flags": UNMATCHED.code,
            "flag_reasons": UNMATCHED.explanation,
            "follow_up": UNMATCHED_FOLLOW_UP,
            "answer_row": unmatched["row"],
            "alignment": unmatched["note"],
        }
        for unmatched in report["unmatched_answers"]
    ]
    return with_review(rows, overlay)


def _report_citations(evidence: dict) -> list[str]:
    """``citations`` read back from a report's evidence section."""
    places = [passage["citation"] for passage in evidence["passages"]]
    places += [cite(ref["document"], ref["page"]) for ref in evidence["references"] if ref["document"]]
    places += [check["citation"] for check in evidence["claim_checks"] if check["citation"]]
    return list(dict.fromkeys(places))


def with_review(rows: list[dict[str, object]], overlay: dict[str, dict] | None) -> list[dict[str, object]]:
    """The rows with the analyst's rating and note appended (empty where not reviewed); unchanged without overlay."""
    if overlay is None:
        return rows
    reviews = {qid: review for qid, review in overlay.items() if qid}
    return [
        row | {column: (reviews.get(row["question_id"]) or {}).get(column) or "" for column in REVIEW_COLUMNS}
        for row in rows
    ]


def rows_csv(rows: list[dict[str, object]]) -> str:
    """Scorecard rows as CSV text, with the review columns when the rows carry them."""
    columns = CSV_COLUMNS + REVIEW_COLUMNS if rows and REVIEW_COLUMNS[0] in rows[0] else CSV_COLUMNS
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: safe_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def scorecard_csv(vendor: VendorResult, overlay: dict[str, dict] | None = None) -> str:
    """The CSV text; identical for identical inputs (no timestamps)."""
    return rows_csv(scorecard_rows(vendor, overlay))


def write_csv(vendor: VendorResult, path: str | Path, overlay: dict[str, dict] | None = None) -> Path:
    return write_rows_csv(scorecard_rows(vendor, overlay), path)


def write_rows_csv(rows: list[dict[str, object]], path: str | Path) -> Path:
    path = Path(path)
    path.write_text(rows_csv(rows), encoding="utf-8-sig", newline="")
    return path


def report_dict(assessment: Assessment) -> dict:
    """Everything an analyst or auditor may want, with each score's explanation and provenance."""
    vendor = assessment.result
    evidence = assessment.prepared.evidence
    return {
        "provenance": assessment.provenance,
        "vendor": vendor.vendor,
        "overall_score": vendor.overall,
        "rating": vendor.rating,
        "red_flags": vendor.red_flags,
        "answered": vendor.answered,
        "unanswered": vendor.unanswered,
        "category_scores": vendor.category_scores,
        "iso42001_coverage": vendor.coverage,
        "notes": list(vendor.notes),
        "questions": [_question_dict(r) for r in vendor.questions],
        "unmatched_answers": [
            {
                "row": a.answer.line,
                "question_id": a.answer.question_id,
                "question": a.answer.question,
                "answer": a.answer.answer,
                "note": a.note,
            }
            for a in vendor.unmatched
        ],
        "evidence_documents": [
            {
                "file": doc.doc_id,
                "name": doc.name,
                "sha256": doc.sha256,
                "title": doc.title,
                "type": doc.doc_type,
                "type_reason": doc.doc_type_reason,
                "pages": doc.page_count,
                "passages": len(doc.passages),
                "dates": [
                    {"kind": d.kind, "date": d.value.isoformat(), "page": d.page, "text": d.text} for d in doc.dates
                ],
                "attestation": _attestation_dict(doc.attestation),
            }
            for doc in evidence.documents
        ],
        "evidence_problems": [{"file": p.doc_id, "code": p.code, "message": p.message} for p in evidence.problems],
    }


def _attestation_dict(attestation: Attestation | None) -> dict | None:
    if attestation is None:
        return None
    return {
        "kind": attestation.kind,
        "cue": attestation.cue,
        "cue_page": attestation.cue_page or None,  # None: the title named it
        "period_start": attestation.period_start.isoformat() if attestation.period_start else None,
        "period_end": attestation.period_end.isoformat() if attestation.period_end else None,
        "period_page": attestation.page or None,
        "period_text": attestation.span_text,
        "auditor": attestation.auditor,
    }


def _attestation_cell(attestation: Attestation | None) -> str:
    """One line for the Evidence sheet: "SOC 2 Type II, 2025-01-01 to 2025-12-31 (p.3), Example LLP"."""
    if attestation is None:
        return ""
    period = f"{attestation.period} (p.{attestation.page})" if attestation.period else ""
    return ", ".join(part for part in (attestation.kind, period, attestation.auditor) if part)


def _question_dict(r: QuestionResult) -> dict:
    return {
        "question_id": r.question.id,
        "category": r.category_title,
        "question": r.question.text,
        "weight": r.question.weight,
        "answer": r.answer,
        "answer_row": r.answer_row,
        "alignment": r.alignment_note,
        "answered_by_reference": r.by_reference.citation if r.by_reference else "",
        "evidence_references": r.evidence_refs,
        "rating": r.rating,
        "verification": r.verification,
        "claims_supported": r.evidence.claims_supported,
        "claims_total": r.evidence.claims_total,
        "overall_score": r.overall,
        "overall_explanation": [line.to_dict() for line in r.overall_lines],
        "specificity": r.specificity.to_dict(),
        "evidence": {
            "score": r.evidence.score,
            "explanation": [line.to_dict() for line in r.evidence.lines],
            "passages": [
                {
                    "citation": hit.passage.citation,
                    "document": hit.passage.doc,
                    "page": hit.passage.page,
                    "ocr": hit.passage.ocr,
                    "span": [hit.passage.start, hit.passage.end],
                    "score": hit.score,
                    "text": hit.passage.text,
                }
                for hit in r.evidence.passages
            ],
            "references": [
                {"reference": ref.reference, "document": ref.doc, "page": ref.page, "detail": ref.detail}
                for ref in r.evidence.references
            ],
            "claim_checks": [check.to_dict() for check in r.evidence.checks],
            "stale_documents": [{"document": s.doc, "reason": s.reason} for s in r.evidence.stale],
        },
        "clauses": {
            "expected": list(r.question.iso42001),
            "expected_suggested": list(r.question.iso42001_suggested),  # not the buyer's: suggested by the model
            "addressed": list(r.match.addressed) if r.match else [],
            "missing": missing_clauses(r),
            "other": list(r.match.other) if r.match else [],
            "off_topic": "off_topic" in r.flag_codes,  # by the clauses, or a bank question that fits better
            "question_similarity": r.match.question_similarity if r.match else 0.0,
            "top": [{"id": c.id, "title": c.title, "score": c.score} for c in r.match.top(8)] if r.match else [],
        },
        "coverage_score": r.coverage,
        "flags": [{"code": f.code, "label": flag_label(f.code), "reason": f.reason} for f in r.flags],
        "follow_up": list(r.follow_ups),
    }


def report_json(assessment: Assessment) -> str:
    return strict_json.dumps(report_dict(assessment), indent=2, ensure_ascii=False) + "\n"


def write_json(assessment: Assessment, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(report_json(assessment), encoding="utf-8")
    return path


def write_xlsx(assessment: Assessment, path: str | Path) -> Path:
    """Summary, Questions, Evidence and Clause coverage sheets."""
    path = Path(path)
    path.write_bytes(xlsx_bytes(assessment))
    return path


def xlsx_bytes(assessment: Assessment) -> bytes:
    """The workbook in memory (for downloads)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    vendor = assessment.result
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    summary_rows = [
        ("Vendor", vendor.vendor),
        ("Overall score", vendor.overall),
        ("Rating", vendor.rating),
        ("Red flags", vendor.red_flags),
        ("Questions answered", vendor.answered),
        ("Questions unanswered", vendor.unanswered),
        ("Assessed as of", assessment.as_of.isoformat()),
        ("Model", assessment.provenance["model"]),
        ("", ""),
        ("Category", "Score"),
        *vendor.category_scores.items(),
    ]
    _append(summary, summary_rows)
    questions = workbook.create_sheet("Questions")
    _append(questions, [CSV_COLUMNS, *([row[c] for c in CSV_COLUMNS] for row in scorecard_rows(vendor))])
    evidence_sheet = workbook.create_sheet("Evidence")
    _append(
        evidence_sheet,
        [
            ("file", "title", "type", "pages", "valid_until", "attestation", "problem"),
            *(
                (
                    d.doc_id,
                    d.title,
                    d.doc_type,
                    d.page_count,
                    d.valid_until.isoformat() if d.valid_until else "",
                    _attestation_cell(d.attestation),
                    "",
                )
                for d in assessment.prepared.evidence.documents
            ),
            *((p.doc_id, "", "", "", "", "", p.message) for p in assessment.prepared.evidence.problems),
        ],
    )
    coverage = workbook.create_sheet("Clause coverage")
    catalog_rows = [(node_id, status) for node_id, status in vendor.coverage.items()]

    catalog = load_catalog()
    _append(
        coverage,
        [
            ("id", "title", "group", "status"),
            *((i, catalog.get(i).title, catalog.get(i).group, s) for i, s in catalog_rows),
        ],
    )
    header_fill = PatternFill("solid", fgColor="1F3B57")
    for sheet in workbook.worksheets:
        header_row = 10 if sheet is summary else 1
        for cell in sheet[header_row]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = header_fill
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 18
    questions.column_dimensions["D"].width = 50
    questions.column_dimensions["E"].width = 70
    for row in questions.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    questions.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _append(sheet, rows) -> None:
    for row in rows:
        sheet.append(safe_row(row))
