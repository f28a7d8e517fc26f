"""Candidate questions: what candidates ask about, and how soon they expect a promotion.

A layout of declared insights (insights.catalog.questions): the report prints the same."""

from insights import ui
from insights.catalog import questions

page = questions.PAGE
filters = ui.page_header(page)
if ui.require_data(filters):
    ui.render_page(page, filters)
