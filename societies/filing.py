"""The filing workflow shared by every filing of the portal (plans, activities, summaries, funds…).

States and the allowed transitions are plain data (``TRANSITIONS``); ``filing_transition`` is the
one function that moves a filing between states, and ``filing_save`` the one that saves a
secretary's or staff member's edit of its content. Both refuse a stale ``version`` so that nobody
silently overwrites somebody else's change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .cache import filing_changed
from .choices import SocietyLevel
from .limits import PlausibleYear
from .querysets import SocietyOwnedQuerySet
from .uploads import replaced_files_delete_on_commit


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


class Actor(models.TextChoices):
    SECRETARY = "secretary", _("Society secretary")
    CITY_REVIEWER = "city_reviewer", _("City reviewer")
    ASSOCIATION = "association", _("Association staff")


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
    action: str
    source: str
    target: str
    actor: str
    levels: frozenset = _BOTH_LEVELS
    needs_comment: bool = False


S, A = FilingStatus, FilingAction
TRANSITIONS: tuple[Transition, ...] = (
    Transition(A.SUBMIT, S.DRAFT, S.SUBMITTED, Actor.SECRETARY),
    Transition(A.SUBMIT, S.RETURNED, S.SUBMITTED, Actor.SECRETARY),
    # City-level societies: the city association reviews first.
    Transition(A.CITY_APPROVE, S.SUBMITTED, S.CITY_REVIEWED, Actor.CITY_REVIEWER, _CITY_LEVEL),
    Transition(A.RETURN, S.SUBMITTED, S.RETURNED, Actor.CITY_REVIEWER, _CITY_LEVEL, needs_comment=True),
    Transition(A.APPROVE, S.CITY_REVIEWED, S.APPROVED, Actor.ASSOCIATION, _CITY_LEVEL),
    # Region-level societies go straight to the association.
    Transition(A.APPROVE, S.SUBMITTED, S.APPROVED, Actor.ASSOCIATION, _REGION_LEVEL),
    Transition(A.RETURN, S.SUBMITTED, S.RETURNED, Actor.ASSOCIATION, needs_comment=True),
    Transition(A.RETURN, S.CITY_REVIEWED, S.RETURNED, Actor.ASSOCIATION, _CITY_LEVEL, needs_comment=True),
)
del S, A


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

    def __init__(self, filing: Filing | None = None):
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


def last_change(filing: Filing) -> str:
    """The change that made ``filing``'s current version, in one sentence: "已由 张三 于 10:42 审核通过。"
    (from its history); empty when its history does not record that change."""
    record = filing.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    if record is None or record.version != filing.version:
        return ""  # the change left no history row (a bulk update): say only that there was one
    moment = timezone.localtime(record.history_date)
    when = moment.strftime("%H:%M" if moment.date() == timezone.localdate() else "%Y-%m-%d %H:%M")
    what = record.history_change_reason or (_("created") if record.history_type == "+" else _("changed"))
    return _("%(what)s by %(who)s at %(when)s.") % {"what": what, "who": person_name(record.history_user), "when": when}


class FilingQuerySet(SocietyOwnedQuerySet):
    def pending_review(self) -> FilingQuerySet:
        return self.filter(status__in=PENDING_REVIEW_STATUSES)

    def filed(self) -> FilingQuerySet:
        return self.filter(status__in=FILED_STATUSES)

    def approved(self) -> FilingQuerySet:
        return self.filter(status=FilingStatus.APPROVED)


class Filing(models.Model):
    """What every filing has: the owning society, the year, and where it is in the workflow."""

    society = models.ForeignKey(
        "societies.Society",
        verbose_name=_("society"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[PlausibleYear()])
    status = models.CharField(_("status"), max_length=20, choices=FilingStatus.choices, default=FilingStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("review comment"), blank=True, max_length=REVIEW_COMMENT_MAX)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FilingQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    # Fields that only the workflow writes; forms never take them.
    WORKFLOW_FIELDS = ("society", "status", "submitted_at", "reviewed_at", "reviewed_by", "review_comment", "version")
    # What the association (or the workflow) decides: no secretary form may carry these
    # (``societies.forms.PortalModelForm`` refuses to build one that does). A filing type adds its own.
    ASSOCIATION_FIELDS = WORKFLOW_FIELDS

    class Meta:
        abstract = True
        indexes = [
            # Status last: a society's counts by status (the home page) and a year's list count
            # read the index alone, not the table.
            models.Index(fields=["society", "year", "status"]),
            models.Index(fields=["status", "year"]),
            models.Index(
                REVIEW_QUEUE_RANK,
                # ASC is NULLS LAST in PostgreSQL, so this serves the ordering's nulls_last=True
                # (and SQLite refuses NULLS LAST in an index).
                models.F("submitted_at").asc(),
                models.F("id").desc(),
                name="%(app_label)s_%(class)s_queue",
            ),
        ]

    @property
    def is_editable(self) -> bool:
        """A society edits a filing only while it is a draft or has been returned."""
        return self.status in EDITABLE_STATUSES

    @property
    def is_filed(self) -> bool:
        return self.status in FILED_STATUSES

    def submission_problems(self) -> list[str]:
        """What stops this filing from being submitted; a filing type adds its own checks."""
        return []

    def prepare_submission(self) -> list[str]:
        """Called inside the submit transaction, on the locked row, just before it is saved.

        A filing type sets fields that must be frozen at submission (a yearly summary's figures,
        say) and returns their names so that they are saved with the status change.
        """
        return []


def actors_for(user, society) -> set[str]:
    """The workflow roles ``user`` holds towards ``society``'s filings."""
    actors = set()
    if not user.is_authenticated or not user.is_active:
        return actors
    if user.is_superuser or user.is_association_staff:
        actors.add(Actor.ASSOCIATION)
    if user.is_city_reviewer and society.city == user.city and society.level == SocietyLevel.CITY:
        actors.add(Actor.CITY_REVIEWER)
    if user.is_secretary and user.society_id == society.pk:
        actors.add(Actor.SECRETARY)
    return actors


def allowed_transitions(filing: Filing, user) -> list[Transition]:
    """The transitions ``user`` may make on ``filing`` now, in declaration order."""
    actors = actors_for(user, filing.society)
    return [
        t for t in TRANSITIONS if t.source == filing.status and t.actor in actors and filing.society.level in t.levels
    ]


def _lock(filing: Filing) -> Filing:
    return type(filing).objects.select_for_update().select_related("society").get(pk=filing.pk)


def check_version(current: Filing, expected_version: int | None) -> None:
    """Refuse a change made on a page that showed another version of ``current`` (or none)."""
    if expected_version is None:
        raise MissingVersionError()
    if current.version != expected_version:
        raise StaleFilingError(current)


def filing_transition(
    *, filing: Filing, action: str, user, expected_version: int | None, comment: str = ""
) -> Filing:
    """Move ``filing`` by ``action`` on behalf of ``user`` and return the updated row.

    Side effects, all or nothing:
    - locks the row and refuses with ``StaleFilingError`` if its version is not ``expected_version``
      (the message names who changed it, when and how), with ``MissingVersionError`` if none is given;
    - refuses with ``FilingError`` an action not allowed from the current state for this user and
      society level, a return without a comment, or a submission with ``submission_problems()``;
    - sets status, version + 1 and submitted_at (submit) or reviewed_at/by/comment (review);
      on submit, lets the filing freeze what it must (``prepare_submission``);
    - saves with ``update_fields``, which writes a history row naming the user and the action;
    - writes an email to the society's secretaries about the change to the outbox (same
      transaction); it is delivered after commit, later if the broker is down;
    - when the filing is returned or approved, a notification (the bell) to each of the
      society's secretaries, in the same transaction.
    """
    with transaction.atomic():
        locked = _lock(filing)
        check_version(locked, expected_version)
        candidates = [t for t in allowed_transitions(locked, user) if t.action == action]
        if not candidates:
            raise FilingError(
                _("This action is not possible now: the record is “%(status)s”. %(last_change)s")
                % {"status": locked.get_status_display(), "last_change": last_change(locked)}
            )
        transition = candidates[0]
        comment = comment.strip()
        if transition.needs_comment and not comment:
            raise FilingError(_("Please write a comment saying what needs to be revised."))
        if action == FilingAction.SUBMIT:
            problems = locked.submission_problems()
            if problems:
                raise FilingError(" ".join(str(p) for p in problems))
        now = timezone.now()
        fields = ["status", "version", "updated_at"]
        if action == FilingAction.SUBMIT:
            locked.submitted_at = now
            fields += ["submitted_at", *locked.prepare_submission()]
        else:
            locked.reviewed_at, locked.reviewed_by, locked.review_comment = now, user, comment
            fields += ["reviewed_at", "reviewed_by", "review_comment"]
        locked.status = transition.target
        locked.version += 1
        locked._history_user = user
        locked._change_reason = str(FilingAction(action).label)
        locked.save(update_fields=fields)
        filing_changed(locked)  # the cached figures and public pages move on after commit

        from .emails import queue_filing_status_email

        # Written to the outbox in this transaction; delivered after commit, even if the broker is down now.
        queue_filing_status_email(filing=locked)
        from .notifications import notify_filing_status

        notify_filing_status(filing=locked)  # the bell: returned or approved, in this transaction
    return locked


def filing_save(
    *, filing: Filing, user, expected_version: int | None, fields: list[str] | None = None
) -> Filing:
    """Save an edit of ``filing``'s content (the instance already carries the new values).

    A new filing (no pk yet) is saved as a draft. An existing one must be editable by ``user``:
    a secretary only while it is a draft or returned; staff at any time but approved. Refuses a
    stale ``expected_version``. Workflow fields are never taken from ``filing``: they are re-read
    from the locked row. Writes a history row naming ``user``. A stored file the edit cleared or
    replaced is deleted after commit.
    """
    filing._history_user = user
    if filing.pk is None:
        filing.status = FilingStatus.DRAFT
        filing.version = 1
        filing.save()
        filing_changed(filing)
        return filing
    with transaction.atomic():
        locked = _lock(filing)
        check_version(locked, expected_version)
        actors = actors_for(user, locked.society)
        if Actor.ASSOCIATION in actors:
            if locked.status == FilingStatus.APPROVED:
                raise FilingError(_("An approved record can no longer be changed."))
        elif Actor.SECRETARY in actors:
            if not locked.is_editable:
                raise FilingError(_("This record is under review and cannot be changed now."))
        else:
            raise FilingError(_("You may not change this record."))
        for name in Filing.WORKFLOW_FIELDS:
            attname = filing._meta.get_field(name).attname
            setattr(filing, attname, getattr(locked, attname))
        filing.version = locked.version + 1
        if fields is None:
            filing.save()
        else:
            filing.save(update_fields=sorted({*fields, "version", "updated_at"}))
        filing_changed(filing)
        replaced_files_delete_on_commit(before=locked, after=filing)
    return filing


def filing_models() -> list[type[Filing]]:
    """Every concrete filing model of the installed apps, in app order."""
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, Filing) and not m._meta.abstract]


def status_counts(querysets) -> list[models.QuerySet]:
    """One part per queryset, rows of (its position, status, how many), to join in a UNION ALL:
    the counts by kind and status that the home page and the statistics show."""
    return [
        queryset.annotate(kind=models.Value(kind))
        .values_list("kind", "status")
        .annotate(n=models.Count("*"))
        .order_by()
        for kind, queryset in enumerate(querysets)
    ]
