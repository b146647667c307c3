"""Questions the portal asks about one society on every home page, compiled once per process.

Building these queries through the ORM cost more than running them (~3 ms for the counts, ~4 ms
for four deadlines, against well under 1 ms in the database), so each is compiled once per
process with a stand-in society id, then run with the real one (on the default database, as the
compiled SQL is: the portal has one and no routers). Used by the home page and the scorecard.
"""

import functools

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Case, Count, Value, When

from societies.framework import deadlines
from societies.framework.filing import status_counts
from societies.framework.registry import filing_types
from societies.models import Brand, Society, Volunteer

_ANY_SOCIETY = -987_654_321
VOLUNTEERS, BRANDS = 1000, 1001  # kinds of the roster rows, after the filing kinds 0, 1, 2 …


@functools.lru_cache(maxsize=64)
def _compiled(build, *args) -> tuple[str, tuple]:
    """SQL and parameters of ``build(_ANY_SOCIETY, *args)``, a queryset about one society."""
    queryset, society_params = build(_ANY_SOCIETY, *args)
    sql, params = queryset.query.sql_with_params()
    if params.count(_ANY_SOCIETY) != society_params:  # the society must be all that is replaced
        raise ImproperlyConfigured(f"home: the society parameter of {build.__name__} is ambiguous")
    return sql, params


def _run(society_id: int, build, *args) -> list[tuple]:
    sql, params = _compiled(build, *args)
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, [society_id if param == _ANY_SOCIETY else param for param in params])
        return cursor.fetchall()


def _counts_query(society_id):
    """Per filing kind and status, the society's filings (each table's (society, year, status)
    index answers alone); then its volunteers (experts apart) and its brands: one UNION ALL."""
    society = {"society_id": society_id}
    is_expert = Case(When(is_expert=True, then=Value("expert")), default=Value("volunteer"))
    roster = [
        Volunteer.objects.filter(**society).annotate(kind=Value(VOLUNTEERS), status=is_expert),
        Brand.objects.filter(**society).annotate(kind=Value(BRANDS), status=Value("brand")),
    ]
    parts = [
        *status_counts(t.model.objects.filter(**society) for t in filing_types()),
        *(part.values_list("kind", "status").annotate(n=Count("*")).order_by() for part in roster),
    ]
    return parts[0].union(*parts[1:], all=True), len(parts)


def society_counts(society) -> dict[tuple[int, str], int]:
    """(filing kind index or VOLUNTEERS/BRANDS, status) → how many, for one society."""
    return {(kind, status): n for kind, status, n in _run(society.pk, _counts_query)}


def _deadline_flags_query(society_id, asked: tuple[tuple[str, int], ...]):
    """The society with, per (kind, year) asked, "has filed" then "must file"."""
    flags = []
    for kind, year in asked:
        expected = deadlines.expected_expr(kind, year)
        flags += [deadlines.filed_expr(kind, year), expected if expected is not None else Value(True)]
    names = {f"flag_{index}": flag for index, flag in enumerate(flags)}
    return Society.objects.filter(pk=society_id).annotate(**names).values_list(*names), 1


def deadline_flags(society_id: int, asked: tuple[tuple[str, int], ...]) -> dict[tuple[str, int], tuple[bool, bool]]:
    """(kind, year) asked → (has filed, must file) for one society: one query."""
    (row,) = _run(society_id, _deadline_flags_query, asked)
    return {key: (bool(row[2 * index]), bool(row[2 * index + 1])) for index, key in enumerate(asked)}
