"""Number formats for zh-hans where the portal differs from Django's: figures that are grouped
(``floatformat:"0g"`` on the statistics page) are grouped by thousands with commas, as the
association's statistical tables print them; Django's default groups by 4 with no separator.
Everything else falls back to Django's zh_Hans formats."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
