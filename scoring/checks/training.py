"""An answer that denies training on customer data, checked against what the evidence says."""

from __future__ import annotations

import re

from assessor.retrieval import EvidenceIndex
from assessor.text import sentence_spans
from scoring.checks.model import CONTRADICTED, NOT_FOUND, SUPPORTED, ClaimCheck

TRAINING = re.compile(r"\b(?:train(?:s|ed|ing)?|fine-?tun\w*|re-?train\w*)\b", re.I)
CUSTOMER_DATA = re.compile(
    r"\b(?:customer|client|tenant|user)s?'?\b[^.]{0,40}\b(?:data|conversations?|content|"
    r"transcripts?|chats?|messages?)\b|\b(?:conversations?|transcripts?|chats?)\b",
    re.I,
)
NEGATION = re.compile(
    r"\b(?:never|not|no|don't|doesn't|won't|cannot|neither|nor|prohibit\w*|forbid\w*|bar(?:s|red)|excluded?)\b", re.I
)


def check_training(answer: str, index: EvidenceIndex) -> list[ClaimCheck]:
    denial = next((s for s in _sentences(answer) if _about_training(s) and NEGATION.search(s)), None)
    if denial is None:
        return []
    for passage in index.passages:
        for sentence in _sentences(passage.text):
            if _about_training(sentence) and not NEGATION.search(sentence):
                return [
                    ClaimCheck(
                        "training",
                        denial,
                        CONTRADICTED,
                        f"the answer denies training on customer data but {passage.doc} allows it",
                        passage.citation,
                        sentence,
                    )
                ]
    for passage in index.passages:
        for sentence in _sentences(passage.text):
            if _about_training(sentence) and NEGATION.search(sentence):
                return [
                    ClaimCheck(
                        "training",
                        denial,
                        SUPPORTED,
                        f"{passage.doc} rules out training on customer data",
                        passage.citation,
                        sentence,
                    )
                ]
    return [ClaimCheck("training", denial, NOT_FOUND, "no evidence document addresses training on customer data")]


def _about_training(sentence: str) -> bool:
    return bool(TRAINING.search(sentence) and CUSTOMER_DATA.search(sentence))


def _sentences(text: str) -> list[str]:
    return [" ".join(text[start:end].split()) for start, end in sentence_spans(text)]
