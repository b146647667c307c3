from django import forms
from django.utils.translation import gettext_lazy as _

from .framework.forms import PortalModelForm
from .models import Brand, Society, Volunteer


class SocietyProfileForm(PortalModelForm):
    """What a secretary may keep up to date; name, level and city are the association's."""

    class Meta:
        model = Society
        fields = [
            "short_name",
            "discipline",
            "supervising_unit",
            "president",
            "secretary_general",
            "contact_email",
            "contact_phone",
            "member_count",
        ]


class VolunteerForm(PortalModelForm):
    class Meta:
        model = Volunteer
        fields = ["name", "is_expert", "profession", "expertise", "phone", "email", "joined_on"]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class BrandForm(PortalModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Brand
        fields = ["name", "description", "started_year", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
