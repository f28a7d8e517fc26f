"""The minimum group size rule."""

from __future__ import annotations

import pandas as pd
import pytest

from insights import privacy


def test_mask_blanks_values_and_counts_of_small_groups() -> None:
    df = pd.DataFrame({"group": ["a", "b", "c"], "n": [5, 4, 1], "median": [1.0, 2.0, 3.0]})
    out = privacy.mask(df, ["median"], min_size=5)
    assert out["group"].tolist() == ["a", "b", "c"]  # listed, never dropped
    assert out["suppressed"].tolist() == [False, True, True]
    assert out.loc[0, "median"] == 1.0 and out.loc[0, "n"] == 5
    assert out.loc[1:, "median"].isna().all()
    assert out.loc[1:, "n"].isna().all()


def test_a_count_of_zero_describes_no_one() -> None:
    out = privacy.mask(pd.DataFrame({"n": [0], "v": [None]}), ["v"], min_size=5)
    assert out["n"].tolist() == [0] and not out["suppressed"].any()


def test_k_comes_from_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert privacy.k() == 5
    assert privacy.label() == "fewer than 5 responses"
    monkeypatch.setenv("INSIGHTS_MIN_GROUP", "10")
    assert privacy.k() == 10
    assert privacy.label() == "fewer than 10 responses"
    out = privacy.mask(pd.DataFrame({"n": [9], "v": [1.0]}), ["v"])
    assert bool(out["suppressed"].iloc[0])


def test_shown_and_hidden_split() -> None:
    out = privacy.mask(pd.DataFrame({"n": [9, 1], "v": ["x", "y"]}), ["v"], min_size=5)
    assert privacy.shown(out)["v"].tolist() == ["x"]
    assert privacy.hidden(out)["v"].isna().all()
