"""Upper limits of plan figures: far above any real plan, low enough to catch a typing error."""

MAX_VOLUME_PER_YEAR = 1e9
"""Reports per year from one source."""
MAX_HOURS_PER_ITEM = 10_000.0
MAX_FTE = 100_000.0
MAX_MONTHS = 600
HOURS_PER_YEAR = 8_784.0
"""Hours in a leap year: nobody is paid for more."""
