"""Facts read from a document's text: its title, the dates it states and a guess at its type."""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from assessor.evidence.model import FoundDate

MAX_TITLE = 120
_TITLE_LINES_SCANNED = 15
_PAGE_NUMBER = re.compile(r"(?:page\s*)?\d+(?:\s*(?:of|/)\s*\d+)?", re.I)
_MARKING = re.compile(
    r"(?:strictly\s+)?(?:confidential|internal(?:\s+use)?(?:\s+only)?|public|restricted|draft|classification\b.*|"
    r"version\b.*|v\d[\d.]*|rev(?:ision)?\.?\s*\d.*|doc(?:ument)?\s+(?:id|no|number|ref)\b.*|(?:www\.|https?://)\S+)",
    re.I,
)
_LABEL = re.compile(
    r"[\w /&-]{0,30}\b(?:date|owner|version|author|approved\s+by|approver|status|classification|ref(?:erence)?|id|"
    r"prepared\s+by|department|company|client|customer)\s*:\s",
    re.I,
)
# Markdown heading and emphasis markers around a title line.
_MARKUP = re.compile(r"^\s*#{1,6}\s+|^\s*[*_]{1,3}|[*_]{1,3}\s*$")
_CLOSING = (".", ",", ";", "!", "?", ":")
_WORD_EXPORT = re.compile(r"^(?:microsoft\s+(?:word|powerpoint)\s*-\s*)|\.(?:docx?|pptx?|pdf|odt)$", re.I)
_PLACEHOLDER_TITLES = {"untitled", "document", "title", "presentation", "slide 1"}

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = (
    re.compile(r"(?<![\d/.-])" + _YEAR + r"(?P<sep>[-/.])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?![\d/.-]?\d)"),
    re.compile(r"\b" + _DAY + r"(?:\s+of)?[\s-]+" + _MONTH + r",?[\s-]+" + _YEAR + r"\b", re.I),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I),
    # Numeric dates are read day-first, as in the UK and EU documents this tool mostly sees.
    re.compile(r"(?<![\d/.-])(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<month>[0-3]?\d)(?P=sep)" + _YEAR + r"(?![\d/.-]?\d)"),
)
# Checked against the words just before a date; the cue ending closest to the date wins. "period" is internal:
# a report's period ("Audit period: 1 Jan 2025 - 31 Dec 2025") is dated by its end, read as the issue date.
_DATE_CUES = tuple(
    (kind, re.compile(rf"\b(?:{pattern})\b", re.I))
    for kind, pattern in (
        (
            "valid_until",
            r"valid\s+(?:until|till|through|thru|to|up\s+to)|expir(?:es|ing|y|ation)(?:\s+date)?(?:\s+on)?|"
            r"date\s+of\s+expiry|until",
        ),
        (
            "effective",
            r"effective(?:\s+(?:date|from|as\s+of|on))?|valid\s+from|validity(?:\s+period)?|in\s+force\s+from|"
            r"commencement\s+date|start\s+date|applies\s+from",
        ),
        (
            "issued",
            r"issued?(?:\s+(?:date|on))?|date\s+of\s+issue|published|publication\s+date|approved(?:\s+on)?|"
            r"approval\s+date|signed(?:\s+on)?|dated|(?:date\s+of\s+)?certification(?:\s+date)?|certified\s+on|"
            # when the document was last revised: its age counts from then
            r"last\s+review(?:ed)?(?:\s+date)?|reviewed(?:\s+on)?|revision\s+date|revised(?:\s+on)?|"
            r"last\s+updated|updated\s+on|version\s+date|period\s+end(?:ed|ing)?(?:\s+on)?",
        ),
        (
            "review",
            r"(?:next|planned)\s+review(?:\s+date)?|review\s+(?:date|by|due)|to\s+be\s+reviewed(?:\s+by)?|"
            r"due\s+for\s+review",
        ),
        (
            "period",
            r"(?:audit|reporting|review|assessment|examination|test(?:ing)?|coverage)\s+period(?:\s+from)?|"
            r"period\s+(?:covered|under\s+review)|(?:for\s+the\s+)?period(?:\s+from)?",
        ),
    )
)
_CUE_WINDOW = 60
# Where a document states its own validity (see _states_own_validity).
_HEADER_BLOCK_LINES = 40  # the first page's first lines: its title block and document-control table
_EDGE_LINES = 2  # the first and last lines of every page: its running header and footer...
_EDGE_LINE_CHARS = 100  # ...when short enough to be one, not a paragraph
_SHORT_LINE = 60  # a label without a colon ("Valid until 31 March 2026") stands on a line no longer than this
_FIELD_BREAK = re.compile(r"\s*(?:\||\t|;|\u00b7|\u2022| {2,})\s*|[.!?]\s+")
_LABEL_LEAD = re.compile(r"^[\s#*_>|\u2022\u00b7\u2013\u2014-]*")
_LABEL_MAX_WORDS = 4  # "Initial certification date:", "Version 2.3 dated"
_VALUE_MAX_WORDS = 3  # a label's value is the date, not "2025-01-31 for the exception granted to team A"
_RANGE_WORDS = {"to", "until", "till", "through", "-", "\u2013", "\u2014"}
_LABEL_GAP = re.compile(r"[\s:|=\u2013\u2014-]*(?:(?:on|of|is|from|at)\b[\s:]*)?", re.I)
_LABEL_SEPARATOR = re.compile(r"[:|=\t]|[\u2013\u2014-]\s")
_DOC_NOUNS = (
    r"certificate|certification|agreement|policy|document|plan|procedure|runbook|report|addendum|contract|dpa|"
    r"statement|standard|attestation|letter|terms|schedule|annex"
)
_SELF_SUBJECT = re.compile(
    rf"(?:(?P<this>this\s+(?:{_DOC_NOUNS})(?:\s+[A-Z0-9][\w./-]*)?)|(?P<it>it))"
    r"(?:\s+(?:is|was|shall|will|be|been|remains?|becomes?|only|hereby|and|comes\s+into\s+force|takes\s+effect))*",
    re.I,
)
_THIS_DOCUMENT = re.compile(rf"^\s*this\s+(?:{_DOC_NOUNS})\b", re.I | re.M)
_SENTENCE_END = re.compile(r"[.!?]\s+|\n\s*\n")
_AND_JOIN = re.compile(r"\s*,?\s*(?:and|or)?\s*", re.I)
_CUE_MAX_GAP = 25
_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|through|-|\u2013|\u2014)\s*", re.I)

_TYPE_ORDER = ("certificate", "contract", "report", "procedure", "plan", "policy", "marketing")
_TITLE_CUES = {
    "policy": r"polic(?:y|ies)",
    "procedure": r"procedures?|runbooks?|run\s+books?|playbooks?|standard\s+operating|sops?|work\s+instructions?",
    "plan": r"plans?",
    "certificate": r"certificates?|certification|attestation",
    "contract": r"agreements?|dpa|addendum|terms\s+of\s+(?:service|use)|terms\s+and\s+conditions|contracts?|msa",
    # "SOC 2" alone is no cue: "SOC 2 compliant!" heads marketing pages; attestation.py knows a SOC report.
    "report": r"reports?|assessment\s+results|pen(?:etration)?\s*test|(?:audit|review)\s+(?:summary|results|"
    r"findings)|audit\s+and\s+management\s+review",
    "marketing": r"brochure|datasheet|data\s+sheet|product\s+overview|solution\s+brief|whitepaper|white\s+paper",
}
_BODY_CUES = {
    **_TITLE_CUES,
    "certificate": r"certificates?|hereby\s+certif(?:y|ies)|is\s+certified|certification\s+body|accredit(?:ed|ation)",
    # "contract" alone is everyday vocabulary too ("at the end of the contract"); agreements talk like agreements.
    "contract": r"this\s+(?:agreement|addendum|contract)|the\s+parties|hereinafter|in\s+witness\s+whereof|"
    r"governing\s+law|data\s+processing\s+(?:agreement|addendum)|master\s+services?\s+agreement|"
    r"terms\s+(?:and\s+conditions|of\s+service)",
    # Plain "report" is everyday vocabulary in procedures ("report incidents"), so the body needs the compound.
    "report": r"(?:audit|assessment|test|examination|assurance)\s+report|soc\s*2\s+type|independent\s+(?:service\s+)?"
    r"auditor|penetration\s+test(?:ing)?|findings\s+and\s+recommendations",
    "marketing": r"industry[- ]leading|world[- ]class|award[- ]winning|best[- ]in[- ]class|cutting[- ]edge|"
    r"state[- ]of[- ]the[- ]art|market[- ]leading|trusted\s+by|book\s+a\s+demo|request\s+a\s+demo|"
    r"contact\s+(?:our\s+)?sales|unparalleled|next[- ]generation|game[- ]chang\w+|brochure",
}
_TITLE_TYPE_PATTERNS = {kind: re.compile(rf"\b(?:{cue})\b", re.I) for kind, cue in _TITLE_CUES.items()}
_BODY_TYPE_PATTERNS = {kind: re.compile(rf"\b(?:{cue})\b", re.I) for kind, cue in _BODY_CUES.items()}
_NOT_FROM_A_PAGE = ("certificate", "report", "contract")
_BODY_CAP = 5
_BODY_SCAN_CHARS = 50_000
_MIN_BODY_SCORE = 2


def guess_title(pages: Sequence[str], metadata_title: str, file_name: str) -> str:
    """The document's title: metadata confirmed by page 1, else page 1's first meaningful line(s)."""
    first_page = pages[0] if pages else ""
    metadata = _clean_metadata_title(metadata_title)
    if metadata and " ".join(metadata.split()).casefold() in " ".join(first_page.split()).casefold():
        return _shorten(metadata)
    heading = _first_lines_title(first_page)
    return _shorten(heading or metadata or Path(file_name).stem.replace("_", " ").replace("-", " ").strip())


def find_dates(pages: Sequence[str], doc_type: str | None = None) -> tuple[FoundDate, ...]:
    """Every recognisable date; one entry per kind, date and page.

    A date keeps the kind its cue gives it (issued, effective, valid_until, review) only where a document
    states its own validity (see ``_states_own_validity``): a label in the first page's header block or
    in a short header or footer line ("Effective date: ...", "Valid until: ...", "Next review: ...",
    "Version 2.3 dated ..."), a sentence about the document itself ("This certificate expires ..."), or,
    in a certificate (``doc_type``, guessed from the pages when not given), its validity statement
    anywhere. Every other date ("the grace period expires on 2026-07-27") is "other" and never makes the
    document stale.
    """
    if doc_type is None:
        doc_type = guess_doc_type(guess_title(pages, "", ""), "", pages)[0] if pages else "other"
    found: list[FoundDate] = []
    seen: set[tuple[str, datetime.date, int]] = set()
    for number, text in enumerate(pages, start=1):
        lines = _Lines(text)
        previous_end, previous_kind, previous_own = 0, "", False
        for match, value in _date_matches(text):
            kind, cue_start, cue_end = _date_kind(text, max(previous_end, match.start() - _CUE_WINDOW), match.start())
            if (
                kind == "other"
                and previous_kind in ("effective", "period")
                and _RANGE_JOIN.fullmatch(text[previous_end : match.start()])
            ):
                # the end of "valid 1 May 2025 - 30 April 2028", or of a report's period
                kind, own = ("valid_until" if previous_kind == "effective" else "issued"), previous_own
            else:
                own = kind != "other" and (
                    # "... effective from 2026-02-01 and expires on ...": one statement, one verdict
                    (previous_own and bool(_AND_JOIN.fullmatch(text[previous_end:cue_start])))
                    or _states_own_validity(text, lines, number, kind, (cue_start, cue_end), match.start(), doc_type)
                )
            shown = kind if own and kind != "period" else "other"
            key = (shown, value, number)
            if key not in seen:
                seen.add(key)
                found.append(FoundDate(shown, value, number, " ".join(text[cue_start : match.end()].split())))
            previous_end, previous_kind, previous_own = match.end(), kind, own
    return tuple(found)


def guess_doc_type(title: str, file_name: str, pages: Sequence[str], web_page: bool = False) -> tuple[str, str]:
    """(type, reason): the title's head noun decides, then the file name, then how the text talks.

    A saved ``web_page`` (a trust-center page) that only talks about certificates, reports or contracts is the
    vendor's own account of them, not one of them: its text alone never makes it one."""
    for label, text in (("title", title), ("file name", Path(file_name).stem.replace("_", " "))):
        hits = [(m.start(), kind, m.group(0)) for kind, p in _TITLE_TYPE_PATTERNS.items() for m in p.finditer(text)]
        if hits:
            # English titles end in their head noun: "Policy Review Procedure" is a procedure.
            _, kind, word = max(hits)
            return kind, f"{label} contains '{word}'"
    # The opening pages show what a document is; scanning a 1000-page annex adds time, not signal.
    body = "\n".join(pages)[:_BODY_SCAN_CHARS]
    scores: dict[str, tuple[int, list[str]]] = {}
    for kind, pattern in _BODY_TYPE_PATTERNS.items():
        words = [m.group(0).lower() for m in pattern.finditer(body)]
        # Marketing shows in the variety of its boasts, the other types in repetition of their noun.
        score = len(set(words)) * 2 if kind == "marketing" else min(len(words), _BODY_CAP)
        scores[kind] = (score, words)
    kind = max(_TYPE_ORDER, key=lambda k: (scores[k][0], -_TYPE_ORDER.index(k)))
    score, words = scores[kind]
    if score < _MIN_BODY_SCORE:
        return "other", "no type keywords in the title, file name or text"
    if web_page and kind in _NOT_FROM_A_PAGE:
        top = max(set(words), key=lambda w: (words.count(w), w))
        return "other", f"a web page: the vendor's own statement (its text mentions '{top}', but no title says so)"
    if kind == "marketing":
        cues = ", ".join(f"'{w}'" for w in sorted(set(words))[:3])
        return kind, f"text uses marketing language ({cues})"
    top = max(set(words), key=lambda w: (words.count(w), w))
    return kind, f"text mentions '{top}' {len(words)} time{'s' if len(words) != 1 else ''}"


class _Lines:
    """The lines of one page, found by character offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        filled = [n for n in range(len(self.starts)) if self.line(n).strip()]
        self.edges = set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])

    def index(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def span(self, n: int) -> tuple[int, int]:
        end = self.starts[n + 1] - 1 if n + 1 < len(self.starts) else len(self.text)
        return self.starts[n], end

    def line(self, n: int) -> str:
        start, end = self.span(n)
        return self.text[start:end]


def _states_own_validity(
    text: str, lines: _Lines, page: int, kind: str, cue: tuple[int, int], date_start: int, doc_type: str
) -> bool:
    """Whether the cued date is the document's own validity, not a date its text mentions.

    * a certificate's validity statement (valid until, valid from, issue date), anywhere in it;
    * a sentence whose subject is the document itself: "This certificate expires ...", "This agreement ...
      It is effective from ...";
    * a label: the cue opens a line, or a field of it, and only a colon or a dash stands between it and the
      date ("Effective date: ...", "Valid until 31 March 2026", "Version 2.3 dated ..."), in the first page's
      header block or in a short header or footer line of any page.
    """
    if doc_type == "certificate" and kind in ("valid_until", "effective", "issued"):
        return True
    if _about_itself(text, cue[0]):
        return True
    number = lines.index(cue[0])
    if not _is_label(text, lines, number, cue, date_start):
        return False
    if page == 1 and number < _HEADER_BLOCK_LINES:
        return True
    return number in lines.edges and len(lines.line(number).strip()) <= _EDGE_LINE_CHARS


def _is_label(text: str, lines: _Lines, number: int, cue: tuple[int, int], date_start: int) -> bool:
    gap = text[cue[1] : date_start]
    if not _LABEL_GAP.fullmatch(gap):
        return False
    line_start, line_end = lines.span(number)
    if _value_words(text[date_start:line_end]) > _VALUE_MAX_WORDS:
        return False
    lead = _LABEL_LEAD.sub("", _FIELD_BREAK.split(text[line_start : cue[0]])[-1])
    if len(lead.split()) > _LABEL_MAX_WORDS:
        return False
    if _LABEL_SEPARATOR.search(gap):
        return True
    # Without a colon, only a short line of its own: not a wrapped line of a paragraph that starts "until ...".
    if len(lines.line(number).strip()) > _SHORT_LINE:
        return False
    previous = lines.line(number - 1).strip() if number else ""
    return not previous or len(previous) <= _SHORT_LINE or previous.endswith((".", ":", ";", "!", "?"))


def _value_words(rest: str) -> int:
    """Words after the date in its field (up to a separator or a sentence end), dates and range words aside."""
    field = _FIELD_BREAK.split(rest, maxsplit=1)[0]
    for match, _ in reversed(list(_date_matches(field))):
        field = field[: match.start()] + " " + field[match.end() :]
    return sum(word.casefold() not in _RANGE_WORDS for word in field.split())


def _about_itself(text: str, cue_start: int) -> bool:
    """The cue's sentence is about the document itself: "This certificate [is valid until]", or "It [is
    effective from]" right after a sentence that starts "This agreement". A title line before the sentence
    (no full stop after it) is not part of it."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, cue_start)]
    start = ends[-1] if ends else 0
    subject = _subject(text[start:cue_start])
    if subject is None:
        return False
    if subject.group("this"):
        return True
    previous = text[ends[-2] if len(ends) > 1 else 0 : start] if ends else ""
    return bool(_THIS_DOCUMENT.search(previous))


def _subject(sentence: str) -> re.Match[str] | None:
    """The sentence up to the cue is just its subject ("This certificate is"), from its start or a line start."""
    starts = [0, *(m.end() for m in re.finditer("\n", sentence))]
    for start in starts:
        subject = _SELF_SUBJECT.fullmatch(sentence[start:].strip())
        if subject:
            return subject
    return None


def _first_lines_title(page: str) -> str:
    lines = [_MARKUP.sub("", line).strip() for line in page.splitlines()[:_TITLE_LINES_SCANNED]]
    for index, line in enumerate(lines):
        if not _meaningful(line):
            continue
        title = line
        following = lines[index + 1] if index + 1 < len(lines) else ""
        # Large title fonts wrap: "Incident Response" / "Runbook" is one title.
        if len(line) <= 60 and _meaningful(following) and len(following) <= 60 and not following.endswith(_CLOSING):
            title = f"{line} {following}"
        return title
    return ""


def _meaningful(line: str) -> bool:
    return (
        sum(c.isalpha() for c in line) >= 3
        and not _PAGE_NUMBER.fullmatch(line)
        and not _MARKING.fullmatch(line)
        and not _LABEL.match(line)
        and not any(True for _ in _date_matches(line))
    )


def _clean_metadata_title(title: str) -> str:
    cleaned = _WORD_EXPORT.sub("", title.strip()).strip()
    return "" if cleaned.casefold() in _PLACEHOLDER_TITLES or sum(c.isalpha() for c in cleaned) < 3 else cleaned


def _shorten(title: str) -> str:
    if len(title) <= MAX_TITLE:
        return title
    return title[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "\u2026"


def _date_matches(text: str) -> Iterator[tuple[re.Match[str], datetime.date]]:
    """Valid dates in text order; where patterns overlap the earliest, longest match wins."""
    candidates = sorted(
        ((m.start(), -m.end(), m) for pattern in _DATE_PATTERNS for m in pattern.finditer(text)),
        key=lambda item: item[:2],
    )
    end = 0
    for start, _, match in candidates:
        value = _to_date(match)
        if start >= end and value:
            end = match.end()
            yield match, value


def _to_date(match: re.Match[str]) -> datetime.date | None:
    month_text = match.group("month")
    numeric = month_text.isdigit()
    month = int(month_text) if numeric else _MONTHS[month_text.lower()]
    day, year = int(match.group("day")), int(match.group("year"))
    orders = [(month, day)]
    if numeric and match.start("day") < match.start("month"):
        orders.append((day, month))  # "03/31/2026" cannot be day-first, so it is in US order
    for month_number, day_number in orders:
        try:
            return datetime.date(year, month_number, day_number)
        except ValueError:
            continue
    return None


def _date_kind(text: str, window_start: int, date_start: int) -> tuple[str, int, int]:
    """Kind of the date starting at date_start, and where its cue begins and ends (date_start when there is none)."""
    context = text[window_start:date_start]
    cues = [
        (cue.end(), cue.end() - cue.start(), kind, window_start + cue.start())
        for kind, pattern in _DATE_CUES
        for cue in pattern.finditer(context)
        if len(context) - cue.end() <= _CUE_MAX_GAP
    ]
    if not cues:
        return "other", date_start, date_start
    end, _, kind, cue_start = max(cues)
    return kind, cue_start, window_start + end
