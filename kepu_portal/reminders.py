"""Deadline reminders: who is due a reminder today, and sending each one exactly once.

The sweep (``reminder_sweep``) finds every (deadline, society, stage) that is due with one
query per active deadline — never one per society — and fans out one task per society. Beat runs
it every hour from ``REMINDER_HOUR`` (08:00) on (``sweep_day``), so a run lost with the broker is
made up within the hour, and nobody is reminded in the night. Each task
(``reminder_send``) claims the ledger row and writes the email to the outbox in one transaction;
the email is delivered after commit. Running the sweep twice, or two sweeps at once, sends
nothing twice: the second claim of a key fails on the unique constraint.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from societies.framework import deadlines as kinds
from societies.framework.emails import queue_templated, secretary_addresses
from societies.framework.notifications import NotificationKind, notification_create_for_society
from societies.models import Society

from .models import Deadline, ReminderLog, Stage

logger = logging.getLogger(__name__)


def owing_societies(deadline: Deadline) -> QuerySet:
    """Active societies that must file for ``deadline`` and have not (one query when evaluated)."""
    societies = Society.objects.filter(is_active=True)
    expected = kinds.expected_expr(deadline.kind, deadline.year)
    if expected is not None:
        societies = societies.filter(expected)
    return societies.exclude(kinds.filed_expr(deadline.kind, deadline.year))


def kind_list_path(kind: str) -> str:
    """The secretary page listing this kind of filing."""
    return reverse(kinds.filing_type_of(kind).url_name("list"))


def filing_url(deadline: Deadline, society) -> str:
    """Where the secretary files: their filing of that kind and year, else the kind's list page."""
    model = kinds.filing_type_of(deadline.kind).model
    filing = model.objects.filter(society=society, year=deadline.year).order_by("pk").first()
    if filing is not None:
        return settings.SITE_URL + filing.get_absolute_url()
    return settings.SITE_URL + kind_list_path(deadline.kind)


@dataclass(frozen=True)
class DueReminder:
    deadline: Deadline
    society_id: int
    stage: Stage


def reminders_due(*, today: datetime.date, deadlines: QuerySet | None = None) -> list[DueReminder]:
    """Every (deadline, society, stage) to remind on ``today``; reads only, no side effects.

    One query for the deadlines, then one per deadline with a stage due: active societies that
    have not filed and have no ledger row for that stage.
    """
    if deadlines is None:
        deadlines = Deadline.objects.filter(is_active=True)
    due = []
    for deadline in deadlines.order_by("due_on", "pk"):
        stage = deadline.stage_on(today)
        if stage is None or not kinds.is_known(deadline.kind):
            continue
        logged = ReminderLog.objects.filter(deadline=deadline, society=OuterRef("pk"), stage=stage.key)
        societies = owing_societies(deadline).exclude(Exists(logged))
        due += [DueReminder(deadline, pk, stage) for pk in societies.order_by("pk").values_list("pk", flat=True)]
    return due


def sweep_day(*, now: datetime.datetime) -> datetime.date | None:
    """The day an hourly sweep at ``now`` reminds for: today (Asia/Shanghai) from ``REMINDER_HOUR``
    on, None before it. A stage missed all day is still the latest stage the next day (``stage_on``),
    so it goes out then, from that hour."""
    local = timezone.localtime(now)
    return local.date() if local.hour >= settings.REMINDER_HOUR else None


def reminder_sweep(*, today: datetime.date, dry_run: bool = False) -> list[DueReminder]:
    """Find the reminders due on ``today`` and fan out one task per society; returns them.

    Side effects (none with ``dry_run``): after commit, enqueues ``kepu_portal.tasks.remind_society``
    once per society with the deadlines it is due a reminder for. The tasks claim and send; the sweep
    itself writes nothing, so it is safe to run again.
    """
    due = reminders_due(today=today)
    if dry_run:
        return due
    from .tasks import remind_society

    by_society = defaultdict(list)
    for item in due:
        by_society[item.society_id].append(item.deadline.pk)
    for society_id, deadline_ids in by_society.items():
        transaction.on_commit(
            partial(remind_society.delay, society_id=society_id, deadline_ids=deadline_ids, on=today.isoformat())
        )
    return due


def _recipients(society) -> tuple[list[str], list[str]]:
    to = secretary_addresses(society)
    contact = society.contact_email.strip()
    if not to:
        return ([contact], []) if contact else ([], [])
    return to, ([contact] if contact and contact not in to else [])


def reminder_send(*, deadline: Deadline, society, today: datetime.date, manual: bool = False) -> ReminderLog | None:
    """Remind ``society`` of ``deadline`` for the stage due on ``today``, at most once per stage.

    With ``manual`` (staff's "remind now"), a day without a stage of its own, or whose stage was
    already sent, uses the stage ``manual-<date>``: at most one manual reminder a day.

    Side effects, in one transaction: nothing if the deadline is inactive, no stage applies or
    the society has filed; otherwise inserts the ``ReminderLog`` row (the claim — if another
    process holds it, returns None and sends nothing), renders the Chinese email to the society's
    secretaries (copy to its contact email) and writes it to the outbox, delivered after commit;
    notifies each secretary in the portal (the bell: deadline near or passed). Returns the new
    ledger row.
    """
    if not deadline.is_active:
        return None
    keys = []
    stage = deadline.stage_on(today)
    if stage is not None:
        keys.append(stage)
    if manual:
        late = (today - deadline.due_on).days
        keys.append(Stage(f"manual-{today:%Y%m%d}", today, overdue_days=late if late > 0 else None))
    with transaction.atomic():
        if not owing_societies(deadline).filter(pk=society.pk).exists():
            return None
        for candidate in keys:
            log = _claim(deadline=deadline, society=society, stage=candidate, today=today)
            if log is not None:
                break
        else:
            return None
        to, cc = _recipients(society)
        url = filing_url(deadline, society)
        _notify(deadline=deadline, society=society, today=today, url=url)
        log.email = queue_templated(
            "deadline_reminder",
            {
                "society": society,
                "deadline": deadline,
                "kind": deadline.get_kind_display(),
                "stage": candidate,
                "days_left": (deadline.due_on - today).days,
                "days_overdue": (today - deadline.due_on).days,
                "url": url,
            },
            to=to,
            cc=cc,
        )
        if log.email is None:
            logger.warning("No address to remind %s of %s", society, deadline)
        else:
            log.save(update_fields=["email"])
    return log


def _notify(*, deadline: Deadline, society, today: datetime.date, url: str) -> None:
    """The bell's side of a reminder: one notification per secretary, once per claimed ledger row."""
    days_left = (deadline.due_on - today).days
    with translation.override(settings.LANGUAGE_CODE):
        values = {"kind": deadline.get_kind_display(), "year": deadline.year, "due": deadline.due_on.isoformat()}
        if days_left >= 0:
            kind = NotificationKind.DEADLINE_NEAR
            message = _("Deadline near: %(year)s %(kind)s is due on %(due)s (in %(days)d days).") % {
                **values,
                "days": days_left,
            }
        else:
            kind = NotificationKind.DEADLINE_PASSED
            message = _("Deadline passed: %(year)s %(kind)s was due on %(due)s (%(days)d days ago).") % {
                **values,
                "days": -days_left,
            }
        message = str(message)
    path = url.removeprefix(settings.SITE_URL)
    notification_create_for_society(society=society, kind=kind, message=message, url=path)


def _claim(*, deadline: Deadline, society, stage: Stage, today: datetime.date) -> ReminderLog | None:
    """Insert the ledger row for this key, or None if it exists (the database decides, not us)."""
    try:
        with transaction.atomic():
            return ReminderLog.objects.create(deadline=deadline, society=society, stage=stage.key, reminded_on=today)
    except IntegrityError:
        return None


def deadline_remind_now(*, deadline: Deadline, today: datetime.date) -> int:
    """Staff's "remind now": remind every society that has not filed, through the same ledger.

    Side effects: ``reminder_send(manual=True)`` for each expected society that has not filed —
    so a society already reminded today, or for today's stage, gets nothing more. Returns how
    many reminders were claimed.
    """
    societies = owing_societies(deadline)
    count = 0
    for society in societies.order_by("pk"):
        if reminder_send(deadline=deadline, society=society, today=today, manual=True) is not None:
            count += 1
    return count
