"""In-portal notifications: the bell in the top bar.

A notification tells one user that something happened to their society's records: a filing was
returned or approved, the society was commended, a deadline is near or passed. Each is written
in the same transaction as the event that causes it (``filing_transition``, the commendation
admin, ``kepu_portal.reminders.reminder_send``), so it exists exactly when the event committed,
and once per event: the callers run once per event (a transition, an added commendation, a
claimed reminder ledger row).

The unread count is loaded with the signed-in user (``societies.backends.PortalBackend``), so
the bell costs no query of its own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ..choices import Role


class NotificationKind(models.TextChoices):
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    COMMENDATION = "commendation", _("Commendation granted")
    DEADLINE_NEAR = "deadline_near", _("Deadline near")
    DEADLINE_PASSED = "deadline_passed", _("Deadline passed")


class Notification(models.Model):
    """通知 — one message in a user's bell, with a link to the record it is about."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_idx"),
            # The bell's count reads only the unread rows of one user.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def unread_count_expr() -> Coalesce:
    """The number of a user's unread notifications, as a subquery on the user row."""
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread), 0)


def notification_create_for_society(*, society, kind: str, message: str, url: str = "") -> list[Notification]:
    """Notify every active secretary of ``society``; call it inside the transaction of the event.

    Side effects: inserts one ``Notification`` per active secretary (one query for the users,
    one bulk insert). ``message`` is stored as it is (render it in Chinese beforehand).
    """
    users = society.users.filter(role=Role.SECRETARY, is_active=True).values_list("pk", flat=True)
    now = timezone.now()
    rows = [
        Notification(user_id=pk, kind=kind, message=str(message)[:300], url=url[:300], created_at=now) for pk in users
    ]
    return Notification.objects.bulk_create(rows)


def notify_filing_status(*, filing) -> list[Notification]:
    """A filing was returned or approved: tell its society's secretaries (nothing for other states)."""
    kinds = {"returned": NotificationKind.RETURNED, "approved": NotificationKind.APPROVED}
    kind = kinds.get(filing.status)
    if kind is None:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        if kind == NotificationKind.RETURNED:
            message = _("Returned for revision: %(kind)s “%(filing)s”. %(comment)s") % {
                "kind": filing._meta.verbose_name,
                "filing": filing,
                "comment": filing.review_comment,
            }
        else:
            message = _("Approved: %(kind)s “%(filing)s”.") % {"kind": filing._meta.verbose_name, "filing": filing}
        message = str(message).strip()
    return notification_create_for_society(
        society=filing.society, kind=kind, message=message, url=filing.get_absolute_url()
    )


def notify_commendation(*, commendation) -> list[Notification]:
    """The association commended the society: tell its secretaries (link to the honour roll)."""
    from django.urls import reverse

    with translation.override(settings.LANGUAGE_CODE):
        message = str(
            _("Your society was commended: %(year)s %(kind)s%(honoree)s.")
            % {
                "year": commendation.year,
                "kind": commendation.get_kind_display(),
                "honoree": f" ({commendation.honoree})" if commendation.honoree else "",
            }
        )
    url = reverse("societies:public_honours") + f"?year={commendation.year}"
    return notification_create_for_society(
        society=commendation.society, kind=NotificationKind.COMMENDATION, message=message, url=url
    )


def notification_mark_read(*, user, pk: int | None = None) -> int:
    """Mark one of ``user``'s notifications read (``pk``), or all of them; returns how many changed.

    Another user's notification is never touched (the filter is on ``user``).
    """
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
