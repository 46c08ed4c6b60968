"""Vagueness penalties: hedges, weasel words, peacock terms and vague terms, one cue class per hit.

The cue classes follow the hedging and vagueness literature rather than our own examples:

- **hedge** (speculation and non-commitment; Lakoff 1972, Hyland 1998, the CoNLL-2010 hedge-cue task):
  ``epistemic_modal`` (may, might, could, would, should in a speculative sense; "can" of possibility),
  ``speculative_verb`` (suggest, appear, seem, believe, indicate, expect, assume...),
  ``speculative_adverb`` (possibly, probably, likely, perhaps, presumably...) and ``non_commitment``
  (aim to, strive, endeavour, reasonable efforts: an effort instead of a promise).
- **weasel** (Wikipedia's weasel words, Ganter & Strube 2009): ``weasel_quantifier`` (some, many, various,
  numerous, a number of, most...) and ``weasel_attribution`` (it is believed, widely regarded, considered,
  experts say, studies show: an unnamed source).
- **marketing**: ``peacock`` terms (world-class, industry-leading, robust, cutting-edge, trusted by...).
- **vague_term** (the vague-term categories of Bhatia et al. 2016, on privacy policies): ``conditionality``
  (as appropriate, where necessary, if needed), ``generalisation`` (generally, normally, in most cases,
  typically) and ``numeric_quantifier`` (periodically, regularly, from time to time, timely, reasonable:
  an amount, interval or deadline left unstated). Bhatia's fourth category, modality, is the hedge
  signal's ``epistemic_modal``; their "some" and "several" are counted as weasel quantifiers.

Each cue is counted once, in one class: where two cues overlap ("generally accepted" is both a
generalisation and an attribution), the longer wins, then the earlier class in ``CUE_CLASSES``.

Permission and obligation are not hedges. A modal (may, could) states a permission when:

1. its subject is a third party being granted a right (customers, users, tenants, you, either party,
   visitors...) and the verb is an act the subject chooses, not something that happens to it
   ("customers may request deletion" is a right; "customers may experience delays" is speculation);
2. its subject is the vendor's staff and the verb is a right that is granted (opt, request, choose, elect,
   access, export, withdraw...): "engineers may access the logs";
3. the clause restricts it with "only" ("staff may access production only with approval", "only the
   on-call engineer may deploy");
4. it is a prohibition: "may not" with a person as subject, or "may not be used/shared/disclosed...";
5. a passive names a right: "deletion may be requested through the API".

"Should" whose subject is a third party is advice to that party, not a hedge by the vendor; "can" is
capability unless its verb states a possibility (can help, can reduce, can vary) or the vendor offers
something ("we can provide reports"). must, shall, will and "is required to" are never cues. When the
vendor is the subject ("we may review", "we could notify"), a modal is the vendor declining to commit.

Approximators with a number ("about 1,500 conversations", "some 300 customers") are left alone: the
number is still stated.

Method and figures. Points are set by hand in ``specificity.signals`` (one value per signal; the scorer
caps each signal's total), not fitted: the labelled set is small and written by us, so fitted weights
would learn our phrasing. A sentence's hedging score is the penalty it would get. Measured with
``benchmarks/hedging_bench.py`` on ``benchmarks/data/hedging_sentences.csv`` (388 sentences we wrote,
about half vendor answers and half general prose). The cue lists were tuned on the 223-sentence dev
split (AUC 1.000 there, which says nothing), then frozen, and only then was the 165-sentence test split
written. Its first run gave ROC AUC 0.897 (vendor 0.883, general 0.914), with 90% of hedged and 10% of
plain sentences hit. Three rule bugs seen in that run were then fixed (a possessive before an assumed
duty, "if warranted by", a bracketed list after a quantifier), which lifted it to 0.917, so that figure
is no longer held out. The two regexes this module replaces scored 0.504 on the same test split.
Test recall by class ranges from 60% (non_commitment) to 100%; most misses are phrasings missing from
the lists ("looks like", "work towards", "analysts rank").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from assessor.answer_doc import AnswerDoc
from scoring.signals.base import PatternSignal, SignalHit

__all__ = [
    "CUE_CLASSES",
    "Cue",
    "Hedge",
    "Marketing",
    "VAGUENESS_SIGNALS",
    "VagueTerm",
    "Weasel",
    "find_cues",
]

# In order of precedence when two cues of the same length overlap.
CUE_CLASSES: tuple[str, ...] = (
    "weasel_attribution",
    "peacock",
    "conditionality",
    "non_commitment",
    "generalisation",
    "numeric_quantifier",
    "speculative_adverb",
    "speculative_verb",
    "epistemic_modal",
    "weasel_quantifier",
)
WHY = {
    "epistemic_modal": "epistemic modal: speculates, or leaves the action open instead of committing to it",
    "speculative_verb": "speculative verb: reports a belief or an impression, not a fact",
    "speculative_adverb": "speculative adverb: marks the statement as uncertain",
    "non_commitment": "non-commitment: an aim or an effort, not a promise",
    "weasel_quantifier": "weasel quantifier: an unstated number or share",
    "weasel_attribution": "weasel attribution: credits an unnamed source or a general opinion",
    "peacock": "peacock: a term of praise instead of a fact",
    "conditionality": "conditionality: applies only when someone decides it should",
    "generalisation": "generalisation: leaves room for unstated exceptions",
    "numeric_quantifier": "numeric quantifier: an amount, interval or deadline without a number",
}


@dataclass(frozen=True)
class Cue:
    """One vague cue in a text: ``text[start:end]`` is the cue, ``cue_class`` one of ``CUE_CLASSES``."""

    start: int
    end: int
    cue_class: str


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# ----------------------------------------------------------------------------- fixed phrases by class
_BE = r"(?:is|are|was|were|be|been|being|am)"
_COND_WORD = (
    r"(?:appropriate|necessary|needed|required(?!\s+(?:by|under)\b)|possible|feasible|practicable|applicable"
    r"|relevant|warranted|justified|desired|deemed (?:necessary|appropriate|fit))"
)
_PHRASES: dict[str, re.Pattern[str]] = {
    "conditionality": _rx(
        rf"\b(?:as|where|wherever|if|when|whenever)\s+(?:(?:legally|reasonably|technically|operationally)\s+)?"
        rf"{_COND_WORD}\b|\bif\s+and\s+when\b|\bas\s+and\s+when\b|\b(?:where|when|if)\s+it\s+makes\s+sense\b"
        r"|\bif\s+at\s+all\s+possible\b|\bas\s+far\s+as\s+(?:reasonably\s+)?(?:possible|practicable)\b"
        r"|\bto\s+the\s+extent\s+(?:reasonably\s+)?(?:possible|practicable|feasible|necessary|appropriate|reasonable)\b"
        r"|\b(?:on\s+a\s+)?case[- ]by[- ]case(?:\s+basis)?\b|\b(?:on\s+an?\s+)?ad[- ]hoc(?:\s+basis)?\b"
        r"|\bat\s+(?:our|its|their|the\s+vendor's|the\s+company's)\s+(?:sole\s+|own\s+)?discretion\b"
        r"|\bdepending\s+on\b|\b(?:it\s+)?depends\s+on\b|\bin\s+(?:some|certain|specific|exceptional)\s+"
        r"(?:cases|circumstances|situations|instances)\b|\bunder\s+certain\s+(?:conditions|circumstances)\b"
        r"|\bsubject\s+to\s+(?:availability|capacity|resourcing|prioriti[sz]ation)\b|\bif\s+(?:we|it\s+is)\s+deemed\b"
    ),
    "generalisation": _rx(
        r"\b(?:generally|normally|typically|usually|largely|mostly|mainly|primarily|predominantly|commonly"
        r"|broadly)\b(?!\s+(?:accepted|regarded|considered|recogni[sz]ed|agreed|believed|thought|acknowledged)\b)"
        r"|\bin\s+(?:most|many|the\s+majority\s+of|the\s+vast\s+majority\s+of)\s+(?:cases|instances|situations)\b"
        r"|\bin\s+general\b|\bfor\s+the\s+most\s+part\b|\bas\s+a\s+(?:general\s+)?rule\b|\bon\s+the\s+whole\b"
        r"|\bby\s+and\s+large\b|\bin\s+principle\b|\bin\s+theory\b|\bmore\s+or\s+less\b|\bamong\s+other\s+things\b"
        r"|\bamong\s+others\b|\band\s+so\s+on\b|\band\s+so\s+forth\b|\betc\b\.?|\bet\s+cetera\b|\band\s+the\s+like\b"
        r"|\b(?:and|or)\s+similar\b|\bincluding\s+(?:but\s+)?not\s+limited\s+to\b|\btend(?:s|ed)?\s+to\b"
        r"|\b(?:and|or)\s+(?:many\s+)?other\s+(?!than\b|party\b|parties\b)[a-z]+|\bsomewhat\b"
        r"|\bto\s+(?:some|a\s+(?:certain|large|great|limited))\s+(?:extent|degree)\b"
    ),
    "numeric_quantifier": _rx(
        r"\b(?:periodically|regularly|routinely|occasionally|sometimes|often|rarely|seldom|intermittently"
        r"|promptly|quickly|swiftly|shortly|soon|sometime|reasonably|adequately|sufficiently|appropriately)\b"
        r"|\bfrequently\b(?!\s+asked)|\bfrom\s+time\s+to\s+time\b|\b(?:every\s+)?now\s+and\s+(?:then|again)\b"
        r"|\bonce\s+in\s+a\s+while\b|\bat\s+times\b|\bon\s+occasion\b|\bat\s+some\s+point\b"
        r"|\bat\s+(?:regular|periodic|set|appropriate)\s+intervals\b"
        r"|\bon\s+an?\s+(?:regular|periodic|ongoing|as-needed|frequent|timely)\s+basis\b"
        r"|\bin\s+a\s+timely\s+(?:manner|fashion|way)\b|\btimely\b|\bin\s+due\s+course\b"
        r"|\bas\s+(?:soon|quickly|fast|early|promptly|much|often)\s+as\s+(?:reasonably\s+)?(?:possible|practicable"
        r"|feasible|we\s+can)\b|\bwithout\s+undue\s+delay\b|\bin\s+the\s+(?:near\s+)?future\b"
        r"|\bat\s+a\s+later\s+(?:date|stage|time)\b"
        r"|\b(?:regular|periodic)\s+(?:reviews?|audits?|checks?|tests?|testing|assessments?|updates?|training"
        r"|meetings?|scans?|scanning|monitoring|backups?|evaluations?|inspections?|reporting|reports?)\b"
        r"|\b(?:reasonable|adequate|sufficient|suitable|appropriate|proportionate|acceptable)\b"
        r"(?!\s+(?:efforts?|endeavou?rs?|steps\s+to\s+ensure)\b)"
    ),
    "non_commitment": _rx(
        r"\b(?:aim(?:s|ed|ing)?|striv(?:e|es|ed|ing)|endeavou?r(?:s|ed|ing)?|seek(?:s|ing)?|sought"
        r"|tr(?:y|ies|ied|ying)|attempt(?:s|ed|ing)?|hop(?:e|es|ing)|intend(?:s|ed|ing)?|work(?:s|ing)?\s+hard)"
        r"\s+(?:to|for)\b|\bour\s+(?:aim|goal|ambition|intention|objective)\s+is\s+to\b"
        r"|\b(?:(?:commercially|all)\s+)?reasonable\s+(?:efforts?|endeavou?rs?|steps)\b|\bbest\s+efforts?\b"
        r"|\bevery\s+(?:reasonable\s+)?effort\b|\bdo(?:es)?\s+(?:our|its|their)\s+(?:very\s+)?best\b"
        r"|\bwherever\s+we\s+can\b|\bhopefully\b|\bideally\b"
    ),
    "speculative_adverb": _rx(
        r"\b(?:possibly|probably|likely|unlikely|perhaps|presumably|maybe|potentially|arguably|apparently"
        r"|conceivably|supposedly|plausibly|seemingly|in\s+all\s+likelihood|chances\s+are)\b"
        r"|\bit\s+is\s+(?:(?:quite|very|entirely|also)\s+)?(?:possible|probable|conceivable|plausible)\b"
        r"|\b(?:possible|probable)\s+that\b|\bnot\s+necessarily\b|\b(?:a|the)\s+(?:chance|possibility)\s+(?:that|of)\b"
        r"|\b(?:has|have|had)\s+the\s+potential\s+to\b"
    ),
    "speculative_verb": _rx(
        r"\bseem(?:s|ed|ing)?\b|\b(?:suspect(?:s|ed)?|presum(?:e|es|ed)|speculat(?:e|es|ed)|anticipat(?:e|es|ed))\b"
        r"(?<!as anticipated)|\b(?:we|i|they)\s+(?:think|feel|guess|reckon|doubt)\b|\bfeel(?:s)?\s+that\b"
        r"|\bthink(?:s)?\s+that\b|\bbeliev(?:e|es|ed|ing)\b|\bin\s+(?:our|my)\s+(?:view|opinion|judge?ment)\b"
        r"|\bto\s+(?:the\s+best\s+of\s+)?(?:our|my)\s+(?:knowledge|understanding)\b"
        r"|\bas\s+far\s+as\s+(?:we|i)\s+(?:know|are\s+aware|can\s+tell)\b"
    ),
    "weasel_attribution": _rx(
        r"\bit\s+(?:is|was|has\s+been|had\s+been)\s+(?:(?:widely|generally|commonly|often|now|also|long|"
        r"frequently|sometimes|increasingly|universally)\s+)?(?:believed|thought|said|known|considered|recogni[sz]ed"
        r"|accepted|understood|reported|claimed|felt|argued|suggested|assumed|held|agreed|acknowledged|rumou?red"
        r"|alleged|estimated|noted|shown)\b"
        r"|\b(?:widely|generally|commonly|often|universally|broadly|frequently)\s+(?:regarded|considered"
        r"|recogni[sz]ed|seen|viewed|accepted|believed|thought|known|acknowledged|agreed|described|cited"
        r"|praised|acclaimed|trusted|respected|hailed|touted)\b"
        rf"|\b{_BE}\s+(?:(?:often|generally|commonly|widely|also|now|still|frequently|sometimes|rightly|"
        r"increasingly)\s+)?(?:regarded|considered|deemed|reputed|thought|believed|said|rumou?red|alleged|seen\s+as"
        r"|viewed\s+as|known\s+to\s+be|touted|hailed|described\s+as)\b"
        r"|\bregarded\s+as\b|\bconsidered\s+(?:to\s+be|as|one\s+of|among|(?:an?|the)\s+(?:best|leading|gold|most))\b"
        r"|\b(?:(?:many|some|most|several|leading|top|independent|industry|security|outside)\s+)?(?:experts|analysts"
        r"|critics|observers|commentators|insiders|pundits|scientists|researchers|specialists|authorities|sources"
        r"|people|customers|others)\s+(?:say|said|agree|agreed|argue|argued|claim|claimed|believe|believed|note"
        r"|noted|suggest|suggested|report|reported|feel|felt|recommend|consider|describe|insist|maintain"
        r"|contend|warn|warned)\b"
        r"|\b(?:(?:many|some|recent|several|numerous|independent)\s+)?(?:studies|surveys|polls|reports"
        r"|research|analyses)\s+(?:(?:have|has)\s+)?(?:show|shows|shown|showed|suggest|suggests|suggested|indicate"
        r"|indicates|indicated|prove|proves|proved|proven|confirm|confirms|confirmed|found|find|finds)\b"
        r"|\baccording\s+to\s+(?:some|many|most|experts|analysts|industry|sources|reports|studies|research"
        r"|observers|critics|insiders)\b|\b(?:reportedly|allegedly|purportedly|admittedly)\b"
        r"|\bby\s+(?:many|most|some|all)\s+accounts\b|\b(?:is|are|has\s+been|have\s+been)\s+said\s+to\b"
        r"|\bmany\s+(?:believe|say|agree|feel|think|argue|claim|consider)\b|\bsome\s+(?:say|argue|claim|believe)\b"
    ),
    "peacock": _rx(
        r"\b(?:world|industry|market|sector|class|category)[- ]lead(?:ing|er)\b|\bworld[- ]class\b"
        r"|\b(?:best|first|top)[- ]in[- ](?:class|breed)\b|\bbest[- ]of[- ]breed\b|\bfirst[- ]class\b"
        r"|\btop[- ](?:tier|notch|of[- ]the[- ]line|quality)\b|\b(?:cutting|leading|bleeding)[- ]edge\b"
        r"|\bstate[- ]of[- ]the[- ]art\b|\bnext[- ]gen(?:eration)?\b|\b(?:enterprise|bank|military|industrial)"
        r"[- ](?:grade|level|strength)\b|\brobust\b(?!\s+(?:to|against)\b)|\bseamless(?:ly)?\b|\beffortless(?:ly)?\b"
        r"|\bunparall?ell?ed\b|\bunmatched\b|\bunrivall?ed\b|\bunbeatable\b|\bsecond\s+to\s+none\b"
        r"|\bpeace\s+of\s+mind\b|\bcomplete\s+confidence\b|\brest\s+assured\b|\bgold\s+standard\b|\binnovative\b"
        r"|\brevolutionary\b"
        r"|\bground[- ]?breaking\b|\bgame[- ]chang(?:er|ers|ing)\b|\bpioneer(?:ing|s)?\b|\baward[- ]winning\b"
        r"|\b(?:world[- ])?renowned\b|\bworld[- ]famous\b|\bfamous\b|\blegendary\b|\biconic\b|\bacclaimed\b"
        r"|\bcelebrated\b|\bprestigious\b|\bbrilliant(?:ly)?\b|\boutstanding\b|\bexceptional(?:ly)?\b"
        r"|\bextraordinary\b|\bremarkable\b|\bspectacular\b|\bbreathtaking\b|\bstunning\b|\bmagnificent\b"
        r"|\bphenomenal\b|\bamazing\b|\bincredibl[ey]\b|\bsuperb\b|\bexcellen(?:t|ce)\b|\bsuperior\b|\bpremium\b"
        r"|\bpremier\b|\bunique(?:ly)?\s+(?:positioned|placed|qualified|able|approach|solution|platform)\b"
        r"|\bcomprehensive(?:ly)?\b|\bholistic(?:ally)?\b|\brigorous(?:ly)?\b|\bstringent(?:ly)?\b"
        r"|\bextensive(?:ly)?\b|\bthorough(?:ly)?\b|\bsophisticated\b|\bpowerful\b|\bbullet[- ]?proof\b"
        r"|\biron[- ]?clad\b|\bair[- ]?tight\b|\bunbreakable\b|\bproven\s+(?:track\s+record|technology|approach"
        r"|solution|methodology|expertise|platform)\b|\btrack\s+record\b|\btrusted\s+(?:by|partner|provider"
        r"|advisor|adviser|leader|brand|name)\b|\b(?:a|the|an)\s+(?:global\s+)?(?:leading|trusted)\s+(?:provider"
        r"|vendor|supplier|company|platform|solution|expert|authority|brand|player|name)\b"
        r"|\b(?:market|industry|global|world)\s+leaders?\b|\bleaders?\s+in\s+(?:the\s+)?(?:field|industry|market"
        r"|space|sector)\b|\bhighly\s+(?!available\b)(?:secure|reliable|accurate|skilled|experienced|qualified"
        r"|trained|respected|regarded|effective|sophisticated|advanced|scalable|resilient|robust|capable)\b"
        r"|\bwell[- ]regarded\b|\b(?:the\s+)?(?:very\s+)?highest\s+(?:possible\s+)?(?:standards?|levels?|degree"
        r"|quality)\b|\butmost\b|\bparamount\b|\btop\s+priority\b|\bat\s+the\s+(?:heart|forefront|core)\s+of\b"
        r"|\b(?:the\s+)?best\s+possible\b|\b(?:industry|recogni[sz]ed|global|leading)\s+best\s+practices?\b"
        r"|\bbest\s+practices?\b|\bfully\s+(?:secure|protected|safe|trustworthy)\b"
        r"|\b(?:take|takes|taking|took|taken)\s+(?:[\w'-]+\s+){0,5}?(?:very\s+|extremely\s+|incredibly\s+"
        r"|most\s+|really\s+|deeply\s+)?seriously\b"
        rf"|\b{_BE}\s+(?:fully\s+|deeply\s+|firmly\s+|strongly\s+|wholly\s+|truly\s+)?(?:committed|dedicated)\s+to\b"
        r"|\bcommitted\s+to\s+(?:excellence|the\s+highest|quality|transparency|protecting)\b"
        r"|\bculture\s+of\s+(?:responsible\s+)?(?:innovation|excellence|trust|security|privacy)\b"
        r"|\bmust[- ]see\b|\bone\s+of\s+the\s+(?:best|finest|greatest|leading|most\s+(?:advanced|secure|trusted))\b"
    ),
}
# "The Advanced Encryption Standard", a "robust statistical" method: technical names, not praise
_NOT_PEACOCK = _rx(r"\b(?:advanced\s+encryption|robust\s+(?:statistic|regression|estimat|standard\s+error))")


# ---------------------------------------------------------------------------------------- modal verbs
_MODAL = re.compile(r"\b(may|might|could|would|should|can|cannot|can't|couldn't|mightn't|shouldn't|wouldn't)\b", re.I)
# After these words a clause restarts, so the subject of a modal is looked for only after them.
_CLAUSE_BREAK = _rx(
    r"[.!?;:,()\n\u2013\u2014]|\b(?:and|but|or|so|while|whereas|because|if|when|unless|although|though|which|that"
    r"|where|then|whether|since|until|once)\b"
)
_GRANTEE = _set(
    """customer customers client clients user users tenant tenants subscriber subscribers you party parties
    subject subjects individual individuals visitor visitors guest guests member members passenger passengers
    resident residents student students child children applicant applicants participant participants buyer buyers
    controller controllers licensee licensees partner partners reseller resellers auditor auditors regulator
    regulators authority authorities administrator administrators admin admins owner owners holder holders
    purchaser purchasers patient patients reader readers player players driver drivers traveller travellers
    employer employers anyone everyone citizens citizen consumer consumers shopper shoppers recipient recipients
    requester requesters requestor caller callers"""
)
_STAFF = _set(
    """staff employee employees engineer engineers personnel agent agents analyst analysts reviewer reviewers
    operator operators developer developers team teams officer manager managers lead leads approver approvers
    responder responders technician technicians contractor contractors"""
)
_VENDOR = _set("we us our ours i")
# Verbs naming an act the subject chooses: with a granted subject they make a permission.
_RIGHT_VERB = _set(
    """opt request choose elect access ask withdraw object appeal exercise terminate cancel decline refuse
    export download delete disable enable configure switch contact submit apply bring park travel enter borrow
    attend use view inspect audit select set change adjust upload invite nominate designate appoint revoke
    escalate unsubscribe restrict limit review retain keep share transfer reject approve deploy purchase buy
    sign join leave visit call email report raise file lodge obtain receive"""
)
# ...and verbs of something that happens to the subject: speculation whoever the subject is.
_UNDERGO_VERB = _set(
    """be have experience see notice encounter face find feel get lose suffer need want hear observe perceive run
    hit struggle misunderstand mistake expect prefer wish become seem appear end wait incur miss forget come
    fall think believe"""
)
# A passive naming a right: "deletion may be requested through the admin API"
_RIGHT_PARTICIPLE = _set(
    """requested exported downloaded withdrawn cancelled canceled terminated configured disabled enabled
    adjusted changed selected chosen revoked appealed waived extended"""
)
# "... may not be used / shared / disclosed": a prohibition
_PROHIBITED_PARTICIPLE = _set(
    """used shared disclosed sold transferred copied stored retained accessed processed exported removed
    modified deployed released published moved sent uploaded combined rented leased reused repurposed kept"""
)
# "can" is capability unless its verb states a possibility...
_POSSIBILITY_VERB = _set(
    """help lead cause result contribute vary differ depend occur happen arise affect impact reduce improve
    increase decrease rise fall drop take fail break degrade drift become introduce mislead expose leak exceed
    harm mean slow delay"""
)
_POSSIBILITY_STATE = _set(
    """affected delayed extended impacted exposed misused wrong inaccurate incorrect slower longer difficult hard
    costly unavailable degraded interrupted compromised biased unreliable limited lost misleading"""
)
# ...or the vendor offers something it does not promise: "we can provide audit reports on request"
_OFFER_VERB = _set(
    """provide share offer arrange supply discuss accommodate consider support assist investigate notify make
    tailor customise customize agree review explore look give send"""
)
_SKIP_AFTER_MODAL = _set("also only still then now always even additionally optionally further well")
_SKIP_BEFORE_MODAL = _set("also only still then now always even additionally optionally each all both")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+")


def _subject_words(text: str, start: int) -> list[str]:
    """Up to eight words before ``start``, back to the last clause break: where a modal's subject is."""
    window = text[max(0, start - 120) : start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    return [w.lower() for w in _WORD.findall(window)][-8:]


def _words_after(text: str, end: int, limit: int = 10) -> list[str]:
    window = text[end : end + 100]
    stop = re.search(r"[.!?;:\n]", window)
    return [w.lower() for w in _WORD.findall(window[: stop.start()] if stop else window)][:limit]


def _clause_after(text: str, end: int) -> str:
    window = text[end : end + 120]
    stop = _CLAUSE_BREAK.search(window)
    return window[: stop.start()] if stop else window


def _subject_kind(words: list[str]) -> str:
    """ "grantee" (a third party), "staff" (the vendor's people), "vendor" (we, our), or "other" (anything else)."""
    core = [w for w in words if w not in _SKIP_BEFORE_MODAL]
    if not core:
        return "other"
    head = core[-1]
    if head in _GRANTEE:
        return "grantee"
    # "customers in the EU", "children under 12", "users who pay annually": the grantee is modified
    for word, after in zip(core, core[1:]):
        if word in _GRANTEE and after in {"who", "whose", "with", "in", "from", "on", "under", "over", "using", "of"}:
            return "grantee"
    if head in _VENDOR or head.rstrip("s") in {"we"}:
        return "vendor"
    if head in _STAFF:
        return "vendor" if core[0] in _VENDOR else "staff"
    return "other"


def _is_month(text: str, start: int, word: str) -> bool:
    """ "May" the month: "in May 2025", "12 May", "May is the wettest month"."""
    if word.lower() != "may":
        return False
    before = text[max(0, start - 12) : start]
    after = text[start + 3 : start + 12]
    if re.search(r"\d\s*$", before) or re.match(r"\s*\d", after):
        return True
    if word == "May":
        sentence_start = not before.strip() or before.rstrip()[-1] in ".!?:\n\"'("
        return not sentence_start or not re.match(r"\s+(?:i|we|you|they|it|he|she|our|your)\b", after, re.I)
    return False


def _modal_cues(text: str) -> list[Cue]:
    cues = []
    for match in _MODAL.finditer(text):
        word = match.group(1)
        modal = word.lower()
        if _is_month(text, match.start(), word):
            continue
        if modal in {"cannot", "can't", "couldn't"} or not _is_hedge_modal(text, match, modal):
            continue
        cues.append(Cue(match.start(), match.end(), "epistemic_modal"))
    return cues


def _is_hedge_modal(text: str, match: re.Match[str], modal: str) -> bool:
    """Whether this modal speculates or declines to commit (see the module docstring for the rules)."""
    before = text[max(0, match.start() - 30) : match.start()].lower()
    subject = _subject_words(text, match.start())
    after = _words_after(text, match.end())
    negated = bool(after) and after[0] in {"not", "never"}
    verbs = [w for w in after if w not in _SKIP_AFTER_MODAL and w not in {"not", "never", "at", "any", "time"}]
    verb = verbs[0] if verbs else ""
    kind = _subject_kind(subject)
    restricted = "only" in subject or "only" in _clause_after(text, match.end()).lower().split()
    if modal in {"shouldn't", "wouldn't", "mightn't"}:
        modal, negated = modal[:-3] if modal != "mightn't" else "might", True
    if modal == "might":
        return True
    if modal == "would":
        return verb not in {"like", "love", "prefer", "rather"}
    if modal == "should":
        if re.search(r"(?:^|[.!?]\s*)$", before) and verb in {"you", "the", "a", "an", "any", "there", "it", "we"}:
            return False  # "Should an incident occur, ...": a condition, not a hedge
        return kind not in {"grantee"}  # advice to a customer is not the vendor hedging
    if modal == "can":
        if verb == "be" and len(verbs) > 1:
            return verbs[1] in _POSSIBILITY_STATE
        return verb in _POSSIBILITY_VERB or (kind == "vendor" and verb in _OFFER_VERB)
    # may, could
    if modal == "could" and negated:
        return False  # "the issue could not be reproduced": a fact about the past
    if re.search(r"\b(?:as\s+the\s+case|that\s+as\s+it|come\s+what)\s*$", before):
        return False
    if negated:
        return not (
            kind in {"grantee", "staff"} or (len(verbs) > 1 and verbs[0] == "be" and verbs[1] in _PROHIBITED_PARTICIPLE)
        )
    if restricted and kind != "vendor":
        return False
    if verb == "be" and len(verbs) > 1 and verbs[1] in _RIGHT_PARTICIPLE:
        return False
    if kind == "grantee" and verb not in _UNDERGO_VERB:
        return False
    return not (kind == "staff" and verb in _RIGHT_VERB)


# ---------------------------------------------------------------------------------- speculative verbs
_SUGGEST = _rx(r"\bsuggest(?:s|ed|ing)?\b")
_APPEAR = _rx(r"\bappear(?:s|ed|ing)?\b")
_INDICATE = _rx(r"\bindicat(?:e|es|ed|ing)\b")
_EXPECT = _rx(r"\bexpect(?:s|ed|ing)?\b")
_ASSUME = _rx(r"\bassum(?:e|es|ed|ing)\b")
_THINK = _rx(r"\bthought\b")
_PLACE_WORD = _set(
    """in on at under beside within as when below above only next before after inside throughout alongside among
    across during for with twice once here there first last automatically immediately"""
)
_EVIDENCE_NOUN = _set(
    """results result data evidence findings finding tests test studies study research analysis analyses signs
    metrics figures numbers trends trend logs log monitoring polling polls surveys survey feedback review"""
)
_DETERMINER = _set("the a an her his their its our your my this that these those")
_ASSUMED_DUTY = _set(
    """responsibility responsibilities liability control ownership role command office charge duties duty
    leadership full"""
)


def _speculative_verb_cues(text: str) -> list[Cue]:
    cues = []
    for match in _SUGGEST.finditer(text):
        nxt = _words_after(text, match.end(), 2)
        if not (nxt and nxt[0] in _GRANTEE | {"to"}):  # "we suggest customers enable MFA": advice
            cues.append(Cue(match.start(), match.end(), "speculative_verb"))
    for match in _APPEAR.finditer(text):
        nxt = _words_after(text, match.end(), 3)
        if not nxt:
            continue
        if nxt[0] in _PLACE_WORD or (nxt[0] == "to" and len(nxt) > 1 and nxt[1] in _GRANTEE | {"the", "a", "an"}):
            continue  # "appears in the audit log", "appears to the user as a banner": literal
        cues.append(Cue(match.start(), match.end(), "speculative_verb"))
    for match in _INDICATE.finditer(text):
        nxt = _words_after(text, match.end(), 1)
        prior = _subject_words(text, match.start())
        if (nxt and nxt[0] == "that") or any(w in _EVIDENCE_NOUN for w in prior[-3:]):
            cues.append(Cue(match.start(), match.end(), "speculative_verb"))
    for match in _EXPECT.finditer(text):
        before = text[max(0, match.start() - 20) : match.start()].lower()
        if re.search(r"\b(?:as|than|unexpected)\s*$", before):
            continue
        nxt = _words_after(text, match.end(), 5)
        prior = _subject_words(text, match.start())
        if (
            ("to" in nxt[:4] and not (nxt and nxt[0] == "to" and len(nxt) > 1 and nxt[1] in {"the", "a", "an"}))
            or (nxt and nxt[0] == "that")
            or (prior and prior[-1] in {"is", "are", "was", "were", "be", "been", "we", "i"})
        ):
            cues.append(Cue(match.start(), match.end(), "speculative_verb"))
    for match in _ASSUME.finditer(text):
        nxt = [w for w in _words_after(text, match.end(), 3) if w not in _DETERMINER]
        if not (nxt and nxt[0] in _ASSUMED_DUTY):  # "assumed her duties", "assumes the role of": literal
            cues.append(Cue(match.start(), match.end(), "speculative_verb"))
    for match in _THINK.finditer(text):
        nxt = _words_after(text, match.end(), 1)
        prior = _subject_words(text, match.start())
        if (nxt and nxt[0] in {"to", "that"}) or (prior and prior[-1] in {"we", "i", "they", "is", "are", "was"}):
            cues.append(Cue(match.start(), match.end(), "speculative_verb"))
    return cues


# --------------------------------------------------------------------------------- weasel quantifiers
_QUANTIFIER = _rx(
    r"\b(?:some|many|various|numerous|several|multiple|countless|few|certain|most|much\s+of"
    r"|a\s+(?:(?:large|small|great|growing|significant|limited)\s+)?number\s+of|a\s+(?:wide\s+|broad\s+)?"
    r"(?:variety|range|host|array|handful|series)\s+of|a\s+(?:great\s+)?(?:lot|deal)\s+of|lots\s+of"
    r"|plenty\s+of|the\s+(?:vast\s+)?(?:majority|bulk)\s+of|a\s+majority\s+of|(?:dozens|hundreds|thousands"
    r"|millions)\s+of|a\s+few)\b"
)
_MOST_NOT_QUANTIFIER = _set(
    """recent recently likely important critical severe sensitive common commonly frequent frequently significant
    senior popular used famous effective secure advanced notable relevant appropriate thorough trusted valuable
    experienced comprehensive robust accurate reliable serious complex difficult expensive widely"""
)
_NOT_QUANTIFIER_BEFORE = _rx(
    r"\b(?:the|at|a|our|their|its|your|his|her|is|are|was|were|as|how|so|too|what|which|whom|for|be|not|make"
    r"|makes|made|fairly|quite|very|almost|am)\s*$"
)


def _quantifier_cues(text: str) -> list[Cue]:
    cues = []
    for match in _QUANTIFIER.finditer(text):
        word = match.group(0).lower()
        before = text[max(0, match.start() - 20) : match.start()]
        nxt = _words_after(text, match.end(), 2)
        head = word.split()[0]
        if head in {"some", "several", "many", "various", "numerous", "multiple", "few", "a"} and (
            re.match(r"\s*(?:\d|one\b|two\b|three\b|four\b|five\b|ten\b)", text[match.end() :], re.I)
        ):
            continue  # "some 300 customers", "a few 100 ms": an approximate number, not a weasel
        if _enumerated(text, match.end()):
            continue  # "several regions are available: Frankfurt, London and Virginia"
        if head == "many" and re.search(r"\b(?:how|as|so)\s*$", before, re.I):
            continue
        if head == "few" and re.search(r"\b(?:a|very|quite|the)\s*$", before, re.I) is None and nxt[:1] == ["than"]:
            continue
        if head in {"most", "certain"}:
            if _NOT_QUANTIFIER_BEFORE.search(before) or not nxt:
                continue
            if head == "most" and (nxt[0] in _MOST_NOT_QUANTIFIER or nxt[0].endswith(("est", "ly"))):
                continue
            if head == "certain" and nxt[0] in {"that", "of", "to", "about", "whether"}:
                continue
        cues.append(Cue(match.start(), match.end(), "weasel_quantifier"))
    return cues


def _enumerated(text: str, end: int) -> bool:
    """The quantity is spelled out in the same sentence: a colon, a bracketed list, "namely", "i.e."."""
    rest = text[end : end + 80]
    stop = re.search(r"[.!?](?:\s|$)", rest)
    rest = rest[: stop.start()] if stop else rest
    return bool(re.search(r":\s*\S|\(\s*[A-Z0-9]|\([^)]*,|\bnamely\b|\bi\.e\.|\bspecifically\b", rest))


# ---------------------------------------------------------------------------------------------- cues
def _phrase_cues(text: str) -> list[Cue]:
    cues = []
    for cue_class, pattern in _PHRASES.items():
        for match in pattern.finditer(text):
            if cue_class == "peacock" and _NOT_PEACOCK.match(text, match.start()):
                continue
            cues.append(Cue(match.start(), match.end(), cue_class))
    return cues


def _select(cues: Iterable[Cue]) -> tuple[Cue, ...]:
    """No two cues overlap: the longer wins, then the class earlier in ``CUE_CLASSES``, then the earlier one."""
    rank = {name: i for i, name in enumerate(CUE_CLASSES)}
    kept: list[Cue] = []
    for cue in sorted(cues, key=lambda c: (-(c.end - c.start), rank[c.cue_class], c.start)):
        if all(cue.end <= k.start or k.end <= cue.start for k in kept):
            kept.append(cue)
    return tuple(sorted(kept, key=lambda c: c.start))


@lru_cache(maxsize=512)
def find_cues(text: str) -> tuple[Cue, ...]:
    """Every vague cue in ``text``, in reading order, each in one class (see the module docstring)."""
    found = _phrase_cues(text) + _modal_cues(text) + _speculative_verb_cues(text) + _quantifier_cues(text)
    return _select(_trimmed(text, cue) for cue in found)


def _trimmed(text: str, cue: Cue) -> Cue:
    start, end = cue.start, cue.end
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return Cue(start, end, cue.cue_class)


# ------------------------------------------------------------------------------------------- signals
class _VaguenessSignal(PatternSignal):
    kind = "penalty"
    classes: tuple[str, ...] = ()

    def find(self, doc: AnswerDoc) -> list[SignalHit]:
        text = doc.text
        return [
            self.hit(text, cue.start, cue.end, WHY[cue.cue_class])
            for cue in find_cues(text)
            if cue.cue_class in self.classes
        ]


class Hedge(_VaguenessSignal):
    """Speculation and non-commitment: the vendor may, might, believes, expects, aims to..."""

    name = "hedge"
    label = "hedging"
    classes = ("epistemic_modal", "speculative_verb", "speculative_adverb", "non_commitment")


class Weasel(_VaguenessSignal):
    """An unstated number ("some", "many", "various") or an unnamed source ("widely regarded", "experts say")."""

    name = "weasel"
    label = "weasel words"
    classes = ("weasel_quantifier", "weasel_attribution")


class Marketing(_VaguenessSignal):
    """Peacock terms that praise instead of stating a fact: world-class, industry-leading, robust, trusted by..."""

    name = "marketing"
    label = "marketing language"
    classes = ("peacock",)


class VagueTerm(_VaguenessSignal):
    """Bhatia et al.'s vague terms: conditions (as appropriate), generalisations (typically), vague amounts."""

    name = "vague_term"
    label = "vague terms"
    classes = ("conditionality", "generalisation", "numeric_quantifier")


VAGUENESS_SIGNALS: tuple[type[_VaguenessSignal], ...] = (Hedge, Weasel, Marketing, VagueTerm)
