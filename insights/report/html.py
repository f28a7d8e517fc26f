"""One self-contained HTML file: opens offline (plotly.js inlined once), interactive
charts, the numbers behind each chart, and a print stylesheet."""

from __future__ import annotations

import html

from plotly.offline import get_plotlyjs

from insights import privacy
from insights.catalog import Answer
from insights.report import formatting
from insights.report.model import Report, split_title

CSS = """
:root { --ink: #1F2A37; --muted: #5b6675; --line: #dde3ea; --accent: #4C78A8; }
* { box-sizing: border-box; }
body { font-family: "Source Sans 3", "Source Sans Pro", "Liberation Sans", Arial, sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 32px 28px 64px; line-height: 1.45; }
header.cover { border-bottom: 3px solid var(--accent); padding-bottom: 18px; margin-bottom: 24px; }
h1 { font-size: 30px; margin: 0 0 8px; }
h2 { font-size: 23px; margin: 40px 0 6px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 17px; margin: 26px 0 4px; }
h3.block { font-size: 19px; color: var(--accent); margin-top: 34px; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; color: var(--muted); }
.meta dt { font-weight: 600; color: var(--ink); }
.privacy { background: #F3F5F8; border-left: 4px solid var(--accent); padding: 8px 12px; margin: 16px 0; }
.n { color: var(--muted); font-size: 14px; margin: 0 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 12px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: right; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
th { background: #F3F5F8; font-weight: 600; }
td.suppressed { color: var(--muted); font-style: italic; }
table.headlines td, table.headlines th { font-size: 15px; }
details summary { cursor: pointer; color: var(--accent); margin: 4px 0; }
.chart { page-break-inside: avoid; break-inside: avoid; }
nav ul { columns: 2; margin: 0; padding-left: 18px; }
footer { margin-top: 48px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  @page { size: A4; margin: 14mm 12mm 16mm; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav, details summary { display: none; }
  h2 { break-before: page; page-break-before: always; }
  section:first-of-type h2 { break-before: auto; page-break-before: auto; }
  .item { break-inside: avoid-page; }
  .js-plotly-plot, .plotly-graph-div { width: 100% !important; }
  .modebar-container { display: none !important; }
  table { font-size: 9pt; }
  a { color: inherit; text-decoration: none; }
}
"""

# Tables live in <details>; open them all before printing so paper has the numbers too.
PRINT_SCRIPT = """
window.addEventListener('beforeprint', () => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  document.querySelectorAll('.plotly-graph-div').forEach(g => window.Plotly && Plotly.Plots.resize(g));
});
"""

CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def render(report: Report) -> str:
    """The report as one HTML document (about 5 MB: plotly.js is inlined)."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(report.title)} · {e(report.period_text())}</title>",
        f"<style>{CSS}</style>",
        f"<script>{get_plotlyjs()}</script>",
        f"<script>{PRINT_SCRIPT}</script>",
        "</head><body>",
        _cover(report),
    ]
    if report.sections:
        parts.append("<nav><strong>Contents</strong><ul>")
        parts += [f'<li><a href="#{s.key}">{e(s.title)}</a></li>' for s in report.sections]
        parts.append("</ul></nav>")
    else:
        parts.append("<p><strong>No interviews match this period and these filters.</strong></p>")
    for section in report.sections:
        parts.append(f'<section id="{section.key}"><h2>{e(section.title)}</h2>')
        if section.intro:
            parts.append(f"<p>{e(section.intro)}</p>")
        for block in section.blocks:
            if len(section.blocks) > 1:
                parts.append(f'<h3 class="block">{e(block.title)}</h3>')
            if block.intro and block.intro != section.intro:
                parts.append(f'<p class="n">{e(block.intro)}</p>')
            parts += [_item(answer, report) for answer in block.answers]
        parts.append("</section>")
    parts.append(
        f"<footer>Generated {report.generated_at:%Y-%m-%d %H:%M} by Exploratory Interview "
        f"Insights. Aggregates only: no group of {privacy.label(report.k)} is described.</footer>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)


def _cover(report: Report) -> str:
    e = html.escape
    headlines = ""
    if report.headlines is not None and report.headlines.shown:
        header, rows = formatting.table(report.headlines, report.currency)
        headlines = (
            "<h3>Headline figures</h3>"
            + _table(header, rows, css="headlines")
            + f'<p class="n">{e(formatting.note(report.headlines))}</p>'
        )
    return (
        '<header class="cover">'
        f"<h1>{e(report.title)}</h1>"
        '<dl class="meta">'
        f"<dt>Period</dt><dd>{e(report.period_text())}</dd>"
        f"<dt>Compared with</dt><dd>{e(report.comparison)}</dd>"
        f"<dt>Filters</dt><dd>{e(report.filters_text())}</dd>"
        f"<dt>Interviews</dt><dd>{e(str(report.interviews))}</dd>"
        f"<dt>Pay figures</dt><dd>{e(report.currency)} per year</dd>"
        f"<dt>Generated</dt><dd>{report.generated_at:%Y-%m-%d %H:%M}</dd>"
        "</dl>"
        f'<p class="privacy">Privacy: no figure describes a group of {privacy.label(report.k)}; '
        f"such groups are listed as \u201c{privacy.label(report.k)}\u201d without numbers, and "
        "where a hidden group could be worked out by subtraction a second group is hidden too. "
        "No individual candidate appears in this report.</p>" + headlines + "</header>"
    )


def _item(answer: Answer, report: Report) -> str:
    e = html.escape
    key = html.escape(answer.key + "-" + answer.question, quote=True)
    out = [f'<div class="item" id="{key}"><h3>{e(answer.question)}</h3>']
    if answer.empty:
        out.append(f'<p class="n">{e(answer.empty)}</p></div>')
        return "\n".join(out)
    if answer.figure is not None:
        figure, subtitle = split_title(answer.figure)
        out.append(f'<p class="n">{e(formatting.plain(subtitle))}</p>')
        height = int(figure.layout.height or 420)
        figure.update_layout(height=height)
        fig_html = figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            config=CONFIG,
            default_height=f"{height}px",
            default_width="100%",
        )
        out.append(f'<div class="chart">{fig_html}</div>')
    else:
        out.append(f'<p class="n">{e(answer.n_text())}</p>')
    if answer.note:
        out.append(f"<p>{e(formatting.note(answer))}</p>")
    header, rows = formatting.table(answer, report.currency)
    rows, hidden_note = formatting.split_suppressed(header, rows, limit=12)
    if rows or hidden_note:
        summary = "Numbers behind the chart" if answer.figure is not None else "The numbers"
        out.append(
            f"<details{'' if answer.figure is not None else ' open'}><summary>{summary}</summary>"
        )
        aligns = formatting.alignments(answer, header)
        out.append(_table(header, rows, aligns=aligns) if rows else "")
        out.append(f'<p class="n">{e(hidden_note)}</p>' if hidden_note else "")
        out.append("</details>")
    out.append("</div>")
    return "\n".join(out)


def _table(
    header: list[str], rows: list[list[str]], css: str = "", aligns: list[str] | None = None
) -> str:
    e = html.escape
    left = [a == "left" for a in (aligns or ["left"] + ["right"] * (len(header) - 1))]
    text = ' class="text"'
    head = "".join(
        f"<th{text if lf else ''}>{e(h)}</th>" for h, lf in zip(header, left, strict=True)
    )
    body = []
    for row in rows:
        cells = [f"<td{text if lf else ''}>{e(v)}</td>" for v, lf in zip(row, left, strict=False)]
        if formatting.is_suppressed(row, header):
            span = len(header) - len(row) + 1
            cells[-1] = f'<td class="suppressed" colspan="{span}">{e(row[-1])}</td>'
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )
