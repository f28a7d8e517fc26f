"""State tests run against both backends (the `backend` fixture of tests/conftest.py): the
embedded DuckDB file and a real PostgreSQL server started for the session
(tests/state/postgres_server.py)."""
