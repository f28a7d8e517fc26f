"""Culture: which traits matter most to candidates, to whom, and how that changes.

A layout of declared insights (insights.catalog.culture): the report prints the same."""

from insights import ui
from insights.catalog import culture

page = culture.PAGE
filters = ui.page_header(page)
if ui.require_data(filters):
    ui.render_page(page, filters)
