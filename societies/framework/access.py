"""Who may see what: the portal's one access rule, for its pages and the admin alike.

Every row belongs to a society, directly or through its parent (an expenditure through its
fund). What a user may see is decided by that society alone:

- association staff and superusers: every society;
- a city reviewer: the city-level societies of their own city — those societies, their filings
  and rosters, but not the contact details of the societies' people (a review does not need
  them);
- a secretary: their own society;
- anyone else (anonymous, inactive, a user without a role): nothing.

Querysets (``for_user``), admin classes (``societies.framework.scoped_admin``) and views all start from
``scoped``; nothing else re-derives the rule. Another society's row is a 404, never a 403, so
that its existence does not leak.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ..choices import SocietyLevel


def is_association(user) -> bool:
    """Association staff, or a superuser: sees and decides for every society."""
    return user.is_authenticated and user.is_active and (user.is_superuser or user.is_association_staff)


def society_filter(user, society_path: str) -> Q | None:
    """The rows ``user`` may see, as a filter on the society at ``society_path`` ("" for the
    society itself, "society" for owned rows, "fund__society" for a fund's lines…).

    ``None`` means every row; an impossible filter means none.
    """
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_association(user):
        return None
    prefix = f"{society_path}__" if society_path else ""
    if user.is_city_reviewer:
        return Q(**{f"{prefix}city": user.city, f"{prefix}level": SocietyLevel.CITY})
    if user.is_secretary:
        return Q(**{f"{society_path}_id" if society_path else "pk": user.society_id})
    return Q(pk__in=[])


def scoped(queryset: QuerySet, user, society_path: str) -> QuerySet:
    """``queryset`` narrowed to the rows ``user`` may see (see ``society_filter``)."""
    condition = society_filter(user, society_path)
    return queryset if condition is None else queryset.filter(condition)


def may_see_society(user, society) -> bool:
    """The same rule for one society already in hand (no query)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_association(user):
        return True
    if user.is_city_reviewer:
        return society.city == user.city and society.level == SocietyLevel.CITY
    return user.is_secretary and user.society_id == society.pk


def sees_contact_details(user, society_id: int | None = None) -> bool:
    """Phone numbers and email addresses of a society's people: association staff, and the
    society's own secretaries. City reviewers review filings; they get names and expertise only."""
    if is_association(user):
        return True
    return user.is_authenticated and user.is_secretary and society_id is not None and user.society_id == society_id


def secretary_required(view):
    """Portal pages that act for a society need a signed-in secretary of that society."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_secretary:
            raise PermissionDenied(_("This page is for society secretaries."))
        return view(request, *args, **kwargs)

    return wrapper
