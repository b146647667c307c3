"""Activities imported from Excel by a secretary: drafts of their own society (``societies.framework.imports``).

A new coded column (an activity type, say) is one ``Column`` line with a ``ChoiceWidget`` of its
choices: the template's drop-down, the parsing and the preview follow from it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from societies.choices import City
from societies.framework.imports import (
    BooleanWidget,
    ChoiceWidget,
    Column,
    DateWidget,
    ImportResource,
    IntegerWidget,
    LookupWidget,
    NamesWidget,
    TextWidget,
)
from societies.models import Society, Volunteer

from .models import Activity, Campaign, CampaignWindow, DeliveryMode, ExchangeKind, Setting, Theme


class ActivityImport(ImportResource):
    """Activities of the secretary's own society, saved as drafts; the content review may be left
    empty (it is checked when each activity is submitted)."""

    title = gettext_lazy("Import activities")
    sheet_title = gettext_lazy("Activities")

    class Meta(ImportResource.Meta):
        model = Activity

    def columns(self) -> list[Column]:
        society = self.society
        themes = {t.name: t for t in Theme.objects.filter(is_active=True)}
        campaigns = {c.name: c for c in Campaign.objects.filter(is_active=True)}
        others = Society.objects.filter(is_active=True).exclude(pk=getattr(society, "pk", None)).only("name")
        experts = {v.name: v for v in Volunteer.objects.filter(society=society, is_expert=True).order_by("name", "pk")}
        return [
            Column("title", required=True, example="走进校园：身边的物理", width=28),
            Column("description", required=True, example="为初中学生讲解生活中的力学现象。", width=36),
            Column(
                "start_date", DateWidget(), required=True, example="2026-05-30", note=_("A date such as 2026-05-30.")
            ),
            Column("end_date", DateWidget(), example="2026-05-30", note=_("Empty: the same day as the start.")),
            Column("place", example="南宁市第三中学"),
            Column("city", ChoiceWidget(City.choices), required=True, example=str(City.NANNING.label)),
            Column("setting", ChoiceWidget(Setting.choices), required=True, example=str(Setting.SCHOOL.label)),
            Column("delivery_mode", ChoiceWidget(DeliveryMode.choices), example=str(DeliveryMode.OFFLINE.label)),
            Column(
                "themes",
                NamesWidget(themes, _("the themes")),
                many=True,
                example="双碳",
                note=_("Several: separate with 、"),
            ),
            Column(
                "campaigns",
                NamesWidget(campaigns, _("the campaigns")),
                many=True,
                example="",
                note=_("Several: separate with 、"),
            ),
            Column(
                "co_organisers",
                NamesWidget({s.name: s for s in others}, _("the active societies")),
                many=True,
                note=_("Full names of other societies; several: separate with 、"),
                width=24,
            ),
            Column("exchange_kind", ChoiceWidget(ExchangeKind.choices)),
            Column("partner"),
            Column("partner_country"),
            Column("offline_sessions", IntegerWidget(), example=1),
            Column("offline_attendance", IntegerWidget(), example=200),
            Column("online_sessions", IntegerWidget(), example=0),
            Column("online_attendance", IntegerWidget(), example=0),
            Column("volunteer_count", IntegerWidget(), example=5),
            Column("expert_count", IntegerWidget(), example=1),
            Column("president_took_part", BooleanWidget(), example="否"),
            Column("secretary_general_took_part", BooleanWidget(), example="是"),
            Column("news_url", TextWidget(500), width=24),
            Column("kepu_china_url", TextWidget(500), width=24),
            Column(
                "content_reviewer",
                LookupWidget(experts, _("your society's outreach experts")),
                note=_("May be left empty: the content review is checked when the activity is submitted."),
            ),
            Column("political_review_passed", BooleanWidget()),
            Column("scientific_review_passed", BooleanWidget()),
            Column("content_reviewed_on", DateWidget()),
            Column("content_review_note", width=24),
        ]

    def complete(self, instance) -> None:
        if instance.start_date and not instance.end_date:
            instance.end_date = instance.start_date
        if instance.start_date:
            instance.year = instance.start_date.year  # an activity belongs to the year it starts in

    def row_problems(self, instance, many) -> dict[str, list[str]]:
        problems = []
        for campaign in many.get("campaigns", []):
            window = self._windows().get((campaign.pk, instance.start_date.year))
            if window and not window.overlaps(instance.start_date, instance.end_date):
                problems.append(
                    _("%(name)s runs from %(start)s to %(end)s in %(year)s; this activity's dates are outside it.")
                    % {
                        "name": window.display_name,
                        "start": window.starts_on.isoformat(),
                        "end": window.ends_on.isoformat(),
                        "year": window.year,
                    }
                )
        return {"campaigns": problems} if problems else {}

    def _windows(self) -> dict:
        if not hasattr(self, "_window_map"):
            windows = CampaignWindow.objects.select_related("campaign")  # a few per campaign and year
            self._window_map = {(w.campaign_id, w.year): w for w in windows}
        return self._window_map

    def duplicate_keys(self, instance) -> list:
        return [(instance.title.strip(), instance.start_date)]

    def existing_keys(self) -> set:
        rows = Activity.objects.filter(society=self.society).values_list("title", "start_date")
        return {(title.strip(), start) for title, start in rows}
