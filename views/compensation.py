"""Compensation: what candidates expect to earn, and where our salary bands sit against it.

A layout of declared insights (insights.catalog.compensation): the report prints the same."""

from insights import ui
from insights.catalog import compensation

page = compensation.PAGE
filters = ui.page_header(page)
if ui.require_data(filters):
    ui.render_page(page, filters)
