"""Who may see, change, submit, withdraw and decide what: the portal's one access rule, for its
pages, the admin, the services and the exports alike.

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
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import Role, SocietyLevel
from .workflow import EDITABLE_STATUSES, TRANSITIONS, FilingAction, FilingStatus, Transition


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

# --- the row's society and the user's roles towards it --------------------------------------------


def society_of(obj):
    """The society a row belongs to, by its queryset's ``society_path`` (a society is its own)."""
    path = getattr(type(obj)._default_manager.get_queryset(), "society_path", "society")
    for name in filter(None, path.split("__")):
        obj = getattr(obj, name)
    return obj


def roles_for(user, society) -> set[str]:
    """The roles (``Role`` values) ``user`` holds towards ``society``'s rows."""
    roles = set()
    if not user.is_authenticated or not user.is_active:
        return roles
    if is_association(user):
        roles.add(Role.ASSOCIATION)
    if user.is_city_reviewer and society.city == user.city and society.level == SocietyLevel.CITY:
        roles.add(Role.CITY_REVIEWER)
    if user.is_secretary and user.society_id == society.pk:
        roles.add(Role.SECRETARY)
    return roles


def allowed_transitions(filing, user) -> list[Transition]:
    """The transitions ``user`` may make on ``filing`` now, in declaration order."""
    roles = roles_for(user, filing.society)
    level = filing.society.level
    return [
        t
        for t in (*TRANSITIONS, *type(filing).EXTRA_TRANSITIONS)
        if t.source == filing.status and t.role in roles and level in t.levels
    ]


# --- changing a row's content ----------------------------------------------------------------------


def _filing_of(obj):
    """The filing whose state decides whether ``obj`` may change: the row itself, or the filing it
    hangs off (a fund's line, an activity's photo, a report's photo); None for rows of no filing."""
    from .filing import Filing

    while obj is not None and not isinstance(obj, Filing):
        parent = next((name for name in ("fund", "activity", "report") if hasattr(type(obj), name)), None)
        obj = getattr(obj, parent) if parent else None
    return obj


def edit_refusal(user, obj) -> str | None:
    """Why ``user`` may not change ``obj``'s content now, in a sentence for them; None if they may.

    Secretaries change their own society's rows, and a filing (or what hangs off it) only while it
    is a draft or returned; association staff change anything in the admin but an approved
    filing; city reviewers change nothing.
    """
    roles = roles_for(user, society_of(obj))
    filing = _filing_of(obj)
    if Role.ASSOCIATION in roles:
        if filing is not None and filing.status == FilingStatus.APPROVED:
            return _("An approved record can no longer be changed.")
        return None
    if Role.SECRETARY in roles:
        if filing is not None and filing.status not in EDITABLE_STATUSES:
            return _("This record is under review and cannot be changed now.")
        return None
    return _("You may not change this record.")


# --- the public pages ------------------------------------------------------------------------------


def public_visible(obj) -> bool:
    """What anybody may see without signing in: approved activities, Guangxi and national
    designations in force, commendations."""
    kind = obj._meta.label_lower
    if kind == "activities.activity":
        return obj.status == FilingStatus.APPROVED
    if kind == "bases.educationbase":
        return type(obj).objects.designated_in_force(today=timezone.localdate()).filter(pk=obj.pk).exists()
    return kind == "societies.commendation"


# --- one question for every row and action ---------------------------------------------------------


class Action:
    VIEW, EDIT, SUBMIT, WITHDRAW, DECIDE = "view", "edit", "submit", "withdraw", "decide"


DECISIONS = frozenset({FilingAction.CITY_APPROVE, FilingAction.APPROVE, FilingAction.RETURN, FilingAction.DECIDE})


def may(user, action: str, obj) -> bool:
    """May ``user`` do ``action`` (an ``Action``) to ``obj`` now? The table in the module docstring."""
    if not user.is_authenticated:
        return action == Action.VIEW and public_visible(obj)
    if not may_see_society(user, society_of(obj)):
        return False
    if action == Action.VIEW:
        return True
    if action == Action.EDIT:
        return edit_refusal(user, obj) is None
    if not hasattr(obj, "WORKFLOW_FIELDS"):
        return False  # only filings move through the workflow
    actions = {t.action for t in allowed_transitions(obj, user)}
    if action == Action.DECIDE:
        return bool(actions & DECISIONS)
    return action in actions
