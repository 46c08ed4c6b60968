"""Analyst app (Streamlit): assess a vendor, understand every score, review and decide, keep a register.

The entry point only; each screen is a module of ``app_views`` over the assessor library. Expensive work happens
once: the model is a cached resource, each vendor's ``PreparedVendor`` (answers read, evidence read and embedded)
stays in the session, and changing the settings only scores again.
"""

import streamlit as st

st.set_page_config(page_title="AI vendor due-diligence assessor", layout="wide")

from app_views.page import main  # noqa: E402  (the page config comes first)

main()
