from django.urls import path

from . import public_views, views
from .filings import BASE_REPORT, RECOMMENDATION

app_name = "bases"
urlpatterns = [
    path("bases/", views.BaseList.as_view(), name="base_list"),
    path("bases/new/", views.BaseCreate.as_view(), name="base_create"),
    path("bases/<int:pk>/", views.BaseDetail.as_view(), name="base_detail"),
    path("bases/<int:pk>/edit/", views.BaseUpdate.as_view(), name="base_update"),
    *BASE_REPORT.urls(),
    path("base-reports/photos/<int:pk>/", views.basephoto_image, name="basephoto_image"),
    path("base-reports/photos/<int:pk>/delete/", views.basephoto_delete, name="basephoto_delete"),
    *RECOMMENDATION.urls(),
    path("recommendations/<int:pk>/material/", views.recommendation_material, name="recommendation_material"),
    # Public page, no login.
    path("public/bases/", public_views.base_list, name="public_bases"),
]
