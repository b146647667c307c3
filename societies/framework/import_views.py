"""The pages of an import from Excel: template download, upload with preview, confirm.

Used by the secretaries' pages (volunteers, activities) and the admin (societies). The uploaded
file is kept in storage between preview and confirm (``PendingImport``); the confirm step parses
that same file again and saves all its rows or none.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .cache import FIGURES, PUBLIC, cache_bump
from .imports import ConfirmForm, ImportRefused, PendingImport, UploadForm, check_size, check_xlsx, read_workbook
from .uploads import original_name


def import_view(request, *, kind: str, resource, template_url: str, done_url: str, base_template: str, extra=None):
    """GET: the upload form. POST with a file: the preview. POST ``confirm``: save all rows or none."""
    pending = PendingImport(kind)
    context = {
        "title": resource.title,
        "template_url": template_url,
        "done_url": done_url,
        "base_template": base_template,
        "headers": resource.headers,
        "max_rows": _max_rows(),
        **(extra or {}),
    }
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, resource, pending, done_url, context)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        started = time.monotonic()
        try:
            check_size(uploaded.size or 0)  # before reading it
            data = uploaded.read(settings.IMPORT_MAX_FILE_BYTES + 1)  # never more than the limit in memory
            check_xlsx(data, original_name(uploaded))
            dataset, numbers = read_workbook(data, resource)
        except ImportRefused as exc:
            form.add_error("file", str(exc))
        else:
            preview = resource.preview(dataset, numbers)
            if preview.is_valid:
                pending.store(request, data, uploaded)
            context.update(
                preview=preview,
                confirm_form=ConfirmForm(),
                must_skip=resource.duplicates_must_be_skipped,
                file_name=original_name(uploaded),
                seconds=time.monotonic() - started,
            )
            return render(request, "portal/import_preview.html", context)
    return render(request, "portal/import.html", {**context, "form": form})


def _confirm(request, resource, pending, done_url, context):
    loaded = pending.load(request)
    if loaded is None:
        messages.error(request, _("The uploaded file was not found any more; upload it again."))
        return redirect(request.path)
    data, name = loaded
    form = ConfirmForm(request.POST)
    form.is_valid()
    skip = form.cleaned_data.get("skip_duplicates", False)
    preview = None
    try:
        dataset, numbers = read_workbook(data, resource)
        preview = resource.preview(dataset, numbers)
        if preview.duplicates and resource.duplicates_must_be_skipped and not skip:
            raise ImportRefused(
                _("Rows marked as duplicates cannot be saved: tick “leave them out” to import the rest.")
            )
        with transaction.atomic():
            created = resource.commit(preview, skip_duplicates=skip)
            cache_bump(PUBLIC, FIGURES)  # the rosters and counts change once this commits
            pending.discard(request)
    except ImportRefused as exc:
        messages.error(request, str(exc))
        context.update(
            preview=preview, confirm_form=form, file_name=name, must_skip=resource.duplicates_must_be_skipped
        )
        return render(request, "portal/import_preview.html", context)
    skipped = len(preview.rows) - len(created)
    messages.success(
        request,
        _("%(count)d rows imported from “%(name)s”; %(skipped)d duplicates left out.")
        % {"count": len(created), "name": name, "skipped": skipped},
    )
    return redirect(done_url)


def _max_rows() -> int:
    return settings.IMPORT_MAX_ROWS
