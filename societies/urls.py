from django.urls import path

from . import public_views, views

app_name = "societies"
urlpatterns = [
    path("society/", views.society_detail, name="society_detail"),
    path("society/edit/", views.society_edit, name="society_edit"),
    path("volunteers/", views.VolunteerList.as_view(), name="volunteer_list"),
    path("volunteers/import/", views.volunteer_import, name="volunteer_import"),
    path("volunteers/import/template/", views.volunteer_import_template, name="volunteer_import_template"),
    path("volunteers/new/", views.VolunteerCreate.as_view(), name="volunteer_create"),
    path("volunteers/<int:pk>/edit/", views.VolunteerUpdate.as_view(), name="volunteer_update"),
    path("volunteers/<int:pk>/delete/", views.VolunteerDelete.as_view(), name="volunteer_delete"),
    path("brands/", views.BrandList.as_view(), name="brand_list"),
    path("brands/new/", views.BrandCreate.as_view(), name="brand_create"),
    path("brands/<int:pk>/edit/", views.BrandUpdate.as_view(), name="brand_update"),
    path("brands/<int:pk>/delete/", views.BrandDelete.as_view(), name="brand_delete"),
    path("societies/search/", views.society_search, name="society_search"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    # Public page, no login.
    path("public/honours/", public_views.honour_roll, name="public_honours"),
]
