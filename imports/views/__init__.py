"""The import admin screens (Wagtail admin, mounted by ``wagtail_hooks``)."""

from django.urls import path

from . import downloads, runs

app_name = "imports"

urlpatterns = [
    path("", runs.HistoryView.as_view(), name="index"),
    path("upload/", runs.UploadView.as_view(), name="upload"),
    path("template.xlsx", downloads.TemplateDownloadView.as_view(), name="template"),
    path("export/", downloads.ExportView.as_view(), name="export"),
    path("<int:pk>/mapping/", runs.MappingView.as_view(), name="mapping"),
    path("<int:pk>/preview/", runs.PreviewView.as_view(), name="preview"),
    path("<int:pk>/values/", runs.ValuesView.as_view(), name="values"),
    path("<int:pk>/confirm/", runs.ConfirmView.as_view(), name="confirm"),
    path("<int:pk>/progress/", runs.ProgressView.as_view(), name="progress"),
    path("<int:pk>/status.json", runs.StatusView.as_view(), name="status"),
    path("<int:pk>/", runs.ResultView.as_view(), name="result"),
    path("<int:pk>/report.xlsx", downloads.ReportView.as_view(), name="report"),
]
