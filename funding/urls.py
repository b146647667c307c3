from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    path("funds/", views.FundList.as_view(), name="fund_list"),
    path("funds/new/", views.FundCreate.as_view(), name="fund_create"),
    path("funds/<int:pk>/", views.FundDetail.as_view(), name="fund_detail"),
    path("funds/<int:pk>/edit/", views.FundUpdate.as_view(), name="fund_update"),
    path("funds/<int:pk>/submit/", views.fund_submit, name="fund_submit"),
    path("funds/<int:pk>/sources/new/", views.fund_source_add, name="fund_source_add"),
    path("funds/<int:pk>/expenditures/new/", views.fund_expenditure_add, name="fund_expenditure_add"),
    path("funds/sources/<int:pk>/edit/", views.source_update, name="source_update"),
    path("funds/sources/<int:pk>/delete/", views.source_delete, name="source_delete"),
    path("funds/expenditures/<int:pk>/edit/", views.expenditure_update, name="expenditure_update"),
    path("funds/expenditures/<int:pk>/delete/", views.expenditure_delete, name="expenditure_delete"),
    path("funds/expenditures/<int:pk>/receipt/", views.expenditure_receipt, name="expenditure_receipt"),
    path("fund-reports/", views.FundReportList.as_view(), name="fundreport_list"),
    path("fund-reports/new/", views.FundReportCreate.as_view(), name="fundreport_create"),
    path("fund-reports/<int:pk>/", views.FundReportDetail.as_view(), name="fundreport_detail"),
    path("fund-reports/<int:pk>/edit/", views.FundReportUpdate.as_view(), name="fundreport_update"),
    path("fund-reports/<int:pk>/submit/", views.fundreport_submit, name="fundreport_submit"),
    path("fund-reports/<int:pk>/print/", views.fundreport_print, name="fundreport_print"),
    path("fund-reports/<int:pk>/pdf/", views.fundreport_pdf, name="fundreport_pdf"),
    path("fund-reports/<int:pk>/attachment/", views.fundreport_attachment, name="fundreport_attachment"),
]
