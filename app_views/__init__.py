"""Streamlit screens of the analyst app that ``app.py`` calls; the data behind them lives in ``assessor``."""
