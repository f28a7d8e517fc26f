"""Reports: the expectations report for the sidebar's period and filters, as HTML, PDF or XLSX.

The report is the insight pages, printed (insights.report over insights.catalog)."""

import streamlit as st

from insights import privacy, ui
from insights import report as reports
from insights.ui import reports as rui
from insights.ui.answers import numbers
from insights.ui.plain import md

st.title("Reports")
filters = ui.current_filters()
st.caption(md(f"Showing {filters.describe()}."))
role = ui.principal().role.value

if ui.require_data(filters):
    st.markdown(
        "A report to share or print: every insight page (overview, compensation, work "
        "conditions, culture, candidate questions) with each chart's n and the numbers behind "
        "it. It uses the period and filters in the sidebar and the same privacy rule as the "
        f"pages (no group of {privacy.label()}), and names no one."
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
        content = rui.report_content(filters, every_arg, role)

    st.subheader("In this report")
    st.caption(
        md(
            f"Period {content.period_text()}. {content.comparison} Filters: "
            f"{content.filters_text()}. Interviews: {content.interviews}; pay in "
            f"{content.currency} per year."
        )
    )
    if content.headlines is not None and content.headlines.shown:
        numbers(content.headlines, content.currency, expanded=True, label="Headline figures")
    with st.expander("Sections and questions"):
        for section in content.sections:
            st.markdown(f"**{md(section.title)}**")
            st.markdown(
                "\n".join(
                    f"- {md(answer.question)} ({md(answer.n_text() if not answer.empty else 'nothing to show')})"
                    for answer in section.answers
                )
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
    state_key = ("report_bytes", filters, every_arg, fmt.value, ui.current_version(), role)
    if st.button(f"Build the {fmt.value.upper()} report", type="primary", key="report_build"):
        with st.spinner("Rendering the report (the PDF draws every chart; allow a few seconds)..."):
            st.session_state["report_built"] = (state_key, rui.build(filters, every_arg, fmt, role))
    built = st.session_state.get("report_built")
    if built and built[0] == state_key:
        st.download_button(
            f"Download {rui.file_name(content, fmt)}",
            data=built[1],
            file_name=rui.file_name(content, fmt),
            mime=fmt.mime,
            icon=":material/download:",
            key="report_download",
            on_click=rui.audit_download,
            args=(content, fmt),
        )
    st.caption("The same report from the command line (e.g. scheduled every quarter):")
    st.code(rui.cli_command(filters, fmt), language="bash")
