"""What every chart shares: colours, layout, labels, and how n and hidden groups read.

Every figure's title is the question it answers (set by insights.catalog); its subtitle
gives n, units and currency. Axis labels are never clipped: every axis sizes its margin
to its labels (automargin), and static exports are drawn at the size they are laid out
in. Colours are fixed per category, so "remote" is the same blue on every page; PALETTE
matches [theme] chartCategoricalColors in .streamlit/config.toml.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from insights import labels, privacy

PALETTE: tuple[str, ...] = (
    "#4C78A8",  # blue
    "#F58518",  # orange
    "#54A24B",  # green
    "#B279A2",  # purple
    "#E45756",  # red
    "#72B7B2",  # teal
    "#EECA3B",  # yellow
    "#9D755D",  # brown
    "#FF9DA6",  # pink
    "#79706E",  # grey
)
HIDDEN_COLOR = "#D9DDE3"
HIDDEN_PATTERN = {"shape": "/", "fgcolor": "#9AA3AE", "bgcolor": "#F3F5F8", "size": 6}
BAND_COLOR = "#79706E"
FONT = "Source Sans, sans-serif"
# Fields whose categories also appear as separate series elsewhere: their bars take the
# category's colour so a reader can link charts; other single-series bars stay neutral.
COLOURED_FIELDS = ("work_arrangement", "benefit", "topic")
ORDERS = labels.ORDERS
ROW_HEIGHT = 34  # px per category row of a horizontal chart


def color_map(field: str, values: Iterable[str] = ()) -> dict[str, str]:
    """A stable colour per value: canonical order first, then any other value, sorted."""
    order = list(ORDERS.get(field, ()))
    order += sorted(v for v in set(values) if v not in order)
    return {value: PALETTE[i % len(PALETTE)] for i, value in enumerate(order)}


def pretty(value: object, field: str | None = None) -> str:
    """A value as a chart label. Plotly reads a subset of HTML in labels (links among
    them), so text from the data is escaped: a name is shown as written, never as markup."""
    return html.escape(labels.pretty(value, field), quote=False)


def count(value: object) -> str:
    try:
        return f"{int(value):,}"  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return "n/a"


def ordered(df: pd.DataFrame, field: str | None, column: str = "group") -> pd.DataFrame:
    """Rows in the field's domain order (others alphabetically; 'not stated' and 'all
    others' last)."""
    rank = {v: i for i, v in enumerate(labels.order(field, df[column].dropna().astype(str)))}
    return (
        df.assign(_o=df[column].astype(str).map(rank))
        .sort_values("_o", kind="stable")
        .drop(columns="_o")
    )


def by_size(df: pd.DataFrame, value: str, column: str = "group") -> pd.DataFrame:
    """Rows by `value` (largest first), 'not stated' and 'all others' last."""
    tail = df[column].astype(str).isin([labels.NOT_STATED, labels.OTHERS])
    head = df[~tail].sort_values(value, ascending=False, kind="stable", na_position="last")
    rest = ordered(df[tail], None, column)
    return pd.concat([head, rest])


def layout(fig: go.Figure, subtitle: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        title={"text": "", "subtitle": {"text": subtitle}, "x": 0, "xanchor": "left"},
        height=int(height),
        margin={"l": 10, "r": 24, "t": 86, "b": 10},
        font={"family": FONT, "size": 13},
        legend={
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0.0,
            "x": 0,
            "title": None,
            "traceorder": "normal",
        },
        hoverlabel={"namelength": -1},
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def period_axis(fig: go.Figure, period: str, periods: int) -> None:
    """Ticks that read as the buckets they are ('Q3 2026', 'Jul 2026'), one per bucket
    (or per quarter when there are many months), never a week tick under two quarters."""
    if period == "quarter":
        step = 3 if periods <= 16 else 6
        fig.update_xaxes(dtick=f"M{step}", tickformat="Q%q %Y" if step == 3 else "%b %Y")
    elif period == "month":
        fig.update_xaxes(dtick="M1" if periods <= 14 else "M3", tickformat="%b %Y")


def n_text(n: object, unit: str = "responses") -> str:
    """'n = 1,234 responses' (a count under k reads 'fewer than 5')."""
    return f"n = {privacy.Count.of(n).text(unit)}"


def hidden_note(df: pd.DataFrame, field: str | None, column: str = "group") -> str:
    """' · 2 groups hidden (fewer than 5 responses, or hidden to protect one): a, b'."""
    rows = privacy.hidden(df)
    if rows.empty:
        return ""
    names = [pretty(v, field) for v in rows[column].astype(str)]
    listed = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    small = int((rows.get(privacy.REASON, pd.Series(dtype=object)) == privacy.SMALL).sum())
    what = f"{len(names)} group{'s' if len(names) != 1 else ''} hidden"
    if small and small < len(names):
        why = f"{privacy.label()}, or hidden so a smaller one cannot be worked out"
    else:
        why = privacy.label()
    return f" · {what} ({why}): {listed}"


def category_labels(values: Sequence[object], field: str | None) -> list[str]:
    return [pretty(v, field) for v in values]


def rows_height(rows: int, base: int = 150, minimum: int = 240) -> int:
    return max(minimum, base + ROW_HEIGHT * max(1, rows))
