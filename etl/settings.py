"""Deployment settings, read from the environment so the CLI, the dashboard and tests agree."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
PROFILES_DIR = DATA_DIR / "profiles"
DEFAULT_DB_PATH = DATA_DIR / "warehouse.duckdb"

DEFAULT_CULTURE_DIMENSIONS = (
    "work_life_balance",
    "growth",
    "autonomy",
    "collaboration",
    "inclusion",
    "mission",
    "stability",
    "innovation",
)


def base_currency() -> str:
    """Currency every annualised pay figure is converted to (INSIGHTS_BASE_CURRENCY, default USD)."""
    return os.environ.get("INSIGHTS_BASE_CURRENCY", "USD").strip().upper() or "USD"


def min_group_size() -> int:
    """Smallest group an aggregate may describe (INSIGHTS_MIN_GROUP, default 5)."""
    try:
        return max(1, int(os.environ.get("INSIGHTS_MIN_GROUP", "5")))
    except ValueError:
        return 5


def culture_dimensions() -> tuple[str, ...]:
    """Culture dimensions rated 1-5 (INSIGHTS_CULTURE_DIMENSIONS, comma separated)."""
    raw = os.environ.get("INSIGHTS_CULTURE_DIMENSIONS", "")
    dims = tuple(d.strip().lower() for d in raw.split(",") if d.strip())
    return dims or DEFAULT_CULTURE_DIMENSIONS


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The warehouse file: --db, else $INSIGHTS_DB, else data/warehouse.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("INSIGHTS_DB")
    return Path(env) if env else DEFAULT_DB_PATH


def top_groups() -> int:
    """How many groups a breakdown names before the rest become "all others"
    (INSIGHTS_TOP_GROUPS, default 12)."""
    try:
        return max(1, int(os.environ.get("INSIGHTS_TOP_GROUPS", "12")))
    except ValueError:
        return 12
