"""Compensation: what candidates expect to earn, and where our salary bands sit against it."""

from __future__ import annotations

import pandas as pd

from insights import charts, labels
from insights.catalog.model import Block, Column, Context, Insight, Page, Param
from insights.catalog.specs import BandRatios, Bands, Distribution, PayTrend
from insights.charts.base import by_size, ordered

PAY = "comp_mid_annual"
PERIOD = Param(
    "every", "Period", ("month", "quarter"), "quarter", {"month": "Month", "quarter": "Quarter"}
)
BAND_FAMILY = Param("band_family", "Role family", (), "", block="One role family's bands")
INTRO = (
    "Expected pay is the midpoint of the range each candidate gave, converted to the base "
    "currency per year. Only candidates who stated an expectation count."
)
N = Column("n", "Responses", "count")


def percentile_columns(kind: str) -> tuple[Column, ...]:
    names = {"p10": "P10", "p25": "P25", "p50": "Median", "p75": "P75", "p90": "P90"}
    return tuple(Column(key, label, kind) for key, label in names.items())


def sort_groups(field: str | None, value: str) -> object:
    """Table order = chart order: the field's domain order, else largest `value` first."""

    def sort(df: pd.DataFrame) -> pd.DataFrame:
        if field in labels.ORDERS:
            return ordered(df, field)
        return by_size(df, value)

    return sort


def _pay_chart(by: str):  # type: ignore[no-untyped-def]
    def draw(df: pd.DataFrame, ctx: Context):  # type: ignore[no-untyped-def]
        return charts.percentile_ranges(
            df,
            value_label=f"Expected pay ({ctx.currency} per year)",
            field=by,
            money_currency=ctx.currency,
        )

    return draw


def pay_by(by: str) -> Insight:
    heading = labels.heading(by)
    return Insight(
        key=f"pay_by_{by}",
        question=f"What do candidates expect to earn, by {heading.lower()}?",
        spec=Distribution(by=by, value=PAY),
        columns=(Column("group", heading, "label", by), N, *percentile_columns("money")),
        draw=_pay_chart(by),
        about="expected pay",
        pick=by if by in labels.OPEN_FIELDS else None,
        sort=sort_groups(by, "p50"),  # type: ignore[arg-type]
        excel="percentiles",
    )


def pay_trend(every: str) -> Insight:
    return Insight(
        key="pay_trend",
        question=f"Are pay expectations rising? Median and middle half per {every}",
        spec=PayTrend(every),
        columns=(
            Column("period", every.capitalize(), "date", field=every),
            N,
            *(c for c in percentile_columns("money") if c.key in ("p25", "p50", "p75")),
        ),
        draw=lambda df, ctx: charts.median_band_trend(
            df, value_label=f"Expected pay ({ctx.currency} per year)", period_label=every
        ),
        about="expected pay",
        count="rows",
        excel="line",
    )


BAND_RATIOS = Insight(
    key="band_ratios",
    question="Do candidates expect more or less than our band midpoints, by role family?",
    spec=BandRatios(),
    columns=(
        Column("group", "Role family", "label", "role_family"),
        Column("n", "Candidates matched to a band", "count"),
        Column("p25", "P25 (expected pay ÷ band midpoint)", "ratio"),
        Column("p50", "Median (expected pay ÷ band midpoint)", "ratio"),
        Column("p75", "P75 (expected pay ÷ band midpoint)", "ratio"),
        Column("share_above_max", "Share expecting more than the band maximum", "share"),
    ),
    draw=lambda df, ctx: charts.band_ratios(df),
    about="expected pay matched to our salary bands",
    note="Each candidate's expected pay is divided by the midpoint of our band for their "
    "role family, seniority and country (a market compa-ratio): 1.00 = our midpoint, "
    "1.10 = they expect 10% more. Bands come from data/reference/salary_bands.csv.",
    sort=sort_groups(None, "p50"),  # type: ignore[arg-type]
    empty_text="No candidate matches a salary band within these filters (bands cover the "
    "role families, seniorities and countries in data/reference/salary_bands.csv).",
)


def band_detail(role_family: str) -> Insight:
    """Our bands of one role family ("" = every family, one answer each) against the
    expected pay of matching candidates."""
    return Insight(
        key="bands" if not role_family else f"bands_{role_family}",
        question="Where do our {split} bands sit against what candidates expect?"
        if not role_family
        else f"Where do our {role_family} bands sit against what candidates expect?",
        spec=Bands(role_family or None),
        columns=(
            Column("seniority", "Seniority", "label", "seniority"),
            Column("country", "Country", "label", "country"),
            Column("band_min", "Band min", "money", reference=True),
            Column("band_mid", "Band mid", "money", reference=True),
            Column("band_max", "Band max", "money", reference=True),
            Column("n", "Candidates", "count"),
            Column("p50", "Median expected", "money"),
            Column("compa", "Median ÷ band mid", "ratio"),
            Column("share_above_max", "Above band max", "share"),
        ),
        draw=lambda df, ctx: charts.band_detail(df, ctx.currency),
        about="our salary bands",
        count="rows",
        split=None if role_family else "role_family",
        note="Band figures are our own reference data and always shown; candidates' figures "
        "of a band with too few matching candidates are hidden. 'Median ÷ band mid' is the "
        "market compa-ratio; 'Above band max' the share of candidates expecting more than "
        "the band maximum.",
        reference=bool(role_family),
        empty_text="No salary bands match these filters, or no candidate's expected pay "
        "matches a band. Bands come from data/reference/salary_bands.csv (role family, "
        "seniority, country, currency, min, mid, max per year).",
    )


def _layout(params: dict[str, str]) -> list[Block]:
    every = params["every"]
    return [
        Block("Expected pay", (pay_by("role_family"), pay_by("seniority")), INTRO),
        Block("Over time", (pay_trend(every),)),
        Block("By place", (pay_by("country"), pay_by("city"))),
        Block("Our salary bands against expectations", (BAND_RATIOS,)),
        Block("One role family's bands", (band_detail(params.get("band_family", "")),)),
    ]


PAGE = Page(
    key="compensation",
    title="Compensation",
    path="views/compensation.py",
    intro=INTRO,
    params=(PERIOD, BAND_FAMILY),
    layout=_layout,
)
