"""Pure plotly figure builders: a protected DataFrame (from insights.catalog) -> Figure.

One module per kind of chart; the insights in insights.catalog say which builder draws
each question. Every builder labels its n, units and hidden groups (see base).
"""

from insights.charts.bands import band_detail, band_ratios
from insights.charts.base import (
    COLOURED_FIELDS,
    ORDERS,
    PALETTE,
    color_map,
    count,
    layout,
    ordered,
    pretty,
)
from insights.charts.culture import dimension_trends, mean_with_ci
from insights.charts.distributions import median_band_trend, percentile_ranges
from insights.charts.shares import (
    phrase_bars,
    rank_trend,
    share_bars,
    share_heatmap,
    share_lines,
    stacked_shares,
)
from insights.charts.volume import weekly_interviews

__all__ = [
    "COLOURED_FIELDS",
    "ORDERS",
    "PALETTE",
    "band_detail",
    "band_ratios",
    "color_map",
    "count",
    "dimension_trends",
    "layout",
    "mean_with_ci",
    "median_band_trend",
    "ordered",
    "percentile_ranges",
    "phrase_bars",
    "pretty",
    "rank_trend",
    "share_bars",
    "share_heatmap",
    "share_lines",
    "stacked_shares",
    "weekly_interviews",
]
