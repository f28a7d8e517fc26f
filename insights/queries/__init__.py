"""Read-side questions, one function per question: (con, filters, ...) -> DataFrame.

Every function aggregates in DuckDB with bound parameters and returns a result already
masked by the minimum group size (insights.privacy). Modules group them by page:
meta, overview, compensation, work_conditions, culture, questions.
"""
