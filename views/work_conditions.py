"""Work conditions: where, when and how candidates want to work, and the benefits they name.

A layout of declared insights (insights.catalog.work_conditions): the report prints the same."""

from insights import ui
from insights.catalog import work_conditions

page = work_conditions.PAGE
filters = ui.page_header(page)
if ui.require_data(filters):
    ui.render_page(page, filters)
