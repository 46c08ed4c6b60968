"""Analyst app (Streamlit): a view over the assessor library."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from question_bank import CRITERIA, load_bank, load_catalog

st.set_page_config(page_title="AI vendor due-diligence assessor", layout="wide")


@st.cache_resource
def default_bank():
    return load_bank()


def bank_table(bank) -> pd.DataFrame:
    catalog = load_catalog()
    return pd.DataFrame(
        [
            {
                "id": q.id,
                "category": bank.category_title(q.category),
                "question": q.text,
                "ISO 42001": ", ".join(f"{i} {catalog.get(i).title}" for i in q.iso42001),
                "a specific answer names": "; ".join(CRITERIA[c] for c in q.criteria),
                "evidence expected": ", ".join(q.evidence),
                "weight": q.weight,
            }
            for q in bank.questions
        ]
    )


bank = default_bank()
st.title("AI vendor due-diligence assessor")
st.caption(f"Question bank: {bank.name} {bank.version} - {len(bank.questions)} questions mapped to ISO/IEC 42001")
st.dataframe(bank_table(bank), hide_index=True, width="stretch")
