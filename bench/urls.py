"""bench/run's reference pages, under /bench/ when ``BENCH_VIEWS=1`` (``kepu_portal/urls.py``).
Unnamed, so that nothing in the portal links to them."""

from django.urls import path

from . import views

urlpatterns = [
    path("plain/", views.plain),
    path("rows/", views.rows),
    path("layout/", views.layout),
    path("layout-rows/", views.layout_rows),
]
