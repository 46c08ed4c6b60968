"""Independent audit reports (SOC 1/2/3, ISO certification audits, ISAE assurance) and the period they cover.

A document counts only when it names itself a report in its title or in a heading line of its opening
pages ("SOC 2 Type II Report", "Independent Service Auditor's Report", "Surveillance Audit Report") and
states a period or its auditor on a labelled line. A policy that says "we undergo an annual SOC 2 audit"
or a page that boasts "SOC 2 compliant!" names no report and is not one.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from assessor.evidence.facts import _date_matches
from assessor.evidence.model import Attestation

_VENDOR_AUTHORED = ("policy", "procedure", "plan", "contract", "marketing")
_HEAD_PAGES = 3  # a report names itself on its cover, or on the auditor's report a few pages in
_SCAN_CHARS = 50_000  # its period and auditor are stated in the opening sections
_HEADING_CHARS = 150
_LEAD_WINDOW = 40
_AUDITOR_CHARS = 100

_REPORT_NAME = re.compile(
    r"\bSOC\s*[123]\b[^\n]{0,60}?\b(?:report|examination)\b"
    r"|\breport\s+on\s+(?:controls\s+at\s+an?\s+service\s+organi[sz]ation|management['\u2019]s\s+description)"
    r"|\bindependent\s+(?:service\s+)?auditor['\u2019]?s?\s+(?:(?:reasonable|limited)\s+)?(?:assurance\s+)?report"
    r"|\bindependent\s+(?:(?:reasonable|limited)\s+)?assurance\s+report"
    r"|\b(?P<stage>stage\s*(?:2|two|ii)|surveillance|re-?certification|certification|transfer)\s+audit\s+report"
    r"|\b(?:ISAE|SSAE)\s*\d{2,4}\b[^\n]{0,60}?\breport\b",
    re.I,
)
# A sentence in the vendor's own voice ("Our SOC 2 Type II report is available on request") is not a heading.
# Case matters: "Acme US Inc SOC 2 Type II Report" is a heading.
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Oo]ur|us)\b")
_HEADING_MARKUP = re.compile(r"^[\s#*_>|\u2022\u00b7-]+|[\s*_]+$")
_SOC = re.compile(r"\bSOC\s*(?P<number>[123])\b", re.I)
_SOC_TYPE = re.compile(r"\btype\s*(?P<type>ii|i|2|1)\b", re.I)
_SOC_SCOPE = (
    ("2", re.compile(r"relevant\s+to\s+security,\s+availability", re.I)),
    ("1", re.compile(r"internal\s+control\s+over\s+financial\s+reporting", re.I)),
)
_ISO = re.compile(r"\bISO\s*(?:/\s*IEC)?\s*(?P<number>27001|27701|42001)\b", re.I)
_ASSURANCE_STANDARD = re.compile(r"\b(?P<name>ISAE|SSAE)\s*(?P<number>\d{2,4})\b", re.I)
# The words that open a stated period: "for the period", "Audit period:", "from", "Audit dates:".
_PERIOD_LEAD = re.compile(
    r"(?:\b(?:(?:for\s+the|audit|review|reporting|examination|assessment|coverage|testing)\s+)?(?:period|dates?)\b"
    r"(?:\s+(?:from|covered|under\s+review))?|\bfrom|\bcovering|\bbetween)\s*:?\s*$",
    re.I,
)
_AS_OF = re.compile(r"\bas\s+(?:of|at)\s*$", re.I)
_PERIOD_JOIN = re.compile(r"\s*(?:to|until|till|through|thru|and|-|\u2013|\u2014)\s*", re.I)
_AUDITOR = re.compile(
    r"^[\s#*_>|\u2022\u00b7-]*(?:service\s+auditor|independent\s+(?:service\s+)?auditor|auditor|audit\s+firm|"
    r"audited\s+by|certification\s+body|certifying\s+body|registrar|assurance\s+provider)[*_]*\s*[:|]\s*"
    r"(?P<name>[^\n|]+?)[\s*_]*$",
    re.I | re.M,
)


def find_attestation(pages: Sequence[str], title: str, doc_type: str) -> Attestation | None:
    """The independent report the document is, or None when it does not name itself one (see module doc).

    ``doc_type`` is the type guessed from its title and text: a policy or a marketing page that has a
    "SOC 2 Type II report" heading describes the vendor's report, it is not the report."""
    named = None if doc_type in _VENDOR_AUTHORED else _report_name(pages, title)
    if named is None:
        return None
    cue, cue_page, stage = named
    scanned = _scanned_pages(pages)
    text = "\n".join((title, *scanned))
    kind = _kind(cue, stage, text)
    period = _period(scanned, point_first=kind.endswith("Type I"))
    auditor = _auditor(scanned)
    if period is None and not auditor:
        return None
    start, end, page, offset, stop = period or (None, None, 0, 0, 0)
    return Attestation(
        kind=kind,
        cue=cue,
        cue_page=cue_page,
        period_start=start,
        period_end=end,
        page=page,
        start=offset,
        end=stop,
        span_text=pages[page - 1][offset:stop] if page else "",
        auditor=auditor,
    )


def _report_name(pages: Sequence[str], title: str) -> tuple[str, int, str] | None:
    """(heading that names the report, its page (0: the title), the ISO audit stage it names, if any)."""
    candidates = [(title, 0)] + [
        (line, n) for n, page in enumerate(pages[:_HEAD_PAGES], 1) for line in page.split("\n")
    ]
    for raw, page in candidates:
        line = _HEADING_MARKUP.sub("", raw).strip()
        if len(line) > _HEADING_CHARS or line.endswith((".", "!", "?")) or _FIRST_PERSON.search(line):
            continue
        match = _REPORT_NAME.search(line)
        if match:
            return line, page, match.group("stage") or ""
    return None


def _scanned_pages(pages: Sequence[str]) -> list[str]:
    scanned, total = [], 0
    for page in pages:
        if total >= _SCAN_CHARS:
            break
        scanned.append(page)
        total += len(page)
    return scanned


def _kind(cue: str, stage: str, text: str) -> str:
    """The report's label, read from the heading that named it first and then from the opening pages."""
    if stage:
        stage_words = " ".join(stage.lower().split()).replace("stage two", "stage 2").replace("stage ii", "stage 2")
        standard = _ISO.search(cue) or _ISO.search(text)
        return f"ISO/IEC {standard.group('number')} {stage_words} audit" if standard else f"{stage_words} audit"
    soc = _SOC.search(cue) or _SOC.search(text)
    number = soc.group("number") if soc else next((n for n, scope in _SOC_SCOPE if scope.search(text)), "")
    if number == "3":
        return "SOC 3"
    standard = _ASSURANCE_STANDARD.search(cue) or _ASSURANCE_STANDARD.search(text)
    if number:
        base = f"SOC {number}"
    elif standard:
        base = f"{standard.group('name').upper()} {standard.group('number')}"
    else:
        return "independent audit"
    found = _SOC_TYPE.search(cue) or _SOC_TYPE.search(text)
    if not found:
        return base if number else f"{base} assurance"
    return f"{base} Type {'II' if found.group('type').lower() in ('ii', '2') else 'I'}"


def _period(
    pages: Sequence[str], point_first: bool
) -> tuple[datetime.date | None, datetime.date, int, int, int] | None:
    """(start, end, page, span start, span end) of the first stated period, or of the first "as of" date
    (start None); a point-in-time (Type I) report prefers the latter."""
    ranges, points = [], []
    for number, text in enumerate(pages, start=1):
        matches = list(_date_matches(text))
        for index, (match, value) in enumerate(matches):
            before = text[max(0, match.start() - _LEAD_WINDOW) : match.start()]
            base = match.start() - len(before)
            if index + 1 < len(matches) and (lead := _PERIOD_LEAD.search(before)):
                following, end = matches[index + 1]
                if _PERIOD_JOIN.fullmatch(text[match.end() : following.start()]) and value <= end:
                    ranges.append((value, end, number, base + lead.start(), following.end()))
            if point := _AS_OF.search(before):
                points.append((None, value, number, base + point.start(), match.end()))
    chosen = (points + ranges) if point_first else (ranges + points)
    return chosen[0] if chosen else None


def _auditor(pages: Sequence[str]) -> str:
    for text in pages:
        match = _AUDITOR.search(text)
        if match and len(match.group("name")) <= _AUDITOR_CHARS:
            return match.group("name").strip()
    return ""
