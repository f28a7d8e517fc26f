"""Compensation: what candidates expect to earn, and where our salary bands sit against it."""

import streamlit as st

from insights import charts, ui
from insights.queries import compensation as comp

st.title("Compensation")
filters = ui.current_filters()
st.caption(f"Showing {filters.describe()}.")

if ui.require_data(filters):
    currency = ui.base_currency()
    unit = f"Expected pay ({currency} per year)"
    st.caption(
        f"Expected pay is the midpoint of the range each candidate gave, converted to "
        f"{currency} per year. Only candidates who stated an expectation count."
    )
    pct_cols = {
        "group": "Group",
        "n": "Responses",
        "p10": f"P10 ({currency}/yr)",
        "p25": f"P25 ({currency}/yr)",
        "p50": f"Median ({currency}/yr)",
        "p75": f"P75 ({currency}/yr)",
        "p90": f"P90 ({currency}/yr)",
    }

    # The four pay distributions of the page come from one statement.
    places = ("role_family", "seniority", "country", "city")
    distributions = dict(
        zip(places, ui.query(comp.distribution_sets, filters, places), strict=True)
    )

    def distribution_pair(pairs: tuple[tuple[str, str], ...], *, colour_by_field: bool) -> None:
        """Two pay distributions side by side, each with its numbers."""
        for column, (by, question) in zip(st.columns(2), pairs, strict=True):
            with column:
                df = distributions[by]
                if not ui.nothing(df, "expected pay"):
                    ui.chart(
                        charts.percentile_ranges(
                            df,
                            title=question,
                            value_label=unit,
                            money_currency=currency,
                            sort_by_median=True,
                            **({"field": by} if colour_by_field else {}),
                        ),
                        key=f"dist_{by}",
                    )
                    ui.numbers(df, pct_cols)

    distribution_pair(
        (
            ("role_family", "What do candidates expect to earn, by role family?"),
            ("seniority", "What do candidates expect to earn, by seniority?"),
        ),
        colour_by_field=True,
    )

    st.subheader("Over time")
    every = ui.period_picker("comp_period")
    trend = ui.query(comp.pay_trend, filters, every)
    if not ui.nothing(trend, "expected pay"):
        ui.chart(
            charts.median_band_trend(
                trend,
                title=f"Are pay expectations rising? Median and middle half per {every}",
                value_label=unit,
                period_label=every,
            ),
            key="trend",
        )

    st.subheader("By place")
    distribution_pair(
        (
            ("country", "What do candidates expect to earn, by country?"),
            ("city", "What do candidates expect to earn, by city?"),
        ),
        colour_by_field=False,
    )

    st.subheader("Our salary bands against expectations")
    bands = ui.query(comp.bands_vs_expectations, filters)
    if bands.empty:
        st.info(
            "No salary bands match these filters. Bands come from data/reference/salary_bands.csv "
            "(role family, seniority, country, currency, min, mid, max per year).",
            icon=":material/info:",
        )
    else:
        ui.chart(charts.bands_vs_expectations(bands, currency), key="bands")
        st.caption(
            "Percentile of a band value = share of matching candidates (same role family, "
            "seniority and country) whose expected pay is at or below it. 'Minimum above band "
            "max' = share of candidates whose lowest acceptable pay exceeds the band maximum."
        )
        ui.numbers(
            bands,
            {
                "role_family": "Role family",
                "seniority": "Seniority",
                "country": "Country",
                "currency": "Band currency",
                "band_min": f"Band min ({currency}/yr)",
                "band_mid": f"Band mid ({currency}/yr)",
                "band_max": f"Band max ({currency}/yr)",
                "n": "Candidates",
                "pct_band_min": "Percentile of band min",
                "pct_band_mid": "Percentile of band mid",
                "pct_band_max": "Percentile of band max",
                "pct_min_above_max": "% with minimum above band max",
                "p50": f"Median expectation ({currency}/yr)",
            },
            label="Show the band table",
        )
