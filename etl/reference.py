"""Reference tables (FX rates, role families, salary bands, country currencies) from data/reference/."""

from __future__ import annotations

import duckdb

from etl import settings

# table -> (csv file, column list in table order)
REFERENCE_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "fx_rates": ("fx_rates.csv", ("currency", "year", "units_per_usd")),
    "role_families": ("role_families.csv", ("keyword", "role_family")),
    "salary_bands": (
        "salary_bands.csv",
        (
            "band_id",
            "role_family",
            "seniority",
            "country",
            "currency",
            "band_min",
            "band_mid",
            "band_max",
        ),
    ),
    "country_currency": ("country_currency.csv", ("country", "currency")),
}


def load_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Replace each reference table with the current CSV (files may carry '#' comment lines)."""
    for table, (file_name, columns) in REFERENCE_TABLES.items():
        path = settings.REFERENCE_DIR / file_name
        if not path.exists():
            continue
        cols = ", ".join(columns)
        con.execute(f"DELETE FROM {table}")
        con.execute(
            f"INSERT INTO {table} SELECT {cols} FROM read_csv(?, header = true, comment = '#', auto_detect = true)",
            [str(path)],
        )
