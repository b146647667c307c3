"""The filing workflow as data: states, actions, who may move a filing from which state to which,
the review queue's order, and the refusals (with "who changed it, when" from the history).

``access`` decides with this table who may do what; ``filing`` applies it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Role, SocietyLevel


class FilingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CITY_REVIEWED = "city_reviewed", _("City reviewed")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for revision")


class FilingAction(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    CITY_APPROVE = "city_approve", _("Pass city review")
    APPROVE = "approve", _("Approve")
    RETURN = "return", _("Return for revision")
    WITHDRAW = "withdraw", _("Withdraw")
    DECIDE = "decide", _("Decide")


# A reviewer's decision on a filing: it sets reviewed at/by and the comment.
REVIEW_ACTIONS = frozenset({FilingAction.CITY_APPROVE, FilingAction.APPROVE, FilingAction.RETURN})


# What a reviewer writes when returning a filing (ReturnCommentForm takes no more).
REVIEW_COMMENT_MAX = 4000

EDITABLE_STATUSES = frozenset({FilingStatus.DRAFT, FilingStatus.RETURNED})
# "Has filed": submitted or any state beyond it.
FILED_STATUSES = frozenset({FilingStatus.SUBMITTED, FilingStatus.CITY_REVIEWED, FilingStatus.APPROVED})
# Waiting for somebody to review it.
PENDING_REVIEW_STATUSES = frozenset({FilingStatus.SUBMITTED, FilingStatus.CITY_REVIEWED})

_BOTH_LEVELS = frozenset(SocietyLevel.values)
_CITY_LEVEL = frozenset({SocietyLevel.CITY})
_REGION_LEVEL = frozenset({SocietyLevel.REGION})


@dataclass(frozen=True)
class Transition:
    """Who (``role``, a ``Role`` value) may move a filing of a society of ``levels`` by ``action``
    from ``source`` to ``target``."""

    action: str
    source: str
    target: str
    role: str
    levels: frozenset = _BOTH_LEVELS
    needs_comment: bool = False

    @property
    def is_review(self) -> bool:
        return self.action in REVIEW_ACTIONS


S, A, R = FilingStatus, FilingAction, Role
TRANSITIONS: tuple[Transition, ...] = (
    Transition(A.SUBMIT, S.DRAFT, S.SUBMITTED, R.SECRETARY),
    Transition(A.SUBMIT, S.RETURNED, S.SUBMITTED, R.SECRETARY),
    # Taken back before any reviewer acted (a reviewer's action moves it out of "submitted").
    Transition(A.WITHDRAW, S.SUBMITTED, S.DRAFT, R.SECRETARY),
    # City-level societies: the city association reviews first.
    Transition(A.CITY_APPROVE, S.SUBMITTED, S.CITY_REVIEWED, R.CITY_REVIEWER, _CITY_LEVEL),
    Transition(A.RETURN, S.SUBMITTED, S.RETURNED, R.CITY_REVIEWER, _CITY_LEVEL, needs_comment=True),
    Transition(A.APPROVE, S.CITY_REVIEWED, S.APPROVED, R.ASSOCIATION, _CITY_LEVEL),
    # Region-level societies go straight to the association.
    Transition(A.APPROVE, S.SUBMITTED, S.APPROVED, R.ASSOCIATION, _REGION_LEVEL),
    Transition(A.RETURN, S.SUBMITTED, S.RETURNED, R.ASSOCIATION, needs_comment=True),
    Transition(A.RETURN, S.CITY_REVIEWED, S.RETURNED, R.ASSOCIATION, _CITY_LEVEL, needs_comment=True),
)
del S, A, R


# The review queue: waiting filings first (city-reviewed, then submitted), oldest submission first.
# Every filing table has an index on exactly this expression (``Filing.Meta.indexes``), so the
# admin's queue reads the first page from the index instead of sorting the whole table.
REVIEW_QUEUE_RANK = models.Case(
    models.When(status=FilingStatus.CITY_REVIEWED, then=models.Value(0)),
    models.When(status=FilingStatus.SUBMITTED, then=models.Value(1)),
    models.When(status=FilingStatus.RETURNED, then=models.Value(2)),
    models.When(status=FilingStatus.DRAFT, then=models.Value(3)),
    default=models.Value(4),
    output_field=models.IntegerField(),
)
REVIEW_QUEUE_ORDERING = (REVIEW_QUEUE_RANK.asc(), models.F("submitted_at").asc(nulls_last=True), "-pk")


class FilingError(Exception):
    """A filing change that is refused; the message is shown to the user as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class StaleFilingError(FilingError):
    """The record changed since the user loaded it; the message says who changed it, when and how."""

    def __init__(self, filing=None):
        last = last_change(filing) if filing is not None else ""
        if not last:
            last = _("Somebody else changed this record while you were editing it.")
        super().__init__(
            _("%(last_change)s Reload the page to see the change, then make yours again if it is still needed.")
            % {"last_change": last}
        )


class MissingVersionError(FilingError):
    def __init__(self):
        super().__init__(
            _(
                "This page did not say which version of the record it was showing, so your change could "
                "overwrite someone else's. Reload the page and make your change again."
            )
        )


def person_name(user) -> str:
    """How a person is named to others: 张三 (family name first), else the user name."""
    if user is None:
        return str(_("someone"))
    return f"{user.last_name}{user.first_name}".strip() or user.username


def last_change(filing) -> str:
    """The change that made ``filing``'s current version, in one sentence: "已由 张三 于 10:42 审核通过。"
    (from its history); empty when its history does not record that change."""
    record = filing.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    if record is None or record.version != filing.version:
        return ""  # the change left no history row (a bulk update): say only that there was one
    moment = timezone.localtime(record.history_date)
    when = moment.strftime("%H:%M" if moment.date() == timezone.localdate() else "%Y-%m-%d %H:%M")
    what = record.history_change_reason or (_("created") if record.history_type == "+" else _("changed"))
    return _("%(what)s by %(who)s at %(when)s.") % {"what": what, "who": person_name(record.history_user), "when": when}


def check_version(current, expected_version: int | None) -> None:
    """Refuse a change made on a page that showed another version of ``current`` (or none)."""
    if expected_version is None:
        raise MissingVersionError()
    if current.version != expected_version:
        raise StaleFilingError(current)
