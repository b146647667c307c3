"""The filing every app builds on (plans, activities, summaries, funds…): the abstract model and
the two functions that change one.

``filing_transition`` is the one function that moves a filing between states (the table is
``workflow.TRANSITIONS``, who may is ``access``), and ``filing_save`` the one that saves a
secretary's or staff member's edit of its content. Both take the row lock and refuse a stale
``version`` so that nobody silently overwrites somebody else's change.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import access
from .cache import filing_changed
from .limits import PlausibleYear
from .querysets import SocietyOwnedQuerySet
from .uploads import replaced_files_delete_on_commit
from .workflow import (
    EDITABLE_STATUSES,
    FILED_STATUSES,
    REVIEW_COMMENT_MAX,
    REVIEW_QUEUE_RANK,
    FilingAction,
    FilingError,
    FilingStatus,
    Transition,
    check_version,
    last_change,
)


class FilingQuerySet(SocietyOwnedQuerySet):
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

    # A filing type's own transitions, beyond the workflow's (``workflow.TRANSITIONS``).
    EXTRA_TRANSITIONS: tuple[Transition, ...] = ()

    def prepare_transition(self, transition: Transition, *, user, details: dict) -> list[str]:
        """Inside ``filing_transition``, on the locked row: refuse (``FilingError``) or set what a
        type's own transition sets from ``details``, and return the names of those fields."""
        return []



def _lock(filing: Filing) -> Filing:
    return type(filing).objects.select_for_update().select_related("society").get(pk=filing.pk)


def filing_transition(
    *,
    filing: Filing,
    action: str,
    user,
    expected_version: int | None,
    comment: str = "",
    details: dict | None = None,
    effects: Callable[[Filing], None] | None = None,
) -> Filing:
    """Move ``filing`` by ``action`` on behalf of ``user`` and return the updated row.

    Side effects, all or nothing:
    - locks the row and refuses with ``StaleFilingError`` if its version is not ``expected_version``
      (the message names who changed it, when and how), with ``MissingVersionError`` if none is given;
    - refuses with ``FilingError`` an action ``access.allowed_transitions`` does not give this user
      on this row now (saying who acted last), a return without a comment, or a submission with
      ``submission_problems()``;
    - sets status and version + 1; on submit submitted_at (and lets the filing freeze what it must:
      ``prepare_submission``), on withdraw clears it; on a review reviewed at/by and the comment;
      a filing type's own transition sets what ``prepare_transition`` sets from ``details``;
    - saves with ``update_fields``, which writes a history row naming the user and the action;
    - moves the cached figures and public pages on after commit;
    - then ``effects(row)`` in the same transaction (a service's changes to other rows); by default
      an email to the society's secretaries, written to the outbox (delivered after commit, later
      if the broker is down), and when the filing is returned or approved a notification (the
      bell) to each of them.
    """
    with transaction.atomic():
        locked = _lock(filing)
        check_version(locked, expected_version)
        candidates = [t for t in access.allowed_transitions(locked, user) if t.action == action]
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
        locked._history_user = user
        locked._change_reason = str(FilingAction(action).label)
        fields = ["status", "version", "updated_at", *_workflow_fields(locked, transition, user, comment)]
        fields += locked.prepare_transition(transition, user=user, details=details or {})
        locked.status = transition.target
        locked.version += 1
        locked.save(update_fields=fields)
        filing_changed(locked)  # the cached figures and public pages move on after commit
        if effects is None:
            from .emails import queue_filing_status_email
            from .notifications import notify_filing_status

            queue_filing_status_email(filing=locked)
            notify_filing_status(filing=locked)  # the bell: returned or approved, in this transaction
        else:
            effects(locked)
    return locked


def _workflow_fields(filing: Filing, transition: Transition, user, comment: str) -> list[str]:
    """Set the workflow's own fields of ``transition`` on ``filing``; their names."""
    if transition.action == FilingAction.SUBMIT:
        filing.submitted_at = timezone.now()
        return ["submitted_at", *filing.prepare_submission()]
    if transition.action == FilingAction.WITHDRAW:
        filing.submitted_at = None
        return ["submitted_at"]
    if transition.is_review:
        filing.reviewed_at, filing.reviewed_by, filing.review_comment = timezone.now(), user, comment
        return ["reviewed_at", "reviewed_by", "review_comment"]
    return []


def filing_save(
    *, filing: Filing, user, expected_version: int | None, fields: list[str] | None = None
) -> Filing:
    """Save an edit of ``filing``'s content (the instance already carries the new values).

    A new filing (no pk yet) is saved as a draft. An existing one must be editable by ``user``
    (``access.edit_refusal``: a secretary only while it is a draft or returned; staff at any time
    but approved). Refuses a
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
        refusal = access.edit_refusal(user, locked)
        if refusal:
            raise FilingError(refusal)
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
