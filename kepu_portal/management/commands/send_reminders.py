"""Run the deadline-reminder sweep synchronously, in this process, and print what it sent."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kepu_portal.reminders import reminder_send, reminders_due
from societies.framework.outbox import OutboxStatus, outbox_email_deliver
from societies.models import Society


class Command(BaseCommand):
    help = "Send the deadline reminders due today (or --date), without a worker; --dry-run only lists them."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Sweep as if today were YYYY-MM-DD (default: today, Asia/Shanghai).")
        parser.add_argument("--dry-run", action="store_true", help="List the reminders due; send nothing.")

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD; got {date!r}") from None
        due = reminders_due(today=today)
        societies = Society.objects.in_bulk({item.society_id for item in due})
        sent = 0
        for item in due:
            society = societies[item.society_id]
            label = f"{today} {item.deadline} · {society} · {item.stage.key}"
            if dry_run:
                self.stdout.write(f"would send: {label}")
                continue
            log = reminder_send(deadline=item.deadline, society=society, today=today)
            if log is None:
                self.stdout.write(f"skipped (claimed elsewhere or filed meanwhile): {label}")
            elif log.email is None:
                self.stdout.write(f"no address: {label}")
            else:
                # After commit the delivery may already have run (no broker: tasks run in-process).
                log.email.refresh_from_db()
                if log.email.status == OutboxStatus.SENT:
                    outcome = "sent"
                else:
                    outcome, _ = outbox_email_deliver(email_id=log.email.pk)
                recipients = ", ".join(log.email.to + log.email.cc)
                self.stdout.write(f"{outcome}: {label} → {recipients}")
                sent += outcome == "sent"
        verb = "due" if dry_run else "sent"
        self.stdout.write(self.style.SUCCESS(f"{len(due) if dry_run else sent} reminder(s) {verb} for {today}."))
