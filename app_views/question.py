"""One question's details: scores, flags, the answer with its signals, criteria, clauses, evidence, follow-ups."""

from __future__ import annotations

import html

import streamlit as st

from app_views.presentation import badge
from assessor import app_support as ui
from question_bank.catalog import Catalog
from scoring.config import ScoringConfig
from scoring.results import QuestionResult


def question_details(r: QuestionResult, catalog: Catalog, config: ScoringConfig) -> None:
    red = set(config["flags"]["red"])
    st.html(
        f"<div>{badge(r.rating)} &nbsp;<b>{html.escape(r.question.id)}</b> · "
        f"{html.escape(r.category_title)}</div>"
        f"<div style='font-size:1.15rem;font-weight:600;margin-top:.3rem'>{html.escape(r.question.text)}</div>"
    )
    cols = st.columns(4)
    cols[0].metric("Overall", f"{r.overall:.1f}")
    cols[1].metric("Specificity", f"{r.specificity.score:.0f}", help="How concrete the answer is (0-100)")
    cols[2].metric("Evidence", f"{r.evidence.score:.0f}", help="How well the attached documents back it (0-100)")
    cols[3].metric("Clause coverage", f"{r.coverage:.0f}", help="Share of the expected ISO 42001 clauses addressed")
    for flag in r.flags:
        text = f"**{ui.md_escape(ui.flag_label(flag.code))}**: {ui.md_escape(flag.reason)}"
        (st.error if flag.code in red else st.warning)(text)

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("##### Answer")
        where = f"row {r.answer_row} of the vendor's file" if r.answer_row else "no answer row"
        note = f" · {r.alignment_note}" if r.alignment_note and r.alignment_note != where else ""
        st.caption(ui.md_escape(where + note))
        st.html(ui.highlight_answer(r.answer, r.specificity.hits))
        if r.specificity.hits:
            st.html(
                '<div class="legend"><mark class="hl-pos">counts for the answer</mark> '
                '<mark class="hl-neg">counts against it</mark> — hover a highlight to see why</div>'
            )
            with st.expander("Signals found in the answer"):
                st.dataframe(ui.signal_frame(r), hide_index=True)
                st.caption(f"Base points for length: {r.specificity.base:g}")
        if r.evidence_refs:
            st.caption("Evidence the vendor cites")
            st.html(ui.escaped_block(r.evidence_refs, "vendor-text small"))
        with st.expander("How the overall score adds up"):
            st.dataframe(ui.score_lines_frame(r.overall_lines), hide_index=True)
            st.caption("Evidence score")
            st.dataframe(ui.score_lines_frame(r.evidence.lines), hide_index=True)
    with right:
        st.markdown("##### What a specific answer names")
        met, missed = ui.criteria_lists(r)
        items = [
            f'<li><span class="met">✓ met</span> {html.escape(name)}: <i>“{html.escape(words)}”</i></li>'
            for name, words in met
        ]
        items += [f'<li><span class="missed">✗ missing</span> {html.escape(name)}</li>' for name in missed]
        st.html(f'<ul class="criteria">{"".join(items)}</ul>' if items else "<i>This question lists no criteria.</i>")
        st.markdown("##### ISO/IEC 42001 clauses")
        clauses = ui.clause_list_html(r, catalog)
        if clauses:
            st.html(clauses)
        else:
            st.caption("This question maps to no clause.")

    contradicted = ui.contradictions(r)
    if contradicted:
        st.markdown("##### Contradictions")
        for check in contradicted:
            with st.container(border=True):
                a, b = st.columns(2)
                with a:
                    st.caption("The answer says")
                    st.html(ui.mark_in_context(r.answer, check.start, check.end))
                with b:
                    st.caption(ui.md_escape(f"The evidence says ({check.citation})"))
                    st.html(ui.escaped_block(check.evidence_text or "(no sentence recorded)"))
                st.caption(ui.md_escape(check.explanation))
    st.markdown("##### Supporting evidence")
    views = ui.passages(r)
    if not views:
        st.caption("No passage in the evidence supports this answer.")
    for view in views:
        with st.container(border=True):
            st.caption(ui.md_escape(f"{view.document} — page {view.page} · similarity {view.similarity:.2f}"))
            st.html(ui.escaped_block(view.text, "vendor-text small"))
    if r.evidence.checks:
        with st.expander(f"Facts checked against the evidence ({len(r.evidence.checks)})"):
            st.dataframe(ui.claim_frame(r), hide_index=True)
    for stale in r.evidence.stale:
        st.warning(ui.md_escape(f"Out of date: {stale.doc} — {stale.reason}"))

    st.markdown("##### Follow-up questions")
    if r.follow_ups:
        items = "".join(f"<li>{html.escape(text)}</li>" for text in r.follow_ups)
        st.html(f'<ol class="follow-ups">{items}</ol>')
    else:
        st.caption("None: the answer leaves nothing to ask.")
