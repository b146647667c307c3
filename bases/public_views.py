"""Public page, no login: the designated science education bases in force."""

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from societies.choices import City
from societies.framework.cache import render_public
from societies.framework.widgets import PlainSelect

from .models import DesignationLevel, EducationBase

PAGE_SIZE = 50
DESIGNATED = (DesignationLevel.NATIONAL, DesignationLevel.GUANGXI)


class PublicBaseFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Designation level"),
        required=False,
        choices=[("", _("All levels")), *((level.value, level.label) for level in DESIGNATED)],
        widget=PlainSelect(attrs={"class": "form-select"}),
    )
    city = forms.ChoiceField(
        label=_("City"),
        required=False,
        choices=[("", _("All cities")), *City.choices],
        widget=PlainSelect(attrs={"class": "form-select"}),
    )


@login_not_required
@require_safe
def base_list(request):
    return render_public(
        request, "bases/public_base_list.html", "bases/public_base_list_content.html", lambda: _bases(request)
    )


def _bases(request) -> dict:
    form = PublicBaseFilterForm(request.GET or None)
    bases = EducationBase.objects.designated_in_force()
    if form.is_valid():
        if form.cleaned_data["level"]:
            bases = bases.filter(level=form.cleaned_data["level"])
        if form.cleaned_data["city"]:
            bases = bases.filter(city=form.cleaned_data["city"])
    # National bases first, then by name (the model's ordering).
    bases = bases.select_related("category", "society").order_by("-level", "name", "pk")
    page = Paginator(bases, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"form": form, "page_obj": page, "bases": page.object_list}
