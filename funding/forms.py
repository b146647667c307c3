"""Secretary forms for special funds. Society, status, reviewer and the fund of a line come from the view."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from societies.framework.forms import FilingForm, PortalModelForm
from societies.framework.uploads import SafeAttachmentField, clean_attachment, clean_image, original_name

from .models import Expenditure, FundingSource, FundReport, SpecialFund

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def _own(model, field: str, society):
    """The rows of the model behind ``model.field`` that belong to ``society`` (no import of that app)."""
    related = model._meta.get_field(field).related_model
    return related.objects.filter(society=society) if society is not None else related.objects.none()


def money_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        **kwargs,
    )


class SpecialFundForm(FilingForm):
    budget = money_field(_("budget (yuan)"), min_value=Decimal("0.00"))

    class Meta:
        model = SpecialFund
        fields = ["year", "project_name", "category", "budget", "plan", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the society's own plans can be chosen; another society's plan id is "not a valid choice".
        self.fields["plan"].queryset = _own(SpecialFund, "plan", self.society).order_by("-year")

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        if plan is not None and self.society is not None and plan.society_id != self.society.pk:
            self.add_error("plan", _("The plan must be one of your own society's."))
        return cleaned


class FundingSourceForm(PortalModelForm):
    amount = money_field(_("amount (yuan)"), min_value=Decimal("0.01"))

    class Meta:
        model = FundingSource
        fields = ["kind", "amount", "donor", "received_on", "note"]
        widgets = {"received_on": DATE}


class ReceiptField(SafeAttachmentField):
    """A receipt: a PDF/Word/Excel file, or a photo of the receipt (re-encoded like every image)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = forms.FileField.clean(self, data, initial)
        if not value or value is initial or not hasattr(value, "read"):
            return value
        value.seek(0)
        head = value.read(16)
        value.seek(0)
        is_image = head.startswith(IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        cleaned = clean_image(value) if is_image else clean_attachment(value)
        cleaned.original_name = original_name(value)
        return cleaned


class ExpenditureForm(PortalModelForm):
    amount = money_field(_("amount (yuan)"), min_value=Decimal("0.01"))
    receipt = ReceiptField(
        label=_("receipt"),
        required=False,
        download_view="funding:expenditure_receipt",
        name_field="receipt_name",
        help_text=_("PDF, Word, Excel, or a photo (JPEG, PNG, WebP) of the receipt."),
    )

    # Shown only when needed: an expenditure dated before its fund's year is usually a typo.
    confirm_early_date = forms.BooleanField(
        label=_("Yes, this money was spent before the fund's year"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Expenditure
        fields = ["spent_on", "amount", "purpose", "activity", "receipt", "confirm_early_date"]
        widgets = {"spent_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        activities = _own(Expenditure, "activity", self.society)
        self.fields["activity"].queryset = activities.order_by("-start_date", "-pk")

    def clean(self):
        cleaned = super().clean()
        activity = cleaned.get("activity")
        if activity is not None and self.society is not None and activity.society_id != self.society.pk:
            self.add_error("activity", _("The activity must be one of your own society's."))
        self._check_early_date(cleaned)
        return cleaned

    def _check_early_date(self, cleaned) -> None:
        """Ask once for confirmation of a date before the fund's year (the fund is set by the view)."""
        spent_on, fund = cleaned.get("spent_on"), getattr(self.instance, "fund", None)
        if spent_on is None or fund is None or spent_on.year >= fund.year or cleaned.get("confirm_early_date"):
            return
        if spent_on.year < fund.year - 1:
            return  # outside the window a line may have at all: the model refuses it, naming the limit
        self.fields["confirm_early_date"].widget = forms.CheckboxInput()
        self.add_error(
            "spent_on",
            _(
                "%(date)s is before %(year)s, the year of this fund. If that is right, tick the box below "
                "to confirm and save again."
            )
            % {"date": spent_on.isoformat(), "year": fund.year},
        )


class FundReportForm(FilingForm):
    attachment = SafeAttachmentField(
        label=_("final accounts (attachment)"),
        required=False,
        download_view="funding:fundreport_attachment",
        name_field="attachment_name",
        help_text=_("The signed final accounts as PDF, Word or Excel."),
    )

    class Meta:
        model = FundReport
        fields = ["year", "summary", "outcomes", "problems", "attachment"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("summary", "outcomes", "problems")}
