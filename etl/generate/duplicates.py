"""Rows seen twice: exact duplicates and re-exported edited rows (same candidate, date,
interviewer and role, one field changed), placed near their originals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.generate.arrays import _s


def repeat_rows(
    cols: dict[str, np.ndarray], kind: np.ndarray, rng: np.random.Generator, n_dup: int, n_edit: int
) -> pd.DataFrame:
    """The rows plus n_dup copies and n_edit edited copies of clean rows (kind -1)."""
    n = len(kind)
    clean = np.flatnonzero(kind == -1)
    pool = clean if len(clean) else np.arange(n)
    dup_src = pool[rng.integers(0, len(pool), n_dup)]
    ident = clean[cols["email"][clean] != ""]
    ident = ident if len(ident) else pool
    edit_src = ident[rng.integers(0, len(ident), n_edit)]
    out = pd.DataFrame(cols, dtype=object)
    edits = out.iloc[edit_src].copy()
    field = rng.integers(0, 6, n_edit)
    e = {
        c: edits[c].to_numpy(dtype=object).copy()
        for c in ("notes", "pool_status", "fit_score", "interest_level", "tags", "comp")
    }
    e["notes"] = np.where(field == 0, e["notes"] + " Updated after a follow-up call.", e["notes"])
    e["pool_status"] = np.where(
        field == 1,
        np.where(e["pool_status"] == "Contacted", "Nurture", "Contacted"),
        e["pool_status"],
    )
    fit = pd.to_numeric(pd.Series(e["fit_score"]), errors="coerce").fillna(3).to_numpy()
    e["fit_score"] = np.where(field == 2, _s(np.where(fit >= 5, 4, fit + 1)), e["fit_score"])
    intr = pd.to_numeric(pd.Series(e["interest_level"]), errors="coerce").fillna(3).to_numpy()
    e["interest_level"] = np.where(
        field == 3, _s(np.where(intr <= 1, 2, intr - 1)), e["interest_level"]
    )
    e["tags"] = np.where(
        field == 4, np.where(e["tags"] == "", "priority", e["tags"] + ", priority"), e["tags"]
    )
    e["comp"] = np.where(field == 5, e["comp"] + " (updated)", e["comp"])
    for c, a in e.items():
        edits[c] = a
    key = np.concatenate(
        [
            np.arange(n, dtype=float),
            dup_src + rng.integers(1, 60, n_dup) + 0.5,
            edit_src + rng.random(n_edit) * n * 0.3 + 0.5,
        ]
    )
    out = pd.concat([out, out.iloc[dup_src], edits], ignore_index=True)
    out = out.iloc[np.argsort(key, kind="stable")].reset_index(drop=True)
    return out
