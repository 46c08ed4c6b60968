"""Positive signals: one per question-bank criterion, each finding the concrete facts a specific answer names.

Durations, percentages, ids, standards, roles and dates are the answer object's typed facts (found by
``assessor.claims`` when the doc was built), so an answer's facts are read the same way here as when they
are compared with evidence, and never extracted twice. Every hit's span is exact against ``doc.text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assessor.answer_doc import AnswerDoc
from assessor.claims import DURATION, WORD_NUMBERS
from assessor.text import without_overlaps
from scoring.signals.base import PatternSignal, SignalHit, facts, overlaps

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUM = "|".join(sorted((w for w in WORD_NUMBERS if w != "one"), key=len, reverse=True))
_TIME_UNIT = r"(?:minutes?|mins?|hours?|hrs?|(?:business |working |calendar )?days?|weeks?|months?|quarters?|years?)"
_CAPITALIZED = r"[A-Z][\w&'/-]*"
_LEADING_FILLER = re.compile(
    r"^(?:(?:Our|The|An?|Each|Every|Its|Their|This|That|These|All|Any|See|Per|Under|In|Both|Your)\s+)+"
)


# --------------------------------------------------------------------------------------------- owner
_ROLE_NOUN = (
    r"(?:officer|manager|owner|lead|engineer|counsel|commander|auditor|analyst|reviewer|steward|architect"
    r"|committee|board|council|champion)"
)
# "the on-call ML engineer", "a named product owner": a determiner, one to three qualifiers, a role noun
_LOWER_ROLE = re.compile(
    r"\b(?i:our|the|a|an|each|every|named|designated|dedicated)\s+"
    r"((?:(?!(?:the|a|an|our|their|and|or|of|to|for|with|by)\b)[A-Za-z][\w-]*\s+){1,3}?"
    rf"{_ROLE_NOUN}s?)\b"
)
_TITLED_BODY = re.compile(
    rf"\b(?:{_CAPITALIZED}\s+(?:(?:and|&|of)\s+)?){{1,4}}(?:Team|Counsel|Commander|Auditor|Forum|Panel|Champion)\b"
)
_PERSON = r"[A-Z][a-z]+(?:\s+(?:van|de|von|da)\b)?(?:\s+[A-Z][a-z'-]+){1,2}"
_PERSON_AFTER = re.compile(rf"^(?:,\s*|\s*\(\s*|\s+)({_PERSON})\b\)?")
_PERSON_BEFORE = re.compile(rf"(?<![\w,])({_PERSON}),\s*(?:(?:our|the|who is|is)\s+)?$")
_NOT_A_PERSON = {"The", "Our", "In", "At", "For", "On", "By", "Each", "Every", "All", "This", "That", "When", "If"}


class Owner(PatternSignal):
    """Accountable roles (from the claim extractor), named people beside them, and named teams and bodies."""

    name = "owner"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        text = doc.text
        found: list[SignalHit] = []
        for claim in facts(doc):
            if claim.kind == "role":
                found.append(self._role_hit(text, claim.start, claim.end))
        for match in _LOWER_ROLE.finditer(text):
            found.append(self.hit(text, *match.span(1), "names an accountable role"))
        for match in _TITLED_BODY.finditer(text):
            start = _after_filler(match)
            if len(text[start : match.end()].split()) >= 2:
                found.append(self.hit(text, start, match.end(), "names an accountable role or team"))
        return without_overlaps(found)

    def _role_hit(self, text: str, start: int, end: int) -> SignalHit:
        after = _PERSON_AFTER.match(text[end : end + 40])
        if after and after.group(1).split()[0] not in _NOT_A_PERSON:
            return self.hit(text, start, end + after.end(), "names the accountable person and their role")
        window = max(0, start - 50)
        before = _PERSON_BEFORE.search(text[window:start])
        if before and before.group(1).split()[0] not in _NOT_A_PERSON:
            return self.hit(text, window + before.start(1), end, "names the accountable person and their role")
        return self.hit(text, start, end, "names an accountable role")


def _after_filler(match: re.Match[str]) -> int:
    """Where a capitalised name really starts once a leading 'Our', 'The', 'Every'... is dropped."""
    filler = _LEADING_FILLER.match(match.group(0))
    return match.start() + (len(filler.group(0)) if filler else 0)


# -------------------------------------------------------------------------------------------- metric
_METRIC = re.compile(
    r"\b(?:"
    r"(?:(?:classification|intent|label|answer|containment|model|routing|top-\d)\s+)?accuracy|precision|recall"
    r"|F1(?:[- ]score)?|ROC[- ]AUC|AUC|CSAT|NPS|net promoter score|customer satisfaction(?: score)?"
    r"|(?:first[- ]contact )?resolution rate|false[- ](?:positive|negative)(?: rate)?s?|(?:p\d\d )?latency"
    r"|response times?|(?:average )?handle time|AHT|MTT[RDA]|time to (?:resolution|detect|resolve)|uptime"
    r"|(?:data |model |concept )?drift|hallucination(?: rate)?s?|grounding (?:score|rate|failure rate)|groundedness"
    r"|toxicity(?: rate| score)?|word error rate|WER|BLEU|ROUGE(?:-L)?|demographic parity|disparate impact"
    r"|(?!(?:any|the|a|this|that|low|high|our|same|flat|first|hourly|daily|interest|exchange|heart|birth)\b)"
    r"[a-z][a-z-]+ (?:rate|ratio|score)s?"
    r")\b",
    re.I,
)


class Metric(PatternSignal):
    """Named measures of quality or safety (accuracy, CSAT, containment rate, latency, drift...)."""

    name = "metric"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        return without_overlaps(self.hits_for(doc.text, _METRIC, "names the metric that is measured"))


# ----------------------------------------------------------------------------------------- threshold
_AMOUNT_UNIT = r"(?:%|per ?cent\b|percentage points?|points?|pp\b|ms\b|seconds?)"
_AMOUNT = rf"(?:(?:EUR|USD|GBP|[$€£])\s?)?(?:{_NUM})(?:\s*{_AMOUNT_UNIT})?"
_THRESHOLD = re.compile(
    r"\b(?:(?:falls?|drops?|dips?|goes|rises?|climbs?|is|are|stays?|remains?)\s+)?"
    r"(?:below|under|above|over|exceeds?|exceeding|less than|more than|greater than|fewer than|at least|at most"
    r"|no (?:more|less|fewer) than|up to|minimum(?: of)?|maximum(?: of)?|threshold of|target of|drop of|rise of"
    r"|increase of|decrease of|drops? by|falls? by)\s+"
    rf"(?:an?\s+|the\s+)?(?:(?:score|rate|value|level) of\s+)?{_AMOUNT}"
    rf"|(?:{_NUM})\s*%?\s+or\s+(?:above|higher|more|greater|below|lower|less|fewer)\b"
    r"|(?:[<>]=?|[≥≤])\s*" + _AMOUNT + rf"|\b(?:twice|(?:{_NUM}|{_WORD_NUM}) times) in a row\b"
    rf"|\b(?:{_NUM}|{_WORD_NUM}) consecutive\s+[a-z-]+",
    re.I,
)
_WINDOW = re.compile(rf"^(?:over|up to|under)\s+(?:an?\s+|the\s+)?(?:{_NUM})[\s-]*{_TIME_UNIT}\b", re.I)


class Threshold(PatternSignal):
    """A limit that triggers action: a comparison word with a number ("drops below 92%", "score of 12 or above")."""

    name = "threshold"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        text = doc.text
        found = []
        for match in _THRESHOLD.finditer(text):
            # "over a 2-hour window" is a time frame, not a limit
            if _WINDOW.match(match.group(0)) or _WINDOW.match(text[match.start() : match.end() + 12]):
                continue
            found.append(self.hit(text, *match.span(), "sets a threshold or limit that triggers action"))
        return without_overlaps(found)


# ------------------------------------------------------------------------------------------- cadence
_FREQUENCY_WORD = (
    r"(?:hourly|daily|nightly|weekly|bi-?weekly|fortnightly|monthly|bi-?monthly|quarterly|semi-?annual(?:ly)?"
    r"|bi-?annual(?:ly)?|annual(?:ly)?|yearly)"
)
_EVENT = r"(?:release|deployment|deploy|sprint|change|update|build|launch|rollout|retrain(?:ing)?)"
_CADENCE = re.compile(
    rf"\b(?:{_FREQUENCY_WORD}"
    rf"|(?:every|each)\s+(?:(?:{_NUM}|{_WORD_NUM}|other)\s+)?(?:{_TIME_UNIT}|minute|hour|day|week|month|quarter|year"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    rf"|(?:once|twice|(?:three|four|{_NUM}) times)\s+(?:a|per|each|every)\s+(?:day|week|month|quarter|year)"
    rf"|(?:(?:on|at|after|before|with|for)\s+)?(?:(?:every|each)\s+(?:[a-z-]+\s+){{0,3}}?|per\s+)"
    rf"{_EVENT}s?"
    r"|(?:continuous(?:ly)?|in real[- ]time|real[- ]time|24/7)\b[^.;\n]{0,60}?\b(?:using|via|with|in|through|on|by)"
    r"\s+(?:our\s+|the\s+)?(?-i:[A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)*)"
    r")\b",
    re.I,
)


class Cadence(PatternSignal):
    """How often something happens: daily ... annually, every N days, per release, continuous with a named tool."""

    name = "cadence"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        return without_overlaps(self.hits_for(doc.text, _CADENCE, "says how often it happens"))


# ---------------------------------------------------------------------------------------- time_frame
_LEAD_IN = re.compile(
    r"\b(?:no later than|within|for|after|before|up to|in|over|of|by|than|least)\s+(?:a\s+|the\s+|first\s+)?$", re.I
)
_DEADLINE_WORD = re.compile(r"^(?:no later than|within|by|before|up to)\b", re.I)
_EVERY_BEFORE = re.compile(r"\b(?:every|each|per)\s+(?:other\s+)?$", re.I)
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WORDY_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+{_MONTHS}\s+20\d\d|{_MONTHS}\s+\d{{1,2}},\s+20\d\d|{_MONTHS}\s+20\d\d|Q[1-4]\s+20\d\d"
    rf"|(?:FY|H[12]\s+)20\d\d)\b"
)
_RELATIVE_DEADLINE = re.compile(r"\b(?:same|next)\s+(?:business\s+|working\s+)?day\b", re.I)
_SECONDS = re.compile(r"\b(?:(?:within|in|under|after)\s+)?\d+(?:\.\d+)?\s*(?:seconds?|secs?)\b", re.I)


class TimeFrame(PatternSignal):
    """Deadlines, periods and dates: "within 24 hours", "retained for 90 days", "by 2026-02-28"."""

    name = "time_frame"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        text = doc.text
        found = []
        for claim in facts(doc):
            if claim.kind == "duration" and not _EVERY_BEFORE.search(text[max(0, claim.start - 20) : claim.start]):
                lead = _LEAD_IN.search(text[max(0, claim.start - 30) : claim.start])
                start = claim.start - (len(lead.group(0)) if lead else 0)
                deadline = bool(_DEADLINE_WORD.match(text[start : claim.end]))
                found.append(self.hit(text, start, claim.end, "sets a deadline" if deadline else "states a period"))
            elif claim.kind == "date":
                found.append(self.hit(text, claim.start, claim.end, "gives a date"))
        found += self.hits_for(text, _WORDY_DATE, "gives a date")
        found += self.hits_for(text, _RELATIVE_DEADLINE, "sets a deadline")
        found += self.hits_for(text, _SECONDS, "sets a deadline")
        cadence_spans = [m.span() for m in _CADENCE.finditer(text)]
        return without_overlaps(h for h in found if not overlaps(h.start, h.end, cadence_spans))


# ------------------------------------------------------------------------------------ named_document
_DOC_NOUN = (
    r"(?:Polic(?:y|ies)|Plan|Procedures?|Process|Standards?|Agreement|Addendum|Contract|Terms|Runbook|Playbook"
    r"|Register|Registry|Log|Charter|Statement|Framework|Card|Sheet|Reports?|Assessments?|Questionnaire|Matrix"
    r"|Handbook|Manual|Guide|Guidelines|Schedule|Notice|Specification|Record|Certificate|Catalog(?:ue)?|Taxonomy"
    r"|Inventory|Methodology|Checklist|Template|Form|Dashboard|Pipeline|Suite|Programme|Program)"
)
_TITLED_DOCUMENT = re.compile(
    rf"\b(?:{_CAPITALIZED}\s+(?:(?:and|&|of|for|on|to)\s+)?){{1,6}}{_DOC_NOUN}"
    rf"(?:\s+(?:of|for|on)\s+(?:{_CAPITALIZED}\s?){{1,3}})?\b"
    rf"|\b{_DOC_NOUN}\s+of\s+(?:{_CAPITALIZED}\s?){{1,3}}\b"
)
_DOC_ACRONYM = re.compile(r"\b(?:DPA|MSA|SLA|DPIA|SoA|AUP|BAA|SCCs?|RoPA|AIA)\b")
_VERSION = re.compile(r"\bv\d+(?:\.\d+)+\b|\bv\d+\b(?=\s*[,;.)]|\s+of\b)|\bversion\s+\d+(?:\.\d+)*\b", re.I)
_SECTION = re.compile(
    r"§\s*\d+(?:\.\d+)*|\b(?:sections?|clauses?|annex|appendix|schedule|articles?|art\.)\s+[A-Z]?\.?\d+(?:\.\d+)*"
    r"(?:\s*[-\u2013]\s*\d+(?:\.\d+)*)?\b",
    re.I,
)
_NAMED_CONTROL = re.compile(r"\b(?:TLS\s?1\.[0-3]|AES[- ]?(?:128|256)|SHA-?(?:256|384|512))\b")
_TOOL = re.compile(
    rf"\b(?:{_CAPITALIZED}\s+){{1,3}}(?P<noun>dashboard|classifier|scanner|gateway|console|tracker|filter|pipeline)s?\b"
)
_CAMEL_TOOL = re.compile(
    r"\b(?:using|via|in|through|with|into|to|on|by)\s+(?:our\s+|the\s+)?([A-Z][a-z]+[A-Z][A-Za-z]+)\b"
)
_STANDARD_WHY = "cites a standard or framework by name"


class NamedDocument(PatternSignal):
    """Document ids, titled documents, versions, sections, standards and named tools or controls."""

    name = "named_document"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        text = doc.text
        found: list[SignalHit] = []
        for claim in facts(doc):
            if claim.kind == "identifier":
                found.append(self.hit(text, claim.start, claim.end, "cites a document or control by id"))
            elif claim.kind == "standard":
                found.append(self.hit(text, claim.start, claim.end, _STANDARD_WHY))
        for match in _TITLED_DOCUMENT.finditer(text):
            start = _after_filler(match)
            if len(text[start : match.end()].split()) >= 2:
                found.append(self.hit(text, start, match.end(), "names a document by its title"))
        for match in _TOOL.finditer(text):
            if _after_filler(match) < match.end() - len(match.group("noun")) - 1:
                found.append(self.hit(text, _after_filler(match), match.end(), "names the tool or control used"))
        found += self.hits_for(text, _DOC_ACRONYM, "names a contract or record by type")
        found += self.hits_for(text, _VERSION, "gives a document version")
        found += self.hits_for(text, _SECTION, "points to a section")
        found += self.hits_for(text, _NAMED_CONTROL, "names a concrete control")
        found += self.hits_for(text, _CAMEL_TOOL, "names the tool used", group=1)
        return without_overlaps(found)


# --------------------------------------------------------------------------------------------- scope
_SCOPE_OBJECT = r"(?:\s+[^\s.,;:()]+){1,8}"
_SCOPE = re.compile(
    r"(?i)\b(?:(?:in|out of|within|outside(?: of)?)[- ]scope\b"
    rf"|(?:(?:covers|covering|applies to|apply to|applied to|applicable to|excludes|excluding|except for"
    rf"|limited to|restricted to|scoped to|only (?:for|to|in))){_SCOPE_OBJECT}"
    r"|(?:all|every|each|both)\s+(?:(?:production|customer|supported|our)\s+)?(?:regions?|tenants?|products?"
    r"|channels?|languages?|environments?|markets?|business units?|data cent(?:er|re)s?|deployments?|subprocessors?)"
    r"|per[- ](?:tenant|customer|region|channel)"
    r"|(?-i:EU|EEA|UK|US|EMEA|APAC|LATAM|North America|Europe)(?:\s+(?:regions?|only|data cent(?:er|re)s?))"
    r"|[a-z]{2}-(?:west|east|north|south|central|northeast|southeast)-\d"
    r")\b",
)


class Scope(PatternSignal):
    """What is in or out of scope: "covers Chat and Agent Assist", "out of scope", "all regions", "EU region"."""

    name = "scope"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        return without_overlaps(self.hits_for(doc.text, _SCOPE, "states what is in or out of scope"))


# ------------------------------------------------------------------------------------------ quantity
_COUNT_NOUN = r"(?:(?!(?:seconds|secs)\b)[a-z][\w-]{2,}(?<![siu])s|staff|people|personnel)"
_QUANTITY = re.compile(
    rf"\b(?!(?:19|20)\d\d\b)(?:{_NUM}|{_WORD_NUM})(?:\s+(?!of\b|and\b|or\b|to\b)[\w-]+){{0,2}}?\s+{_COUNT_NOUN}\b"
    rf"|\b(?:{_NUM})-[a-z]+\b(?=\s+[a-z])"
    rf"|(?:\b(?:EUR|USD|GBP)\s?|[$€£])(?:{_NUM})(?:\s?(?:k|m|million|bn)\b)?",
    re.I,
)


class Quantity(PatternSignal):
    """Counts with units: "3 reviewers", "1,200 conversations", "14 sub-processors", "EUR 200"."""

    name = "quantity"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        text = doc.text
        taken = [(c.start, c.end) for c in facts(doc) if c.kind != "role"]
        taken += [m.span() for m in _VERSION.finditer(text)] + [m.span() for m in _SECTION.finditer(text)]
        found = []
        for match in _QUANTITY.finditer(text):
            number_end = match.start() + len(re.match(r"[^\s-]+", match.group(0)).group(0))
            if DURATION.match(match.group(0)) or overlaps(match.start(), number_end, taken):
                continue
            found.append(self.hit(text, *match.span(), "gives a concrete number"))
        return without_overlaps(found)


# ------------------------------------------------------------------------------------- process_steps
_ENUMERATION = re.compile(r"(?:^|(?<=[\s:;]))\(?(\d{1,2}|[a-h]|i{1,3}|iv|v)[.)](?=\s)|\bStep\s+(\d{1,2})\b", re.M)
_SEQUENCE = re.compile(
    r"(?:^|(?<=[.;:] ))(?:First|Second|Third)(?:ly)?\b|\b(?:first|second|third)(?:ly)?(?=,|\s+we\b)"
    r"|(?<=[,;] )then\b|(?<=\band )then\b|(?:^|(?<=[.;:] ))(?:Then|Next)\b(?! again)"
    r"|\b(?:after that|afterwards|subsequently|finally|lastly|Finally|Lastly)\b",
    re.M,
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_END_OF_STEP = re.compile(r"[.;\n]")


class ProcessSteps(PatternSignal):
    """Concrete steps: an enumerated list ("(1) ... (2) ...") or an ordered sequence ("first ... then ... finally")."""

    name = "process_steps"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        text = doc.text
        found = []
        steps = _numbered_run(text)
        if len(steps) >= 2:
            end = _step_end(text, steps[-1][1])
            found.append(self.hit(text, steps[0][0], end, f"lists {len(steps)} numbered steps"))
        markers = list(_SEQUENCE.finditer(text))
        distinct = {m.group(0).lower().removesuffix("ly") for m in markers}
        if len(distinct) >= 2:
            end = _step_end(text, markers[-1].end())
            found.append(self.hit(text, markers[0].start(), end, f"orders the work in {len(distinct)} steps"))
        labels = list(_STEP_LABEL.finditer(text))  # bullets alone list facts as often as steps: not counted here
        if not found and len(labels) >= 2:
            end = _step_end(text, labels[-1].end())
            found.append(self.hit(text, labels[0].start(), end, f"lists {len(labels)} steps"))
        return without_overlaps(found)


def _numbered_run(text: str) -> list[tuple[int, int]]:
    """Spans of the markers of the longest run counting 1, 2, 3... (or a, b, c / i, ii, iii)."""
    best: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    expected = 1
    for match in _ENUMERATION.finditer(text):
        label = (match.group(1) or match.group(2)).lower()
        value = int(label) if label.isdigit() else _ROMAN.get(label, ord(label[0]) - ord("a") + 1)
        if value == 1:
            run, expected = [match.span()], 2
        elif value == expected and run:
            run.append(match.span())
            expected += 1
        if len(run) > len(best):
            best = list(run)
    return best


def _step_end(text: str, position: int) -> int:
    stop = _END_OF_STEP.search(text, position)
    return stop.start() if stop else len(text)


# Step forms the numbered-run and sequence patterns above leave out: "Step 1 / Step two", "Stage", "Phase",
# bulleted lines, "1st ... 2nd", a lower-case "first ... then ... finally".
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten"
_STEP_LABEL = re.compile(rf"\b(?:step|stage|phase)\s+(?:\d{{1,2}}|{_NUMBER_WORDS})\b", re.I)
_BULLET = re.compile(r"^[ \t]*[-*\u2022\u00b7\u2013\u2014\u25aa\u25e6\u2023][ \t]+\S", re.M)
_NUMBERED = re.compile(r"(?:^|(?<=[\s:;(]))\(?(\d{1,2}|[a-h])[.)](?=\s)|\b(1st|2nd|3rd)\b", re.M | re.I)
_ANY_SEQUENCE = re.compile(
    r"\bfirst(?:ly)?\b|\bsecond(?:ly)?\b(?=[,:]|\s+(?:we|the|a|an)\b)|\bthird(?:ly)?\b(?=[,:]|\s+(?:we|the|a|an)\b)"
    r"|(?<!\bsince )(?<!\bby )(?<!\buntil )(?<!\btill )(?<!\bback )\bthen\b"
    r"|(?:^|(?<=[.;:]\s))next\b|\bnext,|\bafter\s+that\b|\bafterwards\b|\bsubsequently\b|\bfinally\b|\blastly\b",
    re.I | re.M,
)


def _marker_key(marker: str) -> str:
    word = " ".join(marker.lower().strip(",").split())
    return word.removesuffix("ly") if word in ("firstly", "secondly", "thirdly", "lastly", "finally") else word


def _counts_up(labels: Sequence[tuple[str, str]]) -> bool:
    """A list counting 1, 2 (or a, b; 1st, 2nd) in reading order."""
    values = []
    for marker, ordinal in labels:
        label = (marker or ordinal[0]).lower()
        values.append(int(label) if label.isdigit() else ord(label) - ord("a") + 1)
    return any(first == 1 and 2 in values[index + 1 :] for index, first in enumerate(values))


def gives_steps(answer: str) -> bool:
    """The answer lays out a process in steps: "Step 1 ... Step 2", a numbered ("1." / "(1)" / "a)") or bulleted
    list of two or more items, or an ordered sequence of two or more markers ("first ... then ... finally")."""
    if len(_STEP_LABEL.findall(answer)) >= 2 or len(_BULLET.findall(answer)) >= 2:
        return True
    if _counts_up(_NUMBERED.findall(answer)):
        return True
    markers = {_marker_key(m.group(0)) for m in _ANY_SEQUENCE.finditer(answer)}
    return len(markers) >= 2


# ----------------------------------------------------------------------------------------- mechanism
# What a system or a team does to something concrete, stated as current practice: "the data access layer adds
# the tenant filter to each query", "replies are checked against the retrieved passages". Honest technical
# prose earns credit this way without a role or a number.
_ACTION = (
    r"(?:check|scan|filter|encrypt|stor|log|writ|rout|block|reject|drop|compar|add|remov|delet|build|receiv|hand"
    r"|replac|withh[oe]ld|detect|switch|run|record|send|sent|mask|redact|validat|hash|sign|key|partition|isolat"
    r"|promot|merg|revok|destroy|quarantin|throttl|pseudonymi[sz]|anonymi[sz]|restrict|limit|verif|captur"
    r"|sampl|review|test|monitor|alert|page|escalat|roll(?:ed|s)?\s+back|fenc)"
)
_MECHANISM_VERB = re.compile(rf"\b(?:(?:is|are|gets?)\s+(?:\w+ly\s+)?{_ACTION}\w*|{_ACTION}(?:s|es|ed)\b)", re.I)
_SYSTEM_NOUN = re.compile(
    r"\b(?:tables?|quer(?:y|ies)|index(?:es)?|stores?|databases?|pipelines?|tokens?|keys?|partitions?|schemas?"
    r"|APIs?|gateways?|consoles?|prompts?|classifiers?|filters?|suites?|allow-?lists?|deny-?lists?|logs?|events?"
    r"|backups?|jobs?|channels?|endpoints?|services?|layers?|caches?|queues?|snapshots?|templates?|passages?"
    r"|transcripts?|sessions?|requests?|replies|responses?|inputs?|outputs?|deployments?|releases?|builds?"
    r"|versions?|records?|datasets?|identifiers?|tenants?|accounts?|credentials?|certificates?|alerts?|dashboards?"
    r"|tickets?|snippets?|tools?|calls?|rules?|thresholds?|agents?|partitions?|files?|fields?|columns?)\b",
    re.I,
)
_MIN_MECHANISM_WORDS = 6  # a clause shorter than this names too little to say how


class Mechanism(PatternSignal):
    """A clause saying how the thing is done: an action on a named system part ("queries are filtered by tenant
    key"), not an intention or an adjective. Clauses of plans do not count."""

    name = "mechanism"
    label = "how it is done"

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        found = []
        for sentence in doc.sentences:
            for start, end in sentence.clauses:
                clause = doc.text[start:end]
                if sentence.is_plan(start) or len(clause.split()) < _MIN_MECHANISM_WORDS:
                    continue
                verb, noun = _MECHANISM_VERB.search(clause), _SYSTEM_NOUN.search(clause)
                if verb and noun:
                    span = min(verb.start(), noun.start()), max(verb.end(), noun.end())
                    why = f"says how it is done: '{verb.group()}' on '{noun.group()}'"
                    found.append(self.hit(doc.text, start + span[0], start + span[1], why))
        return found


POSITIVE_SIGNALS: tuple[type[PatternSignal], ...] = (
    Owner,
    Metric,
    Threshold,
    Cadence,
    TimeFrame,
    NamedDocument,
    Scope,
    Quantity,
    ProcessSteps,
    Mechanism,
)
