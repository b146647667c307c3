"""A URLconf for ``test_links``: the activities mounted elsewhere, and a view whose argument is
not a plain path segment."""

from django.urls import include, path, re_path
from django.views.generic import View

urlpatterns = [
    path("moved/activities/", include("activities.urls")),
    re_path(r"^odd/(?P<pk>\d+)x(?P=pk)/$", View.as_view(), name="odd"),
]
