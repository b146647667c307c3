from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .framework.access import is_association
from .framework.admin import URL_FIELDS_HTTPS
from .framework.emails import queue_password_email
from .framework.import_views import import_view
from .framework.notifications import notify_commendation
from .framework.scoped_admin import ContactFieldsMixin, LabelledTabularInline, ScopedAdmin
from .importers import SocietyImport
from .models import Brand, Commendation, Society, User, Volunteer

VOLUNTEER_CONTACT_FIELDS = ("phone", "email")


class VolunteerInline(ContactFieldsMixin, LabelledTabularInline):
    model = Volunteer
    extra = 0
    fields = ["name", "is_expert", "profession", "expertise", "phone", "email", "joined_on"]
    contact_fields = VOLUNTEER_CONTACT_FIELDS
    show_change_link = True


class BrandInline(LabelledTabularInline):
    model = Brand
    formfield_overrides = URL_FIELDS_HTTPS
    extra = 0
    fields = ["name", "started_year", "website"]


@admin.register(Society)
class SocietyAdmin(ScopedAdmin):
    change_list_template = "admin/societies/society/change_list.html"
    list_display = ["name", "short_name", "level", "city", "discipline", "member_count", "is_active"]
    list_filter = ["level", "city", "discipline", "is_active"]
    search_fields = ["name", "short_name", "president", "secretary_general", "supervising_unit"]
    inlines = [VolunteerInline, BrandInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "discipline", "level", "city", "is_active"]}),
        (
            _("People and contact"),
            {
                "fields": [
                    "supervising_unit",
                    "president",
                    "secretary_general",
                    "contact_email",
                    "contact_phone",
                    "member_count",
                ]
            },
        ),
    ]


    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="societies_society_import"),
            path("import/template/", wrap(self.import_template_view), name="societies_society_import_template"),
            *super().get_urls(),
        ]

    def _importer(self, request) -> SocietyImport:
        # Association staff (not city reviewers, who only review): who may add societies here.
        if not (self.has_add_permission(request) and is_association(request.user)):
            raise PermissionDenied
        return SocietyImport(user=request.user)

    def import_view(self, request):
        """Staff: new societies and their secretaries from an xlsx (preview, then all or none)."""
        resource = self._importer(request)
        return import_view(
            request,
            kind="societies",
            resource=resource,
            template_url=reverse("admin:societies_society_import_template"),
            done_url=reverse("admin:societies_society_changelist"),
            base_template="admin/import_base.html",
            extra={**self.admin_site.each_context(request), "opts": self.model._meta},
        )

    def import_template_view(self, request):
        return self._importer(request).template_response("societies-template.xlsx")


class UserInviteForm(forms.ModelForm):
    """A new account made by staff: no password typed by staff; the user gets an email to choose one."""

    class Meta:
        model = User
        fields = ["username", "email", "last_name", "first_name", "role", "society", "city"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("The set-password link is sent to this address.")

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "email", "role", "society", "city", "is_staff", "is_active"]
    list_filter = ["role", "city", "is_staff", "is_active", "groups"]
    search_fields = ["username", "first_name", "last_name", "email", "society__name"]
    list_select_related = ["society"]
    autocomplete_fields = ["society"]
    fieldsets = [
        *BaseUserAdmin.fieldsets[:1],
        (_("Role in the portal"), {"fields": ["role", "society", "city"]}),
        *BaseUserAdmin.fieldsets[1:],
    ]
    add_form = UserInviteForm
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "email", "last_name", "first_name"]}),
        (_("Role in the portal"), {"fields": ["role", "society", "city"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # In the add view's transaction: the email leaves only if the account is saved.
            queue_password_email("account_created", user=obj)
            self.message_user(
                request, _("An email with a link to choose a password was sent to %(email)s.") % {"email": obj.email}
            )


@admin.register(Volunteer)
class VolunteerAdmin(ScopedAdmin):
    list_display = ["name", "society", "is_expert", "profession", "expertise", "joined_on"]
    contact_fields = VOLUNTEER_CONTACT_FIELDS
    list_filter = ["is_expert", "society__city", "society__level"]
    search_fields = ["name", "profession", "expertise", "society__name"]
    list_select_related = ["society"]
    autocomplete_fields = ["society"]


@admin.register(Brand)
class BrandAdmin(ScopedAdmin):
    formfield_overrides = URL_FIELDS_HTTPS
    list_display = ["name", "society", "started_year"]
    list_filter = ["society__city", "society__level"]
    search_fields = ["name", "society__name"]
    list_select_related = ["society"]
    autocomplete_fields = ["society"]


@admin.register(Commendation)
class CommendationAdmin(ScopedAdmin):
    list_display = ["year", "kind", "society", "honoree", "awarded_on", "awarded_by"]
    list_filter = ["year", "kind", "society__city", "society__level"]
    search_fields = ["society__name", "honoree", "citation"]
    list_select_related = ["society", "awarded_by"]
    autocomplete_fields = ["society"]
    readonly_fields = ["awarded_by"]
    date_hierarchy = "awarded_on"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.awarded_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            notify_commendation(commendation=obj)  # in the add view's transaction
