"""Forms of the portal pages: secretaries' model forms (never with a field the association decides),
and the versioned form every filing uses, in the portal and the admin."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ImproperlyConfigured

from . import limits
from .uploads import SafeAttachmentField
from .workflow import FilingError, check_version


class PortalFormHelper(FormHelper):
    """Our forms render their own <form> tag and buttons in the template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_tag = False


def forbidden_form_fields(model) -> set[str]:
    """Fields no secretary form of ``model`` may carry: who owns the row (its society, or the
    parent it belongs to) and what the association decides (the model's ``ASSOCIATION_FIELDS``)."""
    owner_path = getattr(model._default_manager.get_queryset(), "society_path", "society") or "pk"
    return {"society", owner_path.split("__")[0], *getattr(model, "ASSOCIATION_FIELDS", ())}


class PortalModelForm(forms.ModelForm):
    """A model form of the portal pages; ``society`` is the secretary's, set by the view.

    Refuses to be built with a field the association decides (``forbidden_form_fields``): a
    secretary's POST must never be able to set a status, a designation or a reviewer.
    """

    def __init__(self, *args, society=None, **kwargs):
        super().__init__(*args, **kwargs)
        forbidden = forbidden_form_fields(self._meta.model) & set(self.fields)
        if forbidden:
            raise ImproperlyConfigured(
                f"{type(self).__name__} must not carry {sorted(forbidden)}: the association sets them."
            )
        self.society = society
        self.helper = PortalFormHelper()
        for field in self._stored_file_fields().values():
            field.show_stored_file(self.instance)
        # The model's plausible bounds (societies.framework.limits) as the inputs' own min/max.
        model_fields = {f.name: f for f in self._meta.model._meta.fields}
        for name, field in self.fields.items():
            if name in model_fields:
                field.widget.attrs.update(limits.input_attrs(model_fields[name]))

    def _stored_file_fields(self) -> dict[str, SafeAttachmentField]:
        return {
            name: field
            for name, field in self.fields.items()
            if isinstance(field, SafeAttachmentField) and field.name_field
        }

    def _post_clean(self):
        super()._post_clean()
        # A file's original name follows the file: the upload's name, or nothing once cleared.
        for name, field in self._stored_file_fields().items():
            value = self.cleaned_data.get(name)
            if value is False:
                setattr(self.instance, field.name_field, "")
            elif hasattr(value, "original_name"):
                setattr(self.instance, field.name_field, value.original_name)
        # The society is set by the view, not the form, so Django would skip unique constraints
        # that include it (one plan per society and year, brand names…). Check them here so the
        # secretary gets a message on the form instead of a database error.
        if self.society is None or not hasattr(self.instance, "society_id"):
            return
        self.instance.society = self.society
        exclude = {f.name for f in self.instance._meta.fields if f.name not in self.fields and f.name != "society"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except forms.ValidationError as exc:
            self.add_error(None, exc.messages)


class VersionedForm(forms.ModelForm):
    """A filing's form, in the portal or the admin: it carries the version it was loaded at.

    Saving an existing filing needs that version (``filing_save`` refuses a missing or stale
    one under the row lock); the form checks it first as well, so that a refusal shows on the
    redisplayed form with everything the user typed.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            current = type(self.instance).objects.filter(pk=self.instance.pk).first()
            if current is not None:
                try:
                    check_version(current, cleaned.get("expected_version"))
                except FilingError as exc:
                    raise forms.ValidationError(exc.message, code="version") from None
        return cleaned


class FilingForm(VersionedForm, PortalModelForm):
    """A secretary's filing form: versioned, and without the association's fields."""
