from django.urls import path

from . import public_views, views
from .filings import ACTIVITY, PLAN, SUMMARY

app_name = "activities"
urlpatterns = [
    *PLAN.urls(),
    *ACTIVITY.urls(),
    path("activities/import/", views.activity_import, name="activity_import"),
    path("activities/import/template/", views.activity_import_template, name="activity_import_template"),
    path("activities/photos/<int:pk>/", views.photo_image, name="photo_image"),
    path("activities/photos/<int:pk>/thumbnail/", views.photo_thumbnail, name="photo_thumbnail"),
    path("activities/photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("activities/attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("activities/attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    *SUMMARY.urls(),
    # Public pages, no login: approved activities only.
    path("public/activities/", public_views.calendar, name="public_calendar"),
    path("public/activities/<int:pk>/", public_views.activity_detail, name="public_activity_detail"),
    path("public/photos/<int:pk>/", public_views.photo_image, name="public_photo_image"),
    path("public/photos/<int:pk>/thumbnail/", public_views.photo_thumbnail, name="public_photo_thumbnail"),
]
