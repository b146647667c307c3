"""Admin of deadlines and the reminder ledger (and the email outbox of the societies app)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from societies.admin import SocietyAdmin
from societies.framework.outbox import SECRET_KINDS, OutboxEmail, outbox_email_retry
from societies.models import Society

from .models import Deadline, ReminderLog
from .reminders import deadline_remind_now


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["year", "kind", "due_on", "reminders_from", "is_active"]
    list_filter = ["kind", "year", "is_active"]
    fields = ["kind", "year", "due_on", "reminders_from", "note", "is_active"]
    actions = ["remind_now"]

    @admin.action(description=_("Remind now the societies that have not filed"))
    def remind_now(self, request, queryset):
        today = timezone.localdate()
        total = sum(deadline_remind_now(deadline=deadline, today=today) for deadline in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d reminder queued; societies already reminded today or that have filed got none.",
                "%(count)d reminders queued; societies already reminded today or that have filed got none.",
                total,
            )
            % {"count": total},
            messages.SUCCESS,
        )


class AssociationOnly:
    """Rows of every society: only association staff see them, not city reviewers (who may view
    every model's admin, scoped by querysets these admins do not have)."""

    def has_view_permission(self, request, obj=None):
        user = request.user
        return (user.is_superuser or user.is_association_staff) and super().has_view_permission(request, obj)


@admin.register(ReminderLog)
class ReminderLogAdmin(AssociationOnly, admin.ModelAdmin):
    list_display = ["created_at", "deadline", "society", "stage", "reminded_on", "status", "recipients"]
    list_filter = ["deadline", "stage", "email__status"]
    search_fields = ["society__name"]
    list_select_related = ["deadline", "society", "email"]
    date_hierarchy = "created_at"

    @admin.display(description=_("status"), ordering="email__status")
    def status(self, log):
        return log.email.get_status_display() if log.email else _("No address")

    @admin.display(description=_("recipients"))
    def recipients(self, log):
        return ", ".join(log.email.to + log.email.cc) if log.email else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboxEmail)
class OutboxEmailAdmin(AssociationOnly, admin.ModelAdmin):
    list_display = ["created_at", "kind", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "to"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]
    actions = ["send_again"]

    def get_fields(self, request, obj=None):
        # A password link in the body would let whoever reads it take the account over.
        fields = super().get_fields(request, obj)
        if obj is not None and obj.kind in SECRET_KINDS:
            return [name for name in fields if name not in ("body", "html")]
        return fields

    @admin.action(description=_("Send the failed ones again"), permissions=["change"])
    def send_again(self, request, queryset):
        count = outbox_email_retry(email_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d failed email queued again; emails already sent are never sent twice.",
                "%(count)d failed emails queued again; emails already sent are never sent twice.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False


# The societies app cannot link to a page of the portal above it; the portal adds the link here.
admin.site.unregister(Society)


@admin.register(Society)
class SocietyWithScorecardAdmin(SocietyAdmin):
    list_display = [*SocietyAdmin.list_display, "scorecard_link"]

    @admin.display(description=_("scorecard"))
    def scorecard_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("scorecard", args=[obj.pk]), _("Scorecard"))

