"""Reports: the expectations report for the sidebar's period and filters, as HTML, PDF or XLSX."""

import streamlit as st

from insights import privacy, ui
from insights import report as reports
from insights.report import formatting
from insights.ui import reports as rui

st.title("Reports")
filters = ui.current_filters()
st.caption(f"Showing {filters.describe()}.")

if ui.require_data(filters):
    st.markdown(
        "A report to share or print: headline figures against the previous period, pay "
        "(distribution, trend, our salary bands), work conditions, culture and candidates' "
        "questions, each with its n. It uses the period and filters in the sidebar and the "
        f"same privacy rule as the pages (no group of {privacy.label()}), and names no one."
    )
    every = st.segmented_control(
        "Trends per",
        ["auto", "month", "quarter"],
        default="auto",
        format_func=lambda v: "By period length" if v == "auto" else v.capitalize(),
        key="report_every",
    )
    every_arg = None if every in (None, "auto") else str(every)
    with st.spinner("Gathering the figures..."):
        content = rui.report_content(filters, every_arg)

    st.subheader("In this report")
    st.caption(
        f"Period {content.period_text()}, compared with {content.previous_text()}. "
        f"Filters: {content.filters_text()}. {content.interviews:,} interviews; pay in "
        f"{content.currency} per year."
    )
    st.dataframe(
        [
            dict(zip(["Headline", "Value", "Previous period", "Change", "n"], row, strict=True))
            for row in formatting.headline_rows(content.headlines, content.currency, content.k)
        ],
        hide_index=True,
    )
    st.caption(formatting.headline_note(content))
    with st.expander("Sections and questions"):
        for section in content.sections:
            st.markdown(f"**{section.title}**")
            st.markdown(
                "\n".join(f"- {item.question} (n = {item.n or 0:,})" for item in section.items)
            )

    st.subheader("Download")
    labels = {
        "pdf": "PDF (print, static charts)",
        "html": "HTML (interactive, opens offline)",
        "xlsx": "Excel (the data behind each chart)",
    }
    choice = st.radio(
        "Format", list(labels), format_func=labels.get, horizontal=True, key="report_format"
    )
    fmt = reports.Format(str(choice))
    state_key = ("report_bytes", filters, every_arg, fmt.value, ui.current_version())
    if st.button(f"Build the {fmt.value.upper()} report", type="primary", key="report_build"):
        with st.spinner("Rendering the report (the PDF draws every chart; allow a few seconds)..."):
            st.session_state["report_built"] = (state_key, rui.build(filters, every_arg, fmt))
    built = st.session_state.get("report_built")
    if built and built[0] == state_key:
        st.download_button(
            f"Download {rui.file_name(content, fmt)}",
            data=built[1],
            file_name=rui.file_name(content, fmt),
            mime=fmt.mime,
            icon=":material/download:",
            key="report_download",
        )
    st.caption("The same report from the command line (e.g. scheduled every quarter):")
    st.code(rui.cli_command(filters, fmt), language="bash")
