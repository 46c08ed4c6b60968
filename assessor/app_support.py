"""Pure helpers for the analyst app (``app.py``): tables, filters, highlighting, chart data, uploads, settings.

Nothing here imports streamlit, so every helper is testable on its own and the page stays a thin view.
Vendor text is always escaped before it becomes HTML: the page never renders a vendor's words as markup.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from assessor.batch import discover, read_vendor_file
from assessor.cleantext import looks_binary
from assessor.exports import matched_clauses, missing_clauses
from assessor.pipeline import Assessment
from assessor.questionnaire import write_questionnaire
from assessor.safe_cells import safe_cell
from assessor.text import sentence_spans
from question_bank import CRITERIA, Catalog, QuestionBank, load_catalog
from scoring.checks import AUTHORITY_LABELS, CONTRADICTED, NOT_FOUND, SUPPORTED
from scoring.config import ScoringConfig, load_config
from scoring.results import QuestionResult, VendorResult
from scoring.signals import PENALTY_NAMES, SIGNAL_LABELS
from scoring.signals.base import SignalHit
from scoring.vocabulary import FLAG_CODES, RATINGS, flag_explanation, flag_label

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples" / "vendors"

# Background and text colour per rating: the table cells, the badges and the charts use the same ones.
RATING_COLOURS = {
    "strong": ("#1b873f", "#ffffff"),
    "adequate": ("#9ccc65", "#14300a"),
    "weak": ("#ffb74d", "#3d2400"),
    "insufficient": ("#e5534b", "#ffffff"),
    "unscored": ("#9e9e9e", "#ffffff"),
}
COVERAGE_STATUSES = ("evidenced", "addressed", "missing")
COVERAGE_COLOURS = {"evidenced": "#1b873f", "addressed": "#ffb74d", "missing": "#c7c7c7"}
NO_FLAGS = "(no flags)"
CHECK_LABELS = {SUPPORTED: "supported", NOT_FOUND: "not found in the evidence", CONTRADICTED: "contradicted"}

# Scorecard table columns, in display order.
TABLE_COLUMNS = (
    "ID",
    "Question",
    "Rating",
    "Verified",
    "Claims",
    "Score",
    "Flags",
    "Category",
    "Specificity",
    "Evidence",
    "Coverage",
    "Answer",
)


def flag_help(codes: Iterable[str]) -> str:
    """One line per flag, "label: explanation", from the flag registry (a Markdown tooltip)."""
    return "  \n".join(f"{flag_label(code)}: {flag_explanation(code)}" for code in dict.fromkeys(codes))


def is_penalty(hit: SignalHit) -> bool:
    return hit.name in PENALTY_NAMES or hit.points < 0


# --------------------------------------------------------------------------------------------------
# Scorecard table and filters


def scorecard_frame(vendor: VendorResult, red_flags: Iterable[str] = ()) -> pd.DataFrame:
    """One row per bank question, in bank order; ``_flags`` (flag codes) and ``_red`` support filtering."""
    red = set(red_flags)
    rows = [
        {
            "ID": r.question.id,
            "Category": r.category_title,
            "Question": r.question.text,
            "Rating": r.rating,
            "Verified": r.verification,
            "Claims": f"{r.evidence.claims_supported}/{r.evidence.claims_total}" if r.evidence.claims_total else "",
            "Score": r.overall,
            "Specificity": r.specificity.score,
            "Evidence": r.evidence.score,
            "Coverage": r.coverage,
            "Flags": ", ".join(flag_label(code) for code in r.flag_codes),
            "Answer": " ".join(r.answer.split()),
            "_flags": tuple(r.flag_codes),
            "_red": sum(code in red for code in r.flag_codes),
        }
        for r in vendor.questions
    ]
    frame = pd.DataFrame(rows, columns=[*TABLE_COLUMNS, "_flags", "_red"])
    for column in ("Score", "Specificity", "Evidence", "Coverage"):
        frame[column] = frame[column].astype(float)
    return frame


def filter_scorecard(
    frame: pd.DataFrame,
    categories: Sequence[str] = (),
    ratings: Sequence[str] = (),
    flags: Sequence[str] = (),
) -> pd.DataFrame:
    """Rows in any chosen category, with any chosen rating, carrying any chosen flag (empty choice: all).

    ``flags`` holds flag codes; ``NO_FLAGS`` selects the questions without any flag.
    """
    keep = pd.Series(True, index=frame.index)
    if categories:
        keep &= frame["Category"].isin(list(categories))
    if ratings:
        keep &= frame["Rating"].isin(list(ratings))
    if flags:
        wanted = set(flags)
        keep &= frame["_flags"].map(lambda codes: bool(wanted & set(codes)) or (NO_FLAGS in wanted and not codes))
    return frame[keep].reset_index(drop=True)


def flag_options(vendor: VendorResult) -> list[str]:
    """Flag codes present in the vendor's results (in the standard order), then ``NO_FLAGS``."""
    present = {code for r in vendor.questions for code in r.flag_codes}
    return [code for code in FLAG_CODES if code in present] + [NO_FLAGS]


def rating_cell_style(value: object) -> str:
    background, text = RATING_COLOURS.get(str(value), ("", ""))
    return f"background-color: {background}; color: {text}; font-weight: 600" if background else ""


def question_label(result: QuestionResult, width: int = 90) -> str:
    text = result.question.text
    text = text if len(text) <= width else text[: width - 1].rstrip() + "…"
    return f"{result.question.id} · {text}"


def unmatched_frame(vendor: VendorResult) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Row": a.answer.line,
                "Question in the vendor's file": a.answer.question or a.answer.question_id,
                "Answer": a.answer.answer,
                "Why it matched nothing": a.note,
            }
            for a in vendor.unmatched
        ],
        columns=["Row", "Question in the vendor's file", "Answer", "Why it matched nothing"],
    )


# --------------------------------------------------------------------------------------------------
# One question's details


def highlight_answer(answer: str, hits: Sequence[SignalHit]) -> str:
    """The answer as escaped HTML with every signal hit wrapped in a ``<mark>`` (by its start/end offsets).

    Overlapping hits are split at every boundary; a piece is "positive" when any positive signal covers
    it, else "penalty". Each mark's title names the signals and why they count. No vendor character
    reaches the page unescaped.
    """
    spans = [h for h in hits if 0 <= h.start < h.end <= len(answer)]
    if not answer:
        return '<div class="vendor-text empty">(no answer)</div>'
    cuts = sorted({0, len(answer), *(h.start for h in spans), *(h.end for h in spans)})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        text = html.escape(answer[start:end])
        covering = [h for h in spans if h.start <= start and end <= h.end]
        if not covering:
            pieces.append(text)
            continue
        kind = "pos" if any(not is_penalty(h) for h in covering) else "neg"
        title = "; ".join(f"{SIGNAL_LABELS.get(h.name, h.name)}: {h.why} ({h.points:+g})" for h in covering)
        pieces.append(f'<mark class="hl-{kind}" title="{html.escape(title, quote=True)}">{text}</mark>')
    return f'<div class="vendor-text">{"".join(pieces)}</div>'


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:])")


def md_escape(text: str) -> str:
    """Text for a markdown-rendering element (st.error, captions) shown literally: every markup character escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def escaped_block(text: str, css_class: str = "vendor-text") -> str:
    """Any untrusted text as an escaped HTML block (newlines kept by CSS)."""
    return f'<div class="{css_class}">{html.escape(text)}</div>'


def signal_frame(result: QuestionResult) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Signal": SIGNAL_LABELS.get(h.name, h.name),
                "Words": h.matched,
                "Points": h.points,
                "Why": h.why,
                "Kind": "penalty" if is_penalty(h) else "positive",
            }
            for h in result.specificity.hits
        ],
        columns=["Signal", "Words", "Points", "Why", "Kind"],
    )


def criteria_lists(result: QuestionResult) -> tuple[list[tuple[str, str]], list[str]]:
    """(met criteria with the words that met them, missed criteria), described in plain words."""
    met = [(CRITERIA.get(c.name, c.name), c.evidence) for c in result.specificity.criteria if c.met]
    missed = [CRITERIA.get(c.name, c.name) for c in result.specificity.criteria if not c.met]
    return met, missed


def clause_frame(result: QuestionResult, catalog: Catalog) -> pd.DataFrame:
    """Expected clauses the answer addresses or misses, and other clauses it clearly touches, with titles."""
    expected = set(result.question.iso42001)
    rows = []
    for clause in matched_clauses(result):
        status = "addressed" if clause in expected else "also addressed"
        rows.append((clause, status))
    rows += [(clause, "missing") for clause in missing_clauses(result)]
    return pd.DataFrame(
        [
            {"Clause": clause, "Title": catalog.get(clause).title if clause in catalog else "", "Status": status}
            for clause, status in rows
        ],
        columns=["Clause", "Title", "Status"],
    )


def score_lines_frame(lines: Iterable[Any]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Part": line.name.replace("_", " "), "Detail": line.detail, "Points": line.points, "Where": line.citation}
            for line in lines
        ],
        columns=["Part", "Detail", "Points", "Where"],
    )


@dataclass(frozen=True)
class PassageView:
    document: str
    page: int
    similarity: float
    text: str


def passages(result: QuestionResult) -> list[PassageView]:
    return [
        PassageView(hit.passage.doc, hit.passage.page, hit.score, hit.passage.text) for hit in result.evidence.passages
    ]


def mark_in_context(text: str, start: int, end: int, css_class: str = "hl-neg") -> str:
    """The sentence of ``text`` holding the span start..end as escaped HTML with exactly that span marked
    (the claim's own offsets: never re-found by searching, which could mark another '24 hours')."""
    if not 0 <= start < end <= len(text):
        return escaped_block(text)
    first, last = next(((a, b) for a, b in sentence_spans(text) if a <= start < b), (0, len(text)))
    last = max(last, end)
    marked = (
        html.escape(text[first:start])
        + f'<mark class="{css_class}">{html.escape(text[start:end])}</mark>'
        + html.escape(text[end:last])
    )
    return f'<div class="vendor-text">{marked.strip()}</div>'


def clause_list_html(result: QuestionResult, catalog: Catalog) -> str:
    """The question's clauses as a list: status tag, id and title (escaped), addressed first."""
    css = {"addressed": "met", "also addressed": "also", "missing": "missed"}
    items = [
        f'<li><span class="{css[row.Status]}">{html.escape(row.Status)}</span> '
        f"<b>{html.escape(row.Clause)}</b> {html.escape(row.Title)}</li>"
        for row in clause_frame(result, catalog).itertuples()
    ]
    return f'<ul class="criteria">{"".join(items)}</ul>' if items else ""


def contradictions(result: QuestionResult) -> list:
    return [check for check in result.evidence.checks if check.status == CONTRADICTED]


def claim_frame(result: QuestionResult) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Claim": check.claim,
                "Kind": check.kind,
                "Status": CHECK_LABELS.get(check.status, check.status) + (" (plan)" if check.plan else ""),
                "Explanation": check.explanation,
                "Where": check.citation,
                "Authority": AUTHORITY_LABELS.get(check.authority, ""),
            }
            for check in result.evidence.checks
        ],
        columns=["Claim", "Kind", "Status", "Explanation", "Where", "Authority"],
    )


# --------------------------------------------------------------------------------------------------
# Charts


def category_frame(vendor: VendorResult, config: ScoringConfig) -> pd.DataFrame:
    bands = config["rating"]
    return pd.DataFrame(
        [
            {"Category": name, "Score": score, "Rating": rating_of(score, bands)}
            for name, score in vendor.category_scores.items()
        ],
        columns=["Category", "Score", "Rating"],
    )


def rating_of(score: float, bands: Mapping[str, float]) -> str:
    for name in ("strong", "adequate", "weak"):
        if score >= bands[name]:
            return name
    return "insufficient"


def coverage_frame(coverage: Mapping[str, str], catalog: Catalog) -> pd.DataFrame:
    """Per catalog group (clauses 4-10, then Annex A groups) the count of evidenced, addressed and missing nodes.

    Long format (one row per group and status) with ``Order`` giving the catalog order of the groups.
    """
    rows = []
    for order, (group, nodes) in enumerate(catalog.groups().items()):
        for status in COVERAGE_STATUSES:
            count = sum(coverage.get(node.id, "missing") == status for node in nodes)
            rows.append({"Group": group, "Status": status, "Count": count, "Order": order, "Annex": group[:2] == "A."})
    return pd.DataFrame(rows, columns=["Group", "Status", "Count", "Order", "Annex"])


def coverage_table(coverage: Mapping[str, str], catalog: Catalog) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Clause": n.id, "Title": n.title, "Group": n.group, "Status": coverage.get(n.id, "missing")}
            for n in catalog.nodes
        ],
        columns=["Clause", "Title", "Group", "Status"],
    )


def rating_counts(vendor: VendorResult) -> pd.DataFrame:
    return pd.DataFrame(
        [{"Rating": rating, "Questions": sum(r.rating == rating for r in vendor.questions)} for rating in RATINGS],
        columns=["Rating", "Questions"],
    )


# --------------------------------------------------------------------------------------------------
# Compare


def compare_summary(assessments: Sequence[Assessment]) -> pd.DataFrame:
    rows = []
    for a in assessments:
        v = a.result
        rows.append(
            {
                "Vendor": v.vendor,
                "Overall": v.overall,
                "Rating": v.rating,
                "Red flags": v.red_flags,
                "Answered": v.answered,
                "Unanswered": v.unanswered,
                "Evidenced clauses": sum(s == "evidenced" for s in v.coverage.values()),
                "Missing clauses": sum(s == "missing" for s in v.coverage.values()),
                "Evidence files": len(a.prepared.evidence.documents),
                "File problems": len(a.prepared.evidence.problems),
            }
        )
    return pd.DataFrame(rows)


def compare_categories(assessments: Sequence[Assessment]) -> pd.DataFrame:
    """Categories as rows, vendors as columns (category order of the first vendor, then any others)."""
    order: list[str] = []
    for a in assessments:
        order += [name for name in a.result.category_scores if name not in order]
    frame = pd.DataFrame(
        {a.result.vendor: [a.result.category_scores.get(name) for name in order] for a in assessments},
        index=pd.Index(order, name="Category"),
    )
    return frame


def compare_categories_long(assessments: Sequence[Assessment]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Vendor": a.result.vendor, "Category": name, "Score": score}
            for a in assessments
            for name, score in a.result.category_scores.items()
        ],
        columns=["Vendor", "Category", "Score"],
    )


def compare_flags(assessments: Sequence[Assessment], red_flags: Iterable[str]) -> pd.DataFrame:
    """Red-flag codes as rows, vendors as columns: how many questions carry each."""
    codes = [code for code in FLAG_CODES if code in set(red_flags)]
    frame = pd.DataFrame(
        {
            a.result.vendor: [sum(code in r.flag_codes for r in a.result.questions) for code in codes]
            for a in assessments
        },
        index=pd.Index([flag_label(code) for code in codes], name="Red flag"),
    )
    return frame


# --------------------------------------------------------------------------------------------------
# Downloads


def slug(text: str) -> str:
    cleaned = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", cleaned.lower()).strip("-") or "vendor"


def follow_up_rows(vendor: VendorResult) -> list[dict[str, str]]:
    """Every follow-up question, one row each, in bank order (then answers that matched no question)."""
    from assessor.exports import UNMATCHED_FOLLOW_UP

    rows = [
        {
            "vendor": vendor.vendor,
            "question_id": r.question.id,
            "category": r.category_title,
            "question": r.question.text,
            "rating": r.rating,
            "follow_up": text,
        }
        for r in vendor.questions
        for text in r.follow_ups
    ]
    rows += [
        {
            "vendor": vendor.vendor,
            "question_id": "",
            "category": "",
            "question": a.answer.question or a.answer.question_id,
            "rating": "unscored",
            "follow_up": f"Row {a.answer.line}: {UNMATCHED_FOLLOW_UP}",
        }
        for a in vendor.unmatched
    ]
    return rows


def follow_up_csv(vendor: VendorResult) -> str:
    buffer = io.StringIO()
    columns = ["vendor", "question_id", "category", "question", "rating", "follow_up"]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in follow_up_rows(vendor):
        writer.writerow({key: safe_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def follow_up_text(vendor: VendorResult) -> str:
    """A plain-text letter body: follow-ups grouped by question, numbered, ready to paste into an email."""
    lines = [f"Follow-up questions for {vendor.vendor}", ""]
    groups: dict[tuple[str, str], list[str]] = {}
    for row in follow_up_rows(vendor):
        groups.setdefault((row["question_id"], row["question"]), []).append(row["follow_up"])
    if not groups:
        return "\n".join([*lines, "No follow-up questions."]) + "\n"
    for number, ((qid, question), items) in enumerate(groups.items(), start=1):
        lines.append(f"{number}. {qid + ' - ' if qid else ''}{question}")
        lines += [f"   - {item}" for item in items]
        lines.append("")
    return "\n".join(lines)


def suggestion_frame(bank: QuestionBank) -> pd.DataFrame:
    """The questions whose ISO/IEC 42001 ids were suggested, each id with its title and similarity."""
    catalog = load_catalog()
    rows = []
    for question in bank.suggested:
        pairs = zip(question.iso42001_suggested, question.suggestion_scores, strict=True)
        ids = [f"{node} {catalog.get(node).title} ({score:.2f})" for node, score in pairs]
        rows.append({"ID": question.id, "Question": question.text, "Suggested ISO/IEC 42001 ids": "; ".join(ids),
                     "Where": question.source})  # fmt: skip
    return pd.DataFrame(rows, columns=["ID", "Question", "Suggested ISO/IEC 42001 ids", "Where"])


def questionnaire_bytes(bank: QuestionBank, suffix: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="assessor-export-") as folder:
        path = Path(folder) / f"questionnaire{suffix}"
        write_questionnaire(bank, path)
        return path.read_bytes()


# --------------------------------------------------------------------------------------------------
# Uploads: content checks and safe names

ANSWER_SUFFIXES = (".csv", ".xlsx", ".docx")
EVIDENCE_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".xlsx", ".txt", ".md")
BANK_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")
MAX_NAME = 120
SAFE_NAME = re.compile(r"[^A-Za-z0-9._ ()\-]+")


def suffix_list(suffixes: Sequence[str]) -> str:
    """(".pdf", ".txt", ".md") -> "PDF, TXT or MD"."""
    names = [suffix.lstrip(".").upper() for suffix in suffixes]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)


def safe_filename(name: str, fallback: str = "upload") -> str:
    """The last path component only, without control or shell-special characters, never hidden or empty."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = SAFE_NAME.sub("_", base)
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = suffix.strip(" .")[:10]
    stem = stem.strip(" .")[: MAX_NAME - len(suffix) - 1].strip(" .") or fallback
    return f"{stem}.{suffix}" if suffix else stem


def check_upload(name: str, data: bytes, allowed: Sequence[str]) -> str | None:
    """Why an uploaded file cannot be used (judged by content, not only the extension), or None."""
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        return f"{name}: unsupported file type '{suffix or 'none'}'; expected {', '.join(allowed)}"
    if not data:
        return f"{name}: the file is empty (0 bytes)"
    if suffix == ".pdf" and not data.startswith(b"%PDF-"):
        return f"{name}: not a PDF (a PDF file starts with %PDF-); ask the vendor for the document as a PDF"
    if suffix == ".xlsx" and not data.startswith(b"PK"):
        return f"{name}: not an Excel workbook (an .xlsx file is a zip archive starting with PK)"
    if suffix == ".docx" and not data.startswith(b"PK"):
        return f"{name}: not a Word document (a .docx file is a zip archive starting with PK); save it as .docx"
    if suffix in {".csv", ".txt", ".md", ".yaml", ".yml", ".html", ".htm"}:
        head = data[:65536]
        if head.startswith(b"PK\x03\x04"):
            return f"{name}: this is a zip or Excel file, not {suffix} text; rename it to .xlsx if it is a workbook"
        if head.startswith(b"%PDF-"):
            return f"{name}: this is a PDF, not {suffix} text"
        if looks_binary(head[:4096]):
            return f"{name}: binary content, not {suffix} text"
    return None


@dataclass(frozen=True)
class Upload:
    """An uploaded file as the page hands it over: the browser's name and the bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class SavedUpload:
    original: str  # the name the browser sent
    path: Path  # where it was written (sanitised name inside the session folder)


def save_uploads(
    folder: Path, uploads: Iterable[Upload], allowed: Sequence[str]
) -> tuple[list[SavedUpload], list[str]]:
    """Write acceptable uploads into ``folder`` under sanitised, unique names; return (saved, rejection messages)."""
    saved: list[SavedUpload] = []
    problems: list[str] = []
    taken = {p.name.lower() for p in folder.iterdir()} if folder.exists() else set()
    folder.mkdir(parents=True, exist_ok=True)
    for upload in uploads:
        name = safe_filename(upload.name)
        problem = check_upload(name, upload.data, allowed)
        if problem:
            problems.append(problem)
            continue
        unique, number = name, 2
        while unique.lower() in taken:
            stem, suffix = Path(name).stem, Path(name).suffix
            unique, number = f"{stem} ({number}){suffix}", number + 1
        taken.add(unique.lower())
        path = folder / unique
        path.write_bytes(upload.data)
        saved.append(SavedUpload(upload.name, path))
    return saved, problems


# --------------------------------------------------------------------------------------------------
# Example vendors


@dataclass(frozen=True)
class ExampleVendor:
    key: str
    name: str
    answers: Path
    evidence: tuple[Path, ...]
    description: str = ""
    risk_tier: str = ""  # from its vendor.yaml, as batch reads it


def example_vendors(root: Path = EXAMPLES_DIR) -> list[ExampleVendor]:
    """The example vendor folders, found and named the way ``batch`` finds vendors; unusable ones are left out."""
    if not root.is_dir():
        return []
    found = []
    for vendor in discover(root):
        if vendor.problem or vendor.answers is None:
            continue
        info = read_vendor_file(vendor.folder)[1] or {}  # already read once by discover, so it loads
        description = " ".join(str(info.get("description") or "").split())
        evidence_dir = vendor.folder / "evidence"
        evidence = tuple(sorted(evidence_dir.glob("*"))) if evidence_dir.is_dir() else ()
        tier = info.get("risk_tier")
        found.append(
            ExampleVendor(vendor.folder.name, vendor.name, vendor.answers, evidence, description, str(tier or ""))
        )
    return found


# --------------------------------------------------------------------------------------------------
# Settings panel


@dataclass(frozen=True)
class Setting:
    path: tuple[str, ...]
    label: str
    minimum: float
    maximum: float
    step: float
    help: str

    @property
    def key(self) -> str:
        return "setting__" + "__".join(self.path)


SETTINGS = (
    Setting(("overall", "weights", "specificity"), "Weight: specificity", 0.0, 1.0, 0.05, "Share of the overall score"),
    Setting(("overall", "weights", "evidence"), "Weight: evidence", 0.0, 1.0, 0.05, "Share of the overall score"),
    Setting(
        ("overall", "weights", "coverage"), "Weight: clause coverage", 0.0, 1.0, 0.05, "Share of the overall score"
    ),
    Setting(
        ("overall", "contradicted_cap"),
        "Cap when contradicted",
        0.0,
        100.0,
        1.0,
        "The highest overall score an answer that its own evidence contradicts can get",
    ),
    Setting(("rating", "strong"), "'Strong' from", 0.0, 100.0, 1.0, "Overall score at or above this is strong"),
    Setting(("rating", "adequate"), "'Adequate' from", 0.0, 100.0, 1.0, "Overall score at or above this is adequate"),
    Setting(("rating", "weak"), "'Weak' from", 0.0, 100.0, 1.0, "At or above this is weak; below, insufficient"),
    Setting(("flags", "vague_below"), "Vague below", 0.0, 100.0, 1.0, "A specificity score under this flags 'vague'"),
    Setting(
        ("flags", "evidenced_at"),
        "Evidenced at",
        0.0,
        100.0,
        1.0,
        "An evidence score at or above this marks the question's ISO clauses as evidenced",
    ),
    Setting(
        ("flags", "unsupported_at"),
        "Unsupported below",
        0.0,
        100.0,
        1.0,
        "A specific-sounding answer with an evidence score under this flags 'unsupported claim'",
    ),
    Setting(
        ("evidence", "min_passage_similarity"),
        "Min passage similarity",
        0.0,
        1.0,
        0.01,
        "A passage less similar than this to the answer does not count as support",
    ),
)


def setting_value(values: Mapping[str, Any], path: Sequence[str]) -> Any:
    for part in path:
        values = values[part]
    return values


def default_settings() -> dict[str, float]:
    """Each setting's packaged default, by widget key."""
    defaults = load_config().values
    return {s.key: float(setting_value(defaults, s.path)) for s in SETTINGS}


def overrides_from(values: Mapping[str, float]) -> dict[str, Any]:
    """The settings panel's values (by widget key) as a partial nested mapping for ``load_config``."""
    overrides: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.key not in values:
            continue
        node = overrides
        for part in setting.path[:-1]:
            node = node.setdefault(part, {})
        node[setting.path[-1]] = float(values[setting.key])
    return overrides


def validate_settings(values: Mapping[str, float]) -> list[str]:
    """Problems that would make the scores meaningless; an empty list means the settings can be applied."""
    problems = []
    weights = sum(float(values[s.key]) for s in SETTINGS if s.path[:2] == ("overall", "weights"))
    if abs(weights - 1.0) > 0.005:
        problems.append(f"The three overall weights must add up to 1 (they add up to {weights:.2f}).")
    strong, adequate, weak = (float(values[f"setting__rating__{name}"]) for name in ("strong", "adequate", "weak"))
    if not strong > adequate > weak:
        problems.append(f"Rating bands must fall: strong ({strong:g}) > adequate ({adequate:g}) > weak ({weak:g}).")
    return problems


def changed_settings(values: Mapping[str, float]) -> list[str]:
    """Labels of the settings that differ from the defaults, for a caption."""
    defaults = default_settings()
    return [f"{s.label} = {values[s.key]:g}" for s in SETTINGS if abs(values[s.key] - defaults[s.key]) > 1e-9]


def today() -> datetime.date:
    return datetime.date.today()
