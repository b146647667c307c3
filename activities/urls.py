from django.urls import path

from . import public_views, views

app_name = "activities"
urlpatterns = [
    path("plans/", views.PlanList.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreate.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetail.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdate.as_view(), name="plan_update"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/print/", views.plan_print, name="plan_print"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("activities/", views.ActivityList.as_view(), name="activity_list"),
    path("activities/import/", views.activity_import, name="activity_import"),
    path("activities/import/template/", views.activity_import_template, name="activity_import_template"),
    path("activities/new/", views.ActivityCreate.as_view(), name="activity_create"),
    path("activities/<int:pk>/", views.ActivityDetail.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", views.ActivityUpdate.as_view(), name="activity_update"),
    path("activities/<int:pk>/submit/", views.activity_submit, name="activity_submit"),
    path("activities/photos/<int:pk>/", views.photo_image, name="photo_image"),
    path("activities/photos/<int:pk>/thumbnail/", views.photo_thumbnail, name="photo_thumbnail"),
    path("activities/photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("activities/attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("activities/attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("summaries/", views.SummaryList.as_view(), name="summary_list"),
    path("summaries/new/", views.SummaryCreate.as_view(), name="summary_create"),
    path("summaries/<int:pk>/", views.SummaryDetail.as_view(), name="summary_detail"),
    path("summaries/<int:pk>/edit/", views.SummaryUpdate.as_view(), name="summary_update"),
    path("summaries/<int:pk>/submit/", views.summary_submit, name="summary_submit"),
    path("summaries/<int:pk>/print/", views.summary_print, name="summary_print"),
    path("summaries/<int:pk>/pdf/", views.summary_pdf, name="summary_pdf"),
    # Public pages, no login: approved activities only.
    path("public/activities/", public_views.calendar, name="public_calendar"),
    path("public/activities/<int:pk>/", public_views.activity_detail, name="public_activity_detail"),
    path("public/photos/<int:pk>/", public_views.photo_image, name="public_photo_image"),
    path("public/photos/<int:pk>/thumbnail/", public_views.photo_thumbnail, name="public_photo_thumbnail"),
]
