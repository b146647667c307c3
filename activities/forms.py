from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.db.models import Q
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from societies.choices import City
from societies.framework.forms import FilingForm
from societies.framework.uploads import SafeAttachmentField, SafeImagesField, original_name
from societies.framework.views import FilingFilterForm
from societies.framework.widgets import PlainSelect, SearchSelectMultiple
from societies.models import Society, Volunteer

from .models import Activity, AnnualSummary, Campaign, CampaignWindow, OutreachPlan, Setting, Theme
from .services import MAX_PHOTOS_PER_ACTIVITY

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _row(*names) -> Div:
    """Fields side by side on wide screens, stacked on phones."""
    return Div(*(Div(name, css_class="col-md") for name in names), css_class="row")


class OutreachPlanForm(FilingForm):
    class Meta:
        model = OutreachPlan
        fields = [
            "year",
            "goals",
            "key_projects",
            "planned_activity_count",
            "planned_participants",
            "planned_budget",
            "leadership",
            "volunteer_plan",
            "brands_to_build",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("goals", "key_projects", "leadership", "volunteer_plan", "brands_to_build")
        }


class ActivityForm(FilingForm):
    """An activity's content, its content review, and new photos and attachments."""

    new_photos = SafeImagesField(
        label=_("Add photos"),
        required=False,
        help_text=_("JPEG, PNG or WebP; several at once. At most %(max)d photos per activity.")
        % {"max": MAX_PHOTOS_PER_ACTIVITY},
    )
    news_url = forms.URLField(label=_("news report link"), max_length=500, required=False, assume_scheme="https")
    kepu_china_url = forms.URLField(
        label=_("Kepu China (科普中国) link"), max_length=500, required=False, assume_scheme="https"
    )
    new_attachment = SafeAttachmentField(
        label=_("Add an attachment"), required=False, help_text=_("PDF, Word (.docx) or Excel (.xlsx).")
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "start_date",
            "end_date",
            "place",
            "city",
            "setting",
            "delivery_mode",
            "themes",
            "campaigns",
            "co_organisers",
            "exchange_kind",
            "partner",
            "partner_country",
            "offline_sessions",
            "offline_attendance",
            "online_sessions",
            "online_attendance",
            "volunteer_count",
            "expert_count",
            "president_took_part",
            "secretary_general_took_part",
            "news_url",
            "kepu_china_url",
            "content_reviewer",
            "political_review_passed",
            "scientific_review_passed",
            "content_reviewed_on",
            "content_review_note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "content_review_note": forms.Textarea(attrs={"rows": 2}),
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "content_reviewed_on": DATE_WIDGET,
            "themes": forms.CheckboxSelectMultiple,
            "campaigns": forms.CheckboxSelectMultiple,
            "co_organisers": SearchSelectMultiple(search_url=reverse_lazy("societies:society_search")),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        # Retired themes and campaigns stay on the records that already have them.
        for name, model in (("themes", Theme), ("campaigns", Campaign)):
            kept = Q(pk__in=getattr(self.instance, name).values("pk")) if self.instance.pk else Q(pk__in=[])
            fields[name].queryset = model.objects.filter(Q(is_active=True) | kept)
        fields["co_organisers"].queryset = Society.objects.filter(is_active=True).exclude(
            pk=getattr(self.society, "pk", None)
        )
        fields["co_organisers"].help_text = _("Type part of a society's name to find it; choose as many as took part.")
        fields["content_reviewer"].queryset = Volunteer.objects.filter(society=self.society, is_expert=True)
        fields["content_reviewer"].empty_label = _("— choose an expert —")
        if not fields["content_reviewer"].queryset.exists():
            fields["content_reviewer"].help_text = _(
                "Your roster has no outreach experts yet: add one under “Volunteers and experts” first."
            )
        for name in ("news_url", "kepu_china_url"):
            fields[name].widget.attrs["placeholder"] = "https://"
        self.helper.layout = self._layout()

    def _layout(self):
        experts_hint = HTML(
            format_html(
                '<div class="alert alert-warning small"><i class="bi bi-shield-check"></i> {} <a href="{}">{}</a>'
                "</div>",
                _(
                    "The activity can be submitted only after an outreach expert of your society "
                    "has checked its content and both the political and the scientific review have passed. "
                    "The reviewer must be marked as an expert on your roster."
                ),
                reverse("societies:volunteer_list"),
                _("Volunteers and experts"),
            )
        )
        return Layout(
            "expected_version",
            Fieldset(
                _("The activity"),
                "title",
                "description",
                _row("start_date", "end_date"),
                _row("place", "city"),
                _row("setting", "delivery_mode"),
                _row("themes", "campaigns"),
            ),
            Fieldset(
                _("Figures"),
                _row("offline_sessions", "offline_attendance"),
                _row("online_sessions", "online_attendance"),
                _row("volunteer_count", "expert_count"),
                _row("president_took_part", "secretary_general_took_part"),
            ),
            Fieldset(
                _("Cooperation and exchange"),
                "co_organisers",
                _row("exchange_kind", "partner", "partner_country"),
            ),
            Fieldset(_("Links"), _row("news_url", "kepu_china_url")),
            Fieldset(
                _("Content review (political and scientific)"),
                experts_hint,
                _row("content_reviewer", "content_reviewed_on"),
                _row("political_review_passed", "scientific_review_passed"),
                "content_review_note",
                css_id="content-review",
            ),
            Fieldset(_("Photos and attachments"), "new_photos", "new_attachment"),
        )

    def clean_new_photos(self):
        images = self.cleaned_data.get("new_photos") or []
        uploaded = self.files.getlist(self.add_prefix("new_photos")) if self.files else []
        for image, raw in zip(images, uploaded, strict=False):
            image.original_name = original_name(raw)
        existing = self.instance.photos.count() if self.instance.pk else 0
        if existing + len(images) > MAX_PHOTOS_PER_ACTIVITY:
            raise forms.ValidationError(
                _("An activity can have at most %(max)d photos; it has %(count)d already."),
                params={"max": MAX_PHOTOS_PER_ACTIVITY, "count": existing},
            )
        return images

    def clean(self):
        cleaned = super().clean()
        start, end, campaigns = cleaned.get("start_date"), cleaned.get("end_date"), cleaned.get("campaigns")
        if start and end and campaigns:
            for window in CampaignWindow.outside(campaigns=campaigns, start=start, end=end):
                self.add_error(
                    "campaigns",
                    _("%(name)s runs from %(start)s to %(end)s in %(year)s; this activity's dates are outside it.")
                    % {
                        "name": window.display_name,
                        "start": window.starts_on.isoformat(),
                        "end": window.ends_on.isoformat(),
                        "year": window.year,
                    },
                )
        return cleaned


def _theme_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Theme"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PlainSelect(attrs={"class": "form-select"}),
    )


class ThemeChoices:
    """Fills a ``theme`` field with the themes in one plain query (a ModelChoiceField iterates
    through a server-side cursor: three round trips on PostgreSQL, for a dozen themes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes")), *Theme.objects.values_list("pk", "name")]


class ActivityFilterForm(ThemeChoices, FilingFilterForm):
    theme = _theme_field()
    setting = forms.ChoiceField(
        label=_("Setting"),
        required=False,
        choices=[("", _("All settings")), *Setting.choices],
        widget=PlainSelect(attrs={"class": "form-select"}),
    )

    def filter(self, queryset):
        queryset = super().filter(queryset)
        if not self.is_valid():
            return queryset
        if self.cleaned_data.get("theme"):
            queryset = queryset.filter(themes__pk=self.cleaned_data["theme"])
        if self.cleaned_data.get("setting"):
            queryset = queryset.filter(setting=self.cleaned_data["setting"])
        return queryset


class AnnualSummaryForm(FilingForm):
    class Meta:
        model = AnnualSummary
        fields = ["year", "narrative", "highlights", "problems", "next_year_ideas"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ("narrative", "highlights", "problems", "next_year_ideas")
        }


class PublicCalendarForm(ThemeChoices, forms.Form):
    """The public calendar's choices: which month, which city, which theme."""

    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month", "class": "form-control"}, format="%Y-%m"),
    )
    city = forms.ChoiceField(
        label=_("City"),
        required=False,
        choices=[("", _("All cities")), *City.choices],
        widget=PlainSelect(attrs={"class": "form-select"}),
    )
    theme = _theme_field()

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month is not None and not 2000 <= month.year <= 2100:  # the years filings may have
            raise forms.ValidationError(_("Choose a month between 2000 and 2100."))
        return month
