"""Candidate profile page: placeholder until this page is built."""

import streamlit as st

st.title("Candidate profile")
st.info("This page is being built.", icon=":material/construction:")
