from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("plans/", views.PlanList.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreate.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetail.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanUpdate.as_view(), name="plan_update"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
]
