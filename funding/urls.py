from django.urls import path

from . import views
from .filings import FUND, FUND_REPORT

app_name = "funding"
urlpatterns = [
    *FUND.urls(),
    path("funds/<int:pk>/sources/new/", views.fund_source_add, name="fund_source_add"),
    path("funds/<int:pk>/expenditures/new/", views.fund_expenditure_add, name="fund_expenditure_add"),
    path("funds/sources/<int:pk>/edit/", views.source_update, name="source_update"),
    path("funds/sources/<int:pk>/delete/", views.source_delete, name="source_delete"),
    path("funds/expenditures/<int:pk>/edit/", views.expenditure_update, name="expenditure_update"),
    path("funds/expenditures/<int:pk>/delete/", views.expenditure_delete, name="expenditure_delete"),
    path("funds/expenditures/<int:pk>/receipt/", views.expenditure_receipt, name="expenditure_receipt"),
    *FUND_REPORT.urls(),
    path("fund-reports/<int:pk>/attachment/", views.fundreport_attachment, name="fundreport_attachment"),
]
