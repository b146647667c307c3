"""Secretary forms for bases. Designation, society, status and decision fields never come from a form
(``ASSOCIATION_FIELDS`` of the models; ``PortalModelForm`` refuses them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from societies.framework.forms import FilingForm, PortalModelForm
from societies.framework.uploads import SafeAttachmentField, SafeImagesField

from .models import BaseAnnualReport, BaseCategory, EducationBase, Recommendation


def _own_bases(society):
    if society is None:
        return EducationBase.objects.none()
    return EducationBase.objects.filter(society=society).order_by("name")


class EducationBaseForm(PortalModelForm):
    website = forms.URLField(label=_("online hall website"), required=False, assume_scheme="https")

    class Meta:
        model = EducationBase
        fields = [
            "name",
            "host_unit",
            "category",
            "city",
            "address",
            "latitude",
            "longitude",
            "opening_days",
            "website",
            "introduction",
        ]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "latitude": _("Optional, for the map: decimal degrees, e.g. 22.817002."),
            "longitude": _("Optional, for the map: decimal degrees, e.g. 108.366543."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = BaseCategory.objects.filter(is_active=True)
        if self.instance.category_id:  # keep a category that staff retired since
            active = active | BaseCategory.objects.filter(pk=self.instance.category_id)
        self.fields["category"].queryset = active.order_by("order", "name")


class BaseAnnualReportForm(FilingForm):
    photos = SafeImagesField(
        label=_("add photos"), required=False, help_text=_("JPEG, PNG or WebP; you can choose several at once.")
    )

    class Meta:
        model = BaseAnnualReport
        fields = [
            "base",
            "year",
            "visitors",
            "activities_held",
            "online_visits",
            "staff_count",
            "volunteer_count",
            "highlights",
        ]
        widgets = {"highlights": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = _own_bases(self.society)


class RecommendationForm(FilingForm):
    material = SafeAttachmentField(
        label=_("supporting material"),
        required=False,
        download_view="bases:recommendation_material",
        name_field="material_name",
        help_text=_("PDF, Word or Excel: the application form, photos and figures of the base. Needed to submit."),
    )

    class Meta:
        model = Recommendation
        fields = ["base", "year", "target_level", "reasons", "material"]
        widgets = {"reasons": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = _own_bases(self.society)
