"""Access helpers: one place that decides who reaches which object.

Portal pages are for society secretaries. Objects of another society are a 404, never a 403, so
that their existence does not leak.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _


def secretary_required(view):
    """Portal pages that act for a society need a signed-in secretary of that society."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_secretary:
            raise PermissionDenied(_("This page is for society secretaries."))
        return view(request, *args, **kwargs)

    return wrapper


def get_owned_for_user(queryset, request, pk, *, write: bool = False):
    """Fetch one society-owned object for ``request.user``.

    404 when the object does not exist or belongs to a society the user may not see; 403 when
    the user may read it but ``write`` is asked and they may not change it.
    """
    obj = get_object_or_404(queryset.for_user(request.user), pk=pk)
    if write and not queryset.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied(_("You may read this record but not change it."))
    return obj
