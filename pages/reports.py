"""Reports page: placeholder until this page is built."""

import streamlit as st

st.title("Reports")
st.info("This page is being built.", icon=":material/construction:")
