"""Off topic by fit (an answer fits another bank question clearly better) and reworded duplicates, with the real
model through the pipeline; the rules themselves on hand-made vectors."""

from __future__ import annotations

import numpy as np

from assessor.answer_doc import build_answer
from question_bank import Question
from scoring.config import load_config
from scoring.duplicates import find_duplicate_answers
from scoring.fit import question_fits

from .test_flags import question, run

RED_TEAM = (
    "An external firm red-teams our assistant every quarter with about 1,500 jailbreak and prompt injection "
    "attempts, including instructions hidden in uploaded files. At runtime a classifier strips injected "
    "instructions from retrieved content and output filters block replies that would leak the system prompt."
)
INCIDENT_RESPONSE = (
    "An AI failure touching more than 200 conversations or more than one customer is a priority-one incident: "
    "the on-call incident lead opens a bridge within 20 minutes and can switch the assistant to a scripted "
    "fallback with one command while engineers contain the problem."
)
NOTIFICATION = (
    "We notify every affected customer within 24 hours of confirming an AI incident, by email to the contacts "
    "in the order form, and post updates on our status page until it is resolved."
)
MONITORING = (
    "Resolution accuracy and escalation rate are computed every hour on our quality dashboard; if accuracy "
    "falls below 90% for two consecutive hours the on-call engineer rolls back to the previous model version."
)
MONITORING_REWORDED = (
    "Every hour our quality dashboard calculates escalation rate and resolution accuracy. Should accuracy drop "
    "under 90% for two hours in a row, the engineer on call reverts to the prior model version."
)
SHARED = "These commitments are set out in section 7 of our Data Processing Agreement."
RETENTION = (
    "Prompts, completions and chat transcripts are kept for 90 days and then deleted automatically, and they "
    f"are encrypted at rest with keys held in a hardware security module. {SHARED}"
)
DELETION = (
    "After termination we remove every copy of your data from live systems within 30 days, backups expire after "
    f"another 35 days, and we send you a certificate of deletion. {SHARED}"
)


def rows(answers: dict[str, str]) -> list[list[str]]:
    return [[qid, "", text, ""] for qid, text in answers.items()]


# ------------------------------------------------------------------------------- the real model, end to end
def test_swapped_answer_is_off_topic_and_names_the_question_it_fits(engine, tmp_path):
    result = question(run(engine, tmp_path, rows({"OW-01": RED_TEAM})), "OW-01")
    flag = next(f for f in result.flags if f.code == "off_topic")
    assert flag.reason.startswith("fits SP-02 (How do you protect your AI against prompt injection")
    assert "better than this question" in flag.reason
    assert result.overall <= 20  # the off-topic cap
    assert "off_topic" in result.flag_codes and result.follow_ups  # asked to rewrite


def test_answers_to_neighbouring_questions_are_not_off_topic(engine, tmp_path):
    assessment = run(engine, tmp_path, rows({"IR-01": INCIDENT_RESPONSE, "IR-02": NOTIFICATION}))
    for qid in ("IR-01", "IR-02"):
        codes = question(assessment, qid).flag_codes
        assert "off_topic" not in codes and "duplicate_answer" not in codes


def test_short_answer_is_never_off_topic_by_fit(engine, tmp_path):
    result = question(run(engine, tmp_path, rows({"IR-03": "We notify affected customers within 24 hours."})), "IR-03")
    assert not any(f.code == "off_topic" and f.reason.startswith("fits ") for f in result.flags)


def test_paraphrase_under_two_questions_is_a_duplicate_naming_the_other(engine, tmp_path):
    assessment = run(engine, tmp_path, rows({"MO-01": MONITORING, "MO-02": MONITORING_REWORDED}))
    for qid, other in (("MO-01", "MO-02"), ("MO-02", "MO-01")):
        result = question(assessment, qid)
        flag = next(f for f in result.flags if f.code == "duplicate_answer")
        assert flag.reason.startswith(f"reworded copy of the answer to {other} (0.")
        assert result.overall <= 35  # the duplicate cap


def test_distinct_answers_sharing_a_sentence_are_not_duplicates(engine, tmp_path):
    assessment = run(engine, tmp_path, rows({"RP-01": RETENTION, "RP-02": DELETION}))
    for qid in ("RP-01", "RP-02"):
        codes = question(assessment, qid).flag_codes
        assert "duplicate_answer" not in codes and "off_topic" not in codes


def test_fit_and_duplicate_thresholds_come_from_the_config(engine, tmp_path):
    from assessor.pipeline import prepare, score

    from .conftest import AS_OF

    answers = tmp_path / "answers.csv"
    answers.write_text(
        "question_id,answer\n"
        + "".join(f'{q},"{t}"\n' for q, t in [("OW-01", RED_TEAM), ("MO-01", MONITORING)])
        + f'MO-02,"{MONITORING_REWORDED}"\n',
        encoding="utf-8",
    )
    prepared = prepare("vendor", answers, [], engine, workers=1)

    def codes(config) -> dict[str, tuple[str, ...]]:
        result = score(prepared, engine, config, AS_OF).result
        return {r.question.id: r.flag_codes for r in result.questions if r.question.id in ("OW-01", "MO-01")}

    default = codes(load_config())
    assert "off_topic" in default["OW-01"] and "duplicate_answer" in default["MO-01"]
    lenient = codes(
        load_config(overrides={"fit": {"margin": 1.0, "neighbour_margin": 1.0}, "matching": {"off_topic_score": 0.0}})
    )
    assert "off_topic" not in lenient["OW-01"]
    reworded_off = codes(load_config(overrides={"specificity": {"duplicates": {"min_similarity": 1.0}}}))
    assert "duplicate_answer" not in reworded_off["MO-01"]


# ------------------------------------------------------------------------------- the rules, on hand-made vectors
SETTINGS = {"margin": 0.15, "neighbour_similarity": 0.55, "neighbour_margin": 0.2, "min_other": 0.3, "min_words": 12}
LONG = "one two three four five six seven eight nine ten eleven twelve thirteen"


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def questions(*ids: str) -> tuple[Question, ...]:
    return tuple(Question(qid, "c", f"question {qid}?", (), (), (), 1.0) for qid in ids)


def test_fit_needs_the_margin_and_a_larger_one_between_close_questions():
    bank = questions("A", "B", "C")
    far = np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1)])  # no two questions alike
    answer = unit(0.3, 0.6, 0)  # fits B (0.89) far better than A (0.45)
    docs = {"A": build_answer(LONG)}
    (fit,) = question_fits(bank, far, docs, {"A": answer}, SETTINGS).values()
    assert fit.best_other == "B" and fit.off_topic and fit.required == 0.15
    assert fit.reason == f"fits B (question B?) better than this question: {fit.other:.2f} vs {fit.own:.2f}"
    close = np.stack([unit(1, 0, 0), unit(0.7, 0.71, 0), unit(0, 0, 1)])  # A and B alike (0.70)
    answer = unit(1.0, 0.72, 0)  # fits B by 0.175 more than A: enough between far questions, not between close ones
    (fit,) = question_fits(bank, close, docs, {"A": answer}, SETTINGS).values()
    assert fit.best_other == "B" and fit.required == 0.2 and 0.15 <= fit.margin < 0.2 and not fit.off_topic


def test_short_answers_non_answers_and_answers_fitting_nothing_are_not_off_topic_by_fit():
    bank = questions("A", "B")
    vectors = np.stack([unit(1, 0, 0), unit(0, 1, 0)])
    docs = {"A": build_answer("Fits B."), "B": build_answer("Please refer to our policy documentation. N/A")}
    swapped = {"A": unit(0, 1, 0), "B": unit(1, 0, 0)}  # each fits the other question perfectly
    fits = question_fits(bank, vectors, docs, swapped, SETTINGS)
    assert fits["A"].margin == 1.0 and not fits["A"].off_topic  # too short to judge
    assert not question_fits(bank, vectors, docs, swapped, {**SETTINGS, "min_words": 1})["B"].off_topic
    nowhere = question_fits(bank, vectors, {"A": build_answer(LONG)}, {"A": unit(-0.2, 0.2, 1)}, SETTINGS)
    assert nowhere["A"].margin >= 0.15 and not nowhere["A"].off_topic  # B fits at 0.19 only: below min_other


def test_reworded_copies_are_found_by_meaning_and_literal_ones_by_text():
    texts = {
        "A": "Our team reviews every model change before release and rolls back on failure.",
        "B": "Before release, each model change is reviewed by our team, with a rollback if it fails.",
        "C": "our team reviews every model change before release and rolls back on failure.",
        "D": "Customer data is deleted within 30 days of the end of the contract, with a certificate.",
    }
    docs = {qid: build_answer(text) for qid, text in texts.items()}
    vectors = {"A": unit(1, 0.1, 0), "B": unit(1, 0.3, 0), "C": unit(1, 0.1, 0), "D": unit(0.4, 0, 1)}
    found = find_duplicate_answers(docs, vectors=vectors)
    assert found["A"].literal == ("C",) and [qid for qid, _ in found["A"].reworded] == ["B"]
    assert found["B"].literal == () and [qid for qid, _ in found["B"].reworded] == ["A", "C"]
    assert found["B"].reason == "reworded copy of the answer to A (0.98), C (0.98)"
    assert found["A"].reason.startswith("same text as the answer to C; reworded copy of the answer to B (0.")
    assert "D" not in found
    assert set(find_duplicate_answers(docs)) == {"A", "C"}  # without vectors: literal copies only
