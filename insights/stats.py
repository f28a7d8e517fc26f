"""Is a change between two periods more than noise? Two-sided tests at 95%.

Each test returns a `Change`: the difference (now - before), its 95% confidence interval,
the p-value and the test's name, so a page can colour only significant changes and show
the interval of the others. Large-sample normal approximations throughout; a group of
fewer than k responses never reaches a test (its figures are hidden before).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054

MEDIAN_TEST = "difference of medians, normal approximation with robust standard errors (IQR)"
SHARE_TEST = "two-proportion z-test"
MEAN_TEST = "Welch's t-test (normal approximation)"


@dataclass(frozen=True)
class Change:
    difference: float
    low: float  # 95% confidence interval of the difference
    high: float
    p_value: float
    test: str

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05


def _change(difference: float, se: float, test: str) -> Change | None:
    if not math.isfinite(difference) or not math.isfinite(se) or se < 0:
        return None
    if se == 0:
        p = 1.0 if difference == 0 else 0.0
    else:
        p = math.erfc(abs(difference / se) / math.sqrt(2))
    return Change(difference, difference - Z95 * se, difference + Z95 * se, p, test)


def medians(
    now: float, iqr_now: float, n_now: float, before: float, iqr_before: float, n_before: float
) -> Change | None:
    """Difference of two medians. The standard error of a median is taken as
    1.2533 * sigma / sqrt(n) with sigma estimated robustly as IQR / 1.349 (pay is skewed;
    the IQR is not pulled by a few extreme answers)."""
    if min(n_now, n_before) < 2:
        return None
    se_now = 1.2533 * (iqr_now / 1.349) / math.sqrt(n_now)
    se_before = 1.2533 * (iqr_before / 1.349) / math.sqrt(n_before)
    return _change(now - before, math.hypot(se_now, se_before), MEDIAN_TEST)


def shares(now: float, n_now: float, before: float, n_before: float) -> Change | None:
    """Difference of two proportions (shares 0-1); the interval uses the unpooled standard
    error, the p-value the pooled one."""
    if min(n_now, n_before) < 1:
        return None
    pooled = (now * n_now + before * n_before) / (n_now + n_before)
    se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / n_now + 1 / n_before))
    se = math.sqrt(now * (1 - now) / n_now + before * (1 - before) / n_before)
    change = _change(now - before, se, SHARE_TEST)
    if change is None:
        return None
    if se_pooled > 0:
        p = math.erfc(abs((now - before) / se_pooled) / math.sqrt(2))
    else:
        p = 1.0 if now == before else 0.0
    return Change(change.difference, change.low, change.high, p, SHARE_TEST)


def means(
    now: float, sd_now: float, n_now: float, before: float, sd_before: float, n_before: float
) -> Change | None:
    """Difference of two means (Welch: unequal variances)."""
    if min(n_now, n_before) < 2:
        return None
    se = math.sqrt(sd_now**2 / n_now + sd_before**2 / n_before)
    return _change(now - before, se, MEAN_TEST)
