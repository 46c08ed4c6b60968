"""Presentation helpers every view shares: the page's styles, rating badges and colours, messages, download rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import altair as alt
import streamlit as st

from assessor import app_support as ui

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RATING_DELTA = {"strong": "green", "adequate": "green", "weak": "orange", "insufficient": "red"}
CSS = """<style>
.vendor-text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.65; padding: .65rem .85rem;
  border-radius: .5rem; background: rgba(127,127,127,.07); border: 1px solid rgba(127,127,127,.25); }
.vendor-text.empty { color: rgba(127,127,127,.9); font-style: italic; }
.vendor-text.small { font-size: .9rem; line-height: 1.5; }
.vendor-text mark { color: inherit; padding: 0 .12em; border-radius: .2em; }
.vendor-text mark.hl-pos { background: rgba(46,160,67,.25); border-bottom: 2px solid #2ea043; }
.vendor-text mark.hl-neg { background: rgba(229,83,75,.22); border-bottom: 2px solid #e5534b; }
.legend mark { padding: 0 .35em; border-radius: .2em; color: inherit; }
.legend mark.hl-pos { background: rgba(46,160,67,.25); border-bottom: 2px solid #2ea043; }
.legend mark.hl-neg { background: rgba(229,83,75,.22); border-bottom: 2px solid #e5534b; }
.legend { font-size: .85rem; opacity: .85; }
.badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; font-weight: 600; font-size: .85rem; }
ol.follow-ups li { margin-bottom: .35rem; }
ul.criteria { list-style: none; padding-left: 0; }
ul.criteria li { margin-bottom: .3rem; }
ul.criteria .met, ul.criteria .missed, ul.criteria .also { display: inline-block; min-width: 5.2em;
  font-size: .8rem; font-weight: 600; padding: 0 .4em; border-radius: .3em; margin-right: .3em;
  text-align: center; white-space: nowrap; }
ul.criteria .met { background: rgba(46,160,67,.18); color: #1b873f; }
ul.criteria .missed { background: rgba(229,83,75,.15); color: #c2362f; }
ul.criteria .also { background: rgba(47,129,247,.15); color: #1f6feb; }
ul.changes del { background: rgba(229,83,75,.15); }
ul.changes ins { background: rgba(46,160,67,.18); text-decoration: none; }
</style>"""


def show_problem(message: str, error: bool = False) -> None:
    """A warning (or an error) whose text came from a file or the register, shown literally."""
    (st.error if error else st.warning)(ui.md_escape(message))


def show_message(message: tuple[str, str] | None) -> None:
    """The outcome of a save: ("success" | "error", text)."""
    if message:
        kind, text = message
        (st.success if kind == "success" else st.error)(ui.md_escape(text))


def badge(rating: str) -> str:
    background, text = ui.RATING_COLOURS.get(rating, ui.RATING_COLOURS["unscored"])
    return f'<span class="badge" style="background:{background};color:{text}">{rating}</span>'


def rating_scale() -> alt.Scale:
    return alt.Scale(domain=list(ui.RATINGS), range=[ui.RATING_COLOURS[r][0] for r in ui.RATINGS])


def category_chart(data, color: alt.Color, tooltip: list, step: int, **encodings) -> alt.Chart:
    """Horizontal bars of category scores (0-100), one row per category in the frame's order."""
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("Score:Q", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("Category:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
            color=color,
            tooltip=tooltip,
            **encodings,
        )
        .properties(height=alt.Step(step))
    )


def rated_table(frame, columns: Sequence[str], key: str, number_format: dict[str, str] | None = None) -> None:
    """A table whose rating ``columns`` are coloured like the badges."""
    styled = frame.style.map(ui.rating_cell_style, subset=list(columns))
    st.dataframe(styled.format(number_format or {}), hide_index=True, key=key)


def download_row(buttons: Sequence[tuple[str, Callable[[], bytes], str, str, str]]) -> None:
    """A row of download buttons: (label, data callable, file name, mime type, widget key)."""
    for column, (label, data, file_name, mime, key) in zip(st.columns(3), buttons):
        column.download_button(
            label, data=data, file_name=file_name, mime=mime, key=key, on_click="ignore", width="stretch"
        )
