from django.urls import path

from . import public_views, views

app_name = "bases"
urlpatterns = [
    path("bases/", views.BaseList.as_view(), name="base_list"),
    path("bases/new/", views.BaseCreate.as_view(), name="base_create"),
    path("bases/<int:pk>/", views.BaseDetail.as_view(), name="base_detail"),
    path("bases/<int:pk>/edit/", views.BaseUpdate.as_view(), name="base_update"),
    path("base-reports/", views.ReportList.as_view(), name="basereport_list"),
    path("base-reports/new/", views.ReportCreate.as_view(), name="basereport_create"),
    path("base-reports/<int:pk>/", views.ReportDetail.as_view(), name="basereport_detail"),
    path("base-reports/<int:pk>/edit/", views.ReportUpdate.as_view(), name="basereport_update"),
    path("base-reports/<int:pk>/submit/", views.basereport_submit, name="basereport_submit"),
    path("base-reports/<int:pk>/print/", views.basereport_print, name="basereport_print"),
    path("base-reports/<int:pk>/pdf/", views.basereport_pdf, name="basereport_pdf"),
    path("base-reports/photos/<int:pk>/", views.basephoto_image, name="basephoto_image"),
    path("base-reports/photos/<int:pk>/delete/", views.basephoto_delete, name="basephoto_delete"),
    path("recommendations/", views.RecommendationList.as_view(), name="recommendation_list"),
    path("recommendations/new/", views.RecommendationCreate.as_view(), name="recommendation_create"),
    path("recommendations/<int:pk>/", views.RecommendationDetail.as_view(), name="recommendation_detail"),
    path("recommendations/<int:pk>/edit/", views.RecommendationUpdate.as_view(), name="recommendation_update"),
    path("recommendations/<int:pk>/submit/", views.recommendation_submit, name="recommendation_submit"),
    path("recommendations/<int:pk>/print/", views.recommendation_print, name="recommendation_print"),
    path("recommendations/<int:pk>/pdf/", views.recommendation_pdf, name="recommendation_pdf"),
    path("recommendations/<int:pk>/material/", views.recommendation_material, name="recommendation_material"),
    # Public page, no login.
    path("public/bases/", public_views.base_list, name="public_bases"),
]
